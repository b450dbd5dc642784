//! Any bytes as an organisation's configuration: loading either succeeds or
//! names the problem, never panics; a configuration that loads can check a
//! post made of its own input.
#![no_main]

use guidepost::{Engine, Locale};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(json) = std::str::from_utf8(data) else { return };
    match Engine::with_config(json) {
        Ok(engine) => {
            engine.analyze(json, Locale::Fi);
        }
        Err(e) => assert!(!e.to_string().is_empty(), "an error names its problem"),
    }
});
