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
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Parser;

use git_bindcheck::check::{self, CheckedFile, Projects, ReportScope};
use git_bindcheck::cli::{Cli, Command, CommonOptions};
use git_bindcheck::config::Config;
use git_bindcheck::config_file::{self, Search};
use git_bindcheck::install::{self, InstallOutcome};
use git_bindcheck::project::{Project, WorkTreeSource};
use git_bindcheck::report::{self, Report, Summary};
use git_bindcheck::rules::{Rule, prefilter};
use git_bindcheck::{git, manual, sources};

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
        // A push that starts at the root commit (a new repository's first push) comes without a
        // range: pre-commit names only the branches. The whole pushed history is checked, never
        // the index, which has nothing to do with the push.
        None if std::env::var_os("PRE_COMMIT_LOCAL_BRANCH").is_some()
            && std::env::var_os("PRE_COMMIT_REMOTE_BRANCH").is_some() =>
        {
            let local = std::env::var("PRE_COMMIT_LOCAL_BRANCH")
                .context("PRE_COMMIT_LOCAL_BRANCH is not valid UTF-8")?;
            let remote = std::env::var("PRE_COMMIT_REMOTE_NAME").ok();
            let (repository, config) = git_config(options)?;
            run_pushed_branch(&config, &repository, &local, remote.as_deref())
        }
        None => {
            let (repository, config) = git_config(options)?;
            // pre-commit exports PRE_COMMIT=1 to the hooks it runs.
            let under_framework = std::env::var_os("PRE_COMMIT").is_some_and(|value| value == "1");
            run_staged(&config, &repository, &[], under_framework)
        }
        Some(Command::Staged { pathspecs }) => {
            let (repository, config) = git_config(options)?;
            run_staged(&config, &repository, &pathspecs, false)
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
        Some(Command::Man { install }) => {
            if install {
                let path = manual::install()?;
                eprintln!(
                    "git-bindcheck: wrote the manual page to {}; `git bindcheck --help` opens it when man searches the directories beside PATH (man-db does), else add {} to MANPATH",
                    path.display(),
                    path.parent()
                        .and_then(Path::parent)
                        .map_or_else(String::new, |directory| directory.display().to_string())
                );
            } else {
                io::stdout().lock().write_all(&manual::render()?)?;
            }
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

/// What `bindcheck` says when the pre-commit framework runs it with nothing staged
/// (`pre-commit run --all-files`, `--files`): it checks what a commit introduces, so it would
/// pass without having looked at the files the user asked about.
const NOTHING_STAGED_UNDER_FRAMEWORK: &str = "nothing is staged (no file is added or modified against HEAD), so the `bindcheck` hook has nothing to check: it checks what a commit introduces, and `pre-commit run --all-files` stages nothing. To check whole files, use the `bindcheck-scan` hook (`pre-commit run bindcheck-scan --all-files`), or skip this one with `SKIP=bindcheck`";

/// Checks the index against HEAD. `under_framework`: run by the pre-commit framework as the
/// default command, where an empty index means the user asked about files, not a commit.
fn run_staged(
    config: &Config,
    repository: &git::GitRepository,
    pathspecs: &[String],
    under_framework: bool,
) -> Result<ExitCode> {
    let started = Instant::now();
    let projects = if config.cross_file {
        Projects {
            new: Some(project_of(repository.index_snapshot())),
            bases: repository
                .staged_base_snapshots()
                .into_iter()
                .map(|snapshot| snapshot.map(project_of))
                .collect(),
        }
    } else {
        Projects::default()
    };
    // While the main thread compares the index with HEAD, another builds the pre-filter's
    // search and then loads the index's table of files, which the check waits for if it needs
    // them. The thread is not waited for: a check that needs no other module (on a tree of
    // 200,000 files, reading the table costs more than the check) ends without it.
    let new_project = projects.new.clone();
    let _ = std::thread::Builder::new().spawn(move || {
        prefilter::prepare();
        if let Some(project) = new_project {
            project.prepare();
        }
    });
    let (changes, comparison) = repository.staged_changes_explained(pathspecs)?;
    if config.verbose {
        eprintln!("git-bindcheck: {comparison}");
    }
    let nothing_staged =
        pathspecs.is_empty() && changes.files.is_empty() && changes.skipped.is_empty();
    if nothing_staged && under_framework {
        anyhow::bail!(NOTHING_STAGED_UNDER_FRAMEWORK);
    }
    if nothing_staged && !config.quiet {
        eprintln!(
            "git-bindcheck: nothing is staged (no file is added or modified against HEAD); `git bindcheck scan` checks whole files"
        );
    }
    check_changes(config, repository, changes, &projects, started)
}

/// Checks one change (a staged commit, a range) whose other modules `projects` reads, and
/// reports it.
fn check_changes(
    config: &Config,
    repository: &git::GitRepository,
    changes: git::Changes,
    projects: &Projects,
    started: Instant,
) -> Result<ExitCode> {
    let checked = check::check_changes(
        |emit| {
            let changed = sources::stream_changes(
                repository,
                changes,
                config,
                &mut HashSet::new(),
                projects,
                0,
                emit,
            )?;
            anyhow::Ok(changed.into_iter().collect())
        },
        &config.check,
        config.jobs,
    )?;
    finish(config, &checked, Mode::Changes, started)
}

/// A project reading its modules from a git snapshot.
fn project_of(snapshot: git::GitSnapshot) -> Arc<Project> {
    Arc::new(Project::new(Box::new(snapshot)))
}

/// The projects of a commit range: the new commit's, and the base commit's (if any).
fn range_projects(
    config: &Config,
    repository: &git::GitRepository,
    base: Option<git2::Oid>,
    head: git2::Oid,
) -> Projects {
    if !config.cross_file {
        return Projects::default();
    }
    Projects {
        new: repository.commit_snapshot(head).map(project_of),
        bases: vec![base.and_then(|base| repository.commit_snapshot(base).map(project_of))],
    }
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
    let projects = range_projects(config, repository, Some(merge_base), head);
    check_changes(config, repository, changes, &projects, started)
}

/// Git's pre-push hook: checks what every pushed ref brings that the remote does not have.
fn run_pre_push(
    config: &Config,
    repository: &git::GitRepository,
    remote: &str,
) -> Result<ExitCode> {
    let started = Instant::now();
    let pushed = sources::pushed_refs(&mut io::stdin().lock())?;
    let mut seen = HashSet::new();
    let checked = check::check_changes(
        |emit| {
            let mut changed = Vec::new();
            for (change, reference) in pushed.iter().enumerate() {
                let base = sources::push_base(repository, reference, remote)?;
                if config.verbose {
                    let from =
                        base.map_or_else(|| "the empty tree".to_owned(), |base| base.to_string());
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
                let projects = range_projects(config, repository, base, reference.local);
                changed.extend(sources::stream_changes(
                    repository, changes, config, &mut seen, &projects, change, emit,
                )?);
            }
            anyhow::Ok(changed)
        },
        &config.check,
        config.jobs,
    )?;
    finish(config, &checked, Mode::Changes, started)
}

/// The pre-commit framework's pre-push stage for a push that starts at the root commit: it
/// names the pushed branch (`PRE_COMMIT_LOCAL_BRANCH`) but no range, so the branch's whole
/// pushed history is checked: from where it leaves the remote's history (`--not
/// --remotes=<remote>`), which for a first push is the empty tree.
fn run_pushed_branch(
    config: &Config,
    repository: &git::GitRepository,
    local_branch: &str,
    remote: Option<&str>,
) -> Result<ExitCode> {
    let started = Instant::now();
    let local = repository.resolve_commit(local_branch).with_context(|| {
        format!("cannot check the push of `{local_branch}` (PRE_COMMIT_LOCAL_BRANCH, set by pre-commit's pre-push stage)")
    })?;
    let pushed = sources::PushedRef {
        local_ref: local_branch.to_owned(),
        local,
        remote: None,
    };
    let base = match remote {
        Some(remote) => sources::push_base(repository, &pushed, remote)?,
        None => None,
    };
    if config.verbose {
        let from = base.map_or_else(|| "the empty tree".to_owned(), |base| base.to_string());
        eprintln!(
            "git-bindcheck: pre-commit's pre-push stage gave no range (a push from the root commit): checking {local_branch} from {from} to {local}"
        );
    }
    let (changes, comparison) = repository.range_changes_explained(base, local, &[])?;
    if config.verbose {
        eprintln!("git-bindcheck: {comparison}");
    }
    let projects = range_projects(config, repository, base, local);
    check_changes(config, repository, changes, &projects, started)
}

/// Checks whole files (audit mode).
fn run_scan(
    config: &Config,
    paths: Vec<std::path::PathBuf>,
    stdin_filename: Option<String>,
) -> Result<ExitCode> {
    let started = Instant::now();
    // Imports are read from the file system, relative to the current directory (where
    // scan's paths are relative to).
    let project = config
        .cross_file
        .then(|| Arc::new(Project::new(Box::new(WorkTreeSource::new(PathBuf::new())))));
    let (checked, warnings) = check::check_streamed(
        |emit| {
            sources::from_paths(
                config,
                paths,
                stdin_filename,
                &mut io::stdin(),
                project,
                emit,
            )
        },
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
            "installed the {name} hook at {}; the previous hook no longer runs: it is kept at {} (call it from the new hook, or merge the two, if you still need it)",
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
        summary: summary.clone(),
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
    let undecodable = summary.skipped.get("undecodable").copied().unwrap_or(0);
    if undecodable > 0 {
        // Python would refuse such a file, but what it holds was not checked: a bind may hide
        // in it (a Shift_JIS trail byte read as a backslash), so the run does not vouch for it.
        eprintln!(
            "git-bindcheck: error: {} could not be decoded (named above) and may hide a finding",
            count(undecodable, "file", "files")
        );
    }
    let other_skipped = summary.skipped_could_hide.saturating_sub(undecodable);
    if other_skipped > 0 {
        // A file that was not checked and may hold a listener is not a pass either.
        eprintln!(
            "git-bindcheck: error: {} not checked and could hide a finding (named above)",
            count(other_skipped, "file was", "files were")
        );
    }
    if failed > 0 || summary.skipped_could_hide > 0 {
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
    // Skipped files are counted by reason, so that nothing passes unseen:
    // `2 skipped: 1 binary, 1 too-large;`.
    let skipped = if summary.skipped.is_empty() {
        String::new()
    } else {
        let reasons: Vec<String> = summary
            .skipped
            .iter()
            .map(|(reason, count)| format!("{count} {reason}"))
            .collect();
        format!(
            ", {} skipped: {};",
            summary.files_skipped(),
            reasons.join(", ")
        )
    };
    let separator = if skipped.is_empty() { "," } else { "" };
    // Files checked because they import a changed module are counted apart.
    let changed = summary
        .files_checked
        .saturating_sub(summary.dependents_checked);
    let dependents = match summary.dependents_checked {
        0 => String::new(),
        dependents => format!(
            " and {} importing a changed module",
            count(dependents, "file", "files")
        ),
    };
    format!(
        "{} {kind}{} in {} ({} {checked_kind} {}{dependents} checked{skipped}{separator} {} suppressed)",
        summary.blocking,
        plural(summary.blocking, "finding", "findings"),
        count(summary.files_with_blocking, "file", "files"),
        changed,
        plural(changed, "file", "files"),
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

    #[test]
    fn summary_line_counts_files_importing_a_changed_module_apart() {
        let summary = Summary {
            files_checked: 29,
            dependents_checked: 28,
            findings: 39,
            blocking: 39,
            files_with_blocking: 17,
            ..Summary::default()
        };
        assert_eq!(
            summary_line(&summary, Mode::Changes, ReportScope::New),
            "39 new findings in 17 files (1 changed Python file and 28 files importing a changed module checked, 0 suppressed)"
        );
    }

    #[test]
    fn summary_line_counts_skipped_files_by_reason() {
        let summary = Summary {
            files_checked: 1,
            skipped: [("binary", 1), ("too-large", 2)].into_iter().collect(),
            skipped_could_hide: 2,
            ..Summary::default()
        };
        assert_eq!(
            summary_line(&summary, Mode::Changes, ReportScope::New),
            "0 new findings in 0 files (1 changed Python file checked, 3 skipped: 1 binary, 2 too-large; 0 suppressed)"
        );
    }
}
