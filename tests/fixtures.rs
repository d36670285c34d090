//! Rule fixtures: every `tests/fixtures/*.py` is scanned with the default rules (or those its
//! `# fixture-select:` line names), and the
//! findings must be exactly the ones its `# error: CODE[, CODE…]` comments announce.
//!
//! A finding is expected on the line where the listening call starts; every line without an
//! `# error:` comment must produce none. `# ok: …` comments document negatives and are not read.

// Helpers outside `#[test]` functions: a broken fixture or a failed run is reported by panicking.
#![allow(clippy::expect_used)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// The marker that introduces an expectation in a fixture comment.
const EXPECTATION_MARKER: &str = "# error:";

/// `(line, rule)` pairs with how many times each is expected or found.
type FindingCounts = BTreeMap<(usize, String), usize>;

fn fixtures_directory() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The `*.py` files directly in `directory`, sorted.
fn python_files(directory: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(directory)
        .expect("the fixtures directory is readable")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "py"))
        .collect();
    files.sort();
    files
}

/// Rule codes announced on one source line, e.g. `x.bind(a)  # error: BND001, BND003`.
///
/// The codes run until the first word that is not a rule code, so a note may follow them.
fn expected_rules(line: &str) -> Vec<String> {
    let Some(position) = line.find(EXPECTATION_MARKER) else {
        return Vec::new();
    };
    line[position + EXPECTATION_MARKER.len()..]
        .split(|character: char| character == ',' || character.is_whitespace())
        .filter(|word| !word.is_empty())
        .take_while(|word| is_rule_code(word))
        .map(str::to_owned)
        .collect()
}

/// True for words shaped like `BND001`.
fn is_rule_code(word: &str) -> bool {
    word.len() == 6
        && word[..3].bytes().all(|byte| byte.is_ascii_uppercase())
        && word[3..].bytes().all(|byte| byte.is_ascii_digit())
}

/// Every `(line, rule)` the fixture's `# error:` comments announce (lines are 1-based).
fn expectations(source: &str) -> FindingCounts {
    let mut expected = FindingCounts::new();
    for (index, line) in source.lines().enumerate() {
        for rule in expected_rules(line) {
            *expected.entry((index + 1, rule)).or_default() += 1;
        }
    }
    expected
}

/// The rules a fixture checks: `# fixture-select: BND100,BND101` on a line of its own, else
/// the default rules (so that opt-in audit rules do not fire on every fixture).
fn selection(source: &str) -> Option<String> {
    source.lines().find_map(|line| {
        line.trim()
            .strip_prefix("# fixture-select:")
            .map(|codes| codes.trim().to_owned())
    })
}

/// Runs `git-bindcheck scan <fixture> --format json [--select CODES]` and counts its findings.
fn findings(fixture: &Path) -> FindingCounts {
    let source = std::fs::read_to_string(fixture).expect("a readable fixture");
    let mut command = Command::new(env!("CARGO_BIN_EXE_git-bindcheck"));
    command
        .arg("scan")
        .arg(fixture)
        .args(["--format", "json", "--color", "never"]);
    if let Some(codes) = selection(&source) {
        command.args(["--select", &codes]);
    }
    let output = command.output().expect("the git-bindcheck binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}: git-bindcheck failed with {:?}:\n{stderr}",
        fixture.display(),
        output.status
    );
    assert!(
        !stderr.contains("warning:"),
        "{}: the fixture must decode and parse cleanly:\n{stderr}",
        fixture.display()
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "{}: stdout is not JSON ({error}):\n{}",
            fixture.display(),
            String::from_utf8_lossy(&output.stdout)
        )
    });
    assert_eq!(
        report["summary"]["files_checked"],
        1,
        "{}: exactly the fixture is checked",
        fixture.display()
    );
    let mut found = FindingCounts::new();
    let list = report["findings"].as_array().expect("a findings array");
    for finding in list {
        let line = finding["line"].as_u64().expect("a numeric line");
        let rule = finding["rule"].as_str().expect("a rule code");
        let line = usize::try_from(line).expect("a line number that fits usize");
        *found.entry((line, rule.to_owned())).or_default() += 1;
    }
    let blocking = report["summary"]["blocking"].as_u64().unwrap_or_default();
    assert_eq!(
        output.status.code() == Some(1),
        blocking > 0,
        "{}: exit status {:?} does not match {blocking} blocking findings",
        fixture.display(),
        output.status
    );
    found
}

/// Lists, line by line, what one set has more of than the other.
fn difference(label: &str, more: &FindingCounts, less: &FindingCounts, lines: &[&str]) -> String {
    let mut text = String::new();
    for ((line, rule), count) in more {
        let other = less
            .get(&(*line, rule.clone()))
            .copied()
            .unwrap_or_default();
        for _ in other..*count {
            let source = line
                .checked_sub(1)
                .and_then(|index| lines.get(index))
                .map_or("", |source| source.trim());
            let _ = writeln!(text, "  {label} {rule} at line {line}: {source}");
        }
    }
    text
}

/// Checks one fixture, returning a description of every mismatch.
fn check_fixture(fixture: &Path) -> Result<(), String> {
    let source = std::fs::read_to_string(fixture).expect("the fixture is readable UTF-8");
    let expected = expectations(&source);
    let found = findings(fixture);
    if expected == found {
        return Ok(());
    }
    let lines: Vec<&str> = source.lines().collect();
    let shown = fixture
        .strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(fixture);
    Err(format!(
        "{}:\n{}{}",
        shown.display(),
        difference("missing   ", &expected, &found, &lines),
        difference("unexpected", &found, &expected, &lines),
    ))
}

macro_rules! fixture_tests {
    ($($name:ident),+ $(,)?) => {
        $(
            #[test]
            fn $name() {
                let fixture = fixtures_directory().join(concat!(stringify!($name), ".py"));
                if let Err(mismatches) = check_fixture(&fixture) {
                    panic!("findings differ from the fixture's `# error:` comments\n{mismatches}");
                }
            }
        )+

        /// The names given to `fixture_tests!`, to check that none of the files is forgotten.
        const LISTED_FIXTURES: &[&str] = &[$(stringify!($name)),+];
    };
}

fixture_tests!(
    bnd001_socket_bind,
    bnd001_servers,
    bnd001_resolution,
    bnd001_star_import,
    bnd001_precision,
    bnd001_getaddrinfo,
    bnd001_families,
    bnd001_family_enums,
    bnd001_loops,
    bnd001_pybluez_star,
    bnd001_resolution_flags,
    bnd001_server_subclass,
    bnd003_asyncio,
    bnd002_web_frameworks,
    bnd002_async_servers,
    bnd002_twisted,
    bnd002_rpc,
    bnd002_settings,
    bnd002_endpoint_builders,
    bnd004_configuration,
    bnd100_audit,
    bnd101_ports,
    bnd102_reuse_port,
    wrappers,
    containers,
    objects,
    bnd002_launch_commands,
    bnd001_bound_not_listening,
    bnd002_more_servers,
    bnd100_client_ports,
);

/// The gunicorn config fixture: its module-level `bind` is a setting only in files gunicorn
/// reads as its config, so it lives in a subdirectory (the `*.py` scan above skips it) and is
/// checked here under each config-file name, copied into a temporary directory.
const GUNICORN_CONFIG_FIXTURE: &str = "gunicorn/gunicorn.conf.py";

#[test]
fn gunicorn_config_files() {
    let fixture = fixtures_directory().join(GUNICORN_CONFIG_FIXTURE);
    let source = std::fs::read_to_string(&fixture).expect("the gunicorn fixture is readable");
    assert!(
        !expectations(&source).is_empty() && source.contains("# ok:"),
        "the gunicorn fixture needs positive and negative cases"
    );
    let directory = tempfile::tempdir().expect("a temporary directory");
    let mut mismatches = String::new();
    for name in ["gunicorn.conf.py", "gunicorn_conf.py", "gunicorn_config.py"] {
        let copy = directory.path().join(name);
        std::fs::write(&copy, &source).expect("the fixture copy is written");
        if let Err(mismatch) = check_fixture(&copy) {
            mismatches.push_str(&mismatch);
        }
    }
    assert!(
        mismatches.is_empty(),
        "findings differ from the fixture's `# error:` comments\n{mismatches}"
    );
}

#[test]
fn gunicorn_bind_is_a_plain_variable_elsewhere() {
    let fixture = fixtures_directory().join(GUNICORN_CONFIG_FIXTURE);
    let source = std::fs::read_to_string(&fixture).expect("the gunicorn fixture is readable");
    let directory = tempfile::tempdir().expect("a temporary directory");
    let copy = directory.path().join("settings.py");
    std::fs::write(&copy, &source).expect("the fixture copy is written");
    let found = findings(&copy);
    assert!(
        found.is_empty(),
        "`bind = ...` outside a gunicorn config file is reported: {found:?}"
    );
}

#[test]
fn every_fixture_file_has_a_test() {
    let on_disk: Vec<String> = python_files(&fixtures_directory())
        .iter()
        .filter_map(|path| Some(path.file_stem()?.to_str()?.to_owned()))
        .collect();
    let mut listed: Vec<String> = LISTED_FIXTURES
        .iter()
        .map(|name| (*name).to_owned())
        .collect();
    listed.sort();
    assert_eq!(
        on_disk, listed,
        "add each tests/fixtures/*.py to fixture_tests! in tests/fixtures.rs"
    );
}

#[test]
fn every_fixture_has_positive_and_negative_cases() {
    for name in LISTED_FIXTURES {
        let path = fixtures_directory().join(format!("{name}.py"));
        let source = std::fs::read_to_string(&path).expect("the fixture is readable");
        assert!(
            !expectations(&source).is_empty(),
            "{name}.py announces no finding"
        );
        assert!(source.contains("# ok:"), "{name}.py documents no negative");
    }
}

#[test]
fn expectation_comments_are_parsed() {
    assert_eq!(expected_rules("s.bind(a)  # error: BND001"), ["BND001"]);
    assert_eq!(
        expected_rules("f()  # error: BND001, BND003 -- two calls"),
        ["BND001", "BND003"]
    );
    assert!(expected_rules("s.bind(a)  # ok: loopback").is_empty());
    assert!(expected_rules("s.bind(a)").is_empty());
}

/// Multi-file fixtures: every directory under `tests/fixtures/projects` is a small repository
/// whose files import each other; `scan .` inside it must report exactly what the `# error:`
/// comments of all its files announce, by path and line.
#[test]
fn project_fixtures() {
    let projects = fixtures_directory().join("projects");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&projects)
        .expect("the projects directory is readable")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.is_dir())
        .collect();
    names.sort();
    assert!(names.len() >= 3, "the project fixtures are missing");
    let mut mismatches = String::new();
    for project in &names {
        let mut expected: BTreeMap<(String, usize, String), usize> = BTreeMap::new();
        let mut pending = vec![project.clone()];
        while let Some(directory) = pending.pop() {
            for entry in std::fs::read_dir(&directory).expect("a readable directory") {
                let path = entry.expect("a directory entry").path();
                if path.is_dir() {
                    pending.push(path);
                } else if path.extension().is_some_and(|extension| extension == "py") {
                    let relative = path
                        .strip_prefix(project)
                        .expect("inside the project")
                        .to_string_lossy()
                        .replace('\\', "/");
                    let source = std::fs::read_to_string(&path).expect("readable UTF-8");
                    for ((line, rule), count) in expectations(&source) {
                        *expected.entry((relative.clone(), line, rule)).or_default() += count;
                    }
                }
            }
        }
        let output = Command::new(env!("CARGO_BIN_EXE_git-bindcheck"))
            .current_dir(project)
            .args(["scan", ".", "--format", "json", "--color", "never"])
            .output()
            .expect("the git-bindcheck binary runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            matches!(output.status.code(), Some(0 | 1)) && !stderr.contains("warning:"),
            "{}: {stderr}",
            project.display()
        );
        let report: Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
        let mut found: BTreeMap<(String, usize, String), usize> = BTreeMap::new();
        for finding in report["findings"].as_array().expect("a findings array") {
            let path = finding["path"].as_str().expect("a path").to_owned();
            let line = usize::try_from(finding["line"].as_u64().expect("a line")).expect("fits");
            let rule = finding["rule"].as_str().expect("a rule").to_owned();
            *found.entry((path, line, rule)).or_default() += 1;
        }
        if expected != found {
            let _ = writeln!(
                mismatches,
                "{}:\n  expected {expected:?}\n  found    {found:?}",
                project.display()
            );
        }
    }
    assert!(mismatches.is_empty(), "{mismatches}");
}

/// The first search stays sound across files: every file of a project fixture with an expected
/// finding gets past it, through its own listener words or through the project wrappers it
/// imports (a file such as `run.py`, which only calls `serve()`, has no listener word at all).
#[test]
fn project_fixture_files_with_findings_pass_the_filter() {
    use git_bindcheck::project::{Project, WorkTreeSource};
    use git_bindcheck::python::SourceKind;
    use git_bindcheck::rules::prefilter;

    let projects = fixtures_directory().join("projects");
    let mut through_imports = 0;
    for project_entry in std::fs::read_dir(&projects).expect("the projects directory") {
        let project_root = project_entry.expect("an entry").path();
        let project = Project::new(Box::new(WorkTreeSource::new(project_root.clone())));
        let mut pending = vec![project_root.clone()];
        while let Some(directory) = pending.pop() {
            for entry in std::fs::read_dir(&directory).expect("a readable directory") {
                let path = entry.expect("a directory entry").path();
                if path.is_dir() {
                    pending.push(path);
                    continue;
                }
                if path.extension().is_none_or(|extension| extension != "py") {
                    continue;
                }
                let bytes = std::fs::read(&path).expect("readable");
                if expectations(&String::from_utf8_lossy(&bytes)).is_empty() {
                    continue;
                }
                let relative = path
                    .strip_prefix(&project_root)
                    .expect("inside the project")
                    .to_string_lossy()
                    .replace('\\', "/");
                let own_words = prefilter::may_listen(&relative, &bytes, SourceKind::Module);
                let imports = project.may_call_wrappers(&relative, &bytes);
                through_imports += usize::from(!own_words && imports);
                assert!(
                    own_words || imports,
                    "{}: has findings but the first search drops it",
                    path.display()
                );
            }
        }
    }
    assert!(
        through_imports > 0,
        "no fixture reaches a listener only through an imported wrapper: the test proves nothing"
    );
}
