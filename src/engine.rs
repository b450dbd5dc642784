//! The engine: the compiled rule pack (plus an organisation's configuration)
//! and the analysis of one post.

use crate::config::{ConfigError, OrgConfig};
use crate::guide::Guide;
use crate::identifiers::{find_identifiers, IdKind};
use crate::language::{detect, Detected};
use crate::learned::features::{self, CueHit, RuleHit, Sentence, Sink};
use crate::learned::{builtin_cues, Learned, Sensitivity};
use crate::matcher::{Matcher, MatcherBuilder, Scan, Span};
use crate::normalize::{nfc, Normalized};
use crate::model::{Analysis, Category, Explanation, Finding, Fix, Lang, Locale, Severity, Texts};
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

/// The sentences (half-open indices) a finding overlaps; a finding between
/// sentences counts with the one before it; none when there are none.
fn sentences_of(sentences: &[Sentence], raw: &Raw) -> (usize, usize) {
    let end = raw.end.max(raw.start + 1);
    let touches = |s: &Sentence| s.bytes.0 < end && raw.start < s.bytes.1;
    match sentences.iter().position(touches) {
        Some(first) => (first, first + sentences[first..].iter().take_while(|s| touches(s)).count()),
        None => match sentences.iter().rposition(|s| s.bytes.0 <= raw.start) {
            Some(i) => (i, i + 1),
            None => (0, sentences.len().min(1)),
        },
    }
}

/// What produced a finding: a rule of the pack or a learned head.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Rule(usize),
    Head(usize),
}

/// A finding before it is put into the interface language and UTF-16.
#[derive(Debug, Clone)]
struct Raw {
    source: Source,
    category: Category,
    start: usize,
    end: usize,
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

/// Where a rule's finding lies among the sentences, for the veto.
#[derive(Debug, Clone, Copy)]
pub struct RuleSentences {
    pub category: u8,
    pub sentences: (usize, usize),
    pub vetoable: bool,
}

pub struct Engine {
    rules: Vec<Rule>,
    /// `features::rule_hash` of each rule's id, for the learned layer.
    rule_hashes: Vec<u32>,
    matcher: Matcher,
    /// Per cue-group pattern: (cue index, pattern id).
    cue_patterns: Vec<(u8, u32)>,
    learned: Learned,
    sensitivity: [Sensitivity; 11],
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
    pub sensitivity: [Sensitivity; 11],
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
            sensitivity: [Sensitivity::Default; 11],
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
        // The learned layer's cue groups go into the same automaton.
        let mut cue_ids = Vec::new();
        let mut cue_patterns = Vec::new();
        for (i, cue) in builtin_cues().into_iter().enumerate() {
            for w in &cue.words {
                assert!(!w.contains(char::is_whitespace), "learned/cues.toml: cue {}: \"{w}\" belongs in phrases", cue.id);
            }
            let words = (!cue.words.is_empty()).then(|| cue.words.join("|"));
            for source in words.iter().chain(&cue.phrases) {
                let pattern =
                    Pattern::parse(source).unwrap_or_else(|e| panic!("learned/cues.toml: cue {}: {e}", cue.id));
                cue_patterns.push((i as u8, builder.add(&pattern, true)));
            }
            cue_ids.push(cue.id);
        }
        let learned =
            Learned::builtin(&cue_ids).unwrap_or_else(|e| panic!("learned/weights.bin does not load: {e}"));
        Ok(Engine {
            rule_hashes: rules.iter().map(|r| features::rule_hash(&r.id)).collect(),
            rules,
            matcher: builder.build(),
            cue_patterns,
            learned,
            sensitivity: parts.sensitivity,
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
    ///
    /// The stages: read the post once ([`Read`]: folded copy, words,
    /// sentences, languages); scan it with the one automaton (rule terms and
    /// cue groups); run the rules; run the learned heads over every sentence,
    /// with the rules' findings among their features; tidy (rules win where
    /// they and a head mark the same thing, overlaps merge); convert to the
    /// interface language and UTF-16.
    pub fn analyze(&self, text: &str, locale: Locale) -> Analysis {
        let read = Read::new(text);
        let scan = self.matcher.scan(read.text(), &read.folded, &read.tokens);
        let triggers = self.matcher.find_triggers(&scan);
        let fix_locale = Locale::of_lang(read.detected.main).unwrap_or(locale);
        let mut raws = self.rule_stage(&read, &scan, &triggers, fix_locale);
        self.learned_stage(&read, &triggers, &mut raws, fix_locale);
        let mut raws = self.tidy(read.text(), raws);
        // Back from the composed text to what the user typed.
        for r in &mut raws {
            r.start = read.normalized.original(r.start);
            r.end = read.normalized.original(r.end);
        }
        let mut offsets: Vec<usize> = raws.iter().flat_map(|r| [r.start, r.end]).collect();
        offsets.push(text.len());
        let map = Utf16Map::new(text, offsets);
        let end16 = map.get(text.len());
        let findings = raws
            .into_iter()
            .map(|r| {
                let (id, section, message) = match r.source {
                    Source::Rule(i) => {
                        let rule = &self.rules[i];
                        (rule.id.clone(), &rule.section, &rule.message)
                    }
                    Source::Head(h) => {
                        let head = &self.learned.heads[h];
                        (head.id.clone(), &head.def.section, &head.def.message)
                    }
                };
                Finding {
                    category: r.category,
                    severity: r.category.severity(),
                    rule: id,
                    start: map.get(r.start),
                    end: map.get(r.end),
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
                Source::Head(_) => None,
            })
            .collect()
    }

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
    fn with_learned_post<R>(&self, text: &str, f: impl FnOnce(&features::Post, &[Sentence], &[Raw]) -> R) -> R {
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
        let scores = self.with_learned_post(text, |post, sentences, _| self.learned.score(post, sentences));
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
            let scores = self.learned.score(post, sentences);
            self.learned
                .heads
                .iter()
                .map(|h| {
                    let best = (0..sentences.len()).max_by(|&a, &b| scores[a][h.column].total_cmp(&scores[b][h.column]));
                    let words = best.map_or_else(Vec::new, |s| {
                        self.learned
                            .explain(post, sentences, s, h.column)
                            .into_iter()
                            .take(5)
                            .map(|(t, _)| {
                                let tok = &post.tokens[t as usize];
                                post.text[tok.start..tok.end].to_string()
                            })
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

    /// The score at which `head` reports, for the configured sensitivity.
    fn threshold(&self, head: &crate::learned::Head) -> f32 {
        let params = &self.learned.weights.heads[head.column];
        match self.sensitivity[category_index(head.category)] {
            Sensitivity::Strict => params.strict,
            Sensitivity::Default => params.threshold,
            Sensitivity::Relaxed => params.relaxed,
        }
    }

    /// The rules, each over its triggers and context.
    fn rule_stage(&self, read: &Read, scan: &Scan, spans: &[Vec<Span>], fix_locale: Locale) -> Vec<Raw> {
        let (text, tokens, folded, detected) = (read.text(), &read.tokens[..], &read.folded[..], &read.detected);
        let mut ids = None;
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
                        Detector::Shouting => tone::shouting(text, tokens),
                        Detector::Exclamations => tone::exclamations(text),
                    };
                    found.into_iter().map(|(a, b)| (a, b, words_of(tokens, a, b))).collect()
                }
            };
            if candidates.is_empty() {
                continue;
            }
            // Whether one of `patterns` occurs near `at` (a post without words,
            // such as "!!!", has no context at all).
            let occurs = |patterns: &[u32], at: Span, window: Option<u32>| -> bool {
                !tokens.is_empty() && patterns.iter().any(|&p| self.matcher.occurs_near(scan, p, at, window))
            };
            let in_context = |at: Span, window: Option<u32>| -> bool {
                !occurs(&rule.unless, at, window) && (rule.near.is_empty() || occurs(&rule.near, at, window))
            };
            let report = |raws: &mut Vec<Raw>, start, end| {
                let fix = match &rule.fix {
                    None => None,
                    Some(kind) => match self.fix_text(text, tokens, folded, kind, fix_locale) {
                        Some(t) => Some(t),
                        None => return,
                    },
                };
                raws.push(Raw { source: Source::Rule(index), category: rule.category, start, end, fix, explanation: None });
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
        raws
    }

    /// What the heads see of the scan and the rules: cue groups and rule
    /// findings as word ranges.
    fn learned_inputs(&self, read: &Read, triggers: &[Vec<Span>], raws: &[Raw]) -> (Vec<CueHit>, Vec<RuleHit>) {
        let mut cues: Vec<CueHit> = self
            .cue_patterns
            .iter()
            .flat_map(|&(cue, p)| triggers[p as usize].iter().map(move |s| CueHit { cue, words: (s.first, s.last + 1) }))
            .collect();
        cues.sort_by_key(|c| (c.words.0, c.cue));
        let rules = raws
            .iter()
            .filter_map(|r| match r.source {
                Source::Rule(i) if !read.tokens.is_empty() => {
                    let span = words_of(&read.tokens, r.start, r.end);
                    Some(RuleHit {
                        rule: self.rule_hashes[i],
                        category: category_index(r.category) as u8,
                        words: (span.first, span.last + 1),
                    })
                }
                _ => None,
            })
            .collect();
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

    /// The learned heads over every sentence: first, a word rule's finding
    /// goes where its head scores every sentence it touches below the
    /// head's veto line; then, for each head, a finding on the sentence that
    /// scored highest, when it reaches the threshold.
    fn learned_stage(&self, read: &Read, triggers: &[Vec<Span>], raws: &mut Vec<Raw>, fix_locale: Locale) {
        if read.tokens.is_empty() {
            return;
        }
        let (cues, rules) = self.learned_inputs(read, triggers, raws);
        let post = self.learned_post(read, &cues, &rules);
        let sentences = features::sentences(read.text(), &read.tokens);
        let scores = self.learned.score(&post, &sentences);
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
                    let own: Vec<f32> =
                        (0..sentences.len()).map(|i| self.learned.own_evidence(&post, &sentences, i, head.column)).collect();
                    (0..sentences.len()).max_by(|&a, &b| own[a].total_cmp(&own[b]).then(b.cmp(&a))).unwrap_or(s)
                } else {
                    s
                };
                let fix = match &head.def.fix {
                    None => None,
                    Some(kind) => match self.fix_text(read.text(), &read.tokens, &read.folded, kind, fix_locale) {
                        Some(t) => Some(t),
                        None => continue,
                    },
                };
                let (first, end) = sentences[s].words;
                let words: Vec<String> = {
                    let mut seen = HashSet::new();
                    self.learned
                        .explain(&post, &sentences, s, head.column)
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
                    start: read.tokens[first as usize].start,
                    end: read.tokens[end as usize - 1].end,
                    fix,
                    explanation: Some(Explanation { score: probability(score), words }),
                });
            }
        }
        raws.extend(out);
    }

    /// Drops findings on allowed words; drops a head's finding where a rule
    /// of its category already marks the same sentence (or, for a
    /// suggestion, the post): the rules are exact where they speak. Then
    /// merges overlapping findings of one category (the earliest, then
    /// longest, stays), keeps one suggestion of each kind, and sorts.
    fn tidy(&self, text: &str, mut raws: Vec<Raw>) -> Vec<Raw> {
        if !self.allowed.is_empty() {
            raws.retain(|r| {
                let span = fold_case(&text[r.start..r.end]);
                !self.allowed.iter().any(|a| span.contains(a.as_str()))
            });
        }
        let ruled: Vec<(Category, usize, usize)> = raws
            .iter()
            .filter(|r| matches!(r.source, Source::Rule(_)))
            .map(|r| (r.category, r.start, r.end))
            .collect();
        raws.retain(|r| {
            matches!(r.source, Source::Rule(_))
                || !ruled.iter().any(|&(c, a, b)| {
                    c == r.category && (r.category.severity() == Severity::Suggestion || (a < r.end && r.start < b))
                })
        });
        let id = |r: &Raw| match r.source {
            Source::Rule(i) => self.rules[i].id.as_str(),
            Source::Head(h) => self.learned.heads[h].id.as_str(),
        };
        raws.sort_by(|a, b| {
            (a.start, std::cmp::Reverse(a.end), a.category)
                .cmp(&(b.start, std::cmp::Reverse(b.end), b.category))
                .then_with(|| id(a).cmp(id(b)))
        });
        let mut kept: Vec<Raw> = Vec::with_capacity(raws.len());
        let mut suggested = HashSet::new();
        // Sorted by start: a finding overlaps a kept one of its category
        // exactly when it starts before the furthest end kept so far.
        let mut reach: HashMap<Category, usize> = HashMap::new();
        for r in raws {
            let category = r.category;
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
        kept.sort_by_key(|r| (r.start, r.end, r.category));
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
                let present = present_tags(text, tokens, folded);
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

/// The hashtags a post carries, folded, without '#'.
fn present_tags<'a>(text: &str, tokens: &[Token], folded: &'a str) -> HashSet<&'a str> {
    tokens.iter().filter(|t| t.tagged && text[..t.start].ends_with('#')).map(|t| &folded[t.start..t.end]).collect()
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

fn category_index(c: Category) -> usize {
    Category::ALL.iter().position(|x| *x == c).expect("every category is in ALL")
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
