//! Idempotency, the test payment methods and simulation codes of spec §13,
//! and the virtual clock.

mod support;

use amazon_pay_core::model::{
    ChargeReasonCode, ChargeState, CheckoutSessionReasonCode, CheckoutSessionState, PaymentIntent,
};
use amazon_pay_core::operation::{
    ApiOperation, CaptureCharge, CompleteCheckoutSession, CreateCharge, CreateRefund, GetCharge,
    GetCheckoutSession,
};
use amazon_pay_core::time::Duration;
use amazon_pay_core::{IdempotencyKey, Method, UnsignedRequest};
use amazon_pay_sandbox::TestPaymentMethod;
use support::{Merchant, code, usd};

const VISA: TestPaymentMethod = TestPaymentMethod::Success("4444");

#[test]
fn same_key_same_request_replays_and_never_acts_twice() {
    let mut m = Merchant::new();
    let completed = m
        .completed(PaymentIntent::Authorize, "30.00", VISA, false)
        .unwrap();
    let charge = completed.charge_id.unwrap();
    let key = m.key();
    let capture = CaptureCharge::new(charge.clone(), usd("30.00"), key.clone());
    m.call(&capture).unwrap();
    // The answer was lost; the client retries with the same key, later.
    m.wait(2);
    let again = m.call(&capture).unwrap();
    assert_eq!(again.state(), Some(&ChargeState::Captured));
    let refund_key = m.key();
    let refund = CreateRefund::new(charge.clone(), usd("5.00"), refund_key.clone());
    let first = m.call(&refund).unwrap();
    let second = m.call(&refund).unwrap();
    assert_eq!(
        first.refund_id, second.refund_id,
        "replayed, not refunded twice"
    );
    assert_eq!(m.sandbox.counts().refunds, 1);
    // The same key with another body.
    let other = CreateRefund::new(charge, usd("6.00"), refund_key);
    let err = m.call(&other).unwrap_err();
    assert_eq!(
        (err.status(), code(&err)),
        (400, "DuplicateIdempotencyKey".into())
    );
    let _ = key;
}

#[test]
fn a_money_call_without_a_key_is_refused() {
    let mut m = Merchant::new();
    let completed = m
        .completed(PaymentIntent::Authorize, "30.00", VISA, false)
        .unwrap();
    let charge = completed.charge_id.unwrap();
    let body = br#"{"captureAmount":{"amount":"30.00","currencyCode":"USD"}}"#;
    let request = UnsignedRequest::new(Method::Post, format!("/charges/{charge}/capture"))
        .with_body(&body[..]);
    let answer = m.send(&request);
    let err = amazon_pay_core::operation::ApiError::from_response(&answer);
    assert_eq!((err.status(), code(&err)), (400, "MissingHeader".into()));
    assert!(err.message().unwrap().contains("x-amz-pay-idempotency-key"));
    // Nothing was captured.
    let charge = m.call(&GetCharge::new(charge)).unwrap();
    assert_eq!(charge.state(), Some(&ChargeState::Authorized));
}

#[test]
fn pending_cards_resolve_after_30_seconds() {
    let mut m = Merchant::new();
    let completed = m
        .completed(
            PaymentIntent::Authorize,
            "20.00",
            TestPaymentMethod::PendingThenAuthorized,
            true,
        )
        .unwrap();
    let charge = completed.charge_id.unwrap();
    let get = GetCharge::new(charge.clone());
    assert_eq!(
        m.call(&get).unwrap().state(),
        Some(&ChargeState::AuthorizationInitiated)
    );
    m.wait(29);
    assert_eq!(
        m.call(&get).unwrap().state(),
        Some(&ChargeState::AuthorizationInitiated)
    );
    m.wait(1);
    assert_eq!(
        m.call(&get).unwrap().state(),
        Some(&ChargeState::Authorized)
    );

    let completed = m
        .completed(
            PaymentIntent::Authorize,
            "20.00",
            TestPaymentMethod::PendingThenDeclined,
            true,
        )
        .unwrap();
    let get = GetCharge::new(completed.charge_id.unwrap());
    let now = m.now;
    m.sandbox.advance(now, Duration::seconds(30));
    let declined = m.call(&get).unwrap();
    assert_eq!(declined.state(), Some(&ChargeState::Declined));
    assert_eq!(
        declined.status_details.unwrap().reason_code,
        Some(ChargeReasonCode::HardDeclined)
    );
}

#[test]
fn a_pending_card_without_pending_allowed_times_out() {
    let mut m = Merchant::new();
    let err = m
        .completed(
            PaymentIntent::Authorize,
            "20.00",
            TestPaymentMethod::PendingThenAuthorized,
            false,
        )
        .unwrap_err();
    assert_eq!(
        (err.status(), code(&err)),
        (422, "TransactionTimedOut".into())
    );
}

#[test]
fn cards_that_cancel_or_decline_the_session() {
    for (method, reason) in [
        (
            TestPaymentMethod::BuyerCanceled,
            CheckoutSessionReasonCode::BuyerCanceled,
        ),
        (
            TestPaymentMethod::Declined,
            CheckoutSessionReasonCode::Declined,
        ),
    ] {
        let mut m = Merchant::new();
        let id = m.session(PaymentIntent::Authorize, "20.00", false);
        m.sandbox
            .buyer_approves(m.now, id.as_str(), method)
            .unwrap();
        let session = m.call(&GetCheckoutSession::new(id.clone())).unwrap();
        assert_eq!(session.state(), Some(&CheckoutSessionState::Canceled));
        assert_eq!(session.status_details.unwrap().reason_code, Some(reason));
        let err = m
            .call(&CompleteCheckoutSession::new(id, usd("20.00")))
            .unwrap_err();
        assert_eq!(code(&err), "InvalidCheckoutSessionStatus");
    }
}

fn with_code<O: ApiOperation>(
    m: &mut Merchant,
    op: &O,
    simulation: &str,
) -> amazon_pay_core::operation::Response {
    let request = op
        .into_request(&m.config)
        .unwrap()
        .with_header("x-amz-pay-simulation-code", simulation);
    m.send(&request)
}

#[test]
fn simulation_codes_on_their_operations_and_elsewhere() {
    let mut m = Merchant::new();
    // On an operation that takes none.
    let answer = with_code(&mut m, &GetCheckoutSession::new("x"), "BuyerCanceled");
    let err = amazon_pay_core::operation::ApiError::from_response(&answer);
    assert_eq!(
        (err.status(), code(&err)),
        (400, "InvalidSandboxSimulationSpecified".into())
    );

    // Complete with BuyerCanceled.
    let id = m.session(PaymentIntent::Authorize, "20.00", false);
    m.sandbox.buyer_approves(m.now, id.as_str(), VISA).unwrap();
    let answer = with_code(
        &mut m,
        &CompleteCheckoutSession::new(id.clone(), usd("20.00")),
        "BuyerCanceled",
    );
    let err = amazon_pay_core::operation::ApiError::from_response(&answer);
    assert_eq!(code(&err), "CheckoutSessionCanceled");
    let session = m.call(&GetCheckoutSession::new(id)).unwrap();
    assert_eq!(session.state(), Some(&CheckoutSessionState::Canceled));

    // Capture with CaptureInitiated: Captured 30 s later.
    let completed = m
        .completed(PaymentIntent::Authorize, "20.00", VISA, false)
        .unwrap();
    let charge = completed.charge_id.unwrap();
    let key = m.key();
    let answer = with_code(
        &mut m,
        &CaptureCharge::new(charge.clone(), usd("20.00"), key),
        "CaptureInitiated",
    );
    assert_eq!(answer.status(), 200);
    let get = GetCharge::new(charge);
    assert_eq!(
        m.call(&get).unwrap().state(),
        Some(&ChargeState::CaptureInitiated)
    );
    m.wait(30);
    assert_eq!(m.call(&get).unwrap().state(), Some(&ChargeState::Captured));

    // Create Charge with SoftDeclined.
    let completed = m
        .completed(PaymentIntent::Confirm, "20.00", VISA, false)
        .unwrap();
    let key = m.key();
    let create = CreateCharge::new(completed.charge_permission_id.unwrap(), usd("5.00"), key);
    let answer = with_code(&mut m, &create, "SoftDeclined");
    let err = amazon_pay_core::operation::ApiError::from_response(&answer);
    assert_eq!((err.status(), code(&err)), (422, "SoftDeclined".into()));
    let _ = IdempotencyKey::parse("x");
}

#[test]
fn sessions_expire_after_24_hours_and_are_deleted_after_30_days() {
    let mut m = Merchant::new();
    let id = m.session(PaymentIntent::Authorize, "20.00", false);
    let now = m.now;
    m.sandbox.advance(now, Duration::hours(24));
    let session = m.call(&GetCheckoutSession::new(id.clone())).unwrap();
    assert_eq!(session.state(), Some(&CheckoutSessionState::Canceled));
    assert_eq!(
        session.status_details.unwrap().reason_code,
        Some(CheckoutSessionReasonCode::Expired)
    );
    m.sandbox.advance(now, Duration::days(30));
    let err = m.call(&GetCheckoutSession::new(id)).unwrap_err();
    assert_eq!((err.status(), code(&err)), (404, "ResourceNotFound".into()));
    assert_eq!(m.sandbox.counts().sessions, 0);
}
