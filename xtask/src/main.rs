//! `cargo xtask`: the project's own build tool (setup, serve, build, test, bench, bundle, data, train).

fn main() {
    eprintln!("usage: cargo xtask <command>");
    std::process::exit(2);
}
