//! Arbitrary comment text through the suppression-comment parser, by way of the public
//! `suppress::apply` and `suppress::skips_file` (which parse every candidate comment).
//!
//! Checks, for every rule and every policy: a comment suppresses only when it holds a directive
//! word (`bindcheck`, `nosec`, `noqa`); with `compat_suppressions` off, only a `bindcheck`
//! directive suppresses; under `require_reason` the recorded reason is non-empty, trimmed and
//! free of `#`; a stricter policy never suppresses more than a laxer one; `skip-file` needs the
//! word `skip-file`; `suppress::malformed` names only `# bindcheck:` comments, on their line.

#![no_main]

use git_bindcheck::finding::{Finding, Position, Span};
use git_bindcheck::python::source::Comment;
use git_bindcheck::rules::Rule;
use git_bindcheck::suppress::{self, SuppressionPolicy};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let folded = text.to_ascii_lowercase();
    let comment = Comment {
        line: 3,
        text: text.clone().into_owned(),
        own_line: true,
    };
    for &rule in Rule::ALL {
        let outcome = |require_reason: bool, compat_suppressions: bool| {
            let policy = SuppressionPolicy {
                require_reason,
                compat_suppressions,
            };
            // A statement on line 4, so that the comment on line 3 counts as the line above.
            let mut findings = [finding(rule, 4)];
            suppress::apply(&mut findings, std::slice::from_ref(&comment), policy);
            let [finding] = findings;
            if let Some(applied) = &finding.suppression {
                assert_eq!(applied.line, 3);
                assert!(finding.suppression_note.is_none());
                assert!(
                    ["bindcheck", "nosec", "noqa"]
                        .iter()
                        .any(|word| folded.contains(word)),
                    "{rule:?} suppressed by a comment without a directive word: {text:?}"
                );
                if !compat_suppressions {
                    assert!(
                        folded.contains("bindcheck"),
                        "compat off, yet {rule:?} suppressed without `bindcheck`: {text:?}"
                    );
                }
                if require_reason {
                    let reason = applied.reason.as_deref().unwrap_or_default();
                    assert!(
                        !reason.is_empty() && reason.trim() == reason && !reason.contains('#'),
                        "require-reason accepted the reason {reason:?} of {text:?}"
                    );
                }
            } else if finding.suppression_note.is_some() {
                assert!(require_reason, "a note without require-reason: {text:?}");
            }
            finding.suppression.is_some()
        };
        let lax = outcome(false, true);
        for (require_reason, compat_suppressions) in [(true, true), (false, false), (true, false)] {
            let strict = outcome(require_reason, compat_suppressions);
            assert!(
                lax || !strict,
                "a stricter policy suppresses {rule:?} where the default does not: {text:?}"
            );
        }
    }
    // Malformed directives are named on the comment's line, and only for `# bindcheck:`.
    for (line, problem) in suppress::malformed(std::slice::from_ref(&comment)) {
        assert_eq!(line, 3);
        assert!(
            folded.contains("bindcheck"),
            "{problem} reported for a comment without `bindcheck`: {text:?}"
        );
    }
    if suppress::skips_file(std::slice::from_ref(&comment)) {
        assert!(
            folded.contains("skip-file"),
            "skip-file without the word: {text:?}"
        );
    }
    let trailing = Comment {
        own_line: false,
        ..comment
    };
    assert!(
        !suppress::skips_file(&[trailing]),
        "a trailing comment skipped the file"
    );
});

fn finding(rule: Rule, line: u32) -> Finding {
    let position = Position { line, column: 1 };
    Finding {
        rule,
        path: "fuzz.py".to_owned(),
        span: Span {
            start: position,
            end: position,
        },
        host_span: None,
        statement_lines: (line, line),
        message: String::new(),
        host: None,
        origin: None,
        origin_elsewhere: None,
        chain: Vec::new(),
        callee: "socket.bind()".to_owned(),
        host_key: None,
        occurrence: 0,
        status: None,
        suppression: None,
        suppression_note: None,
        configuration: None,
        cause: None,
    }
}
