//! `cargo xtask setup`: install what building and testing need, from package registries only.
//!
//! Idempotent: every step first checks whether its tool is there at the pinned version and skips
//! if so, so a second run takes about a second. Versions and the reasons for them are in
//! ARCHITECTURE.md ("Toolchain").

use crate::util::{cmd, locked_version, root, version_of};
use std::path::Path;
use std::time::Instant;

/// Newest Trunk that builds with the project's rustc (0.22 needs a newer compiler).
pub const TRUNK_VERSION: &str = "0.21.14";
/// The wasm-opt Trunk must use; older builds cannot parse what rustc emits.
const WASM_OPT_VERSION: &str = "version 132";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// A colour emoji font, so the browser tests' screenshots (the README's) show country flags, which
/// the app writes as emoji; a bare Debian has none and draws empty boxes.
const EMOJI_FONT: &str = "/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf";

pub fn run(_args: &[String]) -> Result<(), String> {
    let t = Instant::now();
    wasm_target()?;
    wasm_bindgen()?;
    trunk()?;
    wasm_opt()?;
    chromium()?;
    eprintln!("setup: done in {:.1} s", t.elapsed().as_secs_f64());
    Ok(())
}

/// True when every tool is present at its pinned version (used by `serve` and `test` to decide
/// whether to run setup).
pub fn is_ready() -> bool {
    let bindgen_ok = locked_version("wasm-bindgen")
        .map(|v| version_of("wasm-bindgen") == Some(format!("wasm-bindgen {v}")))
        .unwrap_or(false);
    target_installed()
        && bindgen_ok
        && version_of("trunk") == Some(format!("trunk {TRUNK_VERSION}"))
        && wasm_opt_ok()
        && Path::new(CHROMIUM).exists()
        && Path::new(CHROMEDRIVER).exists()
        && Path::new(EMOJI_FONT).exists()
}

pub fn ensure() -> Result<(), String> {
    if is_ready() {
        Ok(())
    } else {
        run(&[])
    }
}

fn target_installed() -> bool {
    cmd("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .any(|l| l.trim() == "wasm32-unknown-unknown")
        })
        .unwrap_or(false)
}

fn wasm_target() -> Result<(), String> {
    if target_installed() {
        eprintln!("setup: wasm32-unknown-unknown target installed");
        return Ok(());
    }
    crate::util::run(cmd("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

fn wasm_bindgen() -> Result<(), String> {
    let want = locked_version("wasm-bindgen")?;
    if version_of("wasm-bindgen") == Some(format!("wasm-bindgen {want}")) {
        eprintln!("setup: wasm-bindgen-cli {want} installed");
        return Ok(());
    }
    // Not --locked: the CLI's own lockfile pins a crate version the registry no longer serves.
    crate::util::run(cmd("cargo").args(["install", "wasm-bindgen-cli", "--version", &want]))
}

fn trunk() -> Result<(), String> {
    if version_of("trunk") == Some(format!("trunk {TRUNK_VERSION}")) {
        eprintln!("setup: trunk {TRUNK_VERSION} installed");
        return Ok(());
    }
    crate::util::run(cmd("cargo").args([
        "install",
        "trunk",
        "--version",
        TRUNK_VERSION,
        "--locked",
    ]))
}

fn wasm_opt_ok() -> bool {
    let bin = root().join("node_modules/.bin/wasm-opt");
    bin.exists() && version_of(&bin.to_string_lossy()).is_some_and(|v| v.contains(WASM_OPT_VERSION))
}

fn wasm_opt() -> Result<(), String> {
    if wasm_opt_ok() {
        eprintln!("setup: wasm-opt ({WASM_OPT_VERSION}, npm binaryen) installed");
        return Ok(());
    }
    if version_of("npm").is_none() {
        apt_install(&["nodejs", "npm"])?;
    }
    crate::util::run(cmd("npm").args(["ci", "--no-audit", "--no-fund"]))
}

fn chromium() -> Result<(), String> {
    if Path::new(CHROMIUM).exists()
        && Path::new(CHROMEDRIVER).exists()
        && Path::new(EMOJI_FONT).exists()
    {
        eprintln!("setup: chromium, chromedriver and an emoji font installed");
        return Ok(());
    }
    apt_install(&["chromium", "chromium-driver", "fonts-noto-color-emoji"])
}

fn is_root() -> bool {
    cmd("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn apt_install(packages: &[&str]) -> Result<(), String> {
    let apt = |args: &[&str]| {
        let mut c = if is_root() {
            cmd("apt-get")
        } else {
            cmd("sudo")
        };
        if !is_root() {
            c.arg("apt-get");
        }
        c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        c
    };
    crate::util::run(&mut apt(&["update"]))?;
    let mut args = vec!["install", "-y", "--no-install-recommends"];
    args.extend_from_slice(packages);
    crate::util::run(&mut apt(&args))
}
