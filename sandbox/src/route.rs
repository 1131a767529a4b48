//! Which operation a method and path name (spec §1.2, §5.1): v2 and v1
//! paths, with or without the `/live` / `/sandbox` segment. The core's table
//! of calls ([`Operation::route`]) decides; only the Checkout family is
//! simulated.

use amazon_pay_core::operation::Response;
use amazon_pay_core::{ApiVersion, Family, Method, Operation};

use crate::answer::error;

/// A simulated Amazon Pay operation and its path id (empty when the path
/// has none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Route {
    pub(crate) operation: Operation,
    pub(crate) id: String,
}

impl Route {
    /// The operation `method` `path` names; 404 `ResourceNotFound` for a
    /// path Amazon does not serve (or the sandbox does not simulate), 405
    /// for a method Amazon does not take there.
    pub(crate) fn parse(method: &str, path: &str) -> Result<Route, Response> {
        let not_found = || error(404, "ResourceNotFound", format!("No resource at {path:?}"));
        let rest = path
            .strip_prefix("/live")
            .or_else(|| path.strip_prefix("/sandbox"))
            .unwrap_or(path);
        let rest = rest
            .strip_prefix("/v2")
            .or_else(|| rest.strip_prefix("/v1"))
            .filter(|rest| rest.starts_with('/'))
            .ok_or_else(not_found)?;
        let simulated = |operation: &Operation| operation.family() == Family::Checkout;
        if let Some((operation, ids)) = http_method(method).and_then(|m| Operation::route(m, rest))
            && simulated(&operation)
        {
            let id = ids.first().map(|id| (*id).to_owned()).unwrap_or_default();
            return Ok(Route { operation, id });
        }
        let other_method = Operation::ALL
            .iter()
            .filter(|operation| simulated(operation))
            .any(|operation| operation.spec().match_path(rest).is_some());
        if other_method {
            return Err(error(
                405,
                "RequestNotSupported",
                format!("{method} is not supported on {path:?}"),
            ));
        }
        Err(not_found())
    }

    /// Whether API path version v1 has the call — the core's table decides.
    pub(crate) fn in_v1(&self) -> bool {
        self.operation.spec().in_v1
    }

    /// Whether Amazon requires an idempotency key: the call creates or
    /// moves money, or (v1) it is a POST — the core's table decides.
    pub(crate) fn requires_idempotency_key(&self, version: ApiVersion) -> bool {
        self.operation.spec().needs_idempotency_key(version)
    }
}

/// The method of the table named `name` (exact upper case, as sent).
fn http_method(name: &str) -> Option<Method> {
    [Method::Get, Method::Post, Method::Patch, Method::Delete]
        .into_iter()
        .find(|method| method.as_str() == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(method: &str, path: &str) -> u16 {
        Route::parse(method, path).map_or_else(|e| e.status(), |_| 200)
    }

    #[test]
    fn the_table_routes_checkout_calls_and_refuses_the_rest() {
        let route = Route::parse("POST", "/sandbox/v2/charges/S01-1-C1/capture").unwrap();
        assert_eq!(route.operation, Operation::CaptureCharge);
        assert_eq!(route.id, "S01-1-C1");
        assert!(route.requires_idempotency_key(ApiVersion::V2));
        // Create Delivery Tracker: a key under v1 (every POST), not under v2.
        let tracker = Route::parse("POST", "/v1/deliveryTrackers").unwrap();
        assert!(tracker.requires_idempotency_key(ApiVersion::V1));
        assert!(!tracker.requires_idempotency_key(ApiVersion::V2));
        let route = Route::parse("POST", "/v1/checkoutSessions").unwrap();
        assert_eq!(
            (route.operation, route.id.as_str()),
            (Operation::CreateCheckoutSession, "")
        );
        assert!(
            !Route::parse("POST", "/v2/checkoutSessions/a/complete")
                .unwrap()
                .in_v1()
        );
        // A method Amazon does not take on a known path, and unknown paths.
        assert_eq!(status("PUT", "/v2/charges/c"), 405);
        assert_eq!(status("DELETE", "/v2/refunds"), 405);
        assert_eq!(status("GET", "/v2/nothing"), 404);
        assert_eq!(status("GET", "/v3/charges/c"), 404);
        assert_eq!(status("GET", "/v2charges/c"), 404);
        assert_eq!(status("GET", "/v2/charges/"), 404);
        // The other families exist in the table but are not simulated.
        assert_eq!(status("GET", "/v2/reports"), 404);
    }
}
