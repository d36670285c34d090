//! The manual page: `git bindcheck --help` is `git help bindcheck`, which runs
//! `man git-bindcheck`. The page is generated from the command-line definition (clap_mangen),
//! so it never disagrees with `-h`; `git bindcheck man` prints it and `--install` writes it
//! where man looks for the pages of programs on `PATH`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::CommandFactory;

use crate::cli::Cli;

/// The page's file name: git asks man for `git-bindcheck`, section 1.
pub const FILE_NAME: &str = "git-bindcheck.1";

/// The manual page in roff, for `man`.
pub fn render() -> Result<Vec<u8>> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .context("cannot render the manual page")?;
    Ok(page)
}

/// Where `--install` writes the page for the program at `executable`: `share/man/man1` beside
/// its `bin` directory (`~/.cargo/bin/git-bindcheck` -> `~/.cargo/share/man/man1`). man-db
/// searches `../share/man` of every `PATH` directory, so `git bindcheck --help` finds it.
pub fn install_path(executable: &Path) -> Option<PathBuf> {
    let prefix = executable.parent()?.parent()?;
    Some(
        prefix
            .join("share")
            .join("man")
            .join("man1")
            .join(FILE_NAME),
    )
}

/// Writes the page to [`install_path`] of the running program and returns where.
pub fn install() -> Result<PathBuf> {
    let executable = std::env::current_exe().context("cannot find this program's path")?;
    let executable = executable.canonicalize().unwrap_or(executable);
    let path = install_path(&executable).with_context(|| {
        format!(
            "cannot place a manual page beside {}: it has no parent directory",
            executable.display()
        )
    })?;
    if let Some(directory) = path.parent() {
        std::fs::create_dir_all(directory)
            .with_context(|| format!("cannot create {}", directory.display()))?;
    }
    std::fs::write(&path, render()?).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_page_names_the_program_and_every_command() {
        let page = String::from_utf8(render().expect("the page renders")).expect("roff is UTF-8");
        assert!(page.contains(".TH git-bindcheck 1"), "{page}");
        for command in [
            "staged",
            "diff",
            "pre\\-push",
            "scan",
            "install",
            "explain",
            "man",
        ] {
            assert!(page.contains(command), "{command} missing from\n{page}");
        }
    }

    #[test]
    fn install_path_is_share_man_beside_bin() {
        assert_eq!(
            install_path(Path::new("/home/me/.cargo/bin/git-bindcheck")),
            Some(PathBuf::from(
                "/home/me/.cargo/share/man/man1/git-bindcheck.1"
            ))
        );
        assert_eq!(install_path(Path::new("git-bindcheck")), None);
    }
}
