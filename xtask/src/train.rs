//! `cargo xtask train [--eval] [--cv] [--check] [--sweep] [--data DIR] [--out FILE]`: trains the recogniser's tagger
//! (`crates/dossier-core/data/ner.model`) from the permissively licensed NER data in
//! `../shared/eval` (GUM's non-news genres and `train/`), never from the benchmark
//! `gum-news.jsonl`.
//!
//! Training is an averaged structured perceptron over the engine's own features
//! (`dossier_core::recognize::features`) with the engine's own Viterbi decoder, in integer
//! arithmetic with a fixed document order and a fixed-seed shuffle, so the same data gives the
//! same model file byte for byte. Afterwards the weakest features are pruned and the rest
//! quantised to int8.
//!
//! `--sweep` fits once on GUM's `train` documents and prints held-out accuracy and gzip size
//! for several pruning/quantisation shapes (how `KEEP` and `LEVELS` were chosen).
//!
//! `--eval` also trains on GUM's `train` documents only and scores the held-out `dev` + `test`
//! documents of `gum-other.jsonl`, then scores the final model on `gum-news.jsonl` (measuring
//! only). `--cv` runs a 4-fold cross-validation over `gum-other.jsonl` documents. `--check`
//! retrains in memory and fails if the committed model differs (it must be retrained whenever the
//! gazetteer data changes, since gazetteer flags are features).

// Label and token loops index several parallel arrays at once; indices read clearer there.
#![allow(clippy::needless_range_loop)]

use dossier_core::recognize::features::{document_features, tokenize_sentences};
use dossier_core::recognize::tagger::{self, viterbi, Model, LABELS};
use dossier_core::recognize::{find, EntityType};
use dossier_core::text::sentences;
use dossier_core::Span;
use serde::Deserialize;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Feature buckets: 2^BITS.
const BITS: u32 = 20;
const EPOCHS: usize = 8;
/// Features kept after pruning (by largest absolute weight).
const KEEP: usize = 8_000;
/// Weight levels either side of zero after quantisation (at most 127: weights are stored as
/// int8). Fewer levels means fewer distinct byte values, which gzip codes in fewer bits.
const LEVELS: i32 = 31;

/// Training sources in `train/` and whether each is used.
const EXTRA: &[&str] = &["wikigold.jsonl", "uner-pud.jsonl", "uner-ewt.jsonl"];
/// How many times each GUM document is seen per epoch.
const GUM_REPEAT: usize = 1;

#[derive(Deserialize)]
struct GoldEntity {
    start: usize,
    end: usize,
    #[serde(rename = "type")]
    ty: String,
}

#[derive(Deserialize)]
struct Doc {
    id: String,
    text: String,
    #[serde(default)]
    entities: Vec<GoldEntity>,
    #[serde(default)]
    split: Option<String>,
}

fn type_index(ty: &str) -> Option<usize> {
    match ty {
        "PER" => Some(0),
        "ORG" => Some(1),
        "LOC" => Some(2),
        _ => None,
    }
}

fn load(path: &Path) -> Result<Vec<Doc>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(n, l)| {
            serde_json::from_str(l).map_err(|e| format!("{}:{}: {e}", path.display(), n + 1))
        })
        .collect()
}

/// One training sentence: feature ids per token and gold labels.
struct Example {
    feats: Vec<Vec<u32>>,
    gold: Vec<usize>,
}

/// Turn documents into examples; returns them with the number of gold entities that did not
/// fall on token boundaries (left unlabelled).
fn examples(docs: &[Doc]) -> (Vec<Example>, usize) {
    let mut out = Vec::new();
    let mut misaligned = 0;
    for d in docs {
        let sents = sentences(&d.text, &[Span::new(0, d.text.len())]);
        let toks = tokenize_sentences(&d.text, &sents);
        let feats = document_features(&d.text, &toks);
        let mut by_start = std::collections::HashMap::new();
        let mut by_end = std::collections::HashMap::new();
        let mut flat = Vec::new();
        for s in &toks {
            for t in &s.tokens {
                by_start.insert(t.start, flat.len());
                by_end.insert(t.end, flat.len());
                flat.push(*t);
            }
        }
        let mut labels = vec![0usize; flat.len()];
        for e in &d.entities {
            let Some(ty) = type_index(&e.ty) else {
                continue;
            };
            match (by_start.get(&e.start), by_end.get(&e.end)) {
                (Some(&a), Some(&b)) if a <= b && labels[a..=b].iter().all(|&l| l == 0) => {
                    labels[a] = 1 + 2 * ty;
                    for l in &mut labels[a + 1..=b] {
                        *l = 2 + 2 * ty;
                    }
                }
                _ => misaligned += 1,
            }
        }
        let mut at = 0;
        for (s, f) in toks.iter().zip(feats) {
            let n = s.tokens.len();
            let mut gold = labels[at..at + n].to_vec();
            // An entity cut by a sentence boundary restarts with B in the next sentence.
            if let Some(first) = gold.first_mut() {
                if *first != 0 && !tagger::is_begin(*first) {
                    *first -= 1;
                }
            }
            at += n;
            out.push(Example { feats: f, gold });
        }
    }
    (out, misaligned)
}

/// Deterministic xorshift generator for the epoch shuffles.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Averaged structured perceptron; returns averaged emission weights (bucket × label) and
/// transitions.
fn perceptron(ex: &[Example]) -> (Vec<f64>, [[f64; LABELS]; LABELS + 1]) {
    let size = 1usize << BITS;
    let mask = (size - 1) as u32;
    let mut w = vec![0i32; size * LABELS];
    let mut u = vec![0i64; size * LABELS];
    let mut tw = [[0i32; LABELS]; LABELS + 1];
    let mut tu = [[0i64; LABELS]; LABELS + 1];
    let mut c: i64 = 1;
    let mut order: Vec<usize> = (0..ex.len()).collect();
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let epochs = std::env::var("NER_EPOCHS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(EPOCHS);
    for _ in 0..epochs {
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        for &k in &order {
            let e = &ex[k];
            let pred = viterbi(
                e.gold.len(),
                |i, s| {
                    for &f in &e.feats[i] {
                        let b = (f & mask) as usize * LABELS;
                        for l in 0..LABELS {
                            s[l] += w[b + l];
                        }
                    }
                },
                &tw,
            );
            if pred != e.gold {
                for i in 0..e.gold.len() {
                    let (g, p) = (e.gold[i], pred[i]);
                    if g != p {
                        for &f in &e.feats[i] {
                            let b = (f & mask) as usize * LABELS;
                            w[b + g] += 1;
                            u[b + g] += c;
                            w[b + p] -= 1;
                            u[b + p] -= c;
                        }
                    }
                    let (gf, pf) = if i == 0 {
                        (LABELS, LABELS)
                    } else {
                        (e.gold[i - 1], pred[i - 1])
                    };
                    if (gf, g) != (pf, p) {
                        tw[gf][g] += 1;
                        tu[gf][g] += c;
                        tw[pf][p] -= 1;
                        tu[pf][p] -= c;
                    }
                }
            }
            c += 1;
        }
    }
    let cf = c as f64;
    let avg: Vec<f64> = w
        .iter()
        .zip(&u)
        .map(|(&w, &u)| w as f64 - u as f64 / cf)
        .collect();
    let mut tavg = [[0f64; LABELS]; LABELS + 1];
    for a in 0..=LABELS {
        for b in 0..LABELS {
            tavg[a][b] = tw[a][b] as f64 - tu[a][b] as f64 / cf;
        }
    }
    (avg, tavg)
}

/// How many features to keep and how many weight levels either side of zero: `NER_KEEP` and
/// `NER_LEVELS` override the shipped `KEEP` and `LEVELS` (for experiments; `--sweep` tries several).
fn shape() -> (usize, i32) {
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<usize>().ok());
    let levels = env("NER_LEVELS").map_or(LEVELS, |l| l.min(127) as i32);
    (env("NER_KEEP").unwrap_or(KEEP), levels)
}

/// Prune to the `keep` strongest features and quantise to integers in `-levels..=levels` (stored
/// as int8); returns the model file's bytes.
fn quantise(avg: &[f64], tavg: &[[f64; LABELS]; LABELS + 1], keep: usize, levels: i32) -> Vec<u8> {
    let levels = levels.clamp(1, 127) as f64;
    let size = 1usize << BITS;
    let mut strength: Vec<(f64, u32)> = (0..size)
        .map(|b| {
            let m = avg[b * LABELS..(b + 1) * LABELS]
                .iter()
                .fold(0f64, |m, v| m.max(v.abs()));
            (m, b as u32)
        })
        .filter(|&(m, _)| m > 0.0)
        .collect();
    // Strongest first; ties by bucket id so the order is total and reproducible.
    strength.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    strength.truncate(keep);
    let max = strength
        .first()
        .map_or(1.0, |s| s.0)
        .max(tavg.iter().flatten().fold(0f64, |m, v| m.max(v.abs())));
    let scale = levels / max;
    let q = |v: f64| (v * scale).round().clamp(-levels, levels) as i8;
    let mut ids: Vec<u32> = strength.iter().map(|s| s.1).collect();
    ids.sort_unstable();
    let feats: Vec<(u32, [i8; LABELS])> = ids
        .into_iter()
        .map(|b| {
            let mut ws = [0i8; LABELS];
            for (l, x) in ws.iter_mut().enumerate() {
                *x = q(avg[b as usize * LABELS + l]);
            }
            (b, ws)
        })
        .filter(|(_, ws)| ws.iter().any(|&x| x != 0))
        .collect();
    let mut trans = [[0i8; LABELS]; LABELS + 1];
    for a in 0..=LABELS {
        for b in 0..LABELS {
            trans[a][b] = q(tavg[a][b]);
        }
    }
    tagger::write_model(BITS as u8, &trans, &feats)
}

fn train(docs: &[Doc]) -> Vec<u8> {
    let (avg, tavg) = fit(docs);
    let (keep, levels) = shape();
    quantise(&avg, &tavg, keep, levels)
}

/// The averaged perceptron's weights before pruning and quantisation.
fn fit(docs: &[Doc]) -> (Vec<f64>, [[f64; LABELS]; LABELS + 1]) {
    let (ex, misaligned) = examples(docs);
    let tokens: usize = ex.iter().map(|e| e.gold.len()).sum();
    eprintln!(
        "train: {} docs, {} sentences, {tokens} tokens, {misaligned} gold entities off token boundaries",
        docs.len(),
        ex.len()
    );
    perceptron(&ex)
}

/// Typed/untyped/per-type counts: (true positives, predicted, gold).
#[derive(Default)]
struct Score {
    typed: [usize; 3],
    untyped: [usize; 3],
    per_type: [[usize; 3]; 3],
}

fn f1(c: [usize; 3]) -> (f64, f64, f64) {
    let p = if c[1] == 0 {
        0.0
    } else {
        c[0] as f64 / c[1] as f64
    };
    let r = if c[2] == 0 {
        0.0
    } else {
        c[0] as f64 / c[2] as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}

fn evaluate(model: &Model, docs: &[Doc]) -> Score {
    let mut s = Score::default();
    for d in docs {
        let sents = sentences(&d.text, &[Span::new(0, d.text.len())]);
        let pred: HashSet<(usize, usize, usize)> = find(model, &d.text, &sents)
            .into_iter()
            .map(|f| {
                let t = match f.ty {
                    EntityType::Per => 0,
                    EntityType::Org => 1,
                    EntityType::Loc => 2,
                };
                (f.span.start, f.span.end, t)
            })
            .collect();
        let gold: HashSet<(usize, usize, usize)> = d
            .entities
            .iter()
            .filter_map(|e| Some((e.start, e.end, type_index(&e.ty)?)))
            .collect();
        s.typed[0] += pred.intersection(&gold).count();
        s.typed[1] += pred.len();
        s.typed[2] += gold.len();
        let pu: HashSet<(usize, usize)> = pred.iter().map(|&(a, b, _)| (a, b)).collect();
        let gu: HashSet<(usize, usize)> = gold.iter().map(|&(a, b, _)| (a, b)).collect();
        s.untyped[0] += pu.intersection(&gu).count();
        s.untyped[1] += pu.len();
        s.untyped[2] += gu.len();
        for t in 0..3 {
            let p: HashSet<_> = pred.iter().filter(|x| x.2 == t).collect();
            let g: HashSet<_> = gold.iter().filter(|x| x.2 == t).collect();
            s.per_type[t][0] += p.intersection(&g).count();
            s.per_type[t][1] += p.len();
            s.per_type[t][2] += g.len();
        }
    }
    s
}

fn report(name: &str, s: &Score) {
    let (p, r, f) = f1(s.typed);
    let (_, _, uf) = f1(s.untyped);
    let per: Vec<String> = ["PER", "ORG", "LOC"]
        .iter()
        .zip(s.per_type)
        .map(|(n, c)| format!("{n} {:.3}", f1(c).2))
        .collect();
    println!(
        "{name}: typed P {p:.3} R {r:.3} F1 {f:.3} | untyped F1 {uf:.3} | {}",
        per.join(" ")
    );
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

pub fn run(args: &[String]) -> Result<(), String> {
    let mut eval = false;
    let mut cv = false;
    let mut check = false;
    let mut sweep = false;
    let mut data = workspace_root().join("../shared/eval");
    let mut out = workspace_root().join("crates/dossier-core/data/ner.model");
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--eval" => eval = true,
            "--cv" => cv = true,
            "--check" => check = true,
            "--sweep" => sweep = true,
            "--data" => data = PathBuf::from(it.next().ok_or("--data needs a directory")?),
            "--out" => out = PathBuf::from(it.next().ok_or("--out needs a file")?),
            other => return Err(format!("train: unknown argument {other}")),
        }
    }
    let other = load(&data.join("gum-other.jsonl"))?;
    let mut extra = Vec::new();
    let sources: Vec<String> = match std::env::var("NER_EXTRA") {
        Ok(v) => v
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        Err(_) => EXTRA.iter().map(|s| s.to_string()).collect(),
    };
    for f in &sources {
        extra.extend(load(&data.join("train").join(f))?);
    }
    // GUM follows the benchmark's conventions (governments and teams are organisations, titles
    // are not part of names), so its documents count more than the other sources'.
    let gum_weight: usize = std::env::var("NER_GUM_REPEAT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(GUM_REPEAT);
    if sweep {
        // Model size against accuracy: one fit on GUM's `train` documents (+ the other sources),
        // then every pruning/quantisation shape scored on the held-out dev + test documents.
        let (tr, held) = held_out_split(&other, &extra, gum_weight);
        let (avg, tavg) = fit(&tr);
        for keep in [25_000, 16_000, 12_000, 8_000, 5_000] {
            for levels in [127, 31, 15, 7] {
                let bytes = quantise(&avg, &tavg, keep, levels);
                let model = Model::from_bytes(&bytes).ok_or("trained model does not load")?;
                let gz = crate::sizes::gzip_len(&bytes);
                report(
                    &format!(
                        "keep {keep} levels {levels} ({} B, gzip {gz} B)",
                        bytes.len()
                    ),
                    &evaluate(&model, &held),
                );
            }
        }
        return Ok(());
    }
    if eval {
        let (tr, held) = held_out_split(&other, &extra, gum_weight);
        let bytes = train(&tr);
        let model = Model::from_bytes(&bytes).ok_or("trained model does not load")?;
        report("gum-other dev+test (held out)", &evaluate(&model, &held));
    }
    if cv {
        const FOLDS: usize = 4;
        let mut total = Score::default();
        for k in 0..FOLDS {
            let mut tr: Vec<Doc> = Vec::new();
            let mut te: Vec<Doc> = Vec::new();
            for (i, d) in other.iter().enumerate() {
                if i % FOLDS == k {
                    te.push(clone_doc(d));
                } else {
                    for _ in 0..gum_weight {
                        tr.push(clone_doc(d));
                    }
                }
            }
            tr.extend(extra.iter().map(clone_doc));
            let model = Model::from_bytes(&train(&tr)).ok_or("trained model does not load")?;
            let s = evaluate(&model, &te);
            report(&format!("gum-other fold {k}"), &s);
            for i in 0..3 {
                total.typed[i] += s.typed[i];
                total.untyped[i] += s.untyped[i];
                for t in 0..3 {
                    total.per_type[t][i] += s.per_type[t][i];
                }
            }
        }
        report("gum-other 4-fold CV", &total);
    }
    let mut all: Vec<Doc> = Vec::new();
    for _ in 0..gum_weight {
        all.extend(other.iter().map(clone_doc));
    }
    all.extend(extra);
    let bytes = train(&all);
    if check {
        // The model depends on the gazetteer too (its features), so a data change means retraining.
        let committed = std::fs::read(&out).map_err(|e| format!("{}: {e}", out.display()))?;
        if committed != bytes {
            return Err(format!(
                "{} is out of date (gazetteer or training code changed): run `cargo xtask train`",
                out.display()
            ));
        }
        eprintln!("{} is up to date", out.display());
        return Ok(());
    }
    std::fs::write(&out, &bytes).map_err(|e| format!("{}: {e}", out.display()))?;
    eprintln!("wrote {} ({} bytes)", out.display(), bytes.len());
    if eval {
        let model = Model::from_bytes(&bytes).ok_or("trained model does not load")?;
        let news = load(&data.join("gum-news.jsonl"))?;
        report(
            "gum-news (benchmark, measured only)",
            &evaluate(&model, &news),
        );
    }
    Ok(())
}

/// GUM's `train` documents (each `gum_weight` times) plus the other sources, to fit on; and GUM's
/// dev + test documents, held out to score on (`--sweep`, `--eval`).
fn held_out_split(other: &[Doc], extra: &[Doc], gum_weight: usize) -> (Vec<Doc>, Vec<Doc>) {
    let (train_docs, held): (Vec<&Doc>, Vec<&Doc>) = other
        .iter()
        .partition(|d| d.split.as_deref() == Some("train"));
    let mut tr: Vec<Doc> = Vec::new();
    for _ in 0..gum_weight {
        tr.extend(train_docs.iter().map(|d| clone_doc(d)));
    }
    tr.extend(extra.iter().map(clone_doc));
    (tr, held.into_iter().map(clone_doc).collect())
}

fn clone_doc(d: &Doc) -> Doc {
    Doc {
        id: d.id.clone(),
        text: d.text.clone(),
        entities: d
            .entities
            .iter()
            .map(|e| GoldEntity {
                start: e.start,
                end: e.end,
                ty: e.ty.clone(),
            })
            .collect(),
        split: d.split.clone(),
    }
}
