//! Disputes and their evidence files (spec §15; payment service providers).

use crate::model::common::ProviderMetadata;
use crate::model::de as wire_de;
use crate::model::ids::{ChargeId, DisputeId, FileId};
use crate::money::Price;
use crate::timestamp::Timestamp;
use crate::wire::{wire_enum, wire_struct};

wire_enum! {
    /// The state of a dispute.
    pub enum DisputeState {
        /// Amazon is reviewing it.
        UnderReview = "UnderReview",
        /// The merchant must respond (contest or accept).
        ActionRequired = "ActionRequired",
        /// Decided.
        Resolved = "Resolved",
        /// Closed.
        Closed = "Closed",
    }
}

wire_enum! {
    /// Why a dispute is in its state.
    pub enum DisputeReasonCode {
        /// The merchant must respond.
        MerchantResponseRequired = "MerchantResponseRequired",
        /// More evidence is needed from the merchant.
        MerchantAdditionalEvidencesRequired = "MerchantAdditionalEvidencesRequired",
        /// More evidence is needed from the buyer.
        BuyerAdditionalEvidencesRequired = "BuyerAdditionalEvidencesRequired",
        /// The merchant accepted the dispute.
        MerchantAcceptedDispute = "MerchantAcceptedDispute",
        /// The merchant did not respond in time.
        MerchantResponseDeadlineExpired = "MerchantResponseDeadlineExpired",
        /// The buyer withdrew it.
        BuyerCancelled = "BuyerCancelled",
        /// An investigator decided it.
        InvestigatorResolved = "InvestigatorResolved",
        /// Decided automatically.
        AutoResolved = "AutoResolved",
        /// The buyer filed a chargeback.
        ChargebackFiled = "ChargebackFiled",
    }
}

wire_enum! {
    /// Who won a resolved dispute.
    pub enum DisputeResolution {
        /// The buyer.
        BuyerWon = "BuyerWon",
        /// The merchant.
        MerchantWon = "MerchantWon",
        /// Neither is at fault.
        NoFault = "NoFault",
    }
}

wire_enum! {
    /// Why the buyer filed the dispute.
    pub enum DisputeFilingReason {
        /// Not received.
        ProductNotReceived = "ProductNotReceived",
        /// Not acceptable.
        ProductUnacceptable = "ProductUnacceptable",
        /// No longer needed.
        ProductNoLongerNeeded = "ProductNoLongerNeeded",
        /// A credit was not processed.
        CreditNotProcessed = "CreditNotProcessed",
        /// Charged too much.
        Overcharged = "Overcharged",
        /// Charged twice.
        DuplicateCharge = "DuplicateCharge",
        /// The subscription was cancelled.
        SubscriptionCancelled = "SubscriptionCancelled",
        /// The buyer does not recognise the charge.
        Unrecognized = "Unrecognized",
        /// Fraud.
        Fraudulent = "Fraudulent",
        /// Anything else.
        Other = "Other",
    }
}

wire_enum! {
    /// The kind of a piece of evidence.
    pub enum EvidenceType {
        /// A description of the product.
        ProductDescription = "ProductDescription",
        /// A receipt.
        Receipt = "Receipt",
        /// The cancellation policy.
        CancellationPolicy = "CancellationPolicy",
        /// The customer's signature.
        CustomerSignature = "CustomerSignature",
        /// A shipment tracking number.
        TrackingNumber = "TrackingNumber",
        /// Anything else.
        Other = "Other",
    }
}

wire_struct! {
    /// Where a dispute stands.
    #[derive(Debug)]
    pub struct DisputeStatusDetails {
        /// The state.
        pub state: Option<DisputeState>,
        /// Why it is in that state.
        pub reason_code: Option<DisputeReasonCode>,
        /// Amazon's or the provider's words on the reason.
        pub reason_description: Option<String>,
        /// Who won, once resolved.
        pub resolution: Option<DisputeResolution>,
    }
}

wire_struct! {
    /// One piece of evidence: a file uploaded with Upload File, a text, or
    /// both.
    #[derive(Debug)]
    pub struct Evidence {
        /// Its kind.
        pub evidence_type: Option<EvidenceType>,
        /// The uploaded file.
        pub file_id: Option<FileId>,
        /// The text.
        pub evidence_text: Option<String>,
    }
}

wire_struct! {
    /// A dispute (chargeback or A-to-z Guarantee claim).
    #[derive(Debug)]
    pub struct Dispute {
        /// Its id.
        pub dispute_id: Option<DisputeId>,
        /// The disputed charge.
        pub charge_id: Option<ChargeId>,
        /// The payment service provider's reference.
        pub provider_metadata: Option<ProviderMetadata>,
        /// The amount disputed.
        pub dispute_amount: Option<Price>,
        /// Why the buyer filed it.
        pub filing_reason: Option<DisputeFilingReason>,
        /// When it was filed.
        pub filing_timestamp: Option<Timestamp>,
        /// Where it stands.
        pub status_details: Option<DisputeStatusDetails>,
        /// The merchant's deadline to respond.
        pub merchant_response_deadline: Option<Timestamp>,
        /// The merchant's evidence so far.
        #[serde(deserialize_with = "wire_de::list")]
        pub merchant_evidences: Option<Vec<Evidence>>,
        /// The buyer's evidence so far.
        #[serde(deserialize_with = "wire_de::list")]
        pub buyer_evidences: Option<Vec<Evidence>>,
        /// When the dispute was created in Amazon's systems.
        pub creation_timestamp: Option<Timestamp>,
        /// When it was closed.
        pub closure_timestamp: Option<Timestamp>,
    }
}

wire_struct! {
    /// The answer of Upload File: the file's id, and where to put its bytes.
    #[derive(Debug)]
    pub struct UploadedFile {
        /// The id to name in the evidence.
        pub file_id: Option<FileId>,
        /// Where to upload the content (a pre-signed URL).
        pub upload_url: Option<String>,
    }
}
