//! The Amazon Pay button's signature (spec §9).

use std::fmt;

use crate::config::{Config, PublicKeyId};
use crate::entropy::Entropy;
#[cfg(any(feature = "aws-lc-rs", feature = "rsa"))]
use crate::sign::PublicKey;
use crate::sign::SignError;
use crate::sign::Signature;
#[cfg(any(feature = "aws-lc-rs", feature = "rsa"))]
use crate::sign::VerifyError;
use crate::sign::canonical::string_to_sign;
use crate::sign::{Algorithm, Signer};

/// Everything the front end's `amazon.Pay.renderButton` needs in
/// `createCheckoutSessionConfig`: the payload, its signature, the public key
/// id and the algorithm.
///
/// The signature is over exactly the payload bytes given, so the front end
/// must receive [`payload`](Self::payload) byte for byte — re-serialising the
/// JSON (other whitespace, other escaping) breaks the signature. Build the
/// payload once, sign it, and hand the same string to the page.
///
/// `Debug` shows the signature's length only.
#[derive(Clone, PartialEq, Eq)]
pub struct ButtonSignature {
    payload: String,
    signature: String,
    algorithm: Algorithm,
    public_key_id: PublicKeyId,
}

impl ButtonSignature {
    /// Signs `payload` (the Create Checkout Session JSON, as the page will
    /// send it) with `config`'s algorithm:
    /// `signature = RSASSA-PSS(ALGORITHM + "\n" + hex(SHA-256(payload)))`.
    pub fn sign(
        config: &Config,
        signer: &(impl Signer + ?Sized),
        payload: impl Into<String>,
        entropy: &mut dyn Entropy,
    ) -> Result<ButtonSignature, SignError> {
        let prepared = ButtonSignature::prepare(config, payload);
        let message = prepared.string_to_sign().as_bytes();
        let signature = signer.sign(prepared.algorithm(), message, entropy)?;
        Ok(prepared.finish(&signature))
    }

    /// The first half of [`sign`](Self::sign), for a key that lives
    /// elsewhere: the payload and its string to sign. Sign
    /// [`string_to_sign`](PreparedButton::string_to_sign), then
    /// [`finish`](PreparedButton::finish) with the signature.
    pub fn prepare(config: &Config, payload: impl Into<String>) -> PreparedButton {
        let payload = payload.into();
        let algorithm = config.algorithm();
        PreparedButton {
            string_to_sign: string_to_sign(algorithm, payload.as_bytes()),
            payload,
            algorithm,
            public_key_id: config.public_key_id().clone(),
        }
    }

    /// The payload, exactly as signed: `payloadJSON`.
    pub fn payload(&self) -> &str {
        &self.payload
    }

    /// The base64 signature: `signature`.
    pub fn signature(&self) -> &str {
        &self.signature
    }

    /// The algorithm: `algorithm` (required by the button for V2).
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The public key id: `publicKeyId`.
    pub fn public_key_id(&self) -> &PublicKeyId {
        &self.public_key_id
    }

    /// Checks the signature against the payload with `key`.
    #[cfg(any(feature = "aws-lc-rs", feature = "rsa"))]
    #[cfg_attr(docsrs, doc(cfg(any(feature = "aws-lc-rs", feature = "rsa"))))]
    pub fn verify(&self, key: &PublicKey) -> Result<(), VerifyError> {
        let signature = Signature::from_base64(&self.signature)?;
        let text = string_to_sign(self.algorithm, self.payload.as_bytes());
        key.verify(self.algorithm, text.as_bytes(), signature.as_bytes())
    }
}

impl fmt::Debug for ButtonSignature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ButtonSignature")
            .field("payload", &self.payload)
            .field(
                "signature",
                &format_args!("<{} base64 characters>", self.signature.len()),
            )
            .field("algorithm", &self.algorithm)
            .field("public_key_id", &self.public_key_id)
            .finish()
    }
}

/// A button payload waiting for its signature: made by
/// [`ButtonSignature::prepare`], finished with a signature made elsewhere
/// (WebCrypto, a KMS, an HSM).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedButton {
    payload: String,
    string_to_sign: String,
    algorithm: Algorithm,
    public_key_id: PublicKeyId,
}

impl PreparedButton {
    /// The payload, exactly as it will be signed.
    pub fn payload(&self) -> &str {
        &self.payload
    }

    /// The text to sign: `ALGORITHM\n` and the payload's SHA-256 in hex.
    pub fn string_to_sign(&self) -> &str {
        &self.string_to_sign
    }

    /// The algorithm the signature must use (the `Config`'s).
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The button's signature fields, with `signature`.
    pub fn finish(self, signature: &Signature) -> ButtonSignature {
        ButtonSignature {
            payload: self.payload,
            signature: signature.to_base64(),
            algorithm: self.algorithm,
            public_key_id: self.public_key_id,
        }
    }
}
