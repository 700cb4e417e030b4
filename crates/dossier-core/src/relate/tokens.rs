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
    /// Whether the written form starts with an uppercase letter.
    pub cap: bool,
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

/// [`tokenize_with`] with fresh working buffers.
pub(crate) fn tokenize<'a>(text: &'a str, span: Span, ments: &[Ment]) -> Vec<Tok<'a>> {
    tokenize_with(text, span, ments, &mut Scratch::default())
}

/// Working buffers of [`tokenize_with`], kept across the sentences of a document so that
/// tokenising one allocates only its result.
#[derive(Default)]
pub(crate) struct Scratch {
    raw: Vec<(Span, TokKind)>,
}

/// The character at byte `p` of `s` (a char boundary), decoding only when it is not ASCII.
fn char_at(s: &str, p: usize) -> Option<char> {
    match s.as_bytes().get(p) {
        Some(&b) if b < 0x80 => Some(char::from(b)),
        Some(_) => s[p..].chars().next(),
        None => None,
    }
}

/// Split `text[span]` into tokens; `ments` must be sorted by start. Mentions that do not lie on
/// token boundaries still win: every token overlapping a mention is replaced by that mention.
/// `scratch` holds working buffers reused across calls.
pub(crate) fn tokenize_with<'a>(
    text: &'a str,
    span: Span,
    ments: &[Ment],
    scratch: &mut Scratch,
) -> Vec<Tok<'a>> {
    let Some(s) = text.get(span.start..span.end) else {
        return Vec::new();
    };
    let Scratch { raw } = scratch;
    raw.clear();
    let bytes = s.as_bytes();
    // Byte offsets into `s`; characters are decoded only where they are not ASCII.
    let mut p = 0;
    while let Some(c) = char_at(s, p) {
        let at = span.start + p;
        let len = c.len_utf8();
        if c.is_whitespace() {
            p += len;
            continue;
        }
        if c.is_alphanumeric() {
            let numeric = c.is_ascii_digit();
            let mut q = p + len;
            loop {
                // ASCII letters and digits, neither separators nor joiners: the usual case.
                while bytes.get(q).is_some_and(u8::is_ascii_alphanumeric) {
                    q += 1;
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
                    q += dl + next.map_or(0, char::len_utf8);
                } else if d.is_alphanumeric() {
                    q += dl;
                } else {
                    break;
                }
            }
            let all_digits = bytes[p..q]
                .iter()
                .all(|&x| x.is_ascii_digit() || x == b',' || x == b'.');
            raw.push((
                Span::new(at, span.start + q),
                if all_digits {
                    TokKind::Num
                } else {
                    TokKind::Word
                },
            ));
            p = q;
            continue;
        }
        // Possessive 's as its own token, so "Lavrov's" is Ent + "'s".
        if (c == '\'' || c == '\u{2019}')
            && matches!(bytes.get(p + len), Some(b's' | b'S'))
            && !char_at(s, p + len + 1).is_some_and(char::is_alphanumeric)
            && s[..p]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
        {
            raw.push((Span::new(at, at + len + 1), TokKind::Word));
            p += len + 1;
            continue;
        }
        raw.push((Span::new(at, at + len), TokKind::Punct));
        p += len;
    }
    let mut out = Vec::with_capacity(raw.len());
    // Mentions are sorted by start and do not overlap, so those of this sentence are a run that
    // starts at most one before the first one starting inside it.
    let lo = ments
        .partition_point(|m| m.span.start < span.start)
        .saturating_sub(1);
    let mut m = ments[lo..]
        .iter()
        .take_while(|m| m.span.start < span.end)
        .filter(|m| m.span.end > span.start)
        .peekable();
    let mut k = 0;
    while k < raw.len() {
        let (sp, kind) = raw[k];
        while m.peek().is_some_and(|x| x.span.end <= sp.start) {
            m.next();
        }
        if let Some(x) = m.peek().copied() {
            if x.span.start < sp.end && x.span.end > sp.start {
                out.push(Tok {
                    kind: TokKind::Ent {
                        id: x.id,
                        kind: x.kind,
                        coref: x.coref,
                    },
                    span: x.span,
                    lower: lower_mention(x.span.of(text)),
                    cap: true,
                });
                while k < raw.len() && raw[k].0.start < x.span.end {
                    k += 1;
                }
                m.next();
                continue;
            }
        }
        let raw_text = sp.of(text);
        // "ministers' meeting": an apostrophe after a plural s, before a space, is a possessive.
        let plural_possessive = matches!(raw_text, "'" | "\u{2019}")
            && text[..sp.start].ends_with(['s', 'S'])
            && text[sp.end..].starts_with(char::is_whitespace);
        let lower = if plural_possessive {
            Cow::Borrowed("'s")
        } else if kind == TokKind::Punct && raw_text.chars().all(is_quote) {
            Cow::Borrowed("\"")
        } else {
            lower(raw_text)
        };
        out.push(Tok {
            kind,
            span: sp,
            lower,
            cap: raw_text.chars().next().is_some_and(char::is_uppercase),
        });
        k += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
