//! Completing a Checkout Session: Complete and Finalize Checkout Session
//! (spec §5.1, §5.2), API path version v2 only.

use serde::{Deserialize, Serialize};

use crate::api::{CallSpec, Operation};
use crate::config::{Config, Environment};
use crate::model::{Address, CheckoutSession, CheckoutSessionId, PaymentIntent};
use crate::money::Price;
use crate::operation::charge::positive_amount;
use crate::operation::checkout_session::SUPPLEMENTARY_DATA_MAX;
use crate::operation::validate;
use crate::operation::{ApiOperation, RequestBody, body_and_key, optional_key};
use crate::request::IdempotencyKey;
use crate::validation::ValidationError;

/// The `ApiOperation` of Complete and of Finalize: the same row shape, the
/// same checks (the session id, then the body's).
macro_rules! completion_call {
    ($call:ident) => {
        impl ApiOperation for $call {
            type Output = CheckoutSession;
            const SPEC: CallSpec = Operation::$call.spec();

            fn path(&self) -> String {
                Self::SPEC.path_with(&[self.id.as_str()])
            }

            fn validate(&self, config: &Config) -> Result<(), ValidationError> {
                validate::path_id("checkoutSessionId", self.id.as_str())?;
                self.body.validate(config.environment())
            }

            body_and_key!(optional);
        }
    };
}

/// The body of Complete Checkout Session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompleteCheckoutSessionBody {
    charge_amount: Price,
    #[serde(skip_serializing_if = "Option::is_none")]
    total_order_amount: Option<Price>,
}

/// Complete Checkout Session: `POST /checkoutSessions/{id}/complete`, 200,
/// or 202 when the authorization is pending. API path version v2 only.
///
/// ```json
/// {"chargeAmount":{"amount":"14.00","currencyCode":"USD"}}
/// ```
///
/// Whether Amazon takes an idempotency key here is unconfirmed; one is sent
/// only when given.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompleteCheckoutSession {
    #[serde(rename = "checkoutSessionId")]
    id: CheckoutSessionId,
    body: CompleteCheckoutSessionBody,
    #[serde(rename = "idempotencyKey")]
    key: Option<IdempotencyKey>,
}

impl CompleteCheckoutSession {
    /// Completes `id`; `amount` must repeat the session's `chargeAmount`.
    pub fn new(id: CheckoutSessionId, amount: Price) -> CompleteCheckoutSession {
        CompleteCheckoutSession {
            id,
            body: CompleteCheckoutSessionBody {
                charge_amount: amount,
                total_order_amount: None,
            },
            key: None,
        }
    }

    /// The session's `totalOrderAmount`, when it was set.
    pub fn with_total_order_amount(mut self, total: Price) -> Self {
        self.body.total_order_amount = Some(total);
        self
    }
}

completion_call!(CompleteCheckoutSession);

/// The body of Finalize Checkout Session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FinalizeCheckoutSessionBody {
    charge_amount: Price,
    #[serde(skip_serializing_if = "Option::is_none")]
    total_order_amount: Option<Price>,
    #[serde(skip_serializing_if = "Option::is_none")]
    supplementary_data: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    shipping_address: Option<Address>,
    #[serde(skip_serializing_if = "Option::is_none")]
    billing_address: Option<Address>,
    #[serde(skip_serializing_if = "Option::is_none")]
    payment_intent: Option<PaymentIntent>,
    #[serde(skip_serializing_if = "Option::is_none")]
    can_handle_pending_authorization: Option<bool>,
}

/// Finalize Checkout Session: `POST /checkoutSessions/{id}/finalize`, 200
/// (202 when pending — unconfirmed). Buy Now and JS flows; API path version
/// v2 only.
///
/// ```json
/// {"chargeAmount":{"amount":"14.00","currencyCode":"USD"},"paymentIntent":"AuthorizeWithCapture"}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FinalizeCheckoutSession {
    #[serde(rename = "checkoutSessionId")]
    id: CheckoutSessionId,
    body: FinalizeCheckoutSessionBody,
    #[serde(rename = "idempotencyKey")]
    key: Option<IdempotencyKey>,
}

impl FinalizeCheckoutSession {
    /// Finalizes `id`; `amount` must repeat the session's `chargeAmount`.
    pub fn new(id: CheckoutSessionId, amount: Price) -> FinalizeCheckoutSession {
        FinalizeCheckoutSession {
            id,
            body: FinalizeCheckoutSessionBody {
                charge_amount: amount,
                total_order_amount: None,
                supplementary_data: None,
                shipping_address: None,
                billing_address: None,
                payment_intent: None,
                can_handle_pending_authorization: None,
            },
            key: None,
        }
    }

    setter!(
        /// The session's `totalOrderAmount`, when it was set.
        with_total_order_amount, total_order_amount: Price
    );
    setter!(
        /// The session's `supplementaryData`, when it was set.
        with_supplementary_data, supplementary_data: String
    );
    setter!(
        /// PayAndShip: the address Amazon shared.
        with_shipping_address, shipping_address: Address
    );
    setter!(
        /// PayOnly: the billing address.
        with_billing_address, billing_address: Address
    );
    setter!(
        /// What completion does with the money.
        with_payment_intent, payment_intent: PaymentIntent
    );
    setter!(
        /// Accept an authorization that finishes later.
        with_pending_authorization, can_handle_pending_authorization: bool
    );
}

completion_call!(FinalizeCheckoutSession);

optional_key!(CompleteCheckoutSession, FinalizeCheckoutSession);

/// What Complete and Finalize check alike: the amounts more than zero and
/// within the per-transaction maximum.
fn validate_amounts(
    charge_amount: &Price,
    total_order_amount: Option<&Price>,
) -> Result<(), ValidationError> {
    positive_amount("chargeAmount", charge_amount)?;
    if let Some(total) = total_order_amount {
        positive_amount("totalOrderAmount", total)?;
    }
    Ok(())
}

impl RequestBody for CompleteCheckoutSessionBody {
    fn validate(&self, _: Environment) -> Result<(), ValidationError> {
        validate_amounts(&self.charge_amount, self.total_order_amount.as_ref())
    }
}

impl RequestBody for FinalizeCheckoutSessionBody {
    fn validate(&self, _: Environment) -> Result<(), ValidationError> {
        validate_amounts(&self.charge_amount, self.total_order_amount.as_ref())?;
        if let Some(data) = &self.supplementary_data {
            validate::text("supplementaryData", data, SUPPLEMENTARY_DATA_MAX, true)?;
        }
        Ok(())
    }
}
