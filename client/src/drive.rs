//! The one loop body both drivers share: what to do next with an exchange.
//! The blocking and async drivers differ only in how they send and sleep.

use std::sync::Arc;
use std::time::Duration;

use amazon_pay_core::exchange::{Exchange, ExchangeError, RetryPolicy};
use amazon_pay_core::operation::{ApiOperation, Response};
use amazon_pay_core::sign::Signer;
use amazon_pay_core::{Config, SignedRequest};

use crate::error::{Error, TransportFailure};
use crate::system::{self, OsEntropy};

/// What a client holds besides its transport.
#[derive(Clone)]
pub(crate) struct Parts {
    pub(crate) config: Config,
    pub(crate) signer: Arc<dyn Signer + Send + Sync>,
    pub(crate) policy: RetryPolicy,
}

/// The constructor and getters both clients share (`$client` has the
/// fields `parts` and `transport`).
macro_rules! client_parts {
    ($client:ident) => {
        /// A client for `config`, signing with `signer`, sending with
        /// `transport`, with the default [`RetryPolicy`].
        pub fn new(
            config: Config,
            signer: impl Signer + Send + Sync + 'static,
            transport: T,
        ) -> Self {
            $client {
                parts: crate::drive::Parts {
                    config,
                    signer: std::sync::Arc::new(signer),
                    policy: RetryPolicy::default(),
                },
                transport,
            }
        }

        /// Replaces the retry policy.
        pub fn with_retry_policy(mut self, policy: RetryPolicy) -> Self {
            self.parts.policy = policy;
            self
        }

        /// The configuration requests are built and signed for.
        pub fn config(&self) -> &Config {
            &self.parts.config
        }

        /// The retry policy.
        pub fn retry_policy(&self) -> &RetryPolicy {
            &self.parts.policy
        }

        /// The transport.
        pub fn transport(&self) -> &T {
            &self.transport
        }
    };
}
pub(crate) use client_parts;

/// The driver's next move.
pub(crate) enum Step<T> {
    /// Send this attempt, then hand the result to [`Driver::handle`].
    Send(SignedRequest),
    /// Sleep this long, then ask again.
    Sleep(Duration),
    /// The call is over.
    Done(Result<T, Error>),
}

/// One call in progress.
pub(crate) struct Driver<'a, O: ApiOperation> {
    parts: &'a Parts,
    exchange: Exchange<O>,
    last_failure: Option<TransportFailure>,
    clock_failed: bool,
}

impl<'a, O: ApiOperation> Driver<'a, O> {
    pub(crate) fn new(parts: &'a Parts, operation: O) -> Self {
        Driver {
            exchange: Exchange::new(operation, parts.config.clone(), parts.policy),
            parts,
            last_failure: None,
            clock_failed: false,
        }
    }

    /// The next move: the outcome if there is one, else an attempt to send
    /// now, else how long to wait for the next one.
    pub(crate) fn step(&mut self) -> Step<O::Output> {
        if self.clock_failed {
            return Step::Done(Err(Error::Clock));
        }
        if let Some(outcome) = self.exchange.poll_outcome() {
            return Step::Done(outcome.map_err(|error| self.error(error)));
        }
        let now = match system::now() {
            Ok(now) => now,
            Err(error) => return Step::Done(Err(error)),
        };
        let mut entropy = OsEntropy::default();
        let request = self
            .exchange
            .poll_transmit(now, &*self.parts.signer, &mut entropy);
        if let Err(error) = entropy.check() {
            return Step::Done(Err(error));
        }
        if let Some(request) = request {
            return Step::Send(request);
        }
        if let Some(outcome) = self.exchange.poll_outcome() {
            // Signing failed: the exchange ended the call.
            return Step::Done(outcome.map_err(|error| self.error(error)));
        }
        match self.exchange.poll_timeout() {
            Some(at) => Step::Sleep(system::until(at)),
            // Not reachable: an exchange that is neither waiting, sending
            // nor done does not exist between steps. Ending the call is the
            // answer that cannot loop.
            None => Step::Done(Err(Error::Stalled)),
        }
    }

    /// What came back for the attempt [`step`](Self::step) handed out.
    pub(crate) fn handle(&mut self, result: Result<Response, TransportFailure>) {
        let Ok(now) = system::now() else {
            self.clock_failed = true;
            return;
        };
        match result {
            Ok(response) => self.exchange.handle_response(now, response),
            Err(failure) => {
                self.exchange.handle_transport_error(now, failure.kind());
                self.last_failure = Some(failure);
            }
        }
    }

    fn error(&mut self, error: ExchangeError) -> Error {
        match (error, self.last_failure.take()) {
            (error @ ExchangeError::Transport { .. }, Some(last)) => Error::Transport {
                error: error.into(),
                last,
            },
            (error, _) => Error::Call(error.into()),
        }
    }
}
