//! Matching calls against the sink catalogue and judging their address: which argument holds
//! the host, what its values say, and under which rule it is reported.

use ruff_python_ast::{Expr, ExprCall};
use ruff_text_size::{Ranged, TextRange};

use super::arguments::Found;
use super::wrappers::SinkSlot;
use super::{Analyzer, ChainStep, Phase};
use crate::address::{Wildcard, classify_endpoint, classify_host, classify_twisted_description};
use crate::python::values::{
    CallArguments, CalleeValue, Family, PassedArgument, Provenance, Value, ValueSet,
};
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
        self.record_injection(call);
        if self.phase != Phase::Detect {
            self.record_option_default(call);
            return;
        }
        // A server started as a command line (`subprocess.Popen(["uvicorn", ...])`).
        self.check_launch(call);
        let callee = self.callee_value(&call.func);
        let site = call.range();
        let candidates = match &*call.func {
            Expr::Attribute(attribute) if attribute.attr.as_str() == "__init__" => {
                self.initialiser_candidates(attribute)
            }
            _ => self.sink_candidates(&callee),
        };
        // Most calls are none of a sink, a summarised function, a partial or a thread: their
        // arguments are not evaluated at all.
        let may_listen = !candidates.is_empty()
            || callee.values.iter().any(|value| {
                matches!(
                    value,
                    Value::LocalFunction(_)
                        | Value::ProjectFunction { .. }
                        | Value::LocalClass { .. }
                        | Value::ProjectClass { .. }
                        | Value::Partial(_)
                ) || matches!(value, Value::Symbol(qualified) if sinks::CALL_FORWARDERS.iter().any(|forwarder| forwarder.callee == qualified))
                    || matches!(value, Value::Symbol(qualified) if self.names_project_module(qualified))
            });
        if !may_listen {
            if let Expr::Attribute(attribute) = &*call.func
                && attribute.attr.as_str() == "setsockopt"
            {
                self.check_reuse_port_option(call);
            }
            return;
        }
        // A sink's arguments are addresses: names imported from other modules in them (in an
        // f-string too) are looked up as they are evaluated.
        let resolving = self.resolving_imports.replace(!candidates.is_empty());
        let arguments = self.evaluate_arguments(call);
        self.resolving_imports.set(resolving);
        self.record_given_objects(&callee, &arguments);
        for (sink, family, shift) in candidates {
            if family != Family::NotIp {
                let display = self.display_name(call, sink);
                self.check_sink(Some(call), site, &arguments, sink, &display, shift);
            }
        }
        if let Expr::Attribute(attribute) = &*call.func
            && attribute.attr.as_str() == "setsockopt"
        {
            self.check_reuse_port_option(call);
        }
        self.check_wrapper_calls(site, &callee, &arguments);
        self.check_forwarded_calls(call, site, &callee, &arguments);
    }

    /// The catalogue rows `super().__init__(address, ...)` (in a class deriving from a
    /// catalogued server) or `socketserver.TCPServer.__init__(self, address, ...)` may match,
    /// with the positional shift of the explicit `self`.
    fn initialiser_candidates(
        &self,
        attribute: &ruff_python_ast::ExprAttribute,
    ) -> Vec<(&'static SinkSpec, Family, usize)> {
        let mut candidates = Vec::new();
        if let Expr::Call(inner) = &*attribute.value
            && matches!(&*inner.func, Expr::Name(name) if name.id.as_str() == "super")
        {
            if let Some(base) = self
                .current_class
                .and_then(|id| self.classes.get(id))
                .and_then(|class| class.sink_base.clone())
            {
                for sink in sinks::function_sinks(&base) {
                    add_candidate(&mut candidates, sink, Family::Unknown, 0);
                }
            }
        } else {
            for owner in self.eval(&attribute.value).iter() {
                let Some(base) = owner.qualified_callee() else {
                    continue;
                };
                for sink in sinks::function_sinks(base) {
                    add_candidate(&mut candidates, sink, Family::Unknown, 1);
                }
            }
        }
        candidates
    }

    /// The catalogue rows a call of `callee` may match, with the receiver's socket family.
    pub(super) fn sink_candidates(
        &self,
        callee: &CalleeValue,
    ) -> Vec<(&'static SinkSpec, Family, usize)> {
        let mut candidates = Vec::new();
        let Some((receivers, method)) = &callee.method else {
            for value in callee.values.iter() {
                let Some(qualified) = value.qualified_callee() else {
                    continue;
                };
                for sink in sinks::function_sinks(qualified) {
                    add_candidate(&mut candidates, sink, Family::Unknown, 0);
                }
            }
            return candidates;
        };
        for receiver in receivers.iter() {
            match receiver {
                Value::Symbol(module) => {
                    let qualified = format!("{module}.{method}");
                    for sink in sinks::function_sinks(&qualified) {
                        add_candidate(&mut candidates, sink, Family::Unknown, 0);
                    }
                }
                Value::Instance { class, family } => {
                    let mut typed = sinks::method_sinks(class, method).peekable();
                    if typed.peek().is_some() {
                        for sink in typed {
                            add_candidate(&mut candidates, sink, *family, 0);
                        }
                    } else if !is_non_ip_module(class) {
                        for sink in sinks::unknown_receiver_sinks(method) {
                            add_candidate(&mut candidates, sink, *family, 0);
                        }
                    }
                }
                Value::Unknown
                | Value::External(_)
                | Value::LocalInstance(_)
                | Value::Constructed { .. }
                | Value::ProjectInstance { .. }
                | Value::Parameter { .. } => {
                    for sink in sinks::unknown_receiver_sinks(method) {
                        add_candidate(&mut candidates, sink, Family::Unknown, 0);
                    }
                }
                _ => {}
            }
        }
        candidates
    }

    /// Calls made through a value: a `functools.partial` object called, or a thread or process
    /// given a `target=`, judged as a call of the target at `site`.
    fn check_forwarded_calls(
        &mut self,
        call: &ExprCall,
        site: TextRange,
        callee: &CalleeValue,
        arguments: &CallArguments,
    ) {
        for value in callee.values.iter() {
            match value {
                Value::Partial(partial) => {
                    let merged = partial.arguments.then(arguments);
                    self.check_call_of(site, &partial.target, &merged, 1);
                }
                Value::Symbol(qualified) => {
                    let Some(forwarder) = sinks::CALL_FORWARDERS
                        .iter()
                        .find(|forwarder| forwarder.callee == qualified)
                    else {
                        continue;
                    };
                    let Argument::Given(target) =
                        find_argument(call, forwarder.target.position, forwarder.target.keyword, 0)
                    else {
                        continue;
                    };
                    let target = self.callee_value(target);
                    let given = |place: sinks::ArgumentPlace| match arguments.find(
                        place.position,
                        place.keyword,
                        0,
                    ) {
                        Found::Given(passed) => Some(passed),
                        _ => None,
                    };
                    let forwarded = CallArguments::from_containers(
                        given(forwarder.args),
                        given(forwarder.kwargs),
                    );
                    self.check_call_of(site, &target, &forwarded, 1);
                }
                _ => {}
            }
        }
    }

    /// Judges a call of `target` with `arguments`, made at `site` (through a partial or a
    /// thread): against the catalogue, the summaries, and a partial `target` holds in turn.
    fn check_call_of(
        &mut self,
        site: TextRange,
        target: &CalleeValue,
        arguments: &CallArguments,
        depth: usize,
    ) {
        if depth > MAX_FORWARDING_DEPTH {
            return;
        }
        for (sink, family, shift) in self.sink_candidates(target) {
            if family != Family::NotIp {
                self.check_sink(None, site, arguments, sink, sink.display, shift);
            }
        }
        self.check_wrapper_calls(site, target, arguments);
        for value in target.values.iter() {
            if let Value::Partial(partial) = value {
                let merged = partial.arguments.then(arguments);
                self.check_call_of(site, &partial.target, &merged, depth + 1);
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
        call: Option<&ExprCall>,
        site: TextRange,
        arguments: &CallArguments,
        sink: &'static SinkSpec,
        display: &str,
        shift: usize,
    ) {
        let mut given = None;
        let mut unknowable = false;
        for address in sink.addresses {
            match arguments.find(address.place.position, address.place.keyword, shift) {
                Found::Given(passed) => {
                    given = Some((address.shape, passed));
                    break;
                }
                Found::Unknowable => unknowable = true,
                Found::Omitted => {}
            }
        }
        // A `.bind("<Return>", ...)` on an unknown receiver is not a listener at all: only
        // report BND100 for calls whose address has the row's shape.
        let is_listener = match given {
            Some((shape, passed)) => {
                sink.receiver != sinks::Receiver::AnyUnknown
                    || self.has_shape(&passed.values, shape)
            }
            None => sink.receiver != sinks::Receiver::AnyUnknown,
        };
        if !is_listener || !call.is_none_or(|call| self.bound_socket_may_listen(call, sink)) {
            return;
        }
        self.report(
            Rule::AnyListener,
            display,
            site,
            None,
            None,
            format!("{display} listens on a network port (audit)"),
        );
        self.check_hardcoded_port(site, arguments, sink, display, given, shift);
        if arguments
            .keyword("reuse_port")
            .is_some_and(|passed| passed.values.iter().any(|value| *value == Value::Int(1)))
        {
            self.report(
                Rule::SharedPort,
                display,
                site,
                None,
                None,
                format!("{display} sets reuse_port=True: another process can bind the same port and take its traffic"),
            );
        }
        if self.is_client_port(arguments, sink, shift) {
            return;
        }
        let chain = vec![ChainStep {
            callee: display.to_owned(),
            site,
        }];
        let Some((shape, passed)) = given else {
            // `uvicorn.run(app, **kwargs)` in a wrapper: its callers may pass the host.
            for (function, index) in &arguments.forwarded_keywords {
                for address in sink.addresses {
                    let slot = SinkSlot {
                        shape: address.shape,
                        falsy_host: sink.falsy_host,
                        template: None,
                        rule: sink.rule,
                        chain: chain.clone(),
                    };
                    self.add_keyword_flow(*function, *index, address.place.keyword, &slot);
                }
            }
            if unknowable {
                return;
            }
            if let Omitted::AllInterfaces { unless_keywords } = sink.omitted
                && !arguments
                    .keywords
                    .iter()
                    .any(|(name, _)| unless_keywords.contains(&name.as_str()))
            {
                self.report(
                    Rule::ImplicitAllInterfaces,
                    display,
                    site,
                    None,
                    None,
                    format!(
                        "{display} is called without a host, so it listens on all network interfaces"
                    ),
                );
            }
            return;
        };
        // Names imported from other modules are looked up now that they are an address.
        let values = self.resolve_deep(passed.values.clone(), 0);
        self.record_parameter_flows(
            &values,
            &SinkSlot {
                shape,
                falsy_host: sink.falsy_host,
                template: None,
                rule: sink.rule,
                chain,
            },
        );
        let underline = match shape {
            AddressShape::SocketAddress | AddressShape::SocketAddressOrEndpoint => {
                passed.host_range.unwrap_or(passed.range)
            }
            _ => passed.range,
        };
        if let Some(verdict) = self.host_verdict(&values, shape, sink.falsy_host) {
            self.report_verdict(verdict, sink.rule, display, display, site, underline);
        }
    }

    /// Reports what a host verdict says, under the rule it deserves.
    ///
    /// `callee` names the call being judged (the wrapper, for a wrapper's call); `display` is
    /// how the message names it.
    pub(super) fn report_verdict(
        &mut self,
        verdict: HostVerdict,
        explicit_rule: Rule,
        callee: &str,
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
        self.report(rule, callee, range, Some(underline), Some(origin), message);
        if rule == Rule::ConfigurableAllInterfaces
            && let Some(reported) = self.findings.last_mut()
        {
            reported.configuration = configuration;
        }
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
        site: TextRange,
        arguments: &CallArguments,
        sink: &SinkSpec,
        display: &str,
        given: Option<(AddressShape, &PassedArgument)>,
        shift: usize,
    ) {
        let mut ports = ValueSet::default();
        if let Some(place) = sink.port
            && let Found::Given(passed) = arguments.find(place.position, place.keyword, shift)
        {
            ports.extend(passed.values.clone());
        }
        if let Some((shape, passed)) = given {
            for value in passed.values.iter() {
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
                display,
                site,
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
                "setsockopt()",
                call.range(),
                None,
                None,
                "setsockopt(SO_REUSEPORT) lets another process bind the same port and take its traffic".to_owned(),
            );
        }
    }
}

/// How many partials and thread targets deep a forwarded call is followed.
const MAX_FORWARDING_DEPTH: usize = 4;

/// Adds a candidate row unless it is there already.
fn add_candidate(
    candidates: &mut Vec<(&'static SinkSpec, Family, usize)>,
    sink: &'static SinkSpec,
    family: Family,
    shift: usize,
) {
    if !candidates
        .iter()
        .any(|(known, _, _)| std::ptr::eq(*known, sink))
    {
        candidates.push((sink, family, shift));
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
