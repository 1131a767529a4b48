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
mod message;
mod policy;

pub use envelope::{Envelope, EnvelopeType, MAX_ENVELOPE_BYTES};
pub use message::{FollowUp, NotificationType, ObjectType, PaymentNotification};
pub use policy::TrustPolicy;

use crate::error::KeyError;
use crate::timestamp::Timestamp;

/// Why an IPN was refused. Each says what was wrong with the envelope, its
/// certificate or its timing; none of them should be answered with 2xx.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NotificationError {
    /// The body is larger than any SNS envelope.
    #[error("the body has {bytes} bytes; an SNS envelope has at most {max}")]
    TooLarge {
        /// Its size.
        bytes: usize,
        /// The limit.
        max: usize,
    },
    /// The body is not a JSON object.
    #[error("the body is not an SNS envelope (a JSON object): {reason}")]
    NotJson {
        /// The parser's words.
        reason: String,
    },
    /// A required envelope field is missing.
    #[error("the envelope has no {field}")]
    MissingField {
        /// The field (canonical spelling).
        field: &'static str,
    },
    /// A field appears twice (or in both spellings, e.g. `SigningCertURL`
    /// and `SigningCertUrl`): which one SNS signed is ambiguous.
    #[error("the envelope field {field} appears twice; refused as ambiguous")]
    DuplicateField {
        /// The field (canonical spelling).
        field: &'static str,
    },
    /// A known field is not a string.
    #[error("the envelope field {field} is not a string")]
    FieldNotText {
        /// The field.
        field: &'static str,
    },
    /// `Type` is none of SNS's three.
    #[error(
        "unknown envelope Type {found:?}; expected Notification, SubscriptionConfirmation or UnsubscribeConfirmation"
    )]
    UnknownType {
        /// What was sent (at most 64 characters).
        found: String,
    },
    /// `SignatureVersion` is neither `1` nor `2`.
    #[error("unsupported SignatureVersion {found:?}; only 1 (SHA1withRSA) and 2 (SHA256withRSA)")]
    UnsupportedSignatureVersion {
        /// What was sent.
        found: String,
    },
    /// `Signature` is not base64.
    #[error("the Signature is not base64")]
    SignatureNotBase64,
    /// The certificate URL is not `https`.
    #[error("the certificate URL {url:?} is not https; refused without fetching")]
    CertificateUrlNotHttps {
        /// The URL (at most 120 characters).
        url: String,
    },
    /// The certificate URL cannot be read safely.
    #[error("the certificate URL {url:?} is refused: {reason}")]
    CertificateUrlMalformed {
        /// The URL (at most 120 characters).
        url: String,
        /// Why.
        reason: &'static str,
    },
    /// The certificate URL's host is not one the policy trusts (Amazon SNS:
    /// `sns.<region>.amazonaws.com[.cn]`, no port).
    #[error("the certificate host {host:?} is not trusted; refused without fetching")]
    CertificateHostNotTrusted {
        /// The host and port (at most 120 characters).
        host: String,
    },
    /// The certificate URL's path is not the pinned certificate name.
    #[error(
        "the certificate path {path:?} is not an SNS certificate name (/SimpleNotificationService-<32 hex>.pem); refused without fetching"
    )]
    CertificatePathNotPinned {
        /// The path (at most 120 characters).
        path: String,
    },
    /// The certificate cannot be read.
    #[error("the signing certificate cannot be read: {reason}")]
    CertificateUnreadable {
        /// Why.
        reason: String,
    },
    /// The certificate's key is not a usable RSA key.
    #[error("the signing certificate's key is refused: {0}")]
    CertificateKey(KeyError),
    /// The certificate is not valid yet.
    #[error("the signing certificate is valid from {not_before}, after now ({now})")]
    CertificateNotYetValid {
        /// Its first valid second.
        not_before: Timestamp,
        /// The time given.
        now: Timestamp,
    },
    /// The certificate has expired.
    #[error("the signing certificate expired at {not_after} (now {now})")]
    CertificateExpired {
        /// Its last valid second.
        not_after: Timestamp,
        /// The time given.
        now: Timestamp,
    },
    /// The certificate's subject is not one the policy accepts.
    #[error("the signing certificate's subject {found:?} is not accepted")]
    CertificateSubject {
        /// The subject (RFC 4514, at most 120 characters).
        found: String,
    },
    /// The certificate's issuer is not one the policy accepts.
    #[error("the signing certificate's issuer {found:?} is not accepted")]
    CertificateIssuer {
        /// The issuer (RFC 4514, at most 120 characters).
        found: String,
    },
    /// The signature does not match the envelope and certificate: the
    /// envelope was changed, signed for another message, or by another key.
    #[error(
        "the envelope's signature does not verify with the certificate: refused as forged or altered"
    )]
    BadSignature,
    /// The topic is not in the policy's allow-list.
    #[error("the topic {topic:?} is not one of yours")]
    TopicNotAllowed {
        /// The topic (at most 120 characters).
        topic: String,
    },
    /// `Timestamp` is not an ISO 8601 UTC time.
    #[error("the Timestamp {found:?} is not an ISO 8601 UTC time")]
    TimestampUnreadable {
        /// What was sent (at most 120 characters).
        found: String,
    },
    /// The message is older than the replay window.
    #[error(
        "the message was published at {published}, more than {window_seconds} s before now ({now}): refused as a possible replay"
    )]
    Stale {
        /// Its `Timestamp`.
        published: Timestamp,
        /// The time given.
        now: Timestamp,
        /// The policy's window.
        window_seconds: i64,
    },
    /// The message is dated in the future beyond the allowed skew.
    #[error("the message is dated {published}, ahead of now ({now}) by more than the allowed skew")]
    FromTheFuture {
        /// Its `Timestamp`.
        published: Timestamp,
        /// The time given.
        now: Timestamp,
    },
    /// The notification's `Message` is not JSON.
    #[error("the notification's Message is not an Amazon Pay message: {reason}")]
    MessageNotJson {
        /// The parser's words.
        reason: String,
    },
    /// The notification's `Message` lacks a field.
    #[error("the notification's Message has no {field}")]
    MessageFieldMissing {
        /// The field.
        field: &'static str,
    },
}

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
