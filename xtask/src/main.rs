//! `cargo xtask`: the project's own build tool (setup, serve, build, test, bench, bundle, data, train).

mod bench;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("bench") => bench::run(&args[1..]),
        _ => {
            eprintln!("usage: cargo xtask <command>\n  bench   measure Dossier against its peers (bench/README.md)");
            ExitCode::from(2)
        }
    }
}
