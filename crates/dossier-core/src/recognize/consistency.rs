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

use super::features::WordHasher;
use super::{EntityType, Found};
use crate::sort::SortStable;
use crate::span::Span;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

type FastMap<V> = HashMap<u64, V, BuildHasherDefault<WordHasher>>;

/// Longest name (in tokens) whose repeats are searched: keeps the scan linear in the text.
const MAX_REPEAT: usize = 8;

const CONNECTORS: &[&str] = &["of", "the", "and", "for", "de", "&", "on", "in"];

fn upper_initial(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
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

/// Apply the pass. `tokens` are all tokens of the document in order, `starts[i]` says whether
/// token `i` opens its sentence, `found` the tagger's mentions (token ranges index `tokens`).
pub fn apply(text: &str, tokens: &[Span], starts: &[bool], mut found: Vec<Found>) -> Vec<Found> {
    let word = |i: usize| tokens[i].of(text);
    let surface = |f: &Found| -> String {
        (f.tokens.0..f.tokens.1)
            .map(word)
            .collect::<Vec<_>>()
            .join(" ")
    };
    found.sort_stable_by_key(|f| f.tokens);

    // 1. Acronyms in brackets take their expansion's type.
    let mut acronyms: Vec<(String, EntityType)> = Vec::new();
    for f in &found {
        let (a, b) = f.tokens;
        if b + 2 < tokens.len() && word(b) == "(" && word(b + 2) == ")" && is_acronym(word(b + 1)) {
            let words: Vec<&str> = (a..b).map(word).collect();
            // Bounded: `spells` branches at every connector word.
            if (2..=12).contains(&words.len()) && spells(word(b + 1), &words) {
                acronyms.push((word(b + 1).to_string(), f.ty));
            }
        }
    }
    for f in found.iter_mut() {
        if f.tokens.1 - f.tokens.0 == 1 {
            if let Some((_, ty)) = acronyms.iter().find(|(a, _)| a == word(f.tokens.0)) {
                f.ty = *ty;
            }
        }
    }

    // 2. Majority type per surface string (ties keep each mention's own type).
    let mut counts: HashMap<String, [u32; 3]> = HashMap::new();
    for f in &found {
        counts.entry(surface(f)).or_default()[f.ty as usize] += 1;
    }
    for f in found.iter_mut() {
        if let Some(c) = counts.get(&surface(f)) {
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
    let mut name_parts: HashMap<String, ()> = HashMap::new();
    for f in &found {
        if f.ty == EntityType::Per && f.tokens.1 - f.tokens.0 >= 2 {
            for i in f.tokens.0..f.tokens.1 {
                let w = word(i);
                if upper_initial(w) && w.chars().count() > 1 && !w.ends_with('.') {
                    name_parts.insert(w.to_string(), ());
                }
            }
        }
    }
    for f in found.iter_mut() {
        if f.tokens.1 - f.tokens.0 == 1 && name_parts.contains_key(word(f.tokens.0)) {
            f.ty = EntityType::Per;
        }
    }

    // 4. Tag untagged repeats of known names and of persons' surnames. Names are keyed by a hash
    // of their tokens and confirmed token by token, so the scan allocates nothing per token.
    let seq_hash = |a: usize, b: usize| -> u64 {
        let mut h = WordHasher::default();
        for k in a..b {
            h.write(word(k).as_bytes());
            h.write_u64(0xff);
        }
        h.finish()
    };
    // Key → (first token, length, type) of the name's first occurrence.
    let mut known: FastMap<(usize, usize, EntityType)> = FastMap::default();
    let mut max_len = 1;
    for f in &found {
        max_len = max_len.max(f.tokens.1 - f.tokens.0).min(MAX_REPEAT);
        known.entry(seq_hash(f.tokens.0, f.tokens.1)).or_insert((
            f.tokens.0,
            f.tokens.1 - f.tokens.0,
            f.ty,
        ));
    }
    for f in &found {
        let (a, b) = f.tokens;
        let acronym = b + 2 < tokens.len() && word(b) == "(" && word(b + 2) == ")";
        if acronym && acronyms.iter().any(|(s, _)| s == word(b + 1)) {
            let ty = f.ty;
            known
                .entry(seq_hash(b + 1, b + 2))
                .or_insert((b + 1, 1, ty));
        }
        if f.ty == EntityType::Per && b - a >= 2 {
            let last = word(b - 1);
            if upper_initial(last) && last.chars().count() > 1 && !last.ends_with('.') {
                known
                    .entry(seq_hash(b - 1, b))
                    .or_insert((b - 1, 1, EntityType::Per));
            }
        }
    }
    let lower_hash = |w: &str| -> u64 {
        let mut h = WordHasher::default();
        for b in w.bytes() {
            h.write_u64(b.to_ascii_lowercase() as u64);
        }
        h.finish()
    };
    // Built on first use: only a one-word repeat at a sentence start asks.
    let mut lower_words: Option<FastMap<()>> = None;
    let mut covered = vec![false; tokens.len()];
    for f in &found {
        for c in covered.iter_mut().take(f.tokens.1).skip(f.tokens.0) {
            *c = true;
        }
    }
    let capital_neighbour = |i: usize| upper_initial(word(i)) && !starts[i];
    let mut added = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if covered[i] || !upper_initial(word(i)) {
            i += 1;
            continue;
        }
        let mut hit = None;
        let longest = max_len.min(tokens.len() - i);
        // seq_hash(i, i + len) for every len at once: the hash folds word by word.
        let mut prefix = [0u64; MAX_REPEAT + 1];
        let mut h = WordHasher::default();
        for (len, k) in (i..i + longest).enumerate() {
            h.write(word(k).as_bytes());
            h.write_u64(0xff);
            prefix[len + 1] = h.finish();
        }
        for len in (1..=longest).rev() {
            if (i..i + len).any(|k| covered[k] || (k > i && starts[k])) {
                continue;
            }
            if let Some(&(at, n, ty)) = known.get(&prefix[len]) {
                if n == len && (0..len).all(|k| word(at + k) == word(i + k)) {
                    hit = Some((len, ty));
                    break;
                }
            }
        }
        let Some((len, ty)) = hit else {
            i += 1;
            continue;
        };
        let end = i + len;
        let inside_longer = (i > 0 && !starts[i] && capital_neighbour(i - 1) && !covered[i - 1])
            || (end < tokens.len() && capital_neighbour(end) && !covered[end]);
        let common_word = len == 1
            && starts[i]
            && lower_words
                .get_or_insert_with(|| {
                    tokens
                        .iter()
                        .map(|t| t.of(text))
                        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
                        .map(|w| (lower_hash(w), ()))
                        .collect()
                })
                .contains_key(&lower_hash(word(i)));
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
        apply(text, &toks, &starts, found)
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
