//! The app's components, one per file. Each reads what it needs from the [`Ctx`](crate::app::Ctx)
//! context (documents, loads) or, inside the explorer, the [`Explore`](crate::explore::Explore)
//! context (corrected analysis, route, results); none holds state that another needs.

mod claims_view;
mod correction_log_view;
mod correction_panel;
mod country_card;
mod country_list;
mod doc_list;
mod doc_row;
mod drop_zone;
pub(crate) mod entity_card;
mod entity_list;
mod explorer;
mod export_bar;
pub(crate) mod filter_bar;
mod header;
mod notices;
mod paste_box;
mod progress;
mod reader;
mod relation_list;
mod relation_row;
mod sample_note;
mod snippet;
mod view_tabs;
mod workspace_bar;

pub use claims_view::ClaimsView;
pub use correction_log_view::CorrectionLogView;
pub use correction_panel::CorrectionPanel;
pub use country_card::CountryCard;
pub use country_list::CountryList;
pub use doc_list::DocList;
pub use doc_row::DocRow;
pub use drop_zone::DropZone;
pub use entity_card::EntityCard;
pub use entity_list::EntityList;
pub use explorer::ExplorerRoot;
pub use export_bar::ExportBar;
pub use filter_bar::FilterBar;
pub use header::Header;
pub use notices::Notices;
pub use paste_box::PasteBox;
pub use progress::Progress;
pub use reader::Reader;
pub use relation_list::RelationList;
pub use relation_row::RelationRow;
pub use sample_note::SampleNote;
pub use snippet::Snippet;
pub use view_tabs::ViewTabs;
pub use workspace_bar::WorkspaceBar;

/// `ontoggle` for a `<details>` whose content is built only while it is open: keeps `open` in
/// step with the element.
pub(crate) fn on_details_toggle(open: &yew::UseStateHandle<bool>) -> yew::Callback<yew::Event> {
    use yew::TargetCast;
    let open = open.clone();
    yew::Callback::from(move |ev: yew::Event| {
        let now = ev
            .target_dyn_into::<web_sys::HtmlDetailsElement>()
            .is_some_and(|d| d.open());
        open.set(now);
    })
}
