//! `--format github`: GitHub Actions workflow commands, one per blocking finding, which the
//! runner turns into annotations on the pull request's diff (SPEC 7).
//!
//! `::error file=PATH,line=L,col=C,endLine=EL,endColumn=EC,title=CODE name::message`, with
//! `::warning` for the audit rules. Values are escaped exactly as the Actions toolkit
//! (`@actions/core`) escapes them, so a message or path holding `%`, a line break, `:` or `,`
//! cannot end the command early or forge another one.

use std::io::{self, Write};

use super::{Renderer, Report, is_audit_rule, message_with_origin, message_with_status};
use crate::check::CheckedFile;
use crate::finding::Finding;

/// Renders one workflow command per blocking finding.
pub struct GithubRenderer;

impl Renderer for GithubRenderer {
    fn render(&self, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
        for (file, finding) in report
            .findings()
            .filter(|(_, finding)| finding.is_blocking())
        {
            writeln!(out, "{}", command(file, finding))?;
        }
        Ok(())
    }
}

/// The workflow command for one finding.
fn command(file: &CheckedFile, finding: &Finding) -> String {
    let command = if is_audit_rule(finding.rule) {
        "warning"
    } else {
        "error"
    };
    let (cell, line) = file.locate(finding.span.start.line);
    let (_, end_line) = file.locate(finding.span.end.line);
    let mut properties = vec![("file", finding.path.clone()), ("line", line.to_string())];
    // The runner rejects columns on an annotation that spans several lines.
    if end_line == line {
        properties.push(("col", finding.span.start.column.to_string()));
    }
    properties.push(("endLine", end_line.to_string()));
    if end_line == line {
        properties.push(("endColumn", finding.span.end.column.to_string()));
    }
    let mut title = format!("{} {}", finding.rule.code(), finding.rule.name());
    if let Some(cell) = cell {
        title.push_str(&format!(" (cell {cell})"));
    }
    properties.push(("title", title));
    let properties: Vec<String> = properties
        .iter()
        .map(|(name, value)| format!("{name}={}", escape_property(value)))
        .collect();
    let message = message_with_origin(file, finding, &message_with_status(finding));
    format!(
        "::{command} {}::{}",
        properties.join(","),
        escape_data(&message)
    )
}

/// Escapes a command's message as `@actions/core`'s `escapeData` does.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value as `@actions/core`'s `escapeProperty` does: as data, and `:` and `,`
/// too, which would otherwise end the value.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Position, Span, Status};
    use crate::report::test_support::{finding, notebook, report_of, source_file, suppressed};
    use crate::rules::Rule;

    fn render(files: &[CheckedFile]) -> String {
        let report = report_of(files);
        let mut out = Vec::new();
        GithubRenderer
            .render(&report, &mut out)
            .expect("render to memory");
        String::from_utf8(out).expect("UTF-8 output")
    }

    #[test]
    fn data_escaping_matches_the_actions_toolkit() {
        assert_eq!(escape_data("100% a\r\nb"), "100%25 a%0D%0Ab");
        assert_eq!(escape_data("a:b,c"), "a:b,c");
        // `%` first, so the escapes themselves are not escaped again.
        assert_eq!(escape_data("%0A"), "%250A");
    }

    #[test]
    fn property_escaping_adds_colon_and_comma() {
        assert_eq!(escape_property("a:b,c%d\ne"), "a%3Ab%2Cc%25d%0Ae");
        assert_eq!(escape_property("src/app.py"), "src/app.py");
    }

    #[test]
    fn one_error_per_blocking_finding_with_origin_note() {
        let mut bind = finding(Rule::BindAllInterfaces, "src/app.py", (6, 1), (6, 21));
        bind.origin = Some(Span {
            start: Position { line: 3, column: 8 },
            end: Position {
                line: 3,
                column: 17,
            },
        });
        let quiet = suppressed(
            finding(Rule::BindAllInterfaces, "src/app.py", (8, 1), (8, 19)),
            Some("reviewed"),
        );
        let output = render(&[source_file("src/app.py", vec![bind, quiet])]);
        assert_eq!(
            output,
            "::error file=src/app.py,line=6,col=1,endLine=6,endColumn=21,\
             title=BND001 bind-all-interfaces::socket.bind() listens on all network \
             interfaces; the value is set at line 3\n"
        );
    }

    #[test]
    fn audit_rules_warn_and_multi_line_spans_have_no_columns() {
        let mut listener = finding(Rule::HardcodedPort, "a,b:c.py", (2, 5), (4, 2));
        listener.message = "port 80%\nhard-coded".to_owned();
        listener.status = Some(Status::Existing);
        let output = render(&[source_file("a,b:c.py", vec![listener])]);
        assert_eq!(
            output,
            "::warning file=a%2Cb%3Ac.py,line=2,endLine=4,title=BND101 hardcoded-port::\
             port 80%25%0Ahard-coded (existing)\n"
        );
    }

    #[test]
    fn notebook_lines_are_cell_relative_and_the_title_names_the_cell() {
        let bind = finding(Rule::BindAllInterfaces, "nb.ipynb", (6, 1), (6, 9));
        let output = render(&[notebook("nb.ipynb", vec![(1, 1), (3, 5)], vec![bind])]);
        assert!(
            output.starts_with(
                "::error file=nb.ipynb,line=2,col=1,endLine=2,endColumn=9,\
                 title=BND001 bind-all-interfaces (cell 3)::"
            ),
            "{output}"
        );
    }
}
