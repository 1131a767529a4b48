//! Wire types: what Amazon sends and receives, field for field (spec §3).
//!
//! One file per object, with the nested types in [`common`]. The rules for
//! decoding are the same everywhere:
//!
//! - JSON names are Amazon's exact camelCase names.
//! - Every response field is an `Option`; an explicit `null` and a missing
//!   field both decode to `None`.
//! - Unknown fields are ignored (Amazon adds fields over time).
//! - `null` elements inside arrays are dropped (`"paymentPreferences":[null]`
//!   decodes to an empty list); `null` for the array itself stays `None`.
//! - States, reason codes and every other Amazon word are enums with an
//!   `Unknown(String)` variant that keeps unfamiliar text as sent.
//! - The singular spellings of API path version v1 (`statusDetail`,
//!   `webCheckoutDetail`, `paymentDetail`) are accepted; encoding writes the v2
//!   names, and [`respell`] renames a JSON value into either version's.
//! - Encoding leaves out `None` fields, so decode → encode → decode gives the
//!   same value.
//!
//! These types say what Amazon reported; whether a move between two reports is
//! legal is the business of the lifecycles.

pub mod account;
pub mod buyer;
pub mod charge;
pub mod charge_permission;
pub mod checkout_session;
pub mod common;
pub mod delivery_tracker;
pub mod dispute;
pub mod error_response;
pub mod ids;
pub mod in_store;
pub mod refund;
pub mod reporting;
mod spelling;

pub use account::{
    AccountAddress, AccountStatus, AuthorizationToken, BusinessInfo, IntegrationInfo,
    MerchantAccount, Person, Store,
};
pub use buyer::{Buyer, PrimeMembershipType};
pub use charge::{
    Channel, Charge, ChargeInitiator, ChargeReasonCode, ChargeState, ChargeStatusDetails,
};
pub use charge_permission::{
    ChargePermission, ChargePermissionReason, ChargePermissionReasonCode, ChargePermissionState,
    ChargePermissionStatusDetails,
};
pub use checkout_session::{
    CheckoutSession, CheckoutSessionReasonCode, CheckoutSessionState, CheckoutSessionStatusDetails,
};
pub use common::{
    Address, AddressDetails, AddressRestrictions, ChargePermissionType, CheckoutMode, Constraint,
    ConstraintId, DeliverySpecifications, Frequency, FrequencyUnit, Limits, MerchantMetadata,
    MultiAddressCheckoutMetadata, PaymentDetails, PaymentIntent, PaymentMethodOnFileMetadata,
    PaymentPreference, ProductType, ProviderMetadata, RawJson, RecurringMetadata,
    ReleaseEnvironment, RestrictionType, Scope, SpecialRestriction, StatesAndZipCodes,
    StatusDetails, WebCheckoutDetails,
};
pub use delivery_tracker::{DeliveryDetail, DeliveryTracker};
pub use dispute::{
    Dispute, DisputeFilingReason, DisputeReasonCode, DisputeResolution, DisputeState,
    DisputeStatusDetails, Evidence, EvidenceType, UploadedFile,
};
pub use error_response::{ErrorCode, ErrorResponse};
pub use ids::{
    AUTH_TOKEN_MAX, AuthToken, ChargeId, ChargePermissionId, CheckoutSessionId, DisputeId, FileId,
    MerchantAccountId, NextToken, RefundId, ReportDocumentId, ReportId, ReportScheduleId, StoreId,
};
pub use in_store::{
    CommunicationContext, InStoreChargeDetails, InStoreMetadata, InStoreRefundDetails,
};
pub use refund::{Refund, RefundReasonCode, RefundState, RefundStatusDetails};
pub use reporting::{
    CreatedReport, CreatedReportSchedule, Disbursement, DisbursementsPage, ProcessingStatus,
    Report, ReportDocument, ReportSchedule, ReportSchedules, ReportType, ReportsPage,
    ScheduleFrequency,
};
pub use spelling::{V1_SPELLINGS, respell, respell_body};

/// Serde helpers shared by the wire types.
pub(crate) mod de {
    use std::fmt;

    use serde::de::{self, Deserializer, Visitor};
    use serde::{Deserialize, Serializer};

    /// `null` → `None`; an array → `Some` of its non-null elements.
    pub(crate) fn list<'de, D, T>(deserializer: D) -> Result<Option<Vec<T>>, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de>,
    {
        let list = Option::<Vec<Option<T>>>::deserialize(deserializer)?;
        Ok(list.map(|items| items.into_iter().flatten().collect()))
    }

    /// A decimal that Amazon sends either as a string or as a JSON number
    /// (`conversionRate`), kept as its decimal text.
    ///
    /// Informational values only: the crate never computes with them. A JSON
    /// number with a fraction reaches serde as a binary float; it is kept as
    /// the shortest decimal text that reads back as that float, which has the
    /// same digits as Amazon's for up to 15 significant digits (trailing zeros
    /// aside: `1.50` becomes `"1.5"`). Amazon's documentation shows strings.
    pub(crate) fn decimal_text<'de, D>(deserializer: D) -> Result<Option<String>, D::Error>
    where
        D: Deserializer<'de>,
    {
        struct DecimalVisitor;
        impl Visitor<'_> for DecimalVisitor {
            type Value = Option<String>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a decimal as a string or a number")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
                Ok(Some(text.to_owned()))
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
                Ok(Some(value.to_string()))
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
                Ok(Some(value.to_string()))
            }
            fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
                Ok(Some(value.to_string()))
            }
        }
        deserializer.deserialize_any(DecimalVisitor)
    }

    /// A count Amazon sends as a string (`"1"`, docs) or a number (`1`, .NET);
    /// written as a string.
    pub(crate) fn count<'de, D>(deserializer: D) -> Result<Option<u32>, D::Error>
    where
        D: Deserializer<'de>,
    {
        struct CountVisitor;
        impl Visitor<'_> for CountVisitor {
            type Value = Option<u32>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a whole number, as a string or a number")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
                if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(E::invalid_value(de::Unexpected::Str(text), &self));
                }
                text.parse().map(Some).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
                u32::try_from(value).map(Some).map_err(E::custom)
            }
        }
        deserializer.deserialize_any(CountVisitor)
    }

    /// Writes a count as Amazon's documentation does: a string.
    pub(crate) fn count_as_text<S: Serializer>(
        value: &Option<u32>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(count) => serializer.collect_str(count),
            None => serializer.serialize_none(),
        }
    }
}

/// `Debug` for personal data: shows whether a value is there, never the value.
pub(crate) struct Redacted<'a, T>(pub(crate) &'a Option<T>);

impl<T> std::fmt::Debug for Redacted<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(_) => f.write_str("Some(<redacted>)"),
            None => f.write_str("None"),
        }
    }
}
