//! What comes back from Amazon: a [`Response`] as your HTTP client received
//! it, and an [`ApiError`] when it is not a success.
//!
//! ```
//! use amazon_pay_core::model::ErrorCode;
//! use amazon_pay_core::operation::{ApiError, Response};
//!
//! let response = Response::new(422, br#"{"reasonCode":"InvalidChargeStatus","message":"The Charge is in Canceled state"}"#.to_vec())
//!     .with_header("x-amz-pay-request-id", "a1b2c3");
//! let error = ApiError::from_response(&response);
//! assert_eq!(error.code(), Some(&ErrorCode::InvalidChargeStatus));
//! assert_eq!(error.request_id(), Some("a1b2c3"));
//! assert!(!error.is_retryable());
//! assert!(error.to_string().contains("Get the object"));
//! ```
//!
//! The typed operations of spec §5.1, which build requests and decode these
//! responses into objects, are not in this version yet.

mod response;

pub use response::{ApiError, ApiErrorKind, Response, Unreadable};
