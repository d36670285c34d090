//! Import resolution: from a dotted name as an import statement wrote it to the file of the
//! snapshot that Python would load, and the attributes that follow the module part.

/// Resolves `qualified` (e.g. `app.config.HOST`, or `..config.HOST` for a relative import) as
/// written in the file `importer`, probing the snapshot with `exists`. Returns the module's path
/// and the names after it; `None` when no file of the snapshot matches.
pub fn resolve(
    importer: &str,
    qualified: &str,
    exists: &dyn Fn(&str) -> bool,
) -> Option<(String, Vec<String>)> {
    let level = qualified.bytes().take_while(|byte| *byte == b'.').count();
    let names: Vec<&str> = qualified[level..]
        .split('.')
        .filter(|name| !name.is_empty())
        .collect();
    if names.iter().any(|name| !is_identifier(name)) {
        return None;
    }
    let importer_directory = parent(importer);
    if level > 0 {
        // `from . import x` in `pkg/sub/mod.py` is `pkg/sub`; each further dot goes up one.
        let mut directory = importer_directory.to_owned();
        for _ in 1..level {
            if directory.is_empty() {
                return None;
            }
            directory = parent(&directory).to_owned();
        }
        return longest_module(&directory, &names, exists);
    }
    for root in roots(importer_directory, exists) {
        if let Some(found) = longest_module(&root, &names, exists) {
            return Some(found);
        }
    }
    None
}

/// The directories absolute imports are looked up from, most specific first: the directory
/// above the importing file's top-level package, the snapshot's root, and `src/`.
fn roots(importer_directory: &str, exists: &dyn Fn(&str) -> bool) -> Vec<String> {
    let mut package_root = importer_directory.to_owned();
    while !package_root.is_empty() && exists(&join(&package_root, "__init__.py")) {
        package_root = parent(&package_root).to_owned();
    }
    let mut roots = vec![package_root];
    for root in ["", "src"] {
        if !roots.iter().any(|known| known == root) {
            roots.push(root.to_owned());
        }
    }
    roots
}

/// The longest prefix of `names` that is a module under `directory` (`a/b.py` or
/// `a/b/__init__.py`), with the names after it.
fn longest_module(
    directory: &str,
    names: &[&str],
    exists: &dyn Fn(&str) -> bool,
) -> Option<(String, Vec<String>)> {
    for length in (1..=names.len()).rev() {
        let module = join(directory, &names[..length].join("/"));
        let rest = || {
            names[length..]
                .iter()
                .map(|name| (*name).to_owned())
                .collect()
        };
        for candidate in [format!("{module}.py"), join(&module, "__init__.py")] {
            if exists(&candidate) {
                return Some((candidate, rest()));
            }
        }
    }
    // `from . import x` where `x` is not a module: a name of the package's `__init__`.
    let package = join(directory, "__init__.py");
    if !directory.is_empty() && exists(&package) {
        return Some((
            package,
            names.iter().map(|name| (*name).to_owned()).collect(),
        ));
    }
    None
}

/// The directory part of a `/`-separated path (`""` for a file at the root).
fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(directory, _)| directory)
}

/// `directory/name`, or `name` at the root.
fn join(directory: &str, name: &str) -> String {
    if directory.is_empty() {
        name.to_owned()
    } else {
        format!("{directory}/{name}")
    }
}

/// True for a Python identifier (module file names in practice).
pub(super) fn is_identifier(name: &str) -> bool {
    let mut characters = name.chars();
    characters
        .next()
        .is_some_and(|first| first.is_alphabetic() || first == '_')
        && characters.all(|character| character.is_alphanumeric() || character == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[&str]) -> impl Fn(&str) -> bool {
        let files: Vec<String> = files.iter().map(|file| (*file).to_owned()).collect();
        move |path: &str| files.iter().any(|file| file == path)
    }

    fn resolved(importer: &str, qualified: &str, files: &[&str]) -> Option<(String, Vec<String>)> {
        resolve(importer, qualified, &tree(files))
    }

    #[test]
    fn flat_layout_absolute_import() {
        let files = ["app/__init__.py", "app/config.py", "app/server.py"];
        assert_eq!(
            resolved("app/server.py", "app.config.HOST", &files),
            Some(("app/config.py".to_owned(), vec!["HOST".to_owned()]))
        );
    }

    #[test]
    fn src_layout_absolute_import() {
        let files = [
            "src/app/__init__.py",
            "src/app/config.py",
            "tests/test_app.py",
        ];
        assert_eq!(
            resolved("tests/test_app.py", "app.config", &files),
            Some(("src/app/config.py".to_owned(), Vec::new()))
        );
        assert_eq!(
            resolved("src/app/__init__.py", "app.config.HOST", &files),
            Some(("src/app/config.py".to_owned(), vec!["HOST".to_owned()]))
        );
    }

    #[test]
    fn relative_imports_climb_one_package_per_dot() {
        let files = [
            "pkg/__init__.py",
            "pkg/config.py",
            "pkg/sub/__init__.py",
            "pkg/sub/run.py",
        ];
        assert_eq!(
            resolved("pkg/sub/run.py", "..config.HOST", &files),
            Some(("pkg/config.py".to_owned(), vec!["HOST".to_owned()]))
        );
        assert_eq!(
            resolved("pkg/sub/run.py", ".HOST", &files),
            Some(("pkg/sub/__init__.py".to_owned(), vec!["HOST".to_owned()])),
            "`from . import HOST` reads the package's __init__"
        );
        assert_eq!(
            resolved("pkg/sub/run.py", ".", &files),
            Some(("pkg/sub/__init__.py".to_owned(), Vec::new()))
        );
    }

    #[test]
    fn package_attribute_through_init() {
        let files = ["pkg/__init__.py", "main.py"];
        assert_eq!(
            resolved("main.py", "pkg.serve", &files),
            Some(("pkg/__init__.py".to_owned(), vec!["serve".to_owned()]))
        );
    }

    #[test]
    fn a_module_outside_the_snapshot_is_not_guessed() {
        let files = ["app/server.py"];
        assert_eq!(resolved("app/server.py", "requests.get", &files), None);
        assert_eq!(resolved("app/server.py", "..outside", &files), None);
    }

    #[test]
    fn sibling_module_of_a_script_directory() {
        // `python tools/run.py` puts `tools/` first on sys.path: `import helpers` is its sibling.
        let files = ["tools/run.py", "tools/helpers.py"];
        assert_eq!(
            resolved("tools/run.py", "helpers.serve", &files),
            Some(("tools/helpers.py".to_owned(), vec!["serve".to_owned()]))
        );
    }
}
