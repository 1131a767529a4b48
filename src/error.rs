//! Errors: what was wrong, where, and what to do about it.
//!
//! Every error here is a value, never a panic. Each one names the field it is
//! about (as a JSON-style path such as `captureAmount.amount`), the rule that
//! was broken, and — in its `Display` text — what the caller can do.

use std::borrow::Cow;
use std::fmt;

use crate::config::Environment;
use crate::money::{Currency, Price};

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
    /// The public key id implies one environment and another was requested.
    EnvironmentConflict {
        /// The environment the key id's prefix implies.
        implied: Environment,
        /// The environment that was asked for.
        requested: Environment,
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
            Rule::EnvironmentConflict { implied, requested } => write!(
                f,
                "implies the {implied} environment but {requested} was requested; use a {requested} key, \
                 or drop the explicit environment"
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
