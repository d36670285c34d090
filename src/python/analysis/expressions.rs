//! Evaluating expressions to the values they may have: literals, names, attributes, calls of
//! imported callables, and strings built with f-strings, `+`, `%`, `.format` and `.join`.
use std::collections::HashMap;

use ruff_python_ast::{
    self as ast, Expr, ExprCall, FStringPart, InterpolatedStringElement, Number, Operator, UnaryOp,
};
use ruff_text_size::{Ranged, TextRange};

use super::arguments::dict_item;
use super::calls::{Argument, find_argument};
use super::{Analyzer, MAX_EVAL_DEPTH};
use crate::python::values::{
    Family, Provenance, StringPart, Value, ValueSet, concatenate, is_unresolved,
};
use crate::rules::sinks::{
    self, AI_PASSIVE, DEFAULT_WRAPPERS, ENVIRONMENT_GETTERS, GETADDRINFO, IP_FAMILIES,
};

impl<'a> Analyzer<'a> {
    pub(super) fn eval(&self, expr: &Expr) -> ValueSet {
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

    pub(super) fn eval_unbounded(&self, expr: &Expr) -> ValueSet {
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
                ValueSet::one(
                    Value::Tuple(elts.iter().map(|element| self.eval(element)).collect()).bounded(),
                )
            }
            Expr::Dict(dict) => self.eval_dict(dict),
            Expr::Name(name) => self.resolve_symbols(self.lookup(name.id.as_str())),
            Expr::Attribute(attribute) => self.eval_attribute(attribute),
            Expr::Subscript(subscript) => {
                let container = self.eval(&subscript.value);
                if container
                    .iter()
                    .any(|value| matches!(value, Value::Symbol(symbol) if symbol == "os.environ"))
                {
                    return external(&self.environment_description(&subscript.slice));
                }
                if let Some(option) = self.twisted_option(&container, &subscript.slice) {
                    return option;
                }
                if let Some(index) = integer_literal(&subscript.slice) {
                    return container.index(index);
                }
                match single_text(&self.eval(&subscript.slice)) {
                    Some(key) => dict_item(&container, &key),
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

    pub(super) fn eval_attribute(&self, attribute: &ast::ExprAttribute) -> ValueSet {
        let name = attribute.attr.as_str();
        let mut result = ValueSet::default();
        for owner in self.eval(&attribute.value).iter() {
            match owner {
                Value::Symbol(module) => {
                    let qualified = format!("{module}.{name}");
                    match self.project_value(&qualified) {
                        Some(values) => result.extend(values),
                        None => result.insert(Value::Symbol(qualified)),
                    }
                }
                Value::ProjectInstance {
                    attributes: known, ..
                } if known.iter().any(|(attribute, _)| attribute == name) => {
                    for (attribute, values) in known {
                        if attribute == name {
                            result.extend(values.clone());
                        }
                    }
                }
                Value::ProjectClass { module, class, .. }
                | Value::ProjectInstance { module, class, .. } => {
                    match self.project_class_attribute(module, *class, name) {
                        Some(values) => result.extend(values),
                        None => result.insert(Value::Unknown),
                    }
                }
                Value::LocalClass { id, .. } => match self.class_attribute(*id, name, 0) {
                    Some(values) => result.extend(values),
                    None => result.insert(Value::Unknown),
                },
                Value::LocalInstance(id) => match self.instance_attribute(*id, name) {
                    Some(values) => result.extend(values),
                    None => result.insert(Value::Unknown),
                },
                Value::Constructed { class, attributes } => {
                    let known = attributes
                        .iter()
                        .find(|(attribute, _)| attribute == name)
                        .map(|(_, values)| values.clone());
                    match known.or_else(|| self.class_attribute(*class, name, 0)) {
                        Some(values) => result.extend(values),
                        None => result.insert(Value::Unknown),
                    }
                }
                Value::ParsedArguments => result.extend(self.option_value(name)),
                // `args.host` where `args` came in as a parameter: the file's own `--host`
                // option is the likely source.
                Value::Unknown | Value::Parameter { .. }
                    if self.option_defaults.contains_key(name) =>
                {
                    result.extend(self.option_value(name));
                }
                _ => result.insert(Value::Unknown),
            }
        }
        result
    }

    pub(super) fn eval_fstring(&self, fstring: &ast::ExprFString) -> ValueSet {
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

    pub(super) fn eval_binary(&self, binary: &ast::ExprBinOp) -> ValueSet {
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

    pub(super) fn eval_call(&self, call: &ExprCall) -> ValueSet {
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
                "get" => {
                    if let Some(values) = self.dict_get(&self.eval(&attribute.value), call) {
                        return values;
                    }
                }
                // `cfg.copy()` of a dict is the same dict.
                "copy" if call.arguments.is_empty() => {
                    let receivers = self.eval(&attribute.value);
                    if receivers
                        .iter()
                        .all(|value| matches!(value, Value::Dict(_)))
                        && receivers.iter().next().is_some()
                    {
                        return receivers;
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
        if let Some(dict) = self.eval_dict_call(call) {
            return dict;
        }
        let mut result = ValueSet::default();
        let mut callees = self.eval(&call.func);
        // An object of a class of another module (`cfg = ServerConfig()`) keeps its class's
        // defaults when that module may hold an address.
        if callees
            .iter()
            .any(|callee| matches!(callee, Value::Symbol(qualified) if self.may_hold_an_address(qualified)))
        {
            callees = self.resolve_deep(callees, 0);
        }
        for callee in callees.iter() {
            match callee {
                Value::Symbol(qualified) if sinks::PARTIALS.contains(&qualified.as_str()) => {
                    result.extend(self.partial(call));
                }
                Value::Symbol(qualified) => result.extend(self.call_symbol(qualified, call)),
                Value::LocalClass {
                    sink_base: Some(base),
                    ..
                } => result.extend(self.call_symbol(base, call)),
                Value::LocalClass { id, .. } => result.insert(self.construct(*id, call)),
                Value::LocalFunction(id) => result.extend(self.returned(*id)),
                Value::ProjectFunction { module, function } => {
                    result.extend(self.project_returned(module, *function));
                }
                Value::ProjectClass {
                    sink_base: Some(base),
                    ..
                } => result.extend(self.call_symbol(base, call)),
                Value::ProjectClass { module, class, .. } => {
                    result.insert(self.construct_project(module, *class, call));
                }
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
    pub(super) fn call_symbol(&self, qualified: &str, call: &ExprCall) -> ValueSet {
        if super::listening::is_abstract_class(qualified) {
            return ValueSet::unknown();
        }
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

    /// `"{}:{}".format(host, port)` and `"{host}:{port}".format(host=..., port=...)`.
    pub(super) fn brace_format(&self, formats: &ValueSet, call: &ExprCall) -> ValueSet {
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
    pub(super) fn join(&self, separator: &str, items: &Expr, whole: TextRange) -> Option<ValueSet> {
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

    pub(super) fn socket_family(&self, expr: &Expr) -> Family {
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
    pub(super) fn getaddrinfo_result(&self, call: &ExprCall) -> Value {
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
    pub(super) fn mentions_symbol(&self, expr: &Expr, qualified: &str) -> bool {
        let name = qualified.rsplit('.').next().unwrap_or(qualified);
        let matches = |symbol: &str| symbol == qualified || symbol.rsplit('.').next() == Some(name);
        self.eval(expr).iter().any(|value| match value {
            Value::Symbol(symbol) => matches(symbol),
            Value::Flags(symbols) => symbols.iter().any(|symbol| matches(symbol)),
            _ => false,
        })
    }
}

/// An integer literal, possibly negated (iteratively: `- - - … 1` may be a million deep).
pub(super) fn integer_literal(expr: &Expr) -> Option<i64> {
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
pub(super) fn single_text(values: &ValueSet) -> Option<String> {
    let mut texts = values.iter().filter_map(|value| match value {
        Value::Str { text, .. } if !text.chars().any(is_unresolved) => Some(text.clone()),
        _ => None,
    });
    let first = texts.next()?;
    texts.next().is_none().then_some(first)
}

/// A literal piece of a built string.
pub(super) fn literal_part(text: &str) -> StringPart {
    StringPart {
        text: text.to_owned(),
        origin: None,
        provenance: Provenance::Literal,
    }
}

/// The set holding one configuration value read at run time.
pub(super) fn external(description: &str) -> ValueSet {
    ValueSet::one(Value::External(description.to_owned()))
}

/// The parts of `format % arguments`: `%s`, `%d`, `%r`, `%i` take the arguments in order;
/// `%%` is a percent sign.
pub(super) fn percent_format(format: &str, arguments: &[ValueSet]) -> Vec<Vec<StringPart>> {
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
pub(super) fn brace_format_parts(
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
