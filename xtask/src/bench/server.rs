//! A std-only static HTTP server for the browser bench: serves the built `dist/` (injecting the bench
//! harness into `index.html`), the harness and compromise under `/__bench/`, and generated corpora.
//! It logs every request with its wall-clock time, which is how the bench knows what the page
//! downloaded before its first entity card (requests made by the worker included).

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

/// The script tag the server puts first into `<head>`, so the harness observes from the start.
pub const INJECT: &str = "<script src=\"/__bench/harness.js\"></script>";

/// What the server serves besides `dist/`.
pub struct Site {
    pub dist: Option<PathBuf>,
    pub page_dir: PathBuf,
    pub compromise: Option<PathBuf>,
    /// Documents to build corpora from (name stem, text), cycled as needed.
    pub docs: Vec<(String, String)>,
}

#[derive(Clone, Debug)]
pub struct Hit {
    pub epoch_ms: f64,
    pub path: String,
    pub status: u16,
}

pub struct Server {
    pub base: String,
    pub log: Arc<Mutex<Vec<Hit>>>,
}

pub fn epoch_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1000.0)
        .unwrap_or(0.0)
}

pub fn start(site: Site) -> Result<Server, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("bind: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let log = Arc::new(Mutex::new(Vec::new()));
    let site = Arc::new(site);
    let log2 = log.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (site, log) = (site.clone(), log2.clone());
            std::thread::spawn(move || {
                let _ = handle(stream, &site, &log);
            });
        }
    });
    Ok(Server {
        base: format!("http://{addr}"),
        log,
    })
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "application/javascript",
        "wasm" => "application/wasm",
        "css" => "text/css",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// Put the harness first in `<head>` (or first in the page when there is no head).
pub fn inject(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    match lower.find("<head") {
        Some(i) => match html[i..].find('>') {
            Some(j) => format!("{}{INJECT}{}", &html[..i + j + 1], &html[i + j + 1..]),
            None => format!("{INJECT}{html}"),
        },
        None => format!("{INJECT}{html}"),
    }
}

fn query_num(query: &str, key: &str) -> Option<usize> {
    query
        .split('&')
        .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('=')?.parse().ok())
}

/// `n` documents `[{name, text}]` cycling through `docs`, or as many as fill `bytes` of text.
/// With `min_size`, each document is topped up with the next documents' paragraphs until it has
/// at least that many bytes (news articles run longer than GUM's excerpts).
pub fn corpus_json(
    docs: &[(String, String)],
    n: Option<usize>,
    bytes: Option<usize>,
    min_size: Option<usize>,
) -> String {
    let mut out = Vec::new();
    let mut total = 0;
    let mut i = 0;
    while !docs.is_empty() {
        if n.is_some_and(|n| i >= n)
            || bytes.is_some_and(|b| total >= b)
            || (n.is_none() && bytes.is_none())
        {
            break;
        }
        let (stem, text) = &docs[i % docs.len()];
        let mut text = text.clone();
        if let Some(min) = min_size {
            let mut k = 1;
            'fill: while text.len() < min && k < docs.len() {
                for para in docs[(i + k) % docs.len()].1.split("\n\n") {
                    text.push_str("\n\n");
                    text.push_str(para);
                    if text.len() >= min {
                        break 'fill;
                    }
                }
                k += 1;
            }
        }
        total += text.len();
        out.push(serde_json::json!({"name": format!("{i:05}-{stem}.txt"), "text": text}));
        i += 1;
    }
    serde_json::Value::Array(out).to_string()
}

fn route(target: &str, site: &Site) -> (u16, &'static str, Vec<u8>) {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let file = |p: &Path| std::fs::read(p).ok();
    let ok = |ct, body| (200, ct, body);
    let not_found = (404, "text/plain", b"not found".to_vec());
    match path {
        "/__bench/harness.js" => file(&site.page_dir.join("harness.js"))
            .map_or(not_found, |b| ok("application/javascript", b)),
        "/__bench/peer.html" => file(&site.page_dir.join("index.html"))
            .map_or(not_found, |b| ok("text/html; charset=utf-8", b)),
        "/__bench/compromise.js" => site
            .compromise
            .as_deref()
            .and_then(file)
            .map_or(not_found, |b| ok("application/javascript", b)),
        "/__bench/corpus" => ok(
            "application/json",
            corpus_json(
                &site.docs,
                query_num(query, "n"),
                query_num(query, "bytes"),
                query_num(query, "size"),
            )
            .into_bytes(),
        ),
        _ => {
            let Some(dist) = &site.dist else {
                return not_found;
            };
            let rel = path.trim_start_matches('/');
            let candidate = dist.join(rel);
            let safe = !rel.split('/').any(|s| s == "..");
            if safe && !rel.is_empty() && candidate.is_file() && rel != "index.html" {
                return file(&candidate).map_or(not_found, |b| ok(content_type(rel), b));
            }
            // The app's own routes (no extension) and `/` get the page, with the harness.
            let is_page = rel.is_empty()
                || rel == "index.html"
                || !rel.rsplit('/').next().unwrap_or("").contains('.');
            if is_page {
                if let Ok(html) = std::fs::read_to_string(dist.join("index.html")) {
                    return ok("text/html; charset=utf-8", inject(&html).into_bytes());
                }
            }
            not_found
        }
    }
}

fn handle(stream: TcpStream, site: &Site, log: &Mutex<Vec<Hit>>) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut first = String::new();
    reader.read_line(&mut first)?;
    loop {
        let mut l = String::new();
        if reader.read_line(&mut l)? == 0 || l == "\r\n" || l == "\n" {
            break;
        }
    }
    let target = first.split_whitespace().nth(1).unwrap_or("/").to_string();
    let at = epoch_ms();
    let (status, ct, body) = route(&target, site);
    if let Ok(mut l) = log.lock() {
        l.push(Hit {
            epoch_ms: at,
            path: target,
            status,
        });
    }
    let mut s = stream;
    write!(
        s,
        "HTTP/1.1 {status} {}\r\nContent-Type: {ct}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        if status == 200 { "OK" } else { "Not Found" },
        body.len()
    )?;
    s.write_all(&body)?;
    s.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_first_into_head() {
        assert_eq!(
            inject("<html><head lang=x><title>t</title></head></html>"),
            format!("<html><head lang=x>{INJECT}<title>t</title></head></html>")
        );
        assert_eq!(inject("<p>x</p>"), format!("{INJECT}<p>x</p>"));
    }

    #[test]
    fn corpus_cycles_documents() {
        let docs = vec![
            ("a".to_string(), "aaaa".to_string()),
            ("b".into(), "bb".into()),
        ];
        let v: serde_json::Value =
            serde_json::from_str(&corpus_json(&docs, Some(3), None, None)).unwrap();
        assert_eq!(v.as_array().unwrap().len(), 3);
        assert_eq!(v[2]["name"], "00002-a.txt");
        let v: serde_json::Value =
            serde_json::from_str(&corpus_json(&docs, None, Some(5), None)).unwrap();
        assert_eq!(v.as_array().unwrap().len(), 2);
        let v: serde_json::Value =
            serde_json::from_str(&corpus_json(&docs, Some(1), None, Some(5))).unwrap();
        assert_eq!(v[0]["text"], "aaaa\n\nbb");
    }
}
