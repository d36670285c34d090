//! The repository as a program: its modules, found by import, read on demand from one snapshot
//! (the work tree for `scan`; the index or a commit's tree in the diff modes), and what each
//! module exports to the modules that import it.
//!
//! Nothing here parses or interprets Python: [`Project::summary`] asks
//! [`crate::python::summarise_module`] for a module's [`ModuleSummary`] the first time an
//! analysis needs it, and keeps it for the rest of the run. Imports are resolved the way Python
//! resolves them for a project checked out at the root: relative imports from the importing
//! file's package; absolute ones from the importing file's source root (the directory above its
//! top-level package), the repository root and `src/` (flat and `src` layouts alike). A name
//! that resolves to no file of the snapshot is left to the caller as unknown: a module outside
//! the repository is never guessed.
//!
//! Source positions of other modules: each loaded module gets a range of *global* offsets,
//! above [`FOREIGN_BASE`], so that a value imported from `config.py` keeps pointing at the
//! literal there while the analysis of `app.py` handles it like any of its own (rustc's source
//! map works the same way). [`Project::locate`] turns a global offset back into a file and its
//! text.

pub mod dependents;
pub mod imports;
mod resolve;
mod summary;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use ruff_text_size::{TextRange, TextSize};

pub use summary::{ExportedClass, ExportedFunction, ModuleSummary};

/// How much of a module a summary runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Depth {
    /// Module-level statements and class bodies: what its names hold. Enough for constants
    /// and settings, and far cheaper on large modules.
    Names,
    /// Function bodies too: the summaries of its functions and the attributes its methods
    /// set.
    Full,
}

/// Offsets at or above this one belong to modules other than the file being analysed.
pub const FOREIGN_BASE: u32 = 1 << 31;

/// Where a project's modules are read from. Paths are `/`-separated and relative to the
/// snapshot's root (or, for a work tree, to the directory given).
pub trait ModuleSource: Send + Sync {
    /// The bytes of the file at `path`, if the snapshot has a regular file there.
    fn read(&self, path: &str) -> Option<Vec<u8>>;

    /// True when the snapshot has a regular file at `path`.
    fn exists(&self, path: &str) -> bool {
        self.read(path).is_some()
    }

    /// Does now what the first lookups would otherwise do (load an index's table of files),
    /// so that a thread with nothing else to do can take it off the check's path.
    fn prepare(&self) {}

    /// The paths of the snapshot's regular files whose names end in `.py`, for the search of
    /// the modules that import a changed one; `None` when the source cannot list them.
    fn python_paths(&self) -> Option<Vec<String>> {
        None
    }

    /// The files of `paths` that exist and whose bytes `keep` accepts, with their bytes, in
    /// the order of `paths`; a source may read them on up to `jobs` threads.
    fn read_matching(
        &self,
        paths: &[String],
        keep: &(dyn Fn(&[u8]) -> bool + Sync),
        jobs: usize,
    ) -> Vec<(String, Vec<u8>)> {
        let _ = jobs;
        paths
            .iter()
            .filter_map(|path| {
                let bytes = self.read(path)?;
                keep(&bytes).then(|| (path.clone(), bytes))
            })
            .collect()
    }
}

/// Modules read from the file system under a root directory (`scan` mode).
#[derive(Debug)]
pub struct WorkTreeSource {
    root: PathBuf,
}

impl WorkTreeSource {
    /// Reads modules under `root`.
    pub fn new(root: PathBuf) -> WorkTreeSource {
        WorkTreeSource { root }
    }
}

impl ModuleSource for WorkTreeSource {
    fn read(&self, path: &str) -> Option<Vec<u8>> {
        let full = self.root.join(path);
        let metadata = std::fs::symlink_metadata(&full).ok()?;
        if !metadata.is_file() || metadata.len() > MAX_MODULE_BYTES {
            return None;
        }
        std::fs::read(full).ok()
    }

    fn exists(&self, path: &str) -> bool {
        std::fs::symlink_metadata(self.root.join(path)).is_ok_and(|metadata| metadata.is_file())
    }
}

/// A module's path and the attribute names that follow it in a dotted name.
pub type Resolved = (String, Vec<String>);

/// Modules larger than this are not loaded for their exports (they are still checked as files
/// of their own, under the file size limit).
pub const MAX_MODULE_BYTES: u64 = 4 << 20;

/// What a module's text shows, before it is parsed, about whether it can matter to another
/// module's analysis.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ModuleTraits {
    /// It mentions a listener the catalogue knows: its functions may be wrappers.
    pub may_define_wrappers: bool,
    /// It holds a literal that is (or contains) an all-interfaces address.
    pub may_hold_wildcards: bool,
}

impl ModuleTraits {
    /// True when the module is worth summarising for any name an importer reads from it.
    pub fn may_matter(self) -> bool {
        self.may_define_wrappers || self.may_hold_wildcards
    }
}

/// The IPv4 wildcard: the one all-interfaces literal written without a colon.
const IPV4_WILDCARD: &[u8] = b"0.0.0.0";

/// The other literals that hold an all-interfaces address, as a module's text may write them:
/// each holds a colon.
const COLON_LITERALS: &[&[u8]] = &[
    b"'::'", b"\"::\"", b"[::]", b"'::0'", b"\"::0\"", b"//*:", b"'*:", b"\"*:",
];

/// True when `text` holds a literal that is (or contains) an all-interfaces address, other
/// than an empty string (`"0.0.0.0"`, `"::"`, `"[::]"`, `"tcp://*:"`, ...). Asked of every
/// file a scan's filter clears: a vectorised search for `0.0.0.0`, then a look around each
/// colon, costs a fraction of a multi-pattern automaton whose patterns mostly open with a
/// quote.
pub fn holds_wildcard_literal(text: &[u8]) -> bool {
    static IPV4: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(IPV4_WILDCARD));
    IPV4.find(text).is_some()
        || memchr::memchr_iter(b':', text).any(|colon| {
            COLON_LITERALS.iter().any(|literal| {
                literal
                    .iter()
                    .enumerate()
                    .filter(|(_, byte)| **byte == b':')
                    .any(|(offset, _)| {
                        colon
                            .checked_sub(offset)
                            .and_then(|start| text.get(start..start + literal.len()))
                            == Some(*literal)
                    })
            })
        })
}

/// Where `text` holds an empty string literal: the offset of each `""` and `''` that is not
/// part of a longer run of the same quote (a triple quote), with any prefix (`b""`, `f''`).
/// Two quotes inside another string count too (`"''"`): callers only look further there.
pub fn empty_string_literals(text: &[u8]) -> impl Iterator<Item = usize> + '_ {
    [b"\"\"".as_slice(), b"''".as_slice()]
        .into_iter()
        .flat_map(move |quotes| {
            let quote = quotes[0];
            memchr::memmem::find_iter(text, quotes).filter(move |&at| {
                (at == 0 || text[at - 1] != quote) && text.get(at + 2) != Some(&quote)
            })
        })
}

/// Keywords that pass a host (`serve(app, host="")`), for [`empty_host_passed`].
const HOST_KEYWORDS: &[&[u8]] = &[b"host", b"hostname", b"address", b"addr", b"bind", b"ip"];

/// Where a text passes an empty string as a wrapper's host, for [`Project::may_call_wrappers`].
#[derive(Debug, PartialEq, Eq)]
pub enum EmptyHost<'t> {
    /// Nowhere.
    Nowhere,
    /// As a host keyword (`serve(app, host="")`), or an argument of a call whose name the
    /// text does not show (`make()("")`): to any callee.
    ToAnyCallee,
    /// Only to calls of these names.
    ToCallees {
        /// Names called bare, the empty string as any positional argument (`listen("",
        /// 9000)`, `serve(app, '')`).
        bare: std::collections::HashSet<&'t [u8]>,
        /// Names called as attributes, the empty string as the first argument
        /// (`helpers.serve("")`).
        attributes: std::collections::HashSet<&'t [u8]>,
    },
}

/// How far back from an empty string passed as a later argument its call's `(` is looked for.
const MAX_ARGUMENTS_LOOKBACK: usize = 1024;

/// Where `text` passes an empty string where a wrapper's host goes: as a whole positional
/// argument of a call (`listen("", 9000)`, `serve(app, "")`; of a method, `helpers.listen("",
/// 9000)`, only the first: `s.replace("a", "")` is everywhere) or as a host keyword, spaces
/// allowed. Read from each `""` and `''` (not part of a triple quote) and what surrounds it;
/// a later argument's call is found by counting brackets back to its `(` (on the lines before
/// too, up to [`MAX_ARGUMENTS_LOOKBACK`] bytes; brackets inside strings may hide it).
pub fn empty_host_passed(text: &[u8]) -> EmptyHost<'_> {
    let is_word = crate::rules::prefilter::is_word_byte;
    // The last byte before `at` that is no blank (line breaks count as blanks: arguments may
    // be written one per line).
    let before = |at: usize| {
        text[..at]
            .iter()
            .rposition(|byte| !matches!(byte, b' ' | b'\t' | b'\r' | b'\n'))
    };
    // The word that ends at `last`.
    let word_ending = |last: usize| {
        let first = text[..=last]
            .iter()
            .rposition(|&byte| !is_word(byte))
            .map_or(0, |position| position + 1);
        &text[first..=last]
    };
    // The `(` that opens the bracket holding `at`, if it is a parenthesis.
    let opening_parenthesis = |at: usize| {
        let mut depth = 0usize;
        let floor = at.saturating_sub(MAX_ARGUMENTS_LOOKBACK);
        for index in (floor..at).rev() {
            match text[index] {
                b')' | b']' | b'}' => depth += 1,
                b'(' | b'[' | b'{' if depth > 0 => depth -= 1,
                b'(' => return Some(index),
                b'[' | b'{' => return None,
                _ => {}
            }
        }
        None
    };
    let mut bare = std::collections::HashSet::new();
    let mut attributes = std::collections::HashSet::new();
    for at in empty_string_literals(text) {
        let end = at + 2;
        let Some(previous) = before(at) else {
            continue;
        };
        let opening = match text[previous] {
            b'(' => Some(previous),
            b',' => opening_parenthesis(previous),
            b'=' if before(previous)
                .is_some_and(|last| HOST_KEYWORDS.contains(&word_ending(last))) =>
            {
                return EmptyHost::ToAnyCallee;
            }
            _ => None,
        };
        let Some(opening) = opening else {
            continue;
        };
        let later = opening != previous;
        let next = text[end..]
            .iter()
            .find(|byte| !matches!(byte, b' ' | b'\t' | b'\r' | b'\n'));
        if !matches!(next, Some(b',' | b')')) {
            continue;
        }
        match opening.checked_sub(1).map(|name| (name, text[name])) {
            Some((name, byte)) if is_word(byte) => {
                let word = word_ending(name);
                let start = name + 1 - word.len();
                match before(start) {
                    Some(dot) if text[dot] == b'.' => {
                        if !later {
                            attributes.insert(word);
                        }
                    }
                    _ => {
                        bare.insert(word);
                    }
                };
            }
            Some((_, b')')) => return EmptyHost::ToAnyCallee,
            _ => {}
        }
    }
    if bare.is_empty() && attributes.is_empty() {
        EmptyHost::Nowhere
    } else {
        EmptyHost::ToCallees { bare, attributes }
    }
}

/// The words of `text` followed by `(` (spaces allowed): the names it calls, in one pass.
fn called_names(text: &[u8]) -> std::collections::HashSet<&[u8]> {
    let is_word = crate::rules::prefilter::is_word_byte;
    let mut called = std::collections::HashSet::new();
    let mut index = 0;
    while index < text.len() {
        if !is_word(text[index]) {
            index += 1;
            continue;
        }
        let start = index;
        while index < text.len() && is_word(text[index]) {
            index += 1;
        }
        let mut after = index;
        while after < text.len() && matches!(text[after], b' ' | b'\t') {
            after += 1;
        }
        if text.get(after) == Some(&b'(') {
            called.insert(&text[start..index]);
        }
    }
    called
}

/// A module the project has loaded, or tried to.
#[derive(Debug)]
enum Slot {
    /// Summarised: its exports.
    Ready(Arc<ModuleSummary>),
    /// Missing, undecodable or too large: nothing is exported.
    Unavailable,
}

/// The loaded modules and the global offsets handed out so far.
#[derive(Debug, Default)]
struct Table {
    slots: HashMap<String, Slot>,
    /// The next free global offset.
    next_base: u64,
    /// `(base, length, summary)` of every summarised module, by base.
    placed: Vec<(u32, u32, Arc<ModuleSummary>)>,
}

/// The repository's modules, as one snapshot has them.
pub struct Project {
    source: Box<dyn ModuleSource>,
    table: Mutex<Table>,
    /// Paths known to exist (or not), so that resolving the same import twice probes once.
    probes: Mutex<HashMap<String, bool>>,
    /// Imports resolved, by the importing file's directory and the dotted name: every file of
    /// a package resolves the same few imports, each a handful of probes.
    resolved: Mutex<HashMap<(String, String), Option<Resolved>>>,
    /// What each module's text shows (see [`Project::traits`]).
    traits: Mutex<HashMap<String, ModuleTraits>>,
    /// What each module imports, read from its text.
    imports: Mutex<HashMap<String, Arc<Vec<imports::ImportedName>>>>,
}

impl std::fmt::Debug for Project {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.debug_struct("Project").finish_non_exhaustive()
    }
}

std::thread_local! {
    /// The modules this thread is summarising, innermost last: an import cycle reads as
    /// unknown instead of recursing forever.
    static IN_PROGRESS: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// How deep summaries of modules may nest (a module importing one importing one ...).
const MAX_SUMMARY_DEPTH: usize = 24;

impl Project {
    /// Loads what every lookup of the snapshot needs (see [`ModuleSource::prepare`]).
    pub fn prepare(&self) {
        self.source.prepare();
    }

    /// A project reading its modules from `source`.
    pub fn new(source: Box<dyn ModuleSource>) -> Project {
        Project {
            source,
            table: Mutex::new(Table {
                next_base: u64::from(FOREIGN_BASE),
                ..Table::default()
            }),
            probes: Mutex::new(HashMap::new()),
            resolved: Mutex::new(HashMap::new()),
            traits: Mutex::new(HashMap::new()),
            imports: Mutex::new(HashMap::new()),
        }
    }

    /// What the module at `path` may hold, read from its text; cached. A missing module holds
    /// nothing.
    pub fn traits(&self, path: &str) -> ModuleTraits {
        if let Ok(known) = self.traits.lock()
            && let Some(traits) = known.get(path)
        {
            return *traits;
        }
        let traits = match self.source.read(path) {
            Some(bytes) => {
                let may_hold_wildcards = holds_wildcard_literal(&bytes);
                // Only the module's own text: following its imports transitively would mark
                // most of a large tree, and a wrapper is then found when a call passes it an
                // address (see the analysis' `passes`).
                let may_define_wrappers = crate::rules::prefilter::may_listen(
                    path,
                    &bytes,
                    crate::python::SourceKind::Module,
                );
                ModuleTraits {
                    may_define_wrappers,
                    may_hold_wildcards,
                }
            }
            None => ModuleTraits::default(),
        };
        if let Ok(mut known) = self.traits.lock() {
            known.insert(path.to_owned(), traits);
        }
        traits
    }

    /// The bytes of the snapshot's file at `path` (not cached: a module's text is kept in its
    /// summary once it is parsed).
    pub fn read(&self, path: &str) -> Option<Vec<u8>> {
        self.source.read(path)
    }

    /// The snapshot's `.py` files ([`ModuleSource::python_paths`]).
    pub fn python_paths(&self) -> Option<Vec<String>> {
        self.source.python_paths()
    }

    /// The files of `paths` whose bytes `keep` accepts ([`ModuleSource::read_matching`]).
    pub fn read_matching(
        &self,
        paths: &[String],
        keep: &(dyn Fn(&[u8]) -> bool + Sync),
        jobs: usize,
    ) -> Vec<(String, Vec<u8>)> {
        self.source.read_matching(paths, keep, jobs)
    }

    /// True when the snapshot has a file at `path` (cached).
    pub fn exists(&self, path: &str) -> bool {
        if let Ok(probes) = self.probes.lock()
            && let Some(known) = probes.get(path)
        {
            return *known;
        }
        let exists = self.source.exists(path);
        if let Ok(mut probes) = self.probes.lock() {
            probes.insert(path.to_owned(), exists);
        }
        exists
    }

    /// The module that `qualified` (an absolute dotted name, or a relative one with leading
    /// dots) names from the file `importer`, and the attribute names that follow the module
    /// part: `app.config.HOST` → (`app/config.py`, `["HOST"]`).
    pub fn resolve(&self, importer: &str, qualified: &str) -> Option<Resolved> {
        // Resolution depends on the importer's directory only (a script's siblings, its
        // package's root, relative levels).
        let directory = importer
            .rsplit_once('/')
            .map_or("", |(directory, _)| directory);
        let key = (directory.to_owned(), qualified.to_owned());
        if let Ok(resolved) = self.resolved.lock()
            && let Some(known) = resolved.get(&key)
        {
            return known.clone();
        }
        let found = resolve::resolve(importer, qualified, &|path| self.exists(path));
        if let Ok(mut resolved) = self.resolved.lock() {
            resolved.insert(key, found.clone());
        }
        found
    }

    /// The exports of the module at `path`, summarised to `depth` on first use; `None` when
    /// the file is missing, cannot be read as Python, or is being summarised further up (an
    /// import cycle).
    pub fn summary(&self, path: &str, depth: Depth) -> Option<Arc<ModuleSummary>> {
        let mut known_base = None;
        if let Ok(table) = self.table.lock()
            && let Some(slot) = table.slots.get(path)
        {
            match slot {
                Slot::Ready(summary) if summary.full || depth == Depth::Names => {
                    return Some(Arc::clone(summary));
                }
                // A names-only summary deepened keeps its offsets: values handed out already
                // still point into it.
                Slot::Ready(summary) => known_base = Some(summary.base),
                Slot::Unavailable => return None,
            }
        }
        let cyclic = IN_PROGRESS.with_borrow(|stack| {
            stack.len() >= MAX_SUMMARY_DEPTH || stack.iter().any(|open| open == path)
        });
        if cyclic {
            return None;
        }
        let bytes = self.source.read(path);
        let base = match known_base {
            Some(base) => Some(base),
            None => bytes.as_ref().and_then(|bytes| self.reserve(bytes.len())),
        };
        let summary = match (bytes, base) {
            (Some(bytes), Some(base)) => {
                IN_PROGRESS.with_borrow_mut(|stack| stack.push(path.to_owned()));
                let summary = crate::python::summarise_module(path, &bytes, base, depth, self);
                IN_PROGRESS.with_borrow_mut(|stack| {
                    stack.pop();
                });
                summary.map(Arc::new)
            }
            _ => None,
        };
        let Ok(mut table) = self.table.lock() else {
            return summary;
        };
        // Another thread may have summarised it meanwhile: the first one kept wins, so that
        // every analysis sees the same offsets.
        if let Some(Slot::Ready(existing)) = table.slots.get(path)
            && (existing.full || depth == Depth::Names)
        {
            return Some(Arc::clone(existing));
        }
        match summary {
            Some(summary) => {
                let length = u32::try_from(summary.text.len()).unwrap_or(u32::MAX);
                table.placed.retain(|(base, _, _)| *base != summary.base);
                table
                    .placed
                    .push((summary.base, length, Arc::clone(&summary)));
                table
                    .slots
                    .insert(path.to_owned(), Slot::Ready(Arc::clone(&summary)));
                Some(summary)
            }
            None => {
                table.slots.insert(path.to_owned(), Slot::Unavailable);
                None
            }
        }
    }

    /// True when the module `path` (with these bytes) may call a wrapper of another module of
    /// the project: it imports a name of a module that mentions a listener (directly or
    /// re-exported), or imports such a module and names one of its names followed by `(`.
    /// Read from its import statements, the imported modules' texts and (for a module imported
    /// whole) the names it binds, without summarising any function: the analysis of the file
    /// looks a wrapper up only where a call passes an all-interfaces value, which costs far
    /// less than summarising every module a file imports to decide whether to read it.
    pub fn may_call_wrappers(&self, path: &str, bytes: &[u8]) -> bool {
        // Only a call passing an all-interfaces literal makes a finding at a wrapper's call: a
        // file without one is cleared before its imports are read. Most files hold an empty
        // string somewhere, so it counts only as a host keyword (`serve(app, host="")`) or as
        // a call's argument as `empty_host_passed` reads it (`listen("", 9000)`), and then only
        // for an imported name so called (by the name the import binds: `start` of `serve as
        // start`). A file
        // that passes its own parameters on is a wrapper itself, followed from its callers.
        let callees = if holds_wildcard_literal(bytes) {
            None
        } else {
            match empty_host_passed(bytes) {
                EmptyHost::Nowhere => return false,
                EmptyHost::ToAnyCallee => None,
                EmptyHost::ToCallees { bare, attributes } => Some((bare, attributes)),
            }
        };
        // Only an empty host passed to `name` can make a finding at a call of `name`: called
        // bare when imported by name, as an attribute when its module is imported.
        let may_receive = |name: &str| {
            callees
                .as_ref()
                .is_none_or(|(bare, _)| bare.contains(name.as_bytes()))
        };
        let may_receive_attribute = |name: &str| {
            callees
                .as_ref()
                .is_none_or(|(_, attributes)| attributes.contains(name.as_bytes()))
        };
        let any_attribute = callees
            .as_ref()
            .is_none_or(|(_, attributes)| !attributes.is_empty());
        let called = std::cell::OnceCell::new();
        imports::imported_names(bytes).iter().any(|imported| {
            let name = imported.qualified.trim_end_matches(".*");
            if !name.starts_with('.') && crate::rules::sinks::is_catalogued_package(name) {
                return false;
            }
            // Neither a name the file calls with an empty host nor a module it may call one of.
            if !any_attribute && !may_receive(&imported.bound) {
                return false;
            }
            let Some((module, attributes)) = self.resolve(path, name) else {
                return false;
            };
            if module == path {
                return false;
            }
            match attributes.first() {
                Some(attribute) => {
                    may_receive(&imported.bound) && self.may_export_wrapper(&module, attribute, 0)
                }
                // `import helpers` then `helpers.serve(...)`: any wrapper of the module that
                // the file names as a call.
                None => {
                    any_attribute
                        && self.traits(&module).may_define_wrappers
                        && self.summary(&module, Depth::Names).is_some_and(|summary| {
                            let called = called.get_or_init(|| called_names(bytes));
                            summary.names.keys().any(|exported| {
                                may_receive_attribute(exported)
                                    && called.contains(exported.as_bytes())
                            })
                        })
                }
            }
        })
    }

    /// True when `name` of the module at `module` may be a wrapper, read from texts only: the
    /// module mentions a listener, or it re-exports `name` (`from .server import listen`, a
    /// star import) from a module for which this holds.
    pub fn may_export_wrapper(&self, module: &str, name: &str, depth: usize) -> bool {
        if self.traits(module).may_define_wrappers {
            return true;
        }
        depth < 4
            && self
                .reexports(module, name)
                .iter()
                .any(|(path, name)| self.may_export_wrapper(path, name, depth + 1))
    }

    /// Where `module`'s import lines may bring `name` from: `(path, name there)` for each
    /// `from .x import name` (or `from .x import other as name`) and each star import.
    fn reexports(&self, module: &str, name: &str) -> Vec<(String, String)> {
        let mut sources = Vec::new();
        for imported in self.imports_of(module).iter() {
            let star = imported.qualified.strip_suffix(".*");
            if star.is_none() && imported.bound != name {
                continue;
            }
            let Some((path, rest)) = self.resolve(module, star.unwrap_or(&imported.qualified))
            else {
                continue;
            };
            if path == module {
                continue;
            }
            match (star, rest.first()) {
                (Some(_), None) => sources.push((path, name.to_owned())),
                (None, Some(attribute)) => sources.push((path, attribute.clone())),
                _ => {}
            }
        }
        sources
    }

    /// The names the module at `path` imports ([`imports::imported_names`]), cached.
    fn imports_of(&self, path: &str) -> Arc<Vec<imports::ImportedName>> {
        if let Ok(known) = self.imports.lock()
            && let Some(names) = known.get(path)
        {
            return Arc::clone(names);
        }
        let names = Arc::new(
            self.source
                .read(path)
                .map(|bytes| imports::imported_names(&bytes))
                .unwrap_or_default(),
        );
        if let Ok(mut known) = self.imports.lock() {
            known.insert(path.to_owned(), Arc::clone(&names));
        }
        names
    }

    /// Reserves global offsets for a module of `length` bytes; `None` once they run out.
    fn reserve(&self, length: usize) -> Option<u32> {
        let mut table = self.table.lock().ok()?;
        let base = table.next_base;
        let end = base
            .checked_add(u64::try_from(length).ok()?)?
            .checked_add(1)?;
        if end > u64::from(u32::MAX) {
            return None;
        }
        table.next_base = end;
        u32::try_from(base).ok()
    }

    /// The module a global range lies in: its summary (path and text) and the range relative to
    /// its text.
    pub fn locate(&self, range: TextRange) -> Option<(Arc<ModuleSummary>, TextRange)> {
        let start = u32::from(range.start());
        if start < FOREIGN_BASE {
            return None;
        }
        let table = self.table.lock().ok()?;
        let (base, length, summary) = table
            .placed
            .iter()
            .find(|(base, length, _)| (*base..=base.saturating_add(*length)).contains(&start))?;
        let local_start = start - base;
        let local_end = u32::from(range.end()).saturating_sub(*base).min(*length);
        Some((
            Arc::clone(summary),
            TextRange::new(
                TextSize::from(local_start),
                TextSize::from(local_end.max(local_start)),
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The literal search, written the slow and obvious way.
    fn naive(text: &[u8]) -> bool {
        std::iter::once(IPV4_WILDCARD)
            .chain(COLON_LITERALS.iter().copied())
            .any(|literal| text.windows(literal.len()).any(|window| window == literal))
    }

    #[test]
    fn wildcard_literals_are_found_wherever_they_stand() {
        let texts: &[&[u8]] = &[
            b"HOST = '0.0.0.0'\n",
            b"bind('::', 80)",
            b"x = \"::\"",
            b"'::'",
            b"::'",
            b"'::",
            b"url = 'http://[::]:8000'",
            b"zmq.bind(\"tcp://*:5555\")",
            b"sock.bind(('*:', 1))",
            b"addr = \"::0\"",
            b"def f(a: int) -> None:\n    return {'a': 1}\n",
            b"x = '::1'  # loopback",
            b"s = a[::2]; t = b[1::]",
            b":",
            b"",
            b"0.0.0",
            b"10.0.0.0/8",
        ];
        for text in texts {
            assert_eq!(
                holds_wildcard_literal(text),
                naive(text),
                "{}",
                String::from_utf8_lossy(text)
            );
        }
        assert!(holds_wildcard_literal(b"'::'"));
        assert!(!holds_wildcard_literal(b"x = '::1'"));
        assert!(holds_wildcard_literal(b"10.0.0.0/8"), "contains 0.0.0.0");
    }

    #[test]
    fn an_empty_host_counts_as_a_positional_argument_or_a_host_keyword() {
        let callees = |text: &str| match empty_host_passed(text.as_bytes()) {
            EmptyHost::ToCallees { bare, attributes } => {
                let sorted = |names: std::collections::HashSet<&[u8]>| {
                    let mut names: Vec<String> = names
                        .iter()
                        .map(|name| String::from_utf8_lossy(name).into_owned())
                        .collect();
                    names.sort();
                    names
                };
                (sorted(bare), sorted(attributes))
            }
            other => panic!("{text}: {other:?}"),
        };
        let names = |names: &[&str]| -> Vec<String> {
            names.iter().map(|name| (*name).to_owned()).collect()
        };
        assert_eq!(
            callees("listen(\"\", 9000)"),
            (names(&["listen"]), names(&[]))
        );
        assert_eq!(
            callees("Server('')\nhelpers . serve( '' , 1)"),
            (names(&["Server"]), names(&["serve"]))
        );
        // Any call's: whether it calls a wrapper is for the imports to tell.
        assert_eq!(
            callees("print(\"\", end=\"\")\n"),
            (names(&["print"]), names(&[]))
        );
        for text in [
            "make()(\"\")",
            "serve(app, host=\"\")",
            "serve(app, hostname = '')",
            "x = 1\nrun(app, bind='', port=1)\n",
        ] {
            assert_eq!(
                empty_host_passed(text.as_bytes()),
                EmptyHost::ToAnyCallee,
                "{text}"
            );
        }
        // A later argument: the call is found back through the other arguments, brackets and
        // lines.
        assert_eq!(callees("serve(app, \"\")"), (names(&["serve"]), names(&[])));
        assert_eq!(
            callees("serve(\n    make(app, [1, (2)]),\n    '',\n    port,\n)\n"),
            (names(&["serve"]), names(&[]))
        );
        for text in [
            // A method's later argument (`str.replace`'s, mostly) is not counted.
            "x.replace('a', '')",
            "helpers.serve(app, '')",
            "if host == \"\":\n    pass\n",
            "[a, '']",
            "{1: 2, 3: ''}",
            "f(x)[a, '']",
            "t = (a, '')",
            "name = ''",
            "(\"\" if x else y)",
            "f(\"\"\"doc\"\"\")",
            "sep = ''.join(parts)",
            "prefix(''.strip(), 1)",
        ] {
            assert_eq!(
                empty_host_passed(text.as_bytes()),
                EmptyHost::Nowhere,
                "{text}"
            );
        }
    }
}
