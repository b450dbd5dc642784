//! Swedish personnummer and samordningsnummer: date and a Luhn check digit.

use super::*;

/// Whether `s` is exactly a valid Swedish personnummer or samordningsnummer in
/// one of the forms `YYMMDD-NNNC`, `YYMMDD+NNNC`, `YYYYMMDDNNNC`,
/// `YYYYMMDD-NNNC` or `YYMMDDNNNC`.
///
/// The Luhn check runs over the ten digits `YYMMDDNNNC`. With a four-digit year
/// the date must exist in that year (1800-2099); with a two-digit year it must
/// exist in some century, so 29 February needs `YY % 4 == 0` (00 counts: 2000
/// was a leap year). A day of 61-91 marks a samordningsnummer (day + 60).
#[must_use]
pub fn valid_personnummer(s: &str) -> Option<IdKind> {
    personnummer_bytes(s.as_bytes())
}

fn personnummer_bytes(b: &[u8]) -> Option<IdKind> {
    let mut ten = [0u8; 10];
    let century = match b.len() {
        10 if all_digits(b) => {
            ten.copy_from_slice(b);
            None
        }
        11 if all_digits(&b[..6]) && matches!(b[6], b'-' | b'+') && all_digits(&b[7..]) => {
            ten[..6].copy_from_slice(&b[..6]);
            ten[6..].copy_from_slice(&b[7..]);
            None
        }
        12 if all_digits(b) => {
            ten.copy_from_slice(&b[2..]);
            Some(number(&b[..2]))
        }
        13 if all_digits(&b[..8]) && b[8] == b'-' && all_digits(&b[9..]) => {
            ten[..6].copy_from_slice(&b[2..8]);
            ten[6..].copy_from_slice(&b[9..]);
            Some(number(&b[..2]))
        }
        _ => return None,
    };
    let (yy, month, raw_day) = (number(&ten[0..2]), number(&ten[2..4]), number(&ten[4..6]));
    let (day, kind) =
        if raw_day > 60 { (raw_day - 60, IdKind::SeSamordningsnummer) } else { (raw_day, IdKind::SePersonnummer) };
    let date_ok = match century {
        Some(c @ 18..=20) => date_exists(c * 100 + yy, month, day),
        Some(_) => false,
        None => date_exists(1900 + yy, month, day) || date_exists(2000 + yy, month, day),
    };
    (date_ok && luhn_ok(&ten)).then_some(kind)
}

/// Luhn (mod 10) over ASCII digits, doubling from the first digit as the
/// Swedish Tax Agency specifies for the ten-digit form.
fn luhn_ok(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            let v = u32::from(d - b'0');
            match i % 2 {
                0 if v * 2 > 9 => v * 2 - 9,
                0 => v * 2,
                _ => v,
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Length of a personnummer-shaped token starting at `i` (which starts a digit
/// run), or 0. The token must not continue into a longer digit run.
fn personnummer_shape(b: &[u8], i: usize) -> usize {
    match digit_run(b, i, 12) {
        10 => 10,
        12 => 12,
        8 if b.get(i + 8) == Some(&b'-') && digit_run(b, i + 9, 4) == 4 => 13,
        6 if matches!(b.get(i + 6), Some(b'-' | b'+')) && digit_run(b, i + 7, 4) == 4 => 11,
        _ => 0,
    }
}

pub(super) fn scan_personnummer(text: &str, runs: &[usize], out: &mut Vec<Candidate>) {
    let b = text.as_bytes();
    for &i in runs {
        let len = personnummer_shape(b, i);
        if len == 0 {
            continue;
        }
        if let Some(kind) = personnummer_bytes(&b[i..i + len]) {
            let priority = if len == 10 { PRIO_PERSONNUMMER_BARE } else { PRIO_PERSONNUMMER };
            push(out, i, i + len, kind, priority);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personnummer_valid_forms() {
        use IdKind::{SePersonnummer as P, SeSamordningsnummer as S};
        for (code, kind) in [
            ("811218-9876", P),
            ("811218+9876", P), // 100 years or older
            ("19811218-9876", P),
            ("198112189876", P),
            ("8112189876", P),
            ("701063-2391", S), // day 63 = 3 + 60
            ("197010632391", S),
            ("000229-1235", P), // 2000-02-29 exists
            ("20000229-1235", P),
            ("990101-1230", P),
        ] {
            assert_eq!(valid_personnummer(code), Some(kind), "{code}");
        }
    }

    #[test]
    fn personnummer_invalid() {
        for code in [
            "811218-9875",   // Luhn fails
            "811318-9876",   // month 13 (and Luhn)
            "010229-1234",   // 29 Feb in 1901/2001: no leap year
            "19000229-1235", // 1900 was not a leap year
            "17811218-9876", // century 17 not accepted
            "811218*9876",
            "811218-987",
            "81121898765",
            "701092-0000", // day 92 - 60 = 32
            "",
        ] {
            assert_eq!(valid_personnummer(code), None, "{code}");
        }
    }

    #[test]
    fn personnummer_found_in_text() {
        only("Pnr 811218-9876 och", "811218-9876", IdKind::SePersonnummer);
        only("Pnr: 19811218-9876.", "19811218-9876", IdKind::SePersonnummer);
        only("nr 198112189876", "198112189876", IdKind::SePersonnummer);
        only("nr 8112189876", "8112189876", IdKind::SePersonnummer);
        only("samordningsnummer 701063-2391", "701063-2391", IdKind::SeSamordningsnummer);
    }

    #[test]
    fn personnummer_not_inside_longer_digit_run() {
        none("18112189876");
        none("81121898761");
        none("1811218-9876");
        none("811218-98761");
    }
}
