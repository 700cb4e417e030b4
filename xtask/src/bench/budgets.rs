//! `bench/budgets.toml`: the figures the project promises, as lower (`[min]`) or upper (`[max]`)
//! bounds keyed by report figure key.
//!
//! The file is a deliberately small TOML subset — two tables of `dotted.key = number` lines with
//! `#` comments — parsed here by hand so xtask needs no TOML crate. Anything outside that subset is
//! an error naming the line, so a budget can never be silently ignored.

use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    Min,
    Max,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Budget {
    pub bound: Bound,
    pub limit: f64,
}

impl Budget {
    pub fn holds(&self, v: f64) -> bool {
        match self.bound {
            Bound::Min => v >= self.limit,
            Bound::Max => v <= self.limit,
        }
    }

    pub fn describe(&self, unit: &str) -> String {
        let op = match self.bound {
            Bound::Min => "≥",
            Bound::Max => "≤",
        };
        format!("{op} {}", super::report::fmt_value(self.limit, unit))
    }
}

#[derive(Clone, Debug, Default)]
pub struct Budgets {
    map: BTreeMap<String, Budget>,
}

impl Budgets {
    pub fn load(path: &std::path::Path) -> Result<Budgets, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
        Budgets::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    pub fn parse(text: &str) -> Result<Budgets, String> {
        let mut map = BTreeMap::new();
        let mut bound = None;
        for (n, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let n = n + 1;
            match line {
                "[min]" => bound = Some(Bound::Min),
                "[max]" => bound = Some(Bound::Max),
                _ if line.starts_with('[') => {
                    return Err(format!(
                        "line {n}: unknown table {line} (only [min] and [max])"
                    ))
                }
                _ => {
                    let (k, v) = line
                        .split_once('=')
                        .ok_or_else(|| format!("line {n}: expected `key = number`"))?;
                    let key = k.trim().trim_matches('"').to_string();
                    if key.is_empty() || key.contains(char::is_whitespace) {
                        return Err(format!("line {n}: bad key {k:?}"));
                    }
                    let limit: f64 = v
                        .trim()
                        .replace('_', "")
                        .parse()
                        .map_err(|_| format!("line {n}: {:?} is not a number", v.trim()))?;
                    let bound =
                        bound.ok_or_else(|| format!("line {n}: budget outside [min] or [max]"))?;
                    if map.insert(key.clone(), Budget { bound, limit }).is_some() {
                        return Err(format!("line {n}: {key} given twice"));
                    }
                }
            }
        }
        Ok(Budgets { map })
    }

    pub fn get(&self, key: &str) -> Option<&Budget> {
        self.map.get(key)
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.map.keys().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_min_and_max_tables_with_comments() {
        let b = Budgets::parse(
            "# budgets\n[min]\naccuracy.f1 = 0.68  # issue 4\n[max]\n\"size.total\" = 600_000\n",
        )
        .unwrap();
        assert_eq!(b.get("accuracy.f1").unwrap().bound, Bound::Min);
        assert!(b.get("accuracy.f1").unwrap().holds(0.68));
        assert!(!b.get("accuracy.f1").unwrap().holds(0.679));
        assert_eq!(b.get("size.total").unwrap().limit, 600_000.0);
        assert!(b.get("size.total").unwrap().holds(600_000.0));
        assert!(!b.get("size.total").unwrap().holds(600_001.0));
    }

    #[test]
    fn rejects_what_it_would_otherwise_ignore() {
        assert!(Budgets::parse("a = 1\n").unwrap_err().contains("outside"));
        assert!(Budgets::parse("[min]\na = fast\n")
            .unwrap_err()
            .contains("not a number"));
        assert!(Budgets::parse("[limits]\n")
            .unwrap_err()
            .contains("unknown table"));
        assert!(Budgets::parse("[min]\na = 1\na = 2\n")
            .unwrap_err()
            .contains("twice"));
    }
}
