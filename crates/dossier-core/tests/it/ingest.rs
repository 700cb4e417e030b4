//! Ingest specs: bytes of HTML and text files → documents with text, layout and metadata.

use dossier_core::{ingest, DocId, Format};

#[test]
fn html_page_becomes_paragraphs_with_metadata() {
    let page = r#"<!doctype html><html><head><meta charset="windows-1252">
        <title>Talks in Seoul | The Daily</title>
        <meta property="og:title" content="Talks in Seoul">
        <meta property="article:published_time" content="2025-07-12T08:00:00Z">
        <meta property="og:site_name" content="The Daily"></head>
        <body><nav><a href="/">Home</a></nav>
        <article><h1>Talks in Seoul</h1><p class=byline>By Ann Lee</p>
        <p>SEOUL, July 12 (Reuters) - Ministers met on Friday.</p><p>They talked \x93at length\x94.</p>
        </article></body></html>"#;
    // The page is windows-1252: curly quotes are single bytes.
    let page: Vec<u8> = page
        .replace("\\x93", "\u{1}")
        .replace("\\x94", "\u{2}")
        .bytes()
        .map(|b| match b {
            1 => 0x93,
            2 => 0x94,
            b => b,
        })
        .collect();
    let doc = ingest(DocId(3), "page.html", &page);
    assert_eq!(doc.format, Format::Html);
    assert_eq!(
        doc.text,
        "Home\n\nTalks in Seoul\n\nBy Ann Lee\n\nSEOUL, July 12 (Reuters) - Ministers met on Friday.\n\nThey talked \u{201C}at length\u{201D}."
    );
    assert_eq!(doc.meta.title.as_deref(), Some("Talks in Seoul"));
    assert_eq!(doc.meta.date.as_deref(), Some("2025-07-12"));
    assert_eq!(doc.meta.source.as_deref(), Some("The Daily"));
    assert_eq!(doc.meta.byline.as_deref(), Some("Ann Lee"));
    assert_eq!(
        doc.meta.dateline.as_deref(),
        Some("SEOUL, July 12 (Reuters)")
    );
    let layout = doc.layout.expect("html keeps its layout");
    assert_eq!(layout.blocks.len(), 5);
    assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
}

#[test]
fn plain_text_metadata_and_legacy_bytes() {
    let doc = ingest(
        DocId(0),
        "wire.txt",
        b"Envoy arrives\nBy Kim Min-jung\n\nPYONGYANG, July 12 (Reuters) \x96 The envoy arrived.",
    );
    assert_eq!(doc.format, Format::Text);
    assert_eq!(doc.meta.title.as_deref(), Some("Envoy arrives"));
    assert_eq!(doc.meta.byline.as_deref(), Some("Kim Min-jung"));
    assert_eq!(
        doc.meta.dateline.as_deref(),
        Some("PYONGYANG, July 12 (Reuters)")
    );
    assert_eq!(doc.meta.source.as_deref(), Some("Reuters"));
    assert!(doc.text.contains('\u{2013}'));
    assert_eq!(doc.diagnostics[0].code, "windows-1252");
    assert!(doc.layout.is_none());
}
