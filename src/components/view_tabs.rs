//! The view switcher: a tab list (arrow keys move between tabs, as the ARIA tabs pattern asks),
//! each tab showing how many items the current filters leave in its view.

use crate::explore::{Explore, Nav};
use dossier_view::route::View;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

#[function_component(ViewTabs)]
pub fn view_tabs() -> Html {
    let x = use_context::<Explore>().expect("Explore context");
    let r = &x.results;
    let count = |v: View| -> Option<usize> {
        match v {
            View::Entities => Some(r.entities.len()),
            View::Countries => Some(r.countries.len()),
            View::Relations => Some(r.relations.len()),
            View::Claims => Some(r.claims.len()),
            View::Reader => None,
        }
    };
    let on_key = Callback::from(|e: KeyboardEvent| {
        let step: i32 = match e.key().as_str() {
            "ArrowRight" => 1,
            "ArrowLeft" => -1,
            _ => return,
        };
        e.prevent_default();
        let Some(me) = e.target().and_then(|t| t.dyn_into::<HtmlElement>().ok()) else {
            return;
        };
        let sibling = if step > 0 {
            me.next_element_sibling()
        } else {
            me.previous_element_sibling()
        };
        if let Some(el) = sibling.and_then(|s| s.dyn_into::<HtmlElement>().ok()) {
            let _ = el.focus();
            el.click();
        }
    });
    html! {
        <nav class="view-tabs" role="tablist" aria-label="Views">
            { for View::ALL.into_iter().map(|v| {
                let selected = x.route.view == v;
                let onclick = {
                    let x = x.clone();
                    Callback::from(move |_| x.navigate(Nav::Push, |r| r.view = v))
                };
                html! {
                    <button
                        role="tab"
                        id={format!("tab-{}", v.slug())}
                        class={classes!("tab", selected.then_some("selected"))}
                        aria-selected={selected.to_string()}
                        aria-controls="view-panel"
                        tabindex={if selected { "0" } else { "-1" }}
                        data-testid={format!("tab-{}", v.slug())}
                        {onclick}
                        onkeydown={on_key.clone()}
                    >
                        { v.label() }
                        if let Some(n) = count(v) { <span class="count">{ n }</span> }
                    </button>
                }
            }) }
        </nav>
    }
}
