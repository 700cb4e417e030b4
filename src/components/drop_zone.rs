//! Where files come in: a drop target for files and folders, and two pickers (files, folder).
//!
//! The pickers are real `<input type=file>` elements, visually hidden, opened by buttons so that the
//! whole control works from the keyboard.

use crate::app::Ctx;
use crate::files::{read_dropped, read_file_list, take_drop};
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The extensions the engine reads; given to the picker as a hint only (the engine judges every file).
const ACCEPT: &str =
    ".txt,.text,.md,.markdown,.html,.htm,.xhtml,text/plain,text/markdown,text/html";

#[function_component(DropZone)]
pub fn drop_zone() -> Html {
    let ctx = use_context::<Ctx>().expect("Ctx is provided by App");
    let over = use_state(|| false);
    let files_input = use_node_ref();
    let folder_input = use_node_ref();

    let on_pick = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(list) = input.files() {
                let ctx = ctx.clone();
                spawn_local(async move { ctx.load_user(read_file_list(list).await) });
            }
            // Reset, so picking the same file again fires `change` again.
            input.set_value("");
        })
    };
    let open = |node: NodeRef| {
        Callback::from(move |_: MouseEvent| {
            if let Some(input) = node.cast::<HtmlInputElement>() {
                input.click();
            }
        })
    };
    let on_dragover = {
        let over = over.clone();
        Callback::from(move |e: DragEvent| {
            // Without preventDefault the browser refuses the drop (and would open the file instead).
            e.prevent_default();
            over.set(true);
        })
    };
    let on_dragleave = {
        let over = over.clone();
        Callback::from(move |_: DragEvent| over.set(false))
    };
    let on_drop = {
        let over = over.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            over.set(false);
            if let Some(dropped) = e.data_transfer().as_ref().and_then(take_drop) {
                let ctx = ctx.clone();
                spawn_local(async move { ctx.load_user(read_dropped(dropped).await) });
            }
        })
    };

    html! {
        <div
            class={classes!("drop-zone", (*over).then_some("over"))}
            data-testid="drop-zone"
            ondragover={on_dragover}
            ondragleave={on_dragleave}
            ondrop={on_drop}
        >
            <p class="drop-hint">{ "Drop files or folders here (.txt, .md, .html)" }</p>
            <div class="buttons">
                <button type="button" onclick={open(files_input.clone())}>{ "Choose files…" }</button>
                <button type="button" onclick={open(folder_input.clone())}>{ "Choose a folder…" }</button>
            </div>
            <input
                ref={files_input}
                class="visually-hidden"
                type="file"
                multiple=true
                accept={ACCEPT}
                tabindex="-1"
                aria-label="Choose files"
                data-testid="file-input"
                onchange={on_pick.clone()}
            />
            <input
                ref={folder_input}
                class="visually-hidden"
                type="file"
                webkitdirectory=true
                tabindex="-1"
                aria-label="Choose a folder"
                onchange={on_pick}
            />
        </div>
    }
}
