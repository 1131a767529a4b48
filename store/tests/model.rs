//! One rule book, three backends: any sequence of store calls gives the same
//! answers — the same versions, the same conflicts, the same unfinished
//! intents — from SQLite and PostgreSQL as from the memory store.

mod support;

use amazon_pay_core::lifecycle::{ChargeCreation, ChargePermissionLifecycle, Ledger};
use amazon_pay_core::model::{ChargeId, ChargePermissionId, ChargePermissionType};
use amazon_pay_core::operation::CaptureCharge;
use amazon_pay_core::{ApiVersion, Config, IdempotencyKey, PublicKeyId, Region, Timestamp};
use amazon_pay_store::{
    Durability, Intent, IntentCall, MemoryStore, Outcome, SqliteStore, Store, Version,
};
use proptest::prelude::*;

const PERMISSIONS: [&str; 2] = ["S01-1000000-0000001", "S01-2000000-0000002"];
const KEYS: [&str; 3] = ["key-a", "key-b", "key-c"];

/// A call; versions are given as an offset from the ledger's current one
/// (mostly 0: the call a merchant makes; ±1: one decided on a stale or a
/// future version).
#[derive(Debug, Clone)]
enum Op {
    Create(usize),
    Save(usize, i64),
    Begin(usize, usize, i64),
    Finish(usize, usize, Option<i64>),
    Load(usize),
    Unfinished,
}

fn op() -> impl Strategy<Value = Op> {
    let p = 0..PERMISSIONS.len();
    let k = 0..KEYS.len();
    let v = prop_oneof![6 => Just(0i64), 1 => Just(-1i64), 1 => Just(1i64)];
    prop_oneof![
        p.clone().prop_map(Op::Create),
        (p.clone(), v.clone()).prop_map(|(p, v)| Op::Save(p, v)),
        (p.clone(), k.clone(), v.clone()).prop_map(|(p, k, v)| Op::Begin(p, k, v)),
        (p.clone(), k, proptest::option::of(v)).prop_map(|(p, k, v)| Op::Finish(p, k, v)),
        p.prop_map(Op::Load),
        Just(Op::Unfinished),
    ]
}

fn at() -> Timestamp {
    Timestamp::parse("20261204T120000Z").unwrap()
}

fn ledger(p: usize) -> Ledger {
    let lifecycle =
        ChargePermissionLifecycle::chargeable(ChargePermissionType::OneTime, at(), ApiVersion::V2);
    let mut ledger = Ledger::new(
        ChargePermissionId::from(PERMISSIONS[p]),
        lifecycle,
        Region::Na,
    );
    ledger
        .create_charge(
            ChargeId::from(format!("{}-C1", PERMISSIONS[p]).as_str()),
            support::usd("10.00"),
            ChargeCreation::Authorize,
            at(),
        )
        .unwrap();
    ledger
}

fn intent(p: usize, k: usize) -> Intent {
    let config = Config::new(Region::Na, PublicKeyId::parse(support::KEY_ID).unwrap());
    let capture = CaptureCharge::new(
        ChargeId::from(format!("{}-C1", PERMISSIONS[p]).as_str()),
        support::usd("10.00"),
        IdempotencyKey::parse(KEYS[k]).unwrap(),
    );
    Intent::new(
        ChargePermissionId::from(PERMISSIONS[p]),
        IntentCall::CaptureCharge(capture),
        KEYS[k].into(),
        &config,
        at(),
    )
    .unwrap()
}

/// What each call answered, comparable across stores: the stores run in
/// lockstep, versions resolved against the first one's ledger.
fn run(stores: &[&dyn Store], ops: &[Op]) -> Vec<Vec<String>> {
    let show = |result: Result<String, amazon_pay_store::StoreError>| match result {
        Ok(value) => value,
        Err(error) => error.code().to_owned(),
    };
    let mut answers = vec![Vec::new(); stores.len()];
    for op in ops {
        let current = |p: usize| {
            stores[0]
                .load(&ChargePermissionId::from(PERMISSIONS[p]))
                .unwrap()
                .map_or(0, |(_, v)| v.0)
        };
        // Resolved once, before any store has answered this call.
        let resolve = |p: usize, offset: i64| Version(current(p).saturating_add_signed(offset));
        let versions: Vec<Version> = (0..PERMISSIONS.len())
            .flat_map(|p| [-1, 0, 1].map(|offset| resolve(p, offset)))
            .collect();
        let version = |p: usize, offset: i64| versions[p * 3 + (offset + 1) as usize];
        let op = op.clone();
        for (store, answers) in stores.iter().zip(&mut answers) {
            answers.push(match op {
                Op::Create(p) => show(store.create(&ledger(p)).map(|v| v.to_string())),
                Op::Save(p, v) => {
                    show(store.save(&ledger(p), version(p, v)).map(|v| v.to_string()))
                }
                Op::Begin(p, k, v) => show(
                    store
                        .begin(&intent(p, k), version(p, v))
                        .map(|v| v.to_string()),
                ),
                Op::Finish(p, k, v) => {
                    let ledger = ledger(p);
                    let outcome =
                        Outcome::Refused(serde_json::json!({"code": "InvalidChargeStatus"}));
                    let save = v.map(|v| (&ledger, version(p, v)));
                    show(
                        store
                            .finish(&intent(p, k), at(), &outcome, save)
                            .map(|v| format!("{v:?}")),
                    )
                }
                Op::Load(p) => show(
                    store
                        .load(&ChargePermissionId::from(PERMISSIONS[p]))
                        .map(|found| format!("{:?}", found.map(|(l, v)| (l == ledger(p), v)))),
                ),
                Op::Unfinished => show(store.unfinished().map(|rows| {
                    rows.iter()
                        .map(|row| row.id.as_str())
                        .collect::<Vec<_>>()
                        .join(",")
                })),
            });
        }
    }
    answers
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn every_store_answers_as_the_memory_store(ops in proptest::collection::vec(op(), 1..32)) {
        let memory = MemoryStore::new();
        let dir = std::env::temp_dir().join(format!("amzp-model-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let sqlite = SqliteStore::open_with(dir.join("model.db"), Durability::Normal).unwrap();
        #[cfg_attr(not(feature = "postgres"), allow(unused_mut))]
        let mut stores: Vec<&dyn Store> = vec![&memory, &sqlite];
        #[cfg(feature = "postgres")]
        let postgres = postgres_database().map(|params| {
            let store = amazon_pay_store::PostgresStore::connect(&params).unwrap();
            let mut raw = postgres::Client::connect(&params, postgres::NoTls).unwrap();
            raw.batch_execute("TRUNCATE amzp_intents, amzp_ledgers").unwrap();
            store
        });
        #[cfg(feature = "postgres")]
        if let Some(store) = &postgres {
            stores.push(store);
        }
        let answers = run(&stores, &ops);
        for (n, other) in answers.iter().enumerate().skip(1) {
            prop_assert_eq!(other, &answers[0], "store {} (1 SQLite, 2 PostgreSQL)", n);
        }
        drop(sqlite);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

/// One database for the whole run (emptied before each case).
#[cfg(feature = "postgres")]
fn postgres_database() -> Option<String> {
    static DATABASE: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    DATABASE
        .get_or_init(|| support::postgres().map(|server| support::fresh_database(&server, "model")))
        .clone()
}
