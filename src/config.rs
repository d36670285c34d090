//! Resolving arguments, the configuration file and the environment into one [`Config`]:
//! colour, format, rules, suppression policy, report scope, path rules. Everything after this
//! reads `Config`, never raw arguments or file settings.
//!
//! Precedence, highest first: the command line, the configuration file, the defaults.
//! `--select` replaces the file's `select` and `extend-select`; `--ignore` adds to the file's
//! `ignore` (which applies whatever selects the rules); `--report`, `--require-reason`,
//! `--no-compat-suppressions` and `--no-respect-gitignore` override the file's `report`,
//! `require-reason`, `compat-suppressions` and `respect-gitignore`. `exclude`, `extend-exclude`
//! and `per-file-ignores` come from the file only.

use std::io::IsTerminal;
use std::path::Path;

use anyhow::Result;

use crate::check::{CheckSettings, DEFAULT_MAX_FILE_SIZE, ReportScope};
use crate::cli::{ColorArgument, CommonOptions, FormatArgument, ReportArgument};
use crate::config_file::{ConfigFile, FileSettings};
use crate::path_rules::PathRules;
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
    /// Whether values, wrappers and settings are followed into the repository's other
    /// modules.
    pub cross_file: bool,
}

impl Config {
    /// Resolves the options and the configuration file (if any) against the process
    /// environment. `paths_root` is the directory the checked paths are relative to: the top of
    /// the work tree in the git modes, the current directory in scan mode.
    pub fn resolve(
        options: &CommonOptions,
        file: Option<&ConfigFile>,
        paths_root: &Path,
    ) -> Result<Config> {
        Config::resolve_with(
            options,
            file,
            paths_root,
            &|name| std::env::var_os(name).is_some_and(|value| !value.is_empty()),
            &|name| std::env::var(name).ok(),
            std::io::stdout().is_terminal(),
        )
    }

    /// Resolves the options and the configuration file with an explicit environment (for
    /// tests).
    pub fn resolve_with(
        options: &CommonOptions,
        file: Option<&ConfigFile>,
        paths_root: &Path,
        is_set: &dyn Fn(&str) -> bool,
        variable: &dyn Fn(&str) -> Option<String>,
        stdout_is_terminal: bool,
    ) -> Result<Config> {
        let no_settings = FileSettings::default();
        let settings = file.map_or(&no_settings, |file| &file.settings);
        let ignore: Vec<String> = settings
            .ignore
            .iter()
            .chain(&options.ignore)
            .cloned()
            .collect();
        let rules = match &options.select {
            Some(select) => RuleSelection::resolve(Some(select), &[], &ignore)?,
            None => RuleSelection::resolve(
                settings.select.as_deref(),
                &settings.extend_select,
                &ignore,
            )?,
        };
        let paths = match file {
            Some(file) => PathRules::new(
                &file.directory,
                paths_root,
                settings.exclude.clone(),
                settings.extend_exclude.clone(),
                settings.per_file_ignores.clone(),
            ),
            None => PathRules::default(),
        };
        // Kept with the path rules: like the default directory exclusions, it decides what
        // scan's walk skips, and the walk reads nothing else.
        let paths = paths.respecting_gitignore(
            !options.no_respect_gitignore && settings.respect_gitignore.unwrap_or(true),
        );
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
            Some(ReportArgument::New) => ReportScope::New,
            Some(ReportArgument::Changed) => ReportScope::Changed,
            Some(ReportArgument::All) => ReportScope::All,
            None => settings.report.unwrap_or_default(),
        };
        let require_reason = options.require_reason || settings.require_reason.unwrap_or(false);
        let compat_suppressions =
            !options.no_compat_suppressions && settings.compat_suppressions.unwrap_or(true);
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
                    require_reason,
                    compat_suppressions,
                },
                scope,
                paths,
                max_file_size: options
                    .max_file_size
                    .or(settings.max_file_size)
                    .unwrap_or(DEFAULT_MAX_FILE_SIZE),
            },
            exit_zero: options.exit_zero,
            quiet: options.quiet,
            verbose: options.verbose,
            jobs,
            cross_file: !options.no_cross_file && settings.cross_file.unwrap_or(true),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Cli;
    use crate::rules::Rule;
    use clap::Parser;

    fn resolve(arguments: &[&str], set: &[&str], terminal: bool) -> Config {
        resolve_with_file(arguments, None, set, terminal)
    }

    fn resolve_with_file(
        arguments: &[&str],
        file: Option<&ConfigFile>,
        set: &[&str],
        terminal: bool,
    ) -> Config {
        let cli = Cli::try_parse_from(arguments).expect("valid arguments");
        let set: Vec<String> = set.iter().map(|name| name.to_string()).collect();
        Config::resolve_with(
            &cli.options,
            file,
            Path::new("/project"),
            &|name| set.iter().any(|set| set == name),
            &|_| None,
            terminal,
        )
        .expect("valid config")
    }

    fn file(settings: FileSettings) -> ConfigFile {
        ConfigFile {
            display: ".bindcheck.toml".into(),
            directory: "/project".into(),
            settings,
        }
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|item| item.to_string()).collect()
    }

    #[test]
    fn file_settings_apply_without_flags() {
        let file = file(FileSettings {
            select: Some(strings(&["BND001"])),
            extend_select: strings(&["BND101"]),
            report: Some(ReportScope::All),
            require_reason: Some(true),
            compat_suppressions: Some(false),
            ..FileSettings::default()
        });
        let config = resolve_with_file(&["git-bindcheck"], Some(&file), &[], false);
        assert!(config.check.rules.contains(Rule::BindAllInterfaces));
        assert!(config.check.rules.contains(Rule::HardcodedPort));
        assert!(!config.check.rules.contains(Rule::ImplicitAllInterfaces));
        assert_eq!(config.check.scope, ReportScope::All);
        assert!(config.check.suppression.require_reason);
        assert!(!config.check.suppression.compat_suppressions);
    }

    #[test]
    fn command_line_overrides_the_file() {
        let file = file(FileSettings {
            select: Some(strings(&["BND001"])),
            extend_select: strings(&["BND101"]),
            ignore: strings(&["BND002"]),
            report: Some(ReportScope::All),
            ..FileSettings::default()
        });
        let config = resolve_with_file(
            &[
                "git-bindcheck",
                "--select",
                "BND",
                "--ignore",
                "BND003",
                "--report",
                "new",
                "--no-compat-suppressions",
            ],
            Some(&file),
            &[],
            false,
        );
        // `--select` replaces `select` and `extend-select`; both ignores apply.
        assert!(config.check.rules.contains(Rule::BindAllInterfaces));
        assert!(config.check.rules.contains(Rule::AnyListener));
        assert!(!config.check.rules.contains(Rule::ServerAllInterfaces));
        assert!(!config.check.rules.contains(Rule::ImplicitAllInterfaces));
        assert_eq!(config.check.scope, ReportScope::New);
        assert!(!config.check.suppression.compat_suppressions);
    }

    #[test]
    fn without_a_file_or_flags_the_defaults_apply() {
        let config = resolve(&["git-bindcheck"], &[], false);
        assert_eq!(config.check.rules, RuleSelection::default());
        assert_eq!(config.check.scope, ReportScope::New);
        assert!(!config.check.suppression.require_reason);
        assert!(config.check.suppression.compat_suppressions);
    }

    #[test]
    fn respect_gitignore_is_on_unless_the_file_or_the_flag_turns_it_off() {
        assert!(
            resolve(&["git-bindcheck", "scan"], &[], false)
                .check
                .paths
                .respects_gitignore()
        );
        assert!(
            !resolve(
                &["git-bindcheck", "scan", "--no-respect-gitignore"],
                &[],
                false
            )
            .check
            .paths
            .respects_gitignore()
        );
        let off = file(FileSettings {
            respect_gitignore: Some(false),
            ..FileSettings::default()
        });
        let on = file(FileSettings {
            respect_gitignore: Some(true),
            ..FileSettings::default()
        });
        let respects = |arguments: &[&str], file: &ConfigFile| {
            resolve_with_file(arguments, Some(file), &[], false)
                .check
                .paths
                .respects_gitignore()
        };
        assert!(!respects(&["git-bindcheck", "scan"], &off));
        assert!(respects(&["git-bindcheck", "scan"], &on));
        assert!(!respects(
            &["git-bindcheck", "scan", "--no-respect-gitignore"],
            &on
        ));
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
