//! A small hand-built analysis used by the unit tests: two short "articles" about a visit, with the
//! entities, countries, relations and claims a correct engine would produce. Spans are computed from
//! the texts, so the fixture cannot drift out of step with them.

use dossier_core::sort::SortStable;
use dossier_core::{
    Analysis, Claim, ClaimNumber, ClaimValue, CountrySummary, DocId, DocumentSummary, Entity,
    EntityId, EntityKind, Evidence, Format, MentionOrigin, MentionRef, Modality, Relation, Role,
};
use std::collections::BTreeMap;

pub const DOC0: &str = "Lavrov in Pyongyang\nRussian Foreign Minister Sergei Lavrov met Kim Jong Un in Wonsan. \
North Korea's Foreign Minister Choe Son Hui greeted Lavrov. Seoul says 11,000 troops were sent to Russia.";
pub const DOC1: &str =
    "Sergey Lavrov praised Kim Jong Un. Pyongyang sent more than 12,000 soldiers, \
according to Kyiv. Related: \"Wells Fargo suspends China travel\"";

pub fn texts() -> BTreeMap<DocId, String> {
    BTreeMap::from([(DocId(0), DOC0.to_string()), (DocId(1), DOC1.to_string())])
}

fn text(doc: DocId) -> &'static str {
    if doc.0 == 0 {
        DOC0
    } else {
        DOC1
    }
}

/// Every occurrence of `needle` in `doc`.
pub fn mentions(doc: DocId, needle: &str) -> Vec<MentionRef> {
    text(doc)
        .match_indices(needle)
        .map(|(s, _)| MentionRef {
            doc,
            start: s,
            end: s + needle.len(),
            kind: MentionOrigin::Text,
        })
        .collect()
}

/// The sentence of `doc` containing `needle` as evidence.
pub fn evidence(doc: DocId, needle: &str) -> Evidence {
    let t = text(doc);
    let at = t.find(needle).expect("needle in fixture");
    let (s, e) = crate::text::sentence_bounds(t, at, at + needle.len());
    Evidence {
        doc,
        start: s,
        end: e,
        text: t[s..e].to_string(),
    }
}

fn entity(
    id: u32,
    name: &str,
    kind: EntityKind,
    country: Option<&str>,
    forms: &[(u32, &str)],
) -> Entity {
    let mut ms: Vec<MentionRef> = forms
        .iter()
        .flat_map(|&(d, f)| mentions(DocId(d), f))
        .collect();
    ms.sort_stable();
    // Overlapping forms ("Russia" in "Russian") are one mention, as a recogniser would report.
    ms.dedup_by(|b, a| a.doc == b.doc && b.start < a.end);
    let mut docs: Vec<DocId> = ms.iter().map(|m| m.doc).collect();
    docs.dedup();
    let mut aliases: Vec<String> = forms
        .iter()
        .map(|(_, f)| f.to_string())
        .filter(|f| f != name)
        .collect();
    aliases.sort_stable();
    aliases.dedup();
    Entity {
        id: EntityId(id),
        name: name.to_string(),
        kind,
        aliases,
        country: country.map(str::to_string),
        roles: Vec::new(),
        docs,
        mentions: ms,
        merges: Vec::new(),
    }
}

pub fn analysis() -> Analysis {
    let doc = |i: u32, name: &str, source: &str| DocumentSummary {
        id: DocId(i),
        name: name.to_string(),
        format: Format::Text,
        title: Some(format!("Title {i}")),
        date: Some(format!("2024-11-0{}", i + 1)),
        source: Some(source.to_string()),
        words: text(DocId(i)).split_whitespace().count(),
        bytes: text(DocId(i)).len(),
        diagnostics: Vec::new(),
        byline: None,
        dateline: None,
        regions: Vec::new(),
    };
    let mut lavrov = entity(
        0,
        "Sergei Lavrov",
        EntityKind::Person,
        Some("RU"),
        &[(0, "Sergei Lavrov"), (0, "Lavrov"), (1, "Sergey Lavrov")],
    );
    lavrov.roles.push(Role {
        title: "Foreign Minister".into(),
        evidence: vec![evidence(DocId(0), "Russian Foreign Minister")],
    });
    let kim = entity(
        1,
        "Kim Jong Un",
        EntityKind::Person,
        Some("KP"),
        &[(0, "Kim Jong Un"), (1, "Kim Jong Un")],
    );
    let choe = entity(
        2,
        "Choe Son Hui",
        EntityKind::Person,
        Some("KP"),
        &[(0, "Choe Son Hui")],
    );
    let russia = entity(
        3,
        "Russia",
        EntityKind::Country,
        Some("RU"),
        &[(0, "Russia"), (0, "Russian")],
    );
    let nk = entity(
        4,
        "North Korea",
        EntityKind::Country,
        Some("KP"),
        &[(0, "North Korea"), (0, "Pyongyang"), (1, "Pyongyang")],
    );
    let wonsan = entity(5, "Wonsan", EntityKind::Place, Some("KP"), &[(0, "Wonsan")]);
    let wells = entity(
        6,
        "Wells Fargo",
        EntityKind::Organization,
        Some("US"),
        &[(1, "Wells Fargo")],
    );
    let summary = |e: &Entity| CountrySummary {
        id: e.id,
        code: e.country.clone().unwrap(),
        name: e.name.clone(),
        mentioned_as: {
            let mut v = e.aliases.clone();
            v.push(e.name.clone());
            v.sort_stable();
            v
        },
        docs: e.docs.clone(),
        mentions: e.mentions.clone(),
    };
    let countries = vec![summary(&russia), summary(&nk)];
    let relations = vec![
        Relation {
            subject: EntityId(0),
            predicate: "met".into(),
            object: EntityId(1),
            modality: Modality::Asserted,
            date: Some("2024-11-01".into()),
            date_text: None,
            derived: false,
            evidence: vec![evidence(DocId(0), "Lavrov met Kim")],
        },
        Relation {
            subject: EntityId(2),
            predicate: "met".into(),
            object: EntityId(0),
            modality: Modality::Asserted,
            date: None,
            date_text: None,
            derived: false,
            evidence: vec![evidence(DocId(0), "greeted Lavrov")],
        },
        Relation {
            subject: EntityId(4),
            predicate: "sent troops to".into(),
            object: EntityId(3),
            modality: Modality::Reported,
            date: None,
            date_text: None,
            derived: false,
            evidence: vec![
                evidence(DocId(0), "11,000 troops"),
                evidence(DocId(1), "12,000 soldiers"),
            ],
        },
    ];
    let value = |d: u32, v: ClaimNumber, q: Option<&str>, t: &str| ClaimValue {
        value: v,
        qualifier: q.map(str::to_string),
        doc: DocId(d),
        text: t.to_string(),
        evidence: evidence(DocId(d), t),
    };
    let claims = vec![Claim {
        topic: "North Korean troops sent to Russia".into(),
        unit: "troops".into(),
        actor: Some(EntityId(4)),
        values: vec![
            value(0, ClaimNumber::One(11000.0), None, "11,000 troops"),
            value(
                1,
                ClaimNumber::One(12000.0),
                Some("more than"),
                "more than 12,000 soldiers",
            ),
        ],
        conflict: true,
    }];
    Analysis {
        documents: vec![doc(0, "a.txt", "Reuters"), doc(1, "b.html", "Yonhap")],
        entities: vec![lavrov, kim, choe, russia, nk, wonsan, wells],
        countries,
        relations,
        claims,
        timeline: vec![dossier_core::TimelineEvent {
            date: "2024-11-01".into(),
            label: "Sergei Lavrov met Kim Jong Un".into(),
            relation: Some(0),
            evidence: vec![evidence(DocId(0), "Lavrov met Kim")],
        }],
    }
}
