//! `--format sarif`: a SARIF 2.1.0 log for GitHub code scanning and other SARIF viewers
//! (SPEC 7).
//!
//! One run: the tool with every rule (so that a result's `ruleIndex` points into it and a viewer
//! can show any rule's help), and one result per reported finding. Suppressed findings are listed
//! too, with an in-source suppression carrying the comment's justification, so code scanning shows
//! them as dismissed rather than forgetting them. Paths stay relative to the repository
//! (`%SRCROOT%`), which is what lets GitHub place results on its own checkout.

use std::io::{self, Write};

use serde_json::{Map, Value, json};

use super::{Renderer, Report, is_audit_rule, line_phrase, message_with_origin};
use crate::check::CheckedFile;
use crate::finding::{Finding, Span};
use crate::rules::{Rule, RuleInfo};

/// The schema the log declares, the OASIS 2.1.0 errata 01 schema.
const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The base id relative URIs are resolved against: the repository's (or scan's) top directory.
const SOURCE_ROOT: &str = "%SRCROOT%";

/// The key under which `fingerprints` carries [`Finding::fingerprint`].
const FINGERPRINT_KEY: &str = "git-bindcheck/v1";

/// Renders the SARIF log.
pub struct SarifRenderer;

impl Renderer for SarifRenderer {
    fn render(&self, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
        super::write_json(out, &sarif_log(report))?;
        writeln!(out)
    }
}

/// The whole log as a JSON value.
fn sarif_log(report: &Report<'_>) -> Value {
    let results: Vec<Value> = report
        .findings()
        .map(|(file, finding)| result(file, finding))
        .collect();
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": driver() },
            "columnKind": "unicodeCodePoints",
            "invocations": [invocation(report)],
            "results": results,
        }],
    })
}

/// The run's invocation: each skipped file as a warning notification naming it, and the
/// execution unsuccessful when one of them could hide a finding (the run exits 2).
fn invocation(report: &Report<'_>) -> Value {
    let notifications: Vec<Value> = report
        .files
        .iter()
        .filter_map(|file| {
            let reason = file.skipped.as_ref()?;
            Some(json!({
                "level": "warning",
                "message": { "text": format!("{}: {}", file.path, reason.warning()) },
                "locations": [{
                    "physicalLocation": { "artifactLocation": artifact_location(&file.path) },
                }],
                "properties": { "reason": reason.key() },
            }))
        })
        .collect();
    let mut invocation = json!({
        "executionSuccessful": report.summary.skipped_could_hide == 0,
    });
    if !notifications.is_empty() {
        invocation["toolExecutionNotifications"] = json!(notifications);
    }
    invocation
}

/// `tool.driver`: the tool and every rule it has.
fn driver() -> Value {
    let mut driver = json!({
        "name": env!("CARGO_PKG_NAME"),
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "rules": Rule::ALL.iter().map(|rule| rule_descriptor(rule.info())).collect::<Vec<_>>(),
    });
    // Filled from Cargo.toml's `repository` when the package declares one; SARIF makes it
    // optional and an invented address would be worse than none.
    let information_uri = env!("CARGO_PKG_REPOSITORY");
    if !information_uri.is_empty() {
        driver["informationUri"] = json!(information_uri);
    }
    driver
}

/// One `reportingDescriptor` of `tool.driver.rules`.
fn rule_descriptor(info: &RuleInfo) -> Value {
    json!({
        "id": info.code,
        "name": info.name,
        "shortDescription": { "text": info.summary },
        "fullDescription": { "text": what_it_does(info.documentation) },
        "help": { "text": info.documentation, "markdown": info.documentation },
        "defaultConfiguration": {
            "enabled": info.enabled_by_default,
            "level": level(info.enabled_by_default),
        },
        "properties": { "tags": tags(info.documentation) },
    })
}

/// The "What it does" section of a rule's documentation, without its heading: the rule's full
/// description. The whole documentation when the section is missing.
fn what_it_does(documentation: &str) -> &str {
    const HEADING: &str = "## What it does";
    let Some(start) = documentation.find(HEADING) else {
        return documentation.trim();
    };
    let section = &documentation[start + HEADING.len()..];
    let end = section.find("\n## ").unwrap_or(section.len());
    section[..end].trim()
}

/// `security`, then the CWE identifiers the documentation's references list
/// (`- CWE-668: https://…`), so the tags cannot drift from the documentation.
fn tags(documentation: &str) -> Vec<String> {
    let mut tags = vec!["security".to_owned()];
    for line in documentation.lines() {
        let Some(reference) = line.trim().strip_prefix("- CWE-") else {
            continue;
        };
        let number: String = reference.chars().take_while(char::is_ascii_digit).collect();
        let tag = format!("CWE-{number}");
        if !number.is_empty() && !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    tags
}

/// `error` for the gate's rules, `warning` for the audit rules.
fn level(enabled_by_default: bool) -> &'static str {
    if enabled_by_default {
        "error"
    } else {
        "warning"
    }
}

/// One `result`.
fn result(file: &CheckedFile, finding: &Finding) -> Value {
    let rule = finding.rule;
    let rule_index = Rule::ALL.iter().position(|known| *known == rule);
    let fingerprint = finding.fingerprint();
    let mut result = json!({
        "ruleId": rule.code(),
        "ruleIndex": rule_index,
        "level": level(!is_audit_rule(rule)),
        "message": { "text": message_with_origin(file, finding, &finding.message) },
        "locations": [location(file, finding, finding.span, None)],
        "partialFingerprints": { "primaryLocationLineHash": fingerprint },
        "fingerprints": { FINGERPRINT_KEY: fingerprint },
    });
    let mut related = Vec::new();
    if let Some(origin) = finding.origin {
        let message = format!(
            "the all-interfaces value is set here ({})",
            line_phrase(file, origin.start.line)
        );
        related.push(location(file, finding, origin, Some(&message)));
    }
    if let Some(elsewhere) = &finding.origin_elsewhere {
        related.push(path_location(
            &elsewhere.path,
            elsewhere.span,
            "the all-interfaces value is set here",
        ));
    }
    for step in &finding.chain {
        related.push(path_location(
            &step.path,
            step.span,
            &format!("the host is passed on to {} here", step.callee),
        ));
    }
    if let Some(cause) = &finding.cause {
        // The whole line: the cause is a definition, not a range within it.
        related.push(json!({
            "physicalLocation": {
                "artifactLocation": artifact_location(&cause.path),
                "region": { "startLine": cause.line },
            },
            "message": {
                "text": format!("the change that made this finding new: {}", cause.describe()),
            },
        }));
    }
    for (index, entry) in related.iter_mut().enumerate() {
        entry["id"] = json!(index + 1);
    }
    if !related.is_empty() {
        result["relatedLocations"] = Value::Array(related);
    }
    if let Some(suppression) = &finding.suppression {
        let mut entry = json!({ "kind": "inSource" });
        if let Some(reason) = &suppression.reason {
            entry["justification"] = json!(reason);
        }
        result["suppressions"] = json!([entry]);
    }
    let mut properties = Map::new();
    if let Some(status) = finding.status {
        properties.insert("status".into(), json!(status.as_str()));
    }
    if let (Some(cell), _) = file.locate(finding.span.start.line) {
        properties.insert("cell".into(), json!(cell));
    }
    if let Some(host) = &finding.host {
        properties.insert("host".into(), json!(host));
    }
    if let Some(note) = &finding.suppression_note {
        properties.insert("suppressionNote".into(), json!(note));
    }
    if let Some(cause) = &finding.cause {
        properties.insert("cause".into(), json!(cause.describe()));
    }
    if !properties.is_empty() {
        result["properties"] = Value::Object(properties);
    }
    result
}

/// A `location` of `span` in the finding's file, with an optional message. Lines of a notebook
/// are cell-relative, like the JSON format's, and the cell is in the location's properties.
fn location(file: &CheckedFile, finding: &Finding, span: Span, message: Option<&str>) -> Value {
    let (cell, start_line) = file.locate(span.start.line);
    let (_, end_line) = file.locate(span.end.line);
    let mut location = json!({
        "physicalLocation": {
            "artifactLocation": artifact_location(&finding.path),
            "region": {
                "startLine": start_line,
                "startColumn": span.start.column,
                "endLine": end_line,
                "endColumn": span.end.column,
            },
        },
    });
    if let Some(message) = message {
        location["id"] = json!(1);
        location["message"] = json!({ "text": message });
    }
    if let Some(cell) = cell {
        location["properties"] = json!({ "cell": cell });
    }
    location
}

/// A `location` in another file of the project (a value's origin, a wrapper's call).
fn path_location(path: &str, span: Span, message: &str) -> Value {
    json!({
        "physicalLocation": {
            "artifactLocation": artifact_location(path),
            "region": {
                "startLine": span.start.line,
                "startColumn": span.start.column,
                "endLine": span.end.line,
                "endColumn": span.end.column,
            },
        },
        "message": { "text": message },
    })
}

/// The `artifactLocation` of a reported path: relative to `%SRCROOT%` (the normal case: paths
/// are repository-relative), or a `file:` URI for the absolute paths scan mode reports when
/// given absolute arguments.
fn artifact_location(path: &str) -> Value {
    if let Some(absolute) = absolute_path(path) {
        json!({ "uri": format!("file://{}", encode_uri_path(&absolute)) })
    } else {
        json!({ "uri": encode_uri_path(path), "uriBaseId": SOURCE_ROOT })
    }
}

/// `path` as the path of a `file:` URI (`/`-rooted) when it is absolute (`/x`, `C:/x`).
fn absolute_path(path: &str) -> Option<String> {
    if path.starts_with('/') {
        return Some(path.to_owned());
    }
    let bytes = path.as_bytes();
    let is_drive = bytes.len() >= 3
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && (bytes[2] == b'/' || bytes[2] == b'\\');
    is_drive.then(|| format!("/{}", path.replace('\\', "/")))
}

/// Percent-encodes what may not stand literally in a URI path (RFC 3986): spaces, `%`, `#`,
/// `?`, non-ASCII characters (as UTF-8 bytes) and the like. `:` is encoded too, except after a
/// drive letter, so that a relative path's first segment is never read as a scheme.
fn encode_uri_path(path: &str) -> String {
    let mut encoded = String::with_capacity(path.len());
    let drive_colon = absolute_path_drive_colon(path);
    for (index, byte) in path.bytes().enumerate() {
        let literal = byte.is_ascii_alphanumeric()
            || matches!(
                byte,
                b'/' | b'-'
                    | b'.'
                    | b'_'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b'@'
            )
            || Some(index) == drive_colon;
        if literal {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// The index of the colon of a drive letter at the start of a `file:` URI path (`/C:/x`).
fn absolute_path_drive_colon(path: &str) -> Option<usize> {
    let bytes = path.as_bytes();
    (bytes.len() >= 3 && bytes[0] == b'/' && bytes[1].is_ascii_alphabetic() && bytes[2] == b':')
        .then_some(2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Status;
    use crate::report::test_support::{finding, notebook, report_of, source_file, suppressed};

    fn render(files: &[CheckedFile]) -> Value {
        let report = report_of(files);
        let mut out = Vec::new();
        SarifRenderer
            .render(&report, &mut out)
            .expect("render to memory");
        serde_json::from_slice(&out).expect("SARIF output is JSON")
    }

    #[test]
    fn log_declares_version_tool_and_every_rule() {
        let log = render(&[]);
        assert_eq!(log["version"], "2.1.0");
        assert_eq!(log["$schema"], SCHEMA);
        let run = &log["runs"][0];
        assert_eq!(run["invocations"][0]["executionSuccessful"], true);
        let driver = &run["tool"]["driver"];
        assert_eq!(driver["name"], "git-bindcheck");
        assert_eq!(driver["semanticVersion"], env!("CARGO_PKG_VERSION"));
        let rules = driver["rules"].as_array().expect("rules array");
        assert_eq!(rules.len(), Rule::ALL.len());
        for (descriptor, rule) in rules.iter().zip(Rule::ALL) {
            let info = rule.info();
            assert_eq!(descriptor["id"], info.code);
            assert_eq!(descriptor["name"], info.name);
            assert_eq!(descriptor["shortDescription"]["text"], info.summary);
            assert_eq!(descriptor["help"]["markdown"], info.documentation);
            let full = descriptor["fullDescription"]["text"]
                .as_str()
                .expect("full description");
            assert!(!full.is_empty() && !full.contains("## "), "{full}");
        }
        assert_eq!(rules[0]["defaultConfiguration"]["level"], "error");
        assert_eq!(rules[4]["defaultConfiguration"]["level"], "warning");
        assert_eq!(
            rules[0]["properties"]["tags"],
            json!(["security", "CWE-200", "CWE-668"])
        );
        assert_eq!(results_of(&log).len(), 0);
    }

    fn results_of(log: &Value) -> Vec<Value> {
        log["runs"][0]["results"]
            .as_array()
            .expect("results array")
            .clone()
    }

    #[test]
    fn result_has_rule_region_origin_and_fingerprint() {
        let mut bind = finding(Rule::BindAllInterfaces, "src/app.py", (6, 1), (6, 21));
        bind.origin = Some(Span {
            start: crate::finding::Position { line: 3, column: 8 },
            end: crate::finding::Position {
                line: 3,
                column: 17,
            },
        });
        bind.status = Some(Status::New);
        let expected_fingerprint = bind.fingerprint();
        let log = render(&[source_file("src/app.py", vec![bind])]);
        let result = &results_of(&log)[0];
        assert_eq!(result["ruleId"], "BND001");
        assert_eq!(result["ruleIndex"], 0);
        assert_eq!(result["level"], "error");
        assert_eq!(
            result["message"]["text"],
            "socket.bind() listens on all network interfaces; the value is set at line 3"
        );
        let physical = &result["locations"][0]["physicalLocation"];
        assert_eq!(
            physical["artifactLocation"],
            json!({ "uri": "src/app.py", "uriBaseId": "%SRCROOT%" })
        );
        assert_eq!(
            physical["region"],
            json!({ "startLine": 6, "startColumn": 1, "endLine": 6, "endColumn": 21 })
        );
        let related = &result["relatedLocations"][0];
        assert_eq!(related["physicalLocation"]["region"]["startLine"], 3);
        assert_eq!(related["physicalLocation"]["region"]["startColumn"], 8);
        assert!(
            related["message"]["text"]
                .as_str()
                .is_some_and(|text| text.contains("line 3"))
        );
        assert_eq!(
            result["partialFingerprints"]["primaryLocationLineHash"],
            expected_fingerprint
        );
        assert_eq!(result["properties"]["status"], "new");
        assert!(result.get("suppressions").is_none());
    }

    #[test]
    fn suppressed_finding_is_listed_with_its_justification() {
        let with_reason = suppressed(
            finding(Rule::BindAllInterfaces, "app.py", (2, 1), (2, 10)),
            Some("dev container"),
        );
        let without_reason = suppressed(
            finding(Rule::BindAllInterfaces, "app.py", (3, 1), (3, 10)),
            None,
        );
        let log = render(&[source_file("app.py", vec![with_reason, without_reason])]);
        let results = results_of(&log);
        assert_eq!(
            results[0]["suppressions"],
            json!([{ "kind": "inSource", "justification": "dev container" }])
        );
        assert_eq!(results[1]["suppressions"], json!([{ "kind": "inSource" }]));
    }

    #[test]
    fn audit_rule_results_are_warnings() {
        let listener = finding(Rule::AnyListener, "app.py", (1, 1), (1, 5));
        let log = render(&[source_file("app.py", vec![listener])]);
        let result = &results_of(&log)[0];
        assert_eq!(result["level"], "warning");
        assert_eq!(result["ruleIndex"], 4);
    }

    #[test]
    fn notebook_regions_are_cell_relative_with_the_cell_in_properties() {
        // Cell 1 holds joined lines 1-4, cell 3 starts at joined line 5.
        let bind = finding(Rule::BindAllInterfaces, "nb.ipynb", (6, 1), (6, 9));
        let log = render(&[notebook("nb.ipynb", vec![(1, 1), (3, 5)], vec![bind])]);
        let result = &results_of(&log)[0];
        assert_eq!(
            result["locations"][0]["physicalLocation"]["region"]["startLine"],
            2
        );
        assert_eq!(result["locations"][0]["properties"]["cell"], 3);
        assert_eq!(result["properties"]["cell"], 3);
    }

    #[test]
    fn uris_are_relative_and_percent_encoded() {
        assert_eq!(
            artifact_location("dir name/ünï.py"),
            json!({ "uri": "dir%20name/%C3%BCn%C3%AF.py", "uriBaseId": "%SRCROOT%" })
        );
        assert_eq!(
            artifact_location("a:b/100%#1.py")["uri"],
            "a%3Ab/100%25%231.py"
        );
        assert_eq!(
            artifact_location("/tmp/x y/app.py"),
            json!({ "uri": "file:///tmp/x%20y/app.py" })
        );
        assert_eq!(
            artifact_location("C:/work/app.py"),
            json!({ "uri": "file:///C:/work/app.py" })
        );
    }

    #[test]
    fn tags_come_from_the_documented_cwe_references() {
        let documentation =
            "## References\n- CWE-1188: https://x\n- CWE-668: https://y\n- CWE-668: again\n- OWASP";
        assert_eq!(tags(documentation), ["security", "CWE-1188", "CWE-668"]);
        assert_eq!(tags("no references"), ["security"]);
    }
}
