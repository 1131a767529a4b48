//! The rule book: every object's state machine and Amazon's rules, checked
//! before a request leaves (spec §4, §7, §14).
//!
//! The wire types of [`model`](crate::model) say what Amazon reported; the
//! lifecycles here say what may happen next. Each lifecycle:
//!
//! - holds the object's state (Amazon's own enum, `Unknown(String)` kept),
//!   its reason and the facts its rules need (amounts, timestamps);
//! - moves by **events** named after their cause — a merchant call
//!   (`capture_requested`), a buyer action (`buyer_canceled`), an Amazon
//!   decision or async result (`authorization_declined`), or time
//!   (`expired`). An event consumes the lifecycle and returns the next one,
//!   or a [`Refused`] that gives it back with an [`IllegalTransition`] naming
//!   the state, the event and what that state allows;
//! - lists the **operations** its state allows ([`Operation`]);
//! - says **what happens next, and when** ([`ScheduledChange`]); time is always
//!   a parameter;
//! - **observes** a fresh object from Amazon (a Get response, or after an IPN),
//!   accepting every legal move — several steps at once included — and
//!   refusing impossible ones.
//!
//! [`Ledger`] ties one Charge Permission to its charges and refunds and
//! enforces the rules that span objects. [`rules`] holds the money rules as
//! plain functions.
//!
//! API path version v1 (the seed documents) differs, and the lifecycles take
//! the version: the Checkout Session completes when the buyer returns (there
//! is no Complete call), and one successful capture closes the Charge
//! Permission.

use std::fmt;

use crate::timestamp::Timestamp;

mod charge;
mod charge_permission;
mod checkout_session;
mod ledger;
mod refund;
pub mod rules;

pub use charge::{ChargeEvent, ChargeLifecycle};
pub use charge_permission::{ChargePermissionEvent, ChargePermissionLifecycle, Reasons};
pub use checkout_session::{CheckoutSessionEvent, CheckoutSessionLifecycle};
pub use ledger::{ChargeCreation, Ledger, LedgerCharge, LedgerRefund};
pub use refund::{RefundEvent, RefundLifecycle};
pub use rules::{SoftDescriptor, SoftDescriptorUse};

pub use crate::error::{
    IllegalTransition, LifecycleError, OperationNotAllowed, Refused, RuleViolation,
};

/// An Amazon Pay API operation on the objects of the Checkout API (spec §5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Operation {
    /// `GET /checkoutSessions/{id}`.
    GetCheckoutSession,
    /// `PATCH /checkoutSessions/{id}`.
    UpdateCheckoutSession,
    /// `POST /checkoutSessions/{id}/complete`.
    CompleteCheckoutSession,
    /// `POST /checkoutSessions/{id}/finalize`.
    FinalizeCheckoutSession,
    /// `GET /chargePermissions/{id}`.
    GetChargePermission,
    /// `PATCH /chargePermissions/{id}`.
    UpdateChargePermission,
    /// `DELETE /chargePermissions/{id}/close`.
    CloseChargePermission,
    /// `POST /charges` on a Charge Permission.
    CreateCharge,
    /// `GET /charges/{id}`.
    GetCharge,
    /// `POST /charges/{id}/capture`.
    CaptureCharge,
    /// `DELETE /charges/{id}/cancel`.
    CancelCharge,
    /// `POST /refunds` on a Charge.
    CreateRefund,
    /// `GET /refunds/{id}`.
    GetRefund,
}

impl Operation {
    /// The operation's name in Amazon's documentation.
    pub const fn as_str(self) -> &'static str {
        match self {
            Operation::GetCheckoutSession => "Get Checkout Session",
            Operation::UpdateCheckoutSession => "Update Checkout Session",
            Operation::CompleteCheckoutSession => "Complete Checkout Session",
            Operation::FinalizeCheckoutSession => "Finalize Checkout Session",
            Operation::GetChargePermission => "Get Charge Permission",
            Operation::UpdateChargePermission => "Update Charge Permission",
            Operation::CloseChargePermission => "Close Charge Permission",
            Operation::CreateCharge => "Create Charge",
            Operation::GetCharge => "Get Charge",
            Operation::CaptureCharge => "Capture Charge",
            Operation::CancelCharge => "Cancel Charge",
            Operation::CreateRefund => "Create Refund",
            Operation::GetRefund => "Get Refund",
        }
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A change an object undergoes by itself at a known time, if nothing else
/// happens first: for example an Authorized charge becomes Canceled
/// (`ExpiredUnused`) 30 days after authorization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduledChange<S, R> {
    /// When.
    pub at: Timestamp,
    /// The state it will be in.
    pub state: S,
    /// The reason Amazon will give.
    pub reason: Option<R>,
}

/// The machinery the four lifecycles share: one transition function per
/// object, from which the allowed events, the error messages and the
/// reachability of observed states are all derived.
pub(crate) trait Machine: Sized + Clone {
    const OBJECT: &'static str;
    type State: Clone + PartialEq + fmt::Display;
    type Event: 'static;

    /// One event of every kind.
    fn events() -> &'static [Self::Event];
    fn event_name(event: &Self::Event) -> &'static str;
    fn state(&self) -> &Self::State;
    /// The state `event` leads to from `state`, ignoring everything else the
    /// object knows (used for observations, where Amazon decides).
    fn successor(state: &Self::State, event: &Self::Event) -> Option<Self::State>;
    /// Whether this object, with everything it knows, takes `event`.
    fn accepts(&self, event: &Self::Event) -> bool;
    /// Whether the state is one this crate knows (not `Unknown`).
    fn is_known(state: &Self::State) -> bool;
    /// The same object in `state`; the reported details are set by the caller.
    fn with_state(self, state: Self::State) -> Self;

    /// The events the current state takes.
    fn allowed_events(&self) -> Vec<&'static str> {
        Self::events()
            .iter()
            .filter(|event| self.accepts(event))
            .map(Self::event_name)
            .collect()
    }

    /// The refusal for `event`, giving `self` back.
    fn illegal(self, event: &Self::Event) -> Refused<Self> {
        let error = IllegalTransition {
            object: Self::OBJECT,
            state: self.state().to_string(),
            event: Self::event_name(event),
            allowed: self.allowed_events(),
        };
        Refused {
            lifecycle: self,
            error: error.into(),
        }
    }

    /// Whether `to` can follow `from` through zero or more transitions.
    fn reachable(from: &Self::State, to: &Self::State) -> bool {
        let mut seen = vec![from.clone()];
        let mut next = 0;
        while let Some(state) = seen.get(next).cloned() {
            if &state == to {
                return true;
            }
            for event in Self::events() {
                if let Some(successor) = Self::successor(&state, event)
                    && !seen.contains(&successor)
                {
                    seen.push(successor);
                }
            }
            next += 1;
        }
        false
    }

    /// Moves to a state Amazon reported, if it can follow the known one
    /// (any state may follow an unknown one). `update` then copies the
    /// report's other details. A reported unknown state is kept and reported.
    fn take_report(
        self,
        reported: &Self::State,
        update: impl FnOnce(&mut Self),
    ) -> Result<Self, Refused<Self>> {
        if Self::is_known(self.state())
            && Self::is_known(reported)
            && !Self::reachable(self.state(), reported)
        {
            let error = LifecycleError::ImpossibleObservation {
                object: Self::OBJECT,
                from: self.state().to_string(),
                to: reported.to_string(),
            };
            return Err(Refused {
                lifecycle: self,
                error,
            });
        }
        let mut next = self.with_state(reported.clone());
        update(&mut next);
        if Self::is_known(reported) {
            return Ok(next);
        }
        let error = LifecycleError::UnknownState {
            object: Self::OBJECT,
            state: reported.to_string(),
        };
        Err(Refused {
            lifecycle: next,
            error,
        })
    }

    /// The refusal for an operation the state does not allow.
    fn operation_not_allowed(&self, operation: Operation, allowed: &[Operation]) -> LifecycleError {
        OperationNotAllowed {
            object: Self::OBJECT,
            state: self.state().to_string(),
            operation: operation.as_str(),
            allowed: allowed.iter().map(|op| op.as_str()).collect(),
        }
        .into()
    }
}

/// Checks that `allowed` contains `operation`, naming the state if not.
pub(crate) fn require<M: Machine>(
    machine: &M,
    operation: Operation,
    allowed: &[Operation],
) -> Result<(), LifecycleError> {
    if allowed.contains(&operation) {
        Ok(())
    } else {
        Err(machine.operation_not_allowed(operation, allowed))
    }
}

/// The first observation of an object, for `from_model`: an unknown state is
/// kept without being an error.
pub(crate) fn first_report<T>(observed: Result<T, Refused<T>>) -> Result<T, LifecycleError> {
    match observed {
        Ok(lifecycle)
        | Err(Refused {
            lifecycle,
            error: LifecycleError::UnknownState { .. },
        }) => Ok(lifecycle),
        Err(refused) => Err(refused.error),
    }
}

/// Days as a `time::Duration`.
pub(crate) const fn days(n: i64) -> time::Duration {
    time::Duration::days(n)
}
