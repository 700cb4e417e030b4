//! The message protocol between the page and the analysis worker, and the codec that carries it.
//!
//! The page sends [`Request`]s, the worker answers with [`Response`]s. A load is a *job*: the worker
//! analyses its files in chunks, reports [`Response::Progress`] after each chunk (so the page can show
//! documents done / total and the current file, and a cancel can get in between chunks), and ends it
//! with exactly one [`Response::Done`] or [`Response::Cancelled`].
//!
//! `Done` carries the whole [`Analysis`] of the corpus, whatever fields the engine adds to it (the
//! protocol never needs to change when the analysis grows), and the documents' texts.

use dossier_core::{Analysis, DocumentSummary};
use serde::de::{DeserializeOwned, Error as _};
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Identifies one load from request to its final response. Chosen by the page, unique per page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct JobId(pub u32);

/// One file as the page read it. Bytes travel as a `Uint8Array` (serde_bytes), not as an array of
/// numbers, so posting a large file to the worker is one copy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileIn {
    pub name: String,
    #[serde(with = "serde_bytes")]
    pub bytes: Vec<u8>,
}

impl FileIn {
    pub fn new(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> FileIn {
        FileIn {
            name: name.into(),
            bytes: bytes.into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Request {
    /// Add `files` to the corpus (or, with `replace`, make them the whole corpus) and re-analyse.
    Analyze {
        job: JobId,
        files: Vec<FileIn>,
        replace: bool,
    },
    /// Stop a job. Its files are not added; the corpus stays as it was before the job.
    Cancel { job: JobId },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Response {
    /// `done` of `total` files of `job` are analysed; `current` is the last file of the chunk.
    /// `preview` holds the per-document summaries of that chunk, so the list can fill while a large
    /// load runs; the final [`Response::Done`] supersedes them.
    Progress {
        job: JobId,
        done: usize,
        total: usize,
        current: String,
        preview: Vec<DocumentSummary>,
    },
    /// The job finished: the analysis of the whole corpus, including the job's files, and each
    /// document's text as the engine read it (`texts[i]` is `DocId(i)`'s; spans point into it),
    /// so the page can quote documents without running the engine itself.
    Done {
        job: JobId,
        analysis: AsJson<Analysis>,
        texts: AsJson<Vec<String>>,
        timing: Timing,
    },
    /// The job was cancelled before it finished.
    Cancelled { job: JobId },
}

/// Where a job's time went in the worker, for the benchmark (see `bench.rs`): the per-document
/// stages over the job's files, the cross-document stages over the whole corpus, and the moment
/// the result was handed to the page (milliseconds since the epoch, comparable across threads).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Timing {
    pub prepare_ms: f64,
    pub analyze_ms: f64,
    pub sent_at: f64,
}

/// A value that crosses the worker boundary as UTF-8 JSON in one `Uint8Array` rather than as a tree
/// of JS objects. The analysis of a large corpus is hundreds of thousands of small values: built
/// field by field into JS objects (serde-wasm-bindgen), structured-cloned, and read back field by
/// field, it cost the page more than the engine's own work. As bytes it is one copy each way and is
/// parsed inside wasm; bytes rather than a JS string, because a string is converted between UTF-8
/// and UTF-16 on both sides.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AsJson<T>(pub T);

impl<T: Serialize> Serialize for AsJson<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let json = serde_json::to_vec(&self.0).map_err(S::Error::custom)?;
        s.serialize_bytes(&json)
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for AsJson<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let json = serde_bytes::ByteBuf::deserialize(d)?;
        serde_json::from_slice(&json)
            .map(AsJson)
            .map_err(D::Error::custom)
    }
}

/// Messages cross the worker boundary as plain JS values (structured clone) built by
/// serde-wasm-bindgen (the analysis and texts inside them as JSON bytes, see [`AsJson`]). gloo-worker's default, bincode, is not self-describing and cannot decode
/// serde attributes such as `skip_serializing_if`, which the analysis types use.
#[derive(Debug)]
pub struct JsCodec;

impl gloo_worker::Codec for JsCodec {
    fn encode<I: Serialize>(input: I) -> wasm_bindgen::JsValue {
        // Serialising our own protocol types cannot fail (no maps with non-string keys, no
        // integers beyond 2^53), so a failure is a programming error worth a loud stop.
        serde_wasm_bindgen::to_value(&input).expect("worker message serialises to a JS value")
    }

    fn decode<O: for<'de> Deserialize<'de>>(input: wasm_bindgen::JsValue) -> O {
        serde_wasm_bindgen::from_value(input).expect("worker message has the protocol's shape")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_core::{analyze, Input};

    #[test]
    fn the_analysis_travels_as_json_bytes_and_comes_back_equal() {
        let a = analyze(&[Input::new(
            "a.txt",
            "Sergei Lavrov met Kim Jong Un in Pyongyang. Russia sent 10,000 troops.",
        )]);
        let done = Response::Done {
            job: JobId(3),
            analysis: AsJson(a.clone()),
            texts: AsJson(vec!["text".into()]),
            timing: Timing::default(),
        };
        let v = serde_json::to_value(&done).unwrap();
        assert!(v["Done"]["analysis"].is_array(), "bytes: {v}");
        let back: Response = serde_json::from_value(v).unwrap();
        assert_eq!(back, done);
        let Response::Done { analysis, .. } = back else {
            unreachable!()
        };
        assert_eq!(analysis.0, a);
    }
}
