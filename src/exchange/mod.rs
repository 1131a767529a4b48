//! One call with its retries, as a sans-IO machine (spec §8.8, §11).
//!
//! An [`Exchange`] is created from an operation, the [`Config`] and a
//! [`RetryPolicy`]. It never touches the network or the clock: the caller
//! feeds it inputs (`handle_*`) and asks for outputs (`poll_*`), in one loop:
//!
//! ```text
//! loop {
//!     if let Some(outcome) = exchange.poll_outcome() { break outcome }
//!     if let Some(request) = exchange.poll_transmit(now(), &signer, &mut entropy) {
//!         match send(request) {                       // your HTTP client
//!             Ok(response) => exchange.handle_response(now(), response),
//!             Err(kind) => exchange.handle_transport_error(now(), kind),
//!         }
//!     } else if let Some(at) = exchange.poll_timeout() {
//!         sleep_until(at);
//!     }
//! }
//! ```
//!
//! Invariants: each attempt is signed afresh with that attempt's date (never
//! earlier than the previous attempt's) and the operation's idempotency key —
//! the same key every attempt; at most `1 + max_retries` attempts are made;
//! a failure the policy does not retry ends the call; after the outcome is
//! taken, every poll answers `None`.
//!
//! ```
//! use amazon_pay_core::exchange::{Exchange, RetryPolicy, TransportError};
//! use amazon_pay_core::model::ChargeId;
//! use amazon_pay_core::operation::{GetCharge, Response};
//! use amazon_pay_core::sign::{Algorithm, Signature, Signer};
//! use amazon_pay_core::sign::SignError;
//! use amazon_pay_core::{Config, Entropy, PublicKeyId, Region, Timestamp};
//! # struct Fixed;
//! # impl Signer for Fixed {
//! #     fn sign(&self, _: Algorithm, _: &[u8], _: &mut dyn Entropy) -> Result<Signature, SignError> {
//! #         Ok(Signature::from_bytes(vec![1; 256]))
//! #     }
//! # }
//! # let signer = Fixed;
//!
//! let config = Config::new(Region::Na, PublicKeyId::parse("SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B")?);
//! let mut exchange = Exchange::new(GetCharge::new("S01-1-C1"), config, RetryPolicy::default());
//! let mut entropy = |buf: &mut [u8]| buf.fill(0x5a); // your CSPRNG in production
//! let t0 = Timestamp::parse("20240301T100000Z")?;
//!
//! let first = exchange.poll_transmit(t0, &signer, &mut entropy).unwrap();
//! exchange.handle_transport_error(t0, TransportError::ConnectionReset);
//! let retry_at = exchange.poll_timeout().unwrap(); // a jittered backoff
//! assert!(exchange.poll_transmit(t0, &signer, &mut entropy).is_none()); // not yet
//! let second = exchange.poll_transmit(retry_at, &signer, &mut entropy).unwrap();
//! assert_eq!(exchange.attempts(), 2);
//! exchange.handle_response(retry_at, Response::new(
//!     200, br#"{"chargeId":"S01-1-C1","statusDetails":{"state":"Authorized"}}"#.to_vec()));
//! let charge = exchange.poll_outcome().unwrap()?;
//! assert_eq!(charge.charge_id.unwrap().as_str(), "S01-1-C1");
//! # let _ = (first, second);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod retry;

pub use retry::{
    Decision, Failure, GiveUp, RETRYABLE_STATUSES, RetryPolicy, TransportError, parse_retry_after,
};

use crate::config::Config;
use crate::entropy::Entropy;
use crate::model::ErrorCode;
use crate::operation::{ApiError, ApiOperation, Response};
use crate::request::{Method, PreparedRequest, SignedRequest, UnsignedRequest};
use crate::sign::{SignError, Signer};
use crate::timestamp::Timestamp;
use crate::validation::ValidationError;

/// Why a call ended without the operation's output: every way a call can
/// end but success.
///
/// Converting it into the crate's [`Error`](crate::Error) flattens it:
/// `Invalid` becomes `Error::Validation`, `Sign` `Error::Sign` and `Api`
/// `Error::Api`; `ClockSkew` and `Transport` stay `Error::Exchange`.
///
/// As data: `Invalid`, `Sign` and `Api` are the wrapped error's JSON;
/// `{"code": "ClockSkew", "cause": <ApiError>}`; `{"code": "Transport",
/// "kind": "TimeoutAfterSent", "attempts": 3, "reason": "AttemptsExhausted",
/// "host": "…", "seconds": 4}`.
#[derive(thiserror::Error, serde::Serialize)]
#[serde(tag = "code")]
#[non_exhaustive]
pub enum ExchangeError {
    /// Amazon refused `x-amz-pay-date`: the local clock is off.
    #[error(
        "Amazon refused the request's date ({0}); fix the system clock (sync it with NTP) and try again"
    )]
    #[serde(serialize_with = "crate::validation::as_cause")]
    ClockSkew(ApiError),
    /// The last attempt failed in transport, and the policy stopped.
    #[error(
        "no answer from {host}: {kind} on attempt {attempts}, {seconds} s after the first; \
         {reason}. Check that the server at {host} is running and reachable, and that the \
         Config's region, environment and host (with_host, with_loopback_http) name it"
    )]
    Transport {
        /// The last failure.
        kind: TransportError,
        /// Attempts made.
        attempts: u32,
        /// Why no further attempt was made.
        reason: GiveUp,
        /// Where the requests went (`host[:port]`).
        host: String,
        /// Seconds from the first attempt to the last failure.
        seconds: i64,
    },
    /// The operation was refused before anything was sent.
    #[error(transparent)]
    #[serde(untagged)]
    Invalid(ValidationError),
    /// Signing an attempt failed; nothing more was sent.
    #[error(transparent)]
    #[serde(untagged)]
    Sign(SignError),
    /// Amazon answered with an error the policy does not retry, or retries
    /// ran out.
    #[error(transparent)]
    #[serde(untagged)]
    Api(ApiError),
}

impl ExchangeError {
    /// The error's stable, machine-readable code: `"ClockSkew"`,
    /// `"Transport"`, or the wrapped error's code (for `Api`, Amazon's
    /// `reasonCode`: [`ApiError::code_str`]).
    pub fn code(&self) -> &str {
        match self {
            ExchangeError::ClockSkew(_) => "ClockSkew",
            ExchangeError::Transport { .. } => "Transport",
            ExchangeError::Invalid(error) => error.code(),
            ExchangeError::Sign(error) => error.code(),
            ExchangeError::Api(error) => error.code_str(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// The next attempt may be sent at (or after) this time; `None`: now.
    Ready(Option<Timestamp>),
    /// An attempt is out; its answer is awaited.
    Awaiting,
    /// The outcome is known.
    Done,
}

/// One API call with its retries: sans-IO.
///
/// Methods are grouped as quinn groups them, and time is always a parameter:
///
/// - **Getters**: [`operation`](Self::operation), [`attempts`](Self::attempts),
///   [`is_safe_to_repeat`](Self::is_safe_to_repeat).
/// - **Inputs**: [`handle_response`](Self::handle_response) (Amazon's answer to
///   the attempt in flight), [`handle_transport_error`](Self::handle_transport_error)
///   (the attempt did not complete). Either is ignored when no attempt is out.
/// - **Outputs**, polled in this order after every input and after waking:
///   [`poll_outcome`](Self::poll_outcome) (the call is over: take its result,
///   once), [`poll_transmit`](Self::poll_transmit) (the next attempt, signed
///   now), [`poll_timeout`](Self::poll_timeout) (nothing to send yet: wake at
///   this time).
pub struct Exchange<O: ApiOperation> {
    operation: O,
    config: Config,
    policy: RetryPolicy,
    request: Option<UnsignedRequest>,
    state: State,
    attempts: u32,
    started: Option<Timestamp>,
    last_date: Option<Timestamp>,
    random: u64,
    outcome: Option<Result<O::Output, ExchangeError>>,
}

impl<O: ApiOperation> Exchange<O> {
    /// A call of `operation`. The request is validated now; a refusal is the
    /// outcome, and nothing is ever sent.
    pub fn new(operation: O, config: Config, policy: RetryPolicy) -> Exchange<O> {
        let (request, outcome) = match operation.into_request(&config) {
            Ok(request) => (Some(request), None),
            Err(error) => (None, Some(Err(ExchangeError::Invalid(error)))),
        };
        let state = if outcome.is_some() {
            State::Done
        } else {
            State::Ready(None)
        };
        Exchange {
            operation,
            config,
            policy,
            request,
            state,
            attempts: 0,
            started: None,
            last_date: None,
            random: 0,
            outcome,
        }
    }

    // ---------------------------------------------------------------- getters

    /// The operation.
    pub fn operation(&self) -> &O {
        &self.operation
    }

    /// Attempts sent so far.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Whether the call may be sent twice: a GET, or a request with an
    /// idempotency key.
    pub fn is_safe_to_repeat(&self) -> bool {
        self.request
            .as_ref()
            .is_some_and(|r| r.method() == Method::Get || r.idempotency_key().is_some())
    }

    // ---------------------------------------------------------------- inputs

    /// Amazon's answer to the attempt in flight. A success is decoded into
    /// the outcome; a failure is retried if the policy says so. Ignored
    /// when no attempt is in flight.
    pub fn handle_response(&mut self, now: Timestamp, response: Response) {
        if self.state != State::Awaiting {
            return;
        }
        let error = match self.operation.decode(&response) {
            Ok(output) => return self.finish(Ok(output)),
            Err(error) => error,
        };
        if is_clock_skew(&error) {
            return self.finish(Err(ExchangeError::ClockSkew(error)));
        }
        let retry_after = response
            .header("retry-after")
            .and_then(|value| parse_retry_after(value, now));
        let failure = Failure::Status {
            status: response.status(),
            retry_after,
        };
        if !response.is_success() && self.retry(now, failure) {
            return;
        }
        self.finish(Err(ExchangeError::Api(error)));
    }

    /// The attempt in flight failed in transport. Retried if the policy says
    /// so. Ignored when no attempt is in flight.
    pub fn handle_transport_error(&mut self, now: Timestamp, kind: TransportError) {
        if self.state != State::Awaiting {
            return;
        }
        match self.decide(now, Failure::Transport(kind)) {
            Decision::Retry(delay) => self.wait(now, delay),
            Decision::GiveUp(reason) => {
                let seconds = self
                    .started
                    .map_or(0, |started| now.since(started).whole_seconds());
                self.finish(Err(ExchangeError::Transport {
                    kind,
                    attempts: self.attempts,
                    reason,
                    host: self.config.host().to_owned(),
                    seconds,
                }))
            }
        }
    }

    // ---------------------------------------------------------------- outputs

    /// The next attempt, signed with `now` as its date (or the previous
    /// attempt's date, if the clock went back) and the operation's
    /// idempotency key — when it is time to send one; `None` otherwise.
    /// A signing failure ends the call with that error.
    pub fn poll_transmit(
        &mut self,
        now: Timestamp,
        signer: &(impl Signer + ?Sized),
        entropy: &mut dyn Entropy,
    ) -> Option<SignedRequest> {
        let (prepared, date, random) = self.next_attempt(now, entropy)?;
        let message = prepared.string_to_sign().as_bytes();
        match signer.sign(prepared.algorithm(), message, entropy) {
            Ok(signature) => {
                self.count_attempt(date, random);
                Some(prepared.finish(&signature))
            }
            Err(error) => {
                self.abandon(error);
                None
            }
        }
    }

    /// [`poll_transmit`](Self::poll_transmit) in two steps, for a signer
    /// that answers later (WebCrypto's promise, a remote KMS): the next
    /// attempt prepared — dated, its string to sign ready — and counted as
    /// sent. Sign [`string_to_sign`](PreparedRequest::string_to_sign),
    /// [`finish`](PreparedRequest::finish) it, send it, and give the answer
    /// to [`handle_response`](Self::handle_response) as usual; if the
    /// signature cannot be made, [`abandon`](Self::abandon) the call.
    pub fn poll_prepare(
        &mut self,
        now: Timestamp,
        entropy: &mut dyn Entropy,
    ) -> Option<PreparedRequest> {
        let (prepared, date, random) = self.next_attempt(now, entropy)?;
        self.count_attempt(date, random);
        Some(prepared)
    }

    /// Ends the call with `error`: the attempt prepared by
    /// [`poll_prepare`](Self::poll_prepare) could not be signed (nothing
    /// was sent). Ignored once the call is over.
    pub fn abandon(&mut self, error: SignError) {
        if self.state != State::Done {
            self.finish(Err(ExchangeError::Sign(error)));
        }
    }

    /// When the next attempt may be sent, while waiting between attempts.
    pub fn poll_timeout(&self) -> Option<Timestamp> {
        match self.state {
            State::Ready(at) => at,
            _ => None,
        }
    }

    /// The outcome, once: the operation's output, or the error that ended
    /// the call.
    pub fn poll_outcome(&mut self) -> Option<Result<O::Output, ExchangeError>> {
        self.outcome.take()
    }

    // ---------------------------------------------------------------- internals

    /// The next attempt, prepared, with its date and jitter draw — when it
    /// is time; a request that cannot be prepared ends the call.
    fn next_attempt(
        &mut self,
        now: Timestamp,
        entropy: &mut dyn Entropy,
    ) -> Option<(PreparedRequest, Timestamp, u64)> {
        match self.state {
            State::Ready(Some(at)) if now < at => return None,
            State::Ready(_) => {}
            State::Awaiting | State::Done => return None,
        }
        let request = self.request.as_ref()?;
        let date = self.last_date.map_or(now, |last| last.max(now));
        let mut random = [0u8; 8];
        entropy.fill_bytes(&mut random);
        match request.prepare(&self.config, date) {
            Ok(prepared) => Some((prepared, date, u64::from_le_bytes(random))),
            Err(error) => {
                self.abandon(SignError::Invalid(error));
                None
            }
        }
    }

    /// An attempt goes out.
    fn count_attempt(&mut self, date: Timestamp, random: u64) {
        self.random = random;
        self.attempts += 1;
        self.started = self.started.or(Some(date));
        self.last_date = Some(date);
        self.state = State::Awaiting;
    }

    fn decide(&self, now: Timestamp, failure: Failure) -> Decision {
        let elapsed = self
            .started
            .map_or(time::Duration::ZERO, |started| now.since(started));
        self.policy.decide(
            self.attempts,
            failure,
            self.is_safe_to_repeat(),
            elapsed,
            self.random,
        )
    }

    /// Schedules another attempt if the policy allows; whether it did.
    fn retry(&mut self, now: Timestamp, failure: Failure) -> bool {
        match self.decide(now, failure) {
            Decision::Retry(delay) => {
                self.wait(now, delay);
                true
            }
            Decision::GiveUp(_) => false,
        }
    }

    /// Timestamps have whole seconds: a delay is rounded up, never down, so
    /// an attempt is never sent before its backoff or `Retry-After` is over.
    fn wait(&mut self, now: Timestamp, delay: time::Duration) {
        let mut seconds = delay.whole_seconds();
        if delay.subsec_nanoseconds() > 0 {
            seconds += 1;
        }
        let at = now.checked_add(time::Duration::seconds(seconds));
        self.state = State::Ready(Some(at.unwrap_or(now)));
    }

    fn finish(&mut self, outcome: Result<O::Output, ExchangeError>) {
        self.state = State::Done;
        self.outcome = Some(outcome);
    }
}

/// Whether Amazon refused the request's `x-amz-pay-date`.
fn is_clock_skew(error: &ApiError) -> bool {
    error.code() == Some(&ErrorCode::InvalidHeaderValue)
        && error
            .message()
            .is_some_and(|m| m.to_ascii_lowercase().contains("x-amz-pay-date"))
}

crate::validation::debug_as_message!(ExchangeError);
