//! Containers and objects across the repository's modules: a `**kwargs` wrapper, a dict of
//! options and a settings dataclass defined in one module and used in another, analysed with a
//! project that reads a real temporary directory. (The analysis is called directly: which files
//! the prefilter lets through is the prefilter's own tests' concern.)

// Helpers outside test functions: a failed expectation is how they report a broken fixture.
#![allow(clippy::expect_used)]

use std::path::PathBuf;

use git_bindcheck::project::{Project, WorkTreeSource};
use git_bindcheck::python::{self, SourceKind};

/// Writes `files` into a fresh directory and analyses `main.py` with the directory as its
/// project; returns its findings as (line, rule) pairs, the audit rules left out.
fn analyse_main(files: &[(&str, &str)]) -> Vec<(u32, String)> {
    let directory = tempfile::tempdir().expect("temporary directory");
    for (path, text) in files {
        std::fs::write(directory.path().join(path), text).expect("write");
    }
    let project = Project::new(Box::new(WorkTreeSource::new(PathBuf::from(
        directory.path(),
    ))));
    let main = std::fs::read(directory.path().join("main.py")).expect("main.py");
    let analysed = python::analyse("main.py", &main, SourceKind::Module, Some(&project));
    analysed
        .findings
        .iter()
        .filter(|finding| !matches!(finding.rule.code(), "BND100" | "BND101"))
        .map(|finding| (finding.span.start.line, finding.rule.code().to_owned()))
        .collect()
}

#[test]
fn kwargs_wrapper_in_another_module_is_judged_at_the_call() {
    let found = analyse_main(&[
        (
            "helpers.py",
            "import uvicorn\n\n\ndef serve(app, **kwargs):\n    uvicorn.run(app, **kwargs)\n",
        ),
        (
            "main.py",
            "from helpers import serve\n\nserve(None, host=\"0.0.0.0\")\nserve(None, host=\"127.0.0.1\")\nserve(None, port=1)\n",
        ),
    ]);
    assert_eq!(found, vec![(3, "BND002".to_owned())]);
}

#[test]
fn options_dict_of_another_module_is_read_through_double_star() {
    let found = analyse_main(&[
        (
            "settings.py",
            "SERVER = {\"host\": \"0.0.0.0\", \"port\": 8000}\nLOCAL = {\"host\": \"127.0.0.1\"}\n",
        ),
        (
            "main.py",
            "import uvicorn\nfrom settings import LOCAL, SERVER\n\nuvicorn.run(None, **SERVER)\nuvicorn.run(None, **LOCAL)\n",
        ),
    ]);
    assert_eq!(found, vec![(4, "BND002".to_owned())]);
}

#[test]
fn constructor_arguments_override_a_dataclass_default_of_another_module() {
    let found = analyse_main(&[
        (
            "config.py",
            "from dataclasses import dataclass\n\n\n@dataclass\nclass ListenConfig:\n    host: str = \"0.0.0.0\"\n    port: int = 8000\n",
        ),
        (
            "main.py",
            "import uvicorn\nfrom config import ListenConfig\n\nuvicorn.run(None, host=ListenConfig(host=\"127.0.0.1\").host)\nuvicorn.run(None, host=ListenConfig().host)\n",
        ),
    ]);
    assert_eq!(found, vec![(5, "BND002".to_owned())]);
}

#[test]
fn factory_of_another_module_gives_its_calls_the_returned_kind() {
    let found = analyse_main(&[
        (
            "factory.py",
            "import tornado.web\n\n\ndef make_app():\n    return tornado.web.Application([])\n",
        ),
        (
            "main.py",
            "from factory import make_app\n\nmake_app().listen(8888)\nmake_app().listen(8888, \"127.0.0.1\")\n",
        ),
    ]);
    assert_eq!(found, vec![(3, "BND003".to_owned())]);
}
