//! The sink catalogue: every listening call git-bindcheck knows, as data.
//!
//! One [`SinkSpec`] row says which callee listens, how its receiver is recognised, which argument
//! carries the address and in what shape, and what an omitted or `None` host means for that
//! library. Adding a library is one row here plus fixture tests; the analysis in
//! `crate::python::analysis` interprets the rows and has no per-library code.
//!
//! The catalogue also lists the constructors whose results the analysis types (sockets, event
//! loops), so that `s = socket.socket(); s.bind(...)` is recognised, and the address families
//! that make a socket not an IP socket.

use super::Rule;

/// How the receiver of a call is recognised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Receiver {
    /// The callee is a module-level function or class, named by its qualified name
    /// (`socket.create_server`), reached through the file's imports.
    Function,
    /// The callee is a method on an instance of the class with this qualified name
    /// (`socket.socket`), typed from the file's assignments.
    Instance(&'static str),
    /// The method name is distinctive with this address shape, so any receiver whose type is not
    /// known to be something else qualifies (`sock.bind(("0.0.0.0", 80))` on a parameter).
    AnyUnknown,
}

/// The shape of the value the address argument holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddressShape {
    /// A socket address tuple: `(host, port)`, or `(host, port, flowinfo, scope_id)` for IPv6.
    SocketAddress,
    /// A host string, or a sequence of host strings (asyncio).
    Host,
}

/// Where the address argument sits in the call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AddressArgument {
    /// Zero-based positional index, if it may be passed positionally (receiver excluded).
    pub position: Option<usize>,
    /// Keyword name.
    pub keyword: &'static str,
    /// What the argument holds.
    pub shape: AddressShape,
}

/// What it means when the address argument is left out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Omitted {
    /// Without the argument the call does not listen on an address the caller chose (a client
    /// datagram endpoint, an arbitrary local address): not a finding.
    NotAFinding,
    /// The library listens on every interface: reported under [`Rule::ImplicitAllInterfaces`],
    /// unless one of `unless_keywords` is given (e.g. `sock=`, which brings its own socket).
    AllInterfaces {
        /// Keywords whose presence means no address is bound by the call.
        unless_keywords: &'static [&'static str],
    },
}

/// One listening call of the catalogue.
#[derive(Debug)]
pub struct SinkSpec {
    /// The qualified callee for [`Receiver::Function`] (`socket.create_server`), or the method
    /// name for the other receivers (`bind`).
    pub callee: &'static str,
    /// How the receiver is recognised.
    pub receiver: Receiver,
    /// How the call is named in messages, e.g. `socket.bind()`.
    pub display: &'static str,
    /// The rule an explicit all-interfaces address falls under.
    pub rule: Rule,
    /// Where the address is.
    pub address: AddressArgument,
    /// What leaving the address out means.
    pub omitted: Omitted,
    /// Whether `None` as the host means all interfaces (asyncio) rather than an error.
    pub none_means_all_interfaces: bool,
}

const fn socket_address(position: usize, keyword: &'static str) -> AddressArgument {
    AddressArgument {
        position: Some(position),
        keyword,
        shape: AddressShape::SocketAddress,
    }
}

const fn host(position: usize, keyword: &'static str) -> AddressArgument {
    AddressArgument {
        position: Some(position),
        keyword,
        shape: AddressShape::Host,
    }
}

/// A standard-library server class whose first argument is its `(host, port)` address.
const fn stdlib_server(callee: &'static str, display: &'static str) -> SinkSpec {
    SinkSpec {
        callee,
        receiver: Receiver::Function,
        display,
        rule: Rule::BindAllInterfaces,
        address: socket_address(0, "server_address"),
        omitted: Omitted::NotAFinding,
        none_means_all_interfaces: false,
    }
}

/// `asyncio` listeners: the host defaults to `None`, and `None` or `""` binds every address
/// `getaddrinfo(None, port, flags=AI_PASSIVE)` returns.
/// <https://docs.python.org/3/library/asyncio-eventloop.html#asyncio.loop.create_server>
/// ("If host is an empty string or None, all interfaces are assumed").
const fn asyncio_server(
    callee: &'static str,
    receiver: Receiver,
    display: &'static str,
) -> SinkSpec {
    SinkSpec {
        callee,
        receiver,
        display,
        rule: Rule::BindAllInterfaces,
        address: host(1, "host"),
        omitted: Omitted::AllInterfaces {
            unless_keywords: &["sock"],
        },
        none_means_all_interfaces: true,
    }
}

/// The qualified class name the analysis gives asyncio event loops.
pub const EVENT_LOOP_CLASS: &str = "asyncio.AbstractEventLoop";
/// The qualified class name the analysis gives sockets.
pub const SOCKET_CLASS: &str = "socket.socket";

/// Every listening call git-bindcheck recognises.
pub static SINKS: &[SinkSpec] = &[
    // socket.socket.bind(address): https://docs.python.org/3/library/socket.html#socket.socket.bind
    SinkSpec {
        callee: "bind",
        receiver: Receiver::Instance(SOCKET_CLASS),
        display: "socket.bind()",
        rule: Rule::BindAllInterfaces,
        address: socket_address(0, "address"),
        omitted: Omitted::NotAFinding,
        none_means_all_interfaces: false,
    },
    // A `.bind((host, port))` on a receiver of unknown type: the tuple shape is distinctive
    // (tkinter binds event strings, zmq endpoint strings, SQLAlchemy engines).
    SinkSpec {
        callee: "bind",
        receiver: Receiver::AnyUnknown,
        display: "socket.bind()",
        rule: Rule::BindAllInterfaces,
        address: socket_address(0, "address"),
        omitted: Omitted::NotAFinding,
        none_means_all_interfaces: false,
    },
    // socket.create_server(address, *, family=AF_INET, ...):
    // https://docs.python.org/3/library/socket.html#socket.create_server
    SinkSpec {
        callee: "socket.create_server",
        receiver: Receiver::Function,
        display: "socket.create_server()",
        rule: Rule::BindAllInterfaces,
        address: socket_address(0, "address"),
        omitted: Omitted::NotAFinding,
        none_means_all_interfaces: false,
    },
    // socketserver servers take server_address first:
    // https://docs.python.org/3/library/socketserver.html#socketserver.TCPServer
    stdlib_server("socketserver.TCPServer", "socketserver.TCPServer()"),
    stdlib_server("socketserver.UDPServer", "socketserver.UDPServer()"),
    stdlib_server(
        "socketserver.ThreadingTCPServer",
        "socketserver.ThreadingTCPServer()",
    ),
    stdlib_server(
        "socketserver.ThreadingUDPServer",
        "socketserver.ThreadingUDPServer()",
    ),
    stdlib_server(
        "socketserver.ForkingTCPServer",
        "socketserver.ForkingTCPServer()",
    ),
    stdlib_server(
        "socketserver.ForkingUDPServer",
        "socketserver.ForkingUDPServer()",
    ),
    // http.server: https://docs.python.org/3/library/http.server.html#http.server.HTTPServer
    stdlib_server("http.server.HTTPServer", "http.server.HTTPServer()"),
    stdlib_server(
        "http.server.ThreadingHTTPServer",
        "http.server.ThreadingHTTPServer()",
    ),
    // xmlrpc.server: https://docs.python.org/3/library/xmlrpc.server.html
    stdlib_server(
        "xmlrpc.server.SimpleXMLRPCServer",
        "xmlrpc.server.SimpleXMLRPCServer()",
    ),
    stdlib_server(
        "xmlrpc.server.DocXMLRPCServer",
        "xmlrpc.server.DocXMLRPCServer()",
    ),
    stdlib_server(
        "xmlrpc.server.MultiPathXMLRPCServer",
        "xmlrpc.server.MultiPathXMLRPCServer()",
    ),
    // wsgiref: https://docs.python.org/3/library/wsgiref.html#wsgiref.simple_server.make_server
    SinkSpec {
        callee: "wsgiref.simple_server.make_server",
        receiver: Receiver::Function,
        display: "wsgiref.simple_server.make_server()",
        rule: Rule::BindAllInterfaces,
        address: host(0, "host"),
        omitted: Omitted::NotAFinding,
        none_means_all_interfaces: false,
    },
    stdlib_server(
        "wsgiref.simple_server.WSGIServer",
        "wsgiref.simple_server.WSGIServer()",
    ),
    // multiprocessing: an omitted address is "an arbitrary one" on the local machine
    // (AF_INET listeners pick ('localhost', 0)):
    // https://docs.python.org/3/library/multiprocessing.html#multiprocessing.connection.Listener
    SinkSpec {
        callee: "multiprocessing.connection.Listener",
        receiver: Receiver::Function,
        display: "multiprocessing.connection.Listener()",
        rule: Rule::BindAllInterfaces,
        address: socket_address(0, "address"),
        omitted: Omitted::NotAFinding,
        none_means_all_interfaces: false,
    },
    // https://docs.python.org/3/library/multiprocessing.html#multiprocessing.managers.BaseManager
    SinkSpec {
        callee: "multiprocessing.managers.BaseManager",
        receiver: Receiver::Function,
        display: "multiprocessing.managers.BaseManager()",
        rule: Rule::BindAllInterfaces,
        address: socket_address(0, "address"),
        omitted: Omitted::NotAFinding,
        none_means_all_interfaces: false,
    },
    SinkSpec {
        callee: "multiprocessing.managers.SyncManager",
        receiver: Receiver::Function,
        display: "multiprocessing.managers.SyncManager()",
        rule: Rule::BindAllInterfaces,
        address: socket_address(0, "address"),
        omitted: Omitted::NotAFinding,
        none_means_all_interfaces: false,
    },
    // asyncio.start_server(client_connected_cb, host=None, port=None, ...):
    // https://docs.python.org/3/library/asyncio-stream.html#asyncio.start_server
    asyncio_server(
        "asyncio.start_server",
        Receiver::Function,
        "asyncio.start_server()",
    ),
    // loop.create_server(protocol_factory, host=None, port=None, ...)
    asyncio_server(
        "create_server",
        Receiver::Instance(EVENT_LOOP_CLASS),
        "loop.create_server()",
    ),
    // loop.create_datagram_endpoint(protocol_factory, local_addr=None, remote_addr=None, ...):
    // without local_addr it is a client endpoint.
    // https://docs.python.org/3/library/asyncio-eventloop.html#asyncio.loop.create_datagram_endpoint
    SinkSpec {
        callee: "create_datagram_endpoint",
        receiver: Receiver::Instance(EVENT_LOOP_CLASS),
        display: "loop.create_datagram_endpoint()",
        rule: Rule::BindAllInterfaces,
        address: socket_address(1, "local_addr"),
        omitted: Omitted::NotAFinding,
        none_means_all_interfaces: false,
    },
];

/// A call whose result the analysis types: the qualified callee and the class of its result.
#[derive(Debug)]
pub struct Constructor {
    /// Qualified name of the function or class called.
    pub callee: &'static str,
    /// Qualified class name of the object it returns.
    pub class: &'static str,
    /// Where the socket family argument is, for socket constructors.
    pub family_argument: Option<(usize, &'static str)>,
}

/// Calls that create sockets or event loops.
pub static CONSTRUCTORS: &[Constructor] = &[
    Constructor {
        callee: "socket.socket",
        class: SOCKET_CLASS,
        family_argument: Some((0, "family")),
    },
    Constructor {
        callee: "socket.fromfd",
        class: SOCKET_CLASS,
        family_argument: Some((1, "family")),
    },
    Constructor {
        callee: "asyncio.get_event_loop",
        class: EVENT_LOOP_CLASS,
        family_argument: None,
    },
    Constructor {
        callee: "asyncio.get_running_loop",
        class: EVENT_LOOP_CLASS,
        family_argument: None,
    },
    Constructor {
        callee: "asyncio.new_event_loop",
        class: EVENT_LOOP_CLASS,
        family_argument: None,
    },
];

/// `socket.getaddrinfo`: with host `None` and `AI_PASSIVE` its addresses are the wildcard ones.
/// <https://docs.python.org/3/library/socket.html#socket.getaddrinfo>
pub const GETADDRINFO: &str = "socket.getaddrinfo";
/// The `AI_PASSIVE` flag, as qualified by the imports.
pub const AI_PASSIVE: &str = "socket.AI_PASSIVE";

/// Socket address families that carry IP addresses; any other known `AF_*` constant makes a
/// socket's `bind` tuple something else (a netlink pid, a packet interface, a CAN or Bluetooth
/// device).
pub const IP_FAMILIES: &[&str] = &["socket.AF_INET", "socket.AF_INET6"];

/// Modules whose sockets are never IP sockets, so a `.bind((…))` on their objects is not a sink.
pub const NON_IP_SOCKET_MODULES: &[&str] = &["bluetooth", "tkinter", "Tkinter"];

/// True when `qualified` names something the catalogue knows: a sink, a constructor, a socket
/// constant. Used to resolve names brought in by `from module import *`.
pub fn is_known_name(qualified: &str) -> bool {
    SINKS
        .iter()
        .any(|sink| sink.receiver == Receiver::Function && sink.callee == qualified)
        || CONSTRUCTORS
            .iter()
            .any(|constructor| constructor.callee == qualified)
        || qualified == GETADDRINFO
        || qualified
            .strip_prefix("socket.")
            .is_some_and(|name| name.starts_with("AF_") || name.starts_with("AI_"))
}

/// The rows that apply to a call of the qualified function or class `qualified`.
pub fn function_sinks(qualified: &str) -> impl Iterator<Item = &'static SinkSpec> + '_ {
    SINKS
        .iter()
        .filter(move |sink| sink.receiver == Receiver::Function && sink.callee == qualified)
}

/// The rows that apply to a method call `method` on an instance of `class`.
pub fn method_sinks<'a>(
    class: &'a str,
    method: &'a str,
) -> impl Iterator<Item = &'static SinkSpec> + 'a {
    SINKS.iter().filter(move |sink| {
        matches!(sink.receiver, Receiver::Instance(receiver) if receiver == class)
            && sink.callee == method
    })
}

/// The rows that apply to a method call `method` whose receiver's type is unknown.
pub fn unknown_receiver_sinks(method: &str) -> impl Iterator<Item = &'static SinkSpec> + '_ {
    SINKS
        .iter()
        .filter(move |sink| sink.receiver == Receiver::AnyUnknown && sink.callee == method)
}

/// The constructor row for a qualified callee, if it is one.
pub fn constructor(qualified: &str) -> Option<&'static Constructor> {
    CONSTRUCTORS
        .iter()
        .find(|constructor| constructor.callee == qualified)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_function_sink_is_a_dotted_qualified_name() {
        for sink in SINKS {
            if sink.receiver == Receiver::Function {
                assert!(sink.callee.contains('.'), "{}", sink.callee);
            } else {
                assert!(!sink.callee.contains('.'), "{}", sink.callee);
            }
        }
    }

    #[test]
    fn catalogue_rows_are_unique() {
        for (index, sink) in SINKS.iter().enumerate() {
            for other in &SINKS[index + 1..] {
                assert!(
                    !(sink.callee == other.callee && sink.receiver == other.receiver),
                    "duplicate row for {}",
                    sink.callee
                );
            }
        }
    }

    #[test]
    fn star_import_names_are_known() {
        assert!(is_known_name("socket.socket"));
        assert!(is_known_name("socket.AF_UNIX"));
        assert!(is_known_name("socket.create_server"));
        assert!(!is_known_name("socket.gethostname"));
    }
}
