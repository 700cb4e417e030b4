//! Where the bench finds things: the workspace root, the shared evaluation material (`../shared`
//! beside the repository, or `$DOSSIER_SHARED`), and its own output folder `target/bench/`.

use std::path::{Path, PathBuf};

/// The workspace root: xtask's manifest lives in `<root>/xtask`.
pub fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

/// The shared folder: `$DOSSIER_SHARED`, else `../shared` next to the repository. Worktrees of the
/// project live beside the main clone, so both resolve to the same folder.
pub fn shared_dir(root: &Path) -> PathBuf {
    if let Some(p) = std::env::var_os("DOSSIER_SHARED") {
        return PathBuf::from(p);
    }
    root.join("..").join("shared")
}

pub fn out_dir(root: &Path) -> PathBuf {
    root.join("target").join("bench")
}
