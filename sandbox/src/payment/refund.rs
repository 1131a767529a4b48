//! Refunds: created and read; settled later by a timer.

use amazon_pay_core::Timestamp;
use amazon_pay_core::lifecycle::rules::SoftDescriptorUse;
use amazon_pay_core::model;
use amazon_pay_core::model::RefundId;

use crate::answer::{Answer, SandboxRequest, error};
use crate::body::{check_body, read_body};
use crate::payment::missing;
use crate::payment::records::Later;
use crate::refusal::{check_soft_descriptor, refusal};
use crate::{REFUND_SETTLES_AFTER, Sandbox};

impl Sandbox {
    pub(crate) fn create_refund(&mut self, at: Timestamp, request: &SandboxRequest) -> Answer {
        let body: model::Refund = read_body(
            &request.body,
            &["chargeId", "refundAmount", "softDescriptor"],
        )?;
        check_body::<amazon_pay_core::operation::CreateRefundBody>(&request.body)?;
        check_soft_descriptor(
            body.soft_descriptor.as_deref(),
            SoftDescriptorUse::CreateRefund,
        )?;
        let charge = body
            .charge_id
            .ok_or_else(|| error(400, "MissingParameterValue", "chargeId is required"))?;
        let amount = body
            .refund_amount
            .ok_or_else(|| error(400, "MissingParameterValue", "refundAmount is required"))?;
        let permission = self.permission_of_charge(&charge)?;
        let n = self.fresh();
        let refund = RefundId::from(format!("{permission}-R{:07}", n % 10_000_000));
        let record = self
            .permissions
            .get_mut(&permission)
            .ok_or_else(|| missing("charge", &charge))?;
        record
            .ledger
            .refund(&charge, refund.clone(), amount, at)
            .map_err(|e| refusal(&e))?;
        if let Some(text) = body.soft_descriptor {
            record.refund_descriptors.insert(refund.clone(), text);
        }
        self.refunds.insert(refund.clone(), permission.clone());
        self.schedule(
            at,
            REFUND_SETTLES_AFTER,
            &permission,
            Later::Refund {
                refund: refund.clone(),
            },
        );
        self.refund_answer(201, &refund)
    }

    pub(crate) fn get_refund(&self, id: &RefundId, _at: Timestamp) -> Answer {
        self.refund_answer(200, id)
    }

    // ------------------------------------------------------------ trackers
}
