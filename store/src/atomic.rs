//! The store's rules, once for every backend: each [`Store`](crate::Store)
//! write is one of these functions run inside one transaction. A backend
//! only says how to read and write a row ([`Tx`]); what may be written when
//! is decided here. Checks come first, writes after: a refused step writes
//! nothing even where there is nothing to roll back.

use amazon_pay_core::Timestamp;
use amazon_pay_core::lifecycle::Ledger;

use crate::error::{Conflict, StoreError};
use crate::intent::{Intent, IntentRow, Outcome, outcome_text};
use crate::store::{Version, ledger_text, version_from, version_to};

/// Row access inside one transaction.
pub(crate) trait Tx {
    /// The ledger row's version, locking the row until the end of the
    /// transaction where the database locks rows.
    fn version(&mut self, permission: &str) -> Result<Option<i64>, StoreError>;
    /// Inserts a ledger row.
    fn insert_ledger(
        &mut self,
        permission: &str,
        text: &str,
        version: i64,
    ) -> Result<(), StoreError>;
    /// Sets a ledger row's version, and its text when given.
    fn update_ledger(
        &mut self,
        permission: &str,
        text: Option<&str>,
        version: i64,
    ) -> Result<(), StoreError>;
    /// The unfinished intent of a permission: id and operation.
    fn open_intent(&mut self, permission: &str) -> Result<Option<(String, String)>, StoreError>;
    /// Whether intent `id` exists, and if so whether it is answered.
    fn intent_answered(&mut self, id: &str) -> Result<Option<bool>, StoreError>;
    /// Inserts an intent row, unanswered.
    fn insert_intent(&mut self, row: &IntentRow) -> Result<(), StoreError>;
    /// Marks an intent answered.
    fn answer_intent(&mut self, id: &str, at: &str, outcome: &str) -> Result<(), StoreError>;
}

/// The ledger row's version, if it is `expected`.
fn expect_version(tx: &mut dyn Tx, ledger: &Ledger, expected: Version) -> Result<(), StoreError> {
    match tx.version(ledger.id().as_str())? {
        None => Err(Conflict::Unknown {
            permission: ledger.id().clone(),
        }
        .into()),
        Some(found) if version_from(found) != expected => Err(Conflict::Version {
            permission: ledger.id().clone(),
            expected,
        }
        .into()),
        Some(_) => Ok(()),
    }
}

fn next(version: Version) -> Version {
    Version(version.0.saturating_add(1))
}

pub(crate) fn create(tx: &mut dyn Tx, ledger: &Ledger) -> Result<Version, StoreError> {
    if tx.version(ledger.id().as_str())?.is_some() {
        return Err(Conflict::Exists {
            permission: ledger.id().clone(),
        }
        .into());
    }
    let version = Version(1);
    tx.insert_ledger(
        ledger.id().as_str(),
        &ledger_text(ledger),
        version_to(version),
    )?;
    Ok(version)
}

pub(crate) fn save(
    tx: &mut dyn Tx,
    ledger: &Ledger,
    expected: Version,
) -> Result<Version, StoreError> {
    expect_version(tx, ledger, expected)?;
    let version = next(expected);
    tx.update_ledger(
        ledger.id().as_str(),
        Some(&ledger_text(ledger)),
        version_to(version),
    )?;
    Ok(version)
}

pub(crate) fn begin(
    tx: &mut dyn Tx,
    intent: &Intent,
    expected: Version,
) -> Result<Version, StoreError> {
    let permission = intent.permission.as_str();
    match tx.version(permission)? {
        None => {
            return Err(Conflict::Unknown {
                permission: intent.permission.clone(),
            }
            .into());
        }
        Some(found) if version_from(found) != expected => {
            return Err(Conflict::Version {
                permission: intent.permission.clone(),
                expected,
            }
            .into());
        }
        Some(_) => {}
    }
    if let Some((id, operation)) = tx.open_intent(permission)? {
        return Err(Conflict::InFlight {
            permission: intent.permission.clone(),
            intent: id,
            operation,
        }
        .into());
    }
    if tx.intent_answered(&intent.id)?.is_some() {
        return Err(Conflict::DuplicateIntent {
            intent: intent.id.clone(),
        }
        .into());
    }
    tx.insert_intent(&intent.to_row())?;
    let version = next(expected);
    tx.update_ledger(permission, None, version_to(version))?;
    Ok(version)
}

pub(crate) fn finish(
    tx: &mut dyn Tx,
    id: &str,
    at: Timestamp,
    outcome: &Outcome,
    ledger: Option<(&Ledger, Version)>,
) -> Result<Option<Version>, StoreError> {
    match tx.intent_answered(id)? {
        None => return Err(StoreError::Backend(format!("no intent {id:?} is stored"))),
        Some(true) => {
            return Err(Conflict::Finished {
                intent: id.to_owned(),
            }
            .into());
        }
        Some(false) => {}
    }
    let mut saved = None;
    if let Some((ledger, expected)) = ledger {
        saved = Some(save(tx, ledger, expected)?);
    }
    tx.answer_intent(id, &at.to_string(), &outcome_text(outcome))?;
    Ok(saved)
}
