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
//!
//! Where each concern lives:
//! - this file: the analysis state ([`Analyzer`]'s fields, scopes, classes), the passes and
//!   the reporting of findings;
//! - `statements`: executing statements (assignments, imports, definitions, branches, loops)
//!   and the visitor that walks expressions for calls and dict literals;
//! - `scopes`: names and their values, branch snapshots and merges, assignment targets, class
//!   attributes;
//! - `expressions`: what an expression may evaluate to;
//! - `configuration`: command-line option and environment defaults;
//! - `calls`: matching a call against the sink catalogue and judging its address;
//! - `settings`: settings the catalogue knows (assignments and dict keys);
//! - `arguments`: a call's arguments evaluated (`*`/`**` spread), dicts, `functools.partial`;
//! - `objects`: constructed objects and their attributes, annotations, factories' returns,
//!   subclasses' attributes, injection points;
//! - `wrappers`: summaries of the file's functions (which parameter reaches which sink) and the
//!   calls judged against them: where a summary is made and where it is applied;
//! - `imports`: names imported from the repository's other modules, looked up in the project
//!   ([`crate::project`]): where an import is resolved;
//! - `export`: what this module gives the modules that import it (its summary).
//! - `launch`: servers started as command lines (`subprocess`, `os.system`, Django's
//!   `call_command`), read through [`crate::rules::commands`];
//! - `listening`: binds that make no listener (SPEC 3.3c: free-port probes, client ports,
//!   settings where the library does not read them, abstract event loops);
//! - `option_tables`: Twisted `usage.Options` option tables and their defaults.

mod arguments;
mod calls;
mod configuration;
mod export;
mod expressions;
mod imports;
mod launch;
mod listening;
mod objects;
mod option_tables;
mod scopes;
mod settings;
mod statements;
mod wrappers;

use std::collections::HashMap;
use std::rc::Rc;

use rustc_hash::FxHashMap;

use ruff_python_ast::visitor::{Visitor, walk_expr, walk_stmt};
use ruff_python_ast::{Stmt, StmtFunctionDef};
use ruff_text_size::{Ranged, TextRange};

use crate::project::{Depth, ModuleSummary, Project};
use crate::python::values::{Value, ValueSet};
use crate::rules::Rule;
use crate::rules::sinks::{AddressShape, FalsyHost};

/// A finding in the source, before it is located in lines and columns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawFinding {
    /// The rule it falls under.
    pub rule: Rule,
    /// The callee (or setting) as messages name it (`uvicorn.run()`, `serve()`): part of what
    /// identifies the listener across versions (SPEC 4).
    pub callee: String,
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
    /// For a call of a wrapper: the calls from the wrapper down to the listening call.
    pub chain: Vec<ChainStep>,
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

/// Finds every listening call of `suite` that a rule reports, in source order. `path` names the
/// file in messages; its file name decides file-specific settings such as a gunicorn config's
/// `bind`.
///
/// With a `project`, names imported from the repository's other modules are followed there.
pub fn find_listeners(
    suite: &[Stmt],
    source: &str,
    path: &str,
    project: Option<&Project>,
) -> Listeners {
    let mut analyzer = Analyzer::new(source, path, project);
    // Following every parameter passed to another module's function would summarise most of
    // the modules a large tree's files import; a file with no all-interfaces literal rarely
    // needs it (its own wrappers' callers, elsewhere, are judged from their own literals).
    analyzer.weak_lookups = crate::project::holds_wildcard_literal(source.as_bytes());
    analyzer.run_passes(suite);
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

/// The summary of a module another module imports: what its names hold once it has run, and
/// its functions' and classes' summaries, with every position moved to global offsets from
/// `base`.
pub fn summarise_module(
    suite: &[Stmt],
    source: &str,
    path: &str,
    base: u32,
    depth: Depth,
    project: &Project,
) -> ModuleSummary {
    let mut analyzer = Analyzer::new(source, path, Some(project));
    analyzer.skip_function_bodies = depth == Depth::Names;
    analyzer.run_passes(suite);
    let mut summary = analyzer.export(base);
    summary.full = depth == Depth::Full;
    summary
}

/// The names a function's body calls, bare (`helper()`) or as an attribute (`self.helper()`),
/// nested functions' calls included.
fn names_called_in(definition: &StmtFunctionDef) -> Vec<&str> {
    struct CallNames<'b> {
        names: Vec<&'b str>,
        depth: usize,
    }
    impl<'b> Visitor<'b> for CallNames<'b> {
        fn visit_expr(&mut self, expr: &'b ruff_python_ast::Expr) {
            // Only the order of running depends on this: very deep expressions are cut short.
            if self.depth > MAX_CALL_NAME_DEPTH {
                return;
            }
            if let ruff_python_ast::Expr::Call(call) = expr {
                match &*call.func {
                    ruff_python_ast::Expr::Name(name) => self.names.push(name.id.as_str()),
                    ruff_python_ast::Expr::Attribute(attribute) => {
                        self.names.push(attribute.attr.as_str());
                    }
                    _ => {}
                }
            }
            self.depth += 1;
            walk_expr(self, expr);
            self.depth -= 1;
        }
        fn visit_stmt(&mut self, stmt: &'b Stmt) {
            if self.depth > MAX_CALL_NAME_DEPTH {
                return;
            }
            self.depth += 1;
            walk_stmt(self, stmt);
            self.depth -= 1;
        }
    }
    let mut collector = CallNames {
        names: Vec::new(),
        depth: 0,
    };
    collector.visit_body(&definition.body);
    collector.names.sort_unstable();
    collector.names.dedup();
    collector.names
}

/// How deep [`names_called_in`] descends into statements and expressions.
const MAX_CALL_NAME_DEPTH: usize = 200;

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

/// How many detection passes learn summaries before the last one reports: enough for a chain
/// of wrappers defined in the worst order three levels deep; deeper chains defined in that
/// order are followed as far as the passes reach.
const MAX_DETECT_PASSES: usize = 4;

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
    /// Local classes that name this one as a base (in any pass).
    subclasses: Vec<usize>,
    /// The catalogued class it derives from, e.g. `socketserver.TCPServer`.
    sink_base: Option<String>,
    /// The attributes its constructor's arguments set (see `objects`).
    constructor: Vec<ConstructorField>,
    /// True for a dataclass-like class, whose subclasses inherit its fields.
    has_fields: bool,
}

/// An attribute a class's constructor sets from one of its arguments.
#[derive(Clone, Debug)]
pub struct ConstructorField {
    /// The attribute.
    pub attribute: String,
    /// The argument's position (the receiver excluded), if it may be passed by position.
    pub position: Option<usize>,
    /// The argument's keyword, if it may be passed by keyword.
    pub keyword: Option<String>,
    /// The value when the argument is omitted (the parameter's default); `None` where the
    /// class attribute is the default (a dataclass field).
    pub default: Option<ValueSet>,
}

/// What the analysis knows about a function or method of the file: how callers pass its
/// parameters, and which of them reach a sink (its summary).
#[derive(Debug)]
struct FunctionInfo {
    /// Parameters in order (`self` included), as callers may pass them.
    parameters: Vec<ParameterInfo>,
    /// Which parameters reach which sinks.
    flows: Vec<ParameterFlow>,
    /// The objects it returns (a factory's server or application).
    returns: ValueSet,
}

impl FunctionInfo {
    /// How much the summary holds: it only grows within a file's passes.
    fn learned(&self) -> usize {
        self.flows.len() + self.returns.iter().count()
    }
}

/// How a caller passes one parameter.
#[derive(Clone, Debug)]
pub struct ParameterInfo {
    /// The parameter's name.
    pub name: String,
    /// Its position among a call's arguments (the bound receiver excluded), if it may be passed
    /// by position.
    pub position: Option<usize>,
    /// Its name as a keyword, if it may be passed by keyword.
    pub keyword: Option<String>,
}

/// One line of a function's summary: parameter `index` reaches the address of a sink.
#[derive(Clone, Debug, PartialEq)]
pub struct ParameterFlow {
    /// The parameter's index in the function's parameter list.
    pub index: usize,
    /// How the sink reads the parameter's value (a host, an endpoint string, an address tuple).
    pub shape: AddressShape,
    /// What a falsy value means to the sink.
    pub falsy_host: FalsyHost,
    /// The text around the parameter when the sink gets a string built from it
    /// (`f"tcp://{host}:5555"`), as (before, after).
    pub template: Option<(String, String)>,
    /// The rule an explicit all-interfaces value falls under at the sink.
    pub rule: Rule,
    /// The calls from this function down to the sink: what each calls and where the call is.
    pub chain: Vec<ChainStep>,
    /// For a flow through a `**kwargs` parameter: the keyword the sink reads from it (callers
    /// pass the value as `keyword=...`).
    pub keyword: Option<String>,
}

/// One call on the way from a wrapper to the sink it wraps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainStep {
    /// The callee as messages name it (`uvicorn.run()`, `serve()`).
    pub callee: String,
    /// Where the call is.
    pub site: TextRange,
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
    /// The repository's other modules, when they can be read.
    project: Option<&'a Project>,
    source: &'a str,
    /// The file's path, as messages name it.
    path: &'a str,
    /// The file's name without directories.
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
    /// Twisted `usage.Options` defaults by option name, read as `options["port"]`.
    twisted_options: HashMap<String, ValueSet>,
    /// The body of the running function (or the module), where a bound socket's uses are.
    body: &'a [Stmt],
    /// Dict literals that are an application's config section (see `listening`).
    application_sections: Vec<TextRange>,
    /// Whether the socket a name holds in a body may listen, by (body, name) (see
    /// `listening`).
    socket_verdicts: std::cell::RefCell<HashMap<(usize, usize, String), bool>>,
    /// Current depth of `eval`, against [`MAX_EVAL_DEPTH`].
    eval_depth: std::cell::Cell<usize>,
    /// Current depth of `visit_expr`, against [`MAX_VISIT_DEPTH`].
    visit_depth: usize,
    /// The first expression left unvisited for its depth.
    too_deep: Option<TextRange>,
    findings: Vec<RawFinding>,
    /// The file's functions and methods, in the order their definitions were first met.
    functions: Vec<FunctionInfo>,
    /// Function ids by where their definitions start: ids are the same in every pass.
    function_ids: FxHashMap<ruff_text_size::TextSize, u32>,
    /// The chain that findings reported now carry (set while a wrapper's call is judged).
    reporting_chain: Vec<ChainStep>,
    /// True while names imported from the project's other modules are looked up: while a
    /// sink's address is evaluated, or a call that may pass one is judged.
    resolving_imports: std::cell::Cell<bool>,
    /// Functions are defined but their bodies not run (a names-only summary).
    skip_function_bodies: bool,
    /// Calls that pass only an empty string, `None` or a parameter of the function being
    /// summarised look their callee up in other modules too (see `wrappers`): in the summary
    /// of another module, and in a file that holds an all-interfaces literal somewhere.
    weak_lookups: bool,
    /// The function whose body is running, for its returns.
    current_function: Option<u32>,
    /// Objects the file's functions are given, by function id: (parameter index, object), from
    /// injection points (`task.react(main)`) and from the file's own calls (`start(loop)`).
    given_objects: FxHashMap<u32, Vec<(usize, Value)>>,
    /// The functions whose bodies have run in this pass.
    functions_run: rustc_hash::FxHashSet<u32>,
    /// True when this pass gave an object to a function whose body had already run: another
    /// pass lets the body see it.
    given_late: bool,
    /// The summaries of the file's functions read in this pass, by function id, with how much
    /// each held when first read ([`FunctionInfo::learned`]). A summary that grew after it was
    /// read was read too early: another pass reads it whole.
    consulted: std::cell::RefCell<FxHashMap<u32, usize>>,
    /// The names each function of the file calls, by the start of its definition (see
    /// [`Analyzer::callees_first`]).
    called_names: FxHashMap<ruff_text_size::TextSize, Vec<&'a str>>,
}

impl<'a> Analyzer<'a> {
    pub(super) fn new(
        source: &'a str,
        path: &'a str,
        project: Option<&'a Project>,
    ) -> Analyzer<'a> {
        Analyzer {
            project,
            source,
            path,
            file_name: path.rsplit('/').next().unwrap_or(path),
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
            twisted_options: HashMap::new(),
            body: &[],
            application_sections: Vec::new(),
            socket_verdicts: std::cell::RefCell::new(HashMap::new()),
            eval_depth: std::cell::Cell::new(0),
            visit_depth: 0,
            too_deep: None,
            findings: Vec::new(),
            functions: Vec::new(),
            function_ids: FxHashMap::default(),
            reporting_chain: Vec::new(),
            resolving_imports: std::cell::Cell::new(false),
            skip_function_bodies: false,
            weak_lookups: true,
            current_function: None,
            given_objects: FxHashMap::default(),
            functions_run: rustc_hash::FxHashSet::default(),
            given_late: false,
            consulted: std::cell::RefCell::new(FxHashMap::default()),
            called_names: FxHashMap::default(),
        }
    }

    /// The passes over a module: attributes first (when there can be any), then detection,
    /// repeated while a summary was read before it was whole. A pass that learns a new summary
    /// (a parameter of a function of the file reaching a sink, an object it returns) may have
    /// judged calls of that function already: running again until every summary read was read
    /// whole follows wrappers of wrappers in any order of definition, and a file whose calls
    /// never read a summary too early runs once.
    fn run_passes(&mut self, suite: &'a [Stmt]) {
        if may_collect_anything(self.source) {
            self.run(suite, Phase::CollectAttributes);
        }
        for _ in 0..MAX_DETECT_PASSES {
            self.findings.clear();
            self.run(suite, Phase::Detect);
            if !self.read_too_early() && !self.given_late {
                break;
            }
        }
    }

    pub(super) fn run(&mut self, suite: &'a [Stmt], phase: Phase) {
        self.phase = phase;
        self.scopes = vec![Scope::new(ScopeKind::Module)];
        self.classes_seen = 0;
        self.star_modules.clear();
        self.pending = vec![Vec::new()];
        self.current_class = None;
        self.loop_depth = 0;
        self.functions_run.clear();
        self.given_late = false;
        self.consulted.get_mut().clear();
        self.body = suite;
        self.exec_block(suite);
        self.finish_frame();
    }

    /// Runs the functions defined in the frame that just ended.
    pub(super) fn finish_frame(&mut self) {
        let functions = self.pending.pop().unwrap_or_default();
        if self.skip_function_bodies {
            return;
        }
        for function in self.callees_first(functions) {
            self.run_function(function);
        }
    }

    /// The frame's functions in an order that runs a function after the frame's functions it
    /// calls (by name: `helper()`, `self.helper()`), in definition order otherwise. A body
    /// that reads the summary of a function yet to run reads it before it is whole and costs
    /// the file another pass; helpers are usually defined after their callers.
    fn callees_first(&mut self, functions: Vec<PendingFunction<'a>>) -> Vec<PendingFunction<'a>> {
        if functions.len() < 2 {
            return functions;
        }
        let mut by_name: FxHashMap<&'a str, Vec<usize>> = FxHashMap::default();
        for (index, function) in functions.iter().enumerate() {
            by_name
                .entry(function.definition.name.as_str())
                .or_default()
                .push(index);
        }
        let calls: Vec<Vec<usize>> = functions
            .iter()
            .enumerate()
            .map(|(index, function)| {
                let names = self
                    .called_names
                    .entry(function.definition.start())
                    .or_insert_with(|| names_called_in(function.definition));
                let mut callees: Vec<usize> = names
                    .iter()
                    .filter_map(|name| by_name.get(name))
                    .flatten()
                    .copied()
                    .filter(|callee| *callee != index)
                    .collect();
                callees.sort_unstable();
                callees.dedup();
                callees
            })
            .collect();
        // Depth-first, callees before callers; a cycle is broken where it is met.
        let mut order = Vec::with_capacity(functions.len());
        let mut state = vec![0u8; functions.len()]; // 0 new, 1 open, 2 placed
        for root in 0..functions.len() {
            if state[root] != 0 {
                continue;
            }
            let mut stack = vec![(root, 0usize)];
            state[root] = 1;
            while let Some((node, next)) = stack.last_mut() {
                if let Some(&callee) = calls[*node].get(*next) {
                    *next += 1;
                    if state[callee] == 0 {
                        state[callee] = 1;
                        stack.push((callee, 0));
                    }
                } else {
                    state[*node] = 2;
                    order.push(*node);
                    stack.pop();
                }
            }
        }
        let mut slots: Vec<Option<PendingFunction<'a>>> = functions.into_iter().map(Some).collect();
        order
            .into_iter()
            .filter_map(|index| slots.get_mut(index).and_then(Option::take))
            .collect()
    }

    pub(super) fn run_function(&mut self, function: PendingFunction<'a>) {
        let mut scope = Scope::new(ScopeKind::Function);
        let id = self.function_ids.get(&function.definition.start()).copied();
        if let Some(id) = id {
            self.functions_run.insert(id);
        }
        let given = id
            .and_then(|id| self.given_objects.get(&id))
            .cloned()
            .unwrap_or_default();
        for (index, (name, mut values)) in function.parameters.into_iter().enumerate() {
            for (parameter, object) in &given {
                if *parameter == index {
                    values.insert(object.clone());
                }
            }
            scope.bindings.insert(Rc::from(name), Rc::new(values));
        }
        let outer_function = std::mem::replace(&mut self.current_function, id);
        let outer_class = self.current_class;
        let outer_loop_depth = self.loop_depth;
        if function.method_of.is_some() {
            self.current_class = function.method_of;
        }
        self.loop_depth = 0;
        self.scopes.push(scope);
        self.pending.push(Vec::new());
        let outer_body = std::mem::replace(&mut self.body, &function.definition.body);
        self.exec_block(&function.definition.body);
        self.body = outer_body;
        self.finish_frame();
        self.scopes.pop();
        self.current_class = outer_class;
        self.loop_depth = outer_loop_depth;
        self.current_function = outer_function;
    }

    pub(super) fn report(
        &mut self,
        rule: Rule,
        callee: &str,
        range: TextRange,
        underline: Option<TextRange>,
        origin: Option<TextRange>,
        message: String,
    ) {
        let statement = self.statement;
        self.findings.push(RawFinding {
            rule,
            callee: callee.to_owned(),
            call_range: range,
            statement_range: statement,
            host_range: underline,
            host_text: origin.map(|origin| self.written(origin)),
            origin: origin.filter(|origin| !statement.contains_range(*origin)),
            message,
            chain: self.reporting_chain.clone(),
            configuration: None,
        });
    }

    /// How much the passes have learnt about the file's functions: their summaries' flows and
    /// the objects they return. A pass that learns more may have passed calls that now read
    /// differently.
    /// The summary of the file's function `id`, noted as read in this pass.
    fn consult(&self, id: u32) -> Option<&FunctionInfo> {
        let function = self.functions.get(id as usize)?;
        self.consulted
            .borrow_mut()
            .entry(id)
            .or_insert_with(|| function.learned());
        Some(function)
    }

    /// True when a summary read in this pass grew after it was read: the calls that read it
    /// judged a part of it, and another pass judges them against the whole.
    fn read_too_early(&self) -> bool {
        self.consulted.borrow().iter().any(|(id, seen)| {
            self.functions
                .get(*id as usize)
                .is_some_and(|function| function.learned() != *seen)
        })
    }

    /// The source text of a range, in this file or (for a global range) in the module of the
    /// project it lies in.
    pub(super) fn written(&self, range: TextRange) -> String {
        if let Some((module, local)) = self.project.and_then(|project| project.locate(range)) {
            return module
                .text
                .get(local.to_std_range())
                .unwrap_or_default()
                .to_owned();
        }
        self.source
            .get(range.to_std_range())
            .unwrap_or_default()
            .to_owned()
    }
}
