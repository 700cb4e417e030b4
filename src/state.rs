//! The app's state and its reducer: every change to what the page shows goes through [`Action`].
//!
//! The state is plain data (no JS handles), so the reducer is tested natively with `cargo test`.
//! Components read it from a context (see `app.rs`) and dispatch actions; the worker's responses
//! become actions too.

use crate::explore::Texts;
use crate::protocol::{JobId, Response};
use dossier_core::text::case::Lower;
use dossier_core::{Analysis, DocumentSummary, Format, Severity};
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::Reducible;

/// A load the worker is working on (or has queued).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobState {
    pub total: usize,
    pub done: usize,
    /// The file the worker reported last; empty until the first report.
    pub current: String,
    /// The summaries reported so far, one shared chunk per progress report: the reducer copies the
    /// state on every report, and copying thousands of summaries each time would make a large
    /// load quadratic.
    pub preview: Vec<Rc<Vec<DocumentSummary>>>,
}

impl JobState {
    /// The documents previewed so far, in the order reported.
    pub fn previews(&self) -> impl Iterator<Item = &DocumentSummary> {
        self.preview.iter().flat_map(|c| c.iter())
    }

    pub fn previewed(&self) -> usize {
        self.preview.iter().map(|c| c.len()).sum()
    }
}

/// A message shown above the document list until dismissed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub kind: NoticeKind,
    pub text: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeKind {
    Info,
    Error,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct State {
    /// The analysis of the whole corpus, as the worker last reported it.
    pub analysis: Rc<Analysis>,
    /// The documents' texts that came with it.
    pub texts: Rc<Texts>,
    /// Running or queued loads, by id.
    pub jobs: BTreeMap<JobId, JobState>,
    /// The corpus is the bundled sample (shown with a note; the user's first own load replaces it).
    pub is_sample: bool,
    /// Which job, if any, is the sample load (so its completion sets `is_sample`).
    pub sample_job: Option<JobId>,
    /// The last job that finished (done or cancelled); effects wait on it (see `bench.rs`).
    pub last_finished: Option<JobId>,
    pub notices: Vec<Notice>,
    /// The text of the search box.
    pub query: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// A load was sent to the worker.
    Started {
        job: JobId,
        total: usize,
        sample: bool,
    },
    /// The worker answered (its `Done` arrives as [`Action::Done`], once the page has read it).
    Worker(Response),
    /// A job finished: the analysis of the whole corpus and its documents' texts, read from the
    /// worker's [`Response::Done`].
    Done {
        job: JobId,
        analysis: Rc<Analysis>,
        texts: Rc<Texts>,
    },
    /// Something the page itself noticed (e.g. a file it could not read).
    Notify(Notice),
    Dismiss(usize),
    SetQuery(String),
}

impl State {
    /// The corpus is empty and nothing is loading.
    pub fn is_empty(&self) -> bool {
        self.analysis.documents.is_empty() && self.jobs.is_empty()
    }

    /// The documents to list: the analysed ones matching the search (case-insensitive, on title and
    /// file name), in the analysis' order.
    pub fn visible_documents(&self) -> Vec<&DocumentSummary> {
        let q = self.query.trim().lower();
        self.analysis
            .documents
            .iter()
            .filter(|d| {
                q.is_empty()
                    || d.name.lower().contains(&q)
                    || d.title.as_deref().is_some_and(|t| t.lower().contains(&q))
            })
            .collect()
    }

    /// The job to show in the progress bar: the oldest one still running.
    pub fn current_job(&self) -> Option<(JobId, &JobState)> {
        self.jobs.iter().next().map(|(id, j)| (*id, j))
    }
}

/// One notice per document the engine could not read at all (unsupported format), with the
/// engine's own message, so the user sees why a file shows no text.
fn unreadable_notices(analysis: &Analysis) -> Vec<Notice> {
    analysis
        .documents
        .iter()
        .filter(|d| d.format == Format::Unsupported)
        .map(|d| Notice {
            kind: NoticeKind::Error,
            text: d
                .diagnostics
                .iter()
                .find(|x| x.severity == Severity::Error)
                .map(|x| x.message.clone())
                .unwrap_or_else(|| format!("{}: unsupported format", d.name)),
        })
        .collect()
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Started { job, total, sample } => {
                s.jobs.insert(
                    job,
                    JobState {
                        total,
                        done: 0,
                        current: String::new(),
                        preview: Vec::new(),
                    },
                );
                if sample {
                    s.sample_job = Some(job);
                }
            }
            Action::Worker(Response::Progress {
                job,
                done,
                total,
                current,
                preview,
            }) => {
                // A report for a job we no longer track (cancelled meanwhile) is stale.
                let Some(j) = s.jobs.get_mut(&job) else {
                    return self;
                };
                j.done = done;
                j.total = total;
                j.current = current;
                if !preview.is_empty() {
                    j.preview.push(Rc::new(preview));
                }
            }
            // The page reads the parts of a `Done` first, then dispatches `Action::Done`.
            Action::Worker(Response::Done { .. }) => return self,
            Action::Done {
                job,
                analysis,
                texts,
            } => {
                if s.jobs.remove(&job).is_none() {
                    return self;
                }
                let was_sample = s.sample_job == Some(job);
                if was_sample {
                    s.sample_job = None;
                }
                // Only the sample load makes a sample corpus; any other load replaced or joined it.
                s.is_sample = was_sample;
                let new_notices = unreadable_notices(&analysis);
                let known: Vec<String> = s.notices.iter().map(|n| n.text.clone()).collect();
                s.notices
                    .extend(new_notices.into_iter().filter(|n| !known.contains(&n.text)));
                s.analysis = analysis;
                s.texts = texts;
                s.last_finished = Some(job);
            }
            Action::Worker(Response::Cancelled { job }) => {
                if s.jobs.remove(&job).is_some() {
                    if s.sample_job == Some(job) {
                        s.sample_job = None;
                    }
                    s.notices.push(Notice {
                        kind: NoticeKind::Info,
                        text: "Loading cancelled; the documents loaded before are unchanged."
                            .to_string(),
                    });
                    s.last_finished = Some(job);
                }
            }
            Action::Notify(n) => s.notices.push(n),
            Action::Dismiss(i) => {
                if i < s.notices.len() {
                    s.notices.remove(i);
                }
            }
            Action::SetQuery(q) => s.query = q,
        }
        Rc::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_core::{analyze, Input};

    fn reduce(s: Rc<State>, a: Action) -> Rc<State> {
        s.reduce(a)
    }

    fn analysis(files: &[(&str, &str)]) -> Analysis {
        let inputs: Vec<Input> = files
            .iter()
            .map(|(n, t)| Input::new(*n, t.as_bytes()))
            .collect();
        analyze(&inputs)
    }

    fn started(job: u32, total: usize, sample: bool) -> Action {
        Action::Started {
            job: JobId(job),
            total,
            sample,
        }
    }

    fn done(job: u32, a: Analysis) -> Action {
        Action::Done {
            job: JobId(job),
            analysis: Rc::new(a),
            texts: Default::default(),
        }
    }

    #[test]
    fn a_load_reports_progress_then_replaces_the_analysis() {
        let s = Rc::new(State::default());
        let s = reduce(s, started(0, 2, false));
        assert_eq!(
            s.current_job().map(|(id, j)| (id, j.total)),
            Some((JobId(0), 2))
        );
        let chunk = analysis(&[("a.txt", "Alpha\nOne two")]);
        let s = reduce(
            s,
            Action::Worker(Response::Progress {
                job: JobId(0),
                done: 1,
                total: 2,
                current: "a.txt".into(),
                preview: chunk.documents.clone(),
            }),
        );
        let j = &s.jobs[&JobId(0)];
        assert_eq!((j.done, j.current.as_str(), j.previewed()), (1, "a.txt", 1));
        let full = analysis(&[("a.txt", "Alpha\nOne two"), ("b.txt", "Beta")]);
        let s = reduce(s, done(0, full.clone()));
        assert!(s.jobs.is_empty());
        assert_eq!(*s.analysis, full);
        assert_eq!(s.last_finished, Some(JobId(0)));
        assert!(!s.is_sample);
    }

    #[test]
    fn the_sample_load_is_marked_until_another_load_finishes() {
        let s = Rc::new(State::default());
        let s = reduce(s, started(0, 1, true));
        let s = reduce(s, done(0, analysis(&[("s.txt", "Sample")])));
        assert!(s.is_sample);
        let s = reduce(s, started(1, 1, false));
        assert!(s.is_sample, "still a sample while the user's load runs");
        let s = reduce(s, done(1, analysis(&[("mine.txt", "Mine")])));
        assert!(!s.is_sample);
    }

    #[test]
    fn cancel_keeps_the_previous_corpus_and_ignores_late_reports() {
        let s = Rc::new(State::default());
        let s = reduce(s, started(0, 1, false));
        let before = analysis(&[("a.txt", "A")]);
        let s = reduce(s, done(0, before.clone()));
        let s = reduce(s, started(1, 3, false));
        let s = reduce(s, Action::Worker(Response::Cancelled { job: JobId(1) }));
        assert!(s.jobs.is_empty());
        assert_eq!(*s.analysis, before);
        assert_eq!(s.notices.len(), 1);
        assert_eq!(s.notices[0].kind, NoticeKind::Info);
        // A progress report already on its way when the cancel landed changes nothing.
        let late = reduce(
            s.clone(),
            Action::Worker(Response::Progress {
                job: JobId(1),
                done: 1,
                total: 3,
                current: "x.txt".into(),
                preview: Vec::new(),
            }),
        );
        assert_eq!(late, s);
    }

    #[test]
    fn unsupported_files_become_one_error_notice_each() {
        let a = analysis(&[("report.pdf", "%PDF-1.4"), ("ok.txt", "Fine")]);
        let s = reduce(Rc::new(State::default()), started(0, 2, false));
        let s = reduce(s, done(0, a.clone()));
        assert_eq!(s.notices.len(), 1);
        assert_eq!(s.notices[0].kind, NoticeKind::Error);
        assert!(s.notices[0].text.contains("report.pdf"), "{:?}", s.notices);
        // Re-analysing the same corpus does not repeat the message.
        let s = reduce(s, started(1, 0, false));
        let s = reduce(s, done(1, a));
        assert_eq!(s.notices.len(), 1);
        let s = reduce(s, Action::Dismiss(0));
        assert!(s.notices.is_empty());
    }

    #[test]
    fn search_matches_titles_and_names_ignoring_case() {
        let s = reduce(Rc::new(State::default()), started(0, 2, false));
        let s = reduce(
            s,
            done(
                0,
                analysis(&[
                    ("lavrov.txt", "Lavrov in Pyongyang"),
                    ("other.txt", "Weather"),
                ]),
            ),
        );
        let names = |s: &State| {
            s.visible_documents()
                .iter()
                .map(|d| d.name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&s).len(), 2);
        let s = reduce(s, Action::SetQuery("PYONG".into()));
        assert_eq!(names(&s), ["lavrov.txt"]);
        let s = reduce(s, Action::SetQuery("other".into()));
        assert_eq!(names(&s), ["other.txt"]);
        let s = reduce(s, Action::SetQuery("nothing like it".into()));
        assert!(names(&s).is_empty());
    }
}
