//! The spec's transition tables (§4.2–§4.5), one test row each, written here
//! independently of the implementation; and for every (state, event) pair
//! not in a table, the illegal-transition error.

use amazon_pay_core::Operation;
use amazon_pay_core::lifecycle::{
    ChargeEvent, ChargeLifecycle, ChargePermissionEvent, ChargePermissionLifecycle,
    CheckoutSessionEvent, CheckoutSessionLifecycle, LifecycleError, RefundEvent, RefundLifecycle,
};
use amazon_pay_core::model::{
    ChargePermissionReasonCode as CPR, ChargePermissionState as CPS, ChargePermissionType,
    ChargeReasonCode as CR, ChargeState as CS, CheckoutSessionReasonCode as SR,
    CheckoutSessionState as SS, RefundReasonCode as RR, RefundState as RS,
};
use amazon_pay_core::{ApiVersion, Currency, Price, Timestamp};

fn t0() -> Timestamp {
    Timestamp::parse("20240301T100000Z").unwrap()
}

fn usd(cents: u64) -> Price {
    Price::from_minor_units(cents, Currency::Usd)
}

/// When to apply an event: time-driven expiries when they are due (they are
/// refused before), everything else at `base`.
fn session_time(event: CheckoutSessionEvent) -> Timestamp {
    match event {
        CheckoutSessionEvent::Expired => t0().checked_add(time::Duration::hours(24)).unwrap(),
        _ => t0(),
    }
}

fn permission_time(event: &ChargePermissionEvent) -> Timestamp {
    match event {
        // Past 180 days and 13 months alike.
        ChargePermissionEvent::Expired => t0().checked_add(time::Duration::days(400)).unwrap(),
        _ => t0(),
    }
}

fn charge_time(charge: &ChargeLifecycle, event: &ChargeEvent, after: i64) -> Timestamp {
    let base = charge
        .updated_at()
        .unwrap_or_else(t0)
        .checked_add(time::Duration::seconds(after))
        .unwrap();
    match event {
        ChargeEvent::Expired => base.max(t0().checked_add(time::Duration::days(30)).unwrap()),
        _ => base,
    }
}

/// Asserts the refusal names the state and the event, and lists what is allowed.
fn assert_illegal(error: &LifecycleError, state: &str, event: &str, context: &str) {
    match error {
        LifecycleError::IllegalTransition(illegal) => {
            assert_eq!(illegal.state.as_str(), state, "{context}");
            assert_eq!(illegal.event.name(), event, "{context}");
            assert!(!illegal.allowed.contains(&event), "{context}");
            let text = error.to_string();
            assert!(
                text.contains(state) && text.contains(event),
                "{context}: {text}"
            );
        }
        other => panic!("{context}: expected an illegal transition, got {other}"),
    }
}

// ---------------------------------------------------------------- Checkout Session

fn session_in(state: &SS, version: ApiVersion) -> CheckoutSessionLifecycle {
    let open = CheckoutSessionLifecycle::created(t0(), version);
    match state {
        SS::Open => open,
        SS::Completed => match version {
            ApiVersion::V1 => open.buyer_returned(t0()).unwrap(),
            ApiVersion::V2 => open.completed(t0()).unwrap(),
        },
        SS::Canceled => open.buyer_canceled(t0()).unwrap(),
        other => panic!("{other}"),
    }
}

const SESSION_EVENTS: [CheckoutSessionEvent; 7] = [
    CheckoutSessionEvent::Updated,
    CheckoutSessionEvent::BuyerReturned,
    CheckoutSessionEvent::Completed,
    CheckoutSessionEvent::BuyerCanceled,
    CheckoutSessionEvent::Declined,
    CheckoutSessionEvent::AmazonCanceled,
    CheckoutSessionEvent::Expired,
];

/// Spec §4.2 (v2), plus the v1 rows of §14.
fn session_table() -> Vec<(ApiVersion, SS, CheckoutSessionEvent, SS, Option<SR>)> {
    use ApiVersion::*;
    use CheckoutSessionEvent as E;
    vec![
        (V2, SS::Open, E::Updated, SS::Open, None),
        (V2, SS::Open, E::BuyerReturned, SS::Open, None),
        (V2, SS::Open, E::Completed, SS::Completed, None),
        (
            V2,
            SS::Open,
            E::BuyerCanceled,
            SS::Canceled,
            Some(SR::BuyerCanceled),
        ),
        (V2, SS::Open, E::Declined, SS::Canceled, Some(SR::Declined)),
        (
            V2,
            SS::Open,
            E::AmazonCanceled,
            SS::Canceled,
            Some(SR::AmazonCanceled),
        ),
        (V2, SS::Open, E::Expired, SS::Canceled, Some(SR::Expired)),
        // v1: no Complete call; the session completes when the buyer returns.
        (V1, SS::Open, E::Updated, SS::Open, None),
        (V1, SS::Open, E::BuyerReturned, SS::Completed, None),
        (
            V1,
            SS::Open,
            E::BuyerCanceled,
            SS::Canceled,
            Some(SR::BuyerCanceled),
        ),
        (V1, SS::Open, E::Declined, SS::Canceled, Some(SR::Declined)),
        (
            V1,
            SS::Open,
            E::AmazonCanceled,
            SS::Canceled,
            Some(SR::AmazonCanceled),
        ),
        (V1, SS::Open, E::Expired, SS::Canceled, Some(SR::Expired)),
    ]
}

#[test]
fn checkout_session_is_created_open() {
    let session = CheckoutSessionLifecycle::created(t0(), ApiVersion::V2);
    assert_eq!(session.state(), &SS::Open);
    assert_eq!(session.reason(), None);
}

#[test]
fn checkout_session_table_rows() {
    for (version, from, event, to, reason) in session_table() {
        let context = format!("{version} {from} --{}-->", event.name());
        let next = session_in(&from, version)
            .apply(event, session_time(event))
            .unwrap_or_else(|e| panic!("{context}: {e}"));
        assert_eq!(next.state(), &to, "{context}");
        assert_eq!(next.reason(), reason.as_ref(), "{context}");
    }
}

#[test]
fn checkout_session_pairs_outside_the_table_are_illegal() {
    let table = session_table();
    let mut checked = 0;
    for version in [ApiVersion::V1, ApiVersion::V2] {
        for from in [SS::Open, SS::Completed, SS::Canceled] {
            for event in SESSION_EVENTS {
                if table
                    .iter()
                    .any(|(v, f, e, ..)| *v == version && *f == from && *e == event)
                {
                    continue;
                }
                let context = format!("{version} {from} --{}-->", event.name());
                let refused = session_in(&from, version)
                    .apply(event, session_time(event))
                    .unwrap_err();
                assert_eq!(
                    refused.lifecycle.state(),
                    &from,
                    "{context}: the lifecycle is given back"
                );
                assert_illegal(&refused.error, from.as_str(), event.name(), &context);
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 42 - 13);
}

#[test]
fn checkout_session_operations_per_state() {
    use Operation::*;
    let v2 = session_in(&SS::Open, ApiVersion::V2);
    assert_eq!(
        v2.allowed_operations(t0()),
        [
            GetCheckoutSession,
            UpdateCheckoutSession,
            CompleteCheckoutSession,
            FinalizeCheckoutSession
        ]
    );
    let v1 = session_in(&SS::Open, ApiVersion::V1);
    assert_eq!(
        v1.allowed_operations(t0()),
        [GetCheckoutSession, UpdateCheckoutSession]
    );
    assert!(v1.require(CompleteCheckoutSession, t0()).is_err());
    for state in [SS::Completed, SS::Canceled] {
        let session = session_in(&state, ApiVersion::V2);
        assert_eq!(session.allowed_operations(t0()), [GetCheckoutSession]);
        let err = session.require(UpdateCheckoutSession, t0()).unwrap_err();
        assert!(err.to_string().contains("Get Checkout Session"), "{err}");
    }
}

// ---------------------------------------------------------------- Charge Permission

fn permission(kind: ChargePermissionType, version: ApiVersion) -> ChargePermissionLifecycle {
    ChargePermissionLifecycle::chargeable(kind, t0(), version)
}

fn permission_in(
    state: &CPS,
    kind: ChargePermissionType,
    version: ApiVersion,
) -> ChargePermissionLifecycle {
    let chargeable = permission(kind, version);
    match state {
        CPS::Chargeable => chargeable,
        CPS::NonChargeable => chargeable
            .non_chargeable(CPR::PaymentMethodInvalid, t0())
            .unwrap(),
        CPS::Closed => chargeable.amazon_canceled(t0()).unwrap(),
        other => panic!("{other}"),
    }
}

const NON_CHARGEABLE_REASONS: [CPR; 8] = [
    CPR::PaymentMethodInvalid,
    CPR::PaymentMethodDeleted,
    CPR::BillingAddressDeleted,
    CPR::PaymentMethodExpired,
    CPR::PaymentMethodNotAllowed,
    CPR::PaymentMethodNotSet,
    CPR::ChargeInProgress,
    CPR::MfaFailed,
];

fn permission_events() -> Vec<ChargePermissionEvent> {
    use ChargePermissionEvent as E;
    vec![
        E::NonChargeable(CPR::PaymentMethodExpired),
        E::ChargeableAgain,
        E::MerchantClosed,
        E::BuyerClosed,
        E::AmazonCanceled,
        E::FullyCaptured,
        E::Expired,
    ]
}

type PermissionRow = (
    ApiVersion,
    ChargePermissionType,
    CPS,
    ChargePermissionEvent,
    CPS,
    Vec<CPR>,
);

/// Spec §4.3, for each permission type, plus the v1 reason spellings.
fn permission_table() -> Vec<PermissionRow> {
    use ChargePermissionEvent as E;
    use ChargePermissionType::*;
    let mut rows: Vec<PermissionRow> = Vec::new();
    for kind in [OneTime, Recurring, PaymentMethodOnFile] {
        let v2 = ApiVersion::V2;
        for reason in NON_CHARGEABLE_REASONS {
            rows.push((
                v2,
                kind.clone(),
                CPS::Chargeable,
                E::NonChargeable(reason.clone()),
                CPS::NonChargeable,
                vec![reason],
            ));
        }
        rows.push((
            v2,
            kind.clone(),
            CPS::NonChargeable,
            E::ChargeableAgain,
            CPS::Chargeable,
            vec![],
        ));
        for open in [CPS::Chargeable, CPS::NonChargeable] {
            rows.push((
                v2,
                kind.clone(),
                open.clone(),
                E::MerchantClosed,
                CPS::Closed,
                vec![CPR::MerchantClosed],
            ));
            rows.push((
                v2,
                kind.clone(),
                open.clone(),
                E::BuyerClosed,
                CPS::Closed,
                vec![CPR::BuyerClosed],
            ));
            rows.push((
                v2,
                kind.clone(),
                open.clone(),
                E::AmazonCanceled,
                CPS::Closed,
                vec![CPR::AmazonCanceled],
            ));
            if kind != PaymentMethodOnFile {
                // PaymentMethodOnFile never expires.
                rows.push((
                    v2,
                    kind.clone(),
                    open.clone(),
                    E::Expired,
                    CPS::Closed,
                    vec![CPR::Expired],
                ));
            }
            // Crate decision: several reasons at once (spec §3.3) — a second
            // cause keeps the permission NonChargeable and adds its reason.
            if open == CPS::NonChargeable {
                rows.push((
                    v2,
                    kind.clone(),
                    open.clone(),
                    E::NonChargeable(CPR::PaymentMethodExpired),
                    CPS::NonChargeable,
                    vec![CPR::PaymentMethodInvalid, CPR::PaymentMethodExpired],
                ));
            }
        }
        if kind == OneTime {
            rows.push((
                v2,
                kind.clone(),
                CPS::Chargeable,
                E::FullyCaptured,
                CPS::Closed,
                vec![CPR::AmazonClosed],
            ));
            // Crate decision: a fully captured order closes the permission
            // even while a charge kept it NonChargeable.
            rows.push((
                v2,
                kind.clone(),
                CPS::NonChargeable,
                E::FullyCaptured,
                CPS::Closed,
                vec![CPR::AmazonClosed],
            ));
        }
    }
    // v1-era reason spellings.
    let v1 = ApiVersion::V1;
    rows.push((
        v1,
        OneTime,
        CPS::Chargeable,
        E::MerchantClosed,
        CPS::Closed,
        vec![CPR::MerchantCanceled],
    ));
    rows.push((
        v1,
        OneTime,
        CPS::Chargeable,
        E::BuyerClosed,
        CPS::Closed,
        vec![CPR::BuyerCanceled],
    ));
    rows
}

#[test]
fn charge_permission_is_created_chargeable() {
    let p = permission(ChargePermissionType::OneTime, ApiVersion::V2);
    assert_eq!(p.state(), &CPS::Chargeable);
    assert!(p.reasons().is_empty());
}

#[test]
fn charge_permission_table_rows() {
    for (version, kind, from, event, to, reasons) in permission_table() {
        let context = format!("{version} {kind} {from} --{}-->", event.name());
        let at = permission_time(&event);
        let next = permission_in(&from, kind.clone(), version)
            .apply(event, at)
            .unwrap_or_else(|e| panic!("{context}: {e}"));
        assert_eq!(next.state(), &to, "{context}");
        let got: Vec<CPR> = next.reasons().iter().cloned().collect();
        assert_eq!(got, reasons, "{context}");
    }
}

#[test]
fn charge_permission_pairs_outside_the_table_are_illegal() {
    let table = permission_table();
    let mut checked = 0;
    for kind in [
        ChargePermissionType::OneTime,
        ChargePermissionType::Recurring,
        ChargePermissionType::PaymentMethodOnFile,
    ] {
        for from in [CPS::Chargeable, CPS::NonChargeable, CPS::Closed] {
            for event in permission_events() {
                let in_table = table.iter().any(|(v, k, f, e, ..)| {
                    *v == ApiVersion::V2 && *k == kind && *f == from && e.name() == event.name()
                });
                if in_table {
                    continue;
                }
                let context = format!("{kind} {from} --{}-->", event.name());
                let refused = permission_in(&from, kind.clone(), ApiVersion::V2)
                    .apply(event.clone(), permission_time(&event))
                    .unwrap_err();
                assert_illegal(&refused.error, from.as_str(), event.name(), &context);
                checked += 1;
            }
        }
    }
    // Closed takes nothing (7 × 3), Chargeable refuses chargeable_again (× 3),
    // Recurring and PMOF refuse fully_captured (2 × 2), PMOF refuses expired (2).
    assert_eq!(checked, 21 + 3 + 4 + 2);
}

#[test]
fn charge_permission_operations_per_state() {
    use Operation::*;
    let kind = ChargePermissionType::OneTime;
    let chargeable = permission_in(&CPS::Chargeable, kind.clone(), ApiVersion::V2);
    assert_eq!(
        chargeable.allowed_operations(t0()),
        [
            GetChargePermission,
            UpdateChargePermission,
            CloseChargePermission,
            CreateCharge
        ]
    );
    let non = permission_in(&CPS::NonChargeable, kind.clone(), ApiVersion::V2);
    assert_eq!(
        non.allowed_operations(t0()),
        [
            GetChargePermission,
            UpdateChargePermission,
            CloseChargePermission
        ]
    );
    assert!(non.require(CreateCharge, t0()).is_err());
    let closed = permission_in(&CPS::Closed, kind, ApiVersion::V2);
    assert_eq!(closed.allowed_operations(t0()), [GetChargePermission]);
}

// ---------------------------------------------------------------- Charge

fn charge_in(state: &CS) -> ChargeLifecycle {
    let amount = usd(100_00);
    match state {
        CS::AuthorizationInitiated => ChargeLifecycle::authorization_initiated(amount, t0()),
        CS::Authorized => ChargeLifecycle::authorized(amount, t0()),
        CS::CaptureInitiated => {
            let late = t0().checked_add(time::Duration::days(8)).unwrap();
            ChargeLifecycle::authorized(amount.clone(), t0())
                .capture_requested(amount, late)
                .unwrap()
        }
        CS::Captured => ChargeLifecycle::captured_at_creation(amount, t0()),
        CS::Canceled => ChargeLifecycle::authorized(amount, t0())
            .cancel_requested(t0())
            .unwrap(),
        CS::Declined => ChargeLifecycle::authorization_initiated(amount, t0())
            .authorization_declined(CR::HardDeclined, t0())
            .unwrap(),
        other => panic!("{other}"),
    }
}

const CHARGE_STATES: [CS; 6] = [
    CS::AuthorizationInitiated,
    CS::Authorized,
    CS::CaptureInitiated,
    CS::Captured,
    CS::Canceled,
    CS::Declined,
];

const DECLINES: [CR; 5] = [
    CR::SoftDeclined,
    CR::HardDeclined,
    CR::AmazonRejected,
    CR::ProcessingFailure,
    CR::TransactionTimedOut,
];

fn charge_events() -> Vec<ChargeEvent> {
    use ChargeEvent as E;
    vec![
        E::AuthorizationSucceeded,
        E::AuthorizationDeclined(CR::SoftDeclined),
        E::CaptureRequested(usd(50_00)),
        E::CaptureSucceeded,
        E::CaptureDeclined(CR::AmazonRejected),
        E::CancelRequested,
        E::Expired,
        E::ChargePermissionClosed,
        E::AmazonCanceled,
        E::BuyerCanceled,
    ]
}

/// Spec §4.4. The time of each event is `t0` unless it says otherwise.
fn charge_table() -> Vec<(CS, ChargeEvent, i64, CS, Option<CR>)> {
    use ChargeEvent as E;
    let mut rows = vec![
        (
            CS::AuthorizationInitiated,
            E::AuthorizationSucceeded,
            0,
            CS::Authorized,
            None,
        ),
        (
            CS::AuthorizationInitiated,
            E::CancelRequested,
            0,
            CS::Canceled,
            Some(CR::MerchantCanceled),
        ),
        // Capture within 7 days: synchronous. Later: asynchronous.
        (
            CS::Authorized,
            E::CaptureRequested(usd(50_00)),
            0,
            CS::Captured,
            None,
        ),
        (
            CS::Authorized,
            E::CaptureRequested(usd(50_00)),
            7 * 86_400,
            CS::Captured,
            None,
        ),
        (
            CS::Authorized,
            E::CaptureRequested(usd(50_00)),
            7 * 86_400 + 1,
            CS::CaptureInitiated,
            None,
        ),
        (
            CS::CaptureInitiated,
            E::CaptureSucceeded,
            0,
            CS::Captured,
            None,
        ),
        (
            CS::Authorized,
            E::CancelRequested,
            0,
            CS::Canceled,
            Some(CR::MerchantCanceled),
        ),
        (
            CS::Authorized,
            E::Expired,
            0,
            CS::Canceled,
            Some(CR::ExpiredUnused),
        ),
        (
            CS::Authorized,
            E::ChargePermissionClosed,
            0,
            CS::Canceled,
            Some(CR::ChargePermissionCanceled),
        ),
        (
            CS::AuthorizationInitiated,
            E::ChargePermissionClosed,
            0,
            CS::Canceled,
            Some(CR::ChargePermissionCanceled),
        ),
    ];
    for non_final in [
        CS::AuthorizationInitiated,
        CS::Authorized,
        CS::CaptureInitiated,
    ] {
        rows.push((
            non_final.clone(),
            E::AmazonCanceled,
            0,
            CS::Canceled,
            Some(CR::AmazonCanceled),
        ));
        rows.push((
            non_final,
            E::BuyerCanceled,
            0,
            CS::Canceled,
            Some(CR::BuyerCanceled),
        ));
    }
    for reason in DECLINES {
        rows.push((
            CS::AuthorizationInitiated,
            E::AuthorizationDeclined(reason.clone()),
            0,
            CS::Declined,
            Some(reason.clone()),
        ));
        rows.push((
            CS::CaptureInitiated,
            E::CaptureDeclined(reason.clone()),
            0,
            CS::Declined,
            Some(reason.clone()),
        ));
        // Crate decision: a capture Amazon declines at once declines the charge.
        rows.push((
            CS::Authorized,
            E::CaptureDeclined(reason.clone()),
            0,
            CS::Declined,
            Some(reason),
        ));
    }
    rows
}

#[test]
fn charge_creation_rows() {
    assert_eq!(
        ChargeLifecycle::authorized(usd(1), t0()).state(),
        &CS::Authorized
    );
    assert_eq!(
        ChargeLifecycle::authorization_initiated(usd(1), t0()).state(),
        &CS::AuthorizationInitiated
    );
    let captured = ChargeLifecycle::captured_at_creation(usd(1), t0());
    assert_eq!(captured.state(), &CS::Captured);
    assert_eq!(captured.captured_amount(), Some(&usd(1)));
}

#[test]
fn charge_table_rows() {
    for (from, event, after, to, reason) in charge_table() {
        let charge = charge_in(&from);
        let at = charge_time(&charge, &event, after);
        let context = format!("{from} --{}--> (+{after} s)", event.name());
        let next = charge
            .apply(event, at)
            .unwrap_or_else(|e| panic!("{context}: {e}"));
        assert_eq!(next.state(), &to, "{context}");
        assert_eq!(next.reason(), reason.as_ref(), "{context}");
    }
}

#[test]
fn charge_pairs_outside_the_table_are_illegal() {
    let table = charge_table();
    let mut checked = 0;
    for from in CHARGE_STATES {
        for event in charge_events() {
            if table
                .iter()
                .any(|(f, e, ..)| *f == from && e.name() == event.name())
            {
                continue;
            }
            let context = format!("{from} --{}-->", event.name());
            let charge = charge_in(&from);
            let at = charge_time(&charge, &event, 0);
            let refused = charge.apply(event.clone(), at).unwrap_err();
            assert_eq!(
                refused.lifecycle,
                charge_in(&from),
                "{context}: the lifecycle is given back unchanged"
            );
            assert_illegal(&refused.error, from.as_str(), event.name(), &context);
            checked += 1;
        }
    }
    // 6 states × 10 events, less the 17 distinct pairs of the table.
    assert_eq!(checked, 60 - 17);
}

#[test]
fn charge_operations_per_state() {
    use Operation::*;
    let expected: [(CS, &[Operation]); 6] = [
        (CS::AuthorizationInitiated, &[GetCharge, CancelCharge]),
        (CS::Authorized, &[GetCharge, CaptureCharge, CancelCharge]),
        (CS::CaptureInitiated, &[GetCharge]),
        (CS::Captured, &[GetCharge, CreateRefund]),
        (CS::Canceled, &[GetCharge]),
        (CS::Declined, &[GetCharge]),
    ];
    for (state, operations) in expected {
        assert_eq!(
            charge_in(&state).allowed_operations(t0()),
            operations,
            "{state}"
        );
    }
}

// ---------------------------------------------------------------- Refund

fn refund_in(state: &RS) -> RefundLifecycle {
    let initiated = RefundLifecycle::initiated(usd(10_00), t0());
    match state {
        RS::RefundInitiated => initiated,
        RS::Refunded => initiated.refunded().unwrap(),
        RS::Declined => initiated.declined(RR::AmazonRejected).unwrap(),
        other => panic!("{other}"),
    }
}

fn refund_table() -> Vec<(RS, RefundEvent, RS, Option<RR>)> {
    vec![
        (
            RS::RefundInitiated,
            RefundEvent::Refunded,
            RS::Refunded,
            None,
        ),
        (
            RS::RefundInitiated,
            RefundEvent::Declined(RR::AmazonRejected),
            RS::Declined,
            Some(RR::AmazonRejected),
        ),
        (
            RS::RefundInitiated,
            RefundEvent::Declined(RR::ProcessingFailure),
            RS::Declined,
            Some(RR::ProcessingFailure),
        ),
    ]
}

#[test]
fn refund_is_created_initiated() {
    let refund = RefundLifecycle::initiated(usd(1), t0());
    assert_eq!(refund.state(), &RS::RefundInitiated);
    assert_eq!(refund.allowed_operations(t0()), [Operation::GetRefund]);
    // The same surface as the other lifecycles: nothing is due by time, a
    // Get is always allowed, anything else is refused with the state.
    assert_eq!(refund.next_change(), None);
    assert!(!refund.is_predicted());
    assert!(refund.require(Operation::GetRefund, t0()).is_ok());
    assert!(refund.require(Operation::CreateRefund, t0()).is_err());
    assert_eq!(refund.clone().advance(t0()), refund);
}

#[test]
fn refund_table_rows() {
    for (from, event, to, reason) in refund_table() {
        let next = refund_in(&from).apply(event).unwrap();
        assert_eq!(next.state(), &to);
        assert_eq!(next.reason(), reason.as_ref());
    }
}

#[test]
fn refund_pairs_outside_the_table_are_illegal() {
    let mut checked = 0;
    for from in [RS::Refunded, RS::Declined] {
        for event in [
            RefundEvent::Refunded,
            RefundEvent::Declined(RR::ProcessingFailure),
        ] {
            let refused = refund_in(&from).apply(event.clone()).unwrap_err();
            assert_illegal(
                &refused.error,
                from.as_str(),
                event.name(),
                &format!("{from}"),
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 4);
}

#[test]
fn the_tables_cover_what_the_note_claims() {
    // Creation rows: session, permission, 3 charge kinds, refund = 6.
    let rows = 6
        + session_table().len()
        + permission_table().len()
        + charge_table().len()
        + refund_table().len();
    assert_eq!(rows, 6 + 13 + 56 + 31 + 3);
}
