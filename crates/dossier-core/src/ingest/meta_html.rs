//! Metadata from a page's markup: `<title>`, Open Graph (`og:*`), `article:*`, `author`/`date`
//! meta tags, JSON-LD (`NewsArticle` headline, datePublished, author, publisher) and `<time>`.
//!
//! JSON-LD is read with a small key scanner rather than a JSON parser: we need four string
//! values, pages embed malformed JSON-LD often, and a JSON crate would cost wasm size for this.

use crate::html::RawMeta;
use crate::ingest::meta_text::iso_date;

/// Metadata the markup declares.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HtmlMeta {
    pub title: Option<String>,
    pub date: Option<String>,
    pub source: Option<String>,
    pub byline: Option<String>,
}

fn meta<'a>(raw: &'a RawMeta, keys: &[&str]) -> Option<&'a str> {
    keys.iter().find_map(|k| {
        raw.metas
            .iter()
            .find(|(key, v)| key == k && !v.trim().is_empty())
            .map(|(_, v)| v.trim())
    })
}

fn clean(s: &str) -> Option<String> {
    let s = crate::html::collapse(&decode_entities(s));
    (!s.is_empty()).then(|| s.chars().take(300).collect())
}

/// Interpret what the markup declares, in order of trust: article-level meta and JSON-LD first,
/// the `<title>` (often suffixed with the site name) last.
pub fn read(raw: &RawMeta) -> HtmlMeta {
    let ld = |key: &str| raw.json_ld.iter().find_map(|j| json_string(j, key));
    let not_url = |s: &str| !s.starts_with("http");
    HtmlMeta {
        title: meta(raw, &["og:title", "twitter:title"])
            .and_then(clean)
            .or_else(|| ld("headline").and_then(|s| clean(&s)))
            .or_else(|| raw.title.as_deref().and_then(clean)),
        date: meta(
            raw,
            &[
                "article:published_time",
                "datepublished",
                "og:published_time",
                "date",
                "pubdate",
                "dc.date",
                "dc.date.issued",
                "sailthru.date",
                "parsely-pub-date",
            ],
        )
        .and_then(iso_date)
        .or_else(|| ld("datePublished").and_then(|s| iso_date(&s)))
        .or_else(|| raw.times.iter().find_map(|t| iso_date(t))),
        source: meta(raw, &["og:site_name", "application-name"])
            .and_then(clean)
            .or_else(|| ld("publisher").and_then(|s| clean(&s))),
        byline: meta(raw, &["author", "article:author", "byl", "sailthru.author"])
            .filter(|s| not_url(s))
            .and_then(clean)
            .map(|s| s.strip_prefix("By ").map(str::to_string).unwrap_or(s))
            .or_else(|| ld("author").and_then(|s| clean(&s))),
    }
}

/// The string value of `"key"` in a JSON text; when the value is an object or array, the first
/// `"name"` inside it (JSON-LD's `author: {"@type": "Person", "name": …}`).
pub fn json_string(json: &str, key: &str) -> Option<String> {
    let needle = format!("\"{key}\"");
    let mut from = 0;
    while let Some(pos) = json[from..].find(&needle) {
        let after = from + pos + needle.len();
        from = after;
        let rest = json[after..].trim_start();
        let Some(rest) = rest.strip_prefix(':') else {
            continue;
        };
        let rest = rest.trim_start();
        if rest.starts_with('"') {
            return read_string(rest);
        }
        if rest.starts_with(['{', '[']) {
            let window_end = rest
                .char_indices()
                .nth(600)
                .map(|(i, _)| i)
                .unwrap_or(rest.len());
            if let Some(v) = json_string(&rest[..window_end], "name") {
                return Some(v);
            }
        }
    }
    None
}

/// Read a JSON string literal at the start of `s`, unescaping it.
fn read_string(s: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = s.strip_prefix('"')?.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' | 'r' | 't' => out.push(' '),
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    let cp = u32::from_str_radix(&hex, 16).ok()?;
                    out.push(char::from_u32(cp).unwrap_or('\u{FFFD}'));
                }
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

/// Decode the few entities that survive in meta values written twice-escaped (`&amp;#039;`).
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&#039;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::parse;

    #[test]
    fn og_article_and_json_ld() {
        let p = parse(
            r#"<html><head><title>Lavrov visits | Site</title>
            <meta property="og:site_name" content="The Daily">
            <script type="application/ld+json">{"@type":"NewsArticle","headline":"Lavrov \u0022visits\u0022",
              "datePublished":"2025-07-12T08:00:00+09:00","author":[{"@type":"Person","name":"Ann Lee"}],
              "publisher":{"@type":"Organization","name":"Daily Corp"}}</script></head><body></body></html>"#,
        );
        let m = read(&p.meta);
        assert_eq!(m.title.as_deref(), Some("Lavrov \"visits\""));
        assert_eq!(m.date.as_deref(), Some("2025-07-12"));
        assert_eq!(m.source.as_deref(), Some("The Daily"));
        assert_eq!(m.byline.as_deref(), Some("Ann Lee"));
    }

    #[test]
    fn title_and_time_as_fallbacks() {
        let p = parse("<title>Plain</title><meta name=author content='https://x/y'><time datetime='2020-01-02T03:04'>x</time>");
        let m = read(&p.meta);
        assert_eq!(m.title.as_deref(), Some("Plain"));
        assert_eq!(m.date.as_deref(), Some("2020-01-02"));
        assert_eq!(m.byline, None);
    }
}
