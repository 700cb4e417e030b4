//! Country cards: flag, name and code, how the country is mentioned, who and what is affiliated with
//! it, its relations to other countries rolled up from its people's and institutions' relations (each
//! with the evidence of the underlying relation), and mentions per document.

use crate::relations::name_of;
use dossier_core::sort::SortStable;
use dossier_core::{Analysis, DocId, EntityId, EntityKind, Evidence, Modality};
use std::collections::BTreeMap;

/// The flag emoji of an ISO 3166-1 alpha-2 code (two regional indicator symbols); `""` otherwise.
pub fn flag(code: &str) -> String {
    if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_alphabetic()) {
        return String::new();
    }
    code.bytes()
        .filter_map(|b| char::from_u32(0x1F1E6 + u32::from(b.to_ascii_uppercase() - b'A')))
        .collect()
}

/// One rolled-up relation between this country and another.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountryLink {
    /// The other country's code.
    pub other: String,
    pub predicate: String,
    /// `true` when this country is the subject side.
    pub outgoing: bool,
    pub modality: Modality,
    /// "Sergei Lavrov — met — Kim Jong Un": the relation it was rolled up from, per evidence.
    pub via: Vec<(String, Evidence)>,
}

/// Everything a country card shows beyond its [`CountrySummary`](dossier_core::CountrySummary).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CountryCard {
    /// Affiliated entities (not the country itself) by type, most mentioned first.
    pub affiliated: BTreeMap<EntityKind, Vec<EntityId>>,
    pub links: Vec<CountryLink>,
    /// Mentions per document, in document order.
    pub per_doc: Vec<(DocId, usize)>,
}

/// (other country, predicate, outgoing, modality).
type LinkKey = (String, String, bool, Modality);

/// The country an entity stands for or belongs to.
fn country_of(a: &Analysis, id: EntityId) -> Option<String> {
    if let Some(c) = a.countries.iter().find(|c| c.id == id) {
        return Some(c.code.clone());
    }
    a.entities.iter().find(|e| e.id == id)?.country.clone()
}

/// The card for the country with ISO code `code`.
pub fn card(a: &Analysis, code: &str) -> CountryCard {
    let mut out = CountryCard::default();
    let own: Vec<EntityId> = a
        .countries
        .iter()
        .filter(|c| c.code == code)
        .map(|c| c.id)
        .collect();
    let mut affiliated: Vec<(&dossier_core::Entity, usize)> = a
        .entities
        .iter()
        .filter(|e| e.country.as_deref() == Some(code) && !own.contains(&e.id))
        .map(|e| (e, e.mentions.len()))
        .collect();
    affiliated.sort_stable_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.name.cmp(&y.0.name)));
    for (e, _) in affiliated {
        out.affiliated.entry(e.kind).or_default().push(e.id);
    }
    let mut links: BTreeMap<LinkKey, Vec<(String, Evidence)>> = BTreeMap::new();
    for r in &a.relations {
        let (Some(s), Some(o)) = (country_of(a, r.subject), country_of(a, r.object)) else {
            continue;
        };
        if s == o || (s != code && o != code) {
            continue;
        }
        let outgoing = s == code;
        let other = if outgoing { o } else { s };
        let via = format!(
            "{} — {} — {}",
            name_of(a, r.subject),
            r.predicate,
            name_of(a, r.object)
        );
        let slot = links
            .entry((other, r.predicate.clone(), outgoing, r.modality))
            .or_default();
        for ev in &r.evidence {
            slot.push((via.clone(), ev.clone()));
        }
    }
    out.links = links
        .into_iter()
        .map(|((other, predicate, outgoing, modality), mut via)| {
            via.sort_stable();
            via.dedup();
            CountryLink {
                other,
                predicate,
                outgoing,
                modality,
                via,
            }
        })
        .collect();
    let mut per_doc: BTreeMap<DocId, usize> = BTreeMap::new();
    for c in a.countries.iter().filter(|c| c.code == code) {
        for m in &c.mentions {
            *per_doc.entry(m.doc).or_default() += 1;
        }
    }
    out.per_doc = per_doc.into_iter().collect();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::analysis;

    #[test]
    fn flags_are_regional_indicators() {
        assert_eq!(flag("RU"), "🇷🇺");
        assert_eq!(flag("kp"), "🇰🇵");
        assert_eq!(flag("R"), "");
        assert_eq!(flag("1Ä"), "");
    }

    #[test]
    fn a_country_card_rolls_people_relations_up_to_countries() {
        let a = analysis();
        let c = card(&a, "KP");
        let names = |ids: &Vec<EntityId>| ids.iter().map(|&i| name_of(&a, i)).collect::<Vec<_>>();
        assert_eq!(
            names(&c.affiliated[&EntityKind::Person]),
            vec!["Kim Jong Un", "Choe Son Hui"]
        );
        assert_eq!(names(&c.affiliated[&EntityKind::Place]), vec!["Wonsan"]);
        let links: Vec<(&str, &str, bool, usize)> = c
            .links
            .iter()
            .map(|l| {
                (
                    l.other.as_str(),
                    l.predicate.as_str(),
                    l.outgoing,
                    l.via.len(),
                )
            })
            .collect();
        // Lavrov met Kim (in), Choe met Lavrov (out), North Korea sent troops to Russia (out, 2 sources).
        assert_eq!(
            links,
            vec![
                ("RU", "met", false, 1),
                ("RU", "met", true, 1),
                ("RU", "sent troops to", true, 2)
            ]
        );
        assert_eq!(c.links[0].via[0].0, "Sergei Lavrov — met — Kim Jong Un");
        assert_eq!(c.per_doc, vec![(DocId(0), 2), (DocId(1), 1)]);
    }
}
