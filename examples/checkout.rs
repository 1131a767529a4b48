//! A checkout as the seed documents describe it (API path version v1):
//! the buyer returns, the merchant reads the Checkout Session, then captures
//! the Charge. Everything is decoded offline from Amazon's example responses.
//!
//! Run with `cargo run --example checkout`.

use amazon_pay_core::model::{Charge, ChargeId, CheckoutSession, CheckoutSessionState};
use amazon_pay_core::{ApiVersion, Config, Price, PublicKeyId, Region};
#[cfg(any(feature = "aws-lc-rs", feature = "rsa"))]
use amazon_pay_core::{IdempotencyKey, Method, Timestamp, UnsignedRequest, sign::DefaultSigner};

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
    println!("endpoint      {}", config.base_url());

    // 1. The buyer is back at checkoutResultReturnUrl; Get Checkout Session.
    let session: CheckoutSession = serde_json::from_str(GET_CHECKOUT_SESSION)?;
    let session_id = session
        .checkout_session_id
        .as_ref()
        .ok_or("no checkoutSessionId")?;
    println!(
        "GET           {}/checkoutSessions/{session_id}",
        config.path_prefix()
    );
    let state = session.state().ok_or("no state")?;
    println!("session       {session_id}: {state}");
    if let Some(updated) = session
        .status_details
        .as_ref()
        .and_then(|s| s.last_updated_timestamp)
    {
        println!("  updated     {updated} ({})", updated.extended());
    }
    if *state != CheckoutSessionState::Completed {
        println!("checkout did not complete: {:?}", session.reason_code());
        return Ok(());
    }
    let permission_id = session
        .charge_permission_id
        .as_ref()
        .ok_or("no chargePermissionId")?;
    let charge_id = session.charge_id.as_ref().ok_or("no chargeId")?;
    println!("  permission  {permission_id}");
    println!("  charge      {charge_id}");

    // 2. Capture the charge: the amount is checked before anything is sent,
    //    then the request is signed for the caller's HTTP client.
    let capture = Price::parse("14.00", "USD")?;
    if let Err(refused) = Price::parse("14.005", "USD") {
        println!("refused       {refused}");
    }
    sign_capture(&config, charge_id, &capture)?;

    // 3. Amazon's answer, typed.
    let charge: Charge = serde_json::from_str(CAPTURE_CHARGE)?;
    let show = |price: &Option<Price>| price.as_ref().map_or("-".to_owned(), Price::to_string);
    println!(
        "charge        {}: {}",
        charge.charge_id.as_ref().ok_or("no chargeId")?,
        charge.state().ok_or("no state")?
    );
    println!("  authorized  {}", show(&charge.charge_amount));
    println!("  captured    {}", show(&charge.capture_amount));
    println!("  refunded    {}", show(&charge.refunded_amount));
    println!(
        "  descriptor  AMZ* {}",
        charge.soft_descriptor.as_deref().unwrap_or("")
    );
    println!(
        "  expires     {}",
        charge
            .expiration_timestamp
            .map_or("-".to_owned(), |t| t.to_string())
    );
    Ok(())
}

/// Signs the Capture Charge request and shows what the HTTP client sends.
#[cfg(any(feature = "aws-lc-rs", feature = "rsa"))]
fn sign_capture(
    config: &Config,
    charge_id: &ChargeId,
    capture: &Price,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut entropy =
        |buf: &mut [u8]| getrandom::fill(buf).expect("the OS random number generator");
    let signer = DefaultSigner::from_pem(PRIVATE_KEY)?;
    let body = format!(
        r#"{{"captureAmount":{},"softDescriptor":"Descriptor"}}"#,
        serde_json::to_string(capture)?
    );
    let request = UnsignedRequest::new(Method::Post, format!("/charges/{charge_id}/capture"))
        .with_body(body)
        .with_idempotency_key(IdempotencyKey::generate(&mut entropy));
    // The caller's clock; here the seed document's capture time.
    let now = Timestamp::parse("20190714T155300Z")?;
    let signed = request.sign(config, &signer, now, &mut entropy)?;
    println!("{:<13} {}", signed.method(), signed.url());
    for (name, value) in signed.headers() {
        let shown = match value.split_once("Signature=") {
            Some((head, signature)) => format!(
                "{head}Signature={}...",
                signature.get(..12).unwrap_or(signature)
            ),
            None => value.clone(),
        };
        println!("  {name}: {shown}");
    }
    println!("  body: {}", String::from_utf8_lossy(signed.body()));
    signed.verify(signer.public_key())?;
    println!("  (signature verified with the public key)");
    Ok(())
}

/// Without a signing backend (`--no-default-features`) there is nothing to sign with.
#[cfg(not(any(feature = "aws-lc-rs", feature = "rsa")))]
fn sign_capture(_: &Config, _: &ChargeId, _: &Price) -> Result<(), Box<dyn std::error::Error>> {
    println!("(built without a signing backend: enable the aws-lc-rs or rsa feature to sign)");
    Ok(())
}
