//! Stable sorting that costs the browser build one copy of the sort routine instead of one per
//! call site: [`SortStable`], used for every stable sort in the engine, the view and the app.
//!
//! The standard library's stable sort is generic over the element type *and* the comparator, so
//! each `v.sort_by(|a, b| …)` instantiates its own driftsort, quicksort and small-sort (~4 KB of
//! wasm each before wasm-opt): 47 of them were ~190 KB of the app's wasm. In wasm, [`SortStable`]
//! sorts a permutation of `u32` indices with one non-generic routine (comparator behind `&mut dyn`),
//! then moves the elements into place with a tiny per-type loop. Natively it calls the standard
//! library, so the CLI's speed is untouched. Both are stable sorts, so the order is the same.
//! `clippy.toml` in this crate and in dossier-view disallows the standard stable sorts outside tests.

use std::cmp::Ordering;

/// Stable sorts, named apart from the standard ones so a call site says which it uses.
pub trait SortStable<T> {
    /// Like [`slice::sort`].
    fn sort_stable(&mut self)
    where
        T: Ord;
    /// Like [`slice::sort_by`].
    fn sort_stable_by(&mut self, cmp: impl FnMut(&T, &T) -> Ordering);
    /// Like [`slice::sort_by_key`].
    fn sort_stable_by_key<K: Ord>(&mut self, key: impl FnMut(&T) -> K);
}

impl<T> SortStable<T> for [T] {
    fn sort_stable(&mut self)
    where
        T: Ord,
    {
        self.sort_stable_by(T::cmp);
    }

    fn sort_stable_by(&mut self, cmp: impl FnMut(&T, &T) -> Ordering) {
        if cfg!(target_arch = "wasm32") {
            sort_by_permutation(self, cmp);
        } else {
            #[allow(clippy::disallowed_methods)] // the native path is the standard sort
            self.sort_by(cmp);
        }
    }

    fn sort_stable_by_key<K: Ord>(&mut self, mut key: impl FnMut(&T) -> K) {
        self.sort_stable_by(|a, b| key(a).cmp(&key(b)));
    }
}

/// The wasm path (public for its tests): sort indices, then apply the permutation in place.
pub fn sort_by_permutation<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    // Slices longer than u32::MAX elements cannot exist in wasm32; natively they fall back.
    let Ok(len) = u32::try_from(v.len()) else {
        #[allow(clippy::disallowed_methods)]
        v.sort_by(cmp);
        return;
    };
    let mut order: Vec<u32> = (0..len).collect();
    {
        let items: &[T] = v;
        sort_indices(&mut order, &mut |a, b| {
            cmp(&items[a as usize], &items[b as usize])
        });
    }
    // `order[i]` is the index of the element that belongs at `i`: follow each cycle with swaps,
    // marking positions done by pointing them at themselves.
    for start in 0..v.len() {
        let mut at = start;
        loop {
            let from = order[at] as usize;
            order[at] = at as u32;
            if from == start {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

/// The one instantiation of the standard stable sort that the wasm build keeps.
#[inline(never)]
#[allow(clippy::disallowed_methods)]
fn sort_indices(order: &mut [u32], cmp: &mut dyn FnMut(u32, u32) -> Ordering) {
    order.sort_by(|&a, &b| cmp(a, b));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_keys_keep_their_order() {
        let mut v = vec![(2, 'a'), (1, 'b'), (2, 'c'), (1, 'd'), (0, 'e')];
        sort_by_permutation(&mut v, |x, y| x.0.cmp(&y.0));
        assert_eq!(v, [(0, 'e'), (1, 'b'), (1, 'd'), (2, 'a'), (2, 'c')]);
    }

    #[test]
    fn trait_sorts_like_the_standard_library() {
        let mut v = vec!["b", "a", "c", "a"];
        v.sort_stable();
        assert_eq!(v, ["a", "a", "b", "c"]);
        v.sort_stable_by(|x, y| y.cmp(x));
        assert_eq!(v, ["c", "b", "a", "a"]);
        v.sort_stable_by_key(|s| s.len());
        assert_eq!(v, ["c", "b", "a", "a"]);
    }
}
