//! Patterns compiled to steps over slots, with the terms that fill the
//! slots, and the one byte layout they are stored in.
//!
//! `build.rs` compiles the built-in rule pack and the learned layer's cue
//! groups with this very code and embeds the bytes, so start-up neither
//! parses those ~2 100 patterns nor inserts their ~6 600 terms; an
//! organisation's own rules are compiled at start-up on top of them.

use super::terms::{put_varint, Reader, TermTable};
use crate::pattern::{Mode, Pattern, Slot, Step};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CStep {
    Slot(u32),
    Number,
    Name,
    Gap(u8),
}

/// A pattern as a list of steps over slot ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CPattern {
    pub steps: Vec<CStep>,
    pub trigger: bool,
}

/// A pattern of the matcher, numbered in the order it was compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PatternId(pub(crate) u32);

impl PatternId {
    pub(crate) fn index(self) -> usize {
        self.0 as usize
    }
}

/// Patterns being compiled; slot and pattern numbers continue after those
/// of an earlier set.
#[derive(Default)]
pub struct Compiling {
    terms: HashMap<String, usize>,
    term_texts: Vec<String>,
    entries: Vec<Vec<(u32, Mode)>>,
    pub patterns: Vec<CPattern>,
    first_pattern: u32,
    /// The next slot id.
    pub slots: u32,
}

const MAGIC: &[u8; 4] = b"GPM2";

impl Compiling {
    pub fn after(first_slot: u32, first_pattern: u32) -> Compiling {
        Compiling { slots: first_slot, first_pattern, ..Compiling::default() }
    }

    /// Adds a pattern and returns its id. Trigger patterns are searched in
    /// the whole post; the others are context, looked for near a trigger.
    pub fn add(&mut self, pattern: &Pattern, trigger: bool) -> PatternId {
        let mut steps = Vec::with_capacity(pattern.steps.len());
        for step in &pattern.steps {
            steps.push(match step {
                Step::Gap(n) => CStep::Gap(*n),
                Step::Slot(Slot::Number) => CStep::Number,
                Step::Slot(Slot::Name) => CStep::Name,
                Step::Slot(Slot::Words(terms)) => {
                    let slot = self.slots;
                    self.slots += 1;
                    for term in terms {
                        for text in apostrophe_variants(&term.text) {
                            let id = *self.terms.entry(text.clone()).or_insert_with(|| {
                                self.term_texts.push(text);
                                self.entries.push(Vec::new());
                                self.entries.len() - 1
                            });
                            self.entries[id].push((slot, term.mode));
                        }
                    }
                    CStep::Slot(slot)
                }
            });
        }
        self.patterns.push(CPattern { steps, trigger });
        PatternId(self.first_pattern + self.patterns.len() as u32 - 1)
    }

    pub fn terms(&self) -> TermTable {
        TermTable::new(&self.term_texts, &self.entries)
    }

    /// The layout: "GPM2", then in LEB128 numbers the number of rules and
    /// for each its number of match, unless and near patterns (`lists`: the
    /// embedded rule pack leaves the patterns out, build.rs compiled them),
    /// the slot count, the pattern count, each pattern as its length << 1 |
    /// trigger and its steps (0 `<num>`, 1 `<name>`, 1 + n a gap of n, 16 + id
    /// a slot), then the terms in [`TermTable::encode`]'s layout.
    #[allow(dead_code)] // the crate itself only decodes; build.rs and the tests encode
    pub fn encode(&self, lists: &[[u32; 3]]) -> Vec<u8> {
        assert_eq!(self.first_pattern, 0, "only a first set is stored");
        let mut out = MAGIC.to_vec();
        put_varint(&mut out, lists.len() as u32);
        for n in lists.iter().flatten() {
            put_varint(&mut out, *n);
        }
        put_varint(&mut out, self.slots);
        put_varint(&mut out, self.patterns.len() as u32);
        for p in &self.patterns {
            put_varint(&mut out, (p.steps.len() as u32) << 1 | u32::from(p.trigger));
            for s in &p.steps {
                let code = match *s {
                    CStep::Number => 0,
                    CStep::Name => 1,
                    CStep::Gap(n) => {
                        assert!((1..15).contains(&n), "gaps are short");
                        1 + u32::from(n)
                    }
                    CStep::Slot(id) => 16 + id,
                };
                put_varint(&mut out, code);
            }
        }
        out.extend_from_slice(&TermTable::encode(&self.term_texts, &self.entries));
        out
    }
}

/// A first set of patterns, read from [`Compiling::encode`]'s bytes.
pub struct Compiled {
    /// Per built-in rule, in the pack's order: how many match, unless and near patterns it has.
    pub lists: Vec<[u32; 3]>,
    pub slots: u32,
    pub patterns: Vec<CPattern>,
    pub terms: TermTable,
}

impl Compiled {
    pub fn decode(bytes: &'static [u8]) -> Compiled {
        assert_eq!(&bytes[..4], MAGIC, "compiled patterns start with their magic");
        let mut r = Reader { bytes, at: 4 };
        let rules = r.varint();
        let lists = (0..rules).map(|_| [r.varint(), r.varint(), r.varint()]).collect();
        let slots = r.varint();
        let count = r.varint();
        let mut patterns = Vec::with_capacity(count as usize);
        for _ in 0..count {
            let head = r.varint();
            let steps = (0..head >> 1)
                .map(|_| match r.varint() {
                    0 => CStep::Number,
                    1 => CStep::Name,
                    v if v < 16 => CStep::Gap((v - 1) as u8),
                    v => CStep::Slot(v - 16),
                })
                .collect();
            patterns.push(CPattern { steps, trigger: head & 1 == 1 });
        }
        Compiled { lists, slots, patterns, terms: TermTable::decode(r) }
    }
}

/// Typographic and straight apostrophes are both in use; the pattern holds the
/// straight one, so the table gets both spellings.
fn apostrophe_variants(text: &str) -> Vec<String> {
    if text.contains('\'') {
        vec![text.to_string(), text.replace('\'', "’")]
    } else {
        vec![text.to_string()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stored_layout_reads_back_as_it_was_compiled() {
        let mut set = Compiling::default();
        for (source, trigger) in [("koodi* <num>", true), ("*lösenord* ~2 är", true), ("don't <name>", false)] {
            set.add(&Pattern::parse(source).unwrap(), trigger);
        }
        let bytes: &'static [u8] = Box::leak(set.encode(&[[2, 1, 0]]).into_boxed_slice());
        let read = Compiled::decode(bytes);
        assert_eq!((read.lists.as_slice(), read.slots), (&[[2, 1, 0]][..], set.slots));
        assert_eq!(read.patterns, set.patterns);
        let fresh = set.terms();
        for word in ["ovikoodi", "koodit", "wifilösenordet", "don't", "don’t", "är", "x"] {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            read.terms.word_hits(word, |s| a.push(s));
            fresh.word_hits(word, |s| b.push(s));
            assert_eq!(a, b, "{word}");
        }
        let mut hits = Vec::new();
        read.terms.word_hits("koodit", |s| hits.push(s));
        assert_eq!(hits, [0], "a prefix term is found in the stored table");
    }
}
