//! Messages for the user: files that could not be read, cancelled loads. Errors are announced to
//! screen readers at once (`role=alert`), others politely.

use crate::app::Ctx;
use crate::state::{Action, NoticeKind};
use yew::prelude::*;

#[function_component(Notices)]
pub fn notices() -> Html {
    let ctx = use_context::<Ctx>().expect("Ctx is provided by App");
    let items = ctx.state.notices.iter().enumerate().map(|(i, n)| {
        let dispatch = ctx.state.dispatcher();
        let dismiss = Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Dismiss(i)));
        let (class, role) = match n.kind {
            NoticeKind::Error => ("notice error", "alert"),
            NoticeKind::Info => ("notice info", "status"),
        };
        html! {
            <li class={class} role={role} data-testid="notice">
                <span class="notice-text">{ &n.text }</span>
                <button type="button" class="dismiss" aria-label="Dismiss this message" onclick={dismiss}>{ "×" }</button>
            </li>
        }
    });
    html! {
        <ul class="notices" aria-label="Messages">{ for items }</ul>
    }
}
