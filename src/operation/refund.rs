//! Refunds: Create and Get Refund (spec §5.1, §5.2).

use serde::{Deserialize, Serialize};

use crate::api::{CallSpec, Operation};
use crate::config::{Config, Environment};
use crate::lifecycle::SoftDescriptor;
use crate::model::{ChargeId, Refund, RefundId};
use crate::money::Price;
use crate::operation::charge::positive_amount;
use crate::operation::validate;
use crate::operation::{ApiOperation, RequestBody, body_and_key, get_operation};
use crate::request::IdempotencyKey;
use crate::validation::ValidationError;

/// The body of Create Refund.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateRefundBody {
    charge_id: ChargeId,
    refund_amount: Price,
    #[serde(skip_serializing_if = "Option::is_none")]
    soft_descriptor: Option<SoftDescriptor>,
}

/// Create Refund: `POST /refunds`, 201 (the refund is then
/// RefundInitiated). Moves money: takes an idempotency key.
///
/// ```json
/// {"chargeId":"S01-5105180-3221187-C056351","refundAmount":{"amount":"5.00","currencyCode":"USD"},"softDescriptor":"Descriptor"}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateRefund {
    body: CreateRefundBody,
    #[serde(rename = "idempotencyKey")]
    key: IdempotencyKey,
}

impl CreateRefund {
    /// A refund of `amount` on the captured charge `charge_id`.
    pub fn new(charge_id: ChargeId, amount: Price, key: IdempotencyKey) -> CreateRefund {
        CreateRefund {
            body: CreateRefundBody {
                charge_id,
                refund_amount: amount,
                soft_descriptor: None,
            },
            key,
        }
    }

    /// The statement text (`softDescriptor`).
    pub fn with_soft_descriptor(mut self, text: &str) -> Result<CreateRefund, ValidationError> {
        self.body.soft_descriptor = Some(SoftDescriptor::parse(text)?);
        Ok(self)
    }

    /// The body as it is sent.
    pub fn request_body(&self) -> &CreateRefundBody {
        &self.body
    }
}

impl ApiOperation for CreateRefund {
    type Output = Refund;
    const SPEC: CallSpec = Operation::CreateRefund.spec();

    fn path(&self) -> String {
        Self::SPEC.path.to_owned()
    }

    fn validate(&self, config: &Config) -> Result<(), ValidationError> {
        self.body.validate(config.environment())
    }

    body_and_key!(required);
}

get_operation! {
    /// Get Refund: `GET /refunds/{refundId}`, 200. Refunds are asynchronous:
    /// poll it (Amazon suggests hourly) or wait for an IPN.
    GetRefund(RefundId, "refundId") => GetRefund, Refund
}

impl RequestBody for CreateRefundBody {
    fn validate(&self, _: Environment) -> Result<(), ValidationError> {
        validate::path_id("chargeId", self.charge_id.as_str())?;
        positive_amount("refundAmount", &self.refund_amount)
    }
}
