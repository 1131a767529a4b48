//! [`NotificationError`]: every way an IPN is refused.

use crate::sign::KeyError;
use crate::timestamp::Timestamp;

/// Why an IPN was refused. Each says what was wrong with the envelope, its
/// certificate or its timing; none of them should be answered with 2xx.
///
/// As data: [`code`](Self::code) is the variant's name; the JSON carries it
/// with the variant's members (`{"code": "Stale", "published": …, "now": …,
/// "windowSeconds": 3600}`).
#[derive(Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[serde(tag = "code", rename_all_fields = "camelCase")]
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
    #[serde(serialize_with = "crate::validation::as_cause")]
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

crate::validation::debug_as_message!(NotificationError);
crate::validation::error_codes!(NotificationError {
    TooLarge,
    NotJson,
    MissingField,
    DuplicateField,
    FieldNotText,
    UnknownType,
    UnsupportedSignatureVersion,
    SignatureNotBase64,
    CertificateUrlNotHttps,
    CertificateUrlMalformed,
    CertificateHostNotTrusted,
    CertificatePathNotPinned,
    CertificateUnreadable,
    CertificateKey,
    CertificateNotYetValid,
    CertificateExpired,
    CertificateSubject,
    CertificateIssuer,
    BadSignature,
    TopicNotAllowed,
    TimestampUnreadable,
    Stale,
    FromTheFuture,
    MessageNotJson,
    MessageFieldMissing,
});
