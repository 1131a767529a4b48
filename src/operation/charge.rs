//! Charges: Create, Get, Update (payment service providers), Capture and
//! Cancel Charge (spec §5.1, §5.2).

use serde::{Deserialize, Serialize};

use crate::api::{CallSpec, Operation};
use crate::config::{Config, Environment};
use crate::lifecycle::SoftDescriptor;
use crate::model::{
    Channel, Charge, ChargeId, ChargeInitiator, ChargePermissionId, ChargeReasonCode, ChargeState,
    MerchantMetadata, ProviderMetadata,
};
use crate::money::Price;
use crate::operation::validate::{self, REASON_MAX};
use crate::operation::{ApiOperation, RequestBody, body_and_key, get_operation};
use crate::request::IdempotencyKey;
use crate::validation::{Rule, ValidationError};

/// Refuses a zero amount or one above Amazon's per-transaction maximum.
pub(crate) fn positive_amount(field: &'static str, amount: &Price) -> Result<(), ValidationError> {
    if amount.is_zero() {
        return Err(ValidationError::new(
            field,
            Rule::Required {
                because: "to be more than zero",
            },
        ));
    }
    amount
        .check_transaction_maximum()
        .map_err(|err| err.within(field))
}

/// `webCheckoutDetails` of a saved-wallet Create Charge: where the buyer
/// returns after a step-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StepUp {
    checkout_result_return_url: String,
}

/// The body of Create Charge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateChargeBody {
    charge_permission_id: ChargePermissionId,
    charge_amount: Price,
    #[serde(skip_serializing_if = "Option::is_none")]
    capture_now: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    soft_descriptor: Option<SoftDescriptor>,
    #[serde(skip_serializing_if = "Option::is_none")]
    can_handle_pending_authorization: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    merchant_metadata: Option<MerchantMetadata>,
    #[serde(skip_serializing_if = "Option::is_none")]
    provider_metadata: Option<ProviderMetadata>,
    #[serde(skip_serializing_if = "Option::is_none")]
    platform_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    charge_initiator: Option<ChargeInitiator>,
    #[serde(skip_serializing_if = "Option::is_none")]
    channel: Option<Channel>,
    #[serde(skip_serializing_if = "Option::is_none")]
    web_checkout_details: Option<StepUp>,
}

/// Create Charge: `POST /charges`, 201 (authorized, or pending). Moves
/// money: takes an idempotency key.
///
/// ```json
/// {"chargePermissionId":"S01-5105180-3221187","chargeAmount":{"amount":"14.00","currencyCode":"USD"},
///  "captureNow":true,"softDescriptor":"Descriptor","canHandlePendingAuthorization":false}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateCharge {
    body: CreateChargeBody,
    #[serde(rename = "idempotencyKey")]
    key: IdempotencyKey,
}

impl CreateCharge {
    /// A charge of `amount` on `charge_permission_id`.
    pub fn new(
        charge_permission_id: ChargePermissionId,
        amount: Price,
        key: IdempotencyKey,
    ) -> CreateCharge {
        CreateCharge {
            body: CreateChargeBody {
                charge_permission_id,
                charge_amount: amount,
                capture_now: None,
                soft_descriptor: None,
                can_handle_pending_authorization: None,
                merchant_metadata: None,
                provider_metadata: None,
                platform_id: None,
                charge_initiator: None,
                channel: None,
                web_checkout_details: None,
            },
            key,
        }
    }

    /// Capture at once (`captureNow`).
    pub fn with_capture_now(mut self, capture_now: bool) -> CreateCharge {
        self.body.capture_now = Some(capture_now);
        self
    }

    /// The statement text (`softDescriptor`; only with `captureNow: true`).
    pub fn with_soft_descriptor(mut self, text: &str) -> Result<CreateCharge, ValidationError> {
        self.body.soft_descriptor = Some(SoftDescriptor::parse(text)?);
        Ok(self)
    }

    /// Accept an authorization that finishes later
    /// (`canHandlePendingAuthorization`).
    pub fn with_pending_authorization(mut self, allowed: bool) -> CreateCharge {
        self.body.can_handle_pending_authorization = Some(allowed);
        self
    }

    /// Merchant order data.
    pub fn with_merchant_metadata(mut self, metadata: MerchantMetadata) -> CreateCharge {
        self.body.merchant_metadata = Some(metadata);
        self
    }

    /// The payment service provider's reference.
    pub fn with_provider_metadata(mut self, metadata: ProviderMetadata) -> CreateCharge {
        self.body.provider_metadata = Some(metadata);
        self
    }

    /// The solution provider id.
    pub fn with_platform_id(mut self, platform_id: impl Into<String>) -> CreateCharge {
        self.body.platform_id = Some(platform_id.into());
        self
    }

    /// Saved wallet: who initiates the charge and through which channel.
    pub fn with_initiator(mut self, initiator: ChargeInitiator, channel: Channel) -> CreateCharge {
        self.body.charge_initiator = Some(initiator);
        self.body.channel = Some(channel);
        self
    }

    /// Saved wallet: where the buyer returns after a step-up.
    pub fn with_checkout_result_return_url(mut self, url: impl Into<String>) -> CreateCharge {
        self.body.web_checkout_details = Some(StepUp {
            checkout_result_return_url: url.into(),
        });
        self
    }

    /// The body as it is sent.
    pub fn request_body(&self) -> &CreateChargeBody {
        &self.body
    }
}

impl ApiOperation for CreateCharge {
    type Output = Charge;
    const SPEC: CallSpec = Operation::CreateCharge.spec();

    fn path(&self) -> String {
        Self::SPEC.path.to_owned()
    }

    fn validate(&self, config: &Config) -> Result<(), ValidationError> {
        self.body.validate(config.environment())
    }

    body_and_key!(required);
}

get_operation! {
    /// Get Charge: `GET /charges/{chargeId}`, 200.
    GetCharge(ChargeId, "chargeId") => GetCharge, Charge
}

/// The body of Capture Charge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CaptureChargeBody {
    capture_amount: Price,
    #[serde(skip_serializing_if = "Option::is_none")]
    soft_descriptor: Option<SoftDescriptor>,
}

/// Capture Charge: `POST /charges/{chargeId}/capture`, 200. Moves money:
/// takes an idempotency key.
///
/// ```json
/// {"captureAmount":{"amount":"14.00","currencyCode":"USD"},"softDescriptor":"Descriptor"}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CaptureCharge {
    charge_id: ChargeId,
    body: CaptureChargeBody,
    #[serde(rename = "idempotencyKey")]
    key: IdempotencyKey,
}

impl CaptureCharge {
    /// A capture of `amount` on `charge_id`.
    pub fn new(charge_id: ChargeId, amount: Price, key: IdempotencyKey) -> CaptureCharge {
        CaptureCharge {
            charge_id,
            body: CaptureChargeBody {
                capture_amount: amount,
                soft_descriptor: None,
            },
            key,
        }
    }

    /// The statement text (`softDescriptor`).
    pub fn with_soft_descriptor(mut self, text: &str) -> Result<CaptureCharge, ValidationError> {
        self.body.soft_descriptor = Some(SoftDescriptor::parse(text)?);
        Ok(self)
    }

    /// The charge.
    pub fn charge_id(&self) -> &ChargeId {
        &self.charge_id
    }

    /// The body as it is sent.
    pub fn request_body(&self) -> &CaptureChargeBody {
        &self.body
    }
}

impl ApiOperation for CaptureCharge {
    type Output = Charge;
    const SPEC: CallSpec = Operation::CaptureCharge.spec();

    fn path(&self) -> String {
        Self::SPEC.path_with(&[self.charge_id.as_str()])
    }

    fn validate(&self, config: &Config) -> Result<(), ValidationError> {
        validate::path_id("chargeId", self.charge_id.as_str())?;
        self.body.validate(config.environment())
    }

    body_and_key!(required);
}

/// The body of Cancel Charge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CancelChargeBody {
    cancellation_reason: String,
}

/// Cancel Charge: `DELETE /charges/{chargeId}/cancel` with a JSON body, 200.
///
/// ```json
/// {"cancellationReason":"Order canceled by the buyer"}
/// ```
///
/// `cancellationReason`'s limit is unpublished; the crate takes 255 bytes,
/// as for `closureReason`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CancelCharge {
    charge_id: ChargeId,
    body: CancelChargeBody,
}

impl CancelCharge {
    /// Cancels `charge_id`, saying why.
    pub fn new(charge_id: ChargeId, reason: impl Into<String>) -> CancelCharge {
        CancelCharge {
            charge_id,
            body: CancelChargeBody {
                cancellation_reason: reason.into(),
            },
        }
    }

    /// The charge.
    pub fn charge_id(&self) -> &ChargeId {
        &self.charge_id
    }
}

impl ApiOperation for CancelCharge {
    type Output = Charge;
    const SPEC: CallSpec = Operation::CancelCharge.spec();

    fn path(&self) -> String {
        Self::SPEC.path_with(&[self.charge_id.as_str()])
    }

    fn validate(&self, config: &Config) -> Result<(), ValidationError> {
        validate::path_id("chargeId", self.charge_id.as_str())?;
        self.body.validate(config.environment())
    }

    body_and_key!(none);
}

/// `statusDetails` a payment service provider sets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PspStatus {
    state: ChargeState,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason_code: Option<ChargeReasonCode>,
}

/// The body of Update Charge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateChargeBody {
    status_details: PspStatus,
}

/// Update Charge: `PATCH /charges/{chargeId}`, 200 — for payment service
/// providers only, to set the state of a charge they processed.
///
/// ```json
/// {"statusDetails":{"state":"Canceled","reasonCode":"ExpiredUnused"}}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateCharge {
    charge_id: ChargeId,
    body: UpdateChargeBody,
    #[serde(rename = "idempotencyKey")]
    key: Option<IdempotencyKey>,
}

impl UpdateCharge {
    /// Sets `charge_id` to `state`, for `reason`.
    pub fn new(
        charge_id: ChargeId,
        state: ChargeState,
        reason: Option<ChargeReasonCode>,
    ) -> UpdateCharge {
        UpdateCharge {
            charge_id,
            body: UpdateChargeBody {
                status_details: PspStatus {
                    state,
                    reason_code: reason,
                },
            },
            key: None,
        }
    }

    /// With an idempotency key (the SDKs send one; Amazon's documents do not
    /// say whether it is required).
    pub fn with_idempotency_key(mut self, key: IdempotencyKey) -> UpdateCharge {
        self.key = Some(key);
        self
    }
}

impl ApiOperation for UpdateCharge {
    type Output = Charge;
    const SPEC: CallSpec = Operation::UpdateCharge.spec();

    fn path(&self) -> String {
        Self::SPEC.path_with(&[self.charge_id.as_str()])
    }

    fn validate(&self, config: &Config) -> Result<(), ValidationError> {
        validate::path_id("chargeId", self.charge_id.as_str())?;
        self.body.validate(config.environment())
    }

    body_and_key!(optional);
}

impl RequestBody for UpdateChargeBody {
    fn validate(&self, _: Environment) -> Result<(), ValidationError> {
        if !self.status_details.state.is_known() {
            return Err(ValidationError::new(
                "statusDetails.state",
                Rule::NotAllowed {
                    because: "as a state this crate does not know",
                },
            ));
        }
        Ok(())
    }
}

impl RequestBody for CreateChargeBody {
    fn validate(&self, environment: Environment) -> Result<(), ValidationError> {
        let body = self;
        validate::path_id("chargePermissionId", body.charge_permission_id.as_str())?;
        positive_amount("chargeAmount", &body.charge_amount)?;
        if body.soft_descriptor.is_some() && body.capture_now != Some(true) {
            return Err(ValidationError::new(
                "softDescriptor",
                Rule::NotAllowed {
                    because: "without captureNow: true (Amazon takes it only where money moves at once)",
                },
            ));
        }
        if let Some(metadata) = &body.merchant_metadata {
            validate::merchant_metadata("merchantMetadata", metadata)?;
        }
        if let Some(platform) = &body.platform_id {
            validate::text("platformId", platform, validate::ID_MAX, false)?;
        }
        if let Some(step_up) = &body.web_checkout_details {
            validate::return_url(
                "webCheckoutDetails.checkoutResultReturnUrl",
                &step_up.checkout_result_return_url,
                environment,
            )?;
        }
        Ok(())
    }
}

impl RequestBody for CaptureChargeBody {
    fn validate(&self, _: Environment) -> Result<(), ValidationError> {
        positive_amount("captureAmount", &self.capture_amount)
    }
}

impl RequestBody for CancelChargeBody {
    fn validate(&self, _: Environment) -> Result<(), ValidationError> {
        validate::text(
            "cancellationReason",
            &self.cancellation_reason,
            REASON_MAX,
            false,
        )
    }
}
