//! Charge Permissions, Charges, Refunds and Delivery Trackers — each change
//! made by the core's `Ledger`, which refuses what Amazon refuses.

use amazon_pay_core::lifecycle::{
    ChargeCreation, ChargePermissionLifecycle, Ledger, LifecycleError, Operation,
};
use amazon_pay_core::model::{
    self, ChargeId, ChargePermission, ChargePermissionId, ChargePermissionReason,
    ChargePermissionReasonCode, ChargePermissionState, ChargePermissionStatusDetails,
    ChargePermissionType, ChargeReasonCode, ChargeState, ChargeStatusDetails, DeliveryTracker,
    RefundId, RefundState, RefundStatusDetails,
};
use amazon_pay_core::operation::Response;
use amazon_pay_core::{ApiVersion, Price, Timestamp};
use serde_json::Value;

use crate::answer::{Answer, SandboxRequest, error, json_answer};
use crate::body::read_body;
use crate::refusal::refusal;
use crate::simulation::{SimulatedCall, Simulation, TestPaymentMethod, simulation};
use crate::{CAPTURE_SETTLES_AFTER, PENDING_AUTHORIZATION, REFUND_SETTLES_AFTER, Sandbox};

/// A permission: the rule book's ledger, the buyer's payment method, the
/// merchant's data.
#[derive(Debug, Clone)]
pub(crate) struct PermissionRecord {
    pub(crate) ledger: Ledger,
    pub(crate) method: TestPaymentMethod,
    pub(crate) data: ChargePermission,
}

/// A change Amazon makes later by itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Timer {
    pub(crate) at: Timestamp,
    pub(crate) permission: ChargePermissionId,
    pub(crate) event: Later,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Later {
    /// A pending authorization ends: authorized, or declined (`HardDeclined`).
    Authorization { charge: ChargeId, approved: bool },
    /// A `CaptureInitiated` charge ends: captured, or declined (`AmazonRejected`).
    Capture { charge: ChargeId, approved: bool },
    /// A refund is processed.
    Refund { refund: RefundId },
}

impl Sandbox {
    /// Creates the permission of a completed session, and its charge.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn open_permission(
        &mut self,
        kind: ChargePermissionType,
        limit: Price,
        method: TestPaymentMethod,
        version: ApiVersion,
        at: Timestamp,
        creation: Option<ChargeCreation>,
        amount: &Price,
    ) -> Result<(ChargePermissionId, Option<ChargeId>), Response> {
        let n = self.fresh();
        let id = ChargePermissionId::from(format!(
            "S01-{:07}-{:07}",
            n % 10_000_000,
            (n >> 32) % 10_000_000
        ));
        let mut lifecycle = ChargePermissionLifecycle::chargeable(kind.clone(), at, version);
        if kind == ChargePermissionType::OneTime {
            lifecycle = lifecycle.with_limits(Some(limit.clone()), Some(limit));
        }
        let mut record = PermissionRecord {
            ledger: Ledger::new(id.clone(), lifecycle, self.region),
            method,
            data: ChargePermission::default(),
        };
        record.data.charge_permission_type = Some(kind);
        let charge = match creation {
            Some(creation) => {
                let charge = self.new_charge_id(&id);
                record
                    .ledger
                    .create_charge(charge.clone(), amount.clone(), creation, at)
                    .map_err(|e| refusal(&e))?;
                self.after_creation(&id, &charge, creation, method, at);
                Some(charge)
            }
            None => None,
        };
        if let Some(charge) = &charge {
            self.charges.insert(charge.clone(), id.clone());
        }
        self.permissions.insert(id.clone(), record);
        Ok((id, charge))
    }

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

    // ------------------------------------------------------------ permissions

    pub(crate) fn get_permission(&self, id: &ChargePermissionId, at: Timestamp) -> Answer {
        let record = self.permission(id)?;
        Ok(json_answer(200, &self.render_permission(record, at)))
    }

    pub(crate) fn update_permission(
        &mut self,
        id: &ChargePermissionId,
        at: Timestamp,
        request: &SandboxRequest,
    ) -> Answer {
        let changes: ChargePermission =
            read_body(&request.body, &["merchantMetadata", "recurringMetadata"])?;
        let record = self.permission(id)?;
        record
            .ledger
            .permission()
            .require(Operation::UpdateChargePermission, at)
            .map_err(|e| refusal(&e))?;
        let record = self
            .permissions
            .get_mut(id)
            .ok_or_else(|| missing("charge permission", id))?;
        record.data.merchant_metadata = changes
            .merchant_metadata
            .or(record.data.merchant_metadata.take());
        record.data.recurring_metadata = changes
            .recurring_metadata
            .or(record.data.recurring_metadata.take());
        self.get_permission(id, at)
    }

    pub(crate) fn close_permission(
        &mut self,
        id: &ChargePermissionId,
        at: Timestamp,
        request: &SandboxRequest,
        code: Option<&str>,
    ) -> Answer {
        let body: Value = read_body(&request.body, &["closureReason", "cancelPendingCharges"])?;
        let simulated = simulation(code, SimulatedCall::Close)?;
        let reason = body
            .get("closureReason")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if reason.is_empty() {
            return Err(error(
                400,
                "MissingParameterValue",
                "closureReason is required",
            ));
        }
        let cancel = body
            .get("cancelPendingCharges")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let record = self
            .permissions
            .get_mut(id)
            .ok_or_else(|| missing("charge permission", id))?;
        if simulated == Some(Simulation::AmazonClosed) {
            record
                .ledger
                .permission()
                .require(Operation::CloseChargePermission, at)
                .map_err(|e| refusal(&e))?;
            let mut report = ChargePermission::default();
            report.charge_permission_id = Some(id.clone());
            report.status_details = Some(permission_status(
                ChargePermissionState::Closed,
                &[ChargePermissionReasonCode::AmazonClosed],
                at,
            ));
            record
                .ledger
                .observe_permission(&report)
                .map_err(|e| refusal(&e))?;
        } else {
            record.ledger.close(cancel, at).map_err(|e| refusal(&e))?;
        }
        self.get_permission(id, at)
    }

    // ------------------------------------------------------------ charges

    pub(crate) fn create_charge(
        &mut self,
        at: Timestamp,
        request: &SandboxRequest,
        code: Option<&str>,
    ) -> Answer {
        const FIELDS: &[&str] = &[
            "chargePermissionId",
            "chargeAmount",
            "captureNow",
            "softDescriptor",
            "canHandlePendingAuthorization",
            "merchantMetadata",
            "providerMetadata",
            "platformId",
            "chargeInitiator",
            "channel",
            "webCheckoutDetails",
        ];
        let body: model::Charge = read_body(&request.body, FIELDS)?;
        let simulated = simulation(code, SimulatedCall::CreateCharge)?;
        let id = body.charge_permission_id.clone().ok_or_else(|| {
            error(
                400,
                "MissingParameterValue",
                "chargePermissionId is required",
            )
        })?;
        let amount = body
            .charge_amount
            .clone()
            .ok_or_else(|| error(400, "MissingParameterValue", "chargeAmount is required"))?;
        let record = self.permission(&id)?;
        record
            .ledger
            .check_create_charge(&amount, at)
            .map_err(|e| refusal(&e))?;
        if let Some(Simulation::ChargeDeclined(reason)) = simulated {
            return Err(error(
                422,
                reason,
                format!("The authorization was declined ({reason}; simulated)"),
            ));
        }
        let method = record.method;
        let creation = if body.capture_now == Some(true) {
            ChargeCreation::CaptureNow
        } else if method.is_pending() {
            if body.can_handle_pending_authorization != Some(true) {
                return Err(error(
                    422,
                    "TransactionTimedOut",
                    "The authorization could not complete synchronously; set canHandlePendingAuthorization",
                ));
            }
            ChargeCreation::AuthorizePending
        } else {
            ChargeCreation::Authorize
        };
        let charge = self.new_charge_id(&id);
        let record = self
            .permissions
            .get_mut(&id)
            .ok_or_else(|| missing("charge permission", &id))?;
        record
            .ledger
            .create_charge(charge.clone(), amount, creation, at)
            .map_err(|e| refusal(&e))?;
        self.charges.insert(charge.clone(), id.clone());
        self.after_creation(&id, &charge, creation, method, at);
        self.charge_answer(201, &charge, at)
    }

    pub(crate) fn get_charge(&self, id: &ChargeId, at: Timestamp) -> Answer {
        self.charge_answer(200, id, at)
    }

    pub(crate) fn capture_charge(
        &mut self,
        id: &ChargeId,
        at: Timestamp,
        request: &SandboxRequest,
        code: Option<&str>,
    ) -> Answer {
        let body: model::Charge = read_body(&request.body, &["captureAmount", "softDescriptor"])?;
        let simulated = simulation(code, SimulatedCall::Capture)?;
        let amount = body
            .capture_amount
            .ok_or_else(|| error(400, "MissingParameterValue", "captureAmount is required"))?;
        let permission = self.permission_of_charge(id)?;
        let record = self
            .permissions
            .get_mut(&permission)
            .ok_or_else(|| missing("charge", id))?;
        let approved = match simulated {
            Some(Simulation::CaptureInitiated) => Some(true),
            Some(Simulation::CaptureRejected) => Some(false),
            _ => None,
        };
        match approved {
            Some(approved) => {
                record
                    .ledger
                    .check_capture(id, &amount, at)
                    .map_err(|e| refusal(&e))?;
                let report = charge_report(
                    &record.ledger,
                    id,
                    ChargeState::CaptureInitiated,
                    None,
                    Some(amount),
                    at,
                );
                record
                    .ledger
                    .observe_charge(&report)
                    .map_err(|e| refusal(&e))?;
                self.schedule(
                    at,
                    CAPTURE_SETTLES_AFTER,
                    &permission,
                    Later::Capture {
                        charge: id.clone(),
                        approved,
                    },
                );
            }
            None => {
                let state = record
                    .ledger
                    .capture(id, amount, at)
                    .map_err(|e| refusal(&e))?
                    .lifecycle()
                    .state()
                    .clone();
                if state == ChargeState::CaptureInitiated {
                    self.schedule(
                        at,
                        CAPTURE_SETTLES_AFTER,
                        &permission,
                        Later::Capture {
                            charge: id.clone(),
                            approved: true,
                        },
                    );
                }
            }
        }
        self.charge_answer(200, id, at)
    }

    /// Update Charge (payment service providers): the PSP reports the
    /// charge's state; the ledger takes it as a report, so only a state the
    /// charge can reach from its own is accepted.
    pub(crate) fn update_charge(
        &mut self,
        id: &ChargeId,
        at: Timestamp,
        request: &SandboxRequest,
    ) -> Answer {
        let body: model::Charge = read_body(&request.body, &["statusDetails"])?;
        let status = body
            .status_details
            .ok_or_else(|| error(400, "MissingParameterValue", "statusDetails is required"))?;
        let state = status.state.ok_or_else(|| {
            error(
                400,
                "MissingParameterValue",
                "statusDetails.state is required",
            )
        })?;
        let permission = self.permission_of_charge(id)?;
        let record = self
            .permissions
            .get_mut(&permission)
            .ok_or_else(|| missing("charge", id))?;
        let captured = record
            .ledger
            .charge(id)
            .and_then(|c| c.lifecycle().captured_amount().cloned());
        let report = charge_report(&record.ledger, id, state, status.reason_code, captured, at);
        record
            .ledger
            .observe_charge(&report)
            .map_err(|e| refusal(&e))?;
        self.charge_answer(200, id, at)
    }

    pub(crate) fn cancel_charge(
        &mut self,
        id: &ChargeId,
        at: Timestamp,
        request: &SandboxRequest,
    ) -> Answer {
        let _: Value = read_body(&request.body, &["cancellationReason"])?;
        let permission = self.permission_of_charge(id)?;
        let record = self
            .permissions
            .get_mut(&permission)
            .ok_or_else(|| missing("charge", id))?;
        record.ledger.cancel(id, at).map_err(|e| refusal(&e))?;
        self.charge_answer(200, id, at)
    }

    // ------------------------------------------------------------ refunds

    pub(crate) fn create_refund(&mut self, at: Timestamp, request: &SandboxRequest) -> Answer {
        let body: model::Refund = read_body(
            &request.body,
            &["chargeId", "refundAmount", "softDescriptor"],
        )?;
        let charge = body
            .charge_id
            .ok_or_else(|| error(400, "MissingParameterValue", "chargeId is required"))?;
        let amount = body
            .refund_amount
            .ok_or_else(|| error(400, "MissingParameterValue", "refundAmount is required"))?;
        let permission = self.permission_of_charge(&charge)?;
        let n = self.fresh();
        let refund = RefundId::from(format!("{permission}-R{:07}", n % 10_000_000));
        let record = self
            .permissions
            .get_mut(&permission)
            .ok_or_else(|| missing("charge", &charge))?;
        record
            .ledger
            .refund(&charge, refund.clone(), amount, at)
            .map_err(|e| refusal(&e))?;
        self.refunds.insert(refund.clone(), permission.clone());
        self.schedule(
            at,
            REFUND_SETTLES_AFTER,
            &permission,
            Later::Refund {
                refund: refund.clone(),
            },
        );
        self.refund_answer(201, &refund)
    }

    pub(crate) fn get_refund(&self, id: &RefundId, _at: Timestamp) -> Answer {
        self.refund_answer(200, id)
    }

    // ------------------------------------------------------------ trackers

    pub(crate) fn create_tracker(&mut self, request: &SandboxRequest) -> Answer {
        let body: DeliveryTracker = read_body(
            &request.body,
            &[
                "chargePermissionId",
                "amazonOrderReferenceId",
                "deliveryDetails",
            ],
        )?;
        match (&body.charge_permission_id, &body.amazon_order_reference_id) {
            (Some(id), None) if self.permissions.contains_key(id) => {}
            (Some(id), None) => {
                return Err(error(
                    400,
                    "InvalidParameterValue",
                    format!("chargePermissionId {id} is not valid"),
                ));
            }
            _ => {
                return Err(error(
                    400,
                    "InvalidParameterValue",
                    "Give exactly one of chargePermissionId and amazonOrderReferenceId (the sandbox knows only charge permissions)",
                ));
            }
        }
        let details = body.delivery_details.as_deref().unwrap_or_default();
        let complete = !details.is_empty()
            && details.iter().all(|d| {
                d.tracking_number.as_deref().is_some_and(|t| !t.is_empty())
                    && d.carrier_code.as_deref().is_some_and(|c| !c.is_empty())
            });
        if !complete {
            return Err(error(
                400,
                "InvalidParameterValue",
                "deliveryDetails needs at least one trackingNumber with its carrierCode",
            ));
        }
        self.trackers += 1;
        Ok(json_answer(200, &body))
    }

    // ------------------------------------------------------------ the clock

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
            &self.render_charge(&permission, entry, at),
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
        Ok(json_answer(status, &self.render_refund(charge, refund)))
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

/// A permission's `statusDetails`.
pub(crate) fn permission_status(
    state: ChargePermissionState,
    reasons: &[ChargePermissionReasonCode],
    at: Timestamp,
) -> ChargePermissionStatusDetails {
    let mut status = ChargePermissionStatusDetails::default();
    status.state = Some(state);
    status.reasons = Some(
        reasons
            .iter()
            .map(|code| {
                let mut reason = ChargePermissionReason::default();
                reason.reason_code = Some(code.clone());
                reason
            })
            .collect(),
    );
    status.last_updated_timestamp = Some(at);
    status
}

fn missing(what: &str, id: &impl std::fmt::Display) -> Response {
    error(404, "ResourceNotFound", format!("No {what} {id}"))
}
