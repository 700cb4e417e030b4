//! Sentences and tokens: invariants over arbitrary input.

use dossier_core::text::{sentences, tokens};
use dossier_core::Span;
use proptest::prelude::*;

proptest! {
    #[test]
    fn sentences_and_tokens_stay_in_bounds(text in "\\PC{0,200}|[A-Z. \n\"'’()–-]{0,80}") {
        let all = Span::new(0, text.len());
        let sents = sentences(&text, &[all]);
        let mut last_end = 0;
        for s in &sents {
            prop_assert!(s.span.start >= last_end && s.span.end <= text.len());
            prop_assert!(text.is_char_boundary(s.span.start) && text.is_char_boundary(s.span.end));
            prop_assert!(!s.span.is_empty());
            last_end = s.span.end;
            let mut prev = s.span.start;
            for t in tokens(&text, s.span) {
                prop_assert!(t.start >= prev && t.end <= s.span.end && !t.is_empty());
                prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
                prop_assert!(!t.of(&text).chars().any(char::is_whitespace)
                    || t.of(&text).contains("://"));
                prev = t.end;
            }
        }
        prop_assert_eq!(sents, sentences(&text, &[all]));
    }

    #[test]
    fn arbitrary_main_spans_never_panic(text in "\\PC{0,60}", a in 0usize..80, b in 0usize..80) {
        let _ = sentences(&text, &[Span { start: a, end: b }, Span { start: b, end: a }]);
        let _ = tokens(&text, Span { start: a.min(b), end: a.max(b) });
    }
}
