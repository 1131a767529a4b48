//! The buyer's page in real headless Chromium (Debian's `chromium`, driven
//! by playwright-core from `sandbox/tests/browser`): a whole checkout where
//! the buyer opens `amazonPayRedirectUrl`, chooses a card and lands back on
//! the shop's result page with `amazonCheckoutSessionId`. `.ci/run`
//! installs Chromium and runs it with `-- --ignored`.

mod support;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::process::Command;
use std::sync::mpsc;

use amazon_pay_client::Client;
use amazon_pay_core::model::{CheckoutSessionState, PaymentIntent};
use amazon_pay_core::operation::{
    CheckoutWebDetails, CompleteCheckoutSession, CreateCheckoutSession, UpdateCheckoutSession,
    UpdatePaymentDetails,
};
use amazon_pay_core::sign::{DefaultSigner, PublicKey};
use amazon_pay_core::{Config, PublicKeyId, Region};
use amazon_pay_sandbox::{Sandbox, Server};
use support::{KEY_ID, PEM, usd};

const PUBLIC_PEM: &str = include_str!("../../tests/vectors/keys/rsa2048.spki.pem");

/// The shop's result page on loopback: records the first request's target.
fn shop() -> (String, mpsc::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/result", listener.local_addr().unwrap());
    let (sender, receiver) = mpsc::channel();
    listener.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        // Answers until the result page was visited, or 30 s passed.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while std::time::Instant::now() < deadline {
            let mut stream = match listener.accept() {
                Ok((stream, _)) => stream,
                Err(_) => {
                    std::thread::sleep(std::time::Duration::from_millis(10));
                    continue;
                }
            };
            let _ = stream.set_nonblocking(false);
            let mut line = String::new();
            let _ = BufReader::new(&stream).read_line(&mut line);
            let target = line
                .split_whitespace()
                .nth(1)
                .unwrap_or_default()
                .to_owned();
            let page = "<html><body>Thank you for your order</body></html>";
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{page}",
                page.len()
            );
            if target.starts_with("/result") {
                let _ = sender.send(target);
                return;
            }
        }
    });
    (url, receiver)
}

/// Runs `script` from `tests/browser` with `env`; the JSON it prints.
fn node(script: &str, env: &[(&str, String)]) -> serde_json::Value {
    let browser = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/browser");
    let output = Command::new("node")
        .arg(format!("{browser}/{script}"))
        .current_dir(browser)
        .envs(env.iter().map(|(name, value)| (*name, value.as_str())))
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{script}: {stdout}\n{stderr}");
    serde_json::from_str(stdout.trim()).unwrap()
}

#[test]
#[ignore = "needs Chromium (/usr/bin/chromium) and `npm ci --prefix sandbox/tests/browser`"]
fn a_buyer_checks_out_in_headless_chromium() {
    let server = Server::start(Sandbox::new(Region::Na), "127.0.0.1:0".parse().unwrap()).unwrap();
    server
        .sandbox()
        .register_key(KEY_ID, PublicKey::from_pem(PUBLIC_PEM).unwrap());
    let config = Config::new(Region::Na, PublicKeyId::parse(KEY_ID).unwrap())
        .with_loopback_http(&server.addr().to_string())
        .unwrap();
    let client = Client::ureq(config, DefaultSigner::from_pem(PEM).unwrap());
    let (shop_url, visits) = shop();

    let created = client
        .call(CreateCheckoutSession::new(
            "amzn1.application-oa2-client.sandbox",
            CheckoutWebDetails::review(format!("{shop_url}/review")),
            amazon_pay_client::idempotency_key().unwrap(),
        ))
        .unwrap();
    let id = created.checkout_session_id.unwrap();
    let updated = client
        .call(
            UpdateCheckoutSession::new(id.clone())
                .with_checkout_result_return_url(&shop_url)
                .with_payment_details(UpdatePaymentDetails::new(
                    PaymentIntent::Authorize,
                    usd("19.99"),
                )),
        )
        .unwrap();
    let redirect = updated
        .web_checkout_details
        .and_then(|w| w.amazon_pay_redirect_url)
        .unwrap();

    let seen = node(
        "buyer.js",
        &[
            ("REDIRECT_URL", redirect.clone()),
            ("SHOP_URL", shop_url.clone()),
            ("CARD", "4444".to_owned()),
        ],
    );
    assert!(
        seen["summary"].as_str().unwrap().contains("19.99 USD"),
        "{seen}"
    );
    assert_eq!(
        seen["landed"].as_str().unwrap(),
        format!("{shop_url}?amazonCheckoutSessionId={id}")
    );
    assert_eq!(seen["shop"], "Thank you for your order");
    let visit = visits
        .recv_timeout(std::time::Duration::from_secs(5))
        .unwrap();
    assert_eq!(visit, format!("/result?amazonCheckoutSessionId={id}"));

    // The shop completes the checkout the buyer approved in the browser.
    let completed = client
        .call(CompleteCheckoutSession::new(id.clone(), usd("19.99")))
        .unwrap();
    assert_eq!(completed.state(), Some(&CheckoutSessionState::Completed));
    let charge = completed.charge_id.unwrap();

    // The dashboard, in the same browser: the objects with their states,
    // the requests, and the clock advanced with the page's own form — 31
    // days, past the authorization's 30-day expiry. A screenshot is saved.
    let screenshot =
        std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("sandbox-dashboard.png");
    let _ = std::fs::remove_file(&screenshot);
    let seen = node(
        "dashboard.js",
        &[
            ("DASHBOARD_URL", format!("{}/__sandbox/", server.url())),
            ("SCREENSHOT", screenshot.display().to_string()),
            ("ADVANCE", (31 * 24 * 3600).to_string()),
        ],
    );
    let row = |rows: &serde_json::Value, id: &str| -> Vec<String> {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|row| row[1] == id)
            .unwrap_or_else(|| panic!("{id} not listed: {rows}"))
            .as_array()
            .unwrap()
            .iter()
            .map(|cell| cell.as_str().unwrap().to_owned())
            .collect()
    };
    let session = row(&seen["objects"], id.as_str());
    assert_eq!(session[2], "Completed", "{session:?}");
    assert!(
        session[3].starts_with("Open ") && session[3].contains("→ Completed"),
        "{session:?}"
    );
    assert_eq!(row(&seen["objects"], charge.as_str())[2], "Authorized");
    let operations: Vec<&str> = seen["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r[2].as_str().unwrap())
        .collect();
    assert!(
        operations.contains(&"Complete Checkout Session"),
        "{operations:?}"
    );
    assert_eq!(seen["offsetBefore"], "0");
    assert_eq!(seen["offsetAfter"], (31 * 24 * 3600).to_string());
    assert_eq!(seen["landed"], format!("{}/__sandbox/", server.url()));
    let charge_after = row(&seen["after"], charge.as_str());
    assert_eq!(
        charge_after[2], "Canceled",
        "expired unused: {charge_after:?}"
    );
    let png = std::fs::read(&screenshot).expect("the screenshot was saved");
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "{} bytes",
        png.len()
    );
    eprintln!("dashboard screenshot: {}", screenshot.display());
}
