//! The rule book agrees with Amazon, second half (see `rule_book.rs` for the
//! first): the spec's cross-object rules, time does not run backwards,
//! decoding edge cases, persistence, the status view and typed errors.

use amazon_pay_core::Operation;
use amazon_pay_core::lifecycle::{
    ChargeCreation, ChargeEvent, ChargeLifecycle, ChargePermissionLifecycle,
    CheckoutSessionLifecycle, Ledger, LifecycleError, ObjectEvent, ObjectKind, ObjectState,
    Reasons, RefundLifecycle, Remedy, RuleViolation,
};
use amazon_pay_core::model;
use amazon_pay_core::model::{
    ChargePermissionId, ChargePermissionReasonCode as CPR, ChargePermissionState as CPS,
    ChargePermissionType, ChargeReasonCode as CR, ChargeState as CS, CheckoutSessionState as SS,
    RefundId,
};
use amazon_pay_core::{ApiVersion, Currency, Price, Region};

use crate::support::*;

// ------------------------------------------------------------------ 7. the spec's rules

#[test]
fn a_pending_authorization_makes_the_permission_non_chargeable() {
    let mut ledger = ledger(usd(100_00), ApiVersion::V2);
    ledger
        .create_charge(
            charge_id(1),
            usd(10_00),
            ChargeCreation::AuthorizePending,
            t0(),
        )
        .unwrap();
    let permission = ledger.permission();
    assert_eq!(permission.state(), &CPS::NonChargeable);
    assert!(permission.reasons().contains(&CPR::ChargeInProgress));
    assert!(permission.is_predicted());
    match ledger.check_create_charge(&usd(1_00), t0()).unwrap_err() {
        LifecycleError::OperationNotAllowed(refused) => {
            assert_eq!(refused.operation, Operation::CreateCharge);
            assert_eq!(
                refused.state,
                ObjectState::ChargePermission(CPS::NonChargeable)
            );
            assert_eq!(refused.reasons, vec!["ChargeInProgress".to_owned()]);
        }
        other => panic!("{other}"),
    }
    // The authorization finishes: the permission is Chargeable again.
    ledger
        .observe_charge(&charge_report(1, CS::Authorized, Some(at(600))))
        .unwrap();
    assert_eq!(ledger.permission().state(), &CPS::Chargeable);
    assert!(ledger.check_create_charge(&usd(1_00), at(600)).is_ok());
}

#[test]
fn a_hard_decline_makes_the_permission_non_chargeable_until_amazon_says_otherwise() {
    // An authorization hard-declined at once, and one that was pending.
    for creation in [ChargeCreation::Authorize, ChargeCreation::AuthorizePending] {
        let mut ledger = ledger(usd(100_00), ApiVersion::V2);
        ledger
            .create_charge(charge_id(1), usd(10_00), creation, t0())
            .unwrap();
        let mut declined = charge_report(1, CS::Declined, Some(at(60)));
        declined.status_details.as_mut().unwrap().reason_code = Some(CR::HardDeclined);
        ledger.observe_charge(&declined).unwrap();
        let permission = ledger.permission();
        assert_eq!(permission.state(), &CPS::NonChargeable, "{creation:?}");
        assert!(permission.reasons().contains(&CPR::PaymentMethodInvalid));
        assert!(!permission.reasons().contains(&CPR::ChargeInProgress));
        assert!(permission.is_predicted());
        // Create Charge is refused, with what to do.
        let refused = ledger.check_create_charge(&usd(1_00), at(60)).unwrap_err();
        match &refused {
            LifecycleError::OperationNotAllowed(refused) => {
                assert_eq!(refused.remedy, Some(Remedy::UpdatePaymentMethod));
            }
            other => panic!("{other}"),
        }
        assert!(
            refused.to_string().contains("update the payment method"),
            "{refused}"
        );
        let status = ledger.status(at(60));
        assert!(
            !status
                .permission
                .allowed_operations
                .contains(&Operation::CreateCharge)
        );
        // Amazon reports the permission Chargeable again (the buyer fixed it).
        ledger
            .observe_permission(&permission_report(CPS::Chargeable, None, at(120)))
            .unwrap();
        assert!(ledger.check_create_charge(&usd(1_00), at(120)).is_ok());
    }
    // A hard-declined capture (an asynchronous one) does the same.
    let mut ledger = ledger(usd(100_00), ApiVersion::V2);
    ledger
        .create_charge(charge_id(1), usd(10_00), ChargeCreation::Authorize, t0())
        .unwrap();
    ledger
        .observe_charge(&charge_report(1, CS::CaptureInitiated, Some(at(60))))
        .unwrap();
    let mut declined = charge_report(1, CS::Declined, Some(at(120)));
    declined.status_details.as_mut().unwrap().reason_code = Some(CR::HardDeclined);
    ledger.observe_charge(&declined).unwrap();
    assert_eq!(ledger.permission().state(), &CPS::NonChargeable);
    assert!(ledger.check_create_charge(&usd(1_00), at(120)).is_err());
}

#[test]
fn an_unknown_captured_amount_is_not_zero_and_refunds_wait_for_get_charge() {
    let mut ledger = ledger(usd(100_00), ApiVersion::V2);
    ledger
        .create_charge(charge_id(1), usd(10_00), ChargeCreation::Authorize, t0())
        .unwrap();
    // Amazon reports Captured, its captureAmount all nulls.
    let report: model::Charge = serde_json::from_str(&format!(
        r#"{{"chargeId":"{}","chargeAmount":{{"amount":"10.00","currencyCode":"USD"}},
            "captureAmount":{{"amount":null,"currencyCode":null}},
            "statusDetails":{{"state":"Captured","lastUpdatedTimestamp":"20240301T100100Z"}}}}"#,
        charge_id(1)
    ))
    .unwrap();
    assert_eq!(report.capture_amount, None);
    ledger.observe_charge(&report).unwrap();
    let now = at(120);
    let status = &ledger.status(now).charges[0].status;
    assert_eq!(status.state, CS::Captured);
    assert_eq!(status.refundable, None, "unknown, not zero");
    assert!(!status.allowed_operations.contains(&Operation::CreateRefund));
    // The call agrees, and says what to do.
    let refused = ledger
        .check_refund(&charge_id(1), &usd(1_00), now)
        .unwrap_err();
    match &refused {
        LifecycleError::OperationNotAllowed(refused) => {
            assert_eq!(refused.remedy, Some(Remedy::GetChargeFirst));
        }
        other => panic!("{other}"),
    }
    assert!(
        refused.to_string().contains("Get Charge first"),
        "{refused}"
    );
    // The charge alone says the same.
    let charge = ledger.charge(&charge_id(1)).unwrap().lifecycle();
    assert_eq!(charge.status(now).refundable, None);
    assert!(charge.require(Operation::CreateRefund, now).is_err());
    // Get Charge tells the amount: refunds up to 11.50.
    let mut fresh = report.clone();
    fresh.capture_amount = Some(usd(10_00));
    fresh
        .status_details
        .as_mut()
        .unwrap()
        .last_updated_timestamp = Some(at(90));
    ledger.observe_charge(&fresh).unwrap();
    assert_eq!(
        ledger.status(now).charges[0].status.refundable,
        Some(usd(11_50))
    );
    assert!(ledger.check_refund(&charge_id(1), &usd(11_50), now).is_ok());
    assert!(
        ledger
            .check_refund(&charge_id(1), &usd(11_51), now)
            .is_err()
    );
}

#[test]
fn an_amazon_rejected_decline_closes_the_permission() {
    let mut ledger = ledger(usd(100_00), ApiVersion::V2);
    ledger
        .create_charge(charge_id(1), usd(10_00), ChargeCreation::Authorize, t0())
        .unwrap();
    let mut declined = charge_report(1, CS::Declined, None);
    declined.status_details.as_mut().unwrap().reason_code = Some(CR::AmazonRejected);
    ledger.observe_charge(&declined).unwrap();
    assert_eq!(ledger.permission().state(), &CPS::Closed);
    assert!(ledger.permission().reasons().contains(&CPR::AmazonCanceled));
    assert!(ledger.check_create_charge(&usd(1_00), t0()).is_err());
    // A soft decline does not.
    let mut other = self::ledger(usd(100_00), ApiVersion::V2);
    other
        .create_charge(charge_id(1), usd(10_00), ChargeCreation::Authorize, t0())
        .unwrap();
    let mut soft = charge_report(1, CS::Declined, None);
    soft.status_details.as_mut().unwrap().reason_code = Some(CR::SoftDeclined);
    other.observe_charge(&soft).unwrap();
    assert_eq!(other.permission().state(), &CPS::Chargeable);
}

#[test]
fn currencies_follow_the_region_and_caps_cannot_be_escaped() {
    let recurring = |region| {
        let permission = ChargePermissionLifecycle::chargeable(
            ChargePermissionType::Recurring,
            t0(),
            ApiVersion::V2,
        );
        Ledger::new(ChargePermissionId::from("S01-1"), permission, region)
    };
    let eur = Price::from_minor_units(5_000_00, Currency::Eur);
    assert_eq!(
        recurring(Region::Na)
            .check_create_charge(&eur, t0())
            .unwrap_err(),
        LifecycleError::Rule(RuleViolation::CurrencyNotInRegion {
            region: Region::Na,
            currency: Currency::Eur
        })
    );
    assert!(
        recurring(Region::Jp)
            .check_create_charge(&usd(1_00), t0())
            .is_err()
    );
    // EU Recurring: no published cap; the merchant's own is checked.
    assert!(
        recurring(Region::Eu)
            .check_create_charge(&eur, t0())
            .is_ok()
    );
    let capped =
        recurring(Region::Eu).with_monthly_limit(Price::from_minor_units(1_000_00, Currency::Eur));
    assert!(matches!(
        capped.check_create_charge(&eur, t0()).unwrap_err(),
        LifecycleError::Rule(RuleViolation::MonthlyLimitExceeded { .. })
    ));
}

// ------------------------------------------------------------------ 8. time

#[test]
fn an_event_dated_before_what_the_object_knows_is_refused() {
    let pending = ChargeLifecycle::authorization_initiated(usd(10_00), t0());
    let authorized = pending.authorization_succeeded(at(3_600)).unwrap();
    let refused = authorized
        .clone()
        .capture_requested(usd(10_00), at(1_800))
        .unwrap_err();
    assert_eq!(
        refused.error,
        LifecycleError::TimeWentBackwards {
            object: ObjectKind::Charge,
            at: at(1_800),
            known: at(3_600)
        }
    );
    assert_eq!(refused.lifecycle, authorized);
    let mut ledger = ledger(usd(100_00), ApiVersion::V2);
    ledger
        .create_charge(charge_id(1), usd(10_00), ChargeCreation::Authorize, at(600))
        .unwrap();
    let before = ledger.clone();
    assert!(matches!(
        ledger
            .capture(&charge_id(1), usd(10_00), at(300))
            .unwrap_err(),
        LifecycleError::TimeWentBackwards { .. }
    ));
    assert_eq!(ledger, before);
}

// ------------------------------------------------------------------ 9. decoding

#[test]
fn a_price_of_nulls_is_absent_and_half_a_price_is_an_error() {
    let charge: model::Charge = serde_json::from_str(
        r#"{"chargeId": "C", "captureAmount": {"amount": null, "currencyCode": null},
            "refundedAmount": {}, "chargeAmount": {"amount": "1.00", "currencyCode": "USD"}}"#,
    )
    .unwrap();
    assert_eq!(charge.capture_amount, None);
    assert_eq!(charge.refunded_amount, None);
    assert_eq!(charge.charge_amount, Some(usd(1_00)));
    let err = serde_json::from_str::<model::Charge>(
        r#"{"captureAmount": {"amount": "1.00", "currencyCode": null}}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("currencyCode") && err.contains("missing or null"),
        "{err}"
    );
    assert!(!err.contains("empty"), "{err}");
}

#[test]
fn an_array_is_never_read_as_an_object_by_position() {
    for json in [
        r#"{"chargeAmount": ["1.00", "USD"]}"#,
        r#"{"statusDetails": ["Authorized", null, null, null]}"#,
        r#"{"merchantMetadata": ["order-1"]}"#,
    ] {
        assert!(
            serde_json::from_str::<model::Charge>(json).is_err(),
            "{json}"
        );
    }
    assert!(serde_json::from_str::<model::Charge>(r#"["C-1", "P-1"]"#).is_err());
    assert!(serde_json::from_str::<Price>(r#"["1.00", "USD"]"#).is_err());
    assert!(
        serde_json::from_str::<model::ChargePermission>(r#"{"statusDetails": ["Chargeable"]}"#)
            .is_err()
    );
}

#[test]
fn a_null_string_in_shipping_address_list_is_skipped() {
    let session: model::CheckoutSession = serde_json::from_str(
        r#"{"shippingAddressList": ["null", null, "{\"addressId\": \"A1\"}"]}"#,
    )
    .unwrap();
    let list = session.shipping_address_list.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].address_id.as_deref(), Some("A1"));
}

// ------------------------------------------------------------------ 10. persistence

#[test]
fn lifecycles_and_reasons_round_trip_with_a_format_version() {
    let charge = ChargeLifecycle::authorized(usd(10_00), t0())
        .observe(&charge_report(1, unknown_charge(), Some(at(60))))
        .unwrap()
        .lifecycle;
    let json = serde_json::to_value(&charge).unwrap();
    assert_eq!(json["formatVersion"], 1);
    assert_eq!(json["chargeAmount"]["amount"], "10.00");
    assert_eq!(
        serde_json::from_value::<ChargeLifecycle>(json).unwrap(),
        charge
    );
    let permission = ChargePermissionLifecycle::chargeable(
        ChargePermissionType::Recurring,
        t0(),
        ApiVersion::V1,
    )
    .non_chargeable(CPR::Unknown("NewReason".into()), at(1))
    .unwrap()
    .advance(at(400 * DAY));
    let text = serde_json::to_string(&permission).unwrap();
    assert_eq!(
        serde_json::from_str::<ChargePermissionLifecycle>(&text).unwrap(),
        permission
    );
    let session = CheckoutSessionLifecycle::created(t0(), ApiVersion::V2);
    let text = serde_json::to_string(&session).unwrap();
    assert_eq!(
        serde_json::from_str::<CheckoutSessionLifecycle>(&text).unwrap(),
        session
    );
    let refund = RefundLifecycle::initiated(usd(1_00), t0())
        .refunded()
        .unwrap();
    let text = serde_json::to_string(&refund).unwrap();
    assert_eq!(
        serde_json::from_str::<RefundLifecycle>(&text).unwrap(),
        refund
    );
    let reasons: Reasons = serde_json::from_str(r#"["ChargeInProgress", "Mystery"]"#).unwrap();
    assert!(reasons.contains(&CPR::ChargeInProgress));
    assert_eq!(
        serde_json::to_string(&reasons).unwrap(),
        r#"["ChargeInProgress","Mystery"]"#
    );
    // Another version is refused with a message naming it.
    let mut json = serde_json::to_value(&session).unwrap();
    json["formatVersion"] = 2.into();
    let err = serde_json::from_value::<CheckoutSessionLifecycle>(json)
        .unwrap_err()
        .to_string();
    assert!(err.contains("formatVersion 2"), "{err}");
}

// ------------------------------------------------------------------ 11. one question, one answer

#[test]
fn the_ledger_says_what_may_be_done_until_when_and_how_much() {
    let mut ledger = ledger(usd(100_00), ApiVersion::V2);
    ledger
        .create_charge(charge_id(1), usd(40_00), ChargeCreation::Authorize, t0())
        .unwrap();
    ledger
        .create_charge(charge_id(2), usd(20_00), ChargeCreation::CaptureNow, t0())
        .unwrap();
    let status = ledger.status(at(60));
    assert_eq!(status.permission.state, CPS::Chargeable);
    assert!(
        status
            .permission
            .allowed_operations
            .contains(&Operation::CreateCharge)
    );
    assert_eq!(status.permission.chargeable, Some(usd(40_00)));
    assert_eq!(status.charges_left, Some(23));
    let permission_change = status.permission.next_change.unwrap();
    assert_eq!(permission_change.at, at(180 * DAY));
    let authorized = &status.charges[0].status;
    assert_eq!(authorized.capturable, Some(usd(40_00)));
    assert_eq!(authorized.refundable, Some(usd(0)));
    assert_eq!(authorized.next_change.as_ref().unwrap().at, at(30 * DAY));
    assert_eq!(
        authorized.next_change.as_ref().unwrap().reason,
        Some(CR::ExpiredUnused)
    );
    let captured = &status.charges[1].status;
    assert_eq!(captured.capturable, Some(usd(0)));
    assert_eq!(captured.refundable, Some(usd(23_00)));
    assert_eq!(
        captured.allowed_operations,
        vec![Operation::GetCharge, Operation::CreateRefund]
    );
    // 31 days later: the authorization has expired (predicted), its share is free.
    let later = ledger.status(at(31 * DAY));
    assert_eq!(later.charges[0].status.state, CS::Canceled);
    assert!(later.charges[0].status.predicted);
    assert_eq!(later.permission.chargeable, Some(usd(80_00)));
    // And every lifecycle answers the same question on its own.
    let charge = ChargeLifecycle::authorized(usd(5_00), t0());
    assert_eq!(
        charge.allowed_operations(at(30 * DAY)),
        [Operation::GetCharge]
    );
    assert_eq!(charge.status(t0()).capturable, Some(usd(5_00)));
}

// ------------------------------------------------------------------ 12. typed errors

#[test]
fn errors_carry_typed_states_events_and_remedies() {
    let captured = ChargeLifecycle::captured_at_creation(usd(10_00), t0());
    match captured.capture_requested(usd(1), t0()).unwrap_err().error {
        LifecycleError::IllegalTransition(illegal) => {
            assert_eq!(illegal.state, ObjectState::Charge(CS::Captured));
            assert_eq!(
                illegal.event,
                ObjectEvent::Charge(ChargeEvent::CaptureRequested(usd(1)))
            );
            assert!(illegal.allowed.is_empty());
        }
        other => panic!("{other}"),
    }
    let mut ledger = ledger(usd(100_00), ApiVersion::V2);
    ledger
        .create_charge(charge_id(1), usd(10_00), ChargeCreation::CaptureNow, t0())
        .unwrap();
    assert_eq!(
        ledger
            .create_charge(charge_id(1), usd(10_00), ChargeCreation::CaptureNow, t0())
            .unwrap_err(),
        LifecycleError::DuplicateId {
            object: ObjectKind::Charge,
            id: charge_id(1).to_string()
        }
    );
    ledger
        .refund(&charge_id(1), RefundId::from("R1"), usd(1_00), t0())
        .unwrap();
    assert!(matches!(
        ledger
            .refund(&charge_id(1), RefundId::from("R1"), usd(1_00), t0())
            .unwrap_err(),
        LifecycleError::DuplicateId {
            object: ObjectKind::Refund,
            ..
        }
    ));
    // An expired session says so, when, and what to do instead.
    let session = CheckoutSessionLifecycle::created(t0(), ApiVersion::V2);
    match session.require(Operation::CompleteCheckoutSession, at(DAY)) {
        Err(LifecycleError::Expired(expired)) => {
            assert_eq!(expired.object, ObjectKind::CheckoutSession);
            assert_eq!(expired.at, Some(at(DAY)));
            assert_eq!(expired.remedy, Remedy::NewCheckoutSession);
            let text = LifecycleError::Expired(expired).to_string();
            assert!(text.contains("new Checkout Session"), "{text}");
        }
        other => panic!("{other:?}"),
    }
    // Amazon's own report of an expiry is not a prediction.
    let mut report = model::CheckoutSession::default();
    let mut status = model::CheckoutSessionStatusDetails::with_state(SS::Canceled);
    status.reason_code = Some(model::CheckoutSessionReasonCode::Expired);
    report.status_details = Some(status);
    report.creation_timestamp = Some(t0());
    let canceled = CheckoutSessionLifecycle::from_model(&report, ApiVersion::V2).unwrap();
    match canceled.require(Operation::UpdateCheckoutSession, at(2 * DAY)) {
        Err(LifecycleError::Expired(expired)) => assert!(!expired.predicted),
        other => panic!("{other:?}"),
    }
}
