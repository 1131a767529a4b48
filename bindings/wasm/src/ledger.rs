//! A charge permission's ledger, for JavaScript.

use amazon_pay_embed::LedgerHandle;
use wasm_bindgen::prelude::*;

use crate::{WasmCall, WasmClient, instant, thrown, value};

/// The core's Ledger of one charge permission.
#[wasm_bindgen]
pub struct WasmLedger {
    ledger: LedgerHandle,
}

#[wasm_bindgen]
impl WasmLedger {
    /// The ledger of the permission Amazon answered (its JSON).
    #[wasm_bindgen(js_name = fromPermission)]
    pub fn from_permission(
        permission: &str,
        region: &str,
        api_version: &str,
    ) -> Result<WasmLedger, JsValue> {
        let ledger = LedgerHandle::from_permission(&value(permission)?, region, api_version)
            .map_err(|f| thrown(&f))?;
        Ok(WasmLedger { ledger })
    }

    /// A ledger kept with `toJson`.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(text: &str) -> Result<WasmLedger, JsValue> {
        Ok(WasmLedger {
            ledger: LedgerHandle::from_json(text).map_err(|f| thrown(&f))?,
        })
    }

    /// The ledger as JSON.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.ledger.to_json()
    }

    /// What may be done at `now`, as JSON.
    pub fn status(&self, now: f64) -> Result<String, JsValue> {
        Ok(self.ledger.status(instant(now)?).to_string())
    }

    /// Capture Charge, if the rules allow it.
    #[wasm_bindgen(js_name = requestCapture)]
    pub fn request_capture(
        &self,
        client: &WasmClient,
        charge: &str,
        amount: &str,
        currency: &str,
        key: &str,
        now: f64,
    ) -> Result<WasmCall, JsValue> {
        let call = self
            .ledger
            .request_capture(
                client.client(),
                charge,
                amount,
                currency,
                key,
                instant(now)?,
            )
            .map_err(|f| thrown(&f))?;
        Ok(WasmCall::new(call))
    }

    /// Create Refund, if it stays within the allowance.
    #[wasm_bindgen(js_name = requestRefund)]
    pub fn request_refund(
        &self,
        client: &WasmClient,
        charge: &str,
        amount: &str,
        currency: &str,
        key: &str,
        now: f64,
    ) -> Result<WasmCall, JsValue> {
        let call = self
            .ledger
            .request_refund(
                client.client(),
                charge,
                amount,
                currency,
                key,
                instant(now)?,
            )
            .map_err(|f| thrown(&f))?;
        Ok(WasmCall::new(call))
    }

    /// Create Charge, if the permission takes it.
    #[wasm_bindgen(js_name = requestCharge)]
    pub fn request_charge(
        &self,
        client: &WasmClient,
        amount: &str,
        currency: &str,
        key: &str,
        now: f64,
    ) -> Result<WasmCall, JsValue> {
        let call = self
            .ledger
            .request_charge(client.client(), amount, currency, key, instant(now)?)
            .map_err(|f| thrown(&f))?;
        Ok(WasmCall::new(call))
    }

    /// Cancel Charge, if the charge may still be canceled.
    #[wasm_bindgen(js_name = requestCancel)]
    pub fn request_cancel(
        &self,
        client: &WasmClient,
        charge: &str,
        reason: &str,
        now: f64,
    ) -> Result<WasmCall, JsValue> {
        let call = self
            .ledger
            .request_cancel(client.client(), charge, reason, instant(now)?)
            .map_err(|f| thrown(&f))?;
        Ok(WasmCall::new(call))
    }

    /// Close Charge Permission, if it may be closed.
    #[wasm_bindgen(js_name = requestClose)]
    pub fn request_close(
        &self,
        client: &WasmClient,
        reason: &str,
        cancel_pending_charges: bool,
        now: f64,
    ) -> Result<WasmCall, JsValue> {
        let call = self
            .ledger
            .request_close(
                client.client(),
                reason,
                cancel_pending_charges,
                instant(now)?,
            )
            .map_err(|f| thrown(&f))?;
        Ok(WasmCall::new(call))
    }

    /// Takes in Amazon's decoded answer (JSON) to `operation`.
    pub fn answered(&mut self, operation: &str, answer: &str) -> Result<(), JsValue> {
        self.ledger
            .answered(operation, &value(answer)?)
            .map_err(|f| thrown(&f))
    }

    /// The refunds known on `charge`, as a JSON array.
    #[wasm_bindgen(js_name = refundIds)]
    pub fn refund_ids(&self, charge: &str) -> String {
        serde_json::Value::from(self.ledger.refund_ids(charge)).to_string()
    }
}
