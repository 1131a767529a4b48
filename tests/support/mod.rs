//! Helpers shared by the rule-book tests.
#![allow(dead_code)]

use amazon_pay_core::lifecycle::{ChargePermissionLifecycle, Ledger};
use amazon_pay_core::model;
use amazon_pay_core::model::{
    ChargeId, ChargePermissionId, ChargePermissionReasonCode as CPR, ChargePermissionState as CPS,
    ChargePermissionType, ChargeState as CS, RefundId, RefundState as RS,
};
use amazon_pay_core::{ApiVersion, Currency, Price, Region, Timestamp};
use time::Duration;

pub const DAY: i64 = 86_400;

pub fn t0() -> Timestamp {
    Timestamp::parse("20240301T100000Z").unwrap()
}

pub fn at(seconds: i64) -> Timestamp {
    t0().checked_add(Duration::seconds(seconds)).unwrap()
}

pub fn usd(cents: u64) -> Price {
    Price::from_minor_units(cents, Currency::Usd)
}

pub fn charge_id(n: usize) -> ChargeId {
    ChargeId::from(format!("S01-1-C{n:07}"))
}

pub fn ledger(limit: Price, version: ApiVersion) -> Ledger {
    let permission =
        ChargePermissionLifecycle::chargeable(ChargePermissionType::OneTime, t0(), version)
            .with_limits(Some(limit), None);
    Ledger::new(ChargePermissionId::from("S01-1"), permission, Region::Na)
}

pub fn charge_report(n: usize, state: CS, updated: Option<Timestamp>) -> model::Charge {
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

pub fn refund_report(charge: usize, id: &str, state: RS, amount: Price) -> model::Refund {
    let mut refund = model::Refund::default();
    refund.refund_id = Some(RefundId::from(id));
    refund.charge_id = Some(charge_id(charge));
    refund.refund_amount = Some(amount);
    refund.status_details = Some(model::RefundStatusDetails::with_state(state));
    refund
}

pub fn permission_report(
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

pub fn unknown_charge() -> CS {
    CS::Unknown("UnderReview".into())
}
