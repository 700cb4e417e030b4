//! One document in the list: title (or file name), file name, word count, format, date and source
//! when known, and the engine's diagnostics.

use dossier_core::{DocumentSummary, Format, Severity};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub doc: DocumentSummary,
    /// A preview from a load still running (shown dimmed, not yet in the analysis).
    pub pending: bool,
}

fn format_label(f: Format) -> &'static str {
    match f {
        Format::Text => "text",
        Format::Markdown => "Markdown",
        Format::Html => "HTML",
        Format::Unsupported => "unsupported",
    }
}

#[function_component(DocRow)]
pub fn doc_row(props: &Props) -> Html {
    let d = &props.doc;
    let title = d.title.clone().unwrap_or_else(|| d.name.clone());
    let problems = d
        .diagnostics
        .iter()
        .filter(|x| x.severity >= Severity::Warning)
        .map(|x| {
            let class = if x.severity == Severity::Error {
                "diag error"
            } else {
                "diag warning"
            };
            html! { <li class={class}>{ &x.message }</li> }
        })
        .collect::<Vec<_>>();
    html! {
        <li
            class={classes!("doc-row", props.pending.then_some("pending"), (d.format == Format::Unsupported).then_some("unsupported"))}
            data-testid={if props.pending { "doc-row-pending" } else { "doc-row" }}
            aria-busy={props.pending.to_string()}
        >
            <div class="doc-main">
                <span class="doc-title" data-testid="doc-title">{ title }</span>
                <span class="doc-meta">
                    <span class="doc-name" data-testid="doc-name">{ &d.name }</span>
                    { " · " }
                    <span class="doc-words" data-testid="doc-words">{ format!("{} words", d.words) }</span>
                    { " · " }
                    <span class="doc-format">{ format_label(d.format) }</span>
                    if let Some(date) = &d.date { { " · " }<span class="doc-date">{ date }</span> }
                    if let Some(source) = &d.source { { " · " }<span class="doc-source">{ source }</span> }
                </span>
            </div>
            if !problems.is_empty() {
                <ul class="diagnostics">{ for problems }</ul>
            }
        </li>
    }
}
