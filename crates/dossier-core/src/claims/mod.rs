//! Claims: the figures documents give (troops sent, workers, soldiers killed or wounded, weapons),
//! each attached to what it counts and to the actor it is about, grouped into topics across
//! documents so that disagreeing sources line up side by side (`conflict`). Also the non-numeric
//! disagreement the relation stage can see: two sources placing the same meeting in different
//! places.
//!
//! A figure is a number (with `,` thousands), a range ("10,000 to 12,000", "between 10,000 and
//! 12,000") and a qualifier ("more than", "about", "roughly", "up to", "around"), followed within a
//! few words by a countable noun from the lexicon. The actor is the demonym on that noun ("North
//! Korean soldiers"), a "from X" after it, the subject of the sending verb that governs the figure
//! ("Pyongyang plans to deploy 25,000 soldiers"), or the entity of a relative clause ("the 11,000
//! troops Pyongyang sent"); figures whose actor cannot be found are left out rather than guessed.
//! The topic is (actor's country, unit, whether the figure is an additional deployment).

use crate::analysis::{Claim, ClaimNumber, ClaimValue, Entity, Evidence, Modality};
use crate::relate::lexicon::{unit_of, PLANNED};
use crate::relate::patterns::{is_demonym, subjects_of, Ctx};
use crate::relate::tokens::{Tok, TokKind};
use crate::relate::{prepare, Found, Index, PSent, RelDoc};
use crate::span::{DocId, EntityId, Span};
use std::collections::BTreeMap;

/// Per pair of people: each place a document puts their meeting in, with its evidence.
type Places<'a> = BTreeMap<(EntityId, EntityId), Vec<(EntityId, DocId, &'a Evidence)>>;

/// The claims of `docs` (figures only; see [`crate::relate::extract`] for all at once).
pub fn claims(docs: &[RelDoc], entities: &[Entity]) -> Vec<Claim> {
    let idx = Index::new(entities);
    let forms = crate::relate::names::Forms::new(entities);
    let prepared: Vec<Vec<PSent>> = docs
        .iter()
        .map(|d| prepare(d, &idx, &forms, None))
        .collect();
    let mut out = from_prepared(docs, &prepared, &idx);
    sort(&mut out);
    out
}

/// Sort claims by topic, then unit, so output is deterministic.
pub(crate) fn sort(claims: &mut [Claim]) {
    claims.sort_by(|a, b| a.topic.cmp(&b.topic).then_with(|| a.unit.cmp(&b.unit)));
}

const SEND_VERBS: &[&str] = &[
    "sent",
    "send",
    "sends",
    "sending",
    "dispatch",
    "dispatched",
    "dispatching",
    "deploy",
    "deployed",
    "deploying",
    "deployment",
    "supplied",
    "supplying",
    "supply",
    "provide",
    "provided",
    "providing",
    "deliver",
    "delivered",
    "delivering",
];

const CASUALTY_WORDS: &[&str] = &[
    "killed",
    "wounded",
    "dead",
    "died",
    "injured",
    "casualties",
    "lost",
];

/// One figure read from a sentence.
#[derive(Clone, Debug)]
struct Figure {
    value: ClaimNumber,
    qualifier: Option<String>,
    unit: &'static str,
    actor: EntityId,
    additional: bool,
    span: Span,
}

fn w(toks: &[Tok], i: usize) -> &str {
    toks.get(i).map(|t| t.lower.as_str()).unwrap_or("")
}

fn number(t: &Tok) -> Option<f64> {
    if t.kind != TokKind::Num {
        return None;
    }
    t.lower.replace(',', "").parse().ok()
}

fn scale(word: &str) -> Option<f64> {
    match word {
        "thousand" => Some(1e3),
        "million" | "mln" => Some(1e6),
        "billion" | "bn" => Some(1e9),
        _ => None,
    }
}

/// Qualifier words before the number at `i`: returns the qualifier and the first token it uses.
fn qualifier(toks: &[Tok], i: usize) -> (Option<String>, usize) {
    let two = if i >= 2 {
        format!("{} {}", w(toks, i - 2), w(toks, i - 1))
    } else {
        String::new()
    };
    if matches!(
        two.as_str(),
        "more than"
            | "less than"
            | "fewer than"
            | "up to"
            | "at least"
            | "at most"
            | "as many"
            | "an estimated"
    ) {
        if two == "as many" {
            return (None, i);
        }
        return (Some(two), i - 2);
    }
    if i >= 3 && format!("{} {} {}", w(toks, i - 3), w(toks, i - 2), w(toks, i - 1)) == "as many as"
    {
        return (Some("as many as".into()), i - 3);
    }
    let one = if i >= 1 { w(toks, i - 1) } else { "" };
    if matches!(
        one,
        "about"
            | "around"
            | "roughly"
            | "approximately"
            | "nearly"
            | "almost"
            | "some"
            | "over"
            | "under"
            | "between"
            | "estimated"
            | "approx"
    ) {
        return (Some(one.to_string()), i - 1);
    }
    (None, i)
}

fn figures(toks: &[Tok], idx: &Index, ctx: &Ctx<Index>) -> Vec<Figure> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let Some(mut v) = number(&toks[i]) else {
            i += 1;
            continue;
        };
        // Years and days are not figures.
        if !toks[i].lower.contains(',')
            && (1900.0..=2100.0).contains(&v)
            && toks[i].lower.len() == 4
        {
            i += 1;
            continue;
        }
        let (qual, qstart) = qualifier(toks, i);
        let mut j = i + 1;
        if let Some(s) = scale(w(toks, j)) {
            v *= s;
            j += 1;
        }
        let mut value = ClaimNumber::One(v);
        if matches!(w(toks, j), "to" | "-" | "–" | "and") {
            if let Some(mut hi) = toks.get(j + 1).and_then(number) {
                let mut k = j + 2;
                if let Some(s) = scale(w(toks, k)) {
                    hi *= s;
                    if v < 1000.0 {
                        v *= s;
                    }
                    k += 1;
                }
                if hi > v && (w(toks, j) != "and" || qual.as_deref() == Some("between")) {
                    value = ClaimNumber::Range([v, hi]);
                    j = k;
                }
            }
        }
        let qual = match (&value, qual) {
            (ClaimNumber::Range(_), Some(q)) if q == "between" => None,
            (_, q) => q,
        };
        // The counted noun: a few modifier words away.
        let mut k = j;
        let mut demonym: Option<EntityId> = None;
        let mut additional = false;
        let mut noun = None;
        while k < toks.len() && k < j + 6 {
            let t = &toks[k];
            if let Some(u) = unit_of(&t.lower) {
                noun = Some((u, k));
                break;
            }
            if is_demonym(t, idx) {
                demonym = t.ent().map(|x| x.0);
            } else if t.is_word()
                && !matches!(
                    t.lower.as_str(),
                    "of" | "in" | "to" | "and" | "from" | "at" | "on" | "for" | "by" | "with"
                )
            {
                if matches!(
                    t.lower.as_str(),
                    "additional" | "new" | "more" | "further" | "extra"
                ) {
                    additional = true;
                }
            } else {
                break;
            }
            k += 1;
        }
        let Some((mut unit, nk)) = noun else {
            i = j.max(i + 1);
            continue;
        };
        // "around 4,000 soldiers have been killed or wounded": casualties.
        let mut end = nk;
        // "engineers and builders": one figure for both.
        if w(toks, nk + 1) == "and" && unit_of(w(toks, nk + 2)) == Some(unit) {
            end = nk + 2;
        }
        if unit == "troops" {
            if let Some(c) =
                (nk + 1..(nk + 8).min(toks.len())).find(|&x| CASUALTY_WORDS.contains(&w(toks, x)))
            {
                unit = "casualties";
                end = c;
                if w(toks, c + 1) == "or" && CASUALTY_WORDS.contains(&w(toks, c + 2)) {
                    end = c + 2;
                }
            }
        }
        let lo = qstart.saturating_sub(4);
        if (lo..qstart).any(|x| {
            matches!(
                w(toks, x),
                "additional" | "new" | "further" | "extra" | "more"
            )
        }) {
            additional = true;
        }
        // The governing sending verb, a few words to the left.
        let verb = (qstart.saturating_sub(4)..qstart)
            .rev()
            .find(|&x| SEND_VERBS.contains(&w(toks, x)));
        if let Some(vi) = verb {
            if (vi.saturating_sub(3)..vi).any(|x| {
                PLANNED.contains(&w(toks, x)) && w(toks, x) != "agreed" && w(toks, x) != "agreeing"
            }) {
                additional = true;
            }
        }
        let actor = demonym
            .or_else(|| {
                // "soldiers from North Korea"
                (w(toks, nk + 1) == "from")
                    .then(|| toks.get(nk + 2).and_then(|t| t.ent()).map(|x| x.0))
                    .flatten()
            })
            .or_else(|| {
                let vi = verb?;
                let s = subjects_of(toks, vi, ctx);
                s.first().and_then(|&x| toks[x].ent()).map(|x| x.0)
            })
            .or_else(|| {
                // "the 11,000 troops Pyongyang sent"
                let t = toks.get(nk + 1)?;
                let next = w(toks, nk + 2);
                (SEND_VERBS.contains(&next))
                    .then(|| t.ent().map(|x| x.0))
                    .flatten()
            });
        let Some(actor) = actor.and_then(|a| idx.country_entity(a).or(Some(a))) else {
            i = j.max(i + 1);
            continue;
        };
        if unit == "casualties" {
            additional = false;
        }
        out.push(Figure {
            value,
            qualifier: qual,
            unit,
            actor,
            additional,
            span: Span::new(toks[qstart].span.start, toks[end].span.end),
        });
        i = end + 1;
    }
    out
}

fn topic(idx: &Index, actor: EntityId, unit: &str, additional: bool) -> String {
    let who = idx.name(actor);
    match (unit, additional) {
        ("casualties", _) => format!("{who}: soldiers killed or wounded"),
        (u, true) => format!("{who}: additional {u} deployment"),
        (u, false) => format!("{who}: {u} sent"),
    }
}

/// Figures of prepared documents, grouped into topics.
pub(crate) fn from_prepared(docs: &[RelDoc], prepared: &[Vec<PSent>], idx: &Index) -> Vec<Claim> {
    let ctx = Ctx { info: idx };
    let mut groups: BTreeMap<(EntityId, &'static str, bool), Vec<ClaimValue>> = BTreeMap::new();
    for (doc, sents) in docs.iter().zip(prepared) {
        for s in sents {
            if !s.toks.iter().any(|t| t.kind == TokKind::Num) {
                continue;
            }
            for f in figures(&s.toks, idx, &ctx) {
                let values = groups.entry((f.actor, f.unit, f.additional)).or_default();
                if values
                    .iter()
                    .any(|v| v.doc == doc.doc && v.value == f.value)
                {
                    continue;
                }
                values.push(ClaimValue {
                    value: f.value,
                    qualifier: f.qualifier,
                    doc: doc.doc,
                    text: f.span.of(doc.text).to_string(),
                    evidence: Evidence {
                        doc: doc.doc,
                        start: s.span.start,
                        end: s.span.end,
                        text: s.span.of(doc.text).to_string(),
                    },
                });
            }
        }
    }
    groups
        .into_iter()
        .map(|((actor, unit, additional), mut values)| {
            values.sort_by(|a, b| {
                a.doc
                    .cmp(&b.doc)
                    .then(a.evidence.start.cmp(&b.evidence.start))
            });
            let conflict = disagree(&values);
            Claim {
                topic: topic(idx, actor, unit, additional),
                unit: unit.to_string(),
                actor: Some(actor),
                values,
                conflict,
            }
        })
        .collect()
}

fn disagree(values: &[ClaimValue]) -> bool {
    let mut seen: Vec<&ClaimNumber> = Vec::new();
    for v in values {
        if !seen.contains(&&v.value) {
            seen.push(&v.value);
        }
    }
    seen.len() > 1
}

/// Two or more documents placing the same meeting in different places.
pub(crate) fn place_conflicts(found: &[Found], idx: &Index) -> Vec<Claim> {
    let mut by_pair: Places = BTreeMap::new();
    for f in found {
        let c = &f.cand;
        if c.predicate != "met"
            || matches!(
                c.modality,
                Modality::Denied | Modality::Unconfirmed | Modality::Planned
            )
        {
            continue;
        }
        let Some(place) = c.place else { continue };
        let pair = (c.subject.min(c.object), c.subject.max(c.object));
        let list = by_pair.entry(pair).or_default();
        if !list.iter().any(|(p, d, _)| *p == place && *d == f.doc) {
            list.push((place, f.doc, &f.evidence));
        }
    }
    let mut out = Vec::new();
    for ((a, b), list) in by_pair {
        let mut places: Vec<EntityId> = list.iter().map(|x| x.0).collect();
        places.sort();
        places.dedup();
        let mut docs: Vec<DocId> = list.iter().map(|x| x.1).collect();
        docs.sort();
        docs.dedup();
        if places.len() < 2 || docs.len() < 2 {
            continue;
        }
        let mut values: Vec<ClaimValue> = list
            .iter()
            .map(|(p, d, e)| ClaimValue {
                value: ClaimNumber::Text(idx.name(*p)),
                qualifier: None,
                doc: *d,
                text: idx.name(*p),
                evidence: (*e).clone(),
            })
            .collect();
        values.sort_by(|x, y| {
            x.doc
                .cmp(&y.doc)
                .then(x.evidence.start.cmp(&y.evidence.start))
        });
        out.push(Claim {
            topic: format!("where {} met {}", idx.name(a), idx.name(b)),
            unit: "place".into(),
            actor: Some(a),
            values,
            conflict: true,
        });
    }
    out
}
