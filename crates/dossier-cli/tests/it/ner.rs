//! `dossier ner`: JSON lines in, score.py's entity format out (byte offsets, `geo` on LOC only).

use std::io::Write;
use std::process::{Command, Stdio};

fn run(input: &str) -> (String, bool) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("ner")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("dossier runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write input");
    let out = child.wait_with_output().expect("dossier finishes");
    (
        String::from_utf8(out.stdout).expect("UTF-8 output"),
        out.status.success(),
    )
}

#[test]
fn entities_have_byte_offsets_types_and_geo() {
    let text = "Café owners in Paris met Angela Merkel. She later flew home to Germany.";
    let line = serde_json::json!({"id": "d1", "text": text}).to_string();
    let (out, ok) = run(&format!("{line}\n"));
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(out.trim()).expect("one JSON line");
    assert_eq!(v["id"], "d1");
    let ents = v["entities"].as_array().expect("entities");
    let got: Vec<(String, String, Option<String>)> = ents
        .iter()
        .map(|e| {
            let (s, t) = (
                e["start"].as_u64().unwrap() as usize,
                e["end"].as_u64().unwrap() as usize,
            );
            (
                text[s..t].to_string(),
                e["type"].as_str().unwrap().to_string(),
                e.get("geo").and_then(|g| g.as_str()).map(str::to_string),
            )
        })
        .collect();
    for e in &got {
        assert_eq!(e.2.is_some(), e.1 == "LOC", "geo only on LOC: {e:?}");
    }
    let has = |s: &str, ty: &str, geo: Option<&str>| {
        got.iter()
            .any(|e| e.0 == s && e.1 == ty && e.2.as_deref() == geo)
    };
    assert!(has("Paris", "LOC", Some("place")), "{got:?}");
    assert!(has("Angela Merkel", "PER", None), "{got:?}");
    assert!(has("Germany", "LOC", Some("country")), "{got:?}");
}

#[test]
fn a_bad_line_is_reported_and_the_rest_still_tagged() {
    let good = serde_json::json!({"id": 7, "text": "Barack Obama spoke."}).to_string();
    let (out, ok) = run(&format!("not json\n{good}\n"));
    assert!(!ok, "a malformed line makes the exit status non-zero");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1);
    assert!(lines[0].starts_with("{\"id\":7,"), "{out}");
}
