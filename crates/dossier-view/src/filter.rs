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
use dossier_core::sort::SortStable;
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
    /// Index into `Index::countries`.
    country: Option<u32>,
    /// Folded canonical name.
    name: String,
    /// Folded aliases.
    aliases: Vec<String>,
    /// (document index, mentions in it), by document.
    per_doc: Vec<(u32, u32)>,
    /// (predicate index, document index) for every relation evidence the entity takes part in.
    preds: Vec<(u32, u32)>,
    /// Indices into `analysis.relations` of the relations it is subject or object of, ascending.
    relations: Vec<u32>,
}

/// The search index over one analysis. Documents, sources, countries and predicates are numbered
/// densely so a query counts facets in plain vectors.
pub struct Index {
    entries: Vec<Entry>,
    by_id: BTreeMap<EntityId, usize>,
    predicates: Vec<String>,
    doc_ix: DocIx,
    /// Per document index, its source's index into `sources`.
    doc_source: Vec<Option<u32>>,
    sources: Vec<String>,
    countries: Vec<String>,
    /// Folded "topic unit" of each claim.
    claim_text: Vec<String>,
    /// Folded names of each country summary (name, code, every form it is mentioned as).
    country_text: Vec<Vec<String>>,
}

fn numbering<'a>(items: impl Iterator<Item = &'a str>) -> Vec<String> {
    let set: BTreeSet<&str> = items.collect();
    set.into_iter().map(str::to_string).collect()
}

fn position(list: &[String], s: &str) -> Option<u32> {
    list.binary_search_by(|x| x.as_str().cmp(s))
        .ok()
        .map(|i| i as u32)
}

/// Documents numbered densely: `docs[i]` is the `i`-th id in ascending order. The engine numbers
/// documents `0..n`, so lookups index a table by id; ids far apart (a hand-edited workspace) fall
/// back to a binary search instead of a table as large as the largest id.
struct DocIx {
    docs: Vec<DocId>,
    /// By id, its number plus one (0: absent); empty when the ids are sparse.
    table: Vec<u32>,
}

impl DocIx {
    /// `docs` sorted and without duplicates.
    fn new(docs: Vec<DocId>) -> DocIx {
        let max = docs.last().map_or(0, |d| d.0 as usize + 1);
        let mut table = Vec::new();
        if max <= 2 * docs.len() + 1024 {
            table = vec![0; max];
            for (i, d) in docs.iter().enumerate() {
                table[d.0 as usize] = i as u32 + 1;
            }
        }
        DocIx { docs, table }
    }

    fn get(&self, d: DocId) -> Option<u32> {
        if self.table.is_empty() {
            return self.docs.binary_search(&d).ok().map(|i| i as u32);
        }
        self.table.get(d.0 as usize).and_then(|&i| i.checked_sub(1))
    }
}

impl Index {
    pub fn new(a: &Analysis) -> Index {
        let predicates = numbering(a.relations.iter().map(|r| r.predicate.as_str()));
        let sources = numbering(a.documents.iter().filter_map(|d| d.source.as_deref()));
        let countries = numbering(a.entities.iter().filter_map(|e| e.country.as_deref()));
        // Documents referenced by entities or relations but missing from `documents` still get a
        // number, so a stale or partial analysis filters consistently. Most references are to
        // listed documents, so they are only looked up; the rare others are added after.
        let mut docs: Vec<DocId> = a.documents.iter().map(|d| d.id).collect();
        docs.sort_stable();
        docs.dedup();
        let listed = DocIx::new(docs);
        let mut extra: Vec<DocId> = a
            .entities
            .iter()
            .flat_map(|e| {
                e.docs
                    .iter()
                    .copied()
                    .chain(e.mentions.iter().map(|m| m.doc))
            })
            .chain(
                a.relations
                    .iter()
                    .flat_map(|r| r.evidence.iter().map(|e| e.doc)),
            )
            .filter(|d| listed.get(*d).is_none())
            .collect();
        let doc_ix = if extra.is_empty() {
            listed
        } else {
            extra.extend_from_slice(&listed.docs);
            extra.sort_stable();
            extra.dedup();
            DocIx::new(extra)
        };
        // Every document referenced above has a number.
        let ix = |d: &DocId| doc_ix.get(*d).unwrap_or_default();
        let mut doc_source = vec![None; doc_ix.docs.len()];
        for d in &a.documents {
            doc_source[ix(&d.id) as usize] =
                d.source.as_deref().and_then(|s| position(&sources, s));
        }
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
                // Mentions per document: the mentions' document numbers sorted (they come sorted
                // by document), then counted run by run.
                let mut in_doc: Vec<u32> = e.mentions.iter().map(|m| ix(&m.doc)).collect();
                if !in_doc.is_sorted() {
                    in_doc.sort_stable();
                }
                let mut per_doc: Vec<(u32, u32)> = Vec::new();
                for d in in_doc {
                    match per_doc.last_mut() {
                        Some((last, n)) if *last == d => *n += 1,
                        _ => per_doc.push((d, 1)),
                    }
                }
                // An entity listed in a document without mention spans still counts once there.
                let counted = per_doc.len();
                for d in &e.docs {
                    let d = ix(d);
                    if per_doc[..counted]
                        .binary_search_by_key(&d, |p| p.0)
                        .is_err()
                    {
                        per_doc.push((d, 1));
                    }
                }
                if per_doc.len() > counted {
                    per_doc.sort_stable();
                    per_doc.dedup();
                }
                Entry {
                    kind: e.kind,
                    country: e.country.as_deref().and_then(|c| position(&countries, c)),
                    name: fold(&e.name),
                    aliases: e.aliases.iter().map(|s| fold(s)).collect(),
                    per_doc,
                    preds: Vec::new(),
                    relations: Vec::new(),
                }
            })
            .collect();
        for (ri, r) in a.relations.iter().enumerate() {
            for end in [r.subject, r.object] {
                if let Some(&i) = by_id.get(&end) {
                    // A relation of an entity with itself is listed once.
                    if entries[i].relations.last() != Some(&(ri as u32)) {
                        entries[i].relations.push(ri as u32);
                    }
                }
            }
            let Some(p) = position(&predicates, &r.predicate) else {
                continue;
            };
            for end in [r.subject, r.object] {
                if let Some(&i) = by_id.get(&end) {
                    for ev in &r.evidence {
                        entries[i].preds.push((p, ix(&ev.doc)));
                    }
                }
            }
        }
        for e in &mut entries {
            e.preds.sort_stable();
            e.preds.dedup();
        }
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
            doc_ix,
            doc_source,
            sources,
            countries,
            claim_text,
            country_text,
        }
    }

    /// The relations entity `entity` (an index into `analysis.entities`) is subject or object of,
    /// as ascending indices into `analysis.relations`; empty for an index out of range. Cards look
    /// their relations up here instead of scanning every relation on every render.
    pub fn relations_of(&self, entity: usize) -> &[u32] {
        self.entries
            .get(entity)
            .map_or(&[][..], |e| e.relations.as_slice())
    }

    /// Every predicate in the analysis, sorted.
    pub fn predicates(&self) -> &[String] {
        &self.predicates
    }

    /// Every source in the analysis, sorted.
    pub fn sources(&self) -> &[String] {
        &self.sources
    }

    /// Every country code entities are affiliated with, sorted.
    pub fn countries(&self) -> &[String] {
        &self.countries
    }

    /// Run `f` over `a` (the analysis this index was built from).
    pub fn query(&self, a: &Analysis, f: &Filters) -> Results {
        let q = fold(&f.q);
        let doc_pass: Vec<bool> = self
            .doc_ix
            .docs
            .iter()
            .zip(&self.doc_source)
            .map(|(d, src)| {
                (f.docs.is_empty() || f.docs.contains(d))
                    && (f.sources.is_empty()
                        || src.is_some_and(|s| f.sources.contains(&self.sources[s as usize])))
            })
            .collect();
        let doc_ok = |d: DocId| self.doc_ix.get(d).is_some_and(|i| doc_pass[i as usize]);
        let pred_ok: Vec<bool> = self
            .predicates
            .iter()
            .map(|p| f.predicates.is_empty() || f.predicates.contains(p))
            .collect();
        let country_ok: Vec<bool> = self
            .countries
            .iter()
            .map(|c| f.countries.contains(c))
            .collect();
        let min = f.min_mentions.max(1);
        let mut kind_n = [0usize; 4];
        let mut country_n = vec![0usize; self.countries.len()];
        let mut doc_n = vec![0usize; self.doc_ix.docs.len()];
        let mut source_n = vec![0usize; self.sources.len()];
        let mut pred_n = vec![0usize; self.predicates.len()];
        // Per source / predicate: the last entity counted, so each entity counts once per value.
        let mut source_seen = vec![usize::MAX; self.sources.len()];
        let mut pred_seen = vec![usize::MAX; self.predicates.len()];
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
            if !f.countries.is_empty() && !e.country.is_some_and(|c| country_ok[c as usize]) {
                fail |= COUNTRY;
            }
            let in_docs: usize = e
                .per_doc
                .iter()
                .filter(|(d, _)| doc_pass[*d as usize])
                .map(|(_, n)| *n as usize)
                .sum();
            if in_docs < min {
                fail |= DOC;
            }
            if !f.predicates.is_empty()
                && !e
                    .preds
                    .iter()
                    .any(|&(p, d)| pred_ok[p as usize] && doc_pass[d as usize])
            {
                fail |= PRED;
            }
            if fail == 0 {
                shown.push((rank.unwrap_or(0), in_docs, i));
                visible[i] = true;
            }
            // Facets: count this entity under a facet when every *other* filter passes.
            if fail & !KIND == 0 {
                kind_n[kind_slot(e.kind)] += 1;
            }
            if fail & !COUNTRY == 0 {
                if let Some(c) = e.country {
                    country_n[c as usize] += 1;
                }
            }
            if fail & !DOC == 0 {
                for &(d, _) in &e.per_doc {
                    doc_n[d as usize] += 1;
                    if let Some(s) = self.doc_source[d as usize] {
                        if source_seen[s as usize] != i {
                            source_seen[s as usize] = i;
                            source_n[s as usize] += 1;
                        }
                    }
                }
            }
            if fail & !PRED == 0 {
                for &(p, d) in &e.preds {
                    if doc_pass[d as usize] && pred_seen[p as usize] != i {
                        pred_seen[p as usize] = i;
                        pred_n[p as usize] += 1;
                    }
                }
            }
        }
        let nonzero = |names: &[String], counts: &[usize]| -> BTreeMap<String, usize> {
            names
                .iter()
                .zip(counts)
                .filter(|(_, n)| **n > 0)
                .map(|(s, n)| (s.clone(), *n))
                .collect()
        };
        let facets = Facets {
            kinds: KINDS
                .iter()
                .filter(|k| kind_n[kind_slot(**k)] > 0)
                .map(|k| (*k, kind_n[kind_slot(*k)]))
                .collect(),
            countries: nonzero(&self.countries, &country_n),
            docs: self
                .doc_ix
                .docs
                .iter()
                .zip(&doc_n)
                .filter(|(_, n)| **n > 0)
                .map(|(d, n)| (*d, *n))
                .collect(),
            sources: nonzero(&self.sources, &source_n),
            predicates: nonzero(&self.predicates, &pred_n),
        };
        shown.sort_stable_by(|x, y| {
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
                    let any = e.is_some_and(|e| {
                        e.preds
                            .iter()
                            .any(|&(p, d)| pred_ok[p as usize] && doc_pass[d as usize])
                    });
                    if !any {
                        return None;
                    }
                }
                Some((n, i))
            })
            .collect();
        countries.sort_stable_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));

        Results {
            entities: shown.into_iter().map(|s| s.2).collect(),
            countries: countries.into_iter().map(|c| c.1).collect(),
            relations,
            claims,
            facets,
        }
    }
}

const KINDS: [EntityKind; 4] = [
    EntityKind::Person,
    EntityKind::Organization,
    EntityKind::Place,
    EntityKind::Country,
];

fn kind_slot(k: EntityKind) -> usize {
    match k {
        EntityKind::Person => 0,
        EntityKind::Organization => 1,
        EntityKind::Place => 2,
        EntityKind::Country => 3,
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
    fn documents_are_numbered_alike_by_table_and_by_search() {
        // Compact ids get a table; ids spread up to 4e9 do not.
        for (ids, table) in [
            (vec![0, 1, 2, 5], true),
            (vec![3, 70_000, 4_000_000_000], false),
        ] {
            let docs: Vec<DocId> = ids.iter().map(|&i| DocId(i)).collect();
            let ix = DocIx::new(docs.clone());
            assert_eq!(!ix.table.is_empty(), table);
            for probe in [0, 1, 2, 3, 4, 5, 6, 69_999, 70_000, 4_000_000_000, u32::MAX] {
                let want = docs.binary_search(&DocId(probe)).ok().map(|i| i as u32);
                assert_eq!(ix.get(DocId(probe)), want, "{probe} in {ids:?}");
            }
        }
    }

    #[test]
    fn a_document_only_a_mention_refers_to_is_numbered_and_filters() {
        let mut a = analysis();
        let far = DocId(3_000_000_000);
        let mut m = a.entities[0].mentions[0];
        m.doc = far;
        a.entities[0].mentions.push(m);
        let index = Index::new(&a);
        let r = index.query(&a, &Filters::default());
        assert_eq!(r.facets.docs[&far], 1);
        let r = index.query(
            &a,
            &Filters {
                docs: BTreeSet::from([far]),
                ..Filters::default()
            },
        );
        assert_eq!(r.entities, vec![0]);
    }

    #[test]
    fn each_entitys_relations_are_indexed_in_analysis_order() {
        let a = analysis();
        let index = Index::new(&a);
        for (i, e) in a.entities.iter().enumerate() {
            let scanned: Vec<u32> = a
                .relations
                .iter()
                .enumerate()
                .filter(|(_, r)| r.subject == e.id || r.object == e.id)
                .map(|(j, _)| j as u32)
                .collect();
            assert_eq!(index.relations_of(i), scanned.as_slice(), "{}", e.name);
        }
        let lavrov = a.entities.iter().position(|e| e.name == "Sergei Lavrov");
        assert!(!index.relations_of(lavrov.unwrap()).is_empty());
        assert!(index.relations_of(a.entities.len()).is_empty());
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
