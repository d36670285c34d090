//! `--format gitlab`: a GitLab Code Quality report, the JSON array GitLab shows in merge requests
//! (SPEC 7).
//!
//! Only blocking findings are listed: Code Quality has no notion of a suppressed issue, and a
//! suppressed finding listed there would read as an open one. Each entry's `fingerprint` is
//! [`Finding::fingerprint`], unique per finding and stable across line moves, which is what GitLab
//! compares to tell new issues from resolved ones between the source and target branches.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{Renderer, Report, is_audit_rule, message_with_origin, message_with_status};
use crate::check::CheckedFile;
use crate::finding::Finding;

/// Renders the Code Quality array.
pub struct GitlabRenderer;

impl Renderer for GitlabRenderer {
    fn render(&self, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
        let issues: Vec<Value> = report
            .findings()
            .filter(|(_, finding)| finding.is_blocking())
            .map(|(file, finding)| issue(file, finding))
            .collect();
        super::write_json(out, &Value::Array(issues))?;
        writeln!(out)
    }
}

/// One Code Quality issue. Lines of a notebook are cell-relative, like the JSON format's.
fn issue(file: &CheckedFile, finding: &Finding) -> Value {
    let (cell, line) = file.locate(finding.span.start.line);
    let mut description = message_with_origin(file, finding, &message_with_status(finding));
    if let Some(cell) = cell {
        description.push_str(&format!(" (cell {cell})"));
    }
    let severity = if is_audit_rule(finding.rule) {
        "info"
    } else {
        "major"
    };
    json!({
        "type": "issue",
        "engine_name": env!("CARGO_PKG_NAME"),
        "check_name": finding.rule.code(),
        "description": description,
        "categories": ["Security"],
        "severity": severity,
        "fingerprint": finding.fingerprint(),
        "location": {
            "path": finding.path,
            "lines": { "begin": line },
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::test_support::{finding, notebook, report_of, source_file, suppressed};
    use crate::rules::Rule;

    fn render(files: &[CheckedFile]) -> Value {
        let report = report_of(files);
        let mut out = Vec::new();
        GitlabRenderer
            .render(&report, &mut out)
            .expect("render to memory");
        serde_json::from_slice(&out).expect("Code Quality output is JSON")
    }

    #[test]
    fn blocking_findings_become_issues_with_unique_fingerprints() {
        let first = finding(Rule::BindAllInterfaces, "src/app.py", (6, 1), (6, 21));
        let mut twin = first.clone();
        twin.occurrence = 1;
        let quiet = suppressed(
            finding(Rule::BindAllInterfaces, "src/app.py", (9, 1), (9, 5)),
            Some("reviewed"),
        );
        let audit = finding(Rule::AnyListener, "src/app.py", (7, 1), (7, 5));
        let (first_fingerprint, twin_fingerprint) = (first.fingerprint(), twin.fingerprint());
        let issues = render(&[source_file("src/app.py", vec![first, twin, audit, quiet])]);
        let issues = issues.as_array().expect("an array");
        assert_eq!(issues.len(), 3, "the suppressed finding is left out");
        assert_eq!(
            issues[0],
            json!({
                "type": "issue",
                "engine_name": "git-bindcheck",
                "check_name": "BND001",
                "description": "socket.bind() listens on all network interfaces",
                "categories": ["Security"],
                "severity": "major",
                "fingerprint": first_fingerprint,
                "location": { "path": "src/app.py", "lines": { "begin": 6 } },
            })
        );
        assert_eq!(issues[1]["fingerprint"], twin_fingerprint);
        assert_ne!(first_fingerprint, twin_fingerprint);
        assert_eq!(issues[2]["check_name"], "BND100");
        assert_eq!(issues[2]["severity"], "info");
    }

    #[test]
    fn no_findings_is_an_empty_array() {
        assert_eq!(render(&[source_file("app.py", Vec::new())]), json!([]));
    }

    #[test]
    fn notebook_issue_names_the_cell() {
        let bind = finding(Rule::BindAllInterfaces, "nb.ipynb", (6, 1), (6, 9));
        let issues = render(&[notebook("nb.ipynb", vec![(1, 1), (3, 5)], vec![bind])]);
        assert_eq!(issues[0]["location"]["lines"]["begin"], 2);
        assert!(
            issues[0]["description"]
                .as_str()
                .is_some_and(|text| text.ends_with("(cell 3)"))
        );
    }
}
