//! Every Checkout API call as a typed operation: a golden request per
//! operation (method, path, exact body, idempotency header) in v2 and v1,
//! each operation's success fixture decoded, its errors decoded, and the
//! seed document's Capture Charge body byte for byte.

use amazon_pay_core::Operation;
use amazon_pay_core::model;
use amazon_pay_core::model::{
    ChargeId, ChargePermissionId, ChargeReasonCode, ChargeState, CheckoutSessionId, ErrorCode,
    MerchantMetadata, PaymentIntent, ProductType, RefundId,
};
use amazon_pay_core::operation::*;
use amazon_pay_core::{
    ApiVersion, Config, IdempotencyKey, Method, Price, PublicKeyId, Region, Rule,
};

fn config(version: ApiVersion) -> Config {
    // A legacy key id: the URL carries the environment segment.
    Config::new(
        Region::Na,
        PublicKeyId::parse("AHEGSJCM3L2S637RBGABLAFW").unwrap(),
    )
    .with_api_version(version)
}

fn key() -> IdempotencyKey {
    IdempotencyKey::parse("AVLo5tI10BHgEk2jEXAMPLEKEY").unwrap()
}

fn usd(text: &str) -> Price {
    Price::parse(text, "USD").unwrap()
}

/// Checks one operation's request: method, path, body and key, in v2 and
/// (where it exists) v1, where the signed URL then has `/sandbox/v1`.
fn golden<O: ApiOperation>(op: &O, method: Method, path: &str, body: Option<&str>, keyed: bool) {
    for version in [ApiVersion::V2, ApiVersion::V1] {
        let result = op.into_request(&config(version));
        if version == ApiVersion::V1 && !O::SPEC.in_v1 {
            let err = result.unwrap_err();
            assert!(matches!(err.rule(), Rule::NotInApiVersion { .. }), "{err}");
            assert!(err.to_string().contains("buyer returns"), "{err}");
            continue;
        }
        if version == ApiVersion::V1 && method == Method::Post && !keyed {
            // v1 wants an idempotency key on every POST (seed document 000).
            let err = result.unwrap_err();
            assert_eq!(err.field(), "x-amz-pay-idempotency-key", "{path}");
            continue;
        }
        let request = result.unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(request.method(), method, "{path}");
        assert_eq!(request.method(), O::SPEC.method);
        assert_eq!(request.path(), path);
        // The path routes back to this operation's row of the call table.
        let routed = Operation::route(method, path).map(|(operation, _)| operation.spec().path);
        assert_eq!(routed, Some(O::SPEC.path), "{path}");
        match body {
            Some(body) if version == ApiVersion::V2 => {
                assert_eq!(std::str::from_utf8(request.body()).unwrap(), body)
            }
            // v1 spells webCheckoutDetail and paymentDetail (spec §14).
            Some(body) => {
                let mut expected: serde_json::Value = serde_json::from_str(body).unwrap();
                amazon_pay_core::model::respell(&mut expected, ApiVersion::V1);
                let sent: serde_json::Value = serde_json::from_slice(request.body()).unwrap();
                assert_eq!(sent, expected, "{path}");
                let text = std::str::from_utf8(request.body()).unwrap();
                assert!(!text.contains("Details\""), "{text}");
            }
            None => assert!(request.body().is_empty(), "{path}"),
        }
        assert_eq!(
            request.idempotency_key().map(IdempotencyKey::as_str),
            keyed.then_some("AVLo5tI10BHgEk2jEXAMPLEKEY"),
            "{path}"
        );
        #[cfg(any(feature = "aws-lc-rs", feature = "rsa"))]
        {
            use amazon_pay_core::Timestamp;
            use amazon_pay_core::sign::DefaultSigner;
            let signer =
                DefaultSigner::from_pem(include_str!("../vectors/keys/rsa2048.pkcs8.pem")).unwrap();
            let mut entropy = |buf: &mut [u8]| buf.fill(3);
            let signed = request
                .sign(
                    &config(version),
                    &signer,
                    Timestamp::parse("20240301T100000Z").unwrap(),
                    &mut entropy,
                )
                .unwrap();
            let prefix = format!("https://pay-api.amazon.com/sandbox/{version}");
            assert!(signed.url().starts_with(&prefix), "{}", signed.url());
            signed.verify(signer.public_key()).unwrap();
        }
    }
}

#[test]
fn seventeen_operations_golden_requests() {
    let session = CheckoutSessionId::from("bd504926-f659-4ad7-a1a9-9a747aaf5275");
    let permission = ChargePermissionId::from("S01-5105180-3221187");
    let charge = ChargeId::from("S01-5105180-3221187-C056351");
    let mut count = 0;
    let mut seen = Vec::new();
    macro_rules! check {
        ($op:expr, $method:ident, $path:expr, $body:expr, $keyed:expr) => {{
            let op = $op;
            golden(&op, Method::$method, $path, $body, $keyed);
            seen.push(spec_of(&op));
            count += 1;
        }};
    }
    fn spec_of<O: ApiOperation>(_: &O) -> Operation {
        O::SPEC.operation
    }

    check!(
        CreateCheckoutSession::new(
            "amzn1.application-oa2-client.8b5e45312b5248b69eeaStoreId",
            CheckoutWebDetails::review("https://shop.example/review"),
            key()
        ),
        Post,
        "/checkoutSessions",
        Some(
            r#"{"webCheckoutDetails":{"checkoutReviewReturnUrl":"https://shop.example/review"},"storeId":"amzn1.application-oa2-client.8b5e45312b5248b69eeaStoreId"}"#
        ),
        true
    );
    check!(
        GetCheckoutSession::new(session.clone()),
        Get,
        "/checkoutSessions/bd504926-f659-4ad7-a1a9-9a747aaf5275",
        None,
        false
    );
    check!(
        UpdateCheckoutSession::new(session.clone())
            .with_checkout_result_return_url("https://shop.example/result")
            .with_payment_details(UpdatePaymentDetails::new(
                PaymentIntent::Authorize,
                usd("14.00")
            )),
        Patch,
        "/checkoutSessions/bd504926-f659-4ad7-a1a9-9a747aaf5275",
        Some(
            r#"{"webCheckoutDetails":{"checkoutResultReturnUrl":"https://shop.example/result"},"paymentDetails":{"paymentIntent":"Authorize","chargeAmount":{"amount":"14.00","currencyCode":"USD"}}}"#
        ),
        false
    );
    check!(
        CompleteCheckoutSession::new(session.clone(), usd("14.00")),
        Post,
        "/checkoutSessions/bd504926-f659-4ad7-a1a9-9a747aaf5275/complete",
        Some(r#"{"chargeAmount":{"amount":"14.00","currencyCode":"USD"}}"#),
        false
    );
    check!(
        FinalizeCheckoutSession::new(session.clone(), usd("14.00"))
            .with_payment_intent(PaymentIntent::AuthorizeWithCapture)
            .with_idempotency_key(key()),
        Post,
        "/checkoutSessions/bd504926-f659-4ad7-a1a9-9a747aaf5275/finalize",
        Some(
            r#"{"chargeAmount":{"amount":"14.00","currencyCode":"USD"},"paymentIntent":"AuthorizeWithCapture"}"#
        ),
        true
    );
    check!(
        GetChargePermission::new(permission.clone()),
        Get,
        "/chargePermissions/S01-5105180-3221187",
        None,
        false
    );
    let mut metadata = MerchantMetadata::default();
    metadata.merchant_reference_id = Some("order-1042".into());
    check!(
        UpdateChargePermission::new(permission.clone()).with_merchant_metadata(metadata.clone()),
        Patch,
        "/chargePermissions/S01-5105180-3221187",
        Some(r#"{"merchantMetadata":{"merchantReferenceId":"order-1042"}}"#),
        false
    );
    check!(
        CloseChargePermission::new(permission.clone(), "No more charges")
            .with_cancel_pending_charges(true),
        Delete,
        "/chargePermissions/S01-5105180-3221187/close",
        Some(r#"{"closureReason":"No more charges","cancelPendingCharges":true}"#),
        false
    );
    check!(
        CreateCharge::new(permission.clone(), usd("14.00"), key())
            .with_capture_now(true)
            .with_soft_descriptor("Descriptor")
            .unwrap()
            .with_pending_authorization(false),
        Post,
        "/charges",
        Some(
            r#"{"chargePermissionId":"S01-5105180-3221187","chargeAmount":{"amount":"14.00","currencyCode":"USD"},"captureNow":true,"softDescriptor":"Descriptor","canHandlePendingAuthorization":false}"#
        ),
        true
    );
    check!(
        GetCharge::new(charge.clone()),
        Get,
        "/charges/S01-5105180-3221187-C056351",
        None,
        false
    );
    check!(
        UpdateCharge::new(
            charge.clone(),
            ChargeState::Canceled,
            Some(ChargeReasonCode::ExpiredUnused)
        )
        .with_idempotency_key(key()),
        Patch,
        "/charges/S01-5105180-3221187-C056351",
        Some(r#"{"statusDetails":{"state":"Canceled","reasonCode":"ExpiredUnused"}}"#),
        true
    );
    check!(
        CaptureCharge::new(charge.clone(), usd("14.00"), key())
            .with_soft_descriptor("Descriptor")
            .unwrap(),
        Post,
        "/charges/S01-5105180-3221187-C056351/capture",
        Some(
            r#"{"captureAmount":{"amount":"14.00","currencyCode":"USD"},"softDescriptor":"Descriptor"}"#
        ),
        true
    );
    check!(
        CancelCharge::new(charge.clone(), "Order canceled"),
        Delete,
        "/charges/S01-5105180-3221187-C056351/cancel",
        Some(r#"{"cancellationReason":"Order canceled"}"#),
        false
    );
    check!(
        CreateRefund::new(charge.clone(), usd("5.00"), key()),
        Post,
        "/refunds",
        Some(
            r#"{"chargeId":"S01-5105180-3221187-C056351","refundAmount":{"amount":"5.00","currencyCode":"USD"}}"#
        ),
        true
    );
    check!(
        GetRefund::new(RefundId::from("S01-5105180-3221187-R022311")),
        Get,
        "/refunds/S01-5105180-3221187-R022311",
        None,
        false
    );
    check!(
        GetBuyer::new("amzn1.buyer-token.example"),
        Get,
        "/buyers/amzn1.buyer-token.example",
        None,
        false
    );
    check!(
        CreateDeliveryTracker::for_charge_permission(
            permission.clone(),
            vec![DeliveryDetailRequest::new("1Z999AA10123456784", "UPS")]
        ),
        Post,
        "/deliveryTrackers",
        Some(
            r#"{"chargePermissionId":"S01-5105180-3221187","deliveryDetails":[{"trackingNumber":"1Z999AA10123456784","carrierCode":"UPS"}]}"#
        ),
        false
    );
    assert_eq!(count, 17);
    seen.sort_by_key(|op| op.as_str());
    seen.dedup();
    assert_eq!(seen.len(), 17, "seventeen distinct calls");
}

#[test]
fn the_seed_capture_body_comes_out_byte_for_byte() {
    // The seed document's request body, verbatim (pretty-printed there).
    let seed = include_str!("../fixtures/seed_v1_capture_charge_request.json");
    let mut compact = String::new();
    let mut in_string = false;
    for c in seed.chars() {
        if c == '"' {
            in_string = !in_string;
        }
        if in_string || !c.is_whitespace() {
            compact.push(c);
        }
    }
    let capture = CaptureCharge::new(ChargeId::from("C"), usd("14.00"), key())
        .with_soft_descriptor("Descriptor")
        .unwrap();
    let request = capture.into_request(&config(ApiVersion::V1)).unwrap();
    assert_eq!(std::str::from_utf8(request.body()).unwrap(), compact);
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("tests/fixtures/{name}")).unwrap()
}

#[test]
fn each_operation_decodes_its_success_fixture() {
    let session = CheckoutSessionId::from("s");
    let ok = |status, name| Response::new(status, fixture(name));
    let open = GetCheckoutSession::new(session.clone())
        .decode(&ok(200, "v2_checkout_session_open.json"))
        .unwrap();
    assert_eq!(open.state(), Some(&model::CheckoutSessionState::Open));
    let completed = CompleteCheckoutSession::new(session.clone(), usd("1.00"))
        .decode(&ok(202, "v2_checkout_session_completed.json"))
        .unwrap();
    assert_eq!(
        completed.state(),
        Some(&model::CheckoutSessionState::Completed)
    );
    assert!(
        FinalizeCheckoutSession::new(session.clone(), usd("1.00"))
            .decode(&ok(200, "v2_checkout_session_completed.json"))
            .is_ok()
    );
    assert!(
        UpdateCheckoutSession::new(session.clone())
            .decode(&ok(200, "v2_checkout_session_open.json"))
            .is_ok()
    );
    let permission = ChargePermissionId::from("p");
    assert!(
        GetChargePermission::new(permission.clone())
            .decode(&ok(200, "v2_charge_permission_onetime.json"))
            .unwrap()
            .state()
            .is_some()
    );
    assert!(
        CloseChargePermission::new(permission.clone(), "r")
            .decode(&ok(200, "v2_charge_permission_closed.json"))
            .is_ok()
    );
    let charge = CreateCharge::new(permission, usd("1.00"), key())
        .decode(&ok(201, "v2_charge_authorized.json"))
        .unwrap();
    assert_eq!(charge.state(), Some(&ChargeState::Authorized));
    for decoded in [
        GetCharge::new("c").decode(&ok(200, "v2_charge_captured_multicurrency.json")),
        CancelCharge::new(ChargeId::from("c"), "r")
            .decode(&ok(200, "v2_charge_unknown_state.json")),
        UpdateCharge::new(ChargeId::from("c"), ChargeState::Canceled, None)
            .decode(&ok(200, "v2_charge_declined.json")),
    ] {
        assert!(decoded.unwrap().charge_id.is_some());
    }
    assert!(
        UpdateChargePermission::new(ChargePermissionId::from("p"))
            .decode(&ok(200, "v2_charge_permission_recurring_jpy.json"))
            .is_ok()
    );
    let captured = CaptureCharge::new(ChargeId::from("c"), usd("14.00"), key())
        .decode(&ok(200, "seed_v1_capture_charge.json"))
        .unwrap();
    assert_eq!(captured.state(), Some(&ChargeState::Captured));
    let refund = CreateRefund::new(ChargeId::from("c"), usd("1.00"), key())
        .decode(&ok(201, "v2_refund_initiated.json"))
        .unwrap();
    assert!(refund.state().is_some());
    assert!(
        GetRefund::new(RefundId::from("r"))
            .decode(&ok(200, "v2_refund_declined_jpy.json"))
            .is_ok()
    );
    assert!(
        GetBuyer::new("t")
            .decode(&ok(200, "v2_buyer.json"))
            .unwrap()
            .buyer_id
            .is_some()
    );
    assert!(
        CreateDeliveryTracker::for_order_reference(
            "P01",
            vec![DeliveryDetailRequest::new("1", "UPS")]
        )
        .decode(&ok(200, "v2_delivery_tracker.json"))
        .is_ok()
    );
}

#[test]
fn errors_decode_with_the_operation() {
    let op = CaptureCharge::new(ChargeId::from("c"), usd("1.00"), key());
    let err = op
        .decode(&Response::new(
            422,
            fixture("v2_error_invalid_charge_status.json"),
        ))
        .unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::InvalidChargeStatus));
    assert_eq!(err.operation(), Some("Capture Charge"));
    // A success status whose body is not a Charge.
    let err = op
        .decode(&Response::new(200, br#"{"chargeAmount": 7}"#.to_vec()))
        .unwrap_err();
    assert!(matches!(
        err.kind(),
        ApiErrorKind::Unreadable {
            reason: Unreadable::NotTheObject,
            ..
        }
    ));
    let err = op.decode(&Response::new(200, Vec::new())).unwrap_err();
    assert_eq!(err.status(), 200);
}

#[test]
fn validation_refuses_before_anything_is_signed() {
    let cfg = config(ApiVersion::V2);
    let permission = ChargePermissionId::from("S01-1");
    let field = |result: Result<_, amazon_pay_core::ValidationError>| {
        result
            .map(|_: amazon_pay_core::UnsignedRequest| ())
            .unwrap_err()
            .field()
            .to_owned()
    };
    // softDescriptor only with captureNow.
    let op = CreateCharge::new(permission.clone(), usd("1.00"), key())
        .with_soft_descriptor("X")
        .unwrap();
    assert_eq!(field(op.into_request(&cfg)), "softDescriptor");
    // A zero amount, and one above the per-transaction maximum.
    assert_eq!(
        field(CaptureCharge::new(ChargeId::from("c"), usd("0"), key()).into_request(&cfg)),
        "captureAmount"
    );
    assert_eq!(
        field(
            CreateRefund::new(
                ChargeId::from("c"),
                Price::from_minor_units(150_000_01, amazon_pay_core::Currency::Usd),
                key()
            )
            .into_request(&cfg)
        ),
        "refundAmount.amount"
    );
    // Ids cannot break out of their path segment.
    assert_eq!(
        field(GetCharge::new("../../refunds").into_request(&cfg)),
        "chargeId"
    );
    assert_eq!(field(GetCharge::new("").into_request(&cfg)), "chargeId");
    // ProcessOrder needs checkoutResultReturnUrl, paymentDetails and, for PayAndShip, addressDetails.
    let apb = || {
        CreateCheckoutSession::new(
            "store",
            CheckoutWebDetails::process_order("https://shop.example/result"),
            key(),
        )
    };
    assert_eq!(field(apb().into_request(&cfg)), "paymentDetails");
    let paid = apb().with_payment_details(CheckoutSessionPaymentDetails::new(
        PaymentIntent::AuthorizeWithCapture,
        usd("10.00"),
    ));
    assert_eq!(field(paid.clone().into_request(&cfg)), "addressDetails");
    assert!(
        paid.clone()
            .with_product_type(ProductType::PayOnly)
            .into_request(&cfg)
            .is_ok()
    );
    assert!(
        paid.with_address_details(model::AddressDetails::default())
            .into_request(&cfg)
            .is_ok()
    );
    // The standard flow needs checkoutReviewReturnUrl; https in Live, http in Sandbox.
    let standard =
        |url: &str| CreateCheckoutSession::new("store", CheckoutWebDetails::review(url), key());
    assert!(
        standard("http://localhost/review")
            .into_request(&cfg)
            .is_ok()
    );
    let live = Config::new(
        Region::Na,
        PublicKeyId::parse("LIVE-AFVX7ULWSGBZ5535PCUQOY7B").unwrap(),
    );
    let err = standard("http://localhost/review")
        .into_request(&live)
        .unwrap_err();
    assert_eq!(err.field(), "webCheckoutDetails.checkoutReviewReturnUrl");
    assert_eq!(
        err.rule(),
        &Rule::NotAnHttpsUrl {
            http_allowed: false
        }
    );
    assert!(standard("https://").into_request(&live).is_err());
    assert!(standard("ftp://shop.example").into_request(&cfg).is_err());
    // softDescriptor in a session only with AuthorizeWithCapture.
    let described = standard("https://shop.example/r").with_payment_details(
        CheckoutSessionPaymentDetails::new(PaymentIntent::Authorize, usd("1.00"))
            .with_soft_descriptor("AMZ")
            .unwrap(),
    );
    assert_eq!(
        field(described.into_request(&cfg)),
        "paymentDetails.softDescriptor"
    );
    // An update needs something to change.
    assert!(
        UpdateCheckoutSession::new(CheckoutSessionId::from("s"))
            .into_request(&cfg)
            .is_err()
    );
    assert!(
        UpdateChargePermission::new(permission.clone())
            .into_request(&cfg)
            .is_err()
    );
    // A delivery tracker needs a shipment.
    assert_eq!(
        field(CreateDeliveryTracker::for_charge_permission(permission, vec![]).into_request(&cfg)),
        "deliveryDetails"
    );
}

/// One test per length rule of spec §7.1: at the limit passes, one over
/// fails, naming the field.
#[test]
fn length_rules_at_their_boundaries() {
    let cfg = config(ApiVersion::V2);
    let permission = ChargePermissionId::from("S01-1");
    let metadata_op = |m: MerchantMetadata| {
        UpdateChargePermission::new(permission.clone())
            .with_merchant_metadata(m)
            .into_request(&cfg)
    };
    type Setter = fn(&mut MerchantMetadata, String);
    let cases: [(&str, usize, Setter); 4] = [
        ("merchantMetadata.merchantReferenceId", 256, |m, v| {
            m.merchant_reference_id = Some(v)
        }),
        ("merchantMetadata.merchantStoreName", 50, |m, v| {
            m.merchant_store_name = Some(v)
        }),
        ("merchantMetadata.noteToBuyer", 255, |m, v| {
            m.note_to_buyer = Some(v)
        }),
        ("merchantMetadata.customInformation", 4096, |m, v| {
            m.custom_information = Some(v)
        }),
    ];
    for (field, max, set) in cases {
        let mut at = MerchantMetadata::default();
        set(&mut at, "a".repeat(max));
        assert!(metadata_op(at).is_ok(), "{field} at {max}");
        let mut over = MerchantMetadata::default();
        set(&mut over, "a".repeat(max + 1));
        let err = metadata_op(over).unwrap_err();
        assert_eq!(err.field(), field);
        assert_eq!(
            err.rule(),
            &Rule::TooManyBytes {
                max,
                found: max + 1
            }
        );
        // Bytes, not characters: 'é' is two.
        let mut wide = MerchantMetadata::default();
        set(&mut wide, "é".repeat(max / 2 + 1));
        assert!(metadata_op(wide).is_err(), "{field} counts bytes");
    }
    // Reasons: 255.
    let close =
        |n| CloseChargePermission::new(permission.clone(), "r".repeat(n)).into_request(&cfg);
    assert!(close(255).is_ok());
    assert_eq!(close(256).unwrap_err().field(), "closureReason");
    assert_eq!(close(0).unwrap_err().rule(), &Rule::Empty);
    let cancel = |n| CancelCharge::new(ChargeId::from("c"), "r".repeat(n)).into_request(&cfg);
    assert!(cancel(255).is_ok());
    assert_eq!(cancel(256).unwrap_err().field(), "cancellationReason");
    // Soft descriptor: 16 characters.
    assert!(
        CaptureCharge::new(ChargeId::from("c"), usd("1"), key())
            .with_soft_descriptor(&"d".repeat(16))
            .is_ok()
    );
    let err = CaptureCharge::new(ChargeId::from("c"), usd("1"), key())
        .with_soft_descriptor(&"d".repeat(17))
        .unwrap_err();
    assert_eq!(err.field(), "softDescriptor");
    // Return URLs: 512 bytes.
    let url = |n: usize| {
        let url = format!(
            "https://shop.example/{}",
            "p".repeat(n - "https://shop.example/".len())
        );
        CreateCheckoutSession::new("store", CheckoutWebDetails::review(url), key())
            .into_request(&cfg)
    };
    assert!(url(512).is_ok());
    assert_eq!(
        url(513).unwrap_err().rule(),
        &Rule::TooManyBytes {
            max: 512,
            found: 513
        }
    );
    // Control characters are refused in one-line fields; notes may have line breaks.
    let mut m = MerchantMetadata::default();
    m.merchant_store_name = Some("a\u{7}b".into());
    assert_eq!(metadata_op(m).unwrap_err().rule(), &Rule::ControlCharacter);
    let mut m = MerchantMetadata::default();
    m.note_to_buyer = Some("line 1\nline 2".into());
    assert!(metadata_op(m).is_ok());
}

#[test]
fn the_button_payload_is_the_create_body() {
    let op = CreateCheckoutSession::new(
        "store",
        CheckoutWebDetails::review("https://shop.example/review"),
        key(),
    );
    let payload = op.payload_json(&config(ApiVersion::V2)).unwrap();
    let request = op.into_request(&config(ApiVersion::V2)).unwrap();
    assert_eq!(payload.as_bytes(), request.body());
    #[cfg(any(feature = "aws-lc-rs", feature = "rsa"))]
    {
        use amazon_pay_core::ButtonSignature;
        use amazon_pay_core::sign::DefaultSigner;
        let signer =
            DefaultSigner::from_pem(include_str!("../vectors/keys/rsa2048.pkcs8.pem")).unwrap();
        let mut entropy = |buf: &mut [u8]| buf.fill(9);
        let signature = ButtonSignature::sign(
            &config(ApiVersion::V2),
            &signer,
            payload.clone(),
            &mut entropy,
        )
        .unwrap();
        assert_eq!(signature.payload(), payload);
    }
}

#[test]
fn operations_show_no_buyer_data_in_debug() {
    let mut address = model::AddressDetails::default();
    address.name = Some("Jane Doe".into());
    address.phone_number = Some("555-0100".into());
    let op = CreateCheckoutSession::new(
        "store",
        CheckoutWebDetails::process_order("https://shop.example/result"),
        key(),
    )
    .with_address_details(address);
    let debug = format!("{op:?}");
    assert!(!debug.contains("Jane") && !debug.contains("555"), "{debug}");
}
