//! Bytes → text: byte-order marks, UTF-16, `<meta charset>` and the windows-1252 fallback.
//!
//! Scraped pages lie about their encoding often enough that we trust bytes over declarations:
//! a BOM wins; otherwise valid UTF-8 is UTF-8 whatever the page says; otherwise, when the page
//! declares (or nothing contradicts) a Western single-byte charset, the bytes are windows-1252
//! (a superset of ISO-8859-1 and ASCII, as browsers treat it). Every repair is a diagnostic.

use crate::diagnostic::Diagnostic;

/// The C1 range of windows-1252; other bytes map to the code point of the same value.
const CP1252_80_9F: [char; 32] = [
    '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{2C6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}', '\u{8F}',
    '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{2DC}', '\u{2122}', '\u{161}', '\u{203A}', '\u{153}', '\u{9D}', '\u{17E}', '\u{178}',
];

/// Decode windows-1252 bytes (never fails: every byte is a character).
pub fn decode_cp1252(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => CP1252_80_9F[(b - 0x80) as usize],
            _ => b as char,
        })
        .collect()
}

/// The charset a page declares in its first 1024 bytes (`<meta charset=…>` or
/// `content="text/html; charset=…"`), lower-cased.
pub fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(1024)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let pos = lower.windows(7).position(|w| w == b"charset")?;
    let rest = &lower[pos + 7..];
    let rest = rest.strip_prefix(b" ").unwrap_or(rest);
    let rest = rest.strip_prefix(b"=")?;
    let name: String = rest
        .iter()
        .skip_while(|&&b| b == b'"' || b == b'\'' || b == b' ')
        .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        .map(|&b| b as char)
        .collect();
    (!name.is_empty()).then_some(name)
}

fn is_western_single_byte(charset: &str) -> bool {
    matches!(
        charset,
        "windows-1252"
            | "cp1252"
            | "iso-8859-1"
            | "iso8859-1"
            | "latin1"
            | "latin-1"
            | "l1"
            | "us-ascii"
            | "ascii"
            | "iso-8859-15"
    )
}

fn decode_utf16(bytes: &[u8], le: bool) -> String {
    let units = bytes.chunks(2).map(|c| {
        let pair = [c[0], *c.get(1).unwrap_or(&0)];
        if le {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    });
    char::decode_utf16(units)
        .map(|r| r.unwrap_or('\u{FFFD}'))
        .collect()
}

/// Decode `bytes` as text, reporting what had to be repaired. `html` enables `<meta charset>`.
pub fn decode(bytes: &[u8], html: bool, diagnostics: &mut Vec<Diagnostic>) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return match std::str::from_utf8(rest) {
            Ok(s) => s.to_string(),
            Err(_) => lossy_utf8(rest, diagnostics),
        };
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        diagnostics.push(Diagnostic::info(
            "utf16",
            "decoded as UTF-16LE (byte-order mark found)",
        ));
        return decode_utf16(rest, true);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        diagnostics.push(Diagnostic::info(
            "utf16",
            "decoded as UTF-16BE (byte-order mark found)",
        ));
        return decode_utf16(rest, false);
    }
    let declared = if html { declared_charset(bytes) } else { None };
    if let Ok(s) = std::str::from_utf8(bytes) {
        if let Some(cs) = declared.as_deref() {
            if cs != "utf-8" && cs != "utf8" && !bytes.is_ascii() {
                diagnostics.push(Diagnostic::info(
                    "charset-mismatch",
                    format!("the page declares {cs} but its bytes are valid UTF-8; read as UTF-8"),
                ));
            }
        }
        return s.to_string();
    }
    match declared.as_deref() {
        Some(cs) if is_western_single_byte(cs) => decode_cp1252(bytes),
        Some(cs) if cs != "utf-8" && cs != "utf8" => {
            diagnostics.push(Diagnostic::warning(
                "unsupported-charset",
                format!("the page declares {cs}, which is not supported; read as windows-1252"),
            ));
            decode_cp1252(bytes)
        }
        Some(_) => lossy_utf8(bytes, diagnostics),
        None => {
            // Mostly-UTF-8 with a few broken bytes stays UTF-8; otherwise it is a legacy file.
            let (valid_multibyte, invalid) = utf8_census(bytes);
            if valid_multibyte > invalid {
                lossy_utf8(bytes, diagnostics)
            } else {
                diagnostics.push(Diagnostic::warning(
                    "windows-1252",
                    "not valid UTF-8 and no charset declared: read as windows-1252",
                ));
                decode_cp1252(bytes)
            }
        }
    }
}

fn lossy_utf8(bytes: &[u8], diagnostics: &mut Vec<Diagnostic>) -> String {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let bad = text.matches('\u{FFFD}').count();
    diagnostics.push(Diagnostic::warning(
        "invalid-utf8",
        format!("{bad} invalid UTF-8 sequence(s) replaced with U+FFFD"),
    ));
    text
}

/// (valid multi-byte UTF-8 sequences, invalid sequences) in `bytes`.
fn utf8_census(mut bytes: &[u8]) -> (usize, usize) {
    let (mut good, mut bad) = (0, 0);
    loop {
        match std::str::from_utf8(bytes) {
            Ok(s) => {
                good += s.chars().filter(|c| !c.is_ascii()).count();
                return (good, bad);
            }
            Err(e) => {
                let (ok, rest) = bytes.split_at(e.valid_up_to());
                good += std::str::from_utf8(ok)
                    .map(|s| s.chars().filter(|c| !c.is_ascii()).count())
                    .unwrap_or(0);
                bad += 1;
                let skip = e.error_len().unwrap_or(rest.len()).max(1);
                bytes = &rest[skip.min(rest.len())..];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(d: &[Diagnostic]) -> Vec<&str> {
        d.iter().map(|d| d.code.as_str()).collect()
    }

    #[test]
    fn bom_and_utf16() {
        let mut d = Vec::new();
        assert_eq!(decode(b"\xEF\xBB\xBFcaf\xC3\xA9", false, &mut d), "café");
        assert_eq!(decode(b"\xFF\xFEh\0i\0", false, &mut d), "hi");
        assert_eq!(codes(&d), ["utf16"]);
    }

    #[test]
    fn legacy_bytes_fall_back_to_windows_1252_with_a_diagnostic() {
        let mut d = Vec::new();
        assert_eq!(
            decode(b"\x93Quoted\x94 caf\xE9", false, &mut d),
            "\u{201C}Quoted\u{201D} café"
        );
        assert_eq!(codes(&d), ["windows-1252"]);
    }

    #[test]
    fn declared_charset_is_read_but_valid_utf8_wins() {
        let page = b"<meta charset=\"ISO-8859-1\"><p>caf\xE9</p>";
        assert_eq!(declared_charset(page).as_deref(), Some("iso-8859-1"));
        let mut d = Vec::new();
        assert_eq!(
            decode(page, true, &mut d),
            "<meta charset=\"ISO-8859-1\"><p>café</p>"
        );
        assert!(d.is_empty());
        let utf8 = "<meta http-equiv=Content-Type content='text/html; charset=windows-1252'>é";
        assert_eq!(decode(utf8.as_bytes(), true, &mut d), utf8);
        assert_eq!(codes(&d), ["charset-mismatch"]);
    }

    #[test]
    fn mostly_utf8_stays_utf8() {
        let mut d = Vec::new();
        assert_eq!(
            decode(b"caf\xC3\xA9 na\xC3\xAFve \xFF", false, &mut d),
            "café naïve \u{FFFD}"
        );
        assert_eq!(codes(&d), ["invalid-utf8"]);
    }
}
