//! `./build.sh train`: retrains the learned layer from the repository's
//! labelled posts and rewrites `learned/weights.bin` and `learned/golden.json`.
//! `--check` rewrites nothing and fails when the committed files differ from
//! what training produces now. `--try name=value,…` trains with other
//! settings and prints the report without writing anything. `--errors
//! <category>` trains the same way, writes nothing, and lists the
//! development posts that rules and head together get wrong for that
//! category (missed first, then false alarms), for whoever writes the data.

use guidepost::learned::train::{run, Settings, GOLDEN_FILE, WEIGHTS_FILE};
use guidepost::model::Category;
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut errors_for = None;
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
            eprintln!("usage: guidepost-train [--check | --try name=value,... | --errors <category> [name=value,...]]");
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
