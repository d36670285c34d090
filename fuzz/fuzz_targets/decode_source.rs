//! Python source bytes under a coding cookie chosen by the input, through decoding and the
//! whole per-file analysis.
//!
//! The first byte picks the cookie's codec name (every alias and module of Python's codec
//! registry, plus a few spellings only CPython's tokenizer knows and names Python does not know),
//! the second where the cookie goes (line one, line two after a shebang, after a UTF-8 BOM, or
//! no cookie at all), and the rest is the file's body. Beyond "never panics", it checks that a
//! decoded text has no lone `\r` (the line index counts `\n`), that a file that cannot be
//! decoded yields no finding and is not called checked, that an undecodable file always says
//! why, and that the textual pre-filter stays sound under every codec.

#![no_main]

use git_bindcheck::python::codec;
use git_bindcheck::python::decode::decode_source;
use git_bindcheck::python::{SourceKind, analyse};
use git_bindcheck::rules::prefilter::may_listen;
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

/// Cookie names the first input byte chooses from.
static NAMES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut names: Vec<&'static str> = codec::cookie_names().collect();
    names.extend([
        "utf-8-unix",
        "Latin-1-dos",
        "UTF_8",
        "SJIS",
        "klingon",
        "utf8",
    ]);
    names
});

fuzz_target!(|data: &[u8]| {
    let (Some(&choice), Some(&placement)) = (data.first(), data.get(1)) else {
        return;
    };
    let body = &data[2..];
    let names = &*NAMES;
    // Two bytes of choice would be more even; one keeps seeds readable, and the modulo walks
    // every name as the byte varies together with the placement byte.
    let name = names[(usize::from(choice) + 256 * usize::from(placement / 4)) % names.len()];
    let mut file = Vec::with_capacity(body.len() + 64);
    match placement % 4 {
        0 => file.extend_from_slice(format!("# -*- coding: {name} -*-\n").as_bytes()),
        1 => file.extend_from_slice(
            format!("#!/usr/bin/env python\n# vim: set fileencoding={name} :\n").as_bytes(),
        ),
        2 => file.extend_from_slice(format!("\u{feff}# coding={name}\n").as_bytes()),
        _ => {}
    }
    file.extend_from_slice(body);

    let decoded = decode_source(&file);
    match &decoded {
        Ok(decoded) => assert!(
            !decoded
                .text
                .bytes()
                .enumerate()
                .any(|(index, byte)| byte == b'\r'
                    && decoded.text.as_bytes().get(index + 1) != Some(&b'\n')),
            "a lone carriage return survived decoding under `{name}`"
        ),
        Err(undecodable) => assert!(!undecodable.reason.is_empty(), "no reason under `{name}`"),
    }
    let analysed = analyse("fuzz.py", &file, SourceKind::Module, None);
    assert_eq!(analysed.undecodable, decoded.is_err(), "under `{name}`");
    if analysed.undecodable {
        assert!(
            analysed.findings.is_empty() && !analysed.checked,
            "under `{name}`"
        );
        assert!(
            !analysed.warnings.is_empty(),
            "undecodable without a warning under `{name}`"
        );
    }
    if !analysed.findings.is_empty() {
        assert!(
            may_listen("fuzz.py", &file, SourceKind::Module),
            "the pre-filter drops bytes with findings under `{name}`: {:?}",
            analysed.findings
        );
    }
    let lines = u32::try_from(analysed.text.split('\n').count()).unwrap_or(u32::MAX);
    for finding in &analysed.findings {
        assert!(
            finding.span.start.line >= 1 && finding.span.end.line <= lines,
            "span outside the {lines} lines of the text under `{name}`: {finding:?}"
        );
    }
});
