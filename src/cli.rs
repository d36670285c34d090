//! Command-line arguments, as clap parses them: raw values only, no decisions (those are in
//! `config`).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Stops Python code that listens on all network interfaces from being committed.
///
/// Without a command, checks what `git commit` will record (the index against HEAD) and fails
/// when the change introduces a listener bound to 0.0.0.0, "", "::" or a library default that
/// means the same.
#[derive(Debug, Parser)]
#[command(
    name = "git-bindcheck",
    version,
    after_help = "Exit status: 0 nothing blocking, 1 unsuppressed findings, 2 the check could not run.\n\
                  Suppress a finding with `# bindcheck: ignore[BND001] -- <why>` on its statement.\n\
                  `git bindcheck explain BND001` documents a rule."
)]
pub struct Cli {
    /// What to check; `staged` when omitted.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Options shared by every command.
    #[command(flatten)]
    pub options: CommonOptions,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the index against HEAD: what `git commit` will record (the default).
    Staged {
        /// Only consider these paths (git pathspecs, relative to the current directory).
        #[arg(value_name = "PATHSPEC")]
        pathspecs: Vec<String>,
    },
    /// Check a pull request: the changes from `merge-base(BASE, HEAD)` to HEAD, like
    /// `git diff BASE...HEAD` (`A..B` and `A...B` are accepted too).
    Diff {
        /// The branch the changes are proposed against (`origin/main`), or a range `A...B`.
        #[arg(value_name = "BASE")]
        base: String,
        /// The proposed commit (default: HEAD).
        #[arg(value_name = "HEAD")]
        head: Option<String>,
        /// Only consider these paths (git pathspecs), after `--`.
        #[arg(last = true, value_name = "PATHSPEC")]
        pathspecs: Vec<String>,
    },
    /// Git's pre-push hook: check every ref being pushed (read from standard input).
    PrePush {
        /// The remote's name, as git passes it.
        #[arg(value_name = "REMOTE")]
        remote: String,
        /// The remote's URL, as git passes it (unused).
        #[arg(value_name = "URL")]
        url: Option<String>,
    },
    /// Check whole files or directories (audit mode); works outside a repository.
    Scan {
        /// Files or directories to check; `-` reads standard input. Defaults to `.`.
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// The file name to report for standard input.
        #[arg(long, value_name = "PATH")]
        stdin_filename: Option<String>,
    },
    /// Install a pre-commit hook that runs `git-bindcheck staged` (or a pre-push hook).
    Install {
        /// Install the pre-push hook (`git-bindcheck pre-push`) instead.
        #[arg(long)]
        pre_push: bool,
        /// Replace a hook that git-bindcheck did not write (it is kept as `<hook>.orig`).
        #[arg(long)]
        force: bool,
    },
    /// List the rules.
    Rules,
    /// Print the manual page (roff) that `git bindcheck --help` opens, or install it.
    ///
    /// Git turns `git bindcheck --help` into `man git-bindcheck`. `--install` writes
    /// `git-bindcheck.1` into `share/man/man1` beside the directory holding this program
    /// (`~/.cargo/share/man/man1` after `cargo install`), where man finds the pages of programs
    /// on PATH.
    Man {
        /// Write the page beside the program instead of printing it.
        #[arg(long)]
        install: bool,
    },
    /// Print one rule's documentation.
    Explain {
        /// A rule code (`BND001`) or name (`bind-all-interfaces`).
        #[arg(value_name = "CODE")]
        code: String,
    },
}

/// Output formats, as spelled on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArgument {
    /// Diagnostics with source lines and help.
    Human,
    /// One line per finding.
    Concise,
    /// JSON document.
    Json,
    /// SARIF 2.1.0 log, for GitHub code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// GitLab Code Quality report.
    Gitlab,
}

/// Colour choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorArgument {
    /// When stdout is a terminal, `NO_COLOR` is unset and `TERM` is not `dumb`.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Which findings the diff modes report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportArgument {
    /// Findings the change introduces, in the changed files and in the files that import
    /// what it changed.
    New,
    /// New findings, and existing ones on lines the change touches (or whose value comes from
    /// one).
    Changed,
    /// Every finding in the changed files; in the files that import what it changed, the new
    /// ones and those whose value comes from a line it touched.
    All,
}

/// Options shared by every command.
#[derive(Debug, Args)]
pub struct CommonOptions {
    /// Output format.
    #[arg(long, value_enum, global = true, default_value = "human")]
    pub format: FormatArgument,
    /// When to colour the output.
    #[arg(long, value_enum, global = true, default_value = "auto")]
    pub color: ColorArgument,
    /// Which findings to report in the diff modes [default: new, or the configuration's].
    #[arg(long, value_enum, global = true)]
    pub report: Option<ReportArgument>,
    /// Read the configuration from this file instead of searching for one (a pyproject.toml's
    /// [tool.bindcheck] table, or top-level keys in any other file).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Rules to run (comma list of codes, prefixes, names or ALL), replacing the default set.
    #[arg(long, value_delimiter = ',', global = true, value_name = "CODES")]
    pub select: Option<Vec<String>>,
    /// Rules not to run (comma list), added to the configuration's `ignore`.
    #[arg(long, value_delimiter = ',', global = true, value_name = "CODES")]
    pub ignore: Vec<String>,
    /// A suppression comment counts only with a justification after `--`.
    #[arg(long, global = true)]
    pub require_reason: bool,
    /// Do not honour `# nosec` and `# noqa` comments.
    #[arg(long, global = true)]
    pub no_compat_suppressions: bool,
    /// Let `scan` walk into what .gitignore, .git/info/exclude and the global excludes file
    /// ignore.
    #[arg(long, global = true)]
    pub no_respect_gitignore: bool,
    /// Follow values, wrappers and settings only within each checked file, never into the
    /// repository's other modules (and do not check the files that import a changed module).
    #[arg(long, global = true)]
    pub no_cross_file: bool,
    /// Exit 0 even when findings block.
    #[arg(long, global = true)]
    pub exit_zero: bool,
    /// Print findings only: no summary line.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Print each file checked, and timings.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// Skip files larger than this (bytes, or `10MiB`, `512K`; default 10MiB), with a warning.
    #[arg(long, global = true, value_name = "SIZE", value_parser = crate::config_file::parse_size)]
    pub max_file_size: Option<u64>,
    /// Analysis threads (default: the number of cores).
    #[arg(long, global = true, value_name = "N")]
    pub jobs: Option<usize>,
}
