//! The Dossier web app (Yew, client-side rendered): the page, and the web worker that runs the
//! engine. Both entry points (`src/main.rs`, `src/bin/worker.rs`) are thin; everything lives here
//! so the page and the worker share the protocol types.
//!
//! - [`app`]: root component, the worker bridge and the context components read.
//! - [`state`]: the reducer behind everything the page shows.
//! - [`worker`] + [`protocol`]: the analysis worker and what crosses the boundary.
//! - [`components`]: one component per file; the explorer's views (entity and country cards,
//!   relationship list, claims, reader, filters, corrections, exports) among them.
//! - [`explore`]: the explorer's context; the logic behind it is the `dossier-view` crate.
//! - [`corpus`] + [`store`]: the page's copy of the corpus and its persistence in IndexedDB.
//! - [`download`]: saving exports as files.
//! - [`files`]: reading picked and dropped files and folders.
//! - [`samples`]: the bundled sample corpus.
//! - [`bench`]: `window.dossierBench`, the benchmark harness' entry point.
//!
//! Content is only ever rendered as text (Yew escapes it); nothing sets `innerHTML`.

pub mod app;
pub mod bench;
pub mod components;
pub mod corpus;
pub mod download;
pub mod explore;
pub mod files;
pub mod protocol;
pub mod samples;
pub mod state;
pub mod store;
pub mod worker;

pub use app::App;
