//! Finnish and Swedish phone numbers.
//!
//! A phone number is an optional international prefix (+358, 00358, +46, 0046,
//! optionally followed by "(0)") and then digit groups separated by single spaces
//! or single hyphens. The en dash is never a separator: "klo 10–14" is a time
//! range. The digits are then read as a national number ("0" + area/operator code
//! + subscriber) and classified.
//!
//! Finnish is tried first: many numbers are valid in both plans (040 is a Finnish
//! mobile prefix and the Malmö area code; 08 is both Oulu and Stockholm) and the
//! city is in Finland, so its staff overwhelmingly post Finnish numbers.

use super::*;

/// Digits of a phone number being parsed, in national form, plus group lengths.
struct PhoneDigits {
    digits: [u8; 16],
    len: usize,
    groups: [usize; 8],
    ngroups: usize,
}

impl PhoneDigits {
    fn new() -> Self {
        PhoneDigits { digits: [0; 16], len: 0, groups: [0; 8], ngroups: 0 }
    }

    /// Adds a digit that is not written in the text (the trunk prefix "0" of an
    /// international number).
    fn push_implicit_zero(&mut self) {
        self.digits[0] = b'0';
        self.len = 1;
    }

    /// Adds a written group; false when the number grows implausibly long.
    fn push_group(&mut self, group: &[u8]) -> bool {
        if self.len + group.len() > 13 || self.ngroups == self.groups.len() {
            return false;
        }
        self.digits[self.len..self.len + group.len()].copy_from_slice(group);
        self.len += group.len();
        self.groups[self.ngroups] = group.len();
        self.ngroups += 1;
        true
    }

    fn national(&self) -> &[u8] {
        &self.digits[..self.len]
    }

    fn groups(&self) -> &[usize] {
        &self.groups[..self.ngroups]
    }
}

/// A phone number starts at a digit run ("040", "00358") or one byte before it
/// ("+358", "(06)").
pub(super) fn scan_phones(text: &str, runs: &[usize], out: &mut Vec<Candidate>) {
    let b = text.as_bytes();
    let mut next_free = 0;
    for &run in runs {
        let before = run.checked_sub(1).filter(|&i| matches!(b[i], b'+' | b'('));
        for start in before.into_iter().chain([run]) {
            if start < next_free || !matches!(b[start], b'+' | b'0' | b'(') || !phone_start_ok(text, start) {
                continue;
            }
            if let Some((end, kind)) = parse_phone(text, start) {
                if has_henkilotunnus_shape(&b[start..end]) {
                    // "040786-1144" is an identity code with a wrong check
                    // character (a training example), not a phone number.
                    break;
                }
                push(out, start, end, kind, PRIO_PHONE);
                next_free = end;
                break;
            }
        }
    }
}

/// Six digits, a century sign, three digits and a check character: the
/// written form of a henkilötunnus, whether or not its check is right.
fn has_henkilotunnus_shape(s: &[u8]) -> bool {
    s.len() == 11
        && s[..6].iter().all(u8::is_ascii_digit)
        && matches!(s[6], b'+' | b'-' | b'A'..=b'F' | b'U'..=b'Y' | b'a'..=b'f' | b'u'..=b'y')
        && s[7..10].iter().all(u8::is_ascii_digit)
        && s[10].is_ascii_alphanumeric()
}

/// Punctuation that joins digit groups in dates, prices, times and ranges.
fn is_number_joiner(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '-' | '.' | ',' | ':' | '–' | '—')
}

/// A phone number must not start inside a word or a longer number: not after a
/// letter/digit, and not after "5 ", "3.", "1-" and the like (which would make
/// "000" in "15 000 euroa" or "03" in "2024-03-12" a start).
fn phone_start_ok(text: &str, i: usize) -> bool {
    let Some(p) = prev_char(text, i) else {
        return true;
    };
    if p.is_alphanumeric() || p == '_' || p == '@' {
        return false;
    }
    if is_number_joiner(p) {
        return !prev_char(text, i - p.len_utf8()).is_some_and(|c| c.is_ascii_digit());
    }
    true
}

/// Nor may it end inside a word or run on as a decimal, time or range.
fn phone_end_ok(text: &str, end: usize) -> bool {
    let Some(n) = next_char(text, end) else {
        return true;
    };
    if n.is_alphanumeric() || n == '_' || n == '@' {
        return false;
    }
    if matches!(n, '.' | ',' | ':' | '-' | '–' | '—') {
        return !next_char(text, end + n.len_utf8()).is_some_and(|c| c.is_ascii_digit());
    }
    true
}

/// Length in bytes of a group separator at `p`: space, no-break space, narrow
/// no-break space, or hyphen. Returns `(length, is_space)`.
fn separator_at(b: &[u8], p: usize) -> (usize, bool) {
    match b.get(p) {
        Some(b' ') => (1, true),
        Some(b'-') => (1, false),
        Some(0xC2) if b.get(p + 1) == Some(&0xA0) => (2, true),
        Some(0xE2) if b.get(p + 1..p + 3) == Some(&[0x80, 0xAF][..]) => (3, true),
        _ => (0, false),
    }
}

/// International prefix at `p`: the country and the position after it.
fn international_prefix(b: &[u8], p: usize) -> Option<(IdKind, usize)> {
    let rest = b.get(p..)?;
    if rest.starts_with(b"+358") {
        Some((IdKind::FiPhone, p + 4))
    } else if rest.starts_with(b"00358") {
        Some((IdKind::FiPhone, p + 5))
    } else if rest.starts_with(b"+46") {
        Some((IdKind::SePhone, p + 3))
    } else if rest.starts_with(b"0046") {
        Some((IdKind::SePhone, p + 4))
    } else {
        None
    }
}

/// Parses a phone number starting at `start`: its end and kind.
fn parse_phone(text: &str, start: usize) -> Option<(usize, IdKind)> {
    let b = text.as_bytes();
    let mut digits = PhoneDigits::new();
    let (end, kind) = match international_prefix(b, start) {
        Some((country, p)) => {
            let end = parse_international(b, p, &mut digits)?;
            (end, classify_international(country, &digits)?)
        }
        None if b[start] == b'+' => return None,
        None => {
            let end = parse_national(b, start, &mut digits)?;
            (end, classify_national(&digits)?)
        }
    };
    phone_end_ok(text, end).then_some((end, kind))
}

/// After "+358"/"+46": optional separator, optional "(0)", then groups. The
/// first group may be a single digit there (area code 6 in "+358 6 828 9111").
fn parse_international(b: &[u8], mut p: usize, digits: &mut PhoneDigits) -> Option<usize> {
    p += separator_at(b, p).0;
    if b.get(p..p + 3) == Some(&b"(0)"[..]) {
        p += 3;
        p += separator_at(b, p).0;
    }
    if !is_digit_at(b, p) {
        return None;
    }
    if b[p] != b'0' {
        digits.push_implicit_zero();
    }
    parse_groups(b, p, digits)
}

/// National form: "0..." or "(0..)" area code in parentheses, then groups.
fn parse_national(b: &[u8], mut p: usize, digits: &mut PhoneDigits) -> Option<usize> {
    if b[p] == b'(' {
        let k = digit_run(b, p + 1, 4);
        if !(2..=4).contains(&k) || b.get(p + 1) != Some(&b'0') || b.get(p + 1 + k) != Some(&b')') {
            return None;
        }
        if !digits.push_group(&b[p + 1..p + 1 + k]) {
            return None;
        }
        p += k + 2;
        if b.get(p) == Some(&b' ') {
            p += 1;
        }
        if !is_digit_at(b, p) {
            return None;
        }
    }
    parse_groups(b, p, digits)
}

/// Reads digit groups joined by single separators, starting at a digit.
///
/// A space-separated group that is directly followed by ".5", ",50", ":30" or an
/// en dash is a time, price or range written after the number ("040 123 4567 10.00"),
/// so reading stops before it. Returns None when the run is too long to be a
/// phone number: the digits are then part of something longer.
fn parse_groups(b: &[u8], mut p: usize, digits: &mut PhoneDigits) -> Option<usize> {
    loop {
        let k = digit_run(b, p, 13);
        if k == 0 || !digits.push_group(&b[p..p + k]) {
            return None;
        }
        p += k;
        let (sep, is_space) = separator_at(b, p);
        let next = p + sep;
        if sep == 0 || !is_digit_at(b, next) {
            return Some(p);
        }
        if is_space && group_continues_as_other_number(b, next) {
            return Some(p);
        }
        p = next;
    }
}

fn group_continues_as_other_number(b: &[u8], q: usize) -> bool {
    let after = q + digit_run(b, q, 13);
    match b.get(after) {
        Some(b'.' | b',' | b':') => is_digit_at(b, after + 1),
        Some(0xE2) => b.get(after + 1..after + 3) == Some(&[0x80, 0x93][..]), // en dash
        _ => false,
    }
}

/// No group may be a single digit, except the area code right after an
/// international prefix. This is what keeps Finnish business IDs (Y-tunnus,
/// "0112038-9") and stray trailing digits out.
fn groups_ok(digits: &PhoneDigits, international: bool) -> bool {
    digits.groups().iter().enumerate().all(|(i, &len)| len >= 2 || (i == 0 && international))
}

/// "01-02-2024": two short groups and a year is a date, not a phone number.
fn looks_like_date(digits: &PhoneDigits) -> bool {
    let nat = digits.national();
    match digits.groups() {
        [d, m, 4] if *d <= 2 && *m <= 2 => {
            matches!(&nat[nat.len() - 4..nat.len() - 2], b"19" | b"20")
        }
        _ => false,
    }
}

/// Finnish area and operator codes: 02 03 05 06 08 09 and 013-019 are area
/// codes, 04x and 050 mobile operators (050 is inside 05). 010 is the Finnish
/// nationwide business prefix; it is also valid in Sweden, but in a Kokkola post
/// "010 123 4567" is a Finnish number, so it is read as one.
fn finnish_prefix(nat: &[u8]) -> bool {
    match nat.get(1) {
        Some(b'2' | b'3' | b'4' | b'5' | b'6' | b'8' | b'9') => true,
        Some(b'1') => matches!(nat.get(2), Some(b'0' | b'3'..=b'9')),
        _ => false,
    }
}

/// A national number ("0" + code + subscriber) as Finnish (7-12 digits) or,
/// failing that, Swedish (8-10 digits). Swedish area codes fill the whole range
/// 01-09 (mobiles are 070/072/073/076/079, 0771 is a national service number), so
/// any code is accepted there; the length check is what does the work.
fn classify_national(digits: &PhoneDigits) -> Option<IdKind> {
    let nat = digits.national();
    if !groups_ok(digits, false) || looks_like_date(digits) {
        return None;
    }
    if nat.len() < 2 || nat[0] != b'0' || nat[1] == b'0' {
        return None;
    }
    if finnish_prefix(nat) && (7..=12).contains(&nat.len()) {
        Some(IdKind::FiPhone)
    } else if (8..=10).contains(&nat.len()) {
        Some(IdKind::SePhone)
    } else {
        None
    }
}

/// With an explicit country code the country is known; only the length and a
/// sane first digit are checked.
fn classify_international(country: IdKind, digits: &PhoneDigits) -> Option<IdKind> {
    let nat = digits.national();
    if !groups_ok(digits, true) || nat.len() < 2 || nat[1] == b'0' {
        return None;
    }
    let lengths = if country == IdKind::FiPhone { 7..=12 } else { 8..=10 };
    lengths.contains(&nat.len()).then_some(country)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finnish_phones() {
        for phone in [
            "040 123 4567",
            "040-1234567",
            "0401234567",
            "050 123 45 67",
            "044 1234 567",
            "06 828 9111",
            "06-8289111",
            "(06) 828 9111",
            "09 310 1691",
            "+358 40 1234567",
            "+358 (0)40 123 4567",
            "+358 6 828 9111",
            "+358401234567",
            "00358 40 1234567",
            "017 123 4567",
            "010 123 4567", // nationwide business number
            "040\u{a0}123\u{a0}4567",
        ] {
            only(&format!("Soita {phone}."), phone, IdKind::FiPhone);
        }
    }

    #[test]
    fn swedish_phones() {
        for phone in [
            "070-123 45 67",
            "0701234567",
            "070 123 45 67",
            "073-123 45 67",
            "0771-123 456",
            "+46 70 123 45 67",
            "+46 (0)8 123 456 78",
            "0046 70 123 45 67",
            "011-12 34 56",
        ] {
            only(&format!("Ring {phone} idag"), phone, IdKind::SePhone);
        }
    }

    #[test]
    fn numbers_valid_in_both_plans_are_finnish() {
        // 040 is also Malmö, 08 Stockholm, 031 Gothenburg: Finnish wins.
        only("Ring 040-123 45 67", "040-123 45 67", IdKind::FiPhone);
        only("Ring 08-123 456 78", "08-123 456 78", IdKind::FiPhone);
        only("Ring 031-12 34 56", "031-12 34 56", IdKind::FiPhone);
        // with the country code the country is certain
        only("Ring +46 8 123 456 78", "+46 8 123 456 78", IdKind::SePhone);
    }

    #[test]
    fn not_phones() {
        for text in [
            "12.3.2024",
            "1.1.2025",
            "2024-03-12",
            "01-02-2024",
            "12,50 €",
            "1 200 €",
            "67100 Kokkola",
            "00100 Helsinki",
            "klo 10–14",
            "kl. 9-16",
            "10.00-14.00",
            "klo 08.00–16.00",
            "09-16",
            "2023-2025",
            "Y-tunnus 0112038-9",
            "0112038-9",
            "0212038-9",
            "abc0401234567",
            "0401234567abc",
            "123456",
            "15 000 euroa",
            "1 050 000 000 euroa",
            "25 %",
            "0,5 %",
            "040",
            "040 12",
            "04012345678901",
            "+358",
            "+47 40 123 456",
            "0401234567.5",
            "06–8289111",
        ] {
            none(text);
        }
    }

    #[test]
    fn phone_followed_by_time_keeps_only_the_phone() {
        only("Soita 040 123 4567 10.00-14.00", "040 123 4567", IdKind::FiPhone);
    }
}
