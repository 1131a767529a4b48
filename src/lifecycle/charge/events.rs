//! The events of a Charge and what each one changes: the transitions of the
//! diagram in the parent module, one method per event.

use crate::api::Operation;
use crate::lifecycle::charge::ChargeLifecycle;
use crate::lifecycle::error::{
    LifecycleError, ObjectEvent, ObjectKind, ObjectState, Refused, Remedy,
};
use crate::lifecycle::machine::machine_plumbing;
use crate::lifecycle::{Machine, Track, rules};
use crate::model::{ChargeReasonCode, ChargeState};
use crate::money::{Currency, Price};
use crate::timestamp::Timestamp;

/// Something that happens to a Charge.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChargeEvent {
    /// Amazon finished a pending authorization successfully (async result).
    AuthorizationSucceeded,
    /// Amazon declined the authorization (async result), with its reason.
    AuthorizationDeclined(ChargeReasonCode),
    /// The merchant called Capture Charge for this amount.
    CaptureRequested(Price),
    /// Amazon finished an asynchronous capture.
    CaptureSucceeded,
    /// Amazon declined the capture, with its reason.
    CaptureDeclined(ChargeReasonCode),
    /// The merchant called Cancel Charge (`MerchantCanceled`).
    CancelRequested,
    /// The authorization expired unused after 30 days (`ExpiredUnused`).
    Expired,
    /// The Charge Permission was closed with `cancelPendingCharges`
    /// (`ChargePermissionCanceled`).
    ChargePermissionClosed,
    /// Amazon canceled the charge (`AmazonCanceled`).
    AmazonCanceled,
    /// The buyer canceled the charge (`BuyerCanceled`).
    BuyerCanceled,
}

const EVENTS: &[ChargeEvent] = &[
    ChargeEvent::AuthorizationSucceeded,
    ChargeEvent::AuthorizationDeclined(ChargeReasonCode::SoftDeclined),
    ChargeEvent::CaptureRequested(Price::from_minor_units(1, Currency::Usd)),
    ChargeEvent::CaptureSucceeded,
    ChargeEvent::CaptureDeclined(ChargeReasonCode::AmazonRejected),
    ChargeEvent::CancelRequested,
    ChargeEvent::Expired,
    ChargeEvent::ChargePermissionClosed,
    ChargeEvent::AmazonCanceled,
    ChargeEvent::BuyerCanceled,
];

impl ChargeEvent {
    /// The event's name, as in the lifecycle's methods.
    pub fn name(&self) -> &'static str {
        match self {
            ChargeEvent::AuthorizationSucceeded => "authorization_succeeded",
            ChargeEvent::AuthorizationDeclined(_) => "authorization_declined",
            ChargeEvent::CaptureRequested(_) => "capture_requested",
            ChargeEvent::CaptureSucceeded => "capture_succeeded",
            ChargeEvent::CaptureDeclined(_) => "capture_declined",
            ChargeEvent::CancelRequested => "cancel_requested",
            ChargeEvent::Expired => "expired",
            ChargeEvent::ChargePermissionClosed => "charge_permission_closed",
            ChargeEvent::AmazonCanceled => "amazon_canceled",
            ChargeEvent::BuyerCanceled => "buyer_canceled",
        }
    }
}

impl ChargeLifecycle {
    /// Applies `event` at `at`, after the changes due by then.
    ///
    /// Refused, leaving the lifecycle as it was: an event the state does not
    /// take, a capture that breaks a money rule, an event dated before the
    /// charge's last change, and `expired` before the authorization's expiry.
    pub fn apply(
        self,
        event: ChargeEvent,
        at: Timestamp,
    ) -> Result<ChargeLifecycle, Refused<ChargeLifecycle>> {
        let mut this = self;
        if !matches!(event, ChargeEvent::Expired) {
            // The expiry itself is applied as it is due, not by the clock.
            this.advance_in_place(at);
        }
        if let Some(error) = this.time_error(at) {
            return Err(Refused {
                lifecycle: this,
                error,
            });
        }
        let Some(state) = Self::successor(this.state(), &event) else {
            return Err(this.illegal(&event));
        };
        let reason = match event {
            ChargeEvent::CaptureRequested(amount) => {
                if let Err(violation) = rules::check_capture(&this.charge_amount, &amount) {
                    return Err(Refused {
                        lifecycle: this,
                        error: violation.into(),
                    });
                }
                let asynchronous = this
                    .capture_asynchronous_from()
                    .is_some_and(|from| at > from);
                let state = if asynchronous {
                    ChargeState::CaptureInitiated
                } else {
                    ChargeState::Captured
                };
                this.captured = Some(amount);
                this.reason = None;
                this.status.set(state, at);
                return Ok(this);
            }
            ChargeEvent::Expired => {
                if let Some((due, _)) = this.authorization_expires_at()
                    && at < due
                {
                    return Err(Refused {
                        lifecycle: this,
                        error: LifecycleError::TooEarly {
                            object: ObjectKind::Charge,
                            event: "expired",
                            at,
                            due,
                        },
                    });
                }
                this.reason = Some(ChargeReasonCode::ExpiredUnused);
                this.status.predict(state);
                return Ok(this);
            }
            ChargeEvent::AuthorizationSucceeded => {
                this.authorized_at = Some(at);
                None
            }
            ChargeEvent::AuthorizationDeclined(reason) | ChargeEvent::CaptureDeclined(reason) => {
                Some(reason)
            }
            ChargeEvent::CancelRequested => Some(ChargeReasonCode::MerchantCanceled),
            ChargeEvent::ChargePermissionClosed => Some(ChargeReasonCode::ChargePermissionCanceled),
            ChargeEvent::AmazonCanceled => Some(ChargeReasonCode::AmazonCanceled),
            ChargeEvent::BuyerCanceled => Some(ChargeReasonCode::BuyerCanceled),
            ChargeEvent::CaptureSucceeded => None,
        };
        this.reason = reason;
        this.status.set(state, at);
        Ok(this)
    }

    /// Amazon finished the pending authorization.
    pub fn authorization_succeeded(
        self,
        at: Timestamp,
    ) -> Result<ChargeLifecycle, Refused<ChargeLifecycle>> {
        self.apply(ChargeEvent::AuthorizationSucceeded, at)
    }

    /// Amazon declined the authorization.
    pub fn authorization_declined(
        self,
        reason: ChargeReasonCode,
        at: Timestamp,
    ) -> Result<ChargeLifecycle, Refused<ChargeLifecycle>> {
        self.apply(ChargeEvent::AuthorizationDeclined(reason), at)
    }

    /// The merchant captures `amount` (at most the authorized amount). Within
    /// 7 days of authorization the charge becomes Captured, later
    /// CaptureInitiated.
    pub fn capture_requested(
        self,
        amount: Price,
        at: Timestamp,
    ) -> Result<ChargeLifecycle, Refused<ChargeLifecycle>> {
        self.apply(ChargeEvent::CaptureRequested(amount), at)
    }

    /// Amazon finished an asynchronous capture.
    pub fn capture_succeeded(
        self,
        at: Timestamp,
    ) -> Result<ChargeLifecycle, Refused<ChargeLifecycle>> {
        self.apply(ChargeEvent::CaptureSucceeded, at)
    }

    /// Amazon declined the capture.
    pub fn capture_declined(
        self,
        reason: ChargeReasonCode,
        at: Timestamp,
    ) -> Result<ChargeLifecycle, Refused<ChargeLifecycle>> {
        self.apply(ChargeEvent::CaptureDeclined(reason), at)
    }

    /// The merchant cancels the charge.
    pub fn cancel_requested(
        self,
        at: Timestamp,
    ) -> Result<ChargeLifecycle, Refused<ChargeLifecycle>> {
        self.apply(ChargeEvent::CancelRequested, at)
    }

    /// The authorization expired unused. Refused before it is due; the
    /// result is a prediction until Amazon reports it.
    pub fn expired(self, at: Timestamp) -> Result<ChargeLifecycle, Refused<ChargeLifecycle>> {
        self.apply(ChargeEvent::Expired, at)
    }

    /// The Charge Permission was closed with `cancelPendingCharges`.
    pub fn charge_permission_closed(
        self,
        at: Timestamp,
    ) -> Result<ChargeLifecycle, Refused<ChargeLifecycle>> {
        self.apply(ChargeEvent::ChargePermissionClosed, at)
    }

    /// Amazon canceled the charge.
    pub fn amazon_canceled(
        self,
        at: Timestamp,
    ) -> Result<ChargeLifecycle, Refused<ChargeLifecycle>> {
        self.apply(ChargeEvent::AmazonCanceled, at)
    }

    /// The buyer canceled the charge.
    pub fn buyer_canceled(
        self,
        at: Timestamp,
    ) -> Result<ChargeLifecycle, Refused<ChargeLifecycle>> {
        self.apply(ChargeEvent::BuyerCanceled, at)
    }
}

impl Machine for ChargeLifecycle {
    const KIND: ObjectKind = ObjectKind::Charge;
    machine_plumbing!(Charge, ChargeState, ChargeEvent, ChargeReasonCode);

    fn successor(state: &ChargeState, event: &ChargeEvent) -> Option<ChargeState> {
        use ChargeEvent as E;
        use ChargeState as S;
        Some(match (state, event) {
            (S::AuthorizationInitiated, E::AuthorizationSucceeded) => S::Authorized,
            (S::AuthorizationInitiated, E::AuthorizationDeclined(_)) => S::Declined,
            // Synchronous (Captured) or, after 7 days, CaptureInitiated; both
            // lead to Captured, so the later one stands for both here.
            (S::Authorized, E::CaptureRequested(_)) => S::CaptureInitiated,
            (S::Authorized | S::CaptureInitiated, E::CaptureDeclined(_)) => S::Declined,
            (S::CaptureInitiated, E::CaptureSucceeded) => S::Captured,
            (
                S::AuthorizationInitiated | S::Authorized,
                E::CancelRequested | E::ChargePermissionClosed,
            ) => S::Canceled,
            (S::Authorized, E::Expired) => S::Canceled,
            (
                S::AuthorizationInitiated | S::Authorized | S::CaptureInitiated,
                E::AmazonCanceled | E::BuyerCanceled,
            ) => S::Canceled,
            _ => return None,
        })
    }

    fn accepts(&self, event: &ChargeEvent) -> bool {
        Self::successor(self.state(), event).is_some()
    }

    fn expiry(&self) -> Option<Remedy> {
        (self.state() == &ChargeState::Canceled
            && self.reason == Some(ChargeReasonCode::ExpiredUnused))
        .then_some(Remedy::NewCharge)
    }

    fn expired_at(&self) -> Option<Timestamp> {
        self.authorization_expires_at().map(|(at, _)| at)
    }

    fn reason_texts(&self) -> Vec<String> {
        self.reason.iter().map(ToString::to_string).collect()
    }

    fn operations_in(&self, state: &ChargeState) -> &'static [Operation] {
        match state {
            ChargeState::AuthorizationInitiated => &[Operation::GetCharge, Operation::CancelCharge],
            ChargeState::Authorized => &[
                Operation::GetCharge,
                Operation::CaptureCharge,
                Operation::CancelCharge,
            ],
            // Refunds count from the captured amount; while it is unknown
            // (Amazon's report had none), only a Get Charge can tell it.
            ChargeState::Captured if self.captured.is_some() => {
                &[Operation::GetCharge, Operation::CreateRefund]
            }
            _ => &[Operation::GetCharge],
        }
    }

    fn remedy(&self) -> Option<Remedy> {
        (self.state() == &ChargeState::Captured && self.captured.is_none())
            .then_some(Remedy::GetChargeFirst)
    }
}
