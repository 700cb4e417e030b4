//! Export buttons: the corrected analysis as JSON (with the correction log), CSV tables, a GEXF
//! network for Gephi (Lite), and FollowTheMoney entity lines. Each builds the file in the page and
//! downloads it; nothing is uploaded.

use crate::download::download;
use crate::explore::Explore;
use dossier_view::export;
use yew::prelude::*;

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Json,
    Entities,
    Mentions,
    Relations,
    Claims,
    Gexf,
    Ftm,
}

const ALL: [(Kind, &str, &str); 7] = [
    (Kind::Json, "json", "JSON"),
    (Kind::Entities, "entities-csv", "Entities CSV"),
    (Kind::Mentions, "mentions-csv", "Mentions CSV"),
    (Kind::Relations, "relations-csv", "Relations CSV"),
    (Kind::Claims, "claims-csv", "Claims CSV"),
    (Kind::Gexf, "gexf", "Network (GEXF)"),
    (Kind::Ftm, "ftm", "FollowTheMoney"),
];

#[function_component(ExportBar)]
pub fn export_bar() -> Html {
    let x = use_context::<Explore>().expect("Explore context");
    let buttons = ALL.iter().map(|&(kind, slug, label)| {
        let x = x.clone();
        let onclick = Callback::from(move |_| {
            let a = x.model.analysis();
            let (name, mime, text) = match kind {
                Kind::Json => ("dossier.json", "application/json", export::json(a, x.model.log())),
                Kind::Entities => ("dossier-entities.csv", "text/csv", export::entities_csv(a)),
                Kind::Mentions => ("dossier-mentions.csv", "text/csv", export::mentions_csv(a, &*x.texts)),
                Kind::Relations => ("dossier-relations.csv", "text/csv", export::relations_csv(a)),
                Kind::Claims => ("dossier-claims.csv", "text/csv", export::claims_csv(a)),
                Kind::Gexf => ("dossier.gexf", "application/gexf+xml", export::gexf(a)),
                Kind::Ftm => ("dossier-ftm.jsonl", "application/x-ndjson", export::ftm_lines(a)),
            };
            if let Err(e) = download(name, mime, &text) {
                web_sys::console::warn_1(&e);
            }
        });
        html! {
            <button type="button" class="secondary" {onclick} data-testid={format!("export-{slug}")}>{ label }</button>
        }
    });
    html! {
        <section class="export-bar" aria-labelledby="export-heading">
            <h2 id="export-heading">{ "Export" }</h2>
            <div class="buttons">{ for buttons }</div>
        </section>
    }
}
