//! Document text for the views that quote it: where a mention's sentence starts and ends, the
//! snippet shown under an expanded entity card, and the reader's segmentation of a document into
//! main text and boilerplate, with entity highlights.
//!
//! The [`Analysis`](dossier_core::Analysis) carries spans, not texts, so every function here takes the
//! text (or a [`TextSource`]) from the caller. All offsets are UTF-8 byte offsets; functions accept any
//! offsets (out of range, mid-character, reversed) and clamp them to char boundaries instead of
//! panicking, so a stale span from an older analysis shows slightly wrong text, never a crash.

use dossier_core::sort::SortStable;
use dossier_core::{DocId, EntityId, EntityKind};
use std::collections::BTreeMap;

/// Where the text of each document comes from.
pub trait TextSource {
    fn text(&self, doc: DocId) -> Option<&str>;
}

/// No texts at all (exports and corrections then leave out what needs the text).
pub struct NoText;

impl TextSource for NoText {
    fn text(&self, _doc: DocId) -> Option<&str> {
        None
    }
}

impl TextSource for BTreeMap<DocId, String> {
    fn text(&self, doc: DocId) -> Option<&str> {
        self.get(&doc).map(String::as_str)
    }
}

/// The largest char boundary `<= i` (and `<= text.len()`).
pub fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary `>= i` (and `<= text.len()`).
pub fn ceil_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// `start..end` clamped into `text`, on char boundaries, with `start <= end`.
pub fn clamp(text: &str, start: usize, end: usize) -> (usize, usize) {
    let s = floor_boundary(text, start.min(end));
    let e = ceil_boundary(text, start.max(end)).max(s);
    (s, e)
}

/// The text of `start..end`, clamped.
pub fn surface(text: &str, start: usize, end: usize) -> &str {
    let (s, e) = clamp(text, start, end);
    &text[s..e]
}

/// The sentence containing `start..end`: back to the previous sentence end (`.`, `!`, `?` followed by
/// whitespace) or line break, forward to the next one. Headlines and list lines end at the line break.
pub fn sentence_bounds(text: &str, start: usize, end: usize) -> (usize, usize) {
    let (s, e) = clamp(text, start, end);
    let bytes = text.as_bytes();
    let mut from = s;
    while from > 0 {
        let b = bytes[from - 1];
        if b == b'\n' {
            break;
        }
        if b.is_ascii_whitespace() && from >= 2 && matches!(bytes[from - 2], b'.' | b'!' | b'?') {
            break;
        }
        from -= 1;
    }
    let mut to = e;
    while to < bytes.len() {
        let b = bytes[to];
        if b == b'\n' {
            break;
        }
        to += 1;
        if matches!(b, b'.' | b'!' | b'?')
            && (to == bytes.len() || bytes[to].is_ascii_whitespace() || bytes[to] == b'"')
        {
            // Keep a closing quote with its sentence.
            if to < bytes.len() && bytes[to] == b'"' {
                to += 1;
            }
            break;
        }
    }
    // Sentence bounds are found on ASCII bytes, so they are char boundaries; trim the whitespace.
    let sentence = &text[from..to];
    let lead = sentence.len() - sentence.trim_start().len();
    let trail = sentence.len() - sentence.trim_end().len();
    let (a, b) = (from + lead, to - trail);
    if a <= s && e <= b {
        (a, b)
    } else {
        (from.min(s), to.max(e))
    }
}

/// A piece of quoted text; `highlight` marks the mention itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    pub highlight: bool,
}

/// A mention's sentence, cut into pieces with the mention highlighted, for a card's mention list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snippet {
    pub doc: DocId,
    /// The mention's clamped byte range, for the link into the reader.
    pub start: usize,
    pub end: usize,
    pub pieces: Vec<Piece>,
}

/// The longest stretch of context kept on either side of a mention, in bytes (then cut at a char
/// boundary and marked with an ellipsis): a long run-on "sentence" must not flood the card.
pub const CONTEXT: usize = 240;

/// The snippet for a mention at `start..end` of `doc`.
pub fn snippet(text: &str, doc: DocId, start: usize, end: usize) -> Snippet {
    let (s, e) = clamp(text, start, end);
    let (from, to) = sentence_bounds(text, s, e);
    let mut pieces = Vec::new();
    let left_from = if s - from > CONTEXT {
        ceil_boundary(text, s - CONTEXT)
    } else {
        from
    };
    let right_to = if to - e > CONTEXT {
        floor_boundary(text, e + CONTEXT)
    } else {
        to
    };
    let mut before = String::new();
    if left_from > from {
        before.push('…');
    }
    before.push_str(&text[left_from..s]);
    if !before.is_empty() {
        pieces.push(Piece {
            text: before,
            highlight: false,
        });
    }
    pieces.push(Piece {
        text: text[s..e].to_string(),
        highlight: true,
    });
    let mut after = text[e..right_to].to_string();
    if right_to < to {
        after.push('…');
    }
    if !after.is_empty() {
        pieces.push(Piece {
            text: after,
            highlight: false,
        });
    }
    Snippet {
        doc,
        start: s,
        end: e,
        pieces,
    }
}

/// A highlighted entity mention inside the reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    pub entity: EntityId,
    pub kind: EntityKind,
}

/// A run of the reader's text: plain, or one entity's mention.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub start: usize,
    pub end: usize,
    pub mark: Option<Mark>,
}

/// A block of the reader: main text, or boilerplate with the reason it was classed so (shown greyed
/// and collapsed, never deleted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub start: usize,
    pub end: usize,
    pub boilerplate: Option<String>,
    pub runs: Vec<Run>,
}

/// Cut `text` into blocks (main text / boilerplate) and runs (plain / entity mention). Blocks and runs
/// cover the whole text in order without overlap. Overlapping mentions keep the one that starts first
/// (the longer one on ties); overlapping boilerplate regions are unioned (the first reason wins).
pub fn reader_blocks(
    text: &str,
    mentions: &[(usize, usize, Mark)],
    boilerplate: &[(usize, usize, String)],
) -> Vec<Block> {
    let mut regions: Vec<(usize, usize, String)> = boilerplate
        .iter()
        .map(|(s, e, r)| {
            let (s, e) = clamp(text, *s, *e);
            (s, e, r.clone())
        })
        .filter(|(s, e, _)| s < e)
        .collect();
    regions.sort_stable_by_key(|r| (r.0, std::cmp::Reverse(r.1)));
    let mut merged: Vec<(usize, usize, String)> = Vec::new();
    for r in regions {
        match merged.last_mut() {
            Some(last) if r.0 <= last.1 => last.1 = last.1.max(r.1),
            _ => merged.push(r),
        }
    }
    let mut marks: Vec<(usize, usize, Mark)> = mentions
        .iter()
        .map(|(s, e, m)| {
            let (s, e) = clamp(text, *s, *e);
            (s, e, *m)
        })
        .filter(|(s, e, _)| s < e)
        .collect();
    marks.sort_stable_by_key(|m| (m.0, std::cmp::Reverse(m.1), m.2.entity));
    let mut kept: Vec<(usize, usize, Mark)> = Vec::new();
    for m in marks {
        if kept.last().is_none_or(|last| m.0 >= last.1) {
            kept.push(m);
        }
    }
    let mut blocks = Vec::new();
    let mut at = 0;
    for (s, e, reason) in merged {
        if at < s {
            blocks.push(block(at, s, None, &kept));
        }
        blocks.push(block(s, e, Some(reason), &kept));
        at = e;
    }
    if at < text.len() || blocks.is_empty() {
        blocks.push(block(at, text.len(), None, &kept));
    }
    blocks
}

fn block(
    start: usize,
    end: usize,
    boilerplate: Option<String>,
    marks: &[(usize, usize, Mark)],
) -> Block {
    let mut runs = Vec::new();
    let mut at = start;
    // Marks are sorted and disjoint; those crossing a block edge are cut at the edge.
    let first = marks.partition_point(|m| m.1 <= start);
    for &(s, e, mark) in &marks[first..] {
        if s >= end {
            break;
        }
        let (s, e) = (s.max(start), e.min(end));
        if at < s {
            runs.push(Run {
                start: at,
                end: s,
                mark: None,
            });
        }
        runs.push(Run {
            start: s,
            end: e,
            mark: Some(mark),
        });
        at = e;
    }
    if at < end || runs.is_empty() {
        runs.push(Run {
            start: at,
            end,
            mark: None,
        });
    }
    Block {
        start,
        end,
        boilerplate,
        runs,
    }
}

/// Split the runs of `blocks` at `start` and `end` (clamped), so that every run lies wholly inside or
/// wholly outside `start..end`: the reader marks the focused evidence span without re-cutting the
/// text itself.
pub fn cut_at(text: &str, blocks: &mut [Block], start: usize, end: usize) {
    let (s, e) = clamp(text, start, end);
    for b in blocks.iter_mut() {
        let mut runs = Vec::with_capacity(b.runs.len() + 2);
        for r in b.runs.drain(..) {
            let mut cuts = vec![r.start];
            for c in [s, e] {
                if r.start < c && c < r.end {
                    cuts.push(c);
                }
            }
            cuts.push(r.end);
            cuts.dedup();
            for w in cuts.windows(2) {
                runs.push(Run {
                    start: w[0],
                    end: w[1],
                    mark: r.mark,
                });
            }
        }
        b.runs = runs;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Headline here\nRussian Foreign Minister Sergei Lavrov arrived in Pyongyang. He met Kim Jong Un. Café Ω!";

    fn at(needle: &str) -> (usize, usize) {
        let s = TEXT.find(needle).unwrap();
        (s, s + needle.len())
    }

    #[test]
    fn a_snippet_is_the_mentions_sentence_with_the_name_highlighted() {
        let (s, e) = at("Sergei Lavrov");
        let snip = snippet(TEXT, DocId(3), s, e);
        let texts: Vec<(&str, bool)> = snip
            .pieces
            .iter()
            .map(|p| (p.text.as_str(), p.highlight))
            .collect();
        assert_eq!(
            texts,
            vec![
                ("Russian Foreign Minister ", false),
                ("Sergei Lavrov", true),
                (" arrived in Pyongyang.", false)
            ]
        );
        let (s, e) = at("Kim Jong Un");
        let snip = snippet(TEXT, DocId(3), s, e);
        assert_eq!(snip.pieces[0].text, "He met ");
        assert_eq!(snip.pieces[2].text, ".");
    }

    #[test]
    fn long_context_is_cut_with_an_ellipsis_on_a_char_boundary() {
        let long = format!("{}Name{}", "é".repeat(400), "ü".repeat(400));
        let s = long.find("Name").unwrap();
        let snip = snippet(&long, DocId(0), s, s + 4);
        assert!(snip.pieces[0].text.starts_with('…'));
        assert!(snip.pieces[2].text.ends_with('…'));
        assert!(snip.pieces[0].text.len() <= CONTEXT + 4);
    }

    #[test]
    fn reader_blocks_cover_the_text_and_keep_boilerplate_with_its_reason() {
        let m = |s: &str, id| {
            let (a, b) = at(s);
            (
                a,
                b,
                Mark {
                    entity: EntityId(id),
                    kind: EntityKind::Person,
                },
            )
        };
        let boiler_start = TEXT.find("Café").unwrap();
        let blocks = reader_blocks(
            TEXT,
            &[m("Sergei Lavrov", 1), m("Lavrov", 2), m("Kim Jong Un", 3)],
            &[(boiler_start, TEXT.len(), "link list".to_string())],
        );
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[1].boilerplate.as_deref(), Some("link list"));
        let marked: Vec<&str> = blocks[0]
            .runs
            .iter()
            .filter(|r| r.mark.is_some())
            .map(|r| &TEXT[r.start..r.end])
            .collect();
        assert_eq!(marked, vec!["Sergei Lavrov", "Kim Jong Un"]);
    }

    #[test]
    fn cutting_at_a_focus_span_keeps_marks_and_coverage() {
        let (s, e) = at("Lavrov arrived");
        let mut blocks = reader_blocks(
            TEXT,
            &[(
                s,
                s + 6,
                Mark {
                    entity: EntityId(1),
                    kind: EntityKind::Person,
                },
            )],
            &[],
        );
        cut_at(TEXT, &mut blocks, s + 3, e);
        let runs: Vec<(&str, bool)> = blocks[0]
            .runs
            .iter()
            .map(|r| (&TEXT[r.start..r.end], r.mark.is_some()))
            .filter(|(t, _)| t.contains("rov") || t.starts_with("Lav"))
            .collect();
        assert_eq!(runs[0], ("Lav", true));
        assert_eq!(runs[1], ("rov", true));
        assert_eq!(blocks[0].runs.last().unwrap().end, TEXT.len());
    }

    proptest::proptest! {
        #[test]
        fn any_offsets_give_contiguous_runs_on_char_boundaries(
            text in "\\PC{0,60}",
            spans in proptest::collection::vec((0usize..80, 0usize..80), 0..6),
            boiler in proptest::collection::vec((0usize..80, 0usize..80), 0..3),
        ) {
            let mentions: Vec<_> = spans.iter().map(|&(s, e)| (s, e, Mark { entity: EntityId(0), kind: EntityKind::Place })).collect();
            let boiler: Vec<_> = boiler.iter().map(|&(s, e)| (s, e, "x".to_string())).collect();
            let blocks = reader_blocks(&text, &mentions, &boiler);
            let mut at = 0;
            for b in &blocks {
                proptest::prop_assert_eq!(b.start, at);
                let mut r_at = b.start;
                for r in &b.runs {
                    proptest::prop_assert_eq!(r.start, r_at);
                    proptest::prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
                    r_at = r.end;
                }
                proptest::prop_assert_eq!(r_at, b.end);
                at = b.end;
            }
            proptest::prop_assert_eq!(at, text.len());
            for &(s, e) in &spans {
                let snip = snippet(&text, DocId(0), s, e);
                proptest::prop_assert!(snip.pieces.iter().any(|p| p.highlight));
            }
        }
    }
}
