//! The database schema, versioned: migrations embedded in the crate, run in
//! order by [`SqliteStore::open`](crate::SqliteStore::open) and
//! `PostgresStore::connect`. The SQL is
//! plain enough for both databases.

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: i64 = 2;

/// The table holding the schema version (one row).
#[cfg(any(feature = "sqlite", feature = "postgres"))]
pub(crate) const VERSION_TABLE: &str =
    "CREATE TABLE IF NOT EXISTS amzp_schema (version BIGINT NOT NULL)";

/// Migration `n + 1` is `MIGRATIONS[n]`.
#[cfg(any(feature = "sqlite", feature = "postgres"))]
pub(crate) const MIGRATIONS: [&str; 2] = [
    // 1: ledgers with their versions; intents with their answers.
    "CREATE TABLE amzp_ledgers (
        permission_id TEXT PRIMARY KEY,
        version BIGINT NOT NULL,
        ledger TEXT NOT NULL
    );
    CREATE TABLE amzp_intents (
        id TEXT PRIMARY KEY,
        permission_id TEXT NOT NULL,
        operation TEXT NOT NULL,
        params TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        created_at TEXT NOT NULL,
        answered_at TEXT,
        outcome TEXT
    );",
    // 2: at most one unfinished intent per permission, kept by the database
    // itself (before, only by the transaction's check); intents listed by
    // permission without a scan.
    "CREATE UNIQUE INDEX amzp_intents_one_open ON amzp_intents (permission_id) WHERE answered_at IS NULL;
    CREATE INDEX amzp_intents_by_permission ON amzp_intents (permission_id, created_at);",
];

/// What to do with a database at schema version `found`: the migrations to
/// run, or the error that refuses it.
#[cfg(any(feature = "sqlite", feature = "postgres"))]
pub(crate) fn plan(found: i64) -> Result<&'static [&'static str], crate::StoreError> {
    if found > SCHEMA_VERSION {
        return Err(crate::StoreError::NewerSchema {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    let done = usize::try_from(found.max(0)).unwrap_or(0);
    Ok(MIGRATIONS.get(done..).unwrap_or_default())
}
