//! The Charge lifecycle (spec §4.4).
//!
//! ```text
//!   Create Charge / Complete          Create Charge / Complete       Create Charge (captureNow)
//!   (canHandlePendingAuthorization)               │                             │
//!               │                                 │                             │
//!               ▼       authorization_succeeded   ▼   capture_requested         ▼
//!   AuthorizationInitiated ────────────────► Authorized ────(≤ 7 days)────► Captured ◄──┐
//!        │   │                                │  │  │                                  │
//!        │   │ authorization_declined         │  │  └──(> 7 days)──► CaptureInitiated ─┘
//!        │   └─────────────────────────┐      │  │                    │  capture_succeeded
//!        │                             ▼      │  │ capture_declined   │ capture_declined
//!        │                         Declined ◄─┼──┘◄───────────────────┤
//!        │                                    │                       │
//!        │ cancel_requested, charge_permission_closed,                │ amazon_canceled,
//!        │ amazon_canceled, buyer_canceled    │ expired (30 days),    │ buyer_canceled
//!        ▼                                    ▼ and the same four     ▼
//!     Canceled ◄──────────────────────────────┴───────────────────────┘
//! ```
//!
//! Captured, Canceled and Declined are final. A Captured charge takes refunds
//! (see [`Ledger`](crate::lifecycle::Ledger)); it has one capture.

use crate::error::{LifecycleError, Refused};
use crate::lifecycle::{Machine, Operation, ScheduledChange, days, first_report, rules};
use crate::model::{self, ChargeReasonCode, ChargeState};
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

/// An authorization lives 30 days.
const AUTHORIZATION_LIFETIME: time::Duration = days(30);
/// A capture more than 7 days after authorization is asynchronous.
const SYNCHRONOUS_CAPTURE_WINDOW: time::Duration = days(7);
/// A pending authorization finishes within 24 hours.
const PENDING_AUTHORIZATION_WINDOW: time::Duration = time::Duration::hours(24);

/// A Charge's state and the facts its rules need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChargeLifecycle {
    state: ChargeState,
    reason: Option<ChargeReasonCode>,
    charge_amount: Price,
    captured: Option<Price>,
    created_at: Timestamp,
    authorized_at: Option<Timestamp>,
}

impl ChargeLifecycle {
    fn new(state: ChargeState, charge_amount: Price, at: Timestamp) -> ChargeLifecycle {
        let authorized_at =
            matches!(state, ChargeState::Authorized | ChargeState::Captured).then_some(at);
        ChargeLifecycle {
            captured: (state == ChargeState::Captured).then(|| charge_amount.clone()),
            state,
            reason: None,
            charge_amount,
            created_at: at,
            authorized_at,
        }
    }

    /// A charge authorized at `at` (Create Charge or Complete Checkout Session
    /// with `Authorize`, synchronous).
    pub fn authorized(charge_amount: Price, at: Timestamp) -> ChargeLifecycle {
        Self::new(ChargeState::Authorized, charge_amount, at)
    }

    /// A charge whose authorization is pending
    /// (`canHandlePendingAuthorization`).
    pub fn authorization_initiated(charge_amount: Price, at: Timestamp) -> ChargeLifecycle {
        Self::new(ChargeState::AuthorizationInitiated, charge_amount, at)
    }

    /// A charge authorized and captured at once (`captureNow`,
    /// `AuthorizeWithCapture`).
    pub fn captured_at_creation(charge_amount: Price, at: Timestamp) -> ChargeLifecycle {
        Self::new(ChargeState::Captured, charge_amount, at)
    }

    /// The lifecycle of a Charge as Amazon reported it. Needs `chargeAmount`
    /// and `statusDetails.state`; times default to `at` when absent. An
    /// unknown state is kept (see [`ChargeState::is_known`]).
    pub fn from_model(
        charge: &model::Charge,
        at: Timestamp,
    ) -> Result<ChargeLifecycle, LifecycleError> {
        let Some(amount) = &charge.charge_amount else {
            return Err(LifecycleError::MismatchedReport {
                object: "Charge",
                reason: "the report has no chargeAmount",
            });
        };
        let blank = ChargeLifecycle {
            state: ChargeState::Unknown(String::new()),
            reason: None,
            charge_amount: amount.clone(),
            captured: None,
            created_at: charge.creation_timestamp.unwrap_or(at),
            authorized_at: None,
        };
        first_report(blank.observe(charge, at))
    }

    /// The state.
    pub fn state(&self) -> &ChargeState {
        &self.state
    }

    /// The reason for the state, if any.
    pub fn reason(&self) -> Option<&ChargeReasonCode> {
        self.reason.as_ref()
    }

    /// The authorized amount (`chargeAmount`).
    pub fn charge_amount(&self) -> &Price {
        &self.charge_amount
    }

    /// The captured amount, once a capture was accepted (pending or done).
    pub fn captured_amount(&self) -> Option<&Price> {
        self.captured.as_ref()
    }

    /// When the charge was created.
    pub fn created_at(&self) -> Timestamp {
        self.created_at
    }

    /// When the authorization succeeded, if it has.
    pub fn authorized_at(&self) -> Option<Timestamp> {
        self.authorized_at
    }

    /// Whether the state is final (Captured, Canceled, Declined).
    pub fn is_final(&self) -> bool {
        matches!(
            self.state,
            ChargeState::Captured | ChargeState::Canceled | ChargeState::Declined
        )
    }

    /// The operations the state allows (spec §4.4).
    pub fn allowed_operations(&self) -> &'static [Operation] {
        match self.state {
            ChargeState::AuthorizationInitiated => &[Operation::GetCharge, Operation::CancelCharge],
            ChargeState::Authorized => &[
                Operation::GetCharge,
                Operation::CaptureCharge,
                Operation::CancelCharge,
            ],
            ChargeState::Captured => &[Operation::GetCharge, Operation::CreateRefund],
            _ => &[Operation::GetCharge],
        }
    }

    /// Refuses `operation` unless the state allows it.
    pub fn require(&self, operation: Operation) -> Result<(), LifecycleError> {
        crate::lifecycle::require(self, operation, self.allowed_operations())
    }

    /// The events the state takes, by name.
    pub fn allowed_events(&self) -> Vec<&'static str> {
        Machine::allowed_events(self)
    }

    /// What happens by itself next: an Authorized charge becomes Canceled
    /// (`ExpiredUnused`) 30 days after authorization.
    pub fn next_change(&self) -> Option<ScheduledChange<ChargeState, ChargeReasonCode>> {
        match (&self.state, self.authorized_at) {
            (ChargeState::Authorized, Some(authorized)) => Some(ScheduledChange {
                at: authorized.checked_add(AUTHORIZATION_LIFETIME)?,
                state: ChargeState::Canceled,
                reason: Some(ChargeReasonCode::ExpiredUnused),
            }),
            _ => None,
        }
    }

    /// From when a capture is asynchronous (7 days after authorization): a
    /// capture requested after it goes to CaptureInitiated, not Captured.
    pub fn capture_asynchronous_from(&self) -> Option<Timestamp> {
        self.authorized_at?.checked_add(SYNCHRONOUS_CAPTURE_WINDOW)
    }

    /// By when a pending authorization finishes (24 hours after creation),
    /// while the charge is AuthorizationInitiated. Amazon decides the outcome.
    pub fn authorization_result_due(&self) -> Option<Timestamp> {
        match self.state {
            ChargeState::AuthorizationInitiated => {
                self.created_at.checked_add(PENDING_AUTHORIZATION_WINDOW)
            }
            _ => None,
        }
    }

    /// Applies the changes due at `now` ([`next_change`](Self::next_change)).
    pub fn advance(mut self, now: Timestamp) -> ChargeLifecycle {
        if let Some(change) = self.next_change()
            && now >= change.at
        {
            self.state = change.state;
            self.reason = change.reason;
        }
        self
    }

    /// Applies `event` at `at`, after the changes due by then.
    pub fn apply(
        self,
        event: ChargeEvent,
        at: Timestamp,
    ) -> Result<ChargeLifecycle, Refused<ChargeLifecycle>> {
        let mut this = self.advance(at);
        let Some(state) = Self::successor(&this.state, &event) else {
            return Err(this.illegal(&event));
        };
        this.reason = None;
        match event {
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
                this.state = if asynchronous {
                    ChargeState::CaptureInitiated
                } else {
                    ChargeState::Captured
                };
                this.captured = Some(amount);
                return Ok(this);
            }
            ChargeEvent::AuthorizationSucceeded => this.authorized_at = Some(at),
            ChargeEvent::AuthorizationDeclined(reason) | ChargeEvent::CaptureDeclined(reason) => {
                this.reason = Some(reason)
            }
            ChargeEvent::CancelRequested => this.reason = Some(ChargeReasonCode::MerchantCanceled),
            ChargeEvent::Expired => this.reason = Some(ChargeReasonCode::ExpiredUnused),
            ChargeEvent::ChargePermissionClosed => {
                this.reason = Some(ChargeReasonCode::ChargePermissionCanceled)
            }
            ChargeEvent::AmazonCanceled => this.reason = Some(ChargeReasonCode::AmazonCanceled),
            ChargeEvent::BuyerCanceled => this.reason = Some(ChargeReasonCode::BuyerCanceled),
            ChargeEvent::CaptureSucceeded => {}
        }
        this.state = state;
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

    /// The authorization expired unused.
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

    /// Takes in what Amazon now reports for this charge (a Get Charge
    /// response, or one fetched after an IPN).
    ///
    /// Every legal move is accepted, several steps at once included
    /// (AuthorizationInitiated → Captured); amounts and reason follow the
    /// report. Refused: a report without a state, in another currency, or
    /// with a state that cannot follow the known one (Captured → Authorized,
    /// anything out of a final state). An unknown state is kept and reported.
    pub fn observe(
        self,
        charge: &model::Charge,
        at: Timestamp,
    ) -> Result<ChargeLifecycle, Refused<ChargeLifecycle>> {
        let refuse = |lifecycle, error| Err(Refused { lifecycle, error });
        let mismatched = |reason| LifecycleError::MismatchedReport {
            object: "Charge",
            reason,
        };
        let Some(state) = charge.state() else {
            return refuse(self, mismatched("the report has no statusDetails.state"));
        };
        if let Some(amount) = &charge.charge_amount
            && amount.currency() != self.charge_amount.currency()
        {
            return refuse(self, mismatched("chargeAmount is in another currency"));
        }
        let updated_at = charge
            .status_details
            .as_ref()
            .and_then(|s| s.last_updated_timestamp)
            .unwrap_or(at);
        self.take_report(state, |next| {
            if let Some(amount) = &charge.charge_amount {
                next.charge_amount = amount.clone();
            }
            if let Some(captured) = charge.capture_amount.as_ref().filter(|c| !c.is_zero()) {
                next.captured = Some(captured.clone());
            }
            let authorized = matches!(
                next.state,
                ChargeState::Authorized | ChargeState::CaptureInitiated | ChargeState::Captured
            );
            if authorized && next.authorized_at.is_none() {
                next.authorized_at = Some(updated_at);
            }
            next.reason = charge.reason_code().cloned();
        })
    }
}

impl Machine for ChargeLifecycle {
    const OBJECT: &'static str = "Charge";
    type State = ChargeState;
    type Event = ChargeEvent;

    fn events() -> &'static [ChargeEvent] {
        EVENTS
    }

    fn event_name(event: &ChargeEvent) -> &'static str {
        event.name()
    }

    fn state(&self) -> &ChargeState {
        &self.state
    }

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
        Self::successor(&self.state, event).is_some()
    }

    fn is_known(state: &ChargeState) -> bool {
        state.is_known()
    }

    fn with_state(mut self, state: ChargeState) -> Self {
        self.state = state;
        self
    }
}
