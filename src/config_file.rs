//! Configuration files: finding them, reading them and validating every key, so that a typo or
//! a bad value stops the run (exit 2) with a message naming the file, the line and the key,
//! instead of being silently ignored.
//!
//! Settings live in `.bindcheck.toml` or `bindcheck.toml` (top-level keys), or in the
//! `[tool.bindcheck]` table of `pyproject.toml`. In a directory holding several, they are tried
//! in that order; a `pyproject.toml` without a `[tool.bindcheck]` table does not count, so the
//! search goes on past it (like ruff: the closest file with bindcheck settings wins). The git
//! modes look at the top of the work tree only; scan mode (and `rules`) look in the current
//! directory and then in each parent up to the file-system root. `--config FILE` names the file
//! and skips the search.
//!
//! What the settings mean, and how they combine with the command line, is decided in
//! `crate::config`; this module only turns text into a validated [`FileSettings`].

use std::ops::Range;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::check::ReportScope;
use crate::path_rules::{self, PathPattern, PerFileIgnore};
use crate::rules::expand_selector;

/// The file names searched in each directory, in order of precedence.
pub const CONFIG_FILE_NAMES: &[&str] = &[".bindcheck.toml", "bindcheck.toml", "pyproject.toml"];

/// Every key a configuration may set.
pub const KNOWN_KEYS: &[&str] = &[
    "select",
    "ignore",
    "extend-select",
    "exclude",
    "extend-exclude",
    "per-file-ignores",
    "report",
    "require-reason",
    "compat-suppressions",
    "respect-gitignore",
    "max-file-size",
    "cross-file",
];

/// The validated settings of one configuration file; `None` and empty lists mean "not set".
#[derive(Clone, Debug, Default)]
pub struct FileSettings {
    /// `select`: rule selectors replacing the default set.
    pub select: Option<Vec<String>>,
    /// `extend-select`: rule selectors added to the selected set.
    pub extend_select: Vec<String>,
    /// `ignore`: rule selectors removed from the selected set.
    pub ignore: Vec<String>,
    /// `exclude`: path patterns replacing the default exclusions.
    pub exclude: Option<Vec<PathPattern>>,
    /// `extend-exclude`: path patterns added to the exclusions.
    pub extend_exclude: Vec<PathPattern>,
    /// `per-file-ignores`: rules switched off for the paths a pattern matches.
    pub per_file_ignores: Vec<PerFileIgnore>,
    /// `report`: which findings the diff modes report.
    pub report: Option<ReportScope>,
    /// `require-reason`: a suppression counts only with a justification.
    pub require_reason: Option<bool>,
    /// `compat-suppressions`: whether `# nosec` and `# noqa` suppress.
    pub compat_suppressions: Option<bool>,
    /// `respect-gitignore`: whether scan's directory walk skips what git ignores.
    pub respect_gitignore: Option<bool>,
    /// `max-file-size`: files larger than this many bytes are skipped with a warning.
    pub max_file_size: Option<u64>,
    /// `cross-file`: whether values, wrappers and settings are followed into the
    /// repository's other modules.
    pub cross_file: Option<bool>,
}

/// A configuration file that was found (or named) and read.
#[derive(Clone, Debug)]
pub struct ConfigFile {
    /// The file's name for messages: relative to the current directory when inside it.
    pub display: String,
    /// The directory the file's path patterns are relative to: the file's own, absolute.
    pub directory: PathBuf,
    /// What the file sets.
    pub settings: FileSettings,
}

/// Where to look for a configuration file when `--config` is not given.
#[derive(Clone, Copy, Debug)]
pub enum Search<'a> {
    /// In this directory only (the top of a repository's work tree).
    Directory(&'a Path),
    /// In this directory, then in each parent up to the file-system root.
    Upwards(&'a Path),
    /// Nowhere.
    Nowhere,
}

/// The configuration of a run: the file `explicit` names (`--config`), or else the one `search`
/// finds, or none. `current_directory` resolves relative names and shortens displayed ones.
pub fn locate(
    explicit: Option<&Path>,
    search: Search<'_>,
    current_directory: &Path,
) -> Result<Option<ConfigFile>> {
    match (explicit, search) {
        (Some(path), _) => ConfigFile::load(path, current_directory).map(Some),
        (None, Search::Directory(directory)) => ConfigFile::find_in(directory, current_directory),
        (None, Search::Upwards(start)) => {
            for directory in start.ancestors() {
                if let Some(found) = ConfigFile::find_in(directory, current_directory)? {
                    return Ok(Some(found));
                }
            }
            Ok(None)
        }
        (None, Search::Nowhere) => Ok(None),
    }
}

impl ConfigFile {
    /// Reads the file named by `--config`: a `pyproject.toml` must have a `[tool.bindcheck]`
    /// table; any other file holds the settings as top-level keys.
    pub fn load(path: &Path, current_directory: &Path) -> Result<ConfigFile> {
        let display = path.to_string_lossy().into_owned();
        let text = read(path, &display)?;
        let kind = FileKind::of(path);
        let settings = parse(&text, kind, &display)?.ok_or_else(|| {
            anyhow!("{display}: no [tool.bindcheck] table (name a pyproject.toml that has one)")
        })?;
        Ok(ConfigFile {
            display,
            directory: directory_of(&current_directory.join(path)),
            settings,
        })
    }

    /// The configuration file of `directory`, if it has one (see [`CONFIG_FILE_NAMES`]).
    pub fn find_in(directory: &Path, current_directory: &Path) -> Result<Option<ConfigFile>> {
        for name in CONFIG_FILE_NAMES {
            let path = directory.join(name);
            if !path.is_file() {
                continue;
            }
            let kind = FileKind::of(&path);
            let display = display_name(&path, current_directory);
            let text = read(&path, &display)?;
            // A pyproject.toml that never mentions bindcheck has no settings for us: skip it
            // without parsing, so a broken one that belongs to another tool does not stop us.
            if kind == FileKind::PyProject && !text.contains("bindcheck") {
                continue;
            }
            if let Some(settings) = parse(&text, kind, &display)? {
                return Ok(Some(ConfigFile {
                    display,
                    directory: directory_of(&path),
                    settings,
                }));
            }
        }
        Ok(None)
    }
}

/// How a file holds its settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FileKind {
    /// Top-level keys (`.bindcheck.toml`, `bindcheck.toml`, any file named by `--config`).
    Standalone,
    /// The `[tool.bindcheck]` table of a `pyproject.toml`.
    PyProject,
}

impl FileKind {
    fn of(path: &Path) -> FileKind {
        if path
            .file_name()
            .is_some_and(|name| name == "pyproject.toml")
        {
            FileKind::PyProject
        } else {
            FileKind::Standalone
        }
    }
}

fn read(path: &Path, display: &str) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("{display}: cannot read"))
}

/// The absolute directory of a file, with symbolic links resolved when possible so that it
/// compares equal to the work tree and current directory the paths are relative to.
fn directory_of(path: &Path) -> PathBuf {
    let directory = path_rules::normalize(path.parent().unwrap_or(Path::new("")));
    directory.canonicalize().unwrap_or(directory)
}

/// `path` relative to the current directory when it is inside it, else as it is.
fn display_name(path: &Path, current_directory: &Path) -> String {
    path.strip_prefix(current_directory)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

/// The text being validated, for messages that point into it.
struct Source<'a> {
    display: &'a str,
    text: &'a str,
    /// `tool.bindcheck.` in a pyproject.toml, else empty: how keys are named in messages.
    key_prefix: &'static str,
}

impl Source<'_> {
    /// `file:line: message`.
    fn error(&self, span: &Range<usize>, message: impl std::fmt::Display) -> anyhow::Error {
        let (line, _) = line_and_column(self.text, span.start);
        anyhow!("{}:{line}: {message}", self.display)
    }

    /// How a key is written in messages.
    fn key(&self, key: &str) -> String {
        format!("{}{key}", self.key_prefix)
    }
}

/// 1-based line and column of a byte offset.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before
        .rfind('\n')
        .map_or(before, |newline| &before[newline + 1..]);
    (line, column.chars().count() + 1)
}

/// Validates configuration text exactly as a file found on disk is validated, without reading
/// one: `pyproject` reads the `[tool.bindcheck]` table of a `pyproject.toml` (`Ok(None)` when
/// there is none), otherwise the settings are top-level keys; `display` names the file in
/// messages. The entry point of the `config_loader` fuzz target.
pub fn parse_text(text: &str, pyproject: bool, display: &str) -> Result<Option<FileSettings>> {
    let kind = if pyproject {
        FileKind::PyProject
    } else {
        FileKind::Standalone
    };
    parse(text, kind, display)
}

/// Parses and validates a file's text; `None` when a pyproject.toml has no `[tool.bindcheck]`.
fn parse(text: &str, kind: FileKind, display: &str) -> Result<Option<FileSettings>> {
    let document = DeTable::parse(text).map_err(|error| {
        let message = error.message();
        match error.span() {
            Some(span) => {
                let (line, column) = line_and_column(text, span.start);
                anyhow!("{display}:{line}:{column}: invalid TOML: {message}")
            }
            None => anyhow!("{display}: invalid TOML: {message}"),
        }
    })?;
    let document = document.get_ref();
    let (table, key_prefix) = match kind {
        FileKind::Standalone => (document, ""),
        FileKind::PyProject => {
            // A `tool` that is not a table is a problem of the pyproject.toml, not ours.
            let Some(DeValue::Table(tool)) = document.get("tool").map(Spanned::get_ref) else {
                return Ok(None);
            };
            let Some(bindcheck) = tool.get("bindcheck") else {
                return Ok(None);
            };
            match bindcheck.get_ref() {
                DeValue::Table(table) => (table, "tool.bindcheck."),
                other => {
                    let source = Source {
                        display,
                        text,
                        key_prefix: "",
                    };
                    return Err(source.error(
                        &bindcheck.span(),
                        format!("`tool.bindcheck` must be a table, not {}", described(other)),
                    ));
                }
            }
        }
    };
    let source = Source {
        display,
        text,
        key_prefix,
    };
    read_settings(table, &source).map(Some)
}

/// Validates the keys of the settings table, in the order they appear in the file so that the
/// first problem reported is the first one in the file.
fn read_settings(table: &DeTable<'_>, source: &Source<'_>) -> Result<FileSettings> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    let mut settings = FileSettings::default();
    for (key, value) in entries {
        let name = key.get_ref().as_ref();
        match name {
            "select" => settings.select = Some(rule_selectors(name, value, source)?),
            "extend-select" => settings.extend_select = rule_selectors(name, value, source)?,
            "ignore" => settings.ignore = rule_selectors(name, value, source)?,
            "exclude" => settings.exclude = Some(path_patterns(name, value, source)?),
            "extend-exclude" => settings.extend_exclude = path_patterns(name, value, source)?,
            "per-file-ignores" => {
                settings.per_file_ignores = per_file_ignores(name, value, source)?;
            }
            "report" => settings.report = Some(report_scope(name, value, source)?),
            "require-reason" => settings.require_reason = Some(boolean(name, value, source)?),
            "compat-suppressions" => {
                settings.compat_suppressions = Some(boolean(name, value, source)?);
            }
            "respect-gitignore" => {
                settings.respect_gitignore = Some(boolean(name, value, source)?);
            }
            "max-file-size" => settings.max_file_size = Some(file_size(name, value, source)?),
            "cross-file" => settings.cross_file = Some(boolean(name, value, source)?),
            unknown => {
                let suggestion = closest_key(unknown)
                    .map(|known| format!("did you mean `{}`? ", source.key(known)))
                    .unwrap_or_default();
                return Err(source.error(
                    &key.span(),
                    format!(
                        "unknown key `{}` ({suggestion}known keys: {})",
                        source.key(unknown),
                        KNOWN_KEYS.join(", ")
                    ),
                ));
            }
        }
    }
    Ok(settings)
}

/// A list of strings; `what` describes one element for the message.
fn strings<'a>(
    key: &str,
    value: &'a Spanned<DeValue<'_>>,
    what: &str,
    source: &Source<'_>,
) -> Result<Vec<(&'a str, Range<usize>)>> {
    let DeValue::Array(array) = value.get_ref() else {
        return Err(source.error(
            &value.span(),
            format!(
                "`{}` must be a list of {what}, not {}",
                source.key(key),
                described(value.get_ref())
            ),
        ));
    };
    array
        .iter()
        .map(|item| match item.get_ref() {
            DeValue::String(text) => Ok((text.as_ref(), item.span())),
            other => Err(source.error(
                &item.span(),
                format!(
                    "`{}` must be a list of {what}, but holds {}",
                    source.key(key),
                    described(other)
                ),
            )),
        })
        .collect()
}

/// Rule selectors (codes, prefixes, names, `ALL`), each checked against the rule table.
fn rule_selectors(
    key: &str,
    value: &Spanned<DeValue<'_>>,
    source: &Source<'_>,
) -> Result<Vec<String>> {
    strings(key, value, "rule codes (strings)", source)?
        .into_iter()
        .map(|(selector, span)| {
            expand_selector(selector)
                .map(|_| selector.trim().to_owned())
                .map_err(|error| source.error(&span, format!("`{}`: {error}", source.key(key))))
        })
        .collect()
}

/// Gitignore-style path patterns, each compiled.
fn path_patterns(
    key: &str,
    value: &Spanned<DeValue<'_>>,
    source: &Source<'_>,
) -> Result<Vec<PathPattern>> {
    strings(key, value, "path patterns (strings)", source)?
        .into_iter()
        .map(|(pattern, span)| compile_pattern(key, pattern, &span, source))
        .collect()
}

fn compile_pattern(
    key: &str,
    pattern: &str,
    span: &Range<usize>,
    source: &Source<'_>,
) -> Result<PathPattern> {
    PathPattern::new(pattern).map_err(|error| {
        source.error(
            span,
            format!(
                "`{}`: invalid pattern `{pattern}`: {error}",
                source.key(key)
            ),
        )
    })
}

/// A table of path pattern -> list of rule selectors.
fn per_file_ignores(
    key: &str,
    value: &Spanned<DeValue<'_>>,
    source: &Source<'_>,
) -> Result<Vec<PerFileIgnore>> {
    let DeValue::Table(table) = value.get_ref() else {
        return Err(source.error(
            &value.span(),
            format!(
                "`{}` must be a table of path patterns to lists of rule codes, not {}",
                source.key(key),
                described(value.get_ref())
            ),
        ));
    };
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(pattern, _)| pattern.span().start);
    entries
        .into_iter()
        .map(|(pattern, selectors)| {
            let pattern_text: &str = pattern.get_ref().as_ref();
            let entry_key = format!("{key}.{}", quoted_key(pattern_text));
            let compiled = compile_pattern(key, pattern_text, &pattern.span(), source)?;
            let mut rules = Vec::new();
            for selector in rule_selectors(&entry_key, selectors, source)? {
                // Validated just above: expanding again cannot fail.
                rules.extend(expand_selector(&selector).unwrap_or_default());
            }
            Ok(PerFileIgnore {
                pattern: compiled,
                rules,
            })
        })
        .collect()
}

/// A table key as TOML would write it in a dotted key.
fn quoted_key(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|character| character.is_ascii_alphanumeric() || matches!(character, '-' | '_'));
    if bare {
        key.to_owned()
    } else {
        format!("{key:?}")
    }
}

fn report_scope(
    key: &str,
    value: &Spanned<DeValue<'_>>,
    source: &Source<'_>,
) -> Result<ReportScope> {
    match value.get_ref() {
        DeValue::String(text) => match text.as_ref() {
            "new" => Ok(ReportScope::New),
            "changed" => Ok(ReportScope::Changed),
            "all" => Ok(ReportScope::All),
            other => Err(source.error(
                &value.span(),
                format!(
                    "`{}` must be \"new\", \"changed\" or \"all\", not {other:?}",
                    source.key(key)
                ),
            )),
        },
        other => Err(source.error(
            &value.span(),
            format!(
                "`{}` must be \"new\", \"changed\" or \"all\", not {}",
                source.key(key),
                described(other)
            ),
        )),
    }
}

fn boolean(key: &str, value: &Spanned<DeValue<'_>>, source: &Source<'_>) -> Result<bool> {
    match value.get_ref() {
        DeValue::Boolean(flag) => Ok(*flag),
        other => Err(source.error(
            &value.span(),
            format!(
                "`{}` must be true or false, not {}",
                source.key(key),
                described(other)
            ),
        )),
    }
}

/// A size in bytes: an integer, or a string with a unit (`"10MiB"`, `"512K"`).
fn file_size(key: &str, value: &Spanned<DeValue<'_>>, source: &Source<'_>) -> Result<u64> {
    let parsed = match value.get_ref() {
        DeValue::Integer(integer) => integer
            .as_str()
            .parse::<u64>()
            .map_err(|_| "a non-negative integer number of bytes".to_owned()),
        DeValue::String(text) => parse_size(text),
        other => Err(format!("a size, not {}", described(other))),
    };
    parsed.map_err(|problem| {
        source.error(
            &value.span(),
            format!("`{}` must be {problem}", source.key(key)),
        )
    })
}

/// Parses `10485760`, `10M`, `10MiB`, `512K`, `1G` (binary units) into bytes.
pub fn parse_size(text: &str) -> std::result::Result<u64, String> {
    let text = text.trim();
    let split = text
        .find(|character: char| !character.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let number: u64 = digits
        .parse()
        .map_err(|_| format!("a size like `10MiB` or a number of bytes, not `{text}`"))?;
    let multiplier: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => {
            return Err(format!(
                "a size like `10MiB` or a number of bytes, not `{text}`"
            ));
        }
    };
    number
        .checked_mul(multiplier)
        .ok_or_else(|| format!("a size that fits in 64 bits, not `{text}`"))
}

/// A value's type with its article, for messages: "a string", "an array".
fn described(value: &DeValue<'_>) -> String {
    let kind = value.type_str();
    let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {kind}")
}

/// The known key an unknown one is most likely a typo of (`selct`, `extend_select`).
fn closest_key(unknown: &str) -> Option<&'static str> {
    let normalized = unknown.to_ascii_lowercase().replace('_', "-");
    KNOWN_KEYS
        .iter()
        .map(|known| (edit_distance(&normalized, known), *known))
        .filter(|(distance, _)| *distance <= 2)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, known)| known)
}

/// Levenshtein distance, for suggestions.
fn edit_distance(left: &str, right: &str) -> usize {
    let right: Vec<char> = right.chars().collect();
    let mut previous: Vec<usize> = (0..=right.len()).collect();
    for (row, left_char) in left.chars().enumerate() {
        let mut current = vec![row + 1];
        for (column, right_char) in right.iter().enumerate() {
            let substitution = previous[column] + usize::from(left_char != *right_char);
            let insertion = current[column] + 1;
            let deletion = previous[column + 1] + 1;
            current.push(substitution.min(insertion).min(deletion));
        }
        previous = current;
    }
    previous[right.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Rule;

    fn standalone(text: &str) -> Result<FileSettings> {
        parse(text, FileKind::Standalone, ".bindcheck.toml")
            .map(|settings| settings.expect("a standalone file always has settings"))
    }

    fn error(text: &str) -> String {
        format!("{:#}", standalone(text).expect_err("invalid configuration"))
    }

    #[test]
    fn every_key_is_read() {
        let settings = standalone(
            r#"
select = ["BND00"]
extend-select = ["hardcoded-port"]
ignore = ["BND003"]
exclude = ["build/"]
extend-exclude = ["*_pb2.py"]
report = "changed"
require-reason = true
compat-suppressions = false
respect-gitignore = false

[per-file-ignores]
"tests/**" = ["BND001", "BND002"]
"#,
        )
        .expect("valid configuration");
        assert_eq!(settings.select, Some(vec!["BND00".to_owned()]));
        assert_eq!(settings.extend_select, vec!["hardcoded-port".to_owned()]);
        assert_eq!(settings.ignore, vec!["BND003".to_owned()]);
        let exclude: Vec<&str> = settings
            .exclude
            .iter()
            .flatten()
            .map(PathPattern::as_str)
            .collect();
        assert_eq!(exclude, vec!["build/"]);
        assert_eq!(settings.extend_exclude[0].as_str(), "*_pb2.py");
        assert_eq!(settings.report, Some(ReportScope::Changed));
        assert_eq!(settings.require_reason, Some(true));
        assert_eq!(settings.compat_suppressions, Some(false));
        assert_eq!(settings.respect_gitignore, Some(false));
        assert_eq!(settings.per_file_ignores.len(), 1);
        assert_eq!(settings.per_file_ignores[0].pattern.as_str(), "tests/**");
        assert_eq!(
            settings.per_file_ignores[0].rules,
            vec![Rule::BindAllInterfaces, Rule::ServerAllInterfaces]
        );
    }

    #[test]
    fn empty_file_sets_nothing() {
        let settings = standalone("").expect("valid configuration");
        assert!(settings.select.is_none());
        assert!(settings.exclude.is_none());
        assert!(settings.report.is_none());
    }

    #[test]
    fn pyproject_reads_the_tool_bindcheck_table_only() {
        let text = "[project]\nname = \"x\"\n[tool.ruff]\nselect = [\"E\"]\n\
                    [tool.bindcheck]\nignore = [\"BND003\"]\n";
        let settings = parse(text, FileKind::PyProject, "pyproject.toml")
            .expect("valid")
            .expect("has the table");
        assert_eq!(settings.ignore, vec!["BND003".to_owned()]);
        assert!(settings.select.is_none());
        let without = "[project]\nname = \"x\"\n[tool.ruff]\nselect = [\"E\"]\n";
        assert!(
            parse(without, FileKind::PyProject, "pyproject.toml")
                .expect("valid")
                .is_none()
        );
    }

    #[test]
    fn pyproject_errors_name_the_full_key() {
        let text = "[tool.bindcheck]\nselct = [\"BND001\"]\n";
        let message = format!(
            "{:#}",
            parse(text, FileKind::PyProject, "pyproject.toml").expect_err("unknown key")
        );
        assert!(
            message.starts_with("pyproject.toml:2: unknown key `tool.bindcheck.selct`"),
            "{message}"
        );
        let not_a_table = "[tool]\nbindcheck = 1\n";
        let message = format!(
            "{:#}",
            parse(not_a_table, FileKind::PyProject, "pyproject.toml").expect_err("not a table")
        );
        assert_eq!(
            message,
            "pyproject.toml:2: `tool.bindcheck` must be a table, not an integer"
        );
    }

    #[test]
    fn unknown_key_names_key_file_line_and_suggests() {
        let message = error("report = \"all\"\nselct = [\"BND001\"]\n");
        assert!(
            message.starts_with(
                ".bindcheck.toml:2: unknown key `selct` (did you mean `select`? known keys: select, ignore,"
            ),
            "{message}"
        );
        assert!(error("extend_select = []").contains("did you mean `extend-select`?"));
        assert!(!error("colour = true").contains("did you mean"));
    }

    #[test]
    fn wrong_types_are_errors_naming_the_key() {
        assert_eq!(
            error("select = \"BND001\""),
            ".bindcheck.toml:1: `select` must be a list of rule codes (strings), not a string"
        );
        assert_eq!(
            error("ignore = [\"BND001\",\n  3]"),
            ".bindcheck.toml:2: `ignore` must be a list of rule codes (strings), but holds an integer"
        );
        assert_eq!(
            error("require-reason = \"yes\""),
            ".bindcheck.toml:1: `require-reason` must be true or false, not a string"
        );
        assert_eq!(
            error("respect-gitignore = 0"),
            ".bindcheck.toml:1: `respect-gitignore` must be true or false, not an integer"
        );
        assert_eq!(
            error("per-file-ignores = [\"x\"]"),
            ".bindcheck.toml:1: `per-file-ignores` must be a table of path patterns to lists of rule codes, not an array"
        );
    }

    #[test]
    fn bad_values_are_errors_naming_the_key() {
        let message = error("select = [\n  \"BND001\",\n  \"BND9\",\n]\n");
        assert!(
            message.starts_with(".bindcheck.toml:3: `select`: unknown rule selector `BND9`"),
            "{message}"
        );
        assert_eq!(
            error("report = \"everything\""),
            ".bindcheck.toml:1: `report` must be \"new\", \"changed\" or \"all\", not \"everything\""
        );
        let message = error("exclude = [\"src/[a\"]");
        assert!(
            message.starts_with(".bindcheck.toml:1: `exclude`: invalid pattern `src/[a`"),
            "{message}"
        );
        let message = error("[per-file-ignores]\n\"tests/*\" = [\"XYZ\"]\n");
        assert!(
            message.starts_with(
                ".bindcheck.toml:2: `per-file-ignores.\"tests/*\"`: unknown rule selector `XYZ`"
            ),
            "{message}"
        );
    }

    #[test]
    fn invalid_toml_names_line_and_column() {
        let message = error("select = [\"BND001\"\nreport = \"all\"\n");
        assert!(
            message.starts_with(".bindcheck.toml:2:1: invalid TOML: missing comma"),
            "{message}"
        );
        assert!(error("a = 1\na = 2\n").starts_with(".bindcheck.toml:2:1: invalid TOML:"));
    }

    #[test]
    fn closest_file_with_settings_wins_and_precedence_within_a_directory() {
        let root = tempfile::tempdir().expect("temporary directory");
        let root_path = root.path().canonicalize().expect("canonical");
        let child = root_path.join("child");
        std::fs::create_dir_all(&child).expect("create");
        std::fs::write(
            root_path.join("pyproject.toml"),
            "[tool.bindcheck]\nignore = [\"BND001\"]\n",
        )
        .expect("write");
        // A pyproject.toml without [tool.bindcheck] does not stop the search.
        std::fs::write(
            child.join("pyproject.toml"),
            "[project]\nname = \"child\"\n",
        )
        .expect("write");
        let found = locate(None, Search::Upwards(&child), &child)
            .expect("valid")
            .expect("found in the parent");
        assert_eq!(found.settings.ignore, vec!["BND001".to_owned()]);
        assert_eq!(found.directory, root_path);
        assert_eq!(
            found.display,
            root_path.join("pyproject.toml").to_string_lossy()
        );

        // In one directory: .bindcheck.toml, then bindcheck.toml, then pyproject.toml.
        std::fs::write(root_path.join("bindcheck.toml"), "ignore = [\"BND002\"]\n").expect("write");
        let found = locate(None, Search::Directory(&root_path), &root_path)
            .expect("valid")
            .expect("found");
        assert_eq!(found.display, "bindcheck.toml");
        assert_eq!(found.settings.ignore, vec!["BND002".to_owned()]);
        std::fs::write(root_path.join(".bindcheck.toml"), "").expect("write");
        let found = locate(None, Search::Directory(&root_path), &root_path)
            .expect("valid")
            .expect("found");
        assert_eq!(found.display, ".bindcheck.toml");
        assert!(found.settings.ignore.is_empty());
    }

    #[test]
    fn broken_pyproject_without_bindcheck_is_skipped() {
        let root = tempfile::tempdir().expect("temporary directory");
        std::fs::write(root.path().join("pyproject.toml"), "[project\n").expect("write");
        assert!(
            locate(None, Search::Directory(root.path()), root.path())
                .expect("skipped, not an error")
                .is_none()
        );
    }

    #[test]
    fn explicit_pyproject_needs_the_table() {
        let root = tempfile::tempdir().expect("temporary directory");
        let path = root.path().join("pyproject.toml");
        std::fs::write(&path, "[project]\nname = \"x\"\n").expect("write");
        let message = format!(
            "{:#}",
            locate(Some(&path), Search::Nowhere, root.path()).expect_err("no table")
        );
        assert!(message.contains("no [tool.bindcheck] table"), "{message}");
        let missing = root.path().join("missing.toml");
        let message = format!(
            "{:#}",
            locate(Some(&missing), Search::Nowhere, root.path()).expect_err("missing")
        );
        assert!(message.contains("missing.toml: cannot read"), "{message}");
    }

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("selct", "select"), 1);
        assert_eq!(edit_distance("report", "report"), 0);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn sizes_take_binary_units() {
        assert_eq!(parse_size("1024"), Ok(1024));
        assert_eq!(parse_size("10MiB"), Ok(10 << 20));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        assert!(parse_size("ten").is_err());
        assert!(parse_size("10 parsecs").is_err());
    }
}
