//! The relation patterns: find a trigger word ("met", "visit to", "sent … troops"), then its subject
//! to the left and its object to the right inside the same clause, then the modality from the words
//! around it. Nothing is ever inferred from two names merely sharing a sentence: a relation needs a
//! trigger with both arguments in their grammatical places.
//!
//! The grammar is deliberately shallow (no parser): prepositions mark entities that are not
//! subjects, appositions (", a senior official,") and relative clauses (", who") are stepped over,
//! coordination ("A and B met C") yields one relation per conjunct, passives ("was met by A") swap
//! the arguments.

use super::lexicon::*;
use super::tokens::{Tok, TokKind};
use crate::analysis::{EntityKind, Modality};
use crate::span::{EntityId, Span};

/// The documented predicates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Pred {
    Met,
    Visited,
    /// `sent troops to`, `sent workers to`, …: the cargo is chosen from the words.
    Sent,
    Supports,
    Allied,
    Signed,
    Condemned,
    Sanctioned,
    Accused,
    Said,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    Verb,
    Noun,
}

#[derive(Clone, Copy, Debug)]
struct Trigger {
    pred: Pred,
    form: Form,
    /// Whether the object may follow with no preposition ("visited Pyongyang").
    direct: bool,
    preps: &'static [&'static str],
}

/// One relation read from one sentence, before merging.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Cand {
    pub subject: EntityId,
    pub predicate: String,
    pub object: EntityId,
    pub modality: Modality,
    /// The trigger's span, for choosing the nearest date.
    pub trigger: Span,
    /// Where a meeting took place, when the sentence says ("met Kim in Wonsan").
    pub place: Option<EntityId>,
}

/// What the patterns need to know about an entity: its kind, and whether a mention's surface is
/// a demonym ("Russian") rather than a name ("Russia").
pub(crate) trait EntInfo {
    fn name_lower(&self, id: EntityId) -> Option<&str>;
}

fn w<'a>(toks: &'a [Tok], i: usize) -> &'a str {
    toks.get(i).map(|t| t.lower.as_ref()).unwrap_or("")
}

fn is_prep(t: &Tok) -> bool {
    t.is_word() && PREPS.contains(&t.lower.as_ref())
}

/// A country mention used as an adjective: "Russian" in "Russian forces", "North Korean leader".
pub(crate) fn is_demonym<E: EntInfo>(t: &Tok, info: &E) -> bool {
    let Some((id, EntityKind::Country)) = t.ent() else {
        return false;
    };
    let surface = t.lower.as_ref();
    if info.name_lower(id) == Some(surface) {
        return false;
    }
    ["an", "ans", "ese", "ish", "i", "is", "ic", "ch", "ian"]
        .iter()
        .any(|s| surface.ends_with(s))
}

/// A demonym directly modifying a noun ("Russian forces"), as opposed to standing alone.
pub(crate) fn is_modifier<E: EntInfo>(toks: &[Tok], j: usize, info: &E) -> bool {
    is_demonym(&toks[j], info)
        && toks.get(j + 1).is_some_and(|n| {
            (n.is_word() && !matches!(n.lower.as_ref(), "and" | "or" | "'s")) || n.ent().is_some()
        })
}

/// Every word [`trigger_word`] can match (a test holds this list to its arms).
#[rustfmt::skip]
const TRIGGER_WORDS: &[&str] = &[
    "met", "meet", "meets", "meeting", "meetings", "encounter", "summit", "talks", "greeted",
    "greet", "greets", "hosted", "hosts", "host", "received", "receives", "talked", "spoke",
    "speaks", "talks_", "discussed", "discuss", "discusses", "discussing", "told", "visit",
    "visits", "visited", "visiting", "arrived", "arrives", "arrive", "arriving", "landed", "lands",
    "arrival", "travelled", "traveled", "travels", "travel", "travelling", "traveling", "flew",
    "flies", "fly", "flying", "went", "headed", "heads", "came", "trip", "trips", "journey",
    "tour", "toured", "tours", "sent", "send", "sends", "sending", "dispatch", "dispatched",
    "dispatches", "dispatching", "deploy", "deployed", "deploys", "deploying", "supplied",
    "supply", "supplies", "supplying", "provided", "provide", "provides", "providing", "ship",
    "shipped", "ships", "shipping", "delivered", "deliver", "delivers", "delivering",
    "transferred", "transfer", "transfers", "transferring", "deployment", "shipments",
    "shipment", "deliveries", "delivery", "support", "backing", "supports", "supported",
    "supporting", "backs", "backed", "allied", "ally", "allies", "alliance", "signed", "sign",
    "signs", "signing", "condemned", "condemns", "condemn", "condemning", "criticised",
    "criticized", "criticises", "criticizes", "criticise", "criticize", "criticising",
    "criticizing", "denounced", "denounces", "denounce", "slammed", "slams", "rebuked",
    "sanctioned", "sanctions", "accused", "accuses", "accuse", "accusing", "blamed", "blames",
    "blame",
];

/// Where a word falls in [`TRIGGER_BITS`]: a hash of its first, second and last bytes and its
/// length.
const fn trigger_bit(w: &[u8]) -> usize {
    let n = w.len();
    if n == 0 {
        return 0;
    }
    let key = w[0] as u32 | (w[1 % n] as u32) << 8 | (w[n - 1] as u32) << 16 | (n as u32) << 24;
    (key.wrapping_mul(0x9E37_79B1) >> 21) as usize
}

/// A one-bit filter over [`TRIGGER_WORDS`] (2,048 bits): a word whose bit is clear is no
/// trigger. The match in [`trigger_word`] compares a word with its literals one after another,
/// and most words of a sentence are none of them; this answers for ~90 % of them at once.
const TRIGGER_BITS: [u64; 32] = {
    let mut bits = [0u64; 32];
    let mut i = 0;
    while i < TRIGGER_WORDS.len() {
        let b = trigger_bit(TRIGGER_WORDS[i].as_bytes());
        bits[b / 64] |= 1 << (b % 64);
        i += 1;
    }
    bits
};

/// Whether `w` may be a trigger word (false: it certainly is none).
fn may_trigger(w: &str) -> bool {
    let b = trigger_bit(w.as_bytes());
    TRIGGER_BITS[b / 64] >> (b % 64) & 1 != 0
}

fn trigger_at(toks: &[Tok], i: usize) -> Option<Trigger> {
    let t = &toks[i];
    if !t.is_word() || !may_trigger(&t.lower) {
        return None;
    }
    let prev = if i > 0 { w(toks, i - 1) } else { "" };
    let prev_ent = i > 0 && toks[i - 1].ent().is_some();
    // Read only for "visit(s)": a closure, so other words do not pay for the comparisons.
    let verbish_prev = || {
        prev_ent
            || matches!(
                prev,
                "to" | "will"
                    | "would"
                    | "'ll"
                    | "may"
                    | "might"
                    | "could"
                    | "not"
                    | "can"
                    | "should"
                    | "must"
                    | "and"
                    | "never"
                    | "also"
                    | "did"
                    | "didn't"
                    | "won't"
                    | "who"
                    | "which"
                    | "then"
                    | "later"
                    | "first"
                    | "reportedly"
                    | "had"
                    | "has"
                    | "have"
            )
    };
    let trig = trigger_word(t, prev, prev_ent, verbish_prev)?;
    // After a determiner a verb form is a noun or an adjective ("the hosts", "the deployed
    // troops", "its sanctioned banks"), never the clause's verb.
    let determiner = matches!(
        prev,
        "the" | "a" | "an" | "its" | "their" | "his" | "her" | "our" | "this" | "these" | "those"
    );
    (trig.form == Form::Noun || !determiner).then_some(trig)
}

fn trigger_word(
    t: &Tok,
    prev: &str,
    prev_ent: bool,
    verbish_prev: impl Fn() -> bool,
) -> Option<Trigger> {
    use Pred::*;
    let v = |pred, direct, preps| Trigger {
        pred,
        form: Form::Verb,
        direct,
        preps,
    };
    let n = |pred, preps| Trigger {
        pred,
        form: Form::Noun,
        direct: false,
        preps,
    };
    Some(match t.lower.as_ref() {
        "met" | "meet" | "meets" => v(Met, true, &["with"]),
        "meeting" | "meetings" if matches!(prev, "is" | "was" | "are" | "were" | "been" | "be") => {
            v(Met, true, &["with"])
        }
        "meeting" | "meetings" | "encounter" | "summit" | "talks" => n(Met, &["with", "between"]),
        "greeted" | "greet" | "greets" | "hosted" | "hosts" | "host" | "received" | "receives" => {
            v(Met, true, &[])
        }
        "talked" | "spoke" | "speaks" | "talks_" => v(Met, false, &["with"]),
        "discussed" | "discuss" | "discusses" | "discussing" => v(Met, false, &["with"]),
        "told" => v(Said, true, &[]),
        "visit" | "visits" if !verbish_prev() => n(Visited, &["to"]),
        "visit" | "visits" | "visited" | "visiting" => v(Visited, true, &[]),
        "arrived" | "arrives" | "arrive" | "arriving" | "landed" | "lands" => {
            v(Visited, false, &["in", "at"])
        }
        "arrival" => n(Visited, &["in", "at"]),
        "travelled" | "traveled" | "travels" | "travel" | "travelling" | "traveling" | "flew"
        | "flies" | "fly" | "flying" | "went" | "headed" | "heads" | "came" => {
            v(Visited, false, &["to"])
        }
        "trip" | "trips" | "journey" | "tour" => n(Visited, &["to"]),
        "toured" | "tours" => v(Visited, true, &[]),
        "sent" | "send" | "sends" | "sending" | "dispatch" | "dispatched" | "dispatches"
        | "dispatching" | "deploy" | "deployed" | "deploys" | "deploying" | "supplied"
        | "supply" | "supplies" | "supplying" | "provided" | "provide" | "provides"
        | "providing" | "ship" | "shipped" | "ships" | "shipping" | "delivered" | "deliver"
        | "delivers" | "delivering" | "transferred" | "transfer" | "transfers" | "transferring" => {
            v(Sent, false, &["to", "alongside", "into"])
        }
        "deployment" | "shipments" | "shipment" | "deliveries" | "delivery" => {
            n(Sent, &["to", "alongside", "into"])
        }
        "support" | "backing"
            if matches!(
                prev,
                "'s" | "their"
                    | "his"
                    | "its"
                    | "her"
                    | "our"
                    | "the"
                    | "a"
                    | "firm"
                    | "unequivocal"
                    | "strong"
                    | "continued"
                    | "military"
                    | "full"
                    | "financial"
                    | "political"
                    | "unwavering"
                    | "staunch"
            ) =>
        {
            n(Supports, &["for", "to"])
        }
        "support" | "supports" | "supported" | "supporting" | "backs" | "backed" | "backing" => {
            v(Supports, true, &[])
        }
        "allied" => v(Allied, false, &["with", "to"]),
        "ally" | "allies" => n(Allied, &["of", "with"]),
        "alliance" => n(Allied, &["with", "between"]),
        "signed" | "sign" | "signs" | "signing" => v(Signed, false, &["with"]),
        "condemned" | "condemns" | "condemn" | "condemning" | "criticised" | "criticized"
        | "criticises" | "criticizes" | "criticise" | "criticize" | "criticising"
        | "criticizing" | "denounced" | "denounces" | "denounce" | "slammed" | "slams"
        | "rebuked" => v(Condemned, true, &[]),
        "sanctioned" => v(Sanctioned, true, &[]),
        "sanctions" if prev_ent => v(Sanctioned, true, &[]),
        "sanctions" => n(Sanctioned, &["on", "against"]),
        "accused" | "accuses" | "accuse" | "accusing" | "blamed" | "blames" | "blame" => {
            v(Accused, true, &[])
        }
        _ => return None,
    })
}

/// The context a sentence is read in.
pub(crate) struct Ctx<'a, E: EntInfo> {
    pub info: &'a E,
    /// The document's text, which the tokens' spans index.
    pub text: &'a str,
}

fn ent_kind(t: &Tok) -> Option<EntityKind> {
    t.ent().map(|x| x.1)
}

/// Step left over ", a senior official," or ", who" back to the noun phrase they describe.
fn skip_apposition(toks: &[Tok], j: usize) -> usize {
    // j is a comma; find the previous comma within 12 tokens whose next word opens an apposition.
    let lo = j.saturating_sub(12);
    let mut k = j;
    while k > lo {
        k -= 1;
        if toks[k].is(",") {
            if matches!(
                w(toks, k + 1),
                "a" | "an" | "the" | "who" | "which" | "whose" | "himself" | "herself"
            ) {
                return k;
            }
            return j;
        }
        if BOUNDARY.contains(&toks[k].lower.as_ref()) {
            return j;
        }
    }
    j
}

/// Whether the entity at `j` is the object of a preposition: right after one, or after one and a
/// few noun-phrase words ("of the Malaysian capital Kuala Lumpur").
fn governed<E: EntInfo>(toks: &[Tok], j: usize, ctx: &Ctx<E>) -> bool {
    let mut k = j;
    while k > 0 && j - k < 5 {
        let p = &toks[k - 1];
        if is_prep(p) {
            // "after North Korean leader Kim made a trip": after, before, since are conjunctions
            // as often as prepositions; only right next to the name are they taken as governing.
            return k == j || !matches!(p.lower.as_ref(), "after" | "before" | "since" | "until");
        }
        let np = (p.is_word()
            && (NP_WORDS.contains(&p.lower.as_ref())
                || PLACE_NOUNS.contains(&p.lower.as_ref())
                || TITLE_WORDS.contains(&p.lower.as_ref())
                || (k - 1 > 0 && p.span.of(ctx.text).starts_with(char::is_uppercase))))
            || is_demonym(p, ctx.info);
        if !np {
            return false;
        }
        k -= 1;
    }
    false
}

/// Subjects of the trigger at `t`: the nearest entity to the left that is not the object of a
/// preposition, plus entities coordinated with it. Returns token indices.
fn subjects<E: EntInfo>(
    toks: &[Tok],
    t: usize,
    ctx: &Ctx<E>,
    verb: bool,
    place_ok: bool,
) -> Vec<usize> {
    // "thanked the nation for supporting Moscow": the gerund's subject is the object of the verb
    // before `for`, right there or nowhere.
    if t > 0 && toks[t - 1].is("for") && toks[t].lower.ends_with("ing") {
        return (t.saturating_sub(4)..t - 1)
            .rev()
            .find(|&k| toks[k].ent().is_some())
            .filter(|&k| (k + 1..t - 1).all(|m| toks[m].is_word()))
            .into_iter()
            .collect();
    }
    let mut j = t;
    let mut steps = 0;
    while j > 0 && steps < 30 {
        j -= 1;
        steps += 1;
        let tok = &toks[j];
        if tok.is(",") {
            j = skip_apposition(toks, j);
            continue;
        }
        // "were said to have arrived", "is reported to be supplying": the subject of the
        // trigger stands before the speech verb, which opens no new clause here.
        let raising = w(toks, j + 1) == "to"
            && j > 0
            && matches!(
                w(toks, j - 1),
                "is" | "are" | "was" | "were" | "been" | "be" | "being"
            );
        if BOUNDARY.contains(&tok.lower.as_ref()) && tok.ent().is_none() && !raising {
            return Vec::new();
        }
        if tok.ent().is_none() {
            continue;
        }
        if governed(toks, j, ctx) {
            continue;
        }
        if verb && w(toks, j + 1) == "'s" {
            continue;
        }
        if is_modifier(toks, j, ctx.info) && !GROUP_NOUNS.contains(&w(toks, j + 1)) {
            continue;
        }
        // Places do not travel or meet: "Putin left Beijing, arriving in Hanoi".
        if !place_ok && tok.ent().is_some_and(|x| x.1 == EntityKind::Place) {
            continue;
        }
        let mut out = vec![j];
        let mut k = j;
        loop {
            if k >= 2
                && matches!(w(toks, k - 1), "and" | ",")
                && toks[k - 2].ent().is_some()
                && !(k >= 3 && is_prep(&toks[k - 3]))
                && !is_modifier(toks, k - 2, ctx.info)
            {
                k -= 2;
                out.push(k);
                continue;
            }
            // "A and his North Korean counterpart, B": B is the title's name, A its conjunct.
            if k >= 1 && w(toks, k - 1) == "," {
                let mut m = k - 1;
                while m > 0 && {
                    let x = &toks[m - 1];
                    (x.is_word()
                        && (TITLE_WORDS.contains(&x.lower.as_ref())
                            || matches!(x.lower.as_ref(), "his" | "her" | "its" | "their" | "the")))
                        || is_demonym(x, ctx.info)
                } {
                    m -= 1;
                }
                if m < k - 1 && m >= 2 && w(toks, m - 1) == "and" && toks[m - 2].ent().is_some() {
                    k = m - 2;
                    out.push(k);
                    continue;
                }
            }
            break;
        }
        return out;
    }
    Vec::new()
}

/// Subjects of a verb at token `t` (used by claims to find who sends a figure).
pub(crate) fn subjects_of<E: EntInfo>(toks: &[Tok], t: usize, ctx: &Ctx<E>) -> Vec<usize> {
    subjects(toks, t, ctx, true, true)
}

/// Objects of the trigger, searched to the right of `from`, honouring the trigger's prepositions.
fn objects<E: EntInfo>(toks: &[Tok], from: usize, trig: &Trigger, ctx: &Ctx<E>) -> Vec<usize> {
    let mut prep: Option<&str> = None;
    let mut j = from;
    let end = (from + 18).min(toks.len());
    while j < end {
        let tok = &toks[j];
        if tok.ent().is_none() {
            let l = tok.lower.as_ref();
            if OBJ_BOUNDARY.contains(&l) {
                return Vec::new();
            }
            if is_prep(tok) {
                // "the port city of Wonsan": `of` after a place noun keeps the earlier preposition.
                let keeps = l == "of" && j > 0 && PLACE_NOUNS.contains(&w(toks, j - 1));
                if !keeps {
                    prep = Some(match l {
                        "to" if matches!(w(toks, j - 1), "back") => "to",
                        _ => l,
                    });
                }
            } else if tok.is(",") && prep.is_none() && trig.direct {
                // A comma before any object ends a direct-object search.
                return Vec::new();
            }
            j += 1;
            continue;
        }
        let allowed = match prep {
            None => trig.direct,
            Some(p) => trig.preps.contains(&p),
        };
        if is_modifier(toks, j, ctx.info) {
            // "the Russian region of Kursk" → Kursk; "the Russian war" → Russia.
            let named_later = (j + 1..(j + 5).min(toks.len()))
                .any(|k| toks[k].is("of") && toks.get(k + 1).is_some_and(|x| x.ent().is_some()));
            let title_next = TITLE_WORDS.contains(&w(toks, j + 1));
            if named_later || title_next || !allowed {
                j += 1;
                continue;
            }
        }
        if !allowed {
            j += 1;
            continue;
        }
        let mut out = vec![j];
        let mut k = j;
        while k + 2 < toks.len()
            && matches!(w(toks, k + 1), "and" | ",")
            && toks[k + 2].ent().is_some()
            && ent_kind(&toks[k + 2]) == ent_kind(&toks[j])
        {
            k += 2;
            out.push(k);
        }
        return out;
    }
    Vec::new()
}

/// "meeting between A and B", "talks between A and B".
fn between_pair(toks: &[Tok], t: usize) -> Option<(usize, usize)> {
    if w(toks, t + 1) != "between" {
        return None;
    }
    let mut j = t + 2;
    let mut found = Vec::new();
    while j < toks.len() && j < t + 14 && found.len() < 2 {
        // "between Kremlin aide Yuri Ushakov and …": an entity that only qualifies the name after
        // it is not one of the pair.
        let qualifies = (j + 1..(j + 4).min(toks.len()))
            .take_while(|&k| {
                toks[k].ent().is_some()
                    || TITLE_WORDS.contains(&w(toks, k))
                    || toks[k].is_word() && !matches!(w(toks, k), "and" | "or")
            })
            .any(|k| matches!(toks[k].ent(), Some((_, EntityKind::Person))));
        if toks[j].ent().is_some() && !is_demonym(&toks[j], &NoInfo) && !qualifies {
            found.push(j);
        } else if OBJ_BOUNDARY.contains(&w(toks, j)) {
            break;
        }
        j += 1;
    }
    (found.len() == 2).then(|| (found[0], found[1]))
}

struct NoInfo;
impl EntInfo for NoInfo {
    fn name_lower(&self, _: EntityId) -> Option<&str> {
        None
    }
}

/// The cargo noun of a sending verb: within the few words after it (or before it, for passives
/// and relative clauses). Returns the cargo class and the token index of its noun.
fn cargo(toks: &[Tok], t: usize) -> Vec<(&'static str, usize)> {
    let mut out = Vec::new();
    let end = (t + 9).min(toks.len());
    for j in t + 1..end {
        let l = w(toks, j);
        // "over 10,000 soldiers", "up to 30,000 troops": a preposition before a number is a
        // qualifier, not the start of a prepositional phrase.
        let before_number = toks.get(j + 1).is_some_and(|n| n.kind == TokKind::Num);
        if OBJ_BOUNDARY.contains(&l) || (is_prep(&toks[j]) && l != "of" && !before_number) {
            break;
        }
        // "artillery shells": a cargo noun right before another one only modifies it.
        if let Some(c) = cargo_of(l).filter(|_| cargo_of(w(toks, j + 1)).is_none()) {
            if !out.iter().any(|x: &(&str, usize)| x.0 == c) {
                out.push((c, j));
            }
        }
    }
    out
}

fn cargo_before(toks: &[Tok], t: usize) -> Option<(&'static str, usize)> {
    let lo = t.saturating_sub(6);
    (lo..t)
        .rev()
        .find_map(|j| cargo_of(w(toks, j)).map(|c| (c, j)))
}

/// The modality of the trigger at `t` in the sentence `toks`.
pub(crate) fn modality(toks: &[Tok], t: usize, text: &str) -> Modality {
    let clause_start = (0..t)
        .rev()
        .find(|&k| matches!(w(toks, k), ";" | "but" | "however"))
        .map(|k| k + 1)
        .unwrap_or(0);
    let near = t.saturating_sub(4).max(clause_start);
    // Denied: a negator right before the trigger.
    for k in near..t {
        let l = w(toks, k);
        if NEGATORS.contains(&l) && !(l == "not" && w(toks, k + 1) == "only") || l.ends_with("n't")
        {
            return Modality::Denied;
        }
    }
    if (clause_start..t).any(|k| matches!(w(toks, k), "denied" | "denies" | "deny" | "denying")) {
        return Modality::Denied;
    }
    // Unconfirmed: speculation anywhere before, or "could not be verified" anywhere.
    let modal_near = (t.saturating_sub(4).max(clause_start)..t).any(|k| {
        MODALS.contains(&w(toks, k))
            && !(w(toks, k) == "may" && is_capitalised(&toks[k], text))
            && w(toks, k + 1) != "not"
    });
    if modal_near
        || (clause_start..t).any(|k| UNCONFIRMED.contains(&w(toks, k)))
        || unverified_tail(toks)
    {
        return Modality::Unconfirmed;
    }
    let plan_from = t.saturating_sub(6).max(clause_start);
    if (plan_from..t).any(|k| PLANNED.contains(&w(toks, k))) {
        return Modality::Planned;
    }
    // A speech verb after the trigger that the same subject goes on with ("met Kim and said …",
    // "visited Hanoi, where he said …") is no attribution of the relation.
    // After the trigger, a determiner makes the word a noun ("…, a claim Belarus rejected"), not
    // an attribution.
    let own = |k: usize| {
        k > t
            && k > 0
            && matches!(
                w(toks, k - 1),
                "and" | "he" | "she" | "they" | "then" | "also" | "a" | "an" | "the" | "this"
            )
    };
    if toks
        .iter()
        .enumerate()
        .any(|(k, x)| k != t && !own(k) && REPORTED.contains(&x.lower.as_ref()))
        || toks.windows(2).any(|p| {
            (p[0].is("state") && matches!(p[1].lower.as_ref(), "media" | "television" | "tv"))
                || (p[0].is("news") && matches!(p[1].lower.as_ref(), "agency" | "agencies"))
        })
    {
        return Modality::Reported;
    }
    Modality::Asserted
}

fn is_capitalised(t: &Tok, text: &str) -> bool {
    t.span
        .of(text)
        .chars()
        .next()
        .is_some_and(char::is_uppercase)
}

/// "could not be independently verified", "has not been confirmed", "unconfirmed".
pub(crate) fn unverified_tail(toks: &[Tok]) -> bool {
    toks.windows(4).any(|p| {
        let first = p[0].lower.as_ref();
        (first == "not" || first.ends_with("n't") || first == "cannot")
            && p[1..].iter().any(|x| {
                matches!(
                    x.lower.as_ref(),
                    "verified" | "confirmed" | "verify" | "confirm" | "corroborated" | "verifiable"
                )
            })
    }) || toks
        .iter()
        .any(|x| matches!(x.lower.as_ref(), "unconfirmed" | "unverified"))
}

/// Whether a sentence only says that what came before is unconfirmed ("There has been no official
/// confirmation of this.").
pub(crate) fn is_unconfirming_followup(toks: &[Tok]) -> bool {
    toks.len() <= 16
        && toks.iter().all(|t| t.ent().is_none())
        && (unverified_tail(toks)
            || toks.windows(2).any(|p| {
                matches!(p[0].lower.as_ref(), "no" | "any" | "official")
                    && matches!(
                        p[1].lower.as_ref(),
                        "confirmation" | "official" | "evidence"
                    )
            }))
}

fn pred_name(pred: Pred, cargo: Option<&str>) -> String {
    match pred {
        Pred::Met => "met".into(),
        Pred::Visited => "visited".into(),
        Pred::Sent => format!("sent {} to", cargo.unwrap_or("troops")),
        Pred::Supports => "supports".into(),
        Pred::Allied => "allied with".into(),
        Pred::Signed => "signed agreement with".into(),
        Pred::Condemned => "condemned".into(),
        Pred::Sanctioned => "sanctioned".into(),
        Pred::Accused => "accused".into(),
        Pred::Said => "said".into(),
    }
}

/// The place named by "in/at <Place>" after `from`, within the clause.
fn place_after(toks: &[Tok], from: usize) -> Option<EntityId> {
    let mut prep = false;
    for j in from..(from + 10).min(toks.len()) {
        let l = w(toks, j);
        if OBJ_BOUNDARY.contains(&l) {
            return None;
        }
        if matches!(l, "in" | "at") {
            prep = true;
            continue;
        }
        if let Some((id, k)) = toks[j].ent() {
            if prep && matches!(k, EntityKind::Place | EntityKind::Country) {
                return Some(id);
            }
            if !(prep && j > 0 && w(toks, j - 1) == "of") {
                prep = false;
            }
        }
    }
    None
}

const SPEECH: &[&str] = &[
    "said", "says", "added", "stated", "declared", "insisted", "wrote", "stressed", "told",
];

/// A quote attributed to a speaker: `"…," Lavrov said`, `"…," said Lavrov`, `Lavrov said: "…"`.
/// The object is the first person, organisation or country the quoted words name.
fn quote<E: EntInfo>(toks: &[Tok], ctx: &Ctx<E>) -> Option<Cand> {
    let q0 = toks.iter().position(|t| t.is("\""))?;
    let q1 = toks.iter().rposition(|t| t.is("\""))?;
    if q1 <= q0 + 1 {
        return None;
    }
    let speaker_ok = |k: usize| {
        toks.get(k)
            .and_then(Tok::ent)
            .filter(|x| x.1 != EntityKind::Place && !is_demonym(&toks[k], ctx.info))
    };
    let speech = |k: usize| SPEECH.contains(&w(toks, k));
    let (speaker, at) = if let Some(s) = speaker_ok(q1 + 1).filter(|_| speech(q1 + 2)) {
        (s, q1 + 2)
    } else if let Some(s) = speaker_ok(q1 + 2).filter(|_| speech(q1 + 1)) {
        (s, q1 + 1)
    } else if q0 >= 2 && speech(q0 - 1) && speaker_ok(q0 - 2).is_some() {
        (speaker_ok(q0 - 2)?, q0 - 1)
    } else if q0 >= 3 && matches!(w(toks, q0 - 1), ":" | ",") && speech(q0 - 2) {
        (speaker_ok(q0 - 3)?, q0 - 2)
    } else {
        return None;
    };
    let object = (q0 + 1..q1).find_map(|k| {
        toks[k]
            .ent()
            .filter(|x| x.1 != EntityKind::Place && x.0 != speaker.0)
    })?;
    Some(Cand {
        subject: speaker.0,
        predicate: "said".into(),
        object: object.0,
        modality: Modality::Asserted,
        trigger: toks[at].span,
        place: None,
    })
}

/// Read every relation the sentence states.
pub(crate) fn extract<E: EntInfo>(toks: &[Tok], text: &str, ctx: &Ctx<E>) -> Vec<Cand> {
    let mut out: Vec<Cand> = quote(toks, ctx).into_iter().collect();
    for t in 0..toks.len() {
        let Some(trig) = trigger_at(toks, t) else {
            continue;
        };
        // The modality reads the whole clause and sentence: only for a relation found (most
        // triggers have no entities in their places), and once per trigger.
        let modal = std::cell::OnceCell::new();
        let tspan = toks[t].span;
        let push =
            |s: usize, pred: String, o: usize, place: Option<EntityId>, out: &mut Vec<Cand>| {
                let (Some((si, _)), Some((oi, _))) = (toks[s].ent(), toks[o].ent()) else {
                    return;
                };
                if si != oi {
                    out.push(Cand {
                        subject: si,
                        predicate: pred,
                        object: oi,
                        modality: *modal.get_or_init(|| modality(toks, t, text)),
                        trigger: tspan,
                        place,
                    });
                }
            };
        // Passive: "was met by A", "were sent … by A". ("is allied with" is an adjective, not a
        // passive.)
        let passive = trig.form == Form::Verb
            && trig.pred != Pred::Allied
            && t > 0
            && matches!(
                w(toks, t - 1),
                "was" | "were" | "is" | "are" | "been" | "being" | "be"
            )
            && participle(&toks[t].lower)
            || (trig.form == Form::Verb
                && t > 1
                && matches!(w(toks, t - 2), "was" | "were" | "been")
                && participle(&toks[t].lower));
        if trig.pred == Pred::Sent {
            // Cargo after the verb (active), or before it (passive / relative clause).
            let mut cargos = cargo(toks, t);
            let mut subj: Vec<usize> = Vec::new();
            if cargos.is_empty() {
                if let Some((c, at)) = cargo_before(toks, t) {
                    cargos.push((c, at));
                    // "the troops Pyongyang sent": the entity between the noun and the verb.
                    if t > 0 && toks[t - 1].ent().is_some() && at < t - 1 {
                        subj.push(t - 1);
                    } else if let Some(d) = (at.saturating_sub(3)..at)
                        .rev()
                        .find(|&k| is_demonym(&toks[k], ctx.info))
                    {
                        subj.push(d);
                    } else if let Some(by) = agent_after(toks, t) {
                        subj.push(by);
                    }
                }
            } else {
                // A demonym on the cargo names the sender when the verb has no subject of its own
                // ("the deployment of North Korean soldiers").
                subj = if trig.form == Form::Noun {
                    possessor(toks, t).into_iter().collect()
                } else {
                    subjects(toks, t, ctx, true, true)
                };
                if subj.is_empty() {
                    let (_, at) = cargos[0];
                    if let Some(d) = (t + 1..at).find(|&k| is_demonym(&toks[k], ctx.info)) {
                        subj.push(d);
                    }
                }
            }
            if cargos.is_empty() || subj.is_empty() {
                continue;
            }
            let after = cargos.iter().map(|c| c.1).max().unwrap_or(t).max(t) + 1;
            let dest = destination(toks, after, ctx);
            for &(c, _) in &cargos {
                for &s in &subj {
                    for &o in &dest {
                        push(s, pred_name(Pred::Sent, Some(c)), o, None, &mut out);
                    }
                }
            }
            continue;
        }
        if passive {
            let Some(agent) = agent_after(toks, t) else {
                continue;
            };
            let patients = subjects(toks, t, ctx, true, true);
            for &p in &patients {
                push(agent, pred_name(trig.pred, None), p, None, &mut out);
            }
            continue;
        }
        if trig.pred == Pred::Signed {
            let has_deal = (t + 1..(t + 7).min(toks.len())).any(|k| {
                matches!(
                    w(toks, k),
                    "agreement"
                        | "agreements"
                        | "treaty"
                        | "pact"
                        | "accord"
                        | "deal"
                        | "partnership"
                        | "memorandum"
                        | "contract"
                        | "declaration"
                )
            });
            if !has_deal {
                continue;
            }
        }
        // "meeting between A and B".
        if trig.form == Form::Noun {
            if let Some((a, b)) = between_pair(toks, t) {
                if matches!(trig.pred, Pred::Met | Pred::Allied) {
                    let place = place_after(toks, b + 1);
                    push(a, pred_name(trig.pred, None), b, place, &mut out);
                    continue;
                }
            }
        }
        let movement = matches!(trig.pred, Pred::Visited | Pred::Met);
        let subj = match trig.form {
            Form::Verb => subjects(toks, t, ctx, true, !movement),
            Form::Noun => {
                if let Some(p) = possessor(toks, t) {
                    vec![p]
                } else if let Some(by) = by_agent_noun(toks, t) {
                    vec![by]
                } else if let Some(f) = purpose_for(toks, t) {
                    // "travelled to Beijing for talks with Xi": the traveller holds the talks.
                    subjects(toks, f, ctx, true, !movement)
                } else if light_verb_before(toks, t) {
                    subjects(
                        toks,
                        light_verb_index(toks, t).unwrap_or(t),
                        ctx,
                        true,
                        !movement,
                    )
                } else {
                    Vec::new()
                }
            }
        };
        if subj.is_empty() {
            continue;
        }
        let objs = objects(toks, t + 1, &trig, ctx);
        let pred = pred_name(trig.pred, None);
        if objs.is_empty() {
            // "A and B met", "A and B would discuss …", "A and B signed an agreement".
            if subj.len() >= 2 && matches!(trig.pred, Pred::Met | Pred::Signed | Pred::Allied) {
                let place = place_after(toks, t + 1);
                let (a, b) = (subj[subj.len() - 1], subj[subj.len() - 2]);
                push(a, pred.clone(), b, place, &mut out);
            }
            continue;
        }
        // Kind filters: people and groups meet; places are visited.
        for &s in &subj {
            for &o in &objs {
                let sk = ent_kind(&toks[s]);
                let ok = ent_kind(&toks[o]);
                let fits = match trig.pred {
                    Pred::Met => ok != Some(EntityKind::Place),
                    Pred::Visited => {
                        sk != Some(EntityKind::Place) && ok != Some(EntityKind::Person)
                    }
                    Pred::Said => ok != Some(EntityKind::Place),
                    _ => true,
                };
                if !fits {
                    continue;
                }
                let place = if matches!(trig.pred, Pred::Met | Pred::Said) {
                    place_after(toks, o + 1)
                } else {
                    None
                };
                push(s, pred.clone(), o, place, &mut out);
                // "told Kim in Wonsan": speaking to someone somewhere is meeting them there.
                if trig.pred == Pred::Said && place.is_some() && ok == Some(EntityKind::Person) {
                    push(s, "met".into(), o, place, &mut out);
                }
                // "arrived in Wonsan, North Korea": the country named after the city.
                if trig.pred == Pred::Visited
                    && ok == Some(EntityKind::Place)
                    && w(toks, o + 1) == ","
                    && ent_kind(toks.get(o + 2).unwrap_or(&toks[o])) == Some(EntityKind::Country)
                    && o + 2 < toks.len()
                    && !is_modifier(toks, o + 2, ctx.info)
                    && matches!(w(toks, o + 3), "" | "," | "." | ";" | "'s")
                {
                    push(s, pred.clone(), o + 2, None, &mut out);
                }
            }
        }
    }
    out
}

fn participle(w: &str) -> bool {
    w.ends_with("ed")
        || matches!(
            w,
            "met" | "sent" | "held" | "told" | "hit" | "seen" | "given"
        )
}

/// "by A" right after a passive verb (within a few words).
fn agent_after(toks: &[Tok], t: usize) -> Option<usize> {
    let end = (t + 8).min(toks.len());
    let by = (t + 1..end).find(|&k| toks[k].is("by"))?;
    (by + 1..(by + 5).min(toks.len())).find(|&k| toks[k].ent().is_some())
}

/// "A's visit", "A's two-day visit": the possessor of a noun trigger.
fn possessor(toks: &[Tok], t: usize) -> Option<usize> {
    let lo = t.saturating_sub(4);
    let mut k = t;
    while k > lo {
        k -= 1;
        if toks[k].is("'s") {
            return (k > 0 && toks[k - 1].ent().is_some()).then(|| k - 1);
        }
        if !toks[k].is_word() || is_prep(&toks[k]) || toks[k].is("the") {
            return None;
        }
    }
    None
}

/// "a visit by A to B".
fn by_agent_noun(toks: &[Tok], t: usize) -> Option<usize> {
    (w(toks, t + 1) == "by" && toks.get(t + 2).is_some_and(|x| x.ent().is_some())).then_some(t + 2)
}

/// "for (a|the|…) talks": the `for` of a noun trigger naming a purpose.
fn purpose_for(toks: &[Tok], t: usize) -> Option<usize> {
    let lo = t.saturating_sub(4);
    let f = (lo..t).rev().find(|&k| toks[k].is("for"))?;
    (f + 1..t)
        .all(|j| toks[j].is_word() && !is_prep(&toks[j]))
        .then_some(f)
}

fn light_verb_index(toks: &[Tok], t: usize) -> Option<usize> {
    let lo = t.saturating_sub(5);
    (lo..t).rev().find(|&k| LIGHT_VERBS.contains(&w(toks, k)))
}

fn light_verb_before(toks: &[Tok], t: usize) -> bool {
    match light_verb_index(toks, t) {
        // Only determiners and adjectives between the light verb and the noun.
        Some(k) => (k + 1..t).all(|j| toks[j].is_word() && !is_prep(&toks[j])),
        None => false,
    }
}

/// Where a sending goes: "to B", "back to B", "to fight with B", "to support B", "alongside B".
fn destination<E: EntInfo>(toks: &[Tok], from: usize, ctx: &Ctx<E>) -> Vec<usize> {
    let end = (from + 10).min(toks.len());
    let mut j = from;
    while j < end {
        let l = w(toks, j);
        if OBJ_BOUNDARY.contains(&l) {
            return Vec::new();
        }
        if matches!(l, "to" | "alongside" | "into") {
            // to <verb> (with|for|alongside)? <Ent>
            let mut k = j + 1;
            if l == "to"
                && matches!(
                    w(toks, k),
                    "fight"
                        | "support"
                        | "help"
                        | "assist"
                        | "aid"
                        | "back"
                        | "reinforce"
                        | "serve"
                        | "bolster"
                )
            {
                k += 1;
                if matches!(w(toks, k), "with" | "for" | "alongside") {
                    k += 1;
                }
            }
            // Skip determiners and adjectives up to the entity.
            let mut m = k;
            while m < end
                && toks[m].ent().is_none()
                && toks[m].is_word()
                && !is_prep(&toks[m])
                && !OBJ_BOUNDARY.contains(&w(toks, m))
            {
                m += 1;
            }
            if m < toks.len() && toks[m].ent().is_some() {
                if is_modifier(toks, m, ctx.info) {
                    // "to the Russian region of Kursk" → Kursk.
                    if let Some(of) = (m + 1..(m + 5).min(toks.len())).find(|&x| {
                        toks[x].is("of") && toks.get(x + 1).is_some_and(|y| y.ent().is_some())
                    }) {
                        return vec![of + 1];
                    }
                }
                let mut out = vec![m];
                // "the border area of Kursk"
                return std::mem::take(&mut out);
            }
            // "to the border area" with no name: give up rather than guess.
            if m < end
                && toks[m].is("of")
                && toks.get(m + 1).is_some_and(|y| y.ent().is_some())
                && PLACE_NOUNS.contains(&w(toks, m - 1))
            {
                return vec![m + 1];
            }
            return Vec::new();
        }
        j += 1;
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    //! The cheap trigger filter lets every word the trigger match knows through.

    use super::*;

    /// The literals of `trigger_word`'s arm patterns: its match's string literals, without those
    /// of guards (`matches!(prev, …)`) and preposition lists (`&[…]`).
    fn arm_words() -> Vec<String> {
        let src = include_str!("patterns.rs");
        let head = "Some(match t.lower.as_ref() {";
        let start = src.find(head).expect("trigger match") + head.len();
        let body = &src[start..start + src[start..].find("_ => return None").expect("end")];
        let mut kept = String::new();
        let mut rest = body;
        loop {
            let cut = [rest.find("matches!("), rest.find("&[")]
                .into_iter()
                .flatten()
                .min();
            let Some(at) = cut else {
                kept.push_str(rest);
                break;
            };
            kept.push_str(&rest[..at]);
            // Skip to the bracket that closes the one opened there.
            let mut depth = 0;
            let mut end = rest.len();
            for (k, c) in rest[at..].char_indices() {
                match c {
                    '(' | '[' => depth += 1,
                    ')' | ']' => {
                        depth -= 1;
                        if depth == 0 {
                            end = at + k + 1;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            rest = &rest[end..];
        }
        kept.split('"')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn trigger_words_are_the_match_arms() {
        let mut arms = arm_words();
        arms.sort_unstable();
        arms.dedup();
        let mut listed: Vec<String> = TRIGGER_WORDS.iter().map(|w| w.to_string()).collect();
        listed.sort_unstable();
        assert_eq!(arms, listed);
        assert!(TRIGGER_WORDS.iter().all(|w| may_trigger(w)));
        assert!(!may_trigger("the"));
    }
}
