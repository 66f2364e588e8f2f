//! nimbus-shell run as a program: lines on stdin, output as a terminal (or JSON lines) shows it.

use std::io::Write;
use std::process::{Command, Stdio};

const SESSION: &str = "aws s3api create-bucket --bucket shell-demo
echo '<h1>from the shell</h1>' > page.html
aws s3api put-object --bucket shell-demo --key page.html --body page.html
aws s3api get-object --bucket shell-demo --key page.html copy.html
cat copy.html
aws s3api get-object --bucket missing-bucket --key k out.html
";

/// Runs the binary in a fresh folder with `stdin`; returns (stdout, stderr, exit status, folder).
fn run(args: &[&str], stdin: &str, name: &str) -> (String, String, i32, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("nimbus-shell-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_nimbus-shell"))
        .args(args)
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap_or(-1),
        dir,
    )
}

#[test]
fn a_session_in_terminal_mode() {
    let (stdout, stderr, code, dir) = run(&[], SESSION, "plain");
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("{\n    \"Location\": \"/shell-demo\"\n}\n"), "{stdout}");
    assert!(stdout.contains("\"ETag\": \""), "{stdout}");
    assert!(stdout.contains("\"ContentLength\": 24"), "{stdout}");
    assert!(stdout.ends_with("<h1>from the shell</h1>\n"), "{stdout}");
    assert_eq!(
        stderr,
        "\nAn error occurred (NoSuchBucket) when calling the GetObject operation: The specified bucket does not exist\n"
    );
    assert_eq!(std::fs::read_to_string(dir.join("copy.html")).unwrap(), "<h1>from the shell</h1>\n");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_session_as_json_lines() {
    let (stdout, _, code, dir) = run(&["--jsonl", "--seed", "42"], &format!("{SESSION}nimbus seed\n"), "jsonl");
    assert_eq!(code, 0);
    let lines: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 7, "one object per input line: {stdout}");
    assert_eq!(lines[0]["exit_code"], 0);
    assert_eq!(lines[1]["stdout"], "");
    let got: serde_json::Value = serde_json::from_str(lines[3]["stdout"].as_str().unwrap()).unwrap();
    assert_eq!(got["ContentLength"], 24);
    assert_eq!(lines[4]["stdout"], "<h1>from the shell</h1>\n");
    assert_eq!(lines[5]["exit_code"], 254);
    assert!(lines[5]["stderr"].as_str().unwrap().contains("(NoSuchBucket)"));
    assert_eq!(lines[6]["stdout"], "42\n");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn bad_options_are_refused() {
    let (_, stderr, code, dir) = run(&["--seed", "many"], "", "badopt");
    assert_eq!(code, 2);
    assert!(stderr.contains("--seed needs a number"));
    let _ = std::fs::remove_dir_all(dir);
}
