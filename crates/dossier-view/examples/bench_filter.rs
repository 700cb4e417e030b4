//! Measures how fast the explorer answers a keystroke at the scale (1,000 documents, several
//! thousand entities): index build once, then one query per prefix of a typed name, as the search box
//! sends them. Prints figures; asserts nothing. Run with
//! `cargo run -p dossier-view --release --example bench_filter [DOCS]`.

// A native measuring tool: the standard sorts are fine here (see clippy.toml).
#![allow(clippy::disallowed_methods)]

use dossier_core::{
    Analysis, DocId, DocumentSummary, Entity, EntityId, EntityKind, Evidence, Format,
    MentionOrigin, MentionRef, Modality, Relation,
};
use dossier_view::filter::{Filters, Index};
use std::collections::BTreeSet;
use std::time::Instant;

/// A deterministic pseudo-random stream (xorshift), so runs are comparable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const SYLLABLES: [&str; 24] = [
    "ka", "lo", "mir", "sen", "vo", "ra", "dze", "ni", "pet", "ro", "ush", "an", "el", "kov", "ya",
    "min", "to", "gra", "shi", "bo", "ler", "que", "zé", "ño",
];

fn word(rng: &mut Rng) -> String {
    let n = 2 + rng.below(2);
    let w: String = (0..n)
        .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
        .collect();
    let mut chars = w.chars();
    let first: String = chars
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default();
    first + chars.as_str()
}

fn synth(docs: usize) -> Analysis {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let entities_n = docs * 8;
    let countries = ["RU", "KP", "US", "UA", "CN", "KR", "FR", "DE"];
    let kinds = [
        EntityKind::Person,
        EntityKind::Organization,
        EntityKind::Place,
    ];
    let mut entities: Vec<Entity> = (0..entities_n)
        .map(|i| {
            let name = format!("{} {}", word(&mut rng), word(&mut rng));
            let aliases = (0..rng.below(3)).map(|_| word(&mut rng)).collect();
            let n_mentions = 1 + rng.below(12);
            let mut mentions: Vec<MentionRef> = (0..n_mentions)
                .map(|_| {
                    let s = rng.below(5000);
                    MentionRef {
                        doc: DocId(rng.below(docs) as u32),
                        start: s,
                        end: s + 10,
                        kind: MentionOrigin::Text,
                    }
                })
                .collect();
            mentions.sort();
            let docs: BTreeSet<DocId> = mentions.iter().map(|m| m.doc).collect();
            Entity {
                id: EntityId(i as u32),
                name,
                kind: kinds[rng.below(3)],
                aliases,
                country: Some(countries[rng.below(countries.len())].to_string()),
                roles: Vec::new(),
                docs: docs.into_iter().collect(),
                mentions,
                merges: Vec::new(),
            }
        })
        .collect();
    entities.sort_by_key(|e| e.id);
    let predicates = [
        "met",
        "visited",
        "sent troops to",
        "criticised",
        "signed with",
    ];
    let relations = (0..docs * 5)
        .map(|_| {
            let doc = DocId(rng.below(docs) as u32);
            Relation {
                subject: EntityId(rng.below(entities_n) as u32),
                predicate: predicates[rng.below(predicates.len())].to_string(),
                object: EntityId(rng.below(entities_n) as u32),
                modality: Modality::Asserted,
                date: None,
                date_text: None,
                derived: false,
                evidence: vec![Evidence {
                    doc,
                    start: 0,
                    end: 80,
                    text: "x".repeat(80),
                }],
            }
        })
        .collect();
    let documents = (0..docs)
        .map(|i| DocumentSummary {
            id: DocId(i as u32),
            name: format!("{i:04}.txt"),
            format: Format::Text,
            title: None,
            date: None,
            source: Some(format!("Source {}", i % 40)),
            words: 800,
            bytes: 5000,
            diagnostics: Vec::new(),
            byline: None,
            dateline: None,
            regions: Vec::new(),
        })
        .collect();
    Analysis {
        documents,
        entities,
        relations,
        ..Analysis::default()
    }
}

fn main() {
    let docs: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000);
    let a = synth(docs);
    let t = Instant::now();
    let index = Index::new(&a);
    println!(
        "{docs} documents, {} entities, {} relations: index built in {:.1} ms",
        a.entities.len(),
        a.relations.len(),
        t.elapsed().as_secs_f64() * 1e3
    );
    let typed = a.entities[a.entities.len() / 2].name.clone();
    let mut worst = 0.0f64;
    let mut total = 0.0;
    let mut n = 0;
    let mut filters = Filters::default();
    for (i, _) in typed.char_indices().skip(1).chain([(typed.len(), ' ')]) {
        filters.q = typed[..i].to_string();
        let t = Instant::now();
        let r = index.query(&a, &filters);
        let ms = t.elapsed().as_secs_f64() * 1e3;
        println!(
            "  q={:<22} {:>6} entities {:>7.2} ms",
            format!("{:?}", filters.q),
            r.entities.len(),
            ms
        );
        worst = worst.max(ms);
        total += ms;
        n += 1;
    }
    filters.countries.insert("KP".into());
    filters.kinds.insert(EntityKind::Person);
    filters.min_mentions = 3;
    let t = Instant::now();
    let r = index.query(&a, &filters);
    println!(
        "  combined filters (q, country, type, min mentions): {} entities in {:.2} ms",
        r.entities.len(),
        t.elapsed().as_secs_f64() * 1e3
    );
    println!(
        "per keystroke: mean {:.2} ms, worst {:.2} ms",
        total / n as f64,
        worst
    );
}
