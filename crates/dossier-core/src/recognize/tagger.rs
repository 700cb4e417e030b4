//! The statistical tagger: a linear model over hashed token features with BIO labels for
//! persons, organisations and locations, decoded with Viterbi over label transitions.
//!
//! Weights come from `data/ner.model`, written by `cargo xtask train` (an averaged structured
//! perceptron). The file keeps only the features that matter, as int8 weights, so it stays small
//! enough for the browser. Format (little-endian):
//!
//! ```text
//! "DNER" version:u8=1 bits:u8 labels:u8=7
//! transitions: (labels + 1) × labels i8      (last row: from the sentence start)
//! count:u32, then count bucket ids as LEB128 deltas (ascending), then count × labels i8
//! ```
//!
//! A feature id is reduced to a bucket by its low `bits` bits, both in training and here.

// Label and token loops index several parallel arrays at once; indices read clearer there.
#![allow(clippy::needless_range_loop)]

/// Number of BIO labels.
pub const LABELS: usize = 7;

/// Label names by index: `O`, then `B-`/`I-` for PER, ORG, LOC.
pub const LABEL_NAMES: [&str; LABELS] = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"];

/// Entity type of a label (0 = PER, 1 = ORG, 2 = LOC), `None` for `O`.
pub fn label_type(label: usize) -> Option<usize> {
    (label > 0 && label < LABELS).then(|| (label - 1) / 2)
}

/// Whether the label begins an entity.
pub fn is_begin(label: usize) -> bool {
    label % 2 == 1
}

/// Whether `to` may follow `from` (`from == LABELS` is the sentence start): an inside label only
/// continues an entity of its own type.
pub fn allowed(from: usize, to: usize) -> bool {
    if to == 0 || is_begin(to) {
        return true;
    }
    from < LABELS && from != 0 && label_type(from) == label_type(to)
}

/// A loaded model, ready to tag.
///
/// Weights are found by rank in a bitmap of buckets rather than by hashing: a bucket's block
/// holds 64 presence bits and the number of present buckets before it, so a lookup is one read
/// of a 256 KB block table, a popcount, and one read of the dense weight array. It has no branch:
/// absent features read the zero row, so the lookups of one token do not wait on each other's
/// cache misses. (An open-addressing table at load ≤ 1/2 took ~800 KB, and its cache misses were
/// the largest single cost of tagging.)
pub struct Model {
    bits: u32,
    trans: [[i32; LABELS]; LABELS + 1],
    /// What Viterbi derives from `trans`, derived once.
    steps: Steps,
    blocks: Vec<Block>,
    /// Row 0 is zeros (for absent features); then the present buckets' weights in bucket order.
    weights: Vec<[i8; 8]>,
}

#[derive(Clone, Copy, Default)]
#[repr(C, align(16))]
struct Block {
    /// One bit per bucket: set when the model has weights for it.
    present: u64,
    /// Present buckets in all blocks before this one.
    rank: u32,
    /// The positions of the set bits of `present`, one a byte in ascending order, unused bytes
    /// 0xFF; or [`CROWDED`] when there are more than four. The rank of a bit within its block
    /// is then a few byte comparisons done at once, where a popcount on baseline x86-64 (no
    /// POPCNT instruction) is a chain of twenty shifts and masks. A model of a few thousand
    /// features spread over tens of thousands of blocks has next to no crowded blocks.
    spots: u32,
}

/// [`Block::spots`] of a block with more than four present buckets (a position byte is never
/// 0x80).
const CROWDED: u32 = 0x8080_8080;

impl Block {
    /// Present buckets of this block below bit `bit` (0..64).
    #[inline]
    fn below(&self, bit: u32) -> u32 {
        if self.spots == CROWDED {
            return (self.present & ((1u64 << bit) - 1)).count_ones();
        }
        // Per byte, (position | 0x80) - bit keeps its high bit exactly when position >= bit
        // (an unused 0xFF always keeps it), and no byte borrows from the next.
        let at_or_above = ((self.spots | 0x8080_8080).wrapping_sub(bit.wrapping_mul(0x0101_0101))
            >> 7)
            & 0x0101_0101;
        4 - (at_or_above.wrapping_mul(0x0101_0101) >> 24)
    }

    /// Fill [`Block::spots`] from `present`.
    fn set_spots(&mut self) {
        if self.present.count_ones() > 4 {
            self.spots = CROWDED;
            return;
        }
        let mut spots = u32::MAX;
        let mut bits = self.present;
        let mut k = 0;
        while bits != 0 {
            let at = bits.trailing_zeros();
            bits &= bits - 1;
            spots = spots & !(0xff << (8 * k)) | at << (8 * k);
            k += 1;
        }
        self.spots = spots;
    }
}

/// Widest bucket index the loader accepts: the bitmap takes `2^bits / 8` bytes (2 MB at 24).
const MAX_BITS: u32 = 24;

impl Model {
    /// Parse a model file; `None` if it is malformed.
    pub fn from_bytes(bytes: &[u8]) -> Option<Model> {
        let mut r = Reader { b: bytes, at: 0 };
        if r.take(4)? != b"DNER" || r.u8()? != 1 {
            return None;
        }
        let bits = r.u8()? as u32;
        if r.u8()? as usize != LABELS || bits == 0 || bits > MAX_BITS {
            return None;
        }
        let mut trans = [[0i32; LABELS]; LABELS + 1];
        for row in trans.iter_mut() {
            for v in row.iter_mut() {
                *v = r.u8()? as i8 as i32;
            }
        }
        let count = u32::from_le_bytes(r.take(4)?.try_into().ok()?) as usize;
        if count > bytes.len() {
            return None;
        }
        let mut blocks = vec![Block::default(); (1usize << bits).div_ceil(64)];
        let mut last = 0u32;
        for k in 0..count {
            let delta = r.leb()?;
            // Ids ascend strictly and fit the buckets, so rank order is file order.
            if k > 0 && delta == 0 {
                return None;
            }
            last = last.checked_add(delta)?;
            let block = blocks.get_mut((last >> 6) as usize)?;
            block.present |= 1 << (last & 63);
        }
        let mut before = 0u32;
        for block in &mut blocks {
            block.rank = before;
            before += block.present.count_ones();
            block.set_spots();
        }
        let mut weights = Vec::with_capacity(count + 1);
        weights.push([0; 8]);
        for _ in 0..count {
            let mut w = [0i8; 8];
            for (k, &b) in r.take(LABELS)?.iter().enumerate() {
                w[k] = b as i8;
            }
            weights.push(w);
        }
        Some(Model {
            bits,
            steps: Steps::new(&trans),
            trans,
            blocks,
            weights,
        })
    }

    /// Number of feature buckets the model was trained with (`2^bits`).
    pub fn bits(&self) -> u32 {
        self.bits
    }

    #[inline]
    fn weights(&self, feature: u32) -> &[i8; 8] {
        const ZERO: [i8; 8] = [0; 8];
        let id = feature & ((1u32 << self.bits) - 1);
        let b = self
            .blocks
            .get((id >> 6) as usize)
            .copied()
            .unwrap_or_default();
        let bit = id & 63;
        let has = (b.present >> bit) & 1;
        let below = b.below(bit) as u64;
        let row = (b.rank as u64 + below + 1) * has;
        self.weights.get(row as usize).unwrap_or(&ZERO)
    }

    /// Add the weights of features `ids` to label scores `e`.
    #[inline]
    pub fn add_weights(&self, ids: &[u32], e: &mut [i32; LABELS]) {
        // A row is summed whole, as one word: its eight weights, each offset by 128 to be
        // unsigned, spread over two words of four 16-bit lanes (even and odd labels). 256 rows
        // fit a lane (256 × 255 < 2^16); the offsets come off once at the end. Exact, and a
        // fraction of the instructions and registers of seven separate sums.
        for chunk in ids.chunks(256) {
            let (even, odd) = self.packed_weights(chunk);
            let offset = 128 * chunk.len() as i32;
            for k in 0..LABELS {
                let lanes = if k % 2 == 0 { even } else { odd };
                e[k] += ((lanes >> (16 * (k / 2))) & 0xffff) as i32 - offset;
            }
        }
    }

    /// The sums [`Model::add_weights`] unpacks, of at most 256 features `ids`: the weights of
    /// labels 0, 2, 4, 6 and of labels 1, 3, 5 (and a spare) in four 16-bit lanes of two words,
    /// each weight offset by 128.
    #[inline]
    pub fn packed_weights(&self, ids: &[u32]) -> (u64, u64) {
        debug_assert!(ids.len() <= 256);
        const LOW: u64 = 0x00ff_00ff_00ff_00ff;
        let (mut even, mut odd) = (0u64, 0u64);
        for &f in ids {
            let w = u64::from_le_bytes(self.weights(f).map(|b| b as u8)) ^ 0x8080_8080_8080_8080;
            even += w & LOW;
            odd += (w >> 8) & LOW;
        }
        (even, odd)
    }

    /// Best label sequence for one sentence, given each token's label scores (within
    /// `-2^24..=2^24`: see [`Model::decode_emissions_into`]).
    pub fn decode_emissions(&self, emits: &[[i32; LABELS]]) -> Vec<usize> {
        let mut out = Vec::new();
        self.decode_emissions_into(emits, &mut Vec::new(), &mut out);
        out
    }

    /// [`Model::decode_emissions`] into `out`, with `back` as scratch: the engine decodes every
    /// sentence of a document with the same two buffers.
    ///
    /// The emissions must lie within `-2^24..=2^24`, where Viterbi's clamps (as [`viterbi`]
    /// applies them) change nothing, and so are left out (see [`viterbi_with`]): the engine's
    /// are sums of at most a few hundred i8 weights (under 200 features a token), so a few tens
    /// of thousands at most.
    pub fn decode_emissions_into(
        &self,
        emits: &[[i32; LABELS]],
        back: &mut Vec<[u8; LABELS]>,
        out: &mut Vec<usize>,
    ) {
        debug_assert!(emits.iter().flatten().all(|v| v.abs() <= 1 << 24));
        viterbi_with(
            emits.len(),
            |i, e| {
                for k in 0..LABELS {
                    e[k] += emits[i][k];
                }
            },
            &self.steps,
            back,
            out,
            false,
        )
    }

    /// Best label sequence for one sentence, given each token's feature ids.
    pub fn decode(&self, features: &[Vec<u32>]) -> Vec<usize> {
        viterbi(
            features.len(),
            |i, emit| {
                self.add_weights(&features[i], emit);
            },
            &self.trans,
        )
    }
}

/// Viterbi over BIO labels: `emit(i, scores)` adds token `i`'s label scores, `trans[from][to]`
/// scores a transition (row `LABELS` is the sentence start). Disallowed transitions are never
/// taken. Shared by the engine and by training, which decodes with its own weights.
pub fn viterbi(
    n: usize,
    emit: impl FnMut(usize, &mut [i32; LABELS]),
    trans: &[[i32; LABELS]; LABELS + 1],
) -> Vec<usize> {
    let mut out = Vec::new();
    viterbi_into(n, emit, trans, &mut Vec::new(), &mut out);
    out
}

/// [`viterbi`] into `out` (cleared first), with `back` as scratch for the back pointers.
pub fn viterbi_into(
    n: usize,
    emit: impl FnMut(usize, &mut [i32; LABELS]),
    trans: &[[i32; LABELS]; LABELS + 1],
    back: &mut Vec<[u8; LABELS]>,
    out: &mut Vec<usize>,
) {
    viterbi_with(n, emit, &Steps::new(trans), back, out, true)
}

/// Disallowed transitions score far below anything reachable, so Viterbi's inner loop needs no
/// branch on them.
const NEVER: i32 = i32::MIN / 4;

/// The labels any label may precede: O and the begin labels ("open" labels).
const OPEN: [usize; 4] = [0, 1, 3, 5];

/// What Viterbi derives from a model's transition scores before it decodes (the same for every
/// sentence; see [`viterbi_with`]).
struct Steps {
    /// The clamped transition scores, [`NEVER`] where disallowed.
    t: [[i32; LABELS]; LABELS + 1],
    /// `t` to the [`OPEN`] labels.
    open_t: [[i32; 4]; LABELS],
    /// By leading label: how far below the leader a label may score and still be the best
    /// predecessor of some open label.
    reach: [i32; LABELS],
}

impl Steps {
    fn new(trans: &[[i32; LABELS]; LABELS + 1]) -> Steps {
        let mut t = [[NEVER; LABELS]; LABELS + 1];
        for from in 0..=LABELS {
            for to in 0..LABELS {
                if allowed(from, to) {
                    t[from][to] = trans[from][to].clamp(NEVER / 4, -NEVER / 4);
                }
            }
        }
        let open_t: [[i32; 4]; LABELS] = std::array::from_fn(|f| OPEN.map(|to| t[f][to]));
        let top_t: [i32; 4] =
            std::array::from_fn(|j| (0..LABELS).map(|f| open_t[f][j]).fold(NEVER, i32::max));
        let reach: [i32; LABELS] = std::array::from_fn(|lead| {
            (0..4).map(|j| open_t[lead][j] - top_t[j]).fold(0, i32::min)
        });
        Steps { t, open_t, reach }
    }
}

/// [`viterbi_into`], clamping only when `clamp` is set. Without it the emissions must lie
/// within `-2^24..=2^24` (inside the clamp's range, so clamping them changes nothing), and then
/// the floors at NEVER change nothing either: every label but the inside ones at the first
/// token is reachable, within two emission and transition spans (under 2^26) of the leader, far
/// above NEVER (-2^29); those inside labels start within 2^25 of NEVER, floored or not, and so
/// lose by far to their begin label at the next token, or to every other label if the sentence
/// ends.
fn viterbi_with(
    n: usize,
    mut emit: impl FnMut(usize, &mut [i32; LABELS]),
    steps: &Steps,
    back: &mut Vec<[u8; LABELS]>,
    out: &mut Vec<usize>,
    clamp: bool,
) {
    out.clear();
    back.clear();
    if n == 0 {
        return;
    }
    let Steps { t, open_t, reach } = steps;
    back.resize(n, [0u8; LABELS]);
    // Any label may precede O and the begin labels ("open" labels): seven candidates for each
    // of them. But after each step one label leads with score 0, and a predecessor `f` can beat
    // the leader for an open label `to` only if `score[f] + t[f][to] >= t[lead][to]`, which is
    // impossible when `score[f] + (the largest t[_][to]) < t[lead][to]` for every open `to`,
    // i.e. `score[f] < reach[lead]`. Such predecessors score strictly below the best, so
    // skipping them changes neither the best score nor which predecessor (the first with it)
    // gives it; most steps have one or two candidates left. ([`Steps::reach`] holds
    // `reach[lead]`.)
    let mut score = [0i32; LABELS];
    let mut lead = 0;
    // Whether the leader is the only candidate (no other label scores `reach[lead]` or more
    // below it), as at most steps: then it is every open label's best predecessor.
    let mut alone = false;
    for i in 0..n {
        let mut e = [0i32; LABELS];
        emit(i, &mut e);
        if clamp {
            e = e.map(|v| v.clamp(NEVER / 4, -NEVER / 4));
        }
        let mut next = [0i32; LABELS];
        if i == 0 {
            for to in 0..LABELS {
                next[to] = t[LABELS][to] + e[to];
            }
        } else {
            let b = &mut back[i];
            let cut = reach[lead];
            let mut best = [i32::MIN; 4];
            let mut arg = [0u8; 4];
            if alone {
                // The leader's score is 0.
                best = open_t[lead];
                arg = [lead as u8; 4];
            } else {
                for f in 0..LABELS {
                    if score[f] < cut {
                        continue;
                    }
                    for j in 0..4 {
                        let s = score[f] + open_t[f][j];
                        if s > best[j] {
                            best[j] = s;
                            arg[j] = f as u8;
                        }
                    }
                }
            }
            for j in 0..4 {
                // The leader's own sum is at least NEVER / 4 (its score is 0, and an open
                // label's transitions are all allowed), so no floor at NEVER is needed here.
                next[OPEN[j]] = best[j] + e[OPEN[j]];
                b[OPEN[j]] = arg[j];
            }
            // An inside label follows only the begin or inside label of its own type: the
            // other predecessors score NEVER below the best one (reachable scores stay within
            // the sums of i8 weights), so they could never win, and are not tried.
            for to in [2, 4, 6] {
                let (begin, inside) = (score[to - 1] + t[to - 1][to], score[to] + t[to][to]);
                let (best, arg) = if inside > begin {
                    (inside, to)
                } else {
                    (begin, to - 1)
                };
                next[to] = if clamp { best.max(NEVER) } else { best } + e[to];
                b[to] = arg as u8;
            }
        }
        // Keep scores relative to the best so no sentence length can overflow them.
        lead = 0;
        let (mut top, mut second) = (next[0], i32::MIN);
        for k in 1..LABELS {
            if next[k] > top {
                (lead, top, second) = (k, next[k], top);
            } else if next[k] > second {
                second = next[k];
            }
        }
        // (A floor at NEVER changes no comparison with `reach`, which lies far above it.)
        alone = second - top < reach[lead];
        score = if clamp {
            next.map(|v| (v - top).max(NEVER))
        } else {
            next.map(|v| v - top)
        };
    }
    let mut best = 0;
    for k in 1..LABELS {
        if score[k] > score[best] {
            best = k;
        }
    }
    out.resize(n, 0);
    out[n - 1] = best;
    for i in (1..n).rev() {
        out[i - 1] = back[i][out[i]] as usize;
    }
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.b.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(s)
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn leb(&mut self) -> Option<u32> {
        let mut v = 0u32;
        for shift in (0..35).step_by(7) {
            let b = self.u8()?;
            v |= ((b & 0x7f) as u32).checked_shl(shift)?;
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }
}

/// Serialise a model (used by `cargo xtask train`): `features` are (bucket id, weights) pairs in
/// ascending id order.
pub fn write_model(
    bits: u8,
    trans: &[[i8; LABELS]; LABELS + 1],
    features: &[(u32, [i8; LABELS])],
) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(b"DNER");
    out.push(1);
    out.push(bits);
    out.push(LABELS as u8);
    for row in trans {
        out.extend(row.iter().map(|&v| v as u8));
    }
    out.extend_from_slice(&(features.len() as u32).to_le_bytes());
    let mut last = 0u32;
    for &(id, _) in features {
        let mut d = id - last;
        last = id;
        loop {
            let b = (d & 0x7f) as u8;
            d >>= 7;
            if d == 0 {
                out.push(b);
                break;
            }
            out.push(b | 0x80);
        }
    }
    for (_, w) in features {
        out.extend(w.iter().map(|&v| v as u8));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_decode_follows_weights() {
        let mut trans = [[0i8; LABELS]; LABELS + 1];
        trans[1][2] = 5; // B-PER → I-PER is likely
        let mut w1 = [0i8; LABELS];
        w1[1] = 10; // feature 3 says B-PER
        let mut w2 = [0i8; LABELS];
        w2[2] = 3;
        w2[0] = 4; // feature 900 slightly prefers O over I-PER; the transition tips it
        let bytes = write_model(12, &trans, &[(3, w1), (900, w2)]);
        let m = Model::from_bytes(&bytes).expect("valid model");
        assert_eq!(m.decode(&[vec![3], vec![900]]), vec![1, 2]);
        assert_eq!(m.decode(&[vec![900]]), vec![0]);
        assert_eq!(m.decode(&[]), Vec::<usize>::new());
    }

    /// Viterbi as first written: every allowed predecessor tried for every label.
    fn viterbi_plain(emits: &[[i32; LABELS]], trans: &[[i32; LABELS]; LABELS + 1]) -> Vec<usize> {
        const NEVER: i32 = i32::MIN / 4;
        let n = emits.len();
        if n == 0 {
            return Vec::new();
        }
        let mut t = [[NEVER; LABELS]; LABELS + 1];
        for from in 0..=LABELS {
            for to in 0..LABELS {
                if allowed(from, to) {
                    t[from][to] = trans[from][to].clamp(NEVER / 4, -NEVER / 4);
                }
            }
        }
        let mut back = vec![[0usize; LABELS]; n];
        let mut score = [0i32; LABELS];
        for i in 0..n {
            let e = emits[i].map(|v| v.clamp(NEVER / 4, -NEVER / 4));
            let mut next = [0i32; LABELS];
            for to in 0..LABELS {
                if i == 0 {
                    next[to] = t[LABELS][to] + e[to];
                    continue;
                }
                let froms: Vec<usize> = (0..LABELS).filter(|&f| allowed(f, to)).collect();
                let (mut best, mut arg) = (score[froms[0]] + t[froms[0]][to], froms[0]);
                for &f in &froms[1..] {
                    if score[f] + t[f][to] > best {
                        best = score[f] + t[f][to];
                        arg = f;
                    }
                }
                next[to] = best.max(NEVER) + e[to];
                back[i][to] = arg;
            }
            let top = next.iter().copied().max().unwrap_or(0);
            score = next.map(|v| (v - top).max(NEVER));
        }
        let mut out = vec![0; n];
        out[n - 1] = (0..LABELS).fold(0, |b, k| if score[k] > score[b] { k } else { b });
        for i in (1..n).rev() {
            out[i - 1] = back[i][out[i]];
        }
        out
    }

    #[test]
    fn pruned_viterbi_equals_trying_every_predecessor() {
        // Narrow and wide value ranges: the narrow ones make many ties.
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let mut next = |range: i32| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % (2 * range as u64 + 1)) as i32 - range
        };
        for round in 0..400 {
            let range = [2, 8, 60, 127, 3000, 1 << 24][round % 6];
            let mut trans = [[0i32; LABELS]; LABELS + 1];
            for row in trans.iter_mut() {
                for v in row.iter_mut() {
                    *v = next(range.min(127));
                }
            }
            let n = 1 + round % 13;
            let emits: Vec<[i32; LABELS]> = (0..n)
                .map(|_| std::array::from_fn(|_| next(range)))
                .collect();
            let want = viterbi_plain(&emits, &trans);
            assert_eq!(
                viterbi(n, |i, e| *e = emits[i], &trans),
                want,
                "round {round}"
            );
            // The engine's path, which does not clamp emissions, on a model with these
            // transitions.
            let trans8 = trans.map(|row| row.map(|v| v as i8));
            let model = Model::from_bytes(&write_model(8, &trans8, &[])).expect("valid");
            assert_eq!(model.decode_emissions(&emits), want, "round {round}");
        }
    }

    #[test]
    fn inside_label_never_starts_an_entity() {
        let trans = [[0i8; LABELS]; LABELS + 1];
        let mut w = [0i8; LABELS];
        w[4] = 50; // I-ORG everywhere
        w[1] = 1;
        let m = Model::from_bytes(&write_model(8, &trans, &[(1, w)])).expect("valid");
        let labels = m.decode(&[vec![1], vec![1]]);
        assert!(is_begin(labels[0]) || labels[0] == 0);
        for pair in labels.windows(2) {
            assert!(allowed(pair[0], pair[1]));
        }
    }

    #[test]
    fn every_stored_feature_finds_its_own_weights() {
        // Ids at word edges of the bitmap, neighbours, and the last bucket.
        let ids = [0u32, 1, 63, 64, 65, 127, 128, 700, 1000, 1023];
        let feats: Vec<(u32, [i8; LABELS])> = ids
            .iter()
            .enumerate()
            .map(|(k, &id)| (id, [k as i8 + 1; LABELS]))
            .collect();
        let m =
            Model::from_bytes(&write_model(10, &[[0; LABELS]; LABELS + 1], &feats)).expect("valid");
        for (k, &id) in ids.iter().enumerate() {
            let mut e = [0; LABELS];
            // High bits beyond the bucket width are ignored, as in training.
            m.add_weights(&[id | 1 << 15], &mut e);
            assert_eq!(e, [k as i32 + 1; LABELS], "feature {id}");
        }
        for absent in [2u32, 62, 66, 999, 1022] {
            let mut e = [0; LABELS];
            m.add_weights(&[absent], &mut e);
            assert_eq!(e, [0; LABELS], "feature {absent}");
        }
    }

    #[test]
    fn crowded_and_sparse_blocks_rank_alike() {
        // Block 0 crowded (seven buckets), block 1 with exactly four, block 2 with one at its
        // top bit: every present bucket finds its own row, every absent one the zero row.
        let ids = [0u32, 3, 5, 6, 40, 62, 63, 64, 70, 100, 127, 191];
        let feats: Vec<(u32, [i8; LABELS])> = ids
            .iter()
            .enumerate()
            .map(|(k, &id)| (id, [k as i8 + 1; LABELS]))
            .collect();
        let m =
            Model::from_bytes(&write_model(8, &[[0; LABELS]; LABELS + 1], &feats)).expect("valid");
        for id in 0..256u32 {
            let mut e = [0; LABELS];
            m.add_weights(&[id], &mut e);
            let want = ids
                .iter()
                .position(|&i| i == id)
                .map_or(0, |k| k as i32 + 1);
            assert_eq!(e, [want; LABELS], "feature {id}");
        }
    }

    #[test]
    fn packed_sums_equal_plain_sums() {
        // Extreme and mixed-sign weights, absent features, and more ids than one packed sum
        // holds.
        let rows = [
            [-128i8, 127, -1, 0, 1, -127, 126],
            [127, -128, 5, -5, 64, -64, 0],
        ];
        let feats = [(7u32, rows[0]), (9, rows[1])];
        let m =
            Model::from_bytes(&write_model(8, &[[0; LABELS]; LABELS + 1], &feats)).expect("valid");
        let ids: Vec<u32> = (0..700u32).map(|k| [7, 9, 8][k as usize % 3]).collect();
        let mut e = [3; LABELS];
        m.add_weights(&ids, &mut e);
        let mut want = [3i32; LABELS];
        for &id in &ids {
            let row = match id {
                7 => rows[0],
                9 => rows[1],
                _ => [0; LABELS],
            };
            for k in 0..LABELS {
                want[k] += row[k] as i32;
            }
        }
        assert_eq!(e, want);
    }

    #[test]
    fn ids_out_of_order_or_range_are_rejected() {
        let t = [[0; LABELS]; LABELS + 1];
        assert!(
            Model::from_bytes(&write_model(8, &t, &[(3, [1; LABELS]), (3, [2; LABELS])])).is_none()
        );
        assert!(Model::from_bytes(&write_model(8, &t, &[(256, [1; LABELS])])).is_none());
        assert!(Model::from_bytes(&write_model(25, &t, &[(1, [1; LABELS])])).is_none());
    }

    #[test]
    fn malformed_files_are_rejected() {
        assert!(Model::from_bytes(b"").is_none());
        assert!(Model::from_bytes(b"DNER\x01\x08\x07").is_none());
        let good = write_model(8, &[[0; LABELS]; LABELS + 1], &[(1, [1; LABELS])]);
        assert!(Model::from_bytes(&good[..good.len() - 1]).is_none());
    }
}
