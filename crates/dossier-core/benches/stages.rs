//! Micro-benchmarks of the core's stages on GUM news text, so a slowdown points at its stage:
//! `cargo bench -p dossier-core` (divan; bytes/s per benchmark). Each stage runs alone on inputs
//! prepared by the stages before it: ingest, clean (main content vs boilerplate), sentences,
//! recognize (mentions), resolve (merging into entities and countries), and the whole `analyze`.
//! The whole-system figures against the peers come from `cargo xtask bench`.
//!
//! Input: the 24 documents of `../shared/eval/gum-news.jsonl` (or `$DOSSIER_SHARED/eval/...`),
//! the project's benchmark text — read at run time, never copied into the repository.

use divan::counter::BytesCount;
use divan::Bencher;
use dossier_core::recognize::recognize;
use dossier_core::resolve::{resolve, DocInput, Gazetteer};
use dossier_core::text::sentences;
use dossier_core::{analyze, clean, ingest, DocId, Document, Input, Mention, Sentence, Span};
use std::path::PathBuf;
use std::sync::OnceLock;

fn main() {
    divan::main();
}

/// (name, text) of every GUM news document.
fn gum_news() -> &'static [(String, String)] {
    static DOCS: OnceLock<Vec<(String, String)>> = OnceLock::new();
    DOCS.get_or_init(|| {
        let shared = std::env::var_os("DOSSIER_SHARED").map_or_else(
            || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
            PathBuf::from,
        );
        let path = shared.join("eval/gum-news.jsonl");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (set DOSSIER_SHARED to the shared folder)",
                path.display()
            )
        });
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).expect("gum-news.jsonl line");
                let id = v["id"].as_str().unwrap_or("doc").to_string();
                (
                    format!("{id}.txt"),
                    v["text"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    })
}

fn total_bytes() -> usize {
    gum_news().iter().map(|(_, t)| t.len()).sum()
}

/// A document ingested, with its sentences over the whole text and its mentions.
type Prepared = (Document, Vec<Sentence>, Vec<Mention>);

/// Every GUM news document, prepared up to the stage being measured.
fn prepared() -> &'static [Prepared] {
    static PREP: OnceLock<Vec<Prepared>> = OnceLock::new();
    PREP.get_or_init(|| {
        gum_news()
            .iter()
            .enumerate()
            .map(|(i, (name, text))| {
                let doc = ingest(DocId(i as u32), name, text.as_bytes());
                let sents = sentences(&doc.text, &[Span::new(0, doc.text.len())]);
                let mentions = recognize(&doc.text, &sents);
                (doc, sents, mentions)
            })
            .collect()
    })
}

#[divan::bench]
fn ingest_all(b: Bencher) {
    let docs = gum_news();
    b.counter(BytesCount::new(total_bytes())).bench(|| {
        for (i, (name, text)) in docs.iter().enumerate() {
            divan::black_box(ingest(DocId(i as u32), name, text.as_bytes()));
        }
    });
}

#[divan::bench]
fn analyze_all(b: Bencher) {
    let inputs: Vec<Input> = gum_news()
        .iter()
        .map(|(n, t)| Input::new(n.clone(), t.as_bytes()))
        .collect();
    b.counter(BytesCount::new(total_bytes()))
        .bench(|| divan::black_box(analyze(&inputs)));
}

#[divan::bench]
fn clean_all(b: Bencher) {
    let prep = prepared();
    b.counter(BytesCount::new(total_bytes())).bench(|| {
        for (doc, _, _) in prep {
            divan::black_box(clean(doc));
        }
    });
}

#[divan::bench]
fn sentences_all(b: Bencher) {
    let prep = prepared();
    b.counter(BytesCount::new(total_bytes())).bench(|| {
        for (doc, _, _) in prep {
            divan::black_box(sentences(&doc.text, &[Span::new(0, doc.text.len())]));
        }
    });
}

#[divan::bench]
fn recognize_all(b: Bencher) {
    let prep = prepared();
    b.counter(BytesCount::new(total_bytes())).bench(|| {
        for (doc, sents, _) in prep {
            divan::black_box(recognize(&doc.text, sents));
        }
    });
}

#[divan::bench]
fn resolve_all(b: Bencher) {
    let prep = prepared();
    let docs: Vec<DocInput> = prep
        .iter()
        .map(|(doc, sents, mentions)| DocInput {
            doc: doc.id,
            text: &doc.text,
            sentences: sents,
            mentions,
        })
        .collect();
    b.counter(BytesCount::new(total_bytes()))
        .bench(|| divan::black_box(resolve(&docs, &Gazetteer)));
}
