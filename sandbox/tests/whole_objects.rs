//! Whole objects (issue 21.11): the sandbox answers with every field the
//! spec lists for a response, or the field is named in the sandbox README's
//! list of what is not simulated; constraints shrink as Update sets what is
//! missing; the buyer's data appears once the buyer signed in; permissions
//! and charges repeat what they carry.

mod support;

use amazon_pay_core::model::{
    Channel, ChargeInitiator, ConstraintId, DeliverySpecifications, MerchantMetadata,
    PaymentIntent, ProductType, ProviderMetadata, SpecialRestriction,
};
use amazon_pay_core::operation::{
    CaptureCharge, CheckoutWebDetails, CompleteCheckoutSession, CreateCharge,
    CreateCheckoutSession, CreateRefund, GetCharge, GetChargePermission, GetCheckoutSession,
    GetRefund, UpdateCheckoutSession, UpdatePaymentDetails,
};
use amazon_pay_sandbox::TestPaymentMethod;
use serde_json::Value;
use support::{Merchant, RESULT_URL, usd};

const VISA: TestPaymentMethod = TestPaymentMethod::Success("1111");
const README: &str = include_str!("../README.md");

fn constraint_ids(session: &amazon_pay_core::model::CheckoutSession) -> Vec<ConstraintId> {
    session
        .constraints
        .clone()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|c| c.constraint_id)
        .collect()
}

fn metadata() -> MerchantMetadata {
    let mut metadata = MerchantMetadata::default();
    metadata.merchant_reference_id = Some("order-1042".into());
    metadata.merchant_store_name = Some("Sandbox Shop".into());
    metadata
}

fn create(m: &mut Merchant, product: ProductType) -> amazon_pay_core::model::CheckoutSessionId {
    let key = m.key();
    let create = CreateCheckoutSession::new(
        "amzn1.application-oa2-client.sandbox",
        CheckoutWebDetails::review("https://shop.example/review"),
        key,
    )
    .with_product_type(product)
    .with_merchant_metadata(metadata());
    m.call(&create).unwrap().checkout_session_id.unwrap()
}

#[test]
fn constraints_shrink_and_the_buyer_appears_after_sign_in() {
    let mut m = Merchant::new();
    let id = create(&mut m, ProductType::PayAndShip);
    let session = m.call(&GetCheckoutSession::new(id.clone())).unwrap();
    assert_eq!(
        constraint_ids(&session),
        [
            ConstraintId::CheckoutResultReturnUrlNotSet,
            ConstraintId::ChargeAmountNotSet,
            ConstraintId::PaymentIntentNotSet,
            ConstraintId::BuyerNotAssociated,
        ]
    );
    assert!(session.buyer.is_none() && session.shipping_address.is_none());
    // The buyer signs in and chooses a card: back on the review page.
    let back = m.sandbox.buyer_approves(m.now, id.as_str(), VISA).unwrap();
    assert!(back.starts_with("https://shop.example/review"), "{back}");
    let session = m.call(&GetCheckoutSession::new(id.clone())).unwrap();
    assert!(!constraint_ids(&session).contains(&ConstraintId::BuyerNotAssociated));
    assert_eq!(
        session.buyer.as_ref().and_then(|b| b.buyer_id.as_deref()),
        Some("amzn1.account.SANDBOXTESTBUYER")
    );
    assert!(
        session.shipping_address.is_some(),
        "PayAndShip shares an address"
    );
    assert!(session.billing_address.is_some());
    let preferences = session.payment_preferences.clone().unwrap();
    assert_eq!(
        preferences[0].payment_descriptor.as_deref(),
        Some("Visa ****1111")
    );
    // Update sets the result URL: one constraint less; then the payment.
    let update = UpdateCheckoutSession::new(id.clone()).with_checkout_result_return_url(RESULT_URL);
    let session = m.call(&update).unwrap();
    assert_eq!(
        constraint_ids(&session),
        [
            ConstraintId::ChargeAmountNotSet,
            ConstraintId::PaymentIntentNotSet
        ]
    );
    let update = UpdateCheckoutSession::new(id.clone()).with_payment_details(
        UpdatePaymentDetails::new(PaymentIntent::Authorize, usd("25.00")),
    );
    let session = m.call(&update).unwrap();
    assert_eq!(constraint_ids(&session), []);
    assert!(
        session
            .web_checkout_details
            .unwrap()
            .amazon_pay_redirect_url
            .is_some()
    );
    // Completed, the session no longer shows the buyer (only while Open).
    m.sandbox.buyer_approves(m.now, id.as_str(), VISA).unwrap();
    let completed = m
        .call(&CompleteCheckoutSession::new(id.clone(), usd("25.00")))
        .unwrap();
    assert!(completed.buyer.is_none() && completed.constraints.is_none());

    // The permission repeats the buyer, the merchant's metadata, its limits.
    let permission_id = completed.charge_permission_id.unwrap();
    let permission = m.call(&GetChargePermission::new(permission_id)).unwrap();
    assert!(permission.buyer.is_some());
    assert_eq!(permission.merchant_metadata, Some(metadata()));
    let limits = permission.limits.unwrap();
    assert_eq!(limits.amount_limit, Some(usd("25.00")));
    assert_eq!(limits.amount_balance, Some(usd("0.00")));
    assert!(permission.shipping_address.is_some());
    assert_eq!(
        permission
            .presentment_currency
            .map(|c| c.as_str().to_owned()),
        Some("USD".into())
    );
    assert!(permission.payment_preferences.is_some());
}

#[test]
fn pay_only_shares_no_shipping_address() {
    let mut m = Merchant::new();
    let id = create(&mut m, ProductType::PayOnly);
    m.sandbox.buyer_approves(m.now, id.as_str(), VISA).unwrap();
    let session = m.call(&GetCheckoutSession::new(id)).unwrap();
    assert!(session.buyer.is_some());
    assert!(session.shipping_address.is_none());
    assert!(session.billing_address.is_some());
}

#[test]
fn charges_and_refunds_echo_their_soft_descriptor() {
    let mut m = Merchant::new();
    let completed = m
        .completed(PaymentIntent::Authorize, "30.00", VISA, false)
        .unwrap();
    let charge = completed.charge_id.unwrap();
    let got = m.call(&GetCharge::new(charge.clone())).unwrap();
    assert_eq!(got.capture_now, Some(false));
    assert_eq!(got.soft_descriptor, None);
    let key = m.key();
    let capture = CaptureCharge::new(charge.clone(), usd("30.00"), key)
        .with_soft_descriptor("SHOP*ORDER1042")
        .unwrap();
    let captured = m.call(&capture).unwrap();
    assert_eq!(captured.soft_descriptor.as_deref(), Some("SHOP*ORDER1042"));
    let got = m.call(&GetCharge::new(charge.clone())).unwrap();
    assert_eq!(got.soft_descriptor.as_deref(), Some("SHOP*ORDER1042"));
    let key = m.key();
    let refund = CreateRefund::new(charge, usd("5.00"), key)
        .with_soft_descriptor("SHOP*REFUND")
        .unwrap();
    let refund = m.call(&refund).unwrap();
    assert_eq!(refund.soft_descriptor.as_deref(), Some("SHOP*REFUND"));
    let got = m.call(&GetRefund::new(refund.refund_id.unwrap())).unwrap();
    assert_eq!(got.soft_descriptor.as_deref(), Some("SHOP*REFUND"));
}

/// The fields the spec lists for each response (§3.13–§3.16): present in
/// the sandbox's JSON once a request set them, or named in the README as
/// not simulated.
#[test]
fn every_response_field_is_present_or_documented_as_not_simulated() {
    let mut m = Merchant::new();
    let mut provider = ProviderMetadata::default();
    provider.provider_reference_id = Some("psp-1".into());
    let mut delivery = DeliverySpecifications::default();
    delivery.special_restrictions = Some(vec![SpecialRestriction::RestrictPoBoxes]);
    let key = m.key();
    let create = CreateCheckoutSession::new(
        "amzn1.application-oa2-client.sandbox",
        CheckoutWebDetails::review("https://shop.example/review"),
        key,
    )
    .with_merchant_metadata(metadata())
    .with_platform_id("A2PLATFORM".to_owned())
    .with_provider_metadata(provider.clone())
    .with_supplementary_data("{\"order\":1042}".to_owned())
    .with_delivery_specifications(delivery);
    let id = m.call(&create).unwrap().checkout_session_id.unwrap();
    m.sandbox.buyer_approves(m.now, id.as_str(), VISA).unwrap();
    let update = UpdateCheckoutSession::new(id.clone())
        .with_checkout_result_return_url(RESULT_URL)
        .with_payment_details(UpdatePaymentDetails::new(
            PaymentIntent::Confirm,
            usd("100.00"),
        ));
    m.call(&update).unwrap();
    let open = m.call(&GetCheckoutSession::new(id.clone())).unwrap();
    m.sandbox.buyer_approves(m.now, id.as_str(), VISA).unwrap();
    let completed = m
        .call(&CompleteCheckoutSession::new(id.clone(), usd("100.00")))
        .unwrap();
    let permission_id = completed.charge_permission_id.clone().unwrap();
    // A charge with every field a merchant sets, captured and refunded.
    let key = m.key();
    let create = CreateCharge::new(permission_id.clone(), usd("30.00"), key)
        .with_merchant_metadata(metadata())
        .with_provider_metadata(provider)
        .with_platform_id("A2PLATFORM")
        .with_initiator(ChargeInitiator::Citu, Channel::Web)
        .with_checkout_result_return_url(RESULT_URL);
    let charge_id = m.call(&create).unwrap().charge_id.unwrap();
    let key = m.key();
    let capture = CaptureCharge::new(charge_id.clone(), usd("30.00"), key)
        .with_soft_descriptor("SHOP")
        .unwrap();
    m.call(&capture).unwrap();
    let key = m.key();
    let refund = CreateRefund::new(charge_id.clone(), usd("1.00"), key)
        .with_soft_descriptor("SHOP")
        .unwrap();
    let refund = m.call(&refund).unwrap();
    let charge = m.call(&GetCharge::new(charge_id)).unwrap();
    let permission = m.call(&GetChargePermission::new(permission_id)).unwrap();
    let json = |value: &dyn erased::Json| value.json();
    let objects: [(&str, Value, &[&str]); 5] = [
        (
            "CheckoutSession",
            json(&open),
            &[
                "checkoutSessionId",
                "storeId",
                "webCheckoutDetails",
                "productType",
                "paymentDetails",
                "merchantMetadata",
                "buyer",
                "shippingAddress",
                "billingAddress",
                "paymentPreferences",
                "statusDetails",
                "constraints",
                "creationTimestamp",
                "expirationTimestamp",
                "releaseEnvironment",
                "chargePermissionType",
                "recurringMetadata",
                "paymentMethodOnFileMetadata",
                "supplementaryData",
                "platformId",
                "providerMetadata",
                "deliverySpecifications",
                "shippingAddressList",
                "multiAddressesCheckoutMetadata",
                "checkoutButtonText",
                "checkoutType",
            ],
        ),
        ("CheckoutSession", json(&completed), &["chargePermissionId"]),
        (
            "ChargePermission",
            json(&permission),
            &[
                "chargePermissionId",
                "chargePermissionType",
                "limits",
                "buyer",
                "shippingAddress",
                "billingAddress",
                "paymentPreferences",
                "merchantMetadata",
                "presentmentCurrency",
                "statusDetails",
                "creationTimestamp",
                "expirationTimestamp",
                "releaseEnvironment",
                "recurringMetadata",
                "platformId",
                "chargePermissionReferenceId",
            ],
        ),
        (
            "Charge",
            json(&charge),
            &[
                "chargeId",
                "chargePermissionId",
                "chargeAmount",
                "captureAmount",
                "refundedAmount",
                "captureNow",
                "canHandlePendingAuthorization",
                "softDescriptor",
                "statusDetails",
                "creationTimestamp",
                "expirationTimestamp",
                "releaseEnvironment",
                "merchantMetadata",
                "providerMetadata",
                "platformId",
                "chargeInitiator",
                "channel",
                "webCheckoutDetails",
                "convertedAmount",
                "conversionRate",
                "disbursementDetails",
                "paymentMethod",
            ],
        ),
        (
            "Refund",
            json(&refund),
            &[
                "refundId",
                "chargeId",
                "refundAmount",
                "softDescriptor",
                "creationTimestamp",
                "statusDetails",
                "releaseEnvironment",
                "disbursementDetails",
            ],
        ),
    ];
    let documented = README
        .split_once("<!-- not-simulated:begin -->")
        .and_then(|(_, rest)| rest.split_once("<!-- not-simulated:end -->"))
        .map(|(list, _)| list)
        .expect("the README lists what is not simulated");
    let mut unexplained = Vec::new();
    for (object, value, fields) in objects {
        for field in fields {
            let present = value.get(*field).is_some_and(|v| !v.is_null());
            if !present && !documented.contains(&format!("`{object}.{field}`")) {
                unexplained.push(format!("{object}.{field}"));
            }
        }
    }
    assert!(
        unexplained.is_empty(),
        "neither answered nor documented: {unexplained:?}"
    );
    // The README names nothing the sandbox does answer.
    for (object, value, fields) in [("Charge", json(&charge), ["softDescriptor", "captureNow"])] {
        for field in fields {
            assert!(value.get(field).is_some());
            assert!(!documented.contains(&format!("`{object}.{field}`")));
        }
    }
}

/// Serializing the crate's decoded objects back gives the fields the
/// sandbox sent (decode → encode keeps every field, spec §3).
mod erased {
    pub trait Json {
        fn json(&self) -> serde_json::Value;
    }
    impl<T: serde::Serialize> Json for T {
        fn json(&self) -> serde_json::Value {
            serde_json::to_value(self).unwrap()
        }
    }
}
