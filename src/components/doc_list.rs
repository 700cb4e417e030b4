//! The list of loaded documents with a search box. While a load runs, its per-document previews are
//! listed too, marked as in progress.

use crate::app::Ctx;
use crate::components::DocRow;
use crate::state::Action;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[function_component(DocList)]
pub fn doc_list() -> Html {
    let ctx = use_context::<Ctx>().expect("Ctx is provided by App");
    let state = &ctx.state;
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
    let previews = state.jobs.values().flat_map(|j| j.preview.iter());
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
                    data-testid="search"
                    value={state.query.clone()}
                    oninput={on_search}
                />
            </div>
            if !state.query.trim().is_empty() && visible.is_empty() {
                <p class="no-match">{ "No document matches the search." }</p>
            }
            <ul class="doc-list" aria-label="Loaded documents">
                { for visible.into_iter().map(|d| html! { <DocRow key={format!("d{}", d.id.0)} doc={d.clone()} pending=false /> }) }
                { for previews.enumerate().map(|(i, d)| html! { <DocRow key={format!("p{i}")} doc={d.clone()} pending=true /> }) }
            </ul>
        </section>
    }
}
