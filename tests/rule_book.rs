//! The rule book agrees with Amazon: one group of tests per point of the
//! rule-book issue — final states stay final also through unknown states,
//! Amazon's timestamps and amounts win, a local expiry is a prediction,
//! reports are ordered, a refusal changes nothing, the spec's cross-object
//! rules, time does not run backwards, decoding edge cases, persistence, the
//! status view and typed errors.

use amazon_pay_core::lifecycle::{
    ChargeCreation, ChargeEvent, ChargeLifecycle, ChargePermissionLifecycle,
    CheckoutSessionLifecycle, DeadlineBasis, Ledger, LifecycleError, ObjectEvent, ObjectKind,
    ObjectState, Observation, Operation, Reasons, RefundLifecycle, Remedy, RuleViolation,
};
use amazon_pay_core::model::{
    self, ChargeId, ChargePermissionId, ChargePermissionReasonCode as CPR,
    ChargePermissionState as CPS, ChargePermissionType, ChargeReasonCode as CR, ChargeState as CS,
    CheckoutSessionState as SS, RefundId, RefundReasonCode as RR, RefundState as RS,
};
use amazon_pay_core::{ApiVersion, Currency, Price, Region, Timestamp};
use time::Duration;

const DAY: i64 = 86_400;

fn t0() -> Timestamp {
    Timestamp::parse("20240301T100000Z").unwrap()
}

fn at(seconds: i64) -> Timestamp {
    t0().checked_add(Duration::seconds(seconds)).unwrap()
}

fn usd(cents: u64) -> Price {
    Price::from_minor_units(cents, Currency::Usd)
}

fn charge_id(n: usize) -> ChargeId {
    ChargeId::from(format!("S01-1-C{n:07}"))
}

fn ledger(limit: Price, version: ApiVersion) -> Ledger {
    let permission =
        ChargePermissionLifecycle::chargeable(ChargePermissionType::OneTime, t0(), version)
            .with_limits(Some(limit), None);
    Ledger::new(ChargePermissionId::from("S01-1"), permission, Region::Na)
}

fn charge_report(n: usize, state: CS, updated: Option<Timestamp>) -> model::Charge {
    let mut charge = model::Charge::default();
    charge.charge_id = Some(charge_id(n));
    charge.charge_permission_id = Some(ChargePermissionId::from("S01-1"));
    charge.charge_amount = Some(usd(10_00));
    if matches!(state, CS::CaptureInitiated | CS::Captured) {
        charge.capture_amount = Some(usd(10_00));
    }
    let mut status = model::ChargeStatusDetails::with_state(state);
    status.last_updated_timestamp = updated;
    charge.status_details = Some(status);
    charge
}

fn refund_report(charge: usize, id: &str, state: RS, amount: Price) -> model::Refund {
    let mut refund = model::Refund::default();
    refund.refund_id = Some(RefundId::from(id));
    refund.charge_id = Some(charge_id(charge));
    refund.refund_amount = Some(amount);
    refund.status_details = Some(model::RefundStatusDetails::with_state(state));
    refund
}

fn permission_report(
    state: CPS,
    reason: Option<CPR>,
    updated: Timestamp,
) -> model::ChargePermission {
    let mut permission = model::ChargePermission::default();
    permission.charge_permission_id = Some(ChargePermissionId::from("S01-1"));
    let mut status = model::ChargePermissionStatusDetails::with_state(state);
    status.reasons = reason.map(|code| {
        let mut reason = model::ChargePermissionReason::default();
        reason.reason_code = Some(code);
        vec![reason]
    });
    status.last_updated_timestamp = Some(updated);
    permission.status_details = Some(status);
    permission
}

fn unknown_charge() -> CS {
    CS::Unknown("UnderReview".into())
}

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
