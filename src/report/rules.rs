//! `git bindcheck rules` and `git bindcheck explain CODE`: the rule table and one rule's
//! documentation.

use std::io::{self, Write};

use crate::rules::{Rule, RuleSelection};

/// Writes the rule table: code, name, whether it runs by default, summary.
pub fn write_table(out: &mut dyn Write, selection: &RuleSelection) -> io::Result<()> {
    writeln!(out, "{:<8} {:<28} {:<9} summary", "code", "name", "enabled")?;
    for rule in Rule::ALL {
        let info = rule.info();
        let enabled = if selection.contains(*rule) {
            "yes"
        } else {
            "no"
        };
        writeln!(
            out,
            "{:<8} {:<28} {:<9} {}",
            info.code, info.name, enabled, info.summary
        )?;
    }
    out.flush()
}

/// Writes one rule's full documentation.
pub fn write_explanation(out: &mut dyn Write, rule: Rule) -> io::Result<()> {
    let info = rule.info();
    let default = if info.enabled_by_default {
        "Enabled by default"
    } else {
        "Off by default; enable it with `--select`"
    };
    writeln!(out, "# {} ({})\n", info.name, info.code)?;
    writeln!(out, "{}. {default}.\n", info.summary)?;
    write!(out, "{}", info.documentation)?;
    out.flush()
}
