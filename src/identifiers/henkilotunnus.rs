//! Finnish personal identity code (henkilötunnus): date, century sign, individual number and a mod-31 check character.

use super::*;

/// Check characters indexed by `DDMMYYNNN % 31` (G, I, O, Q and Z are left out
/// because they are easy to confuse with digits).
const HETU_CHECK: &[u8; 31] = b"0123456789ABCDEFHJKLMNPRSTUVWXY";

/// Century of a henkilötunnus century sign. `Y X W V U` (1900s) and `B..F`
/// (2000s) were added in 2023 because the old signs were running out of numbers;
/// lowercase is accepted because people type codes that way.
fn hetu_century(sign: u8) -> Option<u64> {
    match sign.to_ascii_uppercase() {
        b'+' => Some(1800),
        b'-' | b'Y' | b'X' | b'W' | b'V' | b'U' => Some(1900),
        b'A'..=b'F' => Some(2000),
        _ => None,
    }
}

/// Whether `s` is exactly a valid henkilötunnus `DDMMYYCNNNT`.
///
/// Individual numbers 000 and 001 are never issued; 900-999 are temporary codes
/// but still identify a person, so they are valid here.
#[must_use]
pub fn valid_henkilotunnus(s: &str) -> bool {
    hetu_bytes_valid(s.as_bytes())
}

pub(super) fn hetu_bytes_valid(b: &[u8]) -> bool {
    if b.len() != 11 || !all_digits(&b[..6]) || !all_digits(&b[7..10]) {
        return false;
    }
    let Some(century) = hetu_century(b[6]) else {
        return false;
    };
    let (day, month, year) = (number(&b[0..2]), number(&b[2..4]), century + number(&b[4..6]));
    let individual = number(&b[7..10]);
    if individual < 2 || !date_exists(year, month, day) {
        return false;
    }
    let n = number(&b[..6]) * 1000 + individual;
    HETU_CHECK[(n % 31) as usize] == b[10].to_ascii_uppercase()
}

pub(super) fn scan_henkilotunnus(text: &str, runs: &[usize], out: &mut Vec<Candidate>) {
    let b = text.as_bytes();
    for &i in runs {
        // A run of exactly six digits: anything longer is another number.
        if digit_run(b, i, 6) != 6 || i + 11 > b.len() {
            continue;
        }
        if hetu_bytes_valid(&b[i..i + 11]) && !glued_before(text, i) && !glued_after(text, i + 11) {
            push(out, i, i + 11, IdKind::FiHenkilotunnus, PRIO_HETU);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hetu_valid_codes() {
        for code in [
            "131052-308T", // the Digital and Population Data Services Agency's example
            "131052-308t", // lowercase check character
            "010101A123N", // 2000s
            "010101a123n", // lowercase century sign
            "150305Y4563", // new 1900s sign (2023)
            "010594Y9021",
            "121212U999R", // last new 1900s sign, temporary number
            "121212E899H", // new 2000s sign
            "121212B999R",
            "311299+5554", // 1800s
            "241180-912D", // temporary code 900-999 is still valid
            "010101-002S", // lowest issued individual number
            "290200A234V", // 29.2.2000 exists
        ] {
            assert!(valid_henkilotunnus(code), "{code}");
        }
    }

    #[test]
    fn hetu_every_century_sign() {
        // The check character does not depend on the sign: 010203?456 -> R.
        for sign in "+-YXWVUABCDEF".chars() {
            let code = format!("010203{sign}456R");
            assert!(valid_henkilotunnus(&code), "{code}");
            assert!(valid_henkilotunnus(&code.to_lowercase()), "{code} lowercase");
        }
        for sign in "GHTZ*/ ".chars() {
            assert!(!valid_henkilotunnus(&format!("010203{sign}456R")), "{sign}");
        }
        // 29 February: 1900 (- and Y..U) was not a leap year, 2000 (A..F) was.
        assert!(!valid_henkilotunnus("290200Y234V"));
        assert!(valid_henkilotunnus("290200B234V"));
    }

    #[test]
    fn hetu_invalid_codes() {
        for code in [
            "131052-308U", // wrong check character
            "010101-000P", // 000 never issued
            "010101-001R", // 001 never issued
            "290200-234V", // 29.2.1900 does not exist
            "310422A234E", // 31 April never exists
            "011300-002S", // month 13
            "000101-002S", // day 0
            "131052G308T", // G is not a century sign
            "131052-308",  // too short
            "131052-308TT",
            "",
            "1310520308T",
        ] {
            assert!(!valid_henkilotunnus(code), "{code}");
        }
    }

    #[test]
    fn hetu_found_in_text() {
        only("Hetu: 131052-308T.", "131052-308T", IdKind::FiHenkilotunnus);
        only("(010101a123n)", "010101a123n", IdKind::FiHenkilotunnus);
        only("Henkilötunnus 150305Y4563 löytyy", "150305Y4563", IdKind::FiHenkilotunnus);
    }

    #[test]
    fn hetu_not_inside_longer_token() {
        none("x131052-308T");
        none("ä131052-308T");
        none("131052-308Tx");
        none("131052-308Tä");
        assert!(!found("9131052-308T").iter().any(|(_, k)| *k == IdKind::FiHenkilotunnus));
        none("131052-308U"); // checksum fails
    }
}
