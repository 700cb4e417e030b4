//! Sentence splitting for news text: main-content spans → [`Sentence`]s.
//!
//! News pages are not tidy prose, so besides full stops the splitter knows:
//! - lines: headlines, bylines, bullet points and tag lists end without a stop, so a line break
//!   ends a sentence unless the line is plainly hard-wrapped prose (it runs on in lower case);
//! - abbreviations: "Gen.", "Mr.", initials and "U.N." do not end a sentence, though a dotted
//!   acronym followed by a word that typically starts a sentence ("in the U.S. The ...") does;
//! - datelines: "PYONGYANG, July 12 (Reuters) –" is split off as a unit of its own so the
//!   upper-case place name is not read as the start of the first sentence;
//! - bullets: a leading "•", "-" or "*" is not part of the sentence;
//! - headlines and tag lists: lines in title case or capitals without a final stop, and
//!   comma-separated lists of short capitalised items, get `headline = true`, telling the
//!   recogniser that capitals carry no evidence there.

use super::token::{is_abbreviation, is_dotted, is_title_abbreviation, tokens, tokens_into};
use crate::model::{Sentence, TokenizedSentence};
use crate::sort::SortStable;
use crate::span::Span;

/// Sentences of the main-content `main` spans of `text`, in text order. Spans that do not fit
/// `text` or split a character are skipped; overlapping spans are not repeated.
pub fn sentences(text: &str, main: &[Span]) -> Vec<Sentence> {
    let mut out = Vec::new();
    split(text, main, &mut out, None);
    out
}

/// [`sentences`] with the tokens of each sentence, which the splitter finds anyway: the same
/// tokens as [`tokens`] of each sentence's span, without tokenising the text a second time.
pub fn tokenized_sentences(text: &str, main: &[Span]) -> (Vec<Sentence>, Vec<TokenizedSentence>) {
    let mut out = Vec::new();
    let mut toks = Vec::new();
    split(text, main, &mut out, Some(&mut toks));
    (out, toks)
}

/// Sentences of `main` into `out`, and their tokens into `toks` when asked.
fn split(
    text: &str,
    main: &[Span],
    out: &mut Vec<Sentence>,
    mut toks: Option<&mut Vec<TokenizedSentence>>,
) {
    let mut spans: Vec<Span> = main
        .iter()
        .copied()
        .filter(|s| s.start <= s.end && text.get(s.start..s.end).is_some())
        .collect();
    spans.sort_stable();
    let mut done = 0;
    // Room for the sentences of typical news prose (~120 bytes each) from the start, so the
    // lists do not grow by copying, and for the tokens of a long line.
    let bytes: usize = spans.iter().map(|s| s.end - s.start).sum();
    out.reserve(bytes / 100);
    if let Some(t) = toks.as_deref_mut() {
        t.reserve(bytes / 100);
    }
    // The tokens of the current line, in one buffer for all lines, and which of them may end a
    // sentence.
    let mut line_toks = Vec::with_capacity(256);
    let mut line_ends: Vec<u32> = Vec::new();
    for s in spans {
        let start = s.start.max(done);
        if start >= s.end || !text.is_char_boundary(start) {
            continue;
        }
        // Line by line: the tokeniser stops after each line break. A line is trimmed, so it runs
        // from its first token to its last (tokens never cross whitespace), and hard-wrapped
        // prose lines are joined back together: their tokens stay in the buffer.
        let mut pos = start;
        while pos < s.end {
            let first = line_toks.len();
            let next = tokens_into(
                text,
                Span::new(pos, s.end),
                &mut line_toks,
                Some(&mut line_ends),
            );
            pos = next;
            if line_toks.len() == first {
                continue; // a blank line
            }
            if line_continues(text, &line_toks[first..], next, s.end) {
                continue;
            }
            let line = Span::new(line_toks[0].start, line_toks[line_toks.len() - 1].end);
            let mut sink = Sink {
                out: &mut *out,
                toks: toks.as_deref_mut(),
                line,
            };
            split_line(text, &line_toks, &line_ends, &mut sink);
            line_toks.clear();
            line_ends.clear();
        }
        done = s.end;
    }
}

/// Whether the line with tokens `toks`, followed by the text from `next` (after its line break)
/// to `end`, is hard-wrapped prose that the next line continues: it does not end a sentence (it
/// ends with a letter, digit or comma), is longer than 40 bytes, and the next line follows
/// directly (no blank line between) and starts in lower case.
fn line_continues(text: &str, toks: &[Span], next: usize, end: usize) -> bool {
    let line = &text[toks[0].start..toks[toks.len() - 1].end];
    let ends_open = line
        .chars()
        .last()
        .is_some_and(|c| c.is_alphanumeric() || c == ',');
    if !ends_open || line.len() <= 40 {
        return false;
    }
    // The first character of the next line that is not whitespace; a second line break before
    // it makes a blank line.
    for c in text[next..end].chars() {
        if c == '\n' {
            return false;
        }
        if !c.is_whitespace() {
            return c.is_lowercase();
        }
    }
    false
}

/// Where a line's sentences go.
struct Sink<'a> {
    out: &'a mut Vec<Sentence>,
    toks: Option<&'a mut Vec<TokenizedSentence>>,
    line: Span,
}

fn is_bullet(tok: &str) -> bool {
    matches!(
        tok,
        "•" | "-" | "*" | "·" | "–" | "—" | "▪" | "►" | "‣" | "◦" | ">"
    )
}

fn is_closing(tok: &str) -> bool {
    matches!(tok, "\"" | "'" | "”" | "’" | ")" | "]" | "»" | "}")
}

fn is_terminal(tok: &str) -> bool {
    // A first byte that starts none of them (0xE2 starts '…') settles most tokens at once.
    matches!(tok.as_bytes().first(), Some(b'.' | b'!' | b'?' | 0xe2))
        && tok.starts_with(['.', '!', '?', '…'])
        && tok.chars().all(|c| matches!(c, '.' | '!' | '?' | '…'))
}

/// Words that start sentences far more often than they follow an acronym inside one.
const STARTERS: &[&str] = &[
    "A",
    "After",
    "An",
    "And",
    "As",
    "At",
    "But",
    "During",
    "For",
    "He",
    "Her",
    "His",
    "How",
    "I",
    "If",
    "In",
    "It",
    "Its",
    "Many",
    "Meanwhile",
    "Most",
    "Mr.",
    "Mrs.",
    "Ms.",
    "No",
    "On",
    "One",
    "Our",
    "She",
    "Some",
    "That",
    "The",
    "Their",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "To",
    "We",
    "What",
    "When",
    "While",
    "Why",
    "With",
    "You",
];

fn starts_upper(tok: &str) -> bool {
    tok.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

fn is_opening(tok: &str) -> bool {
    matches!(tok, "\"" | "'" | "“" | "‘" | "(" | "[" | "«")
}

/// Split one line, given its tokens and the indices of those that [may
/// end](super::token::may_end) a sentence (in order), into sentences.
fn split_line(text: &str, toks: &[Span], ends: &[u32], out: &mut Sink) {
    if toks.is_empty() {
        return;
    }
    let mut first = 0;
    // A bullet marker is not part of the sentence.
    if toks.len() > 1 && is_bullet(toks[0].of(text)) {
        first = 1;
    }
    if let Some(end) = dateline_end(text, &toks[first..]) {
        push(text, &toks[first..first + end], out);
        first += end;
    }
    let mut start = first;
    let mut i = first;
    // Only a token that may end a sentence can: the loop skips to the next one the tokeniser
    // marked.
    let mut ends = ends.iter().map(|&k| k as usize);
    while i < toks.len() {
        match ends.find(|&k| k >= i) {
            Some(k) => i = k,
            None => break,
        }
        let t = toks[i].of(text);
        let mut boundary_after = None;
        if is_terminal(t) {
            // Absorb closing quotes and brackets into the sentence they close.
            let mut j = i + 1;
            while j < toks.len() && toks[j].start == toks[j - 1].end && is_closing(toks[j].of(text))
            {
                j += 1;
            }
            let follower = toks.get(j).map(|s| s.of(text));
            let ok = match follower {
                None => true,
                Some(f) => starts_upper(f) || is_opening(f) || t != ".",
            };
            if ok {
                boundary_after = Some(j);
            }
        } else if t.ends_with('.') && t.len() > 1 && !is_title_abbreviation(t) {
            // "U.S." or "Inc." at the end of a sentence carries its stop.
            let single_initial = t.len() == 2;
            if !single_initial && (is_dotted(t) || is_abbreviation(t)) {
                if let Some(n) = toks.get(i + 1).map(|s| s.of(text)) {
                    if STARTERS.contains(&n) {
                        boundary_after = Some(i + 1);
                    }
                }
            }
        }
        match boundary_after {
            Some(j) if j < toks.len() => {
                push(text, &toks[start..j], out);
                start = j;
                i = j;
            }
            Some(_) => break,
            None => i += 1,
        }
    }
    if start < toks.len() {
        push(text, &toks[start..], out);
    }
}

fn push(text: &str, toks: &[Span], out: &mut Sink) {
    let (Some(first), Some(last)) = (toks.first(), toks.last()) else {
        return;
    };
    let span = Span::new(first.start, last.end);
    let headline = is_headline(text, toks);
    out.out.push(Sentence { span, headline });
    if let Some(sink) = out.toks.as_deref_mut() {
        // The line's tokens are the sentence's own when the sentence starts and ends at
        // whitespace (or the line's ends): tokens never cross whitespace. A sentence cut inside
        // a chunk ("end.Next") is tokenised on its own, as `tokens(text, span)` would.
        let whole = |at: usize, before: bool| {
            let side = if before {
                text.get(..at)
            } else {
                text.get(at..)
            };
            let c = side.and_then(|s| {
                if before {
                    s.chars().next_back()
                } else {
                    s.chars().next()
                }
            });
            c.is_some_and(char::is_whitespace)
        };
        let own = (span.start == out.line.start || whole(span.start, true))
            && (span.end == out.line.end || whole(span.end, false));
        sink.push(TokenizedSentence {
            tokens: if own {
                toks.to_vec()
            } else {
                tokens(text, span)
            },
            headline,
        });
    }
}

/// Number of tokens of a leading dateline ("PYONGYANG, July 12 (Reuters) –",
/// "WASHINGTON (AP) —", "LONDON —"), ending with the dash; `None` if there is none.
fn dateline_end(text: &str, toks: &[Span]) -> Option<usize> {
    // The first 14 tokens, read as needed: most lines fail on the first.
    let words = &toks[..toks.len().min(14)];
    let word = |i: usize| words[i].of(text);
    // It opens with a place name in capitals.
    let caps = |w: &str| w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase);
    let mut i = 0;
    while i < words.len()
        && caps(word(i))
        && word(i).chars().next().is_some_and(char::is_alphabetic)
    {
        i += 1;
    }
    if i == 0 || (0..i).all(|k| word(k).chars().count() < 3) {
        return None;
    }
    // Then anything short (commas, a date, an agency in brackets) up to a dash.
    while i < words.len() {
        let w = word(i);
        if matches!(w, "–" | "—" | "-" | "--") {
            return (i + 1 < toks.len()).then_some(i + 1);
        }
        if w == "." || w == "!" || w == "?" || w.chars().any(char::is_lowercase) && w.len() > 9 {
            return None;
        }
        i += 1;
    }
    None
}

/// Whether capitalisation in these tokens says nothing: a line in title case or in capitals
/// without a final stop, or a comma-separated tag list of capitalised items.
fn is_headline(text: &str, toks: &[Span]) -> bool {
    // Bytes, not `&str`: tokens fall on character boundaries, so slicing need not check them.
    let bytes = text.as_bytes();
    let last = toks.last().map(|s| s.of(text)).unwrap_or("");
    let ends_stopped = is_terminal(last) || is_closing(last) || last.ends_with('.');
    if ends_stopped {
        // Most sentences end with a stop, and then only the test for capitals can hold: it
        // needs four words in capitals for each word with a lower-case letter, which prose
        // rules out after a few words, when the tokens left could no longer make up for them.
        let (mut caps, mut lower) = (0, 0);
        for (k, s) in toks.iter().enumerate() {
            let Some(w) = bytes.get(s.start..s.end) else {
                continue;
            };
            // A word that starts with a small letter has one, without reading further.
            let has_lower = match w.first() {
                Some(b) if b.is_ascii_lowercase() => true,
                _ => match word_case(w, || s.of(text)) {
                    Some(f) => f.has_lower,
                    None => continue,
                },
            };
            if has_lower {
                lower += 1;
                if caps + (toks.len() - k - 1) < 4 * lower {
                    return false;
                }
            } else {
                caps += 1;
            }
        }
        // All-caps words ≥ 80% of the words (caps ≥ 4 × lower) and at least three words.
        return caps + lower >= 3 && caps >= 4 * lower;
    }
    // Otherwise one pass of counts over the words (tokens that start with a letter).
    let (mut words, mut all_caps, mut content, mut capitalised, mut commas) = (0, 0, 0, 0, 0);
    let mut all_upper = true;
    for s in toks {
        let Some(w) = bytes.get(s.start..s.end) else {
            continue;
        };
        if w == b"," {
            commas += 1;
        }
        let Some(f) = word_case(w, || s.of(text)) else {
            continue;
        };
        words += 1;
        all_caps += !f.has_lower as usize;
        all_upper &= f.upper;
        // Content words: short function words stay lower case in title case.
        if f.long {
            content += 1;
            capitalised += f.upper as usize;
        }
    }
    if words < 2 {
        return false;
    }
    if all_caps * 10 >= words * 8 && words >= 3 {
        return true;
    }
    if content >= 2 && capitalised * 10 >= content * 8 {
        return true;
    }
    // A tag list: "KOREA, NORTH, RUSSIA, LA" or "Politics, World, Asia".
    commas >= 2 && commas * 2 + 2 >= words && all_upper
}

/// What [`is_headline`] counts of one word.
struct WordCase {
    /// Some letter is lower case.
    has_lower: bool,
    /// The first letter is upper case.
    upper: bool,
    /// Four characters or more.
    long: bool,
}

/// The case facts of `w`, or `None` when it does not start with a letter. Almost every word
/// starts with an ASCII letter, and then the facts come from a few bytes: a lower-case letter
/// is almost always the second byte, and four ASCII bytes are four characters.
/// `b` is the word's bytes, `w` gives it as text for the rare words that need decoding.
fn word_case<'a>(b: &[u8], w: impl Fn() -> &'a str) -> Option<WordCase> {
    let &first = b.first()?;
    if first < 0x80 {
        if !first.is_ascii_alphabetic() {
            return None;
        }
        let has_lower = match b.iter().position(|&c| c.is_ascii_lowercase() || c >= 0x80) {
            None => false,
            Some(k) if b[k] < 0x80 => true,
            // Bytes before `k` are ASCII, so `k` starts a character.
            Some(k) => w()[k..].chars().any(char::is_lowercase),
        };
        return Some(WordCase {
            has_lower,
            upper: first.is_ascii_uppercase(),
            long: b.len() >= 4 && (b[..4].is_ascii() || w().chars().nth(3).is_some()),
        });
    }
    let w = w();
    let c = w.chars().next()?;
    if !c.is_alphabetic() {
        return None;
    }
    Some(WordCase {
        has_lower: w.chars().any(char::is_lowercase),
        upper: c.is_uppercase(),
        long: w.chars().nth(3).is_some(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<(String, bool)> {
        sentences(text, &[Span::new(0, text.len())])
            .into_iter()
            .map(|s| (s.span.of(text).to_string(), s.headline))
            .collect()
    }

    fn plain(text: &str) -> Vec<String> {
        split(text).into_iter().map(|(s, _)| s).collect()
    }

    #[test]
    fn splits_at_full_stops_but_not_abbreviations() {
        assert_eq!(
            plain(
                "Gen. Smith met Mr. Jones at the U.N. on Friday. They talked. \"Good,\" he said."
            ),
            [
                "Gen. Smith met Mr. Jones at the U.N. on Friday.",
                "They talked.",
                "\"Good,\" he said."
            ]
        );
        assert_eq!(
            plain("L. Ron Hubbard founded it. Sales rose."),
            ["L. Ron Hubbard founded it.", "Sales rose."]
        );
    }

    #[test]
    fn acronym_at_sentence_end() {
        assert_eq!(
            plain("He lives in the U.S. The rest stayed."),
            ["He lives in the U.S.", "The rest stayed."]
        );
        assert_eq!(
            plain("Talks with the U.S. Senate went on."),
            ["Talks with the U.S. Senate went on."]
        );
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        assert_eq!(
            plain("“We won.” Then (he said) more!"),
            ["“We won.”", "Then (he said) more!"]
        );
    }

    #[test]
    fn dateline_is_its_own_unit() {
        assert_eq!(
            plain("PYONGYANG, July 12 (Reuters) – North Korea fired a missile."),
            [
                "PYONGYANG, July 12 (Reuters) –",
                "North Korea fired a missile."
            ]
        );
        assert_eq!(
            plain("WASHINGTON — The Senate voted."),
            ["WASHINGTON —", "The Senate voted."]
        );
    }

    #[test]
    fn lines_and_bullets() {
        assert_eq!(
            split("North Korea Fires Missile Over Japan\n\n• Launch condemned by Seoul\n• Talks stall"),
            [
                ("North Korea Fires Missile Over Japan".to_string(), true),
                ("Launch condemned by Seoul".to_string(), false),
                ("Talks stall".to_string(), false),
            ]
        );
    }

    #[test]
    fn sentence_case_headline_is_not_marked() {
        assert_eq!(
            split("NASA celebrates 30th anniversary of first shuttle launch"),
            [(
                "NASA celebrates 30th anniversary of first shuttle launch".to_string(),
                false
            )]
        );
    }

    #[test]
    fn tag_list_is_marked() {
        assert_eq!(
            split("Tags: KOREA, NORTH, RUSSIA, LA"),
            [("Tags: KOREA, NORTH, RUSSIA, LA".to_string(), true)]
        );
    }

    #[test]
    fn word_case_agrees_with_characters() {
        for w in [
            "the", "The", "NASA", "Zürich", "ZÜRICH", "Ab€", "ABCé", "Éric", "über", "1990", "-",
            "x",
        ] {
            let f = word_case(w.as_bytes(), || w);
            let c = w.chars().next().unwrap();
            let want = c.is_alphabetic().then(|| {
                (
                    w.chars().any(char::is_lowercase),
                    c.is_uppercase(),
                    w.chars().nth(3).is_some(),
                )
            });
            assert_eq!(f.map(|f| (f.has_lower, f.upper, f.long)), want, "{w}");
        }
    }

    #[test]
    fn stopped_line_in_capitals_is_marked() {
        assert_eq!(
            split("NORTH KOREA FIRES A MISSILE over japan."),
            [("NORTH KOREA FIRES A MISSILE over japan.".to_string(), false)]
        );
        assert_eq!(
            split("NORTH KOREA FIRES A MISSILE over JAPAN."),
            [("NORTH KOREA FIRES A MISSILE over JAPAN.".to_string(), true)]
        );
    }

    #[test]
    fn hard_wrapped_prose_is_joined() {
        assert_eq!(
            plain("The committee met on Tuesday to discuss the budget and\nagreed to meet again. Next."),
            [
                "The committee met on Tuesday to discuss the budget and\nagreed to meet again.",
                "Next."
            ]
        );
    }

    proptest::proptest! {
        /// The tokens the splitter hands over are those of each sentence's span, and sentences
        /// end only after a stop, a mark or a line.
        #[test]
        fn sentence_tokens_are_the_tokens_of_their_span(
            s in "([A-Z][a-z]{0,5}|[a-z]{1,5}|U\\.S\\.|Gen\\.|[ .!?,\"”)(]|…|\n|\n\n|—){0,40}"
        ) {
            let (sents, toks) = tokenized_sentences(&s, &[Span::new(0, s.len())]);
            proptest::prop_assert_eq!(sents.len(), toks.len());
            for (sent, t) in sents.iter().zip(&toks) {
                proptest::prop_assert_eq!(&t.tokens, &tokens(&s, sent.span));
                proptest::prop_assert_eq!(t.headline, sent.headline);
            }
        }
    }

    #[test]
    fn only_main_spans_are_split() {
        let text = "Menu Home News\n\nThe article. It ends.";
        let main = [Span::new(16, text.len())];
        let got: Vec<&str> = sentences(text, &main)
            .iter()
            .map(|s| s.span.of(text))
            .collect();
        assert_eq!(got, ["The article.", "It ends."]);
    }
}
