//! Relations, read as a spec: inline marked fixtures ("[Lavrov|PER:1:RU] met [Kim|PER:2:KP]"),
//! which isolate relation extraction from recognition, plus the precision/recall fixtures in
//! `tests/fixtures/relations_{precision,holdout}.txt`.

use dossier_core::relate::{relate, RelDoc};
use dossier_core::{DocId, Entity, EntityId, EntityKind, Modality, Relation, Sentence, Span};
use std::collections::BTreeMap;

/// A document built from marked text: plain text, sentences, mentions, and the entities they name.
pub struct Marked {
    pub text: String,
    pub sentences: Vec<Sentence>,
    pub mentions: Vec<(Span, EntityId, EntityKind)>,
    pub entities: Vec<Entity>,
}

impl Marked {
    pub fn doc(&self, id: u32, date: Option<&'static str>) -> RelDoc<'_> {
        RelDoc {
            doc: DocId(id),
            text: &self.text,
            sentences: &self.sentences,
            mentions: &self.mentions,
            date,
        }
    }
}

fn country_name(code: &str) -> Option<&'static str> {
    Some(match code {
        "RU" => "Russia",
        "KP" => "North Korea",
        "KR" => "South Korea",
        "UA" => "Ukraine",
        "US" => "United States",
        "CN" => "China",
        "FR" => "France",
        "DE" => "Germany",
        "JP" => "Japan",
        "TR" => "Turkey",
        "BY" => "Belarus",
        "IR" => "Iran",
        "PL" => "Poland",
        "GB" => "United Kingdom",
        "VN" => "Vietnam",
        "IN" => "India",
        "IL" => "Israel",
        _ => return None,
    })
}

/// Country entities get ids from here up when a marker names a country code with no country marker.
const AUTO_COUNTRY: u32 = 1000;

/// Parse `[surface|KIND:id:CC]` markers (KIND: PER, ORG, LOC, C). Sentences end at `.`, `?` or `!`
/// followed by a space or the end (a deliberately simple splitter: fixtures are written for it).
pub fn marked(src: &str) -> Marked {
    let mut text = String::new();
    let mut mentions = Vec::new();
    let mut ents: BTreeMap<u32, (String, EntityKind, Option<String>)> = BTreeMap::new();
    let mut rest = src;
    while let Some(open) = rest.find('[') {
        text.push_str(&rest[..open]);
        let close = rest[open..].find(']').expect("unclosed marker") + open;
        let inner = &rest[open + 1..close];
        let (surface, tag) = inner.split_once('|').expect("marker without |");
        let mut parts = tag.split(':');
        let kind = match parts.next().unwrap() {
            "PER" => EntityKind::Person,
            "ORG" => EntityKind::Organization,
            "LOC" => EntityKind::Place,
            "C" => EntityKind::Country,
            k => panic!("unknown kind {k}"),
        };
        let id: u32 = parts.next().unwrap().parse().unwrap();
        let cc = parts.next().map(str::to_string);
        let start = text.len();
        text.push_str(surface);
        mentions.push((Span::new(start, text.len()), EntityId(id), kind));
        let name = match (kind, cc.as_deref().and_then(country_name)) {
            (EntityKind::Country, Some(n)) => n.to_string(),
            _ => surface.to_string(),
        };
        ents.entry(id).or_insert((name, kind, cc));
        rest = &rest[close + 1..];
    }
    text.push_str(rest);
    let mut entities: Vec<Entity> = ents
        .iter()
        .map(|(&id, (name, kind, cc))| entity(id, name, *kind, cc.clone()))
        .collect();
    let mut codes: Vec<String> = ents.values().filter_map(|e| e.2.clone()).collect();
    codes.sort();
    codes.dedup();
    for (i, code) in codes.iter().enumerate() {
        let has = ents
            .values()
            .any(|e| e.1 == EntityKind::Country && e.2.as_deref() == Some(code));
        if !has {
            let name = country_name(code).unwrap_or(code);
            entities.push(entity(
                AUTO_COUNTRY + i as u32,
                name,
                EntityKind::Country,
                Some(code.clone()),
            ));
        }
    }
    let sentences = split(&text);
    Marked {
        text,
        sentences,
        mentions,
        entities,
    }
}

fn entity(id: u32, name: &str, kind: EntityKind, country: Option<String>) -> Entity {
    Entity {
        id: EntityId(id),
        name: name.to_string(),
        kind,
        aliases: Vec::new(),
        country,
        roles: Vec::new(),
        docs: Vec::new(),
        mentions: Vec::new(),
        merges: Vec::new(),
    }
}

fn split(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = text.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        let end_here = matches!(c, b'.' | b'?' | b'!') && (i + 1 == b.len() || b[i + 1] == b' ');
        if end_here {
            let s = text[start..=i].trim_start();
            let s0 = i + 1 - s.len();
            out.push(Sentence {
                span: Span::new(s0, i + 1),
                headline: false,
            });
            start = i + 1;
        }
    }
    if !text[start..].trim().is_empty() {
        let s0 = start + (text[start..].len() - text[start..].trim_start().len());
        out.push(Sentence {
            span: Span::new(s0, text.trim_end().len()),
            headline: false,
        });
    }
    out
}

/// Relations of one marked document, as "S predicate O modality" lines with ids (derived ones
/// marked with a trailing `*`).
pub fn lines(src: &str) -> Vec<String> {
    let m = marked(src);
    let rels = relate(&[m.doc(0, None)], &m.entities);
    rels.iter().map(line).collect()
}

fn line(r: &Relation) -> String {
    format!(
        "{} {} {} {}{}",
        r.subject.0,
        r.predicate,
        r.object.0,
        modality(r.modality),
        if r.derived { " *" } else { "" }
    )
}

fn modality(m: Modality) -> &'static str {
    match m {
        Modality::Asserted => "asserted",
        Modality::Reported => "reported",
        Modality::Planned => "planned",
        Modality::Unconfirmed => "unconfirmed",
        Modality::Denied => "denied",
    }
}

#[test]
fn a_meeting_with_its_place_and_the_roll_up() {
    let got = lines("[Lavrov|PER:1:RU] met [Kim Jong Un|PER:2:KP] in [Wonsan|LOC:3:KP].");
    assert_eq!(
        got,
        [
            "1 met 2 asserted",
            "1 visited 3 asserted *",
            "1 visited 1000 asserted *",
            "1001 met 1000 asserted *",
        ]
    );
}

#[test]
fn every_relation_has_evidence_inside_its_document() {
    let m = marked(
        "Russian Foreign Minister [Sergei Lavrov|PER:1:RU] arrived in [Pyongyang|LOC:6:KP] on \
         Wednesday. The foreign minister met [Choe Son Hui|PER:19:KP].",
    );
    let rels = relate(&[m.doc(3, Some("2023-10-19"))], &m.entities);
    assert!(!rels.is_empty());
    for r in &rels {
        assert!(!r.evidence.is_empty(), "{r:?}");
        for e in &r.evidence {
            assert_eq!(e.doc, DocId(3));
            assert_eq!(&m.text[e.start..e.end], e.text);
        }
    }
    let visit = rels
        .iter()
        .find(|r| r.predicate == "visited" && r.object == EntityId(6))
        .unwrap();
    assert_eq!(visit.date.as_deref(), Some("2023-10-18"));
}

#[test]
fn a_symmetric_relation_stated_both_ways_is_one_relation_with_all_its_evidence() {
    // Across documents and within one: "A met B" and "B met A" are the same meeting; the first
    // statement's orientation is kept.
    let a = marked(
        "[Lavrov|PER:1:RU] met [Choe Son Hui|PER:2:KP] in [Wonsan|LOC:3:KP]. \
         [Russia|C:7:RU] and [North Korea|C:9:KP] signed an agreement on Tuesday.",
    );
    let b = marked(
        "[Choe Son Hui|PER:2:KP] held talks with [Lavrov|PER:1:RU]. \
         [North Korea|C:9:KP] signed an agreement with [Russia|C:7:RU]. \
         [North Korea|C:9:KP] is allied with [Russia|C:7:RU]. [Russia|C:7:RU] is allied with [North Korea|C:9:KP].",
    );
    let mut entities = a.entities.clone();
    for e in &b.entities {
        if !entities.iter().any(|x| x.id == e.id) {
            entities.push(e.clone());
        }
    }
    let rels = relate(&[a.doc(0, None), b.doc(1, None)], &entities);
    let direct: Vec<String> = rels
        .iter()
        .filter(|r| !r.derived)
        .map(|r| {
            format!(
                "{} docs {:?}",
                line(r),
                r.evidence.iter().map(|e| e.doc.0).collect::<Vec<_>>()
            )
        })
        .collect();
    assert_eq!(
        direct,
        [
            "1 met 2 asserted docs [0, 1]",
            "7 signed agreement with 9 asserted docs [0, 1]",
            "9 allied with 7 asserted docs [1, 1]",
        ]
    );
    // The country roll-up of the two meetings is one relation too.
    let rolled: Vec<String> = rels
        .iter()
        .filter(|r| r.derived && r.predicate == "met")
        .map(line)
        .collect();
    assert_eq!(rolled, ["7 met 9 asserted *"]);
}

#[test]
fn a_relative_date_without_a_document_date_stays_unresolved_and_says_so() {
    let m = marked("[Lavrov|PER:1:RU] met [Kim Jong Un|PER:2:KP] on Friday.");
    let met = |date| {
        relate(&[m.doc(0, date)], &m.entities)
            .into_iter()
            .find(|r| r.predicate == "met" && !r.derived)
            .unwrap()
    };
    let undated = met(None);
    assert_eq!(undated.date, None);
    assert_eq!(undated.date_text.as_deref(), Some("on Friday"));
    let json = serde_json::to_value(&undated).unwrap();
    assert_eq!(json["date"], serde_json::Value::Null);
    assert_eq!(json["date_text"], "on Friday");
    // 2025-07-13 was a Sunday: the Friday before it.
    let dated = met(Some("2025-07-13"));
    assert_eq!(dated.date.as_deref(), Some("2025-07-11"));
    assert_eq!(dated.date_text.as_deref(), Some("on Friday"));
    // No date in the text: neither field.
    let m = marked("[Lavrov|PER:1:RU] met [Kim Jong Un|PER:2:KP].");
    let r = &relate(&[m.doc(0, None)], &m.entities)[0];
    assert_eq!((r.date.as_deref(), r.date_text.as_deref()), (None, None));
}

/// Faults the third holdout showed, each checked on sentences of its own.
#[test]
fn raising_verbs_clause_pronouns_and_sentence_subjects() {
    let direct = |src: &str| -> Vec<String> {
        lines(src)
            .into_iter()
            .filter(|l| !l.ends_with('*'))
            .collect()
    };
    // "ship" is a sending verb like "shipped".
    assert_eq!(
        direct("[Iran|C:1:IR] is preparing to ship drones to [Venezuela|C:2:VE]."),
        ["1 sent weapons to 2 planned"]
    );
    // "is reported to have supplied": the subject stands before the speech verb.
    assert_eq!(
        direct("[Belarus|C:5:BY] is reported to have supplied shells to [Russia|C:4:RU]."),
        ["5 sent munitions to 4 reported"]
    );
    // ... but a speech verb that opens a clause still closes the subject search.
    assert_eq!(
        direct("[Belarus|C:5:BY] said shells were supplied to [Russia|C:4:RU]."),
        Vec::<String>::new()
    );
    // A pronoun opening a sentence continues the previous sentence's subject.
    assert_eq!(
        direct(
            "[Meloni|PER:6:IT] met [Erdogan|PER:7:TR] in [Rome|LOC:8:IT]. \
             She later visited [Tripoli|LOC:9:LY]."
        ),
        ["6 met 7 asserted", "6 visited 9 asserted"]
    );
    // Not when the previous sentence opens with a prepositional phrase.
    assert_eq!(
        direct(
            "In [Rome|LOC:8:IT], [Meloni|PER:6:IT] met [Erdogan|PER:7:TR]. \
             He later visited [Tripoli|LOC:9:LY]."
        ),
        ["6 met 7 asserted"]
    );
    // "a claim" after the trigger is a noun, not an attribution.
    assert_eq!(
        direct(
            "[Poland|C:11:PL] accused [Belarus|C:5:BY] of staging the crisis, a claim [Minsk|LOC:12:BY] denies."
        ),
        ["11 accused 5 asserted"]
    );
    // Declining or failing to act is not acting; offering or vowing to is a plan.
    assert_eq!(
        direct("[Obama|PER:14:US] declined to send arms to [Ukraine|C:15:UA]."),
        ["14 sent weapons to 15 denied"]
    );
    assert_eq!(
        direct("[Poland|C:11:PL] vowed to send tanks to [Ukraine|C:15:UA]."),
        ["11 sent weapons to 15 planned"]
    );
    // After a determiner a trigger's verb form is a noun: "the hosts" hosted nobody.
    assert_eq!(
        direct(
            "[Granollers|PER:16:ES] and [Lopez|PER:17:ES] won the match to give the hosts a 2-1 win."
        ),
        Vec::<String>::new()
    );
    // A clause's "it" is the one country or organisation named before it ...
    assert_eq!(
        direct("The [Kremlin|ORG:13:RU] said that it would send troops to [Belarus|C:5:BY]."),
        ["13 sent troops to 5 planned"]
    );
    // ... and nobody when two could be meant.
    assert_eq!(
        direct(
            "[Russia|C:4:RU] told [China|C:3:CN] that it would send troops to [Belarus|C:5:BY]."
        ),
        ["4 said 3 asserted"]
    );
}

#[test]
fn co_occurrence_alone_is_no_relation() {
    assert!(lines(
        "Notably absent is any mention of [Lavrov|PER:1:RU], [Kim Jong Un|PER:2:KP] and [Wonsan|LOC:3:KP]."
    )
    .is_empty());
}

/// One fixture case: the marked document and its expected relation lines.
struct Case {
    src: String,
    expected: Vec<(u32, String, u32, String)>,
}

fn cases(fixture: &str) -> Vec<Case> {
    let mut out: Vec<Case> = Vec::new();
    for l in fixture.lines() {
        if let Some(src) = l.strip_prefix("> ") {
            out.push(Case {
                src: src.to_string(),
                expected: Vec::new(),
            });
        } else if let Some(e) = l.strip_prefix("= ") {
            if e.trim() == "none" {
                continue;
            }
            let w: Vec<&str> = e.split_whitespace().collect();
            let n = w.len();
            out.last_mut().expect("= before >").expected.push((
                w[0].parse().unwrap(),
                w[1..n - 2].join(" "),
                w[n - 2].parse().unwrap(),
                w[n - 1].to_string(),
            ));
        }
    }
    out
}

const SYMMETRIC: &[&str] = &["met", "signed agreement with", "allied with"];

/// Precision and recall (exact: triple and modality; loose: triple only) over a fixture, printing
/// every miss and false alarm.
fn score(fixture: &str, name: &str) -> (f64, f64, f64, f64) {
    let (mut tp, mut tp_loose, mut got_n, mut want_n) = (0usize, 0usize, 0usize, 0usize);
    for case in cases(fixture) {
        let m = marked(&case.src);
        let rels: Vec<Relation> = relate(&[m.doc(0, None)], &m.entities)
            .into_iter()
            .filter(|r| !r.derived)
            .collect();
        // A place named as an actor may come back as its country (metonymy): accept either.
        let country_of = |id: u32| -> Option<u32> {
            let e = m.entities.iter().find(|e| e.id.0 == id)?;
            if e.kind != EntityKind::Place {
                return None;
            }
            m.entities
                .iter()
                .find(|c| c.kind == EntityKind::Country && c.country == e.country)
                .map(|c| c.id.0)
        };
        let same = |want: u32, got: u32| want == got || country_of(want) == Some(got);
        let matches = |w: &(u32, String, u32, String), r: &Relation, loose: bool| {
            // Places are visited as themselves: no metonymy there.
            let same = |a: u32, b: u32| if w.1 == "visited" { a == b } else { same(a, b) };
            let direct = same(w.0, r.subject.0) && same(w.2, r.object.0);
            let swapped = SYMMETRIC.contains(&w.1.as_str())
                && same(w.0, r.object.0)
                && same(w.2, r.subject.0);
            (direct || swapped) && w.1 == r.predicate && (loose || w.3 == modality(r.modality))
        };
        got_n += rels.len();
        if rels.len() > case.expected.len() {
            println!(
                "[{name}] {} found for {} expected in {}",
                rels.len(),
                case.expected.len(),
                case.src
            );
        }
        want_n += case.expected.len();
        for w in &case.expected {
            if rels.iter().any(|r| matches(w, r, false)) {
                tp += 1;
                tp_loose += 1;
            } else if rels.iter().any(|r| matches(w, r, true)) {
                tp_loose += 1;
                println!("[{name}] wrong modality: want {w:?} in {}", case.src);
            } else {
                println!("[{name}] missed: {w:?} in {}", case.src);
            }
        }
        for r in &rels {
            if !case.expected.iter().any(|w| matches(w, r, true)) {
                println!("[{name}] false alarm: {} in {}", line(r), case.src);
            }
        }
    }
    let p = |x: usize, n: usize| if n == 0 { 1.0 } else { x as f64 / n as f64 };
    let out = (
        p(tp, got_n),
        p(tp, want_n),
        p(tp_loose, got_n),
        p(tp_loose, want_n),
    );
    println!(
        "[{name}] {want_n} expected, {got_n} found: precision {:.2} recall {:.2} (exact modality); \
         precision {:.2} recall {:.2} (any modality)",
        out.0, out.1, out.2, out.3
    );
    out
}

#[test]
fn precision_fixture() {
    let (p, r, pl, rl) = score(
        include_str!("../fixtures/relations_precision.txt"),
        "precision fixture",
    );
    assert!(cases(include_str!("../fixtures/relations_precision.txt")).len() >= 40);
    assert!(p >= 0.85 && r >= 0.80, "precision {p:.2} recall {r:.2}");
    assert!(pl >= p && rl >= r);
}

#[test]
fn second_holdout_fixture() {
    // Written after tuning on the precision fixture, scored as written; the figure is reported.
    let (p, r, _, _) = score(
        include_str!("../fixtures/relations_holdout2.txt"),
        "holdout 2",
    );
    assert!(p >= 0.5 && r >= 0.4, "precision {p:.2} recall {r:.2}");
}

#[test]
fn third_holdout_fixture() {
    // Composed and scored before any change for it; the figure is reported, the floor only
    // catches collapse.
    let fixture = include_str!("../fixtures/relations_holdout3.txt");
    assert!(cases(fixture).len() >= 20);
    let (p, r, _, _) = score(fixture, "holdout 3");
    assert!(p >= 0.5 && r >= 0.4, "precision {p:.2} recall {r:.2}");
}

#[test]
fn holdout_fixture() {
    // Written before tuning; the floor is lower on purpose, the figure is what is reported.
    let (p, r, _, _) = score(include_str!("../fixtures/relations_holdout.txt"), "holdout");
    assert!(p >= 0.5 && r >= 0.4, "precision {p:.2} recall {r:.2}");
}

mod invariants {
    //! Whatever the text and the mentions (even ones that do not fit the text), the stage does not
    //! panic, every span it returns lies in its document on char boundaries, and it is deterministic.

    use super::*;
    use dossier_core::relate::extract;
    use proptest::prelude::*;

    const WORDS: &[&str] = &[
        "met",
        "visited",
        "sent",
        "troops",
        "to",
        "by",
        "was",
        "and",
        ",",
        ".",
        "'s",
        "the",
        "leader",
        "foreign",
        "minister",
        "he",
        "not",
        "may",
        "will",
        "according",
        "said",
        "told",
        "in",
        "of",
        "10,000",
        "to",
        "12,000",
        "more",
        "than",
        "soldiers",
        "killed",
        "on",
        "Friday",
        "last",
        "year",
        "\"",
        "’",
        "é",
        "Москва",
        "support",
        "for",
        "between",
        "meeting",
        "visit",
        "agreed",
        "send",
        "workers",
        "2024",
        "July",
        "8",
        "up",
        "around",
        // Money, percentages and vague quantities (claims).
        "$",
        "$1.2bn",
        "1.5bn",
        "€",
        "%",
        "per",
        "cent",
        "percent",
        "million",
        "roubles",
        "aid",
        "exports",
        "rose",
        "pledged",
        "tens",
        "thousands",
        "hundreds",
        "as",
        "many",
        "it",
        "that",
        "is",
        "reported",
        "ship",
    ];

    /// Text, raw mentions (start, length, entity, kind) and raw sentences (start, length).
    type RawDoc = (String, Vec<(usize, usize, u32, u8)>, Vec<(usize, usize)>);

    fn doc_strategy() -> impl Strategy<Value = RawDoc> {
        (
            prop_oneof![
                proptest::collection::vec(proptest::sample::select(WORDS), 0..60)
                    .prop_map(|w| w.join(" ")),
                any::<String>(),
            ],
            proptest::collection::vec((0usize..400, 0usize..40, 0u32..6, 0u8..4), 0..20),
            proptest::collection::vec((0usize..400, 0usize..200), 0..6),
        )
    }

    fn kind(k: u8) -> EntityKind {
        [
            EntityKind::Person,
            EntityKind::Organization,
            EntityKind::Place,
            EntityKind::Country,
        ][k as usize % 4]
    }

    proptest! {
        #[test]
        fn no_panic_spans_in_bounds_deterministic((text, ments, sents) in doc_strategy()) {
            // Spans are built raw on purpose: some do not fit the text or split a character.
            let mentions: Vec<(Span, EntityId, EntityKind)> = ments
                .iter()
                .map(|&(s, l, id, k)| (Span { start: s, end: s + l }, EntityId(id), kind(k)))
                .collect();
            let mut sentences: Vec<Sentence> = sents
                .iter()
                .map(|&(s, l)| Sentence { span: Span { start: s, end: s + l }, headline: false })
                .collect();
            sentences.push(Sentence { span: Span { start: 0, end: text.len() }, headline: false });
            let entities: Vec<Entity> = (0..6)
                .map(|i| entity(i, &format!("E{i}"), kind(i as u8), Some(["RU", "KP"][i as usize % 2].into())))
                .collect();
            let doc = RelDoc { doc: DocId(0), text: &text, sentences: &sentences, mentions: &mentions, date: Some("2025-07-12") };
            let a = extract(&[doc], &entities);
            let b = extract(&[doc], &entities);
            prop_assert_eq!(&a, &b);
            let ok = |s: usize, e: usize| s <= e && text.get(s..e).is_some();
            for r in &a.relations {
                prop_assert!(!r.evidence.is_empty());
                for e in &r.evidence {
                    prop_assert!(ok(e.start, e.end));
                }
            }
            for c in &a.claims {
                for v in &c.values {
                    prop_assert!(ok(v.evidence.start, v.evidence.end));
                }
            }
            for t in &a.timeline {
                prop_assert!(t.relation.is_some_and(|i| i < a.relations.len()));
            }
        }
    }
}

#[test]
fn known_names_and_demonyms_the_recogniser_missed_are_found_again() {
    // Only the first "Lavrov" and the countries are marked; "Sergei Lavrov" is an alias of entity 1,
    // "North Korean" a demonym the caller's lookup knows.
    let mut m = marked(
        "[Lavrov|PER:1:RU] left. Russian Foreign Minister Sergei Lavrov arrived in \
         [Pyongyang|LOC:6:KP] on Friday. Around 4,000 North Korean soldiers were killed or wounded, \
         [Seoul|LOC:7:KR] said. Kim met [Lavrov|PER:1:RU]. The foreign minister later met \
         Choe Son-hui.",
    );
    m.entities[0].aliases.push("Sergei Lavrov".into());
    for (id, name, cc) in [
        (2, "Kim Jong Un", "KP"),
        (3, "Sung Kim", "US"),
        (4, "Choi Son Hui", "KP"),
    ] {
        let mut e = entity(id, name, EntityKind::Person, Some(cc.into()));
        e.aliases.push("Kim".into());
        m.entities.push(e);
    }
    let country_of = |w: &str| match w {
        "Russian" => Some("RU".to_string()),
        "North Korean" => Some("KP".to_string()),
        _ => None,
    };
    let out = dossier_core::relate::extract_with(
        &[m.doc(0, Some("2025-07-12"))],
        &m.entities,
        Some(&country_of),
    );
    let lines: Vec<String> = out
        .relations
        .iter()
        .filter(|r| !r.derived)
        .map(line)
        .collect();
    // "Kim" is shared by two people: no relation from it. "Choe Son-hui" is Choi Son Hui spelt
    // another way; "the foreign minister" is Lavrov, by the title learnt in the same document.
    assert_eq!(lines, ["1 met 4 asserted", "1 visited 6 asserted"]);
    assert_eq!(
        out.relations
            .iter()
            .find(|r| r.predicate == "visited")
            .unwrap()
            .date
            .as_deref(),
        Some("2025-07-11")
    );
    assert_eq!(out.claims.len(), 1);
    assert_eq!(
        out.claims[0].topic,
        "North Korea: soldiers killed or wounded"
    );
}

/// The five seed articles (`www/samples`, the app's sample corpus, copied from `../shared/corpus/seeds`) through the engine up to relations: ingest,
/// sentences, recogniser, resolver, then this stage. The main content is the article body the
/// expectation file gives (first and last words), not the cleaner's verdict, so that this test
/// measures relation extraction and not boilerplate removal. Returns the documents' names and
/// texts, the entities and what this stage extracted.
pub fn seeds() -> (
    Vec<(String, String)>,
    Vec<Entity>,
    dossier_core::relate::Extracted,
) {
    use dossier_core::analysis::{resolve_all, Prepared};
    use dossier_core::{ingest, recognize, resolve::add_country_mentions, text};
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../www/samples");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("the sample corpus in www/samples")
        .map(|f| f.unwrap().path())
        .collect();
    files.sort();
    // As `analysis::prepare` does, with the article body in place of the cleaner's main regions.
    let prepared: Vec<Prepared> = files
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            let bytes = std::fs::read(p).unwrap();
            let doc = ingest(DocId(i as u32), &name, &bytes);
            let sentences = text::sentences(&doc.text, &[body(&doc.name, &doc.text)]);
            let mut mentions = recognize::recognize(&doc.text, &sentences);
            add_country_mentions(&doc.text, &sentences, &mut mentions);
            Prepared {
                doc,
                regions: Vec::new(),
                sentences,
                mentions,
                bytes: bytes.len(),
            }
        })
        .collect();
    let resolved = resolve_all(&prepared);
    let stage: Vec<dossier_core::relate::StageDoc> = prepared
        .iter()
        .map(|p| dossier_core::relate::StageDoc {
            doc: p.doc.id,
            text: &p.doc.text,
            sentences: &p.sentences,
            mentions: &p.mentions,
            date: p.doc.meta.date.as_deref(),
        })
        .collect();
    let out = dossier_core::relate::from_resolved(&stage, &resolved);
    let named = prepared
        .iter()
        .map(|p| (p.doc.name.clone(), p.doc.text.clone()))
        .collect();
    (named, resolved.entities, out)
}

/// The article body of a seed document, by the first and last words the expectation gives.
pub fn body(name: &str, text: &str) -> Span {
    let exp = expected();
    let d = &exp["documents"][name];
    let first = d["body_first_words"].as_str().unwrap();
    let last = d["body_last_words"].as_str().unwrap();
    let start = text.find(first).expect("body start");
    let end = text[start..].find(last).expect("body end") + start + last.len();
    Span::new(start, end)
}

/// Case, diacritics (of the few letters the seeds use), hyphens and apostrophes folded away.
pub fn fold(s: &str) -> String {
    s.to_lowercase()
        .replace(['-', '_'], " ")
        .replace(['\'', '\u{2019}', '.'], "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Two folded names that differ by at most one letter in each word (of three letters or more).
fn variant(a: &str, b: &str) -> bool {
    let (x, y): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    x.len() == y.len()
        && x.iter().zip(&y).all(|(p, q)| {
            p == q
                || (p.len() >= 3
                    && p.chars().count() == q.chars().count()
                    && p.chars().zip(q.chars()).filter(|(c, d)| c != d).count() == 1)
        })
}

pub fn expected() -> serde_json::Value {
    let p = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/seeds.expected.json"
    );
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

#[test]
fn seeds_every_listed_relation_with_evidence_in_its_documents() {
    let (docs, entities, out) = seeds();
    let names = |id: EntityId| -> Vec<String> {
        let e = entities.iter().find(|e| e.id == id).unwrap();
        std::iter::once(&e.name)
            .chain(&e.aliases)
            .map(|n| fold(n))
            .collect()
    };
    // The seed expectation names predicates loosely ("supports" covers backing); these are the
    // words of ours that say the same.
    let verbs = |p: &str| -> &'static [&'static str] {
        match p {
            "met" => &["met"],
            "visited" => &["visited"],
            "sent troops to" => &["sent troops to"],
            "supports" => &["supports", "allied with"],
            _ => &[],
        }
    };
    let mut missing = Vec::new();
    for m in expected()["relations"]["must"].as_array().unwrap() {
        let (s, p, o) = (
            fold(m["subject"].as_str().unwrap()),
            m["predicate"].as_str().unwrap(),
            fold(m["object"].as_str().unwrap()),
        );
        // Spelling variants ("Choi"/"Choe Son Hui") are the resolver's to merge; this test checks
        // extraction, so a name one letter per word away counts.
        let named = |id: EntityId, want: &str| names(id).iter().any(|n| variant(n, want));
        let hits: Vec<&Relation> = out
            .relations
            .iter()
            .filter(|r| {
                named(r.subject, &s)
                    && named(r.object, &o)
                    && verbs(p).contains(&r.predicate.as_str())
            })
            .collect();
        let mut ev_docs: Vec<&str> = hits
            .iter()
            .flat_map(|r| &r.evidence)
            .map(|e| &docs[e.doc.0 as usize].0[..3])
            .collect();
        ev_docs.sort();
        ev_docs.dedup();
        for d in m["docs"].as_array().unwrap() {
            if !ev_docs.contains(&d.as_str().unwrap()) {
                missing.push(format!("{s} {p} {o} in {d} (found in {ev_docs:?})"));
            }
        }
    }
    let lines: Vec<String> = out
        .relations
        .iter()
        .map(|r| {
            format!(
                "{} {} {} {:?} {:?}",
                names(r.subject)[0],
                r.predicate,
                names(r.object)[0],
                r.modality,
                r.evidence.iter().map(|e| e.doc.0).collect::<Vec<_>>()
            )
        })
        .collect();
    assert!(
        missing.is_empty(),
        "missing: {missing:#?}\nrelations: {lines:#?}"
    );
    // Every relation has evidence, and none of it lies outside the article body.
    for r in &out.relations {
        assert!(!r.evidence.is_empty());
        for e in &r.evidence {
            let (name, text) = &docs[e.doc.0 as usize];
            let b = body(name, text);
            assert!(b.start <= e.start && e.end <= b.end, "{e:?}");
        }
    }
}
