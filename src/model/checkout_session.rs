//! The Checkout Session object (spec §3.13, states §4.2).

use serde::Deserialize;
use serde::de::{self, Deserializer};

use crate::model::common::{
    Address, AddressDetails, ChargePermissionType, Constraint, DeliverySpecifications,
    MerchantMetadata, MultiAddressCheckoutMetadata, PaymentDetails, PaymentMethodOnFileMetadata,
    PaymentPreference, ProductType, ProviderMetadata, RawJson, RecurringMetadata,
    ReleaseEnvironment, Scope, StatusDetails, WebCheckoutDetails,
};
use crate::model::ids::{ChargeId, ChargePermissionId, CheckoutSessionId};
use crate::model::{Buyer, de as wire_de};
use crate::timestamp::Timestamp;
use crate::wire::{wire_enum, wire_struct};

wire_enum! {
    /// The state of a Checkout Session. `Open` → `Completed` | `Canceled`.
    pub enum CheckoutSessionState {
        /// Buyer details can be read and the session updated and completed.
        Open = "Open",
        /// Checkout succeeded; the session references a Charge Permission
        /// (and a Charge if payment was authorized).
        Completed = "Completed",
        /// Checkout failed; `reasonCode` says why.
        Canceled = "Canceled",
    }
}

wire_enum! {
    /// Why a Checkout Session was canceled.
    pub enum CheckoutSessionReasonCode {
        /// The buyer canceled on Amazon's pages.
        BuyerCanceled = "BuyerCanceled",
        /// Payment was declined (fraud, failed MFA, bad instrument).
        Declined = "Declined",
        /// Amazon canceled for service reasons.
        AmazonCanceled = "AmazonCanceled",
        /// 24 hours passed without completion.
        Expired = "Expired",
    }
}

/// `statusDetails` of a Checkout Session.
pub type CheckoutSessionStatusDetails =
    StatusDetails<CheckoutSessionState, CheckoutSessionReasonCode>;

wire_struct! {
    /// A buyer's single checkout engagement (spec §3.13).
    ///
    /// Buyer details (`buyer`, addresses) are returned only while the session
    /// is `Open`; afterwards read them from the Charge Permission. Amazon
    /// deletes sessions 30 days after creation.
    #[derive(Debug)]
    pub struct CheckoutSession {
        /// The session id.
        pub checkout_session_id: Option<CheckoutSessionId>,
        /// The Login with Amazon client id of the store.
        pub store_id: Option<String>,
        /// Return URLs and redirect URL. v1: `webCheckoutDetail`.
        #[serde(alias = "webCheckoutDetail")]
        pub web_checkout_details: Option<WebCheckoutDetails>,
        /// PayAndShip, PayOnly or PayAndShipMultiAddress.
        pub product_type: Option<ProductType>,
        /// OneTime, Recurring or PaymentMethodOnFile.
        pub charge_permission_type: Option<ChargePermissionType>,
        /// Recurring checkouts: the cycle and amount.
        pub recurring_metadata: Option<RecurringMetadata>,
        /// Saved-wallet options.
        pub payment_method_on_file_metadata: Option<PaymentMethodOnFileMetadata>,
        /// Payment intent and amounts. v1: `paymentDetail`.
        #[serde(alias = "paymentDetail")]
        pub payment_details: Option<PaymentDetails>,
        /// Merchant order data.
        pub merchant_metadata: Option<MerchantMetadata>,
        /// Amazon Pay system data; echo it in Finalize if set.
        pub supplementary_data: Option<String>,
        /// Solution provider id.
        pub platform_id: Option<String>,
        /// Payment service provider reference.
        pub provider_metadata: Option<ProviderMetadata>,
        /// Shipping restrictions.
        pub delivery_specifications: Option<DeliverySpecifications>,
        /// Set once the session is completed.
        pub charge_permission_id: Option<ChargePermissionId>,
        /// Set once the session is completed with an authorization.
        pub charge_id: Option<ChargeId>,
        /// The buyer, while the session is `Open`.
        pub buyer: Option<Buyer>,
        /// Shipping address (PayAndShip).
        pub shipping_address: Option<Address>,
        /// Shipping addresses (PayAndShipMultiAddress). Amazon sends each
        /// element as a JSON-encoded string; both strings and objects decode.
        #[serde(deserialize_with = "address_list")]
        pub shipping_address_list: Option<Vec<Address>>,
        /// Amounts per address (PayAndShipMultiAddress).
        #[serde(deserialize_with = "wire_de::list")]
        pub multi_addresses_checkout_metadata: Option<Vec<MultiAddressCheckoutMetadata>>,
        /// Billing address (top level since v2).
        pub billing_address: Option<Address>,
        /// Labels of the chosen payment instrument.
        #[serde(deserialize_with = "wire_de::list")]
        pub payment_preferences: Option<Vec<PaymentPreference>>,
        /// State and reason. v1: `statusDetail`.
        #[serde(alias = "statusDetail")]
        pub status_details: Option<CheckoutSessionStatusDetails>,
        /// What is still missing before the buyer can be redirected.
        #[serde(deserialize_with = "wire_de::list")]
        pub constraints: Option<Vec<Constraint>>,
        /// When the session was created.
        pub creation_timestamp: Option<Timestamp>,
        /// When an open session expires (24 hours after creation).
        pub expiration_timestamp: Option<Timestamp>,
        /// Live or Sandbox.
        pub release_environment: Option<ReleaseEnvironment>,
        /// Text for the place-order button.
        pub checkout_button_text: Option<String>,
        /// Seen in responses (`MultiStep`); meaning unconfirmed.
        pub checkout_type: Option<String>,
        /// Request only (Amazon Pay button with `ProcessOrder` and
        /// `PayAndShip`): the address to ship to.
        pub address_details: Option<AddressDetails>,
        /// Request only (create): the buyer data to share. Without scopes
        /// Amazon shares name and email.
        #[serde(deserialize_with = "wire_de::list")]
        pub scopes: Option<Vec<Scope>>,
        /// Seen in Buy Now responses; meaning unconfirmed, kept as sent.
        pub cart_details: Option<RawJson>,
        /// Seen in Buy Now responses; meaning unconfirmed, kept as sent.
        pub order_type: Option<RawJson>,
        /// Seen in Buy Now responses; meaning unconfirmed, kept as sent.
        pub processor_specifications: Option<RawJson>,
        /// Seen in Buy Now responses; meaning unconfirmed, kept as sent.
        pub merchant_details: Option<RawJson>,
        /// Seen in Buy Now responses; meaning unconfirmed, kept as sent.
        pub tokens: Option<RawJson>,
        /// Seen in Buy Now responses; meaning unconfirmed, kept as sent.
        pub disbursement_details: Option<RawJson>,
        /// Seen in Buy Now responses; meaning unconfirmed, kept as sent.
        pub channel_type: Option<RawJson>,
        /// Seen in Buy Now responses (`paymentProcessingModel`); meaning
        /// unconfirmed, kept as sent.
        pub payment_processing_meta_data: Option<RawJson>,
    }
}

impl CheckoutSession {
    /// The state, if Amazon reported one.
    pub fn state(&self) -> Option<&CheckoutSessionState> {
        self.status_details.as_ref()?.state.as_ref()
    }

    /// The reason code, if Amazon reported one.
    pub fn reason_code(&self) -> Option<&CheckoutSessionReasonCode> {
        self.status_details.as_ref()?.reason_code.as_ref()
    }
}

/// One `shippingAddressList` element: a JSON-encoded string (what Amazon
/// sends) or an object.
#[derive(Deserialize)]
#[serde(untagged)]
enum AddressEntry {
    Encoded(String),
    Object(Box<Address>),
}

/// `shippingAddressList`: `null` elements, and strings that encode `null`,
/// are skipped.
fn address_list<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Vec<Address>>, D::Error> {
    let Some(entries) = wire_de::list::<D, AddressEntry>(deserializer)? else {
        return Ok(None);
    };
    let mut addresses = Vec::with_capacity(entries.len());
    for entry in entries {
        match entry {
            AddressEntry::Object(address) => addresses.push(*address),
            AddressEntry::Encoded(text) => {
                let decoded = serde_json::from_str::<Option<Address>>(&text).map_err(|err| {
                    de::Error::custom(format!(
                        "a `shippingAddressList` element is a string but not an encoded address: {err}"
                    ))
                })?;
                addresses.extend(decoded);
            }
        }
    }
    Ok(Some(addresses))
}
