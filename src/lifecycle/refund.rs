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

use crate::error::{LifecycleError, Refused};
use crate::lifecycle::{Machine, Operation, first_report};
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundLifecycle {
    state: RefundState,
    reason: Option<RefundReasonCode>,
    amount: Price,
    created_at: Timestamp,
}

impl RefundLifecycle {
    /// A refund of `amount` created at `at` (state RefundInitiated).
    pub fn initiated(amount: Price, at: Timestamp) -> RefundLifecycle {
        RefundLifecycle {
            state: RefundState::RefundInitiated,
            reason: None,
            amount,
            created_at: at,
        }
    }

    /// The lifecycle of a Refund as Amazon reported it (needs `refundAmount`).
    /// An unknown state is kept.
    pub fn from_model(
        refund: &model::Refund,
        at: Timestamp,
    ) -> Result<RefundLifecycle, LifecycleError> {
        let Some(amount) = &refund.refund_amount else {
            return Err(LifecycleError::MismatchedReport {
                object: "Refund",
                reason: "the report has no refundAmount",
            });
        };
        let blank = RefundLifecycle {
            state: RefundState::Unknown(String::new()),
            reason: None,
            amount: amount.clone(),
            created_at: refund.creation_timestamp.unwrap_or(at),
        };
        first_report(blank.observe(refund))
    }

    /// The state.
    pub fn state(&self) -> &RefundState {
        &self.state
    }

    /// The reason for the state, if any.
    pub fn reason(&self) -> Option<&RefundReasonCode> {
        self.reason.as_ref()
    }

    /// The amount refunded (or being refunded).
    pub fn amount(&self) -> &Price {
        &self.amount
    }

    /// When the refund was created.
    pub fn created_at(&self) -> Timestamp {
        self.created_at
    }

    /// Whether the refund counts against the charge's refundable amount:
    /// every refund but a declined one (an unknown state counts, to be safe).
    pub fn counts_against_charge(&self) -> bool {
        self.state != RefundState::Declined
    }

    /// The operations the state allows: Get Refund.
    pub fn allowed_operations(&self) -> &'static [Operation] {
        &[Operation::GetRefund]
    }

    /// The events the state takes, by name.
    pub fn allowed_events(&self) -> Vec<&'static str> {
        Machine::allowed_events(self)
    }

    /// Applies `event`.
    pub fn apply(
        mut self,
        event: RefundEvent,
    ) -> Result<RefundLifecycle, Refused<RefundLifecycle>> {
        let Some(state) = Self::successor(&self.state, &event) else {
            return Err(self.illegal(&event));
        };
        self.reason = match event {
            RefundEvent::Declined(reason) => Some(reason),
            RefundEvent::Refunded => None,
        };
        self.state = state;
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

    /// Takes in what Amazon now reports for this refund. Refused: a report
    /// without a state, in another currency, or with a state that cannot
    /// follow the known one. An unknown state is kept and reported.
    pub fn observe(
        self,
        refund: &model::Refund,
    ) -> Result<RefundLifecycle, Refused<RefundLifecycle>> {
        let refuse = |lifecycle, error| Err(Refused { lifecycle, error });
        let mismatched = |reason| LifecycleError::MismatchedReport {
            object: "Refund",
            reason,
        };
        let Some(state) = refund.state() else {
            return refuse(self, mismatched("the report has no statusDetails.state"));
        };
        if let Some(amount) = &refund.refund_amount
            && amount.currency() != self.amount.currency()
        {
            return refuse(self, mismatched("refundAmount is in another currency"));
        }
        self.take_report(state, |next| {
            if let Some(amount) = &refund.refund_amount {
                next.amount = amount.clone();
            }
            next.reason = refund.reason_code().cloned();
        })
    }
}

impl Machine for RefundLifecycle {
    const OBJECT: &'static str = "Refund";
    type State = RefundState;
    type Event = RefundEvent;

    fn events() -> &'static [RefundEvent] {
        EVENTS
    }

    fn event_name(event: &RefundEvent) -> &'static str {
        event.name()
    }

    fn state(&self) -> &RefundState {
        &self.state
    }

    fn successor(state: &RefundState, event: &RefundEvent) -> Option<RefundState> {
        match (state, event) {
            (RefundState::RefundInitiated, RefundEvent::Refunded) => Some(RefundState::Refunded),
            (RefundState::RefundInitiated, RefundEvent::Declined(_)) => Some(RefundState::Declined),
            _ => None,
        }
    }

    fn accepts(&self, event: &RefundEvent) -> bool {
        Self::successor(&self.state, event).is_some()
    }

    fn is_known(state: &RefundState) -> bool {
        state.is_known()
    }

    fn with_state(mut self, state: RefundState) -> Self {
        self.state = state;
        self
    }
}
