//! A whole checkout through the facade alone — names, JSON, the ledger
//! handle, the exchange — against the sandbox in process; and the facade's
//! ledger holding refunds to what the sandbox (the same rule book on
//! Amazon's side) accepts.

use amazon_pay_embed::{
    Client, KeySigner, LedgerHandle, SandboxHandle, Step, Timestamp, timestamp,
};
use proptest::prelude::*;
use serde_json::{Value, json};

const KEY_ID: &str = "SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B";
const PRIVATE: &str = include_str!("../../../tests/vectors/keys/rsa2048.pkcs8.pem");
const PUBLIC: &str = include_str!("../../../tests/vectors/keys/rsa2048.spki.pem");

struct Shop {
    client: Client,
    signer: KeySigner,
    sandbox: SandboxHandle,
    now: Timestamp,
    keys: u32,
}

impl Shop {
    fn new() -> Shop {
        let mut sandbox = SandboxHandle::new("us", Some(7)).unwrap();
        sandbox.register_key(KEY_ID, PUBLIC).unwrap();
        Shop {
            client: Client::from_json(&json!({"publicKeyId": KEY_ID, "region": "us"}).to_string())
                .unwrap(),
            signer: KeySigner::from_pem(PRIVATE).unwrap(),
            sandbox,
            now: timestamp(1_709_287_200).unwrap(),
            keys: 0,
        }
    }

    fn key(&mut self) -> String {
        self.keys += 1;
        format!("key-{}", self.keys)
    }

    /// Runs `call` with its retries against the sandbox.
    fn run(&mut self, call: &amazon_pay_embed::Call) -> Result<Value, amazon_pay_embed::Failure> {
        let mut exchange = call.exchange();
        let mut entropy = |b: &mut [u8]| b.fill(3);
        loop {
            match exchange.step(self.now, &self.signer, &mut entropy) {
                Step::Send(request) => {
                    let (status, headers, body) = self.sandbox.send(self.now, &request);
                    exchange.handle_response(self.now, status, &headers, &body);
                }
                Step::Wait(at) => self.now = at,
                Step::Done(outcome) => return outcome,
                _ => unreachable!("a new kind of step"),
            }
        }
    }

    fn call(&mut self, name: &str, params: Value) -> Value {
        let call = self.client.call_value(name, params).unwrap();
        self.run(&call)
            .unwrap_or_else(|failure| panic!("{name}: {failure}"))
    }

    /// A session approved with a card, completed: the permission's ledger
    /// and the charge id.
    fn checkout(&mut self, amount: &str, capture_now: bool) -> (LedgerHandle, String) {
        let key = self.key();
        let created = self.call(
            "CreateCheckoutSession",
            json!({"body": {"webCheckoutDetails": {"checkoutReviewReturnUrl": "https://shop.example/review"},
                            "storeId": "amzn1.application-oa2-client.demo"},
                   "idempotencyKey": key}),
        );
        let session = created["checkoutSessionId"].as_str().unwrap().to_owned();
        let intent = if capture_now {
            "AuthorizeWithCapture"
        } else {
            "Authorize"
        };
        self.call(
            "UpdateCheckoutSession",
            json!({"checkoutSessionId": session,
                   "body": {"webCheckoutDetails": {"checkoutResultReturnUrl": "https://shop.example/result"},
                            "paymentDetails": {"paymentIntent": intent,
                                               "chargeAmount": {"amount": amount, "currencyCode": "USD"}}}}),
        );
        let back = self
            .sandbox
            .buyer_approves(self.now, &session, "1111")
            .unwrap();
        assert!(back.contains(&session), "{back}");
        let completed = self.call(
            "CompleteCheckoutSession",
            json!({"checkoutSessionId": session, "body": {"chargeAmount": {"amount": amount, "currencyCode": "USD"}}}),
        );
        let permission_id = completed["chargePermissionId"].as_str().unwrap().to_owned();
        let charge_id = completed["chargeId"].as_str().unwrap().to_owned();
        let permission = self.call(
            "GetChargePermission",
            json!({"chargePermissionId": permission_id}),
        );
        let mut ledger = LedgerHandle::from_permission(&permission, "us", "v2").unwrap();
        let charge = self.call("GetCharge", json!({"chargeId": charge_id}));
        ledger.answered("GetCharge", &charge).unwrap();
        (ledger, charge_id)
    }
}

#[test]
fn the_seed_checkout_through_the_facade() {
    let mut shop = Shop::new();
    let (mut ledger, charge) = shop.checkout("14.00", false);

    // Capture, handed out by the ledger.
    let key = shop.key();
    let capture = ledger
        .request_capture(&shop.client, &charge, "14.00", "USD", &key, shop.now)
        .unwrap();
    let captured = shop.run(&capture).unwrap();
    assert_eq!(captured["statusDetails"]["state"], "Captured");
    ledger.answered("CaptureCharge", &captured).unwrap();
    // A second capture is refused before anything is sent.
    let again = ledger
        .request_capture(&shop.client, &charge, "1.00", "USD", "key-again", shop.now)
        .err()
        .unwrap();
    assert_eq!(again.kind(), "lifecycle", "{again}");

    // A partial refund, then one that would pass the allowance (captured + 15 %, at most +75 USD): refused by the ledger.
    let key = shop.key();
    let refund = ledger
        .request_refund(&shop.client, &charge, "5.00", "USD", &key, shop.now)
        .unwrap();
    let refunded = shop.run(&refund).unwrap();
    ledger.answered("CreateRefund", &refunded).unwrap();
    let refused = ledger
        .request_refund(
            &shop.client,
            &charge,
            "12.00",
            "USD",
            "key-too-much",
            shop.now,
        )
        .err()
        .unwrap();
    assert_eq!(refused.kind(), "rule", "{refused}");
    assert_eq!(refused.code(), "RefundExceedsAllowance");
    assert_eq!(refused.to_json()["rule"], "RefundExceedsAllowance");

    // The ledger keeps through JSON and reports what is left.
    let kept = LedgerHandle::from_json(&ledger.to_json()).unwrap();
    assert_eq!(kept, ledger);
    let status = kept.status(shop.now);
    assert_eq!(status["charges"][0]["id"], charge.as_str());
    assert!(LedgerHandle::from_json("{\"formatVersion\":99}").is_err());
    assert_eq!(ledger.refund_ids(&charge).len(), 1);
}

#[test]
fn ipns_of_the_checkout_verify_and_name_their_follow_up() {
    let mut shop = Shop::new();
    let (certificate, trust) = shop.sandbox.enable_ipn().unwrap();
    let (_, charge) = shop.checkout("14.00", true);
    let ipns = shop.sandbox.take_ipns();
    assert!(!ipns.is_empty());
    let mut followed = 0;
    for body in &ipns {
        let url = amazon_pay_embed::ipn_certificate_url(body, Some(&trust)).unwrap();
        assert!(url.ends_with("/__sandbox/sns/signing.pem"), "{url}");
        let ipn =
            amazon_pay_embed::verify_ipn(body, certificate.as_bytes(), shop.now, Some(&trust))
                .unwrap();
        assert_eq!(ipn["type"], "Payment");
        let follow = &ipn["followUp"];
        let call = shop
            .client
            .call_value(
                follow["operation"].as_str().unwrap(),
                follow["params"].clone(),
            )
            .unwrap();
        shop.run(&call).unwrap();
        if follow["params"]["chargeId"] == charge.as_str() {
            followed += 1;
        }
    }
    assert!(followed > 0);
    // Amazon's own policy refuses the sandbox's certificate URL.
    let refused = amazon_pay_embed::verify_ipn(&ipns[0], certificate.as_bytes(), shop.now, None)
        .err()
        .unwrap();
    assert_eq!(refused.kind(), "notification");
    // A tampered envelope does not verify.
    let mut tampered = String::from_utf8(ipns[0].clone()).unwrap();
    tampered = tampered.replacen("CHARGE", "REFUND", 1);
    assert!(
        amazon_pay_embed::verify_ipn(
            tampered.as_bytes(),
            certificate.as_bytes(),
            shop.now,
            Some(&trust)
        )
        .is_err()
    );
}

/// The exchange in two steps, as a WebCrypto host drives it: each attempt
/// comes prepared, the host signs the string and finishes it; the sandbox
/// verifies it. A host that cannot sign abandons the call.
#[test]
fn a_call_signed_in_two_steps_is_accepted() {
    use amazon_pay_embed::{Algorithm, Signature, Signer};
    let mut shop = Shop::new();
    let call = shop
        .client
        .call(
            "CreateCheckoutSession",
            r#"{"body":{"webCheckoutDetails":{"checkoutReviewReturnUrl":"https://shop.example/review"},"storeId":"s"},"idempotencyKey":"two-step-1"}"#,
        )
        .unwrap();
    let mut exchange = call.exchange();
    let mut entropy = |b: &mut [u8]| b.fill(5);
    let session = loop {
        match exchange.step_prepared(shop.now, &mut entropy) {
            Step::Sign(prepared) => {
                assert_eq!(prepared.algorithm(), Algorithm::RsassaPssV2);
                let signature: Signature = shop
                    .signer
                    .sign(
                        prepared.algorithm(),
                        prepared.string_to_sign().as_bytes(),
                        &mut entropy,
                    )
                    .unwrap();
                let request = prepared.finish(&signature);
                let (status, headers, body) = shop.sandbox.send(shop.now, &request);
                exchange.handle_response(shop.now, status, &headers, &body);
            }
            Step::Wait(at) => shop.now = at,
            Step::Done(outcome) => break outcome.unwrap(),
            _ => unreachable!(),
        }
    };
    assert_eq!(session["statusDetails"]["state"], "Open");

    let mut abandoned = call.exchange();
    assert!(matches!(
        abandoned.step_prepared(shop.now, &mut entropy),
        Step::Sign(_)
    ));
    abandoned.abandon("the key is not extractable");
    let Step::Done(Err(failure)) = abandoned.step_prepared(shop.now, &mut entropy) else {
        panic!("abandoned")
    };
    assert_eq!(failure.kind(), "sign");
    assert!(failure.message().contains("not extractable"), "{failure}");
}

#[test]
fn amazons_refusal_is_an_api_failure_with_its_reason_code() {
    let mut shop = Shop::new();
    let call = shop
        .client
        .call("GetCharge", r#"{"chargeId":"S01-0000000-0000000-C000000"}"#)
        .unwrap();
    let failure = shop.run(&call).err().unwrap();
    assert_eq!(failure.kind(), "api");
    assert_eq!(failure.to_json()["reasonCode"], "ResourceNotFound");
    assert!(!failure.is_retryable());
}

#[test]
fn the_exchange_retries_a_503_with_the_same_key_and_a_fresh_signature() {
    let shop = Shop::new();
    let call = shop
        .client
        .call(
            "CaptureCharge",
            r#"{"chargeId":"S01-1-C1","body":{"captureAmount":{"amount":"1.00","currencyCode":"USD"}},"idempotencyKey":"retry-1"}"#,
        )
        .unwrap();
    let mut exchange = call.exchange();
    let mut entropy = |b: &mut [u8]| b.fill(9);
    let t0 = shop.now;
    let Step::Send(first) = exchange.step(t0, &shop.signer, &mut entropy) else {
        panic!()
    };
    exchange.handle_response(
        t0,
        503,
        &[("retry-after".into(), "2".into())],
        b"{\"reasonCode\":\"ServiceUnavailable\",\"message\":\"x\"}",
    );
    let Step::Wait(at) = exchange.step(t0, &shop.signer, &mut entropy) else {
        panic!()
    };
    assert_eq!(at.unix_seconds(), t0.unix_seconds() + 2);
    let Step::Send(second) = exchange.step(at, &shop.signer, &mut entropy) else {
        panic!()
    };
    assert_eq!(first.header("x-amz-pay-idempotency-key"), Some("retry-1"));
    assert_eq!(second.header("x-amz-pay-idempotency-key"), Some("retry-1"));
    assert_ne!(first.authorization(), second.authorization());
    assert!(exchange.handle_transport_error(at, "Lost").is_err());
    exchange
        .handle_transport_error(at, "TimeoutAfterSent")
        .unwrap();
    let mut now = at;
    loop {
        match exchange.step(now, &shop.signer, &mut entropy) {
            Step::Wait(next) => now = next,
            Step::Send(_) => exchange.handle_response(
                now,
                200,
                &[],
                br#"{"chargeId":"S01-1-C1","statusDetails":{"state":"Captured"}}"#,
            ),
            Step::Done(outcome) => {
                assert_eq!(outcome.unwrap()["statusDetails"]["state"], "Captured");
                break;
            }
            _ => unreachable!(),
        }
    }
    assert_eq!(exchange.attempts(), 3);
    let Step::Done(Err(over)) = exchange.step(now, &shop.signer, &mut entropy) else {
        panic!()
    };
    assert_eq!(over.code(), "InvalidState");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// Whatever refunds a shop attempts, every one the facade's ledger
    /// hands out is accepted by the sandbox, and every one it refuses the
    /// sandbox refuses too when sent anyway: the ledger never lets a refund
    /// exceed the allowance, nor refuses one Amazon would take.
    #[test]
    fn refunds_never_exceed_the_allowance(cents in proptest::collection::vec(1u32..1_000, 1..6)) {
        let mut shop = Shop::new();
        let (mut ledger, charge) = shop.checkout("20.00", true);
        for amount in cents {
            let text = format!("{}.{:02}", amount / 100, amount % 100);
            let key = shop.key();
            match ledger.request_refund(&shop.client, &charge, &text, "USD", &key, shop.now) {
                Ok(call) => {
                    let refund = shop.run(&call).unwrap();
                    ledger.answered("CreateRefund", &refund).unwrap();
                }
                Err(refused) => {
                    prop_assert_eq!(refused.kind(), "rule");
                    let raw = shop.client.call_value("CreateRefund", json!({
                        "body": {"chargeId": charge, "refundAmount": {"amount": text, "currencyCode": "USD"}},
                        "idempotencyKey": key})).unwrap();
                    let answer = shop.run(&raw);
                    prop_assert!(answer.is_err(), "the sandbox took a refund the ledger refused");
                }
            }
        }
    }
}
