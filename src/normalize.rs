//! Canonical composition (NFC) of the letters Nordic and European posts
//! write with combining marks: a text pasted from a Mac or a PDF often
//! spells "ä" as "a" + U+0308, and every word rule and cue is written
//! composed. Only the pairs of [`PAIRS`] are composed (Latin letters with
//! grave, acute, circumflex, tilde, diaeresis, ring, caron or cedilla); any
//! other text is left as it is. A text without combining marks (nearly every
//! post) is borrowed, not copied.
//!
//! The engine analyses the composed text and maps each finding's byte offsets
//! back to the original with [`Normalized::original`], so the offsets the
//! browser gets are those of what the user typed.

use std::borrow::Cow;

/// (letter, combining mark, composed letter).
const PAIRS: &[(char, char, char)] = &[
    ('A', '\u{300}', 'À'),
    ('A', '\u{301}', 'Á'),
    ('A', '\u{302}', 'Â'),
    ('A', '\u{303}', 'Ã'),
    ('A', '\u{308}', 'Ä'),
    ('A', '\u{30a}', 'Å'),
    ('A', '\u{30c}', 'Ǎ'),
    ('C', '\u{301}', 'Ć'),
    ('C', '\u{302}', 'Ĉ'),
    ('C', '\u{30c}', 'Č'),
    ('C', '\u{327}', 'Ç'),
    ('D', '\u{30c}', 'Ď'),
    ('D', '\u{327}', 'Ḑ'),
    ('E', '\u{300}', 'È'),
    ('E', '\u{301}', 'É'),
    ('E', '\u{302}', 'Ê'),
    ('E', '\u{303}', 'Ẽ'),
    ('E', '\u{308}', 'Ë'),
    ('E', '\u{30c}', 'Ě'),
    ('E', '\u{327}', 'Ȩ'),
    ('G', '\u{301}', 'Ǵ'),
    ('G', '\u{302}', 'Ĝ'),
    ('G', '\u{30c}', 'Ǧ'),
    ('G', '\u{327}', 'Ģ'),
    ('H', '\u{302}', 'Ĥ'),
    ('H', '\u{308}', 'Ḧ'),
    ('H', '\u{30c}', 'Ȟ'),
    ('H', '\u{327}', 'Ḩ'),
    ('I', '\u{300}', 'Ì'),
    ('I', '\u{301}', 'Í'),
    ('I', '\u{302}', 'Î'),
    ('I', '\u{303}', 'Ĩ'),
    ('I', '\u{308}', 'Ï'),
    ('I', '\u{30c}', 'Ǐ'),
    ('J', '\u{302}', 'Ĵ'),
    ('K', '\u{301}', 'Ḱ'),
    ('K', '\u{30c}', 'Ǩ'),
    ('K', '\u{327}', 'Ķ'),
    ('L', '\u{301}', 'Ĺ'),
    ('L', '\u{30c}', 'Ľ'),
    ('L', '\u{327}', 'Ļ'),
    ('M', '\u{301}', 'Ḿ'),
    ('N', '\u{300}', 'Ǹ'),
    ('N', '\u{301}', 'Ń'),
    ('N', '\u{303}', 'Ñ'),
    ('N', '\u{30c}', 'Ň'),
    ('N', '\u{327}', 'Ņ'),
    ('O', '\u{300}', 'Ò'),
    ('O', '\u{301}', 'Ó'),
    ('O', '\u{302}', 'Ô'),
    ('O', '\u{303}', 'Õ'),
    ('O', '\u{308}', 'Ö'),
    ('O', '\u{30c}', 'Ǒ'),
    ('P', '\u{301}', 'Ṕ'),
    ('R', '\u{301}', 'Ŕ'),
    ('R', '\u{30c}', 'Ř'),
    ('R', '\u{327}', 'Ŗ'),
    ('S', '\u{301}', 'Ś'),
    ('S', '\u{302}', 'Ŝ'),
    ('S', '\u{30c}', 'Š'),
    ('S', '\u{327}', 'Ş'),
    ('T', '\u{30c}', 'Ť'),
    ('T', '\u{327}', 'Ţ'),
    ('U', '\u{300}', 'Ù'),
    ('U', '\u{301}', 'Ú'),
    ('U', '\u{302}', 'Û'),
    ('U', '\u{303}', 'Ũ'),
    ('U', '\u{308}', 'Ü'),
    ('U', '\u{30a}', 'Ů'),
    ('U', '\u{30c}', 'Ǔ'),
    ('V', '\u{303}', 'Ṽ'),
    ('W', '\u{300}', 'Ẁ'),
    ('W', '\u{301}', 'Ẃ'),
    ('W', '\u{302}', 'Ŵ'),
    ('W', '\u{308}', 'Ẅ'),
    ('X', '\u{308}', 'Ẍ'),
    ('Y', '\u{300}', 'Ỳ'),
    ('Y', '\u{301}', 'Ý'),
    ('Y', '\u{302}', 'Ŷ'),
    ('Y', '\u{303}', 'Ỹ'),
    ('Y', '\u{308}', 'Ÿ'),
    ('Z', '\u{301}', 'Ź'),
    ('Z', '\u{302}', 'Ẑ'),
    ('Z', '\u{30c}', 'Ž'),
    ('a', '\u{300}', 'à'),
    ('a', '\u{301}', 'á'),
    ('a', '\u{302}', 'â'),
    ('a', '\u{303}', 'ã'),
    ('a', '\u{308}', 'ä'),
    ('a', '\u{30a}', 'å'),
    ('a', '\u{30c}', 'ǎ'),
    ('c', '\u{301}', 'ć'),
    ('c', '\u{302}', 'ĉ'),
    ('c', '\u{30c}', 'č'),
    ('c', '\u{327}', 'ç'),
    ('d', '\u{30c}', 'ď'),
    ('d', '\u{327}', 'ḑ'),
    ('e', '\u{300}', 'è'),
    ('e', '\u{301}', 'é'),
    ('e', '\u{302}', 'ê'),
    ('e', '\u{303}', 'ẽ'),
    ('e', '\u{308}', 'ë'),
    ('e', '\u{30c}', 'ě'),
    ('e', '\u{327}', 'ȩ'),
    ('g', '\u{301}', 'ǵ'),
    ('g', '\u{302}', 'ĝ'),
    ('g', '\u{30c}', 'ǧ'),
    ('g', '\u{327}', 'ģ'),
    ('h', '\u{302}', 'ĥ'),
    ('h', '\u{308}', 'ḧ'),
    ('h', '\u{30c}', 'ȟ'),
    ('h', '\u{327}', 'ḩ'),
    ('i', '\u{300}', 'ì'),
    ('i', '\u{301}', 'í'),
    ('i', '\u{302}', 'î'),
    ('i', '\u{303}', 'ĩ'),
    ('i', '\u{308}', 'ï'),
    ('i', '\u{30c}', 'ǐ'),
    ('j', '\u{302}', 'ĵ'),
    ('j', '\u{30c}', 'ǰ'),
    ('k', '\u{301}', 'ḱ'),
    ('k', '\u{30c}', 'ǩ'),
    ('k', '\u{327}', 'ķ'),
    ('l', '\u{301}', 'ĺ'),
    ('l', '\u{30c}', 'ľ'),
    ('l', '\u{327}', 'ļ'),
    ('m', '\u{301}', 'ḿ'),
    ('n', '\u{300}', 'ǹ'),
    ('n', '\u{301}', 'ń'),
    ('n', '\u{303}', 'ñ'),
    ('n', '\u{30c}', 'ň'),
    ('n', '\u{327}', 'ņ'),
    ('o', '\u{300}', 'ò'),
    ('o', '\u{301}', 'ó'),
    ('o', '\u{302}', 'ô'),
    ('o', '\u{303}', 'õ'),
    ('o', '\u{308}', 'ö'),
    ('o', '\u{30c}', 'ǒ'),
    ('p', '\u{301}', 'ṕ'),
    ('r', '\u{301}', 'ŕ'),
    ('r', '\u{30c}', 'ř'),
    ('r', '\u{327}', 'ŗ'),
    ('s', '\u{301}', 'ś'),
    ('s', '\u{302}', 'ŝ'),
    ('s', '\u{30c}', 'š'),
    ('s', '\u{327}', 'ş'),
    ('t', '\u{308}', 'ẗ'),
    ('t', '\u{30c}', 'ť'),
    ('t', '\u{327}', 'ţ'),
    ('u', '\u{300}', 'ù'),
    ('u', '\u{301}', 'ú'),
    ('u', '\u{302}', 'û'),
    ('u', '\u{303}', 'ũ'),
    ('u', '\u{308}', 'ü'),
    ('u', '\u{30a}', 'ů'),
    ('u', '\u{30c}', 'ǔ'),
    ('v', '\u{303}', 'ṽ'),
    ('w', '\u{300}', 'ẁ'),
    ('w', '\u{301}', 'ẃ'),
    ('w', '\u{302}', 'ŵ'),
    ('w', '\u{308}', 'ẅ'),
    ('w', '\u{30a}', 'ẘ'),
    ('x', '\u{308}', 'ẍ'),
    ('y', '\u{300}', 'ỳ'),
    ('y', '\u{301}', 'ý'),
    ('y', '\u{302}', 'ŷ'),
    ('y', '\u{303}', 'ỹ'),
    ('y', '\u{308}', 'ÿ'),
    ('y', '\u{30a}', 'ẙ'),
    ('z', '\u{301}', 'ź'),
    ('z', '\u{302}', 'ẑ'),
    ('z', '\u{30c}', 'ž'),
];

fn compose(base: char, mark: char) -> Option<char> {
    PAIRS.iter().find(|p| p.0 == base && p.1 == mark).map(|p| p.2)
}

/// A text in NFC (for the pairs above) and the way back to the original's offsets.
pub struct Normalized<'t> {
    pub text: Cow<'t, str>,
    /// For every byte offset of `text` (and its end): the original's offset.
    /// Empty when nothing was composed.
    map: Vec<u32>,
}

impl Normalized<'_> {
    /// The byte offset in the original text of byte offset `at` of `text`.
    pub fn original(&self, at: usize) -> usize {
        if self.map.is_empty() {
            at
        } else {
            self.map[at] as usize
        }
    }
}

/// Composes `text`.
pub fn nfc(text: &str) -> Normalized<'_> {
    // Combining marks U+0300–U+036F are encoded with lead byte 0xCC or 0xCD.
    if !text.bytes().any(|b| b == 0xCC || b == 0xCD) {
        return Normalized { text: Cow::Borrowed(text), map: Vec::new() };
    }
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let mut composed = c;
        while let Some(&(_, m)) = chars.peek() {
            match compose(composed, m) {
                Some(k) => {
                    composed = k;
                    chars.next();
                }
                None => break,
            }
        }
        for _ in 0..composed.len_utf8() {
            map.push(i as u32);
        }
        out.push(composed);
    }
    map.push(text.len() as u32);
    Normalized { text: Cow::Owned(out), map }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composes_decomposed_nordic_letters() {
        let text = "Ha\u{308}lytyskoodi on 1234, Ko\u{308}pcentret a\u{30a}t";
        let n = nfc(text);
        assert_eq!(n.text, "Hälytyskoodi on 1234, Köpcentret åt");
        let at = n.text.find("Köpcentret").unwrap();
        assert_eq!(&text[n.original(at)..n.original(at + "Köpcentret".len())], "Ko\u{308}pcentret");
        assert_eq!(n.original(n.text.len()), text.len());
    }

    #[test]
    fn leaves_other_text_alone() {
        for t in ["plain ascii", "åäö already composed", "q\u{30a} has no composed form", "\u{308} alone", "emoji 👍🏽"]
        {
            let n = nfc(t);
            assert_eq!(n.text, t);
            assert_eq!(n.original(n.text.len()), t.len());
        }
        assert!(matches!(nfc("åäö").text, Cow::Borrowed(_)));
    }
}
