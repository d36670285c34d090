//! The abstract values the analysis tracks for names, attributes and expressions.
//!
//! A name holds a [`ValueSet`]: every value it may have at that point (may-analysis across
//! branches). Only what matters for finding listeners is tracked: strings (hosts and endpoints)
//! with the place they were written, `None`, small integers, tuples, imported symbols, typed
//! objects (sockets, event loops, instances of classes of the file). Everything else is
//! [`Value::Unknown`], which never produces a finding.

use ruff_text_size::TextRange;

/// The socket family a socket object was created with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    /// `AF_INET` or `AF_INET6` (or the default, `AF_INET`).
    Ip,
    /// A known non-IP family: `AF_UNIX`, `AF_NETLINK`, `AF_PACKET`, `AF_CAN`, ...
    NotIp,
    /// Not known (a variable, e.g. the family `getaddrinfo` returned).
    Unknown,
}

/// Where a value comes from: written in the code, or the default of some configuration that
/// can override it (which makes an all-interfaces value a BND004 finding).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Provenance {
    /// Written in the code.
    Literal,
    /// The default of a configuration source, described for messages ("the `HOST` environment
    /// variable", "the `--host` option").
    ConfigurationDefault(String),
}

/// One possible value of an expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A string or bytes literal (or one built from literals) and where it was written.
    Str {
        /// The value. Parts that could not be resolved are [`UNKNOWN_PART`].
        text: String,
        /// Where the literal is in the source (for built strings, the part that decides the
        /// host when known, else the whole expression).
        origin: TextRange,
        /// Literal, or a configuration's default.
        provenance: Provenance,
    },
    /// `None`, and where it was written.
    None {
        /// Where the `None` is in the source.
        origin: TextRange,
        /// Literal, or a configuration's default.
        provenance: Provenance,
    },
    /// A value read from configuration at run time (an environment variable, a command-line
    /// option): unknown, never a finding, but it makes the fallback of `value or DEFAULT` a
    /// configuration default.
    External(String),
    /// Several flag constants or-ed together (`AI_PASSIVE | AI_CANONNAME`), by qualified name.
    Flags(Vec<String>),
    /// The namespace `parser.parse_args()` returns; its attributes are the options' defaults.
    ParsedArguments,
    /// An integer literal.
    Int(i64),
    /// A tuple, list or set literal, element by element.
    Tuple(Vec<ValueSet>),
    /// A sequence of unknown length whose elements may be these (e.g. `getaddrinfo` results).
    Sequence(Box<ValueSet>),
    /// An imported module, function, class or constant, by qualified name (`socket.AF_INET`).
    Symbol(String),
    /// An object of a known class (`socket.socket`, an event loop, or whatever an imported
    /// callable returns, named after it).
    Instance {
        /// Qualified class name, or the qualified callable that produced it.
        class: String,
        /// The socket family, for sockets.
        family: Family,
    },
    /// A class defined in this file.
    LocalClass {
        /// Index into the analysis' class table.
        id: usize,
        /// The catalogued base class it derives from, e.g. `socketserver.TCPServer`.
        sink_base: Option<String>,
    },
    /// An instance of a class defined in this file (`self` inside its methods).
    LocalInstance(usize),
    /// The wildcard address `getaddrinfo(None, port, ..., AI_PASSIVE)` produces; the origin is
    /// the `None` host.
    PassiveWildcard {
        /// Where the `None` host of the `getaddrinfo` call is.
        origin: TextRange,
    },
    /// A parameter of a function of this file, while its body runs: unknown for findings, but
    /// followed into sinks so that the function's summary says which parameter reaches which
    /// sink (see [`parameter_marker`] for its form inside built strings).
    Parameter {
        /// The function, by its index in the analysis' function table.
        function: u32,
        /// The parameter's index in the function's parameter list (`self` included).
        index: u32,
    },
    /// A function or method defined in this file, by its index in the function table.
    LocalFunction(u32),
    /// A function or method of another module of the project.
    ProjectFunction {
        /// The module's path.
        module: String,
        /// Its index in the module's exported functions.
        function: u32,
    },
    /// A class of another module of the project.
    ProjectClass {
        /// The module's path.
        module: String,
        /// Its index in the module's exported classes.
        class: u32,
        /// The catalogued base class it derives from.
        sink_base: Option<String>,
    },
    /// An instance of a class of another module of the project.
    ProjectInstance {
        /// The module's path.
        module: String,
        /// Its index in the module's exported classes.
        class: u32,
        /// Attributes its constructor's arguments set (see [`Value::Constructed`]).
        attributes: Vec<(String, ValueSet)>,
    },
    /// The `**kwargs` parameter of a function of this file, while its body runs: unknown for
    /// findings, but a call that unpacks it (`uvicorn.run(app, **kwargs)`) records, for every
    /// keyword the sink reads, that the function's callers may pass it through `kwargs`.
    KeywordParameters {
        /// The function, by its index in the analysis' function table.
        function: u32,
        /// The parameter's index in the function's parameter list.
        index: u32,
    },
    /// A dict whose keys are strings (a literal, `dict(...)`), key by key.
    Dict(DictValue),
    /// `functools.partial(f, ...)`: a callable with some arguments already bound.
    Partial(Box<PartialCall>),
    /// An instance of a class of this file made by a call of the class, with the attributes its
    /// constructor's arguments decide (they override the class's and dataclass defaults).
    /// Unlike [`Value::LocalInstance`], the class is exactly this one, not a subclass.
    Constructed {
        /// Index into the analysis' class table.
        class: usize,
        /// Attributes set from the constructor's arguments (or its parameters' defaults).
        attributes: Vec<(String, ValueSet)>,
    },
    /// Anything else.
    Unknown,
}

/// A dict with string keys, as far as it is known.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DictValue {
    /// The keys and their values, in insertion order.
    pub entries: Vec<(String, ValueSet)>,
    /// True when these are all its keys: only then does a missing key mean the key is absent
    /// (an omitted keyword, which may mean a library's default).
    pub complete: bool,
}

impl DictValue {
    /// The values of `key`, if the dict has it.
    pub fn get(&self, key: &str) -> Option<&ValueSet> {
        self.entries
            .iter()
            .find(|(known, _)| known == key)
            .map(|(_, values)| values)
    }

    /// Sets `key` to `values` (a later key replaces an earlier one, as in Python).
    pub fn set(&mut self, key: &str, values: ValueSet) {
        match self.entries.iter_mut().find(|(known, _)| known == key) {
            Some((_, known)) => *known = values,
            None => self.entries.push((key.to_owned(), values)),
        }
    }

    /// Forgets what an unknown update may have changed: every value may now be anything, and
    /// keys may have been added.
    pub fn forget(&mut self) {
        for (_, values) in &mut self.entries {
            values.insert(Value::Unknown);
        }
        self.complete = false;
    }
}

/// One argument as a call passes it: what it may hold and where it is written.
#[derive(Clone, Debug, PartialEq)]
pub struct PassedArgument {
    /// Its values.
    pub values: ValueSet,
    /// The expression that passes it (for `**cfg`, the `cfg`), to underline.
    pub range: TextRange,
    /// For a socket address written as a tuple, the tuple's host, to underline instead.
    pub host_range: Option<TextRange>,
}

/// The arguments of a call, evaluated: `*` of a known tuple and `**` of a known dict are spread
/// into positions and keywords, so that sinks and summaries read them alike however written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CallArguments {
    /// The positional arguments whose positions are known, in order.
    pub positional: Vec<PassedArgument>,
    /// True when more positional arguments may follow (a `*args` of unknown length).
    pub more_positional: bool,
    /// The keyword arguments, by name.
    pub keywords: Vec<(String, PassedArgument)>,
    /// True when other keywords may be passed (a `**` of a dict not fully known).
    pub more_keywords: bool,
    /// `**kwargs` parameters of the file's functions passed on (function, parameter index):
    /// any keyword may come from those functions' callers.
    pub forwarded_keywords: Vec<(u32, u32)>,
}

impl CallArguments {
    /// The keyword argument `name`, if passed by name.
    pub fn keyword(&self, name: &str) -> Option<&PassedArgument> {
        self.keywords
            .iter()
            .find(|(known, _)| known == name)
            .map(|(_, argument)| argument)
    }
}

/// A callable as a call names it: what the callee expression evaluates to and, for a method
/// call `receiver.method`, the receiver's values and the method's name (the catalogue matches
/// methods by receiver kind).
#[derive(Clone, Debug, PartialEq)]
pub struct CalleeValue {
    /// What the callee expression evaluates to.
    pub values: ValueSet,
    /// For `receiver.method`: the receiver's values and the method.
    pub method: Option<(ValueSet, String)>,
    /// How messages name it (`serve()`).
    pub display: String,
}

/// A `functools.partial` object: the callable it wraps and the arguments bound so far.
#[derive(Clone, Debug, PartialEq)]
pub struct PartialCall {
    /// The wrapped callable.
    pub target: CalleeValue,
    /// The bound arguments, which come before (positions) or under (keywords) the call's.
    pub arguments: CallArguments,
}

impl Value {
    /// The qualified name a callee value stands for: an imported symbol, or the catalogued base
    /// of a class of the file (`class MyServer(socketserver.TCPServer)`).
    pub fn qualified_callee(&self) -> Option<&str> {
        match self {
            Value::Symbol(qualified)
            | Value::LocalClass {
                sink_base: Some(qualified),
                ..
            }
            | Value::ProjectClass {
                sink_base: Some(qualified),
                ..
            } => Some(qualified),
            _ => None,
        }
    }
}

/// The most values one container (a tuple, a dict, a partial, an object with its attributes)
/// holds, nested ones included: containers built from containers (`t = (t, t)` repeated) would
/// otherwise grow exponentially with the number of statements.
const MAX_CONTAINER_NODES: usize = 256;

impl Value {
    /// The value itself, or [`Value::Unknown`] when it holds more than
    /// [`MAX_CONTAINER_NODES`] values.
    pub fn bounded(self) -> Value {
        let mut budget = MAX_CONTAINER_NODES;
        if self.fits(&mut budget) {
            self
        } else {
            Value::Unknown
        }
    }

    /// True when the value and what it holds take at most `budget` nodes (spent as counted).
    fn fits(&self, budget: &mut usize) -> bool {
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        match self {
            Value::Tuple(items) => items.iter().all(|item| item.fits(budget)),
            Value::Sequence(element) => element.fits(budget),
            Value::Dict(dict) => dict.entries.iter().all(|(_, values)| values.fits(budget)),
            Value::Partial(partial) => {
                partial.target.values.fits(budget)
                    && partial
                        .target
                        .method
                        .as_ref()
                        .is_none_or(|(receivers, _)| receivers.fits(budget))
                    && partial
                        .arguments
                        .positional
                        .iter()
                        .all(|argument| argument.values.fits(budget))
                    && partial
                        .arguments
                        .keywords
                        .iter()
                        .all(|(_, argument)| argument.values.fits(budget))
            }
            Value::Constructed { attributes, .. } | Value::ProjectInstance { attributes, .. } => {
                attributes.iter().all(|(_, values)| values.fits(budget))
            }
            _ => true,
        }
    }
}

/// The most values one set keeps before it gives up precision (adding `Unknown`).
const MAX_VALUES: usize = 16;

/// Every value an expression may have.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ValueSet(Vec<Value>);

impl ValueSet {
    /// A set of one value.
    pub fn one(value: Value) -> ValueSet {
        ValueSet(vec![value])
    }

    /// The set holding only [`Value::Unknown`].
    pub fn unknown() -> ValueSet {
        ValueSet::one(Value::Unknown)
    }

    /// Adds the values of `other` that are not here yet.
    pub fn extend(&mut self, other: ValueSet) {
        for value in other.0 {
            self.insert(value);
        }
    }

    /// Adds one value, keeping the set small.
    pub fn insert(&mut self, value: Value) {
        if self.0.contains(&value) {
            return;
        }
        if self.0.len() >= MAX_VALUES {
            if !self.0.contains(&Value::Unknown) {
                self.0.push(Value::Unknown);
            }
            return;
        }
        self.0.push(value);
    }

    /// The union of two sets.
    pub fn union(mut self, other: ValueSet) -> ValueSet {
        self.extend(other);
        self
    }

    /// The values.
    pub fn iter(&self) -> impl Iterator<Item = &Value> {
        self.0.iter()
    }

    /// True when the values and what they hold take at most `budget` nodes.
    fn fits(&self, budget: &mut usize) -> bool {
        self.0.iter().all(|value| value.fits(budget))
    }

    /// The element values of the sets' tuples and sequences: what a `for` loop variable or an
    /// unknown subscript may hold.
    pub fn elements(&self) -> ValueSet {
        let mut elements = ValueSet::default();
        for value in &self.0 {
            match value {
                Value::Tuple(items) => {
                    for item in items {
                        elements.extend(item.clone());
                    }
                }
                Value::Sequence(element) => elements.extend((**element).clone()),
                _ => elements.insert(Value::Unknown),
            }
        }
        if elements.0.is_empty() {
            elements.insert(Value::Unknown);
        }
        elements
    }

    /// The values `self[index]` may have.
    pub fn index(&self, index: i64) -> ValueSet {
        let mut result = ValueSet::default();
        for value in &self.0 {
            match value {
                Value::Tuple(items) => {
                    let position = if index < 0 {
                        i64::try_from(items.len()).ok().map(|length| length + index)
                    } else {
                        Some(index)
                    };
                    match position
                        .and_then(|position| usize::try_from(position).ok())
                        .and_then(|position| items.get(position))
                    {
                        Some(item) => result.extend(item.clone()),
                        None => result.insert(Value::Unknown),
                    }
                }
                Value::Sequence(element) => result.extend((**element).clone()),
                // optparse's `(options, args) = parser.parse_args()`.
                Value::ParsedArguments => result.insert(Value::ParsedArguments),
                _ => result.insert(Value::Unknown),
            }
        }
        if result.0.is_empty() {
            result.insert(Value::Unknown);
        }
        result
    }

    /// The values of `self or other`: the truthy values of `self`, then `other` if `self` may be
    /// falsy. When `self` is read from configuration, `other` is that configuration's default.
    pub fn or_else(self, other: ValueSet) -> ValueSet {
        let mut result = ValueSet::default();
        let mut may_be_falsy = false;
        let mut configuration = None;
        // `os.environ.get("HOST", "127.0.0.1") or "0.0.0.0"`: with a non-empty default, the
        // fallback runs only if the variable is set to an empty string; the configured value
        // itself is then taken to be non-empty.
        let has_truthy_default = self.0.iter().any(|value| {
            matches!(value, Value::Str { text, provenance: Provenance::ConfigurationDefault(_), .. } if !text.is_empty())
        });
        for value in self.0 {
            if let Value::External(description) = &value {
                configuration.get_or_insert_with(|| description.clone());
                if has_truthy_default {
                    result.insert(value);
                    continue;
                }
            }
            match truthiness(&value) {
                Some(true) => result.insert(value),
                Some(false) => may_be_falsy = true,
                None => {
                    may_be_falsy = true;
                    result.insert(value);
                }
            }
        }
        if may_be_falsy {
            match configuration {
                Some(description) => result.extend(other.into_default_of(&description)),
                None => result.extend(other),
            }
        }
        result
    }

    /// The same values, marked as the default of a configuration source.
    pub fn into_default_of(self, description: &str) -> ValueSet {
        let mut result = ValueSet::default();
        for value in self.0 {
            result.insert(match value {
                Value::Str {
                    text,
                    origin,
                    provenance: Provenance::Literal,
                } => Value::Str {
                    text,
                    origin,
                    provenance: Provenance::ConfigurationDefault(description.to_owned()),
                },
                Value::None {
                    origin,
                    provenance: Provenance::Literal,
                } => Value::None {
                    origin,
                    provenance: Provenance::ConfigurationDefault(description.to_owned()),
                },
                // A configurable port is not a hard-coded one (BND101).
                Value::Int(_) => Value::External(description.to_owned()),
                other => other,
            });
        }
        result
    }

    /// True when the set holds nothing but values that say nothing (unknown, or an object of
    /// an unknown call).
    pub fn is_unknown_only(&self) -> bool {
        self.0.iter().all(|value| {
            matches!(
                value,
                Value::Unknown
                    | Value::Instance { .. }
                    | Value::Parameter { .. }
                    | Value::KeywordParameters { .. }
            )
        })
    }
}

/// Stands for an unresolved part of a built string (`f"{host}:{port}"` with an unknown port).
pub const UNKNOWN_PART: char = '\u{FFFC}';

/// The first character of the private-use range that stands for function parameters inside
/// built strings (`f"tcp://{host}:5555"` in a wrapper): one character per (function,
/// parameter), so that a summary can record the string around the parameter as a template.
const PARAMETER_MARKER_BASE: u32 = 0xF_0000;
/// Parameters per function that get a marker of their own.
const MARKED_PARAMETERS: u32 = 64;
/// Functions per file whose parameters get markers (the range ends at U+10FFFD).
const MARKED_FUNCTIONS: u32 = 2_000;

/// The character standing for parameter `index` of function `function` inside a built string,
/// or [`UNKNOWN_PART`] where the range has no room for it.
pub fn parameter_marker(function: u32, index: u32) -> char {
    if function >= MARKED_FUNCTIONS || index >= MARKED_PARAMETERS {
        return UNKNOWN_PART;
    }
    char::from_u32(PARAMETER_MARKER_BASE + function * MARKED_PARAMETERS + index)
        .unwrap_or(UNKNOWN_PART)
}

/// The (function, parameter index) a marker character stands for.
pub fn marked_parameter(character: char) -> Option<(u32, u32)> {
    let offset = u32::from(character).checked_sub(PARAMETER_MARKER_BASE)?;
    (offset < MARKED_FUNCTIONS * MARKED_PARAMETERS)
        .then_some((offset / MARKED_PARAMETERS, offset % MARKED_PARAMETERS))
}

/// True for a character of a built string that stands for something unknown: an unresolved
/// part or a parameter.
pub fn is_unresolved(character: char) -> bool {
    character == UNKNOWN_PART || marked_parameter(character).is_some()
}

/// One piece of a string being built, with where it came from.
#[derive(Clone, Debug)]
pub struct StringPart {
    /// The piece's text ([`UNKNOWN_PART`] when unknown).
    pub text: String,
    /// Where the piece was written, when it is a string from elsewhere.
    pub origin: Option<TextRange>,
    /// The piece's provenance.
    pub provenance: Provenance,
}

impl StringPart {
    /// The pieces a value set may contribute to a string: strings and integers as themselves,
    /// anything else as an unknown part. At most [`MAX_VALUES`] alternatives.
    pub fn alternatives(values: &ValueSet) -> Vec<StringPart> {
        let mut parts = Vec::new();
        for value in values.iter() {
            let part = match value {
                Value::Str {
                    text,
                    origin,
                    provenance,
                } => StringPart {
                    text: text.clone(),
                    origin: Some(*origin),
                    provenance: provenance.clone(),
                },
                Value::Int(number) => StringPart {
                    text: number.to_string(),
                    origin: None,
                    provenance: Provenance::Literal,
                },
                Value::Parameter { function, index } => StringPart {
                    text: parameter_marker(*function, *index).to_string(),
                    origin: None,
                    provenance: Provenance::Literal,
                },
                _ => StringPart {
                    text: UNKNOWN_PART.to_string(),
                    origin: None,
                    provenance: Provenance::Literal,
                },
            };
            if parts.len() < MAX_VALUES {
                parts.push(part);
            }
        }
        if parts.is_empty() {
            parts.push(StringPart {
                text: UNKNOWN_PART.to_string(),
                origin: None,
                provenance: Provenance::Literal,
            });
        }
        parts
    }
}

/// Every string `parts` may concatenate to (the product of each part's alternatives, kept
/// small). The origin and provenance of a result are those of the first part written elsewhere
/// that carries a host-like text; else the origin is `whole` and the provenance literal.
pub fn concatenate(parts: &[Vec<StringPart>], whole: TextRange) -> ValueSet {
    let mut combinations: Vec<Vec<&StringPart>> = vec![Vec::new()];
    for alternatives in parts {
        let mut next = Vec::new();
        for combination in &combinations {
            for alternative in alternatives {
                if next.len() >= MAX_VALUES {
                    break;
                }
                let mut extended = combination.clone();
                extended.push(alternative);
                next.push(extended);
            }
        }
        combinations = next;
    }
    let mut result = ValueSet::default();
    for combination in combinations {
        let text: String = combination.iter().map(|part| part.text.as_str()).collect();
        // The host decides: its origin and provenance are the string's (a configurable port
        // does not make a hard-coded wildcard host configurable).
        let host_part = combination
            .iter()
            .find(|part| part.origin.is_some() && is_host_like(&part.text));
        let origin = host_part.and_then(|part| part.origin).unwrap_or(whole);
        let provenance = host_part.map_or(Provenance::Literal, |part| part.provenance.clone());
        result.insert(Value::Str {
            text,
            origin,
            provenance,
        });
    }
    result
}

/// True for a text that could be (or start) the host part of an endpoint.
fn is_host_like(text: &str) -> bool {
    if text.ends_with("://") {
        return false;
    }
    let host = text.rsplit("://").next().unwrap_or(text);
    let host = host.split(':').next().unwrap_or(host);
    host.is_empty()
        || host == "*"
        || crate::address::classify_host(host).is_some()
        || crate::address::classify_host(text.trim_end_matches(':')).is_some()
        || text.starts_with('[')
}

/// Whether a value is truthy, when that is known.
fn truthiness(value: &Value) -> Option<bool> {
    match value {
        Value::Str { text, .. } => Some(!text.is_empty()),
        Value::None { .. } => Some(false),
        Value::Int(number) => Some(*number != 0),
        Value::Tuple(items) => Some(!items.is_empty()),
        Value::Dict(dict) if dict.complete => Some(!dict.entries.is_empty()),
        Value::Symbol(_)
        | Value::Partial(_)
        | Value::LocalClass { .. }
        | Value::Flags(_)
        | Value::ParsedArguments
        | Value::PassiveWildcard { .. }
        | Value::LocalFunction(_)
        | Value::ProjectFunction { .. }
        | Value::ProjectClass { .. } => Some(true),
        // What an unknown call returns may well be falsy (`detect_host() or "0.0.0.0"`).
        Value::Instance { .. }
        | Value::External(_)
        | Value::Sequence(_)
        | Value::LocalInstance(_)
        | Value::Constructed { .. }
        | Value::ProjectInstance { .. }
        | Value::Parameter { .. }
        | Value::KeywordParameters { .. }
        | Value::Dict(_)
        | Value::Unknown => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ruff_text_size::TextSize;

    fn text(value: &str) -> Value {
        Value::Str {
            text: value.to_owned(),
            origin: TextRange::empty(TextSize::new(0)),
            provenance: Provenance::Literal,
        }
    }

    #[test]
    fn or_marks_the_fallback_of_configuration_as_its_default() {
        let left = ValueSet::one(Value::External("the `HOST` environment variable".into()));
        let result = left.or_else(ValueSet::one(text("0.0.0.0")));
        assert!(result.iter().any(|value| matches!(
            value,
            Value::Str {
                provenance: Provenance::ConfigurationDefault(_),
                ..
            }
        )));
    }

    #[test]
    fn unknown_call_results_may_be_falsy() {
        let left = ValueSet::one(Value::Instance {
            class: "app.detect_host".into(),
            family: Family::Unknown,
        });
        let result = left.or_else(ValueSet::one(text("0.0.0.0")));
        assert!(result.iter().any(|value| *value == text("0.0.0.0")));
    }

    #[test]
    fn concatenation_multiplies_alternatives() {
        let hosts = ValueSet::one(text("0.0.0.0")).union(ValueSet::one(text("127.0.0.1")));
        let parts = vec![
            StringPart::alternatives(&hosts),
            StringPart::alternatives(&ValueSet::one(text(":"))),
            StringPart::alternatives(&ValueSet::one(Value::Int(8000))),
        ];
        let built = concatenate(&parts, TextRange::empty(TextSize::new(0)));
        let texts: Vec<String> = built
            .iter()
            .filter_map(|value| match value {
                Value::Str { text, .. } => Some(text.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(texts, vec!["0.0.0.0:8000", "127.0.0.1:8000"]);
    }

    #[test]
    fn or_keeps_fallback_when_left_may_be_falsy() {
        let left = ValueSet::unknown();
        let result = left.or_else(ValueSet::one(text("0.0.0.0")));
        assert!(result.iter().any(|value| *value == text("0.0.0.0")));
    }

    #[test]
    fn or_drops_fallback_when_left_is_truthy() {
        let left = ValueSet::one(text("127.0.0.1"));
        let result = left.or_else(ValueSet::one(text("0.0.0.0")));
        assert_eq!(result, ValueSet::one(text("127.0.0.1")));
    }

    #[test]
    fn sets_stay_small() {
        let mut set = ValueSet::default();
        for number in 0..100 {
            set.insert(Value::Int(number));
        }
        assert!(set.iter().count() <= MAX_VALUES + 1);
        assert!(set.iter().any(|value| *value == Value::Unknown));
    }

    #[test]
    fn containers_built_from_themselves_become_unknown() {
        let mut tuple = Value::Tuple(Vec::new());
        // Without a bound, 64 doublings would never finish.
        for _ in 0..64 {
            tuple =
                Value::Tuple(vec![ValueSet::one(tuple.clone()), ValueSet::one(tuple)]).bounded();
        }
        let mut budget = MAX_CONTAINER_NODES;
        assert!(tuple.fits(&mut budget));
    }

    #[test]
    fn negative_index_counts_from_the_end() {
        let tuple = ValueSet::one(Value::Tuple(vec![
            ValueSet::one(Value::Int(1)),
            ValueSet::one(Value::Int(2)),
        ]));
        assert_eq!(tuple.index(-1), ValueSet::one(Value::Int(2)));
        assert_eq!(tuple.index(5), ValueSet::unknown());
    }
}
