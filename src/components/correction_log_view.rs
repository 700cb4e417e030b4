//! The correction log: every correction the analyst made, in order, whether it still applies (a
//! re-analysis can make one moot), and an undo button for each.

use crate::explore::Explore;
use dossier_view::corrections::{Correction, Outcome};
use yew::prelude::*;

fn describe(c: &Correction) -> String {
    match c {
        Correction::Merge { keep, absorb } => {
            format!("Merged “{}” into “{}”", absorb.name, keep.name)
        }
        Correction::SplitAlias { entity, alias } => {
            format!("Split “{alias}” off “{}”", entity.name)
        }
        Correction::Rename { entity, name } => format!("Renamed “{}” to “{name}”", entity.name),
        Correction::SetType { entity, kind } => {
            format!("Set the type of “{}” to {kind:?}", entity.name)
        }
        Correction::SetCountry { entity, country } => match country {
            Some(c) => format!("Set the country of “{}” to {c}", entity.name),
            None => format!("Cleared the country of “{}”", entity.name),
        },
        Correction::Hide { entity } => format!("Hid “{}”", entity.name),
    }
}

#[function_component(CorrectionLogView)]
pub fn correction_log_view() -> Html {
    let x = use_context::<Explore>().expect("Explore context");
    let log = x.model.log();
    let outcomes = &x.model.corrected().outcomes;
    if log.entries.is_empty() {
        return html! {};
    }
    html! {
        <section class="correction-log" aria-labelledby="corrections-heading" data-testid="correction-log">
            <h2 id="corrections-heading">{ format!("Corrections ({})", log.entries.len()) }</h2>
            <ol>
                { for log.entries.iter().enumerate().map(|(i, c)| {
                    let undo = {
                        let undo = x.undo.clone();
                        Callback::from(move |_| undo.emit(i))
                    };
                    let skipped = match outcomes.get(i) {
                        Some(Outcome::Skipped(why)) => Some(why.clone()),
                        _ => None,
                    };
                    html! {
                        <li class={classes!(skipped.is_some().then_some("skipped"))}>
                            { describe(c) }
                            if let Some(why) = skipped { <span class="why">{ format!(" (not applied: {why})") }</span> }
                            <button type="button" class="secondary small" onclick={undo}
                                aria-label={format!("Undo: {}", describe(c))}>{ "Undo" }</button>
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}
