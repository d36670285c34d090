//! Arbitrary strings through the host and endpoint classifiers of `address`.
//!
//! Beyond "never panics": `port_optional` only ever widens `classify_endpoint`; an endpoint
//! needs a `:` or a scheme; and every host `classify_host` calls a wildcard is still one when
//! written as an endpoint with a port (`HOST:PORT`, `[HOST]:PORT` for IPv6, with or without a
//! `tcp://` scheme) or as a Twisted description's `interface=`.

#![no_main]

use git_bindcheck::address::{classify_endpoint, classify_host, classify_twisted_description};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();
    let host = classify_host(text);
    let strict = classify_endpoint(text, false);
    let lax = classify_endpoint(text, true);
    let _ = classify_twisted_description(text);
    if strict.is_some() {
        assert_eq!(strict, lax, "port_optional changed a verdict: {text:?}");
        assert!(text.contains(':'), "an endpoint without a port: {text:?}");
    }
    if lax.is_some() && strict.is_none() {
        assert!(
            text.contains("://"),
            "a port-less endpoint without a scheme: {text:?}"
        );
    }

    let Some(wildcard) = host else {
        return;
    };
    let port = data.len() % 65_536;
    let authority = if text.contains(':') && !text.starts_with('[') {
        format!("[{text}]:{port}")
    } else {
        format!("{text}:{port}")
    };
    for endpoint in [authority.clone(), format!("tcp://{authority}")] {
        assert!(
            classify_endpoint(&endpoint, false).is_some(),
            "wildcard host {text:?} ({wildcard:?}) is not a wildcard as the endpoint {endpoint:?}"
        );
    }
    let escaped = text.replace('\\', "\\\\").replace(':', "\\:");
    let description = format!("tcp:{port}:interface={escaped}");
    assert!(
        classify_twisted_description(&description).is_some(),
        "wildcard host {text:?} is not a wildcard in {description:?}"
    );
});
