//! Regression tests for what the fuzz targets in `fuzz/` and the property tests in
//! `tests/properties.rs` found, each with the minimised input (see README, "Development"). A
//! new crash becomes a test here before it is fixed.

// Helpers outside `#[test]` functions: a failed expectation is how they report.
#![allow(clippy::expect_used)]

mod common;

use common::Sandbox;
use git_bindcheck::address::{
    Wildcard, classify_endpoint, classify_host, classify_twisted_description,
};
use git_bindcheck::python::{SourceKind, analyse};
use git_bindcheck::rules::prefilter::may_listen;
use git_bindcheck::suppress::{self, SuppressionPolicy};
use serde_json::Value;

/// `endpoint_strings`, input `::%]`: `classify_host` took anything after `%` for a zone index,
/// so `::%]` was a wildcard host while `[::%]]:80` was no wildcard endpoint.
#[test]
fn zone_index_with_a_closing_bracket_is_not_a_wildcard_host() {
    assert_eq!(classify_host("::%]"), None);
    assert_eq!(classify_endpoint("[::%]]:4", false), None);
    assert_eq!(classify_host("::%eth0"), Some(Wildcard::Ipv6Any));
    assert_eq!(
        classify_endpoint("[::%eth0]:4", false),
        Some(Wildcard::Ipv6Any)
    );
}

/// `endpoint_strings`, input `::%e\u{FFFC}t`: a wildcard host with an unresolved zone index was
/// a wildcard as a plain host and in `[…]:port`, but not in a Twisted `interface=`.
#[test]
fn unknown_zone_index_is_a_wildcard_in_every_syntax() {
    let host = "::%e\u{FFFC}t";
    assert_eq!(classify_host(host), Some(Wildcard::Ipv6Any));
    assert_eq!(
        classify_endpoint(&format!("[{host}]:20"), false),
        Some(Wildcard::Ipv6Any)
    );
    assert_eq!(
        classify_twisted_description("tcp:20:interface=\\:\\:%e\u{FFFC}t"),
        Some(Wildcard::Ipv6Any)
    );
}

/// A notebook whose only finding sits beside a cell ruff_python_parser 0.0.10 panics on.
const NOTEBOOK_WITH_PARSER_PANIC: &str = r#"{
 "cells": [
  {"cell_type": "code", "metadata": {}, "source": ["import socket\n", "socket.create_server(('', 8080))\n"]},
  {"cell_type": "code", "metadata": {}, "source": "(,}\n,"}
 ],
 "metadata": {"language_info": {"name": "python"}},
 "nbformat": 4, "nbformat_minor": 5
}"#;

/// `analyse_source`, input `(,}\n,` as a notebook cell: the parser's `unreachable!` killed the
/// analysis thread. Alone, the notebook was reported as "0 findings in 0 files" with exit 0 (a
/// listener let through); beside other files, the run died with exit 101.
#[test]
fn notebook_cell_that_panics_the_parser_still_reports_the_notebooks_findings() {
    let sandbox = Sandbox::new();
    let plain = sandbox.mkdir("plain");
    std::fs::write(plain.join("serve.ipynb"), NOTEBOOK_WITH_PARSER_PANIC).expect("write");
    std::fs::write(plain.join("clean.py"), "print('hello')\n").expect("write");

    for args in [
        &["scan", "serve.ipynb", "--format", "json"][..],
        &["scan", ".", "--format", "json"][..],
    ] {
        let run = sandbox.bindcheck_in(&plain, args).assert_code(1);
        let findings = run.findings();
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!(findings[0]["path"], Value::from("serve.ipynb"));
        run.assert_stderr_contains("checked them as plain Python");
    }
}

/// How many findings `text` has as a module, and how many of them its comments suppress.
fn suppressed_by(text: &str) -> (usize, usize) {
    let mut analysed = analyse("app.py", text.as_bytes(), SourceKind::Module, None);
    suppress::apply(
        &mut analysed.findings,
        &analysed.comments,
        SuppressionPolicy::default(),
    );
    let suppressed = analysed
        .findings
        .iter()
        .filter(|finding| finding.suppression.is_some())
        .count();
    (analysed.findings.len(), suppressed)
}

/// `suppression_comment`, inputs `# noſec` and `# bindchecK: ignore` (U+017F, U+212A): the
/// directives matched case-insensitively under Unicode folding, so look-alike letters
/// suppressed.
#[test]
fn unicode_look_alike_letters_do_not_make_a_suppression() {
    let call = "import socket\nsocket.create_server(('', 80))";
    for comment in ["# no\u{17F}ec", "# bindchec\u{212A}: ignore"] {
        let (findings, suppressed) = suppressed_by(&format!("{call}  {comment}\n"));
        assert!(findings > 0);
        assert_eq!(suppressed, 0, "{comment}");
    }
    let (findings, suppressed) = suppressed_by(&format!("{call}  # BINDCHECK: Ignore\n"));
    assert_eq!(suppressed, findings);
}

/// `the_prefilter_never_drops_a_notebook_with_findings` (tests/properties.rs): a cell stored as
/// one JSON string puts `\n` before a call that opens its line (`create_server` after a star
/// import), and the word search saw `ncreate_server`: the notebook was never parsed. Notebooks
/// are no longer filtered at all (JSON may also spell a word with `\uXXXX` escapes).
#[test]
fn prefilter_keeps_a_notebook_whose_call_follows_a_json_line_break() {
    let notebook = br#"{"cells": [{"cell_type": "code", "metadata": {}, "source": "from socket import *\ncreate_server((\"\", 80))\n"}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}"#;
    assert!(
        !analyse("n.ipynb", notebook, SourceKind::Notebook, None)
            .findings
            .is_empty()
    );
    assert!(may_listen("n.ipynb", notebook, SourceKind::Notebook));
}

/// `the_prefilter_never_drops_identifiers_spelled_with_compatibility_characters`: Python (and
/// the parser) read `ｂｉｎｄ` as `bind`, the word search did not.
#[test]
fn prefilter_keeps_identifiers_spelled_in_fullwidth_letters() {
    let source = "import socket\ns = socket.socket()\ns.ｂｉｎｄ(('0.0.0.0', 8080))\n";
    assert!(
        !analyse("a.py", source.as_bytes(), SourceKind::Module, None)
            .findings
            .is_empty()
    );
    assert!(may_listen("a.py", source.as_bytes(), SourceKind::Module));
}

/// Found while writing the reformatting property: redundant parentheses around a statement's
/// value changed the finding's key (its statement text), so adding or removing them (black
/// wraps a long right-hand side in them) turned an existing finding into a new one. The key
/// now leaves out parentheses that only group a whole slot.
#[test]
fn redundant_parentheses_do_not_make_a_finding_new() {
    let before = "import socket\nserver = socket.create_server(('0.0.0.0', 80))\n";
    let after = "import socket\nserver = (\n    socket.create_server(('0.0.0.0', 80))\n)\n";
    let base = analyse("a.py", before.as_bytes(), SourceKind::Module, None).findings;
    let mut changed = analyse("a.py", after.as_bytes(), SourceKind::Module, None).findings;
    git_bindcheck::diff::attribute(&mut changed, &[&base]);
    assert!(
        changed
            .iter()
            .all(|finding| finding.status == Some(git_bindcheck::finding::Status::Existing))
    );
}

/// Found with `a_suppression_away_from_the_statement_suppresses_nothing` under `\r` line
/// endings (which Python accepts): `LineIndex` ends lines at `\n` only, so a file with old
/// Macintosh line endings is one line, and a `# bindcheck: ignore` anywhere in it suppresses
/// every finding. Not fixed: lines are also what git's diff reports, which ends them at `\n`
/// too, so counting `\r` alone is a decision for the line mapping as a whole.
#[test]
fn a_suppression_in_a_file_with_carriage_return_line_endings_stays_on_its_line() {
    let text = "# bindcheck: ignore\rx = 1\rimport socket\rsocket.create_server(('', 80))\r";
    let (findings, suppressed) = suppressed_by(text);
    assert!(findings > 0);
    assert_eq!(suppressed, 0);
}

/// `analyse_source`, a 17 KB mutated corpus file that took over 10 s (5 s for `scan` in a
/// release build): a function defined in a loop was queued once per pass of the loop, and its
/// body ran once per queued copy, so each level of functions defined in loops doubled the work.
/// Reduced to its shape: 30 levels, which took hours before the fix and now take milliseconds.
#[test]
fn functions_defined_in_nested_loops_are_analysed_in_linear_time() {
    let mut source = String::from("import socket\n");
    let mut indent = String::new();
    for level in 0..30 {
        source.push_str(&format!("{indent}for x{level} in range(3):\n"));
        source.push_str(&format!("{indent}    def f{level}(port=80):\n"));
        indent.push_str("        ");
    }
    source.push_str(&format!("{indent}socket.create_server(('', port))\n"));
    let findings = analyse("deep.py", source.as_bytes(), SourceKind::Module, None).findings;
    assert!(
        findings
            .iter()
            .any(|finding| finding.rule == git_bindcheck::rules::Rule::BindAllInterfaces),
        "{findings:#?}"
    );
}

/// Found by reading the pre-filter's patterns: Python allows line breaks (inside brackets),
/// backslash continuations and comments between a keyword and its `=`, and around the dot of
/// an attribute. The analysis reports these statements, and the word search required `host=`
/// on one line and `ServerApp.ip` written without spaces: the files were never parsed.
#[test]
fn prefilter_keeps_keywords_and_attributes_split_across_tokens() {
    for source in [
        "app.run(host\n        ='0.0.0.0')\n",
        "app.run(host  # from the config\n        = '0.0.0.0')\n",
        "app.run(host \\\n = '0.0.0.0')\n",
        "c.ServerApp . ip = '*'\n",
        "(c.ServerApp  # the notebook server\n    .ip) = '*'\n",
    ] {
        assert!(
            !analyse("a.py", source.as_bytes(), SourceKind::Module, None)
                .findings
                .is_empty(),
            "{source}"
        );
        assert!(
            may_listen("a.py", source.as_bytes(), SourceKind::Module),
            "{source}"
        );
    }
}

/// Found while narrowing method cues to attribute calls: Python allows the closing brackets of
/// a parenthesised expression between a name and the operator after it. The analysis reports
/// these statements, and the word search required the `(` of a call, the `=` of an assignment
/// or the `:` of a dict key right after the name (or its gap): the files were never parsed.
#[test]
fn prefilter_keeps_parenthesised_callees_targets_and_keys() {
    for (path, source) in [
        ("a.py", "def f(s):\n    (s.bind)(('', 80))\n"),
        (
            "a.py",
            "def f(s):\n    (s\n     .bind  # the socket's\n    )(('', 80))\n",
        ),
        ("a.py", "(c.ServerApp).ip = '*'\n"),
        (
            "a.py",
            "from hypercorn.config import Config\nconfig = Config()\n(config.bind) = ['0.0.0.0:8000']\n",
        ),
        ("a.py", "options = {('bind'): '0.0.0.0:8000'}\n"),
        ("gunicorn.conf.py", "(bind) = '0.0.0.0:8000'\n"),
    ] {
        assert!(
            !analyse(path, source.as_bytes(), SourceKind::Module, None)
                .findings
                .is_empty(),
            "{source}"
        );
        assert!(
            may_listen(path, source.as_bytes(), SourceKind::Module),
            "{source}"
        );
    }
}

/// Found while adding dicts: `d = {"a": d, "b": d}` repeated copies the previous value twice
/// per statement, so 5,000 such lines (or `t = (t, t)`, the same with tuples, since the start)
/// took minutes and gigabytes. Containers now hold at most a bounded number of values; past it
/// they are unknown. 2,000 lines of each shape (dict, tuple, partial, constructed object)
/// finish, and a listener after them is still reported.
#[test]
fn containers_built_from_themselves_stay_small() {
    let mut source = String::from(
        "import functools\nimport socket\n\n\nclass C:\n    def __init__(self, a, b):\n        self.a = a\n        self.b = b\n\n\nd = {}\nt = ()\nc = None\np = None\n",
    );
    for _ in 0..2_000 {
        source.push_str(
            "d = {'a': d, 'b': d}\nt = (t, t)\nc = C(c, c)\np = functools.partial(print, p, p)\n",
        );
    }
    source.push_str("socket.create_server(('', 8000))\n");
    let findings = analyse("deep.py", source.as_bytes(), SourceKind::Module, None).findings;
    assert!(
        findings
            .iter()
            .any(|finding| finding.rule == git_bindcheck::rules::Rule::BindAllInterfaces),
        "{findings:#?}"
    );
}
