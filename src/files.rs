//! Finding the Python files of `git bindcheck scan`: named files, and `.py`/`.pyw`/`.pyi` files
//! under named directories, skipping the directories ruff skips by default (virtual
//! environments, caches, VCS metadata, `site-packages`) and whatever the configuration
//! excludes. The configuration's exclusions apply to named paths too (as ruff's
//! `force-exclude` does), so that the pre-commit hook, which names files, honours them; the
//! default directories are skipped only while walking.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

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
    /// Named files that are not Python, each with a warning.
    pub warnings: Vec<String>,
    /// Paths the configuration excludes (named ones, and the top excluded entries of a walk),
    /// each with the pattern that excludes it.
    pub excluded: Vec<(String, String)>,
}

/// Finds the Python files named by `paths` (files, or directories walked recursively), leaving
/// out what `rules` excludes, and hands each to `on_file` as soon as it is found (sorted by
/// path within each argument), so that checking can start while the walk goes on.
pub fn discover(
    paths: &[PathBuf],
    rules: &PathRules,
    on_file: &mut dyn FnMut(FoundFile),
) -> Result<Discovery> {
    let mut discovery = Discovery::default();
    for path in paths {
        let metadata = std::fs::metadata(path)
            .with_context(|| format!("{}: cannot read", display_path(path)))?;
        if let Some(pattern) = rules.excluded_by(&display_path(path), metadata.is_dir()) {
            discovery
                .excluded
                .push((display_path(path), pattern.as_str().to_owned()));
            continue;
        }
        if metadata.is_dir() {
            walk(path, rules, &mut discovery, on_file)
                .with_context(|| format!("{}: cannot list", display_path(path)))?;
        } else if metadata.is_file() {
            let head = read_head(path);
            match python::source_kind(&display_path(path), &head) {
                Some(kind) => on_file(FoundFile {
                    display: display_path(path),
                    path: path.clone(),
                    kind,
                }),
                None => discovery.warnings.push(format!(
                    "{}: not a Python file (no .py/.pyw/.pyi extension or python shebang); skipped",
                    display_path(path)
                )),
            }
        } else {
            bail!("{}: not a file or directory", display_path(path));
        }
    }
    Ok(discovery)
}

fn walk(
    directory: &Path,
    rules: &PathRules,
    discovery: &mut Discovery,
    on_file: &mut dyn FnMut(FoundFile),
) -> Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(directory)?
        .filter_map(Result::ok)
        .map(|entry| (entry.file_name(), entry))
        .collect();
    entries.sort_unstable_by(|(left, _), (right, _)| left.cmp(right));
    for (name, entry) in entries {
        let name = name.to_string_lossy();
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        let path = entry.path();
        let display = display_path(&path);
        let is_directory = file_type.is_dir();
        if rules.is_excluded_while_walking(&display, &name, is_directory) {
            // The default directories are not worth mentioning; configured exclusions are.
            if let Some(pattern) = rules.excluded_by(&display, is_directory) {
                discovery
                    .excluded
                    .push((display, pattern.as_str().to_owned()));
            }
            continue;
        }
        if is_directory {
            walk(&path, rules, discovery, on_file)?;
        } else if file_type.is_file() || file_type.is_symlink() && path.is_file() {
            // A file without an extension may be a script with a python shebang, as the
            // staged check recognises; reading its first line is cheap.
            let kind = python::source_kind(&name, b"").or_else(|| {
                (!name.contains('.'))
                    .then(|| python::source_kind(&name, &read_head(&path)))
                    .flatten()
            });
            if let Some(kind) = kind {
                on_file(FoundFile {
                    display,
                    path,
                    kind,
                });
            }
        }
    }
    Ok(())
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

    #[test]
    fn display_paths_drop_leading_dot_slash() {
        assert_eq!(display_path(Path::new("./src/app.py")), "src/app.py");
    }
}
