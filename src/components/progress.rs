//! The progress bar of the running load: documents done / total, the current file, and cancel.

use crate::app::Ctx;
use yew::prelude::*;

#[function_component(Progress)]
pub fn progress() -> Html {
    let ctx = use_context::<Ctx>().expect("Ctx is provided by App");
    let Some((job, j)) = ctx.state.current_job() else {
        return html! {};
    };
    let queued = ctx.state.jobs.len() - 1;
    let on_cancel = {
        let loader = ctx.loader.clone();
        let jobs: Vec<_> = ctx.state.jobs.keys().copied().collect();
        Callback::from(move |_: MouseEvent| {
            for job in &jobs {
                loader.cancel(*job);
            }
        })
    };
    let label = if j.current.is_empty() {
        format!("Analysing {} document(s)…", j.total)
    } else {
        format!("Analysed {} of {} — {}", j.done, j.total, j.current)
    };
    html! {
        <section class="progress" aria-live="polite" data-testid="progress" data-job={job.0.to_string()}>
            <div
                class="bar"
                role="progressbar"
                aria-label="Analysis progress"
                aria-valuemin="0"
                aria-valuemax={j.total.to_string()}
                aria-valuenow={j.done.to_string()}
                aria-valuetext={label.clone()}
            >
                <div class="fill" style={format!("width: {}%", percent(j.done, j.total))} />
            </div>
            <p class="progress-label">
                { label }
                if queued > 0 { { format!(" (+{queued} queued)") } }
            </p>
            <button type="button" data-testid="cancel" onclick={on_cancel}>{ "Cancel" }</button>
        </section>
    }
}

fn percent(done: usize, total: usize) -> usize {
    (done * 100).checked_div(total).unwrap_or(0).min(100)
}
