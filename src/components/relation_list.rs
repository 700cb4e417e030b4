//! The relationship list: every relation the filters leave, as rows "subject — predicate —
//! object", sorted by count, date or name and optionally grouped by predicate or by pair. Sort and
//! grouping live in the URL like the filters.

use crate::components::RelationRow;
use crate::explore::{Explore, Nav};
use dossier_view::relations::group_rows;
use dossier_view::route::{RelGroup, RelSort};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Rows rendered per page.
const PAGE: usize = 100;

#[function_component(RelationList)]
pub fn relation_list() -> Html {
    let x = use_context::<Explore>().expect("Explore context");
    let shown = use_state(|| PAGE);
    let a = x.model.analysis();
    let groups = group_rows(a, &x.results.relations, x.route.sort, x.route.group);
    let on_sort = {
        let x = x.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            x.navigate(Nav::Push, |r| {
                r.sort = match v.as_str() {
                    "date" => RelSort::Date,
                    "name" => RelSort::Name,
                    _ => RelSort::Count,
                }
            })
        })
    };
    let on_group = {
        let x = x.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            x.navigate(Nav::Push, |r| {
                r.group = match v.as_str() {
                    "predicate" => RelGroup::Predicate,
                    "pair" => RelGroup::Pair,
                    _ => RelGroup::None,
                }
            })
        })
    };
    let more = {
        let shown = shown.clone();
        Callback::from(move |_| shown.set(*shown + PAGE))
    };
    let total = x.results.relations.len();
    let mut budget = *shown;
    let sort = x.route.sort;
    let group = x.route.group;
    html! {
        <section class="relation-list" aria-label="Relationships">
            <div class="list-controls">
                <p class="result-count" role="status">{ format!("{total} relations") }</p>
                <label class="field">
                    <span>{ "Sort by" }</span>
                    <select onchange={on_sort} data-testid="relation-sort">
                        <option value="count" selected={sort == RelSort::Count}>{ "Count" }</option>
                        <option value="date" selected={sort == RelSort::Date}>{ "Date" }</option>
                        <option value="name" selected={sort == RelSort::Name}>{ "Name" }</option>
                    </select>
                </label>
                <label class="field">
                    <span>{ "Group by" }</span>
                    <select onchange={on_group} data-testid="relation-group">
                        <option value="none" selected={group == RelGroup::None}>{ "Nothing" }</option>
                        <option value="predicate" selected={group == RelGroup::Predicate}>{ "Predicate" }</option>
                        <option value="pair" selected={group == RelGroup::Pair}>{ "Pair" }</option>
                    </select>
                </label>
            </div>
            if total == 0 {
                <p class="empty">{ "No relation matches these filters." }</p>
            }
            { for groups.into_iter().map(|g| {
                let rows: Vec<usize> = g.rows.iter().copied().take(budget).collect();
                budget = budget.saturating_sub(rows.len());
                if rows.is_empty() {
                    return html! {};
                }
                html! {
                    <section class="relation-group">
                        if !g.label.is_empty() {
                            <h3>{ &g.label }<span class="count">{ format!("{} relations, {} sentences", g.rows.len(), g.count) }</span></h3>
                        }
                        <ul class="relations" role="list">
                            { for rows.into_iter().map(|i| html! { <RelationRow key={i} index={i} /> }) }
                        </ul>
                    </section>
                }
            }) }
            if total > *shown {
                <button class="more" onclick={more}>{ format!("Show more ({} of {total} shown)", *shown) }</button>
            }
        </section>
    }
}
