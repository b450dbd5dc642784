//! `./build.sh train`: retrains the learned layer from the repository's
//! labelled posts and rewrites `learned/weights.bin` and `learned/golden.json`.
//! `--check` rewrites nothing and fails when the committed files differ from
//! what training produces now.

use guidepost::learned::train::{default_run, GOLDEN_FILE, WEIGHTS_FILE};
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let check = match args.as_slice() {
        [] => false,
        [a] if a == "--check" => true,
        _ => {
            eprintln!("usage: guidepost-train [--check]");
            return ExitCode::from(2);
        }
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let started = std::time::Instant::now();
    let (trained, golden) = match default_run(root) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("guidepost-train: {e}");
            return ExitCode::from(2);
        }
    };
    print!("{}", trained.report);
    println!("training took {:.1} s", started.elapsed().as_secs_f64());
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
