//! The explorer's view logic, kept apart from the Yew components so that it is plain Rust: unit-tested,
//! property-tested and benchmarked natively with `cargo test -p dossier-view`, with no browser in the
//! loop. The app (`src/components/…`) only renders what these modules compute.
//!
//! - [`fold`]: case/diacritic/punctuation folding for search.
//! - [`corrections`]: the analyst's correction log, replayed over an [`Analysis`](dossier_core::Analysis).
//! - [`filter`]: filters that combine across every view, the search index and facet counts.
//! - [`route`]: the view and filters as a URL fragment, and back.
//! - [`relations`], [`countries`], [`claims`]: the rows of the relationship list, country cards and
//!   claims view.
//! - [`text`]: mention snippets and the reader's blocks (boilerplate with reasons, entity highlights).
//! - [`export`]: JSON, CSV, GEXF and FollowTheMoney entity lines.
//!
//! Why a crate of its own rather than `src/view/` in the app: the app package depends on Yew and
//! web-sys, so its native tests compile the whole web stack; here the logic builds in seconds, is
//! property-tested (hostile URLs, any correction log, any offsets) and benchmarked natively
//! (`cargo run -p dossier-view --release --example bench_filter`). Dependencies: `dossier-core`
//! (the schema, and its gazetteer fold for search), `serde`/`serde_json` (correction log, JSON and
//! FtM exports).
//! - [`model`]: [`Explorer`](model::Explorer), the analysis + correction log + index the app keeps.

// Tests may sort with the standard library (see clippy.toml and `sort.rs`).
#![cfg_attr(test, allow(clippy::disallowed_methods))]

pub mod claims;
pub mod corrections;
pub mod countries;
pub mod export;
pub mod filter;
pub mod fold;
pub mod model;
pub mod relations;
pub mod route;
pub mod text;

#[cfg(test)]
mod fixture;
