//! Model-based: random checkouts run through the core's exchange against the
//! sandbox with its fault plan on (throttling, 5xx, HTML errors, answers
//! lost after processing). Invariants: every call ends in a typed outcome;
//! no capture or refund happens twice despite retries and lost answers; once
//! the faults stop and the merchant re-sends what failed with the same keys,
//! its Ledger equals the sandbox's truth.

mod support;

use amazon_pay_core::exchange::{Exchange, RetryPolicy, TransportError};
use amazon_pay_core::lifecycle::{ChargePermissionLifecycle, Ledger};
use amazon_pay_core::model::{ChargeId, ChargeState, PaymentIntent};
use amazon_pay_core::operation::{
    ApiOperation, CaptureCharge, CreateRefund, GetCharge, GetChargePermission, GetRefund,
};
use amazon_pay_core::{ApiVersion, Currency, IdempotencyKey, Price, Region};
use amazon_pay_sandbox::{Delivery, FaultPlan, SandboxRequest, TestPaymentMethod};
use proptest::prelude::*;
use support::Merchant;

/// One call through the exchange; a lost answer is a broken connection.
fn call<O: ApiOperation>(m: &mut Merchant, op: O) -> Result<O::Output, amazon_pay_core::Error> {
    let policy = RetryPolicy {
        max_retries: 3,
        ..RetryPolicy::default()
    };
    let mut exchange = Exchange::new(op, m.config.clone(), policy);
    let mut calls = 0;
    loop {
        calls += 1;
        assert!(calls < 100, "the exchange must end");
        if let Some(outcome) = exchange.poll_outcome() {
            return outcome.map_err(Into::into);
        }
        let mut entropy = |b: &mut [u8]| b.fill(0x42);
        if let Some(request) = exchange.poll_transmit(m.now, &m.signer, &mut entropy) {
            let now = m.now;
            match m
                .sandbox
                .deliver(now, &SandboxRequest::from_signed(&request))
            {
                Delivery::Answer(answer) | Delivery::Slow(_, answer) => {
                    exchange.handle_response(now, answer)
                }
                Delivery::Lost => {
                    exchange.handle_transport_error(now, TransportError::ConnectionReset)
                }
                _ => unreachable!("every delivery is handled"),
            }
        } else if let Some(at) = exchange.poll_timeout() {
            m.now = at;
        }
    }
}

#[derive(Debug, Clone)]
struct Scenario {
    amount: u64,
    pending: bool,
    capture: u64,
    refunds: Vec<u64>,
    plan: FaultPlan,
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (
        100u64..=50_000,
        any::<bool>(),
        0u64..=60_000,
        proptest::collection::vec(1u64..=30_000, 0..4),
        any::<u64>(),
        (0u8..=15, 0u8..=15, 0u8..=10, 0u8..=20),
    )
        .prop_map(
            |(amount, pending, capture, refunds, seed, (throttle, unavailable, html, lost))| {
                Scenario {
                    amount,
                    pending,
                    capture,
                    refunds,
                    plan: FaultPlan {
                        seed,
                        throttle_percent: throttle,
                        unavailable_percent: unavailable,
                        html_percent: html,
                        lost_percent: lost,
                        ..FaultPlan::default()
                    },
                }
            },
        )
}

fn cents(minor: u64) -> Price {
    Price::from_minor_units(minor, Currency::Usd)
}

fn run(s: &Scenario) -> Result<(), TestCaseError> {
    let mut m = Merchant::new();
    let card = if s.pending {
        TestPaymentMethod::PendingThenAuthorized
    } else {
        TestPaymentMethod::Success("1111")
    };
    let amount = cents(s.amount).amount_text();
    let completed = m
        .completed(PaymentIntent::Authorize, &amount, card, s.pending)
        .map_err(|e| TestCaseError::fail(format!("{e}")))?;
    let permission_id = completed.charge_permission_id.unwrap();
    let charge: ChargeId = completed.charge_id.unwrap();
    if s.pending {
        m.wait(30);
    }
    let permission = m
        .call(&GetChargePermission::new(permission_id.clone()))
        .unwrap();
    let lifecycle = ChargePermissionLifecycle::from_model(&permission, ApiVersion::V2).unwrap();
    let mut ledger = Ledger::new(permission_id.clone(), lifecycle, Region::Na);
    ledger
        .charge_answered(Ok(&m.call(&GetCharge::new(charge.clone())).unwrap()))
        .unwrap();

    // The faults start.
    m.sandbox.set_fault_plan(Some(s.plan));
    let mut unsure: Vec<(IdempotencyKey, Price, bool)> = Vec::new();
    let capture = cents(s.capture.max(1));
    let key = m.key();
    if let Ok(op) = ledger.request_capture(&charge, capture.clone(), key.clone(), m.now) {
        match call(&mut m, op) {
            Ok(answer) => {
                ledger.charge_answered(Ok(&answer)).unwrap();
            }
            Err(amazon_pay_core::Error::Api(refusal))
                if refusal.status() < 500 && refusal.status() != 429 =>
            {
                // Amazon refused: nothing happened.
            }
            Err(_) => unsure.push((key, capture, true)),
        }
    }
    for refund in &s.refunds {
        let key = m.key();
        let amount = cents(*refund);
        if let Ok(op) = ledger.request_refund(&charge, amount.clone(), key.clone(), m.now) {
            match call(&mut m, op) {
                Ok(answer) => {
                    ledger.refund_answered(Ok(&answer)).unwrap();
                }
                Err(amazon_pay_core::Error::Api(refusal))
                    if refusal.status() < 500 && refusal.status() != 429 => {}
                Err(_) => unsure.push((key, amount, false)),
            }
        }
    }

    // The faults stop; what failed is sent again with the same key.
    m.sandbox.set_fault_plan(None);
    for (key, amount, is_capture) in unsure {
        if is_capture {
            let answer = m.call(&CaptureCharge::new(charge.clone(), amount, key));
            if let Ok(answer) = answer {
                ledger.charge_answered(Ok(&answer)).unwrap();
            }
        } else if let Ok(answer) = m.call(&CreateRefund::new(charge.clone(), amount, key)) {
            ledger.refund_answered(Ok(&answer)).unwrap();
        }
    }
    m.wait(10);
    ledger
        .charge_answered(Ok(&m.call(&GetCharge::new(charge.clone())).unwrap()))
        .unwrap();
    for id in ledger.refund_ids(&charge) {
        ledger
            .refund_answered(Ok(&m.call(&GetRefund::new(id)).unwrap()))
            .unwrap();
    }

    // The sandbox's truth.
    let truth = m.sandbox.ledger(&permission_id).unwrap();
    let theirs = truth.charge(&charge).unwrap();
    let ours = ledger.charge(&charge).unwrap();
    prop_assert_eq!(theirs.lifecycle().state(), ours.lifecycle().state());
    prop_assert_eq!(
        theirs.lifecycle().captured_amount(),
        ours.lifecycle().captured_amount()
    );
    prop_assert_eq!(theirs.refunds().len(), ours.refunds().len());
    prop_assert_eq!(theirs.refunded().ok(), ours.refunded().ok());
    // Never more than one capture, never more refunds than were asked for.
    let captured = theirs.lifecycle().captured_amount().cloned();
    prop_assert!(captured.is_none() || theirs.lifecycle().state() == &ChargeState::Captured);
    prop_assert!(theirs.refunds().len() <= s.refunds.len());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("SANDBOX_MODEL_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(48),
        ..ProptestConfig::default()
    })]

    #[test]
    fn retries_and_lost_answers_never_act_twice_and_the_ledgers_agree(s in scenario()) {
        run(&s)?;
    }
}
