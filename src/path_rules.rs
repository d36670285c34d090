//! Path-dependent settings from the configuration file: which paths are excluded from checking
//! (`exclude`, `extend-exclude`, and the default directory exclusions of scan mode), whether
//! scan mode's walk skips what git ignores (`respect-gitignore`), and which rules are switched
//! off for which paths (`per-file-ignores`).
//!
//! Patterns are gitignore-style globs relative to the configuration file's directory. A pattern
//! without a `/` (`venv`, `*_pb2.py`) matches a file or directory name at any depth; a pattern
//! with one (`src/generated/*.py`, `/setup.py`) is anchored at the configuration file's
//! directory; a trailing `/` matches directories only. `*` stays within one path component and
//! `**` crosses them. A path matches when it, or any directory above it, matches, so excluding a
//! directory excludes everything below it.
//!
//! The paths asked about are the ones the sources carry: repository-relative in the git modes,
//! as given on the command line (relative to the current directory, or absolute) in scan mode.
//! [`PathRules`] turns them into paths relative to the configuration file's directory before
//! matching.

use std::path::{Component, Path, PathBuf};

use anyhow::{Result, bail};
use globset::{GlobBuilder, GlobMatcher};

use crate::files::EXCLUDED_DIRECTORIES;
use crate::rules::{Rule, RuleSelection};

/// One gitignore-style glob, compiled.
#[derive(Clone, Debug)]
pub struct PathPattern {
    /// The pattern as written, for messages.
    text: String,
    /// The glob after normalisation (no leading `./` or `/`, no trailing `/`).
    matcher: GlobMatcher,
    /// Matched against paths relative to the base directory (the pattern has a `/`), rather
    /// than against single names.
    anchored: bool,
    /// Matches directories only (the pattern ends in `/`).
    directory_only: bool,
}

impl PathPattern {
    /// Compiles a pattern; the error says what is wrong with it.
    pub fn new(text: &str) -> Result<PathPattern> {
        if text.trim().is_empty() {
            bail!("an empty pattern matches nothing");
        }
        if text.starts_with('!') {
            bail!("negated patterns (`!…`) are not supported");
        }
        let mut glob = text;
        while let Some(rest) = glob.strip_prefix("./") {
            glob = rest;
        }
        let rooted = glob.starts_with('/');
        let glob = glob.trim_start_matches('/');
        let directory_only = glob.ends_with('/');
        let glob = glob.trim_end_matches('/');
        if glob.is_empty() {
            bail!("the pattern names no path");
        }
        let anchored = rooted || glob.contains('/');
        let matcher = GlobBuilder::new(glob)
            .literal_separator(true)
            .backslash_escape(true)
            .build()
            .map_err(|error| anyhow::anyhow!("{}", error.kind()))?
            .compile_matcher();
        Ok(PathPattern {
            text: text.to_owned(),
            matcher,
            anchored,
            directory_only,
        })
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// True when the path (given as its components relative to the base directory, or to
    /// nothing when it lies outside it) or one of its parent directories matches.
    fn matches(&self, path: &RelativePath, is_directory: bool) -> bool {
        let components = &path.components;
        (1..=components.len()).any(|end| {
            let names_a_directory = end < components.len() || is_directory;
            if self.directory_only && !names_a_directory {
                return false;
            }
            if self.anchored {
                path.inside_base && self.matcher.is_match(components[..end].join("/"))
            } else {
                self.matcher.is_match(&components[end - 1])
            }
        })
    }
}

/// A path split into components, relative to the base directory when it lies inside it.
struct RelativePath {
    components: Vec<String>,
    inside_base: bool,
}

/// Rules switched off for the paths a pattern matches.
#[derive(Clone, Debug)]
pub struct PerFileIgnore {
    /// Which paths.
    pub pattern: PathPattern,
    /// The rules not reported there.
    pub rules: Vec<Rule>,
}

/// Exclusions and per-file rule ignores, resolved for one run.
#[derive(Clone, Debug)]
pub struct PathRules {
    /// The directory the patterns are relative to (the configuration file's).
    base: PathBuf,
    /// The directory the paths asked about are relative to (the repository's work tree, or the
    /// current directory in scan mode).
    root: PathBuf,
    /// `exclude` (or nothing) plus `extend-exclude`.
    exclude: Vec<PathPattern>,
    /// Whether the directory walk of scan mode skips [`EXCLUDED_DIRECTORIES`] (true unless the
    /// configuration sets `exclude`).
    default_directory_exclusions: bool,
    /// Whether the directory walk of scan mode skips what git ignores (`respect-gitignore`,
    /// `--no-respect-gitignore`; see `crate::gitignore`).
    respect_gitignore: bool,
    /// `per-file-ignores`.
    per_file_ignores: Vec<PerFileIgnore>,
}

impl Default for PathRules {
    /// No configuration: nothing excluded but the default directories of the scan walk.
    fn default() -> Self {
        PathRules {
            base: PathBuf::new(),
            root: PathBuf::new(),
            exclude: Vec::new(),
            default_directory_exclusions: true,
            respect_gitignore: true,
            per_file_ignores: Vec::new(),
        }
    }
}

impl PathRules {
    /// Path rules whose patterns are relative to `base`, for paths relative to `root`.
    /// `exclude` replaces the default directory exclusions when given; `extend_exclude` adds
    /// to whichever applies.
    pub fn new(
        base: &Path,
        root: &Path,
        exclude: Option<Vec<PathPattern>>,
        extend_exclude: Vec<PathPattern>,
        per_file_ignores: Vec<PerFileIgnore>,
    ) -> PathRules {
        let default_directory_exclusions = exclude.is_none();
        let mut patterns = exclude.unwrap_or_default();
        patterns.extend(extend_exclude);
        PathRules {
            base: normalize(base),
            root: normalize(root),
            exclude: patterns,
            default_directory_exclusions,
            respect_gitignore: true,
            per_file_ignores,
        }
    }

    /// These rules, with the walk of scan mode skipping what git ignores or not (it does by
    /// default, as ruff does).
    pub fn respecting_gitignore(self, respect_gitignore: bool) -> PathRules {
        PathRules {
            respect_gitignore,
            ..self
        }
    }

    /// True when the directory walk of scan mode skips what git ignores. Like the default
    /// directory exclusions, this never applies to paths named on the command line.
    pub fn respects_gitignore(&self) -> bool {
        self.respect_gitignore
    }

    /// True when the configuration excludes `path` (a file, or a directory when
    /// `is_directory`). Used for the git modes and for paths named on the command line; the
    /// default directory exclusions do not apply to these.
    pub fn is_excluded(&self, path: &str, is_directory: bool) -> bool {
        self.excluded_by(path, is_directory).is_some()
    }

    /// The configured pattern that excludes `path`, if one does (see [`PathRules::is_excluded`]).
    pub fn excluded_by(&self, path: &str, is_directory: bool) -> Option<&PathPattern> {
        if self.exclude.is_empty() {
            return None;
        }
        let relative = self.relative(path);
        self.exclude
            .iter()
            .find(|pattern| pattern.matches(&relative, is_directory))
    }

    /// True when the directory walk of scan mode skips the entry `path` whose file name is
    /// `name`: a default excluded directory (unless `exclude` replaced them), or a configured
    /// exclusion.
    pub fn is_excluded_while_walking(&self, path: &str, name: &str, is_directory: bool) -> bool {
        (is_directory && self.default_directory_exclusions && EXCLUDED_DIRECTORIES.contains(&name))
            || self.is_excluded(path, is_directory)
    }

    /// The rules reported for `path`: `selection` less the rules `per-file-ignores` switches
    /// off there.
    pub fn rules_for(&self, path: &str, selection: &RuleSelection) -> RuleSelection {
        if self.per_file_ignores.is_empty() {
            return selection.clone();
        }
        let relative = self.relative(path);
        let ignored: Vec<Rule> = self
            .per_file_ignores
            .iter()
            .filter(|ignore| ignore.pattern.matches(&relative, false))
            .flat_map(|ignore| ignore.rules.iter().copied())
            .collect();
        selection.without(&ignored)
    }

    /// `path` (relative to the root, or absolute) as components relative to the base directory;
    /// a path outside the base keeps its own components so that name patterns still apply.
    fn relative(&self, path: &str) -> RelativePath {
        let absolute = normalize(&self.root.join(path));
        match absolute.strip_prefix(&self.base) {
            Ok(relative) => RelativePath {
                components: names(relative),
                inside_base: true,
            },
            Err(_) => RelativePath {
                components: names(Path::new(path)),
                inside_base: false,
            },
        }
    }
}

/// The normal components of a path, as strings.
fn names(path: &Path) -> Vec<String> {
    path.components()
        .filter_map(|component| match component {
            Component::Normal(name) => Some(name.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect()
}

/// Removes `.` and resolves `..` lexically (without touching the file system, so symbolic links
/// in the path are kept as written).
pub fn normalize(path: &Path) -> PathBuf {
    let mut normalized = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !normalized.pop() {
                    normalized.push("..");
                }
            }
            other => normalized.push(other.as_os_str()),
        }
    }
    normalized
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(text: &str) -> PathPattern {
        PathPattern::new(text).expect("valid pattern")
    }

    fn rules(exclude: &[&str]) -> PathRules {
        PathRules::new(
            Path::new("/project"),
            Path::new("/project"),
            None,
            exclude.iter().map(|text| pattern(text)).collect(),
            Vec::new(),
        )
    }

    #[test]
    fn name_patterns_match_at_any_depth_and_exclude_what_is_below() {
        let rules = rules(&["generated", "*_pb2.py"]);
        assert!(rules.is_excluded("generated/app.py", false));
        assert!(rules.is_excluded("src/generated/deep/app.py", false));
        assert!(rules.is_excluded("src/api_pb2.py", false));
        assert!(!rules.is_excluded("src/app.py", false));
        assert!(!rules.is_excluded("src/generated_app.py", false));
    }

    #[test]
    fn patterns_with_a_slash_are_anchored_at_the_base() {
        let rules = rules(&["src/legacy/*.py", "/setup.py"]);
        assert!(rules.is_excluded("src/legacy/server.py", false));
        assert!(!rules.is_excluded("lib/src/legacy/server.py", false));
        assert!(rules.is_excluded("setup.py", false));
        assert!(!rules.is_excluded("pkg/setup.py", false));
    }

    #[test]
    fn single_star_stays_in_one_component_and_double_star_crosses() {
        let single = rules(&["src/*.py"]);
        assert!(single.is_excluded("src/app.py", false));
        assert!(!single.is_excluded("src/web/app.py", false));
        let double = rules(&["src/**/test_*.py"]);
        assert!(double.is_excluded("src/test_app.py", false));
        assert!(double.is_excluded("src/a/b/test_app.py", false));
        assert!(!double.is_excluded("src/a/b/app.py", false));
    }

    #[test]
    fn trailing_slash_matches_directories_only() {
        let rules = rules(&["build/"]);
        assert!(rules.is_excluded("build/app.py", false));
        assert!(rules.is_excluded("build", true));
        assert!(!rules.is_excluded("build", false));
    }

    #[test]
    fn paths_are_made_relative_to_the_configuration_directory() {
        // The configuration lives in /project/sub; the paths are relative to /project.
        let rules = PathRules::new(
            Path::new("/project/sub"),
            Path::new("/project"),
            None,
            vec![pattern("legacy/*.py")],
            Vec::new(),
        );
        assert!(rules.is_excluded("sub/legacy/a.py", false));
        assert!(!rules.is_excluded("legacy/a.py", false));
        assert!(rules.is_excluded("/project/sub/./legacy/a.py", false));
    }

    #[test]
    fn exclude_replaces_the_default_directories_and_extend_exclude_keeps_them() {
        let extended = rules(&["fixtures"]);
        assert!(extended.is_excluded_while_walking(".venv", ".venv", true));
        assert!(extended.is_excluded_while_walking("tests/fixtures", "fixtures", true));
        let replaced = PathRules::new(
            Path::new("/project"),
            Path::new("/project"),
            Some(vec![pattern("fixtures")]),
            Vec::new(),
            Vec::new(),
        );
        assert!(!replaced.is_excluded_while_walking(".venv", ".venv", true));
        assert!(replaced.is_excluded_while_walking("tests/fixtures", "fixtures", true));
        // Default directories are skipped only by the walk, never when named.
        assert!(!PathRules::default().is_excluded(".venv/x.py", false));
    }

    #[test]
    fn per_file_ignores_remove_rules_for_matching_paths_only() {
        let rules = PathRules::new(
            Path::new("/project"),
            Path::new("/project"),
            None,
            Vec::new(),
            vec![PerFileIgnore {
                pattern: pattern("tests/**"),
                rules: vec![Rule::BindAllInterfaces],
            }],
        );
        let selection = RuleSelection::default();
        assert!(
            !rules
                .rules_for("tests/test_server.py", &selection)
                .contains(Rule::BindAllInterfaces)
        );
        assert!(
            rules
                .rules_for("tests/test_server.py", &selection)
                .contains(Rule::ImplicitAllInterfaces)
        );
        assert!(
            rules
                .rules_for("src/server.py", &selection)
                .contains(Rule::BindAllInterfaces)
        );
    }

    #[test]
    fn invalid_patterns_are_errors() {
        assert!(PathPattern::new("src/[a").is_err());
        assert!(PathPattern::new("").is_err());
        assert!(PathPattern::new("!keep.py").is_err());
        assert!(PathPattern::new("/").is_err());
    }

    #[test]
    fn normalize_resolves_dots_lexically() {
        assert_eq!(
            normalize(Path::new("/a/./b/../c/x.py")),
            PathBuf::from("/a/c/x.py")
        );
        assert_eq!(normalize(Path::new("./x.py")), PathBuf::from("x.py"));
    }
}
