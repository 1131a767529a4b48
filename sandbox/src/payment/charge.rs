//! Charges: created, read, captured, updated (PSPs), canceled.

use amazon_pay_core::Timestamp;
use amazon_pay_core::lifecycle::ChargeCreation;
use amazon_pay_core::lifecycle::rules::SoftDescriptorUse;
use amazon_pay_core::model;
use amazon_pay_core::model::{
    ChargeId, ChargePermissionReasonCode, ChargePermissionState, ChargeState,
};
use serde_json::Value;

use crate::Sandbox;
use crate::answer::{Answer, SandboxRequest, error};
use crate::body::{check_body, read_body};
use crate::payment::{charge_report, missing};
use crate::refusal::{check_soft_descriptor, refusal};
use crate::simulation::{SimulatedCall, Simulation, simulation};

impl Sandbox {
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
        check_body::<amazon_pay_core::operation::CreateChargeBody>(&request.body)?;
        check_soft_descriptor(
            body.soft_descriptor.as_deref(),
            SoftDescriptorUse::CreateCharge {
                capture_now: body.capture_now == Some(true),
            },
        )?;
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
            // What the decline does to the permission (spec §4.3, §4.4):
            // AmazonRejected cancels it, HardDeclined needs a new payment
            // method — as the rule book predicts after such a decline.
            let moved = match reason {
                "AmazonRejected" => Some((
                    ChargePermissionState::Closed,
                    ChargePermissionReasonCode::AmazonCanceled,
                )),
                "HardDeclined" => Some((
                    ChargePermissionState::NonChargeable,
                    ChargePermissionReasonCode::PaymentMethodInvalid,
                )),
                _ => None,
            };
            if let Some((state, code)) = moved {
                self.amazon_moves_permission(&id, state, code, at)?;
            }
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
        // What Amazon echoes of the request.
        let mut echo = model::Charge::default();
        echo.capture_now = Some(body.capture_now == Some(true));
        echo.can_handle_pending_authorization =
            Some(body.can_handle_pending_authorization == Some(true));
        echo.web_checkout_details = body.web_checkout_details;
        echo.soft_descriptor = body.soft_descriptor;
        echo.merchant_metadata = body.merchant_metadata;
        echo.provider_metadata = body.provider_metadata;
        echo.platform_id = body.platform_id;
        echo.charge_initiator = body.charge_initiator;
        echo.channel = body.channel;
        record.charge_data.insert(charge.clone(), echo);
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
        check_body::<amazon_pay_core::operation::CaptureChargeBody>(&request.body)?;
        check_soft_descriptor(
            body.soft_descriptor.as_deref(),
            SoftDescriptorUse::CaptureCharge,
        )?;
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
                self.settle_capture_later(at, &permission, id, approved);
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
                    self.settle_capture_later(at, &permission, id, true);
                }
            }
        }
        // The capture's soft descriptor is what the charge echoes now.
        if let Some(text) = body.soft_descriptor
            && let Some(record) = self.permissions.get_mut(&permission)
        {
            record
                .charge_data
                .entry(id.clone())
                .or_default()
                .soft_descriptor = Some(text);
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
        check_body::<amazon_pay_core::operation::UpdateChargeBody>(&request.body)?;
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
        check_body::<amazon_pay_core::operation::CancelChargeBody>(&request.body)?;
        let permission = self.permission_of_charge(id)?;
        let record = self
            .permissions
            .get_mut(&permission)
            .ok_or_else(|| missing("charge", id))?;
        record.ledger.cancel(id, at).map_err(|e| refusal(&e))?;
        self.charge_answer(200, id, at)
    }

    // ------------------------------------------------------------ refunds
}
