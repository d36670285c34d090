//! Python's codecs for source files: which codec a PEP 263 coding cookie names (with CPython's
//! own name rules and alias table) and how to decode bytes with it.
//!
//! Single-byte codecs decode with CPython's own tables (generated into [`tables`] by
//! `scripts/gen-codec-tables`), so they refuse exactly the bytes Python refuses. The CJK
//! multi-byte codecs decode with `encoding_rs` (the WHATWG decoders: `cp932` for the Shift_JIS
//! family, `windows-949` for EUC-KR, Big5-HKSCS for Big5...); they accept a few more byte pairs
//! than Python's stricter codecs, decode the others to the same characters, and stop at a byte
//! sequence they do not know, which the caller then reports rather than guesses. `utf_7`,
//! `unicode_escape`, `raw_unicode_escape` and `idna` live in [`escapes`]. Python's `hz`, `johab`
//! and `iso2022_kr` are recognised but not decoded.

mod escapes;
mod tables;

use tables::{ALIASES, MODULES, SINGLE_BYTE_TABLES, SingleByteTable};

/// A codec this tool decodes.
#[derive(Clone, Copy, Debug)]
pub enum Codec {
    /// UTF-8 (and `utf_8_sig`).
    Utf8,
    /// ASCII.
    Ascii,
    /// Latin-1 (and `charmap` without a mapping, which is the same).
    Latin1,
    /// A single-byte codec with CPython's decoding table.
    SingleByte(&'static SingleByteTable),
    /// A CJK multi-byte codec, decoded by `encoding_rs`.
    MultiByte {
        /// Python's module name, for messages.
        module: &'static str,
        /// The decoder.
        encoding: &'static encoding_rs::Encoding,
    },
    /// `utf_7`.
    Utf7,
    /// `unicode_escape`.
    UnicodeEscape,
    /// `raw_unicode_escape`.
    RawUnicodeEscape,
    /// `idna`.
    Idna,
}

/// What a coding cookie's name stands for.
#[derive(Clone, Copy, Debug)]
pub enum Lookup {
    /// A codec this tool decodes.
    Known(Codec),
    /// A codec Python knows but refuses in a cookie (`hex`, `utf-16`, `cp037`...), and why.
    Refused {
        /// Python's module name.
        module: &'static str,
        /// Why Python refuses a file whose cookie names it.
        reason: &'static str,
    },
    /// A codec Python accepts that this tool does not decode.
    Unsupported {
        /// Python's module name.
        module: &'static str,
    },
    /// A name Python does not know.
    Unknown,
}

/// Why bytes could not be decoded.
#[derive(Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// The bytes are not valid in the codec; `offset` is where the problem starts.
    Invalid {
        /// Byte offset of the first invalid sequence.
        offset: usize,
    },
    /// The bytes use a feature of the codec this tool does not decode (named).
    Unsupported(String),
}

/// Resolves a coding cookie's name as CPython does: the tokenizer's own spellings of UTF-8
/// and Latin-1 (`utf-8-unix`, `latin-1`, `ISO_8859_1`: only the first 12 characters count),
/// then `codecs.lookup`: lower case, runs of punctuation other than `.` as one `_`, the alias
/// table, then the module name.
pub fn lookup(name: &str) -> Lookup {
    let normal: String = name
        .chars()
        .take(12)
        .map(|character| match character {
            '_' => '-',
            other => other.to_ascii_lowercase(),
        })
        .collect();
    if normal == "utf-8" || normal.starts_with("utf-8-") {
        return Lookup::Known(Codec::Utf8);
    }
    if ["latin-1", "iso-8859-1", "iso-latin-1"]
        .iter()
        .any(|spelling| normal == *spelling || normal.starts_with(&format!("{spelling}-")))
    {
        return Lookup::Known(Codec::Latin1);
    }
    let normalized = normalize_encoding(&name.to_ascii_lowercase());
    let alias = alias_of(&normalized).or_else(|| alias_of(&normalized.replace('.', "_")));
    // `encodings.search_function` tries the alias's module, then the name itself, never a
    // name with a dot.
    for candidate in alias.into_iter().chain(Some(normalized.as_str())) {
        if candidate.is_empty() || candidate.contains('.') {
            continue;
        }
        if let Ok(index) = MODULES.binary_search_by(|(module, _)| (*module).cmp(candidate)) {
            let (module, verdict) = MODULES[index];
            return match verdict {
                Some(reason) => Lookup::Refused { module, reason },
                None => codec_of_module(module),
            };
        }
    }
    Lookup::Unknown
}

/// `encodings.normalize_encoding`: each run of characters other than ASCII letters, digits and
/// `.` becomes one `_`, except at the start and the end; other non-ASCII characters vanish.
fn normalize_encoding(name: &str) -> String {
    let mut normalized = String::with_capacity(name.len());
    let mut punctuation = false;
    for character in name.chars() {
        if character.is_alphanumeric() || character == '.' {
            if punctuation && !normalized.is_empty() {
                normalized.push('_');
            }
            if character.is_ascii() {
                normalized.push(character);
            }
            punctuation = false;
        } else {
            punctuation = true;
        }
    }
    normalized
}

fn alias_of(name: &str) -> Option<&'static str> {
    ALIASES
        .binary_search_by(|(alias, _)| (*alias).cmp(name))
        .ok()
        .map(|index| ALIASES[index].1)
}

/// The codec of a module Python accepts in a cookie.
fn codec_of_module(module: &'static str) -> Lookup {
    use encoding_rs::{BIG5, EUC_JP, EUC_KR, GB18030, GBK, ISO_2022_JP, SHIFT_JIS};
    let multi_byte = |encoding| Lookup::Known(Codec::MultiByte { module, encoding });
    match module {
        "utf_8" | "utf_8_sig" => Lookup::Known(Codec::Utf8),
        "ascii" => Lookup::Known(Codec::Ascii),
        "latin_1" | "charmap" => Lookup::Known(Codec::Latin1),
        "utf_7" => Lookup::Known(Codec::Utf7),
        "unicode_escape" => Lookup::Known(Codec::UnicodeEscape),
        "raw_unicode_escape" => Lookup::Known(Codec::RawUnicodeEscape),
        "idna" => Lookup::Known(Codec::Idna),
        "shift_jis" | "cp932" | "shift_jis_2004" | "shift_jisx0213" => multi_byte(SHIFT_JIS),
        "euc_jp" | "euc_jis_2004" | "euc_jisx0213" => multi_byte(EUC_JP),
        "iso2022_jp" | "iso2022_jp_1" | "iso2022_jp_2" | "iso2022_jp_2004" | "iso2022_jp_3"
        | "iso2022_jp_ext" => multi_byte(ISO_2022_JP),
        "gb2312" | "gbk" => multi_byte(GBK),
        "gb18030" => multi_byte(GB18030),
        "big5" | "big5hkscs" | "cp950" => multi_byte(BIG5),
        "euc_kr" | "cp949" => multi_byte(EUC_KR),
        _ => match SINGLE_BYTE_TABLES.binary_search_by(|table| table.name.cmp(module)) {
            Ok(index) => Lookup::Known(Codec::SingleByte(&SINGLE_BYTE_TABLES[index])),
            Err(_) => Lookup::Unsupported { module },
        },
    }
}

impl Codec {
    /// Python's name for the codec, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Codec::Utf8 => "utf-8",
            Codec::Ascii => "ascii",
            Codec::Latin1 => "latin-1",
            Codec::SingleByte(table) => table.name,
            Codec::MultiByte { module, .. } => module,
            Codec::Utf7 => "utf_7",
            Codec::UnicodeEscape => "unicode_escape",
            Codec::RawUnicodeEscape => "raw_unicode_escape",
            Codec::Idna => "idna",
        }
    }

    /// True when every word of text decoded with this codec appears as it is in the raw bytes,
    /// so that a word search over the bytes never misses one: ASCII bytes decode to themselves
    /// and nothing else decodes to ASCII. In the CJK codecs a trail byte may be an ASCII letter,
    /// which may only add matches. Not so for the codecs that spell characters in ASCII.
    pub fn keeps_ascii_words(self) -> bool {
        match self {
            Codec::Utf8 | Codec::Ascii | Codec::Latin1 | Codec::MultiByte { .. } => true,
            Codec::SingleByte(table) => table.keeps_ascii,
            Codec::Utf7 | Codec::UnicodeEscape | Codec::RawUnicodeEscape | Codec::Idna => false,
        }
    }

    /// Decodes `bytes` exactly, or says where and why it cannot. UTF-8 and ASCII are decoded
    /// by the caller (they keep a lossy fallback); here they decode strictly.
    pub fn decode(self, bytes: &[u8]) -> Result<String, DecodeError> {
        match self {
            Codec::Utf8 => std::str::from_utf8(bytes)
                .map(str::to_owned)
                .map_err(|error| DecodeError::Invalid {
                    offset: error.valid_up_to(),
                }),
            Codec::Ascii => match bytes.iter().position(|byte| !byte.is_ascii()) {
                Some(offset) => Err(DecodeError::Invalid { offset }),
                None => Ok(String::from_utf8_lossy(bytes).into_owned()),
            },
            Codec::Latin1 => Ok(bytes.iter().map(|byte| char::from(*byte)).collect()),
            Codec::SingleByte(table) => decode_single_byte(table, bytes),
            Codec::MultiByte { encoding, .. } => decode_multi_byte(encoding, bytes),
            Codec::Utf7 => escapes::utf7(bytes),
            Codec::UnicodeEscape => escapes::unicode_escape(bytes),
            Codec::RawUnicodeEscape => escapes::raw_unicode_escape(bytes),
            Codec::Idna => escapes::idna(bytes),
        }
    }
}

fn decode_single_byte(table: &SingleByteTable, bytes: &[u8]) -> Result<String, DecodeError> {
    let mut text = String::with_capacity(bytes.len());
    for (offset, byte) in bytes.iter().enumerate() {
        let unit = table.chars[usize::from(*byte)];
        match char::from_u32(u32::from(unit)) {
            Some(character) if unit != 0xFFFE => text.push(character),
            _ => return Err(DecodeError::Invalid { offset }),
        }
    }
    Ok(text)
}

fn decode_multi_byte(
    encoding: &'static encoding_rs::Encoding,
    bytes: &[u8],
) -> Result<String, DecodeError> {
    let collapsed;
    let bytes = if encoding == encoding_rs::ISO_2022_JP {
        collapsed = collapse_adjacent_escapes(bytes);
        &collapsed[..]
    } else {
        bytes
    };
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len().saturating_mul(3));
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
    match result {
        encoding_rs::DecoderResult::InputEmpty => Ok(text),
        encoding_rs::DecoderResult::Malformed(bad, pending) => Err(DecodeError::Invalid {
            offset: read.saturating_sub(usize::from(bad) + usize::from(pending)),
        }),
        // The buffer holds the worst case, so this does not happen; fail closed if it does.
        encoding_rs::DecoderResult::OutputFull => Err(DecodeError::Invalid { offset: read }),
    }
}

/// ISO-2022-JP with every escape sequence that is directly followed by another one removed: it
/// selects a character set for no character. Python's decoders accept such a pair (`表` and `ソ`
/// encoded one at a time give `… ESC ( B ESC $ B …`); the WHATWG decoder calls it an error.
/// Only the error position moves (by a few bytes, never across a line).
fn collapse_adjacent_escapes(bytes: &[u8]) -> Vec<u8> {
    /// The length of the escape sequence at the start of `rest`, if one is there.
    fn escape_length(rest: &[u8]) -> Option<usize> {
        match rest {
            [0x1B, b'(', b'B' | b'J' | b'I', ..] | [0x1B, b'$', b'@' | b'B', ..] => Some(3),
            _ => None,
        }
    }
    let mut collapsed = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if let Some(length) = escape_length(&bytes[index..])
            && escape_length(&bytes[index + length..]).is_some()
        {
            index += length;
            continue;
        }
        collapsed.push(bytes[index]);
        index += 1;
    }
    collapsed
}

/// Every name in Python's alias table and codec package, accepted in a cookie or not (for
/// tests and fuzzing).
pub fn cookie_names() -> impl Iterator<Item = &'static str> {
    ALIASES
        .iter()
        .map(|(alias, _)| *alias)
        .chain(MODULES.iter().map(|(module, _)| *module))
}

/// Every codec module name Python accepts in a cookie on this platform (for tests and fuzzing).
pub fn accepted_modules() -> impl Iterator<Item = &'static str> {
    MODULES
        .iter()
        .filter(|(_, verdict)| verdict.is_none())
        .map(|(module, _)| *module)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn module(name: &str) -> Option<&'static str> {
        match lookup(name) {
            Lookup::Known(codec) => Some(codec.name()),
            _ => None,
        }
    }

    #[test]
    fn cookie_names_follow_pythons_normalisation() {
        assert_eq!(module("utf-8-unix"), Some("utf-8"));
        assert_eq!(module("UTF_8"), Some("utf-8"));
        assert_eq!(module("utf8"), Some("utf-8"));
        assert_eq!(module("Latin-1"), Some("latin-1"));
        assert_eq!(module("euc--jp"), Some("euc_jp"));
        assert_eq!(module("_euc_jp"), Some("euc_jp"));
        assert_eq!(module("SJIS"), Some("shift_jis"));
        assert_eq!(module("cp932"), Some("cp932"));
        assert_eq!(module("macroman"), Some("mac_roman"));
        assert_eq!(module("iso-8859-15"), Some("iso8859_15"));
        assert_eq!(module("KOI8_R"), Some("koi8_r"));
        assert_eq!(module("shift.jis"), None);
        assert_eq!(module("cp-437"), None);
    }

    #[test]
    fn python_refusals_and_gaps_are_told_apart() {
        assert!(matches!(lookup("klingon"), Lookup::Unknown));
        assert!(matches!(
            lookup("hex"),
            Lookup::Refused {
                module: "hex_codec",
                ..
            }
        ));
        assert!(matches!(lookup("utf-16"), Lookup::Refused { .. }));
        assert!(matches!(lookup("cp037"), Lookup::Refused { .. }));
        assert!(matches!(
            lookup("johab"),
            Lookup::Unsupported { module: "johab" }
        ));
    }

    #[test]
    fn every_module_python_accepts_resolves_to_itself() {
        for name in accepted_modules() {
            match lookup(name) {
                Lookup::Known(_) => {}
                Lookup::Unsupported { module } => {
                    assert!(["hz", "johab", "iso2022_kr"].contains(&module), "{module}");
                }
                other => panic!("{name}: {other:?}"),
            }
        }
    }

    #[test]
    fn single_byte_tables_refuse_undefined_bytes() {
        let Lookup::Known(codec) = lookup("cp1252") else {
            panic!("cp1252")
        };
        assert_eq!(codec.decode(b"\x93hi\x94").ok(), Some("“hi”".to_owned()));
        assert_eq!(
            codec.decode(b"ab\x81"),
            Err(DecodeError::Invalid { offset: 2 })
        );
    }

    #[test]
    fn shift_jis_trail_backslash_stays_inside_the_character() {
        let Lookup::Known(codec) = lookup("shift_jis") else {
            panic!("shift_jis")
        };
        assert_eq!(codec.decode(b"'\x95\x5c'").ok(), Some("'表'".to_owned()));
        assert_eq!(
            codec.decode(b"ab\x95"),
            Err(DecodeError::Invalid { offset: 2 })
        );
    }
}
