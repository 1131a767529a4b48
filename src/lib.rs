//! # amazon-pay-core
//!
//! The sans-IO core of an Amazon Pay Checkout v2 integration: every Amazon
//! Pay object as a typed value, the rules Amazon enforces, and the exact text
//! Amazon expects — with no transport of its own. Bring your own HTTP client
//! (blocking or async), your own clock and your own entropy.
//!
//! ## The contract
//!
//! 1. **No I/O, no clock, no global RNG.** Every function that needs time
//!    takes `now`; everything that needs randomness takes an RNG from the
//!    caller. Same inputs give the same outputs.
//! 2. **No input can make it panic.** Bad input is a typed error that names
//!    the field and the rule ([`ValidationError`]).
//! 3. **Amazon's words stay Amazon's words.** Native states, reason codes and
//!    field names are kept; unknown values from the server are preserved as
//!    `Unknown(String)`, never rejected.
//! 4. **Money is exact.** Integer minor units plus a currency, written as
//!    decimal strings ([`Price`]). No floats.
//! 5. **Secrets stay secret.** Private keys, signatures and buyer personal
//!    data are redacted in `Debug`.
//! 6. **Amazon's report is the truth.** The rule book ([`lifecycle`])
//!    predicts and refuses; it never overrules a fresher report from Amazon,
//!    and a final state stays final.
//!
//! ## How data flows
//!
//! ```text
//! Config (region, environment, API path version, public key id, algorithm, host)
//!       │
//! Ledger / lifecycles ── may I? (state, deadlines, money rules) ──► LifecycleError (nothing sent)
//!       │ yes: request_capture(…) hands out the typed operation
//! operation::CaptureCharge, CreateRefund, … ── into_request(&config) ──► ValidationError
//!       │
//! UnsignedRequest {method, path, query, headers, body}
//!       │ sign(&config, &signer, now, &mut entropy)   canonical request → string to sign → RSA-PSS
//! SignedRequest ──► your HTTP client (ureq, reqwest, hyper, anything)
//!       │
//! operation.decode(Response {status, headers, body}) ──► model::Charge, … | ApiError
//!       │
//! Ledger / lifecycles take the answer in (Amazon's report wins; stale reports are ignored)
//! ```
//!
//! Every API call is a typed operation ([`operation`]): the 17 Checkout calls
//! the lifecycles govern, and the 26 of the other families — reports and
//! schedules, disbursements, merchant accounts and stores, delegation,
//! disputes and evidence files, in-store — 43 in one table
//! ([`Operation::ALL`], with each call's method, path template and
//! idempotency). Paged answers are walked with
//! [`operation::Paginated`]; solution providers add their headers to any call
//! with [`operation::CallHeaders`].
//!
//! ## Example
//!
//! ```
//! use amazon_pay_core::model::{Charge, ChargeState};
//! use amazon_pay_core::{Config, Currency, Price, PublicKeyId, Region, Timestamp};
//!
//! // Where requests go. A SANDBOX- key id implies the sandbox.
//! let config = Config::new(Region::parse("us")?, PublicKeyId::parse("SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B")?);
//! assert_eq!(config.base_url(), "https://pay-api.amazon.com/v2");
//!
//! // Money is checked before it goes anywhere.
//! let capture = Price::parse("14.00", "USD")?;
//! assert!(Price::parse("7.7225", "USD").is_err());
//!
//! // A typed Capture Charge: validated, then signed for any HTTP client.
//! # #[cfg(any(feature = "aws-lc-rs", feature = "rsa"))] {
//! use amazon_pay_core::IdempotencyKey;
//! use amazon_pay_core::model::ChargeId;
//! use amazon_pay_core::operation::{ApiOperation, CaptureCharge, Response};
//! use amazon_pay_core::sign::DefaultSigner;
//!
//! let signer = DefaultSigner::from_pem(&std::fs::read_to_string("tests/vectors/keys/rsa2048.pkcs8.pem")?)?;
//! // Your CSPRNG in production, e.g. `|buf| getrandom::fill(buf).unwrap()`.
//! let mut entropy = |buf: &mut [u8]| buf.fill(0x2a);
//! let operation = CaptureCharge::new(
//!     ChargeId::from("P21-1111111-1111111-C111111"),
//!     capture.clone(),
//!     IdempotencyKey::generate(&mut entropy),
//! );
//! let signed = operation
//!     .into_request(&config)?
//!     .sign(&config, &signer, Timestamp::parse("20190714T155300Z")?, &mut entropy)?;
//! assert_eq!(signed.url(), "https://pay-api.amazon.com/v2/charges/P21-1111111-1111111-C111111/capture");
//! assert!(signed.authorization().starts_with("AMZN-PAY-RSASSA-PSS-V2 PublicKeyId=SANDBOX-"));
//! // send signed.method(), signed.url(), signed.headers(), signed.body() …
//! // … and decode the answer with the same operation.
//! let answer = Response::new(422, br#"{"reasonCode":"InvalidChargeStatus","message":"Canceled"}"#.to_vec());
//! let error = operation.decode(&answer).unwrap_err();
//! assert!(!error.is_retryable());
//! # }
//!
//! // The rule book refuses what Amazon would refuse, before it is sent …
//! use amazon_pay_core::lifecycle::ChargeLifecycle;
//! let authorized_at = Timestamp::parse("20190714T150000Z")?;
//! let charge = ChargeLifecycle::authorized(capture.clone(), authorized_at);
//! let refused = charge.clone().capture_requested(Price::parse("14.01", "USD")?, authorized_at).unwrap_err();
//! assert!(refused.to_string().contains("more than the 14.00 USD authorized"));
//!
//! // … and reads Amazon's answer, typed.
//! let body = r#"{
//!     "chargeId": "P21-1111111-1111111-C111111",
//!     "chargeAmount": {"amount": "14.00", "currencyCode": "USD"},
//!     "captureAmount": {"amount": "14.00", "currencyCode": "USD"},
//!     "statusDetails": {"state": "Captured", "reasonCode": null,
//!                       "lastUpdatedTimestamp": "20190714T155300Z"},
//!     "someFieldFromTheFuture": true
//! }"#;
//! let charge: Charge = serde_json::from_str(body)?;
//! assert_eq!(charge.state(), Some(&ChargeState::Captured));
//! assert_eq!(charge.capture_amount.as_ref(), Some(&capture));
//! assert_eq!(capture.currency(), &Currency::Usd);
//! let updated = charge.status_details.as_ref().and_then(|s| s.last_updated_timestamp);
//! assert_eq!(updated, Some(Timestamp::parse("2019-07-14T15:53:00Z")?));
//!
//! // Observing the answer moves the lifecycle (Authorized → Captured is legal).
//! use amazon_pay_core::Operation;
//! let lifecycle = ChargeLifecycle::authorized(capture.clone(), authorized_at).observe(&charge)?.lifecycle;
//! assert_eq!(lifecycle.allowed_operations(updated.unwrap()), [Operation::GetCharge, Operation::CreateRefund]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Cargo features
//!
//! - `aws-lc-rs` (default): the [`sign::AwsLcSigner`] backend.
//! - `rsa`: the pure-Rust `sign::RustCryptoSigner` backend (wasm32,
//!   reproducible signatures; carries RUSTSEC-2023-0071).
//! - `http`: conversions to and from the `http` crate's types.
//! - `ipn`: `notification` — Instant Payment Notifications: SNS envelopes
//!   parsed, certificate URLs checked before anything is fetched, signatures
//!   verified, and the Get each notification calls for.
//! - `proptest`: `strategy` — proptest strategies for your own tests.
//!
//! Without either, the crate still canonicalizes requests and signs through
//! any [`sign::Signer`] you implement (an HSM, a cloud KMS).
//!
//! ## The layers of the code
//!
//! Each module owns its error type beside the code that returns it, and
//! imports run only downwards, floor by floor; nothing imports through this
//! file, and nothing inside the crate imports [`Error`], which only gathers
//! the others for your `?`:
//!
//! | floor | modules | errors they own |
//! |---|---|---|
//! | 9 | `lib.rs`: the re-exports | |
//! | 8 | `error` | [`Error`] (gathers) |
//! | 7 | [`exchange`], [`notification`](crate#cargo-features), [`strategy`](crate#cargo-features) | [`exchange::ExchangeError`], `NotificationError` |
//! | 6 | [`operation`] | [`operation::ApiError`], [`operation::AnswerError`] |
//! | 5 | [`lifecycle`] | [`lifecycle::LifecycleError`], [`lifecycle::RuleViolation`] |
//! | 4 | `api` (the call table: [`Operation`]) | |
//! | 3 | [`model`], `request`, `button` | |
//! | 2 | `config` | |
//! | 1 | `money`, `timestamp`, [`sign`] | [`MoneyError`], [`sign::KeyError`], [`sign::SignError`], [`sign::VerifyError`] |
//! | 0 | `wire`, `entropy`, `validation` | [`ValidationError`] |
//!
//! A module may import only from floors below its own (or, inside one
//! floor, from a module that does not import it back); `.ci/run` checks the
//! forbidden directions, and `scripts/import_graph.py` finds any circle of
//! `use crate::` paths.
//!
//! ## API path versions
//!
//! `v2` is the default ([`ApiVersion::V2`]); the legacy `v1` of the original
//! Amazon Pay documents is supported as a configuration choice
//! ([`ApiVersion::V1`]), and its singular field spellings decode into the
//! same types.

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// The vocabulary: private modules, one public path each, at the root.
mod api;
mod button;
mod config;
mod entropy;
mod error;
mod money;
mod request;
mod timestamp;
mod validation;
mod wire;

// The chapters: public modules, each with its own error.
pub mod exchange;
pub mod lifecycle;
pub mod model;
#[cfg(feature = "ipn")]
#[cfg_attr(docsrs, doc(cfg(feature = "ipn")))]
pub mod notification;
pub mod operation;
pub mod sign;
#[cfg(feature = "proptest")]
#[cfg_attr(docsrs, doc(cfg(feature = "proptest")))]
pub mod strategy;

pub use api::{CallSpec, Family, Idempotency, Operation};
pub use button::{ButtonSignature, PreparedButton};
pub use config::{ApiVersion, Config, Environment, PublicKeyId, Region};
pub use entropy::Entropy;
pub use error::Error;
pub use money::{Amount, Currency, MoneyError, Price};
pub use request::{
    Headers, IdempotencyKey, Method, PreparedRequest, SignedRequest, UnsignedRequest,
};
pub use timestamp::Timestamp;
pub use validation::{Rule, ValidationError};

/// The `time` crate this crate's timestamps are built on, re-exported so that
/// callers use the same version for `now` and for durations.
pub use time;
