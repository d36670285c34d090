//! BND002 `server-all-interfaces`: a third-party server or framework given an all-interfaces
//! host.

use super::RuleInfo;

/// The rule's documentation, printed by `git bindcheck explain BND002`.
pub const INFO: RuleInfo = RuleInfo {
    code: "BND002",
    name: "server-all-interfaces",
    enabled_by_default: true,
    summary: "A third-party server or framework is given an all-interfaces host",
    documentation: r#"## What it does
Reports a third-party server, framework or RPC library told to listen on every interface:
Flask, Sanic, Dash and bottle `app.run(host="0.0.0.0")`, Werkzeug `run_simple`, uvicorn
`run`/`Config`, hypercorn `config.bind`, gunicorn `bind` (in `gunicorn.conf.py` or an options
dict), waitress `serve(host=...)`/`serve(listen="*:8080")`, aiohttp `web.run_app`/`web.TCPSite`,
tornado `listen`/`bind`/`bind_sockets`, Twisted `listenTCP`/`listenUDP`/`listenSSL`, server
endpoints and endpoint descriptions with `interface=`, gRPC `add_insecure_port("[::]:50051")`,
pyzmq `bind("tcp://*:5555")`, websockets `serve`, prometheus_client `start_http_server`, gradio
`launch(server_name="0.0.0.0")`, Jupyter `c.ServerApp.ip = "*"`, CherryPy
`server.socket_host` (in the global config or its `global` section, not in an application's
section such as `{"/": {...}}`, which CherryPy does not read for it), gevent (also the legacy
`gevent.wsgi`), eventlet `listen`, rpyc servers, Twisted `listenMulticast`, websockets'
threading `sync.server.serve`, grpclib `Server.start`, Thrift `TServerSocket`, thriftpy2
`make_server` and the MCP SDK's `FastMCP(host=...)`.

Servers started as command lines count too: `subprocess.Popen`/`run`/`call`/`check_call`/
`check_output`, `os.system`, `os.popen`, `os.exec*`, `os.spawn*`, `os.posix_spawn*` and
`asyncio.create_subprocess_exec`/`_shell` running `uvicorn --host`, `gunicorn -b/--bind`,
`hypercorn -b/--bind`, `flask run --host/-h`, `jupyter lab|notebook|server --ip`,
`daphne -b`/`-e`, `waitress-serve --host/--listen` or Django's `runserver ADDR:PORT` (`0` means
`0.0.0.0`), also as `python -m MODULE` or `sys.executable, "-m", ...`, and Django's
`call_command("runserver", "0.0.0.0:8000")` and `execute_from_command_line([...])`. Argument
lists and shell strings (split with `shlex` rules, `sh -c` followed) are read word by word, and
each word is resolved like any other value (a variable, an f-string, an environment default).
Each command's own default decides what leaving the address out means: uvicorn, gunicorn,
hypercorn, `flask run`, Jupyter, daphne and `runserver` listen on loopback then, and
`waitress-serve` on every interface (BND003). A command that is not a server (`["ping",
"0.0.0.0"]`) is never reported.

Endpoint strings count by their host part (`"0.0.0.0:8000"`, `"[::]:50051"`, `":8000"`,
`"tcp://*:5555"`), also when they are built with f-strings, `+`, `%` or `.format`.

Libraries whose empty or `None` host means loopback (Flask, Sanic, Dash) are not reported for it.

## Why is this bad?
A development server or admin endpoint that listens on every interface is reachable from the
LAN, a VPN, a container bridge or the internet; debug consoles (Werkzeug's debugger) execute
arbitrary code for whoever reaches them (CWE-200, CWE-668, OWASP A05:2021).

## Example
```python
from flask import Flask

app = Flask(__name__)

if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000, debug=True)
```

## Use instead
```python
import os

if __name__ == "__main__":
    app.run(host=os.environ.get("FLASK_HOST", "127.0.0.1"), port=5000)
```
In a container, publish the port explicitly and say so where the bind happens:
`# bindcheck: ignore[BND002] -- container entrypoint, port published by compose`

## References
- Flask `run`: https://flask.palletsprojects.com/en/stable/api/#flask.Flask.run
- gunicorn `bind`: https://docs.gunicorn.org/en/stable/settings.html#bind
- gRPC `add_insecure_port`: https://grpc.github.io/grpc/python/grpc.html#grpc.Server.add_insecure_port
- CWE-668: https://cwe.mitre.org/data/definitions/668.html
"#,
    label: "all interfaces",
    fix: "bind to 127.0.0.1 (or ::1), or read the host from configuration whose default is loopback",
    when_intended: "if every interface is intended",
};
