//! Comparing `HEAD`'s tree with the index the way `git diff --cached` does: directory by
//! directory, skipping every directory whose cache-tree entry says the index still holds
//! exactly `HEAD`'s tree there.
//!
//! After `git add` of a few files, only the directories on their paths are invalidated in the
//! cache-tree (and `git commit` rewrites the cache-tree before running hooks), so a pre-commit
//! check reads a handful of tree objects instead of all of them, and never builds libgit2's
//! in-memory index. The index file is streamed twice and never held in memory: a first pass
//! ([`scan_index`]) skips over the entries to read the cache-tree at the end of the file; the
//! second ([`compare_head_with_index`]) decodes every entry, checks its flags, and walks
//! `HEAD`'s trees in step with the entries, one directory at a time: tree entries in git's
//! order (a directory sorts as `name/`) against the index entries under that directory (sorted
//! by full path bytes, which is the same order), matched by name.
//!
//! Whenever this comparison cannot be sure it would produce what libgit2's diff produces, it
//! returns a [`FallbackReason`] instead of an answer: conflicts, `git add -N` entries, sparse
//! directory entries, unusual modes, type changes, a deletion together with an addition (libgit2
//! pairs those as renames), unreadable trees, a cache-tree that disagrees with the entries.

use std::cmp::Ordering;
use std::io::{Read, Seek, SeekFrom};

use git2::{Oid, Repository, Tree, TreeEntry};

use super::FallbackReason;
use super::index_file::{self, CacheTreeDirectory, EntryReader, IndexEntry, IndexOutline};
use super::tree_entries::{
    MAXIMUM_DEPTH, MODE_BLOB, MODE_BLOB_EXECUTABLE, MODE_GITLINK, MODE_LINK, MODE_TREE,
    MODE_TYPE_MASK, PathChange, PathDeletion, TreeItem, compare_names, tree_items,
};

/// The outcome of a comparison that did not need libgit2's diff.
#[derive(Debug, Default)]
pub(crate) struct IndexComparison {
    /// Added and modified paths, in path order.
    pub entries: Vec<PathChange>,
    /// Paths only `HEAD` has (files, or whole directories as one tree), in path order.
    pub deleted: Vec<PathDeletion>,
    /// Tree objects read (the top tree is read by the caller and not counted).
    pub trees_read: usize,
    /// Index entries skipped because their directory's cache-tree matched `HEAD`.
    pub entries_skipped: usize,
}

/// The first pass over the index file in `source`: its entry count and extensions (the
/// cache-tree), or why libgit2 must read it instead (a file this reader does not understand:
/// another version, a split or sparse index, damage).
pub(crate) fn scan_index(source: impl Read) -> Result<IndexOutline, FallbackReason> {
    index_file::read_outline(source).map_err(FallbackReason::IndexFormat)
}

/// Why the comparison through the cache-tree cannot handle `entry`, if it cannot.
fn unsupported_entry(entry: &IndexEntry) -> Option<FallbackReason> {
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
}

/// The added and modified paths of the index file in `source` (whose outline
/// [`scan_index`] read) relative to `head_tree` (`None` on an unborn branch), or why libgit2
/// must answer instead: besides what the walk itself meets, entries it cannot handle
/// (conflicts, `git add -N`, sparse directories, unusual modes or ids) and entries out of
/// order.
pub(crate) fn compare_head_with_index<R: Read + Seek>(
    repository: &Repository,
    head_tree: Option<&Tree<'_>>,
    outline: &IndexOutline,
    mut source: R,
) -> Result<IndexComparison, FallbackReason> {
    source
        .seek(SeekFrom::Start(0))
        .map_err(|error| FallbackReason::IndexUnreadable(error.to_string()))?;
    let entries = EntryReader::new(source).map_err(FallbackReason::IndexFormat)?;
    let mut walk = Walk {
        repository,
        entries,
        prefix: Vec::new(),
        comparison: IndexComparison::default(),
        deleted_something: false,
        added_something: false,
    };
    walk.check_current()?;
    walk.compare_directory(head_tree, outline.extensions.cache_tree(), 0)?;
    if walk.entries.current().is_some() {
        // Every path is under the top directory: the walk cannot stop early.
        return Err(FallbackReason::InconsistentCacheTree);
    }
    walk.entries
        .check_order()
        .map_err(FallbackReason::IndexFormat)?;
    if walk.deleted_something && walk.added_something {
        return Err(FallbackReason::PossibleRename);
    }
    Ok(walk.comparison)
}

/// The state of one comparison.
struct Walk<'repository, R> {
    repository: &'repository Repository,
    /// The index entries; the cursor is on the next one to compare.
    entries: EntryReader<R>,
    /// The path of the directory being compared, with its trailing `/` (empty at the top).
    prefix: Vec<u8>,
    comparison: IndexComparison,
    /// `HEAD` has a path the index lacks (a deletion, or a directory replaced by a file).
    deleted_something: bool,
    /// The index has a path `HEAD` lacks.
    added_something: bool,
}

/// Where the index entry under the cursor lies relative to the directory being compared.
struct Cursor {
    /// How it compares with HEAD's next entry in git's order (`Greater` when HEAD has none
    /// left).
    order: Ordering,
    /// It lies deeper, in a subdirectory of the current directory.
    in_subdirectory: bool,
    /// The length of its name in the current directory (the subdirectory's, when deeper).
    name_length: usize,
}

impl<R: Read> Walk<'_, R> {
    /// Compares the directory `tree` (`None`: absent from `HEAD`) with the index entries under
    /// `self.prefix`, which start at the cursor; leaves the cursor after them.
    fn compare_directory<'cache>(
        &mut self,
        tree: Option<&Tree<'_>>,
        cache_directory: Option<CacheTreeDirectory<'cache>>,
        depth: usize,
    ) -> Result<(), FallbackReason> {
        if depth > MAXIMUM_DEPTH {
            return Err(FallbackReason::DeepTree);
        }
        let tree_entries: Vec<TreeEntry<'_>> =
            tree.map(|tree| tree.iter().collect()).unwrap_or_default();
        let head = tree_items(&tree_entries)?;
        // The cache-tree's subdirectories, gathered when the first subdirectory present on
        // both sides is met, in git's order for them (shorter names first, then bytewise).
        let mut cache_children: Option<Vec<CacheTreeDirectory<'cache>>> = None;
        let mut next_head = 0;
        loop {
            let head_entry = head.get(next_head);
            let cursor = self.cursor(head_entry);
            let (order, head_entry) = match (cursor, head_entry) {
                (None, None) => break,
                (None, Some(head_entry)) => (Ordering::Less, head_entry),
                (Some(cursor), head_entry) => match head_entry {
                    Some(head_entry) if cursor.order != Ordering::Greater => {
                        (cursor.order, head_entry)
                    }
                    _ => {
                        // Only in the index: a new file, or a new directory of them.
                        self.add_new(&cursor)?;
                        continue;
                    }
                },
            };
            next_head += 1;
            if order == Ordering::Less {
                // Only in HEAD: nothing to check, but it may be the source of a rename, or
                // of a listener moved to another file.
                self.deleted_something = true;
                let mut path = self.prefix.clone();
                path.extend_from_slice(head_entry.name);
                self.comparison.deleted.push(PathDeletion {
                    path: String::from_utf8_lossy(&path).into_owned(),
                    mode: head_entry.mode,
                    id: head_entry.entry.id(),
                });
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
                self.compare_subdirectory(head_entry, cache_child, depth)?;
            } else {
                self.compare_file(head_entry)?;
            }
        }
        Ok(())
    }

    /// Where the entry under the cursor lies: `None` when there is none left or it is not
    /// under the current directory.
    fn cursor(&self, head_entry: Option<&TreeItem<'_, '_>>) -> Option<Cursor> {
        let (path, _) = self.entries.current()?;
        let rest = path.strip_prefix(self.prefix.as_slice())?;
        let (name_length, in_subdirectory) = match rest.iter().position(|&byte| byte == b'/') {
            Some(slash) => (slash, true),
            None => (rest.len(), false),
        };
        let order = head_entry.map_or(Ordering::Greater, |head_entry| {
            compare_names(
                head_entry.name,
                head_entry.is_tree(),
                &rest[..name_length],
                in_subdirectory,
            )
        });
        Some(Cursor {
            order,
            in_subdirectory,
            name_length,
        })
    }

    /// Records the entry under the cursor, absent from HEAD, as new (with every entry of its
    /// subdirectory when it lies deeper), and moves past it.
    fn add_new(&mut self, cursor: &Cursor) -> Result<(), FallbackReason> {
        self.added_something = true;
        if !cursor.in_subdirectory {
            return self.record_current(None);
        }
        let length = self.prefix.len() + cursor.name_length + 1;
        let subdirectory = match self.entries.current() {
            Some((path, _)) => path.get(..length).unwrap_or(path).to_vec(),
            None => return Ok(()),
        };
        while self
            .entries
            .current()
            .is_some_and(|(path, _)| path.starts_with(&subdirectory))
        {
            self.record_current(None)?;
        }
        Ok(())
    }

    /// Compares the subdirectory `head_entry` of HEAD with the index entries under the same
    /// name, which start at the cursor; leaves the cursor after them.
    fn compare_subdirectory(
        &mut self,
        head_entry: &TreeItem<'_, '_>,
        cache_directory: Option<CacheTreeDirectory<'_>>,
        depth: usize,
    ) -> Result<(), FallbackReason> {
        let parent_length = self.prefix.len();
        self.prefix.extend_from_slice(head_entry.name);
        self.prefix.push(b'/');
        let id = head_entry.entry.id();
        let result = match cache_directory.and_then(|directory| directory.valid()) {
            Some(valid) if id.as_bytes() == valid.id => self.skip(valid.entry_count),
            _ => match self.repository.find_tree(id) {
                Ok(subtree) => {
                    self.comparison.trees_read += 1;
                    self.compare_directory(Some(&subtree), cache_directory, depth + 1)
                }
                Err(_) => Err(FallbackReason::UnreadableTree),
            },
        };
        self.prefix.truncate(parent_length);
        result
    }

    /// Moves past the `count` entries of the current directory, which the cache-tree says are
    /// exactly HEAD's; checks that they are all there and that no other entry is.
    fn skip(&mut self, count: usize) -> Result<(), FallbackReason> {
        let in_directory = |entries: &EntryReader<R>, prefix: &[u8]| {
            entries
                .current()
                .is_some_and(|(path, _)| path.starts_with(prefix))
        };
        for _ in 0..count {
            if !in_directory(&self.entries, &self.prefix) {
                return Err(FallbackReason::InconsistentCacheTree);
            }
            self.advance()?;
        }
        if count == 0 || in_directory(&self.entries, &self.prefix) {
            return Err(FallbackReason::InconsistentCacheTree);
        }
        self.comparison.entries_skipped += count;
        Ok(())
    }

    /// Compares a file (or symlink, or gitlink) of HEAD with the entry under the cursor, which
    /// has the same path, and moves past it.
    fn compare_file(&mut self, head_entry: &TreeItem<'_, '_>) -> Result<(), FallbackReason> {
        let id = head_entry.entry.id();
        let Some((_, entry)) = self.entries.current() else {
            return Ok(());
        };
        if head_entry.mode == entry.mode && id.as_bytes() == entry.id {
            return self.advance();
        }
        if head_entry.mode & MODE_TYPE_MASK != entry.mode & MODE_TYPE_MASK {
            return Err(FallbackReason::TypeChange);
        }
        self.record_current(Some((head_entry.mode, id)))
    }

    /// Records the entry under the cursor as changed (new when `head` is `None`) and moves
    /// past it.
    fn record_current(&mut self, head: Option<(u32, Oid)>) -> Result<(), FallbackReason> {
        if let Some((path, entry)) = self.entries.current() {
            let id = Oid::from_bytes(&entry.id).map_err(|_| FallbackReason::UnusualEntry)?;
            self.comparison.entries.push(PathChange {
                path: String::from_utf8_lossy(path).into_owned(),
                mode: entry.mode,
                id,
                old: head,
            });
        }
        self.advance()
    }

    /// Moves the cursor to the next entry, and checks it.
    fn advance(&mut self) -> Result<(), FallbackReason> {
        self.entries
            .advance()
            .map_err(FallbackReason::IndexFormat)?;
        self.check_current()
    }

    /// Refuses an entry under the cursor that this comparison cannot handle.
    fn check_current(&self) -> Result<(), FallbackReason> {
        match self.entries.current() {
            Some((_, entry)) => unsupported_entry(entry).map_or(Ok(()), Err),
            None => Ok(()),
        }
    }
}

/// The order git keeps a cache-tree's subdirectories in: shorter names first, then bytewise.
fn subdirectory_order(left: &[u8], right: &[u8]) -> Ordering {
    left.len().cmp(&right.len()).then_with(|| left.cmp(right))
}
