//! A small HTML tokenizer: tags with attributes, text with character references decoded, and
//! the raw-text elements (`script`, `style`, `title`, `textarea`, …) read up to their end tag.
//!
//! Why our own: measured in a wasm32 release build (opt-level z, LTO, gzip -9), `html5gum` costs
//! about 60 KB of the engine's 350 KB budget, most of it a full WHATWG state machine and the
//! 2,231-entry named-reference table. Reading article text needs far less: comments, doctypes and
//! processing instructions are skipped, attributes are read with the spec's quoting rules, and
//! named references cover the ones pages actually use (the Latin-1 block, typographic quotes and
//! dashes, a few symbols); numeric references are complete, with the spec's windows-1252 remap of
//! `&#128;`–`&#159;`. An unknown name is left as written. Nothing here can fail or panic: every
//! byte is either markup or text.

use crate::text::case::Lower;

/// One token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Token {
    Start {
        name: String,
        attrs: Vec<(String, String)>,
        self_closing: bool,
    },
    End {
        name: String,
    },
    Text(String),
}

/// Elements whose content is not markup, read verbatim up to `</name`.
const RAW: &[&str] = &[
    "script",
    "style",
    "title",
    "textarea",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];
/// Raw elements whose content still has character references (RCDATA).
const ESCAPABLE: &[&str] = &["title", "textarea"];

/// Tokenize `html` into a vector of tokens.
pub fn tokenize(html: &str) -> Vec<Token> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut text_start = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += memchr(b'<', &b[i..]).unwrap_or(b.len() - i);
            continue;
        }
        let next = b.get(i + 1).copied().unwrap_or(0);
        let markup_end = if next == b'!' || next == b'?' {
            Some(skip_declaration(b, i))
        } else if next == b'/' && b.get(i + 2).is_some_and(u8::is_ascii_alphabetic) {
            let (name, end) = tag_name(b, i + 2);
            flush_text(html, text_start, i, &mut out);
            out.push(Token::End { name });
            Some(skip_to_gt(b, end))
        } else if next.is_ascii_alphabetic() {
            flush_text(html, text_start, i, &mut out);
            let (name, after_name) = tag_name(b, i + 1);
            let (attrs, self_closing, end) = attributes(html, after_name);
            let raw = RAW.contains(&name.as_str());
            out.push(Token::Start {
                name: name.clone(),
                attrs,
                self_closing,
            });
            if raw {
                let (content_end, resume) = raw_end(b, end, &name);
                let content = &html[end..content_end];
                if !content.is_empty() {
                    out.push(Token::Text(if ESCAPABLE.contains(&name.as_str()) {
                        decode(content)
                    } else {
                        content.to_string()
                    }));
                }
                out.push(Token::End { name });
                Some(resume)
            } else {
                Some(end)
            }
        } else {
            None
        };
        match markup_end {
            Some(end) => {
                if next == b'!' || next == b'?' {
                    flush_text(html, text_start, i, &mut out);
                }
                i = end;
                text_start = end;
            }
            // A `<` that starts no markup is text.
            None => i += 1,
        }
    }
    flush_text(html, text_start, b.len(), &mut out);
    out
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&c| c == needle)
}

fn flush_text(html: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    if start < end {
        out.push(Token::Text(decode(&html[start..end])));
    }
}

/// `<!-- … -->`, `<![CDATA[ … ]]>`, `<!doctype …>`, `<? … >`: the index after it.
fn skip_declaration(b: &[u8], i: usize) -> usize {
    let rest = &b[i..];
    let find = |pat: &[u8], from: usize| {
        rest.get(from..)
            .and_then(|r| r.windows(pat.len()).position(|w| w == pat))
            .map(|p| i + from + p + pat.len())
            .unwrap_or(b.len())
    };
    if rest.starts_with(b"<!--") {
        // `<!-->` and `<!--->` are complete (empty) comments.
        if rest.get(4) == Some(&b'>') {
            return i + 5;
        }
        if rest.get(4..6) == Some(b"->") {
            return i + 6;
        }
        find(b"-->", 4)
    } else if rest.starts_with(b"<![CDATA[") {
        find(b"]]>", 9)
    } else {
        skip_to_gt(b, i + 2)
    }
}

fn skip_to_gt(b: &[u8], from: usize) -> usize {
    memchr(b'>', b.get(from..).unwrap_or(&[])).map_or(b.len(), |p| from + p + 1)
}

/// A tag name starting at `from` (lower-cased) and the index after it.
fn tag_name(b: &[u8], from: usize) -> (String, usize) {
    let mut end = from;
    while end < b.len() && !matches!(b[end], b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>') {
        end += 1;
    }
    let name = String::from_utf8_lossy(&b[from..end]).lower();
    (name, end)
}

/// Attributes from `from` to the end of the tag: (attributes, self-closing, index after `>`).
/// Duplicate attributes keep the first value, as browsers do.
fn attributes(html: &str, from: usize) -> (Vec<(String, String)>, bool, usize) {
    let b = html.as_bytes();
    let mut attrs: Vec<(String, String)> = Vec::new();
    let mut i = from;
    let mut self_closing = false;
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            self_closing = b[i] == b'/';
            i += 1;
        }
        if i >= b.len() {
            return (attrs, false, b.len());
        }
        if b[i] == b'>' {
            return (attrs, self_closing, i + 1);
        }
        self_closing = false;
        // Name: up to whitespace, `/`, `>` or `=` (a leading `=` belongs to the name).
        let start = i;
        i += 1;
        while i < b.len()
            && !matches!(
                b[i],
                b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>' | b'='
            )
        {
            i += 1;
        }
        let name = html[start..i].lower();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if b.get(i) == Some(&b'=') {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            match b.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = memchr(q, &b[i + 1..]).map_or(b.len(), |p| i + 1 + p);
                    value = decode(&html[i + 1..end]);
                    i = (end + 1).min(b.len());
                }
                _ => {
                    let start = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    value = decode(&html[start..i]);
                }
            }
        }
        if !attrs.iter().any(|(n, _)| *n == name) {
            attrs.push((name, value));
        }
    }
}

/// Where a raw element's content ends (`</name` followed by whitespace, `/` or `>`), and the
/// index after its end tag; the end of input when it is never closed.
fn raw_end(b: &[u8], from: usize, name: &str) -> (usize, usize) {
    let n = name.len();
    let mut i = from;
    while let Some(p) = b
        .get(i..)
        .and_then(|r| r.windows(2).position(|w| w == b"</"))
    {
        let at = i + p;
        let candidate = b.get(at + 2..at + 2 + n);
        let boundary = b.get(at + 2 + n);
        if candidate.is_some_and(|c| c.eq_ignore_ascii_case(name.as_bytes()))
            && boundary
                .is_none_or(|c| matches!(c, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>'))
        {
            return (at, skip_to_gt(b, at + 2 + n));
        }
        i = at + 2;
    }
    (b.len(), b.len())
}

/// Named character references we decode; U+00A0..=U+00FF are the Latin-1 names in order.
const LATIN1: [&str; 96] = [
    "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf",
    "laquo", "not", "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro",
    "para", "middot", "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
    "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave", "Eacute",
    "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve", "Oacute",
    "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute",
    "THORN", "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil",
    "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml", "eth", "ntilde",
    "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave", "uacute", "ucirc",
    "uuml", "yacute", "thorn", "yuml",
];
const NAMED: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("OElig", 'Œ'),
    ("oelig", 'œ'),
    ("Scaron", 'Š'),
    ("scaron", 'š'),
    ("Yuml", 'Ÿ'),
    ("fnof", 'ƒ'),
    ("circ", 'ˆ'),
    ("tilde", '˜'),
    ("ensp", '\u{2002}'),
    ("emsp", '\u{2003}'),
    ("thinsp", '\u{2009}'),
    ("zwnj", '\u{200C}'),
    ("zwj", '\u{200D}'),
    ("lrm", '\u{200E}'),
    ("rlm", '\u{200F}'),
    ("ndash", '–'),
    ("mdash", '—'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("sbquo", '‚'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("bdquo", '„'),
    ("dagger", '†'),
    ("Dagger", '‡'),
    ("bull", '•'),
    ("hellip", '…'),
    ("permil", '‰'),
    ("prime", '′'),
    ("Prime", '″'),
    ("lsaquo", '‹'),
    ("rsaquo", '›'),
    ("oline", '‾'),
    ("euro", '€'),
    ("trade", '™'),
    ("larr", '←'),
    ("uarr", '↑'),
    ("rarr", '→'),
    ("darr", '↓'),
    ("harr", '↔'),
    ("minus", '−'),
    ("hearts", '♥'),
    ("star", '☆'),
    ("check", '✓'),
    ("nbhy", '\u{2011}'),
];

fn named(name: &str) -> Option<char> {
    if let Some(k) = LATIN1.iter().position(|n| *n == name) {
        return char::from_u32(0xA0 + k as u32);
    }
    NAMED.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
}

/// The spec's replacements for numeric references to C1 controls (windows-1252 meanings).
fn numeric(cp: u32) -> char {
    match cp {
        0x80..=0x9F => crate::ingest::charset::decode_cp1252(&[cp as u8])
            .chars()
            .next()
            .unwrap_or('\u{FFFD}'),
        0 => '\u{FFFD}',
        _ => char::from_u32(cp).unwrap_or('\u{FFFD}'),
    }
}

/// Decode character references in `s`.
pub fn decode(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        match reference(after) {
            Some((c, used)) => {
                out.push(c);
                rest = &after[used..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A reference at the start of `s` (just after `&`): the character and the bytes it used.
fn reference(s: &str) -> Option<(char, usize)> {
    let b = s.as_bytes();
    if b.first() == Some(&b'#') {
        let (hex, start) = match b.get(1) {
            Some(b'x' | b'X') => (true, 2),
            _ => (false, 1),
        };
        let digits = b[start..]
            .iter()
            .take_while(|c| {
                if hex {
                    c.is_ascii_hexdigit()
                } else {
                    c.is_ascii_digit()
                }
            })
            .count();
        if digits == 0 {
            return None;
        }
        let text = &s[start..start + digits];
        let cp = u32::from_str_radix(text, if hex { 16 } else { 10 }).unwrap_or(0x110000);
        let mut used = start + digits;
        if b.get(used) == Some(&b';') {
            used += 1;
        }
        return Some((numeric(cp), used));
    }
    let len = b
        .iter()
        .take(32)
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    let name = &s[..len];
    let c = named(name)?;
    if b.get(len) == Some(&b';') {
        Some((c, len + 1))
    } else if matches!(name, "amp" | "lt" | "gt" | "quot" | "nbsp" | "copy" | "reg") {
        // Legacy references browsers accept without the semicolon.
        Some((c, len))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start(name: &str, attrs: &[(&str, &str)], self_closing: bool) -> Token {
        Token::Start {
            name: name.into(),
            attrs: attrs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            self_closing,
        }
    }

    #[test]
    fn tags_attributes_and_text() {
        let t = tokenize("<DIV Class=\"a b\" id=x data-k='1 &amp; 2' hidden>Hi&nbsp;&eacute;&#8217;&#x2014;</div><br/>");
        assert_eq!(
            t,
            [
                start(
                    "div",
                    &[
                        ("class", "a b"),
                        ("id", "x"),
                        ("data-k", "1 & 2"),
                        ("hidden", "")
                    ],
                    false
                ),
                Token::Text("Hi\u{A0}é’—".into()),
                Token::End { name: "div".into() },
                start("br", &[], true),
            ]
        );
    }

    #[test]
    fn comments_doctype_and_raw_text() {
        let t = tokenize("<!doctype html><!-- <p>x</p> --><script>if (a<b) x('</p>')</script ><title>A &amp; B</title>a < b");
        assert_eq!(
            t,
            [
                start("script", &[], false),
                Token::Text("if (a<b) x('</p>')".into()),
                Token::End {
                    name: "script".into()
                },
                start("title", &[], false),
                Token::Text("A & B".into()),
                Token::End {
                    name: "title".into()
                },
                Token::Text("a < b".into()),
            ]
        );
    }

    #[test]
    fn unknown_and_broken_references_stay_as_written() {
        assert_eq!(
            decode("AT&T &bogus; &#; &amp &#128; &#0;"),
            "AT&T &bogus; &#; & € \u{FFFD}"
        );
    }

    proptest::proptest! {
        #[test]
        fn any_string_tokenizes_without_panic(s in "(<|>|/|=|'|\"|&|#|;|!|-|[a-zA-Z0-9 ]|é|€|\\PC){0,80}") {
            let tokens = tokenize(&s);
            // Every tag has a name.
            for t in &tokens {
                if let Token::Start { name, .. } | Token::End { name } = t {
                    proptest::prop_assert!(!name.is_empty());
                }
            }
        }
    }

    #[test]
    fn unterminated_markup_never_panics() {
        for s in [
            "<",
            "<a",
            "<a href='x",
            "<!--",
            "</",
            "<script>x",
            "&#x",
            "<a =b>",
            "é<é",
        ] {
            let _ = tokenize(s);
        }
        assert_eq!(tokenize("<p"), [start("p", &[], false)]);
    }
}
