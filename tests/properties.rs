//! Property tests: small Python programs generated from templates (a listening call among a few
//! sink shapes, a host from a set of wildcard and loopback values, optionally through a
//! constant, inside a function or not), rendered under random layouts (blank lines, comment
//! lines, indentation, arguments wrapped over lines inside brackets, trailing commas, quote
//! style, line endings), and checked for what the rest of the tool relies on:
//!
//! - reformatting never creates a new finding (the diff attribution, with the original's
//!   findings as the base, calls every finding of the reformatted file existing);
//! - a wildcard literal is found in every layout;
//! - adding a suppression comment anywhere never adds a finding, nor an unsuppressed one, and
//!   one that is neither on nor directly above the statement suppresses nothing;
//! - the textual pre-filter never drops a file with findings, including identifiers spelled
//!   with compatibility characters (which Python reads NFKC-normalised) and programs stored in a
//!   notebook;
//! - analysis never panics, on arbitrary strings and on soups of Python-ish tokens;
//! - a program encoded in any codec Python accepts in a coding cookie (with a cookie naming it,
//!   and characters of that codec in a comment and in strings, one of them ending a string
//!   right before its closing quote, like Shift_JIS `表` whose second byte is `\\`) has the
//!   same findings, at the same lines and columns, as its UTF-8 version; the characters and
//!   their bytes come from Python (`tests/data/codec_samples.rs`, by `scripts/gen-codec-tables`).
//!
//! Case counts are modest (256) so that the file runs in seconds in a debug build;
//! `PROPTEST_CASES=20000 cargo test --release --test properties` runs deeper.

mod codec_samples {
    include!("data/codec_samples.rs");
}

use codec_samples::{CODEC_SAMPLES, CodecSample};
use proptest::prelude::*;
use proptest::test_runner::Config;
use serde_json::json;

use git_bindcheck::diff;
use git_bindcheck::finding::{Finding, Status};
use git_bindcheck::python::{SourceKind, analyse};
use git_bindcheck::rules::prefilter::may_listen;
use git_bindcheck::suppress::{self, SuppressionPolicy};

/// Hosts that mean every interface.
const WILDCARD_HOSTS: &[&str] = &["0.0.0.0", "", "::", "0"];
/// Hosts that do not.
const SPECIFIC_HOSTS: &[&str] = &["127.0.0.1", "localhost", "::1", "10.1.2.3"];

/// An expression of the listening statement, rendered under a [`Layout`].
#[derive(Clone, Debug)]
enum Expr {
    /// Source text as it is.
    Raw(&'static str),
    /// The host: a string literal, or the name `HOST` when the program uses a constant.
    Host,
    /// A parenthesised tuple of two or more elements.
    Tuple(Vec<Expr>),
    /// A call with positional (`None`) and keyword arguments.
    Call(&'static str, Vec<(Option<&'static str>, Expr)>),
}

/// One sink shape: what it imports, what it sets up, and the listening statement.
struct Sink {
    imports: &'static [&'static str],
    setup: &'static [&'static str],
    /// Text before the call in its statement (`server = await `).
    prefix: &'static str,
    call: fn() -> Expr,
    /// The statement must sit inside an `async def`.
    asynchronous: bool,
}

fn host_port(port: &'static str) -> Expr {
    Expr::Tuple(vec![Expr::Host, Expr::Raw(port)])
}

const SINKS: &[Sink] = &[
    Sink {
        imports: &["import socket"],
        setup: &["s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)"],
        prefix: "",
        call: || Expr::Call("s.bind", vec![(None, host_port("8080"))]),
        asynchronous: false,
    },
    Sink {
        imports: &["import socket"],
        setup: &[],
        prefix: "server = ",
        call: || {
            Expr::Call(
                "socket.create_server",
                vec![(None, host_port("8080")), (Some("backlog"), Expr::Raw("5"))],
            )
        },
        asynchronous: false,
    },
    Sink {
        imports: &["from socket import *"],
        setup: &[],
        prefix: "",
        call: || Expr::Call("create_server", vec![(None, host_port("9000"))]),
        asynchronous: false,
    },
    Sink {
        imports: &["from flask import Flask"],
        setup: &["app = Flask(__name__)"],
        prefix: "",
        call: || {
            Expr::Call(
                "app.run",
                vec![
                    (Some("host"), Expr::Host),
                    (Some("port"), Expr::Raw("5000")),
                    (Some("debug"), Expr::Raw("False")),
                ],
            )
        },
        asynchronous: false,
    },
    Sink {
        imports: &["import uvicorn"],
        setup: &[],
        prefix: "",
        call: || {
            Expr::Call(
                "uvicorn.run",
                vec![
                    (None, Expr::Raw("app")),
                    (Some("host"), Expr::Host),
                    (Some("port"), Expr::Raw("8000")),
                ],
            )
        },
        asynchronous: false,
    },
    Sink {
        imports: &["import asyncio"],
        setup: &[],
        prefix: "server = await ",
        call: || {
            Expr::Call(
                "asyncio.start_server",
                vec![
                    (None, Expr::Raw("handle")),
                    (None, Expr::Host),
                    (None, Expr::Raw("8888")),
                ],
            )
        },
        asynchronous: true,
    },
    Sink {
        imports: &["from http.server import *"],
        setup: &[],
        prefix: "",
        call: || {
            Expr::Call(
                "HTTPServer",
                vec![
                    (None, host_port("8000")),
                    (None, Expr::Raw("SimpleHTTPRequestHandler")),
                ],
            )
        },
        asynchronous: false,
    },
    Sink {
        imports: &["from waitress import serve"],
        setup: &[],
        prefix: "",
        call: || {
            Expr::Call(
                "serve",
                vec![
                    (None, Expr::Raw("app")),
                    (Some("host"), Expr::Host),
                    (Some("port"), Expr::Raw("8080")),
                ],
            )
        },
        asynchronous: false,
    },
    Sink {
        imports: &["import subprocess"],
        setup: &[],
        prefix: "server = ",
        call: || {
            Expr::Call(
                "subprocess.Popen",
                vec![(
                    None,
                    Expr::Tuple(vec![
                        Expr::Raw("'uvicorn'"),
                        Expr::Raw("'app:app'"),
                        Expr::Raw("'--host'"),
                        Expr::Host,
                    ]),
                )],
            )
        },
        asynchronous: false,
    },
    Sink {
        imports: &["import os"],
        setup: &[],
        prefix: "",
        call: || {
            Expr::Call(
                "os.execlp",
                vec![
                    (None, Expr::Raw("'uvicorn'")),
                    (None, Expr::Raw("'uvicorn'")),
                    (None, Expr::Raw("'app:app'")),
                    (None, Expr::Raw("'--host'")),
                    (None, Expr::Host),
                ],
            )
        },
        asynchronous: false,
    },
];

/// What a program says, independent of its layout.
#[derive(Clone, Debug)]
struct Program {
    sink: usize,
    host: &'static str,
    /// The host is assigned to a module constant `HOST` and the call names it.
    via_constant: bool,
    /// The statements after the imports sit in a function (always for an async sink).
    in_function: bool,
}

/// How a program is written: everything a formatter or a person may change without changing
/// what it means.
#[derive(Clone, Debug)]
struct Layout {
    /// Per gap between lines: how many blank lines, and whether a comment line, go there.
    gaps: Vec<(u8, bool)>,
    /// Per bracket depth (cycling): whether the elements go one per line.
    wrap: Vec<bool>,
    /// A trailing comma after the last wrapped element.
    trailing_comma: bool,
    /// Indentation of wrapped elements per depth, in spaces.
    inner_indent: usize,
    /// Indentation of a function's body, in spaces.
    block_indent: usize,
    /// `"…"` rather than `'…'`.
    double_quotes: bool,
    /// A comment after the first wrapped element.
    comment_in_brackets: bool,
    /// The line ending: `\n`, `\r\n`, or the old Macintosh `\r`, which Python accepts too.
    newline: &'static str,
    /// An assigned value wrapped in parentheses on lines of its own, as black wraps a long
    /// right-hand side.
    parenthesised_value: bool,
}

fn programs() -> impl Strategy<Value = Program> {
    (
        0..SINKS.len(),
        prop::sample::select([WILDCARD_HOSTS, SPECIFIC_HOSTS].concat()),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(sink, host, via_constant, in_function)| Program {
            sink,
            host,
            via_constant,
            in_function,
        })
}

/// Every line ending Python accepts.
const NEWLINES: &[&str] = &["\n", "\r\n", "\r"];

fn layouts() -> impl Strategy<Value = Layout> {
    layouts_with(NEWLINES)
}

fn layouts_with(newlines: &'static [&'static str]) -> impl Strategy<Value = Layout> {
    (
        prop::collection::vec((0u8..3, prop::bool::weighted(0.2)), 12),
        prop::collection::vec(any::<bool>(), 1..4),
        any::<bool>(),
        1usize..7,
        prop::sample::select(vec![1usize, 2, 4, 8]),
        any::<bool>(),
        any::<bool>(),
        prop::sample::select(newlines),
        any::<bool>(),
    )
        .prop_map(
            |(
                gaps,
                wrap,
                trailing_comma,
                inner_indent,
                block_indent,
                double_quotes,
                comment_in_brackets,
                newline,
                parenthesised_value,
            )| Layout {
                gaps,
                wrap,
                trailing_comma,
                inner_indent,
                block_indent,
                double_quotes,
                comment_in_brackets,
                newline,
                parenthesised_value,
            },
        )
}

/// Renders expressions; `indent` is the statement's own indentation.
struct Renderer<'a> {
    program: &'a Program,
    layout: &'a Layout,
    indent: String,
}

impl Renderer<'_> {
    fn quoted(&self, text: &str) -> String {
        if self.layout.double_quotes {
            format!("\"{text}\"")
        } else {
            format!("'{text}'")
        }
    }

    fn expr(&self, expr: &Expr, depth: usize) -> String {
        match expr {
            Expr::Raw(text) => (*text).to_owned(),
            Expr::Host if self.program.via_constant => "HOST".to_owned(),
            Expr::Host => self.quoted(self.program.host),
            Expr::Tuple(items) => {
                let items: Vec<String> = items
                    .iter()
                    .map(|item| self.expr(item, depth + 1))
                    .collect();
                format!("({})", self.elements(&items, depth))
            }
            Expr::Call(callee, arguments) => {
                let arguments: Vec<String> = arguments
                    .iter()
                    .map(|(keyword, value)| {
                        let value = self.expr(value, depth + 1);
                        match keyword {
                            Some(keyword) => format!("{keyword}={value}"),
                            None => value,
                        }
                    })
                    .collect();
                format!("{callee}({})", self.elements(&arguments, depth))
            }
        }
    }

    /// The inside of a bracket pair at `depth`: on one line, or one element per line.
    fn elements(&self, elements: &[String], depth: usize) -> String {
        let wrap = self.layout.wrap[depth % self.layout.wrap.len()];
        if !wrap {
            return elements.join(", ");
        }
        let inner = format!(
            "{}{}",
            self.indent,
            " ".repeat(self.layout.inner_indent * (depth + 1))
        );
        let mut text = String::from("\n");
        for (index, element) in elements.iter().enumerate() {
            let last = index + 1 == elements.len();
            text.push_str(&inner);
            text.push_str(element);
            if !last || self.layout.trailing_comma {
                text.push(',');
            }
            if index == 0 && self.layout.comment_in_brackets {
                text.push_str("  # the address");
            }
            text.push('\n');
        }
        text.push_str(&self.indent);
        text.push_str(&" ".repeat(self.layout.inner_indent * depth));
        text
    }
}

/// The program's source under `layout`, as lines (a wrapped statement is one entry with
/// newlines inside).
fn render_lines(program: &Program, layout: &Layout) -> Vec<String> {
    let sink = &SINKS[program.sink];
    let quote = |text: &str| {
        if layout.double_quotes {
            format!("\"{text}\"")
        } else {
            format!("'{text}'")
        }
    };
    let mut lines: Vec<String> = sink.imports.iter().map(|line| (*line).to_owned()).collect();
    if program.via_constant {
        lines.push(format!("HOST = {}", quote(program.host)));
    }
    let in_function = program.in_function || sink.asynchronous;
    let indent = if in_function {
        let keyword = if sink.asynchronous {
            "async def"
        } else {
            "def"
        };
        lines.push(format!("{keyword} main():"));
        " ".repeat(layout.block_indent)
    } else {
        String::new()
    };
    for line in sink.setup {
        lines.push(format!("{indent}{line}"));
    }
    let renderer = Renderer {
        program,
        layout,
        indent: indent.clone(),
    };
    let call = renderer.expr(&(sink.call)(), 0);
    match sink.prefix.split_once("= ") {
        Some((target, value_prefix)) if layout.parenthesised_value => {
            lines.push(format!("{indent}{target}= ("));
            lines.push(format!("{indent}    {value_prefix}{call}"));
            lines.push(format!("{indent})"));
        }
        _ => lines.push(format!("{indent}{}{call}", sink.prefix)),
    }
    lines
}

/// Joins lines, putting each gap's blank and comment lines between them.
fn render(program: &Program, layout: &Layout) -> String {
    let mut text = String::new();
    for (index, line) in render_lines(program, layout).iter().enumerate() {
        let (blanks, comment) = layout.gaps[index % layout.gaps.len()];
        for _ in 0..blanks {
            text.push('\n');
        }
        if comment {
            text.push_str("# a note between statements\n");
        }
        text.push_str(line);
        text.push('\n');
    }
    text.replace('\n', layout.newline)
}

fn findings_of(text: &str) -> Vec<Finding> {
    analyse("app.py", text.as_bytes(), SourceKind::Module, None).findings
}

/// The findings of `changed` that the diff attribution calls new against `base`.
fn new_findings(base: &[Finding], mut changed: Vec<Finding>) -> Vec<Finding> {
    diff::attribute(&mut changed, &[base]);
    changed
        .into_iter()
        .filter(|finding| finding.status == Some(Status::New))
        .collect()
}

fn unsuppressed(text: &str) -> usize {
    let mut analysed = analyse("app.py", text.as_bytes(), SourceKind::Module, None);
    suppress::apply(
        &mut analysed.findings,
        &analysed.comments,
        SuppressionPolicy::default(),
    );
    analysed
        .findings
        .iter()
        .filter(|finding| finding.suppression.is_none())
        .count()
}

/// Suppression comments in the dialects the tool honours by default.
const SUPPRESSIONS: &[&str] = &[
    "# bindcheck: ignore",
    "# bindcheck: ignore[BND001] -- reviewed",
    "# bindcheck: ignore[BND002,BND003]",
    "# nosec B104",
    "# noqa: S104",
    "# noqa",
];

/// Spells the letters of identifiers (not keywords, not string contents) with their fullwidth
/// forms where `mask` says so. Python reads identifiers NFKC-normalised, so `ｂｉｎｄ` is `bind`
/// and the program means the same.
fn fullwidth_identifiers(text: &str, mask: &[bool]) -> String {
    const KEYWORDS: &[&str] = &[
        "import", "from", "as", "def", "async", "await", "False", "True", "None",
    ];
    let mut out = String::new();
    let mut quote: Option<char> = None;
    let mut word = String::new();
    let mut words = 0usize;
    let mut flush = |word: &mut String, out: &mut String| {
        if word.is_empty() {
            return;
        }
        let starts_identifier = word.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
        let change =
            starts_identifier && !KEYWORDS.contains(&word.as_str()) && mask[words % mask.len()];
        words += 1;
        if change {
            out.extend(word.chars().map(|c| {
                if c.is_ascii_alphabetic() {
                    char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap_or(c)
                } else {
                    c
                }
            }));
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for character in text.chars() {
        match quote {
            Some(open) => {
                out.push(character);
                if character == open {
                    quote = None;
                }
            }
            None if character.is_ascii_alphanumeric() || character == '_' => word.push(character),
            None => {
                flush(&mut word, &mut out);
                if character == '\'' || character == '"' {
                    quote = Some(character);
                }
                if character == '#' {
                    // Comments are left as they are: only identifiers are respelled.
                    quote = Some('\n');
                }
                out.push(character);
            }
        }
    }
    flush(&mut word, &mut out);
    out
}

/// The program as a notebook: its statements in code cells, each cell's source one string
/// (as `nbformat` allows and some writers produce).
fn as_notebook(text: &str, cells: usize) -> Vec<u8> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let size = lines.len().div_ceil(cells.max(1)).max(1);
    let cells: Vec<_> = lines
        .chunks(size)
        .map(|chunk| json!({"cell_type": "code", "metadata": {}, "source": chunk.concat()}))
        .collect();
    let notebook = json!({
        "cells": cells,
        "metadata": {"language_info": {"name": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    });
    serde_json::to_vec(&notebook).unwrap_or_default()
}

/// Pieces of Python, sinks and hosts among them, for token soups.
const TOKENS: &[&str] = &[
    "import socket\n",
    "from flask import Flask\n",
    "s = socket.socket()\n",
    "s.bind((",
    "socket.create_server((",
    "app.run(host=",
    "uvicorn.run(app, host=",
    "HOST = ",
    "HOST",
    "'0.0.0.0'",
    "\"\"",
    "'::'",
    "'127.0.0.1'",
    ", 8080",
    "))",
    ")",
    "(",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "\n",
    "    ",
    "def f(",
    "async def g():\n",
    "await ",
    "lambda x: ",
    "if True:\n",
    "# bindcheck: ignore",
    "# noqa",
    "f'{",
    "'",
    "\"\"\"",
    "\\\n",
    "%magic ",
    "!ls ",
    "*",
    "**",
    "@decorator\n",
    "class C(Flask):\n",
    "global HOST\n",
    "os.environ.get('HOST', '0.0.0.0')",
];

fn token_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..40).prop_map(|tokens| tokens.concat())
}

/// 256 cases a property from a fixed seed, so that `cargo test` (and CI) draws the same cases
/// every run; `PROPTEST_CASES` and `PROPTEST_RNG_SEED` explore further by hand.
/// `program` after a cookie line naming `codec`, a comment and two strings holding its sample
/// characters (the first one, the codec's trickiest, right before a closing quote): the UTF-8
/// version (with a `utf-8` cookie) and the version encoded in the codec, or `None` when the
/// codec cannot write one of the program's characters.
fn encoded_pair(codec: &CodecSample, program: &str) -> Option<(String, Vec<u8>)> {
    let samples: String = codec
        .samples
        .iter()
        .map(|(character, _)| *character)
        .collect();
    let first = codec
        .samples
        .first()
        .map_or(String::new(), |(character, _)| character.to_string());
    let body =
        format!("# a note: {samples}\nLABEL = \"\"\"{first}\"\"\"\nOTHER = '{samples}'\n{program}");
    let utf8 = format!("# -*- coding: utf-8 -*-\n{body}");
    let mut encoded = Vec::new();
    for character in format!("# -*- coding: {} -*-\n{body}", codec.cookie).chars() {
        if let Some((_, bytes)) = codec
            .samples
            .iter()
            .find(|(sample, _)| *sample == character)
        {
            encoded.extend_from_slice(bytes);
        } else if let Some((_, bytes)) = codec
            .overrides
            .iter()
            .find(|(ascii, _)| *ascii == character)
        {
            encoded.extend_from_slice((*bytes)?);
        } else if character.is_ascii() {
            encoded.push(u8::try_from(character).ok()?);
        } else {
            return None;
        }
    }
    Some((utf8, encoded))
}

/// What a finding says and where, for comparing two versions of one file.
fn finding_summary(findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .map(|finding| {
            format!(
                "{:?} {:?} {:?} {:?} {:?} {}",
                finding.rule,
                finding.span,
                finding.host_span,
                finding.host,
                finding.origin,
                finding.message
            )
        })
        .collect()
}

/// Checks the encoded version of `program` in `codec` against its UTF-8 version; `None` when
/// the codec cannot write the program.
fn same_findings_in_codec(codec: &CodecSample, program: &str) -> Option<Result<usize, String>> {
    let (utf8, encoded) = encoded_pair(codec, program)?;
    let expected = analyse("app.py", utf8.as_bytes(), SourceKind::Module, None);
    let actual = analyse("app.py", &encoded, SourceKind::Module, None);
    let describe = || {
        format!(
            "cookie {}: warnings {:?}\n--- UTF-8:\n{utf8}\n--- encoded: {:?}",
            codec.cookie,
            actual.warnings,
            String::from_utf8_lossy(&encoded)
        )
    };
    if actual.undecodable || !actual.warnings.is_empty() && expected.warnings.is_empty() {
        return Some(Err(format!("not decoded cleanly: {}", describe())));
    }
    let (expected, actual) = (
        finding_summary(&expected.findings),
        finding_summary(&actual.findings),
    );
    if expected != actual {
        return Some(Err(format!(
            "findings differ: {expected:#?} vs {actual:#?}\n{}",
            describe()
        )));
    }
    Some(Ok(actual.len()))
}

#[test]
fn every_supported_codec_gives_the_findings_of_utf8() {
    let program = "import socket\ns = socket.socket()\ns.bind(('0.0.0.0', 8080))\n";
    assert!(CODEC_SAMPLES.len() > 80, "{} codecs", CODEC_SAMPLES.len());
    for codec in CODEC_SAMPLES {
        match same_findings_in_codec(codec, program) {
            // Every rule's findings (BND001, and the audit rules BND100 and BND101).
            Some(Ok(count)) => assert!(count > 0, "nothing found under cookie {}", codec.cookie),
            Some(Err(problem)) => panic!("{problem}"),
            None => panic!("cookie {} cannot write the program", codec.cookie),
        }
    }
}

#[test]
fn shift_jis_samples_include_a_trail_backslash() {
    // The fixture the property test is for: `表` is 0x95 0x5C in Shift_JIS.
    let shift_jis = CODEC_SAMPLES
        .iter()
        .find(|codec| codec.cookie == "shift_jis")
        .expect("shift_jis");
    assert_eq!(shift_jis.samples[0], ('表', &b"\x95\x5c"[..]));
}

fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(256);
    let seed = std::env::var("PROPTEST_RNG_SEED")
        .ok()
        .and_then(|seed| seed.parse().ok())
        .unwrap_or(0x00b1_0dc4);
    Config {
        // Minimal failing inputs are printed; turn each into a test in tests/regressions.rs
        // rather than keeping a persistence file.
        failure_persistence: None,
        rng_seed: proptest::test_runner::RngSeed::Fixed(seed),
        ..Config::with_cases(cases)
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn reformatting_never_creates_a_new_finding(
        program in programs(),
        original in layouts(),
        reformatted in layouts(),
    ) {
        let before = render(&program, &original);
        let after = render(&program, &reformatted);
        let base = findings_of(&before);
        let new = new_findings(&base, findings_of(&after));
        prop_assert!(
            new.is_empty(),
            "reformatting created {new:#?}\n--- original:\n{before}--- reformatted:\n{after}"
        );
    }

    #[test]
    fn a_wildcard_literal_is_found_in_every_layout(
        program in programs(),
        layout in layouts(),
    ) {
        let program = Program { host: "0.0.0.0", ..program };
        let text = render(&program, &layout);
        prop_assert!(!findings_of(&text).is_empty(), "nothing found in\n{text}");
    }

    #[test]
    fn adding_a_suppression_never_adds_a_finding(
        program in programs(),
        layout in layouts(),
        comment in prop::sample::select(SUPPRESSIONS),
        line in any::<prop::sample::Index>(),
        own_line in any::<bool>(),
    ) {
        let text = render(&program, &layout);
        let mut lines: Vec<&str> = text.lines().collect();
        let index = line.index(lines.len());
        let appended;
        if own_line {
            lines.insert(index, comment);
        } else {
            appended = format!("{}  {comment}", lines[index]);
            lines[index] = &appended;
        }
        let suppressed = lines.join("\n") + "\n";
        let new = new_findings(&findings_of(&text), findings_of(&suppressed));
        prop_assert!(new.is_empty(), "the comment added {new:#?}\n{suppressed}");
        prop_assert!(
            unsuppressed(&suppressed) <= unsuppressed(&text),
            "the comment added an unsuppressed finding\n--- before:\n{text}--- after:\n{suppressed}"
        );
    }

    #[test]
    fn a_suppression_away_from_the_statement_suppresses_nothing(
        program in programs(),
        layout in layouts_with(&["\n", "\r\n"]),
    ) {
        let program = Program { host: "0.0.0.0", ..program };
        // On line 1, directly above `x = 1`: neither on nor above the listening statement.
        let text = format!(
            "# bindcheck: ignore{newline}x = 1{newline}{}",
            render(&program, &layout),
            newline = layout.newline
        );
        let mut analysed = analyse("app.py", text.as_bytes(), SourceKind::Module, None);
        prop_assert!(!analysed.findings.is_empty());
        suppress::apply(&mut analysed.findings, &analysed.comments, SuppressionPolicy::default());
        let suppressed: Vec<_> = analysed
            .findings
            .iter()
            .filter(|finding| finding.suppression.is_some())
            .collect();
        prop_assert!(suppressed.is_empty(), "suppressed {suppressed:#?}\n{text}");
    }

    #[test]
    fn the_prefilter_never_drops_a_program_with_findings(
        program in programs(),
        layout in layouts(),
    ) {
        let text = render(&program, &layout);
        if !findings_of(&text).is_empty() {
            prop_assert!(may_listen("app.py", text.as_bytes(), SourceKind::Module), "dropped\n{text}");
        }
    }

    #[test]
    fn the_prefilter_never_drops_identifiers_spelled_with_compatibility_characters(
        program in programs(),
        layout in layouts(),
        mask in prop::collection::vec(any::<bool>(), 1..6),
    ) {
        let text = fullwidth_identifiers(&render(&program, &layout), &mask);
        if !findings_of(&text).is_empty() {
            prop_assert!(may_listen("app.py", text.as_bytes(), SourceKind::Module), "dropped\n{text}");
        }
    }

    #[test]
    fn the_prefilter_never_drops_a_notebook_with_findings(
        program in programs(),
        layout in layouts(),
        cells in 1usize..4,
    ) {
        let notebook = as_notebook(&render(&program, &layout), cells);
        let findings = analyse("n.ipynb", &notebook, SourceKind::Notebook, None).findings;
        if !findings.is_empty() {
            prop_assert!(
                may_listen("n.ipynb", &notebook, SourceKind::Notebook),
                "dropped\n{}",
                String::from_utf8_lossy(&notebook)
            );
        }
    }

    #[test]
    fn a_program_encoded_in_any_codec_has_the_findings_of_its_utf8_version(
        program in programs(),
        layout in layouts(),
        codec in 0..CODEC_SAMPLES.len(),
    ) {
        let text = render(&program, &layout);
        if let Some(Err(problem)) = same_findings_in_codec(&CODEC_SAMPLES[codec], &text) {
            prop_assert!(false, "{}", problem);
        }
    }

    #[test]
    fn analysis_never_panics_on_arbitrary_text(text in any::<String>()) {
        for (path, kind) in [
            ("a.py", SourceKind::Module),
            ("a.pyi", SourceKind::Stub),
            ("a.ipynb", SourceKind::Notebook),
        ] {
            let findings = analyse(path, text.as_bytes(), kind, None).findings;
            prop_assert!(findings.is_empty() || may_listen(path, text.as_bytes(), kind));
        }
    }

    #[test]
    fn analysis_never_panics_on_python_token_soup(text in token_soup()) {
        let analysed = analyse("soup.py", text.as_bytes(), SourceKind::Module, None);
        prop_assert!(analysed.findings.is_empty() || may_listen("app.py", text.as_bytes(), SourceKind::Module), "dropped\n{text}");
        let notebook = as_notebook(&text, 2);
        let findings = analyse("soup.ipynb", &notebook, SourceKind::Notebook, None).findings;
        prop_assert!(findings.is_empty() || may_listen("n.ipynb", &notebook, SourceKind::Notebook), "dropped notebook\n{text}");
    }
}
