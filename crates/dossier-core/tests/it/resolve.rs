//! Invariants of the resolve stage on arbitrary input: it never panics, links every mention that
//! has a name, points only at real text, and gives the same answer twice.

use dossier_core::resolve::{resolve, Atlas, DocInput, Naming};
use dossier_core::{DocId, Mention, MentionKind, Sentence, Span};
use proptest::prelude::*;

struct SmallAtlas;

impl Atlas for SmallAtlas {
    fn country_name(&self, code: &str) -> Option<String> {
        (code == "RU").then(|| "Russia".to_string())
    }
    fn country_form(&self, surface: &str) -> Option<(String, Naming)> {
        match surface {
            "Russia" | "Russian" => Some(("RU".into(), Naming::Country)),
            "Moscow" => Some(("RU".into(), Naming::Capital)),
            "Kremlin" => Some(("RU".into(), Naming::Seat)),
            _ => None,
        }
    }
    fn is_given_name(&self, word: &str) -> bool {
        word == "sergei"
    }
}

/// Floor `i` to a char boundary of `text`.
fn boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn kind(k: u8) -> MentionKind {
    match k % 4 {
        0 => MentionKind::Person,
        1 => MentionKind::Organization,
        2 => MentionKind::Place,
        _ => MentionKind::Country,
    }
}

proptest! {
    #[test]
    fn never_panics_and_points_at_real_text(
        texts in proptest::collection::vec(
            "([A-Z][a-zé]{0,6}|Kim|Lavrov|Russia|Moscow|Kremlin|KCNA|\\(|\\)|,|'s|’s| |\\.|\n){0,40}",
            1..4,
        ),
        raw in proptest::collection::vec((0usize..300, 0usize..20, 0u8..4, any::<bool>()), 0..30),
    ) {
        let docs: Vec<(String, Vec<Mention>, Vec<Sentence>)> = texts
            .iter()
            .enumerate()
            .map(|(d, text)| {
                let mentions = raw
                    .iter()
                    .filter(|r| r.0 % texts.len() == d)
                    .map(|&(s, len, k, coded)| {
                        let start = boundary(text, s);
                        let end = boundary(text, start + len);
                        Mention {
                            span: Span::new(start, end.max(start)),
                            kind: kind(k),
                            country: coded.then(|| "RU".to_string()),
                        }
                    })
                    .collect();
                let sentences = vec![Sentence { span: Span::new(0, text.len()), headline: false }];
                (text.clone(), mentions, sentences)
            })
            .collect();
        let inputs: Vec<DocInput> = docs
            .iter()
            .enumerate()
            .map(|(i, (text, mentions, sentences))| DocInput {
                doc: DocId(i as u32),
                text,
                sentences,
                mentions,
            })
            .collect();
        let a = resolve(&inputs, &SmallAtlas);
        let b = resolve(&inputs, &SmallAtlas);
        prop_assert_eq!(&a, &b);
        prop_assert_eq!(a.mention_entities.len(), inputs.len());
        for (d, links) in a.mention_entities.iter().enumerate() {
            prop_assert_eq!(links.len(), inputs[d].mentions.len());
            for id in links.iter().flatten() {
                prop_assert!((id.0 as usize) < a.entities.len());
            }
        }
        for (i, e) in a.entities.iter().enumerate() {
            prop_assert_eq!(e.id.0 as usize, i);
            prop_assert!(!e.name.is_empty());
            for m in &e.mentions {
                let text = &inputs[m.doc.0 as usize].text;
                prop_assert!(m.start < m.end && text.get(m.start..m.end).is_some());
            }
            for r in &e.roles {
                for ev in &r.evidence {
                    let text = &inputs[ev.doc.0 as usize].text;
                    prop_assert_eq!(text.get(ev.start..ev.end), Some(ev.text.as_str()));
                }
            }
        }
    }
}
