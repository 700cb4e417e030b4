//! One relation: "subject — predicate — object" with modality, date, source and evidence; each
//! evidence sentence links to the document in the reader, scrolled to that sentence.

use crate::components::entity_card::modality_label;
use crate::explore::Explore;
use dossier_view::relations::name_of;
use dossier_view::route::View;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// Index into the corrected analysis' relations.
    pub index: usize,
}

#[function_component(RelationRow)]
pub fn relation_row(p: &Props) -> Html {
    let x = use_context::<Explore>().expect("Explore context");
    let a = x.model.analysis();
    let Some(r) = a.relations.get(p.index) else {
        return html! {};
    };
    let entity_link = |id| {
        let name = name_of(a, id);
        let href = x.href(|rt| {
            rt.view = View::Entities;
            rt.filters = Default::default();
            rt.filters.q = name.clone();
        });
        html! { <a class="entity" href={href}>{ name }</a> }
    };
    html! {
        <li class="relation-row" data-testid="relation-row">
            <div class="triple" data-testid="relation-triple">
                { entity_link(r.subject) }
                { " — " }<span class="predicate">{ &r.predicate }</span>{ " — " }
                { entity_link(r.object) }
            </div>
            <div class="relation-meta">
                <span class={classes!("modality", modality_label(r.modality))}>{ modality_label(r.modality) }</span>
                if let Some(d) = &r.date { <span class="date">{ d }</span> }
                if r.derived { <span class="derived">{ "rolled up" }</span> }
                <span class="count">{ format!("{} sentence{}", r.evidence.len(), if r.evidence.len() == 1 { "" } else { "s" }) }</span>
            </div>
            <ul class="evidence">
                { for r.evidence.iter().map(|ev| {
                    let href = x.href(|rt| {
                        rt.view = View::Reader;
                        rt.doc = Some(ev.doc);
                        rt.at = Some((ev.start, ev.end));
                    });
                    html! {
                        <li>
                            <q data-testid="relation-evidence">{ &ev.text }</q>{ " " }
                            <a href={href} class="source">{ x.doc_label(ev.doc) }</a>
                        </li>
                    }
                }) }
            </ul>
        </li>
    }
}
