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

use serde::{Deserialize, Serialize};

use crate::lifecycle::machine::{Reported, lifecycle_common, machine_plumbing};

use crate::api::Operation;
use crate::config::ApiVersion;
use crate::lifecycle::error::{
    LifecycleError, ObjectEvent, ObjectKind, ObjectState, Refused, Remedy,
};
use crate::lifecycle::{
    DeadlineBasis, FormatVersion, Machine, Observed, ScheduledChange, Status, Track, days,
};
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckoutSessionLifecycle {
    format_version: FormatVersion,
    status: Track<CheckoutSessionState>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reason: Option<CheckoutSessionReasonCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    created_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expires_at: Option<Timestamp>,
    api_version: ApiVersion,
}

lifecycle_common!(
    CheckoutSessionLifecycle,
    "checkout session",
    CheckoutSessionState,
    /// While Open: Get, Update, Complete and Finalize (v1: Get and Update
    /// only); otherwise Get (spec §4.2).
);

impl CheckoutSessionLifecycle {
    /// A session created at `at` (state Open).
    pub fn created(at: Timestamp, api_version: ApiVersion) -> CheckoutSessionLifecycle {
        CheckoutSessionLifecycle {
            format_version: FormatVersion,
            status: Track::new(CheckoutSessionState::Open, Some(at)),
            reason: None,
            created_at: Some(at),
            expires_at: None,
            api_version,
        }
    }

    /// The lifecycle of a session as Amazon reported it. The dates are
    /// Amazon's (a missing `creationTimestamp` stays unknown; it is never
    /// replaced by the time of reading). An unknown state is kept.
    pub fn from_model(
        session: &model::CheckoutSession,
        api_version: ApiVersion,
    ) -> Result<CheckoutSessionLifecycle, LifecycleError> {
        let blank = CheckoutSessionLifecycle {
            format_version: FormatVersion,
            status: Track::blank(CheckoutSessionState::Unknown(String::new())),
            reason: None,
            created_at: None,
            expires_at: None,
            api_version,
        };
        Ok(blank.observe(session)?.lifecycle)
    }

    /// Why the session was canceled, if it was.
    pub fn reason(&self) -> Option<&CheckoutSessionReasonCode> {
        self.reason.as_ref()
    }

    /// When the session was created, if known.
    pub fn created_at(&self) -> Option<Timestamp> {
        self.created_at
    }

    /// The API path version the session lives under.
    pub fn api_version(&self) -> ApiVersion {
        self.api_version
    }

    /// When Amazon deletes the session and its data (30 days after creation);
    /// Get then fails.
    pub fn deleted_at(&self) -> Option<Timestamp> {
        self.created_at?.checked_add(RETENTION)
    }

    /// When an Open session is canceled (`Expired`): Amazon's
    /// `expirationTimestamp` when reported, else 24 hours after creation.
    pub fn expires_at(&self) -> Option<(Timestamp, DeadlineBasis)> {
        if let Some(at) = self.expires_at {
            return Some((at, DeadlineBasis::Amazon));
        }
        Some((
            self.created_at?.checked_add(LIFETIME)?,
            DeadlineBasis::Derived,
        ))
    }

    /// What happens by itself next: an Open session is Canceled (`Expired`)
    /// at [`expires_at`](Self::expires_at).
    pub fn next_change(
        &self,
    ) -> Option<ScheduledChange<CheckoutSessionState, CheckoutSessionReasonCode>> {
        match self.state() {
            CheckoutSessionState::Open => {
                let (at, basis) = self.expires_at()?;
                Some(ScheduledChange {
                    at,
                    state: CheckoutSessionState::Canceled,
                    reason: Some(CheckoutSessionReasonCode::Expired),
                    basis,
                })
            }
            _ => None,
        }
    }

    /// What may be done at `now`, and until when.
    pub fn status(
        &self,
        now: Timestamp,
    ) -> Status<CheckoutSessionState, CheckoutSessionReasonCode> {
        self.status_at(now)
    }

    /// Applies the changes due at `now`, as predictions.
    pub fn advance(mut self, now: Timestamp) -> CheckoutSessionLifecycle {
        if let Some(change) = self.next_change()
            && now >= change.at
        {
            self.status.predict(change.state);
            self.reason = change.reason;
        }
        self
    }

    fn next_state(&self, event: CheckoutSessionEvent) -> Option<CheckoutSessionState> {
        use CheckoutSessionEvent as E;
        use CheckoutSessionState as S;
        match (self.state(), event, self.api_version) {
            (S::Open, E::Completed, ApiVersion::V1) => None,
            (S::Open, E::BuyerReturned, ApiVersion::V1) => Some(S::Completed),
            _ => Self::successor(self.state(), &event),
        }
    }

    /// Applies `event` at `at`, after the changes due by then.
    ///
    /// Refused, leaving the lifecycle as it was: an event the state does not
    /// take, an event dated before the session's last change, and `expired`
    /// before it is due.
    pub fn apply(
        self,
        event: CheckoutSessionEvent,
        at: Timestamp,
    ) -> Result<CheckoutSessionLifecycle, Refused<CheckoutSessionLifecycle>> {
        let this = match event {
            CheckoutSessionEvent::Expired => self,
            _ => self.advance(at),
        };
        let mut this = this;
        if let Some(error) = this.time_error(at) {
            return Err(Refused {
                lifecycle: this,
                error,
            });
        }
        let Some(state) = this.next_state(event) else {
            return Err(this.illegal(&event));
        };
        if event == CheckoutSessionEvent::Expired {
            if let Some((due, _)) = this.expires_at()
                && at < due
            {
                return Err(Refused {
                    lifecycle: this,
                    error: LifecycleError::TooEarly {
                        object: ObjectKind::CheckoutSession,
                        event: "expired",
                        at,
                        due,
                    },
                });
            }
            this.status.predict(state);
        } else {
            this.status.set(state, at);
        }
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

    /// The session expired. Refused before it is due; the result is a
    /// prediction until Amazon reports it.
    pub fn expired(
        self,
        at: Timestamp,
    ) -> Result<CheckoutSessionLifecycle, Refused<CheckoutSessionLifecycle>> {
        self.apply(CheckoutSessionEvent::Expired, at)
    }

    /// Takes in what Amazon now reports for this session, and says what it
    /// made of it. A report older than the last change is ignored as stale;
    /// one that overrules a predicted expiry (Completed) is taken. Refused,
    /// leaving the lifecycle as it was: a report without a state, or with a
    /// state that cannot follow the last known one (anything out of
    /// Completed or Canceled).
    pub fn observe(
        self,
        session: &model::CheckoutSession,
    ) -> Result<
        Observed<CheckoutSessionLifecycle, CheckoutSessionState>,
        Refused<CheckoutSessionLifecycle>,
    > {
        let judged = self.judge_reported(session, || Ok(()));
        self.conclude(judged, |next, state| {
            next.reason = session.reason_code().cloned();
            next.created_at = session.creation_timestamp.or(next.created_at);
            next.expires_at = session.expiration_timestamp.or(next.expires_at);
            next.take(state, session.reported_at());
        })
    }
}

impl Machine for CheckoutSessionLifecycle {
    const KIND: ObjectKind = ObjectKind::CheckoutSession;
    machine_plumbing!(
        CheckoutSession,
        CheckoutSessionState,
        CheckoutSessionEvent,
        CheckoutSessionReasonCode
    );

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

    fn expiry(&self) -> Option<Remedy> {
        (self.state() == &CheckoutSessionState::Canceled
            && self.reason == Some(CheckoutSessionReasonCode::Expired))
        .then_some(Remedy::NewCheckoutSession)
    }

    fn expired_at(&self) -> Option<Timestamp> {
        self.expires_at().map(|(at, _)| at)
    }

    fn reason_texts(&self) -> Vec<String> {
        self.reason.iter().map(ToString::to_string).collect()
    }

    fn operations_in(&self, state: &CheckoutSessionState) -> &'static [Operation] {
        match (state, self.api_version) {
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
}
