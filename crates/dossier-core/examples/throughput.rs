//! Throughput of `analyze` with relations, claims and timeline against entities alone, on the same
//! inputs: the relation stages must stay within 2× of the entity pipeline.
//!
//! ```text
//! cargo run --release -p dossier-core --example throughput -- [PATH...] [--rounds N]
//! ```
//!
//! PATHs are files or folders of documents (default: `../shared/corpus/seeds`, the sample corpus).
//! Each mode runs `rounds` times over all documents (after one warm-up run); the best round is
//! reported, as it is the least disturbed by other work on the machine.

use dossier_core::{analyze_with, Input, Stages};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        entries.sort();
        for e in entries {
            files(&e, out);
        }
    } else if path.is_file() {
        out.push(path.to_path_buf());
    }
}

fn best(inputs: &[Input], stages: Stages, rounds: usize) -> (Duration, usize) {
    let warm = analyze_with(inputs, stages);
    let facts = warm.relations.len() + warm.claims.len();
    let mut best = Duration::MAX;
    for _ in 0..rounds {
        let t = Instant::now();
        let a = analyze_with(inputs, stages);
        best = best.min(t.elapsed());
        std::hint::black_box(a);
    }
    (best, facts)
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut rounds = 10;
    if let Some(i) = args.iter().position(|a| a == "--rounds") {
        rounds = args
            .get(i + 1)
            .and_then(|n| n.parse().ok())
            .unwrap_or(rounds);
        args.drain(i..(i + 2).min(args.len()));
    }
    if args.is_empty() {
        args.push(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/seeds").into());
    }
    let mut paths = Vec::new();
    for a in &args {
        files(Path::new(a), &mut paths);
    }
    let inputs: Vec<Input> = paths
        .iter()
        .filter_map(|p| {
            let name = p.file_name()?.to_string_lossy().to_string();
            Some(Input::new(name, std::fs::read(p).ok()?))
        })
        .collect();
    let bytes: usize = inputs.iter().map(|i| i.bytes.len()).sum();
    if inputs.is_empty() {
        eprintln!("no documents under {args:?}");
        std::process::exit(2);
    }
    let (ents, _) = best(&inputs, Stages::Entities, rounds);
    let (all, facts) = best(&inputs, Stages::All, rounds);
    let mb = bytes as f64 / 1e6;
    println!(
        "{} documents, {:.2} MB, best of {rounds} rounds",
        inputs.len(),
        mb
    );
    println!(
        "entities only:                 {:>8.1} ms  {:>6.2} MB/s",
        ents.as_secs_f64() * 1e3,
        mb / ents.as_secs_f64()
    );
    println!(
        "with relations, claims, timeline: {:>5.1} ms  {:>6.2} MB/s  ({facts} relations and claims)",
        all.as_secs_f64() * 1e3,
        mb / all.as_secs_f64()
    );
    println!(
        "ratio full / entities: {:.2}× (budget 2×)",
        all.as_secs_f64() / ents.as_secs_f64()
    );
}
