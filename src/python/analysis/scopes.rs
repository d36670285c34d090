//! Names and their values: scopes, branch snapshots and merges, assignment targets, and the
//! attributes of the file's classes.
use std::rc::Rc;

use ruff_python_ast::{self as ast, Expr};

use super::{Analyzer, Bindings, Phase, Scope, ScopeKind};
use crate::python::values::{Value, ValueSet};
use crate::rules::sinks::{self};

impl<'a> Analyzer<'a> {
    pub(super) fn current_scope(&mut self) -> &mut Scope {
        if self.scopes.is_empty() {
            self.scopes.push(Scope::new(ScopeKind::Module));
        }
        let last = self.scopes.len() - 1;
        &mut self.scopes[last]
    }

    pub(super) fn bind(&mut self, name: &str, values: ValueSet) {
        self.current_scope()
            .bindings
            .insert(Rc::from(name), Rc::new(values));
    }

    pub(super) fn snapshot(&mut self) -> Bindings {
        self.current_scope().bindings.clone()
    }

    pub(super) fn restore(&mut self, bindings: Bindings) {
        self.current_scope().bindings = bindings;
    }

    /// Replaces the current bindings by the union of several branch outcomes. A name bound in
    /// only some branches may also be unbound: it gets an unknown value besides. Values that
    /// every branch shares (the same `Rc`) are kept as they are, and the first outcome is
    /// updated in place: only the names some branch changed are looked at twice.
    pub(super) fn merge(&mut self, outcomes: Vec<Bindings>) {
        let mut outcomes = outcomes.into_iter();
        let Some(mut merged) = outcomes.next() else {
            return;
        };
        let others: Vec<Bindings> = outcomes.collect();
        let mut differing: Vec<Rc<str>> = Vec::new();
        for other in &others {
            let mut shared_names = 0;
            for (name, value) in other {
                match merged.get(name) {
                    Some(first) if Rc::ptr_eq(first, value) => shared_names += 1,
                    Some(_) => {
                        shared_names += 1;
                        differing.push(Rc::clone(name));
                    }
                    None => differing.push(Rc::clone(name)),
                }
            }
            // Names of the first outcome that this branch lacks.
            if shared_names < merged.len() {
                differing.extend(
                    merged
                        .keys()
                        .filter(|name| !other.contains_key(*name))
                        .cloned(),
                );
            }
        }
        differing.sort_unstable();
        differing.dedup();
        for name in differing {
            let mut union = ValueSet::default();
            for version in std::iter::once(&merged).chain(&others) {
                match version.get(&name) {
                    Some(values) => union.extend(ValueSet::clone(values)),
                    None => union.insert(Value::Unknown),
                }
            }
            merged.insert(name, Rc::new(union));
        }
        self.restore(merged);
    }

    pub(super) fn assign(&mut self, target: &'a Expr, values: ValueSet) {
        match target {
            Expr::Name(name) => self.bind(name.id.as_str(), values),
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                let has_starred = elts.iter().any(Expr::is_starred_expr);
                for (index, element) in elts.iter().enumerate() {
                    let element_values = if has_starred {
                        ValueSet::unknown()
                    } else {
                        let index = i64::try_from(index).unwrap_or(i64::MAX);
                        values.index(index)
                    };
                    self.assign(element, element_values);
                }
            }
            Expr::Starred(starred) => self.assign(&starred.value, ValueSet::unknown()),
            Expr::Subscript(subscript) => self.assign_dict_item(subscript, Some(values)),
            Expr::Attribute(attribute) => {
                if self.phase != Phase::CollectAttributes {
                    return;
                }
                for owner in self.eval(&attribute.value).iter() {
                    if let Value::LocalInstance(id)
                    | Value::LocalClass { id, .. }
                    | Value::Constructed { class: id, .. } = owner
                        && let Some(class) = self.classes.get_mut(*id)
                    {
                        class
                            .attributes
                            .entry(attribute.attr.to_string())
                            .or_default()
                            .extend(values.clone());
                    }
                }
            }
            _ => {}
        }
    }

    pub(super) fn lookup(&self, name: &str) -> ValueSet {
        let innermost = self.scopes.len().saturating_sub(1);
        for (index, scope) in self.scopes.iter().enumerate().rev() {
            // A class body's names are not visible from the functions defined in it.
            if scope.kind == ScopeKind::Class && index != innermost {
                continue;
            }
            if let Some(values) = scope.bindings.get(name) {
                return (**values).clone();
            }
        }
        for module in &self.star_modules {
            let qualified = format!("{module}.{name}");
            if sinks::is_known_name(&qualified) {
                return ValueSet::one(Value::Symbol(qualified));
            }
        }
        // With a single `from module import *`, an unknown name most likely comes from it
        // (`from bluetooth import *` then `BluetoothSocket(RFCOMM)`).
        if let [module] = self.star_modules.as_slice()
            && !is_builtin(name)
        {
            return ValueSet::one(Value::Symbol(format!("{module}.{name}")));
        }
        ValueSet::unknown()
    }

    /// An attribute of a local class or instance, looked up through its local bases.
    pub(super) fn class_attribute(
        &self,
        id: usize,
        attribute: &str,
        depth: usize,
    ) -> Option<ValueSet> {
        let class = self.classes.get(id)?;
        if let Some(values) = class.attributes.get(attribute) {
            return Some(values.clone());
        }
        if depth > 16 {
            return None;
        }
        class
            .bases
            .iter()
            .find_map(|base| self.class_attribute(*base, attribute, depth + 1))
    }
}

/// Names every module has, which a `from module import *` does not provide.
pub(super) fn is_builtin(name: &str) -> bool {
    matches!(
        name,
        "print"
            | "len"
            | "str"
            | "int"
            | "float"
            | "bool"
            | "list"
            | "dict"
            | "set"
            | "tuple"
            | "range"
            | "open"
            | "super"
            | "isinstance"
            | "getattr"
            | "setattr"
            | "hasattr"
            | "object"
            | "Exception"
            | "ValueError"
            | "TypeError"
            | "KeyError"
            | "OSError"
            | "RuntimeError"
            | "enumerate"
            | "zip"
            | "map"
            | "filter"
            | "sorted"
            | "min"
            | "max"
            | "sum"
            | "any"
            | "all"
            | "repr"
            | "format"
            | "input"
            | "iter"
            | "next"
            | "type"
            | "vars"
            | "id"
            | "hash"
            | "abs"
            | "round"
            | "bytes"
            | "bytearray"
            | "exit"
            | "staticmethod"
            | "classmethod"
            | "property"
            | "__name__"
            | "__file__"
    )
}
