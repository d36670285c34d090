//! Comparing two trees (a pull request's base and head, or what a push brings) the way
//! `git diff base head` does: subtrees whose ids are equal on both sides are skipped without
//! being read, so a change of 200 files reads the trees on their paths, not every tree of both
//! commits as libgit2's diff does.
//!
//! Whenever this comparison cannot be sure it would produce what libgit2's diff produces, it
//! returns a [`FallbackReason`] instead of an answer: type changes, a deletion together with an
//! addition (libgit2 pairs those as renames), unusual modes, unreadable trees.

use std::cmp::Ordering;

use git2::{Repository, Tree, TreeEntry};

use super::FallbackReason;
use super::tree_entries::{
    MAXIMUM_DEPTH, MODE_TYPE_MASK, PathChange, PathDeletion, TreeItem, compare_names, tree_items,
};

/// The outcome of a comparison that did not need libgit2's diff.
#[derive(Debug, Default)]
pub(crate) struct TreeComparison {
    /// Added and modified paths, in path order.
    pub changes: Vec<PathChange>,
    /// Paths only `old` has (files, or whole directories as one tree), in path order.
    pub deleted: Vec<PathDeletion>,
    /// Tree objects read below the two top trees.
    pub trees_read: usize,
}

/// The added and modified paths of `new` relative to `old` (`None`: the empty tree), or why
/// libgit2 must answer instead.
pub(crate) fn compare_trees(
    repository: &Repository,
    old: Option<&Tree<'_>>,
    new: &Tree<'_>,
) -> Result<TreeComparison, FallbackReason> {
    let mut walk = TreeWalk {
        repository,
        prefix: Vec::new(),
        comparison: TreeComparison::default(),
        deleted_something: false,
        added_something: false,
    };
    walk.compare(old, Some(new), 0)?;
    if walk.deleted_something && walk.added_something {
        return Err(FallbackReason::PossibleRename);
    }
    Ok(walk.comparison)
}

/// The state of one comparison.
struct TreeWalk<'repository> {
    repository: &'repository Repository,
    /// The path of the directory being compared, with its trailing `/` (empty at the top).
    prefix: Vec<u8>,
    comparison: TreeComparison,
    /// `old` has a path `new` lacks.
    deleted_something: bool,
    /// `new` has a path `old` lacks.
    added_something: bool,
}

impl<'repository> TreeWalk<'repository> {
    /// Compares the directory at `self.prefix` in both trees (`None`: absent on that side).
    fn compare(
        &mut self,
        old: Option<&Tree<'_>>,
        new: Option<&Tree<'_>>,
        depth: usize,
    ) -> Result<(), FallbackReason> {
        if depth > MAXIMUM_DEPTH {
            return Err(FallbackReason::DeepTree);
        }
        let old_entries: Vec<TreeEntry<'_>> =
            old.map(|tree| tree.iter().collect()).unwrap_or_default();
        let new_entries: Vec<TreeEntry<'_>> =
            new.map(|tree| tree.iter().collect()).unwrap_or_default();
        let old_items = tree_items(&old_entries)?;
        let new_items = tree_items(&new_entries)?;
        let (mut next_old, mut next_new) = (0, 0);
        loop {
            let order = match (old_items.get(next_old), new_items.get(next_new)) {
                (None, None) => break,
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (Some(old), Some(new)) => {
                    compare_names(old.name, old.is_tree(), new.name, new.is_tree())
                }
            };
            match order {
                Ordering::Less => {
                    // Only in `old`: nothing to check, but it may be the source of a rename,
                    // or of a listener moved to another file.
                    self.deleted_something = true;
                    if let Some(old) = old_items.get(next_old) {
                        let mut path = self.prefix.clone();
                        path.extend_from_slice(old.name);
                        self.comparison.deleted.push(PathDeletion {
                            path: String::from_utf8_lossy(&path).into_owned(),
                            mode: old.mode,
                            id: old.entry.id(),
                        });
                    }
                    next_old += 1;
                }
                Ordering::Greater => {
                    if let Some(new) = new_items.get(next_new) {
                        self.add(new, depth)?;
                    }
                    next_new += 1;
                }
                Ordering::Equal => {
                    if let (Some(old), Some(new)) =
                        (old_items.get(next_old), new_items.get(next_new))
                    {
                        self.compare_items(old, new, depth)?;
                    }
                    next_old += 1;
                    next_new += 1;
                }
            }
        }
        Ok(())
    }

    /// Compares two entries of the same name (both trees, or both not).
    fn compare_items(
        &mut self,
        old: &TreeItem<'_, '_>,
        new: &TreeItem<'_, '_>,
        depth: usize,
    ) -> Result<(), FallbackReason> {
        let (old_id, new_id) = (old.entry.id(), new.entry.id());
        if old.mode == new.mode && old_id == new_id {
            // Unchanged, however large the subtree.
            return Ok(());
        }
        if old.mode & MODE_TYPE_MASK != new.mode & MODE_TYPE_MASK {
            return Err(FallbackReason::TypeChange);
        }
        if !new.is_tree() {
            self.record(new, Some((old.mode, old_id)));
            return Ok(());
        }
        let old_tree = self.read_tree(old)?;
        let new_tree = self.read_tree(new)?;
        self.descend(new.name, Some(&old_tree), Some(&new_tree), depth)
    }

    /// Records `new`, absent from `old`, as new: every file under it when it is a tree.
    fn add(&mut self, new: &TreeItem<'_, '_>, depth: usize) -> Result<(), FallbackReason> {
        self.added_something = true;
        if !new.is_tree() {
            self.record(new, None);
            return Ok(());
        }
        let tree = self.read_tree(new)?;
        self.descend(new.name, None, Some(&tree), depth)
    }

    /// Compares the subdirectory `name` of both sides.
    fn descend(
        &mut self,
        name: &[u8],
        old: Option<&Tree<'_>>,
        new: Option<&Tree<'_>>,
        depth: usize,
    ) -> Result<(), FallbackReason> {
        let parent_length = self.prefix.len();
        self.prefix.extend_from_slice(name);
        self.prefix.push(b'/');
        let result = self.compare(old, new, depth + 1);
        self.prefix.truncate(parent_length);
        result
    }

    /// The tree an entry names.
    fn read_tree(&mut self, item: &TreeItem<'_, '_>) -> Result<Tree<'repository>, FallbackReason> {
        self.comparison.trees_read += 1;
        self.repository
            .find_tree(item.entry.id())
            .map_err(|_| FallbackReason::UnreadableTree)
    }

    /// Records the file (or symlink, or gitlink) `new` as changed: new when `old` is `None`.
    fn record(&mut self, new: &TreeItem<'_, '_>, old: Option<(u32, git2::Oid)>) {
        let mut path = self.prefix.clone();
        path.extend_from_slice(new.name);
        self.comparison.changes.push(PathChange {
            path: String::from_utf8_lossy(&path).into_owned(),
            mode: new.mode,
            id: new.entry.id(),
            old,
        });
    }
}
