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
pub struct Model {
    bits: u32,
    trans: [[i32; LABELS]; LABELS + 1],
    /// Open-addressing table of (bucket id, weights): key and weights share a slot so one
    /// lookup touches one cache line.
    slots: Vec<Slot>,
    shift: u32,
}

#[derive(Clone, Copy)]
#[repr(C)]
struct Slot {
    key: u32,
    w: [i8; 8],
}

const EMPTY: u32 = u32::MAX;

impl Model {
    /// Parse a model file; `None` if it is malformed.
    pub fn from_bytes(bytes: &[u8]) -> Option<Model> {
        let mut r = Reader { b: bytes, at: 0 };
        if r.take(4)? != b"DNER" || r.u8()? != 1 {
            return None;
        }
        let bits = r.u8()? as u32;
        if r.u8()? as usize != LABELS || bits == 0 || bits > 31 {
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
        let mut ids = Vec::with_capacity(count);
        let mut last = 0u32;
        for _ in 0..count {
            last = last.checked_add(r.leb()?)?;
            ids.push(last);
        }
        // Load factor at most 1/2: most lookups are of features the model does not have, and
        // with linear probing a miss scans to the next empty slot.
        let size = (count * 2).next_power_of_two().max(16);
        let mut slots = vec![
            Slot {
                key: EMPTY,
                w: [0; 8]
            };
            size
        ];
        let shift = 32 - size.trailing_zeros();
        for &id in &ids {
            let w = r.take(LABELS)?;
            let mut slot = slot_of(id, shift);
            while slots[slot].key != EMPTY {
                slot = (slot + 1) & (size - 1);
            }
            slots[slot].key = id;
            for (k, &b) in w.iter().enumerate() {
                slots[slot].w[k] = b as i8;
            }
        }
        Some(Model {
            bits,
            trans,
            slots,
            shift,
        })
    }

    /// Number of feature buckets the model was trained with (`2^bits`).
    pub fn bits(&self) -> u32 {
        self.bits
    }

    #[inline]
    fn weights(&self, feature: u32) -> Option<&[i8; 8]> {
        let id = feature & ((1u32 << self.bits) - 1);
        let mask = self.slots.len() - 1;
        let mut slot = slot_of(id, self.shift);
        loop {
            let s = &self.slots[slot];
            if s.key == id {
                return Some(&s.w);
            }
            let k = s.key;
            if k == EMPTY {
                return None;
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Add the weights of features `ids` to label scores `e`.
    #[inline]
    pub fn add_weights(&self, ids: &[u32], e: &mut [i32; LABELS]) {
        for &f in ids {
            if let Some(w) = self.weights(f) {
                for k in 0..LABELS {
                    e[k] += w[k] as i32;
                }
            }
        }
    }

    /// Best label sequence for one sentence, given each token's label scores.
    pub fn decode_emissions(&self, emits: &[[i32; LABELS]]) -> Vec<usize> {
        viterbi(
            emits.len(),
            |i, e| {
                for k in 0..LABELS {
                    e[k] += emits[i][k];
                }
            },
            &self.trans,
        )
    }

    /// Best label sequence for one sentence, given each token's feature ids.
    pub fn decode(&self, features: &[Vec<u32>]) -> Vec<usize> {
        viterbi(
            features.len(),
            |i, emit| {
                for &f in &features[i] {
                    if let Some(w) = self.weights(f) {
                        for k in 0..LABELS {
                            emit[k] += w[k] as i32;
                        }
                    }
                }
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
    mut emit: impl FnMut(usize, &mut [i32; LABELS]),
    trans: &[[i32; LABELS]; LABELS + 1],
) -> Vec<usize> {
    if n == 0 {
        return Vec::new();
    }
    // Disallowed transitions score far below anything reachable, so the inner loop needs no
    // branch on them.
    const NEVER: i32 = i32::MIN / 4;
    let mut t = [[NEVER; LABELS]; LABELS + 1];
    for from in 0..=LABELS {
        for to in 0..LABELS {
            if allowed(from, to) {
                t[from][to] = trans[from][to].clamp(NEVER / 4, -NEVER / 4);
            }
        }
    }
    let mut back = vec![[0u8; LABELS]; n];
    let mut score = [0i32; LABELS];
    for i in 0..n {
        let mut e = [0i32; LABELS];
        emit(i, &mut e);
        let e = e.map(|v| v.clamp(NEVER / 4, -NEVER / 4));
        let mut next = [0i32; LABELS];
        for to in 0..LABELS {
            if i == 0 {
                next[to] = t[LABELS][to] + e[to];
                continue;
            }
            let mut best = score[0] + t[0][to];
            let mut arg = 0u8;
            for from in 1..LABELS {
                let s = score[from] + t[from][to];
                if s > best {
                    best = s;
                    arg = from as u8;
                }
            }
            next[to] = best.max(NEVER) + e[to];
            back[i][to] = arg;
        }
        // Keep scores relative to the best so no sentence length can overflow them.
        let top = next.iter().copied().max().unwrap_or(0);
        score = next.map(|v| (v - top).max(NEVER));
    }
    let mut best = 0;
    for k in 1..LABELS {
        if score[k] > score[best] {
            best = k;
        }
    }
    let mut out = vec![0usize; n];
    out[n - 1] = best;
    for i in (1..n).rev() {
        out[i - 1] = back[i][out[i]] as usize;
    }
    out
}

#[inline]
fn slot_of(id: u32, shift: u32) -> usize {
    (id.wrapping_mul(0x9e37_79b1) >> shift) as usize
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
    fn malformed_files_are_rejected() {
        assert!(Model::from_bytes(b"").is_none());
        assert!(Model::from_bytes(b"DNER\x01\x08\x07").is_none());
        let good = write_model(8, &[[0; LABELS]; LABELS + 1], &[(1, [1; LABELS])]);
        assert!(Model::from_bytes(&good[..good.len() - 1]).is_none());
    }
}
