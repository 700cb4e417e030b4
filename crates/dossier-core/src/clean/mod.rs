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
        for para in r.span.of(text).split("\n\n") {
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
    fn whitespace_only_text_is_one_region() {
        let r = tile("  \n", &[]);
        assert_eq!(r.len(), 1);
        assert!(tile("", &[]).is_empty());
    }
}
