//! Ingest: bytes of a file → a [`Document`] with decoded text, its format, metadata and diagnostics.
//!
//! Decoding never fails: invalid UTF-8 is replaced (and reported), a byte-order mark is dropped,
//! UTF-16 is recognised by its BOM. An unsupported format still yields a document (empty text, an
//! error diagnostic), so nothing the user gave us disappears silently.

use crate::diagnostic::Diagnostic;
use crate::span::DocId;
use serde::{Deserialize, Serialize};

/// What kind of file a document came from, judged by its name and, failing that, its content.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Markdown,
    Html,
    Unsupported,
}

impl Format {
    /// The format for a file name, sniffing `content` when the extension says nothing.
    pub fn detect(name: &str, content: &[u8]) -> Format {
        let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        match ext.as_deref() {
            Some("txt" | "text") => Format::Text,
            Some("md" | "markdown") => Format::Markdown,
            Some("html" | "htm" | "xhtml") => Format::Html,
            Some(
                "pdf" | "doc" | "docx" | "odt" | "rtf" | "png" | "jpg" | "jpeg" | "gif" | "zip"
                | "gz" | "exe" | "epub" | "xls" | "xlsx" | "ppt" | "pptx" | "mp3" | "mp4",
            ) => Format::Unsupported,
            _ => {
                let head = &content[..content.len().min(512)];
                let head = String::from_utf8_lossy(head).to_ascii_lowercase();
                if head.contains("<!doctype html") || head.contains("<html") {
                    Format::Html
                } else if content.iter().take(4096).any(|&b| b == 0) {
                    Format::Unsupported
                } else {
                    Format::Text
                }
            }
        }
    }
}

/// Metadata found in the document itself (HTML meta tags, a dateline, a "Last modified" line).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metadata {
    pub title: Option<String>,
    /// ISO 8601 date (`YYYY-MM-DD`) when one could be read.
    pub date: Option<String>,
    pub source: Option<String>,
    pub byline: Option<String>,
    pub dateline: Option<String>,
}

/// One ingested document. `text` is what every later span points into.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub id: DocId,
    pub name: String,
    pub format: Format,
    pub text: String,
    pub meta: Metadata,
    pub diagnostics: Vec<Diagnostic>,
}

impl Document {
    /// Number of whitespace-separated words that contain at least one letter or digit.
    pub fn word_count(&self) -> usize {
        self.text
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count()
    }
}

/// Decode `bytes` as text, reporting what had to be repaired.
pub fn decode(bytes: &[u8], diagnostics: &mut Vec<Diagnostic>) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return decode(rest, diagnostics);
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let le = bytes[0] == 0xFF;
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| {
                let pair = [c[0], *c.get(1).unwrap_or(&0)];
                if le {
                    u16::from_le_bytes(pair)
                } else {
                    u16::from_be_bytes(pair)
                }
            })
            .collect();
        let text: String = char::decode_utf16(units)
            .map(|r| r.unwrap_or('\u{FFFD}'))
            .collect();
        diagnostics.push(Diagnostic::info(
            "utf16",
            "decoded as UTF-16 (byte-order mark found)",
        ));
        return text;
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => {
            let text = String::from_utf8_lossy(bytes).into_owned();
            let bad = text.matches('\u{FFFD}').count();
            diagnostics.push(Diagnostic::warning(
                "invalid-utf8",
                format!("{bad} invalid UTF-8 sequence(s) replaced with U+FFFD"),
            ));
            text
        }
    }
}

/// Ingest one file. Never fails: problems become diagnostics on the returned document.
pub fn ingest(id: DocId, name: &str, bytes: &[u8]) -> Document {
    let format = Format::detect(name, bytes);
    let mut diagnostics = Vec::new();
    let text = match format {
        Format::Unsupported => {
            diagnostics.push(Diagnostic::error(
                "unsupported-format",
                format!("{name}: not a text, Markdown or HTML file; nothing was extracted"),
            ));
            String::new()
        }
        _ => decode(bytes, &mut diagnostics),
    };
    if format != Format::Unsupported && text.trim().is_empty() {
        diagnostics.push(Diagnostic::warning("empty", "the document has no text"));
    }
    let title = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(|l| l.chars().take(200).collect::<String>());
    Document {
        id,
        name: name.to_string(),
        format,
        meta: Metadata {
            title,
            ..Metadata::default()
        },
        text,
        diagnostics,
    }
}
