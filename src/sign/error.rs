//! What signing and verification can refuse: an unusable key
//! ([`KeyError`]), a failed signature ([`SignError`]), a signature that does
//! not verify ([`VerifyError`]).

use crate::validation::ValidationError;

/// A private or public key that cannot be used, and what to do instead.
///
/// Amazon Pay keys are RSA key pairs created in Seller Central; the private
/// key is downloaded once, as a PEM file.
#[derive(Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[serde(tag = "code", rename_all_fields = "camelCase")]
#[non_exhaustive]
pub enum KeyError {
    /// Neither a PEM block nor a DER key document.
    #[error(
        "not a key: expected a PEM file starting with -----BEGIN PRIVATE KEY----- (PKCS#8) or \
         -----BEGIN RSA PRIVATE KEY----- (PKCS#1), or the same in DER; pass the file Seller Central \
         let you download when you created the key pair"
    )]
    NotAKey,
    /// The document is damaged.
    #[error("the key document is malformed ({reason}); download or export the key again")]
    Malformed {
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A PEM block with a label no key uses.
    #[error(
        "a PEM block labelled {label:?} is not a private key; use the block labelled PRIVATE KEY \
         or RSA PRIVATE KEY"
    )]
    UnsupportedPemLabel {
        /// The label found (at most 16 characters of it).
        label: String,
    },
    /// An OpenSSH private key.
    #[error(
        "this is an OpenSSH private key; convert a copy to PKCS#8 with \
         `ssh-keygen -p -N \"\" -m PKCS8 -f <copy-of-key>` (this rewrites the copy in place)"
    )]
    OpenSsh,
    /// A PuTTY key file.
    #[error(
        "this is a PuTTY key file; export it with `puttygen key.ppk -O private-openssh -o key.pem` \
         or PuTTYgen's Conversions > Export OpenSSH key (PEM)"
    )]
    Putty,
    /// The key is encrypted with a passphrase.
    #[error(
        "the key is encrypted with a passphrase; write an unencrypted PKCS#8 copy with \
         `openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-plain.pem` and keep it as safe as the original"
    )]
    Encrypted,
    /// A public key was given where the private key is needed.
    #[error(
        "this is a public key; signing needs the private key that Seller Central let you \
         download when you created the key pair"
    )]
    PublicKeyInsteadOfPrivate,
    /// A private key was given where a public key is expected.
    #[error(
        "this is a private key; verification needs the public key: \
         `openssl pkey -in key.pem -pubout -out public.pem`"
    )]
    PrivateKeyInsteadOfPublic,
    /// A certificate was given instead of a key.
    #[error(
        "this is a certificate, not a key; for its public key use \
         `openssl x509 -in cert.pem -pubkey -noout`"
    )]
    Certificate,
    /// A key of another algorithm.
    #[error(
        "this is an {algorithm} key; Amazon Pay signs with RSA keys, create an RSA key pair in Seller Central"
    )]
    NotRsa {
        /// The algorithm found.
        algorithm: String,
    },
    /// An RSA key shorter than 2048 bits.
    #[error(
        "the RSA key has {bits} bits; Amazon Pay needs at least 2048, create a new key pair in Seller Central"
    )]
    TooShort {
        /// The modulus size.
        bits: usize,
    },
    /// An RSA key longer than the backend supports.
    #[error("the RSA key has {bits} bits; this backend supports at most {max}")]
    TooLarge {
        /// The modulus size.
        bits: usize,
        /// The largest size supported.
        max: usize,
    },
    /// The backend refused the key's contents (for example inconsistent primes).
    #[error("the {backend} backend refused the key ({reason}); export the key again")]
    Rejected {
        /// Which backend.
        backend: &'static str,
        /// Its reason.
        reason: String,
    },
}

/// Signing failed.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum SignError {
    /// The request itself is not valid (bad header, path, method …).
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// The signer failed; for the built-in backends this does not happen with
    /// a key they accepted. Custom signers (HSM, KMS) report their own errors here.
    #[error("the signer failed: {0}")]
    Signer(Box<dyn std::error::Error + Send + Sync>),
}

/// A signature that does not verify, or a request that cannot be checked.
#[derive(Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[serde(tag = "code", rename_all_fields = "camelCase")]
#[non_exhaustive]
pub enum VerifyError {
    /// The signature does not match the text and key.
    #[error(
        "the signature does not verify: the key pair, the algorithm or the signed text differ; \
         compare the canonical requests"
    )]
    BadSignature,
    /// The `authorization` header is not `ALG PublicKeyId=…, SignedHeaders=…, Signature=…`.
    #[error("the authorization header is malformed: {reason}")]
    MalformedAuthorization {
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The algorithm name is neither AMZN-PAY-RSASSA-PSS nor AMZN-PAY-RSASSA-PSS-V2.
    #[error(
        "unknown signature algorithm {found:?}; expected AMZN-PAY-RSASSA-PSS-V2 or AMZN-PAY-RSASSA-PSS"
    )]
    UnknownAlgorithm {
        /// The name found (at most 16 characters of it).
        found: String,
    },
    /// A header named in `SignedHeaders` is not in the request.
    #[error("the signed header {name:?} is missing from the request")]
    MissingSignedHeader {
        /// Its name.
        name: String,
    },
    /// The signature is not valid base64.
    #[error("the signature is not base64")]
    NotBase64,
    /// The request cannot be canonicalized.
    #[error(transparent)]
    #[serde(untagged)]
    Invalid(#[from] ValidationError),
    /// The public key cannot be used.
    #[error(transparent)]
    #[serde(untagged)]
    Key(#[from] KeyError),
}

crate::validation::debug_as_message!(KeyError, SignError, VerifyError);
crate::validation::error_codes!(KeyError {
    NotAKey,
    Malformed,
    UnsupportedPemLabel,
    OpenSsh,
    Putty,
    Encrypted,
    PublicKeyInsteadOfPrivate,
    PrivateKeyInsteadOfPublic,
    Certificate,
    NotRsa,
    TooShort,
    TooLarge,
    Rejected,
});
crate::validation::error_codes!(SignError { Signer } wraps { Invalid });
crate::validation::error_codes!(VerifyError {
    BadSignature, MalformedAuthorization, UnknownAlgorithm, MissingSignedHeader, NotBase64,
} wraps { Invalid, Key });

/// As data: a [`ValidationError`]'s JSON, or
/// `{"code": "Signer", "reason": "<the signer's message>"}`.
impl serde::Serialize for SignError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        match self {
            SignError::Invalid(error) => error.serialize(serializer),
            SignError::Signer(error) => {
                let mut fields = serializer.serialize_struct("SignError", 2)?;
                fields.serialize_field("code", self.code())?;
                fields.serialize_field("reason", &error.to_string())?;
                fields.end()
            }
        }
    }
}
