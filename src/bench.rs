//! `window.dossierBench`: the hook the benchmark harness drives the app through.
//!
//! `dossierBench.load([{name, text}, ...])` replaces the corpus with the given documents, analysed by
//! the worker exactly as a user's files are, and returns a Promise that resolves once the result
//! is rendered, to `{ documents }`: the number of documents in the corpus afterwards (a cancelled
//! load resolves too, with the corpus as it was).
//!
//! `dossierBench.timing()` returns where the last finished load's time went, in milliseconds
//! (`null` before any): `prepare_ms` (per-document stages in the worker), `analyze_ms`
//! (cross-document stages in the worker), `transfer_ms` (from the worker handing the result over
//! to the page having read it: message decoded, parts parsed) and `page_ms` (from then until the
//! result is rendered: state, explorer index, render).
//! Documented in ARCHITECTURE.md; the harness must not rely on anything else of the page except
//! the `data-testid` attributes listed there.

use crate::app::Loader;
use crate::protocol::{FileIn, JobId, Timing};
use crate::state::State;
use js_sys::{Function, Object, Promise, Reflect};
use serde::{Deserialize, Serialize};
use std::cell::{Cell, RefCell};
use wasm_bindgen::prelude::*;

thread_local! {
    /// Promises handed out by `load`, waiting for their job to finish.
    static PENDING: RefCell<Vec<(JobId, Function)>> = const { RefCell::new(Vec::new()) };
    /// The worker's timing of the last finished job and when the page had decoded its result.
    static RECEIVED: Cell<Option<(Timing, f64)>> = const { Cell::new(None) };
    /// The breakdown of the last load resolved, for `dossierBench.timing()`.
    static LAST: Cell<Option<BenchTiming>> = const { Cell::new(None) };
}

/// The page decoded a job's result (called before it is applied to the state).
pub fn received(timing: Timing) {
    RECEIVED.with(|r| r.set(Some((timing, js_sys::Date::now()))));
}

#[derive(Deserialize)]
struct BenchFile {
    name: String,
    text: String,
}

#[derive(Serialize)]
struct BenchResult {
    documents: usize,
}

#[derive(Clone, Copy, Serialize)]
struct BenchTiming {
    prepare_ms: f64,
    analyze_ms: f64,
    transfer_ms: f64,
    page_ms: f64,
}

/// Put `dossierBench` on `window`. Called once, when the app mounts.
pub fn install(loader: Loader) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let load = Closure::<dyn FnMut(JsValue) -> Promise>::new(move |files: JsValue| {
        let Ok(files) = files.dyn_into::<js_sys::Array>() else {
            return Promise::reject(&"dossierBench.load expects [{name, text}]".into());
        };
        let loader = loader.clone();
        // The texts are copied into wasm a few hundred files per task (a large corpus at once
        // would hold the page), then loaded as one job.
        wasm_bindgen_futures::future_to_promise(async move {
            let mut read = Vec::with_capacity(files.length() as usize);
            for (i, f) in files.iter().enumerate() {
                if i % 500 == 499 {
                    crate::app::next_task().await;
                }
                let f: BenchFile = serde_wasm_bindgen::from_value(f).map_err(|e| {
                    JsValue::from_str(&format!("dossierBench.load expects [{{name, text}}]: {e}"))
                })?;
                read.push(FileIn::new(f.name, f.text.into_bytes()));
            }
            let mut resolve = None;
            let promise = Promise::new(&mut |res, _rej| resolve = Some(res));
            let job = loader.load(read, true, false);
            if let Some(resolve) = resolve {
                PENDING.with(|p| p.borrow_mut().push((job, resolve)));
            }
            wasm_bindgen_futures::JsFuture::from(promise).await
        })
    });
    let timing = Closure::<dyn Fn() -> JsValue>::new(|| {
        LAST.with(Cell::get)
            .and_then(|t| serde_wasm_bindgen::to_value(&t).ok())
            .unwrap_or(JsValue::NULL)
    });
    let api = Object::new();
    let _ = Reflect::set(&api, &"load".into(), load.as_ref());
    let _ = Reflect::set(&api, &"timing".into(), timing.as_ref());
    // The hooks live as long as the page.
    load.forget();
    timing.forget();
    let _ = Reflect::set(&window, &"dossierBench".into(), &api);
}

/// Resolve the promises of every job that is no longer running. Runs as an effect, i.e. after
/// the render that shows the job's result.
pub fn resolve_finished(state: &State) {
    let finished: Vec<(JobId, Function)> = PENDING.with(|p| {
        let mut p = p.borrow_mut();
        let (done, waiting) = p
            .drain(..)
            .partition(|(job, _)| !state.jobs.contains_key(job));
        *p = waiting;
        done
    });
    for (_, resolve) in finished {
        let timing = RECEIVED.with(Cell::get).map(|(t, at)| BenchTiming {
            prepare_ms: t.prepare_ms,
            analyze_ms: t.analyze_ms,
            transfer_ms: at - t.sent_at,
            page_ms: js_sys::Date::now() - at,
        });
        if timing.is_some() {
            LAST.with(|l| l.set(timing));
        }
        let result = BenchResult {
            documents: state.analysis.documents.len(),
        };
        let value = serde_wasm_bindgen::to_value(&result).unwrap_or(JsValue::NULL);
        let _ = resolve.call1(&JsValue::NULL, &value);
    }
}
