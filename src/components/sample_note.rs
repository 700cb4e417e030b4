//! The note that says the corpus on screen is the bundled sample, and how to replace it; or, when the
//! corpus is empty, an offer to load the sample.

use crate::app::Ctx;
use yew::prelude::*;

#[function_component(SampleNote)]
pub fn sample_note() -> Html {
    let ctx = use_context::<Ctx>().expect("Ctx is provided by App");
    if ctx.state.is_sample {
        let n = ctx.state.analysis.documents.len();
        html! {
            <aside class="sample-note" data-testid="sample-note" aria-label="About the sample">
                { format!("These {n} news articles are a sample bundled with Dossier. Drop, choose or paste your own documents to replace them.") }
            </aside>
        }
    } else if ctx.state.is_empty() {
        let loader = ctx.loader.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            loader.load_samples();
        });
        html! {
            <aside class="sample-note empty">
                { "No documents yet. " }
                <button type="button" onclick={onclick}>{ "Load the sample articles" }</button>
            </aside>
        }
    } else {
        html! {}
    }
}
