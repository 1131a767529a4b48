//! Disputes and evidence files (spec §15, payment service providers): Create,
//! Get, Update and Contest Dispute, and Upload File.
//!
//! Amazon documents these bodies only through its SDKs' examples; the
//! fields below are those. Contest within the dispute window: 11 days for a
//! chargeback, 7 for an A-to-z Guarantee claim.

use serde::{Deserialize, Serialize};

use crate::api::{CallSpec, Operation};
use crate::config::Config;
use crate::model::{
    ChargeId, Dispute, DisputeFilingReason, DisputeId, DisputeState, DisputeStatusDetails,
    Evidence, ProviderMetadata, UploadedFile,
};
use crate::money::Price;
use crate::operation::charge::positive_amount;
use crate::operation::validate::{self, ID_MAX};
use crate::operation::{ApiOperation, body_and_key, get_operation, optional_key};
use crate::request::IdempotencyKey;
use crate::timestamp::Timestamp;
use crate::validation::{Rule, ValidationError};

get_operation! {
    /// Get Dispute: `GET /disputes/{disputeId}`, 200.
    GetDispute(DisputeId, "disputeId") => GetDispute, Dispute
}

/// The `statusDetails` a provider sends when it creates a dispute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct InitialStatus {
    state: DisputeState,
}

/// The body of Create Dispute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateDisputeBody {
    charge_id: ChargeId,
    provider_metadata: ProviderMetadata,
    dispute_amount: Price,
    filing_reason: DisputeFilingReason,
    creation_timestamp: Timestamp,
    #[serde(skip_serializing_if = "Option::is_none")]
    status_details: Option<InitialStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    merchant_response_deadline: Option<Timestamp>,
}

/// Create Dispute: `POST /disputes`, 200: tells Amazon of a chargeback a
/// buyer filed on a charge the provider processed.
///
/// ```json
/// {"chargeId":"S01-5105180-3221187-C056351","providerMetadata":{"providerReferenceId":"psp-ref-1"},"disputeAmount":{"amount":"14.00","currencyCode":"USD"},"filingReason":"ProductNotReceived","creationTimestamp":"20240705T123000Z","statusDetails":{"state":"ActionRequired"}}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateDispute {
    body: CreateDisputeBody,
    #[serde(rename = "idempotencyKey")]
    key: IdempotencyKey,
}

impl CreateDispute {
    /// A dispute on `charge_id` for `amount`, known to the provider as
    /// `provider_reference_id`, filed for `reason` at `filed`.
    pub fn new(
        charge_id: ChargeId,
        provider_reference_id: impl Into<String>,
        amount: Price,
        reason: DisputeFilingReason,
        filed: Timestamp,
        key: IdempotencyKey,
    ) -> CreateDispute {
        let provider_metadata = ProviderMetadata {
            provider_reference_id: Some(provider_reference_id.into()),
        };
        CreateDispute {
            body: CreateDisputeBody {
                charge_id,
                provider_metadata,
                dispute_amount: amount,
                filing_reason: reason,
                creation_timestamp: filed,
                status_details: None,
                merchant_response_deadline: None,
            },
            key,
        }
    }

    /// Its state (`statusDetails.state`), such as `ActionRequired`.
    pub fn with_state(mut self, state: DisputeState) -> Self {
        self.body.status_details = Some(InitialStatus { state });
        self
    }

    /// The merchant's deadline to respond (`merchantResponseDeadline`).
    pub fn with_merchant_response_deadline(mut self, deadline: Timestamp) -> Self {
        self.body.merchant_response_deadline = Some(deadline);
        self
    }
}

impl ApiOperation for CreateDispute {
    type Output = Dispute;
    const SPEC: CallSpec = Operation::CreateDispute.spec();

    fn path(&self) -> String {
        Self::SPEC.path.to_owned()
    }

    fn validate(&self, _: &Config) -> Result<(), ValidationError> {
        let body = &self.body;
        validate::path_id("chargeId", body.charge_id.as_str())?;
        let reference = body.provider_metadata.provider_reference_id.as_deref();
        validate::text(
            "providerMetadata.providerReferenceId",
            reference.unwrap_or_default(),
            ID_MAX,
            false,
        )?;
        positive_amount("disputeAmount", &body.dispute_amount)?;
        validate::list_word("filingReason", body.filing_reason.as_str())?;
        validate::time_range(
            "creationTimestamp",
            Some(body.creation_timestamp),
            "merchantResponseDeadline",
            body.merchant_response_deadline,
        )
    }

    body_and_key!(required);
}

/// The body of Update Dispute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateDisputeBody {
    status_details: DisputeStatusDetails,
    #[serde(skip_serializing_if = "Option::is_none")]
    closure_timestamp: Option<Timestamp>,
}

/// Update Dispute: `PATCH /disputes/{disputeId}`, 200: tells Amazon how a
/// chargeback the provider handled ended.
///
/// ```json
/// {"statusDetails":{"state":"Resolved","reasonCode":"MerchantAcceptedDispute","resolution":"BuyerWon"},"closureTimestamp":"20240710T090000Z"}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateDispute {
    #[serde(rename = "disputeId")]
    id: DisputeId,
    body: UpdateDisputeBody,
    #[serde(rename = "idempotencyKey")]
    key: Option<IdempotencyKey>,
}

impl UpdateDispute {
    /// Sets `id`'s status. `status.state` is required; a `Resolved` state
    /// also needs its `resolution`.
    pub fn new(id: DisputeId, status: DisputeStatusDetails) -> UpdateDispute {
        UpdateDispute {
            id,
            body: UpdateDisputeBody {
                status_details: status,
                closure_timestamp: None,
            },
            key: None,
        }
    }

    /// When the dispute closed (`closureTimestamp`).
    pub fn with_closure_timestamp(mut self, at: Timestamp) -> Self {
        self.body.closure_timestamp = Some(at);
        self
    }
}

impl ApiOperation for UpdateDispute {
    type Output = Dispute;
    const SPEC: CallSpec = Operation::UpdateDispute.spec();

    fn path(&self) -> String {
        Self::SPEC.path_with(&[self.id.as_str()])
    }

    fn validate(&self, _: &Config) -> Result<(), ValidationError> {
        validate::path_id("disputeId", self.id.as_str())?;
        let status = &self.body.status_details;
        let Some(state) = &status.state else {
            return Err(ValidationError::new("statusDetails.state", Rule::Missing));
        };
        if *state == DisputeState::Resolved && status.resolution.is_none() {
            return Err(ValidationError::new(
                "statusDetails.resolution",
                Rule::Required {
                    because: "when the state is Resolved: say who won",
                },
            ));
        }
        if let Some(description) = &status.reason_description {
            validate::text(
                "statusDetails.reasonDescription",
                description,
                validate::REASON_MAX,
                true,
            )?;
        }
        Ok(())
    }

    body_and_key!(optional);
}

/// The body of Contest Dispute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContestDisputeBody {
    merchant_evidences: Vec<Evidence>,
}

/// Contest Dispute: `POST /disputes/{disputeId}/contest`, 200: contests a
/// dispute Amazon manages, with evidence (files from [`UploadFile`], texts).
///
/// ```json
/// {"merchantEvidences":[{"evidenceType":"TrackingNumber","evidenceText":"1Z999AA10123456784"}]}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContestDispute {
    #[serde(rename = "disputeId")]
    id: DisputeId,
    body: ContestDisputeBody,
    #[serde(rename = "idempotencyKey")]
    key: Option<IdempotencyKey>,
}

impl ContestDispute {
    /// Contests `id` with `evidences`: at least one, each with its
    /// `evidenceType` and a `fileId` or an `evidenceText`.
    pub fn new(id: DisputeId, evidences: impl IntoIterator<Item = Evidence>) -> ContestDispute {
        ContestDispute {
            id,
            body: ContestDisputeBody {
                merchant_evidences: evidences.into_iter().collect(),
            },
            key: None,
        }
    }
}

impl ApiOperation for ContestDispute {
    type Output = Dispute;
    const SPEC: CallSpec = Operation::ContestDispute.spec();

    fn path(&self) -> String {
        Self::SPEC.path_with(&[self.id.as_str()])
    }

    fn validate(&self, _: &Config) -> Result<(), ValidationError> {
        validate::path_id("disputeId", self.id.as_str())?;
        if self.body.merchant_evidences.is_empty() {
            return Err(ValidationError::new("merchantEvidences", Rule::Empty));
        }
        for evidence in &self.body.merchant_evidences {
            if evidence.evidence_type.is_none() {
                return Err(ValidationError::new(
                    "merchantEvidences.evidenceType",
                    Rule::Missing,
                ));
            }
            match (&evidence.file_id, &evidence.evidence_text) {
                (None, None) => {
                    return Err(ValidationError::new(
                        "merchantEvidences.fileId",
                        Rule::Required {
                            because: "(or evidenceText): evidence needs a file or a text",
                        },
                    ));
                }
                (file, text) => {
                    if let Some(file) = file {
                        validate::path_id("merchantEvidences.fileId", file.as_str())?;
                    }
                    if let Some(text) = text {
                        validate::text(
                            "merchantEvidences.evidenceText",
                            text,
                            validate::CUSTOM_INFORMATION_MAX,
                            true,
                        )?;
                    }
                }
            }
        }
        Ok(())
    }

    body_and_key!(optional);
}

optional_key!(UpdateDispute, ContestDispute);

/// The body of Upload File.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UploadFileBody {
    r#type: String,
    purpose: String,
}

/// Upload File: `POST /files`, 200: reserves a file for dispute evidence and
/// answers its `fileId` and the `uploadUrl` to put the content to.
///
/// ```json
/// {"type":"pdf","purpose":"disputeEvidence"}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UploadFile {
    body: UploadFileBody,
    #[serde(rename = "idempotencyKey")]
    key: IdempotencyKey,
}

impl UploadFile {
    /// The `purpose` Amazon's examples use.
    pub const DISPUTE_EVIDENCE: &'static str = "disputeEvidence";

    /// A dispute-evidence file of type `file_type`: its extension without
    /// the dot (`pdf`, `jpg`, `png`, …), ASCII letters and digits, at most 16.
    pub fn new(file_type: impl Into<String>, key: IdempotencyKey) -> UploadFile {
        UploadFile {
            body: UploadFileBody {
                r#type: file_type.into(),
                purpose: Self::DISPUTE_EVIDENCE.to_owned(),
            },
            key,
        }
    }
}

impl ApiOperation for UploadFile {
    type Output = UploadedFile;
    const SPEC: CallSpec = Operation::UploadFile.spec();

    fn path(&self) -> String {
        Self::SPEC.path.to_owned()
    }

    fn validate(&self, _: &Config) -> Result<(), ValidationError> {
        let kind = &self.body.r#type;
        if let Some(found) = kind.chars().find(|c| !c.is_ascii_alphanumeric()) {
            return Err(ValidationError::new(
                "type",
                Rule::NotAllowedCharacter {
                    found,
                    allowed: "ASCII letters and digits (a file extension without the dot)",
                },
            ));
        }
        validate::text("type", kind, 16, false)
    }

    body_and_key!(required);
}
