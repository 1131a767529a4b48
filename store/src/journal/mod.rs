//! The journal: every call that creates or moves money is written down
//! with its idempotency key before it is sent, and its answer recorded with
//! the ledger in one step. The steps here are shared by the blocking
//! [`Journal`] and the `AsyncJournal` (feature `tokio`); they differ only in how they send.

mod blocking;
#[cfg(feature = "tokio")]
mod nonblocking;

pub use blocking::Journal;
#[cfg(feature = "tokio")]
pub use nonblocking::AsyncJournal;

use amazon_pay_core::lifecycle::{ChargePermissionLifecycle, Ledger, LifecycleError};
use amazon_pay_core::model::{self, ChargePermissionId, ChargePermissionState, ChargeState};
use amazon_pay_core::operation::AnswerError;
use amazon_pay_core::operation::ApiError;
use amazon_pay_core::{Config, IdempotencyKey, Timestamp, ValidationError};

use crate::error::{Conflict, StoreError};
use crate::intent::{Intent, IntentCall, Outcome};
use crate::store::Store;

/// How many times recording an answer reloads the ledger after another
/// process changed it in between (each time, the answer is applied anew).
pub(crate) const RECORD_ATTEMPTS: usize = 16;

/// Why a journaled call has no answer to give — and, for each, what is
/// durable and what to do.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum JournalError {
    /// The rule book refused the call at this moment: nothing was written,
    /// nothing sent.
    #[error("refused before sending: {0}")]
    Refused(#[from] LifecycleError),
    /// The call's parameters are invalid: nothing was written, nothing
    /// sent.
    #[error("invalid call, nothing sent: {0}")]
    Invalid(#[from] ValidationError),
    /// The store refused or failed before the call was sent: nothing was
    /// sent. A [`Conflict`] means another call on the permission won: load
    /// again and decide anew.
    #[error("{0}; no money call was sent")]
    Store(#[from] StoreError),
    /// Amazon refused the call with an error no retry changes; the intent is
    /// finished with the refusal, the ledger unchanged.
    #[error("Amazon refused the call: {0}")]
    Amazon(ApiError),
    /// The call was sent and its outcome is unknown (every attempt failed in
    /// transport, or Amazon's last answer was a retryable error). The
    /// intent is kept: [`Journal::recover`] finishes it with the same key.
    #[error(
        "the outcome of intent {intent} is unknown ({error}); it is kept, and recovery finishes it"
    )]
    Unfinished {
        /// The intent's id.
        intent: String,
        /// Why.
        #[source]
        error: amazon_pay_client::Error,
    },
    /// Amazon answered, but the store could not record it. The intent is
    /// kept unfinished: recovery sends it again with the same key (Amazon
    /// replays its answer) and records that.
    #[error(
        "Amazon answered intent {intent}, but the answer could not be recorded ({error}); it is kept, and recovery records it"
    )]
    Unrecorded {
        /// The intent's id.
        intent: String,
        /// What Amazon answered.
        outcome: Outcome,
        /// Why it was not recorded.
        #[source]
        error: StoreError,
    },
    /// Amazon's answer contradicts the stored ledger: the answer is recorded
    /// with the intent, the ledger left as it was. Refresh the ledger from
    /// Amazon ([`Journal::refresh`]).
    #[error(
        "Amazon's answer to intent {intent} contradicts the stored ledger ({error}); the answer is recorded, the ledger unchanged: refresh it"
    )]
    Mismatch {
        /// The intent's id.
        intent: String,
        /// How it contradicts.
        #[source]
        error: AnswerError,
    },
    /// A call that moves no money (Get, before anything was written) failed,
    /// or the clock or the random number generator did.
    #[error(transparent)]
    Client(#[from] amazon_pay_client::Error),
}

impl JournalError {
    /// A stable, machine-readable code: `Refused`, `Invalid`, the store's
    /// code (`Conflict.InFlight`, …), `Amazon`, `Unfinished`, `Unrecorded`,
    /// `Mismatch`, `Client`.
    pub fn code(&self) -> &'static str {
        match self {
            JournalError::Refused(_) => "Refused",
            JournalError::Invalid(_) => "Invalid",
            JournalError::Store(error) => error.code(),
            JournalError::Amazon(_) => "Amazon",
            JournalError::Unfinished { .. } => "Unfinished",
            JournalError::Unrecorded { .. } => "Unrecorded",
            JournalError::Mismatch { .. } => "Mismatch",
            JournalError::Client(_) => "Client",
        }
    }

    /// Whether another call on the same permission won (the loser's typed
    /// answer): a [`Conflict`] from the store.
    pub fn is_conflict(&self) -> bool {
        matches!(self, JournalError::Store(StoreError::Conflict(_)))
    }
}

/// Amazon's object in answer to an intent's call.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Answer {
    /// Create, Capture, Cancel, Get Charge.
    Charge(model::Charge),
    /// Create, Get Refund.
    Refund(model::Refund),
    /// Close, Get Charge Permission.
    Permission(model::ChargePermission),
}

impl Answer {
    fn to_json(&self) -> serde_json::Value {
        let value = match self {
            Answer::Charge(charge) => serde_json::to_value(charge),
            Answer::Refund(refund) => serde_json::to_value(refund),
            Answer::Permission(permission) => serde_json::to_value(permission),
        };
        value.unwrap_or_default()
    }

    /// Takes the answer into `ledger`.
    fn apply(&self, ledger: &mut Ledger) -> Result<(), AnswerError> {
        match self {
            Answer::Charge(charge) => ledger.charge_answered(Ok(charge)).map(drop),
            Answer::Refund(refund) => ledger.refund_answered(Ok(refund)).map(drop),
            Answer::Permission(permission) => ledger.permission_answered(Ok(permission)).map(drop),
        }
    }

    /// Whether the answer shows the effect `call` asked for already done
    /// (for the calls without a key, which recovery asks about first).
    fn shows_done(&self, call: &IntentCall) -> bool {
        match (call, self) {
            (IntentCall::CancelCharge(_), Answer::Charge(charge)) => {
                charge.state() == Some(&ChargeState::Canceled)
            }
            (IntentCall::CloseChargePermission(_), Answer::Permission(permission)) => {
                permission
                    .status_details
                    .as_ref()
                    .and_then(|status| status.state.as_ref())
                    == Some(&ChargePermissionState::Closed)
            }
            _ => false,
        }
    }
}

impl Answer {
    pub(crate) fn into_charge(self) -> Result<model::Charge, JournalError> {
        match self {
            Answer::Charge(charge) => Ok(charge),
            _ => Err(unexpected()),
        }
    }

    pub(crate) fn into_refund(self) -> Result<model::Refund, JournalError> {
        match self {
            Answer::Refund(refund) => Ok(refund),
            _ => Err(unexpected()),
        }
    }

    pub(crate) fn into_permission(self) -> Result<model::ChargePermission, JournalError> {
        match self {
            Answer::Permission(permission) => Ok(permission),
            _ => Err(unexpected()),
        }
    }
}

/// A Get that tells Amazon's truth about one object of a ledger.
pub(crate) enum Truth {
    Permission(ChargePermissionId),
    Charge(model::ChargeId),
    Refund(model::RefundId),
}

/// The Gets that bring `ledger` to Amazon's truth: the permission, each
/// charge, each refund.
pub(crate) fn truths(ledger: &Ledger) -> Vec<Truth> {
    let mut gets = vec![Truth::Permission(ledger.id().clone())];
    for charge in ledger.charges() {
        gets.push(Truth::Charge(charge.id().clone()));
        gets.extend(
            ledger
                .refund_ids(charge.id())
                .into_iter()
                .map(Truth::Refund),
        );
    }
    gets
}

/// The stored ledger of `permission`, which must exist.
pub(crate) fn load_known<S: Store + ?Sized>(
    store: &S,
    permission: &ChargePermissionId,
) -> Result<(Ledger, crate::Version), JournalError> {
    store.load(permission)?.ok_or_else(|| {
        JournalError::Store(StoreError::Conflict(Conflict::Unknown {
            permission: permission.clone(),
        }))
    })
}

/// Takes Amazon's `answers` into `ledger` and saves it at `version`: the
/// ledger saved, or `None` if another process saved in between (load and
/// ask again).
pub(crate) fn settle<S: Store + ?Sized>(
    store: &S,
    mut ledger: Ledger,
    version: crate::Version,
    answers: &[Answer],
) -> Result<Option<Ledger>, JournalError> {
    for answer in answers {
        answer
            .apply(&mut ledger)
            .map_err(|error| JournalError::Mismatch {
                intent: "(refresh)".into(),
                error,
            })?;
    }
    match store.save(&ledger, version) {
        Ok(_) => Ok(Some(ledger)),
        Err(StoreError::Conflict(Conflict::Version { .. })) => Ok(None),
        Err(error) => Err(error.into()),
    }
}

/// A refresh that kept losing to other processes' saves.
pub(crate) fn busy(permission: &ChargePermissionId) -> JournalError {
    JournalError::Store(StoreError::Conflict(Conflict::Version {
        permission: permission.clone(),
        expected: crate::Version(0),
    }))
}

/// What [`Journal::recover`] did with each unfinished intent.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct Recovery {
    /// The intents finished now (answered, or found done), by id.
    pub finished: Vec<String>,
    /// The intents left unfinished, with why. None is dropped: each stays
    /// in the store for the next recovery (a corrupt row until repaired).
    pub failed: Vec<(String, JournalError)>,
    /// Intents younger than the age asked for, left to their own process.
    pub skipped: usize,
}

/// Step one of a journaled call: load the ledger, let it hand out the call,
/// write the intent. Nothing is sent if this fails.
pub(crate) fn prepare<S: Store + ?Sized>(
    store: &S,
    config: &Config,
    permission: &ChargePermissionId,
    key: IdempotencyKey,
    now: Timestamp,
    make: impl FnOnce(&Ledger, IdempotencyKey, Timestamp) -> Result<IntentCall, LifecycleError>,
) -> Result<Intent, JournalError> {
    let (ledger, version) = store.load(permission)?.ok_or_else(|| {
        StoreError::Conflict(Conflict::Unknown {
            permission: permission.clone(),
        })
    })?;
    let id = key.as_str().to_owned();
    let call = make(&ledger, key, now)?;
    let intent = Intent::new(permission.clone(), call, id, config, now)?;
    store.begin(&intent, version)?;
    Ok(intent)
}

/// Step three: record what came back. A definite answer finishes the
/// intent (with the ledger, in one step); anything else keeps it.
pub(crate) fn conclude<S: Store + ?Sized>(
    store: &S,
    intent: &Intent,
    result: Result<Answer, amazon_pay_client::Error>,
    now: Timestamp,
) -> Result<Answer, JournalError> {
    match result {
        Ok(answer) => {
            record(
                store,
                intent,
                Outcome::Accepted(answer.to_json()),
                Some(&answer),
                now,
            )?;
            Ok(answer)
        }
        Err(error) => match definite_refusal(&error) {
            Some(refusal) => {
                let data = serde_json::to_value(&refusal).unwrap_or_default();
                record(store, intent, Outcome::Refused(data), None, now)?;
                Err(JournalError::Amazon(refusal))
            }
            None => Err(unknown(intent, error)),
        },
    }
}

/// Recovery of a call without a key, after asking Amazon: the effect is
/// there already (recorded as observed, `Ok(true)`), or it is not and the
/// call must be sent (`Ok(false)`).
pub(crate) fn observed<S: Store + ?Sized>(
    store: &S,
    intent: &Intent,
    answer: &Answer,
    now: Timestamp,
) -> Result<bool, JournalError> {
    if !answer.shows_done(&intent.call) {
        return Ok(false);
    }
    record(
        store,
        intent,
        Outcome::Observed(answer.to_json()),
        Some(answer),
        now,
    )?;
    Ok(true)
}

/// Whether `error` is Amazon's final refusal.
pub(crate) fn refused(error: &amazon_pay_client::Error) -> bool {
    definite_refusal(error).is_some()
}

/// Amazon's refusal, when it is final: a non-retryable error. A retryable
/// one after the retries ran out (500, 503, …) leaves the outcome unknown.
fn definite_refusal(error: &amazon_pay_client::Error) -> Option<ApiError> {
    match error {
        amazon_pay_client::Error::Call(amazon_pay_core::Error::Api(api)) if !api.is_retryable() => {
            Some(api.clone())
        }
        _ => None,
    }
}

/// Marks the intent answered and saves the ledger with the answer taken in,
/// reloading while other processes change the ledger in between.
fn record<S: Store + ?Sized>(
    store: &S,
    intent: &Intent,
    outcome: Outcome,
    answer: Option<&Answer>,
    now: Timestamp,
) -> Result<(), JournalError> {
    let unrecorded = |error: StoreError, outcome: &Outcome| JournalError::Unrecorded {
        intent: intent.id.clone(),
        outcome: outcome.clone(),
        error,
    };
    let Some(answer) = answer else {
        // A refusal changes no ledger: only the intent is finished.
        return match store.finish(intent, now, &outcome, None) {
            Ok(_) | Err(StoreError::Conflict(Conflict::Finished { .. })) => Ok(()),
            Err(error) => Err(unrecorded(error, &outcome)),
        };
    };
    let mut last = None;
    for _ in 0..RECORD_ATTEMPTS {
        let (mut ledger, version) = match store.load(&intent.permission) {
            Ok(Some(found)) => found,
            Ok(None) => {
                let error = StoreError::Conflict(Conflict::Unknown {
                    permission: intent.permission.clone(),
                });
                return Err(unrecorded(error, &outcome));
            }
            Err(error) => return Err(unrecorded(error, &outcome)),
        };
        let mismatch = answer.apply(&mut ledger).err();
        let save = mismatch.is_none().then_some((&ledger, version));
        match store.finish(intent, now, &outcome, save) {
            Ok(_) => {
                return match mismatch {
                    None => Ok(()),
                    Some(error) => Err(JournalError::Mismatch {
                        intent: intent.id.clone(),
                        error,
                    }),
                };
            }
            // Another process's recovery recorded the same answer.
            Err(StoreError::Conflict(Conflict::Finished { .. })) => return Ok(()),
            Err(StoreError::Conflict(conflict @ Conflict::Version { .. })) => {
                last = Some(StoreError::Conflict(conflict));
            }
            Err(error) => return Err(unrecorded(error, &outcome)),
        }
    }
    let error = last.unwrap_or_else(|| StoreError::Backend("the ledger kept changing".into()));
    Err(unrecorded(error, &outcome))
}

/// A new ledger from Amazon's Charge Permission and the charges on it.
pub(crate) fn new_ledger(
    config: &Config,
    permission: &model::ChargePermission,
    charges: &[model::Charge],
) -> Result<Ledger, JournalError> {
    let id = permission
        .charge_permission_id
        .clone()
        .ok_or(LifecycleError::MismatchedReport {
            object: amazon_pay_core::lifecycle::ObjectKind::ChargePermission,
            reason: "the Charge Permission has no chargePermissionId",
        })?;
    let lifecycle = ChargePermissionLifecycle::from_model(permission, config.api_version())?;
    let mut ledger = Ledger::new(id, lifecycle, config.region());
    for charge in charges {
        ledger
            .charge_answered(Ok(charge))
            .map_err(|error| match error {
                AnswerError::Lifecycle(error) => error,
                _ => LifecycleError::MismatchedReport {
                    object: amazon_pay_core::lifecycle::ObjectKind::Charge,
                    reason: "a charge could not be taken in",
                },
            })?;
    }
    Ok(ledger)
}

/// Reads the unfinished intents for recovery: each parsed, or the reason it
/// cannot be (kept in the report, never dropped); those younger than
/// `min_age` seconds counted as skipped.
pub(crate) fn unfinished<S: Store + ?Sized>(
    store: &S,
    config: &Config,
    now: Timestamp,
    min_age_seconds: i64,
    report: &mut Recovery,
) -> Result<Vec<Intent>, StoreError> {
    let mut intents = Vec::new();
    for row in store.unfinished()? {
        let id = row.id.clone();
        match Intent::from_row(row, config) {
            Ok(intent) if age_seconds(intent.created_at, now) < min_age_seconds => {
                report.skipped += 1;
            }
            Ok(intent) => intents.push(intent),
            Err(error) => report.failed.push((id, JournalError::Store(error))),
        }
    }
    Ok(intents)
}

fn age_seconds(since: Timestamp, now: Timestamp) -> i64 {
    (now.to_offset_date_time() - since.to_offset_date_time()).whole_seconds()
}

/// Not reachable: each call's answer is decoded as its own object.
pub(crate) fn unexpected() -> JournalError {
    JournalError::Store(StoreError::Backend(
        "the call answered with another object than its own".into(),
    ))
}

/// A call recovery could not make: the intent's outcome is still unknown.
pub(crate) fn unknown(intent: &Intent, error: amazon_pay_client::Error) -> JournalError {
    JournalError::Unfinished {
        intent: intent.id.clone(),
        error,
    }
}
