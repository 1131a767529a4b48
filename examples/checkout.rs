//! A checkout as the seed documents describe it (API path version v1):
//! the buyer returns, the merchant reads the Checkout Session, then captures
//! the Charge. Everything is decoded offline from Amazon's example responses.
//!
//! Run with `cargo run --example checkout`.

use amazon_pay_core::model::{Charge, CheckoutSession, CheckoutSessionState};
use amazon_pay_core::{ApiVersion, Config, Price, PublicKeyId, Region};

/// Amazon's "Get Checkout Session" example response (seed document).
const GET_CHECKOUT_SESSION: &str =
    include_str!("../tests/fixtures/seed_v1_get_checkout_session.json");
/// Amazon's "Capture Charge" example response (seed document).
const CAPTURE_CHARGE: &str = include_str!("../tests/fixtures/seed_v1_capture_charge.json");

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

    // 2. Capture the charge: the amount is checked before anything is sent.
    let capture = Price::parse("14.00", "USD")?;
    println!(
        "POST          {}/charges/{charge_id}/capture  captureAmount={capture}",
        config.path_prefix()
    );
    if let Err(refused) = Price::parse("14.005", "USD") {
        println!("  refused     {refused}");
    }

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
