//! Deciding what a change introduced: finding keys, occurrence indexes, new/existing
//! attribution against base versions, across the files of a change, and the added lines of a
//! file (SPEC 4).
//!
//! A finding's key is its [`Finding::exposure_key`] (rule, callee, host value, configuration,
//! wrapper chain: what decides exposure, not the statement's other arguments) with an
//! occurrence index among equal keys in the file. A finding is new when its key is absent from
//! every base version of its file ([`attribute`]), unless the change removed a finding with
//! that key from another of its files: then the code moved ([`attribute_moves`]).

use std::collections::HashMap;

use crate::finding::{Finding, Status};

/// Numbers findings that share an exposure key, in source order, so that a second copy of an
/// existing listener gets a key of its own.
pub fn assign_occurrences(findings: &mut [Finding]) {
    let mut seen: HashMap<String, u32> = HashMap::new();
    for finding in findings {
        let count = seen.entry(finding.exposure_key()).or_insert(0);
        finding.occurrence = *count;
        *count += 1;
    }
}

/// Sets each finding's status: [`Status::New`] unless a base version has a finding with the same
/// key. With no bases (a file the change adds) everything is new.
pub fn attribute(findings: &mut [Finding], bases: &[&[Finding]]) {
    let base_keys: Vec<Vec<(String, u32)>> = bases
        .iter()
        .map(|base| {
            base.iter()
                .map(|old| (old.exposure_key(), old.occurrence))
                .collect()
        })
        .collect();
    for finding in findings {
        let key = (finding.exposure_key(), finding.occurrence);
        // During a merge a finding is new only if it is absent from every parent (SPEC 4):
        // present in any one base makes it existing.
        let in_any_base = base_keys.iter().any(|base| base.contains(&key));
        finding.status = Some(if in_any_base {
            Status::Existing
        } else {
            Status::New
        });
    }
}

/// One file of a change, for [`attribute_moves`]: its findings (statuses set by [`attribute`])
/// and the findings of its first base version (empty for an added file).
pub struct ChangedFindings<'a> {
    /// The new version's findings.
    pub findings: &'a mut [Finding],
    /// The first base version's findings.
    pub base: &'a [Finding],
}

/// Across the files of one change: a new finding whose key the change removed from another file
/// (more copies in that file's base than in its new version) moved there, and is existing. Keys
/// are counted as multisets over the change, so a copy that stays in its old file and also
/// appears in another is still new. Files are taken in order, findings in source order.
pub fn attribute_moves(files: &mut [ChangedFindings<'_>]) {
    let mut count: HashMap<String, i64> = HashMap::new();
    for file in files.iter() {
        let mut balance: HashMap<String, i64> = HashMap::new();
        for old in file.base {
            *balance.entry(old.exposure_key()).or_insert(0) += 1;
        }
        for finding in file.findings.iter() {
            *balance.entry(finding.exposure_key()).or_insert(0) -= 1;
        }
        for (key, removed) in balance {
            if removed > 0 {
                *count.entry(key).or_insert(0) += removed;
            }
        }
    }
    if count.is_empty() {
        return;
    }
    for file in files.iter_mut() {
        for finding in file.findings.iter_mut() {
            if finding.status != Some(Status::New) {
                continue;
            }
            if let Some(removed) = count.get_mut(&finding.exposure_key())
                && *removed > 0
            {
                *removed -= 1;
                finding.status = Some(Status::Existing);
            }
        }
    }
}

/// The lines a change added to a file (1-based, in the new version).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AddedLines {
    /// Sorted, non-overlapping, inclusive ranges.
    ranges: Vec<(u32, u32)>,
}

impl AddedLines {
    /// Every line of a file is added (a new file).
    pub fn all() -> AddedLines {
        AddedLines {
            ranges: vec![(1, u32::MAX)],
        }
    }

    /// Adds one line; lines must come in ascending order.
    pub fn push(&mut self, line: u32) {
        match self.ranges.last_mut() {
            Some((_, end)) if *end + 1 >= line => *end = (*end).max(line),
            _ => self.ranges.push((line, line)),
        }
    }

    /// True when `line` was added.
    pub fn contains(&self, line: u32) -> bool {
        self.ranges
            .iter()
            .any(|(start, end)| (*start..=*end).contains(&line))
    }

    /// True when any line of `first..=last` was added.
    pub fn touches(&self, first: u32, last: u32) -> bool {
        self.ranges
            .iter()
            .any(|(start, end)| *start <= last && first <= *end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{ChainLocation, Position, Span};
    use crate::rules::Rule;

    /// A finding of `callee` with host `host` (normalised), at `line`.
    fn finding(callee: &str, host: Option<&str>, line: u32) -> Finding {
        let position = Position { line, column: 1 };
        Finding {
            rule: Rule::ServerAllInterfaces,
            path: "a.py".into(),
            span: Span {
                start: position,
                end: position,
            },
            host_span: None,
            statement_lines: (line, line),
            message: String::new(),
            host: host.map(str::to_owned),
            origin: None,
            origin_elsewhere: None,
            chain: Vec::new(),
            callee: callee.into(),
            host_key: host.map(str::to_owned),
            occurrence: 0,
            status: None,
            suppression: None,
            suppression_note: None,
            configuration: None,
            cause: None,
        }
    }

    fn run(host: &str, line: u32) -> Finding {
        finding("app.run()", Some(host), line)
    }

    fn statuses(findings: &[Finding]) -> Vec<Option<Status>> {
        findings.iter().map(|finding| finding.status).collect()
    }

    #[test]
    fn key_ignores_place_and_other_arguments_but_not_host_callee_rule_or_chain() {
        let base = run("\"0.0.0.0\"", 3);
        // Another line (moved, or `debug=`/the port edited: they are not part of the key).
        assert_eq!(run("\"0.0.0.0\"", 40).exposure_key(), base.exposure_key());
        assert_ne!(run("\"::\"", 3).exposure_key(), base.exposure_key());
        assert_ne!(
            finding("uvicorn.run()", Some("\"0.0.0.0\""), 3).exposure_key(),
            base.exposure_key()
        );
        assert_ne!(
            finding("app.run()", None, 3).exposure_key(),
            base.exposure_key()
        );
        let mut other_rule = run("\"0.0.0.0\"", 3);
        other_rule.rule = Rule::BindAllInterfaces;
        assert_ne!(other_rule.exposure_key(), base.exposure_key());
        let mut through_wrapper = run("\"0.0.0.0\"", 3);
        through_wrapper.chain.push(ChainLocation {
            callee: "uvicorn.run()".into(),
            path: "serve.py".into(),
            span: base.span,
        });
        assert_ne!(through_wrapper.exposure_key(), base.exposure_key());
        let mut configured = run("\"0.0.0.0\"", 3);
        configured.configuration = Some("the `--host` option".into());
        assert_ne!(configured.exposure_key(), base.exposure_key());
    }

    #[test]
    fn fingerprint_follows_the_key_not_the_line() {
        let base = run("\"0.0.0.0\"", 3);
        assert_eq!(run("\"0.0.0.0\"", 9).fingerprint(), base.fingerprint());
        assert_ne!(run("\"::\"", 3).fingerprint(), base.fingerprint());
        let mut twin = run("\"0.0.0.0\"", 3);
        twin.occurrence = 1;
        assert_ne!(twin.fingerprint(), base.fingerprint());
    }

    #[test]
    fn second_identical_listener_is_new() {
        let base = vec![run("\"0.0.0.0\"", 1)];
        let mut new = vec![run("\"0.0.0.0\"", 1), run("\"0.0.0.0\"", 5)];
        assign_occurrences(&mut new);
        attribute(&mut new, &[&base]);
        assert_eq!(statuses(&new), [Some(Status::Existing), Some(Status::New)]);
    }

    #[test]
    fn changed_host_is_new() {
        let base = vec![run("\"0.0.0.0\"", 1)];
        let mut new = vec![run("\"::\"", 1)];
        attribute(&mut new, &[&base]);
        assert_eq!(statuses(&new), [Some(Status::New)]);
    }

    #[test]
    fn added_file_has_only_new_findings() {
        let mut new = vec![run("\"0.0.0.0\"", 1)];
        attribute(&mut new, &[]);
        assert_eq!(statuses(&new), [Some(Status::New)]);
    }

    #[test]
    fn merge_finding_from_either_parent_is_existing() {
        let ours: Vec<Finding> = vec![];
        let theirs = vec![run("\"0.0.0.0\"", 1)];
        let mut merged = vec![run("\"0.0.0.0\"", 1)];
        attribute(&mut merged, &[&ours, &theirs]);
        assert_eq!(statuses(&merged), [Some(Status::Existing)]);
    }

    /// Attributes `new` against its own base, then across the change; returns the statuses of
    /// each file's findings.
    fn across(files: Vec<(Vec<Finding>, Vec<Finding>)>) -> Vec<Vec<Option<Status>>> {
        let mut files = files;
        for (new, base) in &mut files {
            assign_occurrences(new);
            assign_occurrences(base);
            attribute(new, &[base]);
        }
        let mut changed: Vec<ChangedFindings<'_>> = files
            .iter_mut()
            .map(|(new, base)| ChangedFindings {
                findings: new,
                base,
            })
            .collect();
        attribute_moves(&mut changed);
        files.iter().map(|(new, _)| statuses(new)).collect()
    }

    #[test]
    fn listener_moved_to_another_file_is_existing() {
        let moved = across(vec![
            (vec![], vec![run("\"0.0.0.0\"", 4)]),
            (vec![run("\"0.0.0.0\"", 2)], vec![]),
        ]);
        assert_eq!(moved[1], [Some(Status::Existing)]);
    }

    #[test]
    fn listener_copied_to_another_file_is_new() {
        let copied = across(vec![
            (vec![run("\"0.0.0.0\"", 4)], vec![run("\"0.0.0.0\"", 4)]),
            (vec![run("\"0.0.0.0\"", 2)], vec![]),
        ]);
        assert_eq!(
            copied,
            [vec![Some(Status::Existing)], vec![Some(Status::New)]]
        );
    }

    #[test]
    fn listener_moved_with_a_new_host_is_new() {
        let moved = across(vec![
            (vec![], vec![run("\"0.0.0.0\"", 4)]),
            (vec![run("\"::\"", 2)], vec![]),
        ]);
        assert_eq!(moved[1], [Some(Status::New)]);
    }

    #[test]
    fn one_removed_copy_excuses_one_moved_copy_only() {
        let moved = across(vec![
            (vec![], vec![run("\"0.0.0.0\"", 4)]),
            (vec![run("\"0.0.0.0\"", 2), run("\"0.0.0.0\"", 8)], vec![]),
        ]);
        assert_eq!(moved[1], [Some(Status::Existing), Some(Status::New)]);
    }

    #[test]
    fn added_lines_merge_adjacent_ranges() {
        let mut added = AddedLines::default();
        for line in [3, 4, 5, 9] {
            added.push(line);
        }
        assert!(added.contains(4));
        assert!(!added.contains(6));
        assert!(added.touches(6, 9));
        assert!(!added.touches(6, 8));
    }
}
