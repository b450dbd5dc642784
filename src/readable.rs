//! The `guidepost check` command's readable diagnostics (part of the
//! command, not of the library):
//!
//! ```text
//! post.txt:2:10: risk: A personal identity code … [personal-data/fi-henkilotunnus]
//!   | The code 131052-308T is here.
//!   |          ^^^^^^^^^^^
//!   = Personal data
//! ```
//!
//! Whatever the post, the work and the output per finding are bounded: the
//! positions come from one forward pass over the text, and a long line is
//! shown as a window around the passage, not whole. A post's control
//! characters (escape sequences, bidi overrides) are shown escaped, so a post
//! cannot drive the terminal.

use guidepost::{Analysis, Finding, Severity};
use std::fmt;
use std::io::{self, Write};

/// Characters of the line shown before the passage and after it.
const CONTEXT_CHARS: usize = 40;
/// Characters of the passage itself shown at most (a finding may span a
/// whole sentence, and a sentence may be the whole post).
const MARK_CHARS: usize = 80;
/// Marks where the window cuts the line or the passage.
const ELLIPSIS: &str = "…";

/// Writes the diagnostics of every finding, in position order, then the
/// summary line.
pub fn report(out: &mut dyn Write, name: &str, text: &str, a: &Analysis, colour: bool) -> io::Result<()> {
    let paint = Paint(colour);
    let name = Visible(name);
    let mut findings: Vec<&Finding> = a.findings.iter().collect();
    // The cursor only moves forward. The engine's findings come in this
    // order already; sorting here keeps that from being an assumption.
    findings.sort_by_key(|f| (f.start, f.end));
    let mut cursor = Cursor::new(text);
    for f in findings {
        let at = cursor.advance_to(f.start);
        write_finding(out, &paint, &name, f, &Window::around(text, &at, f.end))?;
    }
    let count = |s: Severity| a.findings.iter().filter(|f| f.severity == s).count();
    writeln!(
        out,
        "{name}: language {}, {} risk, {} caution, {} suggestion",
        a.language.as_str(),
        count(Severity::Risk),
        count(Severity::Caution),
        count(Severity::Suggestion)
    )
}

fn write_finding(out: &mut dyn Write, paint: &Paint, name: &Visible, f: &Finding, w: &Window) -> io::Result<()> {
    let sev = match f.severity {
        Severity::Risk => paint.on("1;31", "risk"),
        Severity::Caution => paint.on("1;33", "caution"),
        Severity::Suggestion => paint.on("1;36", "suggestion"),
    };
    writeln!(out, "{name}:{}:{}: {sev}: {} [{}]", w.line, w.column, Visible(&f.message), Visible(&f.rule))?;
    if !w.is_empty() {
        let (before, mark, after) = w.parts();
        let (cut_before, cut_mark, cut_after) = w.cuts();
        writeln!(
            out,
            "  | {cut_before}{}{}{cut_mark}{}{cut_after}",
            Visible(before),
            paint.on("1;4", mark),
            Visible(after)
        )?;
        let pad = cut_before.chars().count() + visible_width(before);
        let carets = "^".repeat(visible_width(mark).max(1));
        writeln!(out, "  | {}{}", " ".repeat(pad), paint.on("1", &carets))?;
    }
    writeln!(out, "  = {}", Visible(&f.section))?;
    if let Some(fix) = &f.fix {
        let mut lines = fix.text.trim_start().split('\n');
        write!(out, "  + {}", Visible(lines.next().unwrap_or("")))?;
        for line in lines {
            write!(out, "\n    {}", Visible(line))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// ANSI colour when standard output is a terminal.
struct Paint(bool);

impl Paint {
    fn on<'a>(&self, code: &'a str, s: &'a str) -> Painted<'a> {
        Painted { code: self.0.then_some(code), s }
    }
}

/// Text in a colour; the text itself is shown [`Visible`].
struct Painted<'a> {
    code: Option<&'a str>,
    s: &'a str,
}

impl fmt::Display for Painted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.code {
            Some(code) => write!(f, "\x1b[{code}m{}\x1b[0m", Visible(self.s)),
            None => write!(f, "{}", Visible(self.s)),
        }
    }
}

/// Text with the characters that would act on a terminal instead of showing
/// (C0 and C1 controls such as ESC, bidi controls that reorder what follows,
/// line separators) written as Rust escapes, e.g. `\u{1b}`.
struct Visible<'a>(&'a str);

impl fmt::Display for Visible<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(i) = rest.find(acts_on_terminal) {
            let c = rest[i..].chars().next().unwrap_or_default();
            write!(f, "{}{}", &rest[..i], c.escape_default())?;
            rest = &rest[i + c.len_utf8()..];
        }
        f.write_str(rest)
    }
}

fn acts_on_terminal(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        || matches!(c, '\u{2028}' | '\u{2029}')
}

/// How many characters `s` takes once shown [`Visible`] (what the caret
/// line is aligned with).
fn visible_width(s: &str) -> usize {
    s.chars().map(|c| if acts_on_terminal(c) { c.escape_default().count() } else { 1 }).sum()
}

/// Where a finding starts: its byte and UTF-16 offsets, the start of its
/// line, and the line and column (in characters) a reader counts, from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Place {
    byte: usize,
    unit: usize,
    line_start: usize,
    line: usize,
    column: usize,
}

/// Walks the text once, forward, turning the UTF-16 offsets of findings (in
/// position order) into [`Place`]s: no line is counted twice.
struct Cursor<'t> {
    text: &'t str,
    at: Place,
}

impl<'t> Cursor<'t> {
    fn new(text: &'t str) -> Cursor<'t> {
        Cursor { text, at: Place { byte: 0, unit: 0, line_start: 0, line: 1, column: 1 } }
    }

    /// The place of UTF-16 offset `unit` (the end of the text when beyond
    /// it, the next character when inside one); never moves back.
    fn advance_to(&mut self, unit: usize) -> Place {
        let text = self.text;
        for c in text[self.at.byte..].chars() {
            if self.at.unit >= unit {
                break;
            }
            self.at.unit += c.len_utf16();
            self.at.byte += c.len_utf8();
            if c == '\n' {
                self.at = Place { line_start: self.at.byte, line: self.at.line + 1, column: 1, ..self.at };
            } else {
                self.at.column += 1;
            }
        }
        self.at
    }
}

/// The part of a finding's line that is shown: up to [`CONTEXT_CHARS`]
/// before the passage, up to [`MARK_CHARS`] of the passage (which stops at
/// the end of the line), up to [`CONTEXT_CHARS`] after it. Byte offsets.
#[derive(Debug, PartialEq, Eq)]
struct Window<'t> {
    text: &'t str,
    line: usize,
    column: usize,
    from: usize,
    start: usize,
    mark_end: usize,
    to: usize,
    /// More of the passage follows on its line than is shown.
    mark_cut: bool,
}

impl<'t> Window<'t> {
    /// The window around a passage starting at `at` and ending at UTF-16
    /// offset `end_unit` (counted from the start of the text).
    fn around(text: &'t str, at: &Place, end_unit: usize) -> Window<'t> {
        let start = at.byte;
        let from = text[at.line_start..start]
            .char_indices()
            .rev()
            .take(CONTEXT_CHARS)
            .last()
            .map_or(start, |(i, _)| at.line_start + i);
        let (mark_end, mark_cut) = mark_end(text, start, end_unit.saturating_sub(at.unit));
        let to = if mark_cut { mark_end } else { line_part_end(text, mark_end, CONTEXT_CHARS) };
        Window { text, line: at.line, column: at.column, from, start, mark_end, to, mark_cut }
    }

    fn is_empty(&self) -> bool {
        self.from == self.to
    }

    /// The shown text before the passage, of the passage, after it.
    fn parts(&self) -> (&'t str, &'t str, &'t str) {
        let t = self.text;
        (&t[self.from..self.start], &t[self.start..self.mark_end], &t[self.mark_end..self.to])
    }

    /// An ellipsis where the line or the passage goes on beyond the window.
    fn cuts(&self) -> (&'static str, &'static str, &'static str) {
        let more_before = self.from > 0 && !self.text[..self.from].ends_with('\n');
        let more_after = !self.mark_cut && !at_line_end(&self.text[self.to..]);
        let cut = |more: bool| if more { ELLIPSIS } else { "" };
        (cut(more_before), cut(self.mark_cut), cut(more_after))
    }
}

/// Where the shown passage ends: after `units` UTF-16 units from `start`,
/// at the end of the line, or after [`MARK_CHARS`] characters, whichever
/// comes first; and whether it was cut short of the passage's end.
fn mark_end(text: &str, start: usize, units: usize) -> (usize, bool) {
    let (mut byte, mut seen) = (start, 0);
    for (shown, c) in text[start..].chars().enumerate() {
        if seen >= units || at_line_end(&text[byte..]) {
            return (byte, false);
        }
        if shown == MARK_CHARS {
            return (byte, true);
        }
        seen += c.len_utf16();
        byte += c.len_utf8();
    }
    (byte, false)
}

/// The byte offset `chars` characters after `from`, or the end of the line
/// if that comes first.
fn line_part_end(text: &str, from: usize, chars: usize) -> usize {
    let mut byte = from;
    for c in text[from..].chars().take(chars) {
        if at_line_end(&text[byte..]) {
            break;
        }
        byte += c.len_utf8();
    }
    byte
}

/// A line ends at "\n" or "\r\n" (the "\r" of a CRLF file is no part of
/// what is shown).
fn at_line_end(rest: &str) -> bool {
    rest.is_empty() || rest.starts_with('\n') || rest.starts_with("\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use guidepost::{Category, Lang};

    /// A finding over UTF-16 units `start..end`.
    fn finding(start: usize, end: usize) -> Finding {
        Finding {
            category: Category::PersonalData,
            severity: Severity::Risk,
            rule: "personal-data/test".into(),
            start,
            end,
            message: "A test finding.".into(),
            section: "Section".into(),
            section_id: "section".into(),
            fix: None,
            explanation: None,
        }
    }

    fn render(text: &str, spans: &[(usize, usize)]) -> String {
        let a = Analysis { language: Lang::En, findings: spans.iter().map(|&(s, e)| finding(s, e)).collect() };
        let mut out = Vec::new();
        report(&mut out, "post", text, &a, false).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// The UTF-16 span of the first occurrence of `needle`.
    fn span_of(text: &str, needle: &str) -> (usize, usize) {
        let start = text[..text.find(needle).unwrap()].encode_utf16().count();
        (start, start + needle.encode_utf16().count())
    }

    /// Line and column the slow way: count everything before the offset.
    fn naive_place(text: &str, unit: usize) -> (usize, usize) {
        let (mut u, mut byte) = (0, text.len());
        for (i, c) in text.char_indices() {
            if u >= unit {
                byte = i;
                break;
            }
            u += c.len_utf16();
        }
        let line_start = text[..byte].rfind('\n').map_or(0, |i| i + 1);
        (text[..byte].matches('\n').count() + 1, text[line_start..byte].chars().count() + 1)
    }

    #[test]
    fn places_from_one_pass_agree_with_counting_from_the_start() {
        let text = "😀 Hei!\nÄäkköset ja 😀😀 toinen rivi.\r\n\nKolmas: 131052-308T ja 040 123 4567.";
        let offsets: Vec<usize> = (0..=text.encode_utf16().count() + 2).collect();
        let mut cursor = Cursor::new(text);
        for &u in &offsets {
            let at = cursor.advance_to(u);
            assert_eq!((at.line, at.column), naive_place(text, u), "offset {u}");
            assert!(at.line_start == 0 || text[..at.line_start].ends_with('\n'));
        }
    }

    #[test]
    fn readable_output_names_line_and_column_and_marks_the_passage() {
        let text = "Hello.\nThe code 131052-308T is here.";
        let out = render(text, &[span_of(text, "131052-308T")]);
        assert_eq!(
            out,
            "post:2:10: risk: A test finding. [personal-data/test]\n\
             \x20 | The code 131052-308T is here.\n\
             \x20 |          ^^^^^^^^^^^\n\
             \x20 = Section\n\
             post: language en, 1 risk, 0 caution, 0 suggestion\n"
        );
    }

    #[test]
    fn a_long_line_is_shown_as_a_window_around_the_passage() {
        let text = format!("{}131052-308T{}", "a ".repeat(5000), " b".repeat(5000));
        let out = render(&text, &[span_of(&text, "131052-308T")]);
        let lines: Vec<&str> = out.lines().collect();
        let before = "a ".repeat(CONTEXT_CHARS / 2);
        let after = " b".repeat(CONTEXT_CHARS / 2);
        assert_eq!(lines[1], format!("  | …{before}131052-308T{after}…"));
        assert_eq!(lines[2], format!("  | {}^^^^^^^^^^^", " ".repeat(1 + CONTEXT_CHARS)));
        assert!(out.len() < 400, "{out}");
    }

    #[test]
    fn a_long_passage_is_cut_and_stops_at_its_line_end() {
        let text = format!("x {}\nnext line", "y".repeat(1000));
        let out = render(&text, &[(0, text.encode_utf16().count())]);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[1], format!("  | {}…", &text[..MARK_CHARS]));
        assert_eq!(lines[2], format!("  | {}", "^".repeat(MARK_CHARS)));
        // A passage that ends with its line is not cut.
        let out = render("short line\nnext", &[(6, 16)]);
        assert!(out.contains("  | short line\n  |       ^^^^\n"), "{out}");
    }

    #[test]
    fn control_characters_of_the_post_are_shown_escaped() {
        let text = "\x1b[2J\x1b]0;owned\x07 code 131052-308T \u{202e}txt.exe\u{9b}31m\ttab\r\n";
        let out = render(text, &[span_of(text, "131052-308T")]);
        assert!(!out.chars().any(|c| c != '\n' && acts_on_terminal(c)), "{out:?}");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[1], r"  | \u{1b}[2J\u{1b}]0;owned\u{7} code 131052-308T \u{202e}txt.exe\u{9b}31m\ttab");
        // The caret stands under the passage as shown, escapes included.
        assert_eq!(lines[2].find('^'), lines[1].find("131052"));
    }

    #[test]
    fn findings_are_reported_in_position_order_with_their_fix() {
        let text = "eka 131052-308T\ntoka 040 123 4567";
        let mut a = Analysis {
            language: Lang::Fi,
            findings: vec![finding(span_of(text, "040").0, text.len()), finding(4, 15)],
        };
        a.findings[0].fix = Some(guidepost::Fix { at: text.len(), text: "\n\nrivi 1\nrivi 2".into() });
        let mut out = Vec::new();
        report(&mut out, "p", text, &a, false).unwrap();
        let out = String::from_utf8(out).unwrap();
        let first = out.find("p:1:5:").unwrap();
        let second = out.find("p:2:6:").unwrap();
        assert!(first < second, "{out}");
        assert!(out.contains("  + rivi 1\n    rivi 2\n"), "{out}");
    }
}
