//! What the ledger predicts by itself: time passing, and the consequences of
//! one object's change for the others.

use crate::lifecycle::error::LifecycleError;
use crate::lifecycle::ledger::Ledger;
use crate::lifecycle::{ChargePermissionEvent, Machine};
use crate::model::{
    ChargePermissionReasonCode, ChargePermissionState, ChargeReasonCode, ChargeState,
};
use crate::timestamp::Timestamp;

impl Ledger {
    /// Applies every change due at `now` (expired authorizations, an expired
    /// permission), as predictions.
    pub fn advance(&mut self, now: Timestamp) {
        self.permission = self.permission.clone().advance(now);
        for charge in &mut self.charges {
            charge.lifecycle = charge.lifecycle.clone().advance(now);
        }
    }

    /// What the change of charge `index` from `before` implies for the
    /// permission, as predictions: a pending authorization makes it
    /// NonChargeable (`ChargeInProgress`) and its end makes it Chargeable
    /// again; a `HardDeclined` authorization or capture makes it
    /// NonChargeable (`PaymentMethodInvalid`: the buyer must change the
    /// instrument, spec §4.3, §4.4) until Amazon reports otherwise; an
    /// `AmazonRejected` decline closes it; a full capture closes a OneTime
    /// permission (under v1, any capture).
    pub(crate) fn consequences(
        &mut self,
        index: usize,
        before: Option<&ChargeState>,
    ) -> Result<(), LifecycleError> {
        let Some(charge) = self.charges.get(index) else {
            return Ok(());
        };
        let after = charge.lifecycle.last_known_state().cloned();
        if before == after.as_ref() {
            return Ok(());
        }
        let pending = ChargeState::AuthorizationInitiated;
        let declined = |reason| {
            after == Some(ChargeState::Declined) && charge.lifecycle.reason() == Some(&reason)
        };
        let rejected = declined(ChargeReasonCode::AmazonRejected);
        let hard_declined = declined(ChargeReasonCode::HardDeclined);
        if after.as_ref() == Some(&pending) {
            self.predict(ChargePermissionEvent::NonChargeable(
                ChargePermissionReasonCode::ChargeInProgress,
            ));
        } else if before == Some(&pending) {
            self.resolve_charge_in_progress();
        }
        if hard_declined {
            self.predict(ChargePermissionEvent::NonChargeable(
                ChargePermissionReasonCode::PaymentMethodInvalid,
            ));
        }
        if rejected {
            self.predict(ChargePermissionEvent::AmazonCanceled);
        }
        if after == Some(ChargeState::Captured) {
            self.after_capture()?;
        }
        Ok(())
    }

    /// Applies a predicted permission event where the permission takes it.
    fn predict(&mut self, event: ChargePermissionEvent) {
        if self.permission.accepts(&event)
            && let Ok(next) = self.permission.clone().predict(event)
        {
            self.permission = next;
        }
    }

    /// The permission is Chargeable again once no authorization is pending,
    /// if that was its only reason.
    fn resolve_charge_in_progress(&mut self) {
        let pending = self
            .charges
            .iter()
            .any(|charge| charge.last_known_is(&ChargeState::AuthorizationInitiated));
        let reasons = self.permission.reasons();
        let only_in_progress = reasons.contains(&ChargePermissionReasonCode::ChargeInProgress)
            && reasons.iter().count() == 1;
        if !pending
            && only_in_progress
            && self.permission.state() == &ChargePermissionState::NonChargeable
        {
            self.predict(ChargePermissionEvent::ChargeableAgain);
        }
    }

    /// Closes a OneTime permission whose limit is fully captured, and under
    /// API path version v1 any permission after its one capture.
    fn after_capture(&mut self) -> Result<(), LifecycleError> {
        let fully_captured = match self.permission.amount_limit() {
            Some(limit) => self.captured(limit.currency())?.amount() >= limit.amount(),
            None => false,
        };
        let v1 = self.permission.api_version() == crate::config::ApiVersion::V1;
        if v1 || fully_captured {
            self.predict(ChargePermissionEvent::FullyCaptured);
        }
        Ok(())
    }
}
