//! `cargo xtask build` and `cargo xtask serve`: the release build of the web app, and serving it.

use crate::util::{cmd, root, timed};
use std::time::Instant;

/// `trunk build --release --offline` into dist/. Offline: Trunk must use the tools on PATH and
/// never try to download its own (see ARCHITECTURE.md, "Toolchain").
pub fn trunk_build() -> Result<(), String> {
    // Trunk's --offline is passed on to cargo, so every crate (for the wasm target too) must be in
    // the local cache first; `cargo fetch` gets them for all targets and is instant when they are.
    timed("cargo fetch", cmd("cargo").arg("fetch"))?;
    timed(
        "trunk build",
        cmd("trunk").args(["build", "--release", "--offline"]),
    )
}

pub fn build(_args: &[String]) -> Result<(), String> {
    trunk_build()?;
    crate::sizes::print_table_and_engine(&root().join("dist"))
}

pub fn serve(args: &[String]) -> Result<(), String> {
    let port = match args {
        [] => 8080,
        [flag, n] if flag == "--port" => n.parse().map_err(|_| format!("bad port `{n}`"))?,
        _ => return Err("usage: cargo xtask serve [--port N]".into()),
    };
    let t = Instant::now();
    crate::setup::ensure()?;
    build(&[])?;
    let dist = root().join("dist");
    // Fall back to any free port when the usual one is taken, rather than failing.
    let server = dossier_browser_tests::start(&dist, &format!("127.0.0.1:{port}"))
        .or_else(|_| dossier_browser_tests::start(&dist, "127.0.0.1:0"))
        .map_err(|e| format!("cannot listen on 127.0.0.1: {e}"))?;
    eprintln!("ready in {:.1} s", t.elapsed().as_secs_f64());
    println!("Dossier is served at {}  (Ctrl-C to stop)", server.url());
    loop {
        std::thread::park();
    }
}
