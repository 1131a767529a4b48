//! [`Journal`]: journaled calls over the blocking [`Client`].

use std::time::Duration;

use amazon_pay_client::{Client, Transport};
use amazon_pay_core::lifecycle::{Ledger, LifecycleError};
use amazon_pay_core::model::{self, ChargeId, ChargePermissionId};
use amazon_pay_core::operation::{GetCharge, GetChargePermission, GetRefund};
use amazon_pay_core::{IdempotencyKey, Price, Timestamp};

use super::{
    Answer, JournalError, RECORD_ATTEMPTS, Recovery, Truth, busy, conclude, load_known, new_ledger,
    observed, prepare, refused, settle, truths, unfinished, unknown,
};
use crate::intent::{Intent, IntentCall};
use crate::store::Store;
use crate::version::Version;

/// Journaled money calls for one store and one client.
///
/// Each call that creates or moves money runs in three steps: the
/// permission's [`Ledger`] checks every rule and hands the call out; the
/// intent (operation, idempotency key, request fingerprint, time) is
/// written, atomically unique per key and per permission, *before* anything
/// is sent; Amazon's answer is recorded with the updated ledger in one
/// step. If the process dies in between, [`recover`](Self::recover)
/// finishes the intent with the same key and body, so Amazon acts once.
///
/// ```no_run
/// # #[cfg(feature = "sqlite")] {
/// use amazon_pay_client::{Client, signer_from_file};
/// use amazon_pay_core::model::{ChargeId, ChargePermissionId};
/// use amazon_pay_core::{Config, Price, PublicKeyId, Region};
/// use amazon_pay_store::{Journal, SqliteStore};
///
/// let config = Config::new(Region::Na, PublicKeyId::parse("SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B")?);
/// let client = Client::ureq(config, signer_from_file("private.pem")?);
/// let journal = Journal::new(SqliteStore::open("payments.db")?, client);
/// // On start: finish whatever a crashed process left in flight.
/// let recovery = journal.recover()?;
/// assert!(recovery.failed.is_empty());
/// let permission = ChargePermissionId::from("S01-5105180-3221187");
/// let charge = ChargeId::from("S01-5105180-3221187-C056351");
/// let captured = journal.capture(&permission, &charge, Price::parse("14.00", "USD")?)?;
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Journal<S, T> {
    store: S,
    client: Client<T>,
}

impl<S: Store, T: Transport> Journal<S, T> {
    /// A journal writing to `store`, sending with `client`.
    pub fn new(store: S, client: Client<T>) -> Journal<S, T> {
        Journal { store, client }
    }

    /// The store.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// The client.
    pub fn client(&self) -> &Client<T> {
        &self.client
    }

    /// The stored ledger of `permission`, with its version.
    pub fn ledger(
        &self,
        permission: &ChargePermissionId,
    ) -> Result<Option<(Ledger, Version)>, JournalError> {
        Ok(self.store.load(permission)?)
    }

    /// Stores a new ledger for Amazon's `permission` (from Get Charge
    /// Permission after Complete Checkout Session) with the `charges`
    /// already on it (from Get Charge).
    pub fn adopt(
        &self,
        permission: &model::ChargePermission,
        charges: &[model::Charge],
    ) -> Result<Ledger, JournalError> {
        let ledger = new_ledger(self.client.config(), permission, charges)?;
        self.store.create(&ledger)?;
        Ok(ledger)
    }

    /// Create Charge of `amount` on `permission`, journaled.
    pub fn create_charge(
        &self,
        permission: &ChargePermissionId,
        amount: Price,
    ) -> Result<model::Charge, JournalError> {
        self.journaled(permission, |ledger, key, now| {
            ledger
                .request_charge(amount, key, now)
                .map(IntentCall::CreateCharge)
        })
        .and_then(Answer::into_charge)
    }

    /// Capture Charge of `amount` on `charge`, journaled: refused before
    /// anything is written if the ledger says no (more than authorized, not
    /// Authorized, captured already), and at most one capture intent per
    /// charge is ever written.
    pub fn capture(
        &self,
        permission: &ChargePermissionId,
        charge_id: &ChargeId,
        amount: Price,
    ) -> Result<model::Charge, JournalError> {
        self.journaled(permission, |ledger, key, now| {
            ledger
                .request_capture(charge_id, amount, key, now)
                .map(IntentCall::CaptureCharge)
        })
        .and_then(Answer::into_charge)
    }

    /// Create Refund of `amount` on `charge`, journaled: refused before
    /// anything is written beyond what may still be refunded.
    pub fn refund(
        &self,
        permission: &ChargePermissionId,
        charge_id: &ChargeId,
        amount: Price,
    ) -> Result<model::Refund, JournalError> {
        self.journaled(permission, |ledger, key, now| {
            ledger
                .request_refund(charge_id, amount, key, now)
                .map(IntentCall::CreateRefund)
        })
        .and_then(Answer::into_refund)
    }

    /// Cancel Charge, journaled.
    pub fn cancel(
        &self,
        permission: &ChargePermissionId,
        charge_id: &ChargeId,
        reason: &str,
    ) -> Result<model::Charge, JournalError> {
        self.journaled(permission, |ledger, _, now| {
            ledger
                .request_cancel(charge_id, reason, now)
                .map(IntentCall::CancelCharge)
        })
        .and_then(Answer::into_charge)
    }

    /// Close Charge Permission, journaled.
    pub fn close(
        &self,
        permission: &ChargePermissionId,
        reason: &str,
        cancel_pending_charges: bool,
    ) -> Result<model::ChargePermission, JournalError> {
        self.journaled(permission, |ledger, _, now| {
            ledger
                .request_close(reason, cancel_pending_charges, now)
                .map(IntentCall::CloseChargePermission)
        })
        .and_then(Answer::into_permission)
    }

    /// Finishes every unfinished intent: each call with a key is sent again
    /// with the same key and body (re-signed; Amazon replays its first
    /// answer, or acts now if it never received it); a cancel or close is
    /// first asked about (Get Charge, Get Charge Permission), and sent only
    /// if its effect is not there. The answers are recorded with the
    /// ledgers. Run it on start, before new calls.
    pub fn recover(&self) -> Result<Recovery, crate::StoreError> {
        self.recover_older_than(Duration::ZERO)
    }

    /// As [`recover`](Self::recover), for intents at least `age` old only:
    /// with several servers on one store, the intents of a server still
    /// alive are left to it.
    pub fn recover_older_than(&self, age: Duration) -> Result<Recovery, crate::StoreError> {
        let mut report = Recovery::default();
        let now =
            amazon_pay_client::now().map_err(|e| crate::StoreError::Backend(e.to_string()))?;
        let min_age = i64::try_from(age.as_secs()).unwrap_or(i64::MAX);
        for intent in unfinished(&self.store, self.client.config(), now, min_age, &mut report)? {
            match self.finish_intent(&intent) {
                Ok(()) => report.finished.push(intent.id),
                Err(error) => report.failed.push((intent.id, error)),
            }
        }
        Ok(report)
    }

    /// Brings the stored ledger of `permission` to Amazon's truth: Get
    /// Charge Permission, Get Charge for each charge, Get Refund for each
    /// refund, taken in and saved (reloading if another process saved in
    /// between).
    pub fn refresh(&self, permission: &ChargePermissionId) -> Result<Ledger, JournalError> {
        for _ in 0..RECORD_ATTEMPTS {
            let (ledger, version) = load_known(&self.store, permission)?;
            let answers = truths(&ledger)
                .into_iter()
                .map(|truth| self.get(truth))
                .collect::<Result<Vec<_>, _>>()?;
            if let Some(ledger) = settle(&self.store, ledger, version, &answers)? {
                return Ok(ledger);
            }
        }
        Err(busy(permission))
    }

    fn get(&self, truth: Truth) -> Result<Answer, amazon_pay_client::Error> {
        match truth {
            Truth::Permission(id) => self
                .client
                .call(GetChargePermission::new(id))
                .map(Answer::Permission),
            Truth::Charge(id) => self.client.call(GetCharge::new(id)).map(Answer::Charge),
            Truth::Refund(id) => self.client.call(GetRefund::new(id)).map(Answer::Refund),
        }
    }

    fn finish_intent(&self, intent: &Intent) -> Result<(), JournalError> {
        if let Some(asked) = self.ask(intent) {
            let answer = asked.map_err(|error| unknown(intent, error))?;
            if observed(&self.store, intent, &answer, now()?)? {
                return Ok(());
            }
        }
        self.run(intent).map(drop)
    }

    /// For a call without a key (cancel, close), Amazon's object as it is
    /// now: whether the call's effect is there already.
    fn ask(&self, intent: &Intent) -> Option<Result<Answer, amazon_pay_client::Error>> {
        match &intent.call {
            IntentCall::CancelCharge(op) => Some(
                self.client
                    .call(GetCharge::new(op.charge_id().clone()))
                    .map(Answer::Charge),
            ),
            IntentCall::CloseChargePermission(_) => Some(
                self.client
                    .call(GetChargePermission::new(intent.permission.clone()))
                    .map(Answer::Permission),
            ),
            _ => None,
        }
    }

    fn journaled(
        &self,
        permission: &ChargePermissionId,
        make: impl FnOnce(&Ledger, IdempotencyKey, Timestamp) -> Result<IntentCall, LifecycleError>,
    ) -> Result<Answer, JournalError> {
        let key = amazon_pay_client::idempotency_key()?;
        let intent = prepare(
            &self.store,
            self.client.config(),
            permission,
            key,
            now()?,
            make,
        )?;
        self.run(&intent)
    }

    /// Sends the intent's call and records what came back.
    fn run(&self, intent: &Intent) -> Result<Answer, JournalError> {
        let result = match &intent.call {
            IntentCall::CreateCharge(op) => self.client.call(op.clone()).map(Answer::Charge),
            IntentCall::CaptureCharge(op) => self.client.call(op.clone()).map(Answer::Charge),
            IntentCall::CreateRefund(op) => self.client.call(op.clone()).map(Answer::Refund),
            IntentCall::CancelCharge(op) => self.client.call(op.clone()).map(Answer::Charge),
            IntentCall::CloseChargePermission(op) => {
                self.client.call(op.clone()).map(Answer::Permission)
            }
        };
        if result.as_ref().is_err_and(refused) {
            // A cancel or close refused: another process's recovery may
            // have made the same call first. Ask before recording a refusal.
            if let Some(Ok(answer)) = self.ask(intent)
                && observed(&self.store, intent, &answer, now()?)?
            {
                return Ok(answer);
            }
        }
        conclude(&self.store, intent, result, now()?)
    }
}

fn now() -> Result<Timestamp, JournalError> {
    Ok(amazon_pay_client::now()?)
}
