//! The rule book hands out operations: refused calls produce no request,
//! allowed ones give the typed operation, and Amazon's answer (or error) is
//! fed back.

use amazon_pay_core::lifecycle::{
    ChargeCreation, ChargePermissionLifecycle, CheckoutSessionLifecycle, Ledger, LifecycleError,
    Observation, RuleViolation,
};
use amazon_pay_core::model;
use amazon_pay_core::model::{
    ChargeId, ChargePermissionId, ChargePermissionType, ChargeState, CheckoutSessionId, RefundId,
    RefundState,
};
use amazon_pay_core::operation::{ApiError, ApiOperation, Response};
use amazon_pay_core::{
    ApiVersion, Config, Currency, Error, IdempotencyKey, Price, PublicKeyId, Region, Timestamp,
};

fn t0() -> Timestamp {
    Timestamp::parse("20240301T100000Z").unwrap()
}

fn usd(cents: u64) -> Price {
    Price::from_minor_units(cents, Currency::Usd)
}

fn key(n: u8) -> IdempotencyKey {
    IdempotencyKey::parse(&format!("key-{n}")).unwrap()
}

fn ledger() -> (Ledger, ChargeId) {
    let permission =
        ChargePermissionLifecycle::chargeable(ChargePermissionType::OneTime, t0(), ApiVersion::V2)
            .with_limits(Some(usd(100_00)), None);
    let mut ledger = Ledger::new(ChargePermissionId::from("S01-1"), permission, Region::Na);
    let charge = ChargeId::from("S01-1-C1");
    ledger
        .create_charge(charge.clone(), usd(40_00), ChargeCreation::Authorize, t0())
        .unwrap();
    (ledger, charge)
}

fn config() -> Config {
    Config::new(
        Region::Na,
        PublicKeyId::parse("SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B").unwrap(),
    )
}

fn charge_json(state: &str, captured: Option<&str>) -> Vec<u8> {
    let mut body = serde_json::json!({
        "chargeId": "S01-1-C1",
        "chargePermissionId": "S01-1",
        "chargeAmount": {"amount": "40.00", "currencyCode": "USD"},
        "statusDetails": {"state": state, "lastUpdatedTimestamp": "20240301T100500Z"},
    });
    if let Some(amount) = captured {
        body["captureAmount"] = serde_json::json!({"amount": amount, "currencyCode": "USD"});
    }
    serde_json::to_vec(&body).unwrap()
}

#[test]
fn refused_calls_produce_no_request() {
    let (ledger, charge) = ledger();
    assert_eq!(
        ledger
            .request_capture(&charge, usd(40_01), key(1), t0())
            .unwrap_err(),
        LifecycleError::Rule(RuleViolation::CaptureExceedsAuthorization {
            capture: usd(40_01),
            authorized: usd(40_00)
        })
    );
    assert!(
        ledger
            .request_refund(&charge, usd(1), key(2), t0())
            .is_err()
    );
    assert!(ledger.request_charge(usd(60_01), key(3), t0()).is_err());
    let charge_op = ledger.request_charge(usd(60_00), key(4), t0()).unwrap();
    let request = charge_op.into_request(&config()).unwrap();
    assert_eq!(request.path(), "/charges");
    assert_eq!(request.idempotency_key(), Some(&key(4)));
    assert!(
        ledger
            .request_cancel(&charge, "changed my mind", t0())
            .is_ok()
    );
    assert!(ledger.request_close("done", true, t0()).is_ok());
}

#[test]
fn answers_update_the_ledger_and_errors_change_nothing() {
    let (mut ledger, charge) = ledger();
    let capture = ledger
        .request_capture(&charge, usd(40_00), key(1), t0())
        .unwrap();
    // An error: nothing changes, the error comes back.
    let before = ledger.clone();
    let failed = capture.decode(&Response::new(
        503,
        br#"{"reasonCode":"ServiceUnavailable"}"#.to_vec(),
    ));
    let err = Error::from(ledger.charge_answered(failed.as_ref()).unwrap_err());
    assert!(
        matches!(err, Error::Api(ref api) if api.is_retryable()),
        "{err}"
    );
    assert_eq!(ledger, before);
    // Success: the charge is Captured.
    let answer = capture.decode(&Response::new(200, charge_json("Captured", Some("40.00"))));
    let observation = ledger.charge_answered(answer.as_ref()).unwrap();
    assert_eq!(
        observation,
        Observation::Applied {
            from: ChargeState::Authorized,
            to: ChargeState::Captured
        }
    );
    // A refund, answered. Amazon's report is dated by Amazon's clock, ahead
    // of the merchant's: the merchant's call at its own time is not refused
    // for it (only the merchant's own earlier events are).
    assert!(
        ledger
            .request_refund(&charge, usd(10_00), key(2), t0())
            .is_ok()
    );
    let later = Timestamp::parse("20240301T101000Z").unwrap();
    let refund = ledger
        .request_refund(&charge, usd(10_00), key(2), later)
        .unwrap();
    let body = serde_json::json!({
        "refundId": "S01-1-R1", "chargeId": "S01-1-C1",
        "refundAmount": {"amount": "10.00", "currencyCode": "USD"},
        "statusDetails": {"state": "RefundInitiated"}
    });
    let answer = refund.decode(&Response::new(201, serde_json::to_vec(&body).unwrap()));
    ledger.refund_answered(answer.as_ref()).unwrap();
    assert_eq!(ledger.refund_ids(&charge), vec![RefundId::from("S01-1-R1")]);
    assert_eq!(
        ledger.charge(&charge).unwrap().refunds()[0]
            .lifecycle()
            .state(),
        &RefundState::RefundInitiated
    );
    // An answer that contradicts the rule book is refused, not applied.
    let stale_answer: Result<model::Charge, ApiError> =
        serde_json::from_slice(&charge_json("Authorized", None)).map_err(|_| unreachable!());
    assert!(ledger.charge_answered(stale_answer.as_ref()).is_err());
}

#[test]
fn complete_is_handed_out_by_the_session() {
    let session = CheckoutSessionLifecycle::created(t0(), ApiVersion::V2);
    let id = CheckoutSessionId::from("s-1");
    assert!(matches!(
        session
            .request_complete(id.clone(), &usd(14_00), usd(14_01), t0())
            .unwrap_err(),
        LifecycleError::Rule(RuleViolation::AmountMismatch { .. })
    ));
    let later = Timestamp::parse("20240302T100000Z").unwrap();
    assert!(matches!(
        session
            .request_complete(id.clone(), &usd(14_00), usd(14_00), later)
            .unwrap_err(),
        LifecycleError::Expired(_)
    ));
    let complete = session
        .request_complete(id, &usd(14_00), usd(14_00), t0())
        .unwrap();
    assert_eq!(
        complete.into_request(&config()).unwrap().path(),
        "/checkoutSessions/s-1/complete"
    );
}
