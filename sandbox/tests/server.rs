//! The sandbox over HTTP on 127.0.0.1 (port 0), driven by the client crate
//! and a plain HTTP agent for the buyer's page and the admin namespace.

mod support;

use std::io::{Read, Write};
use std::net::TcpStream;

use amazon_pay_client::Client;
use amazon_pay_core::model::{ChargeState, PaymentIntent, RefundState};
use amazon_pay_core::operation::{
    CaptureCharge, CheckoutWebDetails, CompleteCheckoutSession, CreateCheckoutSession,
    CreateRefund, GetCharge, GetRefund, UpdateCheckoutSession, UpdatePaymentDetails,
};
use amazon_pay_core::sign::DefaultSigner;
use amazon_pay_core::{Config, PublicKeyId, Region};
use amazon_pay_sandbox::{Sandbox, Server};
use support::{KEY_ID, PEM, usd};

const PUBLIC_PEM: &str = include_str!("../../tests/vectors/keys/rsa2048.spki.pem");

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into()
}

fn start() -> (Server, Client<amazon_pay_client::UreqTransport>) {
    let server = Server::start(Sandbox::new(Region::Na), "127.0.0.1:0".parse().unwrap()).unwrap();
    // Register the key through the admin namespace.
    let url = format!("{}/__sandbox/keys/{KEY_ID}", server.url());
    let answer = agent().put(&url).send(PUBLIC_PEM).unwrap();
    assert_eq!(answer.status(), 200);
    let config = Config::new(Region::Na, PublicKeyId::parse(KEY_ID).unwrap())
        .with_loopback_http(&server.addr().to_string())
        .unwrap();
    let client = Client::ureq(config, DefaultSigner::from_pem(PEM).unwrap());
    (server, client)
}

fn body(response: ureq::http::Response<ureq::Body>) -> String {
    response.into_body().read_to_string().unwrap()
}

#[test]
fn a_checkout_over_http_with_the_buyer_page() {
    let (server, client) = start();
    let key = amazon_pay_client::idempotency_key().unwrap();
    let created = client
        .call(CreateCheckoutSession::new(
            "amzn1.application-oa2-client.sandbox",
            CheckoutWebDetails::review("https://shop.example/review"),
            key,
        ))
        .unwrap();
    let id = created.checkout_session_id.unwrap();
    let update = UpdateCheckoutSession::new(id.clone())
        .with_checkout_result_return_url("https://shop.example/result")
        .with_payment_details(UpdatePaymentDetails::new(
            PaymentIntent::Authorize,
            usd("25.00"),
        ));
    let updated = client.call(update).unwrap();
    let page_url = updated
        .web_checkout_details
        .and_then(|w| w.amazon_pay_redirect_url)
        .unwrap();
    assert_eq!(page_url, format!("{}/__sandbox/buyer/{id}", server.url()));

    // The buyer's page lists the test cards; choosing one redirects back.
    let page = body(agent().get(&page_url).call().unwrap());
    assert!(page.contains("25.00 USD"), "{page}");
    assert!(page.contains("id=\"card-1111\""), "{page}");
    let approve = agent()
        .get(&format!("{page_url}/approve?card=1111"))
        .call()
        .unwrap();
    assert_eq!(approve.status(), 302);
    let location = approve.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(
        location,
        format!("https://shop.example/result?amazonCheckoutSessionId={id}")
    );

    let completed = client
        .call(CompleteCheckoutSession::new(id, usd("25.00")))
        .unwrap();
    let charge = completed.charge_id.unwrap();
    let captured = client
        .call(CaptureCharge::new(
            charge.clone(),
            usd("25.00"),
            amazon_pay_client::idempotency_key().unwrap(),
        ))
        .unwrap();
    assert_eq!(captured.state(), Some(&ChargeState::Captured));
    let refund = client
        .call(CreateRefund::new(
            charge,
            usd("5.00"),
            amazon_pay_client::idempotency_key().unwrap(),
        ))
        .unwrap();
    let refund_id = refund.refund_id.unwrap();

    // Time travel through the admin namespace.
    let clock = agent()
        .post(&format!(
            "{}/__sandbox/clock?advanceSeconds=10",
            server.url()
        ))
        .send_empty()
        .unwrap();
    assert!(body(clock).contains("\"offsetSeconds\":10"));
    let refund = client.call(GetRefund::new(refund_id)).unwrap();
    assert_eq!(refund.state(), Some(&RefundState::Refunded));
    let state = body(
        agent()
            .get(&format!("{}/__sandbox/state", server.url()))
            .call()
            .unwrap(),
    );
    assert!(state.contains("\"refunds\":1"), "{state}");
    assert_eq!(server.sandbox().counts().charges, 1);
}

/// The dashboard (`GET /__sandbox/`): every object with its timeline, the
/// requests with their answers (a refusal with its reasonCode), and the
/// clock form, which moves the clock and redirects back.
#[test]
fn the_dashboard_shows_objects_requests_and_the_clock() {
    let (server, client) = start();
    let key = amazon_pay_client::idempotency_key().unwrap();
    let created = client
        .call(CreateCheckoutSession::new(
            "amzn1.application-oa2-client.sandbox",
            CheckoutWebDetails::review("https://shop.example/review"),
            key,
        ))
        .unwrap();
    let id = created.checkout_session_id.unwrap();
    // A refused call, to be listed with Amazon's reasonCode.
    let refused = client.call(CompleteCheckoutSession::new(id.clone(), usd("1.00")));
    assert!(refused.is_err());
    let dashboard = format!("{}/__sandbox/", server.url());
    let page = body(agent().get(&dashboard).call().unwrap());
    assert!(page.contains(&format!("<td>{id}</td>")), "{page}");
    assert!(page.contains("Open 2"), "the session's timeline: {page}");
    assert!(page.contains("Create Checkout Session"), "{page}");
    assert!(page.contains("InvalidCheckoutSessionStatus"), "{page}");
    assert!(page.contains("id=\"advance\""), "{page}");
    // The form: the clock moves, the answer leads back to the page.
    let moved = agent()
        .post(&format!("{}/__sandbox/clock", server.url()))
        .header("content-type", "application/x-www-form-urlencoded")
        .send("advanceSeconds=90000")
        .unwrap();
    assert_eq!(moved.status(), 303);
    assert_eq!(moved.headers()["location"], "/__sandbox/");
    let page = body(agent().get(&dashboard).call().unwrap());
    assert!(page.contains("<span id=\"offset\">90000</span>"), "{page}");
    // 25 hours later the session expired: its timeline shows both states.
    assert!(
        page.contains("Open 2") && page.contains("→ Canceled 2"),
        "{page}"
    );
}

#[test]
fn concurrent_requests_are_all_answered() {
    let (server, _) = start();
    let addr = server.addr().to_string();
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let addr = addr.clone();
            std::thread::spawn(move || {
                let config = Config::new(Region::Na, PublicKeyId::parse(KEY_ID).unwrap())
                    .with_loopback_http(&addr)
                    .unwrap();
                let client = Client::ureq(config, DefaultSigner::from_pem(PEM).unwrap());
                for _ in 0..10 {
                    let err = client
                        .call(GetCharge::new("S01-0000000-0000000-C0000001"))
                        .unwrap_err();
                    assert_eq!(err.api_error().map(|e| e.status()), Some(404));
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
}

#[test]
fn malformed_http_gets_a_400_and_the_connection_closes() {
    let (server, _) = start();
    let mut stream = TcpStream::connect(server.addr()).unwrap();
    stream.write_all(b"NONSENSE\r\n\r\n").unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(answer.contains("InvalidRequest"), "{answer}");
    // An unsigned request to Amazon's paths: MissingHeader.
    let answer = agent()
        .get(&format!("{}/v2/charges/S01-1-C1", server.url()))
        .call()
        .unwrap();
    assert_eq!(answer.status(), 400);
    assert!(body(answer).contains("MissingHeader"));
}

#[test]
fn the_fault_plan_over_http() {
    let (server, client) = start();
    let client = client.with_retry_policy(amazon_pay_core::exchange::RetryPolicy::never());
    let faults = format!("{}/__sandbox/faults", server.url());
    let set = agent()
        .put(&faults)
        .send(r#"{"seed":1,"lostPercent":100}"#)
        .unwrap();
    assert_eq!(set.status(), 200);
    let lost = client
        .call(GetCharge::new("S01-0000000-0000000-C0000001"))
        .unwrap_err();
    match &lost {
        amazon_pay_client::Error::Transport { last, .. } => assert_eq!(
            last.kind(),
            amazon_pay_core::exchange::TransportError::ConnectionReset
        ),
        other => panic!("{other:?}"),
    }
    agent()
        .put(&faults)
        .send(r#"{"seed":1,"htmlPercent":100}"#)
        .unwrap();
    let html = client
        .call(GetCharge::new("S01-0000000-0000000-C0000001"))
        .unwrap_err();
    assert_eq!(html.api_error().map(|e| e.status()), Some(502));
    let cleared = agent().delete(&faults).call().unwrap();
    assert_eq!(cleared.status(), 200);
    let unknown = client
        .call(GetCharge::new("S01-0000000-0000000-C0000001"))
        .unwrap_err();
    assert_eq!(unknown.api_error().map(|e| e.status()), Some(404));
}

#[test]
fn https_with_the_generated_ca() {
    use ureq::tls::{Certificate, RootCerts, TlsConfig};
    let localhost: std::net::SocketAddr = "127.0.0.1:0".parse().unwrap();
    let server =
        Server::start_with(Sandbox::new(Region::Na), Some(localhost), Some(localhost)).unwrap();
    server.sandbox().register_key(
        KEY_ID,
        amazon_pay_core::sign::PublicKey::from_pem(PUBLIC_PEM).unwrap(),
    );
    let https = server.https_addr().unwrap();
    let ca = Certificate::from_pem(server.ca_pem().unwrap().as_bytes()).unwrap();
    let tls = TlsConfig::builder()
        .root_certs(RootCerts::new_with_certs(&[ca]))
        .build();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .tls_config(tls)
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into();
    // Signed for the HTTPS address: an HTTPS config (the host override).
    let config = Config::new(Region::Na, PublicKeyId::parse(KEY_ID).unwrap())
        .with_host(&https.to_string())
        .unwrap();
    let client = Client::new(
        config,
        DefaultSigner::from_pem(PEM).unwrap(),
        amazon_pay_client::UreqTransport::with_agent(agent.clone()),
    );
    let err = client
        .call(GetCharge::new("S01-0000000-0000000-C0000001"))
        .unwrap_err();
    assert_eq!(err.api_error().map(|e| e.status()), Some(404), "{err}");
    // An agent that does not trust the CA is refused by TLS.
    let untrusting: ureq::Agent = ureq::Agent::config_builder().build().into();
    assert!(
        untrusting
            .get(&format!("https://{https}/__sandbox/state"))
            .call()
            .is_err()
    );
    // The same server still answers plain HTTP, signed for its HTTP address.
    let state = body(
        agent
            .get(&format!("{}/__sandbox/state", server.url()))
            .call()
            .unwrap(),
    );
    assert!(state.contains("checkoutSessions"));
}

/// The README's shop checkout (`examples/shop.rs`), run as a program
/// against the server, as the README tells a newcomer to run it.
#[test]
fn the_readme_shop_example_runs_against_the_server() {
    let (server, _) = start();
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().and_then(|deps| deps.parent()).unwrap();
    let example = dir.join("examples").join("shop");
    assert!(
        example.exists(),
        "{} is missing: run `cargo test` without target filters, which builds the examples",
        example.display()
    );
    let output = std::process::Command::new(example)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .env("AMAZON_PAY_SANDBOX", server.addr().to_string())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("https://shop.example/result?amazonCheckoutSessionId="),
        "{stdout}"
    );
    assert!(
        stdout.contains("refund of 40.00 USD: refunding 40.00 USD"),
        "{stdout}"
    );
    assert!(
        stdout.contains("is Captured; 23.75 USD can still be refunded"),
        "{stdout}"
    );
    // The refused refund never reached the sandbox: one refund there.
    assert_eq!(server.sandbox().counts().refunds, 1);
}

/// The README shows `examples/shop.rs` as it is: the code from its first
/// `use` to its end, unchanged.
#[test]
fn the_readme_shows_the_shop_example_unchanged() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let example = std::fs::read_to_string(format!("{root}/sandbox/examples/shop.rs")).unwrap();
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    let code = &example[example.find("use amazon_pay_client").unwrap()..];
    assert!(
        readme.contains(code),
        "README.md no longer shows sandbox/examples/shop.rs as it is; copy the code again"
    );
}

/// The seed line the `amazon-pay-sandbox` binary prints when it starts
/// with `args`; the process is stopped after it.
fn started_seed(args: &[&str]) -> u64 {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_amazon-pay-sandbox"))
        .args(["--listen", "127.0.0.1:0"])
        .args(args)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut seed = None;
    for line in std::io::BufReader::new(stdout).lines() {
        let line = line.unwrap();
        if let Some(rest) = line.strip_prefix("amazon-pay-sandbox: ids seeded with ") {
            seed = rest.split(' ').next().and_then(|n| n.parse().ok());
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    seed.expect("the binary prints its seed")
}

#[test]
fn ids_differ_between_two_starts_unless_a_seed_is_given() {
    let (a, b) = (started_seed(&[]), started_seed(&[]));
    assert_ne!(a, b, "two starts, two seeds");
    assert_eq!(started_seed(&["--seed", "42"]), 42);
    // In process: one seed, the same ids; another seed, others.
    let ids = |seed| {
        let mut m = support::Merchant::with_sandbox(Sandbox::new(Region::Na).with_seed(seed));
        let first = m.session(
            amazon_pay_core::model::PaymentIntent::Authorize,
            "1.00",
            false,
        );
        let second = m.session(
            amazon_pay_core::model::PaymentIntent::Authorize,
            "1.00",
            false,
        );
        (first, second)
    };
    assert_eq!(ids(7), ids(7));
    assert_ne!(ids(7), ids(8));
    assert_ne!(ids(7).0, ids(7).1);
}

/// `--tls-name pay-api.amazon.com`: the sandbox's certificate names Amazon's
/// host, a TLS client that asks for that name (as an SDK behind a
/// hosts-file entry does) completes the handshake trusting the sandbox's
/// CA, and a request signed for that host is accepted.
#[test]
fn tls_for_amazons_own_host_name() {
    use std::io::{Read, Write};
    use std::sync::Arc;

    use amazon_pay_core::Timestamp;
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, ServerName};

    let localhost: std::net::SocketAddr = "127.0.0.1:0".parse().unwrap();
    let names = ["pay-api.amazon.com".to_owned()];
    let server =
        Server::start_named(Sandbox::new(Region::Na), None, Some(localhost), &names).unwrap();
    server.sandbox().register_key(
        KEY_ID,
        amazon_pay_core::sign::PublicKey::from_pem(PUBLIC_PEM).unwrap(),
    );
    let mut roots = rustls::RootCertStore::empty();
    let ca = CertificateDer::from_pem_slice(server.ca_pem().unwrap().as_bytes()).unwrap();
    roots.add(ca).unwrap();
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let client = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let name = ServerName::try_from("pay-api.amazon.com").unwrap();
    let connection = rustls::ClientConnection::new(Arc::new(client), name).unwrap();
    let tcp = std::net::TcpStream::connect(server.https_addr().unwrap()).unwrap();
    let mut tls = rustls::StreamOwned::new(connection, tcp);

    // A request signed for Amazon's host (no port: 443).
    let config = Config::new(Region::Na, PublicKeyId::parse(KEY_ID).unwrap())
        .with_host("pay-api.amazon.com")
        .unwrap();
    let request = amazon_pay_core::operation::ApiOperation::into_request(
        &GetCharge::new("S01-0000000-0000000-C0000001"),
        &config,
    )
    .unwrap();
    let now =
        Timestamp::from_offset_date_time(amazon_pay_core::time::OffsetDateTime::now_utc()).unwrap();
    let signed = request
        .sign(
            &config,
            &DefaultSigner::from_pem(PEM).unwrap(),
            now,
            &mut |b: &mut [u8]| b.fill(9),
        )
        .unwrap();
    let target = signed
        .url()
        .trim_start_matches("https://pay-api.amazon.com")
        .to_owned();
    let mut head =
        format!("GET {target} HTTP/1.1\r\nhost: pay-api.amazon.com\r\nconnection: close\r\n");
    for (name, value) in signed.headers() {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    tls.write_all(head.as_bytes()).unwrap();
    let mut answer = String::new();
    let _ = tls.read_to_string(&mut answer);
    // Authenticated, then Amazon's 404 for the unknown charge.
    assert!(answer.starts_with("HTTP/1.1 404"), "{answer}");
    assert!(answer.contains("ResourceNotFound"), "{answer}");
}
