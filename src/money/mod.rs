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

mod amount;
mod currency;
mod price;

pub use amount::Amount;
pub use currency::Currency;
pub(crate) use price::optional_price;
pub use price::{MoneyError, Price};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validation::Rule;
    use std::cmp::Ordering;

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
