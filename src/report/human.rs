//! `--format human`: rustc/ruff-like diagnostics. The location line, the statement's source
//! lines with the all-interfaces value underlined, the value's origin when it is elsewhere, and
//! help lines with the fix and the exact suppression comment to write.

use std::io::{self, Write};

use owo_colors::OwoColorize;

use super::{Renderer, Report, line_phrase, location, message_with_status};
use crate::check::CheckedFile;
use crate::finding::{Finding, Position, Span};
use crate::rules::Rule;

/// Renders full diagnostics.
pub struct HumanRenderer;

/// Most source lines quoted for one statement.
const MAX_QUOTED_LINES: u32 = 6;

impl Renderer for HumanRenderer {
    fn render(&self, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
        let paint = Painter {
            color: report.color,
        };
        for (file, finding) in report
            .findings()
            .filter(|(_, finding)| finding.is_blocking())
        {
            render_finding(out, &paint, file, finding)?;
        }
        Ok(())
    }
}

struct Painter {
    color: bool,
}

impl Painter {
    fn error(&self, text: &str) -> String {
        if self.color {
            text.red().bold().to_string()
        } else {
            text.to_owned()
        }
    }
    fn gutter(&self, text: &str) -> String {
        if self.color {
            text.blue().bold().to_string()
        } else {
            text.to_owned()
        }
    }
    fn strong(&self, text: &str) -> String {
        if self.color {
            text.bold().to_string()
        } else {
            text.to_owned()
        }
    }
    fn secondary(&self, text: &str) -> String {
        if self.color {
            text.cyan().bold().to_string()
        } else {
            text.to_owned()
        }
    }
}

fn render_finding(
    out: &mut dyn Write,
    paint: &Painter,
    file: &CheckedFile,
    finding: &Finding,
) -> io::Result<()> {
    let lines: Vec<&str> = file.text.split('\n').collect();
    let quote_first = finding.statement_lines.0.min(finding.span.start.line);
    let quote_last = finding
        .host_span
        .map_or(finding.span.start.line, |host| host.start.line)
        .max(quote_first)
        .min(quote_first + MAX_QUOTED_LINES - 1);
    let origin_line = finding.origin.map_or(0, |origin| origin.start.line);
    let width = quote_last.max(origin_line).to_string().len();
    let pad = " ".repeat(width);

    writeln!(
        out,
        "{}: {} {}",
        paint.strong(&location(file, &finding.path, finding.span.start)),
        paint.error(finding.rule.code()),
        paint.strong(&message_with_status(finding))
    )?;
    writeln!(out, "{pad} {}", paint.gutter("|"))?;
    for line in quote_first..=quote_last {
        quote_line(out, paint, &lines, line, file.locate(line).1, width)?;
        let underline = finding
            .host_span
            .filter(|host| host.start.line == line)
            .or_else(|| {
                (finding.host_span.is_none() && line == finding.span.start.line)
                    .then_some(finding.span)
            });
        if let Some(span) = underline {
            let label = underline_label(finding);
            let marks = marks(&lines, span, '^');
            writeln!(
                out,
                "{pad} {} {}{} {}",
                paint.gutter("|"),
                " ".repeat(marks.0),
                paint.error(&marks.1),
                paint.error(label)
            )?;
        }
    }
    if let Some(origin) = finding.origin {
        let origin_location = location(file, &finding.path, origin.start);
        let shown = file.locate(origin.start.line).1;
        quote_origin(out, paint, width, &origin_location, &lines, origin, shown)?;
    }
    if let Some(elsewhere) = &finding.origin_elsewhere {
        let width = width.max(elsewhere.span.start.line.to_string().len());
        let origin_location = format!(
            "{}:{}:{}",
            elsewhere.path, elsewhere.span.start.line, elsewhere.span.start.column
        );
        // The other file's line is the only one quoted: its span is moved onto line 1.
        let lines = [elsewhere.line_text.as_str()];
        let span = Span {
            start: Position {
                line: 1,
                column: elsewhere.span.start.column,
            },
            end: Position {
                line: elsewhere.span.end.line - elsewhere.span.start.line + 1,
                column: elsewhere.span.end.column,
            },
        };
        quote_origin(
            out,
            paint,
            width,
            &origin_location,
            &lines,
            span,
            elsewhere.span.start.line,
        )?;
    }
    writeln!(out, "{pad} {}", paint.gutter("|"))?;
    for step in &finding.chain {
        writeln!(
            out,
            "{pad} {} passed on to {} at {}:{}:{}",
            paint.gutter("= note:"),
            step.callee,
            step.path,
            step.span.start.line,
            step.span.start.column
        )?;
    }
    if let Some(note) = &finding.suppression_note {
        writeln!(out, "{pad} {} {note}", paint.gutter("= note:"))?;
    }
    if let Some(cause) = &finding.cause {
        writeln!(
            out,
            "{pad} {} {}",
            paint.gutter("= cause:"),
            cause.describe()
        )?;
    }
    writeln!(
        out,
        "{pad} {} {}",
        paint.gutter("= help:"),
        fix_help(finding)
    )?;
    writeln!(
        out,
        "{pad} {} {}, end {} with `# bindcheck: ignore[{}] -- <why>`",
        paint.gutter("= help:"),
        finding.rule.info().when_intended,
        line_phrase(file, finding.statement_lines.0),
        finding.rule.code()
    )?;
    writeln!(out)
}

/// What the underline says: the rule's label, except that an omitted-host rule given an
/// explicit `None` underlines a value that means all interfaces.
fn underline_label(finding: &Finding) -> &'static str {
    if finding.rule == Rule::ImplicitAllInterfaces && finding.host_span.is_some() {
        "all interfaces"
    } else {
        finding.rule.info().label
    }
}

/// The fix for this finding: the rule's, naming the configuration whose default to change
/// where the finding has one (BND004).
fn fix_help(finding: &Finding) -> String {
    let configuration = finding
        .configuration
        .as_deref()
        .unwrap_or("the configuration");
    finding
        .rule
        .info()
        .fix
        .replace("{configuration}", configuration)
}

/// The `::: path:line:col` block quoting where the value is set: `span` in `lines`, its line
/// numbered `shown` in the gutter.
fn quote_origin(
    out: &mut dyn Write,
    paint: &Painter,
    width: usize,
    origin_location: &str,
    lines: &[&str],
    span: Span,
    shown: u32,
) -> io::Result<()> {
    let pad = " ".repeat(width);
    writeln!(out, "{pad} {}", paint.gutter("|"))?;
    writeln!(out, "{pad}{} {origin_location}", paint.gutter(":::"))?;
    writeln!(out, "{pad} {}", paint.gutter("|"))?;
    quote_line(out, paint, lines, span.start.line, shown, width)?;
    let marks = marks(lines, span, '-');
    writeln!(
        out,
        "{pad} {} {}{} {}",
        paint.gutter("|"),
        " ".repeat(marks.0),
        paint.secondary(&marks.1),
        paint.secondary("the value is set here")
    )
}

/// Quotes source line `line` (of the file's text), numbered `shown` in the gutter.
fn quote_line(
    out: &mut dyn Write,
    paint: &Painter,
    lines: &[&str],
    line: u32,
    shown: u32,
    width: usize,
) -> io::Result<()> {
    let text = source_line(lines, line);
    writeln!(
        out,
        "{} {} {}",
        paint.gutter(&format!("{shown:>width$}")),
        paint.gutter("|"),
        text
    )
}

/// A source line for display: without its line ending, tabs as single spaces so that columns
/// (counted in characters) line up with the underline.
fn source_line(lines: &[&str], line: u32) -> String {
    let index = usize::try_from(line.saturating_sub(1)).unwrap_or(usize::MAX);
    lines
        .get(index)
        .map(|text| text.trim_end_matches('\r').replace('\t', " "))
        .unwrap_or_default()
}

/// Offset and marks underlining `span` on its first line.
fn marks(lines: &[&str], span: Span, mark: char) -> (usize, String) {
    let start = span.start.column.saturating_sub(1) as usize;
    let line_length = source_line(lines, span.start.line).chars().count();
    let end = if span.end.line == span.start.line {
        span.end.column.saturating_sub(1) as usize
    } else {
        line_length
    };
    let length = end.saturating_sub(start).max(1);
    (start, mark.to_string().repeat(length))
}
