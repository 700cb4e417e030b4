//! `cargo xtask`: the project's own build tool (setup, serve, build, test, bench, bundle, data, train).

mod bench;
mod data;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("data") => data::run(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        _ => Err("usage: cargo xtask <command>\n  data [--check]   regenerate (or verify) the gazetteer files in crates/dossier-core/data/\n  bench [--quick]  measure against the peers (bench/README.md)".to_string()),
    };
    if let Err(e) = result {
        eprintln!("{e}");
        std::process::exit(2);
    }
}
