//! `amazon-pay-sandbox`: the offline Amazon Pay simulator over HTTP on
//! loopback.
//!
//! ```text
//! amazon-pay-sandbox [--listen 127.0.0.1:8080] [--tls 127.0.0.1:8443]
//!                    [--ca-out amazon-pay-sandbox-ca.pem] [--region na|eu|jp]
//!                    [--key PUBLIC_KEY_ID=public-key.pem]...
//!                    [--ipn] [--ipn-url http://127.0.0.1:3000/ipn] [--seed N]
//!                    [--tls-name pay-api.amazon.com]...
//! ```
//!
//! `--tls-name NAME` (repeatable) puts NAME in the HTTPS certificate and
//! accepts requests signed for it: with a hosts-file entry pointing Amazon's
//! `pay-api.amazon.com` at 127.0.0.1, an SDK with no URL override talks to
//! the sandbox.
//!
//! Ids (sessions, permissions, charges, refunds) differ from one start to
//! the next; `--seed N` asks for a reproducible run (the seed in use is
//! printed).
//!
//! Port 0 picks a free port; the addresses are printed. With `--tls` it also
//! serves HTTPS with a CA generated at start, whose PEM it writes to
//! `--ca-out` (default: `amazon-pay-sandbox-ca.pem` in the temporary
//! directory) for `NODE_EXTRA_CA_CERTS` and the like. Keys can also be
//! registered later: `PUT /__sandbox/keys/{publicKeyId}` with the PEM.
//!
//! `--ipn` (needs `--tls`) signs an SNS envelope on every state change of a
//! charge permission, charge or refund and serves the signing certificate at
//! `https://{TLS address}/__sandbox/sns/signing.pem`; `--ipn-url` also POSTs
//! each one there until it answers 2xx.

use std::net::SocketAddr;
use std::process::ExitCode;

use amazon_pay_core::Region;
use amazon_pay_core::sign::PublicKey;
use amazon_pay_sandbox::{ADMIN_PREFIX, Sandbox, Server};

const USAGE: &str = "usage: amazon-pay-sandbox [--listen 127.0.0.1:8080] [--tls 127.0.0.1:8443] [--ca-out PATH] [--region na|eu|jp] [--key PUBLIC_KEY_ID=public-key.pem]... [--ipn] [--ipn-url http://HOST:PORT/PATH] [--seed N] [--tls-name NAME]...";

fn loopback(flag: &str, text: &str) -> Result<SocketAddr, String> {
    let addr: SocketAddr = text
        .parse()
        .map_err(|_| format!("{flag} {text:?} is not an address:port"))?;
    if !addr.ip().is_loopback() {
        return Err(format!("{flag} {addr}: the sandbox serves loopback only"));
    }
    Ok(addr)
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("amazon-pay-sandbox: {message}\n{USAGE}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let mut listen = loopback("--listen", "127.0.0.1:8080")?;
    let mut tls: Option<SocketAddr> = None;
    let mut ca_out = std::env::temp_dir().join("amazon-pay-sandbox-ca.pem");
    let mut region = Region::Na;
    let mut keys = Vec::new();
    let mut ipn = false;
    let mut ipn_url: Option<String> = None;
    let mut seed: Option<u64> = None;
    let mut tls_names: Vec<String> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--listen" => listen = loopback("--listen", &value("--listen")?)?,
            "--tls" => tls = Some(loopback("--tls", &value("--tls")?)?),
            "--ca-out" => ca_out = value("--ca-out")?.into(),
            "--region" => {
                let text = value("--region")?;
                region = Region::parse(&text).map_err(|e| format!("--region: {e}"))?;
            }
            "--key" => {
                let text = value("--key")?;
                let (id, path) = text
                    .split_once('=')
                    .ok_or(format!("--key {text:?}: expected PUBLIC_KEY_ID=path"))?;
                let pem =
                    std::fs::read_to_string(path).map_err(|e| format!("--key {path}: {e}"))?;
                let key = PublicKey::from_pem(&pem).map_err(|e| format!("--key {path}: {e}"))?;
                keys.push((id.to_owned(), key));
            }
            "--ipn" => ipn = true,
            "--ipn-url" => {
                ipn = true;
                ipn_url = Some(value("--ipn-url")?);
            }
            "--tls-name" => tls_names.push(value("--tls-name")?),
            "--seed" => {
                let text = value("--seed")?;
                let number = text
                    .parse()
                    .map_err(|_| format!("--seed {text:?}: expected a number"))?;
                seed = Some(number);
            }
            "--help" | "-h" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    let seed = seed.unwrap_or_else(fresh_seed);
    let mut sandbox = Sandbox::new(region).with_seed(seed);
    for (id, key) in &keys {
        sandbox.register_key(id, key.clone());
    }
    let mut server = Server::start_named(sandbox, Some(listen), tls, &tls_names)
        .map_err(|e| format!("cannot listen on {listen} / {tls:?}: {e}"))?;
    if ipn {
        let certificate = server
            .enable_ipn(ipn_url.as_deref())
            .map_err(|e| format!("--ipn: {e}"))?;
        println!("amazon-pay-sandbox: IPNs signed with the certificate at {certificate}");
        if let Some(url) = &ipn_url {
            println!("amazon-pay-sandbox: IPNs POSTed to {url}");
        }
    }
    println!(
        "amazon-pay-sandbox: Amazon Pay API ({}) on {}/v2",
        region.as_str(),
        server.url()
    );
    if let (Some(https), Some(pem)) = (server.https_addr(), server.ca_pem()) {
        std::fs::write(&ca_out, pem).map_err(|e| format!("--ca-out {}: {e}", ca_out.display()))?;
        println!(
            "amazon-pay-sandbox: Amazon Pay API ({}) on https://{https}/v2",
            region.as_str()
        );
        println!(
            "amazon-pay-sandbox: CA certificate written to {}",
            ca_out.display()
        );
    }
    println!(
        "amazon-pay-sandbox: admin and buyer pages on {}{ADMIN_PREFIX}",
        server.url()
    );
    println!(
        "amazon-pay-sandbox: sign requests for host {} (or the HTTPS address)",
        server.addr()
    );
    for (id, _) in &keys {
        println!("amazon-pay-sandbox: key {id} registered");
    }
    println!("amazon-pay-sandbox: ids seeded with {seed} (--seed {seed} repeats them)");
    loop {
        std::thread::park();
    }
}

/// A seed that differs from one start to the next: the standard library's
/// randomly keyed hasher, which the operating system seeds.
fn fresh_seed() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_nanos()),
    );
    hasher.finish()
}
