//! Guidepost: checks a social-media post against the City of Karleby's
//! social-media guideline and says which passages risk breaking it.
//!
//! ```
//! use guidepost::{Engine, Locale};
//! let engine = Engine::builtin();
//! let analysis = engine.analyze("Kuulin, että kirjasto suljetaan.", Locale::Fi);
//! assert_eq!(analysis.language.as_str(), "fi");
//! ```

pub mod config;
pub mod engine;
mod fold;
pub mod guide;
pub mod identifiers;
pub mod language;
pub mod learned;
pub mod matcher;
pub mod model;
pub mod normalize;
pub mod pack;
pub mod pattern;
pub mod span;
pub mod text;
pub mod tone;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use config::ConfigError;
pub use engine::{Engine, Memo, Rule};
pub use model::{Analysis, Category, Explanation, Finding, Fix, Lang, Locale, RuleLang, Severity};
