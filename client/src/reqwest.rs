//! The async transport on [reqwest](https://docs.rs/reqwest) (feature
//! `reqwest`), sleeping on tokio's timer.

use std::time::Duration;

use amazon_pay_core::exchange::TransportError;
use amazon_pay_core::operation::Response;
use amazon_pay_core::sign::Signer;
use amazon_pay_core::{Config, SignedRequest};

use crate::MAX_ANSWER_BYTES as MAX_BODY;
use crate::error::TransportFailure;
use crate::nonblocking::{AsyncClient, AsyncTransport};

/// An [`AsyncTransport`] on a [`reqwest::Client`], for the tokio runtime.
///
/// This crate enables no TLS backend of reqwest's: to reach Amazon over
/// HTTPS, enable one in your own `Cargo.toml` (for example
/// `reqwest = { version = "0.12", features = ["rustls-tls"] }`). Plain HTTP
/// to a loopback sandbox needs none.
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

impl ReqwestTransport {
    /// A transport with a fresh client: a 30-second limit per attempt, no
    /// redirects. Fails only if reqwest cannot set up its TLS backend.
    pub fn new() -> Result<ReqwestTransport, reqwest::Error> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(ReqwestTransport { client })
    }

    /// A transport on your own client (proxy, TLS, timeouts). Build it with
    /// `redirect(Policy::none())`: a signed request must not be re-sent
    /// elsewhere.
    pub fn with_client(client: reqwest::Client) -> ReqwestTransport {
        ReqwestTransport { client }
    }
}

impl AsyncTransport for ReqwestTransport {
    async fn send(&self, request: SignedRequest) -> Result<Response, TransportFailure> {
        let request = http::Request::try_from(&request)
            .map_err(|e| TransportFailure::new(TransportError::ConnectRefused, e))?;
        let request = reqwest::Request::try_from(request).map_err(failure)?;
        let mut response = self.client.execute(request).await.map_err(failure)?;
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(failure)? {
            if body.len() as u64 + chunk.len() as u64 > MAX_BODY {
                return Err(TransportFailure::new(
                    TransportError::ConnectionReset,
                    format!("the answer is longer than {MAX_BODY} bytes"),
                ));
            }
            body.extend_from_slice(&chunk);
        }
        let mut answer = http::Response::new(body);
        *answer.status_mut() = response.status();
        *answer.headers_mut() = std::mem::take(response.headers_mut());
        Ok(Response::from(answer))
    }

    async fn sleep(&self, duration: Duration) {
        tokio::time::sleep(duration).await;
    }
}

/// reqwest's error as the retry policy's kind: nothing sent, or ambiguous.
fn failure(error: reqwest::Error) -> TransportFailure {
    let kind = if error.is_connect() && error.is_timeout() {
        TransportError::TimeoutBeforeSent
    } else if error.is_connect() || error.is_builder() {
        TransportError::ConnectRefused
    } else if error.is_timeout() {
        TransportError::TimeoutAfterSent
    } else {
        TransportError::ConnectionReset
    };
    TransportFailure::new(kind, error)
}

impl AsyncClient<ReqwestTransport> {
    /// An async client on a fresh [`ReqwestTransport`].
    pub fn reqwest(
        config: Config,
        signer: impl Signer + Send + Sync + 'static,
    ) -> Result<Self, reqwest::Error> {
        Ok(AsyncClient::new(config, signer, ReqwestTransport::new()?))
    }
}
