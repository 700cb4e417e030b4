//! Relations between entities: who met, visited, sent troops to, supports, condemned … whom, how
//! the text says it (modality), when, and in which sentences. Also the country roll-up (Lavrov met
//! Choe → Russia met North Korea, `derived`) and the timeline of dated relations.
//!
//! Input is one [`RelDoc`] per document: its text, sentences (main content only: boilerplate never
//! reaches this stage) and resolved mentions. The stage tokenises each sentence with mentions as
//! single tokens ([`tokens`]), adds title and pronoun mentions ([`coref`]), and reads relations with
//! shallow patterns ([`patterns`]) over a small vocabulary ([`lexicon`]). See `docs/analysis.md`
//! for the predicates and modalities.
//!
//! Invariant: a relation exists only where a trigger word links two entities in their grammatical
//! places; two names in one sentence are never enough.
//!
//! Merging: symmetric predicates (`met`, `allied with`, `signed agreement with`) are one relation
//! whichever way round they are written. A relation's date is the nearest date expression to its
//! trigger; one that cannot be resolved (relative, in an undated document) keeps its words in
//! `date_text` with `date: None`.

pub(crate) mod coref;
pub(crate) mod lexicon;
pub(crate) mod names;
pub(crate) mod patterns;
pub(crate) mod tokens;

use crate::analysis::{Claim, Entity, EntityKind, Evidence, Modality, Relation, TimelineEvent};
use crate::dates::{self, DateExpr, Day};
use crate::gazetteer::FastMap;
use crate::model::Sentence;
use crate::sort::SortStable;
use crate::span::{DocId, EntityId, Span};
use crate::text::case::Lower;
use coref::CorefInfo;
use patterns::{Cand, Ctx, EntInfo};
use std::collections::BTreeMap;
use tokens::{Ment, Tok, TokKind};

pub use names::CountryOf;

/// One document as the relation stage sees it.
#[derive(Clone, Copy, Debug)]
pub struct RelDoc<'a> {
    pub doc: DocId,
    pub text: &'a str,
    /// Main-content sentences in document order.
    pub sentences: &'a [Sentence],
    /// Resolved mentions: span, the entity it names, and that entity's kind.
    pub mentions: &'a [(Span, EntityId, EntityKind)],
    /// The document's date (`YYYY-MM-DD`), when known; relative dates resolve against it.
    pub date: Option<&'a str>,
}

/// Everything this stage adds to an analysis.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Extracted {
    pub relations: Vec<Relation>,
    pub claims: Vec<Claim>,
    pub timeline: Vec<TimelineEvent>,
}

/// Entity lookups shared by the pattern stages.
pub(crate) struct Index<'a> {
    by_id: FastMap<EntityId, &'a Entity>,
    names: FastMap<EntityId, String>,
    country_entity: FastMap<&'a str, EntityId>,
    /// The people's known titles, built once: every document's coreference reads them, so
    /// rebuilding them per document would cost documents × entities.
    titles: coref::KnownTitles,
}

impl<'a> Index<'a> {
    pub(crate) fn new(entities: &'a [Entity]) -> Index<'a> {
        let mut country_entity = FastMap::default();
        for e in entities {
            if e.kind == EntityKind::Country {
                if let Some(c) = e.country.as_deref() {
                    country_entity.entry(c).or_insert(e.id);
                }
            }
        }
        Index {
            titles: coref::KnownTitles::new(known_titles(entities)),
            by_id: entities.iter().map(|e| (e.id, e)).collect(),
            names: entities.iter().map(|e| (e.id, e.name.lower())).collect(),
            country_entity,
        }
    }

    pub(crate) fn kind(&self, id: EntityId) -> Option<EntityKind> {
        self.by_id.get(&id).map(|e| e.kind)
    }

    pub(crate) fn name(&self, id: EntityId) -> String {
        self.by_id
            .get(&id)
            .map(|e| e.name.clone())
            .unwrap_or_else(|| format!("#{}", id.0))
    }

    /// The country entity with this ISO code, if the analysis has one.
    pub(crate) fn country_by_code(&self, code: &str) -> Option<EntityId> {
        self.country_entity.get(code).copied()
    }

    /// The country entity an entity belongs to (itself, for a country).
    pub(crate) fn country_entity(&self, id: EntityId) -> Option<EntityId> {
        let e = self.by_id.get(&id)?;
        if e.kind == EntityKind::Country {
            return Some(id);
        }
        self.country_entity.get(e.country.as_deref()?).copied()
    }
}

impl EntInfo for Index<'_> {
    fn name_lower(&self, id: EntityId) -> Option<&str> {
        self.names.get(&id).map(String::as_str)
    }
}

impl CorefInfo for Index<'_> {
    fn country(&self, id: EntityId) -> Option<&str> {
        self.by_id.get(&id)?.country.as_deref()
    }

    fn titles(&self) -> &coref::KnownTitles {
        &self.titles
    }
}

/// A title a person is known to hold (lowercase), their country, and who they are.
pub(crate) type KnownTitle = (String, Option<String>, EntityId);

/// The titles of every person's roles that end in a title head, in entity-id order.
fn known_titles(entities: &[Entity]) -> Vec<KnownTitle> {
    let mut people: Vec<&Entity> = entities
        .iter()
        .filter(|e| e.kind == EntityKind::Person)
        .collect();
    people.sort_stable_by_key(|e| e.id);
    people.dedup_by_key(|e| e.id);
    let mut out = Vec::new();
    for e in people {
        for r in &e.roles {
            let words: Vec<String> = r
                .title
                .lower()
                .split_whitespace()
                .map(str::to_string)
                .collect();
            let kept: Vec<&str> = words
                .iter()
                .map(String::as_str)
                .filter(|w| lexicon::TITLE_WORDS.contains(w) && !lexicon::TITLE_NOISE.contains(w))
                .collect();
            if kept
                .last()
                .is_some_and(|l| lexicon::TITLE_HEADS.contains(l))
            {
                out.push((kept.join(" "), e.country.clone(), e.id));
            }
        }
    }
    out
}

/// One sentence ready for the pattern stages.
pub(crate) struct PSent<'a> {
    pub span: Span,
    /// Empty when `unread`.
    pub toks: Vec<Tok<'a>>,
    /// The sentence was not tokenised: it can hold no relation, figure or inferred mention
    /// (see [`worth_reading`]).
    pub unread: bool,
    /// When `unread`, the mentions its tokens would hold (see [`named_in`]).
    pub ments: Vec<Ment>,
}

/// The mentions of `ments` (sorted by start) that [`tokens::tokenize_with`] reads for `span`.
fn named_in(span: Span, ments: &[Ment]) -> impl Iterator<Item = &Ment> {
    let lo = ments
        .partition_point(|m| m.span.start < span.start)
        .saturating_sub(1);
    ments[lo..]
        .iter()
        .take_while(move |m| m.span.start < span.end)
        .filter(move |m| m.span.end > span.start)
}

/// Whether a sentence can matter to the pattern stages. Runs of ASCII letters stand for the
/// words a sentence tokenises into (a word token "he" is the whole run "he").
///
/// A sentence matters when it names a person or two entities, or has a word coreference starts
/// from ([`coref_word`]). Otherwise its tokens hold at most one entity, not a person: coreference
/// learns no title and resolves nothing there and leaves no person or subject for the next
/// sentence, just as for a sentence with no tokens; no relation links two entities. When it does
/// name that one entity, "it" (resolved to the one entity of its sentence) and figures (digits,
/// "hundreds", "thousands", "millions") make it matter too.
fn worth_reading(lowered: &str, span: Span, ments: &[Ment]) -> bool {
    let mut one = None;
    for m in named_in(span, ments) {
        if m.kind == EntityKind::Person || one.is_some_and(|id| id != m.id) {
            return true;
        }
        one = Some(m.id);
    }
    let bytes = &lowered.as_bytes()[span.start..span.end];
    if one.is_some() && bytes.iter().any(u8::is_ascii_digit) {
        return true;
    }
    // The text is lowered: its ASCII letters are 'a' to 'z'.
    let letter = |b: u8| b.wrapping_sub(b'a') < 26;
    let mut p = 0;
    while p < bytes.len() {
        if !letter(bytes[p]) {
            p += 1;
            continue;
        }
        let q = letters_end(bytes, p + 1);
        let w = &lowered[span.start + p..span.start + q];
        if coref_word(w)
            || (one.is_some() && matches!(w, "it" | "hundreds" | "thousands" | "millions"))
        {
            return true;
        }
        p = q;
    }
    false
}

/// The first byte of `bytes` from `from` on that is not an ASCII lowercase letter (or the end):
/// every byte of every sentence is read here, most of them inside words.
fn letters_end(bytes: &[u8], from: usize) -> usize {
    crate::gazetteer::next_byte(bytes, from, b'a', b'{', true)
}

/// The pronouns coreference resolves, and the heads a title phrase must end with
/// ([`lexicon::TITLE_HEADS`] and "counterpart"; "secretary-general" through "secretary").
fn coref_word(w: &str) -> bool {
    matches!(
        w,
        "he" | "she"
            | "him"
            | "counterpart"
            | "minister"
            | "president"
            | "leader"
            | "spokesman"
            | "spokeswoman"
            | "spokesperson"
            | "secretary"
            | "chancellor"
            | "envoy"
            | "representative"
            | "ambassador"
            | "chief"
            | "commander"
            | "official"
            | "diplomat"
            | "king"
            | "queen"
            | "premier"
            | "senator"
            | "governor"
            | "mayor"
            | "director"
            | "head"
            | "speaker"
            | "chairman"
    )
}

/// Tokenise a document's sentences, with title and pronoun mentions added. `lowered` is
/// [`tokens::ascii_lowered`] of the document's text: the tokens borrow their lowercase forms
/// from it.
pub(crate) fn prepare<'a>(
    doc: &RelDoc<'a>,
    lowered: &'a str,
    idx: &Index,
    forms: &names::Forms,
    country_of: Option<CountryOf>,
) -> Vec<PSent<'a>> {
    let mut base: Vec<Ment> = doc
        .mentions
        .iter()
        .filter(|(s, _, _)| s.start < s.end && doc.text.get(s.start..s.end).is_some())
        // A person's name starts with a capital: "said Lavrov" is a recogniser slip, and the
        // name inside it is found again below.
        .filter(|(s, _, k)| {
            *k != EntityKind::Person || !s.of(doc.text).starts_with(char::is_lowercase)
        })
        .map(|&(span, id, kind)| Ment {
            span,
            id,
            kind,
            coref: false,
        })
        .collect();
    base.sort_stable();
    base.dedup_by(|a, b| a.span.start < b.span.end && a.span.start >= b.span.start);
    let spans: Vec<Span> = doc
        .sentences
        .iter()
        .map(|s| s.span)
        .filter(|s| doc.text.get(s.start..s.end).is_some())
        .collect();
    let found = names::fill(doc.text, &spans, &base, forms, country_of, idx);
    if !found.is_empty() {
        base.extend(found);
        base.sort_stable();
    }
    // The sentences left untokenised, with the mentions their tokens would hold.
    let mut unread: Vec<Option<Vec<Ment>>> = spans
        .iter()
        .map(|&span| {
            (!worth_reading(lowered, span, &base)).then(|| named_in(span, &base).copied().collect())
        })
        .collect();
    let mut toks: Vec<Vec<Tok<'a>>> = spans
        .iter()
        .zip(&unread)
        .map(|(&span, unread)| {
            if unread.is_some() {
                Vec::new()
            } else {
                tokens::tokenize_with(doc.text, Some(lowered), span, &base)
            }
        })
        .collect();
    let extra = coref::corefs(&toks, idx);
    if !extra.is_empty() {
        let mut all = base;
        let mut removed = false;
        let mut accepted = Vec::new();
        for m in &extra {
            // A title phrase swallows the demonym inside it ("the [North Korean] leader"); any
            // other overlap means the recogniser saw something else there, and it wins.
            let overlap = |b: &Ment| b.span.start < m.span.end && m.span.start < b.span.end;
            let inside = |b: &Ment| m.span.contains(b.span) && b.kind == EntityKind::Country;
            if all.iter().filter(|b| overlap(b)).all(inside) {
                let before = all.len();
                all.retain(|b| !overlap(b));
                removed |= all.len() != before;
                all.push(*m);
                accepted.push(*m);
            }
        }
        all.sort_stable();
        // Only the sentences that gained a mention are tokenised again.
        for (k, span) in spans.iter().enumerate() {
            if !extra.iter().any(|m| span.contains(m.span)) {
                continue;
            }
            if unread[k].is_some()
                || removed
                || !patch_words(doc.text, &mut toks[k], *span, &extra, &accepted)
            {
                toks[k] = tokens::tokenize_with(doc.text, Some(lowered), *span, &all);
            }
            unread[k] = None;
        }
    }
    spans
        .into_iter()
        .zip(toks)
        .zip(unread)
        .map(|((span, toks), unread)| PSent {
            span,
            toks,
            unread: unread.is_some(),
            ments: unread.unwrap_or_default(),
        })
        .collect()
}

/// Turn the words of a sentence that coreference made mentions into those mentions, in place,
/// when that is all tokenising it again would change: every inferred mention overlapping the
/// sentence lies inside it and, if accepted, is exactly one ASCII word ("he", "it"). A word
/// overlaps no mention of those the sentence was tokenised with, and when no mention was removed
/// for an inferred one, the sentence's mentions are then the old ones and these; the word's
/// lowercase form is the mention's. Returns false, changing nothing, otherwise.
fn patch_words(
    text: &str,
    toks: &mut [Tok],
    span: Span,
    extra: &[Ment],
    accepted: &[Ment],
) -> bool {
    let overlaps = |m: &&Ment| m.span.start < span.end && span.start < m.span.end;
    if !extra.iter().filter(overlaps).all(|m| span.contains(m.span)) {
        return false;
    }
    let mut words = Vec::new();
    for m in accepted.iter().filter(overlaps) {
        let Some(j) = toks.iter().position(|t| t.span == m.span) else {
            return false;
        };
        if !toks[j].is_word() || !m.span.of(text).is_ascii() {
            return false;
        }
        words.push((j, m));
    }
    for (j, m) in words {
        toks[j].kind = TokKind::Ent {
            id: m.id,
            kind: m.kind,
            coref: m.coref,
        };
    }
    true
}

/// A relation read from one sentence, with where and when.
#[derive(Clone, Debug)]
pub(crate) struct Found {
    pub cand: Cand,
    pub doc: DocId,
    pub evidence: Evidence,
    /// The date expression nearest the trigger, resolved or not.
    pub date: Option<DateExpr>,
}

fn evidence(doc: &RelDoc, span: Span) -> Evidence {
    Evidence {
        doc: doc.doc,
        start: span.start,
        end: span.end,
        text: span.of(doc.text).to_string(),
    }
}

/// The date nearest to the trigger in the sentence, skipping the date of a report ("said on
/// Saturday"). A relative date in an undated document comes back with `resolved: None`.
fn date_for(doc: &RelDoc, s: &PSent, trigger: Span, future: bool) -> Option<DateExpr> {
    let day = doc.date.and_then(Day::parse);
    let found = dates::find_in_tokens(doc.text, &s.toks, day, future);
    found
        .into_iter()
        .filter(|d| {
            let k = s.toks.iter().position(|t| t.span.start >= d.span.start);
            !k.is_some_and(|k| {
                k > 0
                    && matches!(
                        s.toks[k - 1].lower.as_ref(),
                        "said" | "reported" | "says" | "announced" | "told"
                    )
            })
        })
        .min_by_key(|d| {
            if d.span.start >= trigger.end {
                d.span.start - trigger.end
            } else {
                trigger.start.saturating_sub(d.span.end)
            }
        })
}

/// Read the relations of one prepared document, sentence by sentence, onto `out`.
pub(crate) fn find_doc(doc: &RelDoc, sents: &[PSent], idx: &Index, out: &mut Vec<Found>) {
    let ctx = Ctx {
        info: idx,
        text: doc.text,
    };
    for (si, s) in sents.iter().enumerate() {
        // A relation links two different entities of its sentence; many sentences name fewer,
        // and reading their every word for a trigger would find nothing.
        if !names_two(&s.toks) {
            continue;
        }
        let mut cands = patterns::extract(&s.toks, doc.text, &ctx);
        if cands.is_empty() {
            continue;
        }
        // "There has been no official confirmation of this." downgrades what came before.
        if sents.get(si + 1).is_some_and(|n| {
            if n.unread {
                patterns::is_unconfirming_followup(&tokens::tokenize(doc.text, n.span, &n.ments))
            } else {
                patterns::is_unconfirming_followup(&n.toks)
            }
        }) {
            for c in &mut cands {
                if matches!(c.modality, Modality::Asserted | Modality::Reported) {
                    c.modality = Modality::Unconfirmed;
                }
            }
        }
        for c in cands {
            let c = normalise(c, idx);
            let Some(c) = c else { continue };
            let date = date_for(doc, s, c.trigger, c.modality == Modality::Planned);
            out.push(Found {
                evidence: evidence(doc, s.span),
                doc: doc.doc,
                date,
                cand: c,
            });
        }
    }
}

/// Whether the tokens mention at least two different entities.
fn names_two(toks: &[Tok]) -> bool {
    let mut ids = toks.iter().filter_map(|t| t.ent().map(|(id, _)| id));
    ids.next().is_some_and(|first| ids.any(|id| id != first))
}

/// Metonymy and sanity: a city that signs, supports or sends stands for its government.
fn normalise(mut c: Cand, idx: &Index) -> Option<Cand> {
    let visited = c.predicate == "visited";
    if idx.kind(c.subject) == Some(EntityKind::Place) {
        if visited {
            return None;
        }
        c.subject = idx.country_entity(c.subject)?;
    }
    if idx.kind(c.object) == Some(EntityKind::Place)
        && !visited
        && !c.predicate.starts_with("sent ")
    {
        c.object = idx.country_entity(c.object)?;
    }
    (c.subject != c.object).then_some(c)
}

/// The relations stated in `docs`, merged across sentences and documents, with the country
/// roll-up. Sorted by (subject, predicate, object, modality, derived).
pub fn relate(docs: &[RelDoc], entities: &[Entity]) -> Vec<Relation> {
    extract(docs, entities).relations
}

/// Relations, claims and the timeline in one pass over the documents (sentences are tokenised
/// once for all three).
pub fn extract(docs: &[RelDoc], entities: &[Entity]) -> Extracted {
    extract_with(docs, entities, None)
}

/// [`extract`], with a lookup that says which country a word names ("Russian" → `RU`), so that
/// demonyms the recogniser left unmarked still count ("4,000 North Korean soldiers").
pub fn extract_with(
    docs: &[RelDoc],
    entities: &[Entity],
    country_of: Option<CountryOf>,
) -> Extracted {
    let idx = Index::new(entities);
    let forms = names::Forms::new(entities);
    // One document at a time: its tokens (each with its own lowercase form) are the bulk of
    // this stage's memory, so they are dropped as soon as its relations and figures are read.
    let mut found = Vec::new();
    let mut figures = crate::claims::Figures::default();
    for d in docs {
        let lowered = tokens::ascii_lowered(d.text);
        let sents = prepare(d, &lowered, &idx, &forms, country_of);
        find_doc(d, &sents, &idx, &mut found);
        figures.add(d, &sents, &idx);
    }
    let (relations, oriented) = merge(&found, &idx);
    let timeline = timeline(&relations, &found, &oriented, &idx);
    let mut claims = figures.finish(&idx);
    claims.extend(crate::claims::place_conflicts(&found, &idx));
    claims.extend(crate::claims::denial_conflicts(&found, &idx));
    crate::claims::sort(&mut claims);
    Extracted {
        relations,
        claims,
        timeline,
    }
}

type Key = (EntityId, String, EntityId, Modality, bool);

/// Predicates that hold both ways: "A met B" and "B met A" are one relation.
pub(crate) const SYMMETRIC: &[&str] = &["met", "allied with", "signed agreement with"];

/// Which way round each symmetric pair is written: the orientation of its first statement (in
/// document and sentence order), so "Lavrov met Kim" stays the way the sources put it while a
/// later "Kim met Lavrov" merges into it.
#[derive(Default)]
struct Orient(FastMap<Key, Key>);

impl Orient {
    fn of(&mut self, k: Key) -> Key {
        if !SYMMETRIC.contains(&k.1.as_str()) {
            return k;
        }
        if let Some(seen) = self.0.get(&k) {
            return seen.clone();
        }
        let rev = (k.2, k.1.clone(), k.0, k.3, k.4);
        self.0.insert(rev, k.clone());
        self.0.insert(k.clone(), k.clone());
        k
    }
}

/// Merge per-sentence relations, add the derived ones, and sort. Returns the relations and, for
/// every key a sentence produced (either way round), the key it was merged under.
fn merge(found: &[Found], idx: &Index) -> (Vec<Relation>, FastMap<Key, Key>) {
    let mut acc: BTreeMap<Key, Vec<(Evidence, Option<DateExpr>)>> = BTreeMap::new();
    let mut orient = Orient::default();
    let mut add = |k: Key, ev: &Evidence, date: &Option<DateExpr>| {
        let k = orient.of(k);
        acc.entry(k).or_default().push((ev.clone(), date.clone()));
    };
    for f in found {
        let c = &f.cand;
        add(
            (c.subject, c.predicate.clone(), c.object, c.modality, false),
            &f.evidence,
            &f.date,
        );
        for (s, p, o) in rollup(c, idx) {
            add((s, p, o, c.modality, true), &f.evidence, &f.date);
        }
    }
    let relations = acc
        .into_iter()
        .map(|((subject, predicate, object, modality, derived), evs)| {
            // The earliest resolved date; failing that, the first date expression that could not
            // be resolved, kept as written so it shows as unresolved rather than vanishing.
            let resolved = evs
                .iter()
                .filter_map(|(_, d)| d.as_ref())
                .filter_map(|d| Some((d.resolved.clone()?, d.text.clone())))
                .min();
            let (date, date_text) = match resolved {
                Some((iso, text)) => (Some(iso), Some(text)),
                None => (
                    None,
                    evs.iter().find_map(|(_, d)| Some(d.as_ref()?.text.clone())),
                ),
            };
            let mut evidence: Vec<Evidence> = evs.into_iter().map(|(e, _)| e).collect();
            evidence.sort_stable();
            evidence.dedup();
            Relation {
                subject,
                predicate,
                object,
                modality,
                date,
                date_text,
                derived,
                evidence,
            }
        })
        .collect();
    (relations, orient.0)
}

/// What a relation implies for countries: people and institutions act for their country, places
/// lie in theirs, and a meeting abroad is a visit.
fn rollup(c: &Cand, idx: &Index) -> Vec<(EntityId, String, EntityId)> {
    let mut out = Vec::new();
    let cs = idx.country_entity(c.subject);
    if c.predicate == "visited" {
        // Lavrov visited Wonsan → Lavrov visited North Korea (not for a trip at home).
        if idx.kind(c.object) == Some(EntityKind::Place) {
            if let Some(co) = idx.country_entity(c.object) {
                if cs != Some(co) {
                    out.push((c.subject, "visited".to_string(), co));
                }
            }
        }
        return out;
    }
    if c.predicate == "met" {
        // A meeting in a place abroad is a visit to it.
        if let Some(place) = c.place {
            let pc = idx.country_entity(place);
            for who in [c.subject, c.object] {
                let wc = idx.country_entity(who);
                if idx.kind(who) == Some(EntityKind::Person) && pc.is_some() && wc != pc {
                    if idx.kind(place) == Some(EntityKind::Place) {
                        out.push((who, "visited".to_string(), place));
                    }
                    if let Some(pc) = pc {
                        out.push((who, "visited".to_string(), pc));
                    }
                }
            }
        }
    }
    if c.predicate == "said" {
        return out;
    }
    // Sending troops, weapons or munitions to someone is supporting them.
    if matches!(
        c.predicate.as_str(),
        "sent troops to" | "sent weapons to" | "sent munitions to"
    ) {
        let to = if idx.kind(c.object) == Some(EntityKind::Place) {
            idx.country_entity(c.object)
        } else {
            Some(c.object)
        };
        if let Some(to) = to.filter(|&to| to != c.subject) {
            out.push((c.subject, "supports".to_string(), to));
        }
    }
    let co = idx.country_entity(c.object);
    if let (Some(cs), Some(co)) = (cs, co) {
        if cs != co && (cs != c.subject || co != c.object) {
            out.push((cs, c.predicate.clone(), co));
        }
    }
    out
}

/// Dated relations (not the derived ones) as timeline events, one per relation and date.
fn timeline(
    relations: &[Relation],
    found: &[Found],
    oriented: &FastMap<Key, Key>,
    idx: &Index,
) -> Vec<TimelineEvent> {
    let mut pos: FastMap<Key, usize> = FastMap::default();
    for (i, r) in relations.iter().enumerate() {
        pos.insert(
            (
                r.subject,
                r.predicate.clone(),
                r.object,
                r.modality,
                r.derived,
            ),
            i,
        );
    }
    let mut events: BTreeMap<(String, usize), Vec<Evidence>> = BTreeMap::new();
    for f in found {
        let Some(date) = f.date.as_ref().and_then(|d| d.resolved.as_ref()) else {
            continue;
        };
        let c = &f.cand;
        let key = (c.subject, c.predicate.clone(), c.object, c.modality, false);
        let key = oriented.get(&key).cloned().unwrap_or(key);
        if let Some(&i) = pos.get(&key) {
            events
                .entry((date.clone(), i))
                .or_default()
                .push(f.evidence.clone());
        }
    }
    events
        .into_iter()
        .map(|((date, i), mut evidence)| {
            evidence.sort_stable();
            evidence.dedup();
            let r = &relations[i];
            let mut label = format!(
                "{} {} {}",
                idx.name(r.subject),
                r.predicate,
                idx.name(r.object)
            );
            if r.modality != Modality::Asserted {
                label.push_str(&format!(" ({})", modality_word(r.modality)));
            }
            TimelineEvent {
                date,
                label,
                relation: Some(i),
                evidence,
            }
        })
        .collect()
}

pub(crate) fn modality_word(m: Modality) -> &'static str {
    match m {
        Modality::Asserted => "asserted",
        Modality::Reported => "reported",
        Modality::Planned => "planned",
        Modality::Unconfirmed => "unconfirmed",
        Modality::Denied => "denied",
    }
}

/// One document's outputs of the earlier stages, as [`from_resolved`] takes them.
#[derive(Clone, Copy, Debug)]
pub struct StageDoc<'a> {
    pub doc: DocId,
    pub text: &'a str,
    pub sentences: &'a [Sentence],
    /// The recogniser's mentions, in the order `resolved.mention_entities` refers to them.
    pub mentions: &'a [crate::model::Mention],
    pub date: Option<&'a str>,
}

/// Which country a word names, by the gazetteer: names and demonyms only (capitals and seats are
/// left to the recogniser and resolver, who know when "Moscow" is a city).
pub fn gazetteer_country(word: &str) -> Option<String> {
    use crate::gazetteer::{find_country, CountryForm, CountryStatus};
    let (c, form) = find_country(word)?;
    (c.status != CountryStatus::Territory
        && matches!(form, CountryForm::Name | CountryForm::Demonym))
    .then(|| c.code.to_string())
}

/// Relations, claims and timeline from the resolver's output: mentions mapped to their entities,
/// demonyms found through the gazetteer.
pub fn from_resolved(docs: &[StageDoc], resolved: &crate::resolve::Resolved) -> Extracted {
    let kinds: FastMap<EntityId, EntityKind> =
        resolved.entities.iter().map(|e| (e.id, e.kind)).collect();
    let mentions: Vec<Vec<(Span, EntityId, EntityKind)>> = docs
        .iter()
        .enumerate()
        .map(|(d, doc)| {
            let ids = resolved.mention_entities.get(d);
            doc.mentions
                .iter()
                .enumerate()
                .filter_map(|(i, m)| {
                    let id = (*ids?.get(i)?)?;
                    Some((m.span, id, *kinds.get(&id)?))
                })
                .collect()
        })
        .collect();
    let rel: Vec<RelDoc> = docs
        .iter()
        .zip(&mentions)
        .map(|(d, m)| RelDoc {
            doc: d.doc,
            text: d.text,
            sentences: d.sentences,
            mentions: m,
            date: d.date,
        })
        .collect();
    extract_with(&rel, &resolved.entities, Some(&gazetteer_country))
}

#[cfg(test)]
mod tests {
    //! The cheap test that leaves sentences untokenised knows every word coreference starts from.

    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The eight-bytes-at-a-time run end is the byte-wise one.
        #[test]
        fn letters_end_is_bytewise(text in "[a-z{`@A-Z0-9 éД]{0,40}", from in 0usize..8) {
            let b = text.as_bytes();
            let from = from.min(b.len());
            let want = (from..b.len()).find(|&k| !b[k].is_ascii_lowercase()).unwrap_or(b.len());
            prop_assert_eq!(letters_end(b, from), want);
        }
    }

    #[test]
    fn a_pronoun_patched_in_reads_as_if_tokenised_again() {
        let text = "Lavrov met Kim. He said it was good.";
        let lowered = tokens::ascii_lowered(text);
        let person = |start, end, id, coref| Ment {
            span: Span::new(start, end),
            id: EntityId(id),
            kind: EntityKind::Person,
            coref,
        };
        let (lavrov, kim, he) = (
            person(0, 6, 1, false),
            person(11, 14, 2, false),
            person(16, 18, 1, true),
        );
        let span = Span::new(16, text.len());
        let mut toks = tokens::tokenize_with(text, Some(&lowered), span, &[lavrov, kim]);
        assert!(patch_words(text, &mut toks, span, &[he], &[he]));
        let again = tokens::tokenize_with(text, Some(&lowered), span, &[lavrov, kim, he]);
        assert_eq!(toks, again);
        assert!(toks[0].ent().is_some());
    }

    #[test]
    fn coref_words_cover_pronouns_and_title_heads() {
        let pronouns = ["he", "she", "him", "counterpart"];
        for w in lexicon::TITLE_HEADS.iter().chain(&pronouns) {
            assert!(
                w.split(|c: char| !c.is_ascii_alphabetic()).any(coref_word),
                "{w}"
            );
        }
    }
}
