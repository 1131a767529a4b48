//! The exported proptest strategies give what they promise: values the
//! crate's own validation accepts, consistent objects, serde round trips.
#![cfg(feature = "proptest")]

use amazon_pay_core::model::{Charge, ChargeState, Refund};
use amazon_pay_core::operation::ApiOperation;
use amazon_pay_core::{ApiVersion, Config, IdempotencyKey, PublicKeyId, Region, strategy};
use proptest::prelude::*;

fn config() -> Config {
    Config::new(
        Region::Eu,
        PublicKeyId::parse("SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B").unwrap(),
    )
}

proptest! {
    #[test]
    fn prices_are_within_amazons_maximum(price in strategy::price()) {
        prop_assert!(price.check_transaction_maximum().is_ok());
        prop_assert!(price.amount().minor_units() > 0);
        prop_assert!(price.currency().is_known());
    }

    #[test]
    fn ids_and_keys_have_amazons_formats(
        session in strategy::checkout_session_id(),
        charge in strategy::charge_id(),
        refund in strategy::refund_id(),
        key in strategy::idempotency_key(),
    ) {
        prop_assert_eq!(session.as_str().len(), 36);
        prop_assert!(charge.as_str().starts_with("S01-"));
        let permission = charge.charge_permission_id().unwrap();
        prop_assert!(charge.as_str().starts_with(permission.as_str()));
        prop_assert!(refund.as_str().contains("-R"));
        prop_assert!(IdempotencyKey::parse(key.as_str()).is_ok());
    }

    #[test]
    fn model_objects_are_consistent_and_round_trip(charge in strategy::charge(), refund in strategy::refund()) {
        let amount = charge.charge_amount.clone().unwrap();
        if let Some(captured) = &charge.capture_amount {
            prop_assert_eq!(charge.state(), Some(&ChargeState::Captured));
            prop_assert!(captured.checked_cmp(&amount).unwrap().is_le());
        }
        let back: Charge = serde_json::from_str(&serde_json::to_string(&charge).unwrap()).unwrap();
        prop_assert_eq!(back, charge);
        let back: Refund = serde_json::from_str(&serde_json::to_string(&refund).unwrap()).unwrap();
        prop_assert_eq!(back, refund);
    }

    #[test]
    fn operations_are_valid(capture in strategy::capture_charge(), refund in strategy::create_refund(), create in strategy::create_charge()) {
        let config = config();
        prop_assert!(capture.into_request(&config).is_ok());
        prop_assert!(refund.into_request(&config).is_ok());
        prop_assert!(create.into_request(&config.clone().with_api_version(ApiVersion::V2)).is_ok());
    }

    #[test]
    fn scenarios_stay_in_one_currency(s in strategy::checkout_scenario()) {
        prop_assert_eq!(s.capture.currency(), s.amount.currency());
        for refund in &s.refunds {
            prop_assert_eq!(refund.currency(), s.amount.currency());
            prop_assert!(refund.amount().minor_units() > 0);
        }
    }
}
