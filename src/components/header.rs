//! The page header: product name and what it does, in one line.

use yew::prelude::*;

#[function_component(Header)]
pub fn header() -> Html {
    html! {
        <header class="header">
            <h1 class="brand">{ "Dossier" }</h1>
            <p class="tagline">
                { "Explore news documents: people, organisations, places and countries. Everything runs in your browser; nothing is uploaded." }
            </p>
        </header>
    }
}
