//! Comparing `HEAD`'s tree with the index the way `git diff --cached` does: directory by
//! directory, skipping every directory whose cache-tree entry says the index still holds
//! exactly `HEAD`'s tree there.
//!
//! After `git add` of a few files, only the directories on their paths are invalidated in the
//! cache-tree (and `git commit` rewrites the cache-tree before running hooks), so a pre-commit
//! check reads a handful of tree objects instead of all of them, and never builds libgit2's
//! in-memory index. The comparison walks one directory at a time: tree entries in git's order
//! (a directory sorts as `name/`) against the index entries under that directory (sorted by
//! full path bytes, which is the same order), matched by name.
//!
//! Whenever this comparison cannot be sure it would produce what libgit2's diff produces, it
//! returns a [`FallbackReason`] instead of an answer: conflicts, `git add -N` entries, sparse
//! directory entries, unusual modes, type changes, a deletion together with an addition (libgit2
//! pairs those as renames), unreadable trees.

use std::cmp::Ordering;
use std::ops::Range;

use git2::{Oid, Repository, Tree, TreeEntry};

use super::FallbackReason;
use super::index_file::{CacheTreeDirectory, IndexFile};

/// `040000`: a tree.
const MODE_TREE: u32 = 0o040000;
/// `100644`: a regular file.
const MODE_BLOB: u32 = 0o100644;
/// `100755`: an executable file.
const MODE_BLOB_EXECUTABLE: u32 = 0o100755;
/// `120000`: a symbolic link.
const MODE_LINK: u32 = 0o120000;
/// `160000`: a submodule's commit.
const MODE_GITLINK: u32 = 0o160000;
/// The bits of a mode that say what kind of object it is.
const MODE_TYPE_MASK: u32 = 0o170000;

/// Directories nested deeper than this are left to libgit2, so that a hostile tree cannot
/// exhaust the call stack.
const MAXIMUM_DEPTH: usize = 512;

/// A path whose staged entry differs from `HEAD`, before the pathspec filter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct StagedEntry {
    /// Repository-relative path, `/`-separated.
    pub path: String,
    /// The index entry's mode (a canonical file, symlink or gitlink mode).
    pub mode: u32,
    /// The index entry's object.
    pub id: Oid,
    /// `HEAD`'s mode and object at the same path, or `None` when the path is new.
    pub head: Option<(u32, Oid)>,
}

/// The outcome of a comparison that did not need libgit2's diff.
#[derive(Debug, Default)]
pub(crate) struct IndexComparison {
    /// Added and modified paths, in path order.
    pub entries: Vec<StagedEntry>,
    /// Tree objects read (the top tree is read by the caller and not counted).
    pub trees_read: usize,
    /// Index entries skipped because their directory's cache-tree matched `HEAD`.
    pub entries_skipped: usize,
}

/// Why libgit2 must compare this index with `HEAD`, judging by its entries alone: conflicts,
/// `git add -N` entries, sparse directories, unusual modes or ids. `None` when the comparison
/// through the cache-tree may proceed.
pub(crate) fn unsupported_entries(index: &IndexFile) -> Option<FallbackReason> {
    index.entries().iter().find_map(|entry| {
        if entry.stage != 0 {
            Some(FallbackReason::Conflicts)
        } else if entry.intent_to_add {
            Some(FallbackReason::IntentToAdd)
        } else if entry.mode == MODE_TREE {
            Some(FallbackReason::SparseDirectoryEntry)
        } else if !matches!(
            entry.mode,
            MODE_BLOB | MODE_BLOB_EXECUTABLE | MODE_LINK | MODE_GITLINK
        ) || entry.id.iter().all(|&byte| byte == 0)
        {
            Some(FallbackReason::UnusualEntry)
        } else {
            None
        }
    })
}

/// The added and modified paths of the index relative to `head_tree` (`None` on an unborn
/// branch), or why libgit2 must answer instead. The index must have passed
/// [`unsupported_entries`].
pub(crate) fn compare_head_with_index(
    repository: &Repository,
    head_tree: Option<&Tree<'_>>,
    index: &IndexFile,
) -> Result<IndexComparison, FallbackReason> {
    let root = index.cache_tree();
    let count = index.entries().len();
    if let (Some(tree), Some(valid)) = (head_tree, root.and_then(|root| root.valid()))
        && valid.entry_count == count
        && tree.id().as_bytes() == valid.id
    {
        return Ok(IndexComparison {
            entries_skipped: count,
            ..IndexComparison::default()
        });
    }
    let mut walk = Walk {
        repository,
        index,
        comparison: IndexComparison::default(),
        deleted_something: false,
        added_something: false,
    };
    walk.compare_directory(head_tree, 0, root, 0..count, 0)?;
    if walk.deleted_something && walk.added_something {
        return Err(FallbackReason::PossibleRename);
    }
    Ok(walk.comparison)
}

/// The state of one comparison.
struct Walk<'index, 'repository> {
    repository: &'repository Repository,
    index: &'index IndexFile,
    comparison: IndexComparison,
    /// `HEAD` has a path the index lacks (a deletion, or a directory replaced by a file).
    deleted_something: bool,
    /// The index has a path `HEAD` lacks.
    added_something: bool,
}

/// What the index holds at one name of a directory: a file, or a subdirectory (the entries
/// starting with `name/`).
struct IndexItem<'index> {
    name: &'index [u8],
    is_directory: bool,
}

impl<'index> Walk<'index, '_> {
    /// Compares the directory `tree` (`None`: absent from `HEAD`) with the index entries
    /// `entries`, which are exactly those whose path starts with the directory's path; that
    /// path (with its trailing `/`) is the first `prefix_length` bytes of each of them.
    fn compare_directory(
        &mut self,
        tree: Option<&Tree<'_>>,
        prefix_length: usize,
        cache_directory: Option<CacheTreeDirectory<'index>>,
        entries: Range<usize>,
        depth: usize,
    ) -> Result<(), FallbackReason> {
        if depth > MAXIMUM_DEPTH {
            return Err(FallbackReason::DeepTree);
        }
        let tree_entries: Vec<TreeEntry<'_>> =
            tree.map(|tree| tree.iter().collect()).unwrap_or_default();
        let head = head_entries(&tree_entries)?;
        // The cache-tree's subdirectories, gathered when the first subdirectory present on
        // both sides is met, in git's order for them (shorter names first, then bytewise).
        let mut cache_children: Option<Vec<CacheTreeDirectory<'index>>> = None;
        let mut next_head = 0;
        let mut position = entries.start;
        loop {
            let head_entry = head.get(next_head);
            let item = (position < entries.end).then(|| self.item_at(position, prefix_length));
            let order = match (head_entry, &item) {
                (None, None) => break,
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (Some(head_entry), Some(item)) => compare_names(
                    head_entry.name,
                    head_entry.is_tree(),
                    item.name,
                    item.is_directory,
                ),
            };
            let head_entry = match (order, head_entry) {
                (Ordering::Less | Ordering::Equal, Some(head_entry)) => head_entry,
                _ => {
                    // Only in the index: a new file, or a new directory of them.
                    let end = match &item {
                        Some(item) if item.is_directory => self.directory_end(
                            position,
                            prefix_length + item.name.len() + 1,
                            entries.end,
                        ),
                        _ => position + 1,
                    };
                    for added in position..end {
                        self.add(added, None)?;
                    }
                    position = end;
                    continue;
                }
            };
            next_head += 1;
            if order == Ordering::Less {
                // Only in HEAD: nothing to check, but it may be the source of a rename.
                self.deleted_something = true;
            } else if head_entry.is_tree() {
                let children = cache_children.get_or_insert_with(|| {
                    let mut children: Vec<_> = cache_directory
                        .iter()
                        .flat_map(CacheTreeDirectory::children)
                        .collect();
                    // git writes them in this order already; libgit2 in tree order.
                    if !children.is_sorted_by(|left, right| {
                        subdirectory_order(left.name(), right.name()).is_le()
                    }) {
                        children.sort_unstable_by(|left, right| {
                            subdirectory_order(left.name(), right.name())
                        });
                    }
                    children
                });
                let cache_child = children
                    .binary_search_by(|child| subdirectory_order(child.name(), head_entry.name))
                    .ok()
                    .map(|found| children[found]);
                position = self.compare_subdirectory(
                    head_entry,
                    prefix_length,
                    cache_child,
                    position..entries.end,
                    depth,
                )?;
            } else {
                self.compare_file(head_entry, position)?;
                position += 1;
            }
        }
        Ok(())
    }

    /// Compares the subdirectory `tree_entry` of HEAD with the index entries under the same
    /// name, which start at `remaining.start`; returns the position after them.
    fn compare_subdirectory(
        &mut self,
        head_entry: &HeadEntry<'_, '_>,
        prefix_length: usize,
        cache_directory: Option<CacheTreeDirectory<'index>>,
        remaining: Range<usize>,
        depth: usize,
    ) -> Result<usize, FallbackReason> {
        let position = remaining.start;
        let subdirectory_prefix_length = prefix_length + head_entry.name.len() + 1;
        let id = head_entry.entry.id();
        if let Some(valid) = cache_directory.and_then(|directory| directory.valid())
            && id.as_bytes() == valid.id
            && self.covers(
                position,
                subdirectory_prefix_length,
                valid.entry_count,
                remaining.end,
            )
        {
            self.comparison.entries_skipped += valid.entry_count;
            return Ok(position + valid.entry_count);
        }
        let end = self.directory_end(position, subdirectory_prefix_length, remaining.end);
        let subtree = self
            .repository
            .find_tree(id)
            .map_err(|_| FallbackReason::UnreadableTree)?;
        self.comparison.trees_read += 1;
        self.compare_directory(
            Some(&subtree),
            subdirectory_prefix_length,
            cache_directory,
            position..end,
            depth + 1,
        )?;
        Ok(end)
    }

    /// Compares a file (or symlink, or gitlink) of HEAD with the index entry at `position`,
    /// which has the same path.
    fn compare_file(
        &mut self,
        head_entry: &HeadEntry<'_, '_>,
        position: usize,
    ) -> Result<(), FallbackReason> {
        let entry = &self.index.entries()[position];
        let id = head_entry.entry.id();
        if head_entry.mode == entry.mode && id.as_bytes() == entry.id {
            return Ok(());
        }
        if head_entry.mode & MODE_TYPE_MASK != entry.mode & MODE_TYPE_MASK {
            return Err(FallbackReason::TypeChange);
        }
        self.add(position, Some((head_entry.mode, id)))
    }

    /// Records the index entry at `position` as changed: new when `head` is `None`.
    fn add(&mut self, position: usize, head: Option<(u32, Oid)>) -> Result<(), FallbackReason> {
        let entry = &self.index.entries()[position];
        if head.is_none() {
            self.added_something = true;
        }
        let id = Oid::from_bytes(&entry.id).map_err(|_| FallbackReason::UnusualEntry)?;
        self.comparison.entries.push(StagedEntry {
            path: String::from_utf8_lossy(self.index.path(entry)).into_owned(),
            mode: entry.mode,
            id,
            head,
        });
        Ok(())
    }

    /// The name under the current directory of the index entry at `position`: a file, or the
    /// first component of a deeper path.
    fn item_at(&self, position: usize, prefix_length: usize) -> IndexItem<'index> {
        let index = self.index;
        let path = index.path(&index.entries()[position]);
        let rest = path.get(prefix_length..).unwrap_or_default();
        match rest.iter().position(|&byte| byte == b'/') {
            Some(slash) => IndexItem {
                name: &rest[..slash],
                is_directory: true,
            },
            None => IndexItem {
                name: rest,
                is_directory: false,
            },
        }
    }

    /// The position after the index entries that share the first `prefix_length` bytes of
    /// the entry at `position` (its directory's path with the `/`), searching before `end`.
    fn directory_end(&self, position: usize, prefix_length: usize, end: usize) -> usize {
        let index = self.index;
        let entries = index.entries();
        let prefix = directory_prefix(index.path(&entries[position]), prefix_length);
        position
            + entries[position..end].partition_point(|entry| index.path(entry).starts_with(prefix))
    }

    /// True when the `count` entries from `position` are exactly the entries under the
    /// directory of the entry at `position` (its first `prefix_length` bytes): a consistency
    /// check on the cache-tree before trusting it to skip them.
    fn covers(&self, position: usize, prefix_length: usize, count: usize, end: usize) -> bool {
        let index = self.index;
        let entries = index.entries();
        let Some(after) = position
            .checked_add(count)
            .filter(|&after| count > 0 && after <= end)
        else {
            return false;
        };
        let last = after - 1;
        let prefix = directory_prefix(index.path(&entries[position]), prefix_length);
        index.path(&entries[last]).starts_with(prefix)
            && entries
                .get(after)
                .is_none_or(|next| !index.path(next).starts_with(prefix))
    }
}

/// The first `prefix_length` bytes of `path`, or all of it when it is shorter.
fn directory_prefix(path: &[u8], prefix_length: usize) -> &[u8] {
    path.get(..prefix_length).unwrap_or(path)
}

/// An entry of one of HEAD's trees, its name and mode read once.
struct HeadEntry<'entry, 'tree> {
    entry: &'entry TreeEntry<'tree>,
    name: &'entry [u8],
    mode: u32,
}

impl HeadEntry<'_, '_> {
    /// True for a subdirectory.
    fn is_tree(&self) -> bool {
        self.mode == MODE_TREE
    }
}

/// The entries of a tree with their names and modes; refuses entries libgit2 might treat
/// differently: modes git does not write today, and entries out of git's order.
fn head_entries<'entry, 'tree>(
    entries: &'entry [TreeEntry<'tree>],
) -> Result<Vec<HeadEntry<'entry, 'tree>>, FallbackReason> {
    let head: Vec<HeadEntry<'_, '_>> = entries
        .iter()
        .map(|entry| HeadEntry {
            entry,
            name: entry.name_bytes(),
            mode: u32::try_from(entry.filemode_raw()).unwrap_or(0),
        })
        .collect();
    let unusual = head.iter().any(|entry| {
        !matches!(
            entry.mode,
            MODE_TREE | MODE_BLOB | MODE_BLOB_EXECUTABLE | MODE_LINK | MODE_GITLINK
        )
    }) || head.windows(2).any(|pair| {
        compare_names(
            pair[0].name,
            pair[0].is_tree(),
            pair[1].name,
            pair[1].is_tree(),
        ) != Ordering::Less
    });
    if unusual {
        return Err(FallbackReason::UnusualEntry);
    }
    Ok(head)
}

/// The order git keeps a cache-tree's subdirectories in: shorter names first, then bytewise.
fn subdirectory_order(left: &[u8], right: &[u8]) -> Ordering {
    left.len().cmp(&right.len()).then_with(|| left.cmp(right))
}

/// git's order of names within a tree: bytewise, with a directory's name compared as if it
/// ended in `/`.
fn compare_names(
    left: &[u8],
    left_is_directory: bool,
    right: &[u8],
    right_is_directory: bool,
) -> Ordering {
    let common = left.len().min(right.len());
    left[..common].cmp(&right[..common]).then_with(|| {
        let terminator = |name: &[u8], is_directory: bool| {
            name.get(common).copied().or(is_directory.then_some(b'/'))
        };
        terminator(left, left_is_directory).cmp(&terminator(right, right_is_directory))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directories_sort_as_if_they_ended_in_a_slash() {
        // a-b < a.py < a/ < a0, and a file `a` sorts before all of them.
        assert_eq!(compare_names(b"a-b", false, b"a", true), Ordering::Less);
        assert_eq!(compare_names(b"a.py", false, b"a", true), Ordering::Less);
        assert_eq!(compare_names(b"a", true, b"a0", false), Ordering::Less);
        assert_eq!(compare_names(b"a", false, b"a-b", false), Ordering::Less);
        assert_eq!(compare_names(b"a", false, b"a", true), Ordering::Less);
        assert_eq!(compare_names(b"a", true, b"a", true), Ordering::Equal);
        assert_eq!(compare_names(b"a", false, b"a", false), Ordering::Equal);
        assert_eq!(compare_names(b"ab", false, b"a", true), Ordering::Greater);
    }
}
