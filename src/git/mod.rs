//! Reading what git is about to record, through libgit2, without ever writing.
//!
//! The repository is opened from git's environment (`GIT_DIR`, `GIT_WORK_TREE`,
//! `GIT_INDEX_FILE`), so a hook run by `git commit -a` or `git commit <path>` sees the temporary
//! index git prepared, and a linked worktree sees its own index. Contents are read from the
//! object database (index and commits), never from the working tree, so partially staged files
//! are checked as staged. This module knows nothing about Python: it lists changed regular
//! files and hands out their blobs.
//!
//! The staged check reads the index file itself ([`index_file`]) and compares it with `HEAD`
//! through the index's cache-tree (`index_diff`), as git does, which skips every unchanged
//! directory; commit ranges skip the subtrees both sides share (`tree_diff`). Both fall back
//! to libgit2's diff whenever they cannot be sure to give the same answer (see
//! [`FallbackReason`]).

mod index_diff;
pub mod index_file;
mod snapshot;
mod tree_diff;
mod tree_entries;

use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use git2::{
    Delta, DiffFindOptions, DiffOptions, ErrorCode, FileMode, Oid, Pathspec, PathspecFlags,
    Repository, Tree,
};

use crate::diff::AddedLines;
pub use snapshot::{BlobReader, GitSnapshot};

/// A regular file the change adds or modifies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangedBlob {
    /// Repository-relative path in the new version, `/`-separated.
    pub path: String,
    /// The path in the base version, when the file was renamed or copied.
    pub old_path: Option<String>,
    /// The new content's blob.
    pub new_id: Oid,
    /// The base content's blob; `None` for a file the change adds (or that was not a regular
    /// file before, e.g. a symlink turned into a file).
    pub old_id: Option<Oid>,
    /// The file's blobs in the other parents of a merge in progress (`MERGE_HEAD`), where it
    /// exists there: a finding present in any parent is not new.
    pub merge_parent_ids: Vec<Oid>,
}

/// A regular file the change deletes (and git's rename detection pairs with no new file): never
/// checked itself, but a listener it held may have moved to another file of the change (SPEC 4).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeletedBlob {
    /// Repository-relative path in the base version, `/`-separated.
    pub path: String,
    /// The base content's blob (in `HEAD` during a merge: moves between files are recognised
    /// against the first base version, as for [`ChangedBlob`]s; the other parents count only
    /// for a file's own findings).
    pub old_id: Oid,
}

/// Why a changed path is not checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SkipReason {
    /// Mode 120000.
    Symlink,
    /// Mode 160000.
    Submodule,
}

/// A changed path that is not a regular file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkippedPath {
    /// Repository-relative path.
    pub path: String,
    /// Why it is not checked.
    pub reason: SkipReason,
}

/// The changes between a base tree and the index.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Regular files added, modified, renamed or copied.
    pub files: Vec<ChangedBlob>,
    /// Changed paths that are not regular files.
    pub skipped: Vec<SkippedPath>,
    /// Regular files deleted (not renamed), in path order.
    pub deleted: Vec<DeletedBlob>,
}

/// How [`GitRepository::staged_changes_explained`] compared the index with `HEAD`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StagedComparison {
    /// The index file was read directly and compared directory by directory, skipping those
    /// its cache-tree proves unchanged.
    CacheTree {
        /// Tree objects read below `HEAD`'s top tree.
        trees_read: usize,
        /// Index entries skipped without reading their trees.
        entries_skipped: usize,
    },
    /// libgit2 loaded the index and diffed it against `HEAD`'s tree.
    Libgit2(FallbackReason),
}

impl fmt::Display for StagedComparison {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StagedComparison::CacheTree {
                trees_read,
                entries_skipped,
            } => write!(
                formatter,
                "compared the index with HEAD through its cache-tree ({trees_read} {} read, {entries_skipped} unchanged {} skipped)",
                if *trees_read == 1 { "tree" } else { "trees" },
                if *entries_skipped == 1 {
                    "entry"
                } else {
                    "entries"
                },
            ),
            StagedComparison::Libgit2(reason) => write!(
                formatter,
                "compared the index with HEAD through libgit2: {reason}"
            ),
        }
    }
}

/// How [`GitRepository::range_changes_explained`] compared the two trees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RangeComparison {
    /// Directory by directory, skipping the subtrees both sides share.
    SubtreesSkipped {
        /// Tree objects read below the two top trees.
        trees_read: usize,
    },
    /// libgit2 diffed the two trees.
    Libgit2(FallbackReason),
}

impl fmt::Display for RangeComparison {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RangeComparison::SubtreesSkipped { trees_read } => write!(
                formatter,
                "compared the trees directory by directory, skipping shared subtrees ({trees_read} {} read)",
                if *trees_read == 1 { "tree" } else { "trees" },
            ),
            RangeComparison::Libgit2(reason) => {
                write!(formatter, "compared the trees through libgit2: {reason}")
            }
        }
    }
}

/// Why a comparison was left to libgit2's diff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FallbackReason {
    /// The index file could not be read (a missing file is an empty index to libgit2).
    IndexUnreadable(String),
    /// The index file is in a form the direct reader does not handle.
    IndexFormat(index_file::IndexFileError),
    /// Entries at a merge stage other than 0: libgit2 names the conflicted paths.
    Conflicts,
    /// `git add -N` entries.
    IntentToAdd,
    /// A sparse index's directory entry.
    SparseDirectoryEntry,
    /// A mode git does not write today, a null object id, or tree entries out of order.
    UnusualEntry,
    /// `core.ignoreCase`: libgit2 orders paths case-insensitively then.
    IgnoreCase,
    /// A path changed between file, symlink and submodule.
    TypeChange,
    /// The change both deletes and adds paths: libgit2's rename detection pairs them.
    PossibleRename,
    /// A tree object could not be read: libgit2 reports it in its words.
    UnreadableTree,
    /// `HEAD`'s commit or tree could not be read.
    UnreadableHead,
    /// Directories nested too deeply to walk recursively.
    DeepTree,
    /// The cache-tree's entry counts disagree with the entries.
    InconsistentCacheTree,
}

impl fmt::Display for FallbackReason {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FallbackReason::IndexUnreadable(error) => {
                write!(formatter, "the index file cannot be read ({error})")
            }
            FallbackReason::IndexFormat(error) => write!(formatter, "{error}"),
            FallbackReason::Conflicts => formatter.write_str("the index has conflicts"),
            FallbackReason::IntentToAdd => formatter.write_str("intent-to-add entries"),
            FallbackReason::SparseDirectoryEntry => formatter.write_str("sparse directory entries"),
            FallbackReason::UnusualEntry => {
                formatter.write_str("unusual modes, ids or order of entries")
            }
            FallbackReason::IgnoreCase => formatter.write_str("core.ignoreCase is set"),
            FallbackReason::TypeChange => formatter.write_str("a path changed type"),
            FallbackReason::PossibleRename => {
                formatter.write_str("deletions and additions may be renames")
            }
            FallbackReason::UnreadableTree => formatter.write_str("a tree cannot be read"),
            FallbackReason::UnreadableHead => {
                formatter.write_str("HEAD's commit or tree cannot be read")
            }
            FallbackReason::DeepTree => formatter.write_str("directories nested too deeply"),
            FallbackReason::InconsistentCacheTree => {
                formatter.write_str("the cache-tree disagrees with the entries")
            }
        }
    }
}

/// A repository opened from git's environment.
pub struct GitRepository {
    repository: Repository,
    /// The index file the staged check reads: the one libgit2 would open for `repository`.
    index_file: PathBuf,
}

impl GitRepository {
    /// Opens the repository the way git would for a hook: from `GIT_DIR`/`GIT_WORK_TREE`/
    /// `GIT_INDEX_FILE` when set, else by discovery from the current directory.
    pub fn open_from_environment() -> Result<GitRepository> {
        trust_object_ids();
        let repository = Repository::open_from_env().map_err(|error| {
            if error.code() == ErrorCode::NotFound {
                anyhow::anyhow!(
                    "not a git repository (or any parent up to the mount point): run this inside a repository, or use `git bindcheck scan PATH` to check files"
                )
            } else {
                anyhow::anyhow!(
                    "cannot open the git repository: {} (libgit2 reads SHA-1 repositories with the files ref backend)",
                    error.message()
                )
            }
        })?;
        // libgit2 opens `GIT_INDEX_FILE` as given, so a relative path is relative to the
        // current directory, as it is for git.
        let index_file = std::env::var_os("GIT_INDEX_FILE")
            .map_or_else(|| repository.path().join("index"), PathBuf::from);
        Ok(GitRepository {
            repository,
            index_file,
        })
    }

    /// Opens the repository at `path` (its work tree or git directory) without consulting
    /// git's environment variables, for callers that name the repository themselves (tests,
    /// tools); its index is `index` in its git directory.
    pub fn open(path: &Path) -> Result<GitRepository> {
        trust_object_ids();
        let repository = Repository::open(path)
            .with_context(|| format!("cannot open the git repository at {}", path.display()))?;
        let index_file = repository.path().join("index");
        Ok(GitRepository {
            repository,
            index_file,
        })
    }

    /// The files the index holds (what `git commit` will record), read on demand.
    pub fn index_snapshot(&self) -> GitSnapshot {
        GitSnapshot::of_index(self.repository.path(), self.index_file.clone())
    }

    /// A reader of this repository's blobs by id, usable from any thread, that opens its own
    /// handle on first read.
    pub fn blob_reader(&self) -> BlobReader {
        BlobReader::new(self.repository.path())
    }

    /// The files of a commit, read on demand.
    pub fn commit_snapshot(&self, commit: Oid) -> Option<GitSnapshot> {
        let tree = self.repository.find_commit(commit).ok()?.tree_id();
        Some(GitSnapshot::of_tree(self.repository.path(), tree))
    }

    /// The files of `HEAD` (none on an unborn branch) and of each `MERGE_HEAD` parent: the
    /// versions the staged check compares the index with, in the order of
    /// [`ChangedBlob::old_id`] then [`ChangedBlob::merge_parent_ids`].
    pub fn staged_base_snapshots(&self) -> Vec<Option<GitSnapshot>> {
        let head = self
            .head_tree()
            .ok()
            .flatten()
            .map(|tree| GitSnapshot::of_tree(self.repository.path(), tree.id()));
        let parents = self.merge_parent_trees().unwrap_or_default();
        std::iter::once(head)
            .chain(
                parents
                    .iter()
                    .map(|tree| Some(GitSnapshot::of_tree(self.repository.path(), tree.id()))),
            )
            .collect()
    }

    /// The top of the work tree (`GIT_WORK_TREE` when set), or `None` in a bare repository.
    pub fn work_tree(&self) -> Option<&Path> {
        self.repository.workdir()
    }

    /// The changes `git commit` would record: `HEAD`'s tree (the empty tree on an unborn
    /// branch) against the index. `pathspecs` (git syntax, relative to the current directory)
    /// restrict the paths.
    pub fn staged_changes(&self, pathspecs: &[String]) -> Result<Changes> {
        self.staged_changes_explained(pathspecs)
            .map(|(changes, _)| changes)
    }

    /// [`GitRepository::staged_changes`], saying how the index was compared with `HEAD`:
    /// through the cache-tree of the index file read directly, or by libgit2's diff and why.
    pub fn staged_changes_explained(
        &self,
        pathspecs: &[String],
    ) -> Result<(Changes, StagedComparison)> {
        self.refuse_bare()?;
        let fallback = |reason: FallbackReason| {
            let changes = self.staged_changes_with_libgit2(pathspecs)?;
            Ok((changes, StagedComparison::Libgit2(reason)))
        };
        let mut file = match std::fs::File::open(&self.index_file) {
            Ok(file) => file,
            Err(error) => return fallback(FallbackReason::IndexUnreadable(error.to_string())),
        };
        let scan = match index_diff::scan_index(&mut file) {
            Ok(scan) => scan,
            Err(reason) => return fallback(reason),
        };
        let ignore_case = self
            .repository
            .config()
            .and_then(|config| config.get_bool("core.ignorecase"))
            .unwrap_or(false);
        if ignore_case {
            return fallback(FallbackReason::IgnoreCase);
        }
        // libgit2 reports a broken HEAD, after the problems of the index it finds first.
        let Ok(head_tree) = self.head_tree() else {
            return fallback(FallbackReason::UnreadableHead);
        };
        let comparison = match index_diff::compare_head_with_index(
            &self.repository,
            head_tree.as_ref(),
            &scan,
            &mut file,
        ) {
            Ok(comparison) => comparison,
            Err(reason) => return fallback(reason),
        };
        let filter = PathFilter::new(&self.current_directory_prefix(), pathspecs)?;
        let merge_parents = self.merge_parent_trees()?;
        let mut changes = changes_from(comparison.entries, &filter, &merge_parents);
        changes.deleted = deleted_blobs(&self.repository, comparison.deleted, &filter);
        let how = StagedComparison::CacheTree {
            trees_read: comparison.trees_read,
            entries_skipped: comparison.entries_skipped,
        };
        Ok((changes, how))
    }

    /// The staged changes computed entirely by libgit2 (loading the whole index, diffing it
    /// against `HEAD`'s tree, detecting renames): the reference the faster comparison through
    /// the cache-tree must agree with, and what the staged check falls back to when that
    /// comparison cannot be sure.
    pub fn staged_changes_with_libgit2(&self, pathspecs: &[String]) -> Result<Changes> {
        self.refuse_bare()?;
        let index = self.repository.index().context(
            "cannot read the index: libgit2 does not read split or sparse indexes (run `git update-index --no-split-index`, or `git sparse-checkout disable`); a corrupt index can be rebuilt with `git read-tree HEAD` after saving your staged changes",
        )?;
        if index.has_conflicts() {
            let mut paths: Vec<String> = index
                .conflicts()
                .map(|conflicts| {
                    conflicts
                        .filter_map(Result::ok)
                        .filter_map(|conflict| {
                            conflict.our.or(conflict.their).or(conflict.ancestor)
                        })
                        .map(|entry| String::from_utf8_lossy(&entry.path).into_owned())
                        .collect()
                })
                .unwrap_or_default();
            paths.dedup();
            bail!(
                "the index has unmerged paths ({}); resolve the conflicts and `git add` the files first",
                paths.join(", ")
            );
        }
        let head_tree = self.head_tree()?;
        let filter = PathFilter::new(&self.current_directory_prefix(), pathspecs)?;
        let merge_parents = self.merge_parent_trees()?;
        let mut options = diff_options();
        let diff = self
            .repository
            .diff_tree_to_index(head_tree.as_ref(), Some(&index), Some(&mut options))
            .context("cannot compare the index with HEAD")?;
        collect_changes(diff, &filter, &merge_parents)
    }

    /// The changes between two commits, as a pull request shows them: from their merge base to
    /// `head` (`git diff base...head`). The base is the empty tree when the histories share no
    /// commit and `base` is `None`.
    pub fn range_changes(
        &self,
        base: Option<Oid>,
        head: Oid,
        pathspecs: &[String],
    ) -> Result<Changes> {
        self.range_changes_explained(base, head, pathspecs)
            .map(|(changes, _)| changes)
    }

    /// [`GitRepository::range_changes`], saying how the trees were compared: skipping the
    /// subtrees both sides share, or by libgit2's diff and why.
    pub fn range_changes_explained(
        &self,
        base: Option<Oid>,
        head: Oid,
        pathspecs: &[String],
    ) -> Result<(Changes, RangeComparison)> {
        let (base_tree, head_tree) = self.range_trees(base, head)?;
        let filter = PathFilter::new(&self.current_directory_prefix(), pathspecs)?;
        match tree_diff::compare_trees(&self.repository, base_tree.as_ref(), &head_tree) {
            Ok(comparison) => {
                let mut changes = changes_from(comparison.changes, &filter, &[]);
                changes.deleted = deleted_blobs(&self.repository, comparison.deleted, &filter);
                let how = RangeComparison::SubtreesSkipped {
                    trees_read: comparison.trees_read,
                };
                Ok((changes, how))
            }
            Err(reason) => {
                let changes = self.range_changes_with_libgit2(base, head, pathspecs)?;
                Ok((changes, RangeComparison::Libgit2(reason)))
            }
        }
    }

    /// The changes between two commits computed entirely by libgit2 (diffing every tree of
    /// both, detecting renames): the reference the faster comparison must agree with, and what
    /// [`GitRepository::range_changes`] falls back to when that comparison cannot be sure.
    pub fn range_changes_with_libgit2(
        &self,
        base: Option<Oid>,
        head: Oid,
        pathspecs: &[String],
    ) -> Result<Changes> {
        let (base_tree, head_tree) = self.range_trees(base, head)?;
        let filter = PathFilter::new(&self.current_directory_prefix(), pathspecs)?;
        let mut options = diff_options();
        let diff = self
            .repository
            .diff_tree_to_tree(base_tree.as_ref(), Some(&head_tree), Some(&mut options))
            .context("cannot compare the two trees")?;
        collect_changes(diff, &filter, &[])
    }

    /// The trees of `base` (`None`: the empty tree) and `head`.
    fn range_trees(&self, base: Option<Oid>, head: Oid) -> Result<(Option<Tree<'_>>, Tree<'_>)> {
        let head_commit = self.repository.find_commit(head).with_context(|| {
            format!("cannot read commit {head} (is the repository corrupt? try `git fsck`)")
        })?;
        let base_tree = match base {
            Some(base) => Some(
                self.repository
                    .find_commit(base)
                    .and_then(|commit| commit.tree())
                    .with_context(|| {
                        format!("cannot read the tree of {base} (is the repository corrupt? try `git fsck`)")
                    })?,
            ),
            None => None,
        };
        let head_tree = head_commit.tree().with_context(|| {
            format!("cannot read the tree of {head} (is the repository corrupt? try `git fsck`)")
        })?;
        Ok((base_tree, head_tree))
    }

    /// Resolves a revision (`main`, `origin/main`, a commit id, `HEAD~2`) to a commit.
    pub fn resolve_commit(&self, revision: &str) -> Result<Oid> {
        let object = self
            .repository
            .revparse_single(revision)
            .map_err(|error| anyhow::anyhow!(self.unknown_revision(revision, &error)))?;
        let commit = object
            .peel_to_commit()
            .with_context(|| format!("`{revision}` does not name a commit"))?;
        Ok(commit.id())
    }

    /// The error for a revision that does not resolve, saying what is most likely wrong: no
    /// commits yet, a branch that exists only as a remote-tracking branch (`origin/main` for
    /// `main`), or history a shallow clone lacks (for ancestry and object ids, never for a
    /// name that exists nowhere).
    fn unknown_revision(&self, revision: &str, error: &git2::Error) -> String {
        let reason = error.message().trim_end_matches('.');
        let unborn = matches!(
            self.repository.head(),
            Err(error) if error.code() == ErrorCode::UnbornBranch || error.code() == ErrorCode::NotFound
        );
        let no_references = self
            .repository
            .references()
            .is_ok_and(|mut references| references.next().is_none());
        if unborn && (revision.contains("HEAD") || no_references) {
            let branch = self
                .repository
                .find_reference("HEAD")
                .ok()
                .and_then(|head| head.symbolic_target().map(str::to_owned))
                .map(|target| target.trim_start_matches("refs/heads/").to_owned())
                .unwrap_or_else(|| "HEAD".to_owned());
            return format!(
                "unknown revision `{revision}`: branch `{branch}` has no commits yet, so there is nothing to compare; `git bindcheck` checks what the first commit will record"
            );
        }
        let name = revision
            .split(['~', '^', ':', '@'])
            .next()
            .unwrap_or(revision);
        let remote_branches: Vec<String> = self
            .repository
            .remotes()
            .map(|remotes| {
                remotes
                    .iter()
                    .flatten()
                    .map(|remote| format!("{remote}/{name}"))
                    .filter(|candidate| {
                        self.repository
                            .find_reference(&format!("refs/remotes/{candidate}"))
                            .is_ok()
                    })
                    .collect()
            })
            .unwrap_or_default();
        if !name.is_empty()
            && self.repository.revparse_single(name).is_err()
            && let Some(first) = remote_branches.first()
        {
            let suggestion = format!("{first}{}", revision.get(name.len()..).unwrap_or_default());
            return format!(
                "unknown revision `{revision}`: there is no branch `{name}` here, only the remote-tracking branch `{first}`; use `{suggestion}`"
            );
        }
        let names_history = revision.contains(['~', '^'])
            || (revision.len() >= 4 && revision.bytes().all(|byte| byte.is_ascii_hexdigit()));
        if self.repository.is_shallow() && names_history {
            return format!(
                "unknown revision `{revision}`: {reason}. This is a shallow clone that may lack it: fetch more history (`git fetch --unshallow`, or `fetch-depth: 0` for actions/checkout)"
            );
        }
        format!("unknown revision `{revision}`: {reason}")
    }

    /// The best common ancestor of two commits; an error that says what to do when there is
    /// none (a shallow clone that lacks it, or unrelated histories).
    pub fn merge_base(&self, base: Oid, head: Oid) -> Result<Oid> {
        match self.repository.merge_base(base, head) {
            Ok(id) => Ok(id),
            Err(error) if error.code() == ErrorCode::NotFound => {
                if self.repository.is_shallow() {
                    bail!(
                        "no merge base between {base} and {head}: this is a shallow clone that lacks it; fetch more history (`git fetch --unshallow`, or `fetch-depth: 0` for actions/checkout)"
                    )
                }
                bail!("{base} and {head} share no history: there is no merge base to compare with")
            }
            Err(error) => Err(error).context("cannot compute the merge base"),
        }
    }

    /// Where a pushed commit leaves the history already on `remote`: the most recent merge base
    /// of `local` with the remote's tracking branches (`<local> --not --remotes=<remote>`), or
    /// `None` when it shares nothing with them (everything it brings is new).
    pub fn fork_point(&self, local: Oid, remote: &str) -> Result<Option<Oid>> {
        let pattern = format!("refs/remotes/{remote}/*");
        let references = self
            .repository
            .references_glob(&pattern)
            .with_context(|| format!("cannot list the branches of remote `{remote}`"))?;
        let mut best: Option<Oid> = None;
        for reference in references.flatten() {
            let Some(target) = reference.peel_to_commit().ok().map(|commit| commit.id()) else {
                continue;
            };
            let Ok(candidate) = self.repository.merge_base(local, target) else {
                continue;
            };
            best = match best {
                Some(current)
                    if current == candidate
                        || self
                            .repository
                            .graph_descendant_of(current, candidate)
                            .unwrap_or(false) =>
                {
                    Some(current)
                }
                _ => Some(candidate),
            };
        }
        Ok(best)
    }

    /// True when the object database has the commit (a remote's old tip may be missing).
    pub fn has_commit(&self, id: Oid) -> bool {
        self.repository.find_commit(id).is_ok()
    }

    /// Reads a blob's content.
    pub fn read_blob(&self, id: Oid) -> Result<Vec<u8>> {
        let blob = self.repository.find_blob(id).with_context(|| {
            format!("cannot read object {id} (is the repository corrupt? try `git fsck`)")
        })?;
        Ok(blob.content().to_vec())
    }

    /// True for a repository without a work tree, where git runs no commit hooks.
    pub fn is_bare(&self) -> bool {
        self.repository.is_bare()
    }

    /// The directory git runs hooks from (`git rev-parse --git-path hooks`): `core.hooksPath`
    /// when set (relative to the top of the work tree), else `hooks` in the common git
    /// directory, which linked worktrees share.
    pub fn hooks_directory(&self) -> Result<PathBuf> {
        let config = self
            .repository
            .config()
            .context("cannot read the git configuration")?;
        match config.get_path("core.hooksPath") {
            Ok(path) if path.is_absolute() => Ok(path),
            Ok(path) => {
                let base = self
                    .repository
                    .workdir()
                    .unwrap_or_else(|| self.repository.commondir());
                Ok(base.join(path))
            }
            Err(error) if error.code() == ErrorCode::NotFound => {
                Ok(self.repository.commondir().join("hooks"))
            }
            Err(error) => Err(error).context("cannot read core.hooksPath"),
        }
    }

    /// The staged check's error in a bare repository.
    fn refuse_bare(&self) -> Result<()> {
        if self.repository.is_bare() {
            bail!(
                "this is a bare repository, which has no index to check; compare commits with `git bindcheck diff BASE HEAD` (`git bindcheck diff main topic`), or run in a work tree"
            );
        }
        Ok(())
    }

    /// `HEAD`'s tree, or `None` on an unborn branch (the first commit).
    fn head_tree(&self) -> Result<Option<Tree<'_>>> {
        match self.repository.head() {
            Ok(head) => {
                let target = head
                    .target()
                    .map_or_else(|| "?".to_owned(), |id| id.to_string());
                let commit = head.peel_to_commit().with_context(|| {
                    format!(
                        "cannot read commit {target} that HEAD points to (is the repository corrupt? try `git fsck`)"
                    )
                })?;
                let tree_id = commit.tree_id();
                Ok(Some(commit.tree().with_context(|| {
                    format!(
                        "cannot read HEAD's tree {tree_id} (is the repository corrupt? try `git fsck`)"
                    )
                })?))
            }
            Err(error) if matches!(error.code(), ErrorCode::UnbornBranch | ErrorCode::NotFound) => {
                Ok(None)
            }
            Err(error) => Err(error).context("cannot resolve HEAD"),
        }
    }

    /// The trees of `MERGE_HEAD` while a merge is in progress, else nothing. (Read from the
    /// file: libgit2's `mergehead_foreach` wants a mutable repository for no reason here.)
    fn merge_parent_trees(&self) -> Result<Vec<Tree<'_>>> {
        let merge_head = self.repository.path().join("MERGE_HEAD");
        let content = match std::fs::read_to_string(&merge_head) {
            Ok(content) => content,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(error) => return Err(error).context("cannot read MERGE_HEAD"),
        };
        content
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(|line| {
                let id = Oid::from_str(line)
                    .with_context(|| format!("MERGE_HEAD holds `{line}`, not a commit id"))?;
                let commit = self
                    .repository
                    .find_commit(id)
                    .with_context(|| format!("cannot read merge parent {id}"))?;
                commit.tree().context("cannot read a merge parent's tree")
            })
            .collect()
    }

    /// The current directory relative to the top of the work tree (`""` at the top).
    fn current_directory_prefix(&self) -> String {
        let (Some(work_tree), Ok(current)) = (self.repository.workdir(), std::env::current_dir())
        else {
            return String::new();
        };
        let canonical_tree = work_tree
            .canonicalize()
            .unwrap_or_else(|_| work_tree.to_path_buf());
        let canonical_current = current.canonicalize().unwrap_or(current);
        canonical_current
            .strip_prefix(&canonical_tree)
            .map(|relative| path_string(Some(relative)))
            .unwrap_or_default()
    }
}

/// Like git, trusts that an object read has the id it was asked for, instead of hashing every
/// object libgit2 reads (its default): this tool only reads, and `git fsck` is the tool that
/// verifies. Objects that do not inflate or parse are still errors naming them.
fn trust_object_ids() {
    git2::opts::strict_hash_verification(false);
}

/// Diff options shared by every mode: type changes (a symlink turned into a file) are deltas of
/// their own, and submodules are listed so that they can be skipped by name.
fn diff_options() -> DiffOptions {
    let mut options = DiffOptions::new();
    options.include_typechange(true).ignore_submodules(false);
    options
}

/// The regular files a diff adds or modifies, after rename detection and the pathspec filter,
/// with their blobs in the merge parents (if any) for new/existing attribution.
fn collect_changes(
    mut diff: git2::Diff<'_>,
    filter: &PathFilter,
    merge_parents: &[Tree<'_>],
) -> Result<Changes> {
    let mut find = DiffFindOptions::new();
    find.renames(true).copies(false);
    diff.find_similar(Some(&mut find))
        .context("cannot detect renames")?;
    let mut changes = Changes::default();
    for delta in diff.deltas() {
        if delta.status() == Delta::Deleted {
            let old_file = delta.old_file();
            let path = path_string(old_file.path());
            if matches!(old_file.mode(), FileMode::Blob | FileMode::BlobExecutable)
                && !old_file.id().is_zero()
                && filter.matches(&path)
            {
                changes.deleted.push(DeletedBlob {
                    path,
                    old_id: old_file.id(),
                });
            }
            continue;
        }
        if matches!(
            delta.status(),
            Delta::Unmodified | Delta::Ignored | Delta::Untracked
        ) {
            continue;
        }
        let new_file = delta.new_file();
        let path = path_string(new_file.path());
        // Pathspecs are applied after rename detection, so that naming a renamed file still
        // pairs it with its old path.
        if !filter.matches(&path) {
            continue;
        }
        let old_blob = |_: &str| {
            let old_file = delta.old_file();
            let old_is_blob = matches!(old_file.mode(), FileMode::Blob | FileMode::BlobExecutable);
            (delta.status() != Delta::Added && old_is_blob && !old_file.id().is_zero())
                .then(|| (old_file.id(), path_string(old_file.path())))
        };
        push_change(
            &mut changes,
            path,
            new_file.mode(),
            new_file.id(),
            old_blob,
            merge_parents,
        );
    }
    changes
        .deleted
        .sort_by(|left, right| left.path.cmp(&right.path));
    Ok(changes)
}

/// The regular files among the paths a fast comparison found only on the base side (a deleted
/// directory stands for every file under it), after the pathspec filter, as
/// [`collect_changes`] lists libgit2's deletions. A deleted directory whose tree cannot be read
/// is left out: its files then take no part in attribution, which can only leave more findings
/// new, never hide one.
fn deleted_blobs(
    repository: &Repository,
    found: Vec<tree_entries::PathDeletion>,
    filter: &PathFilter,
) -> Vec<DeletedBlob> {
    let mut deleted = Vec::new();
    for deletion in found {
        if is_blob_mode(deletion.mode) {
            if !deletion.id.is_zero() && filter.matches(&deletion.path) {
                deleted.push(DeletedBlob {
                    path: deletion.path,
                    old_id: deletion.id,
                });
            }
            continue;
        }
        if deletion.mode != tree_entries::MODE_TREE {
            continue;
        }
        let Ok(tree) = repository.find_tree(deletion.id) else {
            continue;
        };
        let mut files = Vec::new();
        let _ = tree.walk(git2::TreeWalkMode::PreOrder, |directory, entry| {
            let mode = u32::try_from(entry.filemode_raw()).unwrap_or(0);
            if is_blob_mode(mode) {
                let name = String::from_utf8_lossy(entry.name_bytes());
                files.push((format!("{}/{directory}{name}", deletion.path), entry.id()));
            }
            git2::TreeWalkResult::Ok
        });
        for (path, id) in files {
            if filter.matches(&path) {
                deleted.push(DeletedBlob { path, old_id: id });
            }
        }
    }
    deleted.sort_by(|left, right| left.path.cmp(&right.path));
    deleted
}

/// The changes a fast comparison found, after the pathspec filter, with their blobs in the merge
/// parents (if any), as [`collect_changes`] makes them from libgit2's diff.
fn changes_from(
    found: Vec<tree_entries::PathChange>,
    filter: &PathFilter,
    merge_parents: &[Tree<'_>],
) -> Changes {
    let mut changes = Changes::default();
    for change in found {
        if !filter.matches(&change.path) {
            continue;
        }
        let old_blob = change
            .old
            .filter(|&(mode, id)| is_blob_mode(mode) && !id.is_zero())
            .map(|(_, id)| id);
        push_change(
            &mut changes,
            change.path,
            file_mode(change.mode),
            change.id,
            |path| old_blob.map(|id| (id, path.to_owned())),
            merge_parents,
        );
    }
    changes
}

/// Adds a changed path that passed the pathspec filter to `changes`: a regular file with its
/// base blob (`old_blob` gives its id and path, when the base is a regular file) and its blobs
/// in the merge parents, or a skipped symlink or submodule.
fn push_change(
    changes: &mut Changes,
    path: String,
    new_mode: FileMode,
    new_id: Oid,
    old_blob: impl FnOnce(&str) -> Option<(Oid, String)>,
    merge_parents: &[Tree<'_>],
) {
    match new_mode {
        FileMode::Blob | FileMode::BlobExecutable => {}
        FileMode::Link => {
            changes.skipped.push(SkippedPath {
                path,
                reason: SkipReason::Symlink,
            });
            return;
        }
        FileMode::Commit => {
            changes.skipped.push(SkippedPath {
                path,
                reason: SkipReason::Submodule,
            });
            return;
        }
        _ => return,
    }
    let (old_id, old_path) = match old_blob(&path) {
        Some((id, old_path)) => (Some(id), Some(old_path).filter(|old| *old != path)),
        None => (None, None),
    };
    let merge_parent_ids = merge_parents
        .iter()
        .filter_map(|tree| {
            blob_at(tree, &path).or_else(|| old_path.as_deref().and_then(|old| blob_at(tree, old)))
        })
        .collect();
    changes.files.push(ChangedBlob {
        path,
        old_path,
        new_id,
        old_id,
        merge_parent_ids,
    });
}

/// True for the modes of regular files.
fn is_blob_mode(mode: u32) -> bool {
    mode == u32::from(FileMode::Blob) || mode == u32::from(FileMode::BlobExecutable)
}

/// A canonical mode as libgit2's enumeration.
fn file_mode(mode: u32) -> FileMode {
    [
        FileMode::Blob,
        FileMode::BlobExecutable,
        FileMode::Link,
        FileMode::Commit,
        FileMode::Tree,
    ]
    .into_iter()
    .find(|candidate| u32::from(*candidate) == mode)
    .unwrap_or(FileMode::Unreadable)
}

/// The blob at `path` in `tree`, if it is a regular file there.
fn blob_at(tree: &Tree<'_>, path: &str) -> Option<Oid> {
    let entry = tree.get_path(Path::new(path)).ok()?;
    let mode = entry.filemode();
    (mode == i32::from(FileMode::Blob) || mode == i32::from(FileMode::BlobExecutable))
        .then(|| entry.id())
}

/// Which changed paths the user's pathspecs select. Exclusions (`:!path`, `:^path`,
/// `:(exclude)path`) are applied here because libgit2 does not implement pathspec magic.
struct PathFilter {
    include: Option<Pathspec>,
    exclude: Option<Pathspec>,
}

impl PathFilter {
    fn new(prefix: &str, pathspecs: &[String]) -> Result<PathFilter> {
        let mut include = Vec::new();
        let mut exclude = Vec::new();
        for pathspec in pathspecs {
            let (excluded, rest) = if let Some(rest) = pathspec
                .strip_prefix(":!")
                .or_else(|| pathspec.strip_prefix(":^"))
                .or_else(|| pathspec.strip_prefix(":(exclude)"))
            {
                (true, rest)
            } else {
                (false, pathspec.as_str())
            };
            let (rooted, rest) = match rest
                .strip_prefix(":/")
                .or_else(|| rest.strip_prefix(":(top)"))
            {
                Some(rest) => (true, rest),
                None => (false, rest),
            };
            if rest.starts_with(":(") {
                bail!(
                    "unsupported pathspec magic in `{pathspec}`: only `:/`, `:(top)`, `:!`, `:^` and `:(exclude)` are understood"
                );
            }
            let rooted_spec = rooted_pathspec(if rooted { "" } else { prefix }, rest);
            if excluded {
                exclude.push(rooted_spec);
            } else {
                include.push(rooted_spec);
            }
        }
        // Only exclusions means "everything else", as in git; `""` is the whole tree.
        let build = |specs: Vec<String>| -> Result<Option<Pathspec>> {
            if specs.is_empty() {
                return Ok(None);
            }
            let specs: Vec<String> = specs
                .into_iter()
                .map(|spec| {
                    if spec.is_empty() {
                        "*".to_owned()
                    } else {
                        spec
                    }
                })
                .collect();
            Pathspec::new(specs.iter())
                .map(Some)
                .context("invalid pathspec")
        };
        Ok(PathFilter {
            include: build(include)?,
            exclude: build(exclude)?,
        })
    }

    fn matches(&self, path: &str) -> bool {
        let path = Path::new(path);
        let included = self
            .include
            .as_ref()
            .is_none_or(|include| include.matches_path(path, PathspecFlags::DEFAULT));
        let excluded = self
            .exclude
            .as_ref()
            .is_some_and(|exclude| exclude.matches_path(path, PathspecFlags::DEFAULT));
        included && !excluded
    }
}

/// The lines of `new` that are added relative to `old`, by libgit2's line diff.
pub fn added_lines(old: &[u8], new: &[u8]) -> Result<AddedLines> {
    let patch = git2::Patch::from_buffers(old, None, new, None, None)
        .context("cannot compute the line diff")?;
    let mut added = AddedLines::default();
    for hunk in 0..patch.num_hunks() {
        let lines = patch
            .num_lines_in_hunk(hunk)
            .context("cannot read a diff hunk")?;
        for line in 0..lines {
            let line = patch
                .line_in_hunk(hunk, line)
                .context("cannot read a diff line")?;
            if line.origin() == '+'
                && let Some(number) = line.new_lineno()
            {
                added.push(number);
            }
        }
    }
    Ok(added)
}

/// A pathspec given relative to the current directory, made relative to the top of the work
/// tree as libgit2 expects; `""` means the whole tree. `:/path` is already rooted.
fn rooted_pathspec(prefix: &str, pathspec: &str) -> String {
    if let Some(rooted) = pathspec.strip_prefix(":/") {
        return rooted.to_owned();
    }
    let mut parts: Vec<&str> = prefix.split('/').filter(|part| !part.is_empty()).collect();
    for part in pathspec.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

fn path_string(path: Option<&Path>) -> String {
    path.map(|path| path.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pathspecs_are_rooted_at_the_work_tree() {
        assert_eq!(rooted_pathspec("", "src/app.py"), "src/app.py");
        assert_eq!(rooted_pathspec("src", "app.py"), "src/app.py");
        assert_eq!(rooted_pathspec("src/web", "../cli.py"), "src/cli.py");
        assert_eq!(rooted_pathspec("src", ":/README.md"), "README.md");
        assert_eq!(rooted_pathspec("src", "."), "src");
        assert_eq!(rooted_pathspec("", "."), "");
    }

    #[test]
    fn added_lines_come_from_the_line_diff() {
        let added = added_lines(b"a\nb\nc\n", b"a\nB\nc\nd\n").expect("diff");
        assert!(!added.contains(1));
        assert!(added.contains(2));
        assert!(!added.contains(3));
        assert!(added.contains(4));
    }
}
