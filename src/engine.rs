//! The engine: the compiled rule pack (plus an organisation's configuration)
//! and the analysis of one post.

use crate::config::{ConfigError, OrgConfig};
use crate::guide::Guide;
use crate::identifiers::{find_identifiers, IdKind};
use crate::language::{detect, Detected};
use crate::matcher::{Matcher, MatcherBuilder, Span};
use crate::model::{Analysis, Category, Finding, Fix, Lang, Locale, Severity, Texts};
use crate::pack::{builtin_files, FixKind, RuleDef, Scope};
use crate::pattern::Pattern;
use crate::text::{fold_case, tokenize, Token, Utf16Map};
use crate::tone;
use std::collections::{HashMap, HashSet};

/// Words counted as "near" when a rule gives no window.
const DEFAULT_WINDOW: u32 = 8;

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
enum Trigger {
    Patterns(Vec<u32>),
    Detector(Detector),
}

/// A rule ready to run.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub category: Category,
    /// `Lang::Und` for rules that apply to any language.
    pub lang: Lang,
    pub section: String,
    pub message: Texts,
    pub source: RuleDef,
    /// True for rules of the built-in pack, false for an organisation's.
    pub builtin: bool,
    trigger: Trigger,
    unless: Vec<u32>,
    near: Vec<u32>,
    window: u32,
    scope: Scope,
    fix: Option<FixKind>,
}

/// A finding before it is put into the interface language and UTF-16.
#[derive(Debug, Clone)]
struct Raw {
    rule: usize,
    start: usize,
    end: usize,
    fix: Option<String>,
}

pub struct Engine {
    rules: Vec<Rule>,
    matcher: Matcher,
    guide: Guide,
    hashtags: Vec<String>,
    disclaimer: Texts,
    disabled: HashSet<Category>,
    allowed: Vec<String>,
}

/// Everything the engine is built from, before compilation.
pub(crate) struct Parts {
    pub rules: Vec<(RuleDef, Category, bool)>,
    pub hashtags: Vec<String>,
    pub disclaimer: Texts,
    pub not_names: Vec<String>,
    pub disabled: HashSet<Category>,
    pub allowed: Vec<String>,
}

impl Parts {
    pub(crate) fn builtin() -> Parts {
        let mut parts = Parts {
            rules: Vec::new(),
            hashtags: Vec::new(),
            disclaimer: Texts::default(),
            not_names: Vec::new(),
            disabled: HashSet::new(),
            allowed: Vec::new(),
        };
        for (name, file) in builtin_files() {
            let category = Category::from_id(&file.category)
                .unwrap_or_else(|| panic!("rules/{name}: unknown category {}", file.category));
            if let Some(text) = file.text {
                parts.disclaimer = text;
            }
            parts.hashtags.extend(file.tags);
            parts.not_names.extend(file.not_names);
            for rule in file.rule {
                parts.rules.push((rule, category, true));
            }
        }
        parts
    }
}

impl Engine {
    /// The built-in rule pack alone.
    pub fn builtin() -> Engine {
        Engine::compile(Parts::builtin()).unwrap_or_else(|e| panic!("the built-in rule pack is broken: {e}"))
    }

    /// The built-in pack with an organisation's configuration (JSON) applied.
    /// A broken configuration is rejected whole, naming the field and problem;
    /// the caller keeps using the engine it had.
    pub fn with_config(json: &str) -> Result<Engine, ConfigError> {
        let config = OrgConfig::parse(json)?;
        let mut parts = Parts::builtin();
        let added = config.apply(&mut parts)?;
        let engine = Engine::compile(parts)?;
        engine.check_examples(added)?;
        Ok(engine)
    }

    pub(crate) fn compile(parts: Parts) -> Result<Engine, ConfigError> {
        let guide = Guide::builtin();
        let mut builder = MatcherBuilder::default();
        for w in &parts.not_names {
            builder.not_name(w);
        }
        let mut rules = Vec::with_capacity(parts.rules.len());
        let mut ids = HashSet::new();
        let mut added = 0;
        for (def, category, builtin) in parts.rules {
            // Errors name the field as the author wrote it: the rule id in the
            // pack, the position in a configuration's "rules" list.
            let field = |f: &str| {
                if builtin {
                    format!("rule {}: {f}", def.id)
                } else {
                    format!("rules[{added}].{f}")
                }
            };
            if !ids.insert(def.id.clone()) {
                return Err(ConfigError::new(field("id"), format!("the id \"{}\" is already used", def.id)));
            }
            if !def.id.starts_with(&format!("{}/", category.id())) {
                return Err(ConfigError::new(field("id"), format!("must start with \"{}/\"", category.id())));
            }
            let lang = match def.lang.as_str() {
                "any" => Lang::Und,
                other => match Lang::parse(other) {
                    Some(l) if l != Lang::Und => l,
                    _ => return Err(ConfigError::new(field("lang"), "must be fi, sv, en or any".into())),
                },
            };
            if guide.card(&def.section).is_none() {
                return Err(ConfigError::new(
                    field("section"),
                    format!("unknown section \"{}\" (one of: {})", def.section, section_ids(&guide)),
                ));
            }
            for (name, text) in [("sv", &def.message.sv), ("fi", &def.message.fi), ("en", &def.message.en)] {
                if text.trim().is_empty() {
                    return Err(ConfigError::new(field(&format!("message.{name}")), "is empty".into()));
                }
            }
            let mut compile_list = |list: &[String], name: &str| -> Result<Vec<u32>, ConfigError> {
                list.iter()
                    .enumerate()
                    .map(|(i, p)| {
                        Pattern::parse(p)
                            .map(|p| builder.add(&p, name == "match"))
                            .map_err(|e| ConfigError::new(field(&format!("{name}[{i}]")), e.to_string()))
                    })
                    .collect()
            };
            let trigger = match (&def.detector, def.patterns.is_empty()) {
                (Some(d), true) => Trigger::Detector(Detector::parse(d).ok_or_else(|| {
                    let known: Vec<_> = Detector::all().map(|d| d.name()).collect();
                    ConfigError::new(field("detector"), format!("unknown detector \"{d}\" (one of: {})", known.join(", ")))
                })?),
                (None, false) => Trigger::Patterns(compile_list(&def.patterns, "match")?),
                (Some(_), false) => {
                    return Err(ConfigError::new(field("match"), "a rule has either match patterns or a detector, not both".into()))
                }
                (None, true) => return Err(ConfigError::new(field("match"), "needs at least one pattern (or a detector)".into())),
            };
            let unless = compile_list(&def.unless, "unless")?;
            let near = compile_list(&def.near, "near")?;
            if def.flag.is_empty() || def.clean.is_empty() {
                return Err(ConfigError::new(
                    field(if def.flag.is_empty() { "flag" } else { "clean" }),
                    "every rule needs at least one example it must flag and one it must leave alone".into(),
                ));
            }
            if def.fix.is_some() && category.severity() != Severity::Suggestion {
                return Err(ConfigError::new(field("fix"), "only suggestions carry a fix".into()));
            }
            rules.push(Rule {
                id: def.id.clone(),
                category,
                lang,
                section: def.section.clone(),
                message: def.message.clone(),
                builtin,
                trigger,
                unless,
                near,
                window: def.window.unwrap_or(DEFAULT_WINDOW),
                scope: def.scope,
                fix: def.fix.clone(),
                source: def,
            });
            added += usize::from(!builtin);
        }
        Ok(Engine {
            rules,
            matcher: builder.build(),
            guide,
            hashtags: parts.hashtags,
            disclaimer: parts.disclaimer,
            disabled: parts.disabled,
            allowed: parts.allowed.iter().map(|w| fold_case(w)).collect(),
        })
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
    pub fn analyze(&self, text: &str, locale: Locale) -> Analysis {
        let (detected, raws) = self.run(text, locale);
        let raws = self.tidy(text, raws);
        let mut offsets: Vec<usize> = raws.iter().flat_map(|r| [r.start, r.end]).collect();
        offsets.push(text.len());
        let map = Utf16Map::new(text, offsets);
        let end16 = map.get(text.len());
        let findings = raws
            .into_iter()
            .map(|r| {
                let rule = &self.rules[r.rule];
                Finding {
                    category: rule.category,
                    severity: rule.category.severity(),
                    rule: rule.id.clone(),
                    start: map.get(r.start),
                    end: map.get(r.end),
                    message: rule.message.get(locale).to_string(),
                    section: self.guide.title(&rule.section, locale),
                    section_id: rule.section.clone(),
                    fix: r.fix.map(|text| Fix { at: end16, text }),
                }
            })
            .collect();
        Analysis { language: detected.main, findings }
    }

    /// Which rules fire on `text`, before overlaps are merged: what a rule's
    /// examples are checked against.
    pub fn rules_firing(&self, text: &str) -> Vec<&str> {
        let (_, raws) = self.run(text, Locale::En);
        raws.iter().map(|r| self.rules[r.rule].id.as_str()).collect()
    }

    fn run(&self, text: &str, locale: Locale) -> (Detected, Vec<Raw>) {
        let folded = fold_case(text);
        let tokens = tokenize(text);
        let detected = detect(&folded, &tokens);
        let scan = self.matcher.scan(text, &folded, &tokens);
        let spans = self.matcher.find_triggers(&scan);
        let mut ids = None;
        let fix_locale = Locale::of_lang(detected.main).unwrap_or(locale);
        let mut raws = Vec::new();
        for (index, rule) in self.rules.iter().enumerate() {
            if self.disabled.contains(&rule.category) || !detected.has(rule.lang) {
                continue;
            }
            let candidates: Vec<(usize, usize, Span)> = match &rule.trigger {
                Trigger::Patterns(ps) => {
                    let mut c: Vec<_> = ps
                        .iter()
                        .flat_map(|&p| spans[p as usize].iter())
                        .map(|s| (tokens[s.first as usize].start, tokens[s.last as usize].end, *s))
                        .collect();
                    c.sort_unstable_by_key(|x| (x.0, x.1));
                    c
                }
                Trigger::Detector(d) => {
                    let found = match d {
                        Detector::Id(kind) => ids
                            .get_or_insert_with(|| find_identifiers(text))
                            .iter()
                            .filter(|m| m.kind == *kind)
                            .map(|m| (m.start, m.end))
                            .collect(),
                        Detector::Shouting => tone::shouting(text, &tokens),
                        Detector::Exclamations => tone::exclamations(text),
                    };
                    found.into_iter().map(|(a, b)| (a, b, words_of(&tokens, a, b))).collect()
                }
            };
            if candidates.is_empty() {
                continue;
            }
            // Whether one of `patterns` occurs near `at` (a post without words,
            // such as "!!!", has no context at all).
            let occurs = |patterns: &[u32], at: Span, window: Option<u32>| -> bool {
                !tokens.is_empty() && patterns.iter().any(|&p| self.matcher.occurs_near(&scan, p, at, window))
            };
            let in_context = |at: Span, window: Option<u32>| -> bool {
                !occurs(&rule.unless, at, window) && (rule.near.is_empty() || occurs(&rule.near, at, window))
            };
            let report = |raws: &mut Vec<Raw>, start, end| {
                let fix = match &rule.fix {
                    None => None,
                    Some(kind) => match self.fix_text(text, &tokens, &folded, kind, fix_locale) {
                        Some(t) => Some(t),
                        None => return,
                    },
                };
                raws.push(Raw { rule: index, start, end, fix });
            };
            match rule.scope {
                // The post's context does not depend on where the trigger is:
                // look once, and report the first trigger.
                Scope::Post => {
                    let (start, end, at) = candidates[0];
                    if in_context(at, None) {
                        report(&mut raws, start, end);
                    }
                }
                Scope::Sentence => {
                    let window = Some(rule.window);
                    for (start, end, at) in candidates {
                        if in_context(at, window) {
                            report(&mut raws, start, end);
                        }
                    }
                }
            }
        }
        (detected, raws)
    }

    /// Drops findings on allowed words, merges overlapping findings of one
    /// category (the earliest, then longest, stays), keeps one suggestion of
    /// each kind, and sorts.
    fn tidy(&self, text: &str, mut raws: Vec<Raw>) -> Vec<Raw> {
        if !self.allowed.is_empty() {
            raws.retain(|r| {
                let span = fold_case(&text[r.start..r.end]);
                !self.allowed.iter().any(|a| span.contains(a.as_str()))
            });
        }
        raws.sort_by(|a, b| {
            (a.start, std::cmp::Reverse(a.end), self.rules[a.rule].category)
                .cmp(&(b.start, std::cmp::Reverse(b.end), self.rules[b.rule].category))
                .then_with(|| self.rules[a.rule].id.cmp(&self.rules[b.rule].id))
        });
        let mut kept: Vec<Raw> = Vec::with_capacity(raws.len());
        let mut suggested = HashSet::new();
        // Sorted by start: a finding overlaps a kept one of its category
        // exactly when it starts before the furthest end kept so far.
        let mut reach: HashMap<Category, usize> = HashMap::new();
        for r in raws {
            let category = self.rules[r.rule].category;
            if category.severity() == Severity::Suggestion {
                if !suggested.insert(category) {
                    continue;
                }
            } else {
                let end = reach.entry(category).or_insert(0);
                if r.start < *end {
                    continue;
                }
                *end = r.end.max(r.start + 1);
            }
            kept.push(r);
        }
        kept.sort_by_key(|r| (r.start, r.end, self.rules[r.rule].category));
        kept
    }

    /// The text a suggestion inserts at the end of the post, or None when
    /// there is nothing to add (every hashtag already there).
    fn fix_text(&self, text: &str, tokens: &[Token], folded: &str, kind: &FixKind, locale: Locale) -> Option<String> {
        let paragraph = if text.trim_end().is_empty() {
            ""
        } else if text.ends_with("\n\n") {
            ""
        } else if text.ends_with('\n') {
            "\n"
        } else {
            "\n\n"
        };
        match kind {
            FixKind::Disclaimer => Some(format!("{paragraph}{}", self.disclaimer.get(locale))),
            FixKind::Text(t) => Some(format!("{paragraph}{}", t.get(locale))),
            FixKind::Hashtags => {
                let present: HashSet<&str> = tokens
                    .iter()
                    .filter(|t| t.tagged && text[..t.start].ends_with('#'))
                    .map(|t| &folded[t.start..t.end])
                    .collect();
                let mut missing: Vec<&str> = Vec::new();
                for tag in &self.hashtags {
                    let bare = fold_case(tag.trim_start_matches('#'));
                    if !present.contains(bare.as_str()) && !missing.iter().any(|m| fold_case(m.trim_start_matches('#')) == bare) {
                        missing.push(tag);
                    }
                }
                if missing.is_empty() {
                    return None;
                }
                let ends_with_tag = tokens.last().is_some_and(|t| t.tagged && text[t.end..].trim().is_empty());
                let joiner = if !ends_with_tag {
                    paragraph
                } else if text.ends_with(char::is_whitespace) {
                    ""
                } else {
                    " "
                };
                Some(format!("{joiner}{}", missing.join(" ")))
            }
        }
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

fn section_ids(guide: &Guide) -> String {
    guide.cards().iter().map(|c| c.id.as_str()).collect::<Vec<_>>().join(", ")
}

/// The words a byte span covers; a span between words (like "!!!") gets the
/// word before it, so it still has a sentence.
fn words_of(tokens: &[Token], start: usize, end: usize) -> Span {
    let first = tokens.partition_point(|t| t.end <= start);
    let after = tokens.partition_point(|t| t.start < end);
    if after > first {
        Span { first: first as u32, last: (after - 1) as u32 }
    } else {
        let i = first.saturating_sub(1).min(tokens.len().saturating_sub(1)) as u32;
        Span { first: i, last: i }
    }
}
