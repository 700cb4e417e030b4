//! `cargo xtask test`: everything CI checks, in order, stopping at the first failure.
//!
//! setup (if anything is missing) → `cargo fmt --check` → `cargo clippy` (whole workspace, all
//! targets, warnings denied) → `cargo test` (native: the app crate, the engine, the CLI, xtask) →
//! release wasm build → single-file bundle → browser tests against both in headless Chromium.

use crate::util::{cmd, root, timed};
use std::time::Instant;

pub fn run(_args: &[String]) -> Result<(), String> {
    let t = Instant::now();
    crate::setup::ensure()?;
    timed("fmt", cmd("cargo").args(["fmt", "--all", "--check"]))?;
    timed(
        "clippy",
        cmd("cargo").args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    timed("native tests", cmd("cargo").arg("test"))?;
    crate::web::build(&[])?;
    let bundle = crate::bundle::write(&crate::bundle::default_out())?;
    timed(
        "browser tests",
        cmd("cargo")
            .args(["test", "-p", "dossier-browser-tests"])
            .env("DOSSIER_DIST", root().join("dist"))
            .env("DOSSIER_BUNDLE", &bundle)
            .env("CHROMIUM", crate::setup::CHROMIUM)
            .env("CHROMEDRIVER", crate::setup::CHROMEDRIVER),
    )?;
    eprintln!(
        "xtask test: all green in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    Ok(())
}
