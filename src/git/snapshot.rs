//! One version of the repository's files, read on demand: the index (what a commit will
//! record) or a commit's tree. Analyses of other modules read them from here, so that the
//! diff modes see the modules of the very version they check, never the work tree.

use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use git2::{FileMode, ObjectType, Oid, Repository};

use super::index_file::EntryReader;

use crate::project::{MAX_MODULE_BYTES, ModuleSource};

/// Which version of the files a snapshot reads.
#[derive(Clone, Debug)]
enum Version {
    /// The index file at this path.
    Index(PathBuf),
    /// The tree of a commit.
    Tree(Oid),
}

/// A version of the repository's files, readable from any thread.
pub struct GitSnapshot {
    /// The git directory, opened on first read.
    git_directory: PathBuf,
    /// A repository handle of the snapshot's own (libgit2 handles are not shared across
    /// threads), behind a lock, opened on first read: most checks read no other module.
    repository: OnceLock<Option<Mutex<Repository>>>,
    version: Version,
    /// The index's regular files and their blobs, loaded on first use.
    index: OnceLock<Option<IndexFiles>>,
}

impl std::fmt::Debug for GitSnapshot {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("GitSnapshot")
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}

impl GitSnapshot {
    /// The files of the index at `index_file` in the repository whose git directory is
    /// `git_directory`.
    pub(super) fn of_index(git_directory: &std::path::Path, index_file: PathBuf) -> Self {
        GitSnapshot {
            git_directory: git_directory.to_path_buf(),
            repository: OnceLock::new(),
            version: Version::Index(index_file),
            index: OnceLock::new(),
        }
    }

    /// The files of a commit's tree.
    pub(super) fn of_tree(git_directory: &std::path::Path, tree: Oid) -> Self {
        GitSnapshot {
            git_directory: git_directory.to_path_buf(),
            repository: OnceLock::new(),
            version: Version::Tree(tree),
            index: OnceLock::new(),
        }
    }

    /// The snapshot's repository handle, opened on first use.
    fn repository(&self) -> Option<std::sync::MutexGuard<'_, Repository>> {
        self.repository
            .get_or_init(|| Repository::open(&self.git_directory).ok().map(Mutex::new))
            .as_ref()?
            .lock()
            .ok()
    }

    /// The index's regular files, read from its file on first use.
    fn index_files(&self, file: &std::path::Path) -> Option<&IndexFiles> {
        self.index
            .get_or_init(|| regular_index_entries(file))
            .as_ref()
    }

    /// The blob at `path`, if it is a regular file of the snapshot.
    fn blob_id(&self, repository: &Repository, path: &str) -> Option<Oid> {
        match &self.version {
            Version::Tree(tree) => {
                let tree = repository.find_tree(*tree).ok()?;
                let entry = tree.get_path(std::path::Path::new(path)).ok()?;
                let regular = matches!(
                    entry.filemode(),
                    mode if mode == i32::from(FileMode::Blob) || mode == i32::from(FileMode::BlobExecutable)
                );
                (regular && entry.kind() == Some(ObjectType::Blob)).then(|| entry.id())
            }
            Version::Index(file) => self.index_files(file)?.get(path),
        }
    }
}

/// Blobs read by id on demand, from any thread: what is needed of a file only in some runs
/// (the base version of a file the change deletes) is not read in the others.
pub struct BlobReader {
    /// The git directory, opened on first read.
    git_directory: PathBuf,
    /// A repository handle of the reader's own, behind a lock, opened on first read.
    repository: OnceLock<Option<Mutex<Repository>>>,
}

impl std::fmt::Debug for BlobReader {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("BlobReader")
            .field("git_directory", &self.git_directory)
            .finish_non_exhaustive()
    }
}

impl BlobReader {
    /// A reader of the repository whose git directory is `git_directory`.
    pub(super) fn new(git_directory: &std::path::Path) -> Self {
        BlobReader {
            git_directory: git_directory.to_path_buf(),
            repository: OnceLock::new(),
        }
    }

    /// The content of blob `id`; `None` when it cannot be read or is larger than `limit`
    /// bytes.
    pub fn read(&self, id: Oid, limit: u64) -> Option<Vec<u8>> {
        let repository = self
            .repository
            .get_or_init(|| Repository::open(&self.git_directory).ok().map(Mutex::new))
            .as_ref()?
            .lock()
            .ok()?;
        let blob = repository.find_blob(id).ok()?;
        if u64::try_from(blob.size()).unwrap_or(u64::MAX) > limit {
            return None;
        }
        Some(blob.content().to_vec())
    }
}

/// The regular files of an index (stage 0) and their blobs, in the index's order (by path
/// bytes): one buffer of paths and one table, since a staged check that resolves a handful of
/// imports should not allocate, hash and fault in an entry per file of a large repository.
struct IndexFiles {
    /// Every path, end to end.
    paths: String,
    /// Where each path ends in `paths`, and its blob.
    entries: Vec<(u32, Oid)>,
}

impl IndexFiles {
    /// The path of entry `index`.
    fn path(&self, index: usize) -> &str {
        let start = index
            .checked_sub(1)
            .map_or(0, |previous| self.entries[previous].0 as usize);
        &self.paths[start..self.entries[index].0 as usize]
    }

    /// The blob of the file at `path`.
    fn get(&self, path: &str) -> Option<Oid> {
        let (mut low, mut high) = (0, self.entries.len());
        while low < high {
            let middle = low + (high - low) / 2;
            match self.path(middle).as_bytes().cmp(path.as_bytes()) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return Some(self.entries[middle].1),
            }
        }
        None
    }

    /// Every path, in order.
    fn paths(&self) -> impl Iterator<Item = &str> {
        (0..self.entries.len()).map(|index| self.path(index))
    }
}

/// The regular files of the index at `file` (stage 0) and their blobs, read with the
/// project's own streaming reader (libgit2's index loader hashes and maps every entry first,
/// which costs more than a whole staged check of a large repository). `None` for an index
/// that reader refuses (a split or sparse index, entries out of order): other modules are then
/// unknown.
fn regular_index_entries(file: &std::path::Path) -> Option<IndexFiles> {
    let handle = std::fs::File::open(file).ok()?;
    let mut reader = EntryReader::new(std::io::BufReader::with_capacity(64 * 1024, handle)).ok()?;
    let mut files = IndexFiles {
        paths: String::with_capacity(reader.entry_count() * 48),
        entries: Vec::with_capacity(reader.entry_count()),
    };
    while let Some((path, entry)) = reader.current() {
        let regular = entry.mode == 0o100_644 || entry.mode == 0o100_755;
        if entry.stage == 0
            && regular
            && let (Ok(path), Ok(id)) = (std::str::from_utf8(path), Oid::from_bytes(&entry.id))
        {
            files.paths.push_str(path);
            files
                .entries
                .push((u32::try_from(files.paths.len()).ok()?, id));
        }
        reader.advance().ok()?;
    }
    // The lookup searches by halves: entries out of order would hide files.
    reader.check_order().ok()?;
    Some(files)
}

impl ModuleSource for GitSnapshot {
    fn read(&self, path: &str) -> Option<Vec<u8>> {
        let repository = self.repository()?;
        let id = self.blob_id(&repository, path)?;
        let blob = repository.find_blob(id).ok()?;
        if u64::try_from(blob.size()).unwrap_or(u64::MAX) > MAX_MODULE_BYTES {
            return None;
        }
        Some(blob.content().to_vec())
    }

    fn exists(&self, path: &str) -> bool {
        // The index's table answers without a repository handle (and without its lock, which
        // the threads of a check would otherwise queue on).
        if let Version::Index(file) = &self.version {
            return self
                .index_files(file)
                .is_some_and(|files| files.get(path).is_some());
        }
        self.repository()
            .and_then(|repository| self.blob_id(&repository, path))
            .is_some()
    }

    fn prepare(&self) {
        if let Version::Index(file) = &self.version {
            self.index_files(file);
        }
    }

    fn read_matching(
        &self,
        paths: &[String],
        keep: &(dyn Fn(&[u8]) -> bool + Sync),
        jobs: usize,
    ) -> Vec<(String, Vec<u8>)> {
        // libgit2 handles are not shared across threads: each thread opens its own, and reads
        // its share of the paths (a word search over every module of a large repository).
        let jobs = jobs.clamp(1, 16);
        let chunk = paths.len().div_ceil(jobs).max(1);
        let read_chunk = |chunk: &[String]| -> Vec<(String, Vec<u8>)> {
            let Ok(repository) = Repository::open(&self.git_directory) else {
                return Vec::new();
            };
            chunk
                .iter()
                .filter_map(|path| {
                    let id = self.blob_id(&repository, path)?;
                    let blob = repository.find_blob(id).ok()?;
                    if u64::try_from(blob.size()).unwrap_or(u64::MAX) > MAX_MODULE_BYTES {
                        return None;
                    }
                    keep(blob.content()).then(|| (path.clone(), blob.content().to_vec()))
                })
                .collect()
        };
        std::thread::scope(|scope| {
            let workers: Vec<_> = paths
                .chunks(chunk)
                .map(|part| (part, scope.spawn(move || read_chunk(part))))
                .collect();
            workers
                .into_iter()
                .flat_map(|(part, worker)| worker.join().unwrap_or_else(|_| read_chunk(part)))
                .collect()
        })
    }

    fn python_paths(&self) -> Option<Vec<String>> {
        let is_python = |path: &str| path.ends_with(".py");
        match &self.version {
            Version::Index(file) => self.index_files(file).map(|files| {
                files
                    .paths()
                    .filter(|path| is_python(path))
                    .map(str::to_owned)
                    .collect()
            }),
            Version::Tree(tree) => {
                let repository = self.repository()?;
                let tree = repository.find_tree(*tree).ok()?;
                let mut paths = Vec::new();
                let _ = tree.walk(git2::TreeWalkMode::PreOrder, |directory, entry| {
                    let regular = entry.filemode() == i32::from(FileMode::Blob)
                        || entry.filemode() == i32::from(FileMode::BlobExecutable);
                    if regular
                        && let Some(name) = entry.name()
                        && is_python(name)
                    {
                        paths.push(format!("{directory}{name}"));
                    }
                    git2::TreeWalkResult::Ok
                });
                Some(paths)
            }
        }
    }
}
