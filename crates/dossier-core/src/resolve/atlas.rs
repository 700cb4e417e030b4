//! The resolver's [`Atlas`] backed by the embedded gazetteer (`crate::gazetteer`): country names,
//! the form a surface names a country by, given names, and the home countries of the places and
//! well-known organisations the gazetteer lists; and the country mentions a tagger misses.

use super::{Atlas, Naming};
use crate::gazetteer::{self, CountryForm, CountryStatus, Flags, PhraseKind};
use crate::model::{Mention, MentionKind, Sentence};
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

/// Add the country mentions the recogniser left out: demonyms ("Russian", "North Korean"), codes,
/// inverted tag forms ("KOREA, NORTH") and seats of power are not names to a tagger trained on
/// people, organisations and places, but they are how news names countries. A gazetteer phrase is
/// added when it is capitalised, lies in a sentence, and does not cut through a recognised mention;
/// recognised mentions that lie inside it are replaced by it ("KOREA" + "NORTH" → "KOREA, NORTH").
pub fn add_country_mentions(text: &str, sentences: &[Sentence], mentions: &mut Vec<Mention>) {
    let mut found: Vec<Mention> = Vec::new();
    for s in sentences {
        let Some(sentence) = text.get(s.span.start..s.span.end) else {
            continue;
        };
        for m in gazetteer::phrase_matches(sentence) {
            let PhraseKind::Country { code, form } = m.kind else {
                continue;
            };
            let span = Span::new(s.span.start + m.span.start, s.span.start + m.span.end);
            if !span.of(text).starts_with(char::is_uppercase) {
                continue;
            }
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
            found.push(Mention {
                span,
                kind,
                country: Some(code.to_string()),
            });
        }
    }
    if found.is_empty() {
        return;
    }
    mentions.sort();
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
    let mut keep: Vec<Mention> = mentions
        .drain(..)
        .zip(drop)
        .filter(|(_, d)| !d)
        .map(|(m, _)| m)
        .collect();
    keep.extend(add);
    keep.sort();
    *mentions = keep;
}
