//! The rule pack's word terms, looked up word by word.
//!
//! Every term lies inside one word (a slot holds letters, digits and
//! apostrophes only), so instead of running an automaton over the text the
//! matcher asks, for each word, which of its starts, ends and insides are
//! terms. A prefix is hashed one byte further at a time, so a word of n bytes
//! costs n lookups; its insides are only tried where an inner term can
//! begin. Building the table is one hash insert per term: about a tenth of
//! what building an Aho-Corasick automaton over the same ~6 500 terms took,
//! and start-up is paid on every start of the browser's worker.

use crate::pattern::Mode;

/// A term's text and the (slot, mode) pairs that use it.
struct Term {
    hash: u64,
    text: Box<str>,
    entries: Vec<(u32, Mode)>,
}

pub struct TermTable {
    terms: Vec<Term>,
    /// Open addressing: index + 1 into `terms`, 0 for an empty place.
    places: Vec<u32>,
    shift: u32,
    /// The longest term, in bytes: no lookup goes further into a word.
    longest: usize,
    /// First two bytes of every term used as a suffix or infix, as a
    /// 64 Ki-bit set: a word's inside is only hashed from where one starts.
    inner_starts: Vec<u64>,
    inner_longest: usize,
}

const SEED: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a, one byte at a time, so a prefix's hash extends to the next byte.
fn step(h: u64, b: u8) -> u64 {
    (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
}

fn hash(text: &str) -> u64 {
    text.bytes().fold(SEED, step)
}

fn pair(a: u8, b: u8) -> usize {
    (a as usize) << 8 | b as usize
}

impl TermTable {
    /// `terms[i]` with `entries[i]`; texts are distinct.
    pub fn new(texts: Vec<String>, entries: Vec<Vec<(u32, Mode)>>) -> TermTable {
        let bits = (texts.len() * 2).next_power_of_two().max(16).trailing_zeros();
        let mut table = TermTable {
            terms: Vec::with_capacity(texts.len()),
            places: vec![0; 1 << bits],
            shift: 64 - bits,
            longest: 0,
            inner_starts: vec![0; 1 << 10],
            inner_longest: 0,
        };
        for (text, entries) in texts.into_iter().zip(entries) {
            let b = text.as_bytes();
            table.longest = table.longest.max(b.len());
            if entries.iter().any(|&(_, m)| matches!(m, Mode::Suffix | Mode::Infix)) {
                let p = pair(b[0], b.get(1).copied().unwrap_or(0));
                table.inner_starts[p / 64] |= 1 << (p % 64);
                table.inner_longest = table.inner_longest.max(b.len());
            }
            let hash = hash(&text);
            let mut at = table.place(hash);
            while table.places[at] != 0 {
                at = (at + 1) & (table.places.len() - 1);
            }
            table.terms.push(Term { hash, text: text.into_boxed_str(), entries });
            table.places[at] = table.terms.len() as u32;
        }
        table
    }

    fn place(&self, hash: u64) -> usize {
        (hash.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    fn find(&self, hash: u64, text: &[u8]) -> Option<&Term> {
        let mut at = self.place(hash);
        loop {
            let i = self.places[at];
            if i == 0 {
                return None;
            }
            let term = &self.terms[i as usize - 1];
            if term.hash == hash && term.text.as_bytes() == text {
                return Some(term);
            }
            at = (at + 1) & (self.places.len() - 1);
        }
    }

    /// Calls `hit` with every slot that `word` (folded) matches: a term that
    /// is the whole word (exact), its start (prefix), its end (suffix) or any
    /// part of it (infix). A slot may be reported more than once.
    pub fn word_hits(&self, word: &str, mut hit: impl FnMut(u32)) {
        let b = word.as_bytes();
        let n = b.len();
        let mut h = SEED;
        for j in 0..n.min(self.longest) {
            h = step(h, b[j]);
            // Terms are whole characters: skip lookups that end inside one.
            if j + 1 < n && is_continuation(b[j + 1]) {
                continue;
            }
            if let Some(term) = self.find(h, &b[..=j]) {
                let whole = j + 1 == n;
                for &(slot, mode) in &term.entries {
                    if whole || matches!(mode, Mode::Prefix | Mode::Infix) {
                        hit(slot);
                    }
                }
            }
        }
        if self.inner_longest == 0 {
            return;
        }
        for i in 1..n {
            let p = pair(b[i], b.get(i + 1).copied().unwrap_or(0));
            if is_continuation(b[i]) || self.inner_starts[p / 64] & (1 << (p % 64)) == 0 {
                continue;
            }
            let mut h = SEED;
            for j in i..n.min(i + self.inner_longest) {
                h = step(h, b[j]);
                if j + 1 < n && is_continuation(b[j + 1]) {
                    continue;
                }
                if let Some(term) = self.find(h, &b[i..=j]) {
                    let at_end = j + 1 == n;
                    for &(slot, mode) in &term.entries {
                        if mode == Mode::Infix || (mode == Mode::Suffix && at_end) {
                            hit(slot);
                        }
                    }
                }
            }
        }
    }
}

fn is_continuation(b: u8) -> bool {
    b & 0xc0 == 0x80
}
