//! Peer figures, read from the evaluation READMEs in the shared folder at run time (never typed
//! into the code), so the table always shows what those documents state.
//!
//! `eval/README.md` has one row per NER system (typed P/R/F1, untyped, partial, country F1, per-type
//! F1, MB/s); `eval/boilerplate/README.md` one row per main-content extractor (P, R, F1).

use std::path::Path;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct NerPeer {
    pub name: String,
    pub typed: [f64; 3],
    pub untyped_f1: f64,
    pub partial_f1: f64,
    pub country_f1: f64,
    /// PER, LOC, ORG F1.
    pub per_type_f1: [f64; 3],
    pub mbps: f64,
    /// "NER only" throughput, when the row gives one.
    pub ner_mbps: Option<f64>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct CleanPeer {
    pub name: String,
    pub f1: f64,
    /// `true` for systems run on the plain-text variant (`dev-text.jsonl`).
    pub on_text: bool,
}

#[derive(Clone, Debug, Default)]
pub struct Peers {
    pub ner: Vec<NerPeer>,
    pub clean: Vec<CleanPeer>,
    /// compromise's throughput in headless Chromium as the README states it.
    pub compromise_browser_mbps: Option<f64>,
    /// compromise's browser build size, gzip bytes.
    pub compromise_gzip_bytes: Option<f64>,
    pub ner_source: String,
    pub clean_source: String,
}

fn numbers(s: &str) -> Vec<f64> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in s.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() || (c == '.' && !cur.is_empty()) || (c == ',' && !cur.is_empty()) {
            cur.push(c);
        } else if !cur.is_empty() {
            if let Ok(v) = cur.trim_end_matches(['.', ',']).replace(',', "").parse() {
                out.push(v);
            }
            cur.clear();
        }
    }
    out
}

fn cells(line: &str) -> Vec<String> {
    line.trim()
        .trim_matches('|')
        .split('|')
        .map(|c| c.trim().to_string())
        .collect()
}

/// Rows of the first Markdown table whose header starts with `header_prefix`.
fn table_rows(md: &str, header_prefix: &str) -> Vec<Vec<String>> {
    let mut lines = md
        .lines()
        .skip_while(|l| !l.trim_start().starts_with(header_prefix));
    if lines.next().is_none() {
        return Vec::new();
    }
    lines
        .take_while(|l| l.trim_start().starts_with('|'))
        .filter(|l| !l.contains("---"))
        .map(cells)
        .collect()
}

pub fn parse_ner(md: &str) -> Vec<NerPeer> {
    table_rows(md, "| system | typed P / R / F1")
        .into_iter()
        .filter_map(|c| {
            if c.len() < 7 {
                return None;
            }
            let typed = numbers(&c[1]);
            let per = numbers(&c[5]);
            let speed = numbers(&c[6]);
            Some(NerPeer {
                name: c[0].clone(),
                typed: [*typed.first()?, *typed.get(1)?, *typed.get(2)?],
                untyped_f1: *numbers(&c[2]).first()?,
                partial_f1: *numbers(&c[3]).first()?,
                country_f1: *numbers(&c[4]).first()?,
                per_type_f1: [*per.first()?, *per.get(1)?, *per.get(2)?],
                mbps: *speed.first()?,
                ner_mbps: speed.get(1).copied(),
            })
        })
        .collect()
}

pub fn parse_clean(md: &str) -> Vec<CleanPeer> {
    table_rows(md, "| system (input) | P | R | F1")
        .into_iter()
        .filter_map(|c| {
            let f1 = *numbers(c.get(3)?).first()?;
            let name = c[0].replace('`', "");
            let on_text = name.contains("on text") || name.contains("render_text");
            Some(CleanPeer { name, f1, on_text })
        })
        .collect()
}

pub fn load(shared: &Path) -> Peers {
    let ner_path = shared.join("eval/README.md");
    let clean_path = shared.join("eval/boilerplate/README.md");
    let ner_md = std::fs::read_to_string(&ner_path).unwrap_or_default();
    let clean_md = std::fs::read_to_string(&clean_path).unwrap_or_default();
    let line_num = |needle: &str, unit: &str| -> Option<f64> {
        let l = ner_md.lines().find(|l| l.contains(needle))?;
        let at = l.find(unit)?;
        numbers(&l[..at]).last().copied()
    };
    Peers {
        ner: parse_ner(&ner_md),
        clean: parse_clean(&clean_md),
        compromise_browser_mbps: line_num("compromise in headless Chromium", "MB/s"),
        compromise_gzip_bytes: line_num("browser build is", "bytes gzip"),
        ner_source: "shared/eval/README.md".into(),
        clean_source: "shared/eval/boilerplate/README.md".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_ner_table() {
        let md = "intro\n\n| system | typed P / R / F1 | untyped F1 | partial F1 | country F1 (`--geo`) | PER / LOC / ORG F1 | MB/s |\n|---|---|---:|---:|---:|---|---:|\n| tagger | 0.5 / 0.25 / 0.333 | 0.6 | 0.7 | 0.8 | 0.1 / 0.2 / 0.3 | 0.048 (NER only 0.077) |\n\nafter\n";
        let p = parse_ner(md);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].name, "tagger");
        assert_eq!(p[0].typed, [0.5, 0.25, 0.333]);
        assert_eq!(p[0].country_f1, 0.8);
        assert_eq!(p[0].per_type_f1, [0.1, 0.2, 0.3]);
        assert_eq!(p[0].ner_mbps, Some(0.077));
    }

    #[test]
    fn reads_the_boilerplate_table() {
        let md = "| system (input) | P | R | F1 |\n|---|---|---|---|\n| all visible text (`render_text`), floor | 0.485 | 0.994 | 0.652 |\n| x 2.3 (HTML) | 0.9 | 0.9 | 0.939 |\n| *published:* | | | |\n";
        let p = parse_clean(md);
        assert_eq!(p.len(), 2);
        assert!(p[0].on_text && !p[1].on_text);
        assert_eq!(p[1].f1, 0.939);
    }

    #[test]
    fn numbers_with_thousands_separators() {
        assert_eq!(numbers("build is 136,787 bytes"), [136787.0]);
        assert_eq!(numbers("0.205 MB/s."), [0.205]);
    }
}
