//! Objects and their kinds: what a constructor call makes (attributes its arguments decide, which
//! override class and dataclass defaults), what parameters hold by their annotations, by the
//! file's own calls (`serve(tornado.web.Application(...))`) or by a library's injection point
//! (`task.react(main)` gives `main` a twisted reactor), and what the file's factory functions
//! return. An object given to a function whose body already ran in the pass makes the passes
//! run again.
//!
//! Constructor arguments are matched to attributes two ways: the fields of a dataclass-like class
//! (annotated class attributes, by order and keyword), and `self.attribute = parameter` at the
//! top of `__init__`. Either holds only when no other method assigns the attribute; otherwise the
//! class's attributes, which merge every assignment, stand.
//!
//! `self` in a method is an instance of its class *or of any subclass* ([`Value::LocalInstance`]),
//! so `self.address` also holds what subclasses of the file set `address` to: `class
//! V6(Server): address = "::"` is reported at the listener in `Server`'s method (the call that
//! listens), with the subclass's `"::"` as the origin. A constructed object (`Server()`) is
//! exactly its class ([`Value::Constructed`]) and reads no subclass's value.
//!
//! Factories: a function's returned objects (servers, applications, sockets, loops; not strings
//! or numbers, which would make most files need another detection pass) are its calls' values,
//! in this module and, through the module summary, in others.

use ruff_python_ast::visitor::{Visitor, walk_stmt};
use ruff_python_ast::{self as ast, Expr, ExprCall, Stmt, StmtClassDef};

use super::arguments::Found;
use super::calls::{Argument, find_argument};
use super::{Analyzer, ConstructorField};
use crate::project::Depth;
use crate::python::values::{CallArguments, CalleeValue, Value, ValueSet};
use crate::rules::sinks::{self, FIELD_CLASS_BASES, FIELD_CLASS_DECORATORS, INJECTION_POINTS};

/// The most objects the file's calls give one function's parameters.
const MAX_GIVEN: usize = 16;

impl<'a> Analyzer<'a> {
    /// Records what a library's injection point passes the function it is given
    /// (`task.react(main)`: `main`'s first parameter is the reactor).
    pub(super) fn record_injection(&mut self, call: &ExprCall) {
        let name = match &*call.func {
            Expr::Attribute(attribute) => attribute.attr.as_str(),
            Expr::Name(name) => name.id.as_str(),
            _ => return,
        };
        // Most calls are not injection points: compare the name before evaluating anything.
        if !INJECTION_POINTS
            .iter()
            .any(|point| point.callee.rsplit('.').next() == Some(name))
        {
            return;
        }
        for callee in self.eval(&call.func).iter() {
            let Value::Symbol(qualified) = callee else {
                continue;
            };
            for point in INJECTION_POINTS
                .iter()
                .filter(|point| point.callee == qualified)
            {
                let Argument::Given(function) =
                    find_argument(call, point.function.position, point.function.keyword, 0)
                else {
                    continue;
                };
                for value in self.eval(function).iter() {
                    if let Value::LocalFunction(id) = value {
                        self.give_object(
                            *id,
                            point.parameter,
                            Value::Symbol(point.object.to_owned()),
                        );
                    }
                }
            }
        }
    }

    /// Records the objects a call of the file's functions passes them (`start(loop)` with
    /// `loop = asyncio.new_event_loop()`): their parameters hold those objects too. Only
    /// objects and imported names are given, not strings or numbers, which the functions'
    /// summaries judge at the call.
    pub(super) fn record_given_objects(&mut self, callee: &CalleeValue, arguments: &CallArguments) {
        for value in callee.values.iter() {
            let Value::LocalFunction(id) = value else {
                continue;
            };
            let Some(function) = self.functions.get(*id as usize) else {
                continue;
            };
            let mut given = Vec::new();
            for (index, parameter) in function.parameters.iter().enumerate() {
                let keyword = parameter.keyword.as_deref().unwrap_or_default();
                if let Found::Given(passed) = arguments.find(parameter.position, keyword, 0) {
                    for object in passed.values.iter() {
                        if matches!(
                            object,
                            Value::LocalInstance(_)
                                | Value::Constructed { .. }
                                | Value::ProjectInstance { .. }
                        ) || matches!(
                            object,
                            Value::Symbol(qualified) | Value::Instance { class: qualified, .. }
                                if self.may_lead_to_a_listener(qualified)
                        ) {
                            given.push((index, object.clone()));
                        }
                    }
                }
            }
            for (index, object) in given {
                self.give_object(*id, index, object);
            }
        }
    }

    /// True when an imported name (or an instance of an imported class, or what an imported
    /// function returned) given to a function may matter there: it is (or is a
    /// package or module of) something the catalogue knows, a listener, a constructor, a
    /// launcher, a thread, or a reactor (`socket`, `twisted.internet.reactor`, `uvicorn.run`),
    /// or it names something in a module of the project. A constant (`socket.AF_INET`) or a
    /// function of a library the catalogue does not know (`os.path.join`) is passed to
    /// helpers everywhere, and giving it would only cost the file another pass.
    fn may_lead_to_a_listener(&self, qualified: &str) -> bool {
        static PREFIXES: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
            std::sync::LazyLock::new(|| {
                let names = sinks::SINKS
                    .iter()
                    .filter(|sink| sink.receiver == sinks::Receiver::Function)
                    .map(|sink| sink.callee)
                    .chain(sinks::SINKS.iter().filter_map(|sink| match sink.receiver {
                        sinks::Receiver::Instance(class) => Some(class),
                        _ => None,
                    }))
                    .chain(sinks::CONSTRUCTORS.iter().map(|row| row.callee))
                    .chain(sinks::CONSTRUCTORS.iter().map(|row| row.class))
                    .chain(sinks::CALL_FORWARDERS.iter().map(|row| row.callee))
                    .chain(sinks::PARTIALS.iter().copied())
                    .chain(INJECTION_POINTS.iter().map(|point| point.object))
                    .chain(
                        crate::rules::commands::LAUNCHERS
                            .iter()
                            .map(|row| row.callee),
                    );
                let mut prefixes = std::collections::HashSet::new();
                for name in names {
                    prefixes.insert(name);
                    for (end, _) in name.match_indices('.') {
                        prefixes.insert(&name[..end]);
                    }
                }
                prefixes
            });
        PREFIXES.contains(qualified) || self.names_project_module(qualified)
    }

    /// Gives parameter `index` of function `id` the object `object` (at most [`MAX_GIVEN`]
    /// objects per function).
    fn give_object(&mut self, id: u32, index: usize, object: Value) {
        let given = self.given_objects.entry(id).or_default();
        let entry = (index, object);
        if given.contains(&entry) || given.len() >= MAX_GIVEN {
            return;
        }
        given.push(entry);
        if self.functions_run.contains(&id) {
            self.given_late = true;
        }
    }

    /// The object a parameter's annotation says it holds: an instance of an imported class
    /// (`app: web.Application`, `loop: asyncio.AbstractEventLoop`) or of a class of the
    /// project.
    pub(super) fn annotated_kind(&self, annotation: &Expr) -> ValueSet {
        let mut kinds = ValueSet::default();
        for value in self.eval(annotation).iter() {
            match value {
                Value::Symbol(qualified) => kinds.insert(Value::Instance {
                    class: sinks::constructor(qualified)
                        .map_or(qualified.as_str(), |constructor| constructor.class)
                        .to_owned(),
                    family: crate::python::values::Family::Unknown,
                }),
                Value::LocalClass {
                    id,
                    sink_base: None,
                } => {
                    kinds.insert(Value::LocalInstance(*id));
                }
                Value::ProjectClass {
                    module,
                    class,
                    sink_base: None,
                } => kinds.insert(Value::ProjectInstance {
                    module: module.clone(),
                    class: *class,
                    attributes: Vec::new(),
                }),
                _ => {}
            }
        }
        kinds
    }

    /// Records what a `return` of the running function gives its callers, when it is an object
    /// whose kind matters (a server, an application, a socket, an event loop).
    pub(super) fn record_return(&mut self, values: &ValueSet) {
        let Some(function) = self.current_function else {
            return;
        };
        let Some(info) = self.functions.get_mut(function as usize) else {
            return;
        };
        for value in values.iter() {
            if matches!(
                value,
                Value::Instance { .. }
                    | Value::LocalInstance(_)
                    | Value::Constructed { .. }
                    | Value::ProjectInstance { .. }
            ) && !info.returns.iter().any(|known| known == value)
            {
                info.returns.insert(value.clone());
            }
        }
    }

    /// What a call of the file's function `id` returns: the objects it was seen to return, or
    /// unknown.
    pub(super) fn returned(&self, id: u32) -> ValueSet {
        match self.consult(id) {
            Some(function) if function.returns.iter().next().is_some() => function.returns.clone(),
            _ => ValueSet::unknown(),
        }
    }

    /// What a call of function `function` of the project's module `module` returns.
    pub(super) fn project_returned(&self, module: &str, function: u32) -> ValueSet {
        self.project
            .and_then(|project| project.summary(module, Depth::Full))
            .and_then(|summary| summary.functions.get(function as usize).cloned())
            .map(|exported| exported.returns)
            .filter(|returns| returns.iter().next().is_some())
            .unwrap_or_else(ValueSet::unknown)
    }

    /// The object a call of the file's class `class` makes, with the attributes its arguments
    /// decide.
    pub(super) fn construct(&self, class: usize, call: &ExprCall) -> Value {
        let Some(info) = self.classes.get(class) else {
            return Value::LocalInstance(class);
        };
        Value::Constructed {
            class,
            attributes: self.constructed_attributes(&info.constructor, call),
        }
        .bounded()
    }

    /// The object a call of class `class` of the project's module `module` makes.
    pub(super) fn construct_project(&self, module: &str, class: u32, call: &ExprCall) -> Value {
        let attributes = self
            .project
            .and_then(|project| project.summary(module, Depth::Full))
            .and_then(|summary| {
                summary
                    .classes
                    .get(class as usize)
                    .map(|exported| self.constructed_attributes(&exported.constructor, call))
            })
            .unwrap_or_default();
        Value::ProjectInstance {
            module: module.to_owned(),
            class,
            attributes,
        }
        .bounded()
    }

    /// The attributes a constructor call sets: each field's argument, or its default.
    fn constructed_attributes(
        &self,
        fields: &[ConstructorField],
        call: &ExprCall,
    ) -> Vec<(String, ValueSet)> {
        if fields.is_empty() {
            return Vec::new();
        }
        let arguments = self.evaluate_arguments(call);
        let mut attributes = Vec::new();
        for field in fields {
            let keyword = field.keyword.as_deref().unwrap_or_default();
            match arguments.find(field.position, keyword, 0) {
                Found::Given(passed) => {
                    attributes.push((field.attribute.clone(), passed.values.clone()));
                }
                Found::Omitted => {
                    if let Some(default) = &field.default {
                        attributes.push((field.attribute.clone(), default.clone()));
                    }
                }
                Found::Unknowable => {}
            }
        }
        attributes
    }

    /// How a class's constructor sets its attributes: its dataclass-like fields, or the
    /// `self.attribute = parameter` statements at the top of its `__init__`. `bases` are the
    /// class's local bases; `decorated`/`field_base` say whether the class is dataclass-like.
    pub(super) fn constructor_fields(
        &self,
        node: &StmtClassDef,
        bases: &[usize],
        field_base: Option<bool>,
    ) -> Vec<ConstructorField> {
        let assigned = assigned_attributes(node);
        let decorated = node.decorator_list.iter().any(|decorator| {
            let callee = match &decorator.expression {
                Expr::Call(call) => &*call.func,
                other => other,
            };
            self.eval(callee).iter().any(|value| {
                matches!(value, Value::Symbol(qualified) if FIELD_CLASS_DECORATORS.contains(&qualified.as_str()))
            })
        });
        let inherited_fields = bases
            .iter()
            .filter_map(|base| self.classes.get(*base))
            .find(|base| base.has_fields)
            .map(|base| base.constructor.clone());
        if decorated || field_base.is_some() || inherited_fields.is_some() {
            let positional = field_base.unwrap_or(true);
            let mut fields = inherited_fields.unwrap_or_default();
            for statement in &node.body {
                let Stmt::AnnAssign(assignment) = statement else {
                    continue;
                };
                let Expr::Name(name) = &*assignment.target else {
                    continue;
                };
                if mentions_class_variable(&assignment.annotation) {
                    continue;
                }
                let attribute = name.id.to_string();
                fields.retain(|field| field.attribute != attribute);
                fields.push(ConstructorField {
                    position: None,
                    keyword: Some(attribute.clone()),
                    default: None,
                    attribute,
                });
            }
            for (index, field) in fields.iter_mut().enumerate() {
                field.position = positional.then_some(index);
            }
            // `__post_init__` or another method may set the field again.
            fields.retain(|field| !assigned.contains(&field.attribute));
            return fields;
        }
        self.initialiser_fields(node, &assigned)
    }

    /// `self.attribute = parameter` at the top of `__init__`, for attributes no other statement
    /// of the class's methods assigns.
    fn initialiser_fields(
        &self,
        node: &StmtClassDef,
        assigned: &[String],
    ) -> Vec<ConstructorField> {
        let Some(initialiser) = node.body.iter().find_map(|statement| match statement {
            Stmt::FunctionDef(function) if function.name.as_str() == "__init__" => Some(function),
            _ => None,
        }) else {
            return Vec::new();
        };
        let parameters = &initialiser.parameters;
        let in_order: Vec<&ast::ParameterWithDefault> = parameters
            .posonlyargs
            .iter()
            .chain(&parameters.args)
            .chain(&parameters.kwonlyargs)
            .collect();
        let Some(receiver) = in_order.first().map(|first| first.parameter.name.as_str()) else {
            return Vec::new();
        };
        let positional = parameters.posonlyargs.len() + parameters.args.len();
        let mut fields = Vec::new();
        for statement in &initialiser.body {
            let Stmt::Assign(assignment) = statement else {
                continue;
            };
            let ([Expr::Attribute(target)], Expr::Name(value)) =
                (&*assignment.targets, &*assignment.value)
            else {
                continue;
            };
            if !matches!(&*target.value, Expr::Name(owner) if owner.id.as_str() == receiver) {
                continue;
            }
            let attribute = target.attr.as_str();
            if assigned.iter().filter(|name| *name == attribute).count() != 1 {
                continue;
            }
            let Some(index) = in_order
                .iter()
                .position(|parameter| parameter.parameter.name.as_str() == value.id.as_str())
            else {
                continue;
            };
            let parameter = in_order[index];
            let default = match &parameter.default {
                Some(default) => self.eval(default),
                None => ValueSet::unknown(),
            };
            fields.push(ConstructorField {
                attribute: attribute.to_owned(),
                // The receiver is not passed by callers.
                position: (index < positional).then(|| index.checked_sub(1)).flatten(),
                keyword: (index >= parameters.posonlyargs.len())
                    .then(|| parameter.parameter.name.to_string()),
                default: Some(default),
            });
        }
        fields
    }

    /// Whether the class's bases make it dataclass-like: `Some(positional)` for a base in the
    /// catalogue's field classes.
    pub(super) fn field_base(&self, node: &StmtClassDef) -> Option<bool> {
        let arguments = node.arguments.as_ref()?;
        arguments.args.iter().find_map(|base| {
            self.eval(base).iter().find_map(|value| match value {
                Value::Symbol(qualified) => FIELD_CLASS_BASES
                    .iter()
                    .find(|(known, _)| known == qualified)
                    .map(|(_, positional)| *positional),
                _ => None,
            })
        })
    }

    /// An attribute of an instance of class `id` or of one of its subclasses (`self` in a
    /// method): the class's own, plus what subclasses of the file set it to (`class V6(Server):
    /// address = "::"`).
    pub(super) fn instance_attribute(&self, id: usize, name: &str) -> Option<ValueSet> {
        let mut values = self.class_attribute(id, name, 0);
        // The file's subclasses of the class, found through each class's own list: most
        // classes have none, and an attribute is read far more often than a class defined.
        let mut derived: Vec<usize> = Vec::new();
        let mut class = id;
        let mut visited = 0;
        loop {
            for subclass in self
                .classes
                .get(class)
                .map_or(&[][..], |info| &info.subclasses)
            {
                if *subclass != id && !derived.contains(subclass) && derived.len() < MAX_SUBCLASSES
                {
                    derived.push(*subclass);
                }
            }
            let Some(next) = derived.get(visited) else {
                break;
            };
            class = *next;
            visited += 1;
        }
        for subclass in derived {
            if let Some(overridden) = self
                .classes
                .get(subclass)
                .and_then(|class| class.attributes.get(name))
            {
                values
                    .get_or_insert_with(ValueSet::default)
                    .extend(overridden.clone());
            }
        }
        values
    }
}

/// How many subclasses of one class an attribute read looks into.
const MAX_SUBCLASSES: usize = 256;

/// Attributes assigned on a method's receiver anywhere in a class's methods (one entry per
/// assignment).
fn assigned_attributes(node: &StmtClassDef) -> Vec<String> {
    let mut collector = AssignedAttributes {
        receiver: String::new(),
        names: Vec::new(),
    };
    for statement in &node.body {
        if let Stmt::FunctionDef(function) = statement
            && let Some(receiver) = function
                .parameters
                .posonlyargs
                .iter()
                .chain(&function.parameters.args)
                .next()
        {
            collector.receiver = receiver.parameter.name.to_string();
            for inner in &function.body {
                collector.visit_stmt(inner);
            }
        }
    }
    collector.names
}

/// Collects `receiver.attribute` assignment targets.
struct AssignedAttributes {
    receiver: String,
    names: Vec<String>,
}

impl AssignedAttributes {
    fn target(&mut self, target: &Expr) {
        match target {
            Expr::Attribute(attribute) if matches!(&*attribute.value, Expr::Name(owner) if owner.id.as_str() == self.receiver) =>
            {
                self.names.push(attribute.attr.to_string());
            }
            Expr::Tuple(tuple) => tuple.elts.iter().for_each(|element| self.target(element)),
            Expr::List(list) => list.elts.iter().for_each(|element| self.target(element)),
            Expr::Starred(starred) => self.target(&starred.value),
            _ => {}
        }
    }
}

impl<'b> Visitor<'b> for AssignedAttributes {
    fn visit_stmt(&mut self, statement: &'b Stmt) {
        match statement {
            Stmt::Assign(assignment) => {
                for target in &assignment.targets {
                    self.target(target);
                }
            }
            Stmt::AnnAssign(assignment) => self.target(&assignment.target),
            Stmt::AugAssign(assignment) => self.target(&assignment.target),
            Stmt::For(loop_statement) => self.target(&loop_statement.target),
            Stmt::With(with) => {
                for item in &with.items {
                    if let Some(target) = &item.optional_vars {
                        self.target(target);
                    }
                }
            }
            _ => {}
        }
        walk_stmt(self, statement);
    }

    // Expressions hold no statements worth visiting (lambdas cannot assign attributes).
    fn visit_expr(&mut self, _expr: &'b Expr) {}
}

/// True for `ClassVar[...]` annotations, which are not fields.
fn mentions_class_variable(annotation: &Expr) -> bool {
    match annotation {
        Expr::Subscript(subscript) => mentions_class_variable(&subscript.value),
        Expr::Name(name) => name.id.as_str() == "ClassVar",
        Expr::Attribute(attribute) => attribute.attr.as_str() == "ClassVar",
        Expr::StringLiteral(literal) => literal.value.to_str().contains("ClassVar"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_variables_are_not_fields() {
        let parsed = ruff_python_parser::parse_expression("ClassVar[str]").expect("valid");
        assert!(mentions_class_variable(parsed.expr()));
        let parsed = ruff_python_parser::parse_expression("str").expect("valid");
        assert!(!mentions_class_variable(parsed.expr()));
    }

    #[test]
    fn assignments_in_every_method_are_counted() {
        let source = "class S:\n    def __init__(self, host):\n        self.host = host\n    def reset(this):\n        this.host, this.port = '0.0.0.0', 1\n";
        let parsed = ruff_python_parser::parse_module(source).expect("valid");
        let Some(Stmt::ClassDef(class)) = parsed.suite().first() else {
            panic!("a class");
        };
        let names = assigned_attributes(class);
        assert_eq!(names, vec!["host", "host", "port"]);
    }
}
