//! The app's components, one per file. Each reads what it needs from the [`Ctx`](crate::app::Ctx)
//! context; none holds state that another needs.

mod doc_list;
mod doc_row;
mod drop_zone;
mod header;
mod notices;
mod paste_box;
mod progress;
mod sample_note;

pub use doc_list::DocList;
pub use doc_row::DocRow;
pub use drop_zone::DropZone;
pub use header::Header;
pub use notices::Notices;
pub use paste_box::PasteBox;
pub use progress::Progress;
pub use sample_note::SampleNote;
