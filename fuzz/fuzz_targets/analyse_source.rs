//! Arbitrary bytes through the whole per-file analysis, as a module, as a stub and as a
//! notebook (the raw bytes, and the text wrapped into a notebook's code cells), then through
//! suppression.
//!
//! Beyond "never panics", it checks what the rest of the pipeline relies on: findings point
//! inside the text, occurrences number equal keys from 0, and the textual pre-filter is sound
//! (whenever the analysis finds anything in some bytes, `may_listen` lets those bytes through).
//!
//! A panic inside ruff's parser is contained by `analyse` (it becomes a warning), but
//! libFuzzer's panic hook would abort before the unwinding reaches that containment; the hook
//! installed here lets panics located in `ruff_python_parser` unwind (printing each distinct
//! location once, so the log says what the parser did) and aborts on every other panic.

#![no_main]

use git_bindcheck::finding::Finding;
use git_bindcheck::python::{AnalysedFile, SourceKind, analyse};
use git_bindcheck::rules::prefilter::may_listen;
use git_bindcheck::suppress::{self, SuppressionPolicy};
use libfuzzer_sys::fuzz_target;
use serde_json::json;
use std::collections::BTreeSet;
use std::sync::{Mutex, Once};

fuzz_target!(|data: &[u8]| {
    static HOOK: Once = Once::new();
    HOOK.call_once(let_parser_panics_unwind);
    check("fuzz.py", data, SourceKind::Module);
    check("fuzz.pyi", data, SourceKind::Stub);
    check("fuzz.ipynb", data, SourceKind::Notebook);
    if let Ok(text) = std::str::from_utf8(data) {
        // `\x01` separates cells; the first byte's parity picks how cell sources are stored
        // (one string, or a list of lines), since notebooks in the wild use both.
        let as_lines = data.first().is_some_and(|byte| byte % 2 == 1);
        let cells: Vec<_> = text
            .split('\u{1}')
            .map(|cell| {
                let source = if as_lines {
                    json!(cell.split_inclusive('\n').collect::<Vec<_>>())
                } else {
                    json!(cell)
                };
                json!({"cell_type": "code", "metadata": {}, "source": source})
            })
            .collect();
        let notebook = json!({
            "cells": cells,
            "metadata": {"language_info": {"name": "python"}},
            "nbformat": 4,
            "nbformat_minor": 5,
        });
        if let Ok(bytes) = serde_json::to_vec(&notebook) {
            check("fuzz.ipynb", &bytes, SourceKind::Notebook);
        }
    }
});

fn check(path: &str, bytes: &[u8], kind: SourceKind) {
    let mut analysed = analyse(path, bytes, kind, None);
    if !analysed.findings.is_empty() {
        assert!(
            may_listen(path, bytes, kind),
            "the pre-filter drops {kind:?} bytes with findings: {:?}",
            analysed.findings
        );
    }
    check_findings(&analysed);
    let _ = suppress::skips_file(&analysed.comments);
    for policy in [
        SuppressionPolicy::default(),
        SuppressionPolicy {
            require_reason: true,
            compat_suppressions: false,
        },
    ] {
        suppress::apply(&mut analysed.findings, &analysed.comments, policy);
    }
}

fn check_findings(analysed: &AnalysedFile) {
    let lines = u32::try_from(analysed.text.split('\n').count()).unwrap_or(u32::MAX);
    for finding in &analysed.findings {
        assert!(
            !finding.path.is_empty(),
            "finding without a path: {finding:?}"
        );
        let span = finding.span;
        assert!(span.start <= span.end, "span runs backwards: {finding:?}");
        assert!(
            span.start.line >= 1 && span.end.line <= lines,
            "span outside the {lines} lines of the text: {finding:?}"
        );
        let (first, last) = finding.statement_lines;
        assert!(
            first <= span.start.line && span.end.line <= last,
            "statement lines do not cover the call: {finding:?}"
        );
        assert!(!finding.callee.is_empty(), "empty callee in the key: {finding:?}");
        let earlier = earlier_with_same_key(&analysed.findings, finding);
        assert_eq!(
            finding.occurrence, earlier,
            "occurrence index is not the count of earlier equal keys: {finding:?}"
        );
    }
}

fn earlier_with_same_key(findings: &[Finding], finding: &Finding) -> u32 {
    let position = findings
        .iter()
        .position(|other| std::ptr::eq(other, finding))
        .unwrap_or(0);
    let count = findings[..position]
        .iter()
        .filter(|other| other.exposure_key() == finding.exposure_key())
        .count();
    u32::try_from(count).unwrap_or(u32::MAX)
}

/// Wraps the current (libFuzzer's aborting) panic hook: a panic located in ruff's parser is let
/// through to `analyse`'s containment, every other panic still aborts.
fn let_parser_panics_unwind() {
    static SEEN: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());
    let aborting = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let location = info
            .location()
            .map(|location| format!("{}:{}", location.file(), location.line()))
            .unwrap_or_default();
        if !location.contains("ruff_python_parser") {
            aborting(info);
            return;
        }
        if let Ok(mut seen) = SEEN.lock()
            && seen.insert(location.clone())
        {
            eprintln!("contained parser panic at {location}: {info}");
        }
    }));
}
