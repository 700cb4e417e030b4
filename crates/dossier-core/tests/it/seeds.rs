//! The five seed articles (`www/samples/`, the shared corpus's seeds) through the whole engine,
//! checked against the analyst's expectations (`tests/fixtures/seeds.expected.json`, a copy of
//! `shared/fixtures/seeds.expected.json`): entities (type, aliases, country, role, documents),
//! false positives from page furniture, countries and how they were mentioned.
//!
//! Two kinds of check. Invariants that alias merging owns are asserted outright (Sung Kim is never
//! Kim Jong Un; output is deterministic). The per-item scorecard depends on every stage before
//! resolve (cleaning, recognition), so it is a snapshot: a stage that finds more or less changes
//! the card visibly in review (`UPDATE_EXPECT=1 cargo test -p dossier-core --test it seeds` after
//! checking the change is an improvement).

use dossier_core::{analyze, Analysis, Entity, Input, MentionOrigin};
use expect_test::expect;
use serde_json::Value;
use std::collections::BTreeSet;

/// The seed articles: the app's bundled samples (`www/samples/`) in this repository, else the
/// shared corpus next to it.
fn seed_dir() -> String {
    let root = env!("CARGO_MANIFEST_DIR");
    let bundled = format!("{root}/../../www/samples");
    if std::path::Path::new(&bundled).is_dir() {
        bundled
    } else {
        format!("{root}/../../../shared/corpus/seeds")
    }
}

fn seeds() -> Analysis {
    let dir = seed_dir();
    let mut inputs = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("the seed corpus at {dir}: {e}"))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().ends_with(".txt"))
        })
        .collect();
    paths.sort();
    for p in paths {
        let name = p
            .file_name()
            .expect("file name")
            .to_string_lossy()
            .into_owned();
        inputs.push(Input::new(name, std::fs::read(&p).expect("readable seed")));
    }
    analyze(&inputs)
}

/// The analyst's expectations, a copy of `shared/fixtures/seeds.expected.json`.
fn expected() -> Value {
    let text = include_str!("../fixtures/seeds.expected.json");
    serde_json::from_str(text).expect("valid JSON")
}

/// Names compare after folding case, diacritics, dots, apostrophes, hyphens and a leading "the",
/// as the fixture's own checker does.
fn fold(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let c = match c {
            'á' | 'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ï' => 'i',
            'ó' | 'ö' | 'ô' | 'ŏ' => 'o',
            'ú' | 'ü' | 'ŭ' => 'u',
            '\'' | '’' | '.' => continue,
            '-' | '_' => ' ',
            c => c,
        };
        out.extend(c.to_lowercase());
    }
    let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    out.strip_prefix("the ").map(str::to_string).unwrap_or(out)
}

/// The three-digit prefix of a seed's file name ("000_….txt" → "000"), by document id.
fn doc_keys(a: &Analysis, e: &Entity) -> BTreeSet<String> {
    e.docs
        .iter()
        .filter_map(|d| a.documents.iter().find(|x| x.id == *d))
        .map(|d| d.name.chars().take(3).collect())
        .collect()
}

fn names_of(e: &Entity) -> BTreeSet<String> {
    std::iter::once(&e.name)
        .chain(&e.aliases)
        .map(|n| fold(n))
        .collect()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The entity the fixture means: by its name, or by a multi-word alias, preferring its type.
fn find<'a>(a: &'a Analysis, name: &str, aliases: &[String], kind: &str) -> Option<&'a Entity> {
    let mut keys: BTreeSet<String> = aliases
        .iter()
        .filter(|x| x.contains(' '))
        .map(|x| fold(x))
        .collect();
    keys.insert(fold(name));
    let hits: Vec<&Entity> = a
        .entities
        .iter()
        .filter(|e| !names_of(e).is_disjoint(&keys))
        .collect();
    let typed = hits.iter().find(|e| {
        serde_json::to_value(e.kind)
            .ok()
            .as_ref()
            .and_then(Value::as_str)
            == Some(kind)
    });
    typed.or(hits.first()).copied()
}

fn scorecard(a: &Analysis, exp: &Value) -> String {
    let mut out = String::new();
    for m in exp["entities"]["must"].as_array().expect("entities.must") {
        let name = m["name"].as_str().expect("name");
        let kind = m["type"].as_str().expect("type");
        let aliases = strings(&m["aliases"]);
        let Some(e) = find(a, name, &aliases, kind) else {
            out.push_str(&format!("{name}: MISSING\n"));
            continue;
        };
        let mut notes = Vec::new();
        let got_kind = serde_json::to_value(e.kind).expect("kind");
        if got_kind.as_str() != Some(kind) {
            notes.push(format!("type {got_kind}"));
        }
        let names = names_of(e);
        let missing: Vec<&String> = aliases
            .iter()
            .filter(|x| !names.contains(&fold(x)))
            .collect();
        if !missing.is_empty() {
            notes.push(format!("aliases missing {missing:?}"));
        }
        if let Some(c) = m["country"].as_str() {
            if e.country.as_deref() != Some(c) {
                notes.push(format!("country {:?}", e.country));
            }
        }
        if let Some(r) = m["role"].as_str() {
            let want = fold(r);
            let ok = e.roles.iter().any(|x| {
                let got = fold(&x.title);
                got.contains(&want) || want.contains(&got)
            });
            if !ok {
                let got: Vec<&str> = e.roles.iter().map(|x| x.title.as_str()).collect();
                notes.push(format!("role {got:?}"));
            }
        }
        let want_docs: BTreeSet<String> = strings(&m["docs"]).into_iter().collect();
        let got_docs = doc_keys(a, e);
        let lost: Vec<&String> = want_docs.difference(&got_docs).collect();
        if !lost.is_empty() {
            notes.push(format!("not found in {lost:?}"));
        }
        let line = if notes.is_empty() {
            "ok".to_string()
        } else {
            notes.join("; ")
        };
        out.push_str(&format!("{name}: {line}\n"));
    }
    let mut fps = Vec::new();
    for b in strings(&exp["entities"]["must_not"]) {
        if a.entities.iter().any(|e| names_of(e).contains(&fold(&b))) {
            fps.push(b);
        }
    }
    out.push_str(&format!("false positives: {fps:?}\n"));
    for m in exp["countries"]["must"].as_array().expect("countries.must") {
        let code = m["iso2"].as_str().expect("iso2");
        let Some(c) = a.countries.iter().find(|c| c.code == code) else {
            out.push_str(&format!("country {code}: MISSING\n"));
            continue;
        };
        let got: BTreeSet<String> = c.mentioned_as.iter().map(|x| fold(x)).collect();
        let mut notes = Vec::new();
        let missing: Vec<String> = strings(&m["mentioned_as"])
            .into_iter()
            .filter(|x| !got.contains(&fold(x)))
            .collect();
        if !missing.is_empty() {
            notes.push(format!("not mentioned as {missing:?}"));
        }
        let want_docs: BTreeSet<String> = strings(&m["docs"]).into_iter().collect();
        let got_docs: BTreeSet<String> = c
            .docs
            .iter()
            .filter_map(|d| a.documents.iter().find(|x| x.id == *d))
            .map(|d| d.name.chars().take(3).collect())
            .collect();
        let lost: Vec<&String> = want_docs.difference(&got_docs).collect();
        if !lost.is_empty() {
            notes.push(format!("not found in {lost:?}"));
        }
        let line = if notes.is_empty() {
            "ok".to_string()
        } else {
            notes.join("; ")
        };
        out.push_str(&format!("country {code}: {line}\n"));
    }
    let bad: Vec<String> = strings(&exp["countries"]["must_not"])
        .into_iter()
        .filter(|n| a.countries.iter().any(|c| fold(&c.name) == fold(n)))
        .collect();
    out.push_str(&format!("country false positives: {bad:?}\n"));
    out
}

#[test]
fn sung_kim_is_never_merged_into_kim_jong_un_and_output_is_deterministic() {
    let a = seeds();
    let kim = find(&a, "Kim Jong Un", &["Kim Jong-un".into()], "person");
    let sung = find(&a, "Sung Kim", &[], "person");
    if let (Some(k), Some(s)) = (kim, sung) {
        assert_ne!(k.id, s.id, "Sung Kim merged into Kim Jong Un");
    }
    if let Some(k) = kim {
        assert!(!names_of(k).contains("sung kim"));
    }
    // No entity's names fold to two different full names of different people in the fixture.
    for e in &a.entities {
        let n = names_of(e);
        assert!(
            !(n.contains("sergei lavrov") && n.contains("sergei shoigu")),
            "{e:?}"
        );
    }
    let again = seeds();
    assert_eq!(
        serde_json::to_string(&a).expect("json"),
        serde_json::to_string(&again).expect("json")
    );
}

/// The seed file whose three-digit prefix is `key`, as text.
fn seed_text(key: &str) -> String {
    let dir = seed_dir();
    let path = std::fs::read_dir(&dir)
        .expect("seed corpus")
        .map(|e| e.expect("directory entry").path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(key))
        })
        .expect("seed file");
    std::fs::read_to_string(path).expect("UTF-8 seed")
}

#[test]
fn an_outlet_credited_only_in_the_metadata_links_its_document_as_a_source() {
    // In 003 Reuters is only the credit line above the publication date (and a photo credit):
    // the document is Reuters', so the entity lists it, through a `source` mention whose span
    // is that credit, and no relation rests on it.
    let a = seeds();
    let reuters = a
        .entities
        .iter()
        .find(|e| e.name == "Reuters")
        .expect("Reuters entity");
    let doc3 = a
        .documents
        .iter()
        .find(|d| d.name.starts_with("003"))
        .expect("document 003");
    assert_eq!(doc3.source.as_deref(), Some("Reuters"));
    assert!(reuters.docs.contains(&doc3.id));
    let in_doc3: Vec<_> = reuters
        .mentions
        .iter()
        .filter(|m| m.doc == doc3.id)
        .collect();
    assert_eq!(in_doc3.len(), 1, "{in_doc3:?}");
    let m = in_doc3[0];
    assert_eq!(m.kind, MentionOrigin::Source);
    assert_eq!(&seed_text("003")[m.start..m.end], "Reuters");
    for r in &a.relations {
        for ev in &r.evidence {
            assert!(
                !(ev.doc == m.doc && ev.start <= m.start && m.end <= ev.end),
                "relation from the credit line: {r:?}"
            );
        }
    }
    // Every other mention is the article's own text.
    let others = a
        .entities
        .iter()
        .flat_map(|e| &e.mentions)
        .filter(|x| x.kind == MentionOrigin::Source)
        .count();
    assert_eq!(others, 1);
}

#[test]
fn seeds_scorecard() {
    let card = scorecard(&seeds(), &expected());
    expect![[r#"
        Sergei Lavrov: ok
        Kim Jong Un: ok
        Choe Son Hui: ok
        Vladimir Putin: ok
        Andrei Rudenko: ok
        Donald Trump: aliases missing ["Trump"]
        Dmitry Peskov: ok
        Sung Kim: ok
        Sergei Shoigu: ok
        Wonsan: ok
        Pyongyang: ok
        Kuala Lumpur: ok
        Kursk: ok
        Moscow: ok
        Tumen River: ok
        KCNA: ok
        TASS: ok
        Reuters: ok
        ASEAN: ok
        Shanghai Cooperation Organisation: ok
        Interfax: ok
        Royal United Services Institute: ok
        KCTV: ok
        Central Military Commission: ok
        U.N. Security Council: ok
        White House: ok
        Kremlin: ok
        false positives: []
        country RU: ok
        country KP: ok
        country UA: ok
        country CN: ok
        country MY: ok
        country US: ok
        country KR: ok
        country GB: ok
        country false positives: []
    "#]]
    .assert_eq(&card);
}
