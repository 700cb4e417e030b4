//! The one integration-test binary of dossier-core: each stage's specs live in their own module.

mod claims;
mod clean;
mod dates;
mod ingest;
mod relations;
