//! Money rules at their boundaries (USD and JPY), time limits, observations
//! of Amazon's reports, v1 differences, and the ledger's cross-object rules.

use amazon_pay_core::Operation;
use amazon_pay_core::lifecycle::RuleViolation;
use amazon_pay_core::lifecycle::rules;
use amazon_pay_core::lifecycle::rules::{SoftDescriptor, SoftDescriptorUse};
use amazon_pay_core::lifecycle::{
    ChargeCreation, ChargeLifecycle, ChargePermissionLifecycle, CheckoutSessionLifecycle,
    DeadlineBasis, Ledger, LifecycleError, ObjectState, Observation, RefundLifecycle, Remedy,
};
use amazon_pay_core::model;
use amazon_pay_core::model::{
    ChargeId, ChargePermissionId, ChargePermissionReasonCode as CPR, ChargePermissionState as CPS,
    ChargePermissionType, ChargeReasonCode as CR, ChargeState as CS, CheckoutSessionState as SS,
    PaymentIntent, RefundId, RefundState as RS,
};
use amazon_pay_core::{ApiVersion, Currency, Price, Region, Timestamp};
use time::Duration;

fn t0() -> Timestamp {
    Timestamp::parse("20240301T100000Z").unwrap()
}

fn at(seconds: i64) -> Timestamp {
    t0().checked_add(Duration::seconds(seconds)).unwrap()
}

fn usd(cents: u64) -> Price {
    Price::from_minor_units(cents, Currency::Usd)
}

fn jpy(yen: u64) -> Price {
    Price::from_minor_units(yen, Currency::Jpy)
}

fn rule(error: LifecycleError) -> RuleViolation {
    match error {
        LifecycleError::Rule(violation) => violation,
        other => panic!("expected a rule violation, got {other}"),
    }
}

const DAY: i64 = 86_400;

// ------------------------------------------------------------------ captures

#[test]
fn capture_up_to_the_authorized_amount_usd_and_jpy() {
    for (authorized, over) in [(usd(149_99), usd(150_00)), (jpy(10_000), jpy(10_001))] {
        let exactly = ChargeLifecycle::authorized(authorized.clone(), t0())
            .capture_requested(authorized.clone(), t0());
        assert_eq!(exactly.unwrap().captured_amount(), Some(&authorized));
        let refused = ChargeLifecycle::authorized(authorized.clone(), t0())
            .capture_requested(over.clone(), t0())
            .unwrap_err();
        assert_eq!(
            refused.lifecycle.state(),
            &CS::Authorized,
            "given back unchanged"
        );
        assert_eq!(
            rule(refused.error),
            RuleViolation::CaptureExceedsAuthorization {
                capture: over,
                authorized
            }
        );
    }
}

#[test]
fn capture_in_another_currency_or_of_zero_is_refused() {
    let charge = ChargeLifecycle::authorized(usd(10_00), t0());
    let refused = charge.clone().capture_requested(jpy(10), t0()).unwrap_err();
    assert_eq!(
        rule(refused.error),
        RuleViolation::CurrencyMismatch {
            expected: Currency::Usd,
            found: Currency::Jpy
        }
    );
    let refused = charge.capture_requested(usd(0), t0()).unwrap_err();
    assert_eq!(
        rule(refused.error),
        RuleViolation::NotPositive { amount: usd(0) }
    );
}

// ------------------------------------------------------------------ refunds

#[test]
fn refund_allowance_boundaries_usd() {
    // 15 % binds: captured 100.00 → ceiling 115.00.
    assert!(rules::check_refund(&usd(100_00), &usd(0), &usd(115_00)).is_ok());
    let err = rules::check_refund(&usd(100_00), &usd(0), &usd(115_01)).unwrap_err();
    assert_eq!(
        err,
        RuleViolation::RefundExceedsAllowance {
            refund: usd(115_01),
            refunded: usd(0),
            captured: usd(100_00),
            allowance: usd(15_00),
            remaining: usd(115_00),
        }
    );
    // The 75 USD cap binds from 500.00: captured 1,000.00 → ceiling 1,075.00.
    assert!(rules::check_refund(&usd(1_000_00), &usd(1_000_00), &usd(75_00)).is_ok());
    assert!(rules::check_refund(&usd(1_000_00), &usd(1_000_00), &usd(75_01)).is_err());
    // Running totals: 600 + 475 = 1,075 passes; one cent more fails.
    assert!(rules::check_refund(&usd(1_000_00), &usd(600_00), &usd(475_00)).is_ok());
    assert!(rules::check_refund(&usd(1_000_00), &usd(600_00), &usd(475_01)).is_err());
    // Each refund is more than zero.
    assert_eq!(
        rules::check_refund(&usd(1_00), &usd(0), &usd(0)).unwrap_err(),
        RuleViolation::NotPositive { amount: usd(0) }
    );
}

#[test]
fn refund_allowance_boundaries_jpy() {
    // 15 % binds: captured 10,000 → ceiling 11,500.
    assert!(rules::check_refund(&jpy(10_000), &jpy(0), &jpy(11_500)).is_ok());
    assert!(rules::check_refund(&jpy(10_000), &jpy(0), &jpy(11_501)).is_err());
    // The 8,400 JPY cap binds from 56,000: captured 100,000 → ceiling 108,400.
    assert!(rules::check_refund(&jpy(100_000), &jpy(100_000), &jpy(8_400)).is_ok());
    let err = rules::check_refund(&jpy(100_000), &jpy(100_000), &jpy(8_401)).unwrap_err();
    assert!(
        matches!(err, RuleViolation::RefundExceedsAllowance { allowance, .. } if allowance == jpy(8_400))
    );
}

#[test]
fn per_refund_maximum() {
    // Captured 10,000,000 JPY: the allowance would permit more, but one
    // refund is at most 10,000,000 JPY.
    assert!(rules::check_refund(&jpy(10_000_000), &jpy(0), &jpy(10_000_000)).is_ok());
    let err = rules::check_refund(&jpy(10_000_000), &jpy(0), &jpy(10_000_001)).unwrap_err();
    assert_eq!(
        err,
        RuleViolation::AboveTransactionMaximum {
            amount: jpy(10_000_001),
            maximum: jpy(10_000_000)
        }
    );
    assert!(rules::check_refund(&usd(150_000_00), &usd(0), &usd(150_000_00)).is_ok());
    assert!(matches!(
        rules::check_refund(&usd(150_000_00), &usd(0), &usd(150_000_01)),
        Err(RuleViolation::AboveTransactionMaximum { .. })
    ));
}

#[test]
fn refund_messages_carry_both_amounts() {
    let text = rules::check_refund(&usd(100_00), &usd(100_00), &usd(15_01))
        .unwrap_err()
        .to_string();
    for amount in ["15.01 USD", "100.00 USD", "15.00 USD"] {
        assert!(text.contains(amount), "{text}");
    }
}

// ------------------------------------------------------------------ ledger rules

fn one_time_ledger(limit: Price, version: ApiVersion) -> Ledger {
    let permission =
        ChargePermissionLifecycle::chargeable(ChargePermissionType::OneTime, t0(), version)
            .with_limits(Some(limit), None);
    let region = match permission.amount_limit().map(Price::currency) {
        Some(Currency::Jpy) => Region::Jp,
        _ => Region::Na,
    };
    Ledger::new(
        ChargePermissionId::from("S01-0000000-0000001"),
        permission,
        region,
    )
}

fn charge_id(n: usize) -> ChargeId {
    ChargeId::from(format!("S01-0000000-0000001-C{n:07}"))
}

#[test]
fn at_most_25_charges_on_a_one_time_permission() {
    for (unit, limit) in [(usd(1_00), usd(100_00)), (jpy(100), jpy(10_000))] {
        let mut ledger = one_time_ledger(limit, ApiVersion::V2);
        for n in 0..25 {
            ledger
                .create_charge(charge_id(n), unit.clone(), ChargeCreation::Authorize, t0())
                .unwrap();
        }
        assert_eq!(ledger.charge_count(), 25);
        let err = ledger
            .create_charge(charge_id(25), unit.clone(), ChargeCreation::Authorize, t0())
            .unwrap_err();
        assert_eq!(
            rule(err),
            RuleViolation::ChargeCountExceeded {
                count: 25,
                maximum: 25
            }
        );
        assert_eq!(
            ledger.charge_count(),
            25,
            "a refused charge is not recorded"
        );
    }
}

#[test]
fn declined_charges_count_toward_the_25() {
    let mut ledger = one_time_ledger(usd(100_00), ApiVersion::V2);
    for n in 0..25 {
        ledger
            .create_charge(
                charge_id(n),
                usd(1_00),
                ChargeCreation::AuthorizePending,
                t0(),
            )
            .unwrap();
        let mut declined = model::Charge::default();
        declined.charge_id = Some(charge_id(n));
        declined.charge_amount = Some(usd(1_00));
        // Soft declines: a hard one would also make the permission
        // NonChargeable (tested with the rule book).
        let mut status = model::ChargeStatusDetails::with_state(CS::Declined);
        status.reason_code = Some(CR::SoftDeclined);
        declined.status_details = Some(status);
        ledger.observe_charge(&declined).unwrap();
    }
    assert_eq!(
        rule(ledger.check_create_charge(&usd(1_00), t0()).unwrap_err()),
        RuleViolation::ChargeCountExceeded {
            count: 25,
            maximum: 25
        }
    );
}

#[test]
fn amount_limit_boundaries_usd_and_jpy() {
    for (limit, part, rest, over) in [
        (usd(100_00), usd(60_00), usd(40_00), usd(40_01)),
        (jpy(10_000), jpy(6_000), jpy(4_000), jpy(4_001)),
    ] {
        let mut ledger = one_time_ledger(limit.clone(), ApiVersion::V2);
        ledger
            .create_charge(charge_id(1), part.clone(), ChargeCreation::Authorize, t0())
            .unwrap();
        let err = ledger.check_create_charge(&over, t0()).unwrap_err();
        assert_eq!(
            rule(err),
            RuleViolation::AmountLimitExceeded {
                charge: over,
                committed: part.clone(),
                limit: limit.clone()
            }
        );
        ledger
            .create_charge(charge_id(2), rest, ChargeCreation::Authorize, t0())
            .unwrap();
        // A canceled charge gives its share back.
        ledger.cancel(&charge_id(1), t0()).unwrap();
        ledger.check_create_charge(&part, t0()).unwrap();
    }
}

#[test]
fn amount_balance_is_respected_when_known() {
    let permission =
        ChargePermissionLifecycle::chargeable(ChargePermissionType::OneTime, t0(), ApiVersion::V2)
            .with_limits(Some(usd(100_00)), Some(usd(30_00)));
    let ledger = Ledger::new(ChargePermissionId::from("P"), permission, Region::Na);
    assert!(ledger.check_create_charge(&usd(30_00), t0()).is_ok());
    assert_eq!(
        rule(ledger.check_create_charge(&usd(30_01), t0()).unwrap_err()),
        RuleViolation::AmountBalanceExceeded {
            charge: usd(30_01),
            balance: usd(30_00)
        }
    );
}

#[test]
fn recurring_monthly_cap_boundaries_usd_and_jpy() {
    for (region, cap, part, over) in [
        (Region::Na, usd(1_000_00), usd(999_99), usd(2)),
        (Region::Jp, jpy(100_000), jpy(99_999), jpy(2)),
    ] {
        let permission = ChargePermissionLifecycle::chargeable(
            ChargePermissionType::Recurring,
            t0(),
            ApiVersion::V2,
        );
        let mut ledger = Ledger::new(ChargePermissionId::from("C03"), permission, region);
        ledger
            .create_charge(charge_id(1), part.clone(), ChargeCreation::CaptureNow, t0())
            .unwrap();
        let one = Price::from_minor_units(1, part.currency().clone());
        assert!(
            ledger.check_create_charge(&one, t0()).is_ok(),
            "exactly at the cap"
        );
        assert_eq!(
            rule(ledger.check_create_charge(&over, t0()).unwrap_err()),
            RuleViolation::MonthlyLimitExceeded {
                charge: over.clone(),
                this_month: part,
                limit: cap
            }
        );
        // The cap resets with the calendar month — in Amazon's time zone,
        // which is UNCONFIRMED, so only once no zone from UTC-12 to UTC+14
        // still has the charge of 1 March 10:00 UTC and `now` in one month:
        // at UTC-10 that charge is 1 March 00:00, and 31 March lasts there
        // until 1 April 10:00 UTC.
        let still_march = Timestamp::parse("20240401T095959Z").unwrap();
        assert!(ledger.check_create_charge(&over, still_march).is_err());
        let april_everywhere = Timestamp::parse("20240401T100000Z").unwrap();
        assert!(ledger.check_create_charge(&over, april_everywhere).is_ok());
    }
}

#[test]
fn charges_keep_the_permission_currency() {
    let mut ledger = one_time_ledger(usd(100_00), ApiVersion::V2);
    let err = ledger
        .create_charge(charge_id(1), jpy(100), ChargeCreation::Authorize, t0())
        .unwrap_err();
    assert!(matches!(rule(err), RuleViolation::CurrencyMismatch { .. }));
}

#[test]
fn ledger_refunds_per_charge() {
    for (captured, ceiling, unit) in [
        (usd(100_00), usd(115_00), usd(1)),
        (jpy(10_000), jpy(11_500), jpy(1)),
    ] {
        let mut ledger = one_time_ledger(captured.clone(), ApiVersion::V2);
        ledger
            .create_charge(
                charge_id(1),
                captured.clone(),
                ChargeCreation::CaptureNow,
                t0(),
            )
            .unwrap();
        let first = ceiling.checked_sub(&unit).unwrap();
        ledger
            .refund(&charge_id(1), RefundId::from("R1"), first, t0())
            .unwrap();
        let err = ledger
            .refund(
                &charge_id(1),
                RefundId::from("R2"),
                unit.checked_add(&unit).unwrap(),
                t0(),
            )
            .unwrap_err();
        assert!(matches!(
            rule(err),
            RuleViolation::RefundExceedsAllowance { .. }
        ));
        ledger
            .refund(&charge_id(1), RefundId::from("R3"), unit.clone(), t0())
            .unwrap();
        // A declined refund gives its share back.
        let mut declined = model::Refund::default();
        declined.refund_id = Some(RefundId::from("R3"));
        declined.charge_id = Some(charge_id(1));
        declined.refund_amount = Some(unit.clone());
        declined.status_details = Some(model::RefundStatusDetails::with_state(RS::Declined));
        ledger.observe_refund(&declined).unwrap();
        ledger
            .refund(&charge_id(1), RefundId::from("R4"), unit, t0())
            .unwrap();
    }
}

#[test]
fn refunds_need_a_captured_charge() {
    let mut ledger = one_time_ledger(usd(100_00), ApiVersion::V2);
    ledger
        .create_charge(charge_id(1), usd(10_00), ChargeCreation::Authorize, t0())
        .unwrap();
    let err = ledger
        .refund(&charge_id(1), RefundId::from("R1"), usd(1_00), t0())
        .unwrap_err();
    match err {
        LifecycleError::OperationNotAllowed(refused) => {
            assert_eq!(refused.state, ObjectState::Charge(CS::Authorized));
            assert_eq!(refused.operation, Operation::CreateRefund);
            assert!(refused.allowed.contains(&Operation::CaptureCharge));
        }
        other => panic!("{other}"),
    }
    let err = ledger
        .refund(&charge_id(9), RefundId::from("R1"), usd(1_00), t0())
        .unwrap_err();
    assert!(matches!(err, LifecycleError::UnknownObject { .. }));
}

#[test]
fn a_fully_captured_one_time_permission_closes() {
    let mut ledger = one_time_ledger(usd(100_00), ApiVersion::V2);
    ledger
        .create_charge(charge_id(1), usd(60_00), ChargeCreation::CaptureNow, t0())
        .unwrap();
    assert_eq!(ledger.permission().state(), &CPS::Chargeable);
    ledger
        .create_charge(charge_id(2), usd(40_00), ChargeCreation::Authorize, t0())
        .unwrap();
    ledger.capture(&charge_id(2), usd(40_00), t0()).unwrap();
    assert_eq!(ledger.permission().state(), &CPS::Closed);
    assert!(ledger.permission().reasons().contains(&CPR::AmazonClosed));
    let err = ledger.check_create_charge(&usd(1), t0()).unwrap_err();
    assert!(
        matches!(err, LifecycleError::OperationNotAllowed(_)),
        "{err}"
    );
}

#[test]
fn closing_with_cancel_pending_charges() {
    let mut ledger = one_time_ledger(usd(100_00), ApiVersion::V2);
    ledger
        .create_charge(charge_id(1), usd(10_00), ChargeCreation::Authorize, t0())
        .unwrap();
    ledger
        .create_charge(charge_id(2), usd(10_00), ChargeCreation::CaptureNow, t0())
        .unwrap();
    ledger.close(true, t0()).unwrap();
    assert_eq!(ledger.permission().state(), &CPS::Closed);
    assert!(ledger.permission().reasons().contains(&CPR::MerchantClosed));
    let pending = ledger.charge(&charge_id(1)).unwrap().lifecycle();
    assert_eq!(pending.state(), &CS::Canceled);
    assert_eq!(pending.reason(), Some(&CR::ChargePermissionCanceled));
    assert_eq!(
        ledger.charge(&charge_id(2)).unwrap().lifecycle().state(),
        &CS::Captured
    );
    assert!(
        ledger.close(false, t0()).is_err(),
        "a closed permission cannot be closed again"
    );
}

// ------------------------------------------------------------------ soft descriptor

#[test]
fn soft_descriptor_rules() {
    assert!(SoftDescriptor::parse("SIXTEEN CHARS OK").is_ok());
    assert!(SoftDescriptor::parse("SEVENTEEN CHARS!!").is_err());
    assert!(
        rules::check_soft_descriptor_use(SoftDescriptorUse::CheckoutSession(
            &PaymentIntent::Authorize
        ))
        .is_err()
    );
    assert!(
        rules::check_soft_descriptor_use(SoftDescriptorUse::CreateCharge { capture_now: false })
            .is_err()
    );
    assert!(rules::check_soft_descriptor_use(SoftDescriptorUse::CaptureCharge).is_ok());
}

#[test]
fn complete_must_repeat_the_session_amount() {
    assert!(rules::check_complete_amount(&usd(49_99), &usd(49_99)).is_ok());
    assert_eq!(
        rules::check_complete_amount(&usd(49_99), &usd(50_00)).unwrap_err(),
        RuleViolation::AmountMismatch {
            expected: usd(49_99),
            found: usd(50_00)
        }
    );
}

// ------------------------------------------------------------------ time

#[test]
fn checkout_session_expires_after_24_hours() {
    let session = CheckoutSessionLifecycle::created(t0(), ApiVersion::V2);
    let change = session.next_change().unwrap();
    assert_eq!(change.at, at(DAY));
    assert_eq!(change.state, SS::Canceled);
    assert_eq!(session.clone().advance(at(DAY - 1)).state(), &SS::Open);
    let expired = session.clone().advance(at(DAY));
    assert_eq!(expired.state(), &SS::Canceled);
    assert_eq!(expired.reason().unwrap().as_str(), "Expired");
    assert!(session.clone().completed(at(DAY - 1)).is_ok());
    assert!(
        session.clone().completed(at(DAY)).is_err(),
        "too late to complete"
    );
    assert_eq!(session.deleted_at(), Some(at(30 * DAY)));
}

#[test]
fn an_authorization_dated_only_by_its_expiration_was_30_days_before_it() {
    // Amazon's report: Authorized, no creation or update time, expiring at
    // t0 + 30 days. The authorization was at t0.
    let mut report = model::Charge::default();
    report.charge_id = Some(model::ChargeId::from("S01-1-C1"));
    report.charge_amount = Some(usd(10_00));
    report.expiration_timestamp = Some(at(30 * DAY));
    report.status_details = Some(model::ChargeStatusDetails::with_state(CS::Authorized));
    let charge = ChargeLifecycle::from_model(&report).unwrap();
    assert_eq!(charge.authorization_time(), Some(t0()));
    assert_eq!(charge.capture_asynchronous_from(), Some(at(7 * DAY)));
    // Every rule on the authorization's age reads it: a capture within the
    // 7 days is synchronous, one after them asynchronous.
    let sync = charge
        .clone()
        .capture_requested(usd(10_00), at(7 * DAY))
        .unwrap();
    assert_eq!(sync.state(), &CS::Captured);
    let late = charge
        .clone()
        .capture_requested(usd(10_00), at(7 * DAY + 1))
        .unwrap();
    assert_eq!(late.state(), &CS::CaptureInitiated);
    // The expiry is Amazon's own date.
    let change = charge.next_change().unwrap();
    assert_eq!(change.at, at(30 * DAY));
    // A creation time does not overrule the date Amazon implies.
    report.creation_timestamp = Some(at(-DAY));
    let charge = ChargeLifecycle::from_model(&report).unwrap();
    assert_eq!(charge.authorization_time(), Some(t0()));
    // Known authorization time first (from a report dated when Authorized).
    report
        .status_details
        .as_mut()
        .unwrap()
        .last_updated_timestamp = Some(at(60));
    let charge = ChargeLifecycle::from_model(&report).unwrap();
    assert_eq!(charge.authorization_time(), Some(at(60)));
}

#[test]
fn authorization_expires_after_30_days_and_capture_turns_asynchronous_after_7() {
    let charge = ChargeLifecycle::authorized(usd(10_00), t0());
    assert_eq!(charge.capture_asynchronous_from(), Some(at(7 * DAY)));
    let change = charge.next_change().unwrap();
    assert_eq!(
        (change.at, &change.state, change.reason),
        (at(30 * DAY), &CS::Canceled, Some(CR::ExpiredUnused))
    );
    assert_eq!(
        charge.clone().advance(at(30 * DAY - 1)).state(),
        &CS::Authorized
    );
    assert_eq!(charge.clone().advance(at(30 * DAY)).state(), &CS::Canceled);
    let late = charge
        .clone()
        .capture_requested(usd(10_00), at(30 * DAY))
        .unwrap_err();
    assert_eq!(
        late.lifecycle.state(),
        &CS::Canceled,
        "expired before the capture"
    );
    assert!(matches!(late.error, LifecycleError::IllegalTransition(_)));
    // As an operation, the refusal says it expired, when, and what to do.
    match charge.require(Operation::CaptureCharge, at(30 * DAY)) {
        Err(LifecycleError::Expired(expired)) => {
            assert_eq!(expired.at, Some(at(30 * DAY)));
            assert!(expired.predicted);
            assert_eq!(expired.remedy, Remedy::NewCharge);
        }
        other => panic!("{other:?}"),
    }
    // A pending authorization says when its result is due.
    let pending = ChargeLifecycle::authorization_initiated(usd(1), t0());
    assert_eq!(pending.authorization_result_due(), Some(at(DAY)));
    assert_eq!(pending.next_change(), None);
    // The 30 days run from the authorization, not the creation.
    let authorized = pending.authorization_succeeded(at(DAY / 2)).unwrap();
    assert_eq!(authorized.next_change().unwrap().at, at(DAY / 2 + 30 * DAY));
}

#[test]
fn charge_permission_expiry_by_type() {
    let kinds = |kind, extend| {
        ChargePermissionLifecycle::chargeable(
            kind,
            Timestamp::parse("20240131T120000Z").unwrap(),
            ApiVersion::V2,
        )
        .with_extended_expiration(extend)
    };
    let one_time = kinds(ChargePermissionType::OneTime, false);
    let derived = |text| Some((Timestamp::parse(text).unwrap(), DeadlineBasis::Derived));
    assert_eq!(one_time.expires_at(), derived("20240729T120000Z")); // +180 days
    assert_eq!(
        one_time.buyer_details_until(),
        Timestamp::parse("20240301T120000Z").ok()
    );
    let extended = kinds(ChargePermissionType::OneTime, true);
    assert_eq!(extended.expires_at(), derived("20250228T120000Z")); // +13 months, clamped
    let recurring = kinds(ChargePermissionType::Recurring, false);
    assert_eq!(recurring.expires_at(), derived("20250228T120000Z"));
    let wallet = kinds(ChargePermissionType::PaymentMethodOnFile, false);
    assert_eq!(wallet.expires_at(), None);
    assert_eq!(wallet.next_change(), None);
    let expired = one_time.advance(Timestamp::parse("20240729T120000Z").unwrap());
    assert_eq!(expired.state(), &CPS::Closed);
    assert!(expired.reasons().contains(&CPR::Expired));
}

// ------------------------------------------------------------------ observing Amazon

fn reported_charge(state: CS, captured: Option<Price>) -> model::Charge {
    let mut charge = model::Charge::default();
    charge.charge_id = Some(charge_id(1));
    charge.charge_amount = Some(usd(10_00));
    charge.capture_amount = captured;
    charge.status_details = Some(model::ChargeStatusDetails::with_state(state));
    charge
}

#[test]
fn observing_accepts_several_steps_at_once() {
    let pending = ChargeLifecycle::authorization_initiated(usd(10_00), t0());
    let captured = pending
        .observe(&reported_charge(CS::Captured, Some(usd(10_00))))
        .unwrap();
    assert_eq!(
        captured.observation,
        Observation::Applied {
            from: CS::AuthorizationInitiated,
            to: CS::Captured
        }
    );
    let captured = captured.lifecycle;
    assert_eq!(captured.state(), &CS::Captured);
    assert_eq!(captured.captured_amount(), Some(&usd(10_00)));
    // Same state again is fine (an IPN can arrive twice).
    let again = captured
        .clone()
        .observe(&reported_charge(CS::Captured, Some(usd(10_00))))
        .unwrap();
    assert_eq!(again.lifecycle, captured);
}

#[test]
fn observing_refuses_impossible_moves() {
    let captured = ChargeLifecycle::captured_at_creation(usd(10_00), t0());
    let refused = captured
        .clone()
        .observe(&reported_charge(CS::Authorized, None))
        .unwrap_err();
    assert_eq!(refused.lifecycle, captured);
    assert_eq!(
        refused.error,
        LifecycleError::ImpossibleObservation {
            from: ObjectState::Charge(CS::Captured),
            to: ObjectState::Charge(CS::Authorized),
        }
    );
    let canceled = ChargeLifecycle::authorized(usd(10_00), t0())
        .cancel_requested(t0())
        .unwrap();
    for state in [
        CS::Authorized,
        CS::Captured,
        CS::Declined,
        CS::AuthorizationInitiated,
    ] {
        assert!(
            canceled
                .clone()
                .observe(&reported_charge(state, None))
                .is_err()
        );
    }
    let session = CheckoutSessionLifecycle::created(t0(), ApiVersion::V2)
        .completed(t0())
        .unwrap();
    let mut open = model::CheckoutSession::default();
    open.status_details = Some(model::CheckoutSessionStatusDetails::with_state(SS::Open));
    assert!(matches!(
        session.observe(&open).unwrap_err().error,
        LifecycleError::ImpossibleObservation { .. }
    ));
}

#[test]
fn unknown_states_are_kept_and_reported() {
    let charge = ChargeLifecycle::authorized(usd(10_00), t0());
    let unknown = CS::Unknown("CapturePendingReview".into());
    let observed = charge
        .observe(&reported_charge(unknown.clone(), None))
        .unwrap();
    assert_eq!(
        observed.observation,
        Observation::UnknownState {
            reported: unknown.clone(),
            last_known: Some(CS::Authorized)
        }
    );
    let kept = observed.lifecycle;
    assert_eq!(kept.state(), &unknown);
    assert_eq!(kept.last_known_state(), Some(&CS::Authorized));
    // In an unknown state no event is legal, only Get.
    assert_eq!(
        kept.allowed_operations(at(60)),
        [amazon_pay_core::Operation::GetCharge]
    );
    assert!(kept.clone().capture_requested(usd(1), at(61)).is_err());
    let back = kept
        .observe(&reported_charge(CS::Captured, Some(usd(10_00))))
        .unwrap();
    assert_eq!(back.lifecycle.state(), &CS::Captured);
    // The ledger keeps it too, and says so.
    let mut ledger = one_time_ledger(usd(100_00), ApiVersion::V2);
    ledger
        .create_charge(charge_id(1), usd(10_00), ChargeCreation::Authorize, t0())
        .unwrap();
    let observation = ledger
        .observe_charge(&reported_charge(CS::Unknown("Later".into()), None))
        .unwrap();
    assert!(matches!(observation, Observation::UnknownState { .. }));
    assert_eq!(
        ledger.charge(&charge_id(1)).unwrap().lifecycle().state(),
        &CS::Unknown("Later".into())
    );
}

#[test]
fn observing_reports_from_elsewhere_fills_the_ledger() {
    // Complete Checkout Session created the charge; the merchant learns it by Get Charge.
    let mut ledger = one_time_ledger(usd(49_99), ApiVersion::V2);
    let mut charge: model::Charge =
        serde_json::from_str(include_str!("../fixtures/v2_charge_authorized.json")).unwrap();
    charge.charge_permission_id = Some(ledger.id().clone());
    let observation = ledger.observe_charge(&charge).unwrap();
    assert_eq!(
        observation,
        Observation::Added {
            state: CS::Authorized
        }
    );
    let id = charge.charge_id.clone().unwrap();
    let entry = ledger.charge(&id).unwrap().lifecycle();
    assert_eq!(entry.state(), &CS::Authorized);
    // Amazon's expirationTimestamp is the deadline.
    let change = entry.next_change().unwrap();
    assert_eq!(change.at, Timestamp::parse("20240331T102233Z").unwrap());
    assert_eq!(change.basis, DeadlineBasis::Amazon);
    let later = Timestamp::parse("20240301T110000Z").unwrap();
    ledger.capture(&id, usd(49_99), later).unwrap();
    assert_eq!(ledger.permission().state(), &CPS::Closed, "fully captured");
    // A report about another permission's charge is refused.
    charge.charge_permission_id = Some(ChargePermissionId::from("OTHER"));
    assert!(matches!(
        ledger.observe_charge(&charge),
        Err(LifecycleError::MismatchedReport { .. })
    ));
    // Permission reports update the limits and reasons.
    let permission: model::ChargePermission = serde_json::from_str(include_str!(
        "../fixtures/v2_charge_permission_onetime.json"
    ))
    .unwrap();
    let lifecycle = ChargePermissionLifecycle::from_model(&permission, ApiVersion::V2).unwrap();
    assert_eq!(lifecycle.state(), &CPS::NonChargeable);
    assert!(lifecycle.reasons().contains(&CPR::ChargeInProgress));
    assert!(
        lifecycle
            .reasons()
            .contains(&CPR::Unknown("SomethingAmazonAddedLater".into()))
    );
    assert_eq!(lifecycle.amount_balance(), Some(&usd(19_99)));
}

#[test]
fn refund_observations() {
    let refund = RefundLifecycle::initiated(usd(5_00), t0());
    let mut report = model::Refund::default();
    report.refund_amount = Some(usd(5_00));
    report.status_details = Some(model::RefundStatusDetails::with_state(RS::Refunded));
    let refunded = refund.observe(&report).unwrap().lifecycle;
    assert_eq!(refunded.state(), &RS::Refunded);
    report.status_details = Some(model::RefundStatusDetails::with_state(RS::RefundInitiated));
    assert!(refunded.observe(&report).is_err());
}

// ------------------------------------------------------------------ v1

#[test]
fn v1_one_capture_closes_the_permission() {
    let mut ledger = one_time_ledger(usd(100_00), ApiVersion::V1);
    ledger
        .create_charge(charge_id(1), usd(100_00), ChargeCreation::Authorize, t0())
        .unwrap();
    ledger.capture(&charge_id(1), usd(30_00), t0()).unwrap();
    assert_eq!(
        ledger.permission().state(),
        &CPS::Closed,
        "v1 closes after one capture"
    );
    let err = ledger.check_create_charge(&usd(1_00), t0()).unwrap_err();
    assert!(matches!(err, LifecycleError::OperationNotAllowed(_)));
    // The same in v2 leaves the permission chargeable for the remaining 70.00.
    let mut ledger = one_time_ledger(usd(100_00), ApiVersion::V2);
    ledger
        .create_charge(charge_id(1), usd(100_00), ChargeCreation::Authorize, t0())
        .unwrap();
    ledger.capture(&charge_id(1), usd(30_00), t0()).unwrap();
    assert_eq!(ledger.permission().state(), &CPS::Chargeable);
}

#[test]
fn v1_session_completes_when_the_buyer_returns() {
    let session = CheckoutSessionLifecycle::created(t0(), ApiVersion::V1);
    assert!(
        session.clone().completed(t0()).is_err(),
        "v1 has no Complete call"
    );
    assert_eq!(
        session.buyer_returned(t0()).unwrap().state(),
        &SS::Completed
    );
    let v2 = CheckoutSessionLifecycle::created(t0(), ApiVersion::V2)
        .buyer_returned(t0())
        .unwrap();
    assert_eq!(v2.state(), &SS::Open, "v2 waits for Complete");
}
