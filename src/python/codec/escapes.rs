//! Python's text codecs that turn ASCII spellings into other characters: `utf_7`,
//! `unicode_escape`, `raw_unicode_escape` and `idna`. Each follows CPython's decoder
//! (`Objects/unicodeobject.c`, `Lib/encodings/idna.py`) closely enough that a file Python
//! reads decodes to the same text, and a file Python refuses is refused.
//!
//! A lone surrogate, which Python would build and then refuse to compile, is refused here.

use super::DecodeError;

/// The character of a Unicode scalar value, or an error at `offset` (a surrogate, out of range).
fn scalar(value: u32, offset: usize) -> Result<char, DecodeError> {
    char::from_u32(value).ok_or(DecodeError::Invalid { offset })
}

/// `count` hexadecimal digits at `bytes[start..]` as a number, or an error at `offset`.
fn hex_digits(bytes: &[u8], start: usize, count: usize, offset: usize) -> Result<u32, DecodeError> {
    let digits = bytes
        .get(start..start + count)
        .ok_or(DecodeError::Invalid { offset })?;
    digits.iter().try_fold(0u32, |value, byte| {
        let digit = char::from(*byte)
            .to_digit(16)
            .ok_or(DecodeError::Invalid { offset })?;
        Ok(value * 16 + digit)
    })
}

/// `unicode_escape`: bytes are Latin-1, and backslash escapes are read as in a string literal.
/// `\N{name}` (which needs Unicode's name table) is not supported.
pub fn unicode_escape(bytes: &[u8]) -> Result<String, DecodeError> {
    let mut text = String::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        if byte != b'\\' {
            text.push(char::from(byte));
            index += 1;
            continue;
        }
        let offset = index;
        let Some(&escape) = bytes.get(index + 1) else {
            return Err(DecodeError::Invalid { offset });
        };
        index += 2;
        match escape {
            b'\n' => {}
            b'\\' | b'\'' | b'"' => text.push(char::from(escape)),
            b'a' => text.push('\u{7}'),
            b'b' => text.push('\u{8}'),
            b'f' => text.push('\u{c}'),
            b'n' => text.push('\n'),
            b'r' => text.push('\r'),
            b't' => text.push('\t'),
            b'v' => text.push('\u{b}'),
            b'0'..=b'7' => {
                let mut value = u32::from(escape - b'0');
                for _ in 0..2 {
                    match bytes.get(index) {
                        Some(digit @ b'0'..=b'7') => {
                            value = value * 8 + u32::from(digit - b'0');
                            index += 1;
                        }
                        _ => break,
                    }
                }
                text.push(scalar(value, offset)?);
            }
            b'x' | b'u' | b'U' => {
                let count = match escape {
                    b'x' => 2,
                    b'u' => 4,
                    _ => 8,
                };
                text.push(scalar(hex_digits(bytes, index, count, offset)?, offset)?);
                index += count;
            }
            b'N' => {
                return Err(DecodeError::Unsupported(
                    "a `\\N{...}` named escape (git-bindcheck does not carry Unicode's name table)"
                        .to_owned(),
                ));
            }
            // Python keeps an unknown escape as it is (with a DeprecationWarning).
            other => {
                text.push('\\');
                text.push(char::from(other));
            }
        }
    }
    Ok(text)
}

/// `raw_unicode_escape`: bytes are Latin-1, except `\uXXXX` and `\UXXXXXXXX` after an odd
/// number of backslashes.
pub fn raw_unicode_escape(bytes: &[u8]) -> Result<String, DecodeError> {
    let mut text = String::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        if byte != b'\\' {
            text.push(char::from(byte));
            index += 1;
            continue;
        }
        let run_start = index;
        while bytes.get(index) == Some(&b'\\') {
            index += 1;
        }
        let run = index - run_start;
        let count = match bytes.get(index) {
            Some(b'u') if run % 2 == 1 => 4,
            Some(b'U') if run % 2 == 1 => 8,
            _ => {
                text.extend(std::iter::repeat_n('\\', run));
                continue;
            }
        };
        text.extend(std::iter::repeat_n('\\', run - 1));
        let offset = index - 1;
        text.push(scalar(
            hex_digits(bytes, index + 1, count, offset)?,
            offset,
        )?);
        index += 1 + count;
    }
    Ok(text)
}

/// The value of a modified-base64 digit (`A-Z a-z 0-9 + /`).
fn base64_value(byte: u8) -> Option<u32> {
    match byte {
        b'A'..=b'Z' => Some(u32::from(byte - b'A')),
        b'a'..=b'z' => Some(u32::from(byte - b'a') + 26),
        b'0'..=b'9' => Some(u32::from(byte - b'0') + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// `utf_7` (RFC 2152) as CPython decodes it: ASCII stands for itself except `+`, which opens a
/// base64 run of UTF-16 code units closed by any other character (`-` is absorbed); `+-` is `+`.
pub fn utf7(bytes: &[u8]) -> Result<String, DecodeError> {
    let mut text = String::with_capacity(bytes.len());
    let mut index = 0;
    // Inside a base64 run: the bits not yet used, their number, a pending high surrogate, and
    // where the run started (for the error position).
    let mut shift: Option<usize> = None;
    let mut buffer: u32 = 0;
    let mut bits: u32 = 0;
    let mut high_surrogate: Option<u32> = None;
    while let Some(&byte) = bytes.get(index) {
        if let Some(start) = shift {
            if let Some(value) = base64_value(byte) {
                buffer = (buffer << 6) | value;
                bits += 6;
                index += 1;
                if bits >= 16 {
                    let unit = (buffer >> (bits - 16)) & 0xFFFF;
                    bits -= 16;
                    buffer &= (1 << bits) - 1;
                    match (high_surrogate.take(), unit) {
                        (Some(high), 0xDC00..=0xDFFF) => {
                            let value = 0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00);
                            text.push(scalar(value, start)?);
                        }
                        (Some(_), _) => return Err(DecodeError::Invalid { offset: start }),
                        (None, 0xD800..=0xDBFF) => high_surrogate = Some(unit),
                        (None, _) => text.push(scalar(unit, start)?),
                    }
                }
                continue;
            }
            // Leaving the run: what is left must be padding of zero bits.
            if bits > 6 || (bits > 0 && buffer != 0) || high_surrogate.is_some() {
                return Err(DecodeError::Invalid { offset: start });
            }
            shift = None;
            if byte == b'-' {
                index += 1;
            }
            continue;
        }
        match byte {
            b'+' => match bytes.get(index + 1) {
                Some(b'-') => {
                    text.push('+');
                    index += 2;
                }
                Some(next) if base64_value(*next).is_none() => {
                    return Err(DecodeError::Invalid { offset: index });
                }
                _ => {
                    shift = Some(index);
                    buffer = 0;
                    bits = 0;
                    index += 1;
                }
            },
            0..=0x7F => {
                text.push(char::from(byte));
                index += 1;
            }
            _ => return Err(DecodeError::Invalid { offset: index }),
        }
    }
    if let Some(start) = shift
        && (high_surrogate.is_some() || bits >= 6 || (bits > 0 && buffer != 0))
    {
        return Err(DecodeError::Invalid { offset: start });
    }
    Ok(text)
}

/// `idna`: ASCII text stands for itself; a label with the `xn--` prefix would be Punycode,
/// which is not decoded here.
pub fn idna(bytes: &[u8]) -> Result<String, DecodeError> {
    if let Some(offset) = bytes.iter().position(|byte| !byte.is_ascii()) {
        return Err(DecodeError::Invalid { offset });
    }
    if bytes
        .windows(4)
        .any(|window| window.eq_ignore_ascii_case(b"xn--"))
    {
        return Err(DecodeError::Unsupported(
            "an `xn--` Punycode label under the `idna` codec".to_owned(),
        ));
    }
    Ok(String::from_utf8_lossy(bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unicode_escape_reads_escapes_like_python() {
        assert_eq!(
            unicode_escape(b"a\\qb\\\n c\\101\\x41\\u0041\\U00000041\\\\").ok(),
            Some("a\\qb cAAAA\\".to_owned())
        );
        assert_eq!(unicode_escape(b"\\777").ok(), Some("\u{1ff}".to_owned()));
        assert_eq!(unicode_escape(b"\xe9").ok(), Some("é".to_owned()));
    }

    #[test]
    fn unicode_escape_refuses_what_python_refuses() {
        for bad in [&b"x\\"[..], b"\\x4", b"\\ud800", b"\\U00110000"] {
            assert!(unicode_escape(bad).is_err(), "{bad:?}");
        }
        assert!(matches!(
            unicode_escape(b"\\N{DIGIT ZERO}"),
            Err(DecodeError::Unsupported(_))
        ));
    }

    #[test]
    fn raw_unicode_escape_needs_an_odd_run_of_backslashes() {
        assert_eq!(
            raw_unicode_escape(b"\\\\u0041").ok(),
            Some("\\\\u0041".to_owned())
        );
        assert_eq!(
            raw_unicode_escape(b"\\\\\\u0041").ok(),
            Some("\\\\A".to_owned())
        );
        assert_eq!(raw_unicode_escape(b"x\\").ok(), Some("x\\".to_owned()));
        assert!(raw_unicode_escape(b"\\u00").is_err());
        assert!(raw_unicode_escape(b"\\U00110000").is_err());
    }

    #[test]
    fn utf7_decodes_base64_runs() {
        assert_eq!(
            utf7(b"+AGI-ind +- +AGI.x").ok(),
            Some("bind + b.x".to_owned())
        );
        // U+1F600 as a surrogate pair.
        assert_eq!(utf7(b"+2D3eAA-").ok(), Some("\u{1F600}".to_owned()));
    }

    #[test]
    fn utf7_refuses_what_python_refuses() {
        for bad in [&b"+!"[..], b"\xe9", b"+AG", b"+AGJ-", b"+2D0-"] {
            assert!(utf7(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn idna_keeps_ascii_and_refuses_the_rest() {
        assert_eq!(idna(b"x = 1\n").ok(), Some("x = 1\n".to_owned()));
        assert!(matches!(
            idna(b"\xe9"),
            Err(DecodeError::Invalid { offset: 0 })
        ));
        assert!(matches!(idna(b"XN--abc"), Err(DecodeError::Unsupported(_))));
    }
}
