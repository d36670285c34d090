//! Matching calls against the sink catalogue and judging their address: which argument holds
//! the host, what its values say, and under which rule it is reported.

use ruff_python_ast::{Expr, ExprCall};
use ruff_text_size::{Ranged, TextRange};

use super::{Analyzer, Phase};
use crate::address::{Wildcard, classify_endpoint, classify_host, classify_twisted_description};
use crate::python::values::{Family, Provenance, Value, ValueSet};
use crate::rules::Rule;
use crate::rules::sinks::{
    self, AddressShape, FalsyHost, NON_IP_SOCKET_MODULES, Omitted, SO_REUSEPORT, SinkSpec,
};

/// What an address's values say about where the listener binds.
#[derive(Clone, Debug)]
pub(super) enum HostVerdict {
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
    pub(super) fn check_call(&mut self, call: &'a ExprCall) {
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
                self.check_launch(call);
            }
            func => {
                self.check_launch(call);
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

    /// How a call is named in messages: the catalogue's name, and the class as written when a
    /// class of the file derives from the catalogued one (`MyServer() (a socketserver.TCPServer)`).
    pub(super) fn display_name(&self, call: &ExprCall, sink: &SinkSpec) -> String {
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

    pub(super) fn check_sink(
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
        if !is_listener || !self.bound_socket_may_listen(call, sink) {
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
        if self.is_client_port(call, sink, shift) {
            return;
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
    pub(super) fn report_verdict(
        &mut self,
        verdict: HostVerdict,
        explicit_rule: Rule,
        display: &str,
        range: TextRange,
        underline: TextRange,
    ) {
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
    }

    /// The first all-interfaces verdict among `values`, read as `shape`.
    pub(super) fn host_verdict(
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
    pub(super) fn has_shape(&self, values: &ValueSet, shape: AddressShape) -> bool {
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
    pub(super) fn check_hardcoded_port(
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
    pub(super) fn check_reuse_port_option(&mut self, call: &ExprCall) {
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
}

/// Where an argument was found.
pub(super) enum Argument<'e> {
    /// Passed, as this expression.
    Given(&'e Expr),
    /// Not passed.
    Omitted,
    /// Maybe passed through `*args` or `**kwargs`.
    Unknowable,
}

/// Finds the argument at `position` (receiver excluded, plus `shift` for an explicit `self`) or
/// named `keyword`.
pub(super) fn find_argument<'e>(
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

/// The port of an endpoint string (`"0.0.0.0:8000"` → 8000).
pub(super) fn endpoint_port(endpoint: &str) -> Option<i64> {
    let authority = endpoint.rsplit("://").next().unwrap_or(endpoint);
    let authority = authority.split('/').next().unwrap_or(authority);
    let (_, port) = authority.rsplit_once(':')?;
    port.parse().ok()
}

/// True for objects of modules whose sockets are never IP sockets.
pub(super) fn is_non_ip_module(class: &str) -> bool {
    let module = class.split('.').next().unwrap_or(class);
    NON_IP_SOCKET_MODULES.contains(&module)
}
