//! [`Error`]: every error of the crate in one type, for callers who want one
//! type for `?`.
//!
//! This file only gathers. Each module owns its error beside the code that
//! returns it ([`ValidationError`] in `validation`, [`MoneyError`] in
//! `money`, [`KeyError`], [`SignError`] and [`VerifyError`] in [`sign`](crate::sign),
//! [`LifecycleError`] in [`lifecycle`](crate::lifecycle), [`ApiError`] in
//! [`operation`](crate::operation), [`ExchangeError`] in
//! [`exchange`](crate::exchange)); nothing inside the crate imports this file.

use crate::exchange::ExchangeError;
use crate::lifecycle::{LifecycleError, Refused, RuleViolation};
use crate::money::MoneyError;
use crate::operation::{AnswerError, ApiError};
use crate::sign::{KeyError, SignError, VerifyError};
use crate::validation::ValidationError;

/// Any error of this crate, for callers who want one type for `?`.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A refused value.
    #[error(transparent)]
    Validation(#[from] ValidationError),
    /// Money arithmetic without an exact answer.
    #[error(transparent)]
    Money(#[from] MoneyError),
    /// An unusable key.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// Signing failed.
    #[error(transparent)]
    Sign(#[from] SignError),
    /// Verification failed.
    #[error(transparent)]
    Verify(#[from] VerifyError),
    /// A lifecycle refused an event, an operation or an observation.
    #[error(transparent)]
    Lifecycle(#[from] LifecycleError),
    /// Amazon answered with an error.
    #[error(transparent)]
    Api(#[from] ApiError),
    /// A call ended without an answer to use (clock skew, transport).
    /// The exchange's other endings arrive as `Validation`, `Sign` and `Api`.
    #[error(transparent)]
    Exchange(ExchangeError),
    /// An IPN was refused.
    #[cfg(feature = "ipn")]
    #[cfg_attr(docsrs, doc(cfg(feature = "ipn")))]
    #[error(transparent)]
    Notification(#[from] crate::notification::NotificationError),
}

impl<T> From<Refused<T>> for Error {
    fn from(refused: Refused<T>) -> Self {
        Error::Lifecycle(refused.error)
    }
}

impl From<RuleViolation> for Error {
    fn from(violation: RuleViolation) -> Self {
        Error::Lifecycle(LifecycleError::Rule(violation))
    }
}

impl From<ExchangeError> for Error {
    fn from(error: ExchangeError) -> Self {
        match error {
            ExchangeError::Invalid(error) => Error::Validation(error),
            ExchangeError::Sign(error) => Error::Sign(error),
            ExchangeError::Api(error) => Error::Api(error),
            other => Error::Exchange(other),
        }
    }
}

impl From<AnswerError> for Error {
    fn from(error: AnswerError) -> Self {
        match error {
            AnswerError::Api(error) => Error::Api(error),
            AnswerError::Lifecycle(error) => Error::Lifecycle(error),
        }
    }
}

impl Error {
    /// Which part of the crate refused: `"validation"`, `"money"`, `"key"`,
    /// `"sign"`, `"verify"`, `"rule"` (an Amazon rule a request would
    /// break: [`RuleViolation`]), `"lifecycle"` (any other refusal of the
    /// rule book), `"api"` (Amazon's answer), `"clock_skew"`, `"transport"`
    /// or `"notification"`. Stable, like [`code`](Self::code).
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Validation(_) => "validation",
            Error::Money(_) => "money",
            Error::Key(_) => "key",
            Error::Sign(_) => "sign",
            Error::Verify(_) => "verify",
            Error::Lifecycle(LifecycleError::Rule(_)) => "rule",
            Error::Lifecycle(_) => "lifecycle",
            Error::Api(_) => "api",
            Error::Exchange(ExchangeError::ClockSkew(_)) => "clock_skew",
            Error::Exchange(_) => "transport",
            #[cfg(feature = "ipn")]
            Error::Notification(_) => "notification",
        }
    }

    /// The stable, machine-readable code of the error inside
    /// (`"RefundExceedsAllowance"`, `"TooManyDecimals"`; for Amazon's
    /// answers its `reasonCode`).
    pub fn code(&self) -> &str {
        match self {
            Error::Validation(error) => error.code(),
            Error::Money(error) => error.code(),
            Error::Key(error) => error.code(),
            Error::Sign(error) => error.code(),
            Error::Verify(error) => error.code(),
            Error::Lifecycle(error) => error.code(),
            Error::Api(error) => error.code_str(),
            Error::Exchange(error) => error.code(),
            #[cfg(feature = "ipn")]
            Error::Notification(error) => error.code(),
        }
    }

    /// Whether the same call may succeed if made again (with the same
    /// idempotency key): Amazon's retryable answers ([`ApiError::is_retryable`])
    /// and transport failures. A refusal by the rule book never is.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(error) => error.is_retryable(),
            Error::Exchange(ExchangeError::Transport { .. }) => true,
            _ => false,
        }
    }

    /// The refused value's field, for a [`ValidationError`] (also inside a
    /// signing or verification failure).
    fn validation(&self) -> Option<&ValidationError> {
        match self {
            Error::Validation(error)
            | Error::Sign(SignError::Invalid(error))
            | Error::Verify(VerifyError::Invalid(error)) => Some(error),
            _ => None,
        }
    }

    /// Amazon's `reasonCode`, for its answers (also a refused clock).
    fn reason_code(&self) -> Option<&str> {
        match self {
            Error::Api(error) | Error::Exchange(ExchangeError::ClockSkew(error)) => {
                error.code().map(|code| code.as_str())
            }
            _ => None,
        }
    }

    /// The code of the rule broken: a value's [`Rule`](crate::Rule) or a
    /// request's [`RuleViolation`].
    fn rule(&self) -> Option<&'static str> {
        match self {
            Error::Lifecycle(LifecycleError::Rule(violation)) => Some(violation.code()),
            _ => self.validation().map(ValidationError::code),
        }
    }
}

/// As data, one shape for every error, the one the language bindings
/// expose: `{"kind", "code", "message", "retryable", "details"}` and, where
/// they apply, `"field"` (a refused value's JSON path), `"rule"` (the code of
/// the rule broken) and `"reasonCode"` (Amazon's). `details` is the inner
/// error's own JSON, with every member of its variant.
///
/// ```
/// use amazon_pay_core::{Error, Price};
///
/// let error = Error::from(Price::parse("7.7225", "USD").unwrap_err());
/// let json = serde_json::to_value(&error).unwrap();
/// assert_eq!(json["kind"], "validation");
/// assert_eq!(json["code"], "TooManyDecimals");
/// assert_eq!(json["field"], "amount");
/// assert_eq!(json["details"]["found"], 4);
/// assert_eq!(json["retryable"], false);
/// ```
impl serde::Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("kind", self.kind())?;
        map.serialize_entry("code", self.code())?;
        map.serialize_entry("message", &self.to_string())?;
        if let Some(error) = self.validation() {
            map.serialize_entry("field", error.field())?;
        }
        if let Some(rule) = self.rule() {
            map.serialize_entry("rule", rule)?;
        }
        if let Some(code) = self.reason_code() {
            map.serialize_entry("reasonCode", code)?;
        }
        map.serialize_entry("retryable", &self.is_retryable())?;
        match self {
            Error::Validation(error) => map.serialize_entry("details", error)?,
            Error::Money(error) => map.serialize_entry("details", error)?,
            Error::Key(error) => map.serialize_entry("details", error)?,
            Error::Sign(error) => map.serialize_entry("details", error)?,
            Error::Verify(error) => map.serialize_entry("details", error)?,
            Error::Lifecycle(error) => map.serialize_entry("details", error)?,
            Error::Api(error) => map.serialize_entry("details", error)?,
            Error::Exchange(error) => map.serialize_entry("details", error)?,
            #[cfg(feature = "ipn")]
            Error::Notification(error) => map.serialize_entry("details", error)?,
        }
        map.end()
    }
}

crate::validation::debug_as_message!(Error);
