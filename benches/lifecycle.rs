//! Lifecycle benchmarks: one transition, one rule check (targets: under
//! 100 ns each, no allocation — `tests/allocations.rs` checks the latter),
//! and, for scale, a ledger check and an observation.

use std::hint::black_box;

use amazon_pay_core::lifecycle::{
    ChargeCreation, ChargeLifecycle, ChargePermissionLifecycle, Ledger, rules,
};
use amazon_pay_core::model;
use amazon_pay_core::model::{ChargeId, ChargePermissionId, ChargePermissionType, ChargeState};
use amazon_pay_core::{ApiVersion, Currency, Price, Region, Timestamp};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

fn usd(cents: u64) -> Price {
    Price::from_minor_units(cents, Currency::Usd)
}

fn lifecycle(c: &mut Criterion) {
    let t0 = Timestamp::parse("20240301T100000Z").unwrap();
    let authorized = ChargeLifecycle::authorized(usd(149_99), t0);

    c.bench_function(
        "transition: Authorized --capture_requested--> Captured",
        |b| {
            b.iter_batched(
                || authorized.clone(),
                |charge| black_box(charge.capture_requested(black_box(usd(149_99)), black_box(t0))),
                BatchSize::SmallInput,
            )
        },
    );

    c.bench_function("rule: check_refund", |b| {
        let (captured, refunded, refund) = (usd(149_99), usd(100_00), usd(72_49));
        b.iter(|| {
            black_box(rules::check_refund(
                black_box(&captured),
                black_box(&refunded),
                black_box(&refund),
            ))
        })
    });

    let permission =
        ChargePermissionLifecycle::chargeable(ChargePermissionType::OneTime, t0, ApiVersion::V2)
            .with_limits(Some(usd(1_000_00)), None);
    let mut ledger = Ledger::new(ChargePermissionId::from("P"), permission, Region::Na);
    for n in 0..10 {
        let id = ChargeId::from(format!("P-C{n:07}"));
        ledger
            .create_charge(id, usd(10_00), ChargeCreation::Authorize, t0)
            .unwrap();
    }
    c.bench_function("ledger: check_create_charge (10 charges)", |b| {
        b.iter(|| black_box(ledger.check_create_charge(black_box(&usd(50_00)), black_box(t0))))
    });

    let mut report = model::Charge::default();
    report.charge_amount = Some(usd(149_99));
    report.capture_amount = Some(usd(149_99));
    report.status_details = Some(model::ChargeStatusDetails::with_state(
        ChargeState::Captured,
    ));
    c.bench_function("observe: AuthorizationInitiated -> Captured report", |b| {
        let pending = ChargeLifecycle::authorization_initiated(usd(149_99), t0);
        b.iter_batched(
            || pending.clone(),
            |charge| black_box(charge.observe(black_box(&report))),
            BatchSize::SmallInput,
        )
    });
}

criterion_group!(benches, lifecycle);
criterion_main!(benches);
