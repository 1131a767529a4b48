//! The retry policy: a pure decision from what failed, which attempt it was,
//! whether the call is safe to repeat, and how much time is left (spec §11).

use std::fmt;

use time::Duration;

use crate::timestamp::Timestamp;

/// How a request failed to reach Amazon or to come back. Its JSON is the
/// variant's name (`"TimeoutAfterSent"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[non_exhaustive]
pub enum TransportError {
    /// The connection was refused: nothing was sent.
    ConnectRefused,
    /// Timed out before the request was sent: nothing reached Amazon.
    TimeoutBeforeSent,
    /// Timed out after the request was sent: Amazon may have acted on it.
    TimeoutAfterSent,
    /// The connection was reset: Amazon may have acted on the request.
    ConnectionReset,
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TransportError::ConnectRefused => "the connection was refused",
            TransportError::TimeoutBeforeSent => "it timed out before the request was sent",
            TransportError::TimeoutAfterSent => "it timed out after the request was sent",
            TransportError::ConnectionReset => "the connection broke after the request was sent",
        })
    }
}

impl fmt::Display for GiveUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            GiveUp::NotRetryable => "another attempt would not help",
            GiveUp::AttemptsExhausted => "every attempt the retry policy allows was made",
            GiveUp::DeadlineExceeded => "the retry policy's overall deadline was reached",
            GiveUp::RetryAfterBeyondCap => {
                "Amazon asked to wait longer than the retry policy allows"
            }
            GiveUp::AmbiguousWithoutIdempotencyKey => {
                "Amazon may have acted on it, and a call without an idempotency key is not repeated"
            }
        })
    }
}

impl TransportError {
    /// Whether Amazon may have received and acted on the request.
    pub fn is_ambiguous(self) -> bool {
        matches!(
            self,
            TransportError::TimeoutAfterSent | TransportError::ConnectionReset
        )
    }
}

/// What went wrong with one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Failure {
    /// Amazon (or something in between) answered with this status.
    Status {
        /// The HTTP status.
        status: u16,
        /// The `Retry-After` delay the answer asked for, if any.
        retry_after: Option<Duration>,
    },
    /// The request did not complete.
    Transport(TransportError),
}

impl Failure {
    /// Whether another attempt may succeed at all.
    fn retryable(self) -> bool {
        match self {
            Failure::Status { status, .. } => RETRYABLE_STATUSES.contains(&status),
            Failure::Transport(_) => true,
        }
    }

    /// Whether Amazon may have acted on the failed attempt. 429, 425 and
    /// 408 say the request was not processed; a 5xx or a broken connection
    /// after sending leaves it open.
    pub fn is_ambiguous(self) -> bool {
        match self {
            Failure::Status { status, .. } => !matches!(status, 408 | 425 | 429),
            Failure::Transport(kind) => kind.is_ambiguous(),
        }
    }
}

/// Statuses worth another attempt (spec §11).
pub const RETRYABLE_STATUSES: [u16; 7] = [408, 425, 429, 500, 502, 503, 504];

/// Why no further attempt is made. Its JSON is the variant's name
/// (`"AttemptsExhausted"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[non_exhaustive]
pub enum GiveUp {
    /// The failure is not one another attempt can fix.
    NotRetryable,
    /// Every attempt the policy allows was made.
    AttemptsExhausted,
    /// The next attempt would start after the overall deadline.
    DeadlineExceeded,
    /// Amazon asked to wait longer (`Retry-After`) than the policy's cap.
    RetryAfterBeyondCap,
    /// Amazon may have acted on a call that is not safe to repeat (it
    /// changes something and has no idempotency key): repeating it could
    /// act twice.
    AmbiguousWithoutIdempotencyKey,
}

/// The policy's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Send again after this delay.
    Retry(Duration),
    /// Stop.
    GiveUp(GiveUp),
}

/// When to try again: retries of {408, 425, 429, 500, 502, 503, 504} and
/// transport failures, with full-jitter exponential backoff — a delay drawn
/// uniformly from `[0, min(cap, base × 2^(retry−1))]` — from the caller's
/// entropy, `Retry-After` honoured when it is within the cap, and an overall
/// deadline. A call that is not safe to repeat (it changes something and has
/// no idempotency key) is never retried after an ambiguous failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (default 3).
    pub max_retries: u32,
    /// The first backoff's upper bound (default 1 s).
    pub base: Duration,
    /// The largest delay (default 20 s).
    pub cap: Duration,
    /// How long the whole call may take, from its first attempt (default 60 s).
    pub deadline: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            base: Duration::seconds(1),
            cap: Duration::seconds(20),
            deadline: Duration::seconds(60),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn never() -> RetryPolicy {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// The upper bound of the backoff before retry number `retry` (1-based):
    /// `min(cap, base × 2^(retry−1))`.
    pub fn backoff_bound(&self, retry: u32) -> Duration {
        let factor = 2i32.saturating_pow(retry.saturating_sub(1).min(30));
        self.base
            .checked_mul(factor)
            .map_or(self.cap, |bound| bound.min(self.cap))
    }

    /// The decision after attempt number `attempt` (1-based) failed with
    /// `failure`, `elapsed` after the first attempt started. `safe_to_repeat`
    /// says whether the call may be sent twice (a GET, or a request with an
    /// idempotency key); `random` is uniformly random (from the caller's
    /// entropy) and picks the jittered delay.
    pub fn decide(
        &self,
        attempt: u32,
        failure: Failure,
        safe_to_repeat: bool,
        elapsed: Duration,
        random: u64,
    ) -> Decision {
        if !failure.retryable() {
            return Decision::GiveUp(GiveUp::NotRetryable);
        }
        if failure.is_ambiguous() && !safe_to_repeat {
            return Decision::GiveUp(GiveUp::AmbiguousWithoutIdempotencyKey);
        }
        if attempt > self.max_retries {
            return Decision::GiveUp(GiveUp::AttemptsExhausted);
        }
        let bound = self.backoff_bound(attempt);
        let mut delay = jitter(bound, random);
        if let Failure::Status {
            retry_after: Some(asked),
            ..
        } = failure
        {
            if asked > self.cap {
                return Decision::GiveUp(GiveUp::RetryAfterBeyondCap);
            }
            delay = delay.max(asked);
        }
        match elapsed.checked_add(delay) {
            Some(total) if total <= self.deadline => Decision::Retry(delay),
            _ => Decision::GiveUp(GiveUp::DeadlineExceeded),
        }
    }
}

/// A delay uniformly in `[0, bound]`, at millisecond resolution.
fn jitter(bound: Duration, random: u64) -> Duration {
    let millis = u64::try_from(bound.whole_milliseconds()).unwrap_or(0);
    let picked = random % millis.saturating_add(1);
    Duration::milliseconds(i64::try_from(picked).unwrap_or(0))
}

/// Reads a `Retry-After` value: delay-seconds (`120`) or an HTTP date
/// (`Sun, 06 Nov 1994 08:49:37 GMT`, counted from `now`; a date in the past
/// is no delay). `None` for anything else.
pub fn parse_retry_after(value: &str, now: Timestamp) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        let seconds: i64 = value.parse().ok()?;
        return Some(Duration::seconds(seconds));
    }
    let at = parse_http_date(value)?;
    Some(if at > now {
        at.since(now)
    } else {
        Duration::ZERO
    })
}

/// IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`.
fn parse_http_date(value: &str) -> Option<Timestamp> {
    let bytes = value.as_bytes();
    if bytes.len() != 29 || !value.ends_with(" GMT") || bytes.get(3) != Some(&b',') {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let text = value.get(range)?;
        if text.bytes().all(|b| b.is_ascii_digit()) {
            text.parse().ok()
        } else {
            None
        }
    };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month_name = value.get(8..11)?;
    let month_index = MONTHS.iter().position(|m| *m == month_name)?;
    let month = time::Month::try_from(u8::try_from(month_index + 1).ok()?).ok()?;
    let day = u8::try_from(number(5..7)?).ok()?;
    let year = i32::try_from(number(12..16)?).ok()?;
    let hour = u8::try_from(number(17..19)?).ok()?;
    let minute = u8::try_from(number(20..22)?).ok()?;
    let second = u8::try_from(number(23..25)?).ok()?;
    let date = time::Date::from_calendar_date(year, month, day).ok()?;
    let time = time::Time::from_hms(hour, minute, second).ok()?;
    Timestamp::from_offset_date_time(date.with_time(time).assume_utc())
}
