//! Hardening: a gate that crashes, hangs or silently passes is worse than none.
//!
//! Four families of tests, all against the built binary in real temporary repositories (the
//! `common` harness):
//! - hostile files (deep nesting in many shapes, a 30 MB file, 20,000 findings, random bytes,
//!   NUL bytes, bad encodings, broken notebooks), each next to a file with a genuine finding
//!   and run through both `scan` and the staged mode: no crash, no hang, a warning naming the
//!   file where it could not be fully checked, the other finding still reported;
//! - broken repositories (missing and corrupt objects, split and sparse indexes, detached
//!   `HEAD`, bare repositories, worktrees, `core.hooksPath`, odd working directories): the right
//!   answer, or exit 2 with a message that says what to do, never a pass that checked nothing;
//! - the read-only guarantee: every mode leaves every byte, mode and timestamp of the
//!   repository, its work tree and its remote as it found them; `install` writes only its hook;
//! - concurrency: two checks at once in one repository both give the right answer.
//!
//! Hostile inputs are generated here, never committed. Every run of the binary goes through
//! [`run_bounded`]: a deadline after which the process is killed and the test fails, and an
//! exit status that must be 0, 1 or 2 (a signal, such as a stack overflow's abort, fails).

// Helpers outside `#[test]` functions report failures by panicking.
#![allow(clippy::expect_used)]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use common::{BINARY, Sandbox, TestRepo};
use serde_json::Value;

/// A genuine finding that must be reported whatever its neighbours hold (BND001, line 4).
const OTHER: &str = "import socket\n\ns = socket.socket()\ns.bind((\"0.0.0.0\", 8080))\n";
/// A listener on all interfaces on line 3, put at the top of hostile files so that the
/// pre-filter lets them through to the parser and the analysis, and so that a fully checked
/// hostile file has a finding of its own to show for it.
const OWN_LISTENER: &str = "import socket\ns = socket.socket()\ns.bind((\"0.0.0.0\", 1))\n";
/// The same listener on loopback.
const CLEAN: &str = "import socket\n\ns = socket.socket()\ns.bind((\"127.0.0.1\", 8080))\n";

/// How long an ordinary run may take (debug build, two cores shared with other tests).
const LIMIT: Duration = Duration::from_secs(20);

// ---------------------------------------------------------------------------------------------
// Running the binary with a deadline.

/// The outcome of one bounded run.
struct Finished {
    what: String,
    code: Option<i32>,
    signal: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

/// Runs `command` with `input` on standard input (or none), killing it and failing the test
/// when it outlives `limit`. Standard output and error are drained on threads, so a large
/// report cannot block the child on a full pipe.
fn run_bounded(mut command: Command, input: Option<Vec<u8>>, limit: Duration) -> Finished {
    let what = std::iter::once(command.get_program())
        .chain(command.get_args())
        .map(|part| part.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    command
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = command.spawn().expect("start the process");
    let writer = input.map(|input| {
        let mut stdin = child.stdin.take().expect("stdin is piped");
        // A child that exits without reading is not this helper's failure.
        std::thread::spawn(move || {
            let _ = stdin.write_all(&input);
        })
    });
    let drain = |mut stream: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = stream.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("stdout is piped")));
    let stderr = drain(Box::new(child.stderr.take().expect("stderr is piped")));
    let status = loop {
        if let Some(status) = child.try_wait().expect("poll the process") {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            let stderr = stderr.join().unwrap_or_default();
            panic!(
                "{what} did not finish within {limit:?} and was killed\n--- stderr (tail) ---\n{}",
                tail(&stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let elapsed = started.elapsed();
    if let Some(writer) = writer {
        let _ = writer.join();
    }
    Finished {
        what,
        code: status.code(),
        signal: signal_of(&status),
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
        elapsed,
    }
}

#[cfg(unix)]
fn signal_of(status: &std::process::ExitStatus) -> Option<i32> {
    use std::os::unix::process::ExitStatusExt;
    status.signal()
}

#[cfg(not(unix))]
fn signal_of(_status: &std::process::ExitStatus) -> Option<i32> {
    None
}

/// The last few thousand characters of a long text, for failure messages.
fn tail(text: &str) -> &str {
    let start = text.len().saturating_sub(4_000);
    let start = (start..=text.len())
        .find(|index| text.is_char_boundary(*index))
        .unwrap_or(text.len());
    &text[start..]
}

impl Finished {
    /// Both streams (their tails), the status and the time taken, for assertion messages.
    fn describe(&self) -> String {
        format!(
            "{}\nexit code {:?}, signal {:?}, {:.1?}\n--- stdout (tail) ---\n{}\n--- stderr (tail) ---\n{}",
            self.what,
            self.code,
            self.signal,
            self.elapsed,
            tail(&self.stdout),
            tail(&self.stderr)
        )
    }

    /// Exited by itself with 0, 1 or 2: no signal, no panic, no abort.
    #[track_caller]
    fn assert_survived(&self) -> &Finished {
        assert!(
            matches!(self.code, Some(0..=2)) && self.signal.is_none(),
            "crashed\n{}",
            self.describe()
        );
        for sign in ["panicked", "overflowed its stack", "fatal runtime error"] {
            assert!(!self.stderr.contains(sign), "{sign}\n{}", self.describe());
        }
        self
    }

    #[track_caller]
    fn assert_code(&self, expected: i32) -> &Finished {
        self.assert_survived();
        assert_eq!(self.code, Some(expected), "{}", self.describe());
        self
    }

    #[track_caller]
    fn assert_stderr_contains(&self, needle: &str) -> &Finished {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}\n{}",
            self.describe()
        );
        self
    }

    /// An error run: exit 2, one `git-bindcheck: error:` message, nothing on stdout.
    #[track_caller]
    fn assert_error(&self) -> &Finished {
        self.assert_code(2);
        assert!(
            self.stderr.starts_with("git-bindcheck: error:"),
            "{}",
            self.describe()
        );
        assert!(self.stdout.is_empty(), "{}", self.describe());
        self
    }

    #[track_caller]
    fn assert_faster_than(&self, limit: Duration) -> &Finished {
        assert!(
            self.elapsed < limit,
            "took {:.1?} (limit {limit:?})\n{}",
            self.elapsed,
            self.describe()
        );
        self
    }

    /// The findings of a `--format json` run.
    #[track_caller]
    fn findings(&self) -> Vec<Value> {
        let document: Value = serde_json::from_str(&self.stdout)
            .unwrap_or_else(|error| panic!("stdout is not JSON ({error})\n{}", self.describe()));
        document["findings"]
            .as_array()
            .unwrap_or_else(|| panic!("no findings array\n{}", self.describe()))
            .clone()
    }

    /// How many findings each path has, in a `--format json` run.
    #[track_caller]
    fn findings_per_path(&self) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for finding in self.findings() {
            let path = finding["path"].as_str().expect("a path").to_owned();
            *counts.entry(path).or_insert(0) += 1;
        }
        counts
    }

    /// True when a `git-bindcheck: warning:` line names `path`.
    fn warns_about(&self, path: &str) -> bool {
        let prefix = format!("git-bindcheck: warning: {path}");
        self.stderr.lines().any(|line| line.starts_with(&prefix))
    }
}

/// Runs the binary in `cwd` with the sandbox's isolated environment.
fn bindcheck(sandbox: &Sandbox, cwd: &Path, args: &[&str]) -> Finished {
    let mut command = sandbox.command(BINARY, cwd);
    command.args(args);
    run_bounded(command, None, LIMIT)
}

/// Runs the binary in `cwd` with `input` on standard input.
fn bindcheck_with_stdin(sandbox: &Sandbox, cwd: &Path, args: &[&str], input: &str) -> Finished {
    let mut command = sandbox.command(BINARY, cwd);
    command.args(args);
    run_bounded(command, Some(input.as_bytes().to_vec()), LIMIT)
}

/// Runs the binary at the top of the work tree.
fn check(repo: &TestRepo, args: &[&str]) -> Finished {
    bindcheck(repo.sandbox(), repo.root(), args)
}

// ---------------------------------------------------------------------------------------------
// 1. Hostile files.

/// What must become of a hostile file, besides the run surviving and the other file's
/// finding being reported.
#[derive(Clone, Copy, Debug)]
enum Expect {
    /// Checked (its own listener reported) or, where it could not be fully checked, a warning
    /// naming it. Only a silent pass fails.
    CheckedOrWarned,
    /// Its own listener reported, `count` findings in all; a warning is allowed.
    Checked { count: usize },
    /// Nothing can be checked in it: a warning naming it.
    Warned,
    /// Skipped as a file that could hide a finding (over the size limit): a warning naming
    /// it, and exit 2 although the other file's finding is reported.
    SkippedCouldHide,
    /// Partly undecodable: a warning naming it, and what was recovered still checked (its own
    /// listener reported).
    WarnedAndChecked,
    /// Not decodable as Python would (unknown or refused codec): a warning naming it, nothing
    /// of it checked, and the run ends in exit 2 because it may hide a finding.
    Undecodable,
}

/// A hostile file at `path` next to `other.py`, checked in a real repository through the
/// staged mode and through `scan .`, each within `limit`.
fn survive_hostile_file(path: &str, content: Vec<u8>, expect: Expect, limit: Duration) {
    survive_hostile_file_with(path, content, expect, limit, &[]);
}

/// [`survive_hostile_file`] with extra options for both modes.
fn survive_hostile_file_with(
    path: &str,
    content: Vec<u8>,
    expect: Expect,
    limit: Duration,
    options: &[&str],
) {
    let repo = TestRepo::new();
    repo.write("other.py", OTHER).write(path, content);
    repo.add(&["other.py", path]);
    let modes: [&[&str]; 2] = [
        &["staged", "--format", "json"],
        &["scan", ".", "--format", "json"],
    ];
    for args in modes {
        let mut command = repo.sandbox().command(BINARY, repo.root());
        command.args(args).args(options);
        let run = run_bounded(command, None, limit);
        let code = match expect {
            Expect::SkippedCouldHide | Expect::Undecodable => 2,
            _ => 1,
        };
        run.assert_code(code).assert_faster_than(limit);
        let counts = run.findings_per_path();
        assert_eq!(
            counts.get("other.py"),
            Some(&1),
            "the other file's finding is lost\n{}",
            run.describe()
        );
        let own = counts.get(path).copied().unwrap_or(0);
        let warned = run.warns_about(path);
        let describe = || format!("{path} ({expect:?}): {own} findings\n{}", run.describe());
        match expect {
            Expect::CheckedOrWarned => {
                assert!(own >= 1 || warned, "silently passed: {}", describe());
            }
            Expect::Checked { count } => assert_eq!(own, count, "{}", describe()),
            Expect::Warned | Expect::SkippedCouldHide => {
                assert!(warned, "no warning names it: {}", describe());
            }
            Expect::WarnedAndChecked => {
                assert!(warned, "no warning names it: {}", describe());
                assert_eq!(own, 1, "recovered code not checked: {}", describe());
            }
            Expect::Undecodable => {
                assert!(warned, "no warning names it: {}", describe());
                assert_eq!(own, 0, "garbage was checked: {}", describe());
                assert!(
                    run.stderr.contains("could not be decoded"),
                    "no error says why the run fails: {}",
                    describe()
                );
            }
        }
    }
}

/// A hostile Python file: the own listener, then `body`.
fn python(body: &str) -> Vec<u8> {
    format!("{OWN_LISTENER}{body}").into_bytes()
}

/// `x = <open × depth>1<close × depth>`.
fn nested(open: &str, close: &str, depth: usize) -> String {
    format!("x = {}1{}\n", open.repeat(depth), close.repeat(depth))
}

/// Deterministic pseudo-random bytes (xorshift), so a failure reproduces.
fn random_bytes(length: usize, mut state: u64, avoid_nul: bool) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(length);
    while bytes.len() < length {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        for byte in state.to_le_bytes() {
            if !(avoid_nul && byte == 0) && bytes.len() < length {
                bytes.push(byte);
            }
        }
    }
    bytes
}

// Deep nesting, shape by shape. Brackets beyond a limit may be refused with a warning;
// everything else must be analysed or refused, never crash the process.

#[test]
fn deep_parentheses_300k() {
    let content = python(&nested("(", ")", 300_000));
    survive_hostile_file("deep/parens.py", content, Expect::CheckedOrWarned, LIMIT);
}

#[test]
fn deep_square_brackets_300k() {
    let content = python(&nested("[", "]", 300_000));
    survive_hostile_file("deep/lists.py", content, Expect::CheckedOrWarned, LIMIT);
}

#[test]
fn deep_braces_300k() {
    let content = python(&nested("{", "}", 300_000));
    survive_hostile_file("deep/sets.py", content, Expect::CheckedOrWarned, LIMIT);
}

#[test]
fn deep_not_100k() {
    let content = python(&format!("x = {}y\n", "not ".repeat(100_000)));
    survive_hostile_file("deep/not.py", content, Expect::CheckedOrWarned, LIMIT);
}

#[test]
fn deep_unary_minus_100k() {
    let content = python(&format!("x = {}1\n", "- ".repeat(100_000)));
    survive_hostile_file("deep/minus.py", content, Expect::CheckedOrWarned, LIMIT);
}

#[test]
fn deep_attribute_chain_100k() {
    let content = python(&format!("x = a{}\n", ".b".repeat(100_000)));
    survive_hostile_file(
        "deep/attributes.py",
        content,
        Expect::CheckedOrWarned,
        LIMIT,
    );
}

#[test]
fn deep_addition_chain_300k() {
    let terms = vec!["1"; 300_000].join(" + ");
    let content = python(&format!("x = {terms}\n"));
    survive_hostile_file("deep/sum.py", content, Expect::CheckedOrWarned, LIMIT);
}

#[test]
fn deep_addition_chain_100k() {
    let terms = vec!["1"; 100_000].join(" + ");
    let content = python(&format!("x = {terms}\n"));
    survive_hostile_file("deep/sum.py", content, Expect::CheckedOrWarned, LIMIT);
}

#[test]
fn deep_conditional_expressions_50k() {
    let content = python(&format!("x = {}z\n", "x if y else ".repeat(50_000)));
    survive_hostile_file("deep/ternary.py", content, Expect::CheckedOrWarned, LIMIT);
}

#[test]
fn deep_lambdas_50k() {
    let content = python(&format!("x = {}1\n", "lambda: ".repeat(50_000)));
    survive_hostile_file("deep/lambdas.py", content, Expect::CheckedOrWarned, LIMIT);
}

#[test]
fn deep_awaits_100k() {
    let content = python(&format!(
        "async def f():\n    x = {}y\n",
        "await ".repeat(100_000)
    ));
    survive_hostile_file("deep/awaits.py", content, Expect::CheckedOrWarned, LIMIT);
}

#[test]
fn deep_indentation_5000_blocks() {
    let mut body = String::new();
    for depth in 0..5_000 {
        body.push_str(&" ".repeat(depth));
        body.push_str("if True:\n");
    }
    body.push_str(&" ".repeat(5_000));
    body.push_str("pass\n");
    // The indentation alone makes the file 12.5 MB, over the default size limit: skipped, and
    // exit 2 since it could hide a finding. With the limit raised the nesting is checked.
    survive_hostile_file(
        "deep/blocks.py",
        python(&body),
        Expect::SkippedCouldHide,
        LIMIT,
    );
    survive_hostile_file_with(
        "deep/blocks.py",
        python(&body),
        Expect::CheckedOrWarned,
        LIMIT,
        &["--max-file-size", "64MiB"],
    );
}

#[test]
fn deep_subscript_chain_300k() {
    let content = python(&format!("x = a{}\n", "[0]".repeat(300_000)));
    survive_hostile_file(
        "deep/subscripts.py",
        content,
        Expect::CheckedOrWarned,
        LIMIT,
    );
}

#[test]
fn deep_power_chain_300k() {
    let factors = vec!["2"; 300_000].join("**");
    let content = python(&format!("x = {factors}\n"));
    survive_hostile_file("deep/power.py", content, Expect::CheckedOrWarned, LIMIT);
}

#[test]
fn deep_brackets_inside_an_f_string_300k() {
    let content = python(&format!(
        "x = f\"{{{}1{}}}\"\n",
        "[".repeat(300_000),
        "]".repeat(300_000)
    ));
    survive_hostile_file("deep/fstring.py", content, Expect::CheckedOrWarned, LIMIT);
}

#[test]
fn deep_brackets_after_a_closing_triple_quote_300k() {
    let content = python(&format!(
        "x = \"\"\"\n\"\"\" + {}1{}\n",
        "[".repeat(300_000),
        "]".repeat(300_000)
    ));
    survive_hostile_file("deep/triple.py", content, Expect::CheckedOrWarned, LIMIT);
}

#[test]
fn long_call_chain_20k() {
    let content = python(&format!("x = f{}\n", "()".repeat(20_000)));
    survive_hostile_file("deep/calls.py", content, Expect::CheckedOrWarned, LIMIT);
}

// Size.

#[test]
fn thirty_megabyte_file_with_listener_at_the_end() {
    // Ordinary generated code (a module of message constants), 30 MB, and the one listener
    // on its last line. Over the default size limit (10 MiB) it is skipped with a warning
    // naming it, and the run exits 2 (the skipped file could hide a finding: this one does);
    // with the limit raised it is checked to its end.
    let mut content = String::from("import socket\ns = socket.socket()\n");
    let filler = "lorem ipsum dolor sit amet ".repeat(36);
    let mut index = 0;
    while content.len() < 30 * 1024 * 1024 {
        content.push_str(&format!("MESSAGE_{index} = \"{filler}\"\n"));
        index += 1;
    }
    content.push_str("s.bind((\"0.0.0.0\", 9999))\n");
    survive_hostile_file(
        "big/messages.py",
        content.clone().into_bytes(),
        Expect::SkippedCouldHide,
        Duration::from_secs(60),
    );
    survive_hostile_file_with(
        "big/messages.py",
        content.into_bytes(),
        Expect::Checked { count: 1 },
        Duration::from_secs(60),
        &["--max-file-size", "64MiB"],
    );
}

#[test]
fn twenty_thousand_findings_in_one_file() {
    let mut content = String::from("import socket\ns = socket.socket()\n");
    for port in 0..20_000 {
        content.push_str(&format!("s.bind((\"0.0.0.0\", {port}))\n"));
    }
    survive_hostile_file(
        "big/many.py",
        content.into_bytes(),
        Expect::Checked { count: 20_000 },
        LIMIT,
    );
}

// Bytes that are not Python.

#[test]
fn random_bytes_named_py() {
    let content = random_bytes(200_000, 0x9E37_79B9_7F4A_7C15, false);
    survive_hostile_file("noise/random.py", content, Expect::Warned, LIMIT);
}

#[test]
fn random_bytes_without_nul_after_a_listener() {
    let mut content = OWN_LISTENER.as_bytes().to_vec();
    content.extend(random_bytes(200_000, 0x2545_F491_4F6C_DD1D, true));
    survive_hostile_file("noise/garbled.py", content, Expect::WarnedAndChecked, LIMIT);
}

#[test]
fn nul_byte_in_the_middle_of_valid_code() {
    let content = python("x = 1\0\ny = 2\n");
    survive_hostile_file("noise/nul.py", content, Expect::CheckedOrWarned, LIMIT);
}

#[test]
fn nul_byte_after_the_first_8_kilobytes() {
    // Git's binary heuristic looks at the first 8000 bytes only.
    let padding: String = (0..2_000).map(|index| format!("v{index} = 0\n")).collect();
    let content = python(&format!("{padding}x = 1\0\n"));
    survive_hostile_file("noise/late_nul.py", content, Expect::CheckedOrWarned, LIMIT);
}

#[test]
fn invalid_utf8_without_a_coding_cookie() {
    let mut content = OWN_LISTENER.as_bytes().to_vec();
    content.extend_from_slice(b"NAME = \"\xff\xfe\xc3(\"\n");
    survive_hostile_file(
        "encoding/invalid.py",
        content,
        Expect::WarnedAndChecked,
        LIMIT,
    );
}

#[test]
fn unknown_coding_cookie_is_undecodable_not_checked_as_garbage() {
    let mut content = b"# -*- coding: klingon -*-\n".to_vec();
    content.extend(python("NAME = \"café\"\n"));
    survive_hostile_file("encoding/klingon.py", content, Expect::Undecodable, LIMIT);
}

#[test]
fn coding_cookie_that_does_not_match_the_bytes() {
    // Declares ASCII, holds UTF-8.
    let mut content = b"# coding: ascii\n".to_vec();
    content.extend(python("NAME = \"café\"\n"));
    survive_hostile_file("encoding/liar.py", content, Expect::WarnedAndChecked, LIMIT);
}

#[test]
fn utf16_coding_cookie_python_refuses_is_undecodable() {
    let mut content = b"# -*- coding: utf-16 -*-\n".to_vec();
    content.extend(python(""));
    survive_hostile_file("encoding/utf16.py", content, Expect::Undecodable, LIMIT);
}

// Notebooks.

#[test]
fn notebook_with_broken_json() {
    let content = br#"{"cells": [{"cell_type": "code", "source": ["import socket\n", "socket.create_server((\"\", 1))"]}"#;
    survive_hostile_file(
        "notebooks/broken.ipynb",
        content.to_vec(),
        Expect::Warned,
        LIMIT,
    );
}

#[test]
fn notebook_nested_300k_levels_deep() {
    // A code cell that names a listener (so the pre-filter lets it through), then metadata
    // nested deeper than any JSON parser's recursion should go.
    let content = format!(
        "{{\"cells\": [{{\"cell_type\": \"code\", \"source\": \"socket.create_server(('', 1))\"}}], \"metadata\": {}1{}}}",
        "[".repeat(300_000),
        "]".repeat(300_000)
    );
    survive_hostile_file(
        "notebooks/deep.ipynb",
        content.into_bytes(),
        Expect::Warned,
        LIMIT,
    );
}

#[test]
fn notebook_whose_cells_are_not_a_list() {
    let content = br#"{"cells": "socket.create_server(('', 1))", "metadata": {}}"#;
    survive_hostile_file(
        "notebooks/odd.ipynb",
        content.to_vec(),
        Expect::Warned,
        LIMIT,
    );
}

#[test]
fn notebook_with_json_escaped_code_is_checked() {
    // `\u0062` is `b`: the cell's code is `s.bind(("0.0.0.0", 1))`.
    let content = br#"{"cells": [{"cell_type": "code", "metadata": {}, "source": ["import socket\n", "s = socket.socket()\n", "s.\u0062ind((\"0.0.0.0\", 1))\n"]}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}"#;
    survive_hostile_file(
        "notebooks/escaped.ipynb",
        content.to_vec(),
        Expect::CheckedOrWarned,
        LIMIT,
    );
}

#[test]
fn utf7_source_is_decoded_and_its_bind_found() {
    // CPython decodes this as `s.bind(("0.0.0.0", 1))`.
    let content =
        b"# -*- coding: utf-7 -*-\nimport socket\ns = socket.socket()\ns.+AGI-ind((\"0.0.0.0\", 1))\n";
    survive_hostile_file(
        "encoding/utf7.py",
        content.to_vec(),
        Expect::Checked { count: 1 },
        LIMIT,
    );
}

// Line endings the line index must agree with the parser about.

#[test]
fn cr_only_line_endings_keep_lines_apart() {
    // Python ends lines at `\r` too: the comment is two lines above the bind, which it must
    // not suppress.
    let content =
        "import socket\r# bindcheck: ignore\rs = socket.socket()\r\rs.bind((\"0.0.0.0\", 1))\r";
    let repo = TestRepo::new();
    repo.write("old_mac.py", content).add(&["old_mac.py"]);
    for args in [
        &["staged", "--format", "json"][..],
        &["scan", ".", "--format", "json"][..],
    ] {
        let run = check(&repo, args);
        run.assert_code(1);
        let findings = run.findings();
        assert_eq!(findings.len(), 1, "{}", run.describe());
        assert_eq!(findings[0]["line"], 5, "{}", run.describe());
        assert_eq!(findings[0]["suppressed"], false, "{}", run.describe());
    }
}

// ---------------------------------------------------------------------------------------------
// 2. Broken repositories.

/// The loose object file of `id`.
fn loose_object(repo: &TestRepo, id: &str) -> PathBuf {
    repo.path(&format!(".git/objects/{}/{}", &id[..2], &id[2..]))
}

/// Replaces (or with `None` deletes) a loose object file; objects are read-only on disk.
fn damage_object(repo: &TestRepo, id: &str, replacement: Option<&[u8]>) {
    let path = loose_object(repo, id);
    assert!(path.is_file(), "{id} is not a loose object");
    std::fs::remove_file(&path).expect("remove the object");
    if let Some(bytes) = replacement {
        std::fs::write(&path, bytes).expect("write the damaged object");
    }
}

/// `app.py` committed clean, then staged with a bad bind.
fn repo_with_bad_staged_change() -> TestRepo {
    let repo = TestRepo::new();
    repo.commit_file("app.py", CLEAN);
    repo.commit_file("lib.py", "x = 1\n");
    repo.write("app.py", OTHER).add(&["app.py"]);
    repo
}

/// The message a run must give for a damaged object: exit 2 naming it and `git fsck`.
#[track_caller]
fn assert_names_damaged_object(run: &Finished, id: &str) {
    run.assert_error()
        .assert_stderr_contains(id)
        .assert_stderr_contains("git fsck");
}

#[test]
fn missing_staged_blob_exits_2_naming_it_and_git_fsck() {
    let repo = repo_with_bad_staged_change();
    let blob = repo.staged_blob("app.py");
    damage_object(&repo, &blob, None);
    assert_names_damaged_object(&check(&repo, &[]), &blob);
}

#[test]
fn missing_base_blob_exits_2_naming_it_and_git_fsck() {
    let repo = repo_with_bad_staged_change();
    let base = repo.git(&["rev-parse", "HEAD:app.py"]).trim().to_owned();
    damage_object(&repo, &base, None);
    assert_names_damaged_object(&check(&repo, &[]), &base);
}

#[test]
fn garbage_loose_objects_exit_2_naming_them_and_git_fsck() {
    let garbage: [&[u8]; 3] = [b"", b"not zlib at all", &random_bytes(300, 7, false)];
    for bytes in garbage {
        let repo = repo_with_bad_staged_change();
        let blob = repo.staged_blob("app.py");
        damage_object(&repo, &blob, Some(bytes));
        assert_names_damaged_object(&check(&repo, &[]), &blob);
    }
}

#[test]
fn missing_head_tree_exits_2_naming_it() {
    let repo = repo_with_bad_staged_change();
    let tree = repo.git(&["rev-parse", "HEAD^{tree}"]).trim().to_owned();
    damage_object(&repo, &tree, None);
    check(&repo, &[])
        .assert_error()
        .assert_stderr_contains(&tree);
    check(&repo, &["diff", "HEAD~1"])
        .assert_error()
        .assert_stderr_contains(&tree);
}

#[test]
fn damaged_trees_and_commits_say_to_run_git_fsck() {
    // HEAD's tree gone.
    let repo = repo_with_bad_staged_change();
    let tree = repo.git(&["rev-parse", "HEAD^{tree}"]).trim().to_owned();
    damage_object(&repo, &tree, None);
    assert_names_damaged_object(&check(&repo, &[]), &tree);
    // HEAD's commit gone.
    let repo = repo_with_bad_staged_change();
    let head = repo.head().expect("HEAD");
    damage_object(&repo, &head, None);
    assert_names_damaged_object(&check(&repo, &[]), &head);
}

#[test]
fn corrupt_pack_exits_2() {
    let repo = repo_with_bad_staged_change();
    repo.git(&["gc", "-q"]);
    let pack_directory = repo.path(".git/objects/pack");
    let pack = std::fs::read_dir(&pack_directory)
        .expect("list packs")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .find(|path| {
            path.extension()
                .is_some_and(|extension| extension == "pack")
        })
        .expect("a pack after gc");
    let mut bytes = std::fs::read(&pack).expect("read the pack");
    let end = bytes.len() - 20;
    for index in (12..end).step_by(7) {
        bytes[index] ^= 0x55;
    }
    std::fs::remove_file(&pack).expect("remove the pack");
    std::fs::write(&pack, bytes).expect("write the damaged pack");
    check(&repo, &[]).assert_error();
    check(&repo, &["diff", "HEAD~1"]).assert_error();
}

#[test]
fn corrupt_branch_ref_exits_2() {
    let repo = repo_with_bad_staged_change();
    for content in ["garbage\n", ""] {
        std::fs::write(repo.path(".git/refs/heads/main"), content).expect("damage the ref");
        check(&repo, &[])
            .assert_error()
            .assert_stderr_contains("refs/heads/main");
    }
}

#[test]
fn corrupt_index_exits_2() {
    let garbage = random_bytes(100, 11, false);
    let repo = repo_with_bad_staged_change();
    std::fs::write(repo.path(".git/index"), &garbage).expect("damage the index");
    check(&repo, &[])
        .assert_error()
        .assert_stderr_contains("index");

    // One flipped bit in the signature: not an index.
    let repo = repo_with_bad_staged_change();
    let mut index = std::fs::read(repo.path(".git/index")).expect("read the index");
    index[3] ^= 1;
    std::fs::write(repo.path(".git/index"), index).expect("damage the index");
    check(&repo, &[])
        .assert_error()
        .assert_stderr_contains("index");

    // One flipped bit in the staged blob's id (`app.py` is the first entry: its id follows
    // the 12-byte header and 40 bytes of stat data): the object it names does not exist.
    let repo = repo_with_bad_staged_change();
    let mut index = std::fs::read(repo.path(".git/index")).expect("read the index");
    index[12 + 40] ^= 1;
    std::fs::write(repo.path(".git/index"), index).expect("damage the index");
    let damaged_id = repo.staged_blob("app.py");
    assert_names_damaged_object(&check(&repo, &[]), &damaged_id);
}

#[test]
fn index_checksum_is_not_verified_like_git() {
    // git does not verify the trailing checksum when it reads an index (`index.skipHash`
    // even writes zeros there), so a damaged checksum over intact content is checked as git
    // would commit it: the bad bind still blocks.
    let repo = repo_with_bad_staged_change();
    let mut index = std::fs::read(repo.path(".git/index")).expect("read the index");
    let last = index.len() - 5;
    index[last] ^= 1;
    std::fs::write(repo.path(".git/index"), index).expect("damage the checksum");
    assert!(
        repo.try_git(&["diff", "--cached", "--quiet"])
            .status
            .code()
            .is_some_and(|code| code == 1),
        "git reads the index despite the checksum"
    );
    check(&repo, &[]).assert_code(1);
}

#[test]
fn split_index_holding_the_staged_change_in_the_shared_part() {
    // The bad blob is staged before the split, so it lives in the shared index, which a reader
    // ignoring the `link` extension would never see.
    let repo = repo_with_bad_staged_change();
    repo.git(&["update-index", "--split-index"]);
    assert!(
        std::fs::read_dir(repo.path(".git"))
            .expect("list .git")
            .filter_map(Result::ok)
            .any(|entry| entry
                .file_name()
                .to_string_lossy()
                .starts_with("sharedindex.")),
        "git did not split the index"
    );
    let run = check(&repo, &["--format", "json"]);
    match run.code {
        Some(1) => assert_eq!(run.findings_per_path().get("app.py"), Some(&1)),
        _ => {
            run.assert_error()
                .assert_stderr_contains("git update-index --no-split-index");
            // The advice works.
            repo.git(&["update-index", "--no-split-index"]);
            check(&repo, &[]).assert_code(1);
        }
    }
    // The commit ranges do not need the index.
    repo.git(&["update-index", "--split-index"]);
    repo.git(&["commit", "-q", "--no-verify", "-m", "bad"]);
    let run = check(&repo, &["diff", "HEAD~1", "--format", "json"]);
    run.assert_code(1);
    assert_eq!(
        run.findings_per_path().keys().collect::<Vec<_>>(),
        ["app.py"]
    );
}

#[test]
fn sparse_index_refusal_gives_advice_that_works() {
    let repo = TestRepo::new();
    repo.commit_file("app.py", CLEAN);
    repo.commit_file("docs/conf.py", "x = 1\n");
    repo.git(&["sparse-checkout", "set", "--cone", "--sparse-index", "src"]);
    repo.write("app.py", OTHER).add(&["app.py"]);
    let run = check(&repo, &["--format", "json"]);
    match run.code {
        Some(1) => assert_eq!(run.findings_per_path().get("app.py"), Some(&1)),
        _ => {
            run.assert_error()
                .assert_stderr_contains("git sparse-checkout disable");
            repo.git(&["sparse-checkout", "disable"]);
            check(&repo, &[]).assert_code(1);
            repo.git(&["sparse-checkout", "set", "--cone", "--sparse-index", "src"]);
        }
    }
    // The commit ranges do not need the index.
    repo.git(&["commit", "-q", "--no-verify", "-m", "bad"]);
    check(&repo, &["diff", "HEAD~1"]).assert_code(1);
}

#[test]
fn detached_head_checks_against_the_detached_commit() {
    let repo = TestRepo::new();
    repo.commit_file("app.py", CLEAN);
    let first = repo.commit_file("legacy.py", OTHER);
    repo.commit_file("later.py", CLEAN);
    repo.git(&["checkout", "-q", "--detach", &first]);

    // legacy.py is in the detached commit: not new. A staged bad file is.
    check(&repo, &[]).assert_code(0);
    repo.write("new.py", OTHER).add(&["new.py"]);
    let run = check(&repo, &["--format", "json"]);
    run.assert_code(1);
    assert_eq!(
        run.findings_per_path().keys().collect::<Vec<_>>(),
        ["new.py"]
    );

    // A detached commit on top, checked as a range and pushed through the pre-push hook.
    repo.commit("detached work");
    let run = check(&repo, &["diff", "main", "--format", "json"]);
    run.assert_code(1);
    assert_eq!(
        run.findings_per_path().keys().collect::<Vec<_>>(),
        ["new.py"]
    );
    let remote = repo.sandbox().mkdir("remote.git");
    repo.sandbox().git_in(&remote, &["init", "-q", "--bare"]);
    repo.git(&["remote", "add", "origin", &remote.display().to_string()]);
    repo.git(&["push", "-q", "--no-verify", "origin", "main"]);
    repo.git(&["fetch", "-q", "origin"]);
    check(&repo, &["install", "--pre-push"]).assert_code(0);
    let push = repo.try_git(&["push", "origin", "HEAD:refs/heads/detached"]);
    assert!(!push.status.success(), "{}", common::describe(&push));
    let text = common::describe(&push);
    assert!(text.contains("new.py"), "{text}");
}

#[test]
fn bare_repository_refuses_staged_and_checks_ranges() {
    let repo = TestRepo::new();
    repo.commit_file("legacy.py", OTHER);
    repo.git(&["checkout", "-q", "-b", "topic"]);
    repo.commit_file("new.py", OTHER);
    repo.git(&["checkout", "-q", "main"]);
    let bare = repo.sandbox().root().join("bare.git");
    repo.sandbox().git_in(
        repo.sandbox().root(),
        &["clone", "-q", "--bare", "repo", "bare.git"],
    );
    let sandbox = repo.sandbox();

    for args in [&[][..], &["staged"][..]] {
        bindcheck(sandbox, &bare, args)
            .assert_error()
            .assert_stderr_contains("bare repository");
    }
    let run = bindcheck(
        sandbox,
        &bare,
        &["diff", "main", "topic", "--format", "json"],
    );
    run.assert_code(1);
    assert_eq!(
        run.findings_per_path().keys().collect::<Vec<_>>(),
        ["new.py"]
    );
    // From inside the bare repository's directories too.
    bindcheck(sandbox, &bare.join("refs"), &["diff", "main", "topic"]).assert_code(1);
    // A pre-push from the bare repository (a mirror pushing on).
    let topic = sandbox.git_in(&bare, &["rev-parse", "topic"]);
    let zero = "0".repeat(40);
    let input = format!(
        "refs/heads/topic {} refs/heads/topic {zero}\n",
        topic.trim()
    );
    bindcheck_with_stdin(sandbox, &bare, &["pre-push", "origin", "url"], &input).assert_code(1);
}

#[test]
fn linked_worktree_ranges_and_a_pruned_worktree() {
    let repo = TestRepo::new();
    repo.commit_file("app.py", CLEAN);
    let worktree = repo.sandbox().root().join("wt");
    let worktree_text = worktree.to_str().expect("UTF-8 path");
    repo.git(&["worktree", "add", "-q", "-b", "feature", worktree_text]);
    std::fs::write(worktree.join("server.py"), OTHER).expect("write");
    repo.sandbox().git_in(&worktree, &["add", "server.py"]);
    repo.sandbox()
        .git_in(&worktree, &["commit", "-q", "--no-verify", "-m", "server"]);

    // The worktree's HEAD is `feature`; the main work tree's is `main`.
    let run = bindcheck(
        repo.sandbox(),
        &worktree,
        &["diff", "main", "--format", "json"],
    );
    run.assert_code(1);
    assert_eq!(
        run.findings_per_path().keys().collect::<Vec<_>>(),
        ["server.py"]
    );
    check(&repo, &["diff", "feature"]).assert_code(0);

    // Its administrative directory deleted under it: an error, not a pass.
    std::fs::remove_dir_all(repo.path(".git/worktrees/wt")).expect("prune by hand");
    std::fs::write(worktree.join("more.py"), OTHER).expect("write");
    bindcheck(repo.sandbox(), &worktree, &[]).assert_error();
}

#[test]
fn absolute_core_hooks_path_shared_by_two_repositories() {
    let sandbox = Sandbox::new();
    let hooks = sandbox.mkdir("shared-hooks");
    let hooks_text = hooks.to_str().expect("UTF-8 path");
    let mut repos = Vec::new();
    for name in ["one", "two"] {
        let root = sandbox.mkdir(name);
        sandbox.git_in(&root, &["init", "-q"]);
        sandbox.git_in(&root, &["config", "core.hooksPath", hooks_text]);
        repos.push(root);
    }
    bindcheck(&sandbox, &repos[0], &["install"]).assert_code(0);
    assert!(hooks.join("pre-commit").is_file());
    // Installed from one, idempotent from the other.
    bindcheck(&sandbox, &repos[1], &["install"]).assert_code(0);

    // The shared hook checks the repository that commits.
    std::fs::write(repos[1].join("app.py"), OTHER).expect("write");
    sandbox.git_in(&repos[1], &["add", "app.py"]);
    let commit = sandbox.try_git_in(&repos[1], &["commit", "-q", "-m", "bad"]);
    assert!(!commit.status.success(), "{}", common::describe(&commit));
    std::fs::write(repos[0].join("app.py"), CLEAN).expect("write");
    sandbox.git_in(&repos[0], &["add", "app.py"]);
    let commit = sandbox.try_git_in(&repos[0], &["commit", "-q", "-m", "clean"]);
    assert!(commit.status.success(), "{}", common::describe(&commit));
}

#[test]
fn core_hooks_path_with_tilde_is_expanded_like_git() {
    let repo = TestRepo::new();
    repo.git(&["config", "core.hooksPath", "~/githooks"]);
    check(&repo, &["install"]).assert_code(0);
    let expected = repo.sandbox().home().join("githooks/pre-commit");
    let git_says = repo.git(&["rev-parse", "--path-format=absolute", "--git-path", "hooks"]);
    assert_eq!(PathBuf::from(git_says.trim()).join("pre-commit"), expected);
    assert!(expected.is_file(), "hook not at {}", expected.display());
    assert!(!repo.path("~").exists());
}

#[test]
fn runs_from_inside_the_git_directory_and_through_git_dir() {
    let repo = repo_with_bad_staged_change();
    for directory in [".git", ".git/objects"] {
        let run = bindcheck(repo.sandbox(), &repo.path(directory), &["--format", "json"]);
        run.assert_code(1);
        assert_eq!(
            run.findings_per_path().keys().collect::<Vec<_>>(),
            ["app.py"]
        );
    }
    // GIT_DIR and GIT_WORK_TREE from an unrelated directory, as some tools run hooks.
    let elsewhere = repo.sandbox().mkdir("elsewhere");
    let mut command = repo.sandbox().command(BINARY, &elsewhere);
    command
        .args(["--format", "json"])
        .env("GIT_DIR", repo.path(".git"))
        .env("GIT_WORK_TREE", repo.root());
    let run = run_bounded(command, None, LIMIT);
    run.assert_code(1);
    assert_eq!(
        run.findings_per_path().keys().collect::<Vec<_>>(),
        ["app.py"]
    );
}

#[test]
fn hook_run_by_a_commit_from_a_subdirectory_checks_everything_staged() {
    let repo = TestRepo::new();
    repo.commit_file("src/keep.py", "x = 1\n");
    check(&repo, &["install"]).assert_code(0);
    repo.write("top.py", OTHER).add(&["top.py"]);
    let commit = repo
        .sandbox()
        .try_git_in(&repo.path("src"), &["commit", "-q", "-m", "bad"]);
    assert!(!commit.status.success(), "{}", common::describe(&commit));
    assert!(common::describe(&commit).contains("top.py"));
}

// ---------------------------------------------------------------------------------------------
// 3. Nothing is written.

/// One file system entry as the read-only guarantee sees it.
#[derive(Debug, PartialEq, Eq)]
struct Entry {
    /// File content, symlink target, or nothing for a directory.
    content: Vec<u8>,
    /// Permission bits (Unix) or the read-only flag.
    mode: u32,
    /// Modification time: a rewrite with identical content still changes it, and a lock file
    /// created and removed changes its directory's.
    modified: Option<SystemTime>,
}

/// Every entry under `root` (directories, files, symlinks), with content, mode and
/// modification time.
fn file_system_state(root: &Path) -> BTreeMap<PathBuf, Entry> {
    let mut entries = BTreeMap::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(directory) = pending.pop() {
        for entry in std::fs::read_dir(&directory).expect("list a directory") {
            let path = entry.expect("a directory entry").path();
            let metadata = std::fs::symlink_metadata(&path).expect("metadata");
            let content = if metadata.is_dir() {
                pending.push(path.clone());
                Vec::new()
            } else if metadata.file_type().is_symlink() {
                std::fs::read_link(&path)
                    .expect("read a symlink")
                    .into_os_string()
                    .into_encoded_bytes()
            } else {
                std::fs::read(&path).expect("read a file")
            };
            let relative = path.strip_prefix(root).expect("inside").to_path_buf();
            entries.insert(
                relative,
                Entry {
                    content,
                    mode: mode_of(&metadata),
                    modified: metadata.modified().ok(),
                },
            );
        }
    }
    entries
}

#[cfg(unix)]
fn mode_of(metadata: &std::fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    metadata.permissions().mode()
}

#[cfg(not(unix))]
fn mode_of(metadata: &std::fs::Metadata) -> u32 {
    u32::from(metadata.permissions().readonly())
}

/// The paths whose entry differs between two states (added, removed or changed).
fn changed_paths(
    before: &BTreeMap<PathBuf, Entry>,
    after: &BTreeMap<PathBuf, Entry>,
) -> BTreeSet<PathBuf> {
    before
        .keys()
        .chain(after.keys())
        .filter(|path| before.get(*path) != after.get(*path))
        .cloned()
        .collect()
}

/// A repository with something for every mode to read: history on `main` and `topic`, a
/// remote with tracking refs, a staged change, an unstaged change (a stale stat cache in the
/// index), an untracked file, a stash, and an index older than the work tree.
fn busy_repository() -> TestRepo {
    let repo = TestRepo::new();
    repo.commit_file("app.py", CLEAN);
    repo.commit_file("lib/util.py", "x = 1\n");
    let remote = repo.sandbox().mkdir("remote.git");
    repo.sandbox().git_in(&remote, &["init", "-q", "--bare"]);
    repo.git(&["remote", "add", "origin", &remote.display().to_string()]);
    repo.git(&["push", "-q", "origin", "main"]);
    repo.git(&["checkout", "-q", "-b", "topic"]);
    repo.commit_file("server.py", OTHER);
    repo.write("lib/util.py", "x = 3\n");
    repo.git(&["stash", "-q"]);
    repo.write("app.py", OTHER).add(&["app.py"]);
    repo.write("lib/util.py", "x = 2\n"); // unstaged
    repo.write("untracked.py", OTHER);
    // Let the clock move past the index's timestamp, so that any stat refresh would show.
    std::thread::sleep(Duration::from_millis(20));
    repo.write("lib/util.py", "x = 4\n");
    repo
}

#[test]
fn no_mode_writes_to_the_repository_work_tree_remote_or_home() {
    let repo = busy_repository();
    let topic = repo.git(&["rev-parse", "topic"]).trim().to_owned();
    let main = repo.git(&["rev-parse", "main"]).trim().to_owned();
    let zero = "0".repeat(40);
    let push_lines = format!(
        "refs/heads/topic {topic} refs/heads/topic {zero}\nrefs/heads/main {main} refs/heads/main {main}\n"
    );
    let sandbox = repo.sandbox();
    let everything = sandbox.root();
    let before = file_system_state(everything);
    assert!(before.contains_key(Path::new("repo/.git/index")));

    let pre_commit_range = || {
        let mut command = sandbox.command(BINARY, repo.root());
        command
            .env("PRE_COMMIT_FROM_REF", &main)
            .env("PRE_COMMIT_TO_REF", &topic);
        run_bounded(command, None, LIMIT)
    };
    let runs: Vec<(&str, i32, Finished)> = vec![
        ("default", 1, check(&repo, &[])),
        (
            "staged",
            1,
            check(&repo, &["staged", "--report", "all", "--format", "sarif"]),
        ),
        (
            "staged from a subdirectory",
            0,
            bindcheck(sandbox, &repo.path("lib"), &["staged", "."]),
        ),
        (
            "diff",
            1,
            check(&repo, &["diff", "main", "--format", "json"]),
        ),
        (
            "diff range",
            1,
            check(
                &repo,
                &["diff", "origin/main...topic", "--report", "changed"],
            ),
        ),
        (
            "pre-push",
            1,
            bindcheck_with_stdin(
                sandbox,
                repo.root(),
                &["pre-push", "origin", "url"],
                &push_lines,
            ),
        ),
        ("pre-commit framework range", 1, pre_commit_range()),
        (
            "scan",
            1,
            check(&repo, &["scan", ".", "--format", "gitlab"]),
        ),
        (
            "scan stdin",
            1,
            bindcheck_with_stdin(
                sandbox,
                repo.root(),
                &["scan", "-", "--stdin-filename", "x.py"],
                OTHER,
            ),
        ),
        ("rules", 0, check(&repo, &["rules"])),
    ];
    for (name, expected, run) in &runs {
        run.assert_survived();
        assert_eq!(run.code, Some(*expected), "{name}\n{}", run.describe());
    }

    let after = file_system_state(everything);
    let changed = changed_paths(&before, &after);
    assert!(changed.is_empty(), "written: {changed:#?}");
}

#[test]
fn install_writes_only_its_hook_and_a_second_install_nothing() {
    let repo = TestRepo::new();
    repo.commit_file("app.py", CLEAN);
    let everything = repo.sandbox().root();
    for (args, hook) in [
        (&["install"][..], "pre-commit"),
        (&["install", "--pre-push"][..], "pre-push"),
    ] {
        let before = file_system_state(everything);
        check(&repo, args).assert_code(0);
        let after = file_system_state(everything);
        let hook_path = PathBuf::from(format!("repo/.git/hooks/{hook}"));
        let changed = changed_paths(&before, &after);
        // The hook, and the modification time of the directory it was created in.
        let allowed = BTreeSet::from([PathBuf::from("repo/.git/hooks"), hook_path.clone()]);
        assert!(
            changed.contains(&hook_path) && changed.is_subset(&allowed),
            "{changed:#?}"
        );

        check(&repo, args)
            .assert_code(0)
            .assert_stderr_contains("up to date");
        let again = file_system_state(everything);
        let changed = changed_paths(&after, &again);
        assert!(changed.is_empty(), "a second install wrote {changed:#?}");
    }
}

#[test]
fn install_without_force_changes_nothing_when_another_tool_owns_the_hook() {
    let repo = TestRepo::new();
    repo.write(".git/hooks/pre-commit", "#!/bin/sh\nexec other-tool\n");
    repo.write(".git/hooks/pre-push", "#!/bin/sh\nexec other-tool push\n");
    let everything = repo.sandbox().root();
    let before = file_system_state(everything);
    for args in [&["install"][..], &["install", "--pre-push"][..]] {
        check(&repo, args)
            .assert_error()
            .assert_stderr_contains("--force");
    }
    let changed = changed_paths(&before, &file_system_state(everything));
    assert!(changed.is_empty(), "written: {changed:#?}");
}

#[test]
fn install_force_never_destroys_an_earlier_backup() {
    let repo = TestRepo::new();
    let earlier = "#!/bin/sh\necho the first tool\n";
    let later = "#!/bin/sh\necho the second tool\n";
    repo.write(".git/hooks/pre-commit.orig", earlier);
    repo.write(".git/hooks/pre-commit", later);
    let run = check(&repo, &["install", "--force"]);
    // Refusing is fine too; losing a hook is not.
    if run.code == Some(0) {
        let hooks = std::fs::read_dir(repo.path(".git/hooks"))
            .expect("list hooks")
            .filter_map(Result::ok)
            .map(|entry| std::fs::read(entry.path()).unwrap_or_default())
            .collect::<Vec<_>>();
        for kept in [earlier, later] {
            assert!(
                hooks.iter().any(|content| content == kept.as_bytes()),
                "lost {kept:?}\n{}",
                run.describe()
            );
        }
    } else {
        run.assert_error();
        assert_eq!(repo.read(".git/hooks/pre-commit"), later.as_bytes());
        assert_eq!(repo.read(".git/hooks/pre-commit.orig"), earlier.as_bytes());
    }
}

#[cfg(unix)]
#[test]
fn install_repairs_its_own_hook_that_lost_the_executable_bit() {
    use std::os::unix::fs::PermissionsExt;
    let repo = TestRepo::new();
    check(&repo, &["install"]).assert_code(0);
    let hook = repo.path(".git/hooks/pre-commit");
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    check(&repo, &["install"]).assert_code(0);
    let mode = std::fs::metadata(&hook).expect("hook").permissions().mode();
    assert_ne!(mode & 0o111, 0, "the hook is not executable: {mode:o}");
    repo.write("app.py", OTHER).add(&["app.py"]);
    let commit = repo.try_git(&["commit", "-q", "-m", "bad"]);
    assert!(!commit.status.success(), "{}", common::describe(&commit));
}

// ---------------------------------------------------------------------------------------------
// 4. Two checks at once.

/// Starts the binary in the background; [`Background::finish`] waits with a deadline.
struct Background {
    handle: std::thread::JoinHandle<Finished>,
}

impl Background {
    fn start(command: Command) -> Background {
        Background {
            handle: std::thread::spawn(move || run_bounded(command, None, LIMIT)),
        }
    }

    fn finish(self) -> Finished {
        self.handle.join().expect("the runner thread")
    }
}

/// Modules with plenty to parse and nothing to report, so that two runs overlap.
fn write_busy_modules(repo: &TestRepo) {
    let body: String = (0..2_000)
        .map(|index| format!("def handler_{index}(request):\n    return request.bind({index})\n"))
        .collect();
    for index in 0..4 {
        repo.write(
            &format!("pkg/module_{index}.py"),
            format!("import socket\n{body}"),
        );
    }
}

/// Busy modules and a bad `app.py`, all staged.
fn repository_for_concurrency() -> TestRepo {
    let repo = TestRepo::new();
    repo.commit_file("app.py", CLEAN);
    write_busy_modules(&repo);
    repo.write("app.py", OTHER);
    repo.add(&["."]);
    repo
}

#[test]
fn two_staged_checks_at_once_both_report_the_finding() {
    let repo = repository_for_concurrency();
    for _ in 0..3 {
        let runs: Vec<Background> = (0..2)
            .map(|_| {
                let mut command = repo.sandbox().command(BINARY, repo.root());
                command.args(["staged", "--format", "json"]);
                Background::start(command)
            })
            .collect();
        for run in runs {
            let run = run.finish();
            run.assert_code(1);
            assert_eq!(
                run.findings_per_path().keys().collect::<Vec<_>>(),
                ["app.py"]
            );
        }
    }
}

#[test]
fn staged_check_and_scan_at_once_both_give_their_answer() {
    let repo = repository_for_concurrency();
    repo.write("untracked.py", OTHER);
    for _ in 0..3 {
        let mut staged = repo.sandbox().command(BINARY, repo.root());
        staged.args(["staged", "--format", "json"]);
        let mut scan = repo.sandbox().command(BINARY, repo.root());
        scan.args(["scan", ".", "--format", "json"]);
        let (staged, scan) = (Background::start(staged), Background::start(scan));
        let staged = staged.finish();
        staged.assert_code(1);
        assert_eq!(
            staged.findings_per_path().keys().collect::<Vec<_>>(),
            ["app.py"]
        );
        let scan = scan.finish();
        scan.assert_code(1);
        assert_eq!(
            scan.findings_per_path().keys().collect::<Vec<_>>(),
            ["app.py", "untracked.py"]
        );
    }
}

#[test]
fn hook_of_a_real_commit_and_a_diff_at_once() {
    // `topic` brings the busy modules and one bad file: a pull request to check.
    let repo = TestRepo::new();
    repo.commit_file("app.py", CLEAN);
    repo.git(&["checkout", "-q", "-b", "topic"]);
    write_busy_modules(&repo);
    repo.write("pr.py", OTHER).add(&["."]);
    repo.commit("a pull request");
    check(&repo, &["install"]).assert_code(0);
    let start_diff = || {
        let mut diff = repo.sandbox().command(BINARY, repo.root());
        diff.args(["diff", "main", "topic", "--format", "json"]);
        Background::start(diff)
    };
    let commit = |message: &str| {
        let mut commit = repo.sandbox().command("git", repo.root());
        commit.args(["commit", "-m", message]);
        run_bounded(commit, None, LIMIT)
    };
    let head_before = repo.head();

    for round in 0..3 {
        // A bad commit, refused by the hook, while a pull-request check runs.
        let bad = format!("bad_{round}.py");
        repo.write(&bad, OTHER).add(&[&bad]);
        let diff = start_diff();
        let refused = commit("bad");
        let diff = diff.finish();
        assert_eq!(refused.code, Some(1), "{}", refused.describe());
        assert!(
            refused.stdout.contains(&bad) || refused.stderr.contains(&bad),
            "{}",
            refused.describe()
        );
        assert_eq!(repo.head(), head_before, "the bad commit was recorded");
        diff.assert_code(1);
        assert_eq!(
            diff.findings_per_path().keys().collect::<Vec<_>>(),
            ["pr.py"]
        );
        repo.git(&["rm", "-q", "--cached", &bad]);
    }

    // A clean commit goes through while the check runs.
    repo.write("clean.py", CLEAN).add(&["clean.py"]);
    let diff = start_diff();
    let accepted = commit("clean");
    let diff = diff.finish();
    assert_eq!(accepted.code, Some(0), "{}", accepted.describe());
    assert_ne!(repo.head(), head_before);
    diff.assert_code(1);
    assert_eq!(
        diff.findings_per_path().keys().collect::<Vec<_>>(),
        ["pr.py"]
    );
}
