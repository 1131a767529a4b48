//! Clients, keys and calls: built, prepared, signed and decoded.

use std::ffi::c_char;

use amazon_pay_embed::{
    Call, CallExchange, Client, Failure, KeySigner, PreparedRequest, Signature,
};

use crate::boundary::{
    AmzpStatus, argument, boundary, bytes, give, give_string, handle, headers, optional_text,
    release, text,
};

/// A client's settings.
pub struct AmzpClient(pub(crate) Client);
/// One validated call.
pub struct AmzpCall(pub(crate) Call);
/// An RSA private key held by the library (AWS-LC).
pub struct AmzpKey(pub(crate) KeySigner);
/// A request prepared for a signature made by the caller.
pub struct AmzpPrepared(pub(crate) PreparedRequest);
/// One call with its retries.
pub struct AmzpExchange(pub(crate) CallExchange);

/// A client from its settings JSON (`{"publicKeyId", "region", "sandbox"?,
/// "apiVersion"?, "algorithm"?, "endpoint"?, "retry"?}`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn amzp_client_new(
    settings: *const c_char,
    out: *mut *mut AmzpClient,
) -> AmzpStatus {
    boundary(|| unsafe {
        let client = Client::from_json(text(settings, "settings")?)?;
        give(out, AmzpClient(client))
    })
}

/// Frees a client.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn amzp_client_free(client: *mut AmzpClient) {
    unsafe { release(client) }
}

/// Operation `operation` (`CaptureCharge` …) with `params` (JSON: path ids,
/// `body`, `idempotencyKey`), validated now.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn amzp_call_new(
    client: *const AmzpClient,
    operation: *const c_char,
    params: *const c_char,
    out: *mut *mut AmzpCall,
) -> AmzpStatus {
    boundary(|| unsafe {
        let call = handle(client, "client")?
            .0
            .call(text(operation, "operation")?, text(params, "params")?)?;
        give(out, AmzpCall(call))
    })
}

/// The operation a request names in HTTP terms: `method`, `path` below the
/// API version, `body` (JSON or ""), `idempotency_key` (or NULL).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn amzp_call_http(
    client: *const AmzpClient,
    method: *const c_char,
    path: *const c_char,
    body: *const c_char,
    idempotency_key: *const c_char,
    out: *mut *mut AmzpCall,
) -> AmzpStatus {
    boundary(|| unsafe {
        let call = handle(client, "client")?.0.call_http(
            text(method, "method")?,
            text(path, "path")?,
            optional_text(body, "body")?.unwrap_or(""),
            optional_text(idempotency_key, "idempotency_key")?,
        )?;
        give(out, AmzpCall(call))
    })
}

/// Frees a call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn amzp_call_free(call: *mut AmzpCall) {
    unsafe { release(call) }
}

/// A private key (PEM or DER, PKCS#8 or PKCS#1) of `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn amzp_key_new(
    key: *const u8,
    len: usize,
    out: *mut *mut AmzpKey,
) -> AmzpStatus {
    boundary(|| unsafe {
        let signer = KeySigner::parse(bytes(key, len, "key")?).map_err(Failure::from)?;
        give(out, AmzpKey(signer))
    })
}

/// Frees a key (its memory is zeroed).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn amzp_key_free(key: *mut AmzpKey) {
    unsafe { release(key) }
}

/// The request signed with `key` at `now`, as JSON `{"method", "url",
/// "headers": [[name, value]…], "body"}` through `request_json`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn amzp_call_sign(
    call: *const AmzpCall,
    key: *const AmzpKey,
    now: i64,
    request_json: *mut *mut c_char,
) -> AmzpStatus {
    boundary(|| unsafe {
        let mut entropy = |buf: &mut [u8]| buf.fill(0);
        let signed = handle(call, "call")?.0.sign(
            &handle(key, "key")?.0,
            amazon_pay_embed::timestamp(now)?,
            &mut entropy,
        )?;
        give_string(
            request_json,
            amazon_pay_embed::request_json(&signed).to_string(),
        )
    })
}

/// The request dated `now`, for a signature made by the caller.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn amzp_call_prepare(
    call: *const AmzpCall,
    now: i64,
    out: *mut *mut AmzpPrepared,
) -> AmzpStatus {
    boundary(|| unsafe {
        let prepared = handle(call, "call")?
            .0
            .prepare(amazon_pay_embed::timestamp(now)?)?;
        give(out, AmzpPrepared(prepared))
    })
}

/// What to sign (RSASSA-PSS, SHA-256, MGF1-SHA-256, salt 32 for -V2).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn amzp_prepared_string_to_sign(
    prepared: *const AmzpPrepared,
    out: *mut *mut c_char,
) -> AmzpStatus {
    boundary(|| unsafe {
        give_string(
            out,
            handle(prepared, "prepared")?.0.string_to_sign().to_owned(),
        )
    })
}

/// The signed request (JSON) with `signature`; `prepared` is consumed and
/// freed, whatever the status.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn amzp_prepared_finish(
    prepared: *mut AmzpPrepared,
    signature: *const u8,
    len: usize,
    request_json: *mut *mut c_char,
) -> AmzpStatus {
    boundary(|| unsafe {
        if prepared.is_null() {
            return Err(argument("prepared is NULL"));
        }
        // SAFETY: made by `amzp_call_prepare`, not freed before; taken here.
        let prepared = Box::from_raw(prepared).0;
        let signature = Signature::from_bytes(bytes(signature, len, "signature")?.to_vec());
        give_string(
            request_json,
            amazon_pay_embed::request_json(&prepared.finish(&signature)).to_string(),
        )
    })
}

/// Frees a prepared request that was not finished.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn amzp_prepared_free(prepared: *mut AmzpPrepared) {
    unsafe { release(prepared) }
}

/// Amazon's answer decoded: the result's JSON through `result_json`
/// (`AMZP_STATUS_API` and the last error for Amazon's refusals).
/// `headers_json` is `[[name, value]…]` or NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn amzp_call_decode(
    call: *const AmzpCall,
    status: u16,
    headers_json: *const c_char,
    body: *const u8,
    len: usize,
    result_json: *mut *mut c_char,
) -> AmzpStatus {
    boundary(|| unsafe {
        let headers = headers(optional_text(headers_json, "headers_json")?)?;
        let result = handle(call, "call")?
            .0
            .decode(status, &headers, bytes(body, len, "body")?)?;
        give_string(result_json, result.to_string())
    })
}
