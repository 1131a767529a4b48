//! The sandbox authenticates as Amazon's server must: every failure gets
//! Amazon's status and reasonCode, and nothing is acted on.

mod support;

use amazon_pay_core::model::CheckoutSessionId;
use amazon_pay_core::operation::{ApiError, ApiOperation, GetCheckoutSession, Response};
use amazon_pay_core::sign::{Algorithm, RequestView, Signer, canonical_request};
use amazon_pay_core::time::Duration;
use amazon_pay_core::{ApiVersion, Method, UnsignedRequest};
use amazon_pay_sandbox::SandboxRequest;
use support::{KEY_ID, Merchant};

fn get(m: &Merchant) -> UnsignedRequest {
    GetCheckoutSession::new(CheckoutSessionId::from("unknown"))
        .into_request(&m.config)
        .unwrap()
}

fn signed(m: &Merchant) -> SandboxRequest {
    let request = get(m)
        .sign(&m.config, &m.signer, m.now, &mut |b: &mut [u8]| b.fill(9))
        .unwrap();
    SandboxRequest::from_signed(&request)
}

fn refusal(answer: &Response) -> (u16, String, String) {
    let error = ApiError::from_response(answer);
    (
        error.status(),
        error.code().map(|c| c.to_string()).unwrap_or_default(),
        error.message().unwrap_or_default().to_owned(),
    )
}

fn set(request: &mut SandboxRequest, name: &str, value: &str) {
    for (n, v) in &mut request.headers {
        if n.eq_ignore_ascii_case(name) {
            *v = value.to_owned();
        }
    }
}

#[test]
fn a_good_signature_passes_with_both_algorithms_and_the_extended_date() {
    let mut m = Merchant::new();
    // Past authentication, the session is simply unknown.
    assert_eq!(m.send(&get(&m)).status(), 404);
    m.config = m.config.clone().with_algorithm(Algorithm::RsassaPss);
    assert_eq!(m.send(&get(&m)).status(), 404);
    m.config = m.config.clone().with_api_version(ApiVersion::V1);
    assert_eq!(m.send(&get(&m)).status(), 404);
}

#[test]
fn missing_and_empty_headers() {
    let mut m = Merchant::new();
    let mut request = signed(&m);
    request.headers.retain(|(n, _)| n != "authorization");
    assert_eq!(refusal(&m.send_raw(&request)).1, "MissingHeader");
    let mut request = signed(&m);
    request.headers.retain(|(n, _)| n != "x-amz-pay-region");
    let (status, code, message) = refusal(&m.send_raw(&request));
    assert_eq!((status, code.as_str()), (400, "MissingHeader"), "{message}");
    assert!(message.contains("x-amz-pay-region"), "{message}");
    let mut request = signed(&m);
    set(&mut request, "x-amz-pay-host", " ");
    assert_eq!(refusal(&m.send_raw(&request)).1, "MissingHeaderValue");
}

#[test]
fn a_tampered_request_quotes_the_string_the_server_signed() {
    let mut m = Merchant::new();
    let mut request = signed(&m);
    request.target = request.target.replace("unknown", "other");
    let (status, code, message) = refusal(&m.send_raw(&request));
    assert_eq!((status, code.as_str()), (403, "InvalidRequestSignature"));
    assert!(
        message.starts_with("Unable to verify signature, signing String [AMZN-PAY-RSASSA-PSS-V2\n"),
        "{message}"
    );
}

#[test]
fn unknown_key_ids_are_refused() {
    let mut m = Merchant::new();
    let mut request = signed(&m);
    let auth = request
        .headers
        .iter()
        .find(|(n, _)| n == "authorization")
        .unwrap()
        .1
        .clone();
    set(
        &mut request,
        "authorization",
        &auth.replace(KEY_ID, "SANDBOX-UNKNOWNKEY0000000000000"),
    );
    assert_eq!(refusal(&m.send_raw(&request)).0, 403);
    assert_eq!(refusal(&m.send_raw(&request)).1, "InvalidAuthentication");
}

#[test]
fn dates_in_the_future_or_too_old_are_refused() {
    let mut m = Merchant::new();
    let request = signed(&m);
    // The request was signed now; it arrives 16 minutes later.
    m.wait(16 * 60);
    let (status, code, message) = refusal(&m.send_raw(&request));
    assert_eq!((status, code.as_str()), (400, "InvalidHeaderValue"));
    assert!(message.contains("too old"), "{message}");
    // Signed with a clock 10 s ahead of the sandbox's.
    let ahead = m.now.checked_add(Duration::seconds(10)).unwrap();
    let signed = get(&m)
        .sign(&m.config, &m.signer, ahead, &mut |b: &mut [u8]| b.fill(9))
        .unwrap();
    let (status, code, message) = refusal(&m.send_raw(&SandboxRequest::from_signed(&signed)));
    assert_eq!((status, code.as_str()), (400, "InvalidHeaderValue"));
    assert!(message.contains("should not be in future"), "{message}");
    // Within the tolerance of 5 s it passes.
    let ahead = m.now.checked_add(Duration::seconds(5)).unwrap();
    let signed = get(&m)
        .sign(&m.config, &m.signer, ahead, &mut |b: &mut [u8]| b.fill(9))
        .unwrap();
    assert_eq!(
        m.send_raw(&SandboxRequest::from_signed(&signed)).status(),
        404
    );
}

#[test]
fn the_wrong_host_or_region_is_refused() {
    let mut m = Merchant::new();
    m.config = m.config.clone().with_host("pay-api.amazon.eu").unwrap();
    let (status, code, message) = refusal(&m.send(&get(&m)));
    assert_eq!((status, code.as_str()), (400, "InvalidHeaderValue"));
    assert!(message.contains("x-amz-pay-host"), "{message}");
    let mut m = Merchant::new();
    let eu = amazon_pay_core::Config::new(
        amazon_pay_core::Region::Eu,
        amazon_pay_core::PublicKeyId::parse(KEY_ID).unwrap(),
    );
    m.config = eu.with_host(m.sandbox.host()).unwrap();
    let (_, code, message) = refusal(&m.send(&get(&m)));
    assert_eq!(code, "InvalidHeaderValue");
    assert!(message.contains("x-amz-pay-region"), "{message}");
}

#[test]
fn a_duplicated_signed_header_is_refused() {
    let mut m = Merchant::new();
    let mut request = signed(&m);
    let date = "20991231T000000Z".to_owned();
    request.headers.push(("x-amz-pay-date".to_owned(), date));
    let (status, code, message) = refusal(&m.send_raw(&request));
    assert_eq!((status, code.as_str()), (400, "InvalidRequest"));
    assert!(message.contains("x-amz-pay-date"), "{message}");
}

/// A request whose signature is valid but covers only `accept`: the core's
/// lenient `verify_request` accepts it; the sandbox does not.
#[test]
fn a_signature_over_too_few_headers_is_refused() {
    let mut m = Merchant::new();
    let full = signed(&m);
    let path = full.path().to_owned();
    let view = RequestView {
        method: "GET",
        path: &path,
        query: &[],
        headers: &[("accept", "application/json")],
        body: b"",
    };
    let canonical = canonical_request(&view).unwrap();
    let algorithm = Algorithm::RsassaPssV2;
    let signature = m
        .signer
        .sign(
            algorithm,
            canonical.string_to_sign(algorithm).as_bytes(),
            &mut |b: &mut [u8]| b.fill(1),
        )
        .unwrap();
    let authorization = format!(
        "{algorithm} PublicKeyId={KEY_ID}, SignedHeaders=accept, Signature={}",
        signature.to_base64()
    );
    let mut request = full.clone();
    set(&mut request, "authorization", &authorization);
    let (status, code, message) = refusal(&m.send_raw(&request));
    assert_eq!((status, code.as_str()), (403, "InvalidRequestSignature"));
    assert!(message.contains("SignedHeaders must include"), "{message}");
    let _ = Method::Get;
}

/// What the official Node SDK sends: `user-agent` signed, the extended
/// date, and `SignedHeaders` keeping the caller's spelling of a header name.
#[test]
fn requests_signed_the_node_sdks_way_are_accepted() {
    use amazon_pay_core::sign::string_to_sign;
    let mut m = Merchant::new();
    let date = m.now.extended().to_string();
    let host = m.sandbox.host().to_owned();
    let body = r#"{"chargeAmount":{"amount":"1.00","currencyCode":"USD"}}"#;
    let headers = [
        ("accept", "application/json"),
        ("content-type", "application/json"),
        (
            "user-agent",
            "amazon-pay-api-sdk-nodejs/2.3.4 (JS/v20.0.0; linux)",
        ),
        ("x-amz-pay-date", date.as_str()),
        ("x-amz-pay-host", host.as_str()),
        ("X-Amz-Pay-Idempotency-Key", "node-key-1"),
        ("x-amz-pay-region", "na"),
    ];
    let signed_headers: Vec<&str> = headers.iter().map(|(n, _)| *n).collect();
    let signed_headers = signed_headers.join(";");
    let mut canonical = "POST\n/v2/charges\n\n".to_owned();
    for (name, value) in headers {
        canonical.push_str(&format!("{}:{value}\n", name.to_ascii_lowercase()));
    }
    let digest = amazon_pay_core::sign::canonical_request(&RequestView {
        method: "POST",
        path: "/",
        query: &[],
        headers: &[],
        body: body.as_bytes(),
    })
    .unwrap();
    let body_hash = digest.as_str().rsplit('\n').next().unwrap().to_owned();
    canonical.push_str(&format!("\n{signed_headers}\n{body_hash}"));
    let algorithm = Algorithm::RsassaPssV2;
    let text = string_to_sign(algorithm, canonical.as_bytes());
    let signature = m
        .signer
        .sign(algorithm, text.as_bytes(), &mut |b: &mut [u8]| b.fill(5))
        .unwrap();
    let mut sent: Vec<(String, String)> = headers
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect();
    sent.push((
        "authorization".into(),
        format!(
            "{algorithm} PublicKeyId={KEY_ID}, SignedHeaders={signed_headers}, Signature={}",
            signature.to_base64()
        ),
    ));
    let request = SandboxRequest {
        method: "POST".into(),
        target: "/v2/charges".into(),
        headers: sent,
        body: body.as_bytes().to_vec(),
    };
    // Authenticated: the body is then judged (no chargePermissionId).
    let (status, code, message) = refusal(&m.send_raw(&request));
    assert_eq!(
        (status, code.as_str()),
        (400, "MissingParameterValue"),
        "{message}"
    );
}

/// A request signed for the listener's host without its default port
/// (`127.0.0.1` for `127.0.0.1:443`) is accepted, as Amazon's SDKs sign
/// `https://host/` without `:443`; another port is still refused.
#[test]
fn a_host_without_its_default_port_is_the_same_host() {
    for (served, signed, accepted) in [
        ("127.0.0.1:443", "127.0.0.1", true),
        ("127.0.0.1", "127.0.0.1:443", true),
        ("localhost:80", "LOCALHOST", true),
        ("127.0.0.1:443", "127.0.0.1:8443", false),
        ("127.0.0.1:8443", "127.0.0.1", false),
    ] {
        let mut m = support::Merchant::with_sandbox(
            amazon_pay_sandbox::Sandbox::new(amazon_pay_core::Region::Na).with_host(served),
        );
        m.config = amazon_pay_core::Config::new(
            amazon_pay_core::Region::Na,
            amazon_pay_core::PublicKeyId::parse(support::KEY_ID).unwrap(),
        )
        .with_host(signed)
        .unwrap();
        let get = amazon_pay_core::operation::GetCheckoutSession::new("no-such-session");
        let status = m.call(&get).map_or_else(|e| e.status(), |_| 200);
        // Accepted: authenticated, then 404 for the unknown session.
        assert_eq!(status == 404, accepted, "{served} vs {signed}: {status}");
    }
}
