//! Whole checkouts and each operation's refusals against the in-process
//! sandbox, with real signatures and the crate's own decoders.

mod support;

use amazon_pay_core::model::{
    ChargePermissionState, ChargeState, CheckoutSessionState, PaymentIntent, RefundState,
};
use amazon_pay_core::operation::{
    CancelCharge, CaptureCharge, CloseChargePermission, CompleteCheckoutSession, CreateCharge,
    CreateDeliveryTracker, CreateRefund, DeliveryDetailRequest, GetCharge, GetChargePermission,
    GetCheckoutSession, GetRefund, UpdateCheckoutSession, UpdatePaymentDetails,
};
use amazon_pay_sandbox::{SandboxRequest, TestPaymentMethod};
use support::{KEY_ID, Merchant, RESULT_URL, code, usd};

const VISA: TestPaymentMethod = TestPaymentMethod::Success("1111");

#[test]
fn a_whole_checkout_from_session_to_delivery_tracker() {
    let mut m = Merchant::new();
    let id = m.session(PaymentIntent::Authorize, "50.00", false);
    assert_eq!(id.as_str().len(), 36, "a UUID: {id}");
    let back = m.sandbox.buyer_approves(m.now, id.as_str(), VISA).unwrap();
    assert_eq!(back, format!("{RESULT_URL}?amazonCheckoutSessionId={id}"));

    let completed = m
        .call(&CompleteCheckoutSession::new(id.clone(), usd("50.00")))
        .unwrap();
    assert_eq!(completed.state(), Some(&CheckoutSessionState::Completed));
    let permission_id = completed.charge_permission_id.unwrap();
    let charge_id = completed.charge_id.unwrap();
    assert!(permission_id.as_str().starts_with("S01-"));
    assert!(
        charge_id
            .as_str()
            .starts_with(&format!("{permission_id}-C"))
    );
    let session = m.call(&GetCheckoutSession::new(id.clone())).unwrap();
    assert_eq!(session.state(), Some(&CheckoutSessionState::Completed));

    let permission = m
        .call(&GetChargePermission::new(permission_id.clone()))
        .unwrap();
    assert_eq!(
        permission.status_details.unwrap().state,
        Some(ChargePermissionState::Chargeable)
    );
    let charge = m.call(&GetCharge::new(charge_id.clone())).unwrap();
    assert_eq!(charge.state(), Some(&ChargeState::Authorized));

    let key = m.key();
    let captured = m
        .call(&CaptureCharge::new(charge_id.clone(), usd("50.00"), key))
        .unwrap();
    assert_eq!(captured.state(), Some(&ChargeState::Captured));
    assert_eq!(captured.capture_amount, Some(usd("50.00")));

    let key = m.key();
    let refund = m
        .call(&CreateRefund::new(charge_id.clone(), usd("20.00"), key))
        .unwrap();
    assert_eq!(refund.state(), Some(&RefundState::RefundInitiated));
    let refund_id = refund.refund_id.unwrap();
    m.wait(10);
    let refund = m.call(&GetRefund::new(refund_id)).unwrap();
    assert_eq!(refund.state(), Some(&RefundState::Refunded));
    let charge = m.call(&GetCharge::new(charge_id)).unwrap();
    assert_eq!(charge.refunded_amount, Some(usd("20.00")));

    let tracker = CreateDeliveryTracker::for_charge_permission(
        permission_id.clone(),
        vec![DeliveryDetailRequest::new("1Z999AA10123456784", "UPS")],
    );
    m.call(&tracker).unwrap();
    // A OneTime permission fully captured is closed by Amazon.
    let permission = m.call(&GetChargePermission::new(permission_id)).unwrap();
    assert_eq!(
        permission.status_details.unwrap().state,
        Some(ChargePermissionState::Closed)
    );
    let counts = m.sandbox.counts();
    assert_eq!(
        (
            counts.sessions,
            counts.charge_permissions,
            counts.charges,
            counts.refunds
        ),
        (1, 1, 1, 1)
    );
    // The buyer cannot act on a session that does not exist: a typed error,
    // with a code and JSON.
    let unknown = m.sandbox.buyer_cancels(m.now, "no-such").unwrap_err();
    assert_eq!(unknown.code(), "UnknownSession");
    let json = serde_json::to_value(&unknown).unwrap();
    assert_eq!(json["code"], "UnknownSession");
    assert!(json["message"].as_str().unwrap().contains("no-such"));
}

#[test]
fn captures_and_refunds_are_refused_as_amazon_refuses_them() {
    let mut m = Merchant::new();
    let completed = m
        .completed(PaymentIntent::Authorize, "40.00", VISA, false)
        .unwrap();
    let charge = completed.charge_id.unwrap();

    // Refund before capture: the charge is not Captured.
    let key = m.key();
    let err = m
        .call(&CreateRefund::new(charge.clone(), usd("1.00"), key))
        .unwrap_err();
    assert_eq!(
        (err.status(), code(&err)),
        (422, "InvalidChargeStatus".into())
    );
    // More than authorized.
    let key = m.key();
    let err = m
        .call(&CaptureCharge::new(charge.clone(), usd("40.01"), key))
        .unwrap_err();
    assert_eq!(
        (err.status(), code(&err)),
        (400, "TransactionAmountExceeded".into())
    );
    let key = m.key();
    m.call(&CaptureCharge::new(charge.clone(), usd("40.00"), key))
        .unwrap();
    // A second capture with a new key: never let through.
    let key = m.key();
    let err = m
        .call(&CaptureCharge::new(charge.clone(), usd("1.00"), key))
        .unwrap_err();
    assert_eq!(
        (err.status(), code(&err)),
        (422, "InvalidChargeStatus".into())
    );
    // Refunds: up to the capture plus 15 % (46.00), not a cent more.
    let key = m.key();
    m.call(&CreateRefund::new(charge.clone(), usd("46.00"), key))
        .unwrap();
    let key = m.key();
    let err = m
        .call(&CreateRefund::new(charge.clone(), usd("0.01"), key))
        .unwrap_err();
    assert_eq!(
        (err.status(), code(&err)),
        (400, "TransactionAmountExceeded".into())
    );
    // Canceling a captured charge.
    let err = m.call(&CancelCharge::new(charge, "too late")).unwrap_err();
    assert_eq!(
        (err.status(), code(&err)),
        (422, "InvalidChargeStatus".into())
    );
}

#[test]
fn sessions_refuse_what_their_state_and_amount_do_not_allow() {
    let mut m = Merchant::new();
    let id = m.session(PaymentIntent::Authorize, "10.00", false);
    // Complete before the buyer approved.
    let err = m
        .call(&CompleteCheckoutSession::new(id.clone(), usd("10.00")))
        .unwrap_err();
    assert_eq!(
        (err.status(), code(&err)),
        (422, "InvalidCheckoutSessionStatus".into())
    );
    m.sandbox.buyer_approves(m.now, id.as_str(), VISA).unwrap();
    // Another amount than the session's.
    let err = m
        .call(&CompleteCheckoutSession::new(id.clone(), usd("10.01")))
        .unwrap_err();
    assert_eq!((err.status(), code(&err)), (400, "AmountMismatch".into()));
    m.call(&CompleteCheckoutSession::new(id.clone(), usd("10.00")))
        .unwrap();
    // Completed is final.
    let err = m
        .call(&CompleteCheckoutSession::new(id.clone(), usd("10.00")))
        .unwrap_err();
    assert_eq!(
        (err.status(), code(&err)),
        (422, "InvalidCheckoutSessionStatus".into())
    );
    let update = UpdateCheckoutSession::new(id.clone()).with_checkout_result_return_url(RESULT_URL);
    let err = m.call(&update).unwrap_err();
    assert_eq!(
        (err.status(), code(&err)),
        (422, "InvalidCheckoutSessionStatus".into())
    );
    // A currency the region does not take.
    let id = m.session(PaymentIntent::Authorize, "10.00", false);
    let euros = amazon_pay_core::Price::parse("10.00", "EUR").unwrap();
    let update = UpdateCheckoutSession::new(id)
        .with_payment_details(UpdatePaymentDetails::new(PaymentIntent::Authorize, euros));
    let err = m.call(&update).unwrap_err();
    assert_eq!((err.status(), code(&err)), (400, "CurrencyMismatch".into()));
    // Unknown objects.
    let err = m.call(&GetCheckoutSession::new("nope")).unwrap_err();
    assert_eq!((err.status(), code(&err)), (404, "ResourceNotFound".into()));
    let err = m
        .call(&GetCharge::new("S01-0000000-0000000-C0000000"))
        .unwrap_err();
    assert_eq!((err.status(), code(&err)), (404, "ResourceNotFound".into()));
}

#[test]
fn confirm_then_charges_on_the_permission() {
    let mut m = Merchant::new();
    let completed = m
        .completed(PaymentIntent::Confirm, "30.00", VISA, false)
        .unwrap();
    assert_eq!(completed.charge_id, None, "Confirm creates no charge");
    let permission = completed.charge_permission_id.unwrap();
    let key = m.key();
    let charge = m
        .call(&CreateCharge::new(permission.clone(), usd("20.00"), key))
        .unwrap();
    assert_eq!(charge.state(), Some(&ChargeState::Authorized));
    // Above the permission's amount limit with what is authorized.
    let key = m.key();
    let err = m
        .call(&CreateCharge::new(permission.clone(), usd("10.01"), key))
        .unwrap_err();
    assert_eq!(
        (err.status(), code(&err)),
        (400, "TransactionAmountExceeded".into())
    );
    // Closing cancels what is pending when asked.
    let close = CloseChargePermission::new(permission.clone(), "order canceled")
        .with_cancel_pending_charges(true);
    m.call(&close).unwrap();
    let charge = m.call(&GetCharge::new(charge.charge_id.unwrap())).unwrap();
    assert_eq!(charge.state(), Some(&ChargeState::Canceled));
    let key = m.key();
    let err = m
        .call(&CreateCharge::new(permission, usd("1.00"), key))
        .unwrap_err();
    assert_eq!(
        (err.status(), code(&err)),
        (422, "InvalidChargePermissionStatus".into())
    );
}

/// API path version v1: no Complete; the session completes when the buyer
/// returns (spec §14).
#[test]
fn under_v1_the_buyers_return_completes_the_session() {
    let mut m = Merchant::new();
    m.config = m
        .config
        .clone()
        .with_api_version(amazon_pay_core::ApiVersion::V1);
    let id = m.session(PaymentIntent::Authorize, "15.00", false);
    m.sandbox.buyer_approves(m.now, id.as_str(), VISA).unwrap();
    let session = m.call(&GetCheckoutSession::new(id.clone())).unwrap();
    assert_eq!(session.state(), Some(&CheckoutSessionState::Completed));
    let charge = m.call(&GetCharge::new(session.charge_id.unwrap())).unwrap();
    assert_eq!(charge.state(), Some(&ChargeState::Authorized));
    // Complete is not a v1 operation.
    let request = amazon_pay_core::UnsignedRequest::new(
        amazon_pay_core::Method::Post,
        format!("/checkoutSessions/{id}/complete"),
    )
    .with_body(&br#"{"chargeAmount":{"amount":"15.00","currencyCode":"USD"}}"#[..]);
    let answer = m.send(&request);
    let err = amazon_pay_core::operation::ApiError::from_response(&answer);
    assert_eq!(
        (err.status(), code(&err)),
        (400, "InvalidAPIVersion".into())
    );
}

/// Finalize Checkout Session (Buy Now): the body's intent wins; a different
/// amount is AmountMismatch.
#[test]
fn finalize_completes_with_the_intent_it_names() {
    use amazon_pay_core::operation::FinalizeCheckoutSession;
    let mut m = Merchant::new();
    let id = m.session(PaymentIntent::Authorize, "12.00", false);
    m.sandbox.buyer_approves(m.now, id.as_str(), VISA).unwrap();
    let err = m
        .call(&FinalizeCheckoutSession::new(id.clone(), usd("12.01")))
        .unwrap_err();
    assert_eq!((err.status(), code(&err)), (400, "AmountMismatch".into()));
    let finalize = FinalizeCheckoutSession::new(id.clone(), usd("12.00"))
        .with_payment_intent(PaymentIntent::AuthorizeWithCapture);
    let done = m.call(&finalize).unwrap();
    assert_eq!(done.state(), Some(&CheckoutSessionState::Completed));
    let charge = m.call(&GetCharge::new(done.charge_id.unwrap())).unwrap();
    assert_eq!(charge.state(), Some(&ChargeState::Captured));
}

/// Get Buyer: a token from the buyer's sign-in, readable for 24 hours.
#[test]
fn get_buyer_reads_a_signed_in_buyer_for_24_hours() {
    use amazon_pay_core::operation::GetBuyer;
    let mut m = Merchant::new();
    let token = m.sandbox.buyer_signs_in(m.now);
    let buyer = m.call(&GetBuyer::new(token.as_str())).unwrap();
    assert_eq!(
        buyer.buyer_id.as_deref(),
        Some("amzn1.account.SANDBOXTESTBUYER")
    );
    let err = m.call(&GetBuyer::new("unknown")).unwrap_err();
    assert_eq!((err.status(), code(&err)), (404, "ResourceNotFound".into()));
    m.wait(24 * 3600);
    let err = m.call(&GetBuyer::new(token.as_str())).unwrap_err();
    assert_eq!(err.status(), 404);
}

/// Update Charge (PSPs): a reachable state is taken as the PSP's report; an
/// impossible one is refused.
#[test]
fn update_charge_takes_a_psps_report_through_the_rule_book() {
    use amazon_pay_core::model::ChargeReasonCode;
    use amazon_pay_core::operation::UpdateCharge;
    let mut m = Merchant::new();
    let completed = m
        .completed(PaymentIntent::Authorize, "8.00", VISA, false)
        .unwrap();
    let charge = completed.charge_id.unwrap();
    let update = UpdateCharge::new(
        charge.clone(),
        ChargeState::Canceled,
        Some(ChargeReasonCode::ExpiredUnused),
    );
    let updated = m.call(&update).unwrap();
    assert_eq!(updated.state(), Some(&ChargeState::Canceled));
    let back = UpdateCharge::new(charge, ChargeState::Authorized, None);
    let err = m.call(&back).unwrap_err();
    assert_eq!(
        (err.status(), code(&err)),
        (422, "InvalidChargeStatus".into())
    );
}

#[test]
fn bodies_are_read_as_amazon_reads_them() {
    let mut merchant = Merchant::new();
    let create = |body: &str| SandboxRequest {
        method: "POST".to_owned(),
        target: "/v2/checkoutSessions".to_owned(),
        headers: vec![("x-amz-pay-idempotency-key".to_owned(), "k1".to_owned())],
        body: body.as_bytes().to_vec(),
    };
    let refused = |merchant: &mut Merchant, body: &str| {
        let answer = merchant
            .sandbox
            .handle_trusted(merchant.now, KEY_ID, &create(body));
        assert_eq!(answer.status(), 400, "{body}");
        let json: serde_json::Value = serde_json::from_slice(answer.body()).unwrap();
        (
            json["reasonCode"].as_str().unwrap().to_owned(),
            json["message"].as_str().unwrap().to_owned(),
        )
    };
    for body in ["", "{", "{\"storeId\":\"s\"} x", "nul"] {
        let (code, message) = refused(&mut merchant, body);
        assert_eq!(code, "InvalidRequestFormat", "{body:?}");
        assert!(message.contains("not valid JSON"), "{message}");
    }
    for body in ["[]", "\"text\"", "12", "null"] {
        let (code, message) = refused(&mut merchant, body);
        assert_eq!(code, "InvalidRequestFormat", "{body:?}");
        assert!(message.contains("must be a JSON object"), "{message}");
    }
    // The first unknown field is named, even after known ones and escaped.
    let (code, message) = refused(
        &mut merchant,
        r#"{"storeId":"s","sh\u006fe":1,"colour":"red"}"#,
    );
    assert_eq!(code, "UnrecognizedField");
    assert!(message.contains("\"shoe\""), "{message}");
    // A known field with the wrong shape.
    let (code, _) = refused(&mut merchant, r#"{"storeId":["s"]}"#);
    assert_eq!(code, "InvalidParameterValue");
    // Nothing was created by any of them.
    assert_eq!(merchant.sandbox.counts().sessions, 0);
}

/// A OneTime permission takes at most 25 charges (spec §4.3): the 26th is
/// 422 `TransactionCountExceeded`, even with amount to spare.
#[test]
fn the_twenty_sixth_charge_is_refused() {
    let mut m = Merchant::new();
    let completed = m
        .completed(PaymentIntent::Confirm, "30.00", VISA, false)
        .unwrap();
    let permission = completed.charge_permission_id.unwrap();
    for n in 0..25 {
        let key = m.key();
        m.call(&CreateCharge::new(permission.clone(), usd("1.00"), key))
            .unwrap_or_else(|e| panic!("charge {}: {e}", n + 1));
    }
    let key = m.key();
    let err = m
        .call(&CreateCharge::new(permission.clone(), usd("1.00"), key))
        .unwrap_err();
    assert_eq!(
        (err.status(), code(&err)),
        (422, "TransactionCountExceeded".into())
    );
    assert_eq!(
        m.sandbox.ledger(&permission).unwrap().charges().len(),
        25,
        "nothing was created"
    );
}

/// A Recurring permission in NA takes at most 1,000 USD a calendar month
/// (spec §4.3): a charge past it is 400 `PeriodicAmountExceeded`.
#[test]
fn a_recurring_permission_keeps_its_monthly_cap() {
    use amazon_pay_core::model::{
        ChargePermissionType, Frequency, FrequencyUnit, RecurringMetadata,
    };
    use amazon_pay_core::operation::{CheckoutWebDetails, CreateCheckoutSession};

    let mut m = Merchant::new();
    let mut frequency = Frequency::default();
    frequency.unit = Some(FrequencyUnit::Month);
    frequency.value = Some(1);
    let mut recurring = RecurringMetadata::default();
    recurring.frequency = Some(frequency);
    let key = m.key();
    let create = CreateCheckoutSession::new(
        "amzn1.application-oa2-client.sandbox",
        CheckoutWebDetails::review("https://shop.example/review"),
        key,
    )
    .with_charge_permission_type(ChargePermissionType::Recurring)
    .with_recurring_metadata(recurring);
    let id = m.call(&create).unwrap().checkout_session_id.unwrap();
    let update = UpdateCheckoutSession::new(id.clone())
        .with_checkout_result_return_url(RESULT_URL)
        .with_payment_details(UpdatePaymentDetails::new(
            PaymentIntent::Confirm,
            usd("600.00"),
        ));
    m.call(&update).unwrap();
    m.sandbox.buyer_approves(m.now, id.as_str(), VISA).unwrap();
    let completed = m
        .call(&CompleteCheckoutSession::new(id, usd("600.00")))
        .unwrap();
    let permission = completed.charge_permission_id.unwrap();
    for amount in ["600.00", "400.00"] {
        let key = m.key();
        m.call(&CreateCharge::new(permission.clone(), usd(amount), key))
            .unwrap();
    }
    let key = m.key();
    let err = m
        .call(&CreateCharge::new(permission.clone(), usd("0.01"), key))
        .unwrap_err();
    assert_eq!(
        (err.status(), code(&err)),
        (400, "PeriodicAmountExceeded".into())
    );
    assert_eq!(m.sandbox.ledger(&permission).unwrap().charges().len(), 2);
}

/// Complete needs the second redirect: after Update, the buyer is sent to
/// `amazonPayRedirectUrl` and comes back (spec §4.2); an approval before
/// the update, or before a later update, does not count.
#[test]
fn complete_waits_for_the_buyers_return_after_the_last_update() {
    let mut m = Merchant::new();
    let create = amazon_pay_core::operation::CreateCheckoutSession::new(
        "amzn1.application-oa2-client.sandbox",
        amazon_pay_core::operation::CheckoutWebDetails::review("https://shop.example/review"),
        m.key(),
    );
    let id = m.call(&create).unwrap().checkout_session_id.unwrap();
    // The buyer picks a card first: back to the review page.
    let back = m.sandbox.buyer_approves(m.now, id.as_str(), VISA).unwrap();
    assert!(back.starts_with("https://shop.example/review"), "{back}");
    let update = |m: &mut Merchant, amount: &str| {
        let details = UpdatePaymentDetails::new(PaymentIntent::Authorize, usd(amount));
        let update = UpdateCheckoutSession::new(id.clone())
            .with_checkout_result_return_url(RESULT_URL)
            .with_payment_details(details);
        m.call(&update).unwrap();
    };
    update(&mut m, "20.00");
    let complete = CompleteCheckoutSession::new(id.clone(), usd("20.00"));
    let refused = m.call(&complete).unwrap_err();
    assert_eq!(
        (refused.status(), code(&refused).as_str()),
        (422, "InvalidCheckoutSessionStatus")
    );
    assert!(
        refused.to_string().contains("amazonPayRedirectUrl"),
        "{refused}"
    );
    // Sent to amazonPayRedirectUrl, the buyer confirms and returns.
    let back = m.sandbox.buyer_approves(m.now, id.as_str(), VISA).unwrap();
    assert!(back.starts_with(RESULT_URL), "{back}");
    // A later update needs another return.
    update(&mut m, "21.00");
    let complete = CompleteCheckoutSession::new(id.clone(), usd("21.00"));
    assert_eq!(m.call(&complete).unwrap_err().status(), 422);
    m.sandbox.buyer_approves(m.now, id.as_str(), VISA).unwrap();
    let completed = m.call(&complete).unwrap();
    assert_eq!(completed.state(), Some(&CheckoutSessionState::Completed));
}

/// Raw bodies meet the core's own checks on the server side too: a soft
/// descriptor's form and where it may go, and the idempotency key's form
/// (spec §7.1, §8.8).
#[test]
fn raw_requests_are_checked_by_the_core_rules() {
    let mut m = Merchant::new();
    let completed = m
        .completed(PaymentIntent::Authorize, "30.00", VISA, false)
        .unwrap();
    let charge = completed.charge_id.unwrap();
    let permission = completed.charge_permission_id.unwrap();
    let post = |m: &mut Merchant, path: String, body: String| {
        let key = m.key();
        let request = amazon_pay_core::UnsignedRequest::new(amazon_pay_core::Method::Post, path)
            .with_body(body.into_bytes())
            .with_idempotency_key(key);
        let answer = m.send(&request);
        let text = String::from_utf8_lossy(answer.body()).into_owned();
        (answer.status(), text)
    };
    let seventeen = "ABCDEFGHIJKLMNOPQ";
    // Capture with a 17-character soft descriptor: refused, nothing captured.
    let (status, text) = post(
        &mut m,
        format!("/charges/{charge}/capture"),
        format!(
            r#"{{"captureAmount":{{"amount":"30.00","currencyCode":"USD"}},"softDescriptor":"{seventeen}"}}"#
        ),
    );
    assert_eq!(status, 400, "{text}");
    assert!(text.contains("InvalidParameterValue"), "{text}");
    let got = m.call(&GetCharge::new(charge.clone())).unwrap();
    assert_eq!(got.state(), Some(&ChargeState::Authorized));
    // Sixteen characters pass.
    let (status, text) = post(
        &mut m,
        format!("/charges/{charge}/capture"),
        r#"{"captureAmount":{"amount":"30.00","currencyCode":"USD"},"softDescriptor":"ABCDEFGHIJKLMNOP"}"#.into(),
    );
    assert_eq!(status, 200, "{text}");
    // Create Refund: the same rule.
    let (status, text) = post(
        &mut m,
        "/refunds".into(),
        format!(
            r#"{{"chargeId":"{charge}","refundAmount":{{"amount":"1.00","currencyCode":"USD"}},"softDescriptor":"{seventeen}"}}"#
        ),
    );
    assert_eq!(
        (status, text.contains("InvalidParameterValue")),
        (400, true),
        "{text}"
    );
    // Create Charge: a soft descriptor only with captureNow.
    let (status, text) = post(
        &mut m,
        "/charges".into(),
        format!(
            r#"{{"chargePermissionId":"{permission}","chargeAmount":{{"amount":"1.00","currencyCode":"USD"}},"softDescriptor":"SHOP"}}"#
        ),
    );
    assert_eq!(
        (status, text.contains("InvalidParameterValue")),
        (400, true),
        "{text}"
    );
    // Idempotency keys: 33 characters, or a '.', are refused.
    for key in ["k".repeat(33), "key.1".to_owned()] {
        let request = SandboxRequest {
            method: "POST".into(),
            target: "/v2/refunds".into(),
            headers: vec![("x-amz-pay-idempotency-key".into(), key.clone())],
            body: format!(r#"{{"chargeId":"{charge}","refundAmount":{{"amount":"1.00","currencyCode":"USD"}}}}"#).into_bytes(),
        };
        let answer = m.sandbox.handle_trusted(m.now, KEY_ID, &request);
        let text = String::from_utf8_lossy(answer.body()).into_owned();
        assert_eq!(answer.status(), 400, "{key}: {text}");
        assert!(text.contains("InvalidHeaderValue"), "{text}");
    }
    // A checkout session's soft descriptor only with AuthorizeWithCapture.
    let create = |intent: &str| {
        format!(
            r#"{{"storeId":"amzn1.application-oa2-client.sandbox","webCheckoutDetails":{{"checkoutReviewReturnUrl":"https://shop.example/review"}},"paymentDetails":{{"paymentIntent":"{intent}","chargeAmount":{{"amount":"5.00","currencyCode":"USD"}},"softDescriptor":"SHOP"}}}}"#
        )
    };
    let (status, text) = post(&mut m, "/checkoutSessions".into(), create("Authorize"));
    assert_eq!(
        (status, text.contains("InvalidParameterValue")),
        (400, true),
        "{text}"
    );
    let (status, text) = post(
        &mut m,
        "/checkoutSessions".into(),
        create("AuthorizeWithCapture"),
    );
    assert_eq!(status, 201, "{text}");
}
