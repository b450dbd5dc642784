//! The small pattern language of the rule pack.
//!
//! A pattern is a sequence of word slots separated by spaces:
//!
//! | written      | matches a word that…                                   |
//! |--------------|--------------------------------------------------------|
//! | `huhu`       | is exactly `huhu`                                      |
//! | `salai*`     | starts with `salai` (Finnish inflection: salaisen…)   |
//! | `*koden`     | ends with `koden` (Swedish compounds: larmkoden…)      |
//! | `*lösenord*` | contains `lösenord` (wifilösenordet…)                  |
//! | `a\|b*`      | matches any of the alternatives                        |
//! | `<num>`      | is a number of at least three digits                   |
//! | `<name>`     | is capitalised but does not start its sentence         |
//! | `~3`         | (not a slot) up to three other words may stand here    |
//!
//! Letters are compared case-insensitively. Word stems must be at least three
//! characters long, so a pattern cannot accidentally match half of all words.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    Exact,
    Prefix,
    Suffix,
    Infix,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Term {
    pub text: String,
    pub mode: Mode,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    Words(Vec<Term>),
    Number,
    Name,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Slot(Slot),
    /// Up to this many words may be skipped.
    Gap(u8),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    pub pattern: String,
    pub problem: String,
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "pattern \"{}\": {}", self.pattern, self.problem)
    }
}

const MIN_STEM_CHARS: usize = 3;

impl Pattern {
    pub fn parse(source: &str) -> Result<Pattern, PatternError> {
        let err = |problem: String| PatternError { pattern: source.to_string(), problem };
        let mut steps = Vec::new();
        for part in source.split_whitespace() {
            if let Some(n) = part.strip_prefix('~') {
                let n: u8 = n
                    .parse()
                    .ok()
                    .filter(|n| (1..=12).contains(n))
                    .ok_or_else(|| err(format!("gap \"{part}\" must be ~1 … ~12")))?;
                if !matches!(steps.last(), Some(Step::Slot(_))) {
                    return Err(err("a gap must stand between two words".into()));
                }
                steps.push(Step::Gap(n));
                continue;
            }
            let slot = match part {
                "<num>" => Slot::Number,
                "<name>" => Slot::Name,
                _ => {
                    let mut terms = Vec::new();
                    for alt in part.split('|') {
                        terms.push(parse_term(alt).map_err(&err)?);
                    }
                    Slot::Words(terms)
                }
            };
            steps.push(Step::Slot(slot));
        }
        match steps.last() {
            None => Err(err("empty pattern".into())),
            Some(Step::Gap(_)) => Err(err("a pattern cannot end with a gap".into())),
            Some(_) => Ok(Pattern { steps }),
        }
    }

    /// Every word term the pattern uses (for building the term table).
    pub fn terms(&self) -> impl Iterator<Item = &Term> {
        self.steps.iter().flat_map(|s| match s {
            Step::Slot(Slot::Words(t)) => t.as_slice(),
            _ => &[],
        })
    }
}

fn parse_term(alt: &str) -> Result<Term, String> {
    let (leading, rest) = match alt.strip_prefix('*') {
        Some(r) => (true, r),
        None => (false, alt),
    };
    let (trailing, core) = match rest.strip_suffix('*') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    if core.is_empty() {
        return Err(format!("empty word in \"{alt}\""));
    }
    if let Some(bad) = core.chars().find(|&c| !(c.is_alphanumeric() || c == '\'' || c == '’')) {
        return Err(format!(
            "\"{alt}\" contains '{bad}'; a word slot holds letters, digits and apostrophes only (write compounds with a space: \"sote palvelu*\")"
        ));
    }
    let mode = match (leading, trailing) {
        (false, false) => Mode::Exact,
        (false, true) => Mode::Prefix,
        (true, false) => Mode::Suffix,
        (true, true) => Mode::Infix,
    };
    if mode != Mode::Exact && core.chars().count() < MIN_STEM_CHARS {
        return Err(format!("stem \"{alt}\" is shorter than {MIN_STEM_CHARS} letters and would match too much"));
    }
    let mut text = crate::fold::fold_case(core);
    if text.contains('’') {
        text = text.replace('’', "'");
    }
    Ok(Term { text, mode })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_slots_and_gaps() {
        let p = Pattern::parse("kuulin ~3 että|ett *koden* <num>").unwrap();
        assert_eq!(p.steps.len(), 5);
        assert_eq!(p.steps[1], Step::Gap(3));
        let Step::Slot(Slot::Words(t)) = &p.steps[2] else { panic!() };
        assert_eq!(t.len(), 2);
        let Step::Slot(Slot::Words(t)) = &p.steps[3] else { panic!() };
        assert_eq!(t[0], Term { text: "koden".into(), mode: Mode::Infix });
        assert_eq!(p.steps[4], Step::Slot(Slot::Number));
    }

    #[test]
    fn rejects_bad_patterns() {
        for bad in ["", "~2 huhu", "huhu ~2", "ab*", "sote-palvelu", "a ~40 b", "*"] {
            assert!(Pattern::parse(bad).is_err(), "{bad}");
        }
        let e = Pattern::parse("ab*").unwrap_err();
        assert!(e.to_string().contains("shorter than 3"), "{e}");
    }

    #[test]
    fn folds_case_and_apostrophes() {
        let p = Pattern::parse("DON’T").unwrap();
        assert_eq!(p.terms().next().unwrap().text, "don't");
    }
}
