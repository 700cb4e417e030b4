//! The view and its filters as a URL fragment, so a link reopens the same view and the back button
//! walks through views: `#/relations?q=lavrov&type=person&country=KP,RU&pred=met&sort=date&group=pair`.
//!
//! Encoding is canonical (keys in a fixed order, defaults left out, sets sorted), so equal states give
//! equal URLs and the history is not spammed with spelling variants. Decoding accepts anything: unknown
//! keys and malformed values are ignored, sizes are capped, and the result is always a valid
//! [`Route`]; `decode(encode(r)) == r` for every route `encode` can produce (property-tested).

use crate::filter::Filters;
use dossier_core::{DocId, EntityId, EntityKind};
use std::fmt::Write;

/// The main views.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum View {
    #[default]
    Entities,
    Countries,
    Relations,
    Claims,
    Reader,
}

impl View {
    pub const ALL: [View; 5] = [
        View::Entities,
        View::Countries,
        View::Relations,
        View::Claims,
        View::Reader,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            View::Entities => "entities",
            View::Countries => "countries",
            View::Relations => "relations",
            View::Claims => "claims",
            View::Reader => "reader",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            View::Entities => "Entities",
            View::Countries => "Countries",
            View::Relations => "Relations",
            View::Claims => "Claims",
            View::Reader => "Reader",
        }
    }

    fn from_slug(s: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.slug() == s)
    }
}

/// How the relationship list is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RelSort {
    #[default]
    Count,
    Date,
    Name,
}

/// How the relationship list is grouped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RelGroup {
    #[default]
    None,
    Predicate,
    Pair,
}

/// Everything the URL holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Route {
    pub view: View,
    pub filters: Filters,
    pub sort: RelSort,
    pub group: RelGroup,
    /// The expanded entity card.
    pub open: Option<EntityId>,
    /// The document in the reader, and the span to scroll to and mark.
    pub doc: Option<DocId>,
    pub at: Option<(usize, usize)>,
}

/// Caps that keep a hostile URL from costing anything.
pub const MAX_Q: usize = 200;
pub const MAX_ITEMS: usize = 64;
const MAX_INPUT: usize = 8192;

fn kind_slug(k: EntityKind) -> &'static str {
    match k {
        EntityKind::Person => "person",
        EntityKind::Organization => "organization",
        EntityKind::Place => "place",
        EntityKind::Country => "country",
    }
}

fn kind_from(s: &str) -> Option<EntityKind> {
    [
        EntityKind::Person,
        EntityKind::Organization,
        EntityKind::Place,
        EntityKind::Country,
    ]
    .into_iter()
    .find(|k| kind_slug(*k) == s)
}

/// Percent-encode everything but RFC 3986 unreserved characters; `,` inside a value is encoded too
/// because it separates list items.
fn enc(out: &mut String, s: &str) {
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
}

/// Percent-decode, treating `+` as a space; invalid escapes stay literal, invalid UTF-8 is replaced.
fn dec(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' if i + 2 < b.len() => {
                let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(v) => {
                        out.push(v);
                        i += 3;
                    }
                    None => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn list<'a, I: IntoIterator<Item = &'a str>>(out: &mut String, key: &str, items: I) {
    let items: Vec<&str> = items.into_iter().collect();
    if items.is_empty() {
        return;
    }
    out.push(if out.contains('?') { '&' } else { '?' });
    out.push_str(key);
    out.push('=');
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        enc(out, it);
    }
}

/// The fragment (with its leading `#`) for `r`.
pub fn encode(r: &Route) -> String {
    let f = &r.filters;
    let mut out = format!("#/{}", r.view.slug());
    let q = f.q.trim();
    if !q.is_empty() {
        list(&mut out, "q", [q]);
    }
    list(&mut out, "type", f.kinds.iter().map(|k| kind_slug(*k)));
    list(&mut out, "country", f.countries.iter().map(String::as_str));
    let docs: Vec<String> = f.docs.iter().map(|d| d.0.to_string()).collect();
    list(&mut out, "doc", docs.iter().map(String::as_str));
    list(&mut out, "source", f.sources.iter().map(String::as_str));
    list(&mut out, "pred", f.predicates.iter().map(String::as_str));
    let min = f.min_mentions.to_string();
    if f.min_mentions > 1 {
        list(&mut out, "min", [min.as_str()]);
    }
    match r.sort {
        RelSort::Count => {}
        RelSort::Date => list(&mut out, "sort", ["date"]),
        RelSort::Name => list(&mut out, "sort", ["name"]),
    }
    match r.group {
        RelGroup::None => {}
        RelGroup::Predicate => list(&mut out, "group", ["predicate"]),
        RelGroup::Pair => list(&mut out, "group", ["pair"]),
    }
    let open = r.open.map(|e| e.0.to_string());
    list(&mut out, "open", open.as_deref());
    let read = r.doc.map(|d| d.0.to_string());
    list(&mut out, "read", read.as_deref());
    let at = r.at.map(|(s, e)| format!("{s}-{e}"));
    list(&mut out, "at", at.as_deref());
    out
}

/// The route a fragment (or full URL, or anything at all) names.
pub fn decode(input: &str) -> Route {
    let mut r = Route::default();
    let mut input = &input[..crate::text::floor_boundary(input, MAX_INPUT)];
    if let Some(hash) = input.find('#') {
        input = &input[hash + 1..];
    }
    let input = input.trim_start_matches('/');
    let (path, query) = input.split_once('?').unwrap_or((input, ""));
    r.view = View::from_slug(path.trim_end_matches('/')).unwrap_or_default();
    for pair in query.split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let items = || {
            v.split(',')
                .map(dec)
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty() && s.len() <= MAX_Q)
                .take(MAX_ITEMS)
        };
        let f = &mut r.filters;
        match k {
            "q" => {
                let q = dec(v);
                let q = q.trim();
                f.q = q[..crate::text::floor_boundary(q, MAX_Q)]
                    .trim()
                    .to_string();
            }
            "type" => f.kinds = items().filter_map(|s| kind_from(&s)).collect(),
            "country" => {
                f.countries = items()
                    .filter(|s| s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase()))
                    .collect()
            }
            "doc" => f.docs = items().filter_map(|s| s.parse().ok().map(DocId)).collect(),
            "source" => f.sources = items().collect(),
            "pred" => f.predicates = items().collect(),
            "min" => {
                f.min_mentions = dec(v)
                    .parse::<usize>()
                    .ok()
                    .filter(|n| *n > 1 && *n <= 1_000_000)
                    .unwrap_or(0)
            }
            "sort" => {
                r.sort = match v {
                    "date" => RelSort::Date,
                    "name" => RelSort::Name,
                    _ => RelSort::Count,
                }
            }
            "group" => {
                r.group = match v {
                    "predicate" => RelGroup::Predicate,
                    "pair" => RelGroup::Pair,
                    _ => RelGroup::None,
                }
            }
            "open" => r.open = dec(v).parse().ok().map(EntityId),
            "read" => r.doc = dec(v).parse().ok().map(DocId),
            "at" => {
                r.at = dec(v).split_once('-').and_then(|(s, e)| {
                    let (s, e) = (s.parse::<usize>().ok()?, e.parse::<usize>().ok()?);
                    (s <= e).then_some((s, e))
                })
            }
            _ => {}
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    #[test]
    fn a_route_encodes_to_a_readable_canonical_fragment() {
        let r = Route {
            view: View::Relations,
            filters: Filters {
                q: "Choe Son-hui & co".into(),
                kinds: BTreeSet::from([EntityKind::Place, EntityKind::Person]),
                countries: BTreeSet::from(["RU".into(), "KP".into()]),
                predicates: BTreeSet::from(["sent troops to".into()]),
                min_mentions: 2,
                ..Filters::default()
            },
            sort: RelSort::Date,
            group: RelGroup::Pair,
            ..Route::default()
        };
        let s = encode(&r);
        assert_eq!(
            s,
            "#/relations?q=Choe%20Son-hui%20%26%20co&type=person,place&country=KP,RU&pred=sent%20troops%20to&min=2&sort=date&group=pair"
        );
        assert_eq!(decode(&s), r);
        assert_eq!(encode(&Route::default()), "#/entities");
    }

    #[test]
    fn hostile_or_broken_input_decodes_to_a_safe_route() {
        let r = decode("https://x/?a#/claims?q=%ZZ%&country=ru,KP,<script>,KPX&doc=-1,7&min=99999999999999999999&at=9-3&open=x&type=alien,country&&=&q2");
        assert_eq!(r.view, View::Claims);
        assert_eq!(r.filters.q, "%ZZ%");
        assert_eq!(r.filters.countries, BTreeSet::from(["KP".to_string()]));
        assert_eq!(r.filters.docs, BTreeSet::from([DocId(7)]));
        assert_eq!(r.filters.min_mentions, 0);
        assert_eq!(r.filters.kinds, BTreeSet::from([EntityKind::Country]));
        assert_eq!((r.at, r.open), (None, None));
        assert_eq!(decode("#/nowhere").view, View::Entities);
        let long = format!("#/entities?q={}", "é".repeat(5000));
        assert!(decode(&long).filters.q.len() <= MAX_Q);
    }

    fn arb_route() -> impl Strategy<Value = Route> {
        let kinds = prop::collection::btree_set(
            prop::sample::select(vec![
                EntityKind::Person,
                EntityKind::Organization,
                EntityKind::Place,
                EntityKind::Country,
            ]),
            0..3,
        );
        let text = "[^\\s,]([^,]{0,10}[^\\s,])?";
        (
            prop::sample::select(View::ALL.to_vec()),
            (
                "\\PC{0,20}",
                kinds,
                prop::collection::btree_set("[A-Z]{2}", 0..3),
            ),
            prop::collection::btree_set(0u32..50, 0..3),
            prop::collection::btree_set(text, 0..3),
            prop::collection::btree_set(text, 0..3),
            (
                0usize..5,
                prop::sample::select(vec![RelSort::Count, RelSort::Date, RelSort::Name]),
            ),
            prop::sample::select(vec![RelGroup::None, RelGroup::Predicate, RelGroup::Pair]),
            (
                prop::option::of(0u32..99),
                prop::option::of(0u32..9),
                prop::option::of((0usize..50, 0usize..50)),
            ),
        )
            .prop_map(
                |(
                    view,
                    (q, kinds, countries),
                    docs,
                    sources,
                    predicates,
                    (min, sort),
                    group,
                    (open, doc, at),
                )| Route {
                    view,
                    filters: Filters {
                        q: q.trim().to_string(),
                        kinds,
                        countries,
                        docs: docs.into_iter().map(DocId).collect(),
                        sources,
                        predicates,
                        min_mentions: if min > 1 { min } else { 0 },
                    },
                    sort,
                    group,
                    open: open.map(EntityId),
                    doc: doc.map(DocId),
                    at: at.map(|(a, b)| (a.min(b), a.max(b))),
                },
            )
    }

    proptest! {
        #[test]
        fn every_route_round_trips(r in arb_route()) {
            prop_assert_eq!(decode(&encode(&r)), r);
        }

        #[test]
        fn any_string_decodes_without_panicking_and_re_encodes_stably(s in "\\PC{0,80}") {
            let r = decode(&s);
            prop_assert_eq!(decode(&encode(&r)), r);
        }
    }
}
