//! Turning a Python file's bytes into text: UTF-8 BOM, PEP 263 coding cookies naming any
//! codec Python accepts (see [`super::codec`]), and line endings.
//!
//! UTF-8 (the default) and ASCII keep a lossy fallback: a byte that is not valid becomes a
//! replacement character and a warning names the line. Every ASCII byte keeps its meaning in a
//! lossy UTF-8 decode, and every token a sink or a wildcard host is made of is ASCII, so such a
//! file is still checked exactly. Any other failure (a codec Python does not know or refuses, a
//! byte sequence invalid in the declared codec, a cookie that disagrees with a UTF-8 BOM) is an
//! [`Undecodable`] file: Python refuses it, and a guess could hide a bind (in Shift_JIS the
//! trail byte of `表` is `\`), so the caller reports it instead of checking garbage.

use super::codec::{self, Codec, DecodeError, Lookup};

/// Decoded source text and what went wrong, if anything.
#[derive(Debug)]
pub struct Decoded {
    /// The text the analysis sees.
    pub text: String,
    /// A problem worth a warning, e.g. "not valid UTF-8 at line 3".
    pub warning: Option<String>,
}

/// A file that cannot be decoded as Python would, and why (a sentence the caller prefixes
/// with the path).
#[derive(Debug, PartialEq, Eq)]
pub struct Undecodable {
    /// What is wrong, e.g. "not valid `shift_jis` (line 3)".
    pub reason: String,
}

/// True when the file's words appear as plain ASCII in its bytes, so a word search over the
/// raw bytes finds every word of the decoded text: no coding cookie, or a codec that keeps
/// ASCII as it is. A file declaring `utf-7` (where `bind` may be spelled `+AGI-ind`),
/// `unicode_escape` or a codec we do not know is not, and must be decoded before anything is
/// concluded from its words.
pub fn words_are_ascii(bytes: &[u8]) -> bool {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match coding_cookie(body) {
        None => true,
        Some(name) => match codec::lookup(&name) {
            Lookup::Known(codec) => codec.keeps_ascii_words(),
            _ => false,
        },
    }
}

/// Python ends lines at `\n`, `\r\n` and a lone `\r`; the rest of the tool counts `\n`. A lone
/// `\r` becomes `\n` (same length, so every offset is kept).
fn normalize_line_endings(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut bytes = text.into_bytes();
    for index in 0..bytes.len() {
        if bytes[index] == b'\r' && bytes.get(index + 1) != Some(&b'\n') {
            bytes[index] = b'\n';
        }
    }
    String::from_utf8(bytes)
        .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
}

/// Decodes Python source bytes, or says why Python would refuse them.
pub fn decode_source(bytes: &[u8]) -> Result<Decoded, Undecodable> {
    let decoded = decode_text(bytes)?;
    Ok(Decoded {
        text: normalize_line_endings(decoded.text),
        warning: decoded.warning,
    })
}

fn decode_text(bytes: &[u8]) -> Result<Decoded, Undecodable> {
    let (body, had_bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    let Some(name) = coding_cookie(body) else {
        return Ok(decode_lossy(Codec::Utf8, body));
    };
    let codec = match codec::lookup(&name) {
        Lookup::Known(codec) => codec,
        Lookup::Unknown => {
            return Err(Undecodable {
                reason: format!("its coding cookie names `{name}`, a codec Python does not know"),
            });
        }
        Lookup::Refused { module, reason } => {
            return Err(Undecodable {
                reason: format!(
                    "its coding cookie names `{name}` (Python's `{module}`), which Python refuses for source files: {reason}"
                ),
            });
        }
        Lookup::Unsupported { module } => {
            return Err(Undecodable {
                reason: format!(
                    "its coding cookie names `{name}` (Python's `{module}`), a codec git-bindcheck does not decode"
                ),
            });
        }
    };
    // With a BOM, CPython's tokenizer accepts only a cookie it spells `utf-8` itself
    // (`utf-8`, `UTF_8`, `utf-8-sig`...): not even `utf8`.
    if had_bom && !cookie_is_tokenizer_utf8(&name) {
        return Err(Undecodable {
            reason: format!(
                "it starts with a UTF-8 byte order mark but its coding cookie names `{name}`"
            ),
        });
    }
    match codec {
        Codec::Utf8 | Codec::Ascii => Ok(decode_lossy(codec, body)),
        _ => match codec.decode(body) {
            Ok(text) => Ok(Decoded {
                text,
                warning: None,
            }),
            Err(DecodeError::Invalid { offset }) => Err(Undecodable {
                reason: format!(
                    "not valid `{}` as its coding cookie declares (line {})",
                    codec.name(),
                    line_of_offset(body, offset)
                ),
            }),
            Err(DecodeError::Unsupported(what)) => Err(Undecodable {
                reason: format!("it uses {what}, which git-bindcheck does not decode"),
            }),
        },
    }
}

/// True when CPython's tokenizer itself normalises the cookie name to `utf-8`.
fn cookie_is_tokenizer_utf8(name: &str) -> bool {
    let normal: String = name
        .chars()
        .take(12)
        .map(|character| match character {
            '_' => '-',
            other => other.to_ascii_lowercase(),
        })
        .collect();
    normal == "utf-8" || normal.starts_with("utf-8-")
}

/// UTF-8 or ASCII, with undecodable bytes replaced and a warning naming the first one's line.
fn decode_lossy(codec: Codec, body: &[u8]) -> Decoded {
    match codec.decode(body) {
        Ok(text) => Decoded {
            text,
            warning: None,
        },
        Err(error) => {
            let line = match error {
                DecodeError::Invalid { offset } => line_of_offset(body, offset),
                DecodeError::Unsupported(_) => 1,
            };
            let warning = match codec {
                Codec::Ascii => format!(
                    "declares ascii but has a non-ASCII byte (line {line}); checked with undecodable bytes replaced"
                ),
                _ => format!(
                    "not valid UTF-8 (line {line}); checked with undecodable bytes replaced"
                ),
            };
            Decoded {
                text: String::from_utf8_lossy(body).into_owned(),
                warning: Some(warning),
            }
        }
    }
}

/// The encoding named by a PEP 263 cookie in the first two lines, if any.
fn coding_cookie(body: &[u8]) -> Option<String> {
    let mut lines = body.split(|byte| *byte == b'\n');
    let first = lines.next()?;
    if let Some(name) = cookie_in_line(first) {
        return Some(name);
    }
    // The second line counts only when the first is a comment or blank (PEP 263).
    let first_trimmed = first.trim_ascii();
    if !first_trimmed.is_empty() && !first_trimmed.starts_with(b"#") {
        return None;
    }
    cookie_in_line(lines.next()?)
}

/// The codec name of a PEP 263 cookie in one line, as CPython's tokenizer reads it (its
/// expression `^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)`): blanks, a comment, then the first
/// `coding:` or `coding=` that some name's ASCII letters, digits, `-`, `_` and `.` follow.
/// Written out by hand: compiling the expression would cost a commit of a few files more than
/// reading them. The comment's text up to the cookie must be valid UTF-8, as the expression's
/// `.` requires.
fn cookie_in_line(line: &[u8]) -> Option<String> {
    let is_name_byte =
        |byte: &u8| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.');
    let hash = line
        .iter()
        .position(|byte| !matches!(byte, b' ' | b'\t' | 0x0c))?;
    if line[hash] != b'#' {
        return None;
    }
    let comment = &line[hash + 1..];
    memchr::memmem::find_iter(comment, b"coding").find_map(|at| {
        let after = &comment[at + b"coding".len()..];
        if !matches!(after.first(), Some(b':' | b'='))
            || std::str::from_utf8(&comment[..at]).is_err()
        {
            return None;
        }
        let blanks = after[1..]
            .iter()
            .take_while(|byte| matches!(byte, b' ' | b'\t'))
            .count();
        let value = &after[1 + blanks..];
        let length = value.iter().take_while(|byte| is_name_byte(byte)).count();
        (length > 0).then(|| String::from_utf8_lossy(&value[..length]).into_owned())
    })
}

/// The 1-based line holding byte `offset`.
fn line_of_offset(body: &[u8], offset: usize) -> usize {
    body[..offset.min(body.len())]
        .iter()
        .filter(|byte| **byte == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand-written cookie reader finds what CPython's expression finds, on lines that
    /// try every part of it.
    #[test]
    fn cookie_reader_agrees_with_the_tokenizer_expression() {
        let expression =
            regex::bytes::Regex::new(r"^[ \t\x0c]*#.*?coding[:=][ \t]*([-0-9A-Za-z_.]+)")
                .expect("compiles");
        let parts: &[&[u8]] = &[
            b" ",
            b"\t",
            b"\x0c",
            b"#",
            b"coding",
            b":",
            b"=",
            b"utf-8",
            b"latin_1",
            b"-*-",
            b"\xff",
            b"\xc3\xa9",
            b"x",
            b".",
            b"\r",
            b"en",
            b"cod",
        ];
        let mut checked = 0;
        let mut line = Vec::new();
        // Every sequence of up to five parts.
        let mut counters = [0usize; 5];
        for length in 1..=5 {
            let total = parts.len().pow(u32::try_from(length).expect("small"));
            for mut number in 0..total {
                line.clear();
                for counter in counters.iter_mut().take(length) {
                    *counter = number % parts.len();
                    number /= parts.len();
                    line.extend_from_slice(parts[*counter]);
                }
                let expected = expression
                    .captures(&line)
                    .and_then(|captures| captures.get(1))
                    .map(|name| String::from_utf8_lossy(name.as_bytes()).into_owned());
                assert_eq!(
                    cookie_in_line(&line),
                    expected,
                    "{:?}",
                    String::from_utf8_lossy(&line)
                );
                checked += 1;
            }
        }
        assert!(checked > 1_000_000);
    }

    fn decoded(bytes: &[u8]) -> Decoded {
        decode_source(bytes).expect("decodable")
    }

    fn refused(bytes: &[u8]) -> String {
        decode_source(bytes).expect_err("undecodable").reason
    }

    #[test]
    fn plain_utf8_decodes_without_warning() {
        let decoded = decoded("HOST = 'ünïcode'\n".as_bytes());
        assert_eq!(decoded.text, "HOST = 'ünïcode'\n");
        assert!(decoded.warning.is_none());
    }

    #[test]
    fn bom_is_stripped() {
        let decoded = decoded(b"\xEF\xBB\xBFx = 1\n");
        assert_eq!(decoded.text, "x = 1\n");
        assert!(decoded.warning.is_none());
    }

    #[test]
    fn bom_with_a_utf8_cookie_python_spells_utf8_is_accepted() {
        for cookie in ["utf-8", "UTF_8", "utf-8-sig", "utf-8-unix"] {
            let source = format!("\u{feff}# coding: {cookie}\nx = 'é'\n");
            assert!(
                decoded(source.as_bytes()).text.contains("x = 'é'"),
                "{cookie}"
            );
        }
    }

    #[test]
    fn bom_with_a_cookie_python_rejects_is_undecodable() {
        // CPython: "encoding problem: utf8 with BOM".
        for cookie in ["latin-1", "utf8", "shift_jis"] {
            let source = format!("\u{feff}# coding: {cookie}\nx = 1\n");
            let reason = refused(source.as_bytes());
            assert!(reason.contains("byte order mark"), "{cookie}: {reason}");
            assert!(reason.contains(cookie), "{reason}");
        }
    }

    #[test]
    fn latin1_cookie_on_second_line_is_honoured() {
        let decoded = decoded(b"#!/usr/bin/env python\n# -*- coding: latin-1 -*-\nx = '\xe9'\n");
        assert!(decoded.text.contains("x = 'é'"));
        assert!(decoded.warning.is_none());
    }

    #[test]
    fn cookie_after_code_line_is_ignored() {
        let decoded = decoded(b"x = 1\n# coding: latin-1\ny = '\xe9'\n");
        assert!(decoded.warning.is_some(), "falls back to UTF-8 and warns");
    }

    #[test]
    fn windows_1252_maps_smart_quotes() {
        let decoded = decoded(b"# coding: cp1252\nx = '\x93hi\x94'\n");
        assert!(decoded.text.contains("“hi”"));
    }

    #[test]
    fn dos_and_mac_code_pages_decode_with_pythons_tables() {
        assert!(
            decoded(b"# coding: cp437\nx = '\x82\xb3'\n")
                .text
                .contains("x = 'é│'")
        );
        assert!(
            decoded(b"# coding: mac_roman\nx = '\x8e\xa5'\n")
                .text
                .contains("x = 'é•'")
        );
        assert!(
            decoded(b"# coding: koi8-r\nx = '\xc1'\n")
                .text
                .contains("x = 'а'")
        );
        assert!(
            decoded(b"# coding: iso8859-11\nx = '\xa1'\n")
                .text
                .contains("x = 'ก'")
        );
    }

    #[test]
    fn shift_jis_trail_byte_0x5c_does_not_escape_the_quote() {
        let decoded = decoded(b"# coding: shift_jis\nx = '\x95\x5c'\ns.bind(('0.0.0.0', 1))\n");
        assert_eq!(
            decoded.text,
            "# coding: shift_jis\nx = '表'\ns.bind(('0.0.0.0', 1))\n"
        );
    }

    #[test]
    fn bytes_invalid_in_the_declared_codec_are_undecodable_naming_the_line() {
        let reason = refused(b"# coding: shift_jis\nx = 1\ny = '\x95'\n");
        assert!(
            reason.contains("shift_jis") && reason.contains("line 3"),
            "{reason}"
        );
        let reason = refused(b"# coding: cp1252\nx = '\x81'\n");
        assert!(
            reason.contains("cp1252") && reason.contains("line 2"),
            "{reason}"
        );
    }

    #[test]
    fn invalid_utf8_warns_with_line_and_keeps_text() {
        let decoded = decoded(b"a = 1\nb = '\xff'\ns.bind(('0.0.0.0', 1))\n");
        let warning = decoded.warning.expect("warning");
        assert!(warning.contains("line 2"), "{warning}");
        assert!(decoded.text.contains("s.bind(('0.0.0.0', 1))"));
    }

    #[test]
    fn lone_carriage_returns_end_lines() {
        let decoded = decoded(b"a = 1\rb = 2\r\nc = 3\r");
        assert_eq!(decoded.text, "a = 1\nb = 2\r\nc = 3\n");
    }

    #[test]
    fn only_ascii_compatible_files_may_be_word_searched_raw() {
        assert!(words_are_ascii(b"import socket\n"));
        assert!(words_are_ascii(b"# -*- coding: latin-1 -*-\nx = 1\n"));
        assert!(words_are_ascii(b"# -*- coding: shift_jis -*-\nx = 1\n"));
        assert!(!words_are_ascii(b"# -*- coding: utf-7 -*-\nx = 1\n"));
        assert!(!words_are_ascii(
            b"# -*- coding: unicode_escape -*-\nx = 1\n"
        ));
        assert!(!words_are_ascii(b"# coding: cp864\nx = 1\n"));
        assert!(!words_are_ascii(b"# coding: klingon\nx = 1\n"));
    }

    #[test]
    fn unknown_cookie_is_undecodable() {
        let reason = refused(b"# coding: klingon\nx = 1\n");
        assert!(
            reason.contains("klingon") && reason.contains("does not know"),
            "{reason}"
        );
    }

    #[test]
    fn codecs_python_refuses_for_source_are_undecodable() {
        let reason = refused(b"# coding: hex\nx = 1\n");
        assert!(reason.contains("not a text encoding"), "{reason}");
        let reason = refused(b"# coding: johab\nx = 1\n");
        assert!(reason.contains("does not decode"), "{reason}");
    }

    #[test]
    fn utf7_and_unicode_escape_spell_code_in_ascii() {
        let utf7 = decoded(b"# coding: utf-7\ns.+AGI-ind(('', 1))\n");
        assert!(utf7.text.contains("s.bind(('', 1))"), "{}", utf7.text);
        let decoded = decoded(b"# coding: unicode_escape\nx = '\\x22; s.bind((\"\", 1))\n");
        assert!(decoded.text.contains("x = '\"; s.bind"), "{}", decoded.text);
    }
}
