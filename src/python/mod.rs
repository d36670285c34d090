//! Python source analysis: from a file's bytes to located findings and its comments.
//!
//! [`analyse`] decodes the bytes ([`decode`]), parses them with ruff's error-tolerant parser,
//! finds the listening calls ([`analysis`]) and locates them in lines and columns ([`source`]).
//! It knows nothing about git, suppression or output: it is a pure function of one file's
//! content, safe to run on many files at once.

pub mod analysis;
pub mod changes;
pub mod codec;
pub mod command_line;
pub mod decode;
pub mod notebook;
pub mod source;
pub mod values;

use std::panic::AssertUnwindSafe;

use ruff_python_ast::{ModModule, PySourceType};
use ruff_python_parser::{ParseOptions, Parsed, parse_cells_unchecked, parse_unchecked_source};

use crate::finding::{CellIndex, ChainLocation, ElsewhereLocation, Finding};
use crate::project::{Depth, FOREIGN_BASE, ModuleSummary, Project};
use ruff_text_size::{Ranged, TextRange};
use source::{Comment, LineIndex};

/// Which flavour of Python a path holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceKind {
    /// A module or script (`.py`, `.pyw`, or a python shebang).
    Module,
    /// A type stub (`.pyi`).
    Stub,
    /// A Jupyter notebook (`.ipynb`), checked by its code cells.
    Notebook,
}

/// Deepest bracket nesting analysed. CPython itself refuses more than 200 nested parentheses,
/// so a deeper file is not Python; refusing it early keeps the recursive parser off the end of
/// its stack.
pub const MAX_NESTING: usize = 1_000;

/// Decides whether a path is Python by its name, or by a `python` shebang in `head` (the first
/// bytes of the content) for files without a Python extension.
pub fn source_kind(path: &str, head: &[u8]) -> Option<SourceKind> {
    let file_name = path.rsplit('/').next().unwrap_or(path);
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, extension)| extension.to_ascii_lowercase());
    match extension.as_deref() {
        Some("py" | "pyw") => return Some(SourceKind::Module),
        Some("pyi") => return Some(SourceKind::Stub),
        Some("ipynb") => return Some(SourceKind::Notebook),
        _ => {}
    }
    let first_line = head.split(|byte| *byte == b'\n').next().unwrap_or_default();
    let shebang = first_line.strip_prefix(b"#!")?;
    let words: Vec<&[u8]> = shebang
        .split(|byte| byte.is_ascii_whitespace() || *byte == b'/')
        .filter(|word| !word.is_empty())
        .collect();
    // `#!/usr/bin/python3`, `#!/usr/bin/env python3.11`, `#!/usr/bin/env -S python -u`.
    let names_python = words.iter().any(|word| {
        word.starts_with(b"python")
            && word[6..]
                .iter()
                .all(|byte| byte.is_ascii_digit() || *byte == b'.')
    });
    names_python.then_some(SourceKind::Module)
}

/// The result of analysing one file.
#[derive(Debug, Default)]
pub struct AnalysedFile {
    /// The decoded text (reports quote it).
    pub text: String,
    /// Findings of every rule, in source order, with occurrence indexes set; not yet filtered
    /// by rule selection, suppression or status.
    pub findings: Vec<Finding>,
    /// The file's comments, for suppression; collected only when there are findings (without
    /// one, no comment changes the outcome).
    pub comments: Vec<Comment>,
    /// Problems that limited the check, each a sentence (the caller names the file).
    pub warnings: Vec<String>,
    /// For a notebook, the cells its lines belong to.
    pub cells: Option<CellIndex>,
    /// False when nothing could be checked (a notebook that is not JSON, nesting too deep).
    pub checked: bool,
    /// True when the bytes could not be decoded as Python would (see [`decode::Undecodable`]):
    /// nothing was checked, and the file may hide a finding.
    pub undecodable: bool,
}

/// Analyses one file's bytes. `path` is the path findings carry; with a `project`, values and
/// wrappers imported from the repository's other modules are followed there.
pub fn analyse(
    path: &str,
    bytes: &[u8],
    kind: SourceKind,
    project: Option<&Project>,
) -> AnalysedFile {
    let mut warnings = Vec::new();
    let (text, cells) = if kind == SourceKind::Notebook {
        match notebook::extract(bytes) {
            Ok(Some(notebook)) => (notebook.text, Some((notebook.ranges, notebook.cells))),
            Ok(None) => {
                return AnalysedFile {
                    checked: false,
                    ..AnalysedFile::default()
                };
            }
            Err(problem) => {
                warnings.push(format!("{problem}; not checked"));
                return AnalysedFile {
                    warnings,
                    ..AnalysedFile::default()
                };
            }
        }
    } else {
        match decode::decode_source(bytes) {
            Ok(decoded) => {
                warnings.extend(decoded.warning);
                (decoded.text, None)
            }
            Err(undecodable) => {
                warnings.push(format!(
                    "cannot decode: {}; not checked",
                    undecodable.reason
                ));
                return AnalysedFile {
                    warnings,
                    undecodable: true,
                    ..AnalysedFile::default()
                };
            }
        }
    };

    // Brackets nested deeper than any real program would take the recursive parser off the
    // end of its stack: blank those regions out (keeping every offset and line) and check the
    // rest of the file.
    let text = match mask_deep_nesting(&text, MAX_NESTING) {
        Some((masked, lines)) => {
            let lines: Vec<String> = lines.iter().map(u32::to_string).collect();
            warnings.push(format!(
                "brackets nest more than {MAX_NESTING} levels deep (line {}); the code inside them is not checked",
                lines.join(", ")
            ));
            masked
        }
        None => text,
    };

    let (parsed, cells) = match (kind, cells) {
        (SourceKind::Notebook, Some((ranges, cells))) => {
            let options = ParseOptions::from(PySourceType::Ipynb);
            let parsed = parse_guarded(|| parse_cells_unchecked(&text, ranges, &options))
                .or_else(|| {
                    warnings.push(
                        "the parser failed on the notebook's cells (an internal error); checked them as plain Python"
                            .to_owned(),
                    );
                    parse_guarded(|| parse_unchecked_source(&text, PySourceType::Python))
                });
            (parsed, Some(cells))
        }
        (SourceKind::Stub, _) => (
            parse_guarded(|| parse_unchecked_source(&text, PySourceType::Stub)),
            None,
        ),
        _ => (
            parse_guarded(|| parse_unchecked_source(&text, PySourceType::Python)),
            None,
        ),
    };
    let Some(parsed) = parsed else {
        warnings.push("the parser failed (an internal error); not checked".to_owned());
        return AnalysedFile {
            text,
            warnings,
            ..AnalysedFile::default()
        };
    };
    let lines = LineIndex::new(&text);
    if let Some(error) = parsed.errors().first() {
        let position = lines.position(&text, error.location.start());
        let more = parsed.errors().len() - 1;
        let others = match more {
            0 => String::new(),
            1 => " (and 1 more syntax error)".to_owned(),
            more => format!(" (and {more} more syntax errors)"),
        };
        let place = match cells.as_ref().map(|cells| cells.locate(position.line)) {
            Some((Some(cell), line)) => format!("cell {cell}, {line}:{}", position.column),
            _ => format!("{}:{}", position.line, position.column),
        };
        warnings.push(format!(
            "syntax error at {place}: {}{others}; checked what the parser could recover",
            error.error
        ));
    }

    let listeners = analysis::find_listeners(parsed.suite(), &text, path, project);
    if let Some(range) = listeners.too_deep {
        warnings.push(format!(
            "an expression nests more than {} levels deep (line {}); the code inside it is not checked",
            analysis::MAX_VISIT_DEPTH,
            lines.line(range.start())
        ));
    }
    let listeners_were_too_deep = listeners.too_deep.is_some();
    let raw = listeners.findings;
    let mut findings: Vec<Finding> = raw
        .into_iter()
        .map(|raw| {
            let statement = lines.span(&text, raw.statement_range);
            Finding {
                rule: raw.rule,
                path: path.to_owned(),
                span: lines.span(&text, raw.call_range),
                host_span: raw.host_range.map(|range| lines.span(&text, range)),
                statement_lines: (statement.start.line, statement.end.line),
                message: raw.message,
                host: raw.host_text.clone(),
                origin: raw
                    .origin
                    .filter(|range| u32::from(range.start()) < FOREIGN_BASE)
                    .map(|range| lines.span(&text, range)),
                origin_elsewhere: raw
                    .origin
                    .and_then(|range| locate_elsewhere(project?, range)),
                chain: raw
                    .chain
                    .iter()
                    .filter_map(|step| {
                        let (path, span) = if u32::from(step.site.start()) < FOREIGN_BASE {
                            (path.to_owned(), lines.span(&text, step.site))
                        } else {
                            let elsewhere = locate_elsewhere(project?, step.site)?;
                            (elsewhere.path, elsewhere.span)
                        };
                        Some(ChainLocation {
                            callee: step.callee.clone(),
                            path,
                            span,
                        })
                    })
                    .collect(),
                callee: raw.callee,
                host_key: raw.host_text.as_deref().map(source::normalized_value),
                occurrence: 0,
                status: None,
                suppression: None,
                suppression_note: None,
                configuration: raw.configuration,
                cause: None,
            }
        })
        .collect();
    crate::diff::assign_occurrences(&mut findings);
    let comments = if findings.is_empty() {
        Vec::new()
    } else {
        source::comments(&text, parsed.tokens(), &lines)
    };
    // The statement range of a one-line compound header ends at its last expression; make sure
    // the statement covers at least the call's own lines.
    for finding in &mut findings {
        let (first, last) = finding.statement_lines;
        finding.statement_lines = (
            first.min(finding.span.start.line),
            last.max(finding.span.end.line),
        );
    }
    if listeners_were_too_deep {
        // Dropping an expression nested hundreds of thousands of levels deep recurses as deep
        // as it nests: leak this one file's syntax tree instead of overflowing the stack.
        std::mem::forget(parsed);
    }
    AnalysedFile {
        text,
        findings,
        comments,
        warnings,
        cells,
        checked: true,
        undecodable: false,
    }
}

/// A global position (in another module of the project) as a file, a span and its line's text.
fn locate_elsewhere(project: &Project, range: TextRange) -> Option<ElsewhereLocation> {
    let (module, local) = project.locate(range)?;
    let lines = LineIndex::new(&module.text);
    let span = lines.span(&module.text, local);
    let line_text = module
        .text
        .lines()
        .nth(usize::try_from(span.start.line).ok()?.checked_sub(1)?)
        .unwrap_or_default()
        .to_owned();
    Some(ElsewhereLocation {
        path: module.path.clone(),
        span,
        line_text,
    })
}

/// The summary of a module that another module imports (see [`Project::summary`]): decoded,
/// parsed and run like any file, its findings left to its own check. `None` for a file that is
/// not Python text (binary, a notebook) or that the parser fails on.
pub fn summarise_module(
    path: &str,
    bytes: &[u8],
    base: u32,
    depth: Depth,
    project: &Project,
) -> Option<ModuleSummary> {
    if bytes[..bytes.len().min(8000)].contains(&0) {
        return None;
    }
    let decoded = decode::decode_source(bytes).ok()?;
    let text =
        mask_deep_nesting(&decoded.text, MAX_NESTING).map_or(decoded.text, |(masked, _)| masked);
    let parsed = parse_guarded(|| parse_unchecked_source(&text, PySourceType::Python))?;
    let summary = analysis::summarise_module(parsed.suite(), &text, path, base, depth, project);
    Some(summary)
}

/// Runs the parser, turning a panic inside it into `None`, so that one file the parser chokes
/// on becomes a warning instead of ending the run (a panicking analysis thread loses every
/// result of the run). ruff's parser is meant never to panic, but 0.0.10 reaches an
/// `unreachable!` on notebook cells where a line opening with an IPython escape character (`,`
/// here) follows unbalanced brackets: `(,}\n,`, found by the `analyse_source` fuzz target.
fn parse_guarded(parse: impl FnOnce() -> Parsed<ModModule>) -> Option<Parsed<ModModule>> {
    std::panic::catch_unwind(AssertUnwindSafe(parse)).ok()
}

/// Blanks out (with spaces, keeping newlines and every byte offset) the contents of each
/// bracket nested deeper than `limit`. Returns the masked text and the 1-based lines where
/// masking starts, or `None` when nothing nests that deep.
pub fn mask_deep_nesting(text: &str, limit: usize) -> Option<(String, Vec<u32>)> {
    let bytes = text.as_bytes();
    if deepest_nesting(bytes) <= limit {
        return None;
    }
    let mut depth: usize = 0;
    let mut regions: Vec<(usize, usize)> = Vec::new();
    let mut open_region: Option<usize> = None;
    // Brackets count everywhere, in strings and comments too: f-strings hold code, and a
    // scanner that tracks quotes can be fooled into skipping real brackets. A string with a
    // thousand nested brackets is no loss.
    for (index, byte) in bytes.iter().enumerate() {
        match byte {
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth == limit + 1 && open_region.is_none() {
                    open_region = Some(index + 1);
                }
            }
            b')' | b']' | b'}' => {
                if depth == limit + 1
                    && let Some(start) = open_region.take()
                {
                    regions.push((start, index));
                }
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
    }
    if let Some(start) = open_region {
        regions.push((start, bytes.len()));
    }
    if regions.is_empty() {
        return None;
    }
    let mut masked = bytes.to_vec();
    let mut lines = Vec::new();
    for (start, end) in regions {
        let line = bytes[..start].iter().filter(|byte| **byte == b'\n').count() + 1;
        lines.push(u32::try_from(line).unwrap_or(u32::MAX));
        for byte in &mut masked[start..end] {
            if *byte != b'\n' {
                *byte = b' ';
            }
        }
    }
    // Only ASCII was replaced, and only inside the text: multi-byte characters inside a
    // region became spaces whole, so the result is still UTF-8.
    let masked = String::from_utf8(masked)
        .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned());
    Some((masked, lines))
}

/// How deep brackets nest at most in `bytes` (closing brackets never take it below zero),
/// counted without branches: every real file is measured, and almost none nests deeply.
fn deepest_nesting(bytes: &[u8]) -> usize {
    const STEP: [i32; 256] = {
        let mut step = [0; 256];
        step[b'(' as usize] = 1;
        step[b'[' as usize] = 1;
        step[b'{' as usize] = 1;
        step[b')' as usize] = -1;
        step[b']' as usize] = -1;
        step[b'}' as usize] = -1;
        step
    };
    let mut depth: i32 = 0;
    let mut deepest: i32 = 0;
    for &byte in bytes {
        depth = (depth + STEP[usize::from(byte)]).max(0);
        deepest = deepest.max(depth);
    }
    usize::try_from(deepest).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How many BND001 findings there are (the opt-in audit rules report the same calls).
    fn listeners(findings: &[Finding]) -> usize {
        findings
            .iter()
            .filter(|finding| finding.rule == crate::rules::Rule::BindAllInterfaces)
            .count()
    }

    #[test]
    fn python_paths_by_extension_and_shebang() {
        assert_eq!(source_kind("a/b.py", b""), Some(SourceKind::Module));
        assert_eq!(source_kind("a/b.PYW", b""), Some(SourceKind::Module));
        assert_eq!(source_kind("b.pyi", b""), Some(SourceKind::Stub));
        assert_eq!(
            source_kind("explore.ipynb", b""),
            Some(SourceKind::Notebook)
        );
        assert_eq!(
            source_kind("bin/serve", b"#!/usr/bin/env python3\n"),
            Some(SourceKind::Module)
        );
        assert_eq!(
            source_kind("bin/serve", b"#!/usr/bin/python3.11 -u\n"),
            Some(SourceKind::Module)
        );
        assert_eq!(source_kind("bin/serve", b"#!/bin/sh\n"), None);
        assert_eq!(
            source_kind("bin/serve", b"#!/usr/bin/env pythonista\n"),
            None
        );
        assert_eq!(source_kind("README.md", b"python"), None);
    }

    #[test]
    fn notebook_findings_are_located_in_the_joined_cells() {
        let notebook = r#"{"cells": [
            {"cell_type": "code", "source": ["import socket\n", "%matplotlib inline\n"]},
            {"cell_type": "markdown", "source": ["socket.create_server(('', 1))"]},
            {"cell_type": "code", "source": ["socket.create_server(('', 1))  # listen\n"]}
        ], "metadata": {}}"#;
        let analysed = analyse("n.ipynb", notebook.as_bytes(), SourceKind::Notebook, None);
        assert!(analysed.warnings.is_empty(), "{:?}", analysed.warnings);
        let cells = analysed.cells.expect("a cell index");
        let binds: Vec<_> = analysed
            .findings
            .iter()
            .filter(|finding| finding.rule == crate::rules::Rule::BindAllInterfaces)
            .collect();
        assert_eq!(binds.len(), 1);
        assert_eq!(cells.locate(binds[0].span.start.line), (Some(3), 1));
        assert_eq!(analysed.comments.len(), 1);
    }

    #[test]
    fn broken_notebooks_warn_and_are_not_checked() {
        let analysed = analyse("n.ipynb", b"{not json", SourceKind::Notebook, None);
        assert!(!analysed.checked);
        assert!(analysed.warnings[0].contains("notebook JSON"));
    }

    #[test]
    fn notebook_cells_the_parser_panics_on_are_checked_as_plain_python() {
        // Minimised by the `analyse_source` fuzz target: ruff_python_parser 0.0.10 panics
        // (`unreachable!`) on this cell in IPython mode, which took the whole run down, or with
        // one file made it report nothing at all.
        let notebook = r#"{"cells": [
            {"cell_type": "code", "source": "import socket\nsocket.create_server(('', 1))\n"},
            {"cell_type": "code", "source": "(,}\n,"}
        ], "metadata": {}}"#;
        let analysed = analyse("n.ipynb", notebook.as_bytes(), SourceKind::Notebook, None);
        assert!(analysed.checked);
        assert!(
            analysed.warnings[0].contains("checked them as plain Python"),
            "{:?}",
            analysed.warnings
        );
        assert!(
            analysed
                .findings
                .iter()
                .any(|finding| finding.rule == crate::rules::Rule::BindAllInterfaces)
        );
    }

    #[test]
    fn masking_ignores_strings_and_comments_and_keeps_offsets() {
        assert_eq!(deepest_nesting(b"f(g([1]))"), 3);
        assert_eq!(
            deepest_nesting(b")))](("),
            2,
            "closing brackets never go below zero"
        );
        assert_eq!(
            deepest_nesting(b"x = '('"),
            1,
            "brackets count in strings too"
        );
        assert!(mask_deep_nesting("f(g([1]))", 3).is_none());
        assert!(
            mask_deep_nesting("x = f'{[[[1]]]}'", 2).is_some(),
            "f-strings hold code"
        );
        let (masked, lines) = mask_deep_nesting("a = 1\nx = ((( é\n)))\n", 2).expect("deep");
        assert_eq!(masked.len(), "a = 1\nx = ((( é\n)))\n".len());
        // The space and the two bytes of `é` become three spaces; the newline stays.
        assert_eq!(masked, "a = 1\nx = (((   \n)))\n");
        assert_eq!(lines, vec![2]);
    }

    #[test]
    fn absurd_nesting_is_masked_and_the_rest_is_checked() {
        let text = format!(
            "import socket\nx = {}1{}\nsocket.create_server(('', 1))\n",
            "(".repeat(300_000),
            ")".repeat(300_000)
        );
        let analysed = analyse("deep.py", text.as_bytes(), SourceKind::Module, None);
        assert!(
            analysed.warnings[0].contains("nest"),
            "{:?}",
            analysed.warnings
        );
        assert!(
            analysed.warnings[0].contains("line 2"),
            "{:?}",
            analysed.warnings
        );
        let listeners = listeners(analysed.findings.as_slice());
        assert_eq!(listeners, 1);
    }

    #[test]
    fn syntax_errors_warn_and_recovered_code_is_checked() {
        let source =
            "import socket\ndef broken(:\n    pass\ns = socket.socket()\ns.bind(('0.0.0.0', 80))\n";
        let analysed = analyse("broken.py", source.as_bytes(), SourceKind::Module, None);
        assert!(
            analysed.warnings[0].starts_with("syntax error at 2:"),
            "{:?}",
            analysed.warnings
        );
        let binds = listeners(analysed.findings.as_slice());
        assert_eq!(binds, 1);
    }

    #[test]
    fn option_defaults_count_with_or_without_the_collection_pass() {
        let source = "import argparse\nfrom flask import Flask\napp = Flask(__name__)\nparser = argparse.ArgumentParser()\nparser.add_argument('--host', default='0.0.0.0')\napp.run(host=parser.parse_args().host)\n";
        let rules = |text: &str| -> Vec<crate::rules::Rule> {
            analyse("serve.py", text.as_bytes(), SourceKind::Module, None)
                .findings
                .iter()
                .map(|finding| finding.rule)
                .collect()
        };
        let expected = rules(source);
        assert!(expected.contains(&crate::rules::Rule::ConfigurableAllInterfaces));
        // The method's name written in fullwidth letters is `add_argument` to Python: the
        // first pass runs for any text that is not ASCII.
        let fullwidth = source.replace("add_argument", "ａｄｄ_argument");
        assert_eq!(rules(&fullwidth), expected);
        // Without classes or options the first pass is skipped, and nothing is lost.
        let plain = "import socket\nsocket.create_server(('', 80))\n";
        let analysed = analyse("serve.py", plain.as_bytes(), SourceKind::Module, None);
        assert_eq!(listeners(&analysed.findings), 1);
    }
}
