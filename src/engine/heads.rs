//! The learned stage: the heads over every sentence, with the scan's cue
//! groups and the rules' findings among their features; plus the views of
//! the same computation that the trainer, the golden-score test and the
//! Rule-authors page use.

use super::fix::present_tags;
use super::rules::Trigger;
use super::{category_index, words_of, Engine, Raw, Read, Source};
use crate::learned::features::{self, CueHit, RuleHit, Sentence, Sink};
use crate::learned::{Head, Memo, Sensitivity};
use crate::matcher::Triggers;
use crate::model::{Category, Explanation, Locale};
use crate::span::ByteSpan;
use crate::text::fold_case;
use std::collections::HashSet;

/// A post's sentences and the features of each, as the trainer sees them;
/// plus what the rules found and which heads have nothing to say.
#[derive(Debug, Clone)]
pub struct Featurized {
    pub sentences: Vec<Sentence>,
    pub features: Vec<Vec<(u32, f32)>>,
    /// Bit i: a rule of `Category::ALL[i]` fired.
    pub rule_categories: u16,
    /// Every rule finding: its category's index, the sentences it overlaps
    /// (half-open) and whether its head may overrule it ([`Engine::vetoable`]).
    pub rule_hits: Vec<RuleSentences>,
    /// Per category: the post already settles it (a disclaimer written, the
    /// feedback channel named, every official hashtag there).
    pub gated: [bool; 11],
}

/// One sentence as [`Engine::head_features`] shows it: its text, the head's
/// score (log-odds) and each feature's share of it, named by its words.
#[derive(Debug, Clone)]
pub struct SentenceFeatures {
    pub text: String,
    pub score: f32,
    pub features: Vec<(String, f32)>,
}

/// Where a rule's finding lies among the sentences, for the veto.
#[derive(Debug, Clone, Copy)]
pub struct RuleSentences {
    pub category: u8,
    pub sentences: (usize, usize),
    pub vetoable: bool,
}

/// The sentences (half-open indices) a finding overlaps; a finding between
/// sentences counts with the one before it; none when there are none.
fn sentences_of(sentences: &[Sentence], raw: &Raw) -> (usize, usize) {
    let (start, end) = (raw.span.start, raw.span.end.max(raw.span.start + 1));
    let touches = |s: &Sentence| s.bytes.0 < end && start < s.bytes.1;
    match sentences.iter().position(touches) {
        Some(first) => (first, first + sentences[first..].iter().take_while(|s| touches(s)).count()),
        None => match sentences.iter().rposition(|s| s.bytes.0 <= start) {
            Some(i) => (i, i + 1),
            None => (0, sentences.len().min(1)),
        },
    }
}

impl Engine {
    /// The learned heads' features for every sentence of `text`, exactly as
    /// [`Engine::analyze`] computes them: what the trainer learns from.
    pub fn featurize(&self, text: &str) -> Featurized {
        struct Collect(Vec<(u32, f32)>);
        impl Sink for Collect {
            fn feature(&mut self, index: u32, value: f32, _words: (u32, u32)) {
                self.0.push((index, value));
            }
        }
        self.with_learned_post(text, |post, sentences, raws| {
            let features = (0..sentences.len())
                .map(|s| {
                    let mut c = Collect(Vec::new());
                    features::sentence_features(post, sentences, s, &mut c);
                    c.0
                })
                .collect();
            let mut rule_categories = 0u16;
            for r in raws {
                rule_categories |= 1 << category_index(r.category);
            }
            let rule_hits = raws
                .iter()
                .map(|r| RuleSentences {
                    category: category_index(r.category) as u8,
                    sentences: sentences_of(sentences, r),
                    vetoable: self.vetoable(r),
                })
                .collect();
            let mut gated = [false; 11];
            for (i, c) in Category::ALL.iter().enumerate() {
                gated[i] = self.head_gated(*c, post.cues, post);
            }
            Featurized { sentences: sentences.to_vec(), features, rule_categories, rule_hits, gated }
        })
    }

    /// Reads `text`, runs the rules, and hands the learned heads' view of the
    /// post to `f`: what `featurize` and `head_scores` share with `analyze`.
    pub(super) fn with_learned_post<R>(
        &self,
        text: &str,
        f: impl FnOnce(&features::Post, &[Sentence], &[Raw]) -> R,
    ) -> R {
        let read = Read::new(text);
        let scan = self.matcher.scan(read.text(), &read.folded, &read.tokens);
        let triggers = self.matcher.find_triggers(&scan);
        let raws = self.rule_stage(&read, &scan, &triggers, Locale::En);
        let (cues, rules) = self.learned_inputs(&read, &triggers, &raws);
        let post = self.learned_post(&read, &cues, &rules);
        let sentences = features::sentences(read.text(), &read.tokens);
        f(&post, &sentences, &raws)
    }

    /// Each learned head's highest sentence score on `text` (log-odds) and
    /// the threshold it reports at (after the configuration's sensitivity): what the Rule-authors page shows, and
    /// what the golden-score test compares with the trainer's.
    pub fn head_scores(&self, text: &str) -> Vec<(Category, f32, f32)> {
        let scores = self
            .with_learned_post(text, |post, sentences, _| self.learned.score(post, sentences, &mut Memo::default()));
        self.learned
            .heads
            .iter()
            .map(|h| {
                let best = scores.iter().map(|s| s[h.column]).fold(f32::NEG_INFINITY, f32::max);
                (h.category, best, self.threshold(h))
            })
            .collect()
    }

    /// Each learned head on `text`, for the Rule-authors page: its best
    /// sentence's probability, the probability it reports at, and the words
    /// of that sentence that weighed most towards it (up to five).
    pub fn head_report(&self, text: &str) -> Vec<HeadReport> {
        self.with_learned_post(text, |post, sentences, _| {
            let mut memo = Memo::default();
            let scores = self.learned.score(post, sentences, &mut memo);
            self.learned
                .heads
                .iter()
                .map(|h| {
                    let best =
                        (0..sentences.len()).max_by(|&a, &b| scores[a][h.column].total_cmp(&scores[b][h.column]));
                    let words = best.map_or_else(Vec::new, |s| {
                        self.learned
                            .explain(post, sentences, s, h.column, &mut memo)
                            .into_iter()
                            .take(5)
                            .map(|(t, _)| post.word(t).to_string())
                            .collect()
                    });
                    let score = best.map_or(f32::NEG_INFINITY, |s| scores[s][h.column]);
                    HeadReport {
                        category: h.category,
                        rule: h.id.clone(),
                        score: probability(score),
                        threshold: probability(self.threshold(h)),
                        words,
                    }
                })
                .collect()
        })
    }

    /// Every feature of every sentence of `text` with what it gave the head
    /// of `category` (log-odds), strongest either way first, each named by
    /// the words it came from (empty for what belongs to the whole post or
    /// a neighbour): per sentence, its text, score and the list. For whoever
    /// writes training data (`guidepost-train --explain`), not for the card.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn head_features(&self, text: &str, category: Category) -> Vec<SentenceFeatures> {
        struct Collect(Vec<(u32, f32, (u32, u32))>);
        impl Sink for Collect {
            fn feature(&mut self, index: u32, value: f32, words: (u32, u32)) {
                self.0.push((index, value, words));
            }
        }
        let Some(head) = self.learned.heads.iter().find(|h| h.category == category) else { return Vec::new() };
        let weights = &self.learned.weights;
        let params = weights.heads[head.column];
        self.with_learned_post(text, |post, sentences, _| {
            let mut memo = Memo::default();
            let scores = self.learned.score(post, sentences, &mut memo);
            (0..sentences.len())
                .map(|s| {
                    let mut c = Collect(Vec::new());
                    features::sentence_features(post, sentences, s, &mut c);
                    let mut parts: Vec<(String, f32)> =
                        c.0.into_iter()
                            .filter_map(|(index, value, words)| {
                                let w = weights.row(index)?[head.column] as i8;
                                let named = (words.0..words.1).map(|t| post.word(t)).collect::<Vec<_>>().join(" ");
                                (w != 0).then_some((named, value * w as f32 * params.scale))
                            })
                            .collect();
                    parts.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
                    let bytes = sentences[s].bytes;
                    SentenceFeatures {
                        text: post.text[bytes.0..bytes.1].trim().to_string(),
                        score: scores[s][head.column],
                        features: parts,
                    }
                })
                .collect()
        })
    }

    /// The score at which `head` reports, for the configured sensitivity.
    pub(super) fn threshold(&self, head: &Head) -> f32 {
        let params = &self.learned.weights.heads[head.column];
        match self.sensitivity[category_index(head.category)] {
            Sensitivity::Strict => params.strict,
            Sensitivity::Default => params.threshold,
            Sensitivity::Relaxed => params.relaxed,
        }
    }

    /// What the heads see of the scan and the rules: cue groups and rule
    /// findings as word ranges.
    fn learned_inputs(&self, read: &Read, triggers: &Triggers, raws: &[Raw]) -> (Vec<CueHit>, Vec<RuleHit>) {
        let mut cues: Vec<CueHit> = self
            .cue_patterns
            .iter()
            .flat_map(|&(cue, p)| triggers.of(p).iter().map(move |s| CueHit { cue, words: s.pair() }))
            .collect();
        cues.sort_by_key(|c| (c.words.0, c.cue));
        let mut rules: Vec<RuleHit> = raws
            .iter()
            .filter_map(|r| match r.source {
                Source::Rule(i) if !read.tokens.is_empty() => {
                    let span = words_of(&read.tokens, r.span);
                    Some(RuleHit {
                        rule: self.rule_hashes[i],
                        category: category_index(r.category) as u8,
                        words: span.pair(),
                    })
                }
                _ => None,
            })
            .collect();
        // By first word, as the features look them up (`features::Post::rules`).
        rules.sort_by_key(|r| r.words.0);
        (cues, rules)
    }

    fn learned_post<'a>(&self, read: &'a Read, cues: &'a [CueHit], rules: &'a [RuleHit]) -> features::Post<'a> {
        let present = present_tags(read.text(), &read.tokens, &read.folded);
        let tags_present =
            self.hashtags.iter().filter(|t| present.contains(fold_case(t.trim_start_matches('#')).as_str())).count();
        features::Post {
            text: read.text(),
            folded: &read.folded,
            tokens: &read.tokens,
            lang: read.detected.main,
            cues,
            rules,
            summary: features::Summary::of(cues, rules),
            tags_present,
            tags_official: self.hashtags.len(),
        }
    }

    /// Whether the post already settles what `category`'s head would say.
    fn head_gated(&self, category: Category, cues: &[CueHit], post: &features::Post) -> bool {
        if category == Category::Hashtags {
            return post.tags_official > 0 && post.tags_present >= post.tags_official;
        }
        self.learned
            .heads
            .iter()
            .filter(|h| h.category == category)
            .any(|h| cues.iter().any(|c| h.unless.contains(&c.cue)))
    }

    /// Whether a rule's finding may be overruled by its category's head: a
    /// word rule of the built-in pack, and a head with `veto = true`.
    fn vetoable(&self, raw: &Raw) -> bool {
        let Source::Rule(i) = raw.source else { return false };
        let rule = &self.rules[i];
        rule.builtin
            && matches!(rule.trigger, Trigger::Patterns(_))
            && self.learned.heads.iter().any(|h| h.category == rule.category && h.def.veto)
    }

    /// What a head's finding inserts: `Some(None)` for a head without a fix,
    /// `None` when its fix has nothing to insert (the head then says nothing).
    fn head_fix(&self, read: &Read, head: &Head, fix_locale: Locale) -> Option<Option<String>> {
        match &head.def.fix {
            None => Some(None),
            Some(kind) => self.fix_text(read.text(), &read.tokens, &read.folded, kind, fix_locale).map(Some),
        }
    }

    /// The learned heads over every sentence: first, a word rule's finding
    /// goes where its head scores every sentence it touches below the
    /// head's veto line; then, for each head, a finding on the sentence that
    /// scored highest, when it reaches the threshold.
    pub(super) fn learned_stage(
        &self,
        read: &Read,
        triggers: &Triggers,
        raws: &mut Vec<Raw>,
        fix_locale: Locale,
        memo: &mut Memo,
    ) {
        if read.tokens.is_empty() {
            return;
        }
        let (cues, rules) = self.learned_inputs(read, triggers, raws);
        let post = self.learned_post(read, &cues, &rules);
        let sentences = features::sentences(read.text(), &read.tokens);
        let scores = self.learned.score(&post, &sentences, memo);
        raws.retain(|r| {
            if !self.vetoable(r) {
                return true;
            }
            let Some(head) = self.learned.heads.iter().find(|h| h.category == r.category) else { return true };
            let veto = self.learned.weights.heads[head.column].veto;
            let (a, b) = sentences_of(&sentences, r);
            (a..b).map(|s| scores[s][head.column]).fold(f32::NEG_INFINITY, f32::max) >= veto
        });
        let mut out = Vec::new();
        for (h, head) in self.learned.heads.iter().enumerate() {
            let category = head.category;
            if self.disabled.contains(&category) || self.head_gated(category, &cues, &post) {
                continue;
            }
            let threshold = self.threshold(head);
            // The sentence that scored highest, when it reaches the threshold.
            // One per head: a sentence next to a risky one shares the post's
            // and the neighbours' cues, so a second sentence over the line is
            // as often the neighbour as a second risk.
            let best = (0..sentences.len()).max_by(|&a, &b| scores[a][head.column].total_cmp(&scores[b][head.column]));
            if let Some(s) = best.filter(|&s| scores[s][head.column] >= threshold) {
                let score = scores[s][head.column];
                // A head about the whole post marks the sentence whose own
                // words weigh most (its score is the post's).
                let s = if head.def.whole_post && sentences.len() > 1 {
                    let own: Vec<f32> = (0..sentences.len())
                        .map(|i| self.learned.own_evidence(&post, &sentences, i, head.column, memo))
                        .collect();
                    (0..sentences.len()).max_by(|&a, &b| own[a].total_cmp(&own[b]).then(b.cmp(&a))).unwrap_or(s)
                } else {
                    s
                };
                let Some(fix) = self.head_fix(read, head, fix_locale) else { continue };
                let (first, end) = sentences[s].words;
                let words: Vec<String> = {
                    let mut seen = HashSet::new();
                    self.learned
                        .explain(&post, &sentences, s, head.column, memo)
                        .into_iter()
                        .map(|(t, _)| &read.tokens[t as usize])
                        .filter(|t| seen.insert(&read.folded[t.start..t.end]))
                        .take(3)
                        .map(|t| read.text()[t.start..t.end].to_string())
                        .collect()
                };
                out.push(Raw {
                    source: Source::Head(h),
                    category,
                    span: ByteSpan::new(read.tokens[first as usize].start, read.tokens[end as usize - 1].end),
                    fix,
                    explanation: Some(Explanation { score: probability(score), words }),
                });
            }
        }
        raws.extend(out);
        // A head that follows other categories reports where one of them was
        // found and its own category was not.
        for (h, head) in self.learned.heads.iter().enumerate() {
            let category = head.category;
            if head.follows.is_empty()
                || self.disabled.contains(&category)
                || raws.iter().any(|r| r.category == category)
                || self.head_gated(category, &cues, &post)
            {
                continue;
            }
            let followed = head
                .follows
                .iter()
                .enumerate()
                .find_map(|(k, (other, _))| raws.iter().find(|r| r.category == *other).map(|r| (k, r.span)));
            let Some((k, span)) = followed else { continue };
            let Some(fix) = self.head_fix(read, head, fix_locale) else { continue };
            raws.push(Raw { source: Source::Follows(h, k), category, span, fix, explanation: None });
        }
    }
}

/// A log-odds score as a probability, to three decimals.
fn probability(log_odds: f32) -> f32 {
    (1000.0 / (1.0 + (-log_odds).exp())).round() / 1000.0
}

/// One learned head's view of a post (see [`Engine::head_report`]).
#[derive(Debug, Clone, serde::Serialize)]
pub struct HeadReport {
    pub category: Category,
    pub rule: String,
    pub score: f32,
    pub threshold: f32,
    pub words: Vec<String>,
}
