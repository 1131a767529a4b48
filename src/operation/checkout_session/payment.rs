//! `paymentDetails` of Create Checkout Session, the setters both payment
//! types share, and the checks on a payment that Create, Update and
//! Complete make alike.

use serde::{Deserialize, Serialize};

use crate::lifecycle::SoftDescriptor;
use crate::model::PaymentIntent;
use crate::money::{Currency, Price};
use crate::operation::charge::positive_amount;
use crate::validation::{Rule, ValidationError};

/// `paymentDetails` of Create Checkout Session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct CheckoutSessionPaymentDetails {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) payment_intent: Option<PaymentIntent>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) can_handle_pending_authorization: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) charge_amount: Option<Price>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) total_order_amount: Option<Price>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) presentment_currency: Option<Currency>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) soft_descriptor: Option<SoftDescriptor>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) allow_overcharge: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) extend_expiration: Option<bool>,
}

impl CheckoutSessionPaymentDetails {
    /// `amount` processed with `intent` when the checkout completes.
    pub fn new(intent: PaymentIntent, amount: Price) -> CheckoutSessionPaymentDetails {
        CheckoutSessionPaymentDetails {
            payment_intent: Some(intent),
            charge_amount: Some(amount),
            ..Default::default()
        }
    }

    payment_setters!();

    /// Multi-currency (EU/UK): the buyer's currency (creation only).
    pub fn with_presentment_currency(mut self, currency: Currency) -> Self {
        self.presentment_currency = Some(currency);
        self
    }

    /// Invite-only, creation only: allow charging more than the order.
    pub fn with_allow_overcharge(mut self, allow: bool) -> Self {
        self.allow_overcharge = Some(allow);
        self
    }

    /// Invite-only, creation only: a 13-month OneTime permission.
    pub fn with_extend_expiration(mut self, extend: bool) -> Self {
        self.extend_expiration = Some(extend);
        self
    }
}

/// The money fields of `paymentDetails`, checked the same way on create and
/// update.
pub(super) fn validate_payment(
    intent: Option<&PaymentIntent>,
    charge: Option<&Price>,
    total: Option<&Price>,
    soft_descriptor: bool,
) -> Result<(), ValidationError> {
    if let Some(amount) = charge {
        positive_amount("paymentDetails.chargeAmount", amount)?;
    }
    if let Some(total) = total {
        positive_amount("paymentDetails.totalOrderAmount", total)?;
        if let Some(charge) = charge
            && charge.currency() != total.currency()
        {
            return Err(ValidationError::new(
                "paymentDetails.totalOrderAmount.currencyCode",
                Rule::Required {
                    because: "to be the currency of chargeAmount",
                },
            ));
        }
    }
    if soft_descriptor && intent != Some(&PaymentIntent::AuthorizeWithCapture) {
        return Err(ValidationError::new(
            "paymentDetails.softDescriptor",
            Rule::NotAllowed {
                because: "unless paymentIntent is AuthorizeWithCapture",
            },
        ));
    }
    Ok(())
}
