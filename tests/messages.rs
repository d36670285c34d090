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

// ---------------------------------------------------------------------------------------------
// 5. Malformed suppression comments.

#[test]
fn malformed_suppression_is_warned_with_its_line_and_suppresses_nothing() {
    let repo = TestRepo::new();
    let content = "import socket\n\ns = socket.socket()\ns.bind((\"0.0.0.0\", 8080))  # bindcheck: ignor\ns.listen()\n";
    repo.write("app.py", content).add(&["app.py"]);
    let run = repo.bindcheck(&[]).assert_code(1);
    run.assert_stderr_contains(
        "warning: app.py: line 4: `# bindcheck: ignor` is not a suppression comment",
    );
}

#[test]
fn suppression_naming_unknown_code_is_warned_naming_the_code() {
    let repo = TestRepo::new();
    let content = "import socket\n\ns = socket.socket()\n# bindcheck: ignore[BND01] -- lab only\ns.bind((\"0.0.0.0\", 8080))\ns.listen()\n";
    repo.write("app.py", content).add(&["app.py"]);
    repo.bindcheck(&[]).assert_code(1).assert_stderr_contains(
        "warning: app.py: line 4: `BND01` in `# bindcheck: ignore[BND01]` is not a rule code",
    );
}

#[test]
fn misplaced_code_list_no_longer_suppresses_every_rule() {
    // `ignore [BND100]` used to read as a bare `ignore`, silencing BND001 too.
    let repo = TestRepo::new();
    let content = "import socket\n\ns = socket.socket()\ns.bind((\"0.0.0.0\", 8080))  # bindcheck: ignore [BND100]\ns.listen()\n";
    repo.write("app.py", content).add(&["app.py"]);
    repo.bindcheck(&[]).assert_code(1).assert_stderr_contains(
        "line 4: `# bindcheck: ignore [BND100]` is a malformed suppression comment",
    );
}

#[test]
fn well_formed_suppression_is_not_warned() {
    let repo = TestRepo::new();
    let content = "import socket\n\ns = socket.socket()\ns.bind((\"0.0.0.0\", 8080))  # bindcheck: ignore[BND001] -- lab\ns.listen()\n";
    repo.write("app.py", content).add(&["app.py"]);
    let run = repo.bindcheck(&[]).assert_code(0);
    assert!(!run.stderr.contains("warning"), "{}", run.describe());
}

// ---------------------------------------------------------------------------------------------
// 6, 7. Labels and help fit what each rule found.

/// The human report of `content` (as `app.py`) scanned with `args`.
fn human_report(content: &str, args: &[&str]) -> Run {
    let sandbox = Sandbox::new();
    let directory = sandbox.mkdir("files");
    std::fs::write(directory.join("app.py"), content).expect("write app.py");
    let mut all = vec!["scan", "app.py"];
    all.extend_from_slice(args);
    sandbox.bindcheck_in(&directory, &all)
}

#[test]
fn audit_findings_on_loopback_do_not_claim_all_interfaces() {
    let content = "import socket\nimport uvicorn\ns = socket.socket()\ns.bind((\"127.0.0.1\", 8080))\ns.listen()\nuvicorn.Config(app, port=8000)\n";
    let run = human_report(content, &["--select", "BND100,BND101"]).assert_code(1);
    assert!(
        !run.stdout.contains("all interfaces"),
        "an audit finding claims all interfaces:\n{}",
        run.stdout
    );
    assert!(!run.stdout.contains("bind to 127.0.0.1"), "{}", run.stdout);
    run.assert_stdout_contains("a listener, for review")
        .assert_stdout_contains(
            "check which interfaces and port this listener should be reachable on",
        )
        .assert_stdout_contains(
            "once reviewed, end line 4 with `# bindcheck: ignore[BND100] -- <why>`",
        )
        .assert_stdout_contains("the port is written in the code")
        .assert_stdout_contains("read the port from configuration")
        .assert_stdout_contains(
            "if this port is intended, end line 6 with `# bindcheck: ignore[BND101] -- <why>`",
        );
}

#[test]
fn configurable_default_help_names_the_option_to_change() {
    let content = "import argparse\nimport os\nimport uvicorn\np = argparse.ArgumentParser()\np.add_argument(\"--host\", default=\"0.0.0.0\")\nargs = p.parse_args()\nuvicorn.run(\"a:b\", host=args.host)\nuvicorn.run(\"a:b\", host=os.environ.get(\"API_HOST\", \"0.0.0.0\"))\n";
    let run = human_report(content, &[]).assert_code(1);
    run.assert_stdout_contains("help: change the default of the `--host` option to 127.0.0.1")
        .assert_stdout_contains(
            "help: change the default of the `API_HOST` environment variable to 127.0.0.1",
        )
        .assert_stdout_contains("all interfaces by default");
    assert!(
        !run.stdout.contains("read the host from configuration"),
        "{}",
        run.stdout
    );
}

#[test]
fn explicit_wildcard_keeps_the_bind_to_loopback_help() {
    let run = human_report(BAD, &[]).assert_code(1);
    run.assert_stdout_contains("^^^^^^^^^ all interfaces")
        .assert_stdout_contains("help: bind to 127.0.0.1 (or ::1)")
        .assert_stdout_contains("if every interface is intended, end line 4");
}

// ---------------------------------------------------------------------------------------------
// 8. A bare repository.

#[test]
fn bare_repository_advice_names_diff_which_works_there() {
    let repo = TestRepo::new();
    let base = repo.commit_file("clean.py", CLEAN);
    let head = repo.commit_file("bad.py", BAD);
    let sandbox = repo.sandbox();
    let bare = sandbox.root().join("bare.git");
    sandbox.git_in(
        sandbox.root(),
        &[
            "clone",
            "-q",
            "--bare",
            &repo.root().to_string_lossy(),
            "bare.git",
        ],
    );
    let staged = sandbox.bindcheck_in(&bare, &[]).assert_code(2);
    staged.assert_stderr_contains("git bindcheck diff BASE HEAD");
    assert!(
        !staged.stderr.contains("bindcheck scan"),
        "{}",
        staged.describe()
    );
    // The advice works.
    sandbox
        .bindcheck_in(&bare, &["diff", &base, &head])
        .assert_code(1)
        .assert_stdout_contains("bad.py");
}

// ---------------------------------------------------------------------------------------------
// 9. A shallow clone and a wrong ref name.

#[test]
fn branch_only_on_remote_is_named_instead_of_blaming_shallow_clone() {
    let repo = TestRepo::new();
    repo.commit_file("clean.py", CLEAN);
    repo.commit_file("more.py", CLEAN);
    repo.git(&["branch", "topic"]);
    let sandbox = repo.sandbox();
    let url = format!("file://{}", repo.root().display());
    sandbox.git_in(
        sandbox.root(),
        &[
            "clone",
            "-q",
            "--depth",
            "1",
            "--no-single-branch",
            &url,
            "shallow",
        ],
    );
    let shallow = sandbox.root().join("shallow");
    sandbox.git_in(&shallow, &["checkout", "-q", "topic"]);
    sandbox.git_in(&shallow, &["branch", "-q", "-D", "main"]);
    let run = sandbox
        .bindcheck_in(&shallow, &["diff", "main"])
        .assert_code(2);
    run.assert_stderr_contains("there is no branch `main` here, only the remote-tracking branch `origin/main`; use `origin/main`");
    assert!(!run.stderr.contains("shallow"), "{}", run.describe());
    // Ancestry beyond the shallow boundary still points at the history.
    sandbox
        .bindcheck_in(&shallow, &["diff", "HEAD~1"])
        .assert_code(2)
        .assert_stderr_contains("shallow clone");
}

// ---------------------------------------------------------------------------------------------
// 10. An empty repository.

#[test]
fn empty_repository_says_there_are_no_commits_yet() {
    let repo = TestRepo::new();
    let run = repo.bindcheck(&["diff", "HEAD~1"]).assert_code(2);
    run.assert_stderr_contains("branch `main` has no commits yet");
    assert!(!run.stderr.contains("revspec"), "{}", run.describe());
    // A branch name, in a repository with no branch at all, gets the same answer.
    repo.bindcheck(&["diff", "main"])
        .assert_code(2)
        .assert_stderr_contains("has no commits yet");
}

// ---------------------------------------------------------------------------------------------
// 11. `install --force`.

#[test]
fn install_force_says_the_old_hook_no_longer_runs() {
    let repo = TestRepo::new();
    let hooks = repo.path(".git/hooks");
    std::fs::create_dir_all(&hooks).expect("create hooks");
    std::fs::write(hooks.join("pre-commit"), "#!/bin/sh\nexit 0\n").expect("write a hook");
    repo.bindcheck(&["install", "--force"])
        .assert_code(0)
        .assert_stderr_contains("the previous hook no longer runs: it is kept at");
}

// ---------------------------------------------------------------------------------------------
// 12. `explain`.

#[test]
fn explain_capitalises_the_default_after_a_full_stop() {
    let sandbox = Sandbox::new();
    let on = sandbox
        .bindcheck_in(sandbox.root(), &["explain", "BND001"])
        .assert_code(0);
    on.assert_stdout_contains("address. Enabled by default.");
    let off = sandbox
        .bindcheck_in(sandbox.root(), &["explain", "BND100"])
        .assert_code(0);
    off.assert_stdout_contains("for review. Off by default; enable it with `--select`.");
}

// ---------------------------------------------------------------------------------------------
// 14. The manual page `git bindcheck --help` opens.

#[test]
fn man_prints_a_manual_page_for_git_help() {
    let sandbox = Sandbox::new();
    let run = sandbox
        .bindcheck_in(sandbox.root(), &["man"])
        .assert_code(0);
    run.assert_stdout_contains(".TH git-bindcheck 1")
        .assert_stdout_contains("pre\\-push");
}

#[test]
fn man_install_lets_git_bindcheck_help_open_the_page() {
    let sandbox = Sandbox::new();
    let bin = sandbox.mkdir("prefix/bin");
    let program = bin.join("git-bindcheck");
    std::fs::copy(common::BINARY, &program).expect("copy the binary");
    // A binary just copied may still be open for writing in a child another test thread
    // forked meanwhile ("Text file busy"): retry until that child has exec'd.
    let mut attempts = 0;
    let output = loop {
        match sandbox
            .command(&program, sandbox.root())
            .args(["man", "--install"])
            .output()
        {
            Err(error) if error.raw_os_error() == Some(26) && attempts < 100 => {
                attempts += 1;
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => break other.expect("run man --install"),
        }
    };
    assert!(output.status.success(), "{}", common::describe(&output));
    let page = sandbox.root().join("prefix/share/man/man1/git-bindcheck.1");
    let text = std::fs::read_to_string(&page).expect("the page is written");
    assert!(text.contains(".TH git-bindcheck 1"), "{text}");
    // Where man is installed, git's `--help` now finds the page (MANPATH names the prefix, as
    // man-db derives it from PATH).
    if std::process::Command::new("man")
        .arg("-w")
        .arg("man")
        .output()
        .is_ok_and(|output| output.status.success())
    {
        let help = sandbox
            .command("git", sandbox.root())
            .args(["bindcheck", "--help"])
            .env("MANPATH", sandbox.root().join("prefix/share/man"))
            .env("MANPAGER", "cat")
            .env("PAGER", "cat")
            .output()
            .expect("run git bindcheck --help");
        assert!(help.status.success(), "{}", common::describe(&help));
        let shown = String::from_utf8_lossy(&help.stdout);
        assert!(shown.contains("git-bindcheck"), "{shown}");
    }
}

// ---------------------------------------------------------------------------------------------
// 13. README's pre-commit snippet.

#[test]
fn readme_pre_commit_rev_names_a_commit_that_exists() {
    let manifest = env!("CARGO_MANIFEST_DIR");
    let readme = std::fs::read_to_string(Path::new(manifest).join("README.md")).expect("README");
    // The mirror repository (`git-bindcheck-pre-commit`, which installs the wheel) is tagged
    // with each release on its own: its `rev:` is a version, checked by
    // scripts/test-pre-commit-hooks against Cargo.toml. This repository's `rev:`s must exist.
    let mut revs: Vec<&str> = Vec::new();
    let mut repository = "";
    for line in readme.lines() {
        let line = line.trim().trim_start_matches("- ");
        if let Some(repo) = line.strip_prefix("repo:") {
            repository = repo.trim();
        } else if let Some(rest) = line.strip_prefix("rev:")
            && !repository.contains("git-bindcheck-pre-commit")
            && let Some(rev) = rest.split_whitespace().next()
        {
            revs.push(rev);
        }
    }
    assert!(!revs.is_empty(), "README has no pre-commit `rev:`");
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .arg("-C")
            .arg(manifest)
            .args(args)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
    };
    let history = git(&["rev-parse", "--is-shallow-repository"])
        .ok()
        .filter(|output| output.status.success())
        .map(|output| String::from_utf8_lossy(&output.stdout).trim() == "false");
    for rev in revs {
        // A tag the release makes would do too; until one exists, a full commit id.
        assert!(
            rev.len() == 40 && rev.bytes().all(|byte| byte.is_ascii_hexdigit()),
            "README's rev `{rev}` is not a commit id"
        );
        // In a full clone (CI's), the commit must be in this repository's history.
        if history == Some(true) {
            let exists = git(&["cat-file", "-e", &format!("{rev}^{{commit}}")])
                .is_ok_and(|output| output.status.success());
            assert!(
                exists,
                "README's rev `{rev}` is not a commit of this repository"
            );
        }
    }
}
