//! `--format github` and `--format gitlab` end to end: the built binary's output for a file with
//! a finding whose value is set elsewhere and a suppressed one (SPEC 7).

// Helpers outside `#[test]` functions: a failed expectation is how they report a broken fixture.
#![allow(clippy::expect_used)]

mod common;

use common::Sandbox;
use serde_json::Value;

/// A finding whose value is set on line 3 (reported on line 6) and a suppressed one (line 8).
const APP: &str = "import socket\n\
                   \n\
                   HOST = \"0.0.0.0\"\n\
                   \n\
                   s = socket.socket()\n\
                   s.bind((HOST, 8080))\n\
                   t = socket.socket()\n\
                   t.bind((\"\", 9000))  # bindcheck: ignore[BND001] -- reviewed\n";

/// A sandbox with `project/src/app.py`, and the project directory.
fn project() -> (Sandbox, std::path::PathBuf) {
    let sandbox = Sandbox::new();
    let project = sandbox.mkdir("project");
    std::fs::create_dir_all(project.join("src")).expect("mkdir");
    std::fs::write(project.join("src/app.py"), APP).expect("write");
    (sandbox, project)
}

#[test]
fn github_format_prints_one_command_per_blocking_finding() {
    let (sandbox, project) = project();
    let run = sandbox
        .bindcheck_in(&project, &["scan", "src", "--format", "github"])
        .assert_code(1);
    assert_eq!(
        run.stdout,
        "::error file=src/app.py,line=6,col=1,endLine=6,endColumn=21,\
         title=BND001 bind-all-interfaces::socket.bind() listens on all network interfaces: \
         \"0.0.0.0\" is the IPv4 wildcard address; the value is set at line 3\n",
        "{}",
        run.describe()
    );
    run.assert_stderr_contains("1 finding in 1 file");
}

#[test]
fn gitlab_format_is_a_code_quality_array_of_blocking_findings() {
    let (sandbox, project) = project();
    let json = sandbox
        .bindcheck_in(&project, &["scan", "src", "--format", "json"])
        .assert_code(1)
        .findings();
    let run = sandbox
        .bindcheck_in(&project, &["scan", "src", "--format", "gitlab"])
        .assert_code(1);
    let issues: Value = serde_json::from_str(&run.stdout).expect("stdout is JSON");
    let issues = issues.as_array().expect("an array");
    assert_eq!(issues.len(), 1, "{}", run.describe());
    let issue = &issues[0];
    assert_eq!(issue["check_name"], "BND001");
    assert_eq!(issue["severity"], "major");
    assert_eq!(issue["fingerprint"], json[0]["fingerprint"]);
    assert_eq!(issue["location"]["path"], "src/app.py");
    assert_eq!(issue["location"]["lines"]["begin"], 6);
    assert!(
        issue["description"]
            .as_str()
            .is_some_and(|text| text.ends_with("; the value is set at line 3")),
        "{issue}"
    );
}
