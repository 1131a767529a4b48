//! The sandbox over HTTP on loopback: a thin layer over [`Sandbox::handle`],
//! plus the buyer's page and an admin namespace outside Amazon's paths.
//!
//! HTTP/1.1 on `std::net`, plain and over TLS (rustls, with a CA generated
//! at start), one thread per connection (at most
//! [`MAX_CONNECTIONS`] at once), keep-alive, `Content-Length` and chunked
//! bodies. Concurrent requests are serialised on the sandbox's lock.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

mod admin;
mod dashboard;
mod delivery;
mod html;
mod tls;

pub use admin::ADMIN_PREFIX;
pub use tls::Tls;

use amazon_pay_core::Timestamp;
use amazon_pay_core::operation::Response;

use crate::answer::{SandboxRequest, error};
use crate::{Delivery, Sandbox};

/// The most connections served at once; more wait in the listen queue.
pub const MAX_CONNECTIONS: usize = 256;
/// The longest request head and body read, in bytes.
pub const MAX_REQUEST_BYTES: usize = 1 << 20;
/// How long an idle keep-alive connection stays open.
const IDLE: Duration = Duration::from_secs(30);

/// A running sandbox server. Dropping it stops it.
#[derive(Debug)]
pub struct Server {
    http: Option<SocketAddr>,
    https: Option<SocketAddr>,
    ca_pem: Option<String>,
    sandbox: Arc<Mutex<Sandbox>>,
    stop: Arc<AtomicBool>,
    accept: Vec<JoinHandle<()>>,
}

impl Server {
    /// Binds `addr` (port 0 picks a free port) and serves `sandbox` over
    /// plain HTTP. The sandbox's host becomes the bound address, so
    /// requests are signed for `127.0.0.1:PORT` and the buyer is sent to
    /// `http://127.0.0.1:PORT/__sandbox/buyer/…`.
    pub fn start(sandbox: Sandbox, addr: SocketAddr) -> io::Result<Server> {
        Server::start_with(sandbox, Some(addr), None)
    }

    /// Serves `sandbox` over plain HTTP at `http`, over HTTPS at `https`
    /// with a CA generated now ([`ca_pem`](Self::ca_pem)), or both. Requests
    /// may be signed for either address; the buyer's page is served on both
    /// (links point at HTTP when there is one).
    pub fn start_with(
        sandbox: Sandbox,
        http: Option<SocketAddr>,
        https: Option<SocketAddr>,
    ) -> io::Result<Server> {
        Server::start_named(sandbox, http, https, &[])
    }

    /// As [`start_with`](Self::start_with), the HTTPS certificate also
    /// naming `tls_names` (Amazon's `pay-api.amazon.com`, `.eu`, `.jp`), and
    /// requests signed for those hosts accepted too.
    pub fn start_named(
        sandbox: Sandbox,
        http: Option<SocketAddr>,
        https: Option<SocketAddr>,
        tls_names: &[String],
    ) -> io::Result<Server> {
        let http = http.map(TcpListener::bind).transpose()?;
        let https = https.map(TcpListener::bind).transpose()?;
        let http_addr = http.as_ref().map(TcpListener::local_addr).transpose()?;
        let https_addr = https.as_ref().map(TcpListener::local_addr).transpose()?;
        let tls = https
            .as_ref()
            .map(|_| Tls::generate_for(tls_names))
            .transpose()?;
        let (primary, base) = match (http_addr, https_addr) {
            (Some(addr), _) => (addr, format!("http://{addr}")),
            (None, Some(addr)) => (addr, format!("https://{addr}")),
            (None, None) => return Err(io::Error::other("give an HTTP or an HTTPS address")),
        };
        let mut sandbox = sandbox.with_host(primary.to_string()).with_buyer_base(base);
        if let (Some(_), Some(addr)) = (http_addr, https_addr) {
            sandbox = sandbox.with_host_alias(addr.to_string());
        }
        for name in tls_names {
            sandbox = sandbox.with_host_alias(name.clone());
        }
        let sandbox = Arc::new(Mutex::new(sandbox));
        let stop = Arc::new(AtomicBool::new(false));
        let mut accept = Vec::new();
        for (listener, tls) in [(http, None), (https, tls.clone())] {
            let Some(listener) = listener else { continue };
            listener.set_nonblocking(true)?;
            let sandbox = Arc::clone(&sandbox);
            let stop = Arc::clone(&stop);
            accept.push(
                std::thread::Builder::new()
                    .name("amazon-pay-sandbox-accept".into())
                    .spawn(move || accept_loop(&listener, &sandbox, &stop, tls.as_ref()))?,
            );
        }
        Ok(Server {
            http: http_addr,
            https: https_addr,
            ca_pem: tls.map(|tls| tls.ca_pem().to_owned()),
            sandbox,
            stop,
            accept,
        })
    }

    /// The plain-HTTP address (or the HTTPS one, when there is no HTTP).
    pub fn addr(&self) -> SocketAddr {
        self.http
            .or(self.https)
            .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    /// The base URL, `http://127.0.0.1:PORT` (or `https://` without HTTP).
    pub fn url(&self) -> String {
        match self.http {
            Some(addr) => format!("http://{addr}"),
            None => format!("https://{}", self.addr()),
        }
    }

    /// The HTTPS address, if serving HTTPS.
    pub fn https_addr(&self) -> Option<SocketAddr> {
        self.https
    }

    /// The PEM of the CA that signed the HTTPS certificate, if serving HTTPS.
    pub fn ca_pem(&self) -> Option<&str> {
        self.ca_pem.as_deref()
    }

    /// Turns IPNs on (spec §12): a signing key and certificate are generated,
    /// the certificate is served at `https://{HTTPS address}`
    /// [`CERTIFICATE_PATH`](crate::ipn::CERTIFICATE_PATH), and, with
    /// `post_to` (`http://host:port/path`), every IPN is POSTed there until
    /// it answers 2xx. Needs HTTPS (certificate URLs are `https`). Returns
    /// the certificate URL.
    pub fn enable_ipn(&mut self, post_to: Option<&str>) -> io::Result<String> {
        let https = self.https.ok_or_else(|| {
            io::Error::other("IPNs need the HTTPS address: certificate URLs are https")
        })?;
        let endpoint = post_to.map(delivery::Endpoint::parse).transpose()?;
        let signer = crate::ipn::IpnSigner::generate()?;
        let url = format!("https://{https}{}", crate::ipn::CERTIFICATE_PATH);
        Sandbox::lock(&self.sandbox).enable_ipn(signer, url.clone());
        if let Some(endpoint) = endpoint {
            self.accept.push(delivery::spawn(
                endpoint,
                Arc::clone(&self.sandbox),
                Arc::clone(&self.stop),
            )?);
        }
        Ok(url)
    }

    /// The sandbox, for in-process inspection while it serves.
    pub fn sandbox(&self) -> MutexGuard<'_, Sandbox> {
        Sandbox::lock(&self.sandbox)
    }

    /// Stops accepting and waits for the accept loops (open connections end
    /// when idle).
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        for accept in self.accept.drain(..) {
            let _ = accept.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// The system clock as a timestamp (the server is the only reader of it);
/// `None` before 1970 or after 9999.
pub(crate) fn system_now() -> Option<Timestamp> {
    let seconds = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .ok()?
        .as_secs();
    Timestamp::from_unix_seconds(i64::try_from(seconds).ok()?)
}

fn accept_loop(
    listener: &TcpListener,
    sandbox: &Arc<Mutex<Sandbox>>,
    stop: &AtomicBool,
    tls: Option<&Tls>,
) {
    let open = Arc::new(AtomicUsize::new(0));
    while !stop.load(Ordering::SeqCst) {
        match listener.accept() {
            Ok((stream, _)) if open.load(Ordering::SeqCst) < MAX_CONNECTIONS => {
                open.fetch_add(1, Ordering::SeqCst);
                let sandbox = Arc::clone(sandbox);
                let counter = Arc::clone(&open);
                let tls = tls.cloned();
                let spawned = std::thread::Builder::new()
                    .name("amazon-pay-sandbox-conn".into())
                    .spawn(move || {
                        let _ = serve_tcp(stream, &sandbox, tls.as_ref());
                        counter.fetch_sub(1, Ordering::SeqCst);
                    });
                if spawned.is_err() {
                    open.fetch_sub(1, Ordering::SeqCst);
                }
            }
            Ok((stream, _)) => drop(stream),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(2));
            }
            Err(_) => std::thread::sleep(Duration::from_millis(20)),
        }
    }
}

/// One TCP connection, in plain HTTP or in TLS.
fn serve_tcp(stream: TcpStream, sandbox: &Mutex<Sandbox>, tls: Option<&Tls>) -> io::Result<()> {
    stream.set_nonblocking(false)?;
    stream.set_read_timeout(Some(IDLE))?;
    stream.set_nodelay(true)?;
    match tls {
        None => serve(stream, sandbox),
        Some(tls) => {
            let connection =
                rustls::ServerConnection::new(tls.config()).map_err(io::Error::other)?;
            serve(rustls::StreamOwned::new(connection, stream), sandbox)
        }
    }
}

/// One connection: requests until the client closes, asks to, or idles.
fn serve<S: Read + Write>(stream: S, sandbox: &Mutex<Sandbox>) -> io::Result<()> {
    let mut reader = BufReader::new(stream);
    loop {
        let (request, keep_alive) = match read_request(&mut reader) {
            Ok(Some(parsed)) => parsed,
            Ok(None) => return Ok(()),
            Err(bad) => {
                write_response(reader.get_mut(), &bad, false)?;
                return Ok(());
            }
        };
        let response = match answer(sandbox, &request) {
            Delivery::Answer(response) => response,
            // Processed; the answer is lost with the connection.
            Delivery::Lost => return Ok(()),
            Delivery::Slow(delay, response) => {
                std::thread::sleep(delay);
                response
            }
        };
        write_response(reader.get_mut(), &response, keep_alive)?;
        if !keep_alive {
            return Ok(());
        }
    }
}

/// The sandbox's delivery (through its fault plan), or the admin
/// namespace's or buyer page's answer.
fn answer(sandbox: &Mutex<Sandbox>, request: &SandboxRequest) -> Delivery {
    let Some(now) = system_now() else {
        return Delivery::Answer(error(
            500,
            "InternalServerError",
            "the server's clock reads a time outside the years 1970 to 9999",
        ));
    };
    let mut sandbox = Sandbox::lock(sandbox);
    match admin::handle(&mut sandbox, now, request) {
        Some(response) => Delivery::Answer(response),
        None => sandbox.deliver(now, request),
    }
}

/// Reads one request; `None` when the client closed between requests.
fn read_request<S: Read>(
    reader: &mut BufReader<S>,
) -> Result<Option<(SandboxRequest, bool)>, Response> {
    let bad = |message: &str| error(400, "InvalidRequest", message.to_owned());
    let mut line = String::new();
    match read_line(reader, &mut line) {
        Ok(0) => return Ok(None),
        Ok(_) => {}
        Err(_) => return Ok(None),
    }
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(bad("malformed request line"));
    };
    let (method, target, version) = (method.to_owned(), target.to_owned(), version.to_owned());
    let mut headers = Vec::new();
    let mut head_bytes = line.len();
    loop {
        let mut line = String::new();
        read_line(reader, &mut line).map_err(|_| bad("the request head ended early"))?;
        head_bytes += line.len();
        if head_bytes > MAX_REQUEST_BYTES {
            return Err(error(431, "InvalidRequest", "request head too large"));
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            break;
        }
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| bad("a header line without ':'"))?;
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v): &(String, String)| v.as_str())
    };
    let chunked = header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked"));
    let body = if chunked {
        read_chunked(reader).map_err(|_| bad("malformed chunked body"))?
    } else {
        let length: usize = header("content-length")
            .map_or(Ok(0), str::parse)
            .map_err(|_| bad("Content-Length is not a number"))?;
        if length > MAX_REQUEST_BYTES {
            return Err(error(413, "InvalidRequest", "body too large"));
        }
        let mut body = vec![0; length];
        reader
            .read_exact(&mut body)
            .map_err(|_| bad("the body ended early"))?;
        body
    };
    let close = header("connection").is_some_and(|v| v.eq_ignore_ascii_case("close"));
    let keep_alive = !close && version.eq_ignore_ascii_case("HTTP/1.1");
    Ok(Some((
        SandboxRequest {
            method,
            target,
            headers,
            body,
        },
        keep_alive,
    )))
}

/// One line, at most [`MAX_REQUEST_BYTES`] long.
fn read_line<S: Read>(reader: &mut BufReader<S>, line: &mut String) -> io::Result<usize> {
    let mut limited = reader.by_ref().take(MAX_REQUEST_BYTES as u64);
    limited.read_line(line)
}

fn read_chunked<S: Read>(reader: &mut BufReader<S>) -> io::Result<Vec<u8>> {
    let invalid = || io::Error::new(io::ErrorKind::InvalidData, "chunked");
    let mut body = Vec::new();
    loop {
        let mut size = String::new();
        read_line(reader, &mut size)?;
        let size = size.trim().split(';').next().unwrap_or_default();
        let size = usize::from_str_radix(size, 16).map_err(|_| invalid())?;
        if body.len() + size > MAX_REQUEST_BYTES {
            return Err(invalid());
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader.read_exact(body.get_mut(start..).ok_or_else(invalid)?)?;
        let mut end = String::new();
        read_line(reader, &mut end)?;
        if size == 0 {
            // Trailers, if any, end with an empty line.
            while !end.trim().is_empty() {
                end.clear();
                read_line(reader, &mut end)?;
            }
            return Ok(body);
        }
    }
}

fn write_response<S: Write>(
    stream: &mut S,
    response: &Response,
    keep_alive: bool,
) -> io::Result<()> {
    let status = response.status();
    let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (name, value) in response.headers() {
        head.push_str(name);
        head.push_str(": ");
        head.push_str(value);
        head.push_str("\r\n");
    }
    head.push_str(&format!("content-length: {}\r\n", response.body().len()));
    if !keep_alive {
        head.push_str("connection: close\r\n");
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(response.body())?;
    stream.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        302 => "Found",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Content Too Large",
        422 => "Unprocessable Content",
        429 => "Too Many Requests",
        _ => "Status",
    }
}
