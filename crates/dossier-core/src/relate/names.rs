//! Names the recogniser did not mark, found again before the patterns run: every form an entity is
//! already known by (its name and aliases, "Lavrov" for Sergei Lavrov) wherever it appears
//! capitalised and unmarked, and country demonyms ("Russian", "North Korean") through a lookup the
//! caller supplies (the gazetteer, in the full pipeline). Relations and claims hinge on these
//! words — "Russian Foreign Minister Sergei Lavrov arrived", "4,000 North Korean soldiers" — so a
//! missed mention is a missed fact.
//!
//! A form that two entities share ("Kim" for two people) is ambiguous and never used.

use super::tokens::Ment;
use super::Index;
use crate::analysis::{Entity, EntityKind};
use crate::gazetteer::{next_capital, FastMap, FastSet};
use crate::span::{EntityId, Span};
use crate::text::case::{lower_char, Lower};

/// How a caller tells the stage which country a word names, if any ("Russian" → `RU`).
pub type CountryOf<'a> = &'a dyn Fn(&str) -> Option<String>;

/// Every known form of every entity, by its first word.
///
/// Both lookups are hash-blocked so that their cost per word does not grow with the number of
/// entities: forms by first word and then by length (at most one form of a given length can
/// start at a position), people's names by first letter and the lengths of their words (a
/// spelling variant is one substitution, so it never changes a word's length).
pub(crate) struct Forms {
    by_first: FastMap<String, FirstWord>,
    /// People's multi-word names as lowercase words, by (first letter, letters in each word).
    people: FastMap<(char, Vec<usize>), Vec<Spelling>>,
    /// (First letter, number of words) of every entry of `people`: the cheap test.
    shapes: FastSet<(char, usize)>,
}

/// The forms that start with one word: their byte lengths, longest first, and the forms.
#[derive(Default)]
struct FirstWord {
    lens: Vec<usize>,
    forms: FastMap<String, (EntityId, EntityKind)>,
}

/// A person's name as lowercase words, and who it is.
type Spelling = (Vec<String>, EntityId);

fn name_words(s: &str) -> Vec<String> {
    s.split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .map(|s| s.lower())
        .collect()
}

/// The number of letters of each word.
fn letters(words: &[String]) -> Vec<usize> {
    words.iter().map(|w| w.chars().count()).collect()
}

/// Equal, or one substitution apart when both words have three letters or more.
fn similar(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (x, y): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    x.len() >= 3 && x.len() == y.len() && x.iter().zip(&y).filter(|(p, q)| p != q).count() == 1
}

impl Forms {
    pub(crate) fn new(entities: &[Entity]) -> Forms {
        let mut owners: FastMap<&str, Vec<(EntityId, EntityKind)>> = FastMap::default();
        for e in entities {
            for f in std::iter::once(&e.name).chain(&e.aliases) {
                let ok = f.chars().count() >= 3
                    && f.chars().next().is_some_and(char::is_uppercase)
                    && f.chars().any(char::is_lowercase);
                if ok {
                    let v = owners.entry(f.as_str()).or_default();
                    if !v.iter().any(|x| x.0 == e.id) {
                        v.push((e.id, e.kind));
                    }
                }
            }
        }
        let mut by_first: FastMap<String, FirstWord> = FastMap::default();
        for (form, ids) in owners {
            if ids.len() != 1 {
                continue;
            }
            let first = form.split_whitespace().next().unwrap_or("").to_string();
            let entry = by_first.entry(first).or_default();
            entry.lens.push(form.len());
            entry.forms.insert(form.to_string(), (ids[0].0, ids[0].1));
        }
        for v in by_first.values_mut() {
            // Longest form first, so "Kim Jong Un" wins over "Kim Jong".
            v.lens.sort_unstable_by(|a, b| b.cmp(a));
            v.lens.dedup();
        }
        let mut people: FastMap<(char, Vec<usize>), Vec<Spelling>> = FastMap::default();
        let mut shapes = FastSet::default();
        for e in entities.iter().filter(|e| e.kind == EntityKind::Person) {
            for f in std::iter::once(&e.name).chain(&e.aliases) {
                let words = name_words(f);
                let Some(first) = words.first().and_then(|w| w.chars().next()) else {
                    continue;
                };
                if words.len() >= 2 && f.chars().any(char::is_lowercase) {
                    shapes.insert((first, words.len()));
                    people
                        .entry((first, letters(&words)))
                        .or_default()
                        .push((words, e.id));
                }
            }
        }
        Forms {
            by_first,
            people,
            shapes,
        }
    }

    /// The longest form starting with the word `first` at `at` that `fits` (ends before the
    /// sentence does, at a word boundary, over no mention), with its entity.
    fn longest_at(
        &self,
        text: &str,
        at: usize,
        first: &str,
        fits: impl Fn(usize) -> bool,
    ) -> Option<(usize, EntityId, EntityKind)> {
        let cands = self.by_first.get(first)?;
        cands.lens.iter().find_map(|&len| {
            let end = at + len;
            let &(id, kind) = cands.forms.get(text.get(at..end)?)?;
            fits(end).then_some((len, id, kind))
        })
    }

    /// The one person whose name matches `words` up to spelling variants.
    fn person(&self, words: &[String]) -> Option<EntityId> {
        let first = words.first()?.chars().next()?;
        let cands = self.people.get(&(first, letters(words)))?;
        // An exact spelling wins over a variant of another person's name.
        for exact in [true, false] {
            let mut found = None;
            for (name, id) in cands {
                let fits = if exact {
                    name.as_slice() == words
                } else {
                    name.iter().zip(words).all(|(a, b)| similar(a, b))
                };
                if fits {
                    match found {
                        Some(f) if f != *id => return None,
                        _ => found = Some(*id),
                    }
                }
            }
            if found.is_some() {
                return found;
            }
        }
        None
    }
}

/// The end of the word starting at `from`: the first character that is neither a letter, a
/// digit nor a hyphen (decoded only where it is not ASCII).
fn word_end(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    let mut p = from;
    while let Some(&b) = bytes.get(p) {
        if b < 0x80 {
            if !(crate::text::ALNUM[usize::from(b)] || b == b'-') {
                return p;
            }
            p += 1;
            continue;
        }
        match text[p..].chars().next() {
            Some(c) if c.is_alphanumeric() => p += c.len_utf8(),
            _ => return p,
        }
    }
    text.len()
}

/// Mentions for unmarked known forms and demonyms in the sentences; `base` sorted by start.
pub(crate) fn fill(
    text: &str,
    sentences: &[Span],
    base: &[Ment],
    forms: &Forms,
    country_of: Option<CountryOf>,
    idx: &Index,
) -> Vec<Ment> {
    let mut out = Vec::new();
    // Working buffers, reused across sentences and words.
    let mut taken: Vec<Span> = Vec::new();
    let mut ends: Vec<usize> = Vec::new();
    let mut lens: Vec<usize> = Vec::new();
    for &s in sentences {
        let Some(sent) = text.get(s.start..s.end) else {
            continue;
        };
        let lo = base
            .partition_point(|m| m.span.start < s.start)
            .saturating_sub(1);
        taken.clear();
        taken.extend(
            base[lo..]
                .iter()
                .take_while(|m| m.span.start < s.end)
                .filter(|m| m.span.end > s.start)
                .map(|m| m.span),
        );
        let mut skip_to = 0;
        // Only a capital can start a name: skip to the next ASCII capital or non-ASCII character
        // byte-wise (from a char boundary, the first byte from 0x80 up starts a character).
        let bytes = sent.as_bytes();
        let mut next = 0;
        while let Some(off) = next_capital(bytes, next) {
            let Some(c) = sent[off..].chars().next() else {
                break;
            };
            next = off + c.len_utf8();
            let at = s.start + off;
            // Inside a mention nothing starts: go on after it (a mention ends on a character
            // boundary, after `at`).
            if let Some(t) = taken.iter().find(|t| t.start <= at && at < t.end) {
                next = t.end.min(s.end) - s.start;
                continue;
            }
            let prev = sent[..off].chars().next_back();
            let starts = c.is_uppercase() && !prev.is_some_and(|p| p.is_alphanumeric() || p == '-');
            if !starts || at < skip_to {
                continue;
            }
            let end1 = word_end(text, at).min(s.end);
            let first = &text[at..end1];
            let free = |end: usize| !taken.iter().any(|t| t.start < end && at < t.end);
            let boundary = |end: usize| {
                !text[end..]
                    .chars()
                    .next()
                    .is_some_and(|n| n.is_alphanumeric())
            };
            let hit = forms.longest_at(text, at, first, |end| {
                end <= s.end && boundary(end) && free(end)
            });
            if let Some((len, id, kind)) = hit {
                out.push(Ment {
                    span: Span::new(at, at + len),
                    id,
                    kind,
                    coref: false,
                });
                skip_to = at + len;
                continue;
            }
            // Capitalised words from here ("Choe Son-hui"): a person up to spelling variants.
            ends.clear();
            let mut e = at;
            while ends.len() < 4 {
                // The first word's end is known already.
                let we = if e == at {
                    end1
                } else {
                    word_end(text, e).min(s.end)
                };
                if we <= e {
                    break;
                }
                ends.push(we);
                let next = &text[we..s.end.max(we)];
                let gap = next.chars().next();
                if !matches!(gap, Some(' ' | '-'))
                    || !next[1..].chars().next().is_some_and(char::is_uppercase)
                {
                    break;
                }
                e = we + 1;
            }
            if ends.len() >= 2 {
                let hit = (2..=ends.len()).rev().find_map(|n| {
                    let end = ends[n - 1];
                    let span = &text[at..end];
                    let first = lower_char(span.chars().next()?);
                    // The words as `name_words` splits them, as bytes: both separators are
                    // ASCII, and a word's letters are its bytes that start a character.
                    let words = || {
                        span.as_bytes()
                            .split(|&b| b == b' ' || b == b'-')
                            .filter(|w| !w.is_empty())
                    };
                    let n = words().count();
                    // Cheap test first: is there any person of this initial and length?
                    if !forms.shapes.contains(&(first, n)) {
                        return None;
                    }
                    // Then the letters in each word, as `person` blocks them (lowercasing keeps
                    // them): the lowercase words are made only when someone's name fits.
                    lens.clear();
                    lens.extend(words().map(|w| w.iter().filter(|&&b| b & 0xC0 != 0x80).count()));
                    let key = (first, std::mem::take(&mut lens));
                    let known = forms.people.contains_key(&key);
                    lens = key.1;
                    if !known {
                        return None;
                    }
                    let words = name_words(span);
                    free(end)
                        .then(|| forms.person(&words))
                        .flatten()
                        .map(|id| (id, end))
                });
                if let Some((id, end)) = hit {
                    out.push(Ment {
                        span: Span::new(at, end),
                        id,
                        kind: EntityKind::Person,
                        coref: false,
                    });
                    skip_to = end;
                    continue;
                }
            }
            let Some(country_of) = country_of else {
                continue;
            };
            // Two capitalised words ("North Korean"), then one ("Russian").
            ends.clear();
            let after = &text[end1..s.end.max(end1)];
            if let Some(rest) = after.strip_prefix(' ') {
                if rest.chars().next().is_some_and(char::is_uppercase) {
                    ends.push(word_end(text, end1 + 1).min(s.end));
                }
            }
            ends.push(end1);
            for &end in &ends {
                // Only words shaped like demonyms are looked up: country names are the
                // recogniser's, and the lookup is not free.
                // The endings "an", "ans", "ese", "ish", "i", "is", "ic", "ch", told by the last
                // byte first (most words fail there). None holds a space, so the last word ends
                // with one exactly when the words do.
                let b = &text.as_bytes()[at..end];
                let demonym_like = match b.last() {
                    Some(b'i') => true,
                    Some(b'n') => b.ends_with(b"an"),
                    Some(b's') => b.ends_with(b"ans") || b.ends_with(b"is"),
                    Some(b'e') => b.ends_with(b"ese"),
                    Some(b'h') => b.ends_with(b"ish") || b.ends_with(b"ch"),
                    Some(b'c') => b.ends_with(b"ic"),
                    _ => false,
                };
                if !demonym_like || !free(end) {
                    continue;
                }
                let Some(id) =
                    country_of(&text[at..end]).and_then(|code| idx.country_by_code(&code))
                else {
                    continue;
                };
                out.push(Ment {
                    span: Span::new(at, end),
                    id,
                    kind: EntityKind::Country,
                    coref: false,
                });
                skip_to = end;
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    //! The hash-blocked lookups answer exactly as a scan over every known form would.

    use super::*;
    use proptest::prelude::*;

    const WORDS: &[&str] = &[
        "Kim", "Kin", "Jong", "Jang", "Un", "Choe", "Choi", "Son", "Hui", "Lee", "Lea", "Sung",
        "Ri",
    ];

    fn person(id: u32, forms: &[Vec<usize>]) -> Entity {
        let mut names = forms
            .iter()
            .map(|f| f.iter().map(|&w| WORDS[w]).collect::<Vec<_>>().join(" "));
        Entity {
            id: EntityId(id),
            name: names.next().unwrap_or_default(),
            kind: EntityKind::Person,
            aliases: names.collect(),
            country: None,
            roles: Vec::new(),
            docs: Vec::new(),
            mentions: Vec::new(),
            merges: Vec::new(),
        }
    }

    /// `Forms::person` as a scan over every spelling of every person with the same first letter
    /// and number of words (the blocking the lookup always had).
    fn person_by_scan(entities: &[Entity], words: &[String]) -> Option<EntityId> {
        let all: Vec<(Vec<String>, EntityId)> = entities
            .iter()
            .flat_map(|e| {
                std::iter::once(&e.name)
                    .chain(&e.aliases)
                    .map(|f| (f, e.id))
            })
            .map(|(f, id)| (name_words(f), id))
            .filter(|(w, _)| w.len() >= 2)
            .collect();
        for exact in [true, false] {
            let fits: Vec<EntityId> = all
                .iter()
                .filter(|(name, _)| {
                    name.len() == words.len()
                        && name[0].chars().next() == words[0].chars().next()
                        && if exact {
                            name.as_slice() == words
                        } else {
                            name.iter().zip(words).all(|(a, b)| similar(a, b))
                        }
                })
                .map(|x| x.1)
                .collect();
            if let Some(&first) = fits.first() {
                return fits.iter().all(|&x| x == first).then_some(first);
            }
        }
        None
    }

    /// Known forms and the entity that has each (a form two entities share appears twice).
    type Owned = Vec<(String, EntityId)>;

    /// `Forms::longest_at` as a scan: forms owned by one entity, longest first, then by text.
    fn longest_by_scan(entities: &[Entity], text: &str) -> Option<(usize, EntityId)> {
        let mut owners: Owned = Vec::new();
        for e in entities {
            for f in std::iter::once(&e.name).chain(&e.aliases) {
                if f.chars().count() >= 3 && !owners.iter().any(|(g, id)| g == f && *id == e.id) {
                    owners.push((f.clone(), e.id));
                }
            }
        }
        let mut forms: Owned = owners
            .iter()
            .filter(|(f, _)| owners.iter().filter(|(g, _)| g == f).count() == 1)
            .cloned()
            .collect();
        let first = text.split(' ').next().unwrap_or("");
        forms.retain(|(f, _)| f.split_whitespace().next() == Some(first));
        forms.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        forms
            .into_iter()
            .find(|(f, _)| {
                text.starts_with(f.as_str())
                    && !text[f.len()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric)
            })
            .map(|(f, id)| (f.len(), id))
    }

    fn name_of() -> impl Strategy<Value = Vec<usize>> {
        proptest::collection::vec(0..WORDS.len(), 1..4)
    }

    proptest! {
        #[test]
        fn blocked_lookups_answer_as_a_scan_over_all_forms(
            people in proptest::collection::vec(proptest::collection::vec(name_of(), 1..3), 0..25),
            query in name_of(),
        ) {
            let entities: Vec<Entity> = people
                .iter()
                .enumerate()
                .map(|(i, forms)| person(i as u32, forms))
                .collect();
            let forms = Forms::new(&entities);
            let words: Vec<String> = query.iter().map(|&w| WORDS[w].lower()).collect();
            prop_assert_eq!(forms.person(&words), person_by_scan(&entities, &words));
            let text = query.iter().map(|&w| WORDS[w]).collect::<Vec<_>>().join(" ") + " said.";
            let first = text.split(' ').next().unwrap_or("");
            let boundary = |end: usize| {
                !text[end..].chars().next().is_some_and(char::is_alphanumeric)
            };
            let got = forms
                .longest_at(&text, 0, first, |end| end <= text.len() && boundary(end))
                .map(|(len, id, _)| (len, id));
            prop_assert_eq!(got, longest_by_scan(&entities, &text));
        }
    }

    proptest! {
        /// The eight-bytes-at-a-time scans find what a byte-by-byte (char-by-char) scan finds.
        #[test]
        fn scans_agree_with_plain_ones(text in "[a-zA-Z0-9 ,.'\\-\\[@`{éÉ’]{0,40}", from in 0usize..40) {
            let bytes = text.as_bytes();
            let from = (0..=from.min(text.len())).rev().find(|&k| text.is_char_boundary(k)).unwrap_or(0);
            let plain = bytes[from..]
                .iter()
                .position(|&b| b.is_ascii_uppercase() || b >= 0x80)
                .map(|k| from + k);
            prop_assert_eq!(next_capital(bytes, from), plain);
            let plain_end = text[from..]
                .char_indices()
                .find(|&(_, c)| !(c.is_alphanumeric() || c == '-'))
                .map(|(i, _)| from + i)
                .unwrap_or(text.len());
            prop_assert_eq!(word_end(&text, from), plain_end);
        }
    }
}
