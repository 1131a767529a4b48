//! An IPN handler end to end against the sandbox server: the sandbox POSTs
//! a signed SNS envelope on every state change (some twice, as SNS may);
//! the handler verifies each with `amazon_pay_client::ipn::IpnVerifier`
//! (fetching the sandbox's certificate over HTTPS, once), drops duplicates
//! by message id, sends the Get the notification names and hands the
//! answer to the merchant's Ledger.
//!
//! ```sh
//! cargo run -p amazon-pay-sandbox --example ipn_handler
//! ```

use std::collections::BTreeSet;
use std::error::Error;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc;
use std::time::Duration;

use amazon_pay_client::ipn::{IpnError, IpnVerifier};
use amazon_pay_client::{Client, UreqTransport};
use amazon_pay_core::lifecycle::{ChargePermissionLifecycle, Ledger};
use amazon_pay_core::model::{ChargeState, PaymentIntent, RefundState};
use amazon_pay_core::notification::{FollowUp, Ipn};
use amazon_pay_core::operation::{
    CheckoutWebDetails, CompleteCheckoutSession, CreateCheckoutSession, GetChargePermission,
    UpdateCheckoutSession, UpdatePaymentDetails,
};
use amazon_pay_core::sign::DefaultSigner;
use amazon_pay_core::{ApiVersion, Config, Price, PublicKeyId, Region};
use amazon_pay_sandbox::{Sandbox, Server, TestPaymentMethod, ipn};

const PEM: &str = include_str!("../../tests/vectors/keys/rsa2048.pkcs8.pem");
const KEY_ID: &str = "SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B";

fn main() -> Result<(), Box<dyn Error>> {
    // The merchant's IPN endpoint, and the sandbox posting to it.
    let endpoint = TcpListener::bind("127.0.0.1:0")?;
    let signer = DefaultSigner::from_pem(PEM)?;
    let mut sandbox = Sandbox::new(Region::Na);
    sandbox.register_key(KEY_ID, signer.public_key().clone());
    let loopback = "127.0.0.1:0".parse()?;
    let mut server = Server::start_with(sandbox, Some(loopback), Some(loopback))?;
    let ipn_url = format!("http://{}/ipn", endpoint.local_addr()?);
    let certificate = server.enable_ipn(Some(&ipn_url))?;
    server.sandbox().set_ipn_duplicates(3);
    println!(
        "sandbox on {}, IPNs to {ipn_url}, signed by {certificate}",
        server.url()
    );

    // The handler: verify (the certificate over HTTPS, trusting the
    // sandbox's CA), answer SNS, pass what verified to the merchant.
    let https = server.https_addr().ok_or("no HTTPS address")?.to_string();
    let ca = ureq::tls::Certificate::from_pem(server.ca_pem().unwrap_or_default().as_bytes())?;
    let agent = ureq::Agent::config_builder()
        .tls_config(
            ureq::tls::TlsConfig::builder()
                .root_certs(ureq::tls::RootCerts::new_with_certs(&[ca]))
                .build(),
        )
        .build();
    let verifier = IpnVerifier::new(
        ipn::trust_policy(&https)?,
        UreqTransport::with_agent(agent.into()),
    );
    let (verified, inbox) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in endpoint.incoming().flatten() {
            let _ = handle(stream, &verifier, &verified);
        }
    });

    // The merchant's checkout, over HTTP against the sandbox.
    let config = Config::new(Region::Na, PublicKeyId::parse(KEY_ID)?)
        .with_loopback_http(&server.addr().to_string())?;
    let client = Client::ureq(config, signer);
    let usd = |a: &str| Price::parse(a, "USD");
    let create = CreateCheckoutSession::new(
        "amzn1.application-oa2-client.example",
        CheckoutWebDetails::review("https://shop.example/review"),
        amazon_pay_client::idempotency_key()?,
    );
    let id = client
        .call(create)?
        .checkout_session_id
        .ok_or("no session id")?;
    client.call(
        UpdateCheckoutSession::new(id.clone())
            .with_checkout_result_return_url("https://shop.example/result")
            .with_payment_details(UpdatePaymentDetails::new(
                PaymentIntent::Authorize,
                usd("80.00")?,
            )),
    )?;
    server.sandbox().buyer_approves(
        amazon_pay_client::now()?,
        id.as_str(),
        TestPaymentMethod::Success("1111"),
    )?;
    let done = client.call(CompleteCheckoutSession::new(id, usd("80.00")?))?;
    let (permission, charge) = (
        done.charge_permission_id.ok_or("no permission")?,
        done.charge_id.ok_or("no charge")?,
    );
    let lifecycle = ChargePermissionLifecycle::from_model(
        &client.call(GetChargePermission::new(permission.clone()))?,
        ApiVersion::V2,
    )?;
    let mut ledger = Ledger::new(permission.clone(), lifecycle, Region::Na);
    let mut seen = BTreeSet::new();
    let mut follow =
        |ledger: &mut Ledger, until: &dyn Fn(&Ledger) -> bool| -> Result<(), Box<dyn Error>> {
            while !until(ledger) {
                let ipn = inbox.recv_timeout(Duration::from_secs(10))?;
                if !seen.insert(ipn.message_id().to_owned()) {
                    println!("IPN {} again: already handled, dropped", ipn.message_id());
                    continue;
                }
                let Ipn::Payment { notification, .. } = ipn else {
                    continue;
                };
                println!(
                    "IPN {} {}: verified",
                    notification.object_type, notification.object_id
                );
                match notification.follow_up() {
                    FollowUp::GetChargePermission(get) => {
                        let answer = client.call(get)?;
                        println!(
                            "  Get Charge Permission → {:?}",
                            ledger.observe_permission(&answer)?
                        );
                    }
                    FollowUp::GetCharge(get) => {
                        let answer = client.call(get)?;
                        println!("  Get Charge → {:?}", ledger.observe_charge(&answer)?);
                    }
                    FollowUp::GetRefund(get) => {
                        let answer = client.call(get)?;
                        println!("  Get Refund → {:?}", ledger.observe_refund(&answer)?);
                    }
                    other => println!("  nothing to read for {other:?}"),
                }
            }
            Ok(())
        };
    let charge_is = |state: ChargeState| {
        let charge = charge.clone();
        move |l: &Ledger| {
            l.charge(&charge)
                .is_some_and(|c| c.lifecycle().state() == &state)
        }
    };
    follow(&mut ledger, &charge_is(ChargeState::Authorized))?;

    let capture = ledger.request_capture(
        &charge,
        usd("80.00")?,
        amazon_pay_client::idempotency_key()?,
        amazon_pay_client::now()?,
    )?;
    ledger.charge_answered(Ok(&client.call(capture)?))?;
    let refund = ledger.request_refund(
        &charge,
        usd("30.00")?,
        amazon_pay_client::idempotency_key()?,
        amazon_pay_client::now()?,
    )?;
    ledger.refund_answered(Ok(&client.call(refund)?))?;
    // Refunds settle after 10 s of the sandbox's clock: move it.
    server.sandbox().advance(
        amazon_pay_client::now()?,
        amazon_pay_core::time::Duration::seconds(11),
    );
    let refunded = |l: &Ledger| {
        l.charge(&charge).is_some_and(|c| {
            c.refunds()
                .first()
                .is_some_and(|r| r.lifecycle().state() == &RefundState::Refunded)
        })
    };
    follow(&mut ledger, &refunded)?;
    let ours = ledger.charge(&charge).ok_or("no charge")?;
    println!(
        "ledger: charge {}, refund {}, agreeing with the sandbox: {}",
        ours.lifecycle().state(),
        ours.refunds()
            .first()
            .map_or("none".into(), |r| r.lifecycle().state().to_string()),
        server
            .sandbox()
            .ledger(&permission)
            .and_then(|l| l.charge(&charge))
            .is_some_and(|c| {
                c.lifecycle().state() == ours.lifecycle().state()
                    && c.refunds().len() == ours.refunds().len()
            })
    );
    Ok(())
}

/// One POST from SNS: 200 when verified (the IPN goes to the merchant),
/// 400 when refused, 503 when the certificate could not be fetched.
fn handle(
    stream: TcpStream,
    verifier: &IpnVerifier<UreqTransport>,
    verified: &mpsc::Sender<Ipn>,
) -> Result<(), Box<dyn Error>> {
    let mut reader = BufReader::new(stream);
    let mut length = 0;
    let mut line = String::new();
    while reader.read_line(&mut line)? > 2 {
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse()?;
        }
        line.clear();
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let status = match verifier.verify_now(&body) {
        Ok(ipn) => {
            verified.send(ipn)?;
            "200 OK"
        }
        Err(IpnError::Fetch { .. }) => "503 Service Unavailable",
        Err(refused) => {
            println!("IPN refused: {refused}");
            "400 Bad Request"
        }
    };
    let mut stream = reader.into_inner();
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )?;
    Ok(())
}
