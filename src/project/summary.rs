//! What a module exports to the modules that import it: its module-level names and their
//! values, and the summaries of its functions and classes.

use std::collections::HashMap;

use crate::python::analysis::{ConstructorField, ParameterFlow, ParameterInfo};
use crate::python::values::ValueSet;

/// A module's exports, as the analysis of another module reads them. Every source position in
/// it is global (see [`super::FOREIGN_BASE`]).
#[derive(Debug, Default)]
pub struct ModuleSummary {
    /// The module's path in the snapshot.
    pub path: String,
    /// The global offset of its first byte.
    pub base: u32,
    /// Its decoded text, for quoting values and locating lines.
    pub text: String,
    /// True when function bodies were run ([`super::Depth::Full`]).
    pub full: bool,
    /// Module-level names and the values they hold once the module has run.
    pub names: HashMap<String, ValueSet>,
    /// Modules it imports with `from module import *`, as written (relative ones resolved
    /// from this module).
    pub star_imports: Vec<String>,
    /// Its functions and methods, by the index [`crate::python::values::Value::ProjectFunction`]
    /// carries.
    pub functions: Vec<ExportedFunction>,
    /// Its classes, by the index [`crate::python::values::Value::ProjectClass`] carries.
    pub classes: Vec<ExportedClass>,
}

impl ModuleSummary {
    /// The 1-based line of a global offset inside this module.
    pub fn line_of(&self, global: u32) -> usize {
        let local = global.saturating_sub(self.base) as usize;
        let before = self
            .text
            .get(..local.min(self.text.len()))
            .unwrap_or_default();
        before.bytes().filter(|byte| *byte == b'\n').count() + 1
    }
}

/// A function's summary: how callers pass its parameters, and which reach which sink.
#[derive(Clone, Debug, Default)]
pub struct ExportedFunction {
    /// Its parameters, as callers pass them.
    pub parameters: Vec<ParameterInfo>,
    /// Which parameters reach which sinks.
    pub flows: Vec<ParameterFlow>,
    /// The objects it returns (a factory's server or application).
    pub returns: ValueSet,
}

/// A class's attributes (its own and inherited from classes of the same module) and the
/// catalogued class it derives from.
#[derive(Clone, Debug, Default)]
pub struct ExportedClass {
    /// Attributes set in the class body or on `self`, and methods.
    pub attributes: HashMap<String, ValueSet>,
    /// The catalogued base class (`socketserver.TCPServer`), if any.
    pub sink_base: Option<String>,
    /// The attributes its constructor's arguments set.
    pub constructor: Vec<ConstructorField>,
}
