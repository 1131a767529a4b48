//! Properties of the foundation: exact round trips, and no input that panics.

use amazon_pay_core::model::{Charge, CheckoutSession};
use amazon_pay_core::{Amount, Currency, Price, PublicKeyId, Region, Timestamp};
use proptest::prelude::*;

fn known_currency() -> impl Strategy<Value = Currency> {
    proptest::sample::select(Currency::KNOWN.to_vec())
}

fn any_currency() -> impl Strategy<Value = Currency> {
    prop_oneof![
        4 => known_currency(),
        1 => "[A-Z]{3}".prop_map(|code| Currency::from(code.as_str())),
    ]
}

/// A currency with an amount no larger than its per-transaction maximum
/// (or any amount, where Amazon publishes no maximum).
fn price_in_range() -> impl Strategy<Value = Price> {
    known_currency().prop_flat_map(|currency| {
        let max = currency
            .transaction_maximum()
            .map_or(u64::MAX, Amount::minor_units);
        (0..=max).prop_map(move |minor| Price::from_minor_units(minor, currency.clone()))
    })
}

/// Text that looks a lot like an amount: digits, dots, signs, exponents,
/// spaces, and some non-ASCII digits.
fn amount_like() -> impl Strategy<Value = String> {
    "[0-9.eE+\\- ,٣５\u{a0}]{0,30}"
}

/// Text that looks a lot like a timestamp.
fn timestamp_like() -> impl Strategy<Value = String> {
    "[0-9T:Z\\-.+ ]{0,24}"
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    #[test]
    fn price_parse_inverts_format(price in price_in_range()) {
        let text = price.amount_text();
        let parsed = Price::parse(&text, price.currency().as_str()).unwrap();
        prop_assert_eq!(&parsed, &price);
        // Also through the wire form.
        let json = serde_json::to_string(&price).unwrap();
        prop_assert_eq!(serde_json::from_str::<Price>(&json).unwrap(), price);
    }

    #[test]
    fn amount_parse_inverts_format_for_every_u64(minor in any::<u64>(), currency in any_currency()) {
        let amount = Amount::from_minor_units(minor);
        let text = amount.display(&currency).to_string();
        prop_assert_eq!(Amount::parse(&text, &currency).unwrap(), amount);
    }

    #[test]
    fn one_minor_unit_over_the_maximum_is_refused(currency in known_currency()) {
        if let Some(max) = currency.transaction_maximum() {
            let over = Price::from_minor_units(max.minor_units() + 1, currency.clone());
            prop_assert!(Price::parse(&over.amount_text(), currency.as_str()).is_err());
        }
    }

    #[test]
    fn money_parsers_never_panic(text in any::<String>(), near in amount_like(), currency in any_currency()) {
        for input in [&text, &near] {
            let _ = Amount::parse(input, &currency);
            let _ = Price::parse(input, currency.as_str());
            let _ = Price::parse("1", input);
            let json = serde_json::json!({"amount": input, "currencyCode": currency.as_str()});
            let _ = serde_json::from_value::<Price>(json);
        }
    }

    #[test]
    fn parse_errors_name_a_field(near in amount_like(), currency in known_currency()) {
        if let Err(err) = Price::parse(&near, currency.as_str()) {
            prop_assert_eq!(err.field(), "amount");
            prop_assert!(!err.to_string().is_empty());
        }
    }

    #[test]
    fn arithmetic_never_panics(
        a in any::<u64>(), b in any::<u64>(), pct in any::<u32>(),
        ca in any_currency(), cb in any_currency(),
    ) {
        let x = Price::from_minor_units(a, ca.clone());
        let y = Price::from_minor_units(b, cb.clone());
        let sum = x.checked_add(&y);
        let difference = x.checked_sub(&y);
        let order = x.checked_cmp(&y);
        let _ = x.checked_min(&y);
        let part = x.percent(pct);
        if ca == cb {
            prop_assert_eq!(sum.is_ok(), a.checked_add(b).is_some());
            prop_assert_eq!(difference.is_ok(), a >= b);
            prop_assert_eq!(order.unwrap(), a.cmp(&b));
            if let Ok(part) = part {
                prop_assert_eq!(u128::from(part.amount().minor_units()), u128::from(a) * u128::from(pct) / 100);
            }
        } else {
            prop_assert!(sum.is_err() && difference.is_err() && order.is_err());
        }
    }

    #[test]
    fn timestamp_format_round_trips(seconds in -62_167_219_200i64..=253_402_300_799i64) {
        let ts = Timestamp::from_unix_seconds(seconds).unwrap();
        prop_assert_eq!(ts.unix_seconds(), seconds);
        let basic = ts.to_string();
        prop_assert_eq!(basic.len(), 16);
        prop_assert_eq!(Timestamp::parse(&basic).unwrap(), ts);
        prop_assert_eq!(Timestamp::parse(&ts.extended().to_string()).unwrap(), ts);
    }

    #[test]
    fn timestamp_parser_never_panics(text in any::<String>(), near in timestamp_like(), months in any::<u32>(), secs in any::<i64>()) {
        let _ = Timestamp::parse(&text);
        if let Ok(ts) = Timestamp::parse(&near) {
            let _ = ts.checked_add_months(months);
            let _ = ts.checked_add(time::Duration::seconds(secs));
            let _ = ts.checked_sub(time::Duration::seconds(secs));
        }
        let _ = Timestamp::from_unix_seconds(secs);
    }

    #[test]
    fn region_and_key_id_parsers_never_panic(text in any::<String>(), near in "[a-zA-Z\\-_ ]{0,12}") {
        for input in [&text, &near] {
            if let Ok(region) = Region::parse(input) {
                prop_assert!(["na", "us", "eu", "de", "uk", "jp"].contains(&input.to_ascii_lowercase().as_str()));
                prop_assert!(Region::ALL.contains(&region));
            }
            if let Ok(id) = PublicKeyId::parse(input) {
                prop_assert_eq!(id.as_str(), input.as_str());
                prop_assert!(input.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
                let _ = id.implied_environment();
            }
        }
    }

    #[test]
    fn decoding_arbitrary_json_text_never_panics(text in any::<String>()) {
        let _ = serde_json::from_str::<CheckoutSession>(&text);
        let _ = serde_json::from_str::<Charge>(&text);
    }
}
