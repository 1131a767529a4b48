//! The journal at each crash point, against the sandbox server: nothing is
//! lost, nothing is executed twice. A "crash" here is a call whose process
//! would have died: before sending, or after sending and before the answer
//! was recorded. Recovery finishes both.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::Duration;

use amazon_pay_client::{Client, Transport, TransportFailure, UreqTransport};
use amazon_pay_core::exchange::{RetryPolicy, TransportError};
use amazon_pay_core::model::{ChargeState, RefundState};
use amazon_pay_core::operation::Response;
use amazon_pay_core::sign::DefaultSigner;
use amazon_pay_core::{Config, PublicKeyId, Region, SignedRequest};
use amazon_pay_sandbox::Server;
use amazon_pay_store::{IntentRecord, Journal, JournalError, MemoryStore, Outcome, Store};
use support::{KEY_ID, PRIVATE_KEY, usd};

/// What the next request meets.
const DELIVER: u8 = 0;
/// Refused before it leaves: nothing reaches Amazon.
const FAIL_BEFORE: u8 = 1;
/// Sent and processed, then the answer is lost.
const LOSE_ANSWER: u8 = 2;

/// A transport to the sandbox server that fails on command.
#[derive(Clone)]
struct Faulty {
    inner: Arc<UreqTransport>,
    mode: Arc<AtomicU8>,
}

impl Transport for Faulty {
    fn send(&self, request: SignedRequest) -> Result<Response, TransportFailure> {
        match self.mode.load(Ordering::SeqCst) {
            FAIL_BEFORE => Err(TransportFailure::new(
                TransportError::ConnectRefused,
                "crashed before sending",
            )),
            LOSE_ANSWER => {
                self.inner.send(request)?;
                Err(TransportFailure::new(
                    TransportError::ConnectionReset,
                    "crashed before the answer",
                ))
            }
            _ => self.inner.send(request),
        }
    }
}

fn journal(server: &Server) -> (Journal<MemoryStore, Faulty>, Arc<AtomicU8>) {
    let config = Config::new(Region::Na, PublicKeyId::parse(KEY_ID).unwrap())
        .with_loopback_http(&server.addr().to_string())
        .unwrap();
    let mode = Arc::new(AtomicU8::new(DELIVER));
    let transport = Faulty {
        inner: Arc::new(UreqTransport::new()),
        mode: Arc::clone(&mode),
    };
    let client = Client::new(
        config,
        DefaultSigner::from_pem(PRIVATE_KEY).unwrap(),
        transport,
    )
    .with_retry_policy(RetryPolicy::never());
    (Journal::new(MemoryStore::new(), client), mode)
}

/// A checkout through a journal that sends normally (support's helper
/// takes a ureq journal).
fn checkout_with<S: Store>(
    server: &Server,
    store: &S,
    amount: &str,
) -> (
    amazon_pay_core::model::ChargePermissionId,
    amazon_pay_core::model::ChargeId,
) {
    let helper = Journal::new(store, support::client(server.addr()));
    support::checkout(&helper, server.addr(), amount).unwrap()
}

fn executions(server: &Server, operation: &str) -> usize {
    server
        .sandbox()
        .executions()
        .iter()
        .filter(|e| e.operation == operation && (200..300).contains(&e.status))
        .count()
}

#[test]
fn a_capture_lost_on_its_way_or_on_its_way_back_is_recovered_once() {
    let server = support::sandbox();
    let (journal, mode) = journal(&server);
    let (permission, charge) = checkout_with(&server, journal.store(), "40.00");

    // Crash before sending: the intent is written, nothing reached Amazon.
    mode.store(FAIL_BEFORE, Ordering::SeqCst);
    let error = journal
        .capture(&permission, &charge, usd("40.00"))
        .unwrap_err();
    assert!(matches!(error, JournalError::Unfinished { .. }), "{error}");
    assert_eq!(executions(&server, "CaptureCharge"), 0);
    // While it is unfinished, no other call on the permission is written.
    let blocked = journal
        .capture(&permission, &charge, usd("40.00"))
        .unwrap_err();
    assert_eq!(blocked.code(), "Conflict.InFlight");
    assert!(blocked.is_conflict());

    mode.store(DELIVER, Ordering::SeqCst);
    // A young intent may still be its own process's: left to it.
    let young = journal
        .recover_older_than(Duration::from_secs(3600))
        .unwrap();
    assert_eq!((young.skipped, young.finished.len()), (1, 0));
    assert_eq!(executions(&server, "CaptureCharge"), 0);
    let recovery = journal.recover().unwrap();
    assert_eq!((recovery.finished.len(), recovery.failed.len()), (1, 0));
    assert_eq!(executions(&server, "CaptureCharge"), 1);
    let (ledger, _) = journal.ledger(&permission).unwrap().unwrap();
    assert_eq!(
        ledger.charge(&charge).unwrap().lifecycle().state(),
        &ChargeState::Captured
    );

    // Crash after Amazon acted: recovery re-sends the same key, Amazon
    // replays its answer, the refund exists once.
    mode.store(LOSE_ANSWER, Ordering::SeqCst);
    let error = journal
        .refund(&permission, &charge, usd("15.00"))
        .unwrap_err();
    assert!(matches!(error, JournalError::Unfinished { .. }), "{error}");
    assert_eq!(executions(&server, "CreateRefund"), 1, "Amazon acted");
    mode.store(DELIVER, Ordering::SeqCst);
    let recovery = journal.recover().unwrap();
    assert_eq!((recovery.finished.len(), recovery.failed.len()), (1, 0));
    assert_eq!(executions(&server, "CreateRefund"), 1, "and only once");
    let (ledger, _) = journal.ledger(&permission).unwrap().unwrap();
    let refunds = ledger.charge(&charge).unwrap().refunds();
    assert_eq!(refunds.len(), 1);
    assert_eq!(
        refunds[0].lifecycle().state(),
        &RefundState::RefundInitiated
    );

    // The rule book still counts it: 40.00 + 15 % may be refunded in all.
    let over = journal
        .refund(&permission, &charge, usd("31.01"))
        .unwrap_err();
    assert!(matches!(over, JournalError::Refused(_)), "{over}");
    journal.refund(&permission, &charge, usd("31.00")).unwrap();
    assert!(journal.store().unfinished().unwrap().is_empty());
}

#[test]
fn a_cancel_whose_answer_was_lost_is_found_done_by_asking() {
    let server = support::sandbox();
    let (journal, mode) = journal(&server);
    let (permission, charge) = checkout_with(&server, journal.store(), "25.00");
    mode.store(LOSE_ANSWER, Ordering::SeqCst);
    assert!(
        journal
            .cancel(&permission, &charge, "Out of stock")
            .is_err()
    );
    mode.store(DELIVER, Ordering::SeqCst);
    let recovery = journal.recover().unwrap();
    assert_eq!((recovery.finished.len(), recovery.failed.len()), (1, 0));
    // Recorded from Get Charge, not sent again.
    let stored = journal.store().intents(&permission).unwrap();
    let record = IntentRecord::from_stored(stored[0].clone(), journal.client().config()).unwrap();
    assert!(
        matches!(record.answered, Some((_, Outcome::Observed(_)))),
        "{record:?}"
    );
    let (ledger, _) = journal.ledger(&permission).unwrap().unwrap();
    assert_eq!(
        ledger.charge(&charge).unwrap().lifecycle().state(),
        &ChargeState::Canceled
    );
}

#[test]
fn amazons_refusal_finishes_the_intent_and_changes_nothing() {
    let server = support::sandbox();
    let (journal, _) = journal(&server);
    let (permission, charge) = checkout_with(&server, journal.store(), "25.00");
    // The ledger allows what Amazon refuses: the charge was canceled
    // behind the journal's back.
    journal
        .client()
        .call(amazon_pay_core::operation::CancelCharge::new(
            charge.clone(),
            "by hand",
        ))
        .unwrap();
    let refused = journal
        .capture(&permission, &charge, usd("25.00"))
        .unwrap_err();
    assert!(matches!(refused, JournalError::Amazon(_)), "{refused}");
    let stored = journal.store().intents(&permission).unwrap();
    let record = IntentRecord::from_stored(stored[0].clone(), journal.client().config()).unwrap();
    assert!(matches!(record.answered, Some((_, Outcome::Refused(_)))));
    assert!(
        journal.store().unfinished().unwrap().is_empty(),
        "the permission is free again"
    );
    // Refresh brings the ledger to Amazon's truth.
    let ledger = journal.refresh(&permission).unwrap();
    assert_eq!(
        ledger.charge(&charge).unwrap().lifecycle().state(),
        &ChargeState::Canceled
    );
}

/// The store goes away while the call is out: Amazon's answer cannot be
/// recorded, the intent stays (typed `Unrecorded`), and recovery — once the
/// database is back — records it without a second capture.
#[cfg(feature = "postgres")]
#[test]
fn a_store_lost_mid_call_keeps_the_intent_and_recovery_records_it() {
    let Some(server_params) = support::postgres() else {
        return;
    };
    let params = support::fresh_database(&server_params, "unreachable");
    let store = amazon_pay_store::PostgresStore::connect(&params).unwrap();
    let server = support::sandbox();
    let (permission, charge) = checkout_with(&server, &store, "60.00");
    let database = params
        .split_whitespace()
        .find_map(|part| part.strip_prefix("dbname="))
        .unwrap()
        .to_owned();
    let admin = std::sync::Mutex::new(postgres::Client::connect(&params, postgres::NoTls).unwrap());
    let cut = std::sync::atomic::AtomicBool::new(true);
    let inner = UreqTransport::new();
    // Amazon answers; then every other connection to the database is cut.
    let transport = |request: SignedRequest| {
        let answer = inner.send(request);
        if cut.swap(false, Ordering::SeqCst) {
            let mut admin = admin.lock().unwrap();
            admin
                .execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
                    &[&database],
                )
                .unwrap();
        }
        answer
    };
    let client = Client::new(
        support::client(server.addr()).config().clone(),
        DefaultSigner::from_pem(PRIVATE_KEY).unwrap(),
        transport,
    );
    let journal = Journal::new(store, client);
    match journal.capture(&permission, &charge, usd("60.00")) {
        Err(JournalError::Unrecorded {
            outcome: Outcome::Accepted(_),
            error,
            ..
        }) => {
            assert_eq!(error.code(), "Unavailable", "{error}");
        }
        other => panic!("{other:?}"),
    }
    // The store reconnects; the intent is still there.
    assert_eq!(journal.store().unfinished().unwrap().len(), 1);
    let recovery = journal.recover().unwrap();
    assert_eq!((recovery.finished.len(), recovery.failed.len()), (1, 0));
    assert_eq!(executions(&server, "CaptureCharge"), 1, "captured once");
    let (ledger, _) = journal.ledger(&permission).unwrap().unwrap();
    assert_eq!(
        ledger.charge(&charge).unwrap().lifecycle().state(),
        &ChargeState::Captured
    );
}

#[cfg(feature = "tokio")]
mod on_tokio {
    use amazon_pay_client::{AsyncClient, AsyncTransport};
    use amazon_pay_store::AsyncJournal;

    use super::*;

    /// ureq on the blocking pool: an async transport for the test.
    struct Pooled(Arc<Faulty>);

    impl AsyncTransport for Pooled {
        async fn send(&self, request: SignedRequest) -> Result<Response, TransportFailure> {
            let inner = Arc::clone(&self.0);
            tokio::task::spawn_blocking(move || inner.send(request))
                .await
                .unwrap_or_else(|e| Err(TransportFailure::new(TransportError::ConnectionReset, e)))
        }
        async fn sleep(&self, duration: Duration) {
            tokio::time::sleep(duration).await;
        }
    }

    #[tokio::test(flavor = "current_thread")]
    async fn the_async_journal_recovers_on_a_single_threaded_runtime() {
        let server = support::sandbox();
        let (blocking, mode) = journal(&server);
        let store = Arc::new(MemoryStore::new());
        // The checkout's blocking client on the runtime's one thread: fine in
        // a test (the sandbox serves from its own threads).
        let (permission, charge) = checkout_with(&server, &store, "30.00");
        let client = AsyncClient::new(
            blocking.client().config().clone(),
            DefaultSigner::from_pem(PRIVATE_KEY).unwrap(),
            Pooled(Arc::new(blocking.client().transport().clone())),
        )
        .with_retry_policy(RetryPolicy::never());
        let journal = AsyncJournal::new(Arc::clone(&store), client);
        mode.store(LOSE_ANSWER, Ordering::SeqCst);
        let lost = journal
            .capture(&permission, &charge, usd("30.00"))
            .await
            .unwrap_err();
        assert!(matches!(lost, JournalError::Unfinished { .. }));
        mode.store(DELIVER, Ordering::SeqCst);
        let recovery = journal.recover().await.unwrap();
        assert_eq!((recovery.finished.len(), recovery.failed.len()), (1, 0));
        assert_eq!(executions(&server, "CaptureCharge"), 1);
        journal
            .refund(&permission, &charge, usd("5.00"))
            .await
            .unwrap();
        assert_eq!(executions(&server, "CreateRefund"), 1);
        let ledger = journal.refresh(&permission).await.unwrap();
        assert_eq!(ledger.charge(&charge).unwrap().refunds().len(), 1);

        // A cancel whose answer was lost: recovery asks Get Charge first.
        let (permission, charge) = checkout_with(&server, &store, "8.00");
        mode.store(LOSE_ANSWER, Ordering::SeqCst);
        assert!(
            journal
                .cancel(&permission, &charge, "Out of stock")
                .await
                .is_err()
        );
        mode.store(DELIVER, Ordering::SeqCst);
        let recovery = journal.recover_older_than(Duration::ZERO).await.unwrap();
        assert_eq!((recovery.finished.len(), recovery.failed.len()), (1, 0));
        let (ledger, _) = store.load(&permission).unwrap().unwrap();
        assert_eq!(
            ledger.charge(&charge).unwrap().lifecycle().state(),
            &ChargeState::Canceled
        );
    }

    #[cfg(feature = "postgres")]
    #[tokio::test(flavor = "current_thread")]
    async fn postgres_calls_never_run_on_the_runtime_thread() {
        // The `postgres` crate panics when called on a runtime thread; the
        // async journal runs it on the blocking pool.
        let Some(server_params) = support::postgres() else {
            return;
        };
        // Connecting blocks too: on the blocking pool as well.
        let store = tokio::task::spawn_blocking(move || {
            let params = support::fresh_database(&server_params, "async");
            amazon_pay_store::PostgresStore::connect(&params)
        })
        .await
        .unwrap()
        .map(Arc::new)
        .unwrap();
        let server = support::sandbox();
        let (blocking, _) = journal(&server);
        let (permission, charge) = std::thread::scope(|scope| {
            scope
                .spawn(|| checkout_with(&server, &*store, "12.00"))
                .join()
                .unwrap()
        });
        let client = AsyncClient::new(
            blocking.client().config().clone(),
            DefaultSigner::from_pem(PRIVATE_KEY).unwrap(),
            Pooled(Arc::new(blocking.client().transport().clone())),
        );
        let journal = AsyncJournal::new(store, client);
        journal
            .capture(&permission, &charge, usd("12.00"))
            .await
            .unwrap();
        assert!(journal.recover().await.unwrap().finished.is_empty());
    }
}
