//! Scores the engine on the team's labelled corpus (`tests/corpus/*.toml`):
//! per category precision and recall over posts, and the share of clean posts
//! that get a risk or caution finding. Prints the table; fails below the bar.
//!
//! The corpus is the held-out evaluation set: rules are written from the
//! category definitions, not fitted to these posts.

use guidepost::{Category, Engine, Locale, Severity};
use serde::Deserialize;
use std::collections::BTreeSet;

#[derive(Deserialize)]
struct Corpus {
    post: Vec<Post>,
}

#[derive(Deserialize)]
struct Post {
    id: String,
    lang: String,
    text: String,
    expect: Vec<String>,
    #[serde(default)]
    #[allow(dead_code)]
    note: String,
}

const MIN_PRECISION: f64 = 0.9;
const MIN_RECALL: f64 = 0.9;
const MAX_CLEAN_ALARM_RATE: f64 = 0.03;

fn load(dir: &str) -> Vec<Post> {
    let mut posts = Vec::new();
    for lang in ["fi", "sv", "en"] {
        let path = format!("{}/tests/{dir}/{lang}.toml", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let corpus: Corpus = toml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        posts.extend(corpus.post);
    }
    posts
}

/// The team's corpus: the bar of the core issue.
#[test]
fn corpus_precision_recall_and_clean_rate() {
    let posts = load("corpus");
    assert!(posts.len() >= 200, "the corpus must hold at least 200 posts, has {}", posts.len());
    let score = score("corpus", &posts);
    assert!(score.failures.is_empty(), "{}", score.failures.join("\n"));
}

/// A second set, written later by someone who saw neither the rules nor the
/// first corpus, and never used to tune the rules: it estimates how the pack
/// generalises. Its table is printed and reported in the notes, not gated:
/// a bar chosen after seeing its figures would measure nothing. What is
/// asserted is that it is a usable test set.
#[test]
fn holdout_generalisation() {
    let posts = load("holdout");
    assert!(posts.len() >= 100, "the holdout set must hold at least 100 posts, has {}", posts.len());
    let clean = posts.iter().filter(|p| p.expect.iter().all(|c| Category::from_id(c).is_some_and(|c| c.severity() == Severity::Suggestion))).count();
    assert!(clean * 100 >= posts.len() * 40, "at least 40 % clean posts, has {clean}");
    let score = score("holdout", &posts);
    println!(
        "holdout below the corpus bar (reported, not failing): clean-post alarm rate {:.1} %\n{}",
        score.clean_alarm_rate * 100.0,
        score.failures.join("\n")
    );
}

struct Score {
    /// What falls below the bar, then the posts scored wrong.
    failures: Vec<String>,
    /// Share of clean posts that got a risk or caution finding.
    clean_alarm_rate: f64,
}

/// Prints the per-category table for `posts` and scores them against the bar.
fn score(name: &str, posts: &[Post]) -> Score {
    let engine = Engine::builtin();

    let mut tp = [0usize; 11];
    let mut fp = [0usize; 11];
    let mut fn_ = [0usize; 11];
    let mut clean = 0;
    let mut clean_alarms = Vec::new();
    let mut mistakes = Vec::new();
    let mut lang_right = 0;
    for post in posts {
        let expected: BTreeSet<Category> = post
            .expect
            .iter()
            .map(|c| Category::from_id(c).unwrap_or_else(|| panic!("{}: unknown category {c}", post.id)))
            .collect();
        let analysis = engine.analyze(&post.text, Locale::En);
        lang_right += usize::from(analysis.language.as_str() == post.lang);
        let found: BTreeSet<Category> = analysis.findings.iter().map(|f| f.category).collect();
        for (i, c) in Category::ALL.iter().enumerate() {
            match (expected.contains(c), found.contains(c)) {
                (true, true) => tp[i] += 1,
                (false, true) => {
                    fp[i] += 1;
                    let rules: Vec<_> = analysis.findings.iter().filter(|f| f.category == *c).map(|f| f.rule.as_str()).collect();
                    mistakes.push(format!("{}: false {} ({})", post.id, c.id(), rules.join(", ")));
                }
                (true, false) => {
                    fn_[i] += 1;
                    mistakes.push(format!("{}: missed {}", post.id, c.id()));
                }
                (false, false) => {}
            }
        }
        if expected.iter().all(|c| c.severity() == Severity::Suggestion) {
            clean += 1;
            if analysis.findings.iter().any(|f| f.severity != Severity::Suggestion) {
                clean_alarms.push(post.id.clone());
            }
        }
    }

    let mut failures = Vec::new();
    println!("\n{name}: {} posts", posts.len());
    println!("{:<14} {:>5} {:>4} {:>4} {:>4} {:>9} {:>7}", "category", "posts", "tp", "fp", "fn", "precision", "recall");
    for (i, c) in Category::ALL.iter().enumerate() {
        let support = tp[i] + fn_[i];
        let precision = if tp[i] + fp[i] == 0 { 1.0 } else { tp[i] as f64 / (tp[i] + fp[i]) as f64 };
        let recall = if support == 0 { 1.0 } else { tp[i] as f64 / support as f64 };
        println!("{:<14} {:>5} {:>4} {:>4} {:>4} {:>9.3} {:>7.3}", c.id(), support, tp[i], fp[i], fn_[i], precision, recall);
        if support == 0 {
            failures.push(format!("{}: no labelled post in the corpus", c.id()));
        }
        if precision < MIN_PRECISION {
            failures.push(format!("{}: precision {precision:.3} < {MIN_PRECISION}", c.id()));
        }
        if recall < MIN_RECALL {
            failures.push(format!("{}: recall {recall:.3} < {MIN_RECALL}", c.id()));
        }
    }
    let rate = clean_alarms.len() as f64 / clean.max(1) as f64;
    println!(
        "clean posts: {clean} of {}; with a risk or caution finding: {} ({:.1} %) {}",
        posts.len(),
        clean_alarms.len(),
        rate * 100.0,
        clean_alarms.join(" ")
    );
    println!("language detected right: {lang_right} of {}", posts.len());
    if rate > MAX_CLEAN_ALARM_RATE {
        failures.push(format!("clean posts with risk/caution: {:.1} % > {:.0} %", rate * 100.0, MAX_CLEAN_ALARM_RATE * 100.0));
    }
    if !failures.is_empty() {
        failures.push(format!("\nposts scored wrong:\n{}", mistakes.join("\n")));
    }
    Score { failures, clean_alarm_rate: rate }
}
