//! The `guidepost` command: check posts, list the rules, search the guideline.

use guidepost::{Analysis, Engine, Locale, Severity};
use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

const USAGE: &str = "\
usage: guidepost check [--json] [--locale sv|fi|en] [--config FILE] [FILE]
       guidepost rules [--json] [--config FILE]
       guidepost guide [--locale sv|fi|en] QUERY...
       guidepost --help | --version

check   reads the post from FILE (or standard input) and reports every passage
        that risks breaking Karleby's social-media guideline
rules   lists the rules of the pack (and of a configuration)
guide   searches the guideline cards";

/// One clear line and exit status 2: the contract for unusable input.
struct Fail(String);

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Fail(msg)) => {
            eprintln!("guidepost: {msg}");
            ExitCode::from(2)
        }
    }
}

#[derive(Default)]
struct Options {
    json: bool,
    locale: Option<Locale>,
    config: Option<String>,
    rest: Vec<String>,
}

fn parse_options(args: &[String], allowed: &[&str]) -> Result<Options, Fail> {
    let mut o = Options::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or_else(|| Fail(format!("{name} needs a value")));
        match a.as_str() {
            "--json" if allowed.contains(&"--json") => o.json = true,
            "--locale" if allowed.contains(&"--locale") => {
                let v = value("--locale")?;
                o.locale = Some(match v.as_str() {
                    "sv" | "fi" | "en" => Locale::parse(&v).unwrap(),
                    _ => return Err(Fail(format!("unknown locale '{v}' (use sv, fi or en)"))),
                });
            }
            "--config" if allowed.contains(&"--config") => o.config = Some(value("--config")?),
            "-" => o.rest.push(a.clone()),
            s if s.starts_with('-') => return Err(Fail(format!("unknown option '{s}' (see guidepost --help)"))),
            _ => o.rest.push(a.clone()),
        }
    }
    Ok(o)
}

fn run(args: &[String]) -> Result<(), Fail> {
    let Some((command, rest)) = args.split_first() else {
        return Err(Fail("no command given (see guidepost --help)".to_string()));
    };
    match command.as_str() {
        "check" => check(parse_options(rest, &["--json", "--locale", "--config"])?),
        "rules" => rules(parse_options(rest, &["--json", "--config"])?),
        "guide" => guide(parse_options(rest, &["--locale"])?),
        "--help" | "-h" | "help" => {
            println!("{USAGE}");
            Ok(())
        }
        "--version" | "-V" => {
            println!("guidepost {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
        other => Err(Fail(format!("unknown command '{other}' (see guidepost --help)"))),
    }
}

fn engine(config: &Option<String>) -> Result<Engine, Fail> {
    match config {
        None => Ok(Engine::builtin()),
        Some(path) => {
            let json =
                std::fs::read_to_string(path).map_err(|e| Fail(format!("cannot read configuration {path}: {e}")))?;
            Engine::with_config(&json).map_err(|e| Fail(format!("configuration {path}: {e}")))
        }
    }
}

/// The interface language: --locale, else the environment's, else Swedish
/// (the guideline's own language).
fn locale(o: &Options) -> Locale {
    o.locale
        .or_else(|| {
            ["LC_ALL", "LC_MESSAGES", "LANG"].iter().find_map(|v| std::env::var(v).ok().and_then(|s| Locale::parse(&s)))
        })
        .unwrap_or_default()
}

fn read_input(rest: &[String]) -> Result<(String, String), Fail> {
    let (name, bytes) = match rest {
        [] => ("<stdin>".to_string(), read_stdin()?),
        [f] if f == "-" => ("<stdin>".to_string(), read_stdin()?),
        [f] => (f.clone(), std::fs::read(f).map_err(|e| Fail(format!("cannot read {f}: {e}")))?),
        _ => return Err(Fail("check takes one file at most".to_string())),
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        Fail(format!("{name} is not valid UTF-8 (first bad byte at offset {})", e.utf8_error().valid_up_to()))
    })?;
    Ok((name, text))
}

fn read_stdin() -> Result<Vec<u8>, Fail> {
    let mut buf = Vec::new();
    std::io::stdin().read_to_end(&mut buf).map_err(|e| Fail(format!("cannot read standard input: {e}")))?;
    Ok(buf)
}

fn check(o: Options) -> Result<(), Fail> {
    let (name, text) = read_input(&o.rest)?;
    let engine = engine(&o.config)?;
    let analysis = engine.analyze(&text, locale(&o));
    let out = if o.json {
        serde_json::to_string_pretty(&analysis).expect("analysis serialises") + "\n"
    } else {
        report(&name, &text, &analysis, std::io::stdout().is_terminal())
    };
    print_out(&out)
}

fn print_out(s: &str) -> Result<(), Fail> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(s.as_bytes()).and_then(|_| stdout.flush()) {
        // A closed pipe (guidepost … | head) is not an error worth a message.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Fail(format!("cannot write output: {e}"))),
        _ => Ok(()),
    }
}

/// Readable diagnostics: `file:line:column: severity: message [rule]`, the
/// line with the passage marked, and the guideline section.
pub fn report(name: &str, text: &str, a: &Analysis, colour: bool) -> String {
    let paint = |code: &str, s: &str| if colour { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_string() };
    let mut out = String::new();
    let units: Vec<usize> = text.char_indices().flat_map(|(i, c)| std::iter::repeat_n(i, c.len_utf16())).collect();
    let byte_at = |u: usize| units.get(u).copied().unwrap_or(text.len());
    for f in &a.findings {
        let (start, end) = (byte_at(f.start), byte_at(f.end));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line_no = text[..start].matches('\n').count() + 1;
        let col = text[line_start..start].chars().count() + 1;
        let sev = match f.severity {
            Severity::Risk => paint("1;31", "risk"),
            Severity::Caution => paint("1;33", "caution"),
            Severity::Suggestion => paint("1;36", "suggestion"),
        };
        out += &format!("{name}:{line_no}:{col}: {sev}: {} [{}]\n", f.message, f.rule);
        let mark_end = end.min(line_end).max(start);
        let line = &text[line_start..line_end];
        out += &format!(
            "  | {}{}{}\n",
            &text[line_start..start],
            paint("1;4", &text[start..mark_end]),
            &text[mark_end..line_end]
        );
        let pad = text[line_start..start].chars().count();
        let width = text[start..mark_end].chars().count().max(1);
        if !line.is_empty() {
            out += &format!("  | {}{}\n", " ".repeat(pad), paint("1", &"^".repeat(width)));
        }
        out += &format!("  = {}\n", f.section);
        if let Some(fix) = &f.fix {
            out += &format!("  + {}\n", fix.text.trim_start().replace('\n', "\n    "));
        }
    }
    let count = |s: Severity| a.findings.iter().filter(|f| f.severity == s).count();
    out += &format!(
        "{name}: language {}, {} risk, {} caution, {} suggestion\n",
        a.language.as_str(),
        count(Severity::Risk),
        count(Severity::Caution),
        count(Severity::Suggestion)
    );
    out
}

fn rules(o: Options) -> Result<(), Fail> {
    if !o.rest.is_empty() {
        return Err(Fail("rules takes no arguments".to_string()));
    }
    let engine = engine(&o.config)?;
    let mut out = String::new();
    if o.json {
        let list: Vec<_> = engine
            .rules()
            .iter()
            .map(|r| {
                serde_json::json!({
                    "id": r.id, "category": r.category, "severity": r.category.severity(),
                    "lang": r.lang.as_str(),
                    "section": r.section, "builtin": r.builtin, "message": r.message,
                })
            })
            .collect();
        out = serde_json::to_string_pretty(&list).unwrap() + "\n";
    } else {
        for r in engine.rules() {
            out +=
                &format!("{:<44} {:<10} {:<4} {}\n", r.id, r.category.severity().as_str(), r.lang.as_str(), r.section);
        }
        out += &format!("{} rules\n", engine.rules().len());
    }
    print_out(&out)
}

fn guide(o: Options) -> Result<(), Fail> {
    let query = o.rest.join(" ");
    if query.trim().is_empty() {
        return Err(Fail("guide needs a search query, e.g. guidepost guide lösenord".into()));
    }
    let engine = Engine::builtin();
    let hits = engine.guide().search(&query, locale(&o));
    let mut out = String::new();
    if hits.is_empty() {
        out += &format!("no guideline section matches \"{query}\"\n");
    }
    for h in hits {
        out += &format!("{} [{}]\n  {}\n\n", h.title, h.id, h.summary);
    }
    print_out(&out)
}
