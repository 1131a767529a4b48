//! Exact money: integer minor units plus a currency, written as decimal strings.
//!
//! There is no floating point anywhere in this module. An [`Amount`] is a count
//! of minor units (cents, pence, yen); a [`Price`] is an amount in a
//! [`Currency`] and is what Amazon sends as `{"amount": "14.00",
//! "currencyCode": "USD"}`.
//!
//! ```
//! use amazon_pay_core::{Currency, Price};
//!
//! let order = Price::parse("14.00", "USD")?;
//! let shipping = Price::parse("4.99", "USD")?;
//! let total = order.checked_add(&shipping)?;
//! assert_eq!(total.to_string(), "18.99 USD");
//! assert_eq!(total.amount().minor_units(), 1899);
//!
//! // JPY has no decimal places.
//! assert!(Price::parse("100", "JPY").is_ok());
//! assert!(Price::parse("100.5", "JPY").is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::cmp::Ordering;
use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::error::{MoneyError, Rule, ValidationError, excerpt};
use crate::wire::wire_enum;

wire_enum! {
    /// An ISO 4217 currency code as Amazon Pay uses it (spec §7.2).
    ///
    /// USD, EUR, GBP and JPY are the ledger currencies of the US, EU, UK and JP
    /// accounts; together with AUD, CHF, DKK, HKD, NOK, NZD, SEK and ZAR they
    /// are the twelve presentment currencies of multi-currency checkout.
    ///
    /// Codes are matched exactly (upper case); anything else is kept as
    /// [`Currency::Unknown`] and assumed to have two decimal places.
    pub enum Currency {
        /// US dollar.
        Usd = "USD",
        /// Euro.
        Eur = "EUR",
        /// Pound sterling.
        Gbp = "GBP",
        /// Japanese yen (no decimal places).
        Jpy = "JPY",
        /// Australian dollar.
        Aud = "AUD",
        /// Swiss franc.
        Chf = "CHF",
        /// Danish krone.
        Dkk = "DKK",
        /// Hong Kong dollar.
        Hkd = "HKD",
        /// Norwegian krone.
        Nok = "NOK",
        /// New Zealand dollar.
        Nzd = "NZD",
        /// Swedish krona.
        Sek = "SEK",
        /// South African rand.
        Zar = "ZAR",
    }
}

impl Currency {
    /// Number of decimal places (the ISO 4217 minor-unit exponent): 0 for JPY,
    /// 2 for every other currency, including unknown ones.
    ///
    /// Amazon documents only JPY's zero; two places for the others follows
    /// ISO 4217 (spec §7.2 marks DKK, NOK, SEK, HKD and ZAR as unconfirmed).
    pub fn exponent(&self) -> u8 {
        match self {
            Currency::Jpy => 0,
            _ => 2,
        }
    }

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

    /// Whether this is a ledger currency (USD, EUR, GBP, JPY): the currency an
    /// Amazon Pay merchant account settles in.
    pub fn is_ledger_currency(&self) -> bool {
        matches!(
            self,
            Currency::Usd | Currency::Eur | Currency::Gbp | Currency::Jpy
        )
    }
}

/// An exact, non-negative amount in minor units (cents, pence, yen).
///
/// An `Amount` has no currency of its own; the currency decides how it is
/// written (see [`Amount::display`]) and is carried by [`Price`].
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
    /// maximum; [`Price::parse`] does.
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
struct AmountDigits {
    // 20 digits of a u64, the point, and padding zeros of the fraction.
    buf: [u8; 24],
    start: usize,
}

impl AmountDigits {
    fn new(amount: Amount, currency: &Currency) -> AmountDigits {
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

    fn as_str(&self) -> &str {
        // Only ASCII digits and '.' are ever written.
        std::str::from_utf8(self.buf.get(self.start..).unwrap_or_default()).unwrap_or_default()
    }
}

/// How to treat decimal places beyond the currency's exponent.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Trailing {
    /// Refuse them (what the crate sends must be exact and canonical).
    Strict,
    /// Accept extra decimal places if they are all zeros (`"100.00"` JPY from a
    /// server is still exactly 100), refuse any other.
    Zeros,
}

fn parse_decimal(text: &str, currency: &Currency, trailing: Trailing) -> Result<Amount, Rule> {
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
            currency: currency.clone(),
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

/// An amount in a currency: Amazon's `Price` object (spec §3.1).
///
/// On the wire it is `{"amount": "14.00", "currencyCode": "USD"}`, the amount
/// an exact decimal string. Arithmetic is checked: mixing currencies,
/// overflowing and going below zero are [`MoneyError`]s, never panics.
///
/// Decoding a `Price` from Amazon accepts surplus decimal places only when
/// they are zeros (`"100.00"` JPY is 100), so that a server's formatting
/// choice never loses a response; encoding always writes the canonical form.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Price {
    amount: Amount,
    currency: Currency,
}

impl Price {
    /// A price of `amount` in `currency`. Not checked against the
    /// per-transaction maximum (totals and limits may exceed it); use
    /// [`Price::check_transaction_maximum`] for one transaction.
    pub const fn new(amount: Amount, currency: Currency) -> Price {
        Price { amount, currency }
    }

    /// A price of `minor_units` minor units of `currency`.
    pub const fn from_minor_units(minor_units: u64, currency: Currency) -> Price {
        Price::new(Amount::from_minor_units(minor_units), currency)
    }

    /// Zero in `currency`.
    pub const fn zero(currency: Currency) -> Price {
        Price::new(Amount::ZERO, currency)
    }

    /// Reads a price for one transaction from its two wire strings.
    ///
    /// Checks everything [`Amount::parse`] checks, that `currency_code` is a
    /// currency Amazon Pay accepts (field `currencyCode`), and that the amount
    /// is within Amazon's per-transaction maximum for it.
    ///
    /// ```
    /// use amazon_pay_core::{Price, Rule};
    ///
    /// assert_eq!(Price::parse("14", "USD")?.to_string(), "14.00 USD");
    /// let err = Price::parse("150000.01", "USD").unwrap_err();
    /// assert!(matches!(err.rule(), Rule::AboveTransactionMaximum { .. }));
    /// # Ok::<(), amazon_pay_core::ValidationError>(())
    /// ```
    pub fn parse(amount: &str, currency_code: &str) -> Result<Price, ValidationError> {
        if currency_code.is_empty() {
            return Err(ValidationError::new("currencyCode", Rule::Empty));
        }
        let currency = Currency::parse(currency_code);
        if !currency.is_known() {
            return Err(ValidationError::new(
                "currencyCode",
                Rule::UnsupportedCurrency {
                    found: excerpt(currency_code),
                },
            ));
        }
        let amount = Amount::parse(amount, &currency)?;
        let price = Price::new(amount, currency);
        price.check_transaction_maximum()?;
        Ok(price)
    }

    /// The amount in minor units.
    pub const fn amount(&self) -> Amount {
        self.amount
    }

    /// The currency.
    pub const fn currency(&self) -> &Currency {
        &self.currency
    }

    /// Whether the amount is zero.
    pub const fn is_zero(&self) -> bool {
        self.amount.is_zero()
    }

    /// The amount as Amazon writes it, without the currency: `"14.00"`.
    pub fn amount_text(&self) -> String {
        self.amount.display(&self.currency).to_string()
    }

    /// Refuses the price (field `amount`) if it is above Amazon's maximum for
    /// one charge, capture or refund in its currency.
    pub fn check_transaction_maximum(&self) -> Result<(), ValidationError> {
        match self.currency.transaction_maximum() {
            Some(maximum) if self.amount > maximum => Err(ValidationError::new(
                "amount",
                Rule::AboveTransactionMaximum {
                    maximum: Price::new(maximum, self.currency.clone()),
                },
            )),
            _ => Ok(()),
        }
    }

    fn same_currency(&self, other: &Price) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch {
                left: self.currency.clone(),
                right: other.currency.clone(),
            })
        }
    }

    /// `self + other`; both must be in the same currency.
    pub fn checked_add(&self, other: &Price) -> Result<Price, MoneyError> {
        self.same_currency(other)?;
        let sum = self
            .amount
            .checked_add(other.amount)
            .ok_or(MoneyError::Overflow)?;
        Ok(Price::new(sum, self.currency.clone()))
    }

    /// `self - other`; both must be in the same currency and the result must
    /// not be negative.
    pub fn checked_sub(&self, other: &Price) -> Result<Price, MoneyError> {
        self.same_currency(other)?;
        match self.amount.checked_sub(other.amount) {
            Some(difference) => Ok(Price::new(difference, self.currency.clone())),
            None => Err(MoneyError::Negative {
                minuend: self.clone(),
                subtrahend: other.clone(),
            }),
        }
    }

    /// Compares two prices in the same currency.
    pub fn checked_cmp(&self, other: &Price) -> Result<Ordering, MoneyError> {
        self.same_currency(other)?;
        Ok(self.amount.cmp(&other.amount))
    }

    /// `percent` % of the price, rounded down to a whole minor unit (see
    /// [`Amount::percent`]).
    pub fn percent(&self, percent: u32) -> Result<Price, MoneyError> {
        let part = self.amount.percent(percent).ok_or(MoneyError::Overflow)?;
        Ok(Price::new(part, self.currency.clone()))
    }

    /// The smaller of two prices in the same currency.
    pub fn checked_min(&self, other: &Price) -> Result<Price, MoneyError> {
        Ok(match self.checked_cmp(other)? {
            Ordering::Greater => other.clone(),
            _ => self.clone(),
        })
    }
}

impl fmt::Display for Price {
    /// `14.00 USD`, `100 JPY`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}",
            self.amount.display(&self.currency),
            self.currency
        )
    }
}

impl Serialize for Price {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut object = serializer.serialize_struct("Price", 2)?;
        let digits = AmountDigits::new(self.amount, &self.currency);
        object.serialize_field("amount", digits.as_str())?;
        object.serialize_field("currencyCode", self.currency.as_str())?;
        object.end()
    }
}

/// The amount as it arrives: Amazon sends strings, some SDKs send integers.
struct AmountText(String);

impl<'de> Deserialize<'de> for AmountText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AmountVisitor;
        impl Visitor<'_> for AmountVisitor {
            type Value = AmountText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a decimal string such as \"14.00\"")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<AmountText, E> {
                Ok(AmountText(text.to_owned()))
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<AmountText, E> {
                Ok(AmountText(value.to_string()))
            }
        }
        deserializer.deserialize_any(AmountVisitor)
    }
}

/// A `Price` object as it arrives, members possibly missing or `null`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PriceFields {
    #[serde(default)]
    amount: Option<AmountText>,
    #[serde(default)]
    currency_code: Option<String>,
}

/// [`PriceFields`] from a JSON object only.
struct PriceWire(PriceFields);

impl<'de> Deserialize<'de> for PriceWire {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::wire::object(deserializer).map(PriceWire)
    }
}

impl PriceWire {
    /// `None` when both members are missing or `null`; an error naming the
    /// member when only one is.
    fn into_price<E: de::Error>(self) -> Result<Option<Price>, E> {
        let fail = |field: &'static str, rule| E::custom(ValidationError::new(field, rule));
        match (self.0.amount, self.0.currency_code) {
            (None, None) => Ok(None),
            (None, Some(_)) => Err(fail("amount", Rule::Missing)),
            (Some(_), None) => Err(fail("currencyCode", Rule::Missing)),
            (Some(AmountText(text)), Some(code)) => {
                let currency = Currency::from(code);
                let amount = parse_decimal(&text, &currency, Trailing::Zeros)
                    .map_err(|rule| fail("amount", rule))?;
                Ok(Some(Price::new(amount, currency)))
            }
        }
    }
}

impl<'de> Deserialize<'de> for Price {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        PriceWire::deserialize(deserializer)?
            .into_price()?
            .ok_or_else(|| de::Error::custom(ValidationError::new("amount", Rule::Missing)))
    }
}

/// An optional `Price` in a response: `null`, `{}` and an object whose
/// `amount` and `currencyCode` are both `null` all decode as absent.
pub(crate) fn optional_price<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Price>, D::Error> {
    match Option::<PriceWire>::deserialize(deserializer)? {
        Some(wire) => wire.into_price(),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule_of(text: &str, currency: &str) -> Rule {
        Price::parse(text, currency).unwrap_err().rule().clone()
    }

    #[test]
    fn accepts_whole_and_decimal_forms() {
        assert_eq!(
            Price::parse("14", "USD").unwrap().amount().minor_units(),
            1400
        );
        assert_eq!(
            Price::parse("14.00", "USD").unwrap().amount().minor_units(),
            1400
        );
        assert_eq!(
            Price::parse("14.5", "USD").unwrap().amount().minor_units(),
            1450
        );
        assert_eq!(
            Price::parse("0.05", "EUR").unwrap().amount().minor_units(),
            5
        );
        assert_eq!(
            Price::parse("100", "JPY").unwrap().amount().minor_units(),
            100
        );
        assert_eq!(
            Price::parse("007", "GBP").unwrap().amount().minor_units(),
            700
        );
    }

    #[test]
    fn refuses_each_malformed_amount_with_its_own_rule() {
        assert!(matches!(
            rule_of("7.7225", "USD"),
            Rule::TooManyDecimals {
                allowed: 2,
                found: 4,
                ..
            }
        ));
        assert!(matches!(
            rule_of("100.5", "JPY"),
            Rule::TooManyDecimals {
                allowed: 0,
                found: 1,
                ..
            }
        ));
        assert!(matches!(
            rule_of("100.0", "JPY"),
            Rule::TooManyDecimals { .. }
        ));
        assert_eq!(rule_of("-1.00", "USD"), Rule::Negative);
        assert_eq!(rule_of("1e3", "USD"), Rule::Exponent);
        assert_eq!(rule_of("1E3", "USD"), Rule::Exponent);
        assert_eq!(rule_of("", "USD"), Rule::Empty);
        assert_eq!(rule_of(" 1.00", "USD"), Rule::Whitespace);
        assert_eq!(rule_of("1.00\n", "USD"), Rule::Whitespace);
        assert_eq!(rule_of("1\u{a0}000", "USD"), Rule::Whitespace);
        assert_eq!(rule_of("1\u{0}", "USD"), Rule::ControlCharacter);
        assert_eq!(rule_of("１４", "USD"), Rule::NonAsciiDigit { found: '１' });
        assert_eq!(rule_of("1,00", "USD"), Rule::NotADecimal);
        assert_eq!(rule_of("+1", "USD"), Rule::NotADecimal);
        assert_eq!(rule_of(".5", "USD"), Rule::NotADecimal);
        assert_eq!(rule_of("5.", "USD"), Rule::NotADecimal);
        assert_eq!(rule_of("1.2.3", "USD"), Rule::NotADecimal);
        assert_eq!(rule_of("99999999999999999999", "JPY"), Rule::TooLarge);
    }

    #[test]
    fn per_transaction_maximum_is_inclusive() {
        assert!(Price::parse("150000.00", "USD").is_ok());
        assert!(Price::parse("150000", "EUR").is_ok());
        assert!(Price::parse("150000.00", "GBP").is_ok());
        assert!(Price::parse("10000000", "JPY").is_ok());
        for (text, code) in [
            ("150000.01", "USD"),
            ("150000.01", "EUR"),
            ("150000.01", "GBP"),
            ("10000001", "JPY"),
        ] {
            let err = Price::parse(text, code).unwrap_err();
            assert_eq!(err.field(), "amount");
            assert!(
                matches!(err.rule(), Rule::AboveTransactionMaximum { .. }),
                "{text} {code}"
            );
        }
        // No published maximum: not checked.
        assert!(Price::parse("999999.99", "AUD").is_ok());
    }

    #[test]
    fn refuses_unknown_currency_codes_when_parsing_for_a_request() {
        let err = Price::parse("1.00", "usd").unwrap_err();
        assert_eq!(err.field(), "currencyCode");
        assert!(matches!(err.rule(), Rule::UnsupportedCurrency { .. }));
        assert_eq!(Price::parse("1.00", "").unwrap_err().rule(), &Rule::Empty);
    }

    #[test]
    fn formats_canonically() {
        let usd = Currency::Usd;
        assert_eq!(
            Amount::from_minor_units(5).display(&usd).to_string(),
            "0.05"
        );
        assert_eq!(
            Amount::from_minor_units(1400).display(&usd).to_string(),
            "14.00"
        );
        assert_eq!(
            Amount::from_minor_units(0).display(&usd).to_string(),
            "0.00"
        );
        assert_eq!(
            Amount::from_minor_units(8400)
                .display(&Currency::Jpy)
                .to_string(),
            "8400"
        );
        assert_eq!(
            Price::from_minor_units(u64::MAX, Currency::Usd).amount_text(),
            "184467440737095516.15"
        );
    }

    #[test]
    fn arithmetic_is_checked() {
        let a = Price::from_minor_units(1000, Currency::Usd);
        let b = Price::from_minor_units(250, Currency::Usd);
        let yen = Price::from_minor_units(250, Currency::Jpy);
        assert_eq!(a.checked_add(&b).unwrap().amount().minor_units(), 1250);
        assert_eq!(a.checked_sub(&b).unwrap().amount().minor_units(), 750);
        assert!(matches!(
            b.checked_sub(&a),
            Err(MoneyError::Negative { .. })
        ));
        assert!(matches!(
            a.checked_add(&yen),
            Err(MoneyError::CurrencyMismatch { .. })
        ));
        assert!(matches!(
            a.checked_cmp(&yen),
            Err(MoneyError::CurrencyMismatch { .. })
        ));
        assert_eq!(a.checked_cmp(&b).unwrap(), Ordering::Greater);
        assert_eq!(a.checked_min(&b).unwrap(), b);
        let max = Price::from_minor_units(u64::MAX, Currency::Usd);
        assert_eq!(max.checked_add(&b), Err(MoneyError::Overflow));
        assert_eq!(max.percent(101), Err(MoneyError::Overflow));
        assert_eq!(max.percent(100).unwrap(), max);
    }

    #[test]
    fn percent_rounds_down() {
        let p = |minor, pct| {
            Amount::from_minor_units(minor)
                .percent(pct)
                .unwrap()
                .minor_units()
        };
        assert_eq!(p(99, 15), 14); // 14.85 -> 14
        assert_eq!(p(100, 15), 15);
        assert_eq!(p(50_000, 15), 7_500);
        assert_eq!(p(1, 900), 9);
        assert_eq!(p(0, 15), 0);
    }

    #[test]
    fn wire_form_round_trips_and_tolerates_zero_padding() {
        let price: Price =
            serde_json::from_str(r#"{"amount":"14.00","currencyCode":"USD"}"#).unwrap();
        assert_eq!(price, Price::from_minor_units(1400, Currency::Usd));
        assert_eq!(
            serde_json::to_string(&price).unwrap(),
            r#"{"amount":"14.00","currencyCode":"USD"}"#
        );
        let yen: Price =
            serde_json::from_str(r#"{"amount":"100.00","currencyCode":"JPY"}"#).unwrap();
        assert_eq!(yen, Price::from_minor_units(100, Currency::Jpy));
        assert_eq!(
            serde_json::to_string(&yen).unwrap(),
            r#"{"amount":"100","currencyCode":"JPY"}"#
        );
        let number: Price = serde_json::from_str(r#"{"amount":14,"currencyCode":"USD"}"#).unwrap();
        assert_eq!(number.amount().minor_units(), 1400);
        let err = serde_json::from_str::<Price>(r#"{"amount":"100.5","currencyCode":"JPY"}"#)
            .unwrap_err();
        assert!(err.to_string().contains("JPY has none"), "{err}");
        assert!(serde_json::from_str::<Price>(r#"{"amount":14.5,"currencyCode":"USD"}"#).is_err());
        assert!(serde_json::from_str::<Price>(r#"{"amount":null,"currencyCode":"USD"}"#).is_err());
        let unknown: Price =
            serde_json::from_str(r#"{"amount":"1.50","currencyCode":"XTS"}"#).unwrap();
        assert_eq!(unknown.currency(), &Currency::Unknown("XTS".into()));
        assert_eq!(
            serde_json::to_string(&unknown).unwrap(),
            r#"{"amount":"1.50","currencyCode":"XTS"}"#
        );
    }

    #[test]
    fn error_text_says_what_to_do() {
        let err = Price::parse("7.7225", "USD")
            .unwrap_err()
            .within("captureAmount");
        assert_eq!(
            err.to_string(),
            "`captureAmount.amount` has 4 decimal places but USD allows at most 2; round to 2 places before sending"
        );
    }
}
