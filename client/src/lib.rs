//! Runs [amazon-pay-core](amazon_pay_core)'s Amazon Pay operations over
//! HTTP: a blocking [`Client`] (on ureq, feature `ureq`, default) and an
//! [`AsyncClient`] (on reqwest and tokio, feature `reqwest`), each a short
//! loop around the core's sans-IO
//! [`Exchange`](amazon_pay_core::exchange::Exchange).
//!
//! ```
//! use amazon_pay_client::{Client, TransportFailure};
//! use amazon_pay_core::operation::{GetCharge, Response};
//! use amazon_pay_core::sign::{Algorithm, Signature, Signer};
//! use amazon_pay_core::{Config, Entropy, PublicKeyId, Region, SignedRequest};
//! use amazon_pay_core::sign::SignError;
//! # struct MySigner;
//! # impl Signer for MySigner {
//! #     fn sign(&self, _: Algorithm, _: &[u8], _: &mut dyn Entropy) -> Result<Signature, SignError> {
//! #         Ok(Signature::from_bytes(vec![1; 256]))
//! #     }
//! # }
//! # let signer = MySigner; // in production: DefaultSigner::from_pem(&private_key)?
//!
//! let config = Config::new(Region::Na, PublicKeyId::parse("SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B")?);
//!
//! // Any HTTP client is a transport: a closure from the signed request to
//! // Amazon's answer. (`Client::ureq(config, signer)` is the ready-made one.)
//! let send = |request: SignedRequest| -> Result<Response, TransportFailure> {
//!     assert!(request.url().starts_with("https://pay-api.amazon.com/v2/charges/"));
//!     assert!(request.header("x-amz-pay-date").is_some());
//!     Ok(Response::new(200, br#"{"chargeId":"S01-1-C1","statusDetails":{"state":"Authorized"}}"#.to_vec()))
//! };
//! let client = Client::new(config, signer, send);
//!
//! let charge = client.call(GetCharge::new("S01-1-C1"))?;
//! assert_eq!(charge.charge_id.unwrap().as_str(), "S01-1-C1");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # What a call does
//!
//! [`Client::call`] validates the operation (nothing is sent if it is
//! invalid), then sends attempts until the exchange has an outcome. Each
//! attempt is signed afresh with the system clock's date and the
//! operation's idempotency key — the same key every attempt, so Amazon
//! acts once. Statuses 408, 425, 429, 500, 502, 503 and 504 and transport
//! failures are retried with full-jitter exponential backoff drawn from the
//! OS random number generator (defaults: 3 retries, 1 s base, 20 s cap, 60 s
//! overall), honouring `Retry-After` within the cap; a call that creates or
//! moves money without an idempotency key is never repeated after a failure
//! that may have reached Amazon. See
//! [`RetryPolicy`](amazon_pay_core::exchange::RetryPolicy).
//!
//! This crate is the only part of the project that reads the system clock
//! ([`now`]) and the OS random number generator ([`idempotency_key`]).
//!
//! # Bring your own HTTP client
//!
//! Implement [`Transport`] (blocking: one method, or a closure) or
//! [`AsyncTransport`] (async: `send` and `sleep`) — a few lines around any
//! client. The request's [`SignedRequest::url`](amazon_pay_core::SignedRequest::url) is `https://` (or `http://`
//! for a loopback host set with
//! [`Config::with_loopback_http`](amazon_pay_core::Config::with_loopback_http)).

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod blocking;
mod drive;
mod error;
#[cfg(feature = "ipn")]
#[cfg_attr(docsrs, doc(cfg(feature = "ipn")))]
pub mod ipn;
mod key_file;
mod nonblocking;
mod system;

#[cfg(feature = "reqwest")]
#[cfg_attr(docsrs, doc(cfg(feature = "reqwest")))]
mod reqwest;
#[cfg(feature = "ureq")]
#[cfg_attr(docsrs, doc(cfg(feature = "ureq")))]
mod ureq;

pub use blocking::{Client, Pages, Transport};
pub use error::{Error, TransportFailure};
pub use key_file::{KeyFileError, signer_from_file};
pub use nonblocking::{AsyncClient, AsyncTransport};
#[cfg(feature = "reqwest")]
pub use reqwest::ReqwestTransport;
pub use system::{idempotency_key, now};
#[cfg(feature = "ureq")]
pub use ureq::UreqTransport;

/// The longest answer the ready-made transports read, in bytes (1 MiB).
/// Amazon's documents are a few kilobytes; a longer body is reported as a
/// broken exchange ([`TransportError::ConnectionReset`](amazon_pay_core::exchange::TransportError::ConnectionReset)).
pub const MAX_ANSWER_BYTES: u64 = 1 << 20;
