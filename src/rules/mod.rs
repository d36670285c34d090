//! The rules: their codes, names, defaults and documentation, and rule selection.
//!
//! Each rule lives in its own file whose `INFO` constant is its documentation (what it does, why
//! it is bad, an example, the fix, references), printed by `git bindcheck explain CODE`. What a
//! rule detects is described by the sink catalogue in [`sinks`]; the analysis in
//! `crate::python` decides which rule a listening call falls under.

pub mod any_listener;
pub mod bind_all_interfaces;
pub mod commands;
pub mod configurable_all_interfaces;
pub mod hardcoded_port;
pub mod implicit_all_interfaces;
pub mod prefilter;
pub mod server_all_interfaces;
pub mod shared_port;
pub mod sinks;

use anyhow::{Result, bail};

/// Static description of one rule.
#[derive(Debug)]
pub struct RuleInfo {
    /// The code, e.g. `BND001`.
    pub code: &'static str,
    /// The kebab-case name, e.g. `bind-all-interfaces`.
    pub name: &'static str,
    /// Whether the rule runs without `--select`.
    pub enabled_by_default: bool,
    /// One line: what the rule reports.
    pub summary: &'static str,
    /// The full Markdown documentation: what it does, why, example, fix, references.
    pub documentation: &'static str,
    /// What the underline under the flagged code says in human output.
    pub label: &'static str,
    /// The fix, as a help line. `{configuration}` stands for what the finding names as the
    /// configuration (``the `--host` option``), where the rule has one.
    pub fix: &'static str,
    /// When the suppression comment is the right answer: `if every interface is intended`.
    pub when_intended: &'static str,
}

/// A rule of git-bindcheck.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    /// BND001: a standard-library socket, server or asyncio listener given an all-interfaces
    /// address.
    BindAllInterfaces,
    /// BND002: a third-party server or framework given an all-interfaces host.
    ServerAllInterfaces,
    /// BND003: a listener called without a host where the library's default is all interfaces.
    ImplicitAllInterfaces,
    /// BND004: the host comes from configuration whose default is all interfaces.
    ConfigurableAllInterfaces,
    /// BND100: every listening call, whatever its host (off by default).
    AnyListener,
    /// BND101: a listener whose port is a literal other than 0 (off by default).
    HardcodedPort,
    /// BND102: `SO_REUSEPORT` on a listening socket (off by default).
    SharedPort,
}

impl Rule {
    /// Every rule, in code order.
    pub const ALL: &'static [Rule] = &[
        Rule::BindAllInterfaces,
        Rule::ServerAllInterfaces,
        Rule::ImplicitAllInterfaces,
        Rule::ConfigurableAllInterfaces,
        Rule::AnyListener,
        Rule::HardcodedPort,
        Rule::SharedPort,
    ];

    /// The rule's static description.
    pub fn info(self) -> &'static RuleInfo {
        match self {
            Rule::BindAllInterfaces => &bind_all_interfaces::INFO,
            Rule::ServerAllInterfaces => &server_all_interfaces::INFO,
            Rule::ImplicitAllInterfaces => &implicit_all_interfaces::INFO,
            Rule::ConfigurableAllInterfaces => &configurable_all_interfaces::INFO,
            Rule::AnyListener => &any_listener::INFO,
            Rule::HardcodedPort => &hardcoded_port::INFO,
            Rule::SharedPort => &shared_port::INFO,
        }
    }

    /// The rule's code, e.g. `BND001`.
    pub fn code(self) -> &'static str {
        self.info().code
    }

    /// The rule's kebab-case name.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// Looks a rule up by code (case-insensitive) or by name.
    pub fn from_code_or_name(text: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|rule| {
            rule.code().eq_ignore_ascii_case(text) || rule.name().eq_ignore_ascii_case(text)
        })
    }
}

/// The set of rules a run reports, resolved from `--select` and `--ignore`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleSelection {
    enabled: Vec<Rule>,
}

impl Default for RuleSelection {
    fn default() -> Self {
        RuleSelection {
            enabled: Rule::ALL
                .iter()
                .copied()
                .filter(|rule| rule.info().enabled_by_default)
                .collect(),
        }
    }
}

impl RuleSelection {
    /// Resolves the selection like ruff does: `select` replaces the default set (when given),
    /// `extend_select` adds to it, `ignore` removes from it. Each entry is a code, a code prefix
    /// (`BND`, `BND00`), a rule name or `ALL`.
    pub fn resolve(
        select: Option<&[String]>,
        extend_select: &[String],
        ignore: &[String],
    ) -> Result<RuleSelection> {
        let mut enabled = match select {
            Some(selectors) => {
                let mut rules = Vec::new();
                for selector in selectors {
                    rules.extend(expand_selector(selector)?);
                }
                rules
            }
            None => RuleSelection::default().enabled,
        };
        for selector in extend_select {
            enabled.extend(expand_selector(selector)?);
        }
        for selector in ignore {
            let ignored = expand_selector(selector)?;
            enabled.retain(|rule| !ignored.contains(rule));
        }
        enabled.sort();
        enabled.dedup();
        Ok(RuleSelection { enabled })
    }

    /// True when `rule` is reported.
    pub fn contains(&self, rule: Rule) -> bool {
        self.enabled.contains(&rule)
    }

    /// This selection less `rules`.
    pub fn without(&self, rules: &[Rule]) -> RuleSelection {
        RuleSelection {
            enabled: self
                .enabled
                .iter()
                .copied()
                .filter(|rule| !rules.contains(rule))
                .collect(),
        }
    }
}

/// Expands one selector (a code, a code prefix such as `BND` or `BND00`, a rule name, or
/// `ALL`) to the rules it names; an unknown selector is an error listing the known rules.
pub fn expand_selector(selector: &str) -> Result<Vec<Rule>> {
    let selector = selector.trim();
    if selector.eq_ignore_ascii_case("ALL") {
        return Ok(Rule::ALL.to_vec());
    }
    if let Some(rule) = Rule::from_code_or_name(selector) {
        return Ok(vec![rule]);
    }
    let upper = selector.to_ascii_uppercase();
    let matching: Vec<Rule> = Rule::ALL
        .iter()
        .copied()
        .filter(|rule| !upper.is_empty() && rule.code().starts_with(&upper))
        .collect();
    if matching.is_empty() {
        let known: Vec<&str> = Rule::ALL.iter().map(|rule| rule.code()).collect();
        bail!(
            "unknown rule selector `{selector}` (known rules: {})",
            known.join(", ")
        );
    }
    Ok(matching)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_selection_has_default_rules() {
        let selection = RuleSelection::default();
        for rule in [
            Rule::BindAllInterfaces,
            Rule::ServerAllInterfaces,
            Rule::ImplicitAllInterfaces,
            Rule::ConfigurableAllInterfaces,
        ] {
            assert!(selection.contains(rule), "{}", rule.code());
        }
        for rule in [Rule::AnyListener, Rule::HardcodedPort, Rule::SharedPort] {
            assert!(!selection.contains(rule), "{}", rule.code());
        }
    }

    #[test]
    fn select_and_ignore_by_code_prefix_and_name() {
        let only_first = RuleSelection::resolve(Some(&["BND001".to_string()]), &[], &[])
            .expect("valid selector");
        assert!(only_first.contains(Rule::BindAllInterfaces));
        assert!(!only_first.contains(Rule::ImplicitAllInterfaces));

        let ignored = RuleSelection::resolve(
            Some(&["BND".to_string()]),
            &[],
            &["implicit-all-interfaces".into()],
        )
        .expect("valid selectors");
        assert!(ignored.contains(Rule::BindAllInterfaces));
        assert!(!ignored.contains(Rule::ImplicitAllInterfaces));
    }

    #[test]
    fn extend_select_adds_to_the_default_set_before_ignore() {
        let extended =
            RuleSelection::resolve(None, &["BND101".to_string()], &["BND001".to_string()])
                .expect("valid selectors");
        assert!(extended.contains(Rule::HardcodedPort));
        assert!(extended.contains(Rule::ImplicitAllInterfaces));
        assert!(!extended.contains(Rule::BindAllInterfaces));
        let without = extended.without(&[Rule::HardcodedPort]);
        assert!(!without.contains(Rule::HardcodedPort));
        assert!(without.contains(Rule::ImplicitAllInterfaces));
    }

    #[test]
    fn unknown_selector_is_an_error_naming_it() {
        let error = RuleSelection::resolve(Some(&["XYZ9".to_string()]), &[], &[])
            .expect_err("unknown selector");
        assert!(error.to_string().contains("XYZ9"));
    }

    #[test]
    fn every_rule_documents_what_why_example_fix_and_references() {
        for rule in Rule::ALL {
            let documentation = rule.info().documentation;
            for heading in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "## Use instead",
                "## References",
            ] {
                assert!(
                    documentation.contains(heading),
                    "{} lacks {heading}",
                    rule.code()
                );
            }
        }
    }

    #[test]
    fn audit_rules_labels_and_help_do_not_claim_all_interfaces() {
        for rule in Rule::ALL {
            let info = rule.info();
            assert!(
                !info.label.is_empty() && !info.fix.is_empty() && !info.when_intended.is_empty()
            );
            // Only BND004 knows which configuration to change.
            assert_eq!(
                info.fix.contains("{configuration}"),
                *rule == Rule::ConfigurableAllInterfaces,
                "{}",
                info.code
            );
            if !info.enabled_by_default {
                // The audit rules report listeners whatever their host.
                for text in [info.label, info.fix, info.when_intended] {
                    assert!(!text.contains("all interfaces"), "{}: {text}", info.code);
                    assert!(!text.contains("every interface"), "{}: {text}", info.code);
                    assert!(!text.contains("127.0.0.1"), "{}: {text}", info.code);
                }
            }
        }
    }
}
