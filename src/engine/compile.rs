//! Building the engine: every rule of the pack and of a configuration is
//! checked and compiled into the one matcher, with the learned layer's cue
//! groups. A problem names the field as its author wrote it.

use super::rules::{Detector, Rule, Trigger};
use super::Engine;
use crate::config::Overrides;
use crate::guide::Guide;
use crate::learned::features;
use crate::learned::{builtin_cues, Learned};
use crate::matcher::{MatcherBuilder, PatternId};
use crate::model::{RuleLang, Severity};
use crate::pack::{PackError, Parts, MAX_WINDOW};
use crate::pattern::Pattern;
use crate::text::fold_case;
use std::collections::HashSet;

/// Words counted as "near" when a rule gives no window.
const DEFAULT_WINDOW: u32 = 8;

impl Engine {
    /// Checks and compiles the parts. Every problem names its field.
    pub(crate) fn compile(parts: Parts, overrides: Overrides) -> Result<Engine, PackError> {
        let guide = Guide::builtin();
        let mut builder = MatcherBuilder::builtin();
        // The learned layer's cue groups share the term table; build.rs
        // compiled them first, then the built-in rules.
        let mut cue_ids = Vec::new();
        let mut cue_patterns = Vec::new();
        for (i, cue) in builtin_cues().into_iter().enumerate() {
            let words = (!cue.words.is_empty()).then(|| cue.words.join("|"));
            let sources: Vec<String> = words.into_iter().chain(cue.phrases).collect();
            cue_patterns.extend(builder.builtin_ids(sources.len() as u32).into_iter().map(|id| (i as u8, id)));
            cue_ids.push(cue.id);
        }
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
                return Err(PackError::new(field("id"), format!("the id \"{}\" is already used", def.id)));
            }
            if !def.id.starts_with(&format!("{}/", category.id())) {
                return Err(PackError::new(field("id"), format!("must start with \"{}/\"", category.id())));
            }
            let Some(lang) = RuleLang::parse(&def.lang) else {
                return Err(PackError::new(field("lang"), "must be fi, sv, en or any".into()));
            };
            if guide.card(&def.section).is_none() {
                return Err(PackError::new(
                    field("section"),
                    format!("unknown section \"{}\" (one of: {})", def.section, section_ids(&guide)),
                ));
            }
            for (name, text) in [("sv", &def.message.sv), ("fi", &def.message.fi), ("en", &def.message.en)] {
                if text.trim().is_empty() {
                    return Err(PackError::new(field(&format!("message.{name}")), "is empty".into()));
                }
            }
            // A built-in rule's patterns were compiled and checked by build.rs
            // (the embedded pack leaves them out): here only their counts.
            // (Built-in rules come first: their index is the number of rules so far.)
            let counts = builtin.then(|| builder.builtin_lists(rules.len()));
            let has_patterns = counts.map_or(!def.patterns.is_empty(), |c| c[0] > 0);
            let mut compile_list = |list: &[String], name: &str| -> Result<Vec<PatternId>, PackError> {
                if let Some(c) = counts {
                    let n = c[["match", "unless", "near"].iter().position(|l| *l == name).expect("a list name")];
                    return Ok(builder.builtin_ids(n));
                }
                list.iter()
                    .enumerate()
                    .map(|(i, p)| {
                        Pattern::parse(p)
                            .map(|p| builder.add(&p, name == "match"))
                            .map_err(|e| PackError::new(field(&format!("{name}[{i}]")), e.to_string()))
                    })
                    .collect()
            };
            let trigger = match (&def.detector, !has_patterns) {
                (Some(d), true) => Trigger::Detector(Detector::parse(d).ok_or_else(|| {
                    let known: Vec<_> = Detector::all().map(|d| d.name()).collect();
                    PackError::new(
                        field("detector"),
                        format!("unknown detector \"{d}\" (one of: {})", known.join(", ")),
                    )
                })?),
                (None, false) => Trigger::Patterns(compile_list(&def.patterns, "match")?),
                (Some(_), false) => {
                    return Err(PackError::new(
                        field("match"),
                        "a rule has either match patterns or a detector, not both".into(),
                    ))
                }
                (None, true) => {
                    return Err(PackError::new(field("match"), "needs at least one pattern (or a detector)".into()))
                }
            };
            let unless = compile_list(&def.unless, "unless")?;
            let near = compile_list(&def.near, "near")?;
            if let Some(w) = def.window.filter(|&w| w > MAX_WINDOW) {
                return Err(PackError::new(
                    field("window"),
                    format!("{w} words is more than a window may be ({MAX_WINDOW})"),
                ));
            }
            if def.flag.is_empty() || def.clean.is_empty() {
                return Err(PackError::new(
                    field(if def.flag.is_empty() { "flag" } else { "clean" }),
                    "every rule needs at least one example it must flag and one it must leave alone".into(),
                ));
            }
            if def.fix.is_some() && category.severity() != Severity::Suggestion {
                return Err(PackError::new(field("fix"), "only suggestions carry a fix".into()));
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
        let learned = Learned::builtin(&cue_ids).unwrap_or_else(|e| panic!("learned/weights.bin does not load: {e}"));
        Ok(Engine {
            rule_hashes: rules.iter().map(|r| features::rule_hash(&r.id)).collect(),
            rules,
            matcher: builder.build(),
            cue_patterns,
            learned,
            sensitivity: overrides.sensitivity,
            guide,
            hashtags: parts.hashtags,
            disclaimer: parts.disclaimer,
            disabled: overrides.disabled,
            allowed: overrides.allowed.iter().map(|w| fold_case(w)).collect(),
        })
    }
}

fn section_ids(guide: &Guide) -> String {
    guide.cards().iter().map(|c| c.id.as_str()).collect::<Vec<_>>().join(", ")
}
