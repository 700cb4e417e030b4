//! Coreference the relation patterns need, within one document: titles ("the foreign minister",
//! "the North Korean leader", "Putin's foreign minister", "his North Korean counterpart") and
//! pronouns ("he", "she") become extra mentions of the person they refer to, so that "The foreign
//! minister met Kim" reads like "Lavrov met Kim".
//!
//! Titles are learnt from the document itself ("Russian Foreign Minister Sergei Lavrov", "Sergei
//! Shoigu, a top Kremlin security official,") and from the entities' roles; a title phrase refers to
//! the most recent person who held that title (and country, when the phrase names one). A pronoun is
//! resolved only when exactly one person can be meant: the only person named earlier in the same
//! sentence, or else the only person named in the previous sentence, or, for a pronoun opening its
//! sentence, the person the previous sentence opened with as its subject. Ambiguity means no
//! mention.

use super::lexicon::{TITLE_HEADS, TITLE_NOISE, TITLE_WORDS};
use super::patterns::{is_demonym, EntInfo};
use super::tokens::{Ment, Tok};
use crate::analysis::EntityKind;
use crate::gazetteer::FastMap;
use crate::sort::SortStable;
use crate::span::{EntityId, Span};

/// What coreference needs to know about entities beyond their names.
pub(crate) trait CorefInfo: EntInfo {
    /// ISO code of the entity's country (a country's own code for a country).
    fn country(&self, id: EntityId) -> Option<&str>;
    /// Titles (roles) people are known to hold, lowercase, with their country and who they are.
    fn titles(&self) -> &KnownTitles;
}

/// The titles people are known to hold (lowercase title, country, holder), in a fixed order, with
/// lookups by the title's last word and by holder: every title phrase of every document is
/// matched against them, and scanning them all would cost phrases × people with roles.
#[derive(Debug, Default)]
pub(crate) struct KnownTitles {
    list: Vec<(String, Option<String>, EntityId)>,
    /// Positions in `list`, by the title's last word.
    by_last: FastMap<String, Vec<usize>>,
    /// The last position in `list` of each holder.
    last_of: FastMap<EntityId, usize>,
}

impl KnownTitles {
    pub(crate) fn new(list: Vec<(String, Option<String>, EntityId)>) -> KnownTitles {
        let mut by_last: FastMap<String, Vec<usize>> = FastMap::default();
        let mut last_of = FastMap::default();
        for (k, (t, _, id)) in list.iter().enumerate() {
            let last = t.rsplit(' ').next().unwrap_or(t);
            by_last.entry(last.to_string()).or_default().push(k);
            last_of.insert(*id, k);
        }
        KnownTitles {
            list,
            by_last,
            last_of,
        }
    }

    /// The last title `holder` is known by.
    fn last_of(&self, holder: EntityId) -> Option<&str> {
        self.last_of.get(&holder).map(|&k| self.list[k].0.as_str())
    }

    /// The last known title (in list order) that `phrase` can name and that `ok` accepts.
    /// [`title_matches`] needs the held title's last word to be the phrase's last word, or, for
    /// a one-word phrase, to end with it; only those entries are looked at.
    fn last_match(
        &self,
        phrase: &str,
        ok: impl Fn(&str, Option<&str>, EntityId) -> bool,
    ) -> Option<EntityId> {
        let last = phrase.rsplit(' ').next().unwrap_or(phrase);
        let lists: Vec<&Vec<usize>> = if phrase.contains(' ') {
            self.by_last.get(last).into_iter().collect()
        } else {
            self.by_last
                .iter()
                .filter(|(w, _)| w.ends_with(last))
                .map(|(_, v)| v)
                .collect()
        };
        lists
            .into_iter()
            .flatten()
            .copied()
            .filter(|&k| {
                let (t, c, id) = &self.list[k];
                title_matches(phrase, t) && ok(t, c.as_deref(), *id)
            })
            .max()
            .map(|k| self.list[k].2)
    }
}

#[derive(Clone, Debug)]
struct Held {
    title: String,
    country: Option<String>,
    id: EntityId,
    order: usize,
}

fn norm_title(words: &[&str]) -> Option<String> {
    let kept: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| !TITLE_NOISE.contains(w))
        .collect();
    let last = kept.last()?;
    if !TITLE_HEADS.contains(last) && *last != "counterpart" {
        return None;
    }
    let mut t = kept.join(" ");
    // "top diplomat" is how news names a foreign minister.
    if t == "diplomat" {
        t = "foreign minister".into();
    }
    Some(t)
}

/// Whether a phrase title names a held title: equal, or a bare head ("leader") that the held title
/// ends with ("supreme leader").
fn title_matches(phrase: &str, held: &str) -> bool {
    if phrase == held {
        return true;
    }
    !phrase.contains(' ')
        && held.ends_with(phrase)
        && !held.starts_with("deputy")
        && !held.starts_with("vice")
        && !held.starts_with("former")
}

/// Extra mentions (titles, pronouns) for one document; `sentences` in document order.
/// `sentences` are the document's sentences already tokenised with the mentions found so far.
pub(crate) fn corefs<I: CorefInfo>(sentences: &[Vec<Tok>], info: &I) -> Vec<Ment> {
    // The known titles count as held before the document starts (order 0); they are shared by
    // every document, so they are read in place rather than copied into `held`.
    let known = info.titles();
    let mut held: Vec<Held> = Vec::new();
    let mut out = Vec::new();
    let mut order = 1;
    let mut prev_people: Vec<EntityId> = Vec::new();
    let mut prev_subject: Option<EntityId> = None;
    // The people and other entities of the sentence being read: two lists for all sentences.
    let mut people: Vec<EntityId> = Vec::new();
    let mut others: Vec<(EntityId, EntityKind)> = Vec::new();
    for toks in sentences {
        learn_titles(toks, info, &mut held, order);
        people.clear();
        others.clear();
        let mut i = 0;
        while i < toks.len() {
            let t = &toks[i];
            if let Some((id, kind)) = t.ent() {
                if kind == EntityKind::Person {
                    if !people.contains(&id) {
                        people.push(id);
                    }
                } else if !is_demonym(t, info) && !others.iter().any(|o| o.0 == id) {
                    others.push((id, kind));
                }
                i += 1;
                continue;
            }
            // Every word read below ("it", "he", "she", "him", "the", "his", "her") has two or
            // three letters: most words are none of them at this one comparison.
            if t.lower.len() > 3 {
                i += 1;
                continue;
            }
            // "Beijing denied reports that it had supplied drones": a clause's "it" is the one
            // country, organisation or place named before it in the sentence.
            if t.is_word() && t.lower == "it" && i > 0 && toks[i - 1].is("that") {
                if let [(id, kind)] = others[..] {
                    out.push(Ment {
                        span: t.span,
                        id,
                        kind,
                        coref: true,
                    });
                }
                i += 1;
                continue;
            }
            if t.is_word() && matches!(t.lower.as_ref(), "he" | "she" | "him") {
                let cands = if people.is_empty() {
                    &prev_people
                } else {
                    &people
                };
                // A pronoun opening its sentence continues the previous sentence's subject ("Erdogan
                // spoke with Zelensky. He later condemned …"), however many people that sentence
                // names.
                let only = if cands.len() == 1 {
                    Some(cands[0])
                } else if i == 0 && t.lower != "him" && people.is_empty() {
                    prev_subject
                } else {
                    None
                };
                if let Some(id) =
                    only.filter(|_| !(i > 0 && toks[i - 1].is("that") && people.is_empty()))
                {
                    out.push(Ment {
                        span: t.span,
                        id,
                        kind: EntityKind::Person,
                        coref: true,
                    });
                }
                i += 1;
                continue;
            }
            // A title phrase opens with "the", "his" or "her" here (a possessor's "Putin's" is an
            // entity, handled above): other words are not even looked at.
            if !matches!(t.lower.as_ref(), "the" | "his" | "her") {
                i += 1;
                continue;
            }
            let titles = Titles { known, held: &held };
            if let Some((end, id)) = title_phrase(toks, i, info, titles, &people, order + i) {
                out.push(Ment {
                    span: Span::new(toks[i].span.start, toks[end].span.end),
                    id,
                    kind: EntityKind::Person,
                    coref: true,
                });
                if !people.contains(&id) {
                    people.push(id);
                }
                i = end + 1;
                continue;
            }
            i += 1;
        }
        order += toks.len() + 1;
        std::mem::swap(&mut prev_people, &mut people);
        prev_subject = subject(toks);
    }
    out.sort_stable();
    out.dedup_by(|a, b| a.span == b.span);
    out
}

/// The person a sentence opens with as its subject: the first name, within the first few words,
/// not after a preposition ("Erdogan spoke with …", "Turkish President Erdogan spoke …").
fn subject(toks: &[Tok]) -> Option<EntityId> {
    let k = toks.iter().take(6).position(|t| t.ent().is_some())?;
    let (id, kind) = toks[k].ent()?;
    let after_prep = k > 0 && super::lexicon::PREPS.contains(&toks[k - 1].lower.as_ref());
    (kind == EntityKind::Person && !after_prep && !toks[..k].iter().any(|t| t.is(",")))
        .then_some(id)
}

/// The titles a phrase can refer to: the known ones (held from order 0) and those learnt from the
/// document so far (from order 1 on, so they come before any known one).
#[derive(Clone, Copy)]
struct Titles<'a> {
    known: &'a KnownTitles,
    held: &'a [Held],
}

/// Record "Russian Foreign Minister Sergei Lavrov" and "Shoigu, a top Kremlin security official,".
fn learn_titles<I: CorefInfo>(toks: &[Tok], info: &I, held: &mut Vec<Held>, order: usize) {
    for (j, t) in toks.iter().enumerate() {
        let Some((id, EntityKind::Person)) = t.ent() else {
            continue;
        };
        // Title words right before the name.
        let mut k = j;
        let mut words: Vec<&str> = Vec::new();
        let mut country: Option<String> = None;
        while k > 0 {
            let p = &toks[k - 1];
            if p.is_word() && TITLE_WORDS.contains(&p.lower.as_ref()) {
                words.insert(0, p.lower.as_ref());
                k -= 1;
            } else if is_demonym(p, info) || matches!(p.ent(), Some((_, EntityKind::Organization)))
            {
                if let Some((cid, _)) = p.ent() {
                    country = info.country(cid).map(str::to_string);
                }
                break;
            } else {
                break;
            }
        }
        // The person's own country when no demonym says: looked up (and copied) only for a
        // title found, not at every name.
        let country = || {
            country
                .clone()
                .or_else(|| info.country(id).map(str::to_string))
        };
        if let Some(title) = norm_title(&words) {
            held.push(Held {
                title,
                country: country(),
                id,
                order: order + j,
            });
        }
        // Apposition: ", a top Kremlin security official,".
        if toks.get(j + 1).is_some_and(|x| x.is(","))
            && toks
                .get(j + 2)
                .is_some_and(|x| matches!(x.lower.as_ref(), "a" | "an" | "the"))
        {
            let mut words: Vec<&str> = Vec::new();
            let mut c2 = None;
            for x in toks.iter().skip(j + 3).take(8) {
                if x.is(",") || x.is(".") {
                    break;
                }
                if x.is_word() && TITLE_WORDS.contains(&x.lower.as_ref()) {
                    words.push(x.lower.as_ref());
                } else if let Some((cid, _)) = x.ent() {
                    c2 = info.country(cid).map(str::to_string);
                }
            }
            if let Some(title) = norm_title(&words) {
                held.push(Held {
                    title,
                    country: c2.or_else(country),
                    id,
                    order: order + j,
                });
            }
        }
    }
}

/// A title phrase starting at `i` ("the North Korean leader", "Putin's foreign minister", "his
/// counterpart") that refers to one known person: returns its last token and the person.
fn title_phrase<I: CorefInfo>(
    toks: &[Tok],
    i: usize,
    info: &I,
    held: Titles,
    people: &[EntityId],
    now: usize,
) -> Option<(usize, EntityId)> {
    let t = &toks[i];
    let mut k = i + 1;
    let mut country: Option<String> = None;
    let mut owner: Option<EntityId> = None;
    match t.ent() {
        Some((id, _)) if toks.get(i + 1).is_some_and(|x| x.is("'s")) => {
            // "Putin's foreign minister": same country as the possessor.
            country = info.country(id).map(str::to_string);
            k = i + 2;
        }
        Some(_) => return None,
        None if matches!(t.lower.as_ref(), "the") => {}
        None if matches!(t.lower.as_ref(), "his" | "her") => {
            owner = people.last().copied();
        }
        None => return None,
    }
    if let Some(x) = toks.get(k) {
        if is_demonym(x, info) {
            country = x
                .ent()
                .and_then(|(id, _)| info.country(id))
                .map(str::to_string);
            k += 1;
        }
    }
    let start = k;
    while toks
        .get(k)
        .is_some_and(|x| x.is_word() && TITLE_WORDS.contains(&x.lower.as_ref()))
    {
        k += 1;
    }
    if k == start {
        return None;
    }
    let end = k - 1;
    // A name right after the title ("leader Kim Jong Un", "counterpart, Choe Son Hui") is the
    // mention itself; the title is no coreference then.
    let next = toks.get(k);
    if next.is_some_and(|x| x.ent().is_some())
        || (next.is_some_and(|x| x.is(","))
            && toks
                .get(k + 1)
                .is_some_and(|x| matches!(x.ent(), Some((_, EntityKind::Person)))))
    {
        return None;
    }
    let words: Vec<&str> = toks[start..=end].iter().map(|x| x.lower.as_ref()).collect();
    let mut title = norm_title(&words)?;
    let mut exclude = None;
    if title.ends_with("counterpart") {
        // "his North Korean counterpart": the holder of the owner's own title in that country.
        let owner = owner?;
        let own = held
            .held
            .iter()
            .rev()
            .find(|h| h.id == owner && h.order <= now)
            .map(|h| h.title.as_str())
            .or_else(|| held.known.last_of(owner))?;
        title = own.to_string();
        exclude = Some(owner);
        country.as_ref()?;
    }
    let ok = |t: &str, c: Option<&str>, id: EntityId| {
        Some(id) != exclude
            && title_matches(&title, t)
            && (country.is_none() || c == country.as_deref())
    };
    // The latest title learnt from the document wins; ties go to the later one, and known titles
    // (order 0) only count when the document has none.
    let best = held
        .held
        .iter()
        .filter(|h| h.order <= now && ok(&h.title, h.country.as_deref(), h.id))
        .max_by_key(|h| h.order)
        .map(|h| h.id);
    Some((end, best.or_else(|| held.known.last_match(&title, ok))?))
}
