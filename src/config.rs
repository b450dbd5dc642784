//! An organisation's configuration (JSON), applied on top of the built-in
//! rule pack:
//!
//! ```json
//! {
//!   "hashtags": ["#Kokkola2026"],
//!   "disclaimer": { "fi": "…", "sv": "…", "en": "…" },
//!   "confidential_terms": ["Projekt Merituuli"],
//!   "rules": [ { "id": "confidential/budget-draft", "category": "confidential", … } ],
//!   "disabled_categories": ["tone"],
//!   "allowed_words": ["Hotelli Kaarlen Kievari"],
//!   "sensitivity": { "threat": "strict", "dispute": "relaxed" }
//! }
//! ```
//!
//! Every field is optional. Anything malformed is rejected with the field and
//! the problem; nothing is half-applied. A rule's `window` is at most
//! [`MAX_WINDOW`](crate::pack::MAX_WINDOW) words.

use crate::learned::Sensitivity;
use crate::model::{Category, RuleLang, Texts};
use crate::pack::{PackError, Parts, RuleDef};
use serde::Deserialize;
use std::collections::HashSet;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// Where the problem is, e.g. `rules[0].match[2]` or `hashtags[1]`.
    pub field: String,
    pub problem: String,
}

impl ConfigError {
    pub fn new(field: String, problem: String) -> ConfigError {
        ConfigError { field, problem }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}", self.problem)
        } else {
            write!(f, "{}: {}", self.field, self.problem)
        }
    }
}

impl std::error::Error for ConfigError {}

/// A configuration's rule that does not compile.
impl From<PackError> for ConfigError {
    fn from(e: PackError) -> ConfigError {
        ConfigError::new(e.field, e.problem)
    }
}

/// What a configuration sets beyond the rule pack: how the engine treats
/// the findings.
pub(crate) struct Overrides {
    pub disabled: HashSet<Category>,
    pub allowed: Vec<String>,
    pub sensitivity: [Sensitivity; 11],
}

impl Default for Overrides {
    fn default() -> Overrides {
        Overrides { disabled: HashSet::new(), allowed: Vec::new(), sensitivity: [Sensitivity::Default; 11] }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisclaimerTexts {
    pub sv: Option<String>,
    pub fi: Option<String>,
    pub en: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgConfig {
    #[serde(default)]
    pub hashtags: Vec<String>,
    #[serde(default)]
    pub disclaimer: DisclaimerTexts,
    #[serde(default)]
    pub confidential_terms: Vec<String>,
    #[serde(default)]
    pub rules: Vec<RuleDef>,
    #[serde(default)]
    pub disabled_categories: Vec<String>,
    #[serde(default)]
    pub allowed_words: Vec<String>,
    /// Per category id: how readily its learned head reports (`strict`,
    /// `default` or `relaxed`, points on the curve calibration measured).
    #[serde(default)]
    pub sensitivity: std::collections::BTreeMap<String, String>,
}

impl OrgConfig {
    /// Reads one JSON object, nothing before it but a byte-order mark
    /// (editors on Windows write one) and nothing after it but whitespace.
    pub fn parse(json: &str) -> Result<OrgConfig, ConfigError> {
        let json = json.strip_prefix('\u{feff}').unwrap_or(json);
        // serde reads a struct from an array too (its fields in order), which
        // no one writing a configuration means.
        if !json.trim_start().starts_with('{') {
            return Err(ConfigError::new(String::new(), "the configuration must be one JSON object, {…}".into()));
        }
        let de = &mut serde_json::Deserializer::from_str(json);
        let config = serde_path_to_error::deserialize(&mut *de).map_err(|e| {
            let path = e.path().to_string();
            let field = if path == "." { String::new() } else { path };
            ConfigError::new(field, e.into_inner().to_string())
        })?;
        de.end().map_err(|e| {
            ConfigError::new(String::new(), format!("{e}: the configuration must be one JSON object, {{…}}"))
        })?;
        Ok(config)
    }

    /// Adds this configuration to the pack's parts; returns the positions
    /// of the rules it added, whose examples must then be checked, and the
    /// rest of what it sets.
    pub(crate) fn apply(self, parts: &mut Parts) -> Result<(std::ops::Range<usize>, Overrides), ConfigError> {
        let mut overrides = Overrides::default();
        // A tag is a duplicate whatever its case; the first spelling stays.
        // A set, not a scan of the tags kept (50 000 tags took 41 s that way).
        let mut seen: HashSet<String> = parts.hashtags.iter().map(|h| h.to_lowercase()).collect();
        for (i, tag) in self.hashtags.iter().enumerate() {
            let bare = tag.strip_prefix('#').unwrap_or("");
            if bare.is_empty() || !bare.chars().all(|c| c.is_alphanumeric() || c == '_') {
                return Err(ConfigError::new(
                    format!("hashtags[{i}]"),
                    format!("\"{tag}\" is not a hashtag: '#' followed by letters, digits or '_'"),
                ));
            }
            if seen.insert(tag.to_lowercase()) {
                parts.hashtags.push(tag.clone());
            }
        }
        let d = self.disclaimer;
        for (name, text, slot) in [
            ("sv", d.sv, &mut parts.disclaimer.sv),
            ("fi", d.fi, &mut parts.disclaimer.fi),
            ("en", d.en, &mut parts.disclaimer.en),
        ] {
            if let Some(t) = text {
                if t.trim().is_empty() {
                    return Err(ConfigError::new(format!("disclaimer.{name}"), "is empty".into()));
                }
                *slot = t;
            }
        }
        for (i, name) in self.disabled_categories.iter().enumerate() {
            let category = Category::from_id(name).ok_or_else(|| {
                let known: Vec<_> = Category::ALL.iter().map(|c| c.id()).collect();
                ConfigError::new(
                    format!("disabled_categories[{i}]"),
                    format!("unknown category \"{name}\" (one of: {})", known.join(", ")),
                )
            })?;
            overrides.disabled.insert(category);
        }
        for (i, w) in self.allowed_words.iter().enumerate() {
            if w.trim().is_empty() {
                return Err(ConfigError::new(format!("allowed_words[{i}]"), "is empty".into()));
            }
            overrides.allowed.push(w.trim().to_string());
        }
        for (name, value) in &self.sensitivity {
            let field = format!("sensitivity.{name}");
            let category = Category::from_id(name).ok_or_else(|| {
                let known: Vec<_> = Category::ALL.iter().map(|c| c.id()).collect();
                ConfigError::new(field.clone(), format!("unknown category \"{name}\" (one of: {})", known.join(", ")))
            })?;
            let level = match value.as_str() {
                "strict" => Sensitivity::Strict,
                "default" => Sensitivity::Default,
                "relaxed" => Sensitivity::Relaxed,
                other => {
                    return Err(ConfigError::new(
                        field,
                        format!("\"{other}\" is not a sensitivity (strict, default or relaxed)"),
                    ))
                }
            };
            overrides.sensitivity[Category::ALL.iter().position(|c| *c == category).unwrap()] = level;
        }
        let first = parts.rules.len();
        for (i, rule) in self.rules.into_iter().enumerate() {
            let Some(name) = rule.category.clone() else {
                return Err(ConfigError::new(format!("rules[{i}].category"), "is missing".into()));
            };
            let category = Category::from_id(&name).ok_or_else(|| {
                ConfigError::new(format!("rules[{i}].category"), format!("unknown category \"{name}\""))
            })?;
            parts.rules.push((rule, category, false));
        }
        let added = first..parts.rules.len();
        if !self.confidential_terms.is_empty() {
            let rule = confidential_terms_rule(&self.confidential_terms)?;
            parts.rules.push((rule, Category::Confidential, false));
        }
        Ok((added, overrides))
    }
}

/// Turns the names of ongoing, non-public projects into one rule. Finnish
/// inflects names at their end (Merituuli → Merituulen, Merituulesta), so
/// a long word matches by its beginning.
fn confidential_terms_rule(terms: &[String]) -> Result<RuleDef, ConfigError> {
    let mut patterns = Vec::new();
    for (i, term) in terms.iter().enumerate() {
        let words: Vec<String> = term
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| {
                let n = w.chars().count();
                match n {
                    0..=2 => w.to_string(),
                    3..=5 => format!("{w}*"),
                    _ => format!("{}*", w.chars().take(n - 2).collect::<String>()),
                }
            })
            .collect();
        if words.is_empty() {
            return Err(ConfigError::new(format!("confidential_terms[{i}]"), "has no letters or digits".into()));
        }
        patterns.push(words.join(" "));
    }
    Ok(RuleDef {
        id: "confidential/organisation-term".into(),
        category: Some("confidential".into()),
        lang: RuleLang::Any.as_str().into(),
        section: "fortroendevalda".into(),
        message: Texts {
            sv: "Det här är namnet på ett ärende som din organisation har märkt som icke-offentligt. Kontrollera med den som bereder ärendet innan du skriver om det.".into(),
            fi: "Tämä on asia, jonka organisaatiosi on merkinnyt ei-julkiseksi. Varmista asian valmistelijalta, saako siitä kertoa.".into(),
            en: "Your organisation has marked this matter as not public. Check with the official preparing it before you post about it.".into(),
        },
        patterns,
        detector: None,
        unless: Vec::new(),
        near: Vec::new(),
        window: None,
        scope: Default::default(),
        fix: None,
        flag: terms.to_vec(),
        clean: vec!["Hyvää viikonloppua kaikille!".into()],
    })
}
