//! Outside Amazon's paths, under `/__sandbox/`: the buyer's page (what
//! Amazon's hosted checkout page does) and the admin namespace (reset,
//! keys, clock, state). Not authenticated: the server listens on loopback.
//!
//! | Request | Effect |
//! |---|---|
//! | `GET /__sandbox/` | the dashboard: objects and their states over time, the last requests, the IPNs sent, the clock (with a form to advance it) |
//! | `GET /__sandbox/buyer/{sessionId}` | the buyer's page: the test payment methods, each a link |
//! | `GET /__sandbox/buyer/{sessionId}/approve?card=1111` | the buyer pays with that card: 302 to the result URL with `amazonCheckoutSessionId` |
//! | `GET /__sandbox/buyer/{sessionId}/cancel` | the buyer cancels: 302 to the cancel URL |
//! | `PUT /__sandbox/keys/{publicKeyId}` (body: public key PEM) | accept that key |
//! | `GET /__sandbox/clock` | `{"now": …, "offsetSeconds": …}` |
//! | `POST /__sandbox/clock?advanceSeconds=N` | move the clock and fire what falls due (also as a form body; a form is answered with 303 to the dashboard) |
//! | `GET /__sandbox/state` | how many objects are held |
//! | `PUT /__sandbox/faults` (body: a [`FaultPlan`] as JSON), `GET`, `DELETE` | set, read or clear the fault plan |
//! | `POST /__sandbox/reset` | forget every object (keys stay) |
//! | `GET /__sandbox/sns/signing.pem` | the IPN signing certificate (when IPNs are on) |

use amazon_pay_core::Timestamp;
use amazon_pay_core::operation::Response;
use amazon_pay_core::sign::PublicKey;
use amazon_pay_core::time::Duration;
use serde_json::json;

use super::html::escape;
use crate::answer::{SandboxRequest, error, json_answer};
use crate::{FaultPlan, Sandbox, TestPaymentMethod};

/// The prefix of everything that is not Amazon's API.
pub const ADMIN_PREFIX: &str = "/__sandbox/";

/// The answer to an admin or buyer request; `None` for Amazon's paths.
pub(crate) fn handle(
    sandbox: &mut Sandbox,
    now: Timestamp,
    request: &SandboxRequest,
) -> Option<Response> {
    let rest = request.path().strip_prefix(ADMIN_PREFIX)?;
    let parts: Vec<&str> = rest.split('/').collect();
    let query = request.target.split_once('?').map_or("", |(_, q)| q);
    let answer = match (request.method.as_str(), parts.as_slice()) {
        ("GET", [""]) => super::dashboard::page(sandbox, now),
        ("GET", ["buyer", id]) => buyer_page(sandbox, id),
        ("GET", ["buyer", id, "approve"]) => {
            let card = param(query, "card").unwrap_or_default();
            match TestPaymentMethod::from_last_digits(&card) {
                Some(method) => redirect(sandbox.buyer_approves(now, id, method)),
                None => error(
                    400,
                    "InvalidParameterValue",
                    format!("No test card ending in {card:?}"),
                ),
            }
        }
        ("GET", ["buyer", id, "cancel"]) => redirect(sandbox.buyer_cancels(now, id)),
        ("PUT" | "POST", ["keys", id]) => match std::str::from_utf8(&request.body)
            .ok()
            .and_then(|pem| PublicKey::from_pem(pem).ok())
        {
            Some(key) => {
                sandbox.register_key(id, key);
                json_answer(200, &json!({ "publicKeyId": id }))
            }
            None => error(
                400,
                "InvalidParameterValue",
                "The body must be an RSA public key in PEM",
            ),
        },
        ("GET", ["faults"]) => json_answer(200, &sandbox.fault_plan().copied().unwrap_or_default()),
        ("PUT" | "POST", ["faults"]) => match serde_json::from_slice::<FaultPlan>(&request.body) {
            Ok(plan) => {
                sandbox.set_fault_plan(Some(plan));
                json_answer(200, &plan)
            }
            Err(e) => error(
                400,
                "InvalidParameterValue",
                format!("Not a fault plan: {e}"),
            ),
        },
        ("DELETE", ["faults"]) => {
            sandbox.set_fault_plan(None);
            json_answer(200, &FaultPlan::default())
        }
        ("GET", ["clock"]) => clock(sandbox, now),
        ("GET", ["sns", "signing.pem"]) => match sandbox.ipn_signer() {
            Some(signer) => Response::new(200, signer.certificate_pem().as_bytes().to_vec())
                .with_header("content-type", "application/x-pem-file"),
            None => error(404, "ResourceNotFound", "IPNs are off in this sandbox"),
        },
        ("POST", ["clock"]) => {
            // From the dashboard's form: the value in the body, and the
            // answer a redirect back to the page.
            let form = request
                .header("content-type")
                .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"));
            let body = std::str::from_utf8(&request.body).unwrap_or_default();
            let value = param(query, "advanceSeconds").or_else(|| param(body, "advanceSeconds"));
            match value.and_then(|s| s.trim().parse::<i64>().ok()) {
                Some(seconds) if seconds >= 0 => {
                    sandbox.advance(now, Duration::seconds(seconds));
                    if form {
                        Response::new(303, Vec::new()).with_header("location", ADMIN_PREFIX)
                    } else {
                        clock(sandbox, now)
                    }
                }
                _ => error(
                    400,
                    "InvalidParameterValue",
                    "advanceSeconds must be a whole number of seconds, 0 or more",
                ),
            }
        }
        ("GET", ["state"]) => {
            let counts = sandbox.counts();
            json_answer(
                200,
                &json!({
                    "checkoutSessions": counts.sessions,
                    "chargePermissions": counts.charge_permissions,
                    "charges": counts.charges,
                    "refunds": counts.refunds,
                    "deliveryTrackers": counts.delivery_trackers,
                    "storedAnswers": counts.stored_answers,
                }),
            )
        }
        ("POST", ["reset"]) => {
            sandbox.reset();
            json_answer(200, &json!({ "reset": true }))
        }
        _ => error(
            404,
            "ResourceNotFound",
            format!("No sandbox resource at {:?}", request.path()),
        ),
    };
    Some(answer)
}

fn clock(sandbox: &Sandbox, now: Timestamp) -> Response {
    json_answer(
        200,
        &json!({
            "now": sandbox.clock(now).to_string(),
            "offsetSeconds": sandbox.offset().whole_seconds(),
        }),
    )
}

fn redirect(result: Result<String, crate::BuyerError>) -> Response {
    match result {
        Ok(url) => Response::new(302, Vec::new()).with_header("location", url),
        Err(e) => error(409, "InvalidCheckoutSessionStatus", e.to_string()),
    }
}

/// The first value of query parameter `name`, percent-decoding not needed
/// for its values (digits, numbers).
fn param(query: &str, name: &str) -> Option<String> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.to_owned())
}

/// The buyer's page: the session's amount and a link per test method.
fn buyer_page(sandbox: &Sandbox, id: &str) -> Response {
    let Some(summary) = sandbox.buyer_summary(id) else {
        return error(
            404,
            "ResourceNotFound",
            format!("No checkout session {id:?}"),
        );
    };
    let id = escape(id);
    let mut items = String::new();
    for method in TestPaymentMethod::ALL {
        items.push_str(&format!(
            "<li><a id=\"card-{digits}\" href=\"/__sandbox/buyer/{id}/approve?card={digits}\">{label}</a></li>\n",
            digits = method.last_digits(),
            label = escape(&method.to_string()),
        ));
    }
    let html = format!(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Amazon Pay sandbox</title><link rel=\"icon\" href=\"data:,\"></head>\n<body>\n<h1>Amazon Pay sandbox checkout</h1>\n<p id=\"summary\">{summary}</p>\n<ul>\n{items}</ul>\n<p><a id=\"cancel\" href=\"/__sandbox/buyer/{id}/cancel\">Cancel and return to the shop</a></p>\n</body></html>\n",
        summary = escape(&summary),
    );
    Response::new(200, html.into_bytes()).with_header("content-type", "text/html; charset=utf-8")
}
