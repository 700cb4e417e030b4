//! The embedded gazetteer files, parsed once into hash maps, and the lookups over them. The file
//! formats are written by `xtask/src/data.rs` and documented in each file's header comment; every
//! `&'static str` handed out is a slice of the embedded text (no copies of names).

use super::fold::{
    fold_append, fold_char, fold_into, next_capital, strip_the, with_ascii_key, Folded,
};
use crate::span::Span;
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

pub(crate) const COUNTRIES_TSV: &str = include_str!("../../data/countries.tsv");
pub(crate) const PLACES_TSV: &str = include_str!("../../data/places.tsv");
pub(crate) const GIVEN_TXT: &str = include_str!("../../data/given_names.txt");
pub(crate) const SURNAMES_TXT: &str = include_str!("../../data/surnames.txt");
pub(crate) const ORG_WORDS_TXT: &str = include_str!("../../data/hand/org_words.txt");
pub(crate) const TITLES_TXT: &str = include_str!("../../data/hand/titles.txt");
pub(crate) const COMMON_WORDS_TXT: &str = include_str!("../../data/hand/common_words.txt");
pub(crate) const ORGS_TSV: &str = include_str!("../../data/hand/orgs.tsv");
pub(crate) const HAND_GIVEN_TXT: &str = include_str!("../../data/hand/given_names.txt");
pub(crate) const HAND_SURNAMES_TXT: &str = include_str!("../../data/hand/surnames.txt");
pub(crate) const HAND_PLACES_TSV: &str = include_str!("../../data/hand/places.tsv");

/// FxHash-style multiplicative hasher: the keys are short folded names, hashed once per token, so
/// SipHash's DoS resistance buys nothing here and costs speed.
#[derive(Default, Clone, Copy)]
pub(crate) struct FastHasher(u64);

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
        }
        // The tail (most keys are shorter than eight bytes) in one step rather than a step per
        // byte: two overlapping four-byte reads, or the first, middle and last byte.
        let rest = chunks.remainder();
        let n = rest.len();
        let w = if n >= 4 {
            let lo = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]);
            let hi = u32::from_le_bytes([rest[n - 4], rest[n - 3], rest[n - 2], rest[n - 1]]);
            u64::from(lo) | u64::from(hi) << 32
        } else if n > 0 {
            u64::from(rest[0]) | u64::from(rest[n / 2]) << 8 | u64::from(rest[n - 1]) << 16
        } else {
            return;
        };
        self.0 = (self.0.rotate_left(5) ^ w ^ (n as u64) << 58).wrapping_mul(K);
    }
    fn write_u8(&mut self, i: u8) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        self.0 = (self.0.rotate_left(5) ^ u64::from(i)).wrapping_mul(K);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type Map<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// A `HashMap` with [`FastHasher`], for the engine's other maps of short keys (names, ids): the
/// standard SipHash is several times slower on them, and its random seed buys nothing here (no
/// output depends on a map's order).
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// A `HashSet` with [`FastHasher`] (see [`FastMap`]).
pub(crate) type FastSet<K> = std::collections::HashSet<K, BuildHasherDefault<FastHasher>>;

/// Whether a country is a sovereign state today.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CountryStatus {
    /// A UN member or observer state, or a widely recognised de-facto state (Taiwan, Kosovo).
    Sovereign,
    /// A dependency or territory with an ISO code of its own (Puerto Rico, Greenland, Hong Kong):
    /// a place, not a country.
    Territory,
    /// A state that no longer exists (Soviet Union, Yugoslavia, East Germany); it has no flag.
    Former,
}

/// A country (or territory, or former state) with its ISO 3166-1 alpha-2 code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Country {
    /// ISO 3166-1 alpha-2 ("KP"); the historical alpha-2 for former states ("SU").
    pub code: &'static str,
    /// Short English name: "North Korea", "Russia", "United States".
    pub name: &'static str,
    /// The flag emoji (two regional indicator symbols), or "" for former states.
    pub flag: &'static str,
    pub status: CountryStatus,
}

impl Country {
    pub fn is_sovereign(&self) -> bool {
        self.status == CountryStatus::Sovereign
    }
}

/// How a surface names a country.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CountryForm {
    /// A name: "North Korea", "Democratic People's Republic of Korea", "Britain".
    Name,
    /// An upper-case abbreviation: "US", "U.S.", "DPRK", "UAE".
    Code,
    /// A demonym or its plural: "North Korean", "Russians".
    Demonym,
    /// The capital, used as a metonym for the government: "Pyongyang", "Moscow".
    Capital,
    /// A seat of power used as a metonym: "the Kremlin", "the White House", "Downing Street".
    Seat,
    /// An inverted name as in tag lists and indexes: "KOREA, NORTH", "Korea, Republic of".
    Inverted,
}

impl CountryForm {
    fn parse(s: &str) -> Option<CountryForm> {
        Some(match s {
            "name" => CountryForm::Name,
            "code" => CountryForm::Code,
            "demonym" => CountryForm::Demonym,
            "capital" => CountryForm::Capital,
            "seat" => CountryForm::Seat,
            "inverted" => CountryForm::Inverted,
            _ => return None,
        })
    }
}

/// Word classes of the lexicon: a set of bits, combined with `|`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Flags(pub u16);

impl Flags {
    pub const NONE: Flags = Flags(0);
    /// A given name: US Census lists plus our list of names common elsewhere ("Mary", "Sergei").
    pub const GIVEN_NAME: Flags = Flags(1);
    /// A surname: the commonest of the US Census list plus our list of names common elsewhere
    /// ("Smith", "Choe", "Ivanov").
    pub const SURNAME: Flags = Flags(1 << 1);
    /// A one-word place: city (≥ 100,000 inhabitants), US state, capital, region or continent
    /// ("Wonsan", "Ohio", "Crimea", "Europe").
    pub const CITY: Flags = Flags(1 << 2);
    /// A one-word country name or alias ("France", "Britain"; not codes).
    pub const COUNTRY_WORD: Flags = Flags(1 << 3);
    /// A one-word demonym or its plural ("Russian", "Russians", "Chinese").
    pub const DEMONYM: Flags = Flags(1 << 4);
    /// A word that makes a name an organisation's ("Ministry", "Agency", "Corp").
    pub const ORG_WORD: Flags = Flags(1 << 5);
    /// A one-word title or role ("President", "Gen", "spokesman").
    pub const TITLE: Flags = Flags(1 << 6);
    /// A name that is also an ordinary English word ("Mobile", "Reading", "Will", "LA").
    pub const COMMON_WORD: Flags = Flags(1 << 7);
    /// The first word of a multi-word gazetteer phrase ("North" of "North Korea").
    pub const PHRASE_START: Flags = Flags(1 << 8);

    /// Every class with a short name, for feature strings and debugging.
    pub const ALL: [(&'static str, Flags); 9] = [
        ("given", Flags::GIVEN_NAME),
        ("surname", Flags::SURNAME),
        ("city", Flags::CITY),
        ("country", Flags::COUNTRY_WORD),
        ("demonym", Flags::DEMONYM),
        ("orgword", Flags::ORG_WORD),
        ("title", Flags::TITLE),
        ("common", Flags::COMMON_WORD),
        ("phrase", Flags::PHRASE_START),
    ];

    pub const fn contains(self, other: Flags) -> bool {
        self.0 & other.0 == other.0 && other.0 != 0
    }

    pub const fn intersects(self, other: Flags) -> bool {
        self.0 & other.0 != 0
    }

    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl std::ops::BitOr for Flags {
    type Output = Flags;
    fn bitor(self, rhs: Flags) -> Flags {
        Flags(self.0 | rhs.0)
    }
}

impl std::ops::BitOrAssign for Flags {
    fn bitor_assign(&mut self, rhs: Flags) {
        self.0 |= rhs.0;
    }
}

/// What a gazetteer phrase names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PhraseKind {
    /// A country by one of its forms; `code` is its ISO alpha-2.
    Country {
        code: &'static str,
        form: CountryForm,
    },
    /// A city, state, region, continent or sea, with its country's code when it lies in one.
    Place { country: Option<&'static str> },
    /// A well-known organisation ("Korean Central News Agency", "IAEA"), with its country when it
    /// has one.
    Org { country: Option<&'static str> },
    /// A title or role ("Foreign Minister", "Secretary of State").
    Title,
}

/// One gazetteer phrase found in text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PhraseMatch {
    /// Byte range of the phrase in the text (a leading "the" is not included; a possessive "'s"
    /// is not included; a final full stop is included only for abbreviations like "U.S.").
    pub span: Span,
    pub kind: PhraseKind,
    /// The entry is also an ordinary English word ("Reading", "Nice", "General") and matched
    /// only because it is capitalised: weak evidence at a sentence start or in a headline.
    pub ambiguous: bool,
}

/// All parsed tables.
struct Tables {
    countries: Vec<Country>,
    by_code: Map<&'static str, u16>,
    /// Folded, "the"-less key → (country index, form); codes excluded.
    by_key: Map<String, (u16, CountryForm)>,
    /// Upper-case abbreviation with dots and spaces removed ("US", "DPRK") → country index.
    by_abbrev: Map<String, u16>,
    /// Folded place name → country index.
    places: Map<String, u16>,
    lexicon: Map<String, Flags>,
    phrases: Map<String, PhraseNode>,
    /// One bit per [`word_bit`] of every word of every phrase key: a word whose bit is clear is
    /// in no phrase, and the matcher leaves it out (see [`tokenize`]).
    phrase_words: Vec<u64>,
    /// The same for the first words of phrase keys: a word whose bit is clear starts no phrase.
    phrase_starts: Vec<u64>,
}

/// Whether `bit` is set in a bitset.
fn has_bit(set: &[u64], bit: usize) -> bool {
    set[bit / 64] & 1 << (bit % 64) != 0
}

/// Size of [`Tables::phrase_words`] and [`Tables::phrase_starts`] in bits (16 KB each): a few
/// thousand phrase words leave most bits clear, so few other words pass for one.
const PHRASE_WORD_BITS: usize = 1 << 17;

/// The bit of a word in [`Tables::phrase_words`], the same for a word and its lower-case form
/// (every byte gets the 0x20 bit: ASCII letters lower-case, digits keep theirs). Read in at most
/// two eight-byte steps, as `FastHasher` reads a tail: a longer word shares its bit with others
/// of the same length, start and end, which only lets a few more words through.
fn word_bit(word: &[u8]) -> usize {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    const LOWER: u64 = 0x2020_2020_2020_2020;
    let n = word.len();
    let read = |at: usize, len: usize| {
        let mut w = [0u8; 8];
        w[..len].copy_from_slice(&word[at..at + len]);
        u64::from_le_bytes(w)
    };
    let w = if n >= 8 {
        (read(0, 8) | LOWER).wrapping_mul(K) ^ read(n - 8, 8)
    } else if n >= 4 {
        read(0, 4) | read(n - 4, 4) << 32
    } else if n > 0 {
        u64::from(word[0]) | u64::from(word[n / 2]) << 8 | u64::from(word[n - 1]) << 16
    } else {
        0
    };
    let h = ((w | LOWER) ^ (n as u64) << 58).wrapping_mul(K);
    (h >> (64 - PHRASE_WORD_BITS.trailing_zeros())) as usize
}

/// How an entry must be written to match.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Case {
    Any,
    /// Capitalised: a one-word entry that is also an English word ("Reading", "General").
    Capital,
    /// Upper case: abbreviations ("US", "WHO").
    Upper,
}

#[derive(Clone, Copy, Default)]
struct PhraseNode {
    /// The entry that ends here, and how it must be written.
    entry: Option<(PhraseKind, Case)>,
    /// Whether a longer entry starts with this key.
    prefix: bool,
}

fn data_lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Calls `f` with each name of a front-coded name list (`given_names.txt`, `surnames.txt`: a line
/// that starts with a digit d continues the first d characters of the name before; written by
/// `xtask/src/data.rs`).
fn for_each_name(text: &str, mut f: impl FnMut(&str)) {
    let mut name = String::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        front_decode(&mut name, line);
        f(&name);
    }
}

/// Replaces `name` (the name before) by the front-coded `field` that follows it: a leading digit
/// d keeps d characters of it (fewer if it is shorter) and the rest of `field` is appended;
/// without a digit, `field` is the whole name.
fn front_decode(name: &mut String, field: &str) {
    let mut chars = field.chars();
    let rest = match chars.next().and_then(|c| c.to_digit(10)) {
        Some(d) => {
            let end = name
                .char_indices()
                .nth(d as usize)
                .map_or(name.len(), |(i, _)| i);
            name.truncate(end);
            chars.as_str()
        }
        None => {
            name.clear();
            field
        }
    };
    name.push_str(rest);
}

/// Calls `f(code, name, major)` for each place of `places.tsv` (rows "CODE<TAB>name...", the
/// major places, then a "~" field and the smaller ones; names front-coded within each group).
fn for_each_place(mut f: impl FnMut(&'static str, &str, bool)) {
    let mut name = String::new();
    for line in data_lines(PLACES_TSV) {
        let mut fields = line.split('\t');
        let Some(code) = fields.next() else {
            continue;
        };
        let mut major = true;
        name.clear();
        for field in fields {
            if field == "~" {
                major = false;
                name.clear();
                continue;
            }
            front_decode(&mut name, field);
            f(code, &name, major);
        }
    }
}

/// The names of a name list file as [`DATA_FILES`](super::DATA_FILES) holds it, decoded (see
/// `for_each_name`); for tools that need the names themselves, such as the benchmark's corpora.
pub fn name_list(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_name(text, |n| out.push(n.to_string()));
    out
}

/// Upper-case abbreviation key: dots and spaces removed; `None` when the surface has lower case.
fn abbrev_key(surface: &str) -> Option<String> {
    let key: String = surface
        .chars()
        .filter(|c| *c != '.' && !c.is_whitespace())
        .collect();
    let ok = !key.is_empty()
        && key.len() <= 8
        && key
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && key.chars().any(|c| c.is_ascii_uppercase());
    ok.then_some(key)
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(build)
}

fn build() -> Tables {
    let mut t = Tables {
        countries: Vec::new(),
        by_code: Map::default(),
        by_key: Map::default(),
        by_abbrev: Map::default(),
        places: Map::default(),
        lexicon: Map::default(),
        phrases: Map::default(),
        phrase_words: Vec::new(),
        phrase_starts: Vec::new(),
    };
    let mut key = String::new();

    // countries.tsv: "CODE\tcountry\tName\tstatus" rows first, then "CODE\tform\tsurface"; a
    // surface that ends in "+" stands for itself and its plural in "s" ("Russian+": "Russians").
    let plurals: Vec<String> = data_lines(COUNTRIES_TSV)
        .filter_map(|l| l.strip_suffix('+')?.rsplit('\t').next())
        .map(|s| format!("{s}s"))
        .collect();
    let mut plural = plurals.iter();
    let mut rows: Vec<(u16, CountryForm, &str)> = Vec::new();
    for line in data_lines(COUNTRIES_TSV) {
        let mut f = line.split('\t');
        let (Some(code), Some(form), Some(surface)) = (f.next(), f.next(), f.next()) else {
            continue;
        };
        if form == "country" {
            let status = match f.next() {
                Some("territory") => CountryStatus::Territory,
                Some("former") => CountryStatus::Former,
                _ => CountryStatus::Sovereign,
            };
            let idx = t.countries.len() as u16;
            t.countries.push(Country {
                code,
                name: surface,
                flag: "",
                status,
            });
            t.by_code.insert(code, idx);
        } else if let Some(one) = surface.strip_suffix('+') {
            let many = plural.next();
            if let (Some(form), Some(&idx)) = (CountryForm::parse(form), t.by_code.get(code)) {
                rows.push((idx, form, one));
                rows.extend(many.map(|m| (idx, form, m.as_str())));
            }
        } else if let (Some(form), Some(&idx)) = (CountryForm::parse(form), t.by_code.get(code)) {
            rows.push((idx, form, surface));
        }
    }
    add_flags(&mut t.countries);
    for &(idx, form, surface) in &rows {
        if form == CountryForm::Code {
            if let Some(k) = abbrev_key(surface) {
                t.by_abbrev.entry(k).or_insert(idx);
            }
            continue;
        }
        fold_into(surface, &mut key);
        let k = strip_the(&key).to_string();
        // The generator already resolved clashes; first row wins should one slip through.
        t.by_key.entry(k).or_insert((idx, form));
    }
    // Every country's display name is a name form too (it may differ from the source names).
    for (i, c) in t.countries.iter().enumerate() {
        fold_into(c.name, &mut key);
        let k = strip_the(&key).to_string();
        t.by_key.entry(k).or_insert((i as u16, CountryForm::Name));
    }

    // Hand places first (they win): "surface\tCODE" or "surface\t-".
    let mut regions: Vec<&'static str> = Vec::new();
    for line in data_lines(HAND_PLACES_TSV) {
        let mut f = line.split('\t');
        let (Some(surface), Some(code)) = (f.next(), f.next()) else {
            continue;
        };
        match t.by_code.get(code) {
            Some(&idx) => {
                fold_into(surface, &mut key);
                t.places.entry(strip_the(&key).to_string()).or_insert(idx);
            }
            None => regions.push(surface),
        }
    }
    // places.tsv: "CODE\tName\tName..." one line per country, largest first.
    for_each_place(|code, name, _| {
        let Some(&idx) = t.by_code.get(code) else {
            return;
        };
        fold_into(name, &mut key);
        if !key.is_empty() {
            t.places.entry(key.clone()).or_insert(idx);
        }
    });
    for &(idx, form, surface) in &rows {
        if form == CountryForm::Capital {
            fold_into(surface, &mut key);
            t.places.entry(key.clone()).or_insert(idx);
        }
    }

    build_lexicon(&mut t, &rows, &regions, &mut key);
    build_phrases(&mut t, &rows, &mut key);
    t
}

/// Gives every country but the former ones its flag: the two letters of its code as regional
/// indicator symbols ("KP" → 🇰🇵). The file does not store them; they are written once into one
/// string that, like the tables built once behind `OnceLock`, lives as long as the program.
fn add_flags(countries: &mut [Country]) {
    let mut all = String::new();
    let mut ends = Vec::with_capacity(countries.len());
    for c in countries.iter() {
        let start = all.len();
        if c.status != CountryStatus::Former {
            all.extend(c.code.chars().filter_map(|l| {
                char::from_u32(0x1F1E6 + u32::from(l).wrapping_sub(u32::from('A')))
            }));
        }
        ends.push((start, all.len()));
    }
    let all: &'static str = Box::leak(all.into_boxed_str());
    for (c, (start, end)) in countries.iter_mut().zip(ends) {
        c.flag = all.get(start..end).unwrap_or("");
    }
}

fn add_word(lex: &mut Map<String, Flags>, key: &str, flags: Flags) {
    if key.is_empty() || key.contains(' ') {
        return;
    }
    *lex.entry(key.to_string()).or_default() |= flags;
}

fn build_lexicon(
    t: &mut Tables,
    rows: &[(u16, CountryForm, &str)],
    regions: &[&'static str],
    key: &mut String,
) {
    let mut lex: Map<String, Flags> = Map::default();
    // The two generated name lists are front-coded; the hand lists are plain and may hold
    // anything (a line starting with a digit is read as it is).
    for (text, flags) in [
        (GIVEN_TXT, Flags::GIVEN_NAME),
        (SURNAMES_TXT, Flags::SURNAME),
    ] {
        for_each_name(text, |name| {
            fold_into(name, key);
            add_word(&mut lex, key, flags);
        });
    }
    for (text, flags) in [
        (HAND_GIVEN_TXT, Flags::GIVEN_NAME),
        (HAND_SURNAMES_TXT, Flags::SURNAME),
        (ORG_WORDS_TXT, Flags::ORG_WORD),
        (TITLES_TXT, Flags::TITLE),
        (COMMON_WORDS_TXT, Flags::COMMON_WORD),
    ] {
        for line in data_lines(text) {
            fold_into(line.trim(), key);
            add_word(&mut lex, key, flags);
        }
    }
    for k in t.places.keys() {
        add_word(&mut lex, k, Flags::CITY);
    }
    for r in regions {
        fold_into(r, key);
        add_word(&mut lex, strip_the(key), Flags::CITY);
    }
    for &(_, form, surface) in rows {
        let flags = match form {
            CountryForm::Name => Flags::COUNTRY_WORD,
            CountryForm::Demonym => Flags::DEMONYM,
            _ => continue,
        };
        fold_into(surface, key);
        add_word(&mut lex, strip_the(key), flags);
    }
    for c in &t.countries {
        fold_into(c.name, key);
        add_word(&mut lex, strip_the(key), Flags::COUNTRY_WORD);
    }
    t.lexicon = lex;
}

fn lexicon_of(lex: &Map<String, Flags>, key: &str) -> Flags {
    lex.get(key).copied().unwrap_or_default()
}

fn build_phrases(t: &mut Tables, rows: &[(u16, CountryForm, &str)], key: &mut String) {
    let mut phrases: Map<String, PhraseNode> = Map::default();
    // Earlier insertions win on equal keys: countries, then organisations, titles, places.
    let lexicon = &t.lexicon;
    let mut add = |surface: &str, kind: PhraseKind, key: &mut String| {
        let upper = abbrev_key(surface).is_some();
        fold_into(surface, key);
        let k = strip_the(key);
        if k.is_empty() {
            return;
        }
        let case = if upper {
            Case::Upper
        } else if !k.contains(' ') && lexicon_of(lexicon, k).contains(Flags::COMMON_WORD) {
            Case::Capital
        } else {
            Case::Any
        };
        let node = phrases.entry(k.to_string()).or_default();
        if node.entry.is_none() {
            node.entry = Some((kind, case));
        }
        let mut end = 0;
        while let Some(sp) = k[end..].find(' ') {
            end += sp;
            phrases.entry(k[..end].to_string()).or_default().prefix = true;
            end += 1;
        }
    };
    for &(idx, form, surface) in rows {
        let code = t.countries[idx as usize].code;
        add(surface, PhraseKind::Country { code, form }, key);
    }
    for c in &t.countries {
        let kind = PhraseKind::Country {
            code: c.code,
            form: CountryForm::Name,
        };
        add(c.name, kind, key);
    }
    for line in data_lines(ORGS_TSV) {
        let mut f = line.split('\t');
        let (Some(surface), Some(code)) = (f.next(), f.next()) else {
            continue;
        };
        let country = t.by_code.get(code).map(|&i| t.countries[i as usize].code);
        add(surface, PhraseKind::Org { country }, key);
    }
    for line in data_lines(TITLES_TXT) {
        add(line.trim(), PhraseKind::Title, key);
    }
    for line in data_lines(HAND_PLACES_TSV) {
        let mut f = line.split('\t');
        let (Some(surface), Some(code)) = (f.next(), f.next()) else {
            continue;
        };
        let country = t.by_code.get(code).map(|&i| t.countries[i as usize].code);
        add(surface, PhraseKind::Place { country }, key);
    }
    for_each_place(|code, name, major| {
        let Some(&idx) = t.by_code.get(code) else {
            return;
        };
        let country = Some(t.countries[idx as usize].code);
        // A smaller one-word place that is also a person's name ("Kennedy", "Irving") is no
        // phrase: the lexicon still flags it CITY, so the recogniser can weigh it in
        // context. (English words like "Reading" match only capitalised, as ambiguous.)
        fold_into(name, key);
        if !key.contains(' ') && !major {
            let flags = lexicon_of(&t.lexicon, key);
            let person = Flags(Flags::GIVEN_NAME.0 | Flags::SURNAME.0);
            if flags.intersects(person) {
                return;
            }
        }
        add(name, PhraseKind::Place { country }, key);
    });
    for (k, node) in &phrases {
        if node.prefix {
            if let Some(first) = k.split(' ').next() {
                if let Some(f) = t.lexicon.get_mut(first) {
                    *f |= Flags::PHRASE_START;
                }
            }
        }
    }
    // First words of phrases not in the lexicon yet.
    let starts: Vec<String> = phrases
        .iter()
        .filter(|(_, n)| n.prefix)
        .filter_map(|(k, _)| k.split(' ').next().map(str::to_string))
        .collect();
    for s in starts {
        *t.lexicon.entry(s).or_default() |= Flags::PHRASE_START;
    }
    let mut words = vec![0u64; PHRASE_WORD_BITS / 64];
    let mut firsts = vec![0u64; PHRASE_WORD_BITS / 64];
    // The words of the entries (a prefix's words are its entry's).
    for (k, _) in phrases.iter().filter(|(_, n)| n.entry.is_some()) {
        for (n, w) in k.as_bytes().split(|&b| b == b' ').enumerate() {
            let bit = word_bit(w);
            words[bit / 64] |= 1 << (bit % 64);
            if n == 0 {
                firsts[bit / 64] |= 1 << (bit % 64);
            }
        }
    }
    t.phrase_words = words;
    t.phrase_starts = firsts;
    t.phrases = phrases;
}

thread_local! {
    /// Scratch buffer for folding a lookup key without allocating per call.
    static KEY: RefCell<String> = const { RefCell::new(String::new()) };
}

fn with_key<R>(surface: &str, f: impl Fn(&str) -> R) -> R {
    if let Some(r) = with_ascii_key(surface, &f) {
        return r;
    }
    KEY.with(|cell| match cell.try_borrow_mut() {
        Ok(mut buf) => {
            fold_into(surface, &mut buf);
            f(&buf)
        }
        // Re-entrant use (a lookup inside a lookup's closure): fall back to a fresh buffer.
        Err(_) => f(&super::fold::fold(surface)),
    })
}

/// The country a surface names, and how it names it. `None` for anything else (including
/// territories' capitals and names that are ambiguous between countries, like "Congo" or
/// "Korean").
pub fn find_country(surface: &str) -> Option<(&'static Country, CountryForm)> {
    let t = tables();
    let trimmed = surface.trim();
    // Abbreviations are short and start with a capital: skip the check for everything else.
    if trimmed.len() <= 12
        && trimmed
            .as_bytes()
            .first()
            .is_some_and(u8::is_ascii_uppercase)
    {
        let plain = !trimmed.bytes().any(|b| b == b'.' || b == b' ');
        let found = if plain {
            let upper = trimmed
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
            upper.then(|| t.by_abbrev.get(trimmed)).flatten()
        } else {
            abbrev_key(trimmed).and_then(|k| t.by_abbrev.get(&k))
        };
        if let Some(&idx) = found {
            return Some((&t.countries[idx as usize], CountryForm::Code));
        }
    }
    with_key(trimmed, |key| {
        t.by_key
            .get(strip_the(key))
            .map(|&(idx, form)| (&t.countries[idx as usize], form))
    })
}

/// The country with this ISO 3166-1 alpha-2 code (upper or lower case).
pub fn country_by_code(code: &str) -> Option<&'static Country> {
    let t = tables();
    let upper = code.trim().to_ascii_uppercase();
    t.by_code
        .get(upper.as_str())
        .map(|&i| &t.countries[i as usize])
}

/// Every country, territory and former state, in code order.
pub fn countries() -> impl Iterator<Item = &'static Country> {
    tables().countries.iter()
}

/// The ISO code of the country a city, US state or capital lies in ("Wonsan" → "KP"). Where a
/// name is shared, the most populous place wins ("Birmingham" → "GB").
pub fn place_country(name: &str) -> Option<&'static str> {
    let t = tables();
    with_key(name.trim(), |key| {
        t.places
            .get(strip_the(key))
            .map(|&i| t.countries[i as usize].code)
    })
}

/// The word classes of one token (folded: "RUSSIANS", "Russians" and "russians" alike). A
/// hyphenated token that is not an entry itself takes the name and country classes of its first
/// part ("Jong-un" and "Son-hui" are given names, "Russian-Korean" is a demonym).
pub fn lexicon(word: &str) -> Flags {
    const FIRST_PART: Flags =
        Flags(Flags::GIVEN_NAME.0 | Flags::SURNAME.0 | Flags::DEMONYM.0 | Flags::COUNTRY_WORD.0);
    let t = tables();
    with_key(word, |key| match t.lexicon.get(key) {
        Some(&f) => f,
        None if word.contains('-') => key
            .split(' ')
            .next()
            .and_then(|first| t.lexicon.get(first))
            .map_or(Flags::NONE, |&f| Flags(f.0 & FIRST_PART.0)),
        None => Flags::NONE,
    })
}

/// What a whole surface names as a gazetteer phrase ("Korean Central News Agency", "the
/// Kremlin", "IAEA", "Foreign Minister", "Kuala Lumpur"), with the same folding, "the"-stripping
/// and upper-case rule for abbreviations as [`phrase_matches`]; `None` when the surface is not
/// exactly one entry.
pub fn lookup_phrase(surface: &str) -> Option<PhraseKind> {
    let t = tables();
    let trimmed = surface.trim();
    let upper = !trimmed.chars().any(char::is_lowercase);
    let capital = strip_the_surface(trimmed)
        .chars()
        .next()
        .is_some_and(char::is_uppercase);
    with_key(trimmed, |key| {
        let node = t.phrases.get(strip_the(key))?;
        let (kind, case) = node.entry?;
        let ok = match case {
            Case::Any => true,
            Case::Capital => capital,
            Case::Upper => upper,
        };
        ok.then_some(kind)
    })
}

/// The surface without a leading "the " / "The ".
fn strip_the_surface(s: &str) -> &str {
    s.strip_prefix("the ")
        .or_else(|| s.strip_prefix("The "))
        .or_else(|| s.strip_prefix("THE "))
        .unwrap_or(s)
}

/// One word of running text as the phrase matcher sees it.
struct Tok {
    start: usize,
    end: usize,
    /// Range of the folded key in the shared key buffer.
    key: (usize, usize),
    /// Byte end without a possessive "'s", when the word has one.
    bare: Option<usize>,
    /// A full stop ended the word (not an abbreviation's dot): no phrase runs across it.
    stop: bool,
    /// Text between this word and the next allows a phrase to continue.
    joins_next: bool,
    /// The next word of the text (even one left out) is capitalised and joins this one.
    capital_next: bool,
    /// Whether the word has no lower-case letters.
    upper: bool,
    /// Whether the word starts with an upper-case letter.
    capital: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum CharClass {
    /// A letter or digit: starts or continues a word.
    Word,
    /// A dot or apostrophe: continues a word ("U.S.", "People's") but does not start one.
    Inner,
    Separator,
}

/// The class of the character at byte `i` (a char boundary) and its length; ASCII without
/// decoding.
fn char_class(text: &str, i: usize) -> (CharClass, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        let class = if b.is_ascii_alphanumeric() {
            CharClass::Word
        } else if matches!(b, b'.' | b'\'' | b'`') {
            CharClass::Inner
        } else {
            CharClass::Separator
        };
        return (class, 1);
    }
    match text[i..].chars().next() {
        Some(c) => {
            let class = match fold_char(c) {
                Folded::Ascii(_) | Folded::Keep(_) => CharClass::Word,
                Folded::Drop => CharClass::Inner,
                Folded::Space => CharClass::Separator,
            };
            (class, c.len_utf8())
        }
        None => (CharClass::Separator, 1),
    }
}

/// [`ASCII_WORD`] bits of a lower-case and an upper-case ASCII letter (digits have a third).
const LOWER: u8 = 1;
const UPPER: u8 = 2;

/// Per byte: 0 unless it is an ASCII letter or digit, else its kind ([`LOWER`], [`UPPER`], 4
/// for digits). The tokenizer reads every byte of the text through it.
static ASCII_WORD: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_lowercase() {
            LOWER
        } else if c.is_ascii_uppercase() {
            UPPER
        } else if c.is_ascii_digit() {
            4
        } else {
            0
        };
        b += 1;
    }
    t
};

/// The words of `text` into `toks`, their keys into `keys` (both cleared first). A plain word in
/// no phrase (by `phrase_words`), or one that starts no phrase (by `phrase_starts`) right after a
/// word left out, is left out: no match could start at it or run across it, and the words
/// either side of it do not join (the gap between them holds its letters), so the matches are
/// the same. (An inverted country form looks at the word after it: a capitalised word left out
/// still sets `capital_next` of the word before.)
fn tokenize(text: &str, keys: &mut String, toks: &mut Vec<Tok>, t: &Tables) {
    keys.clear();
    toks.clear();
    // News text averages about six bytes a word (and a space): reserve once instead of growing.
    toks.reserve(text.len() / 4 + 1);
    // Keys are at most the words' bytes plus a space each (but for rare folds such as "ß" → "ss").
    keys.reserve(text.len() + 1);
    let bytes = text.as_bytes();
    let mut i = 0;
    // Whether the word before was kept (it may have been a phrase's start).
    let mut kept = false;
    while let Some(&b) = bytes.get(i) {
        // ASCII other than letters and digits separates words or continues one, and never
        // starts one: skipped by one table read.
        if b < 0x80 && ASCII_WORD[b as usize] == 0 {
            i += 1;
            continue;
        }
        if b >= 0x80 {
            let (class, len) = char_class(text, i);
            if class != CharClass::Word {
                i += len;
                continue;
            }
        }
        let start = i;
        // Most words are plain ASCII letters and digits ending at ASCII space or punctuation
        // other than a dot or apostrophe: nothing to trim, and the key is the word lower-cased.
        let mut end = i;
        let mut seen = 0u8;
        while let Some(&b) = bytes.get(end) {
            let class = ASCII_WORD[b as usize];
            if class == 0 {
                break;
            }
            seen |= class;
            end += 1;
        }
        let (lower, upper) = (seen & LOWER != 0, seen & UPPER != 0);
        let plain = bytes
            .get(end)
            .is_none_or(|&b| b < 0x80 && !matches!(b, b'.' | b'\'' | b'`'));
        if end > start && plain {
            let word = &bytes[start..end];
            let capital = word[0].is_ascii_uppercase();
            let bit = word_bit(word);
            if !has_bit(&t.phrase_words, bit) || !kept && !has_bit(&t.phrase_starts, bit) {
                // (After a word left out, the last kept word is not the one before: no join.)
                if capital && kept {
                    if let Some(prev) = toks.last_mut() {
                        prev.capital_next |= joins(text, prev, start);
                    }
                }
                kept = false;
                i = end;
                continue;
            }
            kept = true;
            let k0 = keys.len();
            keys.push_str(&text[start..end]);
            if upper {
                keys[k0..].make_ascii_lowercase();
            }
            let k1 = keys.len();
            keys.push(' ');
            toks.push(Tok {
                start,
                end,
                key: (k0, k1),
                bare: None,
                stop: false,
                joins_next: false,
                capital_next: false,
                upper: !lower,
                capital,
            });
            i = end;
            continue;
        }
        // Any other word: letters/digits with inner dots and apostrophes. Always kept.
        kept = true;
        let mut end = i;
        while end < bytes.len() {
            let (class, len) = char_class(text, end);
            if class == CharClass::Separator {
                break;
            }
            end += len;
        }
        i = end;
        let word = &text[start..end];
        // Trailing dots and quotes are not part of the word, except an abbreviation's final dot.
        let mut w = word.trim_end_matches(['\'', '\u{2019}', '\u{2018}', '`']);
        let mut stop = false;
        if let Some(body) = w.strip_suffix('.') {
            let body = body.trim_end_matches('.');
            let letters = body.chars().filter(|c| c.is_alphabetic()).count();
            // "U.S." and "Gen." keep their dot; "US." and "Korea." end a sentence.
            let all_upper = !body.chars().any(char::is_lowercase);
            let abbreviation = body.contains('.')
                || (letters <= 3
                    && !all_upper
                    && body.chars().next().is_some_and(char::is_uppercase));
            if !abbreviation {
                w = body;
                stop = true;
            }
        }
        if w.is_empty() {
            continue;
        }
        let wend = start + w.len();
        let k0 = keys.len();
        fold_append(w, keys);
        let k1 = keys.len();
        // Each key is followed by a space, so a run of words is one slice of `keys`, written
        // as the phrase table's keys are ("korea north").
        keys.push(' ');
        let bare = ["'s", "\u{2019}s"].iter().find_map(|p| {
            let b = w.strip_suffix(p)?;
            (!b.is_empty()).then(|| start + b.len())
        });
        let (upper, capital) = if w.is_ascii() {
            let b = w.as_bytes();
            (
                !b.iter().any(u8::is_ascii_lowercase),
                b[0].is_ascii_uppercase(),
            )
        } else {
            (
                !w.chars().any(char::is_lowercase),
                w.chars().next().is_some_and(char::is_uppercase),
            )
        };
        toks.push(Tok {
            start,
            end: wend,
            key: (k0, k1),
            bare,
            stop,
            joins_next: false,
            capital_next: false,
            upper,
            capital,
        });
    }
    for i in 1..toks.len() {
        let j = joins(text, &toks[i - 1], toks[i].start);
        toks[i - 1].joins_next = j;
        toks[i - 1].capital_next |= j && toks[i].capital;
    }
}

/// Whether a word starting at byte `start` joins `prev`, the word before it.
fn joins(text: &str, prev: &Tok, start: usize) -> bool {
    let end = prev.end;
    // Most words are parted by one space, seen in one byte; other gaps are read as text.
    !prev.stop
        && prev.bare.is_none()
        && (start == end + 1 && text.as_bytes().get(end) == Some(&b' ')
            || text.get(end..start).is_some_and(gap_joins))
}

/// Whether the text between two words lets a phrase run on: at most three characters of space,
/// hyphen, comma, ampersand or dot, with at most one line break.
fn gap_joins(gap: &str) -> bool {
    let joiner = |c: char| matches!(c, ' ' | '\t' | '\n' | '-' | ',' | '&' | '\u{a0}' | '.');
    // Three characters are at most twelve bytes; a longer gap (one that holds a word the
    // tokenizer left out) is not read.
    if gap.len() > 12 {
        return false;
    }
    if gap.is_ascii() {
        // Bytes are characters here.
        return gap.len() <= 3
            && gap.bytes().filter(|&b| b == b'\n').count() <= 1
            && gap.bytes().all(|b| joiner(char::from(b)));
    }
    gap.chars().count() <= 3
        && gap.chars().filter(|&c| c == '\n').count() <= 1
        && gap.chars().all(joiner)
}

/// Gazetteer phrases in running text, leftmost-longest, not overlapping: countries by every form,
/// places, well-known organisations and titles. Matching is folded; abbreviations ("US", "UN")
/// match only in upper case; an inverted country form ("KOREA, NORTH") does not match when a
/// capitalised word follows it directly ("Korea, North Korea"). Capitalisation of other names is
/// left to the caller.
pub fn phrase_matches(text: &str) -> Vec<PhraseMatch> {
    matches_in(text, false)
}

/// The [`phrase_matches`] that start with a capital letter ("France", not "france"): exactly
/// those, found with less work. A match that starts in lower case can still hide a capitalised
/// one (leftmost-longest), so the scan stays the same up to the last capitalised word of each
/// run of joined words; only starts after it are skipped, as no match from them reaches a
/// capital (a phrase never runs across words that do not join).
pub fn capitalised_phrase_matches(text: &str) -> Vec<PhraseMatch> {
    let mut found = Vec::new();
    capitalised_phrase_matches_into(text, &mut found);
    found
}

/// [`capitalised_phrase_matches`] into `found` (cleared first), so that one list serves every
/// sentence of a document.
pub(crate) fn capitalised_phrase_matches_into(text: &str, found: &mut Vec<PhraseMatch>) {
    found.clear();
    let t = tables();
    let bytes = text.as_bytes();
    // The stretches of text that can hold a capitalised match, in order, not overlapping: each
    // around a word that may start one, from where the matcher may start reading to where it
    // may stop. Those words are few, and the rest of the sentence is not tokenised. A stretch
    // is matched once the next one is known not to overlap it; `done` is the span of those
    // matched, which a stretch reaching back into it (rarely) takes in, matching them again.
    let mut open: Option<(usize, usize)> = None;
    let mut done: Option<(usize, usize)> = None;
    let mut p = 0;
    while let Some(at) = next_capitalised_start(text, p, t) {
        let (mut from, mut to) = (scan_from(bytes, at, t), scan_to(bytes, at, t));
        if let Some((a, b)) = open {
            if from >= b {
                matches_into(&text[a..b], true, a, found);
                done = Some((done.map_or(a, |d| d.0), b));
            } else {
                from = from.min(a);
                to = to.max(b);
            }
        }
        if let Some((a, b)) = done {
            if from < b {
                found.clear();
                from = from.min(a);
                done = None;
            }
        }
        open = Some((from, to));
        p = to;
    }
    if let Some((a, b)) = open {
        matches_into(&text[a..b], true, a, found);
    }
}

/// Where the matcher may stop reading `text` after the word at byte `at` that may start a
/// capitalised phrase: a match from there runs on only over joined words, so it ends before a
/// separator that ends every phrase, or a plain word in no phrase (which [`tokenize`] leaves
/// out; it is still read, as it tells an inverted form whether a capitalised word follows). A
/// word this does not read as the matcher would, or more than eight, and it reads to the end.
fn scan_to(bytes: &[u8], at: usize, t: &Tables) -> usize {
    let len = bytes.len();
    let mut pos = at;
    for n in 0..8 {
        let mut e = pos;
        while bytes.get(e).is_some_and(u8::is_ascii_alphanumeric) {
            e += 1;
        }
        if e == pos || matches!(bytes.get(e), Some(b'.' | b'\'' | b'`' | 0x80..)) {
            return len;
        }
        if n > 0 && !has_bit(&t.phrase_words, word_bit(&bytes[pos..e])) {
            return e;
        }
        let mut g = e;
        loop {
            match bytes.get(g) {
                Some(b' ' | b'\t' | b'\n' | b'-' | b',' | b'&') => g += 1,
                Some(b) if b.is_ascii_alphanumeric() => break,
                None | Some(b'.' | b'\'' | b'`' | 0x80..) => return len,
                Some(_) => return g,
            }
        }
        pos = g;
    }
    len
}

/// Where the matcher may start reading `text` when the first word that can start a capitalised
/// phrase is at byte `at` (see [`next_capitalised_start`]): before it, no capitalised match
/// starts, and a match in lower case matters only if it runs on into that word, hiding it. None
/// can when a separator that ends every phrase ("(", ":", a quotation mark) lies between, or a
/// plain word in no phrase (which [`tokenize`] leaves out, parting its neighbours): the
/// matcher then starts after it as it would stand there in the whole text. Else from the start.
fn scan_from(bytes: &[u8], at: usize, t: &Tables) -> usize {
    // Bytes a word can hold besides letters and digits: a word next to one is not read here.
    let inner = |b: u8| b >= 0x80 || matches!(b, b'.' | b'\'' | b'`');
    if at == 0 || inner(bytes[at - 1]) {
        return 0;
    }
    let mut start = at;
    // A few words back at most: further back, reading from the start costs little more.
    for _ in 0..8 {
        let mut g = start;
        while g > 0 && !bytes[g - 1].is_ascii_alphanumeric() {
            match bytes[g - 1] {
                // Non-ASCII text may hold a word.
                0x80.. => return 0,
                // A gap that lets a phrase run on (see `gap_joins`), or dots and apostrophes.
                b' ' | b'\t' | b'\n' | b'-' | b',' | b'&' | b'.' | b'\'' | b'`' => g -= 1,
                _ => return start,
            }
        }
        if g == 0 {
            return start;
        }
        // The word before, when it is plain (ASCII letters and digits between separators).
        let mut r = g - 1;
        while r > 0 && bytes[r - 1].is_ascii_alphanumeric() {
            r -= 1;
        }
        if inner(bytes[g]) || r > 0 && inner(bytes[r - 1]) {
            return 0;
        }
        if !has_bit(&t.phrase_words, word_bit(&bytes[r..g])) {
            return start;
        }
        start = r;
    }
    0
}

/// The first word of `text` from byte `from` on that may start a capitalised phrase match, or
/// `None` when every word the matcher would read as capitalised is certainly no phrase's first word (nor, with a
/// possessive "'s", a phrase of its own), so that [`capitalised_phrase_matches`] finds nothing.
/// Most news sentences name nothing the gazetteer knows: they are passed over after an
/// eight-bytes-at-a-time search for capitals, without tokenising them. A word this does not read
/// as [`tokenize`] would (non-ASCII letters, inner dots and apostrophes) may start one.
fn next_capitalised_start(text: &str, from: usize, t: &Tables) -> Option<usize> {
    let bytes = text.as_bytes();
    // Whether a word of ASCII letters and digits ending before byte `q` ends there, as the
    // tokenizer reads it (the next character is a separator, not a letter, dot or apostrophe).
    let ends = |q: usize| match bytes.get(q) {
        None => true,
        Some(&b) if b < 0x80 => !b.is_ascii_alphanumeric() && !matches!(b, b'.' | b'\'' | b'`'),
        Some(_) => text[q..]
            .chars()
            .next()
            .is_some_and(|c| fold_char(c) == Folded::Space),
    };
    // Whether a word whose key is `run` lower-cased, with `s` appended when `s`, starts a phrase.
    let starts = |run: &[u8], s: bool| {
        // The bit is the same for a word and its lower-case form: most words stop here.
        if !s && !has_bit(&t.phrase_starts, word_bit(run)) {
            return false;
        }
        let mut key = [0u8; 32];
        let n = run.len() + usize::from(s);
        if n > key.len() {
            return true;
        }
        key[..run.len()].copy_from_slice(run);
        key[..run.len()].make_ascii_lowercase();
        if s {
            key[run.len()] = b's';
        }
        has_bit(&t.phrase_starts, word_bit(&key[..n]))
            && std::str::from_utf8(&key[..n]).map_or(true, |k| t.phrases.contains_key(k))
    };
    let mut p = from;
    while let Some(at) = next_capital(bytes, p) {
        if bytes[at] >= 0x80 {
            // A word may start with a capital that is not ASCII.
            let Some(c) = text[at..].chars().next() else {
                return Some(0);
            };
            if c.is_uppercase() {
                return Some(at);
            }
            p = at + c.len_utf8();
            continue;
        }
        let mut end = at + 1;
        while bytes.get(end).is_some_and(u8::is_ascii_alphanumeric) {
            end += 1;
        }
        p = end;
        // A capital after a letter or digit is inside a word, not at its start.
        if at > 0 && bytes[at - 1].is_ascii_alphanumeric() {
            continue;
        }
        let run = &bytes[at..end];
        let quote = match bytes.get(end) {
            Some(b'\'' | b'`') => 1,
            Some(_) if text[end..].starts_with(['\u{2019}', '\u{2018}']) => 3,
            _ => 0,
        };
        let possessive = quote > 0
            && bytes[end] != b'`'
            && !text[end..].starts_with('\u{2018}')
            && bytes.get(end + quote) == Some(&b's')
            && ends(end + quote + 1);
        let found = if ends(end) || bytes[end] == b'.' && ends(end + 1) {
            // A plain word, or one ending a sentence or an abbreviation ("Korea.", "Gen."):
            // its key is its letters.
            starts(run, false)
        } else if possessive {
            // "Russia's" is read as "russias", and "russia" without the "'s".
            starts(run, true) || starts(run, false)
        } else if quote > 0 && ends(end + quote) {
            // A closing quote is trimmed off.
            starts(run, false)
        } else {
            // Read as the matcher reads it.
            return Some(at);
        };
        if found {
            return Some(at);
        }
    }
    None
}

/// The buffers of [`matches_in`], kept per thread: it runs once per sentence and once per run of
/// capitalised words, and for a short run allocating them cost more than the scan.
#[derive(Default)]
struct Scratch {
    toks: Vec<Tok>,
    keys: String,
    capital_ahead: Vec<bool>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

fn matches_in(text: &str, capitalised: bool) -> Vec<PhraseMatch> {
    let mut out = Vec::new();
    matches_into(text, capitalised, 0, &mut out);
    out
}

/// The matches of [`matches_in`], appended to `out` with their spans moved by `offset` (where
/// `text` starts in the caller's text).
fn matches_into(text: &str, capitalised: bool, offset: usize, out: &mut Vec<PhraseMatch>) {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => {
            matches_with(text, capitalised, &mut scratch, offset, out);
            // Buffers sized for one huge sentence (pasted text without full stops runs to
            // megabytes) are not kept for the life of the thread (the browser's worker).
            if scratch.keys.capacity() > SCRATCH_KEEP {
                *scratch = Scratch::default();
            }
        }
        Err(_) => matches_with(text, capitalised, &mut Scratch::default(), offset, out),
    })
}

/// Key bytes above which [`Scratch`] is dropped after use rather than kept: news sentences are a
/// few hundred bytes.
const SCRATCH_KEEP: usize = 1 << 16;

fn matches_with(
    text: &str,
    capitalised: bool,
    scratch: &mut Scratch,
    offset: usize,
    out: &mut Vec<PhraseMatch>,
) {
    let t = tables();
    let Scratch {
        toks,
        keys,
        capital_ahead,
    } = scratch;
    tokenize(text, keys, toks, t);
    let (toks, keys) = (&*toks, &*keys);
    // With `capitalised`: whether a capitalised word follows at or after each word within its
    // run of joined words (computed right to left).
    capital_ahead.clear();
    if capitalised {
        capital_ahead.resize(toks.len(), false);
        let mut ahead = false;
        for (k, tok) in toks.iter().enumerate().rev() {
            if !tok.joins_next {
                ahead = false;
            }
            ahead |= tok.capital;
            capital_ahead[k] = ahead;
        }
    }
    let mut i = 0;
    while i < toks.len() {
        if capitalised && !capital_ahead[i] {
            i += 1;
            continue;
        }
        // (last token, end byte, kind, matched only through its capital)
        let mut best: Option<(usize, usize, PhraseKind, bool)> = None;
        let case_ok = |case: Case, all_upper: bool| match case {
            Case::Any => true,
            Case::Capital => toks[i].capital,
            Case::Upper => all_upper,
        };
        let mut all_upper = true;
        let mut j = i;
        loop {
            let tok = &toks[j];
            // Words i..=j, joined by single spaces.
            let cand = &keys[toks[i].key.0..tok.key.1];
            all_upper &= tok.upper;
            let node = t.phrases.get(cand).copied();
            if let Some(PhraseNode {
                entry: Some((kind, case)),
                ..
            }) = node
            {
                if case_ok(case, all_upper) && accept_inverted(kind, toks, j) {
                    best = Some((j, tok.end, kind, case == Case::Capital));
                }
            }
            if let Some(bend) = tok.bare {
                // The possessive's "s" is the key's last byte (the apostrophe folds away).
                let bare = &cand[..cand.len() - 1];
                if let Some(PhraseNode {
                    entry: Some((kind, case)),
                    ..
                }) = t.phrases.get(bare).copied()
                {
                    if case_ok(case, all_upper) {
                        best = Some((j, bend, kind, case == Case::Capital));
                    }
                }
            }
            let more = node.is_some_and(|n| n.prefix) && tok.joins_next && j + 1 < toks.len();
            if !more {
                break;
            }
            j += 1;
        }
        match best {
            Some((last, end, kind, ambiguous)) => {
                if !capitalised || toks[i].capital {
                    out.push(PhraseMatch {
                        span: Span::new(toks[i].start + offset, end + offset),
                        kind,
                        ambiguous,
                    });
                }
                i = last + 1;
            }
            None => i += 1,
        }
    }
}

/// An inverted form is a tag-list entry, not the start of a longer name: reject it when the next
/// word follows after plain space and is capitalised ("Korea, North Koreans").
fn accept_inverted(kind: PhraseKind, toks: &[Tok], last: usize) -> bool {
    if !matches!(
        kind,
        PhraseKind::Country {
            form: CountryForm::Inverted,
            ..
        }
    ) {
        return true;
    }
    // (An inverted form in upper case, "KOREA, NORTH", is kept before any word.)
    toks[last].upper || !toks[last].capital_next
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Words and gaps that exercise the matcher: phrase words in every case, possessives,
    /// abbreviations, quotes, non-ASCII letters and separators.
    const PIECES: &[&str] = &[
        "North",
        "north",
        "NORTH",
        "Korea",
        "korea",
        "KOREA",
        "United",
        "States",
        "U.S.",
        "US",
        "Russia's",
        "Russia\u{2019}s",
        "Russia\u{2019}",
        "Russia'",
        "Russia.",
        "Putin",
        "the",
        "The",
        "Reading",
        "reading",
        "said",
        "Foreign",
        "Minister",
        "Kremlin",
        "Gen.",
        "Mr.",
        "Zürich",
        "\u{c9}lys\u{e9}e",
        "IAEA",
        "UN",
        "Moscow",
        "New",
        "York",
        "Times",
        "in",
        "In",
        "of",
        "Secretary",
        "State",
        "South",
        "Kim",
        "Jong",
        "Un",
        "'s",
        "`",
        "\u{2018}",
        "S",
        "Washington",
        "Paris",
        "France",
        "French",
        "Ukraine",
        "Kyiv",
        "Beijing",
        "China",
    ];
    const GAPS: &[&str] = &[
        " ",
        " ",
        " ",
        ", ",
        "-",
        ". ",
        "\n",
        " \u{201c}",
        "\u{201d} ",
        ": ",
        "; ",
        "\" ",
        " - ",
        "\r\n",
        " (",
        ") ",
        "&",
        "",
    ];

    fn sentence() -> impl Strategy<Value = String> {
        prop::collection::vec((0..PIECES.len(), 0..GAPS.len()), 0..14).prop_map(|v| {
            v.into_iter()
                .map(|(w, g)| format!("{}{}", PIECES[w], GAPS[g]))
                .collect()
        })
    }

    proptest! {
        /// Passing over a sentence without capitalised phrase starts loses no match.
        #[test]
        fn capitalised_matches_agree_with_the_full_scan(text in sentence()) {
            let mut full = Vec::new();
            matches_with(&text, true, &mut Scratch::default(), 0, &mut full);
            prop_assert_eq!(capitalised_phrase_matches(&text), full);
        }

        #[test]
        fn capitalised_matches_agree_on_random_text(text in "[a-zA-Z ,.'`():\u{2019}\u{2018}\u{e9}\u{c9}-]{0,40}") {
            let mut full = Vec::new();
            matches_with(&text, true, &mut Scratch::default(), 0, &mut full);
            prop_assert_eq!(capitalised_phrase_matches(&text), full);
        }
    }
}
