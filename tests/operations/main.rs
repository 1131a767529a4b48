//! Operations: every Checkout call's request and validation, the decoded
//! answers and fixtures, and the exchange that runs one call with its
//! retries.

mod call_table;
mod error_data;
mod errors;
mod exchange;
mod fixtures;
mod operation_properties;
mod operations;
mod request_bodies;
mod responses;
