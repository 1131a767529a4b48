//! What the store's tests share: the sandbox server on loopback, a merchant
//! client for it, a whole checkout up to an adopted ledger, stores of each
//! kind, and the PostgreSQL server `.ci/run` starts.
#![allow(dead_code)]

use std::net::SocketAddr;

use amazon_pay_client::{Client, UreqTransport};
use amazon_pay_core::exchange::RetryPolicy;
use amazon_pay_core::model::{ChargeId, ChargePermissionId, PaymentIntent};
use amazon_pay_core::operation::{
    CheckoutWebDetails, CompleteCheckoutSession, CreateCheckoutSession, GetCharge,
    GetChargePermission, UpdateCheckoutSession, UpdatePaymentDetails,
};
use amazon_pay_core::sign::{DefaultSigner, PublicKey};
use amazon_pay_core::time::Duration;
use amazon_pay_core::{Config, Price, PublicKeyId, Region};
use amazon_pay_sandbox::{Sandbox, Server};
use amazon_pay_store::{Journal, Store};

pub const PRIVATE_KEY: &str = include_str!("../../../tests/vectors/keys/rsa2048.pkcs8.pem");
pub const PUBLIC_KEY: &str = include_str!("../../../tests/vectors/keys/rsa2048.spki.pem");
pub const KEY_ID: &str = "SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B";

/// The sandbox server on 127.0.0.1, port 0, with the merchant's key.
pub fn sandbox() -> Server {
    let mut sandbox = Sandbox::new(Region::Na);
    sandbox.register_key(KEY_ID, PublicKey::from_pem(PUBLIC_KEY).unwrap());
    Server::start(sandbox, "127.0.0.1:0".parse().unwrap()).unwrap()
}

/// A client of the sandbox at `addr`, retrying quickly (the fault plan's
/// 429 and 503 and lost answers are retried within milliseconds).
pub fn client(addr: SocketAddr) -> Client<UreqTransport> {
    let config = Config::new(Region::Na, PublicKeyId::parse(KEY_ID).unwrap())
        .with_loopback_http(&addr.to_string())
        .unwrap();
    let policy = RetryPolicy {
        max_retries: 6,
        base: Duration::milliseconds(5),
        cap: Duration::milliseconds(50),
        deadline: Duration::seconds(10),
    };
    Client::ureq(config, DefaultSigner::from_pem(PRIVATE_KEY).unwrap()).with_retry_policy(policy)
}

/// The merchant's signer (the test key).
pub fn signer() -> DefaultSigner {
    DefaultSigner::from_pem(PRIVATE_KEY).unwrap()
}

pub fn usd(amount: &str) -> Price {
    Price::parse(amount, "USD").unwrap()
}

/// A checkout of `amount` USD: session, buyer's approval, completion; the
/// permission adopted by the journal with its authorized charge. `None`
/// when a step failed (the fault plan can make any step fail): nothing was
/// stored then.
pub fn checkout<S: Store>(
    journal: &Journal<S, UreqTransport>,
    addr: SocketAddr,
    amount: &str,
) -> Option<(ChargePermissionId, ChargeId)> {
    let client = journal.client();
    let key = amazon_pay_client::idempotency_key().ok()?;
    let create = CreateCheckoutSession::new(
        "amzn1.application-oa2-client.sandbox",
        CheckoutWebDetails::review("https://shop.example/review"),
        key,
    );
    let id = client.call(create).ok()?.checkout_session_id?;
    let update = UpdateCheckoutSession::new(id.clone())
        .with_checkout_result_return_url("https://shop.example/result")
        .with_payment_details(UpdatePaymentDetails::new(
            PaymentIntent::Authorize,
            usd(amount),
        ));
    client.call(update).ok()?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into();
    let approved = agent
        .get(&format!(
            "http://{addr}/__sandbox/buyer/{id}/approve?card=1111"
        ))
        .call()
        .ok()?;
    if approved.status() != 302 {
        return None;
    }
    let completed = client
        .call(CompleteCheckoutSession::new(id, usd(amount)))
        .ok()?;
    let permission_id = completed.charge_permission_id?;
    let charge_id = completed.charge_id?;
    let permission = client
        .call(GetChargePermission::new(permission_id.clone()))
        .ok()?;
    let charge = client.call(GetCharge::new(charge_id.clone())).ok()?;
    journal.adopt(&permission, &[charge]).ok()?;
    Some((permission_id, charge_id))
}

/// The PostgreSQL server to test against (`AMZP_POSTGRES`, as
/// `store/scripts/postgres.sh start` prints it). Without one, a test
/// that needs it fails under CI and is skipped with a note elsewhere.
pub fn postgres() -> Option<String> {
    match std::env::var("AMZP_POSTGRES") {
        Ok(params) if !params.is_empty() => Some(params),
        _ if std::env::var_os("CI").is_some() => panic!(
            "AMZP_POSTGRES is not set: .ci/run starts a PostgreSQL server with store/scripts/postgres.sh and sets it"
        ),
        _ => {
            eprintln!(
                "skipped: no PostgreSQL. Start one with `eval \"$(store/scripts/postgres.sh start /tmp/amzp-pg)\"` \
                 (or set AMZP_POSTGRES='host=… port=… user=… dbname=…') and run the tests again"
            );
            None
        }
    }
}

/// A new, empty database on the server `params` names; its parameters.
#[cfg(feature = "postgres")]
pub fn fresh_database(params: &str, name: &str) -> String {
    let mut admin = postgres::Client::connect(params, postgres::NoTls).unwrap();
    let database = format!(
        "amzp_{name}_{}_{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
            % 1_000_000_000
    );
    admin
        .batch_execute(&format!("CREATE DATABASE {database}"))
        .unwrap();
    let base: Vec<&str> = params
        .split_whitespace()
        .filter(|part| !part.starts_with("dbname="))
        .collect();
    format!("{} dbname={database}", base.join(" "))
}
