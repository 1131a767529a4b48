//! A journaled capture — the ledger's check, the intent written, the call
//! answered by the in-process sandbox, the answer and the ledger written —
//! on each store, side by side in one run:
//!
//! - `capture/memory`: the [`MemoryStore`], the baseline;
//! - `capture/sqlite-full`: SQLite, WAL, `synchronous = FULL` (the default:
//!   every commit flushed to the disk);
//! - `capture/sqlite-normal`: SQLite, WAL, `synchronous = NORMAL`;
//! - `capture/postgres`: the local PostgreSQL named by `AMZP_POSTGRES`
//!   (skipped without it), with its defaults (fsync on, synchronous commit);
//! - `capture/postgres-async-commit`: the same with `synchronous_commit =
//!   off` (a commit returns before its WAL is flushed), to see the flush;
//! - `fsync/4KiB`: the reference — 4 KiB written and flushed with
//!   `sync_data` in the directory of the SQLite file.
//!
//! Signing is a stand-in and the sandbox trusts the caller, so what differs
//! between the stores is the store. `store/benches/report.py` prints flows/s
//! and the ratios.

use std::io::Write;
use std::sync::Mutex;
use std::time::Duration;

use amazon_pay_client::{Client, TransportFailure};
use amazon_pay_core::model::{ChargeId, ChargePermissionId, PaymentIntent};
use amazon_pay_core::operation::{
    CheckoutWebDetails, CompleteCheckoutSession, CreateCheckoutSession, GetCharge,
    GetChargePermission, Response, UpdateCheckoutSession, UpdatePaymentDetails,
};
use amazon_pay_core::sign::{Algorithm, SignError, Signature, Signer};
use amazon_pay_core::{Config, Entropy, Price, PublicKeyId, Region, SignedRequest};
use amazon_pay_sandbox::{Sandbox, SandboxRequest, TestPaymentMethod};
use amazon_pay_store::{Durability, Journal, MemoryStore, SqliteStore, Store};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

const KEY_ID: &str = "SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B";

/// A stand-in signature: the sandbox below trusts the caller.
struct NoSigner;

impl Signer for NoSigner {
    fn sign(&self, _: Algorithm, _: &[u8], _: &mut dyn Entropy) -> Result<Signature, SignError> {
        Ok(Signature::from_bytes(vec![0; 256]))
    }
}

type Send = Box<dyn Fn(SignedRequest) -> Result<Response, TransportFailure>>;

fn client(sandbox: &'static Mutex<Sandbox>) -> Client<Send> {
    let config = Config::new(Region::Na, PublicKeyId::parse(KEY_ID).unwrap());
    let send: Send = Box::new(move |request: SignedRequest| {
        let now = amazon_pay_client::now().unwrap();
        let mut sandbox = sandbox.lock().unwrap();
        Ok(sandbox.handle_trusted(now, KEY_ID, &SandboxRequest::from_signed(&request)))
    });
    Client::new(config, NoSigner, send)
}

fn usd(amount: &str) -> Price {
    Price::parse(amount, "USD").unwrap()
}

/// A checkout up to an adopted ledger with one authorized charge.
fn checkout<S: Store>(
    journal: &Journal<S, Send>,
    sandbox: &Mutex<Sandbox>,
) -> (ChargePermissionId, ChargeId) {
    let client = journal.client();
    let key = amazon_pay_client::idempotency_key().unwrap();
    let create = CreateCheckoutSession::new(
        "amzn1.application-oa2-client.sandbox",
        CheckoutWebDetails::review("https://shop.example/review"),
        key,
    );
    let id = client.call(create).unwrap().checkout_session_id.unwrap();
    let update = UpdateCheckoutSession::new(id.clone())
        .with_checkout_result_return_url("https://shop.example/result")
        .with_payment_details(UpdatePaymentDetails::new(
            PaymentIntent::Authorize,
            usd("20.00"),
        ));
    client.call(update).unwrap();
    let now = amazon_pay_client::now().unwrap();
    sandbox
        .lock()
        .unwrap()
        .buyer_approves(now, id.as_str(), TestPaymentMethod::Success("1111"))
        .unwrap();
    let completed = client
        .call(CompleteCheckoutSession::new(id, usd("20.00")))
        .unwrap();
    let permission = completed.charge_permission_id.unwrap();
    let charge = completed.charge_id.unwrap();
    let report = client
        .call(GetChargePermission::new(permission.clone()))
        .unwrap();
    let authorized = client.call(GetCharge::new(charge.clone())).unwrap();
    journal.adopt(&report, &[authorized]).unwrap();
    (permission, charge)
}

fn capture_on<S: Store>(c: &mut Criterion, name: &str, store: S) {
    // Each store's own ids: a seed per benchmark.
    let seed = name
        .bytes()
        .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
    let sandbox: &'static Mutex<Sandbox> = Box::leak(Box::new(Mutex::new(
        Sandbox::new(Region::Na).with_seed(seed << 16),
    )));
    let journal = Journal::new(store, client(sandbox));
    c.bench_function(&format!("capture/{name}"), |b| {
        b.iter_batched(
            || {
                // The sandbox looks at every object after each request (for
                // its journal and IPNs): kept small, so that it costs the
                // same throughout and for every store.
                let mut simulator = sandbox.lock().unwrap();
                if simulator.counts().charge_permissions >= 20 {
                    // A new seed: new ids, none the store holds already.
                    let seed = simulator.seed().wrapping_add(1);
                    *simulator = Sandbox::new(Region::Na).with_seed(seed);
                }
                drop(simulator);
                checkout(&journal, sandbox)
            },
            |(permission, charge)| journal.capture(&permission, &charge, usd("20.00")).unwrap(),
            BatchSize::PerIteration,
        );
    });
}

fn stores(c: &mut Criterion) {
    let dir = std::env::temp_dir().join(format!("amzp-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();

    c.bench_function("fsync/4KiB", |b| {
        let mut file = std::fs::File::create(dir.join("fsync")).unwrap();
        let page = [7u8; 4096];
        b.iter(|| {
            file.write_all(&page).unwrap();
            file.sync_data().unwrap();
        });
    });
    capture_on(c, "memory", MemoryStore::new());
    capture_on(
        c,
        "sqlite-full",
        SqliteStore::open(dir.join("full.db")).unwrap(),
    );
    capture_on(
        c,
        "sqlite-normal",
        SqliteStore::open_with(dir.join("normal.db"), Durability::Normal).unwrap(),
    );
    #[cfg(feature = "postgres")]
    match std::env::var("AMZP_POSTGRES") {
        Ok(params) => {
            // A fresh schema: the tables of an earlier run are dropped.
            let mut admin = postgres::Client::connect(&params, postgres::NoTls).unwrap();
            admin
                .batch_execute("DROP TABLE IF EXISTS amzp_intents, amzp_ledgers, amzp_schema")
                .unwrap();
            drop(admin);
            capture_on(
                c,
                "postgres",
                amazon_pay_store::PostgresStore::connect(&params).unwrap(),
            );
            // The same without waiting for the commit's WAL flush: what the
            // flush costs.
            let relaxed = format!("{params} options='-c synchronous_commit=off'");
            capture_on(
                c,
                "postgres-async-commit",
                amazon_pay_store::PostgresStore::connect(&relaxed).unwrap(),
            );
        }
        Err(_) => {
            eprintln!("capture/postgres skipped: set AMZP_POSTGRES (store/scripts/postgres.sh)")
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(6));
    targets = stores
}
criterion_main!(benches);
