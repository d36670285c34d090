//! End-to-end tests: real temporary git repositories built with the git CLI, the built binary
//! run against them, and git running the installed hook (SPEC 2, 4, 5, 6, 7).

// Helpers outside `#[test]` functions: a failed expectation is how they report a broken fixture.
#![allow(clippy::expect_used)]

mod common;

use common::{Sandbox, TestRepo};
use serde_json::Value;

/// A listener on all interfaces (BND001 on line 4).
const BAD: &str = "import socket\n\ns = socket.socket()\ns.bind((\"0.0.0.0\", 8080))\ns.listen()\n";
/// The same listener on loopback.
const CLEAN: &str =
    "import socket\n\ns = socket.socket()\ns.bind((\"127.0.0.1\", 8080))\ns.listen()\n";

/// A module with an unrelated part above the listener, so a change can touch one or the other.
fn server(greeting: &str, host: &str) -> String {
    format!(
        "import socket\n\n\ndef greet():\n    print(\"{greeting}\")\n\n\n\
         def serve():\n    s = socket.socket()\n    s.bind((\"{host}\", 8080))\n    s.listen()\n    return s\n"
    )
}

fn git_output_text(output: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn paths_of(findings: &[Value]) -> Vec<String> {
    findings
        .iter()
        .map(|finding| {
            finding["path"]
                .as_str()
                .expect("path is a string")
                .to_owned()
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// 1. The real hook on the first commit.

#[test]
fn hook_blocks_first_commit_with_all_interfaces_bind_on_unborn_branch() {
    let repo = TestRepo::new();
    repo.install_hook();
    repo.write("app.py", BAD).add(&["app.py"]);

    let commit = repo.try_git(&["commit", "-m", "x"]);
    let output = git_output_text(&commit);
    assert!(
        !commit.status.success(),
        "the commit went through:\n{output}"
    );
    assert!(
        output.contains("app.py"),
        "hook output names the file:\n{output}"
    );
    assert!(
        output.contains("BND001"),
        "hook output names the rule:\n{output}"
    );
    assert!(output.contains("1 new finding"), "summary line:\n{output}");
    assert_eq!(repo.head(), None, "nothing may be committed");
}

#[test]
fn hook_lets_clean_first_commit_through() {
    let repo = TestRepo::new();
    repo.install_hook();
    repo.write("app.py", CLEAN).add(&["app.py"]);

    let commit = repo.try_git(&["commit", "-m", "x"]);
    assert!(
        commit.status.success(),
        "a clean commit was blocked:\n{}",
        git_output_text(&commit)
    );
    assert!(repo.head().is_some());
    assert!(
        git_output_text(&commit)
            .contains("0 new findings in 0 files (1 changed Python file checked, 0 suppressed)"),
        "the hook ran and printed its summary:\n{}",
        git_output_text(&commit)
    );
}

// ---------------------------------------------------------------------------------------------
// 2. Partial staging: the index is checked, not the work tree.

#[test]
fn partially_staged_clean_hunk_passes_although_work_tree_is_bad() {
    let repo = TestRepo::new();
    repo.commit_file("app.py", server("hello", "127.0.0.1"));
    // Stage only the greeting change, then make the work tree bad as well.
    repo.write("app.py", server("bonjour", "127.0.0.1"))
        .add(&["app.py"]);
    repo.write("app.py", server("bonjour", "0.0.0.0"));

    repo.bindcheck(&[])
        .assert_code(0)
        .assert_stderr_contains("1 changed Python file checked");
    // Control: the work tree really holds the bad bind.
    repo.bindcheck(&["scan", "app.py"]).assert_code(1);
}

#[test]
fn partially_staged_bad_hunk_blocks_although_work_tree_is_clean() {
    let repo = TestRepo::new();
    repo.commit_file("app.py", server("hello", "127.0.0.1"));
    repo.write("app.py", server("hello", "0.0.0.0"))
        .add(&["app.py"]);
    repo.write("app.py", server("hello", "127.0.0.1"));

    let run = repo.bindcheck(&["--format", "json"]).assert_code(1);
    let findings = run.findings();
    assert_eq!(findings.len(), 1, "{}", run.describe());
    assert_eq!(findings[0]["rule"], "BND001");
    assert_eq!(findings[0]["line"], 10);
    assert_eq!(findings[0]["status"], "new");
}

// ---------------------------------------------------------------------------------------------
// 3 and 4. Hooks run by `git commit -a` and `git commit <path>` see git's temporary index.

#[test]
fn hook_sees_temporary_index_of_commit_all() {
    let repo = TestRepo::new();
    let base = repo.commit_file("app.py", CLEAN);
    repo.install_hook();
    repo.write("app.py", BAD);
    // Nothing is staged: the plain index has no change.
    repo.bindcheck(&[])
        .assert_code(0)
        .assert_stderr_contains("0 changed Python files checked");

    let commit = repo.try_git(&["commit", "-a", "-m", "x"]);
    let output = git_output_text(&commit);
    assert!(
        !commit.status.success(),
        "commit -a went through:\n{output}"
    );
    assert!(output.contains("BND001"), "{output}");
    assert_eq!(repo.head().as_deref(), Some(base.as_str()));
}

#[test]
fn hook_lets_clean_commit_all_through() {
    let repo = TestRepo::new();
    let base = repo.commit_file("app.py", CLEAN);
    repo.install_hook();
    repo.write("app.py", CLEAN.replace("8080", "9090"));

    let commit = repo.try_git(&["commit", "-a", "-m", "x"]);
    assert!(commit.status.success(), "{}", git_output_text(&commit));
    assert_ne!(repo.head().as_deref(), Some(base.as_str()));
}

#[test]
fn hook_sees_temporary_index_of_path_limited_commit() {
    let repo = TestRepo::new();
    repo.commit_file("app.py", CLEAN);
    repo.commit_file("other.py", "x = 1\n");
    let base = repo.head().expect("HEAD");
    repo.install_hook();
    // The real index holds a harmless staged change; the bad change is only in the work tree.
    repo.write("other.py", "x = 2\n").add(&["other.py"]);
    repo.write("app.py", BAD);
    repo.bindcheck(&[]).assert_code(0);

    let commit = repo.try_git(&["commit", "-m", "x", "app.py"]);
    let output = git_output_text(&commit);
    assert!(
        !commit.status.success(),
        "commit <path> went through:\n{output}"
    );
    assert!(
        output.contains("app.py") && output.contains("BND001"),
        "{output}"
    );
    assert_eq!(repo.head().as_deref(), Some(base.as_str()));
}

#[test]
fn path_limited_commit_ignores_bad_change_staged_for_other_paths() {
    let repo = TestRepo::new();
    repo.commit_file("app.py", CLEAN);
    repo.commit_file("other.py", "x = 1\n");
    let base = repo.head().expect("HEAD");
    repo.install_hook();
    // The bad change is staged but not part of `git commit other.py`.
    repo.write("app.py", BAD).add(&["app.py"]);
    repo.write("other.py", "x = 2\n");
    repo.bindcheck(&[]).assert_code(1);

    let commit = repo.try_git(&["commit", "-m", "x", "other.py"]);
    assert!(
        commit.status.success(),
        "the hook checked the real index instead of the commit's:\n{}",
        git_output_text(&commit)
    );
    assert_ne!(repo.head().as_deref(), Some(base.as_str()));
    // The staged bad change is still there, and still blocks.
    repo.bindcheck(&[]).assert_code(1);
}

// ---------------------------------------------------------------------------------------------
// 5 and 6. Renames and deletions.

/// A module big enough for rename detection to survive a small edit.
fn legacy_module(extra: &str) -> String {
    format!(
        "\"\"\"A legacy service.\"\"\"\n{extra}import logging\nimport socket\n\n\
         LOG = logging.getLogger(__name__)\n\n\n\
         def handle(connection):\n    data = connection.recv(1024)\n    connection.sendall(data)\n\
         \x20   connection.close()\n\n\n\
         def serve():\n    s = socket.socket()\n    s.bind((\"0.0.0.0\", 8080))\n    s.listen()\n\
         \x20   while True:\n        connection, _ = s.accept()\n        handle(connection)\n"
    )
}

#[test]
fn rename_keeps_existing_finding_quiet() {
    let repo = TestRepo::new();
    repo.commit_file("server.py", legacy_module(""));
    repo.git(&["mv", "server.py", "net_server.py"]);
    repo.write("net_server.py", legacy_module("# moved\n"))
        .add(&["net_server.py"]);
    // Control: git itself sees a rename.
    let status = repo.git(&["status", "--porcelain"]);
    assert!(status.contains("R  server.py -> net_server.py"), "{status}");

    repo.bindcheck(&[])
        .assert_code(0)
        .assert_stderr_contains("0 new findings");

    let all = repo
        .bindcheck(&["--report", "all", "--format", "json"])
        .assert_code(1);
    let findings = all.findings();
    assert_eq!(findings.len(), 1, "{}", all.describe());
    assert_eq!(findings[0]["path"], "net_server.py");
    assert_eq!(findings[0]["status"], "existing");
    assert_eq!(findings[0]["rule"], "BND001");
}

#[test]
fn deleting_file_with_bad_bind_passes() {
    let repo = TestRepo::new();
    repo.commit_file("server.py", legacy_module(""));
    repo.git(&["rm", "-q", "server.py"]);

    repo.bindcheck(&[])
        .assert_code(0)
        .assert_stderr_contains("0 new findings in 0 files (0 changed Python files checked");
    let all = repo
        .bindcheck(&["--report", "all", "--format", "json"])
        .assert_code(0);
    assert!(all.findings().is_empty(), "{}", all.describe());
}

// ---------------------------------------------------------------------------------------------
// 7 and 8. What is "new".

const FLIP_BASE: &str = "import socket\n\nHOST = \"127.0.0.1\"\nPORT = 8080\n\n\n\
def serve():\n    s = socket.socket()\n    s.bind((HOST, PORT))\n    s.listen()\n    return s\n";

#[test]
fn constant_flip_makes_untouched_bind_new() {
    let repo = TestRepo::new();
    repo.commit_file("app.py", FLIP_BASE);
    repo.bindcheck(&[]).assert_code(0);
    repo.write("app.py", FLIP_BASE.replace("127.0.0.1", "0.0.0.0"))
        .add(&["app.py"]);

    let run = repo.bindcheck(&["--format", "json"]).assert_code(1);
    let findings = run.findings();
    assert_eq!(findings.len(), 1, "{}", run.describe());
    let finding = &findings[0];
    assert_eq!(finding["rule"], "BND001");
    assert_eq!(finding["path"], "app.py");
    assert_eq!(finding["line"], 9, "the finding is on the bind");
    assert_eq!(finding["origin"]["line"], 3, "the origin is the HOST line");
    assert_eq!(finding["status"], "new");
    assert_eq!(finding["suppressed"], false);
    assert_eq!(run.json()["summary"]["blocking"], 1);
}

const BIND_BASE: &str = "import socket\n\ns = socket.socket()\ns.bind((\"0.0.0.0\", 8080))\n";

#[test]
fn rewrapping_and_moving_existing_bind_is_not_new() {
    let repo = TestRepo::new();
    repo.commit_file("app.py", BIND_BASE);
    let moved = "import socket\n\n\ndef unrelated():\n    return 42\n\n\n\
                 s = socket.socket()\ns.bind(\n    (\n        \"0.0.0.0\",\n        8080\n    )\n)\n";
    repo.write("app.py", moved).add(&["app.py"]);

    repo.bindcheck(&[])
        .assert_code(0)
        .assert_stderr_contains("0 new findings");
    let all = repo
        .bindcheck(&["--report", "all", "--format", "json"])
        .assert_code(1);
    let findings = all.findings();
    assert_eq!(findings.len(), 1, "{}", all.describe());
    assert_eq!(findings[0]["status"], "existing");
    assert_eq!(
        findings[0]["line"], 9,
        "the moved bind is reported where it is now"
    );
}

#[test]
fn second_copy_of_existing_bind_is_new() {
    let repo = TestRepo::new();
    repo.commit_file("app.py", BIND_BASE);
    let doubled = format!("{BIND_BASE}\nt = socket.socket()\nt.bind((\"0.0.0.0\", 8080))\n");
    repo.write("app.py", doubled).add(&["app.py"]);

    let run = repo.bindcheck(&["--format", "json"]).assert_code(1);
    let findings = run.findings();
    assert_eq!(
        findings.len(),
        1,
        "exactly one new finding: {}",
        run.describe()
    );
    assert_eq!(findings[0]["status"], "new");
    assert_eq!(run.json()["summary"]["blocking"], 1);
    run.assert_stderr_contains("1 new finding in 1 file");
}

#[test]
fn identical_duplicate_bind_statement_is_new() {
    let repo = TestRepo::new();
    repo.commit_file("app.py", BIND_BASE);
    let doubled = format!("{BIND_BASE}s.bind((\"0.0.0.0\", 8080))\n");
    repo.write("app.py", doubled).add(&["app.py"]);

    let run = repo.bindcheck(&["--format", "json"]).assert_code(1);
    let findings = run.findings();
    assert_eq!(
        findings.len(),
        1,
        "exactly one new finding: {}",
        run.describe()
    );
    assert_eq!(findings[0]["status"], "new");
}

// ---------------------------------------------------------------------------------------------
// 9. Suppression comments.

/// Stages `content` as `app.py` in a fresh repository and runs the binary with `args`.
fn stage_and_check(content: &str, args: &[&str]) -> common::Run {
    let repo = TestRepo::new();
    repo.write("app.py", content).add(&["app.py"]);
    repo.bindcheck(args)
}

fn with_comment_on_bind(comment: &str) -> String {
    BAD.replace(
        "s.bind((\"0.0.0.0\", 8080))",
        &format!("s.bind((\"0.0.0.0\", 8080))  {comment}"),
    )
}

#[test]
fn suppression_on_statement_line_with_reason_is_reported_as_suppressed() {
    let run = stage_and_check(
        &with_comment_on_bind("# bindcheck: ignore[BND001] -- dev container, port not published"),
        &["--format", "json"],
    )
    .assert_code(0);
    let findings = run.findings();
    assert_eq!(findings.len(), 1, "{}", run.describe());
    assert_eq!(findings[0]["suppressed"], true);
    assert_eq!(findings[0]["suppression"]["line"], 4);
    assert_eq!(
        findings[0]["suppression"]["reason"],
        "dev container, port not published"
    );
    let summary = &run.json()["summary"];
    assert_eq!(summary["suppressed"], 1);
    assert_eq!(summary["blocking"], 0);
    run.assert_stderr_contains("1 suppressed");
}

#[test]
fn suppression_alone_on_line_above_suppresses() {
    let content = BAD.replace(
        "s.bind((",
        "# bindcheck: ignore[BND001] -- lab only\ns.bind((",
    );
    let run = stage_and_check(&content, &["--format", "json"]).assert_code(0);
    let findings = run.findings();
    assert_eq!(findings.len(), 1, "{}", run.describe());
    assert_eq!(findings[0]["suppressed"], true);
    assert_eq!(findings[0]["suppression"]["line"], 4);
}

#[test]
fn suppression_for_other_rule_does_not_suppress() {
    stage_and_check(&with_comment_on_bind("# bindcheck: ignore[BND002]"), &[]).assert_code(1);
}

#[test]
fn require_reason_rejects_suppression_without_justification() {
    let content = with_comment_on_bind("# bindcheck: ignore");
    // Without the option the bare comment suppresses.
    stage_and_check(&content, &[]).assert_code(0);
    let run = stage_and_check(&content, &["--require-reason"]).assert_code(1);
    let output = format!("{}{}", run.stdout, run.stderr);
    assert!(
        output.contains("justification"),
        "the output says why the comment did not count:\n{}",
        run.describe()
    );
    // With a justification it counts again.
    stage_and_check(
        &with_comment_on_bind("# bindcheck: ignore -- reviewed"),
        &["--require-reason"],
    )
    .assert_code(0);
}

#[test]
fn compat_nosec_and_noqa_s104_suppress() {
    for comment in ["# nosec", "# nosec B104", "# noqa", "# noqa: S104"] {
        let run = stage_and_check(&with_comment_on_bind(comment), &["--format", "json"]);
        assert_eq!(
            run.code,
            Some(0),
            "{comment:?} should suppress\n{}",
            run.describe()
        );
        assert_eq!(run.findings()[0]["suppressed"], true, "{comment:?}");
    }
}

#[test]
fn noqa_for_other_codes_does_not_suppress() {
    for comment in ["# noqa: E501", "# nosec B603"] {
        let run = stage_and_check(&with_comment_on_bind(comment), &[]);
        assert_eq!(
            run.code,
            Some(1),
            "{comment:?} must not suppress\n{}",
            run.describe()
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 10. Entries that are not regular Python text.

#[cfg(unix)]
#[test]
fn symlink_to_bad_python_file_is_skipped() {
    let repo = TestRepo::new();
    repo.commit_file("bad.py", BAD);
    repo.symlink("bad.py", "link.py").add(&["link.py"]);
    let staged = repo.git(&["ls-files", "-s", "link.py"]);
    assert!(staged.starts_with("120000 "), "{staged}");

    let run = repo.bindcheck(&["-v"]).assert_code(0);
    assert!(!run.stderr.contains("panicked"), "{}", run.describe());
    run.assert_stderr_contains("0 new findings");
}

#[test]
fn submodule_gitlink_is_skipped() {
    let repo = TestRepo::new();
    let commit = repo.commit_file("app.py", CLEAN);
    repo.git(&[
        "update-index",
        "--add",
        "--cacheinfo",
        &format!("160000,{commit},sub"),
    ]);
    let staged = repo.git(&["ls-files", "-s", "sub"]);
    assert!(staged.starts_with("160000 "), "{staged}");

    let run = repo.bindcheck(&["-v"]).assert_code(0);
    assert!(!run.stderr.contains("panicked"), "{}", run.describe());
    run.assert_stderr_contains("0 new findings");
}

#[test]
fn binary_python_file_is_skipped_with_warning() {
    let repo = TestRepo::new();
    let mut content = b"\x00\x01\x02".to_vec();
    content.extend_from_slice(BAD.as_bytes());
    repo.write("blob.py", content).add(&["blob.py"]);

    let run = repo.bindcheck(&[]).assert_code(0);
    assert!(!run.stderr.contains("panicked"), "{}", run.describe());
    let warning = run
        .stderr
        .lines()
        .find(|line| line.contains("warning"))
        .unwrap_or_else(|| panic!("no warning\n{}", run.describe()));
    assert!(warning.starts_with("git-bindcheck:"), "{warning}");
    assert!(warning.contains("blob.py"), "{warning}");
}

// ---------------------------------------------------------------------------------------------
// 11. Decoding and parsing.

#[test]
fn latin1_file_with_coding_cookie_is_decoded_and_checked() {
    let repo = TestRepo::new();
    let mut content = b"# -*- coding: latin-1 -*-\nimport socket\n\nNAME = \"caf".to_vec();
    content.push(0xE9);
    content.extend_from_slice(b"\"\ns = socket.socket()\ns.bind((\"0.0.0.0\", 8080))\n");
    assert!(
        std::str::from_utf8(&content).is_err(),
        "the fixture is not UTF-8"
    );
    repo.write("latin.py", content).add(&["latin.py"]);

    let run = repo.bindcheck(&["--format", "json"]).assert_code(1);
    let findings = run.findings();
    assert_eq!(findings.len(), 1, "{}", run.describe());
    assert_eq!(findings[0]["path"], "latin.py");
    assert_eq!(findings[0]["line"], 6);
    assert!(
        !run.stderr.contains("warning"),
        "a declared encoding is not a problem:\n{}",
        run.describe()
    );
}

#[test]
fn syntax_error_warns_and_recovered_code_is_still_checked() {
    let repo = TestRepo::new();
    let content = "import socket\n\n\ndef broken(:\n    pass\n\n\n\
                   s = socket.socket()\ns.bind((\"0.0.0.0\", 8080))\n";
    repo.write("broken.py", content).add(&["broken.py"]);

    let run = repo.bindcheck(&["--format", "json"]).assert_code(1);
    let findings = run.findings();
    assert_eq!(findings.len(), 1, "{}", run.describe());
    assert_eq!(findings[0]["line"], 9);
    let warning = run
        .stderr
        .lines()
        .find(|line| line.contains("warning"))
        .unwrap_or_else(|| panic!("no warning\n{}", run.describe()));
    assert!(warning.starts_with("git-bindcheck:"), "{warning}");
    assert!(warning.contains("broken.py"), "{warning}");
}

// ---------------------------------------------------------------------------------------------
// 12. Which paths are Python.

#[test]
fn extensionless_script_with_python_shebang_is_checked() {
    let repo = TestRepo::new();
    let script = format!("#!/usr/bin/env python3\n{BAD}");
    repo.write("serve", &script).add(&["serve"]);

    let run = repo.bindcheck(&["--format", "json"]).assert_code(1);
    assert_eq!(paths_of(&run.findings()), vec!["serve"]);
    run.assert_stderr_contains("1 changed Python file checked");
}

#[test]
fn text_file_with_python_content_is_ignored() {
    let repo = TestRepo::new();
    let script = format!("#!/usr/bin/env python3\n{BAD}");
    repo.write("serve.txt", &script).add(&["serve.txt"]);

    repo.bindcheck(&[])
        .assert_code(0)
        .assert_stderr_contains("0 changed Python files checked");
}

// ---------------------------------------------------------------------------------------------
// 13. The tool cannot do its job: exit 2.

#[test]
fn outside_repository_exits_2_with_message() {
    let sandbox = Sandbox::new();
    let plain = sandbox.mkdir("plain");
    for args in [&[][..], &["staged"][..], &["install"][..]] {
        let run = sandbox.bindcheck_in(&plain, args).assert_code(2);
        assert!(
            run.stderr.starts_with("git-bindcheck:"),
            "{args:?}\n{}",
            run.describe()
        );
        assert!(
            run.stderr.contains("not a git repository"),
            "{args:?}\n{}",
            run.describe()
        );
        assert!(run.stdout.is_empty(), "{args:?}\n{}", run.describe());
    }
}

#[test]
fn unmerged_index_exits_2_naming_the_path() {
    let repo = TestRepo::new();
    repo.commit_file("app.py", CLEAN);
    repo.git(&["checkout", "-q", "-b", "other"]);
    repo.commit_file("app.py", CLEAN.replace("8080", "9090"));
    repo.git(&["checkout", "-q", "main"]);
    repo.commit_file("app.py", CLEAN.replace("8080", "7070"));
    let merge = repo.try_git(&["merge", "other"]);
    assert!(!merge.status.success(), "the merge must conflict");
    assert!(
        repo.git(&["ls-files", "-u"]).contains("app.py"),
        "the index has unmerged entries"
    );

    let run = repo.bindcheck(&[]).assert_code(2);
    assert!(
        run.stderr.starts_with("git-bindcheck:"),
        "{}",
        run.describe()
    );
    run.assert_stderr_contains("unmerged")
        .assert_stderr_contains("app.py");
}

// ---------------------------------------------------------------------------------------------
// 14. install.

fn hook_path_git_uses(sandbox: &Sandbox, cwd: &std::path::Path) -> std::path::PathBuf {
    let hooks = sandbox.git_in(
        cwd,
        &["rev-parse", "--path-format=absolute", "--git-path", "hooks"],
    );
    std::path::PathBuf::from(hooks.trim()).join("pre-commit")
}

#[cfg(unix)]
fn is_executable(path: &std::path::Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .map(|metadata| metadata.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

#[test]
fn install_writes_executable_hook_into_git_hooks() {
    let repo = TestRepo::new();
    let run = repo.install_hook();
    let hook = repo.path(".git/hooks/pre-commit");
    assert_eq!(hook_path_git_uses(repo.sandbox(), repo.root()), hook);
    let script = String::from_utf8(repo.read(".git/hooks/pre-commit")).expect("UTF-8 hook");
    assert!(script.starts_with("#!"), "{script}");
    assert!(script.contains("git-bindcheck"), "{script}");
    #[cfg(unix)]
    assert!(is_executable(&hook));
    assert!(run.stderr.contains("pre-commit"), "{}", run.describe());
}

#[test]
fn install_honours_relative_core_hooks_path() {
    let repo = TestRepo::new();
    repo.git(&["config", "core.hooksPath", ".githooks"]);
    repo.write("src/keep.txt", "");
    // Run from a subdirectory: the relative path is still relative to the top of the work tree.
    repo.bindcheck_in("src", &["install"]).assert_code(0);

    let expected = repo.path(".githooks/pre-commit");
    assert_eq!(hook_path_git_uses(repo.sandbox(), repo.root()), expected);
    assert!(
        expected.is_file(),
        "hook not written at {}",
        expected.display()
    );
    assert!(!repo.path(".git/hooks/pre-commit").exists());
    assert!(!repo.path("src/.githooks").exists());

    // And git runs it from there.
    repo.write("app.py", BAD).add(&["app.py"]);
    let commit = repo.try_git(&["commit", "-m", "x"]);
    assert!(!commit.status.success(), "{}", git_output_text(&commit));
    assert_eq!(repo.head(), None);
}

#[test]
fn install_in_linked_worktree_writes_into_common_hooks() {
    let repo = TestRepo::new();
    repo.commit_file("app.py", CLEAN);
    let worktree = repo.sandbox().root().join("wt");
    repo.git(&[
        "worktree",
        "add",
        "-q",
        "-b",
        "feature",
        worktree.to_str().expect("UTF-8 path"),
    ]);

    repo.sandbox()
        .bindcheck_in(&worktree, &["install"])
        .assert_code(0);
    let expected = repo.path(".git/hooks/pre-commit");
    assert_eq!(hook_path_git_uses(repo.sandbox(), &worktree), expected);
    assert!(expected.is_file());
    assert!(!repo.path(".git/worktrees/wt/hooks").exists());

    // The hook guards commits made in the worktree.
    std::fs::write(worktree.join("app.py"), BAD).expect("write");
    let commit = repo
        .sandbox()
        .try_git_in(&worktree, &["commit", "-a", "-m", "x"]);
    assert!(!commit.status.success(), "{}", git_output_text(&commit));
}

#[test]
fn install_refuses_foreign_hook_unless_forced() {
    let repo = TestRepo::new();
    let foreign = "#!/bin/sh\necho mine\n";
    repo.write(".git/hooks/pre-commit", foreign);

    let refused = repo.bindcheck(&["install"]).assert_code(2);
    assert!(
        refused.stderr.starts_with("git-bindcheck:"),
        "{}",
        refused.describe()
    );
    refused.assert_stderr_contains("--force");
    assert_eq!(repo.read(".git/hooks/pre-commit"), foreign.as_bytes());
    assert!(!repo.path(".git/hooks/pre-commit.orig").exists());

    repo.bindcheck(&["install", "--force"]).assert_code(0);
    assert_eq!(repo.read(".git/hooks/pre-commit.orig"), foreign.as_bytes());
    let script = String::from_utf8(repo.read(".git/hooks/pre-commit")).expect("UTF-8");
    assert!(script.contains("git-bindcheck staged"), "{script}");
}

#[test]
fn install_twice_is_idempotent() {
    let repo = TestRepo::new();
    repo.install_hook();
    let first = repo.read(".git/hooks/pre-commit");
    repo.install_hook();
    assert_eq!(repo.read(".git/hooks/pre-commit"), first);
    assert!(!repo.path(".git/hooks/pre-commit.orig").exists());
}

// ---------------------------------------------------------------------------------------------
// 15. Linked worktrees have their own index.

#[test]
fn linked_worktree_checks_its_own_index() {
    let repo = TestRepo::new();
    repo.commit_file("app.py", CLEAN);
    let worktree = repo.sandbox().root().join("wt");
    repo.git(&[
        "worktree",
        "add",
        "-q",
        "-b",
        "feature",
        worktree.to_str().expect("UTF-8 path"),
    ]);
    std::fs::write(worktree.join("server.py"), BAD).expect("write");
    repo.sandbox().git_in(&worktree, &["add", "server.py"]);

    let run = repo
        .sandbox()
        .bindcheck_in(&worktree, &["--format", "json"])
        .assert_code(1);
    assert_eq!(paths_of(&run.findings()), vec!["server.py"]);
    // The main work tree's index is untouched by the worktree's staging.
    repo.bindcheck(&[]).assert_code(0);
}

// ---------------------------------------------------------------------------------------------
// 16. Nothing is written.

#[test]
fn checking_never_writes_to_repository_index_or_work_tree() {
    let repo = TestRepo::new();
    repo.commit_file("app.py", CLEAN);
    repo.commit_file("lib/util.py", "x = 1\n");
    repo.write("app.py", BAD).add(&["app.py"]);
    repo.write("lib/util.py", "x = 2\n"); // unstaged
    repo.write("new.py", BAD); // untracked
    let before = TestRepo::snapshot(repo.root());
    assert!(before.contains_key(std::path::Path::new(".git/index")));

    repo.bindcheck(&[]).assert_code(1);
    repo.bindcheck(&["staged", "--format", "json", "--report", "all"])
        .assert_code(1);
    repo.bindcheck(&["scan", "."]).assert_code(1);

    let after = TestRepo::snapshot(repo.root());
    let changed: Vec<_> = before
        .keys()
        .chain(after.keys())
        .filter(|path| before.get(*path) != after.get(*path))
        .collect();
    assert!(changed.is_empty(), "written: {changed:?}");
}

// ---------------------------------------------------------------------------------------------
// 17. Pathspecs from a subdirectory.

#[test]
fn pathspec_from_subdirectory_restricts_to_that_file() {
    let repo = TestRepo::new();
    repo.write("src/app.py", BAD)
        .write("src/other.py", BAD)
        .write("src/clean.py", CLEAN)
        .write("top.py", BAD)
        .add(&["."]);

    let run = repo
        .bindcheck_in("src", &["staged", "app.py", "--format", "json"])
        .assert_code(1);
    assert_eq!(paths_of(&run.findings()), vec!["src/app.py"]);
    assert_eq!(run.json()["summary"]["files_checked"], 1);

    repo.bindcheck_in("src", &["staged", "clean.py"])
        .assert_code(0)
        .assert_stderr_contains("(1 changed Python file checked");

    // Without a pathspec, everything staged counts, wherever it is run from.
    let all = repo
        .bindcheck_in("src", &["--format", "json"])
        .assert_code(1);
    let mut paths = paths_of(&all.findings());
    paths.sort_unstable();
    assert_eq!(paths, vec!["src/app.py", "src/other.py", "top.py"]);
}

// ---------------------------------------------------------------------------------------------
// 18. scan: audit mode, outside repositories, standard input.

#[test]
fn scan_outside_repository_finds_bad_file() {
    let sandbox = Sandbox::new();
    let plain = sandbox.mkdir("plain");
    std::fs::create_dir_all(plain.join("pkg")).expect("mkdir");
    std::fs::write(plain.join("pkg/bad.py"), BAD).expect("write");
    std::fs::write(plain.join("pkg/clean.py"), CLEAN).expect("write");

    let run = sandbox
        .bindcheck_in(&plain, &["scan", ".", "--format", "json"])
        .assert_code(1);
    assert_eq!(paths_of(&run.findings()), vec!["pkg/bad.py"]);
    assert_eq!(run.findings()[0]["status"], Value::Null);
    run.assert_stderr_contains("1 finding in 1 file (2 Python files checked, 0 suppressed)");

    // By absolute path, from elsewhere.
    sandbox
        .bindcheck_in(sandbox.root(), &["scan", plain.to_str().expect("UTF-8")])
        .assert_code(1)
        .assert_stdout_contains("bad.py");
}

#[test]
fn scan_of_empty_directory_says_nothing_was_checked() {
    let sandbox = Sandbox::new();
    let empty = sandbox.mkdir("empty");
    sandbox
        .bindcheck_in(&empty, &["scan"])
        .assert_code(0)
        .assert_stderr_contains("0 Python files checked");
}

#[test]
fn scan_reads_stdin_with_stdin_filename() {
    let sandbox = Sandbox::new();
    let plain = sandbox.mkdir("plain");
    let run = sandbox
        .bindcheck_with_stdin(
            &plain,
            &["scan", "-", "--stdin-filename", "x.py", "--format", "json"],
            BAD.as_bytes(),
        )
        .assert_code(1);
    let findings = run.findings();
    assert_eq!(paths_of(&findings), vec!["x.py"]);
    assert_eq!(findings[0]["line"], 4);

    sandbox
        .bindcheck_with_stdin(
            &plain,
            &["scan", "-", "--stdin-filename", "x.py"],
            CLEAN.as_bytes(),
        )
        .assert_code(0)
        .assert_stderr_contains("(1 Python file checked");
}

#[test]
fn scan_skips_what_git_ignores_unless_named() {
    let repo = TestRepo::new();
    repo.write(".gitignore", "build/\n")
        .write("build/server.py", BAD)
        .write("src/server.py", BAD);
    let run = repo
        .bindcheck(&["scan", "--format", "json", "-v"])
        .assert_code(1);
    assert_eq!(paths_of(&run.findings()), vec!["src/server.py"]);
    run.assert_stderr_contains("build: ignored by git (`build/` in .gitignore), not checked");

    // A named file is checked even when ignored, as ruff checks it.
    let named = repo
        .bindcheck(&["scan", "--format", "json", "build/server.py"])
        .assert_code(1);
    assert_eq!(paths_of(&named.findings()), vec!["build/server.py"]);

    let everything = repo
        .bindcheck(&["scan", "--format", "json", "--no-respect-gitignore"])
        .assert_code(1);
    assert_eq!(
        paths_of(&everything.findings()),
        vec!["build/server.py", "src/server.py"]
    );
}

#[test]
fn scan_honours_the_global_excludes_file_of_the_sandbox_home() {
    let repo = TestRepo::new();
    repo.write("scratch/server.py", BAD)
        .write("mine/server.py", BAD)
        .write("src/server.py", BAD);
    let home = repo.sandbox().home();
    std::fs::create_dir_all(home.join(".config/git")).expect("mkdir");
    // The default global excludes file, $XDG_CONFIG_HOME/git/ignore.
    std::fs::write(home.join(".config/git/ignore"), "scratch/\n").expect("write");
    let run = repo.bindcheck(&["scan", "--format", "json"]).assert_code(1);
    assert_eq!(
        paths_of(&run.findings()),
        vec!["mine/server.py", "src/server.py"]
    );

    // core.excludesFile replaces it (`~/` is the sandbox's HOME).
    std::fs::write(home.join("my-ignore"), "mine/\n").expect("write");
    let mut global = std::fs::read_to_string(repo.sandbox().global_config()).expect("read");
    global.push_str("[core]\n\texcludesFile = ~/my-ignore\n");
    std::fs::write(repo.sandbox().global_config(), global).expect("write");
    let run = repo.bindcheck(&["scan", "--format", "json"]).assert_code(1);
    assert_eq!(
        paths_of(&run.findings()),
        vec!["scratch/server.py", "src/server.py"]
    );
}

#[test]
fn scan_in_linked_worktree_honours_the_common_info_exclude() {
    let repo = TestRepo::new();
    repo.commit_file("app.py", CLEAN);
    let worktree = repo.sandbox().root().join("wt");
    repo.git(&[
        "worktree",
        "add",
        "-q",
        "-b",
        "feature",
        worktree.to_str().expect("UTF-8 path"),
    ]);
    repo.write(".git/info/exclude", "local/\n");
    for relative in ["local/server.py", "src/server.py"] {
        let path = worktree.join(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, BAD).expect("write");
    }
    let run = repo
        .sandbox()
        .bindcheck_in(&worktree, &["scan", "--format", "json"])
        .assert_code(1);
    assert_eq!(paths_of(&run.findings()), vec!["src/server.py"]);
    // Git agrees.
    let untracked = repo.sandbox().git_in(
        &worktree,
        &["ls-files", "--others", "--exclude-standard", "--directory"],
    );
    assert_eq!(untracked, "src/\n");
}

#[test]
fn scan_outside_repository_gives_gitignore_files_no_meaning() {
    let sandbox = Sandbox::new();
    let plain = sandbox.mkdir("plain");
    std::fs::write(plain.join(".gitignore"), "*.py\n").expect("write");
    std::fs::write(plain.join("bad.py"), BAD).expect("write");
    let run = sandbox
        .bindcheck_in(&plain, &["scan", "--format", "json"])
        .assert_code(1);
    assert_eq!(paths_of(&run.findings()), vec!["bad.py"]);
}

// ---------------------------------------------------------------------------------------------
// Beyond the brief's list: more of SPEC 2, 4, 5 and 6.

#[test]
fn merge_in_progress_keeps_findings_of_merged_branch_existing() {
    let repo = TestRepo::new();
    repo.commit_file("app.py", CLEAN);
    repo.git(&["checkout", "-q", "-b", "other"]);
    // The bind came into `other` long ago (say, before the gate was installed).
    repo.commit_file("legacy.py", BAD);
    repo.git(&["checkout", "-q", "main"]);
    repo.commit_file("readme.py", "x = 1\n");
    repo.git(&["merge", "-q", "--no-ff", "--no-commit", "other"]);
    assert!(
        repo.path(".git/MERGE_HEAD").is_file(),
        "a merge is in progress"
    );

    // legacy.py is new relative to HEAD but present in the other parent: not new.
    let run = repo.bindcheck(&["--format", "json"]).assert_code(0);
    assert!(run.findings().is_empty(), "{}", run.describe());
    let all = repo
        .bindcheck(&["--report", "all", "--format", "json"])
        .assert_code(1);
    assert_eq!(all.findings()[0]["status"], "existing");
}

#[test]
fn merge_in_progress_still_blocks_bind_absent_from_every_parent() {
    let repo = TestRepo::new();
    repo.commit_file("app.py", CLEAN);
    repo.git(&["checkout", "-q", "-b", "other"]);
    repo.commit_file("legacy.py", "x = 1\n");
    repo.git(&["checkout", "-q", "main"]);
    repo.commit_file("readme.py", "x = 1\n");
    repo.git(&["merge", "-q", "--no-ff", "--no-commit", "other"]);
    // An "evil merge": the bind is introduced by the merge commit itself.
    repo.write("legacy.py", BAD).add(&["legacy.py"]);
    repo.bindcheck(&[]).assert_code(1);
}

#[test]
fn crlf_and_bom_files_are_checked() {
    let repo = TestRepo::new();
    repo.write("crlf.py", BAD.replace('\n', "\r\n"));
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(BAD.as_bytes());
    repo.write("bom.py", bom).add(&["crlf.py", "bom.py"]);

    let run = repo.bindcheck(&["--format", "json"]).assert_code(1);
    let findings = run.findings();
    let mut paths = paths_of(&findings);
    paths.sort_unstable();
    assert_eq!(paths, vec!["bom.py", "crlf.py"], "{}", run.describe());
    for finding in &findings {
        assert_eq!(finding["line"], 4, "{finding}");
        assert_eq!(finding["column"], 1, "{finding}");
    }
}

#[test]
fn undecodable_file_warns_and_is_still_checked() {
    let repo = TestRepo::new();
    let mut content = b"import socket\n# caf".to_vec();
    content.push(0xE9); // latin-1, no coding cookie: not UTF-8
    content.extend_from_slice(b"\ns = socket.socket()\ns.bind((\"0.0.0.0\", 8080))\n");
    repo.write("legacy.py", content).add(&["legacy.py"]);

    let run = repo.bindcheck(&[]).assert_code(1);
    let warning = run
        .stderr
        .lines()
        .find(|line| line.contains("warning"))
        .unwrap_or_else(|| panic!("no warning\n{}", run.describe()));
    assert!(warning.contains("legacy.py"), "{warning}");
}

#[test]
fn suppression_on_any_line_of_multiline_statement() {
    let content = "import socket\n\ns = socket.socket()\ns.bind(\n    (\"0.0.0.0\", 8080),\n)  # bindcheck: ignore -- lab\n";
    let run = stage_and_check(content, &["--format", "json"]).assert_code(0);
    assert_eq!(run.findings()[0]["suppressed"], true, "{}", run.describe());
}

#[test]
fn suppression_comment_not_directly_above_does_not_suppress() {
    // Separated by a blank line.
    let separated = BAD.replace("s.bind((", "# bindcheck: ignore\n\ns.bind((");
    stage_and_check(&separated, &[]).assert_code(1);
    // Trailing another statement rather than alone on its line.
    let trailing = BAD.replace(
        "s = socket.socket()",
        "s = socket.socket()  # bindcheck: ignore",
    );
    stage_and_check(&trailing, &[]).assert_code(1);
}

#[test]
fn skip_file_comment_skips_the_file() {
    let content = format!("# bindcheck: skip-file\n{BAD}");
    stage_and_check(&content, &[]).assert_code(0);
}

#[test]
fn no_compat_suppressions_ignores_nosec() {
    stage_and_check(
        &with_comment_on_bind("# nosec"),
        &["--no-compat-suppressions"],
    )
    .assert_code(1);
}

#[test]
fn exit_zero_and_quiet() {
    let repo = TestRepo::new();
    repo.write("app.py", BAD).add(&["app.py"]);
    let run = repo.bindcheck(&["--exit-zero"]).assert_code(0);
    assert!(run.stdout.contains("BND001"), "{}", run.describe());
    let quiet = repo
        .bindcheck(&["-q", "--format", "concise"])
        .assert_code(1);
    assert!(quiet.stderr.is_empty(), "{}", quiet.describe());
    assert!(
        quiet.stdout.starts_with("app.py:4:"),
        "{}",
        quiet.describe()
    );
}

#[test]
fn json_finding_has_every_documented_field() {
    let run = stage_and_check(BAD, &["--format", "json"]).assert_code(1);
    let document = run.json();
    assert_eq!(document["version"], env!("CARGO_PKG_VERSION"));
    let finding = &document["findings"][0];
    for field in [
        "rule",
        "name",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "message",
        "host",
        "origin",
        "status",
        "suppressed",
        "suppression",
        "fingerprint",
    ] {
        assert!(finding.get(field).is_some(), "missing {field}: {finding}");
    }
    assert_eq!(finding["rule"], "BND001");
    assert_eq!(finding["path"], "app.py");
    assert_eq!(
        (finding["line"].as_u64(), finding["column"].as_u64()),
        (Some(4), Some(1))
    );
    assert!(
        finding["host"]
            .as_str()
            .is_some_and(|host| host.contains("0.0.0.0")),
        "{finding}"
    );
    assert_eq!(finding["origin"], Value::Null);
    assert_eq!(finding["suppression"], Value::Null);
    assert!(
        finding["fingerprint"]
            .as_str()
            .is_some_and(|print| !print.is_empty()),
        "{finding}"
    );
    let summary = &document["summary"];
    assert_eq!(summary["files_checked"], 1);
    assert_eq!(summary["findings"], 1);
    assert_eq!(summary["suppressed"], 0);
    assert_eq!(summary["blocking"], 1);
}

#[test]
fn paths_with_spaces_and_unicode_are_reported_repo_relative() {
    let repo = TestRepo::new();
    repo.write("my app/servé.py", BAD).add(&["my app/servé.py"]);
    let run = repo.bindcheck(&["--format", "json"]).assert_code(1);
    assert_eq!(paths_of(&run.findings()), vec!["my app/servé.py"]);
}

#[test]
fn parent_directory_pathspec_from_subdirectory() {
    let repo = TestRepo::new();
    repo.write("src/app.py", CLEAN)
        .write("top.py", BAD)
        .add(&["."]);
    let run = repo
        .bindcheck_in("src", &["staged", "../top.py", "--format", "json"])
        .assert_code(1);
    assert_eq!(paths_of(&run.findings()), vec!["top.py"]);
    repo.bindcheck_in("src", &["staged", "."]).assert_code(0);
}

#[test]
fn submodule_gitlink_with_python_name_is_not_read_as_a_file() {
    let repo = TestRepo::new();
    let commit = repo.commit_file("app.py", CLEAN);
    repo.git(&[
        "update-index",
        "--add",
        "--cacheinfo",
        &format!("160000,{commit},plugin.py"),
    ]);
    repo.bindcheck(&[])
        .assert_code(0)
        .assert_stderr_contains("0 changed Python files checked");
}

#[test]
fn index_version_4_is_read() {
    let repo = TestRepo::new();
    repo.commit_file("app.py", CLEAN);
    repo.write("app.py", BAD).add(&["app.py"]);
    repo.git(&["update-index", "--index-version", "4"]);
    repo.bindcheck(&[]).assert_code(1);
}

#[test]
fn split_index_is_read_or_refused_never_misread() {
    let repo = TestRepo::new();
    repo.commit_file("app.py", CLEAN);
    repo.commit_file("other.py", "x = 1\n");
    repo.git(&["update-index", "--split-index"]);
    repo.write("app.py", BAD).add(&["app.py"]);
    let run = repo.bindcheck(&[]);
    match run.code {
        Some(1) => {}
        Some(2) => {
            assert!(run.stderr.contains("split"), "{}", run.describe());
        }
        _ => panic!("a split index was misread\n{}", run.describe()),
    }
}

#[test]
fn sparse_index_is_read_or_refused_never_misread() {
    let repo = TestRepo::new();
    repo.commit_file("app.py", CLEAN);
    repo.commit_file("docs/other.py", "x = 1\n");
    repo.git(&["sparse-checkout", "set", "--cone", "--sparse-index", "src"]);
    repo.write("app.py", BAD).add(&["app.py"]);
    let run = repo.bindcheck(&[]);
    match run.code {
        Some(1) => {}
        Some(2) => {
            assert!(run.stderr.contains("sparse"), "{}", run.describe());
        }
        _ => panic!("a sparse index was misread\n{}", run.describe()),
    }
}

#[test]
fn help_works_and_bad_arguments_exit_2() {
    let sandbox = Sandbox::new();
    for flag in ["-h", "--help"] {
        let run = sandbox.bindcheck_in(sandbox.root(), &[flag]).assert_code(0);
        assert!(run.stdout.contains("Usage"), "{}", run.describe());
    }
    sandbox
        .bindcheck_in(sandbox.root(), &["--format", "xml"])
        .assert_code(2);
    sandbox
        .bindcheck_in(sandbox.root(), &["no-such-command"])
        .assert_code(2);
}

#[test]
fn runs_as_git_subcommand() {
    let repo = TestRepo::new();
    repo.write("app.py", BAD).add(&["app.py"]);
    let output = repo.try_git(&["bindcheck", "--format", "concise"]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        common::describe(&output)
    );
    assert!(
        String::from_utf8_lossy(&output.stdout).starts_with("app.py:4:1: BND001"),
        "{}",
        common::describe(&output)
    );
}

#[test]
fn scan_missing_path_exits_2() {
    let sandbox = Sandbox::new();
    let run = sandbox
        .bindcheck_in(sandbox.root(), &["scan", "does-not-exist.py"])
        .assert_code(2);
    assert!(
        run.stderr.starts_with("git-bindcheck:"),
        "{}",
        run.describe()
    );
    run.assert_stderr_contains("does-not-exist.py");
}

#[test]
fn jupyter_notebook_code_cells_are_checked() {
    let repo = TestRepo::new();
    let notebook = r#"{
 "cells": [
  {"cell_type": "markdown", "metadata": {}, "source": ["s.bind((\"0.0.0.0\", 1))"]},
  {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [],
   "source": ["import socket\n", "s = socket.socket()\n", "s.bind((\"0.0.0.0\", 8080))\n"]}
 ],
 "metadata": {},
 "nbformat": 4,
 "nbformat_minor": 5
}
"#;
    repo.write("explore.ipynb", notebook)
        .add(&["explore.ipynb"]);
    let run = repo.bindcheck(&["--format", "json"]).assert_code(1);
    let findings = run.findings();
    assert_eq!(
        paths_of(&findings),
        vec!["explore.ipynb"],
        "{}",
        run.describe()
    );
}

#[cfg(unix)]
#[test]
fn symlink_replaced_by_bad_file_is_checked() {
    let repo = TestRepo::new();
    repo.commit_file("target.py", CLEAN);
    repo.symlink("target.py", "link.py").add(&["link.py"]);
    repo.commit("link");
    std::fs::remove_file(repo.path("link.py")).expect("remove the symlink");
    repo.write("link.py", BAD).add(&["link.py"]);
    assert!(repo.git(&["status", "--porcelain"]).contains("T  link.py"));

    let run = repo.bindcheck(&["--format", "json"]).assert_code(1);
    assert_eq!(paths_of(&run.findings()), vec!["link.py"]);
}

#[test]
fn mode_change_alone_is_not_new() {
    let repo = TestRepo::new();
    repo.commit_file("app.py", BAD);
    repo.git(&["update-index", "--chmod=+x", "app.py"]);
    assert!(
        repo.git(&["diff", "--cached", "--summary"])
            .contains("mode change")
    );
    repo.bindcheck(&[])
        .assert_code(0)
        .assert_stderr_contains("0 new findings");
}

#[test]
fn removing_one_of_two_identical_binds_is_not_new() {
    let repo = TestRepo::new();
    repo.commit_file(
        "app.py",
        format!("{BIND_BASE}s.bind((\"0.0.0.0\", 8080))\n"),
    );
    repo.write("app.py", BIND_BASE).add(&["app.py"]);
    repo.bindcheck(&[]).assert_code(0);
}

#[test]
fn copy_of_file_with_existing_bind_is_new() {
    let repo = TestRepo::new();
    repo.commit_file("app.py", legacy_module(""));
    repo.write("copy.py", legacy_module("")).add(&["copy.py"]);
    let run = repo.bindcheck(&["--format", "json"]).assert_code(1);
    assert_eq!(paths_of(&run.findings()), vec!["copy.py"]);
}

#[test]
fn select_and_ignore_choose_rules() {
    let repo = TestRepo::new();
    repo.write("app.py", BAD).add(&["app.py"]);
    repo.bindcheck(&["--ignore", "BND001"]).assert_code(0);
    repo.bindcheck(&["--select", "BND001"]).assert_code(1);
    let unknown = repo.bindcheck(&["--select", "NOPE123"]).assert_code(2);
    assert!(
        unknown.stderr.starts_with("git-bindcheck:"),
        "{}",
        unknown.describe()
    );
    unknown.assert_stderr_contains("NOPE123");
}

#[test]
fn human_output_shows_location_origin_and_suppression_help() {
    let repo = TestRepo::new();
    repo.commit_file("app.py", FLIP_BASE);
    repo.write("app.py", FLIP_BASE.replace("127.0.0.1", "0.0.0.0"))
        .add(&["app.py"]);
    let run = repo.bindcheck(&["--color", "never"]).assert_code(1);
    assert!(
        run.stdout.starts_with("app.py:9:5: BND001 "),
        "{}",
        run.describe()
    );
    run.assert_stdout_contains("app.py:3:")
        .assert_stdout_contains("HOST = \"0.0.0.0\"")
        .assert_stdout_contains("# bindcheck: ignore[BND001]");
    assert!(!run.stdout.contains('\u{1b}'), "no colour when told not to");
    let coloured = repo.bindcheck(&["--color", "always"]).assert_code(1);
    assert!(
        coloured.stdout.contains('\u{1b}'),
        "{}",
        coloured.describe()
    );
}

#[test]
fn broken_pipe_on_stdout_exits_quietly() {
    let sandbox = Sandbox::new();
    let plain = sandbox.mkdir("plain");
    std::fs::write(plain.join("bad.py"), BAD.repeat(200)).expect("write");
    // Every format, including the JSON ones whose writer wraps I/O errors.
    for format in ["human", "concise", "json", "sarif", "github", "gitlab"] {
        // The reading end is closed before the binary starts, so its first write fails with
        // EPIPE.
        let (reader, writer) = std::io::pipe().expect("create a pipe");
        drop(reader);
        let output = sandbox
            .command(common::BINARY, &plain)
            .args(["scan", ".", "--format", format])
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .output()
            .expect("run git-bindcheck");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "{format}: {}\n{stderr}",
            output.status
        );
        assert!(!stderr.contains("error"), "{format}: {stderr}");
        assert!(!stderr.contains("panicked"), "{format}: {stderr}");
    }
}

#[test]
fn unsupported_repository_format_exits_2_naming_the_reason() {
    let sandbox = Sandbox::new();
    let repo = sandbox.mkdir("sha256");
    sandbox.git_in(&repo, &["init", "-q", "--object-format=sha256"]);
    std::fs::write(repo.join("app.py"), BAD).expect("write");
    sandbox.git_in(&repo, &["add", "app.py"]);
    let run = sandbox.bindcheck_in(&repo, &[]).assert_code(2);
    assert!(
        run.stderr.starts_with("git-bindcheck:"),
        "{}",
        run.describe()
    );
    run.assert_stderr_contains("sha256");
}

#[test]
fn scan_directory_finds_extensionless_python_script() {
    let sandbox = Sandbox::new();
    let plain = sandbox.mkdir("plain");
    std::fs::write(
        plain.join("serve"),
        format!("#!/usr/bin/env python3\n{BAD}"),
    )
    .expect("write");
    let run = sandbox
        .bindcheck_in(&plain, &["scan", ".", "--format", "json"])
        .assert_code(1);
    assert_eq!(paths_of(&run.findings()), vec!["serve"]);
}

#[test]
fn pathspec_on_renamed_file_keeps_existing_finding_quiet() {
    let repo = TestRepo::new();
    repo.commit_file("server.py", legacy_module(""));
    repo.git(&["mv", "server.py", "net_server.py"]);
    repo.bindcheck(&[]).assert_code(0);
    repo.bindcheck(&["staged", "net_server.py"])
        .assert_code(0)
        .assert_stderr_contains("0 new findings");
}

#[test]
fn exclude_pathspec_checks_everything_else() {
    let repo = TestRepo::new();
    repo.write("bad.py", BAD)
        .write("legacy.py", BAD)
        .add(&["bad.py", "legacy.py"]);
    for pathspec in [":!legacy.py", ":(exclude)legacy.py"] {
        let run = repo
            .bindcheck(&["staged", pathspec, "--format", "json"])
            .assert_code(1);
        assert_eq!(paths_of(&run.findings()), vec!["bad.py"], "{pathspec}");
    }
}

// ---------------------------------------------------------------------------------------------
// Launch commands and sockets that are bound but do not listen (SPEC 3.2, 3.3c).

#[test]
fn staged_launch_command_is_blocked_and_a_free_port_probe_is_not() {
    let repo = TestRepo::new();
    repo.commit_file("README.md", "docs\n");
    let launcher = "import subprocess\nimport sys\n\n\ndef serve():\n    \
                    subprocess.Popen([sys.executable, \"-m\", \"uvicorn\", \"app:app\", \"--host\", \"0.0.0.0\"])\n";
    let probe = "import socket\n\n\ndef free_port():\n    s = socket.socket()\n    \
                 s.bind((\"\", 0))\n    port = s.getsockname()[1]\n    s.close()\n    return port\n";
    repo.write("launch.py", launcher)
        .write("probe.py", probe)
        .add(&["launch.py", "probe.py"]);
    let run = repo
        .bindcheck(&["staged", "--format", "json"])
        .assert_code(1);
    let findings = run.findings();
    assert_eq!(
        paths_of(&findings),
        vec!["launch.py".to_owned()],
        "{}",
        run.describe()
    );
    assert_eq!(findings[0]["rule"], "BND002");
    assert_eq!(findings[0]["line"], 6);
    assert_eq!(findings[0]["host"], "\"0.0.0.0\"");

    // The probe that starts listening is a listener again, and new.
    repo.git(&["commit", "-m", "x", "--no-verify"]);
    let listening = probe.replace("    s.close()\n", "    s.listen()\n");
    repo.write("probe.py", listening).add(&["probe.py"]);
    let run = repo
        .bindcheck(&["staged", "--format", "json"])
        .assert_code(1);
    let findings = run.findings();
    assert_eq!(
        paths_of(&findings),
        vec!["probe.py".to_owned()],
        "{}",
        run.describe()
    );
    assert_eq!(findings[0]["rule"], "BND001");
}
