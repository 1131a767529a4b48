//! Amazon's sandbox simulations (spec §13): the test payment methods a buyer
//! chooses, and the `x-amz-pay-simulation-code` header.

use std::fmt;

use amazon_pay_core::operation::Response;

use crate::answer::error;

/// A test payment method of the sandbox buyer's wallet, chosen by its card's
/// last digits (spec §13.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TestPaymentMethod {
    /// 1111, 0005, 4444, 9424 or 0000: every authorization succeeds.
    Success(&'static str),
    /// 3064: the session is canceled (`BuyerCanceled`) when the buyer returns.
    BuyerCanceled,
    /// 3434: the session is canceled (`Declined`) when the buyer returns.
    Declined,
    /// 0701: the authorization is pending, then `Authorized` 30 s later
    /// (needs `paymentIntent` Authorize and `canHandlePendingAuthorization`).
    PendingThenAuthorized,
    /// 4354: the authorization is pending, then `Declined` (`HardDeclined`)
    /// 30 s later (same prerequisite).
    PendingThenDeclined,
}

impl TestPaymentMethod {
    /// Every test payment method, as the buyer page lists them.
    pub const ALL: [TestPaymentMethod; 9] = [
        TestPaymentMethod::Success("1111"),
        TestPaymentMethod::Success("0005"),
        TestPaymentMethod::Success("4444"),
        TestPaymentMethod::Success("9424"),
        TestPaymentMethod::Success("0000"),
        TestPaymentMethod::BuyerCanceled,
        TestPaymentMethod::Declined,
        TestPaymentMethod::PendingThenAuthorized,
        TestPaymentMethod::PendingThenDeclined,
    ];

    /// The method whose card ends in `last_digits`.
    pub fn from_last_digits(last_digits: &str) -> Option<TestPaymentMethod> {
        TestPaymentMethod::ALL
            .into_iter()
            .find(|method| method.last_digits() == last_digits)
    }

    /// The card's last four digits.
    pub fn last_digits(self) -> &'static str {
        match self {
            TestPaymentMethod::Success(digits) => digits,
            TestPaymentMethod::BuyerCanceled => "3064",
            TestPaymentMethod::Declined => "3434",
            TestPaymentMethod::PendingThenAuthorized => "0701",
            TestPaymentMethod::PendingThenDeclined => "4354",
        }
    }

    /// Whether authorizations with it start pending.
    pub fn is_pending(self) -> bool {
        matches!(
            self,
            TestPaymentMethod::PendingThenAuthorized | TestPaymentMethod::PendingThenDeclined
        )
    }
}

impl fmt::Display for TestPaymentMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let outcome = match self {
            TestPaymentMethod::Success(_) => "authorizations succeed",
            TestPaymentMethod::BuyerCanceled => "buyer cancels",
            TestPaymentMethod::Declined => "declined",
            TestPaymentMethod::PendingThenAuthorized => "pending, then authorized after 30 s",
            TestPaymentMethod::PendingThenDeclined => "pending, then declined after 30 s",
        };
        write!(f, "Visa ****{} ({outcome})", self.last_digits())
    }
}

/// A simulation code and the operation it was sent on (spec §13.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Simulation {
    /// Complete Checkout Session: the session is canceled with this reason.
    CompleteCanceled(&'static str),
    /// Complete Checkout Session: the charge starts pending.
    CompletePending,
    /// Create Charge: declined with this reason code.
    ChargeDeclined(&'static str),
    /// Capture Charge: `CaptureInitiated`, then `Captured` 30 s later.
    CaptureInitiated,
    /// Capture Charge: `CaptureInitiated`, then `Declined` (`AmazonRejected`).
    CaptureRejected,
    /// Close Charge Permission: closed by Amazon (`AmazonClosed`).
    AmazonClosed,
}

/// Where a simulation code was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SimulatedCall {
    Complete,
    CreateCharge,
    Capture,
    Close,
    Other,
}

/// The simulation the request asks for: none, one valid for the call, or
/// 400 `InvalidSandboxSimulationSpecified`.
pub(crate) fn simulation(
    code: Option<&str>,
    call: SimulatedCall,
) -> Result<Option<Simulation>, Response> {
    let Some(code) = code else { return Ok(None) };
    let found = match (call, code) {
        (SimulatedCall::Complete, "BuyerCanceled") => Simulation::CompleteCanceled("BuyerCanceled"),
        (SimulatedCall::Complete, "Declined") => Simulation::CompleteCanceled("Declined"),
        (SimulatedCall::Complete, "AmazonCanceled") => {
            Simulation::CompleteCanceled("AmazonCanceled")
        }
        (SimulatedCall::Complete, "AuthorizationInitiated") => Simulation::CompletePending,
        (SimulatedCall::CreateCharge, "SoftDeclined") => Simulation::ChargeDeclined("SoftDeclined"),
        (SimulatedCall::CreateCharge, "HardDeclined") => Simulation::ChargeDeclined("HardDeclined"),
        (SimulatedCall::CreateCharge, "AmazonRejected") => {
            Simulation::ChargeDeclined("AmazonRejected")
        }
        (SimulatedCall::CreateCharge, "TransactionTimedOut") => {
            Simulation::ChargeDeclined("TransactionTimedOut")
        }
        (SimulatedCall::Capture, "CaptureInitiated") => Simulation::CaptureInitiated,
        (SimulatedCall::Capture, "AmazonRejected") => Simulation::CaptureRejected,
        (SimulatedCall::Close, "AmazonClosed") => Simulation::AmazonClosed,
        _ => {
            return Err(error(
                400,
                "InvalidSandboxSimulationSpecified",
                format!("The simulation code {code:?} is not valid for this operation"),
            ));
        }
    };
    Ok(Some(found))
}
