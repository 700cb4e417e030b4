//! The engine alone, as a wasm module with two raw exports and no bindings: what the app's worker
//! runs ([`analyze`]'s per-document and cross-document stages — [`analyze`] is built from the same
//! `prepare` and `analyze_prepared` the worker calls — and the analysis as JSON bytes) and nothing
//! else. The app ships the engine inside its one wasm, together with
//! the UI, so `cargo xtask bench` builds this crate to weigh the engine's share of the download
//! (code, gazetteers and model) on its own. It is never shipped.
//!
//! [`analyze`]: dossier_core::analyze

use dossier_core::{analyze, Input};

/// Analyse `files` (name, bytes) with the whole pipeline; returns the analysis as JSON.
pub fn analyze_json(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let inputs: Vec<Input> = files
        .iter()
        .map(|(name, bytes)| Input::new(name.clone(), bytes.clone()))
        .collect();
    serde_json::to_vec(&analyze(&inputs)).unwrap_or_default()
}

/// A buffer of `len` bytes the host fills before calling [`probe_analyze`].
#[no_mangle]
pub extern "C" fn probe_alloc(len: usize) -> *mut u8 {
    let mut buf = vec![0u8; len];
    let ptr = buf.as_mut_ptr();
    std::mem::forget(buf);
    ptr
}

/// Analyse the `len` bytes at `ptr` (from [`probe_alloc`]) as one text file; returns the length
/// of the analysis JSON.
///
/// # Safety
/// `ptr` must come from `probe_alloc(len)` and is taken back here.
#[no_mangle]
pub unsafe extern "C" fn probe_analyze(ptr: *mut u8, len: usize) -> usize {
    // SAFETY: the caller passes back a buffer `probe_alloc(len)` made and gave up.
    let bytes = unsafe { Vec::from_raw_parts(ptr, len, len) };
    analyze_json(&[("input.txt".to_string(), bytes)]).len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_probe_runs_the_whole_engine() {
        let text = "MOSCOW, July 12 (Reuters) - Russian Foreign Minister Sergei Lavrov met North \
                    Korean leader Kim Jong Un in Wonsan on Saturday.";
        let json = analyze_json(&[("a.txt".into(), text.as_bytes().to_vec())]);
        let v: serde_json::Value = serde_json::from_slice(&json).expect("JSON");
        let names: Vec<&str> = v["entities"]
            .as_array()
            .expect("entities")
            .iter()
            .filter_map(|e| e["name"].as_str())
            .collect();
        assert!(names.contains(&"Sergei Lavrov"), "{names:?}");
        assert!(!v["relations"].as_array().expect("relations").is_empty());
    }

    #[test]
    fn the_raw_exports_round_trip_a_buffer() {
        let text = b"Kim Jong Un visited Moscow.";
        let ptr = probe_alloc(text.len());
        // SAFETY: `ptr` is a fresh buffer of `text.len()` bytes, handed back to `probe_analyze`.
        let n = unsafe {
            std::ptr::copy_nonoverlapping(text.as_ptr(), ptr, text.len());
            probe_analyze(ptr, text.len())
        };
        assert!(n > 2);
    }
}
