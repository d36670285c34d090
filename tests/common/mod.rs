//! The end-to-end harness: real temporary git repositories, built with the git CLI, and the
//! built `git-bindcheck` binary run against them.
//!
//! Every process started here (git, the binary, hooks git runs) is isolated from the host the
//! way cargo's `git.rs` test helpers do it: no system config, `HOME` and the global config inside
//! the sandbox, fixed identities and dates, no inherited `GIT_*` variables, discovery fenced in
//! by `GIT_CEILING_DIRECTORIES`, and the directory of the binary under test first on `PATH` so
//! the installed hook runs this build and not an older copy.

// Each test binary uses part of the harness.
#![allow(dead_code)]
// Helpers outside `#[test]` functions: a failed expectation is how they report a broken fixture.
#![allow(clippy::expect_used)]

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use tempfile::TempDir;

/// The binary under test.
pub const BINARY: &str = env!("CARGO_BIN_EXE_git-bindcheck");

/// A fixed date so commits (and their ids) are reproducible.
const FIXED_DATE: &str = "2005-04-07T22:13:13 +0000";

/// A temporary directory with its own `HOME` and global git config, in which git and the binary
/// run isolated from the host. Repositories and plain directories live inside it.
pub struct Sandbox {
    directory: TempDir,
    root: PathBuf,
}

impl Sandbox {
    /// Creates the sandbox: `<tmp>/home/.gitconfig` holds the identity and `main` as the
    /// default branch.
    pub fn new() -> Sandbox {
        let directory = tempfile::Builder::new()
            .prefix("bindcheck-e2e-")
            .tempdir()
            .expect("create a temporary directory");
        // Canonical, so ceiling directories and path comparisons are not fooled by a symlinked
        // temporary directory.
        let root = directory
            .path()
            .canonicalize()
            .expect("canonicalize the temporary directory");
        let sandbox = Sandbox { directory, root };
        std::fs::create_dir_all(sandbox.home()).expect("create HOME");
        std::fs::write(
            sandbox.global_config(),
            "[user]\n\tname = Bindcheck Tests\n\temail = tests@bindcheck.invalid\n\
             [init]\n\tdefaultBranch = main\n\
             [commit]\n\tgpgsign = false\n\
             [core]\n\tautocrlf = false\n",
        )
        .expect("write the global git config");
        sandbox
    }

    /// The sandbox's top directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `HOME` for every process run in the sandbox.
    pub fn home(&self) -> PathBuf {
        self.root.join("home")
    }

    /// The global git config (`GIT_CONFIG_GLOBAL`); also `$HOME/.gitconfig`, where libgit2
    /// looks for it.
    pub fn global_config(&self) -> PathBuf {
        self.home().join(".gitconfig")
    }

    /// Creates (if needed) and returns a directory inside the sandbox.
    pub fn mkdir(&self, relative: &str) -> PathBuf {
        let path = self.root.join(relative);
        std::fs::create_dir_all(&path).expect("create a directory");
        path
    }

    /// A command with the sandbox's isolated environment, run in `cwd`.
    pub fn command(&self, program: impl AsRef<std::ffi::OsStr>, cwd: &Path) -> Command {
        let mut command = Command::new(program);
        command.current_dir(cwd).stdin(Stdio::null());
        for (name, _) in std::env::vars_os() {
            let text = name.to_string_lossy();
            // GIT_DIR, GIT_INDEX_FILE, GIT_WORK_TREE and the rest; the pre-commit framework's
            // range variables; anything that forces colour.
            if text.starts_with("GIT_")
                || text.starts_with("PRE_COMMIT")
                || matches!(
                    text.as_ref(),
                    "FORCE_COLOR" | "CLICOLOR_FORCE" | "XDG_CONFIG_HOME"
                )
            {
                command.env_remove(&name);
            }
        }
        command
            .env("HOME", self.home())
            .env("XDG_CONFIG_HOME", self.home().join(".config"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", self.global_config())
            .env("GIT_CEILING_DIRECTORIES", &self.root)
            .env("GIT_AUTHOR_NAME", "Bindcheck Tests")
            .env("GIT_AUTHOR_EMAIL", "tests@bindcheck.invalid")
            .env("GIT_COMMITTER_NAME", "Bindcheck Tests")
            .env("GIT_COMMITTER_EMAIL", "tests@bindcheck.invalid")
            .env("GIT_AUTHOR_DATE", FIXED_DATE)
            .env("GIT_COMMITTER_DATE", FIXED_DATE)
            .env("GIT_EDITOR", "true")
            .env("GIT_PAGER", "cat")
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("LC_ALL", "C")
            .env("NO_COLOR", "1")
            .env("PATH", path_with_binary_first());
        command
    }

    /// Runs git in `cwd`; panics with its output when it fails.
    pub fn git_in(&self, cwd: &Path, args: &[&str]) -> String {
        let output = self.try_git_in(cwd, args);
        assert!(
            output.status.success(),
            "git {args:?} failed in {}:\n{}",
            cwd.display(),
            describe(&output)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Runs git in `cwd` and returns its output whatever the exit status.
    pub fn try_git_in(&self, cwd: &Path, args: &[&str]) -> Output {
        self.command("git", cwd)
            .args(args)
            .output()
            .expect("run git")
    }

    /// Runs the binary under test in `cwd`.
    pub fn bindcheck_in(&self, cwd: &Path, args: &[&str]) -> Run {
        Run::from(
            self.command(BINARY, cwd)
                .args(args)
                .output()
                .expect("run git-bindcheck"),
            args,
        )
    }

    /// Runs the binary under test in `cwd` with extra environment variables (those the
    /// pre-commit framework exports to its hooks, say).
    pub fn bindcheck_with_env(&self, cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut command = self.command(BINARY, cwd);
        command.args(args);
        for (name, value) in env {
            command.env(name, value);
        }
        Run::from(command.output().expect("run git-bindcheck"), args)
    }

    /// Runs the binary under test in `cwd` with `input` on standard input.
    pub fn bindcheck_with_stdin(&self, cwd: &Path, args: &[&str], input: &[u8]) -> Run {
        let mut child = self
            .command(BINARY, cwd)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start git-bindcheck");
        child
            .stdin
            .take()
            .expect("stdin is piped")
            .write_all(input)
            .expect("write stdin");
        Run::from(
            child.wait_with_output().expect("wait for git-bindcheck"),
            args,
        )
    }
}

/// A git repository with a work tree at `<sandbox>/repo`, created with `git init`.
pub struct TestRepo {
    sandbox: Sandbox,
    root: PathBuf,
}

impl TestRepo {
    /// `git init` in a fresh sandbox; the branch is `main` and nothing is committed.
    pub fn new() -> TestRepo {
        let sandbox = Sandbox::new();
        let root = sandbox.mkdir("repo");
        sandbox.git_in(&root, &["init", "-q"]);
        TestRepo { sandbox, root }
    }

    /// The sandbox the repository lives in (its `HOME`, room for worktrees).
    pub fn sandbox(&self) -> &Sandbox {
        &self.sandbox
    }

    /// The top of the work tree.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `relative` inside the work tree.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    /// Writes a file in the work tree, creating its directories.
    pub fn write(&self, relative: &str, content: impl AsRef<[u8]>) -> &TestRepo {
        let path = self.path(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create parent directories");
        }
        std::fs::write(&path, content).expect("write a work tree file");
        self
    }

    /// Reads a file of the work tree.
    pub fn read(&self, relative: &str) -> Vec<u8> {
        std::fs::read(self.path(relative)).expect("read a work tree file")
    }

    /// Creates a symbolic link `relative` pointing at `target`.
    #[cfg(unix)]
    pub fn symlink(&self, target: &str, relative: &str) -> &TestRepo {
        std::os::unix::fs::symlink(target, self.path(relative)).expect("create a symlink");
        self
    }

    /// Runs git at the top of the work tree; panics when it fails.
    pub fn git(&self, args: &[&str]) -> String {
        self.sandbox.git_in(&self.root, args)
    }

    /// Runs git at the top of the work tree; returns its output whatever the status.
    pub fn try_git(&self, args: &[&str]) -> Output {
        self.sandbox.try_git_in(&self.root, args)
    }

    /// `git add -- <paths>`.
    pub fn add(&self, paths: &[&str]) -> &TestRepo {
        let mut args = vec!["add", "--"];
        args.extend_from_slice(paths);
        self.git(&args);
        self
    }

    /// Commits the index without running hooks (setup, not the thing under test); returns the
    /// new commit id.
    pub fn commit(&self, message: &str) -> String {
        self.git(&[
            "commit",
            "-q",
            "--no-verify",
            "--allow-empty",
            "-m",
            message,
        ]);
        self.head().expect("HEAD after a commit")
    }

    /// Writes, stages and commits one file (without hooks); returns the commit id.
    pub fn commit_file(&self, relative: &str, content: impl AsRef<[u8]>) -> String {
        self.write(relative, content);
        self.add(&[relative]);
        self.commit(&format!("add {relative}"))
    }

    /// `HEAD`'s commit id, or `None` on an unborn branch.
    pub fn head(&self) -> Option<String> {
        let output = self.try_git(&["rev-parse", "--verify", "-q", "HEAD"]);
        output
            .status
            .success()
            .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
    }

    /// The blob id the index holds for `path`.
    pub fn staged_blob(&self, path: &str) -> String {
        self.git(&["rev-parse", &format!(":{path}")])
            .trim()
            .to_owned()
    }

    /// `git-bindcheck install` at the top of the work tree, asserted to succeed.
    pub fn install_hook(&self) -> Run {
        self.bindcheck(&["install"]).assert_code(0)
    }

    /// Runs the binary under test at the top of the work tree.
    pub fn bindcheck(&self, args: &[&str]) -> Run {
        self.sandbox.bindcheck_in(&self.root, args)
    }

    /// Runs the binary under test in `relative` (a directory of the work tree).
    pub fn bindcheck_in(&self, relative: &str, args: &[&str]) -> Run {
        self.sandbox.bindcheck_in(&self.path(relative), args)
    }

    /// Every file and directory under `directory` with its content (directories and symlink
    /// targets included), for proving that nothing was written.
    pub fn snapshot(directory: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut entries = BTreeMap::new();
        let mut pending = vec![directory.to_path_buf()];
        while let Some(current) = pending.pop() {
            for entry in std::fs::read_dir(&current).expect("list a directory") {
                let entry = entry.expect("read a directory entry");
                let path = entry.path();
                let relative = path
                    .strip_prefix(directory)
                    .expect("inside the snapshot root")
                    .to_path_buf();
                let file_type = entry.file_type().expect("file type");
                if file_type.is_dir() {
                    entries.insert(relative, b"<dir>".to_vec());
                    pending.push(path);
                } else if file_type.is_symlink() {
                    let target = std::fs::read_link(&path).expect("read a symlink");
                    entries.insert(relative, target.into_os_string().into_encoded_bytes());
                } else {
                    entries.insert(relative, std::fs::read(&path).expect("read a file"));
                }
            }
        }
        entries
    }
}

/// The outcome of one run of the binary.
pub struct Run {
    /// The exit code (`None` when killed by a signal).
    pub code: Option<i32>,
    /// Standard output, lossily decoded.
    pub stdout: String,
    /// Standard error, lossily decoded.
    pub stderr: String,
    args: Vec<String>,
}

impl Run {
    fn from(output: Output, args: &[&str]) -> Run {
        Run {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            args: args.iter().map(|arg| (*arg).to_owned()).collect(),
        }
    }

    /// Asserts the exit code, showing both streams when it differs.
    #[track_caller]
    pub fn assert_code(self, expected: i32) -> Run {
        assert_eq!(
            self.code,
            Some(expected),
            "git-bindcheck {:?} exited with {:?}, expected {expected}\n{}",
            self.args,
            self.code,
            self.describe()
        );
        self
    }

    /// Asserts that standard output contains `needle`.
    #[track_caller]
    pub fn assert_stdout_contains(&self, needle: &str) -> &Run {
        assert!(
            self.stdout.contains(needle),
            "stdout lacks {needle:?}\n{}",
            self.describe()
        );
        self
    }

    /// Asserts that standard error contains `needle`.
    #[track_caller]
    pub fn assert_stderr_contains(&self, needle: &str) -> &Run {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}\n{}",
            self.describe()
        );
        self
    }

    /// The parsed `--format json` document.
    #[track_caller]
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|error| panic!("stdout is not JSON ({error})\n{}", self.describe()))
    }

    /// The `findings` array of the JSON document.
    #[track_caller]
    pub fn findings(&self) -> Vec<Value> {
        self.json()["findings"]
            .as_array()
            .unwrap_or_else(|| panic!("no findings array\n{}", self.describe()))
            .clone()
    }

    /// Both streams, for assertion messages.
    pub fn describe(&self) -> String {
        format!(
            "--- stdout ---\n{}--- stderr ---\n{}",
            self.stdout, self.stderr
        )
    }
}

/// Both streams of a process, for assertion messages.
pub fn describe(output: &Output) -> String {
    format!(
        "status: {}\n--- stdout ---\n{}--- stderr ---\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// `PATH` with the directory of the binary under test first, so hooks run this build.
fn path_with_binary_first() -> OsString {
    let binary_directory = Path::new(BINARY)
        .parent()
        .expect("the binary has a directory")
        .to_path_buf();
    let inherited = std::env::var_os("PATH").unwrap_or_default();
    let mut directories = vec![binary_directory];
    directories.extend(std::env::split_paths(&inherited));
    std::env::join_paths(directories).expect("join PATH")
}
