//! The rule book agrees with Amazon: one group of tests per point of the
//! rule-book issue. This half: final states stay final also through unknown
//! states, Amazon's timestamps and amounts win, a local expiry is a
//! prediction, reports are ordered, a refusal changes nothing. The other
//! half is `rule_book_rules.rs`.

use amazon_pay_core::Operation;
use amazon_pay_core::lifecycle::{
    ChargeCreation, ChargeLifecycle, ChargePermissionLifecycle, CheckoutSessionLifecycle,
    DeadlineBasis, Ledger, LifecycleError, ObjectKind, ObjectState, Observation, RefundLifecycle,
    RuleViolation,
};
use amazon_pay_core::model;
use amazon_pay_core::model::{
    ChargePermissionId, ChargePermissionReasonCode as CPR, ChargePermissionState as CPS,
    ChargePermissionType, ChargeReasonCode as CR, ChargeState as CS, CheckoutSessionState as SS,
    RefundId, RefundReasonCode as RR, RefundState as RS,
};
use amazon_pay_core::{ApiVersion, Currency, Price, Region, Timestamp};

use crate::support::*;

// ------------------------------------------------------------------ 1. final stays final

#[test]
fn captured_then_unknown_then_authorized_is_refused_and_no_second_capture() {
    let mut ledger = ledger(usd(100_00), ApiVersion::V2);
    ledger
        .create_charge(charge_id(1), usd(10_00), ChargeCreation::Authorize, t0())
        .unwrap();
    ledger.capture(&charge_id(1), usd(10_00), t0()).unwrap();
    let observation = ledger
        .observe_charge(&charge_report(1, unknown_charge(), None))
        .unwrap();
    assert_eq!(
        observation,
        Observation::UnknownState {
            reported: unknown_charge(),
            last_known: Some(CS::Captured)
        }
    );
    let before = ledger.clone();
    let err = ledger
        .observe_charge(&charge_report(1, CS::Authorized, None))
        .unwrap_err();
    assert_eq!(
        err,
        LifecycleError::ImpossibleObservation {
            from: ObjectState::Charge(CS::Captured),
            to: ObjectState::Charge(CS::Authorized)
        }
    );
    assert_eq!(ledger, before, "a refused report changes nothing");
    assert!(ledger.capture(&charge_id(1), usd(10_00), at(60)).is_err());
    let charge = ledger.charge(&charge_id(1)).unwrap().lifecycle();
    assert_eq!(charge.last_known_state(), Some(&CS::Captured));
    assert!(charge.is_final());
}

#[test]
fn no_path_through_an_unknown_state_reopens_a_final_one() {
    let finals = [
        ChargeLifecycle::captured_at_creation(usd(10_00), t0()),
        ChargeLifecycle::authorized(usd(10_00), t0())
            .cancel_requested(t0())
            .unwrap(),
        ChargeLifecycle::authorization_initiated(usd(10_00), t0())
            .authorization_declined(CR::HardDeclined, t0())
            .unwrap(),
    ];
    for charge in finals {
        let final_state = charge.state().clone();
        let unknown = charge
            .observe(&charge_report(1, unknown_charge(), None))
            .unwrap()
            .lifecycle;
        for reported in CS::KNOWN.iter().filter(|s| **s != final_state) {
            let refused = unknown
                .clone()
                .observe(&charge_report(1, reported.clone(), None))
                .unwrap_err();
            assert!(
                matches!(refused.error, LifecycleError::ImpossibleObservation { .. }),
                "{final_state} -> unknown -> {reported}: {}",
                refused.error
            );
            assert_eq!(refused.lifecycle, unknown, "given back unchanged");
        }
    }
    // Refunds: Declined and Refunded.
    for state in [RS::Declined, RS::Refunded] {
        let refund = RefundLifecycle::initiated(usd(5_00), t0());
        let refund = match state {
            RS::Declined => refund.declined(RR::AmazonRejected).unwrap(),
            _ => refund.refunded().unwrap(),
        };
        let unknown = refund
            .observe(&refund_report(
                1,
                "R",
                RS::Unknown("Later".into()),
                usd(5_00),
            ))
            .unwrap()
            .lifecycle;
        for reported in RS::KNOWN.iter().filter(|s| **s != state) {
            assert!(
                unknown
                    .clone()
                    .observe(&refund_report(1, "R", reported.clone(), usd(5_00)))
                    .is_err(),
                "{state} -> unknown -> {reported}"
            );
        }
    }
    // Checkout Sessions: Completed and Canceled.
    for session in [
        CheckoutSessionLifecycle::created(t0(), ApiVersion::V2)
            .completed(t0())
            .unwrap(),
        CheckoutSessionLifecycle::created(t0(), ApiVersion::V2)
            .buyer_canceled(t0())
            .unwrap(),
    ] {
        let state = session.state().clone();
        let report = |s: SS| {
            let mut report = model::CheckoutSession::default();
            report.status_details = Some(model::CheckoutSessionStatusDetails::with_state(s));
            report
        };
        let unknown = session
            .observe(&report(SS::Unknown("Paused".into())))
            .unwrap()
            .lifecycle;
        for reported in SS::KNOWN.iter().filter(|s| **s != state) {
            assert!(unknown.clone().observe(&report(reported.clone())).is_err());
        }
    }
    // Charge Permissions: Closed.
    let closed =
        ChargePermissionLifecycle::chargeable(ChargePermissionType::OneTime, t0(), ApiVersion::V2)
            .merchant_closed(t0())
            .unwrap();
    let unknown = closed
        .observe(&permission_report(
            CPS::Unknown("Frozen".into()),
            None,
            at(60),
        ))
        .unwrap()
        .lifecycle;
    for reported in [CPS::Chargeable, CPS::NonChargeable] {
        assert!(
            unknown
                .clone()
                .observe(&permission_report(reported, None, at(120)))
                .is_err()
        );
    }
}

// ------------------------------------------------------------------ 2. Amazon's timestamps

#[test]
fn a_session_without_creation_timestamp_does_not_restart_its_24_hours() {
    let mut report = model::CheckoutSession::default();
    report.status_details = Some(model::CheckoutSessionStatusDetails::with_state(SS::Open));
    let session = CheckoutSessionLifecycle::from_model(&report, ApiVersion::V2).unwrap();
    assert_eq!(session.created_at(), None);
    assert_eq!(session.next_change(), None, "no date, no invented deadline");
    // With Amazon's creationTimestamp: 24 hours after it, whenever it is read.
    report.creation_timestamp = Some(t0());
    let session = CheckoutSessionLifecycle::from_model(&report, ApiVersion::V2).unwrap();
    let change = session.next_change().unwrap();
    assert_eq!((change.at, change.basis), (at(DAY), DeadlineBasis::Derived));
    // Amazon's expirationTimestamp wins over the arithmetic.
    report.expiration_timestamp = Some(at(DAY - 600));
    let session = CheckoutSessionLifecycle::from_model(&report, ApiVersion::V2).unwrap();
    let change = session.next_change().unwrap();
    assert_eq!(
        (change.at, change.basis),
        (at(DAY - 600), DeadlineBasis::Amazon)
    );
    assert!(matches!(
        session.require(Operation::CompleteCheckoutSession, at(DAY - 600)),
        Err(LifecycleError::Expired(_))
    ));
}

#[test]
fn a_late_authorized_report_without_timestamp_does_not_extend_the_authorization() {
    let mut ledger = ledger(usd(100_00), ApiVersion::V2);
    ledger
        .create_charge(
            charge_id(1),
            usd(10_00),
            ChargeCreation::AuthorizePending,
            t0(),
        )
        .unwrap();
    // Read on day 29, without lastUpdatedTimestamp.
    ledger
        .observe_charge(&charge_report(1, CS::Authorized, None))
        .unwrap();
    let charge = ledger.charge(&charge_id(1)).unwrap().lifecycle();
    assert_eq!(charge.next_change().unwrap().at, at(30 * DAY));
    let err = ledger
        .capture(&charge_id(1), usd(10_00), at(45 * DAY))
        .unwrap_err();
    assert!(matches!(err, LifecycleError::Expired(_)), "{err}");
    // With Amazon's lastUpdatedTimestamp, the 30 days run from it.
    let mut ledger2 = self::ledger(usd(100_00), ApiVersion::V2);
    ledger2
        .create_charge(
            charge_id(1),
            usd(10_00),
            ChargeCreation::AuthorizePending,
            t0(),
        )
        .unwrap();
    ledger2
        .observe_charge(&charge_report(1, CS::Authorized, Some(at(DAY / 2))))
        .unwrap();
    let charge = ledger2.charge(&charge_id(1)).unwrap().lifecycle();
    assert_eq!(charge.next_change().unwrap().at, at(DAY / 2 + 30 * DAY));
}

#[test]
fn amazon_expiration_timestamp_wins_both_ways() {
    for (expires, capture_at, allowed) in [
        (at(20 * DAY), at(25 * DAY), false),
        (at(35 * DAY), at(32 * DAY), true),
    ] {
        let mut report = charge_report(1, CS::Authorized, Some(t0()));
        report.creation_timestamp = Some(t0());
        report.expiration_timestamp = Some(expires);
        let charge = ChargeLifecycle::from_model(&report).unwrap();
        let change = charge.next_change().unwrap();
        assert_eq!((change.at, change.basis), (expires, DeadlineBasis::Amazon));
        assert_eq!(
            charge.require(Operation::CaptureCharge, capture_at).is_ok(),
            allowed
        );
    }
}

#[test]
fn a_rebuilt_ledger_carries_the_same_deadlines() {
    let mut permission = model::ChargePermission::default();
    permission.charge_permission_id = Some(ChargePermissionId::from("S01-1"));
    permission.charge_permission_type = Some(ChargePermissionType::OneTime);
    permission.creation_timestamp = Some(t0());
    permission.limits = Some({
        let mut limits = model::Limits::default();
        limits.amount_limit = Some(usd(100_00));
        limits
    });
    permission.status_details = Some(model::ChargePermissionStatusDetails::with_state(
        CPS::Chargeable,
    ));
    let mut charge = charge_report(1, CS::Authorized, Some(at(3_600)));
    charge.creation_timestamp = Some(t0());
    let rebuild = || {
        let lifecycle = ChargePermissionLifecycle::from_model(&permission, ApiVersion::V2).unwrap();
        let mut ledger = Ledger::new(ChargePermissionId::from("S01-1"), lifecycle, Region::Na);
        ledger.observe_charge(&charge).unwrap();
        ledger
    };
    let deadlines = |ledger: &Ledger| {
        (
            ledger.permission().next_change().map(|c| c.at),
            ledger
                .charges()
                .iter()
                .map(|c| c.lifecycle().next_change().map(|c| c.at))
                .collect::<Vec<_>>(),
        )
    };
    let first = rebuild();
    let second = rebuild();
    assert_eq!(first, second, "rebuilding does not depend on when");
    assert_eq!(
        deadlines(&first),
        (Some(at(180 * DAY)), vec![Some(at(3_600 + 30 * DAY))])
    );
    let stored: Ledger = serde_json::from_str(&serde_json::to_string(&first).unwrap()).unwrap();
    assert_eq!(deadlines(&stored), deadlines(&first));
}

// ------------------------------------------------------------------ 3. predictions

#[test]
fn amazon_overrules_a_predicted_expiry() {
    let charge = ChargeLifecycle::authorized(usd(10_00), t0()).advance(at(31 * DAY));
    assert_eq!(charge.state(), &CS::Canceled);
    assert!(charge.is_predicted());
    let observed = charge
        .observe(&charge_report(1, CS::Captured, Some(at(29 * DAY))))
        .unwrap();
    assert_eq!(
        observed.observation,
        Observation::PredictionOverruled {
            predicted: CS::Canceled,
            reported: CS::Captured
        }
    );
    assert_eq!(observed.lifecycle.state(), &CS::Captured);
    assert!(!observed.lifecycle.is_predicted());

    let session = CheckoutSessionLifecycle::created(t0(), ApiVersion::V2).advance(at(2 * DAY));
    assert_eq!(session.state(), &SS::Canceled);
    let mut completed = model::CheckoutSession::default();
    completed.status_details = Some(model::CheckoutSessionStatusDetails::with_state(
        SS::Completed,
    ));
    let observed = session.observe(&completed).unwrap();
    assert!(matches!(
        observed.observation,
        Observation::PredictionOverruled { .. }
    ));
    assert_eq!(observed.lifecycle.state(), &SS::Completed);

    let permission =
        ChargePermissionLifecycle::chargeable(ChargePermissionType::OneTime, t0(), ApiVersion::V2)
            .advance(at(181 * DAY));
    assert_eq!(permission.state(), &CPS::Closed);
    let observed = permission
        .observe(&permission_report(CPS::Chargeable, None, at(181 * DAY)))
        .unwrap();
    assert_eq!(observed.lifecycle.state(), &CPS::Chargeable);
    // A confirmed close is not overruled.
    let closed =
        ChargePermissionLifecycle::chargeable(ChargePermissionType::OneTime, t0(), ApiVersion::V2)
            .merchant_closed(t0())
            .unwrap();
    assert!(
        closed
            .observe(&permission_report(CPS::Chargeable, None, at(60)))
            .is_err()
    );
}

#[test]
fn time_driven_events_are_refused_before_their_deadline() {
    let charge = ChargeLifecycle::authorized(usd(10_00), t0());
    let refused = charge.clone().expired(at(30 * DAY - 1)).unwrap_err();
    assert_eq!(
        refused.error,
        LifecycleError::TooEarly {
            object: ObjectKind::Charge,
            event: "expired",
            at: at(30 * DAY - 1),
            due: at(30 * DAY)
        }
    );
    assert_eq!(refused.lifecycle, charge);
    assert!(charge.expired(at(30 * DAY)).is_ok());
    let session = CheckoutSessionLifecycle::created(t0(), ApiVersion::V2);
    assert!(matches!(
        session.clone().expired(at(DAY - 1)).unwrap_err().error,
        LifecycleError::TooEarly { .. }
    ));
    assert!(session.expired(at(DAY)).is_ok());
    let permission =
        ChargePermissionLifecycle::chargeable(ChargePermissionType::OneTime, t0(), ApiVersion::V2);
    assert!(matches!(
        permission.clone().expired(at(179 * DAY)).unwrap_err().error,
        LifecycleError::TooEarly { .. }
    ));
    assert!(permission.expired(at(180 * DAY)).is_ok());
}

// ------------------------------------------------------------------ 4. ordered reports

#[test]
fn an_older_report_is_stale_and_ignored() {
    let mut ledger = ledger(usd(100_00), ApiVersion::V2);
    ledger
        .observe_permission(&permission_report(
            CPS::NonChargeable,
            Some(CPR::PaymentMethodExpired),
            at(20),
        ))
        .unwrap();
    let before = ledger.clone();
    let observation = ledger
        .observe_permission(&permission_report(CPS::Chargeable, None, at(10)))
        .unwrap();
    assert_eq!(
        observation,
        Observation::Stale {
            reported_at: at(10),
            last_applied: at(20)
        }
    );
    assert_eq!(ledger, before);
    assert_eq!(ledger.permission().state(), &CPS::NonChargeable);
    // A charge: a Captured report, then an older Authorized one — stale, not impossible.
    ledger
        .observe_permission(&permission_report(CPS::Chargeable, None, at(30)))
        .unwrap();
    ledger
        .create_charge(charge_id(1), usd(10_00), ChargeCreation::Authorize, at(40))
        .unwrap();
    ledger
        .observe_charge(&charge_report(1, CS::Captured, Some(at(100))))
        .unwrap();
    let stale = ledger
        .observe_charge(&charge_report(1, CS::Authorized, Some(at(50))))
        .unwrap();
    assert!(matches!(stale, Observation::Stale { .. }));
    assert!(!stale.is_applied());
}

// ------------------------------------------------------------------ 5. refusals change nothing

#[test]
fn refused_reports_leave_the_ledger_as_it_was() {
    let mut ledger = ledger(usd(100_00), ApiVersion::V2);
    ledger
        .create_charge(charge_id(1), usd(10_00), ChargeCreation::Authorize, t0())
        .unwrap();
    let before = ledger.clone();
    // A new charge in another currency.
    let mut yen = charge_report(2, CS::Authorized, None);
    yen.charge_amount = Some(Price::from_minor_units(1_000, Currency::Jpy));
    assert!(matches!(
        ledger.observe_charge(&yen).unwrap_err(),
        LifecycleError::ReportBreaksRule { .. }
    ));
    // A captureAmount in another currency, or above what was authorized.
    let mut odd = charge_report(1, CS::Captured, None);
    odd.capture_amount = Some(Price::from_minor_units(1_000, Currency::Eur));
    assert!(ledger.observe_charge(&odd).is_err());
    odd.capture_amount = Some(usd(10_01));
    assert!(matches!(
        ledger.observe_charge(&odd).unwrap_err(),
        LifecycleError::ReportBreaksRule {
            violation: RuleViolation::CaptureExceedsAuthorization { .. },
            ..
        }
    ));
    // A refund on a charge not captured.
    assert!(
        ledger
            .observe_refund(&refund_report(1, "R1", RS::RefundInitiated, usd(1_00)))
            .is_err()
    );
    assert_eq!(ledger, before, "nothing changed");
    // Later checks are not poisoned.
    assert!(ledger.check_create_charge(&usd(90_00), t0()).is_ok());
}

#[test]
fn refund_reports_must_fit_their_charge() {
    let mut ledger = ledger(usd(100_00), ApiVersion::V2);
    for n in [1, 2] {
        ledger
            .create_charge(charge_id(n), usd(10_00), ChargeCreation::CaptureNow, t0())
            .unwrap();
    }
    ledger
        .observe_refund(&refund_report(1, "R1", RS::RefundInitiated, usd(5_00)))
        .unwrap();
    let before = ledger.clone();
    // The same refund id on another charge.
    assert_eq!(
        ledger
            .observe_refund(&refund_report(2, "R1", RS::RefundInitiated, usd(5_00)))
            .unwrap_err(),
        LifecycleError::DuplicateId {
            object: ObjectKind::Refund,
            id: "R1".into()
        }
    );
    // Another currency.
    assert!(
        ledger
            .observe_refund(&refund_report(
                1,
                "R2",
                RS::RefundInitiated,
                Price::from_minor_units(500, Currency::Jpy)
            ))
            .is_err()
    );
    // Beyond the captured amount plus the allowance (10.00 + 1.50).
    assert!(
        ledger
            .observe_refund(&refund_report(1, "R3", RS::RefundInitiated, usd(6_51)))
            .is_err()
    );
    assert_eq!(ledger, before);
    ledger
        .observe_refund(&refund_report(1, "R3", RS::RefundInitiated, usd(6_50)))
        .unwrap();
}

#[test]
fn observations_cannot_push_a_one_time_permission_past_25_charges() {
    let mut ledger = ledger(usd(100_00), ApiVersion::V2);
    for n in 0..25 {
        ledger
            .observe_charge(&charge_report(n, CS::Declined, None))
            .unwrap();
    }
    let before = ledger.clone();
    assert!(matches!(
        ledger
            .observe_charge(&charge_report(25, CS::Authorized, None))
            .unwrap_err(),
        LifecycleError::ReportBreaksRule {
            violation: RuleViolation::ChargeCountExceeded { .. },
            ..
        }
    ));
    assert_eq!(ledger, before);
}

#[test]
fn a_refused_capture_leaves_the_charge_as_it_was() {
    let mut ledger = ledger(usd(100_00), ApiVersion::V1);
    for n in [1, 2] {
        ledger
            .create_charge(charge_id(n), usd(10_00), ChargeCreation::Authorize, t0())
            .unwrap();
    }
    ledger.capture(&charge_id(1), usd(10_00), t0()).unwrap();
    assert_eq!(ledger.permission().state(), &CPS::Closed);
    let before = ledger.clone();
    assert_eq!(
        ledger
            .capture(&charge_id(2), usd(10_00), at(60))
            .unwrap_err(),
        LifecycleError::Rule(RuleViolation::OneCaptureUnderV1)
    );
    assert_eq!(ledger, before);
    assert_eq!(
        ledger.charge(&charge_id(2)).unwrap().lifecycle().state(),
        &CS::Authorized
    );
}

// ------------------------------------------------------------------ 6. Amazon's amounts

#[test]
fn amazon_refunded_amount_counts_against_the_allowance() {
    let mut ledger = ledger(usd(100_00), ApiVersion::V2);
    ledger
        .create_charge(charge_id(1), usd(100_00), ChargeCreation::CaptureNow, t0())
        .unwrap();
    // Refunded elsewhere (Seller Central): Amazon says 100.00 refunded.
    let mut report = charge_report(1, CS::Captured, None);
    report.charge_amount = Some(usd(100_00));
    report.capture_amount = Some(usd(100_00));
    report.refunded_amount = Some(usd(100_00));
    ledger.observe_charge(&report).unwrap();
    let refund = |amount| {
        ledger
            .clone()
            .refund(&charge_id(1), RefundId::from("R9"), amount, at(60))
            .map(|_| ())
    };
    assert!(refund(usd(15_00)).is_ok());
    assert!(matches!(
        refund(usd(15_01)).unwrap_err(),
        LifecycleError::Rule(RuleViolation::RefundExceedsAllowance { .. })
    ));
    let status = ledger.status(at(60));
    assert_eq!(status.charges[0].status.refundable, Some(usd(15_00)));
}

#[test]
fn refunds_made_after_amazons_report_add_to_its_figure() {
    // Captured 100.00; the ceiling is 115.00. Amazon reports 100.00 refunded
    // (refunds made in Seller Central), then the merchant refunds 10.00
    // through the ledger: 110.00 count, so 5.00 more is the most.
    let mut ledger = ledger(usd(100_00), ApiVersion::V2);
    ledger
        .create_charge(charge_id(1), usd(100_00), ChargeCreation::CaptureNow, t0())
        .unwrap();
    let mut report = charge_report(1, CS::Captured, Some(at(10)));
    report.charge_amount = Some(usd(100_00));
    report.capture_amount = Some(usd(100_00));
    report.refunded_amount = Some(usd(100_00));
    ledger.observe_charge(&report).unwrap();
    ledger
        .refund(&charge_id(1), RefundId::from("R1"), usd(10_00), at(20))
        .unwrap();
    let refund = |ledger: &Ledger, amount| {
        ledger
            .clone()
            .refund(&charge_id(1), RefundId::from("R2"), amount, at(60))
            .map(|_| ())
    };
    assert!(matches!(
        refund(&ledger, usd(5_01)).unwrap_err(),
        LifecycleError::Rule(RuleViolation::RefundExceedsAllowance { .. })
    ));
    assert!(refund(&ledger, usd(5_00)).is_ok());
    // status and the check give the same answer.
    assert_eq!(
        ledger.status(at(60)).charges[0].status.refundable,
        Some(usd(5_00))
    );

    // A fresh report that counts the 10.00 (110.00) replaces the sum: still
    // 5.00, not 5.00 less.
    let mut fresh = report.clone();
    fresh.refunded_amount = Some(usd(110_00));
    fresh
        .status_details
        .as_mut()
        .unwrap()
        .last_updated_timestamp = Some(at(40));
    ledger.observe_charge(&fresh).unwrap();
    assert!(refund(&ledger, usd(5_00)).is_ok());
    assert!(refund(&ledger, usd(5_01)).is_err());
    assert_eq!(
        ledger.status(at(60)).charges[0].status.refundable,
        Some(usd(5_00))
    );

    // A stale report (older than the last taken in) moves nothing.
    let mut stale = report.clone();
    stale.refunded_amount = Some(usd(0));
    stale
        .status_details
        .as_mut()
        .unwrap()
        .last_updated_timestamp = Some(at(15));
    ledger.observe_charge(&stale).unwrap();
    assert!(refund(&ledger, usd(5_01)).is_err());
}

#[test]
fn a_report_that_lags_behind_local_refunds_never_lowers_the_count() {
    // The merchant refunded 50.00; Amazon's report says 20.00 (the rest still
    // pending there). The local refunds count in full.
    let mut ledger = ledger(usd(100_00), ApiVersion::V2);
    ledger
        .create_charge(charge_id(1), usd(100_00), ChargeCreation::CaptureNow, t0())
        .unwrap();
    ledger
        .refund(&charge_id(1), RefundId::from("R1"), usd(50_00), at(5))
        .unwrap();
    let mut report = charge_report(1, CS::Captured, Some(at(10)));
    report.charge_amount = Some(usd(100_00));
    report.capture_amount = Some(usd(100_00));
    report.refunded_amount = Some(usd(20_00));
    ledger.observe_charge(&report).unwrap();
    assert!(
        ledger
            .check_refund(&charge_id(1), &usd(65_01), at(20))
            .is_err()
    );
    assert!(
        ledger
            .check_refund(&charge_id(1), &usd(65_00), at(20))
            .is_ok()
    );
}

#[test]
fn refunded_total_is_amazons_figure_plus_later_local_refunds() {
    use amazon_pay_core::lifecycle::rules::refunded_total;
    // No report: the local refunds.
    assert_eq!(refunded_total(&usd(30_00), None, None).unwrap(), usd(30_00));
    // A report taken in when 10.00 had been refunded locally; 30.00 now.
    assert_eq!(
        refunded_total(&usd(30_00), Some(&usd(50_00)), Some(&usd(10_00))).unwrap(),
        usd(70_00)
    );
    // Never below the local refunds.
    assert_eq!(
        refunded_total(&usd(30_00), Some(&usd(5_00)), Some(&usd(30_00))).unwrap(),
        usd(30_00)
    );
    // A declined local refund since the report does not go below the report.
    assert_eq!(
        refunded_total(&usd(10_00), Some(&usd(40_00)), Some(&usd(20_00))).unwrap(),
        usd(40_00)
    );
    // Unknown base (a ledger stored before the base was kept): every local
    // refund is added — safe, never less.
    assert_eq!(
        refunded_total(&usd(10_00), Some(&usd(40_00)), None).unwrap(),
        usd(50_00)
    );
}

#[test]
fn the_reported_balance_is_reduced_by_charges_created_since() {
    let mut ledger = ledger(usd(100_00), ApiVersion::V2);
    let mut report = permission_report(CPS::Chargeable, None, t0());
    report.limits = Some({
        let mut limits = model::Limits::default();
        limits.amount_limit = Some(usd(100_00));
        limits.amount_balance = Some(usd(30_00));
        limits
    });
    ledger.observe_permission(&report).unwrap();
    ledger
        .create_charge(charge_id(1), usd(20_00), ChargeCreation::Authorize, t0())
        .unwrap();
    assert_eq!(ledger.balance(t0()).unwrap(), Some(usd(10_00)));
    assert_eq!(
        ledger.check_create_charge(&usd(10_01), t0()).unwrap_err(),
        LifecycleError::Rule(RuleViolation::AmountBalanceExceeded {
            charge: usd(10_01),
            balance: usd(10_00)
        })
    );
    assert!(ledger.check_create_charge(&usd(10_00), t0()).is_ok());
    // A fresh report reflects that charge; the ledger no longer subtracts it.
    let mut fresh = report.clone();
    fresh.limits.as_mut().unwrap().amount_balance = Some(usd(10_00));
    fresh
        .status_details
        .as_mut()
        .unwrap()
        .last_updated_timestamp = Some(at(60));
    ledger.observe_permission(&fresh).unwrap();
    assert_eq!(ledger.balance(at(60)).unwrap(), Some(usd(10_00)));
}

#[derive(Debug, Clone)]
enum RefundStep {
    /// The merchant refunds through the ledger (sent only if it allows).
    Local(u64),
    /// A refund made elsewhere (Seller Central), which Amazon takes if it
    /// fits; the merchant then reads the charge (a fresh report).
    Elsewhere(u64),
    /// The merchant reads the charge: Amazon's true figure, fresh.
    Report,
}

fn refund_steps() -> impl proptest::strategy::Strategy<Value = Vec<RefundStep>> {
    use proptest::prelude::*;
    let step = prop_oneof![
        3 => (1u64..=60_00).prop_map(RefundStep::Local),
        1 => (1u64..=120_00).prop_map(RefundStep::Elsewhere),
        1 => Just(RefundStep::Report),
    ];
    proptest::collection::vec(step, 0..12)
}

proptest::proptest! {
    /// Whatever Amazon reports and whenever, the refunds the ledger lets
    /// through never take the charge past captured + allowance (§3.15, §7.3).
    #[test]
    fn no_sequence_of_reports_and_refunds_exceeds_the_allowance(steps in refund_steps()) {
        let ceiling = usd(115_00);
        let mut ledger = ledger(usd(100_00), ApiVersion::V2);
        ledger
            .create_charge(charge_id(1), usd(100_00), ChargeCreation::CaptureNow, t0())
            .unwrap();
        let mut truth = usd(0);
        let mut clock = 0;
        let report = |ledger: &mut Ledger, truth: &Price, clock: &mut i64| {
            *clock += 10;
            let mut charge = charge_report(1, CS::Captured, Some(at(*clock)));
            charge.charge_amount = Some(usd(100_00));
            charge.capture_amount = Some(usd(100_00));
            charge.refunded_amount = Some(truth.clone());
            ledger.observe_charge(&charge).unwrap();
        };
        for (n, step) in steps.iter().enumerate() {
            match step {
                RefundStep::Local(cents) => {
                    clock += 10;
                    let id = RefundId::from(format!("R{n}"));
                    if ledger.refund(&charge_id(1), id, usd(*cents), at(clock)).is_ok() {
                        truth = truth.checked_add(&usd(*cents)).unwrap();
                    }
                }
                RefundStep::Elsewhere(cents) => {
                    let after = truth.checked_add(&usd(*cents)).unwrap();
                    if after.amount() <= ceiling.amount() {
                        truth = after;
                    }
                    report(&mut ledger, &truth, &mut clock);
                }
                RefundStep::Report => report(&mut ledger, &truth, &mut clock),
            }
            proptest::prop_assert!(truth.amount() <= ceiling.amount(), "{truth} after {steps:?}");
        }
    }
}

// ------------------------------------------------------------------ clocks

#[test]
fn a_report_dated_before_the_merchants_own_record_is_not_stale() {
    // The merchant captures 8 days after authorization (asynchronous:
    // CaptureInitiated) at its own 10:00:05; Amazon's clock is 3 s behind and
    // dates the Captured report 10:00:02.
    let mut ledger = ledger(usd(100_00), ApiVersion::V2);
    ledger
        .create_charge(charge_id(1), usd(10_00), ChargeCreation::Authorize, t0())
        .unwrap();
    let capture_at = at(8 * DAY + 5);
    ledger
        .capture(&charge_id(1), usd(10_00), capture_at)
        .unwrap();
    assert_eq!(
        ledger.charge(&charge_id(1)).unwrap().lifecycle().state(),
        &CS::CaptureInitiated
    );
    let report = charge_report(1, CS::Captured, Some(at(8 * DAY + 2)));
    let observation = ledger.observe_charge(&report).unwrap();
    assert!(
        !matches!(
            observation,
            amazon_pay_core::lifecycle::Observation::Stale { .. }
        ),
        "{observation:?}"
    );
    assert_eq!(
        ledger.charge(&charge_id(1)).unwrap().lifecycle().state(),
        &CS::Captured,
        "not pending forever"
    );
    // Reports are still ordered against Amazon's earlier reports.
    let older = charge_report(1, CS::CaptureInitiated, Some(at(8 * DAY + 1)));
    assert!(matches!(
        ledger.observe_charge(&older).unwrap(),
        amazon_pay_core::lifecycle::Observation::Stale { .. }
    ));
}

#[test]
fn amazons_clock_ahead_does_not_refuse_the_merchants_calls() {
    let mut ledger = ledger(usd(100_00), ApiVersion::V2);
    ledger
        .create_charge(charge_id(1), usd(10_00), ChargeCreation::Authorize, t0())
        .unwrap();
    // Amazon dates its Authorized report 10 s ahead of the merchant's clock.
    ledger
        .observe_charge(&charge_report(1, CS::Authorized, Some(at(20))))
        .unwrap();
    let now = at(10);
    let status = ledger.status(now);
    assert!(
        status.charges[0]
            .status
            .allowed_operations
            .contains(&Operation::CaptureCharge)
    );
    assert!(
        ledger
            .check_capture(&charge_id(1), &usd(10_00), now)
            .is_ok()
    );
    ledger.capture(&charge_id(1), usd(10_00), now).unwrap();
    // The merchant's own clock is still ordered against itself.
    assert!(matches!(
        ledger
            .check_refund(&charge_id(1), &usd(1_00), at(9))
            .unwrap_err(),
        LifecycleError::TimeWentBackwards { .. }
    ));
}

proptest::proptest! {
    /// At any instant — before, between and after the merchant's events and
    /// Amazon's reports — what status offers, the call accepts, and what it
    /// does not offer, the call refuses.
    #[test]
    fn status_and_the_calls_agree_at_every_instant(
        capture_at in 0i64..20 * DAY,
        report_at in proptest::option::of(0i64..20 * DAY),
        probe in -DAY..21 * DAY,
    ) {
        let mut ledger = ledger(usd(100_00), ApiVersion::V2);
        ledger
            .create_charge(charge_id(1), usd(10_00), ChargeCreation::Authorize, t0())
            .unwrap();
        let _ = ledger.capture(&charge_id(1), usd(10_00), at(capture_at));
        if let Some(report_at) = report_at {
            let _ = ledger.observe_charge(&charge_report(1, CS::Captured, Some(at(report_at))));
        }
        let now = at(probe);
        let status = ledger.status(now);
        let offers = |op| status.charges[0].status.allowed_operations.contains(&op);
        let one = usd(1);
        // The checks, and the calls themselves.
        let capture = ledger.check_capture(&charge_id(1), &one, now).is_ok();
        proptest::prop_assert_eq!(offers(Operation::CaptureCharge), capture);
        proptest::prop_assert_eq!(
            capture,
            ledger.clone().capture(&charge_id(1), one.clone(), now).is_ok()
        );
        let refund = ledger.check_refund(&charge_id(1), &one, now).is_ok();
        proptest::prop_assert_eq!(offers(Operation::CreateRefund), refund);
        proptest::prop_assert_eq!(
            refund,
            ledger.clone().refund(&charge_id(1), RefundId::from("R1"), one.clone(), now).is_ok()
        );
        let charge = ledger.check_create_charge(&one, now).is_ok();
        proptest::prop_assert_eq!(
            status.permission.allowed_operations.contains(&Operation::CreateCharge),
            charge
        );
        proptest::prop_assert_eq!(
            charge,
            ledger
                .clone()
                .create_charge(charge_id(2), one.clone(), ChargeCreation::Authorize, now)
                .is_ok()
        );
    }
}

// ------------------------------------------------------------------ months

fn recurring_jp_ledger() -> Ledger {
    let permission = ChargePermissionLifecycle::chargeable(
        ChargePermissionType::Recurring,
        t0(),
        ApiVersion::V2,
    );
    Ledger::new(ChargePermissionId::from("S01-1"), permission, Region::Jp)
}

fn jpy(yen: u64) -> Price {
    Price::from_minor_units(yen, Currency::Jpy)
}

#[test]
fn a_recurring_balance_belongs_to_the_month_it_was_reported_in() {
    // Amazon reports March's balance spent: 0 of 100,000 JPY left.
    let mut ledger = recurring_jp_ledger();
    let mut report = permission_report(CPS::Chargeable, None, at(DAY));
    report.limits = Some({
        let mut limits = model::Limits::default();
        limits.amount_limit = Some(jpy(100_000));
        limits.amount_balance = Some(jpy(0));
        limits
    });
    ledger.observe_permission(&report).unwrap();
    let march = at(10 * DAY);
    assert_eq!(ledger.balance(march).unwrap(), Some(jpy(0)));
    assert!(matches!(
        rule_of(ledger.check_create_charge(&jpy(1), march).unwrap_err()),
        RuleViolation::AmountBalanceExceeded { .. }
    ));
    // In April (in every time zone), March's balance no longer blocks; the
    // monthly cap is what limits.
    let april = Timestamp::parse("20240402T000000Z").unwrap();
    assert_eq!(ledger.balance(april).unwrap(), None);
    assert!(ledger.check_create_charge(&jpy(100_000), april).is_ok());
    assert!(ledger.check_create_charge(&jpy(100_001), april).is_err());
    // While some zone may still be in March (UTC-12 on 1 April 11:00 UTC),
    // the reported balance still applies.
    let edge = Timestamp::parse("20240401T110000Z").unwrap();
    assert!(ledger.check_create_charge(&jpy(1), edge).is_err());
}

#[test]
fn a_monthly_cap_counts_a_charge_in_every_zone_it_could_be_this_month() {
    // 999.99 USD charged on 31 March 23:00 UTC: already 1 April at UTC+1.
    let permission = ChargePermissionLifecycle::chargeable(
        ChargePermissionType::Recurring,
        t0(),
        ApiVersion::V2,
    );
    let mut ledger = Ledger::new(ChargePermissionId::from("S01-1"), permission, Region::Na);
    let late_march = Timestamp::parse("20240331T230000Z").unwrap();
    ledger
        .create_charge(
            charge_id(1),
            usd(999_99),
            ChargeCreation::CaptureNow,
            late_march,
        )
        .unwrap();
    // On 1 April 05:00 UTC it is April in UTC and still the same April day
    // as the charge at UTC+1: the cap of that month has 0.01 USD left.
    let early_april = Timestamp::parse("20240401T050000Z").unwrap();
    assert!(ledger.check_create_charge(&usd(2), early_april).is_err());
    assert!(ledger.check_create_charge(&usd(1), early_april).is_ok());
    assert_eq!(
        ledger
            .charged_in_month_of(early_april, &Currency::Usd)
            .unwrap(),
        usd(999_99)
    );
}

fn rule_of(error: LifecycleError) -> RuleViolation {
    match error {
        LifecycleError::Rule(violation) => violation,
        other => panic!("{other}"),
    }
}
