//! One call with its retries: the core's [`Exchange`], whatever the
//! operation, driven by the host's HTTP client, clock and entropy.

use amazon_pay_core::exchange::{Exchange, TransportError};
use amazon_pay_core::operation::{ApiOperation, Response};
use amazon_pay_core::sign::{SignError, Signer};
use amazon_pay_core::{Entropy, PreparedRequest, SignedRequest, Timestamp};
use serde::Serialize;
use serde_json::Value;

use crate::failure::Failure;

/// The core's exchange, with the output as JSON.
pub(crate) trait Dispatch: Send + Sync {
    fn poll_transmit(
        &mut self,
        now: Timestamp,
        signer: &dyn Signer,
        entropy: &mut dyn Entropy,
    ) -> Option<SignedRequest>;
    fn handle_response(&mut self, now: Timestamp, response: Response);
    fn handle_transport_error(&mut self, now: Timestamp, kind: TransportError);
    fn poll_prepare(
        &mut self,
        now: Timestamp,
        entropy: &mut dyn Entropy,
    ) -> Option<PreparedRequest>;
    fn abandon(&mut self, error: SignError);
    fn poll_timeout(&self) -> Option<Timestamp>;
    fn poll_outcome(&mut self) -> Option<Result<Value, Failure>>;
    fn attempts(&self) -> u32;
}

impl<O> Dispatch for Exchange<O>
where
    O: ApiOperation + Send + Sync,
    O::Output: Serialize + Send + Sync,
{
    fn poll_transmit(
        &mut self,
        now: Timestamp,
        signer: &dyn Signer,
        entropy: &mut dyn Entropy,
    ) -> Option<SignedRequest> {
        Exchange::poll_transmit(self, now, signer, entropy)
    }

    fn handle_response(&mut self, now: Timestamp, response: Response) {
        Exchange::handle_response(self, now, response);
    }

    fn handle_transport_error(&mut self, now: Timestamp, kind: TransportError) {
        Exchange::handle_transport_error(self, now, kind);
    }

    fn poll_prepare(
        &mut self,
        now: Timestamp,
        entropy: &mut dyn Entropy,
    ) -> Option<PreparedRequest> {
        Exchange::poll_prepare(self, now, entropy)
    }

    fn abandon(&mut self, error: SignError) {
        Exchange::abandon(self, error);
    }

    fn poll_timeout(&self) -> Option<Timestamp> {
        Exchange::poll_timeout(self)
    }

    fn poll_outcome(&mut self) -> Option<Result<Value, Failure>> {
        Exchange::poll_outcome(self).map(|outcome| match outcome {
            Ok(output) => serde_json::to_value(output).map_err(|e| {
                Failure::new(
                    "api",
                    "UnexpectedResponse",
                    format!("the answer could not be re-serialized: {e}"),
                )
            }),
            Err(error) => Err(Failure::from(error)),
        })
    }

    fn attempts(&self) -> u32 {
        Exchange::attempts(self)
    }
}

/// What to do next in a call: send a request, wait, or take the result.
#[derive(Debug)]
#[non_exhaustive]
pub enum Step {
    /// Send this request, then give its answer to
    /// [`CallExchange::handle_response`] (or the failure to
    /// [`handle_transport_error`](CallExchange::handle_transport_error)).
    Send(SignedRequest),
    /// Sign this attempt's string to sign, [`finish`](PreparedRequest::finish)
    /// it, send it, then give the answer as for [`Step::Send`] (or
    /// [`CallExchange::abandon`] the call if no signature can be made).
    /// Only [`CallExchange::step_prepared`] answers this.
    Sign(PreparedRequest),
    /// Nothing to send before this instant (a backoff or `Retry-After`);
    /// step again then.
    Wait(Timestamp),
    /// The call is over: the decoded answer as JSON, or the failure that
    /// ended it. Stepping again after this answers an `InvalidState`
    /// failure.
    Done(Result<Value, Failure>),
}

/// One call with its retries, as the core runs it: each attempt signed
/// afresh with the same idempotency key; Amazon's retryable answers and
/// transport failures retried with jittered backoff, `Retry-After`
/// honoured, within the policy's attempts and deadline; a call that is not
/// safe to repeat never repeated after an ambiguous failure.
///
/// A binding's loop: `step` → send the request → `handle_response` (or
/// `handle_transport_error`) → `step` … until [`Step::Done`].
pub struct CallExchange {
    inner: Box<dyn Dispatch>,
    done: bool,
}

impl CallExchange {
    pub(crate) fn new(inner: Box<dyn Dispatch>) -> CallExchange {
        CallExchange { inner, done: false }
    }

    /// The next thing to do at `now`; `signer` signs the attempt if one is
    /// due, `entropy` gives its jitter.
    pub fn step(&mut self, now: Timestamp, signer: &dyn Signer, entropy: &mut dyn Entropy) -> Step {
        self.next(|inner| inner.poll_transmit(now, signer, entropy).map(Step::Send))
    }

    /// [`step`](Self::step) for a signer that answers later (WebCrypto, a
    /// remote KMS): an attempt due comes as [`Step::Sign`], already counted
    /// as sent.
    pub fn step_prepared(&mut self, now: Timestamp, entropy: &mut dyn Entropy) -> Step {
        self.next(|inner| inner.poll_prepare(now, entropy).map(Step::Sign))
    }

    /// Ends the call: the prepared attempt could not be signed (`reason`
    /// says why). Nothing was sent.
    pub fn abandon(&mut self, reason: &str) {
        self.inner
            .abandon(SignError::Signer(reason.to_owned().into()));
    }

    fn next(&mut self, attempt: impl FnOnce(&mut dyn Dispatch) -> Option<Step>) -> Step {
        if let Some(outcome) = self.inner.poll_outcome() {
            self.done = true;
            return Step::Done(outcome);
        }
        if self.done {
            return Step::Done(Err(Failure::new(
                "validation",
                "InvalidState",
                "this call is over; its result was already taken",
            )));
        }
        if let Some(step) = attempt(self.inner.as_mut()) {
            return step;
        }
        if let Some(outcome) = self.inner.poll_outcome() {
            // Preparing or signing failed: that is the outcome.
            self.done = true;
            return Step::Done(outcome);
        }
        match self.inner.poll_timeout() {
            Some(at) => Step::Wait(at),
            None => Step::Done(Err(Failure::new(
                "validation",
                "InvalidState",
                "an attempt is in flight: give its answer (handle_response) or its failure \
                 (handle_transport_error) first",
            ))),
        }
    }

    /// Amazon's answer to the attempt in flight.
    pub fn handle_response(
        &mut self,
        now: Timestamp,
        status: u16,
        headers: &[(String, String)],
        body: &[u8],
    ) {
        self.inner
            .handle_response(now, crate::http::response(status, headers, body));
    }

    /// The attempt in flight failed in transport: `kind` is one of
    /// `ConnectRefused`, `TimeoutBeforeSent` (nothing reached Amazon),
    /// `TimeoutAfterSent`, `ConnectionReset` (Amazon may have acted).
    pub fn handle_transport_error(&mut self, now: Timestamp, kind: &str) -> Result<(), Failure> {
        self.inner
            .handle_transport_error(now, transport_error(kind)?);
        Ok(())
    }

    /// Attempts sent so far.
    pub fn attempts(&self) -> u32 {
        self.inner.attempts()
    }
}

/// A transport failure by its name.
pub fn transport_error(kind: &str) -> Result<TransportError, Failure> {
    Ok(match kind {
        "ConnectRefused" => TransportError::ConnectRefused,
        "TimeoutBeforeSent" => TransportError::TimeoutBeforeSent,
        "TimeoutAfterSent" => TransportError::TimeoutAfterSent,
        "ConnectionReset" => TransportError::ConnectionReset,
        other => {
            return Err(Failure::new(
                "validation",
                "UnknownTransportError",
                format!(
                    "{other:?}: expected ConnectRefused, TimeoutBeforeSent, TimeoutAfterSent \
                     or ConnectionReset"
                ),
            )
            .with_field("kind"));
        }
    })
}
