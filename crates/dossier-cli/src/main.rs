//! The `dossier` command-line tool: a thin shell over `dossier-core`.
//!
//! - `dossier analyze PATH...` — files or folders → the analysis JSON (docs/analysis.md) on stdout.
//!
//! Files that cannot be read become diagnostics in the output, never a silent omission; the exit
//! code is non-zero only for usage errors or when nothing at all could be read.

use dossier_core::{analyze, Input};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: dossier analyze PATH...   (files or folders of .txt, .md, .html)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("analyze") => cmd_analyze(&args[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// Collect the files under `path` (recursively, sorted, hidden files skipped).
fn collect(path: &Path, out: &mut Vec<PathBuf>, errors: &mut Vec<String>) {
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => match std::fs::read_dir(path) {
            Ok(entries) => {
                let mut children: Vec<PathBuf> =
                    entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
                children.sort();
                for child in children {
                    let hidden = child
                        .file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with('.'));
                    if !hidden {
                        collect(&child, out, errors);
                    }
                }
            }
            Err(e) => errors.push(format!("{}: {e}", path.display())),
        },
        Ok(_) => out.push(path.to_path_buf()),
        Err(e) => errors.push(format!("{}: {e}", path.display())),
    }
}

fn cmd_analyze(paths: &[String]) -> ExitCode {
    if paths.is_empty() {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    }
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        collect(Path::new(p), &mut files, &mut errors);
    }
    let mut inputs = Vec::new();
    for f in &files {
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match std::fs::read(f) {
            Ok(bytes) => inputs.push(Input::new(name, bytes)),
            Err(e) => errors.push(format!("{}: {e}", f.display())),
        }
    }
    for e in &errors {
        eprintln!("dossier: {e}");
    }
    if inputs.is_empty() {
        eprintln!("dossier: no readable files");
        return ExitCode::FAILURE;
    }
    let analysis = analyze(&inputs);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if serde_json::to_writer_pretty(&mut out, &analysis).is_err() || writeln!(out).is_err() {
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
