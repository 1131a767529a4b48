//! The WebAssembly half of the `amazon-pay-core` npm package: the core
//! through the embed facade, for JavaScript (Node, Deno, workerd).
//!
//! Everything crosses as strings, bytes and numbers: parameters and results
//! as JSON, a request as `{"method", "url", "headers": [[name, value]…],
//! "body"}`, time as seconds since the Unix epoch. A failure is thrown as
//! the error shape's JSON text, which the package's JavaScript turns into
//! an `AmazonPayError` subclass. Signing is two-step: the package's
//! JavaScript signs the string to sign with WebCrypto, so the private key
//! never enters wasm memory.

mod ledger;

use amazon_pay_embed::{
    Call, CallExchange, Client, Failure, PreparedRequest, Signature, Step, Timestamp,
};
use serde_json::{Value, json};
use wasm_bindgen::prelude::*;

pub use ledger::WasmLedger;

/// A failure, thrown as the error shape's JSON.
pub(crate) fn thrown(failure: &Failure) -> JsValue {
    JsValue::from_str(&failure.to_json_string())
}

pub(crate) fn instant(now: f64) -> Result<Timestamp, JsValue> {
    if !now.is_finite() {
        return Err(thrown(
            &Failure::new("validation", "OutOfRange", "now is not a finite number")
                .with_field("now"),
        ));
    }
    // Whole seconds; the JavaScript side passes Math.floor(Date.now() / 1000).
    #[allow(clippy::cast_possible_truncation)]
    amazon_pay_embed::timestamp(now.floor() as i64).map_err(|f| thrown(&f))
}

fn headers(text: &str) -> Result<Vec<(String, String)>, JsValue> {
    serde_json::from_str::<Vec<(String, String)>>(text).map_err(|e| {
        thrown(
            &Failure::new("validation", "InvalidJson", format!("headers: {e}"))
                .with_field("headers"),
        )
    })
}

/// The names of the 43 operations, as a JSON array.
#[wasm_bindgen]
pub fn operations() -> String {
    json!(amazon_pay_embed::operations()).to_string()
}

/// The certificate URL of an IPN envelope, once the trust policy (JSON, or
/// undefined for Amazon's SNS) accepts it.
#[wasm_bindgen(js_name = ipnCertificateUrl)]
pub fn ipn_certificate_url(body: &[u8], trust: Option<String>) -> Result<String, JsValue> {
    amazon_pay_embed::ipn_certificate_url(body, trust.as_deref()).map_err(|f| thrown(&f))
}

/// A client's settings.
#[wasm_bindgen]
pub struct WasmClient {
    client: Client,
}

#[wasm_bindgen]
impl WasmClient {
    /// From the facade's settings JSON.
    #[wasm_bindgen(constructor)]
    pub fn new(settings: &str) -> Result<WasmClient, JsValue> {
        Ok(WasmClient {
            client: Client::from_json(settings).map_err(|f| thrown(&f))?,
        })
    }

    /// Operation `operation` with `params` (JSON): validated now.
    pub fn call(&self, operation: &str, params: &str) -> Result<WasmCall, JsValue> {
        Ok(WasmCall {
            call: self
                .client
                .call(operation, params)
                .map_err(|f| thrown(&f))?,
        })
    }

    /// The button payload's `{"stringToSign", "algorithm"}`.
    #[wasm_bindgen(js_name = prepareButton)]
    pub fn prepare_button(&self, payload: &str) -> String {
        let prepared = self.client.prepare_button(payload);
        json!({"stringToSign": prepared.string_to_sign(), "algorithm": prepared.algorithm().as_str()}).to_string()
    }
}

impl WasmClient {
    pub(crate) fn client(&self) -> &Client {
        &self.client
    }
}

/// One validated call.
#[wasm_bindgen]
pub struct WasmCall {
    call: Call,
}

impl WasmCall {
    pub(crate) fn new(call: Call) -> WasmCall {
        WasmCall { call }
    }
}

#[wasm_bindgen]
impl WasmCall {
    /// The operation's name.
    #[wasm_bindgen(getter)]
    pub fn operation(&self) -> String {
        self.call.operation().to_owned()
    }

    /// The idempotency key sent, if any.
    #[wasm_bindgen(getter, js_name = idempotencyKey)]
    pub fn idempotency_key(&self) -> Option<String> {
        self.call
            .request()
            .idempotency_key()
            .map(|k| k.as_str().to_owned())
    }

    /// The request dated `now`, for a signature made by the host.
    pub fn prepare(&self, now: f64) -> Result<WasmPrepared, JsValue> {
        let prepared = self.call.prepare(instant(now)?).map_err(|f| thrown(&f))?;
        Ok(WasmPrepared {
            prepared: Some(prepared),
        })
    }

    /// Amazon's answer decoded: the result's JSON.
    pub fn decode(&self, status: u16, headers_json: &str, body: &[u8]) -> Result<String, JsValue> {
        let headers = headers(headers_json)?;
        self.call
            .decode(status, &headers, body)
            .map(|v| v.to_string())
            .map_err(|f| thrown(&f))
    }

    /// The call with the core's retries.
    pub fn exchange(&self) -> WasmExchange {
        WasmExchange {
            exchange: self.call.exchange(),
            pending: None,
        }
    }
}

fn finished(prepared: PreparedRequest, signature: &[u8]) -> String {
    let request = prepared.finish(&Signature::from_bytes(signature.to_vec()));
    amazon_pay_embed::request_json(&request).to_string()
}

fn already_finished() -> JsValue {
    thrown(&Failure::new(
        "validation",
        "InvalidState",
        "no prepared request is waiting for a signature",
    ))
}

/// A request prepared for a signature made by the host.
#[wasm_bindgen]
pub struct WasmPrepared {
    prepared: Option<PreparedRequest>,
}

#[wasm_bindgen]
impl WasmPrepared {
    /// What to sign.
    #[wasm_bindgen(getter, js_name = stringToSign)]
    pub fn string_to_sign(&self) -> String {
        self.prepared
            .as_ref()
            .map(|p| p.string_to_sign().to_owned())
            .unwrap_or_default()
    }

    /// The algorithm's name.
    #[wasm_bindgen(getter)]
    pub fn algorithm(&self) -> String {
        self.prepared
            .as_ref()
            .map(|p| p.algorithm().as_str().to_owned())
            .unwrap_or_default()
    }

    /// The signed request (JSON), with `signature`. Once.
    pub fn finish(&mut self, signature: &[u8]) -> Result<String, JsValue> {
        let prepared = self.prepared.take().ok_or_else(already_finished)?;
        Ok(finished(prepared, signature))
    }
}

/// One call with its retries, signed two-step.
#[wasm_bindgen]
pub struct WasmExchange {
    exchange: CallExchange,
    pending: Option<PreparedRequest>,
}

#[wasm_bindgen]
impl WasmExchange {
    /// The next thing to do at `now`, as JSON: `{"kind": "sign",
    /// "stringToSign", "algorithm"}` (sign it, then `finish`), `{"kind":
    /// "wait", "until"}` or `{"kind": "done", "result"}`; a failure that
    /// ends the call is thrown. `entropy` draws the retry jitter.
    pub fn step(&mut self, now: f64, entropy: &[u8]) -> Result<String, JsValue> {
        let mut given = entropy.iter().copied().cycle();
        let mut fill = |buf: &mut [u8]| buf.iter_mut().for_each(|b| *b = given.next().unwrap_or(0));
        match self.exchange.step_prepared(instant(now)?, &mut fill) {
            Step::Sign(prepared) => {
                let step = json!({
                    "kind": "sign",
                    "stringToSign": prepared.string_to_sign(),
                    "algorithm": prepared.algorithm().as_str(),
                });
                self.pending = Some(prepared);
                Ok(step.to_string())
            }
            Step::Wait(at) => Ok(json!({"kind": "wait", "until": at.unix_seconds()}).to_string()),
            Step::Done(Ok(result)) => Ok(json!({"kind": "done", "result": result}).to_string()),
            Step::Done(Err(failure)) => Err(thrown(&failure)),
            _ => Err(thrown(&Failure::new(
                "internal",
                "InternalError",
                "an exchange step this package does not know",
            ))),
        }
    }

    /// The request to send (JSON), with the signature of the pending step.
    pub fn finish(&mut self, signature: &[u8]) -> Result<String, JsValue> {
        let prepared = self.pending.take().ok_or_else(already_finished)?;
        Ok(finished(prepared, signature))
    }

    /// Ends the call: the pending attempt could not be signed.
    pub fn abandon(&mut self, reason: &str) {
        self.pending = None;
        self.exchange.abandon(reason);
    }

    /// Amazon's answer to the attempt in flight.
    #[wasm_bindgen(js_name = handleResponse)]
    pub fn handle_response(
        &mut self,
        now: f64,
        status: u16,
        headers_json: &str,
        body: &[u8],
    ) -> Result<(), JsValue> {
        let headers = headers(headers_json)?;
        self.exchange
            .handle_response(instant(now)?, status, &headers, body);
        Ok(())
    }

    /// The attempt in flight failed in transport.
    #[wasm_bindgen(js_name = handleTransportError)]
    pub fn handle_transport_error(&mut self, now: f64, kind: &str) -> Result<(), JsValue> {
        self.exchange
            .handle_transport_error(instant(now)?, kind)
            .map_err(|f| thrown(&f))
    }

    /// Attempts sent so far.
    #[wasm_bindgen(getter)]
    pub fn attempts(&self) -> u32 {
        self.exchange.attempts()
    }
}

/// A JSON text as a value, for the ledger's inputs.
pub(crate) fn value(text: &str) -> Result<Value, JsValue> {
    serde_json::from_str(text)
        .map_err(|e| thrown(&Failure::new("validation", "InvalidJson", e.to_string())))
}
