//! Throughput of `analyze` with relations, claims and timeline against entities alone, on the same
//! inputs: the relation stages must stay within 2× of the entity pipeline.
//!
//! ```text
//! cargo run --release -p dossier-core --example throughput -- [PATH...] [--rounds N]
//! ```
//!
//! PATHs are files or folders of documents (default: `www/samples`, the sample corpus).
//! After one warm-up run of each, the two modes run alternately `rounds` times over all documents,
//! so that load from other work on the machine falls on both alike; the median and the best round
//! of each are reported, and the ratio of the medians.

// A native measuring tool: the standard sorts are fine here (see clippy.toml).
#![allow(clippy::disallowed_methods)]

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

fn once(inputs: &[Input], stages: Stages) -> (Duration, usize) {
    let t = Instant::now();
    let a = analyze_with(inputs, stages);
    let took = t.elapsed();
    (took, a.relations.len() + a.claims.len())
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
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
        args.push(concat!(env!("CARGO_MANIFEST_DIR"), "/../../www/samples").into());
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
    once(&inputs, Stages::Entities);
    let (_, facts) = once(&inputs, Stages::All);
    let (mut ents, mut all) = (Vec::new(), Vec::new());
    for _ in 0..rounds.max(1) {
        ents.push(once(&inputs, Stages::Entities).0);
        all.push(once(&inputs, Stages::All).0);
    }
    let (eb, ab) = (*ents.iter().min().unwrap(), *all.iter().min().unwrap());
    let (em, am) = (median(ents), median(all));
    let mb = bytes as f64 / 1e6;
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{} documents, {:.2} MB, {rounds} rounds each",
        inputs.len(),
        mb
    );
    println!(
        "entities only:                    median {:>8.1} ms ({:>6.2} MB/s), best {:>8.1} ms",
        ms(em),
        mb / em.as_secs_f64(),
        ms(eb)
    );
    println!(
        "with relations, claims, timeline: median {:>8.1} ms ({:>6.2} MB/s), best {:>8.1} ms ({facts} relations and claims)",
        ms(am),
        mb / am.as_secs_f64(),
        ms(ab)
    );
    println!(
        "ratio full / entities (medians): {:.2}× (budget 2×)",
        am.as_secs_f64() / em.as_secs_f64()
    );
}
