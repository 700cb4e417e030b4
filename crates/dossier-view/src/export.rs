//! Exports of the corrected analysis, all plain strings the app downloads as files:
//!
//! - [`json`]: `{"format": "dossier", "version": 1, "analysis": …, "corrections": …}` — the full
//!   analysis as shown (corrections applied) plus the correction log, so the work can be audited or
//!   replayed over a fresh analysis.
//! - CSV ([`entities_csv`], [`mentions_csv`], [`relations_csv`], [`claims_csv`]; a claim's `figure`
//!   is as shown, `low`/`high` are its numbers, empty for a figure given as a name): RFC 4180 (CRLF
//!   line ends, fields quoted when they hold `,` `"` CR or LF, quotes doubled). Text fields that a
//!   spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR) get a leading
//!   `'` — document text is attacker-controlled and this file is meant to be opened in Excel.
//! - [`gexf`]: the relationship network as GEXF 1.3 (opens in Gephi and Gephi Lite): one node per
//!   entity with type/country/mentions attributes, one directed edge per relation with predicate
//!   label, modality, date and evidence count as weight.
//! - [`ftm_lines`]: FollowTheMoney entity JSON lines (the Aleph ecosystem's format): `Person`,
//!   `Organization`, `Address` for places, `PublicBody` for countries (FtM has no country schema; a
//!   country acts in the news as its state), and one `UnknownLink` per relation with the predicate as
//!   `role`. Country codes are lowercase, as FtM writes them.

use crate::corrections::CorrectionLog;
use crate::relations::name_of;
use crate::text::{surface, TextSource};
use dossier_core::sort::SortStable;
use dossier_core::{Analysis, ClaimNumber, DocId, EntityKind, Modality};
use serde_json::{json, Map, Value};
use std::fmt::Write;

/// The JSON export's top level.
#[derive(serde::Serialize)]
struct Export<'a> {
    format: &'static str,
    version: u32,
    analysis: &'a Analysis,
    corrections: &'a CorrectionLog,
}

/// The JSON export, indented for reading. It is written compactly and then indented (see
/// [`indent`]): the compact writer of an analysis is in the wasm already (the worker sends the
/// analysis as JSON), while a pretty or `Value` writer of it would be a second copy of that code.
pub fn json(a: &Analysis, log: &CorrectionLog) -> String {
    let export = Export {
        format: "dossier",
        version: 1,
        analysis: a,
        corrections: log,
    };
    indent(&serde_json::to_vec(&export).unwrap_or_default())
}

/// Compact JSON laid out as serde_json's pretty printer does: one member or element per line,
/// two spaces per level, `": "` after keys, `{}` and `[]` when empty. Bytes inside strings are
/// copied as they are.
fn indent(compact: &[u8]) -> String {
    let mut out = Vec::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let newline = |out: &mut Vec<u8>, depth: usize| {
        out.push(b'\n');
        out.resize(out.len() + 2 * depth, b' ');
    };
    let (mut in_string, mut escaped) = (false, false);
    let mut bytes = compact.iter().copied().peekable();
    while let Some(b) = bytes.next() {
        out.push(b);
        if in_string {
            (in_string, escaped) = (escaped || b != b'"', !escaped && b == b'\\');
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                if let Some(close) = bytes.next_if(|&c| c == b'}' || c == b']') {
                    out.push(close);
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            b'}' | b']' => {
                out.pop();
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(b);
            }
            b',' => newline(&mut out, depth),
            b':' => out.push(b' '),
            _ => {}
        }
    }
    String::from_utf8(out).unwrap_or_default()
}

/// An RFC 4180 CSV writer that keeps spreadsheets from running formulas.
struct Csv {
    out: String,
    first: bool,
}

impl Csv {
    fn new(header: &[&str]) -> Csv {
        let mut c = Csv {
            out: String::new(),
            first: true,
        };
        for h in header {
            c.raw(h);
        }
        c.end();
        c
    }

    fn sep(&mut self) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
    }

    /// A field written as is (numbers, ids, enums we produce ourselves).
    fn raw(&mut self, s: &str) {
        self.sep();
        self.quoted(s);
    }

    /// A text field from the documents or the analyst: formula-neutralised.
    fn text(&mut self, s: &str) {
        self.sep();
        if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            self.quoted(&format!("'{s}"));
        } else {
            self.quoted(s);
        }
    }

    fn quoted(&mut self, s: &str) {
        if s.contains([',', '"', '\r', '\n']) {
            self.out.push('"');
            self.out.push_str(&s.replace('"', "\"\""));
            self.out.push('"');
        } else {
            self.out.push_str(s);
        }
    }

    fn end(&mut self) {
        self.out.push_str("\r\n");
        self.first = true;
    }
}

fn kind_str(k: EntityKind) -> &'static str {
    match k {
        EntityKind::Person => "person",
        EntityKind::Organization => "organization",
        EntityKind::Place => "place",
        EntityKind::Country => "country",
    }
}

fn modality_str(m: Modality) -> &'static str {
    match m {
        Modality::Asserted => "asserted",
        Modality::Reported => "reported",
        Modality::Planned => "planned",
        Modality::Unconfirmed => "unconfirmed",
        Modality::Denied => "denied",
    }
}

fn doc_name(a: &Analysis, d: DocId) -> String {
    a.documents
        .iter()
        .find(|x| x.id == d)
        .map_or_else(|| format!("#{}", d.0), |x| x.name.clone())
}

/// `entities.csv`: one row per entity.
pub fn entities_csv(a: &Analysis) -> String {
    let mut c = Csv::new(&[
        "id",
        "name",
        "type",
        "aliases",
        "country",
        "roles",
        "mentions",
        "documents",
    ]);
    for e in &a.entities {
        c.raw(&e.id.0.to_string());
        c.text(&e.name);
        c.raw(kind_str(e.kind));
        c.text(&e.aliases.join("; "));
        c.text(e.country.as_deref().unwrap_or(""));
        let roles: Vec<&str> = e.roles.iter().map(|r| r.title.as_str()).collect();
        c.text(&roles.join("; "));
        c.raw(&e.mentions.len().to_string());
        let docs: Vec<String> = e.docs.iter().map(|d| doc_name(a, *d)).collect();
        c.text(&docs.join("; "));
        c.end();
    }
    c.out
}

/// `mentions.csv`: one row per mention, with its surface form when the text is available.
pub fn mentions_csv(a: &Analysis, texts: &dyn TextSource) -> String {
    let mut c = Csv::new(&["entity_id", "entity", "document", "start", "end", "text"]);
    for e in &a.entities {
        for m in &e.mentions {
            c.raw(&e.id.0.to_string());
            c.text(&e.name);
            c.text(&doc_name(a, m.doc));
            c.raw(&m.start.to_string());
            c.raw(&m.end.to_string());
            c.text(texts.text(m.doc).map_or("", |t| surface(t, m.start, m.end)));
            c.end();
        }
    }
    c.out
}

/// `relations.csv`: one row per piece of evidence of each relation.
pub fn relations_csv(a: &Analysis) -> String {
    let mut c = Csv::new(&[
        "subject_id",
        "subject",
        "predicate",
        "object_id",
        "object",
        "modality",
        "date",
        "derived",
        "document",
        "evidence",
    ]);
    for r in &a.relations {
        let ev: Vec<Option<&dossier_core::Evidence>> = if r.evidence.is_empty() {
            vec![None]
        } else {
            r.evidence.iter().map(Some).collect()
        };
        for ev in ev {
            c.raw(&r.subject.0.to_string());
            c.text(&name_of(a, r.subject));
            c.text(&r.predicate);
            c.raw(&r.object.0.to_string());
            c.text(&name_of(a, r.object));
            c.raw(modality_str(r.modality));
            c.text(r.date.as_deref().unwrap_or(""));
            c.raw(if r.derived { "true" } else { "false" });
            c.text(&ev.map_or(String::new(), |e| doc_name(a, e.doc)));
            c.text(ev.map_or("", |e| e.text.as_str()));
            c.end();
        }
    }
    c.out
}

/// `claims.csv`: one row per figure.
pub fn claims_csv(a: &Analysis) -> String {
    let mut c = Csv::new(&[
        "topic",
        "unit",
        "actor",
        "figure",
        "low",
        "high",
        "qualifier",
        "document",
        "text",
        "evidence",
        "conflict",
    ]);
    for cl in &a.claims {
        for v in &cl.values {
            let (lo, hi) = match &v.value {
                ClaimNumber::One(x) => (x.to_string(), x.to_string()),
                ClaimNumber::Range([x, y]) => (x.to_string(), y.to_string()),
                ClaimNumber::Text(_) => (String::new(), String::new()),
            };
            c.text(&cl.topic);
            c.text(&cl.unit);
            c.text(&cl.actor.map_or(String::new(), |id| name_of(a, id)));
            c.text(&crate::claims::format_number(&v.value));
            c.raw(&lo);
            c.raw(&hi);
            c.text(v.qualifier.as_deref().unwrap_or(""));
            c.text(&doc_name(a, v.doc));
            c.text(&v.text);
            c.text(&v.evidence.text);
            c.raw(if cl.conflict { "true" } else { "false" });
            c.end();
        }
    }
    c.out
}

/// Escape for XML text and attributes; drops characters XML 1.0 cannot hold at all.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => {
                let _ = write!(out, "&#{};", ch as u32);
            }
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The GEXF 1.3 network.
pub fn gexf(a: &Analysis) -> String {
    let mut o = String::new();
    o.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    o.push_str("<gexf xmlns=\"http://gexf.net/1.3\" version=\"1.3\">\n");
    o.push_str("  <meta><creator>Dossier</creator><description>Relationship network extracted from news documents</description></meta>\n");
    o.push_str("  <graph defaultedgetype=\"directed\" mode=\"static\">\n");
    o.push_str("    <attributes class=\"node\">\n      <attribute id=\"type\" title=\"type\" type=\"string\"/>\n      <attribute id=\"country\" title=\"country\" type=\"string\"/>\n      <attribute id=\"mentions\" title=\"mentions\" type=\"integer\"/>\n    </attributes>\n");
    o.push_str("    <attributes class=\"edge\">\n      <attribute id=\"modality\" title=\"modality\" type=\"string\"/>\n      <attribute id=\"date\" title=\"date\" type=\"string\"/>\n      <attribute id=\"evidence\" title=\"evidence\" type=\"string\"/>\n    </attributes>\n");
    o.push_str("    <nodes>\n");
    for e in &a.entities {
        let _ = writeln!(
            o,
            "      <node id=\"e{}\" label=\"{}\"><attvalues><attvalue for=\"type\" value=\"{}\"/><attvalue for=\"country\" value=\"{}\"/><attvalue for=\"mentions\" value=\"{}\"/></attvalues></node>",
            e.id.0,
            xml(&e.name),
            kind_str(e.kind),
            xml(e.country.as_deref().unwrap_or("")),
            e.mentions.len()
        );
    }
    o.push_str("    </nodes>\n    <edges>\n");
    let present = |id: dossier_core::EntityId| a.entities.iter().any(|e| e.id == id);
    for (i, r) in a.relations.iter().enumerate() {
        if !present(r.subject) || !present(r.object) {
            continue;
        }
        let evidence = r.evidence.first().map_or("", |e| e.text.as_str());
        let _ = writeln!(
            o,
            "      <edge id=\"r{i}\" source=\"e{}\" target=\"e{}\" label=\"{}\" weight=\"{}\"><attvalues><attvalue for=\"modality\" value=\"{}\"/><attvalue for=\"date\" value=\"{}\"/><attvalue for=\"evidence\" value=\"{}\"/></attvalues></edge>",
            r.subject.0,
            r.object.0,
            xml(&r.predicate),
            r.evidence.len().max(1),
            modality_str(r.modality),
            xml(r.date.as_deref().unwrap_or("")),
            xml(evidence)
        );
    }
    o.push_str("    </edges>\n  </graph>\n</gexf>\n");
    o
}

fn ftm_id(id: dossier_core::EntityId) -> String {
    format!("dossier-e{}", id.0)
}

/// FollowTheMoney entity JSON lines.
pub fn ftm_lines(a: &Analysis) -> String {
    let mut out = String::new();
    let mut line = |schema: &str, id: String, props: Map<String, Value>| {
        let v = json!({"id": id, "schema": schema, "properties": props});
        out.push_str(&v.to_string());
        out.push('\n');
    };
    let publisher = |d: DocId| {
        a.documents
            .iter()
            .find(|x| x.id == d)
            .and_then(|x| x.source.clone())
    };
    for e in &a.entities {
        let mut p = Map::new();
        let country: Vec<Value> = e
            .country
            .iter()
            .map(|c| Value::from(c.to_ascii_lowercase()))
            .collect();
        let schema = match e.kind {
            EntityKind::Person => "Person",
            EntityKind::Organization => "Organization",
            EntityKind::Place => "Address",
            EntityKind::Country => "PublicBody",
        };
        if e.kind == EntityKind::Place {
            p.insert("full".into(), json!([e.name]));
        } else {
            p.insert("name".into(), json!([e.name]));
        }
        if !e.aliases.is_empty() && e.kind != EntityKind::Place {
            p.insert("alias".into(), json!(e.aliases));
        }
        if !country.is_empty() {
            p.insert("country".into(), Value::Array(country.clone()));
            if e.kind == EntityKind::Country {
                p.insert("jurisdiction".into(), Value::Array(country));
            }
        }
        if e.kind == EntityKind::Person && !e.roles.is_empty() {
            let titles: Vec<&str> = e.roles.iter().map(|r| r.title.as_str()).collect();
            p.insert("position".into(), json!(titles));
        }
        line(schema, ftm_id(e.id), p);
    }
    for (i, r) in a.relations.iter().enumerate() {
        let mut p = Map::new();
        p.insert("subject".into(), json!([ftm_id(r.subject)]));
        p.insert("object".into(), json!([ftm_id(r.object)]));
        p.insert("role".into(), json!([r.predicate]));
        p.insert("summary".into(), json!([modality_str(r.modality)]));
        if let Some(d) = &r.date {
            p.insert("date".into(), json!([d]));
        }
        let ev: Vec<&str> = r.evidence.iter().map(|e| e.text.as_str()).collect();
        if !ev.is_empty() {
            p.insert("description".into(), json!(ev));
        }
        let mut pubs: Vec<String> = r.evidence.iter().filter_map(|e| publisher(e.doc)).collect();
        pubs.sort_stable();
        pubs.dedup();
        if !pubs.is_empty() {
            p.insert("publisher".into(), json!(pubs));
        }
        line("UnknownLink", format!("dossier-r{i}"), p);
    }
    out
}

#[cfg(test)]
mod tests;
