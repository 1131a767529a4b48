//! Settings, calls, two-step signing and the exchange, for Python.

use amazon_pay_embed::{
    Call, CallExchange, Client, Failure, PreparedRequest, Signature, SignedRequest, Step,
};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::convert::{guard, instant};
use crate::signer::{Either, GivenEntropy};

/// A request to send: method, URL, headers, body.
pub(crate) type Wire<'py> = (String, String, Vec<(String, String)>, Bound<'py, PyBytes>);

pub(crate) fn wire<'py>(py: Python<'py>, request: &SignedRequest) -> Wire<'py> {
    (
        request.method().as_str().to_owned(),
        request.url().to_owned(),
        request
            .headers()
            .map(|(n, v)| (n.to_owned(), v.to_owned()))
            .collect(),
        PyBytes::new(py, request.body()),
    )
}

/// A client's settings (JSON, the facade's `Settings`).
#[pyclass(module = "amazon_pay._native", frozen)]
pub struct NativeClient {
    pub(crate) client: Client,
}

#[pymethods]
impl NativeClient {
    #[new]
    fn new(py: Python<'_>, settings: &str) -> PyResult<NativeClient> {
        guard(py, || {
            Ok(NativeClient {
                client: Client::from_json(settings)?,
            })
        })
    }

    /// Operation `operation` with `params` (JSON): validated now.
    fn call(&self, py: Python<'_>, operation: &str, params: &str) -> PyResult<NativeCall> {
        guard(py, || {
            Ok(NativeCall {
                call: self.client.call(operation, params)?,
            })
        })
    }

    /// The button payload's string to sign and algorithm.
    fn prepare_button(&self, payload: &str) -> (String, String) {
        let prepared = self.client.prepare_button(payload);
        (
            prepared.string_to_sign().to_owned(),
            prepared.algorithm().as_str().to_owned(),
        )
    }

    /// The button's signature (base64) over `payload`.
    fn sign_button(
        &self,
        py: Python<'_>,
        signer: &Bound<'_, PyAny>,
        payload: &str,
    ) -> PyResult<String> {
        let mut entropy = GivenEntropy(Vec::new(), 0);
        match Either::of(py, signer) {
            Either::Rust(key) => {
                let signed = py.detach(|| self.client.sign_button(key, payload, &mut entropy));
                guard(py, || signed)
            }
            Either::Python(object) => guard(py, || {
                self.client.sign_button(&object, payload, &mut entropy)
            }),
        }
    }
}

/// One validated call.
#[pyclass(module = "amazon_pay._native", frozen)]
pub struct NativeCall {
    pub(crate) call: Call,
}

#[pymethods]
impl NativeCall {
    /// The operation's name.
    #[getter]
    fn operation(&self) -> &'static str {
        self.call.operation()
    }

    /// Whether the call may be sent twice.
    #[getter]
    fn is_safe_to_repeat(&self) -> bool {
        self.call.is_safe_to_repeat()
    }

    /// The idempotency key sent, if any.
    #[getter]
    fn idempotency_key(&self) -> Option<String> {
        self.call
            .request()
            .idempotency_key()
            .map(|k| k.as_str().to_owned())
    }

    /// The request dated `now`, for a signature made elsewhere.
    fn prepare(&self, py: Python<'_>, now: i64) -> PyResult<NativePrepared> {
        guard(py, || {
            Ok(NativePrepared {
                prepared: Some(self.call.prepare(instant(now)?)?),
            })
        })
    }

    /// The request signed by `signer` (a `PrivateKey`, the GIL released, or
    /// an object with `sign(message) -> bytes`) at `now`.
    fn sign<'py>(
        &self,
        py: Python<'py>,
        signer: &Bound<'py, PyAny>,
        now: i64,
    ) -> PyResult<Wire<'py>> {
        let now = guard(py, || instant(now))?;
        let mut entropy = GivenEntropy(Vec::new(), 0);
        let signed = match Either::of(py, signer) {
            Either::Rust(key) => py.detach(|| self.call.sign(key, now, &mut entropy)),
            Either::Python(object) => self.call.sign(&object, now, &mut entropy),
        };
        guard(py, || signed).map(|request| wire(py, &request))
    }

    /// Amazon's answer decoded: the result's JSON, or the exception.
    fn decode(
        &self,
        py: Python<'_>,
        status: u16,
        headers: Vec<(String, String)>,
        body: &[u8],
    ) -> PyResult<String> {
        guard(py, || {
            self.call
                .decode(status, &headers, body)
                .map(|v| v.to_string())
        })
    }

    /// The call with the core's retries.
    fn exchange(&self) -> NativeExchange {
        NativeExchange {
            exchange: self.call.exchange(),
        }
    }
}

/// A request prepared for a signature made elsewhere.
#[pyclass(module = "amazon_pay._native")]
pub struct NativePrepared {
    prepared: Option<PreparedRequest>,
}

#[pymethods]
impl NativePrepared {
    /// What to sign, UTF-8.
    #[getter]
    fn string_to_sign(&self) -> String {
        self.prepared
            .as_ref()
            .map(|p| p.string_to_sign().to_owned())
            .unwrap_or_default()
    }

    /// The algorithm's name.
    #[getter]
    fn algorithm(&self) -> &'static str {
        self.prepared
            .as_ref()
            .map(|p| p.algorithm().as_str())
            .unwrap_or_default()
    }

    /// The signed request, with `signature`. Once.
    fn finish<'py>(&mut self, py: Python<'py>, signature: &[u8]) -> PyResult<Wire<'py>> {
        let prepared = guard(py, || {
            self.prepared.take().ok_or_else(|| {
                Failure::new(
                    "validation",
                    "InvalidState",
                    "this request was already finished",
                )
            })
        })?;
        Ok(wire(
            py,
            &prepared.finish(&Signature::from_bytes(signature.to_vec())),
        ))
    }
}

/// One call with its retries.
#[pyclass(module = "amazon_pay._native")]
pub struct NativeExchange {
    exchange: CallExchange,
}

#[pymethods]
impl NativeExchange {
    /// The next thing to do at `now`: `("send", request)`, `("wait",
    /// unix_seconds)` or `("done", result_json)`; a failure is raised.
    /// `entropy` (from `os.urandom`) draws the retry jitter.
    fn step<'py>(
        &mut self,
        py: Python<'py>,
        now: i64,
        signer: &Bound<'py, PyAny>,
        entropy: Vec<u8>,
    ) -> PyResult<(&'static str, Py<PyAny>)> {
        let now = guard(py, || instant(now))?;
        let mut entropy = GivenEntropy(entropy, 0);
        let exchange = &mut self.exchange;
        let step = match Either::of(py, signer) {
            Either::Rust(key) => py.detach(|| exchange.step(now, key, &mut entropy)),
            Either::Python(object) => exchange.step(now, &object, &mut entropy),
        };
        match step {
            Step::Send(request) => Ok((
                "send",
                wire(py, &request).into_pyobject(py)?.into_any().unbind(),
            )),
            Step::Wait(at) => Ok((
                "wait",
                at.unix_seconds().into_pyobject(py)?.into_any().unbind(),
            )),
            Step::Done(outcome) => {
                let json = guard(py, || outcome)?;
                Ok((
                    "done",
                    json.to_string().into_pyobject(py)?.into_any().unbind(),
                ))
            }
            _ => Err(crate::convert::raise(
                py,
                &Failure::new(
                    "internal",
                    "InternalError",
                    "an exchange step this package does not know",
                ),
            )),
        }
    }

    /// Amazon's answer to the attempt in flight.
    fn handle_response(
        &mut self,
        py: Python<'_>,
        now: i64,
        status: u16,
        headers: Vec<(String, String)>,
        body: &[u8],
    ) -> PyResult<()> {
        let now = guard(py, || instant(now))?;
        self.exchange.handle_response(now, status, &headers, body);
        Ok(())
    }

    /// The attempt in flight failed in transport (`ConnectRefused`,
    /// `TimeoutBeforeSent`, `TimeoutAfterSent`, `ConnectionReset`).
    fn handle_transport_error(&mut self, py: Python<'_>, now: i64, kind: &str) -> PyResult<()> {
        guard(py, || {
            self.exchange.handle_transport_error(instant(now)?, kind)
        })
    }

    /// Attempts sent so far.
    #[getter]
    fn attempts(&self) -> u32 {
        self.exchange.attempts()
    }
}
