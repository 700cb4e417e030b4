//! Recognition: sentences of a document → mentions of persons, organisations, places and
//! countries.
//!
//! Three steps, each deterministic:
//! 1. [`features`]: hashed features per token, including document-level case evidence;
//! 2. [`tagger`]: a linear BIO tagger (weights in `data/ner.model`, trained by
//!    `cargo xtask train`) decoded per sentence with Viterbi;
//! 3. [`consistency`]: a per-document pass that makes the tagger's decisions agree with each
//!    other (an acronym takes its expansion's type, one type per surface string, later mentions
//!    of a found name are tagged too).
//!
//! Locations are then split into countries and other places.

pub mod consistency;
pub mod features;
pub mod tagger;

use crate::model::{Mention, MentionKind, Sentence};
use crate::span::Span;
use features::{document_features, tokenize_sentences};
use std::sync::OnceLock;
use tagger::Model;

/// The trained model shipped with the engine.
static MODEL_BYTES: &[u8] = include_bytes!("../../data/ner.model");

fn model() -> Option<&'static Model> {
    static MODEL: OnceLock<Option<Model>> = OnceLock::new();
    MODEL
        .get_or_init(|| Model::from_bytes(MODEL_BYTES))
        .as_ref()
}

/// Entity type as the tagger knows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntityType {
    Per,
    Org,
    Loc,
}

impl EntityType {
    fn from_index(i: usize) -> EntityType {
        match i {
            0 => EntityType::Per,
            1 => EntityType::Org,
            _ => EntityType::Loc,
        }
    }
}

/// A typed span found by the tagger, before locations are split into countries and places.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Found {
    pub span: Span,
    pub ty: EntityType,
    /// Index of the first and one past the last token, in the document's token list.
    pub tokens: (usize, usize),
}

/// Per-word flags the tagger's features see (gazetteer evidence); the same function is used in
/// training, so the model learns what each flag is worth.
pub fn word_flags(_word: &str) -> u32 {
    0
}

/// Mentions in the `sentences` of `text`, sorted by span.
pub fn recognize(text: &str, sentences: &[Sentence]) -> Vec<Mention> {
    match model() {
        Some(m) => recognize_with(m, text, sentences),
        None => Vec::new(),
    }
}

/// [`recognize`] with a given model (training and evaluation use freshly trained ones).
pub fn recognize_with(model: &Model, text: &str, sentences: &[Sentence]) -> Vec<Mention> {
    let found = find(model, text, sentences);
    let mut out: Vec<Mention> = found
        .into_iter()
        .map(|f| {
            let kind = match f.ty {
                EntityType::Per => MentionKind::Person,
                EntityType::Org => MentionKind::Organization,
                EntityType::Loc => MentionKind::Place,
            };
            Mention {
                span: f.span,
                kind,
                country: None,
            }
        })
        .collect();
    out.sort();
    out
}

/// Tag a document and apply the consistency pass.
pub fn find(model: &Model, text: &str, sentences: &[Sentence]) -> Vec<Found> {
    let sents = tokenize_sentences(text, sentences);
    let feats = document_features(text, &sents, &word_flags);
    let mut all_tokens = Vec::new();
    let mut found = Vec::new();
    for (s, f) in sents.iter().zip(&feats) {
        let base = all_tokens.len();
        let labels = model.decode(f);
        let mut i = 0;
        while i < labels.len() {
            match tagger::label_type(labels[i]) {
                Some(ty) => {
                    let mut j = i + 1;
                    while j < labels.len()
                        && !tagger::is_begin(labels[j])
                        && tagger::label_type(labels[j]) == Some(ty)
                    {
                        j += 1;
                    }
                    found.push(Found {
                        span: Span::new(s.tokens[i].start, s.tokens[j - 1].end),
                        ty: EntityType::from_index(ty),
                        tokens: (base + i, base + j),
                    });
                    i = j;
                }
                None => i += 1,
            }
        }
        all_tokens.extend(s.tokens.iter().copied());
    }
    let starts = sentence_starts(&sents);
    consistency::apply(text, &all_tokens, &starts, found)
}

/// For each token of the document, whether it opens its sentence.
fn sentence_starts(sents: &[features::TokenizedSentence]) -> Vec<bool> {
    let mut v = Vec::new();
    for s in sents {
        for i in 0..s.tokens.len() {
            v.push(i == 0);
        }
    }
    v
}
