//! A mention in context: the sentence around it with the mention highlighted, and a link that opens
//! the document in the reader at that place. Text is rendered as text, never as markup.

use crate::explore::Explore;
use dossier_core::DocId;
use dossier_view::route::View;
use dossier_view::text::snippet;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub doc: DocId,
    pub start: usize,
    pub end: usize,
}

#[function_component(Snippet)]
pub fn snippet_view(p: &Props) -> Html {
    let x = use_context::<Explore>().expect("Explore context");
    let href = x.href(|r| {
        r.view = View::Reader;
        r.doc = Some(p.doc);
        r.at = Some((p.start, p.end));
    });
    let label = x.doc_label(p.doc);
    let Some(text) = x.texts.get(p.doc) else {
        return html! { <a href={href}>{ label }</a> };
    };
    let s = snippet(text, p.doc, p.start, p.end);
    html! {
        <span class="snippet">
            <a class="source" href={href}>{ label }</a>{ ": " }
            { for s.pieces.iter().map(|piece| if piece.highlight {
                html! { <mark>{ &piece.text }</mark> }
            } else {
                html! { <span>{ &piece.text }</span> }
            }) }
        </span>
    }
}
