//! One merged entity: name, type, aliases, country, roles, mention and document counts, the
//! documents, related entities and relations. Expanding it lists every mention as its sentence with
//! the name highlighted, each linking into the reader. The analyst's corrections for the entity
//! sit in a disclosure at the bottom.

use crate::components::filter_bar::kind_slug;
use crate::components::{CorrectionPanel, Snippet};
use crate::explore::{Explore, Nav};
use dossier_core::{EntityKind, Modality};
use dossier_view::countries::flag;
use dossier_view::relations::name_of;
use dossier_view::route::View;
use std::collections::BTreeMap;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// Index into the corrected analysis' entities.
    pub index: usize,
}

/// A one-letter type badge (coloured by CSS); letters render everywhere, emoji fonts do not.
pub fn kind_icon(k: EntityKind) -> &'static str {
    match k {
        EntityKind::Person => "P",
        EntityKind::Organization => "O",
        EntityKind::Place => "L",
        EntityKind::Country => "C",
    }
}

pub fn kind_label(k: EntityKind) -> &'static str {
    match k {
        EntityKind::Person => "Person",
        EntityKind::Organization => "Organisation",
        EntityKind::Place => "Place",
        EntityKind::Country => "Country",
    }
}

pub fn modality_label(m: Modality) -> &'static str {
    match m {
        Modality::Asserted => "asserted",
        Modality::Reported => "reported",
        Modality::Planned => "planned",
        Modality::Unconfirmed => "unconfirmed",
        Modality::Denied => "denied",
    }
}

/// Mentions listed before "show all".
const MENTIONS: usize = 50;

#[function_component(EntityCard)]
pub fn entity_card(props: &Props) -> Html {
    let x = use_context::<Explore>().expect("Explore context");
    // Hooks first, before any early return, so every render calls them in the same order.
    let all_mentions = use_state(|| false);
    let more_open = use_state(|| false);
    let a = x.model.analysis();
    let Some(e) = a.entities.get(props.index) else {
        return html! {};
    };
    let id = e.id;
    let open = x.route.open == Some(id);
    let toggle = {
        let x = x.clone();
        Callback::from(move |_| {
            x.navigate(Nav::Push, |r| r.open = if open { None } else { Some(id) })
        })
    };
    let heading = format!("entity-{}", id.0);

    // Relations this entity takes part in (from the index: no scan of every relation per card), and
    // the entities on their other end.
    let rels: &[u32] = x.model.index().relations_of(props.index);
    let mut related: BTreeMap<String, usize> = BTreeMap::new();
    for &i in rels {
        let r = &a.relations[i as usize];
        let other = if r.subject == id { r.object } else { r.subject };
        *related.entry(name_of(a, other)).or_default() += 1;
    }
    // The lists behind "Documents, related, relations" are built only while that disclosure is
    // open: a card of an entity named in hundreds of documents would otherwise render hundreds of
    // links on every keystroke in the search box.
    let more = if *more_open {
        let related_links = related.keys().map(|name| {
            let href = x.href(|r| {
                r.view = View::Entities;
                r.filters = Default::default();
                r.filters.q = name.clone();
                r.open = None;
            });
            html! { <li><a href={href}>{ name }</a></li> }
        });
        let relation_items = rels.iter().take(12).map(|&i| {
            let r = &a.relations[i as usize];
            let href = x.href(|rt| {
                rt.view = View::Relations;
                rt.filters = Default::default();
                rt.filters.q = e.name.clone();
            });
            html! {
                <li>
                    <a href={href}>
                        { format!("{} — {} — {}", name_of(a, r.subject), r.predicate, name_of(a, r.object)) }
                    </a>
                    <span class={classes!("modality", modality_label(r.modality))}>{ modality_label(r.modality) }</span>
                </li>
            }
        });
        let docs = e.docs.iter().map(|d| {
            let href = x.href(|r| {
                r.view = View::Reader;
                r.doc = Some(*d);
                r.at = None;
            });
            html! { <li><a href={href}>{ x.doc_label(*d) }</a></li> }
        });
        html! {
            <>
                <h4>{ "Documents" }</h4>
                <ul class="docs">{ for docs }</ul>
                if !related.is_empty() {
                    <h4>{ "Related entities" }</h4>
                    <ul class="related">{ for related_links }</ul>
                }
                if !rels.is_empty() {
                    <h4>{ "Relations" }</h4>
                    <ul class="relations">{ for relation_items }</ul>
                }
                if !e.merges.is_empty() {
                    <h4>{ "Why these names are one entity" }</h4>
                    <ul class="merges">
                        { for e.merges.iter().map(|m| html! { <li>{ format!("“{}” → “{}” ({})", m.alias, m.into, m.rule) }</li> }) }
                    </ul>
                }
            </>
        }
    } else {
        html! {}
    };
    let on_more_toggle = super::on_details_toggle(&more_open);
    let roles: Vec<&str> = e.roles.iter().map(|r| r.title.as_str()).collect();
    let country = e.country.as_ref().map(|c| (flag(c), x.country_name(c)));

    let mentions = if open {
        let limit = if *all_mentions { usize::MAX } else { MENTIONS };
        let show_all = {
            let all_mentions = all_mentions.clone();
            Callback::from(move |_| all_mentions.set(true))
        };
        html! {
            <>
                <ol class="mentions" aria-label={format!("Mentions of {}", e.name)}>
                    { for e.mentions.iter().take(limit).map(|m| html! {
                        <li><Snippet doc={m.doc} start={m.start} end={m.end} /></li>
                    }) }
                </ol>
                if e.mentions.len() > limit {
                    <button class="secondary" onclick={show_all}>{ format!("Show all {} mentions", e.mentions.len()) }</button>
                }
            </>
        }
    } else {
        html! {}
    };

    html! {
        <article class={classes!("card", "entity-card", format!("kind-{}", kind_slug(e.kind)))}
            data-testid="entity-card" aria-labelledby={heading.clone()}>
            <header class="card-head">
                <span class="type-icon" aria-hidden="true">{ kind_icon(e.kind) }</span>
                <h3 id={heading} data-testid="entity-name">{ &e.name }</h3>
                <span class="kind-label" data-testid="entity-type">{ kind_label(e.kind) }</span>
                if let Some((fl, name)) = &country {
                    <span class="country" data-testid="entity-country">
                        <span aria-hidden="true">{ fl }</span>{ " " }{ name }
                    </span>
                }
            </header>
            if !e.aliases.is_empty() {
                <p class="aliases"><span class="label">{ "Also: " }</span>
                    <span data-testid="entity-aliases">{ e.aliases.join(", ") }</span></p>
            }
            if !roles.is_empty() {
                <p class="roles"><span class="label">{ "Role: " }</span>
                    <span data-testid="entity-roles">{ roles.join(", ") }</span></p>
            }
            <p class="counts" data-testid="entity-counts">
                { format!("{} mention{} in {} document{}",
                    e.mentions.len(), if e.mentions.len() == 1 { "" } else { "s" },
                    e.docs.len(), if e.docs.len() == 1 { "" } else { "s" }) }
            </p>
            <details class="more-info" ontoggle={on_more_toggle}>
                <summary>{ format!("Documents ({}), related ({}), relations ({})", e.docs.len(), related.len(), rels.len()) }</summary>
                { more }
            </details>
            <button class="secondary toggle" aria-expanded={open.to_string()} onclick={toggle} data-testid="toggle-mentions">
                { if open { "Hide mentions".to_string() } else { format!("Show {} mentions", e.mentions.len()) } }
            </button>
            { mentions }
            <CorrectionPanel index={props.index} />
        </article>
    }
}
