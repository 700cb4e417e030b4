//! The analysis worker: runs the engine off the page's thread.
//!
//! It owns the corpus ([`Prepared`] documents: every file loaded so far, with what the engine's
//! per-document stages made of it) and a queue of jobs. A job is worked through in chunks of about
//! [`CHUNK_BYTES`]; each file of a chunk goes through the per-document stages once
//! ([`dossier_core::analysis::prepare`]: ingest, clean, sentences, recognition), then the worker
//! reports progress with the chunk's document summaries and yields to its event loop (a zero-delay
//! timer), which is what lets a `Cancel` arriving meanwhile be seen before the next chunk. When a
//! job's last chunk is done its documents join the corpus and only the cross-document stages run
//! over the whole corpus ([`analyze_prepared`]: names found again, resolution, relations, claims).
//!
//! That makes re-analysis incremental where the engine allows it: adding files prepares only the
//! new ones; documents already in the corpus keep their per-document results. The result is the
//! same as [`dossier_core::analyze`] over all the files (a test holds it to that).
//!
//! The page gets each document's text with the analysis (spans point into it), so it never runs
//! the engine itself.

use crate::protocol::{split, FileIn, JobId, Request, Response, TextPack, Timing};
use dossier_core::analysis::{analyze_prepared, prepare, Prepared};
use dossier_core::sort::SortStable;
use dossier_core::{Analysis, DocId, DocumentSummary, Mention, Stages};
use gloo_worker::{HandlerId, Worker, WorkerScope};
use std::collections::VecDeque;

/// Work done between two looks at the message queue. A few hundred kilobytes of news text take
/// a few milliseconds, short enough for cancel to feel immediate and long enough that the
/// per-chunk message overhead does not matter.
pub const CHUNK_BYTES: usize = 256 * 1024;

/// One document of the worker's corpus.
struct Doc {
    file: FileIn,
    prepared: Prepared,
    /// The mentions [`prepare`] found. The cross-document stages add found-again mentions to
    /// `prepared` in place; each run starts again from these.
    found: Vec<Mention>,
}

/// The worker's corpus and the per-document results it keeps between runs. Plain data, so it is
/// tested natively.
#[derive(Default)]
pub struct Corpus {
    docs: Vec<Doc>,
}

/// Files of one job after the per-document stages, waiting to join the corpus.
#[derive(Default)]
pub struct Batch {
    docs: Vec<Doc>,
}

impl Batch {
    /// Run the per-document stages on `files` and keep the results; returns their summaries (for
    /// the page's preview while the job runs; their ids are provisional).
    pub fn prepare(&mut self, files: &[FileIn]) -> Vec<DocumentSummary> {
        files
            .iter()
            .map(|f| {
                let input = dossier_core::Input::new(f.name.clone(), f.bytes.clone());
                let prepared = prepare(DocId(0), &input);
                let summary = prepared.summary();
                self.docs.push(Doc {
                    file: f.clone(),
                    found: prepared.mentions.clone(),
                    prepared,
                });
                summary
            })
            .collect()
    }
}

impl Corpus {
    /// Add a prepared batch (with `replace`, it becomes the whole corpus) and run the
    /// cross-document stages. Returns the analysis and each document's text, by document id.
    pub fn add(&mut self, batch: Batch, replace: bool) -> (Analysis, TextPack) {
        if replace {
            self.docs.clear();
        }
        self.docs.extend(batch.docs);
        // The engine's document order: by name, then by content.
        self.docs.sort_stable_by(|a, b| {
            a.file
                .name
                .cmp(&b.file.name)
                .then_with(|| a.file.bytes.cmp(&b.file.bytes))
        });
        let (keep, mut prepared): (Vec<(FileIn, Vec<Mention>)>, Vec<Prepared>) =
            std::mem::take(&mut self.docs)
                .into_iter()
                .map(|d| ((d.file, d.found), d.prepared))
                .unzip();
        for (i, ((_, found), p)) in keep.iter().zip(prepared.iter_mut()).enumerate() {
            p.doc.id = DocId(i as u32);
            p.mentions.clone_from(found);
        }
        let analysis = analyze_prepared(&mut prepared, Stages::All);
        let texts = TextPack::new(prepared.iter().map(|p| p.doc.text.as_str()));
        self.docs = keep
            .into_iter()
            .zip(prepared)
            .map(|((file, found), prepared)| Doc {
                file,
                prepared,
                found,
            })
            .collect();
        (analysis, texts)
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }
}

struct Job<H> {
    id: JobId,
    from: H,
    /// The files received so far, of `total`.
    files: Vec<FileIn>,
    total: usize,
    replace: bool,
    next: usize,
    batch: Batch,
    /// Milliseconds spent in the per-document stages so far.
    prepare_ms: f64,
}

/// The corpus and the queue of jobs, as plain data: what the worker does with each request and
/// each step, tested natively. `H` says whom to answer (the worker's `HandlerId`).
pub struct Jobs<H> {
    corpus: Corpus,
    queue: VecDeque<Job<H>>,
}

impl<H> Default for Jobs<H> {
    fn default() -> Self {
        Jobs {
            corpus: Corpus::default(),
            queue: VecDeque::new(),
        }
    }
}

impl<H: Copy> Jobs<H> {
    /// Take a request from `from`; returns the answers to send now.
    pub fn request(&mut self, msg: Request, from: H) -> Vec<(H, Response)> {
        match msg {
            Request::Analyze {
                job,
                files,
                replace,
                total,
            } => {
                self.queue.push_back(Job {
                    id: job,
                    from,
                    total: total.max(files.len()),
                    files,
                    replace,
                    next: 0,
                    batch: Batch::default(),
                    prepare_ms: 0.0,
                });
            }
            Request::More { job, files } => {
                // Files of a cancelled job are dropped with it.
                if let Some(j) = self.queue.iter_mut().find(|j| j.id == job) {
                    j.files.extend(files);
                    j.total = j.total.max(j.files.len());
                }
            }
            Request::Cancel { job } => {
                let before = self.queue.len();
                self.queue.retain(|j| j.id != job);
                if self.queue.len() < before {
                    return vec![(from, Response::Cancelled { job })];
                }
            }
        }
        Vec::new()
    }

    /// A step has work: the first job has files to prepare, or has all its files prepared.
    /// (Not when it has prepared every file received so far and waits for more.)
    pub fn ready(&self) -> bool {
        self.queue
            .front()
            .is_some_and(|j| j.next < j.files.len() || j.next >= j.total)
    }

    /// Work on the first job: prepare the next chunk of its files (about [`CHUNK_BYTES`]) and
    /// report progress; once all its files are prepared, run the cross-document stages and
    /// answer `Done`. `clock` gives milliseconds, for the timing the benchmark reads.
    pub fn step(&mut self, clock: &dyn Fn() -> f64) -> Vec<(H, Response)> {
        let mut out = Vec::new();
        let Some(job) = self.queue.front_mut() else {
            return out;
        };
        let start = job.next;
        let mut end = start;
        let mut bytes = 0;
        while end < job.files.len() && (end == start || bytes < CHUNK_BYTES) {
            bytes += job.files[end].bytes.len();
            end += 1;
        }
        if end > start {
            let t = clock();
            let preview = job.batch.prepare(&job.files[start..end]);
            job.prepare_ms += clock() - t;
            job.next = end;
            out.push((
                job.from,
                Response::Progress {
                    job: job.id,
                    done: end,
                    total: job.total,
                    current: job.files[end - 1].name.clone(),
                    preview,
                },
            ));
        }
        if job.next < job.total {
            return out;
        }
        if let Some(job) = self.queue.pop_front() {
            let t = clock();
            let (analysis, texts) = self.corpus.add(job.batch, job.replace);
            let now = clock();
            out.push((
                job.from,
                Response::Done {
                    job: job.id,
                    analysis: split(analysis),
                    texts,
                    timing: Timing {
                        prepare_ms: job.prepare_ms,
                        analyze_ms: now - t,
                        sent_at: now,
                    },
                },
            ));
        }
        out
    }
}

pub struct AnalysisWorker {
    jobs: Jobs<HandlerId>,
    step_scheduled: bool,
}

/// The worker's message to itself: work on the next chunk.
pub struct Step;

impl AnalysisWorker {
    /// Answer, and schedule a step if there is work: a zero-delay timer, so that messages that
    /// arrived meanwhile (a cancel, more files) are taken first.
    fn go_on(&mut self, scope: &WorkerScope<Self>, answers: Vec<(HandlerId, Response)>) {
        for (to, r) in answers {
            scope.respond(to, r);
        }
        if !self.step_scheduled && self.jobs.ready() {
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
            jobs: Jobs::default(),
            step_scheduled: false,
        }
    }

    fn update(&mut self, scope: &WorkerScope<Self>, _msg: Step) {
        self.step_scheduled = false;
        let answers = self.jobs.step(&js_sys::Date::now);
        self.go_on(scope, answers);
    }

    fn received(&mut self, scope: &WorkerScope<Self>, msg: Request, from: HandlerId) {
        let answers = self.jobs.request(msg, from);
        self.go_on(scope, answers);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_core::{analyze, ingest, Input};

    fn f(name: &str, text: &str) -> FileIn {
        FileIn::new(name, text.as_bytes())
    }

    fn inputs(files: &[FileIn]) -> Vec<Input> {
        files
            .iter()
            .map(|f| Input::new(f.name.clone(), f.bytes.clone()))
            .collect()
    }

    fn batch(files: &[FileIn]) -> Batch {
        let mut b = Batch::default();
        // In two chunks, as the worker does with a large job.
        let mid = files.len() / 2;
        b.prepare(&files[..mid]);
        b.prepare(&files[mid..]);
        b
    }

    #[test]
    fn adding_files_gives_the_analysis_of_the_whole_corpus_and_its_texts() {
        let first = vec![
            f("b.txt", "Sergei Lavrov met Kim Jong Un in Pyongyang on Friday."),
            f("a.html", "<html><head><title>Talks</title></head><body><p>Lavrov said Russia and North Korea agreed.</p></body></html>"),
        ];
        let second = vec![
            f(
                "c.md",
                "# Seoul\n\nKim said the talks with Lavrov went well.",
            ),
            // Same name as a document already loaded: ordered by content, as `analyze` does.
            f("b.txt", "Choe Son Hui greeted Lavrov."),
        ];
        let mut c = Corpus::default();
        let (a1, t1) = c.add(batch(&first), true);
        assert_eq!(a1, analyze(&inputs(&first)));
        assert_eq!(t1.into_parts().1.len(), 2);
        let (a2, t2) = c.add(batch(&second), false);
        let t2 = crate::explore::Texts::new(t2);
        let all: Vec<FileIn> = first.iter().chain(&second).cloned().collect();
        assert_eq!(a2, analyze(&inputs(&all)));
        assert_eq!(c.len(), 4);
        // Each text is the engine's text of that document: every span points into it.
        for d in &a2.documents {
            let text = t2.get(d.id).unwrap();
            let file = all
                .iter()
                .find(|x| x.name == d.name && ingest(d.id, &x.name, &x.bytes).text == text);
            assert!(file.is_some(), "text of {}", d.name);
        }
        for e in &a2.entities {
            for m in &e.mentions {
                assert!(t2.get(m.doc).unwrap().get(m.start..m.end).is_some());
            }
        }
        // Replacing drops everything before.
        let (a3, t3) = c.add(batch(&second[..1]), true);
        assert_eq!(a3, analyze(&inputs(&second[..1])));
        assert_eq!(t3.into_parts().1.len(), 1);
        assert!(!c.is_empty());
    }

    #[test]
    fn previews_summarise_each_prepared_file() {
        let mut b = Batch::default();
        let p = b.prepare(&[f("x.txt", "Alpha beta gamma"), f("y.pdf", "%PDF-1.4")]);
        assert_eq!(p.len(), 2);
        assert_eq!((p[0].name.as_str(), p[0].words), ("x.txt", 3));
        assert_eq!(p[1].format, dossier_core::Format::Unsupported);
    }

    fn names(r: &Response) -> (&'static str, usize) {
        match r {
            Response::Progress { done, .. } => ("progress", *done),
            Response::Done { .. } => ("done", 0),
            Response::Cancelled { .. } => ("cancelled", 0),
        }
    }

    /// Step until no work is ready; every answer, in order.
    fn run(jobs: &mut Jobs<u8>) -> Vec<(u8, Response)> {
        let mut out = Vec::new();
        while jobs.ready() {
            out.extend(jobs.step(&|| 0.0));
        }
        out
    }

    #[test]
    fn a_job_sent_in_several_messages_waits_for_all_its_files() {
        let files = vec![
            f("a.txt", "Sergei Lavrov met Kim Jong Un in Pyongyang."),
            f("b.txt", "Choe Son Hui greeted Lavrov in Moscow."),
            f("c.txt", "Russia and North Korea signed a treaty."),
        ];
        let mut jobs = Jobs::default();
        let first = Request::Analyze {
            job: JobId(1),
            files: files[..1].to_vec(),
            replace: true,
            total: 3,
        };
        assert!(jobs.request(first, 7).is_empty());
        let out = run(&mut jobs);
        // The first file is prepared; the job waits, it does not finish with one file.
        assert_eq!(out.len(), 1);
        assert_eq!(names(&out[0].1), ("progress", 1));
        assert!(!jobs.ready());
        jobs.request(
            Request::More {
                job: JobId(1),
                files: files[1..].to_vec(),
            },
            7,
        );
        let out = run(&mut jobs);
        let Some((
            7,
            Response::Done {
                analysis, texts, ..
            },
        )) = out.last()
        else {
            panic!(
                "no Done: {:?}",
                out.iter().map(|o| names(&o.1)).collect::<Vec<_>>()
            );
        };
        assert_eq!(
            crate::protocol::join(analysis).unwrap(),
            analyze(&inputs(&files))
        );
        assert_eq!(texts.clone().into_parts().1.len(), 3);
        if let Some((_, Response::Progress { total, .. })) = out.first() {
            assert_eq!(*total, 3);
        }
    }

    #[test]
    fn cancelling_a_waiting_job_lets_the_next_one_run_and_drops_its_late_files() {
        let mut jobs = Jobs::default();
        let analyze_req = |job, total, files: Vec<FileIn>| Request::Analyze {
            job: JobId(job),
            files,
            replace: false,
            total,
        };
        jobs.request(analyze_req(1, 2, vec![f("a.txt", "Lavrov.")]), 1);
        jobs.request(analyze_req(2, 1, vec![f("b.txt", "Kim Jong Un.")]), 1);
        run(&mut jobs);
        assert!(
            !jobs.ready(),
            "job 1 waits for its second file, job 2 behind it"
        );
        let out = jobs.request(Request::Cancel { job: JobId(1) }, 1);
        assert!(matches!(
            out[..],
            [(1, Response::Cancelled { job: JobId(1) })]
        ));
        assert!(jobs.ready());
        let late = Request::More {
            job: JobId(1),
            files: vec![f("c.txt", "Choe Son Hui.")],
        };
        assert!(jobs.request(late, 1).is_empty());
        let out = run(&mut jobs);
        let Some((_, Response::Done { job, analysis, .. })) = out.last() else {
            panic!("job 2 finishes");
        };
        assert_eq!(*job, JobId(2));
        let a = crate::protocol::join(analysis).unwrap();
        let docs: Vec<&str> = a.documents.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(docs, ["b.txt"]);
        assert!(!jobs.ready());
    }
}
