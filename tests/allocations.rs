//! Transitions and rule checks allocate nothing on their success path.
//!
//! A counting global allocator wraps the system one and counts, per thread,
//! the allocations made; each measured call runs between two readings of the
//! current thread's counter, so other threads (the test harness) do not count.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use amazon_pay_core::lifecycle::rules;
use amazon_pay_core::lifecycle::{
    ChargeLifecycle, ChargePermissionLifecycle, CheckoutSessionLifecycle, RefundLifecycle,
};
use amazon_pay_core::model::{
    ChargePermissionReasonCode, ChargePermissionType, ChargeReasonCode, RefundReasonCode,
};
use amazon_pay_core::{ApiVersion, Currency, Price, Timestamp};

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn count() {
    ALLOCATIONS.with(|n| n.set(n.get() + 1));
}

// The only unsafe code in the project: the allocator trait requires it; each
// method counts and forwards to `System` unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Runs `f` and returns how many allocations it made.
fn allocations<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = ALLOCATIONS.with(Cell::get);
    let value = std::hint::black_box(f());
    (value, ALLOCATIONS.with(Cell::get) - before)
}

fn t0() -> Timestamp {
    Timestamp::parse("20240301T100000Z").unwrap()
}

fn usd(cents: u64) -> Price {
    Price::from_minor_units(cents, Currency::Usd)
}

#[test]
fn the_counter_counts() {
    let (_, n) = allocations(|| vec![1u8; 64]);
    assert!(n >= 1, "the counting allocator is not in use");
}

#[test]
fn charge_transitions_allocate_nothing() {
    let authorized = ChargeLifecycle::authorized(usd(100_00), t0());
    let (captured, n) = allocations(|| authorized.clone().capture_requested(usd(100_00), t0()));
    assert!(captured.is_ok());
    assert_eq!(n, 0, "capture_requested");
    let pending = ChargeLifecycle::authorization_initiated(usd(1_00), t0());
    let (ok, n) = allocations(|| pending.clone().authorization_succeeded(t0()));
    assert!(ok.is_ok());
    assert_eq!(n, 0, "authorization_succeeded");
    let (ok, n) = allocations(|| {
        pending
            .clone()
            .authorization_declined(ChargeReasonCode::SoftDeclined, t0())
    });
    assert!(ok.is_ok());
    assert_eq!(n, 0, "authorization_declined");
    let (ok, n) = allocations(|| authorized.clone().cancel_requested(t0()));
    assert!(ok.is_ok());
    assert_eq!(n, 0, "cancel_requested");
    let (_, n) = allocations(|| authorized.clone().advance(t0()));
    assert_eq!(n, 0, "advance");
    let (_, n) = allocations(|| authorized.next_change());
    assert_eq!(n, 0, "next_change");
}

#[test]
fn other_transitions_allocate_nothing() {
    let session = CheckoutSessionLifecycle::created(t0(), ApiVersion::V2);
    let (ok, n) = allocations(|| session.clone().completed(t0()));
    assert!(ok.is_ok());
    assert_eq!(n, 0, "session completed");
    let permission =
        ChargePermissionLifecycle::chargeable(ChargePermissionType::OneTime, t0(), ApiVersion::V2);
    let (ok, n) = allocations(|| {
        permission
            .clone()
            .non_chargeable(ChargePermissionReasonCode::ChargeInProgress, t0())
    });
    assert!(ok.is_ok());
    assert_eq!(n, 0, "permission non_chargeable");
    let (ok, n) = allocations(|| permission.clone().fully_captured(t0()));
    assert!(ok.is_ok());
    assert_eq!(n, 0, "permission fully_captured");
    let refund = RefundLifecycle::initiated(usd(1_00), t0());
    let (ok, n) = allocations(|| refund.clone().declined(RefundReasonCode::AmazonRejected));
    assert!(ok.is_ok());
    assert_eq!(n, 0, "refund declined");
}

#[test]
fn rule_checks_allocate_nothing() {
    let (ok, n) = allocations(|| rules::check_refund(&usd(100_00), &usd(50_00), &usd(65_00)));
    assert!(ok.is_ok());
    assert_eq!(n, 0, "check_refund");
    let (ok, n) = allocations(|| rules::check_capture(&usd(100_00), &usd(100_00)));
    assert!(ok.is_ok());
    assert_eq!(n, 0, "check_capture");
    let (ok, n) = allocations(|| rules::check_amount_limit(&usd(100_00), &usd(40_00), &usd(60_00)));
    assert!(ok.is_ok());
    assert_eq!(n, 0, "check_amount_limit");
    let yen = |n| Price::from_minor_units(n, Currency::Jpy);
    let (ok, n) =
        allocations(|| rules::check_monthly_limit(&yen(100_000), &yen(50_000), &yen(50_000)));
    assert!(ok.is_ok());
    assert_eq!(n, 0, "check_monthly_limit");
}
