//! The intermediate values that flow between the engine's stages inside one document: sentences
//! (from `text`), mentions (from `recognize`). They live here, apart from the stages, so that each
//! stage depends only on the types of its input and not on the code of the stage before it.

use crate::span::Span;
use serde::{Deserialize, Serialize};

/// One sentence (or headline / dateline / list line) of a document's main content.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Sentence {
    pub span: Span,
    /// A line without a final full stop in title case: capitalisation carries no evidence there.
    pub headline: bool,
}

/// A sentence with its tokens, as the recogniser reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenizedSentence {
    /// The tokens of the sentence, as byte spans into the document's text.
    pub tokens: Vec<Span>,
    /// See [`Sentence::headline`].
    pub headline: bool,
}

/// What a mention names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MentionKind {
    Person,
    Organization,
    /// A place that is not a country: city, region, river, facility.
    Place,
    /// A country, by name, code, demonym or metonym ("Moscow" as the Russian government).
    Country,
}

/// A span of text that names something, as the recogniser found it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Mention {
    pub span: Span,
    pub kind: MentionKind,
    /// ISO 3166-1 alpha-2 code when the mention itself names or implies a country ("Russian",
    /// "the Kremlin", "Pyongyang" → its country); `None` otherwise.
    pub country: Option<String>,
}
