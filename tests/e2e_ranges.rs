//! End-to-end tests of the range modes on real repositories: `git bindcheck diff` (pull
//! requests), the pre-push hook through real `git push`es, and the pre-commit framework's
//! `PRE_COMMIT_FROM_REF`/`PRE_COMMIT_TO_REF`.

// Helpers outside `#[test]` functions report failures by panicking.
#![allow(clippy::expect_used)]

mod common;

use common::TestRepo;

/// A listener on every interface.
const BAD: &str = "import socket\n\ns = socket.socket()\ns.bind((\"0.0.0.0\", 8080))\ns.listen()\n";
/// The same listener on loopback.
const CLEAN: &str =
    "import socket\n\ns = socket.socket()\ns.bind((\"127.0.0.1\", 8080))\ns.listen()\n";

fn paths_of(findings: &[serde_json::Value]) -> Vec<String> {
    findings
        .iter()
        .map(|finding| finding["path"].as_str().expect("a path").to_owned())
        .collect()
}

/// A repository whose `main` already holds a bad listener (`legacy.py`), with a `topic`
/// branch off it.
fn repository_with_legacy_finding() -> TestRepo {
    let repo = TestRepo::new();
    repo.commit_file("legacy.py", BAD);
    repo.commit_file("app.py", CLEAN);
    repo.git(&["branch", "-M", "main"]);
    repo.git(&["checkout", "-q", "-b", "topic"]);
    repo
}

#[test]
fn diff_reports_what_the_branch_introduces_from_the_merge_base() {
    let repo = repository_with_legacy_finding();
    repo.commit_file("new_server.py", BAD);
    // main moves on after the branch point: its changes are not the pull request's.
    repo.git(&["checkout", "-q", "main"]);
    repo.commit_file("later_on_main.py", BAD);
    repo.git(&["checkout", "-q", "topic"]);

    let run = repo
        .bindcheck(&["diff", "main", "--format", "json"])
        .assert_code(1);
    assert_eq!(
        paths_of(&run.findings()),
        vec!["new_server.py"],
        "{}",
        run.describe()
    );
    run.assert_stderr_contains("1 new finding in 1 file");

    for spelling in ["main...topic", "main..topic"] {
        let run = repo
            .bindcheck(&["diff", spelling, "--format", "json"])
            .assert_code(1);
        assert_eq!(
            paths_of(&run.findings()),
            vec!["new_server.py"],
            "{}",
            run.describe()
        );
    }
    let explicit = repo
        .bindcheck(&["diff", "main", "topic", "--format", "json"])
        .assert_code(1);
    assert_eq!(paths_of(&explicit.findings()), vec!["new_server.py"]);
}

#[test]
fn diff_of_a_clean_branch_passes_despite_legacy_findings() {
    let repo = repository_with_legacy_finding();
    repo.commit_file("feature.py", CLEAN);
    repo.bindcheck(&["diff", "main"])
        .assert_code(0)
        .assert_stderr_contains("0 new findings");
}

#[test]
fn diff_report_changed_shows_existing_bind_whose_line_gains_a_comment() {
    let repo = repository_with_legacy_finding();
    repo.commit_file("legacy.py", BAD.replace("8080))", "8080))  # listen here"));
    repo.bindcheck(&["diff", "main"]).assert_code(0);
    let run = repo
        .bindcheck(&["diff", "main", "--report", "changed", "--format", "json"])
        .assert_code(1);
    let findings = run.findings();
    assert_eq!(paths_of(&findings), vec!["legacy.py"]);
    assert_eq!(findings[0]["status"], "existing");
}

#[test]
fn diff_with_pathspec_after_double_dash_restricts_files() {
    let repo = repository_with_legacy_finding();
    repo.commit_file("a.py", BAD);
    repo.commit_file("b.py", BAD);
    let run = repo
        .bindcheck(&["diff", "main", "--format", "json", "--", "b.py"])
        .assert_code(1);
    assert_eq!(paths_of(&run.findings()), vec!["b.py"]);
}

#[test]
fn diff_with_unknown_revision_exits_2_naming_it() {
    let repo = repository_with_legacy_finding();
    repo.bindcheck(&["diff", "no-such-branch"])
        .assert_code(2)
        .assert_stderr_contains("unknown revision `no-such-branch`");
}

#[test]
fn diff_in_shallow_clone_without_merge_base_says_to_fetch_more_history() {
    let repo = repository_with_legacy_finding();
    repo.commit_file("topic_work.py", BAD);
    repo.git(&["checkout", "-q", "main"]);
    repo.commit_file("main_work.py", CLEAN);
    let url = format!("file://{}", repo.root().display());
    let clone = repo.sandbox().mkdir("shallow");
    repo.sandbox().git_in(
        &clone,
        &["clone", "-q", "--depth=1", "--no-single-branch", &url, "."],
    );
    repo.sandbox()
        .bindcheck_in(&clone, &["diff", "origin/main", "origin/topic"])
        .assert_code(2)
        .assert_stderr_contains("fetch-depth: 0");
}

/// A bare remote at `<sandbox>/remote.git` with `main` pushed, and the pre-push hook installed.
fn repository_with_remote() -> TestRepo {
    let repo = repository_with_legacy_finding();
    repo.git(&["checkout", "-q", "main"]);
    let remote = repo.sandbox().mkdir("remote.git");
    repo.sandbox().git_in(&remote, &["init", "-q", "--bare"]);
    repo.git(&["remote", "add", "origin", &remote.display().to_string()]);
    repo.git(&["push", "-q", "origin", "main"]);
    repo.bindcheck(&["install", "--pre-push"]).assert_code(0);
    repo
}

fn remote_has(repo: &TestRepo, branch: &str) -> bool {
    repo.try_git(&["ls-remote", "--exit-code", "origin", branch])
        .status
        .success()
}

#[test]
fn push_of_two_refs_is_blocked_when_only_the_second_is_bad() {
    let repo = repository_with_remote();
    repo.git(&["checkout", "-q", "-b", "good"]);
    repo.commit_file("good.py", CLEAN);
    repo.git(&["checkout", "-q", "-b", "bad", "main"]);
    repo.commit_file("bad.py", BAD);

    let push = repo.try_git(&["push", "origin", "good", "bad"]);
    let stdout = String::from_utf8_lossy(&push.stdout);
    let stderr = String::from_utf8_lossy(&push.stderr);
    assert!(
        !push.status.success(),
        "the push must fail:\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains("bad.py") || stderr.contains("bad.py"),
        "{stdout}\n{stderr}"
    );
    assert!(!remote_has(&repo, "good") && !remote_has(&repo, "bad"));
}

#[test]
fn new_branch_is_checked_from_where_it_leaves_the_remote_history() {
    let repo = repository_with_remote();
    // legacy.py's finding is already on origin/main: a new branch does not re-introduce it.
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.commit_file("feature.py", CLEAN);
    let push = repo.try_git(&["push", "origin", "feature"]);
    assert!(push.status.success(), "{}", common::describe(&push));
    assert!(remote_has(&repo, "feature"));

    repo.commit_file("exposed.py", BAD);
    let push = repo.try_git(&["push", "origin", "feature"]);
    assert!(!push.status.success(), "{}", common::describe(&push));
}

#[test]
fn deleting_a_remote_branch_is_not_checked() {
    let repo = repository_with_remote();
    // Put a bad branch on the remote without the hook, then delete it through the hook.
    repo.git(&["checkout", "-q", "-b", "old"]);
    repo.commit_file("old.py", BAD);
    repo.git(&["push", "-q", "--no-verify", "origin", "old"]);
    let push = repo.try_git(&["push", "origin", ":old"]);
    assert!(push.status.success(), "{}", common::describe(&push));
    assert!(!remote_has(&repo, "old"));
}

#[test]
fn pre_push_reads_refs_from_stdin_and_skips_deletions() {
    let repo = repository_with_remote();
    let main = repo.git(&["rev-parse", "main"]).trim().to_owned();
    repo.git(&["checkout", "-q", "-b", "topic2"]);
    let bad = repo.commit_file("topic2.py", BAD);
    let zero = "0".repeat(40);
    let input = format!(
        "refs/heads/gone {zero} refs/heads/gone {main}\nrefs/heads/topic2 {bad} refs/heads/topic2 {main}\n"
    );
    let run = repo.sandbox().bindcheck_with_stdin(
        repo.root(),
        &["pre-push", "origin", "unused-url", "--format", "json"],
        input.as_bytes(),
    );
    let run = run.assert_code(1);
    assert_eq!(paths_of(&run.findings()), vec!["topic2.py"]);

    let deletions_only = format!("refs/heads/gone {zero} refs/heads/gone {main}\n");
    repo.sandbox()
        .bindcheck_with_stdin(
            repo.root(),
            &["pre-push", "origin"],
            deletions_only.as_bytes(),
        )
        .assert_code(0)
        .assert_stderr_contains("0 changed Python files checked");
}

#[test]
fn pre_commit_framework_range_variables_replace_the_index_check() {
    let repo = repository_with_legacy_finding();
    let from = repo.git(&["rev-parse", "main"]).trim().to_owned();
    let to = repo.commit_file("pushed.py", BAD);
    // The index is clean: only the range makes this fail.
    let run = repo
        .sandbox()
        .command(common::BINARY, repo.root())
        .args(["--format", "json"])
        .env("PRE_COMMIT_FROM_REF", &from)
        .env("PRE_COMMIT_TO_REF", to.trim())
        .output()
        .expect("run git-bindcheck");
    assert_eq!(run.status.code(), Some(1), "{}", common::describe(&run));
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.contains("pushed.py"), "{stdout}");
    repo.bindcheck(&[]).assert_code(0);
}

/// `-v` says how each mode compared what changed, as the staged check does: the direct
/// comparison skipping shared subtrees, or libgit2's diff and why.
#[test]
fn verbose_runs_say_how_the_changes_were_compared() {
    let repo = repository_with_remote();
    let main = repo.git(&["rev-parse", "main"]).trim().to_owned();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    let head = repo.commit_file("pkg/topic.py", CLEAN);

    repo.bindcheck(&["diff", "main", "-v"])
        .assert_code(0)
        .assert_stderr_contains(
            "compared the trees directory by directory, skipping shared subtrees",
        );
    let input = format!("refs/heads/feature {head} refs/heads/feature {main}\n");
    repo.sandbox()
        .bindcheck_with_stdin(repo.root(), &["pre-push", "origin", "-v"], input.as_bytes())
        .assert_code(0)
        .assert_stderr_contains("refs/heads/feature: compared the trees directory by directory");

    repo.write("pkg/staged.py", CLEAN).add(&["pkg/staged.py"]);
    repo.bindcheck(&["-v"])
        .assert_code(0)
        .assert_stderr_contains("compared the index with HEAD through its cache-tree");
}

/// A notebook of two code cells, each with an existing all-interfaces bind; `cell_two_comment`
/// is appended to the second cell's bind line.
fn notebook_with_two_binds(cell_two_comment: &str) -> String {
    format!(
        r#"{{
 "cells": [
  {{"cell_type": "code", "execution_count": null, "metadata": {{}}, "outputs": [],
   "source": ["import socket\n", "a = socket.socket()\n", "a.bind((\"0.0.0.0\", 8080))\n"]}},
  {{"cell_type": "markdown", "metadata": {{}}, "source": ["Notes"]}},
  {{"cell_type": "code", "execution_count": null, "metadata": {{}}, "outputs": [],
   "source": ["b = socket.socket()\n", "b.bind((\"0.0.0.0\", 9090)){cell_two_comment}\n"]}}
 ],
 "metadata": {{}},
 "nbformat": 4,
 "nbformat_minor": 5
}}
"#
    )
}

/// `--report changed` on a notebook shows the existing finding whose code line the change
/// touched, in its cell, and not the untouched one: the lines compared are the code cells',
/// not the JSON's.
#[test]
fn diff_report_changed_on_a_notebook_compares_code_cell_lines() {
    let repo = repository_with_legacy_finding();
    repo.commit_file("explore.ipynb", notebook_with_two_binds(""));
    repo.git(&["branch", "-q", "-f", "main"]);
    repo.commit_file("explore.ipynb", notebook_with_two_binds("  # on purpose"));
    repo.bindcheck(&["diff", "main"]).assert_code(0);
    let run = repo
        .bindcheck(&["diff", "main", "--report", "changed", "--format", "json"])
        .assert_code(1);
    let findings = run.findings();
    assert_eq!(
        paths_of(&findings),
        vec!["explore.ipynb"],
        "{}",
        run.describe()
    );
    assert_eq!(findings[0]["status"], "existing");
    assert_eq!(findings[0]["cell"], 3, "{}", run.describe());
    assert_eq!(findings[0]["line"], 2);
}
