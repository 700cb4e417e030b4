//! HTML → document text with block structure, plus the raw metadata a page carries.
//!
//! Why not a full HTML5 parser? Measured in a wasm32 release build (opt-level z, LTO, gzip -9):
//! `scraper` (html5ever) adds about 160 KB, the `html5gum` tokenizer about 60 KB, and the engine's
//! whole budget with gazetteers and model is 350 KB. A reader needs much less than a DOM: the
//! visible text, cut into blocks (paragraphs, headings, list items, cells), and for each block the
//! chain of enclosing block elements with their `class`/`id`/`role`, so `clean` can tell an article
//! body from a "related stories" rail. So we tokenize with a small tokenizer of our own
//! (`tokenize`) and build that chain with the few tree-construction rules that matter for text:
//! void elements, implied ends of `<p>`, `<li>`, cells and rows, end tags closing the nearest open
//! match, and a depth cap so hostile nesting cannot blow the stack or the element table.
//!
//! Output text: blocks separated by a blank line, `<br>` as a newline inside a block, whitespace
//! collapsed (kept inside `<pre>`). Content of `script`, `style`, `noscript`, `template`, `svg`,
//! `math`, `iframe`, `object`, `canvas`, `select`, `textarea` and of hidden elements (`hidden`,
//! `aria-hidden="true"`, inline `display:none`) is not text.

use crate::text::case::Lower;

pub mod tokenize;

use crate::span::Span;
use serde::{Deserialize, Serialize};
use tokenize::{tokenize, Token};

/// Open elements deeper than this are flattened into their ancestor: real pages stay far below it.
pub const MAX_DEPTH: usize = 256;
/// At most this many bytes of an element's `class id role itemprop` are kept as evidence.
const MAX_ATTR_BYTES: usize = 240;

/// A block-level element that holds (directly or not) at least the position of some text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Element {
    /// Index of the nearest enclosing block element, `None` for a top-level one.
    pub parent: Option<u32>,
    /// Lower-case tag name.
    pub tag: String,
    /// Lower-cased `class`, `id`, `role`, `itemprop` and `aria-label` values, space-joined and
    /// truncated: the evidence `clean` reads ("nav", "related-stories", "comments", …).
    pub attrs: String,
}

/// One run of text between block boundaries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    pub span: Span,
    /// The innermost block element the text sits in (index into [`Layout::elements`]).
    pub element: u32,
    /// How many of the block's bytes are inside `<a href>` links.
    pub link_bytes: u32,
}

/// The block structure of an HTML document's text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Layout {
    pub elements: Vec<Element>,
    pub blocks: Vec<Block>,
}

impl Layout {
    /// The element and its ancestors, innermost first.
    pub fn ancestry(&self, element: u32) -> impl Iterator<Item = (u32, &Element)> + '_ {
        let mut next = Some(element);
        std::iter::from_fn(move || {
            let i = next?;
            let e = self.elements.get(i as usize)?;
            // Parents always have smaller indexes, so this walk terminates even on bad input.
            next = e.parent.filter(|&p| p < i);
            Some((i, e))
        })
    }
}

/// Metadata as written in the page, uninterpreted (see `ingest::meta_html`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawMeta {
    pub title: Option<String>,
    /// `(property or name, content)` of `<meta>` tags, in page order, keys lower-cased.
    pub metas: Vec<(String, String)>,
    /// Bodies of `<script type="application/ld+json">`.
    pub json_ld: Vec<String>,
    /// `datetime` attributes of `<time>` elements, in page order.
    pub times: Vec<String>,
}

/// A parsed page: text, its layout and raw metadata.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    pub text: String,
    pub layout: Layout,
    pub meta: RawMeta,
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "command",
];
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas",
    "select", "textarea", "title", "button",
];
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "ul",
    "label",
];
/// Starting one of these closes an open `<p>` (HTML's "close a p element" rule, simplified).
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "ul",
];

fn is(list: &[&str], tag: &str) -> bool {
    list.contains(&tag)
}

struct Open {
    tag: String,
    /// Index of the element record when this is a block element.
    element: Option<u32>,
}

struct Builder {
    text: String,
    layout: Layout,
    meta: RawMeta,
    stack: Vec<Open>,
    /// Skipping the content of this tag, nested this deep.
    skip: Option<(String, u32)>,
    /// What the skipped content is captured for (title, JSON-LD).
    capture: Option<(Capture, String)>,
    cur: String,
    cur_links: usize,
    cur_element: Option<u32>,
    pending_space: bool,
    links: u32,
    pre: u32,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Capture {
    Title,
    JsonLd,
}

/// Parse an HTML document (already decoded to a string).
pub fn parse(html: &str) -> Parsed {
    let mut b = Builder {
        text: String::with_capacity(html.len() / 3),
        layout: Layout::default(),
        meta: RawMeta::default(),
        stack: Vec::new(),
        skip: None,
        capture: None,
        cur: String::new(),
        cur_links: 0,
        cur_element: None,
        pending_space: false,
        links: 0,
        pre: 0,
    };
    // A root element so every block has one, even for fragments without <html>/<body>.
    b.layout.elements.push(Element {
        parent: None,
        tag: "#root".into(),
        attrs: String::new(),
    });
    for token in tokenize(html) {
        match token {
            Token::Start {
                name,
                attrs,
                self_closing,
            } => {
                let attr = |k: &str| attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
                b.start(&name, self_closing, &attr);
            }
            Token::End { name } => b.end(&name),
            Token::Text(t) => b.chars(&t),
        }
    }
    b.flush();
    Parsed {
        text: b.text,
        layout: b.layout,
        meta: b.meta,
    }
}

fn hidden(attr: &dyn Fn(&str) -> Option<String>) -> bool {
    if attr("hidden").is_some() {
        return true;
    }
    if attr("aria-hidden").is_some_and(|v| v.trim().eq_ignore_ascii_case("true")) {
        return true;
    }
    attr("style").is_some_and(|s| {
        let s: String = s
            .to_ascii_lowercase()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

impl Builder {
    fn start(&mut self, name: &str, self_closing: bool, attr: &dyn Fn(&str) -> Option<String>) {
        if let Some((tag, depth)) = &mut self.skip {
            if tag == name && !self_closing && !is(VOID, name) {
                *depth += 1;
            }
            return;
        }
        match name {
            "meta" => {
                let key = attr("property")
                    .or_else(|| attr("name"))
                    .or_else(|| attr("itemprop"));
                if let (Some(k), Some(v)) = (key, attr("content")) {
                    self.meta.metas.push((k.to_ascii_lowercase(), v));
                }
                return;
            }
            "time" => {
                if let Some(dt) = attr("datetime") {
                    self.meta.times.push(dt);
                }
            }
            _ => {}
        }
        if is(VOID, name) {
            match name {
                "br" => self.line_break(),
                "hr" => self.flush(),
                _ => {}
            }
            return;
        }
        let is_json_ld = name == "script"
            && attr("type").is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
        if is(SKIP, name) || hidden(attr) {
            // The tokenizer reads raw-text elements to their end tag even when written `<x/>`.
            let raw = matches!(
                name,
                "script" | "style" | "title" | "textarea" | "iframe" | "noscript"
            );
            if !self_closing || raw {
                self.skip = Some((name.to_string(), 1));
                if name == "title" && self.meta.title.is_none() {
                    self.capture = Some((Capture::Title, String::new()));
                } else if is_json_ld {
                    self.capture = Some((Capture::JsonLd, String::new()));
                }
            }
            return;
        }
        self.implied_ends(name);
        let block = is(BLOCK, name);
        if block {
            self.flush();
        }
        if self.stack.len() >= MAX_DEPTH {
            return;
        }
        let element = if block {
            let parent = self.innermost_element();
            let mut attrs = String::new();
            for k in ["class", "id", "role", "itemprop", "aria-label"] {
                if let Some(v) = attr(k) {
                    if !attrs.is_empty() {
                        attrs.push(' ');
                    }
                    attrs.push_str(&v.lower());
                }
            }
            truncate(&mut attrs, MAX_ATTR_BYTES);
            let idx = self.layout.elements.len() as u32;
            self.layout.elements.push(Element {
                parent: Some(parent),
                tag: name.to_string(),
                attrs,
            });
            Some(idx)
        } else {
            None
        };
        if name == "a" && attr("href").is_some() {
            self.links += 1;
        }
        if name == "pre" {
            self.pre += 1;
        }
        self.stack.push(Open {
            tag: name.to_string(),
            element,
        });
    }

    /// The tree-construction rules that change where text goes: implied `</p>`, `</li>`, …
    fn implied_ends(&mut self, name: &str) {
        let close_to = |stack: &[Open], targets: &[&str], barriers: &[&str]| -> Option<usize> {
            for (i, o) in stack.iter().enumerate().rev() {
                if targets.contains(&o.tag.as_str()) {
                    return Some(i);
                }
                if barriers.contains(&o.tag.as_str()) {
                    return None;
                }
            }
            None
        };
        let at = if is(CLOSES_P, name) {
            close_to(
                &self.stack,
                &["p"],
                &[
                    "div", "td", "th", "li", "table", "body", "article", "section",
                ],
            )
        } else {
            match name {
                "li" => close_to(&self.stack, &["li"], &["ul", "ol", "menu", "table"]),
                "dt" | "dd" => close_to(&self.stack, &["dt", "dd"], &["dl", "table"]),
                "tr" => close_to(&self.stack, &["tr"], &["table"]),
                "td" | "th" => close_to(&self.stack, &["td", "th"], &["tr", "table"]),
                _ => None,
            }
        };
        if let Some(i) = at {
            self.pop_to(i);
        }
    }

    fn end(&mut self, name: &str) {
        if let Some((tag, depth)) = &mut self.skip {
            if tag == name {
                *depth -= 1;
                if *depth == 0 {
                    self.skip = None;
                    if let Some((kind, s)) = self.capture.take() {
                        match kind {
                            Capture::Title => {
                                let t = collapse(&s);
                                if !t.is_empty() {
                                    self.meta.title = Some(t);
                                }
                            }
                            Capture::JsonLd => self.meta.json_ld.push(s),
                        }
                    }
                }
            }
            return;
        }
        match name {
            "br" => return self.line_break(),
            // Content after </body> is still the page's; keep the root open.
            "body" | "html" | "head" => return,
            _ => {}
        }
        // Close the nearest open element of that name, but never across a table boundary
        // for table parts (a stray </td> must not close the page's layout table's ancestors).
        let barrier: &[&str] = match name {
            "td" | "th" | "tr" | "tbody" | "thead" | "tfoot" => &["table"],
            "li" => &["ul", "ol"],
            _ => &[],
        };
        let mut at = None;
        for (i, o) in self.stack.iter().enumerate().rev() {
            if o.tag == name {
                at = Some(i);
                break;
            }
            if barrier.contains(&o.tag.as_str()) {
                break;
            }
        }
        match at {
            Some(i) => self.pop_to(i),
            // A stray </p> makes an empty paragraph in browsers: a block boundary.
            None if name == "p" => self.flush(),
            None => {}
        }
    }

    fn pop_to(&mut self, i: usize) {
        while self.stack.len() > i {
            let Some(o) = self.stack.pop() else { break };
            if o.element.is_some() {
                self.flush();
            }
            match o.tag.as_str() {
                "a" => self.links = self.links.saturating_sub(1),
                "pre" => self.pre = self.pre.saturating_sub(1),
                _ => {}
            }
        }
    }

    fn innermost_element(&self) -> u32 {
        self.stack.iter().rev().find_map(|o| o.element).unwrap_or(0)
    }

    fn chars(&mut self, s: &str) {
        if self.skip.is_some() {
            if let Some((_, buf)) = &mut self.capture {
                if buf.len() < 1 << 20 {
                    buf.push_str(s);
                }
            }
            return;
        }
        for c in s.chars() {
            if self.pre > 0 && c == '\n' {
                self.line_break();
            } else if c.is_whitespace() {
                self.pending_space = !self.cur.is_empty();
            } else {
                if self.cur.is_empty() {
                    self.cur_element = Some(self.innermost_element());
                }
                let before = self.cur.len();
                if self.pending_space {
                    self.cur.push(' ');
                    self.pending_space = false;
                }
                self.cur.push(c);
                if self.links > 0 {
                    self.cur_links += self.cur.len() - before;
                }
            }
        }
    }

    fn line_break(&mut self) {
        if !self.cur.is_empty() && !self.cur.ends_with('\n') {
            self.cur.push('\n');
        }
        self.pending_space = false;
    }

    fn flush(&mut self) {
        self.pending_space = false;
        let body = self.cur.trim_end();
        if !body.is_empty() {
            if !self.text.is_empty() {
                self.text.push_str("\n\n");
            }
            let start = self.text.len();
            self.text.push_str(body);
            let span = Span::new(start, self.text.len());
            self.layout.blocks.push(Block {
                span,
                element: self.cur_element.unwrap_or(0),
                link_bytes: self.cur_links.min(span.len()) as u32,
            });
        }
        self.cur.clear();
        self.cur_links = 0;
        self.cur_element = None;
    }
}

fn truncate(s: &mut String, max: usize) {
    if s.len() > max {
        let mut cut = max;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
    }
}

/// Collapse runs of whitespace to one space and trim.
pub fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(html: &str) -> Vec<(String, String, u32)> {
        let p = parse(html);
        p.layout
            .blocks
            .iter()
            .map(|b| {
                let e = &p.layout.elements[b.element as usize];
                (b.span.of(&p.text).to_string(), e.tag.clone(), b.link_bytes)
            })
            .collect()
    }

    #[test]
    fn blocks_become_paragraphs_and_inline_text_flows() {
        let p = parse("<body><h1>Title</h1><p>One <b>bold</b>\n  word.<p>Two<br>lines</p></body>");
        assert_eq!(p.text, "Title\n\nOne bold word.\n\nTwo\nlines");
        let tags: Vec<_> = blocks("<div>a<p>b</p>c</div>")
            .into_iter()
            .map(|(t, tag, _)| format!("{t}:{tag}"))
            .collect();
        assert_eq!(tags, ["a:div", "b:p", "c:div"]);
    }

    #[test]
    fn scripts_styles_and_hidden_elements_are_not_text() {
        let p = parse(
            "<p>kept</p><script>if (a<b) { x('</p>') }</script><style>p{}</style>\
             <div hidden>h</div><div style='display: none'>n</div><div aria-hidden=true>a</div>\
             <svg><text>s</text></svg><p>end</p>",
        );
        assert_eq!(p.text, "kept\n\nend");
    }

    #[test]
    fn links_are_counted_and_attributes_kept_as_evidence() {
        let p = parse(
            "<ul class='Menu Nav' id=top><li><a href=/>Home</a><li>x <a href=/a>News</a></ul>",
        );
        let b = blocks(
            "<ul class='Menu Nav' id=top><li><a href=/>Home</a><li>x <a href=/a>News</a></ul>",
        );
        assert_eq!(
            b,
            [
                ("Home".into(), "li".into(), 4),
                ("x News".into(), "li".into(), 5)
            ]
        );
        let ul = p
            .layout
            .ancestry(p.layout.blocks[0].element)
            .nth(1)
            .unwrap()
            .1;
        assert_eq!((ul.tag.as_str(), ul.attrs.as_str()), ("ul", "menu nav top"));
    }

    #[test]
    fn metadata_is_collected_raw() {
        let p = parse(
            "<html><head><title> A  page </title><meta property='og:title' content='OG'>\
             <script type='application/ld+json'>{\"headline\":\"H\"}</script></head>\
             <body><time datetime='2023-10-18'>Oct 18</time></body></html>",
        );
        assert_eq!(p.meta.title.as_deref(), Some("A page"));
        assert_eq!(p.meta.metas, [("og:title".to_string(), "OG".to_string())]);
        assert_eq!(p.meta.json_ld, ["{\"headline\":\"H\"}"]);
        assert_eq!(p.meta.times, ["2023-10-18"]);
        assert_eq!(p.text, "Oct 18");
    }

    #[test]
    fn deep_nesting_is_capped() {
        let html = "<div>".repeat(10_000) + "deep" + &"</div>".repeat(10_000);
        let p = parse(&html);
        assert_eq!(p.text, "deep");
        assert!(p.layout.elements.len() <= MAX_DEPTH + 1);
    }
}
