//! An intent: a call that creates or moves money, written down with its
//! idempotency key before it is sent, and its answer once Amazon gave one.

use amazon_pay_core::model::ChargePermissionId;
use amazon_pay_core::operation::{
    ApiOperation, CancelCharge, CaptureCharge, CloseChargePermission, CreateCharge, CreateRefund,
};
use amazon_pay_core::{Config, Timestamp, ValidationError};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::error::StoreError;

/// The call an intent sends: one of the five that create, move or release
/// money. Each is the core's typed operation, handed out by the
/// permission's [`Ledger`](amazon_pay_core::lifecycle::Ledger).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum IntentCall {
    /// Create Charge (idempotency key).
    CreateCharge(CreateCharge),
    /// Capture Charge (idempotency key).
    CaptureCharge(CaptureCharge),
    /// Create Refund (idempotency key).
    CreateRefund(CreateRefund),
    /// Cancel Charge (no key: recovery asks Get Charge first).
    CancelCharge(CancelCharge),
    /// Close Charge Permission (no key: recovery asks Get Charge Permission
    /// first).
    CloseChargePermission(CloseChargePermission),
}

impl IntentCall {
    /// Amazon's name of the call (`CaptureCharge`, …): the stored
    /// `operation` column.
    pub fn operation(&self) -> &'static str {
        match self {
            IntentCall::CreateCharge(_) => "CreateCharge",
            IntentCall::CaptureCharge(_) => "CaptureCharge",
            IntentCall::CreateRefund(_) => "CreateRefund",
            IntentCall::CancelCharge(_) => "CancelCharge",
            IntentCall::CloseChargePermission(_) => "CloseChargePermission",
        }
    }

    /// The call's parameters as JSON — path ids, `body`, `idempotencyKey`,
    /// the shape the core's operations are read from: the stored `params`
    /// column.
    pub fn params(&self) -> Value {
        let value = match self {
            IntentCall::CreateCharge(op) => serde_json::to_value(op),
            IntentCall::CaptureCharge(op) => serde_json::to_value(op),
            IntentCall::CreateRefund(op) => serde_json::to_value(op),
            IntentCall::CancelCharge(op) => serde_json::to_value(op),
            IntentCall::CloseChargePermission(op) => serde_json::to_value(op),
        };
        // Plain data with string keys: serializing cannot fail.
        value.unwrap_or_default()
    }

    /// The call stored as `operation` and `params`. An unknown operation or
    /// parameters the operation does not read are an error (the row is
    /// corrupt, or written by another program), never guessed at.
    pub fn from_parts(operation: &str, params: Value) -> Result<IntentCall, String> {
        fn read<T: serde::de::DeserializeOwned>(params: Value) -> Result<T, String> {
            serde_json::from_value(params).map_err(|e| e.to_string())
        }
        Ok(match operation {
            "CreateCharge" => IntentCall::CreateCharge(read(params)?),
            "CaptureCharge" => IntentCall::CaptureCharge(read(params)?),
            "CreateRefund" => IntentCall::CreateRefund(read(params)?),
            "CancelCharge" => IntentCall::CancelCharge(read(params)?),
            "CloseChargePermission" => IntentCall::CloseChargePermission(read(params)?),
            other => return Err(format!("unknown operation {other:?}")),
        })
    }

    /// The idempotency key the call carries (all but cancel and close).
    pub fn idempotency_key(&self) -> Option<&str> {
        let key = match self {
            IntentCall::CreateCharge(op) => op.idempotency_key(),
            IntentCall::CaptureCharge(op) => op.idempotency_key(),
            IntentCall::CreateRefund(op) => op.idempotency_key(),
            IntentCall::CancelCharge(_) | IntentCall::CloseChargePermission(_) => None,
        };
        key.map(|key| key.as_str())
    }

    /// SHA-256 (hex) of the request the call makes under `config`: method,
    /// path and body. Recovery re-sends only a call whose fingerprint is
    /// unchanged: the same body Amazon may already have acted on.
    pub fn fingerprint(&self, config: &Config) -> Result<String, ValidationError> {
        let request = match self {
            IntentCall::CreateCharge(op) => op.into_request(config)?,
            IntentCall::CaptureCharge(op) => op.into_request(config)?,
            IntentCall::CreateRefund(op) => op.into_request(config)?,
            IntentCall::CancelCharge(op) => op.into_request(config)?,
            IntentCall::CloseChargePermission(op) => op.into_request(config)?,
        };
        let mut hash = Sha256::new();
        hash.update(request.method().as_str().as_bytes());
        hash.update(b"\n");
        hash.update(request.path().as_bytes());
        hash.update(b"\n");
        hash.update(request.body());
        Ok(hash
            .finalize()
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect())
    }
}

/// A call written down before it is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intent {
    /// The intent's id: the call's idempotency key where it has one, else a
    /// fresh key of the same form. Unique in the store.
    pub id: String,
    /// The permission whose ledger handed the call out.
    pub permission: ChargePermissionId,
    /// The call.
    pub call: IntentCall,
    /// [`IntentCall::fingerprint`] when it was written.
    pub fingerprint: String,
    /// When it was written (the system clock).
    pub created_at: Timestamp,
}

impl Intent {
    /// The intent of `call` on `permission`, fingerprinted under `config`.
    /// `id` is used where the call carries no idempotency key.
    pub fn new(
        permission: ChargePermissionId,
        call: IntentCall,
        id: String,
        config: &Config,
        now: Timestamp,
    ) -> Result<Intent, ValidationError> {
        let fingerprint = call.fingerprint(config)?;
        let id = call.idempotency_key().map_or(id, str::to_owned);
        Ok(Intent {
            id,
            permission,
            call,
            fingerprint,
            created_at: now,
        })
    }

    /// Reads a stored row: operation, params and fingerprint must agree,
    /// else [`StoreError::Corrupt`] naming the intent.
    pub fn from_row(row: IntentRow, config: &Config) -> Result<Intent, StoreError> {
        let corrupt = |reason: String| StoreError::Corrupt {
            what: "intent",
            key: row.id.clone(),
            reason,
        };
        let params: Value = serde_json::from_str(&row.params)
            .map_err(|e| corrupt(format!("params are not JSON: {e}")))?;
        let call = IntentCall::from_parts(&row.operation, params).map_err(corrupt)?;
        let created_at =
            Timestamp::parse(&row.created_at).map_err(|e| corrupt(format!("created_at: {e}")))?;
        let fingerprint = call
            .fingerprint(config)
            .map_err(|e| corrupt(format!("the call no longer validates: {e}")))?;
        if fingerprint != row.fingerprint {
            return Err(corrupt(format!(
                "its request does not match the stored fingerprint (stored {}, computed {fingerprint})",
                row.fingerprint
            )));
        }
        if call.idempotency_key().is_some_and(|key| key != row.id) {
            return Err(corrupt("its idempotency key is not its id".into()));
        }
        Ok(Intent {
            id: row.id.clone(),
            permission: ChargePermissionId::from(row.permission.as_str()),
            call,
            fingerprint,
            created_at,
        })
    }

    /// The row to store.
    pub fn to_row(&self) -> IntentRow {
        IntentRow {
            id: self.id.clone(),
            permission: self.permission.as_str().to_owned(),
            operation: self.call.operation().to_owned(),
            params: self.call.params().to_string(),
            fingerprint: self.fingerprint.clone(),
            created_at: self.created_at.to_string(),
        }
    }
}

/// An intent as its columns, the form every backend stores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntentRow {
    /// `id`.
    pub id: String,
    /// `permission_id`.
    pub permission: String,
    /// `operation`.
    pub operation: String,
    /// `params` (JSON).
    pub params: String,
    /// `fingerprint`.
    pub fingerprint: String,
    /// `created_at` (`20261204T120000Z`).
    pub created_at: String,
}

/// How an intent ended. Stored as JSON in the `outcome` column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", content = "answer", rename_all = "camelCase")]
#[non_exhaustive]
pub enum Outcome {
    /// Amazon acted: its object (Charge, Refund or Charge Permission) as
    /// decoded.
    Accepted(Value),
    /// Amazon refused with an error no retry changes: the error as data
    /// (`code`, `status`, `message`, …). Nothing moved.
    Refused(Value),
    /// Recovery asked Amazon (a Get) and found the call's effect already
    /// there: the object as it is now.
    Observed(Value),
}

/// An intent as stored, with its end once it has one (JSON of
/// [`Outcome`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredIntent {
    /// The intent's columns.
    pub row: IntentRow,
    /// `answered_at`, once answered.
    pub answered_at: Option<String>,
    /// `outcome` (JSON), once answered.
    pub outcome: Option<String>,
}

/// An intent with its end, if it has one.
#[derive(Debug, Clone, PartialEq)]
pub struct IntentRecord {
    /// The intent.
    pub intent: Intent,
    /// When it was answered and how; `None` while it is unfinished.
    pub answered: Option<(Timestamp, Outcome)>,
}

/// An outcome as stored.
pub(crate) fn outcome_text(outcome: &Outcome) -> String {
    // Plain data with string keys: serializing cannot fail.
    serde_json::to_string(outcome).unwrap_or_default()
}

impl IntentRecord {
    /// Reads a stored intent and its end; a row that does not read back is
    /// [`StoreError::Corrupt`].
    pub fn from_stored(stored: StoredIntent, config: &Config) -> Result<IntentRecord, StoreError> {
        let id = stored.row.id.clone();
        let intent = Intent::from_row(stored.row, config)?;
        let answered = match (stored.answered_at, stored.outcome) {
            (None, None) => None,
            (Some(at), Some(outcome)) => {
                let corrupt = |reason: String| StoreError::Corrupt {
                    what: "intent",
                    key: id.clone(),
                    reason,
                };
                let at = Timestamp::parse(&at).map_err(|e| corrupt(format!("answered_at: {e}")))?;
                let outcome =
                    serde_json::from_str(&outcome).map_err(|e| corrupt(format!("outcome: {e}")))?;
                Some((at, outcome))
            }
            _ => {
                return Err(StoreError::Corrupt {
                    what: "intent",
                    key: id,
                    reason: "answered_at and outcome must be set together".into(),
                });
            }
        };
        Ok(IntentRecord { intent, answered })
    }
}
