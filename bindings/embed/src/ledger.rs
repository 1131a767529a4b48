//! A charge permission's ledger behind a handle: the rule book that hands
//! out captures, refunds and charges, fed with Amazon's answers.

use amazon_pay_core::lifecycle::{ChargePermissionLifecycle, Ledger};
use amazon_pay_core::model::{self, ChargeId, RefundId};
use amazon_pay_core::{ApiVersion, IdempotencyKey, Price, Region, Timestamp};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::call::{Call, Client};
use crate::failure::Failure;
use crate::registry::dynamic;

/// The core's [`Ledger`] of one charge permission. Each `request_*` checks
/// every rule at `now` and gives the [`Call`] to send, or the refusal (kind
/// `rule` or `lifecycle`) — nothing to send. [`answered`](Self::answered)
/// takes Amazon's decoded answer in; [`to_json`](Self::to_json) and
/// [`from_json`](Self::from_json) keep it between requests.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerHandle {
    ledger: Ledger,
}

impl LedgerHandle {
    /// The ledger of the permission Amazon answered (Get Charge Permission,
    /// decoded: its JSON), in `region` (`us`/`na`, `eu`/`de`/`uk`, `jp`),
    /// under API path version `v1` or `v2`.
    pub fn from_permission(
        permission: &Value,
        region: &str,
        api_version: &str,
    ) -> Result<LedgerHandle, Failure> {
        let permission: model::ChargePermission = read(permission, "a Charge Permission")?;
        let version = match api_version {
            "v1" => ApiVersion::V1,
            _ => ApiVersion::V2,
        };
        let id = permission.charge_permission_id.clone().ok_or_else(|| {
            Failure::new(
                "validation",
                "InvalidJson",
                "a Charge Permission without chargePermissionId",
            )
            .with_field("chargePermissionId")
        })?;
        let lifecycle = ChargePermissionLifecycle::from_model(&permission, version)?;
        Ok(LedgerHandle {
            ledger: Ledger::new(id, lifecycle, Region::parse(region)?),
        })
    }

    /// A ledger kept with [`to_json`](Self::to_json). A document of another
    /// format version, or not a ledger, is refused (`InvalidJson`), never
    /// misread.
    pub fn from_json(text: &str) -> Result<LedgerHandle, Failure> {
        let ledger = serde_json::from_str(text)
            .map_err(|e| Failure::invalid_json("InvalidJson", "a Ledger", &e))?;
        Ok(LedgerHandle { ledger })
    }

    /// The ledger as JSON (it carries `"formatVersion"`).
    pub fn to_json(&self) -> String {
        // A ledger is plain data with string keys: it always serializes.
        serde_json::to_string(&self.ledger).unwrap_or_default()
    }

    /// The permission's id.
    pub fn id(&self) -> &str {
        self.ledger.id().as_str()
    }

    /// What may be done at `now`, until when, and how much: the core's
    /// `LedgerStatus` as JSON (`permission`, `chargesLeft`, `charges`).
    pub fn status(&self, now: Timestamp) -> Value {
        serde_json::to_value(self.ledger.status(now)).unwrap_or_default()
    }

    /// Create Charge of `amount` in `currency`, if the permission takes it.
    pub fn request_charge(
        &self,
        client: &Client,
        amount: &str,
        currency: &str,
        key: &str,
        now: Timestamp,
    ) -> Result<Call, Failure> {
        let (amount, key) = money(amount, currency, key)?;
        let operation = self.ledger.request_charge(amount, key, now)?;
        client.call_typed(dynamic(operation))
    }

    /// Capture Charge of `amount` on `charge`, if the rules allow it.
    pub fn request_capture(
        &self,
        client: &Client,
        charge: &str,
        amount: &str,
        currency: &str,
        key: &str,
        now: Timestamp,
    ) -> Result<Call, Failure> {
        let (amount, key) = money(amount, currency, key)?;
        let operation = self
            .ledger
            .request_capture(&ChargeId::from(charge), amount, key, now)?;
        client.call_typed(dynamic(operation))
    }

    /// Create Refund of `amount` on `charge`, if it stays within what may
    /// be refunded (refunds in flight counted).
    pub fn request_refund(
        &self,
        client: &Client,
        charge: &str,
        amount: &str,
        currency: &str,
        key: &str,
        now: Timestamp,
    ) -> Result<Call, Failure> {
        let (amount, key) = money(amount, currency, key)?;
        let operation = self
            .ledger
            .request_refund(&ChargeId::from(charge), amount, key, now)?;
        client.call_typed(dynamic(operation))
    }

    /// Cancel Charge, if `charge` may still be canceled.
    pub fn request_cancel(
        &self,
        client: &Client,
        charge: &str,
        reason: &str,
        now: Timestamp,
    ) -> Result<Call, Failure> {
        let operation = self
            .ledger
            .request_cancel(&ChargeId::from(charge), reason, now)?;
        client.call_typed(dynamic(operation))
    }

    /// Close Charge Permission, if it may be closed.
    pub fn request_close(
        &self,
        client: &Client,
        reason: &str,
        cancel_pending_charges: bool,
        now: Timestamp,
    ) -> Result<Call, Failure> {
        let operation = self
            .ledger
            .request_close(reason, cancel_pending_charges, now)?;
        client.call_typed(dynamic(operation))
    }

    /// Takes in Amazon's decoded answer to `operation` (a facade name): a
    /// Charge (Create, Get, Capture, Cancel, Update Charge), a Refund
    /// (Create, Get Refund) or a Charge Permission (Get, Update, Close).
    /// An answer the ledger cannot take in is refused and changes nothing.
    pub fn answered(&mut self, operation: &str, answer: &Value) -> Result<(), Failure> {
        match operation {
            "CreateCharge" | "GetCharge" | "CaptureCharge" | "CancelCharge" | "UpdateCharge" => {
                let charge: model::Charge = read(answer, "a Charge")?;
                self.ledger.observe_charge(&charge)?;
            }
            "CreateRefund" | "GetRefund" => {
                let refund: model::Refund = read(answer, "a Refund")?;
                self.ledger.observe_refund(&refund)?;
            }
            "GetChargePermission" | "UpdateChargePermission" | "CloseChargePermission" => {
                let permission: model::ChargePermission = read(answer, "a Charge Permission")?;
                self.ledger.observe_permission(&permission)?;
            }
            other => {
                return Err(Failure::new(
                    "validation",
                    "NotALedgerAnswer",
                    format!(
                        "{other:?} answers nothing a ledger records; give the answers of the \
                         Charge, Refund and Charge Permission calls"
                    ),
                )
                .with_field("operation"));
            }
        }
        Ok(())
    }

    /// The refunds the ledger knows on `charge`.
    pub fn refund_ids(&self, charge: &str) -> Vec<String> {
        self.ledger
            .refund_ids(&ChargeId::from(charge))
            .iter()
            .map(RefundId::to_string)
            .collect()
    }

    /// The core's ledger.
    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }
}

/// The amount and idempotency key of a call that moves money, checked.
fn money(amount: &str, currency: &str, key: &str) -> Result<(Price, IdempotencyKey), Failure> {
    Ok((Price::parse(amount, currency)?, IdempotencyKey::parse(key)?))
}

/// Reads `value` as `T`, naming `what` when it is not.
fn read<T: DeserializeOwned>(value: &Value, what: &str) -> Result<T, Failure> {
    T::deserialize(value).map_err(|e| Failure::invalid_json("InvalidJson", what, &e))
}
