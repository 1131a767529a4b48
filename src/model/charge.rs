//! The Charge object (spec §3.15, states §4.4).

use crate::model::common::{
    MerchantMetadata, ProviderMetadata, RawJson, ReleaseEnvironment, StatusDetails,
    WebCheckoutDetails,
};
use crate::model::de as wire_de;
use crate::model::ids::{ChargeId, ChargePermissionId};
use crate::money::Price;
use crate::timestamp::Timestamp;
use crate::wire::{wire_enum, wire_struct};

wire_enum! {
    /// The state of a Charge (the wire values; Amazon's prose says "Pending"
    /// and "Completed" for `AuthorizationInitiated` and `Captured`).
    pub enum ChargeState {
        /// Authorization is in progress (pending authorization, up to 24 h).
        AuthorizationInitiated = "AuthorizationInitiated",
        /// Authorized; may be captured or canceled.
        Authorized = "Authorized",
        /// Capture is in progress (capture more than 7 days after authorization).
        CaptureInitiated = "CaptureInitiated",
        /// Captured; may be refunded.
        Captured = "Captured",
        /// Final: canceled or expired.
        Canceled = "Canceled",
        /// Final: declined.
        Declined = "Declined",
    }
}

wire_enum! {
    /// Why a Charge was canceled or declined (spec §4.4).
    pub enum ChargeReasonCode {
        /// 30 days passed without capture.
        ExpiredUnused = "ExpiredUnused",
        /// Amazon canceled the charge.
        AmazonCanceled = "AmazonCanceled",
        /// The merchant canceled the charge.
        MerchantCanceled = "MerchantCanceled",
        /// The Charge Permission was closed with `cancelPendingCharges`.
        ChargePermissionCanceled = "ChargePermissionCanceled",
        /// The buyer canceled.
        BuyerCanceled = "BuyerCanceled",
        /// Declined; a retry may succeed.
        SoftDeclined = "SoftDeclined",
        /// Declined; retries will not succeed, the buyer must change instrument.
        HardDeclined = "HardDeclined",
        /// Amazon declined; the Charge Permission is canceled too.
        AmazonRejected = "AmazonRejected",
        /// Amazon internal error; retry only while the permission is Chargeable.
        ProcessingFailure = "ProcessingFailure",
        /// Authorization could not finish in time.
        TransactionTimedOut = "TransactionTimedOut",
    }
}

wire_enum! {
    /// Who initiates a saved-wallet charge (spec §3.12).
    pub enum ChargeInitiator {
        /// Customer-initiated, unscheduled.
        Citu = "CITU",
        /// Merchant-initiated, unscheduled.
        Mitu = "MITU",
        /// Customer-initiated, recurring.
        Citr = "CITR",
        /// Merchant-initiated, recurring.
        Mitr = "MITR",
    }
}

wire_enum! {
    /// Through which channel a saved-wallet charge is made (spec §3.12).
    pub enum Channel {
        /// Web.
        Web = "Web",
        /// Phone.
        Phone = "Phone",
        /// App.
        App = "App",
        /// Alexa.
        Alexa = "Alexa",
        /// Point of sale.
        PointOfSale = "PointOfSale",
        /// Fire TV.
        FireTv = "FireTv",
        /// Offline.
        Offline = "Offline",
        /// Amazon.
        Amazon = "Amazon",
    }
}

/// `statusDetails` of a Charge.
pub type ChargeStatusDetails = StatusDetails<ChargeState, ChargeReasonCode>;

wire_struct! {
    /// One payment transaction: an authorization, captured later or at once
    /// (spec §3.15).
    #[derive(Debug)]
    pub struct Charge {
        /// The charge id.
        pub charge_id: Option<ChargeId>,
        /// The Charge Permission it belongs to.
        pub charge_permission_id: Option<ChargePermissionId>,
        /// The amount authorized.
        #[serde(deserialize_with = "crate::money::optional_price")]
        pub charge_amount: Option<Price>,
        /// The amount captured.
        #[serde(deserialize_with = "crate::money::optional_price")]
        pub capture_amount: Option<Price>,
        /// The amount refunded so far.
        #[serde(deserialize_with = "crate::money::optional_price")]
        pub refunded_amount: Option<Price>,
        /// Multi-currency: the amount in the disbursement currency, as Amazon
        /// wrote it (no currency is given with it).
        #[serde(deserialize_with = "wire_de::decimal_text")]
        pub converted_amount: Option<String>,
        /// Multi-currency: the conversion rate, as decimal text.
        #[serde(deserialize_with = "wire_de::decimal_text")]
        pub conversion_rate: Option<String>,
        /// Whether the charge was captured at authorization.
        pub capture_now: Option<bool>,
        /// Whether a pending authorization was allowed.
        pub can_handle_pending_authorization: Option<bool>,
        /// Statement text after `AMZ* `.
        pub soft_descriptor: Option<String>,
        /// Merchant order data.
        pub merchant_metadata: Option<MerchantMetadata>,
        /// Payment service provider reference.
        pub provider_metadata: Option<ProviderMetadata>,
        /// Solution provider id.
        pub platform_id: Option<String>,
        /// Saved wallet: who initiated the charge.
        pub charge_initiator: Option<ChargeInitiator>,
        /// Saved wallet: through which channel.
        pub channel: Option<Channel>,
        /// Saved wallet: where the buyer returns after a step-up.
        #[serde(alias = "webCheckoutDetail")]
        pub web_checkout_details: Option<WebCheckoutDetails>,
        /// State and reason. v1: `statusDetail`.
        #[serde(alias = "statusDetail")]
        pub status_details: Option<ChargeStatusDetails>,
        /// When the charge was created.
        pub creation_timestamp: Option<Timestamp>,
        /// When the authorization expires (30 days).
        pub expiration_timestamp: Option<Timestamp>,
        /// Live or Sandbox.
        pub release_environment: Option<ReleaseEnvironment>,
        /// Seen in responses; meaning unconfirmed, kept as sent.
        pub disbursement_details: Option<RawJson>,
        /// Seen in responses; meaning unconfirmed, kept as sent.
        pub payment_method: Option<RawJson>,
    }
}

impl Charge {
    /// The state, if Amazon reported one.
    pub fn state(&self) -> Option<&ChargeState> {
        self.status_details.as_ref()?.state.as_ref()
    }

    /// The reason code, if Amazon reported one.
    pub fn reason_code(&self) -> Option<&ChargeReasonCode> {
        self.status_details.as_ref()?.reason_code.as_ref()
    }
}
