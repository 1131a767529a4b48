//! Charge Permissions: Get, Update and Close Charge Permission (spec §5.1,
//! §5.2).

use serde::{Deserialize, Serialize};

use crate::api::{CallSpec, Operation};
use crate::config::{Config, Environment};
use crate::model::{ChargePermission, ChargePermissionId, MerchantMetadata, RecurringMetadata};
use crate::operation::validate::{self, REASON_MAX};
use crate::operation::{ApiOperation, RequestBody, body_and_key, get_operation};
use crate::validation::{Rule, ValidationError};

get_operation! {
    /// Get Charge Permission: `GET /chargePermissions/{chargePermissionId}`, 200.
    GetChargePermission(ChargePermissionId, "chargePermissionId") => GetChargePermission, ChargePermission
}

/// The body of Update Charge Permission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct UpdateChargePermissionBody {
    #[serde(skip_serializing_if = "Option::is_none")]
    merchant_metadata: Option<MerchantMetadata>,
    #[serde(skip_serializing_if = "Option::is_none")]
    recurring_metadata: Option<RecurringMetadata>,
}

/// Update Charge Permission: `PATCH /chargePermissions/{chargePermissionId}`,
/// 200.
///
/// ```json
/// {"merchantMetadata":{"merchantReferenceId":"order-1042","merchantStoreName":"Shop"}}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateChargePermission {
    #[serde(rename = "chargePermissionId")]
    id: ChargePermissionId,
    body: UpdateChargePermissionBody,
}

impl UpdateChargePermission {
    /// An update of `id`; give at least one field.
    pub fn new(id: ChargePermissionId) -> UpdateChargePermission {
        UpdateChargePermission {
            id,
            body: UpdateChargePermissionBody::default(),
        }
    }

    /// Merchant order data.
    pub fn with_merchant_metadata(mut self, metadata: MerchantMetadata) -> Self {
        self.body.merchant_metadata = Some(metadata);
        self
    }

    /// The recurring cycle and amount (Recurring permissions).
    pub fn with_recurring_metadata(mut self, metadata: RecurringMetadata) -> Self {
        self.body.recurring_metadata = Some(metadata);
        self
    }
}

impl ApiOperation for UpdateChargePermission {
    type Output = ChargePermission;
    const SPEC: CallSpec = Operation::UpdateChargePermission.spec();

    fn path(&self) -> String {
        Self::SPEC.path_with(&[self.id.as_str()])
    }

    fn validate(&self, config: &Config) -> Result<(), ValidationError> {
        validate::path_id("chargePermissionId", self.id.as_str())?;
        self.body.validate(config.environment())
    }

    body_and_key!(none);
}

impl RequestBody for UpdateChargePermissionBody {
    fn validate(&self, _: Environment) -> Result<(), ValidationError> {
        if self == &UpdateChargePermissionBody::default() {
            return Err(ValidationError::new(
                "merchantMetadata",
                Rule::Required {
                    because: "(or recurringMetadata): an update needs a field to change",
                },
            ));
        }
        if let Some(metadata) = &self.merchant_metadata {
            validate::merchant_metadata("merchantMetadata", metadata)?;
        }
        Ok(())
    }
}

/// The body of Close Charge Permission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CloseChargePermissionBody {
    closure_reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    cancel_pending_charges: Option<bool>,
}

/// Close Charge Permission: `DELETE /chargePermissions/{chargePermissionId}/close`
/// with a JSON body, 200.
///
/// ```json
/// {"closureReason":"No more charges","cancelPendingCharges":true}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CloseChargePermission {
    #[serde(rename = "chargePermissionId")]
    id: ChargePermissionId,
    body: CloseChargePermissionBody,
}

impl CloseChargePermission {
    /// Closes `id`, saying why (`closureReason`, at most 255 bytes).
    pub fn new(id: ChargePermissionId, reason: impl Into<String>) -> CloseChargePermission {
        CloseChargePermission {
            id,
            body: CloseChargePermissionBody {
                closure_reason: reason.into(),
                cancel_pending_charges: None,
            },
        }
    }

    /// Also cancel the authorizations still open (`cancelPendingCharges`).
    pub fn with_cancel_pending_charges(mut self, cancel: bool) -> Self {
        self.body.cancel_pending_charges = Some(cancel);
        self
    }
}

impl ApiOperation for CloseChargePermission {
    type Output = ChargePermission;
    const SPEC: CallSpec = Operation::CloseChargePermission.spec();

    fn path(&self) -> String {
        Self::SPEC.path_with(&[self.id.as_str()])
    }

    fn validate(&self, config: &Config) -> Result<(), ValidationError> {
        validate::path_id("chargePermissionId", self.id.as_str())?;
        self.body.validate(config.environment())
    }

    body_and_key!(none);
}

impl RequestBody for CloseChargePermissionBody {
    fn validate(&self, _: Environment) -> Result<(), ValidationError> {
        validate::text("closureReason", &self.closure_reason, REASON_MAX, false)
    }
}
