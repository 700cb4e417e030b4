//! Ingest: bytes of a file → a [`Document`] with decoded text, its format, metadata and diagnostics.
//!
//! Decoding never fails (`charset`): a byte-order mark is honoured, UTF-8 is preferred, legacy
//! bytes fall back to windows-1252, and every repair is reported. HTML is parsed (`crate::html`)
//! into text with one block per paragraph, and the block layout is kept on the document for
//! `clean`. Metadata comes from the markup (`meta_html`) and from the words (`meta_text`:
//! byline, dateline, dates). An unsupported format still yields a document (empty text, an error
//! diagnostic), so nothing the user gave us disappears silently.

pub mod charset;
pub mod meta_html;
pub mod meta_text;

use crate::diagnostic::Diagnostic;
use crate::html::Layout;
use crate::span::{DocId, Span};
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
    /// Where the text names `source` (a credit line, a dateline's "(Reuters)", or for an
    /// outlet from HTML meta its first whole-word occurrence): the evidence that links the
    /// document to the outlet's entity. `None` when the text never names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_span: Option<Span>,
    pub byline: Option<String>,
    pub dateline: Option<String>,
}

/// Where `text` names the outlet `name`: in brackets as a dateline credit ("(Reuters)") if
/// anywhere, else its first whole-word occurrence.
pub fn locate_source(text: &str, name: &str) -> Option<Span> {
    if name.is_empty() {
        return None;
    }
    if let Some(o) = text.find(&format!("({name})")) {
        return Some(Span::new(o + 1, o + 1 + name.len()));
    }
    let mut from = 0;
    while let Some(o) = text.get(from..)?.find(name) {
        let (a, b) = (from + o, from + o + name.len());
        let before = text[..a].chars().next_back();
        let after = text[b..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            return Some(Span::new(a, b));
        }
        from = b;
    }
    None
}

/// The high bit of each of a `u64`'s eight bytes.
pub(crate) const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// For eight ASCII bytes (high bits clear), the high bit of each one that is whitespace
/// (`char::is_whitespace` on ASCII: space and tab to carriage return, 9–13).
pub(crate) fn ascii_space_bits(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    // A byte of `v` is zero where `x` has a space; adding 0x7f to its low seven bits sets the
    // high bit of every non-zero byte (no carry crosses bytes).
    let v = x ^ (ONES * 0x20);
    let nonzero = ((v & !HIGH_BITS) + !HIGH_BITS) | v;
    // Bytes of 9 and more reach the high bit when 0x77 is added, bytes of 14 and more with 0x72.
    let from_tab = x + ONES * (0x80 - 9);
    let past_cr = x + ONES * (0x80 - 14);
    (!nonzero | (from_tab & !past_cr)) & HIGH_BITS
}

/// For eight ASCII bytes (high bits clear), the high bit of each one that is not whitespace.
/// Text rarely has control characters: when no byte is below the space, those above it are
/// the solid ones, a test of two instructions (the full one, [`ascii_space_bits`], takes a dozen).
#[inline]
pub(crate) fn ascii_solid_bits(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    if (x + ONES * 0x60) & HIGH_BITS == HIGH_BITS {
        (x + ONES * 0x5f) & HIGH_BITS
    } else {
        !ascii_space_bits(x) & HIGH_BITS
    }
}

/// How many of a `u64`'s bytes have their high bit set, for a mask with no other bit set: a
/// multiplication sums the bytes' bits into the top byte (`count_ones` is a dozen instructions on
/// x86-64 without `popcnt`).
#[inline]
pub(crate) fn high_bits_count(mask: u64) -> usize {
    ((mask >> 7).wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize
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
    /// For HTML: the block structure of `text` (which element each paragraph came from), the
    /// evidence `clean` uses to tell an article from page furniture.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub layout: Option<Layout>,
}

impl Document {
    /// Number of whitespace-separated words that contain at least one letter or digit.
    ///
    /// Eight ASCII bytes at a time (this runs over every document's whole text, where
    /// `split_whitespace` and a per-word `chars().any` cost some twenty instructions a byte):
    /// word starts are the non-space bytes after a space, found with bit masks, and only a word
    /// that does not start with a letter or digit is read further.
    pub fn word_count(&self) -> usize {
        let text = self.text.as_str();
        let bytes = text.as_bytes();
        let has_alnum = |from: usize| {
            text[from..]
                .chars()
                .take_while(|c| !c.is_whitespace())
                .any(char::is_alphanumeric)
        };
        // `prev`: 0x80 when the character before `i` is not whitespace, else 0 (the high bit of
        // a byte before the first, as the masks have it).
        let (mut n, mut prev, mut i) = (0, 0u64, 0);
        while i < bytes.len() {
            if let Some(chunk) = bytes.get(i..i + 8) {
                let x = u64::from_le_bytes(chunk.try_into().unwrap_or([0x80; 8]));
                if x & HIGH_BITS == 0 {
                    let solid = ascii_solid_bits(x);
                    // Little-endian: shifting by a byte puts each byte's bit on the next one.
                    let starts = solid & !((solid << 8) | prev);
                    // Words that start with a letter or digit are counted from the masks; only
                    // the others (after a quote or a bracket) are read on.
                    let alnum = starts & crate::text::ascii_alnum_bits(x);
                    n += high_bits_count(alnum);
                    let mut other = starts & !alnum;
                    while other != 0 {
                        let at = i + (other.trailing_zeros() / 8) as usize;
                        n += usize::from(has_alnum(at));
                        other &= other - 1;
                    }
                    prev = solid >> 56;
                    i += 8;
                    continue;
                }
            }
            let c = text[i..].chars().next().unwrap_or(' ');
            let space = c.is_whitespace();
            if !space && prev == 0 {
                n += usize::from(has_alnum(i));
            }
            prev = if space { 0 } else { 0x80 };
            i += c.len_utf8();
        }
        n
    }
}

/// Decode `bytes` of a plain-text file (see [`charset::decode`]).
pub fn decode(bytes: &[u8], diagnostics: &mut Vec<Diagnostic>) -> String {
    charset::decode(bytes, false, diagnostics)
}

/// Ingest one file. Never fails: problems become diagnostics on the returned document.
pub fn ingest(id: DocId, name: &str, bytes: &[u8]) -> Document {
    let format = Format::detect(name, bytes);
    let mut diagnostics = Vec::new();
    let mut layout = None;
    let mut html_meta = meta_html::HtmlMeta::default();
    let text = match format {
        Format::Unsupported => {
            diagnostics.push(Diagnostic::error(
                "unsupported-format",
                format!("{name}: not a text, Markdown or HTML file; nothing was extracted"),
            ));
            String::new()
        }
        Format::Html => {
            let source = charset::decode(bytes, true, &mut diagnostics);
            let parsed = crate::html::parse(&source);
            html_meta = meta_html::read(&parsed.meta);
            layout = Some(parsed.layout);
            parsed.text
        }
        Format::Text | Format::Markdown => charset::decode(bytes, false, &mut diagnostics),
    };
    if format != Format::Unsupported && text.trim().is_empty() {
        diagnostics.push(Diagnostic::warning("empty", "the document has no text"));
    }
    let text_meta = meta_text::read(&text);
    let first_line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(|l| title_from_first_line(l, text_meta.dateline.as_deref()));
    let meta = Metadata {
        title: html_meta.title.or(if format == Format::Html {
            None
        } else {
            first_line
        }),
        date: html_meta.date.or(text_meta.date),
        source_span: match &html_meta.source {
            Some(name) => locate_source(&text, name),
            None => text_meta.source_span,
        },
        source: html_meta.source.or(text_meta.source),
        byline: html_meta.byline.or(text_meta.byline),
        dateline: text_meta.dateline,
    };
    Document {
        id,
        name: name.to_string(),
        format,
        meta,
        text,
        diagnostics,
        layout,
    }
}

/// The longest title taken from a text's first line: a headline is rarely longer.
const TITLE_MAX: usize = 120;

/// A title for a text without metadata, from its first non-empty line: a headline as it is
/// (without Markdown's `#`); a lead paragraph (no headline) by its first sentence, without the
/// dateline it opens with, cut at a word and marked "…" when still long.
fn title_from_first_line(line: &str, dateline: Option<&str>) -> String {
    let line = line.trim_start_matches('#').trim();
    if line.chars().count() <= TITLE_MAX {
        return line.to_string();
    }
    let mut lead = line;
    if let Some(rest) = dateline.and_then(|d| lead.strip_prefix(d)) {
        let rest = rest.trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, '-' | '–' | '—' | ':' | ',')
        });
        if !rest.is_empty() {
            lead = rest;
        }
    }
    // The first sentence: up to a full stop, question or exclamation mark followed by a space
    // (good enough for a title; the sentence splitter runs later on the whole text).
    let end = lead
        .char_indices()
        .find(|&(i, c)| matches!(c, '.' | '?' | '!') && i > 20 && lead[i + 1..].starts_with(' '))
        .map_or(lead.len(), |(i, _)| i + 1);
    let sentence = &lead[..end];
    if sentence.chars().count() <= TITLE_MAX {
        return sentence.to_string();
    }
    let cut = sentence
        .char_indices()
        .nth(TITLE_MAX)
        .map_or(sentence.len(), |(i, _)| i);
    let head = &sentence[..cut];
    let head = head.rfind(' ').map_or(head, |sp| &head[..sp]);
    format!("{}…", head.trim_end_matches([',', ';', ':', ' ']))
}

#[cfg(test)]
mod title_tests {
    use super::title_from_first_line as title;

    #[test]
    fn a_headline_is_the_title() {
        assert_eq!(
            title("Russia's Lavrov visits North Korea", None),
            "Russia's Lavrov visits North Korea"
        );
        assert_eq!(title("# Talks in Seoul", None), "Talks in Seoul");
    }

    #[test]
    fn a_lead_paragraph_gives_its_first_sentence_without_the_dateline() {
        let lead = "Pyongyang (Brussels Morning Newspaper) – Russian Foreign Minister Sergey Lavrov met \
                    with North Korean Supreme Leader Kim Jong-un in Pyongyang, according to his office on \
                    Saturday. Lavrov is visiting North Korea this weekend.";
        assert_eq!(
            title(lead, Some("Pyongyang (Brussels Morning Newspaper)")),
            "Russian Foreign Minister Sergey Lavrov met with North Korean Supreme Leader Kim Jong-un \
             in Pyongyang, according to his…"
        );
    }

    #[test]
    fn a_long_sentence_is_cut_at_a_word() {
        let long = "word ".repeat(60);
        let t = title(&long, None);
        assert!(t.ends_with("word…"), "{t}");
        assert!(t.chars().count() <= 121);
        let cyrillic = "Сергей ".repeat(40);
        assert!(title(&cyrillic, None).ends_with("Сергей…"));
    }
}

#[cfg(test)]
mod word_count_tests {
    use super::{Document, Format, Metadata};
    use crate::span::DocId;

    proptest::proptest! {
        /// The byte-wise count is the count of whitespace-separated words with a letter or digit.
        #[test]
        fn word_count_agrees_with_split_whitespace(
            s in "([a-zé’.,-]|\\PC| |\t|\n|\r|\u{b}|\u{c}|\u{1c}|\u{a0}|\u{85}|\u{2003}|\u{3000}|٣|—){0,60}",
        ) {
            let n = s
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count();
            let doc = Document {
                id: DocId(0),
                name: String::new(),
                format: Format::Text,
                text: s,
                meta: Metadata::default(),
                diagnostics: Vec::new(),
                layout: None,
            };
            proptest::prop_assert_eq!(doc.word_count(), n);
        }
    }
}
