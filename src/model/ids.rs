//! Object identifiers.
//!
//! Amazon's ids are opaque strings; these newtypes keep a Charge id from being
//! passed where a Charge Permission id belongs. Decoding accepts any string
//! (ids from Amazon are taken as given).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::validation::{self, Limit, ValidationError};

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Wraps an id as Amazon issued it.
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }

            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(id.to_owned())
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                Self(id)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

id_type! {
    /// A Checkout Session id, a UUID such as `acf951ea-32ee-4dea-916b-2caa9b218e4a`.
    CheckoutSessionId
}

id_type! {
    /// A Charge Permission id, such as `S01-5105180-3221187`.
    ChargePermissionId
}

id_type! {
    /// A Charge id: its Charge Permission id, `-C` and seven digits, such as
    /// `S01-5105180-3221187-C056351`.
    ChargeId
}

id_type! {
    /// A Refund id, such as `S01-5105180-3221187-R022311`.
    RefundId
}

impl ChargeId {
    /// The Charge Permission id this Charge id is derived from: everything
    /// before the last `-C`, if there is one.
    ///
    /// Amazon documents this shape only by example; use the Charge's own
    /// `chargePermissionId` field when you have it.
    ///
    /// ```
    /// use amazon_pay_core::model::ChargeId;
    /// let id = ChargeId::from("S01-5105180-3221187-C056351");
    /// assert_eq!(id.charge_permission_id().unwrap().as_str(), "S01-5105180-3221187");
    /// ```
    pub fn charge_permission_id(&self) -> Option<ChargePermissionId> {
        let (permission, _) = self.0.rsplit_once("-C")?;
        (!permission.is_empty()).then(|| ChargePermissionId::from(permission))
    }
}

id_type! {
    /// A report id, issued by Create Report.
    ReportId
}

id_type! {
    /// A report document id, such as
    /// `amzn1.tortuga.0.000000000-0000-0000-0000-000000000000.00000000000000`.
    ReportDocumentId
}

id_type! {
    /// A report schedule id, issued by Create Report Schedule.
    ReportScheduleId
}

id_type! {
    /// A dispute id.
    DisputeId
}

id_type! {
    /// The id of an uploaded evidence file, issued by Upload File.
    FileId
}

id_type! {
    /// A merchant account id, issued when the account is registered or
    /// created.
    MerchantAccountId
}

id_type! {
    /// A store id: the Login with Amazon client id,
    /// `amzn1.application-oa2-client.<hex>`.
    StoreId
}

id_type! {
    /// The token a paged answer gives for its next page (`nextToken`).
    /// Opaque: pass it back as it is.
    NextToken
}

/// The longest `x-amz-pay-authtoken` accepted (Amazon publishes no limit; a
/// header this long is already far beyond any token seen).
pub const AUTH_TOKEN_MAX: usize = 4096;
/// The delegated merchant's token for `x-amz-pay-authtoken`, from
/// Get Authorization Token. It is
/// a credential: `Debug` does not show it. It deserializes from a JSON
/// string through [`parse`](Self::parse).
#[derive(Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(try_from = "String")]
pub struct AuthToken(String);

impl TryFrom<String> for AuthToken {
    type Error = ValidationError;

    fn try_from(token: String) -> Result<AuthToken, ValidationError> {
        AuthToken::parse(&token)
    }
}

impl AuthToken {
    /// Checks a token: not empty, printable ASCII without spaces (it travels
    /// in a header), at most [`AUTH_TOKEN_MAX`] bytes.
    pub fn parse(token: &str) -> Result<AuthToken, ValidationError> {
        validation::token(
            "x-amz-pay-authtoken",
            token,
            |c| c.is_ascii_graphic(),
            "printable ASCII without spaces",
            Limit::Bytes(AUTH_TOKEN_MAX),
        )?;
        Ok(AuthToken(token.to_owned()))
    }

    /// The token.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AuthToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AuthToken(<redacted>)")
    }
}
