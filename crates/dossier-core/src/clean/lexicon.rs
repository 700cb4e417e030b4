//! The words of page furniture: class/id names that mark it in markup, and the phrases that mark
//! it in text ("Related Articles", "Share this", "Photo: Reuters", "Tags: …"). Both cleaning models
//! use these; each entry maps to the reason shown to the reader.

use crate::text::case::Lower;

/// Reasons, as shown to the reader.
pub const NAVIGATION: &str = "navigation";
pub const RELATED: &str = "related-article teaser";
pub const COMMENTS: &str = "comments";
pub const TAGS: &str = "tag list";
pub const DUPLICATE: &str = "duplicate standfirst";
pub const FOOTER: &str = "footer";
pub const SOCIAL: &str = "share/social";
pub const SUBSCRIBE: &str = "subscription prompt";
pub const CAPTION: &str = "caption/credit";
pub const AD: &str = "advertisement";
pub const HEADLINE: &str = "headline";
pub const BYLINE: &str = "byline/date";
pub const LINKS: &str = "link list";
pub const OUTSIDE: &str = "outside the article";
pub const HEADER: &str = "page header";
pub const SIDEBAR: &str = "sidebar";
pub const COOKIE: &str = "cookie notice";
pub const MENU: &str = "menu item";

/// Boilerplate reason for an element from its tag and lower-cased `class id role …` words.
pub fn element_reason(tag: &str, attrs: &str) -> Option<&'static str> {
    match tag {
        "nav" => return Some(NAVIGATION),
        "aside" => return Some(SIDEBAR),
        "footer" => return Some(FOOTER),
        "header" => return Some(HEADER),
        "figcaption" | "figure" => return Some(CAPTION),
        _ => {}
    }
    if attrs.is_empty() {
        return None;
    }
    // Substrings catch compounds ("relatedArticles", "share-bar", "most_popular").
    const STEMS: &[(&str, &str)] = &[
        ("comment", COMMENTS),
        ("disqus", COMMENTS),
        ("respond", COMMENTS),
        ("related", RELATED),
        ("recommend", RELATED),
        ("recirc", RELATED),
        ("more-stories", RELATED),
        ("morestories", RELATED),
        ("popular", RELATED),
        ("trending", RELATED),
        ("most-read", RELATED),
        ("mostread", RELATED),
        ("outbrain", RELATED),
        ("taboola", RELATED),
        ("teaser", RELATED),
        ("read-more", RELATED),
        ("readmore", RELATED),
        ("read-next", RELATED),
        ("sharing", SOCIAL),
        ("share", SOCIAL),
        ("social", SOCIAL),
        ("newsletter", SUBSCRIBE),
        ("subscri", SUBSCRIBE),
        ("signup", SUBSCRIBE),
        ("sign-up", SUBSCRIBE),
        ("paywall", SUBSCRIBE),
        ("promo", AD),
        ("advert", AD),
        ("sponsor", AD),
        ("dfp", AD),
        ("sidebar", SIDEBAR),
        ("widget", SIDEBAR),
        ("breadcrumb", NAVIGATION),
        ("navbar", NAVIGATION),
        ("menu", NAVIGATION),
        ("masthead", HEADER),
        ("footer", FOOTER),
        ("copyright", FOOTER),
        ("cookie", COOKIE),
        ("consent", COOKIE),
        ("caption", CAPTION),
        ("credit", CAPTION),
        ("byline", BYLINE),
        ("author", BYLINE),
        ("dateline", BYLINE),
        ("timestamp", BYLINE),
        ("pubdate", BYLINE),
        ("taglist", TAGS),
        ("tag-list", TAGS),
        ("keywords", TAGS),
    ];
    const WORDS: &[(&str, &str)] = &[
        ("nav", NAVIGATION),
        ("navigation", NAVIGATION),
        ("skip", NAVIGATION),
        ("pagination", NAVIGATION),
        ("pager", NAVIGATION),
        ("search", NAVIGATION),
        ("toolbar", NAVIGATION),
        ("header", HEADER),
        ("banner", HEADER),
        ("ad", AD),
        ("ads", AD),
        ("advertisement", AD),
        ("tags", TAGS),
        ("tag", TAGS),
        ("topics", TAGS),
        ("meta", BYLINE),
        ("date", BYLINE),
        ("time", BYLINE),
        ("modal", AD),
        ("popup", AD),
        ("print", SOCIAL),
        ("complementary", SIDEBAR),
        ("contentinfo", FOOTER),
    ];
    // Posts embedded in an article (a quoted tweet) are part of what it reports.
    if attrs.contains("embed")
        || attrs.contains("twitter-tweet")
        || attrs.contains("instagram-media")
    {
        return None;
    }
    for (stem, reason) in STEMS {
        if attrs.contains(stem) {
            // "commentary" is an article genre, not a comment box.
            if *stem == "comment" && !attrs.replace("commentary", "").contains("comment") {
                continue;
            }
            return Some(reason);
        }
    }
    for word in attrs.split(|c: char| !c.is_ascii_alphanumeric()) {
        if let Some((_, reason)) = WORDS.iter().find(|(w, _)| *w == word) {
            return Some(reason);
        }
    }
    None
}

/// Does an element's markup say it holds the article body?
pub fn element_is_content(tag: &str, attrs: &str) -> bool {
    tag == "article"
        || tag == "main"
        || [
            "articlebody",
            "article-body",
            "article_body",
            "story-body",
            "storybody",
            "post-body",
            "entry-content",
            "post-content",
            "article-content",
            "article__body",
            "story-content",
            "main-content",
            "article-text",
        ]
        .iter()
        .any(|s| attrs.contains(s))
}

/// A byline or publication-data line: "By Ann Lee", "By A, B on Monday, November 18th, 2019",
/// "Published: …", "Edited by: …".
pub fn is_byline(line: &str, words: usize) -> bool {
    if crate::ingest::meta_text::byline(line).is_some() {
        return words <= 12
            || (words <= 24 && crate::ingest::meta_text::first_date(line).is_some());
    }
    if words > 12 {
        return false;
    }
    let lower = line.trim_start().lower();
    [
        "published",
        "updated",
        "posted",
        "last modified",
        "last updated",
        "edited by",
        "researched by",
        "written by",
        "reporting by",
        "editing by",
        "additional reporting",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
}

/// Is this line a heading that opens a section of furniture ("Related Articles", "Comments",
/// "Tags", a copyright footer), after which the article does not resume? Inline boxes inside
/// articles ("Read more", "Related") are furniture too, but the article goes on after them.
pub fn is_section_heading(line: &str, reason: Option<&str>) -> bool {
    match reason {
        Some(RELATED) => {
            !matches!(
                norm(line).as_str(),
                "read more" | "read next" | "related" | "more" | "read also" | "see also"
            ) && !line.contains(':')
        }
        Some(COMMENTS | TAGS | FOOTER) => true,
        _ => false,
    }
}

/// Normalise a short line for phrase lookup: lower-case, trimmed of punctuation and bullets.
fn norm(line: &str) -> String {
    line.trim_matches(|c: char| !c.is_alphanumeric()).lower()
}

/// Boilerplate reason for a line or short block of text by its wording, if it is furniture
/// whatever its surroundings.
/// `s.split_whitespace().count().min(cap)`, stopping once `cap` words are counted, and reading
/// ASCII eight bytes at a time (only other characters are decoded): the cleaner counts the words
/// of every line.
pub(crate) fn words_up_to(s: &str, cap: usize) -> usize {
    words_scan(s, cap).0.min(cap)
}

/// [`words_up_to`] before its cap: the words counted (`cap` or more once `cap` are reached, or
/// all of them), and the byte where counting stopped, past the start of the last word counted.
#[inline]
fn words_scan(s: &str, cap: usize) -> (usize, usize) {
    use crate::ingest::{ascii_solid_bits, HIGH_BITS};
    let bytes = s.as_bytes();
    // `prev`: 0x80 when the character before `i` is not whitespace, else 0 (the high bit of a
    // byte before the first, as the masks have it). Eight ASCII bytes at a time, their
    // word starts (non-space bytes after a space) counted from bit masks.
    let (mut n, mut prev, mut i) = (0, 0u64, 0);
    while i < bytes.len() && n < cap {
        if let Some(chunk) = bytes.get(i..i + 8) {
            let x = u64::from_le_bytes(chunk.try_into().unwrap_or([0x80; 8]));
            if x & HIGH_BITS == 0 {
                let solid = ascii_solid_bits(x);
                let starts = solid & !((solid << 8) | prev);
                n += crate::ingest::high_bits_count(starts);
                prev = solid >> 56;
                i += 8;
                continue;
            }
        }
        let c = s[i..].chars().next().unwrap_or(' ');
        let space = c.is_whitespace();
        n += usize::from(!space && prev == 0);
        prev = if space { 0 } else { 0x80 };
        i += c.len_utf8();
    }
    (n, i)
}

/// `s.split_whitespace().count()` (see [`words_up_to`]).
pub(crate) fn word_count(s: &str) -> usize {
    words_up_to(s, usize::MAX)
}

pub fn line_reason(line: &str) -> Option<&'static str> {
    // Counted up to 41: every rule below asks only whether there are more than 40 words or at most
    // some number below that, and a paragraph of prose need not be counted to its end.
    line_reason_counted(line, words_up_to(line, 41))
}

/// [`line_reason`] for a caller that has counted the line's words: `words` is their number, or
/// any number above 40 when there are more than 40.
pub(crate) fn line_reason_counted(line: &str, words: usize) -> Option<&'static str> {
    if words > 40 {
        // Long lines are prose or tag lists; nothing else here applies to them.
        return is_tag_list(line).then_some(TAGS);
    }
    // Whole-line phrases (short lines only).
    if words <= 6 {
        let n = norm(line);
        const EXACT: &[(&str, &str)] = &[
            ("advertisement", AD),
            ("advertising", AD),
            ("ad", AD),
            ("sponsored", AD),
            ("sponsored content", AD),
            ("story continues below advertisement", AD),
            ("article continues below advertisement", AD),
            ("continue reading below", AD),
            ("skip to main content", NAVIGATION),
            ("skip to content", NAVIGATION),
            ("skip navigation", NAVIGATION),
            ("menu", NAVIGATION),
            ("main menu", NAVIGATION),
            ("top menu", NAVIGATION),
            ("search", NAVIGATION),
            ("search form", NAVIGATION),
            ("home", NAVIGATION),
            ("back to top", NAVIGATION),
            ("next article", NAVIGATION),
            ("previous article", NAVIGATION),
            ("share", SOCIAL),
            ("share this", SOCIAL),
            ("share this article", SOCIAL),
            ("share this story", SOCIAL),
            ("share on facebook", SOCIAL),
            ("share on twitter", SOCIAL),
            ("tweet", SOCIAL),
            ("email", SOCIAL),
            ("print", SOCIAL),
            ("facebook", SOCIAL),
            ("twitter", SOCIAL),
            ("linkedin", SOCIAL),
            ("whatsapp", SOCIAL),
            ("follow us", SOCIAL),
            ("facebook twitter linkedin", SOCIAL),
            ("comments", COMMENTS),
            ("comment", COMMENTS),
            ("leave a comment", COMMENTS),
            ("leave a reply", COMMENTS),
            ("post a comment", COMMENTS),
            ("add a comment", COMMENTS),
            ("no comments yet", COMMENTS),
            ("view comments", COMMENTS),
            ("show comments", COMMENTS),
            ("join the conversation", COMMENTS),
            ("related", RELATED),
            ("related articles", RELATED),
            ("related news", RELATED),
            ("related stories", RELATED),
            ("related content", RELATED),
            ("related posts", RELATED),
            ("related coverage", RELATED),
            ("explore further", RELATED),
            ("read more", RELATED),
            ("read next", RELATED),
            ("more stories", RELATED),
            ("more news", RELATED),
            ("most popular", RELATED),
            ("most read", RELATED),
            ("most viewed", RELATED),
            ("popular", RELATED),
            ("trending", RELATED),
            ("trending now", RELATED),
            ("recommended", RELATED),
            ("recommended for you", RELATED),
            ("you may also like", RELATED),
            ("you might also like", RELATED),
            ("more from the web", RELATED),
            ("latest news", RELATED),
            ("top stories", RELATED),
            ("sign up", SUBSCRIBE),
            ("subscribe", SUBSCRIBE),
            ("subscribe now", SUBSCRIBE),
            ("newsletter", SUBSCRIBE),
            ("log in", SUBSCRIBE),
            ("login", SUBSCRIBE),
            ("sign in", SUBSCRIBE),
            ("register", SUBSCRIBE),
            ("your email", SUBSCRIBE),
            ("hashtags", TAGS),
            ("tags", TAGS),
            ("topics", TAGS),
            ("filed under", TAGS),
        ];
        if let Some((_, r)) = EXACT.iter().find(|(p, _)| *p == n) {
            return Some(r);
        }
        if n.starts_with("more from ") || n.starts_with("more on ") || n.starts_with("more in ") {
            return Some(RELATED);
        }
        // "More Great WIRED Stories", "Recommended Videos": a heading over a list of teasers.
        if words <= 5
            && [" stories", " articles", " videos", " posts"]
                .iter()
                .any(|e| n.ends_with(e))
        {
            return Some(RELATED);
        }
        // The same headings in the other languages news pages come in most often.
        const RELATED_ABROAD: &[&str] = &[
            "você pode gostar",
            "leia também",
            "veja também",
            "notícias relacionadas",
            "leggi anche",
            "potrebbe interessarti",
            "articoli correlati",
            "lesen sie auch",
            "das könnte sie auch interessieren",
            "mehr zum thema",
            "lire aussi",
            "à lire aussi",
            "sur le même sujet",
            "te puede interesar",
            "noticias relacionadas",
            "lee también",
            "baca juga",
            "berita terkait",
            "artikel terkait",
            "читайте также",
            "похожие новости",
            "관련기사",
            "関連記事",
        ];
        if RELATED_ABROAD.iter().any(|p| n.starts_with(p)) {
            return Some(RELATED);
        }
        if n.ends_with(" comments")
            && n.split_whitespace()
                .next()
                .is_some_and(|w| w.parse::<u32>().is_ok())
        {
            return Some(COMMENTS);
        }
    }
    const PREFIX: &[(&str, &str)] = &[
        ("tags:", TAGS),
        ("tags ", TAGS),
        ("topics:", TAGS),
        ("filed under", TAGS),
        ("related:", RELATED),
        ("read more:", RELATED),
        ("read also", RELATED),
        ("also read", RELATED),
        ("see also:", RELATED),
        ("read next:", RELATED),
        ("photo:", CAPTION),
        ("image:", CAPTION),
        ("credit:", CAPTION),
        ("photograph:", CAPTION),
        ("copyright", FOOTER),
        ("©", FOOTER),
        ("sign up for", SUBSCRIBE),
        ("subscribe to", SUBSCRIBE),
        ("click here", LINKS),
        ("follow us", SOCIAL),
        ("share this", SOCIAL),
        ("posted in", TAGS),
        ("get the latest", SUBSCRIBE),
        ("download the app", SUBSCRIBE),
        ("we use cookies", COOKIE),
        ("this site uses cookies", COOKIE),
        ("by clicking", COOKIE),
        ("don't miss", SUBSCRIBE),
        ("quick links", NAVIGATION),
        ("useful links", NAVIGATION),
    ];
    let lower = line
        .trim()
        .trim_start_matches(['[', '(', '•', '*', '-', '–', ' '])
        .lower();
    if words <= 30
        && contains_any(
            &lower,
            &[
                "newsletter",
                "subscri",
                "sign up",
                "join our",
                "no spam",
                "follow us on",
                "click here",
                "clicking here",
            ],
        )
    {
        return Some(SUBSCRIBE);
    }
    if lower.starts_with("no comments yet") {
        return Some(COMMENTS);
    }
    if words <= 40 {
        if let Some((_, r)) = PREFIX.iter().find(|(p, _)| lower.starts_with(p)) {
            return Some(r);
        }
        if lower.contains("all rights reserved")
            || lower.contains("subject to copyright")
            || lower.contains("privacy policy") && words <= 12
        {
            return Some(FOOTER);
        }
    }
    if is_caption(&lower) {
        return Some(CAPTION);
    }
    if is_tag_list(line) {
        return Some(TAGS);
    }
    None
}

/// A caption or credit line: ends with (or is) a photo credit.
fn is_caption(lower: &str) -> bool {
    if lower.len() > 600 {
        return false;
    }
    let mut tail_start = lower.len().saturating_sub(70);
    while !lower.is_char_boundary(tail_start) {
        tail_start += 1;
    }
    let tail = &lower[tail_start..];
    let credit_end = [
        "(ap)",
        "(afp)",
        "(reuters)",
        "(getty images)",
        "/ap)",
        "/afp)",
        "/reuters)",
        "(photo)",
    ];
    // Short only: a long paragraph ending "(Reuters)" is a wire story's sign-off.
    if lower.len() <= 160 && !lower.ends_with('.') && credit_end.iter().any(|c| tail.ends_with(c)) {
        return true;
    }
    has_credit_phrase(tail.as_bytes())
}

/// Every phrase [`credit_phrase_at`] knows.
const CREDIT_PHRASES: &[&str] = &[
    "photo:",
    "photograph:",
    "photo credit",
    "photo by ",
    "getty images",
    "ap photo",
    "afp via",
    "/reuters",
    "reuters/",
    "(photo",
    "image:",
    "image credit",
    "credit:",
    "file photo",
    "shutterstock",
];

/// A byte pair folded to six bits, for [`CREDIT_PAIRS`].
const fn pair_key(a: u8, b: u8) -> u32 {
    (a as u32 ^ (b as u32) << 2) & 63
}

/// The folded first two bytes of every credit phrase, as a bit set: a pair outside it starts
/// none (a pair inside it may still start none, and then the comparison says so).
const CREDIT_PAIRS: u64 = {
    let mut set = 0u64;
    let mut i = 0;
    while i < CREDIT_PHRASES.len() {
        let p = CREDIT_PHRASES[i].as_bytes();
        set |= 1 << pair_key(p[0], p[1]);
        i += 1;
    }
    set
};

/// Whether a credit phrase starts at some byte of `tail`: each pair of bytes is first tested
/// against the phrases' first pairs, and only the few that pass are looked up by their first
/// byte (searching the tail once per phrase costs several times more).
fn has_credit_phrase(tail: &[u8]) -> bool {
    tail.windows(2)
        .enumerate()
        .any(|(i, w)| CREDIT_PAIRS >> pair_key(w[0], w[1]) & 1 == 1 && credit_phrase_at(&tail[i..]))
}

/// Whether `hay` contains any of `phrases` (each at least two bytes): one pass over `hay` that
/// compares phrases only where its bytes could start one, instead of one search per phrase.
fn contains_any(hay: &str, phrases: &[&str]) -> bool {
    // Bit sets of the phrases' first and second bytes, folded to 64 bits (a false hit only costs
    // a comparison).
    let (mut first, mut second) = (0u64, 0u64);
    for p in phrases {
        let b = p.as_bytes();
        first |= 1 << (b[0] & 63);
        second |= 1 << (b[1] & 63);
    }
    let hay = hay.as_bytes();
    hay.windows(2).enumerate().any(|(i, w)| {
        first >> (w[0] & 63) & 1 == 1
            && second >> (w[1] & 63) & 1 == 1
            && phrases.iter().any(|p| hay[i..].starts_with(p.as_bytes()))
    })
}

/// Whether `rest` starts with a photo credit phrase ("photo:", "getty images", "/reuters").
fn credit_phrase_at(rest: &[u8]) -> bool {
    let phrases: &[&str] = match rest[0] {
        b'p' => &["photo:", "photograph:", "photo credit", "photo by "],
        b'g' => &["getty images"],
        b'a' => &["ap photo", "afp via"],
        b'/' => &["/reuters"],
        b'r' => &["reuters/"],
        b'(' => &["(photo"],
        b'i' => &["image:", "image credit"],
        b'c' => &["credit:"],
        b'f' => &["file photo"],
        b's' => &["shutterstock"],
        _ => return false,
    };
    // The second byte first: most letters start no phrase that follows.
    phrases
        .iter()
        .any(|p| rest.get(1) == p.as_bytes().get(1) && rest.starts_with(p.as_bytes()))
}

/// "KOREA, NORTH, RUSSIA, LA", "Russia, North Korea, Ukraine, Sergei Lavrov" or
/// "Russia / north korea / Lavrov" — a run of short labels, not a sentence.
pub fn is_tag_list(line: &str) -> bool {
    let t = line.trim();
    if t.ends_with(['.', '!', '?', ':']) {
        return false;
    }
    // Counted to six at most: a prose clause before a comma can be long.
    let label = |i: &str| !i.is_empty() && words_up_to(i, 6) <= 5;
    // Whether every item is a label, and how many items there are (no list of them: this runs
    // for every line).
    let labels = |items: &mut dyn Iterator<Item = &str>| {
        let mut n = 0;
        let all = items.map(str::trim).all(|i| {
            n += 1;
            label(i)
        });
        (all, n)
    };
    let b = t.as_bytes();
    // Every item is a label of five words at most, the first one too: so a separator that splits
    // the line into labels first occurs by the start of the line's sixth word, and its byte
    // (',', '/', '|', or the last of '·' and '•') lies within five bytes of that. Only the
    // separators whose byte is seen there are tried, and prose, which has none there, is settled
    // without reading further.
    let (_, sixth) = words_scan(t, 6);
    let mut near = 0u8;
    for &x in &b[..b.len().min(sixth + 5)] {
        near |= match x {
            b'/' => 1,
            b'|' => 2,
            0xB7 => 4,
            0xA2 => 8,
            b',' => 16,
            _ => 0,
        };
    }
    for (k, sep) in [" / ", " | ", " · ", " • "].into_iter().enumerate() {
        if near >> k & 1 == 0 {
            continue;
        }
        let (all, n) = labels(&mut t.split(sep));
        if n >= 3 && all {
            return true;
        }
    }
    // A count of the commas (which the compiler runs on many bytes at once) skips lines with one.
    if near & 16 == 0 || b.iter().filter(|&&x| x == b',').count() < 2 {
        return false;
    }
    // A char pattern: a byte search, where a one-byte string pattern runs the substring search.
    let (all, n) = labels(&mut t.split(','));
    if n < 3 || !all {
        return false;
    }
    let (mut letters, mut upper) = (0, 0);
    for c in t.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        upper += c.is_uppercase() as usize;
    }
    let capitalised = t.split(',').map(str::trim).all(|i| {
        i.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_numeric())
    });
    letters > 0 && (upper * 10 >= letters * 8 || (n >= 4 && capitalised))
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {

        #[test]
        fn credit_scan_agrees_with_searching_each_phrase(
            s in "(photo|graph|credit| by |getty images|ap |afp via|/reuters|reuters/|\\(|image|: |file|shutterstock|[a-z :/(]){0,12}"
        ) {
            let phrases = [
                "photo:", "photograph:", "photo credit", "photo by ", "getty images", "ap photo",
                "afp via", "/reuters", "reuters/", "(photo", "image:", "image credit", "credit:",
                "file photo", "shutterstock",
            ];
            proptest::prop_assert_eq!(&phrases[..], CREDIT_PHRASES);
            let b = s.as_bytes();
            let scan = (0..b.len()).any(|i| credit_phrase_at(&b[i..]));
            let want = phrases.iter().any(|p| s.contains(p));
            proptest::prop_assert_eq!(scan, want);
            proptest::prop_assert_eq!(has_credit_phrase(b), want);
        }

        #[test]
        fn contains_any_agrees_with_searching_each_phrase(
            s in "(news|letter|subscri|sign up|join our|no spam|follow us on|click|ing here|[a-z ]){0,12}"
        ) {
            let phrases = [
                "newsletter", "subscri", "sign up", "join our", "no spam", "follow us on",
                "click here", "clicking here",
            ];
            proptest::prop_assert_eq!(
                contains_any(&s, &phrases),
                phrases.iter().any(|p| s.contains(p))
            );
        }
        /// The shortcuts of `is_tag_list` (separators looked for by the sixth word) change no
        /// answer of the plain rules: every separator tried, commas last.
        #[test]
        fn tag_list_agrees_with_trying_every_separator(
            s in "([A-Z][a-z]{0,3}|[a-z]{1,3}|KOREA| |,|, | / |/| \\| |\\|| · | • |·|•|\\.|é|\t){0,30}"
        ) {
            let t = s.trim();
            let label = |i: &str| !i.is_empty() && i.split_whitespace().count() <= 5;
            let labels = |sep: &str| {
                let items: Vec<&str> = t.split(sep).map(str::trim).collect();
                (items.iter().all(|i| label(i)), items.len())
            };
            let want = !t.ends_with(['.', '!', '?', ':'])
                && ([" / ", " | ", " · ", " • "].iter().any(|sep| {
                    let (all, n) = labels(sep);
                    all && n >= 3
                }) || {
                    let (all, n) = labels(",");
                    let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
                    let upper = letters.iter().filter(|c| c.is_uppercase()).count();
                    let capitalised = t.split(',').map(str::trim).all(|i| {
                        i.chars().next().is_some_and(|c| c.is_uppercase() || c.is_numeric())
                    });
                    all && n >= 3
                        && !letters.is_empty()
                        && (upper * 10 >= letters.len() * 8 || (n >= 4 && capitalised))
                });
            proptest::prop_assert_eq!(is_tag_list(&s), want, "{:?}", s);
        }

        /// The byte-wise count is `split_whitespace().count()`, capped.
        #[test]
        fn word_count_agrees_with_split_whitespace(
            s in "([a-zé’.,-]|\\PC| |\t|\n|\r|\u{b}|\u{c}|\u{a0}|\u{85}|\u{2003}|\u{3000}){0,40}",
            cap in 0usize..12,
        ) {
            let n = s.split_whitespace().count();
            proptest::prop_assert_eq!(word_count(&s), n);
            proptest::prop_assert_eq!(words_up_to(&s, cap), n.min(cap));
        }
    }

    #[test]
    fn element_evidence() {
        assert_eq!(element_reason("div", "related-stories"), Some(RELATED));
        assert_eq!(element_reason("div", "commentary-body"), None);
        assert_eq!(element_reason("section", "c-comments"), Some(COMMENTS));
        assert_eq!(element_reason("ul", "site nav"), Some(NAVIGATION));
        assert_eq!(element_reason("div", "story-body"), None);
        assert_eq!(element_reason("nav", ""), Some(NAVIGATION));
        assert!(element_is_content("div", "article-body__content"));
        assert_eq!(element_reason("div", "social-media-embed"), None);
    }

    #[test]
    fn furniture_phrases() {
        assert_eq!(line_reason("Related Articles"), Some(RELATED));
        assert_eq!(line_reason("ADVERTISEMENT"), Some(AD));
        assert_eq!(line_reason("Tags Kristi Noem South Dakota"), Some(TAGS));
        assert_eq!(line_reason("KOREA, NORTH, RUSSIA, LA"), Some(TAGS));
        assert_eq!(
            line_reason("Russian Foreign Minister Sergei Lavrov. Photo: Reuters"),
            Some(CAPTION)
        );
        assert_eq!(line_reason("12 Comments"), Some(COMMENTS));
        assert_eq!(
            line_reason("Russia / north korea / Sergei Lavrov"),
            Some(TAGS)
        );
        assert_eq!(
            line_reason("Russia, North Korea, Ukraine, Sergei Lavrov"),
            Some(TAGS)
        );
        assert_eq!(
            line_reason("Paris, London, Berlin and Rome all agreed."),
            None
        );
        assert_eq!(
            line_reason("Lavrov will discuss trade, security, energy and more."),
            None
        );
        assert_eq!(
            line_reason("Share prices rose on Monday after the talks."),
            None
        );
    }
}
