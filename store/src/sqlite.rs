//! [`SqliteStore`]: one SQLite file, in WAL mode, the embedded default.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use amazon_pay_core::Timestamp;
use amazon_pay_core::lifecycle::Ledger;
use amazon_pay_core::model::ChargePermissionId;
use rusqlite::{Connection, ErrorCode, OptionalExtension, TransactionBehavior, params};

use crate::atomic::{self, Facts, Tx};
use crate::error::StoreError;
use crate::intent::{Intent, IntentRow, Outcome, StoredIntent};
use crate::schema;
use crate::store::{Store, ledger_from_text, version_from};
use crate::version::Version;

/// When a committed write is on the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Durability {
    /// `synchronous = FULL`: every commit is flushed (fsync of the WAL)
    /// before it returns. An intent written survives a crash of the process
    /// *and* of the machine (power loss). The default.
    #[default]
    Full,
    /// `synchronous = NORMAL`: commits reach the operating system at once
    /// and the disk at the next checkpoint. Survives a crash of the process
    /// (SIGKILL, panic), not a power loss: the last commits may be lost.
    Normal,
}

/// How long a writer waits for another process's write lock before the
/// store reports [`StoreError::Unavailable`].
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The embedded store: one SQLite file (with its `-wal` and `-shm`
/// companions), no server. Several processes may open the same file on one
/// machine; writes are serialized by SQLite's lock. For several machines,
/// use `PostgresStore` (feature `postgres`).
///
/// ```
/// use amazon_pay_store::{SqliteStore, Store};
/// # let dir = std::env::temp_dir().join(format!("amzp-doc-{}", std::process::id()));
/// # std::fs::create_dir_all(&dir)?;
/// let store = SqliteStore::open(dir.join("payments.db"))?;
/// assert!(store.unfinished()?.is_empty());
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct SqliteStore {
    connection: Mutex<Connection>,
    path: PathBuf,
}

impl SqliteStore {
    /// Opens (or creates) the store at `path` with [`Durability::Full`],
    /// migrating an older schema; a database of a newer schema is refused
    /// ([`StoreError::NewerSchema`]) without a write.
    pub fn open(path: impl AsRef<Path>) -> Result<SqliteStore, StoreError> {
        SqliteStore::open_with(path, Durability::Full)
    }

    /// As [`open`](Self::open), with the durability chosen.
    pub fn open_with(
        path: impl AsRef<Path>,
        durability: Durability,
    ) -> Result<SqliteStore, StoreError> {
        let path = path.as_ref().to_path_buf();
        let mut connection = Connection::open(&path).map_err(error)?;
        connection.busy_timeout(BUSY_TIMEOUT).map_err(error)?;
        let mode: String = connection
            .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
            .map_err(error)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Backend(format!(
                "{} cannot use write-ahead logging (journal mode {mode})",
                path.display()
            )));
        }
        let synchronous = match durability {
            Durability::Full => "FULL",
            Durability::Normal => "NORMAL",
        };
        connection
            .pragma_update(None, "synchronous", synchronous)
            .map_err(error)?;
        migrate(&mut connection)?;
        Ok(SqliteStore {
            connection: Mutex::new(connection),
            path,
        })
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn connection(&self) -> MutexGuard<'_, Connection> {
        // The connection holds no Rust state a panic could break; SQLite
        // rolls back a transaction dropped half-way.
        self.connection
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `step` in one write transaction (taken at once: no upgrade
    /// deadlocks between processes), committed only if it succeeds.
    fn write<T>(
        &self,
        step: impl FnOnce(&mut dyn Tx) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut connection = self.connection();
        let transaction = connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(error)?;
        let value = step(&mut SqliteTx(&transaction))?;
        transaction.commit().map_err(error)?;
        Ok(value)
    }
}

fn migrate(connection: &mut Connection) -> Result<(), StoreError> {
    let transaction = connection
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(error)?;
    transaction
        .execute_batch(schema::VERSION_TABLE)
        .map_err(error)?;
    let found: Option<i64> = transaction
        .query_row("SELECT MAX(version) FROM amzp_schema", [], |row| row.get(0))
        .map_err(error)?;
    let found = found.unwrap_or(0);
    let steps = schema::plan(found)?;
    if steps.is_empty() {
        return Ok(());
    }
    for step in steps {
        transaction.execute_batch(step).map_err(error)?;
    }
    transaction
        .execute("DELETE FROM amzp_schema", [])
        .map_err(error)?;
    transaction
        .execute(
            "INSERT INTO amzp_schema (version) VALUES (?1)",
            [schema::SCHEMA_VERSION],
        )
        .map_err(error)?;
    transaction.commit().map_err(error)
}

/// A database error as the store reports it.
fn error(e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked | ErrorCode::CannotOpen) => {
            StoreError::Unavailable(e.to_string())
        }
        _ => StoreError::Backend(e.to_string()),
    }
}

struct SqliteTx<'a>(&'a rusqlite::Transaction<'a>);

/// The facts a write is decided on, in one statement: `?1` the permission,
/// `?2` the intent.
const FACTS: &str = "SELECT
    (SELECT version FROM amzp_ledgers WHERE permission_id = ?1),
    (SELECT id FROM amzp_intents WHERE permission_id = ?1 AND answered_at IS NULL),
    (SELECT operation FROM amzp_intents WHERE permission_id = ?1 AND answered_at IS NULL),
    (SELECT answered_at IS NOT NULL FROM amzp_intents WHERE id = ?2)";

impl Tx for SqliteTx<'_> {
    fn facts(&mut self, permission: &str, intent: &str) -> Result<Facts, StoreError> {
        // The write transaction holds SQLite's one write lock already.
        self.0
            .query_row(FACTS, params![permission, intent], |row| {
                let open_id: Option<String> = row.get(1)?;
                let open_operation: Option<String> = row.get(2)?;
                Ok(Facts {
                    version: row.get(0)?,
                    open: open_id.zip(open_operation),
                    answered: row.get(3)?,
                })
            })
            .map_err(error)
    }

    fn insert_ledger(
        &mut self,
        permission: &str,
        text: &str,
        version: i64,
    ) -> Result<(), StoreError> {
        self.0
            .execute(
                "INSERT INTO amzp_ledgers (permission_id, version, ledger) VALUES (?1, ?2, ?3)",
                params![permission, version, text],
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
            .execute(
                "UPDATE amzp_ledgers SET version = ?2, ledger = COALESCE(?3, ledger) WHERE permission_id = ?1",
                params![permission, version, text],
            )
            .map(drop)
            .map_err(error)
    }

    fn insert_intent(&mut self, row: &IntentRow) -> Result<(), StoreError> {
        self.0
            .execute(
                "INSERT INTO amzp_intents (id, permission_id, operation, params, fingerprint, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![row.id, row.permission, row.operation, row.params, row.fingerprint, row.created_at],
            )
            .map(drop)
            .map_err(error)
    }

    fn answer_intent(&mut self, id: &str, at: &str, outcome: &str) -> Result<(), StoreError> {
        self.0
            .execute(
                "UPDATE amzp_intents SET answered_at = ?2, outcome = ?3 WHERE id = ?1",
                params![id, at, outcome],
            )
            .map(drop)
            .map_err(error)
    }
}

/// The columns of an intent, in the order the queries below select them.
const INTENT_COLUMNS: &str =
    "id, permission_id, operation, params, fingerprint, created_at, answered_at, outcome";

fn stored_intent(row: &rusqlite::Row<'_>) -> rusqlite::Result<StoredIntent> {
    Ok(StoredIntent {
        row: IntentRow {
            id: row.get(0)?,
            permission: row.get(1)?,
            operation: row.get(2)?,
            params: row.get(3)?,
            fingerprint: row.get(4)?,
            created_at: row.get(5)?,
        },
        answered_at: row.get(6)?,
        outcome: row.get(7)?,
    })
}

impl SqliteStore {
    fn select_intents(&self, filter: &str, args: &[&str]) -> Result<Vec<StoredIntent>, StoreError> {
        let connection = self.connection();
        let mut statement = connection
            .prepare_cached(&format!(
                "SELECT {INTENT_COLUMNS} FROM amzp_intents WHERE {filter} ORDER BY created_at, id"
            ))
            .map_err(error)?;
        let rows = statement
            .query_map(rusqlite::params_from_iter(args), stored_intent)
            .map_err(error)?;
        rows.collect::<Result<_, _>>().map_err(error)
    }
}

impl Store for SqliteStore {
    fn load(
        &self,
        permission: &ChargePermissionId,
    ) -> Result<Option<(Ledger, Version)>, StoreError> {
        let row: Option<(String, i64)> = self
            .connection()
            .query_row(
                "SELECT ledger, version FROM amzp_ledgers WHERE permission_id = ?1",
                [permission.as_str()],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()
            .map_err(error)?;
        row.map(|(text, version)| {
            Ok((
                ledger_from_text(permission.as_str(), &text)?,
                version_from(version),
            ))
        })
        .transpose()
    }

    atomic::writes!();

    fn unfinished(&self) -> Result<Vec<IntentRow>, StoreError> {
        let rows = self.select_intents("answered_at IS NULL", &[])?;
        Ok(rows.into_iter().map(|stored| stored.row).collect())
    }

    fn intents(&self, permission: &ChargePermissionId) -> Result<Vec<StoredIntent>, StoreError> {
        self.select_intents("permission_id = ?1", &[permission.as_str()])
    }

    fn permissions(&self) -> Result<Vec<ChargePermissionId>, StoreError> {
        let connection = self.connection();
        let mut statement = connection
            .prepare_cached("SELECT permission_id FROM amzp_ledgers ORDER BY permission_id")
            .map_err(error)?;
        let rows = statement
            .query_map([], |row| row.get::<_, String>(0))
            .map_err(error)?;
        rows.map(|id| id.map(|id| ChargePermissionId::from(id.as_str())))
            .collect::<Result<_, _>>()
            .map_err(error)
    }
}
