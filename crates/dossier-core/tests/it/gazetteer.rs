//! The gazetteer API as the recogniser uses it: countries by every form, places, the lexicon and
//! phrase matching, and the reproducibility of the generated data.

use dossier_core::gazetteer::{
    capitalised_phrase_matches, countries, country_by_code, find_country, lexicon, lookup_phrase,
    name_list, phrase_matches, place_country, CountryForm, CountryStatus, Flags, PhraseKind,
    DATA_FILES,
};

fn country(surface: &str) -> Option<(&'static str, CountryForm)> {
    find_country(surface).map(|(c, f)| (c.code, f))
}

#[test]
fn countries_are_found_by_name_in_any_case_with_or_without_the() {
    assert_eq!(country("North Korea"), Some(("KP", CountryForm::Name)));
    assert_eq!(country("NORTH KOREA"), Some(("KP", CountryForm::Name)));
    assert_eq!(country("Russia"), Some(("RU", CountryForm::Name)));
    assert_eq!(
        country("Russian Federation"),
        Some(("RU", CountryForm::Name))
    );
    assert_eq!(
        country("the United States"),
        Some(("US", CountryForm::Name))
    );
    assert_eq!(country("America"), Some(("US", CountryForm::Name)));
    assert_eq!(country("Britain"), Some(("GB", CountryForm::Name)));
    assert_eq!(country("Côte d'Ivoire"), Some(("CI", CountryForm::Name)));
    assert_eq!(country("Cote d’Ivoire"), Some(("CI", CountryForm::Name)));
    assert_eq!(country("The Netherlands"), Some(("NL", CountryForm::Name)));
}

#[test]
fn codes_match_only_in_upper_case() {
    assert_eq!(country("DPRK"), Some(("KP", CountryForm::Code)));
    assert_eq!(country("U.S."), Some(("US", CountryForm::Code)));
    assert_eq!(country("US"), Some(("US", CountryForm::Code)));
    assert_eq!(country("UK"), Some(("GB", CountryForm::Code)));
    assert_eq!(country("ROK"), Some(("KR", CountryForm::Code)));
    assert_eq!(country("UAE"), Some(("AE", CountryForm::Code)));
    assert_eq!(country("us"), None);
    assert_eq!(country("Us"), None);
}

#[test]
fn demonyms_and_their_plurals_name_their_country() {
    assert_eq!(country("North Korean"), Some(("KP", CountryForm::Demonym)));
    assert_eq!(country("Russian"), Some(("RU", CountryForm::Demonym)));
    assert_eq!(country("Russians"), Some(("RU", CountryForm::Demonym)));
    assert_eq!(country("Chinese"), Some(("CN", CountryForm::Demonym)));
    assert_eq!(country("American"), Some(("US", CountryForm::Demonym)));
    assert_eq!(country("Pakistanis"), Some(("PK", CountryForm::Demonym)));
    // "French (French Guiana)" in the source must not take "French" from France.
    assert_eq!(country("French"), Some(("FR", CountryForm::Demonym)));
    // Ambiguous between two countries: not guessed.
    assert_eq!(country("Congolese"), None);
    assert_eq!(country("Korean"), None);
}

#[test]
fn capitals_and_seats_of_power_are_metonyms() {
    assert_eq!(country("Pyongyang"), Some(("KP", CountryForm::Capital)));
    assert_eq!(country("Moscow"), Some(("RU", CountryForm::Capital)));
    assert_eq!(country("Washington"), Some(("US", CountryForm::Capital)));
    assert_eq!(country("the Kremlin"), Some(("RU", CountryForm::Seat)));
    assert_eq!(country("Kremlin"), Some(("RU", CountryForm::Seat)));
    assert_eq!(country("The White House"), Some(("US", CountryForm::Seat)));
    assert_eq!(country("Downing Street"), Some(("GB", CountryForm::Seat)));
    assert_eq!(country("Élysée"), Some(("FR", CountryForm::Seat)));
    assert_eq!(country("Elysee"), Some(("FR", CountryForm::Seat)));
    assert_eq!(country("Zhongnanhai"), Some(("CN", CountryForm::Seat)));
    assert_eq!(country("the Blue House"), Some(("KR", CountryForm::Seat)));
}

#[test]
fn inverted_tag_forms() {
    assert_eq!(country("KOREA, NORTH"), Some(("KP", CountryForm::Inverted)));
    assert_eq!(country("Korea, South"), Some(("KR", CountryForm::Inverted)));
    assert_eq!(
        country("Korea, Republic of"),
        Some(("KR", CountryForm::Inverted))
    );
    assert_eq!(
        country("CONGO, DEMOCRATIC REPUBLIC OF THE"),
        Some(("CD", CountryForm::Inverted))
    );
}

#[test]
fn unknown_and_degenerate_surfaces_are_none() {
    for s in ["", " ", "...", "Korea", "Congo", "Smith", "the", "Mobile"] {
        assert_eq!(country(s), None, "{s:?}");
    }
}

#[test]
fn countries_have_codes_names_flags_and_status() {
    let kp = country_by_code("KP").expect("KP");
    assert_eq!(kp.name, "North Korea");
    assert_eq!(kp.flag, "🇰🇵");
    assert!(kp.is_sovereign());
    assert_eq!(country_by_code("us").map(|c| c.name), Some("United States"));
    assert_eq!(country_by_code("RU").map(|c| c.name), Some("Russia"));
    assert_eq!(country_by_code("GB").map(|c| c.flag), Some("🇬🇧"));
    assert_eq!(
        country_by_code("PR").map(|c| c.status),
        Some(CountryStatus::Territory)
    );
    let su = country_by_code("SU").expect("Soviet Union");
    assert_eq!((su.status, su.flag), (CountryStatus::Former, ""));
    assert_eq!(country("USSR").map(|c| c.0), Some("SU"));
    assert!(country_by_code("ZZ").is_none());

    let all: Vec<_> = countries().collect();
    let sovereign = all.iter().filter(|c| c.is_sovereign()).count();
    // 193 UN members + 2 observers + Taiwan + Kosovo.
    assert_eq!(sovereign, 197, "sovereign states");
    for c in &all {
        assert_eq!(c.code.len(), 2, "{c:?}");
        assert!(!c.name.is_empty(), "{c:?}");
        if c.status != CountryStatus::Former {
            assert_eq!(c.flag.chars().count(), 2, "{c:?}");
        }
        // Every display name finds its own country.
        assert_eq!(
            find_country(c.name).map(|x| x.0.code),
            Some(c.code),
            "{c:?}"
        );
    }
    let mut codes: Vec<_> = all.iter().map(|c| c.code).collect();
    codes.dedup();
    assert_eq!(codes.len(), all.len(), "codes are unique and sorted");
}

#[test]
fn places_lie_in_countries() {
    assert_eq!(place_country("Wonsan"), Some("KP"));
    assert_eq!(place_country("Wŏnsan"), Some("KP"));
    assert_eq!(place_country("Pyongyang"), Some("KP"));
    assert_eq!(place_country("Hamhung"), Some("KP"));
    assert_eq!(place_country("Vladivostok"), Some("RU"));
    assert_eq!(place_country("Birmingham"), Some("GB"));
    assert_eq!(place_country("Florida"), Some("US"));
    assert_eq!(place_country("New York"), Some("US"));
    assert_eq!(place_country("Scotland"), Some("GB"));
    assert_eq!(place_country("Kiev"), Some("UA"));
    assert_eq!(place_country("Europe"), None);
    assert_eq!(place_country("Smith"), None);
    // Constituent countries are places, not countries.
    assert_eq!(find_country("England"), None);
}

#[test]
fn lexicon_flags_words() {
    assert!(lexicon("Mary").contains(Flags::GIVEN_NAME));
    assert!(lexicon("SMITH").contains(Flags::SURNAME));
    assert!(lexicon("Sergei").contains(Flags::GIVEN_NAME));
    assert!(lexicon("Choe").contains(Flags::SURNAME));
    assert!(lexicon("Ivanov").contains(Flags::SURNAME));
    assert!(lexicon("Wonsan").contains(Flags::CITY));
    assert!(lexicon("France").contains(Flags::COUNTRY_WORD));
    assert!(lexicon("Russians").contains(Flags::DEMONYM));
    assert!(lexicon("Ministry").contains(Flags::ORG_WORD));
    assert!(lexicon("Agency").contains(Flags::ORG_WORD));
    assert!(lexicon("President").contains(Flags::TITLE));
    assert!(lexicon("Gen.").contains(Flags::TITLE));
    assert!(lexicon("North").contains(Flags::PHRASE_START));
    assert!(lexicon("Jong-un").contains(Flags::GIVEN_NAME));
    assert!(lexicon("Son-hui").contains(Flags::GIVEN_NAME));
    assert!(lexicon("Russian-Korean").contains(Flags::DEMONYM));
    assert_eq!(lexicon("co-operation"), Flags::NONE);
    assert_eq!(lexicon("the"), Flags::NONE);
    assert_eq!(lexicon(""), Flags::NONE);
}

#[test]
fn front_coded_name_lists_decode_to_whole_names() {
    // A leading digit d takes the first d characters of the name before; "#" lines are comments.
    let list = "# header\nAaron\n1bbott\n2el\n4l\n3rnathy\nZ\n1ü\n";
    assert_eq!(
        name_list(list),
        ["Aaron", "Abbott", "Abel", "Abell", "Abernathy", "Z", "Zü"]
    );
    // places.tsv is front-coded per group too; a name that starts with a digit is escaped.
    assert_eq!(place_country("6th of October City"), Some("EG"));
    assert_eq!(place_country("Dubai Marina"), Some("AE"));
    // The shipped lists decode to sorted, unique, digit-free names, all in the lexicon.
    for (file, flag) in [
        ("given_names.txt", Flags::GIVEN_NAME),
        ("surnames.txt", Flags::SURNAME),
    ] {
        let text = DATA_FILES.iter().find(|(n, _)| *n == file).unwrap().1;
        let names = name_list(text);
        assert!(names.len() > 1000, "{file}: {}", names.len());
        assert!(names.windows(2).all(|w| w[0] < w[1]), "{file} not sorted");
        for n in &names {
            assert!(
                !n.is_empty() && !n.contains(|c: char| c.is_ascii_digit()),
                "{n:?}"
            );
            assert!(lexicon(n).contains(flag), "{file}: {n}");
        }
    }
}

#[test]
fn english_word_cities_are_flagged_common() {
    for w in ["Mobile", "Reading", "Nice", "Bath", "Split", "LA"] {
        assert!(lexicon(w).contains(Flags::COMMON_WORD), "{w}");
    }
    assert!(lexicon("Reading").contains(Flags::CITY));
    assert!(!lexicon("Pyongyang").contains(Flags::COMMON_WORD));
}

fn matches(text: &str) -> Vec<(&str, PhraseKind)> {
    phrase_matches(text)
        .into_iter()
        .map(|m| (m.span.of(text), m.kind))
        .collect()
}

#[test]
fn phrases_are_found_leftmost_longest() {
    let text = "North Korea's KCNA said the U.S. and South Korean forces met in Wŏnsan.";
    let found = matches(text);
    let kp = PhraseKind::Country {
        code: "KP",
        form: CountryForm::Name,
    };
    assert_eq!(found[0], ("North Korea", kp));
    assert_eq!(
        found[1],
        (
            "KCNA",
            PhraseKind::Org {
                country: Some("KP")
            }
        )
    );
    assert_eq!(
        found[2],
        (
            "U.S.",
            PhraseKind::Country {
                code: "US",
                form: CountryForm::Code
            }
        )
    );
    assert_eq!(
        found[3],
        (
            "South Korean",
            PhraseKind::Country {
                code: "KR",
                form: CountryForm::Demonym
            }
        )
    );
    assert_eq!(
        found[4],
        (
            "Wŏnsan",
            PhraseKind::Place {
                country: Some("KP")
            }
        )
    );
    assert_eq!(found.len(), 5, "{found:?}");
}

#[test]
fn phrase_matching_respects_case_of_abbreviations_and_sentence_ends() {
    assert!(matches("tell us about it").is_empty());
    // "Korea. North" is not "Korea, North".
    let found = matches("He left Korea. North of the border");
    assert!(found.iter().all(|(s, _)| *s != "Korea. North"), "{found:?}");
    let tags = matches("Tags: KOREA, NORTH, JAPAN");
    assert_eq!(tags[0].0, "KOREA, NORTH");
    let prose = matches("both Korea, North Korea and");
    assert!(prose.iter().any(|(s, _)| *s == "North Korea"), "{prose:?}");
    // The capitalised word after it is in no phrase (the matcher leaves it out) but still counts.
    let left_out = matches("both Korea, North Zqxwv and");
    assert!(
        left_out.iter().all(|(s, _)| *s != "Korea, North"),
        "{left_out:?}"
    );
    let lower = matches("both Korea, North zqxwv and");
    assert!(lower.iter().any(|(s, _)| *s == "Korea, North"), "{lower:?}");
}

#[test]
fn multi_word_organisations_and_titles() {
    let text = "the Korean Central News Agency quoted Foreign Minister Choe";
    let found = matches(text);
    assert!(found.contains(&(
        "Korean Central News Agency",
        PhraseKind::Org {
            country: Some("KP")
        }
    )));
    assert!(found.contains(&("Foreign Minister", PhraseKind::Title)));
}

#[test]
fn regions_and_continents_are_places_in_no_country() {
    let found = matches("across Europe and the Middle East, and in Crimea");
    assert!(found.contains(&("Europe", PhraseKind::Place { country: None })));
    assert!(found.contains(&("Middle East", PhraseKind::Place { country: None })));
    assert!(found.contains(&(
        "Crimea",
        PhraseKind::Place {
            country: Some("UA")
        }
    )));
}

#[test]
fn possessives_and_full_stops_are_not_part_of_phrases() {
    let found = matches("Russia's navy met the Kremlin's man. Ended in Seoul.");
    let spans: Vec<&str> = found.iter().map(|(s, _)| *s).collect();
    assert_eq!(spans, ["Russia", "Kremlin", "Seoul"], "{found:?}");
    // An upper-case code at a sentence end loses the full stop; "U.S." and "Gen." keep theirs.
    let found = matches("troops left the US. Gen. Kim met U.S. envoys in the UK.");
    let spans: Vec<&str> = found.iter().map(|(s, _)| *s).collect();
    assert_eq!(spans, ["US", "Gen.", "U.S.", "UK"], "{found:?}");
}

#[test]
fn one_word_places_that_are_names_are_left_to_the_lexicon() {
    // "Irving" and "Eugene" are smaller cities, but far more often people: no place phrase.
    assert!(matches("Irving met Eugene").is_empty());
    assert!(lexicon("Irving").contains(Flags::CITY));
    assert_eq!(place_country("Irving"), Some("US"));
}

mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn lookups_never_panic(s in "\\PC{0,40}") {
            let _ = find_country(&s);
            let _ = place_country(&s);
            let _ = lexicon(&s);
        }

        #[test]
        fn phrase_spans_are_ordered_in_bounds_and_on_char_boundaries(
            s in "([A-Za-zŏéü’',.\\- \n]|Korea|North|the|U\\.S\\.|KOREA, NORTH|Wŏnsan|'s){0,40}"
        ) {
            let found = phrase_matches(&s);
            let mut last_end = 0;
            for m in &found {
                prop_assert!(m.span.start < m.span.end);
                prop_assert!(m.span.start >= last_end);
                prop_assert!(m.span.end <= s.len());
                prop_assert!(s.is_char_boundary(m.span.start) && s.is_char_boundary(m.span.end));
                last_end = m.span.end;
            }
            prop_assert_eq!(&found, &phrase_matches(&s));
        }

        #[test]
        fn capitalised_matches_are_the_capitalised_phrase_matches(
            s in "([a-zé ,.\\-\n]|Korea|korea|North|north|south|South|new|New|York|Mexico|united|states|United|States|the|U\\.S\\.|KOREA, NORTH|Wŏnsan|'s| ){0,40}"
        ) {
            let all: Vec<_> = phrase_matches(&s)
                .into_iter()
                .filter(|m| s[m.span.start..].starts_with(char::is_uppercase))
                .collect();
            prop_assert_eq!(capitalised_phrase_matches(&s), all);
        }
    }
}

#[test]
fn whole_surfaces_are_looked_up_as_phrases() {
    let kp_org = Some(PhraseKind::Org {
        country: Some("KP"),
    });
    assert_eq!(lookup_phrase("KCNA"), kp_org);
    assert_eq!(lookup_phrase("Korean Central News Agency"), kp_org);
    assert_eq!(lookup_phrase("the Korean Central News Agency"), kp_org);
    assert_eq!(
        lookup_phrase("U.N. Security Council"),
        Some(PhraseKind::Org { country: None })
    );
    assert_eq!(lookup_phrase("Foreign Minister"), Some(PhraseKind::Title));
    assert_eq!(
        lookup_phrase("Rio de Janeiro"),
        Some(PhraseKind::Place {
            country: Some("BR")
        })
    );
    // A capital is first a metonym for its country; place_country still places it.
    assert_eq!(
        lookup_phrase("Kuala Lumpur"),
        Some(PhraseKind::Country {
            code: "MY",
            form: CountryForm::Capital
        })
    );
    assert_eq!(place_country("Kuala Lumpur"), Some("MY"));
    // Abbreviations only in upper case; parts of entries are not entries.
    assert_eq!(lookup_phrase("who"), None);
    assert_eq!(lookup_phrase("Korean Central"), None);
    assert_eq!(lookup_phrase(""), None);
}

#[test]
fn major_cities_stay_places_even_when_they_are_names() {
    // Over 250,000 inhabitants: a place phrase although also a person's name.
    for city in ["Dallas", "Cleveland", "Austin"] {
        let found = matches(city);
        assert_eq!(
            found,
            [(
                city,
                PhraseKind::Place {
                    country: Some("US")
                }
            )],
            "{city}"
        );
    }
    assert!(phrase_matches("Dallas").iter().all(|m| !m.ambiguous));
}

#[test]
fn english_words_match_only_capitalised_and_are_marked_ambiguous() {
    let found = phrase_matches("they moved to Reading");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0].kind,
        PhraseKind::Place {
            country: Some("GB")
        }
    );
    assert!(found[0].ambiguous);
    assert!(phrase_matches("reading a nice book").is_empty());
    assert_eq!(place_country("Nice"), Some("FR"));
    // Titles that are ordinary words: "General Smith", not "in general".
    let general = phrase_matches("General Smith said that in general");
    assert_eq!(general.len(), 1, "{general:?}");
    assert_eq!(general[0].kind, PhraseKind::Title);
    assert_eq!(lookup_phrase("general"), None);
    assert_eq!(lookup_phrase("General"), Some(PhraseKind::Title));
    // Unambiguous entries are not marked.
    assert!(phrase_matches("Pyongyang").iter().all(|m| !m.ambiguous));
}

#[test]
fn a_lower_case_match_still_hides_a_capitalised_one() {
    // "new Mexico" matches from "new" (any case) and covers "Mexico", so no capitalised phrase
    // is left; skipping lower-case starts would find "Mexico" alone.
    assert_eq!(phrase_matches("Mexico").len(), 1);
    let all = phrase_matches("the new Mexico office");
    assert_eq!(all.len(), 1, "{all:?}");
    assert!(capitalised_phrase_matches("the new Mexico office").is_empty());
    assert_eq!(
        capitalised_phrase_matches("the new office in Mexico").len(),
        1
    );
}
