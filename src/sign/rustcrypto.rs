//! The pure-Rust backend (feature `rsa`), on RustCrypto's `rsa` crate.

use std::fmt;

use rsa::pkcs1::{DecodeRsaPrivateKey, DecodeRsaPublicKey};
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePublicKey};
use rsa::pss::{BlindedSigningKey, VerifyingKey};
use rsa::rand_core::{CryptoRng, RngCore};
use rsa::signature::{RandomizedSigner, SignatureEncoding, Verifier};
use rsa::{RsaPrivateKey, RsaPublicKey};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::entropy::Entropy;
#[cfg(all(feature = "ipn", not(feature = "aws-lc-rs")))]
use crate::sign::Pkcs1Digest;
use crate::sign::error::{KeyError, SignError, VerifyError};
use crate::sign::key::{KeyFormat, PrivateKeyDocument, PublicKey};
use crate::sign::{Algorithm, Signature, Signer};

/// The largest modulus the `rsa` crate verifies with.
const MAX_BITS: usize = 4096;

/// Signs with RustCrypto's pure-Rust `rsa` crate: builds for
/// `wasm32-unknown-unknown`, and is reproducible.
///
/// The PSS salt and the blinding factor come from the [`Entropy`] passed to
/// [`Signer::sign`], so a seeded generator gives byte-identical signatures —
/// useful for golden tests. Signing uses the crate's blinded key, and the
/// key's memory is zeroized on drop.
///
/// **What stays in freed memory:** the crate zeroizes the buffers it owns
/// (PEM text decoded, DER, the RNG state). The `rsa` crate's big-integer
/// arithmetic (`num-bigint-dig`) does not zeroize its temporaries: after
/// creating a signer and dropping it, 29 freed heap blocks still hold
/// fragments of the private key, and 7 more after each signature
/// (`tests/key_memory.rs` scans freed memory and keeps these figures from
/// growing). Where that matters, use the default `aws-lc-rs` backend or your
/// own [`Signer`] on an HSM.
///
/// **Security note:** the `rsa` crate carries advisory
/// [RUSTSEC-2023-0071](https://rustsec.org/advisories/RUSTSEC-2023-0071)
/// ("Marvin": its big-integer arithmetic is not constant-time, which can leak
/// key bits through timing to an attacker who can measure many operations).
/// Blinding mitigates but does not remove it; prefer [`AwsLcSigner`]
/// (the default feature) wherever an attacker can time your signatures.
///
/// [`AwsLcSigner`]: crate::sign
///
/// Keys of up to 4096 bits.
pub struct RustCryptoSigner {
    salt_20: BlindedSigningKey<Sha256>,
    salt_32: BlindedSigningKey<Sha256>,
    public_key: PublicKey,
}

impl RustCryptoSigner {
    /// A signer for a checked key document.
    pub fn new(document: &PrivateKeyDocument) -> Result<RustCryptoSigner, KeyError> {
        let bits = document.modulus_bits();
        if bits > MAX_BITS {
            return Err(KeyError::TooLarge {
                bits,
                max: MAX_BITS,
            });
        }
        let rejected = |reason: String| KeyError::Rejected {
            backend: "rsa",
            reason,
        };
        let key = match document.format() {
            KeyFormat::Pkcs8 => RsaPrivateKey::from_pkcs8_der(document.der())
                .map_err(|e| rejected(e.to_string()))?,
            KeyFormat::Pkcs1 => RsaPrivateKey::from_pkcs1_der(document.der())
                .map_err(|e| rejected(e.to_string()))?,
        };
        // (Parsing already validated the key: `RsaPrivateKey::from_components`
        // does; validating again would only leave more big-integer
        // temporaries in freed memory.)
        let spki = key
            .to_public_key()
            .to_public_key_der()
            .map_err(|e| rejected(e.to_string()))?;
        let public_key = PublicKey::from_spki_unchecked(spki.as_bytes().to_vec(), bits);
        Ok(RustCryptoSigner {
            salt_20: BlindedSigningKey::new_with_salt_len(
                key.clone(),
                Algorithm::RsassaPss.salt_len(),
            ),
            salt_32: BlindedSigningKey::new_with_salt_len(key, Algorithm::RsassaPssV2.salt_len()),
            public_key,
        })
    }
}

key_readers!(RustCryptoSigner);

/// The caller's [`Entropy`] as the `rand_core` generator the `rsa` crate takes.
///
/// It draws a 32-byte seed from the caller once per signature and expands it
/// as SHA-256(seed ‖ counter). The output is as unpredictable as the seed, is
/// reproducible for a seeded caller, and never repeats — the `rsa` crate
/// draws its blinding factor by rejection sampling, which a caller that
/// returns the same bytes every time would otherwise keep in a loop forever.
struct CallerRng {
    seed: Zeroizing<[u8; 32]>,
    counter: u64,
    block: Zeroizing<[u8; 32]>,
    used: usize,
}

impl CallerRng {
    fn new(entropy: &mut dyn Entropy) -> CallerRng {
        let mut seed = Zeroizing::new([0u8; 32]);
        entropy.fill_bytes(seed.as_mut());
        CallerRng {
            seed,
            counter: 0,
            block: Zeroizing::new([0u8; 32]),
            used: 32,
        }
    }
}

impl RngCore for CallerRng {
    fn next_u32(&mut self) -> u32 {
        let mut bytes = [0; 4];
        self.fill_bytes(&mut bytes);
        u32::from_le_bytes(bytes)
    }

    fn next_u64(&mut self) -> u64 {
        let mut bytes = [0; 8];
        self.fill_bytes(&mut bytes);
        u64::from_le_bytes(bytes)
    }

    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for byte in dest {
            if self.used == self.block.len() {
                let mut hash = Sha256::new();
                hash.update(self.seed.as_ref());
                hash.update(self.counter.to_le_bytes());
                self.block.copy_from_slice(&hash.finalize());
                self.counter = self.counter.wrapping_add(1);
                self.used = 0;
            }
            // `used < 32` here: the refill above resets it.
            *byte = self.block[self.used];
            self.used += 1;
        }
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rsa::rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

/// As unpredictable as the caller's seed (see [`Entropy`]).
impl CryptoRng for CallerRng {}

impl Signer for RustCryptoSigner {
    fn sign(
        &self,
        algorithm: Algorithm,
        message: &[u8],
        entropy: &mut dyn Entropy,
    ) -> Result<Signature, SignError> {
        let key = match algorithm {
            Algorithm::RsassaPss => &self.salt_20,
            Algorithm::RsassaPssV2 => &self.salt_32,
        };
        let signature = key
            .try_sign_with_rng(&mut CallerRng::new(entropy), message)
            .map_err(|err| SignError::Signer(err.to_string().into()))?;
        Ok(Signature::from_bytes(signature.to_vec()))
    }
}

impl fmt::Debug for RustCryptoSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RustCryptoSigner")
            .field("modulus_bits", &self.public_key.modulus_bits())
            .finish_non_exhaustive()
    }
}

/// The `rsa` crate's key for `key`, if the crate verifies with it.
fn rsa_public_key(key: &PublicKey) -> Result<RsaPublicKey, VerifyError> {
    if key.modulus_bits() > MAX_BITS {
        return Err(VerifyError::Key(KeyError::TooLarge {
            bits: key.modulus_bits(),
            max: MAX_BITS,
        }));
    }
    match key.format() {
        KeyFormat::Pkcs8 => RsaPublicKey::from_public_key_der(key.der()).map_err(|e| e.to_string()),
        KeyFormat::Pkcs1 => RsaPublicKey::from_pkcs1_der(key.der()).map_err(|e| e.to_string()),
    }
    .map_err(|reason| {
        VerifyError::Key(KeyError::Rejected {
            backend: "rsa",
            reason,
        })
    })
}

pub(crate) fn verify(
    key: &PublicKey,
    algorithm: Algorithm,
    message: &[u8],
    signature: &[u8],
) -> Result<(), VerifyError> {
    let public = rsa_public_key(key)?;
    let verifier = VerifyingKey::<Sha256>::new_with_salt_len(public, algorithm.salt_len());
    let signature =
        rsa::pss::Signature::try_from(signature).map_err(|_| VerifyError::BadSignature)?;
    verifier
        .verify(message, &signature)
        .map_err(|_| VerifyError::BadSignature)
}

/// RSASSA-PKCS1-v1_5 verification (Amazon SNS signatures, spec §12.2);
/// used when AWS-LC is not compiled in.
#[cfg(all(feature = "ipn", not(feature = "aws-lc-rs")))]
pub(crate) fn verify_pkcs1(
    key: &PublicKey,
    digest: Pkcs1Digest,
    message: &[u8],
    signature: &[u8],
) -> Result<(), VerifyError> {
    use rsa::Pkcs1v15Sign;
    let public = rsa_public_key(key)?;
    let verified = match digest {
        Pkcs1Digest::Sha1 => public.verify(
            Pkcs1v15Sign::new::<sha1::Sha1>(),
            &sha1::Sha1::digest(message),
            signature,
        ),
        Pkcs1Digest::Sha256 => public.verify(
            Pkcs1v15Sign::new::<Sha256>(),
            &Sha256::digest(message),
            signature,
        ),
    };
    verified.map_err(|_| VerifyError::BadSignature)
}
