//! [`Amount`]: an exact count of minor units, and the one decimal reader
//! and writer of the crate.

use std::fmt;

use crate::money::Currency;
use crate::validation::{Rule, ValidationError};

/// An exact, non-negative amount in minor units (cents, pence, yen).
///
/// An `Amount` has no currency of its own; the currency decides how it is
/// written (see [`Amount::display`]) and is carried by [`Price`](crate::Price).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Amount(u64);

impl Amount {
    /// Zero.
    pub const ZERO: Amount = Amount(0);

    /// The amount of `minor_units` cents (pence, yen …).
    pub const fn from_minor_units(minor_units: u64) -> Amount {
        Amount(minor_units)
    }

    /// The amount in minor units.
    pub const fn minor_units(self) -> u64 {
        self.0
    }

    /// Whether the amount is zero.
    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// Reads a decimal string such as `"14"` or `"14.00"` in `currency`.
    ///
    /// Accepts ASCII digits with at most one `.` followed by at most as many
    /// digits as the currency has decimal places. Refuses, naming the field
    /// `amount`: empty text, whitespace, signs, exponents, non-ASCII digits,
    /// too many decimals (`"7.7225"` USD, `"100.5"` or `"100.0"` JPY), and
    /// values beyond 64 bits. It does not check Amazon's per-transaction
    /// maximum; [`Price::parse`](crate::Price::parse) does.
    pub fn parse(text: &str, currency: &Currency) -> Result<Amount, ValidationError> {
        parse_decimal(text, currency, Trailing::Strict)
            .map_err(|rule| ValidationError::new("amount", rule))
    }

    /// Writes the amount as Amazon expects it in `currency`: `"14.00"`,
    /// `"0.05"`, `"100"` (JPY).
    pub fn display(self, currency: &Currency) -> impl fmt::Display + '_ {
        AmountDisplay {
            amount: self,
            currency,
        }
    }

    /// `self + other`, or `None` on overflow.
    pub const fn checked_add(self, other: Amount) -> Option<Amount> {
        match self.0.checked_add(other.0) {
            Some(sum) => Some(Amount(sum)),
            None => None,
        }
    }

    /// `self - other`, or `None` if that would be negative.
    pub const fn checked_sub(self, other: Amount) -> Option<Amount> {
        match self.0.checked_sub(other.0) {
            Some(difference) => Some(Amount(difference)),
            None => None,
        }
    }

    /// `percent` % of the amount, rounded **down** to a whole minor unit, or
    /// `None` if the result does not fit in 64 bits.
    ///
    /// Rounding toward zero means a limit computed this way never exceeds the
    /// exact value: 15 % of 0.99 USD is 0.1485, and this gives 0.14.
    pub const fn percent(self, percent: u32) -> Option<Amount> {
        // Most amounts fit the product in 64 bits; u128 division is slower.
        if let Some(product) = self.0.checked_mul(percent as u64) {
            return Some(Amount(product / 100));
        }
        let exact = self.0 as u128 * percent as u128 / 100;
        if exact > u64::MAX as u128 {
            None
        } else {
            Some(Amount(exact as u64))
        }
    }
}

impl Currency {
    /// Amazon's maximum for one charge, capture or refund in this currency:
    /// 150,000 USD/EUR/GBP and 10,000,000 JPY (spec §7.2, §7.3).
    ///
    /// `None` where Amazon publishes no figure (the other presentment
    /// currencies); the crate then does not check a maximum.
    pub fn transaction_maximum(&self) -> Option<Amount> {
        match self {
            Currency::Usd | Currency::Eur | Currency::Gbp => Some(Amount(15_000_000)), // 150,000.00
            Currency::Jpy => Some(Amount(10_000_000)),
            _ => None,
        }
    }
}

struct AmountDisplay<'a> {
    amount: Amount,
    currency: &'a Currency,
}

impl fmt::Display for AmountDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(AmountDigits::new(self.amount, self.currency).as_str())
    }
}

/// An amount as Amazon writes it (`"14.00"`, `"1400"` in yen), on the stack.
pub(super) struct AmountDigits {
    // 20 digits of a u64, the point, and padding zeros of the fraction.
    buf: [u8; 24],
    start: usize,
}

impl AmountDigits {
    pub(super) fn new(amount: Amount, currency: &Currency) -> AmountDigits {
        let exponent = usize::from(currency.exponent());
        let mut digits = AmountDigits {
            buf: [b'0'; 24],
            start: 24,
        };
        let mut value = amount.0;
        let mut written = 0;
        // Right to left: the fraction's digits, the point, then at least
        // one digit of units.
        while value > 0 || written <= exponent {
            if written == exponent && exponent > 0 {
                digits.push(b'.');
            }
            digits.push(b'0' + (value % 10) as u8);
            value /= 10;
            written += 1;
        }
        digits
    }

    fn push(&mut self, byte: u8) {
        if let Some(slot) = self
            .start
            .checked_sub(1)
            .and_then(|at| self.buf.get_mut(at))
        {
            *slot = byte;
            self.start -= 1;
        }
    }

    pub(super) fn as_str(&self) -> &str {
        // Only ASCII digits and '.' are ever written.
        std::str::from_utf8(self.buf.get(self.start..).unwrap_or_default()).unwrap_or_default()
    }
}

/// How to treat decimal places beyond the currency's exponent.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Trailing {
    /// Refuse them (what the crate sends must be exact and canonical).
    Strict,
    /// Accept extra decimal places if they are all zeros (`"100.00"` JPY from a
    /// server is still exactly 100), refuse any other.
    Zeros,
}

pub(super) fn parse_decimal(
    text: &str,
    currency: &Currency,
    trailing: Trailing,
) -> Result<Amount, Rule> {
    if text.is_empty() {
        return Err(Rule::Empty);
    }
    if text.chars().any(char::is_whitespace) {
        return Err(Rule::Whitespace);
    }
    if text.chars().any(char::is_control) {
        return Err(Rule::ControlCharacter);
    }
    if text.starts_with('-') {
        return Err(Rule::Negative);
    }
    if text.contains(['e', 'E']) {
        return Err(Rule::Exponent);
    }
    if let Some(found) = text.chars().find(|c| !c.is_ascii() && c.is_numeric()) {
        return Err(Rule::NonAsciiDigit { found });
    }
    let (units, fraction) = match text.split_once('.') {
        Some((units, fraction)) => (units, Some(fraction)),
        None => (text, None),
    };
    let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(units) || fraction.is_some_and(|part| !all_digits(part)) {
        return Err(Rule::NotADecimal);
    }
    let fraction = fraction.unwrap_or("");
    let exponent = usize::from(currency.exponent());
    let (kept, extra) = fraction.split_at(fraction.len().min(exponent));
    let extra_allowed = trailing == Trailing::Zeros && extra.bytes().all(|b| b == b'0');
    if !extra.is_empty() && !extra_allowed {
        return Err(Rule::TooManyDecimals {
            currency: currency.as_str().to_owned(),
            allowed: currency.exponent(),
            found: fraction.len(),
        });
    }
    let mut minor: u64 = 0;
    let digits = units.bytes().chain(kept.bytes());
    let padding = std::iter::repeat_n(b'0', exponent - kept.len());
    for digit in digits.chain(padding) {
        minor = minor
            .checked_mul(10)
            .and_then(|m| m.checked_add(u64::from(digit - b'0')))
            .ok_or(Rule::TooLarge)?;
    }
    Ok(Amount(minor))
}
