//! Servers started as command lines: `subprocess.Popen(["uvicorn", "app:app", "--host",
//! "0.0.0.0"])`, `os.system("flask run --host=0.0.0.0")`, Django's `call_command("runserver",
//! "0:8000")`.
//!
//! A call of a launcher of [`crate::rules::commands::LAUNCHERS`] has its command line resolved
//! like any other value (a list literal or a variable holding one, f-strings, a host held in a
//! variable or read from configuration), shell strings split with `shlex` rules
//! ([`crate::python::command_line`]), `sh -c "..."` followed into its string. The program is
//! found past environment assignments and wrappers (`env`, `exec`, `nohup`), through the
//! interpreter (`python -m http.server`, `sys.executable, "-m", "uvicorn"`, `python
//! manage.py`), and matched against [`crate::rules::commands::COMMANDS`]; the row says which
//! options carry the address and what leaving them out means for that command. A command line
//! whose program is not a server (`["ping", "0.0.0.0"]`) is never a finding, whatever it
//! mentions; nor is one whose program cannot be read.

use ruff_python_ast::visitor::{Visitor, walk_expr, walk_stmt};
use ruff_python_ast::{Expr, ExprCall, Stmt};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::calls::{Argument, HostVerdict, find_argument};
use super::expressions::single_text;
use super::{Analyzer, MAX_VISIT_DEPTH};
use crate::python::command_line::split_commands;
use crate::python::values::{Provenance, UNKNOWN_PART, Value, ValueSet};
use crate::rules::Rule;
use crate::rules::commands::{self, CommandLine, LaunchCommand, Launcher, Program};

/// One command line: its words, each the values it may have.
type Argv = Vec<ValueSet>;

/// The most command lines one call is read as (alternatives of a shell string or a variable).
const MAX_COMMAND_LINES: usize = 16;

/// Programs that run the rest of the command line as a command of its own.
const WRAPPERS: &[&str] = &["env", "exec", "nohup", "nice", "stdbuf", "setsid"];

/// Shells whose `-c STRING` is a command line of its own.
const SHELLS: &[&str] = &["sh", "bash", "dash", "zsh", "ksh"];

/// Interpreter options that take the next word as their value (`python -X dev -m ...`).
const INTERPRETER_VALUE_OPTIONS: &[&str] = &["-X", "-W", "-Q"];

impl<'a> Analyzer<'a> {
    /// Reports a call that starts a server command line listening on every interface.
    pub(super) fn check_launch(&mut self, call: &'a ExprCall) {
        // A method call runs a command line only by a launcher's own name (`sp.run`); most
        // calls are method calls, and this spares evaluating their receivers again.
        if let Expr::Attribute(attribute) = &*call.func
            && !commands::is_launcher_name(attribute.attr.as_str())
        {
            return;
        }
        let launchers: Vec<&'static Launcher> = self
            .eval(&call.func)
            .iter()
            .filter_map(|callee| callee.qualified_callee().and_then(commands::launcher))
            .collect();
        for launcher in launchers {
            let short = launcher
                .callee
                .rsplit('.')
                .next()
                .unwrap_or(launcher.callee);
            let grown = self.argv_grows(call, launcher.command_line);
            for argv in self.command_lines(call, launcher.command_line) {
                self.check_command_line(call, &argv, short, grown, 0);
            }
        }
    }

    /// True when the call's argument vector is a variable that the running body grows in
    /// place (`cmd.append("--bind")`, `cmd.extend([...])`): the analysis knows the list as it
    /// was written, so a missing address may have been added since.
    fn argv_grows(&self, call: &ExprCall, command_line: CommandLine) -> bool {
        let expr = match command_line {
            CommandLine::VectorOrShell { position, keyword } => {
                match find_argument(call, Some(position), keyword, 0) {
                    Argument::Given(expr) => expr,
                    _ => return false,
                }
            }
            CommandLine::Vector { position } => match call.arguments.args.get(position) {
                Some(expr) => expr,
                None => return false,
            },
            CommandLine::DjangoArgv => match call.arguments.args.first() {
                Some(expr) => expr,
                None => return false,
            },
            _ => return false,
        };
        let Expr::Name(name) = expr else {
            return false;
        };
        let mut finder = GrowthFinder {
            name: name.id.as_str(),
            found: false,
            depth: 0,
        };
        for statement in self.body {
            finder.visit_stmt(statement);
        }
        finder.found
    }

    /// The command lines a launcher call may run.
    fn command_lines(&self, call: &ExprCall, command_line: CommandLine) -> Vec<Argv> {
        let mut lines = Vec::new();
        match command_line {
            CommandLine::VectorOrShell { position, keyword }
            | CommandLine::Shell { position, keyword } => {
                let Argument::Given(expr) = find_argument(call, Some(position), keyword, 0) else {
                    return lines;
                };
                let shell_only = matches!(command_line, CommandLine::Shell { .. });
                // `run(["uvicorn app --host 0.0.0.0"], shell=True)`: the first item is the
                // shell's command string.
                let shell_keyword = call.arguments.find_keyword("shell").is_some_and(|keyword| {
                    self.eval(&keyword.value)
                        .iter()
                        .any(|value| *value == Value::Int(1))
                });
                for value in self.eval(expr).iter() {
                    match value {
                        Value::Str { .. } => lines.extend(self.shell_lines(value)),
                        Value::Tuple(items) if !shell_only => match items.first() {
                            Some(first) if shell_keyword => {
                                for value in first.iter() {
                                    lines.extend(self.shell_lines(value));
                                }
                            }
                            _ => lines.push(items.clone()),
                        },
                        _ => {}
                    }
                }
            }
            CommandLine::Vector { position } => {
                if let Some(expr) = call.arguments.args.get(position)
                    && !call.arguments.args[..position]
                        .iter()
                        .any(Expr::is_starred_expr)
                {
                    for value in self.eval(expr).iter() {
                        if let Value::Tuple(items) = value {
                            lines.push(items.clone());
                        }
                    }
                }
            }
            CommandLine::Arguments { from } => {
                if let Some(argv) = self.positional_words(call, from) {
                    lines.push(argv);
                }
            }
            CommandLine::DjangoCommand => {
                if let Some(mut argv) = self.positional_words(call, 0) {
                    argv.insert(0, self.synthetic_word(commands::DJANGO_ADMIN, call.range()));
                    // `call_command("runserver", addrport="0:8000")`.
                    if let Some(keyword) = call.arguments.find_keyword("addrport") {
                        argv.push(self.eval(&keyword.value));
                    }
                    lines.push(argv);
                }
            }
            CommandLine::DjangoArgv => {
                if let Some(expr) = call.arguments.args.first() {
                    for value in self.eval(expr).iter() {
                        if let Value::Tuple(items) = value
                            && !items.is_empty()
                        {
                            let mut argv = items.clone();
                            argv[0] = self.synthetic_word(commands::DJANGO_ADMIN, call.range());
                            lines.push(argv);
                        }
                    }
                }
            }
        }
        lines.truncate(MAX_COMMAND_LINES);
        lines
    }

    /// The positional arguments from `from` on, a `*args` of a known list spliced in.
    fn positional_words(&self, call: &ExprCall, from: usize) -> Option<Argv> {
        let arguments = call.arguments.args.get(from..)?;
        if call.arguments.args[..from]
            .iter()
            .any(Expr::is_starred_expr)
        {
            return None;
        }
        let mut argv = Vec::new();
        for argument in arguments {
            match argument {
                Expr::Starred(starred) => {
                    let values = self.eval(&starred.value);
                    match values.iter().next() {
                        Some(Value::Tuple(items)) if values.iter().count() == 1 => {
                            argv.extend(items.iter().cloned());
                        }
                        // What follows an unknown `*args` is at an unknown place.
                        _ => {
                            argv.push(ValueSet::unknown());
                            break;
                        }
                    }
                }
                other => argv.push(self.eval(other)),
            }
        }
        Some(argv)
    }

    /// A word the call implies rather than writes (`django-admin` for `call_command`).
    fn synthetic_word(&self, text: &str, range: TextRange) -> ValueSet {
        ValueSet::one(Value::Str {
            text: text.to_owned(),
            origin: range,
            provenance: Provenance::Literal,
        })
    }

    /// The command lines of a shell string, each word a string of its own whose origin is the
    /// word in the literal when it can be found there.
    fn shell_lines(&self, value: &Value) -> Vec<Argv> {
        let Value::Str {
            text,
            origin,
            provenance,
        } = value
        else {
            return Vec::new();
        };
        let written = self.written(*origin);
        split_commands(text)
            .into_iter()
            .map(|words| {
                words
                    .into_iter()
                    .map(|word| {
                        ValueSet::one(Value::Str {
                            origin: word_range(&written, *origin, &word.text),
                            text: word.text,
                            provenance: provenance.clone(),
                        })
                    })
                    .collect()
            })
            .collect()
    }

    /// Checks one command line against the catalogue of server commands.
    fn check_command_line(
        &mut self,
        call: &ExprCall,
        argv: &[ValueSet],
        launcher: &str,
        grown: bool,
        depth: usize,
    ) {
        let Some((program, rest)) = self.program(argv) else {
            return;
        };
        if let Program::Executable(name) = program
            && SHELLS.contains(&name)
            && depth < 2
        {
            // `sh -c "uvicorn app --host 0.0.0.0"`.
            if let Some(index) = rest.iter().position(|word| word_is(word, "-c"))
                && let Some(script) = rest.get(index + 1)
            {
                for value in script.iter() {
                    for inner in self.shell_lines(value) {
                        self.check_command_line(call, &inner, launcher, grown, depth + 1);
                    }
                }
            }
            return;
        }
        let scripts = match program {
            Program::Executable(name) => vec![program, Program::Script(name)],
            other => vec![other],
        };
        for program in scripts {
            for command in commands::commands_for(program) {
                self.check_command(call, command, rest, launcher, grown);
            }
        }
    }

    /// The program a command line runs and the words after it.
    fn program<'v>(&self, argv: &'v [ValueSet]) -> Option<(Program, &'v [ValueSet])> {
        let mut index = 0;
        loop {
            let word = argv.get(index)?;
            if word
                .iter()
                .any(|value| matches!(value, Value::Symbol(symbol) if symbol == "sys.executable"))
            {
                return self.interpreter_program(&argv[index + 1..]);
            }
            let text = single_text(word)?;
            let name = file_name(&text);
            if is_environment_assignment(&text) || WRAPPERS.contains(&name) {
                index += 1;
                continue;
            }
            if is_python(name) {
                return self.interpreter_program(&argv[index + 1..]);
            }
            return Some((Program::Executable(leak_known(name)?), &argv[index + 1..]));
        }
    }

    /// What `python [options] -m MODULE ...` or `python [options] SCRIPT ...` runs.
    fn interpreter_program<'v>(&self, argv: &'v [ValueSet]) -> Option<(Program, &'v [ValueSet])> {
        let mut index = 0;
        while let Some(word) = argv.get(index) {
            let text = single_text(word)?;
            if text == "-m" {
                let module = single_text(argv.get(index + 1)?)?;
                return Some((Program::Module(leak_known(&module)?), &argv[index + 2..]));
            }
            if let Some(module) = text.strip_prefix("-m")
                && !text.starts_with("--")
            {
                return Some((Program::Module(leak_known(module)?), &argv[index + 1..]));
            }
            if text == "-c" || text == "-" {
                return None;
            }
            if text.starts_with('-') {
                index += if INTERPRETER_VALUE_OPTIONS.contains(&text.as_str()) {
                    2
                } else {
                    1
                };
                continue;
            }
            return Some((
                Program::Script(leak_known(file_name(&text))?),
                &argv[index + 1..],
            ));
        }
        None
    }

    /// Checks the words after a catalogued program against its row.
    fn check_command(
        &mut self,
        call: &ExprCall,
        command: &'static LaunchCommand,
        words: &[ValueSet],
        launcher: &str,
        grown: bool,
    ) {
        let subcommand = if command.subcommands.is_empty() {
            Some(0)
        } else {
            words.iter().position(|word| {
                command
                    .subcommands
                    .iter()
                    .any(|subcommand| word_is(word, subcommand))
            })
        };
        let Some(subcommand) = subcommand else {
            return;
        };
        let display = format!("{} (started by {launcher}())", command.display);
        let mut addresses: Vec<(ValueSet, crate::rules::sinks::AddressShape)> = Vec::new();
        let mut excluded = false;
        let mut unknowable = grown;
        let mut positional_seen = false;
        let mut index = if command.subcommands.is_empty() {
            0
        } else {
            subcommand + 1
        };
        // Options may come before the subcommand too (`flask --app x run --host ...`).
        for word in &words[..subcommand.min(words.len())] {
            for option in command.options {
                for name in option.names {
                    if let Some(value) = attached_value(word, name, |range| self.written(range)) {
                        addresses.push((value, option.shape));
                    }
                }
            }
        }
        while let Some(word) = words.get(index) {
            index += 1;
            // A string the analysis cannot read the start of may be an option naming the
            // address; a number or an unknown object is no option.
            if word.iter().any(
                |value| matches!(value, Value::Str { text, .. } if text.starts_with(UNKNOWN_PART)),
            ) {
                unknowable = true;
            }
            if command.unless_options.iter().any(|name| {
                word_is(word, name)
                    || attached_value(word, name, |range| self.written(range)).is_some()
            }) {
                excluded = true;
            }
            let mut matched = false;
            for option in command.options {
                for name in option.names {
                    if word_is(word, name) {
                        if let Some(value) = words.get(index) {
                            addresses.push((value.clone(), option.shape));
                            index += 1;
                        }
                        matched = true;
                    } else if let Some(value) =
                        attached_value(word, name, |range| self.written(range))
                    {
                        addresses.push((value, option.shape));
                        matched = true;
                    }
                }
            }
            if matched {
                continue;
            }
            if command.value_options.iter().any(|name| word_is(word, name)) {
                index += 1;
                continue;
            }
            if let Some(positional) = command.positional
                && !positional_seen
                && !word
                    .iter()
                    .any(|value| matches!(value, Value::Str { text, .. } if text.starts_with('-')))
            {
                positional_seen = true;
                addresses.push((word.clone(), positional.shape));
            }
        }
        self.report(
            Rule::AnyListener,
            &display,
            call.range(),
            None,
            None,
            format!("{display} listens on a network port (audit)"),
        );
        if excluded {
            return;
        }
        if addresses.is_empty() {
            if command.omitted_means_all && !unknowable {
                self.report(
                    Rule::ImplicitAllInterfaces,
                    &display,
                    call.range(),
                    None,
                    None,
                    format!("{display} is started without an address, so it listens on all network interfaces"),
                );
            }
            return;
        }
        for (values, shape) in addresses {
            if let Some(verdict) = self.host_verdict(&values, shape, command.falsy_host) {
                let underline = verdict_origin(&verdict)
                    .filter(|origin| call.range().contains_range(*origin))
                    .unwrap_or(call.range());
                self.report_verdict(
                    verdict,
                    command.rule,
                    &display,
                    &display,
                    call.range(),
                    underline,
                );
                return;
            }
        }
    }
}

/// Finds `name.append(...)`, `name.extend(...)` and `name.insert(...)` in a body.
struct GrowthFinder<'n> {
    name: &'n str,
    found: bool,
    /// How deep the walk is, against [`MAX_VISIT_DEPTH`]: deeper code counts as growing it.
    depth: usize,
}

impl<'b> Visitor<'b> for GrowthFinder<'_> {
    fn visit_stmt(&mut self, statement: &'b Stmt) {
        if self.found {
            return;
        }
        if self.depth >= MAX_VISIT_DEPTH {
            self.found = true;
            return;
        }
        self.depth += 1;
        walk_stmt(self, statement);
        self.depth -= 1;
    }

    fn visit_expr(&mut self, expr: &'b Expr) {
        if self.found {
            return;
        }
        if self.depth >= MAX_VISIT_DEPTH {
            self.found = true;
            return;
        }
        if let Expr::Call(call) = expr
            && let Expr::Attribute(attribute) = &*call.func
            && matches!(&*attribute.value, Expr::Name(name) if name.id.as_str() == self.name)
            && matches!(attribute.attr.as_str(), "append" | "extend" | "insert")
        {
            self.found = true;
            return;
        }
        self.depth += 1;
        walk_expr(self, expr);
        self.depth -= 1;
    }
}

/// Where a verdict's value was written.
fn verdict_origin(verdict: &HostVerdict) -> Option<TextRange> {
    match verdict {
        HostVerdict::Wildcard { origin, .. }
        | HostVerdict::NoneMeansAll { origin, .. }
        | HostVerdict::Passive { origin } => Some(*origin),
    }
}

/// True when the word is exactly `text`.
fn word_is(word: &ValueSet, text: &str) -> bool {
    word.iter()
        .any(|value| matches!(value, Value::Str { text: written, .. } if written == text))
}

/// The value of `--name=VALUE` (or `-bVALUE` for a short option) in `word`.
/// `written` gives the source text of a range, to narrow the value's origin to where it is
/// written inside the word.
fn attached_value(
    word: &ValueSet,
    name: &str,
    written: impl Fn(TextRange) -> String,
) -> Option<ValueSet> {
    let is_short = !name.starts_with("--");
    let mut values = ValueSet::default();
    let mut any = false;
    for value in word.iter() {
        let Value::Str {
            text,
            origin,
            provenance,
        } = value
        else {
            continue;
        };
        let Some(rest) = text.strip_prefix(name) else {
            continue;
        };
        let rest = match rest.strip_prefix('=') {
            Some(after) => after,
            None if is_short && !rest.is_empty() => rest,
            None => continue,
        };
        any = true;
        values.insert(Value::Str {
            origin: word_range(&written(*origin), *origin, rest),
            text: rest.to_owned(),
            provenance: provenance.clone(),
        });
    }
    any.then_some(values)
}

/// `/usr/bin/uvicorn` → `uvicorn`; `C:\Python\python.exe` → `python`.
fn file_name(path: &str) -> &str {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    name.strip_suffix(".exe").unwrap_or(name)
}

/// `python`, `python3`, `python3.12`, `pythonw`, `pypy3`, `py`.
fn is_python(name: &str) -> bool {
    let version = name
        .strip_prefix("python")
        .or_else(|| name.strip_prefix("pypy"));
    match version {
        Some(rest) => rest
            .trim_start_matches('w')
            .bytes()
            .all(|byte| byte.is_ascii_digit() || byte == b'.'),
        None => name == "py",
    }
}

/// `HOST=0.0.0.0` before the program.
fn is_environment_assignment(word: &str) -> bool {
    word.split_once('=').is_some_and(|(name, _)| {
        !name.is_empty()
            && !name.starts_with('-')
            && name
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || byte == b'_')
    })
}

/// The catalogue's own spelling of a program or module name, if the catalogue knows it (the
/// rows hold `&'static str`s, so a name the catalogue does not know is no command of it).
fn leak_known(name: &str) -> Option<&'static str> {
    commands::COMMANDS
        .iter()
        .map(|command| {
            let (Program::Executable(known) | Program::Module(known) | Program::Script(known)) =
                command.program;
            known
        })
        .chain(SHELLS.iter().copied())
        .find(|known| *known == name)
}

/// The range of `word` inside a string literal written at `origin` (whose source is
/// `written`), when it occurs there exactly once as written; else the whole literal.
fn word_range(written: &str, origin: TextRange, word: &str) -> TextRange {
    if word.is_empty() {
        return origin;
    }
    let mut found = written.match_indices(word);
    match (found.next(), found.next()) {
        (Some((start, _)), None) => {
            let (Ok(start), Ok(length)) = (u32::try_from(start), u32::try_from(word.len())) else {
                return origin;
            };
            let start = origin.start() + TextSize::new(start);
            TextRange::at(start, TextSize::new(length))
        }
        _ => origin,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_interpreters_are_recognised() {
        for name in ["python", "python3", "python3.12", "pythonw", "pypy3", "py"] {
            assert!(is_python(name), "{name}");
        }
        for name in ["pythonista", "pyflakes", "uvicorn"] {
            assert!(!is_python(name), "{name}");
        }
    }

    #[test]
    fn program_paths_are_reduced_to_file_names() {
        assert_eq!(file_name("/usr/local/bin/gunicorn"), "gunicorn");
        assert_eq!(file_name(r"C:\Python\python.exe"), "python");
        assert_eq!(file_name("./manage.py"), "manage.py");
    }

    #[test]
    fn environment_assignments_are_not_programs() {
        assert!(is_environment_assignment("PORT=8000"));
        assert!(!is_environment_assignment("--host=0.0.0.0"));
        assert!(!is_environment_assignment("uvicorn"));
    }

    #[test]
    fn word_ranges_narrow_to_a_unique_occurrence() {
        let origin = TextRange::new(TextSize::new(10), TextSize::new(30));
        let range = word_range("\"a --host 0.0.0.0\"", origin, "0.0.0.0");
        assert_eq!(range, TextRange::at(TextSize::new(20), TextSize::new(7)));
        assert_eq!(word_range("\"0 0\"", origin, "0"), origin);
    }
}
