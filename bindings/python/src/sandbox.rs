//! The offline sandbox in process, for Python tests.

use amazon_pay_embed::SandboxHandle;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::convert::{guard, instant};

/// An HTTP answer: status, headers, body.
type Answer<'py> = (u16, Vec<(String, String)>, Bound<'py, PyBytes>);

/// The Amazon Pay sandbox, in memory.
#[pyclass(module = "amazon_pay._native")]
pub struct NativeSandbox {
    sandbox: SandboxHandle,
}

#[pymethods]
impl NativeSandbox {
    #[new]
    #[pyo3(signature = (region="us", seed=None))]
    fn new(py: Python<'_>, region: &str, seed: Option<u64>) -> PyResult<NativeSandbox> {
        guard(py, || {
            Ok(NativeSandbox {
                sandbox: SandboxHandle::new(region, seed)?,
            })
        })
    }

    /// Accepts requests signed by the private half of `pem` under `public_key_id`.
    fn register_key(&mut self, py: Python<'_>, public_key_id: &str, pem: &str) -> PyResult<()> {
        guard(py, || self.sandbox.register_key(public_key_id, pem))
    }

    /// Answers a request: method, target (path and query), headers, body.
    fn send<'py>(
        &mut self,
        py: Python<'py>,
        now: i64,
        method: &str,
        target: &str,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    ) -> PyResult<Answer<'py>> {
        let now = guard(py, || instant(now))?;
        let (status, headers, body) = self.sandbox.send_raw(now, method, target, headers, body);
        Ok((status, headers, PyBytes::new(py, &body)))
    }

    /// The buyer pays with the test card ending in `card`: the return URL.
    fn buyer_approves(
        &mut self,
        py: Python<'_>,
        now: i64,
        session: &str,
        card: &str,
    ) -> PyResult<String> {
        guard(py, || {
            self.sandbox.buyer_approves(instant(now)?, session, card)
        })
    }

    /// The buyer cancels: the cancel URL.
    fn buyer_cancels(&mut self, py: Python<'_>, now: i64, session: &str) -> PyResult<String> {
        guard(py, || self.sandbox.buyer_cancels(instant(now)?, session))
    }

    /// Moves the clock `seconds` ahead of `now`.
    fn advance(&mut self, py: Python<'_>, now: i64, seconds: u32) -> PyResult<()> {
        guard(py, || {
            self.sandbox.advance(instant(now)?, seconds);
            Ok(())
        })
    }

    /// Signs IPNs from now on: (certificate PEM, trust policy JSON).
    fn enable_ipn(&mut self, py: Python<'_>) -> PyResult<(String, String)> {
        guard(py, || self.sandbox.enable_ipn())
    }

    /// The IPNs queued since the last call.
    fn take_ipns<'py>(&mut self, py: Python<'py>) -> Vec<Bound<'py, PyBytes>> {
        self.sandbox
            .take_ipns()
            .iter()
            .map(|b| PyBytes::new(py, b))
            .collect()
    }

    /// The sandbox's ledger of a permission, as JSON.
    fn ledger_json(&self, id: &str) -> Option<String> {
        self.sandbox.ledger_json(id)
    }
}
