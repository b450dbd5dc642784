//! Scoring the calibration posts and calibrating on them: each head's veto
//! line and threshold, from the quantised weights, scored the way the engine
//! scores (one sentence at a time, a post by its best sentence).

use super::{Prepared, Settings};
use crate::engine::{Featurized, RuleSentences};
use crate::learned::weights::Weights;
use crate::model::{Category, Severity};

/// Every sentence's score in every column, for one post.
pub(super) fn sentence_scores(weights: &Weights, f: &Featurized) -> Vec<Vec<f32>> {
    let h = weights.heads.len();
    f.features
        .iter()
        .map(|feats| {
            let mut sums = vec![0f32; h];
            for &(i, v) in feats {
                weights.add_row(i, v, &mut sums);
            }
            (0..h).map(|c| weights.heads[c].bias + weights.heads[c].scale * sums[c]).collect()
        })
        .collect()
}

/// The highest sentence score of each of `h` columns.
pub(super) fn best_of(sentences: &[Vec<f32>], h: usize) -> Vec<f32> {
    (0..h).map(|c| sentences.iter().map(|s| s[c]).fold(f32::NEG_INFINITY, f32::max)).collect()
}

/// The highest sentence score of each column, for one post.
pub(super) fn post_scores(weights: &Weights, f: &Featurized) -> Vec<f32> {
    best_of(&sentence_scores(weights, f), weights.heads.len())
}

/// What column `c` scores a rule finding at: its best sentence, or +∞ for
/// a finding its head may not overrule (as the engine's learned stage).
pub(super) fn hit_score(sentences: &[Vec<f32>], r: &RuleSentences, c: usize) -> f32 {
    if !r.vetoable {
        return f32::INFINITY;
    }
    (r.sentences.0..r.sentences.1).map(|s| sentences[s][c]).fold(f32::NEG_INFINITY, f32::max)
}

/// The best score among the post's rule findings of category `c` (what a
/// veto line must stay at or below for the post to stay flagged); −∞ when
/// there are none, +∞ when one may not be overruled.
pub(super) fn best_hit(f: &Featurized, sentences: &[Vec<f32>], c: usize) -> f32 {
    f.rule_hits
        .iter()
        .filter(|r| r.category as usize == c)
        .map(|r| hit_score(sentences, r, c))
        .fold(f32::NEG_INFINITY, f32::max)
}

/// Whether a rule of category `c` still flags the post with veto line `veto`.
pub(super) fn rule_flags(f: &Featurized, sentences: &[Vec<f32>], c: usize, veto: f32) -> bool {
    f.rule_hits.iter().any(|r| r.category as usize == c && hit_score(sentences, r, c) >= veto)
}

/// F1 from counts (0 without a true positive).
pub(super) fn f1_from(tp: f64, fp: f64, fn_: f64) -> f64 {
    if tp == 0.0 {
        0.0
    } else {
        2.0 * tp / (2.0 * tp + fp + fn_)
    }
}

/// True positives, false positives and false negatives of (labelled, flagged) pairs.
fn counts_of(outcomes: impl Iterator<Item = (bool, bool)>) -> (f64, f64, f64) {
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for outcome in outcomes {
        match outcome {
            (true, true) => tp += 1.0,
            (false, true) => fp += 1.0,
            (true, false) => fn_ += 1.0,
            _ => {}
        }
    }
    (tp, fp, fn_)
}

/// F1 over (labelled, flagged) pairs.
pub(super) fn f1_of(outcomes: impl Iterator<Item = (bool, bool)>) -> f64 {
    let (tp, fp, fn_) = counts_of(outcomes);
    f1_from(tp, fp, fn_)
}

/// Per head with vetoable rules, the veto line that gives its category's
/// rules the best F1 on the development posts (the head's own findings
/// left out), at most `ceilings` and costing the rules at most `veto_loss`
/// of the posts they found rightly there; −∞ (no veto) unless a line does
/// better. Lines lie
/// halfway between the scores of neighbouring findings.
pub(super) fn calibrate_vetoes(
    dev: &[&Prepared],
    sentences: &[Vec<Vec<f32>>],
    ceilings: &[f32],
    veto_loss: f64,
) -> Vec<f32> {
    let h = Category::ALL.len();
    let mut vetoes = vec![f32::NEG_INFINITY; h];
    for c in 0..h {
        // What the rules rightly found on the development posts, by their
        // best hit's score: the line stays below all but the lowest
        // `veto_loss` share of them.
        let mut found: Vec<f32> = dev
            .iter()
            .enumerate()
            .filter(|(_, d)| d.labels & (1 << c) != 0)
            .map(|(p, d)| best_hit(&d.featurized, &sentences[p], c))
            .filter(|s| s.is_finite())
            .collect();
        found.sort_by(f32::total_cmp);
        let spared = (veto_loss * found.len() as f64).floor() as usize;
        let ceiling = found.get(spared).map_or(ceilings[c], |&s| s.min(ceilings[c]));
        let f1 = |v: f32| -> f64 {
            f1_of(
                dev.iter()
                    .enumerate()
                    .map(|(p, d)| (d.labels & (1 << c) != 0, rule_flags(&d.featurized, &sentences[p], c, v))),
            )
        };
        let mut hit_scores: Vec<f32> = dev
            .iter()
            .enumerate()
            .flat_map(|(p, d)| {
                d.featurized
                    .rule_hits
                    .iter()
                    .filter(|r| r.category as usize == c)
                    .map(move |r| hit_score(&sentences[p], r, c))
            })
            .filter(|s| s.is_finite())
            .collect();
        hit_scores.sort_by(f32::total_cmp);
        hit_scores.dedup();
        let mut best = (f1(f32::NEG_INFINITY), f32::NEG_INFINITY);
        for pair in hit_scores.windows(2) {
            let line = (pair[0] + pair[1]) / 2.0;
            if line > ceiling {
                break;
            }
            let f = f1(line);
            if f > best.0 + 1e-9 {
                best = (f, line);
            }
        }
        vetoes[c] = best.1;
    }
    vetoes
}

/// How rules and heads together flag the calibration posts, as the engine
/// flags: a rule past its veto, the head at its threshold, or (where the
/// post does not settle it) a category the head follows being flagged.
struct Flags<'a> {
    dev: &'a [&'a Prepared],
    scores: &'a [Vec<f32>],
    /// Per post, bit c: a rule of category c flags it.
    ruled: Vec<u16>,
    follows: Vec<u16>,
}

impl<'a> Flags<'a> {
    fn new(dev: &'a [&'a Prepared], sentences: &[Vec<Vec<f32>>], scores: &'a [Vec<f32>], vetoes: &[f32]) -> Self {
        let h = Category::ALL.len();
        let ruled = (0..dev.len())
            .map(|p| {
                (0..h).filter(|&c| rule_flags(&dev[p].featurized, &sentences[p], c, vetoes[c])).map(|c| 1u16 << c).sum()
            })
            .collect();
        Flags { dev, scores, ruled, follows: super::follows_masks() }
    }

    /// Flagged by a rule or by the head itself.
    fn direct(&self, c: usize, p: usize, t: &[f32]) -> bool {
        self.ruled[p] & (1 << c) != 0 || (!self.dev[p].featurized.gated[c] && self.scores[p][c] >= t[c])
    }

    /// Flagged at all, following included.
    fn flagged(&self, c: usize, p: usize, t: &[f32]) -> bool {
        self.direct(c, p, t)
            || (!self.dev[p].featurized.gated[c]
                && (0..Category::ALL.len()).any(|d| self.follows[c] & (1 << d) != 0 && self.direct(d, p, t)))
    }

    /// True positives, false positives and false negatives of category `c`
    /// over the posts whose label of `c` is known.
    fn counts(&self, c: usize, t: &[f32]) -> (f64, f64, f64) {
        counts_of(
            (0..self.dev.len())
                .filter(|&p| self.dev[p].known & (1 << c) != 0)
                .map(|p| (self.dev[p].labels & (1 << c) != 0, self.flagged(c, p, t))),
        )
    }

    fn f1(&self, c: usize, t: &[f32]) -> f64 {
        let (tp, fp, fn_) = self.counts(c, t);
        f1_from(tp, fp, fn_)
    }
}

/// Every category's F1, rules and heads together, at thresholds `t`.
pub(super) fn category_f1s(
    dev: &[&Prepared],
    sentences: &[Vec<Vec<f32>>],
    scores: &[Vec<f32>],
    vetoes: &[f32],
    t: &[f32],
) -> Vec<f64> {
    let flags = Flags::new(dev, sentences, scores, vetoes);
    (0..Category::ALL.len()).map(|c| flags.f1(c, t)).collect()
}

/// Every category's true positives, false positives and false negatives,
/// rules and heads together, at thresholds `t` (to pool several runs).
pub(super) fn category_counts(
    dev: &[&Prepared],
    sentences: &[Vec<Vec<f32>>],
    scores: &[Vec<f32>],
    vetoes: &[f32],
    t: &[f32],
) -> Vec<(f64, f64, f64)> {
    let flags = Flags::new(dev, sentences, scores, vetoes);
    (0..Category::ALL.len()).map(|c| flags.counts(c, t)).collect()
}

/// Clean posts (no risk or caution label) that rules or heads give a risk or
/// caution finding at thresholds `t`, and how many clean posts there are.
pub(super) fn clean_alarms(
    dev: &[&Prepared],
    sentences: &[Vec<Vec<f32>>],
    scores: &[Vec<f32>],
    vetoes: &[f32],
    t: &[f32],
) -> (usize, usize) {
    let flags = Flags::new(dev, sentences, scores, vetoes);
    let risky: Vec<usize> =
        (0..Category::ALL.len()).filter(|&c| Category::ALL[c].severity() != Severity::Suggestion).collect();
    let clean: Vec<usize> = (0..dev.len()).filter(|&p| risky.iter().all(|&c| dev[p].labels & (1 << c) == 0)).collect();
    let alarms = clean.iter().filter(|&&p| risky.iter().any(|&c| flags.flagged(c, p, t))).count();
    (alarms, clean.len())
}

/// Per head, the threshold with the best F1 of rules and head together on
/// the calibration posts among those that keep precision at
/// its severity's minimum precision and lie above `floors`; then, while clean posts get too many risk or
/// caution findings, the head that loses least F1 per alarm removed moves up.
pub(super) fn calibrate(
    dev: &[&Prepared],
    sentences: &[Vec<Vec<f32>>],
    scores: &[Vec<f32>],
    vetoes: &[f32],
    floors: &[f32],
    settings: &Settings,
    report: &mut String,
) -> Vec<f32> {
    let h = Category::ALL.len();
    let flags = Flags::new(dev, sentences, scores, vetoes);
    let flagged = |c: usize, p: usize, t: &[f32]| flags.flagged(c, p, t);
    let f1 = |c: usize, t: &[f32]| flags.f1(c, t);
    // A threshold is only worth having when the category stays precise at
    // its severity's minimum: by its rules and head together, or, with
    // `added_precision`, by what the head adds to its rules (the posts it
    // flags that no rule of the category does), so rules that fall short
    // of the minimum on their own do not mute the head. What a head follows
    // answers for its own precision.
    let precise = |c: usize, t: &[f32]| -> bool {
        let (mut tp, mut fp) = (0.0, 0.0);
        for p in (0..dev.len()).filter(|&p| dev[p].known & (1 << c) != 0) {
            let counted = if settings.added_precision { flags.ruled[p] & (1 << c) == 0 } else { true };
            if counted && flags.direct(c, p, t) {
                if dev[p].labels & (1 << c) != 0 {
                    tp += 1.0;
                } else {
                    fp += 1.0;
                }
            }
        }
        tp + fp == 0.0 || tp / (tp + fp) >= settings.min_precision_of(Category::ALL[c])
    };
    // Thresholds strictly above the floor (the best score of a clean example).
    let candidates = |c: usize| -> Vec<f32> {
        let mut v: Vec<f32> = scores.iter().map(|s| s[c]).filter(|s| s.is_finite() && *s > floors[c]).collect();
        v.sort_by(f32::total_cmp);
        v.dedup();
        v.push(f32::INFINITY);
        v
    };
    // In category order, so a head that follows another is calibrated after
    // it (`follows` points back only: dispute before disclaimer).
    let mut t = vec![f32::INFINITY; h];
    for c in 0..h {
        let mut best = (f1(c, &t), f32::INFINITY);
        for cand in candidates(c) {
            let mut trial = t.clone();
            trial[c] = cand;
            let f = f1(c, &trial);
            if f > best.0 + 1e-9 && precise(c, &trial) {
                best = (f, cand);
            }
        }
        t[c] = best.1;
    }
    let risky = |c: usize| Category::ALL[c].severity() != Severity::Suggestion;
    let is_clean = |p: usize| (0..h).all(|c| !risky(c) || dev[p].labels & (1 << c) == 0);
    let clean: Vec<usize> = (0..dev.len()).filter(|&p| is_clean(p)).collect();
    // What the heads themselves raise on clean posts (the rules' own false
    // alarms are the rule pack's to fix, not a reason to silence the heads).
    let by_head = |c: usize, p: usize, t: f32| !dev[p].featurized.gated[c] && scores[p][c] >= t;
    // The head alone, rules and following left out: its F1 at threshold `x`.
    let head_f1 = |c: usize, x: f32| -> f64 {
        f1_of(
            (0..dev.len())
                .filter(|&p| dev[p].known & (1 << c) != 0)
                .map(|p| (dev[p].labels & (1 << c) != 0, by_head(c, p, x))),
        )
    };
    let alarms = |t: &[f32]| clean.iter().filter(|&&p| (0..h).any(|c| risky(c) && by_head(c, p, t[c]))).count();
    let all_alarms = |t: &[f32]| clean.iter().filter(|&&p| (0..h).any(|c| risky(c) && flagged(c, p, t))).count();
    let limit = (settings.clean_alarm_target * clean.len() as f64).floor() as usize;
    loop {
        let now = alarms(&t);
        if now <= limit {
            break;
        }
        // The cheapest next step up for each risk or caution head.
        let mut best: Option<(f64, usize, f32)> = None;
        for c in (0..h).filter(|&c| risky(c)) {
            let next = candidates(c).into_iter().find(|&x| x > t[c]);
            let Some(next) = next else { continue };
            let mut moved = t.clone();
            moved[c] = next;
            let removed = now as f64 - alarms(&moved) as f64;
            // What the category loses per alarm removed: with
            // `alarm_cost_by_head`, what the head alone loses (the rules
            // cover most of the calibration posts' risks, so the category
            // barely notices a head going quiet; a writer the rules were
            // not written for does).
            let cost = if settings.alarm_cost_by_head {
                head_f1(c, t[c]) - head_f1(c, next)
            } else {
                f1(c, &t) - f1(c, &moved)
            };
            let price = if removed > 0.0 { cost / removed } else { cost + 1.0 };
            if best.is_none_or(|b| price < b.0) {
                best = Some((price, c, next));
            }
        }
        let Some((_, c, next)) = best else { break };
        t[c] = next;
    }
    report.push_str(&format!(
        "calibration: {} posts, {} clean; clean posts with a risk or caution finding from the heads: {} ({:.1} %), from rules and heads: {} ({:.1} %)\n",
        dev.len(),
        clean.len(),
        alarms(&t),
        100.0 * alarms(&t) as f64 / clean.len().max(1) as f64,
        all_alarms(&t),
        100.0 * all_alarms(&t) as f64 / clean.len().max(1) as f64
    ));
    report.push_str(&format!(
        "{:<14} {:>9} {:>6} {:>9} {:>7}  (calibration posts, rules and head together; floor: best clean rule example; veto: rules overruled below)\n",
        "head", "threshold", "F1", "floor", "veto"
    ));
    for c in 0..h {
        report.push_str(&format!(
            "{:<14} {:>9.3} {:>6.3} {:>9.3} {:>7.2}\n",
            Category::ALL[c].id(),
            t[c],
            f1(c, &t),
            floors[c],
            vetoes[c]
        ));
    }
    let macro_f1 = (0..h).map(|c| f1(c, &t)).sum::<f64>() / h as f64;
    report.push_str(&format!("macro-F1 on the calibration posts: {macro_f1:.3}\n"));
    t
}
