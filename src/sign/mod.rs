//! Request signing: `AMZN-PAY-RSASSA-PSS-V2` and `AMZN-PAY-RSASSA-PSS` (spec §8, §9).
//!
//! Two layers, kept apart so the first can be tested without cryptography:
//!
//! 1. **Text** ([`canonical`]): the canonical request and the string to sign,
//!    from a borrowed [`RequestView`]. Pure functions of their input.
//! 2. **Signature** ([`Signer`]): turns the string to sign into an RSA-PSS
//!    signature (SHA-256, MGF1-SHA-256, salt 32 for V2 and 20 for the older
//!    algorithm). Built-in backends:
//!    - [`AwsLcSigner`] (feature `aws-lc-rs`, the default): AWS-LC,
//!      constant-time and fast. It draws the PSS salt from AWS-LC's own
//!      generator and ignores the [`Entropy`] argument.
//!    - `RustCryptoSigner` (feature `rsa`): pure Rust, builds for wasm32,
//!      blinded, and takes the salt and blinding from the caller's entropy —
//!      a seeded generator gives byte-identical signatures. The `rsa` crate
//!      carries advisory RUSTSEC-2023-0071 (a timing side channel); prefer the
//!      default backend on servers.
//!
//!    Implement [`Signer`] yourself to sign with an HSM or a cloud KMS.
//!
//! [`UnsignedRequest::sign`](crate::UnsignedRequest::sign) puts the two
//! together; [`verify_request`] checks a signed request with a [`PublicKey`].
//!
//! PSS signatures are randomized: compare signatures by verifying them, never
//! by their bytes (except with a seeded `RustCryptoSigner`).

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

use crate::entropy::Entropy;
use crate::validation::excerpt;

/// The key readers every built-in backend offers on top of its own `new`:
/// each reads the key into a [`PrivateKeyDocument`] first, so both backends
/// accept the same forms and refuse the same wrong keys with the same errors.
#[cfg(any(feature = "aws-lc-rs", feature = "rsa"))]
macro_rules! key_readers {
    ($signer:ident) => {
        impl $signer {
            /// Reads a PEM private key (PKCS#8 or PKCS#1).
            pub fn from_pem(text: &str) -> Result<$signer, KeyError> {
                Self::new(&PrivateKeyDocument::from_pem(text)?)
            }

            /// Reads a DER private key (PKCS#8 or PKCS#1).
            pub fn from_der(der: &[u8]) -> Result<$signer, KeyError> {
                Self::new(&PrivateKeyDocument::from_der(der)?)
            }

            /// Reads a private key, PEM or DER.
            pub fn parse(bytes: &[u8]) -> Result<$signer, KeyError> {
                Self::new(&PrivateKeyDocument::parse(bytes)?)
            }

            /// The matching public key.
            pub fn public_key(&self) -> &PublicKey {
                &self.public_key
            }
        }
    };
}

#[cfg(feature = "aws-lc-rs")]
mod aws_lc;
pub mod canonical;
mod der;
mod error;
mod key;
#[cfg(feature = "rsa")]
mod rustcrypto;
mod verify;

#[cfg(feature = "aws-lc-rs")]
#[cfg_attr(docsrs, doc(cfg(feature = "aws-lc-rs")))]
pub use aws_lc::AwsLcSigner;
pub use canonical::{CanonicalRequest, RequestView, canonical_request, string_to_sign};
pub use error::{KeyError, SignError, VerifyError};
pub use key::{KeyFormat, PrivateKeyDocument, PublicKey};
#[cfg(feature = "rsa")]
#[cfg_attr(docsrs, doc(cfg(feature = "rsa")))]
pub use rustcrypto::RustCryptoSigner;
#[cfg(any(feature = "aws-lc-rs", feature = "rsa"))]
pub use verify::verify_request;
pub use verify::{Authorization, Verified};

/// The fastest signer compiled in: [`AwsLcSigner`] with the default features,
/// `RustCryptoSigner` when only the `rsa` feature is on.
#[cfg(feature = "aws-lc-rs")]
pub type DefaultSigner = AwsLcSigner;
/// The fastest signer compiled in: [`AwsLcSigner`] with the default features,
/// `RustCryptoSigner` when only the `rsa` feature is on.
#[cfg(all(feature = "rsa", not(feature = "aws-lc-rs")))]
pub type DefaultSigner = RustCryptoSigner;

/// The digest of an RSASSA-PKCS1-v1_5 signature: SNS signs notifications
/// with SHA1withRSA (`SignatureVersion` 1) or SHA256withRSA (2).
#[cfg(all(feature = "ipn", any(feature = "aws-lc-rs", feature = "rsa")))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pkcs1Digest {
    Sha1,
    Sha256,
}

/// Amazon Pay's signature algorithms (spec §8.1). They differ only in the
/// PSS salt length and in the name written into what is signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Algorithm {
    /// `AMZN-PAY-RSASSA-PSS`: salt of 20 bytes. The official SDKs' default,
    /// still accepted.
    RsassaPss,
    /// `AMZN-PAY-RSASSA-PSS-V2`: salt of 32 bytes. Amazon's recommendation and
    /// this crate's default. The button needs `algorithm` set to it.
    #[default]
    RsassaPssV2,
}

impl Algorithm {
    /// Both algorithms.
    pub const ALL: [Algorithm; 2] = [Algorithm::RsassaPss, Algorithm::RsassaPssV2];

    /// The exact name, as written in the string to sign and the `authorization` header.
    pub const fn as_str(self) -> &'static str {
        match self {
            Algorithm::RsassaPss => "AMZN-PAY-RSASSA-PSS",
            Algorithm::RsassaPssV2 => "AMZN-PAY-RSASSA-PSS-V2",
        }
    }

    /// The PSS salt length in bytes: 20 or 32.
    pub const fn salt_len(self) -> usize {
        match self {
            Algorithm::RsassaPss => 20,
            Algorithm::RsassaPssV2 => 32,
        }
    }

    /// Reads an exact algorithm name.
    pub fn parse(name: &str) -> Result<Algorithm, VerifyError> {
        Algorithm::ALL
            .into_iter()
            .find(|algorithm| algorithm.as_str() == name)
            .ok_or_else(|| VerifyError::UnknownAlgorithm {
                found: excerpt(name),
            })
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Something that can make an Amazon Pay signature: the built-in backends, or
/// your HSM or KMS.
///
/// `sign` receives the string to sign (not its digest) and must return
/// `RSASSA-PSS(SHA-256, MGF1-SHA-256, salt = algorithm.salt_len())` over it.
/// `entropy` is the caller's randomness, for signers that can use it.
pub trait Signer {
    /// Signs `message`.
    fn sign(
        &self,
        algorithm: Algorithm,
        message: &[u8],
        entropy: &mut dyn Entropy,
    ) -> Result<Signature, SignError>;
}

/// A reference or a smart pointer to a signer signs as the signer does.
macro_rules! forward_signer {
    ($($pointer:ty),+) => {$(
        impl<S: Signer + ?Sized> Signer for $pointer {
            fn sign(
                &self,
                algorithm: Algorithm,
                message: &[u8],
                entropy: &mut dyn Entropy,
            ) -> Result<Signature, SignError> {
                (**self).sign(algorithm, message, entropy)
            }
        }
    )+};
}

forward_signer!(&S, Box<S>, std::sync::Arc<S>);

/// Raw signature bytes. `Debug` shows only their length.
#[derive(Clone, PartialEq, Eq)]
pub struct Signature(Vec<u8>);

impl Signature {
    /// Wraps raw signature bytes (what a custom [`Signer`] returns).
    pub fn from_bytes(bytes: Vec<u8>) -> Signature {
        Signature(bytes)
    }

    /// Reads standard base64 with padding, as in the `authorization` header.
    pub fn from_base64(text: &str) -> Result<Signature, VerifyError> {
        BASE64
            .decode(text)
            .map(Signature)
            .map_err(|_| VerifyError::NotBase64)
    }

    /// The raw bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Standard base64 with padding and no line breaks, as Amazon expects.
    pub fn to_base64(&self) -> String {
        BASE64.encode(&self.0)
    }

    /// Appends the base64 text to `out`.
    pub(crate) fn push_base64(&self, out: &mut String) {
        BASE64.encode_string(&self.0, out);
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Signature(<{} bytes>)", self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn algorithm_names_and_salts() {
        assert_eq!(Algorithm::default(), Algorithm::RsassaPssV2);
        assert_eq!(Algorithm::RsassaPssV2.as_str(), "AMZN-PAY-RSASSA-PSS-V2");
        assert_eq!(Algorithm::RsassaPss.as_str(), "AMZN-PAY-RSASSA-PSS");
        assert_eq!(Algorithm::RsassaPssV2.salt_len(), 32);
        assert_eq!(Algorithm::RsassaPss.salt_len(), 20);
        for algorithm in Algorithm::ALL {
            assert_eq!(Algorithm::parse(algorithm.as_str()).unwrap(), algorithm);
        }
        assert!(Algorithm::parse("amzn-pay-rsassa-pss-v2").is_err());
    }

    #[test]
    fn signature_debug_hides_bytes() {
        let signature = Signature::from_bytes(vec![1, 2, 3]);
        assert_eq!(format!("{signature:?}"), "Signature(<3 bytes>)");
        assert_eq!(
            Signature::from_base64(&signature.to_base64()).unwrap(),
            signature
        );
        assert_eq!(
            Signature::from_base64("not base64!"),
            Err(VerifyError::NotBase64)
        );
    }
}
