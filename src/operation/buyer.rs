//! Get Buyer and Create Delivery Tracker (spec §5.1, §3.17).

use serde::{Deserialize, Serialize};

use crate::api::{CallSpec, Operation};
use crate::config::Config;
use crate::model::{Buyer, ChargePermissionId, DeliveryTracker};
use crate::operation::validate;
use crate::operation::{ApiOperation, body_and_key, get_operation};
use crate::request::IdempotencyKey;
use crate::validation::{Rule, ValidationError};

get_operation! {
    /// Get Buyer: `GET /buyers/{buyerToken}`, 200 — the token from the
    /// sign-in button's return URL.
    GetBuyer(String, "buyerToken") => GetBuyer, Buyer
}

/// One shipment: the carrier's tracking number and Amazon's carrier code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryDetailRequest {
    tracking_number: String,
    carrier_code: String,
}

impl DeliveryDetailRequest {
    /// A shipment with `tracking_number` by `carrier_code` (from Amazon's
    /// list of carrier codes).
    pub fn new(
        tracking_number: impl Into<String>,
        carrier_code: impl Into<String>,
    ) -> DeliveryDetailRequest {
        DeliveryDetailRequest {
            tracking_number: tracking_number.into(),
            carrier_code: carrier_code.into(),
        }
    }
}

/// The body of Create Delivery Tracker: exactly one of the two ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DeliveryTrackerBody {
    #[serde(skip_serializing_if = "Option::is_none")]
    amazon_order_reference_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    charge_permission_id: Option<ChargePermissionId>,
    delivery_details: Vec<DeliveryDetailRequest>,
}

/// Create Delivery Tracker: `POST /deliveryTrackers`, 200.
///
/// ```json
/// {"chargePermissionId":"S01-5105180-3221187","deliveryDetails":[{"trackingNumber":"1Z999AA10123456784","carrierCode":"UPS"}]}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateDeliveryTracker {
    body: DeliveryTrackerBody,
    #[serde(rename = "idempotencyKey")]
    key: Option<IdempotencyKey>,
}

/// Longest tracking number or carrier code accepted (Amazon publishes none).
const DELIVERY_TEXT_MAX: usize = 255;

impl CreateDeliveryTracker {
    /// Tracking for the orders of a Charge Permission.
    pub fn for_charge_permission(
        id: ChargePermissionId,
        details: Vec<DeliveryDetailRequest>,
    ) -> CreateDeliveryTracker {
        CreateDeliveryTracker {
            body: DeliveryTrackerBody {
                amazon_order_reference_id: None,
                charge_permission_id: Some(id),
                delivery_details: details,
            },
            key: None,
        }
    }

    /// Tracking for a legacy (MWS) order reference.
    pub fn for_order_reference(
        id: impl Into<String>,
        details: Vec<DeliveryDetailRequest>,
    ) -> CreateDeliveryTracker {
        CreateDeliveryTracker {
            body: DeliveryTrackerBody {
                amazon_order_reference_id: Some(id.into()),
                charge_permission_id: None,
                delivery_details: details,
            },
            key: None,
        }
    }
}

impl ApiOperation for CreateDeliveryTracker {
    type Output = DeliveryTracker;
    const SPEC: CallSpec = Operation::CreateDeliveryTracker.spec();

    fn path(&self) -> String {
        Self::SPEC.path.to_owned()
    }

    fn validate(&self, _: &Config) -> Result<(), ValidationError> {
        let body = &self.body;
        if let Some(id) = &body.charge_permission_id {
            validate::text("chargePermissionId", id.as_str(), validate::ID_MAX, false)?;
        }
        if let Some(id) = &body.amazon_order_reference_id {
            validate::text("amazonOrderReferenceId", id, validate::ID_MAX, false)?;
        }
        if body.delivery_details.is_empty() {
            return Err(ValidationError::new(
                "deliveryDetails",
                Rule::Required {
                    because: "with at least one tracking number",
                },
            ));
        }
        for detail in &body.delivery_details {
            validate::text(
                "deliveryDetails.trackingNumber",
                &detail.tracking_number,
                DELIVERY_TEXT_MAX,
                false,
            )?;
            validate::text(
                "deliveryDetails.carrierCode",
                &detail.carrier_code,
                DELIVERY_TEXT_MAX,
                false,
            )?;
        }
        Ok(())
    }

    body_and_key!(optional);
}

// v2 sends no key; API path version v1 wants one on every POST.
crate::operation::optional_key!(CreateDeliveryTracker);
