//! Browser tests: the built app (dist/ served from 127.0.0.1, and the single-file bundle opened
//! from file://) in headless Chromium, driven through chromedriver like a user would.
//!
//! `cargo xtask test` builds dist/ and the bundle first and passes their paths in `DOSSIER_DIST` and
//! `DOSSIER_BUNDLE`. Expected values come from running `dossier_core::analyze` natively on the same
//! sample files, so the tests check that the wasm path shows what the engine computes, whatever
//! the engine computes. Every test saves a screenshot under `target/screenshots/`.
//!
//! Tests take a global lock: each starts its own Chromium, and two at once on a small machine only
//! make both slower.

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

static ONE_BROWSER_AT_A_TIME: Mutex<()> = Mutex::const_new(());

/// How long to wait for the app to reach a state; generous because the first wasm compile on a
/// busy 2-core machine can take seconds.
const PATIENCE: Duration = Duration::from_secs(60);

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the workspace root exists")
}

fn env_path(var: &str, default: &str) -> PathBuf {
    std::env::var_os(var)
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join(default))
}

fn dist() -> PathBuf {
    let d = env_path("DOSSIER_DIST", "dist");
    assert!(
        d.join("index.html").exists(),
        "{} has no index.html: run `cargo xtask test` (it builds first)",
        d.display()
    );
    d
}

/// chromedriver on a free port, stopped when dropped.
struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_driver() -> Driver {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let exe = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
    let child = Command::new(&exe)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {exe}: {e} (run `cargo xtask setup`)"));
    let driver = Driver { child, port };
    let t = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(t.elapsed() < PATIENCE, "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    driver
}

/// Chrome options from webdriver.json (shared with wasm-bindgen-test-runner), plus a fresh
/// profile, a fixed window size and the browser log.
fn capabilities(profile: &Path) -> serde_json::Map<String, Value> {
    let text = std::fs::read_to_string(workspace().join("webdriver.json")).expect("webdriver.json");
    let mut caps: serde_json::Map<String, Value> =
        serde_json::from_str(&text).expect("webdriver.json is a JSON object");
    let chrome = caps
        .get_mut("goog:chromeOptions")
        .and_then(Value::as_object_mut)
        .expect("webdriver.json has goog:chromeOptions");
    if let Ok(bin) = std::env::var("CHROMIUM") {
        chrome.insert("binary".into(), json!(bin));
    }
    let args = chrome
        .get_mut("args")
        .and_then(Value::as_array_mut)
        .expect("chromeOptions.args");
    args.push(json!(format!("--user-data-dir={}", profile.display())));
    args.push(json!("--window-size=1280,900"));
    caps.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
    caps
}

/// chromedriver's browser log (console messages, failed loads, uncaught errors) since last read.
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or("")))
    }
    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type":"browser"}"#.into()))
    }
}

struct Browser {
    client: Client,
    _driver: Driver,
    name: &'static str,
    profile: PathBuf,
}

impl Browser {
    /// A fresh browser on the app served from dist/, once it shows the five samples (a first
    /// visit loads them).
    async fn on_samples(name: &'static str) -> Browser {
        let server = dossier_browser_tests::start(dist(), "127.0.0.1:0").expect("static server");
        let b = Browser::open(name, &server.url()).await;
        b.wait_for("the samples", &format!("{ROWS} === 5")).await;
        b
    }

    async fn open(name: &'static str, url: &str) -> Browser {
        let driver = start_driver();
        // A fresh profile per test. Not under the workspace: chromedriver fails to start Chromium
        // ("Could not read in devtools port number") when the profile path contains `..`.
        let profile =
            std::env::temp_dir().join(format!("dossier-browser-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&profile);
        std::fs::create_dir_all(&profile).expect("profile dir");
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities(&profile))
            .connect(&format!("http://127.0.0.1:{}", driver.port))
            .await
            .expect("a WebDriver session");
        client.goto(url).await.expect("page opens");
        Browser {
            client,
            _driver: driver,
            name,
            profile,
        }
    }

    async fn js(&self, script: &str) -> Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Poll `script` until it returns something truthy; panics with `what` after [`PATIENCE`].
    async fn wait_for(&self, what: &str, script: &str) -> Value {
        let t = Instant::now();
        loop {
            let v = self.js(script).await;
            let truthy =
                !matches!(&v, Value::Null | Value::Bool(false)) && v != json!(0) && v != json!("");
            if truthy {
                return v;
            }
            if t.elapsed() > PATIENCE {
                self.screenshot().await;
                panic!("timed out waiting for {what}; last value {v}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn texts(&self, selector: &str) -> Vec<String> {
        let script = format!(
            "return [...document.querySelectorAll({})].map(e => e.textContent)",
            json!(selector)
        );
        serde_json::from_value(self.js(&script).await).expect("a list of strings")
    }

    async fn screenshot(&self) -> PathBuf {
        let dir = workspace().join("target/screenshots");
        std::fs::create_dir_all(&dir).expect("screenshot dir");
        let path = dir.join(format!("{}.png", self.name));
        let png = self.client.screenshot().await.expect("a screenshot");
        std::fs::write(&path, png).expect("screenshot written");
        path
    }

    /// Errors the page logged: console errors, uncaught exceptions, failed loads.
    async fn console_errors(&self) -> Vec<String> {
        let log = self
            .client
            .issue_cmd(BrowserLog)
            .await
            .expect("browser log");
        log.as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["level"] == "SEVERE")
            .map(|e| e["message"].as_str().unwrap_or("").to_string())
            .collect()
    }

    async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

impl Drop for Browser {
    /// Also when a test fails before `close`: no browser is left running.
    fn drop(&mut self) {
        dossier_browser_tests::stop_browser(&self.profile);
    }
}

/// Titles and word counts as the engine computes them natively for the bundled samples, in the
/// analysis' order (which the list keeps).
fn expected_samples() -> Vec<(String, String)> {
    let dir = workspace().join("www/samples");
    let mut inputs = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("www/samples") {
        let path = entry.expect("entry").path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.starts_with('.') {
            inputs.push(dossier_core::Input::new(
                name,
                std::fs::read(&path).expect("sample"),
            ));
        }
    }
    dossier_core::analyze(&inputs)
        .documents
        .into_iter()
        .map(|d| (d.title.unwrap_or(d.name), format!("{} words", d.words)))
        .collect()
}

const ROWS: &str = "return document.querySelectorAll('[data-testid=doc-row]').length";

async fn shows_the_samples(b: &Browser) {
    let expected = expected_samples();
    assert_eq!(expected.len(), 5, "five sample articles");
    b.wait_for(
        "the five samples",
        &format!("{ROWS} === {}", expected.len()),
    )
    .await;
    let titles = b
        .texts("[data-testid=doc-row] [data-testid=doc-title]")
        .await;
    let words = b
        .texts("[data-testid=doc-row] [data-testid=doc-words]")
        .await;
    let shown: Vec<(String, String)> = titles.into_iter().zip(words).collect();
    assert_eq!(shown, expected);
    let note = b.texts("[data-testid=sample-note]").await;
    assert!(
        note.len() == 1 && note[0].contains("sample"),
        "sample note: {note:?}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn served_app_shows_the_sample_corpus_without_errors_or_foreign_requests() {
    let _one = ONE_BROWSER_AT_A_TIME.lock().await;
    let server = dossier_browser_tests::start(dist(), "127.0.0.1:0").expect("static server");
    let b = Browser::open("samples", &server.url()).await;
    shows_the_samples(&b).await;
    assert_eq!(b.js("return document.title").await, json!("Dossier"));
    let header = b.texts("header h1").await;
    assert_eq!(header, ["Dossier"]);

    // Everything the page loaded came from its own origin (blob: URLs carry the page's origin).
    let foreign = b
        .js(
            "return performance.getEntriesByType('resource').map(e => e.name)\
             .filter(u => !u.startsWith('data:') && new URL(u).origin !== location.origin)",
        )
        .await;
    assert_eq!(foreign, json!([]), "requests outside the page's origin");
    let loaded = b
        .js("return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)")
        .await;
    let loaded = loaded.to_string();
    assert!(
        loaded.contains("_bg.wasm"),
        "the app's wasm was loaded: {loaded}"
    );

    b.screenshot().await;
    let errors = b.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    b.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn dropping_an_html_file_analyses_it_with_progress() {
    let _one = ONE_BROWSER_AT_A_TIME.lock().await;
    let b = Browser::on_samples("drop-html").await;
    // A news page with page furniture, dropped on the drop zone as a user would drop a file
    // (a DataTransfer holding a File, delivered by a drop event). Every state of the progress
    // section is recorded from the first mutation on, so a fast analysis cannot slip by unseen.
    let html = r#"<!doctype html><html><head><title>Shoigu visits Pyongyang</title>
        <meta property="og:site_name" content="Example Wire"></head><body>
        <nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
        <article><h1>Shoigu visits Pyongyang</h1>
        <p>PYONGYANG, June 4 - Russian Security Council Secretary Sergei Shoigu met North Korean
        leader Kim Jong Un in Pyongyang on Wednesday, state media KCNA said.</p>
        <p>Shoigu told Kim that Moscow valued the support of North Korean troops in the Kursk
        region, according to KCNA.</p></article>
        <aside><h2>Related Articles</h2><a href="/x">Canada and Denmark sign fisheries pact</a></aside>
        </body></html>"#;
    b.client
        .execute(
            r#"window.__progress = [];
            new MutationObserver(() => {
              const p = document.querySelector('[data-testid=progress]');
              if (p) window.__progress.push(p.textContent);
            }).observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
            const dt = new DataTransfer();
            dt.items.add(new File([arguments[0]], 'shoigu-pyongyang.html', { type: 'text/html' }));
            const zone = document.querySelector('[data-testid=drop-zone]');
            zone.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: dt }));
            zone.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));"#,
            vec![json!(html)],
        )
        .await
        .expect("drop dispatched");
    // The user's own file replaces the sample corpus and is analysed: its row carries the page's
    // title, and its people get entity cards.
    b.wait_for(
        "the dropped page as the only document",
        "const rows = [...document.querySelectorAll('[data-testid=doc-row]')];
         return rows.length === 1 && rows[0].querySelector('[data-testid=doc-name]').textContent === 'shoigu-pyongyang.html'
           ? rows[0].querySelector('[data-testid=doc-title]').textContent : null",
    )
    .await;
    let title = b
        .js("return document.querySelector('[data-testid=doc-row] [data-testid=doc-title]').textContent")
        .await;
    assert_eq!(title, json!("Shoigu visits Pyongyang"));
    let cards = b
        .wait_for(
            "entity cards of the dropped page",
            "const n = [...document.querySelectorAll('[data-testid=entity-card] [data-testid=entity-name]')]
               .map(e => e.textContent);
             return n.includes('Sergei Shoigu') ? n : null",
        )
        .await;
    let cards: Vec<&str> = cards
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(cards.contains(&"Kim Jong Un"), "{cards:?}");
    // The related-article teaser is boilerplate: no card for its countries.
    assert!(
        !cards.contains(&"Canada") && !cards.contains(&"Denmark"),
        "{cards:?}"
    );
    // Progress was shown while it ran: documents done of total.
    let seen = b.js("return window.__progress").await;
    let seen: Vec<&str> = seen
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        seen.iter()
            .any(|t| t.contains("Analysing 1 document") || t.contains("of 1")),
        "progress states seen: {seen:?}"
    );
    assert!(
        b.texts("[data-testid=progress]").await.is_empty(),
        "progress gone when done"
    );
    b.screenshot().await;
    let errors = b.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    b.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn picking_a_pdf_says_it_cannot_be_read_and_keeps_the_corpus() {
    let _one = ONE_BROWSER_AT_A_TIME.lock().await;
    let b = Browser::on_samples("pdf").await;
    let dir = workspace().join("target/browser-files");
    std::fs::create_dir_all(&dir).expect("dir");
    let pdf = dir.join("quarterly-report.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj\n")
        .expect("pdf written");
    let input = b
        .client
        .find(Locator::Css("[data-testid=file-input]"))
        .await
        .expect("file input");
    input
        .send_keys(&pdf.canonicalize().expect("path").to_string_lossy())
        .await
        .expect("file chosen");
    let notice = b
        .wait_for(
            "a message about the pdf",
            "return [...document.querySelectorAll('[data-testid=notice]')]\
             .map(e => e.textContent).find(t => t.includes('quarterly-report.pdf'))",
        )
        .await;
    let notice = notice.as_str().unwrap_or("").to_lowercase();
    assert!(notice.contains("not") && notice.contains("pdf"), "{notice}");
    assert_eq!(b.js(ROWS).await, json!(5), "the samples are still there");
    b.screenshot().await;
    b.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn pasted_text_becomes_a_document() {
    let _one = ONE_BROWSER_AT_A_TIME.lock().await;
    let b = Browser::on_samples("paste").await;
    let text = "Envoys meet in Geneva\nDiplomats from three countries met on Tuesday.";
    let area = b
        .client
        .find(Locator::Css("[data-testid=paste-input]"))
        .await
        .expect("paste box");
    area.send_keys(text).await.expect("typed");
    b.client
        .find(Locator::Css("[data-testid=paste-add]"))
        .await
        .expect("add button")
        .click()
        .await
        .expect("clicked");
    // The user's first own document replaces the sample corpus.
    b.wait_for("the pasted document alone", &format!("{ROWS} === 1"))
        .await;
    let expected = dossier_core::analyze(&[dossier_core::Input::new("pasted-1.txt", text)]);
    let d = &expected.documents[0];
    assert_eq!(
        b.texts("[data-testid=doc-title]").await,
        [d.title.clone().unwrap()]
    );
    assert_eq!(
        b.texts("[data-testid=doc-words]").await,
        [format!("{} words", d.words)]
    );
    assert!(b.texts("[data-testid=sample-note]").await.is_empty());
    b.screenshot().await;
    b.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn bench_hook_loads_documents_through_the_worker() {
    let _one = ONE_BROWSER_AT_A_TIME.lock().await;
    let b = Browser::on_samples("bench-hook").await;
    let result = b
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             window.dossierBench.load([{name: 'a.txt', text: 'First\\none two'}, {name: 'b.txt', text: 'Second'}])\
             .then(done, (e) => done('rejected: ' + e));",
            vec![],
        )
        .await
        .expect("load ran");
    assert_eq!(result, json!({ "documents": 2 }));
    // Resolved after rendering: the list already shows the new corpus.
    assert_eq!(
        b.texts("[data-testid=doc-title]").await,
        ["First", "Second"]
    );
    let progress = b.texts("[data-testid=progress]").await;
    assert!(
        progress.is_empty(),
        "no progress bar once done: {progress:?}"
    );
    b.screenshot().await;
    b.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_large_load_goes_in_several_messages_and_keeps_every_document() {
    let _one = ONE_BROWSER_AT_A_TIME.lock().await;
    let b = Browser::on_samples("large-load").await;
    // 1,800 documents of ~5 KB (9 MB): the page sends them in several messages, the worker
    // reports its analysis in several parts (documents 1,500 at a time).
    let result = b
        .client
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
            const body = ('Sergei Lavrov met Kim Jong Un in Pyongyang on Tuesday. ').repeat(90);
            const files = Array.from({ length: 1800 }, (_, i) => ({ name: `doc-${String(i).padStart(4, '0')}.txt`, text: `Report ${i}\n${body}` }));
            window.dossierBench.load(files).then(done, (e) => done('rejected: ' + e));"#,
            vec![],
        )
        .await
        .expect("load ran");
    assert_eq!(result, json!({ "documents": 1800 }));
    let summary = b.texts("[data-testid=summary]").await;
    assert!(summary[0].starts_with("1800 document(s)"), "{summary:?}");
    let titles = b.texts("[data-testid=doc-title]").await;
    assert_eq!(titles.first().map(String::as_str), Some("Report 0"));
    assert!(
        b.js("return document.querySelectorAll('[data-testid=entity-card]').length > 0")
            .await
            == json!(true)
    );
    b.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn single_file_bundle_works_from_a_file_url() {
    let _one = ONE_BROWSER_AT_A_TIME.lock().await;
    let bundle = env_path("DOSSIER_BUNDLE", "dist-single/dossier.html");
    assert!(
        bundle.exists(),
        "{} missing: run `cargo xtask test`",
        bundle.display()
    );
    let url = format!("file://{}", bundle.canonicalize().expect("path").display());
    let b = Browser::open("single-file", &url).await;
    shows_the_samples(&b).await;
    b.screenshot().await;
    let errors = b.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    b.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_long_load_shows_progress_and_cancel_keeps_the_corpus() {
    let _one = ONE_BROWSER_AT_A_TIME.lock().await;
    let b = Browser::on_samples("progress").await;
    // About 20 MB in 2,000 documents: dozens of worker chunks. The page itself clicks Cancel on
    // the first frame that shows the progress bar, so the worker is still early in the job (it
    // reads the cancel between two chunks) however fast the engine is.
    let seen = b
        .client
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
            const body = ('The delegation met officials in the capital on Tuesday. ').repeat(180);
            const files = Array.from({ length: 2000 }, (_, i) => ({ name: `doc-${i}.txt`, text: `Report ${i}\n${body}` }));
            const loading = window.dossierBench.load(files);
            const look = () => {
              const bar = document.querySelector('[data-testid=progress] [role=progressbar]');
              const cancel = document.querySelector('[data-testid=cancel]');
              if (!bar || !cancel) { requestAnimationFrame(look); return; }
              const seen = {
                text: document.querySelector('[data-testid=progress]').textContent,
                now: Number(bar.getAttribute('aria-valuenow')),
                max: Number(bar.getAttribute('aria-valuemax')),
              };
              cancel.click();
              loading.then((result) => done({ seen, result }), (e) => done('rejected: ' + e));
            };
            look();"#,
            vec![],
        )
        .await
        .expect("load and cancel ran");
    assert_eq!(seen["seen"]["max"], json!(2000), "{seen}");
    let now = seen["seen"]["now"].as_u64().expect("a number");
    assert!(now < 2000, "cancelled before the end: {seen}");
    let text = seen["seen"]["text"].as_str().unwrap_or("");
    assert!(
        text.contains("of 2000") || text.contains("Analysing 2000"),
        "{text}"
    );
    // The cancelled load added nothing: the sample corpus is still there.
    assert_eq!(seen["result"], json!({ "documents": 5 }));
    assert_eq!(b.js(ROWS).await, json!(5));
    let notices = b.texts("[data-testid=notice]").await;
    assert!(
        notices.iter().any(|n| n.contains("cancelled")),
        "{notices:?}"
    );
    assert!(b.texts("[data-testid=progress]").await.is_empty());
    b.screenshot().await;
    b.close().await;
}
