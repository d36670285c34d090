//! A textual pre-filter: files that cannot contain a finding are not parsed.
//!
//! Every row of the sink catalogue needs some text in a file to match there: a function's name
//! (it is imported or called by it), a method's name, a setting's name, the keyword a
//! keyword-only address is passed with. [`triggers`] derives from the catalogue itself, for
//! each row, a set of such cues that must all appear (as whole words, in code, strings or
//! comments alike); a file that holds every cue of no row has no finding under any rule. A
//! row's own name is usually rare enough alone (`create_server`, `bind`). Where it is common
//! (`run`, `serve`, `listen`, `Config`), the row also needs another cue that is just as
//! necessary: the package a function is imported from (`uvicorn` and `run` for
//! `uvicorn.run`), the class of a method's receiver (`Flask` and `run` for `Flask.run`), or the
//! keyword argument an address on an unknown receiver must be passed with (`run` and `host=`
//! for `.run(host=…)`).
//!
//! The filter runs on the raw bytes, before decoding: every cue is ASCII, and in the codecs it
//! filters every ASCII character of the decoded text is the same byte in the file (a CJK trail
//! byte may look like a letter, which can only add matches). A first search finds which triggers' rarest
//! cues appear at all: a vectorised multi-literal scan (Teddy, from `aho-corasick`) for a rare
//! four-byte fragment of each cue's word (`rnad` of `tornado`), then a check of the whole
//! word, its boundaries and, for a keyword or an attribute, the rest of its pattern, only
//! where a fragment occurs. It costs less than reading the file and clears nearly every file.
//! Only the triggers it finds are searched for their other cues. Python reads identifiers NFKC-normalised (`s.ｂｉｎｄ(...)`
//! calls `bind`), and so does the parser: a file whose identifiers may hold characters that
//! normalising changes is searched again after decoding and normalising them (found by the
//! property tests in `tests/properties.rs`).
//!
//! A settings key is read as written: a dict key spelled with escapes or split into adjacent
//! literals (`{"b\\x69nd": ...}`, `{"bi" "nd": ...}`) is not seen, though the analysis would
//! read it.
//!
//! Where bytes need not show a cue at all, [`may_listen`] does not filter: a notebook's raw
//! JSON (a word may be written with `\uXXXX` escapes, or follow a `\n` escape with no word
//! boundary) and a file whose coding cookie names a codec that spells characters in ASCII
//! (UTF-7 writes `bind` as `+AGI-ind`, `unicode_escape` as `\x62ind`), maps other bytes to
//! ASCII (cp864, mac_arabic) or is unknown are always analysed (and an undecodable one is
//! reported there).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

use super::commands::{self, COMMANDS, CommandLine, DJANGO_ADMIN, LAUNCHERS, Program};
use super::sinks::{CALL_FORWARDERS, PARTIALS, Receiver, SETTINGS, SINKS, SettingTarget, SinkSpec};
use crate::python::{SourceKind, decode};

/// Names too common to filter by alone: a row whose name is one of these also needs a rarer
/// cue.
const COMMON_NAMES: &[&str] = &[
    "run",
    "run_server",
    "serve",
    "service",
    "listen",
    "launch",
    "Config",
    "Application",
    "Listener",
    "start",
    "Server",
];

/// Cues that matter beyond the catalogue's rows: `SO_REUSEPORT` for BND102
/// (`sock.setsockopt(...)`, `reuse_port=True`).
const EXTRA_CUES: &[Cue] = &[Cue::Call("setsockopt"), Cue::Keyword("reuse_port")];

/// Text a catalogue row needs in a file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Cue {
    /// A whole word: a function or class name.
    Word(&'static str),
    /// The top-level package a function or class is imported from, as a whole word: the
    /// analysis knows a callee only through an import, and every form of import names the
    /// package (`import uvicorn`, `from socket import *`, `import http.server as hs`). Never
    /// what the first search looks for while a trigger has a more specific cue.
    Package(&'static str),
    /// A method called as an attribute: the dot, the name and the `(` (`sock.bind (addr)`,
    /// `super() . bind(`). The analysis matches a method row only where the method is called
    /// so, never through an alias of the method, and never by a bare name: a definition
    /// (`def bind(self, ...)`) is no call.
    Call(&'static str),
    /// A name and the `=` (or the `:` of an annotation) that assigns it: a module variable
    /// setting (`bind = "0.0.0.0:8000"`).
    Assigned(&'static str),
    /// A dot, an attribute and the `=` (or `:`) that assigns it: an attribute setting
    /// (`config.bind = [...]`).
    AttributeAssigned(&'static str),
    /// The file is named one of these (`gunicorn.conf.py`): a module variable setting applies
    /// only in its configuration file. Not searched in the text.
    FileNamed(&'static [&'static str]),
    /// A word that ends a string, and the `:` after it: a key of a dict literal (`{"bind": ...}`,
    /// `{'server.socket_host': ...}`), where the analysis looks for settings.
    DictKey(&'static str),
    /// A keyword argument and its `=` (`host=`): a keyword-only address on an unknown receiver
    /// is passed only so.
    Keyword(&'static str),
    /// A class's name or its end, a dot and an attribute (`App.ip` of `c.ServerApp.ip`): a
    /// configurable setting, where the attribute alone (`ip`) is in half of all files.
    Attribute {
        /// The end of the class name (`App`).
        class_suffix: &'static str,
        /// The attribute (`ip`).
        attribute: &'static str,
    },
    /// A method named as an attribute, called or not (`target=app.run`,
    /// `partial(sock.bind, ...)`): a thread, process or partial calls it later.
    Reference(&'static str),
}

impl Cue {
    /// True for a word of [`COMMON_NAMES`], which never lets a file through alone.
    fn is_common_word(&self) -> bool {
        matches!(self, Cue::Word(word) | Cue::Call(word) | Cue::Reference(word)
            if COMMON_NAMES.contains(word) || is_launcher_word(word))
    }

    /// The whole word the cue's matches hold, where that word alone is worth searching for.
    fn word(&self) -> Option<&'static str> {
        match self {
            Cue::Word(word)
            | Cue::Package(word)
            | Cue::Call(word)
            | Cue::Assigned(word)
            | Cue::AttributeAssigned(word)
            | Cue::DictKey(word)
            | Cue::Reference(word) => Some(word),
            Cue::Keyword(_) | Cue::Attribute { .. } | Cue::FileNamed(_) => None,
        }
    }

    /// Text that every match of the cue's expression holds as written.
    fn literal(&self) -> Option<&'static str> {
        match self {
            Cue::Keyword(keyword) => Some(keyword),
            Cue::Attribute { attribute, .. } => Some(attribute),
            Cue::FileNamed(_) => None,
            other => other.word(),
        }
    }

    /// The regular expression (bytes, ASCII word boundaries) that finds the cue in a file's
    /// text; `None` for a cue about the file's name.
    fn pattern(&self) -> Option<String> {
        Some(match self {
            Cue::FileNamed(_) => return None,
            Cue::AttributeAssigned(attribute) => format!(
                r"\.{TOKEN_GAP}{}{CLOSING_GAP}(?:=(?:[^=]|\z)|:)",
                regex::escape(attribute)
            ),
            Cue::Word(word) | Cue::Package(word) => format!(r"\b{}\b", regex::escape(word)),
            Cue::Call(name) => format!(r"\.{TOKEN_GAP}{}{CLOSING_GAP}\(", regex::escape(name)),
            Cue::Reference(name) => format!(r"\.{TOKEN_GAP}{}\b", regex::escape(name)),
            Cue::Assigned(name) => {
                format!(r"\b{}{CLOSING_GAP}(?:=(?:[^=]|\z)|:)", regex::escape(name))
            }
            // `"bind":`, a triple-quoted key, or a comment or a line break before the colon.
            Cue::DictKey(word) => {
                format!(r#"\b{}["']{{1,3}}{CLOSING_GAP}:"#, regex::escape(word))
            }
            Cue::Keyword(keyword) => {
                format!(r"\b{}{TOKEN_GAP}=(?:[^=]|\z)", regex::escape(keyword))
            }
            // `c.ServerApp.ip` may be written `c.ServerApp . ip`, or across lines inside
            // brackets.
            Cue::Attribute {
                class_suffix,
                attribute,
            } => format!(
                r"{}{CLOSING_GAP}\.{TOKEN_GAP}{}\b",
                regex::escape(class_suffix),
                regex::escape(attribute)
            ),
        })
    }
}

impl Cue {
    /// True when the cue's expression ([`Cue::pattern`]) matches somewhere in `text`, matched
    /// by hand around each occurrence of the text every match holds (compiling the expressions
    /// a commit needs would cost more than checking its files). Exact, except that a dot more
    /// than [`MAX_LOOKBACK`] bytes before a name is assumed (never a file dropped that the
    /// expression keeps). `false` for a cue about the file's name.
    fn found_in(&self, text: &[u8]) -> bool {
        let searched = match self {
            Cue::FileNamed(_) => return false,
            Cue::Attribute { class_suffix, .. } => class_suffix,
            other => match other.literal() {
                Some(literal) => literal,
                None => return false,
            },
        }
        .as_bytes();
        memchr::memmem::find_iter(text, searched)
            .any(|start| self.matches_at(text, start, start + searched.len()))
    }

    /// True when the cue's expression matches around `text[start..end]`, an occurrence of the
    /// text [`Cue::found_in`] searches for.
    fn matches_at(&self, text: &[u8], start: usize, end: usize) -> bool {
        let boundary = |at: usize| {
            let before = at
                .checked_sub(1)
                .is_some_and(|index| is_word_byte(text[index]));
            let after = text.get(at).is_some_and(|&byte| is_word_byte(byte));
            before != after
        };
        // `=(?:[^=]|\z)` or `:`: an assignment or an annotation.
        let assigned = |at: usize| match text.get(at) {
            Some(b'=') => text.get(at + 1) != Some(&b'='),
            Some(b':') => true,
            _ => false,
        };
        match self {
            Cue::FileNamed(_) => false,
            Cue::Word(_) | Cue::Package(_) => boundary(start) && boundary(end),
            Cue::Call(_) => {
                dot_and_gap_before(text, start)
                    && after_gap(text, end, true, &|at| text.get(at) == Some(&b'('))
            }
            Cue::Reference(_) => dot_and_gap_before(text, start) && boundary(end),
            Cue::Assigned(_) => boundary(start) && after_gap(text, end, true, &assigned),
            Cue::AttributeAssigned(_) => {
                dot_and_gap_before(text, start) && after_gap(text, end, true, &assigned)
            }
            Cue::DictKey(_) => {
                let quotes = text[end..]
                    .iter()
                    .take_while(|byte| matches!(byte, b'"' | b'\''))
                    .count();
                boundary(start)
                    && (1..=3).contains(&quotes)
                    && after_gap(text, end + quotes, true, &|at| text.get(at) == Some(&b':'))
            }
            Cue::Keyword(_) => boundary(start) && Rest::Keyword.opens(&text[end..]),
            Cue::Attribute { attribute, .. } => Rest::Attribute(attribute).opens(&text[end..]),
        }
    }
}

/// How far back before a name its dot is looked for (see [`dot_and_gap_before`]): each
/// occurrence of a name costs at most this, however long its line or the comments before it.
const MAX_LOOKBACK: usize = 1024;

/// True when a dot and a token gap ([`TOKEN_GAP`]) end at `end` of `text` (`\.{TOKEN_GAP}`
/// matches right before a name): on one line a gap is blanks (and backslashes), then perhaps a
/// comment to the line's end, so line by line, back from `end`: the dot is on a line whose
/// text after it is such a gap, and every line after that one, up to `end`, is all gap. The
/// answer is `true` when more than [`MAX_LOOKBACK`] bytes would have to be read.
fn dot_and_gap_before(text: &[u8], end: usize) -> bool {
    let is_blank = |byte: &u8| matches!(byte, b' ' | b'\t' | 0x0b | 0x0c | b'\r' | b'\\');
    // A gap that fits on one line: blanks, then a comment or nothing.
    let gap_on_line = |segment: &[u8]| {
        segment
            .iter()
            .find(|byte| !is_blank(byte))
            .is_none_or(|&byte| byte == b'#')
    };
    let limit = end.saturating_sub(MAX_LOOKBACK);
    let mut end = end;
    loop {
        let line_start =
            memchr::memrchr(b'\n', &text[limit..end]).map_or(limit, |newline| limit + newline + 1);
        if line_start == limit && limit > 0 {
            return true;
        }
        let line = &text[line_start..end];
        if memchr::memchr_iter(b'.', line).any(|dot| gap_on_line(&line[dot + 1..])) {
            return true;
        }
        if line_start == 0 || !gap_on_line(line) {
            return false;
        }
        // The line break is part of the gap.
        end = line_start - 1;
    }
}

/// True for a byte of an ASCII word (`\w` of an expression without Unicode).
pub(crate) fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// What Python allows between two tokens of one logical line: spaces and line breaks (inside
/// brackets), backslash continuations, and comments.
const TOKEN_GAP: &str = r"(?:\s|\\|#[^\n]*)*";

/// What Python allows between a name (or a string) and the operator after it: a token gap,
/// and the closing brackets of a parenthesised expression (`(s.bind)(address)`,
/// `(c.ServerApp).ip = "*"`, `{("bind"): address}`).
const CLOSING_GAP: &str = r"(?:\s|\\|#[^\n]*|\))*";

/// For every row of the catalogue (and the extra BND102 words), the cues that must all appear
/// in a file for the row to match there.
pub fn triggers() -> BTreeSet<BTreeSet<Cue>> {
    let mut triggers = BTreeSet::new();
    for sink in SINKS {
        triggers.extend(row_triggers(sink));
    }
    // A method given to a thread, a process or `functools.partial` is called there, not where
    // it is named: the method's name as an attribute, with the launcher's name, and the row's
    // other cues (its receiver's class or package). A keyword the row needs may then be a
    // key of the launcher's `kwargs` dict (`kwargs={"host": ...}`): only its word is needed.
    let launchers: Vec<&str> = CALL_FORWARDERS
        .iter()
        .map(|forwarder| forwarder.callee)
        .chain(PARTIALS.iter().copied())
        .map(|callee| callee.rsplit('.').next().unwrap_or(callee))
        .collect();
    for sink in SINKS {
        if sink.receiver == Receiver::Function {
            continue;
        }
        for row in row_triggers(sink) {
            let referenced: BTreeSet<Cue> = row
                .into_iter()
                .map(|cue| match cue {
                    Cue::Call(name) => Cue::Reference(name),
                    Cue::Keyword(keyword) => Cue::Word(keyword),
                    other => other,
                })
                .collect();
            for launcher in &launchers {
                let mut cues = referenced.clone();
                cues.insert(Cue::Word(launcher));
                triggers.insert(cues);
            }
        }
    }
    for setting in SETTINGS {
        let cue = match setting.target {
            SettingTarget::ModuleVariable { name, file_names } => {
                triggers.insert(BTreeSet::from([
                    Cue::Assigned(name),
                    Cue::FileNamed(file_names),
                ]));
                continue;
            }
            SettingTarget::ConfigurableAttribute {
                class_suffix,
                attribute,
            } => Cue::Attribute {
                class_suffix,
                attribute,
            },
            SettingTarget::ObjectAttribute { attribute, .. } => Cue::AttributeAssigned(attribute),
            // `"server.socket_host"` ends with the word `socket_host`.
            SettingTarget::DictKey(key) => Cue::DictKey(key.rsplit('.').next().unwrap_or(key)),
        };
        triggers.insert(BTreeSet::from([cue]));
    }
    for cue in EXTRA_CUES {
        triggers.insert(BTreeSet::from([cue.clone()]));
    }
    // A server command line needs its launcher (`Popen`, imported from `subprocess`), its
    // program's name as written (`uvicorn`, `http.server`), and the subcommand that serves
    // (`runserver`) where the row has one. Django's launchers imply their program.
    for launcher in LAUNCHERS {
        let name = launcher
            .callee
            .rsplit('.')
            .next()
            .unwrap_or(launcher.callee);
        let base = BTreeSet::from([
            Cue::Word(name),
            Cue::Package(top_level_package(launcher.callee)),
        ]);
        let implies_program = matches!(
            launcher.command_line,
            CommandLine::DjangoCommand | CommandLine::DjangoArgv
        );
        for command in COMMANDS {
            // Django's launchers run `django-admin` commands, as `launch` reads them.
            if implies_program && command.program != Program::Executable(DJANGO_ADMIN) {
                continue;
            }
            let mut cues = base.clone();
            if !implies_program {
                cues.insert(Cue::Word(commands::program_name(command.program)));
            }
            if command.subcommands.is_empty() {
                triggers.insert(cues.clone());
            }
            for subcommand in command.subcommands {
                let mut with_subcommand = cues.clone();
                with_subcommand.insert(Cue::Word(subcommand));
                triggers.insert(with_subcommand);
            }
        }
    }
    triggers
}

/// The sets of cues one row of the catalogue needs where it is called: any one set may let a
/// file through.
fn row_triggers(sink: &SinkSpec) -> Vec<BTreeSet<Cue>> {
    let name = sink.callee.rsplit('.').next().unwrap_or(sink.callee);
    // A function may be imported under another name (`from uvicorn import run as go`); a
    // method is matched only where it is called by name.
    let name_cue = match sink.receiver {
        Receiver::Function => Cue::Word(name),
        Receiver::Instance(_) | Receiver::AnyUnknown => Cue::Call(name),
    };
    let mut cues = BTreeSet::from([name_cue]);
    // `uvicorn.run` needs `uvicorn`, `socket.create_server` needs `socket`.
    if sink.receiver == Receiver::Function {
        cues.insert(Cue::Package(top_level_package(sink.callee)));
    }
    if COMMON_NAMES.contains(&name) {
        match sink.receiver {
            Receiver::Function => {}
            // `Flask.run` needs a `Flask` receiver, constructed or derived from in the file;
            // tornado's `Application.listen` needs `tornado`.
            Receiver::Instance(class) => {
                let class_name = class.rsplit('.').next().unwrap_or(class);
                cues.insert(if COMMON_NAMES.contains(&class_name) {
                    Cue::Package(top_level_package(class))
                } else {
                    Cue::Word(class_name)
                });
            }
            // `.run(host=...)` on an unknown receiver is a listener only with its keyword (or
            // with a positional address, which the name alone must then let through).
            Receiver::AnyUnknown => {
                if sink
                    .addresses
                    .iter()
                    .all(|address| address.place.position.is_none())
                {
                    return sink
                        .addresses
                        .iter()
                        .map(|address| {
                            let mut with_keyword = cues.clone();
                            with_keyword.insert(Cue::Keyword(address.place.keyword));
                            with_keyword
                        })
                        .collect();
                }
            }
        }
    }
    vec![cues]
}

/// True for a launcher's name (`Popen`, `system`, `call_command`): common words in code that
/// starts no server, so a command's trigger is searched for by its program instead.
fn is_launcher_word(word: &str) -> bool {
    commands::is_launcher_name(word)
}

/// `uvicorn` of `uvicorn.config.Config`.
fn top_level_package(qualified: &str) -> &str {
    qualified.split('.').next().unwrap_or(qualified)
}

/// Four-byte fragments of the first search's words, rarest first, tuned on a corpus of Python
/// code (the standard library and site-packages; regenerate with `BINDCHECK_TUNE_TREE=<dir>
/// cargo test --release tune_fragments -- --ignored --nocapture`). The first search looks for
/// the first of these that each word contains, rather than for the words themselves: a word's
/// opening bytes (`list` of `listenTCP`, `star` of `start_server`) are often common, and every
/// occurrence of a searched fragment costs a check. Only speed depends on this list: a word
/// that contains none of them is searched by its own opening bytes.
const TUNED_FRAGMENTS: &[&str] = &[
    "CPSi", "tMCP", "nbcl", "daph", "aitr", "rnad", "ncMa", "wist", "Sani", "ge.p", "awne", "grpc",
    "bsoc", "n_ap", "_tcp", "ottl", "kopt", "tlet", "upyt", "am_e", "corn", "Dash", "lask", "n_si",
    "eMan", "tipr", "oteb", "t_ho", "_por", "djan", "bind", "sten", "host", "rver",
];

/// How many bytes of a word the first search looks for: its multi-literal search (Teddy) is
/// fast only when every literal has at least four bytes.
const FRAGMENT_BYTES: usize = 4;

/// What the first search looks for: a word that opens a trigger's rare cue, and what must
/// surround it.
struct Anchor {
    /// The word (`bind`, `host`, `App` of `c.ServerApp.ip`).
    word: Vec<u8>,
    /// `None` for a whole word (`\bbind\b`); otherwise the rest of a keyword or attribute cue's
    /// pattern, which must match right after the word (`\s*=` of `host =`), as an expression
    /// and as the hand-written matcher that runs it (compiling a regular expression would
    /// cost a commit of a few files more than searching them).
    rest: Option<(String, Rest)>,
    /// The word must start at a word boundary (not for a class name's end, `App` of
    /// `ServerApp`).
    bounded_before: bool,
}

impl Anchor {
    /// The anchor that the first search finds `cue` by.
    fn of(cue: &Cue) -> Anchor {
        if let Some(word) = cue.word() {
            return Anchor {
                word: word.as_bytes().to_vec(),
                rest: None,
                bounded_before: true,
            };
        }
        // A keyword's match opens with the keyword, an attribute's with the class name's end.
        let (word, bounded_before, matcher) = match cue {
            Cue::Attribute {
                class_suffix,
                attribute,
            } => (*class_suffix, false, Rest::Attribute(attribute)),
            Cue::Keyword(keyword) => (*keyword, true, Rest::Keyword),
            _ => unreachable!("every other cue has a word or is no text"),
        };
        let rest = cue
            .pattern()
            .and_then(|pattern| {
                let unbounded = pattern.strip_prefix(r"\b").unwrap_or(&pattern);
                unbounded
                    .strip_prefix(&regex::escape(word))
                    .map(str::to_owned)
            })
            .unwrap_or_else(|| unreachable!("a cue's pattern opens with its anchor"));
        Anchor {
            word: word.as_bytes().to_vec(),
            rest: Some((rest, matcher)),
            bounded_before,
        }
    }

    /// True when the anchor, with what must surround it, starts at `start` of `text`.
    fn is_at(&self, text: &[u8], start: usize) -> bool {
        let Some(after) = text[start..].strip_prefix(self.word.as_slice()) else {
            return false;
        };
        if self.bounded_before && start > 0 && is_word_byte(text[start - 1]) {
            return false;
        }
        match &self.rest {
            None => after.first().is_none_or(|&byte| !is_word_byte(byte)),
            Some((_, rest)) => rest.opens(after),
        }
    }

    /// The bytes the first search finds the anchor by, each with its offset in the anchor's
    /// matches: the first tuned fragment the word holds, its opening bytes, or, for a word too
    /// short to search for (`App`), the word followed by each byte that may follow it.
    fn fragments(&self) -> Vec<(Vec<u8>, usize)> {
        if let Some((fragment, offset)) = TUNED_FRAGMENTS.iter().find_map(|fragment| {
            let offset = self
                .word
                .windows(fragment.len())
                .position(|window| window == fragment.as_bytes())?;
            Some((fragment.as_bytes().to_vec(), offset))
        }) {
            return vec![(fragment, offset)];
        }
        if self.word.len() >= FRAGMENT_BYTES || self.rest.is_none() {
            return vec![(self.word[..self.word.len().min(FRAGMENT_BYTES)].to_vec(), 0)];
        }
        // A keyword or attribute cue's word is followed by a token gap, a `=` or a `.`.
        GAP_OR_OPERATOR_BYTES
            .iter()
            .map(|&byte| {
                let mut fragment = self.word.clone();
                fragment.push(byte);
                (fragment, 0)
            })
            .collect()
    }
}

/// What must follow a keyword's or a class name's word for its cue to match: the rest of
/// [`Cue::pattern`], matched by hand exactly as the expression matches it (a comment of a gap
/// may end anywhere before its line break, as `#[^\n]*` may).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rest {
    /// `{TOKEN_GAP}=(?:[^=]|\z)`: a keyword argument (`host = ...`, not `host == ...`).
    Keyword,
    /// `{CLOSING_GAP}\.{TOKEN_GAP}attribute\b`: an attribute of the class (`App.ip`).
    Attribute(&'static str),
}

impl Rest {
    /// True when `text` opens with a match.
    fn opens(self, text: &[u8]) -> bool {
        match self {
            Rest::Keyword => after_gap(text, 0, false, &|at| {
                text.get(at) == Some(&b'=') && text.get(at + 1) != Some(&b'=')
            }),
            Rest::Attribute(attribute) => after_gap(text, 0, true, &|at| {
                text.get(at) == Some(&b'.')
                    && after_gap(text, at + 1, false, &|start| {
                        text[start..].starts_with(attribute.as_bytes())
                            && text
                                .get(start + attribute.len())
                                .is_none_or(|&byte| !is_word_byte(byte))
                    })
            }),
        }
    }
}

/// True when `then` holds at some position of `text` that a gap starting at `start` can reach:
/// [`TOKEN_GAP`], or [`CLOSING_GAP`] when `closing`. Inside a comment every position up to its
/// line break is such a position.
fn after_gap(text: &[u8], start: usize, closing: bool, then: &dyn Fn(usize) -> bool) -> bool {
    let mut at = start;
    loop {
        if then(at) {
            return true;
        }
        match text.get(at) {
            Some(b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b'\\') => at += 1,
            Some(b')') if closing => at += 1,
            Some(b'#') => {
                let end = memchr::memchr(b'\n', &text[at..]).map_or(text.len(), |line| at + line);
                if (at + 1..end).any(then) {
                    return true;
                }
                at = end;
            }
            _ => return false,
        }
    }
}

/// The bytes that may follow a keyword's or a class name's word in its cue: the first bytes of
/// [`CLOSING_GAP`] (`\s` is `[\t\n\v\f\r ]` in ASCII mode, a backslash, a comment's `#`, a
/// closing parenthesis), and the `=` or `.` that follows the gap.
const GAP_OR_OPERATOR_BYTES: &[u8] = b" \t\n\x0b\x0c\r\\#)=.";

/// The first search: every anchor found through its fragments.
struct AnchorSearch {
    anchors: Vec<Anchor>,
    /// Finds the fragments: no fragment is a prefix of another, so that a search restarted one
    /// byte after each match misses none.
    fragments: AhoCorasick,
    /// For each fragment, the anchors that hold it and its offset in them.
    holders: Vec<Vec<(usize, usize)>>,
}

impl AnchorSearch {
    fn new(anchors: Vec<Anchor>) -> AnchorSearch {
        let mut wanted: Vec<(Vec<u8>, usize, usize)> = anchors
            .iter()
            .enumerate()
            .flat_map(|(index, anchor)| {
                anchor
                    .fragments()
                    .into_iter()
                    .map(move |(fragment, offset)| (fragment, index, offset))
            })
            .collect();
        // Shortest first: a fragment that another one opens with is searched for instead of it,
        // at the same offset (the anchor holds it there too).
        wanted.sort_by_key(|(fragment, _, _)| fragment.len());
        let mut fragments: Vec<Vec<u8>> = Vec::new();
        let mut holders: Vec<Vec<(usize, usize)>> = Vec::new();
        for (fragment, anchor, offset) in wanted {
            let slot = match fragments
                .iter()
                .position(|known| fragment.starts_with(known))
            {
                Some(slot) => slot,
                None => {
                    fragments.push(fragment);
                    holders.push(Vec::new());
                    fragments.len() - 1
                }
            };
            if !holders[slot].contains(&(anchor, offset)) {
                holders[slot].push((anchor, offset));
            }
        }
        let fragments = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(&fragments)
            .unwrap_or_else(|_| unreachable!("a few dozen short fragments always build"));
        AnchorSearch {
            anchors,
            fragments,
            holders,
        }
    }

    /// Marks in `found` every anchor that appears in `text`; true when any does.
    fn find(&self, text: &[u8], found: &mut [bool]) -> bool {
        let mut any = false;
        let mut start = 0;
        while let Some(fragment) = self
            .fragments
            .find(aho_corasick::Input::new(text).span(start..text.len()))
        {
            for &(anchor, offset) in &self.holders[fragment.pattern().as_usize()] {
                if !found[anchor]
                    && let Some(anchor_start) = fragment.start().checked_sub(offset)
                    && self.anchors[anchor].is_at(text, anchor_start)
                {
                    found[anchor] = true;
                    any = true;
                }
            }
            start = fragment.start() + 1;
        }
        any
    }
}

/// The cues of [`triggers`], compiled for searching.
struct Cues {
    /// Finds each trigger's rare cue (see [`Cues::new`]).
    anchors: AnchorSearch,
    /// Every cue.
    cues: Vec<Cue>,
    /// Each trigger: the anchor of its rare cue, and its cues (indices in `cues`).
    triggers: Vec<(usize, Vec<usize>)>,
}

static CUES: LazyLock<Cues> = LazyLock::new(Cues::new);

impl Cues {
    fn new() -> Cues {
        let triggers = triggers();
        let cues: Vec<Cue> = triggers
            .iter()
            .flatten()
            .cloned()
            .collect::<BTreeSet<Cue>>()
            .into_iter()
            .collect();
        // Each trigger's rare cue suffices for the first search: the common words of a
        // trigger (`run` of `uvicorn` and `run`) would let most files through it, and a
        // package (`socket` of `socket` and `create_server`) many. A file name is no text.
        let rare = |trigger: &BTreeSet<Cue>| -> Cue {
            let searched = || {
                trigger
                    .iter()
                    .filter(|cue| !matches!(cue, Cue::FileNamed(_)))
            };
            searched()
                .find(|cue| !cue.is_common_word() && !matches!(cue, Cue::Package(_)))
                .or_else(|| searched().find(|cue| !cue.is_common_word()))
                .or_else(|| searched().next())
                .cloned()
                .unwrap_or_else(|| unreachable!("every trigger has a cue in the text"))
        };
        // The first search looks for each rare cue's word (`bind` of `bind(`, of `.bind =` and
        // of `"bind"`) as a whole word; keywords and attributes, whose word alone is too common
        // (`host`, `ip`), with the rest of their pattern.
        let mut anchors: Vec<Anchor> = Vec::new();
        // Many triggers share a rare cue (every launcher with one method): its anchor is made
        // once.
        let mut anchor_of_cue: BTreeMap<Cue, usize> = BTreeMap::new();
        let triggers = triggers
            .iter()
            .map(|trigger| {
                let rare = rare(trigger);
                let index = match anchor_of_cue.get(&rare) {
                    Some(&index) => index,
                    None => {
                        let anchor = Anchor::of(&rare);
                        let same = |known: &Anchor| {
                            known.word == anchor.word
                                && known.bounded_before == anchor.bounded_before
                                && known.rest.as_ref().map(|(rest, _)| rest)
                                    == anchor.rest.as_ref().map(|(rest, _)| rest)
                        };
                        let index = anchors.iter().position(same).unwrap_or_else(|| {
                            anchors.push(anchor);
                            anchors.len() - 1
                        });
                        anchor_of_cue.insert(rare, index);
                        index
                    }
                };
                // `cues` is sorted (it was collected from a set).
                let indices = trigger
                    .iter()
                    .filter_map(|cue| cues.binary_search(cue).ok())
                    .collect();
                (index, indices)
            })
            .collect();
        Cues {
            anchors: AnchorSearch::new(anchors),
            cues,
            triggers,
        }
    }

    /// True when every cue of some trigger appears in one of `texts` (or names the file).
    fn some_trigger_in(&self, texts: &[&[u8]], file_name: &str) -> bool {
        let mut found = vec![false; self.anchors.anchors.len()];
        let mut any = false;
        for text in texts {
            any |= self.anchors.find(text, &mut found);
        }
        if !any {
            return false;
        }
        // Many triggers share cues (every launcher with every command): each cue is searched
        // for once per file.
        let known: Vec<std::cell::Cell<Option<bool>>> = self
            .cues
            .iter()
            .map(|_| std::cell::Cell::new(None))
            .collect();
        let present = |index: usize| {
            if let Some(found) = known.get(index).and_then(std::cell::Cell::get) {
                return found;
            }
            let found = self.cue_present(index, texts, file_name);
            if let Some(slot) = known.get(index) {
                slot.set(Some(found));
            }
            found
        };
        self.triggers
            .iter()
            .any(|&(anchor, ref cues)| found[anchor] && cues.iter().all(|&index| present(index)))
    }

    /// True when cue `index` appears in one of `texts` (or names the file).
    fn cue_present(&self, index: usize, texts: &[&[u8]], file_name: &str) -> bool {
        match &self.cues[index] {
            Cue::FileNamed(names) => names.contains(&file_name),
            cue => texts.iter().any(|text| cue.found_in(text)),
        }
    }
}

/// Builds the search for the catalogue's cues now rather than at the first file (a thread
/// that would otherwise wait can take it off the check's path).
pub fn prepare() {
    LazyLock::force(&CUES);
}

/// False only when the file at `path` (of this kind, with these bytes) provably has no finding
/// under any rule: for no row of the catalogue do all its cues appear in it, as written or,
/// for identifiers that NFKC normalisation changes, as Python reads them. Notebooks and files
/// in encodings that do not keep ASCII as it is are never filtered (see the module
/// documentation).
pub fn may_listen(path: &str, bytes: &[u8], kind: SourceKind) -> bool {
    if kind == SourceKind::Notebook || !decode::words_are_ascii(bytes) {
        return true;
    }
    let file_name = path.rsplit('/').next().unwrap_or(path);
    let cues = &*CUES;
    if cues.some_trigger_in(&[bytes], file_name) {
        return true;
    }
    // A cue may also appear only once identifiers are normalised, and a trigger may need cues
    // from both texts (normalising may compose a written letter with a combining mark).
    !bytes.is_ascii()
        && nfkc_if_changed(bytes).is_some_and(|normalised| {
            cues.some_trigger_in(&[bytes, normalised.as_bytes()], file_name)
        })
}

/// The decoded text with every line that holds a character normalising may change in an
/// identifier NFKC-normalised, or `None` when there is no such line. Such a character may
/// belong to an identifier (Unicode `XID_Continue`, as the parser's lexer decides) and is
/// outside NFKC's quick "yes" set; most non-ASCII text (accented letters, CJK, typographic
/// quotes, `…` and no-break spaces in comments and strings) has none and is not normalised.
/// Other lines cannot gain a word: normalising them could only reorder combining marks.
fn nfkc_if_changed(bytes: &[u8]) -> Option<String> {
    let may_change = |character: char| {
        !character.is_ascii()
            && unicode_ident::is_xid_continue(character)
            && is_nfkc_quick(std::iter::once(character)) != IsNormalized::Yes
    };
    // An undecodable file gains no words: the raw search stands, and `analyse` reports it.
    let text = decode::decode_source(bytes).ok()?.text;
    if !text.chars().any(may_change) {
        return None;
    }
    let mut normalised = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if !line.is_ascii() && line.chars().any(may_change) {
            normalised.extend(line.nfkc());
        } else {
            normalised.push_str(line);
        }
    }
    Some(normalised)
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::bytes::Regex;

    #[test]
    fn methods_given_to_threads_and_partials_keep_the_file() {
        let passes = |source: &str| may_listen("t.py", source.as_bytes(), SourceKind::Module);
        assert!(passes(
            "import threading\nthreading.Thread(target=app.run, kwargs={'host': '0.0.0.0'})\n"
        ));
        assert!(passes(
            "from functools import partial\nrun = partial(sock . bind, ('', 80))\n"
        ));
        assert!(passes(
            "from multiprocessing import Process\nfrom tornado.web import Application\n\
             Process(target=Application().listen, args=(80,)).start()\n"
        ));
        // Without a launcher, a method named but not called is no listener.
        assert!(!passes("handler = app.run\n"));
        // A launcher needs the row's other cues too: a thread started on a common method name
        // (`start`, `run`, `listen`) is no listener without the receiver's class or package,
        // or the keyword an unknown receiver's address is passed with.
        assert!(!passes(
            "import threading\nthreading.Thread(target=worker.start).start()\n"
        ));
        assert!(!passes(
            "from functools import partial\nstep = partial(task.run, retries=3)\n"
        ));
        assert!(!passes(
            "from multiprocessing import Process\nProcess(target=server.listen, args=(80,))\n"
        ));
        assert!(passes(
            "import threading\nfrom grpclib.server import Server\n\
             threading.Thread(target=Server([]).start).start()\n"
        ));
    }

    fn module(bytes: &[u8]) -> bool {
        may_listen("app.py", bytes, SourceKind::Module)
    }

    #[test]
    fn common_names_need_a_rarer_cue_as_well() {
        let triggers = triggers();
        let has = |cues: &[Cue]| triggers.contains(&cues.iter().cloned().collect());
        assert!(has(&[Cue::Call("bind")]));
        assert!(has(&[Cue::Call("create_server")]));
        assert!(has(&[Cue::AttributeAssigned("bind")]));
        assert!(triggers.iter().any(|trigger| {
            trigger.contains(&Cue::Assigned("bind"))
                && trigger.iter().any(
                    |cue| matches!(cue, Cue::FileNamed(names) if names.contains(&"gunicorn.conf.py")),
                )
        }));
        assert!(has(&[Cue::DictKey("socket_host")]));
        assert!(has(&[Cue::Package("socketserver"), Cue::Word("TCPServer")]));
        assert!(has(&[Cue::Package("uvicorn"), Cue::Word("run")]));
        assert!(has(&[Cue::Package("waitress"), Cue::Word("serve")]));
        assert!(has(&[Cue::Package("socket"), Cue::Word("create_server")]));
        assert!(has(&[Cue::Word("Flask"), Cue::Call("run")]));
        assert!(has(&[Cue::Package("tornado"), Cue::Call("listen")]));
        assert!(has(&[
            Cue::Package("multiprocessing"),
            Cue::Word("Listener")
        ]));
        assert!(has(&[Cue::Call("run"), Cue::Keyword("host")]));
        assert!(has(&[Cue::Call("launch"), Cue::Keyword("server_name")]));
        assert!(has(&[Cue::Attribute {
            class_suffix: "App",
            attribute: "ip"
        }]));
        for trigger in &triggers {
            assert!(
                trigger.iter().any(|cue| !cue.is_common_word()),
                "{trigger:?} would let most files through"
            );
        }
    }

    #[test]
    fn every_cue_of_a_trigger_must_appear() {
        assert!(module(b"import uvicorn\nuvicorn.run(app)\n"));
        assert!(!module(b"import uvicorn  # served elsewhere\n"));
        assert!(!module(
            b"import multiprocessing\nmultiprocessing.Pool(4)\n"
        ));
        assert!(module(
            b"from multiprocessing.connection import Listener\nListener()\n"
        ));
        assert!(!module(b"requests.get(url, host=h)\n"));
        assert!(module(b"app.run(host=h)\n"));
        // A method row needs its call; settings need their assignment or dict key.
        assert!(!module(
            b"engine = create_engine(url)\nSession(bind=engine)\n"
        ));
        assert!(!module(b"w.bind  # a tkinter binding\n"));
        assert!(module(b"w.bind ('<Key>', on_key)\n"));
        assert!(module(b"super() . bind(('', 80))\n"));
        assert!(module(b"(s.bind)(('', 80))\n"));
        assert!(module(b"(s\n    .bind  # the socket's\n)(('', 80))\n"));
        assert!(module(b"s.\\\n    bind(('', 80))\n"));
        assert!(
            !module(b"def bind(self, sequence=None):\n    pass\n"),
            "a definition"
        );
        assert!(
            !module(b"bind(('0.0.0.0', 80))\n"),
            "a bare name calls no method"
        );
        assert!(!module(b"bind = '0.0.0.0:8000'\n"));
        let gunicorn =
            |bytes: &[u8]| may_listen("deploy/gunicorn.conf.py", bytes, SourceKind::Module);
        assert!(gunicorn(b"bind = '0.0.0.0:8000'\n"));
        assert!(gunicorn(b"bind: str = '0.0.0.0:8000'\n"));
        assert!(!gunicorn(b"workers = 4\n"));
        assert!(module(b"config.bind = ['0.0.0.0:8000']\n"));
        assert!(module(b"options = {'bind': '0.0.0.0:8000'}\n"));
        assert!(module(
            b"options = {\n    'bind'  # where\n    : ADDRESS}\n"
        ));
        assert!(module(b"options = {'''bind''': ADDRESS}\n"));
        assert!(
            !module(b"KEYWORDS = ('bind', 'let')\n"),
            "a string, not a dict key"
        );
        assert!(
            !module(b"options['bind'] = ADDRESS\n"),
            "the analysis reads dict literals"
        );
        assert!(module(
            b"config.update({\"server.socket_host\": '0.0.0.0'})\n"
        ));
        // Cues from the text as written and as normalised count together.
        assert!(module("import uvicorn\nuvicorn.ｒｕｎ(app)\n".as_bytes()));
    }

    #[test]
    fn launch_commands_need_their_launcher_and_their_program() {
        let triggers = triggers();
        let has = |cues: &[Cue]| triggers.contains(&cues.iter().cloned().collect());
        assert!(has(&[
            Cue::Package("subprocess"),
            Cue::Word("Popen"),
            Cue::Word("uvicorn")
        ]));
        assert!(has(&[
            Cue::Package("os"),
            Cue::Word("system"),
            Cue::Word("http.server")
        ]));
        assert!(has(&[
            Cue::Package("django"),
            Cue::Word("call_command"),
            Cue::Word("runserver")
        ]));
        assert!(has(&[
            Cue::Package("subprocess"),
            Cue::Word("run"),
            Cue::Word("flask"),
            Cue::Word("run")
        ]));
        assert!(module(
            b"import subprocess\nsubprocess.Popen(['uvicorn', 'app', '--host', '0.0.0.0'])\n"
        ));
        assert!(module(
            b"import os, sys\nos.execl(sys.executable, sys.executable, '-m', 'http.server')\n"
        ));
        assert!(module(
            b"from django.core.management import call_command\ncall_command('runserver', '0:80')\n"
        ));
        assert!(module(
            b"import os\nos.system(\"cd /srv && gunicorn -b :80 app\")\n"
        ));
        assert!(
            !module(b"import subprocess\nsubprocess.run(['ls', '0.0.0.0'])\n"),
            "no server program"
        );
        assert!(
            !module(b"GUNICORN = 'gunicorn'\nrun(GUNICORN)\n"),
            "no launcher imported"
        );
    }

    #[test]
    fn files_without_listeners_are_filtered_out() {
        assert!(!module(b"import json\nprint(json.dumps({'a': 1}))\n"));
        assert!(!module(b"def rebind(x):\n    return x  # binding\n"));
        assert!(module(b"s.bind(('0.0.0.0', 80))"));
        assert!(module(b"app.run(host=HOST)"));
        assert!(module(b"app.run(\n    host = HOST)"));
        assert!(!module(b"if host == HOST:\n    connect(host)\n"));
        assert!(module(b"app.run(host\n        =HOST)"));
        assert!(module(b"app.run(host  # from the config\n        = HOST)"));
        assert!(module(b"app.run(host \\\n = HOST)"));
        assert!(module(b"c.ServerApp . ip = '*'"));
        assert!(module(
            b"(c.ServerApp  # the notebook server\n    .ip) = '*'"
        ));
        assert!(!module(b"if host == HOST:\n    pass\n"));
        assert!(module(b"app.run(host="), "a keyword at the end of the file");
        assert!(module(b"from waitress import serve\nserve(app)\n"));
        assert!(module(b"c.ServerApp.ip = '*'"));
        assert!(module(b"{\"server.socket_host\": \"0.0.0.0\"}"));
    }

    #[test]
    fn notebooks_and_ascii_incompatible_encodings_are_never_filtered() {
        // A cell stored as one JSON string: the call opens its line, after the escape `\n`.
        let notebook = br#"{"source": "from socket import *\ncreate_server((\"\", 80))\n"}"#;
        assert!(!module(notebook), "no word boundary before `create_server`");
        assert!(may_listen("n.ipynb", notebook, SourceKind::Notebook));
        assert!(may_listen("n.ipynb", b"{}", SourceKind::Notebook));
        // UTF-7 spells `bind` as `+AGI-ind`.
        let utf7 = b"# coding: utf-7\nimport socket\nsocket.socket().+AGI-ind(('', 80))\n";
        assert!(may_listen("app.py", utf7, SourceKind::Module));
    }

    #[test]
    fn identifiers_in_compatibility_characters_count() {
        // Python reads `ｂｉｎｄ` (fullwidth) and `𝐛𝐢𝐧𝐝` (mathematical bold) as `bind`.
        assert!(module("s.ｂｉｎｄ(('0.0.0.0', 80))\n".as_bytes()));
        assert!(module("s.𝐛𝐢𝐧𝐝(('', 80))\n".as_bytes()));
        assert!(!module("café = 'ｒｅｂｉｎｄ'\n".as_bytes()));
        assert!(module("ｈｏｓｔ = 1\napp.run(ｈｏｓｔ=h)\n".as_bytes()));
        // A declared encoding is honoured: `ª` (U+00AA, one byte in Latin-1) is `a`.
        assert!(module(
            b"# coding: latin-1\nfrom w\xaaitress import serve\n"
        ));
    }

    #[test]
    fn text_that_normalising_leaves_alone_is_not_normalised() {
        // Accented letters, CJK, `…`, a no-break space and typographic quotes: identifiers
        // cannot change under NFKC.
        let stable = "# café — 日本語 … \u{a0}“quoted” ½\nname = '² ½'\n";
        assert_eq!(nfkc_if_changed(stable.as_bytes()), None);
        // Fullwidth letters and the fullwidth low line may be parts of identifiers.
        assert_eq!(
            nfkc_if_changed("x = ｂｉｎｄ\n".as_bytes()).as_deref(),
            Some("x = bind\n")
        );
        assert!(nfkc_if_changed("bind＿sockets()\n".as_bytes()).is_some());
    }

    /// What follows a word in the tests' generated texts: every kind of gap (blanks,
    /// backslashes, comments that end anywhere before their line break, line breaks, closing
    /// brackets) before every operator a cue may need.
    const SUFFIXES: &[&str] = &[
        "",
        " ",
        "x",
        "(",
        " (",
        ")(",
        "=",
        " = 1",
        "==",
        ":",
        " :",
        "\"",
        "\":",
        "\" :",
        ", :",
        "\"\"\"\":",
        ".ip",
        " .\\\n ip",
        ").ip",
        ") = 1",
        "#\n=1",
        " # note = 1",
        " # a == b",
        "#=",
        " #==\n= 2",
        " # x\n.ip",
        ".# c ip",
        " # (",
        "\n(",
        ") # :",
        "_",
        " \\\n\t= 1",
        ".ipx",
        ". ip",
        "\t:",
        ").# .ip\n",
        " # .ipx",
        ") # .\\ ip",
    ];

    /// The bytes of every file under `tests/fixtures`.
    fn fixture_texts() -> Vec<Vec<u8>> {
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut texts = Vec::new();
        let mut stack = vec![fixtures];
        while let Some(directory) = stack.pop() {
            for entry in std::fs::read_dir(&directory).unwrap().flatten() {
                if entry.path().is_dir() {
                    stack.push(entry.path());
                } else {
                    texts.push(std::fs::read(entry.path()).unwrap());
                }
            }
        }
        texts
    }

    /// Each cue's hand-written matcher finds it exactly where its expression ([`Cue::pattern`])
    /// does: around its word with every kind of gap before and after (blanks, backslashes,
    /// comments, line breaks, closing brackets), next to other words, and in every fixture;
    /// and never misses it where the text is too long to be exact.
    #[test]
    fn cue_matchers_find_what_their_expressions_find() {
        let prefixes = [
            "",
            " ",
            "x",
            "_",
            ".",
            ". ",
            ".\t",
            ".\\\n ",
            ". # c\n",
            ".#\n  # only\n  ",
            "a.b ",
            "x.\n\n",
            ". x",
            "#.",
            "# .",
            "(",
            "\"",
            "'",
            "Server",
            "App.",
            "App .",
            ")",
            "x = ",
            "\n.",
            ".\r\n",
            ". #",
            "#\n.",
            ".\n# a.\nx",
            "\\.",
            "..",
            "._",
        ];
        let cues: Vec<&Cue> = CUES
            .cues
            .iter()
            .filter(|cue| !matches!(cue, Cue::FileNamed(_)))
            .collect();
        let expressions: Vec<Regex> = cues
            .iter()
            .map(|cue| Regex::new(&format!("(?-u){}", cue.pattern().unwrap())).unwrap())
            .collect();
        let fixtures = fixture_texts();
        let mut compared = 0;
        for (cue, expression) in cues.iter().zip(&expressions) {
            let searched = match cue {
                Cue::Attribute { class_suffix, .. } => class_suffix,
                other => other.literal().unwrap(),
            };
            let mut texts: Vec<Vec<u8>> = Vec::new();
            for prefix in prefixes {
                for suffix in SUFFIXES {
                    texts.push(format!("{prefix}{searched}{suffix}").into_bytes());
                }
            }
            if let Cue::Attribute { attribute, .. } = cue {
                texts.push(format!("{searched}.{attribute}").into_bytes());
                texts.push(format!("{searched} # c\n . \\\n {attribute}(").into_bytes());
            }
            for text in texts.iter().chain(&fixtures) {
                assert_eq!(
                    cue.found_in(text),
                    expression.is_match(text),
                    "{cue:?} in {:?}",
                    String::from_utf8_lossy(text)
                );
                compared += 1;
            }
            // Too far back to be exact: found, as the expression finds it.
            let far = format!(".{}{searched}(x)", " ".repeat(2 * MAX_LOOKBACK));
            if expression.is_match(far.as_bytes()) {
                assert!(cue.found_in(far.as_bytes()), "{cue:?}");
            }
        }
        assert!(compared > 10_000, "{compared}");
    }

    /// The first search finds an anchor exactly where a plain regular expression of its whole
    /// pattern does: at the start and the end of a text, inside and next to other words, next
    /// to other anchors, and in every fixture.
    #[test]
    fn first_search_finds_what_a_plain_search_finds() {
        let search = &CUES.anchors;
        let plain: Vec<Regex> = search
            .anchors
            .iter()
            .map(|anchor| {
                let word = regex::escape(&String::from_utf8_lossy(&anchor.word));
                let before = if anchor.bounded_before { r"\b" } else { "" };
                let after = anchor
                    .rest
                    .as_ref()
                    .map_or(r"\b".to_owned(), |(rest, _)| rest.clone());
                Regex::new(&format!("(?-u){before}{word}(?:{after})")).unwrap()
            })
            .collect();
        let words: Vec<&[u8]> = search
            .anchors
            .iter()
            .map(|anchor| &anchor.word[..])
            .collect();
        let mut texts: Vec<Vec<u8>> = Vec::new();
        for word in &words {
            for prefix in ["", " ", "x", "_", ".", "Server"] {
                for suffix in SUFFIXES {
                    texts.push([prefix.as_bytes(), word, suffix.as_bytes()].concat());
                }
            }
            for other in &words {
                for glue in ["", " ", "_"] {
                    texts.push([word, glue.as_bytes(), other].concat());
                }
            }
        }
        texts.extend(fixture_texts());
        for text in &texts {
            let mut found = vec![false; search.anchors.len()];
            search.find(text, &mut found);
            for (index, regex) in plain.iter().enumerate() {
                assert_eq!(
                    found[index],
                    regex.is_match(text),
                    "{regex} in {:?}",
                    String::from_utf8_lossy(text)
                );
            }
        }
    }

    /// A fragment that another one opens with replaces it: the search, restarted a byte after
    /// each match, would never see the longer one where both start.
    #[test]
    fn a_fragment_that_opens_another_stands_for_it() {
        let word = |word: &str| Anchor {
            word: word.as_bytes().to_vec(),
            rest: None,
            bounded_before: true,
        };
        // `ab` is searched for as itself, `abcdef` by its opening `abcd`.
        let search = AnchorSearch::new(vec![word("ab"), word("abcdef")]);
        let mut found = vec![false; 2];
        assert!(search.find(b"x = abcdef", &mut found));
        assert_eq!(found, [false, true]);
        let mut found = vec![false; 2];
        assert!(search.find(b"ab, abcdef", &mut found));
        assert_eq!(found, [true, true]);
    }

    /// Prints [`TUNED_FRAGMENTS`] for a corpus: for each anchor, the four-byte windows it
    /// holds; then greedily, the window that finds the most anchors not yet found per
    /// occurrence in the corpus, plus a fixed cost per fragment so that one fragment serves
    /// many anchors where that is cheap (one occurrence per 28,500 bytes of corpus: the value
    /// that measured fastest on the standard library and site-packages). Run with
    /// `BINDCHECK_TUNE_TREE=<dir> cargo test --release tune_fragments -- --ignored --nocapture`.
    #[test]
    #[ignore = "needs BINDCHECK_TUNE_TREE, a large tree of Python code; run by hand"]
    fn tune_fragments() {
        use std::collections::{HashMap, HashSet};
        let tree = std::env::var_os("BINDCHECK_TUNE_TREE").expect("BINDCHECK_TUNE_TREE");
        let anchors: Vec<&[u8]> = CUES
            .anchors
            .anchors
            .iter()
            .map(|anchor| &anchor.word[..])
            .filter(|word| word.len() >= FRAGMENT_BYTES)
            .collect();
        let mut counts: HashMap<&[u8], usize> = anchors
            .iter()
            .flat_map(|word| word.windows(FRAGMENT_BYTES))
            .map(|window| (window, 0))
            .collect();
        let mut stack = vec![std::path::PathBuf::from(tree)];
        let mut corpus_bytes = 0;
        while let Some(directory) = stack.pop() {
            for entry in std::fs::read_dir(&directory).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path
                    .extension()
                    .is_some_and(|extension| extension == "py" || extension == "pyi")
                {
                    let bytes = std::fs::read(&path).unwrap();
                    corpus_bytes += bytes.len();
                    for window in bytes.windows(FRAGMENT_BYTES) {
                        if let Some(count) = counts.get_mut(window) {
                            *count += 1;
                        }
                    }
                }
            }
        }
        let fixed_cost = corpus_bytes / 28_500;
        let mut unfound: HashSet<&[u8]> = anchors.iter().copied().collect();
        let mut chosen: Vec<(&[u8], usize)> = Vec::new();
        while !unfound.is_empty() {
            let (fragment, count) = counts
                .iter()
                .map(|(&fragment, &count)| {
                    let finds = unfound
                        .iter()
                        .filter(|word| {
                            word.windows(FRAGMENT_BYTES)
                                .any(|window| window == fragment)
                        })
                        .count();
                    (fragment, count, finds)
                })
                .filter(|&(_, _, finds)| finds > 0)
                .min_by(|a, b| {
                    let cost =
                        |count: usize, finds: usize| (count + fixed_cost) as f64 / finds as f64;
                    cost(a.1, a.2).total_cmp(&cost(b.1, b.2)).then(a.0.cmp(b.0))
                })
                .map(|(fragment, count, _)| (fragment, count))
                .unwrap();
            unfound.retain(|word| {
                !word
                    .windows(FRAGMENT_BYTES)
                    .any(|window| window == fragment)
            });
            chosen.push((fragment, count));
        }
        chosen.sort_by_key(|&(fragment, count)| (count, fragment));
        let listed: Vec<String> = chosen
            .iter()
            .map(|(fragment, _)| format!("{:?}", String::from_utf8_lossy(fragment)))
            .collect();
        println!("const TUNED_FRAGMENTS: &[&str] = &[{}];", listed.join(", "));
        for (fragment, count) in chosen {
            println!("  {:?}: {count}", String::from_utf8_lossy(fragment));
        }
    }

    /// Differential check: whenever the full analysis finds anything (under any rule) in a file
    /// of `directories`, the filter lets the file through. Returns how many files had findings.
    fn assert_sound_on(directories: &[std::path::PathBuf]) -> usize {
        use crate::python::{analyse, source_kind};
        let mut with_findings = 0;
        let mut stack: Vec<std::path::PathBuf> = directories.to_vec();
        while let Some(path) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&path) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let name = path.to_string_lossy();
                let Ok(bytes) = std::fs::read(&path) else {
                    continue;
                };
                let Some(kind) = source_kind(&name, &bytes[..bytes.len().min(256)]) else {
                    continue;
                };
                if analyse(&name, &bytes, kind, None).findings.is_empty() {
                    continue;
                }
                with_findings += 1;
                assert!(
                    may_listen(&name, &bytes, kind),
                    "{name} has findings but is filtered out"
                );
            }
        }
        with_findings
    }

    #[test]
    fn filter_never_drops_a_file_the_analysis_reports() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let with_findings =
            assert_sound_on(&[root.join("tests/fixtures"), root.join("eval/corpus")]);
        assert!(
            with_findings > 100,
            "the fixtures and the corpus were found ({with_findings})"
        );
    }

    /// The same check over any tree: `BINDCHECK_SOUNDNESS_TREE=/usr/lib/python3
    /// cargo test --release soundness_on_a_tree -- --ignored`.
    #[test]
    #[ignore = "needs BINDCHECK_SOUNDNESS_TREE, a large tree; run by hand"]
    fn soundness_on_a_tree() {
        let tree = std::env::var_os("BINDCHECK_SOUNDNESS_TREE").expect("BINDCHECK_SOUNDNESS_TREE");
        let with_findings = assert_sound_on(&[std::path::PathBuf::from(tree)]);
        eprintln!("{with_findings} files with findings, all let through");
    }
}
