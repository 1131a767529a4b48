//! The events of a Charge Permission and what each one changes, one method
//! per event; the transitions themselves (`successor`).

use crate::api::Operation;
use crate::config::ApiVersion;
use crate::lifecycle::charge_permission::ChargePermissionLifecycle;
use crate::lifecycle::charge_permission::reasons::Reasons;
use crate::lifecycle::error::{
    LifecycleError, ObjectEvent, ObjectKind, ObjectState, Refused, Remedy,
};
use crate::lifecycle::machine::machine_plumbing;
use crate::lifecycle::{Machine, Track};
use crate::model::{ChargePermissionReasonCode, ChargePermissionState};
use crate::timestamp::Timestamp;

/// Something that happens to a Charge Permission.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChargePermissionEvent {
    /// Amazon made the permission NonChargeable for this reason (instrument
    /// invalid, deleted or expired, charge in progress, MFA failed …).
    NonChargeable(ChargePermissionReasonCode),
    /// The cause was resolved (the buyer fixed the instrument, the charge in
    /// progress finished). Amazon's exact triggers are unconfirmed.
    ChargeableAgain,
    /// The merchant called Close Charge Permission.
    MerchantClosed,
    /// The buyer closed the permission (for example on pay.amazon.com).
    BuyerClosed,
    /// Amazon closed the permission (`AmazonCanceled`).
    AmazonCanceled,
    /// The order amount was fully captured (OneTime only; `AmazonClosed`).
    FullyCaptured,
    /// The permission expired (`Expired`; not PaymentMethodOnFile).
    Expired,
}

const EVENTS: &[ChargePermissionEvent] = &[
    ChargePermissionEvent::NonChargeable(ChargePermissionReasonCode::PaymentMethodInvalid),
    ChargePermissionEvent::ChargeableAgain,
    ChargePermissionEvent::MerchantClosed,
    ChargePermissionEvent::BuyerClosed,
    ChargePermissionEvent::AmazonCanceled,
    ChargePermissionEvent::FullyCaptured,
    ChargePermissionEvent::Expired,
];

impl ChargePermissionEvent {
    /// The event's name, as in the lifecycle's methods.
    pub fn name(&self) -> &'static str {
        match self {
            ChargePermissionEvent::NonChargeable(_) => "non_chargeable",
            ChargePermissionEvent::ChargeableAgain => "chargeable_again",
            ChargePermissionEvent::MerchantClosed => "merchant_closed",
            ChargePermissionEvent::BuyerClosed => "buyer_closed",
            ChargePermissionEvent::AmazonCanceled => "amazon_canceled",
            ChargePermissionEvent::FullyCaptured => "fully_captured",
            ChargePermissionEvent::Expired => "expired",
        }
    }
}

impl ChargePermissionLifecycle {
    fn closing_reason(&self, event: &ChargePermissionEvent) -> Option<ChargePermissionReasonCode> {
        let v1 = self.api_version == ApiVersion::V1;
        Some(match event {
            ChargePermissionEvent::MerchantClosed if v1 => {
                ChargePermissionReasonCode::MerchantCanceled
            }
            ChargePermissionEvent::MerchantClosed => ChargePermissionReasonCode::MerchantClosed,
            ChargePermissionEvent::BuyerClosed if v1 => ChargePermissionReasonCode::BuyerCanceled,
            ChargePermissionEvent::BuyerClosed => ChargePermissionReasonCode::BuyerClosed,
            ChargePermissionEvent::AmazonCanceled => ChargePermissionReasonCode::AmazonCanceled,
            ChargePermissionEvent::FullyCaptured => ChargePermissionReasonCode::AmazonClosed,
            ChargePermissionEvent::Expired => ChargePermissionReasonCode::Expired,
            _ => return None,
        })
    }

    /// Applies `event` at `at`, after the changes due by then.
    ///
    /// Refused, leaving the lifecycle as it was: an event the state or the
    /// permission's type does not take, an event dated before the
    /// permission's last change, and `expired` before it is due.
    pub fn apply(
        self,
        event: ChargePermissionEvent,
        at: Timestamp,
    ) -> Result<ChargePermissionLifecycle, Refused<ChargePermissionLifecycle>> {
        let this = match event {
            ChargePermissionEvent::Expired => self,
            _ => self.advance(at),
        };
        if let Some(error) = this.time_error(at) {
            return Err(Refused {
                lifecycle: this,
                error,
            });
        }
        if !this.accepts(&event) {
            return Err(this.illegal(&event));
        }
        if event == ChargePermissionEvent::Expired
            && let Some((due, _)) = this.expires_at()
            && at < due
        {
            return Err(Refused {
                lifecycle: this,
                error: LifecycleError::TooEarly {
                    object: ObjectKind::ChargePermission,
                    event: "expired",
                    at,
                    due,
                },
            });
        }
        let predicted = event == ChargePermissionEvent::Expired;
        this.transition(event, Some(at), predicted)
    }

    /// A change the crate predicts as a consequence of another object (a
    /// pending authorization, an `AmazonRejected` decline, a full capture):
    /// applied, marked as predicted, until Amazon reports.
    pub(crate) fn predict(
        self,
        event: ChargePermissionEvent,
    ) -> Result<ChargePermissionLifecycle, Refused<ChargePermissionLifecycle>> {
        self.transition(event, None, true)
    }

    fn transition(
        mut self,
        event: ChargePermissionEvent,
        at: Option<Timestamp>,
        predicted: bool,
    ) -> Result<ChargePermissionLifecycle, Refused<ChargePermissionLifecycle>> {
        let Some(state) = self.next_state(&event) else {
            return Err(self.illegal(&event));
        };
        let closing = self.closing_reason(&event);
        match event {
            ChargePermissionEvent::NonChargeable(reason) => {
                if self.state() != &ChargePermissionState::NonChargeable {
                    self.reasons = Reasons::default();
                }
                self.reasons.insert(reason);
            }
            ChargePermissionEvent::ChargeableAgain => self.reasons = Reasons::default(),
            _ => self.reasons = closing.map(Reasons::one).unwrap_or_default(),
        }
        match (at, predicted) {
            (Some(at), false) => self.status.set(state, at),
            _ => self.status.predict(state),
        }
        Ok(self)
    }

    /// Amazon made the permission NonChargeable.
    pub fn non_chargeable(
        self,
        reason: ChargePermissionReasonCode,
        at: Timestamp,
    ) -> Result<ChargePermissionLifecycle, Refused<ChargePermissionLifecycle>> {
        self.apply(ChargePermissionEvent::NonChargeable(reason), at)
    }

    /// The cause was resolved.
    pub fn chargeable_again(
        self,
        at: Timestamp,
    ) -> Result<ChargePermissionLifecycle, Refused<ChargePermissionLifecycle>> {
        self.apply(ChargePermissionEvent::ChargeableAgain, at)
    }

    /// The merchant closed the permission.
    pub fn merchant_closed(
        self,
        at: Timestamp,
    ) -> Result<ChargePermissionLifecycle, Refused<ChargePermissionLifecycle>> {
        self.apply(ChargePermissionEvent::MerchantClosed, at)
    }

    /// The buyer closed the permission.
    pub fn buyer_closed(
        self,
        at: Timestamp,
    ) -> Result<ChargePermissionLifecycle, Refused<ChargePermissionLifecycle>> {
        self.apply(ChargePermissionEvent::BuyerClosed, at)
    }

    /// Amazon closed the permission.
    pub fn amazon_canceled(
        self,
        at: Timestamp,
    ) -> Result<ChargePermissionLifecycle, Refused<ChargePermissionLifecycle>> {
        self.apply(ChargePermissionEvent::AmazonCanceled, at)
    }

    /// The order amount was fully captured.
    pub fn fully_captured(
        self,
        at: Timestamp,
    ) -> Result<ChargePermissionLifecycle, Refused<ChargePermissionLifecycle>> {
        self.apply(ChargePermissionEvent::FullyCaptured, at)
    }

    /// The permission expired. Refused before it is due; the result is a
    /// prediction until Amazon reports it.
    pub fn expired(
        self,
        at: Timestamp,
    ) -> Result<ChargePermissionLifecycle, Refused<ChargePermissionLifecycle>> {
        self.apply(ChargePermissionEvent::Expired, at)
    }
}

impl Machine for ChargePermissionLifecycle {
    const KIND: ObjectKind = ObjectKind::ChargePermission;
    machine_plumbing!(
        ChargePermission,
        ChargePermissionState,
        ChargePermissionEvent,
        ChargePermissionReasonCode
    );

    fn successor(
        state: &ChargePermissionState,
        event: &ChargePermissionEvent,
    ) -> Option<ChargePermissionState> {
        use ChargePermissionEvent as E;
        use ChargePermissionState as S;
        match (state, event) {
            (S::Chargeable | S::NonChargeable, E::NonChargeable(_)) => Some(S::NonChargeable),
            (S::NonChargeable, E::ChargeableAgain) => Some(S::Chargeable),
            (
                S::Chargeable | S::NonChargeable,
                E::MerchantClosed
                | E::BuyerClosed
                | E::AmazonCanceled
                | E::FullyCaptured
                | E::Expired,
            ) => Some(S::Closed),
            _ => None,
        }
    }

    fn accepts(&self, event: &ChargePermissionEvent) -> bool {
        self.next_state(event).is_some()
    }

    fn expiry(&self) -> Option<Remedy> {
        (self.state() == &ChargePermissionState::Closed
            && self.reasons.contains(&ChargePermissionReasonCode::Expired))
        .then_some(Remedy::NewCheckoutSession)
    }

    fn expired_at(&self) -> Option<Timestamp> {
        self.expires_at().map(|(at, _)| at)
    }

    fn reason_texts(&self) -> Vec<String> {
        self.reasons.iter().map(ToString::to_string).collect()
    }

    fn operations_in(&self, state: &ChargePermissionState) -> &'static [Operation] {
        match state {
            ChargePermissionState::Chargeable => &[
                Operation::GetChargePermission,
                Operation::UpdateChargePermission,
                Operation::CloseChargePermission,
                Operation::CreateCharge,
            ],
            ChargePermissionState::NonChargeable => &[
                Operation::GetChargePermission,
                Operation::UpdateChargePermission,
                Operation::CloseChargePermission,
            ],
            _ => &[Operation::GetChargePermission],
        }
    }

    fn remedy(&self) -> Option<Remedy> {
        use ChargePermissionReasonCode as R;
        let reasons = self.reasons();
        let payment_method = [
            R::PaymentMethodInvalid,
            R::PaymentMethodDeleted,
            R::BillingAddressDeleted,
            R::PaymentMethodExpired,
            R::PaymentMethodNotAllowed,
            R::PaymentMethodNotSet,
            R::MfaFailed,
        ];
        if payment_method.iter().any(|reason| reasons.contains(reason)) {
            Some(Remedy::UpdatePaymentMethod)
        } else if reasons.contains(&R::ChargeInProgress) {
            Some(Remedy::WaitForPendingCharge)
        } else {
            None
        }
    }
}
