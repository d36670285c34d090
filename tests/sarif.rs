//! `--format sarif` end to end: the built binary's log is validated against the OASIS SARIF 2.1.0
//! JSON schema (`tests/data/sarif-schema-2.1.0.json`, errata 01, verbatim), and checked for
//! what GitHub code scanning relies on: relative URIs, rule ids, fingerprints and suppressions
//! (SPEC 5, 7).

// Helpers outside `#[test]` functions: a failed expectation is how they report a broken fixture.
#![allow(clippy::expect_used)]

mod common;

use common::{Sandbox, TestRepo};
use serde_json::Value;

/// A finding whose value is set elsewhere (line 3, used on line 6), and a suppressed one with a
/// justification (line 8).
const APP: &str = "import socket\n\
                   \n\
                   HOST = \"0.0.0.0\"\n\
                   \n\
                   s = socket.socket()\n\
                   s.bind((HOST, 8080))\n\
                   t = socket.socket()\n\
                   t.bind((\"\", 9000))  # bindcheck: ignore[BND001] -- dev container, port not published\n";

/// Every violation of the SARIF 2.1.0 schema in `log`, with format checks (`uri`,
/// `uri-reference`) on.
fn schema_errors(log: &Value) -> Vec<String> {
    let schema_text = include_str!("data/sarif-schema-2.1.0.json");
    let schema: Value = serde_json::from_str(schema_text).expect("the schema is JSON");
    let validator = jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles");
    validator
        .iter_errors(log)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect()
}

/// Parses stdout as JSON and validates it against the SARIF 2.1.0 schema; panics listing every
/// violation.
fn valid_sarif(stdout: &str) -> Value {
    let log: Value = serde_json::from_str(stdout)
        .unwrap_or_else(|error| panic!("stdout is not JSON ({error}):\n{stdout}"));
    let errors = schema_errors(&log);
    assert!(
        errors.is_empty(),
        "SARIF log violates the schema:\n{}\n{stdout}",
        errors.join("\n")
    );
    log
}

fn results(log: &Value) -> Vec<Value> {
    log["runs"][0]["results"]
        .as_array()
        .expect("a results array")
        .clone()
}

fn uri_of(location: &Value) -> &str {
    location["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .expect("a uri string")
}

#[test]
fn sarif_scan_is_schema_valid_with_relative_uris_and_suppressions() {
    let sandbox = Sandbox::new();
    let project = sandbox.mkdir("project");
    std::fs::create_dir_all(project.join("src")).expect("mkdir");
    std::fs::write(project.join("src/app.py"), APP).expect("write");

    let run = sandbox
        .bindcheck_in(&project, &["scan", "src", "--format", "sarif"])
        .assert_code(1);
    run.assert_stderr_contains("1 finding in 1 file (1 Python file checked, 1 suppressed)");
    let log = valid_sarif(&run.stdout);
    assert_eq!(log["version"], "2.1.0");

    let results = results(&log);
    assert_eq!(results.len(), 2, "suppressed findings are listed too");
    for result in &results {
        assert_eq!(result["ruleId"], "BND001");
        assert_eq!(result["ruleIndex"], 0);
        let location = &result["locations"][0];
        assert_eq!(uri_of(location), "src/app.py");
        assert_eq!(
            location["physicalLocation"]["artifactLocation"]["uriBaseId"],
            "%SRCROOT%"
        );
        let hash = result["partialFingerprints"]["primaryLocationLineHash"]
            .as_str()
            .expect("a primaryLocationLineHash");
        assert!(
            hash.len() == 16 && hash.chars().all(|c| c.is_ascii_hexdigit()),
            "{hash}"
        );
    }
    assert_ne!(
        results[0]["partialFingerprints"],
        results[1]["partialFingerprints"]
    );

    let blocking = &results[0];
    assert_eq!(blocking["level"], "error");
    assert_eq!(
        blocking["locations"][0]["physicalLocation"]["region"],
        serde_json::json!({ "startLine": 6, "startColumn": 1, "endLine": 6, "endColumn": 21 })
    );
    assert!(blocking.get("suppressions").is_none());
    let origin = &blocking["relatedLocations"][0];
    assert_eq!(uri_of(origin), "src/app.py");
    assert_eq!(origin["physicalLocation"]["region"]["startLine"], 3);
    assert!(origin["message"]["text"].is_string());

    let quiet = &results[1];
    assert_eq!(
        quiet["suppressions"],
        serde_json::json!([{
            "kind": "inSource",
            "justification": "dev container, port not published",
        }])
    );
}

#[test]
fn sarif_scan_of_absolute_path_is_schema_valid_file_uri() {
    let sandbox = Sandbox::new();
    let project = sandbox.mkdir("project");
    std::fs::write(project.join("app.py"), APP).expect("write");
    let absolute = project.join("app.py");

    let run = sandbox
        .bindcheck_in(
            sandbox.root(),
            &[
                "scan",
                absolute.to_str().expect("UTF-8"),
                "--format",
                "sarif",
            ],
        )
        .assert_code(1);
    let log = valid_sarif(&run.stdout);
    let uri = uri_of(&results(&log)[0]["locations"][0]).to_owned();
    assert!(
        uri.starts_with("file:///") && uri.ends_with("/project/app.py"),
        "{uri}"
    );
}

#[test]
fn sarif_in_repository_is_repository_relative_from_a_subdirectory() {
    let repo = TestRepo::new();
    repo.write("pkg/server.py", APP).add(&["pkg/server.py"]);

    let run = repo
        .bindcheck_in("pkg", &["--format", "sarif"])
        .assert_code(1);
    let log = valid_sarif(&run.stdout);
    let results = results(&log);
    assert_eq!(uri_of(&results[0]["locations"][0]), "pkg/server.py");
    assert_eq!(results[0]["properties"]["status"], "new");
}

#[test]
fn sarif_names_the_change_that_exposed_an_untouched_file_as_a_valid_related_location() {
    let repo = TestRepo::new();
    repo.write("config.py", "HOST = \"127.0.0.1\"\n")
        .write(
            "app.py",
            "import uvicorn\nfrom config import HOST\n\nuvicorn.run(object(), host=HOST)\n",
        )
        .add(&["config.py", "app.py"]);
    repo.commit("loopback");
    repo.write("config.py", "HOST = \"0.0.0.0\"\n")
        .add(&["config.py"]);
    let run = repo.bindcheck(&["--format", "sarif"]).assert_code(1);
    let log = valid_sarif(&run.stdout);
    let results = results(&log);
    assert_eq!(uri_of(&results[0]["locations"][0]), "app.py");
    assert_eq!(
        results[0]["properties"]["cause"],
        "HOST changed in config.py:1"
    );
    let related = results[0]["relatedLocations"]
        .as_array()
        .expect("related locations");
    let cause = related
        .iter()
        .find(|location| {
            location["message"]["text"]
                .as_str()
                .is_some_and(|text| text.starts_with("the change that made this finding new"))
        })
        .expect("the cause is a related location");
    assert_eq!(uri_of(cause), "config.py");
    assert_eq!(cause["physicalLocation"]["region"]["startLine"], 1);
}

#[test]
fn sarif_without_findings_is_schema_valid_and_lists_every_rule() {
    let sandbox = Sandbox::new();
    let project = sandbox.mkdir("project");
    std::fs::write(project.join("ok.py"), "print('hello')\n").expect("write");

    let run = sandbox
        .bindcheck_in(&project, &["scan", ".", "--format", "sarif"])
        .assert_code(0);
    let log = valid_sarif(&run.stdout);
    assert!(results(&log).is_empty());
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("a rules array");
    let ids: Vec<&str> = rules
        .iter()
        .filter_map(|rule| rule["id"].as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "BND001", "BND002", "BND003", "BND004", "BND100", "BND101", "BND102"
        ]
    );
}

#[test]
fn schema_check_rejects_a_broken_log() {
    // Guards the check itself: a log the schema forbids must fail it.
    let sandbox = Sandbox::new();
    let project = sandbox.mkdir("project");
    std::fs::write(project.join("app.py"), APP).expect("write");
    let run = sandbox
        .bindcheck_in(&project, &["scan", "app.py", "--format", "sarif"])
        .assert_code(1);
    let mut log = valid_sarif(&run.stdout);
    log["runs"][0]["results"][0]["level"] = Value::from("fatal");
    log["runs"][0]["results"][0]["suppressions"] =
        serde_json::json!([{ "kind": "inComment", "justification": "x" }]);
    let errors = schema_errors(&log);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].contains("/level"), "{errors:?}");
    assert!(errors[1].contains("/suppressions/0/kind"), "{errors:?}");
}

#[test]
fn sarif_names_skipped_files_as_notifications_and_fails_the_invocation() {
    let sandbox = Sandbox::new();
    let project = sandbox.mkdir("project");
    std::fs::write(project.join("big.py"), APP).expect("write");
    std::fs::write(project.join("blob.py"), b"\x00binary").expect("write");

    let run = sandbox
        .bindcheck_in(
            &project,
            &["scan", "--max-file-size", "64", "--format", "sarif"],
        )
        .assert_code(2);
    let log = valid_sarif(&run.stdout);
    let invocation = &log["runs"][0]["invocations"][0];
    // big.py could hide a finding: the invocation did not do its job.
    assert_eq!(invocation["executionSuccessful"], false);
    let notifications = invocation["toolExecutionNotifications"]
        .as_array()
        .expect("notifications for the skipped files");
    let mut reasons: Vec<(&str, &str)> = notifications
        .iter()
        .map(|notification| {
            assert_eq!(notification["level"], "warning");
            (
                uri_of(&notification["locations"][0]),
                notification["properties"]["reason"]
                    .as_str()
                    .expect("a reason"),
            )
        })
        .collect();
    reasons.sort_unstable();
    assert_eq!(reasons, [("big.py", "too-large"), ("blob.py", "binary")]);
}
