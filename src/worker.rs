//! The analysis worker: runs `dossier_core::analyze` off the page's thread.
//!
//! It owns the corpus (every file loaded so far) and a queue of jobs. A job is worked through in
//! chunks of about [`CHUNK_BYTES`]; after each chunk the worker reports progress and yields to its
//! event loop (a zero-delay timer), which is what lets a `Cancel` arriving meanwhile be seen before
//! the next chunk. When a job's last chunk is done its files join the corpus and the whole corpus is
//! analysed once more, because the analysis is cross-document (entities merge across documents).
//!
//! The per-chunk pass gives the page per-document previews while a long load runs; the final pass
//! is the authoritative result. When the engine grows a staged API (per-document work, then a merge),
//! the chunk pass becomes its per-document stage and the final pass only the merge.

use crate::protocol::{FileIn, JobId, Request, Response};
use dossier_core::{analyze, Input};
use gloo_worker::{HandlerId, Worker, WorkerScope};
use std::collections::VecDeque;

/// Work done between two looks at the message queue. A few hundred kilobytes of news text take
/// a few milliseconds, short enough for cancel to feel immediate and long enough that the
/// per-chunk message overhead does not matter.
pub const CHUNK_BYTES: usize = 256 * 1024;

struct Job {
    id: JobId,
    from: HandlerId,
    files: Vec<FileIn>,
    replace: bool,
    next: usize,
}

pub struct AnalysisWorker {
    corpus: Vec<Input>,
    queue: VecDeque<Job>,
    step_scheduled: bool,
}

/// The worker's message to itself: work on the next chunk.
pub struct Step;

impl AnalysisWorker {
    fn schedule(&mut self, scope: &WorkerScope<Self>) {
        if !self.step_scheduled && !self.queue.is_empty() {
            self.step_scheduled = true;
            scope.send_future(async {
                gloo_timers::future::TimeoutFuture::new(0).await;
                Step
            });
        }
    }
}

impl Worker for AnalysisWorker {
    type Message = Step;
    type Input = Request;
    type Output = Response;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        AnalysisWorker {
            corpus: Vec::new(),
            queue: VecDeque::new(),
            step_scheduled: false,
        }
    }

    fn update(&mut self, scope: &WorkerScope<Self>, _msg: Step) {
        self.step_scheduled = false;
        let Some(job) = self.queue.front_mut() else {
            return;
        };
        let start = job.next;
        let mut end = start;
        let mut bytes = 0;
        while end < job.files.len() && (end == start || bytes < CHUNK_BYTES) {
            bytes += job.files[end].bytes.len();
            end += 1;
        }
        if end > start {
            let chunk: Vec<Input> = job.files[start..end]
                .iter()
                .map(|f| Input::new(f.name.clone(), f.bytes.clone()))
                .collect();
            let preview = analyze(&chunk).documents;
            job.next = end;
            scope.respond(
                job.from,
                Response::Progress {
                    job: job.id,
                    done: end,
                    total: job.files.len(),
                    current: job.files[end - 1].name.clone(),
                    preview,
                },
            );
        }
        if job.next >= job.files.len() {
            let job = self.queue.pop_front().expect("the front job exists");
            if job.replace {
                self.corpus.clear();
            }
            self.corpus
                .extend(job.files.into_iter().map(|f| Input::new(f.name, f.bytes)));
            let analysis = analyze(&self.corpus);
            scope.respond(
                job.from,
                Response::Done {
                    job: job.id,
                    analysis,
                },
            );
        }
        self.schedule(scope);
    }

    fn received(&mut self, scope: &WorkerScope<Self>, msg: Request, from: HandlerId) {
        match msg {
            Request::Analyze {
                job,
                files,
                replace,
            } => {
                self.queue.push_back(Job {
                    id: job,
                    from,
                    files,
                    replace,
                    next: 0,
                });
                self.schedule(scope);
            }
            Request::Cancel { job } => {
                let before = self.queue.len();
                self.queue.retain(|j| j.id != job);
                if self.queue.len() < before {
                    scope.respond(from, Response::Cancelled { job });
                }
            }
        }
    }
}
