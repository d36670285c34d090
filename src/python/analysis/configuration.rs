//! Configuration whose default decides the host: command-line options (argparse, optparse,
//! click, typer) and environment variables.

use ruff_python_ast::{Expr, ExprCall};
use ruff_text_size::Ranged;

use super::Analyzer;
use super::calls::{Argument, find_argument};
use super::expressions::{external, single_text};
use crate::python::values::{Provenance, Value, ValueSet};
use crate::rules::sinks::TYPER_APPLICATION;

impl<'a> Analyzer<'a> {
    /// A parameter's value from its default: a typer `Option(...)`/`Argument(...)` default, or
    /// a default under an `Annotated[..., typer.Option(...)]` annotation, is a command-line
    /// option's default; any other default is the literal value.
    pub(super) fn parameter_default(
        &self,
        name: &str,
        default: &Expr,
        annotation: Option<&Expr>,
    ) -> ValueSet {
        let option = format!("the `--{}` option", name.replace('_', "-"));
        if let Expr::Call(call) = default
            && self.is_typer_parameter(&call.func)
        {
            let values = match find_argument(call, Some(0), "default", 0) {
                Argument::Given(expr) => self.eval(expr),
                _ => ValueSet::unknown(),
            };
            return values.into_default_of(&option).union(external(&option));
        }
        let annotated_option = annotation.is_some_and(|annotation| {
            let Expr::Subscript(subscript) = annotation else {
                return false;
            };
            let Expr::Tuple(tuple) = &*subscript.slice else {
                return false;
            };
            tuple.elts.iter().skip(1).any(|metadata| {
                matches!(metadata, Expr::Call(call) if self.is_typer_parameter(&call.func))
            })
        });
        let values = self.eval(default);
        if annotated_option {
            values.into_default_of(&option).union(external(&option))
        } else {
            values
        }
    }

    /// True for `@app.command()` / `@app.callback()` on a `typer.Typer()` application.
    pub(super) fn is_typer_command(&self, decorator: &Expr) -> bool {
        let Expr::Call(call) = decorator else {
            return false;
        };
        let Expr::Attribute(attribute) = &*call.func else {
            return false;
        };
        matches!(attribute.attr.as_str(), "command" | "callback")
            && self.eval(&attribute.value).iter().any(|value| {
                matches!(value, Value::Instance { class, .. } if class == TYPER_APPLICATION)
            })
    }

    pub(super) fn is_typer_parameter(&self, func: &Expr) -> bool {
        self.eval(func).iter().any(|value| {
            matches!(value, Value::Symbol(symbol)
                if matches!(symbol.as_str(), "typer.Option" | "typer.Argument" | "typer.params.Option"))
        })
    }

    /// The parameter a `@click.option("--host", default=...)` decorator defines, with its
    /// default marked as the option's.
    pub(super) fn click_option(&self, decorator: &Expr) -> Option<(String, ValueSet)> {
        let Expr::Call(call) = decorator else {
            return None;
        };
        let is_option = self.eval(&call.func).iter().any(|value| {
            matches!(value, Value::Symbol(symbol) if symbol == "click.option" || symbol == "click.decorators.option")
        });
        if !is_option {
            return None;
        }
        let names = string_arguments(call);
        // Click: a name without dashes is the parameter; else the first `--long` option.
        let parameter = names
            .iter()
            .find(|name| !name.starts_with('-'))
            .cloned()
            .or_else(|| {
                names
                    .iter()
                    .find(|name| name.starts_with("--"))
                    .map(|name| name.trim_start_matches('-').replace('-', "_"))
            })?;
        let option = names
            .iter()
            .find(|name| name.starts_with("--"))
            .map_or_else(
                || format!("the `{parameter}` option"),
                |name| format!("the `{name}` option"),
            );
        let default = call
            .arguments
            .find_keyword("default")
            .map_or_else(ValueSet::unknown, |keyword| self.eval(&keyword.value));
        Some((
            parameter,
            default.into_default_of(&option).union(external(&option)),
        ))
    }

    /// The value of a parsed command-line option: its default, or whatever the user passes.
    pub(super) fn option_value(&self, destination: &str) -> ValueSet {
        let description = format!("the `--{}` option", destination.replace('_', "-"));
        match self.option_defaults.get(destination) {
            Some(defaults) => defaults.clone().union(external(&description)),
            None => external(&description),
        }
    }

    /// "the `HOST` environment variable", from the key expression.
    pub(super) fn environment_description(&self, key: &Expr) -> String {
        match single_text(&self.eval(key)) {
            Some(name) => format!("the `{name}` environment variable"),
            None => "an environment variable".to_owned(),
        }
    }

    /// Records `parser.add_argument("--host", default=...)` (and optparse's `add_option`).
    pub(super) fn record_option_default(&mut self, call: &ExprCall) {
        let Expr::Attribute(attribute) = &*call.func else {
            return;
        };
        if attribute.attr.as_str() == "set_defaults" {
            // `parser.set_defaults(host="0.0.0.0")` sets defaults by destination.
            for keyword in &call.arguments.keywords {
                let Some(destination) = &keyword.arg else {
                    continue;
                };
                let description =
                    format!("the `--{}` option", destination.as_str().replace('_', "-"));
                let default = self.eval(&keyword.value).into_default_of(&description);
                self.option_defaults
                    .entry(destination.to_string())
                    .or_default()
                    .extend(default);
            }
            return;
        }
        if !matches!(attribute.attr.as_str(), "add_argument" | "add_option") {
            return;
        }
        let options = string_arguments(call);
        let destination = match call.arguments.find_keyword("dest") {
            Some(keyword) => match single_text(&self.eval(&keyword.value)) {
                Some(destination) => destination,
                None => return,
            },
            None => {
                // argparse: the first long option, else the first short one, else the name.
                let Some(option) = options
                    .iter()
                    .find(|option| option.starts_with("--"))
                    .or_else(|| options.first())
                else {
                    return;
                };
                option.trim_start_matches('-').replace('-', "_")
            }
        };
        let shown = options
            .iter()
            .find(|option| option.starts_with("--"))
            .cloned()
            .unwrap_or_else(|| format!("--{}", destination.replace('_', "-")));
        let description = format!("the `{shown}` option");
        let default = match call.arguments.find_keyword("default") {
            Some(keyword) => self.eval(&keyword.value),
            None => ValueSet::one(Value::None {
                origin: call.range(),
                provenance: Provenance::Literal,
            }),
        };
        self.option_defaults
            .entry(destination)
            .or_default()
            .extend(default.into_default_of(&description));
    }
}

/// The string literals among a call's positional arguments (`"--host", "-H"`).
pub(super) fn string_arguments(call: &ExprCall) -> Vec<String> {
    call.arguments
        .args
        .iter()
        .filter_map(|argument| match argument {
            Expr::StringLiteral(literal) => Some(literal.value.to_str().to_owned()),
            _ => None,
        })
        .collect()
}
