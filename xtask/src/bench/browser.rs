//! The browser sections, in headless Chromium driven through chromedriver (fantoccini, no TLS):
//!
//! - `speed_browser`: compromise and our wasm (the app's worker, via `window.dossierBench.load`) on
//!   the same GUM news documents in the same page, MB/s each and the ratio;
//! - `size`: gzip bytes of every file the page requested before its first entity card, per file,
//!   total, and the engine's share (the engine alone built as wasm: `sizes::engine_probe`, since
//!   the page and its worker share one wasm);
//! - `latency`: page load to first `[data-testid=entity-card]`; search keystroke to updated cards
//!   with 1,000 documents loaded;
//! - `scale`: 1,000 (~5 MB) and 10,000 (~50 MB, full run only) documents in the worker: time, peak
//!   memory of the browser's processes (PSS), longest main-thread long task.
//!
//! Each part needs Chromium + chromedriver, and all but compromise need the built `dist/`; without
//! them its figures are `n/a` with the reason.

use super::measure::gzip_len;
use super::peers::Peers;
use super::report::Report;
use super::server::{self, Server, Site};
use super::Ctx;
use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

fn chromium() -> PathBuf {
    std::env::var_os("CHROME").map_or_else(|| PathBuf::from(CHROMIUM), PathBuf::from)
}

fn chromedriver() -> PathBuf {
    std::env::var_os("CHROMEDRIVER").map_or_else(|| PathBuf::from(CHROMEDRIVER), PathBuf::from)
}

/// Every figure a section reports, so a skipped section still lists them as `n/a`.
const FIGURES: &[(&str, &str, &str)] = &[
    (
        "speed_browser.ours_mbps",
        "Dossier (wasm worker) MB/s in Chromium",
        "MB/s",
    ),
    (
        "speed_browser.compromise_mbps",
        "compromise MB/s in Chromium (same text, same page)",
        "MB/s",
    ),
    (
        "speed_browser.ratio",
        "Dossier ÷ compromise throughput",
        "x",
    ),
    (
        "size.total_gzip_kb",
        "everything downloaded before the first card (gzip)",
        "KB",
    ),
    (
        "size.engine_gzip_kb",
        "engine share: engine + gazetteers + model (gzip)",
        "KB",
    ),
    (
        "latency.first_card_ms",
        "page load → first entity card (sample corpus)",
        "ms",
    ),
    (
        "latency.search_ms",
        "search keystroke → updated cards, 1,000 docs (worst key)",
        "ms",
    ),
    (
        "scale.docs_1000_s",
        "1,000 docs analysed in the worker",
        "s",
    ),
    (
        "scale.docs_1000_peak_mb",
        "1,000 docs: peak memory, browser processes (PSS)",
        "MB",
    ),
    (
        "scale.docs_1000_longest_task_ms",
        "1,000 docs: longest main-thread task",
        "ms",
    ),
    (
        "scale.docs_10000_s",
        "10,000 docs analysed in the worker",
        "s",
    ),
    (
        "scale.docs_10000_peak_mb",
        "10,000 docs: peak memory, browser processes (PSS)",
        "MB",
    ),
    (
        "scale.docs_10000_longest_task_ms",
        "10,000 docs: longest main-thread task",
        "ms",
    ),
];

fn na_all(r: &mut Report, sections: &[&str], reason: &str) {
    for (k, l, u) in FIGURES {
        if sections.iter().any(|s| k.starts_with(&format!("{s}.")))
            && !r.figures.iter().any(|f| f.key == *k)
        {
            r.na(k, l, u, reason);
        }
    }
}

fn label(key: &str) -> (&'static str, &'static str) {
    FIGURES
        .iter()
        .find(|f| f.0 == key)
        .map_or(("?", ""), |f| (f.1, f.2))
}

fn put(r: &mut Report, key: &str, v: Result<f64, String>) {
    let (l, u) = label(key);
    r.value(key, l, u, v);
}

/// `dist/` to measure: built now (`cargo xtask build`) unless `--no-build`, else what exists.
fn dist(ctx: &Ctx, r: &mut Report) -> Result<PathBuf, String> {
    let dir = std::env::var_os("DOSSIER_DIST").map_or_else(|| ctx.root.join("dist"), PathBuf::from);
    if ctx.build && std::env::var_os("DOSSIER_DIST").is_none() {
        eprintln!("bench: building the app (cargo xtask build)…");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let out = Command::new(cargo)
            .current_dir(&ctx.root)
            .args(["run", "-q", "-p", "xtask", "--", "build"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output();
        match out {
            Ok(o) if o.status.success() => {}
            Ok(o) => {
                let err = String::from_utf8_lossy(&o.stderr);
                let first = err
                    .lines()
                    .find(|l| !l.trim().is_empty())
                    .unwrap_or("")
                    .to_string();
                if dir.join("index.html").is_file() {
                    r.notes.push(format!(
                        "`cargo xtask build` failed ({first}); measured the existing dist/"
                    ));
                } else {
                    return Err(format!("no dist/: `cargo xtask build` failed: {first}"));
                }
            }
            Err(e) => return Err(format!("cargo: {e}")),
        }
    }
    if dir.join("index.html").is_file() {
        if std::env::var_os("DOSSIER_DIST").is_some() {
            r.notes.push(format!(
                "browser sections measured the build in $DOSSIER_DIST = {}",
                dir.display()
            ));
        }
        Ok(dir)
    } else {
        Err(format!(
            "no {}/index.html (build the app first)",
            dir.display()
        ))
    }
}

pub fn run(ctx: &Ctx, sections: &[&str], peers: &Peers, r: &mut Report) {
    let (chrome, driver) = (chromium(), chromedriver());
    if !chrome.is_file() || !driver.is_file() {
        let reason = format!(
            "needs {} and {} (cargo xtask setup)",
            chrome.display(),
            driver.display()
        );
        na_all(r, sections, &reason);
        return;
    }
    let dist = dist(ctx, r);
    let compromise = ctx
        .root
        .join("bench/peers/node_modules/compromise/builds/compromise.js");
    if !compromise.is_file() {
        // The peers are dev-only npm packages pinned by bench/peers/package-lock.json.
        eprintln!("bench: installing the peers (npm ci in bench/peers)…");
        let ok = Command::new("npm")
            .current_dir(ctx.root.join("bench/peers"))
            .args(["ci", "--no-audit", "--no-fund", "--silent"])
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            r.notes
                .push("compromise: `npm ci` in bench/peers failed".into());
        }
    }
    let docs = match super::engine::gum_news(ctx) {
        Ok(g) => g
            .into_iter()
            .map(|d| (d.id, d.text.unwrap_or_default()))
            .collect(),
        Err(e) => {
            r.notes.push(format!("browser corpus: {e}"));
            Vec::new()
        }
    };
    let site = Site {
        dist: dist.as_ref().ok().cloned(),
        page_dir: ctx.root.join("bench/page"),
        compromise: compromise.is_file().then_some(compromise),
        docs,
    };
    let srv = match server::start(site) {
        Ok(s) => s,
        Err(e) => return na_all(r, sections, &format!("static server: {e}")),
    };
    let mut drv = match Driver::start(&driver) {
        Ok(d) => d,
        Err(e) => return na_all(r, sections, &e),
    };
    let rt = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return na_all(r, sections, &format!("tokio: {e}")),
    };
    rt.block_on(async {
        let b = Bench {
            ctx,
            srv: &srv,
            drv: &drv,
            chrome: &chrome,
            dist: dist.as_ref().ok().map(PathBuf::as_path),
        };
        let no_dist = dist.as_ref().err().cloned().unwrap_or_default();
        let want = |s: &str| sections.contains(&s);
        if want("size") || want("latency") {
            match &dist {
                Ok(_) => b.first_card(r, peers).await,
                Err(_) => na_all(r, &["size"], &no_dist),
            }
        }
        if want("speed_browser") {
            b.speed(r, peers).await;
        }
        if (want("scale") || want("latency")) && dist.is_ok() {
            b.scale(r, 1000, want("latency")).await;
            if want("scale") {
                if ctx.quick {
                    na_all(r, &["scale"], "10,000 documents: full run only");
                } else {
                    b.scale(r, 10_000, false).await;
                }
            }
        }
        na_all(r, sections, &no_dist);
    });
    drv.stop();
}

/// chromedriver on a free local port, stopped when the bench ends.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start(exe: &Path) -> Result<Driver, String> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        let child = Command::new(exe)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("{}: {e}", exe.display()))?;
        let t0 = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if t0.elapsed() > Duration::from_secs(15) {
                return Err("chromedriver did not start within 15 s".into());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        })
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Memory of every process below `root` (the browser's processes under chromedriver): the sum of
/// their proportional set sizes (PSS), so pages shared between Chromium's processes count once.
fn tree_pss(root: u32) -> u64 {
    let mut parent: HashMap<u32, u32> = HashMap::new();
    if let Ok(rd) = std::fs::read_dir("/proc") {
        for e in rd.flatten() {
            let Ok(pid) = e.file_name().to_string_lossy().parse::<u32>() else {
                continue;
            };
            let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
                continue;
            };
            let Some(after) = stat.rsplit_once(')').map(|x| x.1) else {
                continue;
            };
            if let Some(pp) = after.split_whitespace().nth(1).and_then(|x| x.parse().ok()) {
                parent.insert(pid, pp);
            }
        }
    }
    let below = |mut p: u32| {
        for _ in 0..64 {
            match parent.get(&p) {
                Some(&pp) if pp == root => return true,
                Some(&pp) if pp > 1 => p = pp,
                _ => return false,
            }
        }
        false
    };
    parent
        .keys()
        .filter(|&&p| below(p))
        .filter_map(|p| {
            let s = std::fs::read_to_string(format!("/proc/{p}/smaps_rollup")).ok()?;
            let l = s.lines().find(|l| l.starts_with("Pss:"))?;
            l.split_whitespace()
                .nth(1)?
                .parse::<u64>()
                .ok()
                .map(|kb| kb * 1024)
        })
        .sum()
}

struct Bench<'a> {
    ctx: &'a Ctx,
    srv: &'a Server,
    drv: &'a Driver,
    chrome: &'a Path,
    dist: Option<&'a Path>,
}

impl Bench<'_> {
    /// A fresh browser (new profile, empty cache) for one measurement.
    async fn session(&self) -> Result<Client, String> {
        let profile = self
            .ctx
            .out
            .join(format!("chrome-profile-{}", server::epoch_ms() as u64));
        let caps = json!({
            "goog:chromeOptions": {
                "binary": self.chrome,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--disable-quic", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--window-size=1400,900",
                         format!("--user-data-dir={}", profile.display())]
            }
        });
        let caps = match caps {
            Value::Object(m) => m,
            _ => unreachable!("a JSON object literal"),
        };
        // Profiles from earlier sessions are no longer in use: keep only the current one.
        if let Ok(rd) = std::fs::read_dir(&self.ctx.out) {
            for e in rd.flatten() {
                if e.file_name()
                    .to_string_lossy()
                    .starts_with("chrome-profile-")
                {
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
        let conn = hyper_util::client::legacy::connect::HttpConnector::new();
        let c = ClientBuilder::new(conn)
            .capabilities(caps)
            .connect(&self.drv.url)
            .await
            .map_err(|e| format!("chromedriver session: {e}"))?;
        Ok(c)
    }

    async fn js(&self, c: &Client, script: &str, args: Vec<Value>) -> Result<Value, String> {
        c.execute(script, args)
            .await
            .map_err(|e| format!("script: {e}"))
    }

    /// Poll `cond` (a JS expression) until true or `timeout`.
    async fn wait_js(&self, c: &Client, cond: &str, timeout: Duration) -> Result<(), String> {
        let t0 = Instant::now();
        loop {
            let v = self.js(c, &format!("return !!({cond});"), vec![]).await?;
            if v.as_bool() == Some(true) {
                return Ok(());
            }
            if t0.elapsed() > timeout {
                return Err(format!(
                    "timed out after {} s waiting for {cond}",
                    timeout.as_secs()
                ));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Start a harness job and poll it to completion, sampling the browser's memory meanwhile.
    async fn job(
        &self,
        c: &Client,
        call: &str,
        arg: Value,
        timeout: Duration,
    ) -> Result<(Value, u64), String> {
        let name = format!("j{}", server::epoch_ms() as u64);
        self.js(
            c,
            &format!("const a = arguments[0]; window.__bench.start('{name}', () => window.__bench.{call}(a)); return true;"),
            vec![arg],
        )
        .await?;
        let t0 = Instant::now();
        let mut peak = 0;
        loop {
            peak = peak.max(tree_pss(self.drv.child.id()));
            let v = self
                .js(c, &format!("return window.__bench.poll('{name}');"), vec![])
                .await?;
            if v["done"].as_bool() == Some(true) {
                if let Some(e) = v["error"].as_str() {
                    return Err(e.lines().next().unwrap_or(e).to_string());
                }
                return Ok((v["result"].clone(), peak));
            }
            if t0.elapsed() > timeout {
                return Err(format!("{call}: no result within {} s", timeout.as_secs()));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Load the app cold; time to the first entity card, and what was downloaded until then.
    async fn first_card(&self, r: &mut Report, peers: &Peers) {
        let res = async {
            let c = self.session().await?;
            let start = self.srv.log.lock().map(|l| l.len()).unwrap_or(0);
            let out = async {
                c.goto(&format!("{}/", self.srv.base))
                    .await
                    .map_err(|e| format!("goto: {e}"))?;
                let seen = self
                    .wait_js(
                        &c,
                        "window.__bench && window.__bench.firstCard",
                        Duration::from_secs(20),
                    )
                    .await;
                let fc = self
                    .js(
                        &c,
                        "return [window.__bench.firstCard, performance.timeOrigin];",
                        vec![],
                    )
                    .await?;
                Ok::<_, String>((seen, fc))
            }
            .await;
            let _ = c.close().await;
            let (seen, fc) = out?;
            let hits: Vec<server::Hit> = self
                .srv
                .log
                .lock()
                .map(|l| l[start..].to_vec())
                .unwrap_or_default();
            Ok::<_, String>((seen, fc, hits))
        }
        .await;
        let (seen, fc, hits) = match res {
            Ok(x) => x,
            Err(e) => return na_all(r, &["size", "latency"], &e),
        };
        let cutoff = match &seen {
            Ok(()) => {
                put(
                    r,
                    "latency.first_card_ms",
                    fc[0]["perf"].as_f64().ok_or("no time".into()),
                );
                fc[0]["epoch"].as_f64().unwrap_or(f64::INFINITY)
            }
            Err(e) => {
                put(
                    r,
                    "latency.first_card_ms",
                    Err(format!("no entity card: {e}")),
                );
                r.notes.push(
                    "size: no card appeared, so size counts every request of the first 20 s".into(),
                );
                f64::INFINITY
            }
        };
        let Some(dist) = self.dist else { return };
        let mut files: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for h in hits
            .iter()
            .filter(|h| h.status == 200 && h.epoch_ms <= cutoff && !h.path.starts_with("/__bench/"))
        {
            let path = h
                .path
                .split('?')
                .next()
                .unwrap_or("/")
                .trim_start_matches('/');
            let rel = if path.is_empty() || !path.rsplit('/').next().unwrap_or("").contains('.') {
                "index.html"
            } else {
                path
            };
            if let Ok(data) = std::fs::read(dist.join(rel)) {
                files.insert(rel.to_string(), (data.len(), gzip_len(&data)));
            }
        }
        if files.is_empty() {
            return put(
                r,
                "size.total_gzip_kb",
                Err("no dist/ file was requested".into()),
            );
        }
        let total: usize = files.values().map(|v| v.1).sum();
        put(r, "size.total_gzip_kb", Ok(total as f64 / 1000.0));
        put(
            r,
            "size.engine_gzip_kb",
            crate::sizes::engine_probe().map(|(_, gz)| gz as f64 / 1000.0),
        );
        for (name, (raw, gz)) in &files {
            let key = format!("size.file.{}", name.replace('.', "_"));
            r.measured(
                &key,
                &format!("{name} (raw {:.1} KB)", *raw as f64 / 1000.0),
                "KB",
                *gz as f64 / 1000.0,
            );
        }
        if let Some(f) = r.figures.iter_mut().find(|f| f.key == "size.total_gzip_kb") {
            let comp = self
                .ctx
                .root
                .join("bench/peers/node_modules/compromise/builds/compromise.js");
            if let Ok(data) = std::fs::read(comp) {
                f.peer(
                    "compromise 14 (browser build, measured)",
                    gzip_len(&data) as f64 / 1000.0,
                    "bench/peers",
                );
            }
            if let Some(b) = peers.compromise_gzip_bytes {
                f.peer("compromise (README)", b / 1000.0, &peers.ner_source);
            }
        }
    }

    /// compromise and our worker on the same documents, in the same page.
    async fn speed(&self, r: &mut Report, peers: &Peers) {
        let bytes = if self.ctx.quick { 250_000 } else { 1_000_000 };
        let url = format!("/__bench/corpus?bytes={bytes}");
        let page = if self.dist.is_some() {
            "/"
        } else {
            "/__bench/peer.html"
        };
        let res = async {
            let c = self.session().await?;
            let out = async {
                c.goto(&format!("{}{page}", self.srv.base))
                    .await
                    .map_err(|e| format!("goto: {e}"))?;
                self.wait_js(&c, "window.__bench", Duration::from_secs(10))
                    .await?;
                let comp = self
                    .job(&c, "runCompromise", json!(url), Duration::from_secs(300))
                    .await;
                let ours = if self.dist.is_some() {
                    match self
                        .wait_js(&c, "window.__bench.appReady()", Duration::from_secs(20))
                        .await
                    {
                        Ok(()) => {
                            self.job(&c, "runOurs", json!(url), Duration::from_secs(300))
                                .await
                        }
                        Err(_) => Err("the app exposes no window.dossierBench.load".into()),
                    }
                } else {
                    Err(String::new())
                };
                Ok::<_, String>((comp, ours))
            }
            .await;
            let _ = c.close().await;
            out
        }
        .await;
        let (comp, ours) = match res {
            Ok(x) => x,
            Err(e) => return na_all(r, &["speed_browser"], &e),
        };
        let mbps = |v: &Value| -> Result<f64, String> {
            let ms = v["ms"].as_f64().ok_or("no time")?;
            Ok(v["bytes"].as_f64().unwrap_or(0.0) / 1e6 / (ms.max(0.001) / 1000.0))
        };
        let comp = comp.and_then(|v| mbps(&v.0));
        let ours = match ours {
            Err(e) if e.is_empty() => Err(self_dist_reason(self.dist)),
            o => o.and_then(|v| mbps(&v.0)),
        };
        put(r, "speed_browser.compromise_mbps", comp.clone());
        if let (Some(f), Some(v)) = (
            r.figures
                .iter_mut()
                .find(|f| f.key == "speed_browser.compromise_mbps"),
            peers.compromise_browser_mbps,
        ) {
            f.peer("compromise (README)", v, &peers.ner_source);
        }
        put(r, "speed_browser.ours_mbps", ours.clone());
        if let (Some(f), Ok(c)) = (
            r.figures
                .iter_mut()
                .find(|f| f.key == "speed_browser.ours_mbps"),
            &comp,
        ) {
            f.peer("compromise (this run)", *c, "measured in this run");
        }
        let ratio = match (ours, comp) {
            (Ok(o), Ok(c)) if c > 0.0 => Ok(o / c),
            (Err(e), _) | (_, Err(e)) => Err(e),
            _ => Err("compromise took no time".into()),
        };
        put(r, "speed_browser.ratio", ratio);
        r.notes.push(format!(
            "browser speed corpus: GUM news documents repeated to {:.2} MB, one call per document for compromise, one load() for Dossier",
            bytes as f64 / 1e6
        ));
    }

    /// `n` documents through the app's worker: time, peak memory, longest main-thread task; with
    /// `search`, keystroke latency afterwards.
    async fn scale(&self, r: &mut Report, n: usize, search: bool) {
        let key = format!("scale.docs_{n}");
        let res = async {
            let c = self.session().await?;
            let out = async {
                c.goto(&format!("{}/", self.srv.base))
                    .await
                    .map_err(|e| format!("goto: {e}"))?;
                self.wait_js(
                    &c,
                    "window.__bench && window.__bench.appReady()",
                    Duration::from_secs(20),
                )
                .await
                .map_err(|_| "the app exposes no window.dossierBench.load".to_string())?;
                let idle = tree_pss(self.drv.child.id());
                let timeout = Duration::from_secs(if n > 1000 { 900 } else { 300 });
                let (v, peak) = self
                    .job(
                        &c,
                        "runOurs",
                        json!(format!("/__bench/corpus?n={n}&size=5000")),
                        timeout,
                    )
                    .await?;
                let lt = self
                    .js(&c, "return window.__bench.longTaskSupported;", vec![])
                    .await?;
                let latency = if search {
                    let q = self
                        .js(&c, "return window.__bench.suggestQuery();", vec![])
                        .await?;
                    Some(
                        self.job(&c, "searchLatency", q, Duration::from_secs(60))
                            .await,
                    )
                } else {
                    None
                };
                Ok::<_, String>((v, peak, idle, lt.as_bool() == Some(true), latency))
            }
            .await;
            let _ = c.close().await;
            out
        }
        .await;
        match res {
            Err(e) => {
                for k in ["_s", "_peak_mb", "_longest_task_ms"] {
                    put(r, &format!("{key}{k}"), Err(e.clone()));
                }
                if search {
                    put(r, "latency.search_ms", Err(e));
                }
            }
            Ok((v, peak, idle, lt, latency)) => {
                let mb = v["bytes"].as_f64().unwrap_or(0.0) / 1e6;
                put(
                    r,
                    &format!("{key}_s"),
                    v["ms"]
                        .as_f64()
                        .map(|ms| ms / 1000.0)
                        .ok_or("no time".into()),
                );
                if let Some(f) = r.figures.last_mut() {
                    f.label = format!("{} ({mb:.1} MB, {} cards)", f.label, v["cards"]);
                }
                put(r, &format!("{key}_peak_mb"), Ok(peak as f64 / 1e6));
                if let Some(f) = r.figures.last_mut() {
                    f.label = format!("{} (idle before: {:.0} MB)", f.label, idle as f64 / 1e6);
                }
                let longest = if lt {
                    v["maxLongTask"]
                        .as_f64()
                        .ok_or("no long-task figure".into())
                } else {
                    Err("this Chromium reports no long tasks".into())
                };
                put(r, &format!("{key}_longest_task_ms"), longest);
                if let Some(tasks) = v["longTasks"].as_array().filter(|t| !t.is_empty()) {
                    let list = |a: &serde_json::Value| {
                        a.as_array()
                            .map(|x| {
                                x.iter()
                                    .map(|e| e.to_string())
                                    .collect::<Vec<_>>()
                                    .join(" ")
                            })
                            .unwrap_or_default()
                    };
                    let tasks: Vec<String> = tasks.iter().map(list).collect();
                    let marks: Vec<String> = v["marks"]
                        .as_array()
                        .map(|m| m.iter().map(list).collect())
                        .unwrap_or_default();
                    r.notes.push(format!(
                        "{key}: main-thread long tasks after load() (start ms, duration ms): {}{}",
                        tasks.join("; "),
                        if marks.is_empty() {
                            String::new()
                        } else {
                            format!("; page marks (name, ms): {}", marks.join("; "))
                        }
                    ));
                }
                if let Some(l) = latency {
                    let no_cards = v["cards"].as_u64() == Some(0);
                    let worst = l.and_then(|(v, _)| {
                        if no_cards {
                            return Err("no [data-testid=entity-card] on the page to update".into());
                        }
                        let keys = v.as_array().cloned().unwrap_or_default();
                        if !keys.iter().any(|k| k["changed"].as_bool() == Some(true)) {
                            return Err("typing changed nothing on the page".into());
                        }
                        keys.iter()
                            .filter_map(|k| k["ms"].as_f64())
                            .reduce(f64::max)
                            .ok_or_else(|| "no keystrokes measured".to_string())
                    });
                    put(r, "latency.search_ms", worst);
                }
            }
        }
    }
}

fn self_dist_reason(dist: Option<&Path>) -> String {
    match dist {
        Some(_) => "the app did not run".into(),
        None => "no dist/ (build the app first)".into(),
    }
}
