//! Instant Payment Notifications (spec §12), sans-IO (feature `ipn`).
//!
//! Amazon Pay tells a merchant that a charge permission, charge or refund
//! changed by POSTing an Amazon SNS envelope to the merchant's IPN URL. This
//! module reads the envelope ([`Envelope::parse`]), decides whether its
//! certificate may be fetched at all ([`TrustPolicy::certificate_url`]),
//! verifies it with the certificate the caller fetched ([`verify`]), and
//! turns a verified notification into the Get call that learns the object's
//! real state ([`PaymentNotification::follow_up`]) — IPNs are hints: the
//! answer to that Get is what the [`Ledger`](crate::lifecycle::Ledger)
//! takes.
//!
//! ```no_run
//! use amazon_pay_core::notification::{verify, Envelope, FollowUp, Ipn, TrustPolicy};
//! use amazon_pay_core::Timestamp;
//! # fn fetch(url: &str) -> Vec<u8> { Vec::new() }
//! # fn seen_before(message_id: &str) -> bool { false }
//! # let body: &[u8] = b"";
//! # let now = Timestamp::from_unix_seconds(1_800_000_000).unwrap();
//!
//! let policy = TrustPolicy::amazon_sns().with_topics(["arn:aws:sns:us-east-1:291180941288:A01234567890"]);
//! let envelope = Envelope::parse(body)?;
//! let url = policy.certificate_url(&envelope)?; // refuses before anything is fetched
//! let pem = fetch(url); // your HTTP client, certificate verification on
//! match verify(&envelope, &pem, now, &policy)? {
//!     Ipn::Payment { message_id, notification } if !seen_before(&message_id) => {
//!         match notification.follow_up() {
//!             FollowUp::GetCharge(get) => { /* send it; ledger.observe the Charge */ }
//!             FollowUp::GetRefund(get) => { /* … */ }
//!             _ => {}
//!         }
//!     }
//!     Ipn::SubscriptionConfirmation { subscribe_url, .. } => { /* GET subscribe_url */ }
//!     _ => {}
//! }
//! # Ok::<(), amazon_pay_core::notification::NotificationError>(())
//! ```
//!
//! Verification is SNS's own: the string to sign from the fields as
//! received, `SignatureVersion` 1 = SHA1withRSA, 2 = SHA256withRSA, any
//! other refused. Every failure is its own [`NotificationError`] variant.

#[cfg(any(feature = "aws-lc-rs", feature = "rsa"))]
mod certificate;
mod envelope;
mod error;
mod message;
mod policy;

pub use envelope::{Envelope, EnvelopeType, MAX_ENVELOPE_BYTES};
pub use error::NotificationError;
pub use message::{FollowUp, NotificationType, ObjectType, PaymentNotification};
pub use policy::TrustPolicy;

use crate::timestamp::Timestamp;

/// A verified IPN: what SNS sent, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Ipn {
    /// An Amazon Pay notification. De-duplicate on `message_id` (SNS
    /// delivers at least once), then send the
    /// [`follow_up`](PaymentNotification::follow_up) call.
    Payment {
        /// SNS's message id.
        message_id: String,
        /// What changed.
        notification: PaymentNotification,
    },
    /// SNS asks you to confirm the subscription: GET `subscribe_url`.
    SubscriptionConfirmation {
        /// SNS's message id.
        message_id: String,
        /// The topic.
        topic_arn: String,
        /// The URL that confirms it.
        subscribe_url: String,
        /// The confirmation token.
        token: String,
    },
    /// SNS reports the endpoint unsubscribed; `subscribe_url` subscribes it again.
    UnsubscribeConfirmation {
        /// SNS's message id.
        message_id: String,
        /// The topic.
        topic_arn: String,
        /// The URL that subscribes again.
        subscribe_url: String,
        /// The token.
        token: String,
    },
}

impl Ipn {
    /// SNS's id of the message, the key to de-duplicate on.
    pub fn message_id(&self) -> &str {
        match self {
            Ipn::Payment { message_id, .. }
            | Ipn::SubscriptionConfirmation { message_id, .. }
            | Ipn::UnsubscribeConfirmation { message_id, .. } => message_id,
        }
    }
}

/// Verifies `envelope` with the signing certificate the caller fetched
/// (PEM or DER) from its URL, at `now`, under `policy`.
///
/// In order: the signature version; the certificate URL (as
/// [`TrustPolicy::certificate_url`]); the certificate (readable, valid at
/// `now`, names accepted); the signature over SNS's string to sign; the
/// topic; the timestamp window. The message of a notification is then read.
#[cfg(any(feature = "aws-lc-rs", feature = "rsa"))]
#[cfg_attr(docsrs, doc(cfg(any(feature = "aws-lc-rs", feature = "rsa"))))]
pub fn verify(
    envelope: &Envelope,
    certificate: &[u8],
    now: Timestamp,
    policy: &TrustPolicy,
) -> Result<Ipn, NotificationError> {
    use base64::Engine as _;
    let digest = match envelope.signature_version() {
        "1" => crate::sign::Pkcs1Digest::Sha1,
        "2" => crate::sign::Pkcs1Digest::Sha256,
        other => {
            return Err(NotificationError::UnsupportedSignatureVersion {
                found: policy::excerpt(other),
            });
        }
    };
    let url = policy.certificate_url(envelope)?;
    let host = policy::Url::parse(url)?.host;
    let cert = certificate::SigningCertificate::parse(certificate)?;
    if now < cert.not_before {
        return Err(NotificationError::CertificateNotYetValid {
            not_before: cert.not_before,
            now,
        });
    }
    if now > cert.not_after {
        return Err(NotificationError::CertificateExpired {
            not_after: cert.not_after,
            now,
        });
    }
    policy.check_names(
        host,
        &cert.subject_common_names,
        &cert.issuer_organizations,
        &cert.subject,
        &cert.issuer,
    )?;
    let signature = base64::engine::general_purpose::STANDARD
        .decode(envelope.signature().trim())
        .map_err(|_| NotificationError::SignatureNotBase64)?;
    cert.key
        .verify_pkcs1(digest, envelope.string_to_sign().as_bytes(), &signature)
        .map_err(|_| NotificationError::BadSignature)?;
    policy.check_topic(envelope.topic_arn())?;
    let published = published_at(envelope.timestamp())?;
    if now.since(published) > policy.replay_window() {
        return Err(NotificationError::Stale {
            published,
            now,
            window_seconds: policy.replay_window().whole_seconds(),
        });
    }
    if published.since(now) > policy.clock_skew() {
        return Err(NotificationError::FromTheFuture { published, now });
    }
    let confirmation = |envelope: &Envelope| {
        (
            envelope.message_id().to_owned(),
            envelope.topic_arn().to_owned(),
            envelope.subscribe_url().unwrap_or_default().to_owned(),
            envelope.token().unwrap_or_default().to_owned(),
        )
    };
    Ok(match envelope.kind() {
        EnvelopeType::Notification => Ipn::Payment {
            message_id: envelope.message_id().to_owned(),
            notification: PaymentNotification::parse(envelope.message())?,
        },
        EnvelopeType::SubscriptionConfirmation => {
            let (message_id, topic_arn, subscribe_url, token) = confirmation(envelope);
            Ipn::SubscriptionConfirmation {
                message_id,
                topic_arn,
                subscribe_url,
                token,
            }
        }
        EnvelopeType::UnsubscribeConfirmation => {
            let (message_id, topic_arn, subscribe_url, token) = confirmation(envelope);
            Ipn::UnsubscribeConfirmation {
                message_id,
                topic_arn,
                subscribe_url,
                token,
            }
        }
    })
}

/// SNS's `Timestamp` (`2027-01-01T12:00:00.123Z`; fractions of a second
/// are dropped, the crate's timestamps being whole seconds).
pub fn published_at(text: &str) -> Result<Timestamp, NotificationError> {
    let unreadable = || NotificationError::TimestampUnreadable {
        found: policy::excerpt(text),
    };
    let whole = match text.split_once('.') {
        Some((seconds, fraction)) => {
            let digits = fraction.strip_suffix('Z').ok_or_else(unreadable)?;
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(unreadable());
            }
            format!("{seconds}Z")
        }
        None => text.to_owned(),
    };
    if whole.len() != 20 {
        return Err(unreadable());
    }
    Timestamp::parse(&whole).map_err(|_| unreadable())
}
