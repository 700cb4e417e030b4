//! A small static file server (std only) for the built app: `cargo xtask serve` serves dist/ with
//! it, and the browser tests serve dist/ with it on `127.0.0.1:0`.
//!
//! It serves GET and HEAD for files under one folder, maps `/` to `index.html`, sends the content
//! types browsers insist on (`application/wasm` for streaming compilation, JavaScript for workers),
//! refuses paths that climb out of the folder, and sends `Cache-Control: no-store` so a rebuilt app
//! is never mixed with a cached one. It is a development server: one thread per connection.
//!
//! Also [`stop_browser`], which the browser tests call when a session ends, however it ends.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::thread;

/// A running server. It stops when the process ends.
pub struct StaticServer {
    pub addr: SocketAddr,
}

impl StaticServer {
    /// `http://127.0.0.1:PORT/`
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }
}

/// Serve `root` on `addr` (e.g. `127.0.0.1:0` for any free port) from a background thread.
pub fn start(root: impl Into<PathBuf>, addr: &str) -> std::io::Result<StaticServer> {
    let listener = TcpListener::bind(addr)?;
    let addr = listener.local_addr()?;
    let root = root.into();
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            thread::spawn(move || {
                let _ = handle(stream, &root);
            });
        }
    });
    Ok(StaticServer { addr })
}

pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

/// The file for a request path, or None when it would leave `root`.
pub fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let path = url_path.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path)?;
    let mut out = root.to_path_buf();
    for c in Path::new(decoded.trim_start_matches('/')).components() {
        match c {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if out.is_dir() {
        out.push("index.html");
    }
    Some(out)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn handle(stream: TcpStream, root: &Path) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Skip the headers: nothing in them changes what we send.
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let mut stream = stream;
    if method != "GET" && method != "HEAD" {
        return respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain",
            b"method not allowed",
            true,
        );
    }
    let body_too = method == "GET";
    match resolve(root, target).and_then(|p| std::fs::read(&p).ok().map(|d| (p, d))) {
        Some((path, data)) => respond(&mut stream, "200 OK", content_type(&path), &data, body_too),
        None => respond(
            &mut stream,
            "404 Not Found",
            "text/plain",
            b"not found",
            body_too,
        ),
    }
}

fn respond(
    stream: &mut TcpStream,
    status: &str,
    content_type: &str,
    body: &[u8],
    body_too: bool,
) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if body_too {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// Stop every Chromium process started with the profile folder `profile`, and remove the folder.
/// Killing chromedriver does not stop the browser it started (the browser is re-parented and
/// keeps running), so a test whose session is not closed, by design or because it failed, would
/// leave a browser behind; each test's profile folder is unique, so this stops only its own.
pub fn stop_browser(profile: &Path) {
    let flag = format!("--user-data-dir={}", profile.display());
    let _ = std::process::Command::new("pkill")
        .args(["-KILL", "-f", "--", &flag])
        .status();
    let _ = std::fs::remove_dir_all(profile);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_inside_root_only() {
        let root = Path::new("/srv/dist");
        assert_eq!(resolve(root, "/app.js?v=1"), Some(root.join("app.js")));
        assert_eq!(resolve(root, "/a%20b.txt"), Some(root.join("a b.txt")));
        assert_eq!(resolve(root, "/../etc/passwd"), None);
        assert_eq!(resolve(root, "/x/%2e%2e/%2e%2e/y"), None);
        assert_eq!(resolve(root, "/%zz"), None);
    }

    #[test]
    fn wasm_and_scripts_get_the_types_browsers_need() {
        assert_eq!(content_type(Path::new("a_bg.wasm")), "application/wasm");
        assert!(content_type(Path::new("worker.js")).starts_with("text/javascript"));
        assert!(content_type(Path::new("index.html")).starts_with("text/html"));
    }
}
