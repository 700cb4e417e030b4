//! Lower-casing without the standard library's Unicode case tables: [`lower`] and [`lower_char`].
//!
//! `str::to_lowercase` links ~11 KB of conversion tables into the browser build for every script
//! there is. News text needs Latin (with its extensions, Vietnamese included), Greek, Cyrillic and
//! Armenian, and those blocks map by a few arithmetic rules. Within them this module agrees with
//! the standard library wherever that gives a single character (a test walks every character of
//! the blocks); the one exception is `İ` (U+0130), which becomes `i` rather than `i` + a combining
//! dot. Characters outside the blocks are left as they are. The whole engine lower-cases with this,
//! so every key it compares is made the same way.

/// `.lower()` on strings: [`lower`] as a method, where `.to_lowercase()` used to be.
pub trait Lower {
    fn lower(&self) -> String;
}

impl Lower for str {
    fn lower(&self) -> String {
        lower(self)
    }
}

/// `s` in lower case (see the module documentation for which characters change).
pub fn lower(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    // News text with a few curly quotes or accents is mostly ASCII: its runs of ASCII are copied
    // whole and lower-cased at the end, and only the other characters are decoded and mapped one
    // by one. No mapped character is an ASCII capital, so the final pass changes only the runs.
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while !rest.is_empty() {
        let run = rest.bytes().position(|b| b >= 0x80).unwrap_or(rest.len());
        out.push_str(&rest[..run]);
        rest = &rest[run..];
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            out.push(lower_char(c));
        }
        rest = chars.as_str();
    }
    out.make_ascii_lowercase();
    out
}

/// The lower case of `c` (see the module documentation for which characters change).
pub fn lower_char(c: char) -> char {
    let u = c as u32;
    let even = u.is_multiple_of(2);
    let l = match u {
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE => u + 0x20,
        0x130 => 0x69,
        0x178 => 0xFF,
        0x100..=0x12F | 0x132..=0x137 | 0x14A..=0x177 if even => u + 1,
        0x139..=0x148 | 0x179..=0x17E if !even => u + 1,
        0x180..=0x24F => latin_extended_b(u),
        0x370..=0x3FF => greek(u),
        0x400..=0x40F => u + 0x50,
        0x410..=0x42F => u + 0x20,
        0x4C0 => 0x4CF,
        0x460..=0x481 | 0x48A..=0x4BF | 0x4D0..=0x52F if even => u + 1,
        0x4C1..=0x4CE if !even => u + 1,
        0x531..=0x556 => u + 0x30,
        0x1E9E => 0xDF,
        0x1E00..=0x1E95 | 0x1EA0..=0x1EFF if even => u + 1,
        0xFF21..=0xFF3A => u + 0x20,
        _ => u,
    };
    char::from_u32(l).unwrap_or(c)
}

/// Latin Extended-B: pairs at even or odd code points, and the irregular capitals of African and
/// phonetic alphabets (from the Unicode character database).
fn latin_extended_b(u: u32) -> u32 {
    const IRREGULAR: &[(u32, u32)] = &[
        (0x181, 0x253),
        (0x186, 0x254),
        (0x189, 0x256),
        (0x18A, 0x257),
        (0x18E, 0x1DD),
        (0x18F, 0x259),
        (0x190, 0x25B),
        (0x193, 0x260),
        (0x194, 0x263),
        (0x196, 0x269),
        (0x197, 0x268),
        (0x19C, 0x26F),
        (0x19D, 0x272),
        (0x19F, 0x275),
        (0x1A6, 0x280),
        (0x1A9, 0x283),
        (0x1AE, 0x288),
        (0x1B1, 0x28A),
        (0x1B2, 0x28B),
        (0x1B7, 0x292),
        (0x1C4, 0x1C6),
        (0x1C5, 0x1C6),
        (0x1C7, 0x1C9),
        (0x1C8, 0x1C9),
        (0x1CA, 0x1CC),
        (0x1CB, 0x1CC),
        (0x1F1, 0x1F3),
        (0x1F2, 0x1F3),
        (0x1F6, 0x195),
        (0x1F7, 0x1BF),
        (0x220, 0x19E),
        (0x23A, 0x2C65),
        (0x23D, 0x19A),
        (0x23E, 0x2C66),
        (0x243, 0x180),
        (0x244, 0x289),
        (0x245, 0x28C),
    ];
    if let Ok(i) = IRREGULAR.binary_search_by_key(&u, |p| p.0) {
        return IRREGULAR[i].1;
    }
    let even = u.is_multiple_of(2);
    match u {
        0x182 | 0x184 | 0x1A0 | 0x1A2 | 0x1A4 | 0x1B8 | 0x1BC => u + 1,
        0x187 | 0x18B | 0x191 | 0x198 | 0x1A7 | 0x1AC | 0x1AF | 0x1B3 | 0x1B5 => u + 1,
        0x1CD..=0x1DC if !even => u + 1,
        0x1DE..=0x1EF | 0x1F8..=0x21F | 0x222..=0x233 | 0x246..=0x24F if even => u + 1,
        0x1F4 | 0x23B | 0x241 => u + 1,
        _ => u,
    }
}

/// Greek and Coptic: the basic capitals, the accented ones, and the archaic pairs.
fn greek(u: u32) -> u32 {
    let even = u.is_multiple_of(2);
    match u {
        0x391..=0x3A1 | 0x3A3..=0x3AB => u + 0x20,
        0x386 => 0x3AC,
        0x388..=0x38A => u + 0x25,
        0x38C => 0x3CC,
        0x38E | 0x38F => u + 0x3F,
        0x370 | 0x372 | 0x376 => u + 1,
        0x37F => 0x3F3,
        0x3CF => 0x3D7,
        0x3D8..=0x3EF if even => u + 1,
        0x3F4 => 0x3B8,
        0x3F7 | 0x3FA => u + 1,
        0x3F9 => 0x3F2,
        0x3FD..=0x3FF => u - 0x82,
        _ => u,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character of the blocks this module covers lower-cases as the standard library's
    /// single-character mapping does (İ aside).
    #[test]
    fn agrees_with_the_standard_library_on_its_blocks() {
        let blocks = [0x0..=0x52F, 0x531..=0x556, 0x1E00..=0x1EFF, 0xFF21..=0xFF3A];
        let mut wrong = Vec::new();
        for u in blocks.into_iter().flatten() {
            let Some(c) = char::from_u32(u) else { continue };
            let mut std = c.to_lowercase();
            if let (Some(l), None) = (std.next(), std.next()) {
                if lower_char(c) != l {
                    wrong.push(format!("U+{u:04X} {c}: std {l}, ours {}", lower_char(c)));
                }
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
        assert_eq!(lower_char('İ'), 'i');
        // `lower` relies on this: only ASCII capitals lower-case to ASCII capitals.
        assert!(('\u{80}'..=char::MAX).all(|c| !lower_char(c).is_ascii_uppercase()));
    }

    proptest::proptest! {
        /// Copying ASCII runs whole gives what mapping every character gives.
        #[test]
        fn lower_agrees_with_mapping_each_character(
            s in "([A-Za-z .,'-]|\\PC|İ|Ｚ|ẞ|Ω|Д){0,40}"
        ) {
            let plain: String = s.chars().map(lower_char).collect();
            proptest::prop_assert_eq!(lower(&s), plain);
        }
    }

    #[test]
    fn strings() {
        assert_eq!(lower("Sergei LAVROV"), "sergei lavrov");
        assert_eq!(
            lower("ŞOIGU Сергей Лавров ΑΘΗΝΑ Nguyễn ĐẶNG"),
            "şoigu сергей лавров αθηνα nguyễn đặng"
        );
        assert_eq!(lower("東京 Tōkyō"), "東京 tōkyō");
    }
}
