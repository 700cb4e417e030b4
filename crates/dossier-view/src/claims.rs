//! The claims view: for each topic, the sources' figures side by side, the spread between the lowest
//! and highest, and which figures stand out.

use dossier_core::sort::SortStable;
use dossier_core::{Claim, ClaimNumber, ClaimValue};

/// Lowest and highest number a value allows; `None` for a value given as a name, not a number.
pub fn bounds(v: &ClaimValue) -> Option<(f64, f64)> {
    match &v.value {
        ClaimNumber::One(x) => Some((*x, *x)),
        ClaimNumber::Range([x, y]) => Some((x.min(*y), x.max(*y))),
        ClaimNumber::Text(_) => None,
    }
}

/// A figure as a person writes it: "12,000", "1.5", "10,000–15,000".
pub fn format_number(n: &ClaimNumber) -> String {
    match n {
        ClaimNumber::One(x) => format_one(*x),
        ClaimNumber::Range([x, y]) => format!("{}–{}", format_one(*x), format_one(*y)),
        ClaimNumber::Text(t) => t.clone(),
    }
}

fn format_one(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    if x.fract() == 0.0 && x.abs() < 1e15 {
        let digits = format!("{}", x.abs() as u64);
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        if x < 0.0 {
            out.insert(0, '-');
        }
        out
    } else {
        format!("{x}")
    }
}

/// Where a value sits among its topic's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Extreme {
    Lowest,
    Highest,
    Between,
}

/// A claim topic ready to show: numeric values ordered low to high (then values given as names),
/// with the spread of the numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct ClaimRow {
    /// Indices into `claim.values`, lowest figure first.
    pub order: Vec<usize>,
    pub low: f64,
    pub high: f64,
    /// `high / low` when `low > 0` (1.0 means all agree); `low`/`high` are 0 without numbers.
    pub ratio: Option<f64>,
    /// Per value (by index into `claim.values`), its place in the spread; all `Between` when the
    /// figures agree.
    pub extremes: Vec<Extreme>,
    /// The sources disagree: the engine says so, or the figures (or the names given) differ.
    pub disagree: bool,
}

pub fn row(claim: &Claim) -> ClaimRow {
    let b: Vec<Option<(f64, f64)>> = claim.values.iter().map(bounds).collect();
    let mut order: Vec<usize> = (0..b.len()).collect();
    // Numbers first, low to high; names after them.
    let key = |i: usize| b[i].map_or((1, 0.0, 0.0), |(l, h)| (0, l, h));
    order.sort_stable_by(|&i, &j| {
        let (ki, kj) = (key(i), key(j));
        ki.0.cmp(&kj.0)
            .then(ki.1.total_cmp(&kj.1))
            .then(ki.2.total_cmp(&kj.2))
            .then(claim.values[i].doc.cmp(&claim.values[j].doc))
            .then(i.cmp(&j))
    });
    let numbers: Vec<(f64, f64)> = b.iter().flatten().copied().collect();
    let (low, high) = if numbers.is_empty() {
        (0.0, 0.0)
    } else {
        (
            numbers.iter().map(|x| x.0).fold(f64::INFINITY, f64::min),
            numbers
                .iter()
                .map(|x| x.1)
                .fold(f64::NEG_INFINITY, f64::max),
        )
    };
    let differ = high > low;
    let mut names: Vec<String> = claim
        .values
        .iter()
        .filter_map(|v| match &v.value {
            ClaimNumber::Text(t) => Some(crate::fold::fold(t)),
            _ => None,
        })
        .collect();
    names.sort_stable();
    names.dedup();
    let extremes = b
        .iter()
        .map(|x| match *x {
            Some((l, _)) if differ && l == low => Extreme::Lowest,
            Some((_, h)) if differ && h == high => Extreme::Highest,
            _ => Extreme::Between,
        })
        .collect();
    ClaimRow {
        order,
        low,
        high,
        ratio: (low > 0.0).then(|| high / low),
        extremes,
        disagree: claim.conflict || differ || names.len() > 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::analysis;

    #[test]
    fn numbers_are_written_with_thousands_separators() {
        assert_eq!(format_number(&ClaimNumber::One(12000.0)), "12,000");
        assert_eq!(format_number(&ClaimNumber::One(-1234567.0)), "-1,234,567");
        assert_eq!(format_number(&ClaimNumber::One(1.5)), "1.5");
        assert_eq!(
            format_number(&ClaimNumber::Range([10000.0, 15000.0])),
            "10,000–15,000"
        );
        assert_eq!(format_number(&ClaimNumber::Text("Kursk".into())), "Kursk");
    }

    #[test]
    fn a_claim_row_orders_values_and_marks_the_spread() {
        let mut c = analysis().claims[0].clone();
        c.values.swap(0, 1);
        let r = row(&c);
        assert_eq!(r.order, vec![1, 0]);
        assert_eq!((r.low, r.high), (11000.0, 12000.0));
        assert_eq!(r.extremes, vec![Extreme::Highest, Extreme::Lowest]);
        assert!(r.disagree);
        assert!((r.ratio.unwrap() - 12.0 / 11.0).abs() < 1e-9);
        // A value given as a name sorts after the numbers and does not move the spread.
        let mut named = c.values[0].clone();
        named.value = ClaimNumber::Text("several thousand".into());
        c.values.insert(0, named);
        let r = row(&c);
        assert_eq!(r.order, vec![2, 1, 0]);
        assert_eq!((r.low, r.high), (11000.0, 12000.0));
        assert_eq!(r.extremes[0], Extreme::Between);
        c.values.truncate(1);
        c.conflict = false;
        let r = row(&c);
        assert!(!r.disagree);
        assert_eq!(r.extremes, vec![Extreme::Between]);
        assert_eq!((r.low, r.high, r.ratio), (0.0, 0.0, None));
    }
}
