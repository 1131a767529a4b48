//! Every response fixture decodes, says what it should, and survives
//! decode → encode → decode unchanged.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use amazon_pay_core::model::*;
use amazon_pay_core::{Currency, Environment, Price, Timestamp};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

fn fixture_text(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// Decodes a fixture, checks the round trip and the field names, returns the value.
fn decode<T>(name: &str) -> T
where
    T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
{
    let text = fixture_text(name);
    let value: T = serde_json::from_str(&text).unwrap_or_else(|err| panic!("{name}: {err}"));
    let encoded = serde_json::to_value(&value).unwrap();
    let again: T = serde_json::from_value(encoded.clone()).unwrap();
    assert_eq!(
        again, value,
        "{name}: decode → encode → decode changed the value"
    );
    if name.starts_with("v2_") {
        let original: Value = serde_json::from_str(&text).unwrap();
        same_names(name, "", &original, &encoded);
    }
    value
}

/// The encoding uses exactly Amazon's names: nothing invented, nothing known dropped.
fn same_names(fixture: &str, path: &str, original: &Value, encoded: &Value) {
    match (original, encoded) {
        (Value::Object(original), Value::Object(encoded)) => {
            let written: BTreeSet<&str> = encoded.keys().map(String::as_str).collect();
            for key in &written {
                assert!(
                    original.contains_key(*key),
                    "{fixture}: encoding invented `{path}{key}`"
                );
            }
            for (key, value) in original {
                if value.is_null() {
                    continue;
                }
                let Some(encoded_value) = encoded.get(key) else {
                    panic!("{fixture}: `{path}{key}` was dropped");
                };
                same_names(fixture, &format!("{path}{key}."), value, encoded_value);
            }
        }
        (Value::Array(original), Value::Array(encoded)) => {
            let original: Vec<&Value> = original.iter().filter(|v| !v.is_null()).collect();
            if original.len() == encoded.len() {
                for (o, e) in original.iter().zip(encoded) {
                    same_names(fixture, path, o, e);
                }
            }
        }
        _ => {}
    }
}

fn ts(text: &str) -> Timestamp {
    Timestamp::parse(text).unwrap()
}

fn usd(minor: u64) -> Price {
    Price::from_minor_units(minor, Currency::Usd)
}

#[test]
fn every_fixture_is_covered() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    // `families/` holds the other API families' answers, decoded by
    // `tests/families/`.
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.file_type().unwrap().is_file())
        .map(|entry| entry.file_name().into_string().unwrap())
        .collect();
    names.sort();
    for name in names {
        let kind = name
            .trim_start_matches("seed_v1_")
            .trim_start_matches("v2_");
        let text = fixture_text(&name);
        let decoded =
            if kind.starts_with("checkout_session") || kind.starts_with("get_checkout_session") {
                serde_json::from_str::<CheckoutSession>(&text).map(drop)
            } else if kind.starts_with("charge_permission") {
                serde_json::from_str::<ChargePermission>(&text).map(drop)
            } else if kind.starts_with("charge") || kind.starts_with("capture_charge") {
                serde_json::from_str::<Charge>(&text).map(drop)
            } else if kind.starts_with("refund") {
                serde_json::from_str::<Refund>(&text).map(drop)
            } else if kind.starts_with("buyer") {
                serde_json::from_str::<Buyer>(&text).map(drop)
            } else if kind.starts_with("delivery_tracker") {
                serde_json::from_str::<DeliveryTracker>(&text).map(drop)
            } else if kind.starts_with("error") {
                serde_json::from_str::<ErrorResponse>(&text).map(drop)
            } else {
                panic!("fixture {name} has no decoder; name it after its object");
            };
        decoded.unwrap_or_else(|err| panic!("{name}: {err}"));
    }
}

#[test]
fn seed_get_checkout_session_v1() {
    let session: CheckoutSession = decode("seed_v1_get_checkout_session.json");
    assert_eq!(session.state(), Some(&CheckoutSessionState::Completed));
    assert_eq!(session.reason_code(), None);
    assert_eq!(
        session.checkout_session_id,
        Some(CheckoutSessionId::from(
            "bd504926-f659-4ad7-a1a9-9a747aaf5275"
        ))
    );
    assert_eq!(
        session.charge_permission_id,
        Some(ChargePermissionId::from("S01-5105180-3221187"))
    );
    assert_eq!(
        session.charge_id,
        Some(ChargeId::from("S01-5105180-3221187-C056351"))
    );
    assert_eq!(session.creation_timestamp, Some(ts("20191015T204313Z")));
    let status = session.status_details.as_ref().unwrap();
    assert_eq!(status.last_updated_timestamp, Some(ts("20191015T210556Z")));
    assert_eq!(session.web_checkout_details, None);
    assert_eq!(session.payment_details, None);
    assert_eq!(session.expiration_timestamp, None);
    // Encoding writes the v2 names.
    let encoded = serde_json::to_value(&session).unwrap();
    assert!(encoded.get("statusDetails").is_some());
    assert!(encoded.get("statusDetail").is_none());
}

#[test]
fn seed_capture_charge_v1() {
    let charge: Charge = decode("seed_v1_capture_charge.json");
    assert_eq!(charge.state(), Some(&ChargeState::Captured));
    assert_eq!(charge.charge_amount, Some(usd(1400)));
    assert_eq!(charge.capture_amount, Some(usd(1400)));
    assert_eq!(charge.refunded_amount, Some(usd(0)));
    assert_eq!(charge.converted_amount.as_deref(), Some("14.00"));
    assert_eq!(charge.conversion_rate.as_deref(), Some("1.00"));
    assert_eq!(charge.soft_descriptor.as_deref(), Some("Descriptor"));
    assert_eq!(charge.provider_metadata, Some(ProviderMetadata::default()));
    assert_eq!(charge.expiration_timestamp, Some(ts("20190715T155300Z")));
    assert_eq!(
        charge
            .charge_id
            .as_ref()
            .and_then(ChargeId::charge_permission_id),
        charge.charge_permission_id
    );
}

#[test]
fn open_checkout_session_with_nulls_unknowns_and_buyer() {
    let session: CheckoutSession = decode("v2_checkout_session_open.json");
    assert_eq!(session.state(), Some(&CheckoutSessionState::Open));
    assert_eq!(session.product_type, Some(ProductType::PayAndShip));
    assert_eq!(
        session.charge_permission_type,
        Some(ChargePermissionType::OneTime)
    );
    let details = session.payment_details.as_ref().unwrap();
    assert_eq!(details.payment_intent, Some(PaymentIntent::Authorize));
    assert_eq!(details.can_handle_pending_authorization, Some(false));
    assert_eq!(details.charge_amount, Some(usd(4999)));
    assert_eq!(details.presentment_currency, Some(Currency::Usd));
    assert_eq!(details.total_order_amount, None);
    let web = session.web_checkout_details.as_ref().unwrap();
    assert!(
        web.amazon_pay_redirect_url
            .as_deref()
            .unwrap()
            .starts_with("https://pay.amazon.com/")
    );
    assert_eq!(web.checkout_cancel_url, None);
    // `[null, {…}]` keeps the one real element.
    let preferences = session.payment_preferences.as_ref().unwrap();
    assert_eq!(preferences.len(), 1);
    assert_eq!(
        preferences[0].payment_descriptor.as_deref(),
        Some("Visa ****1111 (Amazon Pay)")
    );
    let constraints = session.constraints.as_ref().unwrap();
    assert_eq!(constraints.len(), 2);
    assert_eq!(
        constraints[0].constraint_id,
        Some(ConstraintId::ChargeAmountNotSet)
    );
    assert_eq!(
        constraints[1].constraint_id,
        Some(ConstraintId::Unknown("SomeConstraintAddedLater".into()))
    );
    let buyer = session.buyer.as_ref().unwrap();
    assert_eq!(buyer.name.as_deref(), Some("Jane Doe"));
    assert_eq!(buyer.prime_membership_types, None);
    let shipping = session.shipping_address.as_ref().unwrap();
    assert_eq!(shipping.address_line2.as_deref(), Some("Apt 3"));
    assert_eq!(shipping.state_or_region.as_deref(), Some("WA"));
    let delivery = session.delivery_specifications.as_ref().unwrap();
    assert_eq!(
        delivery.special_restrictions,
        Some(vec![SpecialRestriction::RestrictPoBoxes])
    );
    let restrictions = delivery.address_restrictions.as_ref().unwrap();
    assert_eq!(
        restrictions.restriction_type,
        Some(RestrictionType::Allowed)
    );
    let by_country = restrictions.restrictions.as_ref().unwrap();
    assert_eq!(by_country["GB"].zip_codes, Some(vec!["72046".to_owned()]));
    assert_eq!(
        by_country["US"].states_or_regions,
        Some(vec!["WA".to_owned()])
    );
    assert_eq!(session.checkout_type.as_deref(), Some("MultiStep"));
    // Fields of unconfirmed meaning are kept exactly as sent.
    assert_eq!(
        session.cart_details.as_ref().map(RawJson::as_value),
        Some(&serde_json::json!({"lineItems": [], "deliveryOptions": []}))
    );
    assert_eq!(
        session.channel_type.map(RawJson::into_value),
        Some(Value::from("Web"))
    );
    assert_eq!(
        session.release_environment,
        Some(ReleaseEnvironment::Sandbox)
    );
    assert_eq!(session.expiration_timestamp, Some(ts("20240302T101000Z")));
}

#[test]
fn buyer_data_is_redacted_in_debug() {
    let session: CheckoutSession = decode("v2_checkout_session_open.json");
    let debug = format!("{session:?}");
    for secret in [
        "Jane Doe",
        "jane@example.test",
        "410 Terry",
        "800-000-0000",
        "98109",
    ] {
        assert!(!debug.contains(secret), "Debug leaks {secret:?}");
    }
    assert!(debug.contains("amzn1.account.AEXAMPLEBUYERID"));
    assert!(debug.contains("Some(<redacted>)"));
    // Values of unconfirmed meaning show their shape only.
    assert!(debug.contains("cart_details: Some(RawJson(<object with 2 fields>))"));
    assert!(debug.contains("channel_type: Some(RawJson(<redacted scalar>))"));
}

#[test]
fn create_checkout_session_body_with_address_details_and_scopes() {
    // Request-only fields of a Create Checkout Session body (Amazon Pay
    // button with ProcessOrder and PayAndShip).
    let body = serde_json::json!({
        "storeId": "amzn1.application-oa2-client.8b5e45312b5248b69eeaStoreId",
        "webCheckoutDetails": {
            "checkoutResultReturnUrl": "https://shop.example/result",
            "checkoutMode": "ProcessOrder"
        },
        "productType": "PayAndShip",
        "scopes": ["name", "email", "shippingAddress", null, "someFutureScope"],
        "addressDetails": {
            "name": "Jane Doe",
            "addressLine1": "410 Terry Ave N",
            "city": "Seattle",
            "districtOrCounty": "King",
            "stateOrRegion": "WA",
            "postalCode": "98109",
            "countryCode": "US",
            "phoneNumber": "800-000-0000"
        },
        "paymentDetails": {
            "paymentIntent": "AuthorizeWithCapture",
            "chargeAmount": {"amount": "19.99", "currencyCode": "USD"}
        }
    });
    let session: CheckoutSession = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(
        session.scopes,
        Some(vec![
            Scope::Name,
            Scope::Email,
            Scope::ShippingAddress,
            Scope::Unknown("someFutureScope".to_owned())
        ])
    );
    let details = session.address_details.as_ref().unwrap();
    assert_eq!(details.district_or_county.as_deref(), Some("King"));
    assert!(!format!("{session:?}").contains("Terry"));
    // Encoding writes the same body back, minus the null scope.
    let mut expected = body;
    expected["scopes"] = serde_json::json!(["name", "email", "shippingAddress", "someFutureScope"]);
    assert_eq!(serde_json::to_value(&session).unwrap(), expected);
}

#[test]
fn completed_checkout_session_is_mostly_null() {
    let session: CheckoutSession = decode("v2_checkout_session_completed.json");
    assert_eq!(session.state(), Some(&CheckoutSessionState::Completed));
    assert_eq!(session.payment_preferences, Some(vec![]));
    assert_eq!(session.constraints, Some(vec![]));
    assert_eq!(session.payment_details, Some(PaymentDetails::default()));
    assert_eq!(session.buyer, None);
    assert_eq!(
        session.charge_id,
        Some(ChargeId::from("S01-5105180-3221187-C056351"))
    );
}

#[test]
fn unknown_reason_code_is_kept_verbatim() {
    let session: CheckoutSession = decode("v2_checkout_session_canceled_unknown_reason.json");
    assert_eq!(session.state(), Some(&CheckoutSessionState::Canceled));
    let reason = session.reason_code().unwrap();
    assert_eq!(
        reason,
        &CheckoutSessionReasonCode::Unknown("BuyerWentToTheMoon".into())
    );
    assert_eq!(reason.as_str(), "BuyerWentToTheMoon");
    assert!(!reason.is_known());
    // Lower-case environment from the server.
    let environment = session.release_environment.as_ref().unwrap();
    assert_eq!(environment, &ReleaseEnvironment::Live);
    assert_eq!(environment.environment(), Some(Environment::Live));
    let encoded = serde_json::to_value(&session).unwrap();
    assert_eq!(encoded["statusDetails"]["reasonCode"], "BuyerWentToTheMoon");
}

#[test]
fn shipping_address_list_strings_are_decoded() {
    let session: CheckoutSession = decode("v2_checkout_session_multi_address.json");
    assert_eq!(
        session.product_type,
        Some(ProductType::PayAndShipMultiAddress)
    );
    let addresses = session.shipping_address_list.as_ref().unwrap();
    assert_eq!(addresses.len(), 2);
    assert_eq!(addresses[0].address_id.as_deref(), Some("addr-1"));
    assert_eq!(addresses[0].city.as_deref(), Some("Seattle"));
    assert_eq!(addresses[0].phone_number, None);
    assert_eq!(addresses[1].address_id.as_deref(), Some("addr-2"));
    assert_eq!(addresses[1].postal_code.as_deref(), Some("97201"));
    let metadata = session.multi_addresses_checkout_metadata.as_ref().unwrap();
    assert_eq!(metadata[1].price, Some(usd(1550)));
}

#[test]
fn broken_shipping_address_string_is_an_error_not_a_panic() {
    let err = serde_json::from_str::<CheckoutSession>(r#"{"shippingAddressList":["{not json"]}"#)
        .unwrap_err();
    assert!(err.to_string().contains("shippingAddressList"), "{err}");
}

#[test]
fn recurring_checkout_session_in_yen() {
    let session: CheckoutSession = decode("v2_checkout_session_recurring_jpy.json");
    let recurring = session.recurring_metadata.as_ref().unwrap();
    let frequency = recurring.frequency.as_ref().unwrap();
    assert_eq!(frequency.unit, Some(FrequencyUnit::Month));
    assert_eq!(frequency.value, Some(1));
    assert_eq!(
        recurring.amount,
        Some(Price::from_minor_units(980, Currency::Jpy))
    );
    let encoded = serde_json::to_value(&session).unwrap();
    assert_eq!(encoded["recurringMetadata"]["frequency"]["value"], "1");
    assert_eq!(encoded["recurringMetadata"]["amount"]["amount"], "980");
    assert_eq!(
        session.payment_details.unwrap().payment_intent,
        Some(PaymentIntent::Confirm)
    );
}

#[test]
fn one_time_charge_permission_with_reasons() {
    let permission: ChargePermission = decode("v2_charge_permission_onetime.json");
    assert_eq!(
        permission.state(),
        Some(&ChargePermissionState::NonChargeable)
    );
    let status = permission.status_details.as_ref().unwrap();
    let codes: Vec<_> = status.reason_codes().cloned().collect();
    assert_eq!(
        codes,
        vec![
            ChargePermissionReasonCode::ChargeInProgress,
            ChargePermissionReasonCode::PaymentMethodExpired,
            ChargePermissionReasonCode::Unknown("SomethingAmazonAddedLater".into()),
        ]
    );
    let limits = permission.limits.as_ref().unwrap();
    assert_eq!(limits.amount_limit, Some(usd(4999)));
    assert_eq!(limits.amount_balance, Some(usd(1999)));
    assert_eq!(
        permission.charge_permission_type,
        Some(ChargePermissionType::OneTime)
    );
    assert_eq!(
        permission.buyer.as_ref().unwrap().prime_membership_types,
        Some(vec![])
    );
    assert_eq!(
        permission.expiration_timestamp,
        Some(ts("20240828T102233Z"))
    );
}

#[test]
fn recurring_charge_permission_in_yen() {
    let permission: ChargePermission = decode("v2_charge_permission_recurring_jpy.json");
    assert_eq!(permission.state(), Some(&ChargePermissionState::Chargeable));
    assert_eq!(permission.status_details.as_ref().unwrap().reasons, None);
    let limits = permission.limits.as_ref().unwrap();
    assert_eq!(
        limits.amount_limit,
        Some(Price::from_minor_units(100_000, Currency::Jpy))
    );
    assert_eq!(
        limits.amount_balance,
        Some(Price::from_minor_units(90_000, Currency::Jpy))
    );
    let frequency = permission
        .recurring_metadata
        .as_ref()
        .unwrap()
        .frequency
        .as_ref()
        .unwrap();
    assert_eq!(frequency.value, Some(1)); // sent as a number here
    let buyer = permission.buyer.as_ref().unwrap();
    assert_eq!(
        buyer.prime_membership_types,
        Some(vec![
            PrimeMembershipType::PrimeGeneral,
            PrimeMembershipType::Unknown("PRIME_SOMETHING_NEW".into())
        ])
    );
    let shipping = permission.shipping_address.as_ref().unwrap();
    assert_eq!(shipping.city, None);
    assert_eq!(shipping.state_or_region.as_deref(), Some("東京都"));
    assert_eq!(permission.presentment_currency, Some(Currency::Jpy));
}

#[test]
fn closed_payment_method_on_file_permission() {
    let permission: ChargePermission = decode("v2_charge_permission_closed.json");
    assert_eq!(permission.state(), Some(&ChargePermissionState::Closed));
    assert_eq!(
        permission.charge_permission_type,
        Some(ChargePermissionType::PaymentMethodOnFile)
    );
    let codes: Vec<_> = permission
        .status_details
        .as_ref()
        .unwrap()
        .reason_codes()
        .collect();
    assert_eq!(codes, vec![&ChargePermissionReasonCode::BuyerClosed]);
    assert_eq!(permission.expiration_timestamp, None);
}

#[test]
fn singular_reason_on_a_charge_permission_becomes_a_list() {
    let permission: ChargePermission = serde_json::from_str(
        r#"{"statusDetail":{"state":"Closed","reasonCode":"MerchantCanceled","reasonDescription":"v1"}}"#,
    )
    .unwrap();
    let status = permission.status_details.unwrap();
    assert_eq!(status.state, Some(ChargePermissionState::Closed));
    let reasons = status.reasons.unwrap();
    assert_eq!(reasons.len(), 1);
    assert_eq!(
        reasons[0].reason_code,
        Some(ChargePermissionReasonCode::MerchantCanceled)
    );
    assert_eq!(reasons[0].reason_description.as_deref(), Some("v1"));
}

#[test]
fn authorized_charge() {
    let charge: Charge = decode("v2_charge_authorized.json");
    assert_eq!(charge.state(), Some(&ChargeState::Authorized));
    assert_eq!(charge.charge_amount, Some(usd(4999)));
    assert_eq!(charge.capture_amount, None);
    assert_eq!(charge.capture_now, Some(false));
    assert_eq!(charge.expiration_timestamp, Some(ts("20240331T102233Z")));
    assert_eq!(
        charge.disbursement_details.as_ref().map(RawJson::as_value),
        Some(&serde_json::json!({"disbursementCurrency": "USD"}))
    );
    assert_eq!(
        charge
            .merchant_metadata
            .as_ref()
            .unwrap()
            .merchant_reference_id
            .as_deref(),
        Some("order-1042")
    );
}

#[test]
fn captured_multi_currency_charge_in_yen() {
    let charge: Charge = decode("v2_charge_captured_multicurrency.json");
    assert_eq!(charge.state(), Some(&ChargeState::Captured));
    let yen = |n| Price::from_minor_units(n, Currency::Jpy);
    assert_eq!(charge.charge_amount, Some(yen(3500)));
    assert_eq!(charge.capture_amount, Some(yen(3500)));
    assert_eq!(charge.refunded_amount, Some(yen(0)));
    assert_eq!(charge.converted_amount.as_deref(), Some("21.35"));
    assert_eq!(charge.conversion_rate.as_deref(), Some("0.0061"));
    assert_eq!(charge.charge_initiator, Some(ChargeInitiator::Citu));
    assert_eq!(charge.channel, Some(Channel::Web));
    assert_eq!(charge.soft_descriptor.as_deref(), Some("SHOP EXAMPLE"));
}

#[test]
fn declined_charge() {
    let charge: Charge = decode("v2_charge_declined.json");
    assert_eq!(charge.state(), Some(&ChargeState::Declined));
    assert_eq!(charge.reason_code(), Some(&ChargeReasonCode::SoftDeclined));
    assert_eq!(
        charge.charge_amount,
        Some(Price::from_minor_units(3000, Currency::Eur))
    );
}

#[test]
fn unknown_charge_state_is_kept_and_the_extended_timestamp_read() {
    let charge: Charge = decode("v2_charge_unknown_state.json");
    assert_eq!(
        charge.state(),
        Some(&ChargeState::Unknown("CapturePendingReview".into()))
    );
    assert_eq!(
        charge.reason_code(),
        Some(&ChargeReasonCode::Unknown("SomeNewReason".into()))
    );
    let status = charge.status_details.as_ref().unwrap();
    assert_eq!(status.last_updated_timestamp, Some(ts("20240304T080000Z")));
    let encoded = serde_json::to_value(&charge).unwrap();
    assert_eq!(encoded["statusDetails"]["state"], "CapturePendingReview");
    assert_eq!(
        encoded["statusDetails"]["lastUpdatedTimestamp"],
        "20240304T080000Z"
    );
}

#[test]
fn refunds() {
    let initiated: Refund = decode("v2_refund_initiated.json");
    assert_eq!(initiated.state(), Some(&RefundState::RefundInitiated));
    assert_eq!(initiated.refund_amount, Some(usd(1000)));
    assert_eq!(
        initiated.refund_id,
        Some(RefundId::from("S01-5105180-3221187-R022311"))
    );
    assert_eq!(initiated.disbursement_details, None);
    let declined: Refund = decode("v2_refund_declined_jpy.json");
    assert_eq!(declined.state(), Some(&RefundState::Declined));
    assert_eq!(
        declined.reason_code(),
        Some(&RefundReasonCode::ProcessingFailure)
    );
    assert_eq!(
        declined.refund_amount,
        Some(Price::from_minor_units(8400, Currency::Jpy))
    );
}

#[test]
fn get_buyer() {
    let buyer: Buyer = decode("v2_buyer.json");
    assert_eq!(
        buyer.buyer_id.as_deref(),
        Some("amzn1.account.AEXAMPLEBUYERID")
    );
    assert_eq!(buyer.postal_code.as_deref(), Some("98109"));
    assert_eq!(buyer.country_code.as_deref(), Some("US"));
    assert_eq!(
        buyer.prime_membership_types,
        Some(vec![PrimeMembershipType::PrimeGeneralUs])
    );
    assert_eq!(
        buyer.shipping_address.as_ref().unwrap().city.as_deref(),
        Some("Seattle")
    );
    assert_eq!(buyer.billing_address, None);
    let debug = format!("{buyer:?}");
    assert!(!debug.contains("jane@example.test") && !debug.contains("Jane Doe"));
}

#[test]
fn delivery_tracker() {
    let tracker: DeliveryTracker = decode("v2_delivery_tracker.json");
    assert_eq!(tracker.amazon_order_reference_id, None);
    assert_eq!(
        tracker.charge_permission_id,
        Some(ChargePermissionId::from("S01-5105180-3221187"))
    );
    let details = tracker.delivery_details.unwrap();
    assert_eq!(
        details[0].tracking_number.as_deref(),
        Some("1Z999AA10123456784")
    );
    assert_eq!(details[0].carrier_code.as_deref(), Some("UPS"));
}

#[test]
fn error_body() {
    let error: ErrorResponse = decode("v2_error_invalid_charge_status.json");
    assert_eq!(error.reason_code, Some(ErrorCode::InvalidChargeStatus));
    assert!(error.message.unwrap().contains("Authorized state"));
}

#[test]
fn every_vocabulary_value_round_trips_its_text() {
    fn check<T>(known: &[T])
    where
        T: std::fmt::Display + PartialEq + std::fmt::Debug + for<'a> From<&'a str>,
    {
        for value in known {
            assert_eq!(&T::from(value.to_string().as_str()), value);
        }
        let unknown = T::from("NotAnAmazonWord");
        assert_eq!(unknown.to_string(), "NotAnAmazonWord");
    }
    check(CheckoutSessionState::KNOWN);
    check(CheckoutSessionReasonCode::KNOWN);
    check(ChargePermissionState::KNOWN);
    check(ChargePermissionReasonCode::KNOWN);
    check(ChargeState::KNOWN);
    check(ChargeReasonCode::KNOWN);
    check(RefundState::KNOWN);
    check(RefundReasonCode::KNOWN);
    check(PaymentIntent::KNOWN);
    check(ProductType::KNOWN);
    check(ChargePermissionType::KNOWN);
    check(ConstraintId::KNOWN);
    check(FrequencyUnit::KNOWN);
    check(ErrorCode::KNOWN);
    check(Currency::KNOWN);
    check(Scope::KNOWN);
    check(ChargeInitiator::KNOWN);
    check(Channel::KNOWN);
    check(PrimeMembershipType::KNOWN);
    check(SpecialRestriction::KNOWN);
    check(ReleaseEnvironment::KNOWN);
    assert_eq!(Currency::KNOWN.len(), 12);
    assert_eq!(
        ChargePermissionReasonCode::from("MFAFailed"),
        ChargePermissionReasonCode::MfaFailed
    );
    assert_eq!(
        ErrorCode::from("InvalidAPIVersion"),
        ErrorCode::InvalidApiVersion
    );
}
