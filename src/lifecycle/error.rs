//! The errors of the rule book: what a lifecycle or the [`Ledger`](crate::lifecycle::Ledger)
//! refused, with the typed states, events and operations involved, so that a
//! program can match on them and a person can read what to do.

use std::fmt;

use serde::Serialize;

use crate::api::Operation;
use crate::config::Region;
use crate::lifecycle::{ChargeEvent, ChargePermissionEvent, CheckoutSessionEvent, RefundEvent};
use crate::model::{ChargePermissionState, ChargeState, CheckoutSessionState, RefundState};
use crate::money::MoneyError;
use crate::money::{Currency, Price};
use crate::timestamp::Timestamp;

/// An Amazon rule a request would break, found before it is sent. Every
/// variant carries the amounts it compared.
///
/// As data: [`code`](Self::code) is the variant's name, and the JSON carries
/// it with the amounts: `{"code": "RefundExceedsAllowance", "refund":
/// {"amount": "20.00", "currencyCode": "USD"}, …}`.
#[derive(Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "code", rename_all_fields = "camelCase")]
#[non_exhaustive]
pub enum RuleViolation {
    /// The amount is in another currency than the object it applies to.
    #[error(
        "the amount is in {found} but must be in {expected}, the currency of the checkout (Amazon answers CurrencyMismatch)"
    )]
    CurrencyMismatch {
        /// The currency required.
        expected: Currency,
        /// The currency given.
        found: Currency,
    },
    /// The amount is zero.
    #[error("the amount is {amount}; it must be more than zero")]
    NotPositive {
        /// The amount given.
        amount: Price,
    },
    /// A capture above the authorized amount.
    #[error(
        "capturing {capture} is more than the {authorized} authorized; capture at most the authorized amount, or create another charge for the rest"
    )]
    CaptureExceedsAuthorization {
        /// The capture requested.
        capture: Price,
        /// The charge's authorized amount.
        authorized: Price,
    },
    /// An amount above Amazon's per-transaction maximum.
    #[error("{amount} is above Amazon Pay's per-transaction maximum of {maximum}; split it")]
    AboveTransactionMaximum {
        /// The amount given.
        amount: Price,
        /// The maximum.
        maximum: Price,
    },
    /// Refunds on a charge above what it captured plus Amazon's allowance.
    #[error(
        "refunding {refund} after {refunded} already refunded would exceed the {captured} captured plus the \
         {allowance} Amazon allows on top (the lesser of 15 % and 75 USD/EUR/GBP or 8,400 JPY); at most \
         {remaining} can still be refunded on this charge"
    )]
    RefundExceedsAllowance {
        /// The refund requested.
        refund: Price,
        /// Refunds already initiated or completed on the charge.
        refunded: Price,
        /// The charge's captured amount.
        captured: Price,
        /// What Amazon allows above the captured amount.
        allowance: Price,
        /// What can still be refunded.
        remaining: Price,
    },
    /// A one-time Charge Permission already has its 25 charges.
    #[error(
        "this Charge Permission already has {count} charges, the most Amazon allows ({maximum}); ask the buyer to check out again"
    )]
    ChargeCountExceeded {
        /// Charges created so far.
        count: u32,
        /// The maximum.
        maximum: u32,
    },
    /// A charge above what is left of the permission's amount limit.
    #[error(
        "charging {charge} with {committed} already charged would exceed the permission's limit of {limit}"
    )]
    AmountLimitExceeded {
        /// The charge requested.
        charge: Price,
        /// Authorized or captured on the permission so far.
        committed: Price,
        /// The permission's `amountLimit`.
        limit: Price,
    },
    /// A charge above the balance Amazon last reported.
    #[error("charging {charge} is more than the permission's remaining balance of {balance}")]
    AmountBalanceExceeded {
        /// The charge requested.
        charge: Price,
        /// The permission's `amountBalance`.
        balance: Price,
    },
    /// A charge above the monthly cap of a recurring or saved-wallet permission.
    #[error(
        "charging {charge} with {this_month} already charged this calendar month would exceed the monthly limit of {limit} (Amazon answers PeriodicAmountExceeded)"
    )]
    MonthlyLimitExceeded {
        /// The charge requested.
        charge: Price,
        /// Charged so far in the same calendar month (UTC).
        this_month: Price,
        /// The monthly cap.
        limit: Price,
    },
    /// The amount differs from the one set on the Checkout Session.
    #[error(
        "the amount {found} differs from the Checkout Session's {expected}; send the same chargeAmount (Amazon answers AmountMismatch)"
    )]
    AmountMismatch {
        /// The session's amount.
        expected: Price,
        /// The amount given.
        found: Price,
    },
    /// A soft descriptor where Amazon does not take one.
    #[error(
        "a soft descriptor is not allowed on {context}; Amazon takes one only with AuthorizeWithCapture, captureNow, Capture Charge and Create Refund"
    )]
    SoftDescriptorNotAllowed {
        /// Where it was given.
        context: &'static str,
    },
    /// A currency Amazon Pay does not take in the permission's region.
    #[error(
        "{currency} cannot be charged in region {region}: North America charges only USD, Japan only JPY, \
         Europe and the UK the twelve presentment currencies (spec §7.2); charge in the checkout's currency"
    )]
    CurrencyNotInRegion {
        /// The region of the merchant account.
        region: Region,
        /// The currency given.
        currency: Currency,
    },
    /// Under API path version v1 a permission takes one capture, then closes.
    #[error(
        "under API path version v1 a Charge Permission takes one capture and then closes; it already has \
         one, so this charge cannot be captured — cancel it, and check out again for more"
    )]
    OneCaptureUnderV1,
}

/// The kind of object a lifecycle error is about. Its JSON is the variant's
/// name (`"ChargePermission"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub enum ObjectKind {
    /// A Checkout Session.
    CheckoutSession,
    /// A Charge Permission.
    ChargePermission,
    /// A Charge.
    Charge,
    /// A Refund.
    Refund,
}

impl ObjectKind {
    /// The object's name in Amazon's documentation.
    pub const fn as_str(self) -> &'static str {
        match self {
            ObjectKind::CheckoutSession => "Checkout Session",
            ObjectKind::ChargePermission => "Charge Permission",
            ObjectKind::Charge => "Charge",
            ObjectKind::Refund => "Refund",
        }
    }
}

impl fmt::Display for ObjectKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The state of some object, typed: which object, and Amazon's state enum
/// for it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ObjectState {
    /// A Checkout Session's state.
    CheckoutSession(CheckoutSessionState),
    /// A Charge Permission's state.
    ChargePermission(ChargePermissionState),
    /// A Charge's state.
    Charge(ChargeState),
    /// A Refund's state.
    Refund(RefundState),
}

impl ObjectState {
    /// The kind of object.
    pub fn kind(&self) -> ObjectKind {
        match self {
            ObjectState::CheckoutSession(_) => ObjectKind::CheckoutSession,
            ObjectState::ChargePermission(_) => ObjectKind::ChargePermission,
            ObjectState::Charge(_) => ObjectKind::Charge,
            ObjectState::Refund(_) => ObjectKind::Refund,
        }
    }

    /// Amazon's word for the state.
    pub fn as_str(&self) -> &str {
        match self {
            ObjectState::CheckoutSession(state) => state.as_str(),
            ObjectState::ChargePermission(state) => state.as_str(),
            ObjectState::Charge(state) => state.as_str(),
            ObjectState::Refund(state) => state.as_str(),
        }
    }
}

/// As data: `{"object": "Charge", "state": "Authorized"}`.
impl Serialize for ObjectState {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut fields = serializer.serialize_struct("ObjectState", 2)?;
        fields.serialize_field("object", &self.kind())?;
        fields.serialize_field("state", self.as_str())?;
        fields.end()
    }
}

impl fmt::Display for ObjectState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An event of some object's lifecycle, typed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ObjectEvent {
    /// A Checkout Session event.
    CheckoutSession(CheckoutSessionEvent),
    /// A Charge Permission event.
    ChargePermission(ChargePermissionEvent),
    /// A Charge event.
    Charge(ChargeEvent),
    /// A Refund event.
    Refund(RefundEvent),
}

impl ObjectEvent {
    /// The event's name, as in the lifecycles' methods (`capture_requested`).
    pub fn name(&self) -> &'static str {
        match self {
            ObjectEvent::CheckoutSession(event) => event.name(),
            ObjectEvent::ChargePermission(event) => event.name(),
            ObjectEvent::Charge(event) => event.name(),
            ObjectEvent::Refund(event) => event.name(),
        }
    }
}

/// As data: the event's name (`"capture_requested"`).
impl Serialize for ObjectEvent {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl fmt::Display for ObjectEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A transition the object's state does not allow.
///
/// Carries the state and the event, typed, and the names of the events that
/// state allows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(rename_all = "camelCase")]
#[error(
    "a {} in state {state} cannot take `{event}`; in {state} it can take: {}",
    state.kind(),
    list(allowed)
)]
pub struct IllegalTransition {
    /// The state the object is in.
    pub state: ObjectState,
    /// The event refused.
    pub event: ObjectEvent,
    /// The events the state allows, by name.
    pub allowed: Vec<&'static str>,
}

/// An operation the object's state does not allow (spec §4).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(rename_all = "camelCase")]
#[error(
    "{operation} is not allowed on a {} in state {state}{}; allowed: {}{}",
    state.kind(),
    because(reasons),
    list(allowed),
    remedy.map(|remedy| format!("; {remedy}")).unwrap_or_default()
)]
pub struct OperationNotAllowed {
    /// The state the object is in (after the changes due by then).
    pub state: ObjectState,
    /// The reasons Amazon gives for the state (`ChargeInProgress`, …).
    pub reasons: Vec<String>,
    /// The operation refused.
    pub operation: Operation,
    /// The operations the state allows.
    pub allowed: Vec<Operation>,
    /// What to do about it, where the state's reasons say (a payment method
    /// to update, a pending authorization to wait for).
    pub remedy: Option<Remedy>,
}

/// An operation refused because the object expired: when, whether Amazon
/// said so or the crate predicted it, and what to do instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(rename_all = "camelCase")]
#[error(
    "{operation} is not possible: the {object} {}{}; {remedy}",
    if *predicted { "is predicted to have expired" } else { "expired, as Amazon reported" },
    at.map(|at| format!(" at {at}")).unwrap_or_default()
)]
pub struct Expired {
    /// The object that expired.
    pub object: ObjectKind,
    /// The operation refused.
    pub operation: Operation,
    /// When it expired, where known.
    pub at: Option<Timestamp>,
    /// Whether the expiry is the crate's prediction (from Amazon's own
    /// timestamps) rather than a state Amazon reported. Amazon may still
    /// prove a prediction wrong; its report then wins.
    pub predicted: bool,
    /// What to do instead.
    pub remedy: Remedy,
}

/// What to do instead of an operation that can no longer succeed. Its JSON
/// is the variant's name (`"UpdatePaymentMethod"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub enum Remedy {
    /// Start a new Checkout Session with the buyer.
    NewCheckoutSession,
    /// Create a new Charge on the Charge Permission (if it is Chargeable).
    NewCharge,
    /// The buyer must update the payment method of the Charge Permission
    /// (a hard decline, an expired or deleted instrument); Amazon then
    /// reports it Chargeable again.
    UpdatePaymentMethod,
    /// A pending authorization must end (or be canceled) first.
    WaitForPendingCharge,
    /// Amazon's report of the charge did not say how much was captured:
    /// Get Charge first.
    GetChargeFirst,
}

impl fmt::Display for Remedy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Remedy::NewCheckoutSession => "start a new Checkout Session with the buyer",
            Remedy::NewCharge => {
                "create a new Charge on the Charge Permission (while it is Chargeable)"
            }
            Remedy::UpdatePaymentMethod => {
                "ask the buyer to update the payment method (for example on their Amazon Pay \
                 account page), then Get Charge Permission until Amazon reports it Chargeable"
            }
            Remedy::WaitForPendingCharge => {
                "wait for the pending authorization to end (Get Charge), or cancel it"
            }
            Remedy::GetChargeFirst => {
                "call Get Charge first: the captured amount, from which refunds are counted, is not known"
            }
        })
    }
}

/// The stable, machine-readable code of each refusal struct: its name, the
/// same as the [`LifecycleError`] variant that wraps it.
macro_rules! struct_codes {
    ($($error:ident),+) => {$(
        impl $error {
            #[doc = concat!("The stable, machine-readable code: `\"", stringify!($error), "\"`.")]
            pub fn code(&self) -> &'static str {
                stringify!($error)
            }
        }
    )+};
}
struct_codes!(IllegalTransition, OperationNotAllowed, Expired);

fn list<T: fmt::Display>(items: &[T]) -> String {
    if items.is_empty() {
        "nothing (the state is final)".to_owned()
    } else {
        items
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn because(reasons: &[String]) -> String {
    if reasons.is_empty() {
        String::new()
    } else {
        format!(" ({})", reasons.join(", "))
    }
}

/// Why a lifecycle or the ledger refused an event, an operation or an
/// observation. A refusal changes nothing.
///
/// As data: [`code`](Self::code) is the variant's name, or for `Rule` and
/// `Money` the wrapped error's; the JSON carries the code and the variant's
/// members (`{"code": "OperationNotAllowed", "state": {"object": "Charge",
/// "state": "Declined"}, "operation": "Capture Charge", …}`).
#[derive(Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "code", rename_all_fields = "camelCase")]
#[non_exhaustive]
pub enum LifecycleError {
    /// The state does not allow the event.
    #[error(transparent)]
    IllegalTransition(#[from] IllegalTransition),
    /// The state does not allow the operation.
    #[error(transparent)]
    OperationNotAllowed(#[from] OperationNotAllowed),
    /// The object expired (as Amazon reported, or as predicted from its
    /// timestamps).
    #[error(transparent)]
    Expired(#[from] Expired),
    /// A time-driven event before its time.
    #[error(
        "a {object} cannot take `{event}` at {at}: that happens by itself at {due}, not before"
    )]
    TooEarly {
        /// The kind of object.
        object: ObjectKind,
        /// The event refused.
        event: &'static str,
        /// When it was applied.
        at: Timestamp,
        /// When it is due.
        due: Timestamp,
    },
    /// An event dated before something the object already knows (a capture
    /// before its authorization).
    #[error(
        "a {object} cannot take an event dated {at}: it already changed at {known}; pass the time the event happened, and check the clock"
    )]
    TimeWentBackwards {
        /// The kind of object.
        object: ObjectKind,
        /// The event's time.
        at: Timestamp,
        /// The latest time the object knows.
        known: Timestamp,
    },
    /// Amazon reported a state that cannot follow the last known one (for
    /// example Captured → Authorized, or anything out of a final state).
    #[error(
        "a {} cannot go from {from} to {to}; this report contradicts a newer one or a final state and was not applied — get the object again",
        from.kind()
    )]
    ImpossibleObservation {
        /// The last known state (before any prediction).
        from: ObjectState,
        /// The state reported.
        to: ObjectState,
    },
    /// A report Amazon sent that breaks a rule the crate enforces; nothing
    /// was changed.
    #[error("the report of this {object} was not applied: {violation}")]
    ReportBreaksRule {
        /// The kind of object.
        object: ObjectKind,
        /// The rule.
        violation: RuleViolation,
    },
    /// A report about a different object, or one without the fields needed.
    #[error("the report does not fit this {object}: {reason}")]
    MismatchedReport {
        /// The kind of object.
        object: ObjectKind,
        /// What does not fit.
        reason: &'static str,
    },
    /// An id already in the ledger.
    #[error("a {object} with id {id} is already in this ledger; ids are unique")]
    DuplicateId {
        /// The kind of object.
        object: ObjectKind,
        /// The id.
        id: String,
    },
    /// The ledger has no object with this id.
    #[error("no {object} with id {id} in this ledger")]
    UnknownObject {
        /// The kind of object.
        object: ObjectKind,
        /// The id asked for.
        id: String,
    },
    /// An Amazon rule would be broken.
    #[error(transparent)]
    #[serde(untagged)]
    Rule(#[from] RuleViolation),
    /// Money arithmetic without an exact answer.
    #[error(transparent)]
    #[serde(untagged)]
    Money(#[from] MoneyError),
}

/// A refused event or observation, with the lifecycle given back unchanged.
///
/// `?` converts it into its [`LifecycleError`]; match on it to keep the value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{error}")]
pub struct Refused<T> {
    /// The lifecycle, unchanged.
    pub lifecycle: T,
    /// Why.
    pub error: LifecycleError,
}

impl<T> Refused<T> {
    /// The lifecycle, given back.
    pub fn into_inner(self) -> T {
        self.lifecycle
    }
}

/// As data: the [`LifecycleError`]'s JSON (the lifecycle given back is not
/// part of it).
impl<T> Serialize for Refused<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.error.serialize(serializer)
    }
}

impl<T> Refused<T> {
    /// The error's stable, machine-readable code ([`LifecycleError::code`]).
    pub fn code(&self) -> &'static str {
        self.error.code()
    }
}

impl<T> From<Refused<T>> for LifecycleError {
    fn from(refused: Refused<T>) -> Self {
        refused.error
    }
}

crate::validation::debug_as_message!(RuleViolation, LifecycleError);
crate::validation::error_codes!(RuleViolation {
    CurrencyMismatch,
    NotPositive,
    CaptureExceedsAuthorization,
    AboveTransactionMaximum,
    RefundExceedsAllowance,
    ChargeCountExceeded,
    AmountLimitExceeded,
    AmountBalanceExceeded,
    MonthlyLimitExceeded,
    AmountMismatch,
    SoftDescriptorNotAllowed,
    CurrencyNotInRegion,
    OneCaptureUnderV1,
});
crate::validation::error_codes!(LifecycleError {
    IllegalTransition, OperationNotAllowed, Expired, TooEarly, TimeWentBackwards,
    ImpossibleObservation, ReportBreaksRule, MismatchedReport, DuplicateId, UnknownObject,
} wraps { Rule, Money });
