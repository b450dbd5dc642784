//! The `guidepost` command's contract (shared/spec/findings.md): JSON shape,
//! UTF-16 offsets, exit status 0 whatever it finds, 2 with one line on
//! standard error for unusable input.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn guidepost(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_guidepost"))
        .args(args)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the command starts");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn stderr_line(o: &Output) -> String {
    let e = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(e.trim_end().lines().count(), 1, "one line on stderr, got: {e}");
    e
}

#[test]
fn json_contract() {
    let post = "😀 Asiakkaan henkilötunnus on 131052-308T.";
    let o = guidepost(&["check", "--json", "--locale", "fi"], post.as_bytes());
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["language"], "fi");
    let f = v["findings"].as_array().unwrap().iter().find(|f| f["category"] == "personal-data").expect("a finding");
    assert_eq!(f["severity"], "risk");
    assert_eq!(f["rule"], "personal-data/fi-henkilotunnus");
    // The emoji is two UTF-16 units: the code starts at unit 30, not 29.
    let start = f["start"].as_u64().unwrap() as usize;
    let end = f["end"].as_u64().unwrap() as usize;
    let units: Vec<u16> = post.encode_utf16().collect();
    assert_eq!(String::from_utf16(&units[start..end]).unwrap(), "131052-308T");
    assert!(f["message"].as_str().unwrap().contains("Henkilötunnus"));
    assert!(!f["section"].as_str().unwrap().is_empty());
}

#[test]
fn clean_post_from_a_file_has_no_findings_and_exit_zero() {
    let dir = std::env::temp_dir().join(format!("guidepost-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("post.txt");
    std::fs::write(&file, "Kirjasto on avoinna tänään klo 10–18.").unwrap();
    let o = guidepost(&["check", "--json", file.to_str().unwrap()], b"");
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["findings"].as_array().unwrap().iter().filter(|f| f["severity"] != "suggestion").count(), 0);
}

#[test]
fn readable_output_marks_the_passage() {
    let o = guidepost(&["check", "--locale", "en"], "Hello.\nThe code 131052-308T is here.".as_bytes());
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("<stdin>:2:10: risk:"), "{out}");
    assert!(out.contains("^^^^^^^^^^^"), "{out}");
    assert!(!out.contains('\x1b'), "no colour when not on a terminal");
}

#[test]
fn bad_input_gets_one_line_and_status_two() {
    for (args, input) in [
        (vec!["check", "--bogus"], &b""[..]),
        (vec!["check", "/nonexistent/post.txt"], b""),
        (vec!["check"], b"caf\xe9 latte"),
        (vec!["check", "--locale", "de"], b""),
        (vec!["frobnicate"], b""),
        (vec![], b""),
    ] {
        let o = guidepost(&args, input);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(o.stdout.is_empty(), "{args:?}");
        assert!(stderr_line(&o).starts_with("guidepost: "), "{args:?}");
    }
}

#[test]
fn broken_configuration_is_named() {
    let dir = std::env::temp_dir().join(format!("guidepost-cfg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("org.json");
    std::fs::write(&file, r#"{"hashtags": ["no-hash"]}"#).unwrap();
    let o = guidepost(&["check", "--config", file.to_str().unwrap()], b"hei");
    assert_eq!(o.status.code(), Some(2));
    let e = stderr_line(&o);
    assert!(e.contains("hashtags[0]"), "{e}");
}

#[test]
fn rules_and_guide() {
    let o = guidepost(&["rules", "--json"], b"");
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v.as_array().unwrap().iter().any(|r| r["id"] == "personal-data/fi-henkilotunnus"));

    let o = guidepost(&["guide", "--locale", "fi", "eFeedback"], b"");
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("[allmanna-principer]"), "{out}");
}
