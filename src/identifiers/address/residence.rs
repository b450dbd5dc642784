//! Residence words: "asun", "bor på", "live at" and the like before an address.

use super::*;

/// Words that say someone lives somewhere (whole words, case-insensitive).
/// Finnish "osoitteessa" is deliberately absent: it announces public venues.
#[rustfmt::skip]
pub(super) const RESIDENCE_WORDS: &[&[u8]] = &[
    // Finnish: asua (to live) in its persons, asunto (dwelling), kotona (at home)
    b"asuu", b"asun", b"asut", b"asumme", b"asutte", b"asuvat", b"asunto", b"asuntoni", b"kotona",
    // Swedish: bo (to live), bostad (dwelling), hemma (at home)
    b"bor", b"bostad", b"bostaden", b"hemma",
    // English ("live at" and "home address" are two-word phrases, see PrevWord)
    b"lives", b"resides", b"reside",
];

/// Longest word in `RESIDENCE_WORDS`, `ABBREVIATIONS` and `TRACKED_WORDS`; every
/// stem in `RESIDENCE_PREFIXES` is longer (a unit test checks both).
pub(super) const MAX_RESIDENCE_WORD: usize = 8;

/// Residence word stems that are inflected ("kotiosoitteeni", "hemadressen").
pub(super) const RESIDENCE_PREFIXES: &[&[u8]] = &[b"kotiosoit", b"hemadress"];

/// Abbreviations whose dot does not end a sentence ("Hän asuu os. Isokatu 5").
#[rustfmt::skip]
pub(super) const ABBREVIATIONS: &[&[u8]] = &[b"os", b"esim", b"mm", b"ns", b"ks", b"n", b"ca", b"st", b"kl"];

/// Other words the tracker reacts to ("live at", "home address").
pub(super) const TRACKED_WORDS: &[&[u8]] = &[b"live", b"at", b"on", b"home", b"address"];

/// Bit set of the (lowercase) first letters of every word the tracker reacts
/// to, so that most words are dismissed after one look at their first byte.
pub(super) const INTERESTING_FIRST_LETTERS: u32 = {
    let lists: [&[&[u8]]; 4] = [RESIDENCE_WORDS, RESIDENCE_PREFIXES, ABBREVIATIONS, TRACKED_WORDS];
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
pub(super) const fn pack_word(w: &[u8]) -> u64 {
    let mut v = 0u64;
    let mut i = 0;
    while i < w.len() && i < 8 {
        v |= (w[i] as u64) << (8 * i);
        i += 1;
    }
    v
}

pub(super) const fn pack_words<const N: usize>(words: &[&[u8]]) -> [u64; N] {
    let mut out = [0u64; N];
    let mut i = 0;
    while i < N {
        out[i] = pack_word(words[i]);
        i += 1;
    }
    out
}

pub(super) const RESIDENCE_WORDS_PACKED: [u64; RESIDENCE_WORDS.len()] = pack_words(RESIDENCE_WORDS);
pub(super) const ABBREVIATIONS_PACKED: [u64; ABBREVIATIONS.len()] = pack_words(ABBREVIATIONS);

pub(super) fn starts_interesting_word(c: u8) -> bool {
    c.is_ascii_alphabetic() && INTERESTING_FIRST_LETTERS & (1 << (c.to_ascii_lowercase() - b'a')) != 0
}

#[derive(Default, Clone, Copy, PartialEq, Eq)]
pub(super) enum PrevWord {
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
pub(super) struct ResidenceTracker {
    pos: usize,
    pub(super) residence_in_sentence: bool,
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
    pub(super) fn advance_to(&mut self, text: &str, target: usize) {
        let b = text.as_bytes();
        while self.pos < target && self.pos < b.len() {
            let c = b[self.pos];
            if c.is_ascii_alphabetic() {
                let end = ascii_word_end(b, self.pos);
                let glued = (self.pos > 0 && b[self.pos - 1] >= 0x80 && glued_before(text, self.pos))
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
