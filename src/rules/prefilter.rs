//! A textual pre-filter: files that cannot contain a finding are not parsed.
//!
//! Every row of the sink catalogue names at least one word that must appear in a file for the
//! row to match there: a function's name (it is imported or called by it), a method's name, a
//! setting's name, a keyword a keyword-only address needs. [`trigger_words`] derives one such
//! word per row from the catalogue itself; a file none of whose words appear (as a whole word,
//! in code, strings or comments alike) has no finding under any rule. Where a row's own name is
//! so common that it would let most files through (`run`, `serve`, `listen`, `Config`), the row
//! contributes another word that is just as necessary: the package a function is imported from
//! (`uvicorn` for `uvicorn.run`), the class of a method's receiver (`Flask` for `Flask.run`), or
//! the keyword argument an address on an unknown receiver must be passed with (`host=` for
//! `.run(host=…)`).
//!
//! The filter runs on the raw bytes, before decoding: every word is ASCII, and every encoding a
//! Python file may declare keeps ASCII as it is. It is one regular expression whose every
//! branch opens with a literal word, so the search is a vectorised multi-literal scan (a word
//! boundary is checked only where a word occurs) and costs about as much as reading the file.
//! Python reads identifiers NFKC-normalised (`s.ｂｉｎｄ(...)` calls `bind`), and so does the
//! parser: a file whose identifiers may hold characters that normalising changes is searched
//! again after decoding and normalising it (found by the property tests in
//! `tests/properties.rs`).
//!
//! Where bytes need not show a word at all, [`may_listen`] does not filter: a notebook's raw
//! JSON (a word may be written with `\uXXXX` escapes, or follow a `\n` escape with no word
//! boundary) and a file whose coding cookie is not ASCII-compatible (UTF-7 writes `bind` as
//! `+AGI-ind`) are always analysed.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::bytes::Regex;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

use super::sinks::{Receiver, SETTINGS, SINKS, SettingTarget};
use crate::python::{SourceKind, decode};

/// Names too common to filter by: a row whose name is one of these contributes a rarer word
/// that it equally needs.
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

/// Words that matter beyond the catalogue's rows: `SO_REUSEPORT` for BND102 (`setsockopt`,
/// `reuse_port=`).
const EXTRA_WORDS: &[&str] = &["setsockopt", "reuse_port"];

/// Substrings that let a file through where a whole word would be too common: a Jupyter
/// setting `c.ServerApp.ip` needs the text `App.ip` (the class name ends with the catalogue's
/// suffix), and `ip` alone appears in half of all files.
pub fn trigger_substrings() -> BTreeSet<String> {
    SETTINGS
        .iter()
        .filter_map(|setting| match setting.target {
            SettingTarget::ConfigurableAttribute {
                class_suffix,
                attribute,
            } => Some(format!("{class_suffix}.{attribute}")),
            _ => None,
        })
        .collect()
}

/// Keyword arguments that let a file through: a row on an unknown receiver whose address is
/// keyword-only (`.run(host=...)`) matches only where `host=` is written.
pub fn trigger_keywords() -> BTreeSet<&'static str> {
    SINKS
        .iter()
        .filter(|sink| {
            sink.receiver == Receiver::AnyUnknown
                && sink
                    .addresses
                    .iter()
                    .all(|address| address.place.position.is_none())
        })
        .flat_map(|sink| sink.addresses.iter().map(|address| address.place.keyword))
        .collect()
}

/// The words whose presence lets a file through, one or more per catalogue row.
pub fn trigger_words() -> BTreeSet<&'static str> {
    let mut words = BTreeSet::new();
    for sink in SINKS {
        let name = sink.callee.rsplit('.').next().unwrap_or(sink.callee);
        if !COMMON_NAMES.contains(&name) {
            words.insert(name);
            continue;
        }
        match sink.receiver {
            // `uvicorn.run` needs `uvicorn` in the file: every form of import names the package.
            Receiver::Function => {
                words.insert(top_level_package(sink.callee));
            }
            // `Flask.run` needs a `Flask` receiver, constructed or derived from in the file;
            // tornado's `Application.listen` needs `tornado`.
            Receiver::Instance(class) => {
                let class_name = class.rsplit('.').next().unwrap_or(class);
                if COMMON_NAMES.contains(&class_name) {
                    words.insert(top_level_package(class));
                } else {
                    words.insert(class_name);
                }
            }
            // `.run(host=...)` on an unknown receiver is a listener only with its keyword: see
            // `trigger_keywords`.
            Receiver::AnyUnknown => {
                if sink
                    .addresses
                    .iter()
                    .any(|address| address.place.position.is_some())
                {
                    words.insert(name);
                }
            }
        }
    }
    for setting in SETTINGS {
        match setting.target {
            SettingTarget::ModuleVariable { name, .. } => words.insert(name),
            // See `trigger_substrings`.
            SettingTarget::ConfigurableAttribute { .. } => false,
            SettingTarget::ObjectAttribute { attribute, .. } => words.insert(attribute),
            // `"server.socket_host"` holds the word `socket_host`.
            SettingTarget::DictKey(key) => words.insert(key.rsplit('.').next().unwrap_or(key)),
        };
    }
    words.extend(EXTRA_WORDS);
    words
}

/// `uvicorn` of `uvicorn.config.Config`.
fn top_level_package(qualified: &str) -> &str {
    qualified.split('.').next().unwrap_or(qualified)
}

/// What Python allows between two tokens of one logical line: spaces and line breaks (inside
/// brackets), backslash continuations, and comments.
const TOKEN_GAP: &str = r"(?:\s|\\|#[^\n]*)*";

static TRIGGERS: LazyLock<Regex> = LazyLock::new(|| {
    let alternation = |words: Vec<String>| {
        words
            .iter()
            .map(|word| regex::escape(word))
            .collect::<Vec<_>>()
            .join("|")
    };
    let words = alternation(trigger_words().into_iter().map(str::to_owned).collect());
    let keywords = alternation(trigger_keywords().into_iter().map(str::to_owned).collect());
    // `c.ServerApp.ip` may be written `c.ServerApp . ip`, or across lines inside brackets.
    let substrings = trigger_substrings()
        .iter()
        .map(|substring| {
            substring
                .split('.')
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(&format!(r"{TOKEN_GAP}\.{TOKEN_GAP}"))
        })
        .collect::<Vec<_>>()
        .join("|");
    // `(?-u)`: ASCII word boundaries, so that the regex engine searches for the literal words
    // first (a vectorised multi-literal search) and looks at boundaries only around them.
    Regex::new(&format!(
        r"(?-u)\b(?:{words})\b|(?:{substrings})\b|\b(?:{keywords}){TOKEN_GAP}=(?:[^=]|\z)"
    ))
    .unwrap_or_else(|_| unreachable!("escaped words always form a valid pattern"))
});

/// False only when a file of this kind with these bytes provably has no finding under any
/// rule: no trigger word appears in it, as written or, for identifiers that NFKC normalisation
/// changes, as Python reads them. Notebooks and files in encodings that do not keep ASCII as it
/// is are never filtered (see the module documentation).
pub fn may_listen(bytes: &[u8], kind: SourceKind) -> bool {
    if kind == SourceKind::Notebook || !decode::words_are_ascii(bytes) {
        return true;
    }
    TRIGGERS.is_match(bytes)
        || (!bytes.is_ascii()
            && nfkc_if_changed(bytes).is_some_and(|text| TRIGGERS.is_match(text.as_bytes())))
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

    #[test]
    fn common_names_are_replaced_by_what_they_need() {
        let words = trigger_words();
        for word in [
            "bind",
            "create_server",
            "TCPServer",
            "uvicorn",
            "waitress",
            "Flask",
            "tornado",
            "multiprocessing",
        ] {
            assert!(words.contains(word), "{word}");
        }
        for common in COMMON_NAMES {
            assert!(
                !words.contains(common),
                "{common} would let most files through"
            );
        }
    }

    fn module(bytes: &[u8]) -> bool {
        may_listen(bytes, SourceKind::Module)
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
        assert!(may_listen(notebook, SourceKind::Notebook));
        assert!(may_listen(b"{}", SourceKind::Notebook));
        // UTF-7 spells `bind` as `+AGI-ind`.
        let utf7 = b"# coding: utf-7\nimport socket\nsocket.socket().+AGI-ind(('', 80))\n";
        assert!(may_listen(utf7, SourceKind::Module));
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
                    may_listen(&bytes, kind),
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
