//! A charge permission's ledger, from C.

use std::ffi::c_char;

use amazon_pay_embed::{Failure, LedgerHandle};

use crate::boundary::{AmzpStatus, boundary, give, give_string, handle, handle_mut, release, text};
use crate::call::{AmzpCall, AmzpClient};

/// The core's Ledger of one charge permission.
pub struct AmzpLedger(LedgerHandle);

fn json(text: &str) -> Result<serde_json::Value, Failure> {
    serde_json::from_str(text).map_err(|e| Failure::new("validation", "InvalidJson", e.to_string()))
}

/// The ledger of the permission Amazon answered (its JSON), in `region`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn amzp_ledger_from_permission(
    permission_json: *const c_char,
    region: *const c_char,
    out: *mut *mut AmzpLedger,
) -> AmzpStatus {
    boundary(|| unsafe {
        let ledger = LedgerHandle::from_permission(
            &json(text(permission_json, "permission_json")?)?,
            text(region, "region")?,
            "v2",
        )?;
        give(out, AmzpLedger(ledger))
    })
}

/// A ledger kept with `amzp_ledger_to_json`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn amzp_ledger_from_json(
    ledger_json: *const c_char,
    out: *mut *mut AmzpLedger,
) -> AmzpStatus {
    boundary(|| unsafe {
        give(
            out,
            AmzpLedger(LedgerHandle::from_json(text(ledger_json, "ledger_json")?)?),
        )
    })
}

/// The ledger as JSON.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn amzp_ledger_to_json(
    ledger: *const AmzpLedger,
    out: *mut *mut c_char,
) -> AmzpStatus {
    boundary(|| unsafe { give_string(out, handle(ledger, "ledger")?.0.to_json()) })
}

/// Capture Charge of `amount` `currency` on `charge`, if the rules allow it.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn amzp_ledger_request_capture(
    ledger: *const AmzpLedger,
    client: *const AmzpClient,
    charge: *const c_char,
    amount: *const c_char,
    currency: *const c_char,
    idempotency_key: *const c_char,
    now: i64,
    out: *mut *mut AmzpCall,
) -> AmzpStatus {
    boundary(|| unsafe {
        let call = handle(ledger, "ledger")?.0.request_capture(
            &handle(client, "client")?.0,
            text(charge, "charge")?,
            text(amount, "amount")?,
            text(currency, "currency")?,
            text(idempotency_key, "idempotency_key")?,
            amazon_pay_embed::timestamp(now)?,
        )?;
        give(out, AmzpCall(call))
    })
}

/// Create Refund of `amount` `currency` on `charge`, if within the allowance.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn amzp_ledger_request_refund(
    ledger: *const AmzpLedger,
    client: *const AmzpClient,
    charge: *const c_char,
    amount: *const c_char,
    currency: *const c_char,
    idempotency_key: *const c_char,
    now: i64,
    out: *mut *mut AmzpCall,
) -> AmzpStatus {
    boundary(|| unsafe {
        let call = handle(ledger, "ledger")?.0.request_refund(
            &handle(client, "client")?.0,
            text(charge, "charge")?,
            text(amount, "amount")?,
            text(currency, "currency")?,
            text(idempotency_key, "idempotency_key")?,
            amazon_pay_embed::timestamp(now)?,
        )?;
        give(out, AmzpCall(call))
    })
}

/// Takes in Amazon's decoded answer (JSON) to `operation`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn amzp_ledger_answered(
    ledger: *mut AmzpLedger,
    operation: *const c_char,
    answer_json: *const c_char,
) -> AmzpStatus {
    boundary(|| unsafe {
        let answer = json(text(answer_json, "answer_json")?)?;
        handle_mut(ledger, "ledger")?
            .0
            .answered(text(operation, "operation")?, &answer)
    })
}

/// Frees a ledger.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn amzp_ledger_free(ledger: *mut AmzpLedger) {
    unsafe { release(ledger) }
}
