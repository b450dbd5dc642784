//! Any bytes, read as UTF-8 (lossily, so every input reaches the engine),
//! analysed in each locale: no panic, and every finding's span inside the
//! post, on character boundaries, sorted (the same invariants as
//! tests/properties.rs, on inputs libFuzzer steers by coverage).
#![no_main]

use guidepost::{Engine, Locale};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(Engine::builtin)
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let len: usize = text.chars().map(char::len_utf16).sum();
    let mut boundary = vec![false; len + 1];
    let mut u = 0;
    for c in text.chars() {
        boundary[u] = true;
        u += c.len_utf16();
    }
    boundary[len] = true;
    for locale in [Locale::Sv, Locale::Fi, Locale::En] {
        let a = engine().analyze(&text, locale);
        let mut last = (0, 0);
        for f in &a.findings {
            assert!(f.start <= f.end && f.end <= len, "{f:?} outside 0..{len}");
            assert!(boundary[f.start] && boundary[f.end], "{f:?} splits a character");
            assert!((f.start, f.end) >= last, "findings not sorted");
            last = (f.start, f.end);
        }
    }
});
