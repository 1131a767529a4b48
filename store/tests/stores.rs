//! Every store keeps the same rules — versions, one unfinished intent per
//! permission, unique intent ids, all-or-nothing finishes — and each
//! database refuses what it cannot read: a corrupt row, a newer schema. An
//! older schema is migrated.

mod support;

use amazon_pay_core::lifecycle::{ChargeCreation, ChargePermissionLifecycle, Ledger};
use amazon_pay_core::model::{ChargeId, ChargePermissionId, ChargePermissionType};
use amazon_pay_core::operation::CaptureCharge;
use amazon_pay_core::{ApiVersion, Config, IdempotencyKey, PublicKeyId, Region, Timestamp};
use amazon_pay_store::{
    Conflict, Intent, IntentCall, IntentRecord, MemoryStore, Outcome, SCHEMA_VERSION, SqliteStore,
    Store, StoreError, Version,
};
use support::{KEY_ID, usd};

fn config() -> Config {
    Config::new(Region::Na, PublicKeyId::parse(KEY_ID).unwrap())
}

fn now() -> Timestamp {
    amazon_pay_client::now().unwrap()
}

/// A permission with one authorized charge of 50.00 USD.
fn ledger(permission: &str) -> (Ledger, ChargeId) {
    let lifecycle =
        ChargePermissionLifecycle::chargeable(ChargePermissionType::OneTime, now(), ApiVersion::V2);
    let mut ledger = Ledger::new(ChargePermissionId::from(permission), lifecycle, Region::Na);
    let charge = ChargeId::from(format!("{permission}-C1").as_str());
    ledger
        .create_charge(
            charge.clone(),
            usd("50.00"),
            ChargeCreation::Authorize,
            now(),
        )
        .unwrap();
    (ledger, charge)
}

fn capture_intent(ledger: &Ledger, charge: &ChargeId, key: &str) -> Intent {
    let call = CaptureCharge::new(
        charge.clone(),
        usd("50.00"),
        IdempotencyKey::parse(key).unwrap(),
    );
    Intent::new(
        ledger.id().clone(),
        IntentCall::CaptureCharge(call),
        key.into(),
        &config(),
        now(),
    )
    .unwrap()
}

fn conflict(result: Result<impl std::fmt::Debug, StoreError>) -> Conflict {
    match result {
        Err(StoreError::Conflict(conflict)) => conflict,
        other => panic!("expected a conflict, got {other:?}"),
    }
}

/// The rules every store keeps.
fn keeps_the_rules(store: &dyn Store) {
    let (ledger, charge) = ledger("S01-1111111-1111111");
    assert_eq!(store.create(&ledger).unwrap(), Version(1));
    assert!(matches!(
        conflict(store.create(&ledger)),
        Conflict::Exists { .. }
    ));
    assert_eq!(
        store.load(ledger.id()).unwrap(),
        Some((ledger.clone(), Version(1)))
    );
    assert_eq!(
        store
            .load(&ChargePermissionId::from("S01-0000000-0000000"))
            .unwrap(),
        None
    );

    // Optimistic concurrency: a write decided on version 1 lands once.
    assert_eq!(store.save(&ledger, Version(1)).unwrap(), Version(2));
    assert!(matches!(
        conflict(store.save(&ledger, Version(1))),
        Conflict::Version { .. }
    ));

    // An intent is written before its call is sent; it bumps the version.
    let first = capture_intent(&ledger, &charge, "key-first");
    assert!(matches!(
        conflict(store.begin(&first, Version(1))),
        Conflict::Version { .. }
    ));
    assert_eq!(store.begin(&first, Version(2)).unwrap(), Version(3));
    // One unfinished intent per permission: a second call waits its turn.
    let second = capture_intent(&ledger, &charge, "key-second");
    match conflict(store.begin(&second, Version(3))) {
        Conflict::InFlight {
            intent, operation, ..
        } => {
            assert_eq!(
                (intent.as_str(), operation.as_str()),
                ("key-first", "CaptureCharge")
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(store.unfinished().unwrap(), vec![first.to_row()]);

    // Finishing records the answer and saves the ledger in one step.
    let mut captured = ledger.clone();
    captured.capture(&charge, usd("50.00"), now()).unwrap();
    let answer = Outcome::Accepted(serde_json::json!({"chargeId": charge.as_str()}));
    assert!(matches!(
        conflict(store.finish(&first, now(), &answer, Some((&captured, Version(2))))),
        Conflict::Version { .. }
    ));
    assert!(
        store.unfinished().unwrap().len() == 1,
        "a refused finish writes nothing"
    );
    assert_eq!(
        store
            .finish(&first, now(), &answer, Some((&captured, Version(3))))
            .unwrap(),
        Some(Version(4))
    );
    assert!(matches!(
        conflict(store.finish(&first, now(), &answer, None)),
        Conflict::Finished { .. }
    ));
    assert!(store.unfinished().unwrap().is_empty());
    assert_eq!(
        store.load(ledger.id()).unwrap(),
        Some((captured, Version(4)))
    );
    // A key is never used twice.
    assert!(matches!(
        conflict(store.begin(&first, Version(4))),
        Conflict::DuplicateIntent { .. }
    ));

    let stored = store.intents(ledger.id()).unwrap();
    assert_eq!(stored.len(), 1);
    let record = IntentRecord::from_stored(stored[0].clone(), &config()).unwrap();
    assert_eq!(record.intent, first);
    assert_eq!(record.answered.map(|(_, outcome)| outcome), Some(answer));
    assert_eq!(store.permissions().unwrap(), vec![ledger.id().clone()]);
}

/// A database as version 1 of the schema left it (before the index that
/// keeps one unfinished intent per permission), in SQL both databases read.
const VERSION_ONE: &str = "CREATE TABLE amzp_schema (version BIGINT NOT NULL);
    INSERT INTO amzp_schema (version) VALUES (1);
    CREATE TABLE amzp_ledgers (permission_id TEXT PRIMARY KEY, version BIGINT NOT NULL, ledger TEXT NOT NULL);
    CREATE TABLE amzp_intents (id TEXT PRIMARY KEY, permission_id TEXT NOT NULL, operation TEXT NOT NULL,
        params TEXT NOT NULL, fingerprint TEXT NOT NULL, created_at TEXT NOT NULL, answered_at TEXT, outcome TEXT);";

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("amzp-store-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn memory_keeps_the_rules() {
    keeps_the_rules(&MemoryStore::new());
}

#[test]
fn sqlite_keeps_the_rules() {
    let dir = temp_dir("rules");
    keeps_the_rules(&SqliteStore::open(dir.join("store.db")).unwrap());
    // Reopened: everything is still there.
    let store = SqliteStore::open(dir.join("store.db")).unwrap();
    assert_eq!(store.permissions().unwrap().len(), 1);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn sqlite_names_a_corrupt_row_and_keeps_it() {
    let dir = temp_dir("corrupt");
    let path = dir.join("store.db");
    let store = SqliteStore::open(&path).unwrap();
    let (good, _) = ledger("S01-2222222-2222222");
    let (bad, charge) = ledger("S01-3333333-3333333");
    store.create(&good).unwrap();
    store.create(&bad).unwrap();
    store
        .begin(&capture_intent(&bad, &charge, "key-bad"), Version(1))
        .unwrap();

    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute(
        "UPDATE amzp_ledgers SET ledger = '{\"not\": \"a ledger\"' WHERE permission_id = ?1",
        [bad.id().as_str()],
    )
    .unwrap();
    // The intent's amount changed behind its fingerprint's back.
    raw.execute(
        "UPDATE amzp_intents SET params = replace(params, '50.00', '500.00') WHERE id = 'key-bad'",
        [],
    )
    .unwrap();

    match store.load(bad.id()) {
        Err(StoreError::Corrupt {
            what: "ledger",
            key,
            ..
        }) => assert_eq!(key, bad.id().as_str()),
        other => panic!("{other:?}"),
    }
    assert!(
        store.load(good.id()).unwrap().is_some(),
        "the others still load"
    );
    let rows = store.unfinished().unwrap();
    assert_eq!(rows.len(), 1, "the intent is kept");
    match Intent::from_row(rows[0].clone(), &config()) {
        Err(StoreError::Corrupt {
            what: "intent",
            key,
            reason,
        }) => {
            assert_eq!(key, "key-bad");
            assert!(reason.contains("fingerprint"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    // Recovery reports it, sends nothing, and keeps it for a repair.
    let nothing_is_sent = |_: amazon_pay_core::SignedRequest| -> Result<
        amazon_pay_core::operation::Response,
        amazon_pay_client::TransportFailure,
    > { panic!("a corrupt intent was sent") };
    let client = amazon_pay_client::Client::new(config(), support::signer(), nothing_is_sent);
    let journal = amazon_pay_store::Journal::new(&store, client);
    let recovery = journal.recover().unwrap();
    assert!(recovery.finished.is_empty());
    match recovery.failed.as_slice() {
        [(id, error)] => {
            assert_eq!(id, "key-bad");
            assert_eq!(error.code(), "Corrupt");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(store.unfinished().unwrap().len(), 1, "still kept");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn sqlite_refuses_a_newer_schema_and_migrates_an_older_one() {
    let dir = temp_dir("schema");
    let newer = dir.join("newer.db");
    drop(SqliteStore::open(&newer).unwrap());
    let raw = rusqlite::Connection::open(&newer).unwrap();
    raw.execute("UPDATE amzp_schema SET version = 99", [])
        .unwrap();
    match SqliteStore::open(&newer) {
        Err(StoreError::NewerSchema {
            found: 99,
            supported,
        }) => assert_eq!(supported, SCHEMA_VERSION),
        other => panic!("{other:?}"),
    }
    let version: i64 = raw
        .query_row("SELECT version FROM amzp_schema", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 99, "nothing was written");

    // A database as version 1 of the schema wrote it, with a ledger in it.
    let older = dir.join("older.db");
    let raw = rusqlite::Connection::open(&older).unwrap();
    let (ledger, charge) = ledger("S01-4444444-4444444");
    raw.execute_batch(VERSION_ONE).unwrap();
    raw.execute(
        "INSERT INTO amzp_ledgers VALUES (?1, 7, ?2)",
        [
            ledger.id().as_str(),
            &serde_json::to_string(&ledger).unwrap(),
        ],
    )
    .unwrap();
    let store = SqliteStore::open(&older).unwrap();
    let version: i64 = raw
        .query_row("SELECT version FROM amzp_schema", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    assert_eq!(
        store.load(ledger.id()).unwrap(),
        Some((ledger.clone(), Version(7)))
    );
    // Version 2's index holds: one unfinished intent per permission, even
    // for a writer that skips the store's own check.
    store
        .begin(&capture_intent(&ledger, &charge, "key-one"), Version(7))
        .unwrap();
    let second = capture_intent(&ledger, &charge, "key-two").to_row();
    let inserted = raw.execute(
        "INSERT INTO amzp_intents (id, permission_id, operation, params, fingerprint, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        [&second.id, &second.permission, &second.operation, &second.params, &second.fingerprint, &second.created_at],
    );
    assert!(
        inserted.is_err(),
        "the database refuses a second unfinished intent"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[cfg(feature = "postgres")]
mod on_postgres {
    use super::*;
    use amazon_pay_store::PostgresStore;

    #[test]
    fn postgres_keeps_the_rules() {
        let Some(server) = support::postgres() else {
            return;
        };
        let params = support::fresh_database(&server, "rules");
        keeps_the_rules(&PostgresStore::connect(&params).unwrap());
        // A second connection (another server) sees the same state.
        let other = PostgresStore::connect(&params).unwrap();
        assert_eq!(other.permissions().unwrap().len(), 1);
    }

    #[test]
    fn postgres_refuses_a_newer_schema_and_names_a_corrupt_row() {
        let Some(server) = support::postgres() else {
            return;
        };
        let params = support::fresh_database(&server, "schema");
        let store = PostgresStore::connect(&params).unwrap();
        let (bad, _) = ledger("S01-5555555-5555555");
        store.create(&bad).unwrap();
        let mut raw = postgres::Client::connect(&params, postgres::NoTls).unwrap();
        raw.execute("UPDATE amzp_ledgers SET ledger = 'garbage'", &[])
            .unwrap();
        assert!(matches!(
            store.load(bad.id()),
            Err(StoreError::Corrupt { what: "ledger", .. })
        ));
        raw.execute("UPDATE amzp_schema SET version = 42", &[])
            .unwrap();
        match PostgresStore::connect(&params) {
            Err(StoreError::NewerSchema { found: 42, .. }) => {}
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn postgres_migrates_a_version_one_database() {
        let Some(server) = support::postgres() else {
            return;
        };
        let params = support::fresh_database(&server, "migrate");
        let (ledger, charge) = ledger("S01-6666666-6666666");
        let mut raw = postgres::Client::connect(&params, postgres::NoTls).unwrap();
        raw.batch_execute(VERSION_ONE).unwrap();
        let text = serde_json::to_string(&ledger).unwrap();
        raw.execute(
            "INSERT INTO amzp_ledgers VALUES ($1, 3, $2)",
            &[&ledger.id().as_str(), &text],
        )
        .unwrap();
        let store = PostgresStore::connect(&params).unwrap();
        let version: i64 = raw
            .query_one("SELECT version FROM amzp_schema", &[])
            .unwrap()
            .get(0);
        assert_eq!(version, SCHEMA_VERSION);
        assert_eq!(
            store.load(ledger.id()).unwrap(),
            Some((ledger.clone(), Version(3)))
        );
        store
            .begin(&capture_intent(&ledger, &charge, "key-pg"), Version(3))
            .unwrap();
        // Connecting again (another server) migrates nothing twice.
        drop(PostgresStore::connect(&params).unwrap());
        let rows: i64 = raw
            .query_one("SELECT COUNT(*) FROM amzp_schema", &[])
            .unwrap()
            .get(0);
        assert_eq!(rows, 1);
    }

    #[test]
    fn an_unreachable_postgres_is_a_typed_error() {
        match PostgresStore::connect(
            "host=127.0.0.1 port=1 user=amzp dbname=none connect_timeout=2",
        ) {
            Err(StoreError::Unavailable(message)) => assert!(!message.is_empty()),
            other => panic!("{other:?}"),
        }
    }
}
