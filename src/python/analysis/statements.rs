//! Executing statements: assignments, imports, definitions, branches and loops, and the
//! visitor that walks expressions for calls and settings.
use std::collections::HashMap;
use std::rc::Rc;

use ruff_python_ast::visitor::{Visitor, walk_expr};
use ruff_python_ast::{self as ast, Expr, Stmt, StmtClassDef, StmtFunctionDef};
use ruff_text_size::{Ranged, TextRange};

use super::expressions::external;
use super::{
    Analyzer, ClassInfo, FunctionInfo, MAX_REPEATED_LOOP_DEPTH, MAX_VISIT_DEPTH, ParameterInfo,
    PendingFunction, Phase, Scope, ScopeKind,
};
use crate::python::values::{Value, ValueSet};
use crate::rules::sinks::{self, SETTINGS_BASES};

impl<'a> Visitor<'a> for Analyzer<'a> {
    fn visit_expr(&mut self, expr: &'a Expr) {
        if self.visit_depth >= MAX_VISIT_DEPTH {
            self.too_deep.get_or_insert(expr.range());
            return;
        }
        self.visit_depth += 1;
        self.visit_expr_within_budget(expr);
        self.visit_depth -= 1;
    }
}

impl<'a> Analyzer<'a> {
    pub(super) fn exec_block(&mut self, body: &'a [Stmt]) {
        for statement in body {
            self.exec_statement(statement);
        }
    }

    pub(super) fn exec_statement(&mut self, statement: &'a Stmt) {
        self.statement = statement.range();
        match statement {
            Stmt::Expr(node) => self.visit_expr(&node.value),
            Stmt::Assign(node) => {
                self.visit_expr(&node.value);
                let values = self.eval(&node.value);
                for target in &node.targets {
                    self.visit_target(target);
                    if self.phase == Phase::CollectAttributes {
                        self.record_twisted_options(target, &node.value);
                    }
                    self.check_setting_assignment(target, &node.value, &values);
                    self.assign(target, values.clone());
                }
            }
            Stmt::AnnAssign(node) => {
                if let Some(value) = &node.value {
                    self.visit_expr(value);
                    let values = self.eval(value);
                    self.check_setting_assignment(&node.target, value, &values);
                    self.assign(&node.target, values);
                }
            }
            Stmt::AugAssign(node) => {
                self.visit_expr(&node.value);
                self.assign(&node.target, ValueSet::unknown());
            }
            Stmt::Import(node) => {
                for alias in &node.names {
                    let qualified = alias.name.as_str();
                    let (bound, symbol) = match &alias.asname {
                        Some(asname) => (asname.as_str(), qualified),
                        None => {
                            let first = qualified.split('.').next().unwrap_or(qualified);
                            (first, first)
                        }
                    };
                    self.bind(bound, ValueSet::one(Value::Symbol(symbol.to_owned())));
                }
            }
            Stmt::ImportFrom(node) => {
                let module = node.module.as_ref().map_or("", |module| module.as_str());
                let module = format!("{}{module}", ".".repeat(node.level as usize));
                for alias in &node.names {
                    if alias.name.as_str() == "*" {
                        self.star_modules.push(module.clone());
                        continue;
                    }
                    let bound = alias.asname.as_ref().unwrap_or(&alias.name).as_str();
                    // `from . import x` is `.x`; `from .m import x` is `.m.x`.
                    let qualified = if node.module.is_none() {
                        format!("{module}{}", alias.name.as_str())
                    } else {
                        format!("{module}.{}", alias.name.as_str())
                    };
                    self.bind(bound, ValueSet::one(Value::Symbol(qualified)));
                }
            }
            Stmt::FunctionDef(node) => self.define_function(node, None),
            Stmt::ClassDef(node) => self.define_class(node),
            Stmt::Return(node) => {
                if let Some(value) = &node.value {
                    self.visit_expr(value);
                    let values = self.eval(value);
                    self.record_return(&values);
                }
            }
            Stmt::Delete(node) => {
                for target in &node.targets {
                    match target {
                        Expr::Name(name) => {
                            self.current_scope().bindings.remove(name.id.as_str());
                        }
                        Expr::Subscript(subscript) => self.assign_dict_item(subscript, None),
                        _ => {}
                    }
                }
            }
            Stmt::If(node) => {
                self.statement = TextRange::new(node.start(), node.test.end());
                self.visit_expr(&node.test);
                let before = self.snapshot();
                let mut outcomes = Vec::new();
                self.exec_block(&node.body);
                outcomes.push(self.snapshot());
                let mut has_else = false;
                for clause in &node.elif_else_clauses {
                    self.restore(before.clone());
                    if let Some(test) = &clause.test {
                        self.statement = TextRange::new(clause.start(), test.end());
                        self.visit_expr(test);
                    } else {
                        has_else = true;
                    }
                    self.exec_block(&clause.body);
                    outcomes.push(self.snapshot());
                }
                if !has_else {
                    outcomes.push(before);
                }
                self.merge(outcomes);
            }
            Stmt::While(node) => {
                self.statement = TextRange::new(node.start(), node.test.end());
                self.visit_expr(&node.test);
                self.exec_loop(&node.body, &node.orelse, None);
            }
            Stmt::For(node) => {
                self.statement = TextRange::new(node.start(), node.iter.end());
                self.visit_expr(&node.iter);
                let elements = self.eval(&node.iter).elements();
                self.exec_loop(&node.body, &node.orelse, Some((&node.target, elements)));
            }
            Stmt::With(node) => {
                let header_end = node
                    .items
                    .last()
                    .map_or(node.start(), |item| item.range().end());
                self.statement = TextRange::new(node.start(), header_end);
                for item in &node.items {
                    self.visit_expr(&item.context_expr);
                    if let Some(target) = &item.optional_vars {
                        // Sockets, servers and loops return themselves from `__enter__`.
                        let values = self.eval(&item.context_expr);
                        self.assign(target, values);
                    }
                }
                self.exec_block(&node.body);
            }
            Stmt::Try(node) => {
                let before = self.snapshot();
                self.exec_block(&node.body);
                let after_body = self.snapshot();
                let mut outcomes = Vec::new();
                for handler in &node.handlers {
                    let ast::ExceptHandler::ExceptHandler(handler) = handler;
                    // A handler may start anywhere in the body: before or after any of it.
                    self.merge(vec![before.clone(), after_body.clone()]);
                    if let Some(type_) = &handler.type_ {
                        self.statement = handler.range();
                        self.visit_expr(type_);
                    }
                    if let Some(name) = &handler.name {
                        self.bind(name.as_str(), ValueSet::unknown());
                    }
                    self.exec_block(&handler.body);
                    outcomes.push(self.snapshot());
                }
                self.restore(after_body);
                self.exec_block(&node.orelse);
                outcomes.push(self.snapshot());
                self.merge(outcomes);
                self.exec_block(&node.finalbody);
            }
            Stmt::Match(node) => {
                self.statement = TextRange::new(node.start(), node.subject.end());
                self.visit_expr(&node.subject);
                let before = self.snapshot();
                let mut outcomes = vec![before.clone()];
                for case in &node.cases {
                    self.restore(before.clone());
                    if let Some(guard) = &case.guard {
                        self.visit_expr(guard);
                    }
                    self.exec_block(&case.body);
                    outcomes.push(self.snapshot());
                }
                self.merge(outcomes);
            }
            Stmt::Raise(node) => {
                if let Some(exception) = &node.exc {
                    self.visit_expr(exception);
                }
            }
            Stmt::Assert(node) => self.visit_expr(&node.test),
            Stmt::TypeAlias(_)
            | Stmt::Global(_)
            | Stmt::Nonlocal(_)
            | Stmt::Pass(_)
            | Stmt::Break(_)
            | Stmt::Continue(_)
            | Stmt::IpyEscapeCommand(_) => {}
        }
    }

    /// A loop body runs zero or more times: its outcome merges with the state before it. Near
    /// the top it runs a second time from the merged state, so that a value assigned late in
    /// one iteration (`host = "0.0.0.0"` in an `except`) reaches the code at its start.
    pub(super) fn exec_loop(
        &mut self,
        body: &'a [Stmt],
        orelse: &'a [Stmt],
        target: Option<(&'a Expr, ValueSet)>,
    ) {
        let passes = if self.loop_depth < MAX_REPEATED_LOOP_DEPTH {
            2
        } else {
            1
        };
        self.loop_depth += 1;
        let before = self.snapshot();
        for _ in 0..passes {
            if let Some((target, elements)) = &target {
                self.assign(target, elements.clone());
            }
            let start = self.snapshot();
            self.exec_block(body);
            let after = self.snapshot();
            self.merge(vec![before.clone(), start, after]);
        }
        self.loop_depth -= 1;
        self.exec_block(orelse);
    }

    pub(super) fn define_function(&mut self, node: &'a StmtFunctionDef, method_of: Option<usize>) {
        let header_end = node
            .returns
            .as_ref()
            .map_or(node.parameters.end(), |returns| returns.end());
        self.statement = TextRange::new(node.start(), header_end);
        let mut option_parameters = HashMap::new();
        let mut is_typer_command = false;
        for decorator in &node.decorator_list {
            self.visit_expr(&decorator.expression);
            if let Some((name, values)) = self.click_option(&decorator.expression) {
                option_parameters.insert(name, values);
            }
            is_typer_command |= self.is_typer_command(&decorator.expression);
        }
        let is_static = node.decorator_list.iter().any(|decorator| {
            matches!(&decorator.expression, Expr::Name(name) if name.id.as_str() == "staticmethod")
        });
        let id = self.function_id(node);
        // A method's first parameter is its bound receiver: callers do not pass it.
        let bound_receiver = usize::from(method_of.is_some() && !is_static);
        let mut parameters = Vec::new();
        let mut infos = Vec::new();
        let positional = node.parameters.posonlyargs.len() + node.parameters.args.len();
        let parameters_in_order = node
            .parameters
            .posonlyargs
            .iter()
            .chain(&node.parameters.args)
            .chain(&node.parameters.kwonlyargs);
        for (index, parameter) in parameters_in_order.enumerate() {
            let name = parameter.parameter.name.as_str();
            infos.push(ParameterInfo {
                name: name.to_owned(),
                position: (index < positional)
                    .then(|| index.checked_sub(bound_receiver))
                    .flatten(),
                keyword: (index >= node.parameters.posonlyargs.len()).then(|| name.to_owned()),
            });
            let marker = Value::Parameter {
                function: id,
                index: u32::try_from(index).unwrap_or(u32::MAX),
            };
            let values = match (&parameter.default, method_of) {
                _ if option_parameters.contains_key(name) => {
                    option_parameters.remove(name).unwrap_or_default()
                }
                (Some(default), _) => {
                    self.visit_expr(default);
                    let values =
                        self.parameter_default(name, default, parameter.parameter.annotation());
                    if is_typer_command {
                        // Typer turns every defaulted parameter of a command into an option.
                        let option = format!("the `--{}` option", name.replace('_', "-"));
                        values.into_default_of(&option).union(external(&option))
                    } else {
                        // Callers may pass something else: the summary follows it.
                        values.union(ValueSet::one(marker))
                    }
                }
                (None, Some(class)) if index == 0 && !is_static => {
                    ValueSet::one(Value::LocalInstance(class))
                }
                (None, _) => ValueSet::one(marker),
            };
            // `app: web.Application`: the parameter holds such an object (besides whatever
            // callers pass, which the marker follows).
            let values = match parameter.parameter.annotation() {
                Some(annotation) => values.union(self.annotated_kind(annotation)),
                None => values,
            };
            parameters.push((name.to_owned(), values));
        }
        // `*args` and `**kwargs` come last; callers pass neither by name. `**kwargs` holds a
        // marker, so that a sink (or wrapper) call unpacking it records which keywords it
        // reads from the function's callers.
        for (variadic, is_keywords) in [
            (&node.parameters.vararg, false),
            (&node.parameters.kwarg, true),
        ] {
            let Some(variadic) = variadic else {
                continue;
            };
            let index = u32::try_from(infos.len()).unwrap_or(u32::MAX);
            infos.push(ParameterInfo {
                name: variadic.name.to_string(),
                position: None,
                keyword: None,
            });
            let values = if is_keywords {
                ValueSet::one(Value::KeywordParameters {
                    function: id,
                    index,
                })
            } else {
                ValueSet::unknown()
            };
            parameters.push((variadic.name.to_string(), values));
        }
        if let Some(function) = self.functions.get_mut(id as usize) {
            function.parameters = infos;
        }
        self.bind(node.name.as_str(), ValueSet::one(Value::LocalFunction(id)));
        let Some(frame) = self.pending.last_mut() else {
            return;
        };
        // A definition met again (a loop's second pass) runs once, with the values of every
        // pass: running it once per pass doubled the work at each level of functions defined
        // in loops, exponential in their depth (found by the `analyse_source` fuzz target).
        match frame
            .iter_mut()
            .find(|pending| std::ptr::eq(pending.definition, node))
        {
            Some(pending) => {
                for ((_, values), (_, more)) in pending.parameters.iter_mut().zip(parameters) {
                    values.extend(more);
                }
            }
            None => frame.push(PendingFunction {
                definition: node,
                parameters,
                method_of,
            }),
        }
    }

    /// The id of the function defined at `node`, the same in every pass.
    fn function_id(&mut self, node: &StmtFunctionDef) -> u32 {
        if let Some(id) = self.function_ids.get(&node.start()) {
            return *id;
        }
        let id = u32::try_from(self.functions.len()).unwrap_or(u32::MAX);
        self.function_ids.insert(node.start(), id);
        self.functions.push(FunctionInfo {
            parameters: Vec::new(),
            flows: Vec::new(),
            returns: ValueSet::default(),
        });
        id
    }

    pub(super) fn define_class(&mut self, node: &'a StmtClassDef) {
        let header_end = node
            .arguments
            .as_ref()
            .map_or(node.name.end(), |arguments| arguments.end());
        self.statement = TextRange::new(node.start(), header_end);
        for decorator in &node.decorator_list {
            self.visit_expr(&decorator.expression);
        }
        let mut sink_base = None;
        let mut local_bases = Vec::new();
        let mut is_settings = false;
        if let Some(arguments) = &node.arguments {
            for base in &arguments.args {
                self.visit_expr(base);
                let mut bases = self.eval(base);
                // A base class from another module matters when it may derive from a listener.
                if self.may_define_wrappers(&bases) {
                    bases = self.resolve_deep(bases, 0);
                }
                for value in bases.iter() {
                    let inherited = match value {
                        Value::Symbol(qualified) => {
                            is_settings |= SETTINGS_BASES.contains(&qualified.as_str());
                            sinks::is_catalogued_class(qualified).then(|| qualified.clone())
                        }
                        Value::LocalClass { id, sink_base } => {
                            local_bases.push(*id);
                            sink_base.clone()
                        }
                        Value::ProjectClass { sink_base, .. } => sink_base.clone(),
                        _ => None,
                    };
                    if sink_base.is_none() {
                        sink_base = inherited;
                    }
                }
            }
        }
        let id = self.classes_seen;
        self.classes_seen += 1;
        if self.classes.len() <= id {
            self.classes.push(ClassInfo::default());
        }
        let field_base = self.field_base(node);
        let constructor = self.constructor_fields(node, &local_bases, field_base);
        let has_fields = field_base.is_some()
            || !constructor.is_empty() && constructor.iter().all(|field| field.default.is_none());
        for base in &local_bases {
            if let Some(parent) = self.classes.get_mut(*base)
                && !parent.subclasses.contains(&id)
            {
                parent.subclasses.push(id);
            }
        }
        if let Some(class) = self.classes.get_mut(id) {
            class.bases = local_bases;
            class.sink_base = sink_base.clone();
            class.constructor = constructor;
            class.has_fields = has_fields;
        }
        self.scopes.push(Scope::new(ScopeKind::Class));
        for statement in &node.body {
            match statement {
                Stmt::FunctionDef(function) => self.define_function(function, Some(id)),
                other => self.exec_statement(other),
            }
        }
        let class_scope = self.scopes.pop().map(|scope| scope.bindings);
        if self.phase == Phase::CollectAttributes
            && let (Some(bindings), Some(class)) = (class_scope, self.classes.get_mut(id))
        {
            let settings = format!("the `{}` settings", node.name);
            for (name, values) in bindings {
                let values = Rc::unwrap_or_clone(values);
                // A settings class reads each attribute from the environment; the class body
                // holds only the defaults.
                let values = if is_settings {
                    values.into_default_of(&settings).union(external(&settings))
                } else {
                    values
                };
                class
                    .attributes
                    .entry(name.to_string())
                    .or_default()
                    .extend(values);
            }
        }
        self.bind(
            node.name.as_str(),
            ValueSet::one(Value::LocalClass { id, sink_base }),
        );
    }

    /// Visits the sub-expressions of an assignment target (`obj.f(x).attr = ...`).
    pub(super) fn visit_target(&mut self, target: &'a Expr) {
        match target {
            Expr::Attribute(attribute) => self.visit_expr(&attribute.value),
            Expr::Subscript(subscript) => {
                self.visit_expr(&subscript.value);
                self.visit_expr(&subscript.slice);
            }
            _ => {}
        }
    }

    /// Runs `body` with comprehension targets bound in a scope of their own.
    pub(super) fn visit_comprehension(
        &mut self,
        generators: &'a [ast::Comprehension],
        body: impl FnOnce(&mut Self),
    ) {
        self.scopes.push(Scope::new(ScopeKind::Function));
        for generator in generators {
            self.visit_expr(&generator.iter);
            let elements = self.eval(&generator.iter).elements();
            self.assign(&generator.target, elements);
            for condition in &generator.ifs {
                self.visit_expr(condition);
            }
        }
        body(self);
        self.scopes.pop();
    }

    pub(super) fn visit_expr_within_budget(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Call(call) => {
                self.check_call(call);
                walk_expr(self, expr);
                self.apply_dict_method(call);
            }
            Expr::Dict(dict) => {
                if self.phase == Phase::Detect {
                    self.note_application_sections(dict);
                    self.check_setting_keys(dict);
                }
                walk_expr(self, expr);
            }
            Expr::ListComp(comprehension) => {
                self.visit_comprehension(&comprehension.generators, |this| {
                    this.visit_expr(&comprehension.elt)
                });
            }
            Expr::SetComp(comprehension) => {
                self.visit_comprehension(&comprehension.generators, |this| {
                    this.visit_expr(&comprehension.elt)
                });
            }
            Expr::Generator(generator) => {
                self.visit_comprehension(&generator.generators, |this| {
                    this.visit_expr(&generator.elt)
                });
            }
            Expr::DictComp(comprehension) => {
                self.visit_comprehension(&comprehension.generators, |this| {
                    if let Some(key) = &comprehension.key {
                        this.visit_expr(key);
                    }
                    this.visit_expr(&comprehension.value);
                });
            }
            Expr::Named(named) => {
                walk_expr(self, expr);
                let values = self.eval(&named.value);
                self.assign(&named.target, values);
            }
            Expr::Lambda(lambda) => {
                self.scopes.push(Scope::new(ScopeKind::Function));
                if let Some(parameters) = &lambda.parameters {
                    for parameter in parameters.iter() {
                        self.bind(parameter.name().as_str(), ValueSet::unknown());
                    }
                }
                self.visit_expr(&lambda.body);
                self.scopes.pop();
            }
            _ => walk_expr(self, expr),
        }
    }
}
