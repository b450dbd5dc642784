//! Case folding that keeps byte offsets. Its own module because `build.rs`
//! compiles the rule pack's patterns with it too (see `matcher/builder.rs`).

/// Lowercases `text` char by char, keeping each char's UTF-8 length, so a byte
/// offset in the copy is the same byte offset in the original. The few chars
/// whose lowercase form has another length (e.g. 'İ', the Kelvin sign) are kept
/// as they are; none of them occurs in the rule pack's vocabulary.
pub fn fold_case(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        let mut lower = c.to_lowercase();
        let l = lower.next().unwrap_or(c);
        if lower.next().is_none() && l.len_utf8() == c.len_utf8() {
            out.push(l);
        } else {
            out.push(c);
        }
    }
    out
}
