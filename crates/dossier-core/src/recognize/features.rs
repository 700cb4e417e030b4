//! Features of tokens for the tagger, as hashed `u32` ids (the model stores weights only for the
//! ids it kept, so the vocabulary needs no table of its own).
//!
//! The same code runs when `cargo xtask train` learns the weights and when the engine tags a
//! document, so what the model saw in training is exactly what it sees at run time. Besides the
//! token itself (word, lower case, shape, affixes) and its neighbours, two kinds of evidence
//! matter most in news:
//! - position: the first word of a sentence and every word of a headline are capitalised
//!   whatever they are, so those get features of their own;
//! - the document: a capitalised word that also occurs in lower case elsewhere in the same
//!   document is probably a common word ("Police", "Storm"), one that is capitalised mid-sentence
//!   elsewhere is probably a name even where it opens a sentence.

// Label and token loops index several parallel arrays at once; indices read clearer there.
#![allow(clippy::needless_range_loop)]

use crate::gazetteer::{phrase_matches, CountryForm, Flags, PhraseKind};
use crate::model::Sentence;
use crate::span::Span;
use crate::text::tokens;
use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

pub use crate::model::TokenizedSentence;

/// Tokenise every sentence of a document.
pub fn tokenize_sentences(text: &str, sentences: &[Sentence]) -> Vec<TokenizedSentence> {
    sentences
        .iter()
        .map(|s| TokenizedSentence {
            tokens: tokens(text, s.span),
            headline: s.headline,
        })
        .collect()
}

const SEED: u64 = 0x9e37_79b9_7f4a_7c15;

#[inline]
fn mix(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(0x517c_c1b7_2722_0a95)
}

#[inline]
fn hash_bytes(tag: u64, bytes: impl Iterator<Item = u8>) -> u64 {
    let mut h = mix(SEED, tag);
    for b in bytes {
        h = mix(h, b as u64);
    }
    mix(h, 0xff)
}

fn lower_hash(word: &str) -> u64 {
    hash_bytes(1, word.bytes().map(|b| b.to_ascii_lowercase()))
}

/// Collapsed shape: upper → X, lower → x, digit → d, others kept; runs collapse to one.
fn shape(word: &str) -> u64 {
    let mut h = mix(SEED, 2);
    let mut last = '\0';
    for c in word.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if s != last {
            h = mix(h, s as u64);
            last = s;
        }
    }
    h
}

fn starts_upper(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

fn starts_lower(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_lowercase)
}

fn is_opening(w: &str) -> bool {
    matches!(
        w,
        "\"" | "'" | "“" | "‘" | "(" | "[" | "«" | "-" | "–" | "—" | ":"
    )
}

/// A small, fast hasher for per-document tables (keys are short strings or hashes of one
/// document; no untrusted-collision concern worth SipHash's cost here).
#[derive(Default)]
pub struct WordHasher(u64);

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

/// A hasher for string keys that takes eight bytes a step (the engine's word cache looks up
/// every token). Only for tables that are never iterated, so the hash values cannot show in any
/// output.
#[derive(Default)]
pub struct ChunkHasher(u64);

impl ChunkHasher {
    #[inline]
    fn eat(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for ChunkHasher {
    fn finish(&self) -> u64 {
        // Fold the high bits down: the table picks buckets by the low ones.
        self.0 ^ (self.0 >> 29)
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.eat(u64::from_le_bytes(w));
        }
        // The last 0..=7 bytes in at most two reads, as words end (a copy of a variable length
        // was a call per word): four and more as the little-endian number of all of them (two
        // overlapping reads of four), fewer as three of them; the length tells the cases apart.
        let rest = chunks.remainder();
        let n = rest.len();
        let w = if n >= 4 {
            let lo = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]) as u64;
            let hi = u32::from_le_bytes([rest[n - 4], rest[n - 3], rest[n - 2], rest[n - 1]]);
            lo | (hi as u64) << (8 * (n - 4))
        } else if n > 0 {
            rest[0] as u64 | (rest[n / 2] as u64) << 8 | (rest[n - 1] as u64) << 16
        } else {
            0
        };
        self.eat(w ^ (n as u64) << 59);
    }
    fn write_u8(&mut self, b: u8) {
        self.eat(b as u64);
    }
    fn write_u64(&mut self, x: u64) {
        self.eat(x);
    }
}

type FastSet = HashSet<u64, BuildHasherDefault<WordHasher>>;

/// What the rest of the document says about a word's capitalisation.
struct DocEvidence {
    lower: FastSet,
    capital_mid: FastSet,
}

/// Bits of a word's case evidence: seen in lower case, seen capitalised mid-sentence.
const SEEN_LOWER: u8 = 1;
const SEEN_CAPITAL_MID: u8 = 2;

/// Call `seen(token, bit)` for every token of the document that shows case evidence (outside
/// headlines, where capitals say nothing): the one rule behind [`DocEvidence`] and
/// [`case_evidence_by_id`].
fn visit_case_evidence(
    sents: &[TokenizedSentence],
    infos: &[TokInfo],
    mut seen: impl FnMut(usize, u8),
) {
    let mut at = 0;
    for s in sents {
        let base = at;
        at += s.tokens.len();
        if s.headline {
            continue;
        }
        let toks = infos.get(base..at.min(infos.len())).unwrap_or_default();
        // Whether the token opens the sentence or follows an opening quote or bracket.
        let mut initial = true;
        for (i, info) in toks.iter().enumerate() {
            if info.lower_start {
                seen(base + i, SEEN_LOWER);
            } else if info.upper && !initial {
                seen(base + i, SEEN_CAPITAL_MID);
            }
            initial = info.opening;
        }
    }
}

impl DocEvidence {
    fn new(sents: &[TokenizedSentence], infos: &[TokInfo]) -> DocEvidence {
        let n = infos.len() / 4 + 16;
        let mut lower = FastSet::with_capacity_and_hasher(n, Default::default());
        let mut capital_mid = FastSet::with_capacity_and_hasher(n / 4, Default::default());
        visit_case_evidence(sents, infos, |k, bit| {
            if bit == SEEN_LOWER {
                lower.insert(infos[k].lower);
            } else {
                capital_mid.insert(infos[k].lower);
            }
        });
        DocEvidence { lower, capital_mid }
    }
}

/// [`case_evidence`] of every word, by an id of its lower-case form: `ids[k]` (below
/// `flags.len()`) is token `k`'s, equal exactly for equal [`TokInfo::lower_key`]s; its bits are
/// or-ed into `flags[ids[k]]`, which must be zero before. The engine numbers the lower-case
/// forms once per word, so the document's evidence is a table filled in one pass rather than
/// two hash sets; and it keeps the table across documents, clearing only the document's
/// entries after it, because a table of all the forms it knows, zeroed for every document, cost
/// more than tagging a short one.
pub fn case_evidence_by_id(
    sents: &[TokenizedSentence],
    infos: &[TokInfo],
    ids: &[u32],
    flags: &mut [u8],
) {
    visit_case_evidence(sents, infos, |k, bit| flags[ids[k] as usize] |= bit);
}

impl TokInfo {
    /// The hash of the word's lower-case form, which keys its case evidence.
    pub fn lower_key(&self) -> u64 {
        self.lower
    }
}

/// Per-token values the features are built from.
#[derive(Clone, Copy, Debug, Default)]
pub struct TokInfo {
    lower: u64,
    shape: u64,
    /// Starts with a capital letter.
    pub upper: bool,
    lower_start: bool,
    /// An opening quote, bracket or dash: the word after it counts as sentence-initial.
    pub opening: bool,
    /// Gazetteer word classes ([`crate::gazetteer::Flags`] bits).
    flags: u32,
    /// Gazetteer phrase the token is part of: kind × begin/inside, 0 for none.
    phrase: u32,
}

/// Document-level evidence, computed once per document before tagging.
pub struct Prepared {
    evidence: DocEvidence,
    /// Phrase code per token of the document (all sentences' tokens in order).
    phrase: Vec<u32>,
}

/// Code of a gazetteer phrase kind (1-based), for features.
fn phrase_code(kind: PhraseKind) -> u32 {
    match kind {
        PhraseKind::Country { form, .. } => match form {
            CountryForm::Name => 1,
            CountryForm::Code => 2,
            CountryForm::Demonym => 3,
            CountryForm::Capital => 4,
            CountryForm::Seat => 5,
            CountryForm::Inverted => 6,
        },
        PhraseKind::Place { .. } => 7,
        PhraseKind::Org { .. } => 8,
        PhraseKind::Title => 9,
    }
}

/// Gazetteer flags of words that can be part of a gazetteer phrase.
const PHRASE_WORDS: u32 = (Flags::CITY.0
    | Flags::COUNTRY_WORD.0
    | Flags::DEMONYM.0
    | Flags::ORG_WORD.0
    | Flags::TITLE.0
    | Flags::PHRASE_START.0) as u32;

/// Shape of a word in capitals ("US", "IAEA"), and with dots ("U.S."): codes and acronyms.
static CAPS_SHAPE: std::sync::LazyLock<u64> = std::sync::LazyLock::new(|| shape("AB"));

/// Words that may join the capitalised words of one gazetteer phrase ("Republic of Korea",
/// "KOREA, NORTH", "Trinidad and Tobago").
fn joins_phrase(w: &str) -> bool {
    matches!(
        w,
        "of" | "the" | "and" | "de" | "-" | "," | "&" | "'s" | "’s" | "for" | "on"
    )
}

/// Collect document-level evidence: case use across the document and gazetteer phrases.
/// Phrases are looked up only over runs of capitalised words (and the small words that join
/// them): every gazetteer name starts with a capital, and this keeps the lookup off most text.
///
/// `infos` are the [`word_info`]s of all the document's tokens in order.
pub fn prepare(text: &str, sents: &[TokenizedSentence], infos: &[TokInfo]) -> Prepared {
    Prepared {
        evidence: DocEvidence::new(sents, infos),
        phrase: phrase_codes(text, sents, infos),
    }
}

/// The gazetteer phrase code of every token of the document (see [`prepare`]).
pub fn phrase_codes(text: &str, sents: &[TokenizedSentence], infos: &[TokInfo]) -> Vec<u32> {
    let mut phrase = Vec::with_capacity(infos.len());
    for s in sents {
        let base = phrase.len();
        phrase.resize(base + s.tokens.len(), 0);
        let n = s.tokens.len();
        let mut i = 0;
        let upper_at = |k: usize| infos.get(base + k).is_some_and(|t| t.upper);
        while i < n {
            if !upper_at(i) {
                i += 1;
                continue;
            }
            // The run: capitalised words, with joining words between them.
            let mut end = i + 1;
            let mut j = i + 1;
            while j < n {
                if upper_at(j) {
                    end = j + 1;
                } else if !joins_phrase(s.tokens[j].of(text)) {
                    break;
                }
                j += 1;
            }
            // Only runs with a word the gazetteer knows, or an abbreviation in capitals, can
            // hold a phrase worth a feature.
            let promising = (i..end).any(|k| {
                infos
                    .get(base + k)
                    .is_some_and(|t| t.flags & PHRASE_WORDS != 0 || t.shape == *CAPS_SHAPE)
            });
            if !promising {
                i = end;
                continue;
            }
            let span = Span::new(s.tokens[i].start, s.tokens[end - 1].end);
            for m in phrase_matches(span.of(text)) {
                let (a, b) = (m.span.start + span.start, m.span.end + span.start);
                let code = phrase_code(m.kind);
                let mut begun = false;
                for k in i..end {
                    let t = s.tokens[k];
                    if t.start >= a && t.end <= b {
                        phrase[base + k] = code * 2 + begun as u32;
                        begun = true;
                    }
                }
            }
            i = end;
        }
    }
    phrase
}

/// The context-free values of one word (the engine caches them per word).
pub fn word_info(w: &str) -> TokInfo {
    TokInfo {
        lower: lower_hash(w),
        shape: shape(w),
        upper: starts_upper(w),
        lower_start: starts_lower(w),
        opening: is_opening(w),
        flags: super::word_flags(w),
        phrase: 0,
    }
}

/// The values features are built from, for the tokens of one sentence: `infos` are their
/// [`word_info`]s, `first` the index of the sentence's first token in the document.
pub fn token_infos(infos: &[TokInfo], prep: &Prepared, first: usize) -> Vec<TokInfo> {
    let mut out = Vec::with_capacity(infos.len());
    token_infos_into(infos, &prep.phrase, first, &mut out);
    out
}

/// Give the document's tokens (`infos`, all sentences' in order) their [`phrase_codes`]: then
/// each sentence's slice of them is its [`token_infos`].
pub fn set_phrases(infos: &mut [TokInfo], phrase: &[u32]) {
    for (t, &p) in infos.iter_mut().zip(phrase) {
        t.phrase = p;
    }
}

/// [`token_infos`] from the document's [`phrase_codes`], into `out` (cleared first), so one
/// buffer serves every sentence.
pub fn token_infos_into(infos: &[TokInfo], phrase: &[u32], first: usize, out: &mut Vec<TokInfo>) {
    out.clear();
    out.extend(infos.iter().enumerate().map(|(k, t)| TokInfo {
        phrase: phrase.get(first + k).copied().unwrap_or(0),
        ..*t
    }));
}

#[inline]
fn id(template: u64, v: u64) -> u32 {
    mix(mix(SEED, template), v) as u32
}

fn lowered(s: &str) -> impl Iterator<Item = u8> + '_ {
    s.bytes().map(|b| b.to_ascii_lowercase())
}

/// Features that depend on the word alone (so the engine can cache their weights per word).
pub fn word_features(w: &str, info: &TokInfo, out: &mut Vec<u32>) {
    out.push(id(0, 0));
    out.push(id(1, hash_bytes(3, w.bytes())));
    out.push(id(2, info.lower));
    out.push(id(3, info.shape));
    let mut nc = 0;
    let mut cuts = [0usize; 5]; // byte offsets after the first 1..=4 chars
    let mut tail = [0usize; 5]; // byte offsets of the last 1..=4 chars (ring)
    for (i, _) in w.char_indices() {
        if nc < 5 {
            cuts[nc] = i;
        }
        tail[nc % 5] = i;
        nc += 1;
    }
    for (k, tmpl) in [(2usize, 4u64), (3, 5)] {
        if nc > k {
            out.push(id(tmpl, hash_bytes(tmpl, lowered(&w[..cuts[k]]))));
        }
    }
    for (k, tmpl) in [(2usize, 6u64), (3, 7), (4, 8)] {
        if nc > k {
            let at = tail[(nc - k) % 5];
            out.push(id(tmpl, hash_bytes(tmpl, lowered(&w[at..]))));
        }
    }
    out.push(id(25, mix(info.shape, nc.min(6) as u64)));
    let mut fl = info.flags;
    while fl != 0 {
        let bit = fl.trailing_zeros() as u64;
        fl &= fl - 1;
        out.push(id(30, bit));
        out.push(id(36, mix(bit, info.upper as u64)));
    }
}

const BOS: u64 = 0xb0;
const EOS: u64 = 0xe0;

/// The neighbour-word features: the lower-cased word at each offset, one template per offset.
/// The engine sums their weights from a per-word cache instead of looking each one up, so
/// [`context_features`] leaves them out when asked (`neighbours = false`).
pub const NEIGHBOUR_OFFSETS: [isize; 4] = [-1, 1, -2, 2];
const NEIGHBOUR_TEMPLATES: [u64; 4] = [10, 11, 12, 13];

/// Feature id of the neighbour feature number `k` (see [`NEIGHBOUR_OFFSETS`]) for a word, or
/// for the sentence edge when `word` is `None`.
pub fn neighbour_feature(k: usize, word: Option<&TokInfo>, before: bool) -> u32 {
    let v = match word {
        Some(t) => t.lower,
        None if before => BOS,
        None => EOS,
    };
    id(NEIGHBOUR_TEMPLATES[k], v)
}

/// Whether token `i` of `s` opens its sentence or follows an opening quote or bracket.
pub fn is_initial(text: &str, s: &TokenizedSentence, i: usize) -> bool {
    i == 0 || is_opening(s.tokens[i - 1].of(text))
}

/// Features of token `i` that depend on its context: neighbours, position, headline, document
/// evidence, neighbours' gazetteer evidence, phrases.
///
/// The engine computes the same ids in parts, caching what it can: [`position_features`] and
/// [`position_flag_features`] per word and position, [`neighbour_flag_features`] with the
/// neighbour-word features, and [`pair_features`] and [`phrase_features`] per token.
pub fn context_features(
    text: &str,
    s: &TokenizedSentence,
    toks: &[TokInfo],
    prep: &Prepared,
    i: usize,
    neighbours: bool,
    out: &mut Vec<u32>,
) {
    let n = toks.len();
    let ii = i as isize;
    if neighbours {
        for (k, off) in NEIGHBOUR_OFFSETS.iter().enumerate() {
            let j = ii + off;
            let nb = (j >= 0 && (j as usize) < n).then(|| &toks[j as usize]);
            out.push(neighbour_feature(k, nb, j < 0));
        }
    }
    pair_features(toks, i, out);
    let t = &toks[i];
    let initial = is_initial(text, s, i);
    position_features(t, initial, s.headline, out);
    if t.upper {
        out.push(evidence_feature(
            case_evidence(t, prep),
            initial,
            s.headline,
        ));
    }
    for k in 0..2 {
        let j = ii + NEIGHBOUR_OFFSETS[k];
        if j >= 0 && (j as usize) < n {
            neighbour_flag_features(k, &toks[j as usize], out);
        }
    }
    position_flag_features(t, initial, s.headline, out);
    phrase_features(toks, i, s.headline, out);
}

/// Features of token `i` over its neighbours' words and shapes.
pub fn pair_features(toks: &[TokInfo], i: usize, out: &mut Vec<u32>) {
    let t = &toks[i];
    out.extend(pair_left_features(i.checked_sub(1).map(|j| &toks[j]), t));
    out.extend(pair_right_features(t, toks.get(i + 1)));
}

/// The [`pair_features`] of `cur` that pair it with the word before it (`None` at the sentence
/// start): they depend on the two words alone, so the engine sums them once per word pair.
pub fn pair_left_features(prev: Option<&TokInfo>, cur: &TokInfo) -> [u32; 3] {
    let (shape, lower) = prev.map_or((BOS, BOS), |p| (p.shape, p.lower));
    [
        id(14, mix(shape, cur.shape)),
        id(16, mix(lower, cur.shape)),
        id(18, mix(mix(lower, cur.lower), 7)),
    ]
}

/// The [`pair_features`] of `cur` that pair it with the word after it (`None` at the sentence
/// end).
pub fn pair_right_features(cur: &TokInfo, next: Option<&TokInfo>) -> [u32; 2] {
    let (shape, lower) = next.map_or((EOS, EOS), |p| (p.shape, p.lower));
    [id(15, mix(cur.shape, shape)), id(17, mix(cur.shape, lower))]
}

/// Features of a word at a sentence-initial position or in a headline: they depend on the word,
/// `initial` and `headline` only.
pub fn position_features(t: &TokInfo, initial: bool, headline: bool, out: &mut Vec<u32>) {
    if initial {
        out.push(id(20, t.shape));
        out.push(id(21, t.lower));
    }
    if headline {
        out.push(id(22, t.shape));
        out.push(id(23, t.lower));
    }
}

/// What the rest of the document says about a word's case (two bits: seen in lower case,
/// capitalised mid-sentence); the same for every occurrence of the word in the document.
pub fn case_evidence(t: &TokInfo, prep: &Prepared) -> u8 {
    let seen_lower = prep.evidence.lower.contains(&t.lower) as u8 * SEEN_LOWER;
    let seen_cap = prep.evidence.capital_mid.contains(&t.lower) as u8 * SEEN_CAPITAL_MID;
    seen_lower | seen_cap
}

/// The feature of a capitalised word's [`case_evidence`] at its position (16 possible ids).
pub fn evidence_feature(evidence: u8, initial: bool, headline: bool) -> u32 {
    id(
        24,
        evidence as u64 | (initial as u64) << 2 | (headline as u64) << 3,
    )
}

/// The gazetteer flags of the word, by position: like [`position_features`], per word and
/// position.
pub fn position_flag_features(t: &TokInfo, initial: bool, headline: bool, out: &mut Vec<u32>) {
    let head = headline as u64;
    let mut fl = t.flags;
    while fl != 0 {
        let bit = fl.trailing_zeros() as u64;
        fl &= fl - 1;
        out.push(id(
            33,
            mix(bit, t.upper as u64 | (initial as u64) << 1 | head << 2),
        ));
    }
}

/// The gazetteer flags of the word `nb` as features of the word next to it: `k` is 0 for the
/// word before (so `nb` is the previous word), 1 for the word after.
pub fn neighbour_flag_features(k: usize, nb: &TokInfo, out: &mut Vec<u32>) {
    let tmpl = if k == 0 { 31u64 } else { 32 };
    let mut fl = nb.flags;
    while fl != 0 {
        let bit = fl.trailing_zeros() as u64;
        fl &= fl - 1;
        out.push(id(tmpl, bit));
    }
}

/// Features of the gazetteer phrases at and around token `i`.
pub fn phrase_features(toks: &[TokInfo], i: usize, headline: bool, out: &mut Vec<u32>) {
    let n = toks.len();
    let t = &toks[i];
    let head = headline as u64;
    if t.phrase != 0 {
        out.push(id(34, t.phrase as u64));
        out.push(id(37, mix(t.phrase as u64, t.upper as u64 | head << 1)));
    }
    if i > 0 && toks[i - 1].phrase != 0 {
        out.push(id(35, toks[i - 1].phrase as u64));
    }
    if i + 1 < n && toks[i + 1].phrase != 0 {
        out.push(id(38, toks[i + 1].phrase as u64));
    }
}

/// All feature ids for every token of every sentence of a document: `out[s][t]` lists the ids of
/// token `t` of sentence `s`. (Training uses this; the engine computes the same ids in
/// [`super::find`] with per-word caching.)
pub fn document_features(text: &str, sents: &[TokenizedSentence]) -> Vec<Vec<Vec<u32>>> {
    let infos: Vec<TokInfo> = sents
        .iter()
        .flat_map(|s| s.tokens.iter().map(|t| word_info(t.of(text))))
        .collect();
    let prep = prepare(text, sents, &infos);
    let mut first = 0;
    let mut out = Vec::with_capacity(sents.len());
    for s in sents {
        let toks = token_infos(&infos[first..first + s.tokens.len()], &prep, first);
        first += s.tokens.len();
        let mut sent = Vec::with_capacity(toks.len());
        for (i, t) in toks.iter().enumerate() {
            let mut f = Vec::with_capacity(40);
            word_features(s.tokens[i].of(text), t, &mut f);
            context_features(text, s, &toks, &prep, i, true, &mut f);
            sent.push(f);
        }
        out.push(sent);
    }
    out
}
