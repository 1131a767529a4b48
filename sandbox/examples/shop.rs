//! A whole checkout as a shop writes it, with the blocking client, against a
//! running sandbox server:
//!
//! ```sh
//! cargo run -p amazon-pay-sandbox --bin amazon-pay-sandbox -- --listen 127.0.0.1:8080 \
//!     --key SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B=tests/vectors/keys/rsa2048.spki.pem
//! cargo run -p amazon-pay-sandbox --example shop          # in a second terminal
//! ```
//!
//! `AMAZON_PAY_SANDBOX` names another address (default `127.0.0.1:8080`).
//! The buyer's clicks are two GETs on the sandbox's buyer page; its answer
//! is a redirect to the shop, which a script reads but does not follow.

use amazon_pay_client::{Client, idempotency_key, now, signer_from_file};
use amazon_pay_core::lifecycle::{ChargePermissionLifecycle, Ledger};
use amazon_pay_core::model::PaymentIntent;
use amazon_pay_core::operation::{
    CheckoutWebDetails, CompleteCheckoutSession, CreateCheckoutSession, GetCharge,
    GetChargePermission, GetCheckoutSession, UpdateCheckoutSession, UpdatePaymentDetails,
};
use amazon_pay_core::{ApiVersion, Config, Price, PublicKeyId, Region};

type Failure = Box<dyn std::error::Error>;

fn main() -> Result<(), Failure> {
    let sandbox = std::env::var("AMAZON_PAY_SANDBOX").unwrap_or("127.0.0.1:8080".into());
    // The test key pair: the sandbox was started with its public half.
    let key_id = PublicKeyId::parse("SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B")?;
    let config = Config::new(Region::Na, key_id).with_loopback_http(&sandbox)?;
    let signer = signer_from_file("tests/vectors/keys/rsa2048.pkcs8.pem")?;
    let client = Client::ureq(config, signer);
    let total = Price::parse("25.00", "USD")?;

    // 1. The shop creates a session for the Amazon Pay button.
    let review = CheckoutWebDetails::review("https://shop.example/review");
    let store = "amzn1.application-oa2-client.sandbox";
    let session = client.call(CreateCheckoutSession::new(
        store,
        review,
        idempotency_key()?,
    ))?;
    let id = session.checkout_session_id.ok_or("no checkoutSessionId")?;

    // 2. The buyer signs in and picks a card; Amazon sends them to the review page.
    let page = format!("http://{sandbox}/__sandbox/buyer/{id}");
    println!(
        "buyer returns to {}",
        buyer_clicks(&format!("{page}/approve?card=1111"))?
    );

    // 3. The shop reads the session, then sets the amount and the result page.
    let session = client.call(GetCheckoutSession::new(id.clone()))?;
    println!("session is {:?}", session.state());
    let details = UpdatePaymentDetails::new(PaymentIntent::Authorize, total.clone());
    let update = UpdateCheckoutSession::new(id.clone())
        .with_checkout_result_return_url("https://shop.example/result")
        .with_payment_details(details);
    let session = client.call(update)?;
    let web = session
        .web_checkout_details
        .ok_or("no webCheckoutDetails")?;
    let redirect = web
        .amazon_pay_redirect_url
        .ok_or("no amazonPayRedirectUrl")?;

    // 4. The buyer is sent to amazonPayRedirectUrl, confirms, and comes back.
    println!(
        "buyer returns to {}",
        buyer_clicks(&format!("{redirect}/approve?card=1111"))?
    );
    let done = client.call(CompleteCheckoutSession::new(id, total.clone()))?;
    let permission_id = done.charge_permission_id.ok_or("no chargePermissionId")?;
    let charge = done.charge_id.ok_or("no chargeId")?;

    // 5. The shop's ledger knows the rules: it hands out what may be sent.
    let permission = client.call(GetChargePermission::new(permission_id.clone()))?;
    let lifecycle = ChargePermissionLifecycle::from_model(&permission, ApiVersion::V2)?;
    let mut ledger = Ledger::new(permission_id, lifecycle, Region::Na);
    ledger.charge_answered(Ok(&client.call(GetCharge::new(charge.clone()))?))?;
    let capture = ledger.request_capture(&charge, total.clone(), idempotency_key()?, now()?)?;
    ledger.charge_answered(Ok(&client.call(capture)?))?;
    let too_much = Price::parse("40.00", "USD")?;
    let refused = ledger.request_refund(&charge, too_much, idempotency_key()?, now()?);
    println!("refund of 40.00 USD: {}", refused.unwrap_err()); // never sent
    let refund = ledger.request_refund(
        &charge,
        Price::parse("5.00", "USD")?,
        idempotency_key()?,
        now()?,
    )?;
    ledger.refund_answered(Ok(&client.call(refund)?))?;
    for charge in ledger.status(now()?).charges {
        let refundable = charge
            .status
            .refundable
            .map(|p| p.to_string())
            .unwrap_or_default();
        println!(
            "charge {} is {}; {refundable} can still be refunded",
            charge.id, charge.status.state
        );
    }
    Ok(())
}

/// The buyer's click: the answer is a 302 to the shop's page, whose address
/// carries `amazonCheckoutSessionId`. Read it, do not follow it.
fn buyer_clicks(url: &str) -> Result<String, Failure> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .build()
        .into();
    let answer = agent.get(url).call()?;
    let location = answer.headers().get("location").ok_or("no redirect")?;
    Ok(location.to_str()?.to_owned())
}
