//! Requests before and after signing.
//!
//! An [`UnsignedRequest`] is what an operation produces: method, resource
//! path, query, body, idempotency key and any extra headers.
//! [`UnsignedRequest::sign`] adds Amazon's headers for a [`Config`] and an
//! instant `now`, signs them, and returns a [`SignedRequest`] that any HTTP
//! client can send as it is.
//!
//! ```
//! # #[cfg(any(feature = "aws-lc-rs", feature = "rsa"))] {
//! use amazon_pay_core::sign::DefaultSigner;
//! use amazon_pay_core::{Config, IdempotencyKey, Method, PublicKeyId, Region, Timestamp, UnsignedRequest};
//!
//! let pem = std::fs::read_to_string("tests/vectors/keys/rsa2048.pkcs8.pem")?;
//! let signer = DefaultSigner::from_pem(&pem)?;
//! let config = Config::new(Region::Na, PublicKeyId::parse("SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B")?);
//! let mut entropy = |buf: &mut [u8]| buf.fill(7); // use the OS generator in production
//!
//! let request = UnsignedRequest::new(Method::Post, "/charges/S01-5105180-3221187-C056351/capture")
//!     .with_body(r#"{"captureAmount":{"amount":"14.00","currencyCode":"USD"}}"#)
//!     .with_idempotency_key(IdempotencyKey::generate(&mut entropy));
//! let now = Timestamp::parse("20240301T102233Z")?;
//! let signed = request.sign(&config, &signer, now, &mut entropy)?;
//!
//! assert_eq!(signed.url(), "https://pay-api.amazon.com/v2/charges/S01-5105180-3221187-C056351/capture");
//! assert_eq!(signed.header("x-amz-pay-date"), Some("20240301T102233Z"));
//! assert!(signed.authorization().starts_with("AMZN-PAY-RSASSA-PSS-V2 PublicKeyId=SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B, SignedHeaders=accept;content-type;x-amz-pay-date;x-amz-pay-host;x-amz-pay-idempotency-key;x-amz-pay-region, Signature="));
//! signed.verify(signer.public_key())?;
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use crate::config::Config;
use crate::entropy::Entropy;
use crate::sign::canonical::{self, RequestView, canonical_request, check_header, header_field};
use crate::sign::{Authorization, CanonicalRequest, Signer};
use crate::sign::{SignError, VerifyError};
use crate::timestamp::Timestamp;
use crate::validation::{Rule, ValidationError};

mod headers;
mod prepared;

use headers::HeaderBlock;
pub use headers::Headers;
pub use prepared::PreparedRequest;

/// The HTTP methods Amazon Pay uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// GET: read an object.
    Get,
    /// POST: create, capture, complete.
    Post,
    /// PUT (not used by the Checkout API; for completeness).
    Put,
    /// PATCH: update.
    Patch,
    /// DELETE: close and cancel, with a JSON body.
    Delete,
}

impl Method {
    /// The method name, upper case.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An `x-amz-pay-idempotency-key`: at most 32 characters of `A–Z a–z 0–9 - _`
/// (spec §8.8). Amazon keeps keys forever, per merchant account: never reuse
/// one for a different request.
///
/// It serializes as its text and deserializes from a JSON string through
/// [`parse`](Self::parse), so a key read from JSON obeys the same rules.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String")]
pub struct IdempotencyKey(String);

impl TryFrom<String> for IdempotencyKey {
    type Error = ValidationError;

    fn try_from(key: String) -> Result<IdempotencyKey, ValidationError> {
        IdempotencyKey::parse(&key)
    }
}

impl IdempotencyKey {
    /// The longest key Amazon accepts.
    pub const MAX_LEN: usize = 32;

    /// Checks a key of your own (field `x-amz-pay-idempotency-key`).
    pub fn parse(key: &str) -> Result<IdempotencyKey, ValidationError> {
        let fail = |rule| Err(ValidationError::new("x-amz-pay-idempotency-key", rule));
        if key.is_empty() {
            return fail(Rule::Empty);
        }
        if let Some(found) = key
            .chars()
            .find(|&c| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        {
            return fail(Rule::NotAllowedCharacter {
                found,
                allowed: "ASCII letters, digits, '-' and '_'",
            });
        }
        if key.len() > Self::MAX_LEN {
            return fail(Rule::TooLong {
                max: Self::MAX_LEN,
                found: key.len(),
            });
        }
        Ok(IdempotencyKey(key.to_owned()))
    }

    /// A fresh key: 16 bytes from `entropy` as 32 lower-case hex characters
    /// (a UUID's worth of randomness, without dashes, as the SDKs do).
    pub fn generate(entropy: &mut dyn Entropy) -> IdempotencyKey {
        let mut bytes = [0u8; 16];
        entropy.fill_bytes(&mut bytes);
        IdempotencyKey(canonical::hex(&bytes))
    }

    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for IdempotencyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Headers the crate sets and signs itself.
const RESERVED: [&str; 7] = [
    "accept",
    "content-type",
    "x-amz-pay-date",
    "x-amz-pay-host",
    "x-amz-pay-region",
    "x-amz-pay-idempotency-key",
    "authorization",
];

/// A request ready to be signed.
///
/// Builder methods never fail; [`sign`](Self::sign) reports the first problem
/// (a reserved or malformed header, a bad path), as `http`'s builders do.
#[derive(Clone, PartialEq, Eq)]
pub struct UnsignedRequest {
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    idempotency_key: Option<IdempotencyKey>,
}

impl UnsignedRequest {
    /// A request for `path`, relative to the API version: `/checkoutSessions`,
    /// `/charges/{chargeId}/capture`. The environment and version prefix come
    /// from the [`Config`] at signing. Give the path decoded; it is
    /// percent-encoded when signed and sent.
    pub fn new(method: Method, path: impl Into<String>) -> UnsignedRequest {
        UnsignedRequest {
            method,
            path: path.into(),
            query: Vec::new(),
            headers: Vec::new(),
            body: Vec::new(),
            idempotency_key: None,
        }
    }

    /// Adds a query parameter (decoded; repeated names are kept).
    pub fn with_query(
        mut self,
        name: impl Into<String>,
        value: impl Into<String>,
    ) -> UnsignedRequest {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Adds a header. `x-amz-pay-*` headers (simulation code, integrator id,
    /// auth token …) are signed; any other header is sent unsigned. The
    /// headers the crate sets itself are refused at signing.
    pub fn with_header(
        mut self,
        name: impl Into<String>,
        value: impl Into<String>,
    ) -> UnsignedRequest {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sets the body: the exact bytes to send (usually JSON).
    pub fn with_body(mut self, body: impl Into<Vec<u8>>) -> UnsignedRequest {
        self.body = body.into();
        self
    }

    /// Sets the `x-amz-pay-idempotency-key` (required for creating POSTs).
    pub fn with_idempotency_key(mut self, key: IdempotencyKey) -> UnsignedRequest {
        self.idempotency_key = Some(key);
        self
    }

    /// The method.
    pub fn method(&self) -> Method {
        self.method
    }

    /// The resource path, relative to the API version.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The body bytes.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The idempotency key, if set.
    pub fn idempotency_key(&self) -> Option<&IdempotencyKey> {
        self.idempotency_key.as_ref()
    }

    /// The query parameters, decoded, in the order added (signing sorts
    /// them).
    pub fn query(&self) -> &[(String, String)] {
        &self.query
    }

    /// The headers added with [`with_header`](Self::with_header), as given.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// Signs the request for `config` at `now` (written in `x-amz-pay-date`).
    ///
    /// Signed: `accept` and `content-type` (`application/json`),
    /// `x-amz-pay-date`, `x-amz-pay-host`, `x-amz-pay-region`, the
    /// idempotency key if set, and every `x-amz-pay-*` header added.
    /// Use a fresh `now` for every attempt: Amazon refuses dates in the future
    /// and, after some time, dates in the past; the idempotency key stays.
    pub fn sign(
        &self,
        config: &Config,
        signer: &(impl Signer + ?Sized),
        now: Timestamp,
        entropy: &mut dyn Entropy,
    ) -> Result<SignedRequest, SignError> {
        let prepared = self.prepare(config, now)?;
        let message = prepared.string_to_sign().as_bytes();
        let signature = signer.sign(prepared.algorithm(), message, entropy)?;
        Ok(prepared.finish(&signature))
    }

    /// The first half of [`sign`](Self::sign), for a key that lives
    /// elsewhere (WebCrypto, a KMS, an HSM, another language's crypto
    /// library): every header and the canonical request for `config` at
    /// `now`, and the string to sign. Sign
    /// [`string_to_sign`](PreparedRequest::string_to_sign) with RSASSA-PSS
    /// (SHA-256, MGF1-SHA-256, salt [`Algorithm::salt_len`](crate::sign::Algorithm::salt_len)),
    /// then [`finish`](PreparedRequest::finish) with the signature: the
    /// request is the one `sign` makes with that signature.
    pub fn prepare(
        &self,
        config: &Config,
        now: Timestamp,
    ) -> Result<PreparedRequest, ValidationError> {
        let mut path = config.path_prefix();
        path.push_str(&self.path);
        let date = now.basic();
        let mut signed: Vec<(&str, &str)> = Vec::with_capacity(6 + self.headers.len());
        // In canonical order, so that canonicalisation need not sort them.
        signed.extend([
            ("accept", "application/json"),
            ("content-type", "application/json"),
            ("x-amz-pay-date", date.as_str()),
            ("x-amz-pay-host", config.host()),
        ]);
        if let Some(key) = &self.idempotency_key {
            signed.push(("x-amz-pay-idempotency-key", key.as_str()));
        }
        signed.push(("x-amz-pay-region", config.region().as_str()));
        let mut unsigned = Vec::new();
        for (name, value) in &self.headers {
            let lower = name.to_ascii_lowercase();
            if RESERVED.contains(&lower.as_str()) {
                return Err(ValidationError::new(
                    header_field(name),
                    Rule::ReservedHeader,
                ));
            }
            if lower.starts_with("x-amz-pay-") {
                signed.push((name, value));
            } else {
                unsigned.push((lower, check_header(name, value)?.into_owned()));
            }
        }
        let query: Vec<(&str, &str)> = self
            .query
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let view = RequestView {
            method: self.method.as_str(),
            path: &path,
            query: &query,
            headers: &signed,
            body: &self.body,
        };
        let canonical = canonical_request(&view)?;
        Ok(PreparedRequest::new(
            config,
            self.method,
            path,
            self.query.clone(),
            canonical,
            unsigned,
            self.body.clone(),
        ))
    }
}

/// A signed request: send [`method`](Self::method) to [`url`](Self::url) with
/// [`headers`](Self::headers) and [`body`](Self::body), exactly as they are.
///
/// `Debug` hides the signature.
#[derive(Clone, PartialEq, Eq)]
pub struct SignedRequest {
    method: Method,
    url: String,
    path: String,
    query: Vec<(String, String)>,
    headers: HeaderBlock,
    body: Vec<u8>,
}

impl SignedRequest {
    /// The method.
    pub fn method(&self) -> Method {
        self.method
    }

    /// The full URL: `https://`, host, encoded path and encoded, sorted query.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Every header to send (lower-case names): the signed ones, then
    /// `authorization`, then unsigned ones added by the caller.
    pub fn headers(&self) -> Headers<'_> {
        self.headers.iter()
    }

    /// The value of header `name` (ignoring case), if present.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(candidate, _)| candidate.eq_ignore_ascii_case(name))
            .map(|(_, value)| value)
    }

    /// The `authorization` header.
    pub fn authorization(&self) -> &str {
        self.header("authorization").unwrap_or_default()
    }

    /// The body bytes, exactly as signed.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The request as a [`RequestView`] over its own parts (decoded path and
    /// query, every header), passed to `f`.
    pub fn with_view<T>(&self, f: impl FnOnce(&RequestView<'_>) -> T) -> T {
        let query: Vec<(&str, &str)> = self
            .query
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let headers: Vec<(&str, &str)> = self.headers.iter().collect();
        f(&RequestView {
            method: self.method.as_str(),
            path: &self.path,
            query: &query,
            headers: &headers,
            body: &self.body,
        })
    }

    /// The canonical request that was signed — what to compare with the
    /// string Amazon quotes in an `InvalidRequestSignature` message.
    pub fn canonical_request(&self) -> Result<CanonicalRequest, VerifyError> {
        let authorization = Authorization::parse(self.authorization())?;
        self.with_view(|view| {
            let signed: Vec<(&str, &str)> = view
                .headers
                .iter()
                .copied()
                .filter(|(name, _)| authorization.signed_headers.split(';').any(|s| s == *name))
                .collect();
            Ok(canonical_request(&RequestView {
                headers: &signed,
                ..*view
            })?)
        })
    }

    /// Verifies the request's own signature with `key`, as Amazon would.
    #[cfg(any(feature = "aws-lc-rs", feature = "rsa"))]
    #[cfg_attr(docsrs, doc(cfg(any(feature = "aws-lc-rs", feature = "rsa"))))]
    pub fn verify(
        &self,
        key: &crate::sign::PublicKey,
    ) -> Result<crate::sign::Verified, VerifyError> {
        self.with_view(|view| crate::sign::verify_request(key, view, self.authorization()))
    }
}

impl fmt::Debug for SignedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignedRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &self.headers)
            .field("body", &BodyShape(&self.body))
            .finish()
    }
}

impl fmt::Debug for UnsignedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnsignedRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &self.headers)
            .field("body", &BodyShape(&self.body))
            .field("idempotency_key", &self.idempotency_key)
            .finish()
    }
}

/// `Debug` of a request body without the buyer data it may carry: JSON with
/// every string replaced by `"<redacted>"` (names, numbers and structure
/// kept), anything else as its length.
struct BodyShape<'a>(&'a [u8]);

impl fmt::Debug for BodyShape<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn redact(value: &mut serde_json::Value) {
            match value {
                serde_json::Value::String(text) => *text = "<redacted>".to_owned(),
                serde_json::Value::Array(items) => items.iter_mut().for_each(redact),
                serde_json::Value::Object(fields) => fields.values_mut().for_each(redact),
                _ => {}
            }
        }
        if self.0.is_empty() {
            return f.write_str("<empty>");
        }
        match serde_json::from_slice::<serde_json::Value>(self.0) {
            Ok(mut value) => {
                redact(&mut value);
                write!(f, "{value}")
            }
            Err(_) => write!(f, "<{} bytes, not JSON>", self.0.len()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_no_buyer_data() {
        let body = r#"{"addressDetails":{"name":"Jane Doe","phoneNumber":"555-0100","postalCode":"98101"},"chargeAmount":{"amount":"14.00","currencyCode":"USD"},"captureNow":true}"#;
        let request = UnsignedRequest::new(Method::Post, "/checkoutSessions").with_body(body);
        let debug = format!("{request:?}");
        for secret in ["Jane", "555", "98101", "74, 97"] {
            assert!(!debug.contains(secret), "{debug}");
        }
        assert!(debug.contains("addressDetails") && debug.contains("captureNow"));
        let bytes = UnsignedRequest::new(Method::Post, "/x").with_body(vec![0xff, 0xfe]);
        assert!(format!("{bytes:?}").contains("<2 bytes, not JSON>"));
    }

    #[test]
    fn idempotency_keys() {
        assert!(IdempotencyKey::parse("LfOgvmFXJvfGLpLP").is_ok());
        assert!(IdempotencyKey::parse(&"a".repeat(32)).is_ok());
        assert!(matches!(
            IdempotencyKey::parse(&"a".repeat(33)).unwrap_err().rule(),
            Rule::TooLong { max: 32, found: 33 }
        ));
        assert_eq!(IdempotencyKey::parse("").unwrap_err().rule(), &Rule::Empty);
        assert!(matches!(
            IdempotencyKey::parse("a b").unwrap_err().rule(),
            Rule::NotAllowedCharacter { found: ' ', .. }
        ));
        let mut counter = 0u8;
        let mut entropy = |buf: &mut [u8]| {
            for b in buf {
                *b = counter;
                counter = counter.wrapping_add(1);
            }
        };
        let key = IdempotencyKey::generate(&mut entropy);
        assert_eq!(key.as_str(), "000102030405060708090a0b0c0d0e0f");
        assert!(IdempotencyKey::parse(key.as_str()).is_ok());
    }
}
