//! `amazon-pay-sandbox`: the offline Amazon Pay simulator over HTTP on
//! loopback.
//!
//! ```text
//! amazon-pay-sandbox [--listen 127.0.0.1:8080] [--region na|eu|jp]
//!                    [--key PUBLIC_KEY_ID=public-key.pem]...
//! ```
//!
//! Port 0 picks a free port; the addresses are printed. Keys can also be
//! registered later: `PUT /__sandbox/keys/{publicKeyId}` with the PEM.

use std::net::SocketAddr;
use std::process::ExitCode;

use amazon_pay_core::Region;
use amazon_pay_core::sign::PublicKey;
use amazon_pay_sandbox::{ADMIN_PREFIX, Sandbox, Server};

const USAGE: &str = "usage: amazon-pay-sandbox [--listen 127.0.0.1:8080] [--region na|eu|jp] [--key PUBLIC_KEY_ID=public-key.pem]...";

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
    let mut listen: SocketAddr = "127.0.0.1:8080".parse().map_err(|e| format!("{e}"))?;
    let mut region = Region::Na;
    let mut keys = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--listen" => {
                let text = value("--listen")?;
                listen = text
                    .parse()
                    .map_err(|_| format!("--listen {text:?} is not an address:port"))?;
                if !listen.ip().is_loopback() {
                    return Err(format!(
                        "--listen {listen}: the sandbox serves loopback only"
                    ));
                }
            }
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
            "--help" | "-h" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    let mut sandbox = Sandbox::new(region);
    for (id, key) in &keys {
        sandbox.register_key(id, key.clone());
    }
    let server =
        Server::start(sandbox, listen).map_err(|e| format!("cannot listen on {listen}: {e}"))?;
    println!(
        "amazon-pay-sandbox: Amazon Pay API ({}) on {}/v2",
        region.as_str(),
        server.url()
    );
    println!(
        "amazon-pay-sandbox: admin and buyer pages on {}{ADMIN_PREFIX}",
        server.url()
    );
    println!(
        "amazon-pay-sandbox: sign requests for host {}",
        server.addr()
    );
    for (id, _) in &keys {
        println!("amazon-pay-sandbox: key {id} registered");
    }
    loop {
        std::thread::park();
    }
}
