//! Helpers shared by the commands: the project root, running programs visibly, tool versions.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The workspace root (xtask lives one level below it).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask has a parent directory")
        .to_path_buf()
}

/// A command in the project root with `node_modules/.bin` first on PATH, so Trunk finds the
/// pinned wasm-opt (npm binaryen) before any other.
pub fn cmd(program: &str) -> Command {
    let mut c = Command::new(program);
    c.current_dir(root());
    let bin = root().join("node_modules/.bin");
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut parts = vec![bin];
    parts.extend(std::env::split_paths(&path));
    if let Ok(joined) = std::env::join_paths(parts) {
        c.env("PATH", joined);
    }
    c
}

/// Run `c`, echoing it, and fail with its exit status.
pub fn run(c: &mut Command) -> Result<(), String> {
    let shown = show(c);
    eprintln!("$ {shown}");
    let status = c
        .status()
        .map_err(|e| format!("cannot run `{shown}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({status})"))
    }
}

/// Like [`run`], and print how long it took.
pub fn timed(label: &str, c: &mut Command) -> Result<(), String> {
    let t = Instant::now();
    let r = run(c);
    eprintln!("[{label}: {:.1} s]", t.elapsed().as_secs_f64());
    r
}

fn show(c: &Command) -> String {
    let mut s = c.get_program().to_string_lossy().into_owned();
    for a in c.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

/// First line of `program --version`, or None when it does not run.
pub fn version_of(program: &str) -> Option<String> {
    let out = cmd(program).arg("--version").output().ok()?;
    if !out.status.success() {
        return None;
    }
    Some(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .unwrap_or("")
            .trim()
            .to_string(),
    )
}

/// The version of `package` in Cargo.lock (the first entry, if several).
pub fn locked_version(package: &str) -> Result<String, String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let needle = format!("name = \"{package}\"\nversion = \"");
    let at = lock
        .find(&needle)
        .ok_or_else(|| format!("{package} is not in Cargo.lock"))?;
    let rest = &lock[at + needle.len()..];
    let end = rest.find('"').ok_or("malformed Cargo.lock")?;
    Ok(rest[..end].to_string())
}
