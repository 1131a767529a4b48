//! Reading keys: PKCS#8 and PKCS#1, PEM and DER; RSA of 2048 to 8192 bits.
//!
//! Every way a key file can be wrong gets its own [`KeyError`] that says what
//! to do: OpenSSH and PuTTY keys, encrypted keys, public keys and
//! certificates, non-RSA keys, short keys, and garbage.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use zeroize::Zeroizing;

use crate::sign::der::{self, BIT_STRING, INTEGER, OCTET_STRING, OID, SEQUENCE};
use crate::sign::error::KeyError;
use crate::validation::excerpt;

/// The smallest RSA modulus accepted.
pub(crate) const MIN_BITS: usize = 2048;
/// The largest RSA modulus accepted (AWS-LC's limit).
pub(crate) const MAX_BITS: usize = 8192;

/// How a key document is structured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyFormat {
    /// PKCS#8 `PrivateKeyInfo` (`-----BEGIN PRIVATE KEY-----`), or for a
    /// public key X.509 `SubjectPublicKeyInfo` (`-----BEGIN PUBLIC KEY-----`).
    Pkcs8,
    /// PKCS#1 `RSAPrivateKey` (`-----BEGIN RSA PRIVATE KEY-----`), or
    /// `RSAPublicKey` (`-----BEGIN RSA PUBLIC KEY-----`).
    Pkcs1,
}

/// A checked RSA private key document: the DER bytes, their format and the
/// modulus size, ready for a backend. The bytes are zeroized on drop and never
/// shown by `Debug`.
pub struct PrivateKeyDocument {
    der: Zeroizing<Vec<u8>>,
    format: KeyFormat,
    modulus_bits: usize,
}

impl PrivateKeyDocument {
    /// Reads a PEM private key (`PRIVATE KEY` or `RSA PRIVATE KEY` block;
    /// text before and after the block is ignored).
    pub fn from_pem(text: &str) -> Result<PrivateKeyDocument, KeyError> {
        let block = pem_block(text)?;
        match block.label {
            "PRIVATE KEY" | "RSA PRIVATE KEY" if block.encrypted => Err(KeyError::Encrypted),
            "PRIVATE KEY" | "RSA PRIVATE KEY" => Self::from_der(&block.der()?),
            label => Err(label_error(label, Expect::Private)),
        }
    }

    /// Reads a DER private key, PKCS#8 or PKCS#1.
    pub fn from_der(der: &[u8]) -> Result<PrivateKeyDocument, KeyError> {
        let (format, modulus_bits) = match classify(der)? {
            Document::Pkcs8Rsa { modulus_bits } => (KeyFormat::Pkcs8, modulus_bits),
            Document::Pkcs1Private { modulus_bits } => (KeyFormat::Pkcs1, modulus_bits),
            Document::Spki { .. } | Document::Pkcs1Public { .. } => {
                return Err(KeyError::PublicKeyInsteadOfPrivate);
            }
            Document::EncryptedPkcs8 => return Err(KeyError::Encrypted),
            Document::Certificate => return Err(KeyError::Certificate),
        };
        check_bits(modulus_bits)?;
        Ok(PrivateKeyDocument {
            der: Zeroizing::new(der.to_vec()),
            format,
            modulus_bits,
        })
    }

    /// Reads a private key in any supported form: PEM text or DER bytes.
    pub fn parse(bytes: &[u8]) -> Result<PrivateKeyDocument, KeyError> {
        match detect(bytes) {
            Detected::Pem(text) => Self::from_pem(text),
            Detected::Der => Self::from_der(bytes),
            Detected::OpenSshPublic => Err(KeyError::PublicKeyInsteadOfPrivate),
            Detected::Putty => Err(KeyError::Putty),
            Detected::Nothing => Err(KeyError::NotAKey),
        }
    }

    /// PKCS#8 or PKCS#1.
    pub fn format(&self) -> KeyFormat {
        self.format
    }

    /// The modulus size in bits.
    pub fn modulus_bits(&self) -> usize {
        self.modulus_bits
    }

    /// The DER bytes, for a signing backend of your own. They are the
    /// secret key: do not log or persist them.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// The key as PKCS#8 DER (`PrivateKeyInfo`, rsaEncryption), whatever
    /// form it was read in — what WebCrypto's `importKey("pkcs8", …)` and
    /// most KMS imports take (they refuse PKCS#1). A PKCS#1 key is wrapped,
    /// not re-encoded: its bytes are the same inside. Zeroized on drop.
    pub fn to_pkcs8_der(&self) -> Zeroizing<Vec<u8>> {
        if self.format == KeyFormat::Pkcs8 {
            return Zeroizing::new(self.der.to_vec());
        }
        let mut algorithm = Vec::with_capacity(16);
        der::push_element(&mut algorithm, der::OID, der::RSA_ENCRYPTION);
        der::push_element(&mut algorithm, der::NULL, &[]);
        let mut content = Zeroizing::new(Vec::with_capacity(self.der.len() + 32));
        der::push_element(&mut content, der::INTEGER, &[0]);
        der::push_element(&mut content, der::SEQUENCE, &algorithm);
        der::push_element(&mut content, der::OCTET_STRING, &self.der);
        let mut out = Zeroizing::new(Vec::with_capacity(content.len() + 4));
        der::push_element(&mut out, der::SEQUENCE, &content);
        out
    }
}

impl fmt::Debug for PrivateKeyDocument {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrivateKeyDocument")
            .field("format", &self.format)
            .field("modulus_bits", &self.modulus_bits)
            .finish_non_exhaustive()
    }
}

/// An RSA public key (X.509 `SubjectPublicKeyInfo`, or PKCS#1
/// `RSAPublicKey`), for verifying signatures.
///
/// With the `aws-lc-rs` feature the key is parsed into AWS-LC once, when it is
/// read, so each verification skips that work.
#[derive(Clone)]
pub struct PublicKey {
    der: Vec<u8>,
    format: KeyFormat,
    modulus_bits: usize,
    /// The key parsed by AWS-LC for each salt length; `None` if AWS-LC
    /// refuses it (verification then reports why).
    #[cfg(feature = "aws-lc-rs")]
    aws_lc: Option<ParsedKeys>,
}

impl PartialEq for PublicKey {
    fn eq(&self, other: &PublicKey) -> bool {
        // The parsed form is derived from these.
        (&self.der, self.format, self.modulus_bits)
            == (&other.der, other.format, other.modulus_bits)
    }
}

impl Eq for PublicKey {}

impl PublicKey {
    /// Reads a PEM public key (`PUBLIC KEY` or `RSA PUBLIC KEY` block).
    pub fn from_pem(text: &str) -> Result<PublicKey, KeyError> {
        let block = pem_block(text)?;
        match block.label {
            "PUBLIC KEY" | "RSA PUBLIC KEY" => Self::from_der(&block.der()?),
            label => Err(label_error(label, Expect::Public)),
        }
    }

    /// Reads a DER public key: `SubjectPublicKeyInfo` or `RSAPublicKey`.
    pub fn from_der(der: &[u8]) -> Result<PublicKey, KeyError> {
        let (format, modulus_bits) = match classify(der)? {
            Document::Spki { modulus_bits } => (KeyFormat::Pkcs8, modulus_bits),
            Document::Pkcs1Public { modulus_bits } => (KeyFormat::Pkcs1, modulus_bits),
            Document::Pkcs8Rsa { .. }
            | Document::Pkcs1Private { .. }
            | Document::EncryptedPkcs8 => {
                return Err(KeyError::PrivateKeyInsteadOfPublic);
            }
            Document::Certificate => return Err(KeyError::Certificate),
        };
        check_bits(modulus_bits)?;
        Ok(PublicKey::new(der.to_vec(), format, modulus_bits))
    }

    fn new(der: Vec<u8>, format: KeyFormat, modulus_bits: usize) -> PublicKey {
        PublicKey {
            #[cfg(feature = "aws-lc-rs")]
            aws_lc: ParsedKeys::parse(&der),
            der,
            format,
            modulus_bits,
        }
    }

    /// Reads a public key in any supported form: PEM text or DER bytes.
    pub fn parse(bytes: &[u8]) -> Result<PublicKey, KeyError> {
        match detect(bytes) {
            Detected::Pem(text) => Self::from_pem(text),
            Detected::Der => Self::from_der(bytes),
            Detected::OpenSshPublic => Err(KeyError::NotRsa {
                algorithm: "OpenSSH public".into(),
            }),
            Detected::Putty => Err(KeyError::Putty),
            Detected::Nothing => Err(KeyError::NotAKey),
        }
    }

    /// `SubjectPublicKeyInfo` or `RSAPublicKey`, as read.
    pub fn format(&self) -> KeyFormat {
        self.format
    }

    /// The DER bytes, as read.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// The modulus size in bits.
    pub fn modulus_bits(&self) -> usize {
        self.modulus_bits
    }

    #[cfg(any(feature = "aws-lc-rs", feature = "rsa"))]
    pub(crate) fn from_spki_unchecked(der: Vec<u8>, modulus_bits: usize) -> PublicKey {
        PublicKey::new(der, KeyFormat::Pkcs8, modulus_bits)
    }

    #[cfg(feature = "aws-lc-rs")]
    pub(crate) fn aws_lc(&self) -> Option<&ParsedKeys> {
        self.aws_lc.as_ref()
    }
}

/// A public key parsed by AWS-LC once, for each salt length (AWS-LC ties a
/// parsed key to its verification parameters).
#[cfg(feature = "aws-lc-rs")]
#[derive(Clone)]
pub(crate) struct ParsedKeys {
    pub(crate) salt_20: aws_lc_rs::signature::ParsedPublicKey,
    pub(crate) salt_32: aws_lc_rs::signature::ParsedPublicKey,
}

#[cfg(feature = "aws-lc-rs")]
impl ParsedKeys {
    /// `None` if AWS-LC refuses the key.
    fn parse(der: &[u8]) -> Option<ParsedKeys> {
        use aws_lc_rs::signature::{
            ParsedPublicKey, RSA_PSS_2048_8192_SHA256, RsaParameters, RsaPssSaltLength,
        };
        const SALT_20: RsaParameters =
            RSA_PSS_2048_8192_SHA256.with_pss_salt_length(RsaPssSaltLength::Custom(20));
        const SALT_32: RsaParameters =
            RSA_PSS_2048_8192_SHA256.with_pss_salt_length(RsaPssSaltLength::Custom(32));
        Some(ParsedKeys {
            salt_20: ParsedPublicKey::new(&SALT_20, der).ok()?,
            salt_32: ParsedPublicKey::new(&SALT_32, der).ok()?,
        })
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PublicKey")
            .field("format", &self.format)
            .field("modulus_bits", &self.modulus_bits)
            .finish_non_exhaustive()
    }
}

fn check_bits(bits: usize) -> Result<(), KeyError> {
    if bits < MIN_BITS {
        Err(KeyError::TooShort { bits })
    } else if bits > MAX_BITS {
        Err(KeyError::TooLarge {
            bits,
            max: MAX_BITS,
        })
    } else {
        Ok(())
    }
}

/// What a DER document is.
enum Document {
    Pkcs8Rsa { modulus_bits: usize },
    Pkcs1Private { modulus_bits: usize },
    EncryptedPkcs8,
    Spki { modulus_bits: usize },
    Pkcs1Public { modulus_bits: usize },
    Certificate,
}

fn classify(input: &[u8]) -> Result<Document, KeyError> {
    let malformed = |reason| KeyError::Malformed { reason };
    let top = der::expect(input, SEQUENCE).ok_or(KeyError::NotAKey)?;
    if !top.rest.is_empty() {
        return Err(malformed("bytes after the key"));
    }
    let parts = der::children(top.content, 12).ok_or(malformed("bad DER structure"))?;
    let tags: Vec<u8> = parts.iter().map(|p| p.tag).collect();
    match (tags.as_slice(), parts.as_slice()) {
        // PrivateKeyInfo: version, algorithm, privateKey [, attributes, publicKey]
        ([INTEGER, SEQUENCE, OCTET_STRING, ..], [_, algorithm, key, ..]) => {
            let oid =
                algorithm_oid(algorithm.content).ok_or(malformed("bad algorithm identifier"))?;
            if oid != der::RSA_ENCRYPTION {
                return Err(KeyError::NotRsa {
                    algorithm: der::algorithm_name(oid),
                });
            }
            let inner =
                der::expect(key.content, SEQUENCE).ok_or(malformed("bad RSA private key"))?;
            let modulus_bits =
                pkcs1_private_modulus(inner.content).ok_or(malformed("bad RSA private key"))?;
            Ok(Document::Pkcs8Rsa { modulus_bits })
        }
        // EncryptedPrivateKeyInfo: encryptionAlgorithm, encryptedData
        ([SEQUENCE, OCTET_STRING], _) => Ok(Document::EncryptedPkcs8),
        // SubjectPublicKeyInfo: algorithm, subjectPublicKey
        ([SEQUENCE, BIT_STRING], [algorithm, public_key]) => {
            let oid =
                algorithm_oid(algorithm.content).ok_or(malformed("bad algorithm identifier"))?;
            if oid != der::RSA_ENCRYPTION {
                return Err(KeyError::NotRsa {
                    algorithm: der::algorithm_name(oid),
                });
            }
            let bits = public_key
                .content
                .split_first()
                .filter(|(unused, _)| **unused == 0);
            let (_, key) = bits.ok_or(malformed("bad public key bit string"))?;
            let key = der::expect(key, SEQUENCE).ok_or(malformed("bad RSA public key"))?;
            let modulus_bits =
                pkcs1_public_modulus(key.content).ok_or(malformed("bad RSA public key"))?;
            Ok(Document::Spki { modulus_bits })
        }
        // Certificate: tbsCertificate, signatureAlgorithm, signature
        ([SEQUENCE, SEQUENCE, BIT_STRING], _) => Ok(Document::Certificate),
        // RSAPublicKey: modulus, publicExponent
        ([INTEGER, INTEGER], _) => {
            let modulus_bits =
                pkcs1_public_modulus(top.content).ok_or(malformed("bad RSA public key"))?;
            Ok(Document::Pkcs1Public { modulus_bits })
        }
        // ECPrivateKey (SEC 1): version 1, privateKey, [0] parameters, [1] publicKey
        ([INTEGER, OCTET_STRING, ..], _) => Err(KeyError::NotRsa {
            algorithm: "EC".into(),
        }),
        // RSAPrivateKey: version, n, e, d, p, q, dP, dQ, qInv [, otherPrimeInfos]
        (
            [
                INTEGER,
                INTEGER,
                INTEGER,
                INTEGER,
                INTEGER,
                INTEGER,
                INTEGER,
                INTEGER,
                INTEGER,
                ..,
            ],
            _,
        ) => {
            let modulus_bits =
                pkcs1_private_modulus(top.content).ok_or(malformed("bad RSA private key"))?;
            Ok(Document::Pkcs1Private { modulus_bits })
        }
        // DSA private key: version, p, q, g, y, x
        ([INTEGER, INTEGER, INTEGER, INTEGER, INTEGER, INTEGER], _) => Err(KeyError::NotRsa {
            algorithm: "DSA".into(),
        }),
        _ => Err(KeyError::NotAKey),
    }
}

/// The OID at the start of an AlgorithmIdentifier's content.
fn algorithm_oid(content: &[u8]) -> Option<&[u8]> {
    der::expect(content, OID).map(|oid| oid.content)
}

/// Modulus size of an RSAPrivateKey's content (version 0 or 1).
fn pkcs1_private_modulus(content: &[u8]) -> Option<usize> {
    let version = der::expect(content, INTEGER)?;
    if !matches!(version.content, [0] | [1]) {
        return None;
    }
    let modulus = der::expect(version.rest, INTEGER)?;
    Some(der::integer_bits(modulus.content))
}

/// Modulus size of an RSAPublicKey's content.
fn pkcs1_public_modulus(content: &[u8]) -> Option<usize> {
    let modulus = der::expect(content, INTEGER)?;
    der::expect(modulus.rest, INTEGER)?;
    Some(der::integer_bits(modulus.content))
}

/// What a byte string looks like before parsing.
enum Detected<'a> {
    Pem(&'a str),
    Der,
    OpenSshPublic,
    Putty,
    Nothing,
}

fn detect(bytes: &[u8]) -> Detected<'_> {
    if bytes.first() == Some(&SEQUENCE) {
        return Detected::Der;
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Detected::Nothing;
    };
    let trimmed = text.trim_start();
    if text.contains("-----BEGIN ") {
        Detected::Pem(text)
    } else if ["ssh-rsa ", "ssh-ed25519 ", "ecdsa-sha2-", "ssh-dss "]
        .iter()
        .any(|prefix| trimmed.starts_with(prefix))
    {
        Detected::OpenSshPublic
    } else if trimmed.starts_with("PuTTY-User-Key-File-") {
        Detected::Putty
    } else {
        Detected::Nothing
    }
}

/// The first PEM block of a text.
struct PemBlock<'a> {
    label: &'a str,
    body: &'a str,
    encrypted: bool,
}

impl PemBlock<'_> {
    /// The base64 body decoded (header lines skipped), zeroized on drop.
    fn der(&self) -> Result<Zeroizing<Vec<u8>>, KeyError> {
        let mut compact = Zeroizing::new(String::with_capacity(self.body.len()));
        for line in self.body.lines() {
            if line.contains(':') {
                continue; // RFC 1421 header such as Proc-Type or DEK-Info
            }
            compact.extend(line.chars().filter(|c| !c.is_ascii_whitespace()));
        }
        BASE64
            .decode(compact.as_bytes())
            .map(Zeroizing::new)
            .map_err(|_| KeyError::Malformed {
                reason: "the PEM body is not base64",
            })
    }
}

fn pem_block(text: &str) -> Result<PemBlock<'_>, KeyError> {
    if text.trim_start().starts_with("PuTTY-User-Key-File-") {
        return Err(KeyError::Putty);
    }
    let start = text.find("-----BEGIN ").ok_or(KeyError::NotAKey)?;
    let after_begin = &text[start + "-----BEGIN ".len()..];
    let label_end = after_begin.find("-----").ok_or(KeyError::Malformed {
        reason: "the BEGIN line is not closed by -----",
    })?;
    let label = &after_begin[..label_end];
    if label.contains('\n') {
        return Err(KeyError::Malformed {
            reason: "the BEGIN line is not closed by -----",
        });
    }
    let body_and_rest = &after_begin[label_end + "-----".len()..];
    let end_marker = format!("-----END {label}-----");
    let body_end = body_and_rest.find(&end_marker).ok_or(KeyError::Malformed {
        reason: "no matching END line",
    })?;
    let body = &body_and_rest[..body_end];
    let encrypted = body.lines().any(|line| {
        let line = line.trim();
        line.starts_with("Proc-Type:") && line.contains("ENCRYPTED")
    });
    Ok(PemBlock {
        label,
        body,
        encrypted,
    })
}

#[derive(Clone, Copy, PartialEq)]
enum Expect {
    Private,
    Public,
}

fn label_error(label: &str, expect: Expect) -> KeyError {
    match label {
        "OPENSSH PRIVATE KEY" if expect == Expect::Private => KeyError::OpenSsh,
        "ENCRYPTED PRIVATE KEY" if expect == Expect::Private => KeyError::Encrypted,
        "PUBLIC KEY" | "RSA PUBLIC KEY" | "SSH2 PUBLIC KEY" => KeyError::PublicKeyInsteadOfPrivate,
        "PRIVATE KEY" | "RSA PRIVATE KEY" | "ENCRYPTED PRIVATE KEY" | "OPENSSH PRIVATE KEY" => {
            KeyError::PrivateKeyInsteadOfPublic
        }
        "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE" => KeyError::Certificate,
        "EC PRIVATE KEY" | "EC PARAMETERS" => KeyError::NotRsa {
            algorithm: "EC".into(),
        },
        "DSA PRIVATE KEY" => KeyError::NotRsa {
            algorithm: "DSA".into(),
        },
        other => KeyError::UnsupportedPemLabel {
            label: excerpt(other),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pem_block_finds_label_and_body_after_preamble() {
        let text = "Bag Attributes\n-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nAAAA\n-----END RSA PRIVATE KEY-----\n";
        let block = pem_block(text).unwrap();
        assert_eq!(block.label, "RSA PRIVATE KEY");
        assert!(block.encrypted);
        assert_eq!(block.der().unwrap().as_slice(), &[0, 0, 0]);
        assert!(matches!(
            pem_block("-----BEGIN X-----\nAAAA\n"),
            Err(KeyError::Malformed { .. })
        ));
        assert!(matches!(
            pem_block("-----BEGIN X\n"),
            Err(KeyError::Malformed { .. })
        ));
        assert!(matches!(pem_block("hello"), Err(KeyError::NotAKey)));
    }

    #[test]
    fn labels_map_to_specific_errors() {
        assert_eq!(
            label_error("OPENSSH PRIVATE KEY", Expect::Private),
            KeyError::OpenSsh
        );
        assert_eq!(
            label_error("ENCRYPTED PRIVATE KEY", Expect::Private),
            KeyError::Encrypted
        );
        assert_eq!(
            label_error("PUBLIC KEY", Expect::Private),
            KeyError::PublicKeyInsteadOfPrivate
        );
        assert_eq!(
            label_error("PRIVATE KEY", Expect::Public),
            KeyError::PrivateKeyInsteadOfPublic
        );
        assert_eq!(
            label_error("CERTIFICATE", Expect::Private),
            KeyError::Certificate
        );
        assert!(matches!(
            label_error("EC PRIVATE KEY", Expect::Private),
            KeyError::NotRsa { .. }
        ));
        assert!(matches!(
            label_error("PGP MESSAGE", Expect::Private),
            KeyError::UnsupportedPemLabel { .. }
        ));
    }
}
