//! Prints a signed Get Checkout Session request for a sandbox at HOST, as a
//! `wrk` Lua script: load-test the server with requests signed once.
//!
//! ```sh
//! cargo run --release -p amazon-pay-sandbox --example presign -- 127.0.0.1:8080 SESSION_ID > get.lua
//! wrk -t2 -c16 -d60s -s get.lua http://127.0.0.1:8080
//! ```
//!
//! The signature is valid for 15 minutes (the sandbox's date window).

use amazon_pay_core::operation::{ApiOperation, GetCheckoutSession};
use amazon_pay_core::sign::DefaultSigner;
use amazon_pay_core::{Config, PublicKeyId, Region, Timestamp};

const PEM: &str = include_str!("../../tests/vectors/keys/rsa2048.pkcs8.pem");
const KEY_ID: &str = "SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let host = args.next().ok_or("usage: presign HOST [SESSION_ID]")?;
    let session = args.next().unwrap_or_else(|| "no-such-session".to_owned());
    let config = Config::new(Region::Na, PublicKeyId::parse(KEY_ID)?).with_loopback_http(&host)?;
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs();
    let now = Timestamp::from_unix_seconds(i64::try_from(seconds)?).ok_or("clock")?;
    let signer = DefaultSigner::from_pem(PEM)?;
    let request = GetCheckoutSession::new(session.as_str()).into_request(&config)?;
    let signed = request.sign(&config, &signer, now, &mut |b: &mut [u8]| b.fill(1))?;
    let path = signed.url().split_once(&host).map_or("/", |(_, p)| p);
    println!("wrk.method = \"GET\"");
    println!("wrk.path = \"{path}\"");
    for (name, value) in signed.headers() {
        println!("wrk.headers[\"{name}\"] = \"{value}\"");
    }
    Ok(())
}
