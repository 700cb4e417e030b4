//! Gzip sizes of built files: what a browser downloads from a server that compresses.

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
