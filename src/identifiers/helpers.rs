//! Small byte- and char-level helpers the scanners share.

/// The character ending at byte `i`, if `i` is a char boundary and not 0.
pub(super) fn prev_char(text: &str, i: usize) -> Option<char> {
    text.get(..i)?.chars().next_back()
}

/// The character starting at byte `i`, if `i` is a char boundary inside the text.
pub(super) fn next_char(text: &str, i: usize) -> Option<char> {
    text.get(i..)?.chars().next()
}

/// `char::is_alphanumeric` with a shortcut for the Latin-1 letters (å ä ö é ...)
/// that fill Finnish and Swedish text, so the common case skips the Unicode
/// table search.
pub(super) fn is_word_char(c: char) -> bool {
    match c {
        '\0'..='\u{7f}' => c.is_ascii_alphanumeric(),
        '×' | '÷' => false,
        '\u{c0}'..='\u{ff}' => true,
        _ => c.is_alphanumeric(),
    }
}

/// True when the character before `i` is a letter or digit (any script), i.e. a
/// match starting at `i` would start in the middle of a word.
pub(super) fn glued_before(text: &str, i: usize) -> bool {
    prev_char(text, i).is_some_and(is_word_char)
}

/// True when the character at `i` is a letter or digit (any script), i.e. a match
/// ending at `i` would end in the middle of a word.
pub(super) fn glued_after(text: &str, i: usize) -> bool {
    next_char(text, i).is_some_and(is_word_char)
}

pub(super) fn is_digit_at(b: &[u8], i: usize) -> bool {
    b.get(i).is_some_and(u8::is_ascii_digit)
}

/// Number of ASCII digits starting at `i`, counting at most `max + 1` so that
/// callers can tell "exactly `max`" from "longer" without scanning a long run.
pub(super) fn digit_run(b: &[u8], i: usize, max: usize) -> usize {
    let mut k = 0;
    while k <= max && is_digit_at(b, i + k) {
        k += 1;
    }
    k
}

/// Number of ASCII letters and digits starting at `i`, counting at most `max + 1`.
pub(super) fn alnum_run(b: &[u8], i: usize, max: usize) -> usize {
    let mut k = 0;
    while k <= max && b.get(i + k).is_some_and(u8::is_ascii_alphanumeric) {
        k += 1;
    }
    k
}

/// Value of a short run of ASCII digits (callers pass at most 12 digits).
pub(super) fn number(digits: &[u8]) -> u64 {
    digits.iter().fold(0, |n, &d| n * 10 + u64::from(d - b'0'))
}

pub(super) fn all_digits(b: &[u8]) -> bool {
    b.iter().all(u8::is_ascii_digit)
}

/// Case-insensitive comparison of the ASCII bytes at `pos` with `word`.
pub(super) fn has_ci_at(b: &[u8], pos: usize, word: &[u8]) -> bool {
    b.get(pos..pos + word.len()).is_some_and(|s| s.eq_ignore_ascii_case(word))
}

pub(super) fn is_leap(year: u64) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

/// Whether the calendar date exists (proleptic Gregorian).
pub(super) fn date_exists(year: u64, month: u64, day: u64) -> bool {
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_char_shortcut_agrees_with_std() {
        for c in (0..0x300u32).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
        }
    }
}
