//! Signing benchmarks (`python3 benches/report.py` runs them with an OpenSSL
//! reference measured in the same run and prints ratios).
//!
//! - `canonicalize+hash`: canonical request and string to sign of a typical
//!   Capture Charge request — the crate's own work per request;
//! - `sign/<backend>`: the whole `UnsignedRequest::sign` of that request;
//! - `verify/<backend>`: `verify_request` of the signed request.

use std::hint::black_box;

use amazon_pay_core::sign::{Algorithm, RequestView, canonical_request, verify_request};
use amazon_pay_core::{
    Config, IdempotencyKey, Method, PublicKeyId, Region, Timestamp, UnsignedRequest,
};
use criterion::{Criterion, criterion_group, criterion_main};

const PEM: &str = include_str!("../tests/vectors/keys/rsa2048.pkcs8.pem");
const BODY: &[u8] = br#"{"captureAmount":{"amount":"149.99","currencyCode":"USD"},"softDescriptor":"EXAMPLE SHOP"}"#;
const PATH: &str = "/sandbox/v2/charges/S01-5105180-3221187-C056351/capture";

fn capture() -> UnsignedRequest {
    UnsignedRequest::new(Method::Post, "/charges/S01-5105180-3221187-C056351/capture")
        .with_body(BODY)
        .with_idempotency_key(IdempotencyKey::parse("a1b2c3d4e5f60718293a4b5c6d7e8f90").unwrap())
}

fn config() -> Config {
    Config::new(
        Region::Na,
        PublicKeyId::parse("AHEGSJCM3L2S637RBGABLAFW").unwrap(),
    )
}

fn now() -> Timestamp {
    Timestamp::parse("20240301T102233Z").unwrap()
}

fn canonicalize(c: &mut Criterion) {
    let headers = [
        ("accept", "application/json"),
        ("content-type", "application/json"),
        ("x-amz-pay-date", "20240301T102233Z"),
        ("x-amz-pay-host", "pay-api.amazon.com"),
        ("x-amz-pay-region", "na"),
        (
            "x-amz-pay-idempotency-key",
            "a1b2c3d4e5f60718293a4b5c6d7e8f90",
        ),
    ];
    let view = RequestView {
        method: "POST",
        path: PATH,
        query: &[],
        headers: &headers,
        body: BODY,
    };
    c.bench_function("canonicalize+hash", |b| {
        b.iter(|| {
            let canonical = canonical_request(black_box(&view)).unwrap();
            black_box(canonical.string_to_sign(Algorithm::RsassaPssV2))
        })
    });
}

fn backend<S: amazon_pay_core::sign::Signer>(
    c: &mut Criterion,
    name: &str,
    signer: &S,
    public: &amazon_pay_core::sign::PublicKey,
) {
    let request = capture();
    let config = config();
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut entropy = move |buf: &mut [u8]| {
        for byte in buf {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            *byte = state as u8;
        }
    };
    c.bench_function(&format!("sign/{name}"), |b| {
        b.iter(|| black_box(request.sign(&config, signer, now(), &mut entropy).unwrap()))
    });
    let signed = request.sign(&config, signer, now(), &mut entropy).unwrap();
    let headers: Vec<(&str, &str)> = signed.headers().collect();
    let view = RequestView {
        method: "POST",
        path: PATH,
        query: &[],
        headers: &headers,
        body: BODY,
    };
    c.bench_function(&format!("verify/{name}"), |b| {
        b.iter(|| black_box(verify_request(public, &view, signed.authorization()).unwrap()))
    });
}

fn backends(c: &mut Criterion) {
    let signer = amazon_pay_core::sign::AwsLcSigner::from_pem(PEM).unwrap();
    backend(c, "aws-lc-rs", &signer, signer.public_key());
    let signer = amazon_pay_core::sign::RustCryptoSigner::from_pem(PEM).unwrap();
    backend(c, "rsa", &signer, signer.public_key());
}

criterion_group!(benches, canonicalize, backends);
criterion_main!(benches);
