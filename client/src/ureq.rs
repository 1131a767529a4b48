//! The blocking transport on [ureq](https://docs.rs/ureq) 3 (feature `ureq`).

use std::time::Duration;

use amazon_pay_core::Config;
use amazon_pay_core::SignedRequest;
use amazon_pay_core::exchange::TransportError;
use amazon_pay_core::operation::Response;
use amazon_pay_core::sign::Signer;

use crate::MAX_ANSWER_BYTES as MAX_BODY;
use crate::blocking::{Client, Transport};
use crate::error::TransportFailure;

/// A [`Transport`] on a [`ureq::Agent`].
///
/// Each request is sent with ureq's status errors and redirects turned off,
/// whatever the agent's own configuration, so a 4xx or 5xx comes back as
/// Amazon's answer.
#[derive(Debug, Clone)]
pub struct UreqTransport {
    agent: ureq::Agent,
}

impl UreqTransport {
    /// A transport with a fresh agent: ureq's defaults (rustls TLS with the
    /// webpki roots), a 30-second limit per attempt, no redirects.
    pub fn new() -> UreqTransport {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(30)))
            .http_status_as_error(false)
            .max_redirects(0)
            .build()
            .into();
        UreqTransport { agent }
    }

    /// A transport on your own agent (proxy, TLS roots, timeouts).
    pub fn with_agent(agent: ureq::Agent) -> UreqTransport {
        UreqTransport { agent }
    }
}

impl Default for UreqTransport {
    fn default() -> Self {
        UreqTransport::new()
    }
}

impl Transport for UreqTransport {
    fn send(&self, request: SignedRequest) -> Result<Response, TransportFailure> {
        let request = http::Request::try_from(&request)
            .map_err(|e| TransportFailure::new(TransportError::ConnectRefused, e))?;
        let request = self
            .agent
            .configure_request(request)
            .http_status_as_error(false)
            .max_redirects(0)
            .build();
        let response = self.agent.run(request).map_err(failure)?;
        let (parts, mut body) = response.into_parts();
        let bytes = body
            .with_config()
            .limit(MAX_BODY)
            .read_to_vec()
            .map_err(|e| TransportFailure::new(TransportError::ConnectionReset, e))?;
        Ok(Response::from(http::Response::from_parts(parts, bytes)))
    }
}

/// A plain GET of an IPN signing certificate: the body of a 200 answer, at
/// most [`MAX_CERTIFICATE_BYTES`](crate::ipn::MAX_CERTIFICATE_BYTES).
#[cfg(feature = "ipn")]
impl crate::ipn::CertificateFetcher for UreqTransport {
    fn fetch(&self, url: &str) -> Result<Vec<u8>, crate::ipn::FetchError> {
        let response = self
            .agent
            .get(url)
            .config()
            .http_status_as_error(false)
            .max_redirects(0)
            .build()
            .call()?;
        if response.status() != 200 {
            return Err(format!("the server answered {}", response.status()).into());
        }
        let (_, mut body) = response.into_parts();
        Ok(body
            .with_config()
            .limit(crate::ipn::MAX_CERTIFICATE_BYTES as u64)
            .read_to_vec()?)
    }
}

/// ureq's error as the retry policy's kind: nothing sent, or ambiguous.
fn failure(error: ureq::Error) -> TransportFailure {
    use ureq::Timeout;
    let kind = match &error {
        ureq::Error::Timeout(Timeout::Resolve | Timeout::Connect) => {
            TransportError::TimeoutBeforeSent
        }
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            TransportError::ConnectRefused
        }
        ureq::Error::HostNotFound
        | ureq::Error::ConnectionFailed
        | ureq::Error::BadUri(_)
        | ureq::Error::RequireHttpsOnly(_)
        | ureq::Error::Tls(_)
        | ureq::Error::Http(_) => TransportError::ConnectRefused,
        // The request may have been (partly) sent.
        ureq::Error::Timeout(_) => TransportError::TimeoutAfterSent,
        _ => TransportError::ConnectionReset,
    };
    TransportFailure::new(kind, error)
}

impl Client<UreqTransport> {
    /// A blocking client on a fresh [`UreqTransport`].
    pub fn ureq(config: Config, signer: impl Signer + Send + Sync + 'static) -> Self {
        Client::new(config, signer, UreqTransport::new())
    }
}
