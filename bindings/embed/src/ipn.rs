//! Instant Payment Notifications: checked against a trust policy and read.

#[cfg(any(feature = "aws-lc-rs", feature = "rsa"))]
use amazon_pay_core::Timestamp;
use amazon_pay_core::notification::{Envelope, TrustPolicy};
#[cfg(any(feature = "aws-lc-rs", feature = "rsa"))]
use amazon_pay_core::notification::{FollowUp, Ipn, verify};
use amazon_pay_core::time::Duration;
use serde::Deserialize;
#[cfg(any(feature = "aws-lc-rs", feature = "rsa"))]
use serde_json::{Value, json};

use crate::failure::Failure;

/// Which signing certificates and topics to trust, as JSON; every member is
/// optional and the default is Amazon's SNS (certificates from
/// `sns.*.amazonaws.com`, issued to Amazon):
///
/// ```json
/// {"certificatePrefixes": ["https://127.0.0.1:8443/__sandbox/sns/"],
///  "subjectNames": ["…"], "issuerOrganizations": ["…"], "topics": ["arn:…"],
///  "replayWindowSeconds": 3600, "clockSkewSeconds": 300}
/// ```
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PolicySettings {
    #[serde(default)]
    certificate_prefixes: Vec<String>,
    subject_names: Option<Vec<String>>,
    issuer_organizations: Option<Vec<String>>,
    topics: Option<Vec<String>>,
    replay_window_seconds: Option<u32>,
    clock_skew_seconds: Option<u32>,
}

fn policy(settings: Option<&str>) -> Result<TrustPolicy, Failure> {
    let settings: PolicySettings = match settings {
        Some(text) => serde_json::from_str(text)
            .map_err(|e| Failure::invalid_json("InvalidSettings", "trust policy", &e))?,
        None => PolicySettings::default(),
    };
    let mut policy = TrustPolicy::amazon_sns();
    for prefix in &settings.certificate_prefixes {
        policy = policy.with_certificate_prefix(prefix)?;
    }
    if let Some(names) = settings.subject_names {
        policy = policy.with_subject_names(names);
    }
    if let Some(organizations) = settings.issuer_organizations {
        policy = policy.with_issuer_organizations(organizations);
    }
    if let Some(topics) = settings.topics {
        policy = policy.with_topics(topics);
    }
    if let Some(seconds) = settings.replay_window_seconds {
        policy = policy.with_replay_window(Duration::seconds(i64::from(seconds)));
    }
    if let Some(seconds) = settings.clock_skew_seconds {
        policy = policy.with_clock_skew(Duration::seconds(i64::from(seconds)));
    }
    Ok(policy)
}

/// The URL of the certificate that signed the envelope `body`, once the
/// trust policy (JSON, or `None` for Amazon's SNS) accepts it: fetch it,
/// then call [`verify_ipn`].
pub fn ipn_certificate_url(body: &[u8], trust: Option<&str>) -> Result<String, Failure> {
    let envelope = Envelope::parse(body)?;
    Ok(policy(trust)?.certificate_url(&envelope)?.to_owned())
}

/// Verifies the SNS envelope `body` with the signing `certificate` (PEM or
/// DER, fetched from [`ipn_certificate_url`]) at `now`, and reads it:
///
/// ```json
/// {"type": "Payment", "messageId": "…",
///  "notification": {"merchantId", "objectType", "objectId", "chargePermissionId",
///                   "notificationType", "notificationId", "notificationVersion"},
///  "followUp": {"operation": "GetCharge", "params": {"chargeId": "…"}}}
/// ```
///
/// `followUp` is the call that learns the object's real state (give it to
/// [`Client::call`](crate::Client::call)). Subscription messages answer
/// `{"type": "SubscriptionConfirmation" | "UnsubscribeConfirmation",
/// "messageId", "topicArn", "subscribeUrl", "token"}`.
#[cfg(any(feature = "aws-lc-rs", feature = "rsa"))]
pub fn verify_ipn(
    body: &[u8],
    certificate: &[u8],
    now: Timestamp,
    trust: Option<&str>,
) -> Result<Value, Failure> {
    let envelope = Envelope::parse(body)?;
    let ipn = verify(&envelope, certificate, now, &policy(trust)?)?;
    Ok(match ipn {
        Ipn::Payment {
            message_id,
            notification,
        } => {
            let (operation, params) = match notification.follow_up() {
                FollowUp::GetCharge(call) => ("GetCharge", json!({"chargeId": call.id().as_str()})),
                FollowUp::GetRefund(call) => ("GetRefund", json!({"refundId": call.id().as_str()})),
                FollowUp::GetChargePermission(call)
                | FollowUp::Unsupported {
                    charge_permission: call,
                    ..
                } => (
                    "GetChargePermission",
                    json!({"chargePermissionId": call.id().as_str()}),
                ),
                _ => (
                    "GetChargePermission",
                    json!({"chargePermissionId": notification.charge_permission_id.as_str()}),
                ),
            };
            json!({
                "type": "Payment",
                "messageId": message_id,
                "notification": {
                    "merchantId": notification.merchant_id,
                    "objectType": notification.object_type.as_str(),
                    "objectId": notification.object_id,
                    "chargePermissionId": notification.charge_permission_id.as_str(),
                    "notificationType": notification.notification_type.as_str(),
                    "notificationId": notification.notification_id,
                    "notificationVersion": notification.notification_version,
                },
                "followUp": {"operation": operation, "params": params},
            })
        }
        Ipn::SubscriptionConfirmation {
            message_id,
            topic_arn,
            subscribe_url,
            token,
        } => json!({
            "type": "SubscriptionConfirmation", "messageId": message_id, "topicArn": topic_arn,
            "subscribeUrl": subscribe_url, "token": token,
        }),
        Ipn::UnsubscribeConfirmation {
            message_id,
            topic_arn,
            subscribe_url,
            token,
        } => json!({
            "type": "UnsubscribeConfirmation", "messageId": message_id, "topicArn": topic_arn,
            "subscribeUrl": subscribe_url, "token": token,
        }),
        other => json!({"type": "Other", "messageId": other.message_id()}),
    })
}
