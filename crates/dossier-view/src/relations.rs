//! The relationship list: rows "subject — predicate — object" with modality, date, source and
//! evidence, sorted by count (of evidence sentences), date or name, and optionally grouped by
//! predicate or by (unordered) pair of entities.

use crate::route::{RelGroup, RelSort};
use dossier_core::sort::SortStable;
use dossier_core::{Analysis, EntityId, Relation};
use std::collections::BTreeMap;

/// A group of rows (a single unnamed group when not grouping).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// "met", or "Kim Jong Un — Sergei Lavrov"; empty when not grouping.
    pub label: String,
    /// Indices into `analysis.relations`, sorted.
    pub rows: Vec<usize>,
    /// Evidence sentences across the group's rows.
    pub count: usize,
}

/// The display name of an entity id (its id when it is not in the analysis).
pub fn name_of(a: &Analysis, id: EntityId) -> String {
    match a.entities.binary_search_by_key(&id, |e| e.id) {
        Ok(i) => a.entities[i].name.clone(),
        Err(_) => a
            .entities
            .iter()
            .find(|e| e.id == id)
            .map_or_else(|| format!("#{}", id.0), |e| e.name.clone()),
    }
}

fn row_key(a: &Analysis, r: &Relation) -> (String, String, String) {
    (
        name_of(a, r.subject),
        r.predicate.clone(),
        name_of(a, r.object),
    )
}

/// (subject, predicate, object) names, evidence count, date.
type RowKey = ((String, String, String), usize, Option<String>);

/// Order `rows` (indices into `a.relations`) by `sort`: most evidence first, latest date first
/// (undated last), or by subject/predicate/object name; ties fall back to the other keys so the
/// order is total and deterministic.
pub fn sort_rows(a: &Analysis, rows: &mut [usize], sort: RelSort) {
    let key = |i: usize| {
        let r = &a.relations[i];
        (row_key(a, r), r.evidence.len(), r.date.clone())
    };
    let mut keyed: Vec<(RowKey, usize)> = rows.iter().map(|&i| (key(i), i)).collect();
    keyed.sort_stable_by(|(x, i), (y, j)| {
        let by_name = x.0.cmp(&y.0);
        let by_count = y.1.cmp(&x.1);
        // Latest first, undated last.
        let by_date = match (&x.2, &y.2) {
            (Some(p), Some(q)) => q.cmp(p),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        };
        match sort {
            RelSort::Count => by_count.then(by_date).then(by_name),
            RelSort::Date => by_date.then(by_count).then(by_name),
            RelSort::Name => by_name.then(by_count).then(by_date),
        }
        .then(i.cmp(j))
    });
    for (slot, (_, i)) in rows.iter_mut().zip(keyed) {
        *slot = i;
    }
}

/// Group and sort `rows`. Groups are ordered like their rows: by total count, by their latest date,
/// or by label.
pub fn group_rows(a: &Analysis, rows: &[usize], sort: RelSort, group: RelGroup) -> Vec<Group> {
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for &i in rows {
        let r = &a.relations[i];
        let label = match group {
            RelGroup::None => String::new(),
            RelGroup::Predicate => r.predicate.clone(),
            RelGroup::Pair => {
                let (x, y) = (name_of(a, r.subject), name_of(a, r.object));
                if x <= y {
                    format!("{x} — {y}")
                } else {
                    format!("{y} — {x}")
                }
            }
        };
        groups.entry(label).or_default().push(i);
    }
    let mut out: Vec<Group> = groups
        .into_iter()
        .map(|(label, mut rows)| {
            sort_rows(a, &mut rows, sort);
            let count = rows.iter().map(|&i| a.relations[i].evidence.len()).sum();
            Group { label, rows, count }
        })
        .collect();
    let latest = |g: &Group| {
        g.rows
            .iter()
            .filter_map(|&i| a.relations[i].date.clone())
            .max()
    };
    out.sort_stable_by(|x, y| {
        match sort {
            RelSort::Count => y.count.cmp(&x.count),
            RelSort::Date => latest(y).cmp(&latest(x)),
            RelSort::Name => std::cmp::Ordering::Equal,
        }
        .then_with(|| x.label.cmp(&y.label))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::analysis;

    fn labels(a: &Analysis, rows: &[usize]) -> Vec<String> {
        rows.iter()
            .map(|&i| {
                let (s, p, o) = row_key(a, &a.relations[i]);
                format!("{s} — {p} — {o}")
            })
            .collect()
    }

    #[test]
    fn rows_sort_by_count_date_or_name() {
        let a = analysis();
        let mut rows = vec![0, 1, 2];
        sort_rows(&a, &mut rows, RelSort::Count);
        assert_eq!(
            labels(&a, &rows)[0],
            "North Korea — sent troops to — Russia"
        );
        sort_rows(&a, &mut rows, RelSort::Date);
        assert_eq!(labels(&a, &rows)[0], "Sergei Lavrov — met — Kim Jong Un");
        sort_rows(&a, &mut rows, RelSort::Name);
        assert_eq!(
            labels(&a, &rows),
            vec![
                "Choe Son Hui — met — Sergei Lavrov",
                "North Korea — sent troops to — Russia",
                "Sergei Lavrov — met — Kim Jong Un",
            ]
        );
    }

    #[test]
    fn rows_group_by_predicate_or_unordered_pair() {
        let a = analysis();
        let g = group_rows(&a, &[0, 1, 2], RelSort::Count, RelGroup::Predicate);
        let summary: Vec<(&str, usize, usize)> = g
            .iter()
            .map(|g| (g.label.as_str(), g.rows.len(), g.count))
            .collect();
        assert_eq!(summary, vec![("met", 2, 2), ("sent troops to", 1, 2)]);
        let g = group_rows(&a, &[0, 1, 2], RelSort::Name, RelGroup::Pair);
        assert_eq!(g[0].label, "Choe Son Hui — Sergei Lavrov");
        let g = group_rows(&a, &[2, 0], RelSort::Name, RelGroup::None);
        assert_eq!((g.len(), g[0].rows.clone()), (1, vec![2, 0]));
    }
}
