//! What a module gives the modules that import it: its analysis' final module-level names,
//! function summaries and class attributes, made readable from anywhere. Positions move to
//! global offsets; the file's own functions and classes become project references by path;
//! parameters of its functions become unknown; imported names stay symbols, which importers
//! resolve from this module's path.

use std::collections::HashMap;

use ruff_text_size::{TextRange, TextSize};

use super::{Analyzer, ConstructorField};
use crate::project::{ExportedClass, ExportedFunction, FOREIGN_BASE, ModuleSummary};
use crate::python::values::{DictValue, UNKNOWN_PART, Value, ValueSet, marked_parameter};

/// How deep nested tuples are converted (a literal nested deeper is cut to unknown).
const MAX_CONVERSION_DEPTH: usize = 16;

impl<'a> Analyzer<'a> {
    /// The module's summary, once its passes have run, with positions moved by `base`.
    pub(super) fn export(&self, base: u32) -> ModuleSummary {
        let mut names = HashMap::new();
        if let Some(module_scope) = self.scopes.first() {
            for (name, values) in &module_scope.bindings {
                names.insert(name.to_string(), self.exported(values, base, 0));
            }
        }
        let functions = self
            .functions
            .iter()
            .map(|function| ExportedFunction {
                parameters: function.parameters.clone(),
                flows: function
                    .flows
                    .iter()
                    .map(|flow| {
                        let mut flow = flow.clone();
                        for step in &mut flow.chain {
                            step.site = rebase(step.site, base);
                        }
                        flow
                    })
                    .collect(),
                returns: self.exported(&function.returns, base, 0),
            })
            .collect();
        let classes = (0..self.classes.len())
            .map(|id| ExportedClass {
                attributes: self
                    .attribute_names(id, 0)
                    .into_iter()
                    .filter_map(|name| {
                        let values = self.class_attribute(id, &name, 0)?;
                        Some((name, self.exported(&values, base, 0)))
                    })
                    .collect(),
                sink_base: self
                    .classes
                    .get(id)
                    .and_then(|class| class.sink_base.clone()),
                constructor: self
                    .classes
                    .get(id)
                    .map(|class| {
                        class
                            .constructor
                            .iter()
                            .map(|field| ConstructorField {
                                default: field
                                    .default
                                    .as_ref()
                                    .map(|default| self.exported(default, base, 0)),
                                ..field.clone()
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            })
            .collect();
        ModuleSummary {
            path: self.path.to_owned(),
            base,
            text: self.source.to_owned(),
            full: false,
            names,
            star_imports: self.star_modules.clone(),
            functions,
            classes,
        }
    }

    /// Every attribute name a class of the file has, its local bases' included.
    fn attribute_names(&self, id: usize, depth: usize) -> Vec<String> {
        let Some(class) = self.classes.get(id) else {
            return Vec::new();
        };
        let mut names: Vec<String> = class.attributes.keys().cloned().collect();
        if depth < 16 {
            for base in &class.bases {
                names.extend(self.attribute_names(*base, depth + 1));
            }
        }
        names.sort_unstable();
        names.dedup();
        names
    }

    /// One value set, readable from another module.
    fn exported(&self, values: &ValueSet, base: u32, depth: usize) -> ValueSet {
        let mut exported = ValueSet::default();
        for value in values.iter() {
            // Symbols stay as written: an importer resolves them from this module's path, on
            // demand (resolving them here would load every module this one imports).
            exported.insert(self.exported_value(value, base, depth));
        }
        exported
    }

    fn exported_value(&self, value: &Value, base: u32, depth: usize) -> Value {
        match value {
            Value::Str {
                text,
                origin,
                provenance,
            } => Value::Str {
                text: text
                    .chars()
                    .map(|character| {
                        if marked_parameter(character).is_some() {
                            UNKNOWN_PART
                        } else {
                            character
                        }
                    })
                    .collect(),
                origin: rebase(*origin, base),
                provenance: provenance.clone(),
            },
            Value::None { origin, provenance } => Value::None {
                origin: rebase(*origin, base),
                provenance: provenance.clone(),
            },
            Value::PassiveWildcard { origin } => Value::PassiveWildcard {
                origin: rebase(*origin, base),
            },
            Value::Tuple(items) if depth < MAX_CONVERSION_DEPTH => Value::Tuple(
                items
                    .iter()
                    .map(|item| self.exported(item, base, depth + 1))
                    .collect(),
            ),
            Value::Sequence(element) if depth < MAX_CONVERSION_DEPTH => {
                Value::Sequence(Box::new(self.exported(element, base, depth + 1)))
            }
            Value::LocalFunction(function) => Value::ProjectFunction {
                module: self.path.to_owned(),
                function: *function,
            },
            Value::LocalClass { id, sink_base } => Value::ProjectClass {
                module: self.path.to_owned(),
                class: u32::try_from(*id).unwrap_or(u32::MAX),
                sink_base: sink_base.clone(),
            },
            Value::LocalInstance(id) => Value::ProjectInstance {
                module: self.path.to_owned(),
                class: u32::try_from(*id).unwrap_or(u32::MAX),
                attributes: Vec::new(),
            },
            Value::Constructed { class, attributes } if depth < MAX_CONVERSION_DEPTH => {
                Value::ProjectInstance {
                    module: self.path.to_owned(),
                    class: u32::try_from(*class).unwrap_or(u32::MAX),
                    attributes: attributes
                        .iter()
                        .map(|(name, values)| {
                            (name.clone(), self.exported(values, base, depth + 1))
                        })
                        .collect(),
                }
            }
            Value::Dict(dict) if depth < MAX_CONVERSION_DEPTH => Value::Dict(DictValue {
                entries: dict
                    .entries
                    .iter()
                    .map(|(key, values)| (key.clone(), self.exported(values, base, depth + 1)))
                    .collect(),
                complete: dict.complete,
            }),
            Value::Tuple(_)
            | Value::Sequence(_)
            | Value::Dict(_)
            | Value::Partial(_)
            | Value::Constructed { .. }
            | Value::Parameter { .. }
            | Value::KeywordParameters { .. } => Value::Unknown,
            other => other.clone(),
        }
    }
}

/// A range of this module's text moved to global offsets (ranges already global stay).
fn rebase(range: TextRange, base: u32) -> TextRange {
    if u32::from(range.start()) >= FOREIGN_BASE {
        return range;
    }
    let start = u32::from(range.start()).saturating_add(base);
    let end = u32::from(range.end()).saturating_add(base);
    TextRange::new(TextSize::from(start), TextSize::from(end.max(start)))
}
