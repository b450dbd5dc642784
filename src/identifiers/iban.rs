//! IBAN: country code, check digits and a mod-97 check over 15-34 characters.

use super::*;

/// Registered IBAN length for countries the city deals with most. Other
/// countries are accepted with any length 15-34 (the mod-97 check still has to
/// pass), so an unknown country never hides an account number.
fn iban_length(country: &[u8]) -> Option<usize> {
    Some(match country {
        b"FI" | b"DK" | b"NL" | b"FO" | b"GL" => 18,
        b"SE" | b"ES" => 24,
        b"DE" | b"GB" | b"IE" => 22,
        b"NO" => 15,
        b"EE" | b"AT" | b"LT" | b"LU" => 20,
        b"FR" | b"IT" => 27,
        b"BE" => 16,
        b"CH" | b"LV" => 21,
        b"IS" => 26,
        b"PL" => 28,
        b"PT" => 25,
        _ => return None,
    })
}

/// Whether `s` is a valid IBAN: country letters, two check digits, BBAN, right
/// length for the country, mod-97 == 1. Spaces anywhere are ignored (people
/// group IBANs in fours); letters may be lowercase.
#[must_use]
pub fn valid_iban(s: &str) -> bool {
    let mut buf = [0u8; 34];
    let mut len = 0;
    for &c in s.as_bytes() {
        if c == b' ' {
            continue;
        }
        if !c.is_ascii_alphanumeric() || len == buf.len() {
            return false;
        }
        buf[len] = c.to_ascii_uppercase();
        len += 1;
    }
    iban_compact_valid(&buf[..len])
}

/// Validates an uppercase, space-free IBAN.
fn iban_compact_valid(b: &[u8]) -> bool {
    if !(15..=34).contains(&b.len())
        || !b[..2].iter().all(u8::is_ascii_uppercase)
        || !all_digits(&b[2..4])
        || !b.iter().all(u8::is_ascii_alphanumeric)
    {
        return false;
    }
    // Check digits are computed as 98 - remainder, so 00, 01 and 99 never occur.
    if !(2..=98).contains(&number(&b[2..4])) {
        return false;
    }
    if iban_length(&b[..2]).is_some_and(|want| want != b.len()) {
        return false;
    }
    iban_mod97(b) == 1
}

/// ISO 7064 mod 97-10: move the first four characters to the end, read letters
/// as 10..35, take the whole number mod 97 (digit by digit, no big integers).
fn iban_mod97(b: &[u8]) -> u32 {
    b[4..].iter().chain(&b[..4]).fold(0u32, |rem, &c| {
        if c.is_ascii_digit() {
            (rem * 10 + u32::from(c - b'0')) % 97
        } else {
            (rem * 100 + u32::from(c - b'A') + 10) % 97
        }
    })
}

fn iban_head(b: &[u8], i: usize) -> bool {
    i + 4 <= b.len()
        && b[i].is_ascii_alphabetic()
        && b[i + 1].is_ascii_alphabetic()
        && b[i + 2].is_ascii_digit()
        && b[i + 3].is_ascii_digit()
}

/// An IBAN starts two letters before a digit run (its check digits).
pub(super) fn scan_ibans(text: &str, runs: &[usize], out: &mut Vec<Candidate>) {
    let b = text.as_bytes();
    let mut next_free = 0;
    for &run in runs {
        let Some(i) = run.checked_sub(2).filter(|&i| i >= next_free) else {
            continue;
        };
        if iban_head(b, i) && !glued_before(text, i) {
            if let Some(end) = iban_at(text, i) {
                push(out, i, end, IdKind::Iban, PRIO_IBAN);
                next_free = end;
            }
        }
    }
}

/// End of a valid IBAN starting at `start` (compact or grouped in fours).
fn iban_at(text: &str, start: usize) -> Option<usize> {
    let b = text.as_bytes();
    match b.get(start + 4) {
        Some(c) if c.is_ascii_alphanumeric() => {
            let len = alnum_run(b, start, 34);
            if len > 34 || glued_after(text, start + len) {
                return None;
            }
            let mut buf = [0u8; 34];
            buf[..len].copy_from_slice(&b[start..start + len]);
            buf.make_ascii_uppercase();
            iban_compact_valid(&buf[..len]).then_some(start + len)
        }
        Some(b' ') => iban_grouped(text, start),
        _ => None,
    }
}

/// An IBAN written in groups of four separated by single spaces, the last group
/// 1-4 characters. The grouping alone does not say where the IBAN ends (a
/// following four-letter word looks like one more group), so the country length
/// decides; for countries without a known length every plausible cut is tried,
/// longest first.
fn iban_grouped(text: &str, start: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut buf = [0u8; 38];
    buf[..4].copy_from_slice(&b[start..start + 4]);
    let mut len = 4;
    let mut cuts: [(usize, usize); 9] = [(0, 0); 9];
    let mut ncuts = 0;
    let mut p = start + 4;
    while ncuts < cuts.len() && b.get(p) == Some(&b' ') {
        let k = alnum_run(b, p + 1, 4);
        if k == 0 || k > 4 || len + k > 34 || glued_after(text, p + 1 + k) {
            break;
        }
        buf[len..len + k].copy_from_slice(&b[p + 1..p + 1 + k]);
        len += k;
        p += 1 + k;
        cuts[ncuts] = (p, len);
        ncuts += 1;
        if k < 4 {
            break;
        }
    }
    buf.make_ascii_uppercase();
    cuts[..ncuts].iter().rev().find(|&&(_, l)| iban_compact_valid(&buf[..l])).map(|&(end, _)| end)
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALID_IBANS: &[&str] = &[
        "FI21 1234 5600 0007 85",
        "SE45 5000 0000 0583 9825 7466",
        "DE89 3704 0044 0532 0130 00",
        "GB82 WEST 1234 5698 7654 32",
        "NO93 8601 1117 947",
        "DK50 0040 0440 1162 43",
        "EE38 2200 2210 2014 5685",
        "FR14 2004 1010 0505 0001 3M02 606",
        "NL91 ABNA 0417 1643 00",
        "ES91 2100 0418 4502 0005 1332",
        "MT84 MALT 0110 0001 2345 MTLC AST0 01S", // length not in our table (31)
        "XK05 1212 0123 4567 8906",               // Kosovo, not in our table
    ];

    #[test]
    fn iban_valid() {
        for iban in VALID_IBANS {
            assert!(valid_iban(iban), "{iban}");
            assert!(valid_iban(&iban.replace(' ', "")), "{iban} compact");
            assert!(valid_iban(&iban.to_lowercase()), "{iban} lowercase");
        }
    }

    #[test]
    fn iban_invalid() {
        for iban in [
            "FI21 1234 5600 0007 86", // checksum
            "FI211234560000078",      // checksum fine but FI is 18 long
            "SE45 5000 0000 0583 9825 746",
            "FI21-1234-5600-0007-85", // only spaces allowed
            "1234 1234 5600 0007 85", // no country
            "FI2X 1234 5600 0007 85",
            "AB12", // too short for any country
            "",
        ] {
            assert!(!valid_iban(iban), "{iban}");
        }
    }

    #[test]
    fn iban_found_in_text() {
        for iban in VALID_IBANS {
            let text = format!("Tili: {iban}, kiitos!");
            only(&text, iban, IdKind::Iban);
            let compact = iban.replace(' ', "");
            only(&format!("Konto {compact}."), &compact, IdKind::Iban);
        }
        only("tilille fi21 1234 5600 0007 85 tili", "fi21 1234 5600 0007 85", IdKind::Iban);
        // a four-letter word after an all-fours IBAN is not one more group
        only("SE45 5000 0000 0583 9825 7466 tack", "SE45 5000 0000 0583 9825 7466", IdKind::Iban);
    }

    #[test]
    fn iban_not_found() {
        none("FI21 1234 5600 0007 86");
        none("xFI2112345600000785");
        none("FI2112345600000785x");
        none("FI21  1234 5600 0007 85"); // double space breaks the grouping
    }
}
