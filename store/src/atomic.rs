//! The store's rules, once for every backend: each [`Store`](crate::Store)
//! write is one of these functions run inside one transaction. A backend
//! only says how to read the facts and write a row ([`Tx`]); what may be
//! written when is decided here. Checks come first, writes after: a refused
//! step writes nothing even where there is nothing to roll back.

use amazon_pay_core::Timestamp;
use amazon_pay_core::lifecycle::Ledger;
use amazon_pay_core::model::ChargePermissionId;

use crate::error::{Conflict, StoreError};
use crate::intent::{Intent, IntentRow, Outcome, outcome_text};
use crate::store::{ledger_text, version_from, version_to};
use crate::version::Version;

/// What a write is decided on, read in one go (one round trip to a
/// database server).
#[derive(Debug, Default)]
pub(crate) struct Facts {
    /// The ledger row's version; `None` if there is no ledger.
    pub(crate) version: Option<i64>,
    /// The permission's unfinished intent: id and operation.
    pub(crate) open: Option<(String, String)>,
    /// Whether the intent asked about exists, and if so whether it is
    /// answered.
    pub(crate) answered: Option<bool>,
}

/// Row access inside one transaction.
pub(crate) trait Tx {
    /// The facts about `permission` and the intent `intent`, locking the
    /// ledger row until the end of the transaction where the database locks
    /// rows.
    fn facts(&mut self, permission: &str, intent: &str) -> Result<Facts, StoreError>;
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
    /// Inserts an intent row, unanswered.
    fn insert_intent(&mut self, row: &IntentRow) -> Result<(), StoreError>;
    /// Marks an intent answered.
    fn answer_intent(&mut self, id: &str, at: &str, outcome: &str) -> Result<(), StoreError>;
}

/// The ledger is there and at `expected`.
fn expect_version(
    facts: &Facts,
    permission: &ChargePermissionId,
    expected: Version,
) -> Result<(), StoreError> {
    match facts.version {
        None => Err(Conflict::Unknown {
            permission: permission.clone(),
        }
        .into()),
        Some(found) if version_from(found) != expected => Err(Conflict::Version {
            permission: permission.clone(),
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
    if tx.facts(ledger.id().as_str(), "")?.version.is_some() {
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
    let facts = tx.facts(ledger.id().as_str(), "")?;
    write_ledger(tx, &facts, ledger, expected)
}

fn write_ledger(
    tx: &mut dyn Tx,
    facts: &Facts,
    ledger: &Ledger,
    expected: Version,
) -> Result<Version, StoreError> {
    expect_version(facts, ledger.id(), expected)?;
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
    let facts = tx.facts(permission, &intent.id)?;
    expect_version(&facts, &intent.permission, expected)?;
    if let Some((id, operation)) = facts.open {
        return Err(Conflict::InFlight {
            permission: intent.permission.clone(),
            intent: id,
            operation,
        }
        .into());
    }
    if facts.answered.is_some() {
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
    permission: &ChargePermissionId,
    id: &str,
    at: Timestamp,
    outcome: &Outcome,
    ledger: Option<(&Ledger, Version)>,
) -> Result<Option<Version>, StoreError> {
    let facts = tx.facts(permission.as_str(), id)?;
    match facts.answered {
        None => {
            return Err(StoreError::Backend(format!(
                "no intent {id:?} of {permission} is stored"
            )));
        }
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
        if ledger.id() != permission {
            return Err(StoreError::Backend(format!(
                "the intent {id:?} is about {permission}, not {}",
                ledger.id()
            )));
        }
        saved = Some(write_ledger(tx, &facts, ledger, expected)?);
    }
    tx.answer_intent(id, &at.to_string(), &outcome_text(outcome))?;
    Ok(saved)
}

/// The four writes of a [`Store`](crate::Store) implementation, each one of
/// the functions above run by the backend's `write` (one transaction):
/// `fn write<T>(&self, step: impl FnOnce(&mut dyn Tx) -> Result<T, StoreError>) -> Result<T, StoreError>`.
macro_rules! writes {
    () => {
        fn create(&self, ledger: &Ledger) -> Result<Version, StoreError> {
            self.write(|tx| crate::atomic::create(tx, ledger))
        }

        fn save(&self, ledger: &Ledger, expected: Version) -> Result<Version, StoreError> {
            self.write(|tx| crate::atomic::save(tx, ledger, expected))
        }

        fn begin(&self, intent: &Intent, expected: Version) -> Result<Version, StoreError> {
            self.write(|tx| crate::atomic::begin(tx, intent, expected))
        }

        fn finish(
            &self,
            intent: &Intent,
            at: Timestamp,
            outcome: &Outcome,
            ledger: Option<(&Ledger, Version)>,
        ) -> Result<Option<Version>, StoreError> {
            self.write(|tx| {
                crate::atomic::finish(tx, &intent.permission, &intent.id, at, outcome, ledger)
            })
        }
    };
}
pub(crate) use writes;
