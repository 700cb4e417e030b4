//! The sample corpus bundled into the app: five real news articles as they were scraped (page
//! furniture included), loaded on a first visit so there is something to explore at once.
//!
//! The files live in `www/samples/` (copied from the project's seed corpus) and are compiled in, so
//! the single-file offline bundle has them too. The texts belong to their publishers; each keeps
//! its source line.

macro_rules! sample {
    ($name:literal) => {
        ($name, include_str!(concat!("../www/samples/", $name)))
    };
}

/// `(file name, content)` of every sample, sorted by name.
pub const SAMPLES: &[(&str, &str)] = &[
    sample!("000_619ce825aaed01a1.txt"),
    sample!("001_73db6a91d50d96d1.txt"),
    sample!("002_ce9a732754e3591d.txt"),
    sample!("003_027496980c43a918.txt"),
    sample!("004_b635026d472f7ad1.txt"),
];

#[cfg(test)]
mod tests {
    use super::SAMPLES;

    /// Every file in www/samples is bundled, and nothing else: adding a sample file without
    /// listing it here fails.
    #[test]
    fn bundles_every_sample_file() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/www/samples");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .expect("www/samples exists")
            .map(|e| {
                e.expect("readable entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .filter(|n| !n.starts_with('.'))
            .collect();
        on_disk.sort();
        let bundled: Vec<&str> = SAMPLES.iter().map(|(n, _)| *n).collect();
        assert_eq!(bundled, on_disk);
        for (name, text) in SAMPLES {
            let path = format!("{dir}/{name}");
            assert_eq!(
                std::fs::read_to_string(&path).expect("sample is UTF-8"),
                *text
            );
        }
    }
}
