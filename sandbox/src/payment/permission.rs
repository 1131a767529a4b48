//! Charge Permissions: opened by Complete Checkout Session, read, updated, closed.

use std::collections::BTreeMap;

use amazon_pay_core::Operation;
use amazon_pay_core::lifecycle::{ChargeCreation, ChargePermissionLifecycle, Ledger};
use amazon_pay_core::model::{
    Charge, ChargeId, ChargePermission, ChargePermissionId, ChargePermissionReasonCode,
    ChargePermissionState, ChargePermissionType, CheckoutSession,
};
use amazon_pay_core::operation::Response;
use amazon_pay_core::{ApiVersion, Price, Timestamp};
use serde_json::Value;

use crate::Sandbox;
use crate::answer::{Answer, SandboxRequest, error, json_answer};
use crate::body::{check_body, read_body};
use crate::buyer::{payment_preferences, ships, test_address, test_buyer};
use crate::payment::missing;
use crate::payment::records::{PermissionRecord, permission_status};
use crate::refusal::refusal;
use crate::simulation::{SimulatedCall, Simulation, TestPaymentMethod, simulation};

impl Sandbox {
    /// Creates the permission of a completed session, and its charge: the
    /// permission carries the session's buyer, addresses, payment
    /// preferences, merchant metadata and recurring terms, the charge the
    /// session's soft descriptor and intent.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn open_permission(
        &mut self,
        session: &CheckoutSession,
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
            data: permission_data(session, method, amount),
            charge_data: BTreeMap::new(),
            refund_descriptors: BTreeMap::new(),
        };
        record.data.charge_permission_type = Some(kind);
        let charge = match creation {
            Some(creation) => {
                let charge = self.new_charge_id(&id);
                record
                    .ledger
                    .create_charge(charge.clone(), amount.clone(), creation, at)
                    .map_err(|e| refusal(&e))?;
                record
                    .charge_data
                    .insert(charge.clone(), session_charge_data(session, creation));
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
        check_body::<amazon_pay_core::operation::UpdateChargePermissionBody>(&request.body)?;
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

    /// Amazon itself moves the permission to `state` for `reason` (a
    /// simulated closure, a decline that closes it or makes it
    /// NonChargeable), through the rule book's observation of a report.
    pub(crate) fn amazon_moves_permission(
        &mut self,
        id: &ChargePermissionId,
        state: ChargePermissionState,
        reason: ChargePermissionReasonCode,
        at: Timestamp,
    ) -> Result<(), Response> {
        let record = self
            .permissions
            .get_mut(id)
            .ok_or_else(|| missing("charge permission", id))?;
        let mut report = ChargePermission::default();
        report.charge_permission_id = Some(id.clone());
        report.status_details = Some(permission_status(state, &[reason], at));
        record
            .ledger
            .observe_permission(&report)
            .map(|_| ())
            .map_err(|e| refusal(&e))
    }

    pub(crate) fn close_permission(
        &mut self,
        id: &ChargePermissionId,
        at: Timestamp,
        request: &SandboxRequest,
        code: Option<&str>,
    ) -> Answer {
        let body: Value = read_body(&request.body, &["closureReason", "cancelPendingCharges"])?;
        check_body::<amazon_pay_core::operation::CloseChargePermissionBody>(&request.body)?;
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
            self.amazon_moves_permission(
                id,
                ChargePermissionState::Closed,
                ChargePermissionReasonCode::AmazonClosed,
                at,
            )?;
        } else {
            record.ledger.close(cancel, at).map_err(|e| refusal(&e))?;
        }
        self.get_permission(id, at)
    }

    // ------------------------------------------------------------ charges
}

/// What a permission repeats of its session (spec §3.14): the buyer and
/// their addresses and payment preferences (retained as the sandbox's test
/// buyer's), the merchant's metadata, platform id and recurring terms, the
/// presentment currency.
fn permission_data(
    session: &CheckoutSession,
    method: TestPaymentMethod,
    amount: &Price,
) -> ChargePermission {
    let mut data = ChargePermission::default();
    data.buyer = Some(test_buyer());
    if ships(session) {
        data.shipping_address = Some(test_address());
    }
    data.billing_address = Some(test_address());
    data.payment_preferences = Some(payment_preferences(method));
    data.merchant_metadata = session.merchant_metadata.clone();
    data.platform_id = session.platform_id.clone();
    data.recurring_metadata = session.recurring_metadata.clone();
    data.presentment_currency = Some(amount.currency().clone());
    data
}

/// What the session's charge echoes: `captureNow` and the soft descriptor
/// of an AuthorizeWithCapture checkout, `canHandlePendingAuthorization`,
/// the merchant's metadata.
fn session_charge_data(session: &CheckoutSession, creation: ChargeCreation) -> Charge {
    let details = session.payment_details.clone().unwrap_or_default();
    let mut charge = Charge::default();
    charge.capture_now = Some(creation == ChargeCreation::CaptureNow);
    charge.can_handle_pending_authorization =
        Some(details.can_handle_pending_authorization == Some(true));
    charge.soft_descriptor = details.soft_descriptor;
    charge.merchant_metadata = session.merchant_metadata.clone();
    charge.platform_id = session.platform_id.clone();
    charge
}
