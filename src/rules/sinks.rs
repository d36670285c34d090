//! The sink catalogue: every listening call and setting git-bindcheck knows, as data.
//!
//! One [`SinkSpec`] row says which callee listens, how its receiver is recognised, which
//! arguments carry the address and in what shape, where the port is, and what an omitted or
//! `None` host means for that library. [`SettingSink`] rows do the same for listening settings
//! written as assignments (`c.ServerApp.ip = "*"`, a gunicorn config's `bind = ...`) or as keys
//! of an options dict (`{"bind": "0.0.0.0:8000"}`). Adding a library is one row here plus
//! fixture tests; the analysis in `crate::python::analysis` interprets the rows and has no
//! per-library code. Each row cites where its default is documented.
//!
//! The catalogue also lists the constructors whose results the analysis types (sockets, event
//! loops), so that `s = socket.socket(); s.bind(...)` is recognised, and the address families
//! that make a socket not an IP socket.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

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
    /// known to be something else qualifies (`sock.bind(("0.0.0.0", 80))` on a parameter,
    /// `server.add_insecure_port("[::]:50051")`).
    AnyUnknown,
}

/// The shape of the value an address argument holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddressShape {
    /// A socket address tuple: `(host, port)`, or `(host, port, flowinfo, scope_id)` for IPv6.
    SocketAddress,
    /// A host string, or a sequence of host strings (asyncio, aiohttp).
    Host,
    /// A host string where `*` also means every interface (Jupyter's `ip`).
    HostOrStar,
    /// An endpoint string `host:port`, `[v6]:port`, `:port`, `scheme://host:port`, a list of
    /// them, or several separated by spaces (waitress' `listen`).
    Endpoint,
    /// A ZeroMQ endpoint `transport://interface[:port]` (`tcp://*:5555`, `tcp://*`).
    SchemeEndpoint,
    /// gevent's listener: a socket address tuple or an endpoint string (`":8000"`).
    SocketAddressOrEndpoint,
    /// A Twisted endpoint description (`tcp:8080`, `tcp:8080:interface=127.0.0.1`): every
    /// interface unless `interface=` says otherwise.
    TwistedDescription,
}

/// Where an argument sits in a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ArgumentPlace {
    /// Zero-based positional index (receiver excluded), if it may be passed positionally.
    pub position: Option<usize>,
    /// Keyword name.
    pub keyword: &'static str,
}

/// An argument that may carry the listening address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AddressArgument {
    /// Where it is.
    pub place: ArgumentPlace,
    /// What it holds.
    pub shape: AddressShape,
}

/// What it means when no address argument is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Omitted {
    /// The library then listens on loopback, or on nothing the caller chose (a client datagram
    /// endpoint, an arbitrary local address): not a finding.
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
    /// The rule an explicit all-interfaces address falls under: BND001 for the standard
    /// library, BND002 for third-party servers.
    pub rule: Rule,
    /// The arguments that may carry the address; the first one given is checked.
    pub addresses: &'static [AddressArgument],
    /// Where the port is when it is an argument of its own (for BND101); `None` when it is part
    /// of the address.
    pub port: Option<ArgumentPlace>,
    /// What leaving every address argument out means.
    pub omitted: Omitted,
    /// What an empty or `None` host means for this library.
    pub falsy_host: FalsyHost,
}

/// What a library does with an empty-string or `None` host.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FalsyHost {
    /// The host reaches `bind()` as written: `""` is INADDR_ANY, `None` is not an address
    /// (sockets, socketserver, Werkzeug, uvicorn, waitress).
    AsWritten,
    /// `""` and `None` both mean every interface (asyncio, aiohttp, tornado, websockets, rpyc).
    AllInterfaces,
    /// `""` and `None` both fall back to 127.0.0.1 (Flask, Sanic, Dash: `host or "127.0.0.1"`).
    Loopback,
}

/// Where a listening setting is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SettingTarget {
    /// A module-level assignment `name = ...` in a file whose name is one of `file_names`
    /// (gunicorn reads its config file as Python).
    ModuleVariable {
        /// The variable.
        name: &'static str,
        /// File names (without directories) where the variable is a setting.
        file_names: &'static [&'static str],
    },
    /// `<anything>.<class>.<attribute> = ...` where `<class>` ends with `class_suffix`
    /// (`c.ServerApp.ip` in a Jupyter config).
    ConfigurableAttribute {
        /// Suffix of the middle name, e.g. `App`.
        class_suffix: &'static str,
        /// The attribute, e.g. `ip`.
        attribute: &'static str,
    },
    /// `<object>.<attribute> = ...` on an instance of (or the module object) `owner`.
    ObjectAttribute {
        /// Qualified class or module name (`hypercorn.config.Config`, `cherrypy.server`).
        owner: &'static str,
        /// The attribute, e.g. `bind`.
        attribute: &'static str,
    },
    /// A string key of a dict literal (`{"bind": "0.0.0.0:8000"}`), as options dicts are
    /// handed to gunicorn applications and `cherrypy.config.update`.
    DictKey(&'static str),
}

/// One listening setting of the catalogue.
#[derive(Debug)]
pub struct SettingSink {
    /// Where the setting is written.
    pub target: SettingTarget,
    /// How the setting is named in messages.
    pub display: &'static str,
    /// What the value holds.
    pub shape: AddressShape,
}

const fn at(position: usize, keyword: &'static str) -> ArgumentPlace {
    ArgumentPlace {
        position: Some(position),
        keyword,
    }
}

const fn keyword(keyword: &'static str) -> ArgumentPlace {
    ArgumentPlace {
        position: None,
        keyword,
    }
}

const fn address(place: ArgumentPlace, shape: AddressShape) -> AddressArgument {
    AddressArgument { place, shape }
}

/// A call whose only address is a `(host, port)` tuple at `position`, not listening when
/// omitted.
const fn tuple_sink(
    callee: &'static str,
    receiver: Receiver,
    display: &'static str,
    rule: Rule,
    addresses: &'static [AddressArgument],
) -> SinkSpec {
    SinkSpec {
        callee,
        receiver,
        display,
        rule,
        addresses,
        port: None,
        omitted: Omitted::NotAFinding,
        falsy_host: FalsyHost::AsWritten,
    }
}

/// A standard-library server class whose first argument is its `(host, port)` address.
macro_rules! stdlib_server {
    ($callee:expr, $display:expr $(,)?) => {
        tuple_sink(
            $callee,
            Receiver::Function,
            $display,
            Rule::BindAllInterfaces,
            &[address(
                at(0, "server_address"),
                AddressShape::SocketAddress,
            )],
        )
    };
}

/// A call taking `host` and `port` as separate arguments.
macro_rules! host_sink {
    (
        $callee:expr,
        $receiver:expr,
        $display:expr,
        $rule:expr,
        $host:expr,
        $port:expr,
        $omitted:expr,
        $falsy_host:expr $(,)?
    ) => {
        SinkSpec {
            callee: $callee,
            receiver: $receiver,
            display: $display,
            rule: $rule,
            addresses: &[address($host, AddressShape::Host)],
            port: Some($port),
            omitted: $omitted,
            falsy_host: $falsy_host,
        }
    };
}

/// The libraries listen on every interface when the host is left out.
const ALL_INTERFACES: Omitted = Omitted::AllInterfaces {
    unless_keywords: &[],
};
/// asyncio-style listeners: `sock=` brings its own socket, `path=` a Unix socket.
const ALL_INTERFACES_UNLESS_SOCK: Omitted = Omitted::AllInterfaces {
    unless_keywords: &["sock", "path", "unix"],
};

/// The qualified class name the analysis gives asyncio event loops.
pub const EVENT_LOOP_CLASS: &str = "asyncio.AbstractEventLoop";
/// The qualified class name the analysis gives sockets.
pub const SOCKET_CLASS: &str = "socket.socket";

const B1: Rule = Rule::BindAllInterfaces;
const B2: Rule = Rule::ServerAllInterfaces;

/// Every listening call git-bindcheck recognises.
pub static SINKS: &[SinkSpec] = &[
    // ---- standard library -------------------------------------------------------------------
    // socket.socket.bind(address): https://docs.python.org/3/library/socket.html#socket.socket.bind
    tuple_sink(
        "bind",
        Receiver::Instance(SOCKET_CLASS),
        "socket.bind()",
        B1,
        &[address(at(0, "address"), AddressShape::SocketAddress)],
    ),
    // A `.bind((host, port))` on a receiver of unknown type: the tuple shape is distinctive
    // (tkinter binds event strings, SQLAlchemy engines).
    tuple_sink(
        "bind",
        Receiver::AnyUnknown,
        "socket.bind()",
        B1,
        &[address(at(0, "address"), AddressShape::SocketAddress)],
    ),
    // socket.create_server(address, *, family=AF_INET, ...):
    // https://docs.python.org/3/library/socket.html#socket.create_server
    tuple_sink(
        "socket.create_server",
        Receiver::Function,
        "socket.create_server()",
        B1,
        &[address(at(0, "address"), AddressShape::SocketAddress)],
    ),
    // socketserver servers take server_address first:
    // https://docs.python.org/3/library/socketserver.html#socketserver.TCPServer
    stdlib_server!("socketserver.TCPServer", "socketserver.TCPServer()"),
    stdlib_server!("socketserver.UDPServer", "socketserver.UDPServer()"),
    stdlib_server!(
        "socketserver.ThreadingTCPServer",
        "socketserver.ThreadingTCPServer()"
    ),
    stdlib_server!(
        "socketserver.ThreadingUDPServer",
        "socketserver.ThreadingUDPServer()"
    ),
    stdlib_server!(
        "socketserver.ForkingTCPServer",
        "socketserver.ForkingTCPServer()"
    ),
    stdlib_server!(
        "socketserver.ForkingUDPServer",
        "socketserver.ForkingUDPServer()"
    ),
    // http.server: https://docs.python.org/3/library/http.server.html#http.server.HTTPServer
    stdlib_server!("http.server.HTTPServer", "http.server.HTTPServer()"),
    stdlib_server!(
        "http.server.ThreadingHTTPServer",
        "http.server.ThreadingHTTPServer()"
    ),
    // xmlrpc.server: https://docs.python.org/3/library/xmlrpc.server.html
    stdlib_server!(
        "xmlrpc.server.SimpleXMLRPCServer",
        "xmlrpc.server.SimpleXMLRPCServer()"
    ),
    stdlib_server!(
        "xmlrpc.server.DocXMLRPCServer",
        "xmlrpc.server.DocXMLRPCServer()"
    ),
    stdlib_server!(
        "xmlrpc.server.MultiPathXMLRPCServer",
        "xmlrpc.server.MultiPathXMLRPCServer()",
    ),
    // wsgiref: https://docs.python.org/3/library/wsgiref.html#wsgiref.simple_server.make_server
    host_sink!(
        "wsgiref.simple_server.make_server",
        Receiver::Function,
        "wsgiref.simple_server.make_server()",
        B1,
        at(0, "host"),
        at(1, "port"),
        Omitted::NotAFinding,
        FalsyHost::AsWritten,
    ),
    stdlib_server!(
        "wsgiref.simple_server.WSGIServer",
        "wsgiref.simple_server.WSGIServer()",
    ),
    // multiprocessing: an omitted address is "an arbitrary one" on the local machine
    // (AF_INET listeners pick ('localhost', 0)):
    // https://docs.python.org/3/library/multiprocessing.html#multiprocessing.connection.Listener
    tuple_sink(
        "multiprocessing.connection.Listener",
        Receiver::Function,
        "multiprocessing.connection.Listener()",
        B1,
        &[address(at(0, "address"), AddressShape::SocketAddress)],
    ),
    // https://docs.python.org/3/library/multiprocessing.html#multiprocessing.managers.BaseManager
    tuple_sink(
        "multiprocessing.managers.BaseManager",
        Receiver::Function,
        "multiprocessing.managers.BaseManager()",
        B1,
        &[address(at(0, "address"), AddressShape::SocketAddress)],
    ),
    tuple_sink(
        "multiprocessing.managers.SyncManager",
        Receiver::Function,
        "multiprocessing.managers.SyncManager()",
        B1,
        &[address(at(0, "address"), AddressShape::SocketAddress)],
    ),
    // asyncio: the host defaults to `None`, and `None` or `""` binds every address
    // getaddrinfo(None, port, flags=AI_PASSIVE) returns ("If host is an empty string or None,
    // all interfaces are assumed"):
    // https://docs.python.org/3/library/asyncio-eventloop.html#asyncio.loop.create_server
    // https://docs.python.org/3/library/asyncio-stream.html#asyncio.start_server
    host_sink!(
        "asyncio.start_server",
        Receiver::Function,
        "asyncio.start_server()",
        B1,
        at(1, "host"),
        at(2, "port"),
        ALL_INTERFACES_UNLESS_SOCK,
        FalsyHost::AllInterfaces,
    ),
    host_sink!(
        "create_server",
        Receiver::Instance(EVENT_LOOP_CLASS),
        "loop.create_server()",
        B1,
        at(1, "host"),
        at(2, "port"),
        ALL_INTERFACES_UNLESS_SOCK,
        FalsyHost::AllInterfaces,
    ),
    // loop.create_datagram_endpoint(protocol_factory, local_addr=None, remote_addr=None, ...):
    // without local_addr it is a client endpoint.
    // https://docs.python.org/3/library/asyncio-eventloop.html#asyncio.loop.create_datagram_endpoint
    tuple_sink(
        "create_datagram_endpoint",
        Receiver::Instance(EVENT_LOOP_CLASS),
        "loop.create_datagram_endpoint()",
        B1,
        &[address(at(1, "local_addr"), AddressShape::SocketAddress)],
    ),
    // ---- third-party servers and frameworks ------------------------------------------------
    // Flask `app.run(host=None)`: None means 127.0.0.1
    // (https://flask.palletsprojects.com/en/stable/api/#flask.Flask.run); Sanic and Dash
    // default to 127.0.0.1 too (https://sanic.dev/en/guide/deployment/running.html,
    // https://dash.plotly.com/reference#app.run); bottle's `run(host='127.0.0.1')`
    // (https://bottlepy.org/docs/dev/api.html#bottle.run). `.run(host=...)` with a keyword host
    // is distinctive whatever the receiver.
    // Flask `run(host=None, port=None, ...)`, Sanic `run(host=None, port=None, ...)` and Dash
    // `run(host=..., port=...)` also take the host positionally, which is safe to read once the
    // receiver is known to be one of them.
    host_sink!(
        "run",
        Receiver::Instance("flask.Flask"),
        "Flask app.run()",
        B2,
        at(0, "host"),
        at(1, "port"),
        Omitted::NotAFinding,
        FalsyHost::Loopback,
    ),
    host_sink!(
        "run",
        Receiver::Instance("sanic.Sanic"),
        "Sanic app.run()",
        B2,
        at(0, "host"),
        at(1, "port"),
        Omitted::NotAFinding,
        FalsyHost::Loopback,
    ),
    host_sink!(
        "run",
        Receiver::Instance("dash.Dash"),
        "Dash app.run()",
        B2,
        at(0, "host"),
        at(1, "port"),
        Omitted::NotAFinding,
        FalsyHost::Loopback,
    ),
    host_sink!(
        "run_server",
        Receiver::Instance("dash.Dash"),
        "Dash app.run_server()",
        B2,
        at(0, "host"),
        at(1, "port"),
        Omitted::NotAFinding,
        FalsyHost::Loopback,
    ),
    host_sink!(
        "run",
        Receiver::AnyUnknown,
        "app.run()",
        B2,
        keyword("host"),
        keyword("port"),
        Omitted::NotAFinding,
        FalsyHost::Loopback,
    ),
    host_sink!(
        "run_server",
        Receiver::AnyUnknown,
        "app.run_server()",
        B2,
        keyword("host"),
        keyword("port"),
        Omitted::NotAFinding,
        FalsyHost::Loopback,
    ),
    host_sink!(
        "bottle.run",
        Receiver::Function,
        "bottle.run()",
        B2,
        at(2, "host"),
        at(3, "port"),
        Omitted::NotAFinding,
        FalsyHost::AsWritten,
    ),
    // Werkzeug `run_simple(hostname, port, application)`; "" binds every interface:
    // https://werkzeug.palletsprojects.com/en/stable/serving/#werkzeug.serving.run_simple
    host_sink!(
        "werkzeug.serving.run_simple",
        Receiver::Function,
        "werkzeug.serving.run_simple()",
        B2,
        at(0, "hostname"),
        at(1, "port"),
        Omitted::NotAFinding,
        FalsyHost::AsWritten,
    ),
    host_sink!(
        "werkzeug.run_simple",
        Receiver::Function,
        "werkzeug.run_simple()",
        B2,
        at(0, "hostname"),
        at(1, "port"),
        Omitted::NotAFinding,
        FalsyHost::AsWritten,
    ),
    host_sink!(
        "werkzeug.serving.make_server",
        Receiver::Function,
        "werkzeug.serving.make_server()",
        B2,
        at(0, "host"),
        at(1, "port"),
        Omitted::NotAFinding,
        FalsyHost::AsWritten,
    ),
    // uvicorn `run(app, host="127.0.0.1")`, `Config(app, host="127.0.0.1")`:
    // https://www.uvicorn.org/settings/#socket-binding
    host_sink!(
        "uvicorn.run",
        Receiver::Function,
        "uvicorn.run()",
        B2,
        keyword("host"),
        keyword("port"),
        Omitted::NotAFinding,
        FalsyHost::AsWritten,
    ),
    host_sink!(
        "uvicorn.Config",
        Receiver::Function,
        "uvicorn.Config()",
        B2,
        keyword("host"),
        keyword("port"),
        Omitted::NotAFinding,
        FalsyHost::AsWritten,
    ),
    host_sink!(
        "uvicorn.config.Config",
        Receiver::Function,
        "uvicorn.Config()",
        B2,
        keyword("host"),
        keyword("port"),
        Omitted::NotAFinding,
        FalsyHost::AsWritten,
    ),
    // waitress `serve(app, host=..., port=..., listen=...)`: "default 0.0.0.0:8080", and
    // `listen="*:8080"` means every IPv4 and IPv6 interface:
    // https://docs.pylonsproject.org/projects/waitress/en/stable/arguments.html
    SinkSpec {
        callee: "waitress.serve",
        receiver: Receiver::Function,
        display: "waitress.serve()",
        rule: B2,
        addresses: &[
            address(keyword("host"), AddressShape::Host),
            address(keyword("listen"), AddressShape::Endpoint),
        ],
        port: Some(keyword("port")),
        omitted: Omitted::AllInterfaces {
            unless_keywords: &["unix_socket", "sockets"],
        },
        falsy_host: FalsyHost::AsWritten,
    },
    SinkSpec {
        callee: "waitress.create_server",
        receiver: Receiver::Function,
        display: "waitress.create_server()",
        rule: B2,
        addresses: &[
            address(keyword("host"), AddressShape::Host),
            address(keyword("listen"), AddressShape::Endpoint),
        ],
        port: Some(keyword("port")),
        omitted: Omitted::AllInterfaces {
            unless_keywords: &["unix_socket", "sockets"],
        },
        falsy_host: FalsyHost::AsWritten,
    },
    // aiohttp `web.run_app(app, host=None)` and `web.TCPSite(runner, host=None)`: "all
    // interfaces if None (default)":
    // https://docs.aiohttp.org/en/stable/web_reference.html#aiohttp.web.TCPSite
    host_sink!(
        "aiohttp.web.run_app",
        Receiver::Function,
        "aiohttp.web.run_app()",
        B2,
        at(1, "host"),
        keyword("port"),
        ALL_INTERFACES_UNLESS_SOCK,
        FalsyHost::AllInterfaces,
    ),
    host_sink!(
        "aiohttp.web.TCPSite",
        Receiver::Function,
        "aiohttp.web.TCPSite()",
        B2,
        at(1, "host"),
        at(2, "port"),
        ALL_INTERFACES,
        FalsyHost::AllInterfaces,
    ),
    // tornado `listen(port, address=None)`, `bind(port, address=None)`,
    // `bind_sockets(port, address=None)`: "Address may be an empty string or None to listen
    // on all available interfaces":
    // https://www.tornadoweb.org/en/stable/netutil.html#tornado.netutil.bind_sockets
    host_sink!(
        "listen",
        Receiver::Instance("tornado.web.Application"),
        "tornado Application.listen()",
        B2,
        at(1, "address"),
        at(0, "port"),
        ALL_INTERFACES,
        FalsyHost::AllInterfaces,
    ),
    host_sink!(
        "listen",
        Receiver::Instance("tornado.httpserver.HTTPServer"),
        "tornado HTTPServer.listen()",
        B2,
        at(1, "address"),
        at(0, "port"),
        ALL_INTERFACES,
        FalsyHost::AllInterfaces,
    ),
    host_sink!(
        "bind",
        Receiver::Instance("tornado.httpserver.HTTPServer"),
        "tornado HTTPServer.bind()",
        B2,
        at(1, "address"),
        at(0, "port"),
        ALL_INTERFACES,
        FalsyHost::AllInterfaces,
    ),
    host_sink!(
        "listen",
        Receiver::Instance("tornado.tcpserver.TCPServer"),
        "tornado TCPServer.listen()",
        B2,
        at(1, "address"),
        at(0, "port"),
        ALL_INTERFACES,
        FalsyHost::AllInterfaces,
    ),
    host_sink!(
        "tornado.netutil.bind_sockets",
        Receiver::Function,
        "tornado.netutil.bind_sockets()",
        B2,
        at(1, "address"),
        at(0, "port"),
        ALL_INTERFACES,
        FalsyHost::AllInterfaces,
    ),
    // Twisted `listenTCP(port, factory, backlog=50, interface='')`: "interface: the local IPv4
    // or IPv6 address to which to bind; defaults to '', ie all IPv4 addresses":
    // https://docs.twisted.org/en/stable/api/twisted.internet.interfaces.IReactorTCP.html
    host_sink!(
        "twisted.internet.reactor.listenTCP",
        Receiver::Function,
        "reactor.listenTCP()",
        B2,
        at(3, "interface"),
        at(0, "port"),
        ALL_INTERFACES,
        FalsyHost::AsWritten,
    ),
    host_sink!(
        "listenTCP",
        Receiver::AnyUnknown,
        "reactor.listenTCP()",
        B2,
        at(3, "interface"),
        at(0, "port"),
        ALL_INTERFACES,
        FalsyHost::AsWritten,
    ),
    host_sink!(
        "twisted.internet.reactor.listenUDP",
        Receiver::Function,
        "reactor.listenUDP()",
        B2,
        at(2, "interface"),
        at(0, "port"),
        ALL_INTERFACES,
        FalsyHost::AsWritten,
    ),
    host_sink!(
        "listenUDP",
        Receiver::AnyUnknown,
        "reactor.listenUDP()",
        B2,
        at(2, "interface"),
        at(0, "port"),
        ALL_INTERFACES,
        FalsyHost::AsWritten,
    ),
    host_sink!(
        "twisted.internet.reactor.listenSSL",
        Receiver::Function,
        "reactor.listenSSL()",
        B2,
        at(4, "interface"),
        at(0, "port"),
        ALL_INTERFACES,
        FalsyHost::AsWritten,
    ),
    host_sink!(
        "listenSSL",
        Receiver::AnyUnknown,
        "reactor.listenSSL()",
        B2,
        at(4, "interface"),
        at(0, "port"),
        ALL_INTERFACES,
        FalsyHost::AsWritten,
    ),
    // `listenMulticast(port, protocol, interface='', maxPacketSize=8192, listenMultiple=False)`:
    // the interface defaults to '', every IPv4 address:
    // https://docs.twisted.org/en/stable/api/twisted.internet.interfaces.IReactorMulticast.html
    host_sink!(
        "twisted.internet.reactor.listenMulticast",
        Receiver::Function,
        "reactor.listenMulticast()",
        B2,
        at(2, "interface"),
        at(0, "port"),
        ALL_INTERFACES,
        FalsyHost::AsWritten,
    ),
    host_sink!(
        "listenMulticast",
        Receiver::AnyUnknown,
        "reactor.listenMulticast()",
        B2,
        at(2, "interface"),
        at(0, "port"),
        ALL_INTERFACES,
        FalsyHost::AsWritten,
    ),
    // https://docs.twisted.org/en/stable/api/twisted.internet.endpoints.TCP4ServerEndpoint.html
    host_sink!(
        "twisted.internet.endpoints.TCP4ServerEndpoint",
        Receiver::Function,
        "TCP4ServerEndpoint()",
        B2,
        at(3, "interface"),
        at(1, "port"),
        ALL_INTERFACES,
        FalsyHost::AsWritten,
    ),
    // TCP6ServerEndpoint's interface defaults to '::'.
    host_sink!(
        "twisted.internet.endpoints.TCP6ServerEndpoint",
        Receiver::Function,
        "TCP6ServerEndpoint()",
        B2,
        at(3, "interface"),
        at(1, "port"),
        ALL_INTERFACES,
        FalsyHost::AsWritten,
    ),
    host_sink!(
        "twisted.internet.endpoints.SSL4ServerEndpoint",
        Receiver::Function,
        "SSL4ServerEndpoint()",
        B2,
        at(4, "interface"),
        at(1, "port"),
        ALL_INTERFACES,
        FalsyHost::AsWritten,
    ),
    // twisted.application.internet.TCPServer(port, factory, backlog, interface) passes its
    // arguments to listenTCP (interface='' by default).
    host_sink!(
        "twisted.application.internet.TCPServer",
        Receiver::Function,
        "internet.TCPServer()",
        B2,
        at(3, "interface"),
        at(0, "port"),
        ALL_INTERFACES,
        FalsyHost::AsWritten,
    ),
    host_sink!(
        "twisted.application.internet.UDPServer",
        Receiver::Function,
        "internet.UDPServer()",
        B2,
        at(2, "interface"),
        at(0, "port"),
        ALL_INTERFACES,
        FalsyHost::AsWritten,
    ),
    host_sink!(
        "twisted.application.internet.SSLServer",
        Receiver::Function,
        "internet.SSLServer()",
        B2,
        at(4, "interface"),
        at(0, "port"),
        ALL_INTERFACES,
        FalsyHost::AsWritten,
    ),
    // Endpoint descriptions: "tcp:8080" listens on all interfaces unless `interface=` is given:
    // https://docs.twisted.org/en/stable/core/howto/endpoints.html#servers
    tuple_sink(
        "twisted.internet.endpoints.serverFromString",
        Receiver::Function,
        "endpoints.serverFromString()",
        B2,
        &[address(
            at(1, "description"),
            AddressShape::TwistedDescription,
        )],
    ),
    tuple_sink(
        "twisted.application.strports.service",
        Receiver::Function,
        "strports.service()",
        B2,
        &[address(
            at(0, "description"),
            AddressShape::TwistedDescription,
        )],
    ),
    tuple_sink(
        "twisted.application.strports.listen",
        Receiver::Function,
        "strports.listen()",
        B2,
        &[address(
            at(0, "description"),
            AddressShape::TwistedDescription,
        )],
    ),
    // gRPC `server.add_insecure_port("[::]:50051")`:
    // https://grpc.github.io/grpc/python/grpc.html#grpc.Server.add_insecure_port
    tuple_sink(
        "add_insecure_port",
        Receiver::AnyUnknown,
        "server.add_insecure_port()",
        B2,
        &[address(at(0, "address"), AddressShape::Endpoint)],
    ),
    tuple_sink(
        "add_secure_port",
        Receiver::AnyUnknown,
        "server.add_secure_port()",
        B2,
        &[address(at(0, "address"), AddressShape::Endpoint)],
    ),
    // pyzmq `socket.bind("tcp://*:5555")`, `bind_to_random_port("tcp://*")`:
    // https://pyzmq.readthedocs.io/en/latest/api/zmq.html#zmq.Socket.bind
    tuple_sink(
        "bind",
        Receiver::AnyUnknown,
        "zmq socket.bind()",
        B2,
        &[address(at(0, "addr"), AddressShape::SchemeEndpoint)],
    ),
    tuple_sink(
        "bind_to_random_port",
        Receiver::AnyUnknown,
        "zmq socket.bind_to_random_port()",
        B2,
        &[address(at(0, "addr"), AddressShape::SchemeEndpoint)],
    ),
    // websockets `serve(handler, host=None, port=None)` follows loop.create_server: None means
    // every interface: https://websockets.readthedocs.io/en/stable/reference/asyncio/server.html
    host_sink!(
        "websockets.serve",
        Receiver::Function,
        "websockets.serve()",
        B2,
        at(1, "host"),
        at(2, "port"),
        ALL_INTERFACES_UNLESS_SOCK,
        FalsyHost::AllInterfaces,
    ),
    host_sink!(
        "websockets.server.serve",
        Receiver::Function,
        "websockets.serve()",
        B2,
        at(1, "host"),
        at(2, "port"),
        ALL_INTERFACES_UNLESS_SOCK,
        FalsyHost::AllInterfaces,
    ),
    host_sink!(
        "websockets.asyncio.server.serve",
        Receiver::Function,
        "websockets.serve()",
        B2,
        at(1, "host"),
        at(2, "port"),
        ALL_INTERFACES_UNLESS_SOCK,
        FalsyHost::AllInterfaces,
    ),
    host_sink!(
        "websockets.legacy.server.serve",
        Receiver::Function,
        "websockets.serve()",
        B2,
        at(1, "host"),
        at(2, "port"),
        ALL_INTERFACES_UNLESS_SOCK,
        FalsyHost::AllInterfaces,
    ),
    // websockets' threading implementation `sync.server.serve(handler, host=None, port=None)`
    // hands `(host, port)` to `socket.create_server`, so "" is every interface and an omitted
    // host is no listener at all (it raises):
    // https://websockets.readthedocs.io/en/stable/reference/sync/server.html
    host_sink!(
        "websockets.sync.server.serve",
        Receiver::Function,
        "websockets.sync.server.serve()",
        B2,
        at(1, "host"),
        at(2, "port"),
        Omitted::NotAFinding,
        FalsyHost::AsWritten,
    ),
    // trio `open_tcp_listeners(port, *, host=None)` and `serve_tcp(handler, port, *, host=None)`:
    // "to accept connections on all available interfaces, then pass None. This is the default":
    // https://trio.readthedocs.io/en/stable/reference-io.html#trio.open_tcp_listeners
    host_sink!(
        "trio.open_tcp_listeners",
        Receiver::Function,
        "trio.open_tcp_listeners()",
        B2,
        keyword("host"),
        at(0, "port"),
        ALL_INTERFACES,
        FalsyHost::AllInterfaces,
    ),
    host_sink!(
        "trio.serve_tcp",
        Receiver::Function,
        "trio.serve_tcp()",
        B2,
        keyword("host"),
        at(1, "port"),
        ALL_INTERFACES,
        FalsyHost::AllInterfaces,
    ),
    // anyio `create_tcp_listener(*, local_host=None, local_port=0)`: "If omitted, bind to all
    // interfaces": https://anyio.readthedocs.io/en/stable/api.html#anyio.create_tcp_listener
    host_sink!(
        "anyio.create_tcp_listener",
        Receiver::Function,
        "anyio.create_tcp_listener()",
        B2,
        keyword("local_host"),
        keyword("local_port"),
        ALL_INTERFACES,
        FalsyHost::AllInterfaces,
    ),
    // prometheus_client `start_http_server(port, addr='0.0.0.0')`:
    // https://prometheus.github.io/client_python/exporting/http/
    host_sink!(
        "prometheus_client.start_http_server",
        Receiver::Function,
        "prometheus_client.start_http_server()",
        B2,
        at(1, "addr"),
        at(0, "port"),
        ALL_INTERFACES,
        FalsyHost::AsWritten,
    ),
    host_sink!(
        "prometheus_client.start_wsgi_server",
        Receiver::Function,
        "prometheus_client.start_wsgi_server()",
        B2,
        at(1, "addr"),
        at(0, "port"),
        ALL_INTERFACES,
        FalsyHost::AsWritten,
    ),
    host_sink!(
        "prometheus_client.exposition.start_http_server",
        Receiver::Function,
        "prometheus_client.start_http_server()",
        B2,
        at(1, "addr"),
        at(0, "port"),
        ALL_INTERFACES,
        FalsyHost::AsWritten,
    ),
    // gradio `launch(server_name=None)`: None means 127.0.0.1 (or GRADIO_SERVER_NAME):
    // https://www.gradio.app/docs/gradio/blocks#blocks-launch
    host_sink!(
        "launch",
        Receiver::AnyUnknown,
        "gradio launch()",
        B2,
        keyword("server_name"),
        keyword("server_port"),
        Omitted::NotAFinding,
        FalsyHost::AsWritten,
    ),
    // gevent servers take a listener: a (host, port) tuple or a "host:port" string, where an
    // empty host (":8000") means every interface:
    // https://www.gevent.org/api/gevent.baseserver.html#gevent.baseserver.BaseServer
    tuple_sink(
        "gevent.pywsgi.WSGIServer",
        Receiver::Function,
        "gevent.pywsgi.WSGIServer()",
        B2,
        &[address(
            at(0, "listener"),
            AddressShape::SocketAddressOrEndpoint,
        )],
    ),
    // The legacy `gevent.wsgi` module re-exports pywsgi's server.
    tuple_sink(
        "gevent.wsgi.WSGIServer",
        Receiver::Function,
        "gevent.wsgi.WSGIServer()",
        B2,
        &[address(
            at(0, "listener"),
            AddressShape::SocketAddressOrEndpoint,
        )],
    ),
    tuple_sink(
        "gevent.server.StreamServer",
        Receiver::Function,
        "gevent.server.StreamServer()",
        B2,
        &[address(
            at(0, "listener"),
            AddressShape::SocketAddressOrEndpoint,
        )],
    ),
    tuple_sink(
        "gevent.server.DatagramServer",
        Receiver::Function,
        "gevent.server.DatagramServer()",
        B2,
        &[address(
            at(0, "listener"),
            AddressShape::SocketAddressOrEndpoint,
        )],
    ),
    // eventlet `listen(addr, family=AF_INET, backlog=50)`: a socket address tuple:
    // https://eventlet.readthedocs.io/en/latest/basic_usage.html#eventlet.listen
    tuple_sink(
        "eventlet.listen",
        Receiver::Function,
        "eventlet.listen()",
        B2,
        &[address(at(0, "addr"), AddressShape::SocketAddress)],
    ),
    // grpclib `Server.start(host=None, port=None)` passes both to `loop.create_server`: None
    // is every interface: https://grpclib.readthedocs.io/en/latest/server.html
    host_sink!(
        "start",
        Receiver::Instance("grpclib.server.Server"),
        "grpclib Server.start()",
        B2,
        at(0, "host"),
        at(1, "port"),
        Omitted::AllInterfaces {
            unless_keywords: &["path", "sock"],
        },
        FalsyHost::AllInterfaces,
    ),
    // Apache Thrift `TServerSocket(host=None, port=9090)` resolves the host with
    // `getaddrinfo(host, port, ..., AI_PASSIVE)`: None is every interface:
    // https://github.com/apache/thrift/blob/master/lib/py/src/transport/TSocket.py
    host_sink!(
        "thrift.transport.TSocket.TServerSocket",
        Receiver::Function,
        "thrift TServerSocket()",
        B2,
        at(0, "host"),
        at(1, "port"),
        Omitted::AllInterfaces {
            unless_keywords: &["unix_socket"],
        },
        FalsyHost::AllInterfaces,
    ),
    // thriftpy2 `make_server(service, handler, host="localhost", port=9090)`:
    // https://thriftpy2.readthedocs.io/en/latest/
    host_sink!(
        "thriftpy2.rpc.make_server",
        Receiver::Function,
        "thriftpy2 make_server()",
        B2,
        at(2, "host"),
        at(3, "port"),
        Omitted::NotAFinding,
        FalsyHost::AsWritten,
    ),
    // The MCP SDK's `FastMCP(name, host="127.0.0.1", port=8000)` (SSE and HTTP transports):
    // https://github.com/modelcontextprotocol/python-sdk#running-your-server
    host_sink!(
        "mcp.server.fastmcp.FastMCP",
        Receiver::Function,
        "FastMCP()",
        B2,
        keyword("host"),
        keyword("port"),
        Omitted::NotAFinding,
        FalsyHost::AsWritten,
    ),
    // rpyc servers: "By default, the wildcard address is used to listen on all interfaces":
    // https://rpyc.readthedocs.io/en/latest/api/utils_server.html
    host_sink!(
        "rpyc.utils.server.ThreadedServer",
        Receiver::Function,
        "rpyc ThreadedServer()",
        B2,
        at(1, "hostname"),
        keyword("port"),
        Omitted::AllInterfaces {
            unless_keywords: &["socket_path"],
        },
        FalsyHost::AllInterfaces,
    ),
    host_sink!(
        "rpyc.utils.server.ThreadPoolServer",
        Receiver::Function,
        "rpyc ThreadPoolServer()",
        B2,
        at(1, "hostname"),
        keyword("port"),
        Omitted::AllInterfaces {
            unless_keywords: &["socket_path"],
        },
        FalsyHost::AllInterfaces,
    ),
    host_sink!(
        "rpyc.utils.server.ForkingServer",
        Receiver::Function,
        "rpyc ForkingServer()",
        B2,
        at(1, "hostname"),
        keyword("port"),
        Omitted::AllInterfaces {
            unless_keywords: &["socket_path"],
        },
        FalsyHost::AllInterfaces,
    ),
    host_sink!(
        "rpyc.utils.server.OneShotServer",
        Receiver::Function,
        "rpyc OneShotServer()",
        B2,
        at(1, "hostname"),
        keyword("port"),
        Omitted::AllInterfaces {
            unless_keywords: &["socket_path"],
        },
        FalsyHost::AllInterfaces,
    ),
];

/// Listening settings written as assignments or dict keys.
pub static SETTINGS: &[SettingSink] = &[
    // gunicorn reads its config file as Python; `bind` defaults to 127.0.0.1:8000:
    // https://docs.gunicorn.org/en/stable/settings.html#bind
    SettingSink {
        target: SettingTarget::ModuleVariable {
            name: "bind",
            file_names: &[
                "gunicorn.conf.py",
                "gunicorn_conf.py",
                "gunicorn_config.py",
                "gunicorn.config.py",
            ],
        },
        display: "gunicorn `bind`",
        shape: AddressShape::Endpoint,
    },
    // Custom gunicorn applications and hypercorn's `Config.from_mapping` take options dicts.
    SettingSink {
        target: SettingTarget::DictKey("bind"),
        display: "server option `bind`",
        shape: AddressShape::Endpoint,
    },
    // hypercorn `config.bind = ["0.0.0.0:8000"]`; default 127.0.0.1:8000:
    // https://hypercorn.readthedocs.io/en/latest/how_to_guides/configuring.html
    SettingSink {
        target: SettingTarget::ObjectAttribute {
            owner: "hypercorn.config.Config",
            attribute: "bind",
        },
        display: "hypercorn `config.bind`",
        shape: AddressShape::Endpoint,
    },
    SettingSink {
        target: SettingTarget::ObjectAttribute {
            owner: "hypercorn.Config",
            attribute: "bind",
        },
        display: "hypercorn `config.bind`",
        shape: AddressShape::Endpoint,
    },
    SettingSink {
        target: SettingTarget::ObjectAttribute {
            owner: "hypercorn.config.Config",
            attribute: "insecure_bind",
        },
        display: "hypercorn `config.insecure_bind`",
        shape: AddressShape::Endpoint,
    },
    SettingSink {
        target: SettingTarget::ObjectAttribute {
            owner: "hypercorn.Config",
            attribute: "insecure_bind",
        },
        display: "hypercorn `config.insecure_bind`",
        shape: AddressShape::Endpoint,
    },
    // Jupyter `c.ServerApp.ip = "*"` (or NotebookApp, LabApp): "*" and "0.0.0.0" listen on
    // every interface; the default is localhost:
    // https://jupyter-server.readthedocs.io/en/latest/other/full-config.html
    SettingSink {
        target: SettingTarget::ConfigurableAttribute {
            class_suffix: "App",
            attribute: "ip",
        },
        display: "Jupyter `ip`",
        shape: AddressShape::HostOrStar,
    },
    SettingSink {
        target: SettingTarget::ConfigurableAttribute {
            class_suffix: "JupyterHub",
            attribute: "ip",
        },
        display: "JupyterHub `ip`",
        shape: AddressShape::HostOrStar,
    },
    // JupyterHub's single-user servers: `c.Spawner.ip = "0.0.0.0"` (default 127.0.0.1):
    // https://jupyterhub.readthedocs.io/en/stable/reference/api/spawner.html#jupyterhub.spawner.Spawner.ip
    SettingSink {
        target: SettingTarget::ConfigurableAttribute {
            class_suffix: "Spawner",
            attribute: "ip",
        },
        display: "JupyterHub `Spawner.ip`",
        shape: AddressShape::HostOrStar,
    },
    SettingSink {
        target: SettingTarget::ConfigurableAttribute {
            class_suffix: "JupyterHub",
            attribute: "bind_url",
        },
        display: "JupyterHub `bind_url`",
        shape: AddressShape::Endpoint,
    },
    // CherryPy `server.socket_host`, default 127.0.0.1:
    // https://docs.cherrypy.dev/en/latest/config.html#server-config
    SettingSink {
        target: SettingTarget::ObjectAttribute {
            owner: "cherrypy.server",
            attribute: "socket_host",
        },
        display: "CherryPy `server.socket_host`",
        shape: AddressShape::Host,
    },
    SettingSink {
        target: SettingTarget::DictKey("server.socket_host"),
        display: "CherryPy `server.socket_host`",
        shape: AddressShape::Host,
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
    pub family_argument: Option<ArgumentPlace>,
}

/// Calls that create sockets or event loops.
pub static CONSTRUCTORS: &[Constructor] = &[
    Constructor {
        callee: "socket.socket",
        class: SOCKET_CLASS,
        family_argument: Some(at(0, "family")),
    },
    Constructor {
        callee: "socket.fromfd",
        class: SOCKET_CLASS,
        family_argument: Some(at(1, "family")),
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
/// `SO_REUSEPORT`, for BND102.
pub const SO_REUSEPORT: &str = "socket.SO_REUSEPORT";

/// Socket address families that carry IP addresses; any other known `AF_*` constant makes a
/// socket's `bind` tuple something else (a netlink pid, a packet interface, a CAN or Bluetooth
/// device).
pub const IP_FAMILIES: &[&str] = &["socket.AF_INET", "socket.AF_INET6"];

/// Modules whose sockets are never IP sockets, so a `.bind((…))` on their objects is not a sink.
pub const NON_IP_SOCKET_MODULES: &[&str] = &["bluetooth", "tkinter", "Tkinter"];

/// Rows whose port 0 makes a client endpoint rather than a listener: Twisted's
/// `listenUDP(0, protocol)` binds an ephemeral port to send from (SPEC 3.3c). BND100 still
/// lists them.
pub const PORT_ZERO_IS_CLIENT: &[&str] = &["twisted.internet.reactor.listenUDP", "listenUDP"];

/// Socket methods that show a bound socket is used for something other than receiving: a
/// socket bound and then used only so (a free-port probe reading `getsockname()` and closing,
/// a UDP socket that only sends, a descriptor handed on by number) is not a listener (SPEC
/// 3.3c).
pub const DEAF_SOCKET_METHODS: &[&str] = &[
    "getsockname",
    "getpeername",
    "close",
    "shutdown",
    "detach",
    "fileno",
    "connect",
    "connect_ex",
    "send",
    "sendall",
    "sendto",
    "sendmsg",
    "__exit__",
];

/// Socket methods that set a socket up and say nothing about what it is for (more `bind`s
/// among them): neither listening nor deaf.
pub const SOCKET_SETUP_METHODS: &[&str] = &[
    "bind",
    "setsockopt",
    "getsockopt",
    "settimeout",
    "gettimeout",
    "setblocking",
    "getblocking",
    "set_inheritable",
    "get_inheritable",
    "__enter__",
];

/// Settings keys a library reads only from its global configuration: CherryPy's
/// `server.socket_host` in `cherrypy.config.update({...})` or a `global` section, never in an
/// application's section such as `{"/": {...}}`:
/// <https://docs.cherrypy.dev/en/latest/config.html#namespaces>
pub const GLOBAL_SECTION_KEYS: &[&str] = &["server.socket_host"];

/// The config sections where [`GLOBAL_SECTION_KEYS`] are read.
pub const GLOBAL_SECTIONS: &[&str] = &["global", "server"];

/// Abstract classes whose listening methods raise `NotImplementedError`: an instance made by
/// calling one (or a class of the file derived from one) is no listener, unlike the event loops
/// that [`CONSTRUCTORS`] return, which carry the same class name (SPEC 3.3c).
pub const ABSTRACT_CLASSES: &[&str] = &[EVENT_LOOP_CLASS, "asyncio.events.AbstractEventLoop"];

/// Twisted `usage.Options` subclasses list their options in a class attribute of this name,
/// `[long, short, default, description]` each:
/// <https://docs.twisted.org/en/stable/core/howto/options.html>
pub const TWISTED_OPTION_TABLE: &str = "optParameters";

/// Where configuration values come from: `os.environ.get(KEY, DEFAULT)` and friends.
pub const ENVIRONMENT_GETTERS: &[&str] = &["os.environ.get", "os.getenv", "os.environ.setdefault"];

/// Calls that only wrap a default value: `pydantic.Field("0.0.0.0")`,
/// `dataclasses.field(default="0.0.0.0")`.
pub const DEFAULT_WRAPPERS: &[&str] = &[
    "pydantic.Field",
    "pydantic.fields.Field",
    "pydantic_settings.Field",
    "dataclasses.field",
    "attr.ib",
    "attrs.field",
];

/// The class of typer applications, whose `@app.command()` functions take every defaulted
/// parameter from the command line.
pub const TYPER_APPLICATION: &str = "typer.Typer";

/// Base classes whose class attributes are settings read from the environment.
pub const SETTINGS_BASES: &[&str] = &[
    "pydantic_settings.BaseSettings",
    "pydantic.BaseSettings",
    "pydantic.v1.BaseSettings",
];

/// A call that runs a callable it is given, with arguments it is given: a thread or process
/// whose `target=` is a listener (or a wrapper of one) listens, and is judged as a call of the
/// target, at the call that makes it.
#[derive(Debug)]
pub struct CallForwarder {
    /// The qualified callee (`threading.Thread`).
    pub callee: &'static str,
    /// Where the callable is.
    pub target: ArgumentPlace,
    /// Where the tuple of positional arguments for it is.
    pub args: ArgumentPlace,
    /// Where the dict of keyword arguments for it is.
    pub kwargs: ArgumentPlace,
}

/// Threads and processes: `Thread(group=None, target=None, name=None, args=(), kwargs={})`.
/// <https://docs.python.org/3/library/threading.html#threading.Thread>
/// <https://docs.python.org/3/library/multiprocessing.html#multiprocessing.Process>
pub static CALL_FORWARDERS: &[CallForwarder] = &[
    CallForwarder {
        callee: "threading.Thread",
        target: at(1, "target"),
        args: at(3, "args"),
        kwargs: at(4, "kwargs"),
    },
    CallForwarder {
        callee: "multiprocessing.Process",
        target: at(1, "target"),
        args: at(3, "args"),
        kwargs: at(4, "kwargs"),
    },
    CallForwarder {
        callee: "multiprocessing.context.Process",
        target: at(1, "target"),
        args: at(3, "args"),
        kwargs: at(4, "kwargs"),
    },
];

/// Callables that bind arguments to a callable for a later call: `functools.partial(f, *args,
/// **keywords)`. <https://docs.python.org/3/library/functools.html#functools.partial>
pub const PARTIALS: &[&str] = &["functools.partial"];

/// A library call that calls a function of the caller's with an object of its own: the
/// function's parameter then holds that object.
#[derive(Debug)]
pub struct InjectionPoint {
    /// The qualified callee (`twisted.internet.task.react`).
    pub callee: &'static str,
    /// Where the function it calls is.
    pub function: ArgumentPlace,
    /// Which parameter of that function receives the object.
    pub parameter: usize,
    /// The qualified name of the object it receives, as the file's imports would name it.
    pub object: &'static str,
}

/// Injection points: `task.react(main)` calls `main(reactor, *argv)`.
/// <https://docs.twisted.org/en/stable/api/twisted.internet.task.html#react>
pub static INJECTION_POINTS: &[InjectionPoint] = &[InjectionPoint {
    callee: "twisted.internet.task.react",
    function: at(0, "main"),
    parameter: 0,
    object: "twisted.internet.reactor",
}];

/// Class decorators that make the class's annotated attributes constructor parameters, in
/// order (dataclasses, attrs).
pub const FIELD_CLASS_DECORATORS: &[&str] = &[
    "dataclasses.dataclass",
    "attr.s",
    "attr.attrs",
    "attr.define",
    "attr.frozen",
    "attrs.define",
    "attrs.frozen",
];

/// Base classes whose annotated attributes are constructor parameters: positional and keyword
/// for named tuples, keyword only for pydantic models and settings.
pub const FIELD_CLASS_BASES: &[(&str, bool)] = &[
    ("typing.NamedTuple", true),
    ("pydantic.BaseModel", false),
    ("pydantic_settings.BaseSettings", false),
    ("pydantic.BaseSettings", false),
    ("pydantic.v1.BaseSettings", false),
];

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
        || qualified.strip_prefix("socket.").is_some_and(|name| {
            name.starts_with("AF_")
                || name.starts_with("AI_")
                || name.starts_with("SO_")
                || name.starts_with("SOL_")
        })
}

/// The catalogue's rows and constructors indexed by what a call is looked up with: the
/// analysis asks for every call of a file, and a scan of every row per call cost more than
/// the rest of judging it.
struct CatalogueIndex {
    /// Function rows by qualified callee.
    functions: HashMap<&'static str, Vec<&'static SinkSpec>>,
    /// Method rows on a typed receiver, by method, with their class.
    methods: HashMap<&'static str, Vec<(&'static str, &'static SinkSpec)>>,
    /// Method rows on an unknown receiver, by method.
    unknown_receivers: HashMap<&'static str, Vec<&'static SinkSpec>>,
    /// Every method name of a row (typed or not).
    method_names: HashSet<&'static str>,
    /// Classes some method row is typed with.
    receiver_classes: HashSet<&'static str>,
    /// Constructor rows by qualified callee.
    constructors: HashMap<&'static str, &'static Constructor>,
}

static CATALOGUE_INDEX: LazyLock<CatalogueIndex> = LazyLock::new(|| {
    let mut index = CatalogueIndex {
        functions: HashMap::new(),
        methods: HashMap::new(),
        unknown_receivers: HashMap::new(),
        method_names: HashSet::new(),
        receiver_classes: HashSet::new(),
        constructors: HashMap::new(),
    };
    for sink in SINKS {
        match sink.receiver {
            Receiver::Function => index.functions.entry(sink.callee).or_default().push(sink),
            Receiver::Instance(class) => {
                index.method_names.insert(sink.callee);
                index.receiver_classes.insert(class);
                index
                    .methods
                    .entry(sink.callee)
                    .or_default()
                    .push((class, sink));
            }
            Receiver::AnyUnknown => {
                index.method_names.insert(sink.callee);
                index
                    .unknown_receivers
                    .entry(sink.callee)
                    .or_default()
                    .push(sink);
            }
        }
    }
    for constructor in CONSTRUCTORS {
        // The first row for a callee wins, as a search in order would find it.
        index
            .constructors
            .entry(constructor.callee)
            .or_insert(constructor);
    }
    index
});

/// True for classes a local class may derive from to become a sink or a typed object.
pub fn is_catalogued_class(qualified: &str) -> bool {
    let index = &*CATALOGUE_INDEX;
    index.functions.contains_key(qualified)
        || index.constructors.contains_key(qualified)
        || index.receiver_classes.contains(qualified)
}

/// The rows that apply to a call of the qualified function or class `qualified`.
pub fn function_sinks(qualified: &str) -> impl Iterator<Item = &'static SinkSpec> + '_ {
    CATALOGUE_INDEX
        .functions
        .get(qualified)
        .into_iter()
        .flatten()
        .copied()
}

/// The rows that apply to a method call `method` on an instance of `class`.
pub fn method_sinks<'a>(
    class: &'a str,
    method: &'a str,
) -> impl Iterator<Item = &'static SinkSpec> + 'a {
    CATALOGUE_INDEX
        .methods
        .get(method)
        .into_iter()
        .flatten()
        .filter(move |(receiver, _)| *receiver == class)
        .map(|(_, sink)| *sink)
}

/// The rows that apply to a method call `method` whose receiver's type is unknown.
pub fn unknown_receiver_sinks(method: &str) -> impl Iterator<Item = &'static SinkSpec> + '_ {
    CATALOGUE_INDEX
        .unknown_receivers
        .get(method)
        .into_iter()
        .flatten()
        .copied()
}

/// The constructor row for a qualified callee, if it is one.
pub fn constructor(qualified: &str) -> Option<&'static Constructor> {
    CATALOGUE_INDEX.constructors.get(qualified).copied()
}

/// True when some row of the catalogue is a method named `name` (`listen`, `bind`).
pub fn is_catalogued_method(name: &str) -> bool {
    CATALOGUE_INDEX.method_names.contains(name)
}

/// True when the top-level package of `qualified` is one the catalogue models (`socket`,
/// `uvicorn`, `os`, ...): its names are read through the catalogue, never from a copy of the
/// package's source that happens to be in the tree being checked.
pub fn is_catalogued_package(qualified: &str) -> bool {
    static PACKAGES: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    let packages = PACKAGES.get_or_init(|| {
        let top = |name: &'static str| name.split('.').next().unwrap_or(name);
        let mut packages: Vec<&'static str> = SINKS
            .iter()
            .filter(|sink| sink.receiver == Receiver::Function)
            .map(|sink| top(sink.callee))
            .chain(
                CONSTRUCTORS
                    .iter()
                    .map(|constructor| top(constructor.callee)),
            )
            .chain(
                CONSTRUCTORS
                    .iter()
                    .map(|constructor| top(constructor.class)),
            )
            .chain(ENVIRONMENT_GETTERS.iter().copied().map(top))
            .chain(DEFAULT_WRAPPERS.iter().copied().map(top))
            .chain(SETTINGS_BASES.iter().copied().map(top))
            .chain([
                top(GETADDRINFO),
                top(TYPER_APPLICATION),
                "click",
                "argparse",
            ])
            .collect();
        packages.sort_unstable();
        packages.dedup();
        packages
    });
    let top = qualified.split('.').next().unwrap_or(qualified);
    packages.binary_search(&top).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogued_packages_are_the_catalogue_callees_top_levels() {
        assert!(is_catalogued_package("socket.socket"));
        assert!(is_catalogued_package("uvicorn"));
        assert!(is_catalogued_package("os.environ"));
        assert!(!is_catalogued_package("app.config.HOST"));
    }

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
    fn every_row_has_an_address_argument() {
        for sink in SINKS {
            assert!(!sink.addresses.is_empty(), "{} has no address", sink.callee);
        }
    }

    #[test]
    fn catalogue_rows_are_unique() {
        for (index, sink) in SINKS.iter().enumerate() {
            for other in &SINKS[index + 1..] {
                assert!(
                    !(sink.callee == other.callee
                        && sink.receiver == other.receiver
                        && sink.addresses == other.addresses),
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

    #[test]
    fn instance_classes_are_catalogued_for_subclassing() {
        assert!(is_catalogued_class("tornado.web.Application"));
        assert!(is_catalogued_class("socketserver.TCPServer"));
        assert!(is_catalogued_class("grpclib.server.Server"));
        assert!(!is_catalogued_class("json.JSONDecoder"));
    }
}
