//! The tidy stage: what the rules and the heads found becomes one sorted,
//! non-overlapping list.

use super::{Engine, Raw, Source};
use crate::model::{Category, Severity};
use crate::span::ByteSpan;
use crate::text::fold_case;
use std::collections::{HashMap, HashSet};

impl Engine {
    /// Drops findings on allowed words; drops a head's finding where a rule
    /// of its category already marks the same sentence (or, for a
    /// suggestion, the post): the rules are exact where they speak. Then
    /// merges overlapping findings of one category (the earliest, then
    /// longest, stays), keeps one suggestion of each kind, and sorts.
    pub(super) fn tidy(&self, text: &str, mut raws: Vec<Raw>) -> Vec<Raw> {
        if !self.allowed.is_empty() {
            raws.retain(|r| {
                let span = fold_case(&text[r.span.start..r.span.end]);
                !self.allowed.iter().any(|a| span.contains(a.as_str()))
            });
        }
        let ruled: Vec<(Category, ByteSpan)> =
            raws.iter().filter(|r| matches!(r.source, Source::Rule(_))).map(|r| (r.category, r.span)).collect();
        raws.retain(|r| {
            matches!(r.source, Source::Rule(_))
                || !ruled.iter().any(|&(c, s)| {
                    c == r.category && (r.category.severity() == Severity::Suggestion || s.overlaps(r.span))
                })
        });
        let id = |r: &Raw| match r.source {
            Source::Rule(i) => self.rules[i].id.as_str(),
            Source::Head(h) => self.learned.heads[h].id.as_str(),
            Source::Follows(h, k) => self.learned.heads[h].follows[k].1.as_str(),
        };
        raws.sort_by(|a, b| {
            (a.span.start, std::cmp::Reverse(a.span.end), a.category)
                .cmp(&(b.span.start, std::cmp::Reverse(b.span.end), b.category))
                .then_with(|| id(a).cmp(id(b)))
        });
        let mut kept: Vec<Raw> = Vec::with_capacity(raws.len());
        let mut suggested = HashSet::new();
        // Sorted by start: a finding overlaps a kept one of its category
        // exactly when it starts before the furthest end kept so far.
        let mut reach: HashMap<Category, usize> = HashMap::new();
        for r in raws {
            let category = r.category;
            if category.severity() == Severity::Suggestion {
                if !suggested.insert(category) {
                    continue;
                }
            } else {
                let end = reach.entry(category).or_insert(0);
                if r.span.start < *end {
                    continue;
                }
                *end = r.span.end.max(r.span.start + 1);
            }
            kept.push(r);
        }
        kept.sort_by_key(|r| (r.span.start, r.span.end, r.category));
        kept
    }
}
