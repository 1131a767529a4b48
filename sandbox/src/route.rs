//! Which operation a method and path name (spec §1.2, §5.1): v2 and v1
//! paths, with or without the `/live` / `/sandbox` segment.

use amazon_pay_core::Idempotency;
use amazon_pay_core::model::{ChargeId, ChargePermissionId, RefundId};
use amazon_pay_core::operation::{
    ApiOperation, CaptureCharge, CompleteCheckoutSession, CreateCharge, CreateCheckoutSession,
    CreateRefund, FinalizeCheckoutSession, Response,
};

use crate::answer::error;

/// An Amazon Pay operation and its path parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Route {
    CreateCheckoutSession,
    GetCheckoutSession(String),
    UpdateCheckoutSession(String),
    CompleteCheckoutSession(String),
    FinalizeCheckoutSession(String),
    GetChargePermission(ChargePermissionId),
    UpdateChargePermission(ChargePermissionId),
    CloseChargePermission(ChargePermissionId),
    CreateCharge,
    GetCharge(ChargeId),
    UpdateCharge(ChargeId),
    CaptureCharge(ChargeId),
    CancelCharge(ChargeId),
    CreateRefund,
    GetRefund(RefundId),
    CreateDeliveryTracker,
    GetBuyer(String),
}

impl Route {
    /// The operation `method` `path` names; 404 `ResourceNotFound` for a
    /// path Amazon does not serve, 405 for a method it does not take there.
    pub(crate) fn parse(method: &str, path: &str) -> Result<Route, Response> {
        let not_found = || error(404, "ResourceNotFound", format!("No resource at {path:?}"));
        let rest = path
            .strip_prefix("/live")
            .or_else(|| path.strip_prefix("/sandbox"))
            .unwrap_or(path);
        let rest = rest
            .strip_prefix("/v2/")
            .or_else(|| rest.strip_prefix("/v1/"))
            .ok_or_else(not_found)?;
        let parts: Vec<&str> = rest.split('/').collect();
        let id = |i: usize| {
            parts
                .get(i)
                .filter(|p| !p.is_empty())
                .map(|p| (*p).to_owned())
        };
        let route = match (method, parts.as_slice()) {
            ("POST", ["checkoutSessions"]) => Route::CreateCheckoutSession,
            ("GET", ["checkoutSessions", _]) => {
                Route::GetCheckoutSession(id(1).ok_or_else(not_found)?)
            }
            ("PATCH", ["checkoutSessions", _]) => {
                Route::UpdateCheckoutSession(id(1).ok_or_else(not_found)?)
            }
            ("POST", ["checkoutSessions", _, "complete"]) => {
                Route::CompleteCheckoutSession(id(1).ok_or_else(not_found)?)
            }
            ("POST", ["checkoutSessions", _, "finalize"]) => {
                Route::FinalizeCheckoutSession(id(1).ok_or_else(not_found)?)
            }
            ("GET", ["chargePermissions", _]) => {
                Route::GetChargePermission(ChargePermissionId::from(id(1).ok_or_else(not_found)?))
            }
            ("PATCH", ["chargePermissions", _]) => Route::UpdateChargePermission(
                ChargePermissionId::from(id(1).ok_or_else(not_found)?),
            ),
            ("DELETE", ["chargePermissions", _, "close"]) => {
                Route::CloseChargePermission(ChargePermissionId::from(id(1).ok_or_else(not_found)?))
            }
            ("POST", ["charges"]) => Route::CreateCharge,
            ("GET", ["charges", _]) => {
                Route::GetCharge(ChargeId::from(id(1).ok_or_else(not_found)?))
            }
            ("PATCH", ["charges", _]) => {
                Route::UpdateCharge(ChargeId::from(id(1).ok_or_else(not_found)?))
            }
            ("POST", ["charges", _, "capture"]) => {
                Route::CaptureCharge(ChargeId::from(id(1).ok_or_else(not_found)?))
            }
            ("DELETE", ["charges", _, "cancel"]) => {
                Route::CancelCharge(ChargeId::from(id(1).ok_or_else(not_found)?))
            }
            ("POST", ["refunds"]) => Route::CreateRefund,
            ("GET", ["refunds", _]) => {
                Route::GetRefund(RefundId::from(id(1).ok_or_else(not_found)?))
            }
            ("GET", ["buyers", _]) => Route::GetBuyer(id(1).ok_or_else(not_found)?),
            ("POST", ["deliveryTrackers"]) => Route::CreateDeliveryTracker,
            (
                _,
                [
                    "checkoutSessions" | "chargePermissions" | "charges" | "refunds" | "buyers"
                    | "deliveryTrackers",
                    ..,
                ],
            ) => {
                return Err(error(
                    405,
                    "RequestNotSupported",
                    format!("{method} is not supported on {path:?}"),
                ));
            }
            _ => return Err(not_found()),
        };
        Ok(route)
    }

    /// Whether API path version v1 has the call — the core's table decides.
    pub(crate) fn in_v1(&self) -> bool {
        match self {
            Route::CompleteCheckoutSession(_) => CompleteCheckoutSession::SPEC.in_v1,
            Route::FinalizeCheckoutSession(_) => FinalizeCheckoutSession::SPEC.in_v1,
            _ => true,
        }
    }

    /// Whether the call creates or moves money, so that Amazon requires an
    /// idempotency key — the core's table decides.
    pub(crate) fn requires_idempotency_key(&self) -> bool {
        let idempotency = match self {
            Route::CreateCheckoutSession => CreateCheckoutSession::SPEC.idempotency,
            Route::CreateCharge => CreateCharge::SPEC.idempotency,
            Route::CaptureCharge(_) => CaptureCharge::SPEC.idempotency,
            Route::CreateRefund => CreateRefund::SPEC.idempotency,
            _ => Idempotency::None,
        };
        idempotency == Idempotency::Required
    }
}
