//! The entity cards of the current filters, best match first. Only a page of cards is in the DOM at
//! a time ("Show more" adds the next page), so a corpus with thousands of entities renders as fast
//! as one with ten.

use crate::components::EntityCard;
use crate::explore::Explore;
use yew::prelude::*;

/// Cards rendered per page.
const PAGE: usize = 40;

#[function_component(EntityList)]
pub fn entity_list() -> Html {
    let x = use_context::<Explore>().expect("Explore context");
    let shown = use_state(|| PAGE);
    // A new result set starts again at one page.
    {
        let shown = shown.clone();
        use_effect_with(x.results.clone(), move |_| shown.set(PAGE));
    }
    let total = x.results.entities.len();
    let a = x.model.analysis();
    let more = {
        let shown = shown.clone();
        Callback::from(move |_| shown.set(*shown + PAGE))
    };
    html! {
        <section class="entity-list" aria-label="Entities">
            <p class="result-count" role="status">{ format!("{total} entities") }</p>
            if total == 0 {
                <p class="empty">{ "No entity matches these filters." }</p>
            }
            <div class="cards">
                { for x.results.entities.iter().take(*shown).map(|&i| {
                    let e = &a.entities[i];
                    html! { <EntityCard key={e.id.0} index={i} /> }
                }) }
            </div>
            if total > *shown {
                <button class="more" onclick={more} data-testid="show-more">
                    { format!("Show more ({} of {total} shown)", *shown) }
                </button>
            }
        </section>
    }
}
