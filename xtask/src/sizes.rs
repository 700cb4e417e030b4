//! Gzip sizes of built files: what a browser downloads from a server that compresses; and the
//! engine's share of it, weighed on its own (the `dossier-size-probe` crate).

use crate::util::{cmd, root, run};
use miniz_oxide::deflate::compress_to_vec;
use std::path::Path;

/// Gzip size at level 9: the deflate stream plus gzip's 10-byte header and 8-byte trailer.
pub fn gzip_len(data: &[u8]) -> usize {
    compress_to_vec(data, 9).len() + 18
}

/// Print raw and gzip size of every file in `dir` (sorted), and the totals.
pub fn print_table(dir: &Path) -> Result<(), String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .collect();
    files.sort_by_key(|e| e.file_name());
    let (mut raw_total, mut gz_total) = (0, 0);
    println!("{:<40} {:>10} {:>10}", "file", "bytes", "gzip");
    for f in files {
        let data = std::fs::read(f.path()).map_err(|e| format!("{}: {e}", f.path().display()))?;
        let gz = gzip_len(&data);
        raw_total += data.len();
        gz_total += gz;
        println!(
            "{:<40} {:>10} {:>10}",
            f.file_name().to_string_lossy(),
            data.len(),
            gz
        );
    }
    println!("{:<40} {:>10} {:>10}", "total", raw_total, gz_total);
    Ok(())
}

/// [`print_table`], then the engine's share (see [`engine_probe`]).
pub fn print_table_and_engine(dir: &Path) -> Result<(), String> {
    print_table(dir)?;
    let (raw, gz) = engine_probe()?;
    println!("{:<40} {:>10} {:>10}", "(of which the engine)", raw, gz);
    Ok(())
}

/// Raw and gzip bytes of the engine alone (code, gazetteers, model; no UI, no bindings): the
/// `dossier-size-probe` crate built like the app's wasm (profile `wasm`, `wasm-opt -Oz`). The app
/// ships one wasm for page and worker, so the engine's share cannot be read off a file of dist/.
pub fn engine_probe() -> Result<(usize, usize), String> {
    run(cmd("cargo").args([
        "build",
        "--quiet",
        "--offline",
        "-p",
        "dossier-size-probe",
        "--profile",
        "wasm",
        "--target",
        "wasm32-unknown-unknown",
    ]))?;
    let built = root().join("target/wasm32-unknown-unknown/wasm/dossier_size_probe.wasm");
    let out = root().join("target/wasm32-unknown-unknown/wasm/dossier_size_probe.opt.wasm");
    run(cmd("wasm-opt")
        .args(["-Oz", "--strip-debug", "--strip-producers", "-o"])
        .arg(&out)
        .arg(&built))?;
    let data = std::fs::read(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    Ok((data.len(), gzip_len(&data)))
}
