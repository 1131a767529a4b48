//! What the sandbox receives as raw bytes meets the core's own rules
//! (issue 21.10): every body is read as the core's typed request body and
//! checked by the same `validate` the typed operation runs; v1 paths speak
//! v1; declines move the permission as the rule book predicts; an official
//! SDK's query encoding is accepted.

mod support;

use amazon_pay_core::model::{
    ChargePermissionReasonCode, ChargePermissionState, CheckoutSessionState, PaymentIntent,
};
use amazon_pay_core::operation::{
    ApiOperation, CancelCharge, CreateCharge, GetCharge, GetChargePermission, GetCheckoutSession,
};
use amazon_pay_core::sign::{Algorithm, Signer, string_to_sign};
use amazon_pay_core::{Method, UnsignedRequest};
use amazon_pay_sandbox::{SandboxRequest, TestPaymentMethod};
use serde_json::Value;
use support::{Merchant, usd};

const VISA: TestPaymentMethod = TestPaymentMethod::Success("1111");
const STORE: &str = "amzn1.application-oa2-client.sandbox";

/// Signs and sends a raw request; the status and the JSON answer.
fn raw(m: &mut Merchant, method: Method, path: &str, body: &str, keyed: bool) -> (u16, Value) {
    let mut request =
        UnsignedRequest::new(method, path.to_owned()).with_body(body.as_bytes().to_vec());
    if keyed {
        request = request.with_idempotency_key(m.key());
    }
    let answer = m.send(&request);
    let json = serde_json::from_slice(answer.body()).unwrap_or(Value::Null);
    (answer.status(), json)
}

fn session_body(store_name: &str) -> String {
    format!(
        r#"{{"storeId":"{STORE}","webCheckoutDetails":{{"checkoutReviewReturnUrl":"https://shop.example/review"}},"merchantMetadata":{{"merchantStoreName":"{store_name}"}}}}"#
    )
}

#[test]
fn merchant_store_name_is_at_most_50_bytes_everywhere() {
    let mut m = Merchant::new();
    let fifty = "S".repeat(50);
    let fifty_one = "S".repeat(51);
    let (status, json) = raw(
        &mut m,
        Method::Post,
        "/checkoutSessions",
        &session_body(&fifty_one),
        true,
    );
    assert_eq!(
        (status, json["reasonCode"].as_str()),
        (400, Some("InvalidParameterValue")),
        "{json}"
    );
    assert!(
        json["message"]
            .as_str()
            .unwrap()
            .contains("merchantStoreName"),
        "{json}"
    );
    assert_eq!(m.sandbox.counts().sessions, 0, "nothing was created");
    let (status, json) = raw(
        &mut m,
        Method::Post,
        "/checkoutSessions",
        &session_body(&fifty),
        true,
    );
    assert_eq!(status, 201, "{json}");
    let id = json["checkoutSessionId"].as_str().unwrap().to_owned();
    let update = format!(r#"{{"merchantMetadata":{{"merchantStoreName":"{fifty_one}"}}}}"#);
    let (status, _) = raw(
        &mut m,
        Method::Patch,
        &format!("/checkoutSessions/{id}"),
        &update,
        false,
    );
    assert_eq!(status, 400);

    let completed = m
        .completed(PaymentIntent::Authorize, "30.00", VISA, false)
        .unwrap();
    let permission = completed.charge_permission_id.unwrap();
    let (status, json) = raw(
        &mut m,
        Method::Patch,
        &format!("/chargePermissions/{permission}"),
        &update,
        false,
    );
    assert_eq!(
        (status, json["reasonCode"].as_str()),
        (400, Some("InvalidParameterValue")),
        "{json}"
    );
    let charge = format!(
        r#"{{"chargePermissionId":"{permission}","chargeAmount":{{"amount":"1.00","currencyCode":"USD"}},"merchantMetadata":{{"merchantStoreName":"{fifty_one}"}}}}"#
    );
    let (status, _) = raw(&mut m, Method::Post, "/charges", &charge, true);
    assert_eq!(status, 400);
    let fine = format!(r#"{{"merchantMetadata":{{"merchantStoreName":"{fifty}"}}}}"#);
    let (status, json) = raw(
        &mut m,
        Method::Patch,
        &format!("/chargePermissions/{permission}"),
        &fine,
        false,
    );
    assert_eq!(status, 200, "{json}");
}

#[test]
fn the_transaction_maximum_is_checked_at_update() {
    let mut m = Merchant::new();
    let id = m.session(PaymentIntent::Authorize, "10.00", false);
    for (amount, status, code) in [
        ("150000.01", 400, Some("TransactionAmountExceeded")),
        ("0.00", 400, Some("InvalidParameterValue")),
        ("150000.00", 200, None),
    ] {
        let update = format!(
            r#"{{"paymentDetails":{{"paymentIntent":"Authorize","chargeAmount":{{"amount":"{amount}","currencyCode":"USD"}}}}}}"#
        );
        let (got, json) = raw(
            &mut m,
            Method::Patch,
            &format!("/checkoutSessions/{id}"),
            &update,
            false,
        );
        assert_eq!(
            (got, json["reasonCode"].as_str()),
            (status, code),
            "{amount}: {json}"
        );
    }
    let session = m.call(&GetCheckoutSession::new(id)).unwrap();
    let details = session.payment_details.unwrap();
    assert_eq!(
        details.charge_amount,
        Some(usd("150000.00")),
        "only the legal update applied"
    );
}

#[test]
fn declines_on_create_charge_move_the_permission() {
    for (simulation, state, reason) in [
        (
            "AmazonRejected",
            ChargePermissionState::Closed,
            ChargePermissionReasonCode::AmazonCanceled,
        ),
        (
            "HardDeclined",
            ChargePermissionState::NonChargeable,
            ChargePermissionReasonCode::PaymentMethodInvalid,
        ),
    ] {
        let mut m = Merchant::new();
        let completed = m
            .completed(PaymentIntent::Authorize, "30.00", VISA, false)
            .unwrap();
        let permission = completed.charge_permission_id.unwrap();
        // The checkout's own charge, canceled, leaves the amount free.
        m.call(&CancelCharge::new(completed.charge_id.unwrap(), "test"))
            .unwrap();
        let key = m.key();
        let request = CreateCharge::new(permission.clone(), usd("5.00"), key)
            .into_request(&m.config)
            .unwrap()
            .with_header("x-amz-pay-simulation-code", simulation);
        let answer = m.send(&request);
        assert_eq!(
            answer.status(),
            422,
            "{simulation}: {}",
            String::from_utf8_lossy(answer.body())
        );
        let got = m
            .call(&GetChargePermission::new(permission.clone()))
            .unwrap();
        let details = got.status_details.unwrap();
        assert_eq!(details.state, Some(state.clone()), "{simulation}");
        let reasons: Vec<_> = details
            .reasons
            .unwrap_or_default()
            .into_iter()
            .filter_map(|r| r.reason_code)
            .collect();
        assert_eq!(reasons, [reason], "{simulation}");
        // And a further charge is refused, as the permission's state says.
        let key = m.key();
        let again = m
            .call(&CreateCharge::new(permission, usd("5.00"), key))
            .unwrap_err();
        assert_eq!(again.status(), 422, "{simulation}: {again:?}");
    }
}

#[test]
fn v1_paths_speak_v1() {
    let mut m = Merchant::new();
    let body = format!(
        r#"{{"storeId":"{STORE}","webCheckoutDetail":{{"checkoutReviewReturnUrl":"https://shop.example/review"}}}}"#
    );
    // The merchant's Config signs v2 paths: v1 requests go in as trusted
    // (signature checked elsewhere), with the v1 path written out.
    let v1 = |m: &mut Merchant, method: &str, path: &str, body: &str, key: Option<String>| {
        let mut headers = Vec::new();
        if let Some(key) = key {
            headers.push(("x-amz-pay-idempotency-key".to_owned(), key));
        }
        let request = SandboxRequest {
            method: method.into(),
            target: format!("/sandbox/v1{path}"),
            headers,
            body: body.as_bytes().to_vec(),
        };
        let answer = m.sandbox.handle_trusted(m.now, support::KEY_ID, &request);
        let text = String::from_utf8_lossy(answer.body()).into_owned();
        (answer.status(), text)
    };
    let (status, text) = v1(
        &mut m,
        "POST",
        "/checkoutSessions",
        &body,
        Some("v1-key-1".into()),
    );
    assert_eq!(status, 201, "{text}");
    assert!(text.contains(r#""webCheckoutDetail":"#), "{text}");
    assert!(text.contains(r#""statusDetail":"#), "{text}");
    assert!(
        !text.contains("Details\""),
        "no v2 spelling in a v1 answer: {text}"
    );
    let json: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["statusDetail"]["state"], "Open");
    let id = json["checkoutSessionId"].as_str().unwrap().to_owned();
    // The same session read under v2 speaks v2.
    let session = m.call(&GetCheckoutSession::new(id.as_str())).unwrap();
    assert_eq!(session.state(), Some(&CheckoutSessionState::Open));
    let (status, text) = v1(&mut m, "GET", &format!("/checkoutSessions/{id}"), "", None);
    assert_eq!(status, 200);
    assert!(
        text.contains(r#""statusDetail":"#) && !text.contains("statusDetails"),
        "{text}"
    );
    // Every v1 POST needs an idempotency key (seed 000): Create Delivery
    // Tracker too, which v2 sends without one.
    let completed = m
        .completed(PaymentIntent::Authorize, "30.00", VISA, false)
        .unwrap();
    let permission = completed.charge_permission_id.unwrap();
    let tracker = format!(
        r#"{{"chargePermissionId":"{permission}","deliveryDetails":[{{"trackingNumber":"1Z999","carrierCode":"UPS"}}]}}"#
    );
    let tracker = tracker.as_str();
    let (status, text) = v1(&mut m, "POST", "/deliveryTrackers", tracker, None);
    assert_eq!(status, 400, "{text}");
    assert!(
        text.contains("MissingHeader") && text.contains("every POST"),
        "{text}"
    );
    let (status, text) = v1(
        &mut m,
        "POST",
        "/deliveryTrackers",
        tracker,
        Some("v1-key-2".into()),
    );
    assert_eq!(status, 200, "{text}");
}

/// The Node SDK encodes a query with `encodeURIComponent`, which leaves
/// `! ' ( ) *` raw; a signature over that spelling verifies, and one over
/// neither spelling does not.
#[test]
fn an_official_sdks_query_encoding_is_accepted() {
    let mut m = Merchant::new();
    let completed = m
        .completed(PaymentIntent::Authorize, "30.00", VISA, false)
        .unwrap();
    let charge = completed.charge_id.unwrap();
    let request = GetCharge::new(charge.clone())
        .into_request(&m.config)
        .unwrap()
        .with_query("note", "a!b'(c)*");
    let signed = request
        .sign(&m.config, &m.signer, m.now, &mut |b: &mut [u8]| b.fill(3))
        .unwrap();
    let canonical = signed.canonical_request().unwrap();
    let rfc = canonical.as_str();
    assert!(rfc.contains("note=a%21b%27%28c%29%2A"), "{rfc}");
    let send = |m: &mut Merchant, text: &str, target_query: &str| {
        let message = string_to_sign(Algorithm::RsassaPssV2, text.as_bytes());
        let signature = m
            .signer
            .sign(
                Algorithm::RsassaPssV2,
                message.as_bytes(),
                &mut |b: &mut [u8]| b.fill(5),
            )
            .unwrap();
        let authorization = signed.authorization().replacen(
            signed.authorization().rsplit_once("Signature=").unwrap().1,
            &signature.to_base64(),
            1,
        );
        let mut raw = SandboxRequest::from_signed(&signed);
        raw.target = format!("{}?{target_query}", raw.target.split_once('?').unwrap().0);
        for (name, value) in &mut raw.headers {
            if name.eq_ignore_ascii_case("authorization") {
                *value = authorization.clone();
            }
        }
        m.sandbox.handle(m.now, &raw)
    };
    let node = rfc.replace("note=a%21b%27%28c%29%2A", "note=a!b'(c)*");
    let answer = send(&mut m, &node, "note=a!b'(c)*");
    assert_eq!(
        answer.status(),
        200,
        "{}",
        String::from_utf8_lossy(answer.body())
    );
    let other = rfc.replace("note=a%21b%27%28c%29%2A", "note=a!b%27(c)*");
    let answer = send(&mut m, &other, "note=a!b'(c)*");
    assert_eq!(answer.status(), 403);
}
