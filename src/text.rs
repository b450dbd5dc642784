//! Text preparation: a lowercased copy with the same byte offsets, the words
//! of the post, its sentences, and the mapping to UTF-16 offsets.
//!
//! Every later stage works in byte offsets of the original text; only the
//! final findings are converted to UTF-16, once, in one pass.

pub use crate::fold::fold_case;
use crate::span::{ByteSpan, Utf16Span};

/// Characters that make up a word. Apostrophes inside a word ("don't",
/// "don’t") belong to it; hyphens split compounds into their parts.
#[inline]
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

#[inline]
fn is_inner_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// One word of the post.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    /// Index of the sentence the word belongs to.
    pub sentence: u32,
    /// The word is the first of its sentence (its capital says nothing).
    pub sentence_start: bool,
    /// First letter is upper case.
    pub capitalised: bool,
    /// Every char is an ASCII digit.
    pub digits: bool,
    /// Written right after '#' or '@' (a hashtag or a mention).
    pub tagged: bool,
}

/// Splits the text into words and sentences in one pass. A sentence ends at
/// '.', '!', '?', '…' or a line break (also U+2028, U+2029), except a dot
/// between digits (12.3.2024).
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 6 + 1);
    let mut sentence: u32 = 0;
    let mut at_sentence_start = true;
    let mut iter = text.char_indices().peekable();
    let mut prev: char = ' ';
    while let Some((i, c)) = iter.next() {
        if is_word_char(c) {
            let start = i;
            let mut end = i + c.len_utf8();
            let mut all_digits = c.is_ascii_digit();
            let mut last = c;
            while let Some(&(j, d)) = iter.peek() {
                if is_word_char(d) {
                    all_digits &= d.is_ascii_digit();
                    end = j + d.len_utf8();
                    last = d;
                    iter.next();
                } else if is_inner_apostrophe(d) && is_word_char(last) {
                    // Keep the apostrophe only when a letter follows it.
                    let after = text[j + d.len_utf8()..].chars().next();
                    if after.is_some_and(is_word_char) {
                        end = j + d.len_utf8();
                        last = d;
                        all_digits = false;
                        iter.next();
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
            tokens.push(Token {
                start,
                end,
                sentence,
                sentence_start: at_sentence_start,
                capitalised: c.is_uppercase(),
                digits: all_digits,
                tagged: prev == '#' || prev == '@',
            });
            at_sentence_start = false;
            prev = last;
            continue;
        }
        let ends_sentence = match c {
            // U+2028/U+2029 are the line and paragraph separators some
            // editors and pastes use instead of a newline.
            '!' | '?' | '…' | '\n' | '\u{2028}' | '\u{2029}' => true,
            // Posts end sentences with emoji as often as with a full stop.
            c if is_emoji(c) => true,
            '.' => {
                let next_is_digit = iter.peek().is_some_and(|&(_, d)| d.is_ascii_digit());
                let after_abbreviation =
                    tokens.last().is_some_and(|t: &Token| t.end == i && is_abbreviation(&text[t.start..t.end]));
                !(after_abbreviation || prev.is_ascii_digit() && next_is_digit)
            }
            _ => false,
        };
        if ends_sentence && !at_sentence_start {
            sentence += 1;
            at_sentence_start = true;
        }
        prev = c;
    }
    tokens
}

/// Pictographs and emoticons (the blocks emoji come from), not letters.
pub fn is_emoji(c: char) -> bool {
    matches!(c as u32, 0x1F300..=0x1FAFF | 0x2600..=0x27BF | 0x1F000..=0x1F2FF)
}

/// A word whose dot does not end a sentence: an initial ("Maija K. on…")
/// or a common abbreviation in the three languages.
fn is_abbreviation(word: &str) -> bool {
    const ABBREVIATIONS: &[&str] = &[
        "esim", "mm", "ns", "jne", "yms", "tms", "ym", "ks", "vrt", "puh", "os", "klo", "kl", "ca", "bl", "ex", "dvs",
        "etc", "eg", "ie", "mr", "mrs", "ms", "dr", "st", "vs", "no", "nr", "tel", "p", "t", "e", "g", "i",
    ];
    let mut chars = word.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_uppercase() => true,
        _ => ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word)),
    }
}

/// Converts sorted byte offsets to UTF-16 offsets in one walk over the text.
pub struct Utf16Map {
    /// (byte offset, utf16 offset) for every offset asked for, sorted.
    pairs: Vec<(usize, usize)>,
}

impl Utf16Map {
    pub fn new(text: &str, mut offsets: Vec<usize>) -> Utf16Map {
        offsets.sort_unstable();
        offsets.dedup();
        let mut pairs = Vec::with_capacity(offsets.len());
        let mut units = 0usize;
        let mut byte = 0usize;
        let mut chars = text.chars();
        for off in offsets {
            while byte < off {
                match chars.next() {
                    Some(c) => {
                        byte += c.len_utf8();
                        units += c.len_utf16();
                    }
                    None => break,
                }
            }
            pairs.push((off, units));
        }
        Utf16Map { pairs }
    }

    pub fn get(&self, byte: usize) -> usize {
        let i = self.pairs.partition_point(|p| p.0 < byte);
        self.pairs[i].1
    }

    /// A byte span (both ends among the offsets asked for) in UTF-16 units.
    pub fn span(&self, bytes: ByteSpan) -> Utf16Span {
        Utf16Span { start: self.get(bytes.start), end: self.get(bytes.end) }
    }
}

/// Converts a UTF-16 offset back to a byte offset (for fixes and tests).
pub fn utf16_to_byte(text: &str, units: usize) -> Option<usize> {
    let mut u = 0;
    for (i, c) in text.char_indices() {
        if u == units {
            return Some(i);
        }
        u += c.len_utf16();
        if u > units {
            return None;
        }
    }
    (u == units).then_some(text.len())
}

/// Length of a text in UTF-16 code units.
pub fn utf16_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_keeps_byte_offsets() {
        for s in ["ÄÖÅ abc", "İstanbul K", "ẞ straße", "Ωmega 👩‍👩‍👧"] {
            let f = fold_case(s);
            assert_eq!(f.len(), s.len(), "{s}");
            for (a, b) in s.char_indices().zip(f.char_indices()) {
                assert_eq!(a.0, b.0);
            }
        }
        assert_eq!(fold_case("SALAINEN Sekretess"), "salainen sekretess");
        assert_eq!(fold_case("ÄLÄ KERRO"), "älä kerro");
    }

    #[test]
    fn tokens_and_sentences() {
        let t = "Hei! Kokous on 12.3.2024 klo 10. Don’t go.";
        let toks = tokenize(t);
        let words: Vec<&str> = toks.iter().map(|k| &t[k.start..k.end]).collect();
        assert_eq!(words, ["Hei", "Kokous", "on", "12", "3", "2024", "klo", "10", "Don’t", "go"]);
        let sentences: Vec<u32> = toks.iter().map(|k| k.sentence).collect();
        assert_eq!(sentences, [0, 1, 1, 1, 1, 1, 1, 1, 2, 2]);
        assert!(toks[1].sentence_start && toks[1].capitalised);
        assert!(toks[3].digits && !toks[2].digits);
    }

    #[test]
    fn initials_and_abbreviations_do_not_end_sentences() {
        let t = "Asiakas Maija K. on kotona, esim. tänään. Uusi";
        let toks = tokenize(t);
        assert_eq!(toks.iter().filter(|k| k.sentence == 0).count(), 7);
        assert_eq!(toks.last().unwrap().sentence, 1);
    }

    #[test]
    fn unicode_line_separators_end_sentences() {
        let toks = tokenize("Kirjasto auki\u{2028}Ovikoodi 1234\u{2029}Tervetuloa");
        let sentences: Vec<u32> = toks.iter().map(|k| k.sentence).collect();
        assert_eq!(sentences, [0, 0, 1, 1, 2]);
    }

    #[test]
    fn emoji_end_sentences() {
        let toks = tokenize("Polvi on kuin uusi 💪 Kiitos kaikille");
        assert!(toks[4].sentence_start && toks[4].sentence == 1);
    }

    #[test]
    fn tagged_words() {
        let t = "#KokkolaKarleby @Anna";
        let toks = tokenize(t);
        assert!(toks.iter().all(|k| k.tagged));
    }

    #[test]
    fn utf16_offsets() {
        let t = "a👍b åäö e\u{301}";
        let map = Utf16Map::new(t, vec![0, 1, 5, 6, 7, t.len()]);
        assert_eq!(map.get(0), 0);
        assert_eq!(map.get(1), 1);
        assert_eq!(map.get(5), 3);
        assert_eq!(map.get(6), 4);
        assert_eq!(map.get(t.len()), utf16_len(t));
        assert_eq!(utf16_to_byte(t, 3), Some(5));
        assert_eq!(utf16_to_byte(t, 2), None);
    }
}
