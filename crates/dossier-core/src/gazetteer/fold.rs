//! Text folding for gazetteer keys: one function decides when two spellings are "the same name"
//! ("Wŏnsan" = "Wonsan", "U.S." = "US", "Côte d'Ivoire" = "cote divoire", "KOREA, NORTH" =
//! "korea north"). The data generator (`cargo xtask data`) and the run-time lookups share it, so
//! keys built from the sources and keys built from document text always agree.

use crate::text::case::lower_char;

/// Base letters for U+00C0..=U+00FF. Upper-case placeholders stand for two-letter folds:
/// `A` = "ae", `T` = "th", `S` = "ss"; `*` (× and ÷) is a separator.
const LATIN1: &[u8; 64] = b"aaaaaaAceeeeiiiidnooooo*ouuuuyTSaaaaaaAceeeeiiiidnooooo*ouuuuyTy";

/// Base letters for U+0100..=U+017F (Latin Extended-A); `J` = "ij", `O` = "oe".
const LATIN_EXT_A: &[u8; 128] = b"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiJJjjkkkllllllllllnnnnnnnnnooooooOOrrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

/// What a character becomes in a folded key.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Folded {
    /// Letters to append (lower-case ASCII).
    Ascii(&'static str),
    /// A lower-case character kept as it is (a non-Latin letter or digit).
    Keep(char),
    /// Dropped without a trace: dots and apostrophes inside abbreviations and names, combining marks.
    Drop,
    /// A word separator: spaces, hyphens, commas and all other punctuation.
    Space,
}

fn expand(b: u8) -> &'static str {
    match b {
        b'A' => "ae",
        b'T' => "th",
        b'S' => "ss",
        b'J' => "ij",
        b'O' => "oe",
        b'*' => " ",
        _ => {
            // One-letter fold: index into a static alphabet so the result is 'static.
            const ALPHA: &str = "abcdefghijklmnopqrstuvwxyz";
            let i = (b - b'a') as usize;
            &ALPHA[i..i + 1]
        }
    }
}

/// How one character folds.
pub(crate) fn fold_char(c: char) -> Folded {
    match c {
        'a'..='z' | '0'..='9' => Folded::Keep(c),
        'A'..='Z' => Folded::Keep(c.to_ascii_lowercase()),
        '.' | '\'' | '\u{2018}' | '\u{2019}' | '\u{02BB}' | '\u{02BC}' | '`' | '\u{00B4}' => {
            Folded::Drop
        }
        '\u{0300}'..='\u{036F}' => Folded::Drop,
        '\u{00C0}'..='\u{00FF}' => {
            let b = LATIN1[c as usize - 0xC0];
            if b == b'*' {
                Folded::Space
            } else {
                Folded::Ascii(expand(b))
            }
        }
        '\u{0100}'..='\u{017F}' => Folded::Ascii(expand(LATIN_EXT_A[c as usize - 0x100])),
        '\u{0218}' | '\u{0219}' => Folded::Ascii("s"),
        '\u{021A}' | '\u{021B}' => Folded::Ascii("t"),
        c if c.is_alphanumeric() => Folded::Keep(lower_char(c)),
        _ => Folded::Space,
    }
}

/// Folds a name to its lookup key: lower case, Latin diacritics removed, dots and apostrophes
/// dropped, every other run of punctuation or space turned into one space, trimmed.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// [`fold`] into a reusable buffer (cleared first), so per-token lookups need not allocate.
pub fn fold_into(s: &str, out: &mut String) {
    out.clear();
    fold_append(s, out);
}

/// [`fold`] appended to `out` (a space is not added before it).
pub fn fold_append(s: &str, out: &mut String) {
    let base = out.len();
    if s.bytes().all(|b| b.is_ascii_alphanumeric()) {
        // The usual word: its bytes, lower-cased in place.
        out.push_str(s);
        out[base..].make_ascii_lowercase();
        return;
    }
    if s.is_ascii() {
        // Fast path for the common case: bytes, no char decoding, no table.
        let mut pending_space = false;
        for &b in s.as_bytes() {
            if b.is_ascii_alphanumeric() {
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                out.push(b.to_ascii_lowercase() as char);
            } else if b != b'.' && b != b'\'' && b != b'`' {
                pending_space = out.len() > base;
            }
        }
        return;
    }
    let mut pending_space = false;
    for c in s.chars() {
        match fold_char(c) {
            Folded::Drop => {}
            Folded::Space => pending_space = out.len() > base,
            Folded::Ascii(a) => {
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                out.push_str(a);
            }
            Folded::Keep(k) => {
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                out.push(k);
            }
        }
    }
}

/// Folds a short ASCII word into a stack buffer and hands the key to `f`; `None` when the word is
/// not ASCII or too long (the caller then folds into a `String`). Lookups per token use this.
pub(crate) fn with_ascii_key<R>(s: &str, f: impl FnOnce(&str) -> R) -> Option<R> {
    const N: usize = 48;
    if s.len() > N || !s.is_ascii() {
        return None;
    }
    let mut buf = [0u8; N];
    let mut len = 0;
    let mut pending_space = false;
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() {
            if pending_space {
                buf[len] = b' ';
                len += 1;
                pending_space = false;
            }
            buf[len] = b.to_ascii_lowercase();
            len += 1;
        } else if b != b'.' && b != b'\'' && b != b'`' {
            pending_space = len > 0;
        }
    }
    // Only ASCII bytes were written, so this cannot fail; an empty key is the fallback.
    Some(f(std::str::from_utf8(&buf[..len]).unwrap_or("")))
}

/// Folds a name to plain ASCII but keeps its case and punctuation ("Wŏnsan" → "Wonsan",
/// "Namp’o" → "Namp'o"): how generated place names are stored.
pub fn ascii_name(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let upper = c.is_uppercase();
        match c {
            '\u{2018}' | '\u{2019}' | '\u{02BB}' | '\u{02BC}' => out.push('\''),
            c if c.is_ascii() => out.push(c),
            c => match fold_char(c) {
                Folded::Ascii(a) if upper => {
                    let mut chars = a.chars();
                    if let Some(first) = chars.next() {
                        out.push(first.to_ascii_uppercase());
                        out.push_str(chars.as_str());
                    }
                }
                Folded::Ascii(a) => out.push_str(a),
                Folded::Keep(_) => out.push(c),
                Folded::Drop => {}
                Folded::Space => out.push(' '),
            },
        }
    }
    out
}

/// Strips a leading "the " from a folded key ("the kremlin" → "kremlin").
pub fn strip_the(key: &str) -> &str {
    key.strip_prefix("the ").unwrap_or(key)
}

/// The first byte of `bytes` from `from` on that is an ASCII capital or starts a non-ASCII
/// character: every sentence is read this way, and most of its bytes are neither.
pub(crate) fn next_capital(bytes: &[u8], from: usize) -> Option<usize> {
    let p = next_byte(bytes, from, b'A', b'[', false);
    (p < bytes.len()).then_some(p)
}

/// The first byte of `bytes` from `from` on that starts a non-ASCII character or is an ASCII
/// byte from `lo` up to `hi` (`outside`: not in that range), else the end; eight bytes at a
/// time.
pub(crate) fn next_byte(bytes: &[u8], from: usize, lo: u8, hi: u8, outside: bool) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    // All ones when the range's complement is wanted.
    let flip = 0u64.wrapping_sub(u64::from(outside));
    let mut p = from;
    while let Some(chunk) = bytes.get(p..p + 8) {
        let x = u64::from_le_bytes([
            chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7],
        ]);
        // Per byte, its low seven bits plus 0x80 - `lo` reach the high bit from `lo` up, plus
        // 0x80 - `hi` from `hi` up; no sum carries into the next byte.
        let low = x & !HIGH;
        let inside = low.wrapping_add(ONES * (0x80 - u64::from(lo)))
            & !low.wrapping_add(ONES * (0x80 - u64::from(hi)));
        let hit = (inside ^ flip | x) & HIGH;
        if hit != 0 {
            return p + (hit.trailing_zeros() / 8) as usize;
        }
        p += 8;
    }
    bytes[p..]
        .iter()
        .position(|&b| b >= 0x80 || (b.wrapping_sub(lo) < hi - lo) != outside)
        .map_or(bytes.len(), |k| p + k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_diacritics_and_punctuation() {
        assert_eq!(fold("Wŏnsan"), "wonsan");
        assert_eq!(fold("U.S."), "us");
        assert_eq!(fold("KOREA, NORTH"), "korea north");
        assert_eq!(fold("Côte d’Ivoire"), "cote divoire");
        assert_eq!(fold("  Guinea-Bissau "), "guinea bissau");
        assert_eq!(fold("Chișinău"), "chisinau");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Łódź"), "lodz");
        assert_eq!(fold("Москва"), "москва");
        assert_eq!(fold(""), "");
        assert_eq!(fold("..."), "");
    }

    #[test]
    fn extension_table_is_aligned_with_unicode() {
        // Spot checks at both ends of every run in the table.
        for (c, want) in [
            ('Ā', "a"),
            ('ą', "a"),
            ('Ć', "c"),
            ('č', "c"),
            ('Đ', "d"),
            ('ě', "e"),
            ('ģ', "g"),
            ('ħ', "h"),
            ('ı', "i"),
            ('Ĳ', "ij"),
            ('ĵ', "j"),
            ('ĸ', "k"),
            ('ł', "l"),
            ('ŋ', "n"),
            ('ŏ', "o"),
            ('ő', "o"),
            ('Œ', "oe"),
            ('ř', "r"),
            ('š', "s"),
            ('ŧ', "t"),
            ('ŭ', "u"),
            ('ų', "u"),
            ('ŵ', "w"),
            ('Ÿ', "y"),
            ('ž', "z"),
            ('ſ', "s"),
            ('Þ', "th"),
            ('ÿ', "y"),
        ] {
            assert_eq!(fold_char(c), Folded::Ascii(want), "{c}");
        }
    }

    #[test]
    fn ascii_name_keeps_case() {
        assert_eq!(ascii_name("Wŏnsan"), "Wonsan");
        assert_eq!(ascii_name("Namp’o"), "Namp'o");
        assert_eq!(ascii_name("Ŭllyul"), "Ullyul");
        assert_eq!(ascii_name("Æbeltoft"), "Aebeltoft");
    }
}
