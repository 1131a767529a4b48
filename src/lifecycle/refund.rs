//! The Refund lifecycle (spec §4.5).
//!
//! ```text
//!   Create Refund (on a Captured charge; always asynchronous)
//!        │
//!        ▼            refunded
//!   RefundInitiated ───────────► Refunded
//!        │
//!        │ declined (AmazonRejected: refund another way;
//!        │           ProcessingFailure: error, or already refunded
//!        ▼           through an A-to-z claim or chargeback)
//!     Declined
//! ```
//!
//! Refunded and Declined are final. There is no time limit to start a refund;
//! Amazon suggests polling hourly when not using IPNs.

use serde::{Deserialize, Serialize};

use crate::api::Operation;
use crate::lifecycle::error::{
    LifecycleError, ObjectEvent, ObjectKind, ObjectState, Refused, Remedy, RuleViolation,
};
use crate::lifecycle::machine::{Reported, lifecycle_common, machine_plumbing};
use crate::lifecycle::{FormatVersion, Machine, Observed, ScheduledChange, Status, Track};
use crate::model::{self, RefundReasonCode, RefundState};
use crate::money::Price;
use crate::timestamp::Timestamp;

/// Something that happens to a Refund.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RefundEvent {
    /// Amazon processed the refund.
    Refunded,
    /// Amazon declined the refund, with its reason.
    Declined(RefundReasonCode),
}

const EVENTS: &[RefundEvent] = &[
    RefundEvent::Refunded,
    RefundEvent::Declined(RefundReasonCode::AmazonRejected),
];

impl RefundEvent {
    /// The event's name, as in the lifecycle's methods.
    pub fn name(&self) -> &'static str {
        match self {
            RefundEvent::Refunded => "refunded",
            RefundEvent::Declined(_) => "declined",
        }
    }
}

/// A Refund's state and amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RefundLifecycle {
    format_version: FormatVersion,
    status: Track<RefundState>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reason: Option<RefundReasonCode>,
    amount: Price,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    created_at: Option<Timestamp>,
}

lifecycle_common!(
    RefundLifecycle,
    "refund",
    RefundState,
    /// In every state: Get Refund.
);

impl RefundLifecycle {
    /// A refund of `amount` created at `at` (state RefundInitiated).
    pub fn initiated(amount: Price, at: Timestamp) -> RefundLifecycle {
        RefundLifecycle {
            format_version: FormatVersion,
            status: Track::new(RefundState::RefundInitiated, Some(at)),
            reason: None,
            amount,
            created_at: Some(at),
        }
    }

    /// The lifecycle of a Refund as Amazon reported it (needs `refundAmount`).
    /// An unknown state is kept.
    pub fn from_model(refund: &model::Refund) -> Result<RefundLifecycle, LifecycleError> {
        let Some(amount) = &refund.refund_amount else {
            return Err(mismatched("the report has no refundAmount"));
        };
        let blank = RefundLifecycle {
            format_version: FormatVersion,
            status: Track::blank(RefundState::Unknown(String::new())),
            reason: None,
            amount: amount.clone(),
            created_at: None,
        };
        Ok(blank.observe(refund)?.lifecycle)
    }

    /// The reason for the state, if any.
    pub fn reason(&self) -> Option<&RefundReasonCode> {
        self.reason.as_ref()
    }

    /// The amount refunded (or being refunded).
    pub fn amount(&self) -> &Price {
        &self.amount
    }

    /// When the refund was created, if known.
    pub fn created_at(&self) -> Option<Timestamp> {
        self.created_at
    }

    /// Whether the refund counts against the charge's refundable amount:
    /// every refund but a declined one (a state this crate does not know
    /// counts, to be safe).
    pub fn counts_against_charge(&self) -> bool {
        self.state() != &RefundState::Declined
    }

    /// What happens by itself next: nothing the crate can date. A refund
    /// changes only by Amazon's processing, which has no published deadline.
    pub fn next_change(&self) -> Option<ScheduledChange<RefundState, RefundReasonCode>> {
        None
    }

    /// The refund at `now`: unchanged, since no change of a refund is due by
    /// time alone.
    pub fn advance(self, _now: Timestamp) -> RefundLifecycle {
        self
    }

    /// What may be done. A refund changes only by Amazon's processing, which
    /// has no published deadline (Amazon suggests polling hourly).
    pub fn status(&self) -> Status<RefundState, RefundReasonCode> {
        Status {
            state: self.state().clone(),
            last_known_state: self.last_known_state().cloned(),
            predicted: false,
            allowed_operations: self.operations_in(self.state()).to_vec(),
            next_change: None,
            capturable: None,
            refundable: None,
            chargeable: None,
        }
    }

    /// Applies `event`.
    pub fn apply(
        mut self,
        event: RefundEvent,
    ) -> Result<RefundLifecycle, Refused<RefundLifecycle>> {
        let Some(state) = Self::successor(self.state(), &event) else {
            return Err(self.illegal(&event));
        };
        self.reason = match event {
            RefundEvent::Declined(reason) => Some(reason),
            RefundEvent::Refunded => None,
        };
        let at = self.status.updated_at();
        match at {
            Some(at) => self.status.set(state, at),
            None => self.take(state, None),
        }
        Ok(self)
    }

    /// Amazon processed the refund.
    pub fn refunded(self) -> Result<RefundLifecycle, Refused<RefundLifecycle>> {
        self.apply(RefundEvent::Refunded)
    }

    /// Amazon declined the refund.
    pub fn declined(
        self,
        reason: RefundReasonCode,
    ) -> Result<RefundLifecycle, Refused<RefundLifecycle>> {
        self.apply(RefundEvent::Declined(reason))
    }

    /// Takes in what Amazon now reports for this refund, and says what it
    /// made of it. A report older than the last change is ignored as stale.
    /// Refused, leaving the lifecycle as it was: a report without a state,
    /// in another currency, or with a state that cannot follow the last
    /// known one (anything out of Refunded or Declined).
    pub fn observe(
        self,
        refund: &model::Refund,
    ) -> Result<Observed<RefundLifecycle, RefundState>, Refused<RefundLifecycle>> {
        let judged = self.judge_reported(refund, || match &refund.refund_amount {
            Some(amount) if amount.currency() != self.amount.currency() => {
                Err(LifecycleError::ReportBreaksRule {
                    object: ObjectKind::Refund,
                    violation: RuleViolation::CurrencyMismatch {
                        expected: self.amount.currency().clone(),
                        found: amount.currency().clone(),
                    },
                })
            }
            _ => Ok(()),
        });
        self.conclude(judged, |next, state| {
            if let Some(amount) = &refund.refund_amount {
                next.amount = amount.clone();
            }
            next.created_at = refund.creation_timestamp.or(next.created_at);
            next.reason = refund.reason_code().cloned();
            next.take(state, refund.reported_at());
        })
    }
}

fn mismatched(reason: &'static str) -> LifecycleError {
    LifecycleError::MismatchedReport {
        object: ObjectKind::Refund,
        reason,
    }
}

impl Machine for RefundLifecycle {
    const KIND: ObjectKind = ObjectKind::Refund;
    machine_plumbing!(Refund, RefundState, RefundEvent, RefundReasonCode);

    fn successor(state: &RefundState, event: &RefundEvent) -> Option<RefundState> {
        match (state, event) {
            (RefundState::RefundInitiated, RefundEvent::Refunded) => Some(RefundState::Refunded),
            (RefundState::RefundInitiated, RefundEvent::Declined(_)) => Some(RefundState::Declined),
            _ => None,
        }
    }

    fn accepts(&self, event: &RefundEvent) -> bool {
        Self::successor(self.state(), event).is_some()
    }

    fn expiry(&self) -> Option<Remedy> {
        None
    }

    fn expired_at(&self) -> Option<Timestamp> {
        None
    }

    fn reason_texts(&self) -> Vec<String> {
        self.reason.iter().map(ToString::to_string).collect()
    }

    fn operations_in(&self, _: &RefundState) -> &'static [Operation] {
        &[Operation::GetRefund]
    }
}
