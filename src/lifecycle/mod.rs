//! The rule book: every object's state machine and Amazon's rules, checked
//! before a request leaves (spec §4, §7, §14).
//!
//! The wire types of [`model`](crate::model) say what Amazon reported; the
//! lifecycles here say what may happen next. Each lifecycle:
//!
//! - holds the object's state (Amazon's own enum, `Unknown(String)` kept),
//!   the **last known state** that every rule uses while the reported state
//!   is one this crate does not know, its reason, and the facts its rules
//!   need (amounts, Amazon's timestamps);
//! - moves by **events** named after their cause — a merchant call
//!   (`capture_requested`), a buyer action (`buyer_canceled`), an Amazon
//!   decision or async result (`authorization_declined`), or time
//!   (`expired`). An event consumes the lifecycle and returns the next one,
//!   or a [`Refused`] that gives it back unchanged with an
//!   [`IllegalTransition`] naming the state, the event and what that state
//!   allows. An event dated before what the object already knows is
//!   [`LifecycleError::TimeWentBackwards`];
//! - lists the **operations** its state allows at a given time
//!   ([`Operation`]), and answers "what may I do now, until when, and how
//!   much" in one [`Status`];
//! - says **what happens next, and when** ([`ScheduledChange`]), from
//!   Amazon's `expirationTimestamp` when it sent one, else derived from the
//!   object's own dates (`creationTimestamp`, the authorization time) —
//!   never from the time a report happened to be read;
//! - **observes** a fresh object from Amazon (a Get response, or after an
//!   IPN) and says what it made of it ([`Observation`]).
//!
//! # Amazon's report wins, final stays final
//!
//! The rule book predicts and refuses; it never overrules Amazon. A change
//! the crate only *predicts* — an expiry reached by the clock, or a
//! consequence of another object (a pending authorization makes the
//! permission NonChargeable, an `AmazonRejected` decline closes it, a full
//! capture closes a OneTime permission) — is marked as predicted. When
//! Amazon later reports a state that the object could reach from where it
//! was before the prediction (Captured instead of the predicted expiry), the
//! report is taken and [`Observation::PredictionOverruled`] says the
//! prediction was wrong.
//!
//! Reports are ordered by their `statusDetails.lastUpdatedTimestamp`: one
//! older than the last applied change is [`Observation::Stale`] and ignored.
//! A report whose state cannot follow the last known one — anything out of
//! Captured, Canceled, Declined, Refunded, Completed or Closed, also by way of
//! a state this crate does not know — is refused with
//! [`LifecycleError::ImpossibleObservation`]. A state this crate does not
//! know is kept and reported ([`Observation::UnknownState`]); while it is
//! the current state, only the Get operation is allowed (the safe reading).
//! Every refusal leaves the lifecycle exactly as it was.
//!
//! [`Ledger`] ties one Charge Permission to its charges and refunds and
//! enforces the rules that span objects. [`rules`] holds the money rules as
//! plain functions.
//!
//! # Persistence
//!
//! The four lifecycles, [`Reasons`] and the [`Ledger`] implement serde's
//! `Serialize` and `Deserialize`. The JSON carries `"formatVersion": 1`
//! ([`FORMAT_VERSION`]) at the top of each lifecycle and of the ledger;
//! states, reasons and amounts are written in Amazon's own words and forms
//! (`"Authorized"`, `{"amount": "14.00", "currencyCode": "USD"}`), times in
//! Amazon's basic ISO 8601 form. A future version of the format will be
//! read by a future version of the crate; this one refuses any other
//! version with an error naming it.
//!
//! API path version v1 (the seed documents) differs, and the lifecycles take
//! the version: the Checkout Session completes when the buyer returns (there
//! is no Complete call), and one successful capture closes the Charge
//! Permission.

use serde::{Deserialize, Serialize};

use crate::api::Operation;
use crate::money::Price;
use crate::timestamp::Timestamp;

mod charge;
mod charge_permission;
mod checkout_session;
pub mod error;
mod ledger;
mod machine;
mod refund;
pub mod rules;

pub use charge::{ChargeEvent, ChargeLifecycle};
pub use charge_permission::{ChargePermissionEvent, ChargePermissionLifecycle, Reasons};
pub use checkout_session::{CheckoutSessionEvent, CheckoutSessionLifecycle};
pub use error::{
    Expired, IllegalTransition, LifecycleError, ObjectEvent, ObjectKind, ObjectState,
    OperationNotAllowed, Refused, Remedy, RuleViolation,
};
pub use ledger::{ChargeCreation, ChargeStatus, Ledger, LedgerCharge, LedgerRefund, LedgerStatus};

pub use refund::{RefundEvent, RefundLifecycle};
pub use rules::{SoftDescriptor, SoftDescriptorUse};

pub(crate) use machine::{Machine, Track};

/// The version of the JSON format in which lifecycles and ledgers are stored
/// (the `formatVersion` field).
pub const FORMAT_VERSION: u32 = 1;

/// Where a deadline comes from. Its JSON is the variant's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub enum DeadlineBasis {
    /// Amazon's own `expirationTimestamp`.
    Amazon,
    /// Derived by the crate from the object's own dates (`creationTimestamp`,
    /// the time of authorization) and Amazon's published durations, because
    /// Amazon sent no `expirationTimestamp`.
    Derived,
}

/// A change an object undergoes by itself at a known time, if nothing else
/// happens first: for example an Authorized charge becomes Canceled
/// (`ExpiredUnused`) 30 days after authorization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduledChange<S, R> {
    /// When.
    pub at: Timestamp,
    /// The state it will be in.
    pub state: S,
    /// The reason Amazon will give.
    pub reason: Option<R>,
    /// Whether `at` is Amazon's or derived by the crate.
    pub basis: DeadlineBasis,
}

/// What an object allows at a given time, until when, and how much: the
/// answer of a lifecycle's or the ledger's `status(now)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Status<S, R> {
    /// The state at that time, with the changes due by then applied.
    pub state: S,
    /// The last state this crate knows, which the rules use (differs from
    /// `state` only while Amazon reports a state this crate does not know).
    pub last_known_state: Option<S>,
    /// Whether `state` is the crate's prediction rather than Amazon's report.
    pub predicted: bool,
    /// The operations allowed at that time, every rule considered.
    pub allowed_operations: Vec<Operation>,
    /// What happens by itself next, and when.
    pub next_change: Option<ScheduledChange<S, R>>,
    /// How much can still be captured (a Charge), if that applies.
    pub capturable: Option<Price>,
    /// How much can still be refunded (a Charge), if that applies.
    pub refundable: Option<Price>,
    /// How much can still be charged (a Charge Permission), where a limit is
    /// known.
    pub chargeable: Option<Price>,
}

/// What a lifecycle made of a report from Amazon.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Observation<S> {
    /// The report was applied; the object went from `from` to `to` (the same
    /// state when only details changed).
    Applied {
        /// The state before.
        from: S,
        /// The state now.
        to: S,
    },
    /// The ledger did not know the object; it was added in the reported
    /// state.
    Added {
        /// The state reported.
        state: S,
    },
    /// The report is older than the last change applied to the object and
    /// was ignored.
    Stale {
        /// The report's `lastUpdatedTimestamp`.
        reported_at: Timestamp,
        /// The time of the last applied change.
        last_applied: Timestamp,
    },
    /// The crate had predicted `predicted` (an expiry, or a consequence of
    /// another object's change); Amazon reports `reported`, which wins and
    /// was applied.
    PredictionOverruled {
        /// What the crate predicted.
        predicted: S,
        /// What Amazon reported.
        reported: S,
    },
    /// Amazon reported a state this crate does not know. It is kept as the
    /// current state; the rules go on using the last known state, and only
    /// the Get operation is allowed until a known state is reported.
    UnknownState {
        /// The state reported.
        reported: S,
        /// The last known state.
        last_known: Option<S>,
    },
}

impl<S> Observation<S> {
    /// Whether the report was taken in (everything but [`Stale`](Self::Stale)).
    pub fn is_applied(&self) -> bool {
        !matches!(self, Observation::Stale { .. })
    }
}

/// A lifecycle after an observation, and what was made of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observed<T, S> {
    /// The lifecycle.
    pub lifecycle: T,
    /// What was made of the report.
    pub observation: Observation<S>,
}

/// The `formatVersion` field of stored lifecycles and ledgers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct FormatVersion;

impl Serialize for FormatVersion {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u32(FORMAT_VERSION)
    }
}

impl<'de> Deserialize<'de> for FormatVersion {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let version = u64::deserialize(deserializer)?;
        if version == u64::from(FORMAT_VERSION) {
            Ok(FormatVersion)
        } else {
            Err(serde::de::Error::custom(format!(
                "formatVersion {version} is not supported; this version of amazon-pay-core reads format {FORMAT_VERSION}"
            )))
        }
    }
}

/// Days as a `time::Duration`.
pub(crate) const fn days(n: i64) -> time::Duration {
    time::Duration::days(n)
}

/// The later of two optional times.
pub(crate) fn latest(a: Option<Timestamp>, b: Option<Timestamp>) -> Option<Timestamp> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}
