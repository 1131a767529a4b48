//! The Refund object (spec §3.16, states §4.5).

use crate::model::common::{RawJson, ReleaseEnvironment, StatusDetails};
use crate::model::ids::{ChargeId, RefundId};
use crate::money::Price;
use crate::timestamp::Timestamp;
use crate::wire::{wire_enum, wire_struct};

wire_enum! {
    /// The state of a Refund: `RefundInitiated` → `Refunded` | `Declined`
    /// (the wire values; Amazon's prose says "Pending" and "Completed").
    pub enum RefundState {
        /// Amazon is processing the refund (always asynchronous).
        RefundInitiated = "RefundInitiated",
        /// Final: the buyer got the money back.
        Refunded = "Refunded",
        /// Final: the refund failed; `reasonCode` says why.
        Declined = "Declined",
    }
}

wire_enum! {
    /// Why a Refund was declined (spec §4.5).
    pub enum RefundReasonCode {
        /// Amazon rejected the refund; refund the buyer another way.
        AmazonRejected = "AmazonRejected",
        /// Processing error, or the buyer was already refunded through an
        /// A-to-z claim or chargeback.
        ProcessingFailure = "ProcessingFailure",
    }
}

/// `statusDetails` of a Refund.
pub type RefundStatusDetails = StatusDetails<RefundState, RefundReasonCode>;

wire_struct! {
    /// Money returned to the buyer from a captured Charge (spec §3.16).
    #[derive(Debug)]
    pub struct Refund {
        /// The refund id.
        pub refund_id: Option<RefundId>,
        /// The captured charge refunded.
        pub charge_id: Option<ChargeId>,
        /// The amount refunded.
        #[serde(deserialize_with = "crate::money::optional_price")]
        pub refund_amount: Option<Price>,
        /// Statement text after `AMZ* `.
        pub soft_descriptor: Option<String>,
        /// When the refund was created.
        pub creation_timestamp: Option<Timestamp>,
        /// State and reason. v1: `statusDetail`.
        #[serde(alias = "statusDetail")]
        pub status_details: Option<RefundStatusDetails>,
        /// Live or Sandbox.
        pub release_environment: Option<ReleaseEnvironment>,
        /// Seen in responses; meaning unconfirmed, kept as sent.
        pub disbursement_details: Option<RawJson>,
    }
}

impl Refund {
    /// The state, if Amazon reported one.
    pub fn state(&self) -> Option<&RefundState> {
        self.status_details.as_ref()?.state.as_ref()
    }

    /// The reason code, if Amazon reported one.
    pub fn reason_code(&self) -> Option<&RefundReasonCode> {
        self.status_details.as_ref()?.reason_code.as_ref()
    }
}
