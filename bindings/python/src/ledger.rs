//! A charge permission's ledger, for Python.

use amazon_pay_embed::{Failure, LedgerHandle};
use pyo3::prelude::*;

use crate::call::{NativeCall, NativeClient};
use crate::convert::{guard, instant};

fn json(text: &str) -> Result<serde_json::Value, Failure> {
    serde_json::from_str(text).map_err(|e| Failure::new("validation", "InvalidJson", e.to_string()))
}

/// The core's Ledger of one charge permission.
#[pyclass(module = "amazon_pay._native")]
pub struct NativeLedger {
    ledger: LedgerHandle,
}

#[pymethods]
impl NativeLedger {
    /// The ledger of the permission Amazon answered (its JSON).
    #[staticmethod]
    fn from_permission(
        py: Python<'_>,
        permission: &str,
        region: &str,
        api_version: &str,
    ) -> PyResult<NativeLedger> {
        guard(py, || {
            Ok(NativeLedger {
                ledger: LedgerHandle::from_permission(&json(permission)?, region, api_version)?,
            })
        })
    }

    /// A ledger kept with `to_json`.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<NativeLedger> {
        guard(py, || {
            Ok(NativeLedger {
                ledger: LedgerHandle::from_json(text)?,
            })
        })
    }

    /// The ledger as JSON.
    fn to_json(&self) -> String {
        self.ledger.to_json()
    }

    /// The permission's id.
    #[getter]
    fn id(&self) -> String {
        self.ledger.id().to_owned()
    }

    /// What may be done at `now`, as JSON.
    fn status(&self, py: Python<'_>, now: i64) -> PyResult<String> {
        guard(py, || Ok(self.ledger.status(instant(now)?).to_string()))
    }

    /// Create Charge, if the permission takes it.
    fn request_charge(
        &self,
        py: Python<'_>,
        client: &NativeClient,
        amount: &str,
        currency: &str,
        key: &str,
        now: i64,
    ) -> PyResult<NativeCall> {
        guard(py, || {
            let call =
                self.ledger
                    .request_charge(&client.client, amount, currency, key, instant(now)?)?;
            Ok(NativeCall { call })
        })
    }

    /// Capture Charge, if the rules allow it.
    #[allow(clippy::too_many_arguments)]
    fn request_capture(
        &self,
        py: Python<'_>,
        client: &NativeClient,
        charge: &str,
        amount: &str,
        currency: &str,
        key: &str,
        now: i64,
    ) -> PyResult<NativeCall> {
        guard(py, || {
            let call = self.ledger.request_capture(
                &client.client,
                charge,
                amount,
                currency,
                key,
                instant(now)?,
            )?;
            Ok(NativeCall { call })
        })
    }

    /// Create Refund, if it stays within the allowance.
    #[allow(clippy::too_many_arguments)]
    fn request_refund(
        &self,
        py: Python<'_>,
        client: &NativeClient,
        charge: &str,
        amount: &str,
        currency: &str,
        key: &str,
        now: i64,
    ) -> PyResult<NativeCall> {
        guard(py, || {
            let call = self.ledger.request_refund(
                &client.client,
                charge,
                amount,
                currency,
                key,
                instant(now)?,
            )?;
            Ok(NativeCall { call })
        })
    }

    /// Cancel Charge, if the charge may still be canceled.
    fn request_cancel(
        &self,
        py: Python<'_>,
        client: &NativeClient,
        charge: &str,
        reason: &str,
        now: i64,
    ) -> PyResult<NativeCall> {
        guard(py, || {
            let call = self
                .ledger
                .request_cancel(&client.client, charge, reason, instant(now)?)?;
            Ok(NativeCall { call })
        })
    }

    /// Close Charge Permission, if it may be closed.
    fn request_close(
        &self,
        py: Python<'_>,
        client: &NativeClient,
        reason: &str,
        cancel_pending_charges: bool,
        now: i64,
    ) -> PyResult<NativeCall> {
        guard(py, || {
            let call = self.ledger.request_close(
                &client.client,
                reason,
                cancel_pending_charges,
                instant(now)?,
            )?;
            Ok(NativeCall { call })
        })
    }

    /// Takes in Amazon's decoded answer (JSON) to `operation`.
    fn answered(&mut self, py: Python<'_>, operation: &str, answer: &str) -> PyResult<()> {
        guard(py, || self.ledger.answered(operation, &json(answer)?))
    }

    /// The refunds known on `charge`.
    fn refund_ids(&self, charge: &str) -> Vec<String> {
        self.ledger.refund_ids(charge)
    }
}
