//! The vocabulary shared by every part of Guidepost: categories, severities,
//! languages and the findings the engine reports.

use crate::span::Utf16Span;
use serde::{Deserialize, Serialize};

/// How serious a finding is. The extension colours underlines by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Risk,
    Caution,
    Suggestion,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Risk => "risk",
            Severity::Caution => "caution",
            Severity::Suggestion => "suggestion",
        }
    }
}

/// The eleven categories of findings. Their ids are a contract; what each one
/// covers, and how borderline cases are read, is in `docs/categories.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// Identity codes, phone numbers, e-mail and street addresses, bank accounts,
    /// and sensitive details about a person who can be recognised.
    PersonalData,
    /// Secret or not yet public material: leaks, drafts, decisions before they
    /// are announced, closed sessions, embargoes.
    Confidential,
    /// Passwords, codes and credentials, where keys are kept, and broken locks,
    /// alarms or other gaps in a workplace's protection.
    Security,
    /// Insults, slurs, profanity and degrading or harassing words about people
    /// or groups.
    Offensive,
    /// Threats, spelled out or veiled, and violent language.
    Threat,
    /// Hearsay, gossip and unchecked claims presented as fact.
    Rumor,
    /// Quarrels between employees and elected officials aired in public, or
    /// running down the city, the employer or colleagues.
    Dispute,
    /// Shouting in capitals, piles of exclamation marks, a heated reply.
    Tone,
    /// A personal opinion on city or work matters that never says it is the
    /// writer's own.
    Disclaimer,
    /// A post about the city lacking `#KokkolaKarleby` or `#BredareHorisont`.
    Hashtags,
    /// A reply to a resident that should point to the official feedback channel
    /// (kartta.kokkola.fi/eFeedback) or the right recipient.
    Feedback,
}

impl Category {
    pub const ALL: [Category; 11] = [
        Category::PersonalData,
        Category::Confidential,
        Category::Security,
        Category::Offensive,
        Category::Threat,
        Category::Rumor,
        Category::Dispute,
        Category::Tone,
        Category::Disclaimer,
        Category::Hashtags,
        Category::Feedback,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Category::PersonalData => "personal-data",
            Category::Confidential => "confidential",
            Category::Security => "security",
            Category::Offensive => "offensive",
            Category::Threat => "threat",
            Category::Rumor => "rumor",
            Category::Dispute => "dispute",
            Category::Tone => "tone",
            Category::Disclaimer => "disclaimer",
            Category::Hashtags => "hashtags",
            Category::Feedback => "feedback",
        }
    }

    pub fn from_id(id: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.id() == id)
    }

    /// Fixed by the specification, not by the rule pack: an organisation may
    /// add rules to a category but not change what the category weighs.
    pub fn severity(self) -> Severity {
        match self {
            Category::PersonalData
            | Category::Confidential
            | Category::Security
            | Category::Offensive
            | Category::Threat => Severity::Risk,
            Category::Rumor | Category::Dispute | Category::Tone => Severity::Caution,
            Category::Disclaimer | Category::Hashtags | Category::Feedback => Severity::Suggestion,
        }
    }
}

/// A language of a post, or of the user interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Fi,
    Sv,
    En,
    /// Undetermined: too short or not one of the three.
    Und,
}

impl Lang {
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Fi => "fi",
            Lang::Sv => "sv",
            Lang::En => "en",
            Lang::Und => "und",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "fi" => Some(Lang::Fi),
            "sv" => Some(Lang::Sv),
            "en" => Some(Lang::En),
            "und" => Some(Lang::Und),
            _ => None,
        }
    }
}

/// The language a rule is written for: one of the three, or any language.
/// (A post's language is a [`Lang`], which may be undetermined.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RuleLang {
    Fi,
    Sv,
    En,
    /// The rule's words are not of one language (identifiers, tone).
    Any,
}

impl RuleLang {
    /// As written in a rule's `lang` field: `fi`, `sv`, `en` or `any`.
    pub fn parse(s: &str) -> Option<RuleLang> {
        match s {
            "fi" => Some(RuleLang::Fi),
            "sv" => Some(RuleLang::Sv),
            "en" => Some(RuleLang::En),
            "any" => Some(RuleLang::Any),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RuleLang::Fi => "fi",
            RuleLang::Sv => "sv",
            RuleLang::En => "en",
            RuleLang::Any => "any",
        }
    }
}

/// The interface languages. A post may be `und`; the interface never is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Locale {
    #[default]
    Sv,
    Fi,
    En,
}

impl Locale {
    pub fn parse(s: &str) -> Option<Locale> {
        // Accept browser tags such as "fi-FI" or "sv_SE" too.
        let base = s.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        match base.as_str() {
            "sv" => Some(Locale::Sv),
            "fi" => Some(Locale::Fi),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Locale::Sv => "sv",
            Locale::Fi => "fi",
            Locale::En => "en",
        }
    }

    pub fn of_lang(lang: Lang) -> Option<Locale> {
        match lang {
            Lang::Fi => Some(Locale::Fi),
            Lang::Sv => Some(Locale::Sv),
            Lang::En => Some(Locale::En),
            Lang::Und => None,
        }
    }
}

/// A text in the three product languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Texts {
    pub sv: String,
    pub fi: String,
    pub en: String,
}

impl Texts {
    pub fn get(&self, locale: Locale) -> &str {
        match locale {
            Locale::Sv => &self.sv,
            Locale::Fi => &self.fi,
            Locale::En => &self.en,
        }
    }
}

/// A ready fix: insert `text` at UTF-16 offset `at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub at: usize,
    pub text: String,
}

/// Why a learned head reported a passage: how sure it is and the words of
/// the passage whose weights pushed its score up the most.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// The head's probability for the passage, 0–1.
    pub score: f32,
    /// Strongest first, as written in the post.
    pub words: Vec<String>,
}

/// One passage that risks breaking the guideline (or a suggestion).
/// Offsets are UTF-16 code units, `end` exclusive, as the browser counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub category: Category,
    pub severity: Severity,
    pub rule: String,
    pub start: usize,
    pub end: usize,
    pub message: String,
    /// The title of the guideline section, in the interface language.
    pub section: String,
    /// The stable id of that section (for links into the guideline cards).
    pub section_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
    /// Present on a learned head's finding (`rule` is `<category>/model`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Explanation>,
}

impl Finding {
    /// `start..end` as a span (UTF-16 code units of the text as typed).
    pub fn span(&self) -> Utf16Span {
        Utf16Span { start: self.start, end: self.end }
    }
}

/// The result of analysing one post.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    pub language: Lang,
    pub findings: Vec<Finding>,
}
