//! The native sections, measured through the `dossier` CLI's stable interfaces (issue 4):
//! `dossier ner` (accuracy on GUM news, country F1, NER speed), `dossier clean` (main-content F1 on
//! the boilerplate dev pages), `dossier analyze` (the seeds expectation score, pipeline speed and
//! scaling). A subcommand the current build lacks yields `n/a` with the CLI's own message.

use super::measure::{self, Run};
use super::peers::Peers;
use super::report::Report;
use super::scorer::{self, Doc};
use super::Ctx;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Build the release CLI (the profile the project ships) and return its path.
pub fn build_cli(ctx: &Ctx) -> Result<PathBuf, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    eprintln!("bench: building the dossier CLI (release)…");
    let st = Command::new(cargo)
        .current_dir(&ctx.root)
        .args([
            "build",
            "--release",
            "-q",
            "-p",
            "dossier-cli",
            "--bin",
            "dossier",
        ])
        .status()
        .map_err(|e| format!("cargo: {e}"))?;
    if !st.success() {
        return Err("cargo build -p dossier-cli failed".into());
    }
    let exe = ctx.root.join("target/release/dossier");
    exe.is_file()
        .then_some(exe)
        .ok_or_else(|| "target/release/dossier not found".into())
}

/// Why a CLI run is unusable, in one line: its exit code and first line of stderr.
fn failure(what: &str, r: &Run) -> String {
    let first = r
        .stderr
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    let first: String = first.chars().take(60).collect();
    format!(
        "`dossier {what}` exited {}: {first}",
        r.status.code().unwrap_or(-1)
    )
}

fn run_cli(
    ctx: &Ctx,
    exe: &Path,
    args: &[&str],
    stdin: Option<&Path>,
    tag: &str,
) -> Result<Run, String> {
    let mut cmd = Command::new(exe);
    cmd.args(args);
    let r = measure::run_limited(
        cmd,
        stdin,
        &ctx.out.join(format!("{tag}.out")),
        ctx.run_limit(),
    )?;
    if r.stopped {
        Err(format!(
            "`dossier {}` still running after {} s: stopped",
            args[0],
            ctx.run_limit().as_secs()
        ))
    } else if r.status.success() {
        Ok(r)
    } else {
        Err(failure(args[0], &r))
    }
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn write(path: &Path, data: &[u8]) -> Result<(), String> {
    std::fs::write(path, data).map_err(|e| format!("{}: {e}", path.display()))
}

/// GUM news gold documents (the benchmark; read-only, never trained on).
pub fn gum_news(ctx: &Ctx) -> Result<Vec<Doc>, String> {
    let p = ctx.shared.join("eval/gum-news.jsonl");
    scorer::parse_docs(&read(&p)?, &p.display().to_string(), true)
}

/// JSON lines `{"id","text"}` for `dossier ner`.
fn ner_input(docs: &[(String, &str)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (id, text) in docs {
        out.extend_from_slice(json!({"id": id, "text": text}).to_string().as_bytes());
        out.push(b'\n');
    }
    out
}

/// Section "accuracy": NER on GUM news per split, country F1, the seeds check, main content.
pub fn accuracy(ctx: &Ctx, exe: Option<&Path>, peers: &Peers, r: &mut Report) {
    let ner = exe
        .ok_or_else(|| "the CLI did not build".to_string())
        .and_then(|exe| {
            let gold = gum_news(ctx)?;
            let input: Vec<(String, &str)> = gold
                .iter()
                .map(|d| (d.id.clone(), d.text.as_deref().unwrap_or("")))
                .collect();
            let inp = ctx.out.join("gum-news.ner-in.jsonl");
            write(&inp, &ner_input(&input))?;
            let run = run_cli(ctx, exe, &["ner"], Some(&inp), "gum-news.ner")?;
            let text = String::from_utf8_lossy(&run.stdout).into_owned();
            let pred = scorer::parse_docs(&text, "dossier ner output", false)?;
            if pred.len() != gold.len() {
                r.notes.push(format!(
                    "dossier ner returned {} documents for {} inputs",
                    pred.len(),
                    gold.len()
                ));
            }
            Ok((gold, pred))
        });
    let all_peers = |r: &mut Report, key: &str, pick: &dyn Fn(&super::peers::NerPeer) -> f64| {
        if let Some(f) = r.figures.iter_mut().find(|f| f.key == key) {
            for p in &peers.ner {
                f.peer(&p.name, pick(p), &peers.ner_source);
            }
        }
    };
    match ner {
        Err(e) => {
            for (k, l) in [
                ("accuracy.gum_news.typed_f1", "GUM news typed F1 (all 24)"),
                (
                    "accuracy.gum_news.untyped_f1",
                    "GUM news untyped F1 (all 24)",
                ),
                (
                    "accuracy.gum_news.country_f1",
                    "GUM news country F1 (--geo)",
                ),
            ] {
                r.na(k, l, "f1", &e);
            }
            all_peers(r, "accuracy.gum_news.typed_f1", &|p| p.typed[2]);
            all_peers(r, "accuracy.gum_news.untyped_f1", &|p| p.untyped_f1);
            all_peers(r, "accuracy.gum_news.country_f1", &|p| p.country_f1);
        }
        Ok((gold, pred)) => {
            let sc = |docs: &[Doc], geo| scorer::score(docs, &pred, geo);
            match sc(&gold, false) {
                Err(e) => {
                    r.na(
                        "accuracy.gum_news.typed_f1",
                        "GUM news typed F1 (all 24)",
                        "f1",
                        &e,
                    );
                }
                Ok(s) => {
                    r.measured(
                        "accuracy.gum_news.typed_p",
                        "GUM news typed precision",
                        "p",
                        s.typed.p(),
                    );
                    all_peers(r, "accuracy.gum_news.typed_p", &|p| p.typed[0]);
                    r.measured(
                        "accuracy.gum_news.typed_r",
                        "GUM news typed recall",
                        "r",
                        s.typed.r(),
                    );
                    all_peers(r, "accuracy.gum_news.typed_r", &|p| p.typed[1]);
                    r.measured(
                        "accuracy.gum_news.typed_f1",
                        "GUM news typed F1 (all 24)",
                        "f1",
                        s.typed.f1(),
                    );
                    all_peers(r, "accuracy.gum_news.typed_f1", &|p| p.typed[2]);
                    r.measured(
                        "accuracy.gum_news.untyped_p",
                        "GUM news untyped precision",
                        "p",
                        s.untyped.p(),
                    );
                    r.measured(
                        "accuracy.gum_news.untyped_r",
                        "GUM news untyped recall",
                        "r",
                        s.untyped.r(),
                    );
                    r.measured(
                        "accuracy.gum_news.untyped_f1",
                        "GUM news untyped F1 (all 24)",
                        "f1",
                        s.untyped.f1(),
                    );
                    all_peers(r, "accuracy.gum_news.untyped_f1", &|p| p.untyped_f1);
                    r.measured(
                        "accuracy.gum_news.partial_f1",
                        "GUM news partial F1",
                        "f1",
                        s.partial.f1(),
                    );
                    all_peers(r, "accuracy.gum_news.partial_f1", &|p| p.partial_f1);
                    for (i, ty) in scorer::TYPES.iter().enumerate() {
                        let m = s.per_type.get(*ty).copied().unwrap_or_default();
                        let key = format!("accuracy.gum_news.{}_f1", ty.to_lowercase());
                        r.measured(&key, &format!("GUM news {ty} F1"), "f1", m.f1());
                        all_peers(r, &key, &|p| p.per_type_f1[i]);
                    }
                }
            }
            for split in ["train", "dev", "test"] {
                let sub: Vec<Doc> = gold
                    .iter()
                    .filter(|d| d.split.as_deref() == Some(split))
                    .cloned()
                    .collect();
                let label = format!("GUM news {split} ({} docs)", sub.len());
                match sc(&sub, false) {
                    Ok(s) => {
                        for (m, name) in [(s.typed, "typed"), (s.untyped, "untyped")] {
                            let k = format!("accuracy.gum_news.{split}.{name}");
                            r.measured(&format!("{k}_p"), &format!("{label} {name} P"), "p", m.p());
                            r.measured(&format!("{k}_r"), &format!("{label} {name} R"), "r", m.r());
                            r.measured(
                                &format!("{k}_f1"),
                                &format!("{label} {name} F1"),
                                "f1",
                                m.f1(),
                            );
                        }
                    }
                    Err(e) => {
                        r.na(
                            &format!("accuracy.gum_news.{split}.typed_f1"),
                            &label,
                            "f1",
                            &e,
                        );
                    }
                }
            }
            let geo = sc(&gold, true).map(|s| s.typed.f1());
            r.value(
                "accuracy.gum_news.country_f1",
                "GUM news country F1 (--geo)",
                "f1",
                geo,
            );
            all_peers(r, "accuracy.gum_news.country_f1", &|p| p.country_f1);
        }
    }
    seeds(ctx, exe, r);
    main_content(ctx, exe, peers, r);
}

/// `dossier analyze` on the seeds corpus, checked by `shared/tools/seeds_check.py`. Each "a/b"
/// on its output lines becomes a figure; the score is the share of checks passed (false positives
/// and relations without evidence count as checks failed).
fn seeds(ctx: &Ctx, exe: Option<&Path>, r: &mut Report) {
    let res = (|| -> Result<String, String> {
        let exe = exe.ok_or("the CLI did not build")?;
        let seeds = ctx.shared.join("corpus/seeds");
        let run = run_cli(
            ctx,
            exe,
            &["analyze", &seeds.display().to_string()],
            None,
            "seeds.analysis",
        )?;
        let _ = run;
        let check = ctx.shared.join("tools/seeds_check.py");
        let expected = ctx.shared.join("fixtures/seeds.expected.json");
        let out = Command::new("python3")
            .arg(&check)
            .arg(ctx.out.join("seeds.analysis.out"))
            .arg(&expected)
            .output()
            .map_err(|e| format!("python3 {}: {e}", check.display()))?;
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        if stdout.trim().is_empty() {
            return Err(format!(
                "seeds_check.py printed nothing: {}",
                String::from_utf8_lossy(&out.stderr)
                    .lines()
                    .last()
                    .unwrap_or("")
            ));
        }
        Ok(stdout)
    })();
    match res {
        Err(e) => {
            r.na(
                "accuracy.seeds.score",
                "seeds expectations passed",
                "ratio01",
                &e,
            );
        }
        Ok(text) => {
            let (mut ok, mut all) = (0.0, 0.0);
            for line in text.lines() {
                let Some((part, items)) = line.split_once(": ") else {
                    continue;
                };
                if part.contains(' ') {
                    continue; // the summary line ("seeds hold: ...")
                }
                for item in items.split(", ") {
                    let Some((label, frac)) = item.rsplit_once(' ') else {
                        continue;
                    };
                    let Some((a, b)) = frac.split_once('/') else {
                        continue;
                    };
                    let (Ok(a), Ok(b)) = (a.parse::<f64>(), b.parse::<f64>()) else {
                        continue;
                    };
                    let bad = label.contains("false positives") || label.contains("without");
                    let key = format!("accuracy.seeds.{part}.{}", label.replace(' ', "_"));
                    let lbl = format!("seeds {part}: {label}");
                    if bad {
                        r.measured(&key, &lbl, "count", a);
                        ok += b - a;
                    } else {
                        let v = if b > 0.0 { a / b } else { 1.0 };
                        r.measured(&key, &format!("{lbl} ({a}/{b})"), "ratio01", v);
                        ok += a;
                    }
                    all += b;
                }
            }
            let score = if all > 0.0 {
                Ok(ok / all)
            } else {
                Err("no checks parsed".to_string())
            };
            r.value(
                "accuracy.seeds.score",
                "seeds expectations passed",
                "ratio01",
                score,
            );
        }
    }
}

/// `dossier clean` on the boilerplate dev pages (HTML and pasted text), scored by its score.py
/// (Python's `\w` tokens, which Rust's regex does not reproduce).
fn main_content(ctx: &Ctx, exe: Option<&Path>, peers: &Peers, r: &mut Report) {
    for (file, field, key, label, on_text) in [
        (
            "dev.jsonl",
            "html",
            "accuracy.main_content.html_f1",
            "main-content F1, HTML (dev, 40 pages)",
            false,
        ),
        (
            "dev-text.jsonl",
            "text",
            "accuracy.main_content.text_f1",
            "main-content F1, pasted text (dev-text)",
            true,
        ),
    ] {
        let res = (|| -> Result<f64, String> {
            let exe = exe.ok_or("the CLI did not build")?;
            let gold_path = ctx.shared.join("eval/boilerplate").join(file);
            let mut input = Vec::new();
            for line in read(&gold_path)?.lines().filter(|l| !l.trim().is_empty()) {
                let v: Value = serde_json::from_str(line).map_err(|e| format!("{file}: {e}"))?;
                input.extend_from_slice(
                    json!({"id": v["id"], field: v[field]})
                        .to_string()
                        .as_bytes(),
                );
                input.push(b'\n');
            }
            let inp = ctx.out.join(format!("{file}.clean-in.jsonl"));
            write(&inp, &input)?;
            let tag = format!("{file}.clean");
            run_cli(ctx, exe, &["clean"], Some(&inp), &tag)?;
            let preds = ctx.out.join(format!("{tag}.out"));
            let out = Command::new("python3")
                .arg(ctx.shared.join("eval/boilerplate/score.py"))
                .arg(&gold_path)
                .arg(&preds)
                .args(["--json", "--missing-as-empty"])
                .output()
                .map_err(|e| format!("python3: {e}"))?;
            if !out.status.success() {
                let err = String::from_utf8_lossy(&out.stderr);
                return Err(format!("score.py: {}", err.lines().last().unwrap_or("")));
            }
            let v: Value =
                serde_json::from_slice(&out.stdout).map_err(|e| format!("score.py output: {e}"))?;
            for m in ["precision", "recall"] {
                if let Some(x) = v["metrics"][m].as_f64() {
                    let k = key.replace("_f1", &format!("_{}", &m[..1]));
                    r.measured(&k, &label.replace("F1", m), &m[..1], x);
                }
            }
            v["metrics"]["f1"]
                .as_f64()
                .ok_or_else(|| "score.py gave no f1".into())
        })();
        let f = r.value(key, label, "f1", res);
        for p in peers.clean.iter().filter(|p| p.on_text == on_text) {
            f.peer(&p.name, p.f1, &peers.clean_source);
        }
    }
}

/// GUM news documents repeated (with fresh ids) until their text reaches `bytes`.
pub fn repeated_gum(gold: &[Doc], bytes: usize) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut total = 0;
    let mut rep = 0;
    while total < bytes && !gold.is_empty() {
        for d in gold {
            let t = d.text.clone().unwrap_or_default();
            total += t.len();
            out.push((format!("r{rep:04}-{}", d.id), t));
            if total >= bytes {
                break;
            }
        }
        rep += 1;
    }
    out
}

fn words(docs: &[(String, String)]) -> usize {
    docs.iter().map(|(_, t)| t.split_whitespace().count()).sum()
}

/// The one-minute load average, when the system says.
fn load1() -> Option<f64> {
    let l = std::fs::read_to_string("/proc/loadavg").ok()?;
    l.split_whitespace().next()?.parse().ok()
}

/// Let the machine settle before timing. This virtual machine's CPUs run markedly slower for a
/// while after sustained load (measured on one binary: `dossier ner` on 10.5 MB took 0.86–0.99
/// CPU-seconds right after a full bench, 0.55–0.67 s after 90 s idle, 0.41–0.44 s after a quiet
/// quarter of an hour), and the steps before this section (the builds, the accuracy runs) are
/// such load. Waits until the one-minute load average is below 0.3, at most `limit`; returns the
/// seconds waited and the load average before and after, for the report's notes.
fn settle(limit: std::time::Duration) -> String {
    let t0 = std::time::Instant::now();
    let before = load1();
    while t0.elapsed() < limit && load1().is_some_and(|l| l >= 0.3) {
        std::thread::sleep(std::time::Duration::from_secs(5));
    }
    let show = |l: Option<f64>| l.map_or("?".to_string(), |l| format!("{l:.2}"));
    format!(
        "waited {:.0} s for the machine to settle (one-minute load average {} → {})",
        t0.elapsed().as_secs_f64(),
        show(before),
        show(load1())
    )
}

/// Milliseconds of two fixed workloads on this thread: integer arithmetic alone, and a walk of
/// dependent random reads over 8 MB (past the 512 KB L2 cache, into the caches and memory that
/// the host's other tenants share). How fast the machine is at the moment, noted next to the throughputs so
/// that runs made in different phases of a shared host can be compared; the engine's tables and
/// caches make it sensitive to the second more than the first.
fn calibration_ms() -> (f64, f64) {
    // xorshift64: the arithmetic workload, and the shuffle's random numbers.
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut step = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let t0 = std::time::Instant::now();
    let mut sum: u64 = 0;
    for _ in 0..200_000_000u32 {
        sum = sum.wrapping_add(step());
    }
    std::hint::black_box(sum);
    let alu = t0.elapsed().as_secs_f64() * 1e3;
    // One cycle through all slots in a random order (Sattolo's shuffle), so each read depends on
    // the one before and no prefetcher can guess it.
    const SLOTS: usize = 1 << 21;
    let mut next: Vec<u32> = (0..SLOTS as u32).collect();
    for i in (1..SLOTS).rev() {
        next.swap(i, (step() % i as u64) as usize);
    }
    let t1 = std::time::Instant::now();
    let mut at = 0u32;
    for _ in 0..3_000_000u32 {
        at = next[at as usize];
    }
    std::hint::black_box(at);
    (alu, t1.elapsed().as_secs_f64() * 1e3)
}

/// Section "speed_native": single-process throughput of `ner` and `analyze`, and scaling.
pub fn speed(ctx: &Ctx, exe: Option<&Path>, peers: &Peers, r: &mut Report) {
    let wait = std::time::Duration::from_secs(if ctx.quick { 20 } else { 150 });
    r.notes.push(format!("speed_native: {}", settle(wait)));
    let calibrated = calibration_ms();
    let target = if ctx.quick { 4 << 20 } else { 10 << 20 };
    let corpus = gum_news(ctx).map(|g| repeated_gum(&g, target));
    let mb = |docs: &[(String, String)]| docs.iter().map(|d| d.1.len()).sum::<usize>() as f64 / 1e6;
    // ner
    let res = (|| -> Result<(f64, f64, Runs), String> {
        let exe = exe.ok_or("the CLI did not build")?;
        let docs = corpus.clone()?;
        let borrowed: Vec<(String, &str)> =
            docs.iter().map(|(i, t)| (i.clone(), t.as_str())).collect();
        let inp = ctx.out.join("speed.ner-in.jsonl");
        write(&inp, &ner_input(&borrowed))?;
        let runs = median_run(ctx, || run_cli(ctx, exe, &["ner"], Some(&inp), "speed.ner"))?;
        Ok((mb(&docs), words(&docs) as f64, runs))
    })();
    record_speed(r, "speed_native.ner", "`dossier ner`", res, peers, true);
    // analyze
    let res = (|| -> Result<(f64, f64, Runs), String> {
        let exe = exe.ok_or("the CLI did not build")?;
        let docs = corpus.clone()?;
        let dir = ctx.out.join("speed-analyze");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        for (id, t) in &docs {
            write(&dir.join(format!("{id}.txt")), t.as_bytes())?;
        }
        let dir = dir.display().to_string();
        let runs = median_run(ctx, || {
            run_cli(ctx, exe, &["analyze", &dir], None, "speed.analyze")
        })?;
        Ok((mb(&docs), words(&docs) as f64, runs))
    })();
    record_speed(
        r,
        "speed_native.analyze",
        "`dossier analyze`",
        res,
        peers,
        false,
    );
    let after = calibration_ms();
    r.notes.push(format!(
        "speed_native: calibration before / after the runs: arithmetic loop {:.0} / {:.0} ms, \
         random reads over 8 MB {:.0} / {:.0} ms (fixed work: a slower phase of the machine shows \
         as longer times)",
        calibrated.0, after.0, calibrated.1, after.1
    ));
    if !ctx.quick {
        let text_mb = corpus.as_ref().ok().map(|d| mb(d));
        simulated(ctx, exe, text_mb, r);
    }
    scaling(ctx, exe, r);
}

/// Figures that do not depend on the machine's phase: instructions and simulated last-level data
/// cache misses per byte of text, from valgrind's cachegrind on the same inputs as the timed runs
/// (its simulated last level is 1 MB, this host's per-core L2: its shared L3 is contended by other
/// tenants, so an L2 miss is what costs). Full runs only (about three minutes); "not measured"
/// where valgrind is not installed (`apt install valgrind`).
fn simulated(ctx: &Ctx, exe: Option<&Path>, text_mb: Option<f64>, r: &mut Report) {
    let jobs = [
        (
            "ner",
            "`dossier ner`",
            vec!["ner".to_string()],
            Some(ctx.out.join("speed.ner-in.jsonl")),
        ),
        (
            "analyze",
            "`dossier analyze`",
            vec![
                "analyze".to_string(),
                ctx.out.join("speed-analyze").display().to_string(),
            ],
            None,
        ),
    ];
    for (key, what, args, stdin) in jobs {
        let res = (|| -> Result<(f64, f64), String> {
            let exe = exe.ok_or("the CLI did not build")?;
            let bytes = text_mb.ok_or("no GUM news text")? * 1e6;
            let mut cmd = Command::new("valgrind");
            cmd.args([
                "--tool=cachegrind",
                "--cache-sim=yes",
                "--I1=32768,8,64",
                "--D1=65536,8,64",
                "--LL=1048576,16,64",
                "--cachegrind-out-file=/dev/null",
            ])
            .arg(exe)
            .args(&args);
            let out = ctx.out.join(format!("simulated.{key}.out"));
            let run = measure::run_limited(cmd, stdin.as_deref(), &out, ctx.run_limit())
                .map_err(|e| format!("valgrind not available ({e}); apt install valgrind"))?;
            if !run.status.success() {
                return Err(failure("valgrind", &run));
            }
            // Summary lines such as "==12== I   refs:      1,062,196,929" and
            // "==12== LLd misses:        3,436,987  (2,469,178 rd   +  969,285 wr)".
            let count = |label: &str| {
                run.stderr
                    .lines()
                    .find_map(|l| l.split_once(label).map(|(_, rest)| rest))
                    .and_then(|rest| rest.split_whitespace().next())
                    .and_then(|n| n.replace(',', "").parse::<f64>().ok())
                    .ok_or(format!("no \"{label}\" in valgrind's summary"))
            };
            Ok((
                count("I   refs:")? / bytes,
                count("LLd misses:")? / bytes * 1e3,
            ))
        })();
        let (ir, ll) = match res {
            Ok((ir, ll)) => (Ok(ir), Ok(ll)),
            Err(e) => (Err(e.clone()), Err(e)),
        };
        r.value(
            &format!("speed_native.{key}_instructions_per_byte"),
            &format!("{what} instructions per byte of text (valgrind)"),
            "count",
            ir,
        );
        r.value(
            &format!("speed_native.{key}_ll_misses_per_kb"),
            &format!("{what} simulated L2 (1 MB) data misses per KB of text"),
            "count",
            ll,
        );
    }
}

/// Runs of one throughput measurement, the median first.
struct Runs {
    median: Run,
    /// CPU seconds of every run, fastest first.
    seconds: Vec<f64>,
}

/// Run a throughput measurement several times (five in a full run, three in a quick one) and keep
/// the run with the median CPU time. On a shared virtual machine one run's CPU time varies by
/// ±20 % with the host's load; the median is robust to a slow outlier without picking the luckiest
/// run, and the spread is reported next to it.
fn median_run(ctx: &Ctx, mut run: impl FnMut() -> Result<Run, String>) -> Result<Runs, String> {
    let n = if ctx.quick { 3 } else { 5 };
    let mut all = Vec::with_capacity(n);
    for _ in 0..n {
        all.push(run()?);
    }
    all.sort_by(|a, b| a.seconds().total_cmp(&b.seconds()));
    let seconds = all.iter().map(Run::seconds).collect();
    let median = all.swap_remove(n / 2);
    Ok(Runs { median, seconds })
}

fn record_speed(
    r: &mut Report,
    key: &str,
    what: &str,
    res: Result<(f64, f64, Runs), String>,
    peers: &Peers,
    ner_only: bool,
) {
    let peer_mbps = |f: &mut super::report::Figure| {
        for p in &peers.ner {
            let v = if ner_only {
                p.ner_mbps.unwrap_or(p.mbps)
            } else {
                p.mbps
            };
            f.peer(&p.name, v, &peers.ner_source);
        }
    };
    match res {
        Err(e) => {
            let f = r.na(
                &format!("{key}_mbps"),
                &format!("{what} MB/s (1 thread)"),
                "MB/s",
                &e,
            );
            peer_mbps(f);
        }
        Ok((mb, words, runs)) => {
            let run = runs.median;
            let s = run.seconds();
            let f = r.measured(
                &format!("{key}_mbps"),
                &format!(
                    "{what} MB/s per CPU-second ({mb:.1} MB, median of {} runs)",
                    runs.seconds.len()
                ),
                "MB/s",
                mb / s,
            );
            peer_mbps(f);
            let (fast, slow) = (runs.seconds[0], runs.seconds[runs.seconds.len() - 1]);
            r.notes.push(format!(
                "{key}_mbps: {} runs, {:.1}–{:.1} MB/s (CPU {fast:.2}–{slow:.2} s)",
                runs.seconds.len(),
                mb / slow,
                mb / fast
            ));
            r.measured(
                &format!("{key}_words_per_s"),
                &format!("{what} words/s"),
                "words/s",
                words / s,
            );
            r.measured(
                &format!("{key}_wall_s"),
                &format!("{what} wall time"),
                "s",
                run.wall.as_secs_f64(),
            );
            if let Some(rss) = run.peak_rss {
                r.measured(
                    &format!("{key}_peak_rss_mb"),
                    &format!("{what} peak RSS"),
                    "MB",
                    rss as f64 / 1e6,
                );
            }
        }
    }
}

/// One point of a scaling series: figure key, label, documents (file name, text).
type Point = (String, String, Vec<(String, String)>);

/// CPU cost of one `dossier analyze DIR`.
#[derive(Clone, Copy, Debug)]
enum Cost {
    Seconds(f64),
    /// Stopped at the time limit after this many CPU-seconds: a lower bound.
    AtLeast(f64),
}

/// Mean CPU seconds of `dossier analyze DIR` over repeated runs, until they add up to 0.3
/// CPU-seconds (at least 3 runs unless they add up to a second: a slow point is measured once).
/// CPU time averages out the kernel's 10 ms accounting ticks and is not inflated by a busy
/// machine the way wall time is.
fn mean_cpu(ctx: &Ctx, exe: &Path, dir: &Path) -> Result<Cost, String> {
    let (mut spent, mut n) = (0.0, 0);
    while n == 0 || (spent < 0.3 && n < 200) || (n < 3 && spent < 1.0) {
        let mut cmd = Command::new(exe);
        cmd.arg("analyze").arg(dir);
        let run = measure::run_limited(cmd, None, &ctx.out.join("scale.out"), ctx.run_limit())?;
        if run.stopped {
            return Ok(Cost::AtLeast(run.seconds()));
        }
        if !run.status.success() {
            return Err(failure("analyze", &run));
        }
        spent += run.seconds();
        n += 1;
    }
    Ok(Cost::Seconds(spent / n as f64))
}

/// One scaling series: each point is a folder of documents written by `make`, measured with
/// [`mean_cpu`] minus the start-up cost (the program on one short document, which loads its data).
/// Points with under 2 ms left are too noisy to fit. A point stopped at the time limit enters
/// the fit with its CPU time so far, and the exponent is then reported as a lower bound.
fn series(
    ctx: &Ctx,
    exe: &Path,
    r: &mut Report,
    exp_key: &str,
    exp_label: &str,
    points: &[Point],
) -> Result<(), String> {
    let start = ctx.out.join("scale-start");
    let _ = std::fs::remove_dir_all(&start);
    std::fs::create_dir_all(&start).map_err(|e| e.to_string())?;
    write(
        &start.join("start.txt"),
        b"Officials said talks in London went well.\n",
    )?;
    let base = match mean_cpu(ctx, exe, &start)? {
        Cost::Seconds(s) => s,
        Cost::AtLeast(_) => return Err("one short document took over the time limit".into()),
    };
    let mut fit = Vec::new();
    let mut lower_bound = false;
    for (key, label, docs) in points {
        let dir = ctx.out.join("scale-docs");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let bytes: usize = docs.iter().map(|d| d.1.len()).sum();
        for (name, text) in docs {
            write(&dir.join(name), text.as_bytes())?;
        }
        let cost = mean_cpu(ctx, exe, &dir);
        let _ = std::fs::remove_dir_all(&dir);
        let label = format!("{label} ({:.2} MB), CPU per run", bytes as f64 / 1e6);
        let t = match cost {
            Ok(Cost::Seconds(t)) => {
                r.measured(key, &label, "ms", t * 1000.0);
                t
            }
            Ok(Cost::AtLeast(t)) => {
                let l = format!(
                    "{label}: STOPPED after {} s wall, at least",
                    ctx.run_limit().as_secs()
                );
                r.measured(key, &l, "ms", t * 1000.0);
                lower_bound = true;
                t
            }
            Err(e) => {
                r.na(key, &label, "ms", &e);
                continue;
            }
        };
        if t - base >= 0.002 {
            fit.push((bytes as f64, t - base));
        }
        if lower_bound {
            break; // larger points would only take longer
        }
    }
    r.notes.push(format!(
        "{exp_key}: start-up cost {:.1} ms subtracted; {} of {} points slow enough (≥ 2 ms) to fit{}",
        base * 1000.0,
        fit.len(),
        points.len(),
        if lower_bound { "; the last point was stopped, so k is a lower bound" } else { "" }
    ));
    let exp = measure::fit_exponent(&fit)
        .ok_or_else(|| "too fast to fit (fewer than 2 points ≥ 2 ms)".to_string());
    let label = if lower_bound {
        format!("{exp_label} — at least")
    } else {
        exp_label.to_string()
    };
    r.value(exp_key, &label, "exp", exp);
    Ok(())
}

fn seeds_files(ctx: &Ctx) -> Result<Vec<(String, Vec<u8>)>, String> {
    let seeds = ctx.shared.join("corpus/seeds");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&seeds)
        .map_err(|e| format!("{}: {e}", seeds.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| {
            let name = f
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            std::fs::read(f)
                .map(|d| (name, d))
                .map_err(|e| e.to_string())
        })
        .collect()
}

/// `dossier analyze` on 1×, 10× and 100× (and, in a full run, 1000×) the seeds corpus, as copies
/// under new names, and on a synthetic corpus whose distinct names grow with its size
/// ([`names_corpus`]: 50, 500, 5,000 documents). The fitted exponents say whether cost grows
/// linearly, and whether entity merging goes quadratic in the number of distinct names.
fn scaling(ctx: &Ctx, exe: Option<&Path>, r: &mut Report) {
    let Some(exe) = exe else {
        for (k, l) in [
            (
                "speed_native.scaling.exponent",
                "scaling exponent k (seeds copies)",
            ),
            (
                "speed_native.scaling.names_exponent",
                "scaling exponent k (distinct names)",
            ),
        ] {
            r.na(k, l, "exp", "the CLI did not build");
        }
        return;
    };
    let seeds = seeds_files(ctx).map(|files| {
        let factors: &[usize] = if ctx.quick {
            &[1, 10, 100]
        } else {
            &[1, 10, 100, 1000]
        };
        factors
            .iter()
            .map(|&k| {
                let docs = (0..k)
                    .flat_map(|rep| {
                        files.iter().map(move |(n, d)| {
                            (
                                format!("c{rep:04}-{n}"),
                                String::from_utf8_lossy(d).into_owned(),
                            )
                        })
                    })
                    .collect();
                (
                    format!("speed_native.scaling.seeds_{k}x_ms"),
                    format!("`dossier analyze` seeds ×{k}"),
                    docs,
                )
            })
            .collect::<Vec<_>>()
    });
    let res = seeds.and_then(|pts| {
        series(
            ctx,
            exe,
            r,
            "speed_native.scaling.exponent",
            "scaling exponent k (time ∝ size^k, seeds copies)",
            &pts,
        )
    });
    if let Err(e) = res {
        r.na(
            "speed_native.scaling.exponent",
            "scaling exponent k (seeds copies)",
            "exp",
            &e,
        );
    }
    let data = ctx.root.join("crates/dossier-core/data");
    let given = name_list(&data.join("given_names.txt"), 1000);
    let surnames = name_list(&data.join("surnames.txt"), 2000);
    let res = if given.is_empty() || surnames.is_empty() {
        Err("no name lists in crates/dossier-core/data/".to_string())
    } else {
        let pts: Vec<_> = [50usize, 500, 5000]
            .iter()
            .map(|&n| {
                (
                    format!("speed_native.scaling.names_{n}_ms"),
                    format!("`dossier analyze` {n} docs, {} distinct people", n * 20),
                    names_corpus(&given, &surnames, n),
                )
            })
            .collect();
        series(
            ctx,
            exe,
            r,
            "speed_native.scaling.names_exponent",
            "scaling exponent k, distinct names growing with size",
            &pts,
        )
    };
    if let Err(e) = res {
        r.na(
            "speed_native.scaling.names_exponent",
            "scaling exponent k (distinct names)",
            "exp",
            &e,
        );
    }
}

/// A synthetic news-like corpus of `docs` documents in which every document introduces 20 people
/// never seen before (pairs of given names and surnames from the core's name lists) and refers
/// back to them by surname, so the number of distinct names grows with the corpus.
pub fn names_corpus(given: &[String], surnames: &[String], docs: usize) -> Vec<(String, String)> {
    const CITIES: [&str; 6] = ["London", "Paris", "Berlin", "Tokyo", "Cairo", "Lima"];
    let name = |i: usize| {
        let g = &given[i % given.len()];
        let s = &surnames[(i / given.len() + i) % surnames.len()];
        (format!("{g} {s}"), s.clone())
    };
    (0..docs)
        .map(|d| {
            let mut text = format!("Talks in {} end without agreement\n\n", CITIES[d % CITIES.len()]);
            for k in 0..10 {
                let (a, a_last) = name(d * 20 + 2 * k);
                let (b, b_last) = name(d * 20 + 2 * k + 1);
                let city = CITIES[(d + k) % CITIES.len()];
                text += &format!(
                    "{a} met {b} in {city} on Monday, officials said. {a_last} told reporters that the talks with {b_last} had been useful.\n\n"
                );
            }
            (format!("names-{d:05}.txt"), text)
        })
        .collect()
}

fn name_list(path: &Path, take: usize) -> Vec<String> {
    // The files are front-coded: the core decodes them.
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut names = dossier_core::gazetteer::name_list(&text);
    names.truncate(take);
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_corpus_introduces_new_people_in_every_document() {
        let list = |p: &str| (0..10).map(|i| format!("{p}{i}")).collect::<Vec<String>>();
        let (given, sur) = (list("G"), list("S"));
        let docs = names_corpus(&given, &sur, 3);
        assert_eq!(docs.len(), 3);
        assert_eq!(docs, names_corpus(&given, &sur, 3), "deterministic");
        // "A B met C D in ...": every full name, across all documents, is new.
        let mut people = std::collections::BTreeSet::new();
        let mut mentions = 0;
        for (_, text) in &docs {
            for para in text.split("\n\n").filter(|p| p.contains(" met ")) {
                let (a, rest) = para.split_once(" met ").unwrap();
                let b: Vec<&str> = rest.split(' ').take(2).collect();
                people.insert(a.to_string());
                people.insert(b.join(" "));
                mentions += 2;
            }
        }
        assert_eq!(mentions, 60);
        assert_eq!(people.len(), 60, "{people:?}");
        assert!(
            docs[0].1.contains("G0 S0 met G1 S1 in London"),
            "{}",
            docs[0].1
        );
        assert!(docs[1].1.starts_with("Talks in Paris"));
    }

    #[test]
    fn repeated_gum_reaches_the_target_size_with_fresh_ids() {
        let gold = vec![Doc {
            id: "d".into(),
            text: Some("x".repeat(10)),
            split: None,
            entities: vec![],
        }];
        let rep = repeated_gum(&gold, 25);
        assert_eq!(rep.len(), 3);
        assert_eq!(rep[2].0, "r0002-d");
    }
}
