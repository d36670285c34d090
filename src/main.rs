//! git-bindcheck: a git-native gate that stops Python code listening on all network interfaces
//! from being committed.
//!
//! Data flows one way: a source (git's index and commits, or files) yields
//! `(path, new content, base contents)`; the analysis turns each into findings; suppression
//! comments and new/existing attribution annotate them; a report renders them; the exit status
//! says whether anything blocks. `main` wires the stages together and owns the process edges:
//! arguments, exit codes, stderr messages, broken pipes.

use std::collections::HashSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Parser;

use git_bindcheck::check::{self, CheckedFile, ReportScope};
use git_bindcheck::cli::{Cli, Command, CommonOptions};
use git_bindcheck::config::Config;
use git_bindcheck::config_file::{self, Search};
use git_bindcheck::install::{self, InstallOutcome};
use git_bindcheck::report::{self, Report, Summary};
use git_bindcheck::rules::Rule;
use git_bindcheck::{git, sources};

/// Exit status when unsuppressed findings block.
const EXIT_FINDINGS: u8 = 1;
/// Exit status when the tool could not do its job.
const EXIT_ERROR: u8 = 2;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() {
                ExitCode::from(EXIT_ERROR)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            if is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            eprintln!("git-bindcheck: error: {error:#}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let current_directory = current_directory()?;
    // The git modes read the configuration at the top of the work tree, and their paths are
    // relative to it; scan and rules search upwards from the current directory.
    let git_config = |options: &CommonOptions| -> Result<(git::GitRepository, Config)> {
        let repository = git::GitRepository::open_from_environment()?;
        let work_tree = repository.work_tree().map(canonical);
        let root = work_tree
            .as_deref()
            .unwrap_or(&current_directory)
            .to_path_buf();
        let search = work_tree
            .as_deref()
            .map_or(Search::Nowhere, Search::Directory);
        let config = resolve_config(options, search, &root, &current_directory)?;
        Ok((repository, config))
    };
    let options = &cli.options;
    match cli.command {
        // The pre-commit framework's pre-push stage names the range to check.
        None if std::env::var_os("PRE_COMMIT_FROM_REF").is_some()
            && std::env::var_os("PRE_COMMIT_TO_REF").is_some() =>
        {
            let from = std::env::var("PRE_COMMIT_FROM_REF").context("PRE_COMMIT_FROM_REF")?;
            let to = std::env::var("PRE_COMMIT_TO_REF").context("PRE_COMMIT_TO_REF")?;
            let (repository, config) = git_config(options)?;
            run_diff(&config, &repository, &from, Some(&to), &[])
        }
        None => {
            let (repository, config) = git_config(options)?;
            run_staged(&config, &repository, &[])
        }
        Some(Command::Staged { pathspecs }) => {
            let (repository, config) = git_config(options)?;
            run_staged(&config, &repository, &pathspecs)
        }
        Some(Command::Diff {
            base,
            head,
            pathspecs,
        }) => {
            let (repository, config) = git_config(options)?;
            run_diff(&config, &repository, &base, head.as_deref(), &pathspecs)
        }
        Some(Command::PrePush { remote, .. }) => {
            let (repository, config) = git_config(options)?;
            run_pre_push(&config, &repository, &remote)
        }
        Some(Command::Scan {
            paths,
            stdin_filename,
        }) => {
            let config = resolve_config(
                options,
                Search::Upwards(&current_directory),
                &current_directory,
                &current_directory,
            )?;
            run_scan(&config, paths, stdin_filename)
        }
        Some(Command::Install { pre_push, force }) => run_install(pre_push, force),
        Some(Command::Rules) => {
            let config = resolve_config(
                options,
                Search::Upwards(&current_directory),
                &current_directory,
                &current_directory,
            )?;
            report::rules::write_table(&mut io::stdout().lock(), &config.check.rules)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Explain { code }) => {
            let rule = Rule::from_code_or_name(&code).with_context(|| {
                format!("unknown rule `{code}`; `git bindcheck rules` lists them")
            })?;
            report::rules::write_explanation(&mut io::stdout().lock(), rule)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Finds the configuration file (`--config`, else by `search`) and resolves it with the options
/// into the run's configuration; the checked paths are relative to `paths_root`.
fn resolve_config(
    options: &CommonOptions,
    search: Search<'_>,
    paths_root: &Path,
    current_directory: &Path,
) -> Result<Config> {
    let file = config_file::locate(options.config.as_deref(), search, current_directory)?;
    let config = Config::resolve(options, file.as_ref(), paths_root)?;
    if config.verbose {
        match &file {
            Some(file) => eprintln!("git-bindcheck: configuration from {}", file.display),
            None => eprintln!("git-bindcheck: no configuration file; defaults apply"),
        }
    }
    Ok(config)
}

/// The current directory, with symbolic links resolved like the work tree's path.
fn current_directory() -> Result<PathBuf> {
    let directory = std::env::current_dir().context("cannot read the current directory")?;
    Ok(canonical(&directory))
}

/// `path` with symbolic links resolved, or as it is when that fails.
fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

/// Checks the index against HEAD.
fn run_staged(
    config: &Config,
    repository: &git::GitRepository,
    pathspecs: &[String],
) -> Result<ExitCode> {
    let started = Instant::now();
    let (changes, comparison) = repository.staged_changes_explained(pathspecs)?;
    if config.verbose {
        eprintln!("git-bindcheck: {comparison}");
    }
    let files = sources::from_changes(repository, changes, config, &mut HashSet::new())?;
    let checked = check::check_files(files, &config.check, config.jobs);
    finish(config, &checked, Mode::Changes, started)
}

/// Checks a pull request: from `merge-base(base, head)` to `head`.
fn run_diff(
    config: &Config,
    repository: &git::GitRepository,
    base: &str,
    head: Option<&str>,
    pathspecs: &[String],
) -> Result<ExitCode> {
    let started = Instant::now();
    let (base, head) = sources::split_range(base, head)?;
    let base = repository.resolve_commit(&base)?;
    let head = repository.resolve_commit(&head)?;
    let merge_base = repository.merge_base(base, head)?;
    let (changes, comparison) =
        repository.range_changes_explained(Some(merge_base), head, pathspecs)?;
    if config.verbose {
        eprintln!("git-bindcheck: {comparison}");
    }
    let files = sources::from_changes(repository, changes, config, &mut HashSet::new())?;
    let checked = check::check_files(files, &config.check, config.jobs);
    finish(config, &checked, Mode::Changes, started)
}

/// Git's pre-push hook: checks what every pushed ref brings that the remote does not have.
fn run_pre_push(
    config: &Config,
    repository: &git::GitRepository,
    remote: &str,
) -> Result<ExitCode> {
    let started = Instant::now();
    let pushed = sources::pushed_refs(&mut io::stdin().lock())?;
    let mut files = Vec::new();
    let mut seen = HashSet::new();
    for reference in &pushed {
        let base = sources::push_base(repository, reference, remote)?;
        if config.verbose {
            let from = base.map_or_else(|| "the empty tree".to_owned(), |base| base.to_string());
            eprintln!(
                "git-bindcheck: {}: checking {from}..{}",
                reference.local_ref, reference.local
            );
        }
        let (changes, comparison) =
            repository.range_changes_explained(base, reference.local, &[])?;
        if config.verbose {
            eprintln!("git-bindcheck: {}: {comparison}", reference.local_ref);
        }
        files.extend(sources::from_changes(
            repository, changes, config, &mut seen,
        )?);
    }
    let checked = check::check_files(files, &config.check, config.jobs);
    finish(config, &checked, Mode::Changes, started)
}

/// Checks whole files (audit mode).
fn run_scan(
    config: &Config,
    paths: Vec<std::path::PathBuf>,
    stdin_filename: Option<String>,
) -> Result<ExitCode> {
    let started = Instant::now();
    let (checked, warnings) = check::check_streamed(
        |emit| sources::from_paths(config, paths, stdin_filename, &mut io::stdin(), emit),
        &config.check,
        config.jobs,
    );
    for warning in &warnings? {
        eprintln!("git-bindcheck: warning: {warning}");
    }
    finish(config, &checked, Mode::Scan, started)
}

fn run_install(pre_push: bool, force: bool) -> Result<ExitCode> {
    let repository = git::GitRepository::open_from_environment()?;
    let hook = if pre_push {
        install::Hook::PrePush
    } else {
        install::Hook::PreCommit
    };
    let name = if pre_push { "pre-push" } else { "pre-commit" };
    let message = match install::install_hook(&repository, hook, force)? {
        InstallOutcome::Installed(path) => {
            format!("installed the {name} hook at {}", path.display())
        }
        InstallOutcome::Updated(path) => {
            format!("updated the {name} hook at {}", path.display())
        }
        InstallOutcome::Unchanged(path) => {
            format!(
                "the {name} hook at {} is already up to date",
                path.display()
            )
        }
        InstallOutcome::Replaced(path, kept) => format!(
            "installed the {name} hook at {} (the previous hook is kept at {})",
            path.display(),
            kept.display()
        ),
    };
    eprintln!("git-bindcheck: {message}");
    Ok(ExitCode::SUCCESS)
}

/// Which kind of run produced the results, for the summary's wording.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// What a change introduces: the index, a commit range, pushed refs.
    Changes,
    /// Whole files.
    Scan,
}

/// Prints warnings, the report and the summary, and decides the exit status.
fn finish(
    config: &Config,
    checked: &[CheckedFile],
    mode: Mode,
    started: Instant,
) -> Result<ExitCode> {
    for file in checked {
        for warning in &file.warnings {
            eprintln!("git-bindcheck: warning: {}: {warning}", file.path);
        }
        if config.verbose && file.checked {
            eprintln!("git-bindcheck: checked {}", file.path);
        }
    }
    let summary = Summary::of(checked);
    let report = Report {
        files: checked,
        summary,
        color: config.color,
    };
    let mut stdout = io::stdout().lock();
    // A reader that went away (`| head`) is not an error: stop writing quietly.
    if let Err(error) = report::render(config.format, &report, &mut stdout)
        && error.kind() != io::ErrorKind::BrokenPipe
    {
        return Err(error).context("cannot write the report");
    }
    if !config.quiet {
        eprintln!(
            "git-bindcheck: {}",
            summary_line(&summary, mode, config.check.scope)
        );
    }
    if config.verbose {
        eprintln!("git-bindcheck: done in {:.1?}", started.elapsed());
    }
    let failed = checked.iter().filter(|file| file.failed).count();
    if failed > 0 {
        // A file the tool could not check is not a pass, whatever the other files say.
        eprintln!(
            "git-bindcheck: error: {failed} {} could not be checked (internal error, named above)",
            if failed == 1 { "file" } else { "files" }
        );
    }
    if summary.files_undecodable > 0 {
        // Python would refuse such a file, but what it holds was not checked: a bind may hide
        // in it (a Shift_JIS trail byte read as a backslash), so the run does not vouch for it.
        eprintln!(
            "git-bindcheck: error: {} {} could not be decoded (named above) and may hide a finding",
            summary.files_undecodable,
            plural(summary.files_undecodable, "file", "files")
        );
    }
    if failed > 0 || summary.files_undecodable > 0 {
        let _ = io::stderr().flush();
        return Ok(ExitCode::from(EXIT_ERROR));
    }
    let _ = io::stderr().flush();
    if summary.blocking > 0 && !config.exit_zero {
        Ok(ExitCode::from(EXIT_FINDINGS))
    } else {
        Ok(ExitCode::SUCCESS)
    }
}

/// `2 new findings in 1 file (14 changed Python files checked, 0 suppressed)`.
fn summary_line(summary: &Summary, mode: Mode, scope: ReportScope) -> String {
    let kind = match (mode, scope) {
        (Mode::Scan, _) | (Mode::Changes, ReportScope::All) => "",
        (Mode::Changes, ReportScope::New) => "new ",
        (Mode::Changes, ReportScope::Changed) => "new or touched ",
    };
    let checked_kind = match mode {
        Mode::Changes => "changed Python",
        Mode::Scan => "Python",
    };
    format!(
        "{} {kind}{} in {} ({} {checked_kind} {} checked, {} suppressed)",
        summary.blocking,
        plural(summary.blocking, "finding", "findings"),
        count(summary.files_with_blocking, "file", "files"),
        summary.files_checked,
        plural(summary.files_checked, "file", "files"),
        summary.suppressed
    )
}

fn plural<'a>(count: usize, one: &'a str, many: &'a str) -> &'a str {
    if count == 1 { one } else { many }
}

fn count(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", plural(count, one, many))
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|error| error.kind() == io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_line_reads_naturally() {
        let summary = Summary {
            files_checked: 14,
            findings: 2,
            suppressed: 0,
            blocking: 2,
            files_with_blocking: 1,
            ..Summary::default()
        };
        assert_eq!(
            summary_line(&summary, Mode::Changes, ReportScope::New),
            "2 new findings in 1 file (14 changed Python files checked, 0 suppressed)"
        );
        assert_eq!(
            summary_line(&Summary::default(), Mode::Scan, ReportScope::New),
            "0 findings in 0 files (0 Python files checked, 0 suppressed)"
        );
    }
}
