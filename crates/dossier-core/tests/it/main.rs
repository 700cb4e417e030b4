//! The one integration-test binary of dossier-core: each stage's specs live in their own module.

// Tests may sort with the standard library (see clippy.toml).
#![allow(clippy::disallowed_methods)]

mod claims;
mod clean;
mod dates;
mod gazetteer;
mod ingest;
mod recognize;
mod relations;
mod resolve;
mod seeds;
mod sort;
mod text;
