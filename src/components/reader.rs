//! The reader: one document's text with entity mentions highlighted (a colour per type, each a link
//! to its card) and page furniture shown greyed and collapsed — never deleted — with the reason it
//! was classed as boilerplate. A link from evidence or a mention opens it scrolled to that span,
//! which is marked.

use crate::components::entity_card::kind_label;
use crate::components::filter_bar::kind_slug;
use crate::explore::{Explore, Nav};
use dossier_core::{DocId, RegionKind};
use dossier_view::route::View;
use dossier_view::text::{cut_at, reader_blocks, Mark};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[function_component(Reader)]
pub fn reader() -> Html {
    let x = use_context::<Explore>().expect("Explore context");
    let focus = use_node_ref();
    let a = x.model.analysis();
    let doc = x
        .route
        .doc
        .filter(|d| a.documents.iter().any(|x| x.id == *d))
        .or_else(|| a.documents.first().map(|d| d.id));
    let at = x.route.at;
    {
        let focus = focus.clone();
        use_effect_with((doc, at), move |_| {
            if let Some(el) = focus.cast::<web_sys::Element>() {
                el.scroll_into_view();
            }
        });
    }
    let on_doc = {
        let x = x.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            x.navigate(Nav::Push, |r| {
                r.doc = v.parse().ok().map(DocId);
                r.at = None;
            })
        })
    };
    let Some(doc) = doc else {
        return html! { <p class="empty">{ "No document loaded." }</p> };
    };
    let summary = a.documents.iter().find(|d| d.id == doc).cloned();
    let picker = html! {
        <label class="field">
            <span>{ "Document" }</span>
            <select onchange={on_doc} data-testid="reader-doc">
                { for a.documents.iter().map(|d| html! {
                    <option value={d.id.0.to_string()} selected={d.id == doc}>
                        { d.title.clone().unwrap_or_else(|| d.name.clone()) }
                    </option>
                }) }
            </select>
        </label>
    };
    let Some(text) = x.texts.get(doc) else {
        return html! { <section class="reader">{ picker }<p class="empty">{ "The text of this document is not available." }</p></section> };
    };
    let mut mentions: Vec<(usize, usize, Mark)> = Vec::new();
    for e in &a.entities {
        for m in e.mentions.iter().filter(|m| m.doc == doc) {
            mentions.push((
                m.start,
                m.end,
                Mark {
                    entity: e.id,
                    kind: e.kind,
                },
            ));
        }
    }
    // The engine's clean stage classed every region; boilerplate ones carry their reason.
    let boilerplate: Vec<(usize, usize, String)> = summary
        .iter()
        .flat_map(|d| d.regions.iter())
        .filter(|r| r.kind == RegionKind::Boilerplate)
        .map(|r| {
            let reason = r
                .reason
                .clone()
                .unwrap_or_else(|| "page furniture".to_string());
            (r.span.start, r.span.end, reason)
        })
        .collect();
    let mut blocks = reader_blocks(text, &mentions, &boilerplate);
    if let Some((s, e)) = at {
        cut_at(text, &mut blocks, s, e);
    }
    let mut focus_ref = Some(focus);
    let names: std::collections::BTreeMap<_, _> =
        a.entities.iter().map(|e| (e.id, e.name.clone())).collect();
    let render_runs = |runs: &[dossier_view::text::Run], focus_ref: &mut Option<NodeRef>| -> Html {
        html! {
            <>
            { for runs.iter().map(|r| {
                let t = &text[r.start..r.end];
                let in_focus = at.is_some_and(|(s, e)| s <= r.start && r.end <= e && r.start < r.end);
                let inner = match r.mark {
                    Some(m) => {
                        let name = names.get(&m.entity).cloned().unwrap_or_default();
                        let href = x.href(|rt| {
                            rt.view = View::Entities;
                            rt.filters = Default::default();
                            rt.filters.q = name.clone();
                            rt.open = Some(m.entity);
                        });
                        html! {
                            <a class={classes!("ent", format!("kind-{}", kind_slug(m.kind)))} href={href}
                                title={format!("{}: {name}", kind_label(m.kind))}>{ t }</a>
                        }
                    }
                    None => html! { { t } },
                };
                if in_focus {
                    let node = focus_ref.take().unwrap_or_default();
                    html! { <mark class="focus" ref={node}>{ inner }</mark> }
                } else {
                    inner
                }
            }) }
            </>
        }
    };
    let body = blocks.iter().map(|b| {
        let runs = render_runs(&b.runs, &mut focus_ref);
        match &b.boilerplate {
            None => html! { <div class="main-text">{ runs }</div> },
            Some(reason) => {
                let open = at.is_some_and(|(s, e)| s < b.end && b.start < e);
                html! {
                    <details class="boilerplate" open={open} data-testid="boilerplate">
                        <summary>{ format!("Boilerplate: {reason} ({} characters)", text[b.start..b.end].chars().count()) }</summary>
                        <div class="boilerplate-text">{ runs }</div>
                    </details>
                }
            }
        }
    }).collect::<Html>();
    html! {
        <section class="reader" aria-label="Reader">
            { picker }
            if let Some(d) = summary {
                <header class="reader-head">
                    <h2 data-testid="reader-title">{ d.title.clone().unwrap_or_else(|| d.name.clone()) }</h2>
                    <p class="doc-meta">
                        { &d.name }
                        if let Some(date) = &d.date { { " · " }{ date } }
                        if let Some(source) = &d.source { { " · " }{ source } }
                        { format!(" · {} words", d.words) }
                    </p>
                </header>
            }
            <p class="legend" aria-label="Highlight colours">
                { for [dossier_core::EntityKind::Person, dossier_core::EntityKind::Organization, dossier_core::EntityKind::Place, dossier_core::EntityKind::Country].into_iter().map(|k| html! {
                    <span class={classes!("ent", format!("kind-{}", kind_slug(k)))}>{ kind_label(k) }</span>
                }) }
            </p>
            <article class="reader-text" data-testid="reader-text">{ body }</article>
        </section>
    }
}
