//! Properties that hold for any input (also decomposed letters and U+2028 /
//! U+2029): no panic, spans on UTF-16 boundaries inside the text, findings
//! sorted and the same every time.

use guidepost::{Analysis, Engine, Locale, Memo};
use invariants::check_invariants;
use proptest::prelude::*;
use std::sync::OnceLock;

// Shared with the fuzz target fuzz/fuzz_targets/analyze.rs.
mod invariants;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(Engine::builtin)
}

/// Text built from pieces the engine reacts to, mixed with anything at all.
fn post() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("salainen ".to_string()),
        Just("Kuulin, että ".to_string()),
        Just("131052-308T ".to_string()),
        Just("040 123 4567".to_string()),
        Just("anna.berg@gmail.com ".to_string()),
        Just("IDIOOTTI!!! ".to_string()),
        Just("mielestäni kaupunki ".to_string()),
        Just("#KokkolaKarleby ".to_string()),
        Just("👩‍👩‍👧 e\u{301} å ä ö ".to_string()),
        Just("\n\n".to_string()),
        // Decomposed letters (as a Mac or a PDF pastes them), which the
        // engine composes and maps back; and the Unicode line and paragraph
        // separators, which are neither spaces nor newlines to every reader.
        Just("ha\u{308}lytyskoodi on 1234 ".to_string()),
        Just("lo\u{308}senordet a\u{30a}r ".to_string()),
        Just("a\u{308}\u{308}\u{301} ".to_string()),
        Just("\u{2028}".to_string()),
        Just("\u{2029}".to_string()),
        any::<String>(),
        "[a-zåäöA-ZÅÄÖ0-9 .,!?#@\\-]{0,40}",
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn spans_are_sound_and_deterministic(text in post()) {
        let a = engine().analyze(&text, Locale::Fi);
        check_invariants(&text, &a);
        prop_assert_eq!(a, engine().analyze(&text, Locale::Fi));
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in any::<String>()) {
        let a = engine().analyze(&text, Locale::Sv);
        check_invariants(&text, &a);
    }
}

/// Sentences the learned heads and the rules react to, for edit sequences.
fn sentence() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Mielestäni kaupungin päätös lakkauttaa koulu on virhe. ".to_string()),
        Just("Kiitos taas johdolle, ihan huippusuunnitelma taas. ".to_string()),
        Just("Tiedetään kyllä missä sun auto yöt seisoo. ".to_string()),
        Just("Oss emellan: budgeten skärs med tio procent. ".to_string()),
        Just("The library is open until 8 pm today. ".to_string()),
        Just("Salasana on Kesä2024 ".to_string()),
        Just("Kirjasto on auki huomenna klo 10–18. #KokkolaKarleby ".to_string()),
        Just("\n".to_string()),
        "[a-zåäöA-ZÅÄÖ .,!?]{0,30}",
    ]
}

/// One edit: at a place given as a fraction of the text, delete up to a few
/// characters and insert a piece (a keystroke, a paste, a cut).
fn edit() -> impl Strategy<Value = (f64, usize, String)> {
    (0.0..=1.0f64, 0..12usize, prop_oneof![sentence(), "[a-zåäö ]{0,3}", Just(String::new())])
}

fn apply(text: &str, (at, delete, insert): &(f64, usize, String)) -> String {
    let chars: Vec<char> = text.chars().collect();
    let from = ((chars.len() as f64) * at) as usize;
    let to = (from + delete).min(chars.len());
    chars[..from].iter().chain(insert.chars().collect::<Vec<_>>().iter()).chain(&chars[to..]).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(120))]

    /// Re-checking with what the previous checks worked out (as the browser
    /// does on every keystroke) gives exactly what a check from nothing gives,
    /// after every edit of a random sequence.
    #[test]
    fn a_check_that_remembers_equals_a_full_check_after_every_edit(
        start in prop::collection::vec(sentence(), 1..8).prop_map(|v| v.concat()),
        edits in prop::collection::vec(edit(), 1..12),
    ) {
        let mut memo = Memo::default();
        let mut text = start;
        prop_assert_eq!(engine().analyze_with(&text, Locale::Fi, &mut memo), engine().analyze(&text, Locale::Fi));
        for e in &edits {
            text = apply(&text, e);
            prop_assert_eq!(engine().analyze_with(&text, Locale::Fi, &mut memo), engine().analyze(&text, Locale::Fi), "after an edit: {:?}", text);
        }
    }
}

/// A megabyte of mixed text: every script, emoji, combining marks, control
/// characters, and the words the rules look for.
#[test]
fn one_megabyte_of_mixed_unicode() {
    let pieces = [
        "Kuulin, että salaisen ",
        "sekretessbelagda personuppgifterna ",
        "131052-308T ",
        "👍🏽 ",
        "e\u{301}",
        "مرحبا ",
        "日本語 ",
        "\u{0}\u{7}\t",
        "ÅÄÖ åäö ",
        "!!! ",
        "\r\n",
        "larmkoden 4512 ",
        "I heard that ",
    ];
    let mut text = String::new();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    while text.len() < 1 << 20 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
        if seed.is_multiple_of(5) {
            text.push(char::from_u32((seed >> 20) as u32 % 0x2FFFF).unwrap_or('x'));
        }
    }
    let a = engine().analyze(&text, Locale::En);
    check_invariants(&text, &a);
    assert!(!a.findings.is_empty());
    assert_eq!(a, engine().analyze(&text, Locale::En));
}

/// Decomposed letters (a + U+0308 for ä, as a Mac or a PDF pastes them) are
/// checked as the composed ones: the same findings, each spanning the same
/// characters of what was typed.
#[test]
fn decomposed_text_is_checked_as_composed() {
    let posts = [
        "Kuulin, että Matti Virtanen (131052-308T) on idiootti",
        "Meidän kesken: ensi vuoden budjettiluonnoksessa nuorisotiloista leikataan puolet.",
        "Dörrkoden till förrådet är 4512, säg inte åt någon.",
        "Hälytyskoodi on 1234 ja avain on kukkaruukun alla.",
    ];
    let decompose = |t: &str| -> String {
        t.chars()
            .flat_map(|c| match c {
                'ä' => vec!['a', '\u{308}'],
                'ö' => vec!['o', '\u{308}'],
                'å' => vec!['a', '\u{30a}'],
                'Ä' => vec!['A', '\u{308}'],
                'Ö' => vec!['O', '\u{308}'],
                'Å' => vec!['A', '\u{30a}'],
                c => vec![c],
            })
            .collect()
    };
    for post in posts {
        let nfd = decompose(post);
        assert_ne!(nfd, post);
        let composed = engine().analyze(post, Locale::Fi);
        let decomposed = engine().analyze(&nfd, Locale::Fi);
        check_invariants(&nfd, &decomposed);
        let what = |a: &Analysis, text: &str| -> Vec<(String, String)> {
            let units: Vec<u16> = text.encode_utf16().collect();
            a.findings
                .iter()
                .map(|f| {
                    (
                        f.rule.clone(),
                        String::from_utf16(&units[f.start..f.end]).unwrap().replace(['\u{308}', '\u{30a}'], ""),
                    )
                })
                .collect()
        };
        let strip = |s: String| {
            s.replace('ä', "a")
                .replace('ö', "o")
                .replace('å', "a")
                .replace('Ä', "A")
                .replace('Ö', "O")
                .replace('Å', "A")
        };
        let a: Vec<_> = what(&composed, post).into_iter().map(|(r, s)| (r, strip(s))).collect();
        let b = what(&decomposed, &nfd);
        assert_eq!(a, b, "{post}");
        assert!(!a.is_empty(), "{post} has findings");
    }
}

/// U+2028 and U+2029 end sentences like a newline: a pattern does not run across them.
#[test]
fn line_separators_end_sentences() {
    let across = "Kuulin\u{2028}että kirjasto suljetaan.";
    let newline = "Kuulin\nettä kirjasto suljetaan.";
    let rules = |t: &str| engine().analyze(t, Locale::Fi).findings.into_iter().map(|f| f.rule).collect::<Vec<_>>();
    assert_eq!(rules(across), rules(newline));
}
