//! The benchmark's Rust side, in the same process (`benches/bench.py`
//! alternates it with the Python side in small blocks, so that the
//! machine's load falls on both): the core alone, no Python in the loop.

use std::time::Instant;

use amazon_pay_embed::{Failure, KeySigner, Timestamp};
use pyo3::prelude::*;

use crate::convert::guard;

const CHARGE_ID: &str = "S01-5105180-3221187-C056351";

fn failed(error: impl std::fmt::Display) -> Failure {
    Failure::new("internal", "BenchmarkFailed", error.to_string())
}

/// Nanoseconds per Capture Charge built and signed by the core directly
/// (typed operation, AWS-LC), `rounds` times with `key` (PEM) at `now`.
#[pyfunction]
pub fn _reference_capture_ns(py: Python<'_>, key: &[u8], now: i64, rounds: u32) -> PyResult<u64> {
    use amazon_pay_core_reexport::*;
    guard(py, || {
        let signer = KeySigner::parse(key).map_err(failed)?;
        let config = Config::new(
            Region::Na,
            PublicKeyId::parse("SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B")?,
        );
        let now = Timestamp::from_unix_seconds(now).ok_or_else(|| failed("now"))?;
        let mut entropy = |b: &mut [u8]| b.fill(1);
        let started = Instant::now();
        for _ in 0..rounds.max(1) {
            let operation = CaptureCharge::new(
                ChargeId::from(CHARGE_ID),
                Price::parse("14.00", "USD")?,
                IdempotencyKey::parse("bench-key-1")?,
            );
            let request = operation.into_request(&config)?;
            let signed = request
                .sign(&config, &signer, now, &mut entropy)
                .map_err(failed)?;
            std::hint::black_box(signed);
        }
        Ok(per_round(started, rounds))
    })
}

/// Nanoseconds per Charge answer (`body`) decoded by the core's typed
/// Get Charge, `rounds` times.
#[pyfunction]
pub fn _reference_decode_ns(py: Python<'_>, body: &[u8], rounds: u32) -> PyResult<u64> {
    use amazon_pay_core_reexport::*;
    guard(py, || {
        let get = GetCharge::new(CHARGE_ID);
        let answer = Response::new(200, body);
        let started = Instant::now();
        for _ in 0..rounds.max(1) {
            std::hint::black_box(get.decode(&answer)?);
        }
        Ok(per_round(started, rounds))
    })
}

fn per_round(started: Instant, rounds: u32) -> u64 {
    u64::try_from(started.elapsed().as_nanos() / u128::from(rounds.max(1))).unwrap_or(u64::MAX)
}

/// The core's items the reference uses.
mod amazon_pay_core_reexport {
    pub use amazon_pay_core::model::ChargeId;
    pub use amazon_pay_core::operation::{ApiOperation, CaptureCharge, GetCharge, Response};
    pub use amazon_pay_core::{Config, IdempotencyKey, Price, PublicKeyId, Region};
}
