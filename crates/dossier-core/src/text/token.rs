//! The tokenizer: a byte range of text → word and punctuation tokens as byte spans.
//!
//! Tokens are what the recogniser labels, so their edges must fall where names start and end:
//! possessive and contracted clitics are split off ("Trump's" → "Trump" "'s", "don't" → "do"
//! "n't") because a name never includes them, while abbreviations keep their full stops ("U.N.",
//! "Gen.", "Jr.", "L." of "L. Ron Hubbard") because the stop belongs to the word and must not be
//! mistaken for a sentence end. Hyphenated words ("Kim Jong-un", "Bailey-Ross"), numbers
//! ("1,000", "3.5"), names with inner apostrophes ("O'Brien"), "AT&T", e-mail addresses, URLs,
//! hashtags and handles stay whole.

use crate::span::Span;

/// Title and other abbreviations that take a full stop and usually do not end a sentence
/// (compared case-insensitively, without the stop; kept in byte order for binary search).
const ABBREVIATIONS: &[&str] = &[
    "adm", "approx", "apr", "assn", "aug", "ave", "bros", "capt", "cdr", "cmdr", "co", "col",
    "comdr", "corp", "cpl", "dec", "dept", "dr", "e.g", "esq", "etc", "feb", "fig", "fr", "ft",
    "gen", "gov", "hon", "i.e", "inc", "jan", "jr", "jul", "jun", "lt", "ltd", "maj", "mar",
    "messrs", "mr", "mrs", "ms", "msgr", "mt", "no", "nov", "oct", "op", "pp", "pres", "prof",
    "pvt", "rep", "reps", "rev", "sen", "sens", "sep", "sept", "sgt", "sr", "st", "supt", "vol",
    "vs",
];

/// Abbreviations that stand before a name and so never end a sentence, unlike "Inc." or "etc."
/// which often do.
const TITLE_ABBREVIATIONS: &[&str] = &[
    "adm", "capt", "cdr", "cmdr", "col", "comdr", "cpl", "dr", "fr", "gen", "gov", "hon", "lt",
    "maj", "messrs", "mr", "mrs", "ms", "msgr", "mt", "pres", "prof", "pvt", "rep", "reps", "rev",
    "sen", "sens", "sgt", "st", "supt", "vs",
];

/// A word of at most 7 bytes as one number: its bytes from the top, then its length in the low
/// byte. Numbers of words compare as the words do byte by byte, so a sorted list stays sorted,
/// and a lookup compares numbers instead of calling a byte comparison at each step.
const fn key(w: &[u8]) -> u64 {
    let mut k = 0u64;
    let mut i = 0;
    while i < 7 {
        k = k << 8 | if i < w.len() { w[i] as u64 } else { 0 };
        i += 1;
    }
    k << 8 | w.len() as u64
}

/// The keys of a list of words of at most 7 bytes, in the list's order.
const fn keys<const N: usize>(list: &[&str]) -> [u64; N] {
    let mut out = [0u64; N];
    let mut i = 0;
    while i < N {
        assert!(list[i].len() <= 7);
        out[i] = key(list[i].as_bytes());
        i += 1;
    }
    out
}

static ABBREVIATION_KEYS: [u64; ABBREVIATIONS.len()] = keys(ABBREVIATIONS);
static TITLE_ABBREVIATION_KEYS: [u64; TITLE_ABBREVIATIONS.len()] = keys(TITLE_ABBREVIATIONS);

fn is_listed(word: &str, keys: &[u64]) -> bool {
    let w = word.strip_suffix('.').unwrap_or(word);
    if w.len() > 7 {
        return false;
    }
    let mut buf = [0u8; 7];
    for (i, b) in w.bytes().enumerate() {
        buf[i] = b.to_ascii_lowercase();
    }
    // The lists are in byte order (a test checks it), so their keys are in numeric order.
    keys.binary_search(&key(&buf[..w.len()])).is_ok()
}

/// Whether `word` (with or without its full stop) is a known abbreviation such as "Gen" or "Inc".
pub fn is_abbreviation(word: &str) -> bool {
    is_listed(word, &ABBREVIATION_KEYS)
}

/// Whether `word` is an abbreviation that stands before a name ("Mr.", "Gen.", "Dr.").
pub fn is_title_abbreviation(word: &str) -> bool {
    is_listed(word, &TITLE_ABBREVIATION_KEYS)
}

/// Whether the token is an initial ("L.") or a dotted acronym ("U.S.", "U.N.", "a.m.").
pub fn is_dotted(word: &str) -> bool {
    word.len() >= 2
        && word.ends_with('.')
        && word.chars().next().is_some_and(char::is_alphabetic)
        && word[..word.len() - 1]
            .split('.')
            .all(|p| !p.is_empty() && p.chars().count() <= 2 && p.chars().all(char::is_alphabetic))
}

/// Tokens of `text[span]`, in order, as byte spans into `text`. A span that does not fit `text`
/// or splits a character yields no tokens.
pub fn tokens(text: &str, span: Span) -> Vec<Span> {
    let mut out = Vec::new();
    tokens_into(text, span, &mut out, None);
    out
}

/// [`tokens`] appended to `out`, so a caller that tokenises many spans can reuse one buffer.
/// With `ends` (the sentence splitter's), the indices in `out` of the tokens that [`may_end`] a
/// sentence are appended there as the tokens are found (most tokens are plain words, which
/// cannot, and are known to be then), so the splitter need not read every token again; and
/// tokenising stops after the first line break, so that a caller can take the span line by line
/// without searching for line breaks. Returns where it stopped: after that line break, or the end
/// of the span.
pub(crate) fn tokens_into(
    text: &str,
    span: Span,
    out: &mut Vec<Span>,
    mut ends: Option<&mut Vec<u32>>,
) -> usize {
    let Some(slice) = text.get(span.start..span.end) else {
        return span.end;
    };
    let bytes = slice.as_bytes();
    let n = bytes.len();
    let at = |i: usize| span.start + i;
    let mut i = 0;
    while i < n {
        let b = bytes[i];
        // Most chunks start with a letter or digit (one table test); otherwise whitespace
        // between chunks is stepped over.
        if !ALNUM[b as usize] {
            if b < 0x80 {
                if ascii_white(b) {
                    i += 1;
                    if b == b'\n' && ends.is_some() {
                        return at(i);
                    }
                    continue;
                }
            } else {
                match slice[i..].chars().next() {
                    Some(c) if c.is_whitespace() => {
                        i += c.len_utf8();
                        continue;
                    }
                    Some(_) => {}
                    None => break,
                }
            }
        }
        let start = i;
        // Most chunks are a plain word of ASCII letters and digits, often with one mark of
        // punctuation after it: found in one tight loop, without going through `split_chunk`.
        i = alnum_end(bytes, i);
        let end_at = |k: usize| k == n || ascii_white(bytes[k]);
        // The whitespace byte that ends a word (or the mark after it) is stepped over here, not
        // read again at the top of the loop (and ends the line if it breaks it).
        if i > start {
            match bytes.get(i) {
                None | Some(b' ') => {
                    // A plain word: never the end of a sentence.
                    out.push(Span::new(at(start), at(i)));
                    i += 1;
                    continue;
                }
                Some(&b) if ascii_white(b) => {
                    out.push(Span::new(at(start), at(i)));
                    i += 1;
                    if b == b'\n' && ends.is_some() {
                        return at(i);
                    }
                    continue;
                }
                _ => {}
            }
        }
        let before = out.len();
        i = 'chunk: {
            if i > start && end_at(i + 1) {
                if let Some(word_end) = word_then_mark(&slice[start..i], bytes[i]) {
                    let word_end = start + word_end;
                    out.push(Span::new(at(start), at(word_end)));
                    if word_end == i {
                        out.push(Span::new(at(i), at(i + 1)));
                    }
                    break 'chunk i + 2;
                }
            }
            if let Some(next) = joined_or_opened(slice, start, i, span.start, out) {
                break 'chunk next;
            }
            while i < n {
                let b = bytes[i];
                if b < 0x80 {
                    if ascii_white(b) {
                        break;
                    }
                    i += 1;
                } else {
                    match slice[i..].chars().next() {
                        Some(c) if !c.is_whitespace() => i += c.len_utf8(),
                        _ => break,
                    }
                }
            }
            split_chunk(&slice[start..i], at(start), out);
            i
        };
        if let Some(ends) = ends.as_deref_mut() {
            let text = text.as_bytes();
            ends.extend(
                (before..out.len())
                    .filter(|&k| may_end(text, out[k]))
                    .map(|k| k as u32),
            );
            // The shortcuts step over the whitespace byte after the chunk (the full rules stop
            // at it, and the loop reads it).
            if bytes.get(i - 1) == Some(&b'\n') {
                return at(i);
            }
        }
    }
    span.end
}

/// Whether a token may end a sentence: it starts with a stop or mark ('.', '!', '?', or a
/// character that starts with 0xE2, as '…' does) or ends with a full stop. Its first and last
/// bytes tell, without making a `&str`.
pub(crate) fn may_end(text: &[u8], s: Span) -> bool {
    s.start < s.end
        && s.end <= text.len()
        && (matches!(text[s.start], b'.' | b'!' | b'?' | 0xe2) || text[s.end - 1] == b'.')
}

/// ASCII letters and digits by byte value (no other byte is one): a word loop over every byte of
/// the text tests one entry instead of three ranges. Shared by the tokenisers of recognition,
/// relations and names found again.
pub(crate) static ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// Where the run of ASCII letters and digits of `bytes` that starts at `i` ends:
/// `i + bytes[i..].iter().position(|&b| !ALNUM[b]).unwrap_or(bytes.len() - i)`, eight bytes
/// at a time while eight are left (most words end within the first eight).
#[inline]
fn alnum_end(bytes: &[u8], i: usize) -> usize {
    // The rest of the bytes as a shrinking slice: one length test per eight bytes.
    let mut rest = bytes.get(i..).unwrap_or_default();
    while let Some((chunk, tail)) = rest.split_first_chunk::<8>() {
        let stops = !ascii_alnum_bits(u64::from_le_bytes(*chunk)) & HIGH_BITS;
        if stops != 0 {
            return bytes.len() - rest.len() + (stops.trailing_zeros() / 8) as usize;
        }
        rest = tail;
    }
    bytes.len() - rest.len() + rest.iter().take_while(|&&b| ALNUM[b as usize]).count()
}

const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// For eight bytes, the high bit of each one that is an ASCII letter or digit. Each range test
/// adds a constant to the low seven bits of every byte, which no carry can leave, and reads the
/// high bit.
#[inline]
pub(crate) fn ascii_alnum_bits(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let low = x & !HIGH_BITS;
    let within = |v: u64, lo: u64, hi: u64| (v + ONES * (0x80 - lo)) & !(v + ONES * (0x7f - hi));
    let digit = within(low, b'0' as u64, b'9' as u64);
    // Setting bit 5 maps capitals onto small letters and nothing else onto them.
    let letter = within(low | (ONES * 0x20), b'a' as u64, b'z' as u64);
    (digit | letter) & !x & HIGH_BITS
}

/// `char::is_whitespace` for ASCII: space and \t \n \x0B \x0C \r.
fn ascii_white(b: u8) -> bool {
    // The space first: it ends most words.
    b == b' ' || b.wrapping_sub(b'\t') < 5
}

/// The next shortcut of [`tokens_into`], for chunks the first one does not take: a word
/// (joined by hyphens, "Jong-un", or after an opening quote or bracket), then the end of the
/// chunk, a clitic, or one or two marks (see [`word_then_mark`]). `start` is where the chunk starts in
/// `slice`, `run_end` where its leading run of letters and digits ends, and `base` the offset of
/// `slice` in the text. Pushes the tokens and returns where to go on, or `None` when the chunk
/// needs the full rules.
fn joined_or_opened(
    slice: &str,
    start: usize,
    run_end: usize,
    base: usize,
    out: &mut Vec<Span>,
) -> Option<usize> {
    let bytes = slice.as_bytes();
    let n = bytes.len();
    let alnum = |k: usize| bytes.get(k).is_some_and(|&b| ALNUM[b as usize]);
    let run = |k: usize| {
        bytes[k..]
            .iter()
            .position(|&b| !ALNUM[b as usize])
            .map_or(n, |j| k + j)
    };
    // An opening quote or bracket is a token of its own, as the full rules make it, when the
    // rest takes this shortcut. (A chunk it opens could otherwise be an address, which the full
    // rules keep whole.)
    let opened =
        run_end == start && matches!(bytes.get(start), Some(b'"' | b'(')) && alnum(start + 1);
    let word_start = start + usize::from(opened);
    let mut i = if opened { run(word_start) } else { run_end };
    if i == word_start {
        return None;
    }
    // A hyphen followed by a letter or digit joins words, as in `word_len`.
    while bytes.get(i) == Some(&b'-') && alnum(i + 1) {
        i = run(i + 1);
    }
    let end_at = |k: usize| k == n || bytes.get(k).is_some_and(|&b| ascii_white(b));
    let at = |k: usize| base + k;
    // An ASCII apostrophe and letters to the end: a clitic split off ("Trump's", "do" "n't"), as
    // `word_len` and `clitic_len` do, or one name ("O'Brien").
    if bytes.get(i) == Some(&b'\'') && alnum(i + 1) {
        let end = run(i + 1);
        if !end_at(end) {
            return None;
        }
        let after = &slice[i + 1..end];
        let split = CLITICS
            .iter()
            .any(|c| after.eq_ignore_ascii_case(c))
            .then(|| {
                // The n of "n't" goes with the clitic, unless it is all the word has.
                let negation = after.eq_ignore_ascii_case("t")
                    && matches!(bytes[i - 1], b'n' | b'N')
                    && i - word_start >= 2;
                i - usize::from(negation)
            });
        if opened {
            out.push(Span::new(at(start), at(word_start)));
        }
        match split {
            Some(k) => {
                out.push(Span::new(at(word_start), at(k)));
                out.push(Span::new(at(k), at(end)));
            }
            None => out.push(Span::new(at(word_start), at(end))),
        }
        return Some(end + 1);
    }
    // Then the end of the chunk, or one mark, or two different marks ("said.\"", "word\","):
    // the first as `word_then_mark` takes it, the second a token of its own (a run of one
    // character would be one token, hence different).
    let is_mark = |k: usize| {
        matches!(
            bytes.get(k),
            Some(b',' | b';' | b':' | b'!' | b'?' | b')' | b']' | b'"' | b'.')
        )
    };
    let (word_end, marks_end) = if end_at(i) {
        if !opened && i == run_end {
            // The first shortcut of `tokens_into` would have taken it.
            return None;
        }
        (i, i)
    } else if end_at(i + 1) || end_at(i + 2) && is_mark(i + 1) && bytes[i + 1] != bytes[i] {
        let marks_end = if end_at(i + 1) { i + 1 } else { i + 2 };
        (
            word_start + word_then_mark(&slice[word_start..i], bytes[i])?,
            marks_end,
        )
    } else {
        return None;
    };
    if opened {
        out.push(Span::new(at(start), at(word_start)));
    }
    out.push(Span::new(at(word_start), at(word_end)));
    for k in word_end..marks_end {
        out.push(Span::new(at(k), at(k + 1)));
    }
    Some(marks_end + 1)
}

/// The tokens of a chunk that is a word of ASCII letters and digits followed by one mark:
/// `Some(len)` when [`split_chunk`] would make the word (of `len` bytes: the word alone, so the
/// mark is a token of its own, or word and mark together, an abbreviation with its stop), `None`
/// when the mark may do more (join words, start a clitic or an address) and the chunk needs the
/// full rules.
fn word_then_mark(word: &str, mark: u8) -> Option<usize> {
    match mark {
        // These end a word of letters and digits and stand alone; no address has them alone
        // (a colon starts one only with "//" after it).
        b',' | b';' | b':' | b'!' | b'?' | b')' | b']' | b'"' => Some(word.len()),
        // "Gen.", "L." keep their stop (see `word_len`); "him." does not. "www." is an
        // address, trimmed to "www" and ".": the same tokens.
        b'.' => {
            let initial = word.len() == 1 && word.as_bytes()[0].is_ascii_uppercase();
            Some(if initial || is_abbreviation(word) {
                word.len() + 1
            } else {
                word.len()
            })
        }
        _ => None,
    }
}

fn is_trailing_punct(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '"' | '\'' | '”' | '’' | '»'
    )
}

/// A whitespace-free chunk is a URL or e-mail address when it looks like one; it stays whole
/// except for punctuation that ends the sentence around it.
fn is_address(chunk: &str) -> bool {
    if !chunk.bytes().any(|b| b == b':' || b == b'@' || b == b'.') {
        return false;
    }
    chunk.contains("://")
        || chunk.starts_with("www.")
        || chunk
            .find('@')
            .is_some_and(|at| at > 0 && chunk[at..].contains('.') && !chunk.ends_with('@'))
}

const CLITICS: &[&str] = &["s", "re", "ve", "ll", "d", "m", "t"];

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Length in bytes of the clitic that starts at `rest` (an apostrophe followed by a clitic and
/// then no more letters), or `None`.
fn clitic_len(rest: &str) -> Option<usize> {
    let mut it = rest.chars();
    let a = it.next()?;
    if !is_apostrophe(a) {
        return None;
    }
    let after = &rest[a.len_utf8()..];
    let end = after
        .char_indices()
        .find(|&(_, c)| !c.is_alphanumeric())
        .map_or(after.len(), |(i, _)| i);
    let word = &after[..end];
    if CLITICS.iter().any(|c| word.eq_ignore_ascii_case(c)) {
        Some(a.len_utf8() + end)
    } else {
        None
    }
}

/// Length of "n't" at the start of `rest`, if it is there as a whole clitic.
fn negation_len(rest: &str) -> Option<usize> {
    let after_n = rest.strip_prefix(['n', 'N'])?;
    let len = clitic_len(after_n)?;
    let t = after_n.get(len - 1..len)?;
    t.eq_ignore_ascii_case("t").then_some(len + 1)
}

fn split_chunk(chunk: &str, base: usize, out: &mut Vec<Span>) {
    // Most chunks are a plain word of ASCII letters and digits: one token, nothing to split.
    if chunk.bytes().all(|b| b.is_ascii_alphanumeric()) {
        if !chunk.is_empty() {
            out.push(Span::new(base, base + chunk.len()));
        }
        return;
    }
    if is_address(chunk) {
        let trimmed = chunk.trim_end_matches(is_trailing_punct);
        if !trimmed.is_empty() {
            out.push(Span::new(base, base + trimmed.len()));
            split_chunk_plain(&chunk[trimmed.len()..], base + trimmed.len(), out);
            return;
        }
    }
    split_chunk_plain(chunk, base, out);
}

fn split_chunk_plain(chunk: &str, base: usize, out: &mut Vec<Span>) {
    let mut i = 0;
    while i < chunk.len() {
        let rest = &chunk[i..];
        let Some(c) = rest.chars().next() else { break };
        let starts_word = c.is_alphanumeric()
            || ((c == '#' || c == '@')
                && rest[c.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(|d| d.is_alphanumeric() || d == '_'));
        if starts_word {
            let end = i + word_len(rest);
            out.push(Span::new(base + i, base + end));
            i = end;
            let rest = &chunk[i..];
            let clitic = negation_len(rest).or_else(|| clitic_len(rest));
            if let Some(n) = clitic {
                out.push(Span::new(base + i, base + i + n));
                i += n;
            }
        } else {
            // Punctuation: a run of the same character ("...", "--", "!!") is one token.
            let mut end = i + c.len_utf8();
            while chunk[end..].starts_with(c) {
                end += c.len_utf8();
            }
            out.push(Span::new(base + i, base + end));
            i = end;
        }
    }
}

/// Length of the word that starts `s` (which begins with a letter, digit, '#' or '@').
/// Works on byte positions without allocating: it runs once per word of every document.
fn word_len(s: &str) -> usize {
    let ch = |p: usize| s.get(p..).and_then(|r| r.chars().next());
    let alnum_at = |p: usize| ch(p).is_some_and(|c| c.is_alphanumeric() || c == '_');
    let step = |p: usize| p + ch(p).map_or(1, char::len_utf8);
    let Some(first) = ch(0) else { return 0 };
    let mut p = first.len_utf8();
    // Start of the current dot-separated segment, for acronyms such as "U.S.".
    let mut seg_start = 0;
    let mut dotted = true;
    let bytes = s.as_bytes();
    loop {
        loop {
            // ASCII letters, digits and '_' without decoding; anything else the slow way.
            while bytes
                .get(p)
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
            {
                p += 1;
            }
            if bytes.get(p).is_some_and(|b| *b >= 0x80) && alnum_at(p) {
                p = step(p);
            } else {
                break;
            }
        }
        let Some(c) = ch(p) else { break };
        let after = p + c.len_utf8();
        let next_alnum = alnum_at(after);
        let prev = s[..p].chars().next_back().unwrap_or(' ');
        match c {
            '-' | '‐' if next_alnum => {
                dotted = false;
                p = after;
            }
            '\'' | '’' if next_alnum => {
                // Clitics split off: at the apostrophe, or before the n of "n't".
                let rest = &s[p..];
                if let Some(len) = clitic_len(rest) {
                    let negation = len == c.len_utf8() + 1
                        && rest[c.len_utf8()..].starts_with(['t', 'T'])
                        && (prev == 'n' || prev == 'N');
                    if negation && p >= 2 {
                        return p - 1;
                    }
                    return p;
                }
                dotted = false;
                p = after;
            }
            '.' => {
                let seg = &s[seg_start..p];
                let seg_len = seg.chars().count();
                let seg_alpha = seg.chars().all(char::is_alphabetic);
                if prev.is_ascii_digit() && ch(after).is_some_and(|d| d.is_ascii_digit()) {
                    p = after; // 3.5
                    dotted = false;
                } else if dotted && seg_alpha && seg_len <= 2 && next_alnum {
                    // U.S. / e.g. — keep going through the acronym.
                    p = after;
                    seg_start = p;
                } else if dotted && seg_alpha && seg_len <= 2 && seg_start > 0 {
                    return after; // the acronym's final stop: "U.S."
                } else {
                    let word = &s[..p];
                    let initial =
                        seg_start == 0 && seg_len == 1 && first.is_uppercase() && !next_alnum;
                    if !next_alnum && (initial || is_abbreviation(word)) {
                        return after; // "L.", "Gen.", "e.g" written with one stop
                    }
                    break;
                }
            }
            ',' if prev.is_ascii_digit()
                && s[after..].len() >= 3
                && s.as_bytes()[after..after + 3]
                    .iter()
                    .all(u8::is_ascii_digit)
                && !alnum_at(after + 3) =>
            {
                p = after; // 1,000
                dotted = false;
            }
            // A currency written with its country's code: "US$", "HK$", "A$".
            '$' if p <= 3 && s[..p].bytes().all(|b| b.is_ascii_uppercase()) => {
                return after;
            }
            '&' if prev.is_uppercase() && ch(after).is_some_and(char::is_uppercase) => {
                p = after; // AT&T
                dotted = false;
            }
            _ => break,
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<&str> {
        tokens(text, Span::new(0, text.len()))
            .into_iter()
            .map(|s| s.of(text))
            .collect()
    }

    #[test]
    fn splits_punctuation_and_keeps_words() {
        assert_eq!(
            toks("Hello, world! (Really?)"),
            ["Hello", ",", "world", "!", "(", "Really", "?", ")"]
        );
    }

    #[test]
    fn keeps_abbreviations_and_acronyms_whole() {
        assert_eq!(
            toks("Gen. Smith of the U.N. met Mr. Jones Jr. in the U.S."),
            [
                "Gen.", "Smith", "of", "the", "U.N.", "met", "Mr.", "Jones", "Jr.", "in", "the",
                "U.S."
            ]
        );
        assert_eq!(toks("L. Ron Hubbard"), ["L.", "Ron", "Hubbard"]);
        assert_eq!(toks("e.g. this"), ["e.g.", "this"]);
    }

    #[test]
    fn ordinary_sentence_end_is_split() {
        assert_eq!(toks("He left. Then"), ["He", "left", ".", "Then"]);
        assert_eq!(toks("in 2011."), ["in", "2011", "."]);
    }

    #[test]
    fn splits_clitics() {
        assert_eq!(toks("Trump's plan"), ["Trump", "'s", "plan"]);
        assert_eq!(toks("Afghanistan’s"), ["Afghanistan", "’s"]);
        assert_eq!(toks("don't"), ["do", "n't"]);
        assert_eq!(toks("we're"), ["we", "'re"]);
        assert_eq!(toks("O'Brien"), ["O'Brien"]);
    }

    #[test]
    fn keeps_numbers_hyphens_and_addresses() {
        assert_eq!(toks("1,000 and 3.5%"), ["1,000", "and", "3.5", "%"]);
        assert_eq!(toks("Kim Jong-un"), ["Kim", "Jong-un"]);
        assert_eq!(toks("AT&T"), ["AT&T"]);
        assert_eq!(
            toks("US$ 20,000 or HK$5"),
            ["US$", "20,000", "or", "HK$", "5"]
        );
        assert_eq!(
            toks("see https://example.com/a. Or a.b@c.org,"),
            ["see", "https://example.com/a", ".", "Or", "a.b@c.org", ","]
        );
        assert_eq!(toks("#news @bbc"), ["#news", "@bbc"]);
    }

    #[test]
    fn dashes_and_quotes() {
        assert_eq!(
            toks("“Yes” – he said..."),
            ["“", "Yes", "”", "–", "he", "said", "..."]
        );
    }

    #[test]
    fn word_and_mark_shortcut_follows_the_full_rules() {
        for word in [
            "him",
            "Gen",
            "St",
            "no",
            "L",
            "a",
            "US",
            "2011",
            "1",
            "www",
            "x9",
            "co-founder",
            "Jong-un",
            "1-0",
            "a-b-c",
            "http",
            "\"him",
            "(St",
            "\"L",
            "(www",
            "\"co-op",
            "don",
            "n",
            "CAN",
            "O",
        ] {
            for mark in [
                "", ",", ";", "!", "?", ")", "]", "\"", ".", ":", "'", "-", "@", "//x.com", "'s",
                "'S", "n't", "'t", "N'T", "'ll", "'Brien", "'s.", ".\"", "\",", ",\"", "..", "!!",
                ").", ".)", "?\"", "'", "’s",
            ] {
                let chunk = format!("{word}{mark}");
                let text = format!("{chunk} next");
                let mut full = Vec::new();
                split_chunk(&chunk, 0, &mut full);
                full.push(Span::new(chunk.len() + 1, text.len()));
                assert_eq!(tokens(&text, Span::new(0, text.len())), full, "{chunk:?}");
            }
        }
    }

    #[test]
    fn abbreviation_lists_are_in_byte_order() {
        for list in [ABBREVIATIONS, TITLE_ABBREVIATIONS] {
            assert!(list.windows(2).all(|w| w[0].as_bytes() < w[1].as_bytes()));
        }
        for keys in [&ABBREVIATION_KEYS[..], &TITLE_ABBREVIATION_KEYS[..]] {
            assert!(keys.windows(2).all(|w| w[0] < w[1]));
        }
        assert!(
            !is_abbreviation("co\0") && is_abbreviation("CO.") && is_title_abbreviation("Gen.")
        );
        assert!(is_abbreviation("Approx.") && is_abbreviation("vs") && is_abbreviation("adm"));
        assert!(!is_abbreviation("him") && !is_abbreviation("a") && !is_abbreviation("zz"));
    }

    proptest::proptest! {
        /// The tokeniser with its shortcuts gives what the full rules give each
        /// whitespace-separated chunk.
        #[test]
        fn tokens_agree_with_the_rules_per_chunk(
            s in "([A-Za-z0-9]{1,6}|[ .,;:!?'’\"()&@#$/-]|\n|\t|\u{a0}|\u{2003}|é|—|…|Gen\\.|U\\.S\\.|n't|'s|'t|'ll|N'T|'Brien|http://|www\\.|\\(L\\.|\"St\\.){0,24}"
        ) {
            let mut want = Vec::new();
            let mut pos = 0;
            for piece in s.split(char::is_whitespace) {
                if !piece.is_empty() {
                    split_chunk(piece, pos, &mut want);
                }
                pos += piece.len();
                // The whitespace character after the piece.
                pos += s[pos..].chars().next().map_or(0, char::len_utf8);
            }
            proptest::prop_assert_eq!(tokens(&s, Span::new(0, s.len())), want);
        }

        /// The tokens marked as they are found are those that may end a sentence.
        #[test]
        fn marks_are_the_tokens_that_may_end_a_sentence(
            s in "([A-Za-z0-9]{1,6}|[ .,;:!?'’\"()&@#$/-]|\n|…|“|”|—|Gen\\.|U\\.S\\.|n't|'s|www\\.|\\.\\.\\.){0,24}"
        ) {
            // Line by line, as the splitter takes them: the same tokens as all at once, each
            // stop right after a line break, and no line break inside a line's tokens.
            let (mut toks, mut marks, mut ends) = (Vec::new(), Vec::new(), Vec::new());
            let mut pos = 0;
            while pos < s.len() {
                let first = toks.len();
                marks.clear();
                pos = tokens_into(&s, Span::new(pos, s.len()), &mut toks, Some(&mut marks));
                proptest::prop_assert!(pos == s.len() || s.as_bytes()[pos - 1] == b'\n');
                if let (Some(a), Some(b)) = (toks.get(first), toks.last()) {
                    proptest::prop_assert!(!s[a.start..b.end].contains('\n'));
                }
                ends.extend(marks.iter().copied());
            }
            proptest::prop_assert_eq!(&toks, &tokens(&s, Span::new(0, s.len())));
            let want: Vec<u32> = (0..toks.len())
                .filter(|&k| may_end(s.as_bytes(), toks[k]))
                .map(|k| k as u32)
                .collect();
            proptest::prop_assert_eq!(ends, want);
        }
    }

    proptest::proptest! {
        /// The eight-byte scan ends a run where the byte-by-byte one does.
        #[test]
        fn alnum_end_agrees_with_bytes(
            s in "([A-Za-z0-9]{0,12}|[ .,'’@`\\[{/:-]|é|\u{0}|\u{7f}){0,6}",
            from in 0usize..40,
        ) {
            let b = s.as_bytes();
            let from = from.min(b.len());
            let want = from
                + b[from..].iter().position(|&c| !ALNUM[c as usize]).unwrap_or(b.len() - from);
            proptest::prop_assert_eq!(alnum_end(b, from), want);
        }
    }

    #[test]
    fn alnum_bits_agree_with_the_table() {
        for c in 0..=255u8 {
            for k in 0..8 {
                let mut b = [b'a'; 8];
                b[k] = c;
                let want: u64 = (0..8)
                    .map(|j| u64::from(ALNUM[b[j] as usize]) << (8 * j + 7))
                    .sum();
                assert_eq!(ascii_alnum_bits(u64::from_le_bytes(b)), want, "{c} at {k}");
            }
        }
    }

    #[test]
    fn out_of_range_span_gives_nothing() {
        assert!(tokens("abc", Span::new(2, 9)).is_empty());
        assert!(tokens("é", Span::new(1, 2)).is_empty());
    }
}
