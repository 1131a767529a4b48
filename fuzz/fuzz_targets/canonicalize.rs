//! Any request view: canonicalization returns the spec's layout or an error,
//! never panics; verifying any authorization header against it never panics.
#![no_main]

use amazon_pay_core::sign::{Authorization, PublicKey, RequestView, canonical_request, verify_request};
use std::sync::LazyLock;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input {
    method: String,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    authorization: String,
}

static PUBLIC_KEY: LazyLock<PublicKey> = LazyLock::new(|| {
    PublicKey::from_pem(include_str!("../../tests/vectors/keys/rsa2048.spki.pem")).unwrap()
});

fuzz_target!(|input: Input| {
    let query: Vec<(&str, &str)> = input.query.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    let headers: Vec<(&str, &str)> = input.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    let view = RequestView {
        method: &input.method,
        path: &input.path,
        query: &query,
        headers: &headers,
        body: &input.body,
    };
    if let Ok(canonical) = canonical_request(&view) {
        let lines: Vec<&str> = canonical.as_str().split('\n').collect();
        assert_eq!(lines.len(), 6 + canonical.headers().len());
        assert_eq!(lines[lines.len() - 2], canonical.signed_headers());
        assert_eq!(lines[lines.len() - 1].len(), 64);
        let _ = canonical.string_to_sign(Default::default());
    }
    let _ = Authorization::parse(&input.authorization);
    let _ = verify_request(&PUBLIC_KEY, &view, &input.authorization);
});
