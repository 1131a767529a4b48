//! The AWS-LC backend (feature `aws-lc-rs`, default).

use std::fmt;

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::signature::{
    KeyPair as _, RSA_PSS_SHA256, RsaKeyPair, RsaPssSaltLength, RsaSignatureEncoding,
};

use crate::entropy::Entropy;
#[cfg(feature = "ipn")]
use crate::sign::Pkcs1Digest;
use crate::sign::error::{KeyError, SignError, VerifyError};
use crate::sign::key::{KeyFormat, PrivateKeyDocument, PublicKey};
use crate::sign::{Algorithm, Signature, Signer};

const SIGN_SALT_20: RsaSignatureEncoding =
    RSA_PSS_SHA256.with_pss_salt_length(RsaPssSaltLength::Custom(20));
const SIGN_SALT_32: RsaSignatureEncoding =
    RSA_PSS_SHA256.with_pss_salt_length(RsaPssSaltLength::Custom(32));

/// Signs with AWS-LC: constant-time RSA, the fastest backend.
///
/// The PSS salt comes from AWS-LC's own generator (seeded by the operating
/// system), so the [`Entropy`] argument of [`Signer::sign`] is not used and
/// signatures differ on every call. AWS-LC clears key memory when the key is
/// dropped.
///
/// ```
/// use amazon_pay_core::sign::{Algorithm, AwsLcSigner, Signer};
///
/// let pem = std::fs::read_to_string("tests/vectors/keys/rsa2048.pkcs8.pem")?;
/// let signer = AwsLcSigner::from_pem(&pem)?;
/// let mut unused = |_: &mut [u8]| {};
/// let signature = signer.sign(Algorithm::RsassaPssV2, b"AMZN-PAY-RSASSA-PSS-V2\n...", &mut unused)?;
/// signer.public_key().verify(Algorithm::RsassaPssV2, b"AMZN-PAY-RSASSA-PSS-V2\n...", signature.as_bytes())?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct AwsLcSigner {
    key: RsaKeyPair,
    public_key: PublicKey,
}

impl AwsLcSigner {
    /// A signer for a checked key document.
    pub fn new(document: &PrivateKeyDocument) -> Result<AwsLcSigner, KeyError> {
        let rejected = |err: aws_lc_rs::error::KeyRejected| KeyError::Rejected {
            backend: "aws-lc-rs",
            reason: err.to_string(),
        };
        let key = match document.format() {
            KeyFormat::Pkcs8 => RsaKeyPair::from_pkcs8(document.der()),
            KeyFormat::Pkcs1 => RsaKeyPair::from_der(document.der()),
        }
        .map_err(rejected)?;
        let spki = key.public_key().as_der().map_err(|_| KeyError::Rejected {
            backend: "aws-lc-rs",
            reason: "cannot encode the public key".into(),
        })?;
        let public_key =
            PublicKey::from_spki_unchecked(spki.as_ref().to_vec(), document.modulus_bits());
        Ok(AwsLcSigner { key, public_key })
    }
}

key_readers!(AwsLcSigner);

impl Signer for AwsLcSigner {
    fn sign(
        &self,
        algorithm: Algorithm,
        message: &[u8],
        _entropy: &mut dyn Entropy,
    ) -> Result<Signature, SignError> {
        let encoding: &'static RsaSignatureEncoding = match algorithm {
            Algorithm::RsassaPss => &SIGN_SALT_20,
            Algorithm::RsassaPssV2 => &SIGN_SALT_32,
        };
        let mut signature = vec![0; self.key.public_modulus_len()];
        // aws-lc-rs ignores this generator (it uses AWS-LC's own DRBG).
        let rng = aws_lc_rs::rand::SystemRandom::new();
        self.key
            .sign(encoding, &rng, message, &mut signature)
            .map_err(|err| SignError::Signer(Box::new(err)))?;
        Ok(Signature::from_bytes(signature))
    }
}

impl fmt::Debug for AwsLcSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AwsLcSigner")
            .field("modulus_bits", &self.public_key.modulus_bits())
            .finish_non_exhaustive()
    }
}

pub(crate) fn verify(
    key: &PublicKey,
    algorithm: Algorithm,
    message: &[u8],
    signature: &[u8],
) -> Result<(), VerifyError> {
    let Some(parsed) = key.aws_lc() else {
        return Err(key_refused());
    };
    let parsed = match algorithm {
        Algorithm::RsassaPss => &parsed.salt_20,
        Algorithm::RsassaPssV2 => &parsed.salt_32,
    };
    parsed
        .verify_sig(message, signature)
        .map_err(|_| VerifyError::BadSignature)
}

/// AWS-LC refused the public key.
fn key_refused() -> VerifyError {
    VerifyError::Key(KeyError::Rejected {
        backend: "aws-lc-rs",
        reason: "AWS-LC does not accept this RSA public key".into(),
    })
}

/// RSASSA-PKCS1-v1_5 verification (Amazon SNS signatures, spec §12.2).
#[cfg(feature = "ipn")]
pub(crate) fn verify_pkcs1(
    key: &PublicKey,
    digest: Pkcs1Digest,
    message: &[u8],
    signature: &[u8],
) -> Result<(), VerifyError> {
    use aws_lc_rs::signature::{
        ParsedPublicKey, RSA_PKCS1_2048_8192_SHA1_FOR_LEGACY_USE_ONLY, RSA_PKCS1_2048_8192_SHA256,
    };
    let parameters = match digest {
        Pkcs1Digest::Sha1 => &RSA_PKCS1_2048_8192_SHA1_FOR_LEGACY_USE_ONLY,
        Pkcs1Digest::Sha256 => &RSA_PKCS1_2048_8192_SHA256,
    };
    ParsedPublicKey::new(parameters, key.der())
        .map_err(|_| key_refused())?
        .verify_sig(message, signature)
        .map_err(|_| VerifyError::BadSignature)
}
