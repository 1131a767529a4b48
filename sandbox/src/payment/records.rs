//! What the sandbox keeps of each permission, and the timers of changes
//! Amazon makes later by itself. Plain data: nothing here acts.

use std::collections::BTreeMap;

use amazon_pay_core::Timestamp;
use amazon_pay_core::lifecycle::Ledger;
use amazon_pay_core::model::{
    Charge, ChargeId, ChargePermission, ChargePermissionId, ChargePermissionReason,
    ChargePermissionReasonCode, ChargePermissionState, ChargePermissionStatusDetails, RefundId,
};

use crate::simulation::TestPaymentMethod;

/// A permission: the rule book's ledger, the buyer's payment method, the
/// merchant's data — the permission's, and what each charge and refund
/// request carried that Amazon echoes (`softDescriptor`, `merchantMetadata`,
/// `captureNow` …).
#[derive(Debug, Clone)]
pub(crate) struct PermissionRecord {
    pub(crate) ledger: Ledger,
    pub(crate) method: TestPaymentMethod,
    pub(crate) data: ChargePermission,
    pub(crate) charge_data: BTreeMap<ChargeId, Charge>,
    pub(crate) refund_descriptors: BTreeMap<RefundId, String>,
}

/// A change Amazon makes later by itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Timer {
    pub(crate) at: Timestamp,
    pub(crate) permission: ChargePermissionId,
    pub(crate) event: Later,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Later {
    /// A pending authorization ends: authorized, or declined (`HardDeclined`).
    Authorization { charge: ChargeId, approved: bool },
    /// A `CaptureInitiated` charge ends: captured, or declined (`AmazonRejected`).
    Capture { charge: ChargeId, approved: bool },
    /// A refund is processed.
    Refund { refund: RefundId },
}

/// A permission's `statusDetails`.
pub(crate) fn permission_status(
    state: ChargePermissionState,
    reasons: &[ChargePermissionReasonCode],
    at: Timestamp,
) -> ChargePermissionStatusDetails {
    let mut status = ChargePermissionStatusDetails::default();
    status.state = Some(state);
    status.reasons = Some(
        reasons
            .iter()
            .map(|code| {
                let mut reason = ChargePermissionReason::default();
                reason.reason_code = Some(code.clone());
                reason
            })
            .collect(),
    );
    status.last_updated_timestamp = Some(at);
    status
}
