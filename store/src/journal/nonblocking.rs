//! [`AsyncJournal`]: journaled calls over the [`AsyncClient`]; the store's
//! blocking steps run on tokio's blocking pool.

use std::sync::Arc;
use std::time::Duration;

use amazon_pay_client::{AsyncClient, AsyncTransport};
use amazon_pay_core::lifecycle::{Ledger, LifecycleError};
use amazon_pay_core::model::{self, ChargeId, ChargePermissionId};
use amazon_pay_core::operation::{GetCharge, GetChargePermission, GetRefund};
use amazon_pay_core::{IdempotencyKey, Price, Timestamp};

use super::{
    Answer, JournalError, RECORD_ATTEMPTS, Recovery, Truth, busy, conclude, load_known, new_ledger,
    observed, prepare, refused, settle, truths, unfinished, unknown,
};
use crate::error::StoreError;
use crate::intent::{Intent, IntentCall};
use crate::store::Store;

/// The async twin of [`Journal`](crate::Journal): the same three steps and
/// the same recovery, with every store call on
/// [`tokio::task::spawn_blocking`] so a database round trip (or an fsync)
/// never blocks the runtime. Needs a tokio runtime (feature `tokio`).
#[derive(Debug)]
pub struct AsyncJournal<S, T> {
    store: Arc<S>,
    client: AsyncClient<T>,
}

/// Runs a store step on the blocking pool.
async fn blocking<S, R>(
    store: &Arc<S>,
    step: impl FnOnce(&S) -> Result<R, JournalError> + Send + 'static,
) -> Result<R, JournalError>
where
    S: Store + Send + Sync + 'static,
    R: Send + 'static,
{
    let store = Arc::clone(store);
    tokio::task::spawn_blocking(move || step(&store))
        .await
        .unwrap_or_else(|e| {
            Err(JournalError::Store(StoreError::Backend(format!(
                "the store's task failed: {e}"
            ))))
        })
}

impl<S, T> AsyncJournal<S, T>
where
    S: Store + Send + Sync + 'static,
    T: AsyncTransport + Sync,
{
    /// A journal writing to `store`, sending with `client`.
    pub fn new(store: Arc<S>, client: AsyncClient<T>) -> AsyncJournal<S, T> {
        AsyncJournal { store, client }
    }

    /// The store.
    pub fn store(&self) -> &Arc<S> {
        &self.store
    }

    /// As [`Journal::adopt`](crate::Journal::adopt).
    pub async fn adopt(
        &self,
        permission: &model::ChargePermission,
        charges: &[model::Charge],
    ) -> Result<Ledger, JournalError> {
        let ledger = new_ledger(self.client.config(), permission, charges)?;
        let stored = ledger.clone();
        blocking(&self.store, move |store| Ok(store.create(&stored)?)).await?;
        Ok(ledger)
    }

    /// As [`Journal::capture`](crate::Journal::capture).
    pub async fn capture(
        &self,
        permission: &ChargePermissionId,
        charge_id: &ChargeId,
        amount: Price,
    ) -> Result<model::Charge, JournalError> {
        let charge_id = charge_id.clone();
        self.journaled(permission, move |ledger, key, now| {
            ledger
                .request_capture(&charge_id, amount, key, now)
                .map(IntentCall::CaptureCharge)
        })
        .await
        .and_then(Answer::into_charge)
    }

    /// As [`Journal::create_charge`](crate::Journal::create_charge).
    pub async fn create_charge(
        &self,
        permission: &ChargePermissionId,
        amount: Price,
    ) -> Result<model::Charge, JournalError> {
        self.journaled(permission, move |ledger, key, now| {
            ledger
                .request_charge(amount, key, now)
                .map(IntentCall::CreateCharge)
        })
        .await
        .and_then(Answer::into_charge)
    }

    /// As [`Journal::cancel`](crate::Journal::cancel).
    pub async fn cancel(
        &self,
        permission: &ChargePermissionId,
        charge_id: &ChargeId,
        reason: &str,
    ) -> Result<model::Charge, JournalError> {
        let (charge_id, reason) = (charge_id.clone(), reason.to_owned());
        self.journaled(permission, move |ledger, _, now| {
            ledger
                .request_cancel(&charge_id, reason, now)
                .map(IntentCall::CancelCharge)
        })
        .await
        .and_then(Answer::into_charge)
    }

    /// As [`Journal::close`](crate::Journal::close).
    pub async fn close(
        &self,
        permission: &ChargePermissionId,
        reason: &str,
        cancel_pending_charges: bool,
    ) -> Result<model::ChargePermission, JournalError> {
        let reason = reason.to_owned();
        self.journaled(permission, move |ledger, _, now| {
            ledger
                .request_close(reason, cancel_pending_charges, now)
                .map(IntentCall::CloseChargePermission)
        })
        .await
        .and_then(Answer::into_permission)
    }

    /// As [`Journal::refund`](crate::Journal::refund).
    pub async fn refund(
        &self,
        permission: &ChargePermissionId,
        charge_id: &ChargeId,
        amount: Price,
    ) -> Result<model::Refund, JournalError> {
        let charge_id = charge_id.clone();
        self.journaled(permission, move |ledger, key, now| {
            ledger
                .request_refund(&charge_id, amount, key, now)
                .map(IntentCall::CreateRefund)
        })
        .await
        .and_then(Answer::into_refund)
    }

    /// As [`Journal::recover`](crate::Journal::recover).
    pub async fn recover(&self) -> Result<Recovery, StoreError> {
        self.recover_older_than(Duration::ZERO).await
    }

    /// As [`Journal::recover_older_than`](crate::Journal::recover_older_than).
    pub async fn recover_older_than(&self, age: Duration) -> Result<Recovery, StoreError> {
        let now = amazon_pay_client::now().map_err(|e| StoreError::Backend(e.to_string()))?;
        let config = self.client.config().clone();
        let min_age = i64::try_from(age.as_secs()).unwrap_or(i64::MAX);
        let (intents, mut report) = blocking(&self.store, move |store| {
            let mut report = Recovery::default();
            let intents = unfinished(store, &config, now, min_age, &mut report)?;
            Ok((intents, report))
        })
        .await
        .map_err(|error| match error {
            JournalError::Store(error) => error,
            other => StoreError::Backend(other.to_string()),
        })?;
        for intent in intents {
            let id = intent.id.clone();
            match self.finish_intent(intent).await {
                Ok(()) => report.finished.push(id),
                Err(error) => report.failed.push((id, error)),
            }
        }
        Ok(report)
    }

    /// As [`Journal::refresh`](crate::Journal::refresh).
    pub async fn refresh(&self, permission: &ChargePermissionId) -> Result<Ledger, JournalError> {
        for _ in 0..RECORD_ATTEMPTS {
            let id = permission.clone();
            let (ledger, version) =
                blocking(&self.store, move |store| load_known(store, &id)).await?;
            let mut answers = Vec::new();
            for truth in truths(&ledger) {
                answers.push(self.get(truth).await?);
            }
            let settled = blocking(&self.store, move |store| {
                settle(store, ledger, version, &answers)
            })
            .await?;
            if let Some(ledger) = settled {
                return Ok(ledger);
            }
        }
        Err(busy(permission))
    }

    async fn get(&self, truth: Truth) -> Result<Answer, amazon_pay_client::Error> {
        match truth {
            Truth::Permission(id) => self
                .client
                .call(GetChargePermission::new(id))
                .await
                .map(Answer::Permission),
            Truth::Charge(id) => self
                .client
                .call(GetCharge::new(id))
                .await
                .map(Answer::Charge),
            Truth::Refund(id) => self
                .client
                .call(GetRefund::new(id))
                .await
                .map(Answer::Refund),
        }
    }

    async fn finish_intent(&self, intent: Intent) -> Result<(), JournalError> {
        let intent = Arc::new(intent);
        if let Some(asked) = self.ask(&intent).await {
            let answer = asked.map_err(|error| unknown(&intent, error))?;
            if self.observed(&intent, answer).await?.is_some() {
                return Ok(());
            }
        }
        self.run(intent).await.map(drop)
    }

    /// As the blocking journal's: Amazon's object for a cancel or close.
    async fn ask(&self, intent: &Intent) -> Option<Result<Answer, amazon_pay_client::Error>> {
        match &intent.call {
            IntentCall::CancelCharge(op) => Some(
                self.client
                    .call(GetCharge::new(op.charge_id().clone()))
                    .await
                    .map(Answer::Charge),
            ),
            IntentCall::CloseChargePermission(_) => Some(
                self.client
                    .call(GetChargePermission::new(intent.permission.clone()))
                    .await
                    .map(Answer::Permission),
            ),
            _ => None,
        }
    }

    /// Records `answer` as the intent's effect if it shows it done.
    async fn observed(
        &self,
        intent: &Arc<Intent>,
        answer: Answer,
    ) -> Result<Option<Answer>, JournalError> {
        let now = amazon_pay_client::now()?;
        let shared = Arc::clone(intent);
        let done = answer.clone();
        let seen = blocking(&self.store, move |store| {
            observed(store, &shared, &answer, now)
        })
        .await?;
        Ok(seen.then_some(done))
    }

    async fn journaled(
        &self,
        permission: &ChargePermissionId,
        make: impl FnOnce(&Ledger, IdempotencyKey, Timestamp) -> Result<IntentCall, LifecycleError>
        + Send
        + 'static,
    ) -> Result<Answer, JournalError> {
        let key = amazon_pay_client::idempotency_key()?;
        let now = amazon_pay_client::now()?;
        let config = self.client.config().clone();
        let permission = permission.clone();
        let intent = blocking(&self.store, move |store| {
            prepare(store, &config, &permission, key, now, make)
        })
        .await?;
        self.run(Arc::new(intent)).await
    }

    async fn run(&self, intent: Arc<Intent>) -> Result<Answer, JournalError> {
        let result = match &intent.call {
            IntentCall::CreateCharge(op) => self.client.call(op.clone()).await.map(Answer::Charge),
            IntentCall::CaptureCharge(op) => self.client.call(op.clone()).await.map(Answer::Charge),
            IntentCall::CreateRefund(op) => self.client.call(op.clone()).await.map(Answer::Refund),
            IntentCall::CancelCharge(op) => self.client.call(op.clone()).await.map(Answer::Charge),
            IntentCall::CloseChargePermission(op) => {
                self.client.call(op.clone()).await.map(Answer::Permission)
            }
        };
        if result.as_ref().is_err_and(refused)
            && let Some(Ok(answer)) = self.ask(&intent).await
            && let Some(answer) = self.observed(&intent, answer).await?
        {
            return Ok(answer);
        }
        let now = amazon_pay_client::now()?;
        blocking(&self.store, move |store| {
            conclude(store, &intent, result, now)
        })
        .await
    }
}
