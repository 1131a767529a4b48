//! [`Price`]: an amount in a currency, its checked arithmetic and its wire
//! form; [`MoneyError`] for arithmetic without an exact answer.

use std::cmp::Ordering;
use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::money::amount::{AmountDigits, Trailing, parse_decimal};
use crate::money::{Amount, Currency};
use crate::validation::{Rule, ValidationError, excerpt};

/// choice never loses a response; encoding always writes the canonical form.
/// An amount in a currency: Amazon's `Price` object (spec §3.1).
///
/// On the wire it is `{"amount": "14.00", "currencyCode": "USD"}`, the amount
/// an exact decimal string. Arithmetic is checked: mixing currencies,
/// overflowing and going below zero are [`MoneyError`]s, never panics.
///
/// Decoding a `Price` from Amazon accepts surplus decimal places only when
/// they are zeros (`"100.00"` JPY is 100), so that a server's formatting
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
                    maximum: Price::new(maximum, self.currency.clone()).to_string(),
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

/// Arithmetic on money that has no exact answer.
///
/// Returned by the checked operations of [`Price`]; none of them panics.
#[derive(Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "code", rename_all_fields = "camelCase")]
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

crate::validation::debug_as_message!(MoneyError);
crate::validation::error_codes!(MoneyError {
    CurrencyMismatch,
    Overflow,
    Negative
});
