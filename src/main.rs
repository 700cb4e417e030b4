//! The Dossier web app (placeholder entry until the app shell lands).

fn main() {}
