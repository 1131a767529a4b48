//! [`PreparedRequest`]: a request with every header and its string to sign,
//! waiting for a signature made elsewhere.

use std::fmt;

use crate::config::Config;
use crate::request::{HeaderBlock, Method, SignedRequest};
use crate::sign::canonical::STRING_TO_SIGN_MAX;
use crate::sign::{Algorithm, CanonicalRequest, Signature};

/// A request ready to be signed: its canonical request and string to sign
/// are fixed, only the signature is missing. Made by
/// [`UnsignedRequest::prepare`](crate::UnsignedRequest::prepare); the
/// one-step [`sign`](crate::UnsignedRequest::sign) is `prepare`, the
/// signer, then [`finish`](Self::finish).
///
/// ```
/// # #[cfg(any(feature = "aws-lc-rs", feature = "rsa"))] {
/// use amazon_pay_core::sign::{DefaultSigner, Signer};
/// use amazon_pay_core::{Config, Method, PublicKeyId, Region, Timestamp, UnsignedRequest};
///
/// let pem = std::fs::read_to_string("tests/vectors/keys/rsa2048.pkcs8.pem")?;
/// let key = DefaultSigner::from_pem(&pem)?; // stands for a KMS, an HSM, WebCrypto …
/// let config = Config::new(Region::Na, PublicKeyId::parse("SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B")?);
/// let now = Timestamp::parse("20240301T102233Z")?;
///
/// let prepared = UnsignedRequest::new(Method::Get, "/charges/S01-5105180-3221187-C056351")
///     .prepare(&config, now)?;
/// assert!(prepared.string_to_sign().starts_with("AMZN-PAY-RSASSA-PSS-V2\n"));
/// // Elsewhere: RSASSA-PSS over the string to sign.
/// let signature = key.sign(prepared.algorithm(), prepared.string_to_sign().as_bytes(), &mut |b: &mut [u8]| b.fill(9))?;
/// let signed = prepared.finish(&signature);
/// signed.verify(key.public_key())?;
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct PreparedRequest {
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    canonical: CanonicalRequest,
    unsigned: Vec<(String, String)>,
    body: Vec<u8>,
    algorithm: Algorithm,
    key_id: String,
    scheme: &'static str,
    host: String,
    string_to_sign: String,
}

impl PreparedRequest {
    pub(crate) fn new(
        config: &Config,
        method: Method,
        path: String,
        query: Vec<(String, String)>,
        canonical: CanonicalRequest,
        unsigned: Vec<(String, String)>,
        body: Vec<u8>,
    ) -> PreparedRequest {
        let algorithm = config.algorithm();
        let mut buf = [0; STRING_TO_SIGN_MAX];
        let bytes = canonical.string_to_sign_into(algorithm, &mut buf);
        // The string to sign is ASCII: the algorithm's name and hex digits.
        let string_to_sign = String::from_utf8_lossy(bytes).into_owned();
        PreparedRequest {
            method,
            path,
            query,
            canonical,
            unsigned,
            body,
            algorithm,
            key_id: config.public_key_id().as_str().to_owned(),
            scheme: config.scheme(),
            host: config.host().to_owned(),
            string_to_sign,
        }
    }

    /// The algorithm the signature must use (the `Config`'s).
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The text to sign: `ALGORITHM\n` and the canonical request's SHA-256
    /// in lower-case hex. Sign its UTF-8 bytes.
    pub fn string_to_sign(&self) -> &str {
        &self.string_to_sign
    }

    /// The canonical request the string to sign hashes.
    pub fn canonical_request(&self) -> &CanonicalRequest {
        &self.canonical
    }

    /// The signed request, with `signature` in its `authorization` header.
    /// The signature is not checked here: verify the result with
    /// [`SignedRequest::verify`] and the public key if it came from a
    /// signer you do not trust to be right.
    pub fn finish(self, signature: &Signature) -> SignedRequest {
        let canonical = &self.canonical;
        let names = canonical.signed_headers();
        let header_bytes: usize = canonical.header_bytes()
            + self
                .unsigned
                .iter()
                .map(|(n, v)| n.len() + v.len())
                .sum::<usize>()
            + 96
            + self.key_id.len()
            + names.len()
            + signature.as_bytes().len().div_ceil(3) * 4;
        let mut headers = HeaderBlock::with_capacity(
            header_bytes,
            canonical.header_pairs().count() + 1 + self.unsigned.len(),
        );
        for (name, value) in canonical.header_pairs() {
            headers.push(name, value);
        }
        headers.push_with("authorization", |out| {
            out.push_str(self.algorithm.as_str());
            out.push_str(" PublicKeyId=");
            out.push_str(&self.key_id);
            out.push_str(", SignedHeaders=");
            out.push_str(names);
            out.push_str(", Signature=");
            signature.push_base64(out);
        });
        for (name, value) in &self.unsigned {
            headers.push(name, value);
        }
        let (uri, query_text) = (canonical.uri(), canonical.query());
        let mut url = String::with_capacity(
            self.scheme.len() + 4 + self.host.len() + uri.len() + query_text.len(),
        );
        url.push_str(self.scheme);
        url.push_str("://");
        url.push_str(&self.host);
        url.push_str(uri);
        if !query_text.is_empty() {
            url.push('?');
            url.push_str(query_text);
        }
        SignedRequest {
            method: self.method,
            url,
            path: self.path,
            query: self.query,
            headers,
            body: self.body,
        }
    }
}

/// The request's method, URL and string to sign; headers and body are
/// left out (they may carry buyer data).
impl fmt::Debug for PreparedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PreparedRequest")
            .field("method", &self.method)
            .field("host", &self.host)
            .field("path", &self.path)
            .field("algorithm", &self.algorithm)
            .field("string_to_sign", &self.string_to_sign)
            .finish_non_exhaustive()
    }
}
