//! `git bindcheck install`: writes the pre-commit (or pre-push) hook into the directory git
//! really uses for hooks, and only there. It never overwrites a hook it did not write unless forced, and then
//! keeps the old one beside it.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::git::GitRepository;

/// The line that marks a hook as written by git-bindcheck.
const MARKER: &str = "# Installed by git-bindcheck";

/// What `install` did.
#[derive(Debug, PartialEq, Eq)]
pub enum InstallOutcome {
    /// A new hook was written at this path.
    Installed(PathBuf),
    /// An older git-bindcheck hook was replaced.
    Updated(PathBuf),
    /// The same hook was already there.
    Unchanged(PathBuf),
    /// Another hook was moved to the second path and ours written at the first.
    Replaced(PathBuf, PathBuf),
}

/// The hooks git-bindcheck can install.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hook {
    /// `pre-commit`, running `git-bindcheck staged`.
    PreCommit,
    /// `pre-push`, running `git-bindcheck pre-push <remote> <url>` with git's ref lines.
    PrePush,
}

/// Installs a hook.
pub fn install_hook(repository: &GitRepository, hook: Hook, force: bool) -> Result<InstallOutcome> {
    if hook == Hook::PreCommit && repository.is_bare() {
        bail!(
            "this is a bare repository: git runs no pre-commit hook without a work tree; install it in a clone (or use `install --pre-push` where pushes start)"
        );
    }
    let directory = repository.hooks_directory()?;
    let executable = std::env::current_exe().ok();
    let (name, command) = match hook {
        Hook::PreCommit => ("pre-commit", "staged"),
        Hook::PrePush => ("pre-push", "pre-push"),
    };
    write_hook(
        &directory,
        name,
        &hook_script(command, executable.as_deref()),
        force,
    )
}

/// The hook script: prefers `git-bindcheck` on `PATH` (so upgrades apply), falls back to the
/// binary that installed it.
fn hook_script(command: &str, executable: Option<&Path>) -> String {
    let fallback = match executable {
        Some(path) => format!(
            "exec '{}' {command} \"$@\"",
            path.to_string_lossy().replace('\'', r"'\''")
        ),
        None => {
            "echo 'git-bindcheck: not found on PATH; reinstall it or remove this hook' >&2\nexit 2"
                .to_owned()
        }
    };
    format!(
        "#!/bin/sh\n{MARKER} (`git bindcheck install`); run it again to update, delete this file to uninstall.\n\
         if command -v git-bindcheck >/dev/null 2>&1; then\n    exec git-bindcheck {command} \"$@\"\nfi\n{fallback}\n"
    )
}

fn write_hook(directory: &Path, name: &str, script: &str, force: bool) -> Result<InstallOutcome> {
    std::fs::create_dir_all(directory)
        .with_context(|| format!("cannot create the hooks directory {}", directory.display()))?;
    let path = directory.join(name);
    let mut backup = None;
    let mut existed_as_ours = false;
    match std::fs::read(&path) {
        Ok(existing) => {
            let existing = String::from_utf8_lossy(&existing);
            if existing == script {
                // Up to date only if git will run it: a hook that lost its executable bit is
                // skipped silently, and the gate with it.
                make_executable(&path)?;
                return Ok(InstallOutcome::Unchanged(path));
            }
            if existing.contains(MARKER) {
                existed_as_ours = true;
            } else if force {
                let kept = free_backup_path(directory, name);
                std::fs::rename(&path, &kept).with_context(|| {
                    format!("cannot move the existing hook to {}", kept.display())
                })?;
                backup = Some(kept);
            } else {
                bail!(
                    "{} exists and was not written by git-bindcheck; add `git-bindcheck staged` to it yourself, or run `git bindcheck install --force` to replace it (the old hook is kept as {name}.orig)",
                    path.display()
                );
            }
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => {
            return Err(error).with_context(|| format!("cannot read {}", path.display()));
        }
    }
    std::fs::write(&path, script).with_context(|| format!("cannot write {}", path.display()))?;
    make_executable(&path)?;
    Ok(match (backup, existed_as_ours) {
        (Some(kept), _) => InstallOutcome::Replaced(path, kept),
        (None, true) => InstallOutcome::Updated(path),
        (None, false) => InstallOutcome::Installed(path),
    })
}

/// `<hook>.orig`, or `<hook>.orig.1`, `.2`, … when earlier backups exist: an older backup is
/// never overwritten.
fn free_backup_path(directory: &Path, name: &str) -> PathBuf {
    let first = directory.join(format!("{name}.orig"));
    if !first.exists() {
        return first;
    }
    (1..)
        .map(|number| directory.join(format!("{name}.orig.{number}")))
        .find(|candidate| !candidate.exists())
        .unwrap_or(first)
}

#[cfg(unix)]
fn make_executable(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
        .with_context(|| format!("cannot make {} executable", path.display()))
}

#[cfg(not(unix))]
fn make_executable(_path: &Path) -> Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn install_is_idempotent_and_refuses_foreign_hooks() {
        let directory = tempfile::tempdir().expect("temporary directory");
        let script = hook_script("staged", Some(Path::new("/opt/it's/git-bindcheck")));
        assert!(script.contains(r"/opt/it'\''s/git-bindcheck"));
        let first = write_hook(directory.path(), "pre-commit", &script, false).expect("install");
        assert!(matches!(first, InstallOutcome::Installed(_)));
        let again = write_hook(directory.path(), "pre-commit", &script, false).expect("again");
        assert!(matches!(again, InstallOutcome::Unchanged(_)));

        let foreign = directory.path().join("pre-push");
        std::fs::write(&foreign, "#!/bin/sh\necho mine\n").expect("write");
        let refused = write_hook(directory.path(), "pre-push", &script, false);
        assert!(refused.is_err());
        assert_eq!(
            std::fs::read_to_string(&foreign).expect("read"),
            "#!/bin/sh\necho mine\n"
        );
        let forced = write_hook(directory.path(), "pre-push", &script, true).expect("forced");
        assert!(matches!(forced, InstallOutcome::Replaced(_, _)));
        assert_eq!(
            std::fs::read_to_string(directory.path().join("pre-push.orig")).expect("kept"),
            "#!/bin/sh\necho mine\n"
        );
    }
}
