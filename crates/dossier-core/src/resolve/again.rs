//! Names found again across documents: a name the recogniser found in one document's main content
//! is a name wherever else it appears capitalised in main content, even where the tagger missed it
//! ("ASEAN" tagged in one article, "Asean" missed in another). The per-document consistency pass of
//! `recognize` does this within a document; this pass does it across the corpus, before resolution,
//! so every later stage sees the mentions.
//!
//! Linear: one hash map of romanisation-folded names, then one pass over each sentence's words
//! trying spans of up to four words at each capitalised word.

use super::fold;
use super::FxMap;
use crate::gazetteer::{self, FastMap, FastSet, Flags};
use crate::model::{Mention, MentionKind, Sentence};
use crate::sort::SortStable;
use crate::span::Span;

/// The longest name, in words, that is looked for.
const MAX_WORDS: usize = 4;

/// A name found at a word: how many words it spans and its kind votes.
type Found = Option<(usize, [u32; 3])>;

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
    // Per-word memo of a capitalised word's match alone, and whether any name's key starts with
    // its key (see below).
    let mut single: FastMap<&str, (Found, bool)> = FastMap::default();
    for d in docs.iter_mut() {
        let text: &str = d.text;
        let mut add: Vec<Mention> = Vec::new();
        d.mentions.sort_stable();
        let (mut words, mut caps) = (Vec::new(), Vec::new());
        for s in d.sentences {
            words_into(d.text, s.span, &mut words, &mut caps);
            let mut i = 0;
            while i < words.len() {
                if !caps[i] {
                    i += 1;
                    continue;
                }
                let w = words[i].of(text);
                // The keys of the runs of 1..=m words from here: each run is a prefix of the next,
                // so one pass over the longest gives them all. Only a run that ends on a capital
                // can be taken, so the pass stops at the last such word and only those runs get a
                // key.
                let cap = |k: usize| caps[k];
                let m = (1..=MAX_WORDS.min(words.len() - i))
                    .rev()
                    .find(|&n| cap(i + n - 1))
                    .unwrap_or(1);
                // The word alone: its answer depends on its text only, so each distinct word is
                // folded and looked up once.
                let (alone, leads) = *single.entry(w).or_insert_with(|| {
                    roman.clear();
                    w.chars().for_each(|c| roman.push(c));
                    roman.key_into(&mut keys[0]);
                    let alone = names.get(&keys[0]).map(|&votes| (1, votes));
                    (alone, starts_some_key(&keys[0]))
                });
                // A lone capitalised word (the usual case), or one no longer name can start with:
                // a space after it ends its token, so every longer run's key starts with its key.
                let found = if m == 1
                    || (!leads && text[words[i].end..].starts_with(char::is_whitespace))
                {
                    alone
                } else {
                    roman.clear();
                    // Runs of up to `next` words have their keys.
                    let mut next = 0;
                    let mut settled = 0;
                    let mut hopeless = false;
                    for (off, c) in d.text[words[i].start..words[i + m - 1].end].char_indices() {
                        while next < m && words[i].start + off == words[i + next].end {
                            if cap(i + next) {
                                roman.key_into(&mut keys[next]);
                            }
                            next += 1;
                        }
                        roman.push(c);
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
                        if cap(i + next) {
                            roman.key_into(&mut keys[next]);
                        }
                        next += 1;
                    }
                    let mut found = None;
                    for n in (1..=next).rev() {
                        // Romanisation-folded, so "Choe Son-hui" is found for "Choe Son Hui".
                        if cap(i + n - 1) {
                            if let Some(votes) = names.get(&keys[n - 1]) {
                                found = Some((n, *votes));
                                break;
                            }
                        }
                    }
                    found
                };
                let Some((n, votes)) = found else {
                    i += 1;
                    continue;
                };
                let span = Span::new(words[i].start, words[i + n - 1].end);
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
                i += n;
            }
        }
        if !add.is_empty() {
            d.mentions.extend(add);
            d.mentions.sort_stable();
        }
    }
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

/// ASCII letters and digits, by byte (no other byte is one).
const ASCII_ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// The words of a sentence into `out` (cleared first): runs of letters and digits (with inner
/// dots, hyphens and apostrophes), possessive "'s" left out. `caps` gets whether each word
/// starts with a capital. This reads every sentence of every document, so ASCII is read as
/// bytes (letters and digits by table) and only other characters are decoded.
fn words_into(text: &str, sentence: Span, out: &mut Vec<Span>, caps: &mut Vec<bool>) {
    out.clear();
    caps.clear();
    let Some(body) = text.get(sentence.start..sentence.end) else {
        return;
    };
    let bytes = body.as_bytes();
    let n = bytes.len();
    // The char at `i` (a char boundary below `n`) and its length.
    let decode = |i: usize| {
        let c = body[i..].chars().next().unwrap_or(' ');
        (c, c.len_utf8())
    };
    let alnum_at = |i: usize| match bytes.get(i) {
        Some(&b) if b < 0x80 => ASCII_ALNUM[usize::from(b)],
        Some(_) => decode(i).0.is_alphanumeric(),
        None => false,
    };
    let mut i = 0;
    while i < n {
        let b = bytes[i];
        let first = if b < 0x80 {
            if !ASCII_ALNUM[usize::from(b)] {
                i += 1;
                continue;
            }
            i += 1;
            char::from(b)
        } else {
            let (c, len) = decode(i);
            i += len;
            if !c.is_alphanumeric() {
                continue;
            }
            c
        };
        let start = i - first.len_utf8();
        // A word goes on over letters and digits, and over a dot, hyphen or apostrophe with a
        // letter or digit after it; so it always ends on a letter or digit.
        while i < n {
            let b = bytes[i];
            if ASCII_ALNUM[usize::from(b)] {
                i += 1;
            } else if b < 0x80 {
                if matches!(b, b'.' | b'-' | b'\'') && alnum_at(i + 1) {
                    i += 1;
                } else {
                    break;
                }
            } else {
                let (c, len) = decode(i);
                if c.is_alphanumeric() || (c == '’' && alnum_at(i + len)) {
                    i += len;
                } else {
                    break;
                }
            }
        }
        // "Lavrov's" → "Lavrov" (the word keeps more than a letter before it).
        let word = &body[start..i];
        let end = if word.len() > 3 && word.ends_with("'s") {
            i - 2
        } else if word.len() > 5 && word.ends_with("’s") {
            i - "’s".len()
        } else {
            i
        };
        out.push(Span::new(sentence.start + start, sentence.start + end));
        caps.push(first.is_uppercase());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The character-by-character reading `words_into` replaced.
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
        /// The byte-wise reading finds the words the character-wise one found.
        #[test]
        fn words_equal_reference(
            text in "(Kim|Jong|é|Ö|٣|1|s|S|'|’|\\.|-|,| |  |\u{a0}|\\(){0,24}",
            cut in 0usize..4,
        ) {
            let start = text.char_indices().nth(cut).map_or(text.len(), |(i, _)| i);
            let sentence = Span::new(start, text.len());
            let (mut words, mut caps) = (vec![Span::new(0, 0)], vec![false]);
            words_into(&text, sentence, &mut words, &mut caps);
            let expected = words_reference(&text, sentence);
            let capitals: Vec<bool> = expected
                .iter()
                .map(|w| w.of(&text).starts_with(char::is_uppercase))
                .collect();
            proptest::prop_assert_eq!(words, expected);
            proptest::prop_assert_eq!(caps, capitals);
        }
    }
}
