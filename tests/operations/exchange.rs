//! The retry policy, table-tested exhaustively, and the exchange: one call
//! with its retries, driven by scripted answers.

use amazon_pay_core::exchange::{
    Decision, Exchange, ExchangeError, Failure, GiveUp, RetryPolicy, TransportError,
    parse_retry_after,
};
use amazon_pay_core::model::ChargeId;
use amazon_pay_core::operation::{CaptureCharge, CreateRefund, GetCharge, Response};
use amazon_pay_core::sign::SignError;
use amazon_pay_core::sign::{Algorithm, Signature, Signer};
use amazon_pay_core::{
    Config, Entropy, Error, IdempotencyKey, Price, PublicKeyId, Region, Timestamp,
};
use proptest::prelude::*;
use time::Duration;

/// A signer that returns a fixed signature (the exchange's own work only).
struct Fixed;

impl Signer for Fixed {
    fn sign(&self, _: Algorithm, _: &[u8], _: &mut dyn Entropy) -> Result<Signature, SignError> {
        Ok(Signature::from_bytes(vec![7; 256]))
    }
}

fn t0() -> Timestamp {
    Timestamp::parse("20240301T100000Z").unwrap()
}

fn config() -> Config {
    Config::new(
        Region::Na,
        PublicKeyId::parse("SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B").unwrap(),
    )
}

const STATUSES: [u16; 14] = [
    200, 201, 400, 401, 403, 404, 408, 422, 425, 429, 500, 502, 503, 504,
];
const TRANSPORT: [TransportError; 4] = [
    TransportError::ConnectRefused,
    TransportError::TimeoutBeforeSent,
    TransportError::TimeoutAfterSent,
    TransportError::ConnectionReset,
];

#[test]
fn the_retry_table() {
    let policy = RetryPolicy::default();
    let mut failures: Vec<Failure> = STATUSES
        .iter()
        .map(|&status| Failure::Status {
            status,
            retry_after: None,
        })
        .collect();
    failures.extend(TRANSPORT.map(Failure::Transport));
    let mut rows = 0;
    for failure in failures {
        for attempt in 1..=5u32 {
            for safe in [true, false] {
                for random in [0u64, 1, 999, u64::MAX] {
                    let decision = policy.decide(attempt, failure, safe, Duration::ZERO, random);
                    let retryable = match failure {
                        Failure::Status { status, .. } => {
                            matches!(status, 408 | 425 | 429 | 500 | 502 | 503 | 504)
                        }
                        _ => true,
                    };
                    let ambiguous = match failure {
                        Failure::Status { status, .. } => !matches!(status, 408 | 425 | 429),
                        Failure::Transport(kind) => matches!(
                            kind,
                            TransportError::TimeoutAfterSent | TransportError::ConnectionReset
                        ),
                        _ => unreachable!("only the two kinds above are built here"),
                    };
                    let expected = if !retryable {
                        Decision::GiveUp(GiveUp::NotRetryable)
                    } else if ambiguous && !safe {
                        Decision::GiveUp(GiveUp::AmbiguousWithoutIdempotencyKey)
                    } else if attempt > 3 {
                        Decision::GiveUp(GiveUp::AttemptsExhausted)
                    } else {
                        // Full jitter within min(20 s, 1 s × 2^(attempt−1)).
                        let bound = Duration::seconds(1 << (attempt - 1));
                        match decision {
                            Decision::Retry(delay) => {
                                assert!(delay >= Duration::ZERO && delay <= bound, "{delay}");
                            }
                            other => panic!("{failure:?} attempt {attempt}: {other:?}"),
                        }
                        decision
                    };
                    assert_eq!(
                        decision, expected,
                        "{failure:?} attempt {attempt} safe {safe}"
                    );
                    rows += 1;
                }
            }
        }
    }
    assert_eq!(rows, 18 * 5 * 2 * 4);
}

#[test]
fn backoff_is_capped_and_jitter_spans_the_range() {
    let policy = RetryPolicy {
        max_retries: 10,
        ..RetryPolicy::default()
    };
    assert_eq!(policy.backoff_bound(1), Duration::seconds(1));
    assert_eq!(policy.backoff_bound(5), Duration::seconds(16));
    assert_eq!(policy.backoff_bound(6), Duration::seconds(20));
    assert_eq!(policy.backoff_bound(40), Duration::seconds(20));
    let failure = Failure::Transport(TransportError::ConnectRefused);
    let lowest = policy.decide(3, failure, true, Duration::ZERO, 0);
    let highest = policy.decide(3, failure, true, Duration::ZERO, 4_000);
    assert_eq!(lowest, Decision::Retry(Duration::ZERO));
    assert_eq!(highest, Decision::Retry(Duration::seconds(4)));
}

#[test]
fn retry_after_is_honoured_within_the_cap_and_the_deadline() {
    let policy = RetryPolicy::default();
    let asked = |seconds| Failure::Status {
        status: 429,
        retry_after: Some(Duration::seconds(seconds)),
    };
    assert_eq!(
        policy.decide(1, asked(7), false, Duration::ZERO, 0),
        Decision::Retry(Duration::seconds(7))
    );
    assert_eq!(
        policy.decide(1, asked(21), true, Duration::ZERO, 0),
        Decision::GiveUp(GiveUp::RetryAfterBeyondCap)
    );
    assert_eq!(
        policy.decide(1, asked(7), true, Duration::seconds(55), 0),
        Decision::GiveUp(GiveUp::DeadlineExceeded)
    );
    assert_eq!(parse_retry_after("120", t0()), Some(Duration::seconds(120)));
    assert_eq!(
        parse_retry_after("Fri, 01 Mar 2024 10:00:30 GMT", t0()),
        Some(Duration::seconds(30))
    );
    assert_eq!(
        parse_retry_after("Fri, 01 Mar 2024 09:00:00 GMT", t0()),
        Some(Duration::ZERO)
    );
    for bad in [
        "",
        "-1",
        "soon",
        "Fri, 31 Feb 2024 10:00:30 GMT",
        "Fri, 01 Mar 2024 10:00:30 UTC",
    ] {
        assert_eq!(parse_retry_after(bad, t0()), None, "{bad:?}");
    }
}

fn capture(key: &str) -> CaptureCharge {
    CaptureCharge::new(
        ChargeId::from("S01-1-C1"),
        Price::parse("10.00", "USD").unwrap(),
        IdempotencyKey::parse(key).unwrap(),
    )
}

const CHARGE: &[u8] =
    br#"{"chargeId":"S01-1-C1","statusDetails":{"state":"Captured","lastUpdatedTimestamp":"20240301T100000Z"}}"#;

#[test]
fn retries_re_sign_with_a_fresh_date_and_the_same_key() {
    let mut exchange = Exchange::new(capture("same-key"), config(), RetryPolicy::default());
    let mut entropy = |buf: &mut [u8]| buf.fill(0x11);
    let mut now = t0();
    let mut dates = Vec::new();
    let answers = [
        Response::new(429, br#"{"reasonCode":"TooManyRequests"}"#.to_vec())
            .with_header("Retry-After", "2"),
        Response::new(500, b"<html>oops</html>".to_vec()),
        Response::new(200, CHARGE.to_vec()),
    ];
    for answer in answers {
        let request = loop {
            if let Some(request) = exchange.poll_transmit(now, &Fixed, &mut entropy) {
                break request;
            }
            now = exchange.poll_timeout().expect("a retry is scheduled");
        };
        assert_eq!(
            request.header("x-amz-pay-idempotency-key"),
            Some("same-key")
        );
        dates.push(request.header("x-amz-pay-date").unwrap().to_owned());
        exchange.handle_response(now, answer);
    }
    assert_eq!(exchange.attempts(), 3);
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
    assert_ne!(dates[0], dates[1], "the Retry-After of 2 s moved the date");
    let charge = exchange.poll_outcome().unwrap().unwrap();
    assert_eq!(charge.charge_id.unwrap().as_str(), "S01-1-C1");
    assert!(exchange.poll_outcome().is_none());
    assert!(exchange.poll_transmit(now, &Fixed, &mut entropy).is_none());
}

/// Two-step attempts (a signer that answers later) go through the same
/// states: the prepared attempt finished with the signature is the request
/// `poll_transmit` sends, and a signature that cannot be made abandons the
/// call with a signing error.
#[test]
fn prepared_attempts_are_the_attempts_poll_transmit_makes() {
    let mut entropy = |buf: &mut [u8]| buf.fill(0x11);
    let mut one_step = Exchange::new(capture("two-step"), config(), RetryPolicy::default());
    let mut two_step = Exchange::new(capture("two-step"), config(), RetryPolicy::default());
    let mut now = t0();
    for answer in [
        Response::new(503, b"{}".to_vec()),
        Response::new(200, CHARGE.to_vec()),
    ] {
        let (sent, prepared) = loop {
            let sent = one_step.poll_transmit(now, &Fixed, &mut entropy);
            let prepared = two_step.poll_prepare(now, &mut entropy);
            if let (Some(sent), Some(prepared)) = (sent, prepared) {
                break (sent, prepared);
            }
            now = one_step.poll_timeout().expect("a retry is scheduled");
            assert_eq!(two_step.poll_timeout(), Some(now));
        };
        assert!(
            two_step.poll_prepare(now, &mut entropy).is_none(),
            "one attempt at a time"
        );
        let finished = prepared.finish(&Signature::from_bytes(vec![7; 256]));
        assert_eq!(finished, sent);
        one_step.handle_response(now, answer.clone());
        two_step.handle_response(now, answer);
    }
    assert_eq!(two_step.attempts(), 2);
    assert!(two_step.poll_outcome().unwrap().is_ok());

    let mut abandoned = Exchange::new(capture("abandoned"), config(), RetryPolicy::default());
    assert!(abandoned.poll_prepare(t0(), &mut entropy).is_some());
    abandoned.abandon(SignError::Signer("the KMS is unreachable".into()));
    match abandoned.poll_outcome() {
        Some(Err(ExchangeError::Sign(_))) => {}
        other => panic!("expected a signing error, got {other:?}"),
    }
    assert!(abandoned.poll_prepare(t0(), &mut entropy).is_none());
}

#[test]
fn errors_that_are_not_retryable_end_the_call() {
    let mut exchange = Exchange::new(capture("k"), config(), RetryPolicy::default());
    let mut entropy = |buf: &mut [u8]| buf.fill(0);
    exchange.poll_transmit(t0(), &Fixed, &mut entropy).unwrap();
    exchange.handle_response(
        t0(),
        Response::new(422, br#"{"reasonCode":"InvalidChargeStatus"}"#.to_vec()),
    );
    match exchange.poll_outcome().unwrap() {
        Err(ExchangeError::Api(api)) => {
            assert_eq!(api.status(), 422);
            // Into the crate's one error type, it is the Api variant.
            assert!(matches!(
                Error::from(ExchangeError::Api(api)),
                Error::Api(_)
            ));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(exchange.attempts(), 1);
}

#[test]
fn a_date_refusal_is_a_clock_skew_error() {
    let mut exchange = Exchange::new(GetCharge::new("c"), config(), RetryPolicy::default());
    let mut entropy = |buf: &mut [u8]| buf.fill(0);
    exchange.poll_transmit(t0(), &Fixed, &mut entropy).unwrap();
    exchange.handle_response(
        t0(),
        Response::new(
            400,
            br#"{"reasonCode":"InvalidHeaderValue","message":"x-amz-pay-date is in the future"}"#
                .to_vec(),
        ),
    );
    let err = exchange.poll_outcome().unwrap().unwrap_err();
    assert!(err.to_string().contains("fix the system clock"));
    let err = Error::from(err);
    assert!(
        matches!(err, Error::Exchange(ExchangeError::ClockSkew(_))),
        "{err}"
    );
}

#[test]
fn a_call_without_key_is_not_repeated_after_an_ambiguous_failure() {
    // Cancel Charge changes a charge and carries no key.
    let cancel = amazon_pay_core::operation::CancelCharge::new(ChargeId::from("c"), "r");
    let mut exchange = Exchange::new(cancel, config(), RetryPolicy::default());
    let mut entropy = |buf: &mut [u8]| buf.fill(0);
    assert!(!exchange.is_safe_to_repeat());
    exchange.poll_transmit(t0(), &Fixed, &mut entropy).unwrap();
    exchange.handle_transport_error(t0(), TransportError::ConnectionReset);
    match Error::from(exchange.poll_outcome().unwrap().unwrap_err()) {
        Error::Exchange(ExchangeError::Transport {
            reason, attempts, ..
        }) => {
            assert_eq!(reason, GiveUp::AmbiguousWithoutIdempotencyKey);
            assert_eq!(attempts, 1);
        }
        other => panic!("{other}"),
    }
    // … but it is after a failure that certainly did not reach Amazon.
    let cancel = amazon_pay_core::operation::CancelCharge::new(ChargeId::from("c"), "r");
    let mut exchange = Exchange::new(cancel, config(), RetryPolicy::default());
    exchange.poll_transmit(t0(), &Fixed, &mut entropy).unwrap();
    exchange.handle_transport_error(t0(), TransportError::ConnectRefused);
    assert!(exchange.poll_timeout().is_some());
}

#[test]
fn an_invalid_operation_is_never_sent() {
    let zero = CreateRefund::new(
        ChargeId::from("c"),
        Price::parse("0", "USD").unwrap(),
        IdempotencyKey::parse("k").unwrap(),
    );
    let mut exchange = Exchange::new(zero, config(), RetryPolicy::default());
    let mut entropy = |buf: &mut [u8]| buf.fill(0);
    assert!(exchange.poll_transmit(t0(), &Fixed, &mut entropy).is_none());
    assert!(matches!(
        exchange
            .poll_outcome()
            .map(|outcome| outcome.map_err(Error::from)),
        Some(Err(Error::Validation(_)))
    ));
}

#[derive(Debug, Clone)]
enum Step {
    Status(u16, Option<u8>),
    Transport(usize),
    Ok,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (
            proptest::sample::select(STATUSES.to_vec()),
            proptest::option::of(0u8..30)
        )
            .prop_map(|(s, r)| Step::Status(s, r)),
        (0usize..4).prop_map(Step::Transport),
        Just(Step::Ok),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn the_exchange_keeps_its_promises(
        steps in proptest::collection::vec(step(), 1..12),
        keyed in any::<bool>(),
        seed in any::<u8>(),
        clock_back in any::<bool>(),
    ) {
        let policy = RetryPolicy::default();
        let mut entropy = move |buf: &mut [u8]| buf.fill(seed);
        let cancel = amazon_pay_core::operation::CancelCharge::new(ChargeId::from("c"), "r");
        let (mut keyed_exchange, mut unkeyed_exchange);
        let run: &mut dyn Drive = if keyed {
            keyed_exchange = Exchange::new(capture("prop-key"), config(), policy);
            &mut keyed_exchange
        } else {
            unkeyed_exchange = Exchange::new(cancel, config(), policy);
            &mut unkeyed_exchange
        };
        let mut now = t0();
        let mut last_date: Option<String> = None;
        let mut sent = 0u32;
        for step in steps {
            let request = loop {
                if let Some(request) = run.transmit(now, &mut entropy) {
                    break Some(request);
                }
                match run.timeout() {
                    Some(at) => now = at,
                    None => break None,
                }
            };
            let Some((date, key)) = request else { break };
            sent += 1;
            if keyed {
                prop_assert_eq!(key.as_deref(), Some("prop-key"));
            } else {
                prop_assert_eq!(key, None);
            }
            if let Some(last) = &last_date {
                prop_assert!(&date >= last, "dates never decrease");
            }
            last_date = Some(date);
            if clock_back {
                now = now.checked_sub(Duration::seconds(5)).unwrap();
            }
            match step {
                Step::Status(status, retry_after) => {
                    let mut response = Response::new(status, br#"{"reasonCode":"InternalServerError"}"#.to_vec());
                    if let Some(seconds) = retry_after {
                        response = response.with_header("retry-after", seconds.to_string());
                    }
                    run.response(now, response);
                }
                Step::Transport(kind) => run.transport(now, TRANSPORT[kind]),
                Step::Ok => run.response(now, Response::new(200, CHARGE.to_vec())),
            }
        }
        prop_assert!(sent <= 1 + policy.max_retries, "{} attempts", sent);
        prop_assert_eq!(run.attempts(), sent);
    }
}

/// The exchange's calls, whatever the operation (for the property test).
trait Drive {
    fn transmit(
        &mut self,
        now: Timestamp,
        entropy: &mut dyn Entropy,
    ) -> Option<(String, Option<String>)>;
    fn timeout(&self) -> Option<Timestamp>;
    fn response(&mut self, now: Timestamp, response: Response);
    fn transport(&mut self, now: Timestamp, kind: TransportError);
    fn attempts(&self) -> u32;
}

impl<O: amazon_pay_core::operation::ApiOperation> Drive for Exchange<O> {
    fn transmit(
        &mut self,
        now: Timestamp,
        entropy: &mut dyn Entropy,
    ) -> Option<(String, Option<String>)> {
        let request = self.poll_transmit(now, &Fixed, entropy)?;
        let date = request.header("x-amz-pay-date")?.to_owned();
        let key = request
            .header("x-amz-pay-idempotency-key")
            .map(str::to_owned);
        Some((date, key))
    }
    fn timeout(&self) -> Option<Timestamp> {
        self.poll_timeout()
    }
    fn response(&mut self, now: Timestamp, response: Response) {
        self.handle_response(now, response)
    }
    fn transport(&mut self, now: Timestamp, kind: TransportError) {
        self.handle_transport_error(now, kind)
    }
    fn attempts(&self) -> u32 {
        Exchange::attempts(self)
    }
}
