//! `--format json`: `{"version", "findings": [...], "summary": {...}}` with every finding,
//! suppressed ones included (SPEC 7).

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{Renderer, Report};
use crate::check::CheckedFile;
use crate::finding::{Finding, Span};

/// Renders the JSON document.
pub struct JsonRenderer;

impl Renderer for JsonRenderer {
    fn render(&self, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
        let findings: Vec<Value> = report
            .findings()
            .map(|(file, finding)| finding_json(file, finding))
            .collect();
        let skipped_files: Vec<Value> = report
            .files
            .iter()
            .filter_map(|file| {
                let reason = file.skipped.as_ref()?;
                Some(json!({
                    "path": file.path,
                    "reason": reason.key(),
                    "could_hide_finding": reason.could_hide_finding(),
                    "message": reason.warning(),
                }))
            })
            .collect();
        let summary = &report.summary;
        let document = json!({
            "version": env!("CARGO_PKG_VERSION"),
            "findings": findings,
            "skipped_files": skipped_files,
            "summary": {
                "files_checked": summary.files_checked,
                "dependents_checked": summary.dependents_checked,
                "skipped": summary.files_skipped(),
                "skipped_by_reason": summary.skipped,
                "findings": summary.findings,
                "suppressed": summary.suppressed,
                "blocking": summary.blocking,
            },
        });
        super::write_json(out, &document)?;
        writeln!(out)
    }
}

fn position(file: &CheckedFile, span: Option<Span>) -> Value {
    span.map_or(Value::Null, |span| {
        let (cell, line) = file.locate(span.start.line);
        let mut origin = json!({ "line": line, "column": span.start.column });
        if let Some(cell) = cell {
            origin["cell"] = json!(cell);
        }
        origin
    })
}

fn finding_json(file: &CheckedFile, finding: &Finding) -> Value {
    let (cell, line) = file.locate(finding.span.start.line);
    let (_, end_line) = file.locate(finding.span.end.line);
    json!({
        "rule": finding.rule.code(),
        "name": finding.rule.name(),
        "path": finding.path,
        "cell": cell,
        "line": line,
        "column": finding.span.start.column,
        "end_line": end_line,
        "end_column": finding.span.end.column,
        "message": finding.message,
        "host": finding.host,
        "origin": match &finding.origin_elsewhere {
            Some(elsewhere) => json!({
                "path": elsewhere.path,
                "line": elsewhere.span.start.line,
                "column": elsewhere.span.start.column,
            }),
            None => position(file, finding.origin),
        },
        "chain": finding.chain.iter().map(|step| json!({
            "callee": step.callee,
            "path": step.path,
            "line": step.span.start.line,
            "column": step.span.start.column,
        })).collect::<Vec<_>>(),
        "status": finding.status.map(|status| status.as_str()),
        "cause": finding.cause.as_ref().map(|cause| json!({
            "path": cause.path,
            "line": cause.line,
            "changed": cause.changed,
            "text": cause.describe(),
        })),
        "suppressed": finding.suppression.is_some(),
        "suppression": finding.suppression.as_ref().map(|suppression| json!({
            "line": file.locate(suppression.line).1,
            "reason": suppression.reason,
        })),
        "suppression_note": finding.suppression_note,
        "fingerprint": finding.fingerprint(),
    })
}
