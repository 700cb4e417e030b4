//! Main content vs boilerplate: every region of a document's text is classified as the article
//! (`Main`) or page furniture (`Boilerplate`, with a reason such as "navigation", "comments",
//! "related-article teaser", "tag list"). Nothing is deleted: regions tile the whole text in
//! order, so the reader can grey the furniture out and later stages read only `Main`.
//!
//! Two models, one output:
//! - `html`: the page's block layout (which element each paragraph sits in, its class/id/role,
//!   how much of it is link text) picks the element that holds the article, then furniture inside
//!   it (share bars, captions, bylines) is marked by markup and wording.
//! - `text`: for text pasted from a page there is no markup, only lines. A line-level score
//!   (prose vs menu-like short lines, known furniture phrases, repeated lines, tag lists) picks
//!   the contiguous run of lines that is the article; furniture inside it is marked by wording.
//!
//! The phrase and class lexicons both models share live in `lexicon`.

mod html;
mod lexicon;
mod text;

use crate::ingest::Document;
use crate::span::Span;
use serde::{Deserialize, Serialize};

/// A classified stretch of the document text. A document's regions tile its text in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Region {
    pub span: Span,
    pub kind: RegionKind,
    /// Why a region is boilerplate ("navigation", "comments", …); `None` for main content.
    pub reason: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RegionKind {
    Main,
    Boilerplate,
}

/// One unit (an HTML block or a text line) and its verdict: `None` = main, `Some(reason)` =
/// boilerplate.
pub(crate) type Verdict = (Span, Option<&'static str>);

/// Classify every region of `doc.text` as main content or boilerplate.
pub fn clean(doc: &Document) -> Vec<Region> {
    let verdicts = match &doc.layout {
        Some(layout) if !layout.blocks.is_empty() => html::classify(&doc.text, layout),
        _ => text::classify(&doc.text),
    };
    tile(&doc.text, &verdicts)
}

/// The main content of a document: its main regions, paragraphs joined by a blank line.
pub fn main_text(text: &str, regions: &[Region]) -> String {
    let mut out = String::new();
    for r in regions.iter().filter(|r| r.kind == RegionKind::Main) {
        for para in paragraphs(r.span.of(text)) {
            let para = para.trim();
            if !para.is_empty() {
                if !out.is_empty() {
                    out.push_str("\n\n");
                }
                out.push_str(para);
            }
        }
    }
    out
}

/// `s.split("\n\n")`, found by searching for single line breaks (a byte search) and looking at
/// the byte after each: the two-byte pattern would run the general substring search.
fn paragraphs(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let r = rest?;
        let mut from = 0;
        while let Some(k) = r[from..].find('\n') {
            let at = from + k;
            if r.as_bytes().get(at + 1) == Some(&b'\n') {
                rest = Some(&r[at + 2..]);
                return Some(&r[..at]);
            }
            from = at + 1;
        }
        rest = None;
        Some(r)
    })
}

/// Metadata that is better read once the article is known: for text files the headline (the
/// nearest short, non-furniture line above the article, instead of the page's first line), and
/// byline, dateline, source and date from the head of the article when the page gave none.
pub fn refine_meta(doc: &mut Document, regions: &[Region]) {
    let Some(first) = regions.iter().position(|r| r.kind == RegionKind::Main) else {
        return;
    };
    let start = regions[first].span.start;
    if doc.layout.is_none() {
        if let Some(h) = headline_above(&doc.text[..start]) {
            doc.meta.title = Some(h);
        }
    }
    // Only what the page has not said yet is read, and nothing (not even the main text) when it
    // has said everything.
    let meta = &doc.meta;
    let want = crate::ingest::meta_text::Wanted {
        byline: meta.byline.is_none(),
        dateline: meta.dateline.is_none(),
        credit: meta.source.is_none(),
        date: meta.date.is_none(),
    };
    if !want.any() {
        return;
    }
    let main = main_text(&doc.text, regions);
    let m = crate::ingest::meta_text::read_wanted(&main, want);
    let meta = &mut doc.meta;
    if meta.dateline.is_none() {
        meta.dateline = m.dateline;
        if meta.source.is_none() {
            // Read from the main text, whose offsets are not the document's: find it again.
            meta.source_span = m
                .source
                .as_deref()
                .and_then(|n| crate::ingest::locate_source(&doc.text, n));
            meta.source = m.source;
        }
    }
    if meta.byline.is_none() {
        meta.byline = m.byline;
    }
    if meta.date.is_none() {
        meta.date = m.date;
    }
}

/// The nearest line above the article that reads like a headline: 3–25 words, no final full
/// stop, not furniture, not a byline or a date.
fn headline_above(before: &str) -> Option<String> {
    before
        .lines()
        .rev()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(12)
        .find(|l| {
            let words = lexicon::word_count(l);
            // The furniture test last: it costs the most, and the date line that usually sits
            // between headline and article fails the date test first.
            (3..=25).contains(&words)
                && !l.ends_with(['.', ':', ';', ','])
                && crate::ingest::meta_text::first_date(l).is_none()
                && !lexicon::is_byline(l, words)
                && lexicon::line_reason(l).is_none()
        })
        .map(str::to_string)
}

/// Turn per-unit verdicts into regions that tile `text`: neighbouring units with the same verdict
/// merge, and the whitespace between units goes to the region before it (the first region also
/// takes any leading whitespace).
fn tile(text: &str, verdicts: &[Verdict]) -> Vec<Region> {
    let mut regions: Vec<Region> = Vec::new();
    for &(span, reason) in verdicts {
        if span.is_empty()
            || span.end > text.len()
            || span.start < regions.last().map_or(0, |r| r.span.end)
        {
            continue;
        }
        let kind = if reason.is_some() {
            RegionKind::Boilerplate
        } else {
            RegionKind::Main
        };
        match regions.last_mut() {
            Some(last) if last.kind == kind && last.reason.as_deref() == reason => {
                last.span.end = span.end;
            }
            Some(last) => {
                last.span.end = span.start;
                regions.push(Region {
                    span,
                    kind,
                    reason: reason.map(str::to_string),
                });
            }
            None => regions.push(Region {
                span: Span::new(0, span.end),
                kind,
                reason: reason.map(str::to_string),
            }),
        }
    }
    match regions.last_mut() {
        Some(last) => last.span.end = text.len(),
        None if !text.is_empty() => regions.push(Region {
            span: Span::new(0, text.len()),
            kind: RegionKind::Boilerplate,
            reason: Some("no text".into()),
        }),
        None => {}
    }
    regions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiling_merges_neighbours_and_covers_whitespace() {
        let text = "  nav\n\nbody one\n\nbody two\n\nfoot  ";
        let v = [
            (Span::new(2, 5), Some("navigation")),
            (Span::new(7, 15), None),
            (Span::new(17, 25), None),
            (Span::new(27, 31), Some("footer")),
        ];
        let r = tile(text, &v);
        let spans: Vec<_> = r
            .iter()
            .map(|r| (r.span.start, r.span.end, r.kind))
            .collect();
        assert_eq!(
            spans,
            [
                (0, 7, RegionKind::Boilerplate),
                (7, 27, RegionKind::Main),
                (27, text.len(), RegionKind::Boilerplate)
            ]
        );
        assert_eq!(main_text(text, &r), "body one\n\nbody two");
    }

    #[test]
    fn text_headline_is_read_above_the_article() {
        let mut doc = crate::ingest::ingest(
            crate::span::DocId(0),
            "t.txt",
            "World news\nHome\nEnvoy lands in Pyongyang for talks\nBy Ann Lee\n12 July 2025\n\n\
             PYONGYANG, July 12 (Reuters) - The envoy landed on Friday for two days of talks with officials.\n\n\
             The visit follows a year of closer ties between the two governments, officials said.\n"
                .as_bytes(),
        );
        assert_eq!(doc.meta.title.as_deref(), Some("World news"));
        let regions = clean(&doc);
        refine_meta(&mut doc, &regions);
        assert_eq!(
            doc.meta.title.as_deref(),
            Some("Envoy lands in Pyongyang for talks")
        );
        assert_eq!(
            doc.meta.dateline.as_deref(),
            Some("PYONGYANG, July 12 (Reuters)")
        );
    }

    proptest::proptest! {
        #[test]
        fn paragraphs_agree_with_splitting_at_blank_lines(s in "(a|\n|\r| |é){0,30}") {
            let want: Vec<&str> = s.split("\n\n").collect();
            proptest::prop_assert_eq!(paragraphs(&s).collect::<Vec<_>>(), want);
        }
    }

    #[test]
    fn whitespace_only_text_is_one_region() {
        let r = tile("  \n", &[]);
        assert_eq!(r.len(), 1);
        assert!(tile("", &[]).is_empty());
    }
}
