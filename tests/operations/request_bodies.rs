//! `RequestBody`: a body read back from JSON is the body that was sent, and
//! its `validate` refuses exactly what the typed operation refuses — the one
//! validation the sandbox applies to raw bodies.

use amazon_pay_core::model::{
    ChargeId, ChargePermissionId, CheckoutSessionId, MerchantMetadata, PaymentIntent,
};
use amazon_pay_core::operation::{
    ApiOperation, CancelCharge, CancelChargeBody, CaptureCharge, CaptureChargeBody,
    CheckoutWebDetails, CloseChargePermission, CloseChargePermissionBody,
    CompleteCheckoutSessionBody, CreateCharge, CreateChargeBody, CreateCheckoutSession,
    CreateCheckoutSessionBody, CreateRefund, CreateRefundBody, RequestBody, UpdateCheckoutSession,
    UpdateCheckoutSessionBody, UpdatePaymentDetails,
};
use amazon_pay_core::{
    Config, Environment, IdempotencyKey, Price, PublicKeyId, Region, ValidationError,
};
use proptest::prelude::*;

fn config() -> Config {
    Config::new(
        Region::Na,
        PublicKeyId::parse("SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B").unwrap(),
    )
}

fn key() -> IdempotencyKey {
    IdempotencyKey::parse("AVLo5tI10BHgEk2jEXAMPLEKEY").unwrap()
}

/// The operation's body, read back as `B`: equal to what was sent when `B`
/// is the operation's own body type, and refused by `B::validate` exactly
/// when the operation refuses.
fn round_trip<O: ApiOperation, B: RequestBody + PartialEq + std::fmt::Debug>(
    op: &O,
) -> (B, Result<(), ValidationError>) {
    let bytes = op.body().expect("a body").expect("serializes");
    let body: B = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(
        serde_json::to_vec(&body).unwrap(),
        bytes,
        "read back, written again"
    );
    let by_body = body.validate(Environment::Sandbox);
    let by_operation = op.validate(&config());
    assert_eq!(by_body, by_operation);
    (body, by_body)
}

fn usd(minor: u64) -> Price {
    Price::from_minor_units(minor, amazon_pay_core::Currency::Usd)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Amounts from zero to beyond the per-transaction maximum, store names
    /// around their 50-byte limit: body and operation agree on each.
    #[test]
    fn bodies_and_operations_agree(
        minor in prop_oneof![0u64..3, 14_999_990u64..15_000_010, 0u64..20_000_000],
        name_len in 45usize..56,
        descriptor in proptest::option::of("[A-Z]{1,16}"),
    ) {
        let mut metadata = MerchantMetadata::default();
        metadata.merchant_store_name = Some("s".repeat(name_len));
        let permission = ChargePermissionId::from("S01-5105180-3221187");
        let mut create = CreateCharge::new(permission, usd(minor), key())
            .with_merchant_metadata(metadata.clone());
        if let Some(text) = &descriptor {
            create = create.with_capture_now(true).with_soft_descriptor(text).unwrap();
        }
        let (body, verdict) = round_trip::<_, CreateChargeBody>(&create);
        prop_assert_eq!(&body, create.request_body());
        prop_assert_eq!(verdict.is_ok(), minor > 0 && minor <= 15_000_000 && name_len <= 50);

        let capture = CaptureCharge::new(ChargeId::from("S01-1-C1"), usd(minor), key());
        let amount_ok = minor > 0 && minor <= 15_000_000;
        prop_assert_eq!(round_trip::<_, CaptureChargeBody>(&capture).1.is_ok(), amount_ok);
        let refund = CreateRefund::new(ChargeId::from("S01-1-C1"), usd(minor), key());
        prop_assert_eq!(round_trip::<_, CreateRefundBody>(&refund).1.is_ok(), amount_ok);

        let session = CreateCheckoutSession::new(
            "amzn1.application-oa2-client.store",
            CheckoutWebDetails::review("https://shop.example/review"),
            key(),
        )
        .with_merchant_metadata(metadata.clone());
        let (body, _) = round_trip::<_, CreateCheckoutSessionBody>(&session);
        prop_assert_eq!(&body, session.request_body());

        let update = UpdateCheckoutSession::new(CheckoutSessionId::from("bd50"))
            .with_payment_details(UpdatePaymentDetails::new(PaymentIntent::Authorize, usd(minor)));
        prop_assert_eq!(round_trip::<_, UpdateCheckoutSessionBody>(&update).1.is_ok(), amount_ok);
    }
}

#[test]
fn a_body_that_breaks_a_rule_while_reading_is_refused_with_the_rules_words() {
    let long = r#"{"captureAmount":{"amount":"1.00","currencyCode":"USD"},"softDescriptor":"ABCDEFGHIJKLMNOPQ"}"#;
    let error = serde_json::from_str::<CaptureChargeBody>(long).unwrap_err();
    assert!(error.to_string().contains("16"), "{error}");
    let decimals = r#"{"chargeAmount":{"amount":"1.001","currencyCode":"USD"}}"#;
    assert!(serde_json::from_str::<CompleteCheckoutSessionBody>(decimals).is_err());
    let empty: CloseChargePermissionBody = serde_json::from_str(r#"{"closureReason":""}"#).unwrap();
    assert_eq!(
        empty.validate(Environment::Live).unwrap_err().code(),
        "Empty"
    );
    let cancel: CancelChargeBody =
        serde_json::from_str(r#"{"cancellationReason":"changed my mind"}"#).unwrap();
    assert!(cancel.validate(Environment::Live).is_ok());
}

/// `op` written as its parameters JSON and read back: the same operation,
/// the same request byte for byte (what a journal stores and re-sends).
fn params_round_trip<O>(op: &O, expected: serde_json::Value)
where
    O: ApiOperation + serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let params = serde_json::to_value(op).unwrap();
    assert_eq!(params, expected);
    let again: O = serde_json::from_value(params).unwrap();
    assert_eq!(&again, op);
    let (a, b) = (
        op.into_request(&config()).unwrap(),
        again.into_request(&config()).unwrap(),
    );
    assert_eq!(
        (a.method(), a.path(), a.body()),
        (b.method(), b.path(), b.body())
    );
    assert_eq!(a.idempotency_key(), b.idempotency_key());
}

#[test]
fn money_operations_serialize_to_the_parameters_they_are_read_from() {
    let usd = |text| Price::parse(text, "USD").unwrap();
    let charge = ChargeId::from("S01-5105180-3221187-C056351");
    let amount = serde_json::json!({"amount": "14.00", "currencyCode": "USD"});
    params_round_trip(
        &CaptureCharge::new(charge.clone(), usd("14.00"), key())
            .with_soft_descriptor("Descriptor")
            .unwrap(),
        serde_json::json!({"chargeId": charge.as_str(), "idempotencyKey": key().as_str(),
            "body": {"captureAmount": amount, "softDescriptor": "Descriptor"}}),
    );
    params_round_trip(
        &CreateRefund::new(charge.clone(), usd("14.00"), key()),
        serde_json::json!({"idempotencyKey": key().as_str(),
            "body": {"chargeId": charge.as_str(), "refundAmount": amount}}),
    );
    params_round_trip(
        &CreateCharge::new(
            ChargePermissionId::from("S01-5105180-3221187"),
            usd("14.00"),
            key(),
        ),
        serde_json::json!({"idempotencyKey": key().as_str(),
            "body": {"chargePermissionId": "S01-5105180-3221187", "chargeAmount": amount}}),
    );
    params_round_trip(
        &CancelCharge::new(charge.clone(), "Out of stock"),
        serde_json::json!({"chargeId": charge.as_str(), "body": {"cancellationReason": "Out of stock"}}),
    );
    params_round_trip(
        &CloseChargePermission::new(ChargePermissionId::from("S01-5105180-3221187"), "Done"),
        serde_json::json!({"chargePermissionId": "S01-5105180-3221187", "body": {"closureReason": "Done"}}),
    );
}
