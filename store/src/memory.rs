//! [`MemoryStore`]: the store's rules without a database, for tests and as
//! the baseline the durable stores are measured against.

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};

use amazon_pay_core::Timestamp;
use amazon_pay_core::lifecycle::Ledger;
use amazon_pay_core::model::ChargePermissionId;

use crate::atomic::{self, Facts, Tx};
use crate::error::StoreError;
use crate::intent::{Intent, IntentRow, Outcome, StoredIntent};
use crate::store::{Store, ledger_from_text, version_from, version_to};
use crate::version::Version;

/// A store in memory: the same rules as the databases, nothing durable.
/// What it holds dies with the process.
#[derive(Debug, Default)]
pub struct MemoryStore {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    ledgers: BTreeMap<String, (String, Version)>,
    /// By id.
    intents: BTreeMap<String, StoredIntent>,
    /// The unfinished intent of each permission that has one: its id.
    open: BTreeMap<String, String>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }

    /// The intents `keep` keeps, oldest first (ties by id), as the
    /// databases order them.
    fn select(&self, keep: impl Fn(&StoredIntent) -> bool) -> Vec<StoredIntent> {
        let mut rows: Vec<StoredIntent> = self
            .inner()
            .intents
            .values()
            .filter(|stored| keep(stored))
            .cloned()
            .collect();
        rows.sort_by(|a, b| (&a.row.created_at, &a.row.id).cmp(&(&b.row.created_at, &b.row.id)));
        rows
    }

    /// A write: `step` on the data under the lock (it checks before it
    /// writes, so a refused step leaves nothing behind).
    fn write<T>(
        &self,
        step: impl FnOnce(&mut dyn Tx) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        step(&mut *self.inner())
    }

    fn inner(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock left plain data behind; the rules
        // below never leave it half-written.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Tx for Inner {
    fn facts(&mut self, permission: &str, intent: &str) -> Result<Facts, StoreError> {
        let open = self
            .open
            .get(permission)
            .and_then(|id| self.intents.get(id));
        Ok(Facts {
            version: self
                .ledgers
                .get(permission)
                .map(|(_, version)| version_to(*version)),
            open: open.map(|stored| (stored.row.id.clone(), stored.row.operation.clone())),
            answered: self
                .intents
                .get(intent)
                .map(|stored| stored.answered_at.is_some()),
        })
    }

    fn insert_ledger(
        &mut self,
        permission: &str,
        text: &str,
        version: i64,
    ) -> Result<(), StoreError> {
        self.ledgers.insert(
            permission.to_owned(),
            (text.to_owned(), version_from(version)),
        );
        Ok(())
    }

    fn update_ledger(
        &mut self,
        permission: &str,
        text: Option<&str>,
        version: i64,
    ) -> Result<(), StoreError> {
        if let Some((stored, stored_version)) = self.ledgers.get_mut(permission) {
            if let Some(text) = text {
                text.clone_into(stored);
            }
            *stored_version = version_from(version);
        }
        Ok(())
    }

    fn insert_intent(&mut self, row: &IntentRow) -> Result<(), StoreError> {
        self.open.insert(row.permission.clone(), row.id.clone());
        self.intents.insert(
            row.id.clone(),
            StoredIntent {
                row: row.clone(),
                answered_at: None,
                outcome: None,
            },
        );
        Ok(())
    }

    fn answer_intent(&mut self, id: &str, at: &str, outcome: &str) -> Result<(), StoreError> {
        if let Some(stored) = self.intents.get_mut(id) {
            if self
                .open
                .get(&stored.row.permission)
                .is_some_and(|open| open == id)
            {
                self.open.remove(&stored.row.permission);
            }
            stored.answered_at = Some(at.to_owned());
            stored.outcome = Some(outcome.to_owned());
        }
        Ok(())
    }
}

impl Store for MemoryStore {
    fn load(
        &self,
        permission: &ChargePermissionId,
    ) -> Result<Option<(Ledger, Version)>, StoreError> {
        let inner = self.inner();
        inner
            .ledgers
            .get(permission.as_str())
            .map(|(text, version)| Ok((ledger_from_text(permission.as_str(), text)?, *version)))
            .transpose()
    }

    atomic::writes!();
    fn unfinished(&self) -> Result<Vec<IntentRow>, StoreError> {
        let rows = self.select(|stored| stored.answered_at.is_none());
        Ok(rows.into_iter().map(|stored| stored.row).collect())
    }

    fn intents(&self, permission: &ChargePermissionId) -> Result<Vec<StoredIntent>, StoreError> {
        Ok(self.select(|stored| stored.row.permission == permission.as_str()))
    }

    fn permissions(&self) -> Result<Vec<ChargePermissionId>, StoreError> {
        Ok(self
            .inner()
            .ledgers
            .keys()
            .map(|id| ChargePermissionId::from(id.as_str()))
            .collect())
    }
}
