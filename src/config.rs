//! Resolving arguments and the environment into one [`Config`]: colour, format, rules,
//! suppression policy, report scope. Everything after this reads `Config`, never raw arguments.

use std::io::IsTerminal;

use anyhow::Result;

use crate::check::{CheckSettings, ReportScope};
use crate::cli::{ColorArgument, CommonOptions, FormatArgument, ReportArgument};
use crate::report::Format;
use crate::rules::RuleSelection;
use crate::suppress::SuppressionPolicy;

/// The resolved configuration of a run.
#[derive(Clone, Debug)]
pub struct Config {
    /// Output format.
    pub format: Format,
    /// Whether to colour the output.
    pub color: bool,
    /// What is reported and what suppresses.
    pub check: CheckSettings,
    /// Exit 0 even with blocking findings.
    pub exit_zero: bool,
    /// No summary line.
    pub quiet: bool,
    /// Per-file progress and timings on stderr.
    pub verbose: bool,
    /// Analysis threads.
    pub jobs: usize,
}

impl Config {
    /// Resolves the options against the process environment.
    pub fn resolve(options: &CommonOptions) -> Result<Config> {
        Config::resolve_with(
            options,
            &|name| std::env::var_os(name).is_some_and(|value| !value.is_empty()),
            &|name| std::env::var(name).ok(),
            std::io::stdout().is_terminal(),
        )
    }

    /// Resolves the options with an explicit environment (for tests).
    pub fn resolve_with(
        options: &CommonOptions,
        is_set: &dyn Fn(&str) -> bool,
        variable: &dyn Fn(&str) -> Option<String>,
        stdout_is_terminal: bool,
    ) -> Result<Config> {
        let rules = RuleSelection::resolve(options.select.as_deref(), &options.ignore)?;
        let color = match options.color {
            ColorArgument::Always => true,
            ColorArgument::Never => false,
            ColorArgument::Auto => {
                if is_set("NO_COLOR") {
                    false
                } else if is_set("FORCE_COLOR") || is_set("CLICOLOR_FORCE") {
                    true
                } else {
                    stdout_is_terminal && variable("TERM").as_deref() != Some("dumb")
                }
            }
        };
        let format = match options.format {
            FormatArgument::Human => Format::Human,
            FormatArgument::Concise => Format::Concise,
            FormatArgument::Json => Format::Json,
            FormatArgument::Sarif => Format::Sarif,
            FormatArgument::Github => Format::Github,
            FormatArgument::Gitlab => Format::Gitlab,
        };
        let scope = match options.report {
            ReportArgument::New => ReportScope::New,
            ReportArgument::Changed => ReportScope::Changed,
            ReportArgument::All => ReportScope::All,
        };
        let jobs = options
            .jobs
            .filter(|jobs| *jobs > 0)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
        Ok(Config {
            format,
            color,
            check: CheckSettings {
                rules,
                suppression: SuppressionPolicy {
                    require_reason: options.require_reason,
                    compat_suppressions: !options.no_compat_suppressions,
                },
                scope,
            },
            exit_zero: options.exit_zero,
            quiet: options.quiet,
            verbose: options.verbose,
            jobs,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Cli;
    use clap::Parser;

    fn resolve(arguments: &[&str], set: &[&str], terminal: bool) -> Config {
        let cli = Cli::try_parse_from(arguments).expect("valid arguments");
        let set: Vec<String> = set.iter().map(|name| name.to_string()).collect();
        Config::resolve_with(
            &cli.options,
            &|name| set.iter().any(|set| set == name),
            &|_| None,
            terminal,
        )
        .expect("valid config")
    }

    #[test]
    fn auto_colour_follows_the_terminal_and_no_color() {
        assert!(resolve(&["git-bindcheck"], &[], true).color);
        assert!(!resolve(&["git-bindcheck"], &[], false).color);
        assert!(!resolve(&["git-bindcheck"], &["NO_COLOR"], true).color);
        assert!(resolve(&["git-bindcheck"], &["FORCE_COLOR"], false).color);
        assert!(
            resolve(
                &["git-bindcheck", "--color", "always"],
                &["NO_COLOR"],
                false
            )
            .color
        );
    }

    #[test]
    fn options_after_the_command_are_accepted() {
        let config = resolve(
            &["git-bindcheck", "staged", "--format", "json", "--exit-zero"],
            &[],
            false,
        );
        assert_eq!(config.format, Format::Json);
        assert!(config.exit_zero);
    }
}
