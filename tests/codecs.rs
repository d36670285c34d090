//! Source encodings against the reference: which coding cookie names Python itself accepts
//! (asked of the `python3` on `PATH`, as CI installs it), and end-to-end runs in real
//! repositories with files in legacy encodings, including the Shift_JIS trail byte that reads
//! as a backslash and files that cannot be decoded.

// Helpers outside `#[test]` functions: a failed expectation is how they report.
#![allow(clippy::expect_used)]

mod common;

use common::TestRepo;
use git_bindcheck::python::codec::{Lookup, lookup};

/// Asks python3 whether it compiles `# coding: NAME` for every name in its alias table and
/// codec package, and for variants in case and punctuation; returns `(name, accepted)`.
fn python_cookie_verdicts() -> Vec<(String, bool)> {
    let script = r##"
import encodings, encodings.aliases, pkgutil
names = set(encodings.aliases.aliases) | set(encodings.aliases.aliases.values())
names |= {m.name for m in pkgutil.iter_modules(encodings.__path__)}
variants = set()
for name in names:
    variants |= {name, name.upper(), name.replace("_", "-"), name.replace("_", "--"),
                 "_" + name, name + "-", name.replace("_", "."), name.replace("_", "")}
variants |= {"utf-8-unix", "UTF-8-DOS", "latin-1-x", "iso-latin-1", "ISO_8859_1-foo",
             "utf8-sig", "klingon", "x-mac-roman", "cp-437", "iso8859.15", "utf-8.1"}
for name in sorted(variants):
    try:
        compile(("# coding: %s\nx = 1\n" % name).encode("ascii"), "<cookie>", "exec")
        print(name, 1)
    except SyntaxError:
        print(name, 0)
"##;
    let output = std::process::Command::new("python3")
        .args(["-c", script])
        .output()
        .expect("python3 runs (CI installs it; it is the reference for cookie names)");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout)
        .expect("UTF-8")
        .lines()
        .filter_map(|line| {
            let (name, verdict) = line.rsplit_once(' ')?;
            Some((name.to_owned(), verdict == "1"))
        })
        .collect()
}

#[test]
fn cookie_names_are_accepted_exactly_where_python_accepts_them() {
    let verdicts = python_cookie_verdicts();
    assert!(verdicts.len() > 1000, "{} names", verdicts.len());
    let mut disagreements = Vec::new();
    let mut not_decoded = Vec::new();
    for (name, python_accepts) in &verdicts {
        let ours = lookup(name);
        let we_accept = match ours {
            Lookup::Known(_) => true,
            Lookup::Unsupported { module } => {
                not_decoded.push(module);
                true
            }
            Lookup::Refused { .. } | Lookup::Unknown => false,
        };
        if we_accept != *python_accepts {
            disagreements.push(format!("{name}: python {python_accepts}, ours {ours:?}"));
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
    not_decoded.sort_unstable();
    not_decoded.dedup();
    assert_eq!(not_decoded, ["hz", "iso2022_kr", "johab"]);
}

/// Shift_JIS text whose string ends in `表` (0x95 0x5C), the bind on the following lines.
/// Read as UTF-8, the 0x5C escapes the closing quotes and the bind disappears into the string.
const SHIFT_JIS_TRAP: &[u8] = b"# -*- coding: shift_jis -*-\nimport socket\n\nLABEL = \"\"\"\x95\x5c\"\"\"\ns = socket.socket()\ns.bind((\"0.0.0.0\", 8080))\nNOTE = \"\"\"done\"\"\"\n";

#[test]
fn shift_jis_string_ending_in_a_trail_backslash_does_not_hide_the_bind() {
    let repo = TestRepo::new();
    repo.write("server.py", SHIFT_JIS_TRAP).add(&["server.py"]);
    let run = repo.bindcheck(&["--format", "json"]).assert_code(1);
    let findings = run.findings();
    assert_eq!(findings.len(), 1, "{}", run.describe());
    assert_eq!(findings[0]["rule"], "BND001");
    assert_eq!(findings[0]["line"], 6);
    assert_eq!(findings[0]["column"], 1);
    assert!(!run.stderr.contains("warning"), "{}", run.describe());
    // The pre-commit hook blocks the commit.
    repo.install_hook().assert_code(0);
    let commit = repo.try_git(&["commit", "-m", "add server"]);
    assert!(!commit.status.success(), "the commit went through");
}

#[test]
fn columns_count_characters_of_the_decoded_text() {
    // `é` is one byte in Latin-1 and two in UTF-8; `表` two bytes in EUC-JP and three in UTF-8:
    // the column is the same character count either way.
    let repo = TestRepo::new();
    repo.write(
        "latin.py",
        b"# coding: latin-1\nimport socket\nsocket.create_server(('\xe9', 1)); socket.create_server(('', 2))\n",
    )
    .write(
        "eucjp.py",
        b"# coding: euc_jp\nimport socket\nsocket.create_server(('\xc9\xbd', 1)); socket.create_server(('', 2))\n",
    )
    .add(&["latin.py", "eucjp.py"]);
    let run = repo.bindcheck(&["--format", "json"]).assert_code(1);
    let findings = run.findings();
    assert_eq!(findings.len(), 2, "{}", run.describe());
    for finding in &findings {
        assert_eq!(finding["line"], 3, "{}", run.describe());
        assert_eq!(finding["column"], 33, "{}", run.describe());
        assert_eq!(finding["end_column"], 62, "{}", run.describe());
    }
}

#[test]
fn undecodable_file_ends_in_exit_2_naming_the_file() {
    let repo = TestRepo::new();
    // A lead byte with no trail byte: invalid Shift_JIS, which Python refuses to compile.
    repo.write(
        "broken.py",
        b"# -*- coding: shift_jis -*-\nimport socket\nLABEL = '\x95'\nsocket.create_server(('', 1))\n",
    )
    .write("fine.py", "x = 1\n")
    .add(&["broken.py", "fine.py"]);
    for args in [&["staged"][..], &["scan", "."][..]] {
        let run = repo.bindcheck(args).assert_code(2);
        run.assert_stderr_contains("warning: broken.py: cannot decode: not valid `shift_jis`")
            .assert_stderr_contains("(line 3)")
            .assert_stderr_contains("1 file could not be decoded");
    }
    // `--exit-zero` does not turn a file the tool could not read into a pass.
    repo.bindcheck(&["--exit-zero"]).assert_code(2);
}

#[test]
fn unknown_codec_and_bom_conflict_end_in_exit_2() {
    let repo = TestRepo::new();
    repo.write(
        "klingon.py",
        "# coding: klingon\nimport socket\nsocket.create_server(('', 1))\n",
    )
    .write(
        "bom.py",
        "\u{feff}# coding: latin-1\nimport socket\nsocket.create_server(('', 1))\n",
    )
    .add(&["klingon.py", "bom.py"]);
    let run = repo.bindcheck(&[]).assert_code(2);
    run.assert_stderr_contains("klingon.py: cannot decode: its coding cookie names `klingon`, a codec Python does not know")
        .assert_stderr_contains("bom.py: cannot decode: it starts with a UTF-8 byte order mark but its coding cookie names `latin-1`")
        .assert_stderr_contains("2 files could not be decoded");
}

#[test]
fn legacy_single_byte_files_are_decoded_and_checked_quietly() {
    let repo = TestRepo::new();
    for (path, content) in [
        (
            "dos.py",
            &b"# coding: cp437\nimport socket\n# \x82\xb3\nsocket.create_server(('', 1))\n"[..],
        ),
        (
            "mac.py",
            b"# coding: mac_roman\nimport socket\n# \x8e\nsocket.create_server(('', 1))\n",
        ),
        (
            "koi.py",
            b"# coding: KOI8-R\nimport socket\n# \xc1\nsocket.create_server(('', 1))\n",
        ),
        (
            "gbk.py",
            b"# coding: gbk\nimport socket\n# \xd6\xd0\nsocket.create_server(('', 1))\n",
        ),
    ] {
        repo.write(path, content).add(&[path]);
    }
    let run = repo.bindcheck(&["--format", "json"]).assert_code(1);
    assert_eq!(run.findings().len(), 4, "{}", run.describe());
    assert!(!run.stderr.contains("warning"), "{}", run.describe());
}
