//! The analysis worker's entry point: registers [`AnalysisWorker`](dossier::worker::AnalysisWorker)
//! with the same codec the page uses (see `protocol.rs`).

use dossier::protocol::JsCodec;
use dossier::worker::AnalysisWorker;
use gloo_worker::Registrable;

fn main() {
    AnalysisWorker::registrar().encoding::<JsCodec>().register();
}
