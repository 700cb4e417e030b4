//! NER scorer: a Rust port of `../shared/eval/score.py` (the project's accuracy yardstick), so the
//! bench can score per split without a Python round trip per subset.
//!
//! Same definitions: micro-averaged over the gold documents; **typed** = exact span and type,
//! **untyped** = exact span (spans de-duplicated), **partial** = same type and ≥ 1 byte overlap,
//! one-to-one greedy by largest overlap; `geo` keeps only `LOC` with `geo == "country"` on both
//! sides. Missing prediction documents count as empty; unknown types are ignored; duplicates count
//! once. A test in this file runs `score.py` on a fixture and requires identical figures.

use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub const TYPES: [&str; 3] = ["PER", "LOC", "ORG"];

#[derive(Clone, Debug, Deserialize)]
pub struct Ent {
    pub start: i64,
    pub end: i64,
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default)]
    pub geo: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Doc {
    pub id: String,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub split: Option<String>,
    #[serde(default)]
    pub entities: Vec<Ent>,
}

/// Parse JSON lines into documents, rejecting what `score.py` rejects (bad spans, duplicate ids).
pub fn parse_docs(jsonl: &str, what: &str, is_gold: bool) -> Result<Vec<Doc>, String> {
    let mut out: Vec<Doc> = Vec::new();
    let mut seen = BTreeSet::new();
    for (n, line) in jsonl.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = format!("{what}:{}", n + 1);
        let d: Doc = serde_json::from_str(line).map_err(|e| format!("{at}: {e}"))?;
        if d.id.is_empty() || !seen.insert(d.id.clone()) {
            return Err(format!("{at}: missing or duplicate id {:?}", d.id));
        }
        if is_gold && d.text.is_none() {
            return Err(format!("{at}: gold document without text"));
        }
        for e in &d.entities {
            if e.start < 0 || e.end <= e.start {
                return Err(format!("{at}: bad span [{}, {})", e.start, e.end));
            }
            if let Some(g) = &e.geo {
                if g != "country" && g != "place" {
                    return Err(format!("{at}: geo must be country or place"));
                }
            }
        }
        out.push(d);
    }
    Ok(out)
}

/// Precision, recall and F1 from counts (unrounded; `score.py` rounds to 4 places when printing).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Prf {
    pub tp: usize,
    pub pred: usize,
    pub gold: usize,
}

impl Prf {
    pub fn p(&self) -> f64 {
        if self.pred == 0 {
            0.0
        } else {
            self.tp as f64 / self.pred as f64
        }
    }
    pub fn r(&self) -> f64 {
        if self.gold == 0 {
            0.0
        } else {
            self.tp as f64 / self.gold as f64
        }
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.p(), self.r());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, o: Prf) {
        self.tp += o.tp;
        self.pred += o.pred;
        self.gold += o.gold;
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scores {
    pub docs_gold: usize,
    pub docs_missing: usize,
    pub typed: Prf,
    pub untyped: Prf,
    pub partial: Prf,
    pub per_type: BTreeMap<String, Prf>,
    pub per_type_partial: BTreeMap<String, Prf>,
}

type Span3 = (i64, i64, String);

fn keep(ents: &[Ent], glen: i64, geo: bool, id: &str) -> Result<BTreeSet<Span3>, String> {
    let mut out = BTreeSet::new();
    for e in ents {
        if e.end > glen {
            return Err(format!(
                "entity [{}, {}) of {id:?} is outside the text ({glen} bytes)",
                e.start, e.end
            ));
        }
        if !TYPES.contains(&e.ty.as_str()) {
            continue;
        }
        if geo && (e.ty != "LOC" || e.geo.as_deref() != Some("country")) {
            continue;
        }
        out.insert((e.start, e.end, e.ty.clone()));
    }
    Ok(out)
}

/// One-to-one greedy matching of same-type overlapping spans, largest overlap first.
fn partial_matches(gold: &[&Span3], pred: &[&Span3]) -> usize {
    let mut pairs = Vec::new();
    for (i, g) in gold.iter().enumerate() {
        for (j, p) in pred.iter().enumerate() {
            if g.2 == p.2 && p.0 < g.1 && g.0 < p.1 {
                pairs.push((g.1.min(p.1) - g.0.max(p.0), i, j));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (mut ug, mut up, mut m) = (BTreeSet::new(), BTreeSet::new(), 0);
    for (_, i, j) in pairs {
        if !ug.contains(&i) && !up.contains(&j) {
            ug.insert(i);
            up.insert(j);
            m += 1;
        }
    }
    m
}

/// Score `pred` against `gold` (all gold documents; `score.py`'s definition).
pub fn score(gold: &[Doc], pred: &[Doc], geo: bool) -> Result<Scores, String> {
    let by_id: HashMap<&str, &Doc> = pred.iter().map(|d| (d.id.as_str(), d)).collect();
    let mut s = Scores {
        docs_gold: gold.len(),
        ..Scores::default()
    };
    let mut tp: BTreeMap<&str, Prf> = BTreeMap::new();
    let mut ptp: BTreeMap<&str, usize> = BTreeMap::new();
    for g in gold {
        let text = g.text.as_deref().unwrap_or("");
        let glen = text.len() as i64;
        let empty = Vec::new();
        let pents = match by_id.get(g.id.as_str()) {
            Some(p) => {
                if p.text.as_deref().is_some_and(|t| t != text) {
                    return Err(format!(
                        "text of document {:?} differs from the gold text",
                        g.id
                    ));
                }
                &p.entities
            }
            None => {
                s.docs_missing += 1;
                &empty
            }
        };
        let gs = keep(&g.entities, glen, geo, &g.id)?;
        let ps = keep(pents, glen, geo, &g.id)?;
        for ty in TYPES {
            let gt: Vec<&Span3> = gs.iter().filter(|x| x.2 == ty).collect();
            let pt: Vec<&Span3> = ps.iter().filter(|x| x.2 == ty).collect();
            let hit = gt.iter().filter(|x| ps.contains(**x)).count();
            tp.entry(ty).or_default().add(Prf {
                tp: hit,
                pred: pt.len(),
                gold: gt.len(),
            });
            *ptp.entry(ty).or_default() += partial_matches(&gt, &pt);
        }
        let gu: BTreeSet<(i64, i64)> = gs.iter().map(|x| (x.0, x.1)).collect();
        let pu: BTreeSet<(i64, i64)> = ps.iter().map(|x| (x.0, x.1)).collect();
        s.untyped.add(Prf {
            tp: gu.intersection(&pu).count(),
            pred: pu.len(),
            gold: gu.len(),
        });
    }
    for ty in TYPES {
        let t = tp.get(ty).copied().unwrap_or_default();
        let pt = ptp.get(ty).copied().unwrap_or(0);
        s.typed.add(t);
        s.partial.add(Prf { tp: pt, ..t });
        // score.py lists, in geo mode, only the types that occur on either side.
        if !geo || t.gold > 0 || t.pred > 0 {
            s.per_type.insert(ty.to_string(), t);
            s.per_type_partial
                .insert(ty.to_string(), Prf { tp: pt, ..t });
        }
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// Gold: two documents, one with a multi-byte character before its entities.
    const GOLD: &str = r#"{"id":"a","split":"train","text":"Kim met Lavrov in Pyongyang, North Korea.","entities":[{"start":0,"end":3,"type":"PER"},{"start":8,"end":14,"type":"PER"},{"start":18,"end":27,"type":"LOC","geo":"place"},{"start":29,"end":40,"type":"LOC","geo":"country"}]}
{"id":"b","split":"test","text":"Ünal works for the United Nations in Russia and at NASA.","entities":[{"start":0,"end":5,"type":"PER"},{"start":20,"end":34,"type":"ORG"},{"start":38,"end":44,"type":"LOC","geo":"country"},{"start":52,"end":56,"type":"ORG"}]}
{"id":"c","split":"dev","text":"Nothing predicted for Moscow.","entities":[{"start":22,"end":28,"type":"LOC","geo":"place"}]}
"#;
    /// Predictions: exact hits, a wrong type, a partial overlap, a duplicate, an unknown type, a LOC
    /// without geo, a missing document and an unknown document.
    const PRED: &str = r#"{"id":"a","entities":[{"start":0,"end":3,"type":"PER"},{"start":8,"end":14,"type":"ORG"},{"start":18,"end":27,"type":"LOC","geo":"place"},{"start":29,"end":34,"type":"LOC","geo":"country"},{"start":29,"end":40,"type":"LOC"},{"start":0,"end":3,"type":"PER"}]}
{"id":"b","entities":[{"start":0,"end":5,"type":"PER"},{"start":16,"end":34,"type":"ORG"},{"start":38,"end":44,"type":"LOC","geo":"country"},{"start":52,"end":56,"type":"MISC"},{"start":52,"end":56,"type":"ORG"}]}
{"id":"zzz","entities":[{"start":0,"end":1,"type":"PER"}]}
"#;

    fn docs(s: &str, gold: bool) -> Vec<Doc> {
        parse_docs(s, "fixture", gold).unwrap()
    }

    #[test]
    fn counts_match_hand_computed_figures() {
        let s = score(&docs(GOLD, true), &docs(PRED, false), false).unwrap();
        // typed hits: a/Kim, a/Pyongyang, a/North Korea (a LOC without geo still counts when
        // geo is not scored), b/Ünal, b/Russia, b/NASA = 6; predictions after dropping MISC and
        // the duplicate: 5 in a, 4 in b = 9; gold 9.
        assert_eq!(
            s.typed,
            Prf {
                tp: 6,
                pred: 9,
                gold: 9
            }
        );
        // untyped: a has 5 distinct spans, 4 exact (Lavrov's span counts, its type is ignored);
        // b has 4 spans, 3 exact.
        assert_eq!(
            s.untyped,
            Prf {
                tp: 7,
                pred: 9,
                gold: 9
            }
        );
        assert_eq!(
            s.per_type["ORG"],
            Prf {
                tp: 1,
                pred: 3,
                gold: 2
            }
        );
        // partial: United Nations [16,34) overlaps gold [20,34) -> +1 ORG; LOC [29,34) and
        // [29,40) compete for gold North Korea: one match only.
        assert_eq!(s.partial.tp, 7);
        assert_eq!(s.docs_missing, 1);
        let g = score(&docs(GOLD, true), &docs(PRED, false), true).unwrap();
        // geo: gold countries North Korea and Russia; predicted [29,34) (no hit) and Russia.
        assert_eq!(
            g.typed,
            Prf {
                tp: 1,
                pred: 2,
                gold: 2
            }
        );
        assert_eq!(g.partial.tp, 2);
        assert_eq!(g.per_type.keys().collect::<Vec<_>>(), ["LOC"]);
    }

    #[test]
    fn rejects_spans_outside_the_text() {
        let pred = r#"{"id":"c","entities":[{"start":0,"end":999,"type":"PER"}]}"#;
        let e = score(&docs(GOLD, true), &docs(pred, false), false).unwrap_err();
        assert!(e.contains("outside the text"), "{e}");
        assert!(parse_docs(
            r#"{"id":"x","entities":[{"start":3,"end":3,"type":"PER"}]}"#,
            "p",
            false
        )
        .is_err());
    }

    fn shared_score_py() -> PathBuf {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
        super::super::paths::shared_dir(&root).join("eval/score.py")
    }

    /// The port agrees with `score.py` itself on the fixture, in both modes, figure by figure.
    #[test]
    fn agrees_with_score_py() {
        let script = shared_score_py();
        assert!(
            script.is_file(),
            "{} not found: set DOSSIER_SHARED to the shared folder",
            script.display()
        );
        let dir = std::env::temp_dir().join(format!("dossier-scorer-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("gold.jsonl"), GOLD).unwrap();
        std::fs::write(dir.join("pred.jsonl"), PRED).unwrap();
        for geo in [false, true] {
            let mut cmd = std::process::Command::new("python3");
            cmd.arg(&script)
                .arg(dir.join("gold.jsonl"))
                .arg(dir.join("pred.jsonl"))
                .arg("--json");
            if geo {
                cmd.arg("--geo");
            }
            let out = cmd
                .output()
                .expect("python3 must be installed to run score.py");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let py: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            let rs = score(&docs(GOLD, true), &docs(PRED, false), geo).unwrap();
            let check = |name: &str, v: &serde_json::Value, m: &Prf| {
                assert_eq!(
                    v["tp"].as_u64().unwrap() as usize,
                    m.tp,
                    "{name} tp (geo={geo})"
                );
                assert_eq!(v["pred"].as_u64().unwrap() as usize, m.pred, "{name} pred");
                assert_eq!(v["gold"].as_u64().unwrap() as usize, m.gold, "{name} gold");
                for (k, x) in [("p", m.p()), ("r", m.r()), ("f1", m.f1())] {
                    let want = v[k].as_f64().unwrap();
                    assert!(
                        (want - x).abs() <= 5e-5 + 1e-12,
                        "{name} {k}: py {want} rs {x}"
                    );
                }
            };
            check("typed", &py["typed"], &rs.typed);
            check("untyped", &py["untyped"], &rs.untyped);
            check("partial", &py["partial"], &rs.partial);
            let pt = py["per_type"].as_object().unwrap();
            assert_eq!(pt.len(), rs.per_type.len(), "per_type keys (geo={geo})");
            for (t, m) in &rs.per_type {
                check(t, &pt[t], m);
                check(t, &py["per_type_partial"][t], &rs.per_type_partial[t]);
            }
            assert_eq!(
                py["docs_missing_in_pred"].as_u64().unwrap() as usize,
                rs.docs_missing
            );
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
