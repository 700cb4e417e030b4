//! What a mention's neighbours say about it: the country and the role (title) of a person, the
//! country of an organisation or place.
//!
//! News style packs these into the noun phrase around a name, so a few patterns read most of them:
//! - pre-modifiers: "Russian Foreign Minister Sergei Lavrov", "Deputy Russian Foreign Minister Andrei
//!   Rudenko", "North Korea's state media KCNA", "the Malaysian capital Kuala Lumpur";
//! - complements that belong to the title, not to the person: "US Special Representative for North
//!   Korea Sung Kim" (the person is American; "for North Korea" is part of the title);
//! - appositives: "Sergei Shoigu, a top Kremlin security official", "his North Korean counterpart,
//!   Choi Son Hui"; "Wonsan, North Korea"; "the Central Military Commission of North Korea".
//!
//! The scan is bounded (a few words either side, never past the sentence), so it costs O(1) per
//! mention. Words that are not titles, descriptors or function words stop it: a verb between a
//! country and a name ("Russia says Lavrov") breaks the link.

use crate::model::{Mention, MentionKind};
use crate::sort::SortStable;
use crate::span::Span;
use crate::text::ALNUM;

/// The head noun of a title: the word that makes a phrase a role.
fn is_role_head(w: &str) -> bool {
    matches!(
        w,
        "minister"
            | "president"
            | "leader"
            | "spokesman"
            | "spokeswoman"
            | "spokesperson"
            | "representative"
            | "envoy"
            | "ambassador"
            | "secretary"
            | "official"
            | "chairman"
            | "chairwoman"
            | "chairperson"
            | "premier"
            | "chancellor"
            | "commander"
            | "director"
            | "chief"
            | "head"
            | "king"
            | "queen"
            | "prince"
            | "princess"
            | "emperor"
            | "governor"
            | "mayor"
            | "senator"
            | "lawmaker"
            | "diplomat"
            | "adviser"
            | "advisor"
            | "prosecutor"
            | "judge"
            | "commissioner"
            | "speaker"
            | "marshal"
            | "general"
            | "admiral"
            | "colonel"
            | "negotiator"
            | "ruler"
            | "monarch"
            | "emir"
            | "sultan"
            | "pope"
            | "ceo"
            | "founder"
            | "analyst"
            | "economist"
            | "professor"
    )
}

/// Words that qualify a title and belong to it ("Deputy Foreign Minister", "Supreme Leader").
fn is_role_modifier(w: &str) -> bool {
    matches!(
        w,
        "foreign"
            | "deputy"
            | "vice"
            | "prime"
            | "supreme"
            | "special"
            | "security"
            | "defence"
            | "defense"
            | "interior"
            | "finance"
            | "economy"
            | "trade"
            | "justice"
            | "health"
            | "energy"
            | "first"
            | "executive"
            | "military"
            | "national"
            | "state"
            | "chief"
            | "general"
            | "intelligence"
            | "press"
            | "party"
            | "opposition"
    )
}

/// Words inside a noun phrase that neither make nor break it ("the", "top", "'s").
fn is_skip(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "his"
            | "her"
            | "its"
            | "their"
            | "top"
            | "senior"
            | "former"
            | "then"
            | "veteran"
            | "longtime"
            | "acting"
            | "'s"
    )
}

/// Nouns that tie a person to a country without being a title ("his North Korean counterpart").
fn is_relational(w: &str) -> bool {
    matches!(w, "counterpart" | "colleague" | "counterparts")
}

/// Words that describe an organisation or place between a country and its name ("North Korea's
/// state media KCNA", "the Malaysian capital Kuala Lumpur", "Russia's Kursk region").
fn is_descriptor(w: &str) -> bool {
    matches!(
        w,
        "state"
            | "media"
            | "news"
            | "agency"
            | "television"
            | "tv"
            | "channel"
            | "broadcaster"
            | "newspaper"
            | "official"
            | "run"
            | "state-run"
            | "government"
            | "national"
            | "capital"
            | "city"
            | "port"
            | "coastal"
            | "border"
            | "area"
            | "region"
            | "province"
            | "town"
            | "village"
            | "eastern"
            | "western"
            | "northern"
            | "southern"
            | "think"
            | "tank"
            | "intelligence"
            | "service"
    )
}

/// Is `w` (lower-case) a word that can be part of a title?
pub(crate) fn is_title_word(w: &str) -> bool {
    is_role_head(w) || is_role_modifier(w)
}

/// A word lower-cased into a small inline buffer: the scan compares words against short lexicon
/// entries only, so longer or non-ASCII words become "" (which matches nothing) and no token
/// allocates.
#[derive(Clone, Copy, Debug)]
struct Lower {
    buf: [u8; 16],
    len: u8,
}

impl Lower {
    fn new(word: &str) -> Lower {
        let mut l = Lower {
            buf: [0; 16],
            len: 0,
        };
        let n = word.len();
        if n <= l.buf.len() && word.is_ascii() {
            l.buf[..n].copy_from_slice(word.as_bytes());
            l.buf[..n].make_ascii_lowercase();
            l.len = n as u8;
        }
        l
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..usize::from(self.len)]).unwrap_or("")
    }
}

impl std::ops::Deref for Lower {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq<str> for Lower {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

/// One token of the scanned window.
#[derive(Clone, Debug)]
enum Tok<'a> {
    Word {
        lower: Lower,
        span: Span,
    },
    Punct(char),
    /// A mention of a country (name, demonym or metonym), with its code.
    Country {
        code: &'a str,
        metonym: bool,
        span: Span,
    },
    /// Any other mention: a name stops the scan.
    Name,
}

/// A country as the context scan sees it: its code and whether it is a
/// metonym (capital, seat of power) rather than a name or demonym.
#[derive(Clone, Debug)]
pub(crate) struct CountryMark {
    /// The code's index in [`DocView::codes`]: there is a mark, or room for one, for every
    /// mention of the corpus.
    pub code: u32,
    pub metonym: bool,
}

/// What the context says about one mention.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Clues {
    /// Country codes with a weight (3 = in the mention's own noun phrase, 1 = the paragraph's
    /// first country, used only for a bare title).
    pub countries: Vec<(String, u32, Span)>,
    /// Titles with the span of the phrase that states them.
    pub roles: Vec<(String, Span)>,
}

/// The scan's view of one document: its text and mentions (sorted by start).
pub(crate) struct DocView<'a> {
    pub text: &'a str,
    pub mentions: &'a [Mention],
    /// For each mention, the country it names when it is a country mention.
    pub countries: &'a [Option<CountryMark>],
    /// The country codes the marks point into.
    pub codes: &'a [String],
    /// For each mention, the furthest end of it and the mentions before it ([`reach`]).
    pub reach: &'a [usize],
}

/// The running maximum of the ends of `mentions` (sorted by start): the first mention that can
/// overlap a range is found by a binary search on it, even when mentions overlap each other (a
/// long one can reach past shorter ones that start after it).
pub(crate) fn reach(mentions: &[Mention]) -> Vec<usize> {
    let mut furthest = 0;
    mentions
        .iter()
        .map(|m| {
            furthest = furthest.max(m.span.end);
            furthest
        })
        .collect()
}

/// How far the scan looks left of a name, in bytes: a long title phrase's worth ("US Special
/// Representative for North Korea " is 42).
const LEFT: usize = 72;
/// How far left the scan looks first, in bytes: a few words, enough for most names.
const NEAR: usize = 20;
/// How far right: an appositive title ("Sergei Shoigu, a top Kremlin security official").
const RIGHT: usize = 64;

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// `ms.partition_point(pred)` for a `pred` true on a prefix of `ms`, found by walking from index
/// `hint` (clamped): a scan window spans a few mentions around the one it reads, so the walk is a
/// step or two where a binary search over the document's mentions takes several.
fn partition_from<T>(ms: &[T], hint: usize, pred: impl Fn(&T) -> bool) -> usize {
    let mut j = hint.min(ms.len());
    if j < ms.len() && pred(&ms[j]) {
        j += 1;
        while j < ms.len() && pred(&ms[j]) {
            j += 1;
        }
    } else {
        while j > 0 && !pred(&ms[j - 1]) {
            j -= 1;
        }
    }
    j
}

/// Tokenise `range` of the document, with mentions inside it (other than mention `skip`, the
/// one being read) as single tokens; only the first `limit` tokens, when the caller reads no more
/// (each token is read from where the one before it ended, so they are the first of the full list).
fn tokenize<'a>(
    view: &DocView<'a>,
    range: Span,
    skip: usize,
    limit: usize,
    out: &mut Vec<Tok<'a>>,
) {
    out.clear();
    let text = view.text;
    let ms = view.mentions;
    // The window lies next to mention `skip`: its mentions are found by walking from there, the
    // first one reaching into the range by the running maximum of their ends.
    let lo = partition_from(view.reach, skip, |&end| end <= range.start);
    let hi = partition_from(ms, lo, |m| m.span.start < range.end).max(lo);
    // The mentions laid over the range: `ms[lo..hi]` but the one read and empty ones, walked
    // in order with `k` (no list of them is built: this runs several times per mention).
    let over = |j: usize| j != skip && ms[j].span.end > range.start && !ms[j].span.is_empty();
    let mut k = lo;
    let mut i = range.start;
    while i < range.end && out.len() < limit {
        while k < hi && (!over(k) || ms[k].span.end <= i) {
            k += 1;
        }
        let next_start = if k < hi { ms[k].span.start } else { range.end };
        if next_start <= i {
            let j = k;
            let m = &ms[j];
            out.push(match view.countries.get(j).and_then(Option::as_ref) {
                Some(c) => Tok::Country {
                    code: &view.codes[c.code as usize],
                    metonym: c.metonym,
                    span: m.span,
                },
                None => Tok::Name,
            });
            i = ceil_boundary(text, m.span.end.max(i + 1));
            k += 1;
            continue;
        }
        let limit = next_start.min(range.end);
        // ASCII without decoding (`i < limit` here, and an ASCII byte is a char boundary).
        let c = match text.as_bytes().get(i) {
            Some(&b) if b < 0x80 => char::from(b),
            _ => match text.get(i..limit).and_then(|s| s.chars().next()) {
                Some(c) => c,
                None => break,
            },
        };
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        let after = i + c.len_utf8();
        // (Letters and digits first: most tokens are words, and no apostrophe is one.)
        if c.is_alphanumeric() {
            // Letters and digits, with inner hyphens and dots; bytes where they are ASCII. The
            // first char is a letter or digit, so the reading starts after it.
            let bytes = text.as_bytes();
            let mut end = after;
            while end < limit {
                let b = bytes[end];
                if b < 0x80 {
                    if !(ALNUM[usize::from(b)] || b == b'-' || b == b'.') {
                        break;
                    }
                    end += 1;
                } else {
                    match text[end..limit].chars().next() {
                        Some(ch) if ch.is_alphanumeric() => end += ch.len_utf8(),
                        _ => break,
                    }
                }
            }
            // Trailing hyphens and dots are not the word's (it starts with a letter or digit).
            while matches!(bytes[end - 1], b'.' | b'-') {
                end -= 1;
            }
            out.push(Tok::Word {
                lower: Lower::new(&text[i..end]),
                span: Span::new(i, end),
            });
            i = end;
            continue;
        }
        if super::fold::is_apostrophe(c) {
            let rest = text.get(after..limit).unwrap_or("");
            if rest.starts_with('s') && !rest[1..].starts_with(char::is_alphanumeric) {
                out.push(Tok::Word {
                    lower: Lower::new("'s"),
                    span: Span::new(i, after + 1),
                });
                i = after + 1;
                continue;
            }
        }
        out.push(Tok::Punct(c));
        i = after;
    }
}

/// Token buffers the context scan reuses from one mention to the next (it tokenises a few
/// windows per mention, and a fresh list for each cost an allocation).
#[derive(Default)]
pub(crate) struct Scratch<'a> {
    toks: Vec<Tok<'a>>,
}

/// A title read from tokens: the words kept (in order) and the span they cover.
fn title_text(text: &str, parts: &[Span]) -> String {
    parts
        .iter()
        .map(|s| s.of(text))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Read a title + country from `toks` in text order, ending just before the name (pre-modifier
/// position). Returns (title parts, country, phrase start).
#[derive(Debug, Default, PartialEq)]
struct Phrase {
    title: Vec<Span>,
    has_head: bool,
    country: Option<String>,
    start: Option<usize>,
    relational: bool,
    descriptor: bool,
    possessive: bool,
}

/// Scan leftwards from the name over title words, countries, complements and skip words.
///
/// Also returns whether the scan stopped on a token after the first, or decided at once with
/// two tokens or more: then it read nothing that tokens further left could change, so a window
/// shorter than [`LEFT`] answers as the whole one would.
fn scan_left(toks: &[Tok], kind: MentionKind) -> (Phrase, bool) {
    let mut p = Phrase {
        title: Vec::new(),
        has_head: false,
        country: None,
        start: None,
        relational: false,
        descriptor: false,
        possessive: false,
    };
    let mut i = toks.len();
    // One comma right before the name is allowed when a title or relational noun precedes it
    // ("his North Korean counterpart, Choi Son Hui").
    if kind == MentionKind::Person {
        if let Some(Tok::Punct(',')) = toks.last() {
            match toks.get(toks.len().wrapping_sub(2)) {
                Some(Tok::Word { lower, .. }) if is_relational(lower) || is_role_head(lower) => {
                    i -= 1;
                }
                _ => return (p, toks.len() >= 2),
            }
        }
    }
    let mut pending_complement: Option<(String, Span)> = None;
    // Set where the loop breaks: at a token after the first.
    let mut decided = false;
    while i > 0 {
        i -= 1;
        match &toks[i] {
            Tok::Word { lower, span } => {
                let l = lower.as_str();
                if kind == MentionKind::Person && is_title_word(l) {
                    if let Some((_, cspan)) = pending_complement.take() {
                        // A country right of a connector word belonged to the title.
                        p.title.push(cspan);
                    }
                    p.title.push(*span);
                    p.has_head |= is_role_head(l);
                    p.start = Some(span.start);
                } else if matches!(l, "for" | "of" | "to") && pending_complement.is_some() {
                    let (_, cspan) = pending_complement.as_ref().expect("checked");
                    let cspan = *cspan;
                    pending_complement = Some((l.to_string(), Span::new(span.start, cspan.end)));
                } else if l == "'s" {
                    p.possessive = true;
                } else if kind == MentionKind::Person && is_relational(l) {
                    p.relational = true;
                } else if kind != MentionKind::Person && is_descriptor(l) {
                    p.descriptor = true;
                } else if is_skip(l) {
                } else {
                    decided = i >= 1;
                    break;
                }
            }
            Tok::Country { code, span, .. } => {
                if let Some((conn, _)) = &pending_complement {
                    if conn.is_empty() {
                        // Two countries in a row with nothing between: stop at the first.
                        decided = i >= 1;
                        break;
                    }
                }
                let right_of_connector = matches!(
                    toks.get(i.wrapping_sub(1)),
                    Some(Tok::Word { lower, .. }) if matches!(lower.as_str(), "for" | "of" | "to")
                );
                if kind == MentionKind::Person && right_of_connector && p.country.is_none() {
                    pending_complement = Some((String::new(), *span));
                    continue;
                }
                if p.country.is_none() {
                    p.country = Some(code.to_string());
                    p.start = Some(span.start);
                }
                // A country ends the phrase on the left unless a title word continues it
                // ("Deputy Russian Foreign Minister").
                let continues = kind == MentionKind::Person
                    && matches!(
                        toks.get(i.wrapping_sub(1)),
                        Some(Tok::Word { lower, .. }) if is_title_word(lower)
                    );
                if !continues {
                    decided = i >= 1;
                    break;
                }
            }
            Tok::Punct(_) | Tok::Name => {
                decided = i >= 1;
                break;
            }
        }
    }
    p.title.sort_stable();
    (p, decided)
}

/// Whether [`scan_left`] of the window `from..name_start` left of mention `skip` stops at its
/// first token with nothing read, seen without tokenising: the last token is then, with no
/// other mention over it, an ASCII punctuation mark (one is a token of its own: a word never
/// ends with one), but a comma before a person, which the scan reads past; or a plain word
/// (ASCII letters and digits with whitespace before and after it) that is no title,
/// relational, descriptor or filler word for a name of this kind. Most names are preceded by
/// one of those ("said Lavrov", "in Moscow", "(Lavrov").
fn stops_at_once(
    view: &DocView,
    skip: usize,
    name_start: usize,
    from: usize,
    kind: MentionKind,
) -> bool {
    let Some(before) = view.text.get(from..name_start) else {
        return false;
    };
    let bytes = before.as_bytes();
    let e = before.trim_end().len();
    let Some(&last) = bytes[..e].last() else {
        return false;
    };
    let punct = last.is_ascii_punctuation();
    let s = if punct {
        if kind == MentionKind::Person && last == b',' {
            return false;
        }
        e - 1
    } else {
        if e == before.len() {
            return false;
        }
        let mut s = e;
        while s > 0 && bytes[s - 1].is_ascii_alphanumeric() {
            s -= 1;
        }
        if s == e || s == 0 || !matches!(bytes[s - 1], b' ' | b'\t' | b'\n' | b'\r') {
            return false;
        }
        s
    };
    // No other mention lies over the token or the space after it (it would be a token there).
    let (s, word) = (from + s, &before[s..e]);
    let ms = view.mentions;
    let mut j = partition_from(view.reach, skip, |&end| end <= s);
    while j < ms.len() && ms[j].span.start < name_start {
        if j != skip && !ms[j].span.is_empty() && ms[j].span.end > s {
            return false;
        }
        j += 1;
    }
    if punct {
        return true;
    }
    let w = Lower::new(word);
    match kind {
        MentionKind::Person => !is_title_word(&w) && !is_relational(&w) && !is_skip(&w),
        _ => !is_descriptor(&w) && !is_skip(&w),
    }
}

/// Read what lies left and right of mention `idx` (whose kind and span are given) within
/// `sentence`, into `out` (empty when called). Written into the caller's value rather than
/// returned: most mentions have no clues, and the caller keeps only the others.
#[allow(clippy::too_many_arguments)]
pub(crate) fn clues<'a>(
    view: &DocView<'a>,
    idx: usize,
    name: Span,
    kind: MentionKind,
    sentence: Span,
    previous_sentence: Span,
    scratch: &mut Scratch<'a>,
    out: &mut Clues,
) {
    let toks = &mut scratch.toks;
    let text = view.text;
    if kind == MentionKind::Country {
        return;
    }
    let mut left_start = floor_boundary(text, name.start.saturating_sub(LEFT).max(sentence.start));
    if left_start > sentence.start {
        // Do not start inside a word: a fragment could read as a different word.
        let tail = text.get(left_start..name.start).unwrap_or("");
        left_start += tail.find(char::is_whitespace).unwrap_or(tail.len());
    }
    // The scan stops at the first word left of the name that is no title, country or filler,
    // which is mostly the first word it reads: the last few words are tokenised first, and the
    // whole window only when the scan reads past them.
    let near = floor_boundary(text, name.start.saturating_sub(NEAR));
    let mut phrase = None;
    if stops_at_once(view, idx, name.start, left_start, kind) {
        phrase = Some(Phrase::default());
    } else if near > left_start {
        let tail = text.get(near..name.start).unwrap_or("");
        if let Some(ws) = tail.find(char::is_whitespace) {
            tokenize(
                view,
                Span::new(near + ws, name.start),
                idx,
                usize::MAX,
                toks,
            );
            let (p, decided) = scan_left(toks, kind);
            phrase = decided.then_some(p);
        }
    }
    let whole = Span::new(left_start, name.start);
    #[cfg(debug_assertions)]
    if let Some(p) = &phrase {
        let mut left = Vec::new();
        tokenize(view, whole, idx, usize::MAX, &mut left);
        debug_assert_eq!(*p, scan_left(&left, kind).0);
    }
    let p = match phrase {
        Some(p) => p,
        None => {
            tokenize(view, whole, idx, usize::MAX, toks);
            scan_left(toks, kind).0
        }
    };
    let title = title_text(text, &p.title);
    match kind {
        MentionKind::Person => {
            if p.has_head {
                let start = p.start.unwrap_or(name.start);
                out.roles.push((title.clone(), Span::new(start, name.end)));
            }
            if let Some(code) = &p.country {
                if p.has_head || p.relational || p.possessive {
                    let start = p.start.unwrap_or(name.start);
                    out.countries
                        .push((code.clone(), 3, Span::new(start, name.end)));
                }
            }
        }
        _ => {
            if let Some(code) = &p.country {
                let start = p.start.unwrap_or(name.start);
                out.countries
                    .push((code.clone(), 3, Span::new(start, name.end)));
            }
        }
    }
    // Right of the name: appositives and "of <country>" complements.
    let right_end = ceil_boundary(text, (name.end + RIGHT).min(sentence.end));
    if right_end > name.end {
        let range = Span::new(name.end, right_end);
        // What `scan_right` looks for starts with a comma (people, places) or the word "of"
        // (organisations): most windows start with neither, and are not tokenised.
        let first = text
            .get(range.start..range.end)
            .and_then(|t| t.chars().find(|c| !c.is_whitespace()));
        let wanted = match kind {
            MentionKind::Organization => matches!(first, Some('o' | 'O')),
            _ => first == Some(','),
        };
        // What `scan_right` reads: an organisation's or place's next two tokens; a person's
        // appositive, only after a comma.
        match kind {
            _ if !wanted => toks.clear(),
            MentionKind::Person => {
                tokenize(view, range, idx, 1, toks);
                if matches!(toks.as_slice(), [Tok::Punct(',')]) {
                    tokenize(view, range, idx, usize::MAX, toks);
                } else {
                    toks.clear();
                }
            }
            _ => tokenize(view, range, idx, 2, toks),
        }
        scan_right(text, toks, kind, name, out);
    }
    // A bare title before the name ("President Donald Trump") and no country in sight: the country
    // that is the subject of this sentence or the one before ("The US has … President Donald Trump
    // has …"), i.e. a country named at the very start of it. Weak evidence, used only when nothing
    // better is known of the person.
    if kind == MentionKind::Person && p.has_head && out.countries.is_empty() {
        for range in [sentence, previous_sentence] {
            if let Some(code) = subject_country(view, range, name.start) {
                out.countries
                    .push((code, 1, Span::new(range.start, name.end)));
                break;
            }
        }
    }
}

/// The country named (not by a metonym) at the start of the sentence `range`, before `limit`.
fn subject_country(view: &DocView, range: Span, limit: usize) -> Option<String> {
    let j = view
        .mentions
        .partition_point(|m| m.span.start < range.start);
    let m = view.mentions.get(j)?;
    if m.span.end > limit.min(range.end) {
        return None;
    }
    let lead = view.text.get(range.start..m.span.start)?;
    let lead = lead.trim_start_matches(|c: char| !c.is_alphanumeric());
    if !(lead.is_empty() || lead.trim_end().eq_ignore_ascii_case("the")) {
        return None;
    }
    let c = view.countries.get(j)?.as_ref()?;
    (!c.metonym).then(|| view.codes[c.code as usize].clone())
}

fn scan_right(text: &str, toks: &[Tok], kind: MentionKind, name: Span, out: &mut Clues) {
    match kind {
        MentionKind::Person => {
            // ", a top Kremlin security official" — an appositive title after the name.
            if !matches!(toks.first(), Some(Tok::Punct(','))) {
                return;
            }
            let mut title = Vec::new();
            let mut has_head = false;
            let mut country = None;
            let mut end = name.end;
            for t in &toks[1..] {
                match t {
                    Tok::Word { lower, span } => {
                        if is_title_word(lower) {
                            title.push(*span);
                            has_head |= is_role_head(lower);
                            end = span.end;
                        } else if is_skip(lower) && title.is_empty() {
                        } else {
                            break;
                        }
                    }
                    Tok::Country { code, span, .. } if title.is_empty() && country.is_none() => {
                        country = Some(*code);
                        end = span.end;
                    }
                    _ => break,
                }
            }
            // "spokesman for the Ukrainian armed forces", "deputy speaker of Russia's Federation
            // Council": a country modifying the institution after the title is the person's. (A
            // country ending the complement, as in "representative for North Korea", is not.)
            if has_head && country.is_none() {
                let rest: Vec<&Tok> = toks[1..]
                    .iter()
                    .skip_while(|t| !matches!(t, Tok::Word { lower, .. } if lower == "for" || lower == "of"))
                    .skip(1)
                    .skip_while(|t| matches!(t, Tok::Word { lower, .. } if lower == "the"))
                    .take(2)
                    .collect();
                if let [Tok::Country { code, .. }, Tok::Word { .. } | Tok::Name] = rest.as_slice() {
                    country = Some(*code);
                }
            }
            if has_head {
                let ev = Span::new(name.start, end);
                out.roles.push((title_text(text, &title), ev));
                if let Some(code) = country {
                    out.countries.push((code.to_string(), 3, ev));
                }
            }
        }
        MentionKind::Organization => {
            // "the Central Military Commission of North Korea"
            if let [Tok::Word { lower, .. }, Tok::Country { code, span, .. }, ..] = toks {
                if lower == "of" {
                    out.countries
                        .push((code.to_string(), 3, Span::new(name.start, span.end)));
                }
            }
        }
        MentionKind::Place => {
            // "Wonsan, North Korea" — a country by name (not another capital) after a comma.
            if let [Tok::Punct(','), Tok::Country {
                code,
                span,
                metonym: false,
            }, ..] = toks
            {
                out.countries
                    .push((code.to_string(), 3, Span::new(name.start, span.end)));
            }
        }
        MentionKind::Country => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The walk finds the binary search's partition point from any hint.
        #[test]
        fn partition_from_is_partition_point(
            mut starts in prop::collection::vec(0usize..60, 0..12),
            hint in 0usize..16,
            at in 0usize..64,
        ) {
            starts.sort_unstable();
            let ms: Vec<Mention> = starts
                .iter()
                .map(|&s| Mention { span: Span::new(s, s + 3), kind: MentionKind::Person, country: None })
                .collect();
            let pred = |m: &Mention| m.span.start < at;
            prop_assert_eq!(partition_from(&ms, hint, pred), ms.partition_point(pred));
        }
    }
}
