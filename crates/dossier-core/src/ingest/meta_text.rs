//! Metadata read from the words of a document: byline ("By Tess Bonn"), dateline
//! ("PYONGYANG, July 12 (Reuters) –"), the first date, and the wire/outlet named in a dateline
//! or in a credit line (a line that is only the outlet's name, directly above the publication
//! date: "Reuters" / "18 October, 2023, 04:05 pm").
//!
//! Only the head of the document is read (bylines and datelines live there), so a quote later in
//! an article ("by Friday") cannot become a byline. Hand-written scanners, no regex engine: they
//! are short, and `regex` would cost far more wasm than it saves here.

use crate::span::Span;

/// What the text says about itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextMeta {
    pub byline: Option<String>,
    pub dateline: Option<String>,
    /// Wire service or outlet named in the dateline or a credit line, e.g. "Reuters".
    pub source: Option<String>,
    /// Where `source` is written, in the text that was read.
    pub source_span: Option<Span>,
    /// ISO `YYYY-MM-DD`.
    pub date: Option<String>,
}

/// Bytes of the document head that are searched.
const HEAD_BYTES: usize = 6000;

const MONTHS: [&str; 12] = [
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

/// Month number (1–12) of a full or abbreviated (≥ 3 letters, optional dot) English month name.
pub fn month(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.');
    if w.len() < 3 || w.len() > 9 || !w.is_ascii() {
        return None;
    }
    // Every month (and "sept") starts with one of these letters: most words stop here.
    if !matches!(
        w.as_bytes()[0].to_ascii_lowercase(),
        b'a' | b'd' | b'f' | b'j' | b'm' | b'n' | b'o' | b's'
    ) {
        return None;
    }
    let mut buf = [0u8; 9];
    for (b, c) in buf.iter_mut().zip(w.bytes()) {
        *b = c.to_ascii_lowercase();
    }
    let w = std::str::from_utf8(&buf[..w.len()]).ok()?;
    if w == "sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() <= 4 && m.starts_with(w)))
        .map(|i| i as u32 + 1)
}

fn head(text: &str) -> &str {
    let mut end = text.len().min(HEAD_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Which fields [`read_wanted`] reads; the others stay `None`.
#[derive(Clone, Copy, Debug)]
pub struct Wanted {
    pub byline: bool,
    /// The dateline, with the source it names.
    pub dateline: bool,
    /// The source named by a credit line, when no dateline names one (read only with
    /// `dateline`).
    pub credit: bool,
    pub date: bool,
}

impl Wanted {
    pub const ALL: Wanted = Wanted {
        byline: true,
        dateline: true,
        credit: true,
        date: true,
    };

    pub fn any(self) -> bool {
        self.byline || self.dateline || self.credit || self.date
    }
}

/// Read byline, dateline, source and date from the head of `text`.
pub fn read(text: &str) -> TextMeta {
    read_wanted(text, Wanted::ALL)
}

/// [`read`] of the fields in `want` only: each is found independently of the others, so a
/// field read here is the one [`read`] gives. A caller that already knows some fields (the
/// second reading, of the main text) skips their scans.
pub fn read_wanted(text: &str, want: Wanted) -> TextMeta {
    let head = head(text);
    let mut meta = TextMeta::default();
    // Offset of a line (a subslice of `head`) in the text.
    let at = |line: &str| line.as_ptr() as usize - head.as_ptr() as usize;
    let mut credit = None;
    let want_credit = want.dateline && want.credit;
    let lines: Vec<&str> = if want.byline || want.dateline {
        head.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    } else {
        Vec::new()
    };
    for (i, &line) in lines.iter().enumerate() {
        if want.byline && meta.byline.is_none() {
            meta.byline = byline(line);
        }
        if want.dateline && meta.dateline.is_none() {
            if let Some((d, src)) = dateline(line) {
                meta.source_span = src.as_deref().and_then(|s| {
                    let o = line.get(..d.len())?.rfind(s)?;
                    Some(Span::new(at(line) + o, at(line) + o + s.len()))
                });
                meta.dateline = Some(d);
                meta.source = src;
            }
        }
        if want_credit && credit.is_none() && i < CREDIT_LINES {
            if let Some(next) = lines.get(i + 1) {
                if is_credit(line, next) {
                    credit = Some(line);
                }
            }
        }
        // Nothing later changes a field once it is found (or no longer looked for).
        if (!want.byline || meta.byline.is_some())
            && (!want.dateline || meta.dateline.is_some())
            && (!want_credit || credit.is_some() || i + 1 >= CREDIT_LINES)
        {
            break;
        }
    }
    // A dateline's "(Reuters)" is the stronger statement; a credit line stands in for it.
    if meta.source.is_none() {
        if let Some(c) = credit {
            meta.source = Some(c.to_string());
            meta.source_span = Some(Span::new(at(c), at(c) + c.len()));
        }
    }
    if want.date {
        meta.date = first_date(head);
    }
    meta
}

/// Credit lines are looked for among the first lines only: the head of the page.
const CREDIT_LINES: usize = 16;

/// Whether `line` is an outlet's credit: one to four capitalised words and nothing else, directly
/// above a line that opens with a date ("Reuters" / "18 October, 2023, 04:05 pm"). A name whose
/// first word is a known given name is a reporter's byline, not an outlet.
fn is_credit(line: &str, next: &str) -> bool {
    if line.len() > 60 {
        return false;
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.is_empty() || words.len() > 4 {
        return false;
    }
    let name_word = |w: &str| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().all(|c| c.is_alphabetic() || "&.'’-".contains(c))
    };
    if !words.iter().all(|w| name_word(w)) || words.len() == 1 && words[0].len() < 2 {
        return false;
    }
    if crate::gazetteer::lexicon(words[0]).contains(crate::gazetteer::Flags::GIVEN_NAME) {
        return false;
    }
    // The next line opens with its date: the date is among its first three words.
    let opening: String = next
        .split_whitespace()
        .take(4)
        .collect::<Vec<_>>()
        .join(" ");
    first_date(&opening).is_some() || next.split_whitespace().next().and_then(iso_date).is_some()
}

/// "By Tess Bonn - 11/19/19 06:56 AM EST" → "Tess Bonn".
pub fn byline(line: &str) -> Option<String> {
    let rest = line
        .strip_prefix("By ")
        .or_else(|| line.strip_prefix("BY "))
        .or_else(|| line.strip_prefix("by "))?;
    let mut names = Vec::new();
    for word in rest.split_whitespace() {
        let w = word.trim_end_matches([',', ';']);
        let capital = w.chars().next().is_some_and(char::is_uppercase);
        let connector = matches!(w, "and" | "&" | "de" | "van" | "von" | "al" | "bin");
        if (capital && w.chars().all(|c| c.is_alphabetic() || "'.-’".contains(c))) || connector {
            names.push(w);
            if word.ends_with([',', ';']) && names.len() >= 2 {
                // "By Jane Doe, Reuters" – the comma ends the name.
                break;
            }
        } else {
            break;
        }
        if names.len() > 8 {
            return None;
        }
    }
    while names.last().is_some_and(|w| matches!(*w, "and" | "&")) {
        names.pop();
    }
    (!names.is_empty() && names.iter().any(|w| w.len() > 1)).then(|| names.join(" "))
}

/// "PYONGYANG, July 12 (Reuters) – Russia's…" → ("PYONGYANG, July 12 (Reuters)", Some("Reuters")).
pub fn dateline(line: &str) -> Option<(String, Option<String>)> {
    upper_dateline(line).or_else(|| attributed_dateline(line))
}

/// "Pyongyang (Brussels Morning Newspaper) – …": a capitalised place, the outlet in brackets,
/// then a dash.
fn attributed_dateline(line: &str) -> Option<(String, Option<String>)> {
    // The place before " (": at most three capitalised words of letters, apostrophes, dots and
    // hyphens, split by spaces and commas. The scan stops where that can no longer hold, rather
    // than looking for " (" through a whole paragraph.
    let mut open = None;
    let (mut words, mut in_word) = (0, false);
    for (i, c) in line.char_indices() {
        if c == ' ' || c == ',' {
            if c == ' ' && line[i + 1..].starts_with('(') {
                open = Some(i);
                break;
            }
            in_word = false;
        } else if c.is_alphabetic() || "'.-".contains(c) {
            if !in_word {
                words += 1;
                if words > 3 || !c.is_uppercase() {
                    return None;
                }
                in_word = true;
            }
        } else {
            return None;
        }
    }
    let open = open?;
    if open == 0 {
        return None;
    }
    attribution_at(line, open)
}

/// The attribution of a dateline whose place ends at `open` (the space before "("): a
/// capitalised source of at most 60 bytes, closed by ")" and followed by a dash.
fn attribution_at(line: &str, open: usize) -> Option<(String, Option<String>)> {
    let close = line[open..].find(')')? + open;
    let source = line[open + 2..close].trim();
    let after = line[close + 1..].trim_start();
    let named = source.chars().next().is_some_and(char::is_uppercase);
    if !named || source.len() > 60 || !after.starts_with(['–', '—', '-']) {
        return None;
    }
    Some((line[..=close].to_string(), Some(source.to_string())))
}

fn upper_dateline(line: &str) -> Option<(String, Option<String>)> {
    // The place: one or more upper-case words (letters, dots, apostrophes, hyphens).
    let mut place_end = 0;
    let mut words = 0;
    for (i, c) in line.char_indices() {
        if c.is_uppercase() || (words > 0 && ".'’-".contains(c)) {
            place_end = i + c.len_utf8();
            if words == 0 {
                words = 1;
            }
        } else if c == ' ' && place_end == i && words > 0 {
            words += 1;
        } else {
            break;
        }
    }
    let place = line[..place_end].trim();
    if place.chars().filter(|c| c.is_alphabetic()).count() < 3 || words > 4 {
        return None;
    }
    let rest = &line[place_end..];
    // Up to the dash: optional ", Region" / ", Month Day" and "(Agency)".
    let dash = rest.find(['–', '—', '-'])?;
    let middle = rest[..dash].trim();
    if middle.len() > 60 || !(middle.is_empty() || middle.starts_with([',', '('])) {
        return None;
    }
    if rest[..dash].ends_with(|c: char| c.is_alphanumeric())
        && !rest[dash..].starts_with(['–', '—'])
    {
        // "PRE-WAR" style hyphenated word, not a dateline dash.
        let after = &rest[dash..];
        if !after.starts_with("- ") && !after.starts_with("--") {
            return None;
        }
    }
    let source = middle.find('(').and_then(|o| {
        let close = middle[o..].find(')')? + o;
        let s = middle[o + 1..close].trim();
        (!s.is_empty()).then(|| s.to_string())
    });
    let dl = format!("{place}{}", rest[..dash].trim_end());
    Some((dl, source))
}

/// The first date in `text`: ISO `2023-10-18`, `October 18, 2023`, `18 October, 2023`,
/// `Oct. 18, 2023`; as ISO `YYYY-MM-DD`.
pub fn first_date(text: &str) -> Option<String> {
    // Every form has a four-digit year, in the date's first word (ISO) or its third, so only a
    // word holding four digits in a row and the two words before it can open a date: the words
    // are read only there (a long text without a date is mostly skipped).
    let base = text.as_ptr() as usize;
    let mut from = 0;
    while let Some(p) = four_digits(text, from) {
        let start = two_words_before(text, p).max(from);
        let mut rest = text.get(start..).unwrap_or("").split_whitespace();
        let mut window = [rest.next(), rest.next(), rest.next()];
        from = text.len();
        while let Some(w) = window[0] {
            let (next1, next2) = (window[1].unwrap_or(""), window[2].unwrap_or(""));
            window = [window[1], window[2], rest.next()];
            if let Some(date) = date_at(w, next1, next2) {
                return Some(date);
            }
            let end = w.as_ptr() as usize - base + w.len();
            if end > p {
                // The word holding the digits: the next candidates come after it.
                from = end;
                break;
            }
        }
    }
    None
}

/// Byte offset of the first run of four ASCII digits at or after `from`. The cleaner asks this
/// of every line and the metadata reader of a page's head, mostly without a digit in sight, so
/// digit-free stretches are skipped eight bytes at a time.
fn four_digits(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    loop {
        i = next_digit(bytes, i)?;
        let run = bytes[i..]
            .iter()
            .take(4)
            .take_while(|b| b.is_ascii_digit())
            .count();
        if run == 4 {
            return Some(i);
        }
        i += run;
    }
}

/// Offset of the first ASCII digit at or after `from`.
fn next_digit(bytes: &[u8], mut from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = bytes.get(from..from + 8) {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        // Per byte (low seven bits, so no carry crosses bytes): at least '0', and below ':';
        // bytes with the high bit set are no digit.
        let low = x & !HIGH;
        let digits = (low + ONES * (0x80 - 0x30)) & !(low + ONES * (0x80 - 0x3a)) & !x & HIGH;
        if digits != 0 {
            return Some(from + (digits.trailing_zeros() / 8) as usize);
        }
        from += 8;
    }
    let tail = bytes.get(from..)?;
    tail.iter().position(u8::is_ascii_digit).map(|k| from + k)
}

/// Start of the second whitespace-separated word before the one holding byte `p` (or of the
/// text).
fn two_words_before(text: &str, p: usize) -> usize {
    let prev = |i: usize| text.get(..i).and_then(|t| t.chars().next_back());
    let mut i = p;
    while let Some(c) = prev(i).filter(|c| !c.is_whitespace()) {
        i -= c.len_utf8();
    }
    for _ in 0..2 {
        while let Some(c) = prev(i).filter(|c| c.is_whitespace()) {
            i -= c.len_utf8();
        }
        while let Some(c) = prev(i).filter(|c| !c.is_whitespace()) {
            i -= c.len_utf8();
        }
    }
    i
}

/// The date that opens at word `w`, followed by words `next1` and `next2`.
fn date_at(w: &str, next1: &str, next2: &str) -> Option<String> {
    let num = |w: &str, lo: u32, hi: u32| -> Option<u32> {
        let d = w.trim_end_matches([',', '.', 's', 't', 'h', 'n', 'd', 'r']);
        let v: u32 = d.parse().ok()?;
        (lo..=hi).contains(&v).then_some(v)
    };
    let year = |w: &str| -> Option<u32> {
        let d = w.trim_end_matches(|c: char| !c.is_ascii_digit());
        (d.len() == 4)
            .then(|| d.parse().ok())
            .flatten()
            .filter(|y| (1900..=2100).contains(y))
    };
    // Cheap gates first: every form has a digit in this word (ISO, day first) or the next
    // (month first), and an ISO date a hyphen.
    let digit = |w: &str| w.bytes().any(|b| b.is_ascii_digit());
    if !digit(w) && !digit(next1) {
        return None;
    }
    if w.len() >= 10 && w.contains('-') {
        if let Some(iso) = iso_date(w) {
            return Some(iso);
        }
    }
    if let Some(m) = month(w.trim_end_matches(',')) {
        // Month Day, Year
        if let (Some(d), Some(y)) = (num(next1, 1, 31), year(next2)) {
            return Some(format!("{y:04}-{m:02}-{d:02}"));
        }
    }
    if let Some(d) = num(w, 1, 31) {
        if let Some(m) = month(next1.trim_end_matches(',')) {
            if let Some(y) = year(next2) {
                return Some(format!("{y:04}-{m:02}-{d:02}"));
            }
        }
    }
    None
}

/// `2023-10-18` or `2023-10-18T04:05:00Z` (anywhere in the word) → `2023-10-18`.
pub fn iso_date(w: &str) -> Option<String> {
    let b = w.as_bytes();
    for start in 0..b.len().saturating_sub(9) {
        let s = &b[start..start + 10];
        let digits = |r: std::ops::Range<usize>| s[r].iter().all(u8::is_ascii_digit);
        if digits(0..4) && s[4] == b'-' && digits(5..7) && s[7] == b'-' && digits(8..10) {
            let before_ok = start == 0 || !b[start - 1].is_ascii_digit();
            let after_ok = b.get(start + 10).is_none_or(|c| !c.is_ascii_digit());
            let m: u32 = std::str::from_utf8(&s[5..7]).ok()?.parse().ok()?;
            let d: u32 = std::str::from_utf8(&s[8..10]).ok()?.parse().ok()?;
            if before_ok && after_ok && (1..=12).contains(&m) && (1..=31).contains(&d) {
                return std::str::from_utf8(s).ok().map(str::to_string);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole-text scan `first_date` replaced, as the reference it must agree with: every word,
    /// with the two after it, read by the same `date_at` (what differs is only which words are
    /// looked at).
    fn first_date_every_word(text: &str) -> Option<String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let at = |i: usize| words.get(i).copied().unwrap_or("");
        (0..words.len()).find_map(|i| date_at(at(i), at(i + 1), at(i + 2)))
    }

    /// The place test `attributed_dateline` replaced: the first " (" anywhere, then its words.
    fn attributed_dateline_reference(line: &str) -> Option<(String, Option<String>)> {
        let open = line.find(" (")?;
        let place = &line[..open];
        let words = place.split([' ', ',']).filter(|w| !w.is_empty());
        let capitalised = words.clone().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().all(|c| c.is_alphabetic() || "'.-".contains(c))
        });
        if !capitalised || words.count() > 3 || place.is_empty() {
            return None;
        }
        // The attribution after the place is shared: the property is how the place is found.
        attribution_at(line, open)
    }

    proptest::proptest! {
        /// The bounded scan for the place reads datelines as the whole-line search did.
        #[test]
        fn attributed_dateline_equals_reference(
            line in "(Pyongyang|SEOUL|O'Neil|St\\.|x|é|É|said| |,| \\(|\\(|\\)|Reuters|–|-|1){0,12}",
        ) {
            proptest::prop_assert_eq!(
                attributed_dateline(&line),
                attributed_dateline_reference(&line)
            );
        }

        /// The skipping search finds the first run of four digits a byte-by-byte count finds.
        #[test]
        fn four_digits_equals_counting_bytes(
            text in "(1|23|4567|x|é|:|/|\u{660}| ){0,30}",
            from in 0usize..12,
        ) {
            let mut run = 0;
            let mut expected = None;
            for (i, b) in text.bytes().enumerate().skip(from) {
                run = if b.is_ascii_digit() { run + 1 } else { 0 };
                if run == 4 {
                    expected = Some(i - 3);
                    break;
                }
            }
            proptest::prop_assert_eq!(four_digits(&text, from), expected);
        }

        /// Skipping to the words around four-digit runs finds what reading every word finds.
        #[test]
        fn first_date_equals_reading_every_word(
            words in proptest::collection::vec(
                "(July|Oct\\.|Sept|may|18|3rd|21,|2017|2023-10-18|12345|\\(2015\\)|1899|\\+201|x|é’|,)",
                0..24,
            ),
            seps in proptest::collection::vec("( |  |\\n|\\t|\\u{a0}|\\u{2003}|,)", 24),
        ) {
            let mut text = String::new();
            for (w, s) in words.iter().zip(&seps) {
                text.push_str(w);
                text.push_str(s);
            }
            proptest::prop_assert_eq!(first_date(&text), first_date_every_word(&text));
        }
    }

    #[test]
    fn month_names_and_abbreviations_in_any_case() {
        for (i, m) in MONTHS.iter().enumerate() {
            let n = Some(i as u32 + 1);
            assert_eq!(month(m), n, "{m}");
            assert_eq!(month(&m.to_uppercase()), n, "{m}");
            assert_eq!(month(&format!("{}.", &m[..3])), n, "{m}");
        }
        assert_eq!(month("Sept."), Some(9));
        for w in ["Monday", "Mayor", "Janet", "Bob", "Ma", "Octopus", "Éte"] {
            assert_eq!(month(w), None, "{w}");
        }
    }

    #[test]
    fn bylines() {
        assert_eq!(
            byline("By Tess Bonn - 11/19/19 06:56 AM EST").as_deref(),
            Some("Tess Bonn")
        );
        assert_eq!(
            byline("By Jane Doe and Li Wei, Reuters").as_deref(),
            Some("Jane Doe and Li Wei")
        );
        assert_eq!(byline("By the way, nobody came."), None);
        assert_eq!(byline("Bystanders said"), None);
    }

    #[test]
    fn datelines() {
        let (d, s) = dateline("PYONGYANG, July 12 (Reuters) – Russia's top diplomat").unwrap();
        assert_eq!(
            (d.as_str(), s.as_deref()),
            ("PYONGYANG, July 12 (Reuters)", Some("Reuters"))
        );
        let (d, s) = dateline("SEOUL — North Korea fired").unwrap();
        assert_eq!((d.as_str(), s), ("SEOUL", None));
        assert_eq!(dateline("The PRE-WAR talks - a history"), None);
        let (d, s) = dateline("Pyongyang (Brussels Morning Newspaper) – Russian Foreign").unwrap();
        assert_eq!(
            (d.as_str(), s.as_deref()),
            (
                "Pyongyang (Brussels Morning Newspaper)",
                Some("Brussels Morning Newspaper")
            )
        );
        assert_eq!(dateline("Officials (and others) - said"), None);
        assert_eq!(dateline("NATO said on Friday - it"), None);
    }

    #[test]
    fn dates() {
        assert_eq!(
            first_date("Reuters 18 October, 2023, 04:05 pm").as_deref(),
            Some("2023-10-18")
        );
        assert_eq!(
            first_date("Posted Oct. 3, 2024 by").as_deref(),
            Some("2024-10-03")
        );
        assert_eq!(
            first_date("updated 2019-11-19T06:56:00Z").as_deref(),
            Some("2019-11-19")
        );
        assert_eq!(first_date("May I say 12 things"), None);
    }

    proptest::proptest! {
        #[test]
        fn any_text_reads_without_panic(s in "([A-Z]{1,8}|[a-z]{1,8}|[0-9]{1,4}|[ ,.()–—\\-:]|\u{a0}|é|By |\\PC){0,40}") {
            let m = read(&s);
            if let Some(d) = m.date {
                proptest::prop_assert_eq!(d.len(), 10);
            }
            let _ = crate::ingest::meta_html::json_string(&s, "name");
        }
    }

    proptest::proptest! {
        /// Each wanted field is the one the full reading gives.
        #[test]
        fn wanted_fields_agree_with_reading_all(
            s in "(By Ann Lee|SEOUL, July 3 \\(AP\\) – |Reuters|18 October, 2023|The envoy came\\.|[A-Z][a-z]{1,6}|\n|\n\n| ){0,30}",
            byline in proptest::bool::ANY,
            dateline in proptest::bool::ANY,
            credit in proptest::bool::ANY,
            date in proptest::bool::ANY,
        ) {
            let all = read(&s);
            let m = read_wanted(&s, Wanted { byline, dateline, credit, date });
            if byline {
                proptest::prop_assert_eq!(&m.byline, &all.byline);
            }
            if dateline {
                proptest::prop_assert_eq!(&m.dateline, &all.dateline);
            }
            if dateline && credit {
                proptest::prop_assert_eq!(&m.source, &all.source);
                proptest::prop_assert_eq!(m.source_span, all.source_span);
            }
            if date {
                proptest::prop_assert_eq!(&m.date, &all.date);
            }
        }
    }

    #[test]
    fn credit_line_above_the_date_names_the_source() {
        let text =
            "Envoy arrives in Pyongyang\n\nReuters\n18 October, 2023, 04:05 pm\n\nThe envoy came.";
        let m = read(text);
        assert_eq!(m.source.as_deref(), Some("Reuters"));
        let span = m.source_span.expect("span");
        assert_eq!(&text[span.start..span.end], "Reuters");
        // A reporter's name above the date is not an outlet; neither is a line without a date.
        assert_eq!(
            read("Title here\nJohn Smith\nOctober 18, 2023\nText.").source,
            None
        );
        assert_eq!(read("Title here\nReuters\nThe envoy came.").source, None);
        // The dateline's agency wins over a credit line, with its own span.
        let text = "Reuters\nOctober 18, 2023\nSEOUL, March 3 (AP) - Text.";
        let m = read(text);
        assert_eq!(m.source.as_deref(), Some("AP"));
        let span = m.source_span.expect("span");
        assert_eq!(&text[span.start..span.end], "AP");
    }

    #[test]
    fn read_takes_the_first_of_each() {
        let m = read("Title line\nBy Ann Lee\n\nSEOUL, March 3 (AP) - Text.\nBy Other Person");
        assert_eq!(m.byline.as_deref(), Some("Ann Lee"));
        assert_eq!(m.dateline.as_deref(), Some("SEOUL, March 3 (AP)"));
        assert_eq!(m.source.as_deref(), Some("AP"));
        assert_eq!(m.date, None);
    }
}
