//! Differential tests of the fast comparisons against libgit2's diff, which they fall back to:
//! the staged check's direct reading of the index file through its cache-tree, and the commit
//! ranges' tree comparison that skips shared subtrees. Real repositories are built with the git
//! CLI in many states (nested directories, names that test git's `/` ordering, files replacing
//! directories, modes, symlinks, gitlinks, unborn branches, cache-trees valid, partly
//! invalidated or missing, index versions 2 to 4, renames, deletions, merges), and both
//! comparisons must return identical `Changes`. Each test also says which comparison it
//! expects to run, so that the fast one is really exercised.

// Helpers outside `#[test]` functions: a failed expectation is how they report a broken fixture.
#![allow(clippy::expect_used)]

mod common;

use std::path::Path;

use common::TestRepo;
use git_bindcheck::git::index_file::{EntryReader, IndexExtensions};
use git_bindcheck::git::{
    Changes, FallbackReason, GitRepository, RangeComparison, StagedComparison,
};

/// Runs both comparisons with `pathspecs` and asserts that they agree (same changes, or the
/// same error); returns how the staged check compared.
#[track_caller]
fn agree_with(repo: &TestRepo, pathspecs: &[&str]) -> Option<StagedComparison> {
    let repository = GitRepository::open(repo.root()).expect("open the repository");
    let pathspecs: Vec<String> = pathspecs.iter().map(|spec| (*spec).to_owned()).collect();
    let reference = repository.staged_changes_with_libgit2(&pathspecs);
    let explained = repository.staged_changes_explained(&pathspecs);
    match (reference, explained) {
        (Ok(reference), Ok((changes, how))) => {
            assert_eq!(
                changes,
                reference,
                "{how} disagrees with libgit2 for {pathspecs:?}\n{}",
                repo.git(&["diff", "--cached", "--name-status", "-M"])
            );
            Some(how)
        }
        (Err(reference), Err(error)) => {
            assert_eq!(format!("{error:#}"), format!("{reference:#}"));
            None
        }
        (reference, explained) => panic!(
            "one comparison failed: libgit2 {:?}, staged check {:?}",
            reference.map(|_| ()),
            explained.map(|(_, how)| how)
        ),
    }
}

/// Compares the range `base..head` (revisions; no base: from the empty tree) both ways with
/// `pathspecs` and asserts that they agree; returns how the fast comparison went.
#[track_caller]
fn ranges_agree_with(
    repo: &TestRepo,
    base: Option<&str>,
    head: &str,
    pathspecs: &[&str],
) -> RangeComparison {
    let repository = GitRepository::open(repo.root()).expect("open the repository");
    let base = base.map(|base| repository.resolve_commit(base).expect("a base commit"));
    let head = repository.resolve_commit(head).expect("a head commit");
    let pathspecs: Vec<String> = pathspecs.iter().map(|spec| (*spec).to_owned()).collect();
    let reference = repository
        .range_changes_with_libgit2(base, head, &pathspecs)
        .expect("libgit2's diff");
    let (changes, how) = repository
        .range_changes_explained(base, head, &pathspecs)
        .expect("the range's changes");
    assert_eq!(
        changes, reference,
        "{how:?} disagrees with libgit2 for {pathspecs:?}"
    );
    how
}

/// The range comparisons agree on `base..head`; returns how the fast comparison went.
#[track_caller]
fn ranges_agree(repo: &TestRepo, base: Option<&str>, head: &str) -> RangeComparison {
    ranges_agree_with(repo, base, head, &[])
}

/// Asserts that a range was compared by skipping shared subtrees; returns the trees read.
#[track_caller]
fn assert_subtrees_skipped(how: &RangeComparison) -> usize {
    match how {
        RangeComparison::SubtreesSkipped { trees_read } => *trees_read,
        RangeComparison::Libgit2(reason) => panic!("fell back to libgit2: {reason}"),
    }
}

/// Both comparisons agree on the whole index; returns how the staged check compared.
#[track_caller]
fn agree(repo: &TestRepo) -> StagedComparison {
    agree_with(repo, &[]).expect("the staged changes can be computed")
}

/// The staged changes (as both comparisons see them).
fn changes(repo: &TestRepo) -> Changes {
    GitRepository::open(repo.root())
        .expect("open the repository")
        .staged_changes_with_libgit2(&[])
        .expect("staged changes")
}

/// Asserts that the comparison went through the cache-tree; returns (trees read, entries
/// skipped).
#[track_caller]
fn assert_fast(how: &StagedComparison) -> (usize, usize) {
    match how {
        StagedComparison::CacheTree {
            trees_read,
            entries_skipped,
        } => (*trees_read, *entries_skipped),
        StagedComparison::Libgit2(reason) => panic!("fell back to libgit2: {reason}"),
    }
}

/// Asserts that the comparison was left to libgit2 for `expected`.
#[track_caller]
fn assert_fallback(how: &StagedComparison, expected: &FallbackReason) {
    assert_eq!(how, &StagedComparison::Libgit2(expected.clone()));
}

/// What the index of `repo` holds: its version, entry count and extensions.
struct IndexSummary {
    version: u32,
    entry_count: usize,
    extensions: IndexExtensions,
}

/// Reads the index of `repo`.
fn index_of(repo: &TestRepo) -> IndexSummary {
    let file = std::fs::File::open(repo.path(".git/index")).expect("open the index");
    let reader = EntryReader::new(file).expect("read the index");
    let (version, entry_count) = (reader.version(), reader.entry_count());
    let extensions = reader.finish().expect("read the index to its end");
    IndexSummary {
        version,
        entry_count,
        extensions,
    }
}

/// A committed tree with three top directories and names around `/` in git's order.
fn three_directories() -> TestRepo {
    let repo = TestRepo::new();
    for (path, content) in [
        ("a.py", "a = 1\n"),
        ("a-b/x.py", "x = 1\n"),
        ("a/b/c.py", "c = 1\n"),
        ("a/d.py", "d = 1\n"),
        ("a0", "zero = 0\n"),
        ("lib/one.py", "one = 1\n"),
        ("lib/two.py", "two = 2\n"),
        ("lib/nested/three.py", "three = 3\n"),
        ("docs/conf.py", "conf = 1\n"),
    ] {
        repo.write(path, content);
    }
    repo.git(&["add", "-A"]);
    repo.commit("tree");
    repo
}

#[test]
fn unborn_branch_compares_with_the_empty_tree() {
    let repo = TestRepo::new();
    assert!(agree_with(&repo, &[]).is_some());
    repo.write("a.py", "a = 1\n")
        .write("a/b.py", "b = 1\n")
        .write("a-b/c.py", "c = 1\n")
        .write("a0", "zero = 0\n");
    repo.git(&["add", "-A"]);
    let how = agree(&repo);
    assert_fast(&how);
    assert_eq!(changes(&repo).files.len(), 4);
}

#[test]
fn partly_invalidated_cache_tree_skips_the_unchanged_directories() {
    let repo = three_directories();
    repo.write("a/b/c.py", "c = 2\n").add(&["a/b/c.py"]);
    let (trees_read, skipped) = assert_fast(&agree(&repo));
    // `a` and `a/b` are read; `a-b` (1 entry), `docs` (1), `lib` (3) and `a/d.py`'s
    // siblings are not.
    assert_eq!(trees_read, 2);
    assert_eq!(skipped, 5);
    assert_eq!(changes(&repo).files[0].path, "a/b/c.py");
}

#[test]
fn fully_valid_cache_tree_as_git_commit_leaves_it_for_hooks() {
    let repo = three_directories();
    repo.write("a/b/c.py", "c = 2\n")
        .write("lib/nested/three.py", "three = 4\n")
        .write("a.py", "a = 5\n");
    repo.git(&["add", "-A"]);
    repo.git(&["write-tree"]);
    let index = index_of(&repo);
    assert!(
        index
            .extensions
            .cache_tree()
            .and_then(|tree| tree.valid())
            .is_some()
    );
    let (trees_read, skipped) = assert_fast(&agree(&repo));
    // Valid but different from HEAD: `a`, `a/b`, `lib`, `lib/nested` are read; `a-b` and
    // `docs` are skipped.
    assert_eq!((trees_read, skipped), (4, 2));
    assert_eq!(changes(&repo).files.len(), 3);
}

#[test]
fn nothing_staged_reads_no_tree() {
    let repo = three_directories();
    let (trees_read, skipped) = assert_fast(&agree(&repo));
    assert_eq!(trees_read, 0);
    // Everything but the two files at the top (`a.py`, `a0`), compared one by one.
    assert_eq!(skipped, index_of(&repo).entry_count - 2);
}

#[test]
fn missing_cache_tree_compares_every_directory() {
    let repo = three_directories();
    std::fs::remove_file(repo.path(".git/index")).expect("remove the index");
    repo.write("lib/two.py", "two = 3\n");
    repo.git(&["add", "-A"]);
    assert!(index_of(&repo).extensions.cache_tree().is_none());
    let (trees_read, skipped) = assert_fast(&agree(&repo));
    assert_eq!(skipped, 0);
    assert_eq!(trees_read, 6);

    // `git read-tree HEAD` primes a valid cache-tree again; `update-index --add` invalidates.
    repo.git(&["read-tree", "HEAD"]);
    repo.write("lib/new.py", "new = 1\n");
    repo.git(&["update-index", "--add", "lib/new.py"]);
    assert_fast(&agree(&repo));
}

#[test]
fn names_around_the_slash_are_matched_in_git_order() {
    let repo = TestRepo::new();
    for path in [
        "a.py", "a-b/x.py", "a/x.py", "a/x/y.py", "a0/z.py", "a1", "b/a.py", "b.py",
    ] {
        repo.write(path, "v = 1\n");
    }
    repo.git(&["add", "-A"]);
    repo.commit("tree");
    for path in ["a.py", "a-b/x.py", "a/x.py", "a/x/y.py", "a0/z.py", "b.py"] {
        repo.write(path, "v = 2\n");
    }
    repo.git(&["add", "-A"]);
    assert_fast(&agree(&repo));
    assert_eq!(changes(&repo).files.len(), 6);
}

#[test]
fn executable_bit_changes_are_modifications() {
    let repo = three_directories();
    repo.git(&["update-index", "--chmod=+x", "lib/one.py", "a0"]);
    assert_fast(&agree(&repo));
    assert_eq!(changes(&repo).files.len(), 2);
    repo.commit("executable");
    repo.git(&["update-index", "--chmod=-x", "lib/one.py"]);
    assert_fast(&agree(&repo));
}

#[cfg(unix)]
#[test]
fn symlinks_and_gitlinks_are_skipped_alike() {
    let repo = three_directories();
    repo.symlink("a.py", "lib/link.py");
    let head = repo.head().expect("HEAD");
    repo.git(&[
        "update-index",
        "--add",
        "--cacheinfo",
        &format!("160000,{head},vendor/module"),
    ]);
    repo.git(&["add", "lib/link.py"]);
    assert_fast(&agree(&repo));
    assert_eq!(changes(&repo).skipped.len(), 2);
    repo.commit("links");
    // New targets, another commit: modified, still skipped.
    std::fs::remove_file(repo.path("lib/link.py")).expect("remove the link");
    repo.symlink("a0", "lib/link.py");
    repo.git(&["add", "lib/link.py"]);
    let links_commit = repo.git(&["rev-parse", "HEAD"]);
    repo.git(&[
        "update-index",
        "--cacheinfo",
        &format!("160000,{},vendor/module", links_commit.trim()),
    ]);
    assert_fast(&agree(&repo));
    assert_eq!(changes(&repo).skipped.len(), 2);
}

#[cfg(unix)]
#[test]
fn type_changes_fall_back() {
    let repo = three_directories();
    std::fs::remove_file(repo.path("a.py")).expect("remove a.py");
    repo.symlink("a0", "a.py");
    repo.git(&["add", "a.py"]);
    assert_fallback(&agree(&repo), &FallbackReason::TypeChange);
    repo.commit("symlink");
    std::fs::remove_file(repo.path("a.py")).expect("remove the link");
    repo.write("a.py", "a = 1\n").add(&["a.py"]);
    assert_fallback(&agree(&repo), &FallbackReason::TypeChange);
}

#[test]
fn index_versions_3_and_4_agree() {
    for version in ["3", "4"] {
        let repo = three_directories();
        repo.write("lib/nested/three.py", "three = 9\n")
            .write("docs/new.py", "new = 1\n");
        repo.git(&["add", "-A"]);
        repo.git(&["update-index", "--index-version", version]);
        if version == "3" {
            repo.git(&["update-index", "--skip-worktree", "a0"]);
        }
        assert_eq!(index_of(&repo).version.to_string(), version);
        assert_fast(&agree(&repo));
        assert_eq!(changes(&repo).files.len(), 2);
    }
}

#[test]
fn deletions_alone_take_the_fast_path() {
    let repo = three_directories();
    repo.git(&["rm", "-q", "--cached", "lib/two.py", "a0"]);
    repo.git(&["rm", "-q", "-r", "--cached", "a-b"]);
    repo.write("a/d.py", "d = 2\n").add(&["a/d.py"]);
    assert_fast(&agree(&repo));
    let changes = changes(&repo);
    assert_eq!(changes.files.len(), 1);
    // Deleted files are listed (a deleted directory's one by one), for cross-file attribution.
    let deleted: Vec<&str> = changes
        .deleted
        .iter()
        .map(|gone| gone.path.as_str())
        .collect();
    assert_eq!(deleted, ["a-b/x.py", "a0", "lib/two.py"]);
    // Pathspecs select them as they select changed files.
    assert_fast(&agree_with(&repo, &["lib"]).expect("staged changes under lib"));
    assert_fast(&agree_with(&repo, &["a-b"]).expect("staged changes under a-b"));
}

#[test]
fn range_deletions_are_listed_alike() {
    let repo = three_directories();
    repo.git(&["rm", "-q", "-r", "a-b", "lib/nested"]);
    repo.write("a/d.py", "d = 2\n").add(&["a/d.py"]);
    repo.commit("deletions");
    assert_subtrees_skipped(&ranges_agree(&repo, Some("HEAD~1"), "HEAD"));
    assert_subtrees_skipped(&ranges_agree_with(&repo, Some("HEAD~1"), "HEAD", &["lib"]));
    let repository = GitRepository::open(repo.root()).expect("open the repository");
    let base = repository
        .resolve_commit("HEAD~1")
        .expect("the base commit");
    let head = repository.resolve_commit("HEAD").expect("the head commit");
    let changes = repository
        .range_changes(Some(base), head, &[])
        .expect("the range's changes");
    let deleted: Vec<&str> = changes
        .deleted
        .iter()
        .map(|gone| gone.path.as_str())
        .collect();
    assert_eq!(deleted, ["a-b/x.py", "lib/nested/three.py"]);
}

#[test]
fn renames_fall_back_and_pair_the_paths() {
    let repo = three_directories();
    repo.git(&["mv", "lib/one.py", "docs/one.py"]);
    assert_fallback(&agree(&repo), &FallbackReason::PossibleRename);
    let renamed = &changes(&repo).files[0];
    assert_eq!(renamed.old_path.as_deref(), Some("lib/one.py"));
    // A pathspec naming the new path still pairs it.
    agree_with(&repo, &["docs"]);
}

#[test]
fn files_and_directories_replacing_each_other_fall_back() {
    let repo = three_directories();
    repo.git(&["rm", "-q", "--cached", "a.py"]);
    std::fs::remove_file(repo.path("a.py")).expect("remove a.py");
    repo.write("a.py/inside.py", "inside = 1\n");
    repo.git(&["add", "-A"]);
    assert_fallback(&agree(&repo), &FallbackReason::PossibleRename);
    repo.commit("directory");
    std::fs::remove_dir_all(repo.path("a.py")).expect("remove the directory");
    repo.write("a.py", "a = 1\n");
    repo.git(&["add", "-A"]);
    assert_fallback(&agree(&repo), &FallbackReason::PossibleRename);
}

#[test]
fn core_ignore_case_falls_back() {
    // libgit2 then orders paths case-insensitively.
    let repo = three_directories();
    repo.git(&["config", "core.ignoreCase", "true"]);
    repo.write("lib/two.py", "two = 3\n").add(&["lib/two.py"]);
    assert_fallback(&agree(&repo), &FallbackReason::IgnoreCase);
}

#[test]
fn index_with_skipped_checksum_takes_the_fast_path() {
    // `index.skipHash` writes zeros where the checksum goes.
    let repo = three_directories();
    repo.write("lib/two.py", "two = 3\n");
    repo.git(&["-c", "index.skipHash=true", "add", "lib/two.py"]);
    let index = std::fs::read(repo.path(".git/index")).expect("read the index");
    assert!(index.ends_with(&[0; 20]), "git wrote a checksum");
    assert_fast(&agree(&repo));
    assert_eq!(changes(&repo).files.len(), 1);
}

#[test]
fn intent_to_add_falls_back() {
    let repo = three_directories();
    repo.write("later.py", "later = 1\n");
    repo.git(&["add", "-N", "later.py"]);
    assert_fallback(&agree(&repo), &FallbackReason::IntentToAdd);
}

#[test]
fn conflicts_fall_back_to_the_same_error() {
    let repo = three_directories();
    repo.git(&["checkout", "-q", "-b", "other"]);
    repo.write("a.py", "a = 2\n").add(&["a.py"]);
    repo.commit("other");
    repo.git(&["checkout", "-q", "main"]);
    repo.write("a.py", "a = 3\n").add(&["a.py"]);
    repo.commit("main");
    assert!(!repo.try_git(&["merge", "-q", "other"]).status.success());
    assert!(agree_with(&repo, &[]).is_none(), "conflicts are an error");
}

#[test]
fn merge_in_progress_finds_the_same_merge_parent_blobs() {
    let repo = three_directories();
    repo.git(&["checkout", "-q", "-b", "other"]);
    repo.write("lib/one.py", "one = 2\n")
        .write("docs/conf.py", "conf = 2\n");
    repo.git(&["add", "-A"]);
    repo.commit("other");
    repo.git(&["checkout", "-q", "main"]);
    repo.write("a.py", "a = 3\n").add(&["a.py"]);
    repo.commit("main");
    repo.git(&["merge", "-q", "--no-commit", "other"]);
    repo.write("lib/one.py", "one = 3\n").add(&["lib/one.py"]);
    assert_fast(&agree(&repo));
    let merged = changes(&repo);
    assert!(
        merged
            .files
            .iter()
            .any(|file| !file.merge_parent_ids.is_empty())
    );
}

#[test]
fn pathspecs_filter_both_comparisons_alike() {
    let repo = three_directories();
    repo.write("a/b/c.py", "c = 2\n")
        .write("lib/two.py", "two = 3\n")
        .write("a.py", "a = 2\n");
    repo.git(&["add", "-A"]);
    for pathspecs in [
        &["lib"][..],
        &[":!a.py"],
        &["*.py", ":(exclude)lib"],
        &[":/a"],
        &["nothing-matches"],
    ] {
        let how = agree_with(&repo, pathspecs).expect("changes");
        assert_fast(&how);
    }
}

/// A deterministic pseudo-random sequence (a linear congruential generator), so that a
/// failure reproduces.
struct Random(u64);

impl Random {
    fn below(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % bound
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// Names chosen to collide around `/` in git's order.
const NAMES: [&str; 6] = ["a", "a.py", "a-b", "a0", "b.py", "sub"];

/// Writes a random tree of files under `directory` (at most `depth` levels deep).
fn write_random_tree(random: &mut Random, directory: &Path, depth: usize) {
    std::fs::create_dir_all(directory).expect("create a directory");
    for name in NAMES {
        let path = directory.join(name);
        match random.below(6) {
            0 | 1 => {
                std::fs::write(&path, format!("v = {}\n", random.below(5))).expect("write a file")
            }
            2 if depth > 0 => write_random_tree(random, &path, depth - 1),
            _ => {}
        }
    }
}

/// Every file under `directory` (relative paths), in a stable order.
fn files_under(directory: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![directory.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current).expect("list a directory") {
            let entry = entry.expect("a directory entry");
            let path = entry.path();
            if entry.file_name() == ".git" {
                continue;
            }
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Changes the work tree at random: contents, modes, deletions, additions, and files and
/// directories replacing each other.
fn mutate(random: &mut Random, root: &Path) {
    let files = files_under(root);
    for file in &files {
        match random.below(12) {
            0..=2 => std::fs::write(file, format!("v = {}\n", 10 + random.below(5)))
                .expect("modify a file"),
            3 => {
                use std::os::unix::fs::PermissionsExt;
                let mode = if random.chance(50) { 0o755 } else { 0o644 };
                std::fs::set_permissions(file, std::fs::Permissions::from_mode(mode))
                    .expect("chmod");
            }
            4 => std::fs::remove_file(file).expect("delete a file"),
            5 => {
                std::fs::remove_file(file).expect("delete a file");
                write_random_tree(random, file, 1);
            }
            _ => {}
        }
    }
    if random.chance(30) {
        let parent = files
            .get(random.below(files.len().max(1)))
            .and_then(|file| file.parent())
            .unwrap_or(root)
            .to_path_buf();
        if parent.is_dir() {
            write_random_tree(random, &parent.join("new"), 1);
        }
    }
    if random.chance(15) {
        let directories: Vec<_> = files_under(root)
            .iter()
            .filter_map(|file| file.parent().map(Path::to_path_buf))
            .filter(|directory| directory != root)
            .collect();
        if let Some(directory) = directories.get(random.below(directories.len().max(1))) {
            std::fs::remove_dir_all(directory).expect("remove a directory");
            std::fs::write(directory, "replaced = 1\n").expect("a file instead");
        }
    }
}

#[cfg(unix)]
#[test]
fn random_repository_states_agree() {
    let mut random = Random(0x5eed_1234);
    let mut fast = 0;
    let mut total = 0;
    let mut ranges_fast = 0;
    let mut ranges_total = 0;
    for _repository in 0..6 {
        let repo = TestRepo::new();
        write_random_tree(&mut random, repo.root(), 3);
        repo.git(&["add", "-A"]);
        total += 1;
        if matches!(agree(&repo), StagedComparison::CacheTree { .. }) {
            fast += 1;
        }
        let first = repo.commit("start");
        for round in 0..6 {
            mutate(&mut random, repo.root());
            repo.git(&["add", "-A"]);
            match round % 3 {
                // As `git commit` leaves it for the hook.
                1 => {
                    repo.git(&["write-tree"]);
                }
                2 => {
                    let version = if random.chance(50) { "4" } else { "2" };
                    repo.git(&["update-index", "--index-version", version]);
                }
                _ => {}
            }
            total += 1;
            if matches!(agree(&repo), StagedComparison::CacheTree { .. }) {
                fast += 1;
            }
            if random.chance(70) {
                repo.commit(&format!("round {round}"));
                ranges_total += 2;
                for how in [
                    ranges_agree(&repo, Some("HEAD~1"), "HEAD"),
                    ranges_agree(&repo, Some(first.trim()), "HEAD"),
                ] {
                    if matches!(how, RangeComparison::SubtreesSkipped { .. }) {
                        ranges_fast += 1;
                    }
                }
            }
        }
        ranges_agree(&repo, None, "HEAD");
    }
    // The fast paths must carry a good share of the states, or this test proves little.
    assert!(
        fast * 3 >= total,
        "only {fast} of {total} states took the fast path"
    );
    // Ranges accumulate deletions and additions (possible renames) faster than single states.
    assert!(
        ranges_fast * 4 >= ranges_total,
        "only {ranges_fast} of {ranges_total} ranges skipped subtrees"
    );
}

// ---------------------------------------------------------------------------------------------
// Commit ranges.

#[test]
fn ranges_skip_the_subtrees_both_sides_share() {
    let repo = three_directories();
    repo.write("lib/nested/three.py", "three = 4\n")
        .write("docs/new.py", "new = 1\n")
        .write("a0", "zero = 1\n");
    repo.git(&["add", "-A"]);
    repo.commit("change");
    let trees_read = assert_subtrees_skipped(&ranges_agree(&repo, Some("HEAD~1"), "HEAD"));
    // `lib` and `lib/nested` on both sides, `docs` on both sides; `a`, `a-b` never.
    assert_eq!(trees_read, 6);
    assert_eq!(
        ranges_agree_with(&repo, Some("HEAD~1"), "HEAD", &["lib"]),
        RangeComparison::SubtreesSkipped { trees_read: 6 }
    );
    // From the empty tree: every file is new.
    assert_subtrees_skipped(&ranges_agree(&repo, None, "HEAD"));
}

#[cfg(unix)]
#[test]
fn ranges_with_modes_symlinks_gitlinks_and_deletions_agree() {
    let repo = three_directories();
    repo.git(&["update-index", "--chmod=+x", "lib/one.py"]);
    repo.symlink("a.py", "lib/link.py");
    repo.git(&["add", "lib/link.py"]);
    let head = repo.head().expect("HEAD");
    repo.git(&[
        "update-index",
        "--add",
        "--cacheinfo",
        &format!("160000,{head},vendor/module"),
    ]);
    repo.commit("modes");
    assert_subtrees_skipped(&ranges_agree(&repo, Some("HEAD~1"), "HEAD"));
    // Deletions alone need no rename detection.
    assert_subtrees_skipped(&ranges_agree(&repo, Some("HEAD"), "HEAD~1"));
}

#[cfg(unix)]
#[test]
fn ranges_with_renames_type_changes_or_replaced_directories_fall_back() {
    let repo = three_directories();
    repo.git(&["mv", "lib/one.py", "docs/one.py"]);
    repo.commit("rename");
    assert_eq!(
        ranges_agree(&repo, Some("HEAD~1"), "HEAD"),
        RangeComparison::Libgit2(FallbackReason::PossibleRename)
    );
    ranges_agree_with(&repo, Some("HEAD~1"), "HEAD", &["docs"]);

    std::fs::remove_file(repo.path("a0")).expect("remove a0");
    repo.symlink("a.py", "a0");
    repo.git(&["add", "a0"]);
    repo.commit("type change");
    assert_eq!(
        ranges_agree(&repo, Some("HEAD~1"), "HEAD"),
        RangeComparison::Libgit2(FallbackReason::TypeChange)
    );

    repo.git(&["rm", "-q", "-r", "--cached", "a-b"]);
    std::fs::remove_dir_all(repo.path("a-b")).expect("remove a-b");
    repo.write("a-b", "now a file\n");
    repo.git(&["add", "a-b"]);
    repo.commit("directory replaced");
    assert_eq!(
        ranges_agree(&repo, Some("HEAD~1"), "HEAD"),
        RangeComparison::Libgit2(FallbackReason::PossibleRename)
    );
}
