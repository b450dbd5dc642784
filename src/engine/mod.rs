//! The engine: the compiled rule pack (plus an organisation's configuration)
//! and the analysis of one post.
//!
//! [`Engine::analyze`] runs a post through these stages, each in its own
//! module:
//!
//! 1. **read** ([`Read`], here): compose the text to NFC, fold its case, split
//!    it into words and sentences, detect the languages present. Every later
//!    stage's byte offsets are into the composed text.
//! 2. **scan** (`crate::matcher`): one Aho-Corasick pass over the folded text
//!    finds every term of every pattern (the rules' and the learned layer's
//!    cue groups); the trigger patterns' matches follow from it.
//! 3. **rules** (`rules.rs`): each rule whose category is enabled and whose
//!    language is present looks at its triggers (patterns or a detector:
//!    identifiers, shouting, exclamations) and keeps those whose context
//!    (`near` / `unless`) agrees.
//! 4. **learned heads** (`heads.rs`): every sentence is scored by the learned
//!    heads, with the rules' findings among their features; each head reports
//!    its best sentence when it reaches its threshold.
//! 5. **tidy** (`tidy.rs`): allowed words drop out, rules win where they and a
//!    head mark the same thing, overlapping findings of one category merge,
//!    one suggestion of each kind stays.
//! 6. **UTF-16** (here): offsets go back from the composed text to what the
//!    user typed and into UTF-16 code units; messages into the interface
//!    language.
//!
//! Building the engine (`compile.rs`) checks every rule and fails with the
//! field and the problem; `fix.rs` writes the texts suggestions insert.

mod compile;
mod fix;
mod heads;
mod rules;
mod tidy;

pub use heads::{Featurized, HeadReport, RuleSentences, SentenceFeatures};
pub use rules::{Detector, Rule};

use crate::config::{ConfigError, OrgConfig, Overrides};
use crate::guide::Guide;
use crate::language::{detect, Detected};
pub use crate::learned::Memo;
use crate::learned::{Learned, Sensitivity};
use crate::matcher::{Matcher, PatternId};
use crate::model::{Analysis, Category, Explanation, Finding, Fix, Locale, Texts};
use crate::normalize::{nfc, Normalized};
use crate::pack::Parts;
use crate::span::{ByteSpan, WordSpan};
use crate::text::{fold_case, tokenize, Token, Utf16Map};
use std::collections::HashSet;

/// What produced a finding: a rule of the pack, a learned head, or a head
/// following another category's finding (`Follows(head, index in its follows)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Rule(usize),
    Head(usize),
    Follows(usize, usize),
}

/// A finding before it is put into the interface language and UTF-16.
#[derive(Debug, Clone)]
struct Raw {
    source: Source,
    category: Category,
    /// In bytes of the composed text until the last stage, which maps it back
    /// to the original text.
    span: ByteSpan,
    fix: Option<String>,
    explanation: Option<Explanation>,
}

/// A post read once, for every stage: the text composed to NFC (the
/// stages' byte offsets are into it), the lowercased copy (same byte
/// offsets), the words with their sentences, and the languages present.
struct Read<'t> {
    normalized: Normalized<'t>,
    folded: String,
    tokens: Vec<Token>,
    detected: Detected,
}

impl<'t> Read<'t> {
    fn new(original: &'t str) -> Read<'t> {
        let normalized = nfc(original);
        let folded = fold_case(&normalized.text);
        let tokens = tokenize(&normalized.text);
        let detected = detect(&folded, &tokens);
        Read { normalized, folded, tokens, detected }
    }

    fn text(&self) -> &str {
        &self.normalized.text
    }
}

pub struct Engine {
    rules: Vec<Rule>,
    /// `features::rule_hash` of each rule's id, for the learned layer.
    rule_hashes: Vec<u32>,
    matcher: Matcher,
    /// Per cue-group pattern: (cue index, pattern id).
    cue_patterns: Vec<(u8, PatternId)>,
    learned: Learned,
    sensitivity: [Sensitivity; 11],
    guide: Guide,
    hashtags: Vec<String>,
    disclaimer: Texts,
    disabled: HashSet<Category>,
    allowed: Vec<String>,
}

impl Engine {
    /// The built-in rule pack alone.
    pub fn builtin() -> Engine {
        Engine::compile(Parts::builtin(), Overrides::default())
            .unwrap_or_else(|e| panic!("the built-in rule pack is broken: {e}"))
    }

    /// The built-in pack with an organisation's configuration (JSON) applied.
    /// A broken configuration is rejected whole, naming the field and problem;
    /// the caller keeps using the engine it had.
    pub fn with_config(json: &str) -> Result<Engine, ConfigError> {
        let config = OrgConfig::parse(json)?;
        let mut parts = Parts::builtin();
        let (added, overrides) = config.apply(&mut parts)?;
        let engine = Engine::compile(parts, overrides)?;
        engine.check_examples(added)?;
        Ok(engine)
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    pub fn guide(&self) -> &Guide {
        &self.guide
    }

    pub fn hashtags(&self) -> &[String] {
        &self.hashtags
    }

    pub fn disclaimer(&self) -> &Texts {
        &self.disclaimer
    }

    /// Analyses a post. Messages and section titles are in `locale`; offsets
    /// are UTF-16 code units; findings are sorted by position.
    ///
    /// The stages: read the post once ([`Read`]: folded copy, words,
    /// sentences, languages); scan its words against the one term table (rule
    /// terms and cue groups); run the rules; run the learned heads over every sentence,
    /// with the rules' findings among their features; tidy (rules win where
    /// they and a head mark the same thing, overlaps merge); convert to the
    /// interface language and UTF-16.
    pub fn analyze(&self, text: &str, locale: Locale) -> Analysis {
        self.analyze_with(text, locale, &mut Memo::default())
    }

    /// [`Engine::analyze`], keeping what the learned layer worked out for each
    /// sentence's words in `memo` for the next check of the same post (the
    /// browser re-checks on every keystroke): the sentences a keystroke did
    /// not touch are not worked out again, and the result is the very same
    /// (tests/properties.rs compares the two on random edit sequences).
    pub fn analyze_with(&self, text: &str, locale: Locale, memo: &mut Memo) -> Analysis {
        memo.start();
        let read = Read::new(text);
        let scan = self.matcher.scan(read.text(), &read.folded, &read.tokens);
        let triggers = self.matcher.find_triggers(&scan);
        let fix_locale = Locale::of_lang(read.detected.main).unwrap_or(locale);
        let mut raws = self.rule_stage(&read, &scan, &triggers, fix_locale);
        self.learned_stage(&read, &triggers, &mut raws, fix_locale, memo);
        let mut raws = self.tidy(read.text(), raws);
        // Back from the composed text to what the user typed.
        for r in &mut raws {
            r.span = ByteSpan::new(read.normalized.original(r.span.start), read.normalized.original(r.span.end));
        }
        let mut offsets: Vec<usize> = raws.iter().flat_map(|r| [r.span.start, r.span.end]).collect();
        offsets.push(text.len());
        let map = Utf16Map::new(text, offsets);
        let end16 = map.get(text.len());
        let findings = raws
            .into_iter()
            .map(|r| {
                let span = map.span(r.span);
                let (id, section, message) = match r.source {
                    Source::Rule(i) => {
                        let rule = &self.rules[i];
                        (rule.id.clone(), &rule.section, &rule.message)
                    }
                    Source::Head(h) => {
                        let head = &self.learned.heads[h];
                        (head.id.clone(), &head.def.section, &head.def.message)
                    }
                    Source::Follows(h, k) => {
                        let head = &self.learned.heads[h];
                        (head.follows[k].1.clone(), &head.def.section, &head.def.message)
                    }
                };
                Finding {
                    category: r.category,
                    severity: r.category.severity(),
                    rule: id,
                    start: span.start,
                    end: span.end,
                    message: message.get(locale).to_string(),
                    section: self.guide.title(section, locale),
                    section_id: section.clone(),
                    fix: r.fix.map(|text| Fix { at: end16, text }),
                    explanation: r.explanation,
                }
            })
            .collect();
        Analysis { language: read.detected.main, findings }
    }

    /// Which rules fire on `text`, before overlaps are merged: what a rule's
    /// examples are checked against (the learned heads are not asked).
    pub fn rules_firing(&self, text: &str) -> Vec<&str> {
        let read = Read::new(text);
        let scan = self.matcher.scan(read.text(), &read.folded, &read.tokens);
        let triggers = self.matcher.find_triggers(&scan);
        let raws = self.rule_stage(&read, &scan, &triggers, Locale::En);
        raws.iter()
            .filter_map(|r| match r.source {
                Source::Rule(i) => Some(self.rules[i].id.as_str()),
                Source::Head(_) | Source::Follows(..) => None,
            })
            .collect()
    }

    /// Checks the examples of the rules at `indices` (the ones a
    /// configuration added): each must fire on its `flag` texts and stay
    /// quiet on its `clean` texts.
    pub(crate) fn check_examples(&self, indices: std::ops::Range<usize>) -> Result<(), ConfigError> {
        for (n, i) in indices.enumerate() {
            let rule = &self.rules[i];
            if let Some(problem) = self.example_problem(rule) {
                return Err(ConfigError::new(format!("rules[{n}].{}", problem.0), problem.1));
            }
        }
        Ok(())
    }

    /// The first example of `rule` that does not behave: (field, problem).
    pub fn example_problem(&self, rule: &Rule) -> Option<(String, String)> {
        for (k, text) in rule.source.flag.iter().enumerate() {
            if !self.rules_firing(text).contains(&rule.id.as_str()) {
                return Some((format!("flag[{k}]"), format!("the rule does not flag its example \"{text}\"")));
            }
        }
        for (k, text) in rule.source.clean.iter().enumerate() {
            if self.rules_firing(text).contains(&rule.id.as_str()) {
                return Some((format!("clean[{k}]"), format!("the rule flags \"{text}\", which it must leave alone")));
            }
        }
        None
    }
}

fn category_index(c: Category) -> usize {
    Category::ALL.iter().position(|x| *x == c).expect("every category is in ALL")
}

/// The words a byte span covers; a span between words (like "!!!") gets the
/// word before it, so it still has a sentence.
fn words_of(tokens: &[Token], span: ByteSpan) -> WordSpan {
    let first = tokens.partition_point(|t| t.end <= span.start);
    let after = tokens.partition_point(|t| t.start < span.end);
    if after > first {
        WordSpan::new(first as u32, after as u32)
    } else {
        let i = first.saturating_sub(1).min(tokens.len().saturating_sub(1)) as u32;
        WordSpan::new(i, i + 1)
    }
}
