//! In-store payments (spec §15): what Merchant Scan, In-Store Charge and
//! In-Store Refund send and answer.
//!
//! Amazon's In-Store Integration Guide is given to merchants on request; the
//! fields here are those of the SDKs' examples, and the answers are read
//! leniently (every field optional, unknown fields ignored).

use crate::model::ids::{ChargeId, ChargePermissionId, RefundId};
use crate::model::{ChargeStatusDetails, RefundStatusDetails};
use crate::money::Price;
use crate::timestamp::Timestamp;
use crate::wire::wire_struct;

wire_struct! {
    /// Where the receipt shows the purchase (`communicationContext`).
    #[derive(Debug)]
    pub struct CommunicationContext {
        /// The store's name.
        pub merchant_store_name: Option<String>,
        /// The merchant's order id.
        pub merchant_order_id: Option<String>,
    }
}

wire_struct! {
    /// `metadata` of an in-store call.
    #[derive(Debug)]
    pub struct InStoreMetadata {
        /// A note for the merchant's records.
        pub merchant_note: Option<String>,
        /// Free text for the merchant.
        pub custom_information: Option<String>,
        /// What the buyer's receipt shows.
        pub communication_context: Option<CommunicationContext>,
    }
}

wire_struct! {
    /// The answer of Merchant Scan and In-Store Charge.
    #[derive(Debug)]
    pub struct InStoreChargeDetails {
        /// The Charge Permission the buyer's scan created or the charge used.
        pub charge_permission_id: Option<ChargePermissionId>,
        /// The charge.
        pub charge_id: Option<ChargeId>,
        /// The merchant's scan reference, echoed.
        pub scan_reference_id: Option<String>,
        /// The merchant's charge reference, echoed.
        pub charge_reference_id: Option<String>,
        /// The amount charged.
        pub charge_total: Option<Price>,
        /// Where the charge stands.
        pub status_details: Option<ChargeStatusDetails>,
        /// When it was created.
        pub creation_timestamp: Option<Timestamp>,
    }
}

wire_struct! {
    /// The answer of In-Store Refund.
    #[derive(Debug)]
    pub struct InStoreRefundDetails {
        /// The refund.
        pub refund_id: Option<RefundId>,
        /// The charge refunded.
        pub charge_id: Option<ChargeId>,
        /// The merchant's refund reference, echoed.
        pub refund_reference_id: Option<String>,
        /// The amount refunded.
        pub refund_total: Option<Price>,
        /// Where the refund stands.
        pub status_details: Option<RefundStatusDetails>,
        /// When it was created.
        pub creation_timestamp: Option<Timestamp>,
    }
}
