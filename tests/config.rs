//! An organisation's configuration: what it can change, and how a broken one
//! is rejected with the field and the problem while the built-in pack stays.

use guidepost::{Category, Engine, Locale};

fn categories(engine: &Engine, text: &str) -> Vec<Category> {
    engine.analyze(text, Locale::En).findings.iter().map(|f| f.category).collect()
}

fn error(json: &str) -> String {
    match Engine::with_config(json) {
        Ok(_) => panic!("configuration accepted: {json}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn empty_configuration_is_the_builtin_pack() {
    let engine = Engine::with_config("{}").unwrap();
    assert_eq!(engine.rules().len(), Engine::builtin().rules().len());
}

#[test]
fn confidential_terms_match_inflected_forms() {
    let engine = Engine::with_config(r###"{"confidential_terms": ["Merituuli", "Projekt Aurora"]}"###).unwrap();
    for text in
        ["Merituulen suunnitelmat etenevät.", "Tänään puhuttiin Merituulesta.", "Projekt Auroras budget är klar."]
    {
        assert!(categories(&engine, text).contains(&Category::Confidential), "{text}");
    }
    assert!(!categories(&engine, "Tuuli on kova tänään.").contains(&Category::Confidential));
    assert!(!categories(&Engine::builtin(), "Merituulen suunnitelmat etenevät.").contains(&Category::Confidential));
}

#[test]
fn added_rule_runs_and_its_examples_are_checked() {
    let rule = r###"{"rules": [{
        "id": "confidential/budget-draft", "category": "confidential", "lang": "fi", "section": "fortroendevalda",
        "message": {"sv": "Utkast.", "fi": "Luonnos.", "en": "Draft."},
        "match": ["budjettiluonno*"],
        "flag": ["Budjettiluonnoksen mukaan koulu suljetaan."],
        "clean": ["Budjetti julkaistaan huomenna."]
    }]}"###;
    let engine = Engine::with_config(rule).unwrap();
    let a = engine.analyze("Budjettiluonnoksessa on leikkauksia.", Locale::Fi);
    assert!(a.findings.iter().any(|f| f.rule == "confidential/budget-draft"));

    let failing = rule.replace("Budjetti julkaistaan huomenna.", "Budjettiluonnos julkaistaan huomenna.");
    let e = error(&failing);
    assert!(e.starts_with("rules[0].clean[0]:"), "{e}");
}

/// The built-in terms are compiled at build time and an organisation's at
/// start-up, into a table of their own: a word in both is found by both.
#[test]
fn an_added_rule_shares_a_word_with_the_builtin_pack_and_both_find_it() {
    let rule = r###"{"rules": [{
        "id": "security/shared-word", "category": "security", "lang": "fi", "section": "sakert",
        "message": {"sv": "Ord.", "fi": "Sana.", "en": "Word."},
        "match": ["salasana* vaihtuu"],
        "flag": ["Salasana vaihtuu maanantaina."],
        "clean": ["Kahvi vaihtuu maanantaina."]
    }]}"###;
    let engine = Engine::with_config(rule).unwrap();
    let rules: Vec<String> = engine
        .analyze("Salasana vaihtuu maanantaina, salasana on Kesä2024", Locale::Fi)
        .findings
        .into_iter()
        .map(|f| f.rule)
        .collect();
    assert!(rules.iter().any(|r| r == "security/shared-word"), "{rules:?}");
    assert!(rules.iter().any(|r| r.starts_with("security/") && r != "security/shared-word"), "{rules:?}");
}

#[test]
fn disabled_categories_and_allowed_words() {
    let engine = Engine::with_config(r###"{"disabled_categories": ["tone"]}"###).unwrap();
    assert!(!categories(&engine, "TÄMÄ ON AIVAN KÄSITTÄMÄTÖNTÄ!!!").contains(&Category::Tone));
    assert!(categories(&Engine::builtin(), "TÄMÄ ON AIVAN KÄSITTÄMÄTÖNTÄ!!!").contains(&Category::Tone));

    let engine = Engine::with_config(r###"{"allowed_words": ["040 123 4567"]}"###).unwrap();
    assert!(!categories(&engine, "Soita 040 123 4567.").contains(&Category::PersonalData));
}

#[test]
fn hashtags_and_disclaimer_texts() {
    let engine = Engine::with_config(
        r###"{"hashtags": ["#Kokkola2026", "#kokkolakarleby"], "disclaimer": {"fi": "Omia ajatuksiani."}}"###,
    )
    .unwrap();
    assert_eq!(engine.hashtags().iter().filter(|h| h.eq_ignore_ascii_case("#KokkolaKarleby")).count(), 1);
    assert!(engine.hashtags().iter().any(|h| h == "#Kokkola2026"));
    assert_eq!(engine.disclaimer().fi, "Omia ajatuksiani.");
    assert_ne!(engine.disclaimer().sv, "");
}

#[test]
fn malformed_configurations_name_the_field() {
    let cases = [
        (r###"{"hashtag": []}"###, "unknown field `hashtag`"),
        (r###"{"hashtags": "#a"}"###, "hashtags"),
        (r###"{"hashtags": ["#ok", "bad tag"]}"###, "hashtags[1]"),
        (r###"{"disabled_categories": ["rumour"]}"###, "disabled_categories[0]"),
        (r###"{"disclaimer": {"fi": " "}}"###, "disclaimer.fi"),
        (r###"{"rules": [{"id": "x/y"}]}"###, "rules[0]"),
        (
            r###"{"rules": [{"id": "rumor/x", "category": "rumor", "section": "din-roll",
               "message": {"sv": "a", "fi": "b", "en": "c"}, "match": ["ab*"], "flag": ["x"], "clean": ["y"]}]}"###,
            "rules[0].match[0]",
        ),
        (
            r###"{"rules": [{"id": "rumor/x", "category": "rumor", "section": "nowhere",
               "message": {"sv": "a", "fi": "b", "en": "c"}, "match": ["huhu"], "flag": ["huhu"], "clean": ["y"]}]}"###,
            "rules[0].section",
        ),
        (
            r###"{"rules": [{"id": "rumor/x", "category": "rumor", "section": "din-roll",
               "message": {"sv": "a", "fi": "b", "en": "c"}, "match": ["huhuja"], "flag": ["huhu"], "clean": ["y"]}]}"###,
            "rules[0].flag[0]",
        ),
        ("{not json", "line 1"),
    ];
    for (json, expected) in cases {
        let e = error(json);
        assert!(e.contains(expected), "{json}\n→ {e}\n(expected to mention {expected})");
    }
}

/// Overlapping findings of one category merge into the earliest, longest one,
/// even when a finding of another category lies between them.
#[test]
fn overlapping_findings_of_a_category_merge() {
    let rule = |id: &str, category: &str, pattern: &str, flag: &str| {
        format!(
            r#"{{"id": "{category}/{id}", "category": "{category}", "section": "sarskilt",
                "message": {{"sv": "a", "fi": "b", "en": "c"}}, "match": ["{pattern}"],
                "flag": ["{flag}"], "clean": ["Hyvää huomenta!"]}}"#
        )
    };
    let json = format!(
        r#"{{"rules": [{}, {}, {}]}}"#,
        rule("long", "confidential", "alfa ~3 delta", "alfa beeta gamma delta"),
        rule("middle", "rumor", "beeta", "beeta"),
        rule("inner", "confidential", "gamma", "gamma"),
    );
    let engine = Engine::with_config(&json).unwrap();
    let a = engine.analyze("alfa beeta gamma delta", Locale::Fi);
    let confidential: Vec<_> = a.findings.iter().filter(|f| f.category == Category::Confidential).collect();
    assert_eq!(confidential.len(), 1, "{:?}", a.findings);
    assert_eq!((confidential[0].start, confidential[0].end), (0, 22));
    assert!(a.findings.iter().any(|f| f.rule == "rumor/middle"));
}

#[test]
fn sensitivity_moves_a_head_along_its_curve() {
    let post = "Kiva talo sulla Rytikarissa. Olis harmi jos sille sattuis jotain.";
    let threshold = |json: &str| {
        let engine = Engine::with_config(json).unwrap();
        engine.head_scores(post).into_iter().find(|h| h.0 == Category::Threat).unwrap().2
    };
    let (strict, default, relaxed) = (
        threshold(r#"{"sensitivity": {"threat": "strict"}}"#),
        threshold("{}"),
        threshold(r#"{"sensitivity": {"threat": "relaxed"}}"#),
    );
    assert!(strict < default && default < relaxed, "{strict} {default} {relaxed}");
    // Another category's setting leaves threat alone.
    assert_eq!(threshold(r#"{"sensitivity": {"dispute": "strict"}}"#), default);
    // Strict reports whatever default reports.
    let found = |json: &str| {
        let engine = Engine::with_config(json).unwrap();
        engine.analyze(post, Locale::Fi).findings.iter().filter(|f| f.rule == "threat/model").count()
    };
    assert!(found(r#"{"sensitivity": {"threat": "strict"}}"#) >= found("{}"));
    assert!(found("{}") >= found(r#"{"sensitivity": {"threat": "relaxed"}}"#));
}

#[test]
fn a_bad_sensitivity_names_its_field() {
    assert!(error(r#"{"sensitivity": {"threat": "paranoid"}}"#).starts_with("sensitivity.threat: "));
    assert!(error(r#"{"sensitivity": {"threats": "strict"}}"#).starts_with("sensitivity.threats: unknown category"));
    assert!(error(r#"{"sensitivity": {"threat": 3}}"#).starts_with("sensitivity.threat"));
}

#[test]
fn a_configuration_is_one_json_object() {
    for json in [r###"{}{"hashtags": ["#Kokkola2026"]}"###, "{} []", "{} x"] {
        let e = error(json);
        assert!(e.contains("trailing characters") && e.contains("one JSON object"), "{json} → {e}");
    }
    // serde would read a struct's fields from an array, in order.
    for json in ["[]", r###"[["#Kokkola2026"]]"###, r#""{}""#, "null", "", "  "] {
        assert_eq!(error(json), "the configuration must be one JSON object, {…}", "{json}");
    }
    // Whitespace around the object is fine.
    assert!(Engine::with_config(" \n{}\n ").is_ok());
}

#[test]
fn a_leading_byte_order_mark_is_skipped() {
    let engine = Engine::with_config("\u{feff}{\"hashtags\": [\"#Kokkola2026\"]}").unwrap();
    assert!(engine.hashtags().iter().any(|h| h == "#Kokkola2026"));
    // Only at the start.
    assert!(Engine::with_config("{}\u{feff}").is_err());
}

/// Removing duplicates once compared every tag with every tag kept (50 000
/// tags took 41 s); the result is what it was: the first spelling of each
/// tag, whatever its case, in order, after the built-in ones.
#[test]
fn fifty_thousand_hashtags_are_deduplicated_keeping_the_first_spelling() {
    let builtin = Engine::builtin().hashtags().to_vec();
    let tags: Vec<String> =
        (0..50_000).map(|i| if i % 2 == 0 { format!("#Tag{}", i / 2) } else { format!("#TAG{}", i / 2) }).collect();
    let mut with_builtin = tags.clone();
    with_builtin.push(builtin[0].to_uppercase());
    let engine = Engine::with_config(&serde_json::json!({ "hashtags": with_builtin }).to_string()).unwrap();
    let expected: Vec<String> = builtin.iter().cloned().chain((0..25_000).map(|i| format!("#Tag{i}"))).collect();
    assert_eq!(engine.hashtags(), expected.as_slice());

    // The hashtag suggestion lists each missing tag once, in that order.
    let a = engine.analyze("Kirjasto on avoinna tänään. #tag1 #Tag3", Locale::Fi);
    let fix = a.findings.iter().find_map(|f| f.fix.as_ref().filter(|_| f.category == Category::Hashtags)).unwrap();
    let added: Vec<&str> = fix.text.split_whitespace().collect();
    assert_eq!(added.len(), expected.len() - 2);
    assert_eq!(&added[builtin.len()..builtin.len() + 3], ["#Tag0", "#Tag2", "#Tag4"]);
}

/// A window is a number of words; 4 294 967 295 was accepted natively and
/// wrapped around on wasm32, where `usize` has 32 bits.
#[test]
fn a_window_beyond_the_maximum_is_rejected_with_its_field() {
    let rule = |window: u64| {
        format!(
            r#"{{"rules": [{{"id": "rumor/x", "category": "rumor", "section": "din-roll",
                "message": {{"sv": "a", "fi": "b", "en": "c"}}, "match": ["huhu"], "near": ["kuulin"],
                "window": {window}, "flag": ["kuulin huhun: huhu"], "clean": ["huhu"]}}]}}"#
        )
    };
    // The documented maximum (`pack::MAX_WINDOW`).
    const MAX_WINDOW: u64 = 1000;
    assert!(Engine::with_config(&rule(MAX_WINDOW)).is_ok());
    for window in [MAX_WINDOW + 1, 4_294_967_295] {
        let e = error(&rule(window));
        assert!(e.starts_with("rules[0].window: "), "{e}");
        assert!(e.contains(&window.to_string()) && e.contains("1000"), "{e}");
    }
    // Beyond u32 it was already refused, by its type.
    assert!(error(&rule(4_294_967_296)).starts_with("rules[0].window"));
}
