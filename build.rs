//! Turns the TOML data files (rule pack, guideline cards) into JSON embedded
//! in the binary, so the product parses only JSON at start-up and a TOML
//! syntax error in a data file stops the build with its file and line.
//! It also compiles every pattern of the pack and of the learned layer's cue
//! groups with the matcher's own code (`src/matcher/builder.rs`), so start-up
//! reads them ready-made and a pattern that does not parse stops the build
//! with its rule and field.

use std::{env, fs, path::Path};

// The matcher's compiler, the very files the crate uses (each names its
// neighbours as `crate::fold`, `crate::pattern` and `super::terms`).
#[allow(dead_code)]
#[path = "src/matcher/builder.rs"]
mod builder;
#[allow(dead_code)]
#[path = "src/fold.rs"]
mod fold;
#[allow(dead_code)]
#[path = "src/pattern.rs"]
mod pattern;
#[allow(dead_code)]
#[path = "src/matcher/terms.rs"]
mod terms;

/// The strings of `value[key]`, an array of strings or absent.
fn strings(value: &serde_json::Value, key: &str) -> Vec<String> {
    value
        .get(key)
        .and_then(|v| v.as_array())
        .map_or(Vec::new(), |a| a.iter().map(|s| s.as_str().expect("patterns are strings").to_string()).collect())
}

/// Compiles the cue groups, then the rules, in the order `Engine::compile`
/// asks for their ids, and takes the rules' patterns out of `pack` (the
/// product needs only how many each list has, which go into the bytes).
fn compile_patterns(pack: &mut [serde_json::Value], cues: &serde_json::Value) -> Vec<u8> {
    let mut set = builder::Compiling::default();
    let mut add = |source: &str, trigger: bool, place: &dyn Fn() -> String| {
        let parsed = pattern::Pattern::parse(source).unwrap_or_else(|e| panic!("{}: {e}", place()));
        set.add(&parsed, trigger);
    };
    for cue in cues["cue"].as_array().expect("learned/cues.toml has [[cue]] tables") {
        let id = cue["id"].as_str().unwrap_or("?");
        let words = strings(cue, "words");
        if let Some(w) = words.iter().find(|w| w.contains(char::is_whitespace)) {
            panic!("learned/cues.toml: cue {id}: \"{w}\" belongs in phrases");
        }
        let words = (!words.is_empty()).then(|| words.join("|"));
        for source in words.iter().chain(&strings(cue, "phrases")) {
            add(source, true, &|| format!("learned/cues.toml: cue {id}"));
        }
    }
    let mut lists = Vec::new();
    for file in pack.iter_mut() {
        let name = file[0].as_str().unwrap().to_string();
        for rule in file[1].get_mut("rule").and_then(|r| r.as_array_mut()).into_iter().flatten() {
            let id = rule["id"].as_str().unwrap_or("?").to_string();
            let mut counts = [0; 3];
            for (k, list) in ["match", "unless", "near"].into_iter().enumerate() {
                let sources = strings(rule, list);
                for (i, source) in sources.iter().enumerate() {
                    add(source, list == "match", &|| format!("rules/{name}: rule {id}: {list}[{i}]"));
                }
                counts[k] = sources.len() as u32;
                rule.as_object_mut().expect("a rule is a table").remove(list);
            }
            lists.push(counts);
        }
    }
    set.encode(&lists)
}

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
    for f in ["src/fold.rs", "src/pattern.rs", "src/matcher/terms.rs", "src/matcher/builder.rs"] {
        println!("cargo:rerun-if-changed={f}");
    }

    // The learned layer's heads and cue groups; its weights are embedded as
    // they are (learned/weights.bin).
    let mut cues = serde_json::Value::Null;
    for name in ["heads", "cues"] {
        let path = format!("learned/{name}.toml");
        println!("cargo:rerun-if-changed={path}");
        let json = toml_to_json(Path::new(&path));
        fs::write(Path::new(&out).join(format!("{name}.json")), serde_json::to_string(&json).unwrap()).unwrap();
        if name == "cues" {
            cues = json;
        }
    }
    fs::write(Path::new(&out).join("matcher.bin"), compile_patterns(&mut pack, &cues)).unwrap();
    // The pack without its patterns (messages, sections, examples…).
    fs::write(Path::new(&out).join("rules.json"), serde_json::to_string(&pack).unwrap()).unwrap();
    println!("cargo:rerun-if-changed=learned/weights.bin");

    println!("cargo:rerun-if-changed=guide/cards.toml");
    let cards = toml_to_json(Path::new("guide/cards.toml"));
    fs::write(Path::new(&out).join("cards.json"), serde_json::to_string(&cards).unwrap()).unwrap();
}
