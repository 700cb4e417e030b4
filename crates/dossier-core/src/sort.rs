//! The engine's sorts, one shared piece of sort code in the browser build.
//!
//! The standard library's sort is generic over the element type and the comparator, so each of
//! the engine's ~40 sorts (and each `BTreeMap` built from an iterator) carries its own copy of
//! driftsort: about 100 KB of wasm before optimisation, a large part of the worker's code. In the
//! browser build these functions sort a permutation of indices instead, with one comparator type
//! (`&mut dyn FnMut`), so the sort itself exists once, and then move the elements into place;
//! natively (CLI, tests, benchmarks) they are the standard library's sorts. Both are stable and
//! give the same order.

use std::cmp::Ordering;

/// Sorts `v` stably by `cmp`.
pub fn sort_by<T>(v: &mut [T], cmp: impl FnMut(&T, &T) -> Ordering) {
    #[cfg(target_arch = "wasm32")]
    by_permutation(v, cmp);
    #[cfg(not(target_arch = "wasm32"))]
    v.sort_by(cmp);
}

/// Sorts `v` stably in its natural order.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// Sorts `v` by `cmp`, not necessarily stably: for orders in which equal elements are alike
/// (plain numbers), where the standard library's unstable sort is the faster one natively.
pub fn sort_unstable_by<T>(v: &mut [T], cmp: impl FnMut(&T, &T) -> Ordering) {
    #[cfg(target_arch = "wasm32")]
    by_permutation(v, cmp);
    #[cfg(not(target_arch = "wasm32"))]
    v.sort_unstable_by(cmp);
}

/// Sorts `v` in its natural order, not necessarily stably (see [`sort_unstable_by`]).
pub fn sort_unstable<T: Ord>(v: &mut [T]) {
    sort_unstable_by(v, T::cmp);
}

/// Sorts `v` stably by a key.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// The browser build's sort: the stable order of `v`'s indices under `cmp`, found by the one
/// non-generic [`sorted_order`], then applied to `v` by following the permutation's cycles.
pub fn by_permutation<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let mut order = {
        let items: &[T] = v;
        sorted_order(items.len(), &mut |a, b| cmp(&items[a], &items[b]))
    };
    // order[i] is the index of the element that belongs at i. Walk each cycle once, swapping the
    // right element into place and marking the slot done (order[i] == i).
    for start in 0..v.len() {
        let mut at = start;
        loop {
            let from = order[at] as usize;
            order[at] = at as u32;
            if from == start || from == at {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

/// The indices `0..n` sorted stably by `cmp`. Not generic: the browser build has one copy.
#[inline(never)]
fn sorted_order(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<u32> {
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.sort_by(|&a, &b| cmp(a as usize, b as usize));
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn sorts_stably_by_the_comparator() {
        let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        by_permutation(&mut v, |a, b| a.0.cmp(&b.0));
        assert_eq!(v, [(1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]);
    }

    proptest! {
        #[test]
        fn the_permutation_sort_agrees_with_the_standard_stable_sort(
            v in proptest::collection::vec((0u8..8, any::<u16>()), 0..200)
        ) {
            let mut ours = v.clone();
            by_permutation(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut std = v;
            std.sort_by_key(|a| a.0);
            prop_assert_eq!(ours, std);
        }
    }
}
