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
//!
//! One file per kind of identifier, each with its own tests; `helpers.rs` holds
//! the byte-level helpers they share. A new kind is one new file with its
//! scanner (a [`Scanner`]), registered in [`SCANNERS`], plus its [`IdKind`]
//! variant and priority here.

mod address;
mod email;
mod helpers;
mod henkilotunnus;
mod iban;
mod personnummer;
mod phone;

use crate::span::ByteSpan;
use helpers::*;

pub use henkilotunnus::valid_henkilotunnus;
pub use iban::valid_iban;
pub use personnummer::valid_personnummer;

/// A scanner: looks at the text (the identifiers with digits only at the
/// given digit-run starts, see [`digit_run_starts`]) and pushes what it finds.
type Scanner = fn(text: &str, digit_runs: &[usize], out: &mut Vec<Candidate>);

/// Every scanner, in the order their candidates are collected.
const SCANNERS: &[Scanner] = &[
    henkilotunnus::scan_henkilotunnus,
    personnummer::scan_personnummer,
    iban::scan_ibans,
    phone::scan_phones,
    address::scan_street_addresses,
    email::scan_emails,
];

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
/// `span` is in bytes of the `&str` that was scanned; both ends are always on
/// char boundaries, so `&text[m.span.start..m.span.end]` is safe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdMatch {
    pub span: ByteSpan,
    pub kind: IdKind,
}

/// Every identifier in the text, sorted by start, non-overlapping (when two kinds
/// overlap the one with the higher priority is kept; see the `PRIO_*` constants).
#[must_use]
pub fn find_identifiers(text: &str) -> Vec<IdMatch> {
    let runs = digit_run_starts(text.as_bytes());
    let mut candidates = Vec::new();
    for scan in SCANNERS {
        scan(text, &runs, &mut candidates);
    }
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
    out.push(Candidate { m: IdMatch { span: ByteSpan::new(start, end), kind }, priority });
}

/// Sorts the candidates and drops overlapping ones, keeping the higher priority.
///
/// One left-to-right pass: a candidate that overlaps the last kept one either
/// replaces it (higher priority) or is dropped. A replacement starts at or after
/// the replaced match, which itself started after the previous kept match ended,
/// so the output stays sorted and non-overlapping.
fn resolve_overlaps(mut candidates: Vec<Candidate>) -> Vec<IdMatch> {
    candidates.sort_by(|a, b| {
        a.m.span.start.cmp(&b.m.span.start).then(b.priority.cmp(&a.priority)).then(b.m.span.end.cmp(&a.m.span.end))
    });
    let mut kept: Vec<Candidate> = Vec::with_capacity(candidates.len());
    for cand in candidates {
        match kept.last_mut() {
            Some(last) if cand.m.span.start < last.m.span.end => {
                if cand.priority > last.priority {
                    *last = cand;
                }
            }
            _ => kept.push(cand),
        }
    }
    kept.into_iter().map(|c| c.m).collect()
}

/// (matched text, kind) for every identifier in `text`.
#[cfg(test)]
fn found(text: &str) -> Vec<(&str, IdKind)> {
    find_identifiers(text).into_iter().map(|m| (&text[m.span.start..m.span.end], m.kind)).collect()
}

#[cfg(test)]
fn only(text: &str, expected: &str, kind: IdKind) {
    assert_eq!(found(text), vec![(expected, kind)], "in {text:?}");
}

#[cfg(test)]
fn none(text: &str) {
    assert_eq!(found(text), vec![], "in {text:?}");
}

#[cfg(test)]
mod tests {
    use super::phone::scan_phones;
    use super::*;

    #[test]
    fn invalid_identity_code_is_not_a_phone() {
        assert!(find_identifiers("is 040786-1144 a valid code?").is_empty());
        assert_eq!(found("Soita 040-7861144"), [("040-7861144", IdKind::FiPhone)]);
    }

    // --- IdKind -------------------------------------------------------------

    #[test]
    fn kind_names() {
        let names: Vec<_> = IdKind::ALL.iter().map(|k| k.name()).collect();
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
        assert_eq!(valid_personnummer("0401234562"), Some(IdKind::SePersonnummer));
        only("0401234562", "0401234562", IdKind::FiPhone);
        // Finnish first: valid as both a henkilötunnus and a personnummer.
        assert!(valid_henkilotunnus("120312-1171"));
        assert_eq!(valid_personnummer("120312-1171"), Some(IdKind::SePersonnummer));
        only("120312-1171", "120312-1171", IdKind::FiHenkilotunnus);
    }

    #[test]
    fn several_identifiers_sorted() {
        let text = "Matti (131052-308T) soittaa 040 123 4567, mailaa matti@kokkola.fi ja tili FI21 1234 5600 0007 85.";
        let kinds: Vec<_> = found(text).into_iter().map(|(_, k)| k).collect();
        assert_eq!(kinds, [IdKind::FiHenkilotunnus, IdKind::FiPhone, IdKind::Email, IdKind::Iban]);
    }

    #[test]
    fn resolve_overlaps_keeps_higher_priority() {
        let c =
            |start, end, kind, priority| Candidate { m: IdMatch { span: ByteSpan::new(start, end), kind }, priority };
        let out = resolve_overlaps(vec![
            c(10, 20, IdKind::FiPhone, PRIO_PHONE),
            c(0, 12, IdKind::StreetAddress, PRIO_ADDRESS),
            c(11, 15, IdKind::FiHenkilotunnus, PRIO_HETU),
            c(30, 40, IdKind::Email, PRIO_EMAIL),
        ]);
        let spans: Vec<_> = out.iter().map(|m| (m.span.start, m.span.end, m.kind)).collect();
        assert_eq!(spans, [(11, 15, IdKind::FiHenkilotunnus), (30, 40, IdKind::Email)]);
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
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            s.push_str(PIECES[(state >> 33) as usize % PIECES.len()]);
        }
        s
    }

    /// Offsets on char boundaries, sorted, non-overlapping, and every checksummed
    /// match passes its own validator.
    fn assert_well_formed(text: &str, matches: &[IdMatch]) {
        let mut prev_end = 0;
        for m in matches {
            assert!(m.span.start < m.span.end, "{m:?}");
            assert!(text.is_char_boundary(m.span.start) && text.is_char_boundary(m.span.end), "{m:?}");
            assert!(m.span.start >= prev_end, "sorted and non-overlapping: {m:?}");
            prev_end = m.span.end;
            let s = &text[m.span.start..m.span.end];
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
        assert_eq!(kinds, [IdKind::FiHenkilotunnus, IdKind::FiPhone, IdKind::Email]);
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
        assert!(best < std::time::Duration::from_millis(budget_ms), "{best:?}");
    }
}
