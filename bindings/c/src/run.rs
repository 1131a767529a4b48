//! One call with its retries, stepped from C.

use std::ffi::c_char;

use amazon_pay_embed::{Failure, Step};
use serde_json::json;

use crate::boundary::{
    AmzpStatus, boundary, bytes, give, give_string, handle, handle_mut, headers, optional_text,
    release, text,
};
use crate::call::{AmzpCall, AmzpExchange, AmzpKey};

/// The call with the core's retries.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn amzp_exchange_new(
    call: *const AmzpCall,
    out: *mut *mut AmzpExchange,
) -> AmzpStatus {
    boundary(|| unsafe { give(out, AmzpExchange(handle(call, "call")?.0.exchange())) })
}

/// Frees an exchange.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn amzp_exchange_free(exchange: *mut AmzpExchange) {
    unsafe { release(exchange) }
}

/// The next thing to do at `now`, as JSON through `step_json`:
/// `{"kind": "send", "request": {…}}` (send it, then give the answer),
/// `{"kind": "wait", "until": seconds}` or `{"kind": "done", "result": …}`.
/// A failure that ends the call is the status and the last error. `entropy`
/// (`len` random bytes from the caller) draws the retry jitter.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn amzp_exchange_step(
    exchange: *mut AmzpExchange,
    key: *const AmzpKey,
    now: i64,
    entropy: *const u8,
    len: usize,
    step_json: *mut *mut c_char,
) -> AmzpStatus {
    boundary(|| unsafe {
        let exchange = handle_mut(exchange, "exchange")?;
        let key = handle(key, "key")?;
        let given = bytes(entropy, len, "entropy")?;
        let mut cycle = given.iter().copied().cycle();
        let mut fill = |buf: &mut [u8]| buf.iter_mut().for_each(|b| *b = cycle.next().unwrap_or(0));
        let step = match exchange
            .0
            .step(amazon_pay_embed::timestamp(now)?, &key.0, &mut fill)
        {
            Step::Send(request) => {
                json!({"kind": "send", "request": amazon_pay_embed::request_json(&request)})
            }
            Step::Wait(at) => json!({"kind": "wait", "until": at.unix_seconds()}),
            Step::Done(Ok(result)) => json!({"kind": "done", "result": result}),
            Step::Done(Err(failure)) => return Err(failure),
            _ => {
                return Err(Failure::new(
                    "internal",
                    "InternalError",
                    "an exchange step this library does not know",
                ));
            }
        };
        give_string(step_json, step.to_string())
    })
}

/// Amazon's answer to the attempt in flight (`headers_json`: `[[name,
/// value]…]` or NULL).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn amzp_exchange_handle_response(
    exchange: *mut AmzpExchange,
    now: i64,
    status: u16,
    headers_json: *const c_char,
    body: *const u8,
    len: usize,
) -> AmzpStatus {
    boundary(|| unsafe {
        let headers = headers(optional_text(headers_json, "headers_json")?)?;
        let body = bytes(body, len, "body")?;
        handle_mut(exchange, "exchange")?.0.handle_response(
            amazon_pay_embed::timestamp(now)?,
            status,
            &headers,
            body,
        );
        Ok(())
    })
}

/// The attempt in flight failed in transport: `kind` is `ConnectRefused`,
/// `TimeoutBeforeSent`, `TimeoutAfterSent` or `ConnectionReset`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn amzp_exchange_handle_transport_error(
    exchange: *mut AmzpExchange,
    now: i64,
    kind: *const c_char,
) -> AmzpStatus {
    boundary(|| unsafe {
        let kind = text(kind, "kind")?;
        handle_mut(exchange, "exchange")?
            .0
            .handle_transport_error(amazon_pay_embed::timestamp(now)?, kind)
    })
}
