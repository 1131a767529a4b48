//! Properties of the operations: any operation built from valid inputs
//! signs and verifies, and decoding arbitrary bytes under any status into
//! any operation's output never panics.
// Without a signing backend only the decoding property runs.
#![cfg_attr(not(any(feature = "aws-lc-rs", feature = "rsa")), allow(dead_code))]

use amazon_pay_core::model::{ChargeId, ChargePermissionId, CheckoutSessionId, RefundId};
use amazon_pay_core::operation::*;
use amazon_pay_core::{ApiVersion, Config, Currency, IdempotencyKey, Price, PublicKeyId, Region};
use proptest::prelude::*;

fn config(version: ApiVersion) -> Config {
    Config::new(
        Region::Na,
        PublicKeyId::parse("SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B").unwrap(),
    )
    .with_api_version(version)
}

/// Ids as Amazon writes them, with a few characters that need encoding.
fn id() -> impl Strategy<Value = String> {
    "[A-Za-z0-9][A-Za-z0-9._~+=%-]{0,40}"
}

fn amount() -> impl Strategy<Value = Price> {
    (1u64..=150_000_00).prop_map(|cents| Price::from_minor_units(cents, Currency::Usd))
}

fn reason() -> impl Strategy<Value = String> {
    "[ -~]{1,255}"
}

fn key() -> impl Strategy<Value = IdempotencyKey> {
    "[A-Za-z0-9_-]{1,32}".prop_map(|k| IdempotencyKey::parse(&k).unwrap())
}

/// One of the calls, as (its request for `version`, the call it is).
fn any_request() -> impl Strategy<
    Value = (
        String,
        Result<amazon_pay_core::UnsignedRequest, amazon_pay_core::ValidationError>,
        ApiVersion,
    ),
> {
    let version = prop_oneof![Just(ApiVersion::V2), Just(ApiVersion::V1)];
    (0usize..13, id(), amount(), reason(), key(), version).prop_map(
        |(which, id, amount, reason, key, version)| {
            let cfg = config(version);
            let (name, request) = match which {
                0 => (
                    "capture",
                    CaptureCharge::new(ChargeId::from(id), amount, key).into_request(&cfg),
                ),
                1 => (
                    "create charge",
                    CreateCharge::new(ChargePermissionId::from(id), amount, key).into_request(&cfg),
                ),
                2 => (
                    "refund",
                    CreateRefund::new(ChargeId::from(id), amount, key).into_request(&cfg),
                ),
                3 => (
                    "cancel",
                    CancelCharge::new(ChargeId::from(id), reason).into_request(&cfg),
                ),
                4 => (
                    "close",
                    CloseChargePermission::new(ChargePermissionId::from(id), reason)
                        .into_request(&cfg),
                ),
                5 => ("get charge", GetCharge::new(id).into_request(&cfg)),
                6 => (
                    "get refund",
                    GetRefund::new(RefundId::from(id)).into_request(&cfg),
                ),
                7 => (
                    "get session",
                    GetCheckoutSession::new(CheckoutSessionId::from(id)).into_request(&cfg),
                ),
                8 => (
                    "get permission",
                    GetChargePermission::new(ChargePermissionId::from(id)).into_request(&cfg),
                ),
                9 => ("get buyer", GetBuyer::new(id).into_request(&cfg)),
                10 => (
                    "complete",
                    CompleteCheckoutSession::new(CheckoutSessionId::from(id), amount)
                        .into_request(&cfg),
                ),
                11 => (
                    "create session",
                    CreateCheckoutSession::new(
                        id,
                        CheckoutWebDetails::review("https://shop.example/review"),
                        key,
                    )
                    .into_request(&cfg),
                ),
                _ => (
                    "delivery",
                    CreateDeliveryTracker::for_charge_permission(
                        ChargePermissionId::from(id),
                        vec![DeliveryDetailRequest::new(reason, "UPS")],
                    )
                    .with_idempotency_key(key)
                    .into_request(&cfg),
                ),
            };
            (name.to_owned(), request, version)
        },
    )
}

#[cfg(any(feature = "aws-lc-rs", feature = "rsa"))]
proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn valid_operations_sign_and_verify((name, request, version) in any_request()) {
        use amazon_pay_core::Timestamp;
        use amazon_pay_core::sign::DefaultSigner;
        thread_local! {
            static SIGNER: DefaultSigner =
                DefaultSigner::from_pem(include_str!("../vectors/keys/rsa2048.pkcs8.pem")).unwrap();
        }
        if name == "complete" && version == ApiVersion::V1 {
            prop_assert!(request.is_err(), "v1 has no Complete");
            return Ok(());
        }
        let request = request.map_err(|e| TestCaseError::fail(format!("{name}: {e}")))?;
        let mut entropy = |buf: &mut [u8]| buf.fill(5);
        SIGNER.with(|signer| -> Result<(), TestCaseError> {
            let signed = request
                .sign(&config(version), signer, Timestamp::parse("20240301T100000Z").unwrap(), &mut entropy)
                .map_err(|e| TestCaseError::fail(format!("{name}: {e}")))?;
            signed.verify(signer.public_key()).map_err(|e| TestCaseError::fail(format!("{name}: {e}")))?;
            Ok(())
        })?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn decoding_arbitrary_bytes_never_panics(
        status in prop_oneof![Just(200u16), Just(201), Just(202), Just(400), Just(422), any::<u16>()],
        body in prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..256),
            "\\{\"[a-zA-Z]{1,12}\": ?(null|\"[ -~]{0,12}\"|\\[\\]|\\{\\}|[0-9]{1,4})\\}".prop_map(String::into_bytes),
        ],
    ) {
        let response = Response::new(status, body);
        let key = IdempotencyKey::parse("k").unwrap();
        let usd = Price::from_minor_units(1, Currency::Usd);
        let _ = GetCheckoutSession::new("s").decode(&response);
        let _ = GetChargePermission::new("p").decode(&response);
        let _ = CaptureCharge::new(ChargeId::from("c"), usd.clone(), key.clone()).decode(&response);
        let _ = CreateRefund::new(ChargeId::from("c"), usd, key).decode(&response);
        let _ = GetBuyer::new("b").decode(&response);
        let _ = CreateDeliveryTracker::for_order_reference("o", vec![]).decode(&response);
        if !(200..300).contains(&status) {
            prop_assert_eq!(GetCharge::new("c").decode(&response).unwrap_err().status(), status);
        }
    }
}
