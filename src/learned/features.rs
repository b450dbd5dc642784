//! The features of one sentence, as the learned heads see them. The trainer
//! (`learned::train`) and the runtime call the very same function, so the two
//! cannot drift: a feature is a 20-bit hashed index and a value, handed to a
//! [`Sink`] together with the words it came from (for the explanation).
//!
//! No dictionary is needed at run time. The families:
//!
//! - lexical, valued 1/√(words+1): the word itself (digits shaped as `0`),
//!   word bigrams, near pairs (two words apart; three apart added nothing on
//!   the development split), and character 4-grams inside each word with its
//!   boundaries (`^tal`, `aloa`, `osi$`), which carry Finnish inflection and
//!   Swedish compounds;
//! - cues, valued 1: the cue groups of `learned/cues.toml` in the sentence,
//!   in a neighbouring sentence and anywhere in the post, and every pair of
//!   groups present together in the sentence (`second-person` with `family`);
//! - the rule engine's own findings: each rule id and category in the
//!   sentence, and each category anywhere in the post;
//! - shape: capitals, piles of `!` and `?`, emoji, a value after a colon,
//!   letters mixed with digits, a slash between words, links, mentions,
//!   where the sentence stands, its length, the language, the city's
//!   hashtags.

use crate::model::Lang;
use crate::text::{is_emoji, Token};

/// Bits of the hashed feature space. 2^20 leaves collisions rare for the
/// vocabulary a few thousand posts hold, and indexes fit the weights' table.
pub const BITS: u32 = 20;
pub const DIM: usize = 1 << BITS;

/// Receives the features of a sentence. `words` is the half-open range of
/// token indices a feature came from (empty for features of the whole post).
pub trait Sink {
    fn feature(&mut self, index: u32, value: f32, words: (u32, u32));
}

/// A rule's finding inside the post, as the learned layer sees it.
#[derive(Debug, Clone, Copy)]
pub struct RuleHit {
    /// A hash of the rule id (stable across builds: it depends on the id only).
    pub rule: u32,
    /// Index of the category in `Category::ALL`.
    pub category: u8,
    /// Half-open token range.
    pub words: (u32, u32),
}

/// A cue group occurrence: the group's index in `cues.toml` and its words.
#[derive(Debug, Clone, Copy)]
pub struct CueHit {
    pub cue: u8,
    pub words: (u32, u32),
}

/// Everything the features of a post's sentences are computed from.
pub struct Post<'a> {
    pub text: &'a str,
    pub folded: &'a str,
    pub tokens: &'a [Token],
    pub lang: Lang,
    /// Sorted by first word.
    pub cues: &'a [CueHit],
    /// Sorted by first word.
    pub rules: &'a [RuleHit],
    /// What every sentence asks of the whole post, computed once.
    pub summary: Summary,
    /// How many of the official hashtags the post carries, and how many there are.
    pub tags_present: usize,
    pub tags_official: usize,
}

impl Post<'_> {
    /// The text of token `t`, as the user wrote it.
    pub fn word(&self, t: u32) -> &str {
        let tok = &self.tokens[t as usize];
        &self.text[tok.start..tok.end]
    }
}

/// The cue groups and rule categories anywhere in the post, and the
/// longest rule finding: what lets each sentence look at its own stretch of
/// the post's cues and rules instead of all of them (a long post would
/// otherwise cost sentences × findings).
#[derive(Debug, Clone, Copy, Default)]
pub struct Summary {
    pub cues_anywhere: u64,
    pub rules_anywhere: u32,
    pub longest_rule: u32,
}

impl Summary {
    pub fn of(cues: &[CueHit], rules: &[RuleHit]) -> Summary {
        let mut s = Summary::default();
        for c in cues {
            s.cues_anywhere |= 1u64 << c.cue;
        }
        for r in rules {
            s.rules_anywhere |= 1u32 << r.category;
            s.longest_rule = s.longest_rule.max(r.words.1 - r.words.0);
        }
        s
    }
}

/// A sentence: its half-open token range and byte range (the byte range runs
/// to the next sentence's first word, so trailing `!!!` and emoji belong to it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub words: (u32, u32),
    pub bytes: (usize, usize),
}

/// The post's sentences, from the tokenizer's sentence numbers.
pub fn sentences(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    let mut out: Vec<Sentence> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if i == 0 || t.sentence != tokens[i - 1].sentence {
            if let Some(last) = out.last_mut() {
                last.bytes.1 = t.start;
            }
            out.push(Sentence { words: (i as u32, i as u32 + 1), bytes: (t.start, text.len()) });
        } else if let Some(last) = out.last_mut() {
            last.words.1 = i as u32 + 1;
        }
    }
    out
}

// Namespaces keep the families apart in the hashed space.
const NS_WORD: u32 = 1;
const NS_BIGRAM: u32 = 2;
const NS_PAIR2: u32 = 3;
const NS_CHAR: u32 = 5;
const NS_CUE: u32 = 6;
const NS_CUE_NEAR: u32 = 7;
const NS_CUE_POST: u32 = 8;
const NS_CUE_PAIR: u32 = 9;
const NS_RULE: u32 = 10;
const NS_RULE_CAT: u32 = 11;
const NS_RULE_CAT_POST: u32 = 12;
const NS_SHAPE: u32 = 13;
const NS_EMOJI: u32 = 14;

/// FNV-1a over bytes, from a namespace seed.
#[inline]
fn fnv(seed: u32, bytes: &[u8]) -> u32 {
    let mut h = 0x811c_9dc5 ^ seed.wrapping_mul(0x0100_0193);
    for &b in bytes {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// Combines two hashes (order matters) under a namespace.
#[inline]
fn combine(ns: u32, a: u32, b: u32) -> u32 {
    let mut h = a.wrapping_mul(0x9E37_79B1) ^ b.rotate_left(15) ^ ns.wrapping_mul(0x85EB_CA77);
    h ^= h >> 16;
    h = h.wrapping_mul(0x7FEB_352D);
    h ^ (h >> 15)
}

/// Folds a 32-bit hash into the feature space.
#[inline]
fn index(h: u32) -> u32 {
    (h ^ (h >> BITS)) & (DIM as u32 - 1)
}

/// The id hash of a rule, for [`RuleHit::rule`].
pub fn rule_hash(id: &str) -> u32 {
    fnv(NS_RULE, id.as_bytes())
}

fn shape(sink: &mut impl Sink, name: &str, words: (u32, u32)) {
    sink.feature(index(fnv(NS_SHAPE, name.as_bytes())), 1.0, words);
}

/// The length of the character n-grams inside words (boundaries included).
const NGRAM: usize = 4;

/// Longest chars of a word that go into character n-grams.
const MAX_WORD_CHARS: usize = 40;

/// The hash of a folded word, digits shaped as `0` (so 4512 and 7731 are one
/// feature), and its characters for the n-grams.
fn word_chars(folded: &str, buf: &mut [char; MAX_WORD_CHARS + 2]) -> usize {
    buf[0] = '^';
    let mut n = 1;
    for c in folded.chars() {
        if n > MAX_WORD_CHARS {
            break;
        }
        buf[n] = if c.is_ascii_digit() { '0' } else { c };
        n += 1;
    }
    buf[n] = '$';
    n + 1
}

fn chars_hash(seed: u32, chars: &[char]) -> u32 {
    let mut h = 0x811c_9dc5 ^ seed.wrapping_mul(0x0100_0193);
    for &c in chars {
        h ^= c as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// Emits every feature of sentence `s` of `post` into `sink`: its words'
/// own ([`lexical_features`]) first, then those of its context.
pub fn sentence_features(post: &Post, sentences: &[Sentence], s: usize, sink: &mut impl Sink) {
    lexical_features(post, sentences[s], sink);
    context_features(post, sentences, s, sink);
}

/// What the sentence's own folded words say, and nothing else (so the same
/// words anywhere give the same features, which [`super::Memo`] relies on):
/// the words, their bigrams and near pairs, and their character 4-grams.
pub fn lexical_features(post: &Post, sentence: Sentence, sink: &mut impl Sink) {
    let (first, end) = sentence.words;
    let tokens = post.tokens;
    let n_words = (end - first) as usize;
    let lexical = 1.0 / ((n_words + 1) as f32).sqrt();

    // Words, bigrams, near pairs and character n-grams.
    let mut hashes: Vec<u32> = Vec::with_capacity(n_words);
    let mut buf = ['\0'; MAX_WORD_CHARS + 2];
    for t in first..end {
        let tok = &tokens[t as usize];
        let n = word_chars(&post.folded[tok.start..tok.end], &mut buf);
        let word = chars_hash(NS_WORD, &buf[1..n - 1]);
        hashes.push(word);
        let at = (t, t + 1);
        sink.feature(index(word), lexical, at);
        // Character 4-grams only: on the development split 3- and 5-grams
        // added nothing (macro-F1 0.788 with 3–5, 0.802 with 4 alone) and
        // cost two lookups more per character.
        for gram in buf[..n].windows(NGRAM) {
            sink.feature(index(chars_hash(NS_CHAR, gram)), lexical, at);
        }
    }
    let start_mark = fnv(NS_WORD, b"<s>");
    let end_mark = fnv(NS_WORD, b"</s>");
    for (i, &h) in hashes.iter().enumerate() {
        let t = first + i as u32;
        let prev = if i == 0 { start_mark } else { hashes[i - 1] };
        sink.feature(index(combine(NS_BIGRAM, prev, h)), lexical, (t.saturating_sub(u32::from(i > 0)), t + 1));
        if i + 2 < hashes.len() {
            sink.feature(index(combine(NS_PAIR2, h, hashes[i + 2])), lexical, (t, t + 3));
        }
    }
    if let Some(&last) = hashes.last() {
        sink.feature(index(combine(NS_BIGRAM, last, end_mark)), lexical, (end - 1, end));
    }
}

/// The cue groups, the rules' findings and the shape of sentence `s`, in
/// its neighbours and in the post.
pub fn context_features(post: &Post, sentences: &[Sentence], s: usize, sink: &mut impl Sink) {
    let sentence = sentences[s];
    cue_features(post, sentences, s, sink);
    rule_features(post, sentence, sink);
    shape_features(post, sentences, s, sink);
}

/// Cue groups in the sentence, next to it and in the post, and their pairs.
fn cue_features(post: &Post, sentences: &[Sentence], s: usize, sink: &mut impl Sink) {
    let (first, end) = sentences[s].words;
    let prev_first = if s > 0 { sentences[s - 1].words.0 } else { first };
    let next_end = sentences.get(s + 1).map_or(end, |n| n.words.1);
    let mut here: u64 = 0;
    let mut near: u64 = 0;
    let anywhere = post.summary.cues_anywhere;
    let mut here_words = [(0u32, 0u32); 64];
    // The cues are sorted by first word: only those from the previous
    // sentence's first word to the next one's end matter here.
    let from = post.cues.partition_point(|c| c.words.0 < prev_first);
    let to = from + post.cues[from..].partition_point(|c| c.words.0 < next_end);
    for hit in &post.cues[from..to] {
        let bit = 1u64 << hit.cue;
        if hit.words.0 >= first && hit.words.0 < end {
            if here & bit == 0 {
                here_words[hit.cue as usize] = hit.words;
            }
            here |= bit;
        } else {
            near |= bit;
        }
    }
    near &= !here;
    for cue in 0..64u32 {
        let bit = 1u64 << cue;
        if here & bit != 0 {
            sink.feature(index(combine(NS_CUE, cue, 0)), 1.0, here_words[cue as usize]);
            for other in cue + 1..64 {
                if here & (1u64 << other) != 0 {
                    let (a, b) = (here_words[cue as usize], here_words[other as usize]);
                    sink.feature(index(combine(NS_CUE_PAIR, cue, other)), 1.0, (a.0.min(b.0), a.1.max(b.1)));
                }
            }
        }
        if near & bit != 0 {
            sink.feature(index(combine(NS_CUE_NEAR, cue, 0)), 1.0, (0, 0));
        }
        if anywhere & bit != 0 {
            sink.feature(index(combine(NS_CUE_POST, cue, 0)), 1.0, (0, 0));
        }
    }
}

/// The rule engine's findings: rule and category in the sentence, category in the post.
fn rule_features(post: &Post, sentence: Sentence, sink: &mut impl Sink) {
    let (first, end) = sentence.words;
    let mut here: u32 = 0;
    let anywhere = post.summary.rules_anywhere;
    // Sorted by first word: a finding that overlaps the sentence starts at
    // most the longest finding's length before it.
    let from = post.rules.partition_point(|r| r.words.0 + post.summary.longest_rule <= first);
    for hit in &post.rules[from..] {
        if hit.words.0 >= end {
            break;
        }
        let bit = 1u32 << hit.category;
        let overlaps = hit.words.0 < end && hit.words.1 > first;
        if overlaps {
            sink.feature(index(hit.rule), 1.0, hit.words);
            if here & bit == 0 {
                sink.feature(index(combine(NS_RULE_CAT, hit.category as u32, 0)), 1.0, hit.words);
            }
            here |= bit;
        }
    }
    for c in 0..32u32 {
        if anywhere & (1 << c) != 0 {
            sink.feature(index(combine(NS_RULE_CAT_POST, c, 0)), 1.0, (0, 0));
        }
    }
}

/// Capitals, punctuation, emoji, colons and slashes, links, position, length,
/// language and the city's hashtags.
fn shape_features(post: &Post, sentences: &[Sentence], s: usize, sink: &mut impl Sink) {
    let sentence = sentences[s];
    let (first, end) = sentence.words;
    let whole = (first, end);
    let none = (0, 0);
    let tokens = &post.tokens[first as usize..end as usize];
    let text = post.text;

    let mut caps = 0;
    let mut mixed = false;
    let mut long_number = false;
    for (i, t) in tokens.iter().enumerate() {
        let w = &text[t.start..t.end];
        let letters = w.chars().filter(|c| c.is_alphabetic()).count();
        if letters >= 2 && w.chars().all(|c| !c.is_lowercase()) {
            caps += 1;
        }
        let digits = w.bytes().filter(u8::is_ascii_digit).count();
        if digits > 0 && letters > 0 {
            mixed = true;
            let at = first + i as u32;
            shape(sink, "mixed-alnum", (at, at + 1));
        }
        long_number |= t.digits && digits >= 4;
    }
    match caps {
        0 => {}
        1 => shape(sink, "caps-1", whole),
        2 => shape(sink, "caps-2", whole),
        _ => shape(sink, "caps-3+", whole),
    }
    if caps * 2 > tokens.len() && tokens.len() >= 2 {
        shape(sink, "caps-most", whole);
    }
    if mixed {
        shape(sink, "mixed-any", none);
    }
    if long_number {
        shape(sink, "number-4+", whole);
    }

    // Punctuation and emoji over the sentence's bytes (trailing marks included).
    let bytes = &text[sentence.bytes.0..sentence.bytes.1];
    let (mut excl, mut run_excl, mut quest, mut run_quest) = (0, 0, 0, 0);
    let mut emoji = 0;
    for c in bytes.chars() {
        if c == '!' {
            run_excl += 1;
            excl = excl.max(run_excl);
        } else {
            run_excl = 0;
        }
        if c == '?' {
            run_quest += 1;
            quest = quest.max(run_quest);
        } else if c != '!' {
            run_quest = 0;
        }
        if is_emoji(c) {
            emoji += 1;
            let mut b = [0u8; 4];
            sink.feature(index(fnv(NS_EMOJI, c.encode_utf8(&mut b).as_bytes())), 1.0, whole);
        }
    }
    match excl {
        0 => {}
        1 => shape(sink, "excl-1", whole),
        2 => shape(sink, "excl-2", whole),
        _ => shape(sink, "excl-3+", whole),
    }
    match quest {
        0 => {}
        1 => shape(sink, "quest-1", whole),
        _ => shape(sink, "quest-2+", whole),
    }
    if emoji > 0 {
        shape(sink, "emoji", whole);
    }
    if bytes.contains(['"', '”', '“', '»', '«']) {
        shape(sink, "quote", whole);
    }

    // A value after a colon ("salasana: Kesä2024", "user / pw"), links, tags.
    for (i, t) in tokens.iter().enumerate() {
        let at = first + i as u32;
        let before = if i == 0 { &text[sentence.bytes.0..t.start] } else { &text[tokens[i - 1].end..t.start] };
        if i > 0 && before.trim() == ":" {
            shape(sink, "after-colon", (at - 1, at + 1));
        }
        if i > 0 && before.trim() == "/" {
            shape(sink, "slash-pair", (at - 1, at + 1));
        }
        if before.ends_with('@') && t.tagged {
            shape(sink, "mention", (at, at + 1));
        }
        let w = &post.folded[t.start..t.end];
        if w == "http" || w == "https" || w == "www" {
            shape(sink, "link", (at, at + 1));
        }
    }

    let n = end - first;
    shape(
        sink,
        match n {
            0..=3 => "len-1-3",
            4..=8 => "len-4-8",
            9..=16 => "len-9-16",
            _ => "len-17+",
        },
        none,
    );
    let position = match (s == 0, s + 1 == sentences.len()) {
        (true, true) => "only-sentence",
        (true, false) => "first-sentence",
        (false, true) => "last-sentence",
        (false, false) => "middle-sentence",
    };
    shape(sink, position, none);
    shape(
        sink,
        match sentences.len() {
            1 => "post-1",
            2..=3 => "post-2-3",
            4..=7 => "post-4-7",
            _ => "post-8+",
        },
        none,
    );
    shape(sink, post.lang.as_str(), none);
    let tags = if post.tags_official > 0 && post.tags_present >= post.tags_official {
        "tags-all"
    } else if post.tags_present > 0 {
        "tags-some"
    } else {
        "tags-none"
    };
    shape(sink, tags, none);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{fold_case, tokenize};

    struct Collect(Vec<(u32, f32, (u32, u32))>);
    impl Sink for Collect {
        fn feature(&mut self, index: u32, value: f32, words: (u32, u32)) {
            self.0.push((index, value, words));
        }
    }

    /// A feature as the sink saw it: index, value, the words it came from.
    type Seen = (u32, f32, (u32, u32));

    fn features(text: &str) -> Vec<Vec<Seen>> {
        let folded = fold_case(text);
        let tokens = tokenize(text);
        let post = Post {
            text,
            folded: &folded,
            tokens: &tokens,
            lang: Lang::Fi,
            cues: &[],
            rules: &[],
            summary: Summary::default(),
            tags_present: 0,
            tags_official: 2,
        };
        let s = sentences(text, &tokens);
        (0..s.len())
            .map(|i| {
                let mut c = Collect(Vec::new());
                sentence_features(&post, &s, i, &mut c);
                c.0
            })
            .collect()
    }

    #[test]
    fn sentences_own_their_trailing_marks() {
        let text = "Hei!!! Mitä kuuluu? 👍";
        let tokens = tokenize(text);
        let s = sentences(text, &tokens);
        assert_eq!(s.len(), 2);
        assert_eq!(&text[s[0].bytes.0..s[0].bytes.1], "Hei!!! ");
        assert_eq!(&text[s[1].bytes.0..s[1].bytes.1], "Mitä kuuluu? 👍");
    }

    #[test]
    fn features_are_deterministic_and_in_range() {
        let a = features("Tiedän missä asut. Kiva talo sulla!!!");
        assert_eq!(a, features("Tiedän missä asut. Kiva talo sulla!!!"));
        assert!(a.iter().flatten().all(|f| (f.0 as usize) < DIM));
        assert_eq!(a.len(), 2);
    }

    #[test]
    fn inflected_forms_share_character_ngrams() {
        let set = |t: &str| -> std::collections::HashSet<u32> { features(t)[0].iter().map(|f| f.0).collect() };
        let a = set("salasana");
        let b = set("salasanat");
        let c = set("kirjasto");
        assert!(a.intersection(&b).count() > 10);
        assert!(a.intersection(&c).count() < 6);
    }

    #[test]
    fn digits_share_a_shape() {
        let f = |t: &str| features(t)[0].iter().map(|f| f.0).collect::<Vec<_>>();
        assert_eq!(f("koodi 4512"), f("koodi 7731"));
    }

    #[test]
    fn shouting_and_piles_are_seen() {
        let loud = features("TÄMÄ ON AIVAN HULLUA!!!");
        let calm = features("Tämä on aivan hullua.");
        let idx = |name: &str| index(fnv(NS_SHAPE, name.as_bytes()));
        assert!(loud[0].iter().any(|f| f.0 == idx("caps-3+")));
        assert!(loud[0].iter().any(|f| f.0 == idx("excl-3+")));
        assert!(!calm[0].iter().any(|f| f.0 == idx("caps-3+") || f.0 == idx("excl-3+")));
    }
}
