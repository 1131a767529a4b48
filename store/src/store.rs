//! The [`Store`] trait: what the journal asks of a database.

use amazon_pay_core::Timestamp;
use amazon_pay_core::lifecycle::Ledger;
use amazon_pay_core::model::ChargePermissionId;

use crate::error::StoreError;
use crate::intent::{Intent, IntentRow, Outcome, StoredIntent};
use crate::version::Version;

/// Where ledgers and intents live. Every method is one atomic step: it
/// happens entirely or not at all, and a write decided on an old version
/// is refused with a [`Conflict`](crate::Conflict).
///
/// Methods block; the `AsyncJournal` (feature
/// `tokio`) runs them on the runtime's blocking pool. Implemented by
/// [`MemoryStore`](crate::MemoryStore), [`SqliteStore`](crate::SqliteStore)
/// (feature `sqlite`, default) and `PostgresStore`
/// (feature `postgres`).
pub trait Store {
    /// The permission's ledger and its version, if stored. A row that is
    /// not a ledger of this permission is [`StoreError::Corrupt`].
    fn load(
        &self,
        permission: &ChargePermissionId,
    ) -> Result<Option<(Ledger, Version)>, StoreError>;

    /// Stores a new ledger at version 1. `Conflict::Exists` if one is
    /// stored already.
    fn create(&self, ledger: &Ledger) -> Result<Version, StoreError>;

    /// Replaces the ledger if it is still at `expected`; the new version.
    /// `Conflict::Version` otherwise.
    fn save(&self, ledger: &Ledger, expected: Version) -> Result<Version, StoreError>;

    /// Writes `intent` before its call is sent, if the ledger is still at
    /// `expected` and no other intent of the permission is unfinished; the
    /// ledger's version is bumped. `Conflict::Version`, `Conflict::InFlight`
    /// or `Conflict::DuplicateIntent` otherwise, and nothing is written.
    fn begin(&self, intent: &Intent, expected: Version) -> Result<Version, StoreError>;

    /// Marks `intent` answered at `at` with `outcome`, and, in the same
    /// step, saves `ledger` (the intent's permission's) if it is still at
    /// its version. Nothing is written if the intent was finished already
    /// (`Conflict::Finished`) or the ledger moved (`Conflict::Version`). The
    /// ledger's new version.
    fn finish(
        &self,
        intent: &Intent,
        at: Timestamp,
        outcome: &Outcome,
        ledger: Option<(&Ledger, Version)>,
    ) -> Result<Option<Version>, StoreError>;

    /// Every unfinished intent, oldest first (ties by id).
    fn unfinished(&self) -> Result<Vec<IntentRow>, StoreError>;

    /// Every intent of a permission, oldest first (ties by id), finished
    /// or not.
    fn intents(&self, permission: &ChargePermissionId) -> Result<Vec<StoredIntent>, StoreError>;

    /// Every permission with a stored ledger.
    fn permissions(&self) -> Result<Vec<ChargePermissionId>, StoreError>;
}

/// A shared store is a store: `&S`, `Arc<S>`, `Box<S>`.
macro_rules! forward {
    ($($ty:ty),*) => {$(
        impl<S: Store + ?Sized> Store for $ty {
            fn load(&self, permission: &ChargePermissionId) -> Result<Option<(Ledger, Version)>, StoreError> {
                (**self).load(permission)
            }
            fn create(&self, ledger: &Ledger) -> Result<Version, StoreError> {
                (**self).create(ledger)
            }
            fn save(&self, ledger: &Ledger, expected: Version) -> Result<Version, StoreError> {
                (**self).save(ledger, expected)
            }
            fn begin(&self, intent: &Intent, expected: Version) -> Result<Version, StoreError> {
                (**self).begin(intent, expected)
            }
            fn finish(
                &self,
                intent: &Intent,
                at: Timestamp,
                outcome: &Outcome,
                ledger: Option<(&Ledger, Version)>,
            ) -> Result<Option<Version>, StoreError> {
                (**self).finish(intent, at, outcome, ledger)
            }
            fn unfinished(&self) -> Result<Vec<IntentRow>, StoreError> {
                (**self).unfinished()
            }
            fn intents(&self, permission: &ChargePermissionId) -> Result<Vec<StoredIntent>, StoreError> {
                (**self).intents(permission)
            }
            fn permissions(&self) -> Result<Vec<ChargePermissionId>, StoreError> {
                (**self).permissions()
            }
        }
    )*};
}
forward!(&S, std::sync::Arc<S>, Box<S>);

/// A ledger as stored: its JSON (it carries its `formatVersion`).
pub(crate) fn ledger_text(ledger: &Ledger) -> String {
    // Plain data with string keys: serializing cannot fail.
    serde_json::to_string(ledger).unwrap_or_default()
}

/// Reads a stored ledger of `permission`: anything else is corrupt.
pub(crate) fn ledger_from_text(permission: &str, text: &str) -> Result<Ledger, StoreError> {
    let corrupt = |reason: String| StoreError::Corrupt {
        what: "ledger",
        key: permission.to_owned(),
        reason,
    };
    let ledger: Ledger =
        serde_json::from_str(text).map_err(|e| corrupt(format!("not a ledger: {e}")))?;
    if ledger.id().as_str() != permission {
        return Err(corrupt(format!(
            "it is the ledger of {}",
            ledger.id().as_str()
        )));
    }
    Ok(ledger)
}

/// A version read from a database integer column.
pub(crate) fn version_from(value: i64) -> Version {
    Version(u64::try_from(value).unwrap_or(0))
}

/// A version as a database integer.
pub(crate) fn version_to(version: Version) -> i64 {
    i64::try_from(version.0).unwrap_or(i64::MAX)
}
