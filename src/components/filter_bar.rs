//! The filter bar: search over names and aliases, entity type, country, source, document,
//! predicate and minimum mentions. Every control shows facet counts (how many entities the other
//! filters leave for each value) and writes the filters to the URL; they apply in every view.

use crate::explore::{Explore, Nav};
use dossier_core::sort::SortStable;
use dossier_core::{DocId, DocumentSummary, EntityKind};
use dossier_view::countries::flag;
use dossier_view::filter::Filters;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// At most this many documents are offered in the document filter (see below).
const DOC_OPTIONS: usize = 200;

const KINDS: [(EntityKind, &str); 4] = [
    (EntityKind::Person, "People"),
    (EntityKind::Organization, "Organisations"),
    (EntityKind::Place, "Places"),
    (EntityKind::Country, "Countries"),
];

/// The single value of a set-valued filter shown in a `<select>` ("" for any).
fn single<T: ToString>(set: &std::collections::BTreeSet<T>) -> String {
    if set.len() == 1 {
        set.iter()
            .next()
            .map(ToString::to_string)
            .unwrap_or_default()
    } else {
        String::new()
    }
}

#[function_component(FilterBar)]
pub fn filter_bar() -> Html {
    let x = use_context::<Explore>().expect("Explore context");
    let f = &x.route.filters;
    let facets = &x.results.facets;
    let index = x.model.index();
    let a = x.model.analysis();

    let set = {
        let x = x.clone();
        move |nav: Nav, change: Box<dyn FnOnce(&mut Filters)>| {
            x.navigate(nav, |r| {
                change(&mut r.filters);
                // A different result set: the expanded card may be gone.
                r.open = None;
            })
        }
    };
    let on_search = {
        let set = set.clone();
        Callback::from(move |e: InputEvent| {
            let v = e.target_unchecked_into::<HtmlInputElement>().value();
            set(Nav::Replace, Box::new(move |f| f.q = v));
        })
    };
    let select = |key: &'static str| {
        let set = set.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            set(
                Nav::Push,
                Box::new(move |f| {
                    let one = |v: &str| -> std::collections::BTreeSet<String> {
                        if v.is_empty() {
                            Default::default()
                        } else {
                            [v.to_string()].into()
                        }
                    };
                    match key {
                        "country" => f.countries = one(&v),
                        "source" => f.sources = one(&v),
                        "pred" => f.predicates = one(&v),
                        "doc" => {
                            f.docs = v.parse().ok().map(DocId).into_iter().collect();
                        }
                        _ => {}
                    }
                }),
            )
        })
    };
    let on_min = {
        let set = set.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlInputElement>().value();
            let n = v.parse::<usize>().unwrap_or(0).min(1_000_000);
            set(
                Nav::Push,
                Box::new(move |f| f.min_mentions = if n > 1 { n } else { 0 }),
            );
        })
    };
    let on_clear = {
        let set = set.clone();
        Callback::from(move |_| set(Nav::Push, Box::new(|f| *f = Filters::default())))
    };

    let kinds = KINDS.iter().map(|&(k, label)| {
        let checked = f.kinds.contains(&k);
        let n = facets.kinds.get(&k).copied().unwrap_or(0);
        let onchange = {
            let set = set.clone();
            Callback::from(move |e: Event| {
                let on = e.target_unchecked_into::<HtmlInputElement>().checked();
                set(
                    Nav::Push,
                    Box::new(move |f| {
                        if on {
                            f.kinds.insert(k);
                        } else {
                            f.kinds.remove(&k);
                        }
                    }),
                )
            })
        };
        html! {
            <label class={classes!("chip", format!("kind-{}", kind_slug(k)))}>
                <input type="checkbox" {checked} {onchange} data-testid={format!("filter-type-{}", kind_slug(k))} />
                { format!("{label} ({n})") }
            </label>
        }
    });

    let country_value = single(&f.countries);
    let countries = index.countries().iter().map(|c| {
        let n = facets.countries.get(c).copied().unwrap_or(0);
        html! {
            <option value={c.clone()} selected={*c == country_value}>
                { format!("{} {} ({n})", flag(c), x.country_name(c)) }
            </option>
        }
    });
    let source_value = single(&f.sources);
    let sources = index.sources().iter().map(|s| {
        let n = facets.sources.get(s).copied().unwrap_or(0);
        html! { <option value={s.clone()} selected={*s == source_value}>{ format!("{s} ({n})") }</option> }
    });
    let doc_value = if f.docs.len() == 1 {
        f.docs
            .iter()
            .next()
            .map(|d| d.0.to_string())
            .unwrap_or_default()
    } else {
        String::new()
    };
    // A list of thousands of options takes the browser longer to build than everything else on
    // the page (and is no way to choose): past a limit, the documents with the most entities for
    // the other filters are listed, in corpus order, with the chosen one always among them.
    let count = |d: &DocumentSummary| facets.docs.get(&d.id).copied().unwrap_or(0);
    let mut listed: Vec<usize> = (0..a.documents.len()).collect();
    if listed.len() > DOC_OPTIONS {
        listed.sort_stable_by_key(|&i| std::cmp::Reverse(count(&a.documents[i])));
        listed.truncate(DOC_OPTIONS);
        let chosen_id = doc_value.parse().ok().map(DocId);
        let chosen = a.documents.iter().position(|d| Some(d.id) == chosen_id);
        if let Some(c) = chosen.filter(|c| !listed.contains(c)) {
            listed.push(c);
        }
        listed.sort_stable();
    }
    let unlisted = a.documents.len() - listed.len();
    let docs = listed.into_iter().map(|i| {
        let d = &a.documents[i];
        let n = count(d);
        let v = d.id.0.to_string();
        html! {
            <option value={v.clone()} selected={v == doc_value}>
                { format!("{} ({n})", d.title.clone().unwrap_or_else(|| d.name.clone())) }
            </option>
        }
    });
    let pred_value = single(&f.predicates);
    let preds = index.predicates().iter().map(|p| {
        let n = facets.predicates.get(p).copied().unwrap_or(0);
        html! { <option value={p.clone()} selected={*p == pred_value}>{ format!("{p} ({n})") }</option> }
    });

    html! {
        <form class="filter-bar" role="search" aria-label="Filters" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            <input
                type="search"
                class="search"
                placeholder="Search names and aliases"
                aria-label="Search names and aliases"
                data-testid="search"
                value={f.q.clone()}
                oninput={on_search}
            />
            <fieldset class="kinds">
                <legend class="visually-hidden">{ "Entity type" }</legend>
                { for kinds }
            </fieldset>
            <label class="field">
                <span>{ "Country" }</span>
                <select data-testid="filter-country" onchange={select("country")}>
                    <option value="" selected={country_value.is_empty()}>{ "Any country" }</option>
                    { for countries }
                </select>
            </label>
            <label class="field">
                <span>{ "Source" }</span>
                <select data-testid="filter-source" onchange={select("source")}>
                    <option value="" selected={source_value.is_empty()}>{ "Any source" }</option>
                    { for sources }
                </select>
            </label>
            <label class="field">
                <span>{ "Document" }</span>
                <select data-testid="filter-doc" onchange={select("doc")}>
                    <option value="" selected={doc_value.is_empty()}>{ "Any document" }</option>
                    { for docs }
                    if unlisted > 0 {
                        <option disabled=true>{ format!("({unlisted} more with fewer entities)") }</option>
                    }
                </select>
            </label>
            <label class="field">
                <span>{ "Relation" }</span>
                <select data-testid="filter-predicate" onchange={select("pred")}>
                    <option value="" selected={pred_value.is_empty()}>{ "Any relation" }</option>
                    { for preds }
                </select>
            </label>
            <label class="field narrow">
                <span>{ "Min. mentions" }</span>
                <input type="number" min="1" max="1000000" data-testid="filter-min"
                    value={f.min_mentions.max(1).to_string()} onchange={on_min} />
            </label>
            if !f.is_empty() {
                <button type="button" class="secondary" onclick={on_clear} data-testid="filter-clear">{ "Clear filters" }</button>
            }
        </form>
    }
}

pub fn kind_slug(k: EntityKind) -> &'static str {
    match k {
        EntityKind::Person => "person",
        EntityKind::Organization => "organization",
        EntityKind::Place => "place",
        EntityKind::Country => "country",
    }
}
