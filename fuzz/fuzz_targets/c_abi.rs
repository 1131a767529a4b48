//! The C ABI with arbitrary bytes: settings, operation names, parameters,
//! HTTP requests, answers, keys and JSON documents as C strings (not UTF-8,
//! or not JSON, as often as not). Every entry point must answer a status —
//! never crash, never a panic across the boundary (`AMZP_STATUS_PANIC` is a
//! finding too) — and everything it hands out is freed.

#![no_main]

use std::ffi::{CString, c_char};
use std::ptr;

use amazon_pay::*;
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input {
    settings: Vec<u8>,
    operation: Vec<u8>,
    params: Vec<u8>,
    method: Vec<u8>,
    path: Vec<u8>,
    body: Vec<u8>,
    key: Option<Vec<u8>>,
    now: i64,
    status: u16,
    headers: Vec<u8>,
    answer: Vec<u8>,
    permission: Vec<u8>,
    amount: Vec<u8>,
    signature: Vec<u8>,
}

fn c(bytes: &[u8]) -> CString {
    CString::new(bytes.iter().copied().filter(|&b| b != 0).collect::<Vec<u8>>()).unwrap_or_default()
}

fn checked(status: AmzpStatus) -> AmzpStatus {
    assert_ne!(status, AmzpStatus::Panic, "a panic reached the boundary");
    if status != AmzpStatus::Ok {
        let error = amzp_last_error();
        assert!(!error.is_null(), "a failure without its error");
        unsafe { amzp_string_free(error) };
    }
    status
}

unsafe fn take(string: *mut c_char) {
    unsafe { amzp_string_free(string) };
}

fuzz_target!(|input: Input| unsafe {
    let default_settings = c(br#"{"publicKeyId":"SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B","region":"us"}"#);
    let mut client = ptr::null_mut();
    if checked(amzp_client_new(c(&input.settings).as_ptr(), &mut client)) != AmzpStatus::Ok {
        checked(amzp_client_new(default_settings.as_ptr(), &mut client));
    }
    let mut calls = Vec::new();
    let mut call = ptr::null_mut();
    if checked(amzp_call_new(client, c(&input.operation).as_ptr(), c(&input.params).as_ptr(), &mut call)) == AmzpStatus::Ok {
        calls.push(call);
    }
    let mut call = ptr::null_mut();
    let (method, path, body) = (c(&input.method), c(&input.path), c(&input.body));
    if checked(amzp_call_http(client, method.as_ptr(), path.as_ptr(), body.as_ptr(), ptr::null(), &mut call)) == AmzpStatus::Ok {
        calls.push(call);
    }
    let mut key = ptr::null_mut();
    if let Some(bytes) = &input.key {
        checked(amzp_key_new(bytes.as_ptr(), bytes.len(), &mut key));
    }
    let headers = c(&input.headers);
    for &call in &calls {
        let mut out = ptr::null_mut();
        if checked(amzp_call_decode(call, input.status, headers.as_ptr(), input.answer.as_ptr(), input.answer.len(), &mut out)) == AmzpStatus::Ok {
            take(out);
        }
        let mut prepared = ptr::null_mut();
        if checked(amzp_call_prepare(call, input.now, &mut prepared)) == AmzpStatus::Ok {
            let mut request = ptr::null_mut();
            if checked(amzp_prepared_finish(prepared, input.signature.as_ptr(), input.signature.len(), &mut request)) == AmzpStatus::Ok {
                take(request);
            }
        }
        let mut exchange = ptr::null_mut();
        if !key.is_null() && checked(amzp_exchange_new(call, &mut exchange)) == AmzpStatus::Ok {
            let mut step = ptr::null_mut();
            if checked(amzp_exchange_step(exchange, key, input.now, input.signature.as_ptr(), input.signature.len(), &mut step)) == AmzpStatus::Ok {
                take(step);
            }
            checked(amzp_exchange_handle_response(exchange, input.now, input.status, headers.as_ptr(), input.answer.as_ptr(), input.answer.len()));
            amzp_exchange_free(exchange);
        }
    }
    let mut ledger = ptr::null_mut();
    if checked(amzp_ledger_from_permission(c(&input.permission).as_ptr(), c(b"us").as_ptr(), &mut ledger)) == AmzpStatus::Ok {
        checked(amzp_ledger_answered(ledger, c(b"GetCharge").as_ptr(), c(&input.answer).as_ptr()));
        let mut call = ptr::null_mut();
        let amount = c(&input.amount);
        if checked(amzp_ledger_request_refund(ledger, client, path.as_ptr(), amount.as_ptr(), c(b"USD").as_ptr(), c(b"k1").as_ptr(), input.now, &mut call)) == AmzpStatus::Ok {
            amzp_call_free(call);
        }
        let mut json = ptr::null_mut();
        if checked(amzp_ledger_to_json(ledger, &mut json)) == AmzpStatus::Ok {
            take(json);
        }
        amzp_ledger_free(ledger);
    }
    for call in calls {
        amzp_call_free(call);
    }
    amzp_key_free(key);
    amzp_client_free(client);
});
