//! End-to-end tests of issue 13, "no silent pass, and every message true": real temporary
//! repositories and the built binary. Each test guards one path that used to pass without
//! checking (the pre-commit framework's first push, skipped files, an empty index under
//! pre-commit, malformed suppressions) or one message that used to say something false.

// Helpers outside `#[test]` functions report failures by panicking.
#![allow(clippy::expect_used)]

mod common;

use std::path::Path;

use common::{Run, Sandbox, TestRepo};

/// A listener on every interface.
const BAD: &str = "import socket\n\ns = socket.socket()\ns.bind((\"0.0.0.0\", 8080))\ns.listen()\n";
/// The same listener on loopback.
const CLEAN: &str =
    "import socket\n\ns = socket.socket()\ns.bind((\"127.0.0.1\", 8080))\ns.listen()\n";

/// Runs the binary at the top of `repo`'s work tree with extra environment variables.
fn bindcheck_with_env(repo: &TestRepo, args: &[&str], env: &[(&str, &str)]) -> Run {
    run_with_env(repo.sandbox(), repo.root(), args, env)
}

/// Runs the binary in `cwd` with extra environment variables.
fn run_with_env(sandbox: &Sandbox, cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let run = sandbox.bindcheck_with_env(cwd, args, env);
    assert!(!run.stderr.contains("panicked"), "{}", run.describe());
    run
}

/// What the pre-commit framework exports at its pre-push stage when the push starts at the
/// root commit: the branches and the remote, no `PRE_COMMIT_FROM_REF`/`PRE_COMMIT_TO_REF`.
const FIRST_PUSH: &[(&str, &str)] = &[
    ("PRE_COMMIT", "1"),
    ("PRE_COMMIT_LOCAL_BRANCH", "refs/heads/main"),
    ("PRE_COMMIT_REMOTE_BRANCH", "refs/heads/main"),
    ("PRE_COMMIT_REMOTE_NAME", "origin"),
    ("PRE_COMMIT_REMOTE_URL", "/nonexistent/remote.git"),
];

// ---------------------------------------------------------------------------------------------
// 1. The pre-commit framework's pre-push stage, from the root commit.

#[test]
fn pre_commit_first_push_from_root_commit_checks_whole_pushed_history() {
    let repo = TestRepo::new();
    repo.commit_file("clean.py", CLEAN);
    repo.commit_file("pushed.py", BAD);
    // The index is clean: before the fix the hook checked it and passed.
    let run = bindcheck_with_env(&repo, &["--format", "json"], FIRST_PUSH).assert_code(1);
    let paths: Vec<String> = run
        .findings()
        .iter()
        .map(|finding| finding["path"].as_str().expect("a path").to_owned())
        .collect();
    assert_eq!(paths, ["pushed.py"], "{}", run.describe());
    assert_eq!(run.json()["summary"]["files_checked"], 2);
}

#[test]
fn pre_commit_first_push_of_clean_history_passes_having_checked_it() {
    let repo = TestRepo::new();
    repo.commit_file("clean.py", CLEAN);
    bindcheck_with_env(&repo, &[], FIRST_PUSH)
        .assert_code(0)
        .assert_stderr_contains("1 changed Python file checked");
}

#[test]
fn pre_commit_push_without_range_skips_history_already_on_the_remote() {
    // A root commit that reaches the remote through another branch: only what the remote
    // lacks is new, as for git's own pre-push hook.
    let repo = TestRepo::new();
    repo.commit_file("legacy.py", BAD);
    let remote = repo.sandbox().mkdir("remote.git");
    repo.sandbox().git_in(&remote, &["init", "-q", "--bare"]);
    repo.git(&["remote", "add", "origin", &remote.to_string_lossy()]);
    repo.git(&["push", "-q", "--no-verify", "origin", "main"]);
    repo.commit_file("topic.py", BAD);
    let run = bindcheck_with_env(&repo, &["--format", "json"], FIRST_PUSH).assert_code(1);
    let paths: Vec<String> = run
        .findings()
        .iter()
        .map(|finding| finding["path"].as_str().expect("a path").to_owned())
        .collect();
    assert_eq!(paths, ["topic.py"], "{}", run.describe());
}

#[test]
fn pre_commit_push_of_unknown_local_branch_exits_2() {
    let repo = TestRepo::new();
    repo.commit_file("clean.py", CLEAN);
    let env = [
        ("PRE_COMMIT_LOCAL_BRANCH", "refs/heads/gone"),
        ("PRE_COMMIT_REMOTE_BRANCH", "refs/heads/gone"),
    ];
    bindcheck_with_env(&repo, &[], &env)
        .assert_code(2)
        .assert_stderr_contains("PRE_COMMIT_LOCAL_BRANCH");
}

// ---------------------------------------------------------------------------------------------
// 3. Skipped files are counted, and a skip that could hide a finding exits 2.

#[test]
fn file_over_size_limit_is_counted_as_skipped_and_exits_2() {
    let repo = TestRepo::new();
    let big = format!("{BAD}{}", "# padding\n".repeat(10));
    repo.write("big.py", big).write("small.py", CLEAN);
    repo.add(&["big.py", "small.py"]);
    // BAD and CLEAN are under 100 bytes, big.py over: the limit skips only big.py.
    let run = repo
        .bindcheck(&["--max-file-size", "100", "--format", "json"])
        .assert_code(2);
    run.assert_stderr_contains("big.py: ")
        .assert_stderr_contains("1 skipped: 1 too-large;")
        .assert_stderr_contains("could hide a finding");
    let json = run.json();
    assert_eq!(json["summary"]["files_checked"], 1);
    assert_eq!(json["summary"]["skipped"], 1);
    assert_eq!(json["summary"]["skipped_by_reason"]["too-large"], 1);
    assert_eq!(json["skipped_files"][0]["path"], "big.py");
    assert_eq!(json["skipped_files"][0]["reason"], "too-large");
    // Raising the limit checks it.
    repo.bindcheck(&["--max-file-size", "1K"]).assert_code(1);
}

#[test]
fn oversized_file_in_scan_is_counted_and_exits_2() {
    let repo = TestRepo::new();
    repo.write("big.py", BAD);
    repo.bindcheck(&["scan", "--max-file-size", "10"])
        .assert_code(2)
        .assert_stderr_contains("(0 Python files checked, 1 skipped: 1 too-large; 0 suppressed)");
}

#[test]
fn binary_file_is_counted_as_skipped_without_failing() {
    let repo = TestRepo::new();
    let mut content = b"\x00\x01\x02".to_vec();
    content.extend_from_slice(BAD.as_bytes());
    repo.write("blob.py", content).add(&["blob.py"]);
    // Python refuses to run source with a NUL byte: the file cannot hide a listener.
    let run = repo.bindcheck(&["--format", "json"]).assert_code(0);
    run.assert_stderr_contains("1 skipped: 1 binary;");
    assert_eq!(run.json()["summary"]["skipped_by_reason"]["binary"], 1);
    assert_eq!(run.json()["skipped_files"][0]["could_hide_finding"], false);
}

#[test]
fn summary_without_skipped_files_is_unchanged() {
    let repo = TestRepo::new();
    repo.write("clean.py", CLEAN).add(&["clean.py"]);
    let run = repo.bindcheck(&["--format", "json"]).assert_code(0);
    run.assert_stderr_contains("(1 changed Python file checked, 0 suppressed)");
    assert_eq!(run.json()["summary"]["skipped"], 0);
    assert_eq!(run.json()["skipped_files"], serde_json::json!([]));
}

// ---------------------------------------------------------------------------------------------
// 4. The `bindcheck` hook with nothing staged.

#[test]
fn pre_commit_run_with_nothing_staged_fails_pointing_to_bindcheck_scan() {
    let repo = TestRepo::new();
    repo.commit_file("legacy.py", BAD);
    // `pre-commit run --all-files`: the framework's variable, an index equal to HEAD.
    let run = bindcheck_with_env(&repo, &[], &[("PRE_COMMIT", "1")]).assert_code(2);
    run.assert_stderr_contains("nothing is staged")
        .assert_stderr_contains("bindcheck-scan");
    // A staged change is checked as usual under the framework.
    repo.write("app.py", CLEAN).add(&["app.py"]);
    bindcheck_with_env(&repo, &[], &[("PRE_COMMIT", "1")]).assert_code(0);
}

#[test]
fn plain_run_with_nothing_staged_says_so_and_passes() {
    let repo = TestRepo::new();
    repo.commit_file("legacy.py", BAD);
    repo.bindcheck(&[])
        .assert_code(0)
        .assert_stderr_contains("nothing is staged")
        .assert_stderr_contains("git bindcheck scan");
    let quiet = repo.bindcheck(&["-q"]).assert_code(0);
    assert!(quiet.stderr.is_empty(), "{}", quiet.describe());
}
