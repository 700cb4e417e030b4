//! The pipeline's entry point and its single output type, [`Analysis`], which is what the CLI prints
//! as JSON and the app renders. Its schema is documented in `docs/analysis.md`.

use crate::diagnostic::Diagnostic;
use crate::ingest::{ingest, Format};
use crate::span::DocId;
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
    pub words: usize,
    pub bytes: usize,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Analysis {
    pub documents: Vec<DocumentSummary>,
}

/// Analyse a set of files. Documents are ordered by name (then by content, for equal names) and
/// numbered in that order, so the result does not depend on the order of `inputs`.
pub fn analyze(inputs: &[Input]) -> Analysis {
    let mut order: Vec<&Input> = inputs.iter().collect();
    order.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.bytes.cmp(&b.bytes)));
    let documents = order
        .into_iter()
        .enumerate()
        .map(|(i, input)| {
            let doc = ingest(DocId(i as u32), &input.name, &input.bytes);
            DocumentSummary {
                id: doc.id,
                name: doc.name.clone(),
                format: doc.format,
                title: doc.meta.title.clone(),
                date: doc.meta.date.clone(),
                source: doc.meta.source.clone(),
                words: doc.word_count(),
                bytes: input.bytes.len(),
                diagnostics: doc.diagnostics,
            }
        })
        .collect();
    Analysis { documents }
}
