//! What the ledger makes of Amazon's reports for the figures that span
//! objects: the refunded total after a stale report, the balance after a
//! report without one, a charge first seen in a report. (Surviving mutants
//! of `Ledger::observe_*` found by `scripts/mutants.sh`.)

use amazon_pay_core::lifecycle::{ChargeCreation, ChargePermissionLifecycle, Ledger};
use amazon_pay_core::model::{
    self, ChargePermissionId, ChargePermissionState as CPS, ChargePermissionType,
    ChargeState as CS, RefundId,
};
use amazon_pay_core::{ApiVersion, Currency, Price, Region};

use crate::support::{DAY, at, charge_id, charge_report, ledger, permission_report, t0, usd};

/// A stale report carrying `refundedAmount` changes nothing: refunds made
/// after the report it repeats still count on top of Amazon's figure.
#[test]
fn a_stale_report_leaves_the_refunded_total_alone() {
    let mut ledger = ledger(usd(100_00), ApiVersion::V2);
    ledger
        .create_charge(
            charge_id(1),
            usd(100_00),
            ChargeCreation::CaptureNow,
            at(10),
        )
        .unwrap();
    let mut fresh = charge_report(1, CS::Captured, Some(at(100)));
    fresh.charge_amount = Some(usd(100_00));
    fresh.capture_amount = Some(usd(100_00));
    fresh.refunded_amount = Some(usd(20_00));
    ledger.observe_charge(&fresh).unwrap();
    ledger
        .refund(&charge_id(1), RefundId::from("R-1"), usd(10_00), at(200))
        .unwrap();
    let total = |ledger: &Ledger| {
        ledger
            .charge(&charge_id(1))
            .unwrap()
            .refunded_for_rules()
            .unwrap()
    };
    assert_eq!(total(&ledger), usd(30_00));
    let mut stale = fresh.clone();
    stale
        .status_details
        .as_mut()
        .unwrap()
        .last_updated_timestamp = Some(at(50));
    ledger.observe_charge(&stale).unwrap();
    assert_eq!(
        total(&ledger),
        usd(30_00),
        "the stale report changed nothing"
    );
}

/// A report of the permission without a balance does not move the point
/// from which local charges count against the last reported balance.
#[test]
fn a_report_without_a_balance_keeps_the_last_balance_basis() {
    let permission = ChargePermissionLifecycle::chargeable(
        ChargePermissionType::Recurring,
        t0(),
        ApiVersion::V2,
    );
    let mut ledger = Ledger::new(ChargePermissionId::from("S01-1"), permission, Region::Jp);
    let jpy = |units| Price::from_minor_units(units, Currency::Jpy);
    let mut report = permission_report(CPS::Chargeable, None, at(100));
    let mut limits = model::Limits::default();
    limits.amount_balance = Some(jpy(90_000));
    report.limits = Some(limits);
    ledger.observe_permission(&report).unwrap();
    ledger
        .create_charge(
            charge_id(1),
            jpy(10_000),
            ChargeCreation::CaptureNow,
            at(200),
        )
        .unwrap();
    assert_eq!(ledger.balance(at(300)).unwrap(), Some(jpy(80_000)));
    // A newer report without limits: the balance still counts the charge.
    ledger
        .observe_permission(&permission_report(CPS::Chargeable, None, at(400)))
        .unwrap();
    assert_eq!(ledger.balance(at(500)).unwrap(), Some(jpy(80_000)));
}

/// A charge first seen in a report has its consequences: a capture of the
/// whole amount closes a OneTime permission (predicted).
#[test]
fn a_charge_first_seen_captured_closes_a_one_time_permission() {
    let mut ledger = ledger(usd(50_00), ApiVersion::V2);
    let mut report = charge_report(1, CS::Captured, Some(at(DAY)));
    report.charge_amount = Some(usd(50_00));
    report.capture_amount = Some(usd(50_00));
    ledger.observe_charge(&report).unwrap();
    assert_eq!(ledger.permission().state(), &CPS::Closed);
    assert!(ledger.permission().is_predicted());
}

/// What a recurring permission can still charge this month is bounded by
/// the monthly cap (1,000 USD in the US).
#[test]
fn a_recurring_permissions_chargeable_amount_counts_the_monthly_cap() {
    let permission = ChargePermissionLifecycle::chargeable(
        ChargePermissionType::Recurring,
        t0(),
        ApiVersion::V2,
    );
    let mut ledger = Ledger::new(ChargePermissionId::from("S01-1"), permission, Region::Na);
    ledger
        .create_charge(
            charge_id(1),
            usd(900_00),
            ChargeCreation::CaptureNow,
            at(10),
        )
        .unwrap();
    assert_eq!(
        ledger.status(at(20)).permission.chargeable,
        Some(usd(100_00))
    );
}
