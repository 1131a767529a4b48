//! Delivery Trackers.

use amazon_pay_core::model::DeliveryTracker;

use crate::Sandbox;
use crate::answer::{Answer, SandboxRequest, error, json_answer};
use crate::body::read_body;

impl Sandbox {
    pub(crate) fn create_tracker(&mut self, request: &SandboxRequest) -> Answer {
        let body: DeliveryTracker = read_body(
            &request.body,
            &[
                "chargePermissionId",
                "amazonOrderReferenceId",
                "deliveryDetails",
            ],
        )?;
        match (&body.charge_permission_id, &body.amazon_order_reference_id) {
            (Some(id), None) if self.permissions.contains_key(id) => {}
            (Some(id), None) => {
                return Err(error(
                    400,
                    "InvalidParameterValue",
                    format!("chargePermissionId {id} is not valid"),
                ));
            }
            _ => {
                return Err(error(
                    400,
                    "InvalidParameterValue",
                    "Give exactly one of chargePermissionId and amazonOrderReferenceId (the sandbox knows only charge permissions)",
                ));
            }
        }
        let details = body.delivery_details.as_deref().unwrap_or_default();
        let complete = !details.is_empty()
            && details.iter().all(|d| {
                d.tracking_number.as_deref().is_some_and(|t| !t.is_empty())
                    && d.carrier_code.as_deref().is_some_and(|c| !c.is_empty())
            });
        if !complete {
            return Err(error(
                400,
                "InvalidParameterValue",
                "deliveryDetails needs at least one trackingNumber with its carrierCode",
            ));
        }
        self.trackers += 1;
        Ok(json_answer(200, &body))
    }

    // ------------------------------------------------------------ the clock
}
