//! Output: one renderer per format behind the [`Renderer`] trait. This is the only code that
//! writes to standard output (`main` writes the stderr summary and errors).

mod concise;
mod github;
mod gitlab;
mod human;
mod json;
pub mod rules;
mod sarif;

use std::collections::BTreeMap;
use std::io::{self, Write};

use crate::check::CheckedFile;
use crate::finding::{Finding, Position};
use crate::rules::Rule;

/// The output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    /// rustc/ruff-like diagnostics with source lines, origins and help.
    #[default]
    Human,
    /// One line per finding: `path:line:col: CODE message`.
    Concise,
    /// Machine-readable JSON with every field of SPEC 7.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…::message`), shown as annotations.
    Github,
    /// GitLab Code Quality JSON.
    Gitlab,
}

/// What was checked, for summaries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Python files read and parsed.
    pub files_checked: usize,
    /// Of those, files the change did not touch, checked because they import a changed module.
    pub dependents_checked: usize,
    /// Files selected but not checked, counted by [`crate::check::SkipReason::key`], in key order.
    pub skipped: BTreeMap<&'static str, usize>,
    /// Skipped files that could hide a finding ([`crate::check::SkipReason::could_hide_finding`]): the run
    /// exits 2 when there is one.
    pub skipped_could_hide: usize,
    /// Reported findings, suppressed ones included.
    pub findings: usize,
    /// Reported findings that a comment suppresses.
    pub suppressed: usize,
    /// Reported findings that are not suppressed.
    pub blocking: usize,
    /// Files with at least one blocking finding.
    pub files_with_blocking: usize,
}

impl Summary {
    /// Counts the outcome of a run.
    pub fn of(files: &[CheckedFile]) -> Summary {
        let mut summary = Summary::default();
        for file in files {
            summary.files_checked += usize::from(file.checked);
            summary.dependents_checked += usize::from(file.checked && file.dependent);
            if let Some(reason) = &file.skipped {
                *summary.skipped.entry(reason.key()).or_default() += 1;
                summary.skipped_could_hide += usize::from(reason.could_hide_finding());
            }
            summary.findings += file.findings.len();
            let blocking = file
                .findings
                .iter()
                .filter(|finding| finding.is_blocking())
                .count();
            summary.blocking += blocking;
            summary.suppressed += file.findings.len() - blocking;
            summary.files_with_blocking += usize::from(blocking > 0);
        }
        summary
    }

    /// Files selected but not checked, whatever the reason.
    pub fn files_skipped(&self) -> usize {
        self.skipped.values().sum()
    }
}

/// Everything a renderer needs.
pub struct Report<'a> {
    /// The checked files, with their findings.
    pub files: &'a [CheckedFile],
    /// Counts.
    pub summary: Summary,
    /// Whether ANSI colours are wanted.
    pub color: bool,
}

impl Report<'_> {
    /// Every reported finding with its file, in file order.
    pub fn findings(&self) -> impl Iterator<Item = (&CheckedFile, &Finding)> {
        self.files
            .iter()
            .flat_map(|file| file.findings.iter().map(move |finding| (file, finding)))
    }
}

/// A renderer of one output format.
pub trait Renderer {
    /// Writes the report.
    fn render(&self, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()>;
}

/// Writes `report` in `format` to `out`.
pub fn render(format: Format, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let renderer: &dyn Renderer = match format {
        Format::Human => &human::HumanRenderer,
        Format::Concise => &concise::ConciseRenderer,
        Format::Json => &json::JsonRenderer,
        Format::Sarif => &sarif::SarifRenderer,
        Format::Github => &github::GithubRenderer,
        Format::Gitlab => &gitlab::GitlabRenderer,
    };
    renderer.render(report, out)?;
    out.flush()
}

/// Writes a JSON document, pretty-printed. A failed write keeps its `io::ErrorKind` (serde_json's
/// own conversion), so that a closed pipe is still recognised as one.
fn write_json(out: &mut dyn Write, document: &serde_json::Value) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, document).map_err(io::Error::from)
}

/// `path:line:col` of a position (`path:cell N:line:col` in a notebook, like ruff).
fn location(file: &CheckedFile, path: &str, position: Position) -> String {
    match file.locate(position.line) {
        (Some(cell), line) => format!("{path}:cell {cell}:{line}:{}", position.column),
        (None, line) => format!("{path}:{line}:{}", position.column),
    }
}

/// "line 12", or "line 2 of cell 3" in a notebook.
fn line_phrase(file: &CheckedFile, line: u32) -> String {
    match file.locate(line) {
        (Some(cell), line) => format!("line {line} of cell {cell}"),
        (None, line) => format!("line {line}"),
    }
}

/// The message followed by where the all-interfaces value is set, when that is elsewhere, and
/// by the change that made the finding new when its own file is untouched: for formats that
/// show one line of text per finding and so cannot quote the origin.
fn message_with_origin(file: &CheckedFile, finding: &Finding, message: &str) -> String {
    let with_origin = match (finding.origin, &finding.origin_elsewhere) {
        (Some(origin), _) => format!(
            "{message}; the value is set at {}",
            line_phrase(file, origin.start.line)
        ),
        (None, Some(elsewhere)) => format!(
            "{message}; the value is set at {}:{}",
            elsewhere.path, elsewhere.span.start.line
        ),
        (None, None) => message.to_owned(),
    };
    message_with_cause(finding, &with_origin)
}

/// The message followed by the change that made the finding new, when its own file is
/// untouched: `...; new because HOST changed in config.py:1`.
fn message_with_cause(finding: &Finding, message: &str) -> String {
    match &finding.cause {
        Some(cause) => format!("{message}; new because {}", cause.describe()),
        None => message.to_owned(),
    }
}

/// True for the audit rules (off by default, BND100-BND102): CI formats show their findings as
/// warnings rather than errors, since they list listeners for review rather than mistakes.
fn is_audit_rule(rule: Rule) -> bool {
    !rule.info().enabled_by_default
}

/// The message with an "(existing)" tag for findings the change did not introduce.
fn message_with_status(finding: &Finding) -> String {
    match finding.status {
        Some(crate::finding::Status::Existing) => format!("{} (existing)", finding.message),
        _ => finding.message.clone(),
    }
}

/// Hand-built reports for the renderers' unit tests.
#[cfg(test)]
pub(crate) mod test_support {
    use super::{Report, Summary};
    use crate::check::CheckedFile;
    use crate::finding::{AppliedSuppression, CellIndex, Finding, Position, Span};
    use crate::rules::Rule;

    /// An unsuppressed finding of `rule` spanning `start` to `end` (`(line, column)`), with a
    /// plain message, callee `socket.bind()` and host `"0.0.0.0"`.
    pub fn finding(rule: Rule, path: &str, start: (u32, u32), end: (u32, u32)) -> Finding {
        let span = Span {
            start: Position {
                line: start.0,
                column: start.1,
            },
            end: Position {
                line: end.0,
                column: end.1,
            },
        };
        Finding {
            rule,
            path: path.to_owned(),
            span,
            host_span: None,
            statement_lines: (start.0, end.0),
            message: "socket.bind() listens on all network interfaces".to_owned(),
            host: Some("\"0.0.0.0\"".to_owned()),
            origin: None,
            origin_elsewhere: None,
            chain: Vec::new(),
            callee: "socket.bind()".to_owned(),
            host_key: Some("\"0.0.0.0\"".to_owned()),
            occurrence: 0,
            status: None,
            suppression: None,
            suppression_note: None,
            configuration: None,
            cause: None,
        }
    }

    /// `finding`, suppressed by a comment on its first line.
    pub fn suppressed(mut finding: Finding, reason: Option<&str>) -> Finding {
        finding.suppression = Some(AppliedSuppression {
            line: finding.span.start.line,
            reason: reason.map(str::to_owned),
        });
        finding
    }

    /// A checked Python file holding `findings`.
    pub fn source_file(path: &str, findings: Vec<Finding>) -> CheckedFile {
        CheckedFile {
            path: path.to_owned(),
            findings,
            checked: true,
            ..CheckedFile::default()
        }
    }

    /// A checked notebook whose cells start at the given `(cell, joined line)` pairs.
    pub fn notebook(path: &str, cells: Vec<(u32, u32)>, findings: Vec<Finding>) -> CheckedFile {
        CheckedFile {
            cells: Some(CellIndex::new(cells)),
            ..source_file(path, findings)
        }
    }

    /// The report of `files`, without colour.
    pub fn report_of(files: &[CheckedFile]) -> Report<'_> {
        Report {
            files,
            summary: Summary::of(files),
            color: false,
        }
    }
}
