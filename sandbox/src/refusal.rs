//! The rule book's refusals in Amazon's words (spec §5.3, §6): the same
//! `LifecycleError` a merchant's ledger gives before sending becomes the
//! status and `reasonCode` Amazon answers with.

use amazon_pay_core::ValidationError;
use amazon_pay_core::lifecycle::rules::{self, SoftDescriptor, SoftDescriptorUse};
use amazon_pay_core::lifecycle::{LifecycleError, ObjectKind, RuleViolation};
use amazon_pay_core::operation::Response;

use crate::answer::error;

/// Amazon's answer to a request the rule book refuses.
pub(crate) fn refusal(failure: &LifecycleError) -> Response {
    let message = failure.to_string();
    let (status, code) = match failure {
        LifecycleError::IllegalTransition(e) => (422, state_code(e.state.kind())),
        LifecycleError::OperationNotAllowed(e) => (422, state_code(e.state.kind())),
        LifecycleError::Expired(e) => (422, state_code(e.object)),
        LifecycleError::TooEarly { object, .. } => (422, state_code(*object)),
        LifecycleError::Rule(rule) => rule_code(rule),
        LifecycleError::ImpossibleObservation { from, .. } => (422, state_code(from.kind())),
        LifecycleError::ReportBreaksRule { violation, .. } => rule_code(violation),
        LifecycleError::MismatchedReport { .. } => (400, "InvalidParameterValue"),
        LifecycleError::UnknownObject { .. } => (404, "ResourceNotFound"),
        LifecycleError::Money(_) => (400, "InvalidParameterValue"),
        _ => (500, "InternalServerError"),
    };
    error(status, code, message)
}

/// The "not in this state" code of each object.
fn state_code(object: ObjectKind) -> &'static str {
    match object {
        ObjectKind::CheckoutSession => "InvalidCheckoutSessionStatus",
        ObjectKind::ChargePermission => "InvalidChargePermissionStatus",
        _ => "InvalidChargeStatus",
    }
}

fn rule_code(rule: &RuleViolation) -> (u16, &'static str) {
    match rule {
        RuleViolation::CurrencyMismatch { .. } | RuleViolation::CurrencyNotInRegion { .. } => {
            (400, "CurrencyMismatch")
        }
        RuleViolation::AmountMismatch { .. } => (400, "AmountMismatch"),
        RuleViolation::ChargeCountExceeded { .. } => (422, "TransactionCountExceeded"),
        RuleViolation::MonthlyLimitExceeded { .. } => (400, "PeriodicAmountExceeded"),
        RuleViolation::NotPositive { .. } | RuleViolation::SoftDescriptorNotAllowed { .. } => {
            (400, "InvalidParameterValue")
        }
        RuleViolation::OneCaptureUnderV1 => (422, "InvalidChargeStatus"),
        // Capture above the authorization, refund above the allowance,
        // above the transaction maximum, the amount limit or the balance.
        _ => (400, "TransactionAmountExceeded"),
    }
}

/// Amazon's answer to a request value the core's validation refuses (the
/// same check a merchant's typed operation makes before sending): 400
/// `InvalidParameterValue`, `MissingParameterValue` for an empty value,
/// `TransactionAmountExceeded` for an amount above the per-transaction
/// maximum.
pub(crate) fn invalid(failure: &ValidationError) -> Response {
    let code = match failure.rule() {
        amazon_pay_core::Rule::Empty | amazon_pay_core::Rule::Missing => "MissingParameterValue",
        // Above the per-transaction maximum: Amazon's code for amounts over
        // a limit (spec §5.3).
        amazon_pay_core::Rule::AboveTransactionMaximum { .. } => "TransactionAmountExceeded",
        _ => "InvalidParameterValue",
    };
    error(400, code, failure.to_string())
}

/// A request's `softDescriptor`, checked by the core's own rules: its form
/// (at most 16 characters, spec §7.1) and whether this call may carry one.
pub(crate) fn check_soft_descriptor(
    text: Option<&str>,
    place: SoftDescriptorUse<'_>,
) -> Result<(), Response> {
    let Some(text) = text else {
        return Ok(());
    };
    SoftDescriptor::parse(text).map_err(|e| invalid(&e))?;
    rules::check_soft_descriptor_use(place)
        .map_err(|violation| error(400, "InvalidParameterValue", violation.to_string()))
}
