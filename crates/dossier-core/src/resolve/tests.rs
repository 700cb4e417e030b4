//! Specs for the resolver on hand-marked documents: `[name]p` marks a person, `o` an organisation,
//! `l` a place, `c` a country mention (its code comes from the test atlas below).

use super::*;
use crate::sort::SortStable;
use crate::text::case::Lower;

/// A tiny atlas: enough countries, capitals and seats for the specs, and a few given names.
struct TestAtlas;

impl Atlas for TestAtlas {
    fn country_name(&self, code: &str) -> Option<String> {
        Some(
            match code {
                "RU" => "Russia",
                "KP" => "North Korea",
                "US" => "United States",
                "MY" => "Malaysia",
                "GB" => "United Kingdom",
                _ => return None,
            }
            .to_string(),
        )
    }
    fn country_form(&self, surface: &str) -> Option<(String, Naming)> {
        let s = surface.trim_start_matches("the ").lower();
        let (code, naming) = match s.as_str() {
            "russia" | "russian" => ("RU", Naming::Country),
            "north korea" | "north korean" | "korea, north" => ("KP", Naming::Country),
            "us" | "united states" | "american" => ("US", Naming::Country),
            "malaysian" | "malaysia" => ("MY", Naming::Country),
            "british" => ("GB", Naming::Country),
            "moscow" => ("RU", Naming::Capital),
            "pyongyang" => ("KP", Naming::Capital),
            "washington" => ("US", Naming::Capital),
            "kremlin" => ("RU", Naming::Seat),
            "white house" => ("US", Naming::Seat),
            _ => return None,
        };
        Some((code.to_string(), naming))
    }
    fn is_given_name(&self, word: &str) -> bool {
        matches!(
            word,
            "sergei" | "sergey" | "donald" | "vladimir" | "dmitry" | "andrei"
        )
    }
}

struct Doc {
    text: String,
    sentences: Vec<Sentence>,
    mentions: Vec<Mention>,
}

/// Parse the `[surface]k` markup into text, mentions and naive sentences (split after ". ").
fn doc(marked: &str) -> Doc {
    let mut text = String::new();
    let mut mentions = Vec::new();
    let mut rest = marked;
    while let Some(open) = rest.find('[') {
        text.push_str(&rest[..open]);
        let close = rest[open..].find(']').expect("closing bracket") + open;
        let surface = &rest[open + 1..close];
        let k = rest[close + 1..].chars().next().expect("kind letter");
        let kind = match k {
            'p' => MentionKind::Person,
            'o' => MentionKind::Organization,
            'l' => MentionKind::Place,
            'c' => MentionKind::Country,
            _ => panic!("unknown kind {k}"),
        };
        let start = text.len();
        text.push_str(surface);
        let country = if kind == MentionKind::Country {
            TestAtlas.country_form(surface).map(|c| c.0)
        } else {
            None
        };
        mentions.push(Mention {
            span: Span::new(start, text.len()),
            kind,
            country,
        });
        rest = &rest[close + 2..];
    }
    text.push_str(rest);
    let mut sentences = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices(['.', '\n']) {
        sentences.push(Sentence {
            span: Span::new(start, i + 1),
            headline: false,
        });
        start = i + 1;
    }
    if start < text.len() {
        sentences.push(Sentence {
            span: Span::new(start, text.len()),
            headline: false,
        });
    }
    Doc {
        text,
        sentences,
        mentions,
    }
}

fn run(docs: &[Doc]) -> Resolved {
    let inputs: Vec<DocInput> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| DocInput {
            doc: DocId(i as u32),
            text: &d.text,
            sentences: &d.sentences,
            mentions: &d.mentions,
            tags: &[],
        })
        .collect();
    resolve(&inputs, &TestAtlas)
}

/// The entity that has `name` as its name or an alias.
fn entity<'a>(r: &'a Resolved, name: &str) -> &'a Entity {
    r.entities
        .iter()
        .find(|e| e.name == name || e.aliases.iter().any(|a| a == name))
        .unwrap_or_else(|| panic!("no entity {name:?} in {:#?}", names(r)))
}

fn names(r: &Resolved) -> Vec<(String, Vec<String>)> {
    r.entities
        .iter()
        .map(|e| (e.name.clone(), e.aliases.clone()))
        .collect()
}

fn roles(e: &Entity) -> Vec<&str> {
    e.roles.iter().map(|r| r.title.as_str()).collect()
}

#[test]
fn spelling_and_romanisation_variants_merge_with_their_rule() {
    let r = run(&[
        doc("[Russian]c Foreign Minister [Sergei Lavrov]p met [Kim Jong-un]p."),
        doc("[Sergey Lavrov]p met [KIM JONG UN]p and [Choe Son-hui]p. [Choi Son Hui]p spoke."),
    ]);
    let lavrov = entity(&r, "Sergei Lavrov");
    assert_eq!(lavrov.kind, EntityKind::Person);
    assert!(
        lavrov.aliases.contains(&"Sergey Lavrov".to_string()) || lavrov.name == "Sergey Lavrov"
    );
    assert_eq!(lavrov.docs, vec![DocId(0), DocId(1)]);
    assert!(lavrov.merges.iter().all(|m| m.rule == RULE_ROMAN));
    let kim = entity(&r, "Kim Jong-un");
    assert!(kim.aliases.contains(&"KIM JONG UN".to_string()));
    assert!(kim.merges.iter().any(|m| m.rule == RULE_SPELLING));
    let choe = entity(&r, "Choe Son-hui");
    assert_eq!(choe.mentions.len(), 2);
}

#[test]
fn surname_and_title_references_join_the_full_name_of_their_document() {
    let r = run(&[doc(
        "[Russian]c Foreign Minister [Sergei Lavrov]p arrived. [Lavrov]p spoke. \
         [Foreign Minister Lavrov]p left.",
    )]);
    let lavrov = entity(&r, "Sergei Lavrov");
    assert_eq!(lavrov.mentions.len(), 3);
    assert!(lavrov
        .merges
        .iter()
        .any(|m| m.alias == "Lavrov" && m.rule == RULE_SURNAME_DOC));
    assert_eq!(lavrov.country.as_deref(), Some("RU"));
    assert_eq!(roles(lavrov), vec!["Foreign Minister"]);
    assert_eq!(
        r.entities
            .iter()
            .filter(|e| e.kind == EntityKind::Person)
            .count(),
        1
    );
}

#[test]
fn sung_kim_is_not_kim_jong_un_and_a_bare_kim_follows_its_document() {
    let r = run(&[doc(
        "[North Korean]c leader [Kim Jong Un]p made a trip. [Putin]p and [Kim]p toasted. \
         [US]c Special Representative for [North Korea]c [Sung Kim]p called it worrying. \
         [Sung Kim]p left.",
    )]);
    let kju = entity(&r, "Kim Jong Un");
    let sung = entity(&r, "Sung Kim");
    assert_ne!(kju.id, sung.id);
    assert!(kju.aliases.contains(&"Kim".to_string()), "{:?}", names(&r));
    assert_eq!(kju.country.as_deref(), Some("KP"));
    assert_eq!(roles(kju), vec!["leader"]);
    assert_eq!(sung.country.as_deref(), Some("US"));
    assert_eq!(roles(sung), vec!["Special Representative for North Korea"]);
    assert!(sung.aliases.is_empty());
}

#[test]
fn a_bare_surname_shared_by_two_full_names_elsewhere_stays_apart() {
    let r = run(&[
        doc("[Kim Jong Un]p spoke."),
        doc("[Sung Kim]p spoke."),
        doc("[Kim]p spoke."),
    ]);
    assert_eq!(r.entities.len(), 3, "{:?}", names(&r));
    assert_eq!(entity(&r, "Kim").aliases, Vec::<String>::new());
}

#[test]
fn a_surname_unique_across_documents_joins_its_full_name() {
    let r = run(&[doc("[Dmitry Peskov]p spoke."), doc("[Peskov]p said so.")]);
    let e = entity(&r, "Dmitry Peskov");
    assert_eq!(e.docs, vec![DocId(0), DocId(1)]);
    assert_eq!(e.merges[0].rule, RULE_SURNAME_CORPUS);
}

#[test]
fn acronyms_join_expansions_in_parentheses_in_the_document_and_across_documents() {
    let r = run(&[
        doc(
            "The [British]c [Royal United Services Institute]o ([RUSI]o) released images. \
             The [RUSI]o report said so.",
        ),
        doc("[North Korea]c's state media [KCNA]o said."),
        doc("[North Korea]c's [Korean Central News Agency]o reported."),
    ]);
    let rusi = entity(&r, "RUSI");
    assert_eq!(rusi.name, "Royal United Services Institute");
    assert_eq!(rusi.mentions.len(), 3);
    assert_eq!(rusi.country.as_deref(), Some("GB"));
    assert!(rusi.merges.iter().any(|m| m.rule == RULE_ACRONYM_PAREN));
    let kcna = entity(&r, "KCNA");
    assert_eq!(kcna.name, "Korean Central News Agency");
    assert_eq!(kcna.docs, vec![DocId(1), DocId(2)]);
    assert_eq!(kcna.country.as_deref(), Some("KP"));
    assert_eq!(kcna.merges[0].rule, RULE_ACRONYM_CORPUS);
}

#[test]
fn countries_gather_names_demonyms_tags_capitals_and_seats() {
    let r = run(&[doc(
        "[Russia]c and [North Korea]c. [Russian]c troops. [KOREA, NORTH]c tag. \
         Trains from [Moscow]c to [Pyongyang]c. [The Kremlin]c said.",
    )]);
    let ru = r.countries.iter().find(|c| c.code == "RU").expect("RU");
    assert_eq!(ru.name, "Russia");
    assert_eq!(
        ru.mentioned_as,
        vec!["Kremlin", "Moscow", "Russia", "Russian"]
    );
    let kp = r.countries.iter().find(|c| c.code == "KP").expect("KP");
    assert_eq!(
        kp.mentioned_as,
        vec!["KOREA, NORTH", "North Korea", "Pyongyang"]
    );
    // Capitals stay places, seats stay organisations, each with its country.
    let moscow = entity(&r, "Moscow");
    assert_eq!(
        (moscow.kind, moscow.country.as_deref()),
        (EntityKind::Place, Some("RU"))
    );
    let kremlin = entity(&r, "Kremlin");
    assert_eq!(kremlin.kind, EntityKind::Organization);
    assert_eq!(kremlin.country.as_deref(), Some("RU"));
    // Per-mention links: "Moscow" names the place and stands for Russia.
    let moscow_idx = 4;
    assert_eq!(r.mention_entities[0][moscow_idx], Some(moscow.id));
    assert_eq!(r.mention_countries[0][moscow_idx], Some(ru.id));
}

#[test]
fn people_get_country_and_role_from_their_noun_phrase() {
    let r = run(&[doc(
        "[TASS]o quoted Deputy [Russian]c Foreign Minister [Andrei Rudenko]p as saying so. \
         Lavrov and his [North Korean]c counterpart, [Choi Son Hui]p, met. \
         Last month, [Sergei Shoigu]p, a top [Kremlin]c security official, met him. \
         [Kremlin]c spokesman [Dmitry Peskov]p said no.\n\
         The [US]c has become frustrated with [Russia]c. President [Donald Trump]p spoke.",
    )]);
    let rudenko = entity(&r, "Andrei Rudenko");
    assert_eq!(rudenko.country.as_deref(), Some("RU"));
    assert_eq!(roles(rudenko), vec!["Deputy Foreign Minister"]);
    assert_eq!(entity(&r, "Choi Son Hui").country.as_deref(), Some("KP"));
    assert!(entity(&r, "Choi Son Hui").roles.is_empty());
    let shoigu = entity(&r, "Sergei Shoigu");
    assert_eq!(shoigu.country.as_deref(), Some("RU"));
    assert_eq!(roles(shoigu), vec!["security official"]);
    let peskov = entity(&r, "Dmitry Peskov");
    assert_eq!(peskov.country.as_deref(), Some("RU"));
    assert_eq!(roles(peskov), vec!["spokesman"]);
    assert_eq!(
        peskov.roles[0].evidence[0].text,
        "Kremlin spokesman Dmitry Peskov"
    );
    let trump = entity(&r, "Donald Trump");
    assert_eq!(trump.country.as_deref(), Some("US"));
    assert_eq!(roles(trump), vec!["President"]);
}

#[test]
fn organisations_and_places_get_country_from_context() {
    let r = run(&[doc(
        "[Russia]c's state [TASS]o news agency said. The [Central Military Commission]o of \
         [North Korea]c declared. He flew out of the [Malaysian]c capital [Kuala Lumpur]l and \
         arrived in [Wonsan]l, [North Korea]c, home to a resort. It reached [Russia]c's [Kursk region]l.",
    )]);
    assert_eq!(entity(&r, "TASS").country.as_deref(), Some("RU"));
    assert_eq!(
        entity(&r, "Central Military Commission").country.as_deref(),
        Some("KP")
    );
    assert_eq!(entity(&r, "Kuala Lumpur").country.as_deref(), Some("MY"));
    assert_eq!(entity(&r, "Wonsan").country.as_deref(), Some("KP"));
    let kursk = entity(&r, "Kursk");
    assert_eq!(kursk.country.as_deref(), Some("RU"));
}

#[test]
fn a_verb_between_country_and_name_breaks_the_link() {
    let r = run(&[doc("[Russia]c says [Lavrov Ivanov]p will come.")]);
    assert_eq!(entity(&r, "Lavrov Ivanov").country, None);
}

#[test]
fn output_is_sorted_deterministic_and_spans_point_at_names() {
    let d = [
        doc("[Russia]c's [Lavrov]p met [Sergei Lavrov]p in [Moscow]c. [Reuters]o reported."),
        doc("[Asean]o and [ASEAN]o met in [Kuala Lumpur]l."),
    ];
    let a = run(&d);
    let b = run(&d);
    assert_eq!(a, b);
    for (i, e) in a.entities.iter().enumerate() {
        assert_eq!(e.id, EntityId(i as u32));
        assert!(e.mentions.windows(2).all(|w| w[0] < w[1]));
        let mut sorted = e.aliases.clone();
        sorted.sort_stable();
        assert_eq!(e.aliases, sorted);
        for m in &e.mentions {
            let text = &d[m.doc.0 as usize].text;
            assert!(text.get(m.start..m.end).is_some_and(|s| !s.is_empty()));
        }
    }
    assert_eq!(
        entity(&a, "Lavrov").mentions[0].end - entity(&a, "Lavrov").mentions[0].start,
        6
    );
    // "Asean" differs from the name only in case: one entity, no alias for a case variant.
    assert_eq!(entity(&a, "ASEAN").mentions.len(), 2);
    assert!(entity(&a, "ASEAN").aliases.is_empty());
}

#[test]
fn aliases_that_differ_only_in_case_collapse_to_the_most_readable_form() {
    let d = [
        doc("[SERGEY LAVROV]p spoke. [Sergey Lavrov]p arrived, [Sergey Lavrov]p talked, [Sergey Lavrov]p left."),
        doc("[Sergei Lavrov]p met [Choe Son Hui]p."),
        doc("[Sergei Lavrov]p flew home."),
    ];
    let r = run(&d);
    // The spelling used by more documents names the entity (two documents beat three mentions
    // in one); the tag-list capitals fold into the mixed-case alias.
    assert_eq!(entity(&r, "Sergei Lavrov").aliases, ["Sergey Lavrov"]);
}

#[test]
fn tags_name_entities_of_the_article_but_never_create_them() {
    let body = "[Sergei Shoigu]p met leaders of [North Korea]c in [Pyongyang]c.";
    let d = doc(&format!("KOREA, NORTH, SHOIGU, LA, PYONGYANG, WAR\n{body}"));
    let tags = [Span::new(0, d.text.find('\n').expect("tag line"))];
    // The tag line is not a sentence of the main content: only the body's mentions are inputs.
    let input = DocInput {
        doc: DocId(0),
        text: &d.text,
        sentences: &d.sentences[1..],
        mentions: &d.mentions,
        tags: &tags,
    };
    let r = resolve(&[input], &TestAtlas);
    let shoigu = entity(&r, "Sergei Shoigu");
    assert_eq!(shoigu.aliases, vec!["SHOIGU"]);
    assert!(shoigu.merges.iter().any(|m| m.rule == RULE_TAG));
    let kp = r.countries.iter().find(|c| c.code == "KP").expect("KP");
    assert_eq!(
        kp.mentioned_as,
        vec!["KOREA, NORTH", "North Korea", "Pyongyang"]
    );
    assert_eq!(entity(&r, "Pyongyang").mentions.len(), 2);
    // "LA" and "WAR" name nothing in the article; tags add no entity.
    assert_eq!(r.entities.len(), 3, "{:?}", names(&r));
    assert_eq!(r.mention_entities[0].len(), d.mentions.len());
}

#[test]
fn a_lower_case_word_a_tagger_left_in_front_of_a_name_is_not_part_of_it() {
    let r = run(&[doc(
        "[Sergei Lavrov]p arrived. The agency [said Lavrov]p would stay. [de Gaulle]p left.",
    )]);
    let lavrov = entity(&r, "Sergei Lavrov");
    assert_eq!(lavrov.mentions.len(), 2);
    assert_eq!(lavrov.aliases, vec!["Lavrov"]);
    entity(&r, "de Gaulle");
}

#[test]
fn a_full_name_repeated_in_many_documents_is_still_the_only_one_with_its_surname() {
    // The corpus-wide rule asks "how many distinct full names", not "how many mentions".
    let mut docs: Vec<Doc> = (0..5)
        .map(|_| doc("[Dmitry Peskov]p spoke. [Sergei Lavrov]p listened."))
        .collect();
    docs.push(doc("[Peskov]p said so. [Lavrov]p agreed."));
    docs.push(doc("[Anna Lavrova]p wrote. [Lavrov]p did not."));
    let r = run(&docs);
    let peskov = entity(&r, "Dmitry Peskov");
    assert_eq!(peskov.aliases, vec!["Peskov"]);
    assert_eq!(peskov.merges[0].rule, RULE_SURNAME_CORPUS);
    // "Lavrov" in the last document is not "Anna Lavrova" (another surname), and across
    // documents it still has exactly one full name to join.
    assert_eq!(entity(&r, "Sergei Lavrov").aliases, vec!["Lavrov"]);
    assert_eq!(entity(&r, "Anna Lavrova").aliases, Vec::<String>::new());
}

#[test]
fn many_people_sharing_few_surnames_merge_only_within_their_documents() {
    // 40 documents, each introducing two people whose surnames are shared with other documents'
    // people, and referring back to them by surname: every bare surname joins its own document's
    // full name, never a namesake's from elsewhere, and a surname with no full name in its
    // document and several elsewhere stays alone.
    let given = [
        "Anna", "Boris", "Clara", "David", "Elena", "Fyodor", "Galina", "Igor",
    ];
    let surnames = ["Smirnov", "Ivanov", "Kuznetsov", "Popov", "Sokolov"];
    let mut docs = Vec::new();
    for d in 0..40 {
        let (a, b) = (given[d % given.len()], given[(d + 3) % given.len()]);
        let (sa, sb) = (
            surnames[d % surnames.len()],
            surnames[(d + 2) % surnames.len()],
        );
        docs.push(doc(&format!(
            "[{a} {sa}]p met [{b} {sb}]p in talks. [{sa}]p said [{sb}]p agreed."
        )));
    }
    docs.push(doc("[Smirnov]p was absent."));
    let r = run(&docs);
    for (d, _) in docs.iter().enumerate().take(40) {
        let (a, sa) = (given[d % given.len()], surnames[d % surnames.len()]);
        let e = entity(&r, &format!("{a} {sa}"));
        // The surname mention of document d is in this entity, with the document's rule.
        assert!(e.docs.contains(&DocId(d as u32)), "{e:?}");
        assert!(e
            .merges
            .iter()
            .all(|m| m.rule == RULE_SURNAME_DOC || m.rule == RULE_SURNAME_NEAR));
    }
    let lone = r
        .entities
        .iter()
        .find(|e| e.name == "Smirnov")
        .expect("the bare surname stays an entity of its own");
    assert_eq!(lone.docs, vec![DocId(40)]);
}
