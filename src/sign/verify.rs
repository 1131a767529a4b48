//! Checking a signed request with the merchant's public key.

//!
//! The one place that picks a backend for verification: the backends below
//! never call back up.

use crate::sign::Algorithm;
#[cfg(all(feature = "ipn", any(feature = "aws-lc-rs", feature = "rsa")))]
use crate::sign::Pkcs1Digest;
#[cfg(any(feature = "aws-lc-rs", feature = "rsa"))]
use crate::sign::Signature;
#[cfg(feature = "aws-lc-rs")]
use crate::sign::aws_lc;
#[cfg(any(feature = "aws-lc-rs", feature = "rsa"))]
use crate::sign::canonical::{RequestView, canonical_request};
use crate::sign::error::VerifyError;
#[cfg(any(feature = "aws-lc-rs", feature = "rsa"))]
use crate::sign::key::PublicKey;
#[cfg(feature = "rsa")]
use crate::sign::rustcrypto;

/// The parts of an `authorization` header:
/// `ALGORITHM PublicKeyId=…, SignedHeaders=…, Signature=…` (spec §8.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Authorization<'a> {
    /// The algorithm named first.
    pub algorithm: Algorithm,
    /// The public key id.
    pub public_key_id: &'a str,
    /// The signed header names, `;`-separated.
    pub signed_headers: &'a str,
    /// The base64 signature.
    pub signature: &'a str,
}

impl<'a> Authorization<'a> {
    /// Reads the exact layout the official SDKs write: one space after the
    /// algorithm, `, ` between the three parts, in this order, no quotes.
    pub fn parse(value: &'a str) -> Result<Authorization<'a>, VerifyError> {
        let malformed = |reason| VerifyError::MalformedAuthorization { reason };
        let (algorithm, rest) = value
            .split_once(' ')
            .ok_or(malformed("no space after the algorithm name"))?;
        let algorithm = Algorithm::parse(algorithm)?;
        let mut parts = rest.split(", ");
        let mut part = |name: &'static str| {
            parts
                .next()
                .and_then(|part| part.strip_prefix(name))
                .and_then(|part| part.strip_prefix('='))
                .ok_or(malformed(
                    "expected PublicKeyId=…, SignedHeaders=…, Signature=…",
                ))
        };
        let public_key_id = part("PublicKeyId")?;
        let signed_headers = part("SignedHeaders")?;
        let signature = part("Signature")?;
        if parts.next().is_some() {
            return Err(malformed("text after the signature"));
        }
        Ok(Authorization {
            algorithm,
            public_key_id,
            signed_headers,
            signature,
        })
    }
}

/// What a successful [`verify_request`] established.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The algorithm the request was signed with.
    pub algorithm: Algorithm,
    /// The public key id the request names.
    pub public_key_id: String,
    /// The headers that were signed, lower case.
    pub signed_headers: Vec<String>,
}

/// Verifies a signed request as Amazon does: reads `authorization`, takes the
/// headers it lists from `request.headers` (matching names ignoring case),
/// rebuilds the canonical request and checks the signature with `key`.
///
/// `request.headers` holds every header sent (the `authorization` header
/// itself and unsigned headers are ignored). The caller checks that
/// `public_key_id` belongs to `key`.
#[cfg(any(feature = "aws-lc-rs", feature = "rsa"))]
#[cfg_attr(docsrs, doc(cfg(any(feature = "aws-lc-rs", feature = "rsa"))))]
pub fn verify_request(
    key: &PublicKey,
    request: &RequestView<'_>,
    authorization: &str,
) -> Result<Verified, VerifyError> {
    let authorization = Authorization::parse(authorization)?;
    let mut signed = Vec::new();
    for name in authorization.signed_headers.split(';') {
        let header = request
            .headers
            .iter()
            .find(|(candidate, _)| candidate.eq_ignore_ascii_case(name))
            .ok_or_else(|| VerifyError::MissingSignedHeader {
                name: crate::validation::excerpt(name),
            })?;
        signed.push(*header);
    }
    let view = RequestView {
        headers: &signed,
        ..*request
    };
    let canonical = canonical_request(&view)?;
    if canonical.signed_headers() != authorization.signed_headers {
        return Err(VerifyError::MalformedAuthorization {
            reason: "SignedHeaders is not the sorted, lower-case list of signed names",
        });
    }
    let signature = Signature::from_base64(authorization.signature)?;
    let string_to_sign = canonical.string_to_sign(authorization.algorithm);
    key.verify(
        authorization.algorithm,
        string_to_sign.as_bytes(),
        signature.as_bytes(),
    )?;
    Ok(Verified {
        algorithm: authorization.algorithm,
        public_key_id: authorization.public_key_id.to_owned(),
        signed_headers: authorization
            .signed_headers
            .split(';')
            .map(str::to_owned)
            .collect(),
    })
}

#[cfg(any(feature = "aws-lc-rs", feature = "rsa"))]
impl PublicKey {
    /// Checks an Amazon Pay signature over `message` with the fastest backend
    /// compiled in.
    #[cfg(any(feature = "aws-lc-rs", feature = "rsa"))]
    #[cfg_attr(docsrs, doc(cfg(any(feature = "aws-lc-rs", feature = "rsa"))))]
    pub fn verify(
        &self,
        algorithm: Algorithm,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), VerifyError> {
        #[cfg(feature = "aws-lc-rs")]
        return aws_lc::verify(self, algorithm, message, signature);
        #[cfg(not(feature = "aws-lc-rs"))]
        return rustcrypto::verify(self, algorithm, message, signature);
    }

    /// Checks a signature with AWS-LC.
    #[cfg(feature = "aws-lc-rs")]
    #[cfg_attr(docsrs, doc(cfg(feature = "aws-lc-rs")))]
    pub fn verify_with_aws_lc(
        &self,
        algorithm: Algorithm,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), VerifyError> {
        aws_lc::verify(self, algorithm, message, signature)
    }

    /// Checks a signature with the pure-Rust `rsa` crate.
    #[cfg(feature = "rsa")]
    #[cfg_attr(docsrs, doc(cfg(feature = "rsa")))]
    pub fn verify_with_rustcrypto(
        &self,
        algorithm: Algorithm,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), VerifyError> {
        rustcrypto::verify(self, algorithm, message, signature)
    }
}

#[cfg(all(feature = "ipn", any(feature = "aws-lc-rs", feature = "rsa")))]
impl PublicKey {
    /// Checks an RSASSA-PKCS1-v1_5 signature with the fastest backend
    /// compiled in.
    pub(crate) fn verify_pkcs1(
        &self,
        digest: Pkcs1Digest,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), VerifyError> {
        #[cfg(feature = "aws-lc-rs")]
        return aws_lc::verify_pkcs1(self, digest, message, signature);
        #[cfg(not(feature = "aws-lc-rs"))]
        return rustcrypto::verify_pkcs1(self, digest, message, signature);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_sdk_layout() {
        let value = "AMZN-PAY-RSASSA-PSS-V2 PublicKeyId=AHEGSJCM3L2S637RBGABLAFW, SignedHeaders=accept;content-type;x-amz-pay-date;x-amz-pay-host;x-amz-pay-region, Signature=lDCy+/w==";
        let parsed = Authorization::parse(value).unwrap();
        assert_eq!(parsed.algorithm, Algorithm::RsassaPssV2);
        assert_eq!(parsed.public_key_id, "AHEGSJCM3L2S637RBGABLAFW");
        assert_eq!(
            parsed.signed_headers,
            "accept;content-type;x-amz-pay-date;x-amz-pay-host;x-amz-pay-region"
        );
        assert_eq!(parsed.signature, "lDCy+/w==");
    }

    #[test]
    fn refuses_other_layouts() {
        for value in [
            "",
            "AMZN-PAY-RSASSA-PSS-V2",
            "AMZN-PAY-RSASSA-PSS-V2 PublicKeyId=A,SignedHeaders=a,Signature=b",
            "AMZN-PAY-RSASSA-PSS-V2 SignedHeaders=a, PublicKeyId=A, Signature=b",
            "AMZN-PAY-RSASSA-PSS-V2 PublicKeyId=A, SignedHeaders=a, Signature=b, Extra=c",
            "AMZN-PAY-RSASSA-PSS-V3 PublicKeyId=A, SignedHeaders=a, Signature=b",
            "AMZN-PAY-RSASSA-PSS-V2 PublicKeyId=A, SignedHeaders=a",
        ] {
            assert!(Authorization::parse(value).is_err(), "{value:?}");
        }
    }
}
