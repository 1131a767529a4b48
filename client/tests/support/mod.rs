//! A scripted Amazon Pay stand-in on 127.0.0.1: it answers each connection
//! with the next reply of its script, and checks every request as Amazon
//! would — the signature with the crate's verifier, a fresh date, the
//! signed idempotency key.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use amazon_pay_core::sign::{DefaultSigner, PublicKey, RequestView, verify_request};
use amazon_pay_core::time::OffsetDateTime;
use amazon_pay_core::{Config, PublicKeyId, Region, Timestamp};

pub const PRIVATE_KEY: &str = include_str!("../../../tests/vectors/keys/rsa2048.pkcs8.pem");
pub const PUBLIC_KEY: &str = include_str!("../../../tests/vectors/keys/rsa2048.spki.pem");
pub const KEY_ID: &str = "SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B";

/// How long the server waits for the next connection before it stops.
const IDLE: Duration = Duration::from_secs(30);

pub fn signer() -> DefaultSigner {
    DefaultSigner::from_pem(PRIVATE_KEY).unwrap()
}

/// One scripted answer.
#[derive(Debug, Clone)]
pub enum Reply {
    /// Answer with this status, extra headers and body.
    Answer(u16, Vec<(&'static str, &'static str)>, String),
    /// Read the request, then close the connection without a word.
    Drop,
}

pub fn json(status: u16, body: impl Into<String>) -> Reply {
    Reply::Answer(
        status,
        vec![("content-type", "application/json")],
        body.into(),
    )
}

/// What the server saw and checked for one request.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub target: String,
    pub date: Timestamp,
    pub idempotency_key: Option<String>,
    pub body: Vec<u8>,
    /// The headers the signature covers, lower case, with their values.
    pub signed: Vec<(String, String)>,
}

pub struct Server {
    pub addr: SocketAddr,
    handle: JoinHandle<Result<Vec<Seen>, String>>,
}

impl Server {
    /// Starts a server on 127.0.0.1, port 0, that plays `script` (one reply
    /// per connection) and stops after the last one, or after 30 s idle.
    pub fn start(script: Vec<Reply>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let key = PublicKey::from_pem(PUBLIC_KEY).unwrap();
        let handle = std::thread::spawn(move || {
            let mut seen = Vec::new();
            for reply in script {
                let stream = accept(&listener)?;
                seen.push(serve(stream, &reply, &key)?);
            }
            Ok(seen)
        });
        Server { addr, handle }
    }

    /// A configuration that sends plain HTTP to this server.
    pub fn config(&self) -> Config {
        Server::config_for(self.addr)
    }

    /// A configuration that sends plain HTTP to `addr`.
    pub fn config_for(addr: SocketAddr) -> Config {
        Config::new(Region::Na, PublicKeyId::parse(KEY_ID).unwrap())
            .with_loopback_http(&addr.to_string())
            .unwrap()
    }

    /// Every request the script answered, each already verified; fails the
    /// test with the server's complaint otherwise.
    pub fn finish(self) -> Vec<Seen> {
        self.handle.join().unwrap().unwrap()
    }
}

fn accept(listener: &TcpListener) -> Result<TcpStream, String> {
    let start = Instant::now();
    loop {
        match listener.accept() {
            Ok((stream, _)) => {
                stream.set_nonblocking(false).map_err(|e| e.to_string())?;
                stream
                    .set_read_timeout(Some(Duration::from_secs(10)))
                    .map_err(|e| e.to_string())?;
                return Ok(stream);
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                if start.elapsed() > IDLE {
                    return Err("no client came".into());
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(e) => return Err(e.to_string()),
        }
    }
}

fn serve(stream: TcpStream, reply: &Reply, key: &PublicKey) -> Result<Seen, String> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).map_err(|e| e.to_string())?;
    let mut parts = line.split_whitespace();
    let method = parts.next().ok_or("no method")?.to_owned();
    let target = parts.next().ok_or("no target")?.to_owned();
    let mut headers: Vec<(String, String)> = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).map_err(|e| e.to_string())?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':').ok_or("a header without ':'")?;
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let length: usize =
        header("content-length").map_or(Ok(0), |v| v.parse().map_err(|_| "bad length"))?;
    let mut body = vec![0; length];
    reader.read_exact(&mut body).map_err(|e| e.to_string())?;
    let seen = check(&method, &target, &headers, body, key)?;
    let mut stream = reader.into_inner();
    match reply {
        Reply::Drop => drop(stream),
        Reply::Answer(status, extra, text) => {
            let mut head = format!(
                "HTTP/1.1 {status} Scripted\r\nconnection: close\r\ncontent-length: {}\r\nx-amz-pay-request-id: scripted-{}\r\n",
                text.len(),
                seen.date
            );
            for (name, value) in extra {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            head.push_str("\r\n");
            stream
                .write_all(head.as_bytes())
                .map_err(|e| e.to_string())?;
            stream
                .write_all(text.as_bytes())
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(seen)
}

/// Amazon's checks: signature, key id, a signed and fresh date, a signed
/// idempotency key.
fn check(
    method: &str,
    target: &str,
    headers: &[(String, String)],
    body: Vec<u8>,
    key: &PublicKey,
) -> Result<Seen, String> {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let decoded: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
        .map(|(n, v)| Ok((percent_decode(n)?, percent_decode(v)?)))
        .collect::<Result<_, String>>()?;
    let query: Vec<(&str, &str)> = decoded
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let pairs: Vec<(&str, &str)> = headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let find = |name: &str| {
        pairs
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    };
    let authorization = find("authorization").ok_or("no authorization header")?;
    let view = RequestView {
        method,
        path,
        query: &query,
        headers: &pairs,
        body: &body,
    };
    let verified = verify_request(key, &view, authorization).map_err(|e| format!("{e}"))?;
    if verified.public_key_id != KEY_ID {
        return Err(format!("unknown key id {}", verified.public_key_id));
    }
    for required in ["x-amz-pay-date", "x-amz-pay-host", "x-amz-pay-region"] {
        if !verified.signed_headers.iter().any(|h| h == required) {
            return Err(format!("{required} is not signed"));
        }
    }
    let date =
        Timestamp::parse(find("x-amz-pay-date").ok_or("no date")?).map_err(|e| e.to_string())?;
    let now = Timestamp::from_offset_date_time(OffsetDateTime::now_utc()).ok_or("clock")?;
    let skew = (now.to_offset_date_time() - date.to_offset_date_time()).abs();
    if skew > amazon_pay_core::time::Duration::seconds(5) {
        return Err(format!("stale or future date {date} (now {now})"));
    }
    let idempotency_key = find("x-amz-pay-idempotency-key").map(str::to_owned);
    if idempotency_key.is_some()
        && !verified
            .signed_headers
            .iter()
            .any(|h| h == "x-amz-pay-idempotency-key")
    {
        return Err("the idempotency key is not signed".into());
    }
    let signed = verified
        .signed_headers
        .iter()
        .map(|name| (name.clone(), find(name).unwrap_or_default().to_owned()))
        .collect();
    Ok(Seen {
        method: method.to_owned(),
        target: target.to_owned(),
        date,
        idempotency_key,
        body,
        signed,
    })
}

/// Decodes `%XX` escapes (the signer is given decoded query values and
/// encodes them itself).
fn percent_decode(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3).ok_or("a cut %-escape")?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| "a bad %-escape")?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| "a query that is not UTF-8".to_owned())
}

/// Every attempt carried the same idempotency key, and dates never went back.
pub fn assert_one_call(seen: &[Seen]) {
    let first = seen.first().expect("at least one request");
    for pair in seen.windows(2) {
        assert!(pair[0].date <= pair[1].date, "dates went back: {pair:?}");
    }
    for attempt in seen {
        assert_eq!(attempt.idempotency_key, first.idempotency_key);
        assert_eq!(attempt.target, first.target);
        assert_eq!(attempt.body, first.body);
    }
}
