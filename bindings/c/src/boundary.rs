//! The boundary every entry point crosses: status codes, the last error,
//! panics caught, C strings and handles converted.

use std::ffi::{CStr, CString, c_char};
use std::ptr;

use amazon_pay_embed::Failure;

/// What a call of the library came to.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmzpStatus {
    /// Done.
    Ok = 0,
    /// A value the rules refuse (kinds `validation`, `money`): nothing was sent.
    Validation = 1,
    /// A call Amazon's rules forbid in the object's state (kinds `rule`, `lifecycle`).
    Rule = 2,
    /// Amazon answered an error (kinds `api`, `clock_skew`).
    Api = 3,
    /// Every attempt failed in transport (kind `transport`).
    Transport = 4,
    /// The key could not be read (kind `key`).
    Key = 5,
    /// Signing or verification failed (kinds `sign`, `verify`).
    Sign = 6,
    /// An IPN that is not authentic or not readable (kind `notification`).
    Notification = 7,
    /// A NULL pointer where one is required, or a string that is not UTF-8.
    InvalidArgument = 8,
    /// A bug: a panic inside the library, caught at its boundary.
    Panic = 9,
    /// Anything else (kind `internal`).
    Internal = 10,
}

fn status_of(kind: &str) -> AmzpStatus {
    match kind {
        "validation" | "money" => AmzpStatus::Validation,
        "rule" | "lifecycle" => AmzpStatus::Rule,
        "api" | "clock_skew" => AmzpStatus::Api,
        "transport" => AmzpStatus::Transport,
        "key" => AmzpStatus::Key,
        "sign" | "verify" => AmzpStatus::Sign,
        "notification" => AmzpStatus::Notification,
        "argument" => AmzpStatus::InvalidArgument,
        _ => AmzpStatus::Internal,
    }
}

thread_local! {
    static LAST_ERROR: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Runs `body` at the boundary: its failure becomes the status and the last
/// error; a panic becomes `AMZP_STATUS_PANIC`.
pub(crate) fn boundary(body: impl FnOnce() -> Result<(), Failure>) -> AmzpStatus {
    let (status, error) = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)) {
        Ok(Ok(())) => (AmzpStatus::Ok, None),
        Ok(Err(failure)) => (status_of(failure.kind()), Some(failure.to_json_string())),
        Err(_) => (
            AmzpStatus::Panic,
            Some(
                Failure::new(
                    "internal",
                    "Panic",
                    "amazon-pay-core failed internally; this is a bug, please report it",
                )
                .to_json_string(),
            ),
        ),
    };
    LAST_ERROR.with(|last| *last.borrow_mut() = error);
    status
}

pub(crate) fn argument(message: &str) -> Failure {
    Failure::new("argument", "InvalidArgument", message)
}

/// A borrowed C string as UTF-8.
pub(crate) unsafe fn text<'a>(pointer: *const c_char, name: &str) -> Result<&'a str, Failure> {
    if pointer.is_null() {
        return Err(argument(&format!("{name} is NULL")));
    }
    // SAFETY: the caller passes a NUL-terminated string that lives for the call.
    unsafe { CStr::from_ptr(pointer) }
        .to_str()
        .map_err(|_| argument(&format!("{name} is not UTF-8")))
}

/// A borrowed, possibly NULL, C string.
pub(crate) unsafe fn optional_text<'a>(
    pointer: *const c_char,
    name: &str,
) -> Result<Option<&'a str>, Failure> {
    if pointer.is_null() {
        Ok(None)
    } else {
        unsafe { text(pointer, name) }.map(Some)
    }
}

/// Borrowed bytes (`len` 0 may come with a NULL pointer).
pub(crate) unsafe fn bytes<'a>(
    pointer: *const u8,
    len: usize,
    name: &str,
) -> Result<&'a [u8], Failure> {
    if len == 0 {
        return Ok(&[]);
    }
    if pointer.is_null() {
        return Err(argument(&format!("{name} is NULL with a length of {len}")));
    }
    // SAFETY: the caller passes `len` readable bytes that live for the call.
    Ok(unsafe { std::slice::from_raw_parts(pointer, len) })
}

/// A borrowed handle.
pub(crate) unsafe fn handle<'a, T>(pointer: *const T, name: &str) -> Result<&'a T, Failure> {
    // SAFETY: a non-NULL handle was made by this library and not yet freed.
    unsafe { pointer.as_ref() }.ok_or_else(|| argument(&format!("{name} is NULL")))
}

/// A borrowed, mutable handle.
pub(crate) unsafe fn handle_mut<'a, T>(pointer: *mut T, name: &str) -> Result<&'a mut T, Failure> {
    // SAFETY: as `handle`, and the caller does not use it from two threads at once.
    unsafe { pointer.as_mut() }.ok_or_else(|| argument(&format!("{name} is NULL")))
}

/// Writes `value` through `out`, handing ownership to the caller.
pub(crate) unsafe fn give<T>(out: *mut *mut T, value: T) -> Result<(), Failure> {
    if out.is_null() {
        return Err(argument("the out pointer is NULL"));
    }
    // SAFETY: `out` points to writable storage for one pointer.
    unsafe { *out = Box::into_raw(Box::new(value)) };
    Ok(())
}

/// Writes a string the caller frees with `amzp_string_free` through `out`.
pub(crate) unsafe fn give_string(out: *mut *mut c_char, value: String) -> Result<(), Failure> {
    if out.is_null() {
        return Err(argument("the out pointer is NULL"));
    }
    let value =
        CString::new(value).map_err(|_| argument("a string with a NUL byte cannot cross to C"))?;
    // SAFETY: `out` points to writable storage for one pointer.
    unsafe { *out = value.into_raw() };
    Ok(())
}

/// Frees a handle made by `Box::into_raw`.
pub(crate) unsafe fn release<T>(pointer: *mut T) {
    if !pointer.is_null() {
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            // SAFETY: made by `give` and not freed before.
            drop(unsafe { Box::from_raw(pointer) });
        }));
    }
}

/// The last error of this thread as JSON (the error shape), or NULL if the
/// last call succeeded. Free it with `amzp_string_free`.
#[unsafe(no_mangle)]
pub extern "C" fn amzp_last_error() -> *mut c_char {
    LAST_ERROR
        .with(|last| last.borrow().clone())
        .and_then(|json| CString::new(json).ok())
        .map_or(ptr::null_mut(), CString::into_raw)
}

/// Frees a string the library handed out. NULL does nothing.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn amzp_string_free(string: *mut c_char) {
    if !string.is_null() {
        // SAFETY: made by `CString::into_raw` in this library, not freed before.
        drop(unsafe { CString::from_raw(string) });
    }
}

/// The names of the 43 operations, as a JSON array, through `out`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn amzp_operations(out: *mut *mut c_char) -> AmzpStatus {
    boundary(|| unsafe {
        give_string(
            out,
            serde_json::json!(amazon_pay_embed::operations()).to_string(),
        )
    })
}

/// `[[name, value]…]` or nothing.
pub(crate) fn headers(json: Option<&str>) -> Result<Vec<(String, String)>, Failure> {
    match json {
        None => Ok(Vec::new()),
        Some(text) => serde_json::from_str(text).map_err(|e| {
            Failure::new("validation", "InvalidJson", format!("headers: {e}"))
                .with_field("headers_json")
        }),
    }
}
