//! BND001 `bind-all-interfaces`: a standard-library listener given an all-interfaces address.

use super::RuleInfo;

/// The rule's documentation, printed by `git bindcheck explain BND001`.
pub const INFO: RuleInfo = RuleInfo {
    code: "BND001",
    name: "bind-all-interfaces",
    enabled_by_default: true,
    summary: "A standard-library socket, server or asyncio listener is given an all-interfaces address",
    documentation: r#"## What it does
Reports a standard-library listening socket or server whose address means "every network
interface": `"0.0.0.0"`, `""`, `"::"` and the other spellings of INADDR_ANY and the IPv6
unspecified address. It covers `socket.socket().bind`, `socket.create_server`,
`socketserver.*Server`, `http.server.HTTPServer`, `xmlrpc.server.SimpleXMLRPCServer`,
`wsgiref.simple_server.make_server`, `multiprocessing.connection.Listener`,
`multiprocessing.managers.BaseManager`, `asyncio.start_server`, `loop.create_server` and
`loop.create_datagram_endpoint(local_addr=...)`, and addresses from
`getaddrinfo(None, port, ..., AI_PASSIVE)`. The standard library's own server started as a
command line counts here too: `python -m http.server --bind 0.0.0.0` run through
`subprocess`, `os.system`, `os.exec*`, `os.spawn*` or `asyncio.create_subprocess_*` (without
`--bind` it is BND003: `http.server` serves every interface by default).

Only listeners count (SPEC 3.3c): a socket the function creates and binds, then uses only to
read its port back (`getsockname()`), close, send from (`sendto()`, `connect()`) or hand on as
a file descriptor (`fileno()`), is not reported: free-port probes and UDP senders are not
servers. A socket that listens (`listen()`, `accept()`, `recv*()`) or leaves the function
(returned, yielded, stored on `self` or in a container, passed to another call) is; so is
one bound and not used at all afterwards.

The address is followed through the file: module, class and function constants, tuples held in
variables and parameter defaults. Comparisons, allow-lists and log messages that merely contain
`"0.0.0.0"` are not reported, and neither are client calls (`connect`, `sendto`) or non-IP
sockets (`AF_UNIX` paths, netlink, packet and CAN tuples).

## Why is this bad?
A socket bound to all interfaces accepts connections from every network the host is attached
to: the LAN, a VPN, a container bridge, the public internet. Development servers, debug consoles,
admin endpoints and RPC listeners that were meant for the local machine leak this way
(CWE-200, CWE-668, OWASP A05:2021 Security Misconfiguration).

## Example
```python
import socket

HOST = "0.0.0.0"
PORT = 8080

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.bind((HOST, PORT))
    s.listen()
```

## Use instead
Bind to the loopback address, or read the address from configuration whose default is loopback:
```python
import os
import socket

HOST = os.environ.get("APP_HOST", "127.0.0.1")
PORT = 8080

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.bind((HOST, PORT))
    s.listen()
```
If the service really must listen everywhere (inside a container whose port is published on
purpose, say), say so where it happens:
`s.bind((HOST, PORT))  # bindcheck: ignore[BND001] -- container, port published by compose`

## References
- CWE-200: https://cwe.mitre.org/data/definitions/200.html
- CWE-668: https://cwe.mitre.org/data/definitions/668.html
- OWASP A05:2021: https://owasp.org/Top10/A05_2021-Security_Misconfiguration/
- Python `socket` address families: https://docs.python.org/3/library/socket.html#socket-families
- Bandit B104 (hardcoded_bind_all_interfaces), Ruff S104
"#,
    label: "all interfaces",
    fix: "bind to 127.0.0.1 (or ::1), or read the host from configuration whose default is loopback",
    when_intended: "if every interface is intended",
};
