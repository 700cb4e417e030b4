//! Features of tokens for the tagger, as hashed `u32` ids (the model stores weights only for the
//! ids it kept, so the vocabulary needs no table of its own).
//!
//! The same code runs when `cargo xtask train` learns the weights and when the engine tags a
//! document, so what the model saw in training is exactly what it sees at run time. Besides the
//! token itself (word, lower case, shape, affixes) and its neighbours, two kinds of evidence
//! matter most in news:
//! - position: the first word of a sentence and every word of a headline are capitalised
//!   whatever they are, so those get features of their own;
//! - the document: a capitalised word that also occurs in lower case elsewhere in the same
//!   document is probably a common word ("Police", "Storm"), one that is capitalised mid-sentence
//!   elsewhere is probably a name even where it opens a sentence.

// Label and token loops index several parallel arrays at once; indices read clearer there.
#![allow(clippy::needless_range_loop)]

use crate::model::Sentence;
use crate::span::Span;
use crate::text::tokens;
use std::collections::HashSet;

/// The tokens of one sentence and the sentence's headline flag.
#[derive(Clone, Debug)]
pub struct TokenizedSentence {
    pub tokens: Vec<Span>,
    pub headline: bool,
}

/// Tokenise every sentence of a document.
pub fn tokenize_sentences(text: &str, sentences: &[Sentence]) -> Vec<TokenizedSentence> {
    sentences
        .iter()
        .map(|s| TokenizedSentence {
            tokens: tokens(text, s.span),
            headline: s.headline,
        })
        .collect()
}

const SEED: u64 = 0x9e37_79b9_7f4a_7c15;

#[inline]
fn mix(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(0x517c_c1b7_2722_0a95)
}

#[inline]
fn hash_bytes(tag: u64, bytes: impl Iterator<Item = u8>) -> u64 {
    let mut h = mix(SEED, tag);
    for b in bytes {
        h = mix(h, b as u64);
    }
    mix(h, 0xff)
}

fn lower_hash(word: &str) -> u64 {
    hash_bytes(1, word.bytes().map(|b| b.to_ascii_lowercase()))
}

/// Collapsed shape: upper → X, lower → x, digit → d, others kept; runs collapse to one.
fn shape(word: &str) -> u64 {
    let mut h = mix(SEED, 2);
    let mut last = '\0';
    for c in word.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if s != last {
            h = mix(h, s as u64);
            last = s;
        }
    }
    h
}

fn starts_upper(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

fn starts_lower(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_lowercase)
}

fn is_opening(w: &str) -> bool {
    matches!(
        w,
        "\"" | "'" | "“" | "‘" | "(" | "[" | "«" | "-" | "–" | "—" | ":"
    )
}

/// What the rest of the document says about a word's capitalisation.
struct DocEvidence {
    lower: HashSet<u64>,
    capital_mid: HashSet<u64>,
}

impl DocEvidence {
    fn new(text: &str, sents: &[TokenizedSentence]) -> DocEvidence {
        let mut lower = HashSet::new();
        let mut capital_mid = HashSet::new();
        for s in sents {
            if s.headline {
                continue;
            }
            for (i, t) in s.tokens.iter().enumerate() {
                let w = t.of(text);
                let initial = i == 0 || is_opening(s.tokens[i - 1].of(text));
                if starts_lower(w) {
                    lower.insert(lower_hash(w));
                } else if starts_upper(w) && !initial {
                    capital_mid.insert(lower_hash(w));
                }
            }
        }
        DocEvidence { lower, capital_mid }
    }
}

/// Extra per-word evidence the caller can supply (gazetteer flags as a bit set).
pub type WordFlags = dyn Fn(&str) -> u32;

/// Per-token precomputed values.
struct Tok {
    word: u64,
    lower: u64,
    shape: u64,
    upper: bool,
    flags: u32,
}

/// Feature ids for every token of every sentence of a document: `out[s][t]` lists the ids of
/// token `t` of sentence `s`.
pub fn document_features(
    text: &str,
    sents: &[TokenizedSentence],
    flags: &WordFlags,
) -> Vec<Vec<Vec<u32>>> {
    let evidence = DocEvidence::new(text, sents);
    sents
        .iter()
        .map(|s| sentence_features(text, s, &evidence, flags))
        .collect()
}

const BOS: u64 = 0xb0;
const EOS: u64 = 0xe0;

fn sentence_features(
    text: &str,
    s: &TokenizedSentence,
    ev: &DocEvidence,
    flags: &WordFlags,
) -> Vec<Vec<u32>> {
    let toks: Vec<Tok> = s
        .tokens
        .iter()
        .map(|t| {
            let w = t.of(text);
            Tok {
                word: hash_bytes(3, w.bytes()),
                lower: lower_hash(w),
                shape: shape(w),
                upper: starts_upper(w),
                flags: flags(w),
            }
        })
        .collect();
    let n = toks.len();
    let lower_at = |i: isize| -> u64 {
        if i < 0 {
            BOS
        } else if i as usize >= n {
            EOS
        } else {
            toks[i as usize].lower
        }
    };
    let shape_at = |i: isize| -> u64 {
        if i < 0 {
            BOS
        } else if i as usize >= n {
            EOS
        } else {
            toks[i as usize].shape
        }
    };
    let head = s.headline as u64;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let t = &toks[i];
        let ii = i as isize;
        let w = s.tokens[i].of(text);
        let mut f: Vec<u32> = Vec::with_capacity(32);
        let mut add = |template: u64, v: u64| f.push(mix(mix(SEED, template), v) as u32);
        add(0, 0);
        add(1, t.word);
        add(2, t.lower);
        add(3, t.shape);
        let lw = w.to_ascii_lowercase();
        let chars: Vec<(usize, char)> = lw.char_indices().collect();
        let nc = chars.len();
        for (k, tmpl) in [(2usize, 4u64), (3, 5)] {
            if nc > k {
                add(tmpl, hash_bytes(tmpl, lw[..chars[k].0].bytes()));
            }
        }
        for (k, tmpl) in [(2usize, 6u64), (3, 7), (4, 8)] {
            if nc > k {
                add(tmpl, hash_bytes(tmpl, lw[chars[nc - k].0..].bytes()));
            }
        }
        add(10, lower_at(ii - 1));
        add(11, lower_at(ii + 1));
        add(12, lower_at(ii - 2));
        add(13, lower_at(ii + 2));
        add(14, mix(shape_at(ii - 1), t.shape));
        add(15, mix(t.shape, shape_at(ii + 1)));
        add(16, mix(lower_at(ii - 1), t.shape));
        add(17, mix(t.shape, lower_at(ii + 1)));
        add(18, mix(mix(lower_at(ii - 1), t.lower), 7));
        let initial = i == 0 || is_opening(s.tokens[i - 1].of(text));
        if initial {
            add(20, t.shape);
            add(21, t.lower);
        }
        if s.headline {
            add(22, t.shape);
            add(23, t.lower);
        }
        if t.upper {
            let seen_lower = ev.lower.contains(&t.lower) as u64;
            let seen_cap = ev.capital_mid.contains(&t.lower) as u64;
            add(
                24,
                seen_lower | seen_cap << 1 | (initial as u64) << 2 | head << 3,
            );
        }
        let len = nc.min(6) as u64;
        add(25, mix(t.shape, len));
        // Gazetteer flags of the token and its neighbours.
        for (off, tmpl) in [(0isize, 30u64), (-1, 31), (1, 32)] {
            let j = ii + off;
            if j >= 0 && (j as usize) < n {
                let mut fl = toks[j as usize].flags;
                while fl != 0 {
                    let bit = fl.trailing_zeros() as u64;
                    fl &= fl - 1;
                    add(tmpl, bit);
                    if off == 0 {
                        add(
                            33,
                            mix(bit, t.upper as u64 | (initial as u64) << 1 | head << 2),
                        );
                    }
                }
            }
        }
        out.push(f);
    }
    out
}
