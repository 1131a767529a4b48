//! Errors: what was wrong, where, and what to do about it.
//!
//! Every error here is a value, never a panic. Each one names the field it is
//! about (as a JSON-style path such as `captureAmount.amount`), the rule that
//! was broken, and — in its `Display` text — what the caller can do.

use std::borrow::Cow;
use std::fmt;

use crate::config::Environment;
use crate::money::{Currency, Price};

pub use crate::lifecycle::error::{LifecycleError, Refused, RuleViolation};

/// A value the crate refused, before anything was sent to Amazon.
///
/// `field` is where the value was found, written as a JSON path in Amazon's
/// own spelling (`captureAmount.amount`, `publicKeyId`); `rule` says what was
/// wrong and how to fix it.
///
/// ```
/// use amazon_pay_core::{Currency, Price, Rule};
///
/// let err = Price::parse("7.7225", "USD").unwrap_err();
/// assert_eq!(err.field(), "amount");
/// assert!(matches!(err.rule(), Rule::TooManyDecimals { allowed: 2, found: 4, .. }));
/// let nested = err.within("captureAmount");
/// assert_eq!(nested.field(), "captureAmount.amount");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{field}` {rule}")]
pub struct ValidationError {
    field: Cow<'static, str>,
    rule: Rule,
}

impl ValidationError {
    /// A new error about `field` breaking `rule`.
    pub fn new(field: impl Into<Cow<'static, str>>, rule: Rule) -> Self {
        Self {
            field: field.into(),
            rule,
        }
    }

    /// Where the refused value was, as a JSON path in Amazon's spelling.
    pub fn field(&self) -> &str {
        &self.field
    }

    /// The rule that was broken.
    pub fn rule(&self) -> &Rule {
        &self.rule
    }

    /// The same error, seen from an enclosing object: `within("captureAmount")`
    /// turns the field `amount` into `captureAmount.amount`.
    pub fn within(self, parent: &str) -> Self {
        let field = if self.field.is_empty() {
            Cow::Owned(parent.to_owned())
        } else {
            Cow::Owned(format!("{parent}.{}", self.field))
        };
        Self {
            field,
            rule: self.rule,
        }
    }
}

/// The rule a refused value broke. Its `Display` text says what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rule {
    /// The value was empty.
    Empty,
    /// A required member was missing or `null`.
    Missing,
    /// The value contained whitespace (spaces, tabs, line breaks, or Unicode spaces).
    Whitespace,
    /// The value contained a control character.
    ControlCharacter,
    /// The value contained a character that is not allowed in this field.
    NotAllowedCharacter {
        /// The first offending character.
        found: char,
        /// The characters the field accepts, in words.
        allowed: &'static str,
    },
    /// The text is not a plain decimal number such as `14.00`.
    NotADecimal,
    /// The amount was negative.
    Negative,
    /// The amount used exponent notation (`1e3`).
    Exponent,
    /// The amount used a digit outside ASCII `0`–`9` (for example a full-width `５`).
    NonAsciiDigit {
        /// The offending digit.
        found: char,
    },
    /// The amount had more decimal places than its currency has.
    TooManyDecimals {
        /// The currency the amount is in.
        currency: Currency,
        /// The currency's number of decimal places.
        allowed: u8,
        /// The number of decimal places in the text.
        found: usize,
    },
    /// The amount does not fit in 64 bits of minor units.
    TooLarge,
    /// The amount is above Amazon's per-transaction maximum for its currency.
    AboveTransactionMaximum {
        /// The maximum for one charge, capture or refund.
        maximum: Price,
    },
    /// The currency code is not one Amazon Pay accepts.
    UnsupportedCurrency {
        /// The code that was given (at most 16 characters of it).
        found: String,
    },
    /// The text is not a timestamp in either accepted form.
    NotATimestamp,
    /// The timestamp has the right shape but names an impossible date or time,
    /// or one outside the years 0000–9999.
    TimestampOutOfRange,
    /// The region name is not one of Amazon Pay's regions or their aliases.
    UnknownRegion {
        /// The name that was given (at most 16 characters of it).
        found: String,
    },
    /// The text is not an HTTP token (method: ASCII letters; header name:
    /// letters, digits and ``!#$%&'*+-.^_`|~``).
    NotAToken,
    /// The path does not start with `/`.
    NotAbsolutePath,
    /// The value contains a carriage return or line feed.
    LineBreak,
    /// Two headers have names that are equal ignoring case.
    DuplicateHeader {
        /// The other header's name, as given.
        other: String,
    },
    /// The header is one the crate sets and signs itself.
    ReservedHeader,
    /// The value is longer than the field allows.
    TooLong {
        /// The maximum length, in characters.
        max: usize,
        /// The length found, in characters.
        found: usize,
    },
    /// The public key id implies one environment and another was requested.
    EnvironmentConflict {
        /// The environment the key id's prefix implies.
        implied: Environment,
        /// The environment that was asked for.
        requested: Environment,
    },
    /// The value is longer than the field allows, counted in UTF-8 bytes.
    TooManyBytes {
        /// The maximum length, in bytes.
        max: usize,
        /// The length found, in bytes.
        found: usize,
    },
    /// Not an absolute `https://` URL with a host.
    NotAnHttpsUrl {
        /// Whether `http://` would do (Sandbox).
        http_allowed: bool,
    },
    /// Plain HTTP is refused for a host that is not loopback: signed
    /// payment requests never cross a network in clear text.
    NotLoopback,
    /// The field is required in this combination.
    Required {
        /// When it is required, in words.
        because: &'static str,
    },
    /// The field must not be sent in this combination.
    NotAllowed {
        /// Why not, in words.
        because: &'static str,
    },
    /// A number outside the range the field allows.
    OutOfRange {
        /// The smallest value allowed.
        min: u64,
        /// The largest value allowed.
        max: u64,
        /// The value found.
        found: u64,
    },
    /// The text does not have the form the field takes.
    WrongForm {
        /// The form expected, in words.
        expected: &'static str,
    },
    /// The end of a time range lies before its start.
    EndsBeforeStart {
        /// The field that starts the range, in Amazon's spelling.
        start: &'static str,
    },
    /// The operation does not exist in this API path version.
    NotInApiVersion {
        /// The version configured.
        version: crate::config::ApiVersion,
        /// What to do instead.
        instead: &'static str,
    },
}

/// Cuts caller-supplied text so that an error message stays short.
pub(crate) fn excerpt(text: &str) -> String {
    text.chars().take(16).collect()
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::Empty => f.write_str("is empty; give a value"),
            Rule::Missing => f.write_str("is missing or null; give a value"),
            Rule::Whitespace => f.write_str(
                "contains whitespace; remove spaces, tabs and line breaks (Amazon does not trim them)",
            ),
            Rule::ControlCharacter => {
                f.write_str("contains a control character; remove it")
            }
            Rule::NotAllowedCharacter { found, allowed } => {
                write!(f, "contains {found:?}; only {allowed} are allowed")
            }
            Rule::NotADecimal => f.write_str(
                "is not a plain decimal number; write ASCII digits with at most one '.', such as \"14.00\"",
            ),
            Rule::Negative => f.write_str(
                "is negative; Amazon Pay amounts are never negative (to give money back, create a refund)",
            ),
            Rule::Exponent => f.write_str(
                "uses exponent notation; write the amount as plain digits, such as \"1000.00\"",
            ),
            Rule::NonAsciiDigit { found } => {
                write!(f, "contains the non-ASCII digit {found:?}; use ASCII digits 0-9")
            }
            Rule::TooManyDecimals {
                currency,
                allowed: 0,
                found,
            } => write!(
                f,
                "has {found} decimal place(s) but {currency} has none; send whole units, such as \"100\""
            ),
            Rule::TooManyDecimals {
                currency,
                allowed,
                found,
            } => write!(
                f,
                "has {found} decimal places but {currency} allows at most {allowed}; round to {allowed} places before sending"
            ),
            Rule::TooLarge => f.write_str("is too large to represent; check the amount"),
            Rule::AboveTransactionMaximum { maximum } => write!(
                f,
                "is above Amazon Pay's per-transaction maximum of {maximum}; split it into several charges"
            ),
            Rule::UnsupportedCurrency { found } => write!(
                f,
                "{found:?} is not a currency Amazon Pay accepts; use an upper-case ISO 4217 code: USD, EUR, GBP, JPY, \
                 or for multi-currency AUD, CHF, DKK, HKD, NOK, NZD, SEK, ZAR"
            ),
            Rule::NotATimestamp => f.write_str(
                "is not a UTC timestamp; use the basic form 20191015T210556Z (or 2019-10-15T21:05:56Z)",
            ),
            Rule::TimestampOutOfRange => f.write_str(
                "names an impossible date or time, or a year outside 0000-9999; check each part",
            ),
            Rule::UnknownRegion { found } => write!(
                f,
                "{found:?} is not an Amazon Pay region; use na (alias us), eu (aliases de, uk) or jp"
            ),
            Rule::NotAToken => f.write_str(
                "is not an HTTP token; use ASCII letters for a method, and letters, digits or \
                 !#$%&'*+-.^_`|~ for a header name",
            ),
            Rule::NotAbsolutePath => f.write_str("must start with '/'; give the absolute path"),
            Rule::LineBreak => f.write_str(
                "contains a line break; remove CR and LF (a header value is one line, and a \
                 line break would change what is signed)",
            ),
            Rule::DuplicateHeader { other } => write!(
                f,
                "has the same name as {other:?} ignoring case; send one header with one value"
            ),
            Rule::ReservedHeader => f.write_str(
                "is set and signed by the crate itself; do not add it (use the request's own setter \
                 for the idempotency key)",
            ),
            Rule::TooLong { max, found } => {
                write!(f, "is {found} characters long; at most {max} are allowed")
            }
            Rule::EnvironmentConflict { implied, requested } => write!(
                f,
                "implies the {implied} environment but {requested} was requested; use a {requested} key, \
                 or drop the explicit environment"
            ),
            Rule::TooManyBytes { max, found } => write!(
                f,
                "is {found} bytes long in UTF-8; at most {max} are allowed"
            ),
            Rule::NotAnHttpsUrl { http_allowed } => f.write_str(if *http_allowed {
                "must be an absolute https:// (or, in Sandbox, http://) URL with a host"
            } else {
                "must be an absolute https:// URL with a host (Live requires HTTPS)"
            }),
            Rule::NotLoopback => f.write_str(
                "must be a loopback host (localhost, 127.x.x.x or [::1], with an optional :port) for plain HTTP",
            ),
            Rule::Required { because } => write!(f, "is required {because}"),
            Rule::NotAllowed { because } => write!(f, "must not be sent {because}"),
            Rule::OutOfRange { min, max, found } => {
                write!(f, "must be between {min} and {max}; found {found}")
            }
            Rule::WrongForm { expected } => write!(f, "must have the form {expected}"),
            Rule::EndsBeforeStart { start } => {
                write!(f, "is before {start}; a range must not end before it starts")
            }
            Rule::NotInApiVersion { version, instead } => write!(
                f,
                "does not exist in API path version {version}; {instead}"
            ),
        }
    }
}

/// Arithmetic on money that has no exact answer.
///
/// Returned by the checked operations of [`Price`]; none of them panics.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MoneyError {
    /// The two amounts are in different currencies; Amazon never converts, so
    /// neither does this crate. Convert in your own code, then try again.
    #[error(
        "cannot combine {left} with {right}: the currencies differ and Amazon Pay never converts"
    )]
    CurrencyMismatch {
        /// The currency of the left operand.
        left: Currency,
        /// The currency of the right operand.
        right: Currency,
    },
    /// The result does not fit in 64 bits of minor units.
    #[error("the result does not fit in 64 bits of minor units")]
    Overflow,
    /// A subtraction would go below zero; amounts are never negative.
    #[error("{minuend} minus {subtrahend} is negative; amounts are never negative")]
    Negative {
        /// What was subtracted from.
        minuend: Price,
        /// What was subtracted.
        subtrahend: Price,
    },
}

/// A private or public key that cannot be used, and what to do instead.
///
/// Amazon Pay keys are RSA key pairs created in Seller Central; the private
/// key is downloaded once, as a PEM file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
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
#[derive(Debug, thiserror::Error)]
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
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
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
    Invalid(#[from] ValidationError),
    /// The public key cannot be used.
    #[error(transparent)]
    Key(#[from] KeyError),
}

/// Any error of this crate, for callers who want one type for `?`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A refused value.
    #[error(transparent)]
    Validation(#[from] ValidationError),
    /// Money arithmetic without an exact answer.
    #[error(transparent)]
    Money(#[from] MoneyError),
    /// An unusable key.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// Signing failed.
    #[error(transparent)]
    Sign(#[from] SignError),
    /// Verification failed.
    #[error(transparent)]
    Verify(#[from] VerifyError),
    /// A lifecycle refused an event, an operation or an observation.
    #[error(transparent)]
    Lifecycle(#[from] LifecycleError),
    /// Amazon answered with an error.
    #[error(transparent)]
    Api(#[from] crate::operation::ApiError),
    /// A call ended without an answer to use (clock skew, transport).
    #[error(transparent)]
    Exchange(#[from] crate::exchange::ExchangeError),
    /// An IPN was refused.
    #[cfg(feature = "ipn")]
    #[cfg_attr(docsrs, doc(cfg(feature = "ipn")))]
    #[error(transparent)]
    Notification(#[from] crate::notification::NotificationError),
}

impl<T> From<Refused<T>> for Error {
    fn from(refused: Refused<T>) -> Self {
        Error::Lifecycle(refused.error)
    }
}

impl From<RuleViolation> for Error {
    fn from(violation: RuleViolation) -> Self {
        Error::Lifecycle(LifecycleError::Rule(violation))
    }
}
