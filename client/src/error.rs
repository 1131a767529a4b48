//! The client's error, and the failure a transport reports.

use std::error::Error as StdError;
use std::fmt;

use amazon_pay_core::exchange::TransportError;
use amazon_pay_core::operation::ApiError;

/// Why a call returned no output.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The call ended with the core's error: refused before anything was
    /// sent (validation), a signing failure, Amazon's refusal
    /// ([`amazon_pay_core::Error::Api`], see [`api_error`](Self::api_error)),
    /// or a clock Amazon refused.
    #[error(transparent)]
    Call(#[from] amazon_pay_core::Error),
    /// Every attempt the retry policy allowed failed in transport, or the
    /// last failure was one the policy does not retry. `error` says how many
    /// attempts were made and why no other was; `source()` is the last
    /// failure as the HTTP client reported it.
    #[error("{error}")]
    Transport {
        /// The exchange's account ([`amazon_pay_core::Error::Exchange`]).
        error: amazon_pay_core::Error,
        /// The last failure, from the HTTP client.
        #[source]
        last: TransportFailure,
    },
    /// The operating system's random number generator failed. Nothing was
    /// sent.
    #[error("the operating system's random number generator failed ({0}); nothing was sent")]
    Entropy(getrandom::Error),
    /// The system clock reads a time no request can carry (before 1970 or
    /// after 9999). Nothing was sent after it was read.
    #[error(
        "the system clock reads a time outside the years 1970 to 9999; fix the clock (sync it with NTP)"
    )]
    Clock,
    /// The exchange neither had an attempt to send, a time to wait for, nor
    /// an outcome. A correct exchange never does this; the call ends with
    /// this error rather than loop or panic. Please report it.
    #[error(
        "the exchange stopped without an outcome (a bug in amazon-pay-client; please report it)"
    )]
    Stalled,
}

impl Error {
    /// Amazon's refusal, when the call ended with one.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Call(amazon_pay_core::Error::Api(error)) => Some(error),
            _ => None,
        }
    }
}

impl Error {
    /// The stable, machine-readable code: the core error's
    /// ([`amazon_pay_core::Error::code`]), or `"Entropy"`, `"Clock"`,
    /// `"Stalled"`.
    pub fn code(&self) -> &str {
        match self {
            Error::Call(error) | Error::Transport { error, .. } => error.code(),
            Error::Entropy(_) => "Entropy",
            Error::Clock => "Clock",
            Error::Stalled => "Stalled",
        }
    }

    /// Which part refused: the core error's kind
    /// ([`amazon_pay_core::Error::kind`]), or `"client"` for this crate's own.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Call(error) | Error::Transport { error, .. } => error.kind(),
            _ => "client",
        }
    }

    /// Whether the same call may succeed if made again (with the same
    /// idempotency key).
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Call(error) | Error::Transport { error, .. } => error.is_retryable(),
            _ => false,
        }
    }
}

/// As data, the core's one shape (`{kind, code, message, field?, rule?,
/// reasonCode?, retryable, details}`, see [`amazon_pay_core::Error`]); a
/// transport failure adds `lastFailure`, the HTTP client's own words.
impl serde::Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::Error as _;
        match self {
            Error::Call(error) => error.serialize(serializer),
            Error::Transport { error, last } => {
                let mut value = serde_json::to_value(error).map_err(S::Error::custom)?;
                value["lastFailure"] = last.to_string().into();
                value.serialize(serializer)
            }
            _ => serde_json::json!({
                "kind": self.kind(),
                "code": self.code(),
                "message": self.to_string(),
                "retryable": false,
                "details": {"code": self.code()},
            })
            .serialize(serializer),
        }
    }
}

/// How one attempt failed in transport: the kind the retry policy decides
/// on, and the HTTP client's own error.
///
/// An adapter chooses the kind: whether nothing can have reached Amazon
/// ([`TransportError::ConnectRefused`], [`TransportError::TimeoutBeforeSent`])
/// or Amazon may have acted on the request (every other kind). When it
/// cannot tell, it must choose an ambiguous kind: a call that moves money
/// without an idempotency key is then not repeated.
#[derive(Debug)]
pub struct TransportFailure {
    kind: TransportError,
    source: Box<dyn StdError + Send + Sync>,
}

impl TransportFailure {
    /// A failure of `kind`, caused by `source`.
    pub fn new(kind: TransportError, source: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        TransportFailure {
            kind,
            source: source.into(),
        }
    }

    /// The kind the retry policy decides on.
    pub fn kind(&self) -> TransportError {
        self.kind
    }
}

impl fmt::Display for TransportFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            TransportError::ConnectRefused => "could not connect",
            TransportError::TimeoutBeforeSent => "timed out before the request was sent",
            TransportError::TimeoutAfterSent => "timed out after the request was sent",
            TransportError::ConnectionReset => "the connection broke after the request was sent",
            _ => "the request failed",
        };
        write!(f, "{kind}: {}", self.source)
    }
}

impl StdError for TransportFailure {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&*self.source)
    }
}

/// `Debug` of an error type as its name and its message, so that what
/// `fn main() -> Result<(), Box<dyn Error>>` prints on failure is the whole
/// message, not only a variant name.
macro_rules! debug_as_message {
    ($($error:ident),+) => {$(
        impl std::fmt::Debug for $error {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}: {}", stringify!($error), self)
            }
        }
    )+};
}
pub(crate) use debug_as_message;

debug_as_message!(Error);

#[cfg(test)]
mod tests {
    use super::*;
    use amazon_pay_core::exchange::{ExchangeError, GiveUp};

    #[test]
    fn errors_as_data_keep_the_cores_shape() {
        let core = amazon_pay_core::Error::from(ExchangeError::Transport {
            kind: TransportError::ConnectRefused,
            attempts: 2,
            reason: GiveUp::AttemptsExhausted,
            host: "127.0.0.1:9".to_owned(),
            seconds: 1,
        });
        let error = Error::Transport {
            error: core,
            last: TransportFailure::new(TransportError::ConnectRefused, "connection refused"),
        };
        assert_eq!((error.kind(), error.code()), ("transport", "Transport"));
        assert!(error.is_retryable());
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(json["kind"], "transport");
        assert_eq!(json["details"]["attempts"], 2);
        assert_eq!(json["message"], error.to_string());
        assert_eq!(json["lastFailure"], "could not connect: connection refused");

        let json = serde_json::to_value(Error::Clock).unwrap();
        assert_eq!(json["kind"], "client");
        assert_eq!(json["code"], "Clock");
        assert_eq!(json["retryable"], false);
        let call = Error::Call(
            amazon_pay_core::Price::parse("1.001", "USD")
                .unwrap_err()
                .into(),
        );
        let json = serde_json::to_value(&call).unwrap();
        assert_eq!(
            (json["code"].as_str(), json["field"].as_str()),
            (Some("TooManyDecimals"), Some("amount"))
        );
    }
}
