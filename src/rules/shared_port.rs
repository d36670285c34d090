//! BND102 `shared-port`: `SO_REUSEPORT` on a listening socket.

use super::RuleInfo;

/// The rule's documentation, printed by `git bindcheck explain BND102`.
pub const INFO: RuleInfo = RuleInfo {
    code: "BND102",
    name: "shared-port",
    enabled_by_default: false,
    summary: "SO_REUSEPORT lets another process bind the same port and receive its traffic",
    documentation: r#"## What it does
Reports `setsockopt(SOL_SOCKET, SO_REUSEPORT, 1)` and `reuse_port=True` on listeners
(`loop.create_server`, `asyncio.start_server`, `socket.create_server`,
`tornado.netutil.bind_sockets`). Off by default.

## Why is this bad?
With `SO_REUSEPORT` the kernel spreads connections across every socket bound to the same
address and port by the same user. Another process running as that user can bind the port too
and receive a share of the traffic: credentials, session cookies, API requests (CWE-605:
multiple binds to the same port).

## Example
```python
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
s.bind(("127.0.0.1", 8080))
```

## Use instead
Use `SO_REUSEADDR` to restart quickly after a crash; share one listening socket between worker
processes (pre-fork) instead of binding it several times.

## References
- CWE-605: https://cwe.mitre.org/data/definitions/605.html
- socket(7), SO_REUSEPORT: https://man7.org/linux/man-pages/man7/socket.7.html
"#,
    label: "the port can be shared",
    fix: "drop SO_REUSEPORT (`reuse_port=True`) unless every process that may bind the port is trusted",
    when_intended: "if sharing the port is intended",
};
