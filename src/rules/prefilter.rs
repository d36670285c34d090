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
//! The filter runs on the raw bytes, before decoding: every cue is ASCII, and every encoding a
//! Python file may declare keeps ASCII as it is. A first regular expression, whose every
//! branch opens with a literal word, finds whether any cue appears at all: a vectorised
//! multi-literal scan (a word boundary is checked only where a word occurs) that costs about
//! as much as reading the file, and clears nearly every file. Only files it lets through are
//! searched for which cues appear. Python reads identifiers NFKC-normalised (`s.ｂｉｎｄ(...)`
//! calls `bind`), and so does the parser: a file whose identifiers may hold characters that
//! normalising changes is searched again after decoding and normalising them (found by the
//! property tests in `tests/properties.rs`).
//!
//! Where bytes need not show a cue at all, [`may_listen`] does not filter: a notebook's raw
//! JSON (a word may be written with `\uXXXX` escapes, or follow a `\n` escape with no word
//! boundary) and a file whose coding cookie is not ASCII-compatible (UTF-7 writes `bind` as
//! `+AGI-ind`) are always analysed.

use std::collections::BTreeSet;
use std::sync::{LazyLock, OnceLock};

use regex::bytes::{Regex, RegexBuilder};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

use super::sinks::{Receiver, SETTINGS, SINKS, SettingTarget};
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
];

/// Cues that matter beyond the catalogue's rows: `SO_REUSEPORT` for BND102
/// (`sock.setsockopt(...)`, `reuse_port=True`).
const EXTRA_CUES: &[Cue] = &[Cue::Call("setsockopt"), Cue::Keyword("reuse_port")];

/// Text a catalogue row needs in a file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Cue {
    /// A whole word: a function, class or package name.
    Word(&'static str),
    /// A method name and the `(` of its call: the analysis matches a method row only where the
    /// method is called by name (`sock.bind (addr)`), never through an alias of the method.
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
    /// A word that ends a string (`"bind"`, `'server.socket_host'`): a settings dict key.
    StringEnd(&'static str),
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
}

impl Cue {
    /// True for a word of [`COMMON_NAMES`], which never lets a file through alone.
    fn is_common_word(&self) -> bool {
        matches!(self, Cue::Word(word) | Cue::Call(word) if COMMON_NAMES.contains(word))
    }

    /// The whole word the cue's matches hold, where that word alone is worth searching for.
    fn word(&self) -> Option<&'static str> {
        match self {
            Cue::Word(word)
            | Cue::Call(word)
            | Cue::Assigned(word)
            | Cue::AttributeAssigned(word)
            | Cue::StringEnd(word) => Some(word),
            Cue::Keyword(_) | Cue::Attribute { .. } | Cue::FileNamed(_) => None,
        }
    }

    /// The word a match of the first search starts with when it finds this cue: the cue's
    /// word, a keyword, or the end of a class name.
    fn anchor(&self) -> String {
        match self {
            Cue::Keyword(keyword) => (*keyword).to_owned(),
            Cue::Attribute { class_suffix, .. } => (*class_suffix).to_owned(),
            other => other.word().unwrap_or_default().to_owned(),
        }
    }

    /// The regular expression (bytes, ASCII word boundaries) that finds the cue in a file's
    /// text; `None` for a cue about the file's name.
    fn pattern(&self) -> Option<String> {
        Some(match self {
            Cue::FileNamed(_) => return None,
            Cue::AttributeAssigned(attribute) => format!(
                r"\.{TOKEN_GAP}{}{TOKEN_GAP}(?:=(?:[^=]|\z)|:)",
                regex::escape(attribute)
            ),
            Cue::Word(word) => format!(r"\b{}\b", regex::escape(word)),
            Cue::Call(name) => format!(r"\b{}{TOKEN_GAP}\(", regex::escape(name)),
            Cue::Assigned(name) => {
                format!(r"\b{}{TOKEN_GAP}(?:=(?:[^=]|\z)|:)", regex::escape(name))
            }
            Cue::StringEnd(word) => format!(r#"\b{}["']"#, regex::escape(word)),
            Cue::Keyword(keyword) => {
                format!(r"\b{}{TOKEN_GAP}=(?:[^=]|\z)", regex::escape(keyword))
            }
            // `c.ServerApp.ip` may be written `c.ServerApp . ip`, or across lines inside
            // brackets.
            Cue::Attribute {
                class_suffix,
                attribute,
            } => format!(
                r"{}{TOKEN_GAP}\.{TOKEN_GAP}{}\b",
                regex::escape(class_suffix),
                regex::escape(attribute)
            ),
        })
    }
}

/// What Python allows between two tokens of one logical line: spaces and line breaks (inside
/// brackets), backslash continuations, and comments.
const TOKEN_GAP: &str = r"(?:\s|\\|#[^\n]*)*";

/// For every row of the catalogue (and the extra BND102 words), the cues that must all appear
/// in a file for the row to match there.
pub fn triggers() -> BTreeSet<BTreeSet<Cue>> {
    let mut triggers = BTreeSet::new();
    for sink in SINKS {
        let name = sink.callee.rsplit('.').next().unwrap_or(sink.callee);
        // A function may be imported under another name (`from uvicorn import run as go`); a
        // method is matched only where it is called by name.
        let name_cue = match sink.receiver {
            Receiver::Function => Cue::Word(name),
            Receiver::Instance(_) | Receiver::AnyUnknown => Cue::Call(name),
        };
        let mut cues = BTreeSet::from([name_cue]);
        if COMMON_NAMES.contains(&name) {
            match sink.receiver {
                // `uvicorn.run` needs `uvicorn`: every form of import names the package.
                Receiver::Function => {
                    cues.insert(Cue::Word(top_level_package(sink.callee)));
                }
                // `Flask.run` needs a `Flask` receiver, constructed or derived from in the
                // file; tornado's `Application.listen` needs `tornado`.
                Receiver::Instance(class) => {
                    let class_name = class.rsplit('.').next().unwrap_or(class);
                    cues.insert(Cue::Word(if COMMON_NAMES.contains(&class_name) {
                        top_level_package(class)
                    } else {
                        class_name
                    }));
                }
                // `.run(host=...)` on an unknown receiver is a listener only with its keyword
                // (or with a positional address, which the name alone must then let through).
                Receiver::AnyUnknown => {
                    if sink
                        .addresses
                        .iter()
                        .all(|address| address.place.position.is_none())
                    {
                        for address in sink.addresses {
                            let mut with_keyword = cues.clone();
                            with_keyword.insert(Cue::Keyword(address.place.keyword));
                            triggers.insert(with_keyword);
                        }
                        continue;
                    }
                }
            }
        }
        triggers.insert(cues);
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
            SettingTarget::DictKey(key) => Cue::StringEnd(key.rsplit('.').next().unwrap_or(key)),
        };
        triggers.insert(BTreeSet::from([cue]));
    }
    for cue in EXTRA_CUES {
        triggers.insert(BTreeSet::from([cue.clone()]));
    }
    triggers
}

/// `uvicorn` of `uvicorn.config.Config`.
fn top_level_package(qualified: &str) -> &str {
    qualified.split('.').next().unwrap_or(qualified)
}

/// The cues of [`triggers`], compiled for searching.
struct Cues {
    /// Finds any trigger's rare cue (see [`Cues::new`]).
    any: Regex,
    /// Every cue, with its own expression compiled on first use: a commit of a few files needs
    /// a handful of them, and compiling them all would cost more than checking those files.
    cues: Vec<(Cue, OnceLock<Option<Regex>>)>,
    /// Each trigger: the word [`Cues::any`] finds for it, and its cues (indices in `cues`).
    triggers: Vec<(Vec<u8>, Vec<usize>)>,
}

static CUES: LazyLock<Cues> = LazyLock::new(Cues::new);

/// The lazy DFA's cache for the first search: setting up the default (2 MiB) is a visible part
/// of a commit check of a few files, and the search rarely leaves its literal prefilter (a
/// quarter of this made the full scan thrash).
const DFA_CACHE_BYTES: usize = 1 << 20;

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
        // trigger (`run` of `uvicorn` and `run`) would let most files through it. A file name
        // is no text.
        let rare = |trigger: &BTreeSet<Cue>| -> Option<Cue> {
            let searched = || {
                trigger
                    .iter()
                    .filter(|cue| !matches!(cue, Cue::FileNamed(_)))
            };
            searched()
                .find(|cue| !cue.is_common_word())
                .or_else(|| searched().next())
                .cloned()
        };
        // The first search looks for each rare cue's word (`bind` of `bind(`, of `.bind =` and
        // of `"bind"`) in one alternation (`(?-u)`: ASCII boundaries), so that the regex
        // engine searches for the literal words first (a vectorised multi-literal search) and
        // looks at boundaries only around them; keywords and attributes, whose word alone is
        // too common (`host`, `ip`), keep their whole pattern. It is compiled on every run,
        // also for a commit of one file, and kept small.
        let rare_cues: BTreeSet<Cue> = triggers.iter().filter_map(rare).collect();
        let words: BTreeSet<String> = rare_cues
            .iter()
            .filter_map(|cue| cue.word().map(regex::escape))
            .collect();
        let mut branches = vec![format!(
            r"\b(?:{})\b",
            words.into_iter().collect::<Vec<_>>().join("|")
        )];
        branches.extend(rare_cues.iter().filter_map(|cue| match cue {
            Cue::Keyword(_) | Cue::Attribute { .. } => cue.pattern(),
            _ => None,
        }));
        let any = RegexBuilder::new(&format!("(?-u){}", branches.join("|")))
            .dfa_size_limit(DFA_CACHE_BYTES)
            .build()
            .unwrap_or_else(|_| unreachable!("escaped cues always form a valid pattern"));
        let triggers = triggers
            .iter()
            .map(|trigger| {
                let anchor = rare(trigger).map(|cue| cue.anchor()).unwrap_or_default();
                let indices = trigger
                    .iter()
                    .filter_map(|cue| cues.iter().position(|known| known == cue))
                    .collect();
                (anchor.into_bytes(), indices)
            })
            .collect();
        Cues {
            any,
            cues: cues.into_iter().map(|cue| (cue, OnceLock::new())).collect(),
            triggers,
        }
    }

    /// True when every cue of some trigger appears in one of `texts` (or names the file).
    fn some_trigger_in(&self, texts: &[&[u8]], file_name: &str) -> bool {
        // What the first search finds, as the words it starts with. Each search restarts just
        // after the start of the previous match, so that no match hides another (`host=bind(`).
        let mut found: BTreeSet<&[u8]> = BTreeSet::new();
        for text in texts {
            let mut start = 0;
            while let Some(found_at) = self.any.find_at(text, start) {
                let word_end = text[found_at.start()..]
                    .iter()
                    .position(|byte| !(byte.is_ascii_alphanumeric() || *byte == b'_'))
                    .map_or(text.len(), |length| found_at.start() + length);
                found.insert(&text[found_at.start()..word_end]);
                start = found_at.start() + 1;
            }
        }
        let present = |index: usize| {
            let (cue, compiled) = &self.cues[index];
            if let Cue::FileNamed(names) = cue {
                return names.contains(&file_name);
            }
            compiled
                .get_or_init(|| {
                    cue.pattern()
                        .and_then(|pattern| Regex::new(&format!("(?-u){pattern}")).ok())
                })
                .as_ref()
                .is_none_or(|regex| texts.iter().any(|text| regex.is_match(text)))
        };
        self.triggers.iter().any(|(anchor, cues)| {
            found.contains(anchor.as_slice()) && cues.iter().all(|&index| present(index))
        })
    }
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
    if cues.any.is_match(bytes) && cues.some_trigger_in(&[bytes], file_name) {
        return true;
    }
    // A cue may also appear only once identifiers are normalised, and a trigger may need cues
    // from both texts (normalising may compose a written letter with a combining mark).
    !bytes.is_ascii()
        && nfkc_if_changed(bytes).is_some_and(|normalised| {
            cues.any.is_match(normalised.as_bytes())
                && cues.some_trigger_in(&[bytes, normalised.as_bytes()], file_name)
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
    let text = decode::decode_source(bytes).text;
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

    fn module(bytes: &[u8]) -> bool {
        may_listen("app.py", bytes, SourceKind::Module)
    }

    #[test]
    fn common_names_need_a_rarer_cue_as_well() {
        let triggers = triggers();
        let has = |cues: &[Cue]| triggers.contains(&cues.iter().cloned().collect());
        assert!(has(&[Cue::Call("bind")]));
        assert!(has(&[Cue::Word("create_server")]));
        assert!(has(&[Cue::AttributeAssigned("bind")]));
        assert!(triggers.iter().any(|trigger| {
            trigger.contains(&Cue::Assigned("bind"))
                && trigger.iter().any(
                    |cue| matches!(cue, Cue::FileNamed(names) if names.contains(&"gunicorn.conf.py")),
                )
        }));
        assert!(has(&[Cue::StringEnd("socket_host")]));
        assert!(has(&[Cue::Word("TCPServer")]));
        assert!(has(&[Cue::Word("uvicorn"), Cue::Word("run")]));
        assert!(has(&[Cue::Word("waitress"), Cue::Word("serve")]));
        assert!(has(&[Cue::Word("Flask"), Cue::Call("run")]));
        assert!(has(&[Cue::Word("tornado"), Cue::Call("listen")]));
        assert!(has(&[Cue::Word("multiprocessing"), Cue::Word("Listener")]));
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
        assert!(!module(b"bind = '0.0.0.0:8000'\n"));
        let gunicorn =
            |bytes: &[u8]| may_listen("deploy/gunicorn.conf.py", bytes, SourceKind::Module);
        assert!(gunicorn(b"bind = '0.0.0.0:8000'\n"));
        assert!(gunicorn(b"bind: str = '0.0.0.0:8000'\n"));
        assert!(!gunicorn(b"workers = 4\n"));
        assert!(module(b"config.bind = ['0.0.0.0:8000']\n"));
        assert!(module(b"options = {'bind': '0.0.0.0:8000'}\n"));
        assert!(module(
            b"config.update({\"server.socket_host\": '0.0.0.0'})\n"
        ));
        // Cues from the text as written and as normalised count together.
        assert!(module("import uvicorn\nuvicorn.ｒｕｎ(app)\n".as_bytes()));
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
                if analyse(&name, &bytes, kind).findings.is_empty() {
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
