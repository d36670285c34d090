//! Finding listening calls in one parsed module: imports, value resolution, sink matching.
//!
//! The module is executed abstractly, statement by statement, keeping for every name the set of
//! values it may hold ([`ValueSet`]). Straight-line code is flow-sensitive (a later
//! `HOST = "127.0.0.1"` wins); branches, loops and `try` merge their outcomes (may-analysis),
//! and a loop body runs twice so that a value set late in one iteration reaches the next.
//! Function bodies run after the code that defines them has finished, as Python calls them, so
//! module constants assigned below a function are seen; parameter defaults are evaluated where
//! the `def` stands. Attributes set on `self` anywhere in a class (or its local base classes)
//! are gathered in a first pass, so a method sees attributes assigned in any other method.
//!
//! Configuration is followed too: `os.environ.get(KEY, DEFAULT)`, `os.getenv`, `value or
//! DEFAULT`, argparse `add_argument(default=...)` read back as `args.dest`, click and typer
//! option defaults and pydantic settings classes mark their defaults, so that an
//! all-interfaces default is reported as BND004.
//!
//! At every call the callee is resolved through the imports and the local typing, and matched
//! against the sink catalogue ([`crate::rules::sinks`]); assignments and dict literals are
//! matched against its settings. The address's values are classified by [`crate::address`].
//! This module knows no library by name: that is the catalogue's job.

use std::collections::HashMap;
use std::rc::Rc;

use rustc_hash::FxHashMap;

use ruff_python_ast::visitor::{Visitor, walk_expr};
use ruff_python_ast::{
    self as ast, Expr, ExprCall, FStringPart, InterpolatedStringElement, Number, Operator, Stmt,
    StmtClassDef, StmtFunctionDef, UnaryOp,
};
use ruff_text_size::{Ranged, TextRange};

use crate::address::{Wildcard, classify_endpoint, classify_host, classify_twisted_description};
use crate::python::values::{
    Family, Provenance, StringPart, UNKNOWN_PART, Value, ValueSet, concatenate,
};
use crate::rules::Rule;
use crate::rules::sinks::{
    self, AI_PASSIVE, AddressShape, DEFAULT_WRAPPERS, ENVIRONMENT_GETTERS, FalsyHost, GETADDRINFO,
    IP_FAMILIES, NON_IP_SOCKET_MODULES, Omitted, SETTINGS, SETTINGS_BASES, SO_REUSEPORT,
    SettingSink, SettingTarget, SinkSpec, TYPER_APPLICATION,
};

/// A finding in the source, before it is located in lines and columns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawFinding {
    /// The rule it falls under.
    pub rule: Rule,
    /// The listening call (or setting).
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
    /// For BND004, the configuration whose default is all interfaces, as the message names it
    /// (``the `--host` option``, ``the `HOST` environment variable``): the fix changes it.
    pub configuration: Option<String>,
}

/// What the analysis of a module found.
#[derive(Debug, Default)]
pub struct Listeners {
    /// Findings of every rule, in source order.
    pub findings: Vec<RawFinding>,
    /// Where an expression nested deeper than [`MAX_VISIT_DEPTH`] was left unvisited, if any.
    pub too_deep: Option<TextRange>,
}

/// Finds every listening call of `suite` that a rule reports, in source order. `file_name`
/// (without directories) decides file-specific settings such as a gunicorn config's `bind`.
pub fn find_listeners(suite: &[Stmt], source: &str, file_name: &str) -> Listeners {
    let mut analyzer = Analyzer::new(source, file_name);
    if may_collect_anything(source) {
        analyzer.run(suite, Phase::CollectAttributes);
    }
    analyzer.run(suite, Phase::Detect);
    let mut findings = analyzer.findings;
    // The first report of a call under a rule wins (a loop's second pass may repeat it).
    findings.sort_by_key(|finding| (finding.call_range.start(), finding.rule));
    findings.dedup_by(|later, earlier| {
        later.rule == earlier.rule && later.call_range == earlier.call_range
    });
    Listeners {
        findings,
        too_deep: analyzer.too_deep,
    }
}

/// False when the first pass cannot collect anything: it gathers class attributes (a class
/// needs the keyword `class`) and command-line option defaults (`add_argument`, `add_option`,
/// `set_defaults`), all written in ASCII unless the source spells identifiers with characters
/// that NFKC normalisation turns into them. Skipping it saves two fifths of the analysis of
/// such a file.
fn may_collect_anything(source: &str) -> bool {
    !source.is_ascii()
        || ["class", "add_argument", "add_option", "set_defaults"]
            .iter()
            .any(|word| source.contains(word))
}

/// How deep the visitor descends into one expression. Deeper sub-expressions (a generated
/// `1 + 1 + …` of a million terms) are left unvisited, with a warning, rather than taking the
/// analysis thread off the end of its stack.
pub const MAX_VISIT_DEPTH: usize = 10_000;

/// The two passes over a module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// Gathers class attributes and command-line option defaults; reports nothing.
    CollectAttributes,
    /// Reports findings, reading what was gathered before.
    Detect,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ScopeKind {
    Module,
    Class,
    Function,
}

/// A scope's names and their values. Keys and values are shared, so that the snapshot a
/// branch takes copies pointers, not values, and a merge unions only what the branches changed.
type Bindings = FxHashMap<Rc<str>, Rc<ValueSet>>;

#[derive(Clone, Debug)]
struct Scope {
    kind: ScopeKind,
    bindings: Bindings,
}

impl Scope {
    fn new(kind: ScopeKind) -> Scope {
        Scope {
            kind,
            bindings: Bindings::default(),
        }
    }
}

/// What the analysis knows about a class of the file.
#[derive(Debug, Default)]
struct ClassInfo {
    /// Class-level attributes and attributes set on `self` anywhere in the class.
    attributes: HashMap<String, ValueSet>,
    /// Local base classes, whose attributes are inherited.
    bases: Vec<usize>,
    /// The catalogued class it derives from, e.g. `socketserver.TCPServer`.
    sink_base: Option<String>,
}

/// A function whose body runs once the code around its definition has finished.
struct PendingFunction<'a> {
    definition: &'a StmtFunctionDef,
    /// Parameter names and their values: the default, or unknown.
    parameters: Vec<(String, ValueSet)>,
    /// The class whose method this is.
    method_of: Option<usize>,
}

/// How deep one evaluation may recurse into an expression (`a.b.c`, `f(x)(y)`, `"a" + b`):
/// far beyond what a host or port value ever needs.
const MAX_EVAL_DEPTH: usize = 64;

/// How deep loops are re-run to carry values into the next iteration; deeper loops run once
/// so that nested loops cost linear, not exponential, time.
const MAX_REPEATED_LOOP_DEPTH: usize = 2;

struct Analyzer<'a> {
    source: &'a str,
    file_name: &'a str,
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
    /// The class whose method is running, for `super()`.
    current_class: Option<usize>,
    loop_depth: usize,
    /// Command-line option defaults by destination (`--host` → `host`).
    option_defaults: HashMap<String, ValueSet>,
    /// Current depth of `eval`, against [`MAX_EVAL_DEPTH`].
    eval_depth: std::cell::Cell<usize>,
    /// Current depth of `visit_expr`, against [`MAX_VISIT_DEPTH`].
    visit_depth: usize,
    /// The first expression left unvisited for its depth.
    too_deep: Option<TextRange>,
    findings: Vec<RawFinding>,
}

/// What an address's values say about where the listener binds.
#[derive(Clone, Debug)]
enum HostVerdict {
    /// An all-interfaces value written at `origin`.
    Wildcard {
        wildcard: Wildcard,
        origin: TextRange,
        provenance: Provenance,
    },
    /// `None` where the library means "every interface" by it.
    NoneMeansAll {
        origin: TextRange,
        provenance: Provenance,
    },
    /// The wildcard address `getaddrinfo(None, ..., AI_PASSIVE)` produced.
    Passive { origin: TextRange },
}

impl<'a> Analyzer<'a> {
    fn new(source: &'a str, file_name: &'a str) -> Analyzer<'a> {
        Analyzer {
            source,
            file_name,
            phase: Phase::CollectAttributes,
            scopes: Vec::new(),
            classes: Vec::new(),
            classes_seen: 0,
            star_modules: Vec::new(),
            pending: Vec::new(),
            statement: TextRange::default(),
            current_class: None,
            loop_depth: 0,
            option_defaults: HashMap::new(),
            eval_depth: std::cell::Cell::new(0),
            visit_depth: 0,
            too_deep: None,
            findings: Vec::new(),
        }
    }

    fn run(&mut self, suite: &'a [Stmt], phase: Phase) {
        self.phase = phase;
        self.scopes = vec![Scope::new(ScopeKind::Module)];
        self.classes_seen = 0;
        self.star_modules.clear();
        self.pending = vec![Vec::new()];
        self.current_class = None;
        self.loop_depth = 0;
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
            scope.bindings.insert(Rc::from(name), Rc::new(values));
        }
        let outer_class = self.current_class;
        let outer_loop_depth = self.loop_depth;
        if function.method_of.is_some() {
            self.current_class = function.method_of;
        }
        self.loop_depth = 0;
        self.scopes.push(scope);
        self.pending.push(Vec::new());
        self.exec_block(&function.definition.body);
        self.finish_frame();
        self.scopes.pop();
        self.current_class = outer_class;
        self.loop_depth = outer_loop_depth;
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
    fn exec_loop(
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

    fn define_function(&mut self, node: &'a StmtFunctionDef, method_of: Option<usize>) {
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
        let mut parameters = Vec::new();
        let parameters_in_order = node
            .parameters
            .posonlyargs
            .iter()
            .chain(&node.parameters.args)
            .chain(&node.parameters.kwonlyargs);
        for (index, parameter) in parameters_in_order.enumerate() {
            let name = parameter.parameter.name.as_str();
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
                        values
                    }
                }
                (None, Some(class)) if index == 0 && !is_static => {
                    ValueSet::one(Value::LocalInstance(class))
                }
                (None, _) => ValueSet::unknown(),
            };
            parameters.push((name.to_owned(), values));
        }
        for variadic in [&node.parameters.vararg, &node.parameters.kwarg]
            .into_iter()
            .flatten()
        {
            parameters.push((variadic.name.to_string(), ValueSet::unknown()));
        }
        self.bind(node.name.as_str(), ValueSet::unknown());
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

    /// A parameter's value from its default: a typer `Option(...)`/`Argument(...)` default, or
    /// a default under an `Annotated[..., typer.Option(...)]` annotation, is a command-line
    /// option's default; any other default is the literal value.
    fn parameter_default(&self, name: &str, default: &Expr, annotation: Option<&Expr>) -> ValueSet {
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
    fn is_typer_command(&self, decorator: &Expr) -> bool {
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

    fn is_typer_parameter(&self, func: &Expr) -> bool {
        self.eval(func).iter().any(|value| {
            matches!(value, Value::Symbol(symbol)
                if matches!(symbol.as_str(), "typer.Option" | "typer.Argument" | "typer.params.Option"))
        })
    }

    /// The parameter a `@click.option("--host", default=...)` decorator defines, with its
    /// default marked as the option's.
    fn click_option(&self, decorator: &Expr) -> Option<(String, ValueSet)> {
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
        let mut local_bases = Vec::new();
        let mut is_settings = false;
        if let Some(arguments) = &node.arguments {
            for base in &arguments.args {
                self.visit_expr(base);
                for value in self.eval(base).iter() {
                    let inherited = match value {
                        Value::Symbol(qualified) => {
                            is_settings |= SETTINGS_BASES.contains(&qualified.as_str());
                            sinks::is_catalogued_class(qualified).then(|| qualified.clone())
                        }
                        Value::LocalClass { id, sink_base } => {
                            local_bases.push(*id);
                            sink_base.clone()
                        }
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
        if let Some(class) = self.classes.get_mut(id) {
            class.bases = local_bases;
            class.sink_base = sink_base.clone();
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
            .insert(Rc::from(name), Rc::new(values));
    }

    fn snapshot(&mut self) -> Bindings {
        self.current_scope().bindings.clone()
    }

    fn restore(&mut self, bindings: Bindings) {
        self.current_scope().bindings = bindings;
    }

    /// Replaces the current bindings by the union of several branch outcomes. A name bound in
    /// only some branches may also be unbound: it gets an unknown value besides. Values that
    /// every branch shares (the same `Rc`) are kept as they are, and the first outcome is
    /// updated in place: only the names some branch changed are looked at twice.
    fn merge(&mut self, outcomes: Vec<Bindings>) {
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
    fn class_attribute(&self, id: usize, attribute: &str, depth: usize) -> Option<ValueSet> {
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

    // ----- evaluation -------------------------------------------------------------------------

    fn eval(&self, expr: &Expr) -> ValueSet {
        // Values worth tracking are shallow; a budget keeps pathological chains (`f()()()…` a
        // hundred thousand times) linear instead of quadratic, and off the end of the stack.
        let depth = self.eval_depth.get();
        if depth >= MAX_EVAL_DEPTH {
            return ValueSet::unknown();
        }
        self.eval_depth.set(depth + 1);
        let values = self.eval_unbounded(expr);
        self.eval_depth.set(depth);
        values
    }

    fn eval_unbounded(&self, expr: &Expr) -> ValueSet {
        match expr {
            Expr::StringLiteral(literal) => ValueSet::one(Value::Str {
                text: literal.value.to_str().to_owned(),
                origin: literal.range(),
                provenance: Provenance::Literal,
            }),
            Expr::BytesLiteral(literal) => {
                let bytes: Vec<u8> = literal.value.bytes().collect();
                ValueSet::one(Value::Str {
                    text: String::from_utf8_lossy(&bytes).into_owned(),
                    origin: literal.range(),
                    provenance: Provenance::Literal,
                })
            }
            Expr::FString(fstring) => self.eval_fstring(fstring),
            Expr::NoneLiteral(literal) => ValueSet::one(Value::None {
                origin: literal.range(),
                provenance: Provenance::Literal,
            }),
            Expr::BooleanLiteral(literal) => ValueSet::one(Value::Int(i64::from(literal.value))),
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
            Expr::Attribute(attribute) => self.eval_attribute(attribute),
            Expr::Subscript(subscript) => {
                let container = self.eval(&subscript.value);
                if container
                    .iter()
                    .any(|value| matches!(value, Value::Symbol(symbol) if symbol == "os.environ"))
                {
                    return external(&self.environment_description(&subscript.slice));
                }
                match integer_literal(&subscript.slice) {
                    Some(index) => container.index(index),
                    None => ValueSet::unknown(),
                }
            }
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
            Expr::BinOp(binary) => self.eval_binary(binary),
            Expr::Named(named) => self.eval(&named.value),
            Expr::Await(awaited) => self.eval(&awaited.value),
            _ => ValueSet::unknown(),
        }
    }

    fn eval_attribute(&self, attribute: &ast::ExprAttribute) -> ValueSet {
        let name = attribute.attr.as_str();
        let mut result = ValueSet::default();
        for owner in self.eval(&attribute.value).iter() {
            match owner {
                Value::Symbol(module) => result.insert(Value::Symbol(format!("{module}.{name}"))),
                Value::LocalInstance(id) | Value::LocalClass { id, .. } => {
                    match self.class_attribute(*id, name, 0) {
                        Some(values) => result.extend(values),
                        None => result.insert(Value::Unknown),
                    }
                }
                Value::ParsedArguments => result.extend(self.option_value(name)),
                // `args.host` where `args` came in as a parameter: the file's own `--host`
                // option is the likely source.
                Value::Unknown if self.option_defaults.contains_key(name) => {
                    result.extend(self.option_value(name));
                }
                _ => result.insert(Value::Unknown),
            }
        }
        result
    }

    /// The value of a parsed command-line option: its default, or whatever the user passes.
    fn option_value(&self, destination: &str) -> ValueSet {
        let description = format!("the `--{}` option", destination.replace('_', "-"));
        match self.option_defaults.get(destination) {
            Some(defaults) => defaults.clone().union(external(&description)),
            None => external(&description),
        }
    }

    fn eval_fstring(&self, fstring: &ast::ExprFString) -> ValueSet {
        let mut parts: Vec<Vec<StringPart>> = Vec::new();
        for part in fstring.value.iter() {
            match part {
                FStringPart::Literal(literal) => parts.push(vec![literal_part(&literal.value)]),
                FStringPart::FString(inner) => {
                    for element in inner.elements.iter() {
                        match element {
                            InterpolatedStringElement::Literal(literal) => {
                                parts.push(vec![literal_part(&literal.value)]);
                            }
                            InterpolatedStringElement::Interpolation(interpolation) => {
                                parts.push(StringPart::alternatives(
                                    &self.eval(&interpolation.expression),
                                ));
                            }
                        }
                    }
                }
            }
        }
        concatenate(&parts, fstring.range())
    }

    fn eval_binary(&self, binary: &ast::ExprBinOp) -> ValueSet {
        let left = self.eval(&binary.left);
        let right = self.eval(&binary.right);
        let has_string = |values: &ValueSet| {
            values
                .iter()
                .any(|value| matches!(value, Value::Str { .. }))
        };
        match binary.op {
            Operator::Add if has_string(&left) || has_string(&right) => concatenate(
                &[
                    StringPart::alternatives(&left),
                    StringPart::alternatives(&right),
                ],
                binary.range(),
            ),
            Operator::Mod if has_string(&left) => {
                let arguments: Vec<ValueSet> = match &*binary.right {
                    Expr::Tuple(tuple) => tuple.elts.iter().map(|item| self.eval(item)).collect(),
                    other => vec![self.eval(other)],
                };
                let mut result = ValueSet::default();
                for format in left.iter() {
                    if let Value::Str { text, .. } = format {
                        result.extend(concatenate(
                            &percent_format(text, &arguments),
                            binary.range(),
                        ));
                    }
                }
                result
            }
            Operator::BitOr => {
                let mut flags = Vec::new();
                for value in left.iter().chain(right.iter()) {
                    match value {
                        Value::Symbol(symbol) => flags.push(symbol.clone()),
                        Value::Flags(symbols) => flags.extend(symbols.iter().cloned()),
                        _ => {}
                    }
                }
                if flags.is_empty() {
                    ValueSet::unknown()
                } else {
                    ValueSet::one(Value::Flags(flags))
                }
            }
            _ => ValueSet::unknown(),
        }
    }

    fn eval_call(&self, call: &ExprCall) -> ValueSet {
        if let Expr::Attribute(attribute) = &*call.func {
            match attribute.attr.as_str() {
                "format" => {
                    let formats = self.eval(&attribute.value);
                    if formats
                        .iter()
                        .any(|value| matches!(value, Value::Str { .. }))
                    {
                        return self.brace_format(&formats, call);
                    }
                }
                "join" => {
                    if let (Some(separator), [items]) = (
                        single_text(&self.eval(&attribute.value)),
                        &*call.arguments.args,
                    ) && let Some(joined) = self.join(&separator, items, call.range())
                    {
                        return joined;
                    }
                }
                "parse_args" | "parse_known_args" => {
                    let parsed = ValueSet::one(Value::ParsedArguments);
                    return if attribute.attr.as_str() == "parse_known_args" {
                        ValueSet::one(Value::Tuple(vec![parsed, ValueSet::unknown()]))
                    } else {
                        parsed
                    };
                }
                _ => {}
            }
        }
        let mut result = ValueSet::default();
        for callee in self.eval(&call.func).iter() {
            match callee {
                Value::Symbol(qualified) => result.extend(self.call_symbol(qualified, call)),
                Value::LocalClass {
                    sink_base: Some(base),
                    ..
                } => result.extend(self.call_symbol(base, call)),
                Value::LocalClass { id, .. } => result.insert(Value::LocalInstance(*id)),
                _ => result.insert(Value::Unknown),
            }
        }
        // `getattr(socket, "SO_REUSEPORT", 15)`: the attribute, as written out.
        if let Expr::Name(name) = &*call.func
            && name.id.as_str() == "getattr"
            && let [owner, attribute, ..] = &*call.arguments.args
            && let Some(attribute) = single_text(&self.eval(attribute))
        {
            let mut symbols = ValueSet::default();
            for owner in self.eval(owner).iter() {
                if let Value::Symbol(module) = owner {
                    symbols.insert(Value::Symbol(format!("{module}.{attribute}")));
                }
            }
            if !symbols.is_unknown_only() && symbols.iter().next().is_some() {
                return symbols;
            }
        }
        if let Expr::Name(name) = &*call.func
            && matches!(name.id.as_str(), "str" | "int")
            && result.is_unknown_only()
            && let [argument] = &*call.arguments.args
        {
            // `str(port)` and `int("8080")` keep what matters for endpoints and ports.
            return self.eval(argument);
        }
        result
    }

    /// The value a call of the imported `qualified` callable returns.
    fn call_symbol(&self, qualified: &str, call: &ExprCall) -> ValueSet {
        if DEFAULT_WRAPPERS.contains(&qualified) {
            let position = (!qualified.starts_with("dataclasses.")).then_some(0);
            return match find_argument(call, position, "default", 0) {
                Argument::Given(expr) => self.eval(expr),
                _ => ValueSet::unknown(),
            };
        }
        if qualified == GETADDRINFO {
            return ValueSet::one(self.getaddrinfo_result(call));
        }
        if ENVIRONMENT_GETTERS.contains(&qualified) {
            let description = match call.arguments.args.first() {
                Some(key) => self.environment_description(key),
                None => "an environment variable".to_owned(),
            };
            let default = match find_argument(call, Some(1), "default", 0) {
                Argument::Given(expr) => self.eval(expr),
                _ => ValueSet::one(Value::None {
                    origin: call.range(),
                    provenance: Provenance::Literal,
                }),
            };
            return default
                .into_default_of(&description)
                .union(external(&description));
        }
        let value = match sinks::constructor(qualified) {
            Some(constructor) => Value::Instance {
                class: constructor.class.to_owned(),
                family: match constructor.family_argument {
                    Some(place) => match find_argument(call, place.position, place.keyword, 0) {
                        Argument::Given(expr) => self.socket_family(expr),
                        Argument::Omitted => Family::Ip,
                        Argument::Unknowable => Family::Unknown,
                    },
                    None => Family::Unknown,
                },
            },
            None => Value::Instance {
                class: qualified.to_owned(),
                family: Family::Unknown,
            },
        };
        ValueSet::one(value)
    }

    /// "the `HOST` environment variable", from the key expression.
    fn environment_description(&self, key: &Expr) -> String {
        match single_text(&self.eval(key)) {
            Some(name) => format!("the `{name}` environment variable"),
            None => "an environment variable".to_owned(),
        }
    }

    /// `"{}:{}".format(host, port)` and `"{host}:{port}".format(host=..., port=...)`.
    fn brace_format(&self, formats: &ValueSet, call: &ExprCall) -> ValueSet {
        let positional: Vec<ValueSet> = call
            .arguments
            .args
            .iter()
            .map(|argument| self.eval(argument))
            .collect();
        let named: HashMap<&str, ValueSet> = call
            .arguments
            .keywords
            .iter()
            .filter_map(|keyword| {
                keyword
                    .arg
                    .as_ref()
                    .map(|name| (name.as_str(), self.eval(&keyword.value)))
            })
            .collect();
        let mut result = ValueSet::default();
        for format in formats.iter() {
            if let Value::Str { text, .. } = format {
                result.extend(concatenate(
                    &brace_format_parts(text, &positional, &named),
                    call.range(),
                ));
            }
        }
        result
    }

    /// `":".join([host, str(port)])`.
    fn join(&self, separator: &str, items: &Expr, whole: TextRange) -> Option<ValueSet> {
        let (Expr::List(ast::ExprList { elts, .. }) | Expr::Tuple(ast::ExprTuple { elts, .. })) =
            items
        else {
            return None;
        };
        let mut parts = Vec::new();
        for (index, element) in elts.iter().enumerate() {
            if index > 0 {
                parts.push(vec![literal_part(separator)]);
            }
            parts.push(StringPart::alternatives(&self.eval(element)));
        }
        Some(concatenate(&parts, whole))
    }

    fn socket_family(&self, expr: &Expr) -> Family {
        let mut family = None;
        for value in self.eval(expr).iter() {
            let this = match value {
                // `socket.AF_INET` and `socket.AddressFamily.AF_INET` alike.
                Value::Symbol(qualified) => {
                    let name = qualified.rsplit('.').next().unwrap_or(qualified);
                    if IP_FAMILIES
                        .iter()
                        .any(|family| family.rsplit('.').next() == Some(name))
                    {
                        Family::Ip
                    } else if name.starts_with("AF_") {
                        Family::NotIp
                    } else {
                        Family::Unknown
                    }
                }
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
        let passive = match find_argument(call, Some(5), "flags", 0) {
            Argument::Given(flags) => self.mentions_symbol(flags, AI_PASSIVE),
            _ => false,
        };
        let mut host = ValueSet::default();
        match find_argument(call, Some(0), "host", 0) {
            Argument::Given(expr) => {
                for value in self.eval(expr).iter() {
                    match value {
                        Value::None { origin, .. } if passive => {
                            host.insert(Value::PassiveWildcard { origin: *origin });
                        }
                        Value::Str { .. } => host.insert(value.clone()),
                        _ => host.insert(Value::Unknown),
                    }
                }
            }
            _ => host.insert(Value::Unknown),
        }
        let port = match find_argument(call, Some(1), "port", 0) {
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

    /// True when `expr` (e.g. `AI_PASSIVE | AI_CANONNAME`, or a name holding it) names the
    /// symbol `qualified`.
    fn mentions_symbol(&self, expr: &Expr, qualified: &str) -> bool {
        let name = qualified.rsplit('.').next().unwrap_or(qualified);
        let matches = |symbol: &str| symbol == qualified || symbol.rsplit('.').next() == Some(name);
        self.eval(expr).iter().any(|value| match value {
            Value::Symbol(symbol) => matches(symbol),
            Value::Flags(symbols) => symbols.iter().any(|symbol| matches(symbol)),
            _ => false,
        })
    }

    // ----- sink detection ---------------------------------------------------------------------

    fn check_call(&mut self, call: &'a ExprCall) {
        if self.phase != Phase::Detect {
            self.record_option_default(call);
            return;
        }
        // (sink, receiver family, positional shift): the shift is 1 for `Base.__init__(self, …)`.
        let mut candidates: Vec<(&'static SinkSpec, Family, usize)> = Vec::new();
        let mut add = |sink: &'static SinkSpec, family: Family, shift: usize| {
            if !candidates
                .iter()
                .any(|(known, _, _)| std::ptr::eq(*known, sink))
            {
                candidates.push((sink, family, shift));
            }
        };
        match &*call.func {
            Expr::Attribute(attribute) if attribute.attr.as_str() == "__init__" => {
                // `super().__init__(address, ...)` in a class deriving from a catalogued server,
                // or `socketserver.TCPServer.__init__(self, address, ...)`.
                if let Expr::Call(inner) = &*attribute.value
                    && matches!(&*inner.func, Expr::Name(name) if name.id.as_str() == "super")
                {
                    if let Some(base) = self
                        .current_class
                        .and_then(|id| self.classes.get(id))
                        .and_then(|class| class.sink_base.clone())
                    {
                        for sink in sinks::function_sinks(&base) {
                            add(sink, Family::Unknown, 0);
                        }
                    }
                } else {
                    for owner in self.eval(&attribute.value).iter() {
                        let Some(base) = owner.qualified_callee() else {
                            continue;
                        };
                        for sink in sinks::function_sinks(base) {
                            add(sink, Family::Unknown, 1);
                        }
                    }
                }
            }
            Expr::Attribute(attribute) => {
                let method = attribute.attr.as_str();
                for receiver in self.eval(&attribute.value).iter() {
                    match receiver {
                        Value::Symbol(module) => {
                            let qualified = format!("{module}.{method}");
                            for sink in sinks::function_sinks(&qualified) {
                                add(sink, Family::Unknown, 0);
                            }
                        }
                        Value::Instance { class, family } => {
                            let mut typed = sinks::method_sinks(class, method).peekable();
                            if typed.peek().is_some() {
                                for sink in typed {
                                    add(sink, *family, 0);
                                }
                            } else if !is_non_ip_module(class) {
                                for sink in sinks::unknown_receiver_sinks(method) {
                                    add(sink, *family, 0);
                                }
                            }
                        }
                        Value::Unknown | Value::External(_) | Value::LocalInstance(_) => {
                            for sink in sinks::unknown_receiver_sinks(method) {
                                add(sink, Family::Unknown, 0);
                            }
                        }
                        _ => {}
                    }
                }
                if method == "setsockopt" {
                    self.check_reuse_port_option(call);
                }
            }
            func => {
                for callee in self.eval(func).iter() {
                    let Some(qualified) = callee.qualified_callee() else {
                        continue;
                    };
                    for sink in sinks::function_sinks(qualified) {
                        add(sink, Family::Unknown, 0);
                    }
                }
            }
        }
        for (sink, family, shift) in candidates {
            if family != Family::NotIp {
                let display = self.display_name(call, sink);
                self.check_sink(call, sink, &display, shift);
            }
        }
    }

    /// Records `parser.add_argument("--host", default=...)` (and optparse's `add_option`).
    fn record_option_default(&mut self, call: &ExprCall) {
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

    fn check_sink(
        &mut self,
        call: &'a ExprCall,
        sink: &'static SinkSpec,
        display: &str,
        shift: usize,
    ) {
        let mut given = None;
        let mut unknowable = false;
        for address in sink.addresses {
            match find_argument(call, address.place.position, address.place.keyword, shift) {
                Argument::Given(expr) => {
                    given = Some((address.shape, expr));
                    break;
                }
                Argument::Unknowable => unknowable = true,
                Argument::Omitted => {}
            }
        }
        // A `.bind("<Return>", ...)` on an unknown receiver is not a listener at all: only
        // report BND100 for calls whose address has the row's shape.
        let is_listener = match given {
            Some((shape, expr)) => {
                sink.receiver != sinks::Receiver::AnyUnknown
                    || self.has_shape(&self.eval(expr), shape)
            }
            None => sink.receiver != sinks::Receiver::AnyUnknown,
        };
        if !is_listener {
            return;
        }
        self.report(
            Rule::AnyListener,
            call.range(),
            None,
            None,
            format!("{display} listens on a network port (audit)"),
        );
        self.check_hardcoded_port(call, sink, display, given, shift);
        if call.arguments.keywords.iter().any(|keyword| {
            keyword
                .arg
                .as_ref()
                .is_some_and(|name| name.as_str() == "reuse_port")
                && self
                    .eval(&keyword.value)
                    .iter()
                    .any(|value| *value == Value::Int(1))
        }) {
            self.report(
                Rule::SharedPort,
                call.range(),
                None,
                None,
                format!("{display} sets reuse_port=True: another process can bind the same port and take its traffic"),
            );
        }
        let Some((shape, argument)) = given else {
            if unknowable {
                return;
            }
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
                    call.range(),
                    None,
                    None,
                    format!(
                        "{display} is called without a host, so it listens on all network interfaces"
                    ),
                );
            }
            return;
        };
        let values = self.eval(argument);
        let underline = match (shape, argument) {
            (
                AddressShape::SocketAddress | AddressShape::SocketAddressOrEndpoint,
                Expr::Tuple(tuple),
            ) if !tuple.elts.is_empty() => tuple.elts[0].range(),
            _ => argument.range(),
        };
        if let Some(verdict) = self.host_verdict(&values, shape, sink.falsy_host) {
            self.report_verdict(verdict, sink.rule, display, call.range(), underline);
        }
    }

    /// Reports what a host verdict says, under the rule it deserves.
    fn report_verdict(
        &mut self,
        verdict: HostVerdict,
        explicit_rule: Rule,
        display: &str,
        range: TextRange,
        underline: TextRange,
    ) {
        let configuration = match &verdict {
            HostVerdict::Wildcard {
                provenance: Provenance::ConfigurationDefault(source),
                ..
            }
            | HostVerdict::NoneMeansAll {
                provenance: Provenance::ConfigurationDefault(source),
                ..
            } => Some(source.clone()),
            _ => None,
        };
        let (rule, origin, message) = match verdict {
            HostVerdict::Wildcard {
                wildcard,
                origin,
                provenance: Provenance::ConfigurationDefault(source),
            } => (
                Rule::ConfigurableAllInterfaces,
                origin,
                format!(
                    "{display} listens on all network interfaces by default: {} ({}) is the default of {source}",
                    self.written(origin),
                    wildcard.describe()
                ),
            ),
            HostVerdict::Wildcard {
                wildcard: Wildcard::NoInterface,
                origin,
                ..
            } => (
                Rule::ImplicitAllInterfaces,
                origin,
                format!(
                    "{display} gets {}, so it listens on all network interfaces",
                    Wildcard::NoInterface.describe()
                ),
            ),
            HostVerdict::Wildcard {
                wildcard, origin, ..
            } => (
                explicit_rule,
                origin,
                format!(
                    "{display} listens on all network interfaces: {} is {}",
                    self.written(origin),
                    wildcard.describe()
                ),
            ),
            HostVerdict::NoneMeansAll {
                origin,
                provenance: Provenance::ConfigurationDefault(source),
            } => (
                Rule::ConfigurableAllInterfaces,
                origin,
                format!(
                    "{display} listens on all network interfaces by default: {source} defaults to None, which means every interface here"
                ),
            ),
            HostVerdict::NoneMeansAll { origin, .. } => (
                Rule::ImplicitAllInterfaces,
                origin,
                format!("{display} gets host None, so it listens on all network interfaces"),
            ),
            HostVerdict::Passive { origin } => (
                explicit_rule,
                origin,
                format!(
                    "{display} listens on all network interfaces: the address comes from getaddrinfo(None, ..., AI_PASSIVE)"
                ),
            ),
        };
        self.report(rule, range, Some(underline), Some(origin), message);
        if rule == Rule::ConfigurableAllInterfaces
            && let Some(reported) = self.findings.last_mut()
        {
            reported.configuration = configuration;
        }
    }

    /// The first all-interfaces verdict among `values`, read as `shape`.
    fn host_verdict(
        &self,
        values: &ValueSet,
        shape: AddressShape,
        falsy_host: FalsyHost,
    ) -> Option<HostVerdict> {
        for value in values.iter() {
            let verdict = match (shape, value) {
                (
                    AddressShape::SocketAddress | AddressShape::SocketAddressOrEndpoint,
                    Value::Tuple(items),
                ) if (2..=4).contains(&items.len()) => {
                    self.host_verdict(&items[0], AddressShape::Host, FalsyHost::AsWritten)
                }
                (AddressShape::SocketAddress, _) => None,
                (AddressShape::Host | AddressShape::HostOrStar, Value::Tuple(items)) => items
                    .iter()
                    .find_map(|item| self.host_verdict(item, shape, falsy_host)),
                (
                    AddressShape::Host | AddressShape::HostOrStar,
                    Value::Str {
                        text,
                        origin,
                        provenance,
                    },
                ) if !(text.is_empty() && falsy_host == FalsyHost::Loopback) => classify_host(text)
                    .or_else(|| {
                        (shape == AddressShape::HostOrStar && text == "*").then_some(Wildcard::Star)
                    })
                    .map(|wildcard| HostVerdict::Wildcard {
                        wildcard,
                        origin: *origin,
                        provenance: provenance.clone(),
                    }),
                (
                    AddressShape::Host | AddressShape::HostOrStar,
                    Value::None { origin, provenance },
                ) if falsy_host == FalsyHost::AllInterfaces => Some(HostVerdict::NoneMeansAll {
                    origin: *origin,
                    provenance: provenance.clone(),
                }),
                (AddressShape::Host, Value::PassiveWildcard { origin }) => {
                    Some(HostVerdict::Passive { origin: *origin })
                }
                (AddressShape::Endpoint, Value::Tuple(items)) => items
                    .iter()
                    .find_map(|item| self.host_verdict(item, shape, FalsyHost::AsWritten)),
                (
                    AddressShape::Endpoint
                    | AddressShape::SocketAddressOrEndpoint
                    | AddressShape::SchemeEndpoint
                    | AddressShape::TwistedDescription,
                    Value::Str {
                        text,
                        origin,
                        provenance,
                    },
                ) => {
                    let wildcard = match shape {
                        // waitress' `listen` takes several endpoints separated by spaces.
                        AddressShape::Endpoint | AddressShape::SocketAddressOrEndpoint => text
                            .split_whitespace()
                            .find_map(|endpoint| classify_endpoint(endpoint, false)),
                        AddressShape::SchemeEndpoint => text
                            .contains("://")
                            .then(|| classify_endpoint(text, true))
                            .flatten(),
                        _ => classify_twisted_description(text),
                    };
                    wildcard.map(|wildcard| HostVerdict::Wildcard {
                        wildcard,
                        origin: *origin,
                        provenance: provenance.clone(),
                    })
                }
                _ => None,
            };
            if verdict.is_some() {
                return verdict;
            }
        }
        None
    }

    /// True when some value has the shape a row expects (a tuple for socket addresses, an
    /// endpoint-like string for endpoints): what makes `.bind(...)` on an unknown receiver a
    /// listener rather than a tkinter event binding.
    fn has_shape(&self, values: &ValueSet, shape: AddressShape) -> bool {
        values.iter().any(|value| match (shape, value) {
            (AddressShape::SocketAddress, Value::Tuple(items)) => (2..=4).contains(&items.len()),
            (AddressShape::SchemeEndpoint, Value::Str { text, .. }) => {
                text.split_once("://").is_some_and(|(scheme, _)| {
                    matches!(
                        scheme,
                        "tcp" | "udp" | "pgm" | "epgm" | "ws" | "wss" | "vmci"
                    )
                })
            }
            (AddressShape::SchemeEndpoint | AddressShape::SocketAddress, _) => false,
            _ => true,
        })
    }

    /// BND101: a port that is a number in the code, other than 0.
    fn check_hardcoded_port(
        &mut self,
        call: &ExprCall,
        sink: &SinkSpec,
        display: &str,
        given: Option<(AddressShape, &Expr)>,
        shift: usize,
    ) {
        let mut ports = ValueSet::default();
        if let Some(place) = sink.port
            && let Argument::Given(expr) = find_argument(call, place.position, place.keyword, shift)
        {
            ports.extend(self.eval(expr));
        }
        if let Some((shape, expr)) = given {
            for value in self.eval(expr).iter() {
                match (shape, value) {
                    (
                        AddressShape::SocketAddress | AddressShape::SocketAddressOrEndpoint,
                        Value::Tuple(items),
                    ) if (2..=4).contains(&items.len()) => ports.extend(items[1].clone()),
                    (_, Value::Str { text, .. }) => {
                        if let Some(port) = endpoint_port(text) {
                            ports.insert(Value::Int(port));
                        }
                    }
                    _ => {}
                }
            }
        }
        if let Some(port) = ports.iter().find_map(|value| match value {
            Value::Int(port) if (1..=65535).contains(port) => Some(*port),
            _ => None,
        }) {
            self.report(
                Rule::HardcodedPort,
                call.range(),
                None,
                None,
                format!("{display} listens on port {port}, written in the code"),
            );
        }
    }

    /// BND102: `setsockopt(SOL_SOCKET, SO_REUSEPORT, 1)`.
    fn check_reuse_port_option(&mut self, call: &ExprCall) {
        let [_, option, value, ..] = &*call.arguments.args else {
            return;
        };
        // SO_REUSEPORT is 15 on Linux.
        let is_reuse_port = self.mentions_symbol(option, SO_REUSEPORT)
            || self
                .eval(option)
                .iter()
                .any(|value| *value == Value::Int(15));
        let enables = self
            .eval(value)
            .iter()
            .any(|value| matches!(value, Value::Int(number) if *number != 0));
        if is_reuse_port && enables {
            self.report(
                Rule::SharedPort,
                call.range(),
                None,
                None,
                "setsockopt(SO_REUSEPORT) lets another process bind the same port and take its traffic".to_owned(),
            );
        }
    }

    /// Checks an assignment against the settings of the catalogue (`c.ServerApp.ip = "*"`,
    /// `bind = "0.0.0.0:8000"` in a gunicorn config, `config.bind = [...]`).
    fn check_setting_assignment(&mut self, target: &Expr, value: &Expr, values: &ValueSet) {
        if self.phase != Phase::Detect {
            return;
        }
        let at_module_level = self.scopes.len() == 1;
        for setting in SETTINGS {
            let applies = match (setting.target, target) {
                (SettingTarget::ModuleVariable { name, file_names }, Expr::Name(target)) => {
                    at_module_level
                        && target.id.as_str() == name
                        && file_names.contains(&self.file_name)
                }
                (
                    SettingTarget::ConfigurableAttribute {
                        class_suffix,
                        attribute,
                    },
                    Expr::Attribute(target),
                ) => {
                    target.attr.as_str() == attribute
                        && matches!(&*target.value, Expr::Attribute(class)
                            if class.attr.as_str().ends_with(class_suffix))
                }
                (SettingTarget::ObjectAttribute { owner, attribute }, Expr::Attribute(target)) => {
                    target.attr.as_str() == attribute
                        && self.eval(&target.value).iter().any(|value| match value {
                            Value::Symbol(symbol) => symbol == owner,
                            Value::Instance { class, .. } => class == owner,
                            _ => false,
                        })
                }
                _ => false,
            };
            if applies {
                let statement = self.statement;
                self.check_setting(setting, values, statement, value.range());
                return;
            }
        }
    }

    /// Checks a dict literal's keys against the settings (`{"bind": "0.0.0.0:8000"}`).
    fn check_setting_keys(&mut self, dict: &ast::ExprDict) {
        for item in &dict.items {
            let Some(Expr::StringLiteral(key)) = &item.key else {
                continue;
            };
            let key_text = key.value.to_str();
            if let Some(setting) = SETTINGS
                .iter()
                .find(|setting| matches!(setting.target, SettingTarget::DictKey(known) if known == key_text))
            {
                let values = self.eval(&item.value);
                self.check_setting(
                    setting,
                    &values,
                    TextRange::new(key.start(), item.value.end()),
                    item.value.range(),
                );
            }
        }
    }

    fn check_setting(
        &mut self,
        setting: &SettingSink,
        values: &ValueSet,
        range: TextRange,
        underline: TextRange,
    ) {
        // A `"bind"` key is a listening address only when its value looks like one (docker-py's
        // volume dicts have `"bind": "/container/path"`).
        if matches!(setting.target, SettingTarget::DictKey(_))
            && setting.shape == AddressShape::Endpoint
            && !values.iter().any(|value| match value {
                Value::Str { text, .. } => {
                    endpoint_port(text).is_some() || text.contains(UNKNOWN_PART)
                }
                Value::Tuple(items) => items.iter().any(|item| {
                    item.iter().any(|value| {
                        matches!(value, Value::Str { text, .. } if endpoint_port(text).is_some())
                    })
                }),
                _ => false,
            })
        {
            return;
        }
        self.report(
            Rule::AnyListener,
            range,
            None,
            None,
            format!("{} sets a listening address (audit)", setting.display),
        );
        if let Some(verdict) = self.host_verdict(values, setting.shape, FalsyHost::AsWritten) {
            self.report_verdict(
                verdict,
                Rule::ServerAllInterfaces,
                setting.display,
                range,
                underline,
            );
        }
    }

    fn report(
        &mut self,
        rule: Rule,
        range: TextRange,
        underline: Option<TextRange>,
        origin: Option<TextRange>,
        message: String,
    ) {
        let statement = self.statement;
        self.findings.push(RawFinding {
            rule,
            call_range: range,
            statement_range: statement,
            host_range: underline,
            host_text: origin.map(|origin| self.written(origin).to_owned()),
            origin: origin.filter(|origin| !statement.contains_range(*origin)),
            message,
            configuration: None,
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
    fn visit_expr_within_budget(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Call(call) => {
                self.check_call(call);
                walk_expr(self, expr);
            }
            Expr::Dict(dict) => {
                if self.phase == Phase::Detect {
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

/// Where an argument was found.
enum Argument<'e> {
    /// Passed, as this expression.
    Given(&'e Expr),
    /// Not passed.
    Omitted,
    /// Maybe passed through `*args` or `**kwargs`.
    Unknowable,
}

/// Finds the argument at `position` (receiver excluded, plus `shift` for an explicit `self`) or
/// named `keyword`.
fn find_argument<'e>(
    call: &'e ExprCall,
    position: Option<usize>,
    keyword: &str,
    shift: usize,
) -> Argument<'e> {
    let arguments = &call.arguments;
    if let Some(found) = arguments.find_keyword(keyword) {
        return Argument::Given(&found.value);
    }
    if let Some(position) = position.map(|position| position + shift) {
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

/// An integer literal, possibly negated (iteratively: `- - - … 1` may be a million deep).
fn integer_literal(expr: &Expr) -> Option<i64> {
    let mut negated = false;
    let mut current = expr;
    loop {
        match current {
            Expr::NumberLiteral(literal) => {
                let Number::Int(int) = &literal.value else {
                    return None;
                };
                let value = int.as_i64()?;
                return Some(if negated { value.checked_neg()? } else { value });
            }
            Expr::UnaryOp(unary) if unary.op == UnaryOp::USub => {
                negated = !negated;
                current = &unary.operand;
            }
            _ => return None,
        }
    }
}

/// The one string a value set holds, if it holds exactly one known string.
fn single_text(values: &ValueSet) -> Option<String> {
    let mut texts = values.iter().filter_map(|value| match value {
        Value::Str { text, .. } if !text.contains(UNKNOWN_PART) => Some(text.clone()),
        _ => None,
    });
    let first = texts.next()?;
    texts.next().is_none().then_some(first)
}

/// A literal piece of a built string.
fn literal_part(text: &str) -> StringPart {
    StringPart {
        text: text.to_owned(),
        origin: None,
        provenance: Provenance::Literal,
    }
}

/// The set holding one configuration value read at run time.
fn external(description: &str) -> ValueSet {
    ValueSet::one(Value::External(description.to_owned()))
}

/// The parts of `format % arguments`: `%s`, `%d`, `%r`, `%i` take the arguments in order;
/// `%%` is a percent sign.
fn percent_format(format: &str, arguments: &[ValueSet]) -> Vec<Vec<StringPart>> {
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut next_argument = arguments.iter();
    let mut characters = format.chars().peekable();
    while let Some(character) = characters.next() {
        if character != '%' {
            literal.push(character);
            continue;
        }
        if characters.peek() == Some(&'%') {
            characters.next();
            literal.push('%');
            continue;
        }
        // Skip a mapping key, flags, width and precision up to the conversion letter.
        for skipped in characters.by_ref() {
            if skipped.is_ascii_alphabetic() {
                break;
            }
        }
        parts.push(vec![literal_part(&std::mem::take(&mut literal))]);
        parts.push(match next_argument.next() {
            Some(values) => StringPart::alternatives(values),
            None => StringPart::alternatives(&ValueSet::unknown()),
        });
    }
    parts.push(vec![literal_part(&literal)]);
    parts
}

/// The parts of `format.format(*positional, **named)`.
fn brace_format_parts(
    format: &str,
    positional: &[ValueSet],
    named: &HashMap<&str, ValueSet>,
) -> Vec<Vec<StringPart>> {
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut automatic = 0;
    let mut characters = format.chars().peekable();
    while let Some(character) = characters.next() {
        match character {
            '{' if characters.peek() == Some(&'{') => {
                characters.next();
                literal.push('{');
            }
            '}' if characters.peek() == Some(&'}') => {
                characters.next();
                literal.push('}');
            }
            '{' => {
                let mut field = String::new();
                for inner in characters.by_ref() {
                    if inner == '}' {
                        break;
                    }
                    field.push(inner);
                }
                let name = field.split([':', '!', '.', '[']).next().unwrap_or_default();
                let values = if name.is_empty() {
                    automatic += 1;
                    positional.get(automatic - 1)
                } else if let Ok(index) = name.parse::<usize>() {
                    positional.get(index)
                } else {
                    named.get(name)
                };
                parts.push(vec![literal_part(&std::mem::take(&mut literal))]);
                parts.push(StringPart::alternatives(
                    &values.cloned().unwrap_or_else(ValueSet::unknown),
                ));
            }
            other => literal.push(other),
        }
    }
    parts.push(vec![literal_part(&literal)]);
    parts
}

/// The port of an endpoint string (`"0.0.0.0:8000"` → 8000).
fn endpoint_port(endpoint: &str) -> Option<i64> {
    let authority = endpoint.rsplit("://").next().unwrap_or(endpoint);
    let authority = authority.split('/').next().unwrap_or(authority);
    let (_, port) = authority.rsplit_once(':')?;
    port.parse().ok()
}

/// The string literals among a call's positional arguments (`"--host", "-H"`).
fn string_arguments(call: &ExprCall) -> Vec<String> {
    call.arguments
        .args
        .iter()
        .filter_map(|argument| match argument {
            Expr::StringLiteral(literal) => Some(literal.value.to_str().to_owned()),
            _ => None,
        })
        .collect()
}

/// Names every module has, which a `from module import *` does not provide.
fn is_builtin(name: &str) -> bool {
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

/// True for objects of modules whose sockets are never IP sockets.
fn is_non_ip_module(class: &str) -> bool {
    let module = class.split('.').next().unwrap_or(class);
    NON_IP_SOCKET_MODULES.contains(&module)
}
