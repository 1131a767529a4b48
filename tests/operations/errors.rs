//! Every module's error goes into the crate's one `Error` with `?`, and its
//! message survives the trip.

use amazon_pay_core::exchange::ExchangeError;
use amazon_pay_core::lifecycle::{ChargeLifecycle, LifecycleError};
use amazon_pay_core::operation::{AnswerError, ApiError, Response};
use amazon_pay_core::sign::{KeyError, PrivateKeyDocument};
use amazon_pay_core::{Error, MoneyError, Price, Timestamp, ValidationError};

fn validation() -> Result<Price, ValidationError> {
    Price::parse("7.7225", "USD")
}

fn money() -> Result<Price, MoneyError> {
    Price::parse("1.00", "USD")
        .unwrap()
        .checked_add(&Price::parse("1", "JPY").unwrap())
}

fn key() -> Result<PrivateKeyDocument, KeyError> {
    PrivateKeyDocument::parse(b"not a key")
}

fn lifecycle() -> Result<ChargeLifecycle, LifecycleError> {
    let at = Timestamp::parse("20240301T100000Z").unwrap();
    let charge = ChargeLifecycle::authorized(Price::parse("10.00", "USD").unwrap(), at);
    Ok(charge.capture_requested(Price::parse("10.01", "USD").unwrap(), at)?)
}

fn api() -> ApiError {
    ApiError::from_response(&Response::new(
        422,
        br#"{"reasonCode":"InvalidChargeStatus","message":"Canceled"}"#.to_vec(),
    ))
}

/// Each `?` converts into `Error`; the test keeps the message each had.
fn each(step: u8) -> Result<(), Error> {
    match step {
        0 => drop(validation()?),
        1 => drop(money()?),
        2 => drop(key()?),
        3 => drop(lifecycle()?),
        4 => Err(api())?,
        5 => Err(ExchangeError::Api(api()))?,
        6 => Err(AnswerError::Api(api()))?,
        _ => {}
    }
    Ok(())
}

#[test]
fn every_module_error_goes_into_error_with_its_message() {
    let messages = [
        validation().unwrap_err().to_string(),
        money().unwrap_err().to_string(),
        key().unwrap_err().to_string(),
        lifecycle().unwrap_err().to_string(),
        api().to_string(),
        api().to_string(),
        api().to_string(),
    ];
    for (step, message) in messages.iter().enumerate() {
        let error = each(step as u8).unwrap_err();
        assert_eq!(&error.to_string(), message, "step {step}");
    }
    // The exchange's and the ledger's errors flatten into the variants a
    // caller already matches on.
    assert!(matches!(each(5).unwrap_err(), Error::Api(_)));
    assert!(matches!(each(6).unwrap_err(), Error::Api(_)));
    assert!(matches!(each(3).unwrap_err(), Error::Lifecycle(_)));
    assert!(each(7).is_ok());
}

/// What `fn main() -> Result<(), Box<dyn Error>>` prints on failure is the
/// error's `Debug`: it says what was wrong and what to do, not only a
/// variant name.
#[test]
fn a_boxed_error_debugs_as_its_whole_message() {
    let boxed: Box<dyn std::error::Error> = KeyError::PublicKeyInsteadOfPrivate.into();
    let printed = format!("{boxed:?}");
    assert!(
        printed.starts_with("KeyError: this is a public key"),
        "{printed}"
    );
    assert!(
        printed.contains("private key that Seller Central"),
        "{printed}"
    );
    for (error, name) in [
        (Error::from(validation().unwrap_err()), "`amount`"),
        (Error::from(money().unwrap_err()), "currencies differ"),
        (
            Error::from(lifecycle().unwrap_err()),
            "more than the 10.00 USD authorized",
        ),
        (Error::from(api()), "InvalidChargeStatus"),
    ] {
        let boxed: Box<dyn std::error::Error> = error.into();
        let printed = format!("{boxed:?}");
        assert!(printed.starts_with("Error: "), "{printed}");
        assert!(printed.contains(name), "{printed}");
    }
    let printed = format!("{:?}", validation().unwrap_err());
    assert!(
        printed.starts_with("ValidationError: `amount` has 4 decimal places"),
        "{printed}"
    );
}
