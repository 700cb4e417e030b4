//! The claims view: figures the sources report about the same thing, per topic, side by side —
//! each with its source, the sentence, and where it sits in the spread; disagreements are
//! highlighted.

use crate::explore::Explore;
use dossier_view::claims::{format_number, row, Extreme};
use dossier_view::relations::name_of;
use dossier_view::route::View;
use yew::prelude::*;

#[function_component(ClaimsView)]
pub fn claims_view() -> Html {
    let x = use_context::<Explore>().expect("Explore context");
    let a = x.model.analysis();
    let n = x.results.claims.len();
    html! {
        <section class="claims-view" aria-label="Claims">
            <p class="result-count" role="status">{ format!("{n} topics") }</p>
            if n == 0 {
                <p class="empty">{ "No figures match these filters." }</p>
            }
            { for x.results.claims.iter().map(|&i| {
                let c = &a.claims[i];
                let r = row(c);
                let heading = format!("claim-{i}");
                html! {
                    <section class={classes!("claim", r.disagree.then_some("disagree"))}
                        data-testid="claim-topic" aria-labelledby={heading.clone()}>
                        <h3 id={heading}>
                            { &c.topic }
                            <span class="unit">{ format!(" ({})", c.unit) }</span>
                            if let Some(actor) = c.actor { <span class="actor">{ format!(" · {}", name_of(a, actor)) }</span> }
                        </h3>
                        <p class="spread" data-testid="claim-spread">
                            if r.disagree { <strong class="badge">{ "Sources disagree" }</strong>{ " " } }
                            { format!("{} figure{}, from {} to {}",
                                c.values.len(), if c.values.len() == 1 { "" } else { "s" },
                                format_number(&dossier_core::ClaimNumber::One(r.low)),
                                format_number(&dossier_core::ClaimNumber::One(r.high))) }
                            if let Some(ratio) = r.ratio.filter(|q| *q > 1.0) { { format!(" (×{ratio:.2})") } }
                        </p>
                        <table class="claim-values">
                            <thead><tr>
                                <th scope="col">{ "Figure" }</th>
                                <th scope="col">{ "Source" }</th>
                                <th scope="col">{ "Sentence" }</th>
                            </tr></thead>
                            <tbody>
                                { for r.order.iter().map(|&j| {
                                    let v = &c.values[j];
                                    let ext = r.extremes[j];
                                    let href = x.href(|rt| {
                                        rt.view = View::Reader;
                                        rt.doc = Some(v.evidence.doc);
                                        rt.at = Some((v.evidence.start, v.evidence.end));
                                    });
                                    let figure = match &v.qualifier {
                                        Some(q) => format!("{q} {}", format_number(&v.value)),
                                        None => format_number(&v.value),
                                    };
                                    html! {
                                        <tr class={classes!(match ext { Extreme::Lowest => Some("lowest"), Extreme::Highest => Some("highest"), Extreme::Between => None })}
                                            data-testid="claim-value">
                                            <td class="figure">
                                                <strong>{ figure }</strong>
                                                if ext == Extreme::Lowest { <span class="tag">{ " lowest" }</span> }
                                                if ext == Extreme::Highest { <span class="tag">{ " highest" }</span> }
                                            </td>
                                            <td><a href={href}>{ x.doc_label(v.doc) }</a></td>
                                            <td><q>{ &v.evidence.text }</q></td>
                                        </tr>
                                    }
                                }) }
                            </tbody>
                        </table>
                    </section>
                }
            }) }
        </section>
    }
}
