//! Arbitrary text through the configuration loader's validation, as a standalone
//! `.bindcheck.toml` and as a `pyproject.toml`, then the settings it accepts through the path
//! rules they configure. Errors are expected; a panic is a bug.
//!
//! Also checks that an error names the file, as every configuration message must.

#![no_main]

use std::path::Path;

use git_bindcheck::config_file::parse_text;
use git_bindcheck::path_rules::PathRules;
use git_bindcheck::rules::RuleSelection;
use libfuzzer_sys::fuzz_target;

const PATHS: &[&str] = &[
    "setup.py",
    "src/app/server.py",
    "tests/test_x.py",
    "a b/ü.py",
    "",
];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for (pyproject, display) in [(false, ".bindcheck.toml"), (true, "pyproject.toml")] {
        match parse_text(text, pyproject, display) {
            Ok(None) => assert!(pyproject, "a standalone file always has settings"),
            Ok(Some(settings)) => {
                let rules = PathRules::new(
                    Path::new("/repo"),
                    Path::new("/repo"),
                    settings.exclude,
                    settings.extend_exclude,
                    settings.per_file_ignores,
                );
                let selection = RuleSelection::default();
                for path in PATHS {
                    let _ = rules.is_excluded(path, false);
                    let _ = rules.is_excluded_while_walking(path, "app", true);
                    let _ = rules.rules_for(path, &selection);
                }
            }
            Err(error) => {
                let message = format!("{error:#}");
                assert!(
                    message.starts_with(display),
                    "an error that does not name the file: {message}"
                );
            }
        }
    }
});
