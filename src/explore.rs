//! The explorer's context: what every explorer component reads — the corrected analysis and its
//! index ([`Explorer`]), the current [`Route`] (view + filters, mirrored in the URL fragment), the
//! query results for it, the documents' texts — and the callbacks that change them.
//!
//! The route lives in `location.hash`: navigating pushes a history entry (so Back returns to the
//! previous view), except while typing in the search box, which replaces the current entry so that
//! Back does not step through every keystroke.

use crate::corpus::Corpus;
use crate::protocol::TextPack;
use dossier_core::DocId;
use dossier_view::corrections::Correction;
use dossier_view::filter::Results;
use dossier_view::model::Explorer;
use dossier_view::route::{encode, Route};
use dossier_view::text::TextSource;
use std::cell::RefCell;
use std::rc::Rc;
use yew::Callback;

/// Every document's text as the engine read it, by id, from the worker: one string with each
/// document's end, as [`TextPack`] brought it (no allocation per document).
#[derive(Debug, Default, PartialEq)]
pub struct Texts {
    all: String,
    ends: Vec<usize>,
}

impl Texts {
    /// The worker's texts. They are the engine's `String`s, so always UTF-8; if the bytes were
    /// not, the page would still show the texts, with replacement characters (and quotes after
    /// the first bad byte off by its length), rather than none.
    pub fn new(pack: TextPack) -> Texts {
        let (bytes, ends) = pack.into_parts();
        let all = String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        Texts { all, ends }
    }

    pub fn get(&self, doc: DocId) -> Option<&str> {
        let i = doc.0 as usize;
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.all.get(start..end)
    }
}

impl TextSource for Texts {
    fn text(&self, doc: DocId) -> Option<&str> {
        self.get(doc)
    }
}

/// How a navigation enters the browser history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nav {
    Push,
    Replace,
}

#[derive(Clone)]
pub struct Explore {
    pub model: Rc<Explorer>,
    pub results: Rc<Results>,
    pub texts: Rc<Texts>,
    pub corpus: Rc<RefCell<Corpus>>,
    pub route: Rc<Route>,
    pub go: Callback<(Route, Nav)>,
    pub correct: Callback<Correction>,
    pub undo: Callback<usize>,
}

impl PartialEq for Explore {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.model, &o.model)
            && Rc::ptr_eq(&self.results, &o.results)
            && Rc::ptr_eq(&self.texts, &o.texts)
            && Rc::ptr_eq(&self.route, &o.route)
    }
}

impl Explore {
    /// Navigate to a route derived from the current one.
    pub fn navigate(&self, nav: Nav, f: impl FnOnce(&mut Route)) {
        let mut r = (*self.route).clone();
        f(&mut r);
        self.go.emit((r, nav));
    }

    /// The `href` of a route derived from the current one (for real links: middle-click, copy link).
    pub fn href(&self, f: impl FnOnce(&mut Route)) -> String {
        let mut r = (*self.route).clone();
        f(&mut r);
        encode(&r)
    }

    /// The display name of a document in links to it: "title (source, date)".
    pub fn doc_label(&self, id: DocId) -> String {
        let a = self.model.analysis();
        // Documents are listed by id: a binary search, so labelling many links stays cheap with
        // thousands of documents (a scan only if some list were ever out of order).
        let doc = match a.documents.binary_search_by_key(&id, |d| d.id) {
            Ok(i) => a.documents.get(i),
            Err(_) => a.documents.iter().find(|d| d.id == id),
        };
        doc.map(|d| {
            let title = d.title.clone().unwrap_or_else(|| d.name.clone());
            // The source and the document's date: sources that merge into one relation or claim
            // may be years apart, and the reader should see when each said it.
            match (&d.source, &d.date) {
                (Some(s), Some(date)) => format!("{title} ({s}, {date})"),
                (Some(s), None) => format!("{title} ({s})"),
                (None, Some(date)) => format!("{title} ({date})"),
                (None, None) => title,
            }
        })
        .unwrap_or_else(|| format!("document {}", id.0))
    }

    /// The country name for an ISO code (from the analysis' countries; the code itself otherwise).
    pub fn country_name(&self, code: &str) -> String {
        self.model
            .analysis()
            .countries
            .iter()
            .find(|c| c.code == code)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| code.to_string())
    }
}
