//! The resolver's [`Atlas`] backed by the embedded gazetteer (`crate::gazetteer`): country names,
//! the form a surface names a country by, given names, and the home countries of the places and
//! well-known organisations the gazetteer lists.

use super::{Atlas, Naming};
use crate::gazetteer::{self, CountryForm, CountryStatus, Flags, PhraseKind};
use crate::model::MentionKind;

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
