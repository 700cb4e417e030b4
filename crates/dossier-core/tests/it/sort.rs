//! The wasm build's stable sort (`sort::sort_by_permutation`) orders every input exactly as the
//! standard library's stable sort does, ties included.

use dossier_core::sort::sort_by_permutation;
use proptest::prelude::*;

proptest! {
    #[test]
    fn permutation_sort_equals_std_stable_sort(v in proptest::collection::vec((0u8..8, any::<u16>()), 0..300)) {
        let mut ours = v.clone();
        let mut std = v;
        // Compare on the key only, so ties exist and stability shows in the second field.
        sort_by_permutation(&mut ours, |a, b| a.0.cmp(&b.0));
        std.sort_by_key(|a| a.0);
        prop_assert_eq!(ours, std);
    }

    #[test]
    fn permutation_sort_moves_owned_values(v in proptest::collection::vec(".{0,4}", 0..100)) {
        let mut ours: Vec<String> = v.clone();
        let mut std = v;
        sort_by_permutation(&mut ours, |a, b| a.len().cmp(&b.len()));
        std.sort_by_key(|a| a.len());
        prop_assert_eq!(ours, std);
    }
}
