//! Finding the Python files of `git bindcheck scan`: named files, and `.py`/`.pyw`/`.pyi` files
//! under named directories, skipping the directories ruff skips by default (virtual
//! environments, caches, VCS metadata, `site-packages`), what git ignores (`.gitignore` and the
//! rest, unless `respect-gitignore` is off; see [`crate::gitignore`]) and whatever the
//! configuration excludes. The configuration's exclusions apply to named paths too (as ruff's
//! `force-exclude` does), so that the pre-commit hook, which names files, honours them; the
//! default directories and git's ignore rules are skipped only while walking, so a named file
//! is checked even when git ignores it (as ruff checks it).

use std::collections::HashSet;
use std::ffi::{OsStr, OsString};
use std::fs::DirEntry;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::gitignore::{DirectoryIgnores, Environment, RepositoryIgnores};
use crate::path_rules::PathRules;
use crate::python::{self, SourceKind};

/// Directory names never descended into (ruff's default excludes).
pub const EXCLUDED_DIRECTORIES: &[&str] = &[
    ".bzr",
    ".direnv",
    ".eggs",
    ".git",
    ".git-rewrite",
    ".hg",
    ".ipynb_checkpoints",
    ".mypy_cache",
    ".nox",
    ".pants.d",
    ".pyenv",
    ".pytest_cache",
    ".pytype",
    ".ruff_cache",
    ".svn",
    ".tox",
    ".venv",
    ".vscode",
    "__pypackages__",
    "_build",
    "buck-out",
    "dist",
    "node_modules",
    "site-packages",
    "venv",
];

/// A Python file found for scanning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundFile {
    /// The path as reported: relative to the current directory when given so, `/`-separated.
    pub display: String,
    /// The path to read.
    pub path: PathBuf,
    /// Module or stub.
    pub kind: SourceKind,
}

/// What discovery found besides the files themselves, which [`discover`] hands over one by
/// one.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Named files that are not Python, and ignore files or repositories that could not be
    /// read, each with a warning.
    pub warnings: Vec<String>,
    /// Paths the configuration excludes (named ones, and the top excluded entries of a walk),
    /// each with the pattern that excludes it.
    pub excluded: Vec<(String, String)>,
    /// The top entries of a walk that git ignores, each with the pattern that ignores it and
    /// the file the pattern is in (`` `build/` in .gitignore ``).
    pub gitignored: Vec<(String, String)>,
}

/// Finds the Python files named by `paths` (files, or directories walked recursively), leaving
/// out what `rules` excludes, and hands each to `on_file` as soon as it is found (sorted by
/// path within each argument), so that checking can start while the walk goes on.
pub fn discover(
    paths: &[PathBuf],
    rules: &PathRules,
    on_file: &mut dyn FnMut(FoundFile),
) -> Result<Discovery> {
    discover_in(paths, rules, &Environment::from_process(), on_file)
}

/// [`discover`] with git's view of the environment given (for tests).
pub fn discover_in(
    paths: &[PathBuf],
    rules: &PathRules,
    environment: &Environment,
    on_file: &mut dyn FnMut(FoundFile),
) -> Result<Discovery> {
    // A file named twice, or named and inside a directory named too (`scan pkg/run.py .`),
    // is checked once, as ruff does. Only then are the files found remembered: a tree of
    // 200,000 files walked once needs no such table.
    let mut seen: HashSet<PathBuf> = HashSet::new();
    let mut once = |found: FoundFile| {
        let key = found
            .path
            .canonicalize()
            .unwrap_or_else(|_| found.path.clone());
        if seen.insert(key) {
            on_file(found);
        }
    };
    let on_file: &mut dyn FnMut(FoundFile) = if arguments_overlap(paths) {
        &mut once
    } else {
        on_file
    };
    let mut walker = Walker {
        rules,
        environment,
        discovery: Discovery::default(),
        on_file,
    };
    for path in paths {
        let metadata = std::fs::metadata(path)
            .with_context(|| format!("{}: cannot read", display_path(path)))?;
        if let Some(pattern) = rules.excluded_by(&display_path(path), metadata.is_dir()) {
            walker
                .discovery
                .excluded
                .push((display_path(path), pattern.as_str().to_owned()));
            continue;
        }
        if metadata.is_dir() {
            // The named directory itself is walked even when git ignores it; what is below it
            // follows the rules of its repository, found from where it really is.
            let repository = if rules.respects_gitignore() {
                let directory = path
                    .canonicalize()
                    .with_context(|| format!("{}: cannot read", display_path(path)))?;
                RepositoryIgnores::discover(&directory, environment, &mut walker.discovery.warnings)
            } else {
                None
            };
            let scope = match (&repository, rules.respects_gitignore()) {
                (_, false) => Scope::Off,
                (Some(repository), true) => Scope::Entry(repository),
                (None, true) => Scope::Outside,
            };
            walker
                .walk(path, scope)
                .with_context(|| format!("{}: cannot list", display_path(path)))?;
        } else if metadata.is_file() {
            let head = read_head(path);
            match python::source_kind(&display_path(path), &head) {
                Some(kind) => (walker.on_file)(FoundFile {
                    display: display_path(path),
                    path: path.clone(),
                    kind,
                }),
                None => walker.discovery.warnings.push(format!(
                    "{}: not a Python file (no .py/.pyw/.pyi extension or python shebang); skipped",
                    display_path(path)
                )),
            }
        } else {
            bail!("{}: not a file or directory", display_path(path));
        }
    }
    Ok(walker.discovery)
}

/// True when one of `paths` is another, or lies inside another (as the file system resolves
/// them: `./pkg`, `pkg/../pkg` and an absolute path to it are the same).
fn arguments_overlap(paths: &[PathBuf]) -> bool {
    if paths.len() < 2 {
        return false;
    }
    let resolved: Vec<PathBuf> = paths
        .iter()
        .map(|path| path.canonicalize().unwrap_or_else(|_| path.clone()))
        .collect();
    resolved.iter().enumerate().any(|(index, path)| {
        resolved
            .iter()
            .enumerate()
            .any(|(other, outer)| other != index && path.starts_with(outer))
    })
}

/// Where a directory of the walk stands with git's ignore rules, as its parent hands it down.
#[derive(Clone, Copy)]
enum Scope<'a> {
    /// `respect-gitignore` is off: nothing is looked for.
    Off,
    /// Outside any work tree: only a directory holding `.git` starts one.
    Outside,
    /// The walk enters this repository's work tree at this directory.
    Entry(&'a RepositoryIgnores),
    /// Below a directory of a work tree, whose rules these are.
    Below(&'a DirectoryIgnores<'a>),
}

/// One run of discovery: the settings, and what it found so far.
struct Walker<'run> {
    rules: &'run PathRules,
    environment: &'run Environment,
    discovery: Discovery,
    on_file: &'run mut dyn FnMut(FoundFile),
}

impl Walker<'_> {
    /// Walks `directory` in name order, handing its Python files to `on_file`; `scope` says
    /// which of git's ignore rules hold there.
    fn walk(&mut self, directory: &Path, scope: Scope<'_>) -> Result<()> {
        let mut entries: Vec<(OsString, DirEntry)> = std::fs::read_dir(directory)?
            .filter_map(Result::ok)
            .map(|entry| (entry.file_name(), entry))
            .collect();
        entries.sort_unstable_by(|(left, _), (right, _)| left.cmp(right));
        // The listing says whether the directory has a `.gitignore` or starts a repository,
        // so directories without them cost no system call.
        let listed = |name: &str| {
            entries
                .binary_search_by(|(entry, _)| entry.as_os_str().cmp(OsStr::new(name)))
                .ok()
                .map(|index| &entries[index].1)
        };
        // Where the walk enters a repository, the `.git` listed is that repository's own.
        let nested = match scope {
            Scope::Outside | Scope::Below(_) if listed(".git").is_some() => {
                RepositoryIgnores::open_nested(
                    directory,
                    self.environment,
                    &mut self.discovery.warnings,
                )
            }
            _ => None,
        };
        let has_gitignore = listed(".gitignore")
            .and_then(|entry| entry.file_type().ok())
            .is_some_and(|file_type| !file_type.is_dir());
        let warnings = &mut self.discovery.warnings;
        let ignores = match (&nested, scope) {
            (Some(repository), _) | (None, Scope::Entry(repository)) => Some(
                DirectoryIgnores::entry(repository, directory, has_gitignore, warnings),
            ),
            (None, Scope::Below(parent)) => Some(DirectoryIgnores::child(
                parent,
                directory,
                has_gitignore,
                warnings,
            )),
            (None, Scope::Off | Scope::Outside) => None,
        };
        let below = match (&ignores, scope) {
            (Some(ignores), _) => Scope::Below(ignores),
            (None, Scope::Off) => Scope::Off,
            (None, _) => Scope::Outside,
        };
        for (name, entry) in entries {
            let Ok(file_type) = entry.file_type() else {
                continue;
            };
            let path = entry.path();
            let display = display_path(&path);
            let is_directory = file_type.is_dir();
            let name_text = name.to_string_lossy();
            if self
                .rules
                .is_excluded_while_walking(&display, &name_text, is_directory)
            {
                // The default directories are not worth mentioning; configured exclusions are.
                if let Some(pattern) = self.rules.excluded_by(&display, is_directory) {
                    self.discovery
                        .excluded
                        .push((display, pattern.as_str().to_owned()));
                }
                continue;
            }
            // An ignored directory is not entered, so nothing below it can be re-included.
            if let Some(glob) = ignores
                .as_ref()
                .and_then(|ignores| ignores.ignored_by(&name, is_directory))
            {
                let reason = match glob.from() {
                    Some(file) => format!("`{}` in {}", glob.original(), display_path(file)),
                    None => format!("`{}`", glob.original()),
                };
                self.discovery.gitignored.push((display, reason));
                continue;
            }
            if is_directory {
                self.walk(&path, below)?;
            } else if file_type.is_file() || file_type.is_symlink() && path.is_file() {
                // A file without an extension may be a script with a python shebang, as the
                // staged check recognises; reading its first line is cheap.
                let kind = python::source_kind(&name_text, b"").or_else(|| {
                    (!name_text.contains('.'))
                        .then(|| python::source_kind(&name_text, &read_head(&path)))
                        .flatten()
                });
                if let Some(kind) = kind {
                    (self.on_file)(FoundFile {
                        display,
                        path,
                        kind,
                    });
                }
            }
        }
        Ok(())
    }
}

/// The first bytes of a file, for shebang detection.
fn read_head(path: &Path) -> Vec<u8> {
    use std::io::Read;
    let mut head = Vec::new();
    if let Ok(file) = std::fs::File::open(path) {
        let _ = file.take(256).read_to_end(&mut head);
    }
    head
}

/// A path for reports: `/`-separated, without a leading `./`.
pub fn display_path(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut text = text.as_str();
    while let Some(rest) = text.strip_prefix("./") {
        text = rest;
    }
    text.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The files [`discover`] finds, with what else it reports.
    fn discover_all(paths: &[PathBuf], rules: &PathRules) -> Result<(Vec<FoundFile>, Discovery)> {
        let mut files = Vec::new();
        let discovery = discover(paths, rules, &mut |found| files.push(found))?;
        Ok((files, discovery))
    }

    #[test]
    fn walks_python_files_and_skips_excluded_directories() {
        let root = tempfile::tempdir().expect("temporary directory");
        let write = |relative: &str, content: &str| {
            let path = root.path().join(relative);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("directories");
            std::fs::write(path, content).expect("write");
        };
        write("pkg/app.py", "x = 1\n");
        write("pkg/types.pyi", "x: int\n");
        write("pkg/README.md", "# readme\n");
        write("pkg/serve", "#!/usr/bin/env python3\nx = 1\n");
        write("pkg/Makefile", "all:\n\ttrue\n");
        write(".venv/lib/site.py", "x = 1\n");
        write("node_modules/x.py", "x = 1\n");
        let (files, _) =
            discover_all(&[root.path().to_path_buf()], &PathRules::default()).expect("discovery");
        let names: Vec<String> = files
            .iter()
            .map(|file| {
                file.path
                    .strip_prefix(root.path())
                    .expect("inside")
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(names, vec!["pkg/app.py", "pkg/serve", "pkg/types.pyi"]);
    }

    #[test]
    fn a_file_named_twice_or_inside_a_named_directory_is_found_once() {
        let root = tempfile::tempdir().expect("temporary directory");
        let package = root.path().join("pkg");
        std::fs::create_dir_all(&package).expect("directories");
        std::fs::write(package.join("run.py"), "x = 1\n").expect("write");
        std::fs::write(package.join("other.py"), "x = 1\n").expect("write");
        let found = |paths: &[PathBuf]| -> Vec<String> {
            let (files, _) = discover_all(paths, &PathRules::default()).expect("discovery");
            files
                .iter()
                .map(|file| {
                    file.path
                        .file_name()
                        .unwrap()
                        .to_string_lossy()
                        .into_owned()
                })
                .collect()
        };
        let run = package.join("run.py");
        assert_eq!(
            found(&[run.clone(), root.path().to_path_buf()]),
            ["run.py", "other.py"]
        );
        assert_eq!(
            found(&[package.clone(), run.clone()]),
            ["other.py", "run.py"]
        );
        assert_eq!(
            found(&[run.clone(), package.join("../pkg/run.py")]),
            ["run.py"]
        );
        // Separate arguments keep every file, in the order named.
        assert_eq!(
            found(&[run.clone(), package.join("other.py")]),
            ["run.py", "other.py"]
        );
        assert_eq!(found(&[run.clone(), run]), ["run.py"]);
    }

    #[test]
    fn configured_exclusions_apply_to_walked_and_named_paths() {
        let root = tempfile::tempdir().expect("temporary directory");
        let root_path = root.path();
        for relative in ["src/app.py", "src/api_pb2.py", "generated/gen.py"] {
            let path = root_path.join(relative);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("directories");
            std::fs::write(path, "x = 1\n").expect("write");
        }
        let pattern = |text: &str| crate::path_rules::PathPattern::new(text).expect("pattern");
        let rules = PathRules::new(
            root_path,
            root_path,
            None,
            vec![pattern("generated/"), pattern("*_pb2.py")],
            Vec::new(),
        );
        let (files, walked) = discover_all(&[root_path.to_path_buf()], &rules).expect("discovery");
        let names: Vec<&str> = files
            .iter()
            .map(|file| {
                file.path
                    .file_name()
                    .and_then(|name| name.to_str())
                    .unwrap_or("")
            })
            .collect();
        assert_eq!(names, vec!["app.py"]);
        let excluded: Vec<&str> = walked
            .excluded
            .iter()
            .map(|(_, pattern)| pattern.as_str())
            .collect();
        assert_eq!(excluded, vec!["generated/", "*_pb2.py"]);
        let (named_files, named) =
            discover_all(&[root_path.join("generated/gen.py")], &rules).expect("discovery");
        assert!(named_files.is_empty());
        assert_eq!(named.excluded.len(), 1);
    }

    #[test]
    fn named_non_python_file_warns() {
        let root = tempfile::tempdir().expect("temporary directory");
        let path = root.path().join("notes.txt");
        std::fs::write(&path, "hello").expect("write");
        let (files, discovery) = discover_all(&[path], &PathRules::default()).expect("discovery");
        assert!(files.is_empty());
        assert!(discovery.warnings[0].contains("not a Python file"));
    }

    #[test]
    fn missing_path_is_an_error() {
        assert!(
            discover_all(
                &[PathBuf::from("/definitely/not/here")],
                &PathRules::default()
            )
            .is_err()
        );
    }

    /// A temporary directory where repository discovery stops, with files written into it and
    /// the global excludes file of its own (never the user's).
    struct Tree {
        _directory: tempfile::TempDir,
        root: PathBuf,
        environment: Environment,
    }

    impl Tree {
        fn new() -> Tree {
            let directory = tempfile::tempdir().expect("temporary directory");
            // Canonical, as discovery compares it with the work trees git2 reports.
            let root = directory.path().canonicalize().expect("canonical");
            let environment = Environment {
                ceiling_directories: vec![root.clone()],
                config_home: Some(root.join("config")),
                current_directory: None,
            };
            Tree {
                _directory: directory,
                root,
                environment,
            }
        }

        /// Makes `relative` (a directory) a repository's work tree whose `core.excludesFile`
        /// is `global-ignore` in the tree, so the user's own global file plays no part.
        fn init(&self, relative: &str) -> &Tree {
            let repository =
                git2::Repository::init(self.root.join(relative)).expect("init a repository");
            let excludes_file = self.root.join("global-ignore");
            repository
                .config()
                .expect("config")
                .set_str(
                    "core.excludesFile",
                    excludes_file.to_str().expect("UTF-8 path"),
                )
                .expect("set core.excludesFile");
            self
        }

        fn write(&self, relative: &str, content: &str) -> &Tree {
            let path = self.root.join(relative);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("directories");
            std::fs::write(path, content).expect("write");
            self
        }

        /// The files found under (or named by) `relative` paths, relative to the tree, with
        /// the entries skipped because git ignores them.
        fn found_with(&self, relative: &[&str], rules: &PathRules) -> (Vec<String>, Discovery) {
            let paths: Vec<PathBuf> = relative.iter().map(|path| self.root.join(path)).collect();
            let mut files = Vec::new();
            let discovery = discover_in(&paths, rules, &self.environment, &mut |found| {
                files.push(self.relative(&found.display));
            })
            .expect("discovery");
            (files, discovery)
        }

        fn found(&self, relative: &[&str]) -> Vec<String> {
            self.found_with(relative, &PathRules::default()).0
        }

        fn relative(&self, display: &str) -> String {
            display
                .strip_prefix(&format!("{}/", self.root.display()))
                .unwrap_or(display)
                .to_owned()
        }
    }

    #[test]
    fn deeper_gitignore_overrides_and_negation_reincludes() {
        let tree = Tree::new();
        tree.init("repo")
            .write("repo/.gitignore", "generated_*.py\n")
            .write("repo/pkg/.gitignore", "!generated_keep.py\nlocal.py\n")
            .write("repo/app.py", "x = 1\n")
            .write("repo/local.py", "x = 1\n")
            .write("repo/generated_a.py", "x = 1\n")
            .write("repo/pkg/generated_b.py", "x = 1\n")
            .write("repo/pkg/generated_keep.py", "x = 1\n")
            .write("repo/pkg/local.py", "x = 1\n");
        assert_eq!(
            tree.found(&["repo"]),
            vec!["repo/app.py", "repo/local.py", "repo/pkg/generated_keep.py"]
        );
    }

    #[test]
    fn directory_only_pattern_skips_directories_not_files() {
        let tree = Tree::new();
        tree.init("repo")
            .write("repo/.gitignore", "build/\n")
            .write("repo/build/server.py", "x = 1\n")
            .write("repo/src/build", "#!/usr/bin/env python3\nx = 1\n");
        let (files, discovery) = tree.found_with(&["repo"], &PathRules::default());
        assert_eq!(files, vec!["repo/src/build"]);
        let gitignored: Vec<(String, String)> = discovery
            .gitignored
            .iter()
            .map(|(path, reason)| (tree.relative(path), tree.relative(reason)))
            .collect();
        let gitignore = tree.root.join("repo/.gitignore");
        assert_eq!(
            gitignored,
            vec![(
                "repo/build".to_owned(),
                format!("`build/` in {}", gitignore.display())
            )]
        );
    }

    #[test]
    fn gitignore_files_above_the_scanned_directory_apply() {
        let tree = Tree::new();
        tree.init("repo")
            .write("repo/.gitignore", "/app/legacy/\nscratch_*.py\n")
            .write("repo/app/.gitignore", "!scratch_keep.py\n")
            .write("repo/app/main.py", "x = 1\n")
            .write("repo/app/legacy/old.py", "x = 1\n")
            .write("repo/app/scratch_1.py", "x = 1\n")
            .write("repo/app/web/scratch_keep.py", "x = 1\n");
        assert_eq!(
            tree.found(&["repo/app/web", "repo/app"]),
            vec!["repo/app/web/scratch_keep.py", "repo/app/main.py"]
        );
    }

    #[test]
    fn info_exclude_and_global_file_rank_below_gitignore_files() {
        let tree = Tree::new();
        tree.init("repo")
            .write("repo/.git/info/exclude", "local_*.py\n")
            .write("global-ignore", "*_secret.py\n!info_secret.py\n")
            .write("repo/.gitignore", "!local_keep.py\n")
            .write("repo/app.py", "x = 1\n")
            .write("repo/local_a.py", "x = 1\n")
            .write("repo/local_keep.py", "x = 1\n")
            .write("repo/db_secret.py", "x = 1\n")
            .write("repo/info_secret.py", "x = 1\n");
        assert_eq!(
            tree.found(&["repo"]),
            vec!["repo/app.py", "repo/info_secret.py", "repo/local_keep.py"]
        );
    }

    #[test]
    fn ignored_directory_cannot_be_reincluded_from_below() {
        let tree = Tree::new();
        tree.init("repo")
            .write("repo/.gitignore", "vendor/\n!vendor/keep.py\n")
            .write("repo/vendor/.gitignore", "!keep.py\n")
            .write("repo/vendor/keep.py", "x = 1\n")
            .write("repo/app.py", "x = 1\n");
        assert_eq!(tree.found(&["repo"]), vec!["repo/app.py"]);
    }

    #[test]
    fn named_paths_are_checked_even_when_ignored() {
        let tree = Tree::new();
        tree.init("repo")
            .write("repo/.gitignore", "build/\nscratch.py\n")
            .write("repo/build/server.py", "x = 1\n")
            .write("repo/scratch.py", "x = 1\n");
        assert!(tree.found(&["repo"]).is_empty());
        assert_eq!(
            tree.found(&["repo/build/server.py", "repo/scratch.py", "repo/build"]),
            vec!["repo/build/server.py", "repo/scratch.py"]
        );
    }

    #[test]
    fn outside_a_repository_gitignore_files_mean_nothing() {
        let tree = Tree::new();
        tree.write("plain/.gitignore", "*.py\n")
            .write("plain/app.py", "x = 1\n");
        assert_eq!(tree.found(&["plain"]), vec!["plain/app.py"]);
    }

    #[test]
    fn respect_gitignore_off_walks_into_ignored_paths() {
        let tree = Tree::new();
        tree.init("repo")
            .write("repo/.gitignore", "build/\n")
            .write("repo/build/server.py", "x = 1\n");
        let rules = PathRules::default().respecting_gitignore(false);
        let (files, discovery) = tree.found_with(&["repo"], &rules);
        assert_eq!(files, vec!["repo/build/server.py"]);
        assert!(discovery.gitignored.is_empty());
    }

    #[test]
    fn nested_repository_has_rules_of_its_own() {
        let tree = Tree::new();
        tree.init("outer")
            .init("outer/inner")
            .write("outer/.gitignore", "*_local.py\n")
            .write("outer/inner/.gitignore", "skip.py\n")
            .write("outer/a_local.py", "x = 1\n")
            .write("outer/skip.py", "x = 1\n")
            .write("outer/inner/b_local.py", "x = 1\n")
            .write("outer/inner/skip.py", "x = 1\n");
        assert_eq!(
            tree.found(&["outer"]),
            vec!["outer/inner/b_local.py", "outer/skip.py"]
        );
        // A repository inside a directory that is none also has its rules.
        tree.init("plain/repo")
            .write("plain/repo/.gitignore", "skip.py\n")
            .write("plain/repo/skip.py", "x = 1\n")
            .write("plain/app.py", "x = 1\n");
        assert_eq!(tree.found(&["plain"]), vec!["plain/app.py"]);
    }

    #[test]
    fn display_paths_drop_leading_dot_slash() {
        assert_eq!(display_path(Path::new("./src/app.py")), "src/app.py");
    }
}
