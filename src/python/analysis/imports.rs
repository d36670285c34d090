//! Names imported from the repository's own modules: `from .config import HOST`,
//! `import app.settings as s` then `s.HOST`, re-exports through `__init__`, star imports.
//!
//! An import binds a [`Value::Symbol`] with the name as written; this is where such a symbol
//! is looked up in the project: when it names a module of the snapshot, it stands for what that
//! module exports (its summary, made on demand). A name of a library the catalogue models
//! keeps its symbol even when the library's source is in the tree, so that the catalogue
//! recognises it; a name no file of the snapshot provides stays a symbol, as before.

use super::Analyzer;
use crate::project::{Depth, ModuleSummary};
use crate::python::values::{Value, ValueSet};
use crate::rules::sinks;

/// How many attribute steps a project value is followed through (`settings.server.HOST`).
const MAX_ATTRIBUTE_STEPS: usize = 8;

/// How many re-exports (`__init__` importing from a submodule, star imports) are followed.
const MAX_REEXPORTS: usize = 8;

impl<'a> Analyzer<'a> {
    /// What `qualified` (an imported name, or an attribute of an imported module) holds in the
    /// project, or `None` when it is not a project module's name.
    ///
    /// Names are looked up only while [`Analyzer::resolving_imports`] is set: where an address
    /// is evaluated, or a call that may pass one is judged. Elsewhere the symbol stays, and is
    /// looked up if it ever reaches such a place: summarising every module an analysed file
    /// imports would cost more than the whole check.
    pub(super) fn project_value(&self, qualified: &str) -> Option<ValueSet> {
        if !self.resolving_imports.get() {
            return None;
        }
        self.project_value_from(self.path, qualified, 0)
    }

    /// [`Self::project_value`] for a name written in the module at `importer`; `depth` counts
    /// the re-exports followed so far.
    fn project_value_from(
        &self,
        importer: &str,
        qualified: &str,
        depth: usize,
    ) -> Option<ValueSet> {
        let project = self.project?;
        if depth > MAX_REEXPORTS
            || (!qualified.starts_with('.') && sinks::is_catalogued_package(qualified))
        {
            return None;
        }
        let (module, attributes) = project.resolve(importer, qualified)?;
        // A module itself stays a symbol: its attributes are looked up when read.
        let (first, rest) = attributes.split_first()?;
        let summary = project.summary(&module, Depth::Names)?;
        let mut values = self.module_name(&summary, first, depth)?;
        for attribute in rest.iter().take(MAX_ATTRIBUTE_STEPS) {
            values = self.foreign_attribute(&values, attribute);
        }
        Some(values)
    }

    /// A module-level name of a project module, its own symbols (re-exports such as an
    /// `__init__`'s `from .helpers import serve`) resolved from there, looked up through its
    /// star imports too.
    fn module_name(&self, summary: &ModuleSummary, name: &str, depth: usize) -> Option<ValueSet> {
        let project = self.project?;
        if let Some(values) = summary.names.get(name) {
            let mut resolved = ValueSet::default();
            for value in values.iter() {
                match value {
                    Value::Symbol(qualified) => {
                        match self.project_value_from(&summary.path, qualified, depth + 1) {
                            Some(values) => resolved.extend(values),
                            // A relative name means nothing from another module.
                            None if qualified.starts_with('.') => resolved.insert(Value::Unknown),
                            None => resolved.insert(value.clone()),
                        }
                    }
                    other => resolved.insert(other.clone()),
                }
            }
            return Some(resolved);
        }
        summary.star_imports.iter().find_map(|module| {
            let (path, attributes) = project.resolve(&summary.path, module)?;
            if !attributes.is_empty() || depth > MAX_REEXPORTS {
                return None;
            }
            let imported = project.summary(&path, Depth::Names)?;
            self.module_name(&imported, name, depth + 1)
        })
    }

    /// The values of `owner.attribute` where `owner` holds project values (a class, an
    /// instance, a module symbol).
    pub(super) fn foreign_attribute(&self, owners: &ValueSet, attribute: &str) -> ValueSet {
        let mut result = ValueSet::default();
        for owner in owners.iter() {
            match owner {
                Value::ProjectInstance {
                    attributes: known, ..
                } if known.iter().any(|(name, _)| name == attribute) => {
                    for (name, values) in known {
                        if name == attribute {
                            result.extend(values.clone());
                        }
                    }
                }
                Value::ProjectClass { module, class, .. }
                | Value::ProjectInstance { module, class, .. } => {
                    match self.project_class_attribute(module, *class, attribute) {
                        Some(values) => result.extend(values),
                        None => result.insert(Value::Unknown),
                    }
                }
                Value::Symbol(module) => {
                    let qualified = format!("{module}.{attribute}");
                    match self.project_value(&qualified) {
                        Some(values) => result.extend(values),
                        None => result.insert(Value::Symbol(qualified)),
                    }
                }
                _ => result.insert(Value::Unknown),
            }
        }
        result
    }

    /// An attribute of a class of another project module.
    pub(super) fn project_class_attribute(
        &self,
        module: &str,
        class: u32,
        attribute: &str,
    ) -> Option<ValueSet> {
        // Attributes of the class body (settings defaults, methods) are in the names-only
        // summary; only an attribute set inside a method needs the module's functions run.
        let project = self.project?;
        let read = |depth| {
            project
                .summary(module, depth)?
                .classes
                .get(class as usize)?
                .attributes
                .get(attribute)
                .cloned()
        };
        read(Depth::Names).or_else(|| {
            project
                .traits(module)
                .may_matter()
                .then(|| read(Depth::Full))
                .flatten()
        })
    }

    /// True when `qualified` (an imported name not read through the catalogue) names something
    /// in a module of the project: a call of it may be a call of a wrapper.
    pub(super) fn names_project_module(&self, qualified: &str) -> bool {
        self.project.is_some_and(|project| {
            !sinks::is_catalogued_package(qualified)
                && project
                    .resolve(self.path, qualified)
                    .is_some_and(|(_, attributes)| !attributes.is_empty())
        })
    }

    /// True when `qualified` names something in a module of the project that may hold an
    /// all-interfaces literal or a wrapper ([`crate::project::ModuleTraits::may_matter`]).
    pub(super) fn may_hold_an_address(&self, qualified: &str) -> bool {
        self.project.is_some_and(|project| {
            !sinks::is_catalogued_package(qualified)
                && project
                    .resolve(self.path, qualified)
                    .is_some_and(|(module, attributes)| {
                        !attributes.is_empty() && project.traits(&module).may_matter()
                    })
        })
    }

    /// `values` with symbols naming project exports replaced by what they hold, inside tuples
    /// too (a tuple built before it became an address kept its symbols).
    pub(super) fn resolve_deep(&self, values: ValueSet, depth: usize) -> ValueSet {
        if self.project.is_none() {
            return values;
        }
        let outer = self.resolving_imports.replace(true);
        let mut resolved = ValueSet::default();
        for value in values.iter() {
            match value {
                Value::Symbol(qualified) => match self.project_value(qualified) {
                    Some(values) => resolved.extend(values),
                    None => resolved.insert(value.clone()),
                },
                Value::Tuple(items) if depth < 4 => resolved.insert(Value::Tuple(
                    items
                        .iter()
                        .map(|item| self.resolve_deep(item.clone(), depth + 1))
                        .collect(),
                )),
                other => resolved.insert(other.clone()),
            }
        }
        self.resolving_imports.set(outer);
        resolved
    }

    /// `values` with every symbol that names a project module's export replaced by what it
    /// holds.
    pub(super) fn resolve_symbols(&self, values: ValueSet) -> ValueSet {
        if self.project.is_none() || !values.iter().any(|value| matches!(value, Value::Symbol(_))) {
            return values;
        }
        let mut resolved = ValueSet::default();
        for value in values.iter() {
            match value {
                Value::Symbol(qualified) => match self.project_value(qualified) {
                    Some(values) => resolved.extend(values),
                    None => resolved.insert(value.clone()),
                },
                other => resolved.insert(other.clone()),
            }
        }
        resolved
    }
}
