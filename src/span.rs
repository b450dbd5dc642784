//! The three coordinate systems of a post, each its own type so they cannot
//! be mixed up. Every span is half-open (`start` inclusive, `end` exclusive).
//!
//! * [`ByteSpan`]: byte offsets into the text the stages read (the text
//!   composed to NFC, or the scanned `&str`); always on char boundaries.
//! * [`WordSpan`]: indices into the post's words (`text::tokenize`), what
//!   patterns match and the learned layer's features point at.
//! * [`Utf16Span`]: UTF-16 code units into the text as the user typed it,
//!   the unit JavaScript strings use: what a [`Finding`](crate::Finding)
//!   reports.

/// Byte offsets, `end` exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ByteSpan {
    pub start: usize,
    pub end: usize,
}

impl ByteSpan {
    pub fn new(start: usize, end: usize) -> ByteSpan {
        ByteSpan { start, end }
    }

    /// Whether the two spans share at least one byte.
    pub fn overlaps(self, other: ByteSpan) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// Word indices, `end` exclusive. A match covers at least one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WordSpan {
    pub start: u32,
    pub end: u32,
}

impl WordSpan {
    pub fn new(start: u32, end: u32) -> WordSpan {
        WordSpan { start, end }
    }

    /// The last word of a span that is not empty.
    pub fn last(self) -> u32 {
        self.end - 1
    }

    /// How far apart two spans are, counted in word steps from the last
    /// word of the earlier to the first of the later (1 for neighbours), 0
    /// when they share a word: what a rule's `window` is compared with.
    pub fn distance(self, other: WordSpan) -> u32 {
        if other.end <= self.start {
            self.start - other.last()
        } else if other.start >= self.end {
            other.start - self.last()
        } else {
            0
        }
    }

    /// As the `(start, end)` pair the learned layer's features use.
    pub fn pair(self) -> (u32, u32) {
        (self.start, self.end)
    }
}

/// UTF-16 code units into the original text, `end` exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Utf16Span {
    pub start: usize,
    pub end: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_word_steps() {
        let at = WordSpan::new(5, 7); // words 5 and 6
        assert_eq!(at.distance(WordSpan::new(3, 4)), 2); // word 3
        assert_eq!(at.distance(WordSpan::new(4, 5)), 1); // word 4, the neighbour
        assert_eq!(at.distance(WordSpan::new(6, 9)), 0); // shares word 6
        assert_eq!(at.distance(WordSpan::new(7, 8)), 1); // word 7, the neighbour
        assert_eq!(at.distance(WordSpan::new(9, 10)), 3);
    }

    #[test]
    fn byte_spans_overlap_when_they_share_a_byte() {
        let a = ByteSpan::new(2, 5);
        assert!(a.overlaps(ByteSpan::new(4, 9)));
        assert!(!a.overlaps(ByteSpan::new(5, 9)));
        assert!(!a.overlaps(ByteSpan::new(0, 2)));
    }
}
