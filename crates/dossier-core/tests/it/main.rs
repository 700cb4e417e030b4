//! The one integration-test binary of dossier-core; each stage's spec lives in its own module.

mod claims;
mod dates;
mod relations;
