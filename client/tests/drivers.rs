//! Both drivers against a real HTTP server on 127.0.0.1 that plays a script
//! and verifies every attempt as Amazon would.
#![cfg(feature = "ureq")]

mod support;

use amazon_pay_client::{Client, Error};
use amazon_pay_core::exchange::{ExchangeError, GiveUp, RetryPolicy, TransportError};
use amazon_pay_core::model::{ChargeId, ChargeState, ErrorCode};
use amazon_pay_core::operation::{ApiOperation, CancelCharge, CaptureCharge, GetCharge};
use amazon_pay_core::time::Duration;
use amazon_pay_core::{Config, Price};
use support::{Reply, Server, json};

const CHARGE: &str = "S01-5105180-3221187-C056351";
const CAPTURED: &str = r#"{"chargeId":"S01-5105180-3221187-C056351","statusDetails":{"state":"Captured","lastUpdatedTimestamp":"20240301T100000Z"}}"#;
const CANCELED: &str =
    r#"{"chargeId":"S01-5105180-3221187-C056351","statusDetails":{"state":"Canceled"}}"#;
const INVALID_STATUS: &str = r#"{"reasonCode":"InvalidChargeStatus","message":"You tried to call an operation on a Charge object that is in a state where that operation cannot be called"}"#;
const THROTTLED: &str =
    r#"{"reasonCode":"TooManyRequests","message":"The request was rejected due to throttling"}"#;
const HTML_500: &str = "<html><body><h1>500 Internal Server Error</h1></body></html>";

/// Short waits, so a test with three retries takes about three seconds
/// (timestamps have whole seconds: each wait ends at the next second).
fn quick() -> RetryPolicy {
    RetryPolicy {
        base: Duration::milliseconds(200),
        ..RetryPolicy::default()
    }
}

/// Runs one operation to its outcome through one of the two drivers.
trait Driver {
    fn run<O>(&self, config: Config, operation: O) -> Result<O::Output, Error>
    where
        O: ApiOperation + Send,
        O::Output: Send;
}

struct Blocking;

impl Driver for Blocking {
    fn run<O>(&self, config: Config, operation: O) -> Result<O::Output, Error>
    where
        O: ApiOperation + Send,
        O::Output: Send,
    {
        Client::ureq(config, support::signer())
            .with_retry_policy(quick())
            .call(operation)
    }
}

#[cfg(feature = "reqwest")]
struct Async;

#[cfg(feature = "reqwest")]
impl Driver for Async {
    fn run<O>(&self, config: Config, operation: O) -> Result<O::Output, Error>
    where
        O: ApiOperation + Send,
        O::Output: Send,
    {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let client = amazon_pay_client::AsyncClient::reqwest(config, support::signer())
            .unwrap()
            .with_retry_policy(quick());
        runtime.block_on(client.call(operation))
    }
}

fn capture() -> CaptureCharge {
    CaptureCharge::new(
        ChargeId::from(CHARGE),
        Price::parse("14.00", "USD").unwrap(),
        amazon_pay_client::idempotency_key().unwrap(),
    )
}

/// 429 (Retry-After: 1), 500 with an HTML body, a dropped connection, then
/// success: one capture, four attempts, each verified, one key.
fn retries_until_success(driver: &impl Driver) {
    let server = Server::start(vec![
        Reply::Answer(
            429,
            vec![("content-type", "application/json"), ("retry-after", "1")],
            THROTTLED.into(),
        ),
        Reply::Answer(500, vec![("content-type", "text/html")], HTML_500.into()),
        Reply::Drop,
        json(200, CAPTURED),
    ]);
    let charge = driver.run(server.config(), capture()).unwrap();
    assert_eq!(charge.state(), Some(&ChargeState::Captured));
    let seen = server.finish();
    assert_eq!(seen.len(), 4);
    support::assert_one_call(&seen);
    assert!(seen[0].idempotency_key.is_some());
    // Retry-After: 1 was honoured: the second attempt is a second later.
    assert!(seen[1].date > seen[0].date, "{seen:?}");
}

/// A 400 with Amazon's JSON error is final: one attempt, a typed error.
fn refusal_is_final(driver: &impl Driver) {
    let server = Server::start(vec![json(400, INVALID_STATUS)]);
    let error = driver.run(server.config(), capture()).unwrap_err();
    let api = error.api_error().expect("Amazon's refusal");
    assert_eq!(api.status(), 400);
    assert_eq!(api.code(), Some(&ErrorCode::InvalidChargeStatus));
    assert_eq!(server.finish().len(), 1);
}

/// Cancel Charge has no idempotency key: after a dropped connection Amazon
/// may have canceled, so it is not sent again.
fn ambiguous_without_key_is_not_repeated(driver: &impl Driver) {
    let server = Server::start(vec![Reply::Drop]);
    let cancel = CancelCharge::new(ChargeId::from(CHARGE), "out of stock");
    let error = driver.run(server.config(), cancel).unwrap_err();
    match &error {
        Error::Transport {
            error:
                amazon_pay_core::Error::Exchange(ExchangeError::Transport {
                    kind,
                    attempts,
                    reason,
                    ..
                }),
            last,
        } => {
            assert_eq!(*kind, TransportError::ConnectionReset);
            assert_eq!(last.kind(), TransportError::ConnectionReset);
            assert_eq!(*attempts, 1);
            assert_eq!(*reason, GiveUp::AmbiguousWithoutIdempotencyKey);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.finish().len(), 1);
}

/// A 503 every time: the policy's four attempts, then Amazon's last answer.
fn exhausts_its_attempts(driver: &impl Driver) {
    let unavailable = Reply::Answer(503, vec![("content-type", "text/plain")], "busy".into());
    let server = Server::start(vec![unavailable; 4]);
    let error = driver
        .run(server.config(), GetCharge::new(CHARGE))
        .unwrap_err();
    assert_eq!(error.api_error().map(|e| e.status()), Some(503));
    let seen = server.finish();
    assert_eq!(seen.len(), 4);
    assert!(seen.iter().all(|s| s.idempotency_key.is_none()));
    support::assert_one_call(&seen);
}

/// Nothing listens: connection refused on every attempt.
fn connection_refused(driver: &impl Driver) {
    let (config, addr) = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        (Server::config_for(addr), addr)
    };
    let error = driver.run(config, GetCharge::new(CHARGE)).unwrap_err();
    match &error {
        Error::Transport { last, error } => {
            assert_eq!(last.kind(), TransportError::ConnectRefused, "{error}");
            // The message says where, how often, how long and what to check.
            let text = error.to_string();
            assert_eq!(config_host(error), addr.to_string());
            assert!(text.contains(&format!("no answer from {addr}")), "{text}");
            assert!(
                text.contains("the connection was refused on attempt 4"),
                "{text}"
            );
            assert!(text.contains(" s after the first"), "{text}");
            assert!(text.contains("Check that the server at"), "{text}");
            assert!(
                matches!(
                    error,
                    amazon_pay_core::Error::Exchange(ExchangeError::Transport {
                        attempts: 4,
                        reason: GiveUp::AttemptsExhausted,
                        ..
                    })
                ),
                "{error:?}"
            );
        }
        other => panic!("{other:?}"),
    }
}

/// The host an exchange's transport error names.
fn config_host(error: &amazon_pay_core::Error) -> String {
    match error {
        amazon_pay_core::Error::Exchange(ExchangeError::Transport { host, .. }) => host.clone(),
        other => panic!("{other:?}"),
    }
}

/// A cancel that succeeds after a 429: a request without a key is repeated
/// when Amazon said it did not process it.
fn throttled_cancel_is_repeated(driver: &impl Driver) {
    let server = Server::start(vec![json(429, THROTTLED), json(200, CANCELED)]);
    let cancel = CancelCharge::new(ChargeId::from(CHARGE), "out of stock");
    let charge = driver.run(server.config(), cancel).unwrap();
    assert_eq!(charge.state(), Some(&ChargeState::Canceled));
    let seen = server.finish();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].method, "DELETE");
    support::assert_one_call(&seen);
}

macro_rules! driver_tests {
    ($module:ident, $driver:expr) => {
        mod $module {
            use super::*;

            #[test]
            fn retries_429_html_500_and_a_dropped_connection_then_succeeds() {
                retries_until_success(&$driver);
            }

            #[test]
            fn a_400_json_refusal_is_final_and_typed() {
                refusal_is_final(&$driver);
            }

            #[test]
            fn an_ambiguous_failure_without_a_key_is_not_repeated() {
                ambiguous_without_key_is_not_repeated(&$driver);
            }

            #[test]
            fn gives_up_after_the_policys_attempts() {
                exhausts_its_attempts(&$driver);
            }

            #[test]
            fn connection_refused_is_retried_then_reported() {
                connection_refused(&$driver);
            }

            #[test]
            fn a_throttled_call_without_a_key_is_repeated() {
                throttled_cancel_is_repeated(&$driver);
            }
        }
    };
}

driver_tests!(blocking_ureq, Blocking);
#[cfg(feature = "reqwest")]
driver_tests!(async_reqwest, Async);
