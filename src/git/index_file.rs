//! Reading git's index file (`.git/index`, or `GIT_INDEX_FILE`) without libgit2.
//!
//! libgit2 loads an index by verifying the SHA-1 of the whole file, copying every entry into a
//! hash map and validating every path: on a large repository that costs more than the rest of
//! a pre-commit check. git itself does none of that when it reads an index, and neither does
//! this reader: it parses the entries (format versions 2, 3 and 4) and the cache-tree extension
//! (`TREE`), which records, per directory, the tree id the index would write and how many
//! entries it covers. That is what lets the staged check skip unchanged directories.
//!
//! The format is git's `Documentation/gitformat-index.txt`. Only SHA-1 indexes (20-byte ids)
//! are read. The trailing checksum is not verified (git does not verify it on read either, and
//! `index.skipHash` writes zeros there). Anything this reader does not understand (another
//! version, a split index's `link` extension, a sparse index's `sdir`, any other mandatory
//! extension, a truncated or malformed file) is an [`IndexFileError`], never a panic: the caller
//! then falls back to libgit2, which reports the problem in its own words.
//!
//! The file is streamed through one small reusable buffer, and nothing of it is kept but the
//! entry under an [`EntryReader`]'s cursor and the cache-tree ([`read_outline`] reads the
//! extensions after skipping over the entries): on a large index, the page faults of
//! file-sized buffers in fresh memory cost more than the parsing itself.

use std::cmp::Ordering;
use std::fmt;
use std::io::{self, Read};

/// The length of an object id in a SHA-1 repository.
pub const OBJECT_ID_LENGTH: usize = 20;

/// A raw SHA-1 object id as stored in the index.
pub type RawObjectId = [u8; OBJECT_ID_LENGTH];

/// The file's signature, "dircache".
const SIGNATURE: &[u8; 4] = b"DIRC";
/// Signature, version and entry count.
const HEADER_LENGTH: usize = 12;
/// The SHA-1 over everything before it, at the end of the file.
const TRAILER_LENGTH: usize = OBJECT_ID_LENGTH;
/// An extension's signature and length.
const EXTENSION_HEADER_LENGTH: usize = 8;
/// Stat data (40 bytes), object id and the 16-bit flags: everything before the path (or the
/// extended flags).
const ENTRY_FIXED_LENGTH: usize = 40 + OBJECT_ID_LENGTH + 2;
/// The extended flags word.
const EXTENDED_FLAGS_LENGTH: usize = 2;
/// Offset of the mode field within an entry.
const MODE_OFFSET: usize = 24;
/// Offset of the object id within an entry.
const ID_OFFSET: usize = 40;
/// The longest variable-width integer that fits in 64 bits.
const VARINT_MAXIMUM_LENGTH: usize = 10;
/// How much of the file is read at a time.
const CHUNK_LENGTH: usize = 64 * 1024;

/// Flags: the entry has a second 16-bit flags word (version 3 and later).
const FLAG_EXTENDED: u16 = 0x4000;
/// Flags: the merge stage, two bits.
const FLAG_STAGE_MASK: u16 = 0x3000;
/// Flags: the path length, or 0xFFF when it is 0xFFF bytes or longer.
const FLAG_NAME_MASK: u16 = 0x0FFF;
/// Extended flags: the entry is outside the sparse checkout.
const EXTENDED_SKIP_WORKTREE: u16 = 0x4000;
/// Extended flags: `git add -N`, a path recorded without content.
const EXTENDED_INTENT_TO_ADD: u16 = 0x2000;

/// Why an index file cannot be read by this reader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IndexFileError {
    /// The file is not an index, is cut short or is inconsistent; the text says where.
    Malformed(&'static str),
    /// A format version other than 2, 3 and 4.
    UnsupportedVersion(u32),
    /// A split index (`link` extension): most entries live in a shared index file.
    SplitIndex,
    /// A sparse index (`sdir` extension): whole directories are collapsed into one entry.
    SparseIndex,
    /// Another extension that readers must understand (its signature does not start with an
    /// upper-case letter).
    UnknownMandatoryExtension([u8; 4]),
    /// Reading the file failed.
    Unreadable(io::ErrorKind),
}

impl fmt::Display for IndexFileError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IndexFileError::Malformed(what) => write!(formatter, "malformed index: {what}"),
            IndexFileError::UnsupportedVersion(version) => {
                write!(formatter, "index format version {version}")
            }
            IndexFileError::SplitIndex => formatter.write_str("split index"),
            IndexFileError::SparseIndex => formatter.write_str("sparse index"),
            IndexFileError::UnknownMandatoryExtension(signature) => write!(
                formatter,
                "index extension `{}`",
                String::from_utf8_lossy(signature)
            ),
            IndexFileError::Unreadable(kind) => write!(formatter, "cannot read the index: {kind}"),
        }
    }
}

impl std::error::Error for IndexFileError {}

/// What an index entry records besides its path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IndexEntry {
    /// The object the entry records (a blob, or a gitlink's commit).
    pub id: RawObjectId,
    /// The mode as recorded: 0o100644, 0o100755, 0o120000 (symlink), 0o160000 (gitlink), or
    /// 0o040000 for a sparse index's directory entry.
    pub mode: u32,
    /// The merge stage: 0 normally, 1 to 3 for the sides of a conflict.
    pub stage: u8,
    /// Outside the sparse checkout (`git update-index --skip-worktree`).
    pub skip_worktree: bool,
    /// Recorded by `git add -N`: the path is known but its content is not staged.
    pub intent_to_add: bool,
}

/// A directory as the cache-tree extension records it, in the file's pre-order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct CacheTreeNode {
    /// Where the path component starts in the extension.
    name_start: u32,
    /// The component's length (0 for the top of the tree).
    name_length: u32,
    /// Index entries covered, or `None` when git invalidated the directory.
    entry_count: Option<u32>,
    /// Where the tree id starts in the extension (meaningful when `entry_count` is known).
    id_offset: u32,
    /// The position of the first node after this directory's subtrees.
    subtree_end: u32,
}

/// The cache-tree extension: its bytes and the directories found in them.
#[derive(Clone, Debug)]
struct CacheTree {
    bytes: Vec<u8>,
    nodes: Vec<CacheTreeNode>,
}

/// What the index holds after its entries: the extensions this reader keeps.
#[derive(Clone, Debug, Default)]
pub struct IndexExtensions {
    cache_tree: Option<CacheTree>,
}

impl IndexExtensions {
    /// The top directory of the cache-tree extension, when the index has one.
    pub fn cache_tree(&self) -> Option<CacheTreeDirectory<'_>> {
        let cache_tree = self.cache_tree.as_ref()?;
        cache_tree.nodes.first().map(|_| CacheTreeDirectory {
            bytes: &cache_tree.bytes,
            nodes: &cache_tree.nodes,
            position: 0,
        })
    }
}

/// The entries of an index file, read one at a time in the file's order (sorted by path bytes,
/// then by stage), then its extensions. Only the entry under the cursor is held in memory.
pub struct EntryReader<R> {
    chunks: Chunks<R>,
    version: u32,
    count: usize,
    /// Entries not read yet.
    remaining: usize,
    /// The entry under the cursor, `None` after the last.
    current: Option<IndexEntry>,
    /// Its path.
    path: Vec<u8>,
    /// The path before it (version 4 paths are stored relative to it).
    previous_path: Vec<u8>,
    /// Reported by [`EntryReader::finish`], after the extensions: a split index's entries
    /// (empty paths for replaced entries, an order only the shared index completes) should be
    /// refused as a split index.
    inconsistency: Option<IndexFileError>,
}

impl<R: Read> EntryReader<R> {
    /// Reads the header of the index in `source` (an open file, or bytes) and its first entry.
    pub fn new(source: R) -> Result<EntryReader<R>, IndexFileError> {
        let mut chunks = Chunks::new(source);
        let (version, count) = read_header(&mut chunks)?;
        let mut reader = EntryReader {
            chunks,
            version,
            count,
            remaining: count,
            current: None,
            path: Vec::new(),
            previous_path: Vec::new(),
            inconsistency: None,
        };
        reader.advance()?;
        Ok(reader)
    }

    /// The format version: 2, 3 or 4.
    pub fn version(&self) -> u32 {
        self.version
    }

    /// How many entries the header announces.
    pub fn entry_count(&self) -> usize {
        self.count
    }

    /// The entry under the cursor and its repository-relative, `/`-separated path; `None`
    /// after the last entry.
    pub fn current(&self) -> Option<(&[u8], &IndexEntry)> {
        self.current
            .as_ref()
            .map(|entry| (self.path.as_slice(), entry))
    }

    /// Moves the cursor to the next entry.
    pub fn advance(&mut self) -> Result<(), IndexFileError> {
        if self.remaining == 0 {
            self.current = None;
            return Ok(());
        }
        self.remaining -= 1;
        std::mem::swap(&mut self.path, &mut self.previous_path);
        let previous_stage = self.current.map(|entry| entry.stage);
        let entry = if self.version >= 4 {
            self.read_compressed_entry()?
        } else {
            self.read_padded_entry()?
        };
        if self.path.is_empty() {
            self.inconsistency
                .get_or_insert(IndexFileError::Malformed("empty path"));
        }
        if let Some(previous_stage) = previous_stage
            && self
                .previous_path
                .cmp(&self.path)
                .then(previous_stage.cmp(&entry.stage))
                != Ordering::Less
        {
            self.inconsistency
                .get_or_insert(IndexFileError::Malformed("entries out of order"));
        }
        self.current = Some(entry);
        Ok(())
    }

    /// Reads past the remaining entries, then the extensions (keeping the cache-tree) and the
    /// trailing checksum (not verified).
    pub fn finish(mut self) -> Result<IndexExtensions, IndexFileError> {
        while self.current.is_some() {
            self.advance()?;
        }
        let extensions = read_extensions(&mut self.chunks)?;
        self.check_order()?;
        Ok(extensions)
    }

    /// An error when an entry read so far has an empty path or is out of order. Checked by
    /// [`EntryReader::finish`]; a caller that stops before the extensions (it read them with
    /// [`read_outline`]) asks here once it has read every entry.
    pub fn check_order(&self) -> Result<(), IndexFileError> {
        match &self.inconsistency {
            Some(inconsistency) => Err(inconsistency.clone()),
            None => Ok(()),
        }
    }

    /// A version 2 or 3 entry: its path is stored whole, and NULs pad the entry to a multiple
    /// of 8 bytes (1 to 8 of them, so the path is always terminated).
    fn read_padded_entry(&mut self) -> Result<IndexEntry, IndexFileError> {
        let head = EntryHead::read(&mut self.chunks, self.version)?;
        let start = head.path_offset;
        let stored_length = usize::from(head.flags & FLAG_NAME_MASK);
        let length = if stored_length == usize::from(FLAG_NAME_MASK) {
            // 0xFFF bytes or longer: only the NUL says where it ends.
            self.chunks.nul_position(start)? - start
        } else {
            stored_length
        };
        let entry_length = (start + length + 1).next_multiple_of(8);
        let bytes = self.chunks.peek(entry_length)?;
        if bytes.len() < entry_length {
            return Err(IndexFileError::Malformed("entry cut short"));
        }
        if bytes[start + length] != 0 {
            return Err(IndexFileError::Malformed(
                "path length disagrees with its NUL",
            ));
        }
        self.path.clear();
        self.path.extend_from_slice(&bytes[start..start + length]);
        self.chunks.consume(entry_length);
        Ok(head.entry())
    }

    /// A version 4 entry: its path is the previous path with some bytes dropped from its end
    /// and a NUL-terminated suffix appended, and no padding follows.
    fn read_compressed_entry(&mut self) -> Result<IndexEntry, IndexFileError> {
        let head = EntryHead::read(&mut self.chunks, self.version)?;
        let (strip, suffix_start) = read_varint(
            self.chunks.peek(head.path_offset + VARINT_MAXIMUM_LENGTH)?,
            head.path_offset,
        )?;
        let keep = self
            .previous_path
            .len()
            .checked_sub(strip)
            .ok_or(IndexFileError::Malformed(
                "path compression strips too much",
            ))?;
        let suffix_end = self.chunks.nul_position(suffix_start)?;
        let bytes = self.chunks.peek(suffix_end + 1)?;
        self.path.clear();
        self.path.extend_from_slice(&self.previous_path[..keep]);
        self.path
            .extend_from_slice(&bytes[suffix_start..suffix_end]);
        self.chunks.consume(suffix_end + 1);
        Ok(head.entry())
    }
}

/// The header, entry count and extensions of an index file.
#[derive(Clone, Debug)]
pub struct IndexOutline {
    /// The format version: 2, 3 or 4.
    pub version: u32,
    /// How many entries the index has.
    pub entry_count: usize,
    /// The extensions, the cache-tree among them.
    pub extensions: IndexExtensions,
}

/// Reads the header and the extensions of the index in `source`, skipping over its entries
/// without decoding them (an [`EntryReader`] reads them): the cache-tree comes after the
/// entries, and a reader that wants it first pays only for finding where they end.
pub fn read_outline(source: impl Read) -> Result<IndexOutline, IndexFileError> {
    let mut chunks = Chunks::new(source);
    let (version, entry_count) = read_header(&mut chunks)?;
    for _ in 0..entry_count {
        skip_entry(&mut chunks, version)?;
    }
    let extensions = read_extensions(&mut chunks)?;
    Ok(IndexOutline {
        version,
        entry_count,
        extensions,
    })
}

/// The 12-byte header: signature, version (2 to 4) and entry count.
fn read_header<R: Read>(chunks: &mut Chunks<R>) -> Result<(u32, usize), IndexFileError> {
    let header = chunks.peek(HEADER_LENGTH)?;
    if header.len() < HEADER_LENGTH {
        return Err(IndexFileError::Malformed("shorter than a header"));
    }
    if &header[..4] != SIGNATURE {
        return Err(IndexFileError::Malformed("no DIRC signature"));
    }
    let version = u32::from_be_bytes([header[4], header[5], header[6], header[7]]);
    if !(2..=4).contains(&version) {
        return Err(IndexFileError::UnsupportedVersion(version));
    }
    let count = u32::from_be_bytes([header[8], header[9], header[10], header[11]]) as usize;
    chunks.consume(HEADER_LENGTH);
    Ok((version, count))
}

/// Moves past one entry, finding its length without decoding its path.
fn skip_entry<R: Read>(chunks: &mut Chunks<R>, version: u32) -> Result<(), IndexFileError> {
    let head = EntryHead::read(chunks, version)?;
    let start = head.path_offset;
    let entry_length = if version >= 4 {
        let (_, suffix_start) = read_varint(chunks.peek(start + VARINT_MAXIMUM_LENGTH)?, start)?;
        chunks.nul_position(suffix_start)? + 1
    } else {
        let stored_length = usize::from(head.flags & FLAG_NAME_MASK);
        let length = if stored_length == usize::from(FLAG_NAME_MASK) {
            chunks.nul_position(start)? - start
        } else {
            stored_length
        };
        (start + length + 1).next_multiple_of(8)
    };
    if chunks.peek(entry_length)?.len() < entry_length {
        return Err(IndexFileError::Malformed("entry cut short"));
    }
    chunks.consume(entry_length);
    Ok(())
}

/// The extensions after the entries, then the trailing checksum (not verified). Only the
/// cache-tree is kept; other optional extensions are skipped without being stored.
fn read_extensions<R: Read>(chunks: &mut Chunks<R>) -> Result<IndexExtensions, IndexFileError> {
    let mut extensions = IndexExtensions::default();
    loop {
        let available = chunks.peek(EXTENSION_HEADER_LENGTH + TRAILER_LENGTH)?;
        if available.len() < EXTENSION_HEADER_LENGTH + TRAILER_LENGTH {
            return if available.len() == TRAILER_LENGTH {
                Ok(extensions)
            } else {
                Err(IndexFileError::Malformed("trailing checksum"))
            };
        }
        let signature = [available[0], available[1], available[2], available[3]];
        let length = u32::from_be_bytes([available[4], available[5], available[6], available[7]]);
        let length = length as usize;
        chunks.consume(EXTENSION_HEADER_LENGTH);
        match &signature {
            b"TREE" => {
                let bytes = chunks.take(length)?;
                let nodes = parse_cache_tree(&bytes)?;
                extensions.cache_tree = Some(CacheTree { bytes, nodes });
            }
            b"link" => return Err(IndexFileError::SplitIndex),
            b"sdir" => return Err(IndexFileError::SparseIndex),
            // Optional extensions (resolve-undo, untracked cache, end of entries, ...).
            [b'A'..=b'Z', ..] => chunks.skip(length)?,
            _ => return Err(IndexFileError::UnknownMandatoryExtension(signature)),
        }
    }
}

/// A source read through one reusable buffer. Offsets passed to its methods count from the
/// first unread byte.
struct Chunks<R> {
    source: R,
    buffer: Vec<u8>,
    /// The first unread byte in `buffer`.
    start: usize,
    /// The end of the bytes read into `buffer`.
    end: usize,
    /// The source has ended.
    exhausted: bool,
}

impl<R: Read> Chunks<R> {
    fn new(source: R) -> Chunks<R> {
        Chunks {
            source,
            buffer: Vec::new(),
            start: 0,
            end: 0,
            exhausted: false,
        }
    }

    /// The unread bytes: at least `wanted` of them, unless the source ends first.
    fn peek(&mut self, wanted: usize) -> Result<&[u8], IndexFileError> {
        if self.end - self.start < wanted && !self.exhausted {
            self.buffer.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
            if self.buffer.len() < wanted.max(CHUNK_LENGTH) {
                let length = wanted.max(CHUNK_LENGTH).max(self.buffer.len() * 2);
                self.buffer.resize(length, 0);
            }
            while self.end < wanted && !self.exhausted {
                match self.source.read(&mut self.buffer[self.end..]) {
                    Ok(0) => self.exhausted = true,
                    Ok(read) => self.end += read,
                    Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                    Err(error) => return Err(IndexFileError::Unreadable(error.kind())),
                }
            }
        }
        Ok(&self.buffer[self.start..self.end])
    }

    /// Marks `length` bytes (already peeked) as read.
    fn consume(&mut self, length: usize) {
        self.start = (self.start + length).min(self.end);
    }

    /// The position of the first NUL at or after `offset`.
    fn nul_position(&mut self, offset: usize) -> Result<usize, IndexFileError> {
        let mut wanted = offset + 1;
        loop {
            let available = self.peek(wanted)?;
            if let Some(found) = available
                .get(offset..)
                .and_then(|rest| rest.iter().position(|&byte| byte == 0))
            {
                return Ok(offset + found);
            }
            if available.len() < wanted {
                return Err(IndexFileError::Malformed("missing NUL terminator"));
            }
            wanted = available.len() + 1;
        }
    }

    /// The next `length` bytes, kept.
    fn take(&mut self, length: usize) -> Result<Vec<u8>, IndexFileError> {
        let mut taken = Vec::with_capacity(length.min(CHUNK_LENGTH));
        while taken.len() < length {
            let available = self.peek(1)?;
            if available.is_empty() {
                return Err(IndexFileError::Malformed("extension longer than the file"));
            }
            let part = available.len().min(length - taken.len());
            taken.extend_from_slice(&available[..part]);
            self.consume(part);
        }
        Ok(taken)
    }

    /// Skips the next `length` bytes.
    fn skip(&mut self, mut length: usize) -> Result<(), IndexFileError> {
        while length > 0 {
            let available = self.peek(1)?.len();
            if available == 0 {
                return Err(IndexFileError::Malformed("extension longer than the file"));
            }
            let part = available.min(length);
            self.consume(part);
            length -= part;
        }
        Ok(())
    }
}

/// The part of an entry before its path: mode, id, flags, and where the path starts (counted
/// from the entry's start).
struct EntryHead {
    mode: u32,
    id: RawObjectId,
    flags: u16,
    extended_flags: u16,
    path_offset: usize,
}

impl EntryHead {
    fn read<R: Read>(chunks: &mut Chunks<R>, version: u32) -> Result<EntryHead, IndexFileError> {
        let bytes = chunks.peek(ENTRY_FIXED_LENGTH + EXTENDED_FLAGS_LENGTH)?;
        if bytes.len() < ENTRY_FIXED_LENGTH {
            return Err(IndexFileError::Malformed("entry cut short"));
        }
        let mode = u32::from_be_bytes([
            bytes[MODE_OFFSET],
            bytes[MODE_OFFSET + 1],
            bytes[MODE_OFFSET + 2],
            bytes[MODE_OFFSET + 3],
        ]);
        let mut id = [0; OBJECT_ID_LENGTH];
        id.copy_from_slice(&bytes[ID_OFFSET..ID_OFFSET + OBJECT_ID_LENGTH]);
        let flags =
            u16::from_be_bytes([bytes[ENTRY_FIXED_LENGTH - 2], bytes[ENTRY_FIXED_LENGTH - 1]]);
        let (extended_flags, path_offset) = if flags & FLAG_EXTENDED != 0 {
            if version < 3 {
                return Err(IndexFileError::Malformed(
                    "extended flags in a version 2 index",
                ));
            }
            if bytes.len() < ENTRY_FIXED_LENGTH + EXTENDED_FLAGS_LENGTH {
                return Err(IndexFileError::Malformed("entry cut short"));
            }
            let extended =
                u16::from_be_bytes([bytes[ENTRY_FIXED_LENGTH], bytes[ENTRY_FIXED_LENGTH + 1]]);
            (extended, ENTRY_FIXED_LENGTH + EXTENDED_FLAGS_LENGTH)
        } else {
            (0, ENTRY_FIXED_LENGTH)
        };
        Ok(EntryHead {
            mode,
            id,
            flags,
            extended_flags,
            path_offset,
        })
    }

    /// The entry's fields besides its path.
    fn entry(&self) -> IndexEntry {
        IndexEntry {
            id: self.id,
            mode: self.mode,
            stage: ((self.flags & FLAG_STAGE_MASK) >> 12) as u8,
            skip_worktree: self.extended_flags & EXTENDED_SKIP_WORKTREE != 0,
            intent_to_add: self.extended_flags & EXTENDED_INTENT_TO_ADD != 0,
        }
    }
}

/// git's variable-width integer at `position` of `bytes` (the pack format's OFS_DELTA offset
/// encoding): seven bits per byte, most significant first, each continuation adding one.
/// Returns the value and the position after it.
fn read_varint(bytes: &[u8], mut position: usize) -> Result<(usize, usize), IndexFileError> {
    const MALFORMED: IndexFileError = IndexFileError::Malformed("path compression length");
    let mut byte = *bytes.get(position).ok_or(MALFORMED)?;
    position += 1;
    let mut value = usize::from(byte & 0x7F);
    while byte & 0x80 != 0 {
        byte = *bytes.get(position).ok_or(MALFORMED)?;
        position += 1;
        value = value
            .checked_add(1)
            .and_then(|value| value.checked_mul(128))
            .map(|value| value | usize::from(byte & 0x7F))
            .ok_or(MALFORMED)?;
    }
    Ok((value, position))
}

/// A directory of the cache-tree extension (`TREE`): the tree its index entries make, when git
/// still knows it, and its subdirectories.
#[derive(Clone, Copy, Debug)]
pub struct CacheTreeDirectory<'index> {
    bytes: &'index [u8],
    nodes: &'index [CacheTreeNode],
    position: usize,
}

/// What a valid cache-tree directory records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ValidCacheTree<'index> {
    /// How many consecutive index entries the directory covers, subdirectories included.
    pub entry_count: usize,
    /// The tree id writing those entries would produce.
    pub id: &'index RawObjectId,
}

impl<'index> CacheTreeDirectory<'index> {
    fn node(&self) -> &'index CacheTreeNode {
        &self.nodes[self.position]
    }

    /// The directory's path component (empty for the top of the tree).
    pub fn name(&self) -> &'index [u8] {
        let node = self.node();
        let start = node.name_start as usize;
        self.bytes
            .get(start..start + node.name_length as usize)
            .unwrap_or_default()
    }

    /// The entry count and tree id, or `None` when git invalidated the directory because an
    /// entry under it changed.
    pub fn valid(&self) -> Option<ValidCacheTree<'index>> {
        const MISSING: RawObjectId = [0; OBJECT_ID_LENGTH];
        let node = self.node();
        let start = node.id_offset as usize;
        node.entry_count.map(|entry_count| ValidCacheTree {
            entry_count: entry_count as usize,
            // Parsing checked that the id is there.
            id: self
                .bytes
                .get(start..start + OBJECT_ID_LENGTH)
                .and_then(|bytes| bytes.try_into().ok())
                .unwrap_or(&MISSING),
        })
    }

    /// The subdirectories, in the file's order (git writes shorter names first).
    pub fn children(&self) -> impl Iterator<Item = CacheTreeDirectory<'index>> + 'index {
        let (bytes, nodes) = (self.bytes, self.nodes);
        let end = self.node().subtree_end as usize;
        let mut next = self.position + 1;
        std::iter::from_fn(move || {
            if next >= end {
                return None;
            }
            let child = CacheTreeDirectory {
                bytes,
                nodes,
                position: next,
            };
            next = nodes[next].subtree_end as usize;
            Some(child)
        })
    }
}

/// Parses the cache-tree extension: directories in pre-order, each
/// `name NUL entry_count SP subtree_count LF [tree id]`, followed by its subtrees; the id is
/// absent when `entry_count` is negative (invalidated).
fn parse_cache_tree(bytes: &[u8]) -> Result<Vec<CacheTreeNode>, IndexFileError> {
    if u32::try_from(bytes.len()).is_err() {
        return Err(IndexFileError::Malformed("cache-tree larger than 4 GiB"));
    }
    let mut position = 0;
    let mut nodes = Vec::new();
    // (node, subtrees still to read): an explicit stack, so that a hostile nesting depth
    // cannot overflow the call stack.
    let mut pending: Vec<(usize, usize)> = Vec::new();
    loop {
        let (node, subtrees, next) = read_cache_tree_node(bytes, position)?;
        position = next;
        nodes.push(node);
        pending.push((nodes.len() - 1, subtrees));
        // Close every directory whose subtrees have all been read.
        while let Some((node, remaining)) = pending.last_mut() {
            if *remaining > 0 {
                *remaining -= 1;
                break;
            }
            nodes[*node].subtree_end = u32::try_from(nodes.len())
                .map_err(|_| IndexFileError::Malformed("cache-tree too large"))?;
            pending.pop();
        }
        if pending.is_empty() {
            break;
        }
    }
    if position != bytes.len() {
        return Err(IndexFileError::Malformed(
            "trailing bytes in the cache-tree",
        ));
    }
    Ok(nodes)
}

/// The cache-tree node at `position`; returns it, how many subtrees follow it, and where the
/// next node starts.
fn read_cache_tree_node(
    bytes: &[u8],
    position: usize,
) -> Result<(CacheTreeNode, usize, usize), IndexFileError> {
    const MALFORMED: IndexFileError = IndexFileError::Malformed("cache-tree entry");
    let name_end = bytes
        .get(position..)
        .and_then(|rest| rest.iter().position(|&byte| byte == 0))
        .map(|offset| position + offset)
        .ok_or(MALFORMED)?;
    let (entry_count, after_count) = read_decimal(bytes, name_end + 1, b' ')?;
    let (subtrees, after_subtrees) = read_decimal(bytes, after_count, b'\n')?;
    let subtrees = usize::try_from(subtrees).map_err(|_| MALFORMED)?;
    let (entry_count, next) = match u32::try_from(entry_count) {
        Ok(entry_count) => {
            let next = after_subtrees + OBJECT_ID_LENGTH;
            if next > bytes.len() {
                return Err(MALFORMED);
            }
            (Some(entry_count), next)
        }
        // Negative: invalidated, and no id follows.
        Err(_) if entry_count < 0 => (None, after_subtrees),
        Err(_) => return Err(MALFORMED),
    };
    // The extension is smaller than 4 GiB (checked first), so its offsets fit.
    let node = CacheTreeNode {
        name_start: u32::try_from(position).map_err(|_| MALFORMED)?,
        name_length: u32::try_from(name_end - position).map_err(|_| MALFORMED)?,
        entry_count,
        id_offset: u32::try_from(after_subtrees).map_err(|_| MALFORMED)?,
        subtree_end: 0,
    };
    Ok((node, subtrees, next))
}

/// An ASCII decimal number at `position`, possibly negative, ended by `terminator`; returns
/// it and the position after the terminator.
fn read_decimal(
    bytes: &[u8],
    mut position: usize,
    terminator: u8,
) -> Result<(i64, usize), IndexFileError> {
    const MALFORMED: IndexFileError = IndexFileError::Malformed("cache-tree count");
    let negative = bytes.get(position) == Some(&b'-');
    if negative {
        position += 1;
    }
    let mut value: i64 = 0;
    let mut digits = 0;
    loop {
        let byte = *bytes.get(position).ok_or(MALFORMED)?;
        position += 1;
        if byte == terminator && digits > 0 {
            break;
        }
        if !byte.is_ascii_digit() {
            return Err(MALFORMED);
        }
        digits += 1;
        value = value
            .checked_mul(10)
            .and_then(|value| value.checked_add(i64::from(byte - b'0')))
            .ok_or(MALFORMED)?;
    }
    Ok((if negative { -value } else { value }, position))
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};
    use std::process::Command;

    use super::*;

    /// A temporary repository driven by the git CLI, isolated from the host's configuration.
    struct Scratch {
        directory: tempfile::TempDir,
    }

    impl Scratch {
        fn new() -> Scratch {
            let scratch = Scratch {
                directory: tempfile::tempdir().expect("temporary directory"),
            };
            scratch.git(&["init", "-q"]);
            scratch
        }

        fn root(&self) -> &Path {
            self.directory.path()
        }

        fn git(&self, args: &[&str]) -> String {
            let output = Command::new("git")
                .args(args)
                .current_dir(self.root())
                .env_remove("GIT_DIR")
                .env_remove("GIT_INDEX_FILE")
                .env_remove("GIT_WORK_TREE")
                .env("GIT_CONFIG_NOSYSTEM", "1")
                .env("GIT_CONFIG_GLOBAL", "/dev/null")
                .env("HOME", self.root())
                .env("GIT_AUTHOR_NAME", "Index Tests")
                .env("GIT_AUTHOR_EMAIL", "index@tests.invalid")
                .env("GIT_COMMITTER_NAME", "Index Tests")
                .env("GIT_COMMITTER_EMAIL", "index@tests.invalid")
                .output()
                .expect("run git");
            assert!(
                output.status.success(),
                "git {args:?} failed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            String::from_utf8(output.stdout).expect("git prints UTF-8 here")
        }

        fn write(&self, relative: &str, content: &str) -> &Scratch {
            let path = self.root().join(relative);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("directories");
            std::fs::write(path, content).expect("write a file");
            self
        }

        fn index_path(&self) -> PathBuf {
            self.root().join(".git/index")
        }

        fn index_bytes(&self) -> Vec<u8> {
            std::fs::read(self.index_path()).expect("read the index")
        }

        fn index(&self) -> ParsedIndex {
            parse(&self.index_bytes()).expect("parse the index")
        }

        /// Files in several directories, a symlink and an executable, all committed.
        fn committed_tree() -> Scratch {
            let scratch = Scratch::new();
            scratch
                .write("a.py", "a = 1\n")
                .write("a-b/x.py", "x = 1\n")
                .write("a/b/c.py", "c = 1\n")
                .write("a/d.py", "d = 1\n")
                .write("a0", "zero\n")
                .write("z/deep/er/file.py", "deep = 1\n");
            std::os::unix::fs::symlink("a.py", scratch.root().join("link")).expect("symlink");
            scratch.git(&["add", "-A"]);
            scratch.git(&["update-index", "--chmod=+x", "a0"]);
            scratch.git(&["commit", "-q", "-m", "tree"]);
            scratch
        }
    }

    /// `(mode, id, stage, path)` of every entry, as `git ls-files -s` prints them.
    fn listed_by_git(scratch: &Scratch) -> Vec<(u32, String, u8, String)> {
        scratch
            .git(&["ls-files", "-s"])
            .lines()
            .map(|line| {
                let (fields, path) = line.split_once('\t').expect("a tab");
                let fields: Vec<&str> = fields.split(' ').collect();
                (
                    u32::from_str_radix(fields[0], 8).expect("an octal mode"),
                    fields[1].to_owned(),
                    fields[2].parse().expect("a stage"),
                    path.to_owned(),
                )
            })
            .collect()
    }

    /// Every entry of an index read through an [`EntryReader`], and its extensions.
    struct ParsedIndex {
        version: u32,
        entries: Vec<(Vec<u8>, IndexEntry)>,
        extensions: IndexExtensions,
    }

    impl ParsedIndex {
        fn cache_tree(&self) -> Option<CacheTreeDirectory<'_>> {
            self.extensions.cache_tree()
        }
    }

    fn parse(bytes: &[u8]) -> Result<ParsedIndex, IndexFileError> {
        let mut reader = EntryReader::new(bytes)?;
        let mut entries = Vec::new();
        while let Some((path, entry)) = reader.current() {
            entries.push((path.to_vec(), *entry));
            reader.advance()?;
        }
        assert_eq!(entries.len(), reader.entry_count());
        let version = reader.version();
        let extensions = reader.finish()?;
        Ok(ParsedIndex {
            version,
            entries,
            extensions,
        })
    }

    /// The same, as this reader parses them.
    fn parsed(index: &ParsedIndex) -> Vec<(u32, String, u8, String)> {
        index
            .entries
            .iter()
            .map(|(path, entry)| {
                let path = String::from_utf8(path.clone()).expect("UTF-8 path");
                (entry.mode, hex(&entry.id), entry.stage, path)
            })
            .collect()
    }

    fn hex(id: &RawObjectId) -> String {
        id.iter().map(|byte| format!("{byte:02x}")).collect()
    }

    #[test]
    fn version_2_entries_match_git_ls_files() {
        let scratch = Scratch::committed_tree();
        let index = scratch.index();
        assert_eq!(index.version, 2);
        let entries = parsed(&index);
        assert_eq!(entries, listed_by_git(&scratch));
        let modes: Vec<u32> = entries.iter().map(|entry| entry.0).collect();
        assert!(modes.contains(&0o120000) && modes.contains(&0o100755));
    }

    #[test]
    fn version_3_reads_skip_worktree_and_intent_to_add_flags() {
        let scratch = Scratch::committed_tree();
        scratch.git(&["update-index", "--skip-worktree", "a/d.py"]);
        scratch.write("new.py", "n = 1\n");
        scratch.git(&["add", "-N", "new.py"]);
        let index = scratch.index();
        // Extended flags need version 3; git upgrades the index by itself.
        assert_eq!(index.version, 3);
        assert_eq!(parsed(&index), listed_by_git(&scratch));
        let flagged = |flag: fn(&IndexEntry) -> bool| -> Vec<String> {
            index
                .entries
                .iter()
                .filter(|(_, entry)| flag(entry))
                .map(|(path, _)| String::from_utf8_lossy(path).into_owned())
                .collect()
        };
        assert_eq!(flagged(|entry| entry.skip_worktree), ["a/d.py"]);
        assert_eq!(flagged(|entry| entry.intent_to_add), ["new.py"]);
    }

    #[test]
    fn version_4_paths_are_decompressed() {
        let scratch = Scratch::committed_tree();
        scratch.git(&["update-index", "--index-version", "4"]);
        let index = scratch.index();
        assert_eq!(index.version, 4);
        assert_eq!(parsed(&index), listed_by_git(&scratch));
    }

    #[test]
    fn paths_of_4095_bytes_and_more_are_read_in_every_version() {
        let scratch = Scratch::committed_tree();
        let blob = scratch.git(&["rev-parse", "HEAD:a.py"]).trim().to_owned();
        let long = format!("{}/file.py", ["directory"; 500].join("/"));
        let exact = format!("{}xx.py", "e/".repeat(2045));
        assert_eq!(exact.len(), 0xFFF);
        for path in [&long, &exact] {
            scratch.git(&[
                "update-index",
                "--add",
                "--cacheinfo",
                &format!("100644,{blob},{path}"),
            ]);
        }
        for version in ["2", "3", "4"] {
            scratch.git(&["update-index", "--index-version", version]);
            let index = scratch.index();
            assert_eq!(parsed(&index), listed_by_git(&scratch), "version {version}");
            assert!(parsed(&index).iter().any(|entry| entry.3 == long));
        }
    }

    #[test]
    fn conflict_stages_are_read() {
        let scratch = Scratch::committed_tree();
        scratch.git(&["checkout", "-q", "-b", "other"]);
        scratch.write("a.py", "a = 2\n");
        scratch.git(&["commit", "-q", "-am", "other"]);
        scratch.git(&["checkout", "-q", "-"]);
        scratch.write("a.py", "a = 3\n");
        scratch.git(&["commit", "-q", "-am", "main"]);
        let merge = Command::new("git")
            .args(["merge", "-q", "other"])
            .current_dir(scratch.root())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("HOME", scratch.root())
            .env("GIT_COMMITTER_NAME", "Index Tests")
            .env("GIT_COMMITTER_EMAIL", "index@tests.invalid")
            .output()
            .expect("run git merge");
        assert!(!merge.status.success(), "the merge should conflict");
        let index = scratch.index();
        let stages: Vec<u8> = parsed(&index)
            .iter()
            .filter(|entry| entry.3 == "a.py")
            .map(|entry| entry.2)
            .collect();
        assert_eq!(stages, [1, 2, 3]);
        assert_eq!(parsed(&index), listed_by_git(&scratch));
    }

    #[test]
    fn cache_tree_records_valid_and_invalidated_directories() {
        let scratch = Scratch::committed_tree();
        // `git commit` leaves a fully valid cache-tree.
        let index = scratch.index();
        let root = index.cache_tree().expect("a cache-tree after commit");
        let head_tree = scratch.git(&["rev-parse", "HEAD^{tree}"]);
        let valid = root.valid().expect("a valid top directory");
        assert_eq!(hex(valid.id), head_tree.trim());
        assert_eq!(valid.entry_count, index.entries.len());
        let mut names: Vec<String> = root
            .children()
            .map(|child| String::from_utf8_lossy(child.name()).into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["a", "a-b", "z"]);
        fn child<'index>(
            parent: CacheTreeDirectory<'index>,
            name: &str,
        ) -> CacheTreeDirectory<'index> {
            parent
                .children()
                .find(|child| child.name() == name.as_bytes())
                .expect("a recorded subdirectory")
        }
        for directory in ["a", "a-b", "z"] {
            let node = child(root, directory).valid().expect("valid");
            let id = scratch.git(&["rev-parse", &format!("HEAD:{directory}")]);
            assert_eq!(hex(node.id), id.trim(), "{directory}");
            let listed = scratch.git(&["ls-files", directory]).lines().count();
            assert_eq!(node.entry_count, listed, "{directory}");
        }
        let deep = child(child(child(root, "z"), "deep"), "er");
        assert_eq!(deep.valid().map(|valid| valid.entry_count), Some(1));

        // `git add` invalidates the directories on the path, and only those.
        scratch.write("a/b/c.py", "c = 2\n");
        scratch.git(&["add", "a/b/c.py"]);
        let index = scratch.index();
        let root = index.cache_tree().expect("a cache-tree after add");
        assert!(root.valid().is_none());
        assert!(child(root, "a").valid().is_none());
        assert!(child(child(root, "a"), "b").valid().is_none());
        assert!(child(root, "a-b").valid().is_some());
        assert!(child(root, "z").valid().is_some());
    }

    #[test]
    fn index_built_by_update_index_has_no_cache_tree() {
        let scratch = Scratch::committed_tree();
        let blob = scratch.git(&["rev-parse", "HEAD:a.py"]).trim().to_owned();
        std::fs::remove_file(scratch.index_path()).expect("remove the index");
        scratch.git(&[
            "update-index",
            "--add",
            "--cacheinfo",
            &format!("100644,{blob},only.py"),
        ]);
        let index = scratch.index();
        assert!(index.cache_tree().is_none());
        assert_eq!(parsed(&index), listed_by_git(&scratch));
    }

    #[test]
    fn split_and_sparse_indexes_are_refused() {
        let scratch = Scratch::committed_tree();
        scratch.git(&["update-index", "--split-index"]);
        assert_eq!(
            parse(&scratch.index_bytes()).err(),
            Some(IndexFileError::SplitIndex)
        );
        scratch.git(&["update-index", "--no-split-index"]);
        scratch.index();
        scratch.git(&["sparse-checkout", "set", "--cone", "--sparse-index", "a"]);
        assert_eq!(
            parse(&scratch.index_bytes()).err(),
            Some(IndexFileError::SparseIndex)
        );
    }

    #[test]
    fn truncated_input_is_an_error_or_the_same_entries_never_a_panic() {
        let scratch = Scratch::committed_tree();
        let data = scratch.index_bytes();
        let full = parsed(&scratch.index());
        for length in 0..data.len() {
            // Cutting exactly the extensions off leaves a valid, shorter index.
            if let Ok(index) = parse(&data[..length]) {
                assert_eq!(parsed(&index), full, "cut at {length}");
            }
        }
        assert!(parse(&data[..data.len() / 2]).is_err());
        assert!(parse(&[]).is_err());
    }

    #[test]
    fn garbage_and_flipped_bytes_are_errors_never_panics() {
        let scratch = Scratch::committed_tree();
        let data = scratch.index_bytes();
        for position in 0..data.len() {
            for bit in [0x01, 0x10, 0x80] {
                let mut damaged = data.clone();
                damaged[position] ^= bit;
                let _ = parse(&damaged);
            }
        }
        let mut state: u32 = 12345;
        let garbage: Vec<u8> = (0..4096)
            .map(|_| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
                (state >> 16) as u8
            })
            .collect();
        assert!(parse(&garbage).is_err());
        let mut wrong_version = data.clone();
        wrong_version[4..8].copy_from_slice(&5u32.to_be_bytes());
        assert_eq!(
            parse(&wrong_version).err(),
            Some(IndexFileError::UnsupportedVersion(5))
        );
        let mut huge_count = data.clone();
        huge_count[8..12].copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(parse(&huge_count).is_err());
        let mut headed_garbage = data[..12].to_vec();
        headed_garbage.extend_from_slice(&garbage);
        assert!(parse(&headed_garbage).is_err());
    }

    #[test]
    fn an_unknown_mandatory_extension_is_refused_and_an_optional_one_skipped() {
        let scratch = Scratch::committed_tree();
        let data = scratch.index_bytes();
        let full = parsed(&scratch.index());
        let with_extension = |signature: &[u8; 4]| {
            let mut bytes = data[..data.len() - TRAILER_LENGTH].to_vec();
            bytes.extend_from_slice(signature);
            bytes.extend_from_slice(&3u32.to_be_bytes());
            bytes.extend_from_slice(b"abc");
            bytes.extend_from_slice(&[0; TRAILER_LENGTH]);
            parse(&bytes)
        };
        assert_eq!(
            with_extension(b"abcd").err(),
            Some(IndexFileError::UnknownMandatoryExtension(*b"abcd"))
        );
        let index = with_extension(b"ZZZZ").expect("an optional extension is skipped");
        assert_eq!(parsed(&index), full);
        assert!(index.cache_tree().is_some());
    }
}
