//! `amazon_pay._native`: the core through the embed facade, for Python.
//!
//! Thin by design: every rule, every shape and every decision is the
//! core's (through `amazon-pay-embed`); this module only converts between
//! Python values and the facade's, releases the GIL while a key held in
//! Rust signs, and makes sure nothing but an `AmazonPayError` ever comes
//! out — a panic included.

mod call;
mod ledger;
mod sandbox;
mod signer;

use std::panic::{AssertUnwindSafe, catch_unwind};

use amazon_pay_embed::{Failure, Timestamp};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

/// Raises `failure` as the exception of `amazon_pay.errors` its kind maps
/// to (the Python package decides the class; the shape is the core's).
pub(crate) fn raise(py: Python<'_>, failure: &Failure) -> PyErr {
    let made = py
        .import("amazon_pay.errors")
        .and_then(|module| module.getattr("_from_shape"))
        .and_then(|from_shape| from_shape.call1((failure.to_json_string(),)));
    match made {
        Ok(exception) => PyErr::from_value(exception),
        Err(error) => error,
    }
}

/// Runs `body`, turning a failure into its exception and a panic (a bug)
/// into an `AmazonPayError` of kind `internal` — never a `PanicException`.
pub(crate) fn guard<T>(py: Python<'_>, body: impl FnOnce() -> Result<T, Failure>) -> PyResult<T> {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(failure)) => Err(raise(py, &failure)),
        Err(panic) => {
            let reason = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "no message".to_owned());
            Err(raise(
                py,
                &Failure::new(
                    "internal",
                    "InternalError",
                    format!(
                        "amazon-pay-core failed internally ({reason}); this is a bug, please \
                         report it — nothing was sent by this call"
                    ),
                ),
            ))
        }
    }
}

/// The instant `now` (seconds since the Unix epoch) as the core's timestamp.
pub(crate) fn instant(now: i64) -> Result<Timestamp, Failure> {
    amazon_pay_embed::timestamp(now)
}

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

/// A bytes object.
pub(crate) fn bytes<'py>(py: Python<'py>, data: &[u8]) -> Bound<'py, PyBytes> {
    PyBytes::new(py, data)
}

/// Panics on purpose: shows a bug surfaces as `AmazonPayError`, not a
/// `PanicException` (for the package's own tests).
#[pyfunction]
fn _panic_for_tests(py: Python<'_>) -> PyResult<()> {
    guard(py, || -> Result<(), Failure> { panic!("a deliberate panic") })
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(operations, m)?)?;
    m.add_function(wrap_pyfunction!(verify_ipn, m)?)?;
    m.add_function(wrap_pyfunction!(ipn_certificate_url, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    m.add_class::<signer::PrivateKey>()?;
    m.add_class::<call::NativeClient>()?;
    m.add_class::<call::NativeCall>()?;
    m.add_class::<call::NativePrepared>()?;
    m.add_class::<call::NativeExchange>()?;
    m.add_class::<ledger::NativeLedger>()?;
    m.add_class::<sandbox::NativeSandbox>()?;
    Ok(())
}
