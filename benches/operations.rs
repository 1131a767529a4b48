//! Operation benchmarks (`python3 benches/report.py` prints them with the
//! OpenSSL reference of the same run):
//!
//! - `operation/sign-direct`: signing a Capture Charge `UnsignedRequest`
//!   built by hand (aws-lc-rs);
//! - `operation/sign-typed`: building the same request through
//!   `CaptureCharge` (validation included) and signing it — the typed layer
//!   should cost nothing measurable (target ≥ 0.99× the direct ops/s);
//! - `operation/decode-charge`: decoding a Charge response (target ≤ 5 µs);
//! - `exchange/attempt`: one attempt of an `Exchange` — signing with a
//!   signer that returns a fixed signature (canonical request and hash
//!   included, the RSA operation excluded) and a transport failure handled
//!   by the retry policy.

use std::hint::black_box;

use amazon_pay_core::exchange::{Exchange, RetryPolicy, TransportError};
use amazon_pay_core::model::ChargeId;
use amazon_pay_core::operation::{ApiOperation, CaptureCharge, GetCharge, Response};
use amazon_pay_core::sign::SignError;
use amazon_pay_core::sign::{Algorithm, AwsLcSigner, Signature, Signer};
use amazon_pay_core::{
    Config, Entropy, IdempotencyKey, Method, Price, PublicKeyId, Region, Timestamp, UnsignedRequest,
};
use criterion::{Criterion, criterion_group, criterion_main};

const PEM: &str = include_str!("../tests/vectors/keys/rsa2048.pkcs8.pem");
const BODY: &[u8] = br#"{"captureAmount":{"amount":"149.99","currencyCode":"USD"},"softDescriptor":"EXAMPLE SHOP"}"#;
const KEY: &str = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
const CHARGE: &str = "S01-5105180-3221187-C056351";

fn operations(c: &mut Criterion) {
    let config = Config::new(
        Region::Na,
        PublicKeyId::parse("AHEGSJCM3L2S637RBGABLAFW").unwrap(),
    );
    let signer = AwsLcSigner::from_pem(PEM).unwrap();
    let now = Timestamp::parse("20240301T102233Z").unwrap();
    let mut entropy = |buf: &mut [u8]| buf.fill(7);
    let amount = Price::parse("149.99", "USD").unwrap();
    let key = IdempotencyKey::parse(KEY).unwrap();
    let direct = UnsignedRequest::new(Method::Post, format!("/charges/{CHARGE}/capture"))
        .with_body(BODY)
        .with_idempotency_key(key.clone());
    let typed = CaptureCharge::new(ChargeId::from(CHARGE), amount.clone(), key.clone())
        .with_soft_descriptor("EXAMPLE SHOP")
        .unwrap();
    assert_eq!(
        typed.into_request(&config).unwrap(),
        direct,
        "the same request"
    );

    c.bench_function("operation/sign-direct", |b| {
        b.iter(|| {
            black_box(direct.clone())
                .sign(&config, &signer, now, &mut entropy)
                .unwrap()
        })
    });
    c.bench_function("operation/sign-typed", |b| {
        b.iter(|| {
            let operation = CaptureCharge::new(
                ChargeId::from(CHARGE),
                black_box(amount.clone()),
                key.clone(),
            )
            .with_soft_descriptor("EXAMPLE SHOP")
            .unwrap();
            operation
                .into_request(&config)
                .unwrap()
                .sign(&config, &signer, now, &mut entropy)
                .unwrap()
        })
    });
    let response = Response::new(
        200,
        include_bytes!("../tests/fixtures/v2_charge_authorized.json").to_vec(),
    );
    let get = GetCharge::new(CHARGE);
    c.bench_function("operation/decode-charge", |b| {
        b.iter(|| get.decode(black_box(&response)).unwrap())
    });
}

/// A signer that returns a fixed signature: the exchange's own work only.
struct Fixed;

impl Signer for Fixed {
    fn sign(&self, _: Algorithm, _: &[u8], _: &mut dyn Entropy) -> Result<Signature, SignError> {
        Ok(Signature::from_bytes(vec![7; 256]))
    }
}

fn exchange(c: &mut Criterion) {
    let config = Config::new(
        Region::Na,
        PublicKeyId::parse("AHEGSJCM3L2S637RBGABLAFW").unwrap(),
    );
    let now = Timestamp::parse("20240301T102233Z").unwrap();
    let amount = Price::parse("149.99", "USD").unwrap();
    let key = IdempotencyKey::parse(KEY).unwrap();
    let operation = CaptureCharge::new(ChargeId::from(CHARGE), amount, key)
        .with_soft_descriptor("EXAMPLE SHOP")
        .unwrap();
    let policy = RetryPolicy {
        max_retries: u32::MAX,
        ..RetryPolicy::default()
    };
    let mut entropy = |buf: &mut [u8]| buf.fill(0);
    let mut exchange = Exchange::new(operation, config, policy);
    c.bench_function("exchange/attempt", |b| {
        b.iter(|| {
            let request = exchange.poll_transmit(black_box(now), &Fixed, &mut entropy);
            exchange.handle_transport_error(now, TransportError::ConnectRefused);
            black_box(request)
        })
    });
}

criterion_group!(benches, operations, exchange);
criterion_main!(benches);
