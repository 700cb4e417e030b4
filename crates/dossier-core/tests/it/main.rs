//! The one integration-test binary of dossier-core: one module per area of the engine.

mod clean;
mod gazetteer;
mod ingest;
mod recognize;
mod resolve;
mod text;
