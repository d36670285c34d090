//! What both fast comparisons (the index against `HEAD`, one tree against another) share: the
//! modes git writes, git's order of names within a tree, tree entries read once and checked,
//! and the record of a changed path.
//!
//! Anything libgit2 might treat differently from these comparisons (modes git does not write
//! today, entries out of order) is refused with a [`FallbackReason`], so that libgit2's diff
//! answers instead.

use std::cmp::Ordering;

use git2::{Oid, TreeEntry};

use super::FallbackReason;

/// `040000`: a tree.
pub(super) const MODE_TREE: u32 = 0o040000;
/// `100644`: a regular file.
pub(super) const MODE_BLOB: u32 = 0o100644;
/// `100755`: an executable file.
pub(super) const MODE_BLOB_EXECUTABLE: u32 = 0o100755;
/// `120000`: a symbolic link.
pub(super) const MODE_LINK: u32 = 0o120000;
/// `160000`: a submodule's commit.
pub(super) const MODE_GITLINK: u32 = 0o160000;
/// The bits of a mode that say what kind of object it is.
pub(super) const MODE_TYPE_MASK: u32 = 0o170000;

/// Directories nested deeper than this are left to libgit2, so that a hostile tree cannot
/// exhaust the call stack of a recursive comparison.
pub(super) const MAXIMUM_DEPTH: usize = 512;

/// A path whose content differs between the two sides compared, before the pathspec filter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct PathChange {
    /// Repository-relative path, `/`-separated.
    pub path: String,
    /// The new side's mode (a canonical file, symlink or gitlink mode).
    pub mode: u32,
    /// The new side's object.
    pub id: Oid,
    /// The old side's mode and object at the same path, or `None` when the path is new.
    pub old: Option<(u32, Oid)>,
}

/// A path only the old side has (a deleted file, or a deleted directory's tree), before the
/// pathspec filter: the source of a listener the change may have moved to another file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct PathDeletion {
    /// Repository-relative path, `/`-separated.
    pub path: String,
    /// The old side's mode as stored.
    pub mode: u32,
    /// The old side's object.
    pub id: Oid,
}

/// An entry of a tree, its name and mode read once.
pub(super) struct TreeItem<'entry, 'tree> {
    /// The entry itself (for its id).
    pub entry: &'entry TreeEntry<'tree>,
    /// Its name within the tree.
    pub name: &'entry [u8],
    /// Its mode as stored.
    pub mode: u32,
}

impl TreeItem<'_, '_> {
    /// True for a subdirectory.
    pub(super) fn is_tree(&self) -> bool {
        self.mode == MODE_TREE
    }
}

/// The entries of a tree with their names and modes; refuses entries libgit2 might treat
/// differently: modes git does not write today, and entries out of git's order.
pub(super) fn tree_items<'entry, 'tree>(
    entries: &'entry [TreeEntry<'tree>],
) -> Result<Vec<TreeItem<'entry, 'tree>>, FallbackReason> {
    let items: Vec<TreeItem<'_, '_>> = entries
        .iter()
        .map(|entry| TreeItem {
            entry,
            name: entry.name_bytes(),
            mode: u32::try_from(entry.filemode_raw()).unwrap_or(0),
        })
        .collect();
    let unusual = items.iter().any(|item| {
        !matches!(
            item.mode,
            MODE_TREE | MODE_BLOB | MODE_BLOB_EXECUTABLE | MODE_LINK | MODE_GITLINK
        )
    }) || items.windows(2).any(|pair| {
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
    Ok(items)
}

/// git's order of names within a tree: bytewise, with a directory's name compared as if it
/// ended in `/`. Flattened, it is the bytewise order of full paths, which the index keeps.
pub(super) fn compare_names(
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
