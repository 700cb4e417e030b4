//! The resolver's [`Atlas`] backed by the embedded gazetteer (`crate::gazetteer`): country names,
//! the form a surface names a country by, given names, and the home countries of the places and
//! well-known organisations the gazetteer lists; and the country mentions a tagger misses.

use super::{Atlas, Naming};
use crate::gazetteer::{self, CountryForm, CountryStatus, Flags, PhraseKind};
use crate::model::{Mention, MentionKind, Sentence};
use crate::sort::SortStable;
use crate::span::Span;

/// The gazetteer as an [`Atlas`]; what [`crate::analyze`] resolves with.
#[derive(Clone, Copy, Debug, Default)]
pub struct Gazetteer;

impl Atlas for Gazetteer {
    fn country_name(&self, code: &str) -> Option<String> {
        gazetteer::country_by_code(code).map(|c| c.name.to_string())
    }

    fn country_form(&self, surface: &str) -> Option<(String, Naming)> {
        let (country, form) = gazetteer::find_country(surface)?;
        // A territory (Hong Kong, Greenland) is a place, not a country.
        if country.status == CountryStatus::Territory {
            return None;
        }
        let naming = match form {
            CountryForm::Capital => Naming::Capital,
            CountryForm::Seat => Naming::Seat,
            CountryForm::Name
            | CountryForm::Code
            | CountryForm::Demonym
            | CountryForm::Inverted => Naming::Country,
        };
        Some((country.code.to_string(), naming))
    }

    fn is_given_name(&self, word: &str) -> bool {
        gazetteer::lexicon(word).contains(Flags::GIVEN_NAME)
    }

    fn is_person_word(&self, word: &str) -> bool {
        gazetteer::lexicon(word).intersects(Flags::GIVEN_NAME | Flags::SURNAME)
    }

    fn home_country(&self, surface: &str, kind: MentionKind) -> Option<String> {
        match kind {
            MentionKind::Place => gazetteer::place_country(surface).map(str::to_string),
            MentionKind::Organization => {
                // Only a gazetteer organisation that is the whole name counts.
                let m = gazetteer::phrase_matches(surface);
                match m.as_slice() {
                    [one] if one.span.start == 0 && one.span.end >= surface.trim_end().len() => {
                        match one.kind {
                            PhraseKind::Org { country } => country.map(str::to_string),
                            _ => None,
                        }
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }
}

/// Add the country mentions (and well-known organisations) the recogniser left out: demonyms ("Russian", "North Korean"), codes,
/// inverted tag forms ("KOREA, NORTH") and seats of power are not names to a tagger trained on
/// people, organisations and places, but they are how news names countries. A gazetteer phrase is
/// added when it is capitalised, lies in a sentence, and does not cut through a recognised mention;
/// recognised mentions that lie inside it are replaced by it ("KOREA" + "NORTH" → "KOREA, NORTH").
pub fn add_country_mentions(text: &str, sentences: &[Sentence], mentions: &mut Vec<Mention>) {
    let mut found: Vec<Mention> = Vec::new();
    let mut matches = Vec::new();
    for s in sentences {
        let Some(sentence) = text.get(s.span.start..s.span.end) else {
            continue;
        };
        // Only capitalised phrases are names ("France", not "france").
        gazetteer::capitalised_phrase_matches_into(sentence, &mut matches);
        for &m in &matches {
            let span = Span::new(s.span.start + m.span.start, s.span.start + m.span.end);
            let (kind, code) = match m.kind {
                PhraseKind::Country { code, form } => {
                    if gazetteer::country_by_code(code)
                        .is_some_and(|c| c.status == CountryStatus::Territory)
                    {
                        continue;
                    }
                    let kind = match form {
                        CountryForm::Capital => MentionKind::Place,
                        CountryForm::Seat => MentionKind::Organization,
                        _ => MentionKind::Country,
                    };
                    (kind, Some(code))
                }
                // A well-known organisation ("Interfax", "KCNA") the tagger left out.
                PhraseKind::Org { .. } => (MentionKind::Organization, None),
                _ => continue,
            };
            found.push(Mention {
                span,
                kind,
                country: code.map(str::to_string),
            });
        }
    }
    if found.is_empty() {
        return;
    }
    mentions.sort_stable();
    let mut drop = vec![false; mentions.len()];
    let mut add = Vec::new();
    for f in found {
        let lo = mentions.partition_point(|m| m.span.end <= f.span.start);
        let mut inside = Vec::new();
        let mut blocked = false;
        for (j, m) in mentions.iter().enumerate().skip(lo) {
            if m.span.start >= f.span.end {
                break;
            }
            if f.span.contains(m.span) && m.span != f.span {
                inside.push(j);
            } else {
                // Same span (already found) or a recognised name that reaches outside the phrase.
                blocked = true;
            }
        }
        if !blocked {
            for j in inside {
                drop[j] = true;
            }
            add.push(f);
        }
    }
    // In place: the list is not built again.
    let mut k = 0;
    mentions.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
    // Exactly: the lists are kept for all documents until the cross-document stages, and
    // `extend` would double the capacity.
    mentions.reserve_exact(add.len());
    mentions.extend(add);
    mentions.sort_stable();
}

/// Split names a tagger glued to a country in front of them: "…Representative for North Korea
/// Sung Kim" tagged as one place becomes the country "North Korea" and the person "Sung Kim". A
/// mention is split only when its first one to three words name a country (not a capital) and
/// the rest is two or more capitalised words the name lists know as a person's (a given name first
/// or a surname last).
pub fn split_glued_names(text: &str, mentions: &mut Vec<Mention>) {
    // In place: splits are rare, and a copy of every document's list was memory touched for
    // nothing.
    let mut at = 0;
    while at < mentions.len() {
        match split_one(text, &mentions[at]) {
            Some((country, person)) => {
                mentions[at] = country;
                mentions.insert(at + 1, person);
                at += 2;
            }
            None => at += 1,
        }
    }
    mentions.sort_stable();
}

fn split_one(text: &str, m: &Mention) -> Option<(Mention, Mention)> {
    if matches!(m.kind, MentionKind::Person | MentionKind::Country) {
        return None;
    }
    let surface = m.span.of(text);
    // Word starts (byte offsets into `surface`): the first four, and how many there are (no list
    // per mention).
    let mut starts = [0usize; 4];
    let mut n = 0;
    let mut prev_space = true;
    for (i, c) in surface.char_indices() {
        if prev_space && !c.is_whitespace() {
            if let Some(s) = starts.get_mut(n) {
                *s = i;
            }
            n += 1;
        }
        prev_space = c.is_whitespace();
    }
    if n < 3 {
        return None;
    }
    for k in (1..=3.min(n - 2)).rev() {
        let prefix = surface[..starts[k]].trim_end();
        let Some((country, form)) = gazetteer::find_country(prefix) else {
            continue;
        };
        if matches!(form, CountryForm::Capital | CountryForm::Seat)
            || country.status == CountryStatus::Territory
        {
            continue;
        }
        let rest = &surface[starts[k]..];
        let words: Vec<&str> = rest.split_whitespace().collect();
        let capitalised = words.iter().all(|w| w.starts_with(char::is_uppercase));
        let first = gazetteer::lexicon(words[0]);
        let last = gazetteer::lexicon(words[words.len() - 1]);
        let known = first.contains(Flags::GIVEN_NAME) || last.contains(Flags::SURNAME);
        if words.len() < 2 || !capitalised || !known {
            return None;
        }
        let start = m.span.start;
        return Some((
            Mention {
                span: Span::new(start, start + prefix.len()),
                kind: MentionKind::Country,
                country: Some(country.code.to_string()),
            },
            Mention {
                span: Span::new(start + starts[k], m.span.end),
                kind: MentionKind::Person,
                country: None,
            },
        ));
    }
    None
}
