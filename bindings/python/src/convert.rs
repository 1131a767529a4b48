//! Between Python and the facade: failures raised as the package's
//! exceptions, panics caught, instants and bytes converted.

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

/// A bytes object.
pub(crate) fn bytes<'py>(py: Python<'py>, data: &[u8]) -> Bound<'py, PyBytes> {
    PyBytes::new(py, data)
}
