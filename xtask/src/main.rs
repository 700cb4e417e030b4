//! `cargo xtask`: the project's own build tool (setup, serve, build, test, bench, bundle, data, train).

mod data;
mod train;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("data") => data::run(&args[1..]),
        Some("train") => train::run(&args[1..]),
        _ => Err("usage: cargo xtask <command>\n  data [--check]   regenerate (or verify) the gazetteer files in crates/dossier-core/data/\n  train [--eval] [--cv]   retrain the recogniser's model (crates/dossier-core/data/ner.model)".to_string()),
    };
    if let Err(e) = result {
        eprintln!("{e}");
        std::process::exit(2);
    }
}
