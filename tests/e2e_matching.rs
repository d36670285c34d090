//! End-to-end tests of which findings the diff modes call new (SPEC 4): a finding is matched by
//! what decides its exposure (rule, callee, host value, wrapper chain), so editing an unrelated
//! argument of an existing listener is not new, and a listener moved to another file of the same
//! change is not new; a changed host, a second copy, or a moved listener whose host changed is.
//! Each case in the staged check, `diff`, and (for some) `pre-push`.

// Helpers outside `#[test]` functions: a failed expectation is how they report a broken fixture.
#![allow(clippy::expect_used)]

mod common;

use common::TestRepo;

const PRELUDE: &str = "from flask import Flask\n\napp = Flask(__name__)\n";

/// The listening call with the given host, port and debug flag.
fn listener(host: &str, port: u32, debug: bool) -> String {
    let debug = if debug { "True" } else { "False" };
    format!("    app.run(host=\"{host}\", port={port}, debug={debug})\n")
}

/// A module holding `serve()`, which listens as [`listener`] says.
fn app(host: &str, port: u32, debug: bool) -> String {
    format!(
        "{PRELUDE}\n\ndef helper():\n    return 1\n\n\ndef serve():\n{}",
        listener(host, port, debug)
    )
}

/// `app.py` holding the listener, committed.
fn repo_with_listener() -> TestRepo {
    let repo = TestRepo::new();
    repo.commit_file("app.py", app("0.0.0.0", 5000, true));
    repo
}

/// `app.py` after `serve()` moved out: no listener word is left in it.
const APP_WITHOUT_SERVE: &str = "def helper():\n    return 1\n";

/// The findings of a failed run, as `(path, line)`.
fn blocking(repo: &TestRepo, args: &[&str]) -> Vec<(String, u64)> {
    let mut args = args.to_vec();
    args.extend(["--format", "json"]);
    let run = repo.bindcheck(&args).assert_code(1);
    run.findings()
        .iter()
        .map(|finding| {
            (
                finding["path"].as_str().unwrap_or_default().to_owned(),
                finding["line"].as_u64().unwrap_or_default(),
            )
        })
        .collect()
}

/// Runs `pre-push` for the branch `topic` against `main` (the remote's tip).
fn pre_push(repo: &TestRepo, main: &str) -> common::Run {
    let pushed = repo.git(&["rev-parse", "HEAD"]).trim().to_owned();
    let input = format!("refs/heads/topic {pushed} refs/heads/topic {main}\n");
    repo.sandbox().bindcheck_with_stdin(
        repo.root(),
        &["pre-push", "origin", "unused-url", "--format", "json"],
        input.as_bytes(),
    )
}

/// Starts branch `topic` at the current commit; returns the commit.
fn branch(repo: &TestRepo) -> String {
    let main = repo.git(&["rev-parse", "HEAD"]).trim().to_owned();
    repo.git(&["branch", "-q", "-M", "main"]);
    repo.git(&["checkout", "-q", "-b", "topic"]);
    main
}

// Case: an unrelated argument of an existing listener changes.

#[test]
fn staged_debug_or_port_edit_of_existing_listener_passes() {
    let repo = repo_with_listener();
    repo.write("app.py", app("0.0.0.0", 5000, false))
        .add(&["app.py"]);
    repo.bindcheck(&[]).assert_code(0);
    repo.write("app.py", app("0.0.0.0", 8080, false))
        .add(&["app.py"]);
    repo.bindcheck(&[]).assert_code(0);
    // Still reported as existing where every finding is asked for.
    let run = repo.bindcheck(&["--report", "all", "--format", "json"]);
    let findings = run.findings();
    assert_eq!(findings.len(), 1, "{}", run.describe());
    assert_eq!(findings[0]["status"], "existing");
}

#[test]
fn staged_host_changed_to_another_wildcard_blocks() {
    let repo = repo_with_listener();
    repo.write("app.py", app("::", 5000, true)).add(&["app.py"]);
    assert_eq!(blocking(&repo, &[]), [("app.py".to_owned(), 11)]);
}

#[test]
fn staged_second_copy_with_other_arguments_blocks() {
    let repo = repo_with_listener();
    let twice = format!(
        "{}\n\ndef serve_debug():\n{}",
        app("0.0.0.0", 5000, true),
        listener("0.0.0.0", 5001, false)
    );
    repo.write("app.py", twice).add(&["app.py"]);
    assert_eq!(blocking(&repo, &[]), [("app.py".to_owned(), 15)]);
}

#[test]
fn diff_port_edit_passes_and_host_edit_blocks() {
    let repo = repo_with_listener();
    let main = branch(&repo);
    repo.commit_file("app.py", app("0.0.0.0", 9000, false));
    repo.bindcheck(&["diff", &main]).assert_code(0);
    repo.commit_file("app.py", app("::", 9000, false));
    assert_eq!(
        blocking(&repo, &["diff", &main]),
        [("app.py".to_owned(), 11)]
    );
}

#[test]
fn pre_push_port_edit_passes_and_second_copy_blocks() {
    let repo = repo_with_listener();
    let main = branch(&repo);
    repo.commit_file("app.py", app("0.0.0.0", 9000, true));
    pre_push(&repo, &main).assert_code(0);
    repo.commit_file(
        "app.py",
        format!(
            "{}\n\ndef serve_again():\n{}",
            app("0.0.0.0", 9000, true),
            listener("0.0.0.0", 9001, true)
        ),
    );
    let run = pre_push(&repo, &main).assert_code(1);
    assert_eq!(run.findings().len(), 1, "{}", run.describe());
    assert_eq!(run.findings()[0]["line"], 15);
}

// Case: a function holding a listener moves to another module.

/// Stages `serve()` in a new `server.py`, with `app.py` keeping `serve()` or not.
fn stage_move(repo: &TestRepo, host: &str, keep_in_app: bool) {
    let app_now = if keep_in_app {
        app("0.0.0.0", 5000, true)
    } else {
        APP_WITHOUT_SERVE.to_owned()
    };
    repo.write("app.py", app_now)
        .write(
            "server.py",
            format!("{PRELUDE}\n\ndef serve():\n{}", listener(host, 5000, true)),
        )
        .add(&["app.py", "server.py"]);
}

#[test]
fn staged_function_moved_to_new_module_passes() {
    let repo = repo_with_listener();
    stage_move(&repo, "0.0.0.0", false);
    repo.bindcheck(&[])
        .assert_code(0)
        .assert_stderr_contains("2 changed Python files checked");
    let run = repo.bindcheck(&["--report", "all", "--format", "json"]);
    let findings = run.findings();
    assert_eq!(findings.len(), 1, "{}", run.describe());
    assert_eq!(findings[0]["path"], "server.py");
    assert_eq!(findings[0]["status"], "existing");
}

#[test]
fn staged_function_copied_to_new_module_blocks() {
    let repo = repo_with_listener();
    stage_move(&repo, "0.0.0.0", true);
    assert_eq!(blocking(&repo, &[]), [("server.py".to_owned(), 7)]);
}

#[test]
fn staged_function_moved_with_a_new_host_blocks() {
    let repo = repo_with_listener();
    stage_move(&repo, "::", false);
    assert_eq!(blocking(&repo, &[]), [("server.py".to_owned(), 7)]);
}

#[test]
fn staged_move_is_judged_only_against_files_of_the_change() {
    // The listener stays in `app.py` (unchanged, not part of the change): a copy elsewhere is
    // new even though another changed file lost an unrelated listener.
    let repo = repo_with_listener();
    repo.commit_file(
        "other.py",
        format!("{PRELUDE}\n\ndef other():\n{}", listener("::", 1, true)),
    );
    repo.write("other.py", APP_WITHOUT_SERVE)
        .write(
            "server.py",
            format!(
                "{PRELUDE}\n\ndef serve():\n{}",
                listener("0.0.0.0", 5000, true)
            ),
        )
        .add(&["other.py", "server.py"]);
    assert_eq!(blocking(&repo, &[]), [("server.py".to_owned(), 7)]);
}

#[test]
fn diff_function_moved_passes_and_copied_blocks() {
    let repo = repo_with_listener();
    let main = branch(&repo);
    stage_move(&repo, "0.0.0.0", false);
    repo.commit("move serve() to server.py");
    repo.bindcheck(&["diff", &main]).assert_code(0);
    // `serve()` back in `app.py` as well: over the range `app.py` is unchanged, and the copy
    // in `server.py` is new.
    repo.commit_file("app.py", app("0.0.0.0", 5000, true));
    assert_eq!(
        blocking(&repo, &["diff", &main]),
        [("server.py".to_owned(), 7)]
    );
}

#[test]
fn pre_push_function_moved_passes_and_moved_with_new_host_blocks() {
    let repo = repo_with_listener();
    let main = branch(&repo);
    stage_move(&repo, "0.0.0.0", false);
    repo.commit("move serve() to server.py");
    pre_push(&repo, &main).assert_code(0);
    stage_move(&repo, "::", false);
    repo.commit("serve() on IPv6");
    let run = pre_push(&repo, &main).assert_code(1);
    assert_eq!(run.findings().len(), 1, "{}", run.describe());
    assert_eq!(run.findings()[0]["path"], "server.py");
}

#[test]
fn staged_requoted_and_rewrapped_host_with_new_port_passes() {
    let repo = repo_with_listener();
    let rewritten = app("0.0.0.0", 5000, true).replace(
        "    app.run(host=\"0.0.0.0\", port=5000, debug=True)\n",
        "    app.run(\n        host=('0.0.0.0'),  # all interfaces, on purpose\n        port=5001,\n    )\n",
    );
    repo.write("app.py", rewritten).add(&["app.py"]);
    repo.bindcheck(&[]).assert_code(0);
    let run = repo.bindcheck(&["--report", "all", "--format", "json"]);
    let findings = run.findings();
    assert_eq!(findings.len(), 1, "{}", run.describe());
    assert_eq!(findings[0]["status"], "existing");
    assert_eq!(findings[0]["host"], "'0.0.0.0'");
}

/// Runs pre-commit's range mode (`PRE_COMMIT_FROM_REF`/`PRE_COMMIT_TO_REF`, as pre-commit sets
/// them for its `pre-push` and `manual` stages) from `from` to `to`.
fn range_mode(repo: &TestRepo, from: &str, to: &str) -> std::process::Output {
    repo.sandbox()
        .command(common::BINARY, repo.root())
        .args(["--format", "json"])
        .env("PRE_COMMIT_FROM_REF", from)
        .env("PRE_COMMIT_TO_REF", to)
        .output()
        .expect("run git-bindcheck")
}

/// The `(path, status)` of the findings of a range-mode run.
fn range_findings(output: &std::process::Output) -> Vec<(String, String)> {
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    report["findings"]
        .as_array()
        .map(|findings| {
            findings
                .iter()
                .map(|finding| {
                    (
                        finding["path"].as_str().unwrap_or_default().to_owned(),
                        finding["status"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn range_mode_port_edit_passes_and_host_edit_blocks() {
    let repo = repo_with_listener();
    let main = branch(&repo);
    let port_edit = repo.commit_file("app.py", app("0.0.0.0", 8080, false));
    let output = range_mode(&repo, &main, port_edit.trim());
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        common::describe(&output)
    );
    assert_eq!(range_findings(&output), []);
    let host_edit = repo.commit_file("app.py", app("::", 8080, false));
    let output = range_mode(&repo, &main, host_edit.trim());
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        common::describe(&output)
    );
    assert_eq!(
        range_findings(&output),
        [("app.py".to_owned(), "new".to_owned())]
    );
}

#[test]
fn range_mode_function_moved_passes_and_copied_blocks() {
    let repo = repo_with_listener();
    let main = branch(&repo);
    stage_move(&repo, "0.0.0.0", false);
    let moved = repo.commit("move serve() to server.py");
    let output = range_mode(&repo, &main, moved.trim());
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        common::describe(&output)
    );
    let copied = repo.commit_file("app.py", app("0.0.0.0", 5000, true));
    let output = range_mode(&repo, &main, copied.trim());
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        common::describe(&output)
    );
    assert_eq!(
        range_findings(&output),
        [("server.py".to_owned(), "new".to_owned())]
    );
}
