//! Every rule of the pack carries texts it must flag and texts it must leave
//! alone. This runs them all.

use guidepost::{Engine, Locale, Severity};

#[test]
fn every_rule_flags_its_examples_and_spares_its_clean_ones() {
    let engine = Engine::builtin();
    let failures: Vec<String> = engine
        .rules()
        .iter()
        .filter_map(|r| engine.example_problem(r).map(|(field, problem)| format!("{}: {field}: {problem}", r.id)))
        .collect();
    assert!(failures.is_empty(), "{} rule examples fail:\n{}", failures.len(), failures.join("\n"));
}

/// A clean example is a clean post: no rule of any category may raise a risk
/// or a caution on it (suggestions are allowed).
#[test]
fn clean_examples_are_clean_posts() {
    let engine = Engine::builtin();
    let mut failures = Vec::new();
    for rule in engine.rules() {
        for text in &rule.source.clean {
            for f in engine.analyze(text, Locale::En).findings {
                if f.severity != Severity::Suggestion {
                    failures.push(format!("{}: clean example \"{text}\" gets {}", rule.id, f.rule));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_category_has_rules_in_every_language() {
    let engine = Engine::builtin();
    for category in guidepost::Category::ALL {
        for lang in ["fi", "sv", "en"] {
            let covered = engine
                .rules()
                .iter()
                .any(|r| r.category == category && (r.lang.as_str() == lang || r.lang == guidepost::RuleLang::Any));
            assert!(covered, "no rule for {} in {lang}", category.id());
        }
    }
}
