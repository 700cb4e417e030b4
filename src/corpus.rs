//! The page's copy of the corpus. The worker owns the corpus it analyses; the page keeps the same
//! files so that it can quote them (mention snippets, the reader) and persist them (IndexedDB), and
//! mirrors the worker exactly: a job's files join (or, with `replace`, become) the corpus only when
//! the worker reports the job done, and a cancelled job leaves it unchanged.
//!
//! Document ids are the files' positions after sorting by (name, content), as
//! [`dossier_core::analyze`] numbers them, so `files()[id]` is document `id`'s file. The documents'
//! texts come from the worker with each analysis: the page never runs the engine.

use crate::protocol::{FileIn, JobId};
use dossier_core::sort::SortStable;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Corpus {
    files: Vec<FileIn>,
    /// The corpus is the bundled sample (only a sample load makes it one).
    sample: bool,
    /// Jobs sent to the worker: their files, `replace`, `sample`.
    pending: BTreeMap<JobId, (Vec<FileIn>, bool, bool)>,
}

impl Corpus {
    /// A corpus restored from storage.
    pub fn from_files(mut files: Vec<FileIn>, sample: bool) -> Corpus {
        sort(&mut files);
        Corpus {
            files,
            sample,
            pending: BTreeMap::new(),
        }
    }

    /// A job was sent to the worker.
    pub fn started(&mut self, job: JobId, files: Vec<FileIn>, replace: bool, sample: bool) {
        self.pending.insert(job, (files, replace, sample));
    }

    pub fn is_sample(&self) -> bool {
        self.sample
    }

    /// The worker finished `job`: its files join the corpus. Returns whether anything changed.
    pub fn done(&mut self, job: JobId) -> bool {
        let Some((files, replace, sample)) = self.pending.remove(&job) else {
            return false;
        };
        self.sample = sample;
        if replace {
            self.files.clear();
        }
        self.files.extend(files);
        sort(&mut self.files);
        true
    }

    /// The worker cancelled `job`.
    pub fn cancelled(&mut self, job: JobId) {
        self.pending.remove(&job);
    }

    /// The files, in document-id order.
    pub fn files(&self) -> &[FileIn] {
        &self.files
    }
}

fn sort(files: &mut [FileIn]) {
    files.sort_stable_by(|a, b| a.name.cmp(&b.name).then_with(|| a.bytes.cmp(&b.bytes)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_core::{analyze, Input};

    fn f(name: &str, text: &str) -> FileIn {
        FileIn::new(name, text.as_bytes())
    }

    #[test]
    fn the_corpus_mirrors_the_workers_and_numbers_documents_like_analyze() {
        let mut c = Corpus::default();
        c.started(
            JobId(0),
            vec![f("b.txt", "Beta"), f("a.txt", "Alpha")],
            true,
            true,
        );
        assert!(c.files().is_empty(), "nothing joins before the job is done");
        assert!(c.done(JobId(0)));
        assert!(c.is_sample());
        c.started(JobId(1), vec![f("c.txt", "Gamma")], false, false);
        c.cancelled(JobId(1));
        assert!(!c.done(JobId(1)));
        c.started(JobId(2), vec![f("a.txt", "Aardvark")], false, false);
        c.done(JobId(2));
        assert!(!c.is_sample());
        let inputs: Vec<Input> = c
            .files()
            .iter()
            .rev()
            .map(|f| Input::new(f.name.clone(), f.bytes.clone()))
            .collect();
        let a = analyze(&inputs);
        for d in &a.documents {
            assert_eq!(c.files()[d.id.0 as usize].name, d.name);
        }
        assert_eq!(c.files()[0].bytes, b"Aardvark");
        c.started(JobId(3), vec![f("z.txt", "Z")], true, false);
        c.done(JobId(3));
        assert_eq!(c.files().len(), 1);
    }
}
