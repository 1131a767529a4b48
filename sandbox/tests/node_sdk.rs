//! Amazon's official Node.js SDK (`@amazonpay/amazon-pay-api-sdk-nodejs`,
//! installed by `npm ci --prefix tests/interop`), unmodified, runs a whole
//! checkout against the sandbox over HTTPS; the sandbox verifies every
//! request's signature. Needs Node.js: `.ci/run` runs it with
//! `cargo test -p amazon-pay-sandbox --test node_sdk -- --ignored`.

use std::path::PathBuf;
use std::process::Command;

use amazon_pay_core::Region;
use amazon_pay_core::sign::PublicKey;
use amazon_pay_sandbox::{Sandbox, Server};

const KEY_ID: &str = "SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B";

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
#[ignore = "needs Node.js and `npm ci --prefix tests/interop`"]
fn the_official_node_sdk_runs_a_checkout_over_https() {
    let root = repository();
    let localhost = "127.0.0.1:0".parse().unwrap();
    let server =
        Server::start_with(Sandbox::new(Region::Na), Some(localhost), Some(localhost)).unwrap();
    let public = std::fs::read_to_string(root.join("tests/vectors/keys/rsa2048.spki.pem")).unwrap();
    server
        .sandbox()
        .register_key(KEY_ID, PublicKey::from_pem(&public).unwrap());
    let ca = std::env::temp_dir().join(format!("amazon-pay-sandbox-ca-{}.pem", std::process::id()));
    std::fs::write(&ca, server.ca_pem().unwrap()).unwrap();
    let output = Command::new("node")
        .arg(root.join("sandbox/tests/node/checkout.js"))
        .env("NODE_PATH", root.join("tests/interop/node_modules"))
        .env("NODE_EXTRA_CA_CERTS", &ca)
        .env("PUBLIC_KEY_ID", KEY_ID)
        .env(
            "PRIVATE_KEY",
            root.join("tests/vectors/keys/rsa2048.pkcs8.pem"),
        )
        .env("SANDBOX_HOST", server.https_addr().unwrap().to_string())
        .env("SANDBOX_HTTP", server.url())
        .output()
        .expect("node runs");
    let _ = std::fs::remove_file(&ca);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    let steps: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    let value = |name: &str| {
        steps
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["step"] == name)
            .map(|s| s["value"].clone())
            .unwrap_or_else(|| panic!("no step {name}: {stdout}"))
    };
    assert_eq!(value("create"), 201);
    assert_eq!(value("buyer chose a card"), 302);
    assert_eq!(value("get"), "Open");
    assert_eq!(value("update"), true);
    assert!(
        value("buyer confirmed")
            .as_str()
            .unwrap()
            .contains("amazonCheckoutSessionId=")
    );
    assert_eq!(value("complete"), "Completed");
    assert_eq!(value("get charge permission"), "Chargeable");
    assert_eq!(value("capture"), "Captured");
    assert_eq!(value("refund"), "RefundInitiated");
    assert_eq!(value("get refund"), "RefundInitiated");
    assert_eq!(value("delivery tracker"), 200);
    assert_eq!(value("second capture"), "422 InvalidChargeStatus");
    let counts = server.sandbox().counts();
    assert_eq!(
        (
            counts.sessions,
            counts.charges,
            counts.refunds,
            counts.delivery_trackers
        ),
        (1, 1, 1, 1)
    );
}
