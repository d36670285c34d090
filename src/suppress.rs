//! Inline suppression comments: which findings they silence, and why one did not count.
//!
//! Syntax (SPEC 5), on any line of the flagged statement or alone on the line directly above:
//! `# bindcheck: ignore`, `# bindcheck: ignore[BND001,BND003]`, optionally followed by
//! `-- justification`; `# bindcheck: skip-file` on its own line skips the file. For teams
//! migrating from Bandit and Ruff: bare `# nosec`, `# nosec B104`, bare `# noqa`,
//! `# noqa: S104` (a `nosec`/`noqa` naming only other codes does not suppress).
//!
//! A `# bindcheck:` comment that is not one of these forms (`# bindcheck: ignor`,
//! `ignore [BND001]`, `ignore[BND001` without its bracket) suppresses nothing, and
//! [`malformed`] names it, as it does a code that names no rule (`ignore[BND01]`).

use std::sync::LazyLock;

use regex::Regex;

use crate::finding::{AppliedSuppression, Finding};
use crate::python::source::Comment;
use crate::rules::Rule;

/// Which suppressions count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SuppressionPolicy {
    /// A suppression without a justification does not count.
    pub require_reason: bool,
    /// `nosec` and `noqa` comments count.
    pub compat_suppressions: bool,
}

impl Default for SuppressionPolicy {
    fn default() -> Self {
        SuppressionPolicy {
            require_reason: false,
            compat_suppressions: true,
        }
    }
}

/// The tool a suppression comment was written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dialect {
    Bindcheck,
    Nosec,
    Noqa,
}

/// One suppression directive parsed from a comment.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Directive {
    dialect: Dialect,
    /// The codes named, upper-cased; `None` for a bare directive (all rules).
    codes: Option<Vec<String>>,
    /// The justification after `--`.
    reason: Option<String>,
}

impl Directive {
    fn applies_to(&self, rule: Rule) -> bool {
        let Some(codes) = &self.codes else {
            return true;
        };
        codes.iter().any(|code| {
            code == rule.code()
                || code.eq_ignore_ascii_case(rule.name())
                || match self.dialect {
                    Dialect::Bindcheck => false,
                    Dialect::Nosec => code == "B104" || code == "HARDCODED_BIND_ALL_INTERFACES",
                    Dialect::Noqa => code == "S104",
                }
        })
    }
}

// Case-insensitive in ASCII only (`(?i-u)`): Unicode case folding would take `ſ` (U+017F) for
// `s` and the Kelvin sign for `k`, so `# noſec` suppressed (found by the `suppression_comment`
// fuzz target's invariant that a suppression names its directive in ASCII).
static BINDCHECK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u:\bbindcheck\s*:\s*(ignore|skip-file)\b)(?:\[([^\]]*)\])?")
        .unwrap_or_else(|_| unreachable!())
});
static NOSEC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)#\s*nosec\b:?((?:[\s,]+(?:[A-Z][0-9]{3}|[a-z_]+[a-z]))*)")
        .unwrap_or_else(|_| unreachable!())
});
static NOQA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)#\s*noqa\b(?:\s*:\s*([A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?")
        .unwrap_or_else(|_| unreachable!())
});

/// A comment that means to be a bindcheck directive: `#`, then `bindcheck:`.
static DIRECTIVE_ATTEMPT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i-u)#\s*bindcheck\s*:\s*").unwrap_or_else(|_| unreachable!()));

/// True when what follows a directive (and its code list) is well formed: nothing, a
/// justification after `--` (or an em dash), or another comment.
fn well_formed_tail(tail: &str) -> bool {
    let tail = tail.trim_start();
    tail.is_empty() || tail.starts_with("--") || tail.starts_with('—') || tail.starts_with('#')
}

/// The justification after `--` (or an em dash) following position `end`, up to a next `#`.
fn reason_after(text: &str, end: usize) -> Option<String> {
    let rest = text.get(end..)?.trim_start();
    let rest = rest.strip_prefix("--").or_else(|| rest.strip_prefix('—'))?;
    let reason = rest.split('#').next().unwrap_or_default().trim();
    (!reason.is_empty()).then(|| reason.to_owned())
}

fn split_codes(list: &str) -> Vec<String> {
    list.split([',', ' ', '\t'])
        .map(str::trim)
        .filter(|code| !code.is_empty())
        .map(str::to_ascii_uppercase)
        .collect()
}

/// Parses the suppression directives of one comment (`#` included).
fn parse_comment(text: &str) -> (Vec<Directive>, bool) {
    let mut directives = Vec::new();
    let mut skip_file = false;
    for captures in BINDCHECK.captures_iter(text) {
        let Some(whole) = captures.get(0) else {
            continue;
        };
        let verb = captures.get(1).map_or("", |verb| verb.as_str());
        if verb.eq_ignore_ascii_case("skip-file") {
            skip_file = true;
            continue;
        }
        // `ignore [BND001]`, `ignore(BND001)`, `ignore[BND001` are malformed: they suppress
        // nothing rather than every rule (`malformed` warns about them).
        if !well_formed_tail(text.get(whole.end()..).unwrap_or_default()) {
            continue;
        }
        directives.push(Directive {
            dialect: Dialect::Bindcheck,
            codes: captures.get(2).map(|codes| split_codes(codes.as_str())),
            reason: reason_after(text, whole.end()),
        });
    }
    for captures in NOSEC.captures_iter(text) {
        let Some(whole) = captures.get(0) else {
            continue;
        };
        let codes = captures
            .get(1)
            .map(|codes| split_codes(codes.as_str()))
            .unwrap_or_default();
        // Bandit takes `B104` or test names after `nosec`; any other words are commentary.
        let is_code = |code: &String| {
            (code.len() == 4
                && code.starts_with('B')
                && code[1..].bytes().all(|b| b.is_ascii_digit()))
                || code.contains('_')
        };
        let named: Vec<String> = codes.into_iter().filter(is_code).collect();
        directives.push(Directive {
            dialect: Dialect::Nosec,
            codes: (!named.is_empty()).then_some(named),
            reason: reason_after(text, whole.end()),
        });
    }
    for captures in NOQA.captures_iter(text) {
        let Some(whole) = captures.get(0) else {
            continue;
        };
        directives.push(Directive {
            dialect: Dialect::Noqa,
            codes: captures.get(1).map(|codes| split_codes(codes.as_str())),
            reason: reason_after(text, whole.end()),
        });
    }
    (directives, skip_file)
}

/// The `# bindcheck:` comments that do not say what their author meant, as `(line, problem)`:
/// an unknown verb (`ignor`), a malformed code list or tail (`ignore [BND001]`), an empty
/// list, or a code that names no rule (`ignore[BND01]`). Each suppresses nothing (or nothing
/// for the unknown code), so the finding it stands on still blocks; the warning says why.
pub fn malformed(comments: &[Comment]) -> Vec<(u32, String)> {
    let mut problems = Vec::new();
    for comment in comments {
        let text = comment.text.trim_end();
        for attempt in DIRECTIVE_ATTEMPT.find_iter(text) {
            let written = text.get(attempt.start()..).unwrap_or_default();
            // The directive as written, up to a justification or the next comment.
            let shown = written
                .split(" --")
                .next()
                .unwrap_or(written)
                .split(" #")
                .next()
                .unwrap_or(written)
                .trim_end();
            let directive = BINDCHECK
                .captures_at(text, attempt.start())
                .filter(|captures| {
                    captures
                        .get(0)
                        .is_some_and(|whole| whole.start() < attempt.end())
                });
            let Some(captures) = directive else {
                problems.push((
                    comment.line,
                    format!(
                        "`{shown}` is not a suppression comment (the forms are `# bindcheck: ignore`, `# bindcheck: ignore[BND001] -- <why>` and `# bindcheck: skip-file`); it suppresses nothing"
                    ),
                ));
                continue;
            };
            let end = captures.get(0).map_or(text.len(), |whole| whole.end());
            if !well_formed_tail(text.get(end..).unwrap_or_default()) {
                problems.push((
                    comment.line,
                    format!(
                        "`{shown}` is a malformed suppression comment (write `# bindcheck: ignore[BND001] -- <why>`: codes in brackets right after `ignore`, a reason after `--`); it suppresses nothing"
                    ),
                ));
                continue;
            }
            let Some(list) = captures.get(2) else {
                continue;
            };
            let codes = split_codes(list.as_str());
            if codes.is_empty() {
                problems.push((
                    comment.line,
                    format!("`{shown}` names no rule; it suppresses nothing"),
                ));
            }
            for code in codes {
                if Rule::from_code_or_name(&code).is_none() {
                    problems.push((
                        comment.line,
                        format!(
                            "`{code}` in `{shown}` is not a rule code (`git bindcheck rules` lists them); it suppresses nothing"
                        ),
                    ));
                }
            }
        }
    }
    problems
}

/// True when a comment `# bindcheck: skip-file` stands on its own line.
pub fn skips_file(comments: &[Comment]) -> bool {
    comments
        .iter()
        .filter(|comment| comment.own_line)
        .any(|comment| parse_comment(&comment.text).1)
}

/// Marks the findings that a comment suppresses, and notes suppressions that did not count.
pub fn apply(findings: &mut [Finding], comments: &[Comment], policy: SuppressionPolicy) {
    for finding in findings {
        let (first, last) = finding.statement_lines;
        let mut rejected = None;
        let candidates = comments.iter().filter(|comment| {
            (first..=last).contains(&comment.line)
                || (comment.own_line && comment.line + 1 == first)
        });
        'comments: for comment in candidates {
            for directive in parse_comment(&comment.text).0 {
                if directive.dialect != Dialect::Bindcheck && !policy.compat_suppressions {
                    continue;
                }
                if !directive.applies_to(finding.rule) {
                    continue;
                }
                if policy.require_reason && directive.reason.is_none() {
                    rejected.get_or_insert(comment.line);
                    continue;
                }
                finding.suppression = Some(AppliedSuppression {
                    line: comment.line,
                    reason: directive.reason,
                });
                break 'comments;
            }
        }
        if finding.suppression.is_none()
            && let Some(line) = rejected
        {
            finding.suppression_note = Some(format!(
                "the suppression comment on line {line} has no justification, and --require-reason needs one: add `-- <why>` after it"
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn directives(text: &str) -> Vec<Directive> {
        parse_comment(text).0
    }

    fn bindcheck(codes: Option<&[&str]>, reason: Option<&str>) -> Directive {
        Directive {
            dialect: Dialect::Bindcheck,
            codes: codes.map(|codes| codes.iter().map(|code| code.to_string()).collect()),
            reason: reason.map(str::to_owned),
        }
    }

    #[test]
    fn bare_ignore_covers_every_rule() {
        assert_eq!(
            directives("# bindcheck: ignore"),
            vec![bindcheck(None, None)]
        );
    }

    #[test]
    fn ignore_with_codes_and_reason() {
        assert_eq!(
            directives("# bindcheck: ignore[BND001, bnd003] -- dev container, port not published"),
            vec![bindcheck(
                Some(&["BND001", "BND003"]),
                Some("dev container, port not published")
            )]
        );
    }

    #[test]
    fn reason_stops_at_the_next_comment_directive() {
        let parsed = directives("# bindcheck: ignore -- lab only # noqa: E501");
        assert_eq!(parsed[0].reason.as_deref(), Some("lab only"));
        assert_eq!(parsed[1].dialect, Dialect::Noqa);
        assert_eq!(parsed[1].codes, Some(vec!["E501".to_owned()]));
    }

    #[test]
    fn skip_file_is_recognised() {
        assert!(parse_comment("# bindcheck: skip-file").1);
        assert!(!parse_comment("# bindcheck: ignore").1);
    }

    #[test]
    fn nosec_bare_and_with_codes() {
        let bare = &directives("# nosec")[0];
        assert!(bare.applies_to(Rule::BindAllInterfaces));
        let b104 = &directives("# nosec B104")[0];
        assert!(b104.applies_to(Rule::BindAllInterfaces));
        let other = &directives("# nosec B603, B607")[0];
        assert!(!other.applies_to(Rule::BindAllInterfaces));
        let commentary = &directives("# nosec -- reviewed by security")[0];
        assert!(commentary.applies_to(Rule::BindAllInterfaces));
        assert_eq!(commentary.reason.as_deref(), Some("reviewed by security"));
    }

    #[test]
    fn noqa_bare_and_with_codes() {
        assert!(directives("# noqa")[0].applies_to(Rule::ImplicitAllInterfaces));
        assert!(directives("# noqa: S104")[0].applies_to(Rule::BindAllInterfaces));
        assert!(!directives("# noqa: E501")[0].applies_to(Rule::BindAllInterfaces));
        assert!(directives("# noqa: BND003")[0].applies_to(Rule::ImplicitAllInterfaces));
    }

    #[test]
    fn directives_are_case_insensitive_in_ascii_only() {
        assert_eq!(directives("# BindCheck: IGNORE").len(), 1);
        assert_eq!(directives("# NOSEC b104").len(), 1);
        assert_eq!(directives("# NoQA: s104").len(), 1);
        // `ſ` (U+017F) and the Kelvin sign (U+212A) fold to `s` and `k` under Unicode rules.
        assert!(directives("# no\u{17F}ec").is_empty());
        assert!(directives("# bindchec\u{212A}: ignore").is_empty());
    }

    fn comment(line: u32, text: &str) -> Comment {
        Comment {
            line,
            text: text.to_owned(),
            own_line: false,
        }
    }

    fn problems(text: &str) -> Vec<String> {
        malformed(&[comment(7, text)])
            .into_iter()
            .map(|(line, problem)| {
                assert_eq!(line, 7);
                problem
            })
            .collect()
    }

    #[test]
    fn malformed_suppression_with_unknown_verb_is_warned_and_suppresses_nothing() {
        let warned = problems("# bindcheck: ignor");
        assert_eq!(warned.len(), 1, "{warned:?}");
        assert!(warned[0].contains("`# bindcheck: ignor` is not a suppression comment"));
        assert!(directives("# bindcheck: ignor").is_empty());
        assert_eq!(problems("# BINDCHECK: skip").len(), 1);
    }

    #[test]
    fn malformed_suppression_with_unknown_code_is_warned_naming_the_code() {
        let warned = problems("# bindcheck: ignore[BND01] -- lab");
        assert_eq!(warned.len(), 1, "{warned:?}");
        assert!(
            warned[0].starts_with("`BND01` in `# bindcheck: ignore[BND01]` is not a rule code"),
            "{warned:?}"
        );
        let mixed = problems("# bindcheck: ignore[BND001, BND01, bind-all-interfaces]");
        assert_eq!(mixed.len(), 1, "{mixed:?}");
        assert_eq!(problems("# bindcheck: ignore[]").len(), 1);
    }

    #[test]
    fn malformed_code_list_suppresses_nothing_instead_of_everything() {
        for text in [
            "# bindcheck: ignore [BND001]",
            "# bindcheck: ignore(BND001)",
            "# bindcheck: ignore[BND001",
            "# bindcheck: ignore because dev",
        ] {
            assert!(directives(text).is_empty(), "{text}");
            assert_eq!(problems(text).len(), 1, "{text}");
        }
    }

    #[test]
    fn well_formed_suppressions_are_not_warned() {
        for text in [
            "# bindcheck: ignore",
            "# bindcheck: ignore[BND001,BND003] -- dev container",
            "# bindcheck:ignore[bind-all-interfaces]",
            "# bindcheck: ignore — reviewed",
            "# bindcheck: ignore # noqa: E501",
            "# bindcheck: skip-file",
            "# bindcheck is great",
            "# nosec B104",
            "# see docs, not bindcheck: here",
        ] {
            assert_eq!(problems(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn unrelated_comments_are_not_directives() {
        assert!(directives("# this is not a nosecurity thing").is_empty());
        assert!(directives("# bindcheck is great").is_empty());
    }
}
