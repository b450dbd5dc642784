//! Street addresses that look like someone's home.
//!
//! A street address on its own is not personal data: the city posts the
//! addresses of libraries, schools and concert halls all the time. It becomes
//! personal when it is someone's home, and there are two good signs of that:
//!
//! (a) an apartment part after the house number ("Isokatu 12 B 34",
//!     "Rantakatu 3 as. 5", "Storgatan 5 lgh 1102", "Main Street 12, Apt 4")
//!     or before it in English ("Flat 3, 12 Main Street");
//! (b) a residence word earlier in the same sentence (asuu, bor, lives ...).
//!     "osoitteessa" ("at the address") is deliberately not one: it is how
//!     public venues are announced.

mod residence;

use super::*;
use residence::ResidenceTracker;

/// Street-name endings (lowercase). One word, ending in one of these, directly
/// followed by the house number. Only the nominative forms are listed: an
/// inflected street name ("Isokadulla") is not followed by a number.
#[rustfmt::skip]
const FINNISH_STREET_SUFFIXES: &[&str] = &[
    "katu", "tie", "kuja", "polku", "väylä", "raitti", "ranta", "tori", "puistikko", "kaari",
    "rinne",
];

/// Swedish street-name endings (lowercase), definite and indefinite forms.
#[rustfmt::skip]
const SWEDISH_STREET_SUFFIXES: &[&str] = &[
    "gatan", "vägen", "gränd", "gränden", "stigen", "gata", "väg", "allén", "backen", "torget",
];

/// English street types, used as `<Name> Street 12` or `12 <Name> Street`.
const ENGLISH_STREET_TYPES: &[&[u8]] = &[b"street", b"road", b"avenue", b"lane", b"drive"];

/// Apartment keywords after the house number (case-insensitive; longest first
/// so "asunto" is not read as "as").
#[rustfmt::skip]
const APARTMENT_KEYWORDS: &[&[u8]] = &[
    b"asunto", b"as.", b"as", b"lgh.", b"lgh", b"apartment", b"apt.", b"apt", b"flat", b"unit",
];

/// English apartment keywords before the house number ("Flat 3, 12 Main Street").
const APARTMENT_KEYWORDS_BEFORE: &[&[u8]] = &[b"apartment", b"apt.", b"apt", b"flat", b"unit"];

/// A possible address, before the "is it a home" decision.
struct AddressCandidate {
    start: usize,
    end: usize,
    has_apartment: bool,
}

/// An address is found from its house number, which starts a digit run.
pub(super) fn scan_street_addresses(text: &str, runs: &[usize], out: &mut Vec<Candidate>) {
    let mut tracker = ResidenceTracker::default();
    let mut next_free = 0;
    for &i in runs {
        if i < next_free {
            continue;
        }
        let Some(c) = english_number_first(text, i).or_else(|| street_word_then_number(text, i)) else {
            continue;
        };
        let is_home = c.has_apartment || {
            tracker.advance_to(text, c.start);
            tracker.residence_in_sentence
        };
        if is_home {
            push(out, c.start, c.end, IdKind::StreetAddress, PRIO_ADDRESS);
            next_free = c.end;
        }
    }
}

/// House number at `i`: 1-4 digits, not 0, not a decimal/time ("3,5", "12:30").
/// Returns the end of the digits.
fn house_number(b: &[u8], i: usize) -> Option<usize> {
    let k = digit_run(b, i, 4);
    if !(1..=4).contains(&k) || number(&b[i..i + k]) == 0 {
        return None;
    }
    let end = i + k;
    if matches!(b.get(end), Some(b'.' | b',' | b':')) && is_digit_at(b, end + 1) {
        return None;
    }
    Some(end)
}

/// House number plus whatever follows it: `(end, has_apartment_part)`.
fn house_and_apartment(text: &str, i: usize) -> Option<(usize, bool)> {
    let b = text.as_bytes();
    let digits_end = house_number(b, i)?;
    if let Some(end) = apartment_after(text, digits_end) {
        return Some((end, true));
    }
    // "12a": a house letter glued to the number belongs to the house number.
    let mut end = digits_end;
    if b.get(end).is_some_and(u8::is_ascii_alphabetic) && !glued_after(text, end + 1) {
        end += 1;
    }
    (!glued_after(text, end)).then_some((end, false))
}

/// Staircase letters: any capital, or a lowercase a-h. Lowercase is limited so
/// that the Swedish word "i" ("Storgatan 10 i 2 timmar") is not a staircase.
fn is_staircase_letter(c: u8) -> bool {
    c.is_ascii_uppercase() || (b'a'..=b'h').contains(&c)
}

/// Apartment part right after the house number: "B 34", "B34", "b 34",
/// "as. 5", "as 5", "asunto 5", "lgh 1102", ", Apt 4", " Flat 3". Its end.
fn apartment_after(text: &str, house_end: usize) -> Option<usize> {
    let b = text.as_bytes();
    staircase_apartment(text, house_end).or_else(|| {
        let mut p = house_end;
        if b.get(p) == Some(&b',') {
            p += 1;
        }
        if b.get(p) != Some(&b' ') {
            return None;
        }
        keyword_apartment(text, p + 1)
    })
}

/// "B 34" / "B34" / "12B 34": staircase letter and an apartment number of 1-3
/// digits. "A 2. kerros" is staircase A, second floor (a Finnish ordinal), not
/// an apartment, so a number followed by ". " and a lowercase word is refused.
fn staircase_apartment(text: &str, house_end: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut p = house_end;
    if b.get(p) == Some(&b' ') {
        p += 1;
    }
    if !b.get(p).is_some_and(|&c| is_staircase_letter(c)) || b.get(p + 1).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    p += 1;
    if b.get(p) == Some(&b' ') {
        p += 1;
    }
    let k = digit_run(b, p, 3);
    if !(1..=3).contains(&k) || glued_after(text, p + k) || is_ordinal(text, p + k) {
        return None;
    }
    Some(p + k)
}

/// Whether the number ending at `end` is a Finnish ordinal ("2. kerros").
fn is_ordinal(text: &str, end: usize) -> bool {
    let b = text.as_bytes();
    b.get(end) == Some(&b'.')
        && b.get(end + 1) == Some(&b' ')
        && next_char(text, end + 2).is_some_and(char::is_lowercase)
}

/// "as. 5", "lgh 1102", "Apt 4B" starting at `p`: keyword, space (optional after
/// a dot), 1-4 digits, optional letter.
fn keyword_apartment(text: &str, p: usize) -> Option<usize> {
    let b = text.as_bytes();
    let kw = APARTMENT_KEYWORDS
        .iter()
        .find(|kw| has_ci_at(b, p, kw) && !b.get(p + kw.len()).is_some_and(u8::is_ascii_alphabetic))?;
    let mut q = p + kw.len();
    if b.get(q) == Some(&b' ') {
        q += 1;
    } else if !kw.ends_with(b".") {
        return None;
    }
    let k = digit_run(b, q, 4);
    if !(1..=4).contains(&k) {
        return None;
    }
    let mut end = q + k;
    if b.get(end).is_some_and(u8::is_ascii_alphabetic) && !glued_after(text, end + 1) {
        end += 1;
    }
    (!glued_after(text, end)).then_some(end)
}

/// "Flat 3, " / "Apt. 4 " directly before the house number at `num_start`: the
/// start of the keyword.
fn apartment_before(text: &str, num_start: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut p = num_start.checked_sub(1).filter(|&p| b[p] == b' ')?;
    if p > 0 && b[p - 1] == b',' {
        p -= 1;
    }
    // the apartment number, possibly with a letter ("Flat 3B, ")
    if p > 0 && b[p - 1].is_ascii_alphabetic() {
        p -= 1;
    }
    let mut k = 0;
    while k < 5 && p > k && b[p - k - 1].is_ascii_digit() {
        k += 1;
    }
    if !(1..=4).contains(&k) {
        return None;
    }
    let digits_start = p - k;
    APARTMENT_KEYWORDS_BEFORE.iter().find_map(|kw| {
        let with_space = digits_start.checked_sub(kw.len() + 1).filter(|&s| b[s + kw.len()] == b' ');
        let without = digits_start.checked_sub(kw.len()).filter(|_| kw.ends_with(b"."));
        [with_space, without].into_iter().flatten().find(|&s| has_ci_at(b, s, kw) && !glued_before(text, s))
    })
}

/// "12 Main Street", "12 Old Mill Road": number, one or two capitalised words,
/// street type. The apartment part may come before ("Flat 3, ") or after
/// (", Apt 4").
fn english_number_first(text: &str, num_start: usize) -> Option<AddressCandidate> {
    let b = text.as_bytes();
    let mut p = house_number(b, num_start)?;
    if b.get(p).is_some_and(u8::is_ascii_alphabetic) {
        p += 1; // "12B Main Street"
    }
    let name_follows = b.get(p) == Some(&b' ') && b.get(p + 1).is_some_and(u8::is_ascii_uppercase);
    if !name_follows || glued_before(text, num_start) {
        return None;
    }
    let mut names = 0;
    loop {
        if b.get(p) != Some(&b' ') {
            return None;
        }
        let word_end = ascii_word_end(b, p + 1);
        let word = &b[p + 1..word_end];
        if names > 0 && is_english_street_type(word) {
            p = word_end;
            break;
        }
        if names == 2 || !word.first().is_some_and(u8::is_ascii_uppercase) {
            return None;
        }
        names += 1;
        p = word_end;
    }
    if glued_after(text, p) {
        return None;
    }
    if let Some(start) = apartment_before(text, num_start) {
        return Some(AddressCandidate { start, end: p, has_apartment: true });
    }
    let after = apartment_after(text, p);
    Some(AddressCandidate { start: num_start, end: after.unwrap_or(p), has_apartment: after.is_some() })
}

fn ascii_word_end(b: &[u8], mut p: usize) -> usize {
    while b.get(p).is_some_and(u8::is_ascii_alphabetic) {
        p += 1;
    }
    p
}

fn is_english_street_type(word: &[u8]) -> bool {
    ENGLISH_STREET_TYPES.iter().any(|t| word.eq_ignore_ascii_case(t))
}

/// "Isokatu 12", "Storgatan 5 lgh 1102", "Main Street 12": a street word, one
/// space, the house number at `num_start`.
fn street_word_then_number(text: &str, num_start: usize) -> Option<AddressCandidate> {
    let b = text.as_bytes();
    // cheap test first: a letter (or a non-ASCII byte) and a space before the number
    let before_space = match num_start.checked_sub(1).map(|i| b[i]) {
        Some(b' ') => num_start.checked_sub(2),
        Some(0xA0) => num_start.checked_sub(3),
        _ => None,
    }?;
    if !(b[before_space].is_ascii_alphabetic() || b[before_space] >= 0x80) {
        return None;
    }
    let space = space_before(text, num_start)?;
    let word_start = word_start_before(text, space)?;
    let word = &text[word_start..space];
    let start = if is_street_word(word) {
        word_start
    } else if is_english_street_type(word.as_bytes()) {
        // "Main Street 12": a capitalised name before the type word
        let space2 = space_before(text, word_start)?;
        let name_start = word_start_before(text, space2)?;
        text[name_start..].chars().next().filter(|c| c.is_uppercase())?;
        name_start
    } else {
        return None;
    };
    let (end, has_apartment) = house_and_apartment(text, num_start)?;
    Some(AddressCandidate { start, end, has_apartment })
}

/// Position of the single space (or no-break space) just before `i`.
fn space_before(text: &str, i: usize) -> Option<usize> {
    match prev_char(text, i)? {
        c @ (' ' | '\u{a0}') => Some(i - c.len_utf8()),
        _ => None,
    }
}

/// Start of the word (letters and inner hyphens, any script) ending at `end`.
/// Words longer than 48 bytes are not street names, and looking back no further
/// keeps the scan linear.
fn word_start_before(text: &str, end: usize) -> Option<usize> {
    let before = text.get(..end)?;
    let mut start = end;
    for (i, c) in before.char_indices().rev() {
        if !(c.is_alphabetic() || c == '-') {
            break;
        }
        if end - i > 48 {
            return None;
        }
        start = i;
    }
    let word = &text[start..end];
    let starts_with_letter = word.chars().next().is_some_and(char::is_alphabetic);
    (starts_with_letter && !glued_before(text, start)).then_some(start)
}

/// Lowercases the few non-ASCII capitals that occur in the suffixes.
fn fold_case(c: char) -> char {
    match c {
        'Ä' => 'ä',
        'Ö' => 'ö',
        'Å' => 'å',
        'É' => 'é',
        _ => c.to_ascii_lowercase(),
    }
}

fn ends_with_ci(word: &str, suffix: &str) -> bool {
    let mut w = word.chars().rev();
    suffix.chars().rev().all(|s| w.next().is_some_and(|c| fold_case(c) == s))
}

/// Whether the word is a street name: ends in a street suffix. A word that is
/// only the suffix ("Torget", "Tori") must be capitalised to count as a name.
fn is_street_word(word: &str) -> bool {
    // Cheap first test on the last byte; `| 0x20` lowercases ASCII letters and
    // also the second byte of Ä/ä, Ö/ö, É/é, which differ in the same bit.
    let Some(last) = word.as_bytes().last().map(|&c| c | 0x20) else {
        return false;
    };
    let capitalised = word.chars().next().is_some_and(char::is_uppercase);
    let mut suffixes = FINNISH_STREET_SUFFIXES.iter().chain(SWEDISH_STREET_SUFFIXES);
    suffixes.any(|suffix| {
        suffix.as_bytes().last() == Some(&last)
            && ends_with_ci(word, suffix)
            && (word.chars().count() > suffix.chars().count() || capitalised)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_with_apartment_part() {
        for (text, addr) in [
            ("Osoite Isokatu 12 B 34, Kokkola", "Isokatu 12 B 34"),
            ("Storgatan 5 A 7", "Storgatan 5 A 7"),
            ("isokatu 12 b 34", "isokatu 12 b 34"),
            ("Isokatu 12B34", "Isokatu 12B34"),
            ("Rantakatu 3 as. 5", "Rantakatu 3 as. 5"),
            ("Rantakatu 3 as 5", "Rantakatu 3 as 5"),
            ("Vaasantie 14 asunto 2", "Vaasantie 14 asunto 2"),
            ("Storgatan 5 lgh 1102", "Storgatan 5 lgh 1102"),
            ("Kungsvägen 5, lgh 1102", "Kungsvägen 5, lgh 1102"),
            ("Main Street 12, Apt 4", "Main Street 12, Apt 4"),
            ("Flat 3, 12 Main Street", "Flat 3, 12 Main Street"),
            ("12 Main Street, Apt 4", "12 Main Street, Apt 4"),
            ("Mäntyväylä 7 C 12", "Mäntyväylä 7 C 12"),
            ("Kyrkbacken 2 B 5", "Kyrkbacken 2 B 5"),
            ("Isokatu 12 B 34. Tervetuloa!", "Isokatu 12 B 34"),
        ] {
            only(text, addr, IdKind::StreetAddress);
        }
    }

    #[test]
    fn addresses_after_residence_word() {
        for (text, addr) in [
            ("Matti asuu Isokatu 12:ssa.", "Isokatu 12"),
            ("He asuvat osoitteessa Rantatie 5.", "Rantatie 5"),
            ("Asun Koivukuja 3a, tervetuloa", "Koivukuja 3a"),
            ("Kotiosoitteeni on Pitkänsillankatu 20.", "Pitkänsillankatu 20"),
            ("Hän on kotona, Isokatu 3.", "Isokatu 3"),
            ("Anna bor på Storgatan 5 i Karleby.", "Storgatan 5"),
            ("Hans hemadress är Kungsvägen 14.", "Kungsvägen 14"),
            ("She lives at 12 Main Street.", "12 Main Street"),
            ("We live at Main Street 12.", "Main Street 12"),
            ("Her home address is 7 Park Lane.", "7 Park Lane"),
            ("Hän asuu os. Isokatu 5.", "Isokatu 5"),
        ] {
            only(text, addr, IdKind::StreetAddress);
        }
    }

    #[test]
    fn every_street_suffix() {
        for name in [
            "Isokatu",
            "Vaasantie",
            "Koivukuja",
            "Metsäpolku",
            "Mäntyväylä",
            "Kauppiaanraitti",
            "Meriranta",
            "Kauppatori",
            "Rantapuistikko",
            "Kaari",
            "Mäenrinne",
            "Storgatan",
            "Kungsvägen",
            "Kyrkogränd",
            "Kyrkogränden",
            "Skolstigen",
            "Storgata",
            "Strandväg",
            "Kungsallén",
            "Kyrkbacken",
            "Stortorget",
            "ISOKATU",
            "STORGATAN",
            "KUNGSALLÉN",
            "MÄNTYVÄYLÄ",
        ] {
            only(&format!("Hän asuu {name} 7."), &format!("{name} 7"), IdKind::StreetAddress);
            only(&format!("{name} 7 B 12"), &format!("{name} 7 B 12"), IdKind::StreetAddress);
            none(&format!("Tapahtuma: {name} 7."));
        }
        for (text, addr) in [
            ("He lives at 4 Oak Road.", "4 Oak Road"),
            ("She resides at 10 Downing Avenue.", "10 Downing Avenue"),
            ("Lives at 3 Old Mill Drive", "3 Old Mill Drive"),
            ("Apt 4, 12 Main Street", "Apt 4, 12 Main Street"),
        ] {
            only(text, addr, IdKind::StreetAddress);
        }
        // a bare suffix word counts only when capitalised, as a name
        none("asuu tie 7");
        none("12 main street, Apt 4"); // the name must be capitalised
    }

    #[test]
    fn public_venues_are_not_addresses() {
        for text in [
            "Konsertti pidetään Isokatu 3:ssa klo 18",
            "Tervetuloa kirjastoon, Isokatu 3!",
            "Evenemanget hålls på Storgatan 10.",
            "Tapahtuma osoitteessa Isokatu 3.",
            "Storgatan 10 i 2 timmar",
            "Matti asuu Kokkolassa. Konsertti on Isokatu 3:ssa.",
            "Isokatu 3 Kokkola asuu", // residence word after the address
            "Valtatie 8, 3,5 km",
            "Asuntomessut, Isokatu 3.", // compound, not the word "asunto"
            "Meet at 12 Main Street.",
            "Toimisto on Isokatu 3 A 2. kerroksessa.", // staircase A, 2nd floor
            "Matti asuu Isokadulla 12.",               // only the nominative street name takes a number
        ] {
            none(text);
        }
    }
}
