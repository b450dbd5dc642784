//! What every analysis must satisfy, for any text: spans inside the text and
//! on UTF-16 boundaries (never inside a surrogate pair), findings sorted, and
//! fixes inserted at the end. Used by tests/properties.rs and by the fuzz
//! target fuzz/fuzz_targets/analyze.rs, so both hold the engine to the same.

use guidepost::text::utf16_len;
use guidepost::Analysis;

pub fn check_invariants(text: &str, a: &Analysis) {
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
