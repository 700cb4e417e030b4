//! The one integration-test binary of dossier-core: each stage's specs live in their own module.

mod clean;
mod gazetteer;
mod ingest;
mod recognize;
mod resolve;
mod text;
