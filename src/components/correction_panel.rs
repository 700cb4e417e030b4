//! The analyst's corrections for one entity, in a disclosure on its card: rename, change type or
//! country, merge another entity into it, split an alias off, hide it as a false positive. Each
//! action appends to the correction log, which is replayed over the analysis (see
//! `dossier_view::corrections`), so the change shows in every view at once.

use crate::components::entity_card::kind_label;
use crate::explore::Explore;
use dossier_core::sort::SortStable;
use dossier_core::EntityKind;
use dossier_view::corrections::{Correction, EntityRef};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub index: usize,
}

const KINDS: [EntityKind; 4] = [
    EntityKind::Person,
    EntityKind::Organization,
    EntityKind::Place,
    EntityKind::Country,
];

fn kind_value(k: EntityKind) -> &'static str {
    crate::components::filter_bar::kind_slug(k)
}

#[function_component(CorrectionPanel)]
pub fn correction_panel(p: &Props) -> Html {
    let x = use_context::<Explore>().expect("Explore context");
    let rename = use_node_ref();
    let kind = use_node_ref();
    let country = use_node_ref();
    let merge = use_node_ref();
    let split = use_node_ref();
    let open = use_state(|| false);
    let a = x.model.analysis();
    let Some(e) = a.entities.get(p.index) else {
        return html! {};
    };
    let me = EntityRef {
        name: e.name.clone(),
        kind: e.kind,
    };
    let id = e.id.0;
    let field = |r: &NodeRef| {
        r.cast::<HtmlInputElement>()
            .map(|i| i.value())
            .unwrap_or_default()
    };
    let choice = |r: &NodeRef| {
        r.cast::<HtmlSelectElement>()
            .map(|i| i.value())
            .unwrap_or_default()
    };

    let act = |make: Box<dyn Fn() -> Option<Correction>>| {
        let correct = x.correct.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(c) = make() {
                correct.emit(c);
            }
        })
    };
    let on_rename = {
        let (me, r) = (me.clone(), rename.clone());
        act(Box::new(move || {
            let name = field(&r).trim().to_string();
            (!name.is_empty()).then(|| Correction::Rename {
                entity: me.clone(),
                name,
            })
        }))
    };
    let on_kind = {
        let (me, r) = (me.clone(), kind.clone());
        act(Box::new(move || {
            let v = choice(&r);
            let k = KINDS.into_iter().find(|k| kind_value(*k) == v)?;
            Some(Correction::SetType {
                entity: me.clone(),
                kind: k,
            })
        }))
    };
    let on_country = {
        let (me, r) = (me.clone(), country.clone());
        act(Box::new(move || {
            let v = field(&r).trim().to_ascii_uppercase();
            let country = if v.is_empty() { None } else { Some(v) };
            Some(Correction::SetCountry {
                entity: me.clone(),
                country,
            })
        }))
    };
    // Merging: the named entity (any type, resolved by name) joins this one. The name is looked up
    // when the form is submitted, not collected on every render of every card.
    let on_merge = {
        let (me, r) = (me.clone(), merge.clone());
        let model = x.model.clone();
        act(Box::new(move || {
            let v = field(&r).trim().to_string();
            let folded = dossier_view::fold::fold(&v);
            let entities = &model.analysis().entities;
            let found = entities.iter().find(|e| e.name == v).or_else(|| {
                entities
                    .iter()
                    .find(|e| dossier_view::fold::fold(&e.name) == folded)
            })?;
            let (name, kind) = (found.name.clone(), found.kind);
            (name != me.name || kind != me.kind).then(|| Correction::Merge {
                keep: me.clone(),
                absorb: EntityRef { name, kind },
            })
        }))
    };
    let on_split = {
        let (me, r) = (me.clone(), split.clone());
        act(Box::new(move || {
            let alias = choice(&r);
            (!alias.is_empty()).then(|| Correction::SplitAlias {
                entity: me.clone(),
                alias,
            })
        }))
    };
    let on_hide = {
        let (me, correct) = (me.clone(), x.correct.clone());
        Callback::from(move |_| correct.emit(Correction::Hide { entity: me.clone() }))
    };
    let list_id = format!("merge-names-{id}");
    let on_toggle = super::on_details_toggle(&open);

    // Closed, the panel is just its summary: the forms are built when it opens, so the cards that
    // a keystroke in the search box replaces carry no hidden forms.
    if !*open {
        return html! {
            <details class="corrections" data-testid="corrections" ontoggle={on_toggle}>
                <summary>{ "Correct this entity" }</summary>
            </details>
        };
    }
    // Suggestions for the merge box: other entities of the same type, most mentioned first. Built
    // only while the panel is open: sorting every entity for each card on each render is what made
    // typing in the search box slow with a large corpus.
    let suggestions = {
        let mut same: Vec<&dossier_core::Entity> = a
            .entities
            .iter()
            .filter(|o| o.kind == e.kind && o.id != e.id)
            .collect();
        same.sort_stable_by(|x, y| {
            y.mentions
                .len()
                .cmp(&x.mentions.len())
                .then_with(|| x.name.cmp(&y.name))
        });
        same.iter()
            .take(200)
            .map(|o| html! { <option value={o.name.clone()} /> })
            .collect::<Html>()
    };
    html! {
        <details class="corrections" data-testid="corrections" ontoggle={on_toggle} open={true}>
            <summary>{ "Correct this entity" }</summary>
            <form class="correction" onsubmit={on_rename}>
                <label for={format!("rename-{id}")}>{ "Name" }</label>
                <input id={format!("rename-{id}")} ref={rename} value={e.name.clone()} data-testid="rename-input" />
                <button type="submit" data-testid="rename">{ "Rename" }</button>
            </form>
            <form class="correction" onsubmit={on_kind}>
                <label for={format!("kind-{id}")}>{ "Type" }</label>
                <select id={format!("kind-{id}")} ref={kind}>
                    { for KINDS.iter().map(|k| html! {
                        <option value={kind_value(*k)} selected={*k == e.kind}>{ kind_label(*k) }</option>
                    }) }
                </select>
                <button type="submit">{ "Change type" }</button>
            </form>
            <form class="correction" onsubmit={on_country}>
                <label for={format!("country-{id}")}>{ "Country (ISO code)" }</label>
                <input id={format!("country-{id}")} ref={country} maxlength="2" size="3"
                    value={e.country.clone().unwrap_or_default()} />
                <button type="submit">{ "Set country" }</button>
            </form>
            <form class="correction" onsubmit={on_merge}>
                <label for={format!("merge-{id}")}>{ "Merge into this one" }</label>
                <input id={format!("merge-{id}")} ref={merge} list={list_id.clone()}
                    placeholder="Name of the duplicate" data-testid="merge-input" />
                <datalist id={list_id}>{ suggestions }</datalist>
                <button type="submit" data-testid="merge">{ "Merge" }</button>
            </form>
            if !e.aliases.is_empty() {
                <form class="correction" onsubmit={on_split}>
                    <label for={format!("split-{id}")}>{ "Split off an alias" }</label>
                    <select id={format!("split-{id}")} ref={split}>
                        { for e.aliases.iter().map(|al| html! { <option value={al.clone()}>{ al }</option> }) }
                    </select>
                    <button type="submit">{ "Split" }</button>
                </form>
            }
            <button type="button" class="danger" onclick={on_hide} data-testid="hide">
                { "Hide (false positive)" }
            </button>
        </details>
    }
}
