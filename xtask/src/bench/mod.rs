//! `cargo xtask bench [--quick] [--only SECTION,...] [--no-build] [--strict] [--report-only]
//! [--write-results]`:
//! Dossier measured against its peers, side by side, in one run (issue 7).
//!
//! Sections: `accuracy` (GUM news NER per split, country F1, seeds check, main content),
//! `speed_native` (`dossier ner` / `analyze` throughput and scaling), and the browser sections
//! `speed_browser`, `size`, `latency`, `scale` (headless Chromium on the built `dist/`). Every
//! figure goes to `target/bench/report.json` and a Markdown table on stdout, with its budget from
//! `bench/budgets.toml`. Anything the current build cannot do is `n/a: reason`, never a guess.
//!
//! Exit status: non-zero (an error naming the missed budgets) when a measured figure misses its
//! budget; 0 otherwise. `--strict` also fails on budgets that could not be measured (`n/a`);
//! `--report-only` always succeeds (for tracking progress while stages are still missing).

mod browser;
mod budgets;
mod engine;
mod measure;
mod paths;
mod peers;
mod report;
mod scorer;
mod server;

use report::{Report, Status};
use std::path::PathBuf;

pub const SECTIONS: [&str; 6] = [
    "accuracy",
    "speed_native",
    "speed_browser",
    "size",
    "latency",
    "scale",
];

/// What every section needs to know about the run.
pub struct Ctx {
    pub root: PathBuf,
    pub shared: PathBuf,
    pub out: PathBuf,
    pub quick: bool,
    /// Build the CLI and `dist/` before measuring (default); `--no-build` measures what is there.
    pub build: bool,
}

struct Opts {
    quick: bool,
    strict: bool,
    report_only: bool,
    write_results: bool,
    build: bool,
    only: Vec<String>,
}

const USAGE: &str = "usage: cargo xtask bench [--quick] [--only SECTION[,SECTION...]] [--no-build] [--strict] [--report-only] [--write-results]
sections: accuracy, speed_native, speed_browser, size, latency, scale";

fn parse(args: &[String]) -> Result<Opts, String> {
    let mut o = Opts {
        quick: false,
        strict: false,
        report_only: false,
        write_results: false,
        build: true,
        only: Vec::new(),
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--quick" => o.quick = true,
            "--strict" => o.strict = true,
            "--report-only" => o.report_only = true,
            "--no-build" => o.build = false,
            "--write-results" => o.write_results = true,
            "--only" => {
                let v = it.next().ok_or("--only needs a list of sections")?;
                for s in v.split(',') {
                    if !SECTIONS.contains(&s) {
                        return Err(format!("unknown section {s:?}"));
                    }
                    o.only.push(s.to_string());
                }
            }
            "-h" | "--help" => return Err(String::new()),
            x => return Err(format!("unknown argument {x:?}")),
        }
    }
    Ok(o)
}

fn utc_now() -> String {
    // `date` is everywhere the bench runs; std has no calendar.
    std::process::Command::new("date")
        .args(["-u", "+%Y-%m-%dT%H:%M:%SZ"])
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

fn first_line(cmd: &str, args: &[&str]) -> Option<String> {
    let o = std::process::Command::new(cmd).args(args).output().ok()?;
    let s = String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr);
    s.lines()
        .next()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
}

/// The facts that make figures comparable across runs: CPU, cores, memory, tool versions.
fn machine() -> Vec<(String, String)> {
    let mut m = Vec::new();
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    if let Some(l) = cpuinfo.lines().find(|l| l.starts_with("model name")) {
        m.push((
            "cpu".into(),
            l.split(':').nth(1).unwrap_or("").trim().into(),
        ));
    }
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    m.push(("cores".into(), cores.to_string()));
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    if let Some(l) = meminfo.lines().find(|l| l.starts_with("MemTotal")) {
        m.push((
            "memory".into(),
            l.split(':').nth(1).unwrap_or("").trim().into(),
        ));
    }
    if let Ok(l) = std::fs::read_to_string("/proc/loadavg") {
        // A busy machine slows every wall-clock figure (browser ones most): say how busy it was.
        let avg: Vec<&str> = l.split_whitespace().take(3).collect();
        m.push(("load average at start".into(), avg.join(" ")));
    }
    if let Ok(os) = std::fs::read_to_string("/etc/os-release") {
        if let Some(l) = os.lines().find(|l| l.starts_with("PRETTY_NAME=")) {
            m.push(("os".into(), l[12..].trim_matches('"').into()));
        }
    }
    for (name, cmd, args) in [
        ("rustc", "rustc", &["--version"][..]),
        ("python3", "python3", &["--version"][..]),
        ("node", "node", &["--version"][..]),
        ("chromium", browser::CHROMIUM, &["--version"][..]),
        ("chromedriver", browser::CHROMEDRIVER, &["--version"][..]),
        ("git", "git", &["rev-parse", "--short", "HEAD"][..]),
    ] {
        if let Some(v) = first_line(cmd, args) {
            m.push((name.into(), v));
        }
    }
    m
}

pub fn run(args: &[String]) -> Result<(), String> {
    let o = parse(args).map_err(|e| {
        if e.is_empty() {
            USAGE.to_string()
        } else {
            format!("bench: {e}\n{USAGE}")
        }
    })?;
    let root = paths::workspace_root();
    let ctx = Ctx {
        shared: paths::shared_dir(&root),
        out: paths::out_dir(&root),
        root,
        quick: o.quick,
        build: o.build,
    };
    std::fs::create_dir_all(&ctx.out).map_err(|e| format!("bench: {}: {e}", ctx.out.display()))?;
    let budgets = budgets::Budgets::load(&ctx.root.join("bench/budgets.toml"))
        .map_err(|e| format!("bench: {e}"))?;
    let want = |s: &str| o.only.is_empty() || o.only.iter().any(|x| x == s);
    let mut r = Report {
        mode: if o.quick { "quick" } else { "full" }.into(),
        started_utc: utc_now(),
        machine: machine(),
        ..Report::default()
    };
    let peers = peers::load(&ctx.shared);
    if peers.ner.is_empty() {
        r.notes
            .push(format!("no NER peer figures found in {}", peers.ner_source));
    }
    let exe = if want("accuracy") || want("speed_native") {
        match engine::build_cli(&ctx) {
            Ok(p) => Some(p),
            Err(e) => {
                r.notes.push(format!("CLI: {e}"));
                None
            }
        }
    } else {
        None
    };
    if want("accuracy") {
        eprintln!("bench: accuracy…");
        engine::accuracy(&ctx, exe.as_deref(), &peers, &mut r);
    }
    if want("speed_native") {
        eprintln!("bench: native speed…");
        engine::speed(&ctx, exe.as_deref(), &peers, &mut r);
    }
    let browser_sections: Vec<&str> = ["speed_browser", "size", "latency", "scale"]
        .into_iter()
        .filter(|s| want(s))
        .collect();
    if !browser_sections.is_empty() {
        eprintln!("bench: browser ({})…", browser_sections.join(", "));
        browser::run(&ctx, &browser_sections, &peers, &mut r);
    }
    r.check(&budgets);
    for k in r.orphan_budgets(&budgets) {
        // Only a problem when the section ran: --only leaves other sections' budgets unmatched.
        let section = k.split('.').next().unwrap_or("");
        if want(section) {
            r.notes
                .push(format!("budget {k} has no figure of that key in this run"));
        }
    }
    let json = serde_json::to_string_pretty(&r).unwrap_or_default();
    let report_path = ctx.out.join("report.json");
    if let Err(e) = std::fs::write(&report_path, json + "\n") {
        eprintln!("bench: {}: {e}", report_path.display());
    }
    let (met, missed, nm) = (
        r.count(Status::Met),
        r.count(Status::Missed),
        r.count(Status::NotMeasured),
    );
    let mut md = format!("## Dossier bench ({}, {})\n\n", r.mode, r.started_utc);
    let machine_line: Vec<String> = r.machine.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    md += &format!("{}\n", machine_line.join("; "));
    md += &r.markdown();
    if !r.notes.is_empty() {
        md += "\nNotes:\n\n";
        for n in &r.notes {
            md += &format!("- {n}\n");
        }
    }
    md += &format!("\nBudgets: {met} met, {missed} missed, {nm} not measured.\n");
    print!("{md}");
    println!("report: {}", report_path.display());
    if o.write_results {
        let path = ctx.root.join("bench/RESULTS.md");
        let text = format!(
            "# Bench results\n\nWritten by `cargo xtask bench{} --write-results`; every figure is measured by \
             that run (see bench/README.md for definitions). `n/a` = not measurable with that build.\n\n{md}",
            if o.quick { " --quick" } else { "" }
        );
        std::fs::write(&path, text).map_err(|e| format!("bench: {}: {e}", path.display()))?;
        println!("wrote {}", path.display());
    }
    let failing: Vec<&str> = r
        .figures
        .iter()
        .filter(|f| f.status == Status::Missed || (o.strict && f.status == Status::NotMeasured))
        .map(|f| f.key.as_str())
        .collect();
    if o.report_only || failing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "bench: {} budget(s) not met: {}",
            failing.len(),
            failing.join(", ")
        ))
    }
}
