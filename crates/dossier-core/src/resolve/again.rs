//! Names found again across documents: a name the recogniser found in one document's main content
//! is a name wherever else it appears capitalised in main content, even where the tagger missed it
//! ("ASEAN" tagged in one article, "Asean" missed in another). The per-document consistency pass of
//! `recognize` does this within a document; this pass does it across the corpus, before resolution,
//! so every later stage sees the mentions.
//!
//! Linear: one hash map of romanisation-folded names, then one pass over each sentence's
//! capitalised words (found eight bytes at a time), trying spans of up to four words at each.

use super::fold;
use super::FxMap;
use crate::gazetteer::{self, FastMap, FastSet, Flags};
use crate::model::{Mention, MentionKind, Sentence};
use crate::sort::SortStable;
use crate::span::Span;
use crate::text::ALNUM;

/// The longest name, in words, that is looked for.
const MAX_WORDS: usize = 4;

/// A name found at a word: how many words it spans and its kind votes.
type Found = Option<(usize, [u32; 3])>;

/// What is known of a word from its text alone: the name it is by itself, whether any name's
/// key starts with its key, and where its key lies in [`Memo::keys`].
type WordInfo = (Found, bool, (usize, usize));

/// Per-word memo: the words of news text repeat, so each distinct one is folded and looked up
/// once.
#[derive(Default)]
struct Memo<'t> {
    words: FastMap<&'t str, WordInfo>,
    /// The words' keys, one after another.
    keys: String,
    roman: fold::RomanKeys,
}

impl<'t> Memo<'t> {
    fn get(
        &mut self,
        w: &'t str,
        names: &FxMap<String, [u32; 3]>,
        prefixes: &FastSet<&str>,
    ) -> WordInfo {
        let Memo { words, keys, roman } = self;
        *words.entry(w).or_insert_with(|| {
            roman.clear();
            w.chars().for_each(|c| roman.push(c));
            let start = keys.len();
            roman.push_key(keys);
            let key = &keys[start..];
            let alone = names.get(key).map(|&votes| (1, votes));
            let leads = key.is_empty() || prefixes.contains(key);
            (alone, leads, (start, keys.len()))
        })
    }

    fn key(&self, (start, end): (usize, usize)) -> &str {
        &self.keys[start..end]
    }
}

/// One document's view for [`find_names_again`].
pub struct DocMentions<'a> {
    pub text: &'a str,
    pub sentences: &'a [Sentence],
    pub mentions: &'a mut Vec<Mention>,
}

/// Add mentions for capitalised occurrences of names found elsewhere (persons, organisations and
/// places; countries are the gazetteer's business). A name qualifies if it is several words, or
/// one word that is not an ordinary English word or a given name alone, and at least three
/// letters; an occurrence is added only where it overlaps no mention.
pub fn find_names_again(docs: &mut [DocMentions]) {
    // Romanisation-folded name → kind votes (person, organisation, place).
    let mut names: FxMap<String, [u32; 3]> = FxMap::default();
    let mut key_of: FastMap<&str, Option<String>> = FastMap::default();
    for d in docs.iter() {
        for m in d.mentions.iter() {
            let k = match m.kind {
                MentionKind::Person => 0,
                MentionKind::Organization => 1,
                MentionKind::Place => 2,
                MentionKind::Country => continue,
            };
            let surface = m.span.of(d.text);
            // Names repeat: each distinct surface is checked and folded once.
            let Some(key) = key_of.entry(surface).or_insert_with(|| name_key(surface)) else {
                continue;
            };
            match names.get_mut(key.as_str()) {
                Some(votes) => votes[k] += 1,
                None => {
                    let mut votes = [0; 3];
                    votes[k] = 1;
                    names.insert(key.clone(), votes);
                }
            }
        }
    }
    if names.is_empty() {
        return;
    }
    // Every start of every key (a few thousand short strings), so that whether any key starts
    // with a given text is one hash lookup.
    let prefixes: FastSet<&str> = names
        .keys()
        .flat_map(|key| key.char_indices().map(|(i, c)| &key[..i + c.len_utf8()]))
        .collect();
    let starts_some_key = |prefix: &str| prefix.is_empty() || prefixes.contains(prefix);
    let mut roman = fold::RomanKeys::default();
    let mut keys: [String; MAX_WORDS] = Default::default();
    let mut memo = Memo::default();
    let mut run = String::new();
    for d in docs.iter_mut() {
        let text: &str = d.text;
        let mut add: Vec<Mention> = Vec::new();
        d.mentions.sort_stable();
        for s in d.sentences {
            let Some(body) = text.get(s.span.start..s.span.end) else {
                continue;
            };
            let base = s.span.start;
            // Only a capitalised word can start a name, so the sentence is searched for those
            // alone, and up to four words are read forward from each: most words are never
            // split out at all. The words read ahead (spans in the text, whether capitalised,
            // and where each one's reading ended, past any possessive), the first capitalised:
            // each word is read once.
            let mut ahead = [(Span::new(0, 0), false, 0); MAX_WORDS];
            let mut len = 0;
            let mut ended = false;
            let mut from = 0;
            loop {
                if len == 0 {
                    let at = if ended {
                        None
                    } else {
                        capital_word(body, from)
                    };
                    let Some(at) = at else {
                        break;
                    };
                    ahead[0] = read_word(body, base, at, true);
                    len = 1;
                }
                // The word alone: its answer depends on its text only.
                let (alone, leads, key0) = memo.get(ahead[0].0.of(text), &names, &prefixes);
                // A capitalised word no longer name can start with: when its last fold token
                // ends with it, every longer run's key starts with its key; the words after it
                // need not be read.
                let found = if !leads && token_ends(text, ahead[0].0.end) {
                    alone
                } else if let Some(found) = {
                    // Word by word while each word's fold token ends with it (nearly always):
                    // a run's key is then its words' keys one after another, and once no name's
                    // key starts with a run's, no longer run is read. `None` when a token goes
                    // on past a word ("Lavrov's"), for the reading by chars below.
                    run.clear();
                    let mut found = None;
                    let mut k = 0;
                    loop {
                        if k == len {
                            let next = if ended {
                                None
                            } else {
                                next_word(body, ahead[len - 1].2)
                            };
                            let Some((at, capital)) = next else {
                                ended = true;
                                break Some(found);
                            };
                            ahead[len] = read_word(body, base, at, capital);
                            len += 1;
                        }
                        let (span, capital, _) = ahead[k];
                        let key = if k == 0 {
                            key0
                        } else {
                            memo.get(span.of(text), &names, &prefixes).2
                        };
                        run.push_str(memo.key(key));
                        k += 1;
                        // Romanisation-folded, so "Choe Son-hui" is found for "Choe Son Hui".
                        if capital {
                            if let Some(votes) = names.get(run.as_str()) {
                                found = Some((k, *votes));
                            }
                        }
                        if k == MAX_WORDS {
                            break Some(found);
                        }
                        if !token_ends(text, span.end) {
                            break None;
                        }
                        if !starts_some_key(&run) {
                            break Some(found);
                        }
                    }
                } {
                    found
                } else {
                    while len < MAX_WORDS && !ended {
                        match next_word(body, ahead[len - 1].2) {
                            Some((at, capital)) => {
                                ahead[len] = read_word(body, base, at, capital);
                                len += 1;
                            }
                            None => ended = true,
                        }
                    }
                    let words = &ahead[..len];
                    // The keys of the runs of 1..=m words from here: each run is a prefix of the
                    // next, so one pass over the longest gives them all. Only a run that ends on
                    // a capital can be taken, so the pass stops at the last such word and only
                    // those runs get a key.
                    let cap = |k: usize| words[k].1;
                    let m = (1..=len).rev().find(|&n| cap(n - 1)).unwrap_or(1);
                    if m == 1 {
                        // A lone capitalised word.
                        alone
                    } else {
                        roman.clear();
                        // Runs of up to `next` words have their keys.
                        let mut next = 0;
                        let mut settled = 0;
                        let mut hopeless = false;
                        let first = words[0].0.start;
                        for (off, c) in text[first..words[m - 1].0.end].char_indices() {
                            if next < m && first + off == words[next].0.end {
                                // A word ends here: when the char after it ends its fold token
                                // (a space, usually), the run's key is the completed tokens' key,
                                // so the token's skeleton is made once, not twice.
                                if ends_token(c) {
                                    roman.push(c);
                                    if cap(next) {
                                        keys[next].clear();
                                        keys[next].push_str(roman.settled());
                                    }
                                } else {
                                    if cap(next) {
                                        roman.key_into(&mut keys[next]);
                                    }
                                    roman.push(c);
                                }
                                next += 1;
                            } else {
                                roman.push(c);
                            }
                            // Every longer run's key starts with the completed tokens' key: when no
                            // name's key does, the rest of the run is not read (the usual case, as
                            // in "The President", where no name starts with "the").
                            if roman.settled().len() != settled {
                                settled = roman.settled().len();
                                if !starts_some_key(roman.settled()) {
                                    hopeless = true;
                                    break;
                                }
                            }
                        }
                        while next < m && !hopeless {
                            if cap(next) {
                                roman.key_into(&mut keys[next]);
                            }
                            next += 1;
                        }
                        let mut found = None;
                        for n in (1..=next).rev() {
                            // Romanisation-folded, so "Choe Son-hui" is found for "Choe Son Hui".
                            if cap(n - 1) {
                                if let Some(votes) = names.get(&keys[n - 1]) {
                                    found = Some((n, *votes));
                                    break;
                                }
                            }
                        }
                        found
                    }
                };
                if let Some((n, votes)) = found {
                    let span = Span::new(ahead[0].0.start, ahead[n - 1].0.end);
                    let lo = d.mentions.partition_point(|m| m.span.end <= span.start);
                    let overlaps = d.mentions.get(lo).is_some_and(|m| m.span.start < span.end);
                    if !overlaps {
                        let k = (0..3)
                            .max_by_key(|&k| (votes[k], std::cmp::Reverse(k)))
                            .unwrap_or(0);
                        add.push(Mention {
                            span,
                            kind: [
                                MentionKind::Person,
                                MentionKind::Organization,
                                MentionKind::Place,
                            ][k],
                            country: None,
                        });
                    }
                }
                // The words taken (or the capitalised word tried) are passed over, and so are
                // the lower-case ones after them.
                let mut taken = found.map_or(1, |(n, _)| n);
                while taken < len && !ahead[taken].1 {
                    taken += 1;
                }
                from = ahead[taken - 1].2;
                ahead.copy_within(taken..len, 0);
                len -= taken;
            }
        }
        if !add.is_empty() {
            // Exactly: the lists are kept for all documents until resolution, and `extend`
            // would double the capacity.
            d.mentions.reserve_exact(add.len());
            d.mentions.extend(add);
            d.mentions.sort_stable();
        }
    }
}

/// Whether `c` ends a fold token (see [`fold::tokens`]).
fn ends_token(c: char) -> bool {
    !c.is_alphanumeric() && c != '.' && !fold::is_apostrophe(c)
}

/// Whether the fold token (see [`fold::tokens`]) of a word ending at `end` ends there too: what
/// follows, past the dots and apostrophes folding drops, is no letter or digit: so after a space,
/// a comma, a closing quote or a sentence's full stop, but not before a possessive "'s".
fn token_ends(text: &str, end: usize) -> bool {
    !text[end..]
        .chars()
        .find(|&c| c != '.' && !fold::is_apostrophe(c))
        .is_some_and(char::is_alphanumeric)
}

/// The romanisation key a mention's surface is looked for by, or `None` when it does not
/// qualify (see [`find_names_again`]).
fn name_key(surface: &str) -> Option<String> {
    let words: Vec<&str> = surface.split_whitespace().collect();
    if words.is_empty()
        || words.len() > MAX_WORDS
        || !words.iter().all(|w| w.starts_with(char::is_uppercase))
    {
        return None;
    }
    let toks = fold::tokens(surface);
    let key = fold::roman_key(&toks);
    if key.chars().count() < 3 {
        return None;
    }
    if words.len() == 1 {
        let flags = gazetteer::lexicon(words[0]);
        if flags.intersects(Flags::COMMON_WORD | Flags::GIVEN_NAME | Flags::TITLE) {
            return None;
        }
    }
    Some(key)
}

// Words are runs of letters and digits (with inner dots, hyphens and apostrophes), possessive
// "'s" left out. Sentences are read from capitalised word starts only, so ASCII is read as bytes
// (letters and digits by table) and only other characters are decoded.

/// The char at `i` (a char boundary inside `body`).
fn char_at(body: &str, i: usize) -> char {
    body[i..].chars().next().unwrap_or(' ')
}

/// Whether the char at `i` (a char boundary) is a letter or digit.
fn alnum_at(body: &str, i: usize) -> bool {
    match body.as_bytes().get(i) {
        Some(&b) if b < 0x80 => ALNUM[usize::from(b)],
        Some(_) => char_at(body, i).is_alphanumeric(),
        None => false,
    }
}

/// The first capitalised word starting at or after `from`. A letter starts a word unless a
/// letter or digit comes before it, or a dot, hyphen or apostrophe that itself follows one
/// (a word goes on over those).
fn capital_word(body: &str, mut from: usize) -> Option<usize> {
    loop {
        let at = capital_or_wide(body.as_bytes(), from)?;
        if !body.is_char_boundary(at) {
            from = at + 1;
            continue;
        }
        let c = char_at(body, at);
        from = at + c.len_utf8();
        if !(c.is_uppercase() && c.is_alphanumeric()) {
            continue;
        }
        let mut before = body[..at].chars().rev();
        let starts = match before.next() {
            None => true,
            Some('.' | '-' | '\'' | '’') => !before.next().is_some_and(char::is_alphanumeric),
            Some(b) => !b.is_alphanumeric(),
        };
        if starts {
            return Some(at);
        }
    }
}

/// The first byte at or after `from` that is an ASCII capital or not ASCII. Capitals are a few
/// bytes in a hundred, so eight bytes are tested at once: with the top bit of each byte cleared,
/// adding 0x80 − 'A' (or 0x80 − 'Z' − 1) sets it exactly where the byte is at least 'A' (above
/// 'Z'), and no sum carries into the next byte.
fn capital_or_wide(bytes: &[u8], mut from: usize) -> Option<usize> {
    const ONES: u64 = u64::MAX / 255;
    const TOP: u64 = ONES * 0x80;
    while let Some(chunk) = bytes.get(from..from + 8) {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let low = x & !TOP;
        let from_a = low + ONES * u64::from(0x80 - b'A');
        let past_z = low + ONES * u64::from(0x80 - b'Z' - 1);
        let hits = (x | (from_a & !past_z)) & TOP;
        if hits != 0 {
            return Some(from + (hits.trailing_zeros() / 8) as usize);
        }
        from += 8;
    }
    let rest = bytes.get(from..)?;
    let i = rest
        .iter()
        .position(|&b| b.is_ascii_uppercase() || b >= 0x80)?;
    Some(from + i)
}

/// The word starting at `start` of a sentence starting at `base` of the text: its span in the
/// text (possessive left out), whether it is capitalised, and where its reading ended.
#[inline]
fn read_word(body: &str, base: usize, start: usize, capital: bool) -> (Span, bool, usize) {
    let end = word_end(body, start);
    let span = Span::new(base + start, base + without_possessive(body, start, end));
    (span, capital, end)
}

/// The next word starting at or after `from` (outside any word), and whether it is capitalised.
fn next_word(body: &str, mut from: usize) -> Option<(usize, bool)> {
    let bytes = body.as_bytes();
    while let Some(&b) = bytes.get(from) {
        if b < 0x80 {
            if ALNUM[usize::from(b)] {
                return Some((from, b.is_ascii_uppercase()));
            }
            from += 1;
        } else {
            let c = char_at(body, from);
            if c.is_alphanumeric() {
                return Some((from, c.is_uppercase()));
            }
            from += c.len_utf8();
        }
    }
    None
}

/// Where the word starting at `i` ends: it goes on over letters and digits, and over a dot,
/// hyphen or apostrophe with a letter or digit after it; so it always ends on a letter or digit.
fn word_end(body: &str, mut i: usize) -> usize {
    let bytes = body.as_bytes();
    while let Some(&b) = bytes.get(i) {
        if ALNUM[usize::from(b)] {
            i += 1;
        } else if b < 0x80 {
            if matches!(b, b'.' | b'-' | b'\'') && alnum_at(body, i + 1) {
                i += 1;
            } else {
                break;
            }
        } else {
            let c = char_at(body, i);
            let len = c.len_utf8();
            if c.is_alphanumeric() || (c == '’' && alnum_at(body, i + len)) {
                i += len;
            } else {
                break;
            }
        }
    }
    i
}

/// The end of the word `start..end` without a possessive: "Lavrov's" → "Lavrov" (the word keeps
/// more than a letter before it).
fn without_possessive(body: &str, start: usize, end: usize) -> usize {
    let word = &body[start..end];
    if word.len() > 3 && word.ends_with("'s") {
        end - 2
    } else if word.len() > 5 && word.ends_with("’s") {
        end - "’s".len()
    } else {
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The character-by-character reading of a sentence's words.
    fn words_reference(text: &str, sentence: Span) -> Vec<Span> {
        let mut out = Vec::new();
        let body = &text[sentence.start..sentence.end];
        let chars: Vec<(usize, char)> = body.char_indices().collect();
        let mut start: Option<usize> = None;
        let mut last_alnum = 0;
        for (k, &(i, c)) in chars.iter().enumerate() {
            let alnum = c.is_alphanumeric();
            let inner = !alnum
                && matches!(c, '.' | '-' | '\'' | '’')
                && start.is_some()
                && chars.get(k + 1).is_some_and(|&(_, n)| n.is_alphanumeric());
            if alnum || inner {
                start.get_or_insert(i);
                if alnum {
                    last_alnum = i + c.len_utf8();
                }
            } else if let Some(s) = start.take() {
                out.push(Span::new(sentence.start + s, sentence.start + last_alnum));
            }
        }
        if let Some(s) = start {
            out.push(Span::new(sentence.start + s, sentence.start + last_alnum));
        }
        for w in out.iter_mut() {
            let t = w.of(text);
            for p in ["'s", "’s"] {
                if t.len() > p.len() + 1 && t.ends_with(p) {
                    w.end -= p.len();
                    break;
                }
            }
        }
        out
    }

    proptest::proptest! {
        /// The byte-wise reading finds the words the character-wise one found, and the
        /// capitalised ones are found without reading the rest.
        #[test]
        fn words_equal_reference(
            text in "(Kim|Jong|é|Ö|٣|1|s|S|'|’|\\.|-|,| |  |\u{a0}|\\(){0,24}",
            cut in 0usize..4,
        ) {
            let start = text.char_indices().nth(cut).map_or(text.len(), |(i, _)| i);
            let sentence = Span::new(start, text.len());
            let body = &text[start..];
            let (mut words, mut caps) = (Vec::new(), Vec::new());
            let mut next = next_word(body, 0);
            while let Some((at, capital)) = next {
                let (span, _, end) = read_word(body, start, at, capital);
                words.push(span);
                caps.push(capital);
                next = next_word(body, end);
            }
            let expected = words_reference(&text, sentence);
            let capitals: Vec<bool> = expected
                .iter()
                .map(|w| w.of(&text).starts_with(char::is_uppercase))
                .collect();
            let mut capital_starts = Vec::new();
            let mut from = 0;
            while let Some(at) = capital_word(body, from) {
                capital_starts.push(start + at);
                from = at + 1;
            }
            let expected_starts: Vec<usize> = expected
                .iter()
                .zip(&capitals)
                .filter(|(_, &c)| c)
                .map(|(w, _)| w.start)
                .collect();
            proptest::prop_assert_eq!(words, expected);
            proptest::prop_assert_eq!(caps, capitals);
            proptest::prop_assert_eq!(capital_starts, expected_starts);
        }

        /// Eight bytes at a time finds the byte one at a time finds.
        #[test]
        fn capital_or_wide_equals_bytewise(
            text in "[@A-Z\\[`a-z{é’ ]{0,40}",
            from in 0usize..44,
        ) {
            let bytes = text.as_bytes();
            let expected = (from..bytes.len())
                .find(|&i| bytes[i].is_ascii_uppercase() || bytes[i] >= 0x80);
            proptest::prop_assert_eq!(capital_or_wide(bytes, from), expected);
        }
    }
}
