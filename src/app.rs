//! The root component: owns the state (a reducer), the analysis worker, and the context through
//! which components read the state and start loads.

use crate::components::{
    DocList, DropZone, ExplorerRoot, Header, Notices, PasteBox, Progress, SampleNote, WorkspaceBar,
};
use crate::corpus::Corpus;
use crate::explore::Texts;
use crate::files::Loaded;
use crate::protocol::{FileIn, JobId, JsCodec, Request, Response};
use crate::samples::SAMPLES;
use crate::state::{Action, Notice, NoticeKind, State};
use crate::worker::AnalysisWorker;
use dossier_core::Format;
use gloo_worker::{Spawnable, WorkerBridge};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use yew::prelude::*;

/// Set by the single-file bundle (see `xtask/src/bundle.rs`): a `blob:` URL of a complete worker
/// script (the app's glue and inlined wasm). Absent when the app is served as files, where the
/// worker loads the page's own glue and wasm (see [`worker_script`]).
const BUNDLED_WORKER_URL: &str = "DOSSIER_WORKER_URL";

/// About how many bytes of files one message to the worker carries (see [`Loader::load`]).
const SEND_BYTES: usize = 4 << 20;

/// localStorage key set once the sample corpus has been loaded automatically.
const VISITED_KEY: &str = "dossier.visited";

/// Starts loads and cancels them. Cheap to clone; every clone talks to the same worker.
#[derive(Clone)]
pub struct Loader {
    bridge: Rc<WorkerBridge<AnalysisWorker>>,
    next_job: Rc<Cell<u32>>,
    dispatch: UseReducerDispatcher<State>,
    /// The page's mirror of the worker's corpus (for quoting and persistence).
    pub corpus: Rc<RefCell<Corpus>>,
}

impl Loader {
    /// Send `files` to the worker as one job. With `replace` they become the whole corpus.
    pub fn load(&self, files: Vec<FileIn>, replace: bool, sample: bool) -> JobId {
        let job = JobId(self.next_job.get());
        self.next_job.set(job.0 + 1);
        self.dispatch.dispatch(Action::Started {
            job,
            total: files.len(),
            sample,
        });
        self.corpus
            .borrow_mut()
            .started(job, files.clone(), replace, sample);
        // The files go to the worker a few megabytes per message, each message in a task of its
        // own: copying a large corpus out of wasm and into a message at once would hold the page.
        let total = files.len();
        let mut chunks = crate::protocol::chunks(files, SEND_BYTES).into_iter();
        self.bridge.send(Request::Analyze {
            job,
            files: chunks.next().unwrap_or_default(),
            replace,
            total,
        });
        let bridge = self.bridge.clone();
        wasm_bindgen_futures::spawn_local(async move {
            for files in chunks {
                next_task().await;
                bridge.send(Request::More { job, files });
            }
        });
        job
    }

    pub fn load_samples(&self) -> JobId {
        let files = SAMPLES
            .iter()
            .map(|(name, text)| FileIn::new(*name, text.as_bytes()))
            .collect();
        self.load(files, true, true)
    }

    pub fn cancel(&self, job: JobId) {
        self.bridge.send(Request::Cancel { job });
    }

    pub fn notify(&self, kind: NoticeKind, text: String) {
        self.dispatch
            .dispatch(Action::Notify(Notice { kind, text }));
    }
}

/// What every component can reach: the state and the loader.
#[derive(Clone)]
pub struct Ctx {
    pub state: UseReducerHandle<State>,
    pub loader: Loader,
}

impl PartialEq for Ctx {
    fn eq(&self, other: &Self) -> bool {
        self.state == other.state && Rc::ptr_eq(&self.loader.bridge, &other.loader.bridge)
    }
}

impl Ctx {
    /// Load what the user gave us. Files that could not be read, and files of a format the engine
    /// does not read (judged by the engine's own `Format::detect`), become notices and are not
    /// sent: picking a PDF must not wipe the corpus. The user's first own load replaces the sample
    /// corpus instead of mixing with it.
    pub fn load_user(&self, loaded: Loaded) {
        for e in loaded.errors {
            self.loader.notify(NoticeKind::Error, e);
        }
        let (files, unsupported): (Vec<FileIn>, Vec<FileIn>) = loaded
            .files
            .into_iter()
            .partition(|f| Format::detect(&f.name, &f.bytes) != Format::Unsupported);
        for f in unsupported {
            self.loader.notify(
                NoticeKind::Error,
                format!(
                    "{}: not loaded. Dossier reads text (.txt), Markdown (.md) and HTML (.html, .htm) files; this one is not.",
                    f.name
                ),
            );
        }
        if !files.is_empty() {
            self.loader.load(files, self.state.is_sample, false);
        }
    }
}

/// Keep the page's corpus in step with the worker's, and save it once a load is done.
fn mirror(corpus: &RefCell<Corpus>, action: &Action) {
    match action {
        // `done` adds the job's files to the mirror; save when that changed anything.
        Action::Done { job, .. } if corpus.borrow_mut().done(*job) => {
            let saved = {
                let c = corpus.borrow();
                crate::store::Saved {
                    files: c.files().to_vec(),
                    sample: c.is_sample(),
                }
            };
            wasm_bindgen_futures::spawn_local(async move {
                // In a task of its own: copying a large corpus out to the browser takes a while.
                next_task().await;
                if let Err(e) = crate::store::save_corpus(&saved).await {
                    web_sys::console::warn_1(&JsValue::from_str(&e));
                }
            });
        }
        Action::Worker(Response::Cancelled { job }) => corpus.borrow_mut().cancelled(*job),
        _ => {}
    }
}

/// A zero-delay timer: lets the browser run other tasks (input, rendering) before going on.
pub async fn next_task() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

/// What the page does with a worker response, in a task (or, for a large result, tasks) of its
/// own: a `Done` is read part by part, a task each, so no single task parses the whole corpus.
async fn read(response: Response) -> Vec<Action> {
    let Response::Done {
        job,
        analysis,
        texts,
        timing,
    } = response
    else {
        return vec![Action::Worker(response)];
    };
    let mut parts = analysis.iter();
    let mut whole = parts.next().map_or(Ok(Default::default()), |p| p.parse());
    for p in parts {
        let Ok(w) = whole.as_mut() else { break };
        next_task().await;
        match p.parse() {
            Ok(part) => crate::protocol::absorb(w, part),
            Err(e) => whole = Err(e),
        }
    }
    next_task().await;
    let texts = Texts::new(texts);
    crate::bench::received(timing);
    match whole {
        Ok(analysis) => vec![Action::Done {
            job,
            analysis: Rc::new(analysis),
            texts: Rc::new(texts),
        }],
        // The parts are JSON the worker wrote from the same types, so this is not expected; if it
        // happens, the user is told, and the load ends as if cancelled.
        Err(e) => vec![
            Action::Notify(Notice {
                kind: NoticeKind::Error,
                text: format!("The analysis could not be read from the worker: {e}"),
            }),
            Action::Worker(Response::Cancelled { job }),
        ],
    }
}

fn spawn_worker(
    dispatch: UseReducerDispatcher<State>,
    corpus: Rc<RefCell<Corpus>>,
) -> WorkerBridge<AnalysisWorker> {
    let bundled = js_sys::Reflect::get(&window_value(), &JsValue::from_str(BUNDLED_WORKER_URL))
        .ok()
        .and_then(|v| v.as_string());
    let script = bundled.clone().unwrap_or_else(|| {
        worker_script().unwrap_or_else(|e| {
            // Only a broken build gets here; the page still works for reading saved views.
            web_sys::console::error_1(&JsValue::from_str(&format!(
                "Dossier cannot start its analysis worker: {e}"
            )));
            error_script(&e)
        })
    });
    let inbox: Rc<RefCell<VecDeque<Response>>> = Rc::default();
    let busy = Rc::new(Cell::new(false));
    let mut spawner = AnalysisWorker::spawner();
    let mut spawner = spawner.encoding::<JsCodec>();
    // The worker runs the page's own wasm (wasm-bindgen's `web` target: an ES module), started by
    // a small module script of ours rather than gloo's, which guesses the wasm's file name. The
    // bundle's script is classic: Chromium refuses module workers from `blob:` URLs on `file://`.
    spawner
        .as_module(bundled.is_none())
        .with_loader(true)
        .callback(move |response| {
            // Responses are applied one after another, in the order they came, each after the
            // task that decoded the message (with a large corpus, decoding, reading and applying
            // are separate main-thread tasks instead of one long one).
            inbox.borrow_mut().push_back(response);
            if busy.replace(true) {
                return;
            }
            let (inbox, busy) = (inbox.clone(), busy.clone());
            let (corpus, dispatch) = (corpus.clone(), dispatch.clone());
            wasm_bindgen_futures::spawn_local(async move {
                loop {
                    next_task().await;
                    let Some(response) = inbox.borrow_mut().pop_front() else {
                        break;
                    };
                    for action in read(response).await {
                        mirror(&corpus, &action);
                        dispatch.dispatch(action);
                    }
                }
                busy.set(false);
            });
        });
    spawner.spawn(&script)
}

/// A `blob:` URL of the module script that starts the worker: it imports the page's glue and
/// instantiates the same wasm file, whose `main` registers the worker when there is no `window`.
/// Both URLs come from the preload links Trunk puts in `index.html`; the browser serves the
/// second download of the wasm from its cache.
fn worker_script() -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let base = window.location().href().map_err(|_| "no page URL")?;
    let link = |selector: &str| -> Result<String, String> {
        let href = document
            .query_selector(selector)
            .ok()
            .flatten()
            .and_then(|e| e.get_attribute("href"))
            .ok_or_else(|| format!("index.html has no `{selector}`"))?;
        web_sys::Url::new_with_base(&href, &base)
            .map(|u| u.href())
            .map_err(|_| format!("bad URL `{href}` in index.html"))
    };
    let glue = link(r#"link[rel="modulepreload"][href$=".js"]"#)?;
    let wasm = link(r#"link[rel="preload"][href$="_bg.wasm"]"#)?;
    // `{:?}` quotes and escapes like a JS string literal for these (already URL-encoded) strings.
    blob_url(&format!(
        "import init from {glue:?};\nawait init({{ module_or_path: {wasm:?} }});\n"
    ))
}

/// A worker script that only reports why the real one could not be made.
fn error_script(reason: &str) -> String {
    blob_url(&format!("throw new Error({reason:?});\n")).unwrap_or_default()
}

fn blob_url(source: &str) -> Result<String, String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(source));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/javascript");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| "cannot make a Blob")?;
    web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| "cannot make a blob: URL".into())
}

fn window_value() -> JsValue {
    web_sys::window()
        .map(JsValue::from)
        .unwrap_or(JsValue::UNDEFINED)
}

/// True the first time this browser opens the app (and remembers that it has).
fn first_visit() -> bool {
    let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else {
        // No storage (e.g. disabled): treat every visit as the first, so there is always something to see.
        return true;
    };
    let seen = storage.get_item(VISITED_KEY).ok().flatten().is_some();
    if !seen {
        let _ = storage.set_item(VISITED_KEY, "1");
    }
    !seen
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(State::default);
    let corpus: Rc<RefCell<Corpus>> = use_memo((), |_| RefCell::new(Corpus::default()));
    let bridge = {
        let dispatch = state.dispatcher();
        let corpus = corpus.clone();
        use_memo((), move |_| spawn_worker(dispatch, corpus))
    };
    // The job counter lives as long as the component, like the worker.
    let next_job = use_memo((), |_| Cell::new(0u32));
    let loader = Loader {
        bridge,
        next_job,
        dispatch: state.dispatcher(),
        corpus,
    };
    let ctx = Ctx {
        state: state.clone(),
        loader: loader.clone(),
    };

    {
        let loader = loader.clone();
        use_effect_with((), move |_| {
            // The saved workspace if there is one; the sample corpus on a first visit.
            let first = first_visit();
            let restore = loader.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match crate::store::load_corpus().await {
                    Ok(Some(saved)) if !saved.files.is_empty() => {
                        restore.load(saved.files, true, saved.sample);
                    }
                    _ if first => {
                        restore.load_samples();
                    }
                    _ => {}
                }
            });
            crate::bench::install(loader);
        });
    }
    {
        let deps = (state.jobs.len(), state.last_finished);
        let state = state.clone();
        use_effect_with(deps, move |_| crate::bench::resolve_finished(&state));
    }

    html! {
        <ContextProvider<Ctx> context={ctx}>
            <div class="app">
                <Header />
                <main class="main">
                    <section class="load" aria-label="Add documents">
                        <DropZone />
                        <PasteBox />
                    </section>
                    <Progress />
                    <Notices />
                    <SampleNote />
                    <ExplorerRoot />
                    <DocList />
                    <WorkspaceBar />
                </main>
            </div>
        </ContextProvider<Ctx>>
    }
}
