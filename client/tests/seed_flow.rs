//! The seed-flow examples, run as programs against a scripted server on
//! 127.0.0.1 that plays Amazon's answers and verifies every request.
//! (`cargo test` builds the examples before it runs the tests.)
#![cfg(feature = "ureq")]

mod support;

use std::path::PathBuf;
use std::process::Command;

use amazon_pay_core::Timestamp;
use amazon_pay_core::time::Duration;
use amazon_pay_core::time::OffsetDateTime;
use support::{Reply, Server, json};

const SESSION: &str = "bd504926-f659-4ad7-a1a9-9a747aaf5275";
const PERMISSION: &str = "S01-5105180-3221187";
const CHARGE: &str = "S01-5105180-3221187-C056351";
const REFUND: &str = "S01-5105180-3221187-R022311";

/// Amazon's answers to the flow, dated a minute ago (a session expires
/// 24 hours after its creation; the rule book checks).
fn script() -> Vec<Reply> {
    let now = OffsetDateTime::now_utc() - Duration::minutes(1);
    let at = Timestamp::from_offset_date_time(now).unwrap();
    let usd = |amount: &str| format!(r#"{{"amount":"{amount}","currencyCode":"USD"}}"#);
    let status = |state: &str| format!(r#"{{"state":"{state}","lastUpdatedTimestamp":"{at}"}}"#);
    let session = |state: &str, ids: &str| {
        format!(
            r#"{{"checkoutSessionId":"{SESSION}",{ids}"statusDetails":{},"paymentDetails":{{"chargeAmount":{}}},"creationTimestamp":"{at}"}}"#,
            status(state),
            usd("14.00")
        )
    };
    let charge = |state: &str, captured: &str| {
        format!(
            r#"{{"chargeId":"{CHARGE}","chargePermissionId":"{PERMISSION}","chargeAmount":{},"captureAmount":{captured},"statusDetails":{},"creationTimestamp":"{at}"}}"#,
            usd("14.00"),
            status(state)
        )
    };
    let refund = |state: &str| {
        format!(
            r#"{{"refundId":"{REFUND}","chargeId":"{CHARGE}","refundAmount":{},"statusDetails":{},"creationTimestamp":"{at}"}}"#,
            usd("7.00"),
            status(state)
        )
    };
    vec![
        json(200, session("Open", "")),
        json(
            200,
            session(
                "Completed",
                &format!(r#""chargePermissionId":"{PERMISSION}","chargeId":"{CHARGE}","#),
            ),
        ),
        json(
            200,
            format!(
                r#"{{"chargePermissionId":"{PERMISSION}","chargePermissionType":"OneTime","limits":{{"amountLimit":{},"amountBalance":{}}},"statusDetails":{{"state":"Chargeable","lastUpdatedTimestamp":"{at}"}},"creationTimestamp":"{at}"}}"#,
                usd("14.00"),
                usd("0.00")
            ),
        ),
        json(200, charge("Authorized", "null")),
        // Throttled once: the capture is re-signed and sent again, same key.
        json(
            429,
            r#"{"reasonCode":"TooManyRequests","message":"slow down"}"#,
        ),
        json(200, charge("Captured", &usd("14.00"))),
        json(201, refund("RefundInitiated")),
        json(200, refund("RefundInitiated")),
        json(200, refund("Refunded")),
        json(
            200,
            format!(
                r#"{{"chargePermissionId":"{PERMISSION}","deliveryDetails":[{{"trackingNumber":"1Z999AA10123456784","carrierCode":"UPS"}}]}}"#
            ),
        ),
    ]
}

/// The example's binary, built by `cargo test` next to the test binaries.
fn example(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().and_then(|deps| deps.parent()).unwrap();
    let path = dir.join("examples").join(name);
    let source = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/").to_owned() + name + ".rs";
    let modified = |path: &std::path::Path| std::fs::metadata(path).and_then(|m| m.modified());
    let fresh = match (modified(&path), modified(source.as_ref())) {
        (Ok(built), Ok(written)) => built >= written,
        _ => false,
    };
    assert!(
        fresh,
        "{} is missing or older than its source: run `cargo test` without target filters, which builds the examples",
        path.display()
    );
    path
}

fn run_flow(name: &str) {
    let server = Server::start(script());
    let key = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/vectors/keys/rsa2048.pkcs8.pem"
    );
    let output = Command::new(example(name))
        .env("AMAZON_PAY_PUBLIC_KEY_ID", support::KEY_ID)
        .env("AMAZON_PAY_PRIVATE_KEY", key)
        .env("AMAZON_PAY_CHECKOUT_SESSION_ID", SESSION)
        .env("AMAZON_PAY_LOOPBACK", server.addr.to_string())
        .env("AMAZON_PAY_POLL_SECONDS", "0")
        .env_remove("AMAZON_PAY_REGION")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("refund of 28.00 USD refused before sending"),
        "{stdout}"
    );
    assert!(stdout.contains("Refunded"), "{stdout}");
    let seen = server.finish();
    let calls: Vec<String> = seen
        .iter()
        .map(|s| format!("{} {}", s.method, s.target))
        .collect();
    assert_eq!(
        calls,
        [
            format!("GET /v2/checkoutSessions/{SESSION}"),
            format!("POST /v2/checkoutSessions/{SESSION}/complete"),
            format!("GET /v2/chargePermissions/{PERMISSION}"),
            format!("GET /v2/charges/{CHARGE}"),
            format!("POST /v2/charges/{CHARGE}/capture"),
            format!("POST /v2/charges/{CHARGE}/capture"),
            "POST /v2/refunds".to_owned(),
            format!("GET /v2/refunds/{REFUND}"),
            format!("GET /v2/refunds/{REFUND}"),
            "POST /v2/deliveryTrackers".to_owned(),
        ]
    );
    // The retried capture: one key, fresh signature, same body.
    support::assert_one_call(&seen[4..6]);
    assert!(seen[4].idempotency_key.is_some());
    assert_ne!(seen[4].idempotency_key, seen[6].idempotency_key);
}

#[test]
fn blocking_seed_flow_runs_against_a_verifying_server() {
    run_flow("seed_flow");
}

#[cfg(feature = "reqwest")]
#[test]
fn async_seed_flow_runs_against_a_verifying_server() {
    run_flow("seed_flow_async");
}
