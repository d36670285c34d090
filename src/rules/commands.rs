//! The launch-command catalogue: servers started from Python as command lines, as data.
//!
//! Two tables. [`LAUNCHERS`] lists the calls that run a command line (`subprocess.Popen`,
//! `os.system`, `os.execvp`, `asyncio.create_subprocess_exec`, Django's `call_command`, ...)
//! and where their command line is: an argument vector, a shell string, or the arguments
//! themselves. [`COMMANDS`] lists the server command lines that listen, one row per command
//! with its options that carry the address, the shape of their values, and what leaving them
//! out means for that command (its own default). Adding a server command is one row here plus
//! fixture tests; the analysis in `crate::python::analysis::launch` interprets the rows, and
//! `crate::python::command_line` splits shell strings with `shlex` rules.
//!
//! Which rule an explicit all-interfaces address falls under follows SPEC 3.4: BND001 for the
//! standard library's `http.server` (`python -m http.server --bind 0.0.0.0`), BND002 for every
//! third-party server. A command whose own default is every interface (`python -m
//! http.server`, `waitress-serve`) is BND003 when the address is left out.

use super::Rule;
use super::sinks::{AddressShape, FalsyHost};

/// Where a launcher's command line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommandLine {
    /// One argument holds an argument vector (a list) or a shell string, like `subprocess.run`:
    /// the positional index and the keyword.
    VectorOrShell {
        /// Positional index.
        position: usize,
        /// Keyword name.
        keyword: &'static str,
    },
    /// One argument holds a shell string (`os.system`, `asyncio.create_subprocess_shell`).
    Shell {
        /// Positional index.
        position: usize,
        /// Keyword name.
        keyword: &'static str,
    },
    /// One positional argument holds an argument vector (`os.execv(path, argv)`).
    Vector {
        /// Positional index.
        position: usize,
    },
    /// The positional arguments from this index on are the argument vector (`os.execl(path,
    /// arg0, arg1, ...)`, `asyncio.create_subprocess_exec(program, *args)`).
    Arguments {
        /// Index of the first argument of the vector.
        from: usize,
    },
    /// Django's `call_command(name, *args, **options)`: the positional arguments are a
    /// `django-admin` command line without the program; keyword options count as `--name`.
    DjangoCommand,
    /// Django's `execute_from_command_line(argv)`: a `django-admin` argument vector whose first
    /// item names the script, whatever it is.
    DjangoArgv,
}

/// A call that runs a command line.
#[derive(Debug)]
pub struct Launcher {
    /// Qualified callee (`subprocess.Popen`).
    pub callee: &'static str,
    /// Where its command line is.
    pub command_line: CommandLine,
}

/// Every launching call git-bindcheck follows into its command line.
/// <https://docs.python.org/3/library/subprocess.html>,
/// <https://docs.python.org/3/library/os.html#process-management>,
/// <https://docs.python.org/3/library/asyncio-subprocess.html>,
/// <https://docs.djangoproject.com/en/stable/ref/django-admin/#running-management-commands-from-your-code>
pub static LAUNCHERS: &[Launcher] = &[
    vector_or_shell("subprocess.Popen"),
    vector_or_shell("subprocess.run"),
    vector_or_shell("subprocess.call"),
    vector_or_shell("subprocess.check_call"),
    vector_or_shell("subprocess.check_output"),
    shell("subprocess.getoutput", "cmd"),
    shell("subprocess.getstatusoutput", "cmd"),
    shell("os.system", "command"),
    shell("os.popen", "cmd"),
    shell("asyncio.create_subprocess_shell", "cmd"),
    arguments("asyncio.create_subprocess_exec", 0),
    // os.execl(path, arg0, arg1, ...): arg0 names the program.
    arguments("os.execl", 1),
    arguments("os.execle", 1),
    arguments("os.execlp", 1),
    arguments("os.execlpe", 1),
    vector("os.execv", 1),
    vector("os.execve", 1),
    vector("os.execvp", 1),
    vector("os.execvpe", 1),
    // os.spawnl(mode, path, arg0, ...).
    arguments("os.spawnl", 2),
    arguments("os.spawnle", 2),
    arguments("os.spawnlp", 2),
    arguments("os.spawnlpe", 2),
    vector("os.spawnv", 2),
    vector("os.spawnve", 2),
    vector("os.spawnvp", 2),
    vector("os.spawnvpe", 2),
    // os.posix_spawn(path, argv, env).
    vector("os.posix_spawn", 1),
    vector("os.posix_spawnp", 1),
    Launcher {
        callee: "django.core.management.call_command",
        command_line: CommandLine::DjangoCommand,
    },
    Launcher {
        callee: "django.core.management.execute_from_command_line",
        command_line: CommandLine::DjangoArgv,
    },
];

const fn vector_or_shell(callee: &'static str) -> Launcher {
    Launcher {
        callee,
        command_line: CommandLine::VectorOrShell {
            position: 0,
            keyword: "args",
        },
    }
}

const fn shell(callee: &'static str, keyword: &'static str) -> Launcher {
    Launcher {
        callee,
        command_line: CommandLine::Shell {
            position: 0,
            keyword,
        },
    }
}

const fn vector(callee: &'static str, position: usize) -> Launcher {
    Launcher {
        callee,
        command_line: CommandLine::Vector { position },
    }
}

const fn arguments(callee: &'static str, from: usize) -> Launcher {
    Launcher {
        callee,
        command_line: CommandLine::Arguments { from },
    }
}

/// How a command is started: by its program name, or as a Python module (`python -m NAME`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Program {
    /// An executable, matched by its file name (`/usr/bin/uvicorn`, `uvicorn.exe`).
    Executable(&'static str),
    /// A Python module run with `-m`.
    Module(&'static str),
    /// A Python script run by the interpreter or directly, matched by its file name
    /// (`manage.py`, `python manage.py`, `./manage.py`).
    Script(&'static str),
}

/// An option that carries the listening address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AddressOption {
    /// Its spellings: long ones (`--host`) take `--host=VALUE` or `--host VALUE`, short ones
    /// (`-b`) take `-b VALUE` or `-bVALUE`.
    pub names: &'static [&'static str],
    /// What its value holds.
    pub shape: AddressShape,
}

/// One server command line of the catalogue.
#[derive(Debug)]
pub struct LaunchCommand {
    /// How the command is named on the command line (several spellings, one row each).
    pub program: Program,
    /// The subcommand that serves, if the program has several (`flask run`, `jupyter lab`);
    /// any of these words after the program.
    pub subcommands: &'static [&'static str],
    /// How the command is named in messages.
    pub display: &'static str,
    /// The rule an explicit all-interfaces address falls under.
    pub rule: Rule,
    /// The options that carry the address.
    pub options: &'static [AddressOption],
    /// A positional argument that carries the address (Django's `runserver ADDR:PORT`), with
    /// the options that take a value and so are not it.
    pub positional: Option<PositionalAddress>,
    /// True when the command listens on every interface if no address is given.
    pub omitted_means_all: bool,
    /// Options that make the command listen on no IP address at all (`--unix-socket`).
    pub unless_options: &'static [&'static str],
    /// Options that take a value (not counted as the positional address; `--settings X`).
    pub value_options: &'static [&'static str],
    /// What an empty host means (`flask run --host ""` serves 127.0.0.1).
    pub falsy_host: FalsyHost,
}

/// A positional address argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PositionalAddress {
    /// Its shape: Django's `ADDR:PORT` is an endpoint, `PORT` alone is the default address.
    pub shape: AddressShape,
}

const HOST: AddressShape = AddressShape::Host;
const ENDPOINT: AddressShape = AddressShape::Endpoint;

/// gunicorn `-b/--bind ADDRESS` (repeatable), default `127.0.0.1:8000` (`0.0.0.0:$PORT` when
/// `PORT` is set, a platform's convention that we leave to the platform):
/// <https://docs.gunicorn.org/en/stable/settings.html#bind>
const GUNICORN: &[AddressOption] = &[AddressOption {
    names: &["-b", "--bind"],
    shape: ENDPOINT,
}];
/// uvicorn `--host TEXT`, default 127.0.0.1: <https://www.uvicorn.org/settings/#socket-binding>
const UVICORN: &[AddressOption] = &[AddressOption {
    names: &["--host"],
    shape: HOST,
}];
/// hypercorn `-b/--bind`, `--insecure-bind`, default 127.0.0.1:8000:
/// <https://hypercorn.readthedocs.io/en/latest/how_to_guides/configuring.html>
const HYPERCORN: &[AddressOption] = &[AddressOption {
    names: &["-b", "--bind", "--insecure-bind", "--quic-bind"],
    shape: ENDPOINT,
}];
/// `flask run -h/--host`, default 127.0.0.1:
/// <https://flask.palletsprojects.com/en/stable/cli/#run-the-development-server>
const FLASK: &[AddressOption] = &[AddressOption {
    names: &["-h", "--host"],
    shape: HOST,
}];
/// `python -m http.server -b/--bind ADDRESS`; without it, every interface:
/// <https://docs.python.org/3/library/http.server.html#command-line-interface>
const HTTP_SERVER: &[AddressOption] = &[AddressOption {
    names: &["-b", "--bind"],
    shape: HOST,
}];
/// Jupyter `--ip`, or the configurable `--ServerApp.ip=...`, default localhost; `*` means every
/// interface: <https://jupyter-server.readthedocs.io/en/latest/other/full-config.html>
const JUPYTER: &[AddressOption] = &[AddressOption {
    names: &[
        "--ip",
        "--ServerApp.ip",
        "--NotebookApp.ip",
        "--LabApp.ip",
        "--JupyterHub.ip",
    ],
    shape: AddressShape::HostOrStar,
}];
/// daphne `-b/--bind ADDRESS` (default 127.0.0.1) and `-e/--endpoint DESCRIPTION` (a Twisted
/// endpoint description): <https://github.com/django/daphne#readme>
const DAPHNE: &[AddressOption] = &[
    AddressOption {
        names: &["-b", "--bind"],
        shape: HOST,
    },
    AddressOption {
        names: &["-e", "--endpoint"],
        shape: AddressShape::TwistedDescription,
    },
];
/// `waitress-serve --host=ADDR` (default `0.0.0.0`) and `--listen=HOST:PORT` (`*:8080`):
/// <https://docs.pylonsproject.org/projects/waitress/en/stable/runner.html>
const WAITRESS: &[AddressOption] = &[
    AddressOption {
        names: &["--host"],
        shape: HOST,
    },
    AddressOption {
        names: &["--listen"],
        shape: ENDPOINT,
    },
];

/// Django's `runserver [ADDRPORT]`: `0` means `0.0.0.0`, a port alone keeps 127.0.0.1:
/// <https://docs.djangoproject.com/en/stable/ref/django-admin/#runserver>
const RUNSERVER_VALUE_OPTIONS: &[&str] = &["--settings", "--pythonpath", "-v", "--verbosity"];

macro_rules! command {
    ($program:expr, $subcommands:expr, $display:expr, $rule:expr, $options:expr, $omitted_means_all:expr $(,)?) => {
        LaunchCommand {
            program: $program,
            subcommands: $subcommands,
            display: $display,
            rule: $rule,
            options: $options,
            positional: None,
            omitted_means_all: $omitted_means_all,
            unless_options: &[],
            value_options: &[],
            falsy_host: FalsyHost::AsWritten,
        }
    };
}

macro_rules! runserver {
    ($program:expr) => {
        LaunchCommand {
            program: $program,
            subcommands: &["runserver"],
            display: "Django runserver",
            rule: Rule::ServerAllInterfaces,
            options: &[],
            positional: Some(PositionalAddress { shape: ENDPOINT }),
            omitted_means_all: false,
            unless_options: &[],
            value_options: RUNSERVER_VALUE_OPTIONS,
            falsy_host: FalsyHost::AsWritten,
        }
    };
}

const B1: Rule = Rule::BindAllInterfaces;
const B2: Rule = Rule::ServerAllInterfaces;

/// Every server command line git-bindcheck recognises.
pub static COMMANDS: &[LaunchCommand] = &[
    command!(
        Program::Executable("uvicorn"),
        &[],
        "uvicorn",
        B2,
        UVICORN,
        false
    ),
    command!(
        Program::Module("uvicorn"),
        &[],
        "uvicorn",
        B2,
        UVICORN,
        false
    ),
    command!(
        Program::Executable("gunicorn"),
        &[],
        "gunicorn",
        B2,
        GUNICORN,
        false
    ),
    command!(
        Program::Module("gunicorn"),
        &[],
        "gunicorn",
        B2,
        GUNICORN,
        false
    ),
    command!(
        Program::Executable("hypercorn"),
        &[],
        "hypercorn",
        B2,
        HYPERCORN,
        false
    ),
    command!(
        Program::Module("hypercorn"),
        &[],
        "hypercorn",
        B2,
        HYPERCORN,
        false
    ),
    // `flask run --host ""` hands "" to `app.run`, which serves 127.0.0.1 then.
    LaunchCommand {
        falsy_host: FalsyHost::Loopback,
        ..command!(
            Program::Executable("flask"),
            &["run"],
            "flask run",
            B2,
            FLASK,
            false
        )
    },
    // `flask run --host ""` hands "" to `app.run`, which serves 127.0.0.1 then.
    LaunchCommand {
        falsy_host: FalsyHost::Loopback,
        ..command!(
            Program::Module("flask"),
            &["run"],
            "flask run",
            B2,
            FLASK,
            false
        )
    },
    LaunchCommand {
        program: Program::Module("http.server"),
        subcommands: &[],
        display: "python -m http.server",
        rule: B1,
        options: HTTP_SERVER,
        positional: None,
        omitted_means_all: true,
        unless_options: &[],
        value_options: &[],
        falsy_host: FalsyHost::AsWritten,
    },
    // Python 2's SimpleHTTPServer has no address option: it always serves every interface.
    command!(
        Program::Module("SimpleHTTPServer"),
        &[],
        "python -m SimpleHTTPServer",
        B1,
        &[],
        true,
    ),
    command!(
        Program::Executable("jupyter"),
        &["lab", "notebook", "server", "nbclassic"],
        "jupyter",
        B2,
        JUPYTER,
        false,
    ),
    command!(
        Program::Executable("jupyter-lab"),
        &[],
        "jupyter lab",
        B2,
        JUPYTER,
        false
    ),
    command!(
        Program::Executable("jupyter-notebook"),
        &[],
        "jupyter notebook",
        B2,
        JUPYTER,
        false,
    ),
    command!(
        Program::Executable("jupyter-server"),
        &[],
        "jupyter server",
        B2,
        JUPYTER,
        false,
    ),
    command!(
        Program::Module("jupyterlab"),
        &[],
        "jupyter lab",
        B2,
        JUPYTER,
        false
    ),
    command!(
        Program::Module("notebook"),
        &[],
        "jupyter notebook",
        B2,
        JUPYTER,
        false
    ),
    command!(
        Program::Module("jupyter"),
        &["lab", "notebook", "server"],
        "jupyter",
        B2,
        JUPYTER,
        false
    ),
    command!(
        Program::Executable("daphne"),
        &[],
        "daphne",
        B2,
        DAPHNE,
        false
    ),
    command!(Program::Module("daphne"), &[], "daphne", B2, DAPHNE, false),
    LaunchCommand {
        program: Program::Executable("waitress-serve"),
        subcommands: &[],
        display: "waitress-serve",
        rule: B2,
        options: WAITRESS,
        positional: None,
        omitted_means_all: true,
        unless_options: &["--unix-socket"],
        value_options: &[],
        falsy_host: FalsyHost::AsWritten,
    },
    LaunchCommand {
        program: Program::Module("waitress"),
        subcommands: &[],
        display: "waitress-serve",
        rule: B2,
        options: WAITRESS,
        positional: None,
        omitted_means_all: true,
        unless_options: &["--unix-socket"],
        value_options: &[],
        falsy_host: FalsyHost::AsWritten,
    },
    runserver!(Program::Executable(DJANGO_ADMIN)),
    runserver!(Program::Executable("django-admin.py")),
    runserver!(Program::Script("manage.py")),
    runserver!(Program::Module("django")),
];

/// The program Django's `call_command` and `execute_from_command_line` stand for.
pub const DJANGO_ADMIN: &str = "django-admin";

/// True when `name` is the last part of a launcher's qualified name (`run`, `Popen`).
pub fn is_launcher_name(name: &str) -> bool {
    static NAMES: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
        std::sync::LazyLock::new(|| {
            LAUNCHERS
                .iter()
                .filter_map(|launcher| launcher.callee.rsplit('.').next())
                .collect()
        });
    NAMES.contains(name)
}

/// The launcher row for a qualified callee, if it runs command lines.
pub fn launcher(qualified: &str) -> Option<&'static Launcher> {
    LAUNCHERS
        .iter()
        .find(|launcher| launcher.callee == qualified)
}

/// The command rows a program (an executable's file name, or a module) may start.
pub fn commands_for(program: Program) -> impl Iterator<Item = &'static LaunchCommand> {
    COMMANDS
        .iter()
        .filter(move |command| command.program == program)
}

/// The name each command's program is written with, for the pre-filter: a command line
/// names its program as the catalogue spells it (`uvicorn`, `http.server`, `manage.py`,
/// after a directory or before `.exe` at most), so that name appears in any file that starts
/// it, bounded like a word.
pub fn program_name(program: Program) -> &'static str {
    let (Program::Executable(name) | Program::Module(name) | Program::Script(name)) = program;
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_launcher_is_a_dotted_qualified_name() {
        for launcher in LAUNCHERS {
            assert!(launcher.callee.contains('.'), "{}", launcher.callee);
        }
    }

    #[test]
    fn every_command_knows_where_its_address_is_or_that_it_has_none() {
        for command in COMMANDS {
            assert!(
                !command.options.is_empty()
                    || command.positional.is_some()
                    || command.omitted_means_all,
                "{} has no address and no default",
                command.display
            );
            for option in command.options {
                for name in option.names {
                    assert!(name.starts_with('-'), "{name}");
                }
            }
        }
    }

    #[test]
    fn program_names_start_and_end_with_word_characters() {
        let is_word = |character: char| character.is_ascii_alphanumeric() || character == '_';
        for command in COMMANDS {
            let name = program_name(command.program);
            assert!(
                name.starts_with(is_word) && name.ends_with(is_word),
                "{name} would not be bounded like a word"
            );
        }
    }

    #[test]
    fn command_rows_are_unique() {
        for (index, command) in COMMANDS.iter().enumerate() {
            for other in &COMMANDS[index + 1..] {
                assert!(
                    !(command.program == other.program && command.subcommands == other.subcommands),
                    "duplicate row for {}",
                    command.display
                );
            }
        }
    }
}
