//! Getting the user's files into memory: file pickers, dropped files and dropped folders.
//!
//! Dropped folders are walked through the entries API (`webkitGetAsEntry`), the only way a page can
//! see a folder's content; picked folders come as a flat list from `<input webkitdirectory>`.
//! Hidden files (a name starting with `.`) are skipped, like the CLI does.

use crate::protocol::FileIn;
use dossier_core::sort::SortStable;
use std::future::Future;
use std::pin::Pin;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    DataTransfer, File, FileList, FileSystemDirectoryEntry, FileSystemEntry, FileSystemFileEntry,
};

/// What reading the user's selection gave: the files, and one message per file that could not be read.
#[derive(Default)]
pub struct Loaded {
    pub files: Vec<FileIn>,
    pub errors: Vec<String>,
}

fn is_hidden(name: &str) -> bool {
    name.starts_with('.')
}

async fn read_file(file: &File, name: String, out: &mut Loaded) {
    match JsFuture::from(file.array_buffer()).await {
        Ok(buf) => out
            .files
            .push(FileIn::new(name, js_sys::Uint8Array::new(&buf).to_vec())),
        Err(_) => out
            .errors
            .push(format!("{name}: the browser could not read this file")),
    }
}

/// The files of a `FileList`, taken out at once: the list is live, and resetting the input (or
/// the end of a drop event) empties it.
pub fn files_of(list: &FileList) -> Vec<File> {
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// Read picked files. Files from a folder picker carry their relative path; only the file name
/// is kept as the document name, as the CLI does.
pub async fn read_files(files: Vec<File>) -> Loaded {
    let mut out = Loaded::default();
    for file in files {
        let name = file.name();
        if !is_hidden(&name) {
            read_file(&file, name, &mut out).await;
        }
    }
    out
}

/// Turn a callback-style entries API call into a future of its first callback argument.
async fn callback_promise(
    call: impl FnOnce(&js_sys::Function, &js_sys::Function),
) -> Result<JsValue, JsValue> {
    let mut call = Some(call);
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        if let Some(call) = call.take() {
            call(&resolve, &reject);
        }
    });
    JsFuture::from(promise).await
}

fn walk_entry<'a>(
    entry: FileSystemEntry,
    out: &'a mut Loaded,
) -> Pin<Box<dyn Future<Output = ()> + 'a>> {
    Box::pin(async move {
        let name = entry.name();
        if is_hidden(&name) {
            return;
        }
        if entry.is_file() {
            let file_entry: FileSystemFileEntry = entry.unchecked_into();
            let got =
                callback_promise(|ok, err| file_entry.file_with_callback_and_callback(ok, err))
                    .await;
            match got.ok().and_then(|f| f.dyn_into::<File>().ok()) {
                Some(file) => read_file(&file, name, out).await,
                None => out
                    .errors
                    .push(format!("{name}: the browser could not read this file")),
            }
        } else if entry.is_directory() {
            let dir: FileSystemDirectoryEntry = entry.unchecked_into();
            let reader = dir.create_reader();
            // readEntries returns the folder in batches; an empty batch means the end.
            loop {
                let batch = callback_promise(|ok, err| {
                    if let Err(e) = reader.read_entries_with_callback_and_callback(ok, err) {
                        let _ = err.call1(&JsValue::NULL, &e);
                    }
                })
                .await;
                let Ok(batch) = batch else {
                    out.errors
                        .push(format!("{name}: the browser could not list this folder"));
                    break;
                };
                let batch: js_sys::Array = batch.unchecked_into();
                if batch.length() == 0 {
                    break;
                }
                let mut children: Vec<FileSystemEntry> =
                    batch.iter().map(|e| e.unchecked_into()).collect();
                children.sort_stable_by_key(|e| e.name());
                for child in children {
                    walk_entry(child, out).await;
                }
            }
        }
    })
}

/// The entries of a drop, taken synchronously: a `DataTransfer` is emptied once the drop handler
/// returns, so this must run inside it. Falls back to the plain file list when the entries API is
/// not there.
pub enum Dropped {
    Entries(Vec<FileSystemEntry>),
    Files(Vec<File>),
}

pub fn take_drop(data: &DataTransfer) -> Option<Dropped> {
    let items = data.items();
    let mut entries = Vec::new();
    for i in 0..items.length() {
        if let Some(item) = items.get(i) {
            if let Ok(Some(entry)) = item.webkit_get_as_entry() {
                entries.push(entry);
            }
        }
    }
    if !entries.is_empty() {
        Some(Dropped::Entries(entries))
    } else {
        data.files().map(|list| Dropped::Files(files_of(&list)))
    }
}

pub async fn read_dropped(dropped: Dropped) -> Loaded {
    match dropped {
        Dropped::Files(files) => read_files(files).await,
        Dropped::Entries(entries) => {
            let mut out = Loaded::default();
            for entry in entries {
                walk_entry(entry, &mut out).await;
            }
            out
        }
    }
}
