//! [`Explorer`]: the one value the app keeps for the views — the engine's analysis, the analyst's
//! correction log, the corrected analysis and its search index — kept consistent by construction:
//! every change to the log replays it and rebuilds the index.

use crate::corrections::{apply_shared, Corrected, Correction, CorrectionLog};
use crate::filter::{Filters, Index, Results};
use crate::text::TextSource;
use dossier_core::Analysis;
use std::rc::Rc;

pub struct Explorer {
    /// Shared with the app's state: building an explorer for a new analysis copies nothing.
    original: Rc<Analysis>,
    log: CorrectionLog,
    corrected: Corrected,
    index: Index,
}

impl Explorer {
    pub fn new(original: Rc<Analysis>, log: CorrectionLog, texts: &dyn TextSource) -> Explorer {
        let corrected = apply_shared(&original, &log.entries, texts);
        let index = Index::new(&corrected.analysis);
        Explorer {
            original,
            log,
            corrected,
            index,
        }
    }

    /// The analysis as the views show it (corrections applied).
    pub fn analysis(&self) -> &Analysis {
        &self.corrected.analysis
    }

    pub fn original(&self) -> &Analysis {
        &self.original
    }

    pub fn corrected(&self) -> &Corrected {
        &self.corrected
    }

    pub fn log(&self) -> &CorrectionLog {
        &self.log
    }

    pub fn index(&self) -> &Index {
        &self.index
    }

    pub fn query(&self, f: &Filters) -> Results {
        self.index.query(&self.corrected.analysis, f)
    }

    /// Record a correction and replay.
    pub fn correct(&mut self, c: Correction, texts: &dyn TextSource) {
        self.log.entries.push(c);
        self.replay(texts);
    }

    /// Drop log entry `i` (undo) and replay; out-of-range indices change nothing.
    pub fn undo(&mut self, i: usize, texts: &dyn TextSource) {
        if i < self.log.entries.len() {
            self.log.entries.remove(i);
            self.replay(texts);
        }
    }

    /// A new engine analysis (documents added or removed): the log is replayed over it.
    pub fn reanalysed(&mut self, original: Rc<Analysis>, texts: &dyn TextSource) {
        self.original = original;
        self.replay(texts);
    }

    fn replay(&mut self, texts: &dyn TextSource) {
        if self.log.version == 0 {
            self.log.version = 1;
        }
        self.corrected = apply_shared(&self.original, &self.log.entries, texts);
        self.index = Index::new(&self.corrected.analysis);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corrections::EntityRef;
    use crate::fixture::{analysis, texts};
    use dossier_core::EntityKind;

    #[test]
    fn corrections_show_in_queries_and_undo_restores_the_original() {
        let t = texts();
        let mut x = Explorer::new(Rc::new(analysis()), CorrectionLog::default(), &t);
        let all = x.query(&Filters::default()).entities.len();
        x.correct(
            Correction::Hide {
                entity: EntityRef {
                    name: "Wells Fargo".into(),
                    kind: EntityKind::Organization,
                },
            },
            &t,
        );
        assert_eq!(x.query(&Filters::default()).entities.len(), all - 1);
        assert_eq!(x.log().version, 1);
        x.undo(0, &t);
        assert_eq!(x.analysis(), x.original());
        x.undo(5, &t);
        assert_eq!(x.query(&Filters::default()).entities.len(), all);
    }
}
