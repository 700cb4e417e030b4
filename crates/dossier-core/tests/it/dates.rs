//! Dates, read as a spec: absolute dates as written, relative ones resolved against the document
//! date, unresolved (but kept) when the document has none.

use dossier_core::dates::{find, resolve};
use dossier_core::Span;

fn found(text: &str, doc_date: Option<&str>) -> Vec<(String, Option<String>, bool)> {
    find(text, Span::new(0, text.len()), doc_date)
        .into_iter()
        .map(|d| (d.text, d.resolved, d.relative))
        .collect()
}

fn one(text: &str, resolved: Option<&str>, relative: bool) -> (String, Option<String>, bool) {
    (text.to_string(), resolved.map(str::to_string), relative)
}

#[test]
fn absolute_dates_need_no_document_date() {
    assert_eq!(
        found(
            "Trump accused Putin on July 8, 2025 and again on 14 July 2025.",
            None
        ),
        [
            one("on July 8, 2025", Some("2025-07-08"), false),
            one("on 14 July 2025", Some("2025-07-14"), false),
        ]
    );
    assert_eq!(
        found(
            "The pact was signed in 2024; the first visit was in June 2019.",
            None
        ),
        [
            one("in 2024", Some("2024"), false),
            one("in June 2019", Some("2019-06"), false),
        ]
    );
    assert_eq!(
        found("Published 2025-07-12.", None),
        [one("2025-07-12", Some("2025-07-12"), false)]
    );
}

#[test]
fn weekdays_resolve_backwards_in_the_past_and_forwards_in_the_future() {
    // 2025-07-12 is a Saturday.
    let doc = Some("2025-07-12");
    assert_eq!(
        found("Lavrov arrived in North Korea on Friday.", doc),
        [one("on Friday", Some("2025-07-11"), true)]
    );
    assert_eq!(
        found("Lavrov will leave on Monday.", doc),
        [one("on Monday", Some("2025-07-14"), true)]
    );
    assert_eq!(
        resolve("on Saturday", doc, false).as_deref(),
        Some("2025-07-12")
    );
}

#[test]
fn relative_periods_resolve_against_the_document_date() {
    let doc = Some("2025-07-12");
    assert_eq!(resolve("last year", doc, false).as_deref(), Some("2024"));
    assert_eq!(
        resolve("last month", doc, false).as_deref(),
        Some("2025-06")
    );
    assert_eq!(
        resolve("yesterday", doc, false).as_deref(),
        Some("2025-07-11")
    );
    assert_eq!(
        resolve("three days ago", doc, false).as_deref(),
        Some("2025-07-09")
    );
    assert_eq!(
        resolve("nearly a year ago", doc, false).as_deref(),
        Some("2024")
    );
    // A month without a year: the last one in the past tense, the next one in the future.
    assert_eq!(
        resolve("in September", doc, false).as_deref(),
        Some("2024-09")
    );
    assert_eq!(
        resolve("in September", doc, true).as_deref(),
        Some("2025-09")
    );
    assert_eq!(
        resolve("in July", Some("2025-01-05"), false).as_deref(),
        Some("2024-07")
    );
    assert_eq!(
        resolve("later this year", doc, true).as_deref(),
        Some("2025")
    );
}

#[test]
fn relative_dates_without_a_document_date_stay_unresolved() {
    assert_eq!(
        found("Lavrov arrived on Friday, last year's visit aside.", None),
        [one("on Friday", None, true), one("last year", None, true)]
    );
}

#[test]
fn may_is_a_month_only_with_a_day_or_year() {
    assert_eq!(
        found("Troops may return. The deal of May 2024 stands.", None),
        [one("May 2024", Some("2024-05"), false)]
    );
}

mod invariants {
    use dossier_core::dates::find;
    use dossier_core::Span;
    use proptest::prelude::*;

    const WORDS: &[&str] = &[
        "on",
        "Friday",
        "last",
        "year",
        "in",
        "September",
        "May",
        "2024",
        "-",
        "07",
        "31",
        "8",
        "July",
        ",",
        "2025",
        "ago",
        "three",
        "days",
        "next",
        "week",
        "this",
        "month",
        "yesterday",
        "29",
        "February",
        "2023",
        "later",
        "é",
    ];

    proptest! {
        /// Any text and any document date (even a malformed one): no panic, spans inside the
        /// text on char boundaries, resolved dates well-formed, same answer twice.
        #[test]
        fn no_panic_spans_in_bounds(
            text in prop_oneof![
                proptest::collection::vec(proptest::sample::select(WORDS), 0..30).prop_map(|w| w.join(" ")),
                any::<String>(),
            ],
            date in prop_oneof![Just(None), Just(Some("2024-02-29".to_string())), any::<String>().prop_map(Some)],
        ) {
            let a = find(&text, Span { start: 0, end: text.len() }, date.as_deref());
            prop_assert_eq!(&a, &find(&text, Span { start: 0, end: text.len() }, date.as_deref()));
            for d in &a {
                prop_assert!(text.get(d.span.start..d.span.end) == Some(d.text.as_str()));
                if let Some(r) = &d.resolved {
                    prop_assert!(matches!(r.len(), 4 | 7 | 10), "{}", r);
                }
            }
        }
    }
}
