//! Any (status, headers, body): every operation's decode gives its output or
//! an `ApiError` that keeps the status — never a panic; the error's text,
//! advice and quoted string to sign are always computable.
#![no_main]

use amazon_pay_core::model::{ChargeId, ChargeState};
use amazon_pay_core::operation::*;
use amazon_pay_core::{Currency, IdempotencyKey, Price};

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

fn check<O: ApiOperation>(operation: &O, response: &Response) {
    if let Err(error) = operation.decode(response) {
        assert_eq!(error.status(), response.status());
        let _ = error.to_string();
        let _ = error.string_to_sign();
        let _ = error.is_retryable();
    }
}

fuzz_target!(|input: Input| {
    let mut response = Response::new(input.status, input.body);
    for (name, value) in input.headers {
        response = response.with_header(name, value);
    }
    let key = IdempotencyKey::parse("fuzz").unwrap();
    let usd = Price::from_minor_units(1, Currency::Usd);
    let charge = ChargeId::from("c");
    check(&GetCheckoutSession::new("s"), &response);
    check(&CompleteCheckoutSession::new("s".into(), usd.clone()), &response);
    check(&GetChargePermission::new("p"), &response);
    check(&CreateCharge::new("p".into(), usd.clone(), key.clone()), &response);
    check(&GetCharge::new(charge.clone()), &response);
    check(&UpdateCharge::new(charge.clone(), ChargeState::Canceled, None), &response);
    check(&CaptureCharge::new(charge.clone(), usd.clone(), key.clone()), &response);
    check(&CancelCharge::new(charge.clone(), "r"), &response);
    check(&CreateRefund::new(charge, usd, key), &response);
    check(&GetRefund::new("r"), &response);
    check(&GetBuyer::new("b"), &response);
    check(&CreateDeliveryTracker::for_order_reference("o", vec![]), &response);
    let _ = ApiError::from_response(&response).to_string();
});
