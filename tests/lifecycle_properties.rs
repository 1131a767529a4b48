//! Random sequences of merchant calls, Amazon reports and the passing of
//! time, run through a [`Ledger`] and through a small reference model written
//! here from the spec — independently of the crate. Both must accept and
//! refuse the same steps and end in the same states; and whatever happens:
//! final states absorb, captured ≤ authorized, refunded ≤ captured +
//! allowance, at most 25 charges, and deadlines never move backwards.

use amazon_pay_core::lifecycle::{ChargeCreation, ChargePermissionLifecycle, Ledger};
use amazon_pay_core::model::{
    self, ChargeId, ChargePermissionId, ChargePermissionState, ChargePermissionType, ChargeState,
    RefundId, RefundState,
};
use amazon_pay_core::{ApiVersion, Currency, Price, Region, Timestamp};
use proptest::prelude::*;

const DAY: i64 = 86_400;

// ------------------------------------------------------------------ the reference model

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum S {
    Pending,
    Authorized,
    CaptureInitiated,
    Captured,
    Canceled,
    Declined,
}

impl S {
    fn all() -> [S; 6] {
        [
            S::Pending,
            S::Authorized,
            S::CaptureInitiated,
            S::Captured,
            S::Canceled,
            S::Declined,
        ]
    }

    fn wire(self) -> ChargeState {
        match self {
            S::Pending => ChargeState::AuthorizationInitiated,
            S::Authorized => ChargeState::Authorized,
            S::CaptureInitiated => ChargeState::CaptureInitiated,
            S::Captured => ChargeState::Captured,
            S::Canceled => ChargeState::Canceled,
            S::Declined => ChargeState::Declined,
        }
    }

    /// Which reported states may follow (spec §4.4, any number of steps).
    fn may_become(self, to: S) -> bool {
        self == to
            || match self {
                S::Pending => true,
                S::Authorized => to != S::Pending,
                S::CaptureInitiated => matches!(to, S::Captured | S::Canceled | S::Declined),
                _ => false,
            }
    }
}

#[derive(Debug, Clone)]
struct MCharge {
    state: S,
    authorized: u64,
    captured: u64,
    authorized_at: Option<i64>,
    /// (amount, declined?) — a refund is initiated until reported.
    refunds: Vec<(u64, Option<bool>)>,
}

impl MCharge {
    fn committed(&self) -> u64 {
        match self.state {
            S::Canceled | S::Declined => 0,
            _ if self.captured > 0 => self.captured,
            _ => self.authorized,
        }
    }

    fn refunded(&self) -> u64 {
        self.refunds
            .iter()
            .filter(|(_, declined)| *declined != Some(true))
            .map(|(a, _)| a)
            .sum()
    }
}

struct Model {
    now: i64,
    limit: u64,
    /// 75.00 USD or 8,400 JPY, in minor units.
    refund_cap: u64,
    /// 150,000.00 USD or 10,000,000 JPY, in minor units.
    maximum: u64,
    closed: bool,
    charges: Vec<MCharge>,
}

impl Model {
    fn expire(&mut self) {
        if self.now >= 180 * DAY {
            self.closed = true;
        }
        for charge in &mut self.charges {
            if charge.state == S::Authorized
                && charge
                    .authorized_at
                    .is_some_and(|at| self.now >= at + 30 * DAY)
            {
                charge.state = S::Canceled;
            }
        }
    }

    fn close_if_fully_captured(&mut self) {
        let captured: u64 = self
            .charges
            .iter()
            .filter(|c| c.state == S::Captured)
            .map(|c| c.captured)
            .sum();
        if captured >= self.limit {
            self.closed = true;
        }
    }

    /// Turns a relative operation into a concrete one, from the model's state.
    fn resolve(&self, op: Op) -> Op {
        match op {
            Op::RefundToCeiling { charge, delta } => {
                let amount = self.charges.get(charge).map_or(1, |c| {
                    let ceiling = c.captured + (c.captured * 15 / 100).min(self.refund_cap);
                    let remaining =
                        i64::try_from(ceiling).unwrap() - i64::try_from(c.refunded()).unwrap();
                    u64::try_from((remaining + delta).max(0)).unwrap()
                });
                Op::Refund { charge, amount }
            }
            other => other,
        }
    }

    /// Applies `op`; returns whether the crate must accept it.
    fn apply(&mut self, op: &Op) -> bool {
        let legal = match *op {
            Op::Create { amount, mode } => {
                let committed: u64 = self.charges.iter().map(MCharge::committed).sum();
                let ok = !self.closed
                    && self.charges.len() < 25
                    && amount > 0
                    && amount <= self.maximum
                    && committed + amount <= self.limit;
                if ok {
                    let (state, captured) = match mode {
                        0 => (S::Authorized, 0),
                        1 => (S::Pending, 0),
                        _ => (S::Captured, amount),
                    };
                    self.charges.push(MCharge {
                        state,
                        authorized: amount,
                        captured,
                        authorized_at: (state != S::Pending).then_some(self.now),
                        refunds: Vec::new(),
                    });
                }
                ok
            }
            Op::Capture { charge, amount } => {
                let now = self.now;
                let Some(c) = self.charges.get_mut(charge) else {
                    return true;
                };
                let ok = c.state == S::Authorized && amount > 0 && amount <= c.authorized;
                if ok {
                    let late = c.authorized_at.is_some_and(|at| now > at + 7 * DAY);
                    c.state = if late {
                        S::CaptureInitiated
                    } else {
                        S::Captured
                    };
                    c.captured = amount;
                }
                ok
            }
            Op::Cancel { charge } => {
                let Some(c) = self.charges.get_mut(charge) else {
                    return true;
                };
                let ok = matches!(c.state, S::Pending | S::Authorized);
                if ok {
                    c.state = S::Canceled;
                }
                ok
            }
            Op::Refund { charge, amount } => {
                let (cap, maximum) = (self.refund_cap, self.maximum);
                let Some(c) = self.charges.get_mut(charge) else {
                    return true;
                };
                let allowance = (c.captured * 15 / 100).min(cap);
                let ok = c.state == S::Captured
                    && amount > 0
                    && amount <= maximum
                    && c.refunded() + amount <= c.captured + allowance;
                if ok {
                    c.refunds.push((amount, None));
                }
                ok
            }
            Op::RefundToCeiling { .. } => unreachable!("resolved before use"),
            Op::Report { charge, state } => {
                let now = self.now;
                let Some(c) = self.charges.get_mut(charge) else {
                    return true;
                };
                let to = S::all()[state];
                let ok = c.state.may_become(to);
                if ok {
                    if matches!(to, S::Authorized | S::CaptureInitiated | S::Captured)
                        && c.authorized_at.is_none()
                    {
                        c.authorized_at = Some(now);
                    }
                    if matches!(to, S::CaptureInitiated | S::Captured) && c.captured == 0 {
                        c.captured = c.authorized;
                    }
                    c.state = to;
                }
                ok
            }
            Op::ReportRefund {
                charge,
                refund,
                declined,
            } => {
                let Some(r) = self
                    .charges
                    .get_mut(charge)
                    .and_then(|c| c.refunds.get_mut(refund))
                else {
                    return true;
                };
                let ok = r.1.is_none() || r.1 == Some(declined);
                if ok {
                    r.1 = Some(declined);
                }
                ok
            }
            Op::Wait { seconds } => {
                self.now += seconds;
                true
            }
            Op::Close { cancel_pending } => {
                let ok = !self.closed;
                if ok {
                    self.closed = true;
                    if cancel_pending {
                        for c in &mut self.charges {
                            if matches!(c.state, S::Pending | S::Authorized) {
                                c.state = S::Canceled;
                            }
                        }
                    }
                }
                ok
            }
        };
        self.expire();
        self.close_if_fully_captured();
        legal
    }
}

// ------------------------------------------------------------------ operations

#[derive(Debug, Clone)]
enum Op {
    Create {
        amount: u64,
        mode: u8,
    },
    Capture {
        charge: usize,
        amount: u64,
    },
    Cancel {
        charge: usize,
    },
    Refund {
        charge: usize,
        amount: u64,
    },
    /// A refund of what the reference model computes as still refundable on
    /// the charge, plus `delta` minor units (resolved into `Refund`).
    RefundToCeiling {
        charge: usize,
        delta: i64,
    },
    Report {
        charge: usize,
        state: usize,
    },
    ReportRefund {
        charge: usize,
        refund: usize,
        declined: bool,
    },
    Wait {
        seconds: i64,
    },
    Close {
        cancel_pending: bool,
    },
}

/// Amounts near the interesting boundaries of a limit.
fn amount(limit: u64) -> impl Strategy<Value = u64> {
    prop_oneof![
        Just(0),
        Just(1),
        Just(limit / 25),
        Just(limit / 3),
        Just(limit / 2),
        Just(limit),
        Just(limit + 1),
        1..=limit,
    ]
}

fn op(limit: u64) -> impl Strategy<Value = Op> {
    let charge = 0usize..6;
    prop_oneof![
        4 => (amount(limit), 0u8..3).prop_map(|(amount, mode)| Op::Create { amount, mode }),
        3 => (charge.clone(), amount(limit)).prop_map(|(charge, amount)| Op::Capture { charge, amount }),
        1 => charge.clone().prop_map(|charge| Op::Cancel { charge }),
        2 => (charge.clone(), amount(limit / 2)).prop_map(|(charge, amount)| Op::Refund { charge, amount }),
        2 => (charge.clone(), prop_oneof![Just(0i64), Just(1), Just(-1), -100i64..100])
            .prop_map(|(charge, delta)| Op::RefundToCeiling { charge, delta }),
        2 => (charge.clone(), 0usize..6).prop_map(|(charge, state)| Op::Report { charge, state }),
        1 => (charge, 0usize..3, any::<bool>()).prop_map(|(charge, refund, declined)| Op::ReportRefund { charge, refund, declined }),
        2 => prop_oneof![Just(60), Just(DAY), Just(7 * DAY), Just(7 * DAY + 1), Just(30 * DAY), Just(45 * DAY)]
            .prop_map(|seconds| Op::Wait { seconds }),
        1 => any::<bool>().prop_map(|cancel_pending| Op::Close { cancel_pending }),
    ]
}

/// A single operation, or a burst of small charges (to reach the 25-charge limit).
fn chunk(limit: u64) -> impl Strategy<Value = Vec<Op>> {
    prop_oneof![
        8 => op(limit).prop_map(|op| vec![op]),
        1 => (20usize..=30, 0u8..3).prop_map(move |(n, mode)| {
            vec![Op::Create { amount: (limit / 40).max(1), mode }; n]
        }),
    ]
}

fn scenario() -> impl Strategy<Value = (Currency, u64, Vec<Op>)> {
    prop_oneof![
        (
            Just(Currency::Usd),
            prop_oneof![Just(100_00u64), Just(1_000_00), 1_00u64..=150_000_00]
        ),
        (
            Just(Currency::Jpy),
            prop_oneof![Just(10_000u64), Just(100_000), 100u64..=10_000_000]
        ),
    ]
    .prop_flat_map(|(currency, limit)| {
        let ops = proptest::collection::vec(chunk(limit), 1..40).prop_map(|chunks| chunks.concat());
        (Just(currency), Just(limit), ops)
    })
}

// ------------------------------------------------------------------ the crate's side

struct Run {
    ledger: Ledger,
    t0: Timestamp,
    currency: Currency,
    refunds: usize,
}

impl Run {
    fn at(&self, seconds: i64) -> Timestamp {
        self.t0
            .checked_add(time::Duration::seconds(seconds))
            .unwrap()
    }

    fn price(&self, minor: u64) -> Price {
        Price::from_minor_units(minor, self.currency.clone())
    }

    fn id(&self, charge: usize) -> Option<ChargeId> {
        self.ledger.charges().get(charge).map(|c| c.id().clone())
    }

    fn apply(&mut self, op: &Op, now_seconds: i64) -> bool {
        let now = self.at(now_seconds);
        match *op {
            Op::Create { amount, mode } => {
                let creation = [
                    ChargeCreation::Authorize,
                    ChargeCreation::AuthorizePending,
                    ChargeCreation::CaptureNow,
                ][usize::from(mode)];
                let id = ChargeId::from(format!("P-C{:07}", self.ledger.charges().len()));
                self.ledger
                    .create_charge(id, self.price(amount), creation, now)
                    .is_ok()
            }
            Op::Capture { charge, amount } => match self.id(charge) {
                Some(id) => self.ledger.capture(&id, self.price(amount), now).is_ok(),
                None => true,
            },
            Op::Cancel { charge } => match self.id(charge) {
                Some(id) => self.ledger.cancel(&id, now).is_ok(),
                None => true,
            },
            Op::Refund { charge, amount } => match self.id(charge) {
                Some(id) => {
                    self.refunds += 1;
                    let refund = RefundId::from(format!("P-R{}", self.refunds));
                    self.ledger
                        .refund(&id, refund, self.price(amount), now)
                        .is_ok()
                }
                None => true,
            },
            Op::RefundToCeiling { .. } => unreachable!("resolved before use"),
            Op::Report { charge, state } => match self.ledger.charges().get(charge) {
                Some(entry) => {
                    let to = S::all()[state];
                    let lifecycle = entry.lifecycle();
                    let mut report = model::Charge::default();
                    report.charge_id = Some(entry.id().clone());
                    report.charge_permission_id = Some(self.ledger.id().clone());
                    report.charge_amount = Some(lifecycle.charge_amount().clone());
                    if matches!(to, S::CaptureInitiated | S::Captured) {
                        let captured = lifecycle
                            .captured_amount()
                            .unwrap_or(lifecycle.charge_amount());
                        report.capture_amount = Some(captured.clone());
                    }
                    report.status_details = Some(model::ChargeStatusDetails::with_state(to.wire()));
                    self.ledger.observe_charge(&report, now).is_ok()
                }
                None => true,
            },
            Op::ReportRefund {
                charge,
                refund,
                declined,
            } => {
                let Some(entry) = self.ledger.charges().get(charge) else {
                    return true;
                };
                let Some(existing) = entry.refunds().get(refund) else {
                    return true;
                };
                let mut report = model::Refund::default();
                report.refund_id = Some(existing.id().clone());
                report.charge_id = Some(entry.id().clone());
                report.refund_amount = Some(existing.lifecycle().amount().clone());
                let state = if declined {
                    RefundState::Declined
                } else {
                    RefundState::Refunded
                };
                report.status_details = Some(model::RefundStatusDetails::with_state(state));
                self.ledger.observe_refund(&report, now).is_ok()
            }
            Op::Wait { .. } => {
                self.ledger.advance(now);
                true
            }
            Op::Close { cancel_pending } => self.ledger.close(cancel_pending, now).is_ok(),
        }
    }
}

/// Deadlines of the permission and of every charge, for monotonicity.
fn deadlines(ledger: &Ledger) -> Vec<Option<Timestamp>> {
    let mut out = vec![ledger.permission().next_change().map(|c| c.at)];
    out.extend(
        ledger
            .charges()
            .iter()
            .map(|c| c.lifecycle().next_change().map(|c| c.at)),
    );
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn the_ledger_agrees_with_the_reference_model((currency, limit, ops) in scenario()) {
        let t0 = Timestamp::parse("20240301T000000Z").unwrap();
        let (refund_cap, maximum) = match currency {
            Currency::Jpy => (8_400, 10_000_000),
            _ => (75_00, 150_000_00),
        };
        let permission = ChargePermissionLifecycle::chargeable(ChargePermissionType::OneTime, t0, ApiVersion::V2)
            .with_limits(Some(Price::from_minor_units(limit, currency.clone())), None);
        let mut run = Run {
            ledger: Ledger::new(ChargePermissionId::from("P"), permission, Region::Na),
            t0,
            currency,
            refunds: 0,
        };
        let mut model = Model { now: 0, limit, refund_cap, maximum, closed: false, charges: Vec::new() };
        for (step, op) in ops.into_iter().enumerate() {
            let op = &model.resolve(op);
            let before_states: Vec<ChargeState> = run.ledger.charges().iter().map(|c| c.lifecycle().state().clone()).collect();
            let before_deadlines = deadlines(&run.ledger);
            let expected = model.apply(op);
            let accepted = run.apply(op, model.now);
            prop_assert_eq!(accepted, expected, "step {}: {:?}", step, op);

            // Same states as the model.
            let ledger = &run.ledger;
            prop_assert_eq!(ledger.charges().len(), model.charges.len());
            for (entry, reference) in ledger.charges().iter().zip(&model.charges) {
                prop_assert_eq!(entry.lifecycle().state(), &reference.state.wire(), "step {}: {:?}", step, op);
            }
            let closed = ledger.permission().state() == &ChargePermissionState::Closed;
            prop_assert_eq!(closed, model.closed, "step {}: {:?}", step, op);

            // Invariants.
            prop_assert!(ledger.charge_count() <= 25);
            for (index, entry) in ledger.charges().iter().enumerate() {
                let lifecycle = entry.lifecycle();
                if let Some(before) = before_states.get(index)
                    && matches!(before, ChargeState::Captured | ChargeState::Canceled | ChargeState::Declined)
                {
                    prop_assert_eq!(lifecycle.state(), before, "final states absorb");
                }
                if let Some(captured) = lifecycle.captured_amount() {
                    prop_assert!(captured.amount() <= lifecycle.charge_amount().amount());
                }
                let captured = lifecycle.captured_amount().cloned().unwrap_or_else(|| Price::zero(lifecycle.charge_amount().currency().clone()));
                let allowance = amazon_pay_core::lifecycle::rules::refund_allowance(&captured).unwrap();
                let refunded = entry.refunded().unwrap();
                prop_assert!(refunded.amount() <= captured.checked_add(&allowance).unwrap().amount());
            }
            for (before, after) in before_deadlines.iter().zip(deadlines(ledger)) {
                if let (Some(before), Some(after)) = (before, after) {
                    prop_assert!(after >= *before, "a deadline moved backwards");
                }
            }
        }
    }
}
