//! The sandbox's IPNs, end to end in-process: every state change of a
//! permission, charge or refund is announced in a signed SNS envelope; the
//! merchant verifies each with the core's `notification::verify`, drops
//! duplicates by message id, sends the Get it names and hands the answer to
//! its Ledger — which ends equal to the sandbox's truth.

mod support;

use std::collections::BTreeSet;

use amazon_pay_core::lifecycle::{ChargePermissionLifecycle, Ledger};
use amazon_pay_core::model::{ChargeState, PaymentIntent, RefundState};
use amazon_pay_core::notification::{Envelope, FollowUp, Ipn, NotificationError, verify};
use amazon_pay_core::operation::{GetCharge, GetChargePermission};
use amazon_pay_core::time::Duration;
use amazon_pay_core::{ApiVersion, Region};
use amazon_pay_sandbox::TestPaymentMethod;
use amazon_pay_sandbox::ipn::{CERTIFICATE_PATH, IpnSigner, QueuedIpn, trust_policy};
use support::{Merchant, usd};

struct Handler {
    seen: BTreeSet<String>,
    duplicates: usize,
    announced: Vec<(&'static str, String)>,
}

impl Handler {
    /// Verifies, de-duplicates and follows up every queued IPN.
    fn drain(&mut self, m: &mut Merchant, ledger: &mut Ledger, pem: &str) {
        let policy = trust_policy(m.sandbox.host()).unwrap();
        for QueuedIpn {
            body,
            object_type,
            state,
            ..
        } in m.sandbox.take_ipns()
        {
            let envelope = Envelope::parse(&body).unwrap();
            let Ipn::Payment {
                message_id,
                notification,
            } = verify(&envelope, pem.as_bytes(), m.now, &policy).unwrap()
            else {
                panic!("a payment notification");
            };
            if !self.seen.insert(message_id) {
                self.duplicates += 1;
                continue;
            }
            self.announced.push((object_type, state));
            match notification.follow_up() {
                FollowUp::GetChargePermission(get) => {
                    ledger.observe_permission(&m.call(&get).unwrap()).unwrap();
                }
                FollowUp::GetCharge(get) => {
                    ledger.observe_charge(&m.call(&get).unwrap()).unwrap();
                }
                FollowUp::GetRefund(get) => {
                    ledger.observe_refund(&m.call(&get).unwrap()).unwrap();
                }
                other => panic!("unexpected {other:?}"),
            }
        }
    }
}

#[test]
fn every_change_is_announced_verified_and_followed_into_the_ledger() {
    let mut m = Merchant::new();
    let signer = IpnSigner::generate().unwrap();
    let pem = signer.certificate_pem().to_owned();
    let url = format!("https://{}{CERTIFICATE_PATH}", m.sandbox.host());
    m.sandbox.enable_ipn(signer, url);
    m.sandbox.set_ipn_duplicates(2);
    let mut handler = Handler {
        seen: BTreeSet::new(),
        duplicates: 0,
        announced: Vec::new(),
    };

    let completed = m
        .completed(
            PaymentIntent::Authorize,
            "50.00",
            TestPaymentMethod::PendingThenAuthorized,
            true,
        )
        .unwrap();
    let permission_id = completed.charge_permission_id.unwrap();
    let charge = completed.charge_id.unwrap();
    let permission = m
        .call(&GetChargePermission::new(permission_id.clone()))
        .unwrap();
    let lifecycle = ChargePermissionLifecycle::from_model(&permission, ApiVersion::V2).unwrap();
    let mut ledger = Ledger::new(permission_id.clone(), lifecycle, Region::Na);
    handler.drain(&mut m, &mut ledger, &pem);
    assert_eq!(
        ledger.charge(&charge).unwrap().lifecycle().state(),
        &ChargeState::AuthorizationInitiated
    );

    // The pending authorization resolves 30 s later; the IPN says so.
    m.wait(31);
    m.sandbox.advance(m.now, Duration::ZERO);
    handler.drain(&mut m, &mut ledger, &pem);
    assert_eq!(
        ledger.charge(&charge).unwrap().lifecycle().state(),
        &ChargeState::Authorized
    );

    // Capture and refund through the ledger; the IPNs follow.
    let key = m.key();
    let capture = ledger
        .request_capture(&charge, usd("50.00"), key, m.now)
        .unwrap();
    let captured = m.call(&capture).unwrap();
    ledger.charge_answered(Ok(&captured)).unwrap();
    let key = m.key();
    let refund = ledger
        .request_refund(&charge, usd("20.00"), key, m.now)
        .unwrap();
    let refunded = m.call(&refund).unwrap();
    ledger.refund_answered(Ok(&refunded)).unwrap();
    handler.drain(&mut m, &mut ledger, &pem);
    m.wait(11);
    m.sandbox.advance(m.now, Duration::ZERO);
    handler.drain(&mut m, &mut ledger, &pem);

    // The ledger equals the sandbox's truth.
    let truth = m.sandbox.ledger(&permission_id).unwrap();
    let (theirs, ours) = (
        truth.charge(&charge).unwrap(),
        ledger.charge(&charge).unwrap(),
    );
    assert_eq!(theirs.lifecycle().state(), ours.lifecycle().state());
    assert_eq!(ours.lifecycle().state(), &ChargeState::Captured);
    assert_eq!(ours.refunds().len(), 1);
    assert_eq!(
        ours.refunds()[0].lifecycle().state(),
        &RefundState::Refunded
    );
    assert_eq!(
        theirs.refunds()[0].lifecycle().state(),
        ours.refunds()[0].lifecycle().state()
    );
    assert_eq!(
        m.call(&GetCharge::new(charge.clone()))
            .unwrap()
            .status_details
            .unwrap()
            .state,
        Some(ChargeState::Captured)
    );

    // Every change was announced once (duplicates dropped), in order.
    let states: Vec<String> = handler
        .announced
        .iter()
        .map(|(kind, state)| format!("{kind} {state}"))
        .collect();
    let expected = [
        "CHARGE AuthorizationInitiated",
        "CHARGE Authorized",
        "CHARGE Captured",
        "REFUND RefundInitiated",
        "REFUND Refunded",
    ];
    let charges_and_refunds: Vec<&str> = states
        .iter()
        .map(String::as_str)
        .filter(|s| !s.starts_with("CHARGE_PERMISSION"))
        .collect();
    assert_eq!(charges_and_refunds, expected);
    assert!(
        states.iter().any(|s| s.starts_with("CHARGE_PERMISSION ")),
        "{states:?}"
    );
    assert!(
        handler.duplicates >= 2,
        "duplicates: {}",
        handler.duplicates
    );
    assert!(m.sandbox.take_ipns().is_empty());
}

#[test]
fn sandbox_ipns_are_refused_by_a_policy_that_does_not_trust_the_sandbox() {
    let mut m = Merchant::new();
    let signer = IpnSigner::generate().unwrap();
    let pem = signer.certificate_pem().to_owned();
    let url = format!("https://{}{CERTIFICATE_PATH}", m.sandbox.host());
    m.sandbox.enable_ipn(signer, url);
    m.completed(
        PaymentIntent::Authorize,
        "5.00",
        TestPaymentMethod::Success("1111"),
        false,
    )
    .unwrap();
    let ipns = m.sandbox.take_ipns();
    assert!(!ipns.is_empty());
    let envelope = Envelope::parse(&ipns[0].body).unwrap();
    // Amazon's default policy: the sandbox's URL is not an SNS URL.
    let strict = amazon_pay_core::notification::TrustPolicy::amazon_sns();
    assert!(matches!(
        verify(&envelope, pem.as_bytes(), m.now, &strict),
        Err(NotificationError::CertificateHostNotTrusted { .. })
    ));
    // Another sandbox's certificate does not verify this one's messages.
    let other = IpnSigner::generate().unwrap();
    let policy = trust_policy(m.sandbox.host()).unwrap();
    assert_eq!(
        verify(
            &envelope,
            other.certificate_pem().as_bytes(),
            m.now,
            &policy
        ),
        Err(NotificationError::BadSignature)
    );
    verify(&envelope, pem.as_bytes(), m.now, &policy).unwrap();
}

/// Runs `examples/ipn_handler.rs` (built by `cargo test` before the tests):
/// the sandbox server POSTs IPNs over HTTP, the client's `IpnVerifier`
/// fetches the certificate over HTTPS and verifies, duplicates are dropped,
/// the ledger ends equal to the sandbox's.
#[test]
fn the_ipn_handler_example_runs_end_to_end_against_the_server() {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().and_then(|deps| deps.parent()).unwrap();
    let path = dir.join("examples").join("ipn_handler");
    let source = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/ipn_handler.rs");
    let modified = |p: &std::path::Path| std::fs::metadata(p).and_then(|m| m.modified());
    assert!(
        matches!((modified(&path), modified(source.as_ref())), (Ok(built), Ok(written)) if built >= written),
        "{} is missing or older than its source: run `cargo test` without target filters",
        path.display()
    );
    let output = std::process::Command::new(path).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for line in [
        "Get Charge → Added { state: Authorized }",
        "Get Refund → Applied { from: RefundInitiated, to: Refunded }",
        "already handled, dropped",
        "ledger: charge Captured, refund Refunded, agreeing with the sandbox: true",
    ] {
        assert!(stdout.contains(line), "{line:?} not in:\n{stdout}");
    }
    assert!(!stdout.contains("IPN refused"), "{stdout}");
}

/// The server serves the certificate and POSTs until the endpoint answers
/// 2xx: an endpoint that fails first gets the same message again.
#[test]
fn the_server_delivers_at_least_once() {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpListener;

    let endpoint = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/ipn", endpoint.local_addr().unwrap());
    let loopback = "127.0.0.1:0".parse().unwrap();
    let m = Merchant::new();
    let mut server =
        amazon_pay_sandbox::Server::start_with(m.sandbox, Some(loopback), Some(loopback)).unwrap();
    let certificate = server.enable_ipn(Some(&url)).unwrap();
    let https = server.https_addr().unwrap();
    assert_eq!(certificate, format!("https://{https}{CERTIFICATE_PATH}"));

    // The certificate over HTTPS, trusting the server's CA.
    let ca = ureq::tls::Certificate::from_pem(server.ca_pem().unwrap().as_bytes()).unwrap();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .tls_config(
            ureq::tls::TlsConfig::builder()
                .root_certs(ureq::tls::RootCerts::new_with_certs(&[ca]))
                .build(),
        )
        .build()
        .into();
    let pem = agent
        .get(&certificate)
        .call()
        .unwrap()
        .body_mut()
        .read_to_string()
        .unwrap();
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"));

    // A change: the sandbox creates a permission and a charge.
    let now = amazon_pay_client::now().unwrap();
    {
        let mut sandbox = server.sandbox();
        let mut merchant = Merchant::new();
        merchant.sandbox =
            std::mem::replace(&mut *sandbox, amazon_pay_sandbox::Sandbox::new(Region::Na));
        merchant.config = merchant
            .config
            .clone()
            .with_host(merchant.sandbox.host())
            .unwrap();
        merchant.now = now;
        merchant
            .completed(
                PaymentIntent::Authorize,
                "9.00",
                TestPaymentMethod::Success("1111"),
                false,
            )
            .unwrap();
        *sandbox = merchant.sandbox;
    }

    // The endpoint fails the first POST, then accepts everything.
    let policy = trust_policy(&https.to_string()).unwrap();
    let mut received = Vec::new();
    endpoint.set_nonblocking(false).unwrap();
    for (n, stream) in endpoint.incoming().enumerate() {
        let mut reader = BufReader::new(stream.unwrap());
        let (mut line, mut length) = (String::new(), 0);
        while reader.read_line(&mut line).unwrap() > 2 {
            if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = value.trim().parse().unwrap();
            }
            line.clear();
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        let envelope = Envelope::parse(&body).unwrap();
        let ipn = verify(
            &envelope,
            pem.as_bytes(),
            amazon_pay_client::now().unwrap(),
            &policy,
        )
        .unwrap();
        let status = if n == 0 {
            "500 Internal Server Error"
        } else {
            "200 OK"
        };
        write!(
            reader.get_mut(),
            "HTTP/1.1 {status}\r\nContent-Length: 0\r\n\r\n"
        )
        .unwrap();
        received.push(ipn.message_id().to_owned());
        if received.len() == 3 {
            break;
        }
    }
    // The first message came again after its failure; then the next one.
    assert_eq!(received[0], received[1]);
    assert_ne!(received[1], received[2]);
}

/// An IPN is dated by the sandbox's virtual clock — the clock its objects'
/// timestamps read — not by the host's.
#[test]
fn ipns_carry_the_virtual_clocks_time() {
    let mut m = Merchant::new();
    let signer = IpnSigner::generate().unwrap();
    let url = format!("https://{}{CERTIFICATE_PATH}", m.sandbox.host());
    m.sandbox.enable_ipn(signer, url);
    // The virtual clock runs two days ahead of the host's.
    m.sandbox.advance(m.now, Duration::days(2));
    let virtual_now = m.sandbox.clock(m.now);
    assert_ne!(virtual_now, m.now);
    m.completed(
        PaymentIntent::Authorize,
        "12.00",
        TestPaymentMethod::Success("1111"),
        false,
    )
    .unwrap();
    let ipns = m.sandbox.take_ipns();
    assert!(!ipns.is_empty());
    for ipn in ipns {
        let envelope = Envelope::parse(&ipn.body).unwrap();
        let dated = amazon_pay_core::notification::published_at(envelope.timestamp()).unwrap();
        assert_eq!(dated, virtual_now, "{}", envelope.timestamp());
    }
}
