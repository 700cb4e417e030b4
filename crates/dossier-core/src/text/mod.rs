//! Text units of a document's main content: sentences (with a headline flag) and tokens, both as
//! byte spans. The recogniser labels tokens within sentences, so these two decide where a name
//! can start and end.

pub mod case;
mod sentence;
mod token;

pub use sentence::{sentences, tokenized_sentences};
pub(crate) use token::{ascii_alnum_bits, ALNUM};
pub use token::{is_abbreviation, is_dotted, is_title_abbreviation, tokens};
