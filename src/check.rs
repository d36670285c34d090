//! The pipeline for a set of files: analysis, rule selection, suppression, new/existing
//! attribution and the report filter, run on both cores.
//!
//! Input is a list of [`FileToCheck`] (content, plus base versions in the diff modes) from a
//! source (git or the file system); output is one [`CheckedFile`] per input, in input order.
//! Nothing here knows where the bytes came from.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, mpsc};

use crate::diff::{self, AddedLines};
use crate::finding::{Cause, CellIndex, Finding, Status};
use crate::path_rules::PathRules;
use crate::project::Project;
use crate::python::{self, SourceKind};
use crate::rules::{RuleSelection, prefilter};
use crate::suppress::{self, SuppressionPolicy};

/// Which findings the diff modes report (SPEC 4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ReportScope {
    /// Findings the change introduces.
    #[default]
    New,
    /// New findings, and existing ones whose statement or value origin is on an added line.
    Changed,
    /// Every finding in the changed files.
    All,
}

/// Where a file's new content comes from.
#[derive(Debug)]
pub enum Content {
    /// Already read (a git blob, standard input).
    Bytes(Vec<u8>),
    /// To be read by the worker (scan mode).
    Path(PathBuf),
    /// None: the change deletes the file. Its base version, read only if another file of its
    /// change has a new finding, serves only to recognise a listener moved from it to another
    /// file of the change; it never has findings of its own and is not counted as checked.
    Deleted(DeferredBase),
}

/// How to read the base version of a file the change deletes, when it is needed: `None` when it
/// cannot be read or is larger than the byte limit it is given (it then holds no finding that
/// another file's could have moved from, which leaves those new, never hides them).
pub struct DeferredBase(Box<dyn FnOnce(u64) -> Option<Vec<u8>> + Send>);

impl DeferredBase {
    /// A base read by `read`, given the size limit.
    pub fn new(read: impl FnOnce(u64) -> Option<Vec<u8>> + Send + 'static) -> Self {
        DeferredBase(Box::new(read))
    }
}

impl std::fmt::Debug for DeferredBase {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("DeferredBase")
    }
}

/// What the new content is compared with.
#[derive(Debug)]
pub enum Comparison {
    /// Audit mode: no base, every finding is reported, no status.
    None,
    /// A diff mode: the base versions (none for an added file, two or more for a merge) and the
    /// lines the change added.
    Against {
        /// Contents of the base versions.
        bases: Vec<Vec<u8>>,
        /// Lines added relative to the first base; needed only for [`ReportScope::Changed`].
        added: Option<AddedLines>,
        /// Which change the file belongs to (a pushed ref; 0 for a single change): findings
        /// moved between files are recognised among the files of one change.
        change: usize,
        /// For a file the change did not touch but whose findings it can alter (it imports a
        /// changed module), the changed modules it imports.
        dependency: Option<Dependency>,
    },
}

/// A module of a change whose module-level names may hold other values: what the files that
/// import it need to name the change that made their findings new.
#[derive(Debug)]
pub struct ModuleChange {
    /// The module's path.
    pub path: String,
    /// What changed at its top level.
    pub changes: crate::python::changes::ModuleChanges,
    /// Lines the change added to it, for [`ReportScope::Changed`] (`None` otherwise).
    pub added: Option<AddedLines>,
}

/// What makes an untouched file part of a change: the changed modules it imports (SPEC 4).
#[derive(Clone, Debug)]
pub struct Dependency {
    /// Every changed module of the change that has dependents.
    pub modules: Arc<Vec<ModuleChange>>,
    /// Indexes into `modules` of those this file imports (directly or through a re-export).
    pub imports: Vec<usize>,
}

/// The versions of the repository that a file's versions are analysed in: where their imports
/// of the project's other modules are read from.
#[derive(Clone, Debug, Default)]
pub struct Projects {
    /// The project of the version being checked.
    pub new: Option<Arc<Project>>,
    /// The project of each base version, in the order of [`Comparison::Against`]'s bases.
    pub bases: Vec<Option<Arc<Project>>>,
}

/// One file for the pipeline.
#[derive(Debug)]
pub struct FileToCheck {
    /// The path findings carry.
    pub path: String,
    /// Module or stub.
    pub kind: SourceKind,
    /// The content being checked.
    pub content: Content,
    /// What it is compared with.
    pub comparison: Comparison,
    /// Where its imports of the project's modules are read from.
    pub projects: Projects,
}

/// Files larger than this are skipped with a warning unless `--max-file-size` or the
/// `max-file-size` key says otherwise: hand-written Python is far smaller, and a generated file
/// of this size costs the parser hundreds of megabytes.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 << 20;

/// Settings that decide what is reported.
#[derive(Clone, Debug)]
pub struct CheckSettings {
    /// Rules that are reported.
    pub rules: RuleSelection,
    /// Which suppression comments count.
    pub suppression: SuppressionPolicy,
    /// Which findings the diff modes report.
    pub scope: ReportScope,
    /// Files larger than this many bytes are not checked (with a warning).
    pub max_file_size: u64,
    /// Exclusions and per-file rule ignores from the configuration file.
    pub paths: PathRules,
}

impl Default for CheckSettings {
    fn default() -> Self {
        CheckSettings {
            rules: RuleSelection::default(),
            suppression: SuppressionPolicy::default(),
            scope: ReportScope::default(),
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            paths: PathRules::default(),
        }
    }
}

/// The outcome for one file.
#[derive(Debug, Default)]
pub struct CheckedFile {
    /// The path findings carry.
    pub path: String,
    /// The decoded text, for quoting source lines.
    pub text: String,
    /// Reported findings (suppressed ones included, marked), in source order.
    pub findings: Vec<Finding>,
    /// Problems that limited the check of this file.
    pub warnings: Vec<String>,
    /// True when the file was checked (read and parsed, even with recovered errors).
    pub checked: bool,
    /// For a notebook, the cells its lines belong to.
    pub cells: Option<CellIndex>,
    /// True when checking the file failed on an internal error (a bug): the run cannot vouch
    /// for it, and exits 2.
    pub failed: bool,
    /// Why the file was not checked at all, when it was selected but skipped (size limit,
    /// binary content, unreadable): counted in the summary, never a silent pass.
    pub skipped: Option<SkipReason>,
    /// In the diff modes, what attribution needs once every file of the change is analysed.
    pub(crate) pending: Option<Box<PendingAttribution>>,
    /// True for a file the change did not touch, checked because it imports a changed module.
    pub dependent: bool,
    /// True for a file the change deletes ([`Content::Deleted`]): never checked, no findings.
    pub deleted: bool,
}

/// What the diff modes keep of a file between its analysis and the attribution across the files
/// of its change ([`attribute_changes`]).
#[derive(Debug)]
pub(crate) struct PendingAttribution {
    /// The change the file belongs to.
    change: usize,
    /// Module, stub or notebook.
    kind: SourceKind,
    /// The base versions' contents, until they are analysed.
    bases: Vec<Vec<u8>>,
    /// For a file the change deletes, its one base version, read when it is analysed.
    deferred_base: Option<DeferredBase>,
    /// The project of each base version.
    base_projects: Vec<Option<Arc<Project>>>,
    /// The base versions' findings, once analysed: a file without findings in its new version
    /// has its bases analysed only when another file of the change has a new finding that may
    /// have moved from it.
    base_findings: Option<Vec<Vec<Finding>>>,
    /// The first base version's decoded text (for a notebook's added lines).
    first_base_text: Option<String>,
    /// Lines the change added, when the source computed them.
    added: Option<AddedLines>,
    /// For an untouched file, the changed modules it imports.
    dependency: Option<Dependency>,
    /// The change's modules whose names changed (with their added lines for
    /// [`ReportScope::Changed`]), for a file the change touched: a new finding whose value or
    /// wrapper comes from one of their changed definitions names it, and a finding whose value
    /// comes from an added line of one of them is shown by `--report changed`. Known once the
    /// change's files are all read (see [`check_changes`]).
    changed_modules: Option<Arc<Vec<ModuleChange>>>,
}

/// Why a selected file was not checked (SPEC 6: "never a silent pass").
///
/// Every skip is named in a warning, counted by reason in the summary line and in the JSON
/// summary's `skipped`, and makes the run exit 2 when [`SkipReason::could_hide_finding`] says
/// the file might hold a listener. A new reason (a file that cannot be decoded, say) is one
/// more variant with its [`SkipReason::key`], its [`SkipReason::warning`] and its answer to
/// [`SkipReason::could_hide_finding`]; the summary, the JSON and the exit status follow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SkipReason {
    /// Larger than the size limit (`--max-file-size`, `max-file-size`).
    TooLarge {
        /// The file's size in bytes.
        size: u64,
        /// The limit in force, in bytes.
        limit: u64,
    },
    /// A NUL byte in the first 8000 bytes (git's heuristic for binary content).
    Binary,
    /// The file could not be read (scan mode): the reason the system gave.
    Unreadable(String),
    /// The bytes cannot be decoded as Python would (an unknown or refused codec, bytes
    /// invalid in the declared one); the warning from decoding says why.
    Undecodable,
}

impl SkipReason {
    /// The reason's name in the summary line and in JSON: `too-large`, `binary`, `unreadable`.
    pub fn key(&self) -> &'static str {
        match self {
            SkipReason::TooLarge { .. } => "too-large",
            SkipReason::Binary => "binary",
            SkipReason::Unreadable(_) => "unreadable",
            SkipReason::Undecodable => "undecodable",
        }
    }

    /// True when the unchecked file might hold a listener Python would run, so that passing it
    /// would be a silent pass: the run then exits 2. Python refuses source with a NUL byte
    /// ("source code cannot contain null bytes"), and JSON (a notebook) cannot hold a raw one,
    /// so a binary file runs nothing; a large or unreadable file may hold anything.
    pub fn could_hide_finding(&self) -> bool {
        match self {
            SkipReason::TooLarge { .. } | SkipReason::Unreadable(_) | SkipReason::Undecodable => {
                true
            }
            SkipReason::Binary => false,
        }
    }

    /// The warning naming what was skipped and why (the caller prefixes the path), with what
    /// to do about it.
    pub fn warning(&self) -> String {
        match self {
            SkipReason::TooLarge { size, limit } => format!(
                "{:.1} MiB, larger than the {:.1} MiB limit; not checked: raise `--max-file-size` (or `max-file-size`) to check it, or `exclude` it",
                *size as f64 / f64::from(1 << 20),
                *limit as f64 / f64::from(1 << 20)
            ),
            SkipReason::Binary => {
                "binary content (NUL bytes, which Python refuses to run); not checked".to_owned()
            }
            SkipReason::Unreadable(error) => format!("cannot read: {error}; not checked"),
            SkipReason::Undecodable => "cannot decode as Python would; not checked".to_owned(),
        }
    }
}

impl CheckedFile {
    /// A file that was selected but not checked, with the warning that names the reason.
    pub fn skipped(path: String, reason: SkipReason) -> CheckedFile {
        CheckedFile {
            path,
            warnings: vec![reason.warning()],
            skipped: Some(reason),
            ..CheckedFile::default()
        }
    }

    /// A line as users see it: `(cell, line in the cell)` for notebooks, `(None, line)` else.
    pub fn locate(&self, line: u32) -> (Option<u32>, u32) {
        match &self.cells {
            Some(cells) => cells.locate(line),
            None => (None, line),
        }
    }
}

/// Checks every file, on `jobs` threads, and returns the outcomes in input order.
pub fn check_files(
    files: Vec<FileToCheck>,
    settings: &CheckSettings,
    jobs: usize,
) -> Vec<CheckedFile> {
    let jobs = jobs.min(files.len());
    let mut checked = check_streamed(
        |emit| {
            for file in files {
                emit(file);
            }
        },
        settings,
        jobs,
    )
    .0;
    attribute_changes(&mut checked, settings, jobs);
    checked
}

/// The modules of one change whose names changed: the change's index (a pushed ref; 0 for a
/// single change) and the modules.
pub type ChangedModules = (usize, Arc<Vec<ModuleChange>>);

/// Checks the files of one or more changes that `produce` hands to its callback as it reads
/// them (checking overlaps with reading the next, see [`check_streamed`]), then attributes
/// their findings ([`attribute_changes`]). `produce` returns, for each change whose modules'
/// names changed, those modules: every file of that change the change touched learns them
/// before attribution. An error from `produce` is returned as it is, with nothing checked.
pub fn check_changes<E>(
    produce: impl FnOnce(&mut dyn FnMut(FileToCheck)) -> Result<Vec<ChangedModules>, E>,
    settings: &CheckSettings,
    jobs: usize,
) -> Result<Vec<CheckedFile>, E> {
    let (mut checked, produced) = check_streamed(produce, settings, jobs);
    for (change, modules) in produced? {
        for file in &mut checked {
            if let Some(pending) = &mut file.pending
                && pending.change == change
                && pending.dependency.is_none()
            {
                pending.changed_modules = Some(Arc::clone(&modules));
            }
        }
    }
    attribute_changes(&mut checked, settings, jobs);
    Ok(checked)
}

/// Checks the files `produce` hands to its callback on `jobs` threads while `produce` is still
/// running (a directory walk or blob reads overlap with checking), and returns the outcomes in
/// the order the files were produced, with what `produce` returned.
///
/// Files compared with base versions come back with their findings unattributed:
/// [`attribute_changes`] finishes them once every file of the change is checked
/// ([`check_files`] does both).
///
/// Fails closed: a file whose outcome is lost (a worker died outside the per-file panic guard)
/// comes back as a failed [`CheckedFile`] naming it. Without any worker thread (they could not
/// be spawned) the files are checked on the calling thread.
pub fn check_streamed<R>(
    produce: impl FnOnce(&mut dyn FnMut(FileToCheck)) -> R,
    settings: &CheckSettings,
    jobs: usize,
) -> (Vec<CheckedFile>, R) {
    let (sender, receiver) = mpsc::sync_channel::<Vec<(usize, FileToCheck)>>(QUEUED_BATCHES);
    // The workers own the receiver: once every one of them is gone, a send fails instead of
    // waiting forever for room in the queue.
    let receiver = Arc::new(Mutex::new(receiver));
    // One outcome per file produced, in order: a file's slot holds a stand-in (its path,
    // failed, without a warning) until a worker puts the outcome there, so that a tree of
    // 200,000 files keeps one table of outcomes and no copy of their paths.
    let slots: Mutex<Vec<CheckedFile>> = Mutex::new(Vec::new());
    let store = |index: usize, outcome: CheckedFile| {
        let mut slots = slots
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(slot) = slots.get_mut(index) {
            *slot = outcome;
        }
    };
    let produced = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..jobs.max(1))
            .filter_map(|_| {
                let receiver = Arc::clone(&receiver);
                std::thread::Builder::new()
                    .stack_size(WORKER_STACK_BYTES)
                    .spawn_scoped(scope, move || {
                        // The lock is held while waiting, so one idle worker waits at a time.
                        while let Some(batch) =
                            receiver.lock().ok().and_then(|queue| queue.recv().ok())
                        {
                            for (index, file) in batch {
                                store(index, check_file_contained(file, settings));
                            }
                        }
                    })
                    .ok()
            })
            .collect();
        drop(receiver);
        let mut batch = Vec::new();
        let produced = produce(&mut |file| {
            let stand_in = CheckedFile {
                path: file.path.clone(),
                failed: true,
                ..CheckedFile::default()
            };
            let index = {
                let mut slots = slots
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                slots.push(stand_in);
                slots.len() - 1
            };
            if workers.is_empty() {
                store(index, check_file_contained(file, settings));
                return;
            }
            // Files go to the workers one by one at first (a commit of a few files is spread
            // over every worker), then in batches of up to 64 (a walk of a large tree wakes a
            // worker once per batch, and waits only when the queue is full).
            batch.push((index, file));
            if batch.len() >= (index / 64).clamp(1, FILES_PER_BATCH) {
                // A send fails only when every worker is gone: the files then count as lost.
                let _ = sender.send(std::mem::take(&mut batch));
            }
        });
        if !batch.is_empty() {
            let _ = sender.send(batch);
        }
        drop(sender);
        for worker in workers {
            let _ = worker.join();
        }
        produced
    });
    let mut checked = slots
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    // A stand-in left in its slot is a file whose check was lost (a worker died outside the
    // per-file guard, which gives every failure it catches a warning): it fails, named.
    for file in &mut checked {
        if file.failed && file.warnings.is_empty() {
            file.warnings.push(
                "internal error: the check of this file was lost; not checked: please report it"
                    .to_owned(),
            );
        }
    }
    (checked, produced)
}

/// How many batches of produced files may wait for a worker: a walk of a large tree outruns
/// the checks, and every file waiting holds its path and reader.
const QUEUED_BATCHES: usize = 256;

/// The most files handed to a worker at once.
const FILES_PER_BATCH: usize = 64;

/// Stack for analysis threads: the parser and the analysis recurse once per nesting level, and
/// real files (long `a + b + ...` chains, generated code) nest deeply. Reserved, not committed.
const WORKER_STACK_BYTES: usize = 256 * 1024 * 1024;

/// [`check_file`], with a panic (a bug in the analysis or a dependency) turned into a failed
/// file with a warning naming it, so that the gate fails closed instead of losing the file's
/// result and passing.
pub fn check_file_contained(file: FileToCheck, settings: &CheckSettings) -> CheckedFile {
    let path = file.path.clone();
    contain_panic(path, || check_file(file, settings))
}

/// Runs `check` for the file at `path`, turning a panic into a failed [`CheckedFile`].
fn contain_panic(path: String, check: impl FnOnce() -> CheckedFile) -> CheckedFile {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(check)) {
        Ok(checked) => checked,
        Err(panic) => {
            let reason = panic
                .downcast_ref::<&str>()
                .map(|text| (*text).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            CheckedFile {
                path,
                warnings: vec![format!(
                    "internal error while checking this file ({reason}); not checked: please report it"
                )],
                failed: true,
                ..CheckedFile::default()
            }
        }
    }
}

std::thread_local! {
    /// Each thread reads files into one buffer it keeps: most files are read only to be
    /// cleared by the pre-filter, and a fresh allocation per file costs page faults.
    static READ_BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Runs the whole pipeline on one file.
pub fn check_file(file: FileToCheck, settings: &CheckSettings) -> CheckedFile {
    let FileToCheck {
        path,
        kind,
        content,
        comparison,
        projects,
    } = file;
    match content {
        Content::Bytes(bytes) => check_bytes(path, kind, &bytes, comparison, &projects, settings),
        Content::Deleted(base) => check_deleted(path, kind, base, comparison, &projects),
        Content::Path(file_path) => READ_BUFFER.with_borrow_mut(|buffer| {
            match read_limited(&file_path, settings.max_file_size, buffer) {
                Ok(Ok(())) => check_bytes(path, kind, buffer, comparison, &projects, settings),
                Ok(Err(size)) => CheckedFile::skipped(
                    path,
                    SkipReason::TooLarge {
                        size,
                        limit: settings.max_file_size,
                    },
                ),
                Err(error) => CheckedFile::skipped(path, SkipReason::Unreadable(error.to_string())),
            }
        }),
    }
}

/// A file the change deletes: nothing is read or analysed now. Its base version is read and
/// analysed by [`attribute_changes`] only when another file of its change has a new finding.
fn check_deleted(
    path: String,
    kind: SourceKind,
    base: DeferredBase,
    comparison: Comparison,
    projects: &Projects,
) -> CheckedFile {
    let mut outcome = CheckedFile {
        path,
        deleted: true,
        ..CheckedFile::default()
    };
    if let Comparison::Against { change, .. } = comparison {
        outcome.pending = Some(Box::new(PendingAttribution {
            change,
            kind,
            bases: Vec::new(),
            deferred_base: Some(base),
            base_projects: projects.bases.iter().take(1).cloned().collect(),
            base_findings: None,
            first_base_text: None,
            added: None,
            dependency: None,
            changed_modules: None,
        }));
    }
    outcome
}

/// The pipeline for one file's content. In the diff modes the outcome keeps what attribution
/// needs ([`attribute_changes`] finishes it); a file that was not checked has none, so that its
/// base's findings never count as moved away.
fn check_bytes(
    path: String,
    kind: SourceKind,
    bytes: &[u8],
    comparison: Comparison,
    projects: &Projects,
    settings: &CheckSettings,
) -> CheckedFile {
    let mut outcome = analyse_content(path, kind, bytes, projects, settings);
    outcome.dependent = matches!(
        &comparison,
        Comparison::Against {
            dependency: Some(_),
            ..
        }
    );
    if let Comparison::Against {
        bases,
        added,
        change,
        dependency,
    } = comparison
        && outcome.skipped.is_none()
        && !outcome.failed
    {
        let mut pending = PendingAttribution {
            change,
            kind,
            bases,
            deferred_base: None,
            base_projects: projects.bases.clone(),
            base_findings: None,
            first_base_text: None,
            added,
            dependency,
            changed_modules: None,
        };
        // Without findings in the new version, the bases are analysed only if another file of
        // the change needs them (a listener moved from here); bases the pre-filter clears hold
        // none, and are not kept until then.
        if !outcome.findings.is_empty() {
            analyse_bases(&mut pending, &outcome.path, settings);
        } else if !pending
            .bases
            .iter()
            .enumerate()
            .any(|(index, base)| base_may_listen(&pending, index, base, &outcome.path))
        {
            pending.base_findings = Some(vec![Vec::new(); pending.bases.len()]);
            pending.bases = Vec::new();
        }
        outcome.pending = Some(Box::new(pending));
    }
    outcome
}

/// Analysis, rule selection and suppression for one file's content: its findings without a
/// status.
fn analyse_content(
    path: String,
    kind: SourceKind,
    bytes: &[u8],
    projects: &Projects,
    settings: &CheckSettings,
) -> CheckedFile {
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if size > settings.max_file_size {
        return CheckedFile::skipped(
            path,
            SkipReason::TooLarge {
                size,
                limit: settings.max_file_size,
            },
        );
    }
    if looks_binary(bytes) {
        return CheckedFile::skipped(path, SkipReason::Binary);
    }
    // Most files hold no listener at all: a word search over the bytes proves it without
    // decoding or parsing (see `rules::prefilter`; notebooks and some encodings are never
    // filtered).
    // A file without a listener word may still call the project's own wrappers: the modules
    // it imports tell (read before anything of it is parsed).
    if !prefilter::may_listen(&path, bytes, kind)
        && !projects
            .new
            .as_deref()
            .is_some_and(|project| project.may_call_wrappers(&path, bytes))
    {
        return CheckedFile {
            path,
            checked: true,
            ..CheckedFile::default()
        };
    }
    let analysed = python::analyse(&path, bytes, kind, projects.new.as_deref());
    let mut outcome = CheckedFile {
        path,
        text: analysed.text,
        findings: Vec::new(),
        warnings: analysed.warnings,
        checked: analysed.checked,
        cells: analysed.cells,
        failed: false,
        skipped: analysed.undecodable.then_some(SkipReason::Undecodable),
        pending: None,
        dependent: false,
        deleted: false,
    };
    if suppress::skips_file(&analysed.comments) {
        outcome.text = String::new();
        return outcome;
    }
    // A suppression comment that does not say what its author meant is named, with its line.
    for (line, problem) in suppress::malformed(&analysed.comments) {
        let place = match outcome.locate(line) {
            (Some(cell), line) => format!("line {line} of cell {cell}"),
            (None, line) => format!("line {line}"),
        };
        outcome.warnings.push(format!("{place}: {problem}"));
    }
    // `per-file-ignores` narrows the selection for this path.
    let rules = settings.paths.rules_for(&outcome.path, &settings.rules);
    let mut findings = analysed.findings;
    findings.retain(|finding| rules.contains(finding.rule));
    suppress::apply(&mut findings, &analysed.comments, settings.suppression);

    outcome.findings = findings;
    // Reports quote source lines only around findings: keep the text only where there are
    // some, so that a scan of a large tree does not hold every file in memory.
    if outcome.findings.is_empty() {
        outcome.text = String::new();
    }
    outcome
}

/// Analyses the base versions of a file of a change (once), keeping the findings of the rules
/// selected for its path. A base the pre-filter clears has none, without being parsed.
fn analyse_bases(pending: &mut PendingAttribution, path: &str, settings: &CheckSettings) {
    if pending.base_findings.is_some() {
        return;
    }
    if let Some(deferred) = pending.deferred_base.take() {
        let base = (deferred.0)(settings.max_file_size)
            .filter(|base| base_may_listen(pending, 0, base, path));
        let Some(base) = base else {
            pending.base_findings = Some(vec![Vec::new()]);
            return;
        };
        pending.bases = vec![base];
    }
    let rules = settings.paths.rules_for(path, &settings.rules);
    let mut first_base_text = None;
    let base_findings = pending
        .bases
        .iter()
        .enumerate()
        .map(|(index, base)| {
            let project = pending.base_projects.get(index).cloned().flatten();
            // The notebook's added lines need the first base's text even without findings.
            let text_needed = index == 0 && pending.kind == SourceKind::Notebook;
            if !(text_needed || base_may_listen(pending, index, base, path)) {
                return Vec::new();
            }
            let analysed = python::analyse(path, base, pending.kind, project.as_deref());
            first_base_text.get_or_insert(analysed.text);
            let mut old = analysed.findings;
            old.retain(|finding| rules.contains(finding.rule));
            old
        })
        .collect();
    pending.base_findings = Some(base_findings);
    pending.first_base_text = first_base_text;
    // Their findings are all attribution needs of them now.
    pending.bases = Vec::new();
}

/// Whether base version `index` (`base`) of the file at `path` may hold a finding: the
/// pre-filter's answer, or a call of the project's wrappers.
fn base_may_listen(pending: &PendingAttribution, index: usize, base: &[u8], path: &str) -> bool {
    prefilter::may_listen(path, base, pending.kind)
        || pending
            .base_projects
            .get(index)
            .and_then(Option::as_deref)
            .is_some_and(|project| project.may_call_wrappers(path, base))
}

/// The diff modes' second step, once every file is analysed: each file's findings are
/// attributed against its own bases, then across the files of its change (a listener moved
/// from one file to another is not new, SPEC 4), and the report scope is applied.
///
/// A file without findings in its new version had its bases left unanalysed; they are
/// analysed here only when its change has a finding still new after the first step, on up to
/// `jobs` threads.
pub fn attribute_changes(checked: &mut [CheckedFile], settings: &CheckSettings, jobs: usize) {
    for file in checked.iter_mut() {
        if let Some(pending) = &file.pending
            && let Some(bases) = &pending.base_findings
        {
            let slices: Vec<&[Finding]> = bases.iter().map(Vec::as_slice).collect();
            diff::attribute(&mut file.findings, &slices);
        }
    }
    // The changes with a finding that may have moved from another of their files.
    let mut moved_into: Vec<usize> = checked
        .iter()
        .filter(|file| {
            file.findings
                .iter()
                .any(|finding| finding.status == Some(Status::New))
        })
        .filter_map(|file| file.pending.as_ref().map(|pending| pending.change))
        .collect();
    moved_into.sort_unstable();
    moved_into.dedup();
    if !moved_into.is_empty() {
        let unanalysed: Vec<&mut CheckedFile> = checked
            .iter_mut()
            .filter(|file| {
                file.pending.as_ref().is_some_and(|pending| {
                    pending.base_findings.is_none()
                        && (!pending.bases.is_empty() || pending.deferred_base.is_some())
                        && moved_into.binary_search(&pending.change).is_ok()
                })
            })
            .collect();
        analyse_in_parallel(unanalysed, settings, jobs);
        for change in moved_into {
            let mut files: Vec<diff::ChangedFindings<'_>> = checked
                .iter_mut()
                .filter_map(|file| {
                    let pending = file.pending.as_deref()?;
                    if pending.change != change {
                        return None;
                    }
                    let base = pending
                        .base_findings
                        .as_ref()
                        .and_then(|bases| bases.first())
                        .map_or(&[][..], Vec::as_slice);
                    Some(diff::ChangedFindings {
                        findings: &mut file.findings,
                        base,
                    })
                })
                .collect();
            diff::attribute_moves(&mut files);
        }
    }
    for file in checked.iter_mut() {
        if let Some(pending) = file.pending.take() {
            apply_scope(file, *pending, settings);
        }
    }
}

/// Analyses the bases of `files` on up to `jobs` threads (with the analysis's stack). A file
/// whose base analysis panics keeps no base findings: its findings stay new, never hidden.
fn analyse_in_parallel(files: Vec<&mut CheckedFile>, settings: &CheckSettings, jobs: usize) {
    let queue = Mutex::new(files.into_iter());
    let work = || {
        while let Some(file) = queue.lock().ok().and_then(|mut queue| queue.next()) {
            let path = file.path.clone();
            if let Some(pending) = file.pending.as_deref_mut() {
                let analysed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    analyse_bases(pending, &path, settings);
                }));
                if analysed.is_err() {
                    pending.base_findings = Some(Vec::new());
                }
            }
        }
    };
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..jobs.max(1))
            .filter_map(|_| {
                std::thread::Builder::new()
                    .stack_size(WORKER_STACK_BYTES)
                    .spawn_scoped(scope, work)
                    .ok()
            })
            .collect();
        if workers.is_empty() {
            work();
        }
        for worker in workers {
            let _ = worker.join();
        }
    });
}

/// Keeps the findings the report scope asks for (SPEC 4), once their status is known.
fn apply_scope(file: &mut CheckedFile, pending: PendingAttribution, settings: &CheckSettings) {
    if let Some(dependency) = &pending.dependency {
        apply_dependency_scope(file, dependency, settings.scope);
        return;
    }
    // A new finding of a changed file whose value or wrapper comes from a definition another
    // file of the change altered names it too (its own line may be untouched).
    if let Some(modules) = &pending.changed_modules {
        for finding in &mut file.findings {
            if finding.status == Some(Status::New) {
                finding.cause = changed_definition_of(finding, modules);
            }
        }
    }
    // A notebook's changed lines are lines of its JSON; its findings sit on lines of its code
    // cells joined. Compare the joined code of the two versions instead.
    let added = if pending.kind == SourceKind::Notebook && settings.scope == ReportScope::Changed {
        Some(match &pending.first_base_text {
            Some(base_text) => {
                // Should the line diff fail, every existing finding is shown: more to review,
                // never less.
                crate::git::added_lines(base_text.as_bytes(), file.text.as_bytes())
                    .unwrap_or_else(|_| AddedLines::all())
            }
            None => AddedLines::all(),
        })
    } else {
        pending.added
    };
    file.findings.retain(|finding| match settings.scope {
        ReportScope::New => finding.status == Some(Status::New),
        ReportScope::All => true,
        ReportScope::Changed => {
            finding.status == Some(Status::New)
                || added.as_ref().is_some_and(|added| {
                    added.touches(finding.statement_lines.0, finding.statement_lines.1)
                        || finding
                            .origin
                            .is_some_and(|origin| added.contains(origin.start.line))
                })
                || pending
                    .changed_modules
                    .as_deref()
                    .is_some_and(|modules| origin_on_added_line(finding, modules.iter()))
        }
    });
    if file.findings.is_empty() {
        file.text = String::new();
    }
}

/// The report scope in a file the change did not touch: its new findings, each with the change
/// that made it new; with `--report changed` or `--report all`, also its existing findings
/// whose value comes from a line the change added to a module it imports (the file's other
/// findings are not the change's business: `all` means every finding of the changed files).
fn apply_dependency_scope(file: &mut CheckedFile, dependency: &Dependency, scope: ReportScope) {
    let imported = || {
        dependency
            .imports
            .iter()
            .filter_map(|index| dependency.modules.get(*index))
    };
    file.findings.retain_mut(|finding| {
        if finding.status == Some(Status::New) {
            finding.cause = cause_of(finding, &dependency.modules, &dependency.imports);
            return true;
        }
        scope != ReportScope::New && origin_on_added_line(finding, imported())
    });
    if file.findings.is_empty() {
        file.text = String::new();
    }
}

/// True when `finding`'s value comes from a line the change added to one of `modules`.
fn origin_on_added_line<'a>(
    finding: &Finding,
    mut modules: impl Iterator<Item = &'a ModuleChange>,
) -> bool {
    finding.origin_elsewhere.as_ref().is_some_and(|origin| {
        modules.any(|module| {
            module.path == origin.path
                && module
                    .added
                    .as_ref()
                    .is_some_and(|added| added.contains(origin.span.start.line))
        })
    })
}

/// The change that made `finding` (in an untouched file) new: the changed definition its
/// value comes from, else the one a call of its wrapper chain sits in, else the first changed
/// definition of the first changed module the file imports.
fn cause_of(finding: &Finding, modules: &[ModuleChange], imports: &[usize]) -> Option<Cause> {
    if let Some(cause) = changed_definition_of(finding, modules) {
        return Some(cause);
    }
    let origin = finding
        .origin_elsewhere
        .as_ref()
        .map(|origin| (origin.path.as_str(), origin.span.start.line));
    let module = imports
        .iter()
        .filter_map(|index| modules.get(*index))
        .find(|module| origin.is_some_and(|(path, _)| path == module.path))
        .or_else(|| imports.first().and_then(|index| modules.get(*index)))?;
    let (line, names) = match (origin, module.changes.definitions.first()) {
        (Some((path, line)), _) if path == module.path => (line, Vec::new()),
        (_, Some(definition)) => (definition.lines.0, definition.names.clone()),
        (_, None) => (1, Vec::new()),
    };
    let names = if names.is_empty() {
        module.changes.names.iter().cloned().collect()
    } else {
        names
    };
    Some(Cause {
        path: module.path.clone(),
        line,
        changed: describe_names(&names),
    })
}

/// The changed definition of another module of the change that `finding`'s value comes from,
/// else the one a call of its wrapper chain sits in.
fn changed_definition_of(finding: &Finding, modules: &[ModuleChange]) -> Option<Cause> {
    let origin = finding
        .origin_elsewhere
        .as_ref()
        .map(|origin| (origin.path.as_str(), origin.span.start.line));
    let chain = finding
        .chain
        .iter()
        .map(|step| (step.path.as_str(), step.span.start.line));
    origin.into_iter().chain(chain).find_map(|(path, line)| {
        if path == finding.path {
            return None;
        }
        let module = modules.iter().find(|module| module.path == path)?;
        let definition = module.changes.definition_at(line)?;
        Some(Cause {
            path: module.path.clone(),
            line,
            changed: describe_names(&definition.names),
        })
    })
}

/// `HOST`, `HOST, PORT`, `a, b, c and 2 more`, or `a definition` when no name is known.
fn describe_names(names: &[String]) -> String {
    const MAX_NAMED: usize = 3;
    match names.len() {
        0 => "a definition".to_owned(),
        count if count <= MAX_NAMED => names.join(", "),
        count => format!(
            "{} and {} more",
            names[..MAX_NAMED].join(", "),
            count - MAX_NAMED
        ),
    }
}

/// Reads a file unless it is larger than `limit` (then `Ok(Err(size))`), with one `open` and
/// one `fstat`: a scan of a large tree is dominated by these system calls.
/// Reads the file at `path` into `buffer` (replacing its content), or reports its size when it
/// is larger than `limit` bytes, having read no more than `limit + 1` of them.
fn read_limited(
    path: &std::path::Path,
    limit: u64,
    buffer: &mut Vec<u8>,
) -> std::io::Result<Result<(), u64>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    buffer.clear();
    file.take(limit.saturating_add(1)).read_to_end(buffer)?;
    let read = u64::try_from(buffer.len()).unwrap_or(u64::MAX);
    if read > limit {
        let size = std::fs::metadata(path).map_or(read, |metadata| metadata.len());
        buffer.clear();
        return Ok(Err(size));
    }
    Ok(Ok(()))
}

/// Git's heuristic: a NUL byte in the first 8000 bytes means binary.
fn looks_binary(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(8000)].contains(&0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn staged(new: &str, base: Option<&str>, scope: ReportScope) -> CheckedFile {
        let settings = CheckSettings {
            scope,
            ..CheckSettings::default()
        };
        let added = base.map(|base| {
            crate::git::added_lines(base.as_bytes(), new.as_bytes()).expect("line diff")
        });
        check_files(
            vec![FileToCheck {
                path: "app.py".into(),
                kind: SourceKind::Module,
                content: Content::Bytes(new.as_bytes().to_vec()),
                comparison: Comparison::Against {
                    bases: base
                        .map(|base| base.as_bytes().to_vec())
                        .into_iter()
                        .collect(),
                    added: Some(added.unwrap_or_else(AddedLines::all)),
                    change: 0,
                    dependency: None,
                },
                projects: Projects::default(),
            }],
            &settings,
            1,
        )
        .pop()
        .expect("one outcome per file")
    }

    const BASE: &str =
        "import socket\nHOST = '127.0.0.1'\ns = socket.socket()\ns.bind((HOST, 80))\n";

    #[test]
    fn constant_flip_makes_untouched_bind_new() {
        let new = BASE.replace("127.0.0.1", "0.0.0.0");
        let checked = staged(&new, Some(BASE), ReportScope::New);
        assert_eq!(checked.findings.len(), 1);
        assert_eq!(checked.findings[0].span.start.line, 4);
        assert_eq!(
            checked.findings[0].origin.map(|origin| origin.start.line),
            Some(2)
        );
    }

    #[test]
    fn rewrapping_an_existing_bind_is_not_new() {
        let base = "import socket\ns = socket.socket()\ns.bind(('0.0.0.0', 80))\n";
        let new = "import socket\n\n\ns = socket.socket()\ns.bind(\n    (\"0.0.0.0\", 80),\n)\n";
        assert!(
            staged(new, Some(base), ReportScope::New)
                .findings
                .is_empty()
        );
        assert_eq!(staged(new, Some(base), ReportScope::All).findings.len(), 1);
    }

    #[test]
    fn comment_on_existing_bind_is_reported_only_as_changed() {
        let base = "import socket\ns = socket.socket()\ns.bind(('0.0.0.0', 80))\n";
        let new = "import socket\ns = socket.socket()\ns.bind(('0.0.0.0', 80))  # listen\n";
        assert!(
            staged(new, Some(base), ReportScope::New)
                .findings
                .is_empty()
        );
        let changed = staged(new, Some(base), ReportScope::Changed);
        assert_eq!(changed.findings.len(), 1);
        assert_eq!(changed.findings[0].status, Some(Status::Existing));
    }

    /// A file of change `change` compared with one base version.
    fn changed(path: &str, new: &str, base: &str, change: usize) -> FileToCheck {
        FileToCheck {
            path: path.into(),
            kind: SourceKind::Module,
            content: Content::Bytes(new.as_bytes().to_vec()),
            comparison: Comparison::Against {
                bases: vec![base.as_bytes().to_vec()],
                added: None,
                change,
                dependency: None,
            },
            projects: Projects::default(),
        }
    }

    #[test]
    fn listener_moved_between_files_is_existing_only_within_one_change() {
        let listener = "import socket\nsocket.create_server(('0.0.0.0', 80))\n";
        let emptied = "x = 1\n";
        for (source_change, expected) in [(0, 0), (1, 1)] {
            let checked = check_files(
                vec![
                    changed("a.py", emptied, listener, source_change),
                    changed("b.py", listener, emptied, 0),
                ],
                &CheckSettings::default(),
                2,
            );
            assert!(checked.iter().all(|file| file.pending.is_none()));
            assert_eq!(
                checked[1].findings.len(),
                expected,
                "listener moved from change {source_change}"
            );
        }
    }

    /// A file change `change` deletes, with its base version; `reads` counts the reads of it.
    fn deleted_counted(
        path: &str,
        base: &str,
        change: usize,
        reads: &Arc<std::sync::atomic::AtomicUsize>,
    ) -> FileToCheck {
        let base = base.as_bytes().to_vec();
        let reads = Arc::clone(reads);
        FileToCheck {
            content: Content::Deleted(DeferredBase::new(move |limit| {
                reads.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                (base.len() as u64 <= limit).then_some(base)
            })),
            ..changed(path, "", "", change)
        }
    }

    /// A file change `change` deletes, with its base version.
    fn deleted(path: &str, base: &str, change: usize) -> FileToCheck {
        deleted_counted(path, base, change, &Arc::default())
    }

    #[test]
    fn listener_moved_out_of_a_deleted_file_is_existing_and_the_file_reports_nothing() {
        let listener = "import socket\nsocket.create_server(('0.0.0.0', 80))\n";
        let other = "import socket\nsocket.create_server(('::', 80))\n";
        for (base, source_change, expected) in [
            (listener, 0, 0),
            // The listener of another change's deleted file, or another listener, is no source.
            (listener, 1, 1),
            (other, 0, 1),
        ] {
            let checked = check_files(
                vec![
                    deleted("gone.py", base, source_change),
                    changed("b.py", listener, "x = 1\n", 0),
                ],
                &CheckSettings::default(),
                2,
            );
            assert!(checked[0].deleted && !checked[0].checked);
            assert!(checked[0].findings.is_empty() && checked[0].warnings.is_empty());
            assert_eq!(
                checked[1].findings.len(),
                expected,
                "{base:?} in {source_change}"
            );
            assert_eq!(crate::report::Summary::of(&checked).files_checked, 1);
        }
    }

    #[test]
    fn a_deleted_file_is_read_only_when_its_change_has_a_new_finding() {
        let listener = "import socket\nsocket.create_server(('0.0.0.0', 80))\n";
        for (new, reads_expected) in [(listener, 1), ("x = 1\n", 0)] {
            let reads = Arc::default();
            let checked = check_files(
                vec![
                    deleted_counted("gone.py", listener, 0, &reads),
                    changed("b.py", new, "x = 1\n", 0),
                ],
                &CheckSettings::default(),
                2,
            );
            assert!(checked.iter().all(|file| file.findings.is_empty()));
            assert_eq!(
                reads.load(std::sync::atomic::Ordering::SeqCst),
                reads_expected,
                "{new:?}"
            );
        }
        // A base over the size limit holds nothing to move: the copy stays new.
        let padded = format!("{listener}# {}\n", "x".repeat(100));
        for (limit, expected) in [(DEFAULT_MAX_FILE_SIZE, 0), (100, 1)] {
            let settings = CheckSettings {
                max_file_size: limit,
                ..CheckSettings::default()
            };
            let checked = check_files(
                vec![
                    deleted("gone.py", &padded, 0),
                    changed("b.py", listener, "x = 1\n", 0),
                ],
                &settings,
                2,
            );
            assert!(checked[1].skipped.is_none());
            assert_eq!(checked[1].findings.len(), expected, "limit {limit}");
        }
    }

    /// A module change of `path` whose definition of `names` spans `lines`.
    fn module_change(path: &str, names: &[&str], lines: (u32, u32)) -> ModuleChange {
        let names: Vec<String> = names.iter().map(|name| (*name).to_owned()).collect();
        ModuleChange {
            path: path.to_owned(),
            changes: crate::python::changes::ModuleChanges {
                definitions: vec![crate::python::changes::ChangedDefinition {
                    names: names.clone(),
                    lines,
                }],
                names: names.into_iter().collect(),
            },
            added: None,
        }
    }

    /// A finding in `app.py` whose value comes from `origin` (`(path, line)`).
    fn finding_from(origin: Option<(&str, u32)>) -> Finding {
        let listener = "import socket\nsocket.create_server(('0.0.0.0', 80))\n";
        let mut finding = staged(listener, None, ReportScope::New).findings.remove(0);
        finding.origin_elsewhere = origin.map(|(path, line)| crate::finding::ElsewhereLocation {
            path: path.to_owned(),
            span: crate::finding::Span {
                start: crate::finding::Position { line, column: 8 },
                end: crate::finding::Position { line, column: 17 },
            },
            line_text: String::new(),
        });
        finding
    }

    #[test]
    fn cause_is_the_changed_definition_the_value_comes_from() {
        let modules = [
            module_change("helpers.py", &["serve"], (3, 5)),
            module_change("config.py", &["HOST"], (2, 2)),
        ];
        let cause = cause_of(&finding_from(Some(("config.py", 2))), &modules, &[0, 1]);
        assert_eq!(
            cause.map(|cause| cause.describe()).as_deref(),
            Some("HOST changed in config.py:2")
        );
    }

    #[test]
    fn cause_falls_back_to_the_first_changed_definition_of_an_imported_module() {
        let modules = [
            module_change("helpers.py", &["serve"], (3, 5)),
            module_change("config.py", &["HOST", "PORT"], (7, 8)),
        ];
        // The value's line is not a changed definition: the module it is in still is the cause.
        let cause = cause_of(&finding_from(Some(("config.py", 1))), &modules, &[0, 1]);
        assert_eq!(
            cause.map(|cause| cause.describe()).as_deref(),
            Some("HOST, PORT changed in config.py:1")
        );
        // No origin elsewhere: the first imported module's first changed definition.
        let cause = cause_of(&finding_from(None), &modules, &[1]);
        assert_eq!(
            cause.map(|cause| cause.describe()).as_deref(),
            Some("HOST, PORT changed in config.py:7")
        );
        assert_eq!(cause_of(&finding_from(None), &modules, &[]), None);
    }

    #[test]
    fn many_changed_names_are_counted_past_three() {
        let names: Vec<String> = ["a", "b", "c", "d", "e"].map(str::to_owned).to_vec();
        assert_eq!(describe_names(&names), "a, b, c and 2 more");
        assert_eq!(describe_names(&names[..3]), "a, b, c");
        assert_eq!(describe_names(&[]), "a definition");
    }

    #[test]
    fn skip_file_comment_skips_everything() {
        let new = "# bindcheck: skip-file\nimport socket\nsocket.create_server(('', 1))\n";
        let checked = staged(new, None, ReportScope::New);
        assert!(checked.checked);
        assert!(checked.findings.is_empty());
    }

    #[test]
    fn a_panic_while_checking_fails_the_file_instead_of_losing_it() {
        let checked = contain_panic("boom.py".into(), || panic!("analysis bug"));
        assert!(checked.failed);
        assert!(!checked.checked);
        assert!(
            checked.warnings[0].contains("analysis bug"),
            "{:?}",
            checked.warnings
        );
    }

    #[test]
    fn files_over_the_size_limit_are_skipped_with_a_warning() {
        let settings = CheckSettings {
            max_file_size: 16,
            ..CheckSettings::default()
        };
        let checked = check_file(
            FileToCheck {
                path: "big.py".into(),
                kind: SourceKind::Module,
                content: Content::Bytes(b"import socket\nsocket.create_server(('', 1))\n".to_vec()),
                comparison: Comparison::None,
                projects: Projects::default(),
            },
            &settings,
        );
        assert!(!checked.checked);
        assert!(
            checked.warnings[0].contains("max-file-size"),
            "{:?}",
            checked.warnings
        );
        assert_eq!(
            checked.skipped,
            Some(SkipReason::TooLarge {
                size: 44,
                limit: 16
            })
        );
        assert!(
            checked
                .skipped
                .is_some_and(|reason| reason.could_hide_finding())
        );
    }

    #[test]
    fn binary_content_is_skipped_with_a_warning() {
        let settings = CheckSettings::default();
        let checked = check_file(
            FileToCheck {
                path: "blob.py".into(),
                kind: SourceKind::Module,
                content: Content::Bytes(b"\x00\x01binary".to_vec()),
                comparison: Comparison::None,
                projects: Projects::default(),
            },
            &settings,
        );
        assert!(!checked.checked);
        assert!(checked.warnings[0].contains("binary"));
        assert_eq!(checked.skipped, Some(SkipReason::Binary));
        // Python refuses source with NUL bytes: such a file cannot hide a listener.
        assert!(!SkipReason::Binary.could_hide_finding());
    }

    #[test]
    fn unreadable_file_is_skipped_as_a_possible_hidden_finding() {
        let checked = check_file(
            FileToCheck {
                path: "gone.py".into(),
                kind: SourceKind::Module,
                content: Content::Path(PathBuf::from("/nonexistent/bindcheck/gone.py")),
                comparison: Comparison::None,
                projects: Projects::default(),
            },
            &CheckSettings::default(),
        );
        assert_eq!(
            checked.skipped.as_ref().map(SkipReason::key),
            Some("unreadable")
        );
        assert!(
            checked
                .skipped
                .is_some_and(|reason| reason.could_hide_finding())
        );
    }

    #[test]
    fn parallel_results_keep_input_order() {
        let files: Vec<FileToCheck> = (0..20)
            .map(|index| FileToCheck {
                path: format!("f{index}.py"),
                kind: SourceKind::Module,
                content: Content::Bytes(
                    format!("import socket\nsocket.create_server(('', {index}))\n").into_bytes(),
                ),
                comparison: Comparison::None,
                projects: Projects::default(),
            })
            .collect();
        let checked = check_files(files, &CheckSettings::default(), 2);
        for (index, file) in checked.iter().enumerate() {
            assert_eq!(file.path, format!("f{index}.py"));
            assert_eq!(file.findings.len(), 1);
        }
    }

    #[test]
    fn streamed_results_keep_production_order_and_return_the_producers_value() {
        for jobs in [0, 1, 2, 3] {
            let (checked, produced) = check_streamed(
                |emit| {
                    for index in 0..30 {
                        // Big and small files alternate, so workers finish out of order.
                        let padding = "x = 1\n".repeat(if index % 2 == 0 { 2000 } else { 1 });
                        emit(FileToCheck {
                            path: format!("f{index}.py"),
                            kind: SourceKind::Module,
                            content: Content::Bytes(
                                format!(
                                    "{padding}import socket\nsocket.create_server(('', {index}))\n"
                                )
                                .into_bytes(),
                            ),
                            comparison: Comparison::None,
                            projects: Projects::default(),
                        });
                    }
                    "walked"
                },
                &CheckSettings::default(),
                jobs,
            );
            assert_eq!(produced, "walked");
            assert_eq!(checked.len(), 30);
            for (index, file) in checked.iter().enumerate() {
                assert_eq!(file.path, format!("f{index}.py"), "jobs {jobs}");
                assert_eq!(file.findings.len(), 1);
                assert!(!file.failed);
            }
        }
    }

    /// A producer that outruns the workers waits for room in the queue, and every file still
    /// comes back, in order.
    #[test]
    fn a_producer_with_more_files_than_the_queue_holds_waits_and_loses_none() {
        let count = QUEUED_BATCHES * FILES_PER_BATCH * 2 + 7;
        let (checked, ()) = check_streamed(
            |emit| {
                for index in 0..count {
                    emit(FileToCheck {
                        path: format!("f{index}.py"),
                        kind: SourceKind::Module,
                        content: Content::Bytes(if index % 1000 == 1 {
                            format!("import socket\nsocket.create_server(('', {index}))\n")
                                .into_bytes()
                        } else {
                            b"x = 1\n".to_vec()
                        }),
                        comparison: Comparison::None,
                        projects: Projects::default(),
                    });
                }
            },
            &CheckSettings::default(),
            2,
        );
        assert_eq!(checked.len(), count);
        for (index, file) in checked.iter().enumerate() {
            assert_eq!(file.path, format!("f{index}.py"));
            assert!(file.checked && !file.failed);
            assert_eq!(file.findings.len(), usize::from(index % 1000 == 1));
        }
    }
}
