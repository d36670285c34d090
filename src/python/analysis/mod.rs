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
//! - this file: the analysis state ([`Analyzer`]'s fields, scopes, classes), the two passes and
//!   the reporting of findings;
//! - `statements`: executing statements (assignments, imports, definitions, branches, loops)
//!   and the visitor that walks expressions for calls and dict literals;
//! - `scopes`: names and their values, branch snapshots and merges, assignment targets, class
//!   attributes;
//! - `expressions`: what an expression may evaluate to;
//! - `configuration`: command-line option and environment defaults;
//! - `calls`: matching a call against the sink catalogue and judging its address;
//! - `settings`: settings the catalogue knows (assignments and dict keys);
//! - `launch`: servers started as command lines (`subprocess`, `os.system`, Django's
//!   `call_command`), read through [`crate::rules::commands`];
//! - `listening`: binds that make no listener (SPEC 3.3c: free-port probes, client ports,
//!   settings where the library does not read them, abstract event loops);
//! - `option_tables`: Twisted `usage.Options` option tables and their defaults.

mod calls;
mod configuration;
mod expressions;
mod launch;
mod listening;
mod option_tables;
mod scopes;
mod settings;
mod statements;

use std::collections::HashMap;
use std::rc::Rc;

use rustc_hash::FxHashMap;

use ruff_python_ast::{Stmt, StmtFunctionDef};
use ruff_text_size::TextRange;

use crate::python::values::ValueSet;
use crate::rules::Rule;

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
}

impl<'a> Analyzer<'a> {
    pub(super) fn new(source: &'a str, file_name: &'a str) -> Analyzer<'a> {
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
            twisted_options: HashMap::new(),
            body: &[],
            application_sections: Vec::new(),
            socket_verdicts: std::cell::RefCell::new(HashMap::new()),
            eval_depth: std::cell::Cell::new(0),
            visit_depth: 0,
            too_deep: None,
            findings: Vec::new(),
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
        self.body = suite;
        self.exec_block(suite);
        self.finish_frame();
    }

    /// Runs the functions defined in the frame that just ended.
    pub(super) fn finish_frame(&mut self) {
        let functions = self.pending.pop().unwrap_or_default();
        for function in functions {
            self.run_function(function);
        }
    }

    pub(super) fn run_function(&mut self, function: PendingFunction<'a>) {
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
        let outer_body = std::mem::replace(&mut self.body, &function.definition.body);
        self.exec_block(&function.definition.body);
        self.body = outer_body;
        self.finish_frame();
        self.scopes.pop();
        self.current_class = outer_class;
        self.loop_depth = outer_loop_depth;
    }

    pub(super) fn report(
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
        });
    }

    /// The source text of a range.
    pub(super) fn written(&self, range: TextRange) -> &'a str {
        self.source.get(range.to_std_range()).unwrap_or_default()
    }
}
