//! A seeded fault plan, for testing a client's retries: throttling, server
//! errors, HTML error pages from "a proxy", answers lost after the request
//! was processed, slow answers. Deterministic: the same seed and the same
//! requests give the same faults.

use std::time::Duration;

use amazon_pay_core::operation::Response;
use serde::{Deserialize, Serialize};

use crate::answer::error;

/// How often each fault happens, in percent of requests (they add up; the
/// rest are answered normally), and the seed that decides which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FaultPlan {
    /// The seed of the plan's own generator.
    pub seed: u64,
    /// 429 `TooManyRequests`; the request is not processed.
    pub throttle_percent: u8,
    /// 503 `ServiceUnavailable` (Amazon's JSON); not processed.
    pub unavailable_percent: u8,
    /// 502 with an HTML page, as a proxy in between would answer; not processed.
    pub html_percent: u8,
    /// The request is processed and its answer lost (the connection drops).
    pub lost_percent: u8,
    /// The request is processed and answered after `slow_millis`.
    pub slow_percent: u8,
    /// How slow a slow answer is, in milliseconds.
    pub slow_millis: u32,
}

/// What reaches the client.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Delivery {
    /// This answer.
    Answer(Response),
    /// Nothing: the request was processed, then the connection dropped.
    Lost,
    /// This answer, after this delay.
    Slow(Duration, Response),
}

/// The fault drawn for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    /// Answer this instead of processing.
    Refuse(u16),
    Lost,
    Slow(Duration),
    None,
}

impl FaultPlan {
    /// The fault for the `n`-th request.
    pub(crate) fn draw(&self, n: u64) -> Fault {
        let roll = split_mix(self.seed ^ n.wrapping_mul(0x2545_f491_4f6c_dd1d)) % 100;
        let mut limit = 0u64;
        let mut next = |percent: u8| {
            limit += u64::from(percent);
            roll < limit
        };
        if next(self.throttle_percent) {
            Fault::Refuse(429)
        } else if next(self.unavailable_percent) {
            Fault::Refuse(503)
        } else if next(self.html_percent) {
            Fault::Refuse(502)
        } else if next(self.lost_percent) {
            Fault::Lost
        } else if next(self.slow_percent) {
            Fault::Slow(Duration::from_millis(u64::from(self.slow_millis)))
        } else {
            Fault::None
        }
    }
}

/// The answer of a refusing fault.
pub(crate) fn refusal(status: u16) -> Response {
    match status {
        429 => error(429, "TooManyRequests", "The request was throttled (sandbox fault plan)")
            .with_header("retry-after", "1"),
        503 => error(503, "ServiceUnavailable", "Temporarily unavailable (sandbox fault plan)"),
        _ => Response::new(
            status,
            b"<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>".to_vec(),
        )
        .with_header("content-type", "text/html"),
    }
}

fn split_mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_respected_and_the_plan_is_deterministic() {
        let plan = FaultPlan {
            seed: 7,
            throttle_percent: 10,
            unavailable_percent: 10,
            html_percent: 10,
            lost_percent: 10,
            slow_percent: 10,
            slow_millis: 5,
        };
        let draws: Vec<Fault> = (0..10_000).map(|n| plan.draw(n)).collect();
        let count = |f: Fault| draws.iter().filter(|d| **d == f).count();
        for fault in [
            Fault::Refuse(429),
            Fault::Refuse(503),
            Fault::Refuse(502),
            Fault::Lost,
            Fault::Slow(Duration::from_millis(5)),
        ] {
            let n = count(fault);
            assert!((800..1200).contains(&n), "{fault:?}: {n}");
        }
        assert_eq!(draws, (0..10_000).map(|n| plan.draw(n)).collect::<Vec<_>>());
        assert!((0..1000).all(|n| FaultPlan::default().draw(n) == Fault::None));
    }
}
