//! Finds identifiers that point at a person: Finnish and Swedish personal identity
//! codes, IBANs, phone numbers, e-mail addresses and home addresses.
//!
//! Everything here is a hand-written scanner over the bytes of the text. That is a
//! deliberate choice, not an accident:
//!
//! * A Unicode-aware regex engine is roughly a hundred times slower on Finnish and
//!   Swedish text full of å/ä/ö, and it would also be the largest thing in the
//!   WebAssembly bundle, and the checker runs in the browser.
//! * Every identifier we look for is ASCII apart from a few street-name and
//!   e-mail-domain letters, so byte-level scanning is both simple and safe: a byte
//!   below 0x80 is always a whole character, so any offset next to one is a char
//!   boundary.
//! * One pass finds where digit runs start; every scanner except the e-mail one
//!   looks only there, and only at a bounded window around each position, so
//!   the whole scan is linear in the length of the text (about 5 ms per MB of
//!   ordinary prose in a release build). Nothing here may panic on odd input:
//!   look-ahead goes through `slice::get`/`str::get`, and direct indexing is used
//!   only right after the bounds have been checked.
//!
//! The scanners are run independently and their results merged by
//! `resolve_overlaps`, which keeps the more trustworthy match when two overlap
//! (a passing checksum beats a mere shape; see the `PRIO_*` constants).

/// What kind of identifier was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdKind {
    /// Finnish personal identity code (henkilötunnus), e.g. `131052-308T`.
    FiHenkilotunnus,
    /// Swedish personal identity number, e.g. `811218-9876`.
    SePersonnummer,
    /// Swedish coordination number (personnummer with day + 60).
    SeSamordningsnummer,
    /// International bank account number, any country.
    Iban,
    /// Finnish phone number (national or +358 form).
    FiPhone,
    /// Swedish phone number (national or +46 form).
    SePhone,
    /// E-mail address.
    Email,
    /// A street address that looks like someone's home.
    StreetAddress,
}

impl IdKind {
    /// Every kind, in declaration order.
    pub const ALL: [IdKind; 8] = [
        IdKind::FiHenkilotunnus,
        IdKind::SePersonnummer,
        IdKind::SeSamordningsnummer,
        IdKind::Iban,
        IdKind::FiPhone,
        IdKind::SePhone,
        IdKind::Email,
        IdKind::StreetAddress,
    ];

    /// Stable machine name, used in reports and rule packs.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            IdKind::FiHenkilotunnus => "fi-henkilotunnus",
            IdKind::SePersonnummer => "se-personnummer",
            IdKind::SeSamordningsnummer => "se-samordningsnummer",
            IdKind::Iban => "iban",
            IdKind::FiPhone => "fi-phone",
            IdKind::SePhone => "se-phone",
            IdKind::Email => "email",
            IdKind::StreetAddress => "street-address",
        }
    }
}

/// One identifier found in a text.
///
/// `start` and `end` are byte offsets into the `&str` that was scanned, `end`
/// exclusive; both are always on char boundaries, so `&text[m.start..m.end]` is safe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdMatch {
    pub start: usize,
    pub end: usize,
    pub kind: IdKind,
}

/// Every identifier in the text, sorted by start, non-overlapping (when two kinds
/// overlap the one with the higher priority is kept; see the `PRIO_*` constants).
#[must_use]
pub fn find_identifiers(text: &str) -> Vec<IdMatch> {
    let runs = digit_run_starts(text.as_bytes());
    let mut candidates = Vec::new();
    scan_henkilotunnus(text, &runs, &mut candidates);
    scan_personnummer(text, &runs, &mut candidates);
    scan_ibans(text, &runs, &mut candidates);
    scan_phones(text, &runs, &mut candidates);
    scan_street_addresses(text, &runs, &mut candidates);
    scan_emails(text, &mut candidates);
    resolve_overlaps(candidates)
}

/// Byte positions where a run of ASCII digits starts.
///
/// Every identifier except an e-mail address has a digit run at a fixed place
/// near its start: the henkilötunnus, personnummer, house number and national
/// phone number start with one, an IBAN has one right after its two letters,
/// and "+358" or "(06)" has one right after its first character. So one cheap
/// pass finds these positions and the scanners look nowhere else; ordinary
/// prose, which has few digits, is then skipped almost for free.
fn digit_run_starts(b: &[u8]) -> Vec<usize> {
    let mut runs = Vec::new();
    let mut prev_digit = false;
    for (i, c) in b.iter().enumerate() {
        let digit = c.is_ascii_digit();
        if digit && !prev_digit {
            runs.push(i);
        }
        prev_digit = digit;
    }
    runs
}

// ---------------------------------------------------------------------------
// Overlap resolution
// ---------------------------------------------------------------------------

// Priorities: higher wins when two matches overlap. Identifiers that passed a
// check digit are far stronger evidence than ones that only have the right shape,
// so they come first. The henkilötunnus beats the personnummer because a code
// that is valid as both is read as Finnish: the city is in Finland.

/// Henkilötunnus: date + mod-31 check character, the most specific shape.
const PRIO_HETU: u8 = 60;
/// IBAN: mod-97 check over 15-34 characters.
const PRIO_IBAN: u8 = 50;
/// Personnummer written with a separator or a four-digit year: unmistakable shape.
const PRIO_PERSONNUMMER: u8 = 40;
/// E-mail: an e-mail address may contain digits that look like a phone number.
const PRIO_EMAIL: u8 = 35;
/// Phone numbers.
const PRIO_PHONE: u8 = 30;
/// A bare ten-digit personnummer (`YYMMDDNNNC`). One in ten ten-digit numbers
/// passes Luhn, and a compact Finnish mobile number such as `0401234567` has
/// exactly this shape, so when both readings exist the phone reading wins: phone
/// numbers are far more common in the city's posts. Either way it is flagged.
const PRIO_PERSONNUMMER_BARE: u8 = 25;
/// Street addresses: heuristic, so they yield to everything else.
const PRIO_ADDRESS: u8 = 10;

/// A match plus the priority used to settle overlaps.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    m: IdMatch,
    priority: u8,
}

fn push(out: &mut Vec<Candidate>, start: usize, end: usize, kind: IdKind, priority: u8) {
    out.push(Candidate {
        m: IdMatch { start, end, kind },
        priority,
    });
}

/// Sorts the candidates and drops overlapping ones, keeping the higher priority.
///
/// One left-to-right pass: a candidate that overlaps the last kept one either
/// replaces it (higher priority) or is dropped. A replacement starts at or after
/// the replaced match, which itself started after the previous kept match ended,
/// so the output stays sorted and non-overlapping.
fn resolve_overlaps(mut candidates: Vec<Candidate>) -> Vec<IdMatch> {
    candidates.sort_by(|a, b| {
        a.m.start
            .cmp(&b.m.start)
            .then(b.priority.cmp(&a.priority))
            .then(b.m.end.cmp(&a.m.end))
    });
    let mut kept: Vec<Candidate> = Vec::with_capacity(candidates.len());
    for cand in candidates {
        match kept.last_mut() {
            Some(last) if cand.m.start < last.m.end => {
                if cand.priority > last.priority {
                    *last = cand;
                }
            }
            _ => kept.push(cand),
        }
    }
    kept.into_iter().map(|c| c.m).collect()
}

// ---------------------------------------------------------------------------
// Small shared helpers
// ---------------------------------------------------------------------------

/// The character ending at byte `i`, if `i` is a char boundary and not 0.
fn prev_char(text: &str, i: usize) -> Option<char> {
    text.get(..i)?.chars().next_back()
}

/// The character starting at byte `i`, if `i` is a char boundary inside the text.
fn next_char(text: &str, i: usize) -> Option<char> {
    text.get(i..)?.chars().next()
}

/// `char::is_alphanumeric` with a shortcut for the Latin-1 letters (å ä ö é ...)
/// that fill Finnish and Swedish text, so the common case skips the Unicode
/// table search.
fn is_word_char(c: char) -> bool {
    match c {
        '\0'..='\u{7f}' => c.is_ascii_alphanumeric(),
        '×' | '÷' => false,
        '\u{c0}'..='\u{ff}' => true,
        _ => c.is_alphanumeric(),
    }
}

/// True when the character before `i` is a letter or digit (any script), i.e. a
/// match starting at `i` would start in the middle of a word.
fn glued_before(text: &str, i: usize) -> bool {
    prev_char(text, i).is_some_and(is_word_char)
}

/// True when the character at `i` is a letter or digit (any script), i.e. a match
/// ending at `i` would end in the middle of a word.
fn glued_after(text: &str, i: usize) -> bool {
    next_char(text, i).is_some_and(is_word_char)
}

fn is_digit_at(b: &[u8], i: usize) -> bool {
    b.get(i).is_some_and(u8::is_ascii_digit)
}

/// Number of ASCII digits starting at `i`, counting at most `max + 1` so that
/// callers can tell "exactly `max`" from "longer" without scanning a long run.
fn digit_run(b: &[u8], i: usize, max: usize) -> usize {
    let mut k = 0;
    while k <= max && is_digit_at(b, i + k) {
        k += 1;
    }
    k
}

/// Number of ASCII letters and digits starting at `i`, counting at most `max + 1`.
fn alnum_run(b: &[u8], i: usize, max: usize) -> usize {
    let mut k = 0;
    while k <= max && b.get(i + k).is_some_and(u8::is_ascii_alphanumeric) {
        k += 1;
    }
    k
}

/// Value of a short run of ASCII digits (callers pass at most 12 digits).
fn number(digits: &[u8]) -> u64 {
    digits.iter().fold(0, |n, &d| n * 10 + u64::from(d - b'0'))
}

fn all_digits(b: &[u8]) -> bool {
    b.iter().all(u8::is_ascii_digit)
}

/// Case-insensitive comparison of the ASCII bytes at `pos` with `word`.
fn has_ci_at(b: &[u8], pos: usize, word: &[u8]) -> bool {
    b.get(pos..pos + word.len())
        .is_some_and(|s| s.eq_ignore_ascii_case(word))
}

fn is_leap(year: u64) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

/// Whether the calendar date exists (proleptic Gregorian).
fn date_exists(year: u64, month: u64, day: u64) -> bool {
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

// ---------------------------------------------------------------------------
// Finnish henkilötunnus
// ---------------------------------------------------------------------------

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

fn hetu_bytes_valid(b: &[u8]) -> bool {
    if b.len() != 11 || !all_digits(&b[..6]) || !all_digits(&b[7..10]) {
        return false;
    }
    let Some(century) = hetu_century(b[6]) else {
        return false;
    };
    let (day, month, year) = (
        number(&b[0..2]),
        number(&b[2..4]),
        century + number(&b[4..6]),
    );
    let individual = number(&b[7..10]);
    if individual < 2 || !date_exists(year, month, day) {
        return false;
    }
    let n = number(&b[..6]) * 1000 + individual;
    HETU_CHECK[(n % 31) as usize] == b[10].to_ascii_uppercase()
}

fn scan_henkilotunnus(text: &str, runs: &[usize], out: &mut Vec<Candidate>) {
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

// ---------------------------------------------------------------------------
// Swedish personnummer / samordningsnummer
// ---------------------------------------------------------------------------

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
    let (day, kind) = if raw_day > 60 {
        (raw_day - 60, IdKind::SeSamordningsnummer)
    } else {
        (raw_day, IdKind::SePersonnummer)
    };
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

fn scan_personnummer(text: &str, runs: &[usize], out: &mut Vec<Candidate>) {
    let b = text.as_bytes();
    for &i in runs {
        let len = personnummer_shape(b, i);
        if len == 0 {
            continue;
        }
        if let Some(kind) = personnummer_bytes(&b[i..i + len]) {
            let priority = if len == 10 {
                PRIO_PERSONNUMMER_BARE
            } else {
                PRIO_PERSONNUMMER
            };
            push(out, i, i + len, kind, priority);
        }
    }
}

// ---------------------------------------------------------------------------
// IBAN
// ---------------------------------------------------------------------------

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
fn scan_ibans(text: &str, runs: &[usize], out: &mut Vec<Candidate>) {
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
    cuts[..ncuts]
        .iter()
        .rev()
        .find(|&&(_, l)| iban_compact_valid(&buf[..l]))
        .map(|&(end, _)| end)
}

// ---------------------------------------------------------------------------
// E-mail
// ---------------------------------------------------------------------------

fn scan_emails(text: &str, out: &mut Vec<Candidate>) {
    // `match_indices` with a char uses memchr: fast on text without any '@'.
    for (at, _) in text.match_indices('@') {
        if let Some((start, end)) = email_at(text, at) {
            push(out, start, end, IdKind::Email, PRIO_EMAIL);
        }
    }
}

/// The e-mail address around the `@` at byte `at`, if any.
fn email_at(text: &str, at: usize) -> Option<(usize, usize)> {
    let start = email_local_start(text, at)?;
    let end = email_domain_end(text, at + 1)?;
    Some((start, end))
}

fn is_local_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-')
}

/// Start of the local part before `at`. An empty local part means a mention
/// (`@kokkola`), not an address. Leading dots are punctuation, not address.
fn email_local_start(text: &str, at: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut s = at;
    while s > 0 && is_local_byte(b[s - 1]) {
        if at - s == 64 {
            return None; // longer than RFC 5321 allows: not an address
        }
        s -= 1;
    }
    while s < at && b[s] == b'.' {
        s += 1;
    }
    if s == at || prev_char(text, s).is_some_and(|c| c.is_alphanumeric() || c == '@') {
        return None;
    }
    Some(s)
}

/// Domain letters: ASCII letters, digits, hyphens, dots, and å ä ö because
/// Nordic internationalised domains (e.g. `kårkulla.fi`) are in real use.
fn is_domain_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | 'å' | 'ä' | 'ö' | 'Å' | 'Ä' | 'Ö')
}

/// End of a valid domain starting at `from`: at least two labels, the last (TLD)
/// two or more ASCII letters. Trailing dots are sentence punctuation and are not
/// part of the match; other punctuation (, ; : ! ?) already stops the scan.
fn email_domain_end(text: &str, from: usize) -> Option<usize> {
    let rest = text.get(from..)?;
    let mut end = from;
    for (off, c) in rest.char_indices() {
        if !is_domain_char(c) {
            if c.is_alphanumeric() || c == '@' || c == '_' {
                return None; // glued to something that cannot be in a domain
            }
            break;
        }
        if off >= 253 {
            return None;
        }
        end = from + off + c.len_utf8();
    }
    while end > from && text.as_bytes()[end - 1] == b'.' {
        end -= 1;
    }
    valid_domain(&text[from..end]).then_some(end)
}

fn valid_domain(domain: &str) -> bool {
    let mut labels = 0;
    let mut tld = "";
    for label in domain.split('.') {
        if label.is_empty() || label.starts_with('-') || label.ends_with('-') {
            return false;
        }
        labels += 1;
        tld = label;
    }
    labels >= 2 && tld.len() >= 2 && tld.bytes().all(|c| c.is_ascii_alphabetic())
}

// ---------------------------------------------------------------------------
// Phone numbers
// ---------------------------------------------------------------------------
//
// A phone number is an optional international prefix (+358, 00358, +46, 0046,
// optionally followed by "(0)") and then digit groups separated by single spaces
// or single hyphens. The en dash is never a separator: "klo 10–14" is a time
// range. The digits are then read as a national number ("0" + area/operator code
// + subscriber) and classified.
//
// Finnish is tried first: many numbers are valid in both plans (040 is a Finnish
// mobile prefix and the Malmö area code; 08 is both Oulu and Stockholm) and the
// city is in Finland, so its staff overwhelmingly post Finnish numbers.

/// Digits of a phone number being parsed, in national form, plus group lengths.
struct PhoneDigits {
    digits: [u8; 16],
    len: usize,
    groups: [usize; 8],
    ngroups: usize,
}

impl PhoneDigits {
    fn new() -> Self {
        PhoneDigits {
            digits: [0; 16],
            len: 0,
            groups: [0; 8],
            ngroups: 0,
        }
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
fn scan_phones(text: &str, runs: &[usize], out: &mut Vec<Candidate>) {
    let b = text.as_bytes();
    let mut next_free = 0;
    for &run in runs {
        let before = run.checked_sub(1).filter(|&i| matches!(b[i], b'+' | b'('));
        for start in before.into_iter().chain([run]) {
            if start < next_free
                || !matches!(b[start], b'+' | b'0' | b'(')
                || !phone_start_ok(text, start)
            {
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
    matches!(
        c,
        ' ' | '\u{a0}' | '\u{202f}' | '-' | '.' | ',' | ':' | '–' | '—'
    )
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
    digits
        .groups()
        .iter()
        .enumerate()
        .all(|(i, &len)| len >= 2 || (i == 0 && international))
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
    let lengths = if country == IdKind::FiPhone {
        7..=12
    } else {
        8..=10
    };
    lengths.contains(&nat.len()).then_some(country)
}

// ---------------------------------------------------------------------------
// Street addresses
// ---------------------------------------------------------------------------
//
// A street address on its own is not personal data: the city posts the
// addresses of libraries, schools and concert halls all the time. It becomes
// personal when it is someone's home, and there are two good signs of that:
//
// (a) an apartment part after the house number ("Isokatu 12 B 34",
//     "Rantakatu 3 as. 5", "Storgatan 5 lgh 1102", "Main Street 12, Apt 4")
//     or before it in English ("Flat 3, 12 Main Street");
// (b) a residence word earlier in the same sentence (asuu, bor, lives ...).
//     "osoitteessa" ("at the address") is deliberately not one: it is how
//     public venues are announced.

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
fn scan_street_addresses(text: &str, runs: &[usize], out: &mut Vec<Candidate>) {
    let mut tracker = ResidenceTracker::default();
    let mut next_free = 0;
    for &i in runs {
        if i < next_free {
            continue;
        }
        let Some(c) = english_number_first(text, i).or_else(|| street_word_then_number(text, i))
        else {
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
    if !b.get(p).is_some_and(|&c| is_staircase_letter(c))
        || b.get(p + 1).is_some_and(u8::is_ascii_alphabetic)
    {
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
    let kw = APARTMENT_KEYWORDS.iter().find(|kw| {
        has_ci_at(b, p, kw) && !b.get(p + kw.len()).is_some_and(u8::is_ascii_alphabetic)
    })?;
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
        let with_space = digits_start
            .checked_sub(kw.len() + 1)
            .filter(|&s| b[s + kw.len()] == b' ');
        let without = digits_start
            .checked_sub(kw.len())
            .filter(|_| kw.ends_with(b"."));
        [with_space, without]
            .into_iter()
            .flatten()
            .find(|&s| has_ci_at(b, s, kw) && !glued_before(text, s))
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
        return Some(AddressCandidate {
            start,
            end: p,
            has_apartment: true,
        });
    }
    let after = apartment_after(text, p);
    Some(AddressCandidate {
        start: num_start,
        end: after.unwrap_or(p),
        has_apartment: after.is_some(),
    })
}

fn ascii_word_end(b: &[u8], mut p: usize) -> usize {
    while b.get(p).is_some_and(u8::is_ascii_alphabetic) {
        p += 1;
    }
    p
}

fn is_english_street_type(word: &[u8]) -> bool {
    ENGLISH_STREET_TYPES
        .iter()
        .any(|t| word.eq_ignore_ascii_case(t))
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
        text[name_start..]
            .chars()
            .next()
            .filter(|c| c.is_uppercase())?;
        name_start
    } else {
        return None;
    };
    let (end, has_apartment) = house_and_apartment(text, num_start)?;
    Some(AddressCandidate {
        start,
        end,
        has_apartment,
    })
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
    suffix
        .chars()
        .rev()
        .all(|s| w.next().is_some_and(|c| fold_case(c) == s))
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
    let mut suffixes = FINNISH_STREET_SUFFIXES
        .iter()
        .chain(SWEDISH_STREET_SUFFIXES);
    suffixes.any(|suffix| {
        suffix.as_bytes().last() == Some(&last)
            && ends_with_ci(word, suffix)
            && (word.chars().count() > suffix.chars().count() || capitalised)
    })
}

// ---------------------------------------------------------------------------
// Residence words
// ---------------------------------------------------------------------------

/// Words that say someone lives somewhere (whole words, case-insensitive).
/// Finnish "osoitteessa" is deliberately absent: it announces public venues.
#[rustfmt::skip]
const RESIDENCE_WORDS: &[&[u8]] = &[
    // Finnish: asua (to live) in its persons, asunto (dwelling), kotona (at home)
    b"asuu", b"asun", b"asut", b"asumme", b"asutte", b"asuvat", b"asunto", b"asuntoni", b"kotona",
    // Swedish: bo (to live), bostad (dwelling), hemma (at home)
    b"bor", b"bostad", b"bostaden", b"hemma",
    // English ("live at" and "home address" are two-word phrases, see PrevWord)
    b"lives", b"resides", b"reside",
];

/// Longest word in `RESIDENCE_WORDS`, `ABBREVIATIONS` and `TRACKED_WORDS`; every
/// stem in `RESIDENCE_PREFIXES` is longer (a unit test checks both).
const MAX_RESIDENCE_WORD: usize = 8;

/// Residence word stems that are inflected ("kotiosoitteeni", "hemadressen").
const RESIDENCE_PREFIXES: &[&[u8]] = &[b"kotiosoit", b"hemadress"];

/// Abbreviations whose dot does not end a sentence ("Hän asuu os. Isokatu 5").
#[rustfmt::skip]
const ABBREVIATIONS: &[&[u8]] = &[b"os", b"esim", b"mm", b"ns", b"ks", b"n", b"ca", b"st", b"kl"];

/// Other words the tracker reacts to ("live at", "home address").
const TRACKED_WORDS: &[&[u8]] = &[b"live", b"at", b"on", b"home", b"address"];

/// Bit set of the (lowercase) first letters of every word the tracker reacts
/// to, so that most words are dismissed after one look at their first byte.
const INTERESTING_FIRST_LETTERS: u32 = {
    let lists: [&[&[u8]]; 4] = [
        RESIDENCE_WORDS,
        RESIDENCE_PREFIXES,
        ABBREVIATIONS,
        TRACKED_WORDS,
    ];
    let mut mask = 0u32;
    let mut l = 0;
    while l < lists.len() {
        let mut w = 0;
        while w < lists[l].len() {
            mask |= 1 << (lists[l][w][0].to_ascii_lowercase() - b'a');
            w += 1;
        }
        l += 1;
    }
    mask
};

/// A word of at most eight ASCII letters packed into a `u64` (letters are never
/// zero, so the length is implied), so that list look-ups are integer compares.
const fn pack_word(w: &[u8]) -> u64 {
    let mut v = 0u64;
    let mut i = 0;
    while i < w.len() && i < 8 {
        v |= (w[i] as u64) << (8 * i);
        i += 1;
    }
    v
}

const fn pack_words<const N: usize>(words: &[&[u8]]) -> [u64; N] {
    let mut out = [0u64; N];
    let mut i = 0;
    while i < N {
        out[i] = pack_word(words[i]);
        i += 1;
    }
    out
}

const RESIDENCE_WORDS_PACKED: [u64; RESIDENCE_WORDS.len()] = pack_words(RESIDENCE_WORDS);
const ABBREVIATIONS_PACKED: [u64; ABBREVIATIONS.len()] = pack_words(ABBREVIATIONS);

fn starts_interesting_word(c: u8) -> bool {
    c.is_ascii_alphabetic()
        && INTERESTING_FIRST_LETTERS & (1 << (c.to_ascii_lowercase() - b'a')) != 0
}

#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum PrevWord {
    #[default]
    Other,
    Live,
    Home,
}

/// Walks the text forward (only as far as the address candidates go) and
/// remembers whether the current sentence has had a residence word. Moving
/// forward only is what keeps the address scan linear however many candidates
/// one long sentence holds.
#[derive(Default)]
struct ResidenceTracker {
    pos: usize,
    residence_in_sentence: bool,
    prev: PrevWord,
    last_word_end: usize,
    last_word_abbreviation: bool,
}

impl ResidenceTracker {
    /// Reads words and sentence breaks up to `target` (or a little past it, to
    /// the end of the word there). Residence words are all ASCII, so only ASCII
    /// letter runs are read as words; a run glued to a non-ASCII letter ("Hän")
    /// is part of a longer word and ignored. Everything else is skipped byte by
    /// byte without decoding, which keeps this the cheap part of the scan.
    fn advance_to(&mut self, text: &str, target: usize) {
        let b = text.as_bytes();
        while self.pos < target && self.pos < b.len() {
            let c = b[self.pos];
            if c.is_ascii_alphabetic() {
                let end = ascii_word_end(b, self.pos);
                let glued =
                    (self.pos > 0 && b[self.pos - 1] >= 0x80 && glued_before(text, self.pos))
                        || (b.get(end).is_some_and(|&n| n >= 0x80) && glued_after(text, end));
                if glued {
                    self.prev = PrevWord::Other;
                    self.last_word_abbreviation = false;
                } else {
                    self.on_word(&b[self.pos..end], end);
                }
                self.pos = end;
                continue;
            }
            if self.is_sentence_break(b, c) {
                self.residence_in_sentence = false;
                self.prev = PrevWord::Other;
            }
            self.pos += 1;
        }
    }

    fn is_sentence_break(&self, b: &[u8], c: u8) -> bool {
        match c {
            b'\n' => true,
            b'.' if self.last_word_end == self.pos && self.last_word_abbreviation => false,
            b'.' | b'!' | b'?' => b.get(self.pos + 1).is_none_or(u8::is_ascii_whitespace),
            _ => false,
        }
    }

    /// Classifies one ASCII word. Whole residence words are at most
    /// `MAX_RESIDENCE_WORD` letters and stems longer, so one length test picks
    /// the comparison, and most words are dismissed by their first letter.
    fn on_word(&mut self, word: &[u8], end: usize) {
        let prev = std::mem::take(&mut self.prev);
        self.last_word_end = end;
        self.last_word_abbreviation = false;
        if word.len() > MAX_RESIDENCE_WORD {
            if RESIDENCE_PREFIXES.iter().any(|p| has_ci_at(word, 0, p)) {
                self.residence_in_sentence = true;
            }
            return;
        }
        if !word.first().is_some_and(|&c| starts_interesting_word(c)) {
            return;
        }
        let as_typed = pack_word(word);
        // ASCII letters: setting bit 5 of every byte lowercases them all at once.
        let lower = as_typed | (0x2020_2020_2020_2020 & (u64::MAX >> (64 - 8 * word.len())));
        let residence = RESIDENCE_WORDS_PACKED.contains(&lower)
            || (prev == PrevWord::Live && (lower == pack_word(b"at") || lower == pack_word(b"on")))
            || (prev == PrevWord::Home && lower == pack_word(b"address"));
        if residence {
            self.residence_in_sentence = true;
        }
        self.prev = if lower == pack_word(b"live") {
            PrevWord::Live
        } else if lower == pack_word(b"home") {
            PrevWord::Home
        } else {
            PrevWord::Other
        };
        self.last_word_abbreviation = ABBREVIATIONS_PACKED.contains(&as_typed);
    }
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_identity_code_is_not_a_phone() {
        assert!(find_identifiers("is 040786-1144 a valid code?").is_empty());
        assert_eq!(found("Soita 040-7861144"), [("040-7861144", IdKind::FiPhone)]);
    }

    /// (matched text, kind) for every identifier in `text`.
    fn found(text: &str) -> Vec<(&str, IdKind)> {
        find_identifiers(text)
            .into_iter()
            .map(|m| (&text[m.start..m.end], m.kind))
            .collect()
    }

    fn only(text: &str, expected: &str, kind: IdKind) {
        assert_eq!(found(text), vec![(expected, kind)], "in {text:?}");
    }

    fn none(text: &str) {
        assert_eq!(found(text), vec![], "in {text:?}");
    }

    // --- IdKind -------------------------------------------------------------

    #[test]
    fn kind_names() {
        let names: Vec<_> = IdKind::ALL
            .iter()
            .map(|k| k.name())
        .collect();
        assert_eq!(
            names,
            [
                "fi-henkilotunnus",
                "se-personnummer",
                "se-samordningsnummer",
                "iban",
                "fi-phone",
                "se-phone",
                "email",
                "street-address"
            ]
        );
    }

    // --- henkilötunnus ------------------------------------------------------

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
            assert!(
                valid_henkilotunnus(&code.to_lowercase()),
                "{code} lowercase"
            );
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
        only(
            "Henkilötunnus 150305Y4563 löytyy",
            "150305Y4563",
            IdKind::FiHenkilotunnus,
        );
    }

    #[test]
    fn hetu_not_inside_longer_token() {
        none("x131052-308T");
        none("ä131052-308T");
        none("131052-308Tx");
        none("131052-308Tä");
        assert!(!found("9131052-308T")
            .iter()
            .any(|(_, k)| *k == IdKind::FiHenkilotunnus));
        none("131052-308U"); // checksum fails
    }

    // --- personnummer -------------------------------------------------------

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
        only(
            "Pnr: 19811218-9876.",
            "19811218-9876",
            IdKind::SePersonnummer,
        );
        only("nr 198112189876", "198112189876", IdKind::SePersonnummer);
        only("nr 8112189876", "8112189876", IdKind::SePersonnummer);
        only(
            "samordningsnummer 701063-2391",
            "701063-2391",
            IdKind::SeSamordningsnummer,
        );
    }

    #[test]
    fn personnummer_not_inside_longer_digit_run() {
        none("18112189876");
        none("81121898761");
        none("1811218-9876");
        none("811218-98761");
    }

    // --- IBAN ---------------------------------------------------------------

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
        only(
            "tilille fi21 1234 5600 0007 85 tili",
            "fi21 1234 5600 0007 85",
            IdKind::Iban,
        );
        // a four-letter word after an all-fours IBAN is not one more group
        only(
            "SE45 5000 0000 0583 9825 7466 tack",
            "SE45 5000 0000 0583 9825 7466",
            IdKind::Iban,
        );
    }

    #[test]
    fn iban_not_found() {
        none("FI21 1234 5600 0007 86");
        none("xFI2112345600000785");
        none("FI2112345600000785x");
        none("FI21  1234 5600 0007 85"); // double space breaks the grouping
    }

    // --- phones -------------------------------------------------------------

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
        only(
            "Soita 040 123 4567 10.00-14.00",
            "040 123 4567",
            IdKind::FiPhone,
        );
    }

    // --- e-mail -------------------------------------------------------------

    #[test]
    fn emails() {
        only(
            "Mail: matti.meikalainen@kokkola.fi",
            "matti.meikalainen@kokkola.fi",
            IdKind::Email,
        );
        only(
            "Skriv till info@kårkulla.fi!",
            "info@kårkulla.fi",
            IdKind::Email,
        );
        only(
            "first_last+tag%1@sub.example.co.uk.",
            "first_last+tag%1@sub.example.co.uk",
            IdKind::Email,
        );
        only(
            "(Anna.Svensson@Example.SE)",
            "Anna.Svensson@Example.SE",
            IdKind::Email,
        );
        for punct in [".", ",", ";", ":", "!", "?"] {
            only(
                &format!("x-y@mail.fi{punct} jee"),
                "x-y@mail.fi",
                IdKind::Email,
            );
        }
    }

    #[test]
    fn not_emails() {
        for text in [
            "@kokkola",
            "Seuraa @kokkolankaupunki!",
            "@kokkola.fi",
            "x@y",
            "x@y.",
            "x@y.1",
            "x@.fi",
            "x@y..fi",
            "x@-y.fi",
            "x @y.fi",
            "https://mastodon.social/@kokkola",
            "a@b@c.fi",
        ] {
            none(text);
        }
    }

    #[test]
    fn email_beats_phone_digits_inside_it() {
        only(
            "0401234567@sms.example.fi",
            "0401234567@sms.example.fi",
            IdKind::Email,
        );
    }

    // --- street addresses ---------------------------------------------------

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
            (
                "Kotiosoitteeni on Pitkänsillankatu 20.",
                "Pitkänsillankatu 20",
            ),
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
            only(
                &format!("Hän asuu {name} 7."),
                &format!("{name} 7"),
                IdKind::StreetAddress,
            );
            only(
                &format!("{name} 7 B 12"),
                &format!("{name} 7 B 12"),
                IdKind::StreetAddress,
            );
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
            "Matti asuu Isokadulla 12.", // only the nominative street name takes a number
        ] {
            none(text);
        }
    }

    // --- overlaps -----------------------------------------------------------

    /// Runs one scanner alone, to show that an overlap really exists.
    fn scanned(scan: fn(&str, &[usize], &mut Vec<Candidate>), text: &str) -> Vec<IdKind> {
        let mut out = Vec::new();
        scan(text, &digit_run_starts(text.as_bytes()), &mut out);
        out.into_iter().map(|c| c.m.kind).collect()
    }

    #[test]
    fn checksummed_identifiers_win_over_phones() {
        // A henkilötunnus with a digit check character is also phone-shaped
        // (05 area code, 10 digits), but the phone scanner leaves the
        // identity-code shape alone and the checksum decides.
        assert_eq!(scanned(scan_phones, "050505-1070"), []);
        only("050505-1070", "050505-1070", IdKind::FiHenkilotunnus);
        // The same for a personnummer written with a separator.
        assert_eq!(scanned(scan_phones, "021203-8764"), []);
        only("021203-8764", "021203-8764", IdKind::SePersonnummer);
        // But a bare ten-digit run that is also a Finnish mobile is a phone.
        assert_eq!(
            valid_personnummer("0401234562"),
            Some(IdKind::SePersonnummer)
        );
        only("0401234562", "0401234562", IdKind::FiPhone);
        // Finnish first: valid as both a henkilötunnus and a personnummer.
        assert!(valid_henkilotunnus("120312-1171"));
        assert_eq!(
            valid_personnummer("120312-1171"),
            Some(IdKind::SePersonnummer)
        );
        only("120312-1171", "120312-1171", IdKind::FiHenkilotunnus);
    }

    #[test]
    fn several_identifiers_sorted() {
        let text = "Matti (131052-308T) soittaa 040 123 4567, mailaa matti@kokkola.fi ja tili FI21 1234 5600 0007 85.";
        let kinds: Vec<_> = found(text).into_iter().map(|(_, k)| k).collect();
        assert_eq!(
            kinds,
            [
                IdKind::FiHenkilotunnus,
                IdKind::FiPhone,
                IdKind::Email,
                IdKind::Iban
            ]
        );
    }

    #[test]
    fn resolve_overlaps_keeps_higher_priority() {
        let c = |start, end, kind, priority| Candidate {
            m: IdMatch { start, end, kind },
            priority,
        };
        let out = resolve_overlaps(vec![
            c(10, 20, IdKind::FiPhone, PRIO_PHONE),
            c(0, 12, IdKind::StreetAddress, PRIO_ADDRESS),
            c(11, 15, IdKind::FiHenkilotunnus, PRIO_HETU),
            c(30, 40, IdKind::Email, PRIO_EMAIL),
        ]);
        let spans: Vec<_> = out.iter().map(|m| (m.start, m.end, m.kind)).collect();
        assert_eq!(
            spans,
            [(11, 15, IdKind::FiHenkilotunnus), (30, 40, IdKind::Email)]
        );
    }

    #[test]
    fn word_char_shortcut_agrees_with_std() {
        for c in (0..0x300u32).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn residence_word_lists_fit_the_fast_path() {
        for list in [RESIDENCE_WORDS, ABBREVIATIONS, TRACKED_WORDS] {
            for w in list {
                assert!(w.len() <= MAX_RESIDENCE_WORD, "{w:?}");
                assert!(w.iter().all(u8::is_ascii_lowercase), "{w:?}");
                assert!(starts_interesting_word(w[0]), "{w:?}");
            }
        }
        for p in RESIDENCE_PREFIXES {
            assert!(p.len() > MAX_RESIDENCE_WORD, "{p:?}");
            assert!(starts_interesting_word(p[0]), "{p:?}");
        }
    }

    // --- robustness ---------------------------------------------------------

    /// Deterministic pseudo-random text mixing every kind of character the
    /// scanners care about with emoji, combining marks, Arabic and control chars.
    fn mixed_text(len_chars: usize, seed: u64) -> String {
        const PIECES: &[&str] = &[
            "0",
            "1",
            "4",
            "9",
            "+",
            "(",
            ")",
            "@",
            ".",
            "-",
            "–",
            " ",
            " ",
            "\u{a0}",
            ",",
            ":",
            "a",
            "B",
            "ä",
            "Ö",
            "å",
            "é",
            "😀",
            "👩‍👩‍👧",
            "\u{301}",
            "\u{200d}",
            "ب",
            "٣",
            "\u{0}",
            "\n",
            "\t",
            "\u{7f}",
            "katu ",
            "gatan ",
            "Street",
            " asuu ",
            " bor ",
            "FI",
            "SE",
            "+358 ",
            "0046",
            "(0)",
            "A",
            "as. ",
            "lgh ",
            "Flat ",
            "fi",
            "131052-308T",
            "811218-9876",
            "040 123 4567",
            "x@y.fi",
            "€",
            "\u{202f}",
        ];
        let mut state = seed;
        let mut s = String::new();
        for _ in 0..len_chars {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            s.push_str(PIECES[(state >> 33) as usize % PIECES.len()]);
        }
        s
    }

    /// Offsets on char boundaries, sorted, non-overlapping, and every checksummed
    /// match passes its own validator.
    fn assert_well_formed(text: &str, matches: &[IdMatch]) {
        let mut prev_end = 0;
        for m in matches {
            assert!(m.start < m.end, "{m:?}");
            assert!(
                text.is_char_boundary(m.start) && text.is_char_boundary(m.end),
                "{m:?}"
            );
            assert!(m.start >= prev_end, "sorted and non-overlapping: {m:?}");
            prev_end = m.end;
            let s = &text[m.start..m.end];
            match m.kind {
                IdKind::FiHenkilotunnus => assert!(valid_henkilotunnus(s), "{s:?}"),
                IdKind::SePersonnummer | IdKind::SeSamordningsnummer => {
                    assert_eq!(valid_personnummer(s), Some(m.kind), "{s:?}")
                }
                IdKind::Iban => assert!(valid_iban(s), "{s:?}"),
                _ => {}
            }
        }
    }

    #[test]
    fn offsets_are_char_boundaries_in_mixed_unicode() {
        for seed in 0..40 {
            let text = mixed_text(3000, seed);
            let matches = find_identifiers(&text);
            assert_well_formed(&text, &matches);
        }
    }

    #[test]
    fn mixed_text_still_finds_embedded_identifiers() {
        let text = "😀 ب 131052-308T ٣ 040 123 4567 👩‍👩‍👧 x@y.fi é\u{301}";
        let kinds: Vec<_> = found(text).into_iter().map(|(_, k)| k).collect();
        assert_eq!(
            kinds,
            [IdKind::FiHenkilotunnus, IdKind::FiPhone, IdKind::Email]
        );
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        for text in [
            "",
            "0",
            "+",
            "(",
            "@",
            "(0",
            "+358",
            "+358 (0)",
            "0046",
            "FI21",
            "FI21 ",
            "Isokatu ",
            "Isokatu 1",
            "1",
            " 1",
            "a@",
            "@a",
            "a@b.",
            "Flat 3, ",
            ", 12 Main",
            "as. 5",
            "\u{a0}1",
            "ä1",
            "😀0401234567",
            "0401234567😀",
            "131052-308",
            "Street 1",
            "x Street 1",
        ] {
            assert_well_formed(text, &find_identifiers(text));
        }
    }

    #[test]
    fn one_megabyte_of_text() {
        let mut text = mixed_text(200_000, 7);
        // adversarial runs for each scanner
        text.push_str(&"0 ".repeat(20_000));
        text.push_str(&"0".repeat(20_000));
        text.push_str(&"a@".repeat(20_000));
        text.push_str(&"a".repeat(20_000));
        text.push('@');
        text.push_str(&"Isokatu 1 ".repeat(5_000));
        text.push_str(&"FI21 ".repeat(5_000));
        text.push_str(&"Flat 3, ".repeat(5_000));
        while text.len() < 1 << 20 {
            text.push_str("Matti asuu Isokatu 12 B 34, puh. 040 123 4567, x@y.fi. ");
        }
        // The best of three runs, so a busy machine does not fail the test.
        let mut best = std::time::Duration::MAX;
        let mut matches = Vec::new();
        for _ in 0..3 {
            let t0 = std::time::Instant::now();
            matches = find_identifiers(&text);
            best = best.min(t0.elapsed());
        }
        assert_well_formed(&text, &matches);
        assert!(matches.len() > 10_000);
        eprintln!("1 MB scanned in {best:?}, {} matches", matches.len());
        // Release builds must stay well under the 50 ms budget; debug builds are
        // ~10x slower but still catch anything quadratic (that would take minutes).
        let budget_ms = if cfg!(debug_assertions) { 5_000 } else { 50 };
        assert!(
            best < std::time::Duration::from_millis(budget_ms),
            "{best:?}"
        );
    }
}
