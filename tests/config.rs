//! End-to-end tests of configuration files: `[tool.bindcheck]` in pyproject.toml,
//! `.bindcheck.toml` / `bindcheck.toml`, `--config`, and how the command line overrides them.
//! Each test writes real files in an isolated sandbox (and, for the git modes, a real
//! repository) and runs the built binary.

// Helpers outside `#[test]` functions: a failed expectation is how they report a broken fixture.
#![allow(clippy::expect_used)]

mod common;

use std::path::Path;

use common::{Run, Sandbox, TestRepo};
use serde_json::Value;

/// BND001 (and BND100/BND101 when selected).
const BIND_ALL: &str = "import socket\n\ns = socket.socket()\ns.bind((\"0.0.0.0\", 8080))\n";

/// BND003 (and BND100/BND101 when selected).
const IMPLICIT: &str = "import asyncio\n\n\nasync def main(handle):\n    await asyncio.start_server(handle, port=8080)\n";

/// Writes `content` at `relative` under `directory`, creating directories.
fn write(directory: &Path, relative: &str, content: &str) {
    let path = directory.join(relative);
    std::fs::create_dir_all(path.parent().expect("a parent directory")).expect("create");
    std::fs::write(path, content).expect("write");
}

/// `path rule` for each finding of a JSON report, sorted.
fn reported(run: &Run) -> Vec<String> {
    let mut findings: Vec<String> = run
        .findings()
        .iter()
        .map(|finding: &Value| {
            format!(
                "{} {}",
                finding["path"].as_str().expect("path"),
                finding["rule"].as_str().expect("rule")
            )
        })
        .collect();
    findings.sort();
    findings
}

/// A sandbox with a plain (non-git) project directory.
fn project() -> (Sandbox, std::path::PathBuf) {
    let sandbox = Sandbox::new();
    let project = sandbox.mkdir("project");
    (sandbox, project)
}

// ---------------------------------------------------------------------------------------------
// Which file is read.

#[test]
fn pyproject_tool_bindcheck_select_and_ignore_choose_the_rules() {
    let (sandbox, project) = project();
    write(
        &project,
        "pyproject.toml",
        "[project]\nname = \"demo\"\n\n[tool.ruff]\nselect = [\"E\"]\n\n\
         [tool.bindcheck]\nselect = [\"BND001\", \"BND003\", \"BND101\"]\nignore = [\"BND003\"]\n",
    );
    write(&project, "a.py", BIND_ALL);
    write(&project, "b.py", IMPLICIT);
    let run = sandbox
        .bindcheck_in(&project, &["scan", "--format", "json"])
        .assert_code(1);
    assert_eq!(
        reported(&run),
        vec!["a.py BND001", "a.py BND101", "b.py BND101"]
    );
}

#[test]
fn pyproject_extend_select_adds_to_the_default_rules() {
    let (sandbox, project) = project();
    write(
        &project,
        "pyproject.toml",
        "[tool.bindcheck]\nextend-select = [\"hardcoded-port\"]\n",
    );
    write(&project, "a.py", BIND_ALL);
    let run = sandbox
        .bindcheck_in(&project, &["scan", "--format", "json"])
        .assert_code(1);
    assert_eq!(reported(&run), vec!["a.py BND001", "a.py BND101"]);
}

#[test]
fn pyproject_without_bindcheck_table_does_not_stop_the_upward_search() {
    let (sandbox, project) = project();
    write(&project, ".bindcheck.toml", "ignore = [\"BND001\"]\n");
    let child = project.join("service");
    write(&child, "pyproject.toml", "[project]\nname = \"service\"\n");
    write(&child, "app.py", BIND_ALL);
    let run = sandbox.bindcheck_in(&child, &["scan", "-v"]).assert_code(0);
    run.assert_stderr_contains("configuration from")
        .assert_stderr_contains(".bindcheck.toml")
        .assert_stderr_contains("1 Python file checked");
}

#[test]
fn closest_configuration_wins_in_scan_mode() {
    let (sandbox, project) = project();
    write(&project, ".bindcheck.toml", "ignore = [\"BND001\"]\n");
    let child = project.join("strict");
    write(&child, "bindcheck.toml", "select = [\"BND001\"]\n");
    write(&child, "app.py", BIND_ALL);
    sandbox.bindcheck_in(&child, &["scan"]).assert_code(1);
    sandbox.bindcheck_in(&project, &["scan"]).assert_code(0);
}

#[test]
fn rules_command_shows_the_configured_selection() {
    let (sandbox, project) = project();
    write(&project, "bindcheck.toml", "select = [\"BND101\"]\n");
    let run = sandbox.bindcheck_in(&project, &["rules"]).assert_code(0);
    let line = |code: &str| {
        run.stdout
            .lines()
            .find(|line| line.starts_with(code))
            .unwrap_or_default()
            .to_owned()
    };
    assert!(line("BND101").contains(" yes "), "{}", run.stdout);
    assert!(line("BND001").contains(" no "), "{}", run.stdout);
}

// ---------------------------------------------------------------------------------------------
// Exclusions and per-file ignores.

#[test]
fn bindcheck_toml_extend_exclude_skips_paths_and_keeps_default_exclusions() {
    let (sandbox, project) = project();
    write(
        &project,
        ".bindcheck.toml",
        "extend-exclude = [\"generated/\", \"*_pb2.py\"]\n",
    );
    write(&project, "src/app.py", BIND_ALL);
    write(&project, "src/api_pb2.py", BIND_ALL);
    write(&project, "generated/server.py", BIND_ALL);
    write(&project, ".venv/lib/site.py", BIND_ALL);
    let run = sandbox
        .bindcheck_in(&project, &["scan", "--format", "json", "-v"])
        .assert_code(1);
    assert_eq!(reported(&run), vec!["src/app.py BND001"]);
    run.assert_stderr_contains("generated: excluded by `generated/`");

    // Named files are excluded too, so the pre-commit hook (which names files) honours it.
    let named = sandbox
        .bindcheck_in(&project, &["scan", "generated/server.py", "src/api_pb2.py"])
        .assert_code(0);
    named.assert_stderr_contains("0 Python files checked");
}

#[test]
fn exclude_replaces_the_default_exclusions() {
    let (sandbox, project) = project();
    write(&project, ".bindcheck.toml", "exclude = [\"generated\"]\n");
    write(&project, "generated/server.py", BIND_ALL);
    write(&project, ".venv/lib/site.py", BIND_ALL);
    let run = sandbox
        .bindcheck_in(&project, &["scan", "--format", "json"])
        .assert_code(1);
    assert_eq!(reported(&run), vec![".venv/lib/site.py BND001"]);
}

#[test]
fn exclusion_patterns_are_relative_to_the_configuration_file() {
    let (sandbox, project) = project();
    write(
        &project,
        ".bindcheck.toml",
        "extend-exclude = [\"src/legacy/*.py\"]\n",
    );
    write(&project, "src/legacy/old.py", BIND_ALL);
    write(&project, "src/new.py", BIND_ALL);
    // Run from a subdirectory: the anchored pattern still means <project>/src/legacy.
    let run = sandbox
        .bindcheck_in(&project.join("src"), &["scan", "--format", "json"])
        .assert_code(1);
    assert_eq!(reported(&run), vec!["new.py BND001"]);
}

#[test]
fn respect_gitignore_false_walks_into_what_git_ignores() {
    let repo = TestRepo::new();
    repo.write(".gitignore", "build/\n")
        .write("build/server.py", BIND_ALL);
    repo.bindcheck(&["scan"])
        .assert_code(0)
        .assert_stderr_contains("0 Python files checked");
    repo.write(".bindcheck.toml", "respect-gitignore = false\n");
    let run = repo.bindcheck(&["scan", "--format", "json"]).assert_code(1);
    assert_eq!(reported(&run), vec!["build/server.py BND001"]);
}

#[test]
fn per_file_ignores_switch_rules_off_for_matching_paths_only() {
    let (sandbox, project) = project();
    write(
        &project,
        "pyproject.toml",
        "[tool.bindcheck.per-file-ignores]\n\"tests/**\" = [\"BND001\"]\n\"*_dev.py\" = [\"BND\"]\n",
    );
    let both = format!("{BIND_ALL}\n\n{IMPLICIT}");
    write(&project, "tests/test_server.py", &both);
    write(&project, "src/server.py", &both);
    write(&project, "src/server_dev.py", &both);
    let run = sandbox
        .bindcheck_in(&project, &["scan", "--format", "json"])
        .assert_code(1);
    assert_eq!(
        reported(&run),
        vec![
            "src/server.py BND001",
            "src/server.py BND003",
            "tests/test_server.py BND003"
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Suppression settings.

#[test]
fn require_reason_from_the_file_makes_bare_suppressions_count_for_nothing() {
    let (sandbox, project) = project();
    write(
        &project,
        "app.py",
        "import socket\n\ns = socket.socket()\ns.bind((\"0.0.0.0\", 8080))  # bindcheck: ignore[BND001]\n",
    );
    sandbox.bindcheck_in(&project, &["scan"]).assert_code(0);
    write(&project, ".bindcheck.toml", "require-reason = true\n");
    sandbox.bindcheck_in(&project, &["scan"]).assert_code(1);
}

#[test]
fn compat_suppressions_false_in_the_file_ignores_nosec() {
    let (sandbox, project) = project();
    write(
        &project,
        "app.py",
        "import socket\n\ns = socket.socket()\ns.bind((\"0.0.0.0\", 8080))  # nosec\n",
    );
    sandbox.bindcheck_in(&project, &["scan"]).assert_code(0);
    write(
        &project,
        "pyproject.toml",
        "[tool.bindcheck]\ncompat-suppressions = false\n",
    );
    sandbox.bindcheck_in(&project, &["scan"]).assert_code(1);
}

// ---------------------------------------------------------------------------------------------
// The git modes.

/// A repository whose committed `app.py` already binds all interfaces, with an unrelated
/// change to it staged.
fn repo_with_existing_finding() -> TestRepo {
    let repo = TestRepo::new();
    repo.commit_file("app.py", BIND_ALL);
    repo.write("app.py", format!("{BIND_ALL}print(\"ready\")\n"));
    repo.add(&["app.py"]);
    repo
}

#[test]
fn report_all_from_the_file_reports_existing_findings_in_the_index() {
    let repo = repo_with_existing_finding();
    repo.bindcheck(&["staged"]).assert_code(0);
    repo.write(".bindcheck.toml", "report = \"all\"\n");
    let run = repo
        .bindcheck(&["staged", "--format", "json"])
        .assert_code(1);
    let findings = run.findings();
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["status"], "existing");
    // An explicit --report overrides the file.
    repo.bindcheck(&["staged", "--report", "new"])
        .assert_code(0);
}

#[test]
fn git_mode_reads_the_configuration_at_the_top_of_the_work_tree() {
    let repo = TestRepo::new();
    repo.write(
        "pyproject.toml",
        "[tool.bindcheck]\nignore = [\"BND001\"]\n",
    );
    repo.write("pkg/app.py", BIND_ALL);
    repo.add(&["pkg/app.py"]);
    repo.bindcheck_in("pkg", &["staged"]).assert_code(0);
    // A configuration below the top is not read in the git modes.
    repo.write("pkg/.bindcheck.toml", "select = [\"BND001\"]\n");
    repo.bindcheck_in("pkg", &["staged"]).assert_code(0);
}

#[test]
fn git_mode_does_not_check_excluded_files() {
    let repo = TestRepo::new();
    repo.write("vendor/server.py", BIND_ALL);
    repo.write("dist/server.py", BIND_ALL);
    repo.add(&["vendor/server.py", "dist/server.py"]);
    // Without configuration everything staged is checked, default scan exclusions included.
    repo.bindcheck(&["staged", "--format", "json"])
        .assert_code(1);
    repo.write(".bindcheck.toml", "extend-exclude = [\"vendor/\"]\n");
    let run = repo
        .bindcheck(&["staged", "--format", "json"])
        .assert_code(1);
    assert_eq!(reported(&run), vec!["dist/server.py BND001"]);
    run.assert_stderr_contains("(1 changed Python file checked");
}

#[test]
fn commit_hook_honours_the_configuration() {
    let repo = TestRepo::new();
    repo.install_hook();
    repo.write(
        ".bindcheck.toml",
        "[per-file-ignores]\n\"devserver.py\" = [\"BND001\"]\n",
    );
    repo.write("devserver.py", BIND_ALL);
    repo.add(&["devserver.py", ".bindcheck.toml"]);
    let commit = repo.try_git(&["commit", "-q", "-m", "dev server"]);
    assert!(
        commit.status.success(),
        "the hook should let the commit through:\n{}",
        common::describe(&commit)
    );
}

// ---------------------------------------------------------------------------------------------
// Errors.

#[test]
fn unknown_key_exits_2_naming_the_key_and_the_file() {
    let (sandbox, project) = project();
    write(
        &project,
        ".bindcheck.toml",
        "report = \"all\"\nselct = [\"BND001\"]\n",
    );
    write(&project, "app.py", BIND_ALL);
    let run = sandbox.bindcheck_in(&project, &["scan"]).assert_code(2);
    run.assert_stderr_contains(
        "git-bindcheck: error: .bindcheck.toml:2: unknown key `selct` (did you mean `select`?",
    );
    assert!(run.stdout.is_empty(), "{}", run.describe());

    // In a pyproject.toml, found by the git mode at the top of the work tree.
    let repo = TestRepo::new();
    repo.write("pyproject.toml", "[tool.bindcheck]\ncolour = \"always\"\n");
    repo.write("app.py", BIND_ALL);
    repo.add(&["app.py"]);
    repo.bindcheck(&["staged"])
        .assert_code(2)
        .assert_stderr_contains("pyproject.toml:2: unknown key `tool.bindcheck.colour`");
}

#[test]
fn invalid_toml_exits_2_with_the_position() {
    let (sandbox, project) = project();
    write(
        &project,
        "bindcheck.toml",
        "select = [\"BND001\"\nreport = \"all\"\n",
    );
    let run = sandbox.bindcheck_in(&project, &["scan"]).assert_code(2);
    run.assert_stderr_contains("git-bindcheck: error: bindcheck.toml:2:1: invalid TOML:");
}

#[test]
fn bad_values_exit_2_naming_the_key() {
    let (sandbox, project) = project();
    write(&project, "app.py", BIND_ALL);
    for (content, expected) in [
        (
            "select = [\"BND001\", \"BND999\"]\n",
            ".bindcheck.toml:1: `select`: unknown rule selector `BND999`",
        ),
        (
            "report = \"everything\"\n",
            ".bindcheck.toml:1: `report` must be \"new\", \"changed\" or \"all\", not \"everything\"",
        ),
        (
            "require-reason = \"yes\"\n",
            ".bindcheck.toml:1: `require-reason` must be true or false, not a string",
        ),
        (
            "respect-gitignore = \"no\"\n",
            ".bindcheck.toml:1: `respect-gitignore` must be true or false, not a string",
        ),
        (
            "extend-exclude = [\"src/[a\"]\n",
            ".bindcheck.toml:1: `extend-exclude`: invalid pattern `src/[a`",
        ),
        (
            "[per-file-ignores]\n\"tests/*\" = \"BND001\"\n",
            ".bindcheck.toml:2: `per-file-ignores.\"tests/*\"` must be a list of rule codes (strings), not a string",
        ),
    ] {
        write(&project, ".bindcheck.toml", content);
        sandbox
            .bindcheck_in(&project, &["scan"])
            .assert_code(2)
            .assert_stderr_contains(expected);
    }
}

// ---------------------------------------------------------------------------------------------
// --config and the command line.

#[test]
fn config_option_overrides_discovery() {
    let (sandbox, project) = project();
    write(&project, ".bindcheck.toml", "ignore = [\"BND001\"]\n");
    write(&project, "app.py", BIND_ALL);
    sandbox.bindcheck_in(&project, &["scan"]).assert_code(0);

    let elsewhere = sandbox.mkdir("configs");
    write(&elsewhere, "strict.toml", "select = [\"BND001\"]\n");
    sandbox
        .bindcheck_in(&project, &["scan", "--config", "../configs/strict.toml"])
        .assert_code(1);

    // A pyproject.toml named by --config is read through its [tool.bindcheck] table.
    write(
        &elsewhere,
        "pyproject.toml",
        "[tool.bindcheck]\nselect = [\"BND003\"]\n",
    );
    sandbox
        .bindcheck_in(&project, &["--config", "../configs/pyproject.toml", "scan"])
        .assert_code(0);

    sandbox
        .bindcheck_in(&project, &["scan", "--config", "missing.toml"])
        .assert_code(2)
        .assert_stderr_contains("missing.toml: cannot read");
}

#[test]
fn command_line_flags_override_the_file() {
    let (sandbox, project) = project();
    write(
        &project,
        ".bindcheck.toml",
        "select = [\"BND003\"]\nextend-select = [\"BND100\"]\nignore = [\"BND002\"]\n",
    );
    write(&project, "a.py", BIND_ALL);
    let from_file = sandbox
        .bindcheck_in(&project, &["scan", "--format", "json"])
        .assert_code(1);
    assert_eq!(reported(&from_file), vec!["a.py BND100"]);

    // --select replaces the file's select and extend-select.
    let selected = sandbox
        .bindcheck_in(
            &project,
            &["scan", "--format", "json", "--select", "BND001"],
        )
        .assert_code(1);
    assert_eq!(reported(&selected), vec!["a.py BND001"]);

    // --ignore adds to the file's ignore.
    sandbox
        .bindcheck_in(
            &project,
            &["scan", "--select", "BND001,BND002", "--ignore", "BND001"],
        )
        .assert_code(0);
}
