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

/// Draws `n` values of `strategy` (deterministically seeded).
fn sample<S: Strategy>(strategy: S, n: usize) -> Vec<S::Value> {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config as RunnerConfig, RngAlgorithm, TestRng, TestRunner};
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]);
    let mut runner = TestRunner::new_with_rng(RunnerConfig::default(), rng);
    (0..n)
        .map(|_| strategy.new_tree(&mut runner).unwrap().current())
        .collect()
}

/// The refunds Amazon accepts of a scenario, given the allowance rule
/// `allowance` (the capture allowed if it is at most the order).
fn accepted_refunds(
    s: &strategy::CheckoutScenario,
    allowance: impl Fn(&amazon_pay_core::Price) -> amazon_pay_core::Price,
) -> Vec<bool> {
    let captured = if s.capture.amount() <= s.amount.amount() {
        &s.capture
    } else {
        &s.amount
    };
    let ceiling = captured.checked_add(&allowance(captured)).unwrap();
    let mut total = amazon_pay_core::Price::zero(captured.currency().clone());
    s.refunds
        .iter()
        .map(|refund| {
            let after = total.checked_add(refund).unwrap();
            let ok = after.amount() <= ceiling.amount();
            if ok {
                total = after;
            }
            ok
        })
        .collect()
}

#[test]
fn scenarios_reach_the_edges_that_matter() {
    use amazon_pay_core::lifecycle::rules;
    let scenarios = sample(strategy::checkout_scenario(), 2_000);
    let share = |count: usize| count * 100 / scenarios.len();
    let capture_exact = scenarios.iter().filter(|s| s.capture == s.amount).count();
    let capture_over_by_one = scenarios
        .iter()
        .filter(|s| s.capture.amount().minor_units() == s.amount.amount().minor_units() + 1)
        .count();
    // The last refund lands exactly on the ceiling, or one minor unit past.
    let ceiling_hits = |delta: u64| {
        scenarios
            .iter()
            .filter(|s| {
                let accepted = accepted_refunds(s, |c| rules::refund_allowance(c).unwrap());
                let captured = if s.capture.amount() <= s.amount.amount() {
                    &s.capture
                } else {
                    &s.amount
                };
                let ceiling = captured
                    .checked_add(&rules::refund_allowance(captured).unwrap())
                    .unwrap();
                let sum: u64 = s
                    .refunds
                    .iter()
                    .zip(&accepted)
                    .filter(|(_, ok)| **ok)
                    .map(|(r, _)| r.amount().minor_units())
                    .sum();
                let last = s.refunds.last().map(|r| r.amount().minor_units());
                match (delta, last, accepted.last()) {
                    (0, Some(_), Some(true)) => sum == ceiling.amount().minor_units(),
                    (1, Some(last), Some(false)) => {
                        sum + last == ceiling.amount().minor_units() + 1
                    }
                    _ => false,
                }
            })
            .count()
    };
    assert!(
        share(capture_exact) >= 5,
        "capture == order in {capture_exact} cases"
    );
    assert!(
        share(capture_over_by_one) >= 5,
        "capture == order + 1 in {capture_over_by_one}"
    );
    let exactly = ceiling_hits(0);
    let one_past = ceiling_hits(1);
    assert!(
        share(exactly) >= 10,
        "refunds exactly at the ceiling in {exactly} cases"
    );
    assert!(
        share(one_past) >= 10,
        "one minor unit past the ceiling in {one_past} cases"
    );
    // Prices reach one minor unit and the per-transaction maximum.
    let prices = sample(strategy::price(), 2_000);
    assert!(prices.iter().any(|p| p.amount().minor_units() == 1));
    assert!(
        prices
            .iter()
            .any(|p| p.currency().transaction_maximum() == Some(p.amount()))
    );
    // Counts reach 24, 25 and 26; instants reach a deadline and ±1 s.
    let counts = sample(strategy::charge_count(), 500);
    for n in [24, 25, 26] {
        assert!(counts.contains(&n), "{n}");
    }
    let deadline = amazon_pay_core::Timestamp::parse("20240301T100000Z").unwrap();
    let times = sample(strategy::around(deadline), 500);
    for seconds in [-1, 0, 1] {
        let at = deadline
            .checked_add(time::Duration::seconds(seconds))
            .unwrap();
        assert!(times.contains(&at), "{seconds}");
    }
}

/// A rule book whose refund allowance were zero would be caught by tests
/// built on the kit: its scenarios tell the two apart often.
#[test]
fn a_zero_allowance_is_told_apart_from_amazons() {
    use amazon_pay_core::lifecycle::rules;
    let scenarios = sample(strategy::checkout_scenario(), 500);
    let differ = scenarios
        .iter()
        .filter(|s| {
            let real = accepted_refunds(s, |c| rules::refund_allowance(c).unwrap());
            let zero = accepted_refunds(s, |c| amazon_pay_core::Price::zero(c.currency().clone()));
            real != zero
        })
        .count();
    assert!(
        differ * 100 / scenarios.len() >= 20,
        "only {differ} of 500 scenarios differ"
    );
}
