//! IPN envelopes (spec §12): the vectors in `tests/vectors/ipn` (made by
//! its `make.py`, signed as SNS signs) verify; every forgery is refused
//! with its own error.
#![cfg(all(feature = "ipn", any(feature = "aws-lc-rs", feature = "rsa")))]

use amazon_pay_core::Timestamp;
use amazon_pay_core::notification::{
    Envelope, EnvelopeType, FollowUp, Ipn, NotificationError, NotificationType, ObjectType,
    TrustPolicy, published_at, verify,
};
use amazon_pay_core::operation::ApiOperation;
use amazon_pay_core::time::Duration;
use serde_json::Value;

const SNS_CERT: &[u8] = include_bytes!("vectors/ipn/sns.cert.pem");
const EXPIRED_CERT: &[u8] = include_bytes!("vectors/ipn/expired.cert.pem");
const OTHER_CERT: &[u8] = include_bytes!("vectors/ipn/other.cert.pem");
const TOPIC: &str = "arn:aws:sns:us-east-1:291180941288:A01234567890ABCDEFGHI";

fn vector(name: &str) -> Value {
    let path = format!(
        "{}/tests/vectors/ipn/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn bytes(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).unwrap()
}

/// The vectors are published at 2027-01-01T12:00:00(.123)Z.
fn now() -> Timestamp {
    Timestamp::parse("20270101T120500Z").unwrap()
}

fn check(value: &Value, cert: &[u8]) -> Result<Ipn, NotificationError> {
    check_with(value, cert, &TrustPolicy::amazon_sns(), now())
}

fn check_with(
    value: &Value,
    cert: &[u8],
    policy: &TrustPolicy,
    now: Timestamp,
) -> Result<Ipn, NotificationError> {
    let envelope = Envelope::parse(&bytes(value))?;
    verify(&envelope, cert, now, policy)
}

fn with(mut value: Value, field: &str, text: &str) -> Value {
    value[field] = Value::String(text.to_owned());
    value
}

#[test]
fn every_valid_envelope_verifies() {
    for name in [
        "notification-v1",
        "notification-v2",
        "notification-lambda",
        "notification-unknown",
        "subscription-v1",
        "subscription-v2",
        "unsubscribe-v1",
        "unsubscribe-v2",
    ] {
        let ipn = check(&vector(name), SNS_CERT).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            ipn.message_id(),
            vector(name)["MessageId"].as_str().unwrap()
        );
    }
    // A DER certificate is read as well as PEM.
    let pem = std::str::from_utf8(SNS_CERT).unwrap();
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    use base64::Engine as _;
    let der = base64::engine::general_purpose::STANDARD
        .decode(body)
        .unwrap();
    check(&vector("notification-v1"), &der).unwrap();
}

#[test]
fn a_notification_names_the_get_call_that_learns_the_truth() {
    let Ipn::Payment {
        message_id,
        notification,
    } = check(&vector("notification-v1"), SNS_CERT).unwrap()
    else {
        panic!("a payment notification");
    };
    assert_eq!(message_id, "c8e3c0a2-0b2c-5b1e-9f2e-3b1f7c1d2a11");
    assert_eq!(notification.object_type, ObjectType::Charge);
    assert_eq!(
        notification.notification_type,
        NotificationType::StateChange
    );
    assert_eq!(notification.merchant_id, "A01234567890");
    let FollowUp::GetCharge(get) = notification.follow_up() else {
        panic!("Get Charge");
    };
    assert_eq!(get.id().as_str(), "S01-1234567-1234567-C000001");
    let config = amazon_pay_core::Config::new(
        amazon_pay_core::Region::Na,
        amazon_pay_core::PublicKeyId::parse("SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B").unwrap(),
    );
    assert_eq!(
        get.into_request(&config).unwrap().path(),
        "/charges/S01-1234567-1234567-C000001"
    );

    // camelCase keys (the v1 page's schema) read the same.
    let Ipn::Payment { notification, .. } = check(&vector("notification-v2"), SNS_CERT).unwrap()
    else {
        panic!("a payment notification");
    };
    let FollowUp::GetRefund(get) = notification.follow_up() else {
        panic!("Get Refund");
    };
    assert_eq!(get.id().as_str(), "S01-1234567-1234567-R000001");

    // Unknown kinds are kept, and name the permission to read.
    let Ipn::Payment { notification, .. } =
        check(&vector("notification-unknown"), SNS_CERT).unwrap()
    else {
        panic!("a payment notification");
    };
    assert_eq!(notification.object_type, ObjectType::Other("PAYOUT".into()));
    assert_eq!(
        notification.notification_type,
        NotificationType::Other("NEW_KIND".into())
    );
    let FollowUp::Unsupported {
        object_type,
        charge_permission,
    } = notification.follow_up()
    else {
        panic!("unsupported");
    };
    assert_eq!(object_type.as_str(), "PAYOUT");
    assert_eq!(charge_permission.id().as_str(), "S01-1234567-1234567");
}

#[test]
fn confirmations_give_the_url_to_visit() {
    let Ipn::SubscriptionConfirmation {
        subscribe_url,
        token,
        topic_arn,
        ..
    } = check(&vector("subscription-v2"), SNS_CERT).unwrap()
    else {
        panic!("a subscription confirmation");
    };
    assert!(
        subscribe_url
            .starts_with("https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription")
    );
    assert!(token.starts_with("2336412f37"));
    assert_eq!(topic_arn, TOPIC);
    assert!(matches!(
        check(&vector("unsubscribe-v2"), SNS_CERT).unwrap(),
        Ipn::UnsubscribeConfirmation { .. }
    ));
    // The token and the SubscribeURL are signed on both confirmation types.
    for name in ["subscription-v1", "unsubscribe-v2"] {
        for field in ["Token", "SubscribeURL"] {
            let forged = with(
                vector(name),
                field,
                "https://sns.us-east-1.amazonaws.com/?x",
            );
            assert_eq!(
                check(&forged, SNS_CERT),
                Err(NotificationError::BadSignature),
                "{name} {field}"
            );
        }
    }
}

/// Which refusal a case expects.
type Expected = fn(&NotificationError) -> bool;

#[test]
fn certificate_urls_outside_sns_are_refused_before_fetching() {
    let hex = "9c6465fa7f48f5cacd23014631ec1136";
    let cases: &[(&str, Expected)] = &[
        (
            "http://sns.us-east-1.amazonaws.com/SimpleNotificationService-HEX.pem",
            |e| matches!(e, NotificationError::CertificateUrlNotHttps { .. }),
        ),
        (
            "https://sns.us-east-1.amazonaws.com.evil.com/SimpleNotificationService-HEX.pem",
            |e| matches!(e, NotificationError::CertificateHostNotTrusted { .. }),
        ),
        (
            "https://evil.com/sns.us-east-1.amazonaws.com/SimpleNotificationService-HEX.pem",
            |e| matches!(e, NotificationError::CertificateHostNotTrusted { .. }),
        ),
        (
            "https://s3.amazonaws.com/my-bucket/SimpleNotificationService-HEX.pem",
            |e| matches!(e, NotificationError::CertificateHostNotTrusted { .. }),
        ),
        (
            "https://my-bucket.s3.us-east-1.amazonaws.com/SimpleNotificationService-HEX.pem",
            |e| matches!(e, NotificationError::CertificateHostNotTrusted { .. }),
        ),
        (
            "https://sns-us-east-1.amazonaws.com/SimpleNotificationService-HEX.pem",
            |e| matches!(e, NotificationError::CertificateHostNotTrusted { .. }),
        ),
        (
            "https://sns.us-east-1.amazonaws.com:8443/SimpleNotificationService-HEX.pem",
            |e| matches!(e, NotificationError::CertificateHostNotTrusted { .. }),
        ),
        (
            "https://SNS.US-EAST-1.AMAZONAWS.COM/SimpleNotificationService-HEX.pem",
            |e| matches!(e, NotificationError::CertificateHostNotTrusted { .. }),
        ),
        (
            "https://user@sns.us-east-1.amazonaws.com/SimpleNotificationService-HEX.pem",
            |e| matches!(e, NotificationError::CertificateUrlMalformed { .. }),
        ),
        ("https://sns.us-east-1.amazonaws.com/evil.pem", |e| {
            matches!(e, NotificationError::CertificatePathNotPinned { .. })
        }),
        (
            "https://sns.us-east-1.amazonaws.com/uploads/SimpleNotificationService-HEX.pem",
            |e| matches!(e, NotificationError::CertificatePathNotPinned { .. }),
        ),
        (
            "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-HEX.pem.exe",
            |e| matches!(e, NotificationError::CertificatePathNotPinned { .. }),
        ),
        (
            "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-HEX.pem?x=1",
            |e| matches!(e, NotificationError::CertificateUrlMalformed { .. }),
        ),
        (
            "https://sns.us-east-1.amazonaws.com/x/../SimpleNotificationService-HEX.pem",
            |e| matches!(e, NotificationError::CertificateUrlMalformed { .. }),
        ),
        (
            "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-HEX%2epem",
            |e| matches!(e, NotificationError::CertificateUrlMalformed { .. }),
        ),
        ("https://sns.us-east-1.amazonaws.com", |e| {
            matches!(e, NotificationError::CertificateUrlMalformed { .. })
        }),
    ];
    let policy = TrustPolicy::amazon_sns();
    for (url, expected) in cases {
        let url = url.replace("HEX", hex);
        let forged = with(vector("notification-v1"), "SigningCertURL", &url);
        let envelope = Envelope::parse(&bytes(&forged)).unwrap();
        let refused = policy.certificate_url(&envelope).unwrap_err();
        assert!(expected(&refused), "{url}: {refused:?}");
        // verify refuses it the same way, whatever certificate it is handed.
        assert_eq!(check(&forged, SNS_CERT).unwrap_err(), refused, "{url}");
    }
    // GovCloud and China hosts are SNS hosts.
    for host in [
        "sns.us-gov-west-1.amazonaws.com",
        "sns.cn-north-1.amazonaws.com.cn",
        "sns.cn-northwest-1.amazonaws.com.cn",
        "sns.ap-southeast-2.amazonaws.com",
    ] {
        let url = format!("https://{host}/SimpleNotificationService-{hex}.pem");
        policy.check_certificate_url(&url).unwrap();
    }
}

#[test]
fn altered_or_transplanted_signatures_are_refused() {
    let original = vector("notification-v1");
    // A tampered message, subject, id, timestamp, topic or type.
    for (field, text) in [
        ("Message", "{\"ObjectType\":\"CHARGE\"}"),
        ("Subject", "Amazon Pay"),
        ("MessageId", "another"),
        ("Timestamp", "2027-01-01T12:00:01.123Z"),
        ("TopicArn", "arn:aws:sns:us-east-1:291180941288:Other"),
        ("Type", "SubscriptionConfirmation"),
    ] {
        let mut forged = with(original.clone(), field, text);
        if field == "Type" {
            forged["Token"] = Value::String("t".into());
            forged["SubscribeURL"] = Value::String("https://x".into());
        }
        assert_eq!(
            check(&forged, SNS_CERT),
            Err(NotificationError::BadSignature),
            "{field}"
        );
    }
    // Dropping the signed Subject changes the string to sign.
    let mut no_subject = original.clone();
    no_subject.as_object_mut().unwrap().remove("Subject");
    assert_eq!(
        check(&no_subject, SNS_CERT),
        Err(NotificationError::BadSignature)
    );
    // A signature over another message.
    let other = vector("notification-v2");
    let transplanted = with(
        with(original.clone(), "SignatureVersion", "2"),
        "Signature",
        other["Signature"].as_str().unwrap(),
    );
    assert_eq!(
        check(&transplanted, SNS_CERT),
        Err(NotificationError::BadSignature)
    );
    // The other signature version over the same text.
    assert_eq!(
        check(&with(original.clone(), "SignatureVersion", "2"), SNS_CERT),
        Err(NotificationError::BadSignature)
    );
    assert_eq!(
        check(&with(other.clone(), "SignatureVersion", "1"), SNS_CERT),
        Err(NotificationError::BadSignature)
    );
    for version in ["3", "", "01", "1 "] {
        assert!(matches!(
            check(
                &with(original.clone(), "SignatureVersion", version),
                SNS_CERT
            ),
            Err(NotificationError::UnsupportedSignatureVersion { .. })
        ));
    }
    assert_eq!(
        check(&with(original, "Signature", "not base64!"), SNS_CERT),
        Err(NotificationError::SignatureNotBase64)
    );
}

#[test]
fn certificates_are_checked_for_time_and_names() {
    let expired = vector("notification-expired-cert");
    assert!(matches!(
        check(&expired, EXPIRED_CERT),
        Err(NotificationError::CertificateExpired { .. })
    ));
    // Valid in 2020: the signature itself is good.
    let in_2020 = Timestamp::parse("20200601T000000Z").unwrap();
    let old = with(expired, "Timestamp", "2020-06-01T00:00:00.000Z");
    assert_eq!(
        check_with(&old, EXPIRED_CERT, &TrustPolicy::amazon_sns(), in_2020),
        Err(NotificationError::BadSignature),
        "the timestamp was changed, so the signature no longer verifies"
    );
    let before = Timestamp::parse("20251231T000000Z").unwrap();
    assert!(matches!(
        check_with(
            &vector("notification-v1"),
            SNS_CERT,
            &TrustPolicy::amazon_sns(),
            before
        ),
        Err(NotificationError::CertificateNotYetValid { .. })
    ));
    assert!(matches!(
        check(&vector("notification-v1"), OTHER_CERT),
        Err(NotificationError::CertificateSubject { .. })
    ));
    let picky = TrustPolicy::amazon_sns().with_issuer_organizations(["Amazon Web Services"]);
    assert!(matches!(
        check_with(&vector("notification-v1"), SNS_CERT, &picky, now()),
        Err(NotificationError::CertificateIssuer { .. })
    ));
    // The right certificate with another key is a bad signature.
    let relaxed = TrustPolicy::amazon_sns()
        .with_subject_names(["sns.amazonaws.com.evil.example"])
        .with_issuer_organizations(["Evil"]);
    assert_eq!(
        check_with(&vector("notification-v1"), OTHER_CERT, &relaxed, now()),
        Err(NotificationError::BadSignature)
    );
    for garbage in [
        &b""[..],
        b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----",
        b"\x30\x03\x02\x01\x01",
    ] {
        assert!(matches!(
            check(&vector("notification-v1"), garbage),
            Err(NotificationError::CertificateUnreadable { .. })
        ));
    }
}

#[test]
fn topics_and_timestamps_are_policy() {
    let mine = TrustPolicy::amazon_sns().with_topics([TOPIC]);
    check_with(&vector("notification-v1"), SNS_CERT, &mine, now()).unwrap();
    assert!(matches!(
        check_with(&vector("notification-other-topic"), SNS_CERT, &mine, now()),
        Err(NotificationError::TopicNotAllowed { .. })
    ));
    // Without an allow-list, the other topic (validly signed) passes.
    check(&vector("notification-other-topic"), SNS_CERT).unwrap();

    let published = Timestamp::parse("20270101T120000Z").unwrap();
    let at = |seconds: i64| published.checked_add(Duration::seconds(seconds)).unwrap();
    let policy = TrustPolicy::amazon_sns();
    let v1 = vector("notification-v1");
    check_with(&v1, SNS_CERT, &policy, at(3600)).unwrap();
    assert!(matches!(
        check_with(&v1, SNS_CERT, &policy, at(3601)),
        Err(NotificationError::Stale {
            window_seconds: 3600,
            ..
        })
    ));
    check_with(&v1, SNS_CERT, &policy, at(-300)).unwrap();
    assert!(matches!(
        check_with(&v1, SNS_CERT, &policy, at(-301)),
        Err(NotificationError::FromTheFuture { .. })
    ));
    let wide = TrustPolicy::amazon_sns().with_replay_window(Duration::days(14));
    check_with(&v1, SNS_CERT, &wide, at(86_400 * 14)).unwrap();
}

#[test]
fn envelopes_are_read_strictly() {
    let v1 = vector("notification-v1");
    let parse = |value: &Value| Envelope::parse(&bytes(value));
    // Both spellings of one key are ambiguous.
    let mut both = v1.clone();
    both["SigningCertUrl"] = v1["SigningCertURL"].clone();
    assert_eq!(
        parse(&both),
        Err(NotificationError::DuplicateField {
            field: "SigningCertURL"
        })
    );
    let twice = br#"{"Type":"Notification","Type":"Notification"}"#;
    assert_eq!(
        Envelope::parse(twice),
        Err(NotificationError::DuplicateField { field: "Type" })
    );
    assert_eq!(
        parse(&{
            let mut v = v1.clone();
            v["Timestamp"] = Value::from(12);
            v
        }),
        Err(NotificationError::FieldNotText { field: "Timestamp" })
    );
    let mut no_token = vector("subscription-v1");
    no_token.as_object_mut().unwrap().remove("Token");
    assert_eq!(
        parse(&no_token),
        Err(NotificationError::MissingField { field: "Token" })
    );
    let mut no_cert = v1.clone();
    no_cert.as_object_mut().unwrap().remove("SigningCertURL");
    assert_eq!(
        parse(&no_cert),
        Err(NotificationError::MissingField {
            field: "SigningCertURL"
        })
    );
    assert!(matches!(
        parse(&with(v1.clone(), "Type", "Notice")),
        Err(NotificationError::UnknownType { .. })
    ));
    for body in [&b"[]"[..], b"", b"{", b"{} {}", b"null"] {
        assert!(
            matches!(
                Envelope::parse(body),
                Err(NotificationError::NotJson { .. })
            ),
            "{body:?}"
        );
    }
    let big = vec![b' '; amazon_pay_core::notification::MAX_ENVELOPE_BYTES + 1];
    assert!(matches!(
        Envelope::parse(&big),
        Err(NotificationError::TooLarge { .. })
    ));
    // Lambda's spellings and a null Subject.
    let lambda = parse(&vector("notification-lambda")).unwrap();
    assert_eq!(lambda.kind(), EnvelopeType::Notification);
    assert_eq!(lambda.subject(), None);
    assert!(lambda.signing_cert_url().ends_with(".pem"));
    assert!(lambda.unsubscribe_url().is_some());
}

#[test]
fn the_string_to_sign_is_snss() {
    let expected = |value: &Value, names: &[&str]| {
        names
            .iter()
            .map(|n| format!("{n}\n{}\n", value[*n].as_str().unwrap()))
            .collect::<String>()
    };
    let sub = vector("subscription-v1");
    let envelope = Envelope::parse(&bytes(&sub)).unwrap();
    assert_eq!(
        envelope.string_to_sign(),
        expected(
            &sub,
            &[
                "Message",
                "MessageId",
                "SubscribeURL",
                "Timestamp",
                "Token",
                "TopicArn",
                "Type"
            ]
        )
    );
    let v2 = vector("notification-v2");
    let envelope = Envelope::parse(&bytes(&v2)).unwrap();
    assert_eq!(
        envelope.string_to_sign(),
        expected(
            &v2,
            &["Message", "MessageId", "Timestamp", "TopicArn", "Type"]
        )
    );
    let v1 = vector("notification-v1");
    let envelope = Envelope::parse(&bytes(&v1)).unwrap();
    assert_eq!(
        envelope.string_to_sign(),
        expected(
            &v1,
            &[
                "Message",
                "MessageId",
                "Subject",
                "Timestamp",
                "TopicArn",
                "Type"
            ]
        )
    );
}

#[test]
fn a_sandbox_policy_trusts_one_prefix() {
    let policy = TrustPolicy::amazon_sns()
        .with_certificate_prefix("https://127.0.0.1:8443/__sandbox/sns/")
        .unwrap();
    policy
        .check_certificate_url("https://127.0.0.1:8443/__sandbox/sns/signing.pem")
        .unwrap();
    for url in [
        "https://127.0.0.1:8444/__sandbox/sns/signing.pem",
        "https://127.0.0.1:8443/__sandbox/other/signing.pem",
        "https://127.0.0.1:8443/__sandbox/sns/a/signing.pem",
        "https://127.0.0.1:8443/__sandbox/sns/signing.txt",
        "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem",
    ] {
        assert!(policy.check_certificate_url(url).is_err(), "{url}");
    }
    assert!(
        TrustPolicy::amazon_sns()
            .with_certificate_prefix("http://127.0.0.1/")
            .is_err()
    );
    assert!(
        TrustPolicy::amazon_sns()
            .with_certificate_prefix("https://127.0.0.1/x")
            .is_err()
    );
}

#[test]
fn sns_timestamps_read_to_the_second() {
    let t = |s: &str| published_at(s).map(|t| t.to_string());
    assert_eq!(t("2027-01-01T12:00:00.123Z").unwrap(), "20270101T120000Z");
    assert_eq!(t("2027-01-01T12:00:00Z").unwrap(), "20270101T120000Z");
    for bad in [
        "2027-01-01T12:00:00.Z",
        "2027-01-01T12:00:00.12",
        "2027-01-01 12:00:00Z",
        "20270101T120000Z",
        "",
    ] {
        assert!(
            matches!(
                published_at(bad),
                Err(NotificationError::TimestampUnreadable { .. })
            ),
            "{bad}"
        );
    }
}
