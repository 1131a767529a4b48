//! The Checkout Session lifecycle (spec §4.2, §14).
//!
//! ```text
//!   Create Checkout Session (merchant, or Amazon from a signed button payload)
//!        │
//!        ▼         updated, buyer_returned (v2)
//!      Open ◄──────────────┐
//!        │ │ │ └───────────┘
//!        │ │ └─ completed (v2: Complete/Finalize succeeded) ─────┐
//!        │ └─── buyer_returned (v1: no Complete call) ───────────┤
//!        │                                                       ▼
//!        │                                                   Completed
//!        │ buyer_canceled (BuyerCanceled), declined (Declined),
//!        │ amazon_canceled (AmazonCanceled), expired (24 h: Expired)
//!        ▼
//!     Canceled
//! ```
//!
//! Completed and Canceled are final; a Completed session cannot be used for
//! another payment. Amazon deletes sessions 30 days after creation.

use crate::config::ApiVersion;
use crate::error::{LifecycleError, Refused};
use crate::lifecycle::{Machine, Operation, ScheduledChange, days, first_report};
use crate::model::{self, CheckoutSessionReasonCode, CheckoutSessionState};
use crate::timestamp::Timestamp;

/// Something that happens to a Checkout Session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CheckoutSessionEvent {
    /// The merchant called Update Checkout Session.
    Updated,
    /// The buyer came back to `checkoutResultReturnUrl`. Under API path
    /// version v1 this completes the session; under v2 Complete must follow.
    BuyerReturned,
    /// Complete (or Finalize) Checkout Session succeeded (v2 only).
    Completed,
    /// The buyer canceled on Amazon's pages (`BuyerCanceled`).
    BuyerCanceled,
    /// The payment was declined (`Declined`).
    Declined,
    /// Amazon canceled for service reasons (`AmazonCanceled`).
    AmazonCanceled,
    /// 24 hours passed without completion (`Expired`).
    Expired,
}

const EVENTS: &[CheckoutSessionEvent] = &[
    CheckoutSessionEvent::Updated,
    CheckoutSessionEvent::BuyerReturned,
    CheckoutSessionEvent::Completed,
    CheckoutSessionEvent::BuyerCanceled,
    CheckoutSessionEvent::Declined,
    CheckoutSessionEvent::AmazonCanceled,
    CheckoutSessionEvent::Expired,
];

impl CheckoutSessionEvent {
    /// The event's name, as in the lifecycle's methods.
    pub fn name(self) -> &'static str {
        match self {
            CheckoutSessionEvent::Updated => "updated",
            CheckoutSessionEvent::BuyerReturned => "buyer_returned",
            CheckoutSessionEvent::Completed => "completed",
            CheckoutSessionEvent::BuyerCanceled => "buyer_canceled",
            CheckoutSessionEvent::Declined => "declined",
            CheckoutSessionEvent::AmazonCanceled => "amazon_canceled",
            CheckoutSessionEvent::Expired => "expired",
        }
    }

    fn reason(self) -> Option<CheckoutSessionReasonCode> {
        match self {
            CheckoutSessionEvent::BuyerCanceled => Some(CheckoutSessionReasonCode::BuyerCanceled),
            CheckoutSessionEvent::Declined => Some(CheckoutSessionReasonCode::Declined),
            CheckoutSessionEvent::AmazonCanceled => Some(CheckoutSessionReasonCode::AmazonCanceled),
            CheckoutSessionEvent::Expired => Some(CheckoutSessionReasonCode::Expired),
            _ => None,
        }
    }
}

/// An open session is canceled after 24 hours.
const LIFETIME: time::Duration = time::Duration::hours(24);
/// Amazon deletes sessions 30 days after creation.
const RETENTION: time::Duration = days(30);

/// A Checkout Session's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckoutSessionLifecycle {
    state: CheckoutSessionState,
    reason: Option<CheckoutSessionReasonCode>,
    created_at: Timestamp,
    api_version: ApiVersion,
}

impl CheckoutSessionLifecycle {
    /// A session created at `at` (state Open).
    pub fn created(at: Timestamp, api_version: ApiVersion) -> CheckoutSessionLifecycle {
        CheckoutSessionLifecycle {
            state: CheckoutSessionState::Open,
            reason: None,
            created_at: at,
            api_version,
        }
    }

    /// The lifecycle of a session as Amazon reported it (`creationTimestamp`
    /// defaults to `at`). An unknown state is kept.
    pub fn from_model(
        session: &model::CheckoutSession,
        api_version: ApiVersion,
        at: Timestamp,
    ) -> Result<CheckoutSessionLifecycle, LifecycleError> {
        let blank = CheckoutSessionLifecycle {
            state: CheckoutSessionState::Unknown(String::new()),
            reason: None,
            created_at: session.creation_timestamp.unwrap_or(at),
            api_version,
        };
        first_report(blank.observe(session))
    }

    /// The state.
    pub fn state(&self) -> &CheckoutSessionState {
        &self.state
    }

    /// Why the session was canceled, if it was.
    pub fn reason(&self) -> Option<&CheckoutSessionReasonCode> {
        self.reason.as_ref()
    }

    /// When the session was created.
    pub fn created_at(&self) -> Timestamp {
        self.created_at
    }

    /// The API path version the session lives under.
    pub fn api_version(&self) -> ApiVersion {
        self.api_version
    }

    /// When Amazon deletes the session and its data (30 days after creation);
    /// Get then fails.
    pub fn deleted_at(&self) -> Option<Timestamp> {
        self.created_at.checked_add(RETENTION)
    }

    /// The operations the state allows: while Open, Get, Update, Complete and
    /// Finalize (v1: Get and Update only); afterwards Get.
    pub fn allowed_operations(&self) -> &'static [Operation] {
        match (&self.state, self.api_version) {
            (CheckoutSessionState::Open, ApiVersion::V2) => &[
                Operation::GetCheckoutSession,
                Operation::UpdateCheckoutSession,
                Operation::CompleteCheckoutSession,
                Operation::FinalizeCheckoutSession,
            ],
            (CheckoutSessionState::Open, ApiVersion::V1) => &[
                Operation::GetCheckoutSession,
                Operation::UpdateCheckoutSession,
            ],
            _ => &[Operation::GetCheckoutSession],
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

    /// What happens by itself next: an Open session is Canceled (`Expired`)
    /// 24 hours after creation.
    pub fn next_change(
        &self,
    ) -> Option<ScheduledChange<CheckoutSessionState, CheckoutSessionReasonCode>> {
        match self.state {
            CheckoutSessionState::Open => Some(ScheduledChange {
                at: self.created_at.checked_add(LIFETIME)?,
                state: CheckoutSessionState::Canceled,
                reason: Some(CheckoutSessionReasonCode::Expired),
            }),
            _ => None,
        }
    }

    /// Applies the changes due at `now`.
    pub fn advance(mut self, now: Timestamp) -> CheckoutSessionLifecycle {
        if let Some(change) = self.next_change()
            && now >= change.at
        {
            self.state = change.state;
            self.reason = change.reason;
        }
        self
    }

    fn next_state(&self, event: CheckoutSessionEvent) -> Option<CheckoutSessionState> {
        use CheckoutSessionEvent as E;
        use CheckoutSessionState as S;
        match (&self.state, event, self.api_version) {
            (S::Open, E::Completed, ApiVersion::V1) => None,
            (S::Open, E::BuyerReturned, ApiVersion::V1) => Some(S::Completed),
            _ => Self::successor(&self.state, &event),
        }
    }

    /// Applies `event` at `at`, after the changes due by then.
    pub fn apply(
        self,
        event: CheckoutSessionEvent,
        at: Timestamp,
    ) -> Result<CheckoutSessionLifecycle, Refused<CheckoutSessionLifecycle>> {
        let mut this = self.advance(at);
        let Some(state) = this.next_state(event) else {
            return Err(this.illegal(&event));
        };
        this.state = state;
        this.reason = event.reason();
        Ok(this)
    }

    /// The merchant updated the session.
    pub fn updated(
        self,
        at: Timestamp,
    ) -> Result<CheckoutSessionLifecycle, Refused<CheckoutSessionLifecycle>> {
        self.apply(CheckoutSessionEvent::Updated, at)
    }

    /// The buyer came back to `checkoutResultReturnUrl`.
    pub fn buyer_returned(
        self,
        at: Timestamp,
    ) -> Result<CheckoutSessionLifecycle, Refused<CheckoutSessionLifecycle>> {
        self.apply(CheckoutSessionEvent::BuyerReturned, at)
    }

    /// Complete or Finalize Checkout Session succeeded.
    pub fn completed(
        self,
        at: Timestamp,
    ) -> Result<CheckoutSessionLifecycle, Refused<CheckoutSessionLifecycle>> {
        self.apply(CheckoutSessionEvent::Completed, at)
    }

    /// The buyer canceled.
    pub fn buyer_canceled(
        self,
        at: Timestamp,
    ) -> Result<CheckoutSessionLifecycle, Refused<CheckoutSessionLifecycle>> {
        self.apply(CheckoutSessionEvent::BuyerCanceled, at)
    }

    /// The payment was declined.
    pub fn declined(
        self,
        at: Timestamp,
    ) -> Result<CheckoutSessionLifecycle, Refused<CheckoutSessionLifecycle>> {
        self.apply(CheckoutSessionEvent::Declined, at)
    }

    /// Amazon canceled the session.
    pub fn amazon_canceled(
        self,
        at: Timestamp,
    ) -> Result<CheckoutSessionLifecycle, Refused<CheckoutSessionLifecycle>> {
        self.apply(CheckoutSessionEvent::AmazonCanceled, at)
    }

    /// The session expired.
    pub fn expired(
        self,
        at: Timestamp,
    ) -> Result<CheckoutSessionLifecycle, Refused<CheckoutSessionLifecycle>> {
        self.apply(CheckoutSessionEvent::Expired, at)
    }

    /// Takes in what Amazon now reports for this session. Refused: a report
    /// without a state, or with a state that cannot follow the known one
    /// (anything out of Completed or Canceled). An unknown state is kept and
    /// reported.
    pub fn observe(
        self,
        session: &model::CheckoutSession,
    ) -> Result<CheckoutSessionLifecycle, Refused<CheckoutSessionLifecycle>> {
        let refuse = |lifecycle, error| Err(Refused { lifecycle, error });
        let Some(state) = session.state() else {
            let error = LifecycleError::MismatchedReport {
                object: "Checkout Session",
                reason: "the report has no statusDetails.state",
            };
            return refuse(self, error);
        };
        self.take_report(state, |next| next.reason = session.reason_code().cloned())
    }
}

impl Machine for CheckoutSessionLifecycle {
    const OBJECT: &'static str = "Checkout Session";
    type State = CheckoutSessionState;
    type Event = CheckoutSessionEvent;

    fn events() -> &'static [CheckoutSessionEvent] {
        EVENTS
    }

    fn event_name(event: &CheckoutSessionEvent) -> &'static str {
        event.name()
    }

    fn state(&self) -> &CheckoutSessionState {
        &self.state
    }

    fn successor(
        state: &CheckoutSessionState,
        event: &CheckoutSessionEvent,
    ) -> Option<CheckoutSessionState> {
        use CheckoutSessionEvent as E;
        use CheckoutSessionState as S;
        match (state, event) {
            // (v1: buyer_returned completes; covered by the Completed edge.)
            (S::Open, E::Updated | E::BuyerReturned) => Some(S::Open),
            (S::Open, E::Completed) => Some(S::Completed),
            (S::Open, E::BuyerCanceled | E::Declined | E::AmazonCanceled | E::Expired) => {
                Some(S::Canceled)
            }
            _ => None,
        }
    }

    fn accepts(&self, event: &CheckoutSessionEvent) -> bool {
        self.next_state(*event).is_some()
    }

    fn is_known(state: &CheckoutSessionState) -> bool {
        state.is_known()
    }

    fn with_state(mut self, state: CheckoutSessionState) -> Self {
        self.state = state;
        self
    }
}
