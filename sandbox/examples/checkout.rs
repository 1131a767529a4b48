//! A whole checkout against the in-process sandbox, through the core's
//! sans-IO `Exchange`, with real RSA-PSS signatures that the sandbox
//! verifies: a pending authorization resolved by advancing the clock, a
//! capture, an over-refund the merchant's Ledger refuses before sending, a
//! refund that settles, and a simulated decline. Deterministic: the same
//! output on every run (time and entropy are parameters).
//!
//! Run with `cargo run --example checkout`.

use amazon_pay_core::exchange::{Exchange, RetryPolicy};
use amazon_pay_core::lifecycle::{ChargePermissionLifecycle, Ledger};
use amazon_pay_core::model::{ChargeId, PaymentIntent};
use amazon_pay_core::operation::{
    ApiOperation, CheckoutWebDetails, CompleteCheckoutSession, CreateCheckoutSession, GetCharge,
    GetChargePermission, GetRefund, UpdateCheckoutSession, UpdatePaymentDetails,
};
use amazon_pay_core::sign::DefaultSigner;
use amazon_pay_core::time::Duration;
use amazon_pay_core::{ApiVersion, Config, IdempotencyKey, Price, PublicKeyId, Region, Timestamp};
use amazon_pay_sandbox::{Sandbox, SandboxRequest, TestPaymentMethod};

/// A test key pair (never use it for anything real).
const PRIVATE_KEY: &str = include_str!("../../tests/vectors/keys/rsa2048.pkcs8.pem");
const KEY_ID: &str = "SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B";

type Failure = Box<dyn std::error::Error>;

/// The merchant's side: config, signer, a clock and entropy it controls.
struct Shop {
    sandbox: Sandbox,
    config: Config,
    signer: DefaultSigner,
    now: Timestamp,
    seed: u64,
    keys: u32,
}

impl Shop {
    /// One call through the exchange: sign, send to the sandbox, decode.
    fn call<O: ApiOperation>(&mut self, operation: O) -> Result<O::Output, amazon_pay_core::Error> {
        let mut exchange = Exchange::new(operation, self.config.clone(), RetryPolicy::default());
        // A seeded generator keeps the run reproducible; use a CSPRNG in production.
        let mut seed = self.seed;
        let mut entropy = move |buf: &mut [u8]| {
            for byte in buf {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                *byte = seed.to_le_bytes()[0];
            }
        };
        loop {
            if let Some(outcome) = exchange.poll_outcome() {
                self.seed = self.seed.wrapping_mul(6364136223846793005).wrapping_add(1);
                return outcome.map_err(Into::into);
            }
            if let Some(request) = exchange.poll_transmit(self.now, &self.signer, &mut entropy) {
                let answer = self
                    .sandbox
                    .handle(self.now, &SandboxRequest::from_signed(&request));
                exchange.handle_response(self.now, answer);
            } else if let Some(at) = exchange.poll_timeout() {
                self.now = at;
            }
        }
    }

    /// A fresh idempotency key (from the seeded generator, as the rest).
    fn key(&mut self, name: &str) -> Result<IdempotencyKey, Failure> {
        self.keys += 1;
        Ok(IdempotencyKey::parse(&format!(
            "{name}-{}-{:016x}",
            self.keys, self.seed
        ))?)
    }

    /// The shop waits; the sandbox's clock moves with real time.
    fn wait(&mut self, seconds: i64) {
        self.now = self
            .now
            .checked_add(Duration::seconds(seconds))
            .unwrap_or(self.now);
        println!("  … {seconds} s later ({})", self.now);
    }

    /// A session the buyer approved with `card`, completed.
    fn checkout(
        &mut self,
        amount: &Price,
        card: TestPaymentMethod,
    ) -> Result<(ChargeId, Ledger), Failure> {
        let key = self.key("create")?;
        let web = CheckoutWebDetails::review("https://shop.example/review");
        let created = self.call(CreateCheckoutSession::new(
            "amzn1.application-oa2-client.demo",
            web,
            key,
        ))?;
        let id = created.checkout_session_id.ok_or("no checkoutSessionId")?;
        println!("Checkout Session {id} created");
        let details = UpdatePaymentDetails::new(PaymentIntent::Authorize, amount.clone())
            .with_pending_authorization(true);
        let update = UpdateCheckoutSession::new(id.clone())
            .with_checkout_result_return_url("https://shop.example/result")
            .with_payment_details(details);
        let updated = self.call(update)?;
        let redirect = updated
            .web_checkout_details
            .and_then(|w| w.amazon_pay_redirect_url);
        println!(
            "  buyer sent to {}",
            redirect.ok_or("no amazonPayRedirectUrl")?
        );
        let back = self.sandbox.buyer_approves(self.now, id.as_str(), card)?;
        println!("  buyer chose {card} and returned to {back}");
        let completed = self.call(CompleteCheckoutSession::new(id, amount.clone()))?;
        let permission_id = completed
            .charge_permission_id
            .ok_or("no chargePermissionId")?;
        let charge_id = completed.charge_id.ok_or("no chargeId")?;
        println!("  completed: Charge Permission {permission_id}, Charge {charge_id}");

        // The merchant's ledger learns both from Amazon.
        let permission = self.call(GetChargePermission::new(permission_id.clone()))?;
        let lifecycle = ChargePermissionLifecycle::from_model(&permission, ApiVersion::V2)?;
        let mut ledger = Ledger::new(permission_id, lifecycle, Region::Na);
        let charge = self.call(GetCharge::new(charge_id.clone()))?;
        ledger.charge_answered(Ok(&charge))?;
        println!("  charge is {}", state(&ledger, &charge_id));
        Ok((charge_id, ledger))
    }
}

fn state(ledger: &Ledger, charge: &ChargeId) -> String {
    ledger
        .charge(charge)
        .map_or("unknown".into(), |c| c.lifecycle().state().to_string())
}

fn shown(value: Option<&impl std::fmt::Display>) -> String {
    value.map_or("-".into(), ToString::to_string)
}

fn main() -> Result<(), Failure> {
    let signer = DefaultSigner::from_pem(PRIVATE_KEY)?;
    let mut sandbox = Sandbox::new(Region::Na);
    sandbox.register_key(KEY_ID, signer.public_key().clone());
    let config = Config::new(Region::Na, PublicKeyId::parse(KEY_ID)?).with_host(sandbox.host())?;
    let mut shop = Shop {
        sandbox,
        config,
        signer,
        now: Timestamp::parse("20261125T120000Z")?,
        seed: 0x5eed_1234_abcd_0001,
        keys: 0,
    };
    let amount = Price::parse("49.99", "USD")?;

    // 1. A pending authorization (card 0701), resolved by the clock.
    let (charge, mut ledger) = shop.checkout(&amount, TestPaymentMethod::PendingThenAuthorized)?;
    let key = shop.key("capture")?;
    if let Err(refused) = ledger.request_capture(&charge, amount.clone(), key, shop.now) {
        println!("  capture refused before sending: {refused}");
    }
    shop.wait(30);
    let report = shop.call(GetCharge::new(charge.clone()))?;
    ledger.charge_answered(Ok(&report))?;
    println!("  charge is {}", state(&ledger, &charge));

    // 2. Capture, through the ledger.
    let key = shop.key("capture")?;
    let capture = ledger.request_capture(&charge, amount.clone(), key, shop.now)?;
    let captured = shop.call(capture)?;
    ledger.charge_answered(Ok(&captured))?;
    println!("Captured {amount}: charge is {}", state(&ledger, &charge));

    // 3. An over-refund is refused by the merchant's ledger; nothing is sent.
    let too_much = Price::parse("60.00", "USD")?;
    let key = shop.key("refund")?;
    match ledger.request_refund(&charge, too_much.clone(), key, shop.now) {
        Err(refused) => println!("Refund of {too_much} refused before sending: {refused}"),
        Ok(_) => return Err("the ledger allowed an over-refund".into()),
    }

    // 4. A refund, settled by the clock.
    let key = shop.key("refund")?;
    let refund_amount = Price::parse("10.00", "USD")?;
    let refund =
        shop.call(ledger.request_refund(&charge, refund_amount.clone(), key, shop.now)?)?;
    ledger.refund_answered(Ok(&refund))?;
    let refund_id = refund.refund_id.clone().ok_or("no refundId")?;
    let initiated = shown(refund.state());
    println!("Refund {refund_id} of {refund_amount}: {initiated}");
    shop.wait(10);
    let refund = shop.call(GetRefund::new(refund_id.clone()))?;
    ledger.refund_answered(Ok(&refund))?;
    println!("  refund is {}", shown(refund.state()));

    // 5. A simulated decline (card 4354): pending, then HardDeclined.
    let (declined, mut other) = shop.checkout(&amount, TestPaymentMethod::PendingThenDeclined)?;
    shop.wait(30);
    let report = shop.call(GetCharge::new(declined.clone()))?;
    other.charge_answered(Ok(&report))?;
    let reason = report.status_details.and_then(|s| s.reason_code);
    println!(
        "  charge is {} ({})",
        state(&other, &declined),
        shown(reason.as_ref())
    );

    // 6. The merchant's ledger agrees with the sandbox's truth.
    let truth = shop
        .sandbox
        .ledger(ledger.id())
        .ok_or("no such permission in the sandbox")?;
    let agree = truth.charges().iter().zip(ledger.charges()).all(|(a, b)| {
        a.lifecycle().state() == b.lifecycle().state() && a.refunded().ok() == b.refunded().ok()
    });
    println!("\nMerchant ledger agrees with the sandbox: {agree}");
    let counts = shop.sandbox.counts();
    println!(
        "Sandbox holds {} sessions, {} permissions, {} charges, {} refunds",
        counts.sessions, counts.charge_permissions, counts.charges, counts.refunds
    );
    if !agree {
        return Err("the ledgers disagree".into());
    }
    Ok(())
}
