//! Finds every pattern of the rule pack in a post in one pass.
//!
//! All word terms of all patterns go into one table ([`terms`]) that is asked,
//! word by word of the lowercased text, which terms the word is, starts with,
//! ends with or holds (whole word, word start, word end, inside a word), and
//! each answer is recorded as "slot S matches word W". Patterns are then
//! sequences of slots over words. The table is built with one insert per
//! term, so start-up needs no precompiled tables, and the search never
//! backtracks.

mod builder;
mod terms;

use crate::pattern::Pattern;
use crate::span::WordSpan;
use crate::text::Token;
pub use builder::PatternId;
use builder::{CPattern, CStep, Compiled, Compiling};
use std::collections::HashSet;
use terms::TermTable;

/// The built-in rule pack's and cue groups' patterns, compiled by `build.rs`.
static BUILTIN: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/matcher.bin"));

/// Every match of the trigger patterns, per pattern (see [`Matcher::find_triggers`]).
pub struct Triggers(Vec<Vec<WordSpan>>);

impl Triggers {
    /// Where `p` matched, in order of the first word (empty for a context pattern).
    pub fn of(&self, p: PatternId) -> &[WordSpan] {
        &self.0[p.index()]
    }
}

pub struct Matcher {
    /// The built-in terms, and an organisation's own when it adds rules.
    terms: Vec<TermTable>,
    patterns: Vec<CPattern>,
    /// Trigger patterns indexed by the slot they start with (slot ids are
    /// dense, so a vector beats a hash map on this hot path).
    starting_with: Vec<Vec<PatternId>>,
    /// Patterns that start with `<num>` or `<name>`: tried at every word.
    start_anywhere: Vec<PatternId>,
    not_names: NotNames,
}

/// Capitalised words that are never names; an entry ending in '*' covers
/// every word starting with it (Kokkola, Kokkolan, Kokkolassa…).
#[derive(Default)]
struct NotNames {
    words: HashSet<String>,
    prefixes: Vec<String>,
}

impl NotNames {
    fn insert(&mut self, entry: &str) {
        let entry = crate::text::fold_case(entry);
        match entry.strip_suffix('*') {
            Some(p) => self.prefixes.push(p.to_string()),
            None => {
                self.words.insert(entry);
            }
        }
    }

    fn contains(&self, folded_word: &str) -> bool {
        self.words.contains(folded_word) || self.prefixes.iter().any(|p| folded_word.starts_with(p.as_str()))
    }
}

/// Collects patterns before the matcher is built: the built-in ones as
/// `build.rs` compiled them, then any others.
#[derive(Default)]
pub struct MatcherBuilder {
    base: Option<Compiled>,
    /// How many of the base's patterns were handed out.
    handed: u32,
    own: Compiling,
    not_names: NotNames,
}

impl MatcherBuilder {
    /// Starts from the built-in patterns; [`MatcherBuilder::builtin_ids`]
    /// hands out their ids in the order `build.rs` compiled them.
    pub fn builtin() -> MatcherBuilder {
        let base = Compiled::decode(BUILTIN);
        let own = Compiling::after(base.slots, base.patterns.len() as u32);
        MatcherBuilder { base: Some(base), handed: 0, own, not_names: NotNames::default() }
    }

    /// How many match, unless and near patterns built-in rule `k` (in the
    /// pack's order) has: the embedded pack leaves the patterns themselves out.
    pub fn builtin_lists(&self, k: usize) -> [u32; 3] {
        self.base.as_ref().expect("a builder started from the built-in patterns").lists[k]
    }

    /// The ids of the next `n` built-in patterns, in the order of `build.rs`
    /// (the cue groups', then each rule's match, unless and near lists).
    pub fn builtin_ids(&mut self, n: u32) -> Vec<PatternId> {
        let base = self.base.as_ref().expect("a builder started from the built-in patterns");
        let first = self.handed;
        self.handed += n;
        assert!(self.handed as usize <= base.patterns.len(), "more built-in patterns asked for than build.rs compiled");
        (first..self.handed).map(PatternId).collect()
    }

    /// Adds a pattern and returns its id. Trigger patterns are searched in
    /// the whole post; the others are context, looked for near a trigger.
    pub fn add(&mut self, pattern: &Pattern, trigger: bool) -> PatternId {
        self.own.add(pattern, trigger)
    }

    pub fn not_name(&mut self, word: &str) {
        self.not_names.insert(word);
    }

    pub fn build(mut self) -> Matcher {
        let mut patterns = Vec::new();
        let mut terms = Vec::new();
        if let Some(base) = self.base {
            assert_eq!(
                self.handed as usize,
                base.patterns.len(),
                "the patterns build.rs compiled are not the pack the engine reads"
            );
            patterns = base.patterns;
            terms.push(base.terms);
        }
        if !self.own.patterns.is_empty() {
            terms.push(self.own.terms());
        }
        patterns.append(&mut self.own.patterns);
        let mut starting_with: Vec<Vec<PatternId>> = vec![Vec::new(); self.own.slots as usize];
        let mut start_anywhere = Vec::new();
        for (i, p) in patterns.iter().enumerate().filter(|(_, p)| p.trigger) {
            match p.steps[0] {
                CStep::Slot(s) => starting_with[s as usize].push(PatternId(i as u32)),
                _ => start_anywhere.push(PatternId(i as u32)),
            }
        }
        Matcher { terms, patterns, starting_with, start_anywhere, not_names: self.not_names }
    }
}

/// A post read by the matcher.
pub struct Scan<'t> {
    original: &'t str,
    tokens: &'t [Token],
    hits: SlotHits,
}

/// The slots each word matched, as a compact index (word -> sorted slot ids).
struct SlotHits {
    offsets: Vec<u32>,
    slots: Vec<u32>,
}

impl SlotHits {
    fn of(&self, token: usize) -> &[u32] {
        &self.slots[self.offsets[token] as usize..self.offsets[token + 1] as usize]
    }
}

impl Matcher {
    /// Reads the post once: which slots every word matches.
    pub fn scan<'t>(&self, original: &'t str, folded: &str, tokens: &'t [Token]) -> Scan<'t> {
        Scan { original, tokens, hits: self.slot_hits(folded, tokens) }
    }

    /// Every match of the patterns marked as triggers, per pattern id (empty
    /// for context patterns, which are asked about with `occurs_near`).
    pub fn find_triggers(&self, scan: &Scan) -> Triggers {
        let mut result = vec![Vec::new(); self.patterns.len()];
        for t in 0..scan.tokens.len() {
            for &slot in scan.hits.of(t) {
                for &p in &self.starting_with[slot as usize] {
                    let steps = &self.patterns[p.index()].steps;
                    let mut dead = DeadEnds::for_steps(&steps[1..], t);
                    if let Some(last) = self.match_from(scan, &steps[1..], t, &mut dead) {
                        result[p.index()].push(WordSpan::new(t as u32, last as u32 + 1));
                    }
                }
            }
            for &p in &self.start_anywhere {
                if let Some(last) = self.match_at(scan, p, t) {
                    result[p.index()].push(WordSpan::new(t as u32, last as u32 + 1));
                }
            }
        }
        Triggers(result)
    }

    /// Whether pattern `p` matches starting at word `t`; the last word if so.
    fn match_at(&self, scan: &Scan, p: PatternId, t: usize) -> Option<usize> {
        let steps = &self.patterns[p.index()].steps;
        if self.step_matches(scan, steps[0], t) {
            self.match_from(scan, &steps[1..], t, &mut DeadEnds::for_steps(&steps[1..], t))
        } else {
            None
        }
    }

    /// Whether context pattern `p` occurs within `window` words of `at`, in
    /// its sentence (or anywhere, when `window` is None); a match on the
    /// words of `at` itself counts too. Context is only looked for around a
    /// rule's match, so its cost follows the findings, not the post's length.
    pub fn occurs_near(&self, scan: &Scan, p: PatternId, at: WordSpan, window: Option<u32>) -> bool {
        let tokens = scan.tokens;
        let (from, to) = match window {
            None => (0, tokens.len()),
            Some(w) => {
                let sentence = tokens[at.start as usize].sentence;
                let last_sentence = tokens[at.last() as usize].sentence;
                let reach = w as usize + self.patterns[p.index()].steps.len() * 13;
                let mut from = (at.start as usize).saturating_sub(reach);
                while tokens[from].sentence < sentence {
                    from += 1;
                }
                let mut to = (at.end as usize + w as usize).min(tokens.len());
                while to > from && tokens[to - 1].sentence > last_sentence {
                    to -= 1;
                }
                (from, to)
            }
        };
        (from..to).any(|t| {
            self.match_at(scan, p, t).is_some_and(|last| {
                let other = WordSpan::new(t as u32, last as u32 + 1);
                window.is_none_or(|w| at.distance(other) <= w)
            })
        })
    }

    fn slot_hits(&self, folded: &str, tokens: &[Token]) -> SlotHits {
        let mut offsets = Vec::with_capacity(tokens.len() + 1);
        let mut slots = Vec::with_capacity(tokens.len());
        let mut word = Vec::new();
        for tok in tokens {
            offsets.push(slots.len() as u32);
            word.clear();
            for table in &self.terms {
                table.word_hits(&folded[tok.start..tok.end], |slot| word.push(slot));
            }
            word.sort_unstable();
            word.dedup();
            slots.extend_from_slice(&word);
        }
        offsets.push(slots.len() as u32);
        SlotHits { offsets, slots }
    }

    fn step_matches(&self, scan: &Scan, step: CStep, t: usize) -> bool {
        let tok = &scan.tokens[t];
        match step {
            CStep::Slot(s) => scan.hits.of(t).binary_search(&s).is_ok(),
            CStep::Number => tok.digits && tok.end - tok.start >= 3,
            CStep::Name => self.is_name(scan.original, scan.tokens, t),
            CStep::Gap(_) => unreachable!("gaps are handled by match_from"),
        }
    }

    /// A capitalised word that does not start its sentence (where a capital
    /// says nothing), is not written in capitals throughout and is not a known
    /// non-name (city names, weekdays…). "Matti Virtanen on…" is found by its
    /// second word.
    fn is_name(&self, original: &str, tokens: &[Token], t: usize) -> bool {
        let tok = &tokens[t];
        if !tok.capitalised || tok.tagged || tok.sentence_start || tok.end - tok.start < 2 {
            return false;
        }
        let word = &original[tok.start..tok.end];
        if word.chars().skip(1).all(|c| !c.is_lowercase()) {
            return false;
        }
        !tok.sentence_start && !self.not_names.contains(&crate::text::fold_case(word))
    }

    /// Matches `steps` starting after word `t`; returns the last word matched.
    /// Every word of a match lies in the same sentence.
    fn match_from(&self, scan: &Scan, steps: &[CStep], t: usize, dead: &mut Option<DeadEnds>) -> Option<usize> {
        let tokens = scan.tokens;
        let Some((&step, rest)) = steps.split_first() else { return Some(t) };
        if dead.as_ref().is_some_and(|d| d.known(steps.len(), t)) {
            return None;
        }
        let sentence = tokens[t].sentence;
        let (skip_max, step, rest) = match step {
            CStep::Gap(n) => {
                let (&next, rest) = rest.split_first().expect("a gap is followed by a slot");
                (n as usize, next, rest)
            }
            _ => (0, step, rest),
        };
        for next in t + 1..=t + 1 + skip_max {
            if next >= tokens.len() || tokens[next].sentence != sentence {
                break;
            }
            if self.step_matches(scan, step, next) {
                if let Some(end) = self.match_from(scan, rest, next, dead) {
                    return Some(end);
                }
            }
        }
        if let Some(d) = dead {
            d.mark(steps.len(), t);
        }
        None
    }
}

/// The (steps left, word) pairs of one match attempt already known to lead
/// nowhere. Whether the rest of a pattern matches after a word depends on
/// nothing else, yet with two or more gaps the search reaches the same pair
/// in many ways (up to 13 more per gap: 5.9 s for six gaps on 800 bytes).
/// Remembering the dead ends tries each pair once, so an attempt costs at
/// most steps × reach. Patterns with fewer than two gaps cannot revisit a
/// pair and go without.
struct DeadEnds {
    origin: usize,
    width: usize,
    seen: Vec<bool>,
}

impl DeadEnds {
    fn for_steps(steps: &[CStep], origin: usize) -> Option<DeadEnds> {
        let gaps: Vec<usize> =
            steps.iter().filter_map(|s| if let CStep::Gap(n) = s { Some(*n as usize) } else { None }).collect();
        if gaps.len() < 2 {
            return None;
        }
        // The farthest word an attempt can reach from `origin`, plus one.
        let width = steps.len() + gaps.iter().sum::<usize>() + 1;
        Some(DeadEnds { origin, width, seen: vec![false; (steps.len() + 1) * width] })
    }

    fn index(&self, left: usize, t: usize) -> usize {
        left * self.width + (t - self.origin)
    }

    fn known(&self, left: usize, t: usize) -> bool {
        self.seen[self.index(left, t)]
    }

    fn mark(&mut self, left: usize, t: usize) {
        let i = self.index(left, t);
        self.seen[i] = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{fold_case, tokenize};

    fn run(patterns: &[&str], text: &str) -> Vec<Vec<(String, String)>> {
        let mut b = MatcherBuilder::default();
        b.not_name("Kokkola");
        let ids: Vec<_> = patterns.iter().map(|p| b.add(&Pattern::parse(p).unwrap(), true)).collect();
        let m = b.build();
        let folded = fold_case(text);
        let tokens = tokenize(text);
        let triggers = m.find_triggers(&m.scan(text, &folded, &tokens));
        ids.into_iter()
            .map(|p| {
                triggers
                    .of(p)
                    .iter()
                    .map(|s| {
                        let a = &tokens[s.start as usize];
                        let z = &tokens[s.last() as usize];
                        (text[a.start..z.end].to_string(), text[a.start..a.end].to_string())
                    })
                    .collect()
            })
            .collect()
    }

    fn firsts(r: &[(String, String)]) -> Vec<&str> {
        r.iter().map(|x| x.0.as_str()).collect()
    }

    #[test]
    fn modes() {
        let r = run(&["salai*", "*koden", "*lösenord*", "huhu"], "Salaisen larmkoden, wifilösenordet huhu huhut");
        assert_eq!(firsts(&r[0]), ["Salaisen"]);
        assert_eq!(firsts(&r[1]), ["larmkoden"]);
        assert_eq!(firsts(&r[2]), ["wifilösenordet"]);
        assert_eq!(firsts(&r[3]), ["huhu"]);
    }

    #[test]
    fn gaps_and_sentences() {
        let r = run(&["kuulin ~3 että"], "Kuulin eilen kahvilla, että… Kuulin jotain. Että mitä");
        assert_eq!(firsts(&r[0]), ["Kuulin eilen kahvilla, että"]);
    }

    #[test]
    fn several_gaps_find_the_same_matches_and_never_search_exponentially() {
        // The first way through fails (c is out of reach of the first b),
        // the second succeeds: a dead end is remembered per word, not per step.
        let r = run(&["a ~2 b ~2 c"], "a b b x x c. a b x x x c.");
        assert_eq!(firsts(&r[0]), ["a b b x x c"]);
        // Six gaps over 200 words with no ending: without the dead ends,
        // 13^6 ways per start (seconds for this post, hours for a longer one).
        let six = "aaa ~12 aaa ~12 aaa ~12 aaa ~12 aaa ~12 aaa ~12 zzz";
        let long = vec!["aaa"; 2000].join(" ");
        assert!(run(&[six], &long)[0].is_empty());
        let found = run(&[six], &format!("{long} zzz"));
        // zzz (word 2000) is 6 to 6 + 6 × 12 words after a start: 73 starts.
        assert_eq!(found[0].len(), 73, "every start within reach of zzz");
    }

    #[test]
    fn numbers_and_names() {
        let r =
            run(&["koodi* <num>", "<name>"], "Ovikoodi on 4512. Koodi 4512. Tänään Anna ja Kokkola. Matti Virtanen");
        assert_eq!(firsts(&r[0]), ["Koodi 4512"]);
        assert_eq!(firsts(&r[1]), ["Anna", "Virtanen"]);
    }

    #[test]
    fn one_word_holds_several_terms_and_inner_terms_start_after_non_ascii_letters() {
        let r = run(
            &["lösen*", "*senord*", "*orde*", "*ordet", "lösenordet", "*äkerhet*"],
            "Lösenordet, säkerhetskoden, osäkerhet",
        );
        assert_eq!(firsts(&r[0]), ["Lösenordet"]);
        assert_eq!(firsts(&r[1]), ["Lösenordet"]);
        assert_eq!(firsts(&r[2]), ["Lösenordet"]);
        assert_eq!(firsts(&r[3]), ["Lösenordet"]);
        assert_eq!(firsts(&r[4]), ["Lösenordet"]);
        assert_eq!(firsts(&r[5]), ["säkerhetskoden", "osäkerhet"]);
    }

    #[test]
    fn apostrophes() {
        let r = run(&["don't"], "I don’t know. We don't.");
        assert_eq!(r[0].len(), 2);
    }
}
