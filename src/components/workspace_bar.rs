//! "Clear workspace": after the user confirms, deletes the stored documents and corrections and
//! starts afresh with an empty workspace.

use yew::prelude::*;

#[function_component(WorkspaceBar)]
pub fn workspace_bar() -> Html {
    let onclick = Callback::from(|_| {
        let Some(w) = web_sys::window() else { return };
        let sure = w
            .confirm_with_message(
                "Clear the workspace? This deletes the loaded documents and your corrections from this browser.",
            )
            .unwrap_or(false);
        if !sure {
            return;
        }
        wasm_bindgen_futures::spawn_local(async move {
            let _ = crate::store::clear().await;
            if let Some(w) = web_sys::window() {
                let _ = w.location().set_hash("");
                let _ = w.location().reload();
            }
        });
    });
    html! {
        <div class="workspace-bar">
            <button type="button" class="danger" {onclick} data-testid="clear-workspace">{ "Clear workspace" }</button>
        </div>
    }
}
