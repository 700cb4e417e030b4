//! The explorer's root: builds the [`Explore`] context (corrected analysis, route from the URL,
//! results, texts), persists the correction log, and lays out the view tabs, the filter bar, the
//! tools (corrections, exports) and the active view.

use crate::app::Ctx;
use crate::components::{
    ClaimsView, CorrectionLogView, CountryList, EntityList, ExportBar, FilterBar, Reader,
    RelationList, ViewTabs,
};
use crate::explore::{Explore, Nav};
use crate::state::{Action, Notice, NoticeKind};
use crate::store;
use dossier_view::corrections::CorrectionLog;
use dossier_view::model::Explorer;
use dossier_view::route::{decode, encode, Route, View};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

fn write_hash(hash: &str, nav: Nav) {
    let Some(w) = web_sys::window() else { return };
    let Ok(history) = w.history() else { return };
    let _ = match nav {
        Nav::Push => history.push_state_with_url(&JsValue::NULL, "", Some(hash)),
        Nav::Replace => history.replace_state_with_url(&JsValue::NULL, "", Some(hash)),
    };
}

#[function_component(ExplorerRoot)]
pub fn explorer_root() -> Html {
    let ctx = use_context::<Ctx>().expect("Ctx is provided by App");
    let analysis = ctx.state.analysis.clone();
    let corpus = ctx.loader.corpus.clone();
    let log = use_state(CorrectionLog::default);
    let log_loaded = use_state(|| false);
    let route = use_state(|| Rc::new(decode(&current_hash())));

    // The saved correction log, once.
    {
        let log = log.clone();
        let log_loaded = log_loaded.clone();
        let dispatch = ctx.state.dispatcher();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                match store::load_corrections().await {
                    Ok(saved) => log.set(saved),
                    Err(e) => dispatch.dispatch(Action::Notify(Notice {
                        kind: NoticeKind::Error,
                        text: format!("Corrections could not be restored: {e}"),
                    })),
                }
                log_loaded.set(true);
            });
        });
    }
    // Save the log whenever it changes (after the saved one was read, so it is never overwritten
    // by the empty initial log).
    {
        let loaded = *log_loaded;
        use_effect_with(((*log).clone(), loaded), move |(log, loaded)| {
            if *loaded {
                let log = log.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let _ = store::save_corrections(&log).await;
                });
            }
        });
    }
    // Back/forward and edited URLs: re-read the fragment.
    {
        let route = route.clone();
        use_effect_with((), move |_| {
            let on_pop = Closure::<dyn Fn(web_sys::Event)>::new(move |_e: web_sys::Event| {
                route.set(Rc::new(decode(&current_hash())));
            });
            let w = web_sys::window();
            if let Some(w) = &w {
                let _ =
                    w.add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
                let _ = w.add_event_listener_with_callback(
                    "hashchange",
                    on_pop.as_ref().unchecked_ref(),
                );
            }
            move || {
                if let Some(w) = w {
                    let _ = w.remove_event_listener_with_callback(
                        "popstate",
                        on_pop.as_ref().unchecked_ref(),
                    );
                    let _ = w.remove_event_listener_with_callback(
                        "hashchange",
                        on_pop.as_ref().unchecked_ref(),
                    );
                }
            }
        });
    }

    let analysis_key = Rc::as_ptr(&analysis) as usize;
    // The texts arrive with the analysis (from the worker): nothing to compute on this thread.
    let texts = ctx.state.texts.clone();
    let model = {
        let analysis = analysis.clone();
        let texts = texts.clone();
        use_memo((analysis_key, (*log).clone()), move |(_, log)| {
            Explorer::new(analysis.clone(), log.clone(), &*texts)
        })
    };
    let results = {
        let model = model.clone();
        use_memo(
            (Rc::as_ptr(&model) as usize, route.filters.clone()),
            move |(_, filters)| model.query(filters),
        )
    };

    let go = {
        let route = route.clone();
        Callback::from(move |(r, nav): (Route, Nav)| {
            write_hash(&encode(&r), nav);
            route.set(Rc::new(r));
        })
    };
    let correct = {
        let log = log.clone();
        Callback::from(move |c| {
            let mut l = (*log).clone();
            l.version = 1;
            l.entries.push(c);
            log.set(l);
        })
    };
    let undo = {
        let log = log.clone();
        Callback::from(move |i: usize| {
            let mut l = (*log).clone();
            if i < l.entries.len() {
                l.entries.remove(i);
                log.set(l);
            }
        })
    };
    let explore = Explore {
        model,
        results,
        texts,
        corpus,
        route: (*route).clone(),
        go,
        correct,
        undo,
    };
    let view = match route.view {
        View::Entities => html! { <EntityList /> },
        View::Countries => html! { <CountryList /> },
        View::Relations => html! { <RelationList /> },
        View::Claims => html! { <ClaimsView /> },
        View::Reader => html! { <Reader /> },
    };
    html! {
        <ContextProvider<Explore> context={explore}>
            <section class="explorer" aria-label="Explore the analysis">
                <ViewTabs />
                if route.view != View::Reader {
                    <FilterBar />
                }
                <div class="view" id="view-panel" role="tabpanel" aria-labelledby={format!("tab-{}", route.view.slug())}>
                    { view }
                </div>
                <div class="tools">
                    <CorrectionLogView />
                    <ExportBar />
                </div>
            </section>
        </ContextProvider<Explore>>
    }
}
