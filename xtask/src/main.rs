//! `cargo xtask`: the project's own build tool (setup, serve, build, test, bench, bundle, data, train).

mod data;
mod train;

const USAGE: &str = "usage: cargo xtask <command>
  data [--check]         regenerate (or verify) the gazetteer files in crates/dossier-core/data/
  train [--eval] [--cv] [--check]  train the recogniser's model (crates/dossier-core/data/ner.model)";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("data") => data::run(&args[1..]),
        Some("train") => train::run(&args[1..]),
        _ => Err(USAGE.to_string()),
    };
    if let Err(e) = result {
        eprintln!("xtask: {e}");
        std::process::exit(2);
    }
}
