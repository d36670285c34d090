//! What counts as "all interfaces": host strings and endpoint strings.
//!
//! This module owns SPEC 3.1. It knows nothing about Python syntax: it classifies the *value* a
//! host argument holds. A plain host (`"0.0.0.0"`, `""`, `"::"`) is classified by
//! [`classify_host`]; an endpoint string that carries a port too (`"0.0.0.0:8000"`,
//! `"[::]:50051"`, `"tcp://*:5555"`) by [`classify_endpoint`]; a Twisted endpoint description
//! (`"tcp:8080:interface=127.0.0.1"`) by [`classify_twisted_description`].
//!
//! Built strings may hold [`crate::python::values::UNKNOWN_PART`] where a piece could not be resolved: an unknown
//! port still makes an endpoint, an unknown host never makes a wildcard, an unknown IPv6 zone
//! index after a wildcard (`::%{iface}`) leaves it one, in every syntax alike.

use std::net::Ipv6Addr;

use crate::python::values::is_unresolved;

/// Why a value means "every interface".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wildcard {
    /// The empty string: the C library's `INADDR_ANY` for Python sockets.
    Empty,
    /// An IPv4 spelling of `INADDR_ANY` (`0.0.0.0`, `0`, `0x0`, `000.000.000.000`, ...).
    Ipv4Any,
    /// An IPv6 spelling of the unspecified address (`::`, `::0`, `0:0:0:0:0:0:0:0`, `[::]`).
    Ipv6Any,
    /// `*` as the host part of an endpoint string (`*:8080`, `tcp://*:5555`) or a Jupyter `ip`.
    Star,
    /// A Twisted endpoint description without `interface=`, which listens everywhere.
    NoInterface,
}

impl Wildcard {
    /// A short phrase for messages, e.g. "the IPv4 wildcard address".
    pub fn describe(self) -> &'static str {
        match self {
            Wildcard::Empty => "the empty host, which means INADDR_ANY",
            Wildcard::Ipv4Any => "the IPv4 wildcard address",
            Wildcard::Ipv6Any => "the IPv6 unspecified address",
            Wildcard::Star => "the `*` wildcard host",
            Wildcard::NoInterface => "an endpoint description without `interface=`",
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

/// Classifies an endpoint string: `host:port`, `[v6]:port`, `scheme://host:port[/path]`,
/// `:port`. With `port_optional`, `scheme://host` without a port counts too (ZeroMQ's
/// `bind_to_random_port("tcp://*")`).
///
/// Returns `None` for anything that is not an endpoint with an all-interfaces host, including
/// strings without a port (those are plain hosts, see [`classify_host`]).
pub fn classify_endpoint(endpoint: &str, port_optional: bool) -> Option<Wildcard> {
    let (has_scheme, without_scheme) = match endpoint.find("://") {
        Some(index) => (true, &endpoint[index + 3..]),
        None => (false, endpoint),
    };
    // A path or query after the authority does not change the host.
    let authority = without_scheme
        .split(['/', '?', '#'])
        .next()
        .unwrap_or(without_scheme);
    let host = if let Some(rest) = authority.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        let port_ok = if after.is_empty() {
            port_optional && has_scheme
        } else {
            after.strip_prefix(':').is_some_and(is_port)
        };
        return (port_ok && is_ipv6_unspecified(inside)).then_some(Wildcard::Ipv6Any);
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) if is_port(port) => host,
            Some(_) => return None,
            None if port_optional && has_scheme => authority,
            None => return None,
        }
    };
    // An unresolved part never makes a wildcard on its own: `classify_host` accepts one only as
    // an IPv6 zone (`[::%{iface}]`), as it does everywhere else.
    match host {
        "*" => Some(Wildcard::Star),
        "" => Some(Wildcard::Empty),
        other => classify_host(other),
    }
}

/// Classifies a Twisted endpoint description (`tcp:8080`, `tcp:port=8080:interface=0.0.0.0`,
/// `ssl:443:privateKey=key.pem`): TCP, SSL and UDP servers listen on every interface unless
/// `interface=` (or the second positional field of `tcp:`) names one.
/// <https://docs.twisted.org/en/stable/core/howto/endpoints.html#servers>
pub fn classify_twisted_description(description: &str) -> Option<Wildcard> {
    // Old-style "8080" means "tcp:8080".
    if !description.is_empty() && description.bytes().all(|byte| byte.is_ascii_digit()) {
        return Some(Wildcard::NoInterface);
    }
    let fields = split_description(description);
    let (kind, arguments) = fields.split_first()?;
    let kind = kind.to_ascii_lowercase();
    if !matches!(
        kind.as_str(),
        "tcp" | "tcp6" | "ssl" | "udp" | "le" | "lets"
    ) {
        return None;
    }
    let mut positional = Vec::new();
    let mut interface = None;
    for argument in arguments {
        match argument.split_once('=') {
            Some(("interface", value)) => interface = Some(value.to_owned()),
            Some(_) => {}
            None => positional.push(argument.clone()),
        }
    }
    if interface.is_none() && kind == "tcp" && positional.len() >= 2 {
        interface = Some(positional[1].clone());
    }
    match interface {
        None => Some(Wildcard::NoInterface),
        Some(host) => classify_host(&host),
    }
}

/// Splits a description at unescaped `:` (`\:` escapes a colon, as in IPv6 interfaces).
fn split_description(description: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut characters = description.chars();
    while let Some(character) = characters.next() {
        match character {
            '\\' => {
                if let (Some(next), Some(field)) = (characters.next(), fields.last_mut()) {
                    field.push(next);
                }
            }
            ':' => fields.push(String::new()),
            other => {
                if let Some(field) = fields.last_mut() {
                    field.push(other);
                }
            }
        }
    }
    fields
}

/// True for a port number (digits), an unresolved part, or the `*` placeholder some endpoint
/// syntaxes allow.
fn is_port(text: &str) -> bool {
    text == "*"
        || (!text.is_empty()
            && text.chars().count() <= 5
            && text
                .chars()
                .all(|character| character.is_ascii_digit() || is_unresolved(character)))
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
    // A zone index (`::%eth0`, `::%2`) still binds the unspecified address; text after `%`
    // that no interface name or number can hold is no zone, and the whole is not an address.
    let address = match text.split_once('%') {
        Some((address, zone)) if is_zone(zone) => address,
        Some(_) => return false,
        None => text,
    };
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

/// True when `zone` may be an IPv6 zone index: no character that interface names cannot hold
/// (Linux refuses `/`, `:` and whitespace) or that ends a host in endpoint syntax (`]`, `?`,
/// `#`). Found by the `endpoint_strings` fuzz target: `::%]` was a wildcard host, but
/// `[::%]]:80` not a wildcard endpoint.
fn is_zone(zone: &str) -> bool {
    !zone.contains(|character: char| {
        character.is_whitespace() || matches!(character, '/' | ':' | '[' | ']' | '%' | '?' | '#')
    })
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
    fn zone_indexes_that_no_interface_can_have_are_not_wildcards() {
        // Minimised by the `endpoint_strings` fuzz target: a wildcard as a host, but not as an
        // endpoint with a port, because `]` ended the bracketed host early.
        for host in ["::%]", "::%:1]:x", "::%a/b", "::%a b", "::%a%b", "[::%]]"] {
            assert_eq!(classify_host(host), None, "{host}");
        }
        assert_eq!(classify_host("::%2"), Some(Wildcard::Ipv6Any));
        assert_eq!(classify_host("::%br-0.1@x"), Some(Wildcard::Ipv6Any));
        assert_eq!(
            classify_endpoint("[::%eth0]:80", false),
            Some(Wildcard::Ipv6Any)
        );
    }

    #[test]
    fn an_unknown_zone_index_leaves_a_wildcard_in_every_syntax() {
        // Found by the `endpoint_strings` fuzz target: the plain host and the bracketed
        // endpoint called `::%{iface}` a wildcard, the unbracketed endpoint and the Twisted
        // description did not.
        let host = "::%\u{FFFC}";
        assert_eq!(classify_host(host), Some(Wildcard::Ipv6Any));
        for endpoint in [
            "[::%\u{FFFC}]:80",
            "::%\u{FFFC}:80",
            "tcp://[::%\u{FFFC}]:1",
        ] {
            assert_eq!(
                classify_endpoint(endpoint, false),
                Some(Wildcard::Ipv6Any),
                "{endpoint}"
            );
        }
        assert_eq!(
            classify_twisted_description("tcp6:80:interface=\\:\\:%\u{FFFC}"),
            Some(Wildcard::Ipv6Any)
        );
        assert_eq!(classify_host("\u{FFFC}"), None);
        assert_eq!(classify_endpoint("0.0.\u{FFFC}:80", false), None);
        assert_eq!(
            classify_twisted_description("tcp:80:interface=\u{FFFC}"),
            None
        );
    }

    #[test]
    fn empty_host_is_a_wildcard() {
        assert_eq!(classify_host(""), Some(Wildcard::Empty));
    }

    #[test]
    fn endpoint_strings_with_wildcard_hosts() {
        let cases = [
            ("0.0.0.0:8000", Wildcard::Ipv4Any),
            ("[::]:50051", Wildcard::Ipv6Any),
            ("tcp://*:5555", Wildcard::Star),
            ("*:8080", Wildcard::Star),
            (":8000", Wildcard::Empty),
            ("http://0.0.0.0:8080/metrics", Wildcard::Ipv4Any),
            ("tcp://0.0.0.0:*", Wildcard::Ipv4Any),
            ("0.0.0.0:\u{FFFC}", Wildcard::Ipv4Any),
        ];
        for (endpoint, expected) in cases {
            assert_eq!(
                classify_endpoint(endpoint, false),
                Some(expected),
                "{endpoint}"
            );
        }
        assert_eq!(classify_endpoint("tcp://*", true), Some(Wildcard::Star));
        assert_eq!(classify_endpoint("tcp://*", false), None);
    }

    #[test]
    fn endpoint_strings_with_specific_or_unknown_hosts() {
        for endpoint in [
            "127.0.0.1:8000",
            "[::1]:50051",
            "tcp://localhost:5555",
            "unix:/tmp/sock",
            "ipc:///tmp/feed",
            "0.0.0.0",
            "http://example.com/",
            "host:port",
            "[::]:abc",
            "\u{FFFC}:8000",
            "inproc://workers",
        ] {
            assert_eq!(classify_endpoint(endpoint, false), None, "{endpoint}");
        }
    }

    #[test]
    fn twisted_descriptions_listen_everywhere_without_interface() {
        assert_eq!(
            classify_twisted_description("tcp:8080"),
            Some(Wildcard::NoInterface)
        );
        assert_eq!(
            classify_twisted_description("8080"),
            Some(Wildcard::NoInterface)
        );
        assert_eq!(
            classify_twisted_description("ssl:443:privateKey=key.pem"),
            Some(Wildcard::NoInterface)
        );
        assert_eq!(
            classify_twisted_description("tcp:port=80:interface=0.0.0.0"),
            Some(Wildcard::Ipv4Any)
        );
        assert_eq!(
            classify_twisted_description("tcp:8080:interface=127.0.0.1"),
            None
        );
        assert_eq!(classify_twisted_description("tcp:8080:127.0.0.1"), None);
        assert_eq!(
            classify_twisted_description("tcp6:8080:interface=\\:\\:1"),
            None
        );
        assert_eq!(
            classify_twisted_description("tcp6:8080:interface=\\:\\:"),
            Some(Wildcard::Ipv6Any)
        );
        assert_eq!(classify_twisted_description("unix:/var/run/app.sock"), None);
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
