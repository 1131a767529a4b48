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

crate::validation::debug_as_message!(Error);
