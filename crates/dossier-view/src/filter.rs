//! Filters that combine across every view, the index that makes them fast, and facet counts.
//!
//! [`Index::new`] is built once per (corrected) analysis; [`Index::query`] then answers a
//! [`Filters`] value with the visible entities, country cards, relations and claims, plus facet counts,
//! without allocating per entity: names are folded once at build time, documents are bitsets, and
//! relation predicates are pre-tabulated per entity.
//!
//! Semantics, the same in every view:
//! - documents pass when they are in `docs` (if any are chosen) and their source is in `sources`
//!   (if any are chosen); an entity passes when it has at least `min_mentions` (at least one)
//!   mentions in passing documents;
//! - `q` is folded and must occur in the entity's folded name or one of its aliases;
//! - `kinds` / `countries` restrict type and ISO country (a country entity has its own code);
//! - `predicates`: the entity takes part in a relation with one of them, stated in a passing document.
//! - A relation is shown when its predicate and an evidence document pass and either end is a shown
//!   entity; a claim when a value's document passes and its actor (if any) is shown, or, without
//!   actor, when the kind/country/predicate filters are unset and `q` matches its topic or unit;
//!   a country card when its entity passes every filter except `kinds`.
//! - Facet counts: next to each value, how many entities pass every *other* filter and have that
//!   value, so the numbers say what choosing the value would leave.

use crate::fold::fold;
use dossier_core::{Analysis, DocId, EntityId, EntityKind};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// What the analyst filters by. Empty sets mean "any".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filters {
    pub q: String,
    pub kinds: BTreeSet<EntityKind>,
    pub countries: BTreeSet<String>,
    pub docs: BTreeSet<DocId>,
    pub sources: BTreeSet<String>,
    pub predicates: BTreeSet<String>,
    pub min_mentions: usize,
}

impl Filters {
    pub fn is_empty(&self) -> bool {
        *self == Filters::default()
    }
}

/// Facet counts (see the module docs).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facets {
    pub kinds: BTreeMap<EntityKind, usize>,
    pub countries: BTreeMap<String, usize>,
    pub docs: BTreeMap<DocId, usize>,
    pub sources: BTreeMap<String, usize>,
    pub predicates: BTreeMap<String, usize>,
}

/// What a query shows: indices into the analysis' lists, in display order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Results {
    /// Indices into `analysis.entities`: best search match first, then by mentions, then by name.
    pub entities: Vec<usize>,
    /// Indices into `analysis.countries`, by mentions.
    pub countries: Vec<usize>,
    /// Indices into `analysis.relations`, in analysis order (the relationship list sorts them).
    pub relations: Vec<usize>,
    /// Indices into `analysis.claims`.
    pub claims: Vec<usize>,
    pub facets: Facets,
}

const Q: u8 = 1;
const KIND: u8 = 2;
const COUNTRY: u8 = 4;
const DOC: u8 = 8;
const PRED: u8 = 16;

struct Entry {
    kind: EntityKind,
    country: Option<String>,
    /// Folded canonical name.
    name: String,
    /// Folded aliases.
    aliases: Vec<String>,
    /// (document, mentions in it), by document.
    per_doc: Vec<(DocId, usize)>,
    /// (predicate index, document) for every relation evidence the entity takes part in.
    preds: Vec<(usize, DocId)>,
}

/// The search index over one analysis.
pub struct Index {
    entries: Vec<Entry>,
    by_id: BTreeMap<EntityId, usize>,
    predicates: Vec<String>,
    doc_source: BTreeMap<DocId, Option<String>>,
    /// Folded "topic unit" of each claim.
    claim_text: Vec<String>,
    /// Folded names of each country summary (name, code, every form it is mentioned as).
    country_text: Vec<Vec<String>>,
}

impl Index {
    pub fn new(a: &Analysis) -> Index {
        let predicates: Vec<String> = a
            .relations
            .iter()
            .map(|r| r.predicate.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let pred_ix: BTreeMap<&str, usize> = predicates
            .iter()
            .enumerate()
            .map(|(i, p)| (p.as_str(), i))
            .collect();
        let by_id: BTreeMap<EntityId, usize> = a
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id, i))
            .collect();
        let mut entries: Vec<Entry> = a
            .entities
            .iter()
            .map(|e| {
                let mut per_doc: BTreeMap<DocId, usize> = BTreeMap::new();
                for m in &e.mentions {
                    *per_doc.entry(m.doc).or_default() += 1;
                }
                // An entity listed in a document without mention spans still counts once there.
                for d in &e.docs {
                    per_doc.entry(*d).or_insert(1);
                }
                Entry {
                    kind: e.kind,
                    country: e.country.clone(),
                    name: fold(&e.name),
                    aliases: e.aliases.iter().map(|s| fold(s)).collect(),
                    per_doc: per_doc.into_iter().collect(),
                    preds: Vec::new(),
                }
            })
            .collect();
        for r in &a.relations {
            let p = pred_ix[r.predicate.as_str()];
            for end in [r.subject, r.object] {
                if let Some(&i) = by_id.get(&end) {
                    for ev in &r.evidence {
                        entries[i].preds.push((p, ev.doc));
                    }
                }
            }
        }
        for e in &mut entries {
            e.preds.sort();
            e.preds.dedup();
        }
        let doc_source = a
            .documents
            .iter()
            .map(|d| (d.id, d.source.clone()))
            .collect();
        let claim_text = a
            .claims
            .iter()
            .map(|c| fold(&format!("{} {}", c.topic, c.unit)))
            .collect();
        let country_text = a
            .countries
            .iter()
            .map(|c| {
                let mut v = vec![fold(&c.name), fold(&c.code)];
                v.extend(c.mentioned_as.iter().map(|s| fold(s)));
                v
            })
            .collect();
        Index {
            entries,
            by_id,
            predicates,
            doc_source,
            claim_text,
            country_text,
        }
    }

    /// Every predicate in the analysis, sorted.
    pub fn predicates(&self) -> &[String] {
        &self.predicates
    }

    /// Run `f` over `a` (the analysis this index was built from).
    pub fn query(&self, a: &Analysis, f: &Filters) -> Results {
        let q = fold(&f.q);
        let doc_ok = |d: DocId| {
            (f.docs.is_empty() || f.docs.contains(&d))
                && (f.sources.is_empty()
                    || self
                        .doc_source
                        .get(&d)
                        .and_then(|s| s.as_ref())
                        .is_some_and(|s| f.sources.contains(s)))
        };
        let pred_ok: Vec<bool> = self
            .predicates
            .iter()
            .map(|p| f.predicates.is_empty() || f.predicates.contains(p))
            .collect();
        let min = f.min_mentions.max(1);
        let mut facets = Facets::default();
        // (rank, mentions, index) of the entities passing every filter.
        let mut shown: Vec<(u8, usize, usize)> = Vec::new();
        let mut visible = vec![false; self.entries.len()];
        for (i, e) in self.entries.iter().enumerate() {
            let mut fail = 0u8;
            let rank = if q.is_empty() { Some(0) } else { rank(&q, e) };
            if rank.is_none() {
                fail |= Q;
            }
            if !f.kinds.is_empty() && !f.kinds.contains(&e.kind) {
                fail |= KIND;
            }
            if !f.countries.is_empty()
                && !e.country.as_ref().is_some_and(|c| f.countries.contains(c))
            {
                fail |= COUNTRY;
            }
            let in_docs: usize = e
                .per_doc
                .iter()
                .filter(|(d, _)| doc_ok(*d))
                .map(|(_, n)| n)
                .sum();
            if in_docs < min {
                fail |= DOC;
            }
            if !f.predicates.is_empty() && !e.preds.iter().any(|&(p, d)| pred_ok[p] && doc_ok(d)) {
                fail |= PRED;
            }
            if fail == 0 {
                shown.push((rank.unwrap_or(0), in_docs, i));
                visible[i] = true;
            }
            // Facets: count this entity under a facet when every *other* filter passes.
            if fail & !KIND == 0 {
                *facets.kinds.entry(e.kind).or_default() += 1;
            }
            if fail & !COUNTRY == 0 {
                if let Some(c) = &e.country {
                    *facets.countries.entry(c.clone()).or_default() += 1;
                }
            }
            if fail & !DOC == 0 {
                let mut sources: BTreeSet<&str> = BTreeSet::new();
                for (d, _) in &e.per_doc {
                    *facets.docs.entry(*d).or_default() += 1;
                    if let Some(Some(s)) = self.doc_source.get(d) {
                        sources.insert(s);
                    }
                }
                for s in sources {
                    *facets.sources.entry(s.to_string()).or_default() += 1;
                }
            }
            if fail & !PRED == 0 {
                let mut seen: BTreeSet<usize> = BTreeSet::new();
                for &(p, d) in &e.preds {
                    if doc_ok(d) && seen.insert(p) {
                        *facets
                            .predicates
                            .entry(self.predicates[p].clone())
                            .or_default() += 1;
                    }
                }
            }
        }
        shown.sort_by(|x, y| {
            x.0.cmp(&y.0)
                .then(y.1.cmp(&x.1))
                .then_with(|| a.entities[x.2].name.cmp(&a.entities[y.2].name))
                .then(x.2.cmp(&y.2))
        });
        let entity_shown = |id: EntityId| self.by_id.get(&id).is_some_and(|&i| visible[i]);

        let relations = a
            .relations
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                (f.predicates.is_empty() || f.predicates.contains(&r.predicate))
                    && r.evidence.iter().any(|ev| doc_ok(ev.doc))
                    && (entity_shown(r.subject) || entity_shown(r.object))
            })
            .map(|(i, _)| i)
            .collect();

        let entity_only = f.kinds.is_empty() && f.countries.is_empty() && f.predicates.is_empty();
        let claims = a
            .claims
            .iter()
            .enumerate()
            .filter(|(i, c)| {
                c.values.iter().any(|v| doc_ok(v.doc))
                    && match c.actor.filter(|id| self.by_id.contains_key(id)) {
                        Some(actor) => {
                            entity_shown(actor)
                                || (entity_only
                                    && !q.is_empty()
                                    && self.claim_text[*i].contains(&q))
                        }
                        None => entity_only && (q.is_empty() || self.claim_text[*i].contains(&q)),
                    }
            })
            .map(|(i, _)| i)
            .collect();

        // Country cards: every filter but `kinds` (a country card is not "a person" or "a place").
        let mut countries: Vec<(usize, usize)> = a
            .countries
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                if !f.countries.is_empty() && !f.countries.contains(&c.code) {
                    return None;
                }
                if !q.is_empty() && !self.country_text[i].iter().any(|t| t.contains(&q)) {
                    return None;
                }
                let n = c.mentions.iter().filter(|m| doc_ok(m.doc)).count()
                    + if c.mentions.is_empty() {
                        c.docs.iter().filter(|d| doc_ok(**d)).count()
                    } else {
                        0
                    };
                if n < min {
                    return None;
                }
                if !f.predicates.is_empty() {
                    let e = self.by_id.get(&c.id).map(|&j| &self.entries[j]);
                    if !e.is_some_and(|e| e.preds.iter().any(|&(p, d)| pred_ok[p] && doc_ok(d))) {
                        return None;
                    }
                }
                Some((n, i))
            })
            .collect();
        countries.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));

        Results {
            entities: shown.into_iter().map(|s| s.2).collect(),
            countries: countries.into_iter().map(|c| c.1).collect(),
            relations,
            claims,
            facets,
        }
    }
}

/// How well `q` (folded, non-empty) matches an entry: 0 exact name, 1 name prefix, 2 word prefix in
/// the name, 3 inside the name, 4 exact alias, 5 inside an alias; `None` when it does not match.
fn rank(q: &str, e: &Entry) -> Option<u8> {
    if e.name == q {
        return Some(0);
    }
    if let Some(at) = e.name.find(q) {
        return Some(if at == 0 {
            1
        } else if e.name.as_bytes()[at - 1] == b' ' {
            2
        } else {
            3
        });
    }
    if e.aliases.iter().any(|a| a == q) {
        return Some(4);
    }
    e.aliases.iter().any(|a| a.contains(q)).then_some(5)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::analysis;

    fn names(a: &Analysis, r: &Results) -> Vec<String> {
        r.entities
            .iter()
            .map(|&i| a.entities[i].name.clone())
            .collect()
    }

    fn run(f: Filters) -> (Analysis, Results) {
        let a = analysis();
        let r = Index::new(&a).query(&a, &f);
        (a, r)
    }

    #[test]
    fn no_filter_shows_everything_most_mentioned_first() {
        let (a, r) = run(Filters::default());
        assert_eq!(r.entities.len(), a.entities.len());
        assert_eq!(names(&a, &r)[0], "Sergei Lavrov");
        assert_eq!(r.relations, vec![0, 1, 2]);
        assert_eq!(r.claims, vec![0]);
        assert_eq!(r.countries.len(), 2);
        assert_eq!(r.facets.kinds[&EntityKind::Person], 3);
    }

    #[test]
    fn search_folds_and_matches_aliases_best_match_first() {
        let (a, r) = run(Filters {
            q: "SERGÉY-lavrov".into(),
            ..Filters::default()
        });
        assert_eq!(names(&a, &r), vec!["Sergei Lavrov"]);
        let (a, r) = run(Filters {
            q: "kim".into(),
            ..Filters::default()
        });
        assert_eq!(names(&a, &r), vec!["Kim Jong Un"]);
        let (a, r) = run(Filters {
            q: "on".into(),
            ..Filters::default()
        });
        // "Choe Son Hui" has a word starting "on"? No: "son" contains it → rank 3, like "Wonsan".
        assert!(names(&a, &r).contains(&"Choe Son Hui".to_string()));
        assert!(names(&a, &r).contains(&"Kim Jong Un".to_string()));
    }

    #[test]
    fn country_filter_keeps_that_countrys_people_and_its_relations() {
        let (a, r) = run(Filters {
            countries: BTreeSet::from(["KP".to_string()]),
            ..Filters::default()
        });
        let n = names(&a, &r);
        assert!(n.contains(&"Kim Jong Un".to_string()) && n.contains(&"Choe Son Hui".to_string()));
        assert!(!n.contains(&"Sergei Lavrov".to_string()));
        // Facet counts ignore the country filter itself: Russia's two entities are still counted.
        assert_eq!(r.facets.countries["RU"], 2);
        assert_eq!(r.facets.countries["KP"], 4);
        // "Lavrov met Kim" involves a North Korean, so it stays.
        assert!(r.relations.contains(&0));
        assert_eq!(r.countries.len(), 1);
    }

    #[test]
    fn filters_combine_document_type_predicate_and_minimum_mentions() {
        let (a, r) = run(Filters {
            docs: BTreeSet::from([DocId(1)]),
            kinds: BTreeSet::from([EntityKind::Person]),
            ..Filters::default()
        });
        assert_eq!(names(&a, &r), vec!["Kim Jong Un", "Sergei Lavrov"]);
        let (a, r) = run(Filters {
            sources: BTreeSet::from(["Reuters".to_string()]),
            min_mentions: 2,
            ..Filters::default()
        });
        assert_eq!(
            names(&a, &r),
            vec!["Sergei Lavrov", "North Korea", "Russia"]
        );
        let (a, r) = run(Filters {
            predicates: BTreeSet::from(["sent troops to".to_string()]),
            ..Filters::default()
        });
        assert_eq!(names(&a, &r), vec!["North Korea", "Russia"]);
        assert_eq!(r.relations, vec![2]);
        assert_eq!(r.facets.predicates["met"], 3);
    }

    #[test]
    fn claims_follow_their_actor_or_their_topic() {
        let (_, r) = run(Filters {
            q: "troops".into(),
            ..Filters::default()
        });
        assert_eq!(r.claims, vec![0]);
        let (_, r) = run(Filters {
            countries: BTreeSet::from(["US".to_string()]),
            ..Filters::default()
        });
        assert!(r.claims.is_empty());
    }
}
