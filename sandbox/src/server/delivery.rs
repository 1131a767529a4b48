//! The server's IPN delivery: queued envelopes POSTed to the merchant's
//! endpoint as SNS POSTs them, until it answers 2xx (at least once).
//!
//! Plain `http://` endpoints only (the sandbox and the merchant's handler
//! both run on the developer's machine); a failed delivery is retried after
//! a second, in order, for as long as the server runs.

use std::io::{self, BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::Sandbox;
use crate::ipn::{QueuedIpn, TOPIC_ARN};

/// Where IPNs go: `http://host:port/path`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Endpoint {
    addr: SocketAddr,
    host: String,
    path: String,
}

impl Endpoint {
    pub(crate) fn parse(url: &str) -> io::Result<Endpoint> {
        let invalid = |why: &str| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("IPN URL {url:?}: {why}"),
            )
        };
        let rest = url
            .strip_prefix("http://")
            .ok_or_else(|| invalid("only http:// endpoints are supported"))?;
        let (host, path) = rest.find('/').map_or((rest, "/"), |i| rest.split_at(i));
        let addr = host
            .to_socket_addrs()
            .map_err(|e| invalid(&e.to_string()))?
            .next()
            .ok_or_else(|| invalid("the host resolves to nothing"))?;
        Ok(Endpoint {
            addr,
            host: host.to_owned(),
            path: path.to_owned(),
        })
    }

    /// POSTs one envelope; `Ok` on a 2xx answer.
    fn post(&self, ipn: &QueuedIpn) -> io::Result<()> {
        let mut stream = TcpStream::connect_timeout(&self.addr, Duration::from_secs(2))?;
        stream.set_read_timeout(Some(Duration::from_secs(5)))?;
        stream.set_write_timeout(Some(Duration::from_secs(5)))?;
        let head = format!(
            "POST {} HTTP/1.1\r\nHost: {}\r\nContent-Type: text/plain; charset=UTF-8\r\n\
             x-amz-sns-message-type: Notification\r\nx-amz-sns-message-id: {}\r\n\
             x-amz-sns-topic-arn: {TOPIC_ARN}\r\nUser-Agent: Amazon Simple Notification Service Agent\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n",
            self.path,
            self.host,
            ipn.message_id,
            ipn.body.len()
        );
        stream.write_all(head.as_bytes())?;
        stream.write_all(&ipn.body)?;
        let mut status = String::new();
        BufReader::new(stream).read_line(&mut status)?;
        let code = status.split_whitespace().nth(1).unwrap_or("");
        if code.len() == 3 && code.starts_with('2') {
            Ok(())
        } else {
            Err(io::Error::other(format!(
                "the endpoint answered {:?}",
                status.trim_end()
            )))
        }
    }
}

/// Delivers until `stop`: every 50 ms, everything queued, in order; on a
/// failure, the rest goes back to the queue and waits a second.
pub(crate) fn deliver_loop(endpoint: &Endpoint, sandbox: &Mutex<Sandbox>, stop: &AtomicBool) {
    while !stop.load(Ordering::SeqCst) {
        let queued = Sandbox::lock(sandbox).take_ipns();
        let mut pending = queued.into_iter();
        let mut failed = Vec::new();
        for ipn in pending.by_ref() {
            if endpoint.post(&ipn).is_err() {
                failed.push(ipn);
                break;
            }
        }
        failed.extend(pending);
        let wait = if failed.is_empty() {
            Duration::from_millis(50)
        } else {
            Sandbox::lock(sandbox).requeue_ipns(failed);
            Duration::from_secs(1)
        };
        std::thread::sleep(wait);
    }
}

/// Starts the delivery thread.
pub(crate) fn spawn(
    endpoint: Endpoint,
    sandbox: Arc<Mutex<Sandbox>>,
    stop: Arc<AtomicBool>,
) -> io::Result<std::thread::JoinHandle<()>> {
    std::thread::Builder::new()
        .name("amazon-pay-sandbox-ipn".into())
        .spawn(move || deliver_loop(&endpoint, &sandbox, &stop))
}
