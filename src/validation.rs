//! Refused values: [`ValidationError`] names the field, [`Rule`] says what
//! was wrong with it and what to do.
//!
//! This file is a leaf of the crate: it imports nothing from it, so every
//! module can return a `ValidationError` without importing another one. A
//! [`Rule`] therefore carries only text and numbers (a currency as its code,
//! a price as written), never the crate's own types.

use std::borrow::Cow;
use std::fmt;

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
///
/// As data: [`code`](Self::code) is the rule's code, and the JSON is
/// `{"field": "amount", "code": "TooManyDecimals", "currency": "USD",
/// "allowed": 2, "found": 4}` — the field, then the rule's code and members.
#[derive(Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[error("`{field}` {rule}")]
pub struct ValidationError {
    field: Cow<'static, str>,
    #[serde(flatten)]
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

    /// The stable, machine-readable code of the rule broken
    /// (`"TooManyDecimals"`): [`Rule::code`].
    pub fn code(&self) -> &'static str {
        self.rule.code()
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

/// The rule a refused value broke. Its `Display` text says what to do;
/// [`code`](Self::code) names it for programs.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "code", rename_all_fields = "camelCase")]
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
        /// The currency the amount is in (its ISO 4217 code).
        currency: String,
        /// The currency's number of decimal places.
        allowed: u8,
        /// The number of decimal places in the text.
        found: usize,
    },
    /// The amount does not fit in 64 bits of minor units.
    TooLarge,
    /// The amount is above Amazon's per-transaction maximum for its currency.
    AboveTransactionMaximum {
        /// The maximum for one charge, capture or refund, as written (`150000.00 USD`).
        maximum: String,
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
        /// The environment the key id's prefix implies (`Sandbox` or `Live`).
        implied: &'static str,
        /// The environment that was asked for (`Sandbox` or `Live`).
        requested: &'static str,
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
        /// The version configured (`v1` or `v2`).
        version: &'static str,
        /// What to do instead.
        instead: &'static str,
    },
}

/// How long a [`token`] may be.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Limit {
    /// No limit of its own.
    None,
    /// At most this many characters ([`Rule::TooLong`]).
    Chars(usize),
    /// At most this many UTF-8 bytes ([`Rule::TooManyBytes`]).
    Bytes(usize),
}

/// The checks every text that travels verbatim in a header shares, in this
/// order: not empty; only characters `allowed` accepts (`words` describes
/// them); within `limit`. Each refusal names `field`.
pub(crate) fn token(
    field: &'static str,
    text: &str,
    allowed: fn(char) -> bool,
    words: &'static str,
    limit: Limit,
) -> Result<(), ValidationError> {
    let fail = |rule| Err(ValidationError::new(field, rule));
    if text.is_empty() {
        return fail(Rule::Empty);
    }
    if let Some(found) = text.chars().find(|&c| !allowed(c)) {
        return fail(Rule::NotAllowedCharacter {
            found,
            allowed: words,
        });
    }
    match limit {
        Limit::Chars(max) if text.chars().count() > max => fail(Rule::TooLong {
            max,
            found: text.chars().count(),
        }),
        Limit::Bytes(max) if text.len() > max => fail(Rule::TooManyBytes {
            max,
            found: text.len(),
        }),
        _ => Ok(()),
    }
}

debug_as_message!(ValidationError);

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

/// `Debug` of an error type as its name and its message
/// (`KeyError: this is a public key; signing needs …`), so that what
/// `fn main() -> Result<(), Box<dyn Error>>` prints on failure says what was
/// wrong and what to do — not only a variant name.
macro_rules! debug_as_message {
    ($($error:ident),+ $(,)?) => {$(
        impl ::std::fmt::Debug for $error {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "{}: {}", stringify!($error), self)
            }
        }
    )+};
}
pub(crate) use debug_as_message;

/// `code()` for an error enum: the variant's name (`"TooManyDecimals"`), or,
/// for a variant that only wraps another error of the crate (listed after
/// `wraps`), that error's code. The same name is the `code` member of the
/// error's JSON (`#[serde(tag = "code")]`), so the two cannot drift apart.
macro_rules! error_codes {
    ($error:ident { $($variant:ident),* $(,)? } $(wraps { $($wrap:ident),+ $(,)? })?) => {
        impl $error {
            /// The error's stable, machine-readable code: the name of the
            /// variant (`"RefundExceedsAllowance"`), or, where the variant
            /// only wraps another error, that error's code. A code never
            /// changes once released; match on it across languages and in
            /// logs. The error's JSON (`serde_json::to_value(&error)`) carries
            /// it as `code`, beside the variant's fields in camelCase.
            pub fn code(&self) -> &'static str {
                match self {
                    $($error::$variant { .. } => stringify!($variant),)*
                    $($($error::$wrap(inner) => inner.code(),)+)?
                }
            }
        }
    };
}
pub(crate) use error_codes;

/// Serializes an error that a variant wraps as the member `cause` of the
/// variant's own JSON, so that its `code` does not collide with the
/// variant's (`{"code":"ClockSkew","cause":{"code":"InvalidRequest",…}}`).
pub(crate) fn as_cause<T: serde::Serialize, S: serde::Serializer>(
    cause: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeStruct;
    let mut fields = serializer.serialize_struct("Cause", 1)?;
    fields.serialize_field("cause", cause)?;
    fields.end()
}

error_codes!(Rule {
    Empty,
    Missing,
    Whitespace,
    ControlCharacter,
    NotAllowedCharacter,
    NotADecimal,
    Negative,
    Exponent,
    NonAsciiDigit,
    TooManyDecimals,
    TooLarge,
    AboveTransactionMaximum,
    UnsupportedCurrency,
    NotATimestamp,
    TimestampOutOfRange,
    UnknownRegion,
    NotAToken,
    NotAbsolutePath,
    LineBreak,
    DuplicateHeader,
    ReservedHeader,
    TooLong,
    EnvironmentConflict,
    TooManyBytes,
    NotAnHttpsUrl,
    NotLoopback,
    Required,
    NotAllowed,
    OutOfRange,
    WrongForm,
    EndsBeforeStart,
    NotInApiVersion,
});
