//! The data-driven signing suite: `tests/vectors/signing.json`, computed
//! independently of the crate by `tests/vectors/generate.py` from spec §8.
//!
//! For every case the crate must produce the same URL, canonical request,
//! hash and string to sign, and a signature that verifies.

#![cfg(any(feature = "aws-lc-rs", feature = "rsa"))]

use amazon_pay_core::sign::{Algorithm, DefaultSigner};
use amazon_pay_core::{
    ApiVersion, Config, Environment, IdempotencyKey, Method, PublicKeyId, Region, Timestamp,
    UnsignedRequest,
};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Case {
    name: String,
    region: String,
    public_key_id: String,
    environment: Option<String>,
    api_version: String,
    algorithm: String,
    method: String,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    idempotency_key: Option<String>,
    date: String,
    body: String,
    expected: Expected,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Expected {
    url: String,
    signed_headers: String,
    canonical_request: String,
    canonical_request_hash: String,
    string_to_sign: String,
}

fn cases() -> Vec<Case> {
    let text = include_str!("../vectors/signing.json");
    serde_json::from_str(text).expect("tests/vectors/signing.json is valid")
}

fn signer() -> DefaultSigner {
    DefaultSigner::from_pem(include_str!("../vectors/keys/rsa2048.pkcs8.pem")).expect("test key")
}

fn config(case: &Case) -> Config {
    let mut config = Config::new(
        Region::parse(&case.region).unwrap(),
        PublicKeyId::parse(&case.public_key_id).unwrap(),
    );
    match case.environment.as_deref() {
        Some("live") => config = config.with_environment(Environment::Live).unwrap(),
        Some("sandbox") => config = config.with_environment(Environment::Sandbox).unwrap(),
        _ => {}
    }
    let version = if case.api_version == "v1" {
        ApiVersion::V1
    } else {
        ApiVersion::V2
    };
    let algorithm = Algorithm::ALL
        .into_iter()
        .find(|a| a.as_str() == case.algorithm)
        .unwrap();
    config.with_api_version(version).with_algorithm(algorithm)
}

fn request(case: &Case) -> UnsignedRequest {
    let method = match case.method.as_str() {
        "GET" => Method::Get,
        "POST" => Method::Post,
        "PATCH" => Method::Patch,
        "DELETE" => Method::Delete,
        other => panic!("{other}"),
    };
    let mut request = UnsignedRequest::new(method, &*case.path).with_body(case.body.as_bytes());
    for (name, value) in &case.query {
        request = request.with_query(name, value);
    }
    for (name, value) in &case.headers {
        request = request.with_header(name, value);
    }
    if let Some(key) = &case.idempotency_key {
        request = request.with_idempotency_key(IdempotencyKey::parse(key).unwrap());
    }
    request
}

#[test]
fn the_suite_is_large_and_varied() {
    let cases = cases();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    for method in ["GET", "POST", "PATCH", "DELETE"] {
        assert!(cases.iter().any(|c| c.method == method), "no {method} case");
    }
    for region in ["na", "eu", "jp"] {
        assert!(cases.iter().any(|c| c.region == region), "no {region} case");
    }
    for algorithm in Algorithm::ALL {
        assert!(cases.iter().any(|c| c.algorithm == algorithm.as_str()));
    }
    assert!(cases.iter().any(|c| c.public_key_id.starts_with("LIVE-")));
    assert!(
        cases
            .iter()
            .any(|c| c.public_key_id.starts_with("SANDBOX-"))
    );
    assert!(cases.iter().any(|c| !c.public_key_id.contains('-')));
    assert!(
        cases
            .iter()
            .any(|c| c.body.is_empty() && c.method == "POST")
    );
    assert!(cases.iter().any(|c| !c.body.is_ascii()));
    assert!(cases.iter().any(|c| {
        c.query
            .iter()
            .any(|(_, v)| v.contains('~') && v.contains('+') && v.contains(' '))
    }));
    assert!(
        cases
            .iter()
            .any(|c| c.query.iter().any(|(n, _)| !n.is_ascii()))
    );
    assert!(cases.iter().any(|c| {
        let names: Vec<_> = c.query.iter().map(|(n, _)| n).collect();
        (1..names.len()).any(|i| names[..i].contains(&names[i]))
    }));
}

#[test]
fn every_case_matches_the_independent_computation() {
    let signer = signer();
    let mut entropy = |buf: &mut [u8]| buf.fill(0x5a);
    for case in cases() {
        let config = config(&case);
        let now = Timestamp::parse(&case.date).unwrap();
        let signed = request(&case)
            .sign(&config, &signer, now, &mut entropy)
            .unwrap_or_else(|err| panic!("{}: {err}", case.name));
        let canonical = signed.canonical_request().unwrap();
        assert_eq!(
            canonical.as_str(),
            case.expected.canonical_request,
            "{}",
            case.name
        );
        assert_eq!(
            canonical.hash_hex(),
            case.expected.canonical_request_hash,
            "{}",
            case.name
        );
        assert_eq!(
            canonical.string_to_sign(config.algorithm()),
            case.expected.string_to_sign,
            "{}",
            case.name
        );
        assert_eq!(signed.url(), case.expected.url, "{}", case.name);
        let authorization = signed.authorization();
        let prefix = format!(
            "{} PublicKeyId={}, SignedHeaders={}, Signature=",
            case.algorithm, case.public_key_id, case.expected.signed_headers
        );
        assert!(
            authorization.starts_with(&prefix),
            "{}: {authorization}",
            case.name
        );
        let verified = signed
            .verify(signer.public_key())
            .unwrap_or_else(|err| panic!("{}: {err}", case.name));
        assert_eq!(verified.algorithm.as_str(), case.algorithm);
        // Unsigned headers are sent, but not signed.
        for (name, value) in &case.headers {
            if !name.to_ascii_lowercase().starts_with("x-amz-pay-") {
                assert_eq!(signed.header(name), Some(value.as_str()), "{}", case.name);
                assert!(
                    !case
                        .expected
                        .signed_headers
                        .contains(&name.to_ascii_lowercase())
                );
            }
        }
    }
}
