//! The per-document consistency pass over the tagger's output.
//!
//! A sentence-by-sentence tagger decides every occurrence on its own, so one document can end up
//! with "NASA" as an organisation in one sentence and a place in the next, or with "Obama" tagged
//! once and missed twice. News names things consistently within an article, so the pass makes
//! the decisions agree, in this order:
//! 1. an acronym in brackets after a name ("Johnson Space Center (JSC)") takes the name's type;
//! 2. each surface string takes the type most of its occurrences got;
//! 3. a one-word mention that is part of a person's full name ("Beghe" after "Jason Beghe") is a
//!    person;
//! 4. untagged occurrences of names found elsewhere in the document, and of the surnames of
//!    persons found, are tagged — unless the word is capitalised only because it opens a
//!    sentence and the document also uses it in lower case, or it sits inside a longer
//!    capitalised name.

use super::features::ChunkHasher;
use super::{EntityType, Found};
use crate::sort::SortStable;
use crate::span::Span;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

/// Names (runs of word ids) to what is known of them.
type IdsMap<'a, V> = HashMap<&'a [u32], V, BuildHasherDefault<ChunkHasher>>;

/// An id per token such that two tokens have the same id exactly when they are the same string
/// (the engine passes its word-cache slots instead; this is for other callers and tests).
pub fn word_ids(text: &str, tokens: &[Span]) -> Vec<u32> {
    let mut index: HashMap<&str, u32, BuildHasherDefault<ChunkHasher>> = HashMap::default();
    tokens
        .iter()
        .map(|t| {
            let n = index.len() as u32;
            *index.entry(t.of(text)).or_insert(n)
        })
        .collect()
}

/// Longest name (in tokens) whose repeats are searched: keeps the scan linear in the text.
const MAX_REPEAT: usize = 8;

const CONNECTORS: &[&str] = &["of", "the", "and", "for", "de", "&", "on", "in"];

fn upper_initial(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// [`upper_initial`] of the token `s` of `text`, from its first byte when that is ASCII, as it
/// is for almost every token, without making a `&str`. Inline: the scan for repeated names asks
/// it of every token, and most are settled by their first byte.
#[inline]
fn upper_initial_at(text: &str, s: Span) -> bool {
    match text.as_bytes().get(s.start) {
        Some(&b) if b < 0x80 => {
            b.is_ascii_uppercase() && s.start < s.end && text.is_char_boundary(s.end)
        }
        _ => upper_initial_slow(text, s),
    }
}

/// [`upper_initial_at`] of a token that does not start with an ASCII byte.
#[inline(never)]
fn upper_initial_slow(text: &str, s: Span) -> bool {
    upper_initial(s.of(text))
}

fn is_acronym(w: &str) -> bool {
    let n = w.chars().count();
    (2..=8).contains(&n) && w.chars().all(|c| c.is_ascii_uppercase() || c == '&')
}

/// Whether `acr` spells the initials of `words` (connector words may be skipped or used).
fn spells(acr: &str, words: &[&str]) -> bool {
    fn go(acr: &[u8], words: &[&str]) -> bool {
        match (acr.first(), words.first()) {
            (None, None) => true,
            (_, Some(w)) if CONNECTORS.contains(&w.to_ascii_lowercase().as_str()) => {
                // Either the connector is skipped, or (if capitalised in the acronym) used.
                go(acr, &words[1..])
                    || acr.first().is_some_and(|&a| {
                        w.as_bytes().first().map(u8::to_ascii_uppercase) == Some(a)
                            && go(&acr[1..], &words[1..])
                    })
            }
            (Some(&a), Some(w)) => {
                w.as_bytes().first().map(u8::to_ascii_uppercase) == Some(a)
                    && go(&acr[1..], &words[1..])
            }
            _ => false,
        }
    }
    go(acr.as_bytes(), words)
}

/// Apply the pass. `tokens` are all tokens of the document in order, `words[i]` identifies
/// token `i`'s string (equal ids exactly for equal strings: see [`word_ids`]), `starts[i]` says
/// whether token `i` opens its sentence, `found` the tagger's mentions (token ranges index
/// `tokens`).
///
/// Names are compared as runs of word ids, which are exact and need no string built or hashed
/// per mention.
pub fn apply(
    text: &str,
    tokens: &[Span],
    words: &[u32],
    starts: &[bool],
    mut found: Vec<Found>,
) -> Vec<Found> {
    let word = |i: usize| tokens[i].of(text);
    // The surface of a mention, as word ids: tokens never hold whitespace, so two mentions'
    // tokens joined by spaces are the same string exactly when their ids are the same.
    let surface = |f: &Found| &words[f.tokens.0..f.tokens.1];
    found.sort_stable_by_key(|f| f.tokens);

    // 1. Acronyms in brackets take their expansion's type.
    let mut acronyms: Vec<(u32, EntityType)> = Vec::new();
    for f in &found {
        let (a, b) = f.tokens;
        if b + 2 < tokens.len() && word(b) == "(" && word(b + 2) == ")" && is_acronym(word(b + 1)) {
            let expansion: Vec<&str> = (a..b).map(word).collect();
            // Bounded: `spells` branches at every connector word.
            if (2..=12).contains(&expansion.len()) && spells(word(b + 1), &expansion) {
                acronyms.push((words[b + 1], f.ty));
            }
        }
    }
    for f in found.iter_mut() {
        if f.tokens.1 - f.tokens.0 == 1 {
            if let Some((_, ty)) = acronyms.iter().find(|(a, _)| *a == words[f.tokens.0]) {
                f.ty = *ty;
            }
        }
    }

    // 2. Majority type per surface string (ties keep each mention's own type).
    // Sized once for every mention: growing the map rehashes it several times a document.
    let mut counts: IdsMap<[u32; 3]> = IdsMap::default();
    counts.reserve(found.len());
    for f in &found {
        counts.entry(surface(f)).or_default()[f.ty as usize] += 1;
    }
    for f in found.iter_mut() {
        if let Some(c) = counts.get(surface(f)) {
            let own = c[f.ty as usize];
            if let Some(best) = (0..3)
                .filter(|&k| c[k] > own)
                .max_by_key(|&k| (c[k], 3 - k))
            {
                f.ty = [EntityType::Per, EntityType::Org, EntityType::Loc][best];
            }
        }
    }

    // 3. Parts of persons' full names are persons.
    let mut name_parts: Vec<u32> = Vec::new();
    for f in &found {
        if f.ty == EntityType::Per && f.tokens.1 - f.tokens.0 >= 2 {
            for (t, &id) in tokens[f.tokens.0..f.tokens.1]
                .iter()
                .zip(&words[f.tokens.0..f.tokens.1])
            {
                let w = t.of(text);
                if upper_initial(w) && w.chars().count() > 1 && !w.ends_with('.') {
                    name_parts.push(id);
                }
            }
        }
    }
    name_parts.sort_unstable();
    for f in found.iter_mut() {
        if f.tokens.1 - f.tokens.0 == 1 && name_parts.binary_search(&words[f.tokens.0]).is_ok() {
            f.ty = EntityType::Per;
        }
    }

    // 4. Tag untagged repeats of known names and of persons' surnames.
    // Name → type of the name's first occurrence.
    // Room for the mentions and the acronyms and surnames added after them.
    let mut known: IdsMap<EntityType> = IdsMap::default();
    known.reserve(2 * found.len());
    let mut max_len = 1;
    for f in &found {
        max_len = max_len.max(f.tokens.1 - f.tokens.0).min(MAX_REPEAT);
        known.entry(surface(f)).or_insert(f.ty);
    }
    for f in &found {
        let (a, b) = f.tokens;
        let acronym = b + 2 < tokens.len() && word(b) == "(" && word(b + 2) == ")";
        if acronym && acronyms.iter().any(|(s, _)| *s == words[b + 1]) {
            let ty = f.ty;
            known.entry(&words[b + 1..b + 2]).or_insert(ty);
        }
        if f.ty == EntityType::Per && b - a >= 2 {
            let last = word(b - 1);
            if upper_initial(last) && last.chars().count() > 1 && !last.ends_with('.') {
                known.entry(&words[b - 1..b]).or_insert(EntityType::Per);
            }
        }
    }
    // Whether the document has the word in lower case (ASCII case aside), by word id: asked
    // only of one-word repeats at a sentence start, and answered by one scan per word.
    let mut lower_seen: HashMap<u32, bool, BuildHasherDefault<ChunkHasher>> = HashMap::default();
    let mut in_lower_case = |i: usize| -> bool {
        *lower_seen.entry(words[i]).or_insert_with(|| {
            let w = word(i);
            // Most tokens differ in length, told from the span alone.
            tokens.iter().any(|t| {
                if t.end.wrapping_sub(t.start) != w.len() {
                    return false;
                }
                let v = t.of(text);
                v.chars().next().is_some_and(char::is_lowercase) && v.eq_ignore_ascii_case(w)
            })
        })
    };
    let mut covered = vec![false; tokens.len()];
    for f in &found {
        for c in covered.iter_mut().take(f.tokens.1).skip(f.tokens.0) {
            *c = true;
        }
    }
    let mut first_words: Vec<u32> = known.keys().filter_map(|k| k.first().copied()).collect();
    first_words.sort_unstable();
    let capital_neighbour = |i: usize| upper_initial_at(text, tokens[i]) && !starts[i];
    let mut added = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if covered[i] || !upper_initial_at(text, tokens[i]) {
            i += 1;
            continue;
        }
        let mut hit = None;
        // Most capitalised words left untagged start no known name: one lookup settles them.
        let longest = if first_words.binary_search(&words[i]).is_ok() {
            max_len.min(tokens.len() - i)
        } else {
            0
        };
        for len in (1..=longest).rev() {
            if (i..i + len).any(|k| covered[k] || (k > i && starts[k])) {
                continue;
            }
            if let Some(&ty) = known.get(&words[i..i + len]) {
                hit = Some((len, ty));
                break;
            }
        }
        let Some((len, ty)) = hit else {
            i += 1;
            continue;
        };
        let end = i + len;
        let inside_longer = (i > 0 && !starts[i] && capital_neighbour(i - 1) && !covered[i - 1])
            || (end < tokens.len() && capital_neighbour(end) && !covered[end]);
        let common_word = len == 1 && starts[i] && in_lower_case(i);
        if !inside_longer && !common_word {
            added.push(Found {
                span: Span::new(tokens[i].start, tokens[end - 1].end),
                ty,
                tokens: (i, end),
            });
            for c in covered.iter_mut().take(end).skip(i) {
                *c = true;
            }
        }
        i = end;
    }
    found.extend(added);
    found.sort_stable_by_key(|f| f.tokens);
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokens;

    fn run(text: &str, tagged: &[(&str, usize, EntityType)]) -> Vec<(String, EntityType)> {
        let toks = tokens(text, Span::new(0, text.len()));
        let mut starts = vec![false; toks.len()];
        starts[0] = true;
        let found = tagged
            .iter()
            .map(|&(s, nth, ty)| {
                // The nth occurrence of the token sequence `s`.
                let words: Vec<&str> = s.split(' ').collect();
                let pos = (0..toks.len())
                    .filter(|&i| {
                        i + words.len() <= toks.len()
                            && (0..words.len()).all(|k| toks[i + k].of(text) == words[k])
                    })
                    .nth(nth)
                    .expect("fixture mention occurs");
                let end = pos + words.len();
                Found {
                    span: Span::new(toks[pos].start, toks[end - 1].end),
                    ty,
                    tokens: (pos, end),
                }
            })
            .collect();
        apply(text, &toks, &word_ids(text, &toks), &starts, found)
            .into_iter()
            .map(|f| (f.span.of(text).to_string(), f.ty))
            .collect()
    }

    use EntityType::*;

    #[test]
    fn acronym_takes_expansion_type_and_repeats_are_tagged() {
        let text = "He joined the Johnson Space Center (JSC) in May. JSC staff cheered.";
        assert_eq!(
            run(text, &[("Johnson Space Center", 0, Org), ("JSC", 0, Loc)]),
            [
                ("Johnson Space Center".to_string(), Org),
                ("JSC".to_string(), Org),
                ("JSC".to_string(), Org)
            ]
        );
    }

    #[test]
    fn majority_type_and_name_parts() {
        let text = "Jason Beghe spoke. Beghe said Paris and Paris and Paris.";
        assert_eq!(
            run(
                text,
                &[
                    ("Jason Beghe", 0, Per),
                    ("Beghe", 1, Org),
                    ("Paris", 0, Loc),
                    ("Paris", 1, Loc),
                    ("Paris", 2, Per)
                ]
            ),
            [
                ("Jason Beghe".to_string(), Per),
                ("Beghe".to_string(), Per),
                ("Paris".to_string(), Loc),
                ("Paris".to_string(), Loc),
                ("Paris".to_string(), Loc)
            ]
        );
    }

    #[test]
    fn repeats_inside_longer_names_are_left_alone() {
        let text = "Washington met Kim. The Washington Post wrote about Washington.";
        assert_eq!(
            run(text, &[("Washington", 0, Per)]),
            [
                ("Washington".to_string(), Per),
                ("Washington".to_string(), Per)
            ]
        );
    }
}
