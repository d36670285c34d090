//! Evaluated calls and containers: a call's arguments as values ([`CallArguments`]), with `*`
//! of a known tuple and `**` of a known dict spread into positions and keywords; dicts built by
//! literals and `dict(...)`, read through `d["key"]` and `d.get("key", default)` and updated by
//! `d["key"] = ...`, `d.update(...)` and friends; `functools.partial` objects.
//!
//! Sinks and summaries read a call through [`CallArguments::find`], never through the syntax, so
//! `uvicorn.run(app, **cfg)`, a partial's bound arguments merged with the call's, and a thread's
//! `target=`/`args=`/`kwargs=` are judged alike.

use ruff_python_ast::{Expr, ExprCall};
use ruff_text_size::{Ranged, TextRange};

use super::Analyzer;
use super::expressions::single_text;
use crate::python::values::{
    CallArguments, CalleeValue, DictValue, PartialCall, PassedArgument, Value, ValueSet,
};
use crate::rules::sinks;

/// Where an argument was found among evaluated arguments.
pub(super) enum Found<'p> {
    /// Passed (by position, by keyword, or through a known `*`/`**`).
    Given(&'p PassedArgument),
    /// Not passed.
    Omitted,
    /// Maybe passed through a `*args` or `**kwargs` that is not fully known.
    Unknowable,
}

impl CallArguments {
    /// Finds the argument at `position` (plus `shift` for an explicit `self`) or named
    /// `keyword`.
    pub(super) fn find(&self, position: Option<usize>, keyword: &str, shift: usize) -> Found<'_> {
        if let Some(found) = self.keyword(keyword) {
            return Found::Given(found);
        }
        if let Some(position) = position.map(|position| position + shift) {
            if let Some(found) = self.positional.get(position) {
                return Found::Given(found);
            }
            if self.more_positional {
                return Found::Unknowable;
            }
        }
        if self.more_keywords || !self.forwarded_keywords.is_empty() {
            return Found::Unknowable;
        }
        Found::Omitted
    }

    /// The arguments of calling a partial whose bound arguments are `self` with `later`: the
    /// bound positions come first, and the call's keywords override the bound ones.
    pub(super) fn then(&self, later: &CallArguments) -> CallArguments {
        let mut merged = self.clone();
        if !merged.more_positional {
            merged.positional.extend(later.positional.iter().cloned());
        }
        merged.more_positional |= later.more_positional;
        for (name, argument) in &later.keywords {
            match merged.keywords.iter_mut().find(|(known, _)| known == name) {
                Some((_, known)) => *known = argument.clone(),
                None => merged.keywords.push((name.clone(), argument.clone())),
            }
        }
        merged.more_keywords |= later.more_keywords;
        merged
            .forwarded_keywords
            .extend(later.forwarded_keywords.iter().copied());
        merged
    }

    /// The arguments a thread or process passes its target: `args` spread into positions and
    /// `kwargs` into keywords (each absent, empty).
    pub(super) fn from_containers(
        args: Option<&PassedArgument>,
        kwargs: Option<&PassedArgument>,
    ) -> CallArguments {
        let mut arguments = CallArguments::default();
        if let Some(args) = args {
            arguments.spread_positional(&args.values, args.range);
        }
        if let Some(kwargs) = kwargs {
            arguments.spread_keywords(&kwargs.values, kwargs.range);
        }
        arguments
    }

    /// Adds the items of a `*expression` whose values are `values`.
    fn spread_positional(&mut self, values: &ValueSet, range: TextRange) {
        if self.more_positional {
            return;
        }
        match values.iter().collect::<Vec<_>>().as_slice() {
            [Value::Tuple(items)] => {
                for item in items {
                    self.positional.push(PassedArgument {
                        values: item.clone(),
                        range,
                        host_range: None,
                    });
                }
            }
            _ => self.more_positional = true,
        }
    }

    /// Adds the keys of a `**expression` whose values are `values`. A key some alternative dict
    /// has is passed (with the values of every dict that has it); other keys may be passed
    /// unless every alternative is a dict whose keys are all known.
    fn spread_keywords(&mut self, values: &ValueSet, range: TextRange) {
        let mut merged: Vec<(String, ValueSet)> = Vec::new();
        for value in values.iter() {
            match value {
                Value::Dict(dict) => {
                    for (key, values) in &dict.entries {
                        match merged.iter_mut().find(|(known, _)| known == key) {
                            Some((_, known)) => known.extend(values.clone()),
                            None => merged.push((key.clone(), values.clone())),
                        }
                    }
                    self.more_keywords |= !dict.complete;
                }
                Value::KeywordParameters { function, index } => {
                    self.forwarded_keywords.push((*function, *index));
                }
                _ => self.more_keywords = true,
            }
        }
        for (key, values) in merged {
            // Passing a key twice is a TypeError: the first one stands.
            if self.keyword(&key).is_none() {
                self.keywords.push((
                    key,
                    PassedArgument {
                        values,
                        range,
                        host_range: None,
                    },
                ));
            }
        }
    }
}

impl<'a> Analyzer<'a> {
    /// A call's arguments, evaluated.
    pub(super) fn evaluate_arguments(&self, call: &ExprCall) -> CallArguments {
        let mut arguments = CallArguments::default();
        for argument in &call.arguments.args {
            match argument {
                Expr::Starred(starred) => {
                    let values = self.eval(&starred.value);
                    arguments.spread_positional(&values, starred.value.range());
                }
                _ if arguments.more_positional => {}
                _ => arguments.positional.push(self.passed(argument)),
            }
        }
        for keyword in &call.arguments.keywords {
            match &keyword.arg {
                Some(name) => {
                    if arguments.keyword(name.as_str()).is_none() {
                        arguments
                            .keywords
                            .push((name.to_string(), self.passed(&keyword.value)));
                    }
                }
                None => {
                    let values = self.eval(&keyword.value);
                    arguments.spread_keywords(&values, keyword.value.range());
                }
            }
        }
        arguments
    }

    /// One argument written as `expr`.
    fn passed(&self, expr: &Expr) -> PassedArgument {
        PassedArgument {
            values: self.eval(expr),
            range: expr.range(),
            host_range: match expr {
                Expr::Tuple(tuple) => tuple.elts.first().map(Ranged::range),
                _ => None,
            },
        }
    }

    /// A callee as written: `name`, `receiver.method`, or any expression.
    pub(super) fn callee_value(&self, func: &Expr) -> CalleeValue {
        match func {
            Expr::Attribute(attribute) => {
                // The receiver of a method the catalogue knows (`make_app().listen(...)`) is
                // looked up in other modules: its kind decides whether the call listens.
                let method = attribute.attr.as_str();
                let resolving = self
                    .resolving_imports
                    .replace(self.resolving_imports.get() || sinks::is_catalogued_method(method));
                let receiver = self.eval(&attribute.value);
                self.resolving_imports.set(resolving);
                CalleeValue {
                    values: self.eval_attribute(attribute),
                    method: Some((receiver, method.to_owned())),
                    display: format!("{}()", attribute.attr),
                }
            }
            Expr::Name(name) => CalleeValue {
                values: self.eval(func),
                method: None,
                display: format!("{}()", name.id),
            },
            _ => CalleeValue {
                values: self.eval(func),
                method: None,
                display: "the call".to_owned(),
            },
        }
    }

    /// `functools.partial(target, *args, **keywords)`.
    pub(super) fn partial(&self, call: &ExprCall) -> ValueSet {
        match call.arguments.args.first() {
            Some(target) if !target.is_starred_expr() => {
                let target = self.callee_value(target);
                // `p = partial(p, x)` repeated: deeper partials are not followed.
                if partial_depth(&target.values, 0) >= MAX_PARTIAL_DEPTH {
                    return ValueSet::unknown();
                }
                let mut arguments = self.evaluate_arguments(call);
                if !arguments.positional.is_empty() {
                    arguments.positional.remove(0);
                }
                ValueSet::one(Value::Partial(Box::new(PartialCall { target, arguments })).bounded())
            }
            _ => ValueSet::unknown(),
        }
    }

    /// A dict literal: string keys are known; any other key, or a `**` of a dict not fully
    /// known, makes the dict incomplete, and what it may override unknown.
    pub(super) fn eval_dict(&self, dict: &ruff_python_ast::ExprDict) -> ValueSet {
        let mut result = DictValue {
            entries: Vec::new(),
            complete: true,
        };
        for item in &dict.items {
            match &item.key {
                Some(key) => match single_text(&self.eval(key)) {
                    Some(key) => result.set(&key, self.eval(&item.value)),
                    None => result.forget(),
                },
                None => self.merge_into_dict(&mut result, &self.eval(&item.value)),
            }
        }
        ValueSet::one(Value::Dict(result).bounded())
    }

    /// `dict(mapping, key=value, ...)`, when `dict` is the builtin.
    pub(super) fn eval_dict_call(&self, call: &ExprCall) -> Option<ValueSet> {
        let Expr::Name(name) = &*call.func else {
            return None;
        };
        if name.id.as_str() != "dict" || self.lookup("dict") != ValueSet::unknown() {
            return None;
        }
        let mut result = DictValue {
            entries: Vec::new(),
            complete: true,
        };
        match &*call.arguments.args {
            [] => {}
            [mapping] if !mapping.is_starred_expr() => {
                self.merge_into_dict(&mut result, &self.eval(mapping));
            }
            _ => result.forget(),
        }
        for keyword in &call.arguments.keywords {
            match &keyword.arg {
                Some(key) => result.set(key.as_str(), self.eval(&keyword.value)),
                None => self.merge_into_dict(&mut result, &self.eval(&keyword.value)),
            }
        }
        Some(ValueSet::one(Value::Dict(result).bounded()))
    }

    /// Adds the keys of `**values` to `dict`: exactly, for one known dict; otherwise what it
    /// may override becomes unknown.
    fn merge_into_dict(&self, dict: &mut DictValue, values: &ValueSet) {
        match values.iter().collect::<Vec<_>>().as_slice() {
            [Value::Dict(other)] => {
                for (key, values) in &other.entries {
                    dict.set(key, values.clone());
                }
                dict.complete &= other.complete;
                if !other.complete {
                    // Keys the other dict may have (not known) may override earlier ones.
                    for (key, values) in &mut dict.entries {
                        if other.get(key).is_none() {
                            values.insert(Value::Unknown);
                        }
                    }
                }
            }
            _ => dict.forget(),
        }
    }
}

/// How many partials deep a partial object is followed.
const MAX_PARTIAL_DEPTH: usize = 4;

/// How many partials are nested in the callables `values` may be.
fn partial_depth(values: &ValueSet, depth: usize) -> usize {
    if depth >= MAX_PARTIAL_DEPTH {
        return depth;
    }
    values
        .iter()
        .map(|value| match value {
            Value::Partial(partial) => partial_depth(&partial.target.values, depth + 1),
            _ => depth,
        })
        .max()
        .unwrap_or(depth)
}

/// `d["key"]` for a string key.
pub(super) fn dict_item(container: &ValueSet, key: &str) -> ValueSet {
    let mut result = ValueSet::default();
    for value in container.iter() {
        match value {
            Value::Dict(dict) => match dict.get(key) {
                Some(values) => result.extend(values.clone()),
                None => result.insert(Value::Unknown),
            },
            _ => result.insert(Value::Unknown),
        }
    }
    if result.iter().next().is_none() {
        result.insert(Value::Unknown);
    }
    result
}

impl<'a> Analyzer<'a> {
    /// `d.get("key", default)` on a set holding a dict; `None` when no receiver is a dict.
    pub(super) fn dict_get(&self, receivers: &ValueSet, call: &ExprCall) -> Option<ValueSet> {
        if !receivers
            .iter()
            .any(|value| matches!(value, Value::Dict(_)))
        {
            return None;
        }
        let [key, rest @ ..] = &*call.arguments.args else {
            return Some(ValueSet::unknown());
        };
        let Some(key) = single_text(&self.eval(key)) else {
            return Some(ValueSet::unknown());
        };
        let default = match rest {
            [default, ..] => self.eval(default),
            [] => ValueSet::one(Value::None {
                origin: call.range(),
                provenance: crate::python::values::Provenance::Literal,
            }),
        };
        let mut result = ValueSet::default();
        for value in receivers.iter() {
            match value {
                Value::Dict(dict) => match dict.get(&key) {
                    Some(values) => result.extend(values.clone()),
                    None if dict.complete => result.extend(default.clone()),
                    None => {
                        result.extend(default.clone());
                        result.insert(Value::Unknown);
                    }
                },
                _ => result.insert(Value::Unknown),
            }
        }
        Some(result)
    }

    /// Applies a call that changes a dict held by a name (`cfg.update(host=...)`,
    /// `cfg.pop("host")`, `cfg.clear()`), so that later reads see the change.
    pub(super) fn apply_dict_method(&mut self, call: &ExprCall) {
        let Expr::Attribute(attribute) = &*call.func else {
            return;
        };
        let Expr::Name(name) = &*attribute.value else {
            return;
        };
        let method = attribute.attr.as_str();
        if !matches!(
            method,
            "update" | "setdefault" | "pop" | "popitem" | "clear" | "__setitem__" | "__delitem__"
        ) {
            return;
        }
        let current = self.lookup(name.id.as_str());
        if !current.iter().any(|value| matches!(value, Value::Dict(_))) {
            return;
        }
        let key = call
            .arguments
            .args
            .first()
            .and_then(|key| single_text(&self.eval(key)));
        let update = (method == "update").then(|| self.eval_dict_call_arguments(call));
        let default = call.arguments.args.get(1).map(|default| self.eval(default));
        let mut changed = ValueSet::default();
        for value in current.iter() {
            let Value::Dict(dict) = value else {
                changed.insert(value.clone());
                continue;
            };
            let mut dict = dict.clone();
            match (method, &key, &update) {
                ("update", _, Some(Some(update))) => {
                    for (key, values) in &update.entries {
                        dict.set(key, values.clone());
                    }
                    dict.complete &= update.complete;
                }
                ("setdefault", Some(key), _) if dict.get(key).is_none() => {
                    dict.set(key, default.clone().unwrap_or_else(ValueSet::unknown));
                }
                ("setdefault", Some(_), _) => {}
                ("pop" | "__delitem__", Some(key), _) => {
                    dict.entries.retain(|(known, _)| known != key);
                }
                ("clear", _, _) => {
                    dict.entries.clear();
                }
                _ => dict.forget(),
            }
            changed.insert(Value::Dict(dict).bounded());
        }
        self.bind(name.id.as_str(), changed);
    }

    /// The keys `d.update(mapping, key=value)` sets, when known.
    fn eval_dict_call_arguments(&self, call: &ExprCall) -> Option<DictValue> {
        let mut update = DictValue {
            entries: Vec::new(),
            complete: true,
        };
        match &*call.arguments.args {
            [] => {}
            [mapping] if !mapping.is_starred_expr() => {
                match self.eval(mapping).iter().collect::<Vec<_>>().as_slice() {
                    [Value::Dict(dict)] if dict.complete => {
                        update.entries.clone_from(&dict.entries)
                    }
                    _ => return None,
                }
            }
            _ => return None,
        }
        for keyword in &call.arguments.keywords {
            let key = keyword.arg.as_ref()?;
            update.set(key.as_str(), self.eval(&keyword.value));
        }
        Some(update)
    }

    /// `d["key"] = value` (or `del d["key"]` with `None`) on a dict held by a name.
    pub(super) fn assign_dict_item(
        &mut self,
        subscript: &ruff_python_ast::ExprSubscript,
        values: Option<ValueSet>,
    ) {
        let Expr::Name(name) = &*subscript.value else {
            return;
        };
        let current = self.lookup(name.id.as_str());
        if !current.iter().any(|value| matches!(value, Value::Dict(_))) {
            return;
        }
        let key = single_text(&self.eval(&subscript.slice));
        let mut changed = ValueSet::default();
        for value in current.iter() {
            let Value::Dict(dict) = value else {
                changed.insert(value.clone());
                continue;
            };
            let mut dict = dict.clone();
            match (&key, &values) {
                (Some(key), Some(values)) => dict.set(key, values.clone()),
                (Some(key), None) => dict.entries.retain(|(known, _)| known != key),
                (None, _) => dict.forget(),
            }
            changed.insert(Value::Dict(dict).bounded());
        }
        self.bind(name.id.as_str(), changed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passed(text: &str) -> PassedArgument {
        PassedArgument {
            values: ValueSet::one(Value::Str {
                text: text.to_owned(),
                origin: TextRange::default(),
                provenance: crate::python::values::Provenance::Literal,
            }),
            range: TextRange::default(),
            host_range: None,
        }
    }

    #[test]
    fn a_partials_call_keywords_override_the_bound_ones() {
        let bound = CallArguments {
            positional: vec![passed("app")],
            keywords: vec![("host".to_owned(), passed("0.0.0.0"))],
            ..CallArguments::default()
        };
        let later = CallArguments {
            positional: vec![passed("second")],
            keywords: vec![("host".to_owned(), passed("127.0.0.1"))],
            ..CallArguments::default()
        };
        let merged = bound.then(&later);
        assert_eq!(merged.positional.len(), 2);
        assert_eq!(merged.keyword("host"), Some(&passed("127.0.0.1")));
    }

    #[test]
    fn a_key_missing_from_a_complete_dict_is_omitted() {
        let mut arguments = CallArguments::default();
        let dict = DictValue {
            entries: vec![("port".to_owned(), ValueSet::one(Value::Int(8000)))],
            complete: true,
        };
        arguments.spread_keywords(&ValueSet::one(Value::Dict(dict)), TextRange::default());
        assert!(matches!(arguments.find(None, "host", 0), Found::Omitted));
        assert!(matches!(arguments.find(None, "port", 0), Found::Given(_)));
    }

    #[test]
    fn a_key_missing_from_an_incomplete_dict_is_unknowable() {
        let mut arguments = CallArguments::default();
        arguments.spread_keywords(
            &ValueSet::one(Value::Dict(DictValue::default())),
            TextRange::default(),
        );
        assert!(matches!(arguments.find(None, "host", 0), Found::Unknowable));
    }

    #[test]
    fn an_unknown_star_makes_later_positions_unknowable() {
        let mut arguments = CallArguments::default();
        arguments.spread_positional(&ValueSet::unknown(), TextRange::default());
        assert!(matches!(
            arguments.find(Some(0), "host", 0),
            Found::Unknowable
        ));
    }
}
