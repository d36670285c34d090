//! Regression tests for what the fuzz targets in `fuzz/` found, each with the minimised input
//! (see README, "Development"). A new crash becomes a test here before it is fixed.

// Helpers outside `#[test]` functions: a failed expectation is how they report.
#![allow(clippy::expect_used)]

mod common;

use common::Sandbox;
use git_bindcheck::address::{
    Wildcard, classify_endpoint, classify_host, classify_twisted_description,
};
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
