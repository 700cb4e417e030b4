//! Sentence tokens for the pattern stages (relations, claims, dates): words, numbers and punctuation
//! with their byte spans, where every entity mention collapses into one `Ent` token. Working on this
//! flat sequence, rather than on raw text, is what lets the patterns say "an entity, then `met`, then
//! an entity" without caring how long each name is.

use crate::analysis::EntityKind;
use crate::span::{EntityId, Span};
use crate::text::case::Lower;
use std::borrow::Cow;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokKind {
    Word,
    /// Digits, possibly with `,` thousands separators and a `.` decimal part.
    Num,
    Punct,
    /// One whole mention of an entity. `coref` is set when it came from a title or pronoun.
    Ent {
        id: EntityId,
        kind: EntityKind,
        coref: bool,
    },
}

/// One token: its kind, its byte span in the document, and its lowercased text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Tok<'a> {
    pub kind: TokKind,
    pub span: Span,
    /// Borrowed from the document when the token is written in lower case already (most words
    /// and punctuation), so that only the others cost an allocation.
    pub lower: Cow<'a, str>,
}

impl Tok<'_> {
    pub fn is(&self, word: &str) -> bool {
        self.lower == word
    }

    pub fn ent(&self) -> Option<(EntityId, EntityKind)> {
        match self.kind {
            TokKind::Ent { id, kind, .. } => Some((id, kind)),
            _ => None,
        }
    }

    pub fn is_word(&self) -> bool {
        self.kind == TokKind::Word
    }
}

/// A mention as the pattern stages see it: where, which entity, what kind, whether it was inferred.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Ment {
    pub span: Span,
    pub id: EntityId,
    pub kind: EntityKind,
    pub coref: bool,
}

fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\u{201C}' | '\u{201D}' | '\u{2018}' | '\u{2019}' | '\u{00AB}' | '\u{00BB}' | '\''
    )
}

/// A word's lowercased form, with typographic apostrophes written `'`: the word itself when it is
/// ASCII without capitals, else one allocation (and no Unicode case tables for an ASCII word).
fn lower(word: &str) -> Cow<'_, str> {
    if word.is_ascii() {
        if !word.bytes().any(|b| b.is_ascii_uppercase()) {
            return Cow::Borrowed(word);
        }
        return Cow::Owned(word.to_ascii_lowercase());
    }
    let l = word.lower();
    Cow::Owned(if l.contains('\u{2019}') {
        l.replace('\u{2019}', "'")
    } else {
        l
    })
}

/// A mention's lowercased text: borrowed when it has no capitals (see [`Tok::lower`]).
fn lower_mention(name: &str) -> Cow<'_, str> {
    if name.is_ascii() && !name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Borrowed(name)
    } else {
        Cow::Owned(name.lower())
    }
}

/// The document text with its ASCII capitals lowered, byte for byte: every ASCII token's
/// lowercase form is a slice of it at the token's own offsets, so tokens never allocate one.
/// Eight bytes at a time (a byte-wise loop was a tenth of the whole stage).
pub(crate) fn ascii_lowered(text: &str) -> String {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    let mut bytes = text.as_bytes().to_vec();
    let mut chunks = bytes.chunks_exact_mut(8);
    for c in &mut chunks {
        let x = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        // The high bit of each ASCII byte from 'A' to 'Z' (see `gazetteer::next_capital`), moved
        // to 0x20: the bit that makes it lower case. Bytes from 0x80 up are left alone.
        let low = x & !HIGH;
        let capital = low.wrapping_add(ONES * (0x80 - u64::from(b'A')))
            & !low.wrapping_add(ONES * (0x80 - u64::from(b'[')))
            & !x
            & HIGH;
        c.copy_from_slice(&(x | capital >> 2).to_le_bytes());
    }
    chunks.into_remainder().make_ascii_lowercase();
    // Only ASCII bytes changed, into ASCII bytes: still UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_ascii_lowercase())
}

/// [`tokenize_with`] without a lowered copy of the text (capitalised tokens allocate their form).
pub(crate) fn tokenize<'a>(text: &'a str, span: Span, ments: &[Ment]) -> Vec<Tok<'a>> {
    tokenize_with(text, None, span, ments)
}

/// The character at byte `p` of `s` (a char boundary), decoding only when it is not ASCII.
fn char_at(s: &str, p: usize) -> Option<char> {
    match s.as_bytes().get(p) {
        Some(&b) if b < 0x80 => Some(char::from(b)),
        Some(_) => s[p..].chars().next(),
        None => None,
    }
}

/// The raw tokens of a sentence, before mentions: words, numbers, possessive 's and single
/// punctuation characters, with whether each is pure ASCII.
struct Raw<'s> {
    /// The sentence.
    s: &'s str,
    /// The sentence's offset in the document.
    base: usize,
    /// The next byte to read, in `s`.
    p: usize,
}

impl Iterator for Raw<'_> {
    type Item = (Span, TokKind, bool);

    // Inlined, with `word`, into the one loop that reads them: the tuples then stay in registers.
    #[inline(always)]
    fn next(&mut self) -> Option<(Span, TokKind, bool)> {
        let s = self.s;
        let bytes = s.as_bytes();
        loop {
            let p = self.p;
            let &b = bytes.get(p)?;
            // ASCII first, byte by byte: whitespace, letters and digits, punctuation.
            if b < 0x80 {
                // Letters and digits first (most tokens), by table.
                if crate::text::ALNUM[usize::from(b)] {
                    return Some(self.word(p, 1, b.is_ascii_digit(), true));
                }
                if b == b' ' || (b'\t'..=b'\r').contains(&b) {
                    self.p += 1;
                    continue;
                }
                return Some(self.punct(p, char::from(b)));
            }
            let c = s[p..].chars().next()?;
            if c.is_whitespace() {
                self.p += c.len_utf8();
                continue;
            }
            if c.is_alphanumeric() {
                return Some(self.word(p, c.len_utf8(), false, false));
            }
            return Some(self.punct(p, c));
        }
    }
}

impl Raw<'_> {
    /// The word or number starting at `p` with a first character of `len` bytes.
    #[inline(always)]
    fn word(
        &mut self,
        p: usize,
        len: usize,
        numeric: bool,
        mut ascii: bool,
    ) -> (Span, TokKind, bool) {
        let s = self.s;
        let bytes = s.as_bytes();
        let mut q = p + len;
        loop {
            // ASCII letters and digits, neither separators nor joiners: the usual case.
            while q < bytes.len() && crate::text::ALNUM[usize::from(bytes[q])] {
                q += 1;
            }
            let Some(&b) = bytes.get(q) else {
                break;
            };
            // Only these ASCII characters can join or continue a word; any other ends it.
            if b < 0x80 && !matches!(b, b',' | b'.' | b'-' | b'\'') {
                break;
            }
            let Some(d) = char_at(s, q) else {
                break;
            };
            let dl = d.len_utf8();
            let next = char_at(s, q + dl);
            let joins = if numeric {
                // 10,000 and 3.5 stay one number; "2022," does not swallow the comma.
                (d == ',' || d == '.') && next.is_some_and(|n| n.is_ascii_digit())
            } else {
                // Hyphenated words and inner apostrophes (don't) stay whole; possessive 's splits.
                (d == '-' && next.is_some_and(char::is_alphanumeric))
                    || ((d == '\'' || d == '\u{2019}')
                        && next.is_some_and(char::is_alphabetic)
                        && (!matches!(next, Some('s') | Some('S'))
                            || char_at(s, q + dl + 1).is_some_and(char::is_alphanumeric)))
            };
            if joins {
                let nl = next.map_or(0, char::len_utf8);
                ascii &= dl == 1 && nl <= 1;
                q += dl + nl;
            } else if d.is_alphanumeric() {
                ascii &= dl == 1;
                q += dl;
            } else {
                break;
            }
        }
        // Only a token that starts with a digit can be all digits.
        let all_digits = numeric
            && bytes[p..q]
                .iter()
                .all(|&x| x.is_ascii_digit() || x == b',' || x == b'.');
        self.p = q;
        let kind = if all_digits {
            TokKind::Num
        } else {
            TokKind::Word
        };
        (Span::new(self.base + p, self.base + q), kind, ascii)
    }

    /// The token at `p`, a character `c` that is neither a space nor a letter or digit: a
    /// possessive 's, or one punctuation character.
    fn punct(&mut self, p: usize, c: char) -> (Span, TokKind, bool) {
        let s = self.s;
        let bytes = s.as_bytes();
        let len = c.len_utf8();
        let at = self.base + p;
        // Possessive 's as its own token, so "Lavrov's" is Ent + "'s".
        if (c == '\'' || c == '\u{2019}')
            && matches!(bytes.get(p + len), Some(b's' | b'S'))
            && !char_at(s, p + len + 1).is_some_and(char::is_alphanumeric)
            && s[..p]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
        {
            self.p = p + len + 1;
            return (Span::new(at, at + len + 1), TokKind::Word, len == 1);
        }
        self.p = p + len;
        (Span::new(at, at + len), TokKind::Punct, len == 1)
    }
}

/// A token's lowercase form: a slice of the lowered text when the token is ASCII, else made.
#[inline(always)]
fn lower_form<'a>(text: &'a str, lowered: Option<&'a str>, sp: Span, ascii: bool) -> Cow<'a, str> {
    match lowered {
        Some(l) if ascii => Cow::Borrowed(&l[sp.start..sp.end]),
        _ => lower(sp.of(text)),
    }
}

/// Split `text[span]` into tokens; `ments` must be sorted by start. Mentions that do not lie on
/// token boundaries still win: every token overlapping a mention is replaced by that mention.
/// `lowered`, when given, is [`ascii_lowered`] of `text`.
pub(crate) fn tokenize_with<'a>(
    text: &'a str,
    lowered: Option<&'a str>,
    span: Span,
    ments: &[Ment],
) -> Vec<Tok<'a>> {
    let Some(s) = text.get(span.start..span.end) else {
        return Vec::new();
    };
    // About one token per five bytes of news text.
    let mut out = Vec::with_capacity(s.len() / 4 + 2);
    // Mentions are sorted by start and do not overlap, so those of this sentence are a run that
    // starts at most one before the first one starting inside it.
    // Those ending before the sentence are stepped over below like those ending before a token.
    let lo = ments
        .partition_point(|m| m.span.start < span.start)
        .saturating_sub(1);
    let ms = &ments[lo..];
    let ms = &ms[..ms.partition_point(|m| m.span.start < span.end)];
    let mut k = 0;
    // Raw tokens starting before this lie in the mention just emitted.
    let mut skip_to = 0;
    let raw = Raw {
        s,
        base: span.start,
        p: 0,
    };
    for (sp, kind, ascii) in raw {
        if sp.start < skip_to {
            continue;
        }
        while ms.get(k).is_some_and(|x| x.span.end <= sp.start) {
            k += 1;
        }
        if let Some(&x) = ms.get(k) {
            if x.span.start < sp.end && x.span.end > sp.start {
                let name = x.span.of(text);
                out.push(Tok {
                    kind: TokKind::Ent {
                        id: x.id,
                        kind: x.kind,
                        coref: x.coref,
                    },
                    span: x.span,
                    lower: match lowered {
                        Some(l) if name.is_ascii() => Cow::Borrowed(&l[x.span.start..x.span.end]),
                        _ => lower_mention(name),
                    },
                });
                skip_to = x.span.end;
                k += 1;
                continue;
            }
        }
        let lower = if kind == TokKind::Punct {
            let raw_text = sp.of(text);
            // "ministers' meeting": an apostrophe after a plural s, before a space, is a
            // possessive.
            if matches!(raw_text, "'" | "\u{2019}")
                && text[..sp.start].ends_with(['s', 'S'])
                && text[sp.end..].starts_with(char::is_whitespace)
            {
                Cow::Borrowed("'s")
            } else if raw_text.chars().all(is_quote) {
                Cow::Borrowed("\"")
            } else {
                lower_form(text, lowered, sp, ascii)
            }
        } else {
            lower_form(text, lowered, sp, ascii)
        };
        out.push(Tok {
            kind,
            span: sp,
            lower,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The eight-bytes-at-a-time lowering is `to_ascii_lowercase`.
        #[test]
        fn lowered_is_ascii_lowercase(text in "[a-zA-Z0-9 @\\[`{ÀÉéçÇ’ДЖ]{0,40}") {
            prop_assert_eq!(ascii_lowered(&text), text.to_ascii_lowercase());
        }
    }

    #[test]
    fn mentions_collapse_and_possessives_split() {
        let text = "Lavrov's visit: 10,000 troops, don't stop.";
        let ments = [Ment {
            span: Span::new(0, 6),
            id: EntityId(1),
            kind: EntityKind::Person,
            coref: false,
        }];
        let toks = tokenize(text, Span::new(0, text.len()), &ments);
        let words: Vec<&str> = toks.iter().map(|t| t.lower.as_ref()).collect();
        assert_eq!(
            words,
            ["lavrov", "'s", "visit", ":", "10,000", "troops", ",", "don't", "stop", "."]
        );
        assert!(toks[0].ent().is_some());
        assert_eq!(toks[4].kind, TokKind::Num);
    }
}
