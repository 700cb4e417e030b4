//! The message protocol between the page and the analysis worker, and the codec that carries it.
//!
//! The page sends [`Request`]s, the worker answers with [`Response`]s. A load is a *job*: the worker
//! analyses its files in chunks, reports [`Response::Progress`] after each chunk (so the page can show
//! documents done / total and the current file, and a cancel can get in between chunks), and ends it
//! with exactly one [`Response::Done`] or [`Response::Cancelled`].
//!
//! `Done` carries the whole [`Analysis`] of the corpus, whatever fields the engine adds to it (the
//! protocol never needs to change when the analysis grows), in parts the page parses one task at a
//! time (see [`split`]), and the documents' texts in one buffer ([`TextPack`]).

use dossier_core::{Analysis, DocumentSummary};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
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
    /// Add `total` files to the corpus (or, with `replace`, make them the whole corpus) and
    /// re-analyse. `files` are the first of them; the rest follow in [`Request::More`] messages,
    /// so that no single message (and no single task of the page) copies a whole large corpus.
    Analyze {
        job: JobId,
        files: Vec<FileIn>,
        replace: bool,
        total: usize,
    },
    /// More files of `job`, in order.
    More { job: JobId, files: Vec<FileIn> },
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
    /// The job finished: the analysis of the whole corpus, including the job's files, in parts
    /// ([`split`]; [`join`] puts them together), and each document's text as the engine read it
    /// (`DocId(i)`'s is the `i`-th of `texts`; spans point into it), so the page can quote
    /// documents without running the engine itself.
    Done {
        job: JobId,
        analysis: Vec<Json<Analysis>>,
        texts: TextPack,
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
/// field, it cost the page more than the engine's own work. As bytes it is one copy each way;
/// bytes rather than a JS string, because a string is converted between UTF-8 and UTF-16 on both
/// sides. Decoding the message only copies the bytes: [`Json::parse`] parses them, when and where
/// the page chooses (one part per task, see [`split`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(transparent, bound = "")]
pub struct Json<T> {
    #[serde(with = "serde_bytes")]
    bytes: Vec<u8>,
    #[serde(skip)]
    of: PhantomData<T>,
}

impl<T: DeserializeOwned> Json<T> {
    /// `value` as JSON. Writing JSON of the protocol's types cannot fail (string keys only); if it
    /// ever did, the bytes stay empty and [`Json::parse`] reports it on the page.
    pub fn of(value: &T) -> Json<T>
    where
        T: Serialize,
    {
        Json {
            bytes: serde_json::to_vec(value).unwrap_or_default(),
            of: PhantomData,
        }
    }

    pub fn parse(&self) -> Result<T, String> {
        serde_json::from_slice(&self.bytes).map_err(|e| e.to_string())
    }
}

/// Entities go into parts until their mentions (plus one per entity and alias) reach this, and
/// documents this many at a time: a part is then a megabyte or two of JSON, which the page parses
/// in well under the 50 ms that make a task "long".
const PART_MENTIONS: usize = 30_000;
const PART_DOCUMENTS: usize = 1_500;

/// `a` as parts for [`Response::Done`]. The first part is `a` without its documents and entities
/// (so a field the engine adds later travels in it without this code knowing); the others carry
/// the documents, then the entities, in order and in slices of bounded size, each as the JSON of
/// an analysis that has only them.
pub fn split(mut a: Analysis) -> Vec<Json<Analysis>> {
    let mut documents = std::mem::take(&mut a.documents).into_iter();
    let mut entities = std::mem::take(&mut a.entities).into_iter().peekable();
    let mut parts = vec![Json::of(&a)];
    loop {
        let part = Analysis {
            documents: documents.by_ref().take(PART_DOCUMENTS).collect(),
            ..Analysis::default()
        };
        if part.documents.is_empty() {
            break;
        }
        parts.push(Json::of(&part));
    }
    while entities.peek().is_some() {
        let mut part = Analysis::default();
        let mut weight = 0;
        while let Some(e) = entities.next_if(|_| weight < PART_MENTIONS) {
            weight += 1 + e.mentions.len() + e.aliases.len();
            part.entities.push(e);
        }
        parts.push(Json::of(&part));
    }
    parts
}

/// Add a part after the first (see [`split`]) to the analysis read so far.
pub fn absorb(whole: &mut Analysis, part: Analysis) {
    whole.documents.extend(part.documents);
    whole.entities.extend(part.entities);
}

/// The analysis [`split`] made `parts` of, read in one go (the page reads them one per task).
pub fn join(parts: &[Json<Analysis>]) -> Result<Analysis, String> {
    let mut whole = Analysis::default();
    for (i, p) in parts.iter().enumerate() {
        let part = p.parse()?;
        if i == 0 {
            whole = part;
        } else {
            absorb(&mut whole, part);
        }
    }
    Ok(whole)
}

/// `files` in order, in groups that each reach `limit` bytes with their last file (the last
/// group may be smaller), so a load goes to the worker in messages of bounded size. Always at
/// least one group, empty for no files.
pub fn chunks(files: Vec<FileIn>, limit: usize) -> Vec<Vec<FileIn>> {
    let (mut out, mut group, mut bytes) = (Vec::new(), Vec::new(), 0);
    for f in files {
        bytes += f.bytes.len();
        group.push(f);
        if bytes >= limit {
            out.push(std::mem::take(&mut group));
            bytes = 0;
        }
    }
    if !group.is_empty() || out.is_empty() {
        out.push(group);
    }
    out
}

/// Every document's text, concatenated in one buffer, followed by where each ends: the texts'
/// bytes, then one little-endian `u32` per text (its end), then their count (`u32`). It crosses
/// to the page as one `Uint8Array`, and the page only checks the texts are UTF-8, instead of
/// parsing the whole corpus as JSON strings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TextPack {
    #[serde(with = "serde_bytes")]
    buf: Vec<u8>,
}

impl TextPack {
    pub fn new<'a>(texts: impl IntoIterator<Item = &'a str>) -> TextPack {
        let mut buf = Vec::new();
        let mut ends = Vec::new();
        for t in texts {
            buf.extend_from_slice(t.as_bytes());
            ends.push(buf.len() as u32);
        }
        for e in &ends {
            buf.extend_from_slice(&e.to_le_bytes());
        }
        buf.extend_from_slice(&(ends.len() as u32).to_le_bytes());
        TextPack { buf }
    }

    /// The texts' bytes and each text's end. A buffer not made by [`TextPack::new`] reads as no
    /// texts, or as the texts whose ends lie within it.
    pub fn into_parts(mut self) -> (Vec<u8>, Vec<usize>) {
        let word = |b: &[u8], at: usize| -> Option<usize> {
            let w: [u8; 4] = b.get(at..at + 4)?.try_into().ok()?;
            Some(u32::from_le_bytes(w) as usize)
        };
        let len = self.buf.len();
        let Some(n) = len.checked_sub(4).and_then(|at| word(&self.buf, at)) else {
            return (Vec::new(), Vec::new());
        };
        let Some(text_len) = n.checked_mul(4).and_then(|t| (len - 4).checked_sub(t)) else {
            return (Vec::new(), Vec::new());
        };
        let ends: Vec<usize> = (0..n)
            .filter_map(|i| word(&self.buf, text_len + 4 * i))
            .take_while(|&e| e <= text_len)
            .collect();
        self.buf.truncate(text_len);
        (self.buf, ends)
    }
}

/// Messages cross the worker boundary as plain JS values (structured clone) built by
/// serde-wasm-bindgen (the analysis inside them as JSON bytes, see [`Json`], the texts as one
/// [`TextPack`]). gloo-worker's default, bincode, is not self-describing and cannot decode serde
/// attributes such as `skip_serializing_if`, which the analysis types use.
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

    fn seeds() -> Analysis {
        let inputs: Vec<Input> = crate::samples::SAMPLES
            .iter()
            .map(|(name, text)| Input::new(*name, text.as_bytes()))
            .collect();
        analyze(&inputs)
    }

    #[test]
    fn the_analysis_travels_in_json_parts_and_comes_back_equal() {
        let a = analyze(&[Input::new(
            "a.txt",
            "Sergei Lavrov met Kim Jong Un in Pyongyang. Russia sent 10,000 troops.",
        )]);
        let done = Response::Done {
            job: JobId(3),
            analysis: split(a.clone()),
            texts: TextPack::new(["text"]),
            timing: Timing::default(),
        };
        let v = serde_json::to_value(&done).unwrap();
        assert!(v["Done"]["analysis"][0].is_array(), "bytes: {v}");
        assert!(v["Done"]["texts"].is_array(), "bytes: {v}");
        let back: Response = serde_json::from_value(v).unwrap();
        assert_eq!(back, done);
        let Response::Done { analysis, .. } = back else {
            unreachable!()
        };
        assert_eq!(join(&analysis).unwrap(), a);
    }

    #[test]
    fn a_large_analysis_splits_into_bounded_parts_that_join_back() {
        let a = seeds();
        // Many documents and entities: the samples' analysis with its lists repeated.
        let mut big = a.clone();
        for _ in 0..400 {
            big.documents.extend(a.documents.iter().cloned());
            big.entities.extend(a.entities.iter().cloned());
        }
        let parts = split(big.clone());
        assert!(parts.len() > 4, "{} parts", parts.len());
        let first = parts[0].parse().unwrap();
        assert!(first.documents.is_empty() && first.entities.is_empty());
        assert_eq!(first.countries, a.countries);
        for p in &parts[1..] {
            let part = p.parse().unwrap();
            let mentions: usize = part
                .entities
                .iter()
                .map(|e| 1 + e.mentions.len() + e.aliases.len())
                .sum();
            let last = part
                .entities
                .last()
                .map_or(0, |e| 1 + e.mentions.len() + e.aliases.len());
            assert!(part.documents.len() <= PART_DOCUMENTS);
            assert!(mentions < PART_MENTIONS + last, "{mentions}");
        }
        assert_eq!(join(&parts).unwrap(), big);
        assert_eq!(
            join(&split(Analysis::default())).unwrap(),
            Analysis::default()
        );
    }

    #[test]
    fn texts_pack_into_one_buffer_and_come_back_with_their_ends() {
        let texts = ["Pyongyang, July 12", "", "Сергей Лавров"];
        let (bytes, ends) = TextPack::new(texts).into_parts();
        assert_eq!(bytes, texts.concat().as_bytes());
        assert_eq!(ends, [18, 18, bytes.len()]);
        assert_eq!(TextPack::new([]).into_parts(), (vec![], vec![]));
        // Buffers the worker did not make read as (at most) what they hold, without a panic.
        for buf in [
            vec![],
            vec![1, 2, 3],
            vec![9, 0, 0, 0],
            vec![b'a', 5, 0, 0, 0, 1, 0, 0, 0],
        ] {
            let (bytes, ends) = TextPack { buf: buf.clone() }.into_parts();
            assert!(bytes.len() <= buf.len());
            assert!(ends.iter().all(|&e| e <= bytes.len()));
        }
    }

    #[test]
    fn files_go_in_groups_of_bounded_size_without_loss() {
        let files: Vec<FileIn> = (0..40)
            .map(|i| FileIn::new(format!("{i}.txt"), vec![b'x'; (i * 37) % 100 + 1]))
            .collect();
        let groups = chunks(files.clone(), 300);
        assert!(groups.len() > 5);
        for g in &groups {
            let before_last: usize = g[..g.len() - 1].iter().map(|f| f.bytes.len()).sum();
            assert!(before_last < 300);
        }
        assert_eq!(groups.concat(), files);
        assert_eq!(chunks(Vec::new(), 300), vec![Vec::<FileIn>::new()]);
        assert_eq!(chunks(files.clone(), usize::MAX), vec![files]);
    }
}
