//! Random sequences of merchant calls, Amazon reports (known, unknown,
//! stale and out-of-order states, and reports that contradict the crate's
//! predicted expiries), the passing of time and store/restore round trips,
//! run through a [`Ledger`] and through a small reference model written here
//! from the spec — independently of the crate. Both must accept and refuse
//! the same steps and end in the same states; and whatever happens: final
//! states stay final, captured ≤ authorized, refunded ≤ captured +
//! allowance, at most 25 charges, and a refused step changes nothing.
//!
//! The merchant calls `Ledger::advance(now)` after every step, as the model
//! applies what is due by the clock after every step.
//!
//! 2,048 sequences per run; `LEDGER_PROPERTY_CASES=10000 cargo test --test
//! lifecycle_properties --release` runs more.

use amazon_pay_core::lifecycle::{ChargeCreation, ChargePermissionLifecycle, Ledger};
use amazon_pay_core::model;
use amazon_pay_core::model::{
    ChargeId, ChargePermissionId, ChargePermissionReasonCode, ChargePermissionState,
    ChargePermissionType, ChargeReasonCode, ChargeState, RefundId, RefundState,
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
    /// A state the crate does not know.
    Mystery,
}

const REPORTED: [S; 7] = [
    S::Pending,
    S::Authorized,
    S::CaptureInitiated,
    S::Captured,
    S::Canceled,
    S::Declined,
    S::Mystery,
];

impl S {
    fn wire(self) -> ChargeState {
        match self {
            S::Pending => ChargeState::AuthorizationInitiated,
            S::Authorized => ChargeState::Authorized,
            S::CaptureInitiated => ChargeState::CaptureInitiated,
            S::Captured => ChargeState::Captured,
            S::Canceled => ChargeState::Canceled,
            S::Declined => ChargeState::Declined,
            S::Mystery => ChargeState::Unknown("Mystery".into()),
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum P {
    Chargeable,
    NonChargeable,
    Closed,
}

impl P {
    fn wire(self) -> ChargePermissionState {
        match self {
            P::Chargeable => ChargePermissionState::Chargeable,
            P::NonChargeable => ChargePermissionState::NonChargeable,
            P::Closed => ChargePermissionState::Closed,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum R {
    Initiated,
    Refunded,
    Declined,
}

#[derive(Debug, Clone)]
struct MRefund {
    amount: u64,
    state: R,
    /// The latest report taken in, on Amazon\'s clock (reports are ordered
    /// against each other only, never against the merchant\'s own events).
    reported: Option<i64>,
}

#[derive(Debug, Clone)]
struct MCharge {
    /// The current state (possibly Mystery).
    state: S,
    /// The last known state.
    known: S,
    /// The known state before a predicted expiry.
    predicted_from: Option<S>,
    authorized: u64,
    captured: u64,
    created: i64,
    authorized_at: Option<i64>,
    /// The latest report taken in, on Amazon\'s clock (reports are ordered
    /// against each other only, never against the merchant\'s own events).
    reported: Option<i64>,
    rejected: bool,
    refunds: Vec<MRefund>,
}

impl MCharge {
    fn committed(&self) -> u64 {
        match self.known {
            S::Canceled | S::Declined => 0,
            _ if self.captured > 0 => self.captured,
            _ => self.authorized,
        }
    }

    fn refunded(&self) -> u64 {
        self.refunds
            .iter()
            .filter(|r| r.state != R::Declined)
            .map(|r| r.amount)
            .sum()
    }
}

#[derive(Debug, Clone)]
struct Permission {
    state: P,
    predicted_from: Option<P>,
    /// Only "a charge is in progress" as its reason.
    in_progress_only: bool,
    /// The latest report taken in, on Amazon\'s clock (reports are ordered
    /// against each other only, never against the merchant\'s own events).
    reported: Option<i64>,
}

impl Permission {
    fn open(&self) -> bool {
        self.state != P::Closed
    }

    fn predict(&mut self, to: P) {
        if self.predicted_from.is_none() {
            self.predicted_from = Some(self.state);
        }
        if self.predicted_from == Some(to) {
            self.predicted_from = None;
        }
        self.state = to;
    }
}

struct Model {
    now: i64,
    limit: u64,
    refund_cap: u64,
    maximum: u64,
    permission: Permission,
    charges: Vec<MCharge>,
}

impl Model {
    fn allowance(&self, captured: u64) -> u64 {
        (captured * 15 / 100).min(self.refund_cap)
    }

    /// Expiries by the clock, predicted: an authorization 30 days after
    /// authorization (or creation), the permission 180 days after creation.
    fn expire(&mut self) {
        let now = self.now;
        if self.permission.open() && now >= 180 * DAY {
            self.permission.predict(P::Closed);
            self.permission.in_progress_only = false;
        }
        for c in &mut self.charges {
            let from = c.authorized_at.unwrap_or(c.created);
            if c.state == S::Authorized && now >= from + 30 * DAY {
                if c.predicted_from.is_none() {
                    c.predicted_from = Some(c.known);
                }
                c.state = S::Canceled;
                c.known = S::Canceled;
                c.rejected = false;
            }
        }
    }

    /// What a charge's move from `before` to its known state means for the
    /// permission.
    fn consequences(&mut self, index: usize, before: Option<S>) {
        let c = &self.charges[index];
        let after = c.known;
        if before == Some(after) {
            return;
        }
        let rejected = after == S::Declined && c.rejected;
        let c_rejected = c.rejected;
        if after == S::Pending {
            if self.permission.open() {
                if self.permission.state == P::Chargeable {
                    self.permission.in_progress_only = true;
                }
                self.permission.predict(P::NonChargeable);
            }
        } else if before == Some(S::Pending) {
            let pending = self.charges.iter().any(|c| c.known == S::Pending);
            if !pending
                && self.permission.state == P::NonChargeable
                && self.permission.in_progress_only
            {
                self.permission.predict(P::Chargeable);
                self.permission.in_progress_only = false;
            }
        }
        // A hard decline: the buyer must change the instrument (§4.3, §4.4).
        let hard_declined = after == S::Declined && !c_rejected;
        if hard_declined && self.permission.open() {
            self.permission.predict(P::NonChargeable);
            self.permission.in_progress_only = false;
        }
        if rejected && self.permission.open() {
            self.permission.predict(P::Closed);
            self.permission.in_progress_only = false;
        }
        if after == S::Captured {
            let captured: u64 = self
                .charges
                .iter()
                .filter(|c| c.known == S::Captured)
                .map(|c| c.captured)
                .sum();
            if captured >= self.limit && self.permission.open() {
                self.permission.predict(P::Closed);
                self.permission.in_progress_only = false;
            }
        }
    }

    fn resolve(&self, op: Op) -> Op {
        match op {
            Op::RefundToCeiling { charge, delta } => {
                let amount = self.charges.get(charge).map_or(1, |c| {
                    let ceiling = c.captured + self.allowance(c.captured);
                    let remaining = ceiling as i64 - c.refunded() as i64;
                    (remaining + delta).max(0) as u64
                });
                Op::Refund { charge, amount }
            }
            other => other,
        }
    }

    /// Applies `op`; returns whether the crate must accept it.
    fn apply(&mut self, op: &Op) -> bool {
        let now = self.now;
        let legal = match *op {
            Op::Create { amount, mode } => {
                let committed: u64 = self.charges.iter().map(MCharge::committed).sum();
                let ok = self.permission.state == P::Chargeable
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
                        known: state,
                        predicted_from: None,
                        authorized: amount,
                        captured,
                        created: now,
                        authorized_at: (state != S::Pending).then_some(now),
                        reported: None,
                        rejected: false,
                        refunds: Vec::new(),
                    });
                    self.consequences(self.charges.len() - 1, None);
                }
                ok
            }
            Op::Capture { charge, amount } => {
                let Some(c) = self.charges.get_mut(charge) else {
                    return true;
                };
                let ok = c.state == S::Authorized && amount > 0 && amount <= c.authorized;
                if ok {
                    let late = now > c.authorized_at.unwrap_or(c.created) + 7 * DAY;
                    let to = if late {
                        S::CaptureInitiated
                    } else {
                        S::Captured
                    };
                    c.state = to;
                    c.known = to;
                    c.predicted_from = None;
                    c.captured = amount;
                    self.consequences(charge, Some(S::Authorized));
                }
                ok
            }
            Op::Cancel { charge } => {
                let Some(c) = self.charges.get_mut(charge) else {
                    return true;
                };
                let before = c.state;
                let ok = matches!(before, S::Pending | S::Authorized);
                if ok {
                    c.state = S::Canceled;
                    c.known = S::Canceled;
                    c.predicted_from = None;
                    c.rejected = false;
                    self.consequences(charge, Some(before));
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
                    c.refunds.push(MRefund {
                        amount,
                        state: R::Initiated,
                        reported: None,
                    });
                }
                ok
            }
            Op::RefundToCeiling { .. } => unreachable!("resolved before use"),
            Op::Report {
                charge,
                state,
                age,
                rejected,
            } => {
                let Some(c) = self.charges.get_mut(charge) else {
                    return true;
                };
                let to = REPORTED[state];
                let at = age.map(|age| now - age);
                if at.zip(c.reported).is_some_and(|(at, last)| at < last) {
                    return true; // stale: ignored
                }
                if to == S::Mystery {
                    c.state = S::Mystery;
                    c.reported = c.reported.max(at);
                    return true;
                }
                let base = c.predicted_from.unwrap_or(c.known);
                if !base.may_become(to) {
                    return false;
                }
                let before = c.known;
                c.state = to;
                c.known = to;
                c.predicted_from = None;
                c.rejected = to == S::Declined && rejected;
                c.reported = c.reported.max(at);
                if to == S::Authorized && c.authorized_at.is_none() {
                    c.authorized_at = at;
                }
                if matches!(to, S::CaptureInitiated | S::Captured) && c.captured == 0 {
                    c.captured = c.authorized;
                }
                self.consequences(charge, Some(before));
                true
            }
            Op::ReportRefund {
                charge,
                refund,
                declined,
                age,
            } => {
                let Some(r) = self
                    .charges
                    .get_mut(charge)
                    .and_then(|c| c.refunds.get_mut(refund))
                else {
                    return true;
                };
                let at = age.map(|age| now - age);
                if at.zip(r.reported).is_some_and(|(at, last)| at < last) {
                    return true;
                }
                let to = if declined { R::Declined } else { R::Refunded };
                let ok = r.state == R::Initiated || r.state == to;
                if ok {
                    r.state = to;
                    r.reported = r.reported.max(at);
                }
                ok
            }
            Op::ReportPermission { state, age } => {
                let to = [P::Chargeable, P::NonChargeable, P::Closed][state];
                let at = age.map(|age| now - age);
                let p = &mut self.permission;
                if at.zip(p.reported).is_some_and(|(at, last)| at < last) {
                    return true;
                }
                let base = p.predicted_from.unwrap_or(p.state);
                if base == P::Closed && to != P::Closed {
                    return false;
                }
                p.state = to;
                p.predicted_from = None;
                p.in_progress_only = false;
                p.reported = p.reported.max(at);
                true
            }
            Op::Wait { seconds } => {
                self.now += seconds;
                true
            }
            Op::Close { cancel_pending } => {
                let ok = self.permission.open();
                if ok {
                    self.permission.state = P::Closed;
                    self.permission.predicted_from = None;
                    self.permission.in_progress_only = false;
                    if cancel_pending {
                        for c in &mut self.charges {
                            if matches!(c.state, S::Pending | S::Authorized) {
                                c.state = S::Canceled;
                                c.known = S::Canceled;
                                c.predicted_from = None;
                            }
                        }
                    }
                }
                ok
            }
            Op::StoreRestore => true,
        };
        self.expire();
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
    /// Amazon reports a charge in `REPORTED[state]`, last changed `age`
    /// seconds ago (no timestamp when `None`).
    Report {
        charge: usize,
        state: usize,
        age: Option<i64>,
        rejected: bool,
    },
    ReportRefund {
        charge: usize,
        refund: usize,
        declined: bool,
        age: Option<i64>,
    },
    ReportPermission {
        state: usize,
        age: Option<i64>,
    },
    Wait {
        seconds: i64,
    },
    Close {
        cancel_pending: bool,
    },
    /// The ledger is stored as JSON and restored.
    StoreRestore,
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

/// A report's age: no timestamp, now, or older than recent changes.
fn age() -> impl Strategy<Value = Option<i64>> {
    prop_oneof![
        Just(None),
        Just(Some(0)),
        Just(Some(3_600)),
        Just(Some(2 * DAY))
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
        3 => (charge.clone(), 0usize..7, age(), any::<bool>())
            .prop_map(|(charge, state, age, rejected)| Op::Report { charge, state, age, rejected }),
        1 => (charge, 0usize..3, any::<bool>(), age())
            .prop_map(|(charge, refund, declined, age)| Op::ReportRefund { charge, refund, declined, age }),
        1 => (0usize..3, age()).prop_map(|(state, age)| Op::ReportPermission { state, age }),
        2 => prop_oneof![Just(60), Just(DAY), Just(7 * DAY), Just(7 * DAY + 1), Just(30 * DAY), Just(45 * DAY)]
            .prop_map(|seconds| Op::Wait { seconds }),
        1 => any::<bool>().prop_map(|cancel_pending| Op::Close { cancel_pending }),
        1 => Just(Op::StoreRestore),
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
        let at = |age: Option<i64>| age.map(|age| self.at(now_seconds - age));
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
            Op::Report {
                charge,
                state,
                age,
                rejected,
            } => {
                let Some(entry) = self.ledger.charges().get(charge) else {
                    return true;
                };
                let to = REPORTED[state];
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
                let mut status = model::ChargeStatusDetails::with_state(to.wire());
                if to == S::Declined {
                    status.reason_code = Some(if rejected {
                        ChargeReasonCode::AmazonRejected
                    } else {
                        ChargeReasonCode::HardDeclined
                    });
                }
                status.last_updated_timestamp = at(age);
                report.status_details = Some(status);
                self.ledger.observe_charge(&report).is_ok()
            }
            Op::ReportRefund {
                charge,
                refund,
                declined,
                age,
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
                let mut status = model::RefundStatusDetails::with_state(state);
                status.last_updated_timestamp = at(age);
                report.status_details = Some(status);
                self.ledger.observe_refund(&report).is_ok()
            }
            Op::ReportPermission { state, age } => {
                let to = [P::Chargeable, P::NonChargeable, P::Closed][state];
                let mut report = model::ChargePermission::default();
                report.charge_permission_id = Some(self.ledger.id().clone());
                let mut status = model::ChargePermissionStatusDetails::with_state(to.wire());
                let reason = match to {
                    P::Chargeable => None,
                    P::NonChargeable => Some(ChargePermissionReasonCode::PaymentMethodInvalid),
                    P::Closed => Some(ChargePermissionReasonCode::AmazonCanceled),
                };
                status.reasons = reason.map(|code| {
                    let mut reason = model::ChargePermissionReason::default();
                    reason.reason_code = Some(code);
                    vec![reason]
                });
                status.last_updated_timestamp = at(age);
                report.status_details = Some(status);
                self.ledger.observe_permission(&report).is_ok()
            }
            Op::Wait { .. } => {
                self.ledger.advance(now);
                true
            }
            Op::Close { cancel_pending } => self.ledger.close(cancel_pending, now).is_ok(),
            Op::StoreRestore => {
                let stored = serde_json::to_string(&self.ledger).unwrap();
                let restored: Ledger = serde_json::from_str(&stored).unwrap();
                assert_eq!(restored, self.ledger, "store/restore changed the ledger");
                assert_eq!(
                    restored.status(now),
                    self.ledger.status(now),
                    "a restored ledger answers differently"
                );
                self.ledger = restored;
                true
            }
        }
    }
}

fn cases() -> u32 {
    std::env::var("LEDGER_PROPERTY_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2048)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn the_ledger_agrees_with_the_reference_model((currency, limit, ops) in scenario()) {
        let t0 = Timestamp::parse("20240301T000000Z").unwrap();
        let (refund_cap, maximum, region) = match currency {
            Currency::Jpy => (8_400, 10_000_000, Region::Jp),
            _ => (75_00, 150_000_00, Region::Na),
        };
        let permission = ChargePermissionLifecycle::chargeable(ChargePermissionType::OneTime, t0, ApiVersion::V2)
            .with_limits(Some(Price::from_minor_units(limit, currency.clone())), None);
        let mut run = Run {
            ledger: Ledger::new(ChargePermissionId::from("P"), permission, region),
            t0,
            currency,
            refunds: 0,
        };
        let mut model = Model {
            now: 0,
            limit,
            refund_cap,
            maximum,
            permission: Permission { state: P::Chargeable, predicted_from: None, in_progress_only: false, reported: None },
            charges: Vec::new(),
        };
        for (step, op) in ops.into_iter().enumerate() {
            let op = &model.resolve(op);
            let before = run.ledger.clone();
            let expected = model.apply(op);
            let accepted = run.apply(op, model.now);
            prop_assert_eq!(accepted, expected, "step {}: {:?}", step, op);
            if !accepted {
                prop_assert_eq!(&run.ledger, &before, "step {}: a refused step changed the ledger", step);
            }

            // The same states as the model, as of now: the merchant applies
            // what is due (the model does so after every step).
            run.ledger.advance(run.at(model.now));
            let ledger = &run.ledger;
            prop_assert_eq!(ledger.charges().len(), model.charges.len());
            for (entry, reference) in ledger.charges().iter().zip(&model.charges) {
                let lifecycle = entry.lifecycle();
                prop_assert_eq!(lifecycle.state(), &reference.state.wire(), "step {}: {:?}", step, op);
                let known = reference.known.wire();
                prop_assert_eq!(lifecycle.last_known_state(), Some(&known), "step {}: {:?}", step, op);
                for (refund, r) in entry.refunds().iter().zip(&reference.refunds) {
                    let state = match r.state {
                        R::Initiated => RefundState::RefundInitiated,
                        R::Refunded => RefundState::Refunded,
                        R::Declined => RefundState::Declined,
                    };
                    prop_assert_eq!(refund.lifecycle().state(), &state, "step {}: {:?}", step, op);
                }
            }
            prop_assert_eq!(ledger.permission().state(), &model.permission.state.wire(), "step {}: {:?}", step, op);

            // Invariants.
            prop_assert!(ledger.charge_count() <= 25);
            for (index, entry) in ledger.charges().iter().enumerate() {
                let lifecycle = entry.lifecycle();
                if let Some(previous) = before.charges().get(index).map(|c| c.lifecycle())
                    && !previous.is_predicted()
                    && previous.is_final()
                {
                    prop_assert_eq!(lifecycle.last_known_state(), previous.last_known_state(), "final states stay final");
                }
                if let Some(captured) = lifecycle.captured_amount() {
                    prop_assert!(captured.amount() <= lifecycle.charge_amount().amount());
                }
                let captured = lifecycle.captured_amount().cloned().unwrap_or_else(|| Price::zero(lifecycle.charge_amount().currency().clone()));
                let allowance = amazon_pay_core::lifecycle::rules::refund_allowance(&captured).unwrap();
                let refunded = entry.refunded().unwrap();
                prop_assert!(refunded.amount() <= captured.checked_add(&allowance).unwrap().amount());
            }
            if before.permission().state() == &ChargePermissionState::Closed && !before.permission().is_predicted() {
                prop_assert_eq!(ledger.permission().state(), &ChargePermissionState::Closed, "a closed permission stays closed");
            }
        }
    }
}
