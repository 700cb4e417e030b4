//! One country: flag, name and ISO code, how the documents refer to it, the people, organisations
//! and places affiliated with it, its relations to other countries rolled up from its people's and
//! institutions' relations (each with the underlying relation and its evidence), and mentions per
//! document.

use crate::components::entity_card::{kind_label, modality_label};
use crate::explore::Explore;
use dossier_view::countries::{card, flag};
use dossier_view::relations::name_of;
use dossier_view::route::View;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// Index into the corrected analysis' countries.
    pub index: usize,
}

#[function_component(CountryCard)]
pub fn country_card(p: &Props) -> Html {
    let x = use_context::<Explore>().expect("Explore context");
    let a = x.model.analysis();
    let Some(c) = a.countries.get(p.index) else {
        return html! {};
    };
    let info = card(a, &c.code);
    let heading = format!("country-{}", c.code);
    let affiliated = info.affiliated.iter().map(|(kind, ids)| {
        html! {
            <div class="affiliated">
                <h4>{ format!("{} ({})", kind_label(*kind), ids.len()) }</h4>
                <ul class="inline">
                    { for ids.iter().take(30).map(|id| {
                        let name = name_of(a, *id);
                        let href = x.href(|r| {
                            r.view = View::Entities;
                            r.filters = Default::default();
                            r.filters.q = name.clone();
                        });
                        html! { <li><a href={href}>{ name }</a></li> }
                    }) }
                    if ids.len() > 30 { <li>{ format!("and {} more", ids.len() - 30) }</li> }
                </ul>
            </div>
        }
    });
    let links = info.links.iter().map(|l| {
        let (from, to) = if l.outgoing {
            (c.code.clone(), l.other.clone())
        } else {
            (l.other.clone(), c.code.clone())
        };
        html! {
            <li class="country-link">
                <details>
                    <summary>
                        { format!("{} {} — {} — {} {}", flag(&from), x.country_name(&from), l.predicate, flag(&to), x.country_name(&to)) }
                        <span class={classes!("modality", modality_label(l.modality))}>{ modality_label(l.modality) }</span>
                        <span class="count">{ l.via.len() }</span>
                    </summary>
                    <ul>
                        { for l.via.iter().map(|(via, ev)| {
                            let href = x.href(|r| {
                                r.view = View::Reader;
                                r.doc = Some(ev.doc);
                                r.at = Some((ev.start, ev.end));
                            });
                            html! {
                                <li>
                                    <span class="via">{ via }</span>{ ": " }
                                    <q>{ &ev.text }</q>{ " " }
                                    <a href={href}>{ x.doc_label(ev.doc) }</a>
                                </li>
                            }
                        }) }
                    </ul>
                </details>
            </li>
        }
    });
    html! {
        <article class="card country-card" data-testid="country-card" aria-labelledby={heading.clone()}>
            <header class="card-head">
                <span class="flag" aria-hidden="true">{ flag(&c.code) }</span>
                <h3 id={heading} data-testid="country-name">{ &c.name }</h3>
                <span class="code" data-testid="country-code">{ &c.code }</span>
            </header>
            <p class="mentioned-as"><span class="label">{ "Mentioned as: " }</span>
                <span data-testid="country-forms">{ c.mentioned_as.join(", ") }</span></p>
            { for affiliated }
            if !info.links.is_empty() {
                <h4>{ "Relations with other countries" }</h4>
                <ul class="country-links">{ for links }</ul>
            }
            <h4>{ "Mentions per document" }</h4>
            <ul class="per-doc">
                { for info.per_doc.iter().map(|(d, n)| {
                    let href = x.href(|r| { r.view = View::Reader; r.doc = Some(*d); r.at = None; });
                    html! { <li><a href={href}>{ x.doc_label(*d) }</a>{ format!(": {n}") }</li> }
                }) }
            </ul>
        </article>
    }
}
