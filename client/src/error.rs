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
