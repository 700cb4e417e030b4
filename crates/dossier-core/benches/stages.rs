//! Micro-benchmarks of the core's stages on GUM news text, so a slowdown points at its stage:
//! `cargo bench -p dossier-core` (divan; bytes/s per benchmark). Stages are added here as they
//! land in the core: today ingest (format detection + decoding + metadata) and the whole
//! `analyze`. The whole-system figures against the peers come from `cargo xtask bench`.
//!
//! Input: the 24 documents of `../shared/eval/gum-news.jsonl` (or `$DOSSIER_SHARED/eval/...`),
//! the project's benchmark text — read at run time, never copied into the repository.

use divan::counter::BytesCount;
use divan::Bencher;
use dossier_core::{analyze, ingest, DocId, Input};
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
