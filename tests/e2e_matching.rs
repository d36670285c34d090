//! End-to-end tests of which findings the diff modes call new (SPEC 4): a finding is matched by
//! what decides its exposure (rule, callee, host value, wrapper chain), so editing an unrelated
//! argument of an existing listener is not new, and a listener moved to another file of the same
//! change is not new; a changed host, a second copy, or a moved listener whose host changed is.
//! Each case in the staged check, `diff`, and (for some) `pre-push`. A listener's old file may
//! also be deleted by the change without git pairing it with the new one as a rename.

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

// Case: the listener's old file is deleted, and git's rename detection pairs it with no new
// file (issue 12).

/// `old_server.py`: `serve()` among much other code, so that no file holding only `serve()` is
/// similar enough to be its rename.
fn old_server() -> String {
    let mut text = format!("{PRELUDE}\n");
    for index in 0..30 {
        text.push_str(&format!(
            "\n\ndef route_{index}(request):\n    return {{\"route\": {index}, \"path\": request.path}}\n"
        ));
    }
    text.push_str(&format!(
        "\n\ndef serve():\n{}",
        listener("0.0.0.0", 5000, true)
    ));
    text
}

/// A module holding only `serve()`, listening on `host`; its listener is on line 7.
fn serve_only(host: &str) -> String {
    format!("{PRELUDE}\n\ndef serve():\n{}", listener(host, 5000, true))
}

/// `old_server.py` (at `path`) committed, with an unrelated `app.py`.
fn repo_with_old_server(path: &str) -> TestRepo {
    let repo = TestRepo::new();
    repo.write(path, old_server())
        .write("app.py", APP_WITHOUT_SERVE)
        .add(&[path, "app.py"]);
    repo.commit("old server");
    repo
}

/// Deletes `old_server.py` from the index and stages `serve()` (listening on `host`) in each of
/// `new_paths`; checks that git sees a deletion, not a rename.
fn stage_deleting_move(repo: &TestRepo, host: &str, new_paths: &[&str]) {
    repo.git(&["rm", "-q", "old_server.py"]);
    for path in new_paths {
        repo.write(path, serve_only(host)).add(&[path]);
    }
    let status = repo.git(&["diff", "--cached", "-M", "--name-status"]);
    assert!(
        status.lines().any(|line| line == "D\told_server.py"),
        "git paired the deleted file with a new one:\n{status}"
    );
}

#[test]
fn staged_listener_moved_out_of_a_deleted_file_passes() {
    let repo = repo_with_old_server("old_server.py");
    stage_deleting_move(&repo, "0.0.0.0", &["app/serve.py"]);
    // The deleted file is not a checked file.
    repo.bindcheck(&[])
        .assert_code(0)
        .assert_stderr_contains("1 changed Python file checked");
    let run = repo.bindcheck(&["--report", "all", "--format", "json"]);
    let findings = run.findings();
    assert_eq!(findings.len(), 1, "{}", run.describe());
    assert_eq!(findings[0]["path"], "app/serve.py");
    assert_eq!(findings[0]["status"], "existing");
}

#[test]
fn staged_listener_moved_out_of_a_deleted_file_with_a_new_host_blocks() {
    let repo = repo_with_old_server("old_server.py");
    stage_deleting_move(&repo, "::", &["app/serve.py"]);
    assert_eq!(blocking(&repo, &[]), [("app/serve.py".to_owned(), 7)]);
}

#[test]
fn staged_listener_of_a_deleted_file_copied_twice_blocks_once() {
    let repo = repo_with_old_server("old_server.py");
    stage_deleting_move(&repo, "0.0.0.0", &["app/serve.py", "app/worker.py"]);
    assert_eq!(blocking(&repo, &[]), [("app/worker.py".to_owned(), 7)]);
}

#[test]
fn staged_deleted_file_whose_listener_went_nowhere_reports_nothing() {
    let repo = repo_with_old_server("old_server.py");
    // Deleted alone, then with an unrelated new file (the comparison that pairs renames).
    repo.git(&["rm", "-q", "old_server.py"]);
    let run = repo
        .bindcheck(&["--report", "all", "--format", "json"])
        .assert_code(0);
    assert!(run.findings().is_empty(), "{}", run.describe());
    repo.write("util.py", "def util():\n    return 2\n")
        .add(&["util.py"]);
    let run = repo
        .bindcheck(&["--report", "all", "--format", "json"])
        .assert_code(0);
    assert!(run.findings().is_empty(), "{}", run.describe());
    assert_eq!(
        run.json()["summary"]["files_checked"],
        1,
        "{}",
        run.describe()
    );
}

#[test]
fn staged_listener_moved_out_of_a_deleted_directory_into_a_changed_file_passes() {
    // Nothing is added: the index is compared with HEAD through its cache-tree, which must
    // list the files of the deleted directory.
    let repo = repo_with_old_server("legacy/old_server.py");
    repo.git(&["rm", "-q", "-r", "legacy"]);
    repo.write(
        "app.py",
        format!("{APP_WITHOUT_SERVE}\n\n{}", serve_only("0.0.0.0")),
    )
    .add(&["app.py"]);
    repo.bindcheck(&[]).assert_code(0);
    // With another host it is new.
    repo.write(
        "app.py",
        format!("{APP_WITHOUT_SERVE}\n\n{}", serve_only("::")),
    )
    .add(&["app.py"]);
    let found = blocking(&repo, &[]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "app.py");
}

#[test]
fn diff_listener_moved_out_of_a_deleted_file_passes_and_with_a_new_host_blocks() {
    let repo = repo_with_old_server("old_server.py");
    let main = branch(&repo);
    stage_deleting_move(&repo, "0.0.0.0", &["app/serve.py"]);
    repo.commit("move serve() to app/serve.py");
    repo.bindcheck(&["diff", &main]).assert_code(0);
    repo.commit_file("app/serve.py", serve_only("::"));
    assert_eq!(
        blocking(&repo, &["diff", &main]),
        [("app/serve.py".to_owned(), 7)]
    );
}

#[test]
fn diff_listener_moved_out_of_a_deleted_directory_into_a_changed_file_passes() {
    // Nothing is added: the trees are compared directory by directory, which must list the
    // files of the deleted directory.
    let repo = repo_with_old_server("legacy/old_server.py");
    let main = branch(&repo);
    repo.git(&["rm", "-q", "-r", "legacy"]);
    repo.commit_file(
        "app.py",
        format!("{APP_WITHOUT_SERVE}\n\n{}", serve_only("0.0.0.0")),
    );
    repo.bindcheck(&["diff", &main]).assert_code(0);
}

#[test]
fn pre_push_listener_moved_out_of_a_deleted_file_passes_and_copied_twice_blocks() {
    let repo = repo_with_old_server("old_server.py");
    let main = branch(&repo);
    stage_deleting_move(&repo, "0.0.0.0", &["app/serve.py"]);
    repo.commit("move serve() to app/serve.py");
    pre_push(&repo, &main).assert_code(0);
    repo.commit_file("app/worker.py", serve_only("0.0.0.0"));
    let run = pre_push(&repo, &main).assert_code(1);
    assert_eq!(run.findings().len(), 1, "{}", run.describe());
    assert_eq!(run.findings()[0]["path"], "app/worker.py");
}

#[test]
fn staged_listener_moved_out_of_an_excluded_deleted_file_blocks() {
    // An excluded file takes no part in the check, deleted or not.
    let repo = TestRepo::new();
    repo.write(".bindcheck.toml", "extend-exclude = [\"old_server.py\"]\n")
        .write("old_server.py", old_server())
        .add(&[".bindcheck.toml", "old_server.py"]);
    repo.commit("old server, excluded");
    stage_deleting_move(&repo, "0.0.0.0", &["app/serve.py"]);
    assert_eq!(blocking(&repo, &[]), [("app/serve.py".to_owned(), 7)]);
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
