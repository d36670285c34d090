//! What a change did to a module's top level: which module-level names may now hold another
//! value, and where the definitions that changed are. Other modules' findings can change only
//! through these names (SPEC 4: "every file whose findings the change can alter"), so a change
//! that alters none of them (a comment, a reformatted line) has no dependents to check.
//!
//! Statements are compared by their tokens without comments, blank lines and the line breaks
//! inside brackets, so that a comment or a rewrapped line changes nothing; comparing tokens
//! (not syntax trees) keeps the comparison flat, whatever the nesting of hostile input.

use std::collections::{BTreeSet, HashMap};

use ruff_python_ast::token::{TokenKind, Tokens};
use ruff_python_ast::{Expr, ModModule, PySourceType, Stmt};
use ruff_python_parser::{Parsed, parse_unchecked_source};
use ruff_text_size::{Ranged, TextRange};

use super::source::LineIndex;

/// One top-level statement of the new version that the base does not have as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangedDefinition {
    /// The module-level names it binds or mutates (`HOST`, `serve`, `Settings`).
    pub names: Vec<String>,
    /// Its first and last line in the new version.
    pub lines: (u32, u32),
}

/// What a change did to a module's top level.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ModuleChanges {
    /// The new version's top-level statements that the base lacks, in source order.
    pub definitions: Vec<ChangedDefinition>,
    /// Every module-level name, bound in the base already, whose value may differ: the names
    /// of changed, added and removed statements, and the names of statements that read one of
    /// those (`settings = Settings()` when `Settings` changed). A name the base lacked is
    /// left out (no working module used it), unless the base has a star import.
    pub names: BTreeSet<String>,
}

impl ModuleChanges {
    /// True when no module-level name may hold another value.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The changed definition whose lines hold `line`.
    pub fn definition_at(&self, line: u32) -> Option<&ChangedDefinition> {
        self.definitions
            .iter()
            .find(|definition| (definition.lines.0..=definition.lines.1).contains(&line))
    }
}

/// Compares the top levels of a module's base version (`None` for a module the change adds)
/// and its new version. `None` when either cannot be decoded or parsed: the caller then knows
/// nothing about what changed.
///
/// `touched(first, last)` says whether the change added any of those lines of the new version:
/// the names of a statement it touched without changing its syntax (a comment, a rewrap) are
/// listed too, for `--report changed`; `|_, _| false` lists only what may hold another value.
pub fn module_changes(
    base: Option<&[u8]>,
    new: &[u8],
    touched: &(dyn Fn(u32, u32) -> bool + Sync),
) -> Option<ModuleChanges> {
    // The parser recurses once per nesting level: it runs with the analysis' stack, and a
    // panic in it is a module whose changes are unknown.
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(STACK_BYTES)
            .spawn_scoped(scope, || compare(base, new, touched))
            .ok()?
            .join()
            .ok()
            .flatten()
    })
}

/// Stack for the comparison's thread, as for the analysis' (reserved, not committed).
const STACK_BYTES: usize = 256 * 1024 * 1024;

/// A statement with more tokens than this may nest deeper than dropping its syntax tree can
/// recurse: such trees are leaked instead (the analysis does the same).
const MAX_DROPPED_TOKENS: usize = 10_000;

/// [`module_changes`] on the current thread.
fn compare(
    base: Option<&[u8]>,
    new: &[u8],
    touched: &dyn Fn(u32, u32) -> bool,
) -> Option<ModuleChanges> {
    let new_text = decoded(new)?;
    let new_parsed = parse(&new_text)?;
    let base_text = match base {
        Some(base) => Some(decoded(base)?),
        None => None,
    };
    let base_parsed = match &base_text {
        Some(text) => Some(parse(text)?),
        None => None,
    };
    let mut longest = 0;
    let mut key_of = |text: &str, tokens: &Tokens, range: TextRange| {
        let (key, count) = statement_key(text, tokens, range);
        longest = longest.max(count);
        key
    };
    let base_keys: Vec<String> = match (&base_parsed, &base_text) {
        (Some(parsed), Some(text)) => parsed
            .suite()
            .iter()
            .map(|statement| key_of(text, parsed.tokens(), statement.range()))
            .collect(),
        _ => Vec::new(),
    };
    let new_keys: Vec<String> = new_parsed
        .suite()
        .iter()
        .map(|statement| key_of(&new_text, new_parsed.tokens(), statement.range()))
        .collect();
    let mut base_statements: HashMap<&str, usize> = HashMap::new();
    for key in &base_keys {
        *base_statements.entry(key.as_str()).or_insert(0) += 1;
    }
    let lines = LineIndex::new(&new_text);
    let mut changes = ModuleChanges::default();
    let mut unchanged: Vec<&Stmt> = Vec::new();
    for (statement, key) in new_parsed.suite().iter().zip(&new_keys) {
        if let Some(count) = base_statements.get_mut(key.as_str())
            && *count > 0
        {
            *count -= 1;
            unchanged.push(statement);
            if touched(lines.line(statement.start()), lines.line(statement.end())) {
                let mut names = Vec::new();
                bound_names(statement, &mut names);
                changes.names.extend(names);
            }
            continue;
        }
        let mut names = Vec::new();
        bound_names(statement, &mut names);
        changes.names.extend(names.iter().cloned());
        changes.definitions.push(ChangedDefinition {
            names,
            lines: (
                lines.line(statement.start()),
                lines
                    .line(statement.end())
                    .max(lines.line(statement.start())),
            ),
        });
    }
    // A removed statement (an override of `HOST` deleted) changes the names it bound.
    if let Some(parsed) = &base_parsed {
        for (statement, key) in parsed.suite().iter().zip(&base_keys) {
            if let Some(count) = base_statements.get_mut(key.as_str())
                && *count > 0
            {
                *count -= 1;
                let mut names = Vec::new();
                bound_names(statement, &mut names);
                changes.names.extend(names);
            }
        }
    }
    // Names computed from a changed name change with it: `settings = Settings()`.
    for _ in 0..8 {
        let before = changes.names.len();
        for statement in &unchanged {
            let source = new_text.get(statement.range().to_std_range()).unwrap_or("");
            if changes.names.iter().any(|name| mentions_word(source, name)) {
                let mut names = Vec::new();
                bound_names(statement, &mut names);
                changes.names.extend(names);
            }
        }
        if changes.names.len() == before {
            break;
        }
    }
    // A name the base did not have cannot be what an untouched module used (its import, or
    // its attribute read, failed before the change), so no other file is searched for it;
    // unless the base star-imports names it may have had from elsewhere.
    if let Some(parsed) = &base_parsed {
        let star_import = parsed.suite().iter().any(|statement| {
            matches!(statement, Stmt::ImportFrom(import)
                if import.names.iter().any(|alias| alias.name.as_str() == "*"))
        });
        if !star_import {
            let mut existing = Vec::new();
            for statement in parsed.suite() {
                bound_names(statement, &mut existing);
            }
            changes.names.retain(|name| existing.contains(name));
        }
    } else {
        changes.names.clear();
    }
    if longest > MAX_DROPPED_TOKENS {
        std::mem::forget(new_parsed);
        std::mem::forget(base_parsed);
    }
    Some(changes)
}

/// The tokens of a statement, separated by spaces, without comments and the line breaks
/// inside brackets; strings with the quotes a formatter would choose. Returns the key and how
/// many tokens it holds.
fn statement_key(text: &str, tokens: &Tokens, range: TextRange) -> (String, usize) {
    let mut key = String::new();
    let mut count = 0;
    // A comma that ends a wrapped line inside brackets: dropped if a closing bracket follows.
    let mut wrapped_comma = false;
    for token in tokens.in_range(range) {
        let written = text.get(token.range().to_std_range()).unwrap_or_default();
        match token.kind() {
            TokenKind::NonLogicalNewline => {
                wrapped_comma |= key.ends_with(", ");
                continue;
            }
            TokenKind::Comment | TokenKind::EndOfFile => continue,
            TokenKind::Newline => key.push('\n'),
            TokenKind::Indent => key.push('>'),
            TokenKind::Dedent => key.push('<'),
            TokenKind::String => key.push_str(&super::source::canonical_string(written)),
            TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace => {
                // A formatter adds or drops the "magic trailing comma" when it wraps a line.
                if wrapped_comma && key.ends_with(", ") {
                    key.truncate(key.len() - 2);
                }
                key.push_str(written);
            }
            _ => key.push_str(written),
        }
        key.push(' ');
        count += 1;
        wrapped_comma = false;
    }
    if count == 0 {
        // The tokens did not line up with the range (error recovery): the text itself.
        key = text
            .get(range.to_std_range())
            .unwrap_or_default()
            .to_owned();
    }
    (key, count)
}

/// The decoded text, as the analysis decodes it.
fn decoded(bytes: &[u8]) -> Option<String> {
    if bytes[..bytes.len().min(8000)].contains(&0) {
        return None;
    }
    let text = super::decode::decode_source(bytes).ok()?.text;
    Some(super::mask_deep_nesting(&text, super::MAX_NESTING).map_or(text, |(masked, _)| masked))
}

/// The parsed module, or `None` when the parser gives up.
fn parse(text: &str) -> Option<Parsed<ModModule>> {
    super::parse_guarded(|| parse_unchecked_source(text, PySourceType::Python))
}

/// True when `text` holds `word` as a whole identifier.
pub fn mentions_word(text: &str, word: &str) -> bool {
    contains_word(text.as_bytes(), word.as_bytes())
}

/// True when `text` holds `word` with no identifier character on either side.
pub fn contains_word(text: &[u8], word: &[u8]) -> bool {
    if word.is_empty() {
        return false;
    }
    let is_word = |byte: u8| byte.is_ascii_alphanumeric() || byte == b'_' || byte >= 0x80;
    let mut start = 0;
    while let Some(found) = text
        .get(start..)
        .and_then(|rest| rest.windows(word.len()).position(|window| window == word))
    {
        let at = start + found;
        let end = at + word.len();
        let before = at.checked_sub(1).and_then(|index| text.get(index));
        let after = text.get(end);
        if !before.is_some_and(|byte| is_word(*byte)) && !after.is_some_and(|byte| is_word(*byte)) {
            return true;
        }
        start = at + 1;
    }
    false
}

/// The module-level names a top-level statement binds or mutates, looking into the bodies of
/// `if`, `try`, `with` and loops (not of functions and classes, whose own name is bound).
fn bound_names(statement: &Stmt, names: &mut Vec<String>) {
    bound_names_within(statement, names, 0);
}

/// [`bound_names`], `depth` blocks deep: blocks nested deeper than [`MAX_BLOCK_DEPTH`] are not
/// looked into (hostile input; nothing real nests that deep at module level).
fn bound_names_within(statement: &Stmt, names: &mut Vec<String>, depth: usize) {
    if depth > MAX_BLOCK_DEPTH {
        return;
    }
    let mut push = |name: &str| {
        if !names.iter().any(|known| known == name) {
            names.push(name.to_owned());
        }
    };
    match statement {
        Stmt::FunctionDef(function) => push(function.name.as_str()),
        Stmt::ClassDef(class) => push(class.name.as_str()),
        Stmt::Assign(assign) => {
            for target in &assign.targets {
                target_names(target, &mut push);
            }
        }
        Stmt::AnnAssign(assign) => target_names(&assign.target, &mut push),
        Stmt::AugAssign(assign) => target_names(&assign.target, &mut push),
        Stmt::TypeAlias(alias) => target_names(&alias.name, &mut push),
        Stmt::Delete(delete) => {
            for target in &delete.targets {
                target_names(target, &mut push);
            }
        }
        Stmt::Import(import) => {
            for alias in &import.names {
                let bound = alias.asname.as_ref().map_or_else(
                    || alias.name.as_str().split('.').next().unwrap_or_default(),
                    |name| name.as_str(),
                );
                push(bound);
            }
        }
        Stmt::ImportFrom(import) => {
            for alias in &import.names {
                push(alias.asname.as_ref().unwrap_or(&alias.name).as_str());
            }
        }
        Stmt::Expr(expression) => {
            // `settings.update(host=...)`, `app.config["HOST"] = ...` through a call: the
            // receiver's name.
            if let Expr::Call(call) = expression.value.as_ref() {
                target_names(&call.func, &mut push);
            }
        }
        Stmt::If(branch) => {
            let mut nested = Vec::new();
            for statement in branch.body.iter().chain(
                branch
                    .elif_else_clauses
                    .iter()
                    .flat_map(|clause| clause.body.iter()),
            ) {
                bound_names_within(statement, &mut nested, depth + 1);
            }
            nested.iter().for_each(|name| push(name));
        }
        Stmt::Try(attempt) => {
            let mut nested = Vec::new();
            let handlers = attempt.handlers.iter().flat_map(|handler| {
                let ruff_python_ast::ExceptHandler::ExceptHandler(handler) = handler;
                handler.body.iter()
            });
            for statement in attempt
                .body
                .iter()
                .chain(handlers)
                .chain(attempt.orelse.iter())
                .chain(attempt.finalbody.iter())
            {
                bound_names_within(statement, &mut nested, depth + 1);
            }
            nested.iter().for_each(|name| push(name));
        }
        Stmt::With(with) => {
            let mut nested = Vec::new();
            for statement in &with.body {
                bound_names_within(statement, &mut nested, depth + 1);
            }
            nested.iter().for_each(|name| push(name));
        }
        Stmt::For(each) => {
            let mut nested = Vec::new();
            target_names(&each.target, &mut |name: &str| nested.push(name.to_owned()));
            for statement in each.body.iter().chain(each.orelse.iter()) {
                bound_names_within(statement, &mut nested, depth + 1);
            }
            nested.iter().for_each(|name| push(name));
        }
        Stmt::While(each) => {
            let mut nested = Vec::new();
            for statement in each.body.iter().chain(each.orelse.iter()) {
                bound_names_within(statement, &mut nested, depth + 1);
            }
            nested.iter().for_each(|name| push(name));
        }
        _ => {}
    }
}

/// How deep [`bound_names`] looks into nested blocks and [`target_names`] into targets.
const MAX_BLOCK_DEPTH: usize = 64;

/// The module-level name an assignment target binds or mutates: `HOST`, each name of `A, B`,
/// and the base name of `settings.host` or `CONFIG["host"]`.
fn target_names(target: &Expr, push: &mut dyn FnMut(&str)) {
    target_names_within(target, push, 0);
}

/// [`target_names`], `depth` levels into the target.
fn target_names_within(target: &Expr, push: &mut dyn FnMut(&str), depth: usize) {
    if depth > MAX_BLOCK_DEPTH {
        return;
    }
    let inner = |item: &Expr, push: &mut dyn FnMut(&str)| {
        target_names_within(item, push, depth + 1);
    };
    match target {
        Expr::Name(name) => push(name.id.as_str()),
        Expr::Tuple(tuple) => tuple.elts.iter().for_each(|item| inner(item, push)),
        Expr::List(list) => list.elts.iter().for_each(|item| inner(item, push)),
        Expr::Starred(starred) => inner(&starred.value, push),
        Expr::Attribute(attribute) => inner(&attribute.value, push),
        Expr::Subscript(subscript) => inner(&subscript.value, push),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changes(base: Option<&str>, new: &str) -> ModuleChanges {
        module_changes(base.map(str::as_bytes), new.as_bytes(), &|_, _| false).expect("parses")
    }

    #[test]
    fn a_constant_flip_changes_its_name_at_its_line() {
        let found = changes(
            Some("import os\nHOST = '127.0.0.1'\nPORT = 80\n"),
            "import os\nHOST = '0.0.0.0'\nPORT = 80\n",
        );
        assert_eq!(
            found.definitions,
            [ChangedDefinition {
                names: vec!["HOST".into()],
                lines: (2, 2)
            }]
        );
        assert_eq!(found.names, BTreeSet::from(["HOST".to_owned()]));
        assert_eq!(
            found.definition_at(2).map(|found| found.lines),
            Some((2, 2))
        );
        assert!(found.definition_at(3).is_none());
    }

    #[test]
    fn comments_blank_lines_and_rewrapping_change_nothing() {
        let found = changes(
            Some("HOST = '0.0.0.0'\ndef serve(host):\n    run(host=host)\n"),
            "# the address\n\nHOST = \"0.0.0.0\"  # all\n\n\ndef serve(\n    host,\n):\n    run(host=host)  # go\n",
        );
        assert!(found.is_empty(), "{found:?}");
        assert!(found.definitions.is_empty());
    }

    #[test]
    fn a_one_element_tuple_is_not_its_element() {
        let found = changes(Some("HOSTS = ('0.0.0.0')\n"), "HOSTS = ('0.0.0.0',)\n");
        assert_eq!(found.names, BTreeSet::from(["HOSTS".to_owned()]));
    }

    #[test]
    fn a_touched_statement_lists_its_names_without_a_definition() {
        let found = module_changes(
            Some(b"HOST = '0.0.0.0'\nPORT = 1\n"),
            b"HOST = '0.0.0.0'  # all\nPORT = 1\n",
            &|first, last| (first..=last).contains(&1),
        )
        .expect("parses");
        assert!(found.definitions.is_empty());
        assert_eq!(found.names, BTreeSet::from(["HOST".to_owned()]));
    }

    #[test]
    fn a_function_body_change_changes_the_function_and_what_reads_it() {
        let found = changes(
            Some("def serve(host):\n    pass\nrun = serve\nOTHER = 1\n"),
            "def serve(host):\n    uvicorn.run(app, host=host)\nrun = serve\nOTHER = 1\n",
        );
        assert_eq!(
            found.names,
            BTreeSet::from(["serve".to_owned(), "run".to_owned()])
        );
        assert_eq!(found.definitions[0].lines, (1, 2));
    }

    #[test]
    fn a_class_default_changes_the_class_and_its_instance() {
        let found = changes(
            Some("class Settings:\n    host = '127.0.0.1'\nsettings = Settings()\n"),
            "class Settings:\n    host = '0.0.0.0'\nsettings = Settings()\n",
        );
        assert_eq!(
            found.names,
            BTreeSet::from(["Settings".to_owned(), "settings".to_owned()])
        );
        assert_eq!(
            found.definition_at(2).map(|found| found.lines),
            Some((1, 2))
        );
    }

    #[test]
    fn a_removed_override_changes_its_name() {
        let found = changes(
            Some("HOST = '0.0.0.0'\nif LOCAL:\n    HOST = '127.0.0.1'\n"),
            "HOST = '0.0.0.0'\n",
        );
        assert!(found.definitions.is_empty());
        assert_eq!(found.names, BTreeSet::from(["HOST".to_owned()]));
    }

    #[test]
    fn names_the_base_lacked_are_used_nowhere_else() {
        let found = changes(None, "HOST = '0.0.0.0'\nfrom x import y as z\n");
        assert!(found.names.is_empty(), "{found:?}");
        assert_eq!(found.definitions.len(), 2);
        let found = changes(Some("PORT = 1\n"), "PORT = 1\nBENCH_HOST = '0.0.0.0'\n");
        assert!(found.names.is_empty(), "{found:?}");
        // Unless the base star-imports: `HOST` may have come from there.
        let found = changes(
            Some("from defaults import *\n"),
            "from defaults import *\nHOST = '0.0.0.0'\n",
        );
        assert_eq!(found.names, BTreeSet::from(["HOST".to_owned()]));
    }

    #[test]
    fn words_are_whole_identifiers() {
        assert!(contains_word(b"from config import HOST\n", b"HOST"));
        assert!(contains_word(b"config.HOST", b"HOST"));
        assert!(!contains_word(b"HOSTNAME = 1", b"HOST"));
        assert!(!contains_word(b"MY_HOST = 1", b"HOST"));
        assert!(!contains_word(b"", b"HOST"));
        assert!(!contains_word(b"HOST", b""));
    }
}
