//! Charge Permissions, Charges, Refunds and Delivery Trackers, answered
//! through the core's rule book: one file per object, the records in
//! `records`, and here what they share (ids, timers, answers).

mod charge;
mod permission;
pub(crate) mod records;
mod refund;
mod tracker;

use amazon_pay_core::lifecycle::{ChargeCreation, Ledger, LifecycleError};
use amazon_pay_core::model;
use amazon_pay_core::model::{
    ChargeId, ChargePermissionId, ChargeReasonCode, ChargeState, ChargeStatusDetails, RefundId,
    RefundState, RefundStatusDetails,
};
use amazon_pay_core::operation::Response;
use amazon_pay_core::{Price, Timestamp};

use crate::answer::{Answer, error, json_answer};
use crate::payment::records::{Later, PermissionRecord, Timer};
use crate::simulation::TestPaymentMethod;
use crate::{CAPTURE_SETTLES_AFTER, PENDING_AUTHORIZATION, Sandbox};
impl Sandbox {
    fn new_charge_id(&mut self, permission: &ChargePermissionId) -> ChargeId {
        let n = self.fresh();
        ChargeId::from(format!("{permission}-C{:07}", n % 10_000_000))
    }

    /// A pending authorization resolves 30 s later, as the card says.
    fn after_creation(
        &mut self,
        permission: &ChargePermissionId,
        charge: &ChargeId,
        creation: ChargeCreation,
        method: TestPaymentMethod,
        at: Timestamp,
    ) {
        if creation == ChargeCreation::AuthorizePending {
            self.schedule(
                at,
                PENDING_AUTHORIZATION,
                permission,
                Later::Authorization {
                    charge: charge.clone(),
                    approved: method != TestPaymentMethod::PendingThenDeclined,
                },
            );
        }
    }

    fn schedule(
        &mut self,
        at: Timestamp,
        after: amazon_pay_core::time::Duration,
        permission: &ChargePermissionId,
        event: Later,
    ) {
        self.timers.push(Timer {
            at: at.checked_add(after).unwrap_or(at),
            permission: permission.clone(),
            event,
        });
    }

    /// An asynchronous capture of `charge` ends after
    /// [`CAPTURE_SETTLES_AFTER`]: captured, or declined.
    fn settle_capture_later(
        &mut self,
        at: Timestamp,
        permission: &ChargePermissionId,
        charge: &ChargeId,
        approved: bool,
    ) {
        let event = Later::Capture {
            charge: charge.clone(),
            approved,
        };
        self.schedule(at, CAPTURE_SETTLES_AFTER, permission, event);
    }

    // ------------------------------------------------------------ permissions

    /// Applies every timer due at `at`, oldest first, as Amazon's reports
    /// through the ledger.
    pub(crate) fn fire_timers(&mut self, at: Timestamp) {
        self.timers.sort_by_key(|timer| timer.at);
        let due = self.timers.partition_point(|timer| timer.at <= at);
        let fired: Vec<Timer> = self.timers.drain(..due).collect();
        for timer in fired {
            let Some(record) = self.permissions.get_mut(&timer.permission) else {
                continue;
            };
            let ledger = &mut record.ledger;
            // A report the rule book refuses (the object moved on meanwhile,
            // e.g. a canceled charge) changes nothing, as with Amazon.
            let _ = match &timer.event {
                Later::Authorization { charge, approved } => {
                    let (state, reason) = if *approved {
                        (ChargeState::Authorized, None)
                    } else {
                        (ChargeState::Declined, Some(ChargeReasonCode::HardDeclined))
                    };
                    let report = charge_report(ledger, charge, state, reason, None, timer.at);
                    ledger.observe_charge(&report).map(|_| ())
                }
                Later::Capture { charge, approved } => {
                    let (state, reason) = if *approved {
                        (ChargeState::Captured, None)
                    } else {
                        (
                            ChargeState::Declined,
                            Some(ChargeReasonCode::AmazonRejected),
                        )
                    };
                    let captured = ledger
                        .charge(charge)
                        .and_then(|c| c.lifecycle().captured_amount().cloned());
                    let report = charge_report(ledger, charge, state, reason, captured, timer.at);
                    ledger.observe_charge(&report).map(|_| ())
                }
                Later::Refund { refund } => settle_refund(ledger, refund, timer.at),
            };
        }
    }

    // ------------------------------------------------------------ lookups

    fn permission(&self, id: &ChargePermissionId) -> Result<&PermissionRecord, Response> {
        self.permissions
            .get(id)
            .ok_or_else(|| missing("charge permission", id))
    }

    fn permission_of_charge(&self, id: &ChargeId) -> Result<ChargePermissionId, Response> {
        self.charges
            .get(id)
            .cloned()
            .ok_or_else(|| missing("charge", id))
    }

    fn charge_answer(&self, status: u16, id: &ChargeId, at: Timestamp) -> Answer {
        let permission = self.permission_of_charge(id)?;
        let record = self.permission(&permission)?;
        let entry = record
            .ledger
            .charge(id)
            .ok_or_else(|| missing("charge", id))?;
        Ok(json_answer(
            status,
            &self.render_charge(&permission, entry, record.charge_data.get(id), at),
        ))
    }

    fn refund_answer(&self, status: u16, id: &RefundId) -> Answer {
        let permission = self.refunds.get(id).ok_or_else(|| missing("refund", id))?;
        let record = self.permission(permission)?;
        let found = record.ledger.charges().iter().find_map(|charge| {
            charge
                .refunds()
                .iter()
                .find(|r| r.id() == id)
                .map(|r| (charge.id(), r))
        });
        let (charge, refund) = found.ok_or_else(|| missing("refund", id))?;
        let descriptor = record.refund_descriptors.get(id).cloned();
        Ok(json_answer(
            status,
            &self.render_refund(charge, refund, descriptor),
        ))
    }
}

/// Amazon's report of a charge's new state, as a merchant would read it.
fn charge_report(
    ledger: &Ledger,
    id: &ChargeId,
    state: ChargeState,
    reason: Option<ChargeReasonCode>,
    captured: Option<Price>,
    at: Timestamp,
) -> model::Charge {
    let mut report = model::Charge::default();
    report.charge_id = Some(id.clone());
    report.charge_permission_id = Some(ledger.id().clone());
    report.charge_amount = ledger
        .charge(id)
        .map(|c| c.lifecycle().charge_amount().clone());
    report.capture_amount = captured;
    let mut status = ChargeStatusDetails::default();
    status.state = Some(state);
    status.reason_code = reason;
    status.last_updated_timestamp = Some(at);
    report.status_details = Some(status);
    report
}

fn settle_refund(ledger: &mut Ledger, id: &RefundId, at: Timestamp) -> Result<(), LifecycleError> {
    let Some((charge, amount)) = ledger.charges().iter().find_map(|c| {
        c.refunds()
            .iter()
            .find(|r| r.id() == id)
            .map(|r| (c.id().clone(), r.lifecycle().amount().clone()))
    }) else {
        return Ok(());
    };
    let mut report = model::Refund::default();
    report.refund_id = Some(id.clone());
    report.charge_id = Some(charge);
    report.refund_amount = Some(amount);
    let mut status = RefundStatusDetails::default();
    status.state = Some(RefundState::Refunded);
    status.last_updated_timestamp = Some(at);
    report.status_details = Some(status);
    ledger.observe_refund(&report).map(|_| ())
}

fn missing(what: &str, id: &impl std::fmt::Display) -> Response {
    error(404, "ResourceNotFound", format!("No {what} {id}"))
}
