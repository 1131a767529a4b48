//! The one error shape every binding shows its users.

use std::fmt;

use serde_json::{Map, Value, json};

/// Why a facade call gave no result, as data in the one shape of the
/// core's [`amazon_pay_core::Error`]:
/// `{"kind", "code", "message", "field"?, "rule"?, "reasonCode"?, "retryable", "details"}`.
///
/// Every refusal of the core keeps its own JSON (its `kind` is one of
/// `validation`, `money`, `key`, `sign`, `verify`, `rule`, `lifecycle`,
/// `api`, `clock_skew`, `transport`, `notification`). The facade adds a few
/// of its own, with kind `validation` unless said otherwise:
///
/// | code | when |
/// |---|---|
/// | `UnknownOperation` | the operation name is not one of the 43 ([`operations`](crate::operations)) |
/// | `InvalidParameters` | the parameters' JSON does not have the operation's shape (an unknown member, a missing id, a wrong type); `message` is serde's account with the path |
/// | `InvalidSettings` | the client settings' JSON is not usable |
/// | `InvalidJson` | a document handed in (a Ledger, an object, an IPN) is not the JSON expected |
/// | `BuyerStep` (kind `sandbox`) | the in-process sandbox refused a buyer step |
#[derive(Debug, Clone, PartialEq)]
pub struct Failure(Map<String, Value>);

impl Failure {
    /// A failure of the facade itself.
    pub fn new(kind: &str, code: &str, message: impl Into<String>) -> Failure {
        let mut map = Map::new();
        map.insert("kind".into(), kind.into());
        map.insert("code".into(), code.into());
        map.insert("message".into(), Value::String(message.into()));
        map.insert("retryable".into(), false.into());
        map.insert("details".into(), json!({}));
        Failure(map)
    }

    /// With the refused value's path (`field`).
    pub fn with_field(mut self, field: impl Into<String>) -> Failure {
        self.0.insert("field".into(), Value::String(field.into()));
        self
    }

    /// With `details`: the refusal's own members.
    pub fn with_details(mut self, details: Value) -> Failure {
        self.0.insert("details".into(), details);
        self
    }

    /// A name that is not one of the operations.
    pub(crate) fn unknown_operation(name: &str) -> Failure {
        let shown: String = name.chars().take(64).collect();
        Failure::new(
            "validation",
            "UnknownOperation",
            format!(
                "{shown:?} is not an Amazon Pay operation; the names are those of \
                 `operations()` (CaptureCharge, CreateRefund, …)"
            ),
        )
        .with_field("operation")
    }

    /// JSON that does not have the shape expected of `what`.
    pub(crate) fn invalid_json(code: &str, what: &str, error: &serde_json::Error) -> Failure {
        Failure::new("validation", code, format!("{what}: {error}"))
    }

    /// `kind`.
    pub fn kind(&self) -> &str {
        self.text("kind")
    }

    /// `code`: stable, machine-readable.
    pub fn code(&self) -> &str {
        self.text("code")
    }

    /// `message`: for people.
    pub fn message(&self) -> &str {
        self.text("message")
    }

    /// `retryable`: whether the same call may succeed if made again.
    pub fn is_retryable(&self) -> bool {
        self.0.get("retryable").and_then(Value::as_bool) == Some(true)
    }

    /// The whole shape.
    pub fn to_json(&self) -> Value {
        Value::Object(self.0.clone())
    }

    /// The whole shape, as a JSON text.
    pub fn to_json_string(&self) -> String {
        Value::Object(self.0.clone()).to_string()
    }

    fn text(&self, key: &str) -> &str {
        self.0.get(key).and_then(Value::as_str).unwrap_or_default()
    }
}

impl From<amazon_pay_core::Error> for Failure {
    fn from(error: amazon_pay_core::Error) -> Failure {
        match serde_json::to_value(&error) {
            Ok(Value::Object(map)) => Failure(map),
            // The core's shape is always an object; should it not be, the
            // failure still carries the kind, code and message.
            _ => Failure::new(error.kind(), error.code(), error.to_string()),
        }
    }
}

macro_rules! from_core {
    ($($error:ty),+) => {
        $(
            impl From<$error> for Failure {
                fn from(error: $error) -> Failure {
                    Failure::from(amazon_pay_core::Error::from(error))
                }
            }
        )+
    };
}

from_core!(
    amazon_pay_core::ValidationError,
    amazon_pay_core::MoneyError,
    amazon_pay_core::sign::KeyError,
    amazon_pay_core::sign::SignError,
    amazon_pay_core::sign::VerifyError,
    amazon_pay_core::lifecycle::LifecycleError,
    amazon_pay_core::operation::ApiError,
    amazon_pay_core::exchange::ExchangeError,
    amazon_pay_core::operation::AnswerError,
    amazon_pay_core::notification::NotificationError
);

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for Failure {}
