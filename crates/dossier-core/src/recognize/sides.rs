//! Sides of a match or a case: a place name that stands next to a score ("Belgium 3 – 0
//! Panama", "trail Dortmund 2 - 0") or on either side of "vs"/"v."/"versus" ("Brazil vs
//! Croatia", "Green versus United States") names a team or a party, an organisation, not the
//! place.
//!
//! Why a rule and not only the tagger: the metonymy is decided by a context the tagger's
//! sentence window rarely sees in its training data (national teams hardly occur in GUM's
//! non-news genres), while the annotations that do contain it agree. In the training data
//! (`shared/eval/gum-other.jsonl` and `train/`), names directly beside a score are ORG 29
//! times and LOC 3, names beside "vs"/"v"/"versus" (persons aside) ORG 65 times and LOC 3;
//! over all contexts a country name is LOC 1,533 times and ORG 73.
//!
//! A name is one entity throughout a document (GUM types entities, not single mentions, and
//! news keeps a name's referent within an article), so every mention of a side's name in the
//! document becomes an organisation — "Sweden had higher ball possession" in a match report is
//! the team as well. Persons stay persons ("Serena Williams vs Simona Halep").

use super::{EntityType, Found};
use std::collections::HashSet;

/// Largest number on either side of a score: scores are small, years and page ranges are not.
const MAX_SCORE_DIGITS: usize = 2;

/// Whether `s` starts with a score ("3 – 0", "2-1", "(1 - 1)"), after optional blanks; the
/// score must end there (not "3-0.5", "1-2-3", "10:30").
fn score_after(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = skip_blanks(b, 0);
    if b.get(i) == Some(&b'(') {
        i += 1;
    }
    let Some(i) = digits(b, i) else {
        return false;
    };
    let i = skip_blanks(b, i);
    let Some(i) = dash(s, i) else {
        return false;
    };
    let i = skip_blanks(b, i);
    let Some(mut i) = digits(b, i) else {
        return false;
    };
    if b.get(i) == Some(&b')') {
        i += 1;
    }
    let mut rest = s[i..].chars();
    match rest.next() {
        None => true,
        // A full stop or comma may end the sentence or clause ("won 2-1."), not a number.
        Some('.' | ',' | ':') => !rest.next().is_some_and(|c| c.is_ascii_digit()),
        // "8-4A" is a code, not a score.
        Some(c) => !(c.is_alphanumeric() || c == '/' || is_dash(c)),
    }
}

/// Whether `s` ends with a score ("3 – 0 "), the mirror of [`score_after`].
fn score_before(s: &str) -> bool {
    let t = s.trim_end_matches([' ', '\t']);
    let b = t.as_bytes();
    // Second number.
    let mut end = b.len();
    while end > 0 && b[end - 1].is_ascii_digit() {
        end -= 1;
    }
    let n2 = b.len() - end;
    if n2 == 0 || n2 > MAX_SCORE_DIGITS {
        return false;
    }
    let rest = t[..end].trim_end_matches([' ', '\t']);
    let Some(d) = rest.chars().next_back().filter(|&c| is_dash(c)) else {
        return false;
    };
    let rest = rest[..rest.len() - d.len_utf8()].trim_end_matches([' ', '\t']);
    let b = rest.as_bytes();
    let mut start = b.len();
    while start > 0 && b[start - 1].is_ascii_digit() {
        start -= 1;
    }
    let n1 = b.len() - start;
    if n1 == 0 || n1 > MAX_SCORE_DIGITS {
        return false;
    }
    let mut back = rest[..start].chars().rev();
    match back.next() {
        None => true,
        Some('.' | ',' | ':') => !back.next().is_some_and(|c| c.is_ascii_digit()),
        Some(c) => !(c.is_alphanumeric() || c == '/' || is_dash(c)),
    }
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—')
}

fn skip_blanks(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    i
}

/// End of one to [`MAX_SCORE_DIGITS`] ASCII digits at `i`.
fn digits(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i;
    while b.get(j).is_some_and(u8::is_ascii_digit) {
        j += 1;
    }
    (j > i && j - i <= MAX_SCORE_DIGITS).then_some(j)
}

fn dash(s: &str, i: usize) -> Option<usize> {
    let c = s.get(i..)?.chars().next()?;
    is_dash(c).then(|| i + c.len_utf8())
}

/// Whether `w` is the word that sets two sides against each other.
fn is_versus(w: &str) -> bool {
    let w = w.strip_suffix('.').unwrap_or(w);
    w.eq_ignore_ascii_case("vs") || w.eq_ignore_ascii_case("v") || w.eq_ignore_ascii_case("versus")
}

/// The text between two byte offsets on one line, `None` when a line break intervenes.
fn same_line(text: &str, a: usize, b: usize) -> Option<&str> {
    let s = text.get(a..b)?;
    (!s.contains('\n')).then_some(s)
}

/// Retype the sides of matches and cases in `found` (sorted by token range). Linear in the
/// number of mentions plus the bytes looked at around each.
pub fn apply(text: &str, mut found: Vec<Found>) -> Vec<Found> {
    const LOOK: usize = 24;
    let mut sides: HashSet<&str> = HashSet::new();
    for (k, f) in found.iter().enumerate() {
        if f.ty != EntityType::Loc {
            continue;
        }
        let (a, b) = (f.span.start, f.span.end);
        let after_end = floor_char(text, (b + LOOK).min(text.len()));
        let before_start = ceil_char(text, a.saturating_sub(LOOK));
        let after = text.get(b..after_end).unwrap_or("");
        let after = after.split('\n').next().unwrap_or("");
        let before = text.get(before_start..a).unwrap_or("");
        let before = before.rsplit('\n').next().unwrap_or("");
        let mut side = score_after(after) || score_before(before);
        // "A vs B": the neighbouring mention on the same line, with only the word between.
        if !side {
            let between = |x: &Found, y: &Found| {
                same_line(text, x.span.end, y.span.start).is_some_and(|s| is_versus(s.trim()))
            };
            side = (k > 0 && between(&found[k - 1], f))
                || (k + 1 < found.len() && between(f, &found[k + 1]));
        }
        if side {
            sides.insert(f.span.of(text));
        }
    }
    if sides.is_empty() {
        return found;
    }
    let sides: HashSet<String> = sides.into_iter().map(str::to_string).collect();
    for f in found.iter_mut() {
        if f.ty == EntityType::Loc && sides.contains(f.span.of(text)) {
            f.ty = EntityType::Org;
        }
    }
    found
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    /// Mentions given as (surface, nth occurrence, type), returned as (surface, type).
    fn run(text: &str, tagged: &[(&str, usize, EntityType)]) -> Vec<(String, EntityType)> {
        let mut found: Vec<Found> = tagged
            .iter()
            .map(|&(s, nth, ty)| {
                let at = text.match_indices(s).nth(nth).expect("fixture mention").0;
                Found {
                    span: Span::new(at, at + s.len()),
                    ty,
                    tokens: (at, at + s.len()),
                }
            })
            .collect();
        found.sort_by_key(|f| f.tokens);
        apply(text, found)
            .into_iter()
            .map(|f| (f.span.of(text).to_string(), f.ty))
            .collect()
    }

    use EntityType::*;

    #[test]
    fn score_lines_make_teams_of_places_throughout_the_document() {
        let text = "Group G — Belgium 3 – 0 Panama\n\nIn Sochi, Belgium had more of the ball.";
        assert_eq!(
            run(
                text,
                &[
                    ("Belgium", 0, Loc),
                    ("Panama", 0, Loc),
                    ("Sochi", 0, Loc),
                    ("Belgium", 1, Loc)
                ]
            ),
            [
                ("Belgium".to_string(), Org),
                ("Panama".to_string(), Org),
                ("Sochi".to_string(), Loc),
                ("Belgium".to_string(), Org)
            ]
        );
    }

    #[test]
    fn versus_makes_sides_but_persons_stay_persons() {
        let text = "In Green versus United States the court held. Williams vs Halep in Paris.";
        assert_eq!(
            run(
                text,
                &[
                    ("Green", 0, Per),
                    ("United States", 0, Loc),
                    ("Williams", 0, Per),
                    ("Halep", 0, Per),
                    ("Paris", 0, Loc)
                ]
            ),
            [
                ("Green".to_string(), Per),
                ("United States".to_string(), Org),
                ("Williams".to_string(), Per),
                ("Halep".to_string(), Per),
                ("Paris".to_string(), Loc)
            ]
        );
    }

    #[test]
    fn years_times_and_ranges_are_not_scores() {
        let text =
            "France 2010-2011 and Spain 10:30 and Italy 1-2-3 and Peru 3-0.5 and Chile, 4–5 May";
        let tagged: Vec<_> = ["France", "Spain", "Italy", "Peru", "Chile"]
            .iter()
            .map(|&s| (s, 0, Loc))
            .collect();
        assert!(run(text, &tagged).iter().all(|(_, ty)| *ty == Loc));
    }

    #[test]
    fn score_forms() {
        for s in [" 3 – 0", "2-1 up", " (1 - 1)", " 1 — 2 to England", " 2-1."] {
            assert!(score_after(s), "{s}");
        }
        for s in ["defeated 3 – 0 ", "trail 2-0 ", "2 - 4 ", "Ended. 1-1 "] {
            assert!(score_before(s), "{s}");
        }
        for s in [
            " 2010-2011",
            " 1-2-3",
            " 3-0.5",
            " 10:30",
            " 123-4",
            " - 1",
            " 8-4A",
        ] {
            assert!(!score_after(s), "{s}");
        }
        for s in ["pages 1-2-3 ", "2010-11 ", "1.5-2 ", "A3-0 "] {
            assert!(!score_before(s), "{s}");
        }
    }
}
