//! The one integration-test binary of dossier-cli: the commands, run as a user runs them.

mod analyze;
mod ner;
