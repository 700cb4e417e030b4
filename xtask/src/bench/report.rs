//! The bench report: every figure the run measured (or why it could not), the peers' figures printed
//! beside it, and its budget. Owns `target/bench/report.json`'s schema and the Markdown table.
//!
//! A figure that could not be measured is `n/a` with a reason, never a made-up number: the table
//! must tell a missing engine stage or browser apart from a slow one.

use super::budgets::{Budget, Budgets};
use serde::Serialize;
use std::fmt::Write as _;

/// A figure measured by someone else (from the eval READMEs, or measured live in the same run).
#[derive(Clone, Debug, Serialize)]
pub struct Peer {
    pub name: String,
    pub value: f64,
    /// Where the number comes from: a README path, or "measured in this run".
    pub source: String,
}

/// Whether a figure meets its budget.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Met,
    Missed,
    /// Has a budget but was not measured.
    NotMeasured,
    /// No budget for this figure: information only.
    Info,
}

#[derive(Clone, Debug, Serialize)]
pub struct Figure {
    /// Stable dotted key, e.g. `accuracy.gum_news.all.typed_f1`; budgets refer to it.
    pub key: String,
    pub section: String,
    pub label: String,
    pub unit: String,
    pub value: Option<f64>,
    /// Why `value` is missing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub na: Option<String>,
    pub peers: Vec<Peer>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget: Option<Budget>,
    pub status: Status,
}

/// All figures of one run plus the facts needed to reproduce it.
#[derive(Debug, Default, Serialize)]
pub struct Report {
    pub mode: String,
    pub started_utc: String,
    pub machine: Vec<(String, String)>,
    pub figures: Vec<Figure>,
    /// Free-form notes (what was skipped and why, corpus sizes, ...).
    pub notes: Vec<String>,
}

impl Report {
    pub fn measured(&mut self, key: &str, label: &str, unit: &str, value: f64) -> &mut Figure {
        self.push(key, label, unit, Some(value), None)
    }

    pub fn na(&mut self, key: &str, label: &str, unit: &str, reason: &str) -> &mut Figure {
        self.push(key, label, unit, None, Some(reason.to_string()))
    }

    pub fn value(
        &mut self,
        key: &str,
        label: &str,
        unit: &str,
        v: Result<f64, String>,
    ) -> &mut Figure {
        match v {
            Ok(x) => self.measured(key, label, unit, x),
            Err(e) => self.na(key, label, unit, &e),
        }
    }

    fn push(
        &mut self,
        key: &str,
        label: &str,
        unit: &str,
        value: Option<f64>,
        na: Option<String>,
    ) -> &mut Figure {
        let section = key.split('.').next().unwrap_or(key).to_string();
        self.figures.retain(|f| f.key != key);
        self.figures.push(Figure {
            key: key.to_string(),
            section,
            label: label.to_string(),
            unit: unit.to_string(),
            value: value.filter(|v| v.is_finite()),
            na: if value.is_some_and(|v| !v.is_finite()) {
                Some("not a finite number".into())
            } else {
                na
            },
            peers: Vec::new(),
            budget: None,
            status: Status::Info,
        });
        self.figures.last_mut().expect("just pushed")
    }

    /// Attach budgets and decide each figure's status.
    pub fn check(&mut self, budgets: &Budgets) {
        for f in &mut self.figures {
            f.budget = budgets.get(&f.key).cloned();
            f.status = match (&f.budget, f.value) {
                (None, _) => Status::Info,
                (Some(_), None) => Status::NotMeasured,
                (Some(b), Some(v)) if b.holds(v) => Status::Met,
                (Some(_), Some(_)) => Status::Missed,
            };
        }
    }

    pub fn count(&self, s: Status) -> usize {
        self.figures.iter().filter(|f| f.status == s).count()
    }

    /// Budgets with no figure of that key at all (a typo in budgets.toml, or a renamed key).
    pub fn orphan_budgets<'a>(&self, budgets: &'a Budgets) -> Vec<&'a str> {
        budgets
            .keys()
            .filter(|k| !self.figures.iter().any(|f| f.key == *k))
            .collect()
    }

    /// The Markdown table: one block per section, ours beside the peers.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let mut sections: Vec<&str> = Vec::new();
        for f in &self.figures {
            if !sections.contains(&f.section.as_str()) {
                sections.push(&f.section);
            }
        }
        for s in sections {
            let _ = writeln!(out, "\n### {s}\n");
            let _ = writeln!(out, "| figure | Dossier | peers | budget | |");
            let _ = writeln!(out, "|---|---:|---|---|---|");
            for f in self.figures.iter().filter(|f| f.section == s) {
                let ours = match (f.value, &f.na) {
                    (Some(v), _) => fmt_value(v, &f.unit),
                    (None, Some(r)) => format!("n/a: {r}"),
                    (None, None) => "n/a".into(),
                };
                let peers = f
                    .peers
                    .iter()
                    .map(|p| format!("{} {}", p.name, fmt_value(p.value, &f.unit)))
                    .collect::<Vec<_>>()
                    .join("; ");
                let budget = f
                    .budget
                    .as_ref()
                    .map(|b| b.describe(&f.unit))
                    .unwrap_or_default();
                let mark = match f.status {
                    Status::Met => "met",
                    Status::Missed => "**MISSED**",
                    Status::NotMeasured => "not measured",
                    Status::Info => "",
                };
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} |",
                    f.label,
                    ours.replace('|', "/"),
                    peers.replace('|', "/"),
                    budget,
                    mark
                );
            }
        }
        out
    }
}

impl Figure {
    pub fn peer(&mut self, name: &str, value: f64, source: &str) -> &mut Figure {
        self.peers.push(Peer {
            name: name.into(),
            value,
            source: source.into(),
        });
        self
    }
}

/// Numbers print with as many digits as their unit deserves.
pub fn fmt_value(v: f64, unit: &str) -> String {
    match unit {
        "" | "f1" | "p" | "r" | "ratio01" => format!("{v:.3}"),
        "x" => format!("{v:.1}×"),
        "exp" => format!("{v:.2}"),
        "KB" => format!("{v:.1} KB"),
        "MB" => format!("{v:.1} MB"),
        "ms" if v < 10.0 => format!("{v:.2} ms"),
        "ms" => format!("{v:.0} ms"),
        "s" => format!("{v:.2} s"),
        "MB/s" => {
            if v < 1.0 {
                format!("{v:.3} MB/s")
            } else {
                format!("{v:.1} MB/s")
            }
        }
        "words/s" => format!("{:.0}k words/s", v / 1000.0),
        "count" => format!("{v:.0}"),
        u => format!("{v:.3} {u}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_follows_budget_and_missing_values() {
        let budgets = Budgets::parse("[min]\na.f1 = 0.5\n[max]\nb.size = 10\n").unwrap();
        let mut r = Report::default();
        r.measured("a.f1", "F1", "f1", 0.4);
        r.measured("b.size", "size", "KB", 9.0);
        r.na("c.x", "x", "", "not built");
        r.na("a.other", "y", "", "missing");
        r.check(&budgets);
        let st: Vec<Status> = r.figures.iter().map(|f| f.status).collect();
        assert_eq!(
            st,
            [Status::Missed, Status::Met, Status::Info, Status::Info]
        );
        let md = r.markdown();
        assert!(
            md.contains("| F1 | 0.400 |  | ≥ 0.500 | **MISSED** |"),
            "{md}"
        );
        assert!(md.contains("n/a: not built"), "{md}");
    }

    #[test]
    fn non_finite_values_become_na() {
        let mut r = Report::default();
        r.measured("a.b", "ratio", "x", f64::NAN);
        assert!(r.figures[0].value.is_none());
        assert!(r.figures[0].na.is_some());
    }
}
