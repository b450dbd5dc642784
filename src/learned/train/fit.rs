//! Fitting the heads: each post made ready once ([`Prepared`]: its
//! features per sentence, its labels, which sentences train which head),
//! then logistic regression per head (AdaGrad, an order the seed fixes),
//! int8 quantisation and the feature budget ([`fit`]). Calibration is in
//! [`super::calibrate`], the run as a whole in [`super::train`].

// Heads and features are columns of one matrix here, as in the rest of the trainer.
#![allow(clippy::needless_range_loop)]

use super::{Example, Settings};
use crate::engine::{Engine, Featurized};
use crate::learned::features::DIM;
use crate::learned::weights::{encode, HeadParams};
use crate::model::Category;

/// A post made ready: its features per sentence and what the rules found.
pub(super) struct Prepared {
    pub(super) featurized: Featurized,
    pub(super) labels: u16,
    /// Bit i: the label of `Category::ALL[i]` is known ([`Example::known`]).
    pub(super) known: u16,
    /// Per sentence, per category: Some(label) when the sentence trains that head.
    pub(super) units: Vec<[Option<bool>; 11]>,

    /// How much its sentences weigh in training.
    pub(super) weight: f32,
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

pub(super) fn category_bit(c: Category) -> u16 {
    1 << Category::ALL.iter().position(|x| *x == c).unwrap()
}

pub(super) fn prepare(engine: &Engine, e: &Example, rule_clean_weight: f32, whole_post: u16) -> Prepared {
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
pub(super) struct Rng(u64);

impl Rng {
    pub(super) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub(super) fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

pub(super) fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

/// One fitted set of heads, quantised but not yet calibrated.
pub(super) struct Fitted {
    pub(super) params: Vec<HeadParams>,
    pub(super) entries: Vec<(u32, Vec<i8>)>,
    /// Features that had any weight before the budget cut.
    pub(super) found: usize,
    /// Training units (sentences) it saw.
    pub(super) sentences: usize,
}

impl Fitted {
    /// The weights as the engine reads them, at the given thresholds and vetoes.
    pub(super) fn bytes(&self, bucket_bits: u32) -> Vec<u8> {
        encode(&self.params, bucket_bits, &self.entries)
    }
}

/// Logistic regression of every head on the sentences of `prepared[members]`
/// (AdaGrad, `settings.epochs` passes in an order the seed fixes); with
/// `settings.seeds` above 1, the weights of that many runs from consecutive
/// seeds are averaged, which for linear heads is the same as averaging their
/// scores, so no single order of the examples decides a threshold.
pub(super) fn fit(prepared: &[Prepared], members: &[usize], settings: &Settings) -> Fitted {
    let (w, bias, sentences) = fit_floats(prepared, members, settings);
    quantise(&w, &bias, prepared, members, sentences, settings)
}

/// The float weights and biases of [`fit`], before quantisation, and how
/// many sentences trained them.
pub(super) fn fit_floats(prepared: &[Prepared], members: &[usize], settings: &Settings) -> (Vec<f32>, Vec<f32>, usize) {
    let h = Category::ALL.len();
    // Units: (post, sentence). Class weights per head from the unit counts.
    let mut units: Vec<(u32, u32)> = Vec::new();
    let mut pos = vec![0f32; h];
    let mut neg = vec![0f32; h];
    for &pi in members {
        for (si, u) in prepared[pi].units.iter().enumerate() {
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

    let runs = settings.seeds.max(1);
    let mut w = vec![0f32; DIM * h];
    let mut bias = vec![0f32; h];
    for run in 0..runs {
        let (rw, rb) = descend(prepared, &units, &pos_weight, settings, settings.seed.wrapping_add(run as u64));
        for (a, b) in w.iter_mut().zip(rw) {
            *a += b / runs as f32;
        }
        for (a, b) in bias.iter_mut().zip(rb) {
            *a += b / runs as f32;
        }
    }

    (w, bias, units.len())
}

/// Quantises float weights as the engine reads them: one scale per head;
/// keep the features with any weight left, the strongest first when over
/// budget (use counted on `prepared[members]`).
pub(super) fn quantise(
    w: &[f32],
    bias: &[f32],
    prepared: &[Prepared],
    members: &[usize],
    sentences: usize,
    settings: &Settings,
) -> Fitted {
    let h = Category::ALL.len();
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
        for &pi in members {
            for feats in &prepared[pi].featurized.features {
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
    let params: Vec<HeadParams> = (0..h)
        .map(|c| HeadParams {
            category: c as u8,
            bias: bias[c],
            scale: scales[c],
            threshold: f32::INFINITY,
            strict: f32::INFINITY,
            relaxed: f32::INFINITY,
            veto: f32::NEG_INFINITY,
        })
        .collect();
    Fitted { params, entries, found, sentences }
}

/// One run of gradient descent from zero weights: the float weights (feature
/// major, a row of every head per feature) and the biases.
pub(super) fn descend(
    prepared: &[Prepared],
    units: &[(u32, u32)],
    pos_weight: &[f32],
    settings: &Settings,
    seed: u64,
) -> (Vec<f32>, Vec<f32>) {
    let h = Category::ALL.len();
    let mut units = units.to_vec();
    let mut w = vec![0f32; DIM * h];
    let mut g2 = vec![1e-6f32; DIM * h];
    let mut bias = vec![0f32; h];
    let mut bias_g2 = vec![1e-6f32; h];
    let mut rng = Rng(seed);
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
    (w, bias)
}
