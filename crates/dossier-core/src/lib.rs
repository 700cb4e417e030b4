//! Dossier's extraction engine: turns the bytes of scraped news pages into an [`Analysis`] — documents
//! with their main content told apart from page furniture, merged entities, countries, and (later)
//! relations and claims, every fact carrying the byte span of the text that says it.
//!
//! The crate is pure Rust with no web or I/O dependencies so the same code runs natively (the `dossier`
//! CLI, tests, fuzzing, benchmarks) and in the browser (compiled to wasm by the app).
//!
//! Data flows one way, one module per stage:
//!
//! ```text
//! bytes ─ingest→ Document ─clean→ regions (main | boilerplate) ─text→ sentences, tokens
//!       ─recognize→ mentions ─resolve→ entities, countries ─(relate, claims)→ Analysis
//! ```
//!
//! Invariants every stage keeps:
//! - No input makes it panic, and content problems never become `Err`: a bad file is still a
//!   [`Document`], with [`Diagnostic`]s that say what went wrong.
//! - Every [`Span`] is a UTF-8 byte range into its document's `text`, on `char` boundaries.
//! - Output is deterministic: ids are assigned from sorted keys, lists are sorted, so serialised
//!   analyses of the same input are byte-identical.

// Tests may sort with the standard library (see clippy.toml and `sort.rs`).
#![cfg_attr(test, allow(clippy::disallowed_methods))]

pub mod analysis;
pub mod claims;
pub mod clean;
pub mod dates;
pub mod diagnostic;
pub mod gazetteer;
pub mod html;
pub mod ingest;
pub mod model;
pub mod recognize;
pub mod relate;
pub mod resolve;
pub mod sort;
pub mod span;
pub mod text;

pub use analysis::{
    analyze, analyze_with, Analysis, Claim, ClaimNumber, ClaimValue, CountrySummary,
    DocumentSummary, Entity, EntityKind, Evidence, Input, MentionOrigin, MentionRef, Merge,
    Modality, Relation, Role, Stages, TimelineEvent,
};
pub use clean::{clean, Region, RegionKind};
pub use diagnostic::{Diagnostic, Severity};
pub use ingest::{ingest, Document, Format, Metadata};
pub use model::{Mention, MentionKind, Sentence};
pub use span::{DocId, EntityId, Span};
