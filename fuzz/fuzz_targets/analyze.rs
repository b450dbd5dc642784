//! Any bytes, read as UTF-8 (lossily, so every input reaches the engine),
//! analysed in each locale: no panic, and the invariants of
//! tests/invariants/mod.rs (spans inside the post, on character boundaries,
//! sorted; fixes at the end), on inputs libFuzzer steers by coverage.
#![no_main]

use guidepost::{Engine, Locale};
use invariants::check_invariants;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

// The invariants tests/properties.rs holds the engine to, on inputs libFuzzer steers.
#[path = "../../tests/invariants/mod.rs"]
mod invariants;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(Engine::builtin)
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for locale in [Locale::Sv, Locale::Fi, Locale::En] {
        check_invariants(&text, &engine().analyze(&text, locale));
    }
});
