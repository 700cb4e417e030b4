//! The one integration-test binary of dossier-core: one module per area of the engine.

mod gazetteer;
mod recognize;
mod text;
