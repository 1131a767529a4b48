//! The Charge Permission object (spec §3.14, states §4.3).

use serde::{Deserialize, Deserializer, Serialize};

use crate::model::common::{
    Address, ChargePermissionType, Limits, MerchantMetadata, PaymentPreference, RecurringMetadata,
    ReleaseEnvironment,
};
use crate::model::ids::ChargePermissionId;
use crate::model::{Buyer, de as wire_de};
use crate::money::Currency;
use crate::timestamp::Timestamp;
use crate::wire::{wire_enum, wire_struct};

wire_enum! {
    /// The state of a Charge Permission: `Chargeable` ⇄ `NonChargeable` → `Closed`.
    pub enum ChargePermissionState {
        /// Charges may be created.
        Chargeable = "Chargeable",
        /// Charges cannot be created until the reasons are resolved.
        NonChargeable = "NonChargeable",
        /// Final: no more charges.
        Closed = "Closed",
    }
}

wire_enum! {
    /// Why a Charge Permission is `NonChargeable` or `Closed` (spec §4.3).
    ///
    /// Both spellings Amazon has used are kept as they were sent: v2's
    /// `MerchantClosed`/`BuyerClosed` and the v1-era `MerchantCanceled`/
    /// `BuyerCanceled`.
    pub enum ChargePermissionReasonCode {
        /// A previous charge was declined; the buyer must update the instrument.
        PaymentMethodInvalid = "PaymentMethodInvalid",
        /// The buyer deleted the instrument.
        PaymentMethodDeleted = "PaymentMethodDeleted",
        /// The buyer deleted the instrument's billing address.
        BillingAddressDeleted = "BillingAddressDeleted",
        /// The instrument expired.
        PaymentMethodExpired = "PaymentMethodExpired",
        /// The instrument is not allowed for this permission.
        PaymentMethodNotAllowed = "PaymentMethodNotAllowed",
        /// No instrument is associated.
        PaymentMethodNotSet = "PaymentMethodNotSet",
        /// A charge is in progress; it must finish or be canceled first.
        ChargeInProgress = "ChargeInProgress",
        /// The buyer failed or skipped multi-factor authentication.
        MfaFailed = "MFAFailed",
        /// The merchant closed the permission (v2 spelling).
        MerchantClosed = "MerchantClosed",
        /// The merchant closed the permission (v1-era spelling).
        MerchantCanceled = "MerchantCanceled",
        /// The buyer closed the permission (v2 spelling).
        BuyerClosed = "BuyerClosed",
        /// The buyer closed the permission (v1-era spelling).
        BuyerCanceled = "BuyerCanceled",
        /// Amazon closed the permission.
        AmazonCanceled = "AmazonCanceled",
        /// The order amount was fully captured (OneTime).
        AmazonClosed = "AmazonClosed",
        /// The permission expired.
        Expired = "Expired",
    }
}

wire_struct! {
    /// One reason in a Charge Permission's `statusDetails.reasons`.
    #[derive(Debug)]
    pub struct ChargePermissionReason {
        /// The reason code.
        pub reason_code: Option<ChargePermissionReasonCode>,
        /// Amazon's explanation.
        pub reason_description: Option<String>,
    }
}

/// `statusDetails` of a Charge Permission (spec §3.3). Unlike the other
/// objects it carries a list of reasons, several of which can hold at once.
///
/// A singular `reasonCode`/`reasonDescription` pair (the shape of the other
/// objects' status) is also accepted and becomes the one reason in the list.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ChargePermissionStatusDetails {
    /// The state.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<ChargePermissionState>,
    /// Why the permission is in that state.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reasons: Option<Vec<ChargePermissionReason>>,
    /// When the state last changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_updated_timestamp: Option<Timestamp>,
}

impl ChargePermissionStatusDetails {
    /// Status details with `state` and nothing else.
    pub fn with_state(state: ChargePermissionState) -> Self {
        ChargePermissionStatusDetails {
            state: Some(state),
            ..Self::default()
        }
    }

    /// The reason codes, in Amazon's order.
    pub fn reason_codes(&self) -> impl Iterator<Item = &ChargePermissionReasonCode> {
        self.reasons
            .iter()
            .flatten()
            .filter_map(|reason| reason.reason_code.as_ref())
    }
}

impl<'de> Deserialize<'de> for ChargePermissionStatusDetails {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Wire {
            state: Option<ChargePermissionState>,
            #[serde(default, deserialize_with = "wire_de::list")]
            reasons: Option<Vec<ChargePermissionReason>>,
            reason_code: Option<ChargePermissionReasonCode>,
            reason_description: Option<String>,
            last_updated_timestamp: Option<Timestamp>,
        }
        let wire: Wire = crate::wire::object(deserializer)?;
        let reasons = match (wire.reasons, wire.reason_code) {
            (Some(reasons), _) if !reasons.is_empty() => Some(reasons),
            (reasons, None) => reasons,
            (_, Some(code)) => Some(vec![ChargePermissionReason {
                reason_code: Some(code),
                reason_description: wire.reason_description,
            }]),
        };
        Ok(ChargePermissionStatusDetails {
            state: wire.state,
            reasons,
            last_updated_timestamp: wire.last_updated_timestamp,
        })
    }
}

wire_struct! {
    /// The buyer's consent to be charged (spec §3.14).
    #[derive(Debug)]
    pub struct ChargePermission {
        /// The permission id.
        pub charge_permission_id: Option<ChargePermissionId>,
        /// Seen in JP responses; meaning unconfirmed.
        pub charge_permission_reference_id: Option<String>,
        /// OneTime, Recurring or PaymentMethodOnFile.
        pub charge_permission_type: Option<ChargePermissionType>,
        /// Recurring permissions: the cycle and amount.
        pub recurring_metadata: Option<RecurringMetadata>,
        /// Amount limit and balance.
        pub limits: Option<Limits>,
        /// The buyer (retention limited; spec §4.3).
        pub buyer: Option<Buyer>,
        /// Shipping address.
        pub shipping_address: Option<Address>,
        /// Billing address.
        pub billing_address: Option<Address>,
        /// Labels of the payment instrument.
        #[serde(deserialize_with = "wire_de::list")]
        pub payment_preferences: Option<Vec<PaymentPreference>>,
        /// Merchant order data.
        pub merchant_metadata: Option<MerchantMetadata>,
        /// Solution provider id.
        pub platform_id: Option<String>,
        /// Multi-currency: the buyer's currency.
        pub presentment_currency: Option<Currency>,
        /// State and reasons. v1: `statusDetail`.
        #[serde(alias = "statusDetail")]
        pub status_details: Option<ChargePermissionStatusDetails>,
        /// When the permission was created.
        pub creation_timestamp: Option<Timestamp>,
        /// When it expires; `None` for PaymentMethodOnFile (never expires).
        pub expiration_timestamp: Option<Timestamp>,
        /// Live or Sandbox.
        pub release_environment: Option<ReleaseEnvironment>,
    }
}

impl ChargePermission {
    /// The state, if Amazon reported one.
    pub fn state(&self) -> Option<&ChargePermissionState> {
        self.status_details.as_ref()?.state.as_ref()
    }
}
