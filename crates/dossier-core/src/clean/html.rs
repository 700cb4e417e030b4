//! Cleaning with DOM evidence: pick the element that holds the article, then mark furniture
//! inside it.
//!
//! 1. Each block is *prose* (enough words, few of them links, sentence-like) or not.
//! 2. Elements whose tag/class/id say furniture (`nav`, "related", "comments", "share", …) are
//!    hints — except when an element holds most of the page's prose: then the words lie (a
//!    WordPress `<body class="… has-sidebar">`, a `<div id="content-with-comments">`).
//! 3. The article container is the element maximising `prose − α·other text` below it, with
//!    hinted blocks counting as other text: the smallest element that still holds nearly all the
//!    prose wins over `<body>`, because everything else `<body>` adds is menus, teasers and footers.
//! 4. Inside the container, a block is boilerplate when an element between it and the container
//!    is a hint, when it is the `<h1>`, mostly links, a known furniture phrase, a byline/date line,
//!    or a short non-sentence before the first / after the last prose block. Outside, everything is
//!    boilerplate, with the nearest hint as reason when there is one.

use super::lexicon::{self, element_is_content, element_reason, line_reason};
use super::Verdict;
use crate::gazetteer::FastMap;
use crate::html::Layout;
use crate::ingest::meta_text;

/// Weight of non-prose text against prose when choosing the container.
const ALPHA: f64 = 0.35;

struct BlockInfo<'a> {
    text: &'a str,
    /// Words, counted up to 41.
    words: usize,
    link_ratio: f64,
    prose: bool,
    chars: usize,
}

fn sentence_end(t: &str) -> bool {
    t.trim_end()
        .trim_end_matches(['"', '\'', '”', '’', ')', ']', '»'])
        .ends_with(['.', '!', '?', '…', ':', ';'])
}

/// Copies are compared without trailing punctuation (a standfirst often drops the full stop).
fn dup_key(t: &str) -> &str {
    t.trim_end_matches(|c: char| !c.is_alphanumeric())
}

pub fn classify(text: &str, layout: &Layout) -> Vec<Verdict> {
    let n = layout.elements.len();
    let blocks: Vec<BlockInfo> = layout
        .blocks
        .iter()
        .map(|b| {
            let t = b.span.of(text);
            // Up to 41: no rule asks about more than 40 (see `lexicon::line_reason_counted`).
            let words = lexicon::words_up_to(t, 41);
            let link_ratio = b.link_bytes as f64 / t.len().max(1) as f64;
            let chars = t.chars().count();
            let prose = link_ratio < 0.35
                && ((words >= 10 && sentence_end(t)) || words >= 25)
                && lexicon::line_reason_counted(t, words).is_none();
            BlockInfo {
                text: t,
                words,
                link_ratio,
                prose,
                chars,
            }
        })
        .collect();

    // Prose below each element, ignoring hints.
    let mut prose_all = vec![0f64; n];
    for (b, info) in layout.blocks.iter().zip(&blocks) {
        if info.prose {
            for (i, _) in layout.ancestry(b.element) {
                prose_all[i as usize] += info.chars as f64;
            }
        }
    }
    let total_prose = prose_all.first().copied().unwrap_or(0.0);
    let content: Vec<bool> = layout
        .elements
        .iter()
        .map(|e| element_is_content(&e.tag, &e.attrs))
        .collect();
    // Elements around the headline or an article body marked by class (an `<article>` tag is not
    // enough: sidebars list teasers as `<article>`s). Children come after parents.
    let marked: Vec<bool> = layout
        .elements
        .iter()
        .map(|e| element_is_content("", &e.attrs))
        .collect();
    let mut holds_article = vec![false; n];
    for b in &layout.blocks {
        if layout
            .elements
            .get(b.element as usize)
            .is_some_and(|e| e.tag == "h1")
        {
            holds_article[b.element as usize] = true;
        }
    }
    for i in (0..n).rev() {
        if marked[i] || holds_article[i] {
            holds_article[i] = true;
            if let Some(p) = layout.elements[i].parent.filter(|&p| (p as usize) < i) {
                holds_article[p as usize] = true;
            }
        }
    }
    // ... and elements inside a marked article body.
    let mut in_content = marked.clone();
    for i in 0..n {
        if let Some(p) = layout.elements[i].parent.filter(|&p| (p as usize) < i) {
            if in_content[p as usize] {
                in_content[i] = true;
                holds_article[i] = true;
            }
        }
    }
    let hint: Vec<Option<&'static str>> = layout
        .elements
        .iter()
        .enumerate()
        .map(|(i, e)| {
            // A furniture word on an element holding most of the page's prose is a wrapper's
            // class ("content-with-sidebar"), unless all it holds is more furniture: then it must
            // also hold the headline or the marked article body, or nearly all the prose.
            let share = if total_prose > 0.0 {
                prose_all[i] / total_prose
            } else {
                0.0
            };
            if matches!(
                e.tag.as_str(),
                "html" | "body" | "#root" | "main" | "article"
            ) || share >= 0.85
                || (share >= 0.5 && holds_article[i])
            {
                None
            } else {
                element_reason(&e.tag, &e.attrs)
            }
        })
        .collect();
    // Nearest hinted element at or above each element (parents precede children).
    let mut under: Vec<Option<u32>> = vec![None; n];
    for i in 0..n {
        under[i] = if hint[i].is_some() {
            Some(i as u32)
        } else {
            layout.elements[i]
                .parent
                .filter(|&p| (p as usize) < i)
                .and_then(|p| under[p as usize])
        };
    }

    // Container choice.
    let mut good = vec![0f64; n];
    let mut other = vec![0f64; n];
    for (b, info) in layout.blocks.iter().zip(&blocks) {
        let clean = info.prose && under[b.element as usize].is_none();
        for (i, _) in layout.ancestry(b.element) {
            if clean {
                good[i as usize] += info.chars as f64;
            } else {
                other[i as usize] += info.chars as f64;
            }
        }
    }
    let mut container = 0usize;
    let mut best = f64::MIN;
    for i in 0..n {
        let bonus = if content[i] { 1.05 } else { 1.0 };
        let score = good[i] * bonus - ALPHA * other[i];
        if good[i] > 0.0 && score >= best {
            best = score;
            container = i;
        }
    }

    // Is `a` an ancestor-or-self of element `e`?
    let inside = |e: u32| layout.ancestry(e).any(|(i, _)| i as usize == container);
    let in_container: Vec<bool> = layout.blocks.iter().map(|b| inside(b.element)).collect();
    let first_prose = (0..blocks.len()).find(|&i| in_container[i] && blocks[i].prose);
    let last_prose = (0..blocks.len())
        .rev()
        .find(|&i| in_container[i] && blocks[i].prose);
    // The last in-container copy of each prose text: earlier copies (a standfirst repeated by the
    // first paragraph, a teaser of this very story) are duplicates.
    let mut last_copy: FastMap<&str, usize> = FastMap::default();
    for (k, info) in blocks.iter().enumerate() {
        if in_container[k] && info.prose {
            last_copy.insert(dup_key(info.text), k);
        }
    }
    let duplicate = |k: usize, info: &BlockInfo| {
        info.prose
            && last_copy
                .get(dup_key(info.text))
                .is_some_and(|&j| j != k && (j > k || !in_container[k]))
    };

    layout
        .blocks
        .iter()
        .zip(&blocks)
        .enumerate()
        .map(|(k, (b, info))| {
            if duplicate(k, info) {
                return (b.span, Some(lexicon::DUPLICATE));
            }
            if !in_container[k] {
                let reason = under[b.element as usize]
                    .and_then(|h| hint[h as usize])
                    .unwrap_or(lexicon::OUTSIDE);
                return (b.span, Some(reason));
            }
            // A hint strictly between the block and the container.
            let inner_hint = layout
                .ancestry(b.element)
                .take_while(|(i, _)| *i as usize != container)
                .find_map(|(i, _)| hint[i as usize]);
            let tag = layout
                .elements
                .get(b.element as usize)
                .map_or("", |e| e.tag.as_str());
            let reason = inner_hint
                .or_else(|| (tag == "h1").then_some(lexicon::HEADLINE))
                .or_else(|| (info.link_ratio >= 0.6).then_some(lexicon::LINKS))
                .or_else(|| line_reason(info.text))
                .or_else(|| lexicon::is_byline(info.text, info.words).then_some(lexicon::BYLINE))
                .or_else(|| {
                    (info.words <= 8
                        && !info.text.contains("(@")
                        && meta_text::first_date(info.text).is_some())
                    .then_some(lexicon::BYLINE)
                })
                .or_else(|| {
                    let edge =
                        first_prose.is_none_or(|f| k < f) || last_prose.is_none_or(|l| k > l);
                    (edge && !info.prose && info.words < 8 && !sentence_end(info.text)).then_some(
                        if first_prose.is_none_or(|f| k < f) {
                            lexicon::HEADER
                        } else {
                            lexicon::FOOTER
                        },
                    )
                });
            (b.span, reason)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::clean::{clean, main_text};
    use crate::ingest;
    use crate::span::DocId;

    fn body(html: &str) -> String {
        let doc = ingest(DocId(0), "t.html", html.as_bytes());
        main_text(&doc.text, &clean(&doc))
    }

    const P1: &str =
        "Ministers from both countries met in the capital on Friday to discuss trade and security.";
    const P2: &str = "The talks, the first in five years, ended without a joint statement, officials said later.";

    #[test]
    fn article_container_wins_over_menus_teasers_and_comments() {
        let html = format!(
            "<body><nav><ul><li><a href=/>Home</a><li><a href=/w>World</a></ul></nav>\
             <div class=main><article><h1>Talks end</h1><p class=byline>By Ann Lee</p>\
             <p>{P1}</p><div class=share-bar><a href=#>Share</a></div><p>{P2}</p>\
             <ul class=tags><li><a href=/t>Korea</a></ul></article>\
             <section class=comments><p>I think this is a very bad idea and nobody should agree to it.</p></section></div>\
             <aside><h3>Related</h3><p><a href=/x>Another story about trade talks somewhere far away</a></p></aside>\
             <footer>© 2025 The Daily. All rights reserved.</footer></body>"
        );
        assert_eq!(body(&html), format!("{P1}\n\n{P2}"));
    }

    #[test]
    fn a_standfirst_repeated_by_the_body_is_a_duplicate() {
        let html = format!(
            "<body><div class=lede><p>{P2}</p></div><div class=story><p>{P1}</p><p>{P2}</p></div></body>"
        );
        let doc = ingest(DocId(0), "t.html", html.as_bytes());
        let regions = clean(&doc);
        assert_eq!(regions[0].reason.as_deref(), Some("duplicate standfirst"));
        assert_eq!(main_text(&doc.text, &regions), format!("{P1}\n\n{P2}"));
    }

    #[test]
    fn page_without_markup_hints_keeps_the_prose() {
        let html = format!("<div><div><a href=/>Home</a> <a href=/b>Blog</a></div><div><p>{P1}</p><p>{P2}</p></div></div>");
        assert_eq!(body(&html), format!("{P1}\n\n{P2}"));
    }
}
