//! BND101 `hardcoded-port`: a listener whose port is a literal other than 0.

use super::RuleInfo;

/// The rule's documentation, printed by `git bindcheck explain BND101`.
pub const INFO: RuleInfo = RuleInfo {
    code: "BND101",
    name: "hardcoded-port",
    enabled_by_default: false,
    summary: "A listener's port is a hard-coded number other than 0",
    documentation: r#"## What it does
Reports a listening call whose port is a number written in the code (directly or through a
constant) rather than read from configuration. Port 0 (let the system choose) is not reported.
Off by default.

## Why is this bad?
A hard-coded port cannot be moved off a port that a firewall rule, another service or a
port-scan signature expects, and two instances on one host collide. Deployments then bind to
"whatever works", which is how services end up on unexpected interfaces and ports.

## Example
```python
server = socketserver.TCPServer(("127.0.0.1", 9999), Handler)
```

## Use instead
```python
port = int(os.environ.get("APP_PORT", "0"))
server = socketserver.TCPServer(("127.0.0.1", port), Handler)
```

## References
- The Twelve-Factor App, config: https://12factor.net/config
"#,
    label: "the port is written in the code",
    fix: "read the port from configuration (an environment variable or an option), or pass 0 to let the system choose one",
    when_intended: "if this port is intended",
};
