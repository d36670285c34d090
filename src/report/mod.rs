//! Output: one renderer per format behind the [`Renderer`] trait. This is the only code that
//! writes to standard output (`main` writes the stderr summary and errors).

mod concise;
mod human;
mod json;
pub mod rules;

use std::io::{self, Write};

use crate::check::CheckedFile;
use crate::finding::{Finding, Position};

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
}

/// What was checked, for summaries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Python files read and parsed.
    pub files_checked: usize,
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
    };
    renderer.render(report, out)?;
    out.flush()
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

/// The message with an "(existing)" tag for findings the change did not introduce.
fn message_with_status(finding: &Finding) -> String {
    match finding.status {
        Some(crate::finding::Status::Existing) => format!("{} (existing)", finding.message),
        _ => finding.message.clone(),
    }
}
