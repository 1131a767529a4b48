//! The sandbox's IPNs, end to end in-process: every state change of a
//! permission, charge or refund is announced in a signed SNS envelope; the
//! merchant verifies each with the core's `notification::verify`, drops
//! duplicates by message id, sends the Get it names and hands the answer to
//! its Ledger — which ends equal to the sandbox's truth.

mod support;

use std::collections::BTreeSet;

use amazon_pay_core::lifecycle::{ChargePermissionLifecycle, Ledger};
use amazon_pay_core::model::{ChargeState, PaymentIntent, RefundState};
use amazon_pay_core::notification::{Envelope, FollowUp, Ipn, NotificationError, verify};
use amazon_pay_core::operation::{GetCharge, GetChargePermission};
use amazon_pay_core::time::Duration;
use amazon_pay_core::{ApiVersion, Region};
use amazon_pay_sandbox::TestPaymentMethod;
use amazon_pay_sandbox::ipn::{CERTIFICATE_PATH, IpnSigner, QueuedIpn, trust_policy};
use support::{Merchant, usd};

struct Handler {
    seen: BTreeSet<String>,
    duplicates: usize,
    announced: Vec<(&'static str, String)>,
}

impl Handler {
    /// Verifies, de-duplicates and follows up every queued IPN.
    fn drain(&mut self, m: &mut Merchant, ledger: &mut Ledger, pem: &str) {
        let policy = trust_policy(m.sandbox.host()).unwrap();
        for QueuedIpn {
            body,
            object_type,
            state,
            ..
        } in m.sandbox.take_ipns()
        {
            let envelope = Envelope::parse(&body).unwrap();
            let Ipn::Payment {
                message_id,
                notification,
            } = verify(&envelope, pem.as_bytes(), m.now, &policy).unwrap()
            else {
                panic!("a payment notification");
            };
            if !self.seen.insert(message_id) {
                self.duplicates += 1;
                continue;
            }
            self.announced.push((object_type, state));
            match notification.follow_up() {
                FollowUp::GetChargePermission(get) => {
                    ledger.observe_permission(&m.call(&get).unwrap()).unwrap();
                }
                FollowUp::GetCharge(get) => {
                    ledger.observe_charge(&m.call(&get).unwrap()).unwrap();
                }
                FollowUp::GetRefund(get) => {
                    ledger.observe_refund(&m.call(&get).unwrap()).unwrap();
                }
                other => panic!("unexpected {other:?}"),
            }
        }
    }
}

#[test]
fn every_change_is_announced_verified_and_followed_into_the_ledger() {
    let mut m = Merchant::new();
    let signer = IpnSigner::generate().unwrap();
    let pem = signer.certificate_pem().to_owned();
    let url = format!("https://{}{CERTIFICATE_PATH}", m.sandbox.host());
    m.sandbox.enable_ipn(signer, url);
    m.sandbox.set_ipn_duplicates(2);
    let mut handler = Handler {
        seen: BTreeSet::new(),
        duplicates: 0,
        announced: Vec::new(),
    };

    let completed = m
        .completed(
            PaymentIntent::Authorize,
            "50.00",
            TestPaymentMethod::PendingThenAuthorized,
            true,
        )
        .unwrap();
    let permission_id = completed.charge_permission_id.unwrap();
    let charge = completed.charge_id.unwrap();
    let permission = m
        .call(&GetChargePermission::new(permission_id.clone()))
        .unwrap();
    let lifecycle = ChargePermissionLifecycle::from_model(&permission, ApiVersion::V2).unwrap();
    let mut ledger = Ledger::new(permission_id.clone(), lifecycle, Region::Na);
    handler.drain(&mut m, &mut ledger, &pem);
    assert_eq!(
        ledger.charge(&charge).unwrap().lifecycle().state(),
        &ChargeState::AuthorizationInitiated
    );

    // The pending authorization resolves 30 s later; the IPN says so.
    m.wait(31);
    m.sandbox.advance(m.now, Duration::ZERO);
    handler.drain(&mut m, &mut ledger, &pem);
    assert_eq!(
        ledger.charge(&charge).unwrap().lifecycle().state(),
        &ChargeState::Authorized
    );

    // Capture and refund through the ledger; the IPNs follow.
    let key = m.key();
    let capture = ledger
        .request_capture(&charge, usd("50.00"), key, m.now)
        .unwrap();
    let captured = m.call(&capture).unwrap();
    ledger.charge_answered(Ok(&captured)).unwrap();
    let key = m.key();
    let refund = ledger
        .request_refund(&charge, usd("20.00"), key, m.now)
        .unwrap();
    let refunded = m.call(&refund).unwrap();
    ledger.refund_answered(Ok(&refunded)).unwrap();
    handler.drain(&mut m, &mut ledger, &pem);
    m.wait(11);
    m.sandbox.advance(m.now, Duration::ZERO);
    handler.drain(&mut m, &mut ledger, &pem);

    // The ledger equals the sandbox's truth.
    let truth = m.sandbox.ledger(&permission_id).unwrap();
    let (theirs, ours) = (
        truth.charge(&charge).unwrap(),
        ledger.charge(&charge).unwrap(),
    );
    assert_eq!(theirs.lifecycle().state(), ours.lifecycle().state());
    assert_eq!(ours.lifecycle().state(), &ChargeState::Captured);
    assert_eq!(ours.refunds().len(), 1);
    assert_eq!(
        ours.refunds()[0].lifecycle().state(),
        &RefundState::Refunded
    );
    assert_eq!(
        theirs.refunds()[0].lifecycle().state(),
        ours.refunds()[0].lifecycle().state()
    );
    assert_eq!(
        m.call(&GetCharge::new(charge.clone()))
            .unwrap()
            .status_details
            .unwrap()
            .state,
        Some(ChargeState::Captured)
    );

    // Every change was announced once (duplicates dropped), in order.
    let states: Vec<String> = handler
        .announced
        .iter()
        .map(|(kind, state)| format!("{kind} {state}"))
        .collect();
    let expected = [
        "CHARGE AuthorizationInitiated",
        "CHARGE Authorized",
        "CHARGE Captured",
        "REFUND RefundInitiated",
        "REFUND Refunded",
    ];
    let charges_and_refunds: Vec<&str> = states
        .iter()
        .map(String::as_str)
        .filter(|s| !s.starts_with("CHARGE_PERMISSION"))
        .collect();
    assert_eq!(charges_and_refunds, expected);
    assert!(
        states.iter().any(|s| s.starts_with("CHARGE_PERMISSION ")),
        "{states:?}"
    );
    assert!(
        handler.duplicates >= 2,
        "duplicates: {}",
        handler.duplicates
    );
    assert!(m.sandbox.take_ipns().is_empty());
}

#[test]
fn sandbox_ipns_are_refused_by_a_policy_that_does_not_trust_the_sandbox() {
    let mut m = Merchant::new();
    let signer = IpnSigner::generate().unwrap();
    let pem = signer.certificate_pem().to_owned();
    let url = format!("https://{}{CERTIFICATE_PATH}", m.sandbox.host());
    m.sandbox.enable_ipn(signer, url);
    m.completed(
        PaymentIntent::Authorize,
        "5.00",
        TestPaymentMethod::Success("1111"),
        false,
    )
    .unwrap();
    let ipns = m.sandbox.take_ipns();
    assert!(!ipns.is_empty());
    let envelope = Envelope::parse(&ipns[0].body).unwrap();
    // Amazon's default policy: the sandbox's URL is not an SNS URL.
    let strict = amazon_pay_core::notification::TrustPolicy::amazon_sns();
    assert!(matches!(
        verify(&envelope, pem.as_bytes(), m.now, &strict),
        Err(NotificationError::CertificateHostNotTrusted { .. })
    ));
    // Another sandbox's certificate does not verify this one's messages.
    let other = IpnSigner::generate().unwrap();
    let policy = trust_policy(m.sandbox.host()).unwrap();
    assert_eq!(
        verify(
            &envelope,
            other.certificate_pem().as_bytes(),
            m.now,
            &policy
        ),
        Err(NotificationError::BadSignature)
    );
    verify(&envelope, pem.as_bytes(), m.now, &policy).unwrap();
}
