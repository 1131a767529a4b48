//! `amazon_pay.h`: a C ABI for amazon-pay-core, through the embed facade.
//!
//! Conventions (those of rustls-ffi's C API, in this crate's words):
//!
//! - Every function returns an [`AmzpStatus`]; on anything but
//!   `AMZP_STATUS_OK`, [`amzp_last_error`] gives the error shape as JSON
//!   (`{kind, code, message, field?, rule?, reasonCode?, retryable,
//!   details}`), per thread.
//! - Objects are opaque handles made by a `*_new` function and released by
//!   its `*_free` function; `*_free(NULL)` does nothing.
//! - Every string the library hands out (`char **out`) is allocated by it and
//!   released with [`amzp_string_free`]; strings given to it are UTF-8 and
//!   NUL-terminated, borrowed for the call only.
//! - Time is seconds since the Unix epoch; the caller brings the clock.
//! - A panic never crosses the boundary: it is caught at every entry point
//!   and reported as `AMZP_STATUS_PANIC`.

#![allow(clippy::missing_safety_doc)] // each function documents its contract

mod boundary;
mod call;
mod ledger;
mod run;

pub use boundary::{AmzpStatus, amzp_last_error, amzp_operations, amzp_string_free};
pub use call::*;
pub use ledger::*;
pub use run::*;
