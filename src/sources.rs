//! Where the files to check come from: the changes git reports (index, commit ranges, pushed
//! refs) and the paths `scan` is given. This module turns them into [`FileToCheck`] lists for
//! the pipeline; it reads blobs and files but decides nothing about findings.

use std::collections::HashSet;
use std::io::BufRead;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use git2::Oid;

use crate::check::{
    ChangedModules, Comparison, Content, DeferredBase, Dependency, FileToCheck, ModuleChange,
    Projects, ReportScope,
};
use crate::config::Config;
use crate::diff::AddedLines;
use crate::files;
use crate::git::{self, Changes, GitRepository};
use crate::project::Project;
use crate::project::dependents::ChangedModule;
use crate::python::{self, SourceKind};

/// The Python files (by name) a change deletes, not excluded by the configuration, as files
/// whose base versions only serve to recognise a listener moved from them to another file of
/// the change ([`Content::Deleted`]). Nothing of them is read here: their blobs are read and
/// analysed only when the change has a new finding.
fn deleted_files(
    repository: &GitRepository,
    deleted: Vec<git::DeletedBlob>,
    config: &Config,
    projects: &Projects,
    change: usize,
) -> Vec<FileToCheck> {
    let mut files = Vec::new();
    let mut reader: Option<Arc<git::BlobReader>> = None;
    for gone in deleted {
        if config.check.paths.excluded_by(&gone.path, false).is_some() {
            continue;
        }
        let Some(kind) = python::source_kind(&gone.path, b"") else {
            continue;
        };
        let reader = Arc::clone(reader.get_or_insert_with(|| Arc::new(repository.blob_reader())));
        let id = gone.old_id;
        files.push(FileToCheck {
            path: gone.path,
            kind,
            content: Content::Deleted(DeferredBase::new(move |limit| reader.read(id, limit))),
            // Moves are recognised against the first base version only (`HEAD` during a
            // merge), as for the changed files.
            comparison: Comparison::Against {
                bases: Vec::new(),
                added: None,
                change,
                dependency: None,
            },
            projects: Projects {
                new: None,
                bases: projects.bases.iter().take(1).cloned().collect(),
            },
        });
    }
    files
}

/// The files of `changes` that are Python and not excluded by the configuration, with their
/// base versions, each handed to `emit` as soon as it is read (so that checking it overlaps
/// with reading the next); then the files the change deletes, and the files it can alter
/// without touching them (see [`dependents`]). Added lines are computed only for `--report
/// changed`. Returns the change's modules whose names changed, if any, for
/// [`crate::check::check_changes`] to give the change's files.
pub fn stream_changes(
    repository: &GitRepository,
    changes: Changes,
    config: &Config,
    seen: &mut HashSet<(String, Oid)>,
    projects: &Projects,
    change: usize,
    emit: &mut dyn FnMut(FileToCheck),
) -> Result<Option<ChangedModules>> {
    let scope = config.check.scope;
    if config.verbose {
        for skipped in &changes.skipped {
            eprintln!(
                "git-bindcheck: {}: {:?}, not checked",
                skipped.path, skipped.reason
            );
        }
    }
    // First the new versions, to learn which modules' changes need parsing to compare (those
    // that may export a wildcard or a wrapper, see `module_change`): their comparisons run on
    // threads of their own while the other files are read and checked.
    let mut read: Vec<(git::ChangedBlob, SourceKind, Vec<u8>, bool)> = Vec::new();
    for changed in changes.files {
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
        // The same file version pushed on two refs is checked once.
        if !seen.insert((changed.path.clone(), changed.new_id)) {
            continue;
        }
        let by_name = python::source_kind(&changed.path, b"");
        if by_name.is_none() && !may_have_shebang(&changed.path) {
            continue;
        }
        let new = repository.read_blob(changed.new_id)?;
        let Some(kind) = by_name.or_else(|| python::source_kind(&changed.path, head(&new))) else {
            continue;
        };
        let wide = projects.new.is_some()
            && kind == SourceKind::Module
            && may_export_findings(&changed.path, &new);
        read.push((changed, kind, new, wide));
    }
    let changed_paths: Vec<String> = read
        .iter()
        .map(|(changed, ..)| changed.path.clone())
        .collect();
    // Wide modules first (a stable sort keeps path order otherwise), each with its place in
    // path order.
    let mut read: Vec<(usize, _)> = read.into_iter().enumerate().collect();
    read.sort_by_key(|(_, (.., wide))| !wide);
    let mut found: Vec<(usize, ModuleChange)> = Vec::new();
    std::thread::scope(|threads| -> Result<()> {
        // At most `jobs` comparisons at a time: a pull request of hundreds of modules does not
        // parse them all at once.
        let mut comparisons = std::collections::VecDeque::new();
        // The oldest comparison's outcome: the module, if its names changed.
        let finish_one = |comparisons: &mut std::collections::VecDeque<(usize, _)>| {
            let Some((index, comparison)) = comparisons.pop_front() else {
                return Ok(None);
            };
            let compared: Result<Option<ModuleChange>> =
                std::thread::ScopedJoinHandle::join(comparison).map_err(|_| {
                    anyhow::anyhow!("internal error: comparing a module's versions failed")
                })?;
            anyhow::Ok(compared?.map(|module| (index, module)))
        };
        for (index, (changed, kind, new, wide)) in read {
            let base = changed
                .old_id
                .map(|id| repository.read_blob(id))
                .transpose()?;
            if projects.new.is_some() && kind == SourceKind::Module {
                if wide {
                    if comparisons.len() >= config.jobs.max(1) {
                        found.extend(finish_one(&mut comparisons)?);
                    }
                    let (path, base, new) = (changed.path.clone(), base.clone(), new.clone());
                    comparisons.push_back((
                        index,
                        threads.spawn(move || {
                            module_change(&path, base.as_deref(), &new, scope, true)
                        }),
                    ));
                } else if let Some(module) =
                    module_change(&changed.path, base.as_deref(), &new, scope, false)?
                {
                    found.push((index, module));
                }
            }
            // A notebook's added lines are lines of its JSON, not of its code cells: the check
            // compares the code cells of the two versions instead.
            let added = match (scope, &base) {
                _ if kind == SourceKind::Notebook => None,
                (ReportScope::Changed, Some(base)) => Some(git::added_lines(base, &new)?),
                (ReportScope::Changed, None) => Some(AddedLines::all()),
                _ => None,
            };
            // During a merge a finding is new only if every parent lacks it (SPEC 4).
            // `projects` lists the base version's project first, then each merge parent's.
            let mut base_projects = Vec::new();
            if base.is_some() {
                base_projects.push(projects.bases.first().cloned().flatten());
            }
            let mut bases: Vec<Vec<u8>> = base.into_iter().collect();
            for (parent, id) in changed.merge_parent_ids.iter().enumerate() {
                bases.push(repository.read_blob(*id)?);
                base_projects.push(projects.bases.get(parent + 1).cloned().flatten());
            }
            emit(FileToCheck {
                path: changed.path,
                kind,
                content: Content::Bytes(new),
                comparison: Comparison::Against {
                    bases,
                    added,
                    change,
                    dependency: None,
                },
                projects: Projects {
                    new: projects.new.clone(),
                    bases: base_projects,
                },
            });
        }
        while !comparisons.is_empty() {
            found.extend(finish_one(&mut comparisons)?);
        }
        Ok(())
    })?;
    // In path order, whichever finished first.
    found.sort_by_key(|(index, _)| *index);
    let changed_modules: Vec<ModuleChange> = found.into_iter().map(|(_, module)| module).collect();
    for file in deleted_files(repository, changes.deleted, config, projects, change) {
        emit(file);
    }
    let Some(project) = &projects.new else {
        return Ok(None);
    };
    if changed_modules.is_empty() {
        return Ok(None);
    }
    let modules = Arc::new(changed_modules);
    for file in dependents(
        project,
        &modules,
        &changed_paths,
        config,
        seen,
        projects,
        change,
    ) {
        emit(file);
    }
    Ok(Some((change, modules)))
}

/// True when the module at `path` with these bytes may export what makes a finding elsewhere:
/// it holds an all-interfaces literal or a listener word.
fn may_export_findings(path: &str, new: &[u8]) -> bool {
    crate::project::holds_wildcard_literal(new)
        || crate::rules::prefilter::may_listen(path, new, SourceKind::Module)
}

/// What the change did to the top level of a module (`path`, from `base` to `new`) whose
/// importers may see it: `None` when no module-level name changed, or when nothing it exports
/// can make a finding elsewhere: the new version is not `wide` (see [`may_export_findings`]),
/// and the change gave no changed definition an empty string (the empty host, `HOST = ""`;
/// most modules hold an empty string somewhere, so only one the change adds to a changed
/// top-level statement counts).
fn module_change(
    path: &str,
    base: Option<&[u8]>,
    new: &[u8],
    scope: ReportScope,
    wide: bool,
) -> Result<Option<ModuleChange>> {
    let empty_string_lines = if wide {
        Vec::new()
    } else {
        new_empty_string_lines(base, new)
    };
    if !wide && empty_string_lines.is_empty() {
        return Ok(None);
    }
    // `--report changed` (and `all`) also show existing findings whose value comes from a line
    // the change touched: those lines' names are searched for too.
    let added = match (scope, base) {
        (ReportScope::New, _) => None,
        (_, Some(base)) => Some(git::added_lines(base, new)?),
        (_, None) => Some(AddedLines::all()),
    };
    let touched = |first: u32, last: u32| {
        added
            .as_ref()
            .is_some_and(|added| added.touches(first, last))
    };
    let Some(changes) = python::changes::module_changes(base, new, &touched) else {
        return Ok(None);
    };
    if changes.is_empty() {
        return Ok(None);
    }
    let gained_empty_string = |definition: &python::changes::ChangedDefinition| {
        let (first, last) = definition.lines;
        empty_string_lines
            .iter()
            .any(|line| (first..=last).contains(line))
    };
    if !wide && !changes.definitions.iter().any(gained_empty_string) {
        return Ok(None);
    }
    Ok(Some(ModuleChange {
        path: path.to_owned(),
        changes,
        added,
    }))
}

/// The lines (from 1) of `new` that hold an empty string literal and that `base` does not have
/// as they are: where the change may have made a name the empty host. A line moved unchanged
/// is no such line; a removed line that uncovered an earlier `HOST = ""` is not seen.
fn new_empty_string_lines(base: Option<&[u8]>, new: &[u8]) -> Vec<u32> {
    let known: HashSet<&[u8]> = base
        .map(|base| {
            empty_string_lines(base)
                .into_iter()
                .map(|(line, _)| line)
                .collect()
        })
        .unwrap_or_default();
    empty_string_lines(new)
        .into_iter()
        .filter(|(line, _)| !known.contains(line))
        .map(|(_, number)| number)
        .collect()
}

/// The lines of `text` that hold an empty string literal (see
/// [`crate::project::empty_string_literals`]), each once, with its number (from 1). Found from
/// the quotes, not line by line: most lines have none.
fn empty_string_lines(text: &[u8]) -> Vec<(&[u8], u32)> {
    let mut starts: Vec<usize> = crate::project::empty_string_literals(text)
        .map(|at| memchr::memrchr(b'\n', &text[..at]).map_or(0, |newline| newline + 1))
        .collect();
    starts.sort_unstable();
    starts.dedup();
    let mut number = 1u32;
    let mut counted = 0;
    starts
        .into_iter()
        .map(|start| {
            number += u32::try_from(memchr::memchr_iter(b'\n', &text[counted..start]).count())
                .unwrap_or(u32::MAX);
            counted = start;
            let end = memchr::memchr(b'\n', &text[start..]).map_or(text.len(), |end| start + end);
            (&text[start..end], number)
        })
        .collect()
}

/// The files of the new snapshot that the change did not touch but whose findings it can
/// alter (they import a changed module's changed names), each compared with its versions in
/// the base snapshots (SPEC 4). Excluded paths are left out, like changed files.
fn dependents(
    project: &Project,
    modules: &Arc<Vec<ModuleChange>>,
    changed_paths: &[String],
    config: &Config,
    seen: &mut HashSet<(String, Oid)>,
    projects: &Projects,
    change: usize,
) -> Vec<FileToCheck> {
    let searched: Vec<ChangedModule> = modules
        .iter()
        .map(|module| ChangedModule {
            path: module.path.clone(),
            names: module.changes.names.clone(),
        })
        .collect();
    let skip = |path: &str| {
        changed_paths.iter().any(|changed| changed == path)
            || config.check.paths.excluded_by(path, false).is_some()
    };
    let started = std::time::Instant::now();
    let Some(found) = crate::project::dependents::find(project, &searched, &skip, config.jobs)
    else {
        // Never a silent pass: say that the untouched files were not looked at.
        if !config.quiet {
            eprintln!(
                "git-bindcheck: warning: cannot list the files of the version checked (a split or sparse index?): files importing a changed module were not checked"
            );
        }
        return Vec::new();
    };
    if config.verbose {
        let names: Vec<&str> = searched
            .iter()
            .flat_map(|module| module.names.iter().map(String::as_str))
            .collect();
        eprintln!(
            "git-bindcheck: searched the snapshot for files importing {} ({}) in {:.1?}: {} found",
            searched
                .iter()
                .map(|module| module.path.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            names.join(", "),
            started.elapsed(),
            found.len()
        );
        for dependent in &found {
            eprintln!(
                "git-bindcheck: {}: imports a changed module, checked",
                dependent.path
            );
        }
    }
    let mut files = Vec::new();
    for dependent in found {
        // The same version reached from two pushed refs is checked once.
        let id = Oid::hash_object(git2::ObjectType::Blob, &dependent.bytes).unwrap_or(Oid::zero());
        if !seen.insert((dependent.path.clone(), id)) {
            continue;
        }
        // Its version in each base (the parent, and each merge parent): a version missing
        // from one holds no finding there.
        let bases = projects
            .bases
            .iter()
            .map(|base| {
                base.as_deref()
                    .and_then(|base| base.read(&dependent.path))
                    .unwrap_or_default()
            })
            .collect();
        files.push(FileToCheck {
            path: dependent.path,
            kind: SourceKind::Module,
            content: Content::Bytes(dependent.bytes),
            comparison: Comparison::Against {
                bases,
                added: None,
                change,
                dependency: Some(Dependency {
                    modules: Arc::clone(modules),
                    imports: dependent.imports,
                }),
            },
            projects: projects.clone(),
        });
    }
    files
}

/// The files `scan` checks: named files and directories, and standard input for `-`, each
/// handed to `emit` as soon as it is found (so that checking overlaps with the walk). Returns
/// warnings about named files that are not Python and ignore files that cannot be read.
pub fn from_paths(
    config: &Config,
    paths: Vec<PathBuf>,
    stdin_filename: Option<String>,
    stdin: &mut dyn std::io::Read,
    project: Option<Arc<Project>>,
    emit: &mut dyn FnMut(FileToCheck),
) -> Result<Vec<String>> {
    let projects = Projects {
        new: project,
        bases: Vec::new(),
    };
    let paths = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths
    };
    let (stdin_paths, file_paths): (Vec<_>, Vec<_>) =
        paths.into_iter().partition(|path| path.as_os_str() == "-");
    if !stdin_paths.is_empty() {
        let mut bytes = Vec::new();
        stdin
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
        let name = stdin_filename.unwrap_or_else(|| "-".to_owned());
        let kind = python::source_kind(&name, head(&bytes)).unwrap_or(SourceKind::Module);
        emit(FileToCheck {
            path: name,
            kind,
            content: Content::Bytes(bytes),
            comparison: Comparison::None,
            projects: projects.clone(),
        });
    }
    let discovery = files::discover(&file_paths, &config.check.paths, &mut |found| {
        emit(FileToCheck {
            path: found.display,
            kind: found.kind,
            content: Content::Path(found.path),
            comparison: Comparison::None,
            projects: projects.clone(),
        });
    })?;
    if config.verbose {
        for (path, pattern) in &discovery.excluded {
            eprintln!("git-bindcheck: {path}: excluded by `{pattern}`, not checked");
        }
        for (path, reason) in &discovery.gitignored {
            eprintln!("git-bindcheck: {path}: ignored by git ({reason}), not checked");
        }
    }
    Ok(discovery.warnings)
}

/// One ref that `git push` is about to update, from the pre-push hook's standard input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PushedRef {
    /// The local ref being pushed (`refs/heads/topic`).
    pub local_ref: String,
    /// The commit being pushed.
    pub local: Oid,
    /// The remote's current commit for the ref, `None` for a new ref.
    pub remote: Option<Oid>,
}

/// Parses git's pre-push protocol: `<local-ref> SP <local-oid> SP <remote-ref> SP <remote-oid>`
/// per line. Deletions (a zero local id) are skipped: they add nothing to check.
pub fn pushed_refs(input: &mut dyn BufRead) -> Result<Vec<PushedRef>> {
    let mut refs = Vec::new();
    for line in input.lines() {
        let line = line.context("cannot read the refs to push from standard input")?;
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [local_ref, local, _remote_ref, remote] = fields.as_slice() else {
            bail!(
                "unexpected pre-push input line `{line}`: expected `<local-ref> <local-oid> <remote-ref> <remote-oid>` (run as git's pre-push hook: `git bindcheck install --pre-push`)"
            );
        };
        let parse = |text: &str| {
            Oid::from_str(text).with_context(|| format!("`{text}` in `{line}` is not an object id"))
        };
        let local = parse(local)?;
        if local.is_zero() {
            continue;
        }
        let remote = parse(remote)?;
        refs.push(PushedRef {
            local_ref: (*local_ref).to_owned(),
            local,
            remote: (!remote.is_zero()).then_some(remote),
        });
    }
    Ok(refs)
}

/// The commit a pushed ref is compared with: its merge base with the remote's old tip when the
/// remote has the ref and we have that commit, else where it leaves the remote's history
/// (`<oid> --not --remotes=<remote>`); `None` when it shares nothing with the remote.
pub fn push_base(
    repository: &GitRepository,
    pushed: &PushedRef,
    remote: &str,
) -> Result<Option<Oid>> {
    if let Some(old) = pushed.remote
        && repository.has_commit(old)
        && let Ok(base) = repository.merge_base(old, pushed.local)
    {
        return Ok(Some(base));
    }
    repository.fork_point(pushed.local, remote)
}

/// A `A..B` or `A...B` range, or a single revision, as `(base, head)`; head defaults to `HEAD`.
pub fn split_range(base: &str, head: Option<&str>) -> Result<(String, String)> {
    for separator in ["...", ".."] {
        if let Some((left, right)) = base.split_once(separator) {
            if head.is_some() {
                bail!("give either a range `{base}` or two revisions, not both");
            }
            let or_head = |side: &str| {
                if side.is_empty() {
                    "HEAD".to_owned()
                } else {
                    side.to_owned()
                }
            };
            return Ok((or_head(left), or_head(right)));
        }
    }
    Ok((base.to_owned(), head.unwrap_or("HEAD").to_owned()))
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

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "1111111111111111111111111111111111111111";
    const B: &str = "2222222222222222222222222222222222222222";
    const ZERO: &str = "0000000000000000000000000000000000000000";

    #[test]
    fn pre_push_lines_skip_deletions_and_mark_new_refs() {
        let input = format!(
            "refs/heads/main {A} refs/heads/main {B}\nrefs/heads/gone {ZERO} refs/heads/gone {B}\nrefs/heads/new {B} refs/heads/new {ZERO}\n"
        );
        let refs = pushed_refs(&mut input.as_bytes()).expect("valid input");
        assert_eq!(refs.len(), 2);
        assert_eq!(refs[0].remote, Oid::from_str(B).ok());
        assert_eq!(refs[1].local_ref, "refs/heads/new");
        assert_eq!(refs[1].remote, None);
    }

    /// True when `line` holds an empty string literal.
    fn holds_empty_string(line: &[u8]) -> bool {
        crate::project::empty_string_literals(line).next().is_some()
    }

    #[test]
    fn empty_strings_are_told_from_triple_quotes() {
        for line in [
            "HOST = \"\"",
            "HOST = ''",
            "HOST = os.getenv('HOST', '')",
            "x = b\"\" + f''",
            "serve(\"\", 9000)",
        ] {
            assert!(holds_empty_string(line.as_bytes()), "{line}");
        }
        for line in [
            "\"\"\"Docstring.\"\"\"",
            "'''",
            "HOST = \"127.0.0.1\"",
            "x = \"it's\" + 'a\"b'",
        ] {
            assert!(!holds_empty_string(line.as_bytes()), "{line}");
        }
        // Two quotes inside another string are counted too, which only costs a look.
        assert!(holds_empty_string(b"x = \"''\""));
    }

    #[test]
    fn only_lines_the_base_lacks_count_as_new_empty_strings() {
        let base = b"HOST = '127.0.0.1'\nNAME = ''\n";
        assert_eq!(
            new_empty_string_lines(Some(base), b"HOST = ''\nNAME = ''\n"),
            [1]
        );
        assert!(new_empty_string_lines(Some(base), b"NAME = ''\nHOST = '127.0.0.1'\n").is_empty());
        assert_eq!(new_empty_string_lines(None, b"x = 1\nHOST = \"\"\n"), [2]);
        assert_eq!(
            new_empty_string_lines(None, b"a = 1\n'''doc'''\nb = ''\n\nc = \"\" + ''\nd = ''"),
            [3, 5, 6]
        );
    }

    #[test]
    fn malformed_pre_push_input_is_an_error() {
        assert!(pushed_refs(&mut "just one field\n".as_bytes()).is_err());
    }

    #[test]
    fn ranges_split_on_two_or_three_dots() {
        assert_eq!(
            split_range("main...topic", None).expect("range"),
            ("main".into(), "topic".into())
        );
        assert_eq!(
            split_range("origin/main..", None).expect("range"),
            ("origin/main".into(), "HEAD".into())
        );
        assert_eq!(
            split_range("main", None).expect("single"),
            ("main".into(), "HEAD".into())
        );
        assert!(split_range("a..b", Some("c")).is_err());
    }
}
