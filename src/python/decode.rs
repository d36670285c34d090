//! Turning a Python file's bytes into text: UTF-8 BOM, PEP 263 coding cookies, and a lossy
//! fallback that keeps checking what can be checked.
//!
//! Decoding never fails: a file that cannot be decoded exactly is decoded with replacement
//! characters and a warning naming the problem. Every token a sink or a wildcard host is made of
//! is ASCII, so a lossy decode keeps every finding and the file is never passed silently.

use regex::bytes::Regex;
use std::sync::LazyLock;

/// Decoded source text and what went wrong, if anything.
#[derive(Debug)]
pub struct Decoded {
    /// The text the analysis sees.
    pub text: String,
    /// A problem worth a warning, e.g. "not valid UTF-8 at line 3".
    pub warning: Option<String>,
}

/// PEP 263: `coding[:=]\s*([-\w.]+)` in a comment on line one or two.
static CODING_COOKIE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t\x0c]*#.*?coding[:=][ \t]*([-\w.]+)").unwrap_or_else(|_| unreachable!())
});

/// True when the file's words appear as plain ASCII in its bytes, so a word search over the
/// raw bytes is exact: no coding cookie, or one of the ASCII-compatible encodings decoded
/// here. A file declaring `utf-7` (where `bind` may be spelled `+AGI-ind`) or an encoding we
/// do not know is not, and must be decoded before anything is concluded from its words.
pub fn words_are_ascii(bytes: &[u8]) -> bool {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match coding_cookie(body) {
        None => true,
        Some(name) => Encoding::from_name(&name).is_some(),
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

/// Decodes Python source bytes.
pub fn decode_source(bytes: &[u8]) -> Decoded {
    let decoded = decode_text(bytes);
    Decoded {
        text: normalize_line_endings(decoded.text),
        warning: decoded.warning,
    }
}

fn decode_text(bytes: &[u8]) -> Decoded {
    let (body, had_bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    let declared = coding_cookie(body);
    let encoding = match declared.as_deref() {
        None => Encoding::Utf8,
        Some(name) => match Encoding::from_name(name) {
            Some(encoding) => encoding,
            None => {
                return Decoded {
                    text: String::from_utf8_lossy(body).into_owned(),
                    warning: Some(format!(
                        "unsupported coding cookie `{name}`; checked as UTF-8 with undecodable bytes replaced"
                    )),
                };
            }
        },
    };
    if had_bom && encoding != Encoding::Utf8 {
        let name = declared.unwrap_or_default();
        return Decoded {
            text: String::from_utf8_lossy(body).into_owned(),
            warning: Some(format!(
                "file starts with a UTF-8 byte order mark but declares encoding `{name}`; checked as UTF-8"
            )),
        };
    }
    encoding.decode(body)
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

fn cookie_in_line(line: &[u8]) -> Option<String> {
    let captures = CODING_COOKIE.captures(line)?;
    let name = captures.get(1)?;
    Some(String::from_utf8_lossy(name.as_bytes()).into_owned())
}

/// The encodings decoded natively: the ones real Python projects declare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Latin1,
    Ascii,
    Windows1252,
}

impl Encoding {
    fn from_name(name: &str) -> Option<Encoding> {
        let normalized = name.to_ascii_lowercase().replace('_', "-");
        // Python's codec lookup accepts prefixes like `utf-8-unix` from Emacs modelines.
        let base = normalized
            .strip_suffix("-unix")
            .or_else(|| normalized.strip_suffix("-dos"))
            .or_else(|| normalized.strip_suffix("-mac"))
            .unwrap_or(&normalized);
        match base {
            "utf-8" | "utf8" | "utf-8-sig" | "u8" => Some(Encoding::Utf8),
            "latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" | "l1" | "iso-latin-1" | "8859"
            | "cp819" => Some(Encoding::Latin1),
            "ascii" | "us-ascii" | "646" => Some(Encoding::Ascii),
            "cp1252" | "windows-1252" => Some(Encoding::Windows1252),
            _ => None,
        }
    }

    fn decode(self, body: &[u8]) -> Decoded {
        match self {
            Encoding::Utf8 => match std::str::from_utf8(body) {
                Ok(text) => Decoded {
                    text: text.to_owned(),
                    warning: None,
                },
                Err(error) => Decoded {
                    text: String::from_utf8_lossy(body).into_owned(),
                    warning: Some(format!(
                        "not valid UTF-8 (line {}); checked with undecodable bytes replaced",
                        line_of_offset(body, error.valid_up_to())
                    )),
                },
            },
            Encoding::Latin1 => Decoded {
                text: body.iter().map(|byte| char::from(*byte)).collect(),
                warning: None,
            },
            Encoding::Ascii => match body.iter().position(|byte| !byte.is_ascii()) {
                None => Decoded {
                    text: String::from_utf8_lossy(body).into_owned(),
                    warning: None,
                },
                Some(offset) => Decoded {
                    text: String::from_utf8_lossy(body).into_owned(),
                    warning: Some(format!(
                        "declares ascii but has a non-ASCII byte (line {}); checked with undecodable bytes replaced",
                        line_of_offset(body, offset)
                    )),
                },
            },
            Encoding::Windows1252 => Decoded {
                text: body.iter().map(|byte| windows_1252_char(*byte)).collect(),
                warning: None,
            },
        }
    }
}

/// The 1-based line holding byte `offset`.
fn line_of_offset(body: &[u8], offset: usize) -> usize {
    body[..offset.min(body.len())]
        .iter()
        .filter(|byte| **byte == b'\n')
        .count()
        + 1
}

/// Windows-1252 differs from Latin-1 only in 0x80..=0x9F.
fn windows_1252_char(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_utf8_decodes_without_warning() {
        let decoded = decode_source("HOST = 'ünïcode'\n".as_bytes());
        assert_eq!(decoded.text, "HOST = 'ünïcode'\n");
        assert!(decoded.warning.is_none());
    }

    #[test]
    fn bom_is_stripped() {
        let decoded = decode_source(b"\xEF\xBB\xBFx = 1\n");
        assert_eq!(decoded.text, "x = 1\n");
        assert!(decoded.warning.is_none());
    }

    #[test]
    fn latin1_cookie_on_second_line_is_honoured() {
        let decoded =
            decode_source(b"#!/usr/bin/env python\n# -*- coding: latin-1 -*-\nx = '\xe9'\n");
        assert!(decoded.text.contains("x = 'é'"));
        assert!(decoded.warning.is_none());
    }

    #[test]
    fn cookie_after_code_line_is_ignored() {
        let decoded = decode_source(b"x = 1\n# coding: latin-1\ny = '\xe9'\n");
        assert!(decoded.warning.is_some(), "falls back to UTF-8 and warns");
    }

    #[test]
    fn windows_1252_maps_smart_quotes() {
        let decoded = decode_source(b"# coding: cp1252\nx = '\x93hi\x94'\n");
        assert!(decoded.text.contains("“hi”"));
    }

    #[test]
    fn invalid_utf8_warns_with_line_and_keeps_text() {
        let decoded = decode_source(b"a = 1\nb = '\xff'\ns.bind(('0.0.0.0', 1))\n");
        let warning = decoded.warning.expect("warning");
        assert!(warning.contains("line 2"), "{warning}");
        assert!(decoded.text.contains("s.bind(('0.0.0.0', 1))"));
    }

    #[test]
    fn lone_carriage_returns_end_lines() {
        let decoded = decode_source(b"a = 1\rb = 2\r\nc = 3\r");
        assert_eq!(decoded.text, "a = 1\nb = 2\r\nc = 3\n");
    }

    #[test]
    fn only_ascii_compatible_files_may_be_word_searched_raw() {
        assert!(words_are_ascii(b"import socket\n"));
        assert!(words_are_ascii(b"# -*- coding: latin-1 -*-\nx = 1\n"));
        assert!(!words_are_ascii(b"# -*- coding: utf-7 -*-\nx = 1\n"));
        assert!(!words_are_ascii(b"# coding: klingon\nx = 1\n"));
    }

    #[test]
    fn unknown_cookie_warns() {
        let decoded = decode_source(b"# coding: klingon\nx = 1\n");
        assert!(decoded.warning.expect("warning").contains("klingon"));
    }
}
