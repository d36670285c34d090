//! End-to-end tests of a change that exposes a listener in a file it does not touch (SPEC 4):
//! `config.py` flips `HOST` to `"0.0.0.0"` and the untouched `uvicorn.run(app, host=HOST)` in
//! `app.py` now listens everywhere; a wrapper starts passing its `host` on to a listener and its
//! untouched callers that pass `"0.0.0.0"` now listen everywhere; a settings class's default
//! changes. Each is reported where the listener is, naming the change that made it new, in the
//! staged check, `diff`, `pre-push` and pre-commit's range mode; edits that expose nothing pass.

// Helpers outside `#[test]` functions: a failed expectation is how they report a broken fixture.
#![allow(clippy::expect_used)]

mod common;

use common::{Run, TestRepo};
use serde_json::Value;

fn config(host: &str) -> String {
    format!("HOST = \"{host}\"\nPORT = 8000\n")
}

/// A listener whose host comes from `config.py`; line 6 is the listening call.
const APP: &str = "import uvicorn\nfrom config import HOST, PORT\n\napp = object()\n\nuvicorn.run(app, host=HOST, port=PORT)\n";

/// A project with `config.py` holding `host`, its listener in `app.py`, and modules that import
/// `config` without listening.
fn project(host: &str) -> TestRepo {
    let repo = TestRepo::new();
    repo.write("config.py", config(host)).write("app.py", APP);
    for index in 0..5 {
        repo.write(
            &format!("users/user{index}.py"),
            "from config import HOST, PORT\n\nprint(HOST, PORT)\n",
        );
    }
    repo.add(&["."]);
    repo.commit("project");
    repo
}

/// The one blocking finding of a run, after checking it is at `app.py:6` with its cause.
fn assert_app_blocks_because_of(run: &Run, changed: &str, path: &str, line: u64) {
    let findings = run.findings();
    assert_eq!(findings.len(), 1, "{}", run.describe());
    let finding = &findings[0];
    assert_eq!(finding["path"], "app.py", "{}", run.describe());
    assert_eq!(finding["line"], 6);
    assert_eq!(finding["status"], "new");
    assert_eq!(finding["cause"]["path"], path, "{}", run.describe());
    assert_eq!(finding["cause"]["line"], line);
    assert_eq!(finding["cause"]["changed"], changed);
}

/// Checks that a run searched no untouched file: `-v` names every file checked because it
/// imports a changed module.
fn assert_no_dependent_checked(run: &Run) {
    assert!(
        !run.stderr.contains("imports a changed module"),
        "{}",
        run.describe()
    );
}

/// Runs `pre-push` for the current branch against `main` (the remote's tip).
fn pre_push(repo: &TestRepo, main: &str) -> Run {
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

#[test]
fn staged_host_flip_blocks_the_untouched_listener_naming_the_change() {
    let repo = project("127.0.0.1");
    repo.write("config.py", config("0.0.0.0"))
        .add(&["config.py"]);
    let run = repo.bindcheck(&["--format", "json"]).assert_code(1);
    assert_app_blocks_because_of(&run, "HOST", "config.py", 1);
    assert_eq!(run.findings()[0]["origin"]["path"], "config.py");
    assert_eq!(run.json()["summary"]["files_checked"], 2);
    assert_eq!(run.json()["summary"]["dependents_checked"], 1);
    run.assert_stderr_contains(
        "1 new finding in 1 file (1 changed Python file and 1 file importing a changed module checked, 0 suppressed)",
    );

    let human = repo.bindcheck(&[]).assert_code(1);
    human
        .assert_stdout_contains("app.py:6:1: BND002")
        .assert_stdout_contains("= cause: HOST changed in config.py:1");
    repo.bindcheck(&["--format", "concise"])
        .assert_code(1)
        .assert_stdout_contains("new because HOST changed in config.py:1");
    repo.bindcheck(&["--format", "github"])
        .assert_code(1)
        .assert_stdout_contains("new because HOST changed in config.py:1");
    repo.bindcheck(&["--format", "gitlab"])
        .assert_code(1)
        .assert_stdout_contains("new because HOST changed in config.py:1");
    let sarif = repo.bindcheck(&["--format", "sarif"]).assert_code(1);
    let log: Value = serde_json::from_str(&sarif.stdout).expect("SARIF is JSON");
    let result = &log["runs"][0]["results"][0];
    let related = result["relatedLocations"]
        .as_array()
        .expect("related locations");
    assert!(
        related.iter().any(|location| {
            location["physicalLocation"]["artifactLocation"]["uri"] == "config.py"
                && location["physicalLocation"]["region"]["startLine"] == 1
                && location["message"]["text"]
                    .as_str()
                    .is_some_and(|text| text.contains("HOST changed in config.py:1"))
        }),
        "{result}"
    );
}

#[test]
fn a_changed_files_new_listener_names_the_other_file_whose_change_exposed_it() {
    let repo = project("127.0.0.1");
    repo.write("config.py", config("0.0.0.0"))
        .write("app.py", format!("\"\"\"The app.\"\"\"\n{APP}"))
        .add(&["config.py", "app.py"]);
    let run = repo.bindcheck(&["--format", "json"]).assert_code(1);
    let findings = run.findings();
    assert_eq!(findings.len(), 1, "{}", run.describe());
    assert_eq!(findings[0]["path"], "app.py");
    assert_eq!(findings[0]["line"], 7);
    assert_eq!(findings[0]["cause"]["text"], "HOST changed in config.py:1");
    assert_eq!(run.json()["summary"]["dependents_checked"], 0);
}

#[test]
fn staged_host_flip_through_a_module_import_blocks() {
    let repo = project("127.0.0.1");
    repo.write(
        "app.py",
        "import uvicorn\nimport config\n\napp = object()\n\nuvicorn.run(app, host=config.HOST)\n",
    )
    .add(&["app.py"]);
    repo.commit("module import");
    repo.write("config.py", config("0.0.0.0"))
        .add(&["config.py"]);
    let run = repo.bindcheck(&["--format", "json"]).assert_code(1);
    assert_app_blocks_because_of(&run, "HOST", "config.py", 1);
}

#[test]
fn staged_host_flip_through_a_relative_import_and_a_package_reexport_blocks() {
    let repo = TestRepo::new();
    repo.write("pkg/__init__.py", "from .config import HOST\n")
        .write(
            "pkg/config.py",
            "\"\"\"Settings.\"\"\"\n\nHOST = '127.0.0.1'\n",
        )
        .write(
            "pkg/server.py",
            "import uvicorn\nfrom .config import HOST\n\nuvicorn.run(object(), host=HOST)\n",
        )
        .write(
            "run.py",
            "import uvicorn\nfrom pkg import HOST\n\nuvicorn.run(object(), host=HOST)\n",
        )
        .add(&["."]);
    repo.commit("package");
    repo.write(
        "pkg/config.py",
        "\"\"\"Settings.\"\"\"\n\nHOST = '0.0.0.0'\n",
    )
    .add(&["pkg/config.py"]);
    let run = repo.bindcheck(&["--format", "json"]).assert_code(1);
    let mut found: Vec<(String, u64, String)> = run
        .findings()
        .iter()
        .map(|finding| {
            (
                finding["path"].as_str().unwrap_or_default().to_owned(),
                finding["line"].as_u64().unwrap_or_default(),
                finding["cause"]["text"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            (
                "pkg/server.py".to_owned(),
                4,
                "HOST changed in pkg/config.py:3".to_owned()
            ),
            (
                "run.py".to_owned(),
                4,
                "HOST changed in pkg/config.py:3".to_owned()
            ),
        ],
        "{}",
        run.describe()
    );
}

#[test]
fn diff_host_flip_blocks_the_untouched_listener() {
    let repo = project("127.0.0.1");
    branch(&repo);
    repo.write("config.py", config("0.0.0.0"))
        .add(&["config.py"]);
    repo.commit("listen everywhere");
    // The work tree is not what `diff` reads.
    repo.write("config.py", config("127.0.0.1"));
    let run = repo
        .bindcheck(&["diff", "main", "HEAD", "--format", "json"])
        .assert_code(1);
    assert_app_blocks_because_of(&run, "HOST", "config.py", 1);
}

#[test]
fn pre_push_host_flip_blocks_the_untouched_listener() {
    let repo = project("127.0.0.1");
    let main = branch(&repo);
    repo.write("config.py", config("0.0.0.0"))
        .add(&["config.py"]);
    repo.commit("listen everywhere");
    let run = pre_push(&repo, &main).assert_code(1);
    assert_app_blocks_because_of(&run, "HOST", "config.py", 1);
}

#[test]
fn pre_commit_range_mode_host_flip_blocks_the_untouched_listener() {
    let repo = project("127.0.0.1");
    let main = branch(&repo);
    repo.write("config.py", config("0.0.0.0"))
        .add(&["config.py"]);
    let to = repo.commit("listen everywhere");
    let output = repo
        .sandbox()
        .command(common::BINARY, repo.root())
        .args(["--format", "json"])
        .env("PRE_COMMIT_FROM_REF", &main)
        .env("PRE_COMMIT_TO_REF", to.trim())
        .output()
        .expect("run git-bindcheck");
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        common::describe(&output)
    );
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    assert_eq!(report["findings"][0]["path"], "app.py");
    assert_eq!(report["findings"][0]["cause"]["path"], "config.py");
}

#[test]
fn wrapper_starting_to_pass_host_on_blocks_its_untouched_callers() {
    let repo = TestRepo::new();
    repo.write(
        "helpers.py",
        "import logging\n\n\ndef serve(app, host=\"127.0.0.1\"):\n    logging.info(\"would serve on %s\", host)\n",
    )
    .write(
        "app.py",
        "from helpers import serve\n\napp = object()\n\n\nserve(app, host=\"0.0.0.0\")\n",
    )
    .write(
        "local.py",
        "from helpers import serve\n\nserve(object(), host=\"127.0.0.1\")\n",
    )
    .add(&["."]);
    repo.commit("a wrapper that only logs");
    repo.write(
        "helpers.py",
        "import uvicorn\n\n\ndef serve(app, host=\"127.0.0.1\"):\n    uvicorn.run(app, host=host)\n",
    )
    .add(&["helpers.py"]);
    let run = repo.bindcheck(&["--format", "json"]).assert_code(1);
    assert_app_blocks_because_of(&run, "serve", "helpers.py", 5);
}

#[test]
fn wrapper_starting_to_listen_blocks_a_caller_passing_the_empty_host_through_an_alias() {
    let repo = TestRepo::new();
    repo.write(
        "net/core.py",
        "import logging\n\n\ndef listen(host, port):\n    logging.info(\"%s:%s\", host, port)\n",
    )
    .write(
        "net/__init__.py",
        "from .core import listen as start_listening\n",
    )
    // Names neither `listen` nor a listener word nor an all-interfaces literal.
    .write(
        "app.py",
        "from net import start_listening\n\napp = object()\n\n\nstart_listening(\"\", 9000)\n",
    )
    .write(
        "local.py",
        "from net import start_listening\n\nstart_listening(\"127.0.0.1\", 9000)\n",
    )
    .add(&["."]);
    repo.commit("a wrapper that only logs");
    repo.write(
        "net/core.py",
        "import socket\n\n\ndef listen(host, port):\n    socket.socket().bind((host, port))\n",
    )
    .add(&["net/core.py"]);
    let run = repo.bindcheck(&["--format", "json"]).assert_code(1);
    assert_app_blocks_because_of(&run, "listen", "net/core.py", 5);
}

#[test]
fn settings_class_default_change_blocks_the_untouched_listener() {
    let settings = |host: &str| {
        format!(
            "class Settings:\n    debug = False\n    host = \"{host}\"\n\n\nsettings = Settings()\n"
        )
    };
    let repo = TestRepo::new();
    repo.write("app/__init__.py", "")
        .write("app/settings.py", settings("127.0.0.1"))
        .write(
            "app.py",
            "import uvicorn\nfrom app.settings import settings\n\napp = object()\n\nuvicorn.run(app, host=settings.host)\n",
        )
        .add(&["."]);
    repo.commit("settings");
    repo.write("app/settings.py", settings("0.0.0.0"))
        .add(&["app/settings.py"]);
    let run = repo.bindcheck(&["--format", "json"]).assert_code(1);
    assert_app_blocks_because_of(&run, "Settings", "app/settings.py", 3);
}

#[test]
fn unrelated_edit_to_a_module_whose_listener_already_existed_passes() {
    let repo = project("0.0.0.0");
    repo.write("config.py", "HOST = \"0.0.0.0\"\nPORT = 9000\n")
        .add(&["config.py"]);
    // `app.py` imports the changed `PORT`: it is checked, and its listener is not new.
    repo.bindcheck(&["-v"])
        .assert_code(0)
        .assert_stderr_contains("app.py: imports a changed module, checked");
    // `--report all` lists every finding of the changed files, not the untouched file's
    // existing one, whose value line the change did not touch.
    repo.bindcheck(&["--report", "all"]).assert_code(0);
    // `--report changed` shows it when the line its value comes from is touched.
    repo.write(
        "config.py",
        "HOST = \"0.0.0.0\"  # every interface\nPORT = 8000\n",
    )
    .add(&["config.py"]);
    repo.bindcheck(&[]).assert_code(0);
    let changed = repo
        .bindcheck(&["--report", "changed", "--format", "json"])
        .assert_code(1);
    let findings = changed.findings();
    assert_eq!(findings.len(), 1, "{}", changed.describe());
    assert_eq!(findings[0]["path"], "app.py");
    assert_eq!(findings[0]["status"], "existing");
    repo.bindcheck(&["--report", "all"]).assert_code(1);
}

#[test]
fn comment_only_change_to_a_widely_imported_module_searches_nothing() {
    let repo = project("127.0.0.1");
    repo.write(
        "config.py",
        format!("# Where to listen.\n{}", config("127.0.0.1")),
    )
    .add(&["config.py"]);
    let run = repo.bindcheck(&["-v"]).assert_code(0);
    assert_no_dependent_checked(&run);
    run.assert_stderr_contains("1 changed Python file checked");
}

/// The empty host is in most modules somewhere (`""` as a default, a separator): a change makes
/// a module's importers worth checking only where it gives a changed top-level statement one.
#[test]
fn flip_to_the_empty_host_blocks_the_untouched_listener_in_every_mode() {
    let repo = project("127.0.0.1");
    let main = branch(&repo);
    repo.write("config.py", config("")).add(&["config.py"]);
    let staged = repo.bindcheck(&["--format", "json"]).assert_code(1);
    assert_app_blocks_because_of(&staged, "HOST", "config.py", 1);
    repo.commit("listen everywhere");
    let diff = repo
        .bindcheck(&["diff", "main", "HEAD", "--format", "json"])
        .assert_code(1);
    assert_app_blocks_because_of(&diff, "HOST", "config.py", 1);
    let pushed = pre_push(&repo, &main).assert_code(1);
    assert_app_blocks_because_of(&pushed, "HOST", "config.py", 1);
}

#[test]
fn an_empty_string_added_outside_the_imported_names_searches_nothing() {
    let repo = project("127.0.0.1");
    // A new function holding `""` (a name no importer can have used), then the lines moved
    // unchanged: no importer's value changes.
    repo.write(
        "config.py",
        format!(
            "{}\ndef label(name):\n    return name or \"\"\n",
            config("127.0.0.1")
        ),
    )
    .add(&["config.py"]);
    let added = repo.bindcheck(&["-v"]).assert_code(0);
    assert_no_dependent_checked(&added);
    repo.commit("label");
    repo.write(
        "config.py",
        format!(
            "def label(name):\n    return name or \"\"\n\n{}",
            config("127.0.0.1")
        ),
    )
    .add(&["config.py"]);
    let run = repo.bindcheck(&["-v"]).assert_code(0);
    assert_no_dependent_checked(&run);
}

#[test]
fn flip_to_loopback_passes() {
    let repo = project("0.0.0.0");
    repo.write("config.py", config("127.0.0.1"))
        .add(&["config.py"]);
    repo.bindcheck(&[]).assert_code(0);
}

#[test]
fn no_cross_file_does_not_check_dependents() {
    let repo = project("127.0.0.1");
    repo.write("config.py", config("0.0.0.0"))
        .add(&["config.py"]);
    repo.bindcheck(&["--no-cross-file"])
        .assert_code(0)
        .assert_stderr_contains("1 changed Python file checked");
    repo.write(".bindcheck.toml", "cross-file = false\n");
    repo.bindcheck(&[]).assert_code(0);
}

#[test]
fn excluded_dependents_are_not_checked() {
    let repo = project("127.0.0.1");
    repo.write(".bindcheck.toml", "extend-exclude = [\"app.py\"]\n")
        .add(&[".bindcheck.toml"]);
    repo.commit("exclude the app");
    repo.write("config.py", config("0.0.0.0"))
        .add(&["config.py"]);
    repo.bindcheck(&[]).assert_code(0);
}

#[test]
fn merge_bringing_a_flip_already_in_the_other_parent_passes() {
    let repo = project("127.0.0.1");
    branch(&repo);
    repo.write("config.py", config("0.0.0.0"))
        .add(&["config.py"]);
    repo.commit("listen everywhere on topic");
    repo.git(&["checkout", "-q", "main"]);
    repo.write("notes.py", "NOTE = 1\n").add(&["notes.py"]);
    repo.commit("unrelated on main");
    // Merging topic into main: HEAD (main) lacks the listener, MERGE_HEAD (topic) has it.
    repo.git(&["merge", "--no-commit", "--no-ff", "topic"]);
    repo.bindcheck(&["-v"])
        .assert_code(0)
        .assert_stderr_contains("app.py: imports a changed module, checked");
}

#[test]
fn report_changed_shows_a_changed_files_listener_whose_value_line_in_another_file_is_touched() {
    let repo = project("0.0.0.0");
    repo.write(
        "config.py",
        "HOST = \"0.0.0.0\"  # every interface\nPORT = 8000\n",
    )
    .write("app.py", format!("\"\"\"The app.\"\"\"\n{APP}"))
    .add(&["config.py", "app.py"]);
    repo.bindcheck(&[]).assert_code(0);
    let run = repo
        .bindcheck(&["--report", "changed", "--format", "json"])
        .assert_code(1);
    let findings = run.findings();
    assert_eq!(findings.len(), 1, "{}", run.describe());
    assert_eq!(findings[0]["path"], "app.py");
    assert_eq!(findings[0]["line"], 7);
    assert_eq!(findings[0]["status"], "existing");
}
