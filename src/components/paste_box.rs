//! Paste text as a document: for articles copied from a web page or an email.

use crate::app::Ctx;
use crate::files::Loaded;
use crate::protocol::FileIn;
use std::cell::Cell;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[function_component(PasteBox)]
pub fn paste_box() -> Html {
    let ctx = use_context::<Ctx>().expect("Ctx is provided by App");
    let text = use_state(String::new);
    // Numbers pasted documents so that each gets its own name ("pasted-1.txt", ...).
    let counter = use_memo((), |_| Cell::new(0u32));

    let on_input = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            text.set(area.value());
        })
    };
    let on_add = {
        let text = text.clone();
        Callback::from(move |_: MouseEvent| {
            if text.trim().is_empty() {
                return;
            }
            counter.set(counter.get() + 1);
            let name = format!("pasted-{}.txt", counter.get());
            ctx.load_user(Loaded {
                files: vec![FileIn::new(name, text.as_bytes())],
                errors: Vec::new(),
            });
            text.set(String::new());
        })
    };

    html! {
        <div class="paste-box">
            <label for="paste-text">{ "Or paste the text of an article" }</label>
            <textarea
                id="paste-text"
                rows="4"
                placeholder="Paste text here…"
                data-testid="paste-input"
                value={(*text).clone()}
                oninput={on_input}
            />
            <button
                type="button"
                data-testid="paste-add"
                disabled={text.trim().is_empty()}
                onclick={on_add}
            >
                { "Add pasted text" }
            </button>
        </div>
    }
}
