//! Every export is parsed back with an independent reader (csv, quick-xml, serde_json) and compared
//! with the analysis it came from, including names built to break naive writers.

use super::*;
use crate::corrections::{Correction, EntityRef};
use crate::fixture::{analysis, texts};
use proptest::prelude::*;

fn read_csv(s: &str) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(s.as_bytes());
    r.records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// The analysis with hostile names: formulas, quotes, separators, line breaks, markup.
fn hostile() -> Analysis {
    let mut a = analysis();
    a.entities[0].name = "=HYPERLINK(\"http://x\",\"a\"), \"quoted\"\r\nnext".into();
    a.entities[1].name = "<b>&'Kim'</b>\u{1}".into();
    a.entities[2].aliases = vec!["-1+2".into(), "@SUM(A1)".into()];
    a.relations[0].predicate = "met, \"privately\"".into();
    a
}

#[test]
fn json_export_parses_back_to_the_analysis_and_the_log() {
    let a = analysis();
    let log = CorrectionLog {
        version: 1,
        entries: vec![Correction::Hide {
            entity: EntityRef {
                name: "Wells Fargo".into(),
                kind: EntityKind::Organization,
            },
        }],
    };
    let v: serde_json::Value = serde_json::from_str(&json(&a, &log)).unwrap();
    assert_eq!(v["format"], "dossier");
    let back: Analysis = serde_json::from_value(v["analysis"].clone()).unwrap();
    assert_eq!(back, a);
    let back_log: CorrectionLog = serde_json::from_value(v["corrections"].clone()).unwrap();
    assert_eq!(back_log, log);
}

#[test]
fn entity_csv_round_trips_and_neutralises_formulas() {
    let a = hostile();
    let s = entities_csv(&a);
    assert!(s.ends_with("\r\n"));
    let rows = read_csv(&s);
    assert_eq!(rows[0][..3], ["id", "name", "type"]);
    assert_eq!(rows.len(), a.entities.len() + 1);
    // The formula is defused with a leading quote, and otherwise intact.
    assert_eq!(rows[1][1], format!("'{}", a.entities[0].name));
    assert_eq!(rows[2][1], a.entities[1].name);
    assert_eq!(rows[3][3], "'-1+2; @SUM(A1)");
    assert_eq!(rows[1][4], "RU");
    assert_eq!(rows[1][5], "Foreign Minister");
    assert_eq!(rows[1][7], "a.txt; b.html");
}

#[test]
fn mentions_relations_and_claims_csv_round_trip() {
    let a = hostile();
    let m = read_csv(&mentions_csv(&a, &texts()));
    let total: usize = a.entities.iter().map(|e| e.mentions.len()).sum();
    assert_eq!(m.len(), total + 1);
    assert_eq!(m[1][5], "Lavrov");
    let r = read_csv(&relations_csv(&a));
    // One row per evidence: 1 + 1 + 2.
    assert_eq!(r.len(), 5);
    assert_eq!(r[1][2], "met, \"privately\"");
    assert_eq!(r[1][4], a.entities[1].name);
    assert_eq!(r[1][5], "asserted");
    assert_eq!(r[1][9], a.relations[0].evidence[0].text);
    let c = read_csv(&claims_csv(&a));
    assert_eq!(c.len(), 3);
    assert_eq!(
        c[1][..6],
        [
            "North Korean troops sent to Russia",
            "troops",
            "North Korea",
            "11,000",
            "11000",
            "11000"
        ]
    );
    assert_eq!(c[2][6], "more than");
    assert_eq!(c[2][10], "true");
}

/// Nodes and edges of a GEXF file as (id, label) and (source, target, label).
type Graph = (Vec<(String, String)>, Vec<(String, String, String)>);

fn read_gexf(s: &str) -> Graph {
    use quick_xml::events::Event;
    let mut r = quick_xml::Reader::from_str(s);
    let (mut nodes, mut edges) = (Vec::new(), Vec::new());
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) => {
                let attr = |k: &str| {
                    e.attributes()
                        .map(|a| a.unwrap())
                        .find(|a| a.key.as_ref() == k.as_bytes())
                        .map(|a| a.unescape_value().unwrap().into_owned())
                        .unwrap_or_default()
                };
                match e.name().as_ref() {
                    b"node" => nodes.push((attr("id"), attr("label"))),
                    b"edge" => edges.push((attr("source"), attr("target"), attr("label"))),
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    (nodes, edges)
}

#[test]
fn gexf_parses_back_to_the_network() {
    let a = hostile();
    let (nodes, edges) = read_gexf(&gexf(&a));
    assert_eq!(nodes.len(), a.entities.len());
    assert_eq!(nodes[0].1, a.entities[0].name);
    // The control character is dropped; the markup survives as text.
    assert_eq!(nodes[1].1, "<b>&'Kim'</b>");
    assert_eq!(
        edges[0],
        (
            "e0".to_string(),
            "e1".to_string(),
            "met, \"privately\"".to_string()
        )
    );
    assert_eq!(edges.len(), a.relations.len());
}

#[test]
fn ftm_lines_are_one_entity_per_line_with_schema_and_properties() {
    let a = analysis();
    let out = ftm_lines(&a);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), a.entities.len() + a.relations.len());
    let lavrov = &lines[0];
    assert_eq!(lavrov["schema"], "Person");
    assert_eq!(lavrov["properties"]["name"][0], "Sergei Lavrov");
    assert_eq!(lavrov["properties"]["country"][0], "ru");
    assert_eq!(lavrov["properties"]["position"][0], "Foreign Minister");
    assert!(lavrov["properties"]["alias"]
        .as_array()
        .unwrap()
        .contains(&"Sergey Lavrov".into()));
    assert_eq!(lines[3]["schema"], "PublicBody");
    assert_eq!(lines[5]["schema"], "Address");
    assert_eq!(lines[6]["schema"], "Organization");
    let link = &lines[a.entities.len()];
    assert_eq!(link["schema"], "UnknownLink");
    assert_eq!(link["properties"]["subject"][0], lavrov["id"]);
    assert_eq!(link["properties"]["role"][0], "met");
    assert_eq!(link["properties"]["publisher"][0], "Reuters");
}

proptest! {
    /// Whatever the names, CSV and GEXF parse back to them (CSV modulo the formula guard, GEXF
    /// modulo the control characters XML cannot carry).
    #[test]
    fn any_name_survives_csv_and_gexf(name in "\\PC{0,30}|[=+@\\-\",\r\n<>&' ]{0,10}") {
        let mut a = analysis();
        a.entities[0].name = name.clone();
        let rows = read_csv(&entities_csv(&a));
        let got = &rows[1][1];
        let want = if name.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{name}") } else { name.clone() };
        prop_assert_eq!(got, &want);
        let (nodes, _) = read_gexf(&gexf(&a));
        let visible: String = name.chars().filter(|c| (*c as u32) >= 0x20 || matches!(c, '\t' | '\n' | '\r')).collect();
        prop_assert_eq!(&nodes[0].1, &visible);
    }
}

#[test]
fn the_json_export_is_laid_out_as_serde_json_pretty_prints() {
    let mut a = analysis();
    // Strings with every byte the layout treats specially, escaped quotes and backslashes.
    a.documents[0].title = Some(r#"He said: "{a, b}" \ [c], \"#.into());
    a.entities[0].name = "\\\"".into();
    let log = CorrectionLog::default();
    let export = Export {
        format: "dossier",
        version: 1,
        analysis: &a,
        corrections: &log,
    };
    assert_eq!(
        json(&a, &log),
        serde_json::to_string_pretty(&export).unwrap()
    );
    for v in [
        serde_json::json!({}),
        serde_json::json!([]),
        serde_json::json!({"a": [], "b": {}, "c": [1, [2, {}], {"d": [null]}], "e": "x\\\"y:,{"}),
    ] {
        let compact = serde_json::to_vec(&v).unwrap();
        assert_eq!(indent(&compact), serde_json::to_string_pretty(&v).unwrap());
    }
}

proptest! {
    #[test]
    fn any_strings_lay_out_as_serde_json_pretty_prints(k in ".*", s in ".*", t in "[\\[\\]{}:,\"\\\\ a]*") {
        let v = serde_json::json!({ k: [s, {"t": t}] });
        let compact = serde_json::to_vec(&v).unwrap();
        prop_assert_eq!(indent(&compact), serde_json::to_string_pretty(&v).unwrap());
    }
}
