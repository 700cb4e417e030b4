//! Claims: the figures documents give (troops sent, workers, soldiers killed or wounded, weapons,
//! money, percentages), each attached to what it counts or measures and to the actor it is about,
//! grouped into topics across documents so that disagreeing sources line up side by side
//! (`conflict`). Also the non-numeric disagreements the relation stage can see: two sources
//! placing the same meeting in different places, and a relation one source states and another
//! denies.
//!
//! A count is a number (with `,` thousands and a scale word), a range ("10,000 to 12,000",
//! "between 10,000 and 12,000") or a vague quantity ("tens of thousands of"), with a qualifier
//! ("more than", "about", "some", "as many as"), followed within a few words by a countable noun
//! from the lexicon. The actor is the demonym on that noun ("North Korean soldiers"), a "from X"
//! after it, the subject of the sending verb that governs the figure ("Pyongyang plans to deploy
//! 25,000 soldiers"), or the entity of a relative clause ("the 11,000 troops Pyongyang sent");
//! figures whose actor cannot be found are left out rather than guessed. The topic is (actor's
//! country, unit, and whether the figure is sent, an additional deployment, casualties, or a count
//! with no sending at all), so a standing army is never lined up against a deployment.
//!
//! Money ("$1.2 billion", "500 million roubles", "€3bn") and percentages ("40%", "40 per cent")
//! are grouped by the noun they measure ("aid", "exports"), owned by the name in that noun's phrase
//! or the subject of the verb that governs them; without both they are left out, and never read
//! as counts.

use crate::analysis::{Claim, ClaimNumber, ClaimValue, Entity, Evidence, Modality};
use crate::relate::lexicon::{unit_of, PLANNED};
use crate::relate::patterns::{is_demonym, subjects_of, Ctx};
use crate::relate::tokens::{Tok, TokKind};
use crate::relate::{prepare, Found, Index, PSent, RelDoc};
use crate::sort::SortStable;
use crate::span::{DocId, EntityId, Span};
use std::collections::BTreeMap;

/// Per pair of people: each place a document puts their meeting in, with its evidence.
type Places<'a> = BTreeMap<(EntityId, EntityId), Vec<(EntityId, DocId, &'a Evidence)>>;

/// The claims of `docs` (figures only; see [`crate::relate::extract`] for all at once).
pub fn claims(docs: &[RelDoc], entities: &[Entity]) -> Vec<Claim> {
    let idx = Index::new(entities);
    let forms = crate::relate::names::Forms::new(entities);
    let mut figures = Figures::default();
    for d in docs {
        let lowered = crate::relate::tokens::ascii_lowered(d.text);
        figures.add(d, &prepare(d, &lowered, &idx, &forms, None), &idx);
    }
    let mut out = figures.finish(&idx);
    sort(&mut out);
    out
}

/// Sort claims by topic, then unit, so output is deterministic.
pub(crate) fn sort(claims: &mut [Claim]) {
    claims.sort_stable_by(|a, b| a.topic.cmp(&b.topic).then_with(|| a.unit.cmp(&b.unit)));
}

const SEND_VERBS: &[&str] = &[
    "sent",
    "send",
    "sends",
    "sending",
    "dispatch",
    "dispatched",
    "dispatching",
    "deploy",
    "deployed",
    "deploying",
    "deployment",
    "supplied",
    "supplying",
    "supply",
    "provide",
    "provided",
    "providing",
    "deliver",
    "delivered",
    "delivering",
];

const CASUALTY_WORDS: &[&str] = &[
    "killed",
    "wounded",
    "dead",
    "died",
    "injured",
    "casualties",
    "lost",
];

/// What a topic gathers figures about, besides the actor and the unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum What {
    /// A count said to be sent, deployed or fighting abroad.
    Sent,
    /// An additional (or planned) deployment.
    Additional,
    /// Soldiers killed or wounded.
    Casualties,
    /// A count with no sending in its sentence ("1.2 million North Korean soldiers serve …"):
    /// kept apart so a standing army is never lined up against a deployment.
    Count,
    /// Money or a percentage, by what it measures ("aid", "exports"); `true` for a share ("40%
    /// of Russia's exports").
    Measure(&'static str, bool),
}

/// One figure read from a sentence.
#[derive(Clone, Debug)]
struct Figure {
    value: ClaimNumber,
    qualifier: Option<String>,
    unit: &'static str,
    actor: EntityId,
    what: What,
    /// The country a count goes to or is in ("to Russia", "in Russia's Kursk region"), when the
    /// words after it say.
    dest: Option<EntityId>,
    span: Span,
}

/// The country named by "to / into / alongside / in X" within a few words after `from` (also
/// through "to fight with X"), other than the actor's own.
fn destination(toks: &[Tok], from: usize, actor: EntityId, idx: &Index) -> Option<EntityId> {
    let end = (from + 8).min(toks.len());
    let p = (from..end)
        .take_while(|&k| {
            !matches!(
                w(toks, k),
                "," | ";" | ":" | "." | "\"" | "(" | "that" | "which" | "who"
            )
        })
        .find(|&k| matches!(w(toks, k), "to" | "into" | "alongside" | "in"))?;
    let e = (p + 1..(p + 4).min(toks.len())).find(|&k| toks[k].ent().is_some())?;
    let (id, _) = toks[e].ent()?;
    idx.country_entity(id).filter(|&c| c != actor)
}

/// Words that put a counted figure in a deployment: sending, fighting or being stationed.
const DEPLOYMENT_WORDS: &[&str] = &[
    "sends",
    "dispatches",
    "deploys",
    "deployments",
    "fought",
    "fight",
    "fighting",
    "fights",
    "stationed",
    "shipped",
    "transferred",
];

/// Verbs whose subject is the actor of a money figure ("Washington pledged $1bn").
const MONEY_VERBS: &[&str] = &[
    "paid",
    "pay",
    "pays",
    "paying",
    "pledged",
    "pledges",
    "pledge",
    "provided",
    "provides",
    "provide",
    "gave",
    "give",
    "gives",
    "lent",
    "lend",
    "loaned",
    "invested",
    "invest",
    "invests",
    "spent",
    "spend",
    "spends",
    "allocated",
    "allocates",
    "approved",
    "approves",
    "promised",
    "offered",
    "earned",
    "earns",
    "received",
    "sent",
    "transferred",
    "owes",
    "owed",
    "committed",
    "unveiled",
    "announced",
    "signed",
    "totalled",
    "totaled",
    "reached",
];

/// Verbs whose subject is what a percentage changes ("Russia's exports fell 40%").
const CHANGE_VERBS: &[&str] = &[
    "rose",
    "rise",
    "rises",
    "fell",
    "fall",
    "falls",
    "grew",
    "grow",
    "grows",
    "increased",
    "increases",
    "decreased",
    "declined",
    "dropped",
    "jumped",
    "surged",
    "climbed",
    "plunged",
    "shrank",
    "expanded",
    "cut",
    "raised",
    "boosted",
    "reduced",
];

/// Words that cannot sit between a name and the noun it modifies: auxiliaries, modals, relative
/// pronouns and the base forms of the change verbs.
const NOT_MODIFIERS: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "will", "would",
    "could", "can", "may", "might", "should", "must", "shall", "to", "that", "which", "who", "and",
    "or", "not", "reduce", "increase", "decrease", "lower", "boost", "raise", "rise", "drop",
    "decline", "double", "halve", "said", "says",
];

/// A currency by its symbol or name.
fn currency(word: &str) -> Option<&'static str> {
    Some(match word {
        "$" | "usd" | "dollars" | "dollar" => "USD",
        "€" | "eur" | "euros" | "euro" => "EUR",
        "£" | "gbp" | "sterling" => "GBP",
        "₽" | "rub" | "roubles" | "rubles" | "rouble" | "ruble" => "RUB",
        "yuan" | "cny" | "renminbi" => "CNY",
        "yen" | "jpy" => "JPY",
        "won" | "krw" => "KRW",
        "hryvnias" | "hryvnia" | "uah" => "UAH",
        "rupees" | "inr" => "INR",
        _ => return None,
    })
}

/// What a money figure or a percentage measures, by a noun near it.
fn measure_of(noun: &str) -> Option<&'static str> {
    Some(match noun {
        "aid" | "assistance" | "package" | "grant" | "grants" | "funding" => "aid",
        "loan" | "loans" | "credit" | "credits" | "lending" => "loans",
        "trade" | "turnover" => "trade",
        "exports" | "export" => "exports",
        "imports" | "import" => "imports",
        "investment" | "investments" => "investment",
        "deal" | "deals" | "contract" | "contracts" => "deals",
        "payment" | "payments" | "compensation" => "payments",
        "budget" | "spending" | "expenditure" | "expenditures" => "spending",
        "revenue" | "revenues" | "earnings" => "revenue",
        "income" => "income",
        "debt" | "debts" => "debt",
        "reserves" | "assets" => "assets",
        "gdp" | "economy" | "growth" => "economy",
        "inflation" => "inflation",
        "tariff" | "tariffs" | "duties" => "tariffs",
        "sales" => "sales",
        "damage" | "damages" => "damage",
        _ => return None,
    })
}

/// A number written with its scale glued on ("3bn", "1.2bn", "500m"), as money copy has it.
fn glued(t: &Tok) -> Option<f64> {
    if t.kind != TokKind::Word || !t.lower.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let cut = t
        .lower
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))?;
    let (n, suffix) = t.lower.split_at(cut);
    let n = decimal(n)?;
    let scale = match suffix {
        "bn" | "b" => 1e9,
        "m" | "mn" | "mln" => 1e6,
        "k" => 1e3,
        "tn" | "trn" => 1e12,
        _ => return None,
    };
    Some(n * scale)
}

/// "tens of thousands of", "thousands of", "hundreds of", "millions of": a range, its
/// qualifier, and the index after `of`.
fn vague(toks: &[Tok], i: usize) -> Option<(ClaimNumber, String, usize)> {
    let (range, next) = match (w(toks, i), w(toks, i + 1), w(toks, i + 2)) {
        ("tens", "of", "thousands") => ([1e4, 99_999.0], i + 3),
        ("hundreds", "of", "thousands") => ([1e5, 999_999.0], i + 3),
        ("hundreds", _, _) => ([100.0, 999.0], i + 1),
        ("thousands", _, _) => ([1e3, 9_999.0], i + 1),
        ("millions", _, _) => ([1e6, 9_999_999.0], i + 1),
        _ => return None,
    };
    if w(toks, next) != "of" {
        return None;
    }
    let phrase = (i..next).map(|k| w(toks, k)).collect::<Vec<_>>().join(" ");
    Some((ClaimNumber::Range(range), phrase, next + 1))
}

fn w<'a>(toks: &'a [Tok], i: usize) -> &'a str {
    toks.get(i).map(|t| t.lower.as_ref()).unwrap_or("")
}

fn number(t: &Tok) -> Option<f64> {
    if t.kind != TokKind::Num {
        return None;
    }
    decimal(&t.lower)
}

/// The value of a number as the tokeniser writes them: ASCII digits with thousands commas and at
/// most one decimal point ("10,000", "1.5", "3."). `None` for anything else.
///
/// Not `str::parse::<f64>`: that pulls the standard library's general float parser and its
/// 10 KB table of powers of five into the browser build. For up to 15 significant digits and
/// 22 decimals, the value is an exact integer divided by an exact power of ten, which IEEE
/// division rounds once, correctly: the same `f64` as `parse`. Longer numbers may differ from
/// it in the last bit, and digits beyond the 19th are dropped: far below anything a claim
/// compares.
fn decimal(s: &str) -> Option<f64> {
    let (mut mantissa, mut scale, mut decimals) = (0u64, 0i32, 0i32);
    let (mut digits, mut point) = (0, false);
    for c in s.chars() {
        match c {
            ',' => {}
            '.' if !point => point = true,
            '0'..='9' => {
                digits += 1;
                if mantissa < 1_000_000_000_000_000_000 {
                    mantissa = mantissa * 10 + u64::from(c as u8 - b'0');
                    decimals += i32::from(point);
                } else if !point {
                    scale += 1;
                }
            }
            _ => return None,
        }
    }
    if digits == 0 {
        return None;
    }
    let exp = scale - decimals;
    let pow = (0..exp.unsigned_abs()).fold(1.0f64, |p, _| p * 10.0);
    Some(if exp < 0 {
        mantissa as f64 / pow
    } else {
        mantissa as f64 * pow
    })
}

fn scale(word: &str) -> Option<f64> {
    match word {
        "thousand" => Some(1e3),
        "million" | "mln" => Some(1e6),
        "billion" | "bn" => Some(1e9),
        _ => None,
    }
}

/// Whether `words` joined with single spaces are `phrase`, without joining them: a qualifier is
/// looked for before every number.
fn reads(words: &[&str], phrase: &str) -> bool {
    let mut rest = phrase;
    for (k, word) in words.iter().enumerate() {
        if k > 0 {
            let Some(r) = rest.strip_prefix(' ') else {
                return false;
            };
            rest = r;
        }
        let Some(r) = rest.strip_prefix(word) else {
            return false;
        };
        rest = r;
    }
    rest.is_empty()
}

/// Qualifier words before the number at `i`: returns the qualifier and the first token it uses.
fn qualifier(toks: &[Tok], i: usize) -> (Option<String>, usize) {
    if i >= 2 {
        let two = [w(toks, i - 2), w(toks, i - 1)];
        let found = [
            "more than",
            "less than",
            "fewer than",
            "up to",
            "at least",
            "at most",
            "as many",
            "an estimated",
        ]
        .into_iter()
        .find(|p| reads(&two, p));
        if let Some(p) = found {
            if p == "as many" {
                return (None, i);
            }
            return (Some(p.to_string()), i - 2);
        }
    }
    if i >= 3
        && reads(
            &[w(toks, i - 3), w(toks, i - 2), w(toks, i - 1)],
            "as many as",
        )
    {
        return (Some("as many as".into()), i - 3);
    }
    let one = if i >= 1 { w(toks, i - 1) } else { "" };
    if matches!(
        one,
        "about"
            | "around"
            | "roughly"
            | "approximately"
            | "nearly"
            | "almost"
            | "some"
            | "over"
            | "under"
            | "between"
            | "estimated"
            | "approx"
    ) {
        return (Some(one.to_string()), i - 1);
    }
    (None, i)
}

fn figures(toks: &[Tok], idx: &Index, ctx: &Ctx<Index>) -> Vec<Figure> {
    let mut out = Vec::new();
    // Read only when a counted figure is found: most sentences with a number have none.
    let deployment = || {
        toks.iter().any(|t| {
            SEND_VERBS.contains(&t.lower.as_ref()) || DEPLOYMENT_WORDS.contains(&t.lower.as_ref())
        })
    };
    let mut i = 0;
    while i < toks.len() {
        match measured(toks, i, idx, ctx) {
            Ok((f, next)) => {
                out.push(f);
                i = next;
                continue;
            }
            // Money or a percentage with nothing to measure or nobody's: never a count.
            Err(Some(next)) => {
                i = next;
                continue;
            }
            Err(None) => {}
        }
        if let Some((value, phrase, j)) = vague(toks, i) {
            // "tens of thousands of North Korean troops": a range with no number written.
            let qual = match qualifier(toks, i) {
                (Some(q), qs) => (Some(format!("{q} {phrase}")), qs),
                (None, _) => (Some(phrase), i),
            };
            if let Some((f, end)) = counted(toks, idx, ctx, value, qual, j, &deployment) {
                out.push(f);
                i = end + 1;
            } else {
                i = j;
            }
            continue;
        }
        let Some(mut v) = number(&toks[i]) else {
            i += 1;
            continue;
        };
        // Years and days are not figures.
        if !toks[i].lower.contains(',')
            && (1900.0..=2100.0).contains(&v)
            && toks[i].lower.len() == 4
        {
            i += 1;
            continue;
        }
        let (qual, qstart) = qualifier(toks, i);
        let mut j = i + 1;
        if let Some(s) = scale(w(toks, j)) {
            v *= s;
            j += 1;
        }
        let mut value = ClaimNumber::One(v);
        if matches!(w(toks, j), "to" | "-" | "–" | "and") {
            if let Some(mut hi) = toks.get(j + 1).and_then(number) {
                let mut k = j + 2;
                if let Some(s) = scale(w(toks, k)) {
                    hi *= s;
                    if v < 1000.0 {
                        v *= s;
                    }
                    k += 1;
                }
                if hi > v && (w(toks, j) != "and" || qual.as_deref() == Some("between")) {
                    value = ClaimNumber::Range([v, hi]);
                    j = k;
                }
            }
        }
        let qual = match (&value, qual) {
            (ClaimNumber::Range(_), Some(q)) if q == "between" => None,
            (_, q) => q,
        };
        match counted(toks, idx, ctx, value, (qual, qstart), j, &deployment) {
            Some((f, end)) => {
                out.push(f);
                i = end + 1;
            }
            None => i = j.max(i + 1),
        }
    }
    out
}

/// The rest of a counted figure whose number ends before `j`: the counted noun, the actor, the
/// topic. Returns the figure and the index of its last token.
fn counted(
    toks: &[Tok],
    idx: &Index,
    ctx: &Ctx<Index>,
    value: ClaimNumber,
    (qual, qstart): (Option<String>, usize),
    j: usize,
    deployment: &dyn Fn() -> bool,
) -> Option<(Figure, usize)> {
    {
        // The counted noun: a few modifier words away.
        let mut k = j;
        let mut demonym: Option<EntityId> = None;
        let mut additional = false;
        let mut noun = None;
        while k < toks.len() && k < j + 6 {
            let t = &toks[k];
            if let Some(u) = unit_of(&t.lower) {
                // "artillery shells": the last of two counted nouns is the head.
                if unit_of(w(toks, k + 1)).is_none() {
                    noun = Some((u, k));
                    break;
                }
                k += 1;
                continue;
            }
            if is_demonym(t, idx) {
                demonym = t.ent().map(|x| x.0);
            } else if t.is_word()
                && !matches!(
                    t.lower.as_ref(),
                    "of" | "in" | "to" | "and" | "from" | "at" | "on" | "for" | "by" | "with"
                )
            {
                if matches!(
                    t.lower.as_ref(),
                    "additional" | "new" | "more" | "further" | "extra"
                ) {
                    additional = true;
                }
            } else {
                break;
            }
            k += 1;
        }
        let (mut unit, nk) = noun?;
        // "around 4,000 soldiers have been killed or wounded": casualties.
        let mut end = nk;
        // "engineers and builders": one figure for both.
        if w(toks, nk + 1) == "and" && unit_of(w(toks, nk + 2)) == Some(unit) {
            end = nk + 2;
        }
        if unit == "troops" {
            if let Some(c) =
                (nk + 1..(nk + 8).min(toks.len())).find(|&x| CASUALTY_WORDS.contains(&w(toks, x)))
            {
                unit = "casualties";
                end = c;
                if w(toks, c + 1) == "or" && CASUALTY_WORDS.contains(&w(toks, c + 2)) {
                    end = c + 2;
                }
            }
        }
        let lo = qstart.saturating_sub(4);
        if (lo..qstart).any(|x| {
            matches!(
                w(toks, x),
                "additional" | "new" | "further" | "extra" | "more"
            )
        }) {
            additional = true;
        }
        // The governing sending verb, a few words to the left.
        let verb = (qstart.saturating_sub(4)..qstart)
            .rev()
            .find(|&x| SEND_VERBS.contains(&w(toks, x)));
        if let Some(vi) = verb {
            if (vi.saturating_sub(3)..vi).any(|x| {
                PLANNED.contains(&w(toks, x)) && w(toks, x) != "agreed" && w(toks, x) != "agreeing"
            }) {
                additional = true;
            }
        }
        let actor = demonym
            .or_else(|| {
                // "soldiers from North Korea"
                (w(toks, nk + 1) == "from")
                    .then(|| toks.get(nk + 2).and_then(|t| t.ent()).map(|x| x.0))
                    .flatten()
            })
            .or_else(|| {
                let vi = verb?;
                let s = subjects_of(toks, vi, ctx);
                s.first().and_then(|&x| toks[x].ent()).map(|x| x.0)
            })
            .or_else(|| {
                // "the 11,000 troops Pyongyang sent"
                let t = toks.get(nk + 1)?;
                let next = w(toks, nk + 2);
                (SEND_VERBS.contains(&next))
                    .then(|| t.ent().map(|x| x.0))
                    .flatten()
            });
        let actor = actor.and_then(|a| idx.country_entity(a).or(Some(a)))?;
        let what = if unit == "casualties" {
            What::Casualties
        } else if additional {
            What::Additional
        } else if deployment() {
            What::Sent
        } else {
            What::Count
        };
        Some((
            Figure {
                value,
                qualifier: qual,
                unit,
                actor,
                what,
                dest: match what {
                    What::Count | What::Measure(..) => None,
                    _ => destination(toks, end + 1, actor, idx),
                },
                span: Span::new(toks[qstart].span.start, toks[end].span.end),
            },
            end,
        ))
    }
}

/// A money figure ("$1.2 billion", "500 million roubles", "€3bn") or a percentage ("40%", "40
/// per cent") starting at `i`, with what it measures and whose it is. Returns the figure and the
/// index after it; `Err(Some(after))` for money or a percentage that cannot be placed, `Err(None)`
/// when there is no money or percentage at `i`.
fn measured(
    toks: &[Tok],
    i: usize,
    idx: &Index,
    ctx: &Ctx<Index>,
) -> Result<(Figure, usize), Option<usize>> {
    let (unit, start, v, after) = money_or_percent(toks, i).ok_or(None)?;
    measured_rest(toks, i, idx, ctx, unit, start, v, after).ok_or(Some(after.max(i + 1)))
}

/// The unit, first token, value and end of a money figure or percentage at `i`.
fn money_or_percent(toks: &[Tok], i: usize) -> Option<(&'static str, usize, f64, usize)> {
    let (mut v, mut j) = match (number(&toks[i]), glued(&toks[i])) {
        (Some(v), _) => (v, i + 1),
        (None, Some(v)) => (v, i + 1),
        _ => return None,
    };
    // The currency symbol comes before the number; a qualifier before both. (Looked for only
    // once there is a number: this runs at every token of the sentence.)
    let sym = i
        .checked_sub(1)
        .filter(|&k| !toks[k].is_word())
        .and_then(|k| currency(w(toks, k)));
    if let Some(s) = scale(w(toks, j)) {
        v *= s;
        j += 1;
    }
    let percent = |k: usize| -> Option<(&'static str, usize)> {
        match (w(toks, k), w(toks, k + 1), w(toks, k + 2)) {
            ("%" | "percent" | "pct", _, _) => Some(("percent", k + 1)),
            ("per", "cent", _) => Some(("percent", k + 2)),
            ("percentage", "points" | "point", _) => Some(("percentage points", k + 2)),
            _ => None,
        }
    };
    let (unit, after) = match (sym, percent(j)) {
        (Some(c), _) => (c, j),
        (None, Some(p)) => p,
        (None, None) => {
            // "500 million roubles", "1.2 billion US dollars".
            let k = if w(toks, j) == "us" { j + 1 } else { j };
            (
                currency(w(toks, k)).filter(|_| toks.get(k).is_some_and(Tok::is_word))?,
                k + 1,
            )
        }
    };
    let start = if sym.is_some() { i - 1 } else { i };
    Some((unit, start, v, after))
}

#[allow(clippy::too_many_arguments)]
fn measured_rest(
    toks: &[Tok],
    i: usize,
    idx: &Index,
    ctx: &Ctx<Index>,
    unit: &'static str,
    start: usize,
    v: f64,
    after: usize,
) -> Option<(Figure, usize)> {
    let sym = (start < i).then_some(unit);
    let percent = |k: usize| -> Option<(&'static str, usize)> {
        match (w(toks, k), w(toks, k + 1), w(toks, k + 2)) {
            ("%" | "percent" | "pct", _, _) => Some(("percent", k + 1)),
            ("per", "cent", _) => Some(("percent", k + 2)),
            ("percentage", "points" | "point", _) => Some(("percentage points", k + 2)),
            _ => None,
        }
    };
    let (qual, qstart) = qualifier(toks, start);
    let mut value = ClaimNumber::One(v);
    let mut end = after;
    // "30% to 40%", "$1bn to $2bn", "between 2 and 3 billion roubles".
    if matches!(w(toks, end), "to" | "-" | "–" | "and") {
        let mut k = end + 1;
        if sym.is_some() && currency(w(toks, k)) == sym {
            k += 1;
        }
        if let Some(mut hi) = toks.get(k).and_then(|t| number(t).or_else(|| glued(t))) {
            k += 1;
            if let Some(s) = scale(w(toks, k)) {
                hi *= s;
                k += 1;
            }
            if let Some((u, e)) = percent(k) {
                if u == unit {
                    k = e;
                }
            } else if currency(w(toks, k)) == Some(unit) {
                k += 1;
            }
            if hi > v && (w(toks, end) != "and" || qual.as_deref() == Some("between")) {
                value = ClaimNumber::Range([v, hi]);
                end = k;
            }
        }
    }
    let qual = match (&value, qual) {
        (ClaimNumber::Range(_), Some(q)) if q == "between" => None,
        (_, q) => q,
    };
    // What it measures: a noun right after ("$1bn in military aid", "40% of Russia's exports"),
    // else the nearest before ("exports fell 40%", "aid worth $1bn") that is not itself inside a
    // prepositional phrase ("tariffs on Russian exports … 100 percent" measures tariffs).
    let share = unit != "percent" || w(toks, end) == "of";
    let share = share && unit == "percent";
    let right = (end..(end + 6).min(toks.len()))
        .take_while(|&k| toks[k].is_word() || toks[k].ent().is_some() || toks[k].is("'s"))
        .find_map(|k| measure_of(w(toks, k)).map(|m| (m, k)));
    let left = || {
        (qstart.saturating_sub(10)..qstart)
            .rev()
            .take_while(|&k| {
                !matches!(
                    w(toks, k),
                    "," | ";" | ":" | "\"" | "(" | ")" | "." | "that"
                )
            })
            .filter(|&k| !in_phrase(toks, k, ctx))
            .find_map(|k| measure_of(w(toks, k)).map(|m| (m, k)))
    };
    let (measure, mk) = right.or_else(left)?;
    // Whose: a name or demonym on the noun ("Russian exports", "EU aid", "Russia's exports"),
    // "aid from X", or the subject of the verb that governs the figure.
    // The name must stand in the noun's own phrase: only modifiers between them, never a verb
    // ("the Trump administration would reduce GDP by $63bn" is nobody's GDP).
    let on_noun = (mk.saturating_sub(4)..mk)
        .rev()
        .take_while(|&k| {
            let l = w(toks, k);
            toks[k].ent().is_some()
                || toks[k].is("'s")
                || (toks[k].is_word()
                    && !crate::relate::lexicon::PREPS.contains(&l)
                    && measure_of(l).is_none()
                    && !MONEY_VERBS.contains(&l)
                    && !CHANGE_VERBS.contains(&l)
                    && !NOT_MODIFIERS.contains(&l)
                    && !l.ends_with("ed"))
        })
        .find(|&k| toks[k].ent().is_some());
    let from = (w(toks, mk + 1) == "from")
        .then(|| {
            toks.get(mk + 2)
                .filter(|t| t.ent().is_some())
                .map(|_| mk + 2)
        })
        .flatten();
    let verb = || {
        let lo = qstart.saturating_sub(5);
        let vi = (lo..qstart)
            .rev()
            .find(|&k| MONEY_VERBS.contains(&w(toks, k)) || CHANGE_VERBS.contains(&w(toks, k)))?;
        subjects_of(toks, vi, ctx).first().copied()
    };
    let who = on_noun.or(from).or_else(verb)?;
    let (id, _) = toks[who].ent()?;
    let actor = idx.country_entity(id).unwrap_or(id);
    let last = end.saturating_sub(1).max(i);
    Some((
        Figure {
            value,
            qualifier: qual,
            unit,
            actor,
            what: What::Measure(measure, share),
            dest: None,
            span: Span::new(toks[qstart].span.start, toks[last].span.end),
        },
        end.max(i + 1),
    ))
}

/// Whether the word at `k` sits inside a prepositional phrase ("on Russian exports").
fn in_phrase(toks: &[Tok], k: usize, ctx: &Ctx<Index>) -> bool {
    let mut m = k;
    while m > 0 && k - m < 4 {
        m -= 1;
        let t = &toks[m];
        if t.is_word() && matches!(t.lower.as_ref(), "on" | "to" | "from" | "for" | "against") {
            return true;
        }
        let np = t.ent().is_some()
            || is_demonym(t, ctx.info)
            || t.is("'s")
            || (t.is_word() && matches!(t.lower.as_ref(), "the" | "its" | "their" | "total"));
        if !np {
            return false;
        }
    }
    false
}

fn topic(idx: &Index, actor: EntityId, unit: &str, what: What, dest: Option<EntityId>) -> String {
    let who = idx.name(actor);
    let to = |prep: &str| {
        dest.map(|d| format!(" {prep} {}", idx.name(d)))
            .unwrap_or_default()
    };
    match what {
        What::Casualties => format!("{who}: soldiers killed or wounded{}", to("in")),
        What::Additional => format!("{who}: additional {unit} deployment{}", to("to")),
        What::Sent => format!("{who}: {unit} sent{}", to("to")),
        What::Count => format!("{who}: {unit}"),
        What::Measure(m, false) => format!("{who}: {m} ({unit})"),
        What::Measure(m, true) => format!("{who}: share of {m} ({unit})"),
    }
}

type GroupKey = (EntityId, &'static str, What, Option<EntityId>);

/// Figures that do not say where they go join the one destination their (actor, unit, kind) has
/// elsewhere; with several destinations they stay apart rather than being guessed into one.
fn merge_destinations(groups: &mut BTreeMap<GroupKey, Vec<ClaimValue>>) {
    let open: Vec<GroupKey> = groups.keys().filter(|k| k.3.is_none()).copied().collect();
    for k in open {
        let dests: Vec<GroupKey> = groups
            .keys()
            .filter(|x| x.3.is_some() && (x.0, x.1, x.2) == (k.0, k.1, k.2))
            .copied()
            .collect();
        if let [only] = dests[..] {
            if let Some(vals) = groups.remove(&k) {
                let into = groups.entry(only).or_default();
                for v in vals {
                    if !into.iter().any(|x| x.doc == v.doc && x.value == v.value) {
                        into.push(v);
                    }
                }
            }
        }
    }
}

/// Figures of prepared documents, grouped into topics: documents are added one at a time (so
/// their tokens need not all be held at once), then [`Figures::finish`] makes the claims.
#[derive(Default)]
pub(crate) struct Figures {
    groups: BTreeMap<GroupKey, Vec<ClaimValue>>,
}

impl Figures {
    /// Read the figures of one prepared document.
    pub(crate) fn add(&mut self, doc: &RelDoc, sents: &[PSent], idx: &Index) {
        let ctx = Ctx {
            info: idx,
            text: doc.text,
        };
        for s in sents {
            // Only sentences with a figure: digits, or a vague quantity ("tens of thousands"),
            // and a name (every figure has an actor, and actors are entities of the sentence).
            if !s.toks.iter().any(|t| t.ent().is_some())
                || !s.toks.iter().any(|t| {
                    t.kind == TokKind::Num
                        || (t.is_word()
                            && (t.lower.starts_with(|c: char| c.is_ascii_digit())
                                || matches!(
                                    t.lower.as_ref(),
                                    "hundreds" | "thousands" | "millions"
                                )))
                })
            {
                continue;
            }
            for f in figures(&s.toks, idx, &ctx) {
                let values = self
                    .groups
                    .entry((f.actor, f.unit, f.what, f.dest))
                    .or_default();
                // Documents come one after another, so this document's values are the last ones:
                // only they need checking, not the topic's whole history.
                if values
                    .iter()
                    .rev()
                    .take_while(|v| v.doc == doc.doc)
                    .any(|v| v.value == f.value)
                {
                    continue;
                }
                values.push(ClaimValue {
                    value: f.value,
                    qualifier: f.qualifier,
                    doc: doc.doc,
                    text: f.span.of(doc.text).to_string(),
                    evidence: Evidence {
                        doc: doc.doc,
                        start: s.span.start,
                        end: s.span.end,
                        text: s.span.of(doc.text).to_string(),
                    },
                });
            }
        }
    }

    /// The claims, one per topic, with values in document and sentence order.
    pub(crate) fn finish(mut self, idx: &Index) -> Vec<Claim> {
        merge_destinations(&mut self.groups);
        self.groups
            .into_iter()
            .map(|((actor, unit, what, dest), mut values)| {
                values.sort_stable_by(|a, b| {
                    a.doc
                        .cmp(&b.doc)
                        .then(a.evidence.start.cmp(&b.evidence.start))
                });
                let conflict = disagree(&values);
                Claim {
                    topic: topic(idx, actor, unit, what, dest),
                    unit: unit.to_string(),
                    actor: Some(actor),
                    values,
                    conflict,
                }
            })
            .collect()
    }
}

fn disagree(values: &[ClaimValue]) -> bool {
    let mut seen: Vec<&ClaimNumber> = Vec::new();
    for v in values {
        if !seen.contains(&&v.value) {
            seen.push(&v.value);
        }
    }
    seen.len() > 1
}

/// A stated relation that another document denies ("Lavrov met Kim" / "Lavrov did not meet Kim"):
/// one value per document and modality (`asserted`, `reported` or `denied`), always a conflict.
/// Planned and unconfirmed statements contradict nothing and are left out.
pub(crate) fn denial_conflicts(found: &[Found], idx: &Index) -> Vec<Claim> {
    type Side<'a> = Vec<(Modality, DocId, &'a Evidence)>;
    let mut by_fact: BTreeMap<(EntityId, &str, EntityId), Side> = BTreeMap::new();
    for f in found {
        let c = &f.cand;
        if matches!(c.modality, Modality::Planned | Modality::Unconfirmed) {
            continue;
        }
        // A symmetric fact is the same whichever way round it is written.
        let (s, o) = if crate::relate::SYMMETRIC.contains(&c.predicate.as_str()) {
            (c.subject.min(c.object), c.subject.max(c.object))
        } else {
            (c.subject, c.object)
        };
        let list = by_fact.entry((s, c.predicate.as_str(), o)).or_default();
        if !list.iter().any(|(m, d, _)| *m == c.modality && *d == f.doc) {
            list.push((c.modality, f.doc, &f.evidence));
        }
    }
    let mut out = Vec::new();
    for ((s, pred, o), list) in by_fact {
        let denied: Vec<DocId> = list
            .iter()
            .filter(|x| x.0 == Modality::Denied)
            .map(|x| x.1)
            .collect();
        let stated: Vec<DocId> = list
            .iter()
            .filter(|x| x.0 != Modality::Denied)
            .map(|x| x.1)
            .collect();
        // Disagreement between sources, not a document reporting a claim and its denial.
        if denied.is_empty() || stated.is_empty() || denied.iter().all(|d| stated.contains(d)) {
            continue;
        }
        let mut values: Vec<ClaimValue> = list
            .iter()
            .map(|(m, d, e)| ClaimValue {
                value: ClaimNumber::Text(crate::relate::modality_word(*m).to_string()),
                qualifier: None,
                doc: *d,
                text: crate::relate::modality_word(*m).to_string(),
                evidence: (*e).clone(),
            })
            .collect();
        values.sort_stable_by(|x, y| {
            x.doc
                .cmp(&y.doc)
                .then(x.evidence.start.cmp(&y.evidence.start))
        });
        out.push(Claim {
            topic: format!("whether {} {} {}", idx.name(s), pred, idx.name(o)),
            unit: "fact".into(),
            actor: Some(s),
            values,
            conflict: true,
        });
    }
    out
}

/// Two or more documents placing the same meeting in different places.
pub(crate) fn place_conflicts(found: &[Found], idx: &Index) -> Vec<Claim> {
    let mut by_pair: Places = BTreeMap::new();
    let mut first: BTreeMap<(EntityId, EntityId), (EntityId, EntityId)> = BTreeMap::new();
    for f in found {
        let c = &f.cand;
        if c.predicate != "met"
            || matches!(
                c.modality,
                Modality::Denied | Modality::Unconfirmed | Modality::Planned
            )
        {
            continue;
        }
        let Some(place) = c.place else { continue };
        let pair = (c.subject.min(c.object), c.subject.max(c.object));
        // Named the way round the first statement has it, like the merged relation.
        first.entry(pair).or_insert((c.subject, c.object));
        let list = by_pair.entry(pair).or_default();
        if !list.iter().any(|(p, d, _)| *p == place && *d == f.doc) {
            list.push((place, f.doc, &f.evidence));
        }
    }
    let mut out = Vec::new();
    for (pair, list) in by_pair {
        let (a, b) = first.get(&pair).copied().unwrap_or(pair);
        let mut places: Vec<EntityId> = list.iter().map(|x| x.0).collect();
        places.sort_stable();
        places.dedup();
        let mut docs: Vec<DocId> = list.iter().map(|x| x.1).collect();
        docs.sort_stable();
        docs.dedup();
        if places.len() < 2 || docs.len() < 2 {
            continue;
        }
        let mut values: Vec<ClaimValue> = list
            .iter()
            .map(|(p, d, e)| ClaimValue {
                value: ClaimNumber::Text(idx.name(*p)),
                qualifier: None,
                doc: *d,
                text: idx.name(*p),
                evidence: (*e).clone(),
            })
            .collect();
        values.sort_stable_by(|x, y| {
            x.doc
                .cmp(&y.doc)
                .then(x.evidence.start.cmp(&y.evidence.start))
        });
        out.push(Claim {
            topic: format!("where {} met {}", idx.name(a), idx.name(b)),
            unit: "place".into(),
            actor: Some(a),
            values,
            conflict: true,
        });
    }
    out
}

#[cfg(test)]
mod decimal_tests {
    use super::decimal;
    use proptest::prelude::*;

    #[test]
    fn reads_the_numbers_news_writes() {
        assert_eq!(decimal("10,000"), Some(10_000.0));
        assert_eq!(decimal("1.5"), Some(1.5));
        assert_eq!(decimal("0.3"), Some(0.3));
        assert_eq!(decimal("3."), Some(3.0));
        assert_eq!(decimal("1,234.56"), Some(1234.56));
        assert_eq!(decimal("1.2.3"), None);
        assert_eq!(decimal(","), None);
        assert_eq!(decimal(""), None);
        assert_eq!(decimal("3bn"), None);
    }

    proptest! {
        #[test]
        fn agrees_with_the_standard_parser(int in 0u64..1_000_000_000, frac in "[0-9]{0,6}") {
            let s = if frac.is_empty() { int.to_string() } else { format!("{int}.{frac}") };
            prop_assert_eq!(decimal(&s), s.parse::<f64>().ok());
        }
    }
}
