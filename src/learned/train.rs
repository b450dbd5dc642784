//! The trainer behind `./build.sh train`: logistic regression per head over
//! the features of [`super::features`] (extracted by the engine itself, so
//! training and checking see the same features), then int8 quantisation and
//! thresholds calibrated on a development split. Deterministic: a fixed seed
//! orders the examples, and the same data gives the same bytes.
//!
//! Units are sentences. A sentence is a positive example for a head when its
//! post carries the category and the labelled span overlaps the sentence;
//! the post's other sentences are negatives for that head, which is what
//! teaches a head to find the one risky sentence in a long post. A labelled
//! post without a span trains its head only when it has a single sentence
//! (and, for `hashtags`, which is about the post as a whole, with every
//! sentence).

// Heads, posts and thresholds are columns of one matrix here: index loops
// say which column is meant more plainly than zipped iterators.
#![allow(clippy::needless_range_loop)]

mod calibrate;

use super::features::DIM;
use super::weights::{encode, HeadParams, Weights};
use crate::engine::{Engine, Featurized};
use crate::model::{Category, Severity};
use calibrate::{best_hit, best_of, calibrate, calibrate_vetoes, post_scores, rule_flags, sentence_scores};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The training posts the team wrote (every file of the folder).
pub const TRAIN_DIR: &str = "learned/data";
/// Labelled sets that only calibrate: the first corpus and holdout v1.
/// Holdout v2 (`tests/holdout-v2`) is never read here.
pub const DEV_DIRS: [&str; 2] = ["tests/corpus", "tests/holdout"];
/// Where a run writes.
pub const WEIGHTS_FILE: &str = "learned/weights.bin";
pub const GOLDEN_POSTS: &str = "learned/golden-posts.txt";
pub const GOLDEN_FILE: &str = "learned/golden.json";

/// The scores the committed weights give the golden posts (`learned/golden.json`).
#[derive(Debug, Serialize, Deserialize)]
pub struct Golden {
    pub posts: Vec<GoldenPost>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct GoldenPost {
    pub text: String,
    /// Per category id: the highest sentence score (log-odds).
    pub scores: BTreeMap<String, f32>,
}

/// The rule pack's own examples as training posts: a rule's `flag` texts are
/// positives of its category (the other categories unknown), its `clean`
/// texts are clean posts (suggestions unknown).
pub fn rule_examples(engine: &Engine) -> Vec<Example> {
    let mut out = Vec::new();
    let suggestions: u16 = Category::ALL
        .iter()
        .enumerate()
        .filter(|(_, c)| c.severity() == Severity::Suggestion)
        .map(|(i, _)| 1u16 << i)
        .sum();
    for rule in engine.rules().iter().filter(|r| r.builtin) {
        let bit = category_bit(rule.category);
        for (k, text) in rule.source.flag.iter().enumerate() {
            out.push(Example {
                id: format!("{}#flag{k}", rule.id),
                lang: rule.lang.as_str().into(),
                text: text.clone(),
                expect: vec![rule.category.id().into()],
                spans: BTreeMap::new(),
                note: String::new(),
                known: bit,
                rule_example: true,
            });
        }
        for (k, text) in rule.source.clean.iter().enumerate() {
            out.push(Example {
                id: format!("{}#clean{k}", rule.id),
                lang: rule.lang.as_str().into(),
                text: text.clone(),
                expect: Vec::new(),
                spans: BTreeMap::new(),
                note: String::new(),
                known: !suggestions,
                rule_example: true,
            });
        }
    }
    out
}

/// A whole run as `./build.sh train` does it, from the repository at `root`:
/// the weights file's bytes, the golden scores and the report.
pub fn default_run(root: &Path) -> Result<(Trained, Golden), String> {
    run(root, &Settings::default())
}

/// A run with other settings (`default_run` is the one that counts).
pub fn run(root: &Path, settings: &Settings) -> Result<(Trained, Golden), String> {
    let engine = Engine::builtin();
    let written = load_dir(&root.join(TRAIN_DIR))?;
    let (mut train_set, mut dev): (Vec<Example>, Vec<Example>) =
        written.into_iter().partition(|e| !is_dev(&e.id, settings.dev_every));
    for d in DEV_DIRS {
        dev.extend(load_dir(&root.join(d))?);
    }
    train_set.extend(rule_examples(&engine));
    let trained = train(&engine, &train_set, &dev, settings);
    let weights = Weights::parse(&trained.bytes)?;
    let texts = std::fs::read_to_string(root.join(GOLDEN_POSTS)).map_err(|e| format!("{GOLDEN_POSTS}: {e}"))?;
    let posts = texts
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|text| {
            let best = post_scores(&weights, &engine.featurize(text));
            let scores = weights
                .heads
                .iter()
                .zip(best)
                .map(|(h, s)| (Category::ALL[h.category as usize].id().to_string(), s))
                .collect();
            GoldenPost { text: text.to_string(), scores }
        })
        .collect();
    Ok((trained, Golden { posts }))
}

/// One labelled post, as the data files hold it.
#[derive(Debug, Clone, Deserialize)]
pub struct Example {
    pub id: String,
    pub lang: String,
    pub text: String,
    pub expect: Vec<String>,
    #[serde(default)]
    pub spans: BTreeMap<String, String>,
    #[serde(default)]
    pub note: String,
    /// Bit i set: the label of `Category::ALL[i]` is known (all, for posts
    /// of the data files; a rule's example speaks for its category only).
    #[serde(skip, default = "all_known")]
    pub known: u16,
    /// A rule's flag or clean text rather than a post of the data files.
    #[serde(skip)]
    pub rule_example: bool,
}

fn all_known() -> u16 {
    u16::MAX
}

#[derive(Deserialize)]
struct DataFile {
    post: Vec<Example>,
}

/// Reads one data file (TOML with `[[post]]` tables), naming the file and
/// post in any error: an unknown category or a span that is not in its text.
pub fn load_file(path: &std::path::Path) -> Result<Vec<Example>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let file: DataFile = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    for p in &file.post {
        for c in &p.expect {
            if Category::from_id(c).is_none() {
                return Err(format!("{}: {}: unknown category {c}", path.display(), p.id));
            }
        }
        for (c, span) in &p.spans {
            if !p.expect.contains(c) {
                return Err(format!("{}: {}: a span for {c}, which it does not expect", path.display(), p.id));
            }
            if !p.text.contains(span.as_str()) {
                return Err(format!("{}: {}: the span for {c} is not in the text", path.display(), p.id));
            }
        }
    }
    let mut posts = file.post;
    for p in &mut posts {
        p.known &= !unknown_labels(&p.expect);
    }
    Ok(posts)
}

/// The labels a post does not settle: findings.md leaves `hashtags` open on
/// a post that carries a risk ("either answer is fine there"), so such a
/// post neither trains nor scores the hashtags head.
pub fn unknown_labels(expect: &[String]) -> u16 {
    let risky = expect.iter().filter_map(|c| Category::from_id(c)).any(|c| c.severity() == Severity::Risk);
    if risky {
        category_bit(Category::Hashtags)
    } else {
        0
    }
}

/// Every `.toml` file of a folder, sorted by name, concatenated.
pub fn load_dir(dir: &std::path::Path) -> Result<Vec<Example>, String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut all = Vec::new();
    for f in files {
        all.extend(load_file(&f)?);
    }
    Ok(all)
}

/// Fixed settings of a run; `Settings::default()` is what `./build.sh train` uses.
#[derive(Debug, Clone)]
pub struct Settings {
    pub seed: u64,
    pub epochs: usize,
    pub learning_rate: f32,
    pub l2: f32,
    /// Cap on how much a positive sentence weighs against the negatives.
    pub max_positive_weight: f32,
    /// Share of `learned/data` held back for calibration (1 in `dev_every`).
    pub dev_every: u32,
    /// Target for clean posts with a risk or caution finding from the heads
    /// (all of them together), on the development split.
    pub clean_alarm_target: f64,
    /// Lowest precision a head's threshold may leave its category with, rules
    /// and head together, on the development split.
    pub min_precision: f64,
    /// How much a clean example of the rule pack weighs against a post of
    /// the data files.
    pub rule_clean_weight: f32,
    /// Most features kept in the weights (the size budget).
    pub max_entries: usize,
    /// Rank features for the budget by weight and use, not weight alone.
    pub prune_by_use: bool,
    /// Most share of the development posts a rule found rightly that a
    /// head's veto may cost it.
    pub veto_loss: f64,
    /// Honour the heads' `whole_post` (off: every head trains as if false).
    pub whole_post: bool,

    pub bucket_bits: u32,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            seed: 20261203,
            epochs: 10,
            learning_rate: 0.2,
            l2: 1e-6,
            max_positive_weight: 1.0,
            dev_every: 5,
            clean_alarm_target: 0.02,
            min_precision: 0.85,
            rule_clean_weight: 6.0,
            max_entries: 25_000,
            prune_by_use: true,
            whole_post: true,
            veto_loss: 0.0,
            bucket_bits: 12,
        }
    }
}

/// Which examples calibrate instead of train: a stable 1 in `every` of the
/// training files by id, decided by the id alone.
pub fn is_dev(id: &str, every: u32) -> bool {
    let mut h: u32 = 0x811c_9dc5;
    for b in id.bytes() {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h.is_multiple_of(every)
}

/// A post made ready: its features per sentence and what the rules found.
struct Prepared {
    featurized: Featurized,
    labels: u16,
    /// Bit i: the label of `Category::ALL[i]` is known ([`Example::known`]).
    known: u16,
    /// Per sentence, per category: Some(label) when the sentence trains that head.
    units: Vec<[Option<bool>; 11]>,

    /// How much its sentences weigh in training.
    weight: f32,
}

/// Per category (bit i: `Category::ALL[i]`): the categories its head
/// follows (`follows` in `learned/heads.toml`).
pub(super) fn follows_masks() -> Vec<u16> {
    let mut masks = vec![0u16; Category::ALL.len()];
    for def in crate::learned::builtin_heads() {
        if let Some(c) = Category::from_id(&def.category) {
            let i = Category::ALL.iter().position(|x| *x == c).unwrap();
            masks[i] = def.follows.iter().filter_map(|f| Category::from_id(f)).map(category_bit).fold(0, |a, b| a | b);
        }
    }
    masks
}

fn category_bit(c: Category) -> u16 {
    1 << Category::ALL.iter().position(|x| *x == c).unwrap()
}

fn prepare(engine: &Engine, e: &Example, rule_clean_weight: f32, whole_post: u16) -> Prepared {
    let featurized = engine.featurize(&e.text);
    let mut labels = 0u16;
    for c in &e.expect {
        labels |= category_bit(Category::from_id(c).unwrap());
    }
    let n = featurized.sentences.len();
    let mut units = vec![[None; 11]; n];
    for (ci, c) in Category::ALL.iter().enumerate() {
        let positive = labels & (1 << ci) != 0;
        let span = e.spans.get(c.id()).and_then(|s| e.text.find(s.as_str()).map(|at| (at, at + s.len())));
        for (si, s) in featurized.sentences.iter().enumerate() {
            units[si][ci] = if e.known & (1 << ci) == 0 {
                None
            } else if !positive {
                Some(false)
            } else if let Some((a, b)) = span {
                let inside = s.bytes.0 < b && a < s.bytes.1;
                if inside || whole_post & (1 << ci) == 0 {
                    Some(inside)
                } else {
                    None
                }
            } else if n == 1 || *c == Category::Hashtags {
                Some(true)
            } else {
                None
            };
        }
    }
    // The pack's clean examples are its authors' hardest negatives, and
    // every head must stay below them (the floors): they weigh more.
    let weight = if e.rule_example && e.expect.is_empty() { rule_clean_weight } else { 1.0 };
    Prepared { featurized, labels, known: e.known, units, weight }
}

/// A small deterministic generator (xorshift64*), so runs repeat exactly.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

/// What one run produced: the weights file, its report and where the
/// development split disagrees with the labels.
pub struct Trained {
    pub bytes: Vec<u8>,
    pub report: String,
    pub dev_errors: Vec<DevError>,
}

/// A development post that rules and heads together get wrong for one
/// category (`guidepost-train --errors <category>` lists them, for whoever
/// writes or relabels the data).
#[derive(Debug, Clone)]
pub struct DevError {
    pub id: String,
    pub category: Category,
    /// The label: true for a missed post, false for a false alarm.
    pub labelled: bool,
    /// Whether a rule of the category fired (false alarms only).
    pub by_rule: bool,
    pub score: f32,
    pub threshold: f32,
    pub text: String,
}

/// Trains every head on `train`, calibrates on `dev`, and returns the bytes
/// of `learned/weights.bin`.
pub fn train(engine: &Engine, train: &[Example], dev: &[Example], settings: &Settings) -> Trained {
    let heads: Vec<Category> = Category::ALL.to_vec();
    let h = heads.len();
    let whole_post: u16 = crate::learned::builtin_heads()
        .iter()
        .filter(|d| d.whole_post && settings.whole_post)
        .filter_map(|d| Category::from_id(&d.category))
        .map(category_bit)
        .sum();
    let prepared: Vec<Prepared> =
        train.iter().map(|e| prepare(engine, e, settings.rule_clean_weight, whole_post)).collect();
    let dev_prepared: Vec<Prepared> = dev.iter().map(|e| prepare(engine, e, 1.0, whole_post)).collect();

    // Units: (post, sentence). Class weights per head from the unit counts.
    let mut units: Vec<(u32, u32)> = Vec::new();
    let mut pos = vec![0f32; h];
    let mut neg = vec![0f32; h];
    for (pi, p) in prepared.iter().enumerate() {
        for (si, u) in p.units.iter().enumerate() {
            units.push((pi as u32, si as u32));
            for (ci, l) in u.iter().enumerate() {
                match l {
                    Some(true) => pos[ci] += 1.0,
                    Some(false) => neg[ci] += 1.0,
                    None => {}
                }
            }
        }
    }
    let pos_weight: Vec<f32> =
        (0..h).map(|c| (neg[c] / pos[c].max(1.0)).sqrt().clamp(1.0, settings.max_positive_weight)).collect();

    let mut w = vec![0f32; DIM * h];
    let mut g2 = vec![1e-6f32; DIM * h];
    let mut bias = vec![0f32; h];
    let mut bias_g2 = vec![1e-6f32; h];
    let mut rng = Rng(settings.seed);
    let lr = settings.learning_rate;
    let mut z = vec![0f32; h];
    let mut grad = vec![0f32; h];
    for _ in 0..settings.epochs {
        rng.shuffle(&mut units);
        for &(pi, si) in &units {
            let p = &prepared[pi as usize];
            let feats = &p.featurized.features[si as usize];
            let labels = &p.units[si as usize];
            z.copy_from_slice(&bias);
            for &(f, v) in feats {
                let row = &w[f as usize * h..f as usize * h + h];
                for c in 0..h {
                    z[c] += v * row[c];
                }
            }
            for c in 0..h {
                grad[c] = p.weight
                    * match labels[c] {
                        Some(true) => (sigmoid(z[c]) - 1.0) * pos_weight[c],
                        Some(false) => sigmoid(z[c]),
                        None => 0.0,
                    };
                bias_g2[c] += grad[c] * grad[c];
                bias[c] -= lr * grad[c] / bias_g2[c].sqrt();
            }
            for &(f, v) in feats {
                let base = f as usize * h;
                for c in 0..h {
                    if grad[c] == 0.0 {
                        continue;
                    }
                    let g = grad[c] * v + settings.l2 * w[base + c];
                    g2[base + c] += g * g;
                    w[base + c] -= lr * g / g2[base + c].sqrt();
                }
            }
        }
    }

    // Quantise: one scale per head; keep the features with any weight left,
    // the strongest first when over budget.
    let scales: Vec<f32> = (0..h)
        .map(|c| {
            let max = (0..DIM).map(|f| w[f * h + c].abs()).fold(0.0f32, f32::max);
            if max > 0.0 {
                max / 127.0
            } else {
                1.0
            }
        })
        .collect();
    // How many training sentences have each feature: with `prune_by_use`,
    // a feature's strength is its largest weight times the square root of
    // that, so a heavy weight learnt from one post does not push out a
    // lighter one that many posts share.
    let mut used = vec![0u32; if settings.prune_by_use { DIM } else { 0 }];
    if settings.prune_by_use {
        for p in &prepared {
            for feats in &p.featurized.features {
                for &(f, _) in feats {
                    used[f as usize] += 1;
                }
            }
        }
    }
    let mut entries: Vec<(u32, Vec<i8>, f32)> = Vec::new();
    for f in 0..DIM {
        let row: Vec<i8> = (0..h).map(|c| (w[f * h + c] / scales[c]).round().clamp(-127.0, 127.0) as i8).collect();
        if row.iter().any(|&q| q != 0) {
            let mut strength = row.iter().map(|&q| (q as f32).abs()).fold(0.0, f32::max);
            if settings.prune_by_use {
                strength *= (used[f] as f32).sqrt();
            }
            entries.push((f as u32, row, strength));
        }
    }
    let found = entries.len();
    if entries.len() > settings.max_entries {
        entries.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
        entries.truncate(settings.max_entries);
    }
    let entries: Vec<(u32, Vec<i8>)> = entries.into_iter().map(|(f, r, _)| (f, r)).collect();
    let mut params: Vec<HeadParams> = heads
        .iter()
        .enumerate()
        .map(|(c, _)| HeadParams {
            category: c as u8,
            bias: bias[c],
            scale: scales[c],
            threshold: f32::INFINITY,
            strict: f32::INFINITY,
            relaxed: f32::INFINITY,
            veto: f32::NEG_INFINITY,
        })
        .collect();

    // Calibrate on the development split with the quantised weights, scored
    // the way the engine scores.
    let draft = encode(&params, settings.bucket_bits, &entries);
    let weights = Weights::parse(&draft).expect("the trainer writes its own layout");
    let dev_sentence_scores: Vec<Vec<Vec<f32>>> =
        dev_prepared.iter().map(|p| sentence_scores(&weights, &p.featurized)).collect();
    let dev_scores: Vec<Vec<f32>> = dev_sentence_scores.iter().map(|s| best_of(s, h)).collect();
    // The rule pack's clean examples must stay clean posts under every rule
    // and head (tests/rule_examples.rs): no risk or caution head may report
    // at a score one of them reaches.
    let mut floors = vec![f32::NEG_INFINITY; h];
    let mut floor_ids = vec![String::new(); h];
    for (e, p) in train.iter().zip(&prepared) {
        if e.rule_example && e.expect.is_empty() {
            for (c, s) in post_scores(&weights, &p.featurized).into_iter().enumerate() {
                if Category::ALL[c].severity() != Severity::Suggestion && s > floors[c] {
                    floors[c] = s;
                    floor_ids[c] = e.id.clone();
                }
            }
        }
    }
    // A head never overrules the rule pack on the pack's own flag examples:
    // its veto line stays at or below what it scores on each of them.
    let mut ceilings = vec![f32::INFINITY; h];
    for (e, p) in train.iter().zip(&prepared) {
        if e.rule_example && !e.expect.is_empty() {
            let s = sentence_scores(&weights, &p.featurized);
            for c in 0..h {
                let kept = best_hit(&p.featurized, &s, c);
                if kept.is_finite() {
                    ceilings[c] = ceilings[c].min(kept);
                }
            }
        }
    }
    let mut report = String::new();
    let vetoes = calibrate_vetoes(&dev_prepared, &dev_sentence_scores, &ceilings, settings.veto_loss);
    let thresholds =
        calibrate(&dev_prepared, &dev_sentence_scores, &dev_scores, &vetoes, &floors, settings, &mut report);
    for (c, p) in params.iter_mut().enumerate() {
        p.threshold = thresholds[c];
        p.strict = thresholds[c] - 1.0;
        p.relaxed = thresholds[c] + 1.0;
        p.veto = vetoes[c];
    }
    // The heads alone on their own training posts at the same thresholds:
    // far above the development split means over-fitting, close to it
    // means the features cannot tell more.
    let mut fit = String::from("heads alone on the training posts (F1 at the threshold):");
    for c in 0..h {
        let (mut tp, mut fp, mut fn_) = (0.0f64, 0.0, 0.0);
        for (e, p) in train.iter().zip(&prepared) {
            if e.rule_example || p.known & (1 << c) == 0 || p.featurized.gated[c] {
                continue;
            }
            let s = post_scores(&weights, &p.featurized)[c];
            match (p.labels & (1 << c) != 0, s >= thresholds[c]) {
                (true, true) => tp += 1.0,
                (false, true) => fp += 1.0,
                (true, false) => fn_ += 1.0,
                _ => {}
            }
        }
        let f1 = if tp == 0.0 { 0.0 } else { 2.0 * tp / (2.0 * tp + fp + fn_) };
        fit.push_str(&format!(" {} {f1:.2}", Category::ALL[c].id()));
    }
    report.push_str(&fit);
    report.push('\n');
    for (c, id) in floor_ids.iter().enumerate().filter(|(_, id)| !id.is_empty()) {
        report.push_str(&format!("floor of {}: {id}\n", Category::ALL[c].id()));
    }
    let bytes = encode(&params, settings.bucket_bits, &entries);
    let mut dev_errors = Vec::new();
    for (i, (e, p)) in dev.iter().zip(&dev_prepared).enumerate() {
        let s = &dev_scores[i];
        for (c, category) in Category::ALL.iter().enumerate() {
            let by_rule = rule_flags(&p.featurized, &dev_sentence_scores[i], c, vetoes[c]);
            let flagged = by_rule || (!p.featurized.gated[c] && s[c] >= thresholds[c]);
            let labelled = p.labels & (1 << c) != 0;
            if flagged != labelled {
                dev_errors.push(DevError {
                    id: e.id.clone(),
                    category: *category,
                    labelled,
                    by_rule,
                    score: s[c],
                    threshold: thresholds[c],
                    text: e.text.clone(),
                });
            }
        }
    }
    report = format!(
        "trained on {} posts ({} sentences), calibrated on {} posts; {} features with a weight, {} kept; {} bytes\n{report}",
        train.len(),
        units.len(),
        dev.len(),
        found,
        entries.len(),
        bytes.len()
    );
    Trained { bytes, report, dev_errors }
}

impl Settings {
    /// Applies `name=value,…` overrides (for trying settings from the
    /// command line; the committed weights always come from the defaults).
    pub fn with_overrides(mut self, spec: &str) -> Result<Settings, String> {
        for part in spec.split(',').filter(|p| !p.trim().is_empty()) {
            let (name, value) = part.split_once('=').ok_or_else(|| format!("\"{part}\" is not name=value"))?;
            let bad = |e: &dyn std::fmt::Display| format!("{name}: {e}");
            match name.trim() {
                "seed" => self.seed = value.parse().map_err(|e| bad(&e))?,
                "epochs" => self.epochs = value.parse().map_err(|e| bad(&e))?,
                "learning_rate" => self.learning_rate = value.parse().map_err(|e| bad(&e))?,
                "l2" => self.l2 = value.parse().map_err(|e| bad(&e))?,
                "max_positive_weight" => self.max_positive_weight = value.parse().map_err(|e| bad(&e))?,
                "clean_alarm_target" => self.clean_alarm_target = value.parse().map_err(|e| bad(&e))?,
                "min_precision" => self.min_precision = value.parse().map_err(|e| bad(&e))?,
                "max_entries" => self.max_entries = value.parse().map_err(|e| bad(&e))?,
                "veto_loss" => self.veto_loss = value.parse().map_err(|e| bad(&e))?,
                "whole_post" => self.whole_post = value.parse().map_err(|e| bad(&e))?,
                "prune_by_use" => self.prune_by_use = value.parse().map_err(|e| bad(&e))?,
                "rule_clean_weight" => self.rule_clean_weight = value.parse().map_err(|e| bad(&e))?,
                other => return Err(format!("unknown setting {other}")),
            }
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashtags_are_left_open_on_a_risky_post_only() {
        let labels = |v: &[&str]| unknown_labels(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        let hashtags = category_bit(Category::Hashtags);
        assert_eq!(labels(&["threat", "hashtags"]), hashtags);
        assert_eq!(labels(&["personal-data"]), hashtags);
        assert_eq!(labels(&["dispute", "disclaimer", "hashtags"]), 0, "cautions settle hashtags");
        assert_eq!(labels(&[]), 0);
    }
}
