//! `amazon_pay._native`: the core through the embed facade, for Python.
//!
//! Thin by design: every rule, every shape and every decision is the
//! core's (through `amazon-pay-embed`); this module only converts between
//! Python values and the facade's, releases the GIL while a key held in
//! Rust signs, and makes sure nothing but an `AmazonPayError` ever comes
//! out — a panic included.

mod call;
mod convert;
mod ledger;
mod reference;
mod sandbox;
mod signer;

use amazon_pay_embed::Failure;
use pyo3::prelude::*;

use crate::convert::{guard, instant};

/// The names of the 43 operations, in the order of the core's table.
#[pyfunction]
fn operations() -> Vec<&'static str> {
    amazon_pay_embed::operations().to_vec()
}

/// Verifies an IPN envelope with its signing certificate at `now`; its
/// reading as JSON.
#[pyfunction]
#[pyo3(signature = (body, certificate, now, trust=None))]
fn verify_ipn(
    py: Python<'_>,
    body: &[u8],
    certificate: &[u8],
    now: i64,
    trust: Option<&str>,
) -> PyResult<String> {
    guard(py, || {
        amazon_pay_embed::verify_ipn(body, certificate, instant(now)?, trust).map(|v| v.to_string())
    })
}

/// The certificate URL of an IPN envelope, once the trust policy accepts it.
#[pyfunction]
#[pyo3(signature = (body, trust=None))]
fn ipn_certificate_url(py: Python<'_>, body: &[u8], trust: Option<&str>) -> PyResult<String> {
    guard(py, || amazon_pay_embed::ipn_certificate_url(body, trust))
}

/// Panics on purpose: shows a bug surfaces as `AmazonPayError`, not a
/// `PanicException` (for the package's own tests).
#[pyfunction]
fn _panic_for_tests(py: Python<'_>) -> PyResult<()> {
    guard(py, || -> Result<(), Failure> {
        panic!("a deliberate panic")
    })
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(operations, m)?)?;
    m.add_function(wrap_pyfunction!(verify_ipn, m)?)?;
    m.add_function(wrap_pyfunction!(ipn_certificate_url, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    m.add_function(wrap_pyfunction!(reference::_reference_capture_ns, m)?)?;
    m.add_function(wrap_pyfunction!(reference::_reference_decode_ns, m)?)?;
    m.add_class::<signer::PrivateKey>()?;
    m.add_class::<call::NativeClient>()?;
    m.add_class::<call::NativeCall>()?;
    m.add_class::<call::NativePrepared>()?;
    m.add_class::<call::NativeExchange>()?;
    m.add_class::<ledger::NativeLedger>()?;
    m.add_class::<sandbox::NativeSandbox>()?;
    Ok(())
}
