//! `./build.sh train`: retrains the learned layer from the repository's
//! labelled posts and rewrites `learned/weights.bin` and `learned/golden.json`.
//! `--check` rewrites nothing and fails when the committed files differ from
//! what training produces now. `--try name=value,…` trains with other
//! settings and prints the report without writing anything. `--errors
//! <category>` trains the same way, writes nothing, and lists the
//! development posts that rules and head together get wrong for that
//! category (missed first, then false alarms), for whoever writes the data.
//! `--groups [name=value,…]` trains once per writer group of the data
//! files with that group left out (`test_groups`) and prints the pooled
//! figures on the left-out posts: how a setting does on writers the heads
//! never read, for choosing settings without holdout v2.
//! `--explain <category> <text>` shows what the committed head makes of a
//! text: each sentence's score and the features that moved it most.

use guidepost::learned::train::{run, writer_groups, HeldOut, Settings, GOLDEN_FILE, WEIGHTS_FILE};
use guidepost::model::Category;
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut errors_for = None;
    if let [a, id, text] = args.as_slice() {
        if a == "--explain" {
            return explain(id, text);
        }
    }
    if let [a, rest @ ..] = args.as_slice() {
        if a == "--groups" && rest.len() <= 1 {
            return groups(rest.first().map_or("", String::as_str));
        }
    }
    let (check, trial) = match args.as_slice() {
        [] => (false, None),
        [a] if a == "--check" => (true, None),
        [a, spec] if a == "--try" => (false, Some(spec.clone())),
        [a, id, rest @ ..] if a == "--errors" && rest.len() <= 1 => match Category::from_id(id) {
            Some(c) => {
                errors_for = Some(c);
                (false, Some(rest.first().cloned().unwrap_or_default()))
            }
            None => {
                eprintln!("guidepost-train: --errors: unknown category {id}");
                return ExitCode::from(2);
            }
        },
        _ => {
            eprintln!(
                "usage: guidepost-train [--check | --try name=value,... | --errors <category> [name=value,...] | --groups [name=value,...] | --explain <category> <text>]"
            );
            return ExitCode::from(2);
        }
    };
    let settings = match Settings::default().with_overrides(trial.as_deref().unwrap_or("")) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("guidepost-train: {e}");
            return ExitCode::from(2);
        }
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let started = std::time::Instant::now();
    let (trained, golden) = match run(root, &settings) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("guidepost-train: {e}");
            return ExitCode::from(2);
        }
    };
    print!("{}", trained.report);
    println!("training took {:.1} s", started.elapsed().as_secs_f64());
    if let Some(category) = errors_for {
        let mut errors: Vec<_> = trained.dev_errors.iter().filter(|e| e.category == category).collect();
        errors.sort_by_key(|e| !e.labelled);
        for e in errors {
            let what = match (e.labelled, e.by_rule) {
                (true, _) => "missed",
                (false, true) => "false alarm (rule)",
                (false, false) => "false alarm (head)",
            };
            println!(
                "{what}\t{}\tscore {:.2} / threshold {:.2}\n    {}",
                e.id,
                e.score,
                e.threshold,
                e.text.replace('\n', " / ")
            );
        }
        return ExitCode::SUCCESS;
    }
    if trial.is_some() {
        return ExitCode::SUCCESS;
    }
    let golden = serde_json::to_string_pretty(&golden).expect("golden scores serialise") + "\n";
    if check {
        let same_weights = std::fs::read(root.join(WEIGHTS_FILE)).is_ok_and(|b| b == trained.bytes);
        let same_golden = std::fs::read_to_string(root.join(GOLDEN_FILE)).is_ok_and(|g| g == golden);
        if same_weights && same_golden {
            println!("the committed weights and golden scores are what training produces");
            return ExitCode::SUCCESS;
        }
        eprintln!("guidepost-train: the committed {WEIGHTS_FILE} or {GOLDEN_FILE} differ from what training produces; run ./build.sh train");
        return ExitCode::from(1);
    }
    for (file, bytes) in [(WEIGHTS_FILE, trained.bytes.as_slice()), (GOLDEN_FILE, golden.as_bytes())] {
        if let Err(e) = std::fs::write(root.join(file), bytes) {
            eprintln!("guidepost-train: {file}: {e}");
            return ExitCode::from(2);
        }
        println!("wrote {file} ({} bytes)", bytes.len());
    }
    ExitCode::SUCCESS
}

/// `--explain <category> <text>`: the committed head's score on each
/// sentence of the text and the features that moved it most, either way.
fn explain(id: &str, text: &str) -> ExitCode {
    let Some(category) = Category::from_id(id) else {
        eprintln!("guidepost-train: --explain: unknown category {id}");
        return ExitCode::from(2);
    };
    let engine = guidepost::Engine::builtin();
    for s in engine.head_features(text, category) {
        let (sentence, score, parts) = (s.text, s.score, s.features);
        let total: f32 = parts.iter().map(|p| p.1).sum();
        println!("{score:+.2}  {sentence}  (bias {:+.2}, features {total:+.2} from {})", score - total, parts.len());
        for (words, c) in parts.iter().take(15) {
            let words = if words.is_empty() { "(post, neighbours, shape)" } else { words };
            println!("      {c:+.2}  {words}");
        }
    }
    ExitCode::SUCCESS
}

/// `--groups [settings]`: one run per writer group left out, pooled.
fn groups(overrides: &str) -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let chosen = match Settings::default().with_overrides(overrides) {
        Ok(s) => s.groups,
        Err(e) => {
            eprintln!("guidepost-train: {e}");
            return ExitCode::from(2);
        }
    };
    let groups = match writer_groups(root) {
        Ok(g) if chosen.is_empty() => g,
        Ok(g) => {
            let want: Vec<String> = chosen.split('+').filter(|x| !x.is_empty()).map(str::to_string).collect();
            if let Some(unknown) = want.iter().find(|w| !g.contains(w)) {
                eprintln!("guidepost-train: --groups: no writer group {unknown} in learned/data");
                return ExitCode::from(2);
            }
            want
        }
        Err(e) => {
            eprintln!("guidepost-train: {e}");
            return ExitCode::from(2);
        }
    };
    let started = std::time::Instant::now();
    let mut pooled = HeldOut::default();
    for (i, group) in groups.iter().enumerate() {
        let spec = if overrides.is_empty() {
            format!("test_groups={group}")
        } else {
            format!("{overrides},test_groups={group}")
        };
        let settings = match Settings::default().with_overrides(&spec) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("guidepost-train: {e}");
                return ExitCode::from(2);
            }
        };
        match run(root, &settings) {
            Ok((trained, _)) => {
                if let Some(h) = &trained.held_out {
                    pooled.pool(h);
                }
                eprintln!("[{}/{}] {group} left out ({:.0} s)", i + 1, groups.len(), started.elapsed().as_secs_f64());
            }
            Err(e) => {
                eprintln!("guidepost-train: {e}");
                return ExitCode::from(2);
            }
        }
    }
    println!(
        "each of {} writer groups left out once{}, pooled:",
        groups.len(),
        if overrides.is_empty() { String::new() } else { format!(" ({overrides})") }
    );
    print!("{}", pooled.table());
    ExitCode::SUCCESS
}
