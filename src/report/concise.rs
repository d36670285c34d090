//! `--format concise`: one line per blocking finding, `path:line:col: CODE message`.

use std::io::{self, Write};

use owo_colors::OwoColorize;

use super::{Renderer, Report, location, message_with_cause, message_with_status};

/// Renders one line per finding.
pub struct ConciseRenderer;

impl Renderer for ConciseRenderer {
    fn render(&self, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
        for (file, finding) in report
            .findings()
            .filter(|(_, finding)| finding.is_blocking())
        {
            let code = finding.rule.code();
            if report.color {
                writeln!(
                    out,
                    "{}: {} {}",
                    location(file, &finding.path, finding.span.start).bold(),
                    code.red().bold(),
                    message_with_cause(finding, &message_with_status(finding))
                )?;
            } else {
                writeln!(
                    out,
                    "{}: {code} {}",
                    location(file, &finding.path, finding.span.start),
                    message_with_cause(finding, &message_with_status(finding))
                )?;
            }
        }
        Ok(())
    }
}
