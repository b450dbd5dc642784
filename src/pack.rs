//! The rule pack as its authors write it: one TOML file per category under
//! `rules/`, turned into JSON by `build.rs` and embedded in the binary.
//! An organisation's configuration adds rules in the same shape (JSON).
//!
//! [`Parts`] is what the engine's rules are compiled from: the built-in pack,
//! to which `config.rs` adds an organisation's rules, hashtags and disclaimer.
//! A rule that does not compile is a [`PackError`], naming the field and the
//! problem.

use crate::model::{Category, RuleLang, Texts};
use serde::Deserialize;
use std::fmt;

/// One rule, exactly as written in `rules/<category>.toml` or in a configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    /// `<category>/<name>`, unique in the pack.
    pub id: String,
    /// Only in a configuration; in the pack the file names the category.
    #[serde(default)]
    pub category: Option<String>,
    /// The language the rule's words belong to: `fi`, `sv`, `en` or `any`.
    /// A rule runs when its language is present in the post (posts are often
    /// bilingual), or when the language could not be determined.
    #[serde(default = "any_lang")]
    pub lang: String,
    /// Id of the guideline section the rule enforces (see `guide/cards.toml`).
    pub section: String,
    pub message: Texts,
    /// Patterns (see `pattern.rs`); any one of them triggers the rule.
    #[serde(default, rename = "match")]
    pub patterns: Vec<String>,
    /// Instead of patterns: a built-in detector (identifiers, tone).
    #[serde(default)]
    pub detector: Option<String>,
    /// No finding when one of these occurs near the match.
    #[serde(default)]
    pub unless: Vec<String>,
    /// A finding only when one of these occurs near the match.
    #[serde(default)]
    pub near: Vec<String>,
    /// How many words away counts as near (within the same sentence), at
    /// most [`MAX_WINDOW`].
    #[serde(default)]
    pub window: Option<u32>,
    /// `sentence` (default): `near`/`unless` look in the match's sentence;
    /// `post`: they look at the whole post and the rule fires once per post.
    #[serde(default)]
    pub scope: Scope,
    /// A ready fix the finding offers.
    #[serde(default)]
    pub fix: Option<FixKind>,
    /// Texts the rule must flag; they run as tests (and are checked when a
    /// configuration adds the rule).
    #[serde(default)]
    pub flag: Vec<String>,
    /// Texts the rule must leave alone.
    #[serde(default)]
    pub clean: Vec<String>,
}

/// The largest `window` a rule may give, in words. Far more than any
/// sentence holds, and small enough that word positions plus a window never
/// overflow, on wasm32 (32-bit `usize`) as natively: a configuration behaves
/// the same in the command and in the browser.
pub const MAX_WINDOW: u32 = 1000;

fn any_lang() -> String {
    RuleLang::Any.as_str().into()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    #[default]
    Sentence,
    Post,
}

/// What a suggestion inserts at the end of the post.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
pub enum FixKind {
    /// The personal-opinion disclaimer in the post's language.
    Disclaimer,
    /// The official hashtags that are missing.
    Hashtags,
    /// A fixed text in the post's language.
    Text(Texts),
}

/// One file of the pack.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryFile {
    pub category: String,
    /// `disclaimer.toml`: the default disclaimer per language.
    #[serde(default)]
    pub text: Option<Texts>,
    /// `hashtags.toml`: the official hashtags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Capitalised words that are never a person's name (`<name>` slots).
    #[serde(default)]
    pub not_names: Vec<String>,
    #[serde(default)]
    pub rule: Vec<RuleDef>,
}

/// The built-in pack, as `build.rs` embedded it: `[file name, file]` pairs.
/// Its shape is checked by the tests, so a failure here is a build defect.
pub fn builtin_files() -> Vec<(String, CategoryFile)> {
    serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/rules.json")))
        .unwrap_or_else(|e| panic!("the built-in rule pack does not load: {e}"))
}

/// The rule pack before compilation: the built-in one, plus what a
/// configuration adds. (The bool of a rule: it is built in.)
pub(crate) struct Parts {
    pub rules: Vec<(RuleDef, Category, bool)>,
    pub hashtags: Vec<String>,
    pub disclaimer: Texts,
    pub not_names: Vec<String>,
}

impl Parts {
    /// The built-in pack alone.
    pub fn builtin() -> Parts {
        let mut parts =
            Parts { rules: Vec::new(), hashtags: Vec::new(), disclaimer: Texts::default(), not_names: Vec::new() };
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

/// A rule (of the built-in pack or of a configuration) that does not compile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackError {
    /// Where the problem is: `rule <id>: <field>` in the built-in pack,
    /// `rules[<n>].<field>` in a configuration.
    pub field: String,
    pub problem: String,
}

impl PackError {
    pub fn new(field: String, problem: String) -> PackError {
        PackError { field, problem }
    }
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.problem)
    }
}

impl std::error::Error for PackError {}
