//! Summaries of the file's own functions: which parameter reaches which sink, and the calls
//! that pass an all-interfaces value to such a parameter.
//!
//! While a function's body runs, each parameter holds a [`Value::Parameter`] besides its
//! default. When such a value reaches the address of a sink (directly, as the host of an
//! address tuple, or inside a built string such as `f"tcp://{host}:5555"`), the function's
//! summary gains a [`ParameterFlow`]. A call of the function is then judged like a call of a
//! catalogued sink: the value it passes for the parameter is put where the parameter went and
//! classified with the sink's address shape. A call inside another function that passes that
//! function's own parameter extends the summary of the caller, so any depth of wrappers is
//! followed (the detection passes repeat until no summary changes).
//!
//! A wrapper whose own default is all interfaces is reported where the sink is, as before; its
//! callers that omit the argument are not reported again.

use ruff_text_size::TextRange;

use super::arguments::Found;
use super::{Analyzer, ChainStep, ParameterFlow, ParameterInfo};
use crate::project::Depth;
use crate::python::values::{
    CallArguments, CalleeValue, UNKNOWN_PART, Value, ValueSet, marked_parameter,
};
use crate::rules::Rule;
use crate::rules::sinks::{AddressShape, FalsyHost};

/// The longest chain of calls a summary keeps (deeper wrappers are followed, the message names
/// the first steps).
const MAX_CHAIN: usize = 8;

/// The longest text kept around a parameter in a template; longer templates come from
/// recursion and are not followed further.
const MAX_TEMPLATE: usize = 256;

/// What the arguments of a call may carry, to decide whether a callee imported from another
/// module is worth looking up.
#[derive(Clone, Copy, Debug, Default)]
struct Passed {
    /// An all-interfaces literal, or a name imported from a module holding one.
    wildcard: bool,
    /// An empty string: an address only to some callees (`listen("", 9000)`).
    falsy: bool,
    /// A parameter of the function being summarised (or a string built from one), or `None`:
    /// passed on, it may make the caller a wrapper too.
    weak: bool,
}

/// How a sink (or a summarised function) reads one argument: what a flow into it records.
#[derive(Clone, Debug)]
pub(super) struct SinkSlot {
    /// The address shape the sink expects.
    pub shape: AddressShape,
    /// What a falsy host means to it.
    pub falsy_host: FalsyHost,
    /// The text around the value, when the value is put inside a string.
    pub template: Option<(String, String)>,
    /// The rule an explicit all-interfaces value falls under.
    pub rule: Rule,
    /// The calls down to the sink, starting with the call being made.
    pub chain: Vec<ChainStep>,
}

impl<'a> Analyzer<'a> {
    /// Records, for every parameter of a function of the file among `values`, that it reaches
    /// `slot`: the parameter's function gains a flow in its summary.
    pub(super) fn record_parameter_flows(&mut self, values: &ValueSet, slot: &SinkSlot) {
        for value in values.iter() {
            match value {
                Value::Parameter { function, index } => {
                    self.add_flow(*function, *index, slot, slot.template.clone(), None);
                }
                Value::Tuple(items)
                    if slot.template.is_none()
                        && matches!(
                            slot.shape,
                            AddressShape::SocketAddress | AddressShape::SocketAddressOrEndpoint
                        )
                        && (2..=4).contains(&items.len()) =>
                {
                    let host = SinkSlot {
                        shape: AddressShape::Host,
                        falsy_host: FalsyHost::AsWritten,
                        ..slot.clone()
                    };
                    self.record_parameter_flows(&items[0], &host);
                }
                // A string whose own text already decides (`f"tcp://0.0.0.0:{port}"`) is reported
                // where it is built; only a parameter that may decide the host is followed.
                Value::Str { text, .. }
                    if slot.shape != AddressShape::SocketAddress
                        && self
                            .host_verdict(
                                &ValueSet::one(value.clone()),
                                slot.shape,
                                slot.falsy_host,
                            )
                            .is_none() =>
                {
                    // Each parameter in the string is followed on its own; the others stand
                    // for unknown parts (`f"tcp://{host}:{port}"`: the host decides).
                    let unresolved = |part: &str| -> String {
                        part.chars()
                            .map(|character| {
                                if marked_parameter(character).is_some() {
                                    UNKNOWN_PART
                                } else {
                                    character
                                }
                            })
                            .collect()
                    };
                    let (outer_before, outer_after) = slot.template.clone().unwrap_or_default();
                    for (at, character) in text.char_indices() {
                        let Some((function, index)) = marked_parameter(character) else {
                            continue;
                        };
                        let template = (
                            format!("{outer_before}{}", unresolved(&text[..at])),
                            format!(
                                "{}{outer_after}",
                                unresolved(&text[at + character.len_utf8()..])
                            ),
                        );
                        if template.0.len() + template.1.len() <= MAX_TEMPLATE {
                            self.add_flow(function, index, slot, Some(template), None);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// Records that a keyword `keyword` passed through the `**kwargs` parameter `index` of
    /// `function` reaches `slot`.
    pub(super) fn add_keyword_flow(
        &mut self,
        function: u32,
        index: u32,
        keyword: &str,
        slot: &SinkSlot,
    ) {
        self.add_flow(function, index, slot, None, Some(keyword.to_owned()));
    }

    /// Adds one flow to a function's summary unless it is known already.
    fn add_flow(
        &mut self,
        function: u32,
        index: u32,
        slot: &SinkSlot,
        template: Option<(String, String)>,
        keyword: Option<String>,
    ) {
        let Some(info) = self.functions.get_mut(function as usize) else {
            return;
        };
        let Ok(index) = usize::try_from(index) else {
            return;
        };
        let flow = ParameterFlow {
            index,
            shape: slot.shape,
            falsy_host: slot.falsy_host,
            template,
            rule: slot.rule,
            chain: slot.chain.iter().take(MAX_CHAIN).cloned().collect(),
            keyword,
        };
        // The same parameter reaching the same sink through a longer chain (recursion) is the
        // same flow: the key leaves the chain's middle out.
        let same = |known: &ParameterFlow| {
            known.index == flow.index
                && known.shape == flow.shape
                && known.falsy_host == flow.falsy_host
                && known.template == flow.template
                && known.keyword == flow.keyword
                && known.rule == flow.rule
                && known.chain.first() == flow.chain.first()
                && known.chain.last() == flow.chain.last()
        };
        if !info.flows.iter().any(same) {
            info.flows.push(flow);
        }
    }

    /// The summaries of the project's functions a call runs: a function or method of this file
    /// or another module, or a class's `__init__`.
    fn called_summaries(
        &self,
        callee_values: &ValueSet,
    ) -> Vec<(Vec<ParameterInfo>, Vec<ParameterFlow>)> {
        let mut callees = Vec::new();
        for callee in callee_values.iter() {
            match callee {
                Value::LocalClass { id, .. } => {
                    if let Some(initialiser) = self.class_attribute(*id, "__init__", 0) {
                        callees.extend(initialiser.iter().cloned());
                    }
                }
                Value::ProjectClass { module, class, .. } => {
                    if let Some(initialiser) =
                        self.project_class_attribute(module, *class, "__init__")
                    {
                        callees.extend(initialiser.iter().cloned());
                    }
                }
                other => callees.push(other.clone()),
            }
        }
        let mut summaries = Vec::new();
        let mut seen: Vec<Value> = Vec::new();
        for callee in callees {
            if seen.contains(&callee) {
                continue;
            }
            match &callee {
                Value::LocalFunction(id) => {
                    if let Some(function) = self.consult(*id)
                        && !function.flows.is_empty()
                    {
                        summaries.push((function.parameters.clone(), function.flows.clone()));
                    }
                }
                Value::ProjectFunction { module, function } => {
                    if let Some(summary) = self
                        .project
                        .and_then(|project| project.summary(module, Depth::Full))
                        && let Some(function) = summary.functions.get(*function as usize)
                        && !function.flows.is_empty()
                    {
                        summaries.push((function.parameters.clone(), function.flows.clone()));
                    }
                }
                _ => {}
            }
            seen.push(callee);
        }
        summaries
    }

    /// Judges a call of the project's functions against their summaries: reports an
    /// all-interfaces value passed to a parameter that reaches a sink, and extends the summary
    /// of the calling function when it passes its own parameter (or its `**kwargs`) on.
    pub(super) fn check_wrapper_calls(
        &mut self,
        site: TextRange,
        callee: &CalleeValue,
        arguments: &CallArguments,
    ) {
        let mut callee_values = callee.values.clone();
        // A callee imported from another module is looked up only when the call may pass an
        // address: most calls pass nothing of the kind, and each lookup may summarise a module.
        if callee_values
            .iter()
            .any(|value| matches!(value, Value::Symbol(_)))
        {
            let passed = self.passes(arguments);
            // A wildcard literal is worth a look into any module; an empty string only into a
            // module that may hold wrappers; `None` or a parameter passed on only from a file
            // that holds a wildcard literal, or in another module's summary (`weak_lookups`).
            if passed.wildcard
                || ((passed.falsy || (passed.weak && self.weak_lookups))
                    && self.may_define_wrappers(&callee_values))
            {
                callee_values = self.resolve_deep(callee_values, 0);
            }
        }
        for (parameters, flows) in self.called_summaries(&callee_values) {
            for flow in flows {
                let Some(parameter) = parameters.get(flow.index) else {
                    continue;
                };
                // A flow through `**kwargs` carries the keyword the sink reads; a keyword that
                // names another parameter of the function never reaches `kwargs`.
                let (found, keyword, name) = match &flow.keyword {
                    Some(keyword) => {
                        if parameters
                            .iter()
                            .any(|other| other.keyword.as_deref() == Some(keyword.as_str()))
                        {
                            continue;
                        }
                        (
                            arguments.find(None, keyword, 0),
                            Some(keyword.as_str()),
                            keyword.as_str(),
                        )
                    }
                    None => (
                        arguments.find(
                            parameter.position,
                            parameter.keyword.as_deref().unwrap_or_default(),
                            0,
                        ),
                        parameter.keyword.as_deref(),
                        parameter.name.as_str(),
                    ),
                };
                let mut chain = vec![ChainStep {
                    callee: callee.display.clone(),
                    site,
                }];
                chain.extend(flow.chain.iter().cloned());
                let slot = SinkSlot {
                    shape: flow.shape,
                    falsy_host: flow.falsy_host,
                    template: flow.template.clone(),
                    rule: flow.rule,
                    chain,
                };
                let passed = match found {
                    Found::Given(passed) => {
                        let mut passed = passed.clone();
                        // Names imported from other modules are looked up now that they are
                        // an address.
                        passed.values = self.resolve_deep(passed.values, 0);
                        passed
                    }
                    Found::Unknowable => {
                        if let Some(keyword) = keyword {
                            for (function, index) in &arguments.forwarded_keywords {
                                self.add_flow(
                                    *function,
                                    *index,
                                    &slot,
                                    flow.template.clone(),
                                    Some(keyword.to_owned()),
                                );
                            }
                        }
                        continue;
                    }
                    Found::Omitted => continue,
                };
                self.record_parameter_flows(&passed.values, &slot);
                let placed = place_in_template(&passed.values, flow.template.as_ref());
                if let Some(verdict) = self.host_verdict(&placed, flow.shape, flow.falsy_host) {
                    let display = format!(
                        "{}, which passes `{name}` to {},",
                        callee.display,
                        self.describe_chain(&flow.chain)
                    );
                    self.reporting_chain = flow.chain.clone();
                    self.report_verdict(
                        verdict,
                        flow.rule,
                        &callee.display,
                        &display,
                        site,
                        passed.range,
                    );
                    self.reporting_chain.clear();
                }
            }
        }
    }

    /// What the arguments of a call may carry: see [`Passed`].
    fn passes(&self, arguments: &CallArguments) -> Passed {
        let mut passed = Passed::default();
        passed.weak |= !arguments.forwarded_keywords.is_empty();
        let values = arguments
            .positional
            .iter()
            .chain(arguments.keywords.iter().map(|(_, argument)| argument));
        for argument in values {
            for value in argument.values.iter() {
                self.classify_argument(value, &mut passed, 0);
            }
        }
        passed
    }

    fn classify_argument(&self, value: &Value, passed: &mut Passed, depth: usize) {
        match value {
            Value::Str { text, .. } if text.is_empty() => passed.falsy = true,
            Value::Str { text, .. } => {
                passed.wildcard |= crate::address::classify_host(text).is_some()
                    || text == "*"
                    || crate::address::classify_endpoint(text, true).is_some()
                    || crate::address::classify_twisted_description(text).is_some();
                passed.weak |= text.chars().any(crate::python::values::is_unresolved);
            }
            // `None` is passed everywhere (`f(x, None)`); it counts only where parameters do.
            Value::None { .. } | Value::Parameter { .. } => passed.weak = true,
            Value::PassiveWildcard { .. } => passed.wildcard = true,
            Value::Tuple(items) if depth < 4 => {
                for item in items {
                    for value in item.iter() {
                        self.classify_argument(value, passed, depth + 1);
                    }
                }
            }
            Value::Symbol(qualified) => {
                passed.wildcard |= self.project.is_some_and(|project| {
                    !crate::rules::sinks::is_catalogued_package(qualified)
                        && project
                            .resolve(self.path, qualified)
                            .is_some_and(|(module, _)| project.traits(&module).may_hold_wildcards)
                });
            }
            _ => {}
        }
    }

    /// True when some symbol among `values` names a module of the project that may hold
    /// wrappers (see [`crate::project::ModuleTraits`]).
    pub(super) fn may_define_wrappers(&self, values: &ValueSet) -> bool {
        let Some(project) = self.project else {
            return false;
        };
        values.iter().any(|value| match value {
            Value::Symbol(qualified) => {
                !crate::rules::sinks::is_catalogued_package(qualified)
                    && project.resolve(self.path, qualified).is_some_and(
                        |(module, rest)| match rest.first() {
                            Some(name) => project.may_export_wrapper(&module, name, 0),
                            None => project.traits(&module).may_define_wrappers,
                        },
                    )
            }
            _ => false,
        })
    }

    /// `uvicorn.run() at app.py:5`, or `serve() at app.py:9 → uvicorn.run() at app.py:5`.
    fn describe_chain(&self, chain: &[ChainStep]) -> String {
        chain
            .iter()
            .map(|step| format!("{} at {}", step.callee, self.describe_site(step.site)))
            .collect::<Vec<_>>()
            .join(" → ")
    }

    /// `app.py:5`: the file and line of a place in the source (in this file, or in another
    /// module of the project for a global position).
    fn describe_site(&self, site: TextRange) -> String {
        if let Some((module, _)) = self.project.and_then(|project| project.locate(site)) {
            return format!(
                "{}:{}",
                module.path,
                module.line_of(u32::from(site.start()))
            );
        }
        let before = self
            .source
            .get(..site.start().to_usize())
            .unwrap_or_default();
        let line = before.bytes().filter(|byte| *byte == b'\n').count() + 1;
        format!("{}:{line}", self.path)
    }
}

/// The values a sink receives when the wrapper puts `values` into `template`.
fn place_in_template(values: &ValueSet, template: Option<&(String, String)>) -> ValueSet {
    let Some((before, after)) = template else {
        return values.clone();
    };
    let mut placed = ValueSet::default();
    for value in values.iter() {
        match value {
            Value::Str {
                text,
                origin,
                provenance,
            } => placed.insert(Value::Str {
                text: format!("{before}{text}{after}"),
                origin: *origin,
                provenance: provenance.clone(),
            }),
            _ => placed.insert(Value::Unknown),
        }
    }
    placed
}
