//! Recognition: sentences of a document → mentions of persons, organisations, places and
//! countries.
//!
//! Three steps, each deterministic:
//! 1. [`features`]: hashed features per token, including document-level case evidence;
//! 2. [`tagger`]: a linear BIO tagger (weights in `data/ner.model`, trained by
//!    `cargo xtask train`) decoded per sentence with Viterbi;
//! 3. [`consistency`]: a per-document pass that makes the tagger's decisions agree with each
//!    other (an acronym takes its expansion's type, one type per surface string, later mentions
//!    of a found name are tagged too);
//! 4. [`sides`]: a place name beside a score or "vs" is a team or party, an organisation,
//!    throughout the document.
//!
//! Locations are then split into countries and other places.

use crate::sort::SortStable;

pub mod consistency;
pub mod features;
pub mod sides;
pub mod tagger;

use crate::gazetteer::{find_country, place_country, CountryForm};
use crate::model::{Mention, MentionKind, Sentence};
use crate::span::Span;
use features::{
    phrase_codes, set_phrases, tokenize_sentences, word_features, word_info, TokInfo,
    TokenizedSentence,
};
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;
use tagger::{Model, LABELS};

/// The trained model shipped with the engine.
static MODEL_BYTES: &[u8] = include_bytes!("../../data/ner.model");

fn model() -> Option<&'static Model> {
    static MODEL: OnceLock<Option<Model>> = OnceLock::new();
    MODEL
        .get_or_init(|| Model::from_bytes(MODEL_BYTES))
        .as_ref()
}

/// Entity type as the tagger knows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntityType {
    Per,
    Org,
    Loc,
}

impl EntityType {
    fn from_index(i: usize) -> EntityType {
        match i {
            0 => EntityType::Per,
            1 => EntityType::Org,
            _ => EntityType::Loc,
        }
    }
}

/// A typed span found by the tagger, before locations are split into countries and places.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Found {
    pub span: Span,
    pub ty: EntityType,
    /// Index of the first and one past the last token, in the document's token list.
    pub tokens: (usize, usize),
}

/// Per-word flags the tagger's features see (gazetteer evidence); the same function is used in
/// training, so the model learns what each flag is worth.
pub fn word_flags(word: &str) -> u32 {
    crate::gazetteer::lexicon(word).0 as u32
}

/// Mentions in the `sentences` of `text`, sorted by span.
pub fn recognize(text: &str, sentences: &[Sentence]) -> Vec<Mention> {
    match model() {
        Some(m) => recognize_with(m, text, sentences),
        None => Vec::new(),
    }
}

/// [`recognize`] for sentences already tokenised (by [`crate::text::tokenized_sentences`]).
pub fn recognize_tokenized(text: &str, sentences: &[TokenizedSentence]) -> Vec<Mention> {
    match model() {
        Some(m) => mentions(text, find_shipped(m, text, sentences)),
        None => Vec::new(),
    }
}

/// [`recognize`] with a given model (training and evaluation use freshly trained ones).
pub fn recognize_with(model: &Model, text: &str, sentences: &[Sentence]) -> Vec<Mention> {
    mentions(text, find(model, text, sentences))
}

fn mentions(text: &str, found: Vec<Found>) -> Vec<Mention> {
    let mut out: Vec<Mention> = found.into_iter().map(|f| to_mention(text, f)).collect();
    out.sort_stable();
    out
}

/// Give a found span its mention kind: a location is a country when the gazetteer knows it as a
/// sovereign state by name, code or inverted tag form; a capital or seat of power tagged as a
/// location is the place itself (the city), carrying its country's code.
fn to_mention(text: &str, f: Found) -> Mention {
    let surface = f.span.of(text);
    let (kind, country) = match f.ty {
        EntityType::Per => (MentionKind::Person, None),
        EntityType::Org => (MentionKind::Organization, None),
        EntityType::Loc => match find_country(surface) {
            Some((c, CountryForm::Name | CountryForm::Code | CountryForm::Inverted))
                if c.is_sovereign() =>
            {
                (MentionKind::Country, Some(c.code.to_string()))
            }
            Some((c, _)) => (MentionKind::Place, Some(c.code.to_string())),
            None => (
                MentionKind::Place,
                place_country(surface).map(str::to_string),
            ),
        },
    };
    Mention {
        span: f.span,
        kind,
        country,
    }
}

/// What the tagger knows of the words seen so far regardless of their documents, by slot: their
/// feature values, the summed weights of their word and position features, and their weights as
/// each neighbour of another word.
///
/// Laid out by when each value is read, because the slots of a document's tokens are random
/// reads in megabytes: what every token reads of its word and of the words two before and after
/// it is one aligned record of two lines ([`WordLines`]), what is read more rarely is kept apart
/// so that it does not dilute those lines, and the lower-case form numbers are dense.
#[derive(Default)]
struct Words {
    lines: Vec<WordLines>,
    /// Number of each word's lower-case form among the cache's ([`WordCache::lowers`]).
    lower_ids: Vec<u32>,
    /// The summed weights of each word's word and position features in the three positions
    /// other than the common one ([`variant`] 1, 2, 3; see [`WordLines::emit`]).
    emits: Vec<[Lanes; 3]>,
    /// Each word's weights as the adjacent neighbour before and after another word, read only
    /// when a pair of words is summed ([`new_pair`]).
    adjacent: Vec<[Lanes; 2]>,
}

/// What is read of a word for nearly every token: two aligned cache lines. Only here, in the
/// table, is a value of this alignment made ([`Words::push`]): one on the stack would make the
/// compiler realign the frame of the tagging loop.
#[derive(Clone, Copy)]
#[repr(align(64))]
struct WordLines {
    info: TokInfo,
    /// The summed weights of the word's word and position features inside a sentence, not in a
    /// headline ([`variant`] 0, nearly every token's), summed when first needed: all zero until
    /// then (a sum never is, see [`Lanes`]).
    emit: Lanes,
    /// The word's weights as the neighbour two before and two after another word
    /// ([`features::NEIGHBOUR_OFFSETS`] 2 and 3).
    far: [Lanes; 2],
}

/// The index of the emission sum of a word that is sentence-`initial` or not, in a `headline` or
/// not: 0 in [`WordLines::emit`], the others one less in [`Words::emits`].
#[inline]
fn variant(initial: bool, headline: bool) -> usize {
    (initial as usize) << 1 | headline as usize
}

impl Words {
    fn len(&self) -> usize {
        self.lines.len()
    }

    fn clear(&mut self) {
        self.lines.clear();
        self.lower_ids.clear();
        self.emits.clear();
        self.adjacent.clear();
    }

    /// Add a word with values `info` and lower-case form number `lower_id`, summing its
    /// weights as each neighbour of another word (every word is some word's neighbour, and a
    /// sum always there needs no test per token). Out of line, for the aligned record it
    /// builds ([`WordLines`]).
    #[cold]
    #[inline(never)]
    fn push(&mut self, model: &Model, info: TokInfo, lower_id: u32, ids: &mut Vec<u32>) {
        let [a, b, c, d] = std::array::from_fn(|k| {
            ids.clear();
            ids.push(features::neighbour_feature(k, Some(&info), false));
            if k < 2 {
                features::neighbour_flag_features(k, &info, ids);
            }
            lanes_of(model, ids)
        });
        self.lines.push(WordLines {
            info,
            emit: Lanes([0; 4]),
            far: [c, d],
        });
        self.lower_ids.push(lower_id);
        self.emits.push([Lanes([0; 4]); 3]);
        self.adjacent.push([a, b]);
    }
}

/// What two adjacent words (by [`WordCache`] slot) add to each other's scores: each one's
/// [`Words::adjacent`] sum as the other's adjacent neighbour, plus the packed weights
/// ([`Lanes::of_packed`]) of their [`features::pair_features`].
///
/// The pair's key (the two slots) sits in the spare eighth lane of the two sums, so an entry is
/// 64 bytes, one cache line in the table ([`PairLine`]): a probe of the table (random reads in
/// megabytes, mostly cache misses) reads one line, not the two or three of a separate key
/// beside 64 bytes of sums.
#[derive(Clone, Copy)]
struct PairEntry {
    /// To the second word: the first as its neighbour before, and the [`PAIR_LEFT`] features
    /// that pair the two; the first word's slot in the spare lane.
    left: Lanes,
    /// To the first word: the second as its neighbour after, and the [`PAIR_RIGHT`] features
    /// that pair the two; the second word's slot in the spare lane.
    right: Lanes,
}

impl PairEntry {
    /// An entry that matches no pair ever looked up (the sentence start before the end).
    const EMPTY: PairEntry = PairEntry::keyed(Lanes([0; 4]), Lanes([0; 4]), EDGE, EDGE);

    /// The entry of the pair of slots `first`, `second` with sums `left` and `right`.
    const fn keyed(mut left: Lanes, mut right: Lanes, first: u32, second: u32) -> PairEntry {
        left.0[3] = left.0[3] & SPARE_OFF | (first as u64) << 32;
        right.0[3] = right.0[3] & SPARE_OFF | (second as u64) << 32;
        PairEntry { left, right }
    }

    /// Whether the entry is that of the pair with [`pair_key`] `key`.
    #[inline]
    fn is(&self, key: u64) -> bool {
        self.left.0[3] & !SPARE_OFF | self.right.0[3] >> 32 == key
    }
}

/// A [`PairEntry`] in the table, aligned to a cache line. (Only the table's: an entry with that
/// alignment on the stack makes the compiler realign the whole tagging loop's frame, which cost
/// more than a percent of `ner`'s instructions.)
#[derive(Clone, Copy)]
#[repr(align(64))]
struct PairLine(PairEntry);

/// How many feature rows [`PairEntry::left`] and [`PairEntry::right`] sum
/// ([`features::pair_left_features`], [`features::pair_right_features`]).
const PAIR_LEFT: u64 = 3;
const PAIR_RIGHT: u64 = 2;

/// The slot that stands for the sentence start (first of a pair) or end (second of a pair).
const EDGE: u32 = u32::MAX;

/// The mask that clears the spare eighth lane (the high half of a [`Lanes`]' last word).
const SPARE_OFF: u64 = 0xffff_ffff;

/// Entries of the pair table: 2 MB, room for the common pairs of many documents.
const PAIR_ENTRIES: usize = 1 << 15;

fn pair_key(first: u32, second: u32) -> u64 {
    (first as u64) << 32 | second as u64
}

/// Label scores packed two to a 64-bit word, each in a 32-bit half offset by [`BIAS`], so that
/// adding two of them is four word additions (where lanes of `i32` compiled to a scalar addition
/// per label). Exact: a cached sum is of at most 62 i8 weights (a word's own features, with two
/// and one per each of its 16 gazetteer flags), within ±2^15, so an offset score lies in
/// 2^15..3 × 2^15, and the sum of a token's six (under 2^20) never carries into the next half;
/// [`Lanes::unpack`] takes the offsets off. There are seven labels: the eighth lane (the high
/// half of the last word) is spare, so its sums may wrap (additions are wrapping), and a
/// [`PairEntry`] keeps half its key there.
#[derive(Clone, Copy)]
struct Lanes([u64; 4]);

/// The offset of each packed score.
const BIAS: u64 = 1 << 16;

impl Lanes {
    fn pack(e: &[i32; LABELS]) -> Lanes {
        let mut w = [BIAS | BIAS << 32; 4];
        for (k, &v) in e.iter().enumerate() {
            debug_assert!(v.unsigned_abs() < 1 << 15);
            let half = (v as i64 + BIAS as i64) as u64;
            let shift = 32 * (k % 2);
            w[k / 2] = w[k / 2] & !(0xffff_ffff << shift) | half << shift;
        }
        Lanes(w)
    }

    /// A model's [`Model::packed_weights`] as lanes to add (with [`add_lanes`]) like
    /// [`Lanes::add_packed`] adds them.
    fn of_packed(packed: (u64, u64)) -> Lanes {
        let mut l = Lanes([0; 4]);
        l.add_packed(packed);
        l
    }

    /// Add a model's [`Model::packed_weights`] (16-bit lanes, each weight offset by 128).
    #[inline]
    fn add_packed(&mut self, (even, odd): (u64, u64)) {
        for w in 0..4 {
            let lane = |x: u64| (x >> (16 * w)) & 0xffff;
            self.0[w] = self.0[w].wrapping_add(lane(even) | lane(odd) << 32);
        }
    }

    /// The scores of a sum of `terms` packed scores and the packed weights of `rows` features.
    #[inline]
    fn unpack(&self, terms: u64, rows: u64) -> [i32; LABELS] {
        let offset = (terms * BIAS + 128 * rows) as i64;
        std::array::from_fn(|k| {
            let half = (self.0[k / 2] >> (32 * (k % 2))) & 0xffff_ffff;
            (half as i64 - offset) as i32
        })
    }
}

/// Scores of features `ids` as [`Lanes`].
fn lanes_of(model: &Model, ids: &[u32]) -> Lanes {
    let mut e = [0; LABELS];
    model.add_weights(ids, &mut e);
    Lanes::pack(&e)
}

/// `add` added to `e`, lane by lane.
#[inline]
fn add_lanes(e: &mut Lanes, add: &Lanes) {
    for w in 0..4 {
        e.0[w] = e.0[w].wrapping_add(add.0[w]);
    }
}

/// The [`Words`] seen so far, for one model. Kept across the documents of a
/// thread for the shipped model: common words recur in every document, and their lexicon lookups
/// and summed weights were most of the cost of tagging a short one. Pure memoisation: what is
/// cached never changes a result.
#[derive(Default)]
pub struct WordCache {
    /// Slots by spelling, as bytes: a token is looked up by its bytes in the text, without the
    /// char-boundary checks of making a `&str` of it.
    index: WordIndex,
    words: Words,
    /// The lower-case forms (by [`TokInfo::lower_key`]) of the words, numbered in order seen.
    lowers: HashMap<u64, u32, BuildHasherDefault<features::WordHasher>>,
    /// [`PairEntry`]s of adjacent words, a two-way table (a power of two long, allocated on
    /// first use; see [`pair_entry`]): a pair takes one of the two entries its key hashes to,
    /// replacing a pair there. Common pairs ("of the", "said .") recur in every document, so
    /// one lookup per token replaces five feature ids, their weights and two neighbour sums; on
    /// text of rare pairs, a miss costs little more than those did. Bounded, and emptied with
    /// the words (pairs are keyed by word slot).
    pairs: Vec<PairLine>,
    /// Sums that depend on the model alone (summed on first use, not once per document: a short
    /// document's tokens cost less than these two dozen sums).
    fixed: Option<Box<Fixed>>,
    /// The case evidence bits of each lower-case form (by number) in the document being tagged
    /// ([`features::case_evidence_by_id`]); all zero between documents.
    evidence: Vec<u8>,
}

/// The [`WordCache`]'s sums that depend on nothing but the model.
struct Fixed {
    /// The weights of each case evidence feature, by evidence bits | initial << 2 | headline
    /// << 3.
    evidence: [Lanes; 16],
    /// The sentence edge's neighbour sums, by neighbour and whether it is the start.
    edges: [[Lanes; 2]; 4],
}

impl Fixed {
    fn new(model: &Model) -> Fixed {
        Fixed {
            evidence: std::array::from_fn(|b| {
                let f = features::evidence_feature(b as u8 & 3, b & 4 != 0, b & 8 != 0);
                lanes_of(model, &[f])
            }),
            edges: std::array::from_fn(|k| {
                std::array::from_fn(|before| {
                    lanes_of(model, &[features::neighbour_feature(k, None, before == 1)])
                })
            }),
        }
    }
}

/// [`WordCache`] slots by spelling. Most words are short: those of at most 15 bytes are keyed by
/// their bytes and length packed in two words ([`short_key`]), so a probe compares numbers in the
/// table rather than following a pointer to each candidate's bytes (a cache miss of its own);
/// longer ones are keyed by their bytes.
#[derive(Default)]
struct WordIndex {
    short: ShortWords,
    long: HashMap<Box<[u8]>, u32, BuildHasherDefault<features::ChunkHasher>>,
}

impl WordIndex {
    #[inline]
    fn get(&self, word: &[u8]) -> Option<u32> {
        match short_key(word) {
            Some(key) => self.short.get(key),
            None => self.long.get(word).copied(),
        }
    }

    fn insert(&mut self, word: &[u8], slot: u32) {
        match short_key(word) {
            Some(key) => self.short.insert(key, slot),
            None => {
                self.long.insert(word.into(), slot);
            }
        }
    }

    fn clear(&mut self) {
        self.short.clear();
        self.long.clear();
    }
}

/// The short words of a [`WordIndex`]: an open-addressed table (linear probing, at most half
/// full) whose entry holds the key and the slot together, so a probe is one read of one cache
/// line, where a general hash map reads its control bytes and then the entry (two misses in a
/// table of a megabyte).
#[derive(Default)]
struct ShortWords {
    entries: Vec<ShortEntry>,
    len: usize,
}

/// A [`ShortWords`] entry: a [`short_key`] and its slot, [`EDGE`] when the entry is free
/// (24 bytes: the key is two words, not a `u128`, whose alignment would pad it to 32).
#[derive(Clone, Copy)]
struct ShortEntry {
    key: [u64; 2],
    slot: u32,
}

impl ShortEntry {
    const FREE: ShortEntry = ShortEntry {
        key: [0; 2],
        slot: EDGE,
    };
}

impl ShortWords {
    /// Where a probe for `key` starts: the top bits of a multiplicative hash of both halves.
    #[inline]
    fn start(&self, key: [u64; 2]) -> usize {
        let h = (key[0] ^ key[1].rotate_left(29)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        h.checked_shr(64 - self.entries.len().trailing_zeros())
            .unwrap_or(0) as usize
    }

    #[inline]
    fn get(&self, key: [u64; 2]) -> Option<u32> {
        let mask = self.entries.len().wrapping_sub(1);
        let mut at = self.start(key);
        loop {
            let e = self.entries.get(at)?;
            if e.slot == EDGE {
                return None;
            }
            if e.key == key {
                return Some(e.slot);
            }
            at = (at + 1) & mask;
        }
    }

    /// Add `key` (not in the table) with `slot` (not [`EDGE`]).
    fn insert(&mut self, key: [u64; 2], slot: u32) {
        if (self.len + 1) * 2 > self.entries.len() {
            let room = (self.entries.len() * 2).max(1024);
            let old = std::mem::replace(&mut self.entries, vec![ShortEntry::FREE; room]);
            self.len = 0;
            for e in old.into_iter().filter(|e| e.slot != EDGE) {
                self.put(e.key, e.slot);
            }
        }
        self.put(key, slot);
    }

    fn put(&mut self, key: [u64; 2], slot: u32) {
        let mask = self.entries.len() - 1;
        let mut at = self.start(key);
        while self.entries[at].slot != EDGE {
            at = (at + 1) & mask;
        }
        self.entries[at] = ShortEntry { key, slot };
        self.len += 1;
    }

    fn clear(&mut self) {
        self.entries.fill(ShortEntry::FREE);
        self.len = 0;
    }
}

/// A word of at most 15 bytes as two words: its bytes in the low 15 bytes of the pair
/// (little-endian, the rest zero) and its length in the top one, so two words have the same key exactly when they
/// are the same bytes. Read in at most two overlapping loads of eight, four or one bytes each
/// (the overlapping bytes land on themselves), not a copy of a variable length.
#[inline]
fn short_key(b: &[u8]) -> Option<[u64; 2]> {
    let n = b.len();
    let le8 = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().unwrap_or_default());
    let le4 = |at: usize| u32::from_le_bytes(b[at..at + 4].try_into().unwrap_or_default()) as u64;
    let (lo, hi) = match n {
        16.. => return None,
        9.. => (le8(0), le8(n - 8) >> (8 * (16 - n))),
        8 => (le8(0), 0),
        4.. => (le4(0) | le4(n - 4) << (8 * (n - 4)), 0),
        1.. => {
            let at = |k: usize| (b[k] as u64) << (8 * k);
            (at(0) | at(n / 2) | at(n - 1), 0)
        }
        0 => (0, 0),
    };
    Some([lo, hi | (n as u64) << 56])
}

/// The cache is emptied before a document once it holds this many words (~5 MB).
const CACHE_WORDS: usize = 1 << 14;

thread_local! {
    static CACHE: std::cell::RefCell<WordCache> = std::cell::RefCell::default();
}

/// [`find_tokenized`] with the shipped model's thread-wide [`WordCache`].
fn find_shipped(model: &Model, text: &str, sents: &[TokenizedSentence]) -> Vec<Found> {
    CACHE.with(|cell| match cell.try_borrow_mut() {
        Ok(mut cache) => find_cached(model, text, sents, &mut cache),
        Err(_) => find_tokenized(model, text, sents),
    })
}

/// Tag a document and apply the consistency pass.
pub fn find(model: &Model, text: &str, sentences: &[Sentence]) -> Vec<Found> {
    find_tokenized(model, text, &tokenize_sentences(text, sentences))
}

/// [`find`] for sentences already tokenised.
pub fn find_tokenized(model: &Model, text: &str, sents: &[TokenizedSentence]) -> Vec<Found> {
    find_cached(model, text, sents, &mut WordCache::default())
}

/// [`find_tokenized`] with a [`WordCache`] that belongs to `model`.
pub fn find_cached(
    model: &Model,
    text: &str,
    sents: &[TokenizedSentence],
    cache: &mut WordCache,
) -> Vec<Found> {
    let words = word_slots(model, text, sents, cache);
    // News has a mention every ten tokens or so: room for that from the start.
    let mut found = Vec::with_capacity(words.len() / 8);
    let mut all_tokens = Vec::with_capacity(words.len());
    let (mut back, mut labels) = (Vec::new(), Vec::new());
    emissions(model, text, sents, cache, &words, |s, base, sent_emits| {
        model.decode_emissions_into(sent_emits, &mut back, &mut labels);
        spans_of_labels(s, base, &labels, &mut found);
        all_tokens.extend(s.tokens.iter().copied());
    });
    let starts = sentence_starts(sents);
    let found = consistency::apply(text, &all_tokens, &words, &starts, found);
    sides::apply(text, found)
}

/// The [`Found`] spans of sentence `s` (its first token the document's `base`) by its tokens'
/// decoded `labels`, added to `found`. Out of line: it runs once a sentence, and inlined into
/// the tagging loop it cost that loop registers.
#[inline(never)]
fn spans_of_labels(s: &TokenizedSentence, base: usize, labels: &[usize], found: &mut Vec<Found>) {
    let mut i = 0;
    while i < labels.len() {
        match tagger::label_type(labels[i]) {
            Some(ty) => {
                let mut j = i + 1;
                while j < labels.len()
                    && !tagger::is_begin(labels[j])
                    && tagger::label_type(labels[j]) == Some(ty)
                {
                    j += 1;
                }
                found.push(Found {
                    span: Span::new(s.tokens[i].start, s.tokens[j - 1].end),
                    ty: EntityType::from_index(ty),
                    tokens: (base + i, base + j),
                });
                i = j;
            }
            None => i += 1,
        }
    }
}

/// The [`WordCache`] slot of every token of the document, in order (all sentences' tokens),
/// adding the words not seen before. Two tokens share a slot exactly when they are the same
/// string, so the slots also serve the consistency pass as word ids.
fn word_slots(
    model: &Model,
    text: &str,
    sents: &[TokenizedSentence],
    cache: &mut WordCache,
) -> Vec<u32> {
    if cache.words.len() > CACHE_WORDS {
        cache.index.clear();
        cache.words.clear();
        cache.lowers.clear();
        // Slots are reused: pairs of the old words must go too.
        cache.pairs.clear();
    }
    let WordCache {
        index,
        words,
        lowers,
        ..
    } = cache;
    let total: usize = sents.iter().map(|s| s.tokens.len()).sum();
    let mut doc_slots: Vec<u32> = Vec::with_capacity(total);
    let mut ids = Vec::new();
    for s in sents {
        for t in &s.tokens {
            let bytes = text.as_bytes().get(t.start..t.end).unwrap_or_default();
            let slot = match index.get(bytes) {
                Some(k) => k,
                // A span off char boundaries reads as "" ([`Span::of`]); its bytes, not UTF-8,
                // are never a key, so it comes here and is looked up as "".
                None => match index.get(t.of(text).as_bytes()) {
                    Some(k) => k,
                    None => {
                        let w = t.of(text);
                        let info = word_info(w);
                        let next = lowers.len() as u32;
                        let lower_id = *lowers.entry(info.lower_key()).or_insert(next);
                        words.push(model, info, lower_id, &mut ids);
                        let k = (words.len() - 1) as u32;
                        index.insert(w.as_bytes(), k);
                        k
                    }
                },
            };
            doc_slots.push(slot);
        }
    }
    doc_slots
}

/// Label scores of every token of the document, given to `each` sentence by sentence, in order,
/// with the sentence and the index of its first token in the document; `doc_slots` are the
/// tokens' [`word_slots`]. (A sentence's scores are decoded while they are in the cache, rather
/// than written for the whole document and read back.)
///
/// The sums are those of the feature ids of [`features::document_features`] (which training
/// uses), but everything that depends on a word alone, or on a word and its position, is summed
/// once per distinct word (in `cache`), what depends on two adjacent words once per pair (while
/// it stays in the cache's pair table), and the document's case evidence once per word and
/// document: per token only the phrase features are looked up.
fn emissions(
    model: &Model,
    text: &str,
    sents: &[TokenizedSentence],
    cache: &mut WordCache,
    doc_slots: &[u32],
    mut each: impl FnMut(&TokenizedSentence, usize, &[[i32; LABELS]]),
) {
    let WordCache {
        words,
        lowers,
        pairs,
        fixed,
        evidence,
        ..
    } = cache;
    let fixed: &Fixed = fixed.get_or_insert_with(|| Box::new(Fixed::new(model)));
    let (evidence_weights, edges) = (&fixed.evidence, &fixed.edges);
    if pairs.is_empty() {
        *pairs = vec![PairLine(PairEntry::EMPTY); PAIR_ENTRIES];
    }
    let mut infos: Vec<TokInfo> = doc_slots
        .iter()
        .map(|&k| words.lines[k as usize].info)
        .collect();
    let phrase = phrase_codes(text, sents, &infos);
    // The case evidence of each lower-case form in this document.
    let lower_ids: Vec<u32> = doc_slots
        .iter()
        .map(|&k| words.lower_ids[k as usize])
        .collect();
    if evidence.len() < lowers.len() {
        evidence.resize(lowers.len(), 0);
    }
    features::case_evidence_by_id(sents, &infos, &lower_ids, evidence);
    let seen_as: &[u8] = evidence;
    let mut ids = Vec::with_capacity(48);
    let longest = sents.iter().map(|s| s.tokens.len()).max().unwrap_or(0);
    let mut emits: Vec<[i32; LABELS]> = Vec::with_capacity(longest);
    let mut paired: Vec<Lanes> = Vec::with_capacity(longest);
    // The document's token values with their phrase codes: each sentence's are a slice of them.
    set_phrases(&mut infos, &phrase);
    let mut base = 0;
    for s in sents {
        let slots = &doc_slots[base..base + s.tokens.len()];
        let toks = &infos[base..base + s.tokens.len()];
        let n = toks.len();
        let head = s.headline;
        if n == 0 {
            each(s, base, &[]);
            continue;
        }
        // The pair features of every token first: with the word before and with the word after.
        // The table's lines are mostly cache misses, and in a loop that does little else, the
        // lookups of several tokens are under way at once (in the tagging loop below, one
        // token's miss waited for the last's).
        paired.clear();
        let mut before = (EDGE, None);
        for i in 0..=n {
            let next = match (slots.get(i), toks.get(i)) {
                (Some(&k), Some(t)) => (k, Some(t)),
                _ => (EDGE, None),
            };
            let pair = pair_entry(model, pairs, words, edges, before, next);
            if let Some(last) = paired.last_mut() {
                add_lanes(last, &pair.right);
            }
            if i < n {
                paired.push(pair.left);
            }
            before = next;
        }
        for (i, info) in toks.iter().enumerate() {
            let initial = i == 0 || toks[i - 1].opening;
            let v = variant(initial, head);
            let slot = slots[i] as usize;
            let cached = if v == 0 {
                &mut words.lines[slot].emit
            } else {
                &mut words.emits[slot][v - 1]
            };
            let mut e = *cached;
            if e.0[0] == 0 {
                ids.clear();
                word_features(s.tokens[i].of(text), info, &mut ids);
                features::position_features(info, initial, head, &mut ids);
                features::position_flag_features(info, initial, head, &mut ids);
                e = lanes_of(model, &ids);
                *cached = e;
            }
            // The word's own sum, its four neighbours' and its case evidence's.
            let terms = 5 + info.upper as u64;
            if info.upper {
                let seen = seen_as[lower_ids[base + i] as usize];
                let b = seen as usize | (initial as usize) << 2 | (head as usize) << 3;
                add_lanes(&mut e, &evidence_weights[b]);
            }
            // The adjacent neighbours come with the pairs, below.
            for (k, &off) in features::NEIGHBOUR_OFFSETS.iter().enumerate().skip(2) {
                let j = i as isize + off;
                let add = if j < 0 || j as usize >= n {
                    &edges[k][(j < 0) as usize]
                } else {
                    &words.lines[slots[j as usize] as usize].far[k - 2]
                };
                add_lanes(&mut e, add);
            }
            // The pair features: with the word before and after.
            add_lanes(&mut e, &paired[i]);
            ids.clear();
            features::phrase_features(toks, i, head, &mut ids);
            // At most four ids: one packed sum holds them. (Most tokens have none near them.)
            if !ids.is_empty() {
                e.add_packed(model.packed_weights(&ids));
            }
            let out = e.unpack(terms, ids.len() as u64 + PAIR_LEFT + PAIR_RIGHT);
            emits.push(out);
        }
        each(s, base, &emits);
        emits.clear();
        base += n;
    }
    // The next document's evidence starts from zero.
    for &id in &lower_ids {
        evidence[id as usize] = 0;
    }
}

/// The [`PairEntry`] of two adjacent words, each given by slot and values ([`EDGE`] and `None`
/// for the sentence start or end, not both), summed now unless the table holds it; `edges` are
/// the sentence edge's neighbour sums (by neighbour and whether it is the start).
///
/// The table is two-way: a pair may sit in either entry of the two its key hashes to (so two
/// common pairs that hash alike do not keep replacing each other); a new pair takes the first,
/// and the pair there moves to the second.
#[inline]
fn pair_entry<'a>(
    model: &Model,
    pairs: &'a mut [PairLine],
    words: &Words,
    edges: &[[Lanes; 2]; 4],
    first: (u32, Option<&TokInfo>),
    second: (u32, Option<&TokInfo>),
) -> &'a PairEntry {
    let key = pair_key(first.0, second.0);
    // The top bits of a multiplicative hash (Fibonacci hashing) mix both slots into the index.
    let bits = pairs.len().trailing_zeros();
    let hash = key.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let at = hash.checked_shr(64 - bits).unwrap_or(0) as usize & !1;
    match pairs.get(at..at + 2) {
        Some([p, _]) if p.0.is(key) => &pairs[at].0,
        Some([_, p]) if p.0.is(key) => &pairs[at + 1].0,
        _ => {
            let entry = new_pair(model, words, edges, first, second);
            if pairs.len() > 1 {
                pairs[at + 1].0 = pairs[at].0;
            }
            pairs[at].0 = entry;
            &pairs[at].0
        }
    }
}

/// The [`PairEntry`] of two adjacent words not in the table (see [`pair_entry`]).
#[cold]
#[inline(never)]
fn new_pair(
    model: &Model,
    words: &Words,
    edges: &[[Lanes; 2]; 4],
    (first, a): (u32, Option<&TokInfo>),
    (second, b): (u32, Option<&TokInfo>),
) -> PairEntry {
    let near = |slot: u32, k: usize| match words.adjacent.get(slot as usize) {
        Some(w) => w[k],
        None => edges[k][1 - k],
    };
    let left = match b {
        Some(b) => {
            let mut l = Lanes::of_packed(model.packed_weights(&features::pair_left_features(a, b)));
            add_lanes(&mut l, &near(first, 0));
            l
        }
        None => Lanes([0; 4]),
    };
    let right = match a {
        Some(a) => {
            let mut l =
                Lanes::of_packed(model.packed_weights(&features::pair_right_features(a, b)));
            add_lanes(&mut l, &near(second, 1));
            l
        }
        None => Lanes([0; 4]),
    };
    PairEntry::keyed(left, right, first, second)
}

/// For each token of the document, whether it opens its sentence.
fn sentence_starts(sents: &[TokenizedSentence]) -> Vec<bool> {
    let mut v = Vec::with_capacity(sents.iter().map(|s| s.tokens.len()).sum());
    for s in sents {
        // A fill per sentence rather than a push per token.
        let at = v.len();
        v.resize(at + s.tokens.len(), false);
        if let Some(first) = v.get_mut(at) {
            *first = true;
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::sentences;

    /// The engine's cached sums must equal summing every feature id that training sees, token by
    /// token, or the model would be applied to features it was not trained on: with a cold cache,
    /// and with one warmed by other documents in which the same words have other case evidence.
    #[test]
    fn cached_emissions_equal_the_training_features() {
        let texts = [
            "PYONGYANG, July 12 (Reuters) - North Korea's leader Kim Jong Un met Russian \
            Foreign Minister Sergei Lavrov in Wonsan.\n\"Kim\" said the talks were good. The \
            U.N. and the IAEA did not comment; Kim's sister, Kim Yo Jong, did.\n\
            KOREA, NORTH, RUSSIA, LA\nPolice in Seoul said police were there. (Gen. Lee) spoke.",
            "Police said Storm hit Seoul. The storm and the Police Minister: Kim.",
            "POLICE IN SEOUL\nKim Jong Un said so. Said Kim, \"police\" left.",
        ];
        let model = model().expect("the shipped model loads");
        let mut cache = WordCache::default();
        for round in 0..2 {
            for text in texts {
                let sents = tokenize_sentences(text, &sentences(text, &[Span::new(0, text.len())]));
                let want = training_emissions(model, text, &sents);
                let mut fresh = WordCache::default();
                let slots = word_slots(model, text, &sents, &mut fresh);
                let cold = all_emissions(model, text, &sents, &mut fresh, &slots);
                assert_eq!(cold, want, "cold cache, round {round}");
                let slots = word_slots(model, text, &sents, &mut cache);
                let warm = all_emissions(model, text, &sents, &mut cache, &slots);
                assert_eq!(warm, want, "shared cache, round {round}");
            }
        }
    }

    /// The label scores of every token as [`emissions`] gives them, in one vector, checking
    /// that it gives every sentence once, in order, with the index of its first token.
    fn all_emissions(
        model: &Model,
        text: &str,
        sents: &[TokenizedSentence],
        cache: &mut WordCache,
        slots: &[u32],
    ) -> Vec<[i32; LABELS]> {
        let mut all = Vec::new();
        let mut next = 0;
        emissions(model, text, sents, cache, slots, |s, base, e| {
            assert!(std::ptr::eq(s, &sents[next]), "sentence {next}");
            assert_eq!((base, e.len()), (all.len(), s.tokens.len()));
            all.extend_from_slice(e);
            next += 1;
        });
        assert_eq!(next, sents.len());
        all
    }

    /// The label scores of every token as training computes them: the sums of the weights of
    /// [`features::document_features`], with no cache.
    fn training_emissions(
        model: &Model,
        text: &str,
        sents: &[TokenizedSentence],
    ) -> Vec<[i32; LABELS]> {
        let mut want = Vec::new();
        for sent in features::document_features(text, sents) {
            for ids in sent {
                let mut e = [0; LABELS];
                model.add_weights(&ids, &mut e);
                want.push(e);
            }
        }
        want
    }

    /// Two words have the same [`short_key`] exactly when they are the same bytes, and words of
    /// more than 15 bytes have none: every pair of byte strings of lengths 0..=17 over a few
    /// bytes (zero and 0xff among them, so a padding byte or the length cannot pass for one).
    #[test]
    fn short_keys_are_exact() {
        let alphabet = [0u8, 1, b'a', 0xff];
        let mut words: Vec<Vec<u8>> = Vec::new();
        for n in 0..=17usize {
            for seed in 0..24u64 {
                let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
                let w = (0..n)
                    .map(|_| {
                        x ^= x << 13;
                        x ^= x >> 7;
                        x ^= x << 17;
                        alphabet[(x % 4) as usize]
                    })
                    .collect();
                words.push(w);
            }
            // Words that differ only in their last byte, or in a byte read twice.
            words.push(vec![b'a'; n]);
            if n > 0 {
                let mut w = vec![b'a'; n];
                w[n - 1] = 0;
                words.push(w.clone());
                w[n / 2] = 0;
                words.push(w);
            }
        }
        for a in &words {
            assert_eq!(short_key(a).is_some(), a.len() <= 15, "{a:?}");
            for b in &words {
                if let (Some(ka), Some(kb)) = (short_key(a), short_key(b)) {
                    assert_eq!(ka == kb, a == b, "{a:?} {b:?}");
                }
            }
        }
    }

    /// The word index finds every word it was given, with its slot, through the short table's
    /// growth, and no other word; after `clear`, none.
    #[test]
    fn word_index_finds_what_it_holds() {
        let word = |i: u32| format!("w{}", i.wrapping_mul(2_654_435_761) % 1_000_003).into_bytes();
        let long = |i: u32| format!("a-long-word-number-{i}").into_bytes();
        let mut index = WordIndex::default();
        for i in 0..5_000 {
            index.insert(&word(i), 2 * i);
            index.insert(&long(i), 2 * i + 1);
        }
        for i in 0..5_000 {
            assert_eq!(index.get(&word(i)), Some(2 * i));
            assert_eq!(index.get(&long(i)), Some(2 * i + 1));
        }
        for i in 5_000..6_000 {
            assert_eq!(index.get(&word(i)), None);
            assert_eq!(index.get(&long(i)), None);
        }
        assert_eq!(index.get(b""), None);
        index.clear();
        assert_eq!(index.get(&word(0)), None);
        assert_eq!(index.get(&long(0)), None);
        index.insert(&word(7), 3);
        assert_eq!(index.get(&word(7)), Some(3));
    }

    /// A cache whose pair table has `entries` entries (a power of two): a small one makes pairs
    /// replace each other all the time.
    fn cache_with_pairs(entries: usize) -> WordCache {
        WordCache {
            pairs: vec![PairLine(PairEntry::EMPTY); entries],
            ..WordCache::default()
        }
    }

    /// Random texts over a small vocabulary (so words and pairs recur, in other positions and
    /// sentences, with other case evidence): the cached sums equal the training features', with
    /// pair tables of every size from one entry up.
    #[test]
    fn cached_emissions_equal_the_training_features_on_random_texts() {
        let vocab = [
            "the", "The", "police", "Police", "said", "Said", "Kim", "Jong", "Un", "North",
            "Korea", "Seoul", "of", "Republic", "IAEA", "U.S.", "in", "\"", "(", ")", ",", ".",
            "-", "Minister", "Foreign", "Storm", "storm", "and", "Russia", "New", "York", "'s",
            "\n", "\n\n", "Times", "United", "Nations", "met", "42",
        ];
        let model = model().expect("the shipped model loads");
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut caches: Vec<WordCache> = [1, 2, 8, PAIR_ENTRIES]
            .into_iter()
            .map(cache_with_pairs)
            .collect();
        for round in 0..60 {
            let mut text = String::new();
            for _ in 0..(20 + round * 3) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                text.push_str(vocab[(x % vocab.len() as u64) as usize]);
                text.push(' ');
            }
            let text = text.as_str();
            let sents = tokenize_sentences(text, &sentences(text, &[Span::new(0, text.len())]));
            let want = training_emissions(model, text, &sents);
            for cache in &mut caches {
                let slots = word_slots(model, text, &sents, cache);
                let got = all_emissions(model, text, &sents, cache, &slots);
                assert_eq!(got, want, "round {round}, {} pairs", cache.pairs.len());
            }
        }
    }
}
