//! The one integration-test binary of dossier-core: one module per stage.

mod recognize;
mod text;
