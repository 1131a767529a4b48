//! What each lifecycle says of itself — its dates, its version, what is
//! left — as its own accessors and `status` give it, after the reports that
//! set them. (Found by `scripts/mutants.sh`: each of these was a surviving
//! mutant of the rule book.)

use amazon_pay_core::lifecycle::{
    ChargeLifecycle, ChargePermissionLifecycle, CheckoutSessionLifecycle, LifecycleError,
};
use amazon_pay_core::model::{
    self, ChargePermissionState as CPS, ChargePermissionType, ChargeState as CS,
};
use amazon_pay_core::{ApiVersion, Currency, Price};

use crate::support::{DAY, at, charge_report, permission_report, t0, usd};

#[test]
fn a_charge_knows_when_it_was_authorized_and_what_amazon_dated() {
    let charge = ChargeLifecycle::authorized(usd(10_00), t0());
    assert_eq!(charge.authorized_at(), Some(t0()));
    assert_eq!(charge.expiration_reported(), None);
    let mut report = charge_report(1, CS::Authorized, Some(at(60)));
    report.expiration_timestamp = Some(at(30 * DAY));
    let seen = charge.observe(&report).unwrap().lifecycle;
    assert_eq!(seen.expiration_reported(), Some(at(30 * DAY)));
}

/// `refundable(refunded)` counts the larger of the merchant's figure and
/// Amazon's reported `refundedAmount`.
#[test]
fn a_charges_refundable_amount_counts_amazons_refunded_figure() {
    let captured = ChargeLifecycle::authorized(usd(100_00), t0())
        .capture_requested(usd(100_00), at(10))
        .unwrap();
    // 100.00 captured: 115.00 in all may be refunded (15 % allowance).
    assert_eq!(captured.refundable(&usd(0)).unwrap(), usd(115_00));
    let mut report = charge_report(1, CS::Captured, Some(at(60)));
    report.charge_amount = Some(usd(100_00));
    report.capture_amount = Some(usd(100_00));
    report.refunded_amount = Some(usd(40_00));
    let seen = captured.observe(&report).unwrap().lifecycle;
    assert_eq!(seen.refundable(&usd(0)).unwrap(), usd(75_00));
    assert_eq!(seen.refundable(&usd(50_00)).unwrap(), usd(65_00));
}

#[test]
fn a_permission_knows_its_date_and_what_it_can_still_charge() {
    let permission =
        ChargePermissionLifecycle::chargeable(ChargePermissionType::OneTime, t0(), ApiVersion::V2)
            .with_limits(Some(usd(50_00)), Some(usd(30_00)));
    assert_eq!(permission.created_at(), Some(t0()));
    assert_eq!(permission.status(at(60)).chargeable, Some(usd(30_00)));
    let closed = permission
        .observe(&permission_report(CPS::Closed, None, at(120)))
        .unwrap()
        .lifecycle;
    assert_eq!(
        closed.status(at(180)).chargeable,
        Some(Price::zero(Currency::Usd))
    );
}

/// A report whose limits are in another currency than the permission's is
/// refused, and the permission stays as it was.
#[test]
fn a_permission_report_in_another_currency_is_refused() {
    let permission =
        ChargePermissionLifecycle::chargeable(ChargePermissionType::OneTime, t0(), ApiVersion::V2)
            .with_limits(Some(usd(50_00)), None);
    let mut report = permission_report(CPS::Chargeable, None, at(60));
    let mut limits = model::Limits::default();
    limits.amount_balance = Some(Price::from_minor_units(5000, Currency::Eur));
    report.limits = Some(limits);
    let refused = permission.clone().observe(&report).unwrap_err();
    assert!(
        matches!(refused.error, LifecycleError::ReportBreaksRule { .. }),
        "{}",
        refused.error
    );
    assert_eq!(refused.lifecycle, permission);
}

#[test]
fn a_session_knows_its_date_and_version() {
    for version in [ApiVersion::V1, ApiVersion::V2] {
        let session = CheckoutSessionLifecycle::created(t0(), version);
        assert_eq!(session.created_at(), Some(t0()));
        assert_eq!(session.api_version(), version);
    }
}

/// The events a session takes are listed by its state: all of them while
/// Open (v2 completes with Complete Checkout Session), none once final.
#[test]
fn a_session_lists_the_events_its_state_takes() {
    let open = CheckoutSessionLifecycle::created(t0(), ApiVersion::V2);
    assert_eq!(
        open.allowed_events(),
        [
            "updated",
            "buyer_returned",
            "completed",
            "buyer_canceled",
            "declined",
            "amazon_canceled",
            "expired"
        ]
    );
    let completed = open.completed(at(60)).unwrap();
    assert!(completed.allowed_events().is_empty());
    let refused = completed.updated(at(120)).unwrap_err();
    match refused.error {
        LifecycleError::IllegalTransition(e) => assert!(e.allowed.is_empty(), "{e}"),
        other => panic!("{other}"),
    }
}

#[test]
fn a_ledger_takes_the_lower_of_amazons_and_its_own_monthly_cap() {
    use amazon_pay_core::Region;
    use amazon_pay_core::lifecycle::Ledger;
    use amazon_pay_core::model::ChargePermissionId;
    let permission = ChargePermissionLifecycle::chargeable(
        ChargePermissionType::Recurring,
        t0(),
        ApiVersion::V2,
    );
    let ledger = Ledger::new(ChargePermissionId::from("S01-1"), permission, Region::Na);
    // Amazon's published cap for a US recurring permission: 1,000 USD.
    assert_eq!(ledger.monthly_limit(&Currency::Usd), Some(usd(1_000_00)));
    let lower = ledger.clone().with_monthly_limit(usd(500_00));
    assert_eq!(lower.monthly_limit(&Currency::Usd), Some(usd(500_00)));
    let higher = ledger.clone().with_monthly_limit(usd(2_000_00));
    assert_eq!(higher.monthly_limit(&Currency::Usd), Some(usd(1_000_00)));
    // A cap of one's own in another currency does not apply.
    let euros = ledger.with_monthly_limit(Price::from_minor_units(1_00, Currency::Eur));
    assert_eq!(euros.monthly_limit(&Currency::Usd), Some(usd(1_000_00)));
}

/// A lifecycle stored before the two clocks were kept apart has one time,
/// `updatedAt`: it stands for both until the next change, which splits it.
#[test]
fn a_lifecycle_stored_with_one_clock_reads_it_as_both() {
    use amazon_pay_core::lifecycle::Observation;
    fn strip(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(members) => {
                members.remove("reportedAt");
                members.remove("localAt");
                members.values_mut().for_each(strip);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let legacy = || {
        let charge = ChargeLifecycle::authorized(usd(10_00), at(100));
        let mut json = serde_json::to_value(&charge).unwrap();
        strip(&mut json);
        assert!(json.to_string().contains("updatedAt"), "{json}");
        serde_json::from_value::<ChargeLifecycle>(json).unwrap()
    };
    // As Amazon's clock: a report dated before it is stale.
    let seen = legacy()
        .observe(&charge_report(1, CS::Authorized, Some(at(50))))
        .unwrap();
    assert!(
        matches!(seen.observation, Observation::Stale { .. }),
        "{:?}",
        seen.observation
    );
    // As the merchant's clock: an event dated before it is refused.
    let refused = legacy().capture_requested(usd(10_00), at(50)).unwrap_err();
    assert!(
        matches!(refused.error, LifecycleError::TimeWentBackwards { .. }),
        "{}",
        refused.error
    );
    // After the next change both clocks are kept: a report dated before
    // the stored time is still stale.
    let captured = legacy().capture_requested(usd(10_00), at(200)).unwrap();
    let mut report = charge_report(1, CS::Captured, Some(at(90)));
    report.charge_amount = Some(usd(10_00));
    let seen = captured.observe(&report).unwrap();
    assert!(
        matches!(seen.observation, Observation::Stale { .. }),
        "{:?}",
        seen.observation
    );
}

/// Amazon confirming what the crate predicted is an applied report, not an
/// overruled prediction; reporting something else overrules it.
#[test]
fn a_confirmed_prediction_is_applied_and_a_contrary_report_overrules_it() {
    use amazon_pay_core::lifecycle::Observation;
    let predicted = ChargeLifecycle::authorized(usd(10_00), t0()).advance(at(31 * DAY));
    assert!(predicted.is_predicted());
    assert_eq!(predicted.state(), &CS::Canceled);
    let confirmed = predicted
        .clone()
        .observe(&charge_report(1, CS::Canceled, Some(at(30 * DAY + 1))))
        .unwrap();
    assert_eq!(
        confirmed.observation,
        Observation::Applied {
            from: CS::Canceled,
            to: CS::Canceled
        }
    );
    let overruled = predicted
        .observe(&charge_report(1, CS::Captured, Some(at(29 * DAY))))
        .unwrap();
    assert_eq!(
        overruled.observation,
        Observation::PredictionOverruled {
            predicted: CS::Canceled,
            reported: CS::Captured
        }
    );
}

#[test]
fn a_refund_knows_its_date_its_events_and_its_currency() {
    use amazon_pay_core::lifecycle::RefundLifecycle;
    use amazon_pay_core::model::{RefundReasonCode, RefundState as RS};
    let refund = RefundLifecycle::initiated(usd(5_00), t0());
    assert_eq!(refund.created_at(), Some(t0()));
    assert_eq!(refund.allowed_events(), ["refunded", "declined"]);
    let refunded = refund.clone().refunded().unwrap();
    assert!(refunded.allowed_events().is_empty());
    let refused = refunded
        .declined(RefundReasonCode::AmazonRejected)
        .unwrap_err();
    assert!(
        refused.error.to_string().contains("cannot take `declined`"),
        "{}",
        refused.error
    );
    // A report in another currency is refused, the refund kept as it was.
    let mut report = crate::support::refund_report(
        1,
        "S01-1-C0000001-R1",
        RS::Refunded,
        Price::from_minor_units(5_00, Currency::Eur),
    );
    report
        .status_details
        .as_mut()
        .unwrap()
        .last_updated_timestamp = Some(at(60));
    let refused = refund.clone().observe(&report).unwrap_err();
    assert!(
        matches!(refused.error, LifecycleError::ReportBreaksRule { .. }),
        "{}",
        refused.error
    );
    assert_eq!(refused.lifecycle, refund);
}

/// The published monthly caps, row by row (spec §7.3), and none where
/// nothing is published.
#[test]
fn the_published_monthly_caps() {
    use amazon_pay_core::Region;
    use amazon_pay_core::lifecycle::rules::monthly_limit;
    let major = |units: u64, currency: Currency| {
        let scale = 10u64.pow(u32::from(currency.exponent()));
        Some(Price::from_minor_units(units * scale, currency))
    };
    use ChargePermissionType::{OneTime, PaymentMethodOnFile as Pmof, Recurring};
    let rows = [
        (
            Recurring,
            Region::Na,
            Currency::Usd,
            major(1_000, Currency::Usd),
        ),
        (
            Recurring,
            Region::Jp,
            Currency::Jpy,
            major(100_000, Currency::Jpy),
        ),
        (Recurring, Region::Eu, Currency::Eur, None),
        (
            Pmof,
            Region::Na,
            Currency::Usd,
            major(15_000, Currency::Usd),
        ),
        (
            Pmof,
            Region::Jp,
            Currency::Jpy,
            major(2_000_000, Currency::Jpy),
        ),
        (
            Pmof,
            Region::Eu,
            Currency::Eur,
            major(15_000, Currency::Eur),
        ),
        (
            Pmof,
            Region::Eu,
            Currency::Gbp,
            major(15_000, Currency::Gbp),
        ),
        (
            Pmof,
            Region::Eu,
            Currency::Sek,
            major(150_000, Currency::Sek),
        ),
        (
            Pmof,
            Region::Eu,
            Currency::Jpy,
            major(2_000_000, Currency::Jpy),
        ),
        (Pmof, Region::Na, Currency::Eur, None),
        (OneTime, Region::Na, Currency::Usd, None),
    ];
    for (kind, region, currency, expected) in rows {
        assert_eq!(
            monthly_limit(&kind, region, &currency),
            expected,
            "{kind:?} {region:?} {currency:?}"
        );
    }
}

/// Months are counted in every zone from UTC−12 to UTC+14, a quarter of an
/// hour apart: two instants 30 days apart share a month only because
/// UTC+14 has both in April.
#[test]
fn months_are_counted_from_utc_minus_12_to_utc_plus_14() {
    use amazon_pay_core::Timestamp;
    use amazon_pay_core::lifecycle::rules::{month_zones, same_month_somewhere};
    let zones: Vec<i64> = month_zones().map(|z| z.whole_minutes()).collect();
    assert_eq!(zones.len(), 26 * 4 + 1);
    assert_eq!(zones.first(), Some(&(-12 * 60)));
    assert_eq!(zones.last(), Some(&(14 * 60)));
    assert!(zones.windows(2).all(|w| w[1] - w[0] == 15));
    let ts = |text| Timestamp::parse(text).unwrap();
    // 10:30 UTC on 31 March is already 1 April at UTC+14 (00:30).
    assert!(same_month_somewhere(
        ts("20240331T103000Z"),
        ts("20240430T090000Z")
    ));
    // An hour earlier it is not, anywhere.
    assert!(!same_month_somewhere(
        ts("20240331T093000Z"),
        ts("20240430T090000Z")
    ));
}

#[test]
fn a_soft_descriptor_reads_back_as_written() {
    use amazon_pay_core::lifecycle::SoftDescriptor;
    assert_eq!(
        SoftDescriptor::parse("SHOP*1042").unwrap().as_str(),
        "SHOP*1042"
    );
}

/// A charge canceled by the merchant did not expire, and a refusal on a
/// charge whose amounts are known offers no "Get Charge first".
#[test]
fn a_charges_refusals_say_expired_and_get_first_only_when_so() {
    use amazon_pay_core::Operation;
    use amazon_pay_core::lifecycle::Remedy;
    let canceled = ChargeLifecycle::authorized(usd(10_00), t0())
        .cancel_requested(at(10))
        .unwrap();
    match canceled
        .require(Operation::CaptureCharge, at(20))
        .unwrap_err()
    {
        LifecycleError::OperationNotAllowed(e) => assert_eq!(e.remedy, None, "{e}"),
        other => panic!("not an expiry: {other}"),
    }
    let expired = ChargeLifecycle::authorized(usd(10_00), t0()).advance(at(31 * DAY));
    assert!(matches!(
        expired.require(Operation::CaptureCharge, at(31 * DAY)),
        Err(LifecycleError::Expired(_))
    ));
    let authorized = ChargeLifecycle::authorized(usd(10_00), t0());
    match authorized
        .require(Operation::CreateRefund, at(20))
        .unwrap_err()
    {
        LifecycleError::OperationNotAllowed(e) => assert_eq!(e.remedy, None, "{e}"),
        other => panic!("{other}"),
    }
    let captured = authorized.capture_requested(usd(10_00), at(30)).unwrap();
    match captured
        .require(Operation::CaptureCharge, at(40))
        .unwrap_err()
    {
        LifecycleError::OperationNotAllowed(e) => {
            assert_ne!(e.remedy, Some(Remedy::GetChargeFirst), "{e}")
        }
        other => panic!("{other}"),
    }
    assert_eq!(
        ChargeLifecycle::authorized(usd(10_00), t0())
            .allowed_events()
            .len(),
        ChargeLifecycle::authorized(usd(10_00), t0())
            .allowed_events()
            .iter()
            .filter(|name| !name.is_empty())
            .count()
    );
    assert!(
        ChargeLifecycle::authorized(usd(10_00), t0())
            .allowed_events()
            .contains(&"capture_requested")
    );
}

/// A permission's reasons: a set, read back in Amazon's documentation
/// order whatever the order they came in, unknown ones after, each once.
#[test]
fn a_permissions_reasons_are_a_set_in_amazons_order() {
    use amazon_pay_core::lifecycle::Reasons;
    use amazon_pay_core::model::ChargePermissionReasonCode as R;
    let unknown = R::Unknown("UnderReview".into());
    let reasons = Reasons::from(vec![
        R::ChargeInProgress,
        unknown.clone(),
        R::PaymentMethodInvalid,
        unknown.clone(),
        R::ChargeInProgress,
    ]);
    let read: Vec<&R> = reasons.iter().collect();
    assert_eq!(
        read,
        [&R::PaymentMethodInvalid, &R::ChargeInProgress, &unknown]
    );
    assert!(reasons.contains(&unknown) && reasons.contains(&R::ChargeInProgress));
    assert!(!reasons.contains(&R::Expired));
    assert!(!reasons.is_empty());
    assert!(!Reasons::from(vec![unknown]).is_empty());
    assert!(!Reasons::from(vec![R::Expired]).is_empty());
    assert!(Reasons::default().is_empty());
    assert_eq!(
        serde_json::to_value(&reasons).unwrap(),
        serde_json::json!(["PaymentMethodInvalid", "ChargeInProgress", "UnderReview"])
    );
}

/// An expired permission is refused as expired, with when; one the
/// merchant closed is refused as not allowed.
#[test]
fn a_permission_refuses_as_expired_only_when_it_expired() {
    use amazon_pay_core::Operation;
    use amazon_pay_core::lifecycle::Remedy;
    let open = || {
        ChargePermissionLifecycle::chargeable(ChargePermissionType::OneTime, t0(), ApiVersion::V2)
    };
    let (expires, _) = open().expires_at().expect("a OneTime permission expires");
    let later = expires.checked_add(time::Duration::days(1)).unwrap();
    match open().require(Operation::CreateCharge, later).unwrap_err() {
        LifecycleError::Expired(e) => {
            assert_eq!(e.at, Some(expires));
            assert_eq!(e.remedy, Remedy::NewCheckoutSession);
        }
        other => panic!("{other}"),
    }
    let closed = open().merchant_closed(at(60)).unwrap();
    assert!(matches!(
        closed.require(Operation::CreateCharge, at(120)),
        Err(LifecycleError::OperationNotAllowed(_))
    ));
}
