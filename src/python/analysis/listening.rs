//! Listening, not merely bound (SPEC 3.3c): calls that bind an address but do not make a
//! listener, and settings written where the library does not read them.
//!
//! - A socket created in a function (or module) and bound there, whose other uses in that body
//!   show it is for something else (`getsockname()`, `close()`, `sendto()`, `connect()`,
//!   `fileno()`) besides setting it up (`setsockopt()`) or comparing it, never listens:
//!   free-port probes, `getsockname` tests, UDP sockets bound only to send. Any other use (`listen()`, `accept()`, `recv()`, a
//!   method the analysis does not know) and any way the socket leaves the body (returned,
//!   yielded, stored on an object or in a container, passed to a call, used by a nested
//!   function) counts as listening. A socket the body did not create (a parameter, an
//!   attribute) has been shared already, so it is assumed to listen; so is a socket bound and
//!   not used at all afterwards: code that shows nothing of what a socket is for is most likely
//!   cut short.
//! - Twisted `listenUDP(0, ...)` is a client port: not reported by default (BND100 still lists
//!   it).
//! - An instance of `asyncio.AbstractEventLoop` itself (or of a class of the file derived from
//!   it) has only the abstract `create_server`, which raises: not a listener. The loops that
//!   `asyncio.get_event_loop()` and friends return are.
//! - A settings key read only from the global configuration (CherryPy's
//!   `server.socket_host`) counts in a top-level dict or under a `global`/`server` section,
//!   not in an application's section (`{"/": {...}}`).

use ruff_python_ast::visitor::{Visitor, walk_expr, walk_stmt};
use ruff_python_ast::{self as ast, Expr, ExprCall, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::arguments::Found;
use super::{Analyzer, MAX_VISIT_DEPTH};
use crate::python::values::CallArguments;
use crate::python::values::Value;
use crate::rules::sinks::{
    ABSTRACT_CLASSES, AddressShape, DEAF_SOCKET_METHODS, GLOBAL_SECTION_KEYS, GLOBAL_SECTIONS,
    PORT_ZERO_IS_CLIENT, Receiver, SOCKET_CLASS, SOCKET_SETUP_METHODS, SinkSpec,
};

impl<'a> Analyzer<'a> {
    /// False when `call` binds a socket address on a socket that provably never listens: a
    /// socket the running body created, whose other uses there all leave it deaf.
    pub(super) fn bound_socket_may_listen(&self, call: &ExprCall, sink: &SinkSpec) -> bool {
        let receiver_may_be_socket = match sink.receiver {
            Receiver::Instance(class) => class == SOCKET_CLASS,
            Receiver::AnyUnknown => true,
            Receiver::Function => false,
        };
        let is_socket_bind = sink.callee == "bind"
            && receiver_may_be_socket
            && sink
                .addresses
                .iter()
                .all(|address| address.shape == AddressShape::SocketAddress);
        if !is_socket_bind {
            return true;
        }
        let Expr::Attribute(attribute) = &*call.func else {
            return true;
        };
        let Expr::Name(receiver) = &*attribute.value else {
            // `self.sock.bind(...)`: stored on an object, so it escapes.
            return true;
        };
        // Every bind of the same name in the same body gets the same answer (other binds are
        // neutral uses): a file of twenty thousand binds walks its body once.
        let key = (
            self.body.as_ptr() as usize,
            self.body.len(),
            receiver.id.to_string(),
        );
        if let Some(known) = self.socket_verdicts.borrow().get(&key) {
            return *known;
        }
        let mut uses = SocketUses {
            name: receiver.id.as_str(),
            bind_call: call.range(),
            created_here: false,
            may_listen: false,
            deaf_uses: 0,
            depth: 0,
        };
        for statement in self.body {
            uses.visit_stmt(statement);
        }
        // A socket bound and never touched again is most likely code cut short (a snippet, a
        // half-written server): only a body that shows what the socket is for (probing,
        // sending) makes it no listener.
        let may_listen = !uses.created_here || uses.may_listen || uses.deaf_uses == 0;
        self.socket_verdicts.borrow_mut().insert(key, may_listen);
        may_listen
    }

    /// True when the call is a row whose port 0 makes a client endpoint (Twisted's
    /// `listenUDP(0, protocol)`), and the port is 0.
    pub(super) fn is_client_port(
        &self,
        arguments: &CallArguments,
        sink: &SinkSpec,
        shift: usize,
    ) -> bool {
        if !PORT_ZERO_IS_CLIENT.contains(&sink.callee) {
            return false;
        }
        let Some(place) = sink.port else {
            return false;
        };
        let Found::Given(ports) = arguments.find(place.position, place.keyword, shift) else {
            return false;
        };
        ports.values.iter().next().is_some()
            && ports.values.iter().all(|value| *value == Value::Int(0))
    }

    /// Records the dict literals nested in `dict` under an application section (any key but
    /// `global` or `server`), where a global-only settings key is not read.
    pub(super) fn note_application_sections(&mut self, dict: &ast::ExprDict) {
        for item in &dict.items {
            let Some(Expr::StringLiteral(key)) = &item.key else {
                continue;
            };
            if let Expr::Dict(section) = &item.value
                && !GLOBAL_SECTIONS.contains(&key.value.to_str())
            {
                self.application_sections.push(section.range());
            }
        }
    }

    /// True when a settings key is not read where `dict` stands.
    pub(super) fn is_unread_setting_key(&self, dict: &ast::ExprDict, key: &str) -> bool {
        GLOBAL_SECTION_KEYS.contains(&key) && self.application_sections.contains(&dict.range())
    }
}

/// True for an abstract class whose instances do not listen (`asyncio.AbstractEventLoop()`,
/// whose `create_server` raises `NotImplementedError`).
pub(super) fn is_abstract_class(qualified: &str) -> bool {
    ABSTRACT_CLASSES.contains(&qualified)
}

/// Walks a body to decide whether the socket held by `name` may listen.
struct SocketUses<'n> {
    name: &'n str,
    bind_call: TextRange,
    /// The body assigns the name from a call (`s = socket.socket()`, `with socket.socket() as
    /// s`).
    created_here: bool,
    /// Some use may make it listen, or lets it escape.
    may_listen: bool,
    /// Uses that show it is for something else (`getsockname()`, `close()`, `sendto()`).
    deaf_uses: usize,
    /// How deep the walk is, against [`MAX_VISIT_DEPTH`]: deeper code (a generated
    /// `1 + 1 + …` of a million terms) is not walked, and the socket is assumed to listen.
    depth: usize,
}

impl SocketUses<'_> {
    /// Steps one level deeper, unless the walk is decided already or too deep (a body nested
    /// past the budget is taken to listen: unknown stays a finding). The caller steps back.
    fn enter(&mut self) -> bool {
        if self.may_listen {
            return false;
        }
        if self.depth >= MAX_VISIT_DEPTH {
            self.may_listen = true;
            return false;
        }
        self.depth += 1;
        true
    }

    fn is_name(&self, expr: &Expr) -> bool {
        matches!(expr, Expr::Name(name) if name.id.as_str() == self.name)
    }

    /// Notes `target = value` (or `with value as target`) creating the socket here.
    fn note_assignment(&mut self, target: &Expr, value: &Expr) {
        if self.is_name(target) && matches!(value, Expr::Call(_)) {
            self.created_here = true;
        }
    }
}

impl<'b> Visitor<'b> for SocketUses<'_> {
    fn visit_stmt(&mut self, statement: &'b Stmt) {
        if self.enter() {
            self.visit_statement_within_budget(statement);
            self.depth -= 1;
        }
    }

    fn visit_expr(&mut self, expr: &'b Expr) {
        if self.enter() {
            self.visit_expression_within_budget(expr);
            self.depth -= 1;
        }
    }
}

impl SocketUses<'_> {
    fn visit_statement_within_budget(&mut self, statement: &Stmt) {
        match statement {
            Stmt::Assign(node) => {
                for target in &node.targets {
                    self.note_assignment(target, &node.value);
                }
                walk_stmt(self, statement);
            }
            Stmt::With(node) => {
                for item in &node.items {
                    if let Some(target) = &item.optional_vars {
                        self.note_assignment(target, &item.context_expr);
                    }
                    // `with sock:` closes it.
                    if self.is_name(&item.context_expr) {
                        self.deaf_uses += 1;
                    } else {
                        self.visit_expr(&item.context_expr);
                    }
                }
                for statement in &node.body {
                    self.visit_stmt(statement);
                }
            }
            Stmt::If(node) if self.is_name(&node.test) => {
                for statement in &node.body {
                    self.visit_stmt(statement);
                }
                for clause in &node.elif_else_clauses {
                    if let Some(test) = &clause.test
                        && !self.is_name(test)
                    {
                        self.visit_expr(test);
                    }
                    for statement in &clause.body {
                        self.visit_stmt(statement);
                    }
                }
            }
            _ => walk_stmt(self, statement),
        }
    }

    fn visit_expression_within_budget(&mut self, expr: &Expr) {
        match expr {
            Expr::Call(call) => {
                if let Expr::Attribute(attribute) = &*call.func
                    && self.is_name(&attribute.value)
                {
                    let method = attribute.attr.as_str();
                    if call.range() != self.bind_call {
                        if DEAF_SOCKET_METHODS.contains(&method) {
                            self.deaf_uses += 1;
                        } else if !SOCKET_SETUP_METHODS.contains(&method) {
                            self.may_listen = true;
                            return;
                        }
                    }
                    for argument in &*call.arguments.args {
                        self.visit_expr(argument);
                    }
                    for keyword in &*call.arguments.keywords {
                        self.visit_expr(&keyword.value);
                    }
                    return;
                }
                walk_expr(self, expr);
            }
            // `s.family`, `s.type`: reading an attribute lets nothing in.
            Expr::Attribute(attribute) if self.is_name(&attribute.value) => {}
            // `s is None`, `s == other`.
            Expr::Compare(compare) => {
                for operand in std::iter::once(&*compare.left).chain(compare.comparators.iter()) {
                    if !self.is_name(operand) {
                        self.visit_expr(operand);
                    }
                }
            }
            Expr::Name(name) if name.id.as_str() == self.name => {
                if name.ctx == ast::ExprContext::Load {
                    self.may_listen = true;
                }
            }
            _ => walk_expr(self, expr),
        }
    }
}
