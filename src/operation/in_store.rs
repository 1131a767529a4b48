//! In-store payments (spec §15): Merchant Scan, In-Store Charge and In-Store
//! Refund. Contact Amazon Pay before using them in production.
//!
//! Each call carries the merchant's own reference (`scanReferenceId`,
//! `chargeReferenceId`, `refundReferenceId`), required here; an idempotency
//! key is optional (Amazon's SDKs send none). Amounts follow the rules of
//! every other charge: more than zero, within the currency's maximum.

use serde::{Deserialize, Serialize};

use crate::api::{CallSpec, Operation};
use crate::config::Config;
use crate::model::{
    ChargeId, ChargePermissionId, InStoreChargeDetails, InStoreMetadata, InStoreRefundDetails,
};
use crate::money::{Currency, Price};
use crate::operation::charge::positive_amount;
use crate::operation::validate::{self, ID_MAX};
use crate::operation::{ApiOperation, body_and_key, optional_key};
use crate::request::IdempotencyKey;
use crate::validation::{Rule, ValidationError};

/// Checks `metadata` with the limits of the Checkout API's matching fields.
fn metadata(metadata: &Option<InStoreMetadata>) -> Result<(), ValidationError> {
    let Some(metadata) = metadata else {
        return Ok(());
    };
    if let Some(note) = &metadata.merchant_note {
        validate::text(
            "metadata.merchantNote",
            note,
            validate::NOTE_TO_BUYER_MAX,
            false,
        )?;
    }
    if let Some(info) = &metadata.custom_information {
        validate::text(
            "metadata.customInformation",
            info,
            validate::CUSTOM_INFORMATION_MAX,
            true,
        )?;
    }
    if let Some(context) = &metadata.communication_context {
        if let Some(name) = &context.merchant_store_name {
            validate::text(
                "metadata.communicationContext.merchantStoreName",
                name,
                validate::MERCHANT_STORE_NAME_MAX,
                false,
            )?;
        }
        if let Some(order) = &context.merchant_order_id {
            validate::text(
                "metadata.communicationContext.merchantOrderId",
                order,
                validate::MERCHANT_REFERENCE_ID_MAX,
                false,
            )?;
        }
    }
    Ok(())
}

/// Declares the optional-key builder and `metadata` builder of an in-store
/// call.
macro_rules! in_store_builders {
    ($name:ident) => {
        impl $name {
            /// Merchant notes and the receipt's context (`metadata`).
            pub fn with_metadata(mut self, metadata: InStoreMetadata) -> Self {
                self.body.metadata = Some(metadata);
                self
            }
        }
        optional_key!($name);
    };
}

/// The body of Merchant Scan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MerchantScanBody {
    scan_data: String,
    scan_reference_id: String,
    #[serde(rename = "merchantCOE")]
    merchant_coe: String,
    ledger_currency: Currency,
    charge_total: Price,
    #[serde(skip_serializing_if = "Option::is_none")]
    metadata: Option<InStoreMetadata>,
}

/// Merchant Scan: `POST /in-store/merchantScan`: charges the buyer whose code
/// the merchant scanned.
///
/// ```json
/// {"scanData":"UKhrmatMeKdlfY6b","scanReferenceId":"0b8fb271-2ae2-49a5-b35d4","merchantCOE":"US","ledgerCurrency":"USD","chargeTotal":{"amount":"2.00","currencyCode":"USD"}}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MerchantScan {
    body: MerchantScanBody,
    #[serde(rename = "idempotencyKey")]
    key: Option<IdempotencyKey>,
}

impl MerchantScan {
    /// Charges `total` to the buyer behind `scan_data`; `scan_reference_id`
    /// is yours; `merchant_country` is the merchant's country of
    /// establishment (`merchantCOE`, ISO 3166 alpha-2).
    pub fn new(
        scan_data: impl Into<String>,
        scan_reference_id: impl Into<String>,
        merchant_country: impl Into<String>,
        ledger_currency: Currency,
        total: Price,
    ) -> MerchantScan {
        MerchantScan {
            body: MerchantScanBody {
                scan_data: scan_data.into(),
                scan_reference_id: scan_reference_id.into(),
                merchant_coe: merchant_country.into(),
                ledger_currency,
                charge_total: total,
                metadata: None,
            },
            key: None,
        }
    }
}

in_store_builders!(MerchantScan);

impl ApiOperation for MerchantScan {
    type Output = InStoreChargeDetails;
    const SPEC: CallSpec = Operation::MerchantScan.spec();

    fn path(&self) -> String {
        Self::SPEC.path.to_owned()
    }

    fn validate(&self, _: &Config) -> Result<(), ValidationError> {
        let body = &self.body;
        validate::text("scanData", &body.scan_data, ID_MAX, false)?;
        validate::text("scanReferenceId", &body.scan_reference_id, ID_MAX, false)?;
        let country = &body.merchant_coe;
        if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(ValidationError::new(
                "merchantCOE",
                Rule::WrongForm {
                    expected: "an ISO 3166 alpha-2 country code in upper case, such as US",
                },
            ));
        }
        if !body.ledger_currency.is_ledger_currency() {
            return Err(ValidationError::new(
                "ledgerCurrency",
                Rule::Required {
                    because: "to be a ledger currency: USD, EUR, GBP or JPY",
                },
            ));
        }
        positive_amount("chargeTotal", &body.charge_total)?;
        metadata(&body.metadata)
    }

    body_and_key!(optional);
}

/// The body of In-Store Charge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InStoreChargeBody {
    charge_permission_id: ChargePermissionId,
    charge_reference_id: String,
    charge_total: Price,
    #[serde(skip_serializing_if = "Option::is_none")]
    metadata: Option<InStoreMetadata>,
}

/// In-Store Charge: `POST /in-store/charge`: charges a Charge Permission a
/// scan created.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InStoreCharge {
    body: InStoreChargeBody,
    #[serde(rename = "idempotencyKey")]
    key: Option<IdempotencyKey>,
}

impl InStoreCharge {
    /// Charges `total` on `permission`; `charge_reference_id` is yours.
    pub fn new(
        permission: ChargePermissionId,
        charge_reference_id: impl Into<String>,
        total: Price,
    ) -> InStoreCharge {
        InStoreCharge {
            body: InStoreChargeBody {
                charge_permission_id: permission,
                charge_reference_id: charge_reference_id.into(),
                charge_total: total,
                metadata: None,
            },
            key: None,
        }
    }
}

in_store_builders!(InStoreCharge);

impl ApiOperation for InStoreCharge {
    type Output = InStoreChargeDetails;
    const SPEC: CallSpec = Operation::InStoreCharge.spec();

    fn path(&self) -> String {
        Self::SPEC.path.to_owned()
    }

    fn validate(&self, _: &Config) -> Result<(), ValidationError> {
        let body = &self.body;
        validate::path_id("chargePermissionId", body.charge_permission_id.as_str())?;
        validate::text(
            "chargeReferenceId",
            &body.charge_reference_id,
            ID_MAX,
            false,
        )?;
        positive_amount("chargeTotal", &body.charge_total)?;
        metadata(&body.metadata)
    }

    body_and_key!(optional);
}

/// The body of In-Store Refund.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InStoreRefundBody {
    charge_id: ChargeId,
    refund_reference_id: String,
    refund_total: Price,
    #[serde(skip_serializing_if = "Option::is_none")]
    metadata: Option<InStoreMetadata>,
}

/// In-Store Refund: `POST /in-store/refund`: refunds an in-store charge.
///
/// The rule book's refund limits (the captured amount, +15 % or 75 USD/EUR/
/// GBP) are not checked here: the call names only the charge. Use the
/// Ledger's Create Refund for online charges.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InStoreRefund {
    body: InStoreRefundBody,
    #[serde(rename = "idempotencyKey")]
    key: Option<IdempotencyKey>,
}

impl InStoreRefund {
    /// Refunds `total` of `charge`; `refund_reference_id` is yours.
    pub fn new(
        charge: ChargeId,
        refund_reference_id: impl Into<String>,
        total: Price,
    ) -> InStoreRefund {
        InStoreRefund {
            body: InStoreRefundBody {
                charge_id: charge,
                refund_reference_id: refund_reference_id.into(),
                refund_total: total,
                metadata: None,
            },
            key: None,
        }
    }
}

in_store_builders!(InStoreRefund);

impl ApiOperation for InStoreRefund {
    type Output = InStoreRefundDetails;
    const SPEC: CallSpec = Operation::InStoreRefund.spec();

    fn path(&self) -> String {
        Self::SPEC.path.to_owned()
    }

    fn validate(&self, _: &Config) -> Result<(), ValidationError> {
        let body = &self.body;
        validate::path_id("chargeId", body.charge_id.as_str())?;
        validate::text(
            "refundReferenceId",
            &body.refund_reference_id,
            ID_MAX,
            false,
        )?;
        positive_amount("refundTotal", &body.refund_total)?;
        metadata(&body.metadata)
    }

    body_and_key!(optional);
}
