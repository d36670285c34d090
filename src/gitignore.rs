//! Which entries of `scan`'s directory walk git ignores, so that the walk can skip them as ruff
//! does (`respect-gitignore`): the `.gitignore` files of a work tree (those of the directories
//! above where the walk starts included), the repository's `info/exclude` (in the common git
//! directory, for a linked worktree) and the global excludes file (`core.excludesFile`, by
//! default `$XDG_CONFIG_HOME/git/ignore` or `~/.config/git/ignore`).
//!
//! Git's precedence holds: a `.gitignore` in a deeper directory overrides the ones above it,
//! all of them override `info/exclude`, which overrides the global file; within one file the
//! last matching pattern wins, so `!pattern` re-includes. The walk prunes an ignored directory,
//! so nothing below it can be re-included, as in git. A directory that holds `.git` below (or
//! outside) a work tree starts a repository of its own, whose rules replace the outer ones.
//!
//! Like ruff, the patterns decide even for files git tracks: scan reads the file system, not
//! the index, and a tracked file under an ignored directory is skipped too.
//!
//! The rules are gathered as the walk goes down: a directory's `.gitignore` is read only when
//! the listing the walk reads anyway holds one, and the rules of the directories above are
//! borrowed from the walk's stack, so no file is read twice and a directory without a
//! `.gitignore` costs no system call.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use git2::{ErrorCode, Repository, RepositoryOpenFlags};
use ignore::Match;
use ignore::gitignore::{Gitignore, GitignoreBuilder, Glob};

/// What the process environment tells about git: where repository discovery stops, where the
/// global excludes file is by default, and which directory paths are shown relative to.
#[derive(Clone, Debug, Default)]
pub struct Environment {
    /// `GIT_CEILING_DIRECTORIES`: discovery does not look above these directories.
    pub ceiling_directories: Vec<PathBuf>,
    /// `$XDG_CONFIG_HOME`, else `$HOME/.config`: its `git/ignore` is the global excludes file
    /// unless `core.excludesFile` names another.
    pub config_home: Option<PathBuf>,
    /// The current directory (symbolic links resolved): ignore files inside it are named
    /// relative to it in messages.
    pub current_directory: Option<PathBuf>,
}

impl Environment {
    /// The environment of this process.
    pub fn from_process() -> Environment {
        let non_empty = |name: &str| std::env::var_os(name).filter(|value| !value.is_empty());
        let config_home = non_empty("XDG_CONFIG_HOME")
            .map(PathBuf::from)
            .or_else(|| non_empty("HOME").map(|home| Path::new(&home).join(".config")));
        Environment {
            ceiling_directories: non_empty("GIT_CEILING_DIRECTORIES")
                .map(|value| {
                    std::env::split_paths(&value)
                        .filter(|path| !path.as_os_str().is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            config_home,
            current_directory: std::env::current_dir()
                .ok()
                .and_then(|directory| directory.canonicalize().ok()),
        }
    }

    /// `path` relative to the current directory when it lies inside it, else as it is.
    fn shown(&self, path: &Path) -> PathBuf {
        self.current_directory
            .as_deref()
            .and_then(|current| path.strip_prefix(current).ok())
            .filter(|relative| !relative.as_os_str().is_empty())
            .map_or_else(|| path.to_path_buf(), Path::to_path_buf)
    }
}

/// The rules of one repository that hold everywhere below where a walk enters its work tree:
/// the `.gitignore` files of the directories above that point, `info/exclude` and the global
/// excludes file.
#[derive(Debug)]
pub struct RepositoryIgnores {
    /// Where the walk enters the work tree (absolute, symbolic links resolved).
    start: PathBuf,
    /// The `.gitignore` files of the work tree's directories above `start`, deepest first.
    above: Vec<Gitignore>,
    /// `info/exclude` of the common git directory.
    info_exclude: Option<Gitignore>,
    /// The global excludes file.
    excludes_file: Option<Gitignore>,
    /// `core.ignoreCase`: patterns match regardless of case, as git matches them.
    case_insensitive: bool,
}

impl RepositoryIgnores {
    /// The rules for a walk starting at `directory` (absolute, symbolic links resolved), or
    /// `None` when it lies in no work tree. A repository that cannot be opened is a warning,
    /// not an error: the scan goes on without its rules.
    pub fn discover(
        directory: &Path,
        environment: &Environment,
        warnings: &mut Vec<String>,
    ) -> Option<RepositoryIgnores> {
        let (repository, work_tree) = open_work_tree(
            directory,
            RepositoryOpenFlags::empty(),
            environment,
            warnings,
        )?;
        let relative = directory.strip_prefix(&work_tree).ok()?;
        let case_insensitive = ignore_case(&repository);
        let mut above = Vec::new();
        let mut ancestor = work_tree.clone();
        for component in relative.components() {
            above.extend(read_ignore_file(
                &ancestor,
                &ancestor.join(".gitignore"),
                environment,
                case_insensitive,
                warnings,
            ));
            ancestor.push(component);
        }
        above.reverse();
        Some(RepositoryIgnores::with_repository_files(
            &repository,
            directory.to_path_buf(),
            work_tree,
            above,
            case_insensitive,
            environment,
            warnings,
        ))
    }

    /// The rules of the repository whose work tree's top is `directory` (a directory of the
    /// walk whose listing holds `.git`), or `None` when it is no such repository.
    pub fn open_nested(
        directory: &Path,
        environment: &Environment,
        warnings: &mut Vec<String>,
    ) -> Option<RepositoryIgnores> {
        let (repository, work_tree) = open_work_tree(
            directory,
            RepositoryOpenFlags::NO_SEARCH,
            environment,
            warnings,
        )?;
        if work_tree != canonical(directory) {
            return None;
        }
        let case_insensitive = ignore_case(&repository);
        Some(RepositoryIgnores::with_repository_files(
            &repository,
            work_tree.clone(),
            work_tree,
            Vec::new(),
            case_insensitive,
            environment,
            warnings,
        ))
    }

    /// Completes the rules with `info/exclude` and the global excludes file.
    fn with_repository_files(
        repository: &Repository,
        start: PathBuf,
        work_tree: PathBuf,
        above: Vec<Gitignore>,
        case_insensitive: bool,
        environment: &Environment,
        warnings: &mut Vec<String>,
    ) -> RepositoryIgnores {
        let info_exclude = read_ignore_file(
            &work_tree,
            &repository.commondir().join("info").join("exclude"),
            environment,
            case_insensitive,
            warnings,
        );
        let excludes_file = excludes_file_path(repository, &work_tree, environment, warnings)
            .and_then(|path| {
                read_ignore_file(&work_tree, &path, environment, case_insensitive, warnings)
            });
        RepositoryIgnores {
            start,
            above,
            info_exclude,
            excludes_file,
            case_insensitive,
        }
    }

    /// True when any of these files has a pattern.
    fn has_patterns(&self) -> bool {
        !self.above.is_empty() || self.info_exclude.is_some() || self.excludes_file.is_some()
    }
}

/// The rules in force in one directory of the walk: its own `.gitignore`, then its parent's
/// rules up to the top of the work tree (or to where the walk entered it), then the
/// repository's.
#[derive(Debug)]
pub struct DirectoryIgnores<'a> {
    /// The directory (absolute, symbolic links resolved).
    directory: PathBuf,
    /// Its `.gitignore`, when it has one with patterns.
    gitignore: Option<Gitignore>,
    /// The rules of the directory above, within the same repository and walk.
    parent: Option<&'a DirectoryIgnores<'a>>,
    /// The repository's rules.
    repository: &'a RepositoryIgnores,
    /// False when no file in force has a pattern: nothing needs matching.
    has_patterns: bool,
}

impl<'a> DirectoryIgnores<'a> {
    /// The rules of the directory where the walk enters `repository`'s work tree; `shown` is
    /// the directory as the walk names it (for messages), `has_gitignore` whether its listing
    /// holds a `.gitignore` file.
    pub fn entry(
        repository: &'a RepositoryIgnores,
        shown: &Path,
        has_gitignore: bool,
        warnings: &mut Vec<String>,
    ) -> DirectoryIgnores<'a> {
        let directory = repository.start.clone();
        let gitignore = has_gitignore
            .then(|| own_gitignore(&directory, shown, repository.case_insensitive, warnings))
            .flatten();
        DirectoryIgnores {
            has_patterns: gitignore.is_some() || repository.has_patterns(),
            directory,
            gitignore,
            parent: None,
            repository,
        }
    }

    /// The rules of `shown`, a subdirectory of the walk below `parent`'s directory (named as
    /// the walk names it), whose listing holds a `.gitignore` file when `has_gitignore`.
    pub fn child(
        parent: &'a DirectoryIgnores<'a>,
        shown: &Path,
        has_gitignore: bool,
        warnings: &mut Vec<String>,
    ) -> DirectoryIgnores<'a> {
        let directory = parent.directory.join(shown.file_name().unwrap_or_default());
        let gitignore = has_gitignore
            .then(|| {
                own_gitignore(
                    &directory,
                    shown,
                    parent.repository.case_insensitive,
                    warnings,
                )
            })
            .flatten();
        DirectoryIgnores {
            has_patterns: gitignore.is_some() || parent.has_patterns,
            directory,
            gitignore,
            parent: Some(parent),
            repository: parent.repository,
        }
    }

    /// The pattern that makes git ignore the entry `name` of this directory (a directory when
    /// `is_directory`), or `None` when git does not ignore it (no pattern matches, or the
    /// deciding one is a `!` negation).
    pub fn ignored_by(&self, name: &OsStr, is_directory: bool) -> Option<&Glob> {
        if !self.has_patterns {
            return None;
        }
        // Every matcher's root is an ancestor of this absolute path, so each strips its own
        // root and matches the rest.
        let path = self.directory.join(name);
        let mut rules = Some(self);
        let mut in_force = std::iter::from_fn(|| {
            let current = rules?;
            rules = current.parent;
            Some(current.gitignore.as_ref())
        })
        .flatten()
        .chain(&self.repository.above)
        .chain(&self.repository.info_exclude)
        .chain(&self.repository.excludes_file);
        in_force
            .find_map(|gitignore| match gitignore.matched(&path, is_directory) {
                Match::None => None,
                Match::Ignore(glob) => Some(Some(glob)),
                Match::Whitelist(_) => Some(None),
            })
            .flatten()
    }
}

/// The repository at or above `directory` (with `flags` besides `FROM_ENV`) and its work
/// tree's top (symbolic links resolved), or `None` when there is none, it is bare, or it cannot
/// be opened (with a warning). `FROM_ENV` makes the configuration honour `GIT_CONFIG_GLOBAL` and
/// `GIT_CONFIG_NOSYSTEM` (and the work tree `GIT_WORK_TREE`) as git does; with a start path
/// given it leaves `GIT_DIR` alone, so the repository is the one the directory is in.
fn open_work_tree(
    directory: &Path,
    flags: RepositoryOpenFlags,
    environment: &Environment,
    warnings: &mut Vec<String>,
) -> Option<(Repository, PathBuf)> {
    let opened = Repository::open_ext(
        directory,
        RepositoryOpenFlags::FROM_ENV | flags,
        &environment.ceiling_directories,
    );
    let repository = opened_or_warn(opened, directory, environment, warnings)?;
    let work_tree = canonical(repository.workdir()?);
    Some((repository, work_tree))
}

/// The repository `opened`, or `None` when there is none (silently) or it cannot be opened
/// (with a warning).
fn opened_or_warn(
    opened: Result<Repository, git2::Error>,
    directory: &Path,
    environment: &Environment,
    warnings: &mut Vec<String>,
) -> Option<Repository> {
    match opened {
        Ok(repository) => Some(repository),
        Err(error) if error.code() == ErrorCode::NotFound => None,
        Err(error) => {
            warnings.push(format!(
                "{}: cannot open its git repository ({}); its .gitignore files are not honoured",
                environment.shown(directory).display(),
                error.message()
            ));
            None
        }
    }
}

/// `core.ignoreCase`, false when unset or unreadable (git's default on case-sensitive file
/// systems).
fn ignore_case(repository: &Repository) -> bool {
    repository
        .config()
        .and_then(|config| config.get_bool("core.ignoreCase"))
        .unwrap_or(false)
}

/// The global excludes file: `core.excludesFile` (`~/` expanded; a relative path is relative
/// to the work tree, where git runs), else `git/ignore` in the configuration home.
fn excludes_file_path(
    repository: &Repository,
    work_tree: &Path,
    environment: &Environment,
    warnings: &mut Vec<String>,
) -> Option<PathBuf> {
    let configured = repository
        .config()
        .and_then(|config| config.get_path("core.excludesFile"));
    match configured {
        Ok(path) if path.as_os_str().is_empty() => None,
        Ok(path) => Some(work_tree.join(path)),
        Err(error) if error.code() == ErrorCode::NotFound => environment
            .config_home
            .as_ref()
            .map(|home| home.join("git").join("ignore")),
        Err(error) => {
            warnings.push(format!(
                "cannot read core.excludesFile ({}); the global excludes file is not honoured",
                error.message()
            ));
            None
        }
    }
}

/// A directory's own `.gitignore`, named in messages as `shown/.gitignore`.
fn own_gitignore(
    directory: &Path,
    shown: &Path,
    case_insensitive: bool,
    warnings: &mut Vec<String>,
) -> Option<Gitignore> {
    let file = directory.join(".gitignore");
    let text = read_or_warn(&file, &shown.join(".gitignore"), warnings)?;
    compile(
        directory,
        &text,
        shown.join(".gitignore"),
        case_insensitive,
        warnings,
    )
}

/// The patterns of the ignore file `file`, matched relative to `root`; `None` when the file
/// does not exist or has no pattern.
fn read_ignore_file(
    root: &Path,
    file: &Path,
    environment: &Environment,
    case_insensitive: bool,
    warnings: &mut Vec<String>,
) -> Option<Gitignore> {
    let shown = environment.shown(file);
    let text = read_or_warn(file, &shown, warnings)?;
    compile(root, &text, shown, case_insensitive, warnings)
}

/// The text of an ignore file; `None` when it does not exist (silently: most directories have
/// none) or cannot be read (with a warning).
fn read_or_warn(file: &Path, shown: &Path, warnings: &mut Vec<String>) -> Option<String> {
    match std::fs::read(file) {
        // Git reads patterns as bytes; a pattern that is not UTF-8 is kept as close as can be.
        Ok(bytes) => Some(String::from_utf8_lossy(&bytes).into_owned()),
        Err(error)
            if matches!(
                error.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
            ) =>
        {
            None
        }
        Err(error) => {
            warnings.push(format!(
                "{}: cannot read ({error}); its patterns are not honoured",
                shown.display()
            ));
            None
        }
    }
}

/// Compiles the patterns of an ignore file read from `from`; a pattern that does not compile
/// is left out with a warning, as the others still apply.
fn compile(
    root: &Path,
    text: &str,
    from: PathBuf,
    case_insensitive: bool,
    warnings: &mut Vec<String>,
) -> Option<Gitignore> {
    let mut builder = GitignoreBuilder::new(root);
    // Always `Ok`: the `Result` is a leftover of the crate's API.
    let _ = builder.case_insensitive(case_insensitive);
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (index, line) in text.lines().enumerate() {
        if let Err(error) = builder.add_line(Some(from.clone()), line) {
            warnings.push(format!(
                "{}:{}: {error}; that pattern is not honoured",
                from.display(),
                index + 1
            ));
        }
    }
    match builder.build() {
        Ok(gitignore) => (!gitignore.is_empty()).then_some(gitignore),
        Err(error) => {
            warnings.push(format!(
                "{}: {error}; its patterns are not honoured",
                from.display()
            ));
            None
        }
    }
}

/// `path` with symbolic links resolved, or as it is when that fails.
fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}
