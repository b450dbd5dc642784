//! Which of Finnish, Swedish and English a post is written in.
//!
//! Karleby is bilingual and many posts carry both Finnish and Swedish, so the
//! result is the main language plus every language clearly present. The
//! signals are frequent function words and a few spelling traits (Finnish
//! double vowels and case endings, the Swedish å), which are enough for posts
//! of a sentence or more.

use crate::model::{Lang, RuleLang};
use crate::text::Token;
use std::collections::HashMap;
use std::sync::OnceLock;

const FI_WORDS: &[&str] = &[
    "ja",
    "on",
    "ei",
    "että",
    "se",
    "hän",
    "mutta",
    "kun",
    "tai",
    "ovat",
    "oli",
    "olla",
    "myös",
    "nyt",
    "tämä",
    "tämän",
    "joka",
    "mitä",
    "kaikki",
    "vain",
    "niin",
    "kuin",
    "jo",
    "sitten",
    "meidän",
    "me",
    "minä",
    "mä",
    "sinä",
    "he",
    "siitä",
    "tänään",
    "huomenna",
    "klo",
    "kiitos",
    "tervetuloa",
    "voi",
    "ole",
    "olen",
    "olemme",
    "mukaan",
    "jälkeen",
    "kanssa",
    "hyvä",
    "paljon",
    "kaupungin",
    "kaupunki",
    "mielestäni",
    "minusta",
    "eikä",
    "jos",
    "vielä",
    "sekä",
    "ettei",
    "täällä",
    "tässä",
    "eli",
    "nämä",
    "ne",
    "sen",
    "siis",
    "vaan",
    "ollut",
    "olisi",
    "tuo",
    "joku",
    "jotain",
    "mikä",
    "kuka",
    "missä",
    "miksi",
    "koska",
    "vaikka",
    "eivät",
    "emme",
    "meille",
    "meitä",
    "teille",
    "hänen",
    "heidän",
    "kaikille",
    "myöskin",
];
const SV_WORDS: &[&str] = &[
    "och",
    "är",
    "att",
    "det",
    "som",
    "ett",
    "på",
    "för",
    "med",
    "inte",
    "jag",
    "vi",
    "du",
    "har",
    "till",
    "av",
    "den",
    "om",
    "men",
    "kan",
    "så",
    "hon",
    "han",
    "eller",
    "också",
    "när",
    "från",
    "vill",
    "idag",
    "imorgon",
    "tack",
    "välkomna",
    "välkommen",
    "staden",
    "stadens",
    "här",
    "mycket",
    "bra",
    "vår",
    "våra",
    "vid",
    "kl",
    "tycker",
    "enligt",
    "mig",
    "oss",
    "ska",
    "skulle",
    "finns",
    "även",
    "dag",
    "nya",
    "nytt",
    "ny",
    "efter",
    "innan",
    "över",
    "sin",
    "sina",
    "sitt",
    "hade",
    "blev",
    "blir",
    "får",
    "där",
    "vad",
    "hur",
    "varför",
    "nu",
    "än",
    "redan",
    "ingen",
    "inget",
    "inga",
    "något",
    "några",
    "deras",
    "hans",
    "hennes",
    "dem",
    "mer",
    "bara",
    "igen",
    "hela",
    "andra",
    "både",
    "sedan",
    "mellan",
    "utan",
    "genom",
    "mot",
    "emot",
    "hos",
    "åt",
    "ni",
    "er",
    "era",
    "varit",
    "gör",
    "göra",
    "måste",
];
const EN_WORDS: &[&str] = &[
    "the", "and", "is", "are", "to", "of", "in", "for", "with", "not", "we", "you", "this", "that", "it", "be", "was",
    "our", "at", "have", "has", "will", "from", "they", "my", "thank", "thanks", "welcome", "today", "please", "all",
    "but", "what", "city", "about", "i'm", "it's", "don't", "would", "there", "a", "an", "as", "by", "or", "if", "do",
    "does", "did", "can", "could", "should", "his", "her", "their", "them", "he", "she", "who", "which", "when",
    "where", "why", "how", "been", "were", "had", "than", "then", "just", "very", "more", "some", "any", "one", "new",
    "also", "into", "out", "up", "after", "before", "again", "still", "every", "its", "your", "us", "me", "we're",
    "you're", "can't", "won't",
];
const SV_ENDINGS: &[&str] = &["arna", "erna", "orna", "ningen", "ningar", "heten", "skap", "ligt", "ande", "ende"];
const FI_ENDINGS: &[&str] =
    &["ssa", "ssä", "sta", "stä", "lla", "llä", "lta", "ltä", "ksi", "nen", "ista", "istä", "aan", "ään"];
/// Double vowels: common in Finnish (maa, tänään, tiistai, uusi, syy), rare in Swedish and English apart from ee/oo.
fn has_finnish_double_vowel(word: &str) -> bool {
    let mut prev = ' ';
    for c in word.chars() {
        if c == prev && matches!(c, 'a' | 'ä' | 'i' | 'u' | 'y' | 'ö') {
            return true;
        }
        prev = c;
    }
    false
}

/// The main language of the post and the languages present in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detected {
    pub main: Lang,
    pub fi: bool,
    pub sv: bool,
    pub en: bool,
}

impl Detected {
    /// Whether a rule written for `lang` should run on this post.
    pub fn has(&self, lang: RuleLang) -> bool {
        match lang {
            RuleLang::Fi => self.fi,
            RuleLang::Sv => self.sv,
            RuleLang::En => self.en,
            RuleLang::Any => true,
        }
    }
}

/// Function word → bit set of the languages it belongs to (1 fi, 2 sv, 4 en).
fn function_words() -> &'static HashMap<&'static str, u8> {
    static WORDS: OnceLock<HashMap<&'static str, u8>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut m = HashMap::new();
        for (list, bit) in [(FI_WORDS, 1u8), (SV_WORDS, 2), (EN_WORDS, 4)] {
            for w in list {
                *m.entry(*w).or_insert(0) |= bit;
            }
        }
        m
    })
}

pub fn detect(folded: &str, tokens: &[Token]) -> Detected {
    let words = function_words();
    let mut score = [0u32; 3]; // fi, sv, en
    for tok in tokens {
        if tok.digits || tok.tagged {
            continue;
        }
        let w = &folded[tok.start..tok.end];
        let bits = if w.contains('’') { words.get(w.replace('’', "'").as_str()) } else { words.get(w) };
        if let Some(&bits) = bits {
            for (i, s) in score.iter_mut().enumerate() {
                *s += 2 * u32::from(bits >> i & 1);
            }
            continue;
        }
        // Spelling traits, only for longer words (short ones are too random).
        if w.len() <= 4 {
            continue;
        }
        if w.contains('å') || SV_ENDINGS.iter().any(|e| w.ends_with(e)) {
            score[1] += 1;
        } else if FI_ENDINGS.iter().any(|e| w.ends_with(e)) || has_finnish_double_vowel(w) {
            score[0] += 1;
        }
    }
    let top = *score.iter().max().unwrap();
    if top == 0 {
        return Detected { main: Lang::Und, fi: true, sv: true, en: true };
    }
    // Ties go Finnish, then Swedish: the city's majority languages.
    let main = if score[0] == top {
        Lang::Fi
    } else if score[1] == top {
        Lang::Sv
    } else {
        Lang::En
    };
    // A short post gives little evidence: every language it shows any sign
    // of counts as present, so its rules still run.
    let present = |s: u32| s > 0 && (top < 6 || (s >= 4 && s * 10 >= top * 3));
    Detected {
        main,
        fi: main == Lang::Fi || present(score[0]),
        sv: main == Lang::Sv || present(score[1]),
        en: main == Lang::En || present(score[2]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{fold_case, tokenize};

    fn lang(t: &str) -> Detected {
        detect(&fold_case(t), &tokenize(t))
    }

    #[test]
    fn main_languages() {
        assert_eq!(lang("Kirjasto on avoinna tänään klo 10–18. Tervetuloa!").main, Lang::Fi);
        assert_eq!(lang("Biblioteket är öppet i dag kl. 10–18. Välkomna!").main, Lang::Sv);
        assert_eq!(lang("The library is open today from 10 to 18. Welcome!").main, Lang::En);
        assert_eq!(lang("👍").main, Lang::Und);
        assert_eq!(lang("Hyvää joulua!").main, Lang::Fi);
    }

    #[test]
    fn bilingual_posts() {
        let d = lang("Kirjasto on suljettu huomenna. Biblioteket är stängt i morgon, välkomna på torsdag!");
        assert!(d.fi && d.sv && !d.en, "{d:?}");
    }
}
