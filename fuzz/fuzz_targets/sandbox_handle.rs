//! Sequences of arbitrary requests against one sandbox: raw requests through
//! the full `handle` (authentication included), and requests on the known
//! routes with the ids the sandbox handed out through `handle_trusted`, with
//! arbitrary bodies, keys, simulation codes and clock moves. Every answer is
//! Amazon-shaped — a status in 200..=599, and for an error a JSON body with
//! `reasonCode` and `message` — and nothing panics.
#![no_main]

use amazon_pay_core::time::Duration;
use amazon_pay_core::{Region, Timestamp};
use amazon_pay_sandbox::{Sandbox, SandboxRequest, TestPaymentMethod};
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
enum Step {
    Raw {
        method: String,
        target: String,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    Known {
        route: u8,
        id: u8,
        body: Body,
        key: Option<u8>,
        simulation: Option<u8>,
    },
    Buyer {
        id: u8,
        card: u8,
        cancel: bool,
    },
    Wait(u16),
}

#[derive(Debug, Arbitrary)]
enum Body {
    Bytes(Vec<u8>),
    Price { field: u8, amount: String, currency: u8 },
    Session { amount: String, intent: u8, pending: bool },
}

const ROUTES: [(&str, &str, &str); 18] = [
    ("POST", "/v2/checkoutSessions", ""),
    ("GET", "/v2/checkoutSessions/", "s"),
    ("PATCH", "/v2/checkoutSessions/", "s"),
    ("POST", "/v2/checkoutSessions/", "s/complete"),
    ("GET", "/v2/chargePermissions/", "p"),
    ("PATCH", "/v2/chargePermissions/", "p"),
    ("DELETE", "/v2/chargePermissions/", "p/close"),
    ("POST", "/v2/charges", ""),
    ("GET", "/v2/charges/", "c"),
    ("POST", "/v2/charges/", "c/capture"),
    ("DELETE", "/v2/charges/", "c/cancel"),
    ("POST", "/v2/refunds", ""),
    ("GET", "/v2/refunds/", "r"),
    ("POST", "/v2/deliveryTrackers", ""),
    ("POST", "/v1/checkoutSessions/", "s/finalize"),
    // v1 spellings in and out, and a key on every v1 POST.
    ("POST", "/v1/checkoutSessions", ""),
    ("GET", "/v1/charges/", "c"),
    ("POST", "/v1/deliveryTrackers", ""),
];
const SIMULATIONS: [&str; 8] = [
    "BuyerCanceled", "Declined", "AuthorizationInitiated", "SoftDeclined", "HardDeclined",
    "CaptureInitiated", "AmazonRejected", "AmazonClosed",
];
const FIELDS: [&str; 6] = ["chargeAmount", "captureAmount", "refundAmount", "chargeId", "chargePermissionId", "closureReason"];
const CURRENCIES: [&str; 4] = ["USD", "EUR", "JPY", "XXX"];

#[derive(Default)]
struct Ids {
    s: Vec<String>,
    p: Vec<String>,
    c: Vec<String>,
    r: Vec<String>,
}

impl Ids {
    fn learn(&mut self, body: &[u8]) {
        let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else { return };
        for (field, list) in [
            ("checkoutSessionId", &mut self.s),
            ("chargePermissionId", &mut self.p),
            ("chargeId", &mut self.c),
            ("refundId", &mut self.r),
        ] {
            if let Some(id) = value.get(field).and_then(|v| v.as_str())
                && !list.iter().any(|known| known == id)
            {
                list.push(id.to_owned());
            }
        }
    }

    fn pick(&self, kind: &str, n: u8) -> String {
        let list = match kind {
            "s" => &self.s,
            "p" => &self.p,
            "c" => &self.c,
            _ => &self.r,
        };
        match list.len() {
            0 => format!("unknown-{n}"),
            len => list[usize::from(n) % len].clone(),
        }
    }
}

fn body(body: Body, ids: &Ids, id: u8) -> Vec<u8> {
    match body {
        Body::Bytes(bytes) => bytes,
        Body::Price { field, amount, currency } => {
            let field = FIELDS[usize::from(field) % FIELDS.len()];
            let currency = CURRENCIES[usize::from(currency) % CURRENCIES.len()];
            serde_json::json!({
                field: {"amount": amount, "currencyCode": currency},
                "chargeId": ids.pick("c", id),
                "chargePermissionId": ids.pick("p", id),
            })
            .to_string()
            .into_bytes()
        }
        Body::Session { amount, intent, pending } => {
            let intent = ["Authorize", "Confirm", "AuthorizeWithCapture", "Bogus"][usize::from(intent) % 4];
            serde_json::json!({
                "storeId": "store",
                "webCheckoutDetails": {"checkoutReviewReturnUrl": "https://r", "checkoutResultReturnUrl": "https://x"},
                "paymentDetails": {"paymentIntent": intent, "chargeAmount": {"amount": amount, "currencyCode": "USD"}, "canHandlePendingAuthorization": pending},
            })
            .to_string()
            .into_bytes()
        }
    }
}

fn check(answer: &amazon_pay_core::operation::Response) {
    let status = answer.status();
    assert!((200..=599).contains(&status), "status {status}");
    if status >= 400 {
        let value: serde_json::Value = serde_json::from_slice(answer.body()).expect("an error body is JSON");
        assert!(value.get("reasonCode").and_then(|v| v.as_str()).is_some(), "{value}");
        assert!(value.get("message").and_then(|v| v.as_str()).is_some(), "{value}");
    }
}

fuzz_target!(|steps: Vec<Step>| {
    let mut sandbox = Sandbox::new(Region::Na);
    let mut now = Timestamp::from_unix_seconds(1_795_000_000).unwrap();
    let mut ids = Ids::default();
    for step in steps.into_iter().take(24) {
        match step {
            Step::Raw { method, target, headers, body } => {
                let request = SandboxRequest { method, target, headers, body };
                check(&sandbox.handle(now, &request));
            }
            Step::Known { route, id, body: content, key, simulation } => {
                let (method, prefix, suffix) = ROUTES[usize::from(route) % ROUTES.len()];
                let path = match suffix.split_once('/') {
                    Some((kind, rest)) => format!("{prefix}{}/{rest}", ids.pick(kind, id)),
                    None if suffix.is_empty() => prefix.to_owned(),
                    None => format!("{prefix}{}", ids.pick(suffix, id)),
                };
                let mut headers = Vec::new();
                if let Some(key) = key {
                    headers.push(("x-amz-pay-idempotency-key".to_owned(), format!("key-{key}")));
                }
                if let Some(code) = simulation {
                    let code = SIMULATIONS[usize::from(code) % SIMULATIONS.len()];
                    headers.push(("x-amz-pay-simulation-code".to_owned(), code.to_owned()));
                }
                let request = SandboxRequest {
                    method: method.to_owned(),
                    target: path,
                    headers,
                    body: body(content, &ids, id),
                };
                let answer = sandbox.handle_trusted(now, "fuzz", &request);
                check(&answer);
                ids.learn(answer.body());
            }
            Step::Buyer { id, card, cancel } => {
                let session = ids.pick("s", id);
                let method = TestPaymentMethod::ALL[usize::from(card) % TestPaymentMethod::ALL.len()];
                let _ = if cancel {
                    sandbox.buyer_cancels(now, &session)
                } else {
                    sandbox.buyer_approves(now, &session, method)
                };
            }
            Step::Wait(seconds) => {
                now = now.checked_add(Duration::seconds(i64::from(seconds) * 60)).unwrap_or(now);
            }
        }
    }
});
