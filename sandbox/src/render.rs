//! Objects as Amazon's JSON shows them, built from the lifecycles (the
//! crate's own model types, so its decoders read them back).

use amazon_pay_core::Timestamp;
use amazon_pay_core::lifecycle::{LedgerCharge, LedgerRefund};
use amazon_pay_core::model::{
    Charge, ChargeId, ChargePermission, ChargePermissionId, ChargePermissionType,
    ChargeStatusDetails, CheckoutSession, CheckoutSessionState, CheckoutSessionStatusDetails,
    Constraint, ConstraintId, Limits, ProductType, Refund, RefundStatusDetails, ReleaseEnvironment,
};

use crate::Sandbox;
use crate::buyer::{payment_preferences, ships, test_address, test_buyer};
use crate::payment::records::{PermissionRecord, permission_status};
use crate::session::record::{SessionRecord, redirect_ready};

/// What keeps an Open session from the buyer's payment (spec §3.12, §4.2):
/// each missing field the merchant sets with Update, and the buyer until
/// they signed in. Resolved constraints disappear; none left: `[]`.
fn constraints(data: &CheckoutSession, buyer_signed_in: bool) -> Vec<Constraint> {
    let web = data.web_checkout_details.as_ref();
    let details = data.payment_details.as_ref();
    let missing = [
        (
            web.and_then(|w| w.checkout_result_return_url.as_ref())
                .is_none(),
            ConstraintId::CheckoutResultReturnUrlNotSet,
            "checkoutResultReturnUrl is not set",
        ),
        (
            details.and_then(|d| d.charge_amount.as_ref()).is_none(),
            ConstraintId::ChargeAmountNotSet,
            "chargeAmount is not set",
        ),
        (
            details.and_then(|d| d.payment_intent.as_ref()).is_none(),
            ConstraintId::PaymentIntentNotSet,
            "paymentIntent is not set",
        ),
        (
            !buyer_signed_in,
            ConstraintId::BuyerNotAssociated,
            "the buyer has not signed in yet",
        ),
    ];
    missing
        .into_iter()
        .filter(|(open, _, _)| *open)
        .map(|(_, id, text)| {
            let mut constraint = Constraint::default();
            constraint.constraint_id = Some(id);
            constraint.description = Some(text.to_owned());
            constraint
        })
        .collect()
}

impl Sandbox {
    pub(crate) fn render_session(&self, id: &str, record: &SessionRecord) -> CheckoutSession {
        let mut session = record.data.clone();
        let lifecycle = &record.lifecycle;
        let mut status = CheckoutSessionStatusDetails::default();
        status.state = Some(lifecycle.state().clone());
        status.reason_code = lifecycle.reason().cloned();
        status.last_updated_timestamp = lifecycle.updated_at();
        session.status_details = Some(status);
        session.creation_timestamp = lifecycle.created_at();
        session.expiration_timestamp = lifecycle.expires_at().map(|(at, _)| at);
        session.release_environment = Some(ReleaseEnvironment::Sandbox);
        // Amazon's defaults, stated in the answer.
        session.product_type.get_or_insert(ProductType::PayAndShip);
        session
            .charge_permission_type
            .get_or_insert(ChargePermissionType::OneTime);
        if lifecycle.state() == &CheckoutSessionState::Open {
            session.constraints = Some(constraints(&record.data, record.method.is_some()));
            // What the buyer shared by signing in and choosing a card (the
            // buyer is shown only while the session is Open, spec §3.13).
            if let Some(method) = record.method {
                session.buyer = Some(test_buyer());
                if ships(&record.data) {
                    session.shipping_address = Some(test_address());
                }
                session.billing_address = Some(test_address());
                session.payment_preferences = Some(payment_preferences(method));
            }
        }
        if lifecycle.state() == &CheckoutSessionState::Open
            && redirect_ready(&record.data).is_some()
        {
            let web = session
                .web_checkout_details
                .get_or_insert_with(Default::default);
            web.amazon_pay_redirect_url = Some(self.redirect_url(id));
        }
        session
    }

    /// Where Amazon's hosted page for session `id` would be: the sandbox's
    /// buyer page, outside Amazon's paths.
    pub(crate) fn redirect_url(&self, id: &str) -> String {
        match &self.buyer_base {
            Some(base) => format!("{base}/__sandbox/buyer/{id}"),
            None => format!("https://{}/__sandbox/buyer/{id}", self.host),
        }
    }

    pub(crate) fn render_permission(
        &self,
        record: &PermissionRecord,
        at: Timestamp,
    ) -> ChargePermission {
        let ledger = &record.ledger;
        let lifecycle = ledger.permission();
        let mut permission = record.data.clone();
        permission.charge_permission_id = Some(ledger.id().clone());
        permission.charge_permission_type = Some(lifecycle.kind().clone());
        let reasons: Vec<_> = lifecycle.reasons().iter().cloned().collect();
        let mut status = permission_status(lifecycle.state().clone(), &reasons, at);
        status.last_updated_timestamp = lifecycle.updated_at();
        permission.status_details = Some(status);
        if lifecycle.amount_limit().is_some() {
            let mut limits = Limits::default();
            limits.amount_limit = lifecycle.amount_limit().cloned();
            limits.amount_balance = ledger.balance(at).ok().flatten();
            permission.limits = Some(limits);
        }
        permission.creation_timestamp = lifecycle.created_at();
        permission.expiration_timestamp = lifecycle.expires_at().map(|(at, _)| at);
        permission.release_environment = Some(ReleaseEnvironment::Sandbox);
        permission
    }

    pub(crate) fn render_charge(
        &self,
        permission: &ChargePermissionId,
        entry: &LedgerCharge,
        echo: Option<&Charge>,
        at: Timestamp,
    ) -> Charge {
        let lifecycle = entry.lifecycle();
        let mut charge = echo.cloned().unwrap_or_default();
        charge.charge_id = Some(entry.id().clone());
        charge.charge_permission_id = Some(permission.clone());
        charge.charge_amount = Some(lifecycle.charge_amount().clone());
        charge.capture_amount = lifecycle.captured_amount().cloned();
        charge.refunded_amount = entry
            .refunded()
            .ok()
            .filter(|p| p.amount().minor_units() > 0);
        let mut status = ChargeStatusDetails::default();
        status.state = Some(lifecycle.state().clone());
        status.reason_code = lifecycle.reason().cloned();
        status.last_updated_timestamp = lifecycle.updated_at().or(Some(at));
        charge.status_details = Some(status);
        charge.creation_timestamp = lifecycle.created_at();
        charge.expiration_timestamp = lifecycle.authorization_expires_at().map(|(at, _)| at);
        charge.release_environment = Some(ReleaseEnvironment::Sandbox);
        charge
    }

    pub(crate) fn render_refund(
        &self,
        charge: &ChargeId,
        entry: &LedgerRefund,
        soft_descriptor: Option<String>,
    ) -> Refund {
        let lifecycle = entry.lifecycle();
        let mut refund = Refund::default();
        refund.soft_descriptor = soft_descriptor;
        refund.refund_id = Some(entry.id().clone());
        refund.charge_id = Some(charge.clone());
        refund.refund_amount = Some(lifecycle.amount().clone());
        let mut status = RefundStatusDetails::default();
        status.state = Some(lifecycle.state().clone());
        status.reason_code = lifecycle.reason().cloned();
        status.last_updated_timestamp = lifecycle.updated_at();
        refund.status_details = Some(status);
        refund.creation_timestamp = lifecycle.created_at();
        refund.release_environment = Some(ReleaseEnvironment::Sandbox);
        refund
    }
}
