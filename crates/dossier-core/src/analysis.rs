//! The pipeline's entry point and its single output type, [`Analysis`], which is what the CLI prints
//! as JSON and the app renders. Its schema is documented in `docs/analysis.md`.

use crate::clean::{clean, Region, RegionKind};
use crate::diagnostic::Diagnostic;
use crate::ingest::{ingest, Document, Format};
use crate::model::{Mention, Sentence};
use crate::recognize::recognize_tokenized;
use crate::resolve::{
    add_country_mentions, find_names_again, link_sources, resolve, split_glued_names, DocInput,
    DocMentions, Gazetteer, Resolved,
};
use crate::sort::SortStable;
use crate::span::{DocId, EntityId, Span};
use crate::text;
use serde::{Deserialize, Serialize};

/// One file handed to the engine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    pub name: String,
    pub bytes: Vec<u8>,
}

impl Input {
    pub fn new(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Input {
        Input {
            name: name.into(),
            bytes: bytes.into(),
        }
    }
}

/// What the analysis reports about each document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentSummary {
    pub id: DocId,
    pub name: String,
    pub format: Format,
    pub title: Option<String>,
    pub date: Option<String>,
    pub source: Option<String>,
    pub byline: Option<String>,
    pub dateline: Option<String>,
    pub words: usize,
    pub bytes: usize,
    pub diagnostics: Vec<Diagnostic>,
    /// Main content and boilerplate (with the reason), tiling the document's text in order.
    pub regions: Vec<Region>,
}

/// The whole result of analysing a set of documents. Every list is sorted (by id, or by its
/// documented key) so that the serialised form is byte-identical for the same input.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub documents: Vec<DocumentSummary>,
    /// Merged entities of all four types; countries appear here too (type `country`).
    #[serde(default)]
    pub entities: Vec<Entity>,
    /// One row per country mentioned, with how it was mentioned; `id` is its entity's id.
    #[serde(default)]
    pub countries: Vec<CountrySummary>,
    #[serde(default)]
    pub relations: Vec<Relation>,
    #[serde(default)]
    pub claims: Vec<Claim>,
    #[serde(default)]
    pub timeline: Vec<TimelineEvent>,
}

/// The type of a merged entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Organization,
    Place,
    Country,
}

/// One mention of an entity: a byte range of one document's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct MentionRef {
    pub doc: DocId,
    pub start: usize,
    pub end: usize,
    /// Where the mention stands: in the document's text (the default, not serialised), or in
    /// its metadata as the document's outlet (`"source"`).
    #[serde(default, skip_serializing_if = "MentionOrigin::is_text")]
    pub kind: MentionOrigin,
}

/// What a [`MentionRef`] is evidence of.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum MentionOrigin {
    /// A name in the document's text: main content, or a tag of its tag list.
    #[default]
    Text,
    /// The document's outlet, named in its metadata (a credit line above the date, a dateline's
    /// "(Reuters)", `og:site_name`): it links the document to the outlet's entity, but is no
    /// fact of the article, so no relation or claim comes from it.
    Source,
}

impl MentionOrigin {
    pub fn is_text(&self) -> bool {
        *self == MentionOrigin::Text
    }
}

/// Why two names were merged into one entity: the alias, the name it joined, and the rule.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Merge {
    pub alias: String,
    pub into: String,
    pub rule: String,
}

/// A title or office held by a person ("Foreign Minister"), with the text that says so.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Role {
    pub title: String,
    pub evidence: Vec<Evidence>,
}

/// The text that supports a fact: a byte range of one document and the sentence it lies in.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Evidence {
    pub doc: DocId,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// A merged entity: every name it goes by, where it is mentioned, and what is known of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    pub id: EntityId,
    /// The canonical name: the fullest, most frequent form.
    pub name: String,
    #[serde(rename = "type")]
    pub kind: EntityKind,
    /// Other surface forms, sorted, without `name`.
    pub aliases: Vec<String>,
    /// ISO 3166-1 alpha-2 code of the entity's country, when known.
    pub country: Option<String>,
    pub roles: Vec<Role>,
    pub docs: Vec<DocId>,
    pub mentions: Vec<MentionRef>,
    /// How the aliases were merged, one line per merge (explainable merging).
    pub merges: Vec<Merge>,
}

/// A country and how the documents refer to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountrySummary {
    /// The id of the country's entity in `entities`.
    pub id: EntityId,
    /// ISO 3166-1 alpha-2.
    pub code: String,
    pub name: String,
    /// Every surface form used for it: names, demonyms, capitals and seats of power as metonyms.
    pub mentioned_as: Vec<String>,
    pub docs: Vec<DocId>,
    /// Mentions per document, in document order.
    pub mentions: Vec<MentionRef>,
}

/// How a relation is stated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    /// Stated as fact by the text itself.
    Asserted,
    /// Attributed to a source ("according to KCNA", "TASS reported").
    Reported,
    /// Intended or expected ("is expected to visit").
    Planned,
    /// Explicitly unconfirmed or speculative ("no official confirmation").
    Unconfirmed,
    /// Negated or denied.
    Denied,
}

/// A typed link between two entities, with the sentences that state it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relation {
    pub subject: EntityId,
    /// One of the documented predicates (docs/analysis.md), e.g. `met`, `visited`, `sent troops to`.
    pub predicate: String,
    pub object: EntityId,
    pub modality: Modality,
    /// ISO date (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`) when the text gives one.
    pub date: Option<String>,
    /// The date expression as written ("on Friday", "8 July 2025"). With `date: None` it marks a
    /// relative date that could not be resolved (the document has no date of its own).
    #[serde(default)]
    pub date_text: Option<String>,
    /// `true` when this relation is rolled up from relations of people or institutions.
    #[serde(default)]
    pub derived: bool,
    pub evidence: Vec<Evidence>,
}

/// A figure: one number or a `[low, high]` range — or, for a non-numeric claim (where a meeting
/// took place), the name a source gives.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ClaimNumber {
    One(f64),
    Range([f64; 2]),
    Text(String),
}

/// One source's figure for a claim topic.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClaimValue {
    pub value: ClaimNumber,
    /// "more than", "about", "up to", … or `None` for a bare figure.
    pub qualifier: Option<String>,
    pub doc: DocId,
    /// The figure as written ("more than 10,000 soldiers").
    pub text: String,
    pub evidence: Evidence,
}

/// Figures about one thing (a topic), gathered across documents.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub topic: String,
    /// What is counted: troops, workers, casualties, dollars, …
    pub unit: String,
    /// The actor the figure is about, when known.
    pub actor: Option<EntityId>,
    pub values: Vec<ClaimValue>,
    /// `true` when the sources' figures disagree.
    pub conflict: bool,
}

/// A dated event for the timeline: a relation (by index into `relations`) or a document's date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEvent {
    pub date: String,
    pub label: String,
    /// Index into `Analysis::relations` when the event is a relation.
    pub relation: Option<usize>,
    pub evidence: Vec<Evidence>,
}

/// One document on its way through the pipeline: what each stage produced for it. Later stages
/// (relations, claims) read these alongside the [`Resolved`] entities.
#[derive(Clone, Debug)]
pub struct Prepared {
    pub doc: Document,
    /// Main content and boilerplate, tiling `doc.text`.
    pub regions: Vec<Region>,
    /// Sentences of the main content only.
    pub sentences: Vec<Sentence>,
    /// Names found in those sentences, sorted by span.
    pub mentions: Vec<Mention>,
    pub bytes: usize,
}

/// Run the per-document stages: ingest → clean → sentences of the main regions → recognition.
pub fn prepare(id: DocId, input: &Input) -> Prepared {
    let mut doc = ingest(id, &input.name, &input.bytes);
    let regions = clean(&doc);
    crate::clean::refine_meta(&mut doc, &regions);
    let main: Vec<Span> = regions
        .iter()
        .filter(|r| r.kind == RegionKind::Main)
        .map(|r| r.span)
        .collect();
    let (sentences, tokenized) = text::tokenized_sentences(&doc.text, &main);
    let mut mentions = recognize_tokenized(&doc.text, &tokenized);
    split_glued_names(&doc.text, &mut mentions);
    add_country_mentions(&doc.text, &sentences, &mut mentions);
    Prepared {
        doc,
        regions,
        sentences,
        mentions,
        bytes: input.bytes.len(),
    }
}

/// Analyse a set of files. Documents are ordered by name (then by content, for equal names) and
/// numbered in that order, so the result does not depend on the order of `inputs`.
pub fn analyze(inputs: &[Input]) -> Analysis {
    analyze_with(inputs, Stages::All)
}

/// How far [`analyze_with`] goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stages {
    /// Documents, entities and countries only (no relations, claims or timeline): the baseline
    /// the full pipeline's cost is measured against.
    Entities,
    /// Everything.
    All,
}

/// The order in which [`analyze`] numbers documents: by name, then by content for equal names (a
/// stable sort keeps identical files in their given order). A caller that prepares documents
/// itself ([`prepare`], [`analyze_prepared`]) numbers them in this order.
pub fn input_order(a: &Input, b: &Input) -> std::cmp::Ordering {
    a.name.cmp(&b.name).then_with(|| a.bytes.cmp(&b.bytes))
}

/// [`analyze`], stopping after the entity stages when asked to.
pub fn analyze_with(inputs: &[Input], stages: Stages) -> Analysis {
    let mut order: Vec<&Input> = inputs.iter().collect();
    order.sort_stable_by(|a, b| input_order(a, b));
    let mut prepared: Vec<Prepared> = order
        .into_iter()
        .enumerate()
        .map(|(i, input)| prepare(DocId(i as u32), input))
        .collect();
    analyze_prepared(&mut prepared, stages)
}

/// The cross-document stages of [`analyze_with`] over documents already [`prepare`]d: names found
/// again across documents (added to `prepared`'s mentions in place), resolution, relations, claims,
/// timeline. `prepared[i]` must be document `DocId(i)`, in [`analyze`]'s order (by name, then
/// content); then the result equals `analyze_with` on the same files. A caller that keeps prepared
/// documents between runs (the browser worker re-analysing after each added file) keeps a copy of
/// the mentions [`prepare`] found and puts them back before the next run.
pub fn analyze_prepared(prepared: &mut [Prepared], stages: Stages) -> Analysis {
    find_again(prepared);
    let resolved = resolve_all(prepared);
    let extracted = match stages {
        Stages::Entities => crate::relate::Extracted::default(),
        Stages::All => {
            let stage: Vec<crate::relate::StageDoc> = prepared
                .iter()
                .map(|p| crate::relate::StageDoc {
                    doc: p.doc.id,
                    text: &p.doc.text,
                    sentences: &p.sentences,
                    mentions: &p.mentions,
                    date: p.doc.meta.date.as_deref(),
                })
                .collect();
            crate::relate::from_resolved(&stage, &resolved)
        }
    };
    let mut timeline = extracted.timeline;
    if stages == Stages::All {
        // Each dated document is an event of its own: when the source published.
        for p in prepared.iter() {
            if let Some(date) = &p.doc.meta.date {
                let title = p.doc.meta.title.as_deref().unwrap_or(&p.doc.name);
                timeline.push(TimelineEvent {
                    date: date.clone(),
                    label: format!("published: {title}"),
                    relation: None,
                    evidence: Vec::new(),
                });
            }
        }
        timeline.sort_stable_by(|a, b| {
            (&a.date, a.relation, &a.label).cmp(&(&b.date, b.relation, &b.label))
        });
    }
    let documents = prepared.iter().map(Prepared::summary).collect();
    Analysis {
        documents,
        entities: resolved.entities,
        countries: resolved.countries,
        relations: extracted.relations,
        claims: extracted.claims,
        timeline,
    }
}

/// Names found in one document are names in the others too (see `resolve::find_names_again`).
pub fn find_again(prepared: &mut [Prepared]) {
    let mut docs: Vec<DocMentions> = prepared
        .iter_mut()
        .map(|p| DocMentions {
            text: &p.doc.text,
            sentences: &p.sentences,
            mentions: &mut p.mentions,
        })
        .collect();
    find_names_again(&mut docs);
}

/// Resolve the mentions of all prepared documents into entities and countries (with the
/// gazetteer as the resolver's atlas).
pub fn resolve_all(prepared: &[Prepared]) -> Resolved {
    // Tag lists are page furniture, but their tags can name the article's entities.
    let tags: Vec<Vec<Span>> = prepared
        .iter()
        .map(|p| {
            p.regions
                .iter()
                .filter(|r| {
                    r.kind == RegionKind::Boilerplate && r.reason.as_deref() == Some("tag list")
                })
                .map(|r| r.span)
                .collect()
        })
        .collect();
    let inputs: Vec<DocInput> = prepared
        .iter()
        .zip(&tags)
        .map(|(p, tags)| DocInput {
            doc: p.doc.id,
            text: &p.doc.text,
            sentences: &p.sentences,
            mentions: &p.mentions,
            tags,
        })
        .collect();
    let mut resolved = resolve(&inputs, &Gazetteer);
    let sources: Vec<(DocId, &str, Span)> = prepared
        .iter()
        .filter_map(|p| Some((p.doc.id, p.doc.text.as_str(), p.doc.meta.source_span?)))
        .collect();
    link_sources(&mut resolved, &sources);
    resolved
}

impl Prepared {
    /// What the analysis reports about this document (available before the cross-document stages,
    /// e.g. for a preview while a large load runs).
    pub fn summary(&self) -> DocumentSummary {
        let doc = &self.doc;
        DocumentSummary {
            id: doc.id,
            name: doc.name.clone(),
            format: doc.format,
            words: doc.word_count(),
            title: doc.meta.title.clone(),
            date: doc.meta.date.clone(),
            source: doc.meta.source.clone(),
            byline: doc.meta.byline.clone(),
            dateline: doc.meta.dateline.clone(),
            bytes: self.bytes,
            diagnostics: doc.diagnostics.clone(),
            regions: self.regions.clone(),
        }
    }
}
