//! Specs for the correction log: each kind of correction, replay order, and robustness.

use super::*;
use crate::fixture::{analysis, texts};
use crate::text::NoText;
use dossier_core::sort::SortStable;

fn r(name: &str, kind: EntityKind) -> EntityRef {
    EntityRef {
        name: name.into(),
        kind,
    }
}

fn names(a: &Analysis) -> Vec<&str> {
    a.entities.iter().map(|e| e.name.as_str()).collect()
}

#[test]
fn merge_moves_names_mentions_relations_and_claims_to_the_kept_entity() {
    let log = [Correction::Merge {
        keep: r("Sergei Lavrov", EntityKind::Person),
        absorb: r("Choe Son Hui", EntityKind::Person),
    }];
    let before = analysis();
    let out = apply(&before, &log, &NoText);
    assert_eq!(out.outcomes, vec![Outcome::Applied]);
    let a = &out.analysis;
    assert!(!names(a).contains(&"Choe Son Hui"));
    let expected = before.entities[0].mentions.len() + before.entities[2].mentions.len();
    let lavrov = &a.entities[0];
    assert!(lavrov.aliases.contains(&"Choe Son Hui".to_string()));
    assert_eq!(lavrov.mentions.len(), expected);
    assert_eq!(lavrov.merges.last().unwrap().rule, "analyst");
    // "Choe met Lavrov" became a self-loop and is gone; the timeline still points at "met Kim".
    assert_eq!(a.relations.len(), 2);
    assert_eq!(a.timeline[0].relation, Some(0));
    assert_eq!(a.relations[0].object, EntityId(1));
}

#[test]
fn merging_countries_joins_their_summaries_and_repoints_claims() {
    let log = [Correction::Merge {
        keep: r("Russia", EntityKind::Country),
        absorb: r("North Korea", EntityKind::Country),
    }];
    let a = apply(&analysis(), &log, &NoText).analysis;
    assert_eq!(a.countries.len(), 1);
    assert!(a.countries[0]
        .mentioned_as
        .contains(&"Pyongyang".to_string()));
    assert_eq!(a.claims[0].actor, Some(EntityId(3)));
}

#[test]
fn entries_resolve_against_the_state_earlier_entries_left() {
    let log = [
        Correction::Rename {
            entity: r("Sergei Lavrov", EntityKind::Person),
            name: "S. V. Lavrov".into(),
        },
        // Refers to the new name, and to the old one through its alias.
        Correction::SetCountry {
            entity: r("S. V. Lavrov", EntityKind::Person),
            country: Some("KP".into()),
        },
        Correction::SetType {
            entity: r("sergei LAVROV", EntityKind::Person),
            kind: EntityKind::Organization,
        },
    ];
    let out = apply(&analysis(), &log, &NoText);
    assert_eq!(out.outcomes, vec![Outcome::Applied; 3]);
    let e = &out.analysis.entities[0];
    assert_eq!(e.name, "S. V. Lavrov");
    assert!(e.aliases.contains(&"Sergei Lavrov".to_string()));
    assert_eq!(e.country.as_deref(), Some("KP"));
    assert_eq!(e.kind, EntityKind::Organization);
}

#[test]
fn hide_removes_the_entity_its_relations_and_its_claim_actor() {
    let log = [Correction::Hide {
        entity: r("North Korea", EntityKind::Country),
    }];
    let out = apply(&analysis(), &log, &NoText);
    assert_eq!(out.hidden, vec![r("North Korea", EntityKind::Country)]);
    assert!(!names(&out.analysis).contains(&"North Korea"));
    assert_eq!(out.analysis.relations.len(), 2);
    assert_eq!(out.analysis.claims[0].actor, None);
    assert_eq!(out.analysis.countries.len(), 1);
}

#[test]
fn split_moves_the_mentions_written_as_the_alias_to_a_new_entity() {
    let log = [Correction::SplitAlias {
        entity: r("Sergei Lavrov", EntityKind::Person),
        alias: "sergey lavrov".into(),
    }];
    let out = apply(&analysis(), &log, &texts());
    assert_eq!(out.outcomes, vec![Outcome::Applied]);
    let a = &out.analysis;
    let new = a
        .entities
        .iter()
        .find(|e| e.name == "Sergey Lavrov")
        .unwrap();
    assert_eq!(new.id, EntityId(7));
    assert_eq!(new.docs, vec![dossier_core::DocId(1)]);
    assert_eq!(new.country.as_deref(), Some("RU"));
    let old = &a.entities[0];
    assert!(!old.aliases.contains(&"Sergey Lavrov".to_string()));
    assert_eq!(old.docs, vec![dossier_core::DocId(0)]);
    // Without the texts the split cannot tell the mentions apart, and says so.
    let out = apply(&analysis(), &log, &NoText);
    assert!(matches!(out.outcomes[0], Outcome::Skipped(_)));
}

#[test]
fn unresolvable_or_invalid_entries_are_skipped_not_fatal() {
    let log = [
        Correction::Hide {
            entity: r("Nobody", EntityKind::Person),
        },
        Correction::SetCountry {
            entity: r("Kim Jong Un", EntityKind::Person),
            country: Some("<script>".into()),
        },
        Correction::Rename {
            entity: r("Kim Jong Un", EntityKind::Person),
            name: "   ".into(),
        },
        Correction::Merge {
            keep: r("Kim Jong Un", EntityKind::Person),
            absorb: r("Kim Jong Un", EntityKind::Person),
        },
        Correction::SplitAlias {
            entity: r("Kim Jong Un", EntityKind::Person),
            alias: "Lavrov".into(),
        },
    ];
    let out = apply(&analysis(), &log, &texts());
    assert!(out
        .outcomes
        .iter()
        .all(|o| matches!(o, Outcome::Skipped(_))));
    assert_eq!(*out.analysis, analysis());
}

#[test]
fn the_log_serialises_with_an_op_tag_and_round_trips() {
    let log = CorrectionLog {
        version: 1,
        entries: vec![Correction::Merge {
            keep: r("Kim Jong Un", EntityKind::Person),
            absorb: r("Choe Son Hui", EntityKind::Person),
        }],
    };
    let json = serde_json::to_string(&log).unwrap();
    assert_eq!(
        json,
        r#"{"version":1,"entries":[{"op":"merge","keep":{"name":"Kim Jong Un","type":"person"},"absorb":{"name":"Choe Son Hui","type":"person"}}]}"#
    );
    assert_eq!(serde_json::from_str::<CorrectionLog>(&json).unwrap(), log);
}

#[test]
fn a_log_entry_without_a_field_its_op_needs_is_refused_with_the_field_named() {
    let read = |json: &str| serde_json::from_str::<Correction>(json).map_err(|e| e.to_string());
    let kim = r#"{"name":"Kim Jong Un","type":"person"}"#;
    assert!(read(&format!(r#"{{"op":"merge","keep":{kim}}}"#))
        .unwrap_err()
        .contains("missing field `absorb`"));
    assert!(read(r#"{"op":"rename","name":"Kim"}"#)
        .unwrap_err()
        .contains("missing field `entity`"));
    assert!(read(&format!(r#"{{"op":"explode","entity":{kim}}}"#))
        .unwrap_err()
        .contains("unknown variant `explode`"));
    assert!(read(&format!(r#"{{"entity":{kim}}}"#))
        .unwrap_err()
        .contains("missing field `op`"));
    // A cleared country may be written as null or left out; fields of other operations are ignored.
    let cleared = Correction::SetCountry {
        entity: r("Kim Jong Un", EntityKind::Person),
        country: None,
    };
    assert_eq!(
        read(&format!(
            r#"{{"op":"set-country","entity":{kim},"country":null}}"#
        )),
        Ok(cleared.clone())
    );
    assert_eq!(
        read(&format!(
            r#"{{"op":"set-country","entity":{kim},"alias":"x"}}"#
        )),
        Ok(cleared)
    );
}

fn arb_ref() -> impl proptest::strategy::Strategy<Value = EntityRef> {
    use proptest::prelude::*;
    let names = prop::sample::select(vec![
        "Sergei Lavrov",
        "Kim Jong Un",
        "Choe Son Hui",
        "Russia",
        "North Korea",
        "Wonsan",
        "Wells Fargo",
        "Lavrov",
        "Pyongyang",
        "Sergey Lavrov",
    ]);
    let kinds = prop::sample::select(vec![
        EntityKind::Person,
        EntityKind::Organization,
        EntityKind::Place,
        EntityKind::Country,
    ]);
    (names, kinds).prop_map(|(n, k)| EntityRef {
        name: n.to_string(),
        kind: k,
    })
}

fn arb_correction() -> impl proptest::strategy::Strategy<Value = Correction> {
    use proptest::prelude::*;
    prop_oneof![
        (arb_ref(), arb_ref()).prop_map(|(keep, absorb)| Correction::Merge { keep, absorb }),
        (arb_ref(), "[A-Za-z ]{0,12}")
            .prop_map(|(entity, alias)| Correction::SplitAlias { entity, alias }),
        (arb_ref(), "\\PC{0,12}").prop_map(|(entity, name)| Correction::Rename { entity, name }),
        arb_ref().prop_map(|entity| Correction::Hide { entity }),
        (arb_ref(), arb_ref()).prop_map(|(entity, k)| Correction::SetType {
            entity,
            kind: k.kind
        }),
        (arb_ref(), proptest::option::of("[A-Z]{2}"))
            .prop_map(|(entity, country)| Correction::SetCountry { entity, country }),
    ]
}

proptest::proptest! {
    /// Every correction reads back as written.
    #[test]
    fn every_correction_round_trips_through_json(c in arb_correction()) {
        let json = serde_json::to_string(&c).unwrap();
        proptest::prop_assert_eq!(serde_json::from_str::<Correction>(&json).unwrap(), c);
    }

    /// Any log replays without panicking, deterministically, and leaves a consistent analysis:
    /// unique sorted entity ids, relations and claims pointing at live entities, timeline indices in
    /// range.
    #[test]
    fn any_log_replays_to_a_consistent_analysis(log in proptest::collection::vec(arb_correction(), 0..8)) {
        let a = analysis();
        let t = texts();
        let out = apply(&a, &log, &t);
        proptest::prop_assert_eq!(&out, &apply(&a, &log, &t));
        let ids: Vec<EntityId> = out.analysis.entities.iter().map(|e| e.id).collect();
        let mut sorted = ids.clone();
        sorted.sort_stable();
        sorted.dedup();
        proptest::prop_assert_eq!(&ids, &sorted);
        for rel in &out.analysis.relations {
            proptest::prop_assert!(ids.contains(&rel.subject) && ids.contains(&rel.object));
            proptest::prop_assert!(rel.subject != rel.object);
        }
        for c in &out.analysis.claims {
            if let Some(actor) = c.actor {
                proptest::prop_assert!(ids.contains(&actor));
            }
        }
        for ev in &out.analysis.timeline {
            if let Some(i) = ev.relation {
                proptest::prop_assert!(i < out.analysis.relations.len());
            }
        }
        proptest::prop_assert_eq!(out.outcomes.len(), log.len());
    }
}
