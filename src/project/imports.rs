//! Import statements read from a module's text without parsing it: enough to decide which
//! modules it may take a wrapper or a value from, before anything is parsed.
//!
//! Only statements that open a line are read (`import a.b as c, d`, `from .x import (y, z)`,
//! continued over lines inside parentheses or after a backslash). An import that this misses
//! (`exec`, `importlib`) is not followed by the analysis either.

/// A name an import statement names, and the name it binds in the importing module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedName {
    /// The dotted name: `a.b` of `import a.b`, `.m.x` of `from .m import x as y`, `.m.*` of a
    /// star import.
    pub qualified: String,
    /// The name bound: `a` of `import a.b`, `c` of `import a.b as c`, `y` of
    /// `from .m import x as y`, `*` of a star import.
    pub bound: String,
}

/// The names a module's import statements name: `import a.b` gives `a.b`;
/// `from a import b, c` gives `a.b` and `a.c`; `from . import x` gives `.x`; `from .m import *`
/// gives `.m.*`; each with the name it binds.
pub fn imported_names(text: &[u8]) -> Vec<ImportedName> {
    let mut names = Vec::new();
    let mut lines = text.split(|byte| *byte == b'\n');
    while let Some(line) = lines.next() {
        let trimmed = trim_start(line);
        let is_import = trimmed.starts_with(b"import ") || trimmed.starts_with(b"import\t");
        let is_from = trimmed.starts_with(b"from ") || trimmed.starts_with(b"from\t");
        if !is_import && !is_from {
            continue;
        }
        let mut statement = String::from_utf8_lossy(trimmed).into_owned();
        // Parenthesised name lists and backslash continuations span lines.
        let mut open = statement.matches('(').count() > statement.matches(')').count();
        let mut continued = statement.trim_end().ends_with('\\');
        let mut extra_lines = 0;
        while (open || continued) && extra_lines < 200 {
            let Some(next) = lines.next() else { break };
            extra_lines += 1;
            if continued {
                statement = statement.trim_end().trim_end_matches('\\').to_owned();
            }
            statement.push(' ');
            statement.push_str(&String::from_utf8_lossy(next));
            open = statement.matches('(').count() > statement.matches(')').count();
            continued = statement.trim_end().ends_with('\\');
        }
        let statement = strip_comment(&statement);
        if is_import {
            for item in statement["import".len()..].split(',') {
                if let Some(name) = item.split_whitespace().next()
                    && is_dotted(name)
                {
                    let top = name.split('.').next().unwrap_or(name);
                    names.push(ImportedName {
                        qualified: name.to_owned(),
                        bound: alias(item).unwrap_or(top).to_owned(),
                    });
                }
            }
        } else if let Some((module, imported)) = statement["from".len()..].split_once(" import") {
            let module = module.trim();
            if !is_dotted(module) && !module.chars().all(|character| character == '.') {
                continue;
            }
            let separator = if module.ends_with('.') { "" } else { "." };
            let imported = imported.replace(['(', ')'], " ");
            for item in imported.split(',') {
                if let Some(name) = item.split_whitespace().next()
                    && (name == "*" || is_dotted(name))
                {
                    names.push(ImportedName {
                        qualified: format!("{module}{separator}{name}"),
                        bound: alias(item).unwrap_or(name).to_owned(),
                    });
                }
            }
        }
    }
    names
}

/// The `c` of an import item `a.b as c`.
fn alias(item: &str) -> Option<&str> {
    let mut words = item.split_whitespace().skip(1);
    (words.next() == Some("as"))
        .then(|| words.next())
        .flatten()
        .filter(|alias| super::resolve::is_identifier(alias))
}

/// The line without its leading blanks.
fn trim_start(line: &[u8]) -> &[u8] {
    let start = line
        .iter()
        .position(|byte| !matches!(byte, b' ' | b'\t'))
        .unwrap_or(line.len());
    &line[start..]
}

/// The statement without a trailing `# comment`.
fn strip_comment(statement: &str) -> &str {
    statement.split('#').next().unwrap_or(statement)
}

/// True for `a`, `a.b`, `.a`, `..a.b`: a module name as imports write it.
fn is_dotted(name: &str) -> bool {
    let name = name.trim_start_matches('.');
    !name.is_empty() && name.split('.').all(super::resolve::is_identifier)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_import_form() {
        let text = b"import os, app.config as c\nfrom .helpers import serve, run as go  # note\nfrom . import settings\nfrom ..pkg import (\n    a,\n    b,\n)\nfrom x import \\\n    y\nif True:\n    from z import *\nprint('from a import b')\n";
        let names = imported_names(text);
        let pairs: Vec<(&str, &str)> = names
            .iter()
            .map(|name| (name.qualified.as_str(), name.bound.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("os", "os"),
                ("app.config", "c"),
                (".helpers.serve", "serve"),
                (".helpers.run", "go"),
                (".settings", "settings"),
                ("..pkg.a", "a"),
                ("..pkg.b", "b"),
                ("x.y", "y"),
                ("z.*", "*"),
            ]
        );
        let dotted = imported_names(b"import a.b.c\nfrom m import (x as y,\n  z)\n");
        assert_eq!(dotted[0].bound, "a");
        assert_eq!(dotted[1].bound, "y");
        assert_eq!(dotted[2].bound, "z");
    }

    #[test]
    fn ignores_what_is_not_an_import() {
        assert!(imported_names(b"important = 1\nfromage = 2\nx = 'import os'\n").is_empty());
    }
}
