//! The rule stage: each rule over its triggers (pattern matches or a
//! detector's finds) and their context.

use super::{words_of, Engine, Raw, Read, Source};
use crate::identifiers::{find_identifiers, IdKind};
use crate::matcher::{PatternId, Scan, Triggers};
use crate::model::{Category, Locale, RuleLang, Texts};
use crate::pack::{FixKind, RuleDef, Scope};
use crate::span::{ByteSpan, WordSpan};
use crate::tone;

/// A detector implemented in code, named by a rule's `detector` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detector {
    Id(IdKind),
    Shouting,
    Exclamations,
}

impl Detector {
    /// Every detector: the identifier kinds, then the tone detectors.
    pub fn all() -> impl Iterator<Item = Detector> {
        IdKind::ALL.into_iter().map(Detector::Id).chain([Detector::Shouting, Detector::Exclamations])
    }

    pub fn name(self) -> &'static str {
        match self {
            Detector::Id(kind) => kind.name(),
            Detector::Shouting => "shouting",
            Detector::Exclamations => "exclamations",
        }
    }

    pub fn parse(name: &str) -> Option<Detector> {
        Detector::all().find(|d| d.name() == name)
    }
}

#[derive(Debug, Clone)]
pub(super) enum Trigger {
    Patterns(Vec<PatternId>),
    Detector(Detector),
}

/// A rule ready to run.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub category: Category,
    pub lang: RuleLang,
    pub section: String,
    pub message: Texts,
    pub source: RuleDef,
    /// True for rules of the built-in pack, false for an organisation's.
    pub builtin: bool,
    pub(super) trigger: Trigger,
    pub(super) unless: Vec<PatternId>,
    pub(super) near: Vec<PatternId>,
    pub(super) window: u32,
    pub(super) scope: Scope,
    pub(super) fix: Option<FixKind>,
}

impl Engine {
    /// The rules, each over its triggers and context.
    pub(super) fn rule_stage(&self, read: &Read, scan: &Scan, triggers: &Triggers, fix_locale: Locale) -> Vec<Raw> {
        let (text, tokens, folded, detected) = (read.text(), &read.tokens[..], &read.folded[..], &read.detected);
        let mut ids = None;
        let mut raws = Vec::new();
        for (index, rule) in self.rules.iter().enumerate() {
            if self.disabled.contains(&rule.category) || !detected.has(rule.lang) {
                continue;
            }
            let candidates: Vec<(ByteSpan, WordSpan)> = match &rule.trigger {
                Trigger::Patterns(ps) => {
                    let mut c: Vec<_> = ps
                        .iter()
                        .flat_map(|&p| triggers.of(p))
                        .map(|s| (ByteSpan::new(tokens[s.start as usize].start, tokens[s.last() as usize].end), *s))
                        .collect();
                    c.sort_unstable_by_key(|x| (x.0.start, x.0.end));
                    c
                }
                Trigger::Detector(d) => {
                    let found = match d {
                        Detector::Id(kind) => ids
                            .get_or_insert_with(|| find_identifiers(text))
                            .iter()
                            .filter(|m| m.kind == *kind)
                            .map(|m| m.span)
                            .collect(),
                        Detector::Shouting => to_spans(tone::shouting(text, tokens)),
                        Detector::Exclamations => to_spans(tone::exclamations(text)),
                    };
                    found.into_iter().map(|s: ByteSpan| (s, words_of(tokens, s))).collect()
                }
            };
            if candidates.is_empty() {
                continue;
            }
            // Whether one of `patterns` occurs near `at` (a post without words,
            // such as "!!!", has no context at all).
            let occurs = |patterns: &[PatternId], at: WordSpan, window: Option<u32>| -> bool {
                !tokens.is_empty() && patterns.iter().any(|&p| self.matcher.occurs_near(scan, p, at, window))
            };
            let in_context = |at: WordSpan, window: Option<u32>| -> bool {
                !occurs(&rule.unless, at, window) && (rule.near.is_empty() || occurs(&rule.near, at, window))
            };
            let report = |raws: &mut Vec<Raw>, span| {
                let fix = match &rule.fix {
                    None => None,
                    Some(kind) => match self.fix_text(text, tokens, folded, kind, fix_locale) {
                        Some(t) => Some(t),
                        None => return,
                    },
                };
                raws.push(Raw { source: Source::Rule(index), category: rule.category, span, fix, explanation: None });
            };
            match rule.scope {
                // The post's context does not depend on where the trigger is:
                // look once, and report the first trigger.
                Scope::Post => {
                    let (span, at) = candidates[0];
                    if in_context(at, None) {
                        report(&mut raws, span);
                    }
                }
                Scope::Sentence => {
                    let window = Some(rule.window);
                    for (span, at) in candidates {
                        if in_context(at, window) {
                            report(&mut raws, span);
                        }
                    }
                }
            }
        }
        raws
    }
}

/// The tone detectors' `(start, end)` byte pairs as spans.
fn to_spans(pairs: Vec<(usize, usize)>) -> Vec<ByteSpan> {
    pairs.into_iter().map(|(start, end)| ByteSpan::new(start, end)).collect()
}
