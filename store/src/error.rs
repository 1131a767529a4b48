//! What a store refuses, and why it could not answer.

use amazon_pay_core::model::ChargePermissionId;

use crate::version::Version;

/// Why a store operation did nothing. Every variant leaves the database as
/// it was: a refused write writes nothing, a corrupt row is left in place.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// Someone else got there first: load again and decide anew.
    #[error(transparent)]
    Conflict(#[from] Conflict),
    /// A stored row cannot be read as what it should be. It is left as it
    /// is and named here; nothing is guessed from it.
    #[error(
        "the stored {what} {key:?} cannot be read ({reason}); it was left as it is: repair or remove the row by hand"
    )]
    Corrupt {
        /// `ledger` or `intent`.
        what: &'static str,
        /// The permission id or intent id.
        key: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The database was written by a newer amazon-pay-store (its schema
    /// version is higher than this build knows). Nothing was read or
    /// written: upgrade this program.
    #[error(
        "the database has schema version {found}, newer than the {supported} this build of amazon-pay-store knows; upgrade it — nothing was read or written"
    )]
    NewerSchema {
        /// The database's version.
        found: i64,
        /// The newest this build knows.
        supported: i64,
    },
    /// The database could not be reached (connection refused, closed,
    /// timed out). Whatever was committed before stays; retry when it is
    /// back.
    #[error("the store cannot be reached ({0}); committed intents are kept — retry, then recover")]
    Unavailable(String),
    /// The database answered with an error this crate does not expect (a
    /// permission, a full disk, a broken file).
    #[error("the store failed: {0}")]
    Backend(String),
}

/// A write refused because the state it was decided on has changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Conflict {
    /// The ledger changed since it was loaded.
    #[error(
        "the ledger of {permission} is no longer at version {expected}: another process changed it; load it again and decide anew"
    )]
    Version {
        /// The permission.
        permission: ChargePermissionId,
        /// The version the write was decided on.
        expected: Version,
    },
    /// Another call on the same permission is in flight (its intent is
    /// unfinished): one money call per permission at a time.
    #[error(
        "a {operation} ({intent}) on {permission} is still in flight; wait for its answer, or recover it if its process died"
    )]
    InFlight {
        /// The permission.
        permission: ChargePermissionId,
        /// The unfinished intent's id.
        intent: String,
        /// Its operation.
        operation: String,
    },
    /// A ledger for this permission exists already.
    #[error("a ledger for {permission} exists already; load it instead")]
    Exists {
        /// The permission.
        permission: ChargePermissionId,
    },
    /// No ledger for this permission is stored.
    #[error("no ledger for {permission} is stored; adopt the permission first")]
    Unknown {
        /// The permission.
        permission: ChargePermissionId,
    },
    /// The intent id is taken (an idempotency key is never reused).
    #[error("an intent with id {intent} exists already; idempotency keys are never reused")]
    DuplicateIntent {
        /// The id.
        intent: String,
    },
    /// Another server inserted the same row at the same moment (the
    /// database's unique constraint named here refused ours).
    #[error(
        "another server wrote the same row at the same moment ({constraint}); load again and decide anew"
    )]
    Raced {
        /// The constraint.
        constraint: String,
    },
    /// The intent was finished already (by another process's recovery).
    #[error("the intent {intent} was finished already, by another process")]
    Finished {
        /// The id.
        intent: String,
    },
}

impl StoreError {
    /// A stable, machine-readable code: `Conflict.Version`,
    /// `Conflict.InFlight`, …, `Corrupt`, `NewerSchema`, `Unavailable`,
    /// `Backend`.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::Conflict(conflict) => match conflict {
                Conflict::Version { .. } => "Conflict.Version",
                Conflict::InFlight { .. } => "Conflict.InFlight",
                Conflict::Exists { .. } => "Conflict.Exists",
                Conflict::Unknown { .. } => "Conflict.Unknown",
                Conflict::DuplicateIntent { .. } => "Conflict.DuplicateIntent",
                Conflict::Raced { .. } => "Conflict.Raced",
                Conflict::Finished { .. } => "Conflict.Finished",
            },
            StoreError::Corrupt { .. } => "Corrupt",
            StoreError::NewerSchema { .. } => "NewerSchema",
            StoreError::Unavailable(_) => "Unavailable",
            StoreError::Backend(_) => "Backend",
        }
    }
}
