//! Sentence tokens for the pattern stages (relations, claims, dates): words, numbers and punctuation
//! with their byte spans, where every entity mention collapses into one `Ent` token. Working on this
//! flat sequence, rather than on raw text, is what lets the patterns say "an entity, then `met`, then
//! an entity" without caring how long each name is.

use crate::analysis::EntityKind;
use crate::span::{EntityId, Span};
use crate::text::case::Lower;

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
pub(crate) struct Tok {
    pub kind: TokKind,
    pub span: Span,
    pub lower: String,
    /// Whether the written form starts with an uppercase letter.
    pub cap: bool,
}

impl Tok {
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

/// A word's lowercased form, with typographic apostrophes written `'`. One allocation, and no
/// Unicode case tables for the (usual) ASCII word.
fn lower(word: &str) -> String {
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    let l = word.lower();
    if l.contains('\u{2019}') {
        l.replace('\u{2019}', "'")
    } else {
        l
    }
}

/// [`tokenize_with`] with fresh working buffers.
pub(crate) fn tokenize(text: &str, span: Span, ments: &[Ment]) -> Vec<Tok> {
    tokenize_with(text, span, ments, &mut Scratch::default())
}

/// Working buffers of [`tokenize_with`], kept across the sentences of a document so that
/// tokenising one allocates only its result.
#[derive(Default)]
pub(crate) struct Scratch {
    chars: Vec<(usize, char)>,
    raw: Vec<(Span, TokKind)>,
}

/// Split `text[span]` into tokens; `ments` must be sorted by start. Mentions that do not lie on
/// token boundaries still win: every token overlapping a mention is replaced by that mention.
/// `scratch` holds working buffers reused across calls.
pub(crate) fn tokenize_with(
    text: &str,
    span: Span,
    ments: &[Ment],
    scratch: &mut Scratch,
) -> Vec<Tok> {
    let Some(s) = text.get(span.start..span.end) else {
        return Vec::new();
    };
    let Scratch { chars, raw } = scratch;
    raw.clear();
    chars.clear();
    chars.extend(s.char_indices());
    let mut i = 0;
    while i < chars.len() {
        let (off, c) = chars[i];
        let at = span.start + off;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c.is_alphanumeric() {
            let numeric = c.is_ascii_digit();
            let mut j = i + 1;
            while j < chars.len() {
                let d = chars[j].1;
                if d.is_ascii_alphanumeric() {
                    // Neither a separator nor a joiner: the usual case, decided at once.
                    j += 1;
                    continue;
                }
                let next = chars.get(j + 1).map(|x| x.1);
                let joins = if numeric {
                    // 10,000 and 3.5 stay one number; "2022," does not swallow the comma.
                    (d == ',' || d == '.') && next.is_some_and(|n| n.is_ascii_digit())
                } else {
                    // Hyphenated words and inner apostrophes (don't) stay whole; possessive 's splits.
                    (d == '-' && next.is_some_and(char::is_alphanumeric))
                        || ((d == '\'' || d == '\u{2019}')
                            && next.is_some_and(char::is_alphabetic)
                            && (!matches!(next, Some('s') | Some('S'))
                                || chars.get(j + 2).is_some_and(|x| x.1.is_alphanumeric())))
                };
                if d.is_alphanumeric() || joins {
                    j += if joins { 2 } else { 1 };
                } else {
                    break;
                }
            }
            let end = chars.get(j).map(|x| x.0).unwrap_or(s.len());
            let all_digits = s[off..end]
                .chars()
                .all(|x| x.is_ascii_digit() || x == ',' || x == '.');
            raw.push((
                Span::new(at, span.start + end),
                if all_digits {
                    TokKind::Num
                } else {
                    TokKind::Word
                },
            ));
            i = j;
            continue;
        }
        // Possessive 's as its own token, so "Lavrov's" is Ent + "'s".
        if (c == '\'' || c == '\u{2019}')
            && matches!(chars.get(i + 1), Some((_, 's' | 'S')))
            && !chars.get(i + 2).is_some_and(|x| x.1.is_alphanumeric())
            && i > 0
            && chars[i - 1].1.is_alphanumeric()
        {
            let end = chars.get(i + 2).map(|x| x.0).unwrap_or(s.len());
            raw.push((Span::new(at, span.start + end), TokKind::Word));
            i += 2;
            continue;
        }
        let end = chars.get(i + 1).map(|x| x.0).unwrap_or(s.len());
        raw.push((Span::new(at, span.start + end), TokKind::Punct));
        i += 1;
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
                    lower: x.span.of(text).lower(),
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
            "'s".to_string()
        } else if kind == TokKind::Punct && raw_text.chars().all(is_quote) {
            "\"".to_string()
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
        let words: Vec<&str> = toks.iter().map(|t| t.lower.as_str()).collect();
        assert_eq!(
            words,
            ["lavrov", "'s", "visit", ":", "10,000", "troops", ",", "don't", "stop", "."]
        );
        assert!(toks[0].ent().is_some());
        assert_eq!(toks[4].kind, TokKind::Num);
    }
}
