//! The `dossier` command-line tool: a thin shell over `dossier-core`.
//!
//! - `dossier analyze PATH...` — files or folders → the analysis JSON (docs/analysis.md) on stdout.
//! - `dossier ner` — JSON lines `{"id","text"}` on stdin → `{"id","entities":[{"start","end",
//!   "type","geo"}]}` on stdout, the format of `shared/eval/score.py` (byte offsets; `geo` only on
//!   LOC).
//! - `dossier clean [--regions]` — JSON lines `{"id","html"}` or `{"id","text"}` on stdin →
//!   `{"id","body"}` (the main content, paragraphs joined by blank lines), plus `regions` on request.
//!
//! Files that cannot be read become diagnostics in the output, never a silent omission; the exit
//! code is non-zero only for usage errors or when nothing at all could be read.

use dossier_core::analysis::{analyze_prepared, input_order, prepare, Prepared, Stages};
use dossier_core::{Analysis, CountrySummary, DocId, Entity, Input, MentionOrigin, MentionRef};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod alloc;

const USAGE: &str = "usage: dossier analyze PATH...   (files or folders of .txt, .md, .html)
       dossier ner < docs.jsonl    (JSON lines {\"id\",\"text\"} → entities)
       dossier clean [--regions] [--stats]   (JSON lines {id, html|text} on stdin -> {id, body})";

fn main() -> ExitCode {
    alloc::keep_freed_memory();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("analyze") => cmd_analyze(&args[1..]),
        Some("ner") => cmd_ner(),
        Some("clean") => cmd_clean(&args[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// Collect the files under `path` (recursively, sorted, hidden files skipped).
fn collect(path: &Path, out: &mut Vec<PathBuf>, errors: &mut Vec<String>) {
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => collect_dir(path, out, errors),
        Ok(_) => out.push(path.to_path_buf()),
        Err(e) => errors.push(format!("{}: {e}", path.display())),
    }
}

/// [`collect`] for a folder. A child's kind comes from the folder listing itself, so a folder of
/// thousands of files costs no `stat` per file (only symbolic links, and listings that do not say,
/// are looked up).
fn collect_dir(path: &Path, out: &mut Vec<PathBuf>, errors: &mut Vec<String>) {
    let entries = match std::fs::read_dir(path) {
        Ok(entries) => entries,
        Err(e) => return errors.push(format!("{}: {e}", path.display())),
    };
    let mut children: Vec<(PathBuf, Option<bool>)> = entries
        .filter_map(|e| {
            let e = e.ok()?;
            let is_dir = e
                .file_type()
                .ok()
                .filter(|t| !t.is_symlink())
                .map(|t| t.is_dir());
            Some((e.path(), is_dir))
        })
        .collect();
    children.sort();
    for (child, is_dir) in children {
        let hidden = child
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        match is_dir {
            _ if hidden => {}
            Some(true) => collect_dir(&child, out, errors),
            Some(false) => out.push(child),
            None => collect(&child, out, errors),
        }
    }
}

fn cmd_analyze(paths: &[String]) -> ExitCode {
    if paths.is_empty() {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    }
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        collect(Path::new(p), &mut files, &mut errors);
    }
    let mut prepared = prepare_files(&files, &mut errors);
    for e in &errors {
        eprintln!("dossier: {e}");
    }
    if prepared.is_empty() {
        eprintln!("dossier: no readable files");
        return ExitCode::FAILURE;
    }
    let analysis = analyze_prepared(&mut prepared, Stages::All);
    drop(prepared);
    // Buffered: pretty JSON is many small writes, each a system call on a bare stdout lock.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    if write_analysis(&mut out, &analysis).is_err() {
        return ExitCode::FAILURE;
    }
    if out.write_all(b"\n").is_err() || out.flush().is_err() {
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// Read and [`prepare`] each file, in [`dossier_core::analyze`]'s order ([`input_order`]: by file
/// name, then by content for equal names; numbered in that order), so that [`analyze_prepared`] on
/// the result equals `analyze` on all the files. The names are sorted before any file is read
/// (the order's first key); only files sharing a name are held together to be ordered by it. A file's bytes are dropped as soon as it is prepared (most
/// are read into one reused buffer): holding every file until the end doubled the input's share
/// of the peak memory, the decoded text being a second copy. Read errors are added to `errors`
/// in the files' order.
fn prepare_files(files: &[PathBuf], errors: &mut Vec<String>) -> Vec<Prepared> {
    let name_of = |f: &PathBuf| {
        f.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let mut named: Vec<(String, usize)> = files
        .iter()
        .enumerate()
        .map(|(k, f)| (name_of(f), k))
        .collect();
    // Stable, like the engine's order: equal names keep the files' order until their content
    // decides below.
    named.sort_by(|a, b| a.0.cmp(&b.0));
    let mut failed: Vec<(usize, String)> = Vec::new();
    let mut read = |k: usize, into: &mut Vec<u8>| -> bool {
        into.clear();
        match std::fs::File::open(&files[k]).and_then(|mut f| f.read_to_end(into)) {
            Ok(_) => true,
            Err(e) => {
                failed.push((k, format!("{}: {e}", files[k].display())));
                false
            }
        }
    };
    // One per file (fewer only when some cannot be read): sized once, not grown by copying.
    let mut prepared: Vec<Prepared> = Vec::with_capacity(files.len());
    let next = |input: &Input, prepared: &mut Vec<Prepared>| {
        let id = DocId(prepared.len() as u32);
        prepared.push(prepare(id, input));
    };
    let mut buffer = Input::new(String::new(), Vec::new());
    let mut at = 0;
    while at < named.len() {
        let run = named[at..]
            .iter()
            .take_while(|n| n.0 == named[at].0)
            .count();
        let names = &mut named[at..at + run];
        at += run;
        if run == 1 {
            let (name, k) = &mut names[0];
            buffer.name = std::mem::take(name);
            if read(*k, &mut buffer.bytes) {
                next(&buffer, &mut prepared);
            }
            continue;
        }
        // Files of the same name (in different folders) are ordered by their content.
        let mut same: Vec<Input> = Vec::with_capacity(run);
        for (name, k) in names.iter_mut() {
            let mut bytes = Vec::new();
            if read(*k, &mut bytes) {
                same.push(Input::new(std::mem::take(name), bytes));
            }
        }
        same.sort_by(input_order);
        for input in &same {
            next(input, &mut prepared);
        }
    }
    failed.sort_by_key(|f| f.0);
    errors.extend(failed.into_iter().map(|f| f.1));
    prepared
}

/// `analysis` as `serde_json` prints it with [`Pretty`], byte for byte. The mention lists, most
/// of the output (every entity's and country's mentions, five lines each), are written by hand
/// into one buffer; everything else goes through `serde_json` at its depth. Destructuring names
/// every field, so a field added to these types fails to compile here until it is written.
fn write_analysis<W: Write>(w: &mut W, analysis: &Analysis) -> std::io::Result<()> {
    let Analysis {
        documents,
        entities,
        countries,
        relations,
        claims,
        timeline,
    } = analysis;
    let mut buf = Vec::new();
    w.write_all(b"{")?;
    field(w, 1, true, "documents", documents)?;
    key(w, 1, false, "entities")?;
    array(w, 1, entities, |w, e| {
        let Entity {
            id,
            name,
            kind,
            aliases,
            country,
            roles,
            docs,
            mentions,
            merges,
        } = e;
        field(w, 3, true, "id", id)?;
        field(w, 3, false, "name", name)?;
        field(w, 3, false, "type", kind)?;
        field(w, 3, false, "aliases", aliases)?;
        field(w, 3, false, "country", country)?;
        field(w, 3, false, "roles", roles)?;
        field(w, 3, false, "docs", docs)?;
        key(w, 3, false, "mentions")?;
        write_mentions(w, &mut buf, 3, mentions)?;
        field(w, 3, false, "merges", merges)
    })?;
    key(w, 1, false, "countries")?;
    array(w, 1, countries, |w, c| {
        let CountrySummary {
            id,
            code,
            name,
            mentioned_as,
            docs,
            mentions,
        } = c;
        field(w, 3, true, "id", id)?;
        field(w, 3, false, "code", code)?;
        field(w, 3, false, "name", name)?;
        field(w, 3, false, "mentioned_as", mentioned_as)?;
        field(w, 3, false, "docs", docs)?;
        key(w, 3, false, "mentions")?;
        write_mentions(w, &mut buf, 3, mentions)
    })?;
    field(w, 1, false, "relations", relations)?;
    field(w, 1, false, "claims", claims)?;
    field(w, 1, false, "timeline", timeline)?;
    w.write_all(b"\n}")
}

/// A line break (after a comma unless `first`) and the indentation of `depth`, then `"name": `.
fn key<W: Write>(w: &mut W, depth: usize, first: bool, name: &str) -> std::io::Result<()> {
    Pretty::at(depth).newline(w, first)?;
    w.write_all(b"\"")?;
    w.write_all(name.as_bytes())?;
    w.write_all(b"\": ")
}

/// [`key`], then `value` as `serde_json` prints it at that depth.
fn field<W: Write, T: serde::Serialize>(
    w: &mut W,
    depth: usize,
    first: bool,
    name: &str,
    value: &T,
) -> std::io::Result<()> {
    key(w, depth, first, name)?;
    let mut ser = serde_json::Serializer::with_formatter(&mut *w, Pretty::at(depth));
    value.serialize(&mut ser).map_err(std::io::Error::from)
}

/// An array (of a field at `depth`) whose items are objects, each written by `item` (its fields
/// at `depth + 2`).
fn array<W: Write, T>(
    w: &mut W,
    depth: usize,
    items: &[T],
    mut item: impl FnMut(&mut W, &T) -> std::io::Result<()>,
) -> std::io::Result<()> {
    if items.is_empty() {
        return w.write_all(b"[]");
    }
    w.write_all(b"[")?;
    for (k, t) in items.iter().enumerate() {
        Pretty::at(depth + 1).newline(w, k == 0)?;
        w.write_all(b"{")?;
        item(w, t)?;
        Pretty::at(depth + 1).newline(w, true)?;
        w.write_all(b"}")?;
    }
    Pretty::at(depth).newline(w, true)?;
    w.write_all(b"]")
}

/// A list of mentions, the value of a field at `depth`, built in `buf` and written at once.
/// Between two numbers of a mention the output is always the same run of bytes (a line break,
/// the indentation and a key), so each run is made once per list and copied whole.
fn write_mentions<W: Write>(
    w: &mut W,
    buf: &mut Vec<u8>,
    depth: usize,
    mentions: &[MentionRef],
) -> std::io::Result<()> {
    if mentions.is_empty() {
        return w.write_all(b"[]");
    }
    // What comes before a field's value (`"doc": `, after the mention's opening brace) and after
    // a mention's last field (its closing brace), each at this list's depth.
    let run = |first: bool, depth: usize, text: &[u8]| -> std::io::Result<Vec<u8>> {
        let mut v = Vec::new();
        Pretty::at(depth).newline(&mut v, first)?;
        v.extend_from_slice(text);
        Ok(v)
    };
    let mut open_first = run(true, depth + 1, b"{")?;
    let mut open_next = run(false, depth + 1, b"{")?;
    let key_doc = run(true, depth + 2, b"\"doc\": ")?;
    open_first.extend_from_slice(&key_doc);
    open_next.extend_from_slice(&key_doc);
    let key_start = run(false, depth + 2, b"\"start\": ")?;
    let key_end = run(false, depth + 2, b"\"end\": ")?;
    let source = run(false, depth + 2, b"\"kind\": \"source\"")?;
    let close = run(true, depth + 1, b"}")?;
    // A mention's closing brace and the next one's opening are one run.
    let mut close_open = close.clone();
    close_open.extend_from_slice(&open_next);
    buf.clear();
    buf.push(b'[');
    for (k, m) in mentions.iter().enumerate() {
        let MentionRef {
            doc,
            start,
            end,
            kind,
        } = *m;
        buf.extend_from_slice(if k == 0 { &open_first } else { &close_open });
        push_number(buf, doc.0 as usize);
        buf.extend_from_slice(&key_start);
        push_number(buf, start);
        buf.extend_from_slice(&key_end);
        push_number(buf, end);
        match kind {
            MentionOrigin::Text => {}
            MentionOrigin::Source => buf.extend_from_slice(&source),
        }
    }
    buf.extend_from_slice(&close);
    Pretty::at(depth).newline(buf, true)?;
    buf.push(b']');
    w.write_all(buf)
}

/// `serde_json`'s pretty printer (two-space indent), byte for byte, but writing each line break
/// and its indentation as one slice: the stock one writes the indent one level at a time, a
/// buffered write per level on each of the output's hundreds of thousands of lines.
#[derive(Default)]
struct Pretty {
    depth: usize,
    has_value: bool,
}

impl Pretty {
    /// The printer inside an array or object at `depth` (a value written there is indented as
    /// it would be in the whole document).
    fn at(depth: usize) -> Pretty {
        Pretty {
            depth,
            has_value: false,
        }
    }

    /// `",\n"` followed by enough spaces for any depth this output reaches.
    const BREAKS: &'static [u8; 66] =
        b",\n                                                                ";

    /// A line break (after a comma unless `first`) and the indentation of the current depth.
    fn newline<W: ?Sized + Write>(&self, w: &mut W, first: bool) -> std::io::Result<()> {
        let start = usize::from(first);
        let end = 2 + 2 * self.depth;
        match Self::BREAKS.get(start..end) {
            Some(line) => w.write_all(line),
            None => {
                w.write_all(&Self::BREAKS[start..2])?;
                (0..self.depth).try_for_each(|_| w.write_all(b"  "))
            }
        }
    }

    /// Open an array or object: one level deeper, nothing in it yet.
    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    /// Close an array or object; a non-empty one closes on a line of its own.
    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.newline(w, true)?;
        }
        w.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Pretty {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.newline(w, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.newline(w, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[derive(serde::Deserialize)]
struct NerInput {
    id: serde_json::Value,
    text: String,
}

/// The two digits of every number below 100, in order: numbers are written two digits at a time,
/// half the divisions of one at a time (the mention offsets are most of the output's numbers).
const DIGIT_PAIRS: &[u8; 200] = b"\
    0001020304050607080910111213141516171819\
    2021222324252627282930313233343536373839\
    4041424344454647484950515253545556575859\
    6061626364656667686970717273747576777879\
    8081828384858687888990919293949596979899";

/// Append `n` in decimal.
#[inline(always)]
fn push_number(out: &mut Vec<u8>, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    while n >= 100 {
        let pair = 2 * (n % 100);
        n /= 100;
        at -= 2;
        digits[at..at + 2].copy_from_slice(&DIGIT_PAIRS[pair..pair + 2]);
    }
    if n >= 10 {
        at -= 2;
        digits[at..at + 2].copy_from_slice(&DIGIT_PAIRS[2 * n..2 * n + 2]);
    } else {
        at -= 1;
        digits[at] = b'0' + n as u8;
    }
    out.extend_from_slice(&digits[at..]);
}

/// Named entities of each JSON line on stdin. A line that is not a `{"id","text"}` object is
/// reported on stderr (with its line number) and skipped, so one bad line does not lose the rest.
fn cmd_ner() -> ExitCode {
    use dossier_core::{
        recognize::recognize_tokenized, text::tokenized_sentences, MentionKind, Span,
    };
    use std::io::BufRead;
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut bad = 0usize;
    let mut line_out = Vec::new();
    for (n, line) in stdin.lock().lines().enumerate() {
        let Ok(line) = line else {
            eprintln!("dossier ner: line {}: not UTF-8", n + 1);
            bad += 1;
            continue;
        };
        if line.trim().is_empty() {
            continue;
        }
        let doc: NerInput = match serde_json::from_str(&line) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("dossier ner: line {}: {e}", n + 1);
                bad += 1;
                continue;
            }
        };
        let (_, sents) = tokenized_sentences(&doc.text, &[Span::new(0, doc.text.len())]);
        // The record is written by hand, in serde_json's compact form (all keys and values but
        // the id are fixed ASCII), into one buffer per line: serialising it field by field
        // through the writer cost more than the JSON parse of the input.
        line_out.clear();
        line_out.extend_from_slice(b"{\"id\":");
        if serde_json::to_writer(&mut line_out, &doc.id).is_err() {
            return ExitCode::FAILURE;
        }
        line_out.extend_from_slice(b",\"entities\":[");
        for (k, m) in recognize_tokenized(&doc.text, &sents).iter().enumerate() {
            if k > 0 {
                line_out.push(b',');
            }
            line_out.extend_from_slice(b"{\"start\":");
            push_number(&mut line_out, m.span.start);
            line_out.extend_from_slice(b",\"end\":");
            push_number(&mut line_out, m.span.end);
            let kind: &[u8] = match m.kind {
                MentionKind::Person => b",\"type\":\"PER\"}",
                MentionKind::Organization => b",\"type\":\"ORG\"}",
                MentionKind::Place => b",\"type\":\"LOC\",\"geo\":\"place\"}",
                MentionKind::Country => b",\"type\":\"LOC\",\"geo\":\"country\"}",
            };
            line_out.extend_from_slice(kind);
        }
        line_out.extend_from_slice(b"]}\n");
        if out.write_all(&line_out).is_err() {
            return ExitCode::FAILURE;
        }
    }
    if out.flush().is_err() {
        return ExitCode::FAILURE;
    }
    if bad > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// `dossier clean`: one JSON object per input line; a line that is not valid JSON is reported on
/// stderr and answered with an `error` field, so outputs stay aligned with inputs.
fn cmd_clean(args: &[String]) -> ExitCode {
    use dossier_core::clean::main_text;
    use dossier_core::{clean, ingest, DocId};
    use serde_json::{json, Value};
    use std::io::BufRead;

    let mut regions = false;
    let mut stats = false;
    for a in args {
        match a.as_str() {
            "--regions" => regions = true,
            "--stats" => stats = true,
            _ => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    // Time spent in ingest + clean only (not JSON or I/O), for `--stats`.
    let (mut docs, mut bytes, mut spent) = (0usize, 0usize, std::time::Duration::ZERO);
    for (n, line) in stdin.lock().lines().enumerate() {
        let Ok(line) = line else {
            eprintln!("dossier: stdin is not readable text");
            return ExitCode::FAILURE;
        };
        if line.trim().is_empty() {
            continue;
        }
        let row: Value = match serde_json::from_str(&line) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("dossier: line {}: {e}", n + 1);
                let _ = writeln!(out, "{}", json!({"id": null, "error": e.to_string()}));
                continue;
            }
        };
        let id = row.get("id").cloned().unwrap_or(Value::Null);
        let (name, content) = match (row.get("html"), row.get("text")) {
            (Some(Value::String(h)), _) => ("input.html", h.as_str()),
            (_, Some(Value::String(t))) => ("input.txt", t.as_str()),
            _ => ("input.txt", ""),
        };
        let started = std::time::Instant::now();
        let doc = ingest(DocId(0), name, content.as_bytes());
        let regs = clean(&doc);
        let body = main_text(&doc.text, &regs);
        spent += started.elapsed();
        docs += 1;
        bytes += content.len();
        let mut obj = json!({"id": id, "body": body});
        if regions {
            obj["regions"] = json!(regs
                .iter()
                .map(|r| json!({
                    "start": r.span.start,
                    "end": r.span.end,
                    "kind": r.kind,
                    "reason": r.reason,
                    "text": r.span.of(&doc.text),
                }))
                .collect::<Vec<_>>());
        }
        if writeln!(out, "{obj}").is_err() {
            return ExitCode::FAILURE;
        }
    }
    if out.flush().is_err() {
        return ExitCode::FAILURE;
    }
    if stats {
        let secs = spent.as_secs_f64();
        let mb = bytes as f64 / 1e6;
        eprintln!(
            "dossier clean: {docs} documents, {mb:.1} MB in {secs:.3} s of ingest+clean = {:.1} MB/s",
            if secs > 0.0 { mb / secs } else { 0.0 }
        );
    }
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_core::analyze;

    fn by_serde(analysis: &Analysis) -> String {
        let mut out = Vec::new();
        let mut ser = serde_json::Serializer::with_formatter(&mut out, Pretty::default());
        serde::Serialize::serialize(analysis, &mut ser).expect("serialises");
        String::from_utf8(out).expect("UTF-8")
    }

    fn by_hand(analysis: &Analysis) -> String {
        let mut out = Vec::new();
        write_analysis(&mut out, analysis).expect("writes");
        String::from_utf8(out).expect("UTF-8")
    }

    /// The hand-written mention lists print what `serde_json` prints, empty lists and a
    /// source mention included.
    #[test]
    fn hand_written_output_equals_serde() {
        let empty = Analysis::default();
        assert_eq!(by_hand(&empty), by_serde(&empty));
        let text = "Russian Foreign Minister Sergei Lavrov met North Korean leader Kim Jong Un in \
                    Pyongyang on Friday, KCNA said.\n\nLavrov and Kim discussed Ukraine.\n";
        let mut analysis = analyze(&[
            Input::new("a.txt", text),
            Input::new(
                "b.txt",
                "Reuters\n18 October 2023\n\nLavrov visited Pyongyang.\n",
            ),
        ]);
        assert!(analysis.entities.len() > 2 && !analysis.countries.is_empty());
        analysis.entities[0].mentions[0].kind = MentionOrigin::Source;
        analysis.entities[1].mentions.clear();
        assert_eq!(by_hand(&analysis), by_serde(&analysis));
    }

    #[test]
    fn numbers_are_written_as_rust_writes_them() {
        let mut probes: Vec<usize> = (0..1200).collect();
        probes.extend([9_999, 10_000, 99_999, 100_000, 123_456_789, usize::MAX]);
        for n in probes {
            let mut out = Vec::new();
            push_number(&mut out, n);
            assert_eq!(out, n.to_string().into_bytes());
        }
    }
}
