//! Recognition with the shipped model: plain news sentences, and invariants over any input.

use dossier_core::recognize::recognize;
use dossier_core::text::sentences;
use dossier_core::{MentionKind, Span};
use proptest::prelude::*;

fn names(text: &str) -> Vec<(String, MentionKind)> {
    let sents = sentences(text, &[Span::new(0, text.len())]);
    recognize(text, &sents)
        .into_iter()
        .map(|m| (m.span.of(text).to_string(), m.kind))
        .collect()
}

#[test]
fn finds_people_organisations_and_places_in_a_news_paragraph() {
    let text = "Officials at the World Health Organization said on Tuesday that the outbreak \
                had spread to Nairobi. Dr. Margaret Chan, who leads the agency, will travel \
                there next week. Chan said the response had been slow.";
    let got = names(text);
    for want in [
        ("World Health Organization", MentionKind::Organization),
        ("Nairobi", MentionKind::Place),
        ("Margaret Chan", MentionKind::Person),
        ("Chan", MentionKind::Person),
    ] {
        assert!(
            got.iter().any(|(s, k)| s == want.0 && *k == want.1),
            "missing {want:?} in {got:?}"
        );
    }
    assert!(
        !got.iter().any(|(s, _)| s == "Officials" || s == "Tuesday"),
        "{got:?}"
    );
}

proptest! {
    #[test]
    fn mentions_are_sorted_in_bounds_and_deterministic(text in "\\PC{0,300}|([A-Z][a-z]{0,6}[ .,\n]{1,2}){0,30}") {
        let sents = sentences(&text, &[Span::new(0, text.len())]);
        let a = recognize(&text, &sents);
        for m in &a {
            prop_assert!(m.span.start < m.span.end && m.span.end <= text.len());
            prop_assert!(text.is_char_boundary(m.span.start) && text.is_char_boundary(m.span.end));
        }
        prop_assert!(a.windows(2).all(|w| w[0].span <= w[1].span));
        prop_assert_eq!(a, recognize(&text, &sents));
    }
}
