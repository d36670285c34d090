//! Twisted `usage.Options` option tables: `optParameters = [["port", "p", 8080, "..."]]` in a
//! class of the file makes `options["port"]` (in a `twistd` plugin's `makeService`) a
//! configuration value whose default is the table's.
//!
//! A default reaches a listener as the command line would give it: a string, so that a bare
//! port default (`8080`, Twisted's legacy spelling of `tcp:8080`) is an endpoint description
//! when it is handed to `strports.service`, and a description default (`"tcp:8080"`) is one
//! as written. Its provenance is the option, so an all-interfaces default is a BND004 finding.

use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::Ranged;

use super::Analyzer;
use super::expressions::integer_literal;
use crate::python::values::{Provenance, Value, ValueSet};
use crate::rules::sinks::TWISTED_OPTION_TABLE;

impl<'a> Analyzer<'a> {
    /// Records the defaults of `optParameters = [...]`.
    pub(super) fn record_twisted_options(&mut self, target: &Expr, value: &Expr) {
        if !matches!(target, Expr::Name(name) if name.id.as_str() == TWISTED_OPTION_TABLE) {
            return;
        }
        let (Expr::List(ast::ExprList { elts: rows, .. })
        | Expr::Tuple(ast::ExprTuple { elts: rows, .. })) = value
        else {
            return;
        };
        for row in rows {
            let (Expr::List(ast::ExprList { elts: fields, .. })
            | Expr::Tuple(ast::ExprTuple { elts: fields, .. })) = row
            else {
                continue;
            };
            let (Some(Expr::StringLiteral(name)), Some(default)) = (fields.first(), fields.get(2))
            else {
                continue;
            };
            let name = name.value.to_str().to_owned();
            let description = format!("the `--{name}` option");
            let default = match integer_literal(default) {
                Some(number) => ValueSet::one(Value::Str {
                    text: number.to_string(),
                    origin: default.range(),
                    provenance: Provenance::Literal,
                }),
                None => self.eval(default),
            };
            self.twisted_options
                .insert(name, default.into_default_of(&description));
        }
    }

    /// `options["port"]` for an option of a table of the file: its default, or whatever the
    /// command line passes. Only where the container is not something the analysis knows.
    pub(super) fn twisted_option(&self, container: &ValueSet, key: &Expr) -> Option<ValueSet> {
        let Expr::StringLiteral(key) = key else {
            return None;
        };
        if self.twisted_options.is_empty()
            || !container.iter().all(|value| {
                matches!(
                    value,
                    Value::Unknown
                        | Value::LocalInstance(_)
                        | Value::External(_)
                        | Value::Parameter { .. }
                )
            })
        {
            return None;
        }
        let name = key.value.to_str();
        let default = self.twisted_options.get(name)?;
        let description = format!("the `--{name}` option");
        Some(
            default
                .clone()
                .union(ValueSet::one(Value::External(description))),
        )
    }
}
