//! The `guidepost` command's contract (shared/spec/findings.md): JSON shape,
//! UTF-16 offsets, exit status 0 whatever it finds, 2 with one line on
//! standard error for unusable input.

use guidepost::{Engine, Locale};
use std::io::{Read, Write};
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

/// The readable output of a long one-line post shows a window around each
/// passage, not the whole line per finding (which once printed gigabytes):
/// its size is bounded per finding. The output is read up to that bound
/// only, so a regression fails without filling the memory.
#[test]
fn readable_output_of_a_long_line_is_bounded_per_finding() {
    let sentence = "Soita 040 123 4567. Kirjasto on avoinna tänään klo 10–18, kahvila samoin. ";
    let post = sentence.repeat(200_000 / sentence.len());
    let dir = std::env::temp_dir().join(format!("guidepost-long-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("post.txt");
    std::fs::write(&file, &post).unwrap();

    let findings = {
        let o = guidepost(&["check", "--json", file.to_str().unwrap()], b"");
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v["findings"].as_array().unwrap().len()
    };
    assert!(findings > 2000, "{findings} findings");

    const BYTES_PER_FINDING: usize = 600;
    let limit = findings * BYTES_PER_FINDING;
    let mut child = Command::new(env!("CARGO_BIN_EXE_guidepost"))
        .args(["check", "--locale", "en", file.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = Vec::new();
    child.stdout.take().unwrap().take(limit as u64 + 1).read_to_end(&mut out).unwrap();
    let _ = child.kill();
    let status = child.wait().unwrap();
    assert!(out.len() <= limit, "more than {BYTES_PER_FINDING} bytes per finding for {findings} findings");
    assert_eq!(status.code(), Some(0));
    let out = String::from_utf8(out).unwrap();
    let header = format!("{}:1:", file.display());
    assert_eq!(out.lines().filter(|l| l.starts_with(&header)).count(), findings, "every finding reported");
    for line in out.lines().filter(|l| l.starts_with("  | ")) {
        assert!(line.chars().count() <= 130, "a window of at most 130 characters: {line}");
    }
    let last_phone = post.chars().count() - sentence.chars().count() + 7;
    assert!(out.contains(&format!("{header}{last_phone}: risk:")), "the last phone number at its column");
}

/// Escape sequences and bidi controls of the post reach the terminal only
/// as visible escapes in the readable output; --json stays byte for byte
/// what the library serialises.
#[test]
fn readable_output_shows_control_characters_escaped_and_json_stays_exact() {
    let post = "\x1b[2J\x1b]0;pwned\x07Koodi 131052-308T.\u{9b}31m \u{202e}fdp.exe\r\n";
    let o = guidepost(&["check", "--locale", "fi"], post.as_bytes());
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(!out.chars().any(|c| (c.is_control() && c != '\n') || c == '\u{202e}'), "{out:?}");
    assert!(
        out.contains("  | \\u{1b}[2J\\u{1b}]0;pwned\\u{7}Koodi 131052-308T.\\u{9b}31m \\u{202e}fdp.exe\n"),
        "{out}"
    );

    let o = guidepost(&["check", "--json", "--locale", "fi"], post.as_bytes());
    let expected = serde_json::to_string_pretty(&Engine::builtin().analyze(post, Locale::Fi)).unwrap() + "\n";
    assert_eq!(String::from_utf8(o.stdout).unwrap(), expected);
}

/// `std::env::args` panics (exit 101) on an argument that is not UTF-8.
#[cfg(unix)]
#[test]
fn an_argument_that_is_not_utf8_gets_one_line_and_status_two() {
    use std::os::unix::ffi::OsStrExt;
    let o = Command::new(env!("CARGO_BIN_EXE_guidepost"))
        .arg("check")
        .arg(std::ffi::OsStr::from_bytes(b"\xff"))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert_eq!(stderr_line(&o), "guidepost: argument 2 is not valid UTF-8\n");
}
