//! `--format json`: `{"version", "findings": [...], "summary": {...}}` with every finding,
//! suppressed ones included (SPEC 7).

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{Renderer, Report};
use crate::finding::{Finding, Span};

/// Renders the JSON document.
pub struct JsonRenderer;

impl Renderer for JsonRenderer {
    fn render(&self, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
        let findings: Vec<Value> = report
            .findings()
            .map(|(_, finding)| finding_json(finding))
            .collect();
        let summary = &report.summary;
        let document = json!({
            "version": env!("CARGO_PKG_VERSION"),
            "findings": findings,
            "summary": {
                "files_checked": summary.files_checked,
                "findings": summary.findings,
                "suppressed": summary.suppressed,
                "blocking": summary.blocking,
            },
        });
        serde_json::to_writer_pretty(&mut *out, &document).map_err(io::Error::other)?;
        writeln!(out)
    }
}

fn position(span: Option<Span>) -> Value {
    span.map_or(
        Value::Null,
        |span| json!({ "line": span.start.line, "column": span.start.column }),
    )
}

fn finding_json(finding: &Finding) -> Value {
    json!({
        "rule": finding.rule.code(),
        "name": finding.rule.name(),
        "path": finding.path,
        "line": finding.span.start.line,
        "column": finding.span.start.column,
        "end_line": finding.span.end.line,
        "end_column": finding.span.end.column,
        "message": finding.message,
        "host": finding.host,
        "origin": position(finding.origin),
        "status": finding.status.map(|status| status.as_str()),
        "suppressed": finding.suppression.is_some(),
        "suppression": finding.suppression.as_ref().map(|suppression| json!({
            "line": suppression.line,
            "reason": suppression.reason,
        })),
        "suppression_note": finding.suppression_note,
        "fingerprint": finding.fingerprint(),
    })
}
