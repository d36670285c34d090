//! The history replay (issue 12): for every commit of a generated repository's history,
//! `git-bindcheck diff PARENT COMMIT` reports as new exactly what `scan` finds at the commit and
//! not at its parent, up to renames (git's rename detection maps the parent's paths) and moves
//! between files of the same commit (a finding removed from one file and added to another is
//! not new, SPEC 4).
//!
//! The oracle is deliberately different machinery: `scan` analyses whole checkouts of the two
//! commits, found by walking the work tree, while `diff` reads only the changed files' blobs
//! from the commits and attributes findings by their exposure keys. A finding is compared by
//! its path, rule, message (callee, host, configuration; places such as `app/helpers.py:5`
//! removed, quotes unified) and wrapper chain: never by its line or column.
//!
//! Each commit of the history also states how many new findings it introduces, so that the
//! replay cannot pass by both sides finding nothing. Where the two sides legitimately differ,
//! the difference is listed in [`KNOWN_DISAGREEMENTS`] with its reason and asserted exactly.

// Helpers outside `#[test]` functions: a failed expectation is how they report a broken fixture.
#![allow(clippy::expect_used)]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::TestRepo;
use serde_json::Value;

/// A multiset of findings: `(path, key)` to how many.
type Findings = BTreeMap<(String, String), usize>;

/// One change to the work tree, before a commit.
enum Change {
    /// Write a file (creating its directories).
    Write(&'static str, String),
    /// `git rm` a file.
    Remove(&'static str),
    /// `git mv` a file.
    Rename(&'static str, &'static str),
}

use Change::{Remove, Rename, Write};

/// A difference between `diff` and the difference of the scans that the replay expects, with
/// the reason.
struct KnownDisagreement {
    /// The commit's message.
    commit: &'static str,
    /// `(path, text the key contains)` of findings `diff` reports as new and the scans do not.
    only_in_diff: &'static [(&'static str, &'static str)],
    /// `(path, text the key contains)` of findings the scans add and `diff` does not report.
    only_in_scans: &'static [(&'static str, &'static str)],
    /// Why they differ.
    reason: &'static str,
}

/// The differences the replay expects, each with its reason. None is known: a listener moved
/// out of a deleted module into one git does not pair with it as a rename was the last (fixed:
/// the change lists its deleted files for move attribution).
const KNOWN_DISAGREEMENTS: &[KnownDisagreement] = &[];

/// The web application: a Flask app on loopback, and `extra` (functions) after it.
fn server(extra: &str) -> String {
    format!(
        "\"\"\"The web application.\"\"\"\nimport uvicorn\nfrom flask import Flask\n\n\
         app = Flask(__name__)\n\n\n@app.route(\"/\")\ndef index():\n    return \"hello\"\n\n\n\
         def run_local():\n    app.run(host=\"127.0.0.1\", port=5000)\n{extra}"
    )
}

/// `run_public` with the given `uvicorn.run` arguments after the application.
fn run_public(arguments: &str) -> String {
    format!("\n\ndef run_public(asgi):\n    uvicorn.run(asgi, {arguments})\n")
}

/// A raw socket server module: one listening socket per address in `binds`.
fn network(binds: &[&str]) -> String {
    let mut text = String::from("import socket\n\n\ndef start(port):\n");
    for (index, address) in binds.iter().enumerate() {
        text.push_str(&format!(
            "    s{index} = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\n    \
             s{index}.bind(({address}, port))\n    s{index}.listen(5)\n"
        ));
    }
    text.push_str("    return None\n");
    text
}

/// A command-line entry point whose host option defaults to `default`.
fn cli(default: &str) -> String {
    format!(
        "import os\n\nfrom flask import Flask\n\napp = Flask(__name__)\n\n\ndef main():\n    \
         host = os.environ.get(\"HOST\", \"{default}\")\n    app.run(host=host, debug=True)\n"
    )
}

/// A wrapper around uvicorn whose host defaults to loopback.
const HELPERS: &str = "import uvicorn\n\n\ndef serve(asgi, host=\"127.0.0.1\", port=8000):\n    \
                       uvicorn.run(asgi, host=host, port=port)\n";

/// A caller of the wrapper with these arguments.
fn main_module(arguments: &str) -> String {
    format!("from app.helpers import serve\n\n\ndef start(asgi):\n    serve(asgi, {arguments})\n")
}

/// Padding that makes a module big enough for git's rename detection to tell it apart.
fn helpers_block(prefix: &str, count: usize) -> String {
    (0..count)
        .map(|index| {
            format!(
                "\n\ndef {prefix}_{index}(value):\n    total = value * {index}\n    \
                 return total + len(str(value))\n"
            )
        })
        .collect()
}

/// A module with a same-file host constant and a listener that uses it.
fn settings_listener(host: &str, comment: &str) -> String {
    format!(
        "import asyncio\n\n{comment}HOST = \"{host}\"\n\n\nasync def main(handler):\n    \
         server = await asyncio.start_server(handler, HOST, 8888)\n    \
         await server.serve_forever()\n"
    )
}

/// A twisted service, listening on the library's default interface (all) unless told.
fn feature(arguments: &str) -> String {
    format!(
        "from twisted.internet import reactor\n\n\ndef start(factory):\n    \
         reactor.listenTCP({arguments})\n"
    )
}

/// A twisted endpoint description built with `%` from a module template, listening on all
/// interfaces (no `interface=`), called as `call`.
fn endpoint(call: &str) -> String {
    format!(
        "from twisted.internet import endpoints\n\n\
         TEMPLATE = \"ssl:4321:privateKey=%s:extraCertChain=%s\"\n\n\n\
         def start(reactor, key, chain):\n    return endpoints.serverFromString({call})\n"
    )
}

/// The call as written by hand.
const ENDPOINT_CALL: &str =
    "\n        reactor, TEMPLATE % (key,\n                             chain,)";

/// The call as a formatter wraps it: the `%` operand on lines of its own, which parse only
/// inside the call's parentheses.
const ENDPOINT_CALL_WRAPPED: &str = "\n        reactor,\n        TEMPLATE\n        % (\n            \
                                     key,\n            chain,\n        ),\n    ";

/// The repository whose history is replayed, and what each commit introduces.
struct History {
    repo: TestRepo,
    /// Commit id to (message, how many findings the difference of the scans adds).
    expected: BTreeMap<String, (String, usize)>,
}

impl History {
    fn new() -> History {
        History {
            repo: TestRepo::new(),
            expected: BTreeMap::new(),
        }
    }

    /// Applies `changes` and commits them; the commit introduces `new` findings.
    fn commit(&mut self, message: &str, changes: Vec<Change>, new: usize) {
        for change in changes {
            match change {
                Write(path, content) => {
                    self.repo.write(path, content).add(&[path]);
                }
                Remove(path) => {
                    self.repo.git(&["rm", "-q", path]);
                }
                Rename(from, to) => {
                    self.repo.git(&["mv", from, to]);
                }
            }
        }
        let id = self.repo.commit(message);
        self.expected.insert(id, (message.to_owned(), new));
    }

    /// Merges `branch` into the current branch with a merge commit introducing `new` findings.
    fn merge(&mut self, branch: &str, message: &str, new: usize) {
        self.repo
            .git(&["merge", "-q", "--no-ff", "--no-edit", "-m", message, branch]);
        let id = self.repo.head().expect("HEAD after a merge");
        self.expected.insert(id, (message.to_owned(), new));
    }
}

/// The history: listeners added, edited, moved, renamed, copied, suppressed and removed,
/// files deleted, and a merge.
fn history() -> History {
    let mut history = History::new();
    let h = &mut history;
    h.commit(
        "the application, on loopback",
        vec![
            Write("app/__init__.py", String::new()),
            Write("app/server.py", server("")),
            Write("app/util.py", helpers_block("util", 3)),
        ],
        0,
    );
    h.commit(
        "a public listener",
        vec![Write(
            "app/server.py",
            server(&run_public("host=\"0.0.0.0\", port=5000, reload=True")),
        )],
        1,
    );
    h.commit(
        "an unrelated argument: reload",
        vec![Write(
            "app/server.py",
            server(&run_public("host=\"0.0.0.0\", port=5000, reload=False")),
        )],
        0,
    );
    h.commit(
        "an unrelated argument: the port",
        vec![Write(
            "app/server.py",
            server(&run_public("host=\"0.0.0.0\", port=8080, reload=False")),
        )],
        0,
    );
    h.commit(
        "the host changes to another wildcard",
        vec![Write(
            "app/server.py",
            server(&run_public("host=\"::\", port=8080, reload=False")),
        )],
        1,
    );
    h.commit(
        "a raw socket server",
        vec![Write("app/net.py", network(&["\"\""]))],
        1,
    );
    h.commit(
        "a loopback api server",
        vec![Write(
            "app/api.py",
            "import uvicorn\n\n\ndef serve(asgi):\n    uvicorn.run(asgi, host=\"127.0.0.1\", port=9000)\n"
                .to_owned(),
        )],
        0,
    );
    h.commit(
        "suppress the public listener",
        vec![Write(
            "app/server.py",
            server(
                "\n\ndef run_public(asgi):\n    \
                 # bindcheck: ignore[BND002] -- behind the load balancer\n    \
                 uvicorn.run(asgi, host=\"::\", port=8080, reload=False)\n",
            ),
        )],
        0,
    );
    h.commit(
        "drop the suppression again",
        vec![Write(
            "app/server.py",
            server(&run_public("host=\"::\", port=8080, reload=False")),
        )],
        0,
    );
    h.commit(
        "a suppressed debug listener",
        vec![Write(
            "app/debug.py",
            "import uvicorn\n\n\ndef debug(asgi):\n    \
             uvicorn.run(asgi, host=\"0.0.0.0\")  # bindcheck: ignore[BND002] -- dev container\n"
                .to_owned(),
        )],
        1,
    );
    h.commit(
        "copy the socket listener",
        vec![Write("app/net.py", network(&["\"\"", "\"\""]))],
        1,
    );
    h.commit(
        "rename the socket module",
        vec![Rename("app/net.py", "app/network.py")],
        0,
    );
    h.commit(
        "rename the socket module again, with an edit",
        vec![
            Rename("app/network.py", "app/sockets.py"),
            Write(
                "app/sockets.py",
                network(&["\"\"", "\"\""]).replace("listen(5)", "listen(64)"),
            ),
        ],
        0,
    );
    h.commit(
        "move run_public to its own module",
        vec![
            Write("app/server.py", server("")),
            Write(
                "app/public.py",
                format!(
                    "\"\"\"The public entry point.\"\"\"\nimport uvicorn\n{}",
                    run_public("host=\"::\", port=8080, reload=False")
                ),
            ),
        ],
        0,
    );
    h.commit(
        "reformat the public listener",
        vec![Write(
            "app/public.py",
            "\"\"\"The public entry point.\"\"\"\nimport uvicorn\n\n\ndef run_public(asgi):\n    \
             uvicorn.run(\n        asgi,\n        host='::',\n        port=8080,\n        \
             reload=False,\n    )\n"
                .to_owned(),
        )],
        0,
    );
    h.commit(
        "the public entry point listens on loopback now",
        vec![Write(
            "app/public.py",
            format!(
                "\"\"\"The public entry point.\"\"\"\nimport uvicorn\n{}",
                run_public("host=\"127.0.0.1\", port=8080")
            ),
        )],
        0,
    );
    h.commit("delete the debug module", vec![Remove("app/debug.py")], 0);
    h.commit(
        "a command line whose host defaults to all interfaces",
        vec![Write("app/cli.py", cli("0.0.0.0"))],
        1,
    );
    h.commit(
        "the command line defaults to loopback",
        vec![Write("app/cli.py", cli("127.0.0.1"))],
        0,
    );
    h.commit(
        "a wrapper and a caller passing all interfaces",
        vec![
            Write("app/helpers.py", HELPERS.to_owned()),
            Write("app/main.py", main_module("host=\"0.0.0.0\"")),
        ],
        1,
    );
    h.commit(
        "the wrapper's caller changes its port",
        vec![Write(
            "app/main.py",
            main_module("host=\"0.0.0.0\", port=9090"),
        )],
        0,
    );
    h.commit(
        "a second caller of the wrapper, on loopback",
        vec![Write(
            "app/admin.py",
            main_module("host=\"127.0.0.1\", port=9191"),
        )],
        0,
    );
    h.commit(
        "a worker module with a listener among helpers",
        vec![Write(
            "app/worker.py",
            format!(
                "import uvicorn\n{}\n\ndef serve_worker(asgi):\n    \
                 uvicorn.run(asgi, host=\"0.0.0.0\", port=7000)\n",
                helpers_block("step", 12)
            ),
        )],
        1,
    );
    h.commit(
        "move the worker's listener out of a deleted module into a new one",
        vec![
            Remove("app/worker.py"),
            Write(
                "app/worker_v2.py",
                "import uvicorn\n\n\ndef serve_worker(asgi):\n    \
                 uvicorn.run(asgi, host=\"0.0.0.0\", port=7000)\n"
                    .to_owned(),
            ),
        ],
        0,
    );
    h.commit(
        "a host constant in the same module",
        vec![Write("app/listen.py", settings_listener("127.0.0.1", ""))],
        0,
    );
    h.commit(
        "the same-module constant flips to all interfaces",
        vec![Write("app/listen.py", settings_listener("0.0.0.0", ""))],
        1,
    );
    h.commit(
        "a comment on the constant",
        vec![Write(
            "app/listen.py",
            settings_listener("0.0.0.0", "# Reached through the ingress only.\n"),
        )],
        0,
    );
    h.commit(
        "a twisted endpoint built from a template",
        vec![Write("app/endpoint.py", endpoint(ENDPOINT_CALL))],
        1,
    );
    h.commit(
        "a formatter wraps the endpoint's template across lines",
        vec![Write("app/endpoint.py", endpoint(ENDPOINT_CALL_WRAPPED))],
        0,
    );
    let fork = h.repo.head().expect("HEAD");
    h.repo.git(&["checkout", "-q", "-b", "feature", &fork]);
    h.commit(
        "feature: a twisted service on the default interface",
        vec![Write("app/feature.py", feature("8000, factory"))],
        1,
    );
    h.commit(
        "feature: a second port, on loopback",
        vec![Write(
            "app/feature.py",
            feature("8000, factory)\n    reactor.listenTCP(8001, factory, interface=\"127.0.0.1\""),
        )],
        0,
    );
    h.repo.git(&["checkout", "-q", "main"]);
    h.commit(
        "main: the utilities grow",
        vec![Write("app/util.py", helpers_block("util", 5))],
        0,
    );
    h.commit(
        "main: a second raw socket on loopback",
        vec![Write(
            "app/sockets.py",
            network(&["\"\"", "\"\"", "\"127.0.0.1\""]).replace("listen(5)", "listen(64)"),
        )],
        0,
    );
    h.merge("feature", "merge the feature", 1);
    h.commit(
        "remove the copied socket listener",
        vec![Write(
            "app/sockets.py",
            network(&["\"\"", "\"127.0.0.1\""]).replace("listen(5)", "listen(64)"),
        )],
        0,
    );
    history
}

/// `message` with the places it names (`app/helpers.py:5`) removed and quotes unified, so that
/// moving the code a message points into does not change it.
fn without_places(message: &str) -> String {
    message
        .split(' ')
        .map(|word| {
            let trimmed = word.trim_end_matches([',', ')', '.']);
            match trimmed.rsplit_once(':') {
                Some((place, line))
                    if !place.is_empty()
                        && !line.is_empty()
                        && line.bytes().all(|byte| byte.is_ascii_digit()) =>
                {
                    "<place>"
                }
                _ => word,
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
        .replace('\'', "\"")
}

/// What identifies a finding across versions here: rule, message without places, and the
/// callees of its wrapper chain.
fn finding_key(finding: &Value) -> String {
    let chain: Vec<&str> = finding["chain"]
        .as_array()
        .map(|steps| {
            steps
                .iter()
                .filter_map(|step| step["callee"].as_str())
                .collect()
        })
        .unwrap_or_default();
    format!(
        "{} {} [{}]",
        finding["rule"].as_str().unwrap_or_default(),
        without_places(finding["message"].as_str().unwrap_or_default()),
        chain.join(" > ")
    )
}

fn path_of(finding: &Value) -> String {
    finding["path"].as_str().unwrap_or_default().to_owned()
}

/// Counts findings by `(path, key)`, with paths mapped through `renames`.
fn multiset(findings: &[Value], renames: &BTreeMap<String, String>) -> Findings {
    let mut counts = Findings::new();
    for finding in findings {
        let path = path_of(finding);
        let path = renames.get(&path).cloned().unwrap_or(path);
        *counts.entry((path, finding_key(finding))).or_insert(0) += 1;
    }
    counts
}

/// What the scans say a commit introduces: the findings at the commit beyond those at its
/// parent (paths renamed), less one copy for each copy of the same key the commit removed from
/// another file (a move).
fn scan_difference(
    parent: &[Value],
    commit: &[Value],
    renames: &BTreeMap<String, String>,
) -> Findings {
    let before = multiset(parent, renames);
    let after = multiset(commit, &BTreeMap::new());
    let mut added = Findings::new();
    for (place, count) in &after {
        let previous = before.get(place).copied().unwrap_or(0);
        if *count > previous {
            added.insert(place.clone(), count - previous);
        }
    }
    let mut removed: BTreeMap<String, usize> = BTreeMap::new();
    for ((path, key), count) in &before {
        let remaining = after
            .get(&(path.clone(), key.clone()))
            .copied()
            .unwrap_or(0);
        if *count > remaining {
            *removed.entry(key.clone()).or_insert(0) += count - remaining;
        }
    }
    for ((_, key), count) in added.iter_mut() {
        if let Some(moved) = removed.get_mut(key) {
            let excused = (*moved).min(*count);
            *moved -= excused;
            *count -= excused;
        }
    }
    added.retain(|_, count| *count > 0);
    added
}

/// The findings of `scan` over a checkout of `commit`.
fn scan_at(repo: &TestRepo, checkout: &Path, commit: &str) -> Vec<Value> {
    repo.sandbox()
        .git_in(checkout, &["checkout", "-q", "--detach", commit]);
    repo.sandbox()
        .bindcheck_in(
            checkout,
            &[
                "scan",
                "--format",
                "json",
                "--exit-zero",
                "--no-respect-gitignore",
                ".",
            ],
        )
        .assert_code(0)
        .findings()
}

/// Old path to new path for the files git's rename detection pairs between two commits.
fn renames_between(repo: &TestRepo, parent: &str, commit: &str) -> BTreeMap<String, String> {
    repo.git(&["diff", "--name-status", "-M", parent, commit])
        .lines()
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let status = fields.next()?;
            let (from, to) = (fields.next()?, fields.next()?);
            status
                .starts_with('R')
                .then(|| (from.to_owned(), to.to_owned()))
        })
        .collect()
}

/// One side's surplus, as `(path, key)` pairs repeated by count.
fn surplus(left: &Findings, right: &Findings) -> Vec<(String, String)> {
    let mut extra = Vec::new();
    for (place, count) in left {
        let other = right.get(place).copied().unwrap_or(0);
        for _ in other..*count {
            extra.push(place.clone());
        }
    }
    extra
}

/// True when `found` matches `expected` exactly, pair by pair (path equal, key containing the
/// text).
fn matches(found: &[(String, String)], expected: &[(&str, &str)]) -> bool {
    found.len() == expected.len()
        && found
            .iter()
            .zip(expected)
            .all(|((path, key), (want_path, want_key))| path == want_path && key.contains(want_key))
}

/// Replays every commit with a parent (the first parent of a merge), checking `diff` against
/// the scans; returns a description of every failure.
fn replay(history: &History) -> Vec<String> {
    let repo = &history.repo;
    let checkout: PathBuf = repo.sandbox().root().join("checkout");
    repo.git(&[
        "worktree",
        "add",
        "-q",
        "--detach",
        checkout.to_str().expect("a UTF-8 temporary path"),
        "main",
    ]);
    let mut scans: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    let mut failures = Vec::new();
    let commits = repo.git(&["rev-list", "--reverse", "--topo-order", "--parents", "main"]);
    let mut replayed = 0;
    for line in commits.lines() {
        let mut ids = line.split(' ');
        let commit = ids.next().expect("a commit id").to_owned();
        let Some(parent) = ids.next().map(str::to_owned) else {
            continue;
        };
        let (message, expected_new) = history
            .expected
            .get(&commit)
            .cloned()
            .expect("every commit of the history states what it introduces");
        for id in [&parent, &commit] {
            if !scans.contains_key(id) {
                let findings = scan_at(repo, &checkout, id);
                scans.insert(id.clone(), findings);
            }
        }
        let renames = renames_between(repo, &parent, &commit);
        let by_scans = scan_difference(&scans[&parent], &scans[&commit], &renames);
        let run = repo
            .bindcheck(&["diff", &parent, &commit, "--format", "json", "--exit-zero"])
            .assert_code(0);
        let reported: Vec<Value> = run
            .findings()
            .into_iter()
            .filter(|finding| finding["status"] == "new")
            .collect();
        let by_diff = multiset(&reported, &BTreeMap::new());
        replayed += 1;

        let introduced: usize = by_scans.values().sum();
        if introduced != expected_new {
            failures.push(format!(
                "{message}: the scans add {introduced} findings, the history says {expected_new}: \
                 {by_scans:?}"
            ));
        }
        let only_in_diff = surplus(&by_diff, &by_scans);
        let only_in_scans = surplus(&by_scans, &by_diff);
        let known = KNOWN_DISAGREEMENTS
            .iter()
            .find(|known| known.commit == message);
        let (want_diff, want_scans) = known.map_or((&[][..], &[][..]), |known| {
            (known.only_in_diff, known.only_in_scans)
        });
        if !matches(&only_in_diff, want_diff) || !matches(&only_in_scans, want_scans) {
            let reason = known.map_or("none", |known| known.reason);
            failures.push(format!(
                "{message}: `diff {parent} {commit}` disagrees with the scans (known: {reason})\n  \
                 only in diff: {only_in_diff:?} (expected {want_diff:?})\n  \
                 only in the scans: {only_in_scans:?} (expected {want_scans:?})\n{}",
                run.describe()
            ));
        }
        // A new finding is suppressed in `diff` exactly when the scan of the commit says so.
        for finding in &reported {
            let twin = scans[&commit].iter().any(|scanned| {
                path_of(scanned) == path_of(finding)
                    && finding_key(scanned) == finding_key(finding)
                    && scanned["suppressed"] == finding["suppressed"]
            });
            if !twin {
                failures.push(format!(
                    "{message}: no finding of the scan matches {finding} with its suppression"
                ));
            }
        }
    }
    assert_eq!(
        replayed,
        history.expected.len() - 1,
        "every commit but the root is replayed"
    );
    failures
}

#[test]
fn diff_of_every_commit_agrees_with_the_difference_of_scans() {
    let history = history();
    assert!(
        history.expected.len() >= 30,
        "the history has {} commits",
        history.expected.len()
    );
    let failures = replay(&history);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The cross-file commits of issue 12 case 1: a change to one module that exposes a listener in
/// another, untouched one. The scans see the untouched module's finding appear; `diff` must
/// report it as new.
#[test]
fn diff_of_cross_file_commits_agrees_with_the_difference_of_scans() {
    let mut history = History::new();
    let h = &mut history;
    h.commit(
        "a config module on loopback and a listener that imports it",
        vec![
            Write("app/__init__.py", String::new()),
            Write("app/config.py", "HOST = \"127.0.0.1\"\n".to_owned()),
            Write(
                "app/app.py",
                "import uvicorn\n\nfrom app.config import HOST\n\n\ndef main(asgi):\n    \
                 uvicorn.run(asgi, host=HOST)\n"
                    .to_owned(),
            ),
            Write("app/helpers.py", HELPERS.to_owned()),
            Write(
                "app/main.py",
                main_module("host=\"0.0.0.0\"")
                    .replace("serve(asgi, host=", "serve(asgi, address="),
            ),
        ],
        0,
    );
    h.commit(
        "the config module flips to all interfaces",
        vec![Write("app/config.py", "HOST = \"0.0.0.0\"\n".to_owned())],
        1,
    );
    h.commit(
        "a comment in the config module",
        vec![Write(
            "app/config.py",
            "# Reached through the ingress only.\nHOST = \"0.0.0.0\"\n".to_owned(),
        )],
        0,
    );
    h.commit(
        "the wrapper starts passing its address through",
        vec![Write(
            "app/helpers.py",
            HELPERS
                .replace(
                    "host=\"127.0.0.1\", port=8000",
                    "host=\"127.0.0.1\", port=8000, address=None",
                )
                .replace(
                    "uvicorn.run(asgi, host=host",
                    "uvicorn.run(asgi, host=address or host",
                ),
        )],
        1,
    );
    let failures = replay(&history);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
