//! What a refusal says, word for word: the object, its state, the reasons
//! Amazon gave for it, what is allowed instead — for each lifecycle, and
//! the refusal's code. (Surviving mutants of the messages found by
//! `scripts/mutants.sh`.)

use amazon_pay_core::ApiVersion;
use amazon_pay_core::Operation;
use amazon_pay_core::lifecycle::{
    ChargeLifecycle, ChargePermissionLifecycle, CheckoutSessionLifecycle, LifecycleError,
    ObjectKind, RefundLifecycle,
};
use amazon_pay_core::model::{
    ChargePermissionReasonCode as CPR, ChargePermissionType, ChargeReasonCode, RefundReasonCode,
};

use crate::support::{at, t0, usd};

#[test]
fn a_refusal_names_the_object_its_state_and_amazons_reasons() {
    let session = CheckoutSessionLifecycle::created(t0(), ApiVersion::V2)
        .declined(at(10))
        .unwrap();
    let refused = session
        .require(Operation::UpdateCheckoutSession, at(20))
        .unwrap_err();
    assert_eq!(
        refused.to_string(),
        "Update Checkout Session is not allowed on a Checkout Session in state Canceled (Declined); \
         allowed: Get Checkout Session"
    );

    let charge = ChargeLifecycle::authorization_initiated(usd(10_00), t0())
        .authorization_declined(ChargeReasonCode::HardDeclined, at(10))
        .unwrap();
    let refused = charge
        .require(Operation::CaptureCharge, at(20))
        .unwrap_err();
    assert!(
        refused
            .to_string()
            .starts_with("Capture Charge is not allowed on a Charge in state Declined (HardDeclined); allowed: Get Charge"),
        "{refused}"
    );

    let permission = ChargePermissionLifecycle::chargeable(
        ChargePermissionType::Recurring,
        t0(),
        ApiVersion::V2,
    )
    .non_chargeable(CPR::PaymentMethodInvalid, at(10))
    .unwrap();
    let refused = permission
        .require(Operation::CreateCharge, at(20))
        .unwrap_err();
    assert!(
        refused.to_string().starts_with(
            "Create Charge is not allowed on a Charge Permission in state NonChargeable (PaymentMethodInvalid); allowed: "
        ),
        "{refused}"
    );
    let refund = RefundLifecycle::initiated(usd(5_00), t0())
        .declined(RefundReasonCode::AmazonRejected)
        .unwrap();
    let refused = refund.require(Operation::CreateRefund, at(20)).unwrap_err();
    assert_eq!(
        refused.to_string(),
        "Create Refund is not allowed on a Refund in state Declined (AmazonRejected); allowed: Get Refund"
    );
    // Without reasons there are no parentheses.
    let open = CheckoutSessionLifecycle::created(t0(), ApiVersion::V2);
    let refused = open.require(Operation::CreateCharge, at(20)).unwrap_err();
    assert!(
        refused.to_string().starts_with(
            "Create Charge is not allowed on a Checkout Session in state Open; allowed: "
        ),
        "{refused}"
    );
}

#[test]
fn object_kinds_read_as_amazon_names_them() {
    let names: Vec<String> = [
        ObjectKind::CheckoutSession,
        ObjectKind::ChargePermission,
        ObjectKind::Charge,
        ObjectKind::Refund,
    ]
    .iter()
    .map(|kind| format!("{kind}/{}", kind.as_str()))
    .collect();
    assert_eq!(
        names,
        [
            "Checkout Session/Checkout Session",
            "Charge Permission/Charge Permission",
            "Charge/Charge",
            "Refund/Refund"
        ]
    );
}

#[test]
fn a_refused_event_keeps_its_code() {
    let refused = ChargeLifecycle::authorized(usd(10_00), t0())
        .capture_requested(usd(10_01), at(10))
        .unwrap_err();
    assert_eq!(refused.code(), "CaptureExceedsAuthorization");
    let refused = CheckoutSessionLifecycle::created(t0(), ApiVersion::V2)
        .completed(at(10))
        .unwrap()
        .updated(at(20))
        .unwrap_err();
    assert_eq!(refused.code(), "IllegalTransition");
    match &refused.error {
        LifecycleError::IllegalTransition(inner) => assert_eq!(inner.code(), "IllegalTransition"),
        other => panic!("{other}"),
    }
    let closed = ChargeLifecycle::authorized(usd(10_00), t0())
        .cancel_requested(at(10))
        .unwrap();
    match closed
        .require(Operation::CaptureCharge, at(20))
        .unwrap_err()
    {
        LifecycleError::OperationNotAllowed(inner) => {
            assert_eq!(inner.code(), "OperationNotAllowed")
        }
        other => panic!("{other}"),
    }
    let expired = ChargeLifecycle::authorized(usd(10_00), t0()).advance(at(31 * 86_400));
    match expired
        .require(Operation::CaptureCharge, at(31 * 86_400))
        .unwrap_err()
    {
        LifecycleError::Expired(inner) => assert_eq!(inner.code(), "Expired"),
        other => panic!("{other}"),
    }
}
