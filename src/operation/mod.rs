//! Every Amazon Pay API call as a typed operation — the 17 Checkout calls
//! (spec §5.1) and the 26 of the other families (§15: reports, disbursements,
//! accounts and stores, delegation, disputes and files, in-store) — and what
//! comes back: a [`Response`] as your HTTP client received it, decoded into
//! the operation's output or an [`ApiError`].
//!
//! Each operation is a type — [`CaptureCharge`], [`CreateRefund`], … — built
//! from its required fields as typed values, with builder methods for the
//! optional ones. Its body is a closed type that serialises exactly the
//! fields Amazon accepts for that call. [`ApiOperation::into_request`]
//! validates every rule of spec §7.1 before anything is signed, and gives the
//! [`UnsignedRequest`] with the method, the path (ids as path segments, v1
//! paths under [`ApiVersion::V1`]) and the idempotency key. The calls that
//! create or move money take an [`IdempotencyKey`] in their constructor —
//! pass yours, or generate one from your entropy; none is invented.
//!
//! ```
//! use amazon_pay_core::model::{ChargeId, ChargeState};
//! use amazon_pay_core::operation::{ApiOperation, CaptureCharge, Response};
//! use amazon_pay_core::{Config, IdempotencyKey, Method, Price, PublicKeyId, Region};
//!
//! let config = Config::new(Region::Na, PublicKeyId::parse("SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B")?);
//! let capture = CaptureCharge::new(
//!     ChargeId::from("S01-5105180-3221187-C056351"),
//!     Price::parse("14.00", "USD")?,
//!     IdempotencyKey::parse("AVLo5tI10BHgEk2jEXAMPLEKEY")?,
//! )
//! .with_soft_descriptor("Descriptor")?;
//! let request = capture.into_request(&config)?;
//! assert_eq!(request.method(), Method::Post);
//! assert_eq!(request.path(), "/charges/S01-5105180-3221187-C056351/capture");
//! assert_eq!(
//!     request.body(),
//!     br#"{"captureAmount":{"amount":"14.00","currencyCode":"USD"},"softDescriptor":"Descriptor"}"#
//! );
//! // … sign it, send it, and read the answer.
//! let answer = Response::new(200, &include_bytes!("../../tests/fixtures/seed_v1_capture_charge.json")[..]);
//! let charge = capture.decode(&answer)?;
//! assert_eq!(charge.state(), Some(&ChargeState::Captured));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod accounts;
mod buyer;
mod charge;
mod charge_permission;
mod checkout_session;
mod disputes;
mod handout;
mod headers;
#[cfg(feature = "http")]
#[cfg_attr(docsrs, doc(cfg(feature = "http")))]
mod http;
mod in_store;
mod refund;
mod reports;
mod response;
pub mod validate;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::api::{CallSpec, Family, Operation};
use crate::config::{ApiVersion, Config, Environment};
use crate::request::{IdempotencyKey, UnsignedRequest};
use crate::validation::{Rule, ValidationError};

pub use accounts::{
    AccountBody, AccountUpdateBody, ClaimMerchantAccount, ClaimMerchantAccountBody, ClaimOutcome,
    CreateMerchantAccount, CreateStore, DeleteAmazonPayAccount, GetAuthorizationToken,
    RegisterAmazonPayAccount, UpdateAmazonPayAccount, UpdateMerchantAccount, UpdateStore,
};
pub use buyer::{CreateDeliveryTracker, DeliveryDetailRequest, GetBuyer};
pub use charge::{
    CancelCharge, CancelChargeBody, CaptureCharge, CaptureChargeBody, CreateCharge,
    CreateChargeBody, GetCharge, UpdateCharge, UpdateChargeBody,
};
pub use charge_permission::{
    CloseChargePermission, CloseChargePermissionBody, GetChargePermission, UpdateChargePermission,
    UpdateChargePermissionBody,
};
pub use checkout_session::{
    CheckoutSessionPaymentDetails, CheckoutWebDetails, CompleteCheckoutSession,
    CompleteCheckoutSessionBody, CreateCheckoutSession, CreateCheckoutSessionBody,
    FinalizeCheckoutSession, FinalizeCheckoutSessionBody, GetCheckoutSession,
    UpdateCheckoutSession, UpdateCheckoutSessionBody, UpdatePaymentDetails,
};
pub use disputes::{
    ContestDispute, ContestDisputeBody, CreateDispute, CreateDisputeBody, GetDispute,
    UpdateDispute, UpdateDisputeBody, UploadFile, UploadFileBody,
};
pub use handout::AnswerError;
pub use headers::{
    CallHeaders, INTEGRATOR_ID_MAX, IntegratorId, VERSION_MAX, VersionText, WithHeaders,
};
pub use in_store::{
    InStoreCharge, InStoreChargeBody, InStoreRefund, InStoreRefundBody, MerchantScan,
    MerchantScanBody,
};
pub use refund::{CreateRefund, CreateRefundBody, GetRefund};
pub use reports::{
    CancelReportSchedule, CreateReport, CreateReportBody, CreateReportSchedule,
    CreateReportScheduleBody, GetDisbursements, GetReportById, GetReportDocument,
    GetReportScheduleById, GetReportSchedules, GetReports,
};
pub use response::{ApiError, ApiErrorKind, Response, Unreadable};

/// A request body read back from JSON and checked by the same rules as the
/// typed operation that sends it: the one validation for raw bodies (the
/// sandbox applies it to what it receives; a binding to the JSON it is
/// given).
///
/// ```
/// use amazon_pay_core::Environment;
/// use amazon_pay_core::operation::{CaptureChargeBody, RequestBody};
///
/// let body: CaptureChargeBody = serde_json::from_str(
///     r#"{"captureAmount":{"amount":"150000.01","currencyCode":"USD"}}"#,
/// )
/// .unwrap();
/// let refused = body.validate(Environment::Sandbox).unwrap_err();
/// assert_eq!(refused.code(), "AboveTransactionMaximum");
/// ```
pub trait RequestBody: Serialize + DeserializeOwned {
    /// Checks every rule on the body's values. `environment` decides only
    /// whether a return URL may be `http://` (Sandbox). The typed
    /// operation's [`ApiOperation::validate`] runs this after its path ids.
    fn validate(&self, environment: Environment) -> Result<(), ValidationError>;
}

/// One Amazon Pay API call, typed.
pub trait ApiOperation {
    /// What a success decodes into.
    type Output: DeserializeOwned;
    /// The call's row of the operations table.
    const SPEC: CallSpec;

    /// The path relative to the API version, ids as path segments (given
    /// decoded; they are percent-encoded when signed).
    fn path(&self) -> String;

    /// Checks every rule that applies to the values, for `config`.
    fn validate(&self, config: &Config) -> Result<(), ValidationError>;

    /// The JSON body, if the call has one.
    fn body(&self) -> Option<Result<Vec<u8>, ValidationError>>;

    /// The idempotency key, if one is sent.
    fn idempotency_key(&self) -> Option<&IdempotencyKey>;

    /// The query parameters, decoded, in Amazon's spelling (most calls have
    /// none). They are percent-encoded and sorted when signed.
    fn query(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }

    /// Headers the call itself always sends (Update Merchant Account's
    /// `x-amz-pay-authtoken`); most calls have none. Optional ones go
    /// through [`with_headers`](Self::with_headers).
    fn required_headers(&self) -> Vec<(&'static str, &str)> {
        Vec::new()
    }

    /// This call with the solution-provider headers of `headers`
    /// (`x-amz-pay-authtoken`, `x-amz-pay-integrator-id`, …): the same call,
    /// signed with them.
    fn with_headers(self, headers: CallHeaders) -> WithHeaders<Self>
    where
        Self: Sized,
    {
        WithHeaders::new(self, headers)
    }

    /// The request to sign: validated, with method, path, body and
    /// idempotency key. Refused under API path version v1 for the calls v1
    /// does not have, and for a POST without an idempotency key (v1 wants
    /// one on every POST); under v1 the body is spelled as v1 spelled it
    /// ([`respell`](crate::model::respell)). (It borrows: one operation value can build the request
    /// again for a retry, and later decode the answer.)
    #[allow(clippy::wrong_self_convention)]
    fn into_request(&self, config: &Config) -> Result<UnsignedRequest, ValidationError> {
        if config.api_version() == ApiVersion::V1 && !Self::SPEC.in_v1 {
            let instead = if Self::SPEC.operation.family() == Family::Checkout {
                "under v1 the Checkout Session completes when the buyer returns to \
                 checkoutResultReturnUrl; use v2 for this call"
            } else {
                "this API family exists only under path version v2; sign it with a v2 Config"
            };
            return Err(ValidationError::new(
                Self::SPEC.operation.as_str(),
                Rule::NotInApiVersion {
                    version: ApiVersion::V1.as_str(),
                    instead,
                },
            ));
        }
        self.validate(config)?;
        let mut request = UnsignedRequest::new(Self::SPEC.method, self.path());
        for (name, value) in self.query() {
            request = request.with_query(name, value);
        }
        for (name, value) in self.required_headers() {
            request = request.with_header(name, value);
        }
        if let Some(body) = self.body() {
            let body = body?;
            request = request.with_body(match config.api_version() {
                // v1 spells `webCheckoutDetail`, `paymentDetail` (spec §14).
                ApiVersion::V1 => crate::model::respell_body(&body, ApiVersion::V1),
                ApiVersion::V2 => body,
            });
        }
        match self.idempotency_key() {
            Some(key) => request = request.with_idempotency_key(key.clone()),
            None if Self::SPEC.needs_idempotency_key(config.api_version()) => {
                return Err(ValidationError::new(
                    "x-amz-pay-idempotency-key",
                    Rule::Required {
                        because: "on every POST under API path version v1 \
                                  (with_idempotency_key)",
                    },
                ));
            }
            None => {}
        }
        Ok(request)
    }

    /// Reads Amazon's answer: the output for a 2xx status (200, 201, or 202
    /// when an authorization is pending), an [`ApiError`] otherwise — also
    /// for a 2xx body that is not the expected object.
    fn decode(&self, response: &Response) -> Result<Self::Output, ApiError> {
        decode_output(response, Self::SPEC.operation)
    }
}

/// Decodes a response into `T`, or the [`ApiError`] it is.
pub fn decode_output<T: DeserializeOwned>(
    response: &Response,
    operation: Operation,
) -> Result<T, ApiError> {
    if !response.is_success() {
        return Err(ApiError::from_response(response).for_operation(operation.as_str()));
    }
    serde_json::from_slice(response.body())
        .map_err(|_| ApiError::unexpected(response).for_operation(operation.as_str()))
}

/// A success that carries no object (Cancel Report Schedule, Delete Amazon
/// Pay Account): Amazon's body, if it sent one, kept as it came. As JSON:
/// `{"body": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct Acknowledged {
    /// The JSON Amazon sent with the success, if any (often none, or `{}`).
    pub body: Option<crate::model::RawJson>,
}

/// Decodes a success without an object: any 2xx with an empty body or JSON.
pub(crate) fn decode_acknowledged(
    response: &Response,
    operation: Operation,
) -> Result<Acknowledged, ApiError> {
    if response.is_success() && response.body().iter().all(u8::is_ascii_whitespace) {
        return Ok(Acknowledged { body: None });
    }
    decode_output(response, operation).map(|body| Acknowledged { body: Some(body) })
}

/// A call whose answer comes in pages linked by `nextToken`.
///
/// ```
/// use amazon_pay_core::model::ReportsPage;
/// use amazon_pay_core::operation::{ApiOperation, GetReports, Paginated, Response};
///
/// let first = GetReports::new().with_page_size(2)?;
/// let answer = Response::new(200, &br#"{"reports":[],"nextToken":"abc"}"#[..]);
/// let page: ReportsPage = first.decode(&answer)?;
/// let next = first.next_page(&page).expect("a next page");
/// assert_eq!(next.query(), vec![("nextToken", "abc".to_owned())]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Paginated: ApiOperation + Sized {
    /// The call for the page after `page`, or `None` when `page` is the
    /// last (it has no `nextToken`, or an empty one).
    fn next_page(&self, page: &Self::Output) -> Option<Self>;
}

/// The JSON of a body type. Serialising these closed structs cannot fail in
/// practice (string keys only); should it, the error names the body.
pub(crate) fn json<T: Serialize>(body: &T) -> Result<Vec<u8>, ValidationError> {
    serde_json::to_vec(body).map_err(|_| {
        ValidationError::new(
            "body",
            Rule::Required {
                because: "as JSON, and it could not be serialised",
            },
        )
    })
}

/// Declares a call with one id in the path, no body and no key; its output
/// decoded by `decode:` when given (the default decode otherwise).
macro_rules! id_operation {
    (
        $(#[$meta:meta])*
        $name:ident($id:ty, $field:literal) => $operation:ident, $output:ty
        $(, decode: $decode:path)?
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            #[serde(rename = $field)]
            id: $id,
        }

        impl $name {
            /// The call for `id`.
            pub fn new(id: impl Into<$id>) -> Self {
                Self { id: id.into() }
            }

            /// The id.
            pub fn id(&self) -> &$id {
                &self.id
            }
        }

        impl $crate::operation::ApiOperation for $name {
            type Output = $output;
            const SPEC: $crate::api::CallSpec = $crate::api::Operation::$operation.spec();

            fn path(&self) -> String {
                Self::SPEC.path_with(&[self.id.as_str()])
            }

            fn validate(
                &self,
                _: &$crate::config::Config,
            ) -> Result<(), $crate::validation::ValidationError> {
                $crate::operation::validate::path_id($field, self.id.as_str())
            }

            $crate::operation::body_and_key!(no_body);

            $(
            fn decode(
                &self,
                response: &$crate::operation::Response,
            ) -> Result<$output, $crate::operation::ApiError> {
                $decode(response, Self::SPEC.operation)
            }
            )?
        }
    };
}

/// Declares a Get operation: one id in the path, no body, no key.
macro_rules! get_operation {
    (
        $(#[$meta:meta])*
        $name:ident($id:ty, $field:literal) => $operation:ident, $output:ty
    ) => {
        $crate::operation::id_operation! {
            $(#[$meta])*
            $name($id, $field) => $operation, $output
        }
    };
}

/// Declares a Delete operation: one id in the path, no body, no key, and a
/// success without an object ([`Acknowledged`]).
macro_rules! delete_operation {
    (
        $(#[$meta:meta])*
        $name:ident($id:ty, $field:literal) => $operation:ident
    ) => {
        $crate::operation::id_operation! {
            $(#[$meta])*
            $name($id, $field) => $operation, $crate::operation::Acknowledged,
            decode: $crate::operation::decode_acknowledged
        }
    };
}

/// The builder of an optional idempotency key (`self.key: Option<_>`).
macro_rules! optional_key {
    ($($name:ident),+) => {
        $(
            impl $name {
                /// An idempotency key (optional for this call).
                pub fn with_idempotency_key(mut self, key: $crate::request::IdempotencyKey) -> Self {
                    self.key = Some(key);
                    self
                }
            }
        )+
    };
}

/// The `pageSize` and `nextToken` builders of a paged call.
macro_rules! paging_builders {
    ($name:ident) => {
        impl $name {
            /// Items per page (`pageSize`), 1 to 100.
            pub fn with_page_size(
                mut self,
                size: u32,
            ) -> Result<Self, $crate::validation::ValidationError> {
                $crate::operation::validate::page_size_rule(size)?;
                self.page_size = Some(size);
                Ok(self)
            }

            /// The page a previous answer pointed to (`nextToken`).
            pub fn with_next_token(mut self, token: $crate::model::NextToken) -> Self {
                self.next_token = Some(token);
                self
            }
        }
    };
}

/// The `body` and `idempotency_key` of an operation whose body is
/// `self.body`, with a required key (`self.key`), an optional one
/// (`self.key: Option<_>`) or none.
macro_rules! body_and_key {
    (required) => {
        $crate::operation::body_and_key!(@body);
        fn idempotency_key(&self) -> Option<&$crate::request::IdempotencyKey> {
            Some(&self.key)
        }
    };
    (optional) => {
        $crate::operation::body_and_key!(@body);
        fn idempotency_key(&self) -> Option<&$crate::request::IdempotencyKey> {
            self.key.as_ref()
        }
    };
    (no_body) => {
        fn body(&self) -> Option<Result<Vec<u8>, $crate::validation::ValidationError>> {
            None
        }
        fn idempotency_key(&self) -> Option<&$crate::request::IdempotencyKey> {
            None
        }
    };
    (none) => {
        $crate::operation::body_and_key!(@body);
        fn idempotency_key(&self) -> Option<&$crate::request::IdempotencyKey> {
            None
        }
    };
    (@body) => {
        fn body(&self) -> Option<Result<Vec<u8>, $crate::validation::ValidationError>> {
            Some($crate::operation::json(&self.body))
        }
    };
}

pub(crate) use {
    body_and_key, delete_operation, get_operation, id_operation, optional_key, paging_builders,
};
