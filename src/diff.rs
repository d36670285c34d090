//! Deciding what a change introduced: finding keys, occurrence indexes, new/existing
//! attribution against base versions, and the added lines of a file (SPEC 4).
//!
//! A finding's key is (rule, normalised statement text, occurrence index among equal keys); the
//! path is the same on both sides because the caller compares a file with its own base version
//! (after rename detection). A finding is new when its key is absent from every base.

use std::collections::HashMap;

use crate::finding::{Finding, Status};
use crate::rules::Rule;

/// Numbers findings that share rule and statement text, in source order, so that a second copy
/// of an existing statement gets a key of its own.
pub fn assign_occurrences(findings: &mut [Finding]) {
    let mut seen: HashMap<(Rule, String), u32> = HashMap::new();
    for finding in findings {
        let count = seen
            .entry((finding.rule, finding.key_text.clone()))
            .or_insert(0);
        finding.occurrence = *count;
        *count += 1;
    }
}

/// Sets each finding's status: [`Status::New`] unless a base version has a finding with the same
/// key. With no bases (a file the change adds) everything is new.
pub fn attribute(findings: &mut [Finding], bases: &[&[Finding]]) {
    for finding in findings {
        // During a merge a finding is new only if it is absent from every parent (SPEC 4):
        // present in any one base makes it existing.
        let in_any_base = bases.iter().any(|base| {
            base.iter().any(|old| {
                old.rule == finding.rule
                    && old.occurrence == finding.occurrence
                    && old.key_text == finding.key_text
            })
        });
        finding.status = Some(if in_any_base {
            Status::Existing
        } else {
            Status::New
        });
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
    use crate::finding::{Position, Span};

    fn finding(key: &str) -> Finding {
        let position = Position { line: 1, column: 1 };
        Finding {
            rule: Rule::BindAllInterfaces,
            path: "a.py".into(),
            span: Span {
                start: position,
                end: position,
            },
            host_span: None,
            statement_lines: (1, 1),
            message: String::new(),
            host: None,
            origin: None,
            origin_elsewhere: None,
            chain: Vec::new(),
            key_text: key.into(),
            occurrence: 0,
            status: None,
            suppression: None,
            suppression_note: None,
            configuration: None,
        }
    }

    #[test]
    fn second_identical_bind_is_new() {
        let base = vec![finding("s.bind((HOST,PORT))")];
        let mut new = vec![
            finding("s.bind((HOST,PORT))"),
            finding("s.bind((HOST,PORT))"),
        ];
        assign_occurrences(&mut new);
        attribute(&mut new, &[&base]);
        assert_eq!(new[0].status, Some(Status::Existing));
        assert_eq!(new[1].status, Some(Status::New));
    }

    #[test]
    fn changed_statement_is_new() {
        let base = vec![finding("s.bind((HOST,8080))")];
        let mut new = vec![finding("s.bind((HOST,9090))")];
        attribute(&mut new, &[&base]);
        assert_eq!(new[0].status, Some(Status::New));
    }

    #[test]
    fn added_file_has_only_new_findings() {
        let mut new = vec![finding("x")];
        attribute(&mut new, &[]);
        assert_eq!(new[0].status, Some(Status::New));
    }

    #[test]
    fn merge_finding_from_either_parent_is_existing() {
        let ours: Vec<Finding> = vec![];
        let theirs = vec![finding("x")];
        let mut merged = vec![finding("x")];
        attribute(&mut merged, &[&ours, &theirs]);
        assert_eq!(merged[0].status, Some(Status::Existing));
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
