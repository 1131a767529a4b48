//! Errors as data (issue 21.8): every public error type has a stable code,
//! and serializes to JSON with that code and its members — no key twice, at
//! any depth — and the crate's `Error` in the one shape the bindings use.

use std::collections::HashSet;
use std::fmt;

use amazon_pay_core::Operation;
use amazon_pay_core::exchange::{ExchangeError, GiveUp, TransportError};
use amazon_pay_core::lifecycle::{
    ChargeLifecycle, Expired, LifecycleError, ObjectKind, ObjectState, OperationNotAllowed, Remedy,
    RuleViolation,
};
use amazon_pay_core::model::ChargeState;
use amazon_pay_core::operation::{AnswerError, ApiError, Response};
use amazon_pay_core::sign::{KeyError, PrivateKeyDocument, SignError, VerifyError};
use amazon_pay_core::{Error, MoneyError, Price, Timestamp, ValidationError};
use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Value, json};

fn usd(text: &str) -> Price {
    Price::parse(text, "USD").unwrap()
}

fn at() -> Timestamp {
    Timestamp::parse("20240301T100000Z").unwrap()
}

fn api(status: u16, body: &str) -> ApiError {
    ApiError::from_response(
        &Response::new(status, body.as_bytes().to_vec())
            .with_header("x-amz-pay-request-id", "req-1"),
    )
    .for_operation("Capture Charge")
}

/// JSON that refuses a key written twice in one object, at any depth.
struct Unique;

impl<'de> Deserialize<'de> for Unique {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(Unique)
    }
}

impl<'de> Visitor<'de> for Unique {
    type Value = Unique;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JSON")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_str<E>(self, _: &str) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_unit<E>(self) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Unique, A::Error> {
        while seq.next_element::<Unique>()?.is_some() {}
        Ok(Unique)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Unique, A::Error> {
        let mut keys = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !keys.insert(key.clone()) {
                return Err(serde::de::Error::custom(format!("key {key:?} twice")));
            }
            map.next_value::<Unique>()?;
        }
        Ok(Unique)
    }
}

/// The error's JSON, after checking that no object in it has a key twice
/// and that its `code` is the error's `code()`.
fn data(error: &impl serde::Serialize, code: &str) -> Value {
    let text = serde_json::to_string(error).unwrap();
    serde_json::from_str::<Unique>(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    let _: IgnoredAny = serde_json::from_str(&text).unwrap();
    let value: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["code"], code, "{text}");
    value
}

fn violations() -> Vec<RuleViolation> {
    vec![
        RuleViolation::RefundExceedsAllowance {
            refund: usd("20.00"),
            refunded: usd("100.00"),
            captured: usd("100.00"),
            allowance: usd("15.00"),
            remaining: usd("15.00"),
        },
        RuleViolation::ChargeCountExceeded {
            count: 25,
            maximum: 25,
        },
        RuleViolation::MonthlyLimitExceeded {
            charge: usd("5.00"),
            this_month: usd("96.00"),
            limit: usd("100.00"),
        },
        RuleViolation::SoftDescriptorNotAllowed {
            context: "Create Charge with captureNow false",
        },
        RuleViolation::OneCaptureUnderV1,
    ]
}

#[test]
fn a_rule_violation_carries_its_code_and_amounts() {
    let codes: Vec<&str> = violations().iter().map(RuleViolation::code).collect();
    assert_eq!(
        codes,
        [
            "RefundExceedsAllowance",
            "ChargeCountExceeded",
            "MonthlyLimitExceeded",
            "SoftDescriptorNotAllowed",
            "OneCaptureUnderV1"
        ]
    );
    for violation in violations() {
        data(&violation, violation.code());
    }
    let refund = data(&violations()[0], "RefundExceedsAllowance");
    assert_eq!(
        refund["refund"],
        json!({"amount": "20.00", "currencyCode": "USD"})
    );
    assert_eq!(refund["remaining"]["amount"], "15.00");
    let monthly = data(&violations()[2], "MonthlyLimitExceeded");
    assert_eq!(monthly["thisMonth"]["amount"], "96.00", "camelCase members");
    assert_eq!(data(&violations()[1], "ChargeCountExceeded")["count"], 25);
}

#[test]
fn a_validation_error_is_its_field_and_rule() {
    let error: ValidationError = Price::parse("7.7225", "USD")
        .unwrap_err()
        .within("captureAmount");
    assert_eq!(error.code(), "TooManyDecimals");
    assert_eq!(error.rule().code(), "TooManyDecimals");
    let value = data(&error, "TooManyDecimals");
    assert_eq!(
        value,
        json!({"field": "captureAmount.amount", "code": "TooManyDecimals",
               "currency": "USD", "allowed": 2, "found": 4})
    );
    let unit = Price::parse("", "USD").unwrap_err();
    assert_eq!(data(&unit, unit.code())["field"], "amount");
}

#[test]
fn a_lifecycle_refusal_carries_states_operations_and_remedy() {
    let refused = ChargeLifecycle::authorized(usd("10.00"), at())
        .capture_requested(usd("10.01"), at())
        .unwrap_err();
    assert_eq!(refused.code(), "CaptureExceedsAuthorization");
    let value = data(&refused, "CaptureExceedsAuthorization");
    assert_eq!(value["authorized"]["amount"], "10.00");
    assert!(
        value.get("lifecycle").is_none(),
        "the lifecycle is given back, not serialized"
    );

    let not_allowed = LifecycleError::OperationNotAllowed(OperationNotAllowed {
        state: ObjectState::Charge(ChargeState::Declined),
        reasons: vec!["HardDeclined".to_owned()],
        operation: Operation::CaptureCharge,
        allowed: vec![Operation::GetCharge],
        remedy: Some(Remedy::UpdatePaymentMethod),
    });
    assert_eq!(
        data(&not_allowed, "OperationNotAllowed"),
        json!({"code": "OperationNotAllowed",
               "state": {"object": "Charge", "state": "Declined"},
               "reasons": ["HardDeclined"], "operation": "Capture Charge",
               "allowed": ["Get Charge"], "remedy": "UpdatePaymentMethod"})
    );
    if let LifecycleError::OperationNotAllowed(inner) = &not_allowed {
        assert_eq!(inner.code(), not_allowed.code());
    }
    let expired = LifecycleError::Expired(Expired {
        object: ObjectKind::ChargePermission,
        operation: Operation::CreateCharge,
        at: Some(at()),
        predicted: true,
        remedy: Remedy::NewCheckoutSession,
    });
    let value = data(&expired, "Expired");
    assert_eq!(value["object"], "ChargePermission");
    assert_eq!(value["at"], serde_json::to_value(at()).unwrap());
    let nested = LifecycleError::ReportBreaksRule {
        object: ObjectKind::Refund,
        violation: violations().remove(0),
    };
    let value = data(&nested, "ReportBreaksRule");
    assert_eq!(value["violation"]["code"], "RefundExceedsAllowance");
    for wrapped in [
        LifecycleError::Rule(violations().remove(1)),
        LifecycleError::Money(MoneyError::Overflow),
    ] {
        let code = wrapped.code();
        assert_ne!(code, "Rule");
        assert_ne!(code, "Money");
        data(&wrapped, code);
    }
}

#[test]
fn keys_signatures_and_verification_have_codes() {
    let key = PrivateKeyDocument::parse(b"not a key").unwrap_err();
    data(&key, "NotAKey");
    data(&KeyError::TooShort { bits: 1024 }, "TooShort");
    let signer = SignError::Signer("the HSM is offline".into());
    let value = data(&signer, "Signer");
    assert_eq!(value["reason"], "the HSM is offline");
    data(
        &SignError::Invalid(Price::parse("x", "USD").unwrap_err()),
        "NotADecimal",
    );
    data(&VerifyError::BadSignature, "BadSignature");
    data(&VerifyError::Key(KeyError::Encrypted), "Encrypted");
    let value = data(
        &VerifyError::MissingSignedHeader {
            name: "x-amz-pay-date".to_owned(),
        },
        "MissingSignedHeader",
    );
    assert_eq!(value["name"], "x-amz-pay-date");
}

#[test]
fn amazons_answers_and_the_exchange_have_codes() {
    let refusal = api(
        422,
        r#"{"reasonCode":"InvalidChargeStatus","message":"Canceled"}"#,
    );
    let value = data(&refusal, "InvalidChargeStatus");
    assert_eq!(value["status"], 422);
    assert_eq!(value["message"], "Canceled");
    assert_eq!(value["requestId"], "req-1");
    assert_eq!(value["operation"], "Capture Charge");
    assert_eq!(value["retryable"], false);
    let proxy = api(502, "<html>Bad Gateway</html>");
    let value = data(&proxy, "NotJson");
    assert_eq!(value["retryable"], true);
    assert_eq!(value["snippet"], "<html>Bad Gateway</html>");
    data(&api(500, ""), "Empty");

    let transport = ExchangeError::Transport {
        kind: TransportError::TimeoutAfterSent,
        attempts: 3,
        reason: GiveUp::AttemptsExhausted,
        host: "127.0.0.1:8443".to_owned(),
        seconds: 4,
    };
    assert_eq!(transport.code(), "Transport");
    assert_eq!(
        data(&transport, "Transport"),
        json!({"code": "Transport", "kind": "TimeoutAfterSent", "attempts": 3,
               "reason": "AttemptsExhausted", "host": "127.0.0.1:8443", "seconds": 4})
    );
    let skew = ExchangeError::ClockSkew(api(
        400,
        r#"{"reasonCode":"InvalidHeaderValue","message":"x-amz-pay-date"}"#,
    ));
    let value = data(&skew, "ClockSkew");
    assert_eq!(value["cause"]["code"], "InvalidHeaderValue");
    data(&ExchangeError::Api(refusal.clone()), "InvalidChargeStatus");
    data(&AnswerError::Api(refusal), "InvalidChargeStatus");
    data(
        &AnswerError::Lifecycle(LifecycleError::Money(MoneyError::Overflow)),
        "Overflow",
    );
}

/// `Error`, the crate's one type: `{kind, code, message, field?, rule?,
/// reasonCode?, retryable, details}`, `details` being the inner JSON.
#[test]
fn the_crate_error_has_one_shape() {
    let cases: Vec<(Error, &str, &str)> = vec![
        (
            Price::parse("1e3", "USD").unwrap_err().into(),
            "validation",
            "Exponent",
        ),
        (MoneyError::Overflow.into(), "money", "Overflow"),
        (KeyError::Putty.into(), "key", "Putty"),
        (SignError::Signer("down".into()).into(), "sign", "Signer"),
        (VerifyError::NotBase64.into(), "verify", "NotBase64"),
        (
            violations().remove(0).into(),
            "rule",
            "RefundExceedsAllowance",
        ),
        (
            LifecycleError::UnknownObject {
                object: ObjectKind::Charge,
                id: "S01-1-C9".to_owned(),
            }
            .into(),
            "lifecycle",
            "UnknownObject",
        ),
        (
            api(429, r#"{"reasonCode":"TooManyRequests"}"#).into(),
            "api",
            "TooManyRequests",
        ),
        (
            ExchangeError::ClockSkew(api(400, r#"{"reasonCode":"InvalidHeaderValue"}"#)).into(),
            "clock_skew",
            "ClockSkew",
        ),
        (
            ExchangeError::Transport {
                kind: TransportError::ConnectRefused,
                attempts: 1,
                reason: GiveUp::NotRetryable,
                host: "localhost:1".to_owned(),
                seconds: 0,
            }
            .into(),
            "transport",
            "Transport",
        ),
    ];
    for (error, kind, code) in cases {
        assert_eq!(error.kind(), kind);
        assert_eq!(error.code(), code);
        let value = data(&error, code);
        assert_eq!(value["kind"], kind);
        assert_eq!(value["message"], error.to_string());
        assert_eq!(value["retryable"], error.is_retryable());
        assert!(value["details"].is_object(), "{value}");
        match kind {
            "validation" => {
                assert_eq!(value["field"], "amount");
                assert_eq!(value["rule"], "Exponent");
            }
            "rule" => assert_eq!(value["rule"], code),
            "api" => {
                assert_eq!(value["reasonCode"], "TooManyRequests");
                assert_eq!(value["retryable"], true);
            }
            "clock_skew" => assert_eq!(value["reasonCode"], "InvalidHeaderValue"),
            "transport" => assert_eq!(value["retryable"], true),
            _ => {
                assert!(value.get("field").is_none());
                assert!(value.get("reasonCode").is_none());
            }
        }
        if kind != "clock_skew" && kind != "transport" {
            assert_eq!(value["details"]["code"], code, "{value}");
        }
    }
}

#[cfg(feature = "ipn")]
#[test]
fn a_refused_notification_has_its_code() {
    use amazon_pay_core::notification::NotificationError;
    let stale = NotificationError::Stale {
        published: at(),
        now: at(),
        window_seconds: 3600,
    };
    assert_eq!(data(&stale, "Stale")["windowSeconds"], 3600);
    let key = NotificationError::CertificateKey(KeyError::NotAKey);
    assert_eq!(data(&key, "CertificateKey")["cause"]["code"], "NotAKey");
    let error = Error::from(key);
    assert_eq!(error.kind(), "notification");
    data(&error, "CertificateKey");
}

#[test]
fn the_duplicate_key_check_bites() {
    assert!(serde_json::from_str::<Unique>(r#"{"code":1,"a":{"code":2}}"#).is_ok());
    assert!(serde_json::from_str::<Unique>(r#"{"code":1,"a":{"b":2,"b":3}}"#).is_err());
    assert!(serde_json::from_str::<Unique>(r#"[{"code":1,"code":1}]"#).is_err());
}
