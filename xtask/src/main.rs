//! `cargo xtask`: the project's own build tool (setup, serve, build, test, bench, bundle, data, train).

mod train;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("train") => train::run(&args[1..]),
        _ => {
            eprintln!("usage: cargo xtask <command>   (train [--eval] [--cv])");
            std::process::exit(2);
        }
    };
    if let Err(e) = result {
        eprintln!("xtask: {e}");
        std::process::exit(1);
    }
}
