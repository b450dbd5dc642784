//! The `guidepost` command: check posts, list the rules, search the guideline.

use guidepost::{Engine, Locale};
use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

mod readable;

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
    match utf8_args().and_then(|args| run(&args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Fail(msg)) => {
            eprintln!("guidepost: {msg}");
            ExitCode::from(2)
        }
    }
}

/// The arguments as strings; one that is not UTF-8 is unusable input
/// (`std::env::args` would panic on it).
fn utf8_args() -> Result<Vec<String>, Fail> {
    std::env::args_os()
        .skip(1)
        .enumerate()
        .map(|(i, a)| a.into_string().map_err(|_| Fail(format!("argument {} is not valid UTF-8", i + 1))))
        .collect()
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
    let colour = std::io::stdout().is_terminal();
    print_with(|out| {
        if o.json {
            serde_json::to_writer_pretty(&mut *out, &analysis)?;
            out.write_all(b"\n")
        } else {
            readable::report(out, &name, &text, &analysis, colour)
        }
    })
}

fn print_out(s: &str) -> Result<(), Fail> {
    print_with(|out| out.write_all(s.as_bytes()))
}

/// Streams what `write` produces to a buffered standard output, so output
/// of any size never has to fit in memory.
fn print_with(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<(), Fail> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match write(&mut out).and_then(|_| out.flush()) {
        // A closed pipe (guidepost … | head) is not an error worth a message.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Fail(format!("cannot write output: {e}"))),
        _ => Ok(()),
    }
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
