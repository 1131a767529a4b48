//! The API families beyond Checkout (spec §15): a golden request (method,
//! path, query, body, headers) and a decoded fixture per operation, the
//! validation boundaries, the paged walks over three pages, the typed
//! solution-provider headers, and the operations table.

mod partners;
mod properties;
mod reports;

use amazon_pay_core::operation::*;
use amazon_pay_core::{
    ApiVersion, Config, IdempotencyKey, Method, Price, PublicKeyId, Region, Rule, Timestamp,
    UnsignedRequest,
};

pub fn config(version: ApiVersion) -> Config {
    Config::new(
        Region::Na,
        PublicKeyId::parse("AHEGSJCM3L2S637RBGABLAFW").unwrap(),
    )
    .with_api_version(version)
}

pub fn key() -> IdempotencyKey {
    IdempotencyKey::parse("AVLo5tI10BHgEk2jEXAMPLEKEY").unwrap()
}

pub fn at(text: &str) -> Timestamp {
    Timestamp::parse(text).unwrap()
}

pub fn usd(text: &str) -> Price {
    Price::parse(text, "USD").unwrap()
}

pub fn fixture(name: &str) -> Response {
    let path = format!(
        "{}/tests/fixtures/families/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    Response::new(200, std::fs::read(path).unwrap())
}

/// What one operation's request must be.
pub struct Golden<'a> {
    pub method: Method,
    pub path: &'a str,
    pub query: &'a [(&'a str, &'a str)],
    pub body: Option<&'a str>,
    pub keyed: bool,
    pub headers: &'a [(&'a str, &'a str)],
}

/// Checks the request under v2, that v1 refuses it, and (with a backend)
/// that it signs and verifies with its query sorted and encoded.
pub fn golden<O: ApiOperation>(op: &O, want: Golden<'_>) -> UnsignedRequest {
    let refused = op.into_request(&config(ApiVersion::V1)).unwrap_err();
    assert!(
        matches!(refused.rule(), Rule::NotInApiVersion { .. }),
        "{refused}"
    );
    assert!(
        refused.to_string().contains("only under path version v2"),
        "{refused}"
    );
    let request = op
        .into_request(&config(ApiVersion::V2))
        .unwrap_or_else(|e| panic!("{}: {e}", want.path));
    assert_eq!(request.method(), want.method, "{}", want.path);
    assert_eq!(O::SPEC.method, want.method);
    assert_eq!(request.path(), want.path);
    // The path fits the operation's row of the call table.
    assert!(
        O::SPEC.match_path(request.path()).is_some(),
        "{} does not fit {}",
        want.path,
        O::SPEC.path
    );
    let query: Vec<(&str, &str)> = request
        .query()
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    assert_eq!(query, want.query, "{}", want.path);
    match want.body {
        Some(body) => assert_eq!(std::str::from_utf8(request.body()).unwrap(), body),
        None => assert!(request.body().is_empty(), "{}", want.path),
    }
    assert_eq!(
        request.idempotency_key().map(IdempotencyKey::as_str),
        want.keyed.then_some("AVLo5tI10BHgEk2jEXAMPLEKEY"),
        "{}",
        want.path
    );
    let headers: Vec<(&str, &str)> = request
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    assert_eq!(headers, want.headers, "{}", want.path);
    #[cfg(any(feature = "aws-lc-rs", feature = "rsa"))]
    {
        use amazon_pay_core::sign::DefaultSigner;
        let signer =
            DefaultSigner::from_pem(include_str!("../vectors/keys/rsa2048.pkcs8.pem")).unwrap();
        let mut entropy = |buf: &mut [u8]| buf.fill(3);
        let signed = request
            .sign(
                &config(ApiVersion::V2),
                &signer,
                at("20240301T100000Z"),
                &mut entropy,
            )
            .unwrap();
        assert!(
            signed.url().starts_with(&format!(
                "https://pay-api.amazon.com/sandbox/v2{}",
                want.path
            )),
            "{}",
            signed.url()
        );
        signed.verify(signer.public_key()).unwrap();
        for (name, value) in want.headers {
            assert_eq!(signed.header(name), Some(*value));
            assert!(signed.authorization().contains(name), "{name} is signed");
        }
    }
    request
}

pub const NONE: &[(&str, &str)] = &[];
