//! The claims view: for each topic, the sources' figures side by side, the spread between the lowest
//! and highest, and which figures stand out.

use dossier_core::{Claim, ClaimNumber, ClaimValue};

/// Lowest and highest number a value allows; NaN for a non-numeric value (a place, a name), which
/// `f64::min`/`max` then ignore when the spread is computed.
pub fn bounds(v: &ClaimValue) -> (f64, f64) {
    match &v.value {
        ClaimNumber::One(x) => (*x, *x),
        ClaimNumber::Range([x, y]) => (x.min(*y), x.max(*y)),
        ClaimNumber::Text(_) => (f64::NAN, f64::NAN),
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

/// A claim topic ready to show: values ordered low to high, with the spread.
#[derive(Clone, Debug, PartialEq)]
pub struct ClaimRow {
    /// Indices into `claim.values`, lowest figure first.
    pub order: Vec<usize>,
    pub low: f64,
    pub high: f64,
    /// `high / low` when `low > 0` (1.0 means all agree).
    pub ratio: Option<f64>,
    /// Per value (by index into `claim.values`), its place in the spread; all `Between` when the
    /// figures agree.
    pub extremes: Vec<Extreme>,
    /// The sources disagree: the engine says so, or the figures differ.
    pub disagree: bool,
}

pub fn row(claim: &Claim) -> ClaimRow {
    let b: Vec<(f64, f64)> = claim.values.iter().map(bounds).collect();
    let mut order: Vec<usize> = (0..b.len()).collect();
    order.sort_by(|&i, &j| {
        b[i].0
            .total_cmp(&b[j].0)
            .then(b[i].1.total_cmp(&b[j].1))
            .then(claim.values[i].doc.cmp(&claim.values[j].doc))
            .then(i.cmp(&j))
    });
    let low = b.iter().map(|x| x.0).fold(f64::INFINITY, f64::min);
    let high = b.iter().map(|x| x.1).fold(f64::NEG_INFINITY, f64::max);
    let (low, high) = if b.is_empty() {
        (0.0, 0.0)
    } else {
        (low, high)
    };
    let differ = high > low;
    let extremes = b
        .iter()
        .map(|&(l, h)| {
            if !differ {
                Extreme::Between
            } else if l == low {
                Extreme::Lowest
            } else if h == high {
                Extreme::Highest
            } else {
                Extreme::Between
            }
        })
        .collect();
    ClaimRow {
        order,
        low,
        high,
        ratio: (low > 0.0).then(|| high / low),
        extremes,
        disagree: claim.conflict || differ,
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
        c.values.truncate(1);
        c.conflict = false;
        let r = row(&c);
        assert!(!r.disagree);
        assert_eq!(r.extremes, vec![Extreme::Between]);
    }
}
