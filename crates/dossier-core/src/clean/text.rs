//! Cleaning plain text pasted from a page: a line-level model.
//!
//! Without markup, what separates an article from its page is the shape of lines: an article is a
//! run of long, sentence-like lines (often blank-line separated, as copied paragraphs are), while
//! menus, teasers and footers are runs of short, link-like lines, known furniture phrases
//! ("Related Articles", "Share", "Comments"), tag lists and lines repeated elsewhere on the page.
//!
//! Each line gets a weight: prose positive (more when blank-line separated, capped so one huge
//! pasted teaser cannot outweigh an article), short lines negative and more so the longer their
//! run, in-article furniture ("ADVERTISEMENT", captions) mildly negative. Section headings
//! ("Related Articles", "Comments", "Tags", a copyright line) are walls the article never crosses;
//! within each stretch between walls the maximum-sum run of lines is a candidate, discounted
//! when the stretch opens with a comments or related-articles heading, and the best candidate is
//! the article. Inside it, lines are main unless their wording marks them (captions, bylines,
//! duplicates of a later line); outside it, everything is boilerplate with the best reason we can
//! give (the section it sits in, "menu item", "duplicate standfirst", …).

use super::lexicon;
use super::Verdict;
use crate::gazetteer::FastMap;
use crate::ingest::meta_text;
use crate::span::Span;

struct Line<'a> {
    span: Span,
    text: &'a str,
    /// Words, counted up to 41: every rule asks only about 40 or fewer (see
    /// [`lexicon::line_reason_counted`]), so a paragraph is not counted to its end.
    words: usize,
    chars: usize,
    /// Separated from its neighbours by blank lines (a copied `<p>`).
    para: bool,
    repeated: bool,
    reason: Option<&'static str>,
    prose: bool,
}

fn sentence_end(t: &str) -> bool {
    t.trim_end()
        .trim_end_matches(['"', '\'', '”', '’', ')', ']', '»'])
        .ends_with(['.', '!', '?', '…'])
}

/// Most words capitalised: a run of menu items or headlines, not a sentence.
fn title_case(t: &str) -> bool {
    let (mut caps, mut words) = (0, 0);
    for w in t.split_whitespace() {
        if let Some(c) = w.chars().find(|c| c.is_alphabetic()) {
            words += 1;
            if c.is_uppercase() {
                caps += 1;
            }
        }
    }
    words > 0 && caps * 10 > words * 6
}

/// Lines repeated on a page are compared without trailing punctuation (a standfirst often drops
/// the full stop its paragraph has).
fn dup_key(t: &str) -> &str {
    t.trim_end_matches(|c: char| !c.is_alphanumeric())
}

fn lines(text: &str) -> Vec<Line<'_>> {
    let mut raw: Vec<(Span, &str, bool, bool)> = Vec::new(); // span, text, blank before, blank after
    let mut pos = 0;
    let mut blank_before = true;
    for piece in text.split_inclusive('\n') {
        let start = pos;
        pos += piece.len();
        let body = piece.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim();
        if trimmed.is_empty() {
            blank_before = true;
            if let Some(last) = raw.last_mut() {
                last.3 = true;
            }
            continue;
        }
        let lead = body.len() - body.trim_start().len();
        let span = Span::new(start + lead, start + lead + trimmed.len());
        raw.push((span, trimmed, blank_before, false));
        blank_before = false;
    }
    if let Some(last) = raw.last_mut() {
        last.3 = true;
    }
    let mut counts: FastMap<&str, u32> = FastMap::default();
    for (_, t, _, _) in &raw {
        *counts.entry(dup_key(t)).or_default() += 1;
    }
    raw.into_iter()
        .map(|(span, t, before, after)| {
            let words = lexicon::words_up_to(t, 41);
            let reason = lexicon::line_reason_counted(t, words);
            let prose = reason.is_none()
                && ((words >= 10 && sentence_end(t))
                    || (words >= 25 && !title_case(t))
                    || (before && after && words >= 6 && sentence_end(t)));
            Line {
                span,
                text: t,
                words,
                chars: t.chars().count(),
                para: before && after,
                repeated: counts.get(dup_key(t)).copied().unwrap_or(0) > 1,
                reason,
                prose,
            }
        })
        .collect()
}

fn weight(l: &Line) -> f64 {
    match l.reason {
        // Furniture that sits inside articles: cheap to cross.
        Some(lexicon::AD | lexicon::CAPTION | lexicon::SOCIAL | lexicon::BYLINE) => return -20.0,
        Some(_) if !is_wall(l) => return -(50.0 + l.chars as f64),
        // Furniture that starts a section of its own (related, comments, tags, footer): a wall.
        Some(_) => return -(150.0 + l.chars as f64),
        None => {}
    }
    if l.prose {
        // Capped: one huge line (a whole teaser excerpt pasted as one line) is not worth ten
        // paragraphs.
        let w = l.chars.min(800) as f64;
        return if l.repeated {
            0.0
        } else if l.para {
            w * 1.5
        } else {
            w * 0.5
        };
    }
    // A short sentence is still a sentence: worth a little.
    if l.words >= 5 && sentence_end(l.text) && !l.repeated {
        return l.chars as f64 * 0.3;
    }
    // Short lines: menus, headings, labels. A run of them is costly; one heading is cheap.
    let base = if l.words <= 6 { 50.0 } else { 15.0 };
    let rep = if l.repeated { 30.0 } else { 0.0 };
    -(base + rep)
}

/// Section headings that end an article ("Related Articles", "Comments", "Tags", a footer): the
/// article never runs across one.
fn is_wall(l: &Line) -> bool {
    lexicon::is_section_heading(l.text, l.reason)
}

/// The lines `lo..=hi` of the article: within each stretch between walls, the maximum-sum run of
/// line weights; of those, the best after a discount for stretches that open with a comments
/// or related-articles heading (what follows those is a thread or teasers, even when longer than
/// the article). An empty range (`lo > hi`) when nothing scores.
fn article_range(lines: &[Line]) -> (usize, usize) {
    let mut best: Option<(f64, usize, usize)> = None;
    let mut zone_start = 0;
    let mut factor = 1.0;
    for end in 0..=lines.len() {
        if end < lines.len() && !is_wall(&lines[end]) {
            continue;
        }
        let (mut top, mut range) = (0f64, None);
        let (mut run, mut run_start) = (0f64, zone_start);
        let mut short_run = 0usize;
        for (i, l) in lines.iter().enumerate().take(end).skip(zone_start) {
            let mut w = weight(l);
            // A long run of short lines (a menu, a staff list) is a boundary: each further line
            // costs more, so the article does not reach across it to prose beyond.
            if w < 0.0 {
                w *= 1.0 + 0.25 * short_run as f64;
                short_run += 1;
            } else {
                short_run = 0;
            }
            if run <= 0.0 {
                run = w;
                run_start = i;
            } else {
                run += w;
            }
            if run > top {
                top = run;
                range = Some((run_start, i));
            }
        }
        if let Some((lo, hi)) = range {
            let score = top * factor;
            if best.is_none_or(|b| score > b.0) {
                best = Some((score, lo, hi));
            }
        }
        factor = match lines.get(end).and_then(|l| l.reason) {
            Some(lexicon::COMMENTS) => 0.3,
            Some(lexicon::RELATED) => 0.4,
            _ => 1.0,
        };
        zone_start = end + 1;
    }
    best.map_or((1, 0), |b| (b.1, b.2))
}

pub fn classify(text: &str) -> Vec<Verdict> {
    let lines = lines(text);
    if lines.is_empty() {
        return Vec::new();
    }
    let (lo, hi) = article_range(&lines);
    // Outside the article, a line belongs to the section its last heading opened ("Comments",
    // "Related Articles"); a prose line repeated elsewhere is a duplicate (teaser, standfirst).
    let mut section: Option<&'static str> = None;
    let mut last_copy: FastMap<&str, usize> = FastMap::default();
    for (i, l) in lines.iter().enumerate().take(hi + 1).skip(lo) {
        if l.repeated {
            last_copy.insert(dup_key(l.text), i);
        }
    }
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if i == hi + 1 {
                section = None;
            }
            if i < lo || i > hi {
                if is_wall(l) {
                    section = l.reason;
                }
                let reason = l.reason.unwrap_or(if l.repeated && l.prose {
                    lexicon::DUPLICATE
                } else if let Some(s) = section {
                    s
                } else if l.prose {
                    lexicon::OUTSIDE
                } else if i < lo {
                    lexicon::MENU
                } else {
                    lexicon::FOOTER
                });
                return (l.span, Some(reason));
            }
            let reason = l
                .reason
                .or_else(|| lexicon::is_byline(l.text, l.words).then_some(lexicon::BYLINE))
                .or_else(|| {
                    (l.words <= 8
                        && !l.prose
                        && !l.text.contains("(@")
                        && meta_text::first_date(l.text).is_some())
                    .then_some(lexicon::BYLINE)
                })
                .or_else(|| {
                    // Of a line repeated inside the article the last copy is kept: the earlier one
                    // is a standfirst or teaser repeated by the body.
                    (l.repeated && last_copy.get(dup_key(l.text)).is_some_and(|&j| j > i))
                        .then_some(lexicon::DUPLICATE)
                });
            (l.span, reason)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::clean::{clean, main_text};
    use crate::ingest;
    use crate::span::DocId;

    fn body(text: &str) -> String {
        let doc = ingest(DocId(0), "t.txt", text.as_bytes());
        main_text(&doc.text, &clean(&doc))
    }

    #[test]
    fn article_lines_survive_menus_teasers_and_tags() {
        let text = "Home\nWorld\nPolitics\nBusiness\nSport\n\
            Talks end without a deal\nBy Ann Lee\n\n\
            Ministers from both countries met in the capital on Friday to discuss trade and security.\n\n\
            ADVERTISEMENT\n\n\
            The talks, the first in five years, ended without a joint statement, officials said later.\n\n\
            KOREA, NORTH, RUSSIA, LA\nRelated Articles\nAnother story about trade\nComments\nNo comments yet\n";
        assert_eq!(
            body(text),
            "Ministers from both countries met in the capital on Friday to discuss trade and security.\n\n\
             The talks, the first in five years, ended without a joint statement, officials said later."
        );
    }
}
