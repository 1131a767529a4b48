//! The Delivery Tracker (spec §3.17).

use crate::model::de as wire_de;
use crate::model::ids::ChargePermissionId;
use crate::wire::wire_struct;

wire_struct! {
    /// One shipment: a tracking number and its carrier.
    #[derive(Debug)]
    pub struct DeliveryDetail {
        /// The carrier's tracking number (usable once).
        pub tracking_number: Option<String>,
        /// The carrier code, from Amazon's carrier list.
        pub carrier_code: Option<String>,
    }
}

wire_struct! {
    /// Shipment tracking sent to Amazon so it can notify the buyer; the
    /// response echoes it. Exactly one of the two ids is given.
    #[derive(Debug)]
    pub struct DeliveryTracker {
        /// Legacy (MWS) order reference id.
        pub amazon_order_reference_id: Option<String>,
        /// The Charge Permission the shipment belongs to.
        pub charge_permission_id: Option<ChargePermissionId>,
        /// The shipments.
        #[serde(deserialize_with = "wire_de::list")]
        pub delivery_details: Option<Vec<DeliveryDetail>>,
    }
}
