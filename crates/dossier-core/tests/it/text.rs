//! Sentences and tokens: invariants over arbitrary input.

use dossier_core::text::{sentences, tokenized_sentences, tokens};
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

    /// The splitter hands out the tokens it found, and they must be exactly the sentence's own.
    #[test]
    fn tokenized_sentences_carry_each_sentence_tokens(
        text in "\\PC{0,200}|[A-Za-z.,!? \n\"'’()•–-]{0,80}|([A-Z][a-z]{0,3}[.!?\"]{0,2} ?){0,20}",
        a in 0usize..220,
        b in 0usize..220,
    ) {
        let mains = [vec![Span::new(0, text.len())], vec![Span::new(a.min(b), a.max(b))]];
        for main in &mains {
            let (sents, tokenized) = tokenized_sentences(&text, main);
            prop_assert_eq!(&sents, &sentences(&text, main));
            prop_assert_eq!(sents.len(), tokenized.len());
            for (s, t) in sents.iter().zip(&tokenized) {
                prop_assert_eq!(&t.tokens, &tokens(&text, s.span));
                prop_assert_eq!(t.headline, s.headline);
            }
        }
    }

    #[test]
    fn sentence_cut_inside_a_chunk_is_tokenized_on_its_own(pad in "[ \n]{0,2}") {
        // "U.S.The": the splitter may cut where no whitespace is; "•Text": a bullet glued on.
        for text in [format!("He went to the U.S.{pad}The end."), format!("•Item one{pad}\n•Two")] {
            let all = [Span::new(0, text.len())];
            let (sents, tokenized) = tokenized_sentences(&text, &all);
            for (s, t) in sents.iter().zip(&tokenized) {
                prop_assert_eq!(&t.tokens, &tokens(&text, s.span));
            }
        }
    }

    #[test]
    fn arbitrary_main_spans_never_panic(text in "\\PC{0,60}", a in 0usize..80, b in 0usize..80) {
        let _ = sentences(&text, &[Span { start: a, end: b }, Span { start: b, end: a }]);
        let _ = tokens(&text, Span { start: a.min(b), end: a.max(b) });
    }
}
