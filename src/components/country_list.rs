//! The country cards of the current filters, most mentioned first.

use crate::components::CountryCard;
use crate::explore::Explore;
use yew::prelude::*;

#[function_component(CountryList)]
pub fn country_list() -> Html {
    let x = use_context::<Explore>().expect("Explore context");
    let a = x.model.analysis();
    let n = x.results.countries.len();
    html! {
        <section class="country-list" aria-label="Countries">
            <p class="result-count" role="status">{ format!("{n} countries") }</p>
            if n == 0 {
                <p class="empty">{ "No country matches these filters." }</p>
            }
            <div class="cards">
                { for x.results.countries.iter().map(|&i| {
                    let c = &a.countries[i];
                    html! { <CountryCard key={c.code.clone()} index={i} /> }
                }) }
            </div>
        </section>
    }
}
