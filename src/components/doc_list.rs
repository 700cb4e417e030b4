//! The list of loaded documents with a search box. While a load runs, its per-document previews are
//! listed too, marked as in progress. Only a page of rows is in the DOM at a time ("Show more" adds
//! the next page), so a corpus of thousands of documents renders, and re-renders on every progress
//! report of a large load, as fast as one of ten.

use crate::app::Ctx;
use crate::components::DocRow;
use crate::state::Action;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Rows rendered per page.
const PAGE: usize = 100;

#[function_component(DocList)]
pub fn doc_list() -> Html {
    let ctx = use_context::<Ctx>().expect("Ctx is provided by App");
    let state = &ctx.state;
    let shown = use_state(|| PAGE);
    let on_search = {
        let dispatch = state.dispatcher();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            dispatch.dispatch(Action::SetQuery(input.value()));
        })
    };
    let visible = state.visible_documents();
    let total = state.analysis.documents.len();
    let words: usize = state.analysis.documents.iter().map(|d| d.words).sum();
    let previews: usize = state.jobs.values().map(|j| j.previewed()).sum();
    let rows = visible.len() + previews;
    let more = {
        let shown = shown.clone();
        Callback::from(move |_| shown.set(*shown + PAGE))
    };
    // Loaded documents first, then the previews of running loads, one page budget for both.
    let previews = state
        .jobs
        .values()
        .flat_map(|j| j.previews())
        .take(shown.saturating_sub(visible.len()));
    html! {
        <section class="documents" aria-labelledby="documents-heading">
            <div class="documents-head">
                <h2 id="documents-heading">{ "Documents" }</h2>
                <p class="summary" data-testid="summary">
                    { format!("{total} document(s), {words} words") }
                </p>
                <input
                    type="search"
                    class="search"
                    placeholder="Search titles and file names"
                    aria-label="Search documents"
                    data-testid="doc-search"
                    value={state.query.clone()}
                    oninput={on_search}
                />
            </div>
            if !state.query.trim().is_empty() && visible.is_empty() {
                <p class="no-match">{ "No document matches the search." }</p>
            }
            <ul class="doc-list" aria-label="Loaded documents">
                { for visible.iter().take(*shown).map(|d| html! { <DocRow key={format!("d{}", d.id.0)} doc={(*d).clone()} pending=false /> }) }
                { for previews.enumerate().map(|(i, d)| html! { <DocRow key={format!("p{i}")} doc={d.clone()} pending=true /> }) }
            </ul>
            if rows > *shown {
                <button class="more" onclick={more} data-testid="docs-show-more">
                    { format!("Show more ({} of {rows} shown)", *shown) }
                </button>
            }
        </section>
    }
}
