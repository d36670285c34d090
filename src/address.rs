//! What counts as "all interfaces": host strings and endpoint strings.
//!
//! This module owns SPEC 3.1. It knows nothing about Python syntax: it classifies the *value* a
//! host argument holds (`"0.0.0.0"`, `""`, `"::"` and the other spellings) with
//! [`classify_host`].

use std::net::Ipv6Addr;

/// Why a value means "every interface".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wildcard {
    /// The empty string: the C library's `INADDR_ANY` for Python sockets.
    Empty,
    /// An IPv4 spelling of `INADDR_ANY` (`0.0.0.0`, `0`, `0x0`, `000.000.000.000`, ...).
    Ipv4Any,
    /// An IPv6 spelling of the unspecified address (`::`, `::0`, `0:0:0:0:0:0:0:0`, `[::]`).
    Ipv6Any,
}

impl Wildcard {
    /// A short phrase for messages, e.g. "the IPv4 wildcard address".
    pub fn describe(self) -> &'static str {
        match self {
            Wildcard::Empty => "the empty host, which means INADDR_ANY",
            Wildcard::Ipv4Any => "the IPv4 wildcard address",
            Wildcard::Ipv6Any => "the IPv6 unspecified address",
        }
    }
}

/// Classifies a plain host value, as passed to `socket.bind((host, port))` or `host=`.
///
/// `*` is not a wildcard here: sockets reject it (it is a wildcard only in endpoint strings such
/// as `tcp://*:5555`, which take a port too).
pub fn classify_host(host: &str) -> Option<Wildcard> {
    if host.is_empty() {
        return Some(Wildcard::Empty);
    }
    if is_inaddr_any(host) {
        return Some(Wildcard::Ipv4Any);
    }
    let unbracketed = host
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
        .unwrap_or(host);
    if is_ipv6_unspecified(unbracketed) {
        return Some(Wildcard::Ipv6Any);
    }
    None
}

/// True when `inet_aton(3)` would parse `text` as 0.0.0.0.
///
/// `inet_aton` accepts one to four parts separated by dots, each decimal, octal (leading `0`) or
/// hexadecimal (`0x`), which is why `"0"`, `"0.0"` and `"0x0"` all mean `INADDR_ANY`.
fn is_inaddr_any(text: &str) -> bool {
    let parts: Vec<&str> = text.split('.').collect();
    if parts.len() > 4 {
        return false;
    }
    parts
        .iter()
        .all(|part| parse_inet_aton_part(part) == Some(0))
}

/// Parses one dot-separated part the way `inet_aton` does; `None` when it is not a number.
fn parse_inet_aton_part(part: &str) -> Option<u64> {
    let (digits, radix) =
        if let Some(hex) = part.strip_prefix("0x").or_else(|| part.strip_prefix("0X")) {
            (hex, 16)
        } else if part.len() > 1 && part.starts_with('0') {
            (&part[1..], 8)
        } else {
            (part, 10)
        };
    if digits.is_empty() {
        // `0x` alone is accepted by glibc as zero.
        return (radix == 16).then_some(0);
    }
    if digits.len() > 32 {
        return None;
    }
    u64::from_str_radix(digits, radix).ok()
}

/// True for `::`, `::0`, `0:0:0:0:0:0:0:0` and the IPv4-mapped `::ffff:0.0.0.0`.
fn is_ipv6_unspecified(text: &str) -> bool {
    // A zone index (`::%eth0`) still binds the unspecified address.
    let address = text.split('%').next().unwrap_or(text);
    match address.parse::<Ipv6Addr>() {
        Ok(parsed) => {
            parsed.is_unspecified()
                || parsed
                    .to_ipv4_mapped()
                    .is_some_and(|mapped| mapped.is_unspecified())
        }
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv4_spellings_of_inaddr_any_are_wildcards() {
        for host in [
            "0.0.0.0",
            "0",
            "0.0",
            "0.0.0",
            "000.000.000.000",
            "0x0",
            "0x00000000",
            "00",
        ] {
            assert_eq!(classify_host(host), Some(Wildcard::Ipv4Any), "{host}");
        }
    }

    #[test]
    fn ipv6_spellings_of_unspecified_are_wildcards() {
        for host in [
            "::",
            "::0",
            "0:0:0:0:0:0:0:0",
            "[::]",
            "::ffff:0.0.0.0",
            "::%eth0",
        ] {
            assert_eq!(classify_host(host), Some(Wildcard::Ipv6Any), "{host}");
        }
    }

    #[test]
    fn empty_host_is_a_wildcard() {
        assert_eq!(classify_host(""), Some(Wildcard::Empty));
    }

    #[test]
    fn specific_hosts_are_not_wildcards() {
        for host in [
            "127.0.0.1",
            "localhost",
            "::1",
            "0.0.0.1",
            "10.0.0.0",
            "*",
            "0.0.0.0/0",
            "0.0.0.0.0",
            "example.com",
            "0.0.0.0:80",
            "<broadcast>",
        ] {
            assert_eq!(classify_host(host), None, "{host}");
        }
    }
}
