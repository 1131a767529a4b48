//! The seed documents' flow with the blocking client: Get Checkout Session,
//! Complete Checkout Session (v2), Capture Charge, Create Refund (after the
//! Ledger refused an over-refund before it was sent), Get Refund until
//! final, Create Delivery Tracker. Every call is signed, retried safely and
//! answered with a typed value or a typed error.
//!
//! Against Amazon's sandbox, after a buyer approved a checkout:
//!
//! ```sh
//! AMAZON_PAY_PUBLIC_KEY_ID=SANDBOX-… AMAZON_PAY_PRIVATE_KEY=private.pem \
//! AMAZON_PAY_CHECKOUT_SESSION_ID=… cargo run -p amazon-pay-client --example seed_flow
//! ```
//!
//! `AMAZON_PAY_REGION` (default `na`), `AMAZON_PAY_LOOPBACK` (a
//! `host:port` on this machine, plain HTTP) and `AMAZON_PAY_POLL_SECONDS`
//! (default 10) are optional.

use std::{env, thread, time::Duration};

use amazon_pay_client::{Client, idempotency_key, now};
use amazon_pay_core::lifecycle::{ChargePermissionLifecycle, CheckoutSessionLifecycle, Ledger};
use amazon_pay_core::model::{CheckoutSessionId, RefundState};
use amazon_pay_core::operation::*;
use amazon_pay_core::sign::DefaultSigner;
use amazon_pay_core::{ApiVersion, Config, PublicKeyId, Region};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let var = |name: &str| env::var(name).map_err(|_| format!("set {name}"));
    let region = Region::parse(&var("AMAZON_PAY_REGION").unwrap_or("na".into()))?;
    let key_id = PublicKeyId::parse(&var("AMAZON_PAY_PUBLIC_KEY_ID")?)?;
    let mut config = Config::new(region, key_id);
    if let Ok(host) = var("AMAZON_PAY_LOOPBACK") {
        config = config.with_loopback_http(&host)?;
    }
    let poll = Duration::from_secs(var("AMAZON_PAY_POLL_SECONDS").map_or(Ok(10), |s| s.parse())?);
    let key = std::fs::read_to_string(var("AMAZON_PAY_PRIVATE_KEY")?)?;
    let client = Client::ureq(config, DefaultSigner::from_pem(&key)?);

    // The buyer is back: read the session, then complete it if the rule book agrees.
    let id = CheckoutSessionId::from(var("AMAZON_PAY_CHECKOUT_SESSION_ID")?);
    let session = client.call(GetCheckoutSession::new(id.clone()))?;
    let amount = (session.payment_details.as_ref())
        .and_then(|details| details.charge_amount.clone())
        .ok_or("the session has no chargeAmount")?;
    let lifecycle = CheckoutSessionLifecycle::from_model(&session, ApiVersion::V2)?;
    let complete = lifecycle.request_complete(id.clone(), &amount, amount.clone(), now()?)?;
    let completed = client.call(complete)?;
    let permission_id = completed.charge_permission_id.ok_or("no permission")?;
    let charge_id = completed.charge_id.ok_or("no chargeId")?;
    println!("completed {id}: permission {permission_id}, charge {charge_id} for {amount}");

    // The ledger learns the permission and the charge from Amazon, then hands out the capture.
    let permission = client.call(GetChargePermission::new(permission_id.clone()))?;
    let lifecycle = ChargePermissionLifecycle::from_model(&permission, ApiVersion::V2)?;
    let mut ledger = Ledger::new(permission_id.clone(), lifecycle, region);
    ledger.charge_answered(Ok(&client.call(GetCharge::new(charge_id.clone()))?))?;
    let capture = ledger.request_capture(&charge_id, amount.clone(), idempotency_key()?, now()?)?;
    let charge = client.call(capture)?;
    ledger.charge_answered(Ok(&charge))?;
    println!("captured: {:?}", charge.state());

    // Twice the capture is over Amazon's refund allowance: refused here, before anything is sent.
    let too_much = amount.percent(200)?;
    match ledger.request_refund(&charge_id, too_much.clone(), idempotency_key()?, now()?) {
        Err(refused) => println!("refund of {too_much} refused before sending: {refused}"),
        Ok(_) => return Err("the ledger allowed an over-refund".into()),
    }
    let half = amount.percent(50)?;
    let mut refund =
        client.call(ledger.request_refund(&charge_id, half, idempotency_key()?, now()?)?)?;
    ledger.refund_answered(Ok(&refund))?;
    let refund_id = refund.refund_id.clone().ok_or("no refundId")?;
    while refund.state() == Some(&RefundState::RefundInitiated) {
        thread::sleep(poll);
        refund = client.call(GetRefund::new(refund_id.clone()))?;
        ledger.refund_answered(Ok(&refund))?;
    }
    println!("refund {refund_id}: {:?}", refund.state());

    let shipment = vec![DeliveryDetailRequest::new("1Z999AA10123456784", "UPS")];
    let tracker = CreateDeliveryTracker::for_charge_permission(permission_id, shipment);
    client.call(tracker)?;
    println!("delivery tracker created");
    Ok(())
}
