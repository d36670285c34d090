//! Finding listening calls in one parsed module: imports, value resolution, sink matching.
//!
//! The module is executed abstractly, statement by statement, keeping for every name the set of
//! values it may hold ([`ValueSet`]). Straight-line code is flow-sensitive (a later
//! `HOST = "127.0.0.1"` wins); branches, loops and `try` merge their outcomes (may-analysis).
//! Function bodies run after the code that defines them has finished, as Python calls them, so
//! module constants assigned below a function are seen; parameter defaults are evaluated where
//! the `def` stands. Attributes set on `self` anywhere in a class are gathered in a first pass,
//! so a method sees attributes assigned in any other method.
//!
//! At every call the callee is resolved through the imports and the local typing, and matched
//! against the sink catalogue ([`crate::rules::sinks`]); the address argument's values are
//! classified by [`crate::address`]. This module knows no library by name: that is the
//! catalogue's job.

use std::collections::HashMap;

use ruff_python_ast::visitor::{Visitor, walk_expr};
use ruff_python_ast::{
    self as ast, Expr, ExprCall, Number, Stmt, StmtClassDef, StmtFunctionDef, UnaryOp,
};
use ruff_text_size::{Ranged, TextRange};

use crate::address::{Wildcard, classify_host};
use crate::python::values::{Family, Value, ValueSet};
use crate::rules::Rule;
use crate::rules::sinks::{
    self, AI_PASSIVE, AddressShape, GETADDRINFO, IP_FAMILIES, NON_IP_SOCKET_MODULES, Omitted,
    SinkSpec,
};

/// A listening call found in the source, before it is located in lines and columns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawFinding {
    /// The rule it falls under.
    pub rule: Rule,
    /// The listening call.
    pub call_range: TextRange,
    /// The statement holding the call (for a compound statement, its header).
    pub statement_range: TextRange,
    /// The expression carrying the all-interfaces value, if the host was not omitted.
    pub host_range: Option<TextRange>,
    /// The all-interfaces value as written (`"0.0.0.0"`, `None`), if not omitted.
    pub host_text: Option<String>,
    /// Where the value was written, when outside the statement.
    pub origin: Option<TextRange>,
    /// The message.
    pub message: String,
}

/// Finds every listening call with an all-interfaces address in `suite`, in source order.
pub fn find_listeners(suite: &[Stmt], source: &str) -> Vec<RawFinding> {
    let mut analyzer = Analyzer::new(source);
    analyzer.run(suite, Phase::CollectAttributes);
    analyzer.run(suite, Phase::Detect);
    let mut findings = analyzer.findings;
    findings.sort_by_key(|finding| (finding.call_range.start(), finding.rule));
    findings.dedup();
    findings
}

/// The two passes over a module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// Gathers `self.x = ...` and class-level attributes of every class; reports nothing.
    CollectAttributes,
    /// Reports findings, reading the attributes gathered before.
    Detect,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ScopeKind {
    Module,
    Class,
    Function,
}

#[derive(Clone, Debug)]
struct Scope {
    kind: ScopeKind,
    bindings: HashMap<String, ValueSet>,
}

impl Scope {
    fn new(kind: ScopeKind) -> Scope {
        Scope {
            kind,
            bindings: HashMap::new(),
        }
    }
}

/// What the analysis knows about a class of the file.
#[derive(Debug, Default)]
struct ClassInfo {
    /// Class-level attributes and attributes set on `self` anywhere in the class.
    attributes: HashMap<String, ValueSet>,
}

/// A function whose body runs once the code around its definition has finished.
struct PendingFunction<'a> {
    definition: &'a StmtFunctionDef,
    /// Parameter names and their values: the default, or unknown.
    parameters: Vec<(String, ValueSet)>,
}

struct Analyzer<'a> {
    source: &'a str,
    phase: Phase,
    scopes: Vec<Scope>,
    classes: Vec<ClassInfo>,
    /// Classes met so far in this pass: ids are handed out in the same order in both passes.
    classes_seen: usize,
    star_modules: Vec<String>,
    /// Functions defined in each running frame (module or function), run when it ends.
    pending: Vec<Vec<PendingFunction<'a>>>,
    /// The statement being executed, for keys and suppression comments.
    statement: TextRange,
    findings: Vec<RawFinding>,
}

impl<'a> Analyzer<'a> {
    fn new(source: &'a str) -> Analyzer<'a> {
        Analyzer {
            source,
            phase: Phase::CollectAttributes,
            scopes: Vec::new(),
            classes: Vec::new(),
            classes_seen: 0,
            star_modules: Vec::new(),
            pending: Vec::new(),
            statement: TextRange::default(),
            findings: Vec::new(),
        }
    }

    fn run(&mut self, suite: &'a [Stmt], phase: Phase) {
        self.phase = phase;
        self.scopes = vec![Scope::new(ScopeKind::Module)];
        self.classes_seen = 0;
        self.star_modules.clear();
        self.pending = vec![Vec::new()];
        self.exec_block(suite);
        self.finish_frame();
    }

    /// Runs the functions defined in the frame that just ended.
    fn finish_frame(&mut self) {
        let functions = self.pending.pop().unwrap_or_default();
        for function in functions {
            self.run_function(function);
        }
    }

    fn run_function(&mut self, function: PendingFunction<'a>) {
        let mut scope = Scope::new(ScopeKind::Function);
        for (name, values) in function.parameters {
            scope.bindings.insert(name, values);
        }
        self.scopes.push(scope);
        self.pending.push(Vec::new());
        self.exec_block(&function.definition.body);
        self.finish_frame();
        self.scopes.pop();
    }

    // ----- statements -------------------------------------------------------------------------

    fn exec_block(&mut self, body: &'a [Stmt]) {
        for statement in body {
            self.exec_statement(statement);
        }
    }

    fn exec_statement(&mut self, statement: &'a Stmt) {
        self.statement = statement.range();
        match statement {
            Stmt::Expr(node) => self.visit_expr(&node.value),
            Stmt::Assign(node) => {
                self.visit_expr(&node.value);
                let values = self.eval(&node.value);
                for target in &node.targets {
                    self.visit_target(target);
                    self.assign(target, values.clone());
                }
            }
            Stmt::AnnAssign(node) => {
                if let Some(value) = &node.value {
                    self.visit_expr(value);
                    let values = self.eval(value);
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
                    let qualified = format!("{module}.{}", alias.name.as_str());
                    self.bind(bound, ValueSet::one(Value::Symbol(qualified)));
                }
            }
            Stmt::FunctionDef(node) => self.define_function(node, None),
            Stmt::ClassDef(node) => self.define_class(node),
            Stmt::Return(node) => {
                if let Some(value) = &node.value {
                    self.visit_expr(value);
                }
            }
            Stmt::Delete(node) => {
                for target in &node.targets {
                    if let Expr::Name(name) = target {
                        self.current_scope().bindings.remove(name.id.as_str());
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
                self.exec_loop(&node.body, &node.orelse);
            }
            Stmt::For(node) => {
                self.statement = TextRange::new(node.start(), node.iter.end());
                self.visit_expr(&node.iter);
                let elements = self.eval(&node.iter).elements();
                self.assign(&node.target, elements);
                self.exec_loop(&node.body, &node.orelse);
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

    /// A loop body runs zero or more times: its outcome merges with the state before it.
    fn exec_loop(&mut self, body: &'a [Stmt], orelse: &'a [Stmt]) {
        let before = self.snapshot();
        self.exec_block(body);
        let after = self.snapshot();
        self.merge(vec![before, after]);
        self.exec_block(orelse);
    }

    fn define_function(&mut self, node: &'a StmtFunctionDef, method_of: Option<usize>) {
        let header_end = node
            .returns
            .as_ref()
            .map_or(node.parameters.end(), |returns| returns.end());
        self.statement = TextRange::new(node.start(), header_end);
        for decorator in &node.decorator_list {
            self.visit_expr(&decorator.expression);
        }
        let is_static = node.decorator_list.iter().any(|decorator| {
            matches!(&decorator.expression, Expr::Name(name) if name.id.as_str() == "staticmethod")
        });
        let mut parameters = Vec::new();
        let parameters_in_order = node
            .parameters
            .posonlyargs
            .iter()
            .chain(&node.parameters.args)
            .chain(&node.parameters.kwonlyargs);
        for (index, parameter) in parameters_in_order.enumerate() {
            let values = match (&parameter.default, method_of) {
                (Some(default), _) => {
                    self.visit_expr(default);
                    self.eval(default)
                }
                (None, Some(class)) if index == 0 && !is_static => {
                    ValueSet::one(Value::LocalInstance(class))
                }
                (None, _) => ValueSet::unknown(),
            };
            parameters.push((parameter.parameter.name.to_string(), values));
        }
        for variadic in [&node.parameters.vararg, &node.parameters.kwarg]
            .into_iter()
            .flatten()
        {
            parameters.push((variadic.name.to_string(), ValueSet::unknown()));
        }
        self.bind(node.name.as_str(), ValueSet::unknown());
        if let Some(frame) = self.pending.last_mut() {
            frame.push(PendingFunction {
                definition: node,
                parameters,
            });
        }
    }

    fn define_class(&mut self, node: &'a StmtClassDef) {
        let header_end = node
            .arguments
            .as_ref()
            .map_or(node.name.end(), |arguments| arguments.end());
        self.statement = TextRange::new(node.start(), header_end);
        for decorator in &node.decorator_list {
            self.visit_expr(&decorator.expression);
        }
        let mut sink_base = None;
        if let Some(arguments) = &node.arguments {
            for base in &arguments.args {
                self.visit_expr(base);
                for value in self.eval(base).iter() {
                    let inherited = match value {
                        Value::Symbol(qualified) if is_catalogued_class(qualified) => {
                            Some(qualified.clone())
                        }
                        Value::LocalClass {
                            sink_base: Some(base),
                            ..
                        } => Some(base.clone()),
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
            for (name, values) in bindings {
                class.attributes.entry(name).or_default().extend(values);
            }
        }
        self.bind(
            node.name.as_str(),
            ValueSet::one(Value::LocalClass { id, sink_base }),
        );
    }

    // ----- bindings and branch states ---------------------------------------------------------

    fn current_scope(&mut self) -> &mut Scope {
        if self.scopes.is_empty() {
            self.scopes.push(Scope::new(ScopeKind::Module));
        }
        let last = self.scopes.len() - 1;
        &mut self.scopes[last]
    }

    fn bind(&mut self, name: &str, values: ValueSet) {
        self.current_scope()
            .bindings
            .insert(name.to_owned(), values);
    }

    fn snapshot(&mut self) -> HashMap<String, ValueSet> {
        self.current_scope().bindings.clone()
    }

    fn restore(&mut self, bindings: HashMap<String, ValueSet>) {
        self.current_scope().bindings = bindings;
    }

    /// Replaces the current bindings by the union of several branch outcomes. A name bound in
    /// only some branches may also be unbound: it gets an unknown value besides.
    fn merge(&mut self, outcomes: Vec<HashMap<String, ValueSet>>) {
        let mut merged: HashMap<String, ValueSet> = HashMap::new();
        for outcome in &outcomes {
            for (name, values) in outcome {
                merged
                    .entry(name.clone())
                    .or_default()
                    .extend(values.clone());
            }
        }
        for (name, values) in &mut merged {
            if outcomes.iter().any(|outcome| !outcome.contains_key(name)) {
                values.insert(Value::Unknown);
            }
        }
        self.restore(merged);
    }

    fn assign(&mut self, target: &'a Expr, values: ValueSet) {
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
            Expr::Attribute(attribute) => {
                if self.phase != Phase::CollectAttributes {
                    return;
                }
                for owner in self.eval(&attribute.value).iter() {
                    if let Value::LocalInstance(id) | Value::LocalClass { id, .. } = owner
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

    /// Visits the sub-expressions of an assignment target (`obj.f(x).attr = ...`).
    fn visit_target(&mut self, target: &'a Expr) {
        match target {
            Expr::Attribute(attribute) => self.visit_expr(&attribute.value),
            Expr::Subscript(subscript) => {
                self.visit_expr(&subscript.value);
                self.visit_expr(&subscript.slice);
            }
            _ => {}
        }
    }

    fn lookup(&self, name: &str) -> ValueSet {
        let innermost = self.scopes.len().saturating_sub(1);
        for (index, scope) in self.scopes.iter().enumerate().rev() {
            // A class body's names are not visible from the functions defined in it.
            if scope.kind == ScopeKind::Class && index != innermost {
                continue;
            }
            if let Some(values) = scope.bindings.get(name) {
                return values.clone();
            }
        }
        for module in &self.star_modules {
            let qualified = format!("{module}.{name}");
            if sinks::is_known_name(&qualified) {
                return ValueSet::one(Value::Symbol(qualified));
            }
        }
        ValueSet::unknown()
    }

    // ----- evaluation -------------------------------------------------------------------------

    fn eval(&self, expr: &Expr) -> ValueSet {
        match expr {
            Expr::StringLiteral(literal) => ValueSet::one(Value::Str {
                text: literal.value.to_str().to_owned(),
                origin: literal.range(),
            }),
            Expr::BytesLiteral(literal) => {
                let bytes: Vec<u8> = literal.value.bytes().collect();
                ValueSet::one(Value::Str {
                    text: String::from_utf8_lossy(&bytes).into_owned(),
                    origin: literal.range(),
                })
            }
            Expr::NoneLiteral(literal) => ValueSet::one(Value::None {
                origin: literal.range(),
            }),
            Expr::NumberLiteral(_) | Expr::UnaryOp(_) => integer_literal(expr)
                .map_or_else(ValueSet::unknown, |number| {
                    ValueSet::one(Value::Int(number))
                }),
            Expr::Tuple(ast::ExprTuple { elts, .. })
            | Expr::List(ast::ExprList { elts, .. })
            | Expr::Set(ast::ExprSet { elts, .. }) => {
                if elts.iter().any(Expr::is_starred_expr) {
                    return ValueSet::unknown();
                }
                ValueSet::one(Value::Tuple(
                    elts.iter().map(|element| self.eval(element)).collect(),
                ))
            }
            Expr::Name(name) => self.lookup(name.id.as_str()),
            Expr::Attribute(attribute) => {
                let mut result = ValueSet::default();
                for owner in self.eval(&attribute.value).iter() {
                    match owner {
                        Value::Symbol(module) => result.insert(Value::Symbol(format!(
                            "{module}.{}",
                            attribute.attr.as_str()
                        ))),
                        Value::LocalInstance(id) | Value::LocalClass { id, .. } => {
                            match self
                                .classes
                                .get(*id)
                                .and_then(|class| class.attributes.get(attribute.attr.as_str()))
                            {
                                Some(values) => result.extend(values.clone()),
                                None => result.insert(Value::Unknown),
                            }
                        }
                        _ => result.insert(Value::Unknown),
                    }
                }
                result
            }
            Expr::Subscript(subscript) => match integer_literal(&subscript.slice) {
                Some(index) => self.eval(&subscript.value).index(index),
                None => ValueSet::unknown(),
            },
            Expr::Call(call) => self.eval_call(call),
            Expr::If(conditional) => self
                .eval(&conditional.body)
                .union(self.eval(&conditional.orelse)),
            Expr::BoolOp(bool_op) => {
                let mut values = bool_op.values.iter().map(|value| self.eval(value));
                let first = values.next().unwrap_or_else(ValueSet::unknown);
                match bool_op.op {
                    ast::BoolOp::Or => values.fold(first, ValueSet::or_else),
                    // `a and b` is `b` when `a` is truthy, else `a`'s falsy value; the falsy
                    // values of interest (`""`, `None`) are kept.
                    ast::BoolOp::And => values.fold(first, |left, right| {
                        let mut result = ValueSet::default();
                        for value in left.iter() {
                            if matches!(value, Value::Str { text, .. } if text.is_empty())
                                || matches!(value, Value::None { .. })
                            {
                                result.insert(value.clone());
                            }
                        }
                        result.union(right)
                    }),
                }
            }
            Expr::Named(named) => self.eval(&named.value),
            Expr::Await(awaited) => self.eval(&awaited.value),
            _ => ValueSet::unknown(),
        }
    }

    fn eval_call(&self, call: &ExprCall) -> ValueSet {
        let mut result = ValueSet::default();
        for callee in self.eval(&call.func).iter() {
            let constructed = match callee {
                Value::Symbol(qualified) => self.call_symbol(qualified, call),
                Value::LocalClass {
                    sink_base: Some(base),
                    ..
                } => self.call_symbol(base, call),
                Value::LocalClass { id, .. } => Value::LocalInstance(*id),
                _ => Value::Unknown,
            };
            result.insert(constructed);
        }
        result
    }

    /// The value a call of the imported `qualified` callable returns.
    fn call_symbol(&self, qualified: &str, call: &ExprCall) -> Value {
        if qualified == GETADDRINFO {
            return self.getaddrinfo_result(call);
        }
        match sinks::constructor(qualified) {
            Some(constructor) => Value::Instance {
                class: constructor.class.to_owned(),
                family: match constructor.family_argument {
                    Some((position, keyword)) => {
                        match find_argument(call, Some(position), keyword) {
                            Argument::Given(expr) => self.socket_family(expr),
                            Argument::Omitted => Family::Ip,
                            Argument::Unknowable => Family::Unknown,
                        }
                    }
                    None => Family::Unknown,
                },
            },
            None => Value::Instance {
                class: qualified.to_owned(),
                family: Family::Unknown,
            },
        }
    }

    fn socket_family(&self, expr: &Expr) -> Family {
        let mut family = None;
        for value in self.eval(expr).iter() {
            let this = match value {
                Value::Symbol(qualified) if IP_FAMILIES.contains(&qualified.as_str()) => Family::Ip,
                Value::Symbol(qualified) if qualified.contains(".AF_") => Family::NotIp,
                // AF_INET is 2 and AF_INET6 is 10 on Linux.
                Value::Int(2 | 10) => Family::Ip,
                Value::Int(_) => Family::NotIp,
                _ => Family::Unknown,
            };
            family = match family {
                None => Some(this),
                Some(previous) if previous == this => Some(this),
                Some(_) => Some(Family::Unknown),
            };
        }
        family.unwrap_or(Family::Unknown)
    }

    /// `getaddrinfo(host, port, family, type, proto, flags)` returns 5-tuples whose last item is
    /// the socket address; with host `None` and `AI_PASSIVE` that address is a wildcard.
    fn getaddrinfo_result(&self, call: &ExprCall) -> Value {
        let passive = match find_argument(call, Some(5), "flags") {
            Argument::Given(flags) => self.mentions_symbol(flags, AI_PASSIVE),
            _ => false,
        };
        let mut host = ValueSet::default();
        match find_argument(call, Some(0), "host") {
            Argument::Given(expr) => {
                for value in self.eval(expr).iter() {
                    match value {
                        Value::None { origin } if passive => {
                            host.insert(Value::PassiveWildcard { origin: *origin });
                        }
                        Value::Str { .. } => host.insert(value.clone()),
                        _ => host.insert(Value::Unknown),
                    }
                }
            }
            _ => host.insert(Value::Unknown),
        }
        let port = match find_argument(call, Some(1), "port") {
            Argument::Given(expr) => self.eval(expr),
            _ => ValueSet::unknown(),
        };
        let address = Value::Tuple(vec![host, port]);
        let entry = Value::Tuple(vec![
            ValueSet::unknown(),
            ValueSet::unknown(),
            ValueSet::unknown(),
            ValueSet::unknown(),
            ValueSet::one(address),
        ]);
        Value::Sequence(Box::new(ValueSet::one(entry)))
    }

    /// True when `expr` (e.g. `AI_PASSIVE | AI_CANONNAME`) names the symbol `qualified`.
    fn mentions_symbol(&self, expr: &Expr, qualified: &str) -> bool {
        match expr {
            Expr::BinOp(binary) => {
                self.mentions_symbol(&binary.left, qualified)
                    || self.mentions_symbol(&binary.right, qualified)
            }
            other => self
                .eval(other)
                .iter()
                .any(|value| matches!(value, Value::Symbol(symbol) if symbol == qualified)),
        }
    }

    // ----- sink detection ---------------------------------------------------------------------

    fn check_call(&mut self, call: &'a ExprCall) {
        if self.phase != Phase::Detect {
            return;
        }
        let mut candidates: Vec<(&'static SinkSpec, Family)> = Vec::new();
        let mut add = |sink: &'static SinkSpec, family: Family| {
            if !candidates
                .iter()
                .any(|(known, _)| std::ptr::eq(*known, sink))
            {
                candidates.push((sink, family));
            }
        };
        match &*call.func {
            Expr::Attribute(attribute) => {
                let method = attribute.attr.as_str();
                for receiver in self.eval(&attribute.value).iter() {
                    match receiver {
                        Value::Symbol(module) => {
                            let qualified = format!("{module}.{method}");
                            for sink in sinks::function_sinks(&qualified) {
                                add(sink, Family::Unknown);
                            }
                        }
                        Value::Instance { class, family } => {
                            let mut typed = sinks::method_sinks(class, method).peekable();
                            if typed.peek().is_some() {
                                for sink in typed {
                                    add(sink, *family);
                                }
                            } else if !is_non_ip_module(class) {
                                for sink in sinks::unknown_receiver_sinks(method) {
                                    add(sink, *family);
                                }
                            }
                        }
                        Value::Unknown | Value::LocalInstance(_) => {
                            for sink in sinks::unknown_receiver_sinks(method) {
                                add(sink, Family::Unknown);
                            }
                        }
                        _ => {}
                    }
                }
            }
            func => {
                for callee in self.eval(func).iter() {
                    let qualified = match callee {
                        Value::Symbol(qualified) => qualified,
                        Value::LocalClass {
                            sink_base: Some(base),
                            ..
                        } => base,
                        _ => continue,
                    };
                    for sink in sinks::function_sinks(qualified) {
                        add(sink, Family::Unknown);
                    }
                }
            }
        }
        for (sink, family) in candidates {
            if family != Family::NotIp {
                let display = self.display_name(call, sink);
                self.check_sink(call, sink, &display);
            }
        }
    }

    /// How a call is named in messages: the catalogue's name, and the class as written when a
    /// class of the file derives from the catalogued one (`MyServer() (a socketserver.TCPServer)`).
    fn display_name(&self, call: &ExprCall, sink: &SinkSpec) -> String {
        if let Expr::Name(name) = &*call.func
            && self
                .lookup(name.id.as_str())
                .iter()
                .any(|value| matches!(value, Value::LocalClass { .. }))
        {
            let base = sink.display.trim_end_matches("()");
            return format!("{}() (a {base})", name.id);
        }
        sink.display.to_owned()
    }

    fn check_sink(&mut self, call: &'a ExprCall, sink: &'static SinkSpec, display: &str) {
        let address = sink.address;
        let argument = match find_argument(call, address.position, address.keyword) {
            Argument::Given(expr) => expr,
            Argument::Unknowable => return,
            Argument::Omitted => {
                if let Omitted::AllInterfaces { unless_keywords } = sink.omitted
                    && !call.arguments.keywords.iter().any(|keyword| {
                        keyword
                            .arg
                            .as_ref()
                            .is_some_and(|name| unless_keywords.contains(&name.as_str()))
                    })
                {
                    self.report(
                        Rule::ImplicitAllInterfaces,
                        call,
                        None,
                        None,
                        format!(
                            "{} is called without a host, so it listens on all network interfaces",
                            display
                        ),
                    );
                }
                return;
            }
        };
        let values = self.eval(argument);
        let mut hosts = ValueSet::default();
        for value in values.iter() {
            match (address.shape, value) {
                (AddressShape::SocketAddress, Value::Tuple(items))
                    if (2..=4).contains(&items.len()) =>
                {
                    hosts.extend(items[0].clone());
                }
                (AddressShape::Host, Value::Tuple(items)) => {
                    for item in items {
                        hosts.extend(item.clone());
                    }
                }
                (AddressShape::Host, other) => hosts.insert(other.clone()),
                _ => {}
            }
        }
        let underline = match (address.shape, argument) {
            (AddressShape::SocketAddress, Expr::Tuple(tuple)) if !tuple.elts.is_empty() => {
                tuple.elts[0].range()
            }
            _ => argument.range(),
        };
        for host in hosts.iter() {
            let (rule, origin, message) = match host {
                Value::Str { text, origin } => match classify_host(text) {
                    Some(wildcard) => (
                        sink.rule,
                        *origin,
                        format!(
                            "{} listens on all network interfaces: {} is {}",
                            display,
                            self.written(*origin),
                            describe(wildcard)
                        ),
                    ),
                    None => continue,
                },
                Value::None { origin } if sink.none_means_all_interfaces => (
                    Rule::ImplicitAllInterfaces,
                    *origin,
                    format!(
                        "{} gets host None, so it listens on all network interfaces",
                        display
                    ),
                ),
                Value::PassiveWildcard { origin } => (
                    sink.rule,
                    *origin,
                    format!(
                        "{} listens on all network interfaces: the address comes from getaddrinfo(None, ..., AI_PASSIVE)",
                        display
                    ),
                ),
                _ => continue,
            };
            self.report(rule, call, Some(underline), Some(origin), message);
            return;
        }
    }

    fn report(
        &mut self,
        rule: Rule,
        call: &ExprCall,
        underline: Option<TextRange>,
        origin: Option<TextRange>,
        message: String,
    ) {
        let statement = self.statement;
        self.findings.push(RawFinding {
            rule,
            call_range: call.range(),
            statement_range: statement,
            host_range: underline,
            host_text: origin.map(|origin| self.written(origin).to_owned()),
            origin: origin.filter(|origin| !statement.contains_range(*origin)),
            message,
        });
    }

    /// The source text of a range.
    fn written(&self, range: TextRange) -> &'a str {
        self.source.get(range.to_std_range()).unwrap_or_default()
    }

    /// Runs `body` with comprehension targets bound in a scope of their own.
    fn visit_comprehension(
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
}

impl<'a> Visitor<'a> for Analyzer<'a> {
    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Call(call) => {
                self.check_call(call);
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

/// Where an argument was found.
enum Argument<'e> {
    /// Passed, as this expression.
    Given(&'e Expr),
    /// Not passed.
    Omitted,
    /// Maybe passed through `*args` or `**kwargs`.
    Unknowable,
}

/// Finds the argument at `position` (receiver excluded) or named `keyword`.
fn find_argument<'e>(call: &'e ExprCall, position: Option<usize>, keyword: &str) -> Argument<'e> {
    let arguments = &call.arguments;
    if let Some(found) = arguments.keywords.iter().find(|candidate| {
        candidate
            .arg
            .as_ref()
            .is_some_and(|arg| arg.as_str() == keyword)
    }) {
        return Argument::Given(&found.value);
    }
    if let Some(position) = position {
        let leading = arguments
            .args
            .iter()
            .take_while(|argument| !argument.is_starred_expr())
            .count();
        if position < leading {
            return Argument::Given(&arguments.args[position]);
        }
        if leading < arguments.args.len() {
            return Argument::Unknowable;
        }
    }
    if arguments
        .keywords
        .iter()
        .any(|keyword| keyword.arg.is_none())
    {
        return Argument::Unknowable;
    }
    Argument::Omitted
}

/// An integer literal, possibly negated.
fn integer_literal(expr: &Expr) -> Option<i64> {
    match expr {
        Expr::NumberLiteral(literal) => match &literal.value {
            Number::Int(int) => int.as_i64(),
            _ => None,
        },
        Expr::UnaryOp(unary) if unary.op == UnaryOp::USub => {
            integer_literal(&unary.operand).map(|number| -number)
        }
        _ => None,
    }
}

/// True for classes a local class may derive from to become a sink or a typed object.
fn is_catalogued_class(qualified: &str) -> bool {
    sinks::function_sinks(qualified).next().is_some() || sinks::constructor(qualified).is_some()
}

/// True for objects of modules whose sockets are never IP sockets.
fn is_non_ip_module(class: &str) -> bool {
    let module = class.split('.').next().unwrap_or(class);
    NON_IP_SOCKET_MODULES.contains(&module)
}

fn describe(wildcard: Wildcard) -> &'static str {
    wildcard.describe()
}
