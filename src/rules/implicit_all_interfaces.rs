//! BND003 `implicit-all-interfaces`: a listener called without a host where the library's
//! default is all interfaces.

use super::RuleInfo;

/// The rule's documentation, printed by `git bindcheck explain BND003`.
pub const INFO: RuleInfo = RuleInfo {
    code: "BND003",
    name: "implicit-all-interfaces",
    enabled_by_default: true,
    summary: "A listener is called without a host where the library's default is all interfaces",
    documentation: r#"## What it does
Reports a listening call that omits its host (or passes `None`) where the library documents that
as "listen on every interface". In the standard library that is `asyncio.start_server` and
`loop.create_server`: with `host=None` (the default) asyncio binds every address
`getaddrinfo(None, port, flags=AI_PASSIVE)` returns, which is every IPv4 and IPv6 interface.

Third-party listeners whose documented default is every interface are reported too: aiohttp,
tornado, Twisted (`listenTCP`/`listenUDP`/`listenMulticast`, `internet.TCPServer`, endpoint
descriptions without `interface=`), waitress, websockets, trio, anyio, prometheus_client, rpyc,
grpclib `Server.start()`, Thrift `TServerSocket()`; and command lines whose program serves every
interface by default: `python -m http.server` and `waitress-serve` without an address.

Libraries whose missing host means loopback (Flask, Sanic, Dash) are not reported. Twisted's
`listenUDP(0, protocol)` is a client's ephemeral port, not a listener: it is not reported (BND100
still lists it).

## Why is this bad?
Nothing in the line says "every interface", so neither the author nor the reviewer sees that
the service is reachable from the LAN, a VPN or the internet (CWE-200, CWE-668, OWASP A05:2021).

## Example
```python
import asyncio

async def main():
    server = await asyncio.start_server(handle_client, port=8888)
    async with server:
        await server.serve_forever()
```

## Use instead
Name the interface explicitly:
```python
server = await asyncio.start_server(handle_client, host="127.0.0.1", port=8888)
```
If every interface is intended, write that down where it happens:
`# bindcheck: ignore[BND003] -- metrics port, firewalled by the host`

## References
- asyncio `loop.create_server`: https://docs.python.org/3/library/asyncio-eventloop.html#asyncio.loop.create_server
- asyncio `start_server`: https://docs.python.org/3/library/asyncio-stream.html#asyncio.start_server
- CWE-668: https://cwe.mitre.org/data/definitions/668.html
"#,
    label: "no host given: the library listens on all interfaces",
    fix: "pass a loopback host, 127.0.0.1 (or ::1), or read it from configuration whose default is loopback",
    when_intended: "if every interface is intended",
};
