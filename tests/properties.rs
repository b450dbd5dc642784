//! Properties that hold for any input: no panic, spans on UTF-16 boundaries
//! inside the text, findings sorted and the same every time.

use guidepost::text::utf16_len;
use guidepost::{Analysis, Engine, Locale};
use proptest::prelude::*;
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(Engine::builtin)
}

fn check_invariants(text: &str, a: &Analysis) {
    let len = utf16_len(text);
    // Which UTF-16 offsets fall between characters (not inside a surrogate pair).
    let mut boundary = vec![false; len + 1];
    let mut u = 0;
    for c in text.chars() {
        boundary[u] = true;
        u += c.len_utf16();
    }
    boundary[len] = true;
    let mut last = (0, 0);
    for f in &a.findings {
        assert!(f.start <= f.end && f.end <= len, "{f:?} outside 0..{len}");
        assert!(boundary[f.start], "start {} splits a surrogate pair", f.start);
        assert!(boundary[f.end], "end {} splits a surrogate pair", f.end);
        assert!((f.start, f.end) >= last, "findings not sorted");
        last = (f.start, f.end);
        if let Some(fix) = &f.fix {
            assert_eq!(fix.at, len, "fixes are inserted at the end");
        }
    }
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

/// A megabyte of mixed text: every script, emoji, combining marks, control
/// characters, and the words the rules look for.
#[test]
fn one_megabyte_of_mixed_unicode() {
    let pieces = [
        "Kuulin, että salaisen ", "sekretessbelagda personuppgifterna ", "131052-308T ", "👍🏽 ", "e\u{301}",
        "مرحبا ", "日本語 ", "\u{0}\u{7}\t", "ÅÄÖ åäö ", "!!! ", "\r\n", "larmkoden 4512 ", "I heard that ",
    ];
    let mut text = String::new();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    while text.len() < 1 << 20 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
        if seed % 5 == 0 {
            text.push(char::from_u32((seed >> 20) as u32 % 0x2FFFF).unwrap_or('x'));
        }
    }
    let a = engine().analyze(&text, Locale::En);
    check_invariants(&text, &a);
    assert!(!a.findings.is_empty());
    assert_eq!(a, engine().analyze(&text, Locale::En));
}
