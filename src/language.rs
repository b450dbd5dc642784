//! Which of Finnish, Swedish and English a post is written in.
//!
//! Karleby is bilingual and many posts carry both Finnish and Swedish, so the
//! result is the main language plus every language clearly present. The
//! signals are frequent function words and a few spelling traits (Finnish
//! double vowels and case endings, the Swedish å), which are enough for posts
//! of a sentence or more.

use crate::model::Lang;
use crate::text::Token;

const FI_WORDS: &[&str] = &[
    "ja", "on", "ei", "että", "se", "hän", "mutta", "kun", "tai", "ovat", "oli", "olla", "myös", "nyt",
    "tämä", "tämän", "joka", "mitä", "kaikki", "vain", "niin", "kuin", "jo", "sitten", "meidän", "me",
    "minä", "mä", "sinä", "he", "siitä", "tänään", "huomenna", "klo", "kiitos", "tervetuloa", "voi",
    "ole", "olen", "olemme", "mukaan", "jälkeen", "kanssa", "hyvä", "paljon", "kaupungin", "kaupunki",
    "mielestäni", "minusta", "eikä", "jos", "vielä", "sekä", "ettei", "täällä", "tässä", "eli", "nämä",
];
const SV_WORDS: &[&str] = &[
    "och", "är", "att", "det", "som", "ett", "på", "för", "med", "inte", "jag", "vi", "du", "har",
    "till", "av", "den", "om", "men", "kan", "så", "hon", "han", "eller", "också", "när", "från", "vill",
    "idag", "imorgon", "tack", "välkomna", "välkommen", "staden", "stadens", "här", "alla", "mycket",
    "bra", "vår", "våra", "vid", "kl", "tycker", "enligt", "mig", "oss", "ska", "skulle", "finns", "även",
];
const EN_WORDS: &[&str] = &[
    "the", "and", "is", "are", "to", "of", "in", "for", "with", "not", "we", "you", "this", "that", "it",
    "be", "was", "our", "at", "have", "has", "will", "from", "they", "my", "thank", "thanks", "welcome",
    "today", "please", "all", "but", "what", "city", "about", "i'm", "it's", "don't", "would", "there",
];
const FI_ENDINGS: &[&str] = &["ssa", "ssä", "sta", "stä", "lla", "llä", "lta", "ltä", "ksi", "nen", "ista", "istä", "aan", "ään"];
const FI_DOUBLES: &[&str] = &["aa", "ää", "ii", "uu", "yy", "öö"];

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
    pub fn has(&self, lang: Lang) -> bool {
        match lang {
            Lang::Fi => self.fi,
            Lang::Sv => self.sv,
            Lang::En => self.en,
            Lang::Und => true,
        }
    }
}

pub fn detect(folded: &str, tokens: &[Token]) -> Detected {
    let mut score = [0u32; 3]; // fi, sv, en
    for tok in tokens {
        if tok.digits || tok.tagged {
            continue;
        }
        let w = &folded[tok.start..tok.end];
        let w = w.replace('’', "'");
        if FI_WORDS.contains(&w.as_str()) {
            score[0] += 2;
        }
        if SV_WORDS.contains(&w.as_str()) {
            score[1] += 2;
        }
        if EN_WORDS.contains(&w.as_str()) {
            score[2] += 2;
        }
        let long = w.chars().count() > 4;
        if w.contains('å') {
            score[1] += 1;
        } else if long && (FI_ENDINGS.iter().any(|e| w.ends_with(e)) || FI_DOUBLES.iter().any(|d| w.contains(d))) {
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
    let present = |s: u32| s >= 4 && s * 10 >= top * 3;
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
