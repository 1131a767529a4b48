//! A whole checkout as the seed documents describe it (API path version v1),
//! offline: the buyer returns, the merchant reads the Checkout Session,
//! captures the Charge with a signed request, and refunds part of it — each
//! step through the lifecycles, which refuse what Amazon would refuse.
//!
//! Run with `cargo run --example seed_v1`.

use amazon_pay_core::lifecycle::{
    ChargeCreation, ChargePermissionLifecycle, CheckoutSessionLifecycle, Ledger,
};
use amazon_pay_core::model::{
    Charge, ChargeId, ChargePermissionType, CheckoutSession, Refund, RefundId, RefundState,
    RefundStatusDetails,
};
#[cfg(any(feature = "aws-lc-rs", feature = "rsa"))]
use amazon_pay_core::operation::ApiOperation;
use amazon_pay_core::operation::CaptureCharge;
#[cfg(any(feature = "aws-lc-rs", feature = "rsa"))]
use amazon_pay_core::sign::DefaultSigner;
use amazon_pay_core::{ApiVersion, Config, IdempotencyKey, Price, PublicKeyId, Region, Timestamp};

/// Amazon's "Get Checkout Session" example response (seed document).
const GET_CHECKOUT_SESSION: &str =
    include_str!("../tests/fixtures/seed_v1_get_checkout_session.json");
/// Amazon's "Capture Charge" example response (seed document).
const CAPTURE_CHARGE: &str = include_str!("../tests/fixtures/seed_v1_capture_charge.json");
/// A test key pair's private key (never use it for anything real).
#[cfg(any(feature = "aws-lc-rs", feature = "rsa"))]
const PRIVATE_KEY: &str = include_str!("../tests/vectors/keys/rsa2048.pkcs8.pem");

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The seed documents use path version v1 and a legacy key id.
    let config = Config::new(
        Region::parse("us")?,
        PublicKeyId::parse("AHEGSJCM3L2S637RBGABLAFW")?,
    )
    .with_api_version(ApiVersion::V1);
    println!("endpoint  {}", config.base_url());

    // 1. Checkout. The session opened when the buyer clicked the button; in
    //    v1 it completes when the buyer comes back.
    let document: CheckoutSession = serde_json::from_str(GET_CHECKOUT_SESSION)?;
    let created = document.creation_timestamp.ok_or("no creationTimestamp")?;
    let returned = Timestamp::parse("20191015T210556Z")?;
    let session = CheckoutSessionLifecycle::created(created, ApiVersion::V1);
    println!(
        "\nCheckout Session {}",
        document.checkout_session_id.as_ref().ok_or("no id")?
    );
    let deadline = session.next_change().ok_or("an open session expires")?;
    println!("  Open (otherwise {} at {})", deadline.state, deadline.at);
    let before = session.state().to_string();
    let session = session.buyer_returned(returned)?;
    println!("  {before} --buyer_returned--> {}", session.state());
    // Get Checkout Session agrees (an impossible report would be refused).
    let observed = session.observe(&document)?;
    println!(
        "  Get Checkout Session says {} ({:?})",
        observed.lifecycle.state(),
        observed.observation
    );

    // 2. The Charge Permission and the Charge the checkout created.
    let permission_id = document
        .charge_permission_id
        .clone()
        .ok_or("no chargePermissionId")?;
    let charge_id = document.charge_id.clone().ok_or("no chargeId")?;
    let order = Price::parse("14.00", "USD")?;
    let permission = ChargePermissionLifecycle::chargeable(
        ChargePermissionType::OneTime,
        returned,
        ApiVersion::V1,
    )
    .with_limits(Some(order.clone()), None);
    let mut ledger = Ledger::new(permission_id.clone(), permission, config.region());
    ledger.create_charge(
        charge_id.clone(),
        order.clone(),
        ChargeCreation::Authorize,
        returned,
    )?;
    let charge = ledger
        .charge(&charge_id)
        .ok_or("charge recorded")?
        .lifecycle();
    println!(
        "\nCharge Permission {permission_id}: {}",
        ledger.permission().state()
    );
    println!(
        "Charge {charge_id}: {} {}",
        charge.state(),
        charge.charge_amount()
    );
    if let Some(expiry) = charge.next_change() {
        println!(
            "  (otherwise {} / {} at {})",
            expiry.state,
            expiry.reason.map(|r| r.to_string()).unwrap_or_default(),
            expiry.at
        );
    }

    // 3. Capture: refused above the authorized amount, signed, then recorded.
    let now = Timestamp::parse("20191015T211000Z")?;
    let mut entropy =
        |buf: &mut [u8]| getrandom::fill(buf).expect("the OS random number generator");
    let key = IdempotencyKey::generate(&mut entropy);
    if let Err(refused) =
        ledger.request_capture(&charge_id, Price::parse("14.01", "USD")?, key.clone(), now)
    {
        println!("\nrefused  capture of 14.01 USD (no request made): {refused}");
    }
    // The rule book hands out the typed operation only when the capture is legal.
    let capture = ledger
        .request_capture(&charge_id, order.clone(), key, now)?
        .with_soft_descriptor("Descriptor")?;
    sign_capture(&config, &capture, now)?;
    let before = state_of(&ledger, &charge_id);
    ledger.capture(&charge_id, order.clone(), now)?;
    println!(
        "Charge  {before} --capture_requested--> {}",
        state_of(&ledger, &charge_id)
    );
    println!(
        "Charge Permission  Chargeable --fully_captured--> {} ({})",
        ledger.permission().state(),
        ledger
            .permission()
            .reasons()
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );

    // Amazon's answer (the documentation's example, which uses other ids;
    // ours are put in) is observed and agrees.
    let mut answer: Charge = serde_json::from_str(CAPTURE_CHARGE)?;
    answer.charge_id = Some(charge_id.clone());
    answer.charge_permission_id = Some(permission_id);
    ledger.observe_charge(&answer)?;
    let charge = ledger
        .charge(&charge_id)
        .ok_or("charge recorded")?
        .lifecycle();
    println!(
        "  Capture Charge answered {}: captured {}",
        charge.state(),
        charge.captured_amount().ok_or("captured")?
    );

    // 4. Partial refunds. Captured 14.00 USD: refunds may total 14.00 plus
    //    the lesser of 15 % and 75 USD, that is 16.10 USD.
    for (n, amount) in [(1, "5.00"), (2, "6.00"), (3, "5.11")] {
        let refund = RefundId::from(format!("{charge_id}-R00000{n}"));
        match ledger.refund(
            &charge_id,
            refund.clone(),
            Price::parse(amount, "USD")?,
            now,
        ) {
            Ok(recorded) => println!(
                "Refund {refund}: --created--> {} {}",
                recorded.lifecycle().state(),
                recorded.lifecycle().amount()
            ),
            Err(refused) => println!("\nrefused  refund of {amount} USD: {refused}"),
        }
    }

    // 5. Refunds are asynchronous: Amazon reports the first one done (a Get
    //    Refund after an IPN).
    let first = RefundId::from(format!("{charge_id}-R000001"));
    let mut report = Refund::default();
    report.refund_id = Some(first.clone());
    report.charge_id = Some(charge_id.clone());
    report.refund_amount = Some(Price::parse("5.00", "USD")?);
    report.status_details = Some(RefundStatusDetails::with_state(RefundState::Refunded));
    ledger.observe_refund(&report)?;
    let entry = ledger.charge(&charge_id).ok_or("charge recorded")?;
    for refund in entry.refunds() {
        println!("Refund {}: {}", refund.id(), refund.lifecycle().state());
    }
    println!("refunded so far on {charge_id}: {}", entry.refunded()?);
    Ok(())
}

fn state_of(ledger: &Ledger, charge: &ChargeId) -> String {
    ledger.charge(charge).map_or_else(
        || "-".to_owned(),
        |entry| entry.lifecycle().state().to_string(),
    )
}

/// Signs the Capture Charge request and shows what the HTTP client sends.
#[cfg(any(feature = "aws-lc-rs", feature = "rsa"))]
fn sign_capture(
    config: &Config,
    capture: &CaptureCharge,
    now: Timestamp,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut entropy =
        |buf: &mut [u8]| getrandom::fill(buf).expect("the OS random number generator");
    let signer = DefaultSigner::from_pem(PRIVATE_KEY)?;
    let signed = capture
        .into_request(config)?
        .sign(config, &signer, now, &mut entropy)?;
    println!("\n{} {}", signed.method(), signed.url());
    for (name, value) in signed.headers() {
        let shown = match value.split_once("Signature=") {
            Some((head, signature)) => format!(
                "{head}Signature={}...",
                signature.get(..12).unwrap_or(signature)
            ),
            None => value.to_owned(),
        };
        println!("  {name}: {shown}");
    }
    println!("  body: {}", String::from_utf8_lossy(signed.body()));
    signed.verify(signer.public_key())?;
    println!("  (signature verified with the public key)\n");
    Ok(())
}

/// Without a signing backend (`--no-default-features`) there is nothing to sign with.
#[cfg(not(any(feature = "aws-lc-rs", feature = "rsa")))]
fn sign_capture(
    _: &Config,
    _: &CaptureCharge,
    _: Timestamp,
) -> Result<(), Box<dyn std::error::Error>> {
    println!("(built without a signing backend: enable the aws-lc-rs or rsa feature to sign)");
    Ok(())
}
