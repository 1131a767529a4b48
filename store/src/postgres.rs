//! [`PostgresStore`]: one PostgreSQL database shared by every server of a
//! shop.

use std::sync::{Mutex, MutexGuard};

use amazon_pay_core::Timestamp;
use amazon_pay_core::lifecycle::Ledger;
use amazon_pay_core::model::ChargePermissionId;
use postgres::error::SqlState;
use postgres::types::Type;
use postgres::{Client, NoTls};

use crate::atomic::{self, Facts, Tx};
use crate::error::{Conflict, StoreError};
use crate::intent::{Intent, IntentRow, Outcome, StoredIntent};
use crate::schema;
use crate::store::{Store, ledger_from_text, version_from};
use crate::version::Version;

/// The advisory lock that serializes migrations of one database between
/// servers starting together.
const MIGRATION_LOCK: i64 = 0x616d_7a70_5f73_6368;

/// The shared store: a PostgreSQL database that every server of a shop
/// connects to. Ledger rows are locked (`SELECT … FOR UPDATE`) for the
/// length of a write, so two servers deciding on the same permission are
/// serialized and the second one's write is refused with a
/// [`Conflict`](crate::Conflict); writes on different permissions do not
/// wait for each other.
///
/// One connection per store, reopened after the database was unreachable.
/// Its methods block: from async code, use the
/// [`AsyncJournal`](crate::AsyncJournal) (feature `tokio`), which runs them
/// on the blocking pool — calling them on a runtime thread panics inside
/// the `postgres` crate. Connect on the blocking pool too
/// (`tokio::task::spawn_blocking`); dropping the store anywhere is safe.
pub struct PostgresStore {
    params: String,
    client: Mutex<Option<Client>>,
}

impl std::fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The connection string may carry a password.
        f.debug_struct("PostgresStore").finish_non_exhaustive()
    }
}

/// The `postgres` crate closes a connection by blocking on its own runtime,
/// which panics on a thread that drives an async runtime (an async journal
/// dropped in a task). The connection is closed on a thread of its own.
impl Drop for PostgresStore {
    fn drop(&mut self) {
        let client = match self.client.get_mut() {
            Ok(client) => client.take(),
            Err(poisoned) => poisoned.into_inner().take(),
        };
        if let Some(client) = client
            && let Ok(closing) = std::thread::Builder::new()
                .name("amazon-pay-store-close".into())
                .spawn(move || drop(client))
        {
            let _ = closing.join();
        }
    }
}

impl PostgresStore {
    /// Connects with `params` (`host=127.0.0.1 port=5432 user=shop
    /// dbname=payments`, or a `postgresql://` URL) without TLS, and migrates
    /// the schema (serialized between servers by an advisory lock); a
    /// database of a newer schema is refused
    /// ([`StoreError::NewerSchema`]) without a write.
    pub fn connect(params: &str) -> Result<PostgresStore, StoreError> {
        let mut client = Client::connect(params, NoTls).map_err(error)?;
        migrate(&mut client)?;
        Ok(PostgresStore {
            params: params.to_owned(),
            client: Mutex::new(Some(client)),
        })
    }

    /// The connection, reopened if it was lost.
    fn client(&self) -> Result<MutexGuard<'_, Option<Client>>, StoreError> {
        let mut guard = self
            .client
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if guard.as_ref().is_none_or(Client::is_closed) {
            *guard = None;
            *guard = Some(Client::connect(&self.params, NoTls).map_err(error)?);
        }
        Ok(guard)
    }

    /// Runs `step` in one transaction, committed only if it succeeds.
    fn write<T>(
        &self,
        step: impl FnOnce(&mut dyn Tx) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.with_client(|client| {
            let mut transaction = client.transaction().map_err(error)?;
            let value = step(&mut PgTx(&mut transaction))?;
            transaction.commit().map_err(error)?;
            Ok(value)
        })
    }

    fn with_client<T>(
        &self,
        f: impl FnOnce(&mut Client) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut guard = self.client()?;
        let Some(client) = guard.as_mut() else {
            return Err(StoreError::Unavailable("no connection".into()));
        };
        let result = f(client);
        if matches!(result, Err(StoreError::Unavailable(_))) {
            // Reconnect on the next call.
            *guard = None;
        }
        result
    }
}

fn migrate(client: &mut Client) -> Result<(), StoreError> {
    let mut transaction = client.transaction().map_err(error)?;
    transaction
        .execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .map_err(error)?;
    transaction
        .batch_execute(schema::VERSION_TABLE)
        .map_err(error)?;
    let found: Option<i64> = transaction
        .query_one("SELECT MAX(version) FROM amzp_schema", &[])
        .map_err(error)?
        .try_get(0)
        .map_err(column)?;
    let steps = schema::plan(found.unwrap_or(0))?;
    if steps.is_empty() {
        return Ok(());
    }
    for step in steps {
        transaction.batch_execute(step).map_err(error)?;
    }
    transaction
        .execute("DELETE FROM amzp_schema", &[])
        .map_err(error)?;
    transaction
        .execute(
            "INSERT INTO amzp_schema (version) VALUES ($1)",
            &[&schema::SCHEMA_VERSION],
        )
        .map_err(error)?;
    transaction.commit().map_err(error)
}

/// A column that does not read as the schema says (a table changed by
/// hand).
fn column(e: postgres::Error) -> StoreError {
    StoreError::Backend(format!(
        "a column does not read as the schema says ({e}); was the table changed by hand?"
    ))
}

/// A database error as the store reports it.
fn error(e: postgres::Error) -> StoreError {
    if e.is_closed() || e.as_db_error().is_none() && e.code().is_none() {
        // No answer from the server: closed, refused, timed out, I/O.
        return StoreError::Unavailable(e.to_string());
    }
    match e.code() {
        Some(code)
            if code == &SqlState::ADMIN_SHUTDOWN
                || code == &SqlState::CANNOT_CONNECT_NOW
                || code == &SqlState::CONNECTION_FAILURE
                || code == &SqlState::CONNECTION_EXCEPTION =>
        {
            StoreError::Unavailable(e.to_string())
        }
        Some(code) if code == &SqlState::UNIQUE_VIOLATION => {
            // Another server's insert won between our check and our write.
            let constraint = e
                .as_db_error()
                .and_then(|db| db.constraint())
                .unwrap_or_default()
                .to_owned();
            StoreError::Conflict(Conflict::Raced { constraint })
        }
        _ => StoreError::Backend(e.to_string()),
    }
}

struct PgTx<'a, 'b>(&'a mut postgres::Transaction<'b>);

/// The ledger row, locked for the transaction.
const LOCK: &str = "SELECT version FROM amzp_ledgers WHERE permission_id = $1 FOR UPDATE";

/// The intents' facts, read after the lock: `$1` the permission, `$2` the
/// intent.
const FACTS: &str = "SELECT
    (SELECT id FROM amzp_intents WHERE permission_id = $1 AND answered_at IS NULL),
    (SELECT operation FROM amzp_intents WHERE permission_id = $1 AND answered_at IS NULL),
    (SELECT answered_at IS NOT NULL FROM amzp_intents WHERE id = $2)";

impl Tx for PgTx<'_, '_> {
    fn facts(&mut self, permission: &str, intent: &str) -> Result<Facts, StoreError> {
        // The ledger row first, locked: two servers deciding on one
        // permission queue here, and the second reads what the first wrote.
        let locked = self
            .0
            .query_typed_opt(LOCK, &[(&permission, Type::TEXT)])
            .map_err(error)?;
        let row = self
            .0
            .query_typed_one(FACTS, &[(&permission, Type::TEXT), (&intent, Type::TEXT)])
            .map_err(error)?;
        let open_id: Option<String> = row.try_get(0).map_err(column)?;
        let open_operation: Option<String> = row.try_get(1).map_err(column)?;
        Ok(Facts {
            version: locked
                .map(|row| row.try_get(0))
                .transpose()
                .map_err(column)?,
            open: open_id.zip(open_operation),
            answered: row.try_get(2).map_err(column)?,
        })
    }

    fn insert_ledger(
        &mut self,
        permission: &str,
        text: &str,
        version: i64,
    ) -> Result<(), StoreError> {
        self.0
            .execute_typed(
                "INSERT INTO amzp_ledgers (permission_id, version, ledger) VALUES ($1, $2, $3)",
                &[
                    (&permission, Type::TEXT),
                    (&version, Type::INT8),
                    (&text, Type::TEXT),
                ],
            )
            .map(drop)
            .map_err(error)
    }

    fn update_ledger(
        &mut self,
        permission: &str,
        text: Option<&str>,
        version: i64,
    ) -> Result<(), StoreError> {
        self.0
            .execute_typed(
                "UPDATE amzp_ledgers SET version = $2, ledger = COALESCE($3, ledger) WHERE permission_id = $1",
                &[(&permission, Type::TEXT), (&version, Type::INT8), (&text, Type::TEXT)],
            )
            .map(drop)
            .map_err(error)
    }

    fn insert_intent(&mut self, row: &IntentRow) -> Result<(), StoreError> {
        self.0
            .execute_typed(
                "INSERT INTO amzp_intents (id, permission_id, operation, params, fingerprint, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6)",
                &[
                    (&row.id, Type::TEXT),
                    (&row.permission, Type::TEXT),
                    (&row.operation, Type::TEXT),
                    (&row.params, Type::TEXT),
                    (&row.fingerprint, Type::TEXT),
                    (&row.created_at, Type::TEXT),
                ],
            )
            .map(drop)
            .map_err(error)
    }

    fn answer_intent(&mut self, id: &str, at: &str, outcome: &str) -> Result<(), StoreError> {
        self.0
            .execute_typed(
                "UPDATE amzp_intents SET answered_at = $2, outcome = $3 WHERE id = $1",
                &[(&id, Type::TEXT), (&at, Type::TEXT), (&outcome, Type::TEXT)],
            )
            .map(drop)
            .map_err(error)
    }
}

const INTENT_COLUMNS: &str =
    "id, permission_id, operation, params, fingerprint, created_at, answered_at, outcome";

fn stored_intent(row: &postgres::Row) -> Result<StoredIntent, StoreError> {
    let read = || -> Result<StoredIntent, postgres::Error> {
        Ok(StoredIntent {
            row: IntentRow {
                id: row.try_get(0)?,
                permission: row.try_get(1)?,
                operation: row.try_get(2)?,
                params: row.try_get(3)?,
                fingerprint: row.try_get(4)?,
                created_at: row.try_get(5)?,
            },
            answered_at: row.try_get(6)?,
            outcome: row.try_get(7)?,
        })
    };
    read().map_err(column)
}

impl Store for PostgresStore {
    fn load(
        &self,
        permission: &ChargePermissionId,
    ) -> Result<Option<(Ledger, Version)>, StoreError> {
        let row = self.with_client(|client| {
            client
                .query_typed_opt(
                    "SELECT ledger, version FROM amzp_ledgers WHERE permission_id = $1",
                    &[(&permission.as_str(), Type::TEXT)],
                )
                .map_err(error)
        })?;
        row.map(|row| {
            let text: String = row.try_get(0).map_err(column)?;
            let version: i64 = row.try_get(1).map_err(column)?;
            Ok((
                ledger_from_text(permission.as_str(), &text)?,
                version_from(version),
            ))
        })
        .transpose()
    }

    atomic::writes!();

    fn unfinished(&self) -> Result<Vec<IntentRow>, StoreError> {
        let rows = self.with_client(|client| {
            client
                .query(
                    &format!("SELECT {INTENT_COLUMNS} FROM amzp_intents WHERE answered_at IS NULL ORDER BY created_at, id"),
                    &[],
                )
                .map_err(error)
        })?;
        rows.iter()
            .map(|row| stored_intent(row).map(|stored| stored.row))
            .collect()
    }

    fn intents(&self, permission: &ChargePermissionId) -> Result<Vec<StoredIntent>, StoreError> {
        let rows = self.with_client(|client| {
            client
                .query_typed(
                    &format!("SELECT {INTENT_COLUMNS} FROM amzp_intents WHERE permission_id = $1 ORDER BY created_at, id"),
                    &[(&permission.as_str(), Type::TEXT)],
                )
                .map_err(error)
        })?;
        rows.iter().map(stored_intent).collect()
    }

    fn permissions(&self) -> Result<Vec<ChargePermissionId>, StoreError> {
        let rows = self.with_client(|client| {
            client
                .query(
                    "SELECT permission_id FROM amzp_ledgers ORDER BY permission_id",
                    &[],
                )
                .map_err(error)
        })?;
        rows.iter()
            .map(|row| {
                row.try_get::<_, &str>(0)
                    .map(ChargePermissionId::from)
                    .map_err(column)
            })
            .collect()
    }
}
