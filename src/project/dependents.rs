//! The modules whose findings a change can alter without touching them: those that import a
//! changed module's changed names (SPEC 4: `app.py`'s untouched `uvicorn.run(host=HOST)` when
//! `config.py` flips `HOST`).
//!
//! Found by text before anything is parsed: a file of the snapshot is a candidate only when it
//! names one of the changed module-level names as a word; a candidate is a dependent only when
//! its import lines ([`super::imports::imported_names`]) resolve to a changed module, or to a
//! module that imports one (an `__init__` re-exporting it, one level further). A candidate
//! that re-exports a changed name under another name has that name searched for too.

use std::collections::{BTreeSet, HashMap};

use super::{Project, imports};

/// A module of the change whose module-level names may now hold other values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangedModule {
    /// Its path in the snapshot.
    pub path: String,
    /// The names that may hold another value ([`crate::python::changes::ModuleChanges::names`]).
    pub names: BTreeSet<String>,
}

/// A file of the snapshot that imports changed modules, with its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dependent {
    /// Its path.
    pub path: String,
    /// Its bytes in the snapshot.
    pub bytes: Vec<u8>,
    /// Indexes (into the changed modules given) of the modules it imports, directly or through
    /// a module that re-exports them.
    pub imports: Vec<usize>,
}

/// How many modules of re-exports are followed from a changed module to its dependents
/// (`config.py` ← `pkg/__init__.py` ← `app.py` is two).
const MAX_REEXPORT_LEVELS: usize = 2;

/// The dependents of `changed` in `project`'s snapshot, in path order: files other than the
/// changed ones, not refused by `skip` (the configuration's exclusions), that may hold a
/// listener or pass an address to a wrapper (an all-interfaces literal, or the empty host as
/// [`super::empty_host_passed`] finds it). The snapshot is read on up to `jobs` threads.
/// `None` when the snapshot cannot list its files (a split or sparse index).
pub fn find(
    project: &Project,
    changed: &[ChangedModule],
    skip: &dyn Fn(&str) -> bool,
    jobs: usize,
) -> Option<Vec<Dependent>> {
    let names: BTreeSet<&str> = changed
        .iter()
        .flat_map(|module| module.names.iter().map(String::as_str))
        .collect();
    if names.is_empty() {
        return Some(Vec::new());
    }
    let Ok(words) = aho_corasick::AhoCorasick::new(&names) else {
        return Some(Vec::new());
    };
    // The text search: files naming a changed name as a word.
    let mut paths = project.python_paths()?;
    paths.sort_unstable();
    paths.retain(|path| !changed.iter().any(|module| module.path == *path) && !skip(path));
    let mut candidates = project.read_matching(&paths, &|bytes| names_a_word(&words, bytes), jobs);
    // A module that re-exports a changed name under another name (`from .net import listen as
    // start_listening` in a package's `__init__`) has importers that never name it: they are
    // searched for by the names it binds.
    let aliases = reexported_aliases(project, changed, &names, &candidates);
    if !aliases.is_empty()
        && let Ok(alias_words) = aho_corasick::AhoCorasick::new(&aliases)
    {
        let known: BTreeSet<&str> = candidates.iter().map(|(path, _)| path.as_str()).collect();
        let rest: Vec<String> = paths
            .iter()
            .filter(|path| !known.contains(path.as_str()))
            .cloned()
            .collect();
        candidates.extend(project.read_matching(
            &rest,
            &|bytes| names_a_word(&alias_words, bytes),
            jobs,
        ));
        candidates.sort_unstable_by(|left, right| left.0.cmp(&right.0));
    }
    // Which changed modules each candidate's imports reach; a level further through modules
    // that import one (re-exports).
    let imported: Vec<BTreeSet<String>> = candidates
        .iter()
        .map(|(path, bytes)| {
            imports::imported_names(bytes)
                .iter()
                .filter_map(|name| project.resolve(path, name.qualified.trim_end_matches(".*")))
                .map(|(module, _)| module)
                .filter(|module| module != path)
                .collect()
        })
        .collect();
    let mut reaches: HashMap<String, BTreeSet<usize>> = changed
        .iter()
        .enumerate()
        .map(|(index, module)| (module.path.clone(), BTreeSet::from([index])))
        .collect();
    let mut found: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); candidates.len()];
    for _ in 0..MAX_REEXPORT_LEVELS {
        let mut grew = false;
        for (index, modules) in imported.iter().enumerate() {
            for module in modules {
                if let Some(sources) = reaches.get(module) {
                    let before = found[index].len();
                    found[index].extend(sources.iter().copied());
                    grew |= found[index].len() != before;
                }
            }
        }
        if !grew {
            break;
        }
        for (index, (path, _)) in candidates.iter().enumerate() {
            if !found[index].is_empty() {
                reaches
                    .entry(path.clone())
                    .or_default()
                    .extend(found[index].iter().copied());
            }
        }
    }
    let dependents = candidates
        .into_iter()
        .zip(found)
        .filter(|((path, bytes), sources)| {
            !sources.is_empty()
                && (crate::rules::prefilter::may_listen(
                    path,
                    bytes,
                    crate::python::SourceKind::Module,
                ) || super::holds_wildcard_literal(bytes)
                    || super::empty_host_passed(bytes) != super::EmptyHost::Nowhere)
        })
        .map(|((path, bytes), sources)| Dependent {
            path,
            bytes,
            imports: sources.into_iter().collect(),
        })
        .collect();
    Some(dependents)
}

/// The names that `candidates` bind to a changed module's changed names under another name
/// (`start_listening` of `from .net import listen as start_listening`), other than changed
/// names themselves.
fn reexported_aliases(
    project: &Project,
    changed: &[ChangedModule],
    names: &BTreeSet<&str>,
    candidates: &[(String, Vec<u8>)],
) -> BTreeSet<String> {
    let mut aliases = BTreeSet::new();
    for (path, bytes) in candidates {
        for imported in imports::imported_names(bytes) {
            if names.contains(imported.bound.as_str()) || imported.qualified.ends_with(".*") {
                continue;
            }
            let Some((module, attributes)) = project.resolve(path, &imported.qualified) else {
                continue;
            };
            let reexports_changed_name = attributes.first().is_some_and(|attribute| {
                changed
                    .iter()
                    .any(|changed| changed.path == module && changed.names.contains(attribute))
            });
            if reexports_changed_name {
                aliases.insert(imported.bound);
            }
        }
    }
    aliases
}

/// True when `text` holds one of `words`' patterns as a whole identifier.
fn names_a_word(words: &aho_corasick::AhoCorasick, text: &[u8]) -> bool {
    let is_word = |byte: &u8| byte.is_ascii_alphanumeric() || *byte == b'_' || *byte >= 0x80;
    words.find_overlapping_iter(text).any(|found| {
        let before = found
            .start()
            .checked_sub(1)
            .and_then(|index| text.get(index));
        !before.is_some_and(is_word) && !text.get(found.end()).is_some_and(is_word)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::ModuleSource;

    struct Files(Vec<(&'static str, &'static str)>);

    impl ModuleSource for Files {
        fn read(&self, path: &str) -> Option<Vec<u8>> {
            self.0
                .iter()
                .find(|(name, _)| *name == path)
                .map(|(_, text)| text.as_bytes().to_vec())
        }

        fn python_paths(&self) -> Option<Vec<String>> {
            Some(self.0.iter().map(|(name, _)| (*name).to_owned()).collect())
        }
    }

    fn dependents(files: Vec<(&'static str, &'static str)>, names: &[&str]) -> Vec<String> {
        let project = Project::new(Box::new(Files(files)));
        let changed = [ChangedModule {
            path: "pkg/config.py".into(),
            names: names.iter().map(|name| (*name).to_owned()).collect(),
        }];
        find(&project, &changed, &|path| path.starts_with("vendor/"), 2)
            .expect("the test source lists its files")
            .into_iter()
            .map(|dependent| dependent.path)
            .collect()
    }

    #[test]
    fn importers_naming_a_changed_name_are_dependents() {
        let found = dependents(
            vec![
                ("pkg/__init__.py", ""),
                ("pkg/config.py", "HOST = '0.0.0.0'\n"),
                (
                    "pkg/app.py",
                    "from .config import HOST\nuvicorn.run(app, host=HOST)\n",
                ),
                (
                    "main.py",
                    "import pkg.config\nuvicorn.run(app, host=pkg.config.HOST)\n",
                ),
                // Names HOST but imports another module.
                (
                    "other.py",
                    "from os import HOST\nuvicorn.run(app, host=HOST)\n",
                ),
                // Imports the module but names no changed name.
                (
                    "quiet.py",
                    "from pkg.config import PORT\nuvicorn.run(app, port=PORT)\n",
                ),
                // Excluded by the configuration.
                (
                    "vendor/app.py",
                    "from pkg.config import HOST\nuvicorn.run(app, host=HOST)\n",
                ),
                // No listener and no address: nothing to find in it.
                ("pkg/util.py", "from .config import HOST\nprint(HOST)\n"),
            ],
            &["HOST"],
        );
        assert_eq!(found, ["main.py", "pkg/app.py"]);
    }

    #[test]
    fn importers_of_a_reexporting_package_are_dependents() {
        let found = dependents(
            vec![
                ("pkg/__init__.py", "from .config import HOST\n"),
                ("pkg/config.py", "HOST = '0.0.0.0'\n"),
                (
                    "serve.py",
                    "from pkg import HOST\nuvicorn.run(app, host=HOST)\n",
                ),
            ],
            &["HOST"],
        );
        assert_eq!(found, ["serve.py"]);
    }

    #[test]
    fn importers_of_a_name_reexported_under_another_name_are_dependents() {
        let found = dependents(
            vec![
                (
                    "pkg/__init__.py",
                    "from .config import HOST as BIND_HOST\nfrom .config import PORT as P\n",
                ),
                ("pkg/config.py", "HOST = '0.0.0.0'\nPORT = 80\n"),
                (
                    "serve.py",
                    "from pkg import BIND_HOST\nuvicorn.run(app, host=BIND_HOST)\n",
                ),
                // The alias of a name the change left alone.
                ("port.py", "from pkg import P\nuvicorn.run(app, port=P)\n"),
                // The same alias, bound by an import of another module.
                (
                    "elsewhere.py",
                    "from os import BIND_HOST\nuvicorn.run(app, host=BIND_HOST)\n",
                ),
            ],
            &["HOST"],
        );
        assert_eq!(found, ["serve.py"]);
    }

    #[test]
    fn nothing_is_read_for_a_change_without_changed_names() {
        let found = dependents(
            vec![
                ("pkg/config.py", "HOST = '0.0.0.0'\n"),
                (
                    "app.py",
                    "from pkg.config import HOST\nuvicorn.run(app, host=HOST)\n",
                ),
            ],
            &[],
        );
        assert!(found.is_empty());
    }
}
