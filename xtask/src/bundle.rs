//! `cargo xtask bundle [OUT]`: the whole app as one HTML file that works offline from `file://`
//! (e.g. attached to an email, opened from a USB stick).
//!
//! From Trunk's release dist/ (one wasm, run by both the page and its analysis worker):
//! 1. the wasm is zlib-compressed and base64-inlined; it is inflated with the browser's
//!    `DecompressionStream` (a third smaller than base64 of the raw wasm, about the same once gzipped);
//! 2. the ES-module glue, with its `export`s removed, plus a start call that inflates the wasm,
//!    becomes one script held in a JS string, so the file carries glue and wasm once;
//! 3. the page imports that script from a `blob:` URL, and `window.DOSSIER_WORKER_URL` is a second
//!    `blob:` URL of the same text, which the app starts as its worker (a classic one: Chromium
//!    refuses module workers from `blob:` URLs on `file://` pages);
//! 4. Trunk's loader script and its preload links are dropped.
//!
//! Glue that imports other files (wasm-bindgen snippets) is refused rather than half-inlined.

use crate::util::root;
use miniz_oxide::deflate::compress_to_vec_zlib;
use std::path::{Path, PathBuf};

pub fn default_out() -> PathBuf {
    root().join("dist-single/dossier.html")
}

pub fn run(args: &[String]) -> Result<(), String> {
    let out = match args {
        [] => default_out(),
        [p] => PathBuf::from(p),
        _ => return Err("usage: cargo xtask bundle [OUT.html]".into()),
    };
    crate::web::trunk_build()?;
    write(&out)?;
    Ok(())
}

/// Write the bundle of the current dist/ to `out`; returns `out`.
pub fn write(out: &Path) -> Result<PathBuf, String> {
    let dist = root().join("dist");
    let read = |name: &str| {
        std::fs::read(dist.join(name))
            .map_err(|e| format!("dist/{name}: {e} (run `cargo xtask build`)"))
    };
    let names: Vec<String> = std::fs::read_dir(&dist)
        .map_err(|e| format!("dist/: {e} (run `cargo xtask build`)"))?
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    let find = |prefix: &str, suffix: &str| {
        names
            .iter()
            .find(|n| n.starts_with(prefix) && n.ends_with(suffix))
            .cloned()
            .ok_or_else(|| format!("dist/ has no {prefix}*{suffix}"))
    };
    let app_js =
        String::from_utf8(read(&find("app-", ".js")?)?).map_err(|_| "app glue is not UTF-8")?;
    let app_wasm = read(&find("app-", "_bg.wasm")?)?;
    let index = String::from_utf8(read("index.html")?).map_err(|_| "index.html is not UTF-8")?;

    let html = assemble(&index, &app_js, &app_wasm)?;
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(out, &html).map_err(|e| format!("{}: {e}", out.display()))?;
    println!(
        "bundle: {} ({} bytes, {} gzip)",
        out.display(),
        html.len(),
        crate::sizes::gzip_len(html.as_bytes())
    );
    Ok(out.to_path_buf())
}

/// JS that turns a base64 string of zlib data into the inflated bytes (works in pages and workers).
const INFLATE_JS: &str = "async function __dossierInflate(b64) {\
 const z = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));\
 const s = new Blob([z]).stream().pipeThrough(new DecompressionStream('deflate'));\
 return new Uint8Array(await new Response(s).arrayBuffer()); }\n";

fn assemble(index: &str, app_js: &str, app_wasm: &[u8]) -> Result<String, String> {
    // Chromium refuses module workers from `blob:` URLs on `file://` pages, so the text must also
    // run as a classic worker script: no `import.meta` (only read when no wasm is passed in).
    let glue = strip_exports(app_js)?.replace("import.meta.url", "self.location.href");
    if glue.contains("import.meta") {
        return Err("the app glue uses `import.meta` beyond its default wasm URL".into());
    }
    // Page and worker run the same text: glue, then `main` starts as page or worker by itself.
    let scripts = format!(
        "<script type=\"module\">\n\
         const __dossierGlue = {};\n\
         const __dossierWasm = \"{}\";\n\
         const __dossierStart = {} + \"__dossierInflate(\\\"\" + __dossierWasm + \"\\\").then((bytes) => __wbg_init({{ module_or_path: bytes }}));\\n\";\n\
         const __dossierUrl = () => URL.createObjectURL(new Blob([__dossierGlue, __dossierStart], {{ type: \"text/javascript\" }}));\n\
         window.DOSSIER_WORKER_URL = __dossierUrl();\n\
         await import(__dossierUrl());\n\
         </script>\n",
        js_string(&glue),
        base64(&compress_to_vec_zlib(app_wasm, 10)),
        js_string(&format!("\n{INFLATE_JS}")),
    );
    let mut html = remove_tags(index, "<link", ">", |t| {
        t.contains("rel=\"modulepreload\"") || t.contains("rel=\"preload\"")
    });
    html = remove_tags(&html, "<script", "</script>", |t| {
        t.contains("__wbg_init") || t.contains("import init")
    });
    if html.contains("_bg.wasm") {
        return Err("index.html still refers to a wasm file after removing Trunk's loader".into());
    }
    let at = html.find("</body>").ok_or("index.html has no </body>")?;
    html.insert_str(at, &scripts);
    Ok(html)
}

/// Remove every `open … close` element for which `doomed` says so.
fn remove_tags(html: &str, open: &str, close: &str, doomed: impl Fn(&str) -> bool) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(open) {
        let Some(len) = rest[start..].find(close) else {
            break;
        };
        let end = start + len + close.len();
        out.push_str(&rest[..start]);
        if !doomed(&rest[start..end]) {
            out.push_str(&rest[start..end]);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Make wasm-bindgen's ES-module glue a plain module body: no `export`, no `import`.
fn strip_exports(js: &str) -> Result<String, String> {
    let mut out = String::with_capacity(js.len());
    for line in js.lines() {
        let t = line.trim_start();
        if t.starts_with("import ") {
            return Err(format!(
                "the app glue imports another file (`{t}`); the bundle cannot inline it"
            ));
        }
        if t.starts_with("export {") || t.starts_with("export default") {
            continue;
        }
        let line = line
            .replacen("export function ", "function ", 1)
            .replacen("export async function ", "async function ", 1)
            .replacen("export class ", "class ", 1)
            .replacen("export const ", "const ", 1)
            .replacen("export let ", "let ", 1);
        out.push_str(&line);
        out.push('\n');
    }
    if out.contains("</script") {
        return Err("the app glue contains `</script`, which cannot be inlined as is".into());
    }
    if !out.contains("function __wbg_init") {
        return Err("the app glue has no `__wbg_init` (wasm-bindgen changed its output?)".into());
    }
    Ok(out)
}

/// A double-quoted JS string literal that is also safe inside an inline `<script>`.
fn js_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '<' => out.push_str("\\x3c"), // no `</script>` or `<!--` can end the element early
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn base64(data: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(ABC[(n >> shift & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard_alphabet_and_padding() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64(&[0xfb, 0xff]), "+/8=");
    }

    #[test]
    fn js_strings_cannot_close_the_script_element() {
        let s = js_string("a\"b\\c\n</script><!--\u{2028}");
        assert_eq!(s, "\"a\\\"b\\\\c\\n\\x3c/script>\\x3c!--\\u2028\"");
    }

    #[test]
    fn exports_are_stripped_and_imports_refused() {
        let js = "export function f() {}\nasync function __wbg_init(m) {}\nexport class C {}\nexport { initSync, __wbg_init as default };\n";
        assert_eq!(
            strip_exports(js).unwrap(),
            "function f() {}\nasync function __wbg_init(m) {}\nclass C {}\n"
        );
        assert!(strip_exports(
            "import * as s from './snippets/x.js';\nasync function __wbg_init() {}"
        )
        .is_err());
    }

    #[test]
    fn removes_only_the_doomed_tags() {
        let html =
            r#"<head><link rel="modulepreload" href="a.js"><link rel="icon" href="i.png"></head>"#;
        let out = remove_tags(html, "<link", ">", |t| t.contains("modulepreload"));
        assert_eq!(out, r#"<head><link rel="icon" href="i.png"></head>"#);
    }
}
