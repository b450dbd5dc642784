//! The learned layer: one logistic-regression head per category, beside the
//! rules. Rules are exact where a wording can be listed (identifiers with
//! check digits, credentials, the organisation's own terms); the heads
//! generalise where people write the same risk a hundred ways (a veiled
//! threat, sarcasm about a department, a colleague's sick leave).
//!
//! Each head scores every sentence of the post from the features of
//! [`features`]; a sentence at or above the head's calibrated threshold is a
//! finding with the rule id `<category>/model`, and the words whose weights
//! contributed most are its explanation (a linear model's contributions are
//! exact). The weights come from `./build.sh train` (see [`train`]) and are
//! read in place from the embedded bytes ([`weights`]).
//!
//! The heads' texts and sections are data (`learned/heads.toml`), and so are
//! the cue groups the features use (`learned/cues.toml`).

pub mod features;
#[cfg(not(target_arch = "wasm32"))]
pub mod train;
pub mod weights;

use crate::model::{Category, Texts};
use crate::pack::FixKind;
use features::{Post, Sentence, Sink};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use weights::Weights;

/// The committed weights (`learned/weights.bin`).
pub static WEIGHTS: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/learned/weights.bin"));

/// A head as `learned/heads.toml` describes it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeadDef {
    pub category: String,
    pub section: String,
    pub message: Texts,
    #[serde(default)]
    pub fix: Option<FixKind>,
    /// Cue groups that, anywhere in the post, mean the head has nothing to
    /// say (a disclaimer already written, the feedback channel already named).
    #[serde(default)]
    pub unless: Vec<String>,
    /// Whether the head may overrule its category's word rules of the
    /// built-in pack where it is sure a sentence is harmless (the trainer
    /// calibrates how sure). Exact detectors (identifiers, shouting) and an
    /// organisation's own rules are never overruled.
    #[serde(default)]
    pub veto: bool,
    /// The category is about the post as a whole (a stance, a reply): in a
    /// post that has it, the sentences outside the labelled span do not
    /// train the head as negatives, since they often carry the same stance.
    #[serde(default)]
    pub whole_post: bool,
    /// Categories whose finding makes this head report too, in a post it
    /// has not flagged itself (and that its `unless` cues do not settle): a
    /// public dispute about the city's work is a stance on it, so it needs
    /// the disclaimer. The finding takes the other one's span and the rule
    /// id `<category>/after-<other>`.
    #[serde(default)]
    pub follows: Vec<String>,
}

/// A cue group as `learned/cues.toml` describes it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CueDef {
    pub id: String,
    /// Single words and stems: one pattern slot with these alternatives.
    #[serde(default)]
    pub words: Vec<String>,
    /// Patterns of several words.
    #[serde(default)]
    pub phrases: Vec<String>,
}

#[derive(Deserialize)]
struct HeadsFile {
    head: Vec<HeadDef>,
}

#[derive(Deserialize)]
struct CuesFile {
    cue: Vec<CueDef>,
}

/// The heads of `learned/heads.toml`, as `build.rs` embedded them.
pub fn builtin_heads() -> Vec<HeadDef> {
    let file: HeadsFile = serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/heads.json")))
        .unwrap_or_else(|e| panic!("learned/heads.toml does not load: {e}"));
    file.head
}

/// The cue groups of `learned/cues.toml`, as `build.rs` embedded them.
pub fn builtin_cues() -> Vec<CueDef> {
    let file: CuesFile = serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/cues.json")))
        .unwrap_or_else(|e| panic!("learned/cues.toml does not load: {e}"));
    file.cue
}

/// How readily a head reports: an organisation moves along the curve that
/// calibration measured (`strict` reports more, `relaxed` less).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sensitivity {
    Strict,
    #[default]
    Default,
    Relaxed,
}

/// A head ready to run: its text and its parameters in the weights.
#[derive(Debug, Clone)]
pub struct Head {
    pub category: Category,
    pub id: String,
    pub def: HeadDef,
    /// Its column in the weights.
    pub column: usize,
    /// Indices of the cue groups of `def.unless`.
    pub unless: Vec<u8>,
    /// `def.follows`, each with the rule id its findings carry.
    pub follows: Vec<(Category, String)>,
}

/// The heads and their weights.
pub struct Learned {
    pub heads: Vec<Head>,
    pub weights: Weights<'static>,
}

/// What a head found in one sentence.
#[derive(Debug, Clone)]
pub struct HeadHit {
    pub head: usize,
    pub sentence: usize,
    /// Log-odds.
    pub score: f32,
}

impl Learned {
    /// The committed weights with the built-in heads; `cue_ids` are the cue
    /// groups in the order the engine compiled them.
    pub fn builtin(cue_ids: &[String]) -> Result<Learned, String> {
        Learned::new(WEIGHTS, builtin_heads(), cue_ids)
    }

    pub fn new(bytes: &'static [u8], defs: Vec<HeadDef>, cue_ids: &[String]) -> Result<Learned, String> {
        let weights = Weights::parse(bytes)?;
        let mut heads = Vec::new();
        for def in defs {
            let category =
                Category::from_id(&def.category).ok_or_else(|| format!("unknown category {}", def.category))?;
            let index = Category::ALL.iter().position(|c| *c == category).unwrap() as u8;
            let Some(column) = weights.heads.iter().position(|h| h.category == index) else {
                // A head without weights yet (added to heads.toml, not trained).
                continue;
            };
            let unless = def
                .unless
                .iter()
                .map(|u| {
                    cue_ids
                        .iter()
                        .position(|c| c == u)
                        .map(|i| i as u8)
                        .ok_or_else(|| format!("head {}: unknown cue {u}", def.category))
                })
                .collect::<Result<_, _>>()?;
            let follows = def
                .follows
                .iter()
                .map(|f| {
                    Category::from_id(f)
                        .map(|other| (other, format!("{}/after-{f}", category.id())))
                        .ok_or_else(|| format!("head {}: follows an unknown category {f}", def.category))
                })
                .collect::<Result<_, _>>()?;
            heads.push(Head { category, id: format!("{}/model", category.id()), def, column, unless, follows });
        }
        Ok(Learned { heads, weights })
    }

    /// Every sentence's score for every column of the weights (log-odds).
    /// The sums of a sentence's own words come from `memo` when the same
    /// words were scored before; the context is added to them in the same
    /// order as always, so the scores are the very same numbers.
    pub fn score(&self, post: &Post, sentences: &[Sentence], memo: &mut Memo) -> Vec<Vec<f32>> {
        let mut out = Vec::with_capacity(sentences.len());
        for s in 0..sentences.len() {
            let sums = memo.get(Memo::key(post, sentences[s], None), || {
                let mut scorer = Scorer { weights: &self.weights, sums: vec![0.0; self.weights.heads.len()] };
                features::lexical_features(post, sentences[s], &mut scorer);
                scorer.sums
            });
            let mut scorer = Scorer { weights: &self.weights, sums };
            features::context_features(post, sentences, s, &mut scorer);
            out.push(self.weights.heads.iter().zip(&scorer.sums).map(|(h, sum)| h.bias + h.scale * sum).collect());
        }
        out
    }

    /// Each word of sentence `s` with what its features gave `column`
    /// (log-odds; the post's and the neighbours' cues, which belong to no
    /// word of the sentence, are left out).
    fn per_word(&self, post: &Post, sentences: &[Sentence], s: usize, column: usize, memo: &mut Memo) -> Vec<f32> {
        let sentence = sentences[s];
        let n = (sentence.words.1 - sentence.words.0) as usize;
        let explainer = |per_word| Explainer { weights: &self.weights, column, first: sentence.words.0, per_word };
        let own = memo.get(Memo::key(post, sentence, Some(column)), || {
            let mut ex = explainer(vec![0.0; n]);
            features::lexical_features(post, sentence, &mut ex);
            ex.per_word
        });
        let mut ex = explainer(own);
        features::context_features(post, sentences, s, &mut ex);
        let scale = self.weights.heads[column].scale;
        ex.per_word.iter().map(|c| c * scale).collect()
    }

    /// What sentence `s`'s own words give `column`: where a head about the
    /// post as a whole (`whole_post`) finds its passage, since the post's
    /// cues lift every sentence alike.
    pub fn own_evidence(&self, post: &Post, sentences: &[Sentence], s: usize, column: usize, memo: &mut Memo) -> f32 {
        self.per_word(post, sentences, s, column, memo).iter().sum()
    }

    /// The words of sentence `s` whose features pushed `column` up the most,
    /// strongest first: (token index, contribution in log-odds).
    pub fn explain(
        &self,
        post: &Post,
        sentences: &[Sentence],
        s: usize,
        column: usize,
        memo: &mut Memo,
    ) -> Vec<(u32, f32)> {
        let sentence = sentences[s];
        let mut words: Vec<(u32, f32)> = self
            .per_word(post, sentences, s, column, memo)
            .iter()
            .enumerate()
            .map(|(i, &c)| (sentence.words.0 + i as u32, c))
            .filter(|w| w.1 > 0.0)
            .collect();
        words.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        words
    }
}

/// What the learned layer worked out for a sentence's own words (the sums of
/// their features per head, and per word for one head), kept from one check
/// of a post to the next: a keystroke changes one sentence, and the others
/// are not worked out again. Only what the last check used is kept.
#[derive(Default)]
pub struct Memo {
    now: HashMap<(Box<str>, Option<usize>), Vec<f32>>,
    before: HashMap<(Box<str>, Option<usize>), Vec<f32>>,
}

impl Memo {
    /// Starts a check: what the previous one used stays available to it.
    pub fn start(&mut self) {
        self.before = std::mem::take(&mut self.now);
    }

    /// The sentence's folded words (all its lexical features depend on),
    /// and the head for per-word shares (None: the sums of every head).
    fn key(post: &Post, sentence: Sentence, column: Option<usize>) -> (Box<str>, Option<usize>) {
        let mut words = String::new();
        for t in sentence.words.0..sentence.words.1 {
            let tok = &post.tokens[t as usize];
            words.push_str(&post.folded[tok.start..tok.end]);
            words.push('\0');
        }
        (words.into_boxed_str(), column)
    }

    fn get(&mut self, key: (Box<str>, Option<usize>), work: impl FnOnce() -> Vec<f32>) -> Vec<f32> {
        if let Some(v) = self.now.get(&key) {
            return v.clone();
        }
        let v = self.before.remove(&key).unwrap_or_else(work);
        self.now.insert(key, v.clone());
        v
    }
}

/// Adds each feature's weights to every head's sum.
struct Scorer<'w> {
    weights: &'w Weights<'static>,
    sums: Vec<f32>,
}

impl Sink for Scorer<'_> {
    #[inline]
    fn feature(&mut self, index: u32, value: f32, _words: (u32, u32)) {
        self.weights.add_row(index, value, &mut self.sums);
    }
}

/// Shares each feature's contribution to one head among the words it came from.
struct Explainer<'w> {
    weights: &'w Weights<'static>,
    column: usize,
    first: u32,
    per_word: Vec<f32>,
}

impl Sink for Explainer<'_> {
    fn feature(&mut self, index: u32, value: f32, words: (u32, u32)) {
        let Some(row) = self.weights.row(index) else { return };
        let contribution = value * (row[self.column] as i8) as f32;
        let n = self.per_word.len() as u32;
        let from = words.0.max(self.first).min(self.first + n);
        let to = words.1.max(self.first).min(self.first + n);
        if to > from {
            let share = contribution / (to - from) as f32;
            for w in from..to {
                self.per_word[(w - self.first) as usize] += share;
            }
        }
    }
}
