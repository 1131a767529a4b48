//! Amazon's answers: every error class decodes into a typed `ApiError` that
//! keeps the status, says whether to retry and what to do — JSON errors of
//! every code of spec §6, an unknown code, HTML, empty and truncated bodies —
//! and arbitrary bytes under any status never panic.

use amazon_pay_core::model::ErrorCode;
use amazon_pay_core::operation::{ApiError, ApiErrorKind, Response, Unreadable};
use proptest::prelude::*;

fn api_error(status: u16, body: &str) -> ApiError {
    ApiError::from_response(&Response::new(status, body.as_bytes().to_vec()))
}

/// Spec §6: (status, code) of every generic error.
const GENERIC: [(u16, &str); 27] = [
    (400, "InvalidHeaderValue"),
    (400, "InvalidRequest"),
    (400, "InvalidParameterValue"),
    (400, "InvalidRequestFormat"),
    (400, "MissingHeader"),
    (400, "MissingHeaderValue"),
    (400, "MissingParameterValue"),
    (400, "UnrecognizedField"),
    (400, "InvalidSandboxSimulationSpecified"),
    (400, "DuplicateIdempotencyKey"),
    (400, "InvalidParameterCombination"),
    (400, "CurrencyMismatch"),
    (400, "InvalidAPIVersion"),
    (401, "UnauthorizedAccess"),
    (403, "InvalidAuthentication"),
    (403, "InvalidAccountStatus"),
    (403, "InvalidRequestSignature"),
    (403, "InvalidAuthorizationToken"),
    (404, "ResourceNotFound"),
    (405, "UnsupportedOperation"),
    (405, "RequestNotSupported"),
    (408, "RequestTimeout"),
    (426, "TLSVersionNotSupported"),
    (429, "TooManyRequests"),
    (429, "RequestThrottled"),
    (500, "InternalServerError"),
    (503, "ServiceUnavailable"),
];

#[test]
fn every_generic_code_decodes_with_its_status_and_retry_advice() {
    for (status, code) in GENERIC {
        let body = format!(r#"{{"reasonCode":"{code}","message":"m"}}"#);
        let error = api_error(status, &body);
        assert_eq!(error.status(), status);
        let typed = error.code().unwrap();
        assert!(typed.is_known(), "{code} is a known code");
        assert_eq!(typed.as_str(), code);
        assert_eq!(error.message(), Some("m"));
        let retryable = matches!(status, 408 | 429 | 500 | 503);
        assert_eq!(error.is_retryable(), retryable, "{code}");
        let text = error.to_string();
        assert!(
            text.contains(code) && text.contains(&status.to_string()),
            "{text}"
        );
        assert!(text.contains("; "), "says what to do: {text}");
    }
}

#[test]
fn business_codes_and_an_unknown_code() {
    let error = api_error(
        422,
        r#"{"reasonCode":"InvalidChargeStatus","message":"Charge is Canceled"}"#,
    );
    assert_eq!(error.code(), Some(&ErrorCode::InvalidChargeStatus));
    assert!(!error.is_retryable());
    assert!(error.to_string().contains("Get the object"));
    let error = api_error(400, r#"{"reasonCode":"SomethingNew","message":"?"}"#);
    assert_eq!(
        error.code(),
        Some(&ErrorCode::Unknown("SomethingNew".into()))
    );
    assert!(!error.is_retryable());
}

#[test]
fn bodies_that_are_not_amazon_json_keep_the_status_and_a_snippet() {
    let html = api_error(502, "<html><body><h1>502 Bad Gateway</h1>\n</body></html>");
    match html.kind() {
        ApiErrorKind::Unreadable { reason, snippet } => {
            assert_eq!(*reason, Unreadable::NotJson);
            assert!(snippet.starts_with("<html><body><h1>502 Bad Gateway"));
            assert!(!snippet.contains('\n'), "control characters replaced");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(html.status(), 502);
    assert!(html.is_retryable());
    assert_eq!(html.code(), None);
    let empty = api_error(503, "");
    assert!(matches!(
        empty.kind(),
        ApiErrorKind::Unreadable {
            reason: Unreadable::Empty,
            ..
        }
    ));
    let truncated = api_error(400, r#"{"reasonCode":"InvalidParam"#);
    assert!(matches!(
        truncated.kind(),
        ApiErrorKind::Unreadable {
            reason: Unreadable::NotJson,
            ..
        }
    ));
    let no_code = api_error(400, r#"{"message":"no code"}"#);
    assert!(matches!(
        no_code.kind(),
        ApiErrorKind::Unreadable {
            reason: Unreadable::NoReasonCode,
            ..
        }
    ));
    let long = api_error(500, &"x".repeat(10_000));
    match long.kind() {
        ApiErrorKind::Unreadable { snippet, .. } => assert_eq!(snippet.chars().count(), 120),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_request_id_and_the_operation_are_kept() {
    let response = Response::new(404, br#"{"reasonCode":"ResourceNotFound"}"#.to_vec())
        .with_header("X-Amz-Pay-Request-Id", "req-123");
    let error = ApiError::from_response(&response).for_operation("Get Charge");
    assert_eq!(error.request_id(), Some("req-123"));
    assert_eq!(error.operation(), Some("Get Charge"));
    let text = error.to_string();
    assert!(
        text.contains("Get Charge") && text.contains("req-123"),
        "{text}"
    );
    let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(error.clone());
    assert!(boxed.to_string().contains("ResourceNotFound"));
    let any: amazon_pay_core::Error = error.into();
    assert!(matches!(any, amazon_pay_core::Error::Api(_)));
}

#[test]
fn an_invalid_signature_exposes_amazons_string_to_sign() {
    let body = r#"{"reasonCode":"InvalidRequestSignature","message":"Unable to verify signature, signing String [AMZN-PAY-RSASSA-PSS-V2\n9f2b1c]"}"#;
    let error = api_error(403, body);
    assert_eq!(
        error.string_to_sign(),
        Some("AMZN-PAY-RSASSA-PSS-V2\n9f2b1c")
    );
    assert!(error.to_string().contains("string_to_sign"));
    // Other codes, or a message without the quote, give none.
    assert_eq!(
        error_with_message("InvalidRequestSignature", "no quote").string_to_sign(),
        None
    );
    assert_eq!(
        error_with_message("InvalidHeaderValue", "[AMZN-PAY-RSASSA-PSS]").string_to_sign(),
        None
    );
}

fn error_with_message(code: &str, message: &str) -> ApiError {
    let body = serde_json::json!({"reasonCode": code, "message": message}).to_string();
    api_error(400, &body)
}

#[test]
fn a_clock_skew_error_says_to_fix_the_clock() {
    let error = error_with_message("InvalidHeaderValue", "x-amz-pay-date is in the future");
    assert!(error.to_string().contains("fix the clock"));
}

#[test]
fn debug_of_a_response_hides_the_body() {
    let response = Response::new(200, br#"{"buyer":{"name":"Jane Doe"}}"#.to_vec());
    let debug = format!("{response:?}");
    assert!(!debug.contains("Jane"), "{debug}");
    assert!(debug.contains("bytes"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    #[test]
    fn any_bytes_under_any_status_never_panic(
        status in any::<u16>(),
        body in proptest::collection::vec(any::<u8>(), 0..512),
        header in "[ -~]{0,40}",
    ) {
        let response = Response::new(status, body).with_header("x-amz-pay-request-id", header);
        let error = ApiError::from_response(&response);
        prop_assert_eq!(error.status(), status);
        let _ = error.to_string();
        let _ = error.string_to_sign();
        let _ = error.is_retryable();
    }

    #[test]
    fn any_message_never_panics_the_string_to_sign(message in "\\PC{0,80}") {
        let _ = error_with_message("InvalidRequestSignature", &message).string_to_sign();
    }
}

#[test]
fn the_advice_fits_the_call_amazon_refused() {
    use amazon_pay_core::model;
    use amazon_pay_core::operation::{ApiOperation, CaptureCharge, CreateCharge, CreateRefund};
    let usd = |text| amazon_pay_core::Price::parse(text, "USD").unwrap();
    let key = || amazon_pay_core::IdempotencyKey::parse("k").unwrap();
    let exceeded = Response::new(
        400,
        br#"{"reasonCode":"TransactionAmountExceeded","message":"too much"}"#.to_vec(),
    );
    let charge = model::ChargeId::from("S01-1-C1");
    let capture = CaptureCharge::new(charge.clone(), usd("10.00"), key());
    let advice = capture.decode(&exceeded).unwrap_err().advice();
    assert!(advice.contains("capture at most chargeAmount"), "{advice}");
    assert!(!advice.contains("check out again"), "{advice}");
    let refund = CreateRefund::new(charge, usd("10.00"), key());
    let advice = refund.decode(&exceeded).unwrap_err().advice();
    assert!(advice.contains("refund less"), "{advice}");
    let create = CreateCharge::new(
        model::ChargePermissionId::from("S01-1"),
        usd("10.00"),
        key(),
    );
    let advice = create.decode(&exceeded).unwrap_err().advice();
    assert!(advice.contains("check out again"), "{advice}");
}
