//! Resolve: mentions of all documents → merged entities and country summaries.
//!
//! This stage owns *alias merging* and *country attribution*. Input is what `recognize` found in the
//! main content of each document; output is [`Resolved`]: entities with aliases, mentions, country,
//! roles and the rule behind every merge, plus one [`CountrySummary`] per country and, for every
//! input mention, the entity it was resolved to (so relation extraction can map mentions to
//! entities).
//!
//! How names merge, in order (each rule is recorded in [`Entity::merges`]):
//! 1. **Same name after folding** — case, diacritics, hyphens, spacing, dots, apostrophes
//!    ("Kim Jong-un" = "KIM JONG UN"; "U.N." = "UN") and romanisation variants ("Sergei"/"Sergey",
//!    "Choe"/"Choi"). One hash lookup per mention (see [`fold`]).
//! 2. **Surname and title references** — a one-word person mention ("Lavrov", or "Foreign Minister
//!    Lavrov" with the title stripped) joins the full name in *its own document* whose surname it is:
//!    the only one, or, when several share it, the nearest one before it (the antecedent), else the
//!    nearest after. Only when its document has none does it join a full name from other documents,
//!    and only if exactly one full name across all documents has that surname. Korean and Chinese
//!    names put the surname first ("Kim Jong Un" → "Kim"), Western ones last ("Sung Kim" → "Kim"),
//!    so "Sung Kim" and "Kim Jong Un" never merge with each other, and a bare "Kim" goes to whichever
//!    its document's context points at.
//! 3. **Acronyms** — an all-capitals organisation name joins the expansion written right before it
//!    in parentheses ("Royal United Services Institute (RUSI)"), or the one organisation whose
//!    initials it spells, in its document first, then across documents if unique ("KCNA" = "Korean
//!    Central News Agency").
//!
//! Countries: every country mention (name, code, demonym, inverted tag, capital, seat of power) joins
//! one entity per ISO code; capitals and seats also stay places/organisations ("Moscow" is a place
//! and a way of saying Russia). People, organisations and places get a country and roles from the
//! words around their mentions (see [`context`]).
//!
//! Cost: linear in the number of mentions — hash blocking on keys, per-document indexes by surname
//! and initials, bounded context windows; never all pairs of names.

use crate::sort::SortStable;
use crate::text::case::Lower;

mod again;
mod atlas;
mod context;
pub(crate) mod fold;

use crate::analysis::{
    CountrySummary, Entity, EntityKind, Evidence, MentionOrigin, MentionRef, Merge, Role,
};
use crate::model::{Mention, MentionKind, Sentence};
use crate::span::{DocId, EntityId, Span};
pub use again::{find_names_again, DocMentions};
pub use atlas::{add_country_mentions, split_glued_names, Gazetteer};
use context::{CountryMark, DocView};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

/// How a surface form names a country.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Naming {
    /// By name, code, demonym or inverted tag ("Russia", "RU", "Russian", "KOREA, NORTH").
    Country,
    /// By its capital or another city standing for its government ("Moscow", "Pyongyang").
    Capital,
    /// By a seat of power that is also an organisation ("the Kremlin", "the White House").
    Seat,
}

/// The world knowledge the resolver needs, kept behind a trait so the stage can be tested with a
/// hand-built atlas and run with the gazetteer.
pub trait Atlas {
    /// The usual English name of the country with this ISO 3166-1 alpha-2 code.
    fn country_name(&self, code: &str) -> Option<String>;
    /// Whether `surface` names a country, and how.
    fn country_form(&self, surface: &str) -> Option<(String, Naming)>;
    /// Whether `word` is a common given name (so a two-word name starting with it is Western order).
    fn is_given_name(&self, word: &str) -> bool;
    /// Whether `word` is a known given name or surname (so a one-word person mention that is also a
    /// city, like "Washington", stays a person).
    fn is_person_word(&self, word: &str) -> bool {
        self.is_given_name(word)
    }
    /// The country a known place or organisation belongs to ("Wonsan" → KP, "TASS" → RU), when the
    /// atlas lists it.
    fn home_country(&self, _surface: &str, _kind: MentionKind) -> Option<String> {
        None
    }
}

/// One document's input to [`resolve`]: its text, main-content sentences and mentions.
#[derive(Clone, Copy, Debug)]
pub struct DocInput<'a> {
    pub doc: DocId,
    pub text: &'a str,
    pub sentences: &'a [Sentence],
    pub mentions: &'a [Mention],
    /// Tag-list regions ("ASIA, …, KOREA, NORTH, KREMLIN, LA"): their tags never create
    /// entities, but a tag that names one of the main content's entities becomes its mention.
    pub tags: &'a [Span],
}

/// The result of [`resolve`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Resolved {
    /// Merged entities, sorted by id (ids follow (type, name) order).
    pub entities: Vec<Entity>,
    /// One row per country entity, sorted by code.
    pub countries: Vec<CountrySummary>,
    /// For document `d` (index into the input) and mention `i` (index into its `mentions`), the
    /// entity the mention names: the place or organisation for a capital or seat used as a metonym,
    /// the country entity for a country mention. `None` only for a mention with no name in it.
    pub mention_entities: Vec<Vec<Option<EntityId>>>,
    /// Same shape: the country entity a mention names or stands for ("Moscow" → Russia), if any.
    pub mention_countries: Vec<Vec<Option<EntityId>>>,
}

/// The classes names merge within: a person never merges with a place.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Class {
    Person,
    Organization,
    Place,
    Country(String),
}

impl Class {
    fn kind(&self) -> EntityKind {
        match self {
            Class::Person => EntityKind::Person,
            Class::Organization => EntityKind::Organization,
            Class::Place => EntityKind::Place,
            Class::Country(_) => EntityKind::Country,
        }
    }
}

/// One usable mention after cleaning.
struct Item {
    /// The document's index and the mention's (see [`Item::sorted`]), as `u32`:
    /// there is an item per mention of the corpus, all alive at once (documents are numbered by
    /// a `u32` already, and a document with 2³² mentions would take hundreds of GB).
    doc: u32,
    sorted: u32,
    kind: MentionKind,
    /// How many folded tokens the name has (saturating): the passes that pick full names or
    /// one-word names read it here, in the item they stream through, rather than behind the
    /// `names` pointer.
    tokens: u8,
    span: Span,
    /// The cleaned text and its folded forms, shared by every mention of the same text (one
    /// pointer: there is an item per mention of the corpus, all alive at once).
    names: Rc<Names>,
    /// Country code the mention itself carries (recogniser, or the atlas for a name), as its
    /// index in [`Codes`]: a few bytes in the item instead of a string allocated per mention.
    country: Option<(u32, Naming)>,
    /// Whether the atlas's home country of the text (`names.home`) is this mention's: not when
    /// the mention was reclassified.
    homed: bool,
    /// The rule that moved this mention out of its own name group, if one did (a thin pointer
    /// to one of the `RULE_` constants: half the room of a `&str`).
    rule: Option<&'static &'static str>,
}

/// The country codes the items carry, each stored once: items keep an index (there is an item
/// per mention of the corpus, all alive at once, and most of them are streamed through by
/// every pass of the resolver).
#[derive(Default)]
struct Codes {
    list: Vec<String>,
    index: FxMap<String, u32>,
}

impl Codes {
    fn intern(&mut self, code: &str) -> u32 {
        if let Some(&i) = self.index.get(code) {
            return i;
        }
        let i = self.list.len() as u32;
        self.list.push(code.to_string());
        self.index.insert(code.to_string(), i);
        i
    }

    fn get(&self, i: u32) -> &str {
        &self.list[i as usize]
    }
}

/// A cleaned mention text and what it folds to.
struct Names {
    surface: Box<str>,
    tokens: Vec<String>,
    spell: Box<str>,
    /// The atlas's home country for a place or organisation of the text's kind.
    home: Option<String>,
    /// A title that was part of the raw mention ("Foreign Minister Lavrov"), relative to the
    /// raw mention's start, which lies `lead` bytes before the cleaned name's.
    title: Option<(usize, usize)>,
    lead: usize,
    /// For a person's name, the keys the surname rules look it up by, computed once per text
    /// rather than per mention: a full name's surname skeletons ([`surname_tokens`]), a one-word
    /// name's own skeleton.
    person_keys: Vec<String>,
}

impl Item {
    fn new_index(i: usize) -> u32 {
        if i == TAG {
            u32::MAX
        } else {
            i as u32
        }
    }

    fn index(i: u32) -> usize {
        if i == u32::MAX {
            TAG
        } else {
            i as usize
        }
    }

    fn doc(&self) -> usize {
        self.doc as usize
    }

    /// Index into the document's mentions sorted by start ([`TAG`] for a tag).
    fn sorted(&self) -> usize {
        Item::index(self.sorted)
    }

    /// The country the atlas lists the place or organisation under.
    fn home(&self) -> Option<&str> {
        self.names.home.as_deref().filter(|_| self.homed)
    }

    /// A title that was part of the mention ("Foreign Minister Lavrov").
    fn title(&self) -> Option<Span> {
        let raw = self.span.start - self.names.lead;
        let (a, b) = self.names.title?;
        Some(Span::new(raw + a, raw + b))
    }
}

/// What one distinct mention text (of one recognised kind) cleans and folds to, computed once.
struct SurfaceInfo {
    /// The name's range relative to the mention's start.
    rel: (usize, usize),
    nationality: Option<(String, Naming)>,
    names: Rc<Names>,
    roman: String,
    form: Option<(String, Naming)>,
    /// The kind after the gazetteer's correction of one-word "persons" that are cities.
    kind: MentionKind,
}

impl SurfaceInfo {
    fn new(text: &str, raw: Span, kind: MentionKind, atlas: &dyn Atlas) -> SurfaceInfo {
        let (span, title, nationality) = clean(text, raw, kind, atlas);
        let surface = span.of(text);
        let tokens = fold::tokens(surface);
        let form = if tokens.is_empty() {
            None
        } else {
            // A tag-list "KOREA, NORTH" or a plain name the atlas knows under its raw form.
            atlas
                .country_form(surface)
                .or_else(|| atlas.country_form(raw.of(text).trim()))
        };
        let mut kind = kind;
        // A one-word "person" the gazetteer knows only as a city is the city ("Kyiv said").
        if kind == MentionKind::Person
            && tokens.len() == 1
            && !atlas.is_person_word(surface)
            && atlas.home_country(surface, MentionKind::Place).is_some()
        {
            kind = MentionKind::Place;
        }
        let home = match kind {
            MentionKind::Place | MentionKind::Organization if !tokens.is_empty() => {
                atlas.home_country(surface, kind)
            }
            _ => None,
        };
        let person_keys = match tokens.len() {
            _ if kind != MentionKind::Person => Vec::new(),
            0 => Vec::new(),
            1 => vec![fold::skeleton(&tokens[0])],
            _ => surname_tokens(&tokens, surface, atlas),
        };
        SurfaceInfo {
            rel: (span.start - raw.start, span.end - raw.start),
            nationality,
            roman: fold::roman_key(&tokens),
            names: Rc::new(Names {
                surface: surface.into(),
                spell: fold::spelling_key(&tokens).into(),
                tokens,
                home,
                title: title.map(|t| (t.start - raw.start, t.end - raw.start)),
                lead: span.start - raw.start,
                person_keys,
            }),
            form,
            kind,
        }
    }
}

/// The resolver's maps of short string keys: the gazetteer's hasher, which reads a key eight
/// bytes at a time (the resolver's own read one byte a step); nothing iterates these maps in an
/// order that reaches the output.
type FxMap<K, V> = crate::gazetteer::FastMap<K, V>;

/// Which group a corpus-wide key (a surname, an acronym's letters) points at: the only one, or
/// several. Rules across documents act only on a unique one, so this is all they need to know,
/// and noting a group costs O(1) however many names share the key (a list searched on every
/// insertion would cost names × names for a common surname).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unique {
    One(usize),
    Several,
}

impl Unique {
    fn note(slot: &mut Option<Unique>, g: usize) {
        *slot = match *slot {
            None => Some(Unique::One(g)),
            Some(Unique::One(h)) if h == g => Some(Unique::One(h)),
            Some(_) => Some(Unique::Several),
        };
    }

    fn only(slot: Option<&Unique>) -> Option<usize> {
        match slot {
            Some(Unique::One(g)) => Some(*g),
            _ => None,
        }
    }
}

/// Name groups by class and key, looked up by a borrowed key: most mentions join a group that
/// exists, and a map keyed by `(Class, String)` would need an owned key for every lookup.
/// A country's group is keyed by its code under its own class (`Country(code)`, `code`), and
/// those are kept apart, by code alone, so that finding one needs no owned class.
#[derive(Default)]
struct GroupIndex {
    by_class: FxMap<Class, FxMap<String, usize>>,
    countries: FxMap<String, usize>,
    len: usize,
}

impl GroupIndex {
    fn get(&self, class: &Class, key: &str) -> Option<usize> {
        match class {
            Class::Country(code) if code == key => self.country(key),
            _ => self.by_class.get(class)?.get(key).copied(),
        }
    }

    fn country(&self, code: &str) -> Option<usize> {
        self.countries.get(code).copied()
    }

    fn insert(&mut self, class: Class, key: &str, group: usize) {
        if let Class::Country(code) = &class {
            if code == key {
                if self.countries.insert(key.to_string(), group).is_none() {
                    self.len += 1;
                }
                return;
            }
        }
        if self
            .by_class
            .entry(class)
            .or_default()
            .insert(key.to_string(), group)
            .is_none()
        {
            self.len += 1;
        }
    }

    fn len(&self) -> usize {
        self.len
    }
}

struct Group {
    class: Class,
    /// The rule by which this group joined its union-find parent.
    joined: Option<&'static str>,
}

const RULE_SPELLING: &str = "same name ignoring case, diacritics, hyphens and spacing";
const RULE_ROMAN: &str = "romanisation variant";
const RULE_SURNAME_DOC: &str = "surname or title reference to the only full name in the document";
const RULE_SURNAME_NEAR: &str =
    "surname or title reference to the nearest full name with that surname in the document";
const RULE_SURNAME_CORPUS: &str =
    "surname reference to the only full name with that surname across documents";
const RULE_ACRONYM_PAREN: &str = "acronym in parentheses after its expansion";
const RULE_ACRONYM_DOC: &str = "acronym of a name in the same document";
const RULE_ACRONYM_CORPUS: &str = "acronym of the only matching name across documents";
const RULE_TAG: &str = "tag naming an entity of the article";
const RULE_COUNTRY: &str = "country name, code, demonym or tag form";
const RULE_CAPITAL: &str = "capital standing for its country";
const RULE_SEAT: &str = "seat of power standing for its country";

/// Strip what is not part of a name from a mention: quotes and punctuation at the edges, a leading
/// "the", a possessive, and for people leading titles and nationalities (returned as a title span).
fn clean(
    text: &str,
    span: Span,
    kind: MentionKind,
    atlas: &dyn Atlas,
) -> (Span, Option<Span>, Option<(String, Naming)>) {
    let raw = span.of(text);
    let mut s =
        span.start + (raw.len() - raw.trim_start_matches(|c: char| !c.is_alphanumeric()).len());
    let trimmed = raw.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '.');
    // Keep the final dot of an abbreviation ("U.N."), not a full stop after a name.
    let trimmed = if trimmed.ends_with('.') && trimmed.matches('.').count() == 1 {
        &trimmed[..trimmed.len() - 1]
    } else {
        trimmed
    };
    let mut e = span.start + trimmed.len();
    if e <= s {
        return (Span::new(s.min(span.end), s.min(span.end)), None, None);
    }
    // Possessive.
    let cur = &text[s..e];
    for p in ["'s", "’s", "'S", "’S"] {
        if let Some(rest) = cur.strip_suffix(p) {
            if !rest.is_empty() {
                e = s + rest.len();
            }
            break;
        }
    }
    // Leading "the".
    let cur = &text[s..e];
    if cur.len() > 4 && cur.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("the ")) {
        s += 4;
    }
    let mut title: Option<Span> = None;
    let mut nationality = None;
    if kind == MentionKind::Person {
        // Leading title words and nationalities: "Russian Foreign Minister Sergei Lavrov".
        loop {
            let cur = &text[s..e];
            let Some(sp) = cur.find(' ') else { break };
            let word = &cur[..sp];
            let lower = word.lower();
            let particle = matches!(
                word,
                "de" | "da"
                    | "di"
                    | "du"
                    | "van"
                    | "von"
                    | "der"
                    | "al"
                    | "bin"
                    | "ibn"
                    | "el"
                    | "la"
                    | "le"
            );
            if context::is_title_word(&lower) {
                title = Some(Span::new(title.map_or(s, |t| t.start), s + sp));
            } else if word.starts_with(char::is_lowercase) && !particle {
                // A lower-case word is not part of a name ("said Lavrov" from a tagger's slip).
            } else if let Some((code, Naming::Country)) = atlas.country_form(word) {
                nationality.get_or_insert((code, Naming::Country));
            } else {
                break;
            }
            s += sp + 1;
            while text[s..e].starts_with(' ') {
                s += 1;
            }
        }
    } else if kind == MentionKind::Place {
        // "Kursk region": a lower-case generic word is not part of the name.
        let cur = &text[s..e];
        if let Some(sp) = cur.rfind(' ') {
            let last = &cur[sp + 1..];
            if matches!(
                last,
                "region" | "province" | "city" | "area" | "oblast" | "district"
            ) {
                e = s + sp;
            }
        }
    }
    let cur = &text[s..e];
    e = s + cur.trim_end().len();
    (Span::new(s, e), title, nationality)
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

/// Surname tokens of a full person name (folded), per the naming order the name looks like.
fn surname_tokens(t: &[String], surface: &str, atlas: &dyn Atlas) -> Vec<String> {
    let Some(first) = t.first() else {
        return Vec::new();
    };
    let last = t.last().expect("non-empty");
    // Korean-style: three short syllables, or a hyphenated given name ("Kim Jong-un", "Choe
    // Son-hui", "Moon Jae-in"): surname first.
    let hyphenated = surface.split_whitespace().count() == 2 && surface.contains('-');
    let syllables = t.len() == 3 && t.iter().all(|x| x.chars().count() <= 4);
    if hyphenated || syllables {
        return vec![fold::skeleton(first)];
    }
    let mut out = vec![fold::skeleton(last)];
    // A two-word name whose first word is not a known given name may be surname-first ("Wang Yi",
    // "Xi Jinping"): both words are candidates, context decides.
    if t.len() == 2 && first.chars().count() <= 5 && !atlas.is_given_name(first) {
        out.push(fold::skeleton(first));
    }
    out
}

/// A document's mentions sorted by start, and the permutation back to input order (empty for
/// the identity).
fn by_start<'a>(d: &DocInput<'a>) -> (Cow<'a, [Mention]>, Vec<usize>) {
    let by_span = |m: &Mention| (m.span.start, m.span.end);
    // The pipeline hands them over sorted: then they are read in place, not copied, and need
    // no permutation.
    if d.mentions
        .windows(2)
        .all(|w| by_span(&w[0]) <= by_span(&w[1]))
    {
        return (Cow::Borrowed(d.mentions), Vec::new());
    }
    let mut order: Vec<usize> = (0..d.mentions.len()).collect();
    order.sort_stable_by_key(|&i| (d.mentions[i].span.start, d.mentions[i].span.end, i));
    let ms = order.iter().map(|&i| d.mentions[i].clone()).collect();
    (Cow::Owned(ms), order)
}

/// Resolve the mentions of `docs` into entities and countries.
pub fn resolve(docs: &[DocInput], atlas: &dyn Atlas) -> Resolved {
    // Per document: mentions sorted by start ([`by_start`]), made document by document in
    // step 1, right before the document's mentions are read again (still in cache then: the
    // corpus's mentions are not).
    let mut sorted_docs: Vec<(Cow<[Mention]>, Vec<usize>)> = Vec::with_capacity(docs.len());

    // 1. Clean every mention and put it in a name group (hash blocking on the romanisation key).
    // About one item per mention: sized once rather than grown (and copied) a dozen times.
    let mentions: usize = docs.iter().map(|d| d.mentions.len()).sum();
    let mut items: Vec<Item> = Vec::with_capacity(mentions);
    let mut groups: Vec<Group> = Vec::new();
    let mut group_of = GroupIndex::default();
    let mut cache: FxMap<(MentionKind, &str), Rc<SurfaceInfo>> = FxMap::default();
    let mut codes = Codes::default();
    // The items of people and of organisations, in order: the surname and acronym rules read
    // only those, and would otherwise stream through every item of the corpus four times.
    let mut persons: Vec<usize> = Vec::new();
    let mut orgs: Vec<usize> = Vec::new();
    // For each item of a mention, its document and input index, for step 7: there the items
    // themselves would be streamed through once more for two numbers each.
    let mut mention_of: Vec<(u32, u32)> = Vec::with_capacity(mentions);
    let mut item_group: Vec<usize> = Vec::with_capacity(mentions);
    let mut item_country: Vec<Option<usize>> = Vec::with_capacity(mentions);
    // 5. Context: country and roles of every non-country mention, read for each document right
    // after step 1 has made its items (its text and mentions are still in cache then; a pass
    // over the corpus after the merges read them all again from memory). Few mentions have any
    // (one in twenty in news), so only those take room beyond a pointer: the list has an entry
    // for every mention of the corpus.
    let mut item_clues: Vec<Option<Box<context::Clues>>> = Vec::with_capacity(mentions);
    let mut c = context::Clues::default();
    // The group of a class and key; `None` for the country whose code is `key` (looked up by
    // the code alone, without building a key).
    let mut group_for = |class: Option<Class>, key: &str, groups: &mut Vec<Group>| -> usize {
        let found = match &class {
            Some(class) => group_of.get(class, key),
            None => group_of.country(key),
        };
        if let Some(g) = found {
            return g;
        }
        let class = class.unwrap_or_else(|| Class::Country(key.to_string()));
        group_of.insert(class.clone(), key, groups.len());
        groups.push(Group {
            class,
            joined: None,
        });
        groups.len() - 1
    };
    for (di, d) in docs.iter().enumerate() {
        sorted_docs.push(by_start(d));
        let (ms, order) = &sorted_docs[di];
        let mut marks = vec![None; ms.len()];
        for (si, m) in ms.iter().enumerate() {
            let raw = m.span.of(d.text);
            // Surfaces repeat: clean, fold and look each one up once.
            let info = match cache.get(&(m.kind, raw)) {
                Some(info) => Rc::clone(info),
                None => {
                    let info = Rc::new(SurfaceInfo::new(d.text, m.span, m.kind, atlas));
                    cache.insert((m.kind, raw), Rc::clone(&info));
                    info
                }
            };
            if info.names.tokens.is_empty() {
                continue;
            }
            let span = Span::new(m.span.start + info.rel.0, m.span.start + info.rel.1);
            let form = &info.form;
            let mut kind = info.kind;
            if kind == MentionKind::Country && form.is_none() && m.country.is_none() {
                kind = MentionKind::Place;
            }
            // The country the mention names or stands for, and how; for a place the recogniser
            // placed ("Wonsan" → KP) the code is only a clue to the place's country. Borrowed:
            // only a country entity's class owns a copy of its code.
            let country: Option<(&str, Naming)> = if kind == MentionKind::Person {
                info.nationality
                    .as_ref()
                    .map(|(code, n)| (code.as_str(), *n))
            } else {
                match (form, &m.country) {
                    (Some((code, naming)), _) => Some((code, *naming)),
                    (None, Some(code)) if kind == MentionKind::Country => {
                        Some((code, Naming::Country))
                    }
                    (None, Some(code)) => Some((code, Naming::Capital)),
                    (None, None) => None,
                }
            };
            let links =
                kind != MentionKind::Person && (form.is_some() || kind == MentionKind::Country);
            // The name's class; `None` for a country's name, code or demonym, whose group is
            // its country's.
            let class = match (country, links) {
                (_, _) if kind == MentionKind::Person => Some(Class::Person),
                (Some((_, Naming::Country)), true) => None,
                (Some((_, Naming::Capital)), true) => Some(Class::Place),
                (Some((_, Naming::Seat)), true) => Some(Class::Organization),
                _ if kind == MentionKind::Organization => Some(Class::Organization),
                _ => Some(Class::Place),
            };
            let mut country_group = None;
            if let (Some((code, _)), true) = (country, links) {
                country_group = Some(group_for(None, code, &mut groups));
                marks[si] = Some(CountryMark {
                    code: codes.intern(code),
                    metonym: class.is_some(),
                });
            }
            let homed =
                matches!(class, Some(Class::Place | Class::Organization)) && kind == info.kind;
            let g = match (class, country_group) {
                (Some(class), _) => group_for(Some(class), &info.roman, &mut groups),
                (None, Some(g)) => g,
                // Not reached (a class is `None` only for a country's name, which has its
                // country's group), but a name is never lost to a panic: a place then.
                (None, None) => group_for(Some(Class::Place), &info.roman, &mut groups),
            };
            match kind {
                MentionKind::Person => persons.push(items.len()),
                MentionKind::Organization => orgs.push(items.len()),
                _ => {}
            }
            item_group.push(g);
            item_country.push(country_group);
            let input = order.get(si).copied().unwrap_or(si);
            mention_of.push((di as u32, input as u32));
            items.push(Item {
                doc: di as u32,
                sorted: Item::new_index(si),
                kind,
                tokens: info.names.tokens.len().min(usize::from(u8::MAX)) as u8,
                span,
                names: Rc::clone(&info.names),
                homed,
                country: country.map(|(code, n)| (codes.intern(code), n)),
                rule: None,
            });
        }
        // 5. Context, for this document's items.
        let reach = context::reach(ms);
        let view = DocView {
            text: d.text,
            mentions: ms,
            countries: &marks,
            codes: &codes.list,
            reach: &reach,
        };
        let mut scratch = context::Scratch::default();
        for it in &items[item_clues.len()..] {
            let full = span_or(ms[it.sorted()].span, it.span);
            let (sentence, previous) = sentence_of(d.sentences, full, d.text);
            context::clues(
                &view,
                it.sorted(),
                full,
                it.kind,
                sentence,
                previous,
                &mut scratch,
                &mut c,
            );
            if let Some(t) = it.title() {
                // A title inside the mention itself.
                let title = t.of(d.text).to_string();
                if title.split_whitespace().any(is_head) {
                    c.roles.push((title, Span::new(t.start, it.span.end)));
                }
            }
            let found = !c.countries.is_empty() || !c.roles.is_empty();
            // Taken when kept: `c` is empty again for the next mention.
            item_clues.push(found.then(|| Box::new(std::mem::take(&mut c))));
        }
    }

    let mut parent: Vec<usize> = (0..groups.len()).collect();

    // 2. Surname and title references.
    resolve_short_names(&mut items, &persons, &mut item_group, &groups);

    // 3. Acronyms.
    resolve_acronyms(
        docs,
        &sorted_docs,
        &items,
        &orgs,
        &item_group,
        &mut groups,
        &mut parent,
    );

    // 3b. Tag lists: tags that name an entity of the main content join it; others are dropped.
    add_tags(
        docs,
        atlas,
        &group_of,
        &mut codes,
        &mut items,
        &mut item_group,
        &mut item_country,
    );

    // 4. Entities: one per union-find root that has mentions. Indexed by group (roots are
    // groups), which lists them in root order as an ordered map did, without a tree search per
    // mention.
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); groups.len()];
    for (ii, &g) in item_group.iter().enumerate() {
        let r = find(&mut parent, g);
        members[r].push(ii);
    }
    // Country entities also collect the metonym mentions that stand for them.
    let mut metonyms: Vec<Vec<usize>> = vec![Vec::new(); groups.len()];
    for (ii, cg) in item_country.iter().enumerate() {
        if let Some(cg) = cg {
            let r = find(&mut parent, *cg);
            if r != find(&mut parent, item_group[ii]) {
                metonyms[r].push(ii);
            }
        }
    }

    // 5. Context: read in step 1, document by document (tags have none).
    item_clues.resize_with(items.len(), || None);

    // 6. Build the entities.
    struct Draft {
        root: usize,
        entity: Entity,
        /// Every surface form used, for a country's `mentioned_as`.
        forms: Vec<String>,
        key: (EntityKind, String, (u32, usize)),
    }
    let mut drafts: Vec<Draft> = Vec::new();
    for (root, (own, extra)) in members.iter().zip(&metonyms).enumerate() {
        if own.is_empty() && extra.is_empty() {
            continue;
        }
        let mut all: Vec<usize> = own.clone();
        all.extend(extra);
        let class = groups[root].class.clone();
        let kind = class.kind();
        // Surface forms by frequency.
        let mut forms: BTreeMap<&str, usize> = BTreeMap::new();
        for &ii in &all {
            *forms.entry(&*items[ii].names.surface).or_default() += 1;
        }
        let name = match &class {
            Class::Country(code) => atlas
                .country_name(code)
                .unwrap_or_else(|| best_form(&forms, &items, own)),
            _ => best_form(&forms, &items, own),
        };
        let aliases = distinct_aliases(&forms, &name);
        // Why each alias is here.
        let name_tokens = fold::tokens(&name);
        let name_spell = fold::spelling_key(&name_tokens);
        // The first mention of each form, found in one pass (not one pass per alias).
        let mut first_of: FxMap<&str, usize> = FxMap::default();
        for &ii in &all {
            first_of.entry(&*items[ii].names.surface).or_insert(ii);
        }
        let mut merges = Vec::new();
        for a in &aliases {
            let Some(&ii) = first_of.get(a.as_str()) else {
                continue;
            };
            let it = &items[ii];
            let rule = if let Some(r) = it.rule {
                *r
            } else if let Class::Country(_) = class {
                match &it.country {
                    Some((_, Naming::Capital)) => RULE_CAPITAL,
                    Some((_, Naming::Seat)) => RULE_SEAT,
                    _ => RULE_COUNTRY,
                }
            } else if let Some(r) = joined_rule(&groups, &parent, item_group[ii], root) {
                r
            } else if *it.names.spell == *name_spell {
                RULE_SPELLING
            } else {
                RULE_ROMAN
            };
            merges.push(Merge {
                alias: a.clone(),
                into: name.clone(),
                rule: rule.to_string(),
            });
        }
        merges.sort_stable();
        let mut mentions: Vec<MentionRef> = all
            .iter()
            .map(|&ii| {
                let it = &items[ii];
                MentionRef {
                    doc: docs[it.doc()].doc,
                    start: it.span.start,
                    end: it.span.end,
                    kind: MentionOrigin::Text,
                }
            })
            .collect();
        mentions.sort_stable();
        mentions.dedup();
        let mut doc_ids: Vec<DocId> = mentions.iter().map(|m| m.doc).collect();
        doc_ids.dedup();
        // Country: own code for a country; otherwise votes from the mentions and their context.
        let country = match &class {
            Class::Country(code) => Some(code.clone()),
            _ => vote_country(own, &items, &item_clues, &codes),
        };
        let roles = if kind == EntityKind::Person {
            collect_roles(own, &items, &item_clues, docs)
        } else {
            Vec::new()
        };
        let first = mentions
            .first()
            .map_or((u32::MAX, 0), |m| (m.doc.0, m.start));
        drafts.push(Draft {
            root,
            forms: forms.keys().map(|f| f.to_string()).collect(),
            key: (kind, name_spell, first),
            entity: Entity {
                id: EntityId(0),
                name,
                kind,
                aliases,
                country,
                roles,
                docs: doc_ids,
                mentions,
                merges,
            },
        });
    }
    drafts.sort_stable_by(|a, b| a.key.cmp(&b.key));
    let mut id_of_root: Vec<Option<EntityId>> = vec![None; groups.len()];
    for (i, d) in drafts.iter_mut().enumerate() {
        d.entity.id = EntityId(i as u32);
        id_of_root[d.root] = Some(d.entity.id);
    }

    // 7. Per-mention links.
    let mut mention_entities: Vec<Vec<Option<EntityId>>> =
        docs.iter().map(|d| vec![None; d.mentions.len()]).collect();
    let mut mention_countries = mention_entities.clone();
    // (Tags, the items after the mentions', link nothing.)
    for (ii, &(doc, input)) in mention_of.iter().enumerate() {
        let (doc, input) = (doc as usize, input as usize);
        let r = find(&mut parent, item_group[ii]);
        mention_entities[doc][input] = id_of_root[r];
        if let Some(cg) = item_country[ii] {
            let r = find(&mut parent, cg);
            mention_countries[doc][input] = id_of_root[r];
        }
    }

    // 8. Country summaries.
    let mut countries: Vec<CountrySummary> = drafts
        .iter()
        .filter(|d| d.entity.kind == EntityKind::Country)
        .map(|d| {
            let e = &d.entity;
            let mut seen: BTreeMap<String, String> = BTreeMap::new();
            for f in &d.forms {
                let shouting = !f.chars().any(char::is_lowercase);
                seen.entry(f.lower())
                    .and_modify(|kept| {
                        // Prefer the form written in running text to a tag list's capitals.
                        if !kept.chars().any(char::is_lowercase) && !shouting {
                            kept.clone_from(f);
                        }
                    })
                    .or_insert_with(|| f.to_string());
            }
            let mut mentioned_as: Vec<String> = seen.into_values().collect();
            mentioned_as.sort_stable();
            CountrySummary {
                id: e.id,
                code: e.country.clone().unwrap_or_default(),
                name: e.name.clone(),
                mentioned_as,
                docs: e.docs.clone(),
                mentions: e.mentions.clone(),
            }
        })
        .collect();
    countries.sort_stable_by(|a, b| a.code.cmp(&b.code));
    Resolved {
        entities: drafts.into_iter().map(|d| d.entity).collect(),
        countries,
        mention_entities,
        mention_countries,
    }
}

fn span_or(a: Span, b: Span) -> Span {
    if a.is_empty() {
        b
    } else {
        a
    }
}

fn is_head(w: &str) -> bool {
    let l = w.lower();
    context::is_title_word(&l)
        && !matches!(
            l.as_str(),
            "foreign" | "deputy" | "vice" | "prime" | "supreme" | "special" | "first"
        )
}

/// The sentence containing `span` (or the line around it when no sentence does) and the sentence
/// before it (empty when there is none).
fn sentence_of(sentences: &[Sentence], span: Span, text: &str) -> (Span, Span) {
    let i = sentences.partition_point(|s| s.span.end <= span.start);
    let previous = i
        .checked_sub(1)
        .and_then(|p| sentences.get(p))
        .map_or(Span::new(0, 0), |s| s.span);
    if let Some(s) = sentences.get(i) {
        if s.span.start <= span.start && span.end <= s.span.end {
            return (s.span, previous);
        }
    }
    let lo = text
        .get(..span.start)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |p| p + 1);
    let hi = text
        .get(span.end..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |p| span.end + p);
    (
        Span::new(lo.min(span.start), hi.max(span.end)),
        Span::new(0, 0),
    )
}

/// The canonical name among the forms of the entity's own mentions (a country's metonyms are
/// not its name): a form in plain case if there is one (capitals are plain for a one-word acronym
/// in running text, not for a tag list's "KIM JONG UN"), then the fullest, then the one used by the
/// most documents (the spelling most sources agree on: "Sergei Lavrov" in three articles beats
/// "Sergey Lavrov" repeated in two), then the most frequent, then the first in sort order.
fn best_form(forms: &BTreeMap<&str, usize>, items: &[Item], own: &[usize]) -> String {
    // Form → (documents, mentions, mentions outside tag lists, its folded tokens).
    // (Hashed: the choice below is a strict order of the forms, so their order here is moot.)
    let mut seen: crate::gazetteer::FastSet<(&str, usize)> = Default::default();
    let mut pool: FxMap<&str, (usize, usize, usize, usize)> = FxMap::default();
    for &ii in own {
        let names = &items[ii].names;
        let surface = &*names.surface;
        let e = pool.entry(surface).or_insert((0, 0, 0, names.tokens.len()));
        if seen.insert((surface, items[ii].doc())) {
            e.0 += 1;
        }
        e.1 += 1;
        if items[ii].sorted() != TAG {
            e.2 += 1;
        }
    }
    if pool.is_empty() {
        pool = forms
            .iter()
            .map(|(f, n)| (*f, (1, *n, *n, fold::tokens(f).len())))
            .collect();
    }
    let rank = |f: &str, (docs, n, running, words): (usize, usize, usize, usize)| {
        let capitals = !f.chars().any(char::is_lowercase);
        let plain = !capitals || (words == 1 && running > 0);
        (plain, words, docs, n)
    };
    // Each form ranked once, not once per comparison.
    pool.iter()
        .map(|(&f, &counts)| (rank(f, counts), f))
        .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, f)| f.to_string())
        .unwrap_or_default()
}

/// The entity's other names, one per spelling: forms that differ only in letter case ("SERGEY
/// LAVROV" from a tag list, "north korea" from a URL-ish heading) collapse into one, and none
/// repeats the name itself. Within a case group the kept form is the most readable — mixed case,
/// then lower case, then capitals — and, among equals, the most frequent, then the first in sort
/// order. Sorted.
fn distinct_aliases(forms: &BTreeMap<&str, usize>, name: &str) -> Vec<String> {
    let readability = |f: &str| {
        let upper = f.chars().any(char::is_uppercase);
        let lower = f.chars().any(char::is_lowercase);
        match (upper, lower) {
            (true, true) => 2u8,
            (false, true) => 1,
            _ => 0,
        }
    };
    let mut best: BTreeMap<String, (&str, usize)> = BTreeMap::new();
    for (&form, &n) in forms {
        let key = form.lower();
        match best.get(&key) {
            Some(&(kept, kn))
                if (readability(kept), kn, std::cmp::Reverse(kept))
                    >= (readability(form), n, std::cmp::Reverse(form)) => {}
            _ => {
                best.insert(key, (form, n));
            }
        }
    }
    let name_key = name.lower();
    let mut aliases: Vec<String> = best
        .into_iter()
        .filter(|(key, _)| *key != name_key)
        .map(|(_, (form, _))| form.to_string())
        .collect();
    aliases.sort_stable();
    aliases
}

fn joined_rule(
    groups: &[Group],
    parent: &[usize],
    mut g: usize,
    root: usize,
) -> Option<&'static str> {
    // The first explicit join on the way from the item's group up to the root.
    while g != root && parent[g] != g {
        if let Some(r) = groups[g].joined {
            return Some(r);
        }
        g = parent[g];
    }
    None
}

/// Majority country from strong evidence (the mention itself, its noun phrase), else from weak.
fn vote_country<'a>(
    own: &[usize],
    items: &'a [Item],
    clues: &'a [Option<Box<context::Clues>>],
    codes: &'a Codes,
) -> Option<String> {
    let mut votes: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
    for &ii in own {
        if let Some((code, _)) = items[ii].country {
            votes.entry(codes.get(code)).or_default().0 += 2;
        }
        if let Some(code) = items[ii].home() {
            votes.entry(code).or_default().0 += 2;
        }
        for (code, w, _) in clues[ii].iter().flat_map(|c| &c.countries) {
            let v = votes.entry(code).or_default();
            if *w >= 2 {
                v.0 += w;
            } else {
                v.1 += w;
            }
        }
    }
    votes
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(c, _)| c.to_string())
}

fn collect_roles(
    own: &[usize],
    items: &[Item],
    clues: &[Option<Box<context::Clues>>],
    docs: &[DocInput],
) -> Vec<Role> {
    // Folded title → (display forms with counts, evidence).
    let mut by_title: BTreeMap<String, (BTreeMap<String, usize>, Vec<Evidence>)> = BTreeMap::new();
    for &ii in own {
        let d = &docs[items[ii].doc()];
        for (title, span) in clues[ii].iter().flat_map(|c| &c.roles) {
            let title = title.trim();
            if title.is_empty() {
                continue;
            }
            let key = title.lower();
            let entry = by_title.entry(key).or_default();
            *entry.0.entry(title.to_string()).or_default() += 1;
            entry.1.push(Evidence {
                doc: d.doc,
                start: span.start,
                end: span.end,
                text: span.of(d.text).to_string(),
            });
        }
    }
    by_title
        .into_values()
        .map(|(forms, mut evidence)| {
            let title = forms
                .iter()
                .max_by(|a, b| {
                    let caps = |s: &str| s.chars().next().is_some_and(char::is_uppercase);
                    (a.1, caps(a.0))
                        .cmp(&(b.1, caps(b.0)))
                        .then_with(|| b.0.cmp(a.0))
                })
                .map(|(f, _)| f.clone())
                .unwrap_or_default();
            evidence.sort_stable();
            evidence.dedup();
            Role { title, evidence }
        })
        .collect()
}

/// One document's full names with one surname: (position, group) sorted by position, and whether
/// they are all one group.
type Namesakes = (Vec<(usize, usize)>, Option<Unique>);

/// Step 2: move one-word person mentions into the full name they refer to.
fn resolve_short_names(
    items: &mut [Item],
    persons: &[usize],
    item_group: &mut [usize],
    groups: &[Group],
) {
    // Surname → full-name groups, per document (with positions) and across documents.
    let mut per_doc: FxMap<(usize, String), Namesakes> = FxMap::default();
    let mut corpus: FxMap<String, Option<Unique>> = FxMap::default();
    for &ii in persons {
        let it = &items[ii];
        if it.tokens < 2 {
            continue;
        }
        for s in &it.names.person_keys {
            per_doc
                .entry((it.doc(), s.clone()))
                .or_default()
                .0
                .push((it.span.start, item_group[ii]));
            Unique::note(corpus.entry(s.clone()).or_default(), item_group[ii]);
        }
    }
    // Per document and surname: the full names by position (a stable sort keeps insertion order
    // among equal positions), and whether they are all one group, so that each surname mention
    // costs a binary search, not a scan of every namesake in its document. In place: a second
    // map of every (document, surname) was built for nothing.
    for (cands, only) in per_doc.values_mut() {
        for c in cands.iter() {
            Unique::note(only, c.1);
        }
        cands.sort_stable_by_key(|c| c.0);
    }
    for &ii in persons {
        let it = &items[ii];
        if it.tokens != 1 {
            continue;
        }
        let key = &it.names.person_keys[0];
        let pos = it.span.start;
        let target = match per_doc.get(&(it.doc(), key.clone())) {
            Some((cands, only)) => {
                if let Some(g) = Unique::only(only.as_ref()) {
                    Some((g, &RULE_SURNAME_DOC))
                } else {
                    // The nearest before (the last of those at the closest position), else the
                    // nearest after (the first of those at the closest position).
                    let below = cands.partition_point(|c| c.0 < pos);
                    let before = below
                        .checked_sub(1)
                        .map(|i| &cands[i])
                        .or_else(|| cands.get(cands.partition_point(|c| c.0 <= pos)));
                    before.map(|c| (c.1, &RULE_SURNAME_NEAR))
                }
            }
            None => Unique::only(corpus.get(key).and_then(Option::as_ref))
                .map(|g| (g, &RULE_SURNAME_CORPUS)),
        };
        if let Some((g, rule)) = target {
            if groups[g].class == Class::Person {
                item_group[ii] = g;
                items[ii].rule = Some(rule);
            }
        }
    }
}

/// `Item::sorted` of a tag, which is not one of the recogniser's mentions.
const TAG: usize = usize::MAX;

/// Split a tag list into tags (by commas, slashes, bars, semicolons, bullets and line breaks),
/// as trimmed spans.
fn split_tags(text: &str, region: Span) -> Vec<Span> {
    let Some(body) = text.get(region.start..region.end) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut start = 0;
    let push = |a: usize, b: usize, out: &mut Vec<Span>| {
        let piece = &body[a..b];
        let lead = piece.len() - piece.trim_start().len();
        let t = piece.trim();
        if !t.is_empty() {
            let s = region.start + a + lead;
            out.push(Span::new(s, s + t.len()));
        }
    };
    for (i, c) in body.char_indices() {
        if matches!(c, ',' | '/' | '|' | ';' | '\n' | '•' | '·') {
            push(start, i, &mut out);
            start = i + c.len_utf8();
        }
    }
    push(start, body.len(), &mut out);
    out
}

/// Step 3b: attach the tags of tag-list regions to entities the main content already has.
fn add_tags(
    docs: &[DocInput],
    atlas: &dyn Atlas,
    group_of: &GroupIndex,
    codes: &mut Codes,
    items: &mut Vec<Item>,
    item_group: &mut Vec<usize>,
    item_country: &mut Vec<Option<usize>>,
) {
    if docs.iter().all(|d| d.tags.is_empty()) {
        return;
    }
    // Groups that will be entities: those with mentions, and countries that metonyms stand for.
    let mut live: Vec<bool> = vec![false; group_of.len()];
    for &g in item_group.iter() {
        live[g] = true;
    }
    for g in item_country.iter().flatten() {
        live[*g] = true;
    }
    let live_group = |class: Class, key: String| -> Option<usize> {
        group_of.get(&class, &key).filter(|&g| live[g])
    };
    // Surname → full-name person groups, per document and across documents.
    let mut per_doc: FxMap<(usize, String), Option<Unique>> = FxMap::default();
    let mut corpus: FxMap<String, Option<Unique>> = FxMap::default();
    for (ii, it) in items.iter().enumerate() {
        if it.kind == MentionKind::Person && it.tokens >= 2 {
            for s in &it.names.person_keys {
                Unique::note(
                    per_doc.entry((it.doc(), s.clone())).or_default(),
                    item_group[ii],
                );
                Unique::note(corpus.entry(s.clone()).or_default(), item_group[ii]);
            }
        }
    }
    for (di, d) in docs.iter().enumerate() {
        for region in d.tags {
            let tags = split_tags(d.text, *region);
            let mut i = 0;
            while i < tags.len() {
                // An inverted country name is two comma-separated tags: "KOREA, NORTH".
                let mut span = tags[i];
                let mut form = None;
                if let Some(next) = tags.get(i + 1) {
                    let joined = Span::new(span.start, next.end);
                    if let Some(f @ (_, Naming::Country)) = atlas.country_form(joined.of(d.text)) {
                        span = joined;
                        form = Some(f);
                        i += 1;
                    }
                }
                i += 1;
                let surface = span.of(d.text);
                let form = form.or_else(|| atlas.country_form(surface));
                let tokens = fold::tokens(surface);
                if tokens.is_empty() {
                    continue;
                }
                let roman = fold::roman_key(&tokens);
                let country_group = form
                    .as_ref()
                    .and_then(|(code, _)| live_group(Class::Country(code.clone()), code.clone()));
                let (group, kind) = match &form {
                    Some((_, Naming::Country)) => (country_group, MentionKind::Country),
                    Some((_, Naming::Capital)) => {
                        (live_group(Class::Place, roman.clone()), MentionKind::Place)
                    }
                    Some((_, Naming::Seat)) => (
                        live_group(Class::Organization, roman.clone()),
                        MentionKind::Organization,
                    ),
                    None => {
                        let by_name = [
                            (Class::Person, MentionKind::Person),
                            (Class::Organization, MentionKind::Organization),
                            (Class::Place, MentionKind::Place),
                        ]
                        .into_iter()
                        .find_map(|(c, k)| live_group(c, roman.clone()).map(|g| (Some(g), k)));
                        match by_name {
                            Some(found) => found,
                            None if tokens.len() == 1 => {
                                // A surname tag ("SHOIGU"): the document's one full name with it,
                                // else the corpus's one.
                                let key = fold::skeleton(&tokens[0]);
                                let g = match per_doc.get(&(di, key.clone())) {
                                    Some(u) => Unique::only(u.as_ref()),
                                    None => Unique::only(corpus.get(&key).and_then(Option::as_ref)),
                                };
                                (g, MentionKind::Person)
                            }
                            None => (None, MentionKind::Place),
                        }
                    }
                };
                let Some(group) = group.or(country_group) else {
                    continue;
                };
                items.push(Item {
                    doc: di as u32,
                    sorted: Item::new_index(TAG),
                    kind,
                    tokens: tokens.len().min(usize::from(u8::MAX)) as u8,
                    span,
                    names: Rc::new(Names {
                        surface: surface.into(),
                        spell: fold::spelling_key(&tokens).into(),
                        tokens,
                        home: None,
                        title: None,
                        lead: 0,
                        person_keys: Vec::new(),
                    }),
                    homed: false,
                    country: form.map(|(code, n)| (codes.intern(&code), n)),
                    rule: Some(&RULE_TAG),
                });
                item_group.push(group);
                item_country.push(country_group.filter(|&c| c != group));
            }
        }
    }
}

/// Link each document to its outlet: `sources` are (document, its text, where the text names
/// the outlet from its metadata). The outlet joins an organisation entity the documents already
/// have under that name (folded spelling, name or alias) as a mention of kind `source`; it
/// never creates an entity of its own — outlets in page furniture ("Al Jazeera", "Qatar
/// Tribune") are not the article's entities — and it adds nothing when the document already
/// mentions the entity in its text.
pub fn link_sources(resolved: &mut Resolved, sources: &[(DocId, &str, Span)]) {
    if sources.is_empty() {
        return;
    }
    // Folded name → organisation entities by that name or alias.
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, e) in resolved.entities.iter().enumerate() {
        if e.kind != EntityKind::Organization {
            continue;
        }
        for n in std::iter::once(&e.name).chain(&e.aliases) {
            let key = fold::roman_key(&fold::tokens(n));
            if !key.is_empty() {
                by_name.entry(key).or_default().push(i);
            }
        }
    }
    for &(doc, text, span) in sources {
        let Some(name) = text.get(span.start..span.end) else {
            continue;
        };
        let key = fold::roman_key(&fold::tokens(name));
        let Some(list) = by_name.get(&key) else {
            continue;
        };
        let mut list = list.clone();
        list.sort_unstable();
        list.dedup();
        // An ambiguous name (two organisations fold to it) links nothing.
        let [i] = list[..] else {
            continue;
        };
        let e = &mut resolved.entities[i];
        if e.docs.contains(&doc) {
            continue;
        }
        e.mentions.push(MentionRef {
            doc,
            start: span.start,
            end: span.end,
            kind: MentionOrigin::Source,
        });
        e.mentions.sort_stable();
        e.docs.push(doc);
        e.docs.sort_stable();
    }
}

/// Expansion groups an acronym group may stand for (with the rule that found each), and the
/// acronym's folded letters.
type AcronymCandidates = (Vec<(usize, &'static str)>, String);

/// Step 3: join acronyms to their expansions.
fn resolve_acronyms(
    docs: &[DocInput],
    sorted_docs: &[(Cow<[Mention]>, Vec<usize>)],
    items: &[Item],
    orgs: &[usize],
    item_group: &[usize],
    groups: &mut [Group],
    parent: &mut [usize],
) {
    // Initials of multi-word organisation names, per document and across documents.
    let mut per_doc: FxMap<(usize, String), Vec<usize>> = FxMap::default();
    let mut corpus: FxMap<String, Option<Unique>> = FxMap::default();
    // Items come in (document, sorted mention) order, one per mention at most and no tags yet:
    // the item of the mention before item `ii`'s, if it has one, is item `ii - 1` (no map from
    // mention to item is needed, which had an entry for every mention of the corpus).
    debug_assert!(items
        .windows(2)
        .all(|w| (w[0].doc, w[0].sorted) < (w[1].doc, w[1].sorted)));
    let item_before = |ii: usize| {
        let it = &items[ii];
        let pi = ii.checked_sub(1)?;
        let p = &items[pi];
        (p.doc == it.doc && it.sorted().checked_sub(1) == Some(p.sorted())).then_some(pi)
    };
    for &ii in orgs {
        let it = &items[ii];
        if it.tokens < 2 {
            continue;
        }
        let ini = fold::initials(&it.names.tokens);
        let g = item_group[ii];
        // Per document the list stays as short as the document.
        let list = per_doc.entry((it.doc(), ini.clone())).or_default();
        if !list.contains(&g) {
            list.push(g);
        }
        Unique::note(corpus.entry(ini).or_default(), g);
    }
    // Acronym groups, with the candidate expansions their mentions point at.
    let mut cands: BTreeMap<usize, AcronymCandidates> = BTreeMap::new();
    for &ii in orgs {
        let it = &items[ii];
        if it.tokens != 1 || !fold::looks_like_acronym(&it.names.surface) {
            continue;
        }
        let acr = &it.names.tokens[0];
        let entry = cands
            .entry(item_group[ii])
            .or_insert_with(|| (Vec::new(), acr.clone()));
        // "(RUSI)" right after an organisation mention.
        let text = docs[it.doc()].text;
        let before = text.get(..it.span.start).unwrap_or("").trim_end();
        if let Some(b) = before.strip_suffix('(') {
            let b = b.trim_end();
            if it.sorted() > 0 {
                let prev = &sorted_docs[it.doc()].0[it.sorted() - 1];
                if let Some(pi) = item_before(ii) {
                    let p = &items[pi];
                    let ends_here = prev.span.end == b.len() || p.span.end == b.len();
                    let caps: String = p
                        .names
                        .tokens
                        .iter()
                        .filter_map(|t| t.chars().next())
                        .collect();
                    let fits = (0..caps.len())
                        .any(|s| caps.is_char_boundary(s) && fold::abbreviates(acr, &caps[s..]));
                    if ends_here && p.kind == MentionKind::Organization && fits {
                        entry.0.push((item_group[pi], RULE_ACRONYM_PAREN));
                    }
                }
            }
        }
        if let Some(list) = per_doc.get(&(it.doc(), acr.clone())) {
            for &g in list {
                entry.0.push((g, RULE_ACRONYM_DOC));
            }
        }
    }
    for (g, (found, acr)) in cands {
        let mut distinct: Vec<usize> = found.iter().map(|f| f.0).filter(|&x| x != g).collect();
        distinct.sort_unstable();
        distinct.dedup();
        let target = if distinct.len() == 1 {
            let rule = found
                .iter()
                .find(|f| f.0 == distinct[0])
                .map_or(RULE_ACRONYM_DOC, |f| f.1);
            Some((distinct[0], rule))
        } else if distinct.is_empty() {
            match Unique::only(corpus.get(&acr).and_then(Option::as_ref)) {
                Some(only) if only != g => Some((only, RULE_ACRONYM_CORPUS)),
                _ => None,
            }
        } else {
            None
        };
        if let Some((into, rule)) = target {
            let a = find(parent, g);
            let b = find(parent, into);
            if a != b {
                // The expansion's group stays the root, so the entity is keyed by its full name.
                parent[a] = b;
                groups[a].joined = Some(rule);
            }
        }
    }
}

#[cfg(test)]
mod tests;
