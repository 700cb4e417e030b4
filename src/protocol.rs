//! The message protocol between the page and the analysis worker, and the codec that carries it.
//!
//! The page sends [`Request`]s, the worker answers with [`Response`]s. A load is a *job*: the worker
//! analyses its files in chunks, reports [`Response::Progress`] after each chunk (so the page can show
//! documents done / total and the current file, and a cancel can get in between chunks), and ends it
//! with exactly one [`Response::Done`] or [`Response::Cancelled`].
//!
//! `Done` carries the whole [`Analysis`] of the corpus, whatever fields the engine adds to it (the
//! protocol never needs to change when the analysis grows), and the documents' texts. Both travel
//! as bytes ([`AsJson`], [`PackedTexts`]) and are decoded by the page afterwards, each in a task of
//! its own (`app.rs`), so no single main-thread task has to parse a whole large corpus.

use crate::explore::Texts;
use dossier_core::{Analysis, DocumentSummary};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::marker::PhantomData;

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
        texts: PackedTexts,
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
/// and UTF-16 on both sides. Receiving only copies the bytes: [`AsJson::decode`] parses them when
/// the page is ready to (a task of its own).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AsJson<T> {
    json: Vec<u8>,
    _of: PhantomData<T>,
}

impl<T: Serialize> AsJson<T> {
    pub fn encode(value: &T) -> AsJson<T> {
        AsJson {
            // Our analysis types serialise to JSON without fail (string keys, finite numbers).
            json: serde_json::to_vec(value).unwrap_or_default(),
            _of: PhantomData,
        }
    }
}

impl<T: DeserializeOwned> AsJson<T> {
    pub fn decode(&self) -> Result<T, String> {
        serde_json::from_slice(&self.json).map_err(|e| format!("the worker's result: {e}"))
    }
}

impl<T> Serialize for AsJson<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(&self.json)
    }
}

impl<'de, T> Deserialize<'de> for AsJson<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(AsJson {
            json: serde_bytes::ByteBuf::deserialize(d)?.into_vec(),
            _of: PhantomData,
        })
    }
}

/// Every document's text, concatenated into one UTF-8 buffer (a `Uint8Array` on the way) with the
/// end offset of each: tens of megabytes cross as one copy, with no JSON escaping to undo, and the
/// page keeps them as one string ([`Texts`]) instead of one allocation per document.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PackedTexts {
    #[serde(with = "serde_bytes")]
    all: Vec<u8>,
    ends: Vec<u32>,
}

impl PackedTexts {
    pub fn pack<'a>(texts: impl IntoIterator<Item = &'a str>) -> PackedTexts {
        let mut p = PackedTexts::default();
        for t in texts {
            p.all.extend_from_slice(t.as_bytes());
            p.ends.push(u32::try_from(p.all.len()).unwrap_or(u32::MAX));
        }
        p
    }

    /// The texts, checked: UTF-8, and offsets that rise within the buffer on character boundaries.
    pub fn unpack(self) -> Result<Texts, String> {
        let all = String::from_utf8(self.all).map_err(|_| "the worker's texts are not UTF-8")?;
        let mut start = 0usize;
        for &end in &self.ends {
            let end = end as usize;
            if end < start || !all.is_char_boundary(end) {
                return Err("the worker's text offsets are out of order".into());
            }
            start = end;
        }
        Ok(Texts::new(all, self.ends))
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
    fn the_analysis_and_texts_travel_as_bytes_and_come_back_equal() {
        let a = analyze(&[Input::new(
            "a.txt",
            "Sergei Lavrov met Kim Jong Un in Pyongyang. Russia sent 10,000 troops.",
        )]);
        let done = Response::Done {
            job: JobId(3),
            analysis: AsJson::encode(&a),
            texts: PackedTexts::pack(["first text", "", "Wŏnsan"]),
            timing: Timing::default(),
        };
        let v = serde_json::to_value(&done).unwrap();
        assert!(v["Done"]["analysis"].is_array(), "bytes: {v}");
        let back: Response = serde_json::from_value(v).unwrap();
        assert_eq!(back, done);
        let Response::Done {
            analysis, texts, ..
        } = back
        else {
            unreachable!()
        };
        assert_eq!(analysis.decode().unwrap(), a);
        let texts = texts.unpack().unwrap();
        let got: Vec<_> = (0..4).map(|i| texts.get(dossier_core::DocId(i))).collect();
        assert_eq!(got, [Some("first text"), Some(""), Some("Wŏnsan"), None]);
    }

    #[test]
    fn bad_texts_are_an_error_not_a_panic() {
        let split_char = PackedTexts {
            all: "ŏ".as_bytes().to_vec(),
            ends: vec![1, 2],
        };
        assert!(split_char.unpack().is_err());
        let backwards = PackedTexts {
            all: b"abc".to_vec(),
            ends: vec![2, 1],
        };
        assert!(backwards.unpack().is_err());
        let past_end = PackedTexts {
            all: b"abc".to_vec(),
            ends: vec![9],
        };
        assert!(past_end.unpack().is_err());
        assert!(AsJson::<Analysis> {
            json: b"{".to_vec(),
            _of: PhantomData
        }
        .decode()
        .is_err());
    }
}
