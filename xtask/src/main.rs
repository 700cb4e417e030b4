//! `cargo xtask`: the project's own build tool, in Rust instead of shell scripts (see ARCHITECTURE.md).
//!
//! Each command is one module and one line in [`COMMANDS`]; to add a command (e.g. `bench`, `data`,
//! `train`), add `mod x;` and a line to the table. Commands print what they run and fail with a
//! message, never a panic.

mod bench;
mod bundle;
mod data;
mod setup;
mod sizes;
mod test;
mod train;
mod util;
mod web;

/// A command's entry point: its arguments (after the command name) → success or a message for the user.
type Run = fn(&[String]) -> Result<(), String>;

/// Every command: name, one-line help, entry point.
const COMMANDS: &[(&str, &str, Run)] = &[
    (
        "setup",
        "install the toolchain (wasm32 target, wasm-bindgen-cli, trunk, wasm-opt, Chromium); idempotent",
        setup::run,
    ),
    (
        "build",
        "release build of the web app to dist/, then print each file's gzip size",
        web::build,
    ),
    (
        "serve",
        "set up if needed, build, and serve dist/ on 127.0.0.1 [--port N]",
        web::serve,
    ),
    (
        "bundle",
        "build, then write the whole app as one offline HTML file [OUT, default dist-single/dossier.html]",
        bundle::run,
    ),
    (
        "test",
        "everything CI checks: setup, fmt, clippy, native tests, wasm build, bundle, browser tests",
        test::run,
    ),
    (
        "data",
        "regenerate the gazetteer files in crates/dossier-core/data/ from registry sources [--check]",
        data::run,
    ),
    (
        "train",
        "train the recogniser's model (crates/dossier-core/data/ner.model) [--eval] [--cv] [--check]",
        train::run,
    ),
    (
        "bench",
        "measure accuracy, speed, size and scale against the peers [--quick] [--write-results] (bench/README.md)",
        bench::run,
    ),
];

fn usage() -> String {
    let mut s = String::from("usage: cargo xtask <command> [args]\n\ncommands:\n");
    for (name, help, _) in COMMANDS {
        s.push_str(&format!("  {name:<8} {help}\n"));
    }
    s
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(name) = args.first() else {
        eprint!("{}", usage());
        std::process::exit(2);
    };
    if matches!(name.as_str(), "-h" | "--help" | "help") {
        print!("{}", usage());
        return;
    }
    let Some((_, _, run)) = COMMANDS.iter().find(|(n, _, _)| n == name) else {
        eprint!("unknown command `{name}`\n\n{}", usage());
        std::process::exit(2);
    };
    if let Err(e) = run(&args[1..]) {
        eprintln!("xtask {name}: {e}");
        std::process::exit(1);
    }
}
