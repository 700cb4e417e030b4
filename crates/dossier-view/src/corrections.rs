//! Analyst corrections: merge two entities, split an alias off, rename, change type or country, hide a
//! false positive. Corrections are a log replayed, in order, over the engine's [`Analysis`]; the views
//! only ever see the result, so a correction shows everywhere at once, and undo is "drop an entry and
//! replay".
//!
//! Entries name entities by `(name, type)` as they were when the analyst acted, not by [`EntityId`]:
//! ids are renumbered whenever documents are added, names are not. Each entry resolves against the
//! state the earlier entries left (so "merge A into B, then rename B" works), by exact name, then
//! folded name, then alias. An entry that no longer resolves (its entity vanished from a re-analysis)
//! is skipped and reported, never an error. Replaying the same log over the same analysis gives the
//! same result: new ids (from a split) are allocated above every id in use.

use crate::fold::fold;
use crate::text::{surface, TextSource};
use dossier_core::sort::SortStable;
use dossier_core::{Analysis, EntityId, EntityKind, Merge, Relation};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

/// An entity as the analyst saw it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityRef {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: EntityKind,
}

/// One analyst correction.
///
/// Written as an object tagged by `op` (`{"op": "merge", "keep": …, "absorb": …}`) and read back
/// through [`RawCorrection`]: the same objects, but serde's reader for internally tagged enums
/// buffers every field of unknown type first and cost ~17 KB of the page's wasm.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "kebab-case", try_from = "RawCorrection")]
pub enum Correction {
    /// `absorb` becomes part of `keep`: its names become aliases, its mentions, documents, roles,
    /// relations and claims move over.
    Merge {
        keep: EntityRef,
        absorb: EntityRef,
    },
    /// The mentions written as `alias` become a new entity of the same type named `alias`.
    SplitAlias {
        entity: EntityRef,
        alias: String,
    },
    /// A new canonical name; the old one stays findable as an alias.
    Rename {
        entity: EntityRef,
        name: String,
    },
    SetType {
        entity: EntityRef,
        kind: EntityKind,
    },
    /// ISO 3166-1 alpha-2, or `None` to clear it.
    SetCountry {
        entity: EntityRef,
        country: Option<String>,
    },
    /// A false positive: removed from every view and export, with its relations.
    Hide {
        entity: EntityRef,
    },
}

/// [`Correction`]'s operation names.
#[derive(Clone, Copy, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Op {
    Merge,
    SplitAlias,
    Rename,
    SetType,
    SetCountry,
    Hide,
}

/// Any [`Correction`] object as one flat record: the fields its `op` needs are checked when it
/// becomes a [`Correction`] (fields another operation uses are ignored, as unknown fields are).
#[derive(Deserialize)]
struct RawCorrection {
    op: Op,
    keep: Option<EntityRef>,
    absorb: Option<EntityRef>,
    entity: Option<EntityRef>,
    alias: Option<String>,
    name: Option<String>,
    kind: Option<EntityKind>,
    country: Option<String>,
}

impl TryFrom<RawCorrection> for Correction {
    type Error = String;

    fn try_from(r: RawCorrection) -> Result<Correction, String> {
        fn need<T>(v: Option<T>, field: &str) -> Result<T, String> {
            v.ok_or_else(|| format!("missing field `{field}`"))
        }
        Ok(match r.op {
            Op::Merge => Correction::Merge {
                keep: need(r.keep, "keep")?,
                absorb: need(r.absorb, "absorb")?,
            },
            Op::SplitAlias => Correction::SplitAlias {
                entity: need(r.entity, "entity")?,
                alias: need(r.alias, "alias")?,
            },
            Op::Rename => Correction::Rename {
                entity: need(r.entity, "entity")?,
                name: need(r.name, "name")?,
            },
            Op::SetType => Correction::SetType {
                entity: need(r.entity, "entity")?,
                kind: need(r.kind, "kind")?,
            },
            Op::SetCountry => Correction::SetCountry {
                entity: need(r.entity, "entity")?,
                country: r.country,
            },
            Op::Hide => Correction::Hide {
                entity: need(r.entity, "entity")?,
            },
        })
    }
}

/// The persisted, exported log.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorrectionLog {
    pub version: u32,
    pub entries: Vec<Correction>,
}

/// What replaying one entry did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    Applied,
    Skipped(String),
}

/// An analysis with corrections applied.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Corrected {
    /// Shared with the engine's analysis until a correction changes something (copy on write):
    /// with no corrections, a large analysis is never copied.
    pub analysis: Rc<Analysis>,
    /// Entities hidden as false positives, for the "hidden" list and undo.
    pub hidden: Vec<EntityRef>,
    /// One outcome per log entry, in order.
    pub outcomes: Vec<Outcome>,
}

/// Replay `log` over `analysis`. `texts` is needed only by splits (to tell which mentions are
/// written as the alias); without it a split is skipped.
pub fn apply(analysis: &Analysis, log: &[Correction], texts: &dyn TextSource) -> Corrected {
    apply_shared(&Rc::new(analysis.clone()), log, texts)
}

/// [`apply`] over a shared analysis: the result shares it until the first correction that
/// changes something.
pub fn apply_shared(
    analysis: &Rc<Analysis>,
    log: &[Correction],
    texts: &dyn TextSource,
) -> Corrected {
    let mut out = Corrected {
        analysis: Rc::clone(analysis),
        ..Corrected::default()
    };
    for entry in log {
        let outcome = match apply_one(&mut out, entry, texts) {
            Ok(()) => Outcome::Applied,
            Err(why) => Outcome::Skipped(why),
        };
        out.outcomes.push(outcome);
    }
    out
}

fn is_country_code(code: &str) -> bool {
    code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// Find the entity `r` names in the current state.
pub fn resolve(analysis: &Analysis, r: &EntityRef) -> Option<EntityId> {
    let es = &analysis.entities;
    let folded = fold(&r.name);
    es.iter()
        .find(|e| e.name == r.name && e.kind == r.kind)
        .or_else(|| {
            es.iter()
                .find(|e| e.kind == r.kind && fold(&e.name) == folded)
        })
        .or_else(|| {
            es.iter()
                .find(|e| e.kind == r.kind && e.aliases.iter().any(|a| fold(a) == folded))
        })
        .or_else(|| es.iter().find(|e| fold(&e.name) == folded))
        .map(|e| e.id)
}

fn index_of(analysis: &Analysis, id: EntityId) -> usize {
    analysis
        .entities
        .iter()
        .position(|e| e.id == id)
        .expect("resolved ids are present")
}

fn apply_one(
    out: &mut Corrected,
    entry: &Correction,
    texts: &dyn TextSource,
) -> Result<(), String> {
    let a = Rc::make_mut(&mut out.analysis);
    let find = |a: &Analysis, r: &EntityRef| {
        resolve(a, r).ok_or_else(|| format!("no entity named {:?} ({:?})", r.name, r.kind))
    };
    match entry {
        Correction::Merge { keep, absorb } => {
            let k = find(a, keep)?;
            let x = find(a, absorb)?;
            if k == x {
                return Err("an entity cannot be merged into itself".into());
            }
            merge(a, k, x);
        }
        Correction::SplitAlias { entity, alias } => {
            let id = find(a, entity)?;
            split(a, id, alias, texts)?;
        }
        Correction::Rename { entity, name } => {
            let name = name.trim();
            if name.is_empty() {
                return Err("an empty name".into());
            }
            let id = find(a, entity)?;
            let i = index_of(a, id);
            let e = &mut a.entities[i];
            if e.name != name {
                let old = std::mem::replace(&mut e.name, name.to_string());
                e.aliases.push(old);
                e.aliases.retain(|al| al != name);
                e.aliases.sort_stable();
                e.aliases.dedup();
            }
            if let Some(c) = a.countries.iter_mut().find(|c| c.id == id) {
                c.name = name.to_string();
            }
        }
        Correction::SetType { entity, kind } => {
            let id = find(a, entity)?;
            let i = index_of(a, id);
            a.entities[i].kind = *kind;
        }
        Correction::SetCountry { entity, country } => {
            if let Some(code) = country {
                if !is_country_code(code) {
                    return Err(format!("{code:?} is not an ISO 3166-1 alpha-2 code"));
                }
            }
            let id = find(a, entity)?;
            let i = index_of(a, id);
            a.entities[i].country = country.clone();
        }
        Correction::Hide { entity } => {
            let id = find(a, entity)?;
            let i = index_of(a, id);
            let e = a.entities.remove(i);
            out.hidden.push(EntityRef {
                name: e.name,
                kind: e.kind,
            });
            a.countries.retain(|c| c.id != id);
            for claim in &mut a.claims {
                if claim.actor == Some(id) {
                    claim.actor = None;
                }
            }
            rewrite_relations(a, |r| (r.subject != id && r.object != id).then_some(()));
        }
    }
    Ok(())
}

/// Keep, re-point or drop relations (`f` returns `None` to drop), then merge duplicates and fix the
/// timeline's relation indices to match.
fn rewrite_relations(a: &mut Analysis, mut keep: impl FnMut(&mut Relation) -> Option<()>) {
    type Key = (
        EntityId,
        String,
        EntityId,
        dossier_core::Modality,
        Option<String>,
        bool,
    );
    let mut new: Vec<Relation> = Vec::new();
    let mut seen: BTreeMap<Key, usize> = BTreeMap::new();
    let mut remap: Vec<Option<usize>> = Vec::with_capacity(a.relations.len());
    for mut r in std::mem::take(&mut a.relations) {
        if keep(&mut r).is_none() || r.subject == r.object {
            remap.push(None);
            continue;
        }
        let key = (
            r.subject,
            r.predicate.clone(),
            r.object,
            r.modality,
            r.date.clone(),
            r.derived,
        );
        match seen.get(&key) {
            Some(&at) => {
                new[at].evidence.extend(r.evidence);
                new[at].evidence.sort_stable();
                new[at].evidence.dedup();
                remap.push(Some(at));
            }
            None => {
                seen.insert(key, new.len());
                remap.push(Some(new.len()));
                new.push(r);
            }
        }
    }
    a.relations = new;
    a.timeline.retain_mut(|t| match t.relation {
        None => true,
        Some(i) => match remap.get(i).copied().flatten() {
            Some(j) => {
                t.relation = Some(j);
                true
            }
            None => false,
        },
    });
}

fn merge(a: &mut Analysis, keep: EntityId, absorb: EntityId) {
    let x = a.entities.remove(index_of(a, absorb));
    let ki = index_of(a, keep);
    let k = &mut a.entities[ki];
    k.aliases.push(x.name.clone());
    k.aliases.extend(x.aliases);
    let keep_name = k.name.clone();
    k.aliases.retain(|al| *al != keep_name);
    k.aliases.sort_stable();
    k.aliases.dedup();
    k.mentions.extend(x.mentions);
    k.mentions.sort_stable();
    k.mentions.dedup();
    k.docs.extend(x.docs);
    k.docs.sort_stable();
    k.docs.dedup();
    k.roles.extend(x.roles);
    k.roles.sort_stable();
    k.roles.dedup();
    k.merges.extend(x.merges);
    k.merges.push(Merge {
        alias: x.name.clone(),
        into: keep_name,
        rule: "analyst".into(),
    });
    k.merges.sort_stable();
    k.merges.dedup();
    if k.country.is_none() {
        k.country = x.country;
    }
    // A merged country's summary joins the kept one (or becomes it).
    if let Some(ci) = a.countries.iter().position(|c| c.id == absorb) {
        let xc = a.countries.remove(ci);
        match a.countries.iter_mut().find(|c| c.id == keep) {
            Some(kc) => {
                kc.mentioned_as.extend(xc.mentioned_as);
                kc.mentioned_as.sort_stable();
                kc.mentioned_as.dedup();
                kc.docs.extend(xc.docs);
                kc.docs.sort_stable();
                kc.docs.dedup();
                kc.mentions.extend(xc.mentions);
                kc.mentions.sort_stable();
                kc.mentions.dedup();
            }
            None => {
                let mut xc = xc;
                xc.id = keep;
                a.countries.push(xc);
                a.countries.sort_stable_by_key(|c| c.id);
            }
        }
    }
    for claim in &mut a.claims {
        if claim.actor == Some(absorb) {
            claim.actor = Some(keep);
        }
    }
    rewrite_relations(a, |r| {
        if r.subject == absorb {
            r.subject = keep;
        }
        if r.object == absorb {
            r.object = keep;
        }
        Some(())
    });
}

fn split(
    a: &mut Analysis,
    id: EntityId,
    alias: &str,
    texts: &dyn TextSource,
) -> Result<(), String> {
    let i = index_of(a, id);
    let folded = fold(alias);
    if !a.entities[i].aliases.iter().any(|al| fold(al) == folded) {
        return Err(format!(
            "{alias:?} is not an alias of {:?}",
            a.entities[i].name
        ));
    }
    let (moved, kept): (Vec<_>, Vec<_>) = a.entities[i].mentions.iter().partition(|m| {
        texts
            .text(m.doc)
            .is_some_and(|t| fold(surface(t, m.start, m.end)) == folded)
    });
    if moved.is_empty() {
        return Err(format!(
            "no mention written as {alias:?} (document text unavailable?)"
        ));
    }
    let new_id = EntityId(
        a.entities
            .iter()
            .map(|e| e.id.0)
            .chain(a.relations.iter().flat_map(|r| [r.subject.0, r.object.0]))
            .max()
            .map_or(0, |m| m + 1),
    );
    let docs_of = |ms: &[dossier_core::MentionRef]| {
        let set: BTreeSet<_> = ms.iter().map(|m| m.doc).collect();
        set.into_iter().collect::<Vec<_>>()
    };
    let orig = &mut a.entities[i];
    let alias_name = orig
        .aliases
        .iter()
        .find(|al| fold(al) == folded)
        .cloned()
        .unwrap_or_else(|| alias.to_string());
    orig.aliases.retain(|al| fold(al) != folded);
    orig.merges.retain(|m| fold(&m.alias) != folded);
    orig.mentions = kept.clone();
    orig.docs = docs_of(&kept);
    let new = dossier_core::Entity {
        id: new_id,
        name: alias_name,
        kind: orig.kind,
        aliases: Vec::new(),
        country: orig.country.clone(),
        roles: Vec::new(),
        docs: docs_of(&moved),
        mentions: moved.clone(),
        merges: Vec::new(),
    };
    a.entities.push(new);
    a.entities.sort_stable_by_key(|e| e.id);
    // A relation follows the split-off name when every sentence stating it holds one of the moved
    // mentions and none of the kept ones.
    let inside = |ms: &[dossier_core::MentionRef], ev: &dossier_core::Evidence| {
        ms.iter()
            .any(|m| m.doc == ev.doc && ev.start <= m.start && m.end <= ev.end)
    };
    let follows = |r: &Relation| {
        !r.evidence.is_empty()
            && r.evidence
                .iter()
                .all(|ev| inside(&moved, ev) && !inside(&kept, ev))
    };
    rewrite_relations(a, |r| {
        if follows(r) {
            if r.subject == id {
                r.subject = new_id;
            }
            if r.object == id {
                r.object = new_id;
            }
        }
        Some(())
    });
    Ok(())
}

#[cfg(test)]
mod tests;
