//! Name folding: the keys under which two surface forms count as the same name.
//!
//! Two levels, so a merge can say which rule made it:
//! - the *spelling* key ignores case, diacritics, hyphens, spaces, dots and apostrophes
//!   ("Kim Jong-un" = "KIM JONG UN" = "Kim Jongun"; "U.N." = "UN");
//! - the *romanisation* key also folds the spelling variants that transliteration produces
//!   ("Sergei"/"Sergey", "Choe"/"Choi", "Aleksandr"/"Alexandr", doubled letters).
//!
//! Keys are computed per token and then concatenated, so that a syllable written joined, hyphenated or
//! spaced gives the same key. Everything here is allocation-light and linear in the input.

use crate::text::case::lower_char;

/// Lower-case `c` and strip its diacritic when it is a Latin letter with one; other characters are
/// lower-cased as they are.
pub(crate) fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let base = match c {
        'À'..='Å' | 'à'..='å' | 'Ā' | 'ā' | 'Ă' | 'ă' | 'Ą' | 'ą' => 'a',
        'Ç' | 'ç' | 'Ć' | 'ć' | 'Č' | 'č' | 'Ĉ' | 'ĉ' | 'Ċ' | 'ċ' => 'c',
        'Ď' | 'ď' | 'Đ' | 'đ' => 'd',
        'È'..='Ë' | 'è'..='ë' | 'Ē' | 'ē' | 'Ĕ' | 'ĕ' | 'Ė' | 'ė' | 'Ę' | 'ę' | 'Ě' | 'ě' => {
            'e'
        }
        'Ğ' | 'ğ' | 'Ĝ' | 'ĝ' | 'Ġ' | 'ġ' | 'Ģ' | 'ģ' => 'g',
        'Ì'..='Ï' | 'ì'..='ï' | 'Ī' | 'ī' | 'Ĭ' | 'ĭ' | 'Į' | 'į' | 'İ' | 'ı' => 'i',
        'Ñ' | 'ñ' | 'Ń' | 'ń' | 'Ň' | 'ň' | 'Ņ' | 'ņ' => 'n',
        'Ò'..='Ö' | 'Ø' | 'ò'..='ö' | 'ø' | 'Ō' | 'ō' | 'Ŏ' | 'ŏ' | 'Ő' | 'ő' => 'o',
        'Ŕ' | 'ŕ' | 'Ř' | 'ř' => 'r',
        'Ś' | 'ś' | 'Š' | 'š' | 'Ş' | 'ş' | 'Ș' | 'ș' => 's',
        'Ť' | 'ť' | 'Ţ' | 'ţ' | 'Ț' | 'ț' => 't',
        'Ù'..='Ü' | 'ù'..='ü' | 'Ū' | 'ū' | 'Ŭ' | 'ŭ' | 'Ů' | 'ů' | 'Ű' | 'ű' | 'Ų' | 'ų' => {
            'u'
        }
        'Ý' | 'ý' | 'ÿ' | 'Ÿ' => 'y',
        'Ź' | 'ź' | 'Ż' | 'ż' | 'Ž' | 'ž' => 'z',
        'ß' => {
            out.push_str("ss");
            return;
        }
        'Æ' | 'æ' => {
            out.push_str("ae");
            return;
        }
        'Œ' | 'œ' => {
            out.push_str("oe");
            return;
        }
        _ => {
            out.push(lower_char(c));
            return;
        }
    };
    out.push(base);
}

/// Apostrophes of every kind: dropped inside names ("O'Brien" = "OBrien").
pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | 'ʼ' | '`' | '´')
}

/// The folded tokens of a name: split on whitespace, hyphens and slashes; letters and digits
/// lower-cased and stripped of diacritics; dots and apostrophes dropped.
pub(crate) fn tokens(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() {
            fold_char(c, &mut cur);
        } else if c == '.' || is_apostrophe(c) {
            // "U.N." and "O'Brien" stay one token.
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The spelling key: folded tokens joined without separators.
pub(crate) fn spelling_key(tokens: &[String]) -> String {
    tokens.concat()
}

/// One token's romanisation skeleton: transliteration variants mapped to one form. Deliberately
/// conservative (no vowel collapsing), so "Kim Jong Un" and "Kim Jong Il" stay apart.
pub(crate) fn skeleton(token: &str) -> String {
    let mut out = String::with_capacity(token.len());
    push_skeleton(token, &mut out);
    out
}

/// [`skeleton`] of `token`, appended to `out` (hot loops reuse one buffer).
pub(crate) fn push_skeleton(token: &str, out: &mut String) {
    let from = out.len();
    let mut last: Option<char> = None;
    // Doubled letters ("Mohammed"/"Mohamed") are one sound.
    let mut push = |c: char, out: &mut String| {
        if last != Some(c) {
            out.push(c);
        }
        last = Some(c);
    };
    let mut chars = token.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let (a, b) = match (c, next) {
            ('p', Some('h')) => ('f', None),
            ('k', Some('h')) => ('h', None),
            ('k', Some('s')) => ('x', None),
            ('i', Some('y')) => ('i', None),
            ('o', Some('e')) => ('o', Some('i')),
            ('o', Some('u')) => ('u', None),
            _ => {
                push(c, out);
                continue;
            }
        };
        chars.next();
        push(a, out);
        if let Some(b) = b {
            push(b, out);
        }
    }
    // A final -y after a vowel or consonant is the same sound as -i ("Sergey", "Dmitry").
    if out.len() - from > 2 && out.ends_with('y') {
        out.pop();
        out.push('i');
    }
}

/// Romanisation keys of a text read one char at a time: after any prefix, [`RomanKeys::key_into`]
/// gives `roman_key(&tokens(prefix))`. So the keys of a run of one, two, three … words, each run a
/// prefix of the next, cost one pass and no allocation (the buffers are reused).
#[derive(Default)]
pub(crate) struct RomanKeys {
    /// Skeletons of the tokens completed so far.
    done: String,
    /// The folded token being read.
    tok: String,
}

impl RomanKeys {
    pub(crate) fn clear(&mut self) {
        self.done.clear();
        self.tok.clear();
    }

    /// Read one more char (as [`tokens`] splits and folds).
    pub(crate) fn push(&mut self, c: char) {
        if c.is_ascii_alphanumeric() {
            // What `fold_char` does with ASCII, without the call.
            self.tok.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
            fold_char(c, &mut self.tok);
        } else if c == '.' || is_apostrophe(c) {
            // As in `tokens`: "U.N." and "O'Brien" stay one token.
        } else if !self.tok.is_empty() {
            push_skeleton(&self.tok, &mut self.done);
            self.tok.clear();
        }
    }

    /// The key of the tokens completed so far: the start of the key of everything read from
    /// here on, whatever follows.
    pub(crate) fn settled(&self) -> &str {
        &self.done
    }

    /// The key of everything read so far, written over `out`.
    pub(crate) fn key_into(&self, out: &mut String) {
        out.clear();
        self.push_key(out);
    }

    /// The key of everything read so far, appended to `out`.
    pub(crate) fn push_key(&self, out: &mut String) {
        out.push_str(&self.done);
        if !self.tok.is_empty() {
            push_skeleton(&self.tok, out);
        }
    }
}

/// The romanisation key: token skeletons joined without separators.
pub(crate) fn roman_key(tokens: &[String]) -> String {
    tokens.iter().map(|t| skeleton(t)).collect()
}

/// Words an organisation's acronym usually skips.
fn is_function_word(t: &str) -> bool {
    matches!(
        t,
        "of" | "the"
            | "for"
            | "and"
            | "on"
            | "in"
            | "de"
            | "des"
            | "du"
            | "la"
            | "le"
            | "et"
            | "und"
    )
}

/// The initials of a multi-word name, without function words ("Korean Central News Agency" →
/// "kcna"; "Shanghai Cooperation Organisation" → "sco").
pub(crate) fn initials(tokens: &[String]) -> String {
    tokens
        .iter()
        .filter(|t| !is_function_word(t))
        .filter_map(|t| t.chars().next())
        .collect()
}

/// Is `surface` written like an acronym: one word of 2–8 letters (dots allowed), all capitals?
pub(crate) fn looks_like_acronym(surface: &str) -> bool {
    let letters: Vec<char> = surface.chars().filter(|c| *c != '.').collect();
    (2..=8).contains(&letters.len())
        && letters
            .iter()
            .all(|c| c.is_uppercase() || c.is_ascii_digit())
        && letters.iter().any(|c| c.is_alphabetic())
}

/// Is `acronym` (folded) a plausible short form of `capitals` (the folded first letters of the
/// expansion's words, function words included): same first letter and a subsequence of it.
pub(crate) fn abbreviates(acronym: &str, capitals: &str) -> bool {
    if acronym.is_empty() || acronym.chars().next() != capitals.chars().next() {
        return false;
    }
    let mut it = capitals.chars();
    acronym.chars().all(|a| it.any(|c| c == a))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> String {
        roman_key(&tokens(s))
    }

    #[test]
    fn spelling_ignores_case_hyphens_dots_and_diacritics() {
        let k = |s: &str| spelling_key(&tokens(s));
        assert_eq!(k("Kim Jong Un"), k("Kim Jong-un"));
        assert_eq!(k("Kim Jong Un"), k("KIM JONG UN"));
        assert_eq!(k("Kim Jong Un"), k("Kim Jongun"));
        assert_eq!(k("U.N. Security Council"), k("UN Security Council"));
        assert_eq!(k("Wŏnsan"), k("Wonsan"));
        assert_eq!(k("O’Brien"), k("OBrien"));
        assert_ne!(k("Sergei"), k("Sergey"));
    }

    #[test]
    fn romanisation_folds_transliteration_variants_only() {
        assert_eq!(key("Sergei Lavrov"), key("Sergey Lavrov"));
        assert_eq!(key("Choe Son Hui"), key("Choi Son Hui"));
        assert_eq!(key("Choe Son-hui"), key("Choi Son Hui"));
        assert_eq!(key("Dmitry Peskov"), key("Dmitriy Peskov"));
        assert_eq!(key("Aleksandr"), key("Alexandr"));
        assert_ne!(key("Kim Jong Un"), key("Kim Jong Il"));
        assert_ne!(key("Sung Kim"), key("Kim Jong Un"));
        assert_ne!(key("Dan Smith"), key("Don Smith"));
    }

    #[test]
    fn incremental_keys_equal_the_keys_of_every_prefix() {
        let mut keys = RomanKeys::default();
        let mut out = String::from("stale");
        for s in [
            "Choe Son-hui",
            "Lavrov's Ministry",
            "Kim..Jong",
            "U.N. Security Council",
            "Sergey  Dmitry-y",
            "Wŏnsan Œuvre Straße",
            "",
            " - ",
        ] {
            keys.clear();
            keys.key_into(&mut out);
            assert_eq!(out, "");
            for (i, c) in s.char_indices() {
                keys.push(c);
                keys.key_into(&mut out);
                let prefix = &s[..i + c.len_utf8()];
                assert_eq!(out, key(prefix), "{prefix}");
            }
        }
    }

    #[test]
    fn acronyms_and_initials() {
        assert_eq!(initials(&tokens("Korean Central News Agency")), "kcna");
        assert_eq!(
            initials(&tokens("Shanghai Cooperation Organisation")),
            "sco"
        );
        assert!(looks_like_acronym("KCNA"));
        assert!(looks_like_acronym("U.N."));
        assert!(!looks_like_acronym("Asean"));
        assert!(!looks_like_acronym("A"));
        let caps: String = tokens("Royal United Services Institute")
            .iter()
            .filter_map(|t| t.chars().next())
            .collect();
        assert!(abbreviates("rusi", &caps));
        assert!(!abbreviates("kcna", &caps));
    }
}
