//! Turns the TOML data files (rule pack, guideline cards) into JSON embedded
//! in the binary, so the product parses only JSON at start-up and a TOML
//! syntax error in a data file stops the build with its file and line.

use std::{env, fs, path::Path};

fn toml_to_json(path: &Path) -> serde_json::Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let value: toml::Value = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::to_value(value).expect("TOML values are JSON values")
}

fn main() {
    let out = env::var("OUT_DIR").unwrap();

    println!("cargo:rerun-if-changed=rules");
    let mut files: Vec<_> = fs::read_dir("rules")
        .expect("rules/ directory")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut pack = Vec::new();
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        pack.push(serde_json::json!([name, toml_to_json(path)]));
    }
    fs::write(Path::new(&out).join("rules.json"), serde_json::to_string(&pack).unwrap()).unwrap();

    // The learned layer's heads and cue groups; its weights are embedded as
    // they are (learned/weights.bin).
    for name in ["heads", "cues"] {
        let path = format!("learned/{name}.toml");
        println!("cargo:rerun-if-changed={path}");
        let json = toml_to_json(Path::new(&path));
        fs::write(Path::new(&out).join(format!("{name}.json")), serde_json::to_string(&json).unwrap()).unwrap();
    }
    println!("cargo:rerun-if-changed=learned/weights.bin");

    println!("cargo:rerun-if-changed=guide/cards.toml");
    let cards = toml_to_json(Path::new("guide/cards.toml"));
    fs::write(Path::new(&out).join("cards.json"), serde_json::to_string(&cards).unwrap()).unwrap();
}
