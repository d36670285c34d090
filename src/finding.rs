//! The finding: what one rule reports at one place, and how it is identified across versions.
//!
//! A [`Finding`] is produced by the analysis (which fills the location, message, callee and host),
//! then annotated by suppression ([`Finding::suppression`]) and by new/existing attribution
//! ([`Finding::status`]). Reports read it; nothing downstream changes where it points.

use crate::rules::Rule;

/// A 1-based line and column (columns count characters, like ruff and rustc).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

/// A range of source text between two positions (end exclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    /// First character of the range.
    pub start: Position,
    /// One past the last character of the range.
    pub end: Position,
}

/// For a notebook, which cell each line of its joined code cells belongs to. Findings keep
/// lines of the joined text; reports show them as `cell N, line M` through [`CellIndex::locate`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CellIndex {
    /// `(cell number, first line in the joined text)`, in order; cells count from 1 over every
    /// cell of the notebook, as they appear in it.
    starts: Vec<(u32, u32)>,
}

impl CellIndex {
    /// An index from `(cell number, first joined line)` pairs in ascending order.
    pub fn new(starts: Vec<(u32, u32)>) -> CellIndex {
        CellIndex { starts }
    }

    /// The cell and the line within it of a line of the joined text; `(None, line)` when the
    /// index is empty.
    pub fn locate(&self, line: u32) -> (Option<u32>, u32) {
        match self.starts.iter().rev().find(|(_, first)| *first <= line) {
            Some((cell, first)) => (Some(*cell), line - first + 1),
            None => (None, line),
        }
    }
}

/// Whether a finding is introduced by the change being checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Absent from the base version: the change introduces it.
    New,
    /// Present in the base version already.
    Existing,
}

impl Status {
    /// The lower-case word used in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Existing => "existing",
        }
    }
}

/// The inline comment that suppresses a finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppliedSuppression {
    /// The 1-based line the comment is on.
    pub line: u32,
    /// The justification written after `--`, if any.
    pub reason: Option<String>,
}

/// A place in another file of the project, with the text of its line for quoting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ElsewhereLocation {
    /// The file's path, as findings name paths.
    pub path: String,
    /// The place in that file.
    pub span: Span,
    /// The text of the place's first line.
    pub line_text: String,
}

/// One call on the way from a wrapper to the listening call it makes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainLocation {
    /// The callee as messages name it (`uvicorn.run()`).
    pub callee: String,
    /// The file the call is in.
    pub path: String,
    /// The call.
    pub span: Span,
}

/// The change that made a finding new in a file the change did not touch: a definition of a
/// changed module that the finding's value or wrapper comes from (SPEC 4: "the report names the
/// change that made it new").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cause {
    /// The changed module's path.
    pub path: String,
    /// The line of the changed definition (the assignment, the class attribute, the wrapper's
    /// listening call) in the module's new version.
    pub line: u32,
    /// The module-level names that changed there (`HOST`, `serve`, `Settings`).
    pub changed: String,
}

impl Cause {
    /// `HOST changed in config.py:1`.
    pub fn describe(&self) -> String {
        format!("{} changed in {}:{}", self.changed, self.path, self.line)
    }
}

/// One report of one rule at one listening statement.
#[derive(Clone, Debug)]
pub struct Finding {
    /// The rule that fired.
    pub rule: Rule,
    /// Repository-relative path with `/` separators (or the path as given, in scan mode).
    pub path: String,
    /// The listening call or assignment.
    pub span: Span,
    /// The expression carrying the all-interfaces value, underlined in human output; `None` when
    /// the host is omitted.
    pub host_span: Option<Span>,
    /// First and last line of the statement that holds the listening call: suppression comments
    /// may sit on any of them.
    pub statement_lines: (u32, u32),
    /// The human-readable message, one sentence.
    pub message: String,
    /// The all-interfaces value as written in the source (`"0.0.0.0"`, `''`, `None`); `None` when
    /// the host was omitted.
    pub host: Option<String>,
    /// Where the value was written, when that is not inside the listening statement but in the
    /// same file.
    pub origin: Option<Span>,
    /// Where the value was written, when that is in another file of the project.
    pub origin_elsewhere: Option<ElsewhereLocation>,
    /// For a call of the project's own wrapper: the calls from it down to the listening call.
    pub chain: Vec<ChainLocation>,
    /// The listening call (for a wrapper's call, the wrapper) as messages name it
    /// (`uvicorn.run()`, `serve()`).
    pub callee: String,
    /// [`Finding::host`] normalised (quotes, whitespace, parentheses) so that reformatting the
    /// value does not change the finding's key; `None` when the host was omitted.
    pub host_key: Option<String>,
    /// Index of this finding among earlier findings of the same file with an equal
    /// [`Finding::exposure_key`].
    pub occurrence: u32,
    /// New or existing, in the diff modes; `None` in scan mode.
    pub status: Option<Status>,
    /// The comment that suppresses this finding, if any.
    pub suppression: Option<AppliedSuppression>,
    /// Why a suppression comment on this statement did not count (e.g. `--require-reason`).
    pub suppression_note: Option<String>,
    /// For BND004, the configuration whose default is all interfaces (``the `--host`
    /// option``): the help says to change its default.
    pub configuration: Option<String>,
    /// For a new finding in a file the change did not touch, the change that made it new; for
    /// a new finding in a changed file, the definition another changed file altered that its
    /// value or wrapper comes from, if any.
    pub cause: Option<Cause>,
}

impl Finding {
    /// True when this finding is not suppressed and so makes the run fail.
    pub fn is_blocking(&self) -> bool {
        self.suppression.is_none()
    }

    /// What decides this finding's exposure, and so identifies it across versions (SPEC 4):
    /// the rule, the callee, the host value as written (normalised), the configuration whose
    /// default it is, and for a wrapper's call the callees of the chain down to the listening
    /// call. Not the statement's other arguments (`debug=`, the port), not where it is.
    pub fn exposure_key(&self) -> String {
        let mut key = String::new();
        key.push_str(self.rule.code());
        key.push('\0');
        key.push_str(&self.callee);
        key.push('\0');
        match &self.host_key {
            Some(host) => {
                key.push('=');
                key.push_str(host);
            }
            None => key.push('-'),
        }
        key.push('\0');
        key.push_str(self.configuration.as_deref().unwrap_or_default());
        for step in &self.chain {
            key.push('\0');
            key.push_str(&step.callee);
        }
        key
    }

    /// A stable identifier of this finding across line moves and edits that do not change its
    /// exposure: a hash of its path, [`Finding::exposure_key`] and occurrence index, so that
    /// code scanning (GitHub, GitLab) keeps tracking the same finding when an unrelated argument
    /// changes, as the diff modes do (SPEC 4).
    pub fn fingerprint(&self) -> String {
        let mut hasher = Fnv1a::default();
        hasher.write(self.path.as_bytes());
        hasher.write(&[0]);
        hasher.write(self.exposure_key().as_bytes());
        hasher.write(&[0]);
        hasher.write(&self.occurrence.to_le_bytes());
        format!("{:016x}", hasher.finish())
    }
}

/// 64-bit FNV-1a: tiny, dependency-free and stable across releases and platforms, which is all a
/// fingerprint needs (it is not a security boundary).
pub struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Self {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv1a {
    /// Feeds bytes into the hash.
    pub fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    /// The hash of everything written so far.
    pub fn finish(&self) -> u64 {
        self.0
    }
}
