//! Dates in text: absolute ("8 July 2025", "July 8", "2024-06-19", "in 2018") and relative ("on
//! Friday", "last year", "in September", "last month", "three days ago"), each resolved against the
//! document's own date when the text does not say the year. A relative date in a document whose
//! date is unknown is kept, with `resolved: None`, so callers can show it as unresolved instead of
//! guessing.
//!
//! Whether "on Friday" means the Friday before or after the document date depends on tense: the
//! caller (or [`find`], from the sentence's words) says whether the sentence talks about the future.

use crate::relate::tokens::{tokenize, Tok, TokKind};
use crate::span::Span;
use serde::{Deserialize, Serialize};

/// One date expression found in text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateExpr {
    /// Byte span of the expression in the document.
    pub span: Span,
    /// The expression as written.
    pub text: String,
    /// ISO date (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`), or `None` when it cannot be resolved.
    pub resolved: Option<String>,
    /// `true` when the expression needs the document date ("on Friday", "last year").
    pub relative: bool,
}

/// A calendar day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Day {
    /// Parse `YYYY-MM-DD` (extra text after the day, like a time, is ignored).
    pub fn parse(s: &str) -> Option<Day> {
        let b = s.as_bytes();
        if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year = s.get(0..4)?.parse().ok()?;
        let month = s.get(5..7)?.parse().ok()?;
        let day = s.get(8..10)?.parse().ok()?;
        Day::new(year, month, day)
    }

    pub fn new(year: i32, month: u32, day: u32) -> Option<Day> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Day { year, month, day })
    }

    /// Days since 1970-01-01 (proleptic Gregorian calendar).
    fn ordinal(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    fn from_ordinal(z: i64) -> Day {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Day { year, month, day }
    }

    pub fn add_days(self, n: i64) -> Day {
        Day::from_ordinal(self.ordinal() + n)
    }

    /// 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (3).
        ((self.ordinal() + 3).rem_euclid(7)) as u32
    }

    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

fn month_of(w: &str) -> Option<u32> {
    let w = w.trim_end_matches('.');
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if let Some(i) = NAMES.iter().position(|n| *n == w) {
        return Some(i as u32 + 1);
    }
    // Abbreviations, but not "may" alone (handled above as the full name) or "mar"/"jun" words.
    const ABBR: [&str; 12] = [
        "jan", "feb", "mar", "apr", "", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    if w.len() >= 3 && w != "mar" {
        if let Some(i) = ABBR.iter().position(|a| !a.is_empty() && *a == w) {
            return Some(i as u32 + 1);
        }
        if w == "sept" {
            return Some(9);
        }
    }
    None
}

fn weekday_of(w: &str) -> Option<u32> {
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
    .iter()
    .position(|n| *n == w)
    .map(|i| i as u32)
}

fn number_word(w: &str) -> Option<i64> {
    Some(match w {
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        _ => return w.parse().ok().filter(|n| (1..=100).contains(n)),
    })
}

fn year_of(t: &Tok) -> Option<i32> {
    if t.kind != TokKind::Num || t.lower.len() != 4 {
        return None;
    }
    t.lower.parse().ok().filter(|y| (1900..=2100).contains(y))
}

/// `w.trim_end_matches(suffix)`, as repeated `strip_suffix`: the same slice without building a
/// substring searcher (four of them cost ~1,000 instructions a token in [`day_num`]).
fn trim_all<'a>(mut w: &'a str, suffix: &str) -> &'a str {
    while let Some(rest) = w.strip_suffix(suffix) {
        w = rest;
    }
    w
}

fn day_num(t: &Tok) -> Option<u32> {
    let w = trim_all(&t.lower, "st");
    let w = trim_all(trim_all(trim_all(w, "nd"), "rd"), "th");
    if !w.bytes().all(|b| b.is_ascii_digit()) || w.is_empty() || w.len() > 2 {
        return None;
    }
    w.parse().ok().filter(|d| (1..=31).contains(d))
}

/// Words that put a sentence in the future, for choosing between the last and the next Friday.
const FUTURE: &[&str] = &[
    "will",
    "'ll",
    "expected",
    "scheduled",
    "plans",
    "planned",
    "upcoming",
    "next",
    "due",
    "set",
    "would",
    "shall",
    "intends",
];

/// Whether a token sequence reads as being about the future.
pub(crate) fn is_future(toks: &[Tok]) -> bool {
    toks.iter().any(|t| FUTURE.contains(&t.lower.as_ref()))
}

/// Find the date expressions in `text[span]`, resolving relative ones against `doc_date`
/// (`YYYY-MM-DD`), with the tense read from the words of the span.
pub fn find(text: &str, span: Span, doc_date: Option<&str>) -> Vec<DateExpr> {
    let toks = tokenize(text, span, &[]);
    let future = is_future(&toks);
    find_in_tokens(text, &toks, doc_date.and_then(Day::parse), future)
}

/// Resolve a single free-standing expression ("last year", "on Friday") against a document date.
pub fn resolve(expr: &str, doc_date: Option<&str>, future: bool) -> Option<String> {
    let toks = tokenize(expr, Span::new(0, expr.len()), &[]);
    find_in_tokens(expr, &toks, doc_date.and_then(Day::parse), future)
        .into_iter()
        .next()
        .and_then(|d| d.resolved)
}

pub(crate) fn find_in_tokens(
    text: &str,
    toks: &[Tok],
    doc: Option<Day>,
    future: bool,
) -> Vec<DateExpr> {
    let mut out = Vec::new();
    let mut i = 0;
    let w = |k: usize| toks.get(k).map(|t| t.lower.as_ref()).unwrap_or("");
    while i < toks.len() {
        let t = &toks[i];
        if t.kind != TokKind::Word && t.kind != TokKind::Num {
            i += 1;
            continue;
        }
        let mut hit: Option<(usize, Option<String>, bool)> = None; // (end index exclusive, iso, relative)
                                                                   // ISO 2024-06-19.
        if let Some(y) = year_of(t).filter(|_| w(i + 1) == "-" && w(i + 3) == "-") {
            if let (Ok(m), Ok(d)) = (w(i + 2).parse::<u32>(), w(i + 4).parse::<u32>()) {
                if let Some(day) = Day::new(y, m, d) {
                    hit = Some((i + 5, Some(day.iso()), false));
                }
            }
        }
        if hit.is_none() {
            if let Some(m) = month_of(&t.lower).filter(|_| t.kind == TokKind::Word) {
                // "may" is a month only when a day or year is attached to it.
                let is_may = t.lower == "may";
                // July 8, 2025 / July 8 / July 2025 / July
                if let Some(d) = toks.get(i + 1).and_then(day_num) {
                    let (year, end) = match toks
                        .get(i + 2)
                        .filter(|x| x.is(","))
                        .and_then(|_| toks.get(i + 3))
                        .and_then(year_of)
                    {
                        Some(y) => (Some(y), i + 4),
                        None => match toks.get(i + 2).and_then(year_of) {
                            Some(y) => (Some(y), i + 3),
                            None => (None, i + 2),
                        },
                    };
                    hit = Some(match year {
                        Some(y) => (end, Day::new(y, m, d).map(Day::iso), false),
                        None => (
                            end,
                            doc.and_then(|dd| day_without_year(dd, m, d, future)),
                            true,
                        ),
                    });
                } else if let Some(y) = toks.get(i + 1).and_then(year_of) {
                    hit = Some((i + 2, Some(format!("{y:04}-{m:02}")), false));
                } else if !is_may && t.lower.len() > 3 {
                    let prev = w(i.wrapping_sub(1));
                    if matches!(
                        prev,
                        "in" | "since"
                            | "until"
                            | "late"
                            | "early"
                            | "mid"
                            | "by"
                            | "last"
                            | "next"
                            | "this"
                            | "of"
                            | "during"
                            | "from"
                            | "or"
                            | "and"
                    ) {
                        let iso = doc.map(|dd| month_without_year(dd, m, prev, future));
                        hit = Some((i + 1, iso, true));
                    }
                }
            } else if let (Some(d), Some(m)) =
                (day_num(t), toks.get(i + 1).and_then(|x| month_of(&x.lower)))
            {
                // 8 July 2025 / 8 July
                if t.kind == TokKind::Num
                    || t.lower.ends_with("th")
                    || t.lower.ends_with("st")
                    || t.lower.ends_with("nd")
                    || t.lower.ends_with("rd")
                {
                    hit = Some(match toks.get(i + 2).and_then(year_of) {
                        Some(y) => (i + 3, Day::new(y, m, d).map(Day::iso), false),
                        None => (
                            i + 2,
                            doc.and_then(|dd| day_without_year(dd, m, d, future)),
                            true,
                        ),
                    });
                }
            } else if let Some(y) = year_of(t) {
                let prev = w(i.wrapping_sub(1));
                if i > 0
                    && matches!(
                        prev,
                        "in" | "since"
                            | "during"
                            | "until"
                            | "by"
                            | "from"
                            | "of"
                            | "early"
                            | "late"
                            | "mid"
                            | "to"
                            | "and"
                            | "before"
                            | "after"
                    )
                {
                    hit = Some((i + 1, Some(format!("{y:04}")), false));
                }
            } else if let Some(wd) = weekday_of(&t.lower) {
                let prev = w(i.wrapping_sub(1));
                let fut = match prev {
                    "last" => false,
                    "next" | "coming" => true,
                    _ => future,
                };
                hit = Some((i + 1, doc.map(|dd| weekday_near(dd, wd, fut).iso()), true));
            } else {
                hit = relative_phrase(toks, i, doc);
            }
        }
        match hit {
            Some((end, iso, relative)) if end > i => {
                // Include a leading "last"/"next"/"this"/"on"/"in" in the written text.
                let mut start = i;
                if start > 0
                    && matches!(
                        w(start - 1),
                        "last"
                            | "next"
                            | "this"
                            | "coming"
                            | "on"
                            | "in"
                            | "late"
                            | "early"
                            | "mid"
                    )
                {
                    start -= 1;
                }
                let end_tok = &toks[end - 1];
                let sp = Span::new(toks[start].span.start, end_tok.span.end);
                out.push(DateExpr {
                    span: sp,
                    text: sp.of(text).to_string(),
                    resolved: iso,
                    relative,
                });
                i = end;
            }
            _ => i += 1,
        }
    }
    out
}

/// "yesterday", "last year", "this month", "next week", "three days ago", "a year ago".
fn relative_phrase(
    toks: &[Tok],
    i: usize,
    doc: Option<Day>,
) -> Option<(usize, Option<String>, bool)> {
    let w = |k: usize| toks.get(k).map(|t| t.lower.as_ref()).unwrap_or("");
    let one = |n: i64| doc.map(|d| d.add_days(n).iso());
    match w(i) {
        "yesterday" => return Some((i + 1, one(-1), true)),
        "today" | "tonight" => return Some((i + 1, one(0), true)),
        "tomorrow" => return Some((i + 1, one(1), true)),
        "last" | "this" | "next" | "past" => {
            let shift = match w(i) {
                "last" | "past" => -1,
                "this" => 0,
                _ => 1,
            };
            let unit = w(i + 1);
            let iso = match unit {
                "year" => doc.map(|d| format!("{:04}", d.year + shift as i32)),
                "month" => doc.map(|d| {
                    let (y, m) = add_months(d.year, d.month, shift);
                    format!("{y:04}-{m:02}")
                }),
                "week" | "weekend" => doc.map(|d| {
                    let x = d.add_days(7 * shift);
                    format!("{:04}-{:02}", x.year, x.month)
                }),
                _ => return None,
            };
            return Some((i + 2, iso, true));
        }
        "earlier" | "later" if w(i + 1) == "this" && matches!(w(i + 2), "year" | "month") => {
            let iso = doc.map(|d| match w(i + 2) {
                "year" => format!("{:04}", d.year),
                _ => format!("{:04}-{:02}", d.year, d.month),
            });
            return Some((i + 3, iso, true));
        }
        _ => {}
    }
    // N days/weeks/months/years ago
    let n = number_word(w(i))?;
    if w(i + 2) != "ago" {
        return None;
    }
    let iso = match w(i + 1).trim_end_matches('s') {
        "day" => doc.map(|d| d.add_days(-n).iso()),
        "week" => doc.map(|d| d.add_days(-7 * n).iso()),
        "month" => doc.map(|d| {
            let (y, m) = add_months(d.year, d.month, -n);
            format!("{y:04}-{m:02}")
        }),
        "year" => doc.map(|d| format!("{:04}", i64::from(d.year) - n)),
        _ => return None,
    };
    Some((i + 3, iso, true))
}

fn add_months(year: i32, month: u32, n: i64) -> (i32, u32) {
    let total = i64::from(year) * 12 + i64::from(month) - 1 + n;
    (
        total.div_euclid(12) as i32,
        (total.rem_euclid(12) + 1) as u32,
    )
}

/// The weekday `wd` nearest to `doc` on the side the tense points to (the doc day itself counts).
fn weekday_near(doc: Day, wd: u32, future: bool) -> Day {
    let cur = doc.weekday() as i64;
    let wd = i64::from(wd);
    if future {
        doc.add_days((wd - cur).rem_euclid(7))
    } else {
        doc.add_days(-(cur - wd).rem_euclid(7))
    }
}

fn day_without_year(doc: Day, m: u32, d: u32, future: bool) -> Option<String> {
    let this = Day::new(doc.year, m, d)?;
    let day = if future && this < doc {
        Day::new(doc.year + 1, m, d)?
    } else if !future && this > doc {
        Day::new(doc.year - 1, m, d)?
    } else {
        this
    };
    Some(day.iso())
}

fn month_without_year(doc: Day, m: u32, prev: &str, future: bool) -> String {
    let future = match prev {
        "last" | "since" => false,
        "next" | "until" | "by" => true,
        _ => future,
    };
    let year = if future && m < doc.month {
        doc.year + 1
    } else if !future && m > doc.month {
        doc.year - 1
    } else {
        doc.year
    };
    format!("{year:04}-{m:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trim_all_is_trim_end_matches() {
        for w in [
            "1st", "1stst", "22nd", "3rd", "4th", "th", "", "st1", "1ndst", "31stth",
        ] {
            for suffix in ["st", "nd", "rd", "th"] {
                assert_eq!(
                    trim_all(w, suffix),
                    w.trim_end_matches(suffix),
                    "{w} {suffix}"
                );
            }
        }
    }

    #[test]
    fn calendar_round_trips() {
        for iso in ["1970-01-01", "2000-02-29", "2024-12-31", "2025-07-12"] {
            let d = Day::parse(iso).unwrap();
            assert_eq!(Day::from_ordinal(d.ordinal()), d);
            assert_eq!(d.iso(), iso);
        }
        // 2025-07-12 was a Saturday.
        assert_eq!(Day::parse("2025-07-12").unwrap().weekday(), 5);
    }
}
