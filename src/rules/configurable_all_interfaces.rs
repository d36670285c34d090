//! BND004 `configurable-all-interfaces`: the host comes from configuration whose default is all
//! interfaces.

use super::RuleInfo;

/// The rule's documentation, printed by `git bindcheck explain BND004`.
pub const INFO: RuleInfo = RuleInfo {
    code: "BND004",
    name: "configurable-all-interfaces",
    enabled_by_default: true,
    summary: "A listener's host comes from configuration whose default is all interfaces",
    documentation: r#"## What it does
Reports a listener whose host is read from configuration (an environment variable, a
command-line option, a settings class) when the **default** of that configuration is an
all-interfaces address: `os.environ.get("HOST", "0.0.0.0")`, `os.getenv("HOST") or "0.0.0.0"`,
`parser.add_argument("--host", default="0.0.0.0")` read back as `args.host`,
`@click.option("--host", default="0.0.0.0")`, `typer.Option("0.0.0.0")`, and class attributes
of pydantic `BaseSettings` classes.

## Why is this bad?
Making the host configurable is the right idea, but the default is what runs when nobody
configures it: on a laptop, in CI, in the first deployment. A default of "every interface"
exposes the service wherever the configuration was forgotten (CWE-1188: insecure default
initialization; CWE-668).

## Example
```python
import os
import uvicorn

uvicorn.run("app:api", host=os.environ.get("API_HOST", "0.0.0.0"), port=8000)
```

## Use instead
Default to loopback and set the variable where every interface is wanted (a container image,
a deployment manifest):
```python
uvicorn.run("app:api", host=os.environ.get("API_HOST", "127.0.0.1"), port=8000)
```

## References
- CWE-1188: https://cwe.mitre.org/data/definitions/1188.html
- CWE-668: https://cwe.mitre.org/data/definitions/668.html
- OWASP A05:2021: https://owasp.org/Top10/A05_2021-Security_Misconfiguration/
"#,
    label: "all interfaces by default",
    fix: "change the default of {configuration} to 127.0.0.1 (or ::1), and set it where every interface is really wanted (a container, a deployment)",
    when_intended: "if every interface is intended by default",
};
