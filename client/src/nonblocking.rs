//! The async driver: [`AsyncClient`] over any [`AsyncTransport`].

use std::future::Future;
use std::time::Duration;

use amazon_pay_core::exchange::RetryPolicy;
use amazon_pay_core::operation::{ApiOperation, Response};
use amazon_pay_core::sign::Signer;
use amazon_pay_core::{Config, SignedRequest};

use crate::drive::{Driver, Parts, Step};
use crate::error::{Error, TransportFailure};

/// Sends one signed request and sleeps between attempts — what an async HTTP
/// client and its runtime must do for [`AsyncClient`].
///
/// `send` follows the same contract as [`Transport::send`](crate::Transport::send):
/// the request exactly as given, no redirects, any status is an answer.
/// `sleep` waits on the runtime's timer (never block the thread in it).
///
/// ```
/// use std::time::Duration;
/// use amazon_pay_client::{AsyncTransport, TransportFailure};
/// use amazon_pay_core::exchange::TransportError;
/// use amazon_pay_core::operation::Response;
/// use amazon_pay_core::SignedRequest;
///
/// struct MyClient; // hyper, surf, a wasm fetch…
///
/// impl AsyncTransport for MyClient {
///     async fn send(&self, request: SignedRequest) -> Result<Response, TransportFailure> {
///         let _ = (request.method(), request.url(), request.headers(), request.body());
///         Err(TransportFailure::new(TransportError::ConnectRefused, "no network here"))
///     }
///     async fn sleep(&self, duration: Duration) {
///         let _ = duration; // e.g. tokio::time::sleep(duration).await
///     }
/// }
/// ```
pub trait AsyncTransport {
    /// Sends `request`; Amazon's answer, whatever its status, or how the
    /// request failed to complete.
    fn send(
        &self,
        request: SignedRequest,
    ) -> impl Future<Output = Result<Response, TransportFailure>> + Send;

    /// Waits `duration` without blocking the thread.
    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> + Send;
}

/// Runs operations over an [`AsyncTransport`]: the async twin of
/// [`Client`](crate::Client), with the same exchange and retry policy.
pub struct AsyncClient<T> {
    parts: Parts,
    transport: T,
}

impl<T: AsyncTransport + Sync> AsyncClient<T> {
    crate::drive::client_parts!(AsyncClient);

    /// Runs `operation` to its outcome: Amazon's typed answer, or why there
    /// is none. The future is `Send` when the operation and its output are.
    ///
    /// Signing happens on the calling task (an RSA-2048 signature takes
    /// about a millisecond with the default backend).
    pub async fn call<O>(&self, operation: O) -> Result<O::Output, Error>
    where
        O: ApiOperation + Send,
        O::Output: Send,
    {
        let mut driver = Driver::new(&self.parts, operation);
        loop {
            match driver.step() {
                Step::Send(request) => {
                    let result = self.transport.send(request).await;
                    driver.handle(result);
                }
                Step::Sleep(duration) => self.transport.sleep(duration).await,
                Step::Done(outcome) => return outcome,
            }
        }
    }
}

impl<T> std::fmt::Debug for AsyncClient<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AsyncClient")
            .field("config", &self.parts.config)
            .field("policy", &self.parts.policy)
            .finish_non_exhaustive()
    }
}
