//! Update Checkout Session: what the merchant sets before the buyer's
//! second redirect.

use serde::{Deserialize, Serialize};

use crate::api::{CallSpec, Operation};
use crate::config::{Config, Environment};
use crate::lifecycle::SoftDescriptor;
use crate::model::{
    ChargePermissionType, CheckoutSession, CheckoutSessionId, MerchantMetadata,
    MultiAddressCheckoutMetadata, PaymentIntent, ProviderMetadata, RecurringMetadata,
};
use crate::money::Price;
use crate::operation::checkout_session::{PaymentFields, validate_shared};
use crate::operation::validate;
use crate::operation::{ApiOperation, RequestBody, body_and_key};
use crate::validation::{Rule, ValidationError};

/// `webCheckoutDetails` of Update Checkout Session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct UpdateWebDetails {
    #[serde(skip_serializing_if = "Option::is_none")]
    checkout_result_return_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    checkout_cancel_url: Option<String>,
}

/// `paymentDetails` of Update Checkout Session: no `presentmentCurrency`
/// (change `chargeAmount.currencyCode` instead), `allowOvercharge` or
/// `extendExpiration` (creation only) — they cannot be sent here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct UpdatePaymentDetails {
    #[serde(skip_serializing_if = "Option::is_none")]
    payment_intent: Option<PaymentIntent>,
    #[serde(skip_serializing_if = "Option::is_none")]
    can_handle_pending_authorization: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    charge_amount: Option<Price>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total_order_amount: Option<Price>,
    #[serde(skip_serializing_if = "Option::is_none")]
    soft_descriptor: Option<SoftDescriptor>,
}

impl UpdatePaymentDetails {
    /// `amount` processed with `intent` when the checkout completes.
    pub fn new(intent: PaymentIntent, amount: Price) -> UpdatePaymentDetails {
        UpdatePaymentDetails {
            payment_intent: Some(intent),
            charge_amount: Some(amount),
            ..Default::default()
        }
    }

    payment_setters!();
}

/// The body of Update Checkout Session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct UpdateCheckoutSessionBody {
    #[serde(skip_serializing_if = "Option::is_none")]
    web_checkout_details: Option<UpdateWebDetails>,
    #[serde(skip_serializing_if = "Option::is_none")]
    payment_details: Option<UpdatePaymentDetails>,
    #[serde(skip_serializing_if = "Option::is_none")]
    merchant_metadata: Option<MerchantMetadata>,
    #[serde(skip_serializing_if = "Option::is_none")]
    platform_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    provider_metadata: Option<ProviderMetadata>,
    #[serde(skip_serializing_if = "Option::is_none")]
    supplementary_data: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    charge_permission_type: Option<ChargePermissionType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    recurring_metadata: Option<RecurringMetadata>,
    #[serde(skip_serializing_if = "Option::is_none")]
    multi_addresses_checkout_metadata: Option<Vec<MultiAddressCheckoutMetadata>>,
}

/// Update Checkout Session: `PATCH /checkoutSessions/{checkoutSessionId}`,
/// 200, while Open. The answer carries `amazonPayRedirectUrl` once every
/// constraint is resolved.
///
/// ```json
/// {"webCheckoutDetails":{"checkoutResultReturnUrl":"https://shop.example/result"},
///  "paymentDetails":{"paymentIntent":"Authorize","chargeAmount":{"amount":"14.00","currencyCode":"USD"}}}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateCheckoutSession {
    #[serde(rename = "checkoutSessionId")]
    id: CheckoutSessionId,
    body: UpdateCheckoutSessionBody,
}

impl UpdateCheckoutSession {
    /// An update of `id`; give at least one field.
    pub fn new(id: CheckoutSessionId) -> UpdateCheckoutSession {
        UpdateCheckoutSession {
            id,
            body: UpdateCheckoutSessionBody::default(),
        }
    }

    /// Where the buyer returns after Amazon processed the payment.
    pub fn with_checkout_result_return_url(mut self, url: impl Into<String>) -> Self {
        let web = self
            .body
            .web_checkout_details
            .get_or_insert_with(Default::default);
        web.checkout_result_return_url = Some(url.into());
        self
    }

    /// Where the buyer goes after canceling on Amazon's pages.
    pub fn with_checkout_cancel_url(mut self, url: impl Into<String>) -> Self {
        let web = self
            .body
            .web_checkout_details
            .get_or_insert_with(Default::default);
        web.checkout_cancel_url = Some(url.into());
        self
    }

    shared_setters!(UpdatePaymentDetails);
    setter!(
        /// OneTime, Recurring or PaymentMethodOnFile.
        with_charge_permission_type, charge_permission_type: ChargePermissionType
    );
    setter!(
        /// Recurring: the cycle and amount.
        with_recurring_metadata, recurring_metadata: RecurringMetadata
    );
    setter!(
        /// PayAndShipMultiAddress: what is charged per address.
        with_multi_address_metadata, multi_addresses_checkout_metadata: Vec<MultiAddressCheckoutMetadata>
    );
}

impl ApiOperation for UpdateCheckoutSession {
    type Output = CheckoutSession;
    const SPEC: CallSpec = Operation::UpdateCheckoutSession.spec();

    fn path(&self) -> String {
        Self::SPEC.path_with(&[self.id.as_str()])
    }

    fn validate(&self, config: &Config) -> Result<(), ValidationError> {
        validate::path_id("checkoutSessionId", self.id.as_str())?;
        self.body.validate(config.environment())
    }

    body_and_key!(none);
}

impl RequestBody for UpdateCheckoutSessionBody {
    fn validate(&self, environment: Environment) -> Result<(), ValidationError> {
        let body = self;
        if body == &UpdateCheckoutSessionBody::default() {
            return Err(ValidationError::new(
                "body",
                Rule::Required {
                    because: "with at least one field to change",
                },
            ));
        }
        if let Some(web) = &body.web_checkout_details {
            let urls = [
                ("checkoutResultReturnUrl", &web.checkout_result_return_url),
                ("checkoutCancelUrl", &web.checkout_cancel_url),
            ];
            for (name, url) in urls {
                if let Some(url) = url {
                    let field = validate::field("webCheckoutDetails", name);
                    validate::return_url(field, url, environment)?;
                }
            }
        }
        validate_shared(
            body.payment_details.as_ref().map(|p| PaymentFields {
                intent: p.payment_intent.as_ref(),
                charge: p.charge_amount.as_ref(),
                total: p.total_order_amount.as_ref(),
                soft_descriptor: p.soft_descriptor.is_some(),
            }),
            body.merchant_metadata.as_ref(),
            body.platform_id.as_deref(),
            body.supplementary_data.as_deref(),
        )?;
        Ok(())
    }
}
