//! The facade every language binding of `amazon-pay-core` shares: no FFI,
//! only strings, bytes, JSON and a few handles, so that Python, JavaScript
//! and C each wrap the same surface and none of them holds a rule of its
//! own.
//!
//! - [`Client`]: settings from JSON; an operation **by name with JSON
//!   parameters** ([`Client::call`]), or in HTTP terms
//!   ([`Client::call_http`]: method, path, body), becomes a [`Call`]: the validated
//!   request, [prepared](Call::prepare) for a signature made elsewhere or
//!   [signed](Call::sign) by a signer, and Amazon's answer
//!   [decoded](Call::decode) into the typed result's JSON.
//! - [`CallExchange`]: the same call with the core's retries, stepped by the
//!   host's HTTP client, clock and entropy — signed by a [`Signer`] in
//!   [`step`](CallExchange::step), or by a signer that answers later
//!   (WebCrypto) through [`step_prepared`](CallExchange::step_prepared).
//! - [`LedgerHandle`]: a charge permission's ledger — it hands out captures,
//!   refunds and charges only within Amazon's rules, takes answers in,
//!   round-trips through JSON and reports its status.
//! - `verify_ipn` (with a signing backend): an Instant Payment
//!   Notification checked and read.
//! - [`SandboxHandle`] (feature `sandbox`): the offline sandbox in process,
//!   with the buyer's steps, for a binding's tests.
//!
//! Time and entropy always come from the caller. Every failure is a
//! [`Failure`] in one JSON shape,
//! `{kind, code, message, field?, rule?, reasonCode?, retryable, details}`.
//!
//! # Parameters
//!
//! An operation's parameters are one JSON object: the ids in the path under
//! Amazon's names (`chargeId`, `checkoutSessionId`, `chargePermissionId`,
//! `refundId`, `buyerToken`, `merchantAccountId`, `storeId`, …), `body` (the
//! request body exactly as Amazon documents it) and `idempotencyKey` where
//! the call takes one; list filters under their query names (`reportTypes`,
//! `createdSince`, `pageSize`, `nextToken`, …). A member the operation does
//! not have is refused, never dropped.
//!
//! ```
//! # #[cfg(feature = "aws-lc-rs")] {
//! use amazon_pay_embed::{Client, KeySigner, Timestamp};
//!
//! let client = Client::from_json(
//!     r#"{"publicKeyId":"SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B","region":"us"}"#,
//! )?;
//! let capture = client.call(
//!     "CaptureCharge",
//!     r#"{"chargeId":"S01-5105180-3221187-C056351",
//!         "body":{"captureAmount":{"amount":"14.00","currencyCode":"USD"}},
//!         "idempotencyKey":"AVLo5tI10BHgEk2jEXAMPLEKEY"}"#,
//! )?;
//! let pem = std::fs::read_to_string(concat!(
//!     env!("CARGO_MANIFEST_DIR"),
//!     "/../../tests/vectors/keys/rsa2048.pkcs8.pem"
//! ))?;
//! let signer = KeySigner::from_pem(&pem)?;
//! let now = Timestamp::parse("20240301T100000Z")?;
//! let request = capture.sign(&signer, now, &mut |b: &mut [u8]| b.fill(7))?;
//! assert_eq!(request.url(), "https://pay-api.amazon.com/v2/charges/S01-5105180-3221187-C056351/capture");
//!
//! // A value the rules refuse never becomes a request:
//! let refused = client
//!     .call("CreateRefund", r#"{"body":{"chargeId":"S01-1-C1","refundAmount":{"amount":"150000.01","currencyCode":"USD"}},"idempotencyKey":"k1"}"#)
//!     .err()
//!     .expect("refused");
//! assert_eq!((refused.kind(), refused.code()), ("validation", "AboveTransactionMaximum"));
//!
//! // Amazon's answer, decoded by the typed operation:
//! let charge = capture.decode(200, &[], br#"{"chargeId":"S01-5105180-3221187-C056351","statusDetails":{"state":"Captured"}}"#)?;
//! assert_eq!(charge["statusDetails"]["state"], "Captured");
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod call;
mod exchange;
mod failure;
mod http;
mod ipn;
mod ledger;
mod registry;
#[cfg(feature = "sandbox")]
mod sandbox;
mod settings;

#[cfg(feature = "aws-lc-rs")]
pub use amazon_pay_core::sign::AwsLcSigner as KeySigner;
pub use amazon_pay_core::sign::{Algorithm, SignError, Signature, Signer};
pub use amazon_pay_core::{Entropy, PreparedButton, PreparedRequest, SignedRequest, Timestamp};
pub use call::{Call, Client, request_json};
pub use exchange::{CallExchange, Step, transport_error};
pub use failure::Failure;
pub use ipn::ipn_certificate_url;
#[cfg(any(feature = "aws-lc-rs", feature = "rsa"))]
pub use ipn::verify_ipn;
pub use ledger::LedgerHandle;
#[cfg(feature = "sandbox")]
pub use sandbox::SandboxHandle;
pub use settings::Settings;

/// The names of the 43 operations, in the order of the core's table
/// (`CreateCheckoutSession` … `InStoreRefund`). [`Client::call`] also
/// accepts each as Amazon's documentation writes it (`Capture Charge`).
pub fn operations() -> &'static [&'static str] {
    registry::NAMES
}

/// The instant `seconds` after the Unix epoch, as the core's [`Timestamp`]
/// (whole seconds; years 0000–9999).
pub fn timestamp(seconds: i64) -> Result<Timestamp, Failure> {
    Timestamp::from_unix_seconds(seconds).ok_or_else(|| {
        Failure::new(
            "validation",
            "OutOfRange",
            format!("{seconds} seconds since 1970 is outside the years 0000 to 9999"),
        )
        .with_field("now")
    })
}
