//! End-to-end tests of what the diff modes read from the repository's other modules: a value or
//! a wrapper imported from another module is read from the version being checked (the index for
//! the staged check, the commits for `diff` and `pre-push`), never from the work tree, and
//! `--no-cross-file` keeps every mode to the changed files (SPEC 3.3b).

// Helpers outside `#[test]` functions: a failed expectation is how they report a broken fixture.
#![allow(clippy::expect_used)]

mod common;

use common::TestRepo;

const HELPERS: &str =
    "import uvicorn\n\n\ndef serve(app, host=\"127.0.0.1\"):\n    uvicorn.run(app, host=host)\n";

/// A caller with no listener word of its own: only the wrapper it imports makes it listen.
fn caller(host: &str) -> String {
    format!("from app.helpers import serve\n\nserve(None, host=\"{host}\")\n")
}

fn config(host: &str) -> String {
    format!("HOST = \"{host}\"\n")
}

const USES_CONFIG: &str =
    "import uvicorn\n\nfrom app.config import HOST\n\nuvicorn.run(None, host=HOST)\n";

fn project() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("app/__init__.py", "")
        .write("app/helpers.py", HELPERS)
        .write("app/config.py", config("127.0.0.1"))
        .add(&["app"]);
    repo.commit("project");
    repo
}

#[test]
fn staged_call_of_another_modules_wrapper_blocks() {
    let repo = project();
    repo.write("run.py", caller("0.0.0.0")).add(&["run.py"]);
    let run = repo.bindcheck(&["--format", "json"]).assert_code(1);
    let findings = run.findings();
    assert_eq!(findings.len(), 1, "{}", run.describe());
    assert_eq!(findings[0]["path"], "run.py");
    assert_eq!(findings[0]["line"], 3);
    assert_eq!(findings[0]["chain"][0]["path"], "app/helpers.py");
    assert_eq!(findings[0]["chain"][0]["line"], 5);
    assert!(
        findings[0]["message"]
            .as_str()
            .is_some_and(|message| message
                .contains("serve(), which passes `host` to uvicorn.run() at app/helpers.py:5")),
        "{}",
        run.describe()
    );
}

#[test]
fn staged_call_of_another_modules_wrapper_with_loopback_passes() {
    let repo = project();
    repo.write("run.py", caller("127.0.0.1")).add(&["run.py"]);
    repo.bindcheck(&[])
        .assert_code(0)
        .assert_stderr_contains("1 changed Python file checked");
}

#[test]
fn staged_value_from_another_module_names_its_origin() {
    let repo = project();
    repo.write("app/config.py", config("0.0.0.0"))
        .write("main.py", USES_CONFIG)
        .add(&["app/config.py", "main.py"]);
    let run = repo.bindcheck(&["--format", "json"]).assert_code(1);
    let findings = run.findings();
    let main: Vec<_> = findings
        .iter()
        .filter(|finding| finding["path"] == "main.py")
        .collect();
    assert_eq!(main.len(), 1, "{}", run.describe());
    assert_eq!(main[0]["origin"]["path"], "app/config.py");
    assert_eq!(main[0]["origin"]["line"], 1);
    assert_eq!(main[0]["origin"]["column"], 8);
}

#[test]
fn other_modules_are_read_from_the_index_not_the_work_tree() {
    let repo = project();
    // The index holds a loopback config; only the work tree holds the wildcard.
    repo.write("main.py", USES_CONFIG).add(&["main.py"]);
    repo.write("app/config.py", config("0.0.0.0"));
    repo.bindcheck(&[]).assert_code(0);

    // And the other way round: the index holds the wildcard, the work tree loopback.
    let repo = project();
    repo.write("app/config.py", config("0.0.0.0"))
        .add(&["app/config.py"]);
    repo.write("app/config.py", config("127.0.0.1"));
    repo.write("main.py", USES_CONFIG).add(&["main.py"]);
    let run = repo.bindcheck(&["--format", "json"]).assert_code(1);
    assert_eq!(run.findings()[0]["path"], "main.py", "{}", run.describe());
}

#[test]
fn no_cross_file_keeps_the_check_to_the_changed_files() {
    let repo = project();
    repo.write("run.py", caller("0.0.0.0")).add(&["run.py"]);
    repo.bindcheck(&["--no-cross-file"]).assert_code(0);
    repo.write(".bindcheck.toml", "cross-file = false\n")
        .add(&[".bindcheck.toml"]);
    repo.bindcheck(&[]).assert_code(0);
}

#[test]
fn diff_reads_other_modules_from_the_head_commit() {
    let repo = project();
    repo.git(&["checkout", "-q", "-b", "topic"]);
    repo.write("run.py", caller("::")).add(&["run.py"]);
    repo.commit("a caller");
    // The work tree changes after the commit must not matter.
    repo.write(
        "app/helpers.py",
        "def serve(app, host=None):\n    print(host)\n",
    );
    let run = repo
        .bindcheck(&["diff", "main", "--format", "json"])
        .assert_code(1);
    let findings = run.findings();
    assert_eq!(findings.len(), 1, "{}", run.describe());
    assert_eq!(findings[0]["path"], "run.py");
    assert_eq!(findings[0]["status"], "new");
}

#[test]
fn a_wrapper_changed_to_only_log_does_not_block_its_callers_in_a_diff() {
    let repo = project();
    repo.git(&["checkout", "-q", "-b", "topic"]);
    repo.write(
        "app/helpers.py",
        "def serve(app, host=None):\n    print(host)\n",
    )
    .write("run.py", caller("0.0.0.0"))
    .add(&["app/helpers.py", "run.py"]);
    repo.commit("a caller of a wrapper that listens no more");
    repo.bindcheck(&["diff", "main"]).assert_code(0);
}

#[test]
fn pre_push_reads_other_modules_from_the_pushed_commit() {
    let repo = project();
    let main = repo.git(&["rev-parse", "HEAD"]).trim().to_owned();
    repo.git(&["checkout", "-q", "-b", "topic"]);
    repo.write("run.py", caller("0.0.0.0")).add(&["run.py"]);
    let pushed = repo.commit("a caller");
    let input = format!("refs/heads/topic {pushed} refs/heads/topic {main}\n");
    let run = repo
        .sandbox()
        .bindcheck_with_stdin(
            repo.root(),
            &["pre-push", "origin", "unused-url", "--format", "json"],
            input.as_bytes(),
        )
        .assert_code(1);
    assert_eq!(run.findings()[0]["path"], "run.py", "{}", run.describe());
}
