//! A client's settings and one call by name: request, signing, decoding.

use amazon_pay_core::exchange::RetryPolicy;
use amazon_pay_core::sign::Signer;
use amazon_pay_core::{
    ButtonSignature, Config, Entropy, PreparedButton, PreparedRequest, SignedRequest, Timestamp,
    UnsignedRequest,
};
use serde_json::{Value, json};

use crate::exchange::CallExchange;
use crate::failure::Failure;
use crate::registry::{self, Dynamic};
use crate::settings::Settings;

/// A client's settings: the core's configuration and retry policy. Cheap to
/// clone; holds no key.
#[derive(Debug, Clone)]
pub struct Client {
    config: Config,
    policy: RetryPolicy,
}

impl Client {
    /// A client from its [`Settings`] as JSON.
    pub fn from_json(settings: &str) -> Result<Client, Failure> {
        Client::new(&Settings::from_json(settings)?)
    }

    /// A client from its [`Settings`].
    pub fn new(settings: &Settings) -> Result<Client, Failure> {
        Ok(Client {
            config: settings.config()?,
            policy: settings.retry_policy(),
        })
    }

    /// The core's configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Operation `operation` (a name of [`operations`](crate::operations))
    /// with `params`, a JSON object (see the crate docs): read into the
    /// typed operation and validated by it now, so a refused value fails
    /// here, before anything is signed.
    pub fn call(&self, operation: &str, params: &str) -> Result<Call, Failure> {
        let params: Value = serde_json::from_str(params).map_err(|e| {
            Failure::invalid_json("InvalidParameters", operation, &e).with_field("params")
        })?;
        self.call_value(operation, params)
    }

    /// [`call`](Self::call) with parameters already parsed.
    pub fn call_value(&self, operation: &str, params: Value) -> Result<Call, Failure> {
        let found =
            registry::find(operation).ok_or_else(|| Failure::unknown_operation(operation))?;
        Call::new(registry::build(found, params)?, self)
    }

    /// The operation a request names by its HTTP method and path (below the
    /// API version: `/charges/S01-…/capture`), with that `body` (JSON text,
    /// or empty) and idempotency key: what a caller that thinks in Amazon's
    /// HTTP terms has. The ids are read from the path; the operation is the
    /// core's route for it, and then checked as [`call`](Self::call) checks.
    pub fn call_http(
        &self,
        method: &str,
        path: &str,
        body: &str,
        idempotency_key: Option<&str>,
    ) -> Result<Call, Failure> {
        let (operation, params) = registry::route(method, path, body, idempotency_key)?;
        self.call_value(operation, params)
    }

    /// A typed operation the core handed out (a ledger's capture, an IPN's
    /// follow-up) as a call of this client.
    pub(crate) fn call_typed(&self, inner: Box<dyn Dynamic>) -> Result<Call, Failure> {
        Call::new(inner, self)
    }

    /// The Amazon Pay button's payload, prepared for a signature made
    /// elsewhere: sign its `string_to_sign`, then `finish`.
    pub fn prepare_button(&self, payload: &str) -> PreparedButton {
        ButtonSignature::prepare(&self.config, payload)
    }

    /// The button's signature (base64) over `payload`, made by `signer`.
    pub fn sign_button(
        &self,
        signer: &dyn Signer,
        payload: &str,
        entropy: &mut dyn Entropy,
    ) -> Result<String, Failure> {
        Ok(
            ButtonSignature::sign(&self.config, signer, payload, entropy)?
                .signature()
                .to_owned(),
        )
    }
}

/// One operation with its parameters, validated: ready to be prepared,
/// signed, sent (once, or with retries through [`exchange`](Self::exchange))
/// and to decode Amazon's answer.
pub struct Call {
    inner: Box<dyn Dynamic>,
    request: UnsignedRequest,
    config: Config,
    policy: RetryPolicy,
}

impl Call {
    fn new(inner: Box<dyn Dynamic>, client: &Client) -> Result<Call, Failure> {
        let request = inner.request(&client.config)?;
        Ok(Call {
            inner,
            request,
            config: client.config.clone(),
            policy: client.policy,
        })
    }

    /// The operation's name (`CaptureCharge`).
    pub fn operation(&self) -> &'static str {
        registry::name(self.inner.operation())
    }

    /// The request before signing: method, path, query, body, idempotency key.
    pub fn request(&self) -> &UnsignedRequest {
        &self.request
    }

    /// Whether the call may be sent twice (a GET, or a request with an
    /// idempotency key).
    pub fn is_safe_to_repeat(&self) -> bool {
        self.request.method() == amazon_pay_core::Method::Get
            || self.request.idempotency_key().is_some()
    }

    /// The request with its date `now`, prepared for a signature made
    /// elsewhere: sign [`string_to_sign`](PreparedRequest::string_to_sign)
    /// with RSASSA-PSS (SHA-256, MGF1-SHA-256, salt 32 for `-V2`), then
    /// [`finish`](PreparedRequest::finish).
    pub fn prepare(&self, now: Timestamp) -> Result<PreparedRequest, Failure> {
        Ok(self.request.prepare(&self.config, now)?)
    }

    /// The request signed by `signer` at `now`.
    pub fn sign(
        &self,
        signer: &dyn Signer,
        now: Timestamp,
        entropy: &mut dyn Entropy,
    ) -> Result<SignedRequest, Failure> {
        Ok(self.request.sign(&self.config, signer, now, entropy)?)
    }

    /// Amazon's answer read by the typed operation: the result as JSON for
    /// a success, the [`Failure`] (kind `api`, Amazon's `reasonCode`,
    /// `retryable`) otherwise.
    pub fn decode(
        &self,
        status: u16,
        headers: &[(String, String)],
        body: &[u8],
    ) -> Result<Value, Failure> {
        Ok(self
            .inner
            .decode(&crate::http::response(status, headers, body))?)
    }

    /// The call with the core's retries.
    pub fn exchange(&self) -> CallExchange {
        CallExchange::new(self.inner.exchange(self.config.clone(), self.policy))
    }
}

/// A signed request as JSON, for hosts that take everything as JSON:
/// `{"method", "url", "headers": [[name, value], …], "body"}` (the body is
/// JSON text, or empty).
pub fn request_json(request: &SignedRequest) -> Value {
    let headers: Vec<[&str; 2]> = request.headers().map(|(n, v)| [n, v]).collect();
    json!({
        "method": request.method().as_str(),
        "url": request.url(),
        "headers": headers,
        "body": String::from_utf8_lossy(request.body()),
    })
}
