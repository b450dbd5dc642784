//! The guideline cards (`guide/cards.toml`): every section of the guideline
//! summarised in Swedish, Finnish and English, and a search over them that
//! ignores case and accents, accepts inflected forms and ranks by where the
//! words occur.

use crate::model::{Locale, Texts};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Keywords {
    #[serde(default)]
    pub sv: Vec<String>,
    #[serde(default)]
    pub fi: Vec<String>,
    #[serde(default)]
    pub en: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Card {
    pub id: String,
    pub title: Texts,
    pub summary: Texts,
    pub body: Texts,
    #[serde(default)]
    pub keywords: Keywords,
}

#[derive(Deserialize)]
struct CardsFile {
    card: Vec<Card>,
    /// Words that mean the same to a searcher, in any language ("hetu" and
    /// "henkilötunnus", "personnummer" and "personbeteckning"): a query word
    /// of a group also looks for the group's other words.
    #[serde(default)]
    synonyms: Vec<Vec<String>>,
}

/// A card in one language, as the popup and the playground show it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CardView {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    /// Search rank (higher is better); 0 when listing all cards.
    pub score: u32,
}

pub struct Guide {
    cards: Vec<Card>,
    /// The synonym groups, accent-folded like the index.
    synonyms: Vec<Vec<String>>,
    /// For each card: its words, accent-folded, with the weight of the field.
    /// Built at the first search, so starting the checker does not pay for it.
    index: OnceLock<Vec<Vec<(String, u32)>>>,
}

const W_TITLE: u32 = 8;
const W_KEYWORD: u32 = 5;
const W_SUMMARY: u32 = 3;
const W_BODY: u32 = 1;

impl Guide {
    pub fn builtin() -> Guide {
        let file: CardsFile = serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/cards.json")))
            .unwrap_or_else(|e| panic!("guide/cards.toml does not load: {e}"));
        let mut guide = Guide::new(file.card);
        guide.synonyms = file.synonyms.iter().map(|g| g.iter().flat_map(|w| search_words(w)).collect()).collect();
        guide
    }

    pub fn new(cards: Vec<Card>) -> Guide {
        Guide { cards, synonyms: Vec::new(), index: OnceLock::new() }
    }

    /// The query word and the words of every synonym group it belongs to
    /// (an inflected form counts: "hetun" is in the group of "hetu").
    fn alternatives<'a>(&'a self, term: &'a str) -> Vec<&'a str> {
        let mut out = vec![term];
        for group in &self.synonyms {
            if group.iter().any(|w| w == term || same_family(term, w)) {
                out.extend(group.iter().map(String::as_str).filter(|w| *w != term));
            }
        }
        out
    }

    fn index(&self) -> &[Vec<(String, u32)>] {
        self.index.get_or_init(|| self.cards.iter().map(index_card).collect())
    }

    pub fn cards(&self) -> &[Card] {
        &self.cards
    }

    pub fn card(&self, id: &str) -> Option<&Card> {
        self.cards.iter().find(|c| c.id == id)
    }

    pub fn title(&self, id: &str, locale: Locale) -> String {
        self.card(id).map(|c| c.title.get(locale).to_string()).unwrap_or_else(|| id.to_string())
    }

    pub fn view(&self, card: &Card, locale: Locale, score: u32) -> CardView {
        CardView {
            id: card.id.clone(),
            title: card.title.get(locale).to_string(),
            summary: card.summary.get(locale).to_string(),
            body: card.body.get(locale).to_string(),
            score,
        }
    }

    /// All cards in guideline order.
    pub fn all(&self, locale: Locale) -> Vec<CardView> {
        self.cards.iter().map(|c| self.view(c, locale, 0)).collect()
    }

    /// Cards matching the query in any of the three languages, best first,
    /// shown in `locale`. Every query word must match (a prefix either way
    /// counts, so "lösenord" finds "lösenordet" and "salasanat" finds
    /// "salasana"); the score adds the weight of the best field each word hit.
    pub fn search(&self, query: &str, locale: Locale) -> Vec<CardView> {
        let terms = search_words(query);
        if terms.is_empty() {
            return Vec::new();
        }
        let mut hits: Vec<(u32, usize)> = Vec::new();
        for (i, words) in self.index().iter().enumerate() {
            let mut total = 0;
            let mut all = true;
            for term in &terms {
                let best = self
                    .alternatives(term)
                    .into_iter()
                    .flat_map(|alt| {
                        words.iter().filter(move |(w, _)| same_family(alt, w)).map(move |(w, weight)| {
                            if w == alt {
                                weight * 2
                            } else {
                                *weight
                            }
                        })
                    })
                    .max();
                match best {
                    Some(s) => total += s,
                    None => all = false,
                }
            }
            if all {
                hits.push((total, i));
            }
        }
        hits.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        hits.into_iter().map(|(score, i)| self.view(&self.cards[i], locale, score)).collect()
    }
}

/// The words of a card in all three languages, each with the weight of the
/// most important field it appears in.
fn index_card(c: &Card) -> Vec<(String, u32)> {
    let mut words: HashMap<String, u32> = HashMap::new();
    let mut add = |text: &str, w: u32| {
        for word in search_words(text) {
            let e = words.entry(word).or_insert(w);
            *e = (*e).max(w);
        }
    };
    for (locale, kw) in [(Locale::Sv, &c.keywords.sv), (Locale::Fi, &c.keywords.fi), (Locale::En, &c.keywords.en)] {
        add(c.title.get(locale), W_TITLE);
        add(c.summary.get(locale), W_SUMMARY);
        add(c.body.get(locale), W_BODY);
        for k in kw {
            add(k, W_KEYWORD);
        }
    }
    add(&c.id.replace('-', " "), W_TITLE);
    let mut v: Vec<_> = words.into_iter().collect();
    v.sort();
    v
}

/// Lowercase, without accents (å→a, ä→a, ö→o, é→e…), split into words.
pub fn search_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            cur.push(strip_accent(c));
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn strip_accent(c: char) -> char {
    match c {
        'å' | 'ä' | 'à' | 'á' | 'â' | 'ã' => 'a',
        'ö' | 'ø' | 'ò' | 'ó' | 'ô' | 'õ' => 'o',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'ü' | 'ú' | 'ù' | 'û' => 'u',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'š' => 's',
        'ž' => 'z',
        'ç' => 'c',
        'ñ' => 'n',
        _ => c,
    }
}

/// Two words of the same family: one is a prefix of the other, and the
/// shared part is long enough to mean something (three letters for a query
/// being typed, four when the query is the longer word).
fn same_family(query: &str, word: &str) -> bool {
    if word.starts_with(query) {
        return query.chars().count() >= 3 || word == query;
    }
    if query.starts_with(word) {
        return word.chars().count() >= 4;
    }
    // Finnish stems change at the end (salasana → salasanoja): a shared
    // beginning of most of the shorter word is enough, but not the first
    // part of a compound (henkilötunnus and henkilöbrändi share "henkilö").
    let common = query.chars().zip(word.chars()).take_while(|(a, b)| a == b).count();
    let shorter = query.chars().count().min(word.chars().count());
    common >= 5 && common * 4 >= shorter * 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_and_families() {
        assert_eq!(search_words("Lösenord, ÅTGÄRD!"), ["losenord", "atgard"]);
        assert!(same_family("losenord", "losenordet"));
        assert!(same_family("salasanat", "salasana"));
        assert!(same_family("salasanoja", "salasana"));
        assert!(!same_family("sa", "salasana"));
        assert!(!same_family("henkilotunnus", "henkilobrandi"), "only the first part of a compound is shared");
    }
}
