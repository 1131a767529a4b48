//! Verifying incoming IPNs (feature `ipn`): the core's
//! [`notification`](amazon_pay_core::notification) checks, with the signing
//! certificate fetched and cached here.

use std::error::Error as StdError;
use std::sync::Mutex;

use amazon_pay_core::Timestamp;
use amazon_pay_core::notification::{Envelope, Ipn, NotificationError, TrustPolicy, verify};
use amazon_pay_core::time::Duration;

/// The largest certificate fetched, in bytes.
pub const MAX_CERTIFICATE_BYTES: usize = 64 * 1024;

/// Why fetching a certificate failed.
pub type FetchError = Box<dyn StdError + Send + Sync>;

/// Fetches a signing certificate by URL (an HTTPS GET, certificate
/// verification on). Any `Fn(&str) -> Result<Vec<u8>, FetchError>` is one;
/// [`UreqTransport`](crate::UreqTransport) is one with feature `ureq`.
pub trait CertificateFetcher {
    /// The body at `url` (at most [`MAX_CERTIFICATE_BYTES`]).
    fn fetch(&self, url: &str) -> Result<Vec<u8>, FetchError>;
}

impl<F: Fn(&str) -> Result<Vec<u8>, FetchError>> CertificateFetcher for F {
    fn fetch(&self, url: &str) -> Result<Vec<u8>, FetchError> {
        self(url)
    }
}

/// Why an incoming IPN was not accepted.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum IpnError {
    /// The envelope, its certificate or its timing was refused: answer 4xx.
    #[error(transparent)]
    Refused(#[from] NotificationError),
    /// The certificate could not be fetched: answer 5xx so SNS retries.
    #[error("the signing certificate at {url} could not be fetched: {source}")]
    Fetch {
        /// The URL (already accepted by the trust policy).
        url: String,
        /// What went wrong.
        source: FetchError,
    },
    /// The system clock is before 1970 or past 9999.
    #[error("the system clock cannot be read as a timestamp")]
    Clock,
}

/// Verifies IPN bodies: parses the envelope, refuses a certificate URL the
/// policy does not allow before fetching anything, fetches the certificate
/// (cached: at most `capacity` certificates, each for at most `ttl`; the
/// oldest is dropped first), verifies, and returns the [`Ipn`] — whose
/// [`follow_up`](amazon_pay_core::notification::PaymentNotification::follow_up)
/// is the call to send next.
///
/// Answer SNS 2xx only for `Ok`; de-duplicate on
/// [`Ipn::message_id`] (SNS delivers at least once).
#[derive(Debug)]
pub struct IpnVerifier<F> {
    policy: TrustPolicy,
    fetcher: F,
    cache: Mutex<Cache>,
}

#[derive(Debug)]
struct Cache {
    capacity: usize,
    ttl: Duration,
    entries: Vec<(String, Vec<u8>, Timestamp)>,
    fetches: u64,
}

impl<F: CertificateFetcher> IpnVerifier<F> {
    /// A verifier under `policy` fetching with `fetcher`; the cache holds 8
    /// certificates for 24 hours each.
    pub fn new(policy: TrustPolicy, fetcher: F) -> IpnVerifier<F> {
        IpnVerifier {
            policy,
            fetcher,
            cache: Mutex::new(Cache {
                capacity: 8,
                ttl: Duration::hours(24),
                entries: Vec::new(),
                fetches: 0,
            }),
        }
    }

    /// Caches at most `capacity` certificates (at least 1), each for `ttl`.
    pub fn with_cache(self, capacity: usize, ttl: Duration) -> IpnVerifier<F> {
        if let Ok(mut cache) = self.cache.lock() {
            cache.capacity = capacity.max(1);
            cache.ttl = ttl;
            cache.entries.clear();
        }
        self
    }

    /// How many certificates were fetched so far (cache misses).
    pub fn fetches(&self) -> u64 {
        self.cache.lock().map_or(0, |cache| cache.fetches)
    }

    /// Verifies `body` at the system clock's time.
    pub fn verify_now(&self, body: &[u8]) -> Result<Ipn, IpnError> {
        let now = crate::now().map_err(|_| IpnError::Clock)?;
        self.verify(body, now)
    }

    /// Verifies `body` at `now`.
    pub fn verify(&self, body: &[u8], now: Timestamp) -> Result<Ipn, IpnError> {
        let envelope = Envelope::parse(body)?;
        let url = self.policy.certificate_url(&envelope)?;
        let certificate = self.certificate(url, now)?;
        let verified = verify(&envelope, &certificate, now, &self.policy);
        if let Err(
            NotificationError::CertificateUnreadable { .. }
            | NotificationError::CertificateKey(_)
            | NotificationError::CertificateExpired { .. }
            | NotificationError::CertificateNotYetValid { .. }
            | NotificationError::CertificateSubject { .. }
            | NotificationError::CertificateIssuer { .. },
        ) = &verified
            && let Ok(mut cache) = self.cache.lock()
        {
            cache.entries.retain(|(cached, _, _)| cached != url);
        }
        Ok(verified?)
    }

    fn certificate(&self, url: &str, now: Timestamp) -> Result<Vec<u8>, IpnError> {
        if let Ok(mut cache) = self.cache.lock() {
            let ttl = cache.ttl;
            cache
                .entries
                .retain(|(_, _, fetched)| now.since(*fetched) < ttl && *fetched <= now);
            if let Some((_, pem, _)) = cache.entries.iter().find(|(cached, _, _)| cached == url) {
                return Ok(pem.clone());
            }
        }
        let fetched = self.fetcher.fetch(url).map_err(|source| IpnError::Fetch {
            url: url.to_owned(),
            source,
        })?;
        if fetched.len() > MAX_CERTIFICATE_BYTES {
            return Err(IpnError::Fetch {
                url: url.to_owned(),
                source: format!(
                    "the body has {} bytes, more than a certificate",
                    fetched.len()
                )
                .into(),
            });
        }
        if let Ok(mut cache) = self.cache.lock() {
            cache.fetches += 1;
            if cache.entries.len() >= cache.capacity {
                // The oldest goes first.
                if let Some(oldest) = cache
                    .entries
                    .iter()
                    .enumerate()
                    .min_by_key(|(_, (_, _, at))| *at)
                    .map(|(i, _)| i)
                {
                    cache.entries.remove(oldest);
                }
            }
            cache.entries.push((url.to_owned(), fetched.clone(), now));
        }
        Ok(fetched)
    }
}

crate::error::debug_as_message!(IpnError);

impl IpnError {
    /// The stable, machine-readable code: the [`NotificationError`]'s
    /// (`"Stale"`, `"BadSignature"`), or `"Fetch"`, `"Clock"`.
    pub fn code(&self) -> &'static str {
        match self {
            IpnError::Refused(error) => error.code(),
            IpnError::Fetch { .. } => "Fetch",
            IpnError::Clock => "Clock",
        }
    }
}

/// As data: the [`NotificationError`]'s JSON, `{"code": "Fetch", "url",
/// "reason"}`, or `{"code": "Clock"}`.
impl serde::Serialize for IpnError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        if let IpnError::Refused(error) = self {
            return error.serialize(serializer);
        }
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("code", self.code())?;
        if let IpnError::Fetch { url, source } = self {
            map.serialize_entry("url", url)?;
            map.serialize_entry("reason", &source.to_string())?;
        }
        map.end()
    }
}
