//! BND100 `any-listener`: every listening call, whatever its host (an audit list).

use super::RuleInfo;

/// The rule's documentation, printed by `git bindcheck explain BND100`.
pub const INFO: RuleInfo = RuleInfo {
    code: "BND100",
    name: "any-listener",
    enabled_by_default: false,
    summary: "A listening socket, server or setting (whatever its host), for review",
    documentation: r#"## What it does
Reports every call or setting of the sink catalogue that makes the program listen, whatever
address it listens on: `socket.bind`, `socket.create_server`, the standard-library and
third-party servers, `app.run(...)`, `config.bind = ...`, server command lines started from
Python (`subprocess.Popen(["uvicorn", ...])`), and Twisted `listenUDP(0, ...)` client ports
(which the other rules leave out). It is off by default: select it for
an audit (`git bindcheck scan --select BND100`) or a review list in a pull request.

## Why is this bad?
It is not bad in itself. Every listening port is attack surface, and an inventory of them is
where a security review starts: which services exist, on which ports, bound to what.

## Example
```python
server = http.server.HTTPServer(("127.0.0.1", 8000), Handler)
```

## Use instead
Nothing to change; review the list. Suppress reviewed listeners with
`# bindcheck: ignore[BND100] -- reviewed`.

## References
- OWASP Attack Surface Analysis: https://cheatsheetseries.owasp.org/cheatsheets/Attack_Surface_Analysis_Cheat_Sheet.html
"#,
    label: "a listener, for review",
    fix: "check which interfaces and port this listener should be reachable on (BND100 lists every listener, whatever its host)",
    when_intended: "once reviewed",
};
