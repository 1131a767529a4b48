//! The `http` feature: a signed request becomes an `http::Request`, an
//! `http::Response` becomes a `Response`.
#![cfg(all(feature = "http", any(feature = "aws-lc-rs", feature = "rsa")))]

use amazon_pay_core::model::{ChargeId, ChargeState};
use amazon_pay_core::operation::{ApiOperation, CaptureCharge, GetCharge, Response};
use amazon_pay_core::sign::DefaultSigner;
use amazon_pay_core::{Config, IdempotencyKey, Price, PublicKeyId, Region, Timestamp};

#[test]
fn a_signed_request_becomes_an_http_request() {
    let config = Config::new(
        Region::Eu,
        PublicKeyId::parse("SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B").unwrap(),
    );
    let signer =
        DefaultSigner::from_pem(include_str!("../vectors/keys/rsa2048.pkcs8.pem")).unwrap();
    let op = CaptureCharge::new(
        ChargeId::from("S02-1-C1"),
        Price::parse("9.99", "EUR").unwrap(),
        IdempotencyKey::parse("abc").unwrap(),
    );
    let mut entropy = |buf: &mut [u8]| buf.fill(1);
    let signed = op
        .into_request(&config)
        .unwrap()
        .sign(
            &config,
            &signer,
            Timestamp::parse("20240301T100000Z").unwrap(),
            &mut entropy,
        )
        .unwrap();
    let request = http::Request::<Vec<u8>>::try_from(&signed).unwrap();
    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(
        request.uri().to_string(),
        "https://pay-api.amazon.eu/v2/charges/S02-1-C1/capture"
    );
    assert_eq!(request.body().as_slice(), signed.body());
    for (name, value) in signed.headers() {
        assert_eq!(request.headers()[name], value);
    }
    assert_eq!(request.headers()["x-amz-pay-idempotency-key"], "abc");
}

#[test]
fn an_http_response_becomes_a_response() {
    let body = include_bytes!("../fixtures/v2_charge_authorized.json").to_vec();
    let http = http::Response::builder()
        .status(200)
        .header("x-amz-pay-request-id", "r-1")
        .body(body)
        .unwrap();
    let response = Response::from(http);
    assert_eq!(response.status(), 200);
    assert_eq!(response.request_id(), Some("r-1"));
    let charge = GetCharge::new("S01-5105180-3221187-C056351")
        .decode(&response)
        .unwrap();
    assert_eq!(charge.state(), Some(&ChargeState::Authorized));
}
