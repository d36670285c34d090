//! git-bindcheck: a git-native gate that stops Python code listening on all network interfaces
//! from being committed.
//!
//! Data flows one way: a source (git's index and commits, or files) yields
//! `(path, new content, base contents)`; the analysis turns each into findings; suppression
//! comments and new/existing attribution annotate them; a report renders them; the exit status
//! says whether anything blocks. `main` wires the stages together and owns the process edges:
//! arguments, exit codes, stderr messages, broken pipes.

mod address;
mod check;
mod cli;
mod config;
mod config_file;
mod diff;
mod files;
mod finding;
mod git;
mod install;
mod path_rules;
mod python;
mod report;
mod rules;
mod suppress;

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Parser;

use check::{CheckedFile, Comparison, Content, FileToCheck, ReportScope};
use cli::{Cli, Command, CommonOptions};
use config::Config;
use config_file::Search;
use install::InstallOutcome;
use report::{Report, Summary};
use rules::Rule;

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
    let command = cli.command.unwrap_or(Command::Staged {
        pathspecs: Vec::new(),
    });
    let current_directory = current_directory()?;
    match command {
        Command::Staged { pathspecs } => {
            let repository = git::GitRepository::open_from_environment()?;
            // The git modes read the configuration at the top of the work tree, and their
            // paths are relative to it.
            let work_tree = repository.work_tree().map(canonical);
            let root = work_tree.as_deref().unwrap_or(&current_directory);
            let search = work_tree
                .as_deref()
                .map_or(Search::Nowhere, Search::Directory);
            let config = resolve_config(&cli.options, search, root, &current_directory)?;
            run_staged(&config, &repository, &pathspecs)
        }
        Command::Scan {
            paths,
            stdin_filename,
        } => {
            let config = resolve_config(
                &cli.options,
                Search::Upwards(&current_directory),
                &current_directory,
                &current_directory,
            )?;
            run_scan(&config, paths, stdin_filename)
        }
        Command::Install { force } => run_install(force),
        Command::Rules => {
            let config = resolve_config(
                &cli.options,
                Search::Upwards(&current_directory),
                &current_directory,
                &current_directory,
            )?;
            report::rules::write_table(&mut io::stdout().lock(), &config.check.rules)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain { code } => {
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
    let changes = repository.staged_changes(pathspecs)?;
    if config.verbose {
        for skipped in &changes.skipped {
            eprintln!(
                "git-bindcheck: {}: {:?}, not checked",
                skipped.path, skipped.reason
            );
        }
    }
    let mut files = Vec::new();
    for changed in changes.files {
        let by_name = python::source_kind(&changed.path, b"");
        if by_name.is_none() && !may_have_shebang(&changed.path) {
            continue;
        }
        if let Some(pattern) = config.check.paths.excluded_by(&changed.path, false) {
            if config.verbose {
                eprintln!(
                    "git-bindcheck: {}: excluded by `{}`, not checked",
                    changed.path,
                    pattern.as_str()
                );
            }
            continue;
        }
        let new = repository.read_blob(changed.new_id)?;
        let Some(kind) = by_name.or_else(|| python::source_kind(&changed.path, head(&new))) else {
            continue;
        };
        let base = changed
            .old_id
            .map(|id| repository.read_blob(id))
            .transpose()?;
        // A notebook's added lines are lines of its JSON, not of its code cells: for it,
        // `--report changed` reports new findings only.
        let added = match (config.check.scope, &base) {
            _ if kind == python::SourceKind::Notebook => None,
            (ReportScope::Changed, Some(base)) => Some(git::added_lines(base, &new)?),
            (ReportScope::Changed, None) => Some(diff::AddedLines::all()),
            _ => None,
        };
        // During a merge a finding is new only if every parent lacks it (SPEC 4).
        let mut bases: Vec<Vec<u8>> = base.into_iter().collect();
        for id in &changed.merge_parent_ids {
            bases.push(repository.read_blob(*id)?);
        }
        files.push(FileToCheck {
            path: changed.path,
            kind,
            content: Content::Bytes(new),
            comparison: Comparison::Against { bases, added },
        });
    }
    let checked = check::check_files(files, &config.check, config.jobs);
    finish(config, &checked, Mode::Staged, started)
}

/// Checks whole files (audit mode).
fn run_scan(
    config: &Config,
    paths: Vec<std::path::PathBuf>,
    stdin_filename: Option<String>,
) -> Result<ExitCode> {
    let started = Instant::now();
    let paths = if paths.is_empty() {
        vec![std::path::PathBuf::from(".")]
    } else {
        paths
    };
    let mut files = Vec::new();
    let (stdin_paths, file_paths): (Vec<_>, Vec<_>) =
        paths.into_iter().partition(|path| path.as_os_str() == "-");
    if !stdin_paths.is_empty() {
        let mut bytes = Vec::new();
        io::stdin()
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
        let name = stdin_filename.unwrap_or_else(|| "-".to_owned());
        let kind = python::source_kind(&name, head(&bytes)).unwrap_or(python::SourceKind::Module);
        files.push(FileToCheck {
            path: name,
            kind,
            content: Content::Bytes(bytes),
            comparison: Comparison::None,
        });
    }
    let discovery = files::discover(&file_paths, &config.check.paths)?;
    for warning in &discovery.warnings {
        eprintln!("git-bindcheck: warning: {warning}");
    }
    if config.verbose {
        for (path, pattern) in &discovery.excluded {
            eprintln!("git-bindcheck: {path}: excluded by `{pattern}`, not checked");
        }
    }
    files.extend(discovery.files.into_iter().map(|found| FileToCheck {
        path: found.display,
        kind: found.kind,
        content: Content::Path(found.path),
        comparison: Comparison::None,
    }));
    let checked = check::check_files(files, &config.check, config.jobs);
    finish(config, &checked, Mode::Scan, started)
}

fn run_install(force: bool) -> Result<ExitCode> {
    let repository = git::GitRepository::open_from_environment()?;
    let message = match install::install_pre_commit_hook(&repository, force)? {
        InstallOutcome::Installed(path) => {
            format!("installed the pre-commit hook at {}", path.display())
        }
        InstallOutcome::Updated(path) => {
            format!("updated the pre-commit hook at {}", path.display())
        }
        InstallOutcome::Unchanged(path) => {
            format!(
                "the pre-commit hook at {} is already up to date",
                path.display()
            )
        }
        InstallOutcome::Replaced(path, kept) => format!(
            "installed the pre-commit hook at {} (the previous hook is kept at {})",
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
    Staged,
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
        (Mode::Scan, _) | (Mode::Staged, ReportScope::All) => "",
        (Mode::Staged, ReportScope::New) => "new ",
        (Mode::Staged, ReportScope::Changed) => "new or touched ",
    };
    let checked_kind = match mode {
        Mode::Staged => "changed Python",
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

/// Files without an extension may be scripts with a python shebang.
fn may_have_shebang(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    !name.contains('.')
}

/// The first bytes of a content, for shebang detection.
fn head(bytes: &[u8]) -> &[u8] {
    &bytes[..bytes.len().min(256)]
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
        };
        assert_eq!(
            summary_line(&summary, Mode::Staged, ReportScope::New),
            "2 new findings in 1 file (14 changed Python files checked, 0 suppressed)"
        );
        assert_eq!(
            summary_line(&Summary::default(), Mode::Scan, ReportScope::New),
            "0 findings in 0 files (0 Python files checked, 0 suppressed)"
        );
    }
}
