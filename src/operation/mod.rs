//! Every call of the Checkout API as a typed operation (spec §5.1), and what
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

mod buyer;
mod charge;
mod charge_permission;
mod checkout_complete;
mod checkout_session;
mod handout;
#[cfg(feature = "http")]
#[cfg_attr(docsrs, doc(cfg(feature = "http")))]
mod http;
mod refund;
mod response;
pub mod validate;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::config::{ApiVersion, Config};
use crate::error::{Rule, ValidationError};
use crate::lifecycle::Operation;
use crate::request::{IdempotencyKey, Method, UnsignedRequest};

pub use buyer::{CreateDeliveryTracker, DeliveryDetailRequest, GetBuyer};
pub use charge::{
    CancelCharge, CancelChargeBody, CaptureCharge, CaptureChargeBody, CreateCharge,
    CreateChargeBody, GetCharge, UpdateCharge, UpdateChargeBody,
};
pub use charge_permission::{
    CloseChargePermission, CloseChargePermissionBody, GetChargePermission, UpdateChargePermission,
    UpdateChargePermissionBody,
};
pub use checkout_complete::{
    CompleteCheckoutSession, CompleteCheckoutSessionBody, FinalizeCheckoutSession,
    FinalizeCheckoutSessionBody,
};
pub use checkout_session::{
    CheckoutSessionPaymentDetails, CheckoutWebDetails, CreateCheckoutSession,
    CreateCheckoutSessionBody, GetCheckoutSession, UpdateCheckoutSession,
    UpdateCheckoutSessionBody, UpdatePaymentDetails,
};
pub use refund::{CreateRefund, CreateRefundBody, GetRefund};
pub use response::{ApiError, ApiErrorKind, Response, Unreadable};

/// Whether a call carries an `x-amz-pay-idempotency-key`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Idempotency {
    /// The call creates or moves money: its constructor takes a key.
    Required,
    /// Amazon's documents leave it open: sent when you give one.
    Optional,
    /// Not sent.
    None,
}

/// What every operation of one kind shares (spec §5.1): the row of the
/// operations table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct CallSpec {
    /// Which call.
    pub operation: Operation,
    /// The HTTP method.
    pub method: Method,
    /// The idempotency key.
    pub idempotency: Idempotency,
    /// Whether API path version v1 has the call.
    pub in_v1: bool,
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

    /// The request to sign: validated, with method, path, body and
    /// idempotency key. Refused under API path version v1 for the calls v1
    /// does not have. (It borrows: one operation value can build the request
    /// again for a retry, and later decode the answer.)
    #[allow(clippy::wrong_self_convention)]
    fn into_request(&self, config: &Config) -> Result<UnsignedRequest, ValidationError> {
        if config.api_version() == ApiVersion::V1 && !Self::SPEC.in_v1 {
            return Err(ValidationError::new(
                Self::SPEC.operation.as_str(),
                Rule::NotInApiVersion {
                    version: ApiVersion::V1,
                    instead: "under v1 the Checkout Session completes when the buyer returns to \
                              checkoutResultReturnUrl; use v2 for this call",
                },
            ));
        }
        self.validate(config)?;
        let mut request = UnsignedRequest::new(Self::SPEC.method, self.path());
        if let Some(body) = self.body() {
            request = request.with_body(body?);
        }
        if let Some(key) = self.idempotency_key() {
            request = request.with_idempotency_key(key.clone());
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

/// Declares an operation's table row and the trait items every operation
/// implements the same way.
macro_rules! call_spec {
    ($operation:ident, $method:ident, $idempotency:ident, in_v1: $in_v1:literal) => {
        const SPEC: $crate::operation::CallSpec = $crate::operation::CallSpec {
            operation: $crate::lifecycle::Operation::$operation,
            method: $crate::request::Method::$method,
            idempotency: $crate::operation::Idempotency::$idempotency,
            in_v1: $in_v1,
        };
    };
}

/// Declares a Get operation: one id in the path, no body, no key.
macro_rules! get_operation {
    (
        $(#[$meta:meta])*
        $name:ident($id:ty, $field:literal) => $path:literal, $operation:ident, $output:ty
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name {
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
            $crate::operation::call_spec!($operation, Get, None, in_v1: true);

            fn path(&self) -> String {
                format!($path, self.id.as_str())
            }

            fn validate(
                &self,
                _: &$crate::config::Config,
            ) -> Result<(), $crate::error::ValidationError> {
                $crate::operation::validate::path_id($field, self.id.as_str())
            }

            fn body(&self) -> Option<Result<Vec<u8>, $crate::error::ValidationError>> {
                None
            }

            fn idempotency_key(&self) -> Option<&$crate::request::IdempotencyKey> {
                None
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
    (none) => {
        $crate::operation::body_and_key!(@body);
        fn idempotency_key(&self) -> Option<&$crate::request::IdempotencyKey> {
            None
        }
    };
    (@body) => {
        fn body(&self) -> Option<Result<Vec<u8>, $crate::error::ValidationError>> {
            Some($crate::operation::json(&self.body))
        }
    };
}

pub(crate) use {body_and_key, call_spec, get_operation};
