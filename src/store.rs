//! The workspace in IndexedDB: the corpus files and the analyst's correction log survive a reload.
//!
//! One database `dossier`, one object store `workspace` with two keys: `corpus` (an object
//! `{files: [{name, bytes: Uint8Array}], sample: bool}`) and `corrections` (the log as JSON text).
//! Every call is best-effort: a browser without IndexedDB (or with storage blocked) just gets a
//! workspace that does not persist, reported once as an error string the caller shows.

use crate::protocol::FileIn;
use dossier_view::corrections::CorrectionLog;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransactionMode};

const DB: &str = "dossier";
const STORE: &str = "workspace";
const CORPUS: &str = "corpus";
const CORRECTIONS: &str = "corrections";

/// What is stored under `corpus`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    pub files: Vec<FileIn>,
    pub sample: bool,
}

fn err(e: JsValue) -> String {
    e.as_string()
        .or_else(|| {
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| "IndexedDB is unavailable".to_string())
}

/// Wait for an IDB request to succeed (its `result`) or fail.
async fn wait(req: &IdbRequest) -> Result<JsValue, String> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let ok = Closure::once_into_js(move |_e: web_sys::Event| {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let fail = Closure::once_into_js(move |_e: web_sys::Event| {
            let _ = reject.call0(&JsValue::NULL);
        });
        req.set_onsuccess(Some(ok.unchecked_ref()));
        req.set_onerror(Some(fail.unchecked_ref()));
    });
    JsFuture::from(promise)
        .await
        .map_err(|_| "an IndexedDB request failed".to_string())?;
    req.result().map_err(err)
}

async fn open() -> Result<IdbDatabase, String> {
    let factory = web_sys::window()
        .ok_or("no window")?
        .indexed_db()
        .map_err(err)?
        .ok_or("IndexedDB is unavailable")?;
    let req: IdbOpenDbRequest = factory.open_with_u32(DB, 1).map_err(err)?;
    let upgrade = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        let db = e
            .target()
            .and_then(|t| t.dyn_into::<IdbRequest>().ok())
            .and_then(|r| r.result().ok())
            .and_then(|r| r.dyn_into::<IdbDatabase>().ok());
        if let Some(db) = db {
            if !db.object_store_names().contains(STORE) {
                let _ = db.create_object_store(STORE);
            }
        }
    });
    req.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let db = wait(&req).await?;
    drop(upgrade);
    db.dyn_into::<IdbDatabase>().map_err(err)
}

async fn get(key: &str) -> Result<JsValue, String> {
    let db = open().await?;
    let tx = db.transaction_with_str(STORE).map_err(err)?;
    let store = tx.object_store(STORE).map_err(err)?;
    let req = store.get(&JsValue::from_str(key)).map_err(err)?;
    wait(&req).await
}

async fn put(key: &str, value: &JsValue) -> Result<(), String> {
    let db = open().await?;
    let tx = db
        .transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)
        .map_err(err)?;
    let store = tx.object_store(STORE).map_err(err)?;
    let req = store
        .put_with_key(value, &JsValue::from_str(key))
        .map_err(err)?;
    wait(&req).await.map(|_| ())
}

/// The saved corpus, if any.
pub async fn load_corpus() -> Result<Option<Saved>, String> {
    let v = get(CORPUS).await?;
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    serde_wasm_bindgen::from_value(v)
        .map(Some)
        .map_err(|e| e.to_string())
}

pub async fn save_corpus(saved: &Saved) -> Result<(), String> {
    let v = serde_wasm_bindgen::to_value(saved).map_err(|e| e.to_string())?;
    put(CORPUS, &v).await
}

/// The saved correction log (empty when none or unreadable).
pub async fn load_corrections() -> Result<CorrectionLog, String> {
    let v = get(CORRECTIONS).await?;
    match v.as_string() {
        Some(json) => serde_json::from_str(&json).map_err(|e| e.to_string()),
        None => Ok(CorrectionLog::default()),
    }
}

pub async fn save_corrections(log: &CorrectionLog) -> Result<(), String> {
    let json = serde_json::to_string(log).map_err(|e| e.to_string())?;
    put(CORRECTIONS, &JsValue::from_str(&json)).await
}

/// Delete everything stored.
pub async fn clear() -> Result<(), String> {
    let db = open().await?;
    let tx = db
        .transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)
        .map_err(err)?;
    let store = tx.object_store(STORE).map_err(err)?;
    let req = store.clear().map_err(err)?;
    wait(&req).await.map(|_| ())
}
