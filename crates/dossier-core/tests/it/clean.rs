//! Clean specs: every region of a page is main content or boilerplate with a reason; regions tile
//! the text; nothing panics on any input; the same input gives the same regions.

use dossier_core::clean::main_text;
use dossier_core::{clean, ingest, DocId, Region, RegionKind};
use proptest::prelude::*;

fn regions_of(name: &str, content: &str) -> (String, Vec<Region>) {
    let doc = ingest(DocId(0), name, content.as_bytes());
    let r = clean(&doc);
    (doc.text, r)
}

/// `kind[reason]: text` per region, for readable snapshots.
fn render(text: &str, regions: &[Region]) -> String {
    regions
        .iter()
        .map(|r| {
            let label = match r.kind {
                RegionKind::Main => "MAIN".to_string(),
                RegionKind::Boilerplate => format!("bp[{}]", r.reason.as_deref().unwrap_or("?")),
            };
            let t: String = r.span.of(text).trim().replace('\n', " | ");
            format!("{label}: {t}\n")
        })
        .collect()
}

fn assert_tiles(text: &str, regions: &[Region]) {
    let mut pos = 0;
    for r in regions {
        assert_eq!(r.span.start, pos, "regions must be contiguous");
        assert!(r.span.end > r.span.start, "no empty region");
        assert!(text.is_char_boundary(r.span.start) && text.is_char_boundary(r.span.end));
        assert_eq!(r.kind == RegionKind::Boilerplate, r.reason.is_some());
        pos = r.span.end;
    }
    assert_eq!(pos, text.len(), "regions must cover the text");
}

const PARA1: &str = "Russian Foreign Minister Sergei Lavrov arrived in Pyongyang on Wednesday for talks with his North Korean counterpart, state media said.";
const PARA2: &str = "The two-day visit comes a month after the North Korean leader travelled to Russia, where the two sides discussed military cooperation.";
const PARA3: &str = "Officials in Seoul said they were watching the visit closely and would respond to any transfer of weapons technology.";

#[test]
fn html_page_furniture_is_kept_but_marked() {
    let html = format!(
        r##"<html><head><title>Lavrov in Pyongyang</title></head><body>
        <header class="site-header"><a href="/">The Daily</a><ul class="menu"><li><a href="/w">World</a></li><li><a href="/b">Business</a></li></ul></header>
        <main><article><h1>Lavrov arrives in Pyongyang</h1>
        <div class="article-meta"><span class="byline">By Ann Lee</span> <time datetime="2023-10-18">18 October 2023</time></div>
        <figure><img src="x.jpg"><figcaption>Sergei Lavrov. Photo: Reuters</figcaption></figure>
        <div class="article-body"><p>{PARA1}</p><p>{PARA2}</p>
        <div class="related-inline"><a href="/r">Related: Putin and Kim meet in Vostochny</a></div>
        <p>{PARA3}</p></div>
        <div class="tags"><a href="/t/korea">KOREA, NORTH</a> <a href="/t/ru">RUSSIA</a></div>
        <div class="share-tools"><a href="#">Facebook</a> <a href="#">Twitter</a></div>
        </article>
        <section id="comments"><h3>Comments</h3><p>This visit is a disgrace and everyone involved in it should be ashamed of themselves.</p></section>
        </main><aside class="sidebar"><h3>Most read</h3><ol><li><a href="/1">Ukraine war: the latest from the front line today</a></li></ol></aside>
        <footer>© 2023 The Daily. All rights reserved.</footer></body></html>"##
    );
    let (text, regions) = regions_of("page.html", &html);
    assert_tiles(&text, &regions);
    assert_eq!(
        main_text(&text, &regions),
        format!("{PARA1}\n\n{PARA2}\n\n{PARA3}")
    );
    expect_test::expect![[r#"
        bp[page header]: The Daily
        bp[navigation]: World |  | Business
        bp[outside the article]: Lavrov arrives in Pyongyang
        bp[byline/date]: By Ann Lee 18 October 2023
        bp[caption/credit]: Sergei Lavrov. Photo: Reuters
        MAIN: Russian Foreign Minister Sergei Lavrov arrived in Pyongyang on Wednesday for talks with his North Korean counterpart, state media said. |  | The two-day visit comes a month after the North Korean leader travelled to Russia, where the two sides discussed military cooperation.
        bp[related-article teaser]: Related: Putin and Kim meet in Vostochny
        MAIN: Officials in Seoul said they were watching the visit closely and would respond to any transfer of weapons technology.
        bp[tag list]: KOREA, NORTH RUSSIA
        bp[share/social]: Facebook Twitter
        bp[comments]: Comments |  | This visit is a disgrace and everyone involved in it should be ashamed of themselves.
        bp[sidebar]: Most read |  | Ukraine war: the latest from the front line today
        bp[footer]: © 2023 The Daily. All rights reserved.
    "#]]
    .assert_eq(&render(&text, &regions));
}

#[test]
fn pasted_text_furniture_is_kept_but_marked() {
    let text = format!(
        "Skip to main content\nHome\nWorld\nBusiness\nOpinion\nSport\nLavrov arrives in Pyongyang\nBy Ann Lee\n18 October, 2023\n\n\
         {PARA2}\n\nSergei Lavrov. Photo: Reuters\n\n{PARA1}\n\n{PARA2}\n\nADVERTISEMENT\n\n{PARA3}\n\n\
         KOREA, NORTH, RUSSIA, LA\nComments\nNo comments yet...\nRelated Articles\nPutin and Kim meet in Vostochny\n4 hours ago\n\
         Ukraine war: the latest from the front line as troops push on in the east, officials in Kyiv said.\n\
         © 2023 The Daily\n"
    );
    let (doc_text, regions) = regions_of("pasted.txt", &text);
    assert_tiles(&doc_text, &regions);
    assert_eq!(
        main_text(&doc_text, &regions),
        format!("{PARA1}\n\n{PARA2}\n\n{PARA3}")
    );
    expect_test::expect![[r#"
        bp[navigation]: Skip to main content | Home
        bp[menu item]: World | Business | Opinion | Sport | Lavrov arrives in Pyongyang | By Ann Lee | 18 October, 2023
        bp[duplicate standfirst]: The two-day visit comes a month after the North Korean leader travelled to Russia, where the two sides discussed military cooperation.
        bp[caption/credit]: Sergei Lavrov. Photo: Reuters
        MAIN: Russian Foreign Minister Sergei Lavrov arrived in Pyongyang on Wednesday for talks with his North Korean counterpart, state media said. |  | The two-day visit comes a month after the North Korean leader travelled to Russia, where the two sides discussed military cooperation.
        bp[advertisement]: ADVERTISEMENT
        MAIN: Officials in Seoul said they were watching the visit closely and would respond to any transfer of weapons technology.
        bp[tag list]: KOREA, NORTH, RUSSIA, LA
        bp[comments]: Comments | No comments yet...
        bp[related-article teaser]: Related Articles | Putin and Kim meet in Vostochny | 4 hours ago | Ukraine war: the latest from the front line as troops push on in the east, officials in Kyiv said.
        bp[footer]: © 2023 The Daily
    "#]]
    .assert_eq(&render(&doc_text, &regions));
}

#[test]
fn empty_and_furniture_only_documents() {
    let (text, regions) = regions_of("e.txt", "");
    assert!(text.is_empty() && regions.is_empty());
    let (text, regions) = regions_of("menu.txt", "Home\nNews\nSport\n");
    assert_tiles(&text, &regions);
    assert!(regions.iter().all(|r| r.kind == RegionKind::Boilerplate));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic_and_regions_tile(bytes in proptest::collection::vec(any::<u8>(), 0..2000), html in any::<bool>()) {
        let doc = ingest(DocId(0), if html { "x.html" } else { "x.txt" }, &bytes);
        let regions = clean(&doc);
        assert_tiles(&doc.text, &regions);
        prop_assert_eq!(&regions, &clean(&doc));
    }

    #[test]
    fn html_soup_never_panics_and_regions_tile(parts in proptest::collection::vec(prop_oneof![
        Just("<div class=menu>".to_string()), Just("</div>".to_string()), Just("<p>".to_string()),
        Just("</p>".to_string()), Just("<a href=x>".to_string()), Just("</a>".to_string()),
        Just("<li>".to_string()), Just("<table><tr><td>".to_string()), Just("</td>".to_string()),
        Just("<script>".to_string()), Just("<br>".to_string()), Just("<svg/>".to_string()),
        Just("<h1>".to_string()), Just("<!--".to_string()), Just("&amp;".to_string()),
        "[a-zA-Zé .,ü\n]{0,40}",
        Just("Comments\n".to_string()), Just("Related Articles".to_string()),
    ], 0..80)) {
        let html = parts.concat();
        let doc = ingest(DocId(0), "soup.html", html.as_bytes());
        let regions = clean(&doc);
        assert_tiles(&doc.text, &regions);
        let again = ingest(DocId(0), "soup.html", html.as_bytes());
        prop_assert_eq!(&regions, &clean(&again));
        // The same soup pasted as text is classified too.
        let t = ingest(DocId(0), "soup.txt", html.as_bytes());
        assert_tiles(&t.text, &clean(&t));
    }
}

/// The shared seed pages (real pasted pages): their article sentences are main content, their
/// menus, teasers, comment boxes and tag lists are not.
#[test]
fn seed_pages_article_is_main_and_furniture_is_not() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../www/samples");
    let cases: &[(&str, &[&str], &[&str])] = &[
        (
            "000_619ce825aaed01a1.txt",
            &[
                "Russian Foreign Minister Sergei Lavrov arrived in North Korea on Friday",
                "TASS quoted Deputy Russian Foreign Minister Andrei Rudenko",
            ],
            &[
                "Related Articles",
                "Fragmented Europe faltering in the multipolar moment",
                "No comments yet",
                "Try Our AI Features",
                "Wells Fargo suspends China travel",
            ],
        ),
        (
            "001_73db6a91d50d96d1.txt",
            &["Russian Foreign Minister Sergey Lavrov met with North Korean Supreme Leader"],
            &[],
        ),
        (
            "002_ce9a732754e3591d.txt",
            &[
                "Russian Foreign Minister Sergei Lavrov praised his country's military alliance",
                "There has been no official confirmation of this.",
            ],
            &[
                "Russian officials mock Trump's Ukraine plans",
                "Related Articles",
            ],
        ),
        (
            "003_027496980c43a918.txt",
            &["Russian Foreign Minister Sergei Lavrov arrived in Pyongyang on Wednesday"],
            &[
                "Related News",
                "MOST VIEWED",
                "Why choosing a lower-paying job",
                "While most comments will be posted",
                "Russia / north korea",
            ],
        ),
        (
            "004_b635026d472f7ad1.txt",
            &["visit to North Korea reflects strengthening ties"],
            &["ASIA, CENTRAL MILITARY COMMISSION", "Post Comment"],
        ),
    ];
    for (file, main, furniture) in cases {
        let bytes =
            std::fs::read(dir.join(file)).expect("the shared seed pages sit beside the repo");
        let doc = ingest(DocId(0), file, &bytes);
        let regions = clean(&doc);
        assert_tiles(&doc.text, &regions);
        let kind_at = |needle: &str| {
            let at = doc
                .text
                .find(needle)
                .unwrap_or_else(|| panic!("{file}: {needle:?} not in text"));
            regions
                .iter()
                .find(|r| r.span.start <= at && at < r.span.end)
                .map(|r| r.kind)
        };
        for m in *main {
            assert_eq!(
                kind_at(m),
                Some(RegionKind::Main),
                "{file}: {m:?} should be main"
            );
        }
        for f in *furniture {
            assert_eq!(
                kind_at(f),
                Some(RegionKind::Boilerplate),
                "{file}: {f:?} should be boilerplate"
            );
        }
    }
}
