//! Folding names for search: the key two spellings share when an analyst would call them the same
//! ("Choe Son-hui" / "choe son hui", "Sergéi" / "Sergei", "Kim Jong Un's" / "kim jong uns",
//! "U.S." / "US").
//!
//! Search folds with the engine's own gazetteer fold ([`dossier_core::gazetteer::fold`]): lower
//! case, Latin diacritics removed by table (Latin-1 and Latin Extended-A, ß → ss, æ → ae, …),
//! combining marks, dots and apostrophes dropped, every other run of punctuation or space one
//! space. One fold for the engine and the explorer means a name the engine matched is found by the
//! same spelling in the search box, and the app carries no Unicode normalisation tables: an NFKD
//! fold (`unicode-normalization`) cost the page 69.5 KB gzip. What that gives up: diacritics
//! outside Latin (Cyrillic "й", Greek tonos) are kept rather than stripped, on both sides of the
//! comparison alike. It never panics and is idempotent: `fold(&fold(s)) == fold(s)`.

/// The folded form of `s` (see the module docs).
pub fn fold(s: &str) -> String {
    dossier_core::gazetteer::fold(s)
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn case_diacritics_hyphens_and_apostrophes_fold_away() {
        assert_eq!(fold("Choe Son-hui"), "choe son hui");
        assert_eq!(fold("  SERGÉI   Lávrov "), "sergei lavrov");
        assert_eq!(fold("Kim Jong Un’s"), "kim jong uns");
        assert_eq!(fold("Straße Łódź Ærø"), "strasse lodz aero");
        assert_eq!(fold("U.S."), "us");
        assert_eq!(fold(""), "");
        assert_eq!(fold("—"), "");
    }

    #[test]
    fn non_latin_scripts_are_lowercased_not_dropped() {
        // Cyrillic is lowercased and keeps its letters (diacritics outside Latin are kept).
        assert_eq!(fold("Сергей ЛАВРОВ"), "сергей лавров");
        assert_eq!(fold("김정은"), fold("김정은").as_str());
        assert!(!fold("김정은").is_empty());
    }

    proptest::proptest! {
        #[test]
        fn folding_is_idempotent(s in "\\PC{0,40}") {
            let once = fold(&s);
            proptest::prop_assert_eq!(fold(&once), once.clone());
            proptest::prop_assert!(!once.starts_with(' ') && !once.ends_with(' ') && !once.contains("  "));
        }
    }
}
