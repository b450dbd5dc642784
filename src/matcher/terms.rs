//! The rule pack's word terms, looked up word by word.
//!
//! Every term lies inside one word (a slot holds letters, digits and
//! apostrophes only), so instead of running an automaton over the text the
//! matcher asks, for each word, which of its starts, ends and insides are
//! terms. A prefix is hashed one byte further at a time, so a word of n bytes
//! costs n lookups; its insides are only tried where an inner term can
//! begin.
//!
//! `build.rs` stores the built-in pack's terms in a compact layout
//! ([`TermTable::encode`]); start-up reads their numbers, leaves their texts
//! where they are and hashes each term once into the table of places.

use crate::pattern::Mode;
use std::borrow::Cow;

pub struct TermTable {
    /// The terms' texts one after another; borrowed from the embedded bytes
    /// for the built-in pack.
    texts: Cow<'static, [u8]>,
    text_ends: Vec<u32>,
    entry_ends: Vec<u32>,
    /// Per term, the slots that use it: slot << 2 | mode.
    entries: Vec<u32>,
    /// Open addressing: term index + 1, 0 for an empty place.
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

fn pair(a: u8, b: u8) -> usize {
    (a as usize) << 8 | b as usize
}

fn mode_code(mode: Mode) -> u32 {
    match mode {
        Mode::Exact => 0,
        Mode::Prefix => 1,
        Mode::Suffix => 2,
        Mode::Infix => 3,
    }
}

fn mode_of(code: u32) -> Mode {
    [Mode::Exact, Mode::Prefix, Mode::Suffix, Mode::Infix][(code & 3) as usize]
}

/// Appends `v` as LEB128: seven bits a byte, low bits first.
pub fn put_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads what [`put_varint`] wrote.
pub struct Reader {
    pub bytes: &'static [u8],
    pub at: usize,
}

impl Reader {
    pub fn varint(&mut self) -> u32 {
        let mut v = 0u32;
        let mut shift = 0;
        loop {
            let b = self.bytes[self.at];
            self.at += 1;
            v |= u32::from(b & 0x7f) << shift;
            if b < 0x80 {
                return v;
            }
            shift += 7;
        }
    }
}

impl TermTable {
    /// `texts[i]` is used by the (slot, mode) pairs `entries[i]`; texts are distinct.
    pub fn new(texts: &[String], entries: &[Vec<(u32, Mode)>]) -> TermTable {
        let mut text_ends = Vec::with_capacity(texts.len());
        let mut all = Vec::new();
        for t in texts {
            all.extend_from_slice(t.as_bytes());
            text_ends.push(all.len() as u32);
        }
        let mut entry_ends = Vec::with_capacity(entries.len());
        let mut codes = Vec::new();
        for e in entries {
            codes.extend(e.iter().map(|&(slot, mode)| slot << 2 | mode_code(mode)));
            entry_ends.push(codes.len() as u32);
        }
        TermTable::index(Cow::Owned(all), text_ends, entry_ends, codes)
    }

    /// The layout, in LEB128 numbers: the term count, then per term its
    /// text's length in bytes, its number of entries and the entries (slot
    /// << 2 | mode); then the texts one after another.
    pub fn encode(texts: &[String], entries: &[Vec<(u32, Mode)>]) -> Vec<u8> {
        let mut out = Vec::new();
        put_varint(&mut out, texts.len() as u32);
        for (t, e) in texts.iter().zip(entries) {
            put_varint(&mut out, t.len() as u32);
            put_varint(&mut out, e.len() as u32);
            for &(slot, mode) in e {
                assert!(slot < 1 << 30, "slot ids fit in 30 bits");
                put_varint(&mut out, slot << 2 | mode_code(mode));
            }
        }
        for t in texts {
            out.extend_from_slice(t.as_bytes());
        }
        out
    }

    /// Reads [`TermTable::encode`]'s layout from `r` to the end of its bytes;
    /// the texts stay where they are.
    pub fn decode(mut r: Reader) -> TermTable {
        let count = r.varint() as usize;
        let (mut text_ends, mut entry_ends, mut codes) =
            (Vec::with_capacity(count), Vec::with_capacity(count), Vec::with_capacity(count));
        let mut text_end = 0;
        for _ in 0..count {
            text_end += r.varint();
            text_ends.push(text_end);
            for _ in 0..r.varint() {
                codes.push(r.varint());
            }
            entry_ends.push(codes.len() as u32);
        }
        let texts = &r.bytes[r.at..];
        assert_eq!(texts.len(), text_end as usize, "the term texts end the layout");
        TermTable::index(Cow::Borrowed(texts), text_ends, entry_ends, codes)
    }

    /// Hashes every term into its place.
    fn index(texts: Cow<'static, [u8]>, text_ends: Vec<u32>, entry_ends: Vec<u32>, entries: Vec<u32>) -> TermTable {
        let count = text_ends.len();
        let bits = (count * 2).next_power_of_two().max(16).trailing_zeros();
        let mut table = TermTable {
            texts,
            text_ends,
            entry_ends,
            entries,
            places: vec![0; 1 << bits],
            shift: 64 - bits,
            longest: 0,
            inner_starts: vec![0; 1 << 10],
            inner_longest: 0,
        };
        for i in 0..count {
            let text = table.text(i);
            let (len, first, second) = (text.len(), text[0], text.get(1).copied().unwrap_or(0));
            let hash = text.iter().fold(SEED, |h, &b| step(h, b));
            table.longest = table.longest.max(len);
            if table.entries(i).any(|(_, m)| matches!(m, Mode::Suffix | Mode::Infix)) {
                let p = pair(first, second);
                table.inner_starts[p / 64] |= 1 << (p % 64);
                table.inner_longest = table.inner_longest.max(len);
            }
            let mut at = table.place(hash);
            while table.places[at] != 0 {
                at = (at + 1) & (table.places.len() - 1);
            }
            table.places[at] = i as u32 + 1;
        }
        table
    }

    fn text(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.text_ends[i - 1] as usize };
        &self.texts[start..self.text_ends[i] as usize]
    }

    fn entries(&self, i: usize) -> impl Iterator<Item = (u32, Mode)> + '_ {
        let start = if i == 0 { 0 } else { self.entry_ends[i - 1] as usize };
        self.entries[start..self.entry_ends[i] as usize].iter().map(|&code| (code >> 2, mode_of(code)))
    }

    fn place(&self, hash: u64) -> usize {
        (hash.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    fn find(&self, hash: u64, text: &[u8]) -> Option<usize> {
        let mut at = self.place(hash);
        loop {
            let i = self.places[at];
            if i == 0 {
                return None;
            }
            if self.text(i as usize - 1) == text {
                return Some(i as usize - 1);
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
                for (slot, mode) in self.entries(term) {
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
                    for (slot, mode) in self.entries(term) {
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
