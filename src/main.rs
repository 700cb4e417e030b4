//! The one entry point of the app's wasm, which runs in two places: in the page it mounts the
//! [`App`](dossier::App) into `<body>`; in the analysis worker (no `window`) it registers
//! [`AnalysisWorker`](dossier::worker::AnalysisWorker) with the codec the page uses (see
//! `protocol.rs`). One module for both means the browser downloads the code once (see
//! ARCHITECTURE.md, "One wasm for page and worker").

use dossier::protocol::JsCodec;
use dossier::worker::AnalysisWorker;
use gloo_worker::Registrable;

fn main() {
    if web_sys::window().is_some() {
        yew::Renderer::<dossier::App>::new().render();
    } else {
        AnalysisWorker::registrar().encoding::<JsCodec>().register();
    }
}
