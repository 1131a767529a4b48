//! [proptest](https://docs.rs/proptest) strategies for testing code built on this crate (feature
//! `proptest`): currencies and prices Amazon accepts, ids in Amazon's
//! formats, idempotency keys, model objects with consistent fields, valid
//! operations, and checkout scenarios.
//!
//! ```
//! use amazon_pay_core::strategy;
//! use proptest::prelude::*;
//!
//! proptest!(|(price in strategy::price(), charge in strategy::charge())| {
//!     prop_assert!(price.check_transaction_maximum().is_ok());
//!     prop_assert!(charge.charge_id.is_some());
//! });
//! ```

use proptest::prelude::*;

use crate::lifecycle::{ChargeCreation, rules};
use crate::model::{
    Charge, ChargeId, ChargePermissionId, ChargeReasonCode, ChargeState, ChargeStatusDetails,
    CheckoutSessionId, Refund, RefundId, RefundState, RefundStatusDetails,
};
use crate::money::{Currency, Price};
use crate::operation::{CaptureCharge, CreateCharge, CreateRefund};
use crate::request::IdempotencyKey;
use crate::timestamp::Timestamp;

/// Every currency Amazon Pay accepts.
pub fn currency() -> impl Strategy<Value = Currency> {
    proptest::sample::select(Currency::KNOWN.to_vec())
}

/// A count of minor units from 1 to `max` that leans on the edges — one
/// and two minor units, `max` and one below it, small amounts — besides
/// uniform ones, so that limits are met exactly and missed by one.
pub fn minor_units(max: u64) -> impl Strategy<Value = u64> {
    let max = max.max(1);
    prop_oneof![
        3 => 1..=max,
        2 => 1..=max.min(100_00),
        1 => Just(1),
        1 => Just(2.min(max)),
        1 => Just(max - 1).prop_map(move |m| m.max(1)),
        1 => Just(max),
    ]
}

/// A price in `currency` from one minor unit up to Amazon's per-transaction
/// maximum (150,000 minor-unit-scaled, per currency), its edges included
/// ([`minor_units`]).
pub fn price_in(currency: Currency) -> impl Strategy<Value = Price> {
    let max = currency
        .transaction_maximum()
        .map_or(100_000_00, |amount| amount.minor_units());
    minor_units(max).prop_map(move |minor| Price::from_minor_units(minor, currency.clone()))
}

/// A time around `deadline`: one second before, at, one second after, or
/// within a day either side — the instants a deadline rule turns on.
pub fn around(deadline: Timestamp) -> impl Strategy<Value = Timestamp> {
    prop_oneof![
        1 => Just(-1i64),
        1 => Just(0i64),
        1 => Just(1i64),
        2 => -86_400i64..=86_400,
    ]
    .prop_map(move |seconds| {
        deadline
            .checked_add(time::Duration::seconds(seconds))
            .unwrap_or(deadline)
    })
}

/// How many charges a OneTime permission has had, around its limit of
/// 25: 23 to 26, or any from 0.
pub fn charge_count() -> impl Strategy<Value = u32> {
    let limit = rules::MAX_CHARGES_PER_ONE_TIME_PERMISSION;
    prop_oneof![
        3 => (limit - 2)..=(limit + 1),
        1 => 0..=limit + 1,
    ]
}

/// A price in any accepted currency, within the transaction maximum.
pub fn price() -> impl Strategy<Value = Price> {
    currency().prop_flat_map(price_in)
}

/// A Checkout Session id: a UUID, as Amazon issues them.
pub fn checkout_session_id() -> impl Strategy<Value = CheckoutSessionId> {
    any::<u128>().prop_map(|n| {
        let hex = format!("{n:032x}");
        CheckoutSessionId::from(format!(
            "{}-{}-4{}-a{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[13..16],
            &hex[17..20],
            &hex[20..32]
        ))
    })
}

/// A Charge Permission id, `S01-nnnnnnn-nnnnnnn`.
pub fn charge_permission_id() -> impl Strategy<Value = ChargePermissionId> {
    (0u32..10_000_000, 0u32..10_000_000)
        .prop_map(|(a, b)| ChargePermissionId::from(format!("S01-{a:07}-{b:07}")))
}

/// A Charge id on a permission, `S01-nnnnnnn-nnnnnnn-Cnnnnnn`.
pub fn charge_id() -> impl Strategy<Value = ChargeId> {
    (charge_permission_id(), 0u32..1_000_000)
        .prop_map(|(permission, n)| ChargeId::from(format!("{permission}-C{n:06}")))
}

/// A Refund id, `S01-nnnnnnn-nnnnnnn-Rnnnnnn`.
pub fn refund_id() -> impl Strategy<Value = RefundId> {
    (charge_permission_id(), 0u32..1_000_000)
        .prop_map(|(permission, n)| RefundId::from(format!("{permission}-R{n:06}")))
}

/// An idempotency key: 1 to 32 of `a–z A–Z 0–9 - _`.
pub fn idempotency_key() -> impl Strategy<Value = IdempotencyKey> {
    "[a-zA-Z0-9_-]{1,32}".prop_filter_map("a valid key", |text| IdempotencyKey::parse(&text).ok())
}

/// A timestamp between 2019 and 2040, in whole seconds.
pub fn timestamp() -> impl Strategy<Value = Timestamp> {
    (1_546_300_800i64..2_208_988_800).prop_filter_map("in range", Timestamp::from_unix_seconds)
}

/// A Charge as Amazon reports it: consistent ids, amounts in one currency
/// (a captured charge's capture at most its amount), a known state.
pub fn charge() -> impl Strategy<Value = Charge> {
    (
        charge_id(),
        price(),
        proptest::sample::select(ChargeState::KNOWN.to_vec()),
        0u32..=100,
        timestamp(),
    )
        .prop_map(|(id, amount, state, captured_percent, at)| {
            let capture_amount = (state == ChargeState::Captured)
                .then(|| amount.percent(captured_percent.max(1)).ok())
                .flatten();
            let reason_code =
                (state == ChargeState::Declined).then_some(ChargeReasonCode::SoftDeclined);
            Charge {
                charge_permission_id: id.charge_permission_id(),
                charge_id: Some(id),
                capture_amount,
                charge_amount: Some(amount),
                status_details: Some(ChargeStatusDetails {
                    state: Some(state),
                    reason_code,
                    last_updated_timestamp: Some(at),
                    ..ChargeStatusDetails::default()
                }),
                creation_timestamp: Some(at),
                ..Charge::default()
            }
        })
}

/// A Refund as Amazon reports it.
pub fn refund() -> impl Strategy<Value = Refund> {
    (
        refund_id(),
        charge_id(),
        price(),
        proptest::sample::select(RefundState::KNOWN.to_vec()),
        timestamp(),
    )
        .prop_map(|(id, charge, amount, state, at)| Refund {
            refund_id: Some(id),
            charge_id: Some(charge),
            refund_amount: Some(amount),
            status_details: Some(RefundStatusDetails {
                state: Some(state),
                last_updated_timestamp: Some(at),
                ..RefundStatusDetails::default()
            }),
            creation_timestamp: Some(at),
            ..Refund::default()
        })
}

/// Valid Capture Charge operations.
pub fn capture_charge() -> impl Strategy<Value = CaptureCharge> {
    (charge_id(), price(), idempotency_key())
        .prop_map(|(id, amount, key)| CaptureCharge::new(id, amount, key))
}

/// Valid Create Refund operations.
pub fn create_refund() -> impl Strategy<Value = CreateRefund> {
    (charge_id(), price(), idempotency_key())
        .prop_map(|(id, amount, key)| CreateRefund::new(id, amount, key))
}

/// Valid Create Charge operations.
pub fn create_charge() -> impl Strategy<Value = CreateCharge> {
    (
        charge_permission_id(),
        price(),
        idempotency_key(),
        any::<bool>(),
    )
        .prop_map(|(id, amount, key, now)| CreateCharge::new(id, amount, key).with_capture_now(now))
}

/// A checkout scenario: an order total in one currency, how the charge is
/// created, what the merchant then captures and refunds (amounts may
/// exceed what Amazon allows, so that refusals are exercised too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckoutScenario {
    /// The order total, authorized at checkout.
    pub amount: Price,
    /// How the charge is created.
    pub creation: ChargeCreation,
    /// The capture the merchant asks for (same currency; may exceed `amount`).
    pub capture: Price,
    /// The refunds the merchant asks for, in order.
    pub refunds: Vec<Price>,
}

/// Checkout scenarios in `currency`. Besides percentages of the order,
/// they aim at the edges: a capture of exactly the order, one minor unit
/// below or above it, and a last refund that takes the refunds to exactly
/// the captured amount plus Amazon's allowance, one minor unit below or
/// above it.
pub fn checkout_scenario_in(currency: Currency) -> impl Strategy<Value = CheckoutScenario> {
    let creation = proptest::sample::select(vec![
        ChargeCreation::Authorize,
        ChargeCreation::AuthorizePending,
        ChargeCreation::CaptureNow,
    ]);
    let capture = prop_oneof![
        2 => (1u32..=130).prop_map(Aim::Percent),
        1 => prop_oneof![Just(-1i64), Just(0), Just(1)].prop_map(Aim::Edge),
    ];
    let last_refund = prop_oneof![
        1 => Just(None),
        2 => prop_oneof![Just(-1i64), Just(0), Just(1)].prop_map(Some),
    ];
    (
        price_in(currency.clone()),
        creation,
        capture,
        proptest::collection::vec(1u32..=80, 0..5),
        last_refund,
    )
        .prop_map(move |(amount, creation, capture, refund_percents, last)| {
            let capture = capture.apply(&amount);
            let mut refunds: Vec<Price> = refund_percents
                .into_iter()
                .filter_map(|p| amount.percent(p).ok())
                .filter(|p| p.amount().minor_units() > 0)
                .collect();
            if let Some(delta) = last
                && let Some(edge) = refund_to_ceiling(&amount, &capture, &refunds, delta)
            {
                refunds.push(edge);
            }
            CheckoutScenario {
                amount,
                creation,
                capture,
                refunds,
            }
        })
}

/// What a scenario captures: a share of the order, or the order itself
/// moved by one minor unit (`-1`, `0`, `1`).
#[derive(Debug, Clone, Copy)]
enum Aim {
    Percent(u32),
    Edge(i64),
}

impl Aim {
    fn apply(self, amount: &Price) -> Price {
        let minor = amount.amount().minor_units();
        match self {
            Aim::Percent(p) => amount.percent(p).unwrap_or_else(|_| amount.clone()),
            Aim::Edge(delta) => {
                let moved = minor.saturating_add_signed(delta).max(1);
                Price::from_minor_units(moved, amount.currency().clone())
            }
        }
    }
}

/// The refund that takes the refunds Amazon would accept (in order, each
/// only if it fits) to the ceiling — the capture (if it is allowed) plus
/// Amazon's allowance — moved by `delta` minor units; `None` if that is
/// not more than zero.
fn refund_to_ceiling(
    amount: &Price,
    capture: &Price,
    refunds: &[Price],
    delta: i64,
) -> Option<Price> {
    let captured = if capture.amount() <= amount.amount() {
        capture
    } else {
        amount
    };
    let ceiling = captured
        .checked_add(&rules::refund_allowance(captured).ok()?)
        .ok()?
        .amount()
        .minor_units();
    let mut accepted = 0u64;
    for refund in refunds {
        let minor = refund.amount().minor_units();
        if accepted.saturating_add(minor) <= ceiling {
            accepted += minor;
        }
    }
    let edge = ceiling.checked_sub(accepted)?.checked_add_signed(delta)?;
    (edge > 0).then(|| Price::from_minor_units(edge, amount.currency().clone()))
}

/// Checkout scenarios in any accepted currency, mostly the four ledger
/// currencies (USD, EUR, GBP, JPY: the ones with a published refund
/// allowance and transaction maximum).
pub fn checkout_scenario() -> impl Strategy<Value = CheckoutScenario> {
    let ledger = proptest::sample::select(vec![
        Currency::Usd,
        Currency::Eur,
        Currency::Gbp,
        Currency::Jpy,
    ]);
    prop_oneof![3 => ledger, 1 => currency()].prop_flat_map(checkout_scenario_in)
}
